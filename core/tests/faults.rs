//! A panic inside the engine (a bug, injected here through the `fuzzing` feature's hook)
//! fails one item of a batch and leaves everything else intact: the process, the other
//! bills, and the ledger, which holds nothing of the event that panicked.

use gridcore::fuzzing::PANIC_ID;
use gridcore::points::{process, Ledger, PointsEvent, PointsRules};
use gridcore::{bill_many, BillRequest, ErrorCode};

fn request(account: &str) -> BillRequest {
    BillRequest::from_json(&format!(
        r#"{{"tariff": {{"id": "t", "name": {{"zh": "试", "en": "t"}}, "energy": {{"flat": {{"price": "0.5"}}}}}},
            "account": {{"account_id": "{account}"}}, "period": {{"start": "2026-11-01", "end": "2026-12-01"}},
            "usage": {{"readings": [{{"register": "total", "start": "0", "end": "100"}}]}}, "as_of": "2026-12-01"}}"#
    ))
    .unwrap()
}

#[test]
fn a_panic_fails_its_own_item_only() {
    let out = bill_many(&[request("a"), request(PANIC_ID), request("b")]);
    assert_eq!(out[0].as_ref().unwrap().total.to_string(), "50.00");
    assert_eq!(out[1].as_ref().unwrap_err().code, ErrorCode::Internal);
    assert_eq!(out[2].as_ref().unwrap().account_id, "b");
}

#[test]
fn a_panic_leaves_the_ledger_as_it_was() {
    let rules = PointsRules::from_json(include_str!("../../examples/data/points/rules.json")).unwrap();
    let event = |key: &str| {
        PointsEvent::from_json(&format!(
            r#"{{"key": "{key}", "date": "2026-12-10", "event": {{"type": "bill_paid", "amount": "168.40", "due_date": "2026-12-15", "paid_date": "2026-12-10", "channel": "app"}}}}"#
        ))
        .unwrap()
    };
    let mut ledger = Ledger::new("c");
    process(&rules, &mut ledger, &event("pay-1")).unwrap();
    let before = ledger.entries().to_vec();
    let caught = gridcore::Error::catch_panic(|| process(&rules, &mut ledger, &event(PANIC_ID)).map(|_| ()));
    assert_eq!(caught.unwrap_err().code, ErrorCode::Internal);
    assert_eq!(ledger.entries(), before.as_slice(), "nothing of the panicking event stays");
    assert!(process(&rules, &mut ledger, &event("pay-2")).is_ok(), "the ledger goes on");
}
