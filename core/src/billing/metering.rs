//! Meter readings and interval data → billed kWh.
//!
//! * Register readings: `(end − start) × CT × PT`; a register with `digits` integer digits
//!   that rolled over (declared with `rollover: true`) advanced `10^digits − start + end`.
//! * Interval data (15, 30 or 60 minutes): every interval of the billing period must have
//!   exactly one value. A value belongs to the time-of-use period in which its interval
//!   starts (DESIGN.md, "Time").
//! * Losses (变损, 线损): a fixed kWh or a percentage of metered kWh, added to billed kWh
//!   and, under time-of-use, shared across periods in proportion to metered kWh.

use super::model::{IntervalData, IntervalSummary, LossUsage, Meter, Period, PeriodKwh, Reading, Register, RegisterUsage, UsageInput, UsageSource, UsageSummary};
use crate::base::calendar::{Calendar, CompiledSchedule, TouPeriod, SLOTS_PER_DAY};
use crate::base::check_decimal;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::money::{RoundingPolicy, ENERGY_SCALE};
use chrono::{Datelike, NaiveDate, Timelike};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn metering_err(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::metering(code, path, reason)
}

fn check_energy(value: Decimal, what: &str, path: impl Fn() -> String) -> Result<()> {
    check_decimal(ErrorKind::Metering, value, ENERGY_SCALE, what, path)
}

/// Billed quantities, plus the metered kWh of each segment of the period (the pieces between
/// tariff-version cuts) per time-of-use period, when interval data says exactly how much fell in each.
pub(crate) struct Measured {
    pub summary: UsageSummary,
    pub segments: Option<Vec<PeriodKwh>>,
    /// Each loss's kWh per time-of-use period (indexed like `summary.losses`; all in
    /// `flat` without a schedule), for bills that print losses as their own lines.
    pub loss_shares: Vec<PeriodKwh>,
}

