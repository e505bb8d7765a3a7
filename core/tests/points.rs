//! Ledger properties: for any sequence of operations, retried and duplicated operations
//! change nothing, the balance is the sum of the entries and never negative, and expiry
//! is exact at day boundaries.

use chrono::{Days, NaiveDate};
use gridcore::points::{EntryKind, Ledger, Operation};
use proptest::prelude::*;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(n)
}

/// Operations over 300 days with increasing dates and distinct keys.
fn operations() -> impl Strategy<Value = Vec<Operation>> {
    proptest::collection::vec((0u8..4, 1i64..500, 1u64..200, 0u64..3), 1..40).prop_map(|raw| {
        let mut d = 0u64;
        let mut awards = Vec::new();
        raw.into_iter()
            .enumerate()
            .map(|(i, (kind, points, life, step))| {
                d += step;
                let key = format!("op-{i}");
                match kind {
                    0 => {
                        awards.push(key.clone());
                        Operation::Award { key, date: day(d), points, expires_on: day(d + life), reason: None }
                    }
                    1 => Operation::Redeem { key, date: day(d), points, reason: None },
                    2 if !awards.is_empty() => Operation::Reverse { key, date: day(d), award_key: awards[i % awards.len()].clone(), allow_negative: false, reason: None },
                    _ => Operation::Expire { key, as_of: day(d) },
                }
            })
            .collect()
    })
}

fn run(ops: &[Operation]) -> Ledger {
    let mut l = Ledger::new("C1");
    for op in ops {
        let _ = l.apply(op);
    }
    l
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Replaying a sequence with every operation retried at once, and every operation
    /// that was applied sent again at the end, gives exactly the ledger of the sequence
    /// without retries. (An operation that failed wrote nothing and recorded no key, so a
    /// later retry of it is a new attempt, as a caller expects.)
    #[test]
    fn retries_change_nothing(ops in operations()) {
        let once = run(&ops);
        let mut with_retries = Vec::new();
        for op in &ops {
            with_retries.push(op.clone());
            with_retries.push(op.clone());
        }
        let applied = |op: &Operation| { let k = serde_json::to_value(op).unwrap()["key"].as_str().unwrap().to_string(); once.entries.iter().any(|e| e.key == k) };
        with_retries.extend(ops.iter().filter(|op| applied(op)).cloned());
        prop_assert_eq!(run(&with_retries), once);
    }

    /// The balance is the sum of the entries, never negative, and each lot's remaining
    /// points stay between 0 and what was awarded.
    #[test]
    fn balance_is_the_sum_and_never_negative(ops in operations()) {
        let mut l = Ledger::new("C1");
        for op in &ops {
            if let Ok(o) = l.apply(op) {
                prop_assert_eq!(o.balance, l.entries.iter().map(|e| e.points).sum::<i64>());
            }
            prop_assert!(l.balance() >= 0);
            for lot in l.lots() {
                prop_assert!(lot.remaining >= 0 && lot.remaining <= lot.awarded);
            }
        }
    }

    /// A redemption takes the earliest-expiring usable lots first: no lot it skipped
    /// expires before one it used.
    #[test]
    fn redemption_is_earliest_expiring_first(ops in operations()) {
        let mut l = Ledger::new("C1");
        for op in &ops {
            let before = l.lots();
            if let (Ok(o), Operation::Redeem { date, .. }) = (l.apply(op), op) {
                if o.replayed { continue; }
                let used: Vec<u64> = o.entries.iter().map(|e| e.lot).collect();
                let latest_used = before.iter().filter(|x| used.contains(&x.lot)).map(|x| (x.expires_on, x.lot)).max().unwrap();
                for skipped in before.iter().filter(|x| !used.contains(&x.lot) && x.remaining > 0 && x.expires_on > *date) {
                    prop_assert!((skipped.expires_on, skipped.lot) > latest_used);
                }
            }
        }
    }
}

#[test]
fn expiry_is_exact_at_the_day_boundary() {
    let mut l = Ledger::new("C1");
    l.apply(&Operation::Award { key: "a".into(), date: day(0), points: 100, expires_on: day(10), reason: None }).unwrap();
    // The day before expires_on the points are usable; on expires_on they are not.
    assert!(l.clone().apply(&Operation::Redeem { key: "r".into(), date: day(9), points: 100, reason: None }).is_ok());
    assert_eq!(l.clone().apply(&Operation::Redeem { key: "r".into(), date: day(10), points: 1, reason: None }).unwrap_err().code.as_str(), "insufficient_points");
    assert_eq!(l.clone().apply(&Operation::Expire { key: "e".into(), as_of: day(9) }).unwrap().entries[0].points, 0);
    let e = l.apply(&Operation::Expire { key: "e".into(), as_of: day(10) }).unwrap();
    assert_eq!((e.entries[0].kind, e.entries[0].points, e.balance), (EntryKind::Expire, -100, 0));
}

#[test]
fn a_key_reused_for_another_operation_is_refused() {
    let mut l = Ledger::new("C1");
    let award = Operation::Award { key: "bill-2026-11".into(), date: day(0), points: 50, expires_on: day(365), reason: None };
    assert!(!l.apply(&award).unwrap().replayed);
    assert!(l.apply(&award).unwrap().replayed);
    let other = Operation::Award { key: "bill-2026-11".into(), date: day(0), points: 60, expires_on: day(365), reason: None };
    assert_eq!(l.apply(&other).unwrap_err().code.as_str(), "idempotency_conflict");
    assert_eq!(l.balance(), 50);
}

#[test]
fn a_refund_takes_its_points_back() {
    let mut l = Ledger::new("C1");
    l.apply(&Operation::Award { key: "paid".into(), date: day(0), points: 30, expires_on: day(365), reason: None }).unwrap();
    l.apply(&Operation::Award { key: "ebill".into(), date: day(1), points: 50, expires_on: day(100), reason: None }).unwrap();
    l.apply(&Operation::Redeem { key: "gift".into(), date: day(2), points: 60, reason: None }).unwrap(); // 50 from ebill (expires first), 10 from paid
    let r = l.apply(&Operation::Reverse { key: "refund".into(), date: day(3), award_key: "paid".into(), allow_negative: false, reason: None });
    assert_eq!(r.unwrap_err().code.as_str(), "insufficient_points"); // only 20 left
    let r = l.apply(&Operation::Reverse { key: "refund".into(), date: day(3), award_key: "paid".into(), allow_negative: true, reason: None }).unwrap();
    assert_eq!((r.balance, r.entries.iter().map(|e| e.points).sum::<i64>()), (-10, -30));
}
