//! Proptest strategies for users' own property tests (cargo feature `proptest`).
//!
//! Every strategy generates values that are **valid by construction**: a tariff from
//! [`tariff`] always loads, a request from [`bill_request`] always bills. Combine them to
//! test your own invariants on top of gridcore:
//!
//! ```
//! use gridcore::testing;
//! use proptest::prelude::*;
//!
//! proptest!(|(request in testing::bill_request())| {
//!     let bill = gridcore::bill(&request).unwrap();
//!     // A property of your own: a bill is never negative.
//!     prop_assert!(bill.total >= gridcore::Decimal::ZERO);
//! });
//! ```
//!
//! To test error handling, start from a valid value and break one thing (a negative
//! price, a reversed reading); the conformance cases show which error each break gives.

use crate::base::calendar::{DaySchedule, DayType, Season, Slot, TimeOfUse, TouPeriod, SLOTS_PER_DAY};
use crate::base::money::{RoundingMode, RoundingPolicy, RoundingStage};
use crate::billing::{Account, BillRequest, IntervalData, IntervalPoint, Meter, Period, Reading, Register, UsageInput};
use crate::billing::{EnergyRate, FixedBasis, FixedCharge, Fund, Tariff, TariffSpec, Tier, TierAdder, TierAllocation, TierCycle};
use crate::base::Text;
use chrono::{Days, NaiveDate};
use proptest::collection::vec;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A price in 元 with up to 6 decimals, 0 to 2.
pub fn price() -> impl Strategy<Value = Decimal> {
    (0i64..=2_000_000).prop_map(|n| Decimal::new(n, 6))
}

/// A small price in 元 with up to 6 decimals, 0 to 0.2 (funds, tier uplifts).
pub fn small_price() -> impl Strategy<Value = Decimal> {
    (0i64..=200_000).prop_map(|n| Decimal::new(n, 6))
}

/// An energy quantity with up to 4 decimals, 0 to `max` kWh.
pub fn kwh(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max * 10_000).prop_map(|n| Decimal::new(n, 4))
}

/// A rounding policy: any mode and stage, 0 to 4 decimals.
pub fn rounding() -> impl Strategy<Value = RoundingPolicy> {
    let mode = prop_oneof![Just(RoundingMode::HalfUp), Just(RoundingMode::HalfEven), Just(RoundingMode::Down), Just(RoundingMode::Up)];
    let stage = prop_oneof![Just(RoundingStage::Line), Just(RoundingStage::Component)];
    (0u32..=4, mode, stage).prop_map(|(scale, mode, stage)| RoundingPolicy { scale, mode, stage, ..RoundingPolicy::default() })
}

/// Ascending tier bounds (1–3 bounds, whole kWh, at least 100 apart so that proration
/// to one day keeps them apart).
pub fn tier_bounds() -> impl Strategy<Value = Vec<Decimal>> {
    vec(100i64..=3000, 1..=3).prop_map(|steps| {
        steps
            .iter()
            .scan(0i64, |acc, s| {
                *acc += s;
                Some(Decimal::from(*acc))
            })
            .collect()
    })
}

/// Monthly or annual.
pub fn tier_cycle() -> impl Strategy<Value = TierCycle> {
    prop_oneof![Just(TierCycle::Monthly), Just(TierCycle::Annual)]
}

fn slot_time(slot: usize, end: bool) -> String {
    if end && slot == 0 {
        return "24:00".into();
    }
    format!("{:02}:{:02}", slot / 4, (slot % 4) * 15)
}

