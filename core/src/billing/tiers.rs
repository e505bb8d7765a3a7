//! Tier counts (阶梯): which tier year a bill counts towards, the tier bounds that apply
//! to it (per-customer extras, proration), the bands its kWh fall in, and the
//! proportional allocation of tier kWh to time-of-use periods.
//!
//! * Monthly tiers count each bill from 0 on bounds prorated to the period's months.
//! * Annual tiers count from the request's year-to-date kWh on the bounds of one calendar
//!   year (prorated by days for an account active part of it). Which year is the tariff's
//!   `tier_year`: the period's (`calendar_year`, which refuses a period crossing
//!   1 January), the billing month's (`billing_month`), or each side of 1 January on its
//!   own year's bounds (`calendar_days`: the bill is cut in two parts there).
//! * Proportional allocation (上海): each tier's kWh are shared among the periods in
//!   proportion to the periods' kWh, rounded so that every tier and every period keeps its
//!   kWh exactly ([`allocate`]).

use super::model::{BillRequest, Period, PeriodKwh, TierCycle, TierTable, TierYear, UsageSummary};
use crate::base::calendar::{BillingMonth, TouPeriod};
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::money::{RoundingPolicy, ENERGY_SCALE};
use crate::base::{check_decimal, Text};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// The kWh one tier count places on the tiers: the whole period, or each side of
/// 1 January under `calendar_days` annual tiers.
pub(crate) struct TierPart {
    /// The dates of the part, when it is not the whole period.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// Where the count starts: year-to-date kWh (annual), 0 (monthly, or a new tier year).
    pub start: Decimal,
    /// Upper bounds of all tiers but the last, for this part.
    pub thresholds: Vec<Decimal>,
    /// Billed kWh of the part.
    pub kwh: Decimal,
    /// Billed kWh of the part per time-of-use period ([`TouPeriod::index`]; all in `flat`
    /// without a schedule).
    pub by_period: PeriodKwh,
}

/// 1 January inside the period, where a bill under `calendar_days` annual tiers is cut.
pub(crate) fn year_cut(table: &TierTable, period: &Period) -> Option<NaiveDate> {
    if table.cycle != TierCycle::Annual || table.year != TierYear::CalendarDays {
        return None;
    }
    let next = NaiveDate::from_ymd_opt(period.start.year() + 1, 1, 1)?;
    (next < period.end).then_some(next)
}

/// The parts of a bill's tier count. `split` holds each part's billed kWh per period
/// when the bill is cut at 1 January ([`year_cut`]).
pub(crate) fn parts(table: &TierTable, request: &BillRequest, usage: &UsageSummary, split: Option<Vec<PeriodKwh>>, policy: &RoundingPolicy, notes: &mut Vec<Text>) -> Result<Vec<TierPart>> {
    let bounds = raised_bounds(table, request, notes)?;
    let period = request.period;
    let whole = |thresholds: Vec<Decimal>, start: Decimal| {
        let mut by_period = [Decimal::ZERO; 4];
        if usage.by_period.is_empty() {
            by_period[TouPeriod::Flat.index()] = usage.billed_kwh;
        } else {
            for (p, v) in &usage.by_period {
                by_period[p.index()] = *v;
            }
        }
        TierPart { dates: None, start, thresholds, kwh: usage.billed_kwh, by_period }
    };
    if table.cycle == TierCycle::Monthly {
        return Ok(vec![whole(monthly(&bounds, &period, policy, notes)?, Decimal::ZERO)]);
    }
    check_active(request)?;
    let ytd = request.year_to_date_kwh;
    match (table.year, split) {
        (TierYear::CalendarDays, Some(split)) => {
            let cut = year_cut(table, &period).expect("a split bill crosses 1 January");
            let years = [period.start.year(), cut.year()];
            let dates = [(period.start, cut), (cut, period.end)];
            let mut out = Vec::with_capacity(2);
            for (i, by_period) in split.into_iter().enumerate() {
                let kwh: Decimal = by_period.iter().sum();
                let thresholds = annual(&bounds, request, years[i], true, policy, notes)?;
                out.push(TierPart { dates: Some(dates[i]), start: if i == 0 { ytd } else { Decimal::ZERO }, thresholds, kwh: kwh.normalize(), by_period });
            }
            notes.push(Text::new(
                format!(
                    "跨年账单按 {cut} 拆分, 年度阶梯分别计算: {} 年 {} kWh (自年累计 {} kWh 起), {} 年 {} kWh (自 0 起)",
                    years[0],
                    out[0].kwh,
                    ytd.normalize(),
                    years[1],
                    out[1].kwh
                ),
                format!(
                    "the bill crosses {cut}: annual tiers counted per year, {} kWh in {} (from {} kWh year to date) and {} kWh in {} (from 0)",
                    out[0].kwh,
                    years[0],
                    ytd.normalize(),
                    out[1].kwh,
                    years[1]
                ),
            ));
            Ok(out)
        }
        (TierYear::BillingMonth, _) => {
            let month = request.billing_month.ok_or_else(|| {
                Error::request(ErrorCode::InvalidField, "billing_month", "this tariff counts annual tiers by billing month (电费年月); give the request's `billing_month` as YYYY-MM")
            })?;
            if month < BillingMonth::of(period.start) || month > BillingMonth::of(period.end) {
                return Err(Error::request(
                    ErrorCode::OutOfRange,
                    "billing_month",
                    format!("the billing month {month} must be a month the period touches ({} to {})", BillingMonth::of(period.start), BillingMonth::of(period.end)),
                ));
            }
            let thresholds = annual(&bounds, request, month.year, false, policy, notes)?;
            if period.start.year() != period.end.pred_opt().unwrap_or(period.end).year() || month.year != period.start.year() {
                notes.push(Text::new(
                    format!("年度阶梯按电费年月 {month} 计入 {} 年", month.year),
                    format!("annual tiers counted by billing month {month}: towards {}", month.year),
                ));
            }
            Ok(vec![whole(thresholds, ytd)])
        }
        (year, _) => {
            let next_year = NaiveDate::from_ymd_opt(period.start.year() + 1, 1, 1).expect("valid date");
            if year == TierYear::CalendarYear && period.end > next_year {
                return Err(Error::request(
                    ErrorCode::CrossesTierYear,
                    "period.end",
                    format!(
                        "annual tiers count per calendar year and this bill crosses {next_year}: split it there, or give the tariff a `tier_year` of `billing_month` or `calendar_days`"
                    ),
                ));
            }
            Ok(vec![whole(annual(&bounds, request, period.start.year(), false, policy, notes)?, ytd)])
        }
    }
}

