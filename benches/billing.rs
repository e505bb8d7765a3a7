//! Billing benchmarks (criterion). Run with `make bench`; figures go in
//! docs/performance.md.
//!
//! * residential 3-tier monthly bill (浙江 annual tiers, crossing a tier)
//! * residential time-of-use + tier bill (浙江 TOU, crossing a tier)
//! * commercial time-of-use bill from one month (31 days) of 15-minute data: 2,976 values
//! * industrial two-part + power factor + time-of-use bill from a month of 15-minute kWh
//!   and kvarh
//! * a run of 100,000 residential monthly bills through `bill_many`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use gridcore::billing::{BasicChargeContract, BasicMethod};
use gridcore::billing::Standard;
use gridcore::billing::{IntervalData, IntervalPoint, Reading, Register, UsageInput};
use gridcore::{bill, bill_many, Account, BillRequest, Decimal, Period, Tariff};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

fn tariff(name: &str) -> Arc<Tariff> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/data/tariffs/{name}.json"));
    Arc::new(Tariff::from_json(&std::fs::read_to_string(path).unwrap()).unwrap())
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn readings(regs: &[(Register, i64, i64)]) -> UsageInput {
    UsageInput {
        readings: Some(regs.iter().map(|&(register, start, end)| Reading { register, start: start.into(), end: end.into(), rollover: false, estimated: false }).collect()),
        ..UsageInput::default()
    }
}

fn request(tariff: &Arc<Tariff>, usage: UsageInput, start: &str, end: &str, ytd: i64) -> BillRequest {
    BillRequest {
        tariff: tariff.clone(),
        account: Account { account_id: "3300012345".into(), ..Account::default() },
        period: Period { start: date(start), end: date(end) },
        usage,
        year_to_date_kwh: ytd.into(),
        holidays: vec![],
        as_of: date(end),
        tariff_versions: vec![],
        billing_month: None,
        new_year_readings: Vec::new(),
    }
}

fn month_of_15_minute_data(reactive: bool) -> UsageInput {
    let origin = date("2026-12-01").and_hms_opt(0, 0, 0).unwrap();
    let points = (0..31 * 96)
        .map(|i| IntervalPoint {
            start: origin + chrono::Duration::minutes(15 * i),
            kwh: Decimal::new(150 + (i * 37 % 250), 2),
            kvarh: reactive.then(|| Decimal::new(60 + (i * 13 % 90), 2)),
        })
        .collect();
    UsageInput { intervals: Some(IntervalData { minutes: 15, points }), ..UsageInput::default() }
}

fn benches(c: &mut Criterion) {
    let zj = tariff("zj-residential-tiered");
    let zj_tou = tariff("zj-residential-tou");
    let commercial = tariff("commercial-tou");

    let residential = request(&zj, readings(&[(Register::Total, 8200, 8500)]), "2026-11-01", "2026-12-01", 2600);
    c.bench_function("residential_3_tier_bill", |b| b.iter(|| bill(black_box(&residential)).unwrap()));

    let tou = request(&zj_tou, readings(&[(Register::Peak, 6300, 6480), (Register::Valley, 4200, 4320)]), "2026-11-01", "2026-12-01", 2700);
    c.bench_function("residential_tou_tier_bill", |b| b.iter(|| bill(black_box(&tou)).unwrap()));

    let month = request(&commercial, month_of_15_minute_data(false), "2026-12-01", "2027-01-01", 0);
    c.bench_function("commercial_tou_bill_2976_intervals", |b| b.iter(|| bill(black_box(&month)).unwrap()));

    // A factory: two-part (contract demand, 105 % rule), PF adjustment on standard 0.90,
    // time-of-use prices, all from a month of 15-minute kWh and kvarh.
    let industrial_tariff = tariff("industrial-two-part-tou");
    let mut industrial = request(&industrial_tariff, month_of_15_minute_data(true), "2026-12-01", "2027-01-01", 0);
    industrial.usage.meter.ct_ratio = Decimal::from(40);
    industrial.account.basic_charge = Some(BasicChargeContract {
        method: BasicMethod::ContractDemand,
        capacity_kva: Decimal::from(1000),
        contract_demand_kw: Some(Decimal::from(500)),
        capacity_changes: vec![],
    });
    industrial.account.power_factor_standard = Some(Standard::P90);
    c.bench_function("industrial_two_part_pf_tou_bill_2976_intervals", |b| b.iter(|| bill(black_box(&industrial)).unwrap()));

    let run: Vec<BillRequest> = (0..100_000)
        .map(|i| {
            let start = 10_000 + i % 5_000;
            request(&zj, readings(&[(Register::Total, start, start + 50 + i % 400)]), "2026-11-01", "2026-12-01", (i * 7) % 5_000)
        })
        .collect();
    let mut group = c.benchmark_group("billing_run");
    group.sample_size(10);
    group.throughput(Throughput::Elements(run.len() as u64));
    group.bench_function("residential_100k_bills", |b| b.iter_batched(|| (), |_| bill_many(black_box(&run)), BatchSize::PerIteration));
    group.finish();
}

criterion_group!(billing, benches);
criterion_main!(billing);