/// A valid time-of-use schedule: seasons partition the months, day schedules partition
/// the day types, and slots (some wrapping past midnight) partition the day.
pub fn time_of_use() -> impl Strategy<Value = TimeOfUse> {
    let day = (vec(0usize..SLOTS_PER_DAY, 1..=6), vec(0usize..4, 6));
    let season = (vec(0usize..3, 3), vec(day, 3));
    (vec(0usize..3, 12), vec(season, 3)).prop_map(|(month_season, seasons)| {
        let mut out = Vec::new();
        for (si, (day_group, days)) in seasons.into_iter().enumerate() {
            let months: Vec<u32> = (1..=12).filter(|m| month_season[*m as usize - 1] == si).collect();
            if months.is_empty() {
                continue;
            }
            let mut schedules = Vec::new();
            for (gi, (cuts, periods)) in days.into_iter().enumerate() {
                let day_types: Vec<DayType> = DayType::ALL.into_iter().filter(|d| day_group[*d as usize] == gi).collect();
                if day_types.is_empty() {
                    continue;
                }
                let mut cuts = cuts;
                cuts.sort_unstable();
                cuts.dedup();
                let slots = if cuts.len() == 1 {
                    vec![Slot { from: "00:00".into(), to: "24:00".into(), period: TouPeriod::ALL[periods[0]] }]
                } else {
                    (0..cuts.len())
                        .map(|i| Slot { from: slot_time(cuts[i], false), to: slot_time(cuts[(i + 1) % cuts.len()], true), period: TouPeriod::ALL[periods[i]] })
                        .collect()
                };
                schedules.push(DaySchedule { day_types, slots });
            }
            out.push(Season { name: None, months, days: schedules });
        }
        TimeOfUse { seasons: out }
    })
}

fn used_periods(tou: &TimeOfUse) -> Vec<TouPeriod> {
    let mut used: Vec<TouPeriod> = tou.seasons.iter().flat_map(|s| s.days.iter().flat_map(|d| d.slots.iter().map(|s| s.period))).collect();
    used.sort_unstable();
    used.dedup();
    used
}

/// A valid tariff document: any energy rate, 0–3 funds, 0–3 fixed charges, any rounding.
pub fn tariff_spec() -> impl Strategy<Value = TariffSpec> {
    let energy = (0usize..5, price(), tier_cycle(), tier_bounds(), vec(price(), 4), vec(small_price(), 4), time_of_use());
    let funds = vec(small_price(), 0..=3);
    let fixed = vec((0usize..3, price()), 0..=3);
    (energy, funds, fixed, rounding()).prop_map(|((variant, flat, cycle, bounds, prices, adders, tou), funds, fixed, rounding)| {
        let uptos = bounds.iter().map(|b| Some(*b)).chain([None]);
        let tou_prices = |tou: &TimeOfUse| -> BTreeMap<TouPeriod, Decimal> { used_periods(tou).into_iter().map(|p| (p, prices[p.index()])).collect() };
        let (energy, time_of_use) = match variant {
            0 => (EnergyRate::Flat { price: flat }, None),
            1 => (EnergyRate::Tiered { cycle, tier_year: None, tiers: uptos.zip(prices.iter().cycle()).map(|(upto, price)| Tier { upto, price: *price }).collect() }, None),
            2 => (EnergyRate::TimeOfUse { prices: tou_prices(&tou) }, Some(tou)),
            3 => (
                EnergyRate::TimeOfUseTiered {
                    prices: Some(tou_prices(&tou)),
                    cycle,
                    tier_year: None,
                    allocation: None,
                    tiers: uptos.zip(adders.iter().cycle()).map(|(upto, adder)| TierAdder { upto, adder: Some(*adder), prices: None }).collect(),
                },
                Some(tou),
            ),
            // A price per tier and period (上海), tier kWh shared among periods.
            _ => {
                let base = tou_prices(&tou);
                let tiers = uptos
                    .zip(adders.iter().cycle())
                    .map(|(upto, adder)| TierAdder { upto, adder: None, prices: Some(base.iter().map(|(p, v)| (*p, *v + *adder)).collect()) })
                    .collect();
                (EnergyRate::TimeOfUseTiered { prices: None, cycle, tier_year: None, allocation: Some(TierAllocation::Proportional), tiers }, Some(tou))
            }
        };
        TariffSpec {
            id: format!("generated-{variant}"),
            name: Text::new("生成的电价", "Generated tariff"),
            rounding,
            holidays: vec![NaiveDate::from_ymd_opt(2026, 10, 1).expect("valid date")],
            working_weekends: vec![NaiveDate::from_ymd_opt(2026, 10, 10).expect("valid date")],
            time_of_use,
            energy: Some(energy),
            loss_presentation: None,
            funds: funds.into_iter().enumerate().map(|(i, price)| Fund { code: format!("fund_{i}"), name: Text::new(format!("基金{i}"), format!("Fund {i}")), price }).collect(),
            fixed_charges: fixed
                .into_iter()
                .enumerate()
                .map(|(i, (basis, amount))| FixedCharge {
                    code: format!("fixed_{i}"),
                    name: Text::new(format!("固定费{i}"), format!("Fixed {i}")),
                    basis: [FixedBasis::PerBill, FixedBasis::PerDay, FixedBasis::PerMonth][basis],
                    amount: amount * Decimal::TEN,
                })
                .collect(),
            basic_charge: None,
            minimum_charge: None,
        }
    })
}

