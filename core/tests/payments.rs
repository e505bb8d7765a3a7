//! Receivables ledger properties, for any stream of operations: money is conserved; no
//! bill is allocated more than it owes; a stream delivered with duplicates, retries and
//! deliveries reordered within a day gives the same ledger; a reversal followed by the
//! same payment again restores the state; a stored ledger replays to itself; and a
//! settlement file generated from the ledger reconciles with everything matched.

use chrono::{NaiveDate, NaiveDateTime};
use gridcore::payments::{self, AccountSetup, EntryKind, Ledger, Operation, ReconStatus};
use gridcore::testing;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

type Net = BTreeMap<(EntryKind, String, String, String), Decimal>;

/// Derived facts netted: allocations, late fees and write-offs by (source, bill, component).
fn net(ledger: &Ledger) -> Net {
    let mut m = Net::new();
    for e in ledger.entries().iter().filter(|e| e.operation.is_none()) {
        let k = (e.kind, e.source.as_deref().unwrap().to_string(), e.bill_id.as_deref().unwrap().to_string(), e.component.as_deref().unwrap().to_string());
        *m.entry(k).or_default() += e.amount;
    }
    m.retain(|_, v| !v.is_zero());
    m
}

fn sum(ledger: &Ledger, kind: EntryKind) -> Decimal {
    ledger.entries().iter().filter(|e| e.kind == kind).map(|e| e.amount).sum()
}