/// Derives billed quantities. `schedule` is the tariff's time-of-use schedule, if any;
/// `cuts` are dates inside the period where segments start (tariff versions, 1 January).
/// `metered` is false for a tariff that charges no energy: then usage may give neither
/// readings nor intervals.
pub(crate) fn measure(
    input: &UsageInput,
    period: &Period,
    schedule: Option<&CompiledSchedule>,
    calendar: &Calendar,
    policy: &RoundingPolicy,
    cuts: &[NaiveDate],
    metered: bool,
) -> Result<Measured> {
    let multiplier = check_meter(&input.meter)?;
    let periods = schedule.map(|s| s.periods_between(period.start, period.end, calendar));
    let mut per_period = [Decimal::ZERO; 4];
    let mut segments = None;
    let mut summary = UsageSummary {
        source: UsageSource::Readings,
        multiplier,
        registers: Vec::new(),
        intervals: None,
        metered_kwh: Decimal::ZERO,
        losses: Vec::new(),
        billed_kwh: Decimal::ZERO,
        by_period: BTreeMap::new(),
        estimated: false,
        reactive_kvarh: None,
        max_demand_kw: None,
    };
    match (&input.readings, &input.intervals) {
        (Some(readings), None) => {
            let billed: Vec<Register> = match &periods {
                Some(ps) => ps.iter().map(|p| Register::of(*p)).collect(),
                None => vec![Register::Total],
            };
            summary.registers = read_registers(readings, &input.meter, multiplier, &billed, policy)?;
            summary.estimated = summary.registers.iter().any(|r| r.estimated);
            for r in summary.registers.iter().filter(|r| r.billed) {
                summary.metered_kwh += r.kwh;
                if let Some(p) = TouPeriod::ALL.iter().find(|p| Register::of(**p) == r.register) {
                    per_period[p.index()] = r.kwh;
                }
            }
            summary.reactive_kvarh = summary.registers.iter().find(|r| r.register == Register::Reactive).map(|r| r.kwh);
        }
        (None, Some(data)) => {
            summary.source = UsageSource::Intervals;
            let sums = sum_intervals(data, period, schedule, calendar, cuts)?;
            summary.intervals = Some(IntervalSummary { minutes: data.minutes, count: data.points.len() as u32 });
            // Interval values are below 10^12 and the multiplier below 10^10: a month's sum
            // times the multiplier fits; anything larger is refused, never wrapped.
            let to_kwh = |units: i128| {
                let kwh = Decimal::try_from_i128_with_scale(units, ENERGY_SCALE).ok().and_then(|v| v.checked_mul(multiplier)).filter(|v| *v < crate::base::money::MAX_MONEY);
                kwh.map_or(crate::base::money::MAX_MONEY, |v| policy.round_quantity(v))
            };
            let seg: Vec<PeriodKwh> = sums.segments.iter().map(|s| s.map(to_kwh)).collect();
            // The whole period is the sum of its segments' rounded values, so that
            // segments conserve kWh exactly.
            for s in &seg {
                for (total, v) in per_period.iter_mut().zip(s) {
                    *total += v;
                }
            }
            summary.metered_kwh = per_period.iter().sum();
            summary.reactive_kvarh = sums.kvarh.map(to_kwh).map(|v| v.normalize());
            if data.minutes == 15 {
                summary.max_demand_kw = Some((to_kwh(sums.max_kwh) * Decimal::from(4)).normalize());
            }
            if !cuts.is_empty() {
                segments = Some(seg);
            }
        }
        (None, None) if !metered => summary.source = UsageSource::Unmetered,
        _ => {
            return Err(metering_err(ErrorCode::UsageSource, "usage", "give exactly one of `readings` and `intervals`"));
        }
    }
    summary.metered_kwh = summary.metered_kwh.normalize();
    if let Some(demand) = input.max_demand {
        check_energy(demand, "maximum demand", || "usage.max_demand".into())?;
        summary.max_demand_kw = Some(policy.round_quantity(demand * multiplier).normalize());
    }

    let mut loss_total = Decimal::ZERO;
    for (i, loss) in input.losses.iter().enumerate() {
        let p = |f: &str| format!("usage.losses[{i}]{f}");
        let kwh = match (loss.fixed_kwh, loss.percent) {
            (Some(fixed), None) => {
                check_energy(fixed, "loss", || p(".fixed_kwh"))?;
                fixed
            }
            (None, Some(percent)) => {
                check_decimal(ErrorKind::Metering, percent, ENERGY_SCALE, "loss percentage", || p(".percent"))?;
                if percent > Decimal::ONE_HUNDRED {
                    return Err(metering_err(ErrorCode::OutOfRange, p(".percent"), format!("loss percentage {percent} must be 0 to 100")));
                }
                policy.round_quantity(summary.metered_kwh * percent / Decimal::ONE_HUNDRED)
            }
            _ => return Err(metering_err(ErrorCode::InvalidField, p(""), "give exactly one of `fixed_kwh` and `percent`")),
        };
        // A loss follows consumption: a period with nothing metered bills no loss, and
        // has nothing to share a time-of-use loss by.
        let kwh = if summary.metered_kwh.is_zero() { Decimal::ZERO } else { kwh.normalize() };
        loss_total += kwh;
        summary.losses.push(LossUsage { kind: loss.kind, fixed_kwh: loss.fixed_kwh, percent: loss.percent, kwh });
    }
    summary.billed_kwh = (summary.metered_kwh + loss_total).normalize();
    let limit = crate::base::money::MAX_MONEY;
    for (value, what) in [(Some(summary.billed_kwh), "billed kWh"), (summary.reactive_kvarh, "reactive kvarh"), (summary.max_demand_kw, "maximum demand (kW)")] {
        if value.is_some_and(|v| v >= limit) {
            return Err(metering_err(ErrorCode::OutOfRange, "usage", format!("{what} after the multiplier must be below 10^15")));
        }
    }

    let metered_by_period = if periods.is_some() {
        per_period
    } else {
        let mut flat = [Decimal::ZERO; 4];
        flat[TouPeriod::Flat.index()] = summary.metered_kwh;
        flat
    };
    let loss_shares: Vec<PeriodKwh> = summary.losses.iter().map(|l| share_loss(&metered_by_period, summary.metered_kwh, l.kwh, policy)).collect();
    if let Some(periods) = periods {
        for shares in &loss_shares {
            for (total, share) in per_period.iter_mut().zip(shares) {
                *total += share;
            }
        }
        summary.by_period = periods.into_iter().map(|p| (p, per_period[p.index()].normalize())).collect();
    }
    Ok(Measured { summary, segments, loss_shares })
}

/// Shares `loss` among the periods in proportion to their metered kWh, rounding each share
/// to the quantity scale; the last period with usage takes the remainder so the shares
/// sum exactly to `loss`. Each loss is shared on its own.
fn share_loss(metered_by_period: &PeriodKwh, metered: Decimal, loss: Decimal, policy: &RoundingPolicy) -> PeriodKwh {
    let mut out = [Decimal::ZERO; 4];
    if loss.is_zero() || metered.is_zero() {
        return out;
    }
    let last = metered_by_period.iter().rposition(|v| !v.is_zero()).expect("metered > 0");
    let mut given = Decimal::ZERO;
    for (i, value) in metered_by_period.iter().enumerate() {
        if value.is_zero() {
            continue;
        }
        let share = if i == last { loss - given } else { policy.round_quantity(loss * *value / metered) };
        given += share;
        out[i] = share.normalize();
    }
    out
}