/// A validated tariff.
pub fn tariff() -> impl Strategy<Value = Tariff> {
    tariff_spec().prop_map(|spec| Tariff::new(spec).expect("generated tariffs are valid"))
}

/// A billing period of 1 to `max_days` days within 2026 (so annual tiers never span two
/// tier years).
pub fn period(max_days: u64) -> impl Strategy<Value = Period> {
    (0u64..365, 1u64..=max_days).prop_map(|(offset, days)| {
        let year_end = NaiveDate::from_ymd_opt(2027, 1, 1).expect("valid date");
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date") + Days::new(offset);
        let end = (start + Days::new(days)).min(year_end);
        Period { start, end }
    })
}

/// Register readings covering every register `tariff` bills, with a CT/PT multiplier.
pub fn readings(tariff: &Tariff) -> impl Strategy<Value = UsageInput> {
    let registers: Vec<Register> = match tariff.schedule() {
        Some(s) => s.periods().map(Register::of).collect(),
        None => vec![Register::Total],
    };
    let n = registers.len();
    (vec((kwh(99_999), kwh(2_000)), n), prop_oneof![Just(1i64), Just(30), Just(200)]).prop_map(move |(values, ct)| UsageInput {
        meter: Meter { ct_ratio: Decimal::from(ct), pt_ratio: Decimal::ONE, digits: None },
        readings: Some(
            registers.iter().zip(values).map(|(r, (start, advance))| Reading { register: *r, start, end: start + advance, rollover: false, estimated: false }).collect(),
        ),
        intervals: None,
        losses: Vec::new(),
        max_demand: None,
    })
}

/// Complete interval data for `period` at `minutes` (15, 30 or 60) resolution.
pub fn interval_data(period: Period, minutes: u32) -> impl Strategy<Value = IntervalData> {
    let count = (period.days() as u32 * 24 * 60 / minutes) as usize;
    vec(kwh(50), count).prop_map(move |values| {
        let origin = period.start.and_hms_opt(0, 0, 0).expect("midnight exists");
        IntervalData {
            minutes,
            points: values.into_iter().enumerate().map(|(i, kwh)| IntervalPoint { start: origin + chrono::Duration::minutes(i as i64 * minutes as i64), kwh, kvarh: None }).collect(),
        }
    })
}

/// Usage for `tariff` over `period`: readings, or interval data when the period is at
/// most a week.
pub fn usage(tariff: &Tariff, period: Period) -> BoxedStrategy<UsageInput> {
    let readings = readings(tariff).boxed();
    if period.days() > 7 {
        return readings;
    }
    let intervals = prop_oneof![Just(15u32), Just(30), Just(60)]
        .prop_flat_map(move |m| interval_data(period, m))
        .prop_map(|data| UsageInput { intervals: Some(data), ..UsageInput::default() })
        .boxed();
    prop_oneof![readings, intervals].boxed()
}

/// A valid bill request: any generated tariff, a period in 2026, readings or interval
/// data, year-to-date usage and an `as_of` on or after the period's end.
pub fn bill_request() -> impl Strategy<Value = BillRequest> {
    (tariff(), period(62), kwh(8_000), 0u64..10).prop_flat_map(|(tariff, period, ytd, late)| {
        let tariff = Arc::new(tariff);
        usage(&tariff, period).prop_map(move |usage| BillRequest {
            tariff: tariff.clone(),
            account: Account { account_id: "0000000001".into(), ..Account::default() },
            period,
            usage,
            year_to_date_kwh: ytd,
            holidays: Vec::new(),
            as_of: period.end + Days::new(late),
            tariff_versions: Vec::new(),
            billing_month: None,
            new_year_readings: Vec::new(),
        })
    })
}