/// The tariff's bounds with the account's extra kWh (多人口家庭) added.
fn raised_bounds(table: &TierTable, request: &BillRequest, notes: &mut Vec<Text>) -> Result<Vec<Decimal>> {
    let extra = &request.account.tier_extra_kwh;
    if !extra.is_empty() && extra.len() != table.bounds.len() {
        return Err(Error::request(
            ErrorCode::AdjustmentMismatch,
            "account.tier_extra_kwh",
            format!("give one extra kWh per tier bound: the tariff has {} bounds, the account {} extras", table.bounds.len(), extra.len()),
        ));
    }
    let mut bounds = table.bounds.clone();
    for (i, (b, e)) in bounds.iter_mut().zip(extra).enumerate() {
        check_decimal(ErrorKind::Request, *e, ENERGY_SCALE, "extra tier kWh", || format!("account.tier_extra_kwh[{i}]"))?;
        *b += e;
    }
    if let Some(i) = (1..bounds.len()).find(|&i| bounds[i] <= bounds[i - 1]) {
        return Err(Error::request(
            ErrorCode::TiersNotAscending,
            format!("account.tier_extra_kwh[{i}]"),
            format!("with the extras the tier bounds are no longer ascending ({} then {})", bounds[i - 1], bounds[i]),
        ));
    }
    if !extra.is_empty() {
        notes.push(Text::new(format!("多人口家庭: 阶梯电量各档增加 {}", join(extra)), format!("Large household: tier bounds raised by {}", join(extra))));
    }
    Ok(bounds)
}

/// Monthly bounds prorated to the period's months.
fn monthly(bounds: &[Decimal], period: &Period, policy: &RoundingPolicy, notes: &mut Vec<Text>) -> Result<Vec<Decimal>> {
    let m = period.months();
    if m.is_whole() && m.whole == 1 {
        return Ok(bounds.to_vec());
    }
    let scaled: Vec<Decimal> = bounds.iter().map(|b| policy.round_threshold(m.times(*b))).collect();
    let text = if m.is_whole() { m.whole.to_string() } else { format!("{} + {}/{}", m.whole, m.days, m.of_days) };
    prorated(bounds, scaled, format!("月度阶梯按 {text} 个月折算"), format!("monthly tier bounds prorated to {text} months"), notes)
}

/// An account that opens or closes within the period cannot be billed for it.
fn check_active(request: &BillRequest) -> Result<()> {
    let period = request.period;
    if let Some(opened) = request.account.opened_on.filter(|d| *d > period.start) {
        return Err(Error::request(ErrorCode::OutOfRange, "account.opened_on", format!("the account opens on {opened}, after the period starts ({})", period.start)));
    }
    if let Some(closed) = request.account.closed_on.filter(|d| *d < period.end) {
        return Err(Error::request(ErrorCode::OutOfRange, "account.closed_on", format!("the account closes on {closed}, before the period ends ({})", period.end)));
    }
    Ok(())
}