/// The largest CT or PT ratio: 100000 (a CT of 3000/5 is 600, a PT of 500 kV/100 V 5000).
const RATIO_LIMIT: Decimal = Decimal::from_parts(100_000, 0, 0, false, 0);

fn check_meter(meter: &Meter) -> Result<Decimal> {
    for (value, field) in [(meter.ct_ratio, "ct_ratio"), (meter.pt_ratio, "pt_ratio")] {
        let p = || format!("usage.meter.{field}");
        check_decimal(ErrorKind::Metering, value, ENERGY_SCALE, field, p)?;
        if value.is_zero() || value > RATIO_LIMIT {
            return Err(metering_err(ErrorCode::OutOfRange, p(), format!("{field} {value} must be more than 0 and at most 100000")));
        }
    }
    if let Some(d) = meter.digits {
        if !(1..=12).contains(&d) {
            return Err(metering_err(ErrorCode::OutOfRange, "usage.meter.digits", format!("digits {d} must be 1 to 12")));
        }
    }
    Ok((meter.ct_ratio * meter.pt_ratio).normalize())
}

fn read_registers(readings: &[Reading], meter: &Meter, multiplier: Decimal, billed_registers: &[Register], policy: &RoundingPolicy) -> Result<Vec<RegisterUsage>> {
    let limit = meter.digits.map(|d| Decimal::from(10u64.pow(d)));
    let mut out: Vec<RegisterUsage> = Vec::with_capacity(readings.len());
    for (i, r) in readings.iter().enumerate() {
        let p = |f: &str| format!("usage.readings[{i}].{f}");
        if let Some(j) = readings[..i].iter().position(|o| o.register == r.register) {
            return Err(metering_err(ErrorCode::Duplicate, p("register"), format!("register `{}` is already read in usage.readings[{j}]", r.register.as_str())));
        }
        check_energy(r.start, "reading", || p("start"))?;
        check_energy(r.end, "reading", || p("end"))?;
        if let Some(limit) = limit {
            for (value, f) in [(r.start, "start"), (r.end, "end")] {
                if value >= limit {
                    return Err(metering_err(ErrorCode::Rollover, p(f), format!("reading {value} does not fit a register of {} digits", meter.digits.unwrap_or(0))));
                }
            }
        }
        let advance = match (r.end < r.start, r.rollover, limit) {
            (false, false, _) => r.end - r.start,
            (true, false, _) => {
                return Err(metering_err(
                    ErrorCode::ReadingBackwards,
                    p("end"),
                    format!("end reading {} is below start reading {}; if the register rolled over, set `rollover: true` and the meter's `digits`", r.end, r.start),
                ))
            }
            (true, true, Some(limit)) => limit - r.start + r.end,
            (true, true, None) => {
                return Err(metering_err(ErrorCode::Rollover, "usage.meter.digits", "a rollover needs the register's `digits` to know where it wrapped"))
            }
            (false, true, _) => {
                return Err(metering_err(ErrorCode::Rollover, p("rollover"), format!("rollover declared but end reading {} is not below start reading {}", r.end, r.start)))
            }
        };
        out.push(RegisterUsage {
            register: r.register,
            start: r.start,
            end: r.end,
            rollover: r.rollover,
            estimated: r.estimated,
            advance: advance.normalize(),
            kwh: policy.round_quantity(advance * multiplier),
            billed: billed_registers.contains(&r.register),
        });
    }
    for &reg in billed_registers {
        if !out.iter().any(|r| r.register == reg) {
            return Err(metering_err(ErrorCode::MissingRegister, "usage.readings", format!("the tariff bills register `{}` and it was not read", reg.as_str())));
        }
    }
    Ok(out)
}

/// Interval sums in units of 10^-4 kWh (before the multiplier).
struct IntervalSums {
    /// Per segment, per time-of-use bucket.
    segments: Vec<[i128; 4]>,
    /// Total reactive kvarh, when the points carry it.
    kvarh: Option<i128>,
    /// The largest single interval's kWh.
    max_kwh: i128,
}

