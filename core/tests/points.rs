//! Ledger properties: for any sequence of operations, retried and duplicated operations
//! change nothing, the balance is the sum of the entries and never negative, and expiry
//! is exact at day boundaries.

use chrono::{Days, NaiveDate};
use gridcore::points::{EntryKind, Ledger, Operation, Shortfall};
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
                        Operation::Award { key, date: day(d), points, expires_on: day(d + life), rule: None, reason: None }
                    }
                    1 => Operation::Redeem { key, date: day(d), points, reason: None },
                    2 if !awards.is_empty() => Operation::Reverse { key, date: day(d), award_key: awards[i % awards.len()].clone(), shortfall: Shortfall::Refuse, reason: None },
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
        let applied = |op: &Operation| { let k = serde_json::to_value(op).unwrap()["key"].as_str().unwrap().to_string(); once.entries().iter().any(|e| e.key == k) };
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
                prop_assert_eq!(o.balance, l.entries().iter().map(|e| e.points).sum::<i64>());
            }
            prop_assert!(l.balance() >= 0);
            // The index agrees with the entries: a ledger loaded from its JSON (index
            // rebuilt from scratch) has the same balance and lots.
            let back = Ledger::from_json(&l.to_json()).unwrap();
            prop_assert_eq!((back.balance(), back.lots()), (l.balance(), l.lots()));
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
    l.apply(&Operation::Award { key: "a".into(), date: day(0), points: 100, expires_on: day(10), rule: None, reason: None }).unwrap();
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
    let award = Operation::Award { key: "bill-2026-11".into(), date: day(0), points: 50, expires_on: day(365), rule: None, reason: None };
    assert!(!l.apply(&award).unwrap().replayed);
    assert!(l.apply(&award).unwrap().replayed);
    let other = Operation::Award { key: "bill-2026-11".into(), date: day(0), points: 60, expires_on: day(365), rule: None, reason: None };
    assert_eq!(l.apply(&other).unwrap_err().code.as_str(), "idempotency_conflict");
    assert_eq!(l.balance(), 50);
}

#[test]
fn a_refund_takes_its_points_back() {
    let mut l = Ledger::new("C1");
    l.apply(&Operation::Award { key: "paid".into(), date: day(0), points: 30, expires_on: day(365), rule: None, reason: None }).unwrap();
    l.apply(&Operation::Award { key: "ebill".into(), date: day(1), points: 50, expires_on: day(100), rule: None, reason: None }).unwrap();
    l.apply(&Operation::Redeem { key: "gift".into(), date: day(2), points: 60, reason: None }).unwrap(); // 50 from ebill (expires first), 10 from paid
    let r = l.apply(&Operation::Reverse { key: "refund".into(), date: day(3), award_key: "paid".into(), shortfall: Shortfall::Refuse, reason: None });
    assert_eq!(r.unwrap_err().code.as_str(), "insufficient_points"); // only 20 left
    let r = l.apply(&Operation::Reverse { key: "refund".into(), date: day(3), award_key: "paid".into(), shortfall: Shortfall::AllowNegative, reason: None }).unwrap();
    assert_eq!((r.balance, r.entries.iter().map(|e| e.points).sum::<i64>()), (-10, -30));
}

#[test]
fn a_shortfall_is_refused_forgiven_or_allowed_negative() {
    let mut l = Ledger::new("C1");
    l.apply(&Operation::Award { key: "paid".into(), date: day(0), points: 30, expires_on: day(365), rule: None, reason: None }).unwrap();
    l.apply(&Operation::Redeem { key: "gift".into(), date: day(2), points: 25, reason: None }).unwrap();
    let rev = |s| Operation::Reverse { key: "refund".into(), date: day(3), award_key: "paid".into(), shortfall: s, reason: None };
    let mut forgiving = l.clone();
    let f = forgiving.apply(&rev(Shortfall::Forgive)).unwrap();
    // 5 taken back from the lot, 25 forgiven in a 0-point entry that says so.
    assert_eq!(f.entries.iter().map(|e| (e.points, e.lot)).collect::<Vec<_>>(), vec![(-5, 1), (0, 0)]);
    assert_eq!((f.balance, f.entries[1].reason.as_deref()), (0, Some("25 points already spent, forgiven")));
    let before = l.clone();
    assert_eq!(l.apply(&rev(Shortfall::Refuse)).unwrap_err().code.as_str(), "insufficient_points");
    assert_eq!(l, before, "a refused reversal writes nothing");
}