/// An account setup with any policy: class, bill order, late fee order, exact match,
/// a component priority.
pub fn account_setup() -> impl Strategy<Value = crate::payments::AccountSetup> {
    use crate::payments::{AccountSetup, BillOrder, LateFeeOrder, NamedBillRest, Policy};
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(res, newest, after, exact, funds_first, rest_prepaid)| AccountSetup {
        account_id: "1100023456".into(),
        customer_class: if res { crate::CustomerClass::Residential } else { crate::CustomerClass::NonResidential },
        policy: Policy {
            order: if newest { BillOrder::NewestFirst } else { BillOrder::OldestFirst },
            late_fee: if after { LateFeeOrder::AfterPrincipal } else { LateFeeOrder::BeforePrincipal },
            exact_match_first: exact,
            components: if funds_first { vec!["funds".into(), "energy".into()] } else { vec![] },
            named_bill_rest: if rest_prepaid { NamedBillRest::Prepaid } else { NamedBillRest::OtherBills },
        },
    })
}

/// A stream of receivables operations for one account over about five months, in time
/// order with distinct keys: monthly bills (energy and funds), payments through several
/// channels (partial, exact, over, some naming a bill, some late), reversals of earlier
/// payments, refunds, and now and then an adjustment or a write-off. Each operation is
/// valid on its own; some are refused by the ledger (a refund of more than is prepaid),
/// as in life.
pub fn payment_stream() -> impl Strategy<Value = Vec<crate::payments::Operation>> {
    use crate::payments::{Component, Operation, Receivable};
    let bill = (1i64..60_000, 0i64..3_000);
    let event = (0u8..10, 0u32..40 * 24 * 60, 1i64..80_000, 0usize..8);
    (vec(bill, 1..5), vec(event, 0..24)).prop_map(|(bills, events)| {
        let start = NaiveDate::from_ymd_opt(2026, 10, 1).expect("valid date");
        let mut ops: Vec<(chrono::NaiveDateTime, Operation)> = Vec::new();
        for (m, (energy, funds)) in bills.iter().enumerate() {
            let issued_on = start + Days::new(30 * m as u64);
            let month = crate::base::calendar::BillingMonth::of(issued_on.pred_opt().expect("valid date"));
            let (energy, funds) = (Decimal::new(*energy, 2), Decimal::new(*funds, 2));
            let bill = Receivable {
                bill_id: format!("B{m}"),
                bill_month: month,
                due_date: issued_on + Days::new(14),
                amount: energy + funds,
                components: vec![Component { code: "energy".into(), amount: energy }, Component { code: "funds".into(), amount: funds }],
            };
            ops.push((issued_on.and_time(chrono::NaiveTime::MIN), Operation::Issue { key: format!("issue-B{m}"), issued_on, bill }));
        }
        let mut payments: Vec<(String, chrono::NaiveDateTime)> = Vec::new();
        const CHANNELS: [&str; 4] = ["counter", "bank", "app", "wechat"];
        for (i, (kind, minute, cents, pick)) in events.into_iter().enumerate() {
            let at = start.and_time(chrono::NaiveTime::MIN) + chrono::Duration::minutes(i64::from(minute) * 4 + 1);
            let key = format!("op-{i}");
            let amount = Decimal::new(cents, 2);
            let bill_id = |p: usize| format!("B{}", p % bills.len());
            let op = match kind {
                0..=5 => {
                    payments.push((key.clone(), at));
                    Operation::Pay { key: key.clone(), channel: CHANNELS[pick % 4].into(), txn_no: format!("T{i}"), amount, paid_at: at, bill_id: (kind == 5).then(|| bill_id(pick)) }
                }
                6 if !payments.is_empty() => {
                    let (p, paid_at) = payments[pick % payments.len()].clone();
                    Operation::Reverse { key, payment_key: p, at: at.max(paid_at), reason: None }
                }
                7 => Operation::Refund { key, amount: Decimal::new(cents % 5_000 + 1, 2), at, channel: "counter".into(), txn_no: format!("R{i}"), payment_key: None },
                8 => Operation::Adjust { key, on: at.date(), bill_id: bill_id(pick), component: "energy".into(), amount: Decimal::new(cents % 2_000 - 1_000, 2).max(Decimal::new(1, 2)), reason: None },
                _ => Operation::WriteOff { key, on: at.date(), bill_id: bill_id(pick), reason: None },
            };
            ops.push((op.at(), op));
        }
        ops.sort_by(|a, b| a.0.cmp(&b.0));
        ops.into_iter().map(|(_, op)| op).collect()
    })
}