/// Annual bounds of calendar year `year`, prorated by days when the account is active for
/// part of it. `name_year` puts the year in the note (a bill with two tier years).
fn annual(bounds: &[Decimal], request: &BillRequest, year: i32, name_year: bool, policy: &RoundingPolicy, notes: &mut Vec<Text>) -> Result<Vec<Decimal>> {
    let year_start = NaiveDate::from_ymd_opt(year, 1, 1).expect("a billing year within chrono's range");
    let next_year = NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("a billing year within chrono's range");
    let active_from = request.account.opened_on.map_or(year_start, |d| d.max(year_start));
    let active_to = request.account.closed_on.map_or(next_year, |d| d.min(next_year));
    let active = (active_to - active_from).num_days().max(0);
    let in_year = (next_year - year_start).num_days();
    if active == in_year {
        return Ok(bounds.to_vec());
    }
    let scaled = bounds.iter().map(|b| policy.round_threshold(*b * Decimal::from(active) / Decimal::from(in_year))).collect();
    let (zh, en) = if name_year {
        (format!("账户 {year} 年有效 {active}/{in_year} 天, 年度阶梯按天折算"), format!("account active {active} of {in_year} days in {year}; annual tier bounds prorated by days"))
    } else {
        (format!("账户本年有效 {active}/{in_year} 天, 年度阶梯按天折算"), format!("account active {active} of {in_year} days this year; annual tier bounds prorated by days"))
    };
    prorated(bounds, scaled, zh, en, notes)
}

fn prorated(bounds: &[Decimal], scaled: Vec<Decimal>, zh: String, en: String, notes: &mut Vec<Text>) -> Result<Vec<Decimal>> {
    notes.push(Text::new(format!("{zh}: {} → {} kWh", join(bounds), join(&scaled)), format!("{en}: {} → {} kWh", join(bounds), join(&scaled))));
    if let Some(i) = (1..scaled.len()).find(|&i| scaled[i] <= scaled[i - 1]) {
        return Err(Error::request(
            ErrorCode::TiersNotAscending,
            "period",
            format!("prorated tier bounds collapse ({} then {}); the period is too short for these tiers", scaled[i - 1], scaled[i]),
        ));
    }
    Ok(scaled)
}

fn join(values: &[Decimal]) -> String {
    values.iter().map(|v| v.normalize().to_string()).collect::<Vec<_>>().join(" / ")
}

/// The kWh of one tier in a bill's count.
pub(crate) struct Band {
    /// Tier number, from 1.
    pub tier: u32,
    /// Bound below (exclusive).
    pub lower: Decimal,
    /// Bound above (inclusive); none for the last tier.
    pub upper: Option<Decimal>,
    /// Where the band starts in the count.
    pub from: Decimal,
    /// Where it ends.
    pub to: Decimal,
    /// kWh in the band.
    pub kwh: Decimal,
}

/// Splits a part's kWh over the tiers, counting from the part's start.
pub(crate) fn bands(tiers: usize, part: &TierPart) -> Vec<Band> {
    let end = part.start + part.kwh;
    let mut out = Vec::with_capacity(tiers);
    for tier in 0..tiers {
        let lower = if tier == 0 { Decimal::ZERO } else { part.thresholds[tier - 1] };
        let upper = part.thresholds.get(tier).copied();
        let from = part.start.max(lower);
        let to = upper.map_or(end, |u| end.min(u));
        if to > from {
            out.push(Band { tier: tier as u32 + 1, lower, upper, from: from.normalize(), to: to.normalize(), kwh: (to - from).normalize() });
        }
    }
    out
}