#[test]
fn a_stored_ledger_loads_back_and_a_tampered_one_is_refused() {
    let mut l = Ledger::new("C1");
    l.apply(&Operation::Award { key: "a".into(), date: day(0), points: 30, expires_on: day(365), rule: None, reason: None }).unwrap();
    l.apply(&Operation::Redeem { key: "r".into(), date: day(1), points: 10, reason: None }).unwrap();
    let back = Ledger::from_json(&l.to_json()).unwrap();
    assert_eq!((back.balance(), &back), (20, &l));
    // The loaded ledger knows its keys: a retry is still a replay.
    let mut back = back;
    assert!(back.apply(&Operation::Redeem { key: "r".into(), date: day(1), points: 10, reason: None }).unwrap().replayed);
    let tampered = l.to_json().replace("\"points\":-10", "\"points\":-40");
    let e = Ledger::from_json(&tampered).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("out_of_range", "ledger.entries[1].points"));
}

#[test]
fn points_owed_are_paid_back_before_any_are_usable() {
    let mut l = Ledger::new("C1");
    l.apply(&Operation::Award { key: "paid".into(), date: day(0), points: 30, expires_on: day(365), rule: None, reason: None }).unwrap();
    l.apply(&Operation::Redeem { key: "gift".into(), date: day(1), points: 30, reason: None }).unwrap();
    l.apply(&Operation::Reverse { key: "refund".into(), date: day(2), award_key: "paid".into(), shortfall: Shortfall::AllowNegative, reason: None }).unwrap();
    assert_eq!(l.balance(), -30);
    l.apply(&Operation::Award { key: "next".into(), date: day(3), points: 50, expires_on: day(365), rule: None, reason: None }).unwrap();
    // 50 awarded, 30 owed: 20 usable, and the balance says the same.
    assert_eq!((l.balance(), l.usable(day(4))), (20, 20));
    assert_eq!(l.apply(&Operation::Redeem { key: "r".into(), date: day(4), points: 21, reason: None }).unwrap_err().code.as_str(), "insufficient_points");
    assert_eq!(l.apply(&Operation::Redeem { key: "r".into(), date: day(4), points: 20, reason: None }).unwrap().balance, 0);
}

#[test]
fn expired_points_are_not_taken_back_twice_whenever_expiry_runs() {
    let setup = || {
        let mut l = Ledger::new("C1");
        l.apply(&Operation::Award { key: "old".into(), date: day(0), points: 40, expires_on: day(10), rule: None, reason: None }).unwrap();
        l.apply(&Operation::Award { key: "new".into(), date: day(5), points: 100, expires_on: day(365), rule: None, reason: None }).unwrap();
        l
    };
    let reverse = Operation::Reverse { key: "refund".into(), date: day(20), award_key: "old".into(), shortfall: Shortfall::Refuse, reason: None };
    // Expiry not run yet: the 40 are gone all the same, so nothing is taken from `new`.
    let mut before = setup();
    assert_eq!(before.apply(&reverse).unwrap().entries.iter().map(|e| e.points).sum::<i64>(), 0);
    // Expiry ran first: the same.
    let mut after = setup();
    after.apply(&Operation::Expire { key: "x".into(), as_of: day(15) }).unwrap();
    assert_eq!(after.apply(&reverse).unwrap().entries.iter().map(|e| e.points).sum::<i64>(), 0);
    assert_eq!((before.usable(day(20)), after.usable(day(20))), (100, 100));
}

mod rules {
    use super::day;
    use gridcore::points::{process, Event, Ledger, PointsEvent, PointsRules};
    use proptest::prelude::*;