/// Validates interval data and sums it per segment and time-of-use period (all in
/// `flat`'s slot when there is no schedule; callers only read the total then).
fn sum_intervals(data: &IntervalData, period: &Period, schedule: Option<&CompiledSchedule>, calendar: &Calendar, cuts: &[NaiveDate]) -> Result<IntervalSums> {
    let minutes = data.minutes;
    // Work in 15-minute slots; an interval of 2^shift slots must start on a multiple of it.
    let shift = match minutes {
        15 => 0,
        30 => 1,
        60 => 2,
        _ => return Err(metering_err(ErrorCode::IntervalMisaligned, "usage.intervals.minutes", format!("interval length {minutes} must be 15, 30 or 60 minutes"))),
    };
    let per_day = SLOTS_PER_DAY >> shift;
    let days = period.days() as usize;
    let expected = days * per_day;
    let row_of = |date: NaiveDate| schedule.map(|s| s.day(date.month(), calendar.day_type(date)));
    let segment_of = |date: NaiveDate| cuts.partition_point(|c| *c <= date);
    let with_kvarh = data.points.first().is_some_and(|p| p.kvarh.is_some());

    let mut seen = vec![u32::MAX; expected];
    // Sums of mantissas kept apart by decimal scale (0–4, checked below), converted to
    // 10^-4 units once at the end: an integer addition per value, not a Decimal addition
    // nor even a multiplication, over 3,000 values. Likewise the largest value per scale.
    let mut sums = vec![[[0i128; 5]; 4]; cuts.len() + 1];
    let (mut kvarh_sums, mut max_by_scale) = ([0i128; 5], [0i128; 5]);
    // Values usually arrive in order: the day (and its schedule row) is derived only when
    // the date changes, not per value.
    let (mut day_date, mut day, mut row, mut seg) = (period.start, 0usize, row_of(period.start), segment_of(period.start));
    for (i, point) in data.points.iter().enumerate() {
        let p = |f: &str| format!("usage.intervals.points[{i}].{f}");
        let date = point.start.date();
        if date != day_date {
            let d = (date - period.start).num_days();
            if d < 0 || d >= days as i64 {
                return Err(metering_err(
                    ErrorCode::IntervalOutsidePeriod,
                    p("start"),
                    format!("interval {} starts outside the billing period [{}, {})", point.start, period.start, period.end),
                ));
            }
            (day_date, day, row, seg) = (date, d as usize, row_of(date), segment_of(date));
        }
        let time = point.start.time();
        let secs = time.num_seconds_from_midnight() as usize;
        let slot = secs / 900;
        if time.nanosecond() != 0 || secs % 900 != 0 || slot & ((1 << shift) - 1) != 0 {
            return Err(metering_err(ErrorCode::IntervalMisaligned, p("start"), format!("interval {} does not start on a {minutes}-minute boundary", point.start)));
        }
        let index = day * per_day + (slot >> shift);
        if seen[index] != u32::MAX {
            return Err(metering_err(
                ErrorCode::IntervalDuplicate,
                p("start"),
                format!("interval {} already has a value at usage.intervals.points[{}]", point.start, seen[index]),
            ));
        }
        seen[index] = i as u32;
        let (m, scale) = mantissa_of(point.kwh, "interval kWh", || p("kwh"))?;
        max_by_scale[scale] = max_by_scale[scale].max(m);
        let bucket = row.map_or(TouPeriod::Flat.index(), |r| r[slot].index());
        sums[seg][bucket][scale] += m;
        match (point.kvarh, with_kvarh) {
            (Some(q), true) => {
                let (m, scale) = mantissa_of(q, "interval kvarh", || p("kvarh"))?;
                kvarh_sums[scale] += m;
            }
            (None, false) => {}
            _ => return Err(metering_err(ErrorCode::InvalidField, p("kvarh"), "give `kvarh` for every interval or for none")),
        }
    }
    if data.points.len() != expected {
        let missing = seen.iter().position(|s| *s == u32::MAX).expect("fewer points than intervals, none duplicated");
        let at = period.start.and_hms_opt(0, 0, 0).expect("midnight exists") + chrono::Duration::minutes((missing * minutes as usize) as i64);
        return Err(metering_err(
            ErrorCode::IntervalGap,
            "usage.intervals.points",
            format!("no value for the interval starting {at}; {} of {expected} intervals have values", data.points.len()),
        ));
    }
    let units = |by_scale: &[i128; 5]| by_scale.iter().enumerate().map(|(scale, m)| m * POW10[ENERGY_SCALE as usize - scale]).sum::<i128>();
    Ok(IntervalSums {
        segments: sums.iter().map(|s| s.map(|b| units(&b))).collect(),
        kvarh: with_kvarh.then(|| units(&kvarh_sums)),
        max_kwh: max_by_scale.iter().enumerate().map(|(scale, m)| m * POW10[ENERGY_SCALE as usize - scale]).max().unwrap_or(0),
    })
}

/// A value's mantissa and scale, after checking it is ≥ 0 with at most 4 decimals.
#[inline(always)]
fn mantissa_of(value: Decimal, what: &str, path: impl Fn() -> String) -> Result<(i128, usize)> {
    let mut v = value;
    if v.is_sign_negative() || v.scale() > ENERGY_SCALE {
        check_energy(v, what, path)?;
        v = v.normalize();
    }
    Ok((v.mantissa(), v.scale() as usize))
}

const POW10: [i128; 5] = [1, 10, 100, 1_000, 10_000];
