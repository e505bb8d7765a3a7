//! A deterministic simulation of points ledgers that are persisted after every outcome and
//! reloaded after crashes (in the spirit of TigerBeetle's simulator): a seeded stream of
//! events and operations for a handful of customers, delivered with duplicates, retries
//! and crashes at any step (the ledger's process dies before or after it stored an outcome), must
//! end in exactly the ledgers of an uninterrupted run that sees each message once.
//!
//! `GRIDCORE_SIM_STEPS` sets the steps (100,000 by default: `make test`; `make fuzz`
//! runs longer) and `GRIDCORE_SIM_SEED` the seed.

use gridcore::points::{process, Entry, Ledger, Operation, PointsEvent, PointsRules};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::collections::BTreeMap;

const CUSTOMERS: usize = 64;

#[derive(Clone)]
enum Message {
    Event(PointsEvent),
    Op(Operation),
}

/// The store: each customer's entries as a database would hold them (one row per entry,
/// appended only).
#[derive(Default)]
struct Store {
    rows: BTreeMap<String, Vec<Entry>>,
}

fn message(rng: &mut Xoshiro256PlusPlus, n: u64, day: u32) -> (String, Message) {
    let customer = format!("c{}", rng.next_u32() as usize % CUSTOMERS);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
    let key = format!("m{n}");
    let json = match rng.next_u32() % 10 {
        0..=4 => {
            let amount = rng.next_u32() % 50_000;
            let late = rng.next_u32() % 3;
            let channel = ["app", "counter", "bank"][rng.next_u32() as usize % 3];
            format!(
                r#"{{"key": "{key}", "date": "{date}", "event": {{"type": "bill_paid", "amount": "{}.{:02}", "due_date": "{date}", "paid_date": "{}", "channel": "{channel}"}}}}"#,
                amount / 100,
                amount % 100,
                date + chrono::Days::new(u64::from(late))
            )
        }
        5 => format!(r#"{{"key": "{key}", "date": "{date}", "event": {{"type": "e_bill_opted_in"}}}}"#),
        6 => format!(r#"{{"op": "redeem", "key": "{key}", "date": "{date}", "points": {}}}"#, 1 + rng.next_u32() % 80),
        7 => format!(r#"{{"op": "expire", "key": "{key}", "as_of": "{date}"}}"#),
        8 => format!(r#"{{"key": "{key}", "date": "{date}", "event": {{"type": "bill_refunded", "payment_key": "m{}"}}}}"#, n.saturating_sub(1 + u64::from(rng.next_u32() % 20))),
        _ => format!(r#"{{"op": "award", "key": "{key}", "date": "{date}", "points": {}, "expires_on": "{}"}}"#, 1 + rng.next_u32() % 200, date + chrono::Days::new(90)),
    };
    let m = if json.contains(r#""op""#) { Message::Op(Operation::from_json(&json).unwrap()) } else { Message::Event(PointsEvent::from_json(&json).unwrap()) };
    (customer, m)
}

/// Delivers one message to a customer's ledger; on success the outcome's new entries are
/// what the store appends.
fn deliver(rules: &PointsRules, ledger: &mut Ledger, m: &Message) -> Option<Vec<Entry>> {
    let outcome = match m {
        Message::Event(e) => process(rules, ledger, e).map(|o| o.to_record()),
        Message::Op(op) => ledger.apply(op).map(|o| o.to_record()),
    };
    match outcome {
        Ok(o) if !o.replayed => Some(o.entries),
        _ => None,
    }
}

#[test]
fn crashes_retries_and_duplicates_change_nothing() {
    let steps: u64 = std::env::var("GRIDCORE_SIM_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed: u64 = std::env::var("GRIDCORE_SIM_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261202);
    let rules = PointsRules::from_json(include_str!("../../examples/data/points/rules.json")).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);

    // The messages, each once, in order: the reference run.
    let mut stream = Vec::new();
    let mut day = 0u32;
    for n in 0..steps {
        if rng.next_u32() % 50 == 0 && day < 3000 {
            day += 1;
        }
        stream.push(message(&mut rng, n, day));
    }
    let mut reference: BTreeMap<String, Ledger> = BTreeMap::new();
    for (c, m) in &stream {
        let ledger = reference.entry(c.clone()).or_insert_with(|| Ledger::new(c.clone()));
        deliver(&rules, ledger, m);
    }

    // The same messages delivered at least once, with crashes: in memory, the ledgers are
    // lost at a crash and reloaded from the store.
    let mut store = Store::default();
    let mut live: BTreeMap<String, Ledger> = BTreeMap::new();
    let (mut crashes, mut redelivered, mut i, mut delivered) = (0u64, 0u64, 0usize, 0u64);
    while i < stream.len() {
        let (c, m) = &stream[i];
        let ledger = live.entry(c.clone()).or_insert_with(|| Ledger::from_entries(c.clone(), store.rows.get(c).cloned().unwrap_or_default()).expect("a stored ledger reloads"));
        let written = deliver(&rules, ledger, m);
        delivered += 1;
        // A crash of the customer's ledger every hundred steps (it reloads from the
        // store), a duplicate every twenty.
        match rng.next_u32() % 200 {
            // The process dies after the ledger changed but before the store was written:
            // the message is delivered again after the reload.
            0 => {
                live.remove(c);
                crashes += 1;
                redelivered += 1;
                continue;
            }
            // Stored, then dies: the message is delivered again anyway (at least once).
            1 => {
                store.rows.entry(c.clone()).or_default().extend(written.unwrap_or_default());
                live.remove(c);
                crashes += 1;
                redelivered += 1;
                continue;
            }
            // A duplicate from the queue, right away.
            2..=11 => {
                store.rows.entry(c.clone()).or_default().extend(written.unwrap_or_default());
                let again = deliver(&rules, live.get_mut(c).unwrap(), m);
                assert!(again.is_none(), "a duplicate writes nothing");
                redelivered += 1;
            }
            _ => store.rows.entry(c.clone()).or_default().extend(written.unwrap_or_default()),
        }
        i += 1;
    }
    for (c, want) in &reference {
        let got = Ledger::from_entries(c.clone(), store.rows.get(c).cloned().unwrap_or_default()).unwrap();
        assert_eq!(got.entries(), want.entries(), "customer {c}: the stored ledger is the uninterrupted one");
        assert_eq!(got.balance(), want.entries().iter().map(|e| e.points).sum::<i64>());
    }
    assert!(delivered >= steps, "{delivered} deliveries");
    eprintln!("{delivered} deliveries ({} messages, {redelivered} again, {crashes} crashes) over {CUSTOMERS} ledgers", stream.len());
}