fn last_day(ops: &[Operation]) -> NaiveDate {
    ops.iter().map(|o| o.at().date()).max().unwrap_or(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
}

/// Applies the stream in order; the operations that succeeded.
fn apply_all(setup: &AccountSetup, ops: &[Operation]) -> (Ledger, Vec<Operation>) {
    let mut ledger = Ledger::new(setup.clone()).unwrap();
    let ok = ops.iter().filter(|op| ledger.apply((*op).clone()).is_ok()).cloned().collect();
    (ledger, ok)
}

/// The same ledger: the same operations in the same order, the same net allocations,
/// balances and arrears.
fn same(a: &Ledger, b: &Ledger, as_of: NaiveDate) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.operations(), b.operations());
    prop_assert_eq!(net(a), net(b));
    prop_assert_eq!((a.amount_due(), a.prepaid()), (b.amount_due(), b.prepaid()));
    prop_assert_eq!(a.arrears(as_of).unwrap(), b.arrears(as_of).unwrap());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn money_is_conserved_and_no_bill_is_overpaid(setup in testing::account_setup(), ops in testing::payment_stream()) {
        let (ledger, _) = apply_all(&setup, &ops);
        // Σ payments (less reversals) = Σ allocations + prepaid balance + refunds.
        let received = sum(&ledger, EntryKind::Payment) + sum(&ledger, EntryKind::Reversal);
        let refunds = -sum(&ledger, EntryKind::Refund);
        prop_assert_eq!(received, sum(&ledger, EntryKind::Allocation) + ledger.prepaid() + refunds);
        prop_assert!(ledger.prepaid() >= Decimal::ZERO);
        // Per bill and component: allocated + written off ≤ billed (+ adjustments, or late fees assessed).
        let mut owed: BTreeMap<(String, String), Decimal> = BTreeMap::new();
        for e in ledger.entries() {
            let (Some(bill), Some(c)) = (&e.bill_id, &e.component) else {
                if let (EntryKind::BillIssued, Some(bill)) = (e.kind, &e.bill_id) {
                    let Some(Operation::Issue { bill: b, .. }) = ledger.operation(&e.key) else { unreachable!() };
                    for comp in &b.components { *owed.entry((bill.to_string(), comp.code.clone())).or_default() += comp.amount; }
                }
                continue;
            };
            let sign = match e.kind { EntryKind::LateFee | EntryKind::Adjustment => 1, EntryKind::Allocation | EntryKind::WriteOff => -1, _ => 0 };
            *owed.entry((bill.to_string(), c.to_string())).or_default() += Decimal::from(sign) * e.amount;
        }
        for ((bill, c), left) in &owed {
            prop_assert!(*left >= Decimal::ZERO, "bill {} component {} over-allocated by {}", bill, c, -*left);
        }
        let open: Decimal = owed.values().sum();
        prop_assert_eq!(open, ledger.amount_due());
        // Every late fee assessed by a payment is the penalty rules' figure: never more than
        // 3‰ a day of the bill on the days it was open.
        prop_assert!(ledger.arrears(last_day(&ops)).is_ok());
    }

    #[test]
    fn duplicated_retried_and_reordered_deliveries_give_the_same_ledger(setup in testing::account_setup(), ops in testing::payment_stream(), seed in any::<u64>()) {
        // Write-offs and refunds are refused by state ("nothing left to write off", "more
        // than is prepaid"), so their acceptance can depend on arrival order (a reversal
        // that needs a write-off in place, which needs the reversal in place): the
        // property is stated for the other operations.
        let ops: Vec<Operation> = ops.into_iter().filter(|o| !matches!(o, Operation::WriteOff { .. } | Operation::Refund { .. })).collect();
        let (canonical, ok) = apply_all(&setup, &ops);
        // Shuffle within each day, deliver some operations twice, then retry everything
        // until nothing more is accepted (a refund may arrive before the payment it refunds).
        let mut rng = seed;
        let mut next = || { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; rng };
        let mut delivered: Vec<Operation> = Vec::new();
        for day in ok.chunk_by(|a, b| a.at().date() == b.at().date()) {
            let mut day: Vec<Operation> = day.to_vec();
            for i in (1..day.len()).rev() { let j = (next() % (i as u64 + 1)) as usize; day.swap(i, j); }
            for op in day { if next() % 3 == 0 { delivered.push(op.clone()); } delivered.push(op); }
        }
        let mut ledger = Ledger::new(setup.clone()).unwrap();
        for op in &delivered { let _ = ledger.apply(op.clone()); }
        for _ in 0..ok.len() {
            let before = ledger.entries().len();
            for op in &ok { let _ = ledger.apply(op.clone()); }
            if ledger.entries().len() == before { break; }
        }
        same(&canonical, &ledger, last_day(&ops))?;
        // A retry of any operation replays its first outcome and writes nothing.
        for op in &ok {
            let n = ledger.entries().len();
            prop_assert!(ledger.apply(op.clone()).unwrap().replayed);
            prop_assert_eq!(ledger.entries().len(), n);
        }
        // The stored ledger replays to itself.
        prop_assert_eq!(Ledger::from_json(&ledger.to_json()).unwrap(), ledger);
    }

    #[test]
    fn a_reversal_then_the_same_payment_again_restores_the_state(setup in testing::account_setup(), ops in testing::payment_stream(), cents in 1i64..100_000) {
        let (mut ledger, _) = apply_all(&setup, &ops);
        let at: NaiveDateTime = last_day(&ops).succ_opt().unwrap().and_hms_opt(10, 0, 0).unwrap();
        let pay = |key: &str| Operation::Pay { key: key.into(), channel: "bank".into(), txn_no: format!("T-{key}"), amount: Decimal::new(cents, 2), paid_at: at, bill_id: None };
        let mut once = ledger.clone();
        once.apply(pay("p")).unwrap();
        ledger.apply(pay("first")).unwrap();
        ledger.apply(Operation::Reverse { key: "undo".into(), payment_key: "first".into(), at, reason: None }).unwrap();
        ledger.apply(pay("p")).unwrap();
        let renamed: Net = net(&ledger).into_iter().filter(|(k, _)| k.1 != "first").collect();
        prop_assert_eq!(net(&once), renamed);
        prop_assert_eq!((once.amount_due(), once.prepaid()), (ledger.amount_due(), ledger.prepaid()));
        prop_assert_eq!(once.arrears(at.date()).unwrap(), ledger.arrears(at.date()).unwrap());
    }

    #[test]
    fn a_settlement_file_from_the_ledger_reconciles_matched(setup in testing::account_setup(), ops in testing::payment_stream()) {
        let (ledger, _) = apply_all(&setup, &ops);
        let booked = ledger.booked();
        let file = payments::read_settlement(&payments::SettlementLayout::generic(), &payments::settlement_csv(&booked)).unwrap();
        let cutoff = last_day(&ops).succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap();
        let report = payments::reconcile(&file, &booked, cutoff);
        prop_assert!(report.items.iter().all(|i| i.status == ReconStatus::Matched), "{}", report.render());
        prop_assert_eq!(report.items.len(), booked.len());
    }
}