    fn book() -> PointsRules {
        PointsRules::from_json(r#"{"rules": [
          {"code": "on_time", "name": {"zh": "按时缴费", "en": "Paid on time"}, "event": "bill_paid",
           "when": [{"field": "days_late", "op": "eq", "value": "0"}],
           "points": {"of": "amount", "per": "10", "points": 1}, "expires_after_days": 365,
           "caps": {"per_month": 50},
           "campaigns": [{"code": "double_dec", "from": "2026-12-01", "to": "2026-12-31", "multiplier": "2"}]},
          {"code": "app_bonus", "name": {"zh": "掌上电力缴费", "en": "Paid in the app"}, "event": "bill_paid", "priority": 10, "exclusive": true,
           "when": [{"field": "channel", "op": "eq", "value": "app"}, {"field": "days_late", "op": "eq", "value": "0"}],
           "points": {"fixed": 5}, "expires_after_days": 365},
          {"code": "e_bill", "name": {"zh": "开通电子账单", "en": "E-bill"}, "event": "e_bill_opted_in", "points": {"fixed": 50}, "expires_after_days": 730}
        ]}"#).unwrap()
    }

    fn paid(key: &str, d: u64, amount: &str, late: u64, channel: &str) -> PointsEvent {
        PointsEvent { key: key.into(), date: day(d), customer_tags: vec![], event: Event::BillPaid { amount: amount.parse().unwrap(), due_date: day(d - late), paid_date: day(d), channel: channel.into() } }
    }

    #[test]
    fn rules_award_cap_multiply_and_refund() {
        let (rules, mut l) = (book(), Ledger::new("C1"));
        // 168.40 元 on time at the counter: 16 points (down).
        assert_eq!(process(&rules, &mut l, &paid("pay-1", 320, "168.40", 0, "counter")).unwrap().balance, 16);
        // Late: nothing, but the event is recorded.
        let late = process(&rules, &mut l, &paid("pay-2", 321, "500", 3, "counter")).unwrap();
        assert_eq!((late.balance, late.entries.len()), (16, 1));
        // In the app: the exclusive bonus pays 5 and stops the proportional rule.
        assert_eq!(process(&rules, &mut l, &paid("pay-3", 322, "300", 0, "app")).unwrap().balance, 21);
        // The monthly cap of 50 (16 already this month): 400 元 → 40, capped at 34.
        assert_eq!(process(&rules, &mut l, &paid("pay-4", 323, "400", 0, "counter")).unwrap().balance, 55);
        // December campaign doubles: 100 元 → 10 → 20.
        assert_eq!(process(&rules, &mut l, &paid("pay-5", 340, "100", 0, "counter")).unwrap().balance, 75);
        // A retry changes nothing; the same key for another event is refused.
        assert!(process(&rules, &mut l, &paid("pay-5", 340, "100", 0, "counter")).unwrap().replayed);
        assert_eq!(process(&rules, &mut l, &paid("pay-5", 340, "999", 0, "counter")).unwrap_err().code.as_str(), "idempotency_conflict");
        // Refunding pay-1 takes its 16 points back.
        let refund = PointsEvent { key: "refund-1".into(), date: day(341), customer_tags: vec![], event: Event::BillRefunded { payment_key: "pay-1".into() } };
        assert_eq!(process(&rules, &mut l, &refund).unwrap().balance, 59);
        assert_eq!(l.balance(), l.entries().iter().map(|e| e.points).sum::<i64>());
    }

    #[test]
    fn a_refund_after_spending_forgives_by_default_and_refuse_writes_nothing() {
        let (mut rules, mut l) = (book(), Ledger::new("C1"));
        process(&rules, &mut l, &paid("pay-1", 320, "168.40", 0, "counter")).unwrap();
        l.apply(&gridcore::points::Operation::Redeem { key: "gift".into(), date: day(321), points: 10, reason: None }).unwrap();
        let refund = PointsEvent { key: "refund-1".into(), date: day(322), customer_tags: vec![], event: Event::BillRefunded { payment_key: "pay-1".into() } };
        rules.refund_shortfall = gridcore::points::Shortfall::Refuse;
        let before = l.clone();
        assert_eq!(process(&rules, &mut l, &refund).unwrap_err().code.as_str(), "insufficient_points");
        assert_eq!(l, before, "the failed refund left no event marker behind");
        rules.refund_shortfall = gridcore::points::Shortfall::Forgive;
        let o = process(&rules, &mut l, &refund).unwrap();
        assert_eq!((o.balance, o.entries.len()), (0, 3)); // marker, 6 back from the lot, 10 forgiven
    }

    #[test]
    fn invalid_rules_name_the_field() {
        let cases = [
            (r#"{"code": "x", "name": {"zh": "x", "en": "x"}, "event": "bill_paid", "when": [{"field": "amont", "op": "gt", "value": "1"}], "points": {"fixed": 1}, "expires_after_days": 1}"#, "points.rules[0].when[0].field"),
            (r#"{"code": "x", "name": {"zh": "x", "en": "x"}, "event": "bill_paid", "when": [{"field": "channel", "op": "gt", "value": "app"}], "points": {"fixed": 1}, "expires_after_days": 1}"#, "points.rules[0].when[0].value"),
            (r#"{"code": "x", "name": {"zh": "x", "en": "x"}, "event": "e_bill_opted_in", "points": {"of": "amount", "per": "10", "points": 1}, "expires_after_days": 1}"#, "points.rules[0].points.of"),
            (r#"{"code": "x", "name": {"zh": "x", "en": "x"}, "event": "bill_paid", "points": {"fixed": 1}, "expires_after_days": 1, "caps": {"per_day": 0}}"#, "points.rules[0].caps.per_day"),
        ];
        for (rule, path) in cases {
            let e = PointsRules::from_json(&format!(r#"{{"rules": [{rule}]}}"#)).unwrap_err();
            assert_eq!(e.path, path, "{}", e.reason);
        }
    }

    #[test]
    fn retries_compare_amounts_as_numbers_and_tags_as_a_set_and_replay_the_first_balance() {
        let (rules, mut l) = (book(), Ledger::new("C1"));
        let mut first = paid("pay-1", 320, "168.40", 0, "counter");
        first.customer_tags = vec!["b".into(), "a".into()];
        process(&rules, &mut l, &first).unwrap();
        process(&rules, &mut l, &paid("pay-2", 321, "100", 0, "counter")).unwrap();
        let mut retry = paid("pay-1", 320, "168.4", 0, "counter");
        retry.customer_tags = vec!["a".into(), "b".into(), "a".into()];
        let again = process(&rules, &mut l, &retry).unwrap();
        assert_eq!((again.replayed, again.balance), (true, 16), "the balance the first time left");
    }

    #[test]
    fn a_refund_names_a_payment_of_this_ledger_and_gives_cap_room_back() {
        let (rules, mut l) = (book(), Ledger::new("C1"));
        let refund = |key: &str, of: &str, d| PointsEvent { key: key.into(), date: day(d), customer_tags: vec![], event: Event::BillRefunded { payment_key: of.into() } };
        let e = process(&rules, &mut l, &refund("refund-0", "pay-9", 300)).unwrap_err();
        assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid_field", "event.event.payment_key"));
        // 500 元 → 50 points, the monthly cap; refunded, the month has room again.
        assert_eq!(process(&rules, &mut l, &paid("pay-1", 320, "500", 0, "counter")).unwrap().balance, 50);
        assert_eq!(process(&rules, &mut l, &refund("refund-1", "pay-1", 321)).unwrap().balance, 0);
        assert_eq!(process(&rules, &mut l, &paid("pay-2", 322, "500", 0, "counter")).unwrap().balance, 50);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// A stream of events with duplicates and retries gives exactly the ledger of the
        /// stream without them.
        #[test]
        fn duplicated_events_award_once(events in proptest::collection::vec((1u64..400, 0u32..200_000, 0u64..3, any::<bool>()), 1..30), dup in proptest::collection::vec(any::<prop::sample::Index>(), 0..30)) {
            let rules = book();
            let mut sorted = events.clone();
            sorted.sort_by_key(|e| e.0);
            let stream: Vec<PointsEvent> = sorted.iter().enumerate().map(|(i, (d, cents, late, app))| {
                let late = (*late).min(*d);
                paid(&format!("pay-{i}"), *d, &format!("{}.{:02}", cents / 100, cents % 100), late, if *app { "app" } else { "counter" })
            }).collect();
            let mut once = Ledger::new("C1");
            for e in &stream {
                let balance = process(&rules, &mut once, e).unwrap().balance;
                prop_assert_eq!(balance, once.entries().iter().map(|e| e.points).sum::<i64>());
                prop_assert!(balance >= 0);
            }
            let mut noisy = Ledger::new("C1");
            for (i, e) in stream.iter().enumerate() {
                process(&rules, &mut noisy, e).unwrap();
                for d in &dup {
                    // Retry an earlier event now and then.
                    let j = d.index(i + 1);
                    process(&rules, &mut noisy, &stream[j]).unwrap();
                }
            }
            prop_assert_eq!(noisy, once);
        }
    }
}
