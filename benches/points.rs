//! Points benchmarks (criterion). Run with `make bench`; figures go in docs/performance.md.
//!
//! * 1,000,000 events through the sample rules into ledgers: 100,000 customers with ten
//!   events each (an e-bill opt-in, eight bill payments a month apart, one late in seven,
//!   a third in the app, a survey), customer by customer as a run loads, updates and
//!   stores each ledger
//! * 1,000,000 events into one ledger (the index keeps the millionth event as cheap as the
//!   first)

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gridcore::points::{process, Event, Ledger, PointsEvent, PointsRules};
use std::collections::BTreeMap;

fn rules() -> PointsRules {
    PointsRules::from_json(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/points/rules.json")).unwrap()).unwrap()
}

/// The i-th event of a customer: nine payments a month apart, then a survey; the first
/// payment comes with an e-bill opt-in instead of a survey.
fn event(customer: u32, i: u32, day0: NaiveDate) -> PointsEvent {
    let date = day0 + Days::new(u64::from(i) * 30 + u64::from(customer % 28));
    let key = format!("{customer}-{i}");
    let tags = if customer % 10 == 0 { vec!["high_value".to_string()] } else { vec![] };
    let event = match i {
        0 => Event::EBillOptedIn {},
        9 => Event::Generic { name: "survey_completed".into(), attributes: BTreeMap::new() },
        _ => {
            let late = u64::from((customer + i) % 7 == 0) * 3;
            let amount = rust_decimal::Decimal::new(i64::from(5_000 + (customer * 7919 + i * 104_729) % 90_000), 2);
            Event::BillPaid { amount, due_date: date - Days::new(late), paid_date: date, channel: if (customer + i) % 3 == 0 { "app" } else { "counter" }.into() }
        }
    };
    PointsEvent { key, date, customer_tags: tags, event }
}

fn benches(c: &mut Criterion) {
    let rules = rules();
    let day0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let customers = 100_000u32;
    // Customer by customer, as a run does it: load a ledger, process its events, store it.
    let events: Vec<PointsEvent> = (0..customers).flat_map(|c| (0..10).map(move |i| event(c, i, day0))).collect();
    let mut g = c.benchmark_group("points");
    g.sample_size(10).throughput(Throughput::Elements(events.len() as u64));
    g.bench_function("1m_events_100k_customers", |b| {
        b.iter_with_large_drop(|| {
            let mut ledgers: Vec<Ledger> = (0..customers).map(|c| Ledger::new(c.to_string())).collect();
            for e in &events {
                let c: usize = e.key.split('-').next().unwrap().parse().unwrap();
                process(&rules, &mut ledgers[c], e).unwrap();
            }
            ledgers
        })
    });
    let one: Vec<PointsEvent> = (0..1_000_000u32)
        .map(|n| {
            let mut e = event(n % 1000, 1 + n % 8, day0);
            e.key = format!("e{n}");
            e.date = day0 + Days::new(u64::from(n / 1000));
            if let Event::BillPaid { due_date, paid_date, .. } = &mut e.event {
                (*due_date, *paid_date) = (e.date, e.date);
            }
            e
        })
        .collect();
    g.bench_function("1m_events_one_ledger", |b| {
        b.iter_with_large_drop(|| {
            let mut ledger = Ledger::new("C1");
            for e in &one {
                process(&rules, &mut ledger, e).unwrap();
            }
            ledger
        })
    });
    g.finish();
}

criterion_group!(points, benches);
criterion_main!(points);