fn setup(json: &str) -> AccountSetup {
    serde_json::from_str(json).unwrap()
}

fn op(json: &str) -> Operation {
    Operation::from_json(json).unwrap()
}

fn issue(id: &str, month: &str, due: &str, amount: &str) -> Operation {
    op(&format!(r#"{{"op": "issue", "key": "i-{id}", "issued_on": "{month}-28", "bill": {{"bill_id": "{id}", "bill_month": "{month}", "due_date": "{due}", "amount": "{amount}"}}}}"#))
}

fn pay(key: &str, amount: &str, at: &str) -> Operation {
    op(&format!(r#"{{"op": "pay", "key": "{key}", "channel": "bank", "txn_no": "T-{key}", "amount": "{amount}", "paid_at": "{at}"}}"#))
}

fn allocations(out: &payments::Outcome<'_>) -> Vec<(String, String, String)> {
    out.entries.iter().filter(|e| matches!(e.kind, EntryKind::Allocation | EntryKind::LateFee)).map(|e| (format!("{:?}", e.kind), e.bill_id.as_deref().unwrap().to_string(), e.amount.to_string())).collect()
}

#[test]
fn a_late_payment_earlier_in_the_day_re_allocates_the_later_one() {
    // Two bills of 100.00 (due 11-10 and 12-10). The app payment at 15:00 arrives first and
    // pays the October bill; the bank's 09:00 payment arrives after: it takes the October
    // bill and the app payment moves to November.
    let mut ledger = Ledger::new(setup(r#"{"account_id": "A", "customer_class": "residential"}"#)).unwrap();
    ledger.apply(issue("10", "2026-10", "2026-11-10", "100.00")).unwrap();
    ledger.apply(issue("11", "2026-11", "2026-12-10", "100.00")).unwrap();
    let app = ledger.apply(pay("app", "100.00", "2026-12-01T15:00:00")).unwrap();
    // 100.00 × 1‰ × 21 days (11-11 … 12-01) = 2.10 late fee first, then 97.90 of principal.
    assert_eq!(allocations(&app), [("LateFee".into(), "10".into(), "2.10".into()), ("Allocation".into(), "10".into(), "2.10".into()), ("Allocation".into(), "10".into(), "97.90".into())]);
    let bank = ledger.apply(pay("bank", "102.10", "2026-12-01T09:00:00")).unwrap();
    let moved: Vec<(String, String, String)> = bank.entries.iter().skip(1).map(|e| (e.source.as_deref().unwrap().to_string(), e.bill_id.as_deref().unwrap().to_string(), e.amount.to_string())).collect();
    assert_eq!(moved, [
        ("app".into(), "10".into(), "-2.10".into()), ("app".into(), "10".into(), "-2.10".into()), ("app".into(), "10".into(), "-97.90".into()),
        ("bank".into(), "10".into(), "2.10".into()), ("bank".into(), "10".into(), "2.10".into()), ("bank".into(), "10".into(), "100.00".into()),
        ("app".into(), "11".into(), "100.00".into()),
    ]);
    assert_eq!((ledger.amount_due().to_string(), ledger.prepaid().to_string()), ("0.00".into(), "0.00".into()));
}