/// Shares each tier's kWh among the time-of-use periods in proportion to the periods'
/// kWh: tier t gets `tier_kwh[t] × period_kwh[p] / total` of period p.
///
/// Each share is rounded down to the quantity scale (or the kWh's own decimals, if finer)
/// and the units left over are handed out, one each, to the shares with the largest
/// remainders, so that every tier's shares add up to its kWh and every period's to its
/// kWh exactly; no share is below its floor or above its ceiling. Such a rounding always
/// exists (the exact shares are a fractional solution of the same constraints); it is
/// found by augmenting paths over the few cells of the table. Ties go to the earlier tier,
/// then the earlier period.
pub(crate) fn allocate(tier_kwh: &[Decimal], period_kwh: &PeriodKwh, quantity_scale: u32) -> Result<Vec<PeriodKwh>> {
    let scale = tier_kwh.iter().chain(period_kwh).map(|v| v.normalize().scale()).max().unwrap_or(0).max(quantity_scale);
    let units = |v: &Decimal| -> Result<i128> {
        let mut v = *v;
        v.rescale(scale);
        Ok(v.mantissa())
    };
    let rows: Vec<i128> = tier_kwh.iter().map(units).collect::<Result<_>>()?;
    let cols: Vec<i128> = period_kwh.iter().map(units).collect::<Result<_>>()?;
    let total: i128 = cols.iter().sum();
    let too_large = || Error::request(ErrorCode::OutOfRange, "usage", "kWh too large to share among time-of-use periods");
    let mut floor = vec![[0i128; 4]; rows.len()];
    let mut rem = vec![[0i128; 4]; rows.len()];
    if total > 0 {
        for (t, r) in rows.iter().enumerate() {
            for (p, c) in cols.iter().enumerate() {
                let product = r.checked_mul(*c).ok_or_else(too_large)?;
                floor[t][p] = product / total;
                rem[t][p] = product % total;
            }
        }
    }
    let mut row_left: Vec<i128> = rows.iter().zip(&floor).map(|(r, f)| r - f.iter().sum::<i128>()).collect();
    let mut col_left: [i128; 4] = std::array::from_fn(|p| cols[p] - floor.iter().map(|f| f[p]).sum::<i128>());
    let mut given = vec![[false; 4]; rows.len()];
    // Columns by remainder, largest first, per row (ties: the earlier period).
    let order: Vec<[usize; 4]> = rem
        .iter()
        .map(|r| {
            let mut o = [0, 1, 2, 3];
            o.sort_by(|a, b| r[*b].cmp(&r[*a]).then(a.cmp(b)));
            o
        })
        .collect();
    fn augment(t: usize, rem: &[[i128; 4]], order: &[[usize; 4]], given: &mut [[bool; 4]], col_left: &mut [i128; 4], seen: &mut [bool]) -> bool {
        for &p in &order[t] {
            if rem[t][p] == 0 || given[t][p] {
                continue;
            }
            if col_left[p] > 0 {
                given[t][p] = true;
                col_left[p] -= 1;
                return true;
            }
            for u in 0..given.len() {
                if given[u][p] && !seen[u] {
                    seen[u] = true;
                    if augment(u, rem, order, given, col_left, seen) {
                        given[u][p] = false;
                        given[t][p] = true;
                        return true;
                    }
                }
            }
        }
        false
    }
    for t in 0..rows.len() {
        while row_left[t] > 0 {
            let mut seen = vec![false; rows.len()];
            seen[t] = true;
            if !augment(t, &rem, &order, &mut given, &mut col_left, &mut seen) {
                return Err(Error::new(ErrorKind::Internal, ErrorCode::Internal, "usage", "tier kWh could not be shared among the periods exactly"));
            }
            row_left[t] -= 1;
        }
    }
    Ok(floor
        .iter()
        .zip(&given)
        .map(|(f, g)| std::array::from_fn(|p| Decimal::from_i128_with_scale(f[p] + i128::from(g[p]), scale).normalize()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn shares(tiers: &[&str], periods: [&str; 4]) -> Vec<[String; 4]> {
        let t: Vec<Decimal> = tiers.iter().map(|s| d(s)).collect();
        allocate(&t, &periods.map(d), 4).unwrap().iter().map(|r| r.map(|v| v.to_string())).collect()
    }

    #[test]
    fn proportional_shares_keep_every_row_and_column() {
        // 120 + 180 kWh in tiers 1 and 2, peak 180 and valley 120: 0.6 / 0.4 exactly.
        assert_eq!(shares(&["120", "180"], ["0", "180", "0", "120"]), [["0", "72", "0", "48"], ["0", "108", "0", "72"]]);
        // 10 + 1 kWh, peak 7 and valley 4: sevenths of elevenths need the remainders.
        assert_eq!(shares(&["10", "1"], ["0", "7", "0", "4"]), [["0", "6.3636", "0", "3.6364"], ["0", "0.6364", "0", "0.3636"]]);
    }

    #[test]
    fn a_full_column_makes_room_by_an_augmenting_path() {
        // Three equal tiers over three equal periods: every cell 1/3 of a unit, and the
        // three units left over must go to different periods.
        let out = allocate(&[d("0.0001"), d("0.0001"), d("0.0001")], &[d("0.0001"), d("0.0001"), d("0.0001"), Decimal::ZERO], 4).unwrap();
        for p in 0..3 {
            assert_eq!(out.iter().map(|r| r[p]).sum::<Decimal>(), d("0.0001"));
        }
        for r in &out {
            assert_eq!(r.iter().sum::<Decimal>(), d("0.0001"));
        }
    }
}
