//! The annual bill: twelve monthly bills from an hourly load under a URDB rate, following
//! SAM's `Utilityrate5` with no generation.

use super::import::MAX_PERIODS;
use super::model::{Allocation, DemandTier, EnergyTier, FixedUnit, MinimumUnit, TierLimit, UrdbTariff, MONTHS};
use super::request::{AnnualAmounts, AnnualCalendar, AnnualRequest};
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Which part of a monthly bill a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnualComponent {
    /// Energy charges, by period and tier.
    Energy,
    /// Demand charges: time-of-use and flat (the month's peak).
    Demand,
    /// The fixed charge.
    Fixed,
    /// The top-up to a monthly or annual minimum.
    Minimum,
}

/// The unit of a line's quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnualUnit {
    /// kWh.
    Kwh,
    /// kW of peak demand.
    Kw,
    /// Days.
    Day,
    /// Months.
    Month,
    /// US dollars (the base of a minimum top-up).
    Usd,
}

/// How a proportional line's kWh were found: the month's kWh in the tier × the period's
/// kWh ÷ the month's kWh. The amount is computed from these exactly and rounded once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The month's kWh (all periods) that fall in the tier.
    pub tier_kwh: Decimal,
    /// The period's kWh in the month.
    pub period_kwh: Decimal,
    /// The month's kWh.
    pub month_kwh: Decimal,
}

/// One line: quantity × price = amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualLine {
    /// `energy.period_0.tier_1`, `demand.tou.period_2.tier_1`, `demand.flat.period_0.tier_1`,
    /// `fixed`, `minimum.monthly` or `minimum.annual`.
    pub code: String,
    /// The component.
    pub component: AnnualComponent,
    /// URDB's period (from 0), for energy and demand lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<u8>,
    /// The tier (from 1), for energy and demand lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u32>,
    /// kWh, kW, days, months, or the dollars a minimum tops up.
    pub quantity: Decimal,
    /// The quantity's unit.
    pub unit: AnnualUnit,
    /// $ per unit (1 for a minimum's top-up).
    pub price: Decimal,
    /// The amount, rounded once as the bill's `rounding` says.
    pub amount: Decimal,
    /// For proportional energy lines whose period is not the whole month: the exact
    /// fraction behind `quantity` (which is shown to 6 places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Share>,
}

impl AnnualLine {
    /// A minimum's top-up: the dollars short, × 1.
    fn top_up(code: &str, amount: Decimal) -> AnnualLine {
        AnnualLine { code: code.into(), component: AnnualComponent::Minimum, period: None, tier: None, quantity: amount, unit: AnnualUnit::Usd, price: Decimal::ONE, amount, share: None }
    }
}

/// One month of an annual bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthBill {
    /// 1 to 12.
    pub month: u8,
    /// Days in the month.
    pub days: u32,
    /// kWh in the month.
    pub kwh: Decimal,
    /// The month's highest hourly kWh, as kW.
    pub peak_kw: Decimal,
    /// The lines, energy first, then demand, fixed, minimum.
    pub lines: Vec<AnnualLine>,
    /// Energy charges.
    pub energy: Decimal,
    /// Demand charges.
    pub demand: Decimal,
    /// Fixed charges.
    pub fixed: Decimal,
    /// Minimum top-ups.
    pub minimum: Decimal,
    /// The month's total.
    pub total: Decimal,
}

/// The rounding an annual bill applied: each line's amount, once, half up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualRounding {
    /// Decimal places: 2 (rounded) or 12 (unrounded).
    pub scale: u32,
    /// Always `half_up`.
    pub mode: String,
}

/// Twelve monthly bills and the year's total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualBill {
    /// The rate's name.
    pub rate: String,
    /// The utility.
    pub utility: String,
    /// Always `USD`.
    pub currency: String,
    /// `sam` or the year.
    pub calendar: String,
    /// How tiers were filled.
    pub allocation: Allocation,
    /// How amounts were rounded.
    pub rounding: AnnualRounding,
    /// January to December.
    pub months: Vec<MonthBill>,
    /// The year's energy charges.
    pub energy: Decimal,
    /// The year's demand charges.
    pub demand: Decimal,
    /// The year's fixed charges.
    pub fixed: Decimal,
    /// The year's minimum top-ups.
    pub minimum: Decimal,
    /// The year's total.
    pub total: Decimal,
}


/// What one month of the load adds up to, in the load's fixed-point units.
#[derive(Clone)]
struct Month {
    days: u32,
    total: i64,
    peak: i64,
    energy: [i64; MAX_PERIODS],
    demand: [i64; MAX_PERIODS],
    /// Chronological allocation only: kWh by energy period and tier.
    tiers: Vec<[i128; super::import::MAX_TIERS]>,
}

fn round(amount: Decimal, amounts: AnnualAmounts) -> Decimal {
    let mut r = amount.round_dp_with_strategy(amounts.scale(), RoundingStrategy::MidpointAwayFromZero);
    match amounts {
        AnnualAmounts::Rounded => r.rescale(2),
        AnnualAmounts::Unrounded => r = r.normalize(),
    }
    r
}

/// `n / d` rounded half up to `places`, from the fraction itself (one rounding). Integer
/// arithmetic where the digits fit in an i128 (every realistic bill: a Decimal division
/// costs ten times more), Decimal's otherwise. Half up is away from zero for a negative
/// `n` (a credit rate).
fn div_round(n: Decimal, d: Decimal, places: u32) -> Result<Decimal> {
    let negative = n.is_sign_negative() != d.is_sign_negative();
    let (a, b) = (n.mantissa().abs(), d.mantissa().abs());
    let k = (d.scale() + places).checked_sub(n.scale());
    if let Some(q) = k.filter(|k| *k <= 30).and_then(|k| a.checked_mul(10i128.pow(k))) {
        let (whole, rest) = (q / b, q % b);
        let r = if rest >= b - rest { whole + 1 } else { whole };
        if r < 1 << 95 {
            return Ok(Decimal::from_i128_with_scale(if negative { -r } else { r }, places));
        }
    }
    Ok(n.checked_div(d).ok_or_else(overflow)?.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero))
}

fn overflow() -> Error {
    Error::new(ErrorKind::Request, ErrorCode::OutOfRange, "hourly_kwh", "the year's charges are too large to compute exactly")
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(overflow)
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(overflow)
}

/// The upper bounds of a period's energy tiers in a month of `days` days (none: no bound).
fn energy_bounds(tiers: &[EnergyTier], days: u32) -> impl Iterator<Item = Option<Decimal>> + '_ {
    tiers.iter().map(move |t| match t.limit {
        None => None,
        Some(TierLimit::Monthly(m)) => Some(m),
        Some(TierLimit::Daily(d)) => Some(d * Decimal::from(days)),
    })
}

/// The part of `value` that falls in each tier `(lower, upper]`, with the tier's rate.
fn split<'a>(value: Decimal, bounds: impl Iterator<Item = Option<Decimal>> + 'a, rates: impl Iterator<Item = Decimal> + 'a) -> impl Iterator<Item = (u32, Decimal, Decimal)> + 'a {
    let mut lower = Decimal::ZERO;
    bounds.zip(rates).enumerate().map_while(move |(t, (upper, rate))| {
        if value <= lower && t > 0 {
            return None;
        }
        let top = upper.map_or(value, |u| value.min(u));
        let part = (top - lower).max(Decimal::ZERO);
        lower = upper.unwrap_or(value).max(lower);
        Some((t as u32 + 1, part, rate))
    })
}

fn demand_lines(lines: &mut Vec<AnnualLine>, kind: &str, period: usize, tiers: &[DemandTier], peak: Decimal, amounts: AnnualAmounts) -> Result<Decimal> {
    let mut sum = Decimal::ZERO;
    for (tier, kw, rate) in split(peak, tiers.iter().map(|t| t.max), tiers.iter().map(|t| t.rate)) {
        if kw.is_zero() {
            continue;
        }
        let amount = round(mul(kw, rate)?, amounts);
        sum = add(sum, amount)?;
        lines.push(AnnualLine {
            code: format!("demand.{kind}.period_{period}.tier_{tier}"),
            component: AnnualComponent::Demand,
            period: Some(period as u8),
            tier: Some(tier),
            quantity: kw,
            unit: AnnualUnit::Kw,
            price: rate,
            amount,
            share: None,
        });
    }
    Ok(sum)
}

/// Bills a year of hourly load under a URDB rate: twelve monthly bills, each with its
/// energy lines (period × tier), demand lines (time-of-use and flat, on the month's peak
/// kW in each period), fixed charge and minimum top-up, and the year's total.
///
/// With [`Allocation::Proportional`] the month's kWh fill each period's tier bounds and
/// every tier is shared among the periods in proportion to their kWh; with
/// [`Allocation::Chronological`] each hour's kWh go to the tier the month's running total
/// has reached. A monthly minimum tops the month's energy, demand and fixed charges up to
/// it; an annual minimum tops up the year's in December.
pub fn bill_annual(tariff: &UrdbTariff, request: &AnnualRequest) -> Result<AnnualBill> {
    let days = request.checked_days()?;
    let allocation = request.allocation.unwrap_or(tariff.allocation);
    let amounts = request.amounts;
    let scale = request.load.scale();
    let chronological = allocation == Allocation::Chronological && !tariff.energy.is_empty();
    let empty = Month {
        days: 0,
        total: 0,
        peak: 0,
        energy: [0; MAX_PERIODS],
        demand: [0; MAX_PERIODS],
        tiers: if chronological { vec![[0; super::import::MAX_TIERS]; tariff.energy.len()] } else { Vec::new() },
    };
    let mut days_in = [0u32; MONTHS];
    for &(m, _) in &days {
        days_in[m as usize] += 1;
    }
    let mut months: Vec<Month> = days_in.iter().map(|&days| Month { days, ..empty.clone() }).collect();
    let units = request.load.units();
    let has_demand = !tariff.demand.is_empty();

    // Chronological bounds in units of 10^-bscale kWh, cumulative, per period.
    let bscale = if chronological {
        tariff.energy.iter().flatten().filter_map(|t| t.limit).map(|l| match l { TierLimit::Monthly(d) | TierLimit::Daily(d) => d.scale() }).max().unwrap_or(0).max(scale)
    } else {
        scale
    };
    // bscale is at least every bound's scale, so each bound is a whole number of units.
    let to_units = |b: Option<Decimal>| b.map_or(i128::MAX, |b| b.mantissa() * 10i128.pow(bscale - b.scale()));
    let bounds_units: Vec<Vec<Vec<i128>>> = if chronological {
        (0..MONTHS).map(|m| tariff.energy.iter().map(|tiers| energy_bounds(tiers, days_in[m]).map(to_units).collect()).collect()).collect()
    } else {
        Vec::new()
    };
    let lift = 10i128.pow(bscale - scale);

    // A month's schedule depends only on its day type and the hour, so the sums and peaks
    // of each (month, day type, hour) hold everything but the hours' order: a day is then
    // 24 additions (which vectorise) and 24 maxima. A day type a month lacks stays zero
    // and adds nothing. Only chronological tiers need the order, and only where a period
    // has more than one tier.
    let ordered = chronological && tariff.energy.iter().any(|t| t.len() > 1);
    let mut sums = [[[0i64; 24]; 2]; MONTHS];
    let mut peaks = [[[0i64; 24]; 2]; MONTHS];
    let mut running = 0i128;
    let mut last_month = usize::MAX;
    for (&(m, weekend), hours) in days.iter().zip(units.chunks_exact(24)) {
        let (m, w) = (m as usize, weekend as usize);
        let hours: &[i64; 24] = hours.try_into().map_err(|_| overflow())?;
        let (sum, peak) = (&mut sums[m][w], &mut peaks[m][w]);
        for h in 0..24 {
            sum[h] += hours[h];
            peak[h] = peak[h].max(hours[h]);
        }
        if ordered {
            if m != last_month {
                running = 0;
                last_month = m;
            }
            let erow = if weekend { &tariff.energy_weekend[m] } else { &tariff.energy_weekday[m] };
            let month = &mut months[m];
            for h in 0..24 {
                let p = erow[h] as usize;
                let before = running;
                running += hours[h] as i128 * lift;
                let mut lower = 0i128;
                for (t, &upper) in bounds_units[m][p].iter().enumerate() {
                    let part = running.min(upper) - before.max(lower);
                    if part > 0 {
                        month.tiers[p][t] += part;
                    }
                    if running <= upper {
                        break;
                    }
                    lower = upper;
                }
            }
        }
    }
    for (m, month) in months.iter_mut().enumerate() {
        for w in 0..2 {
            let (erow, drow) = if w == 1 { (&tariff.energy_weekend[m], &tariff.demand_weekend[m]) } else { (&tariff.energy_weekday[m], &tariff.demand_weekday[m]) };
            for h in 0..24 {
                let (x, top) = (sums[m][w][h], peaks[m][w][h]);
                month.energy[erow[h] as usize] += x;
                month.total += x;
                month.peak = month.peak.max(top);
                if has_demand {
                    let q = drow[h] as usize;
                    month.demand[q] = month.demand[q].max(top);
                }
            }
        }
        if chronological && !ordered {
            // One tier per period: the period's kWh are its tier's.
            for (p, tiers) in month.tiers.iter_mut().enumerate() {
                tiers[0] = month.energy[p] as i128 * lift;
            }
        }
    }

    let kwh = |u: i64| Decimal::new(u, scale);
    let mut bills = Vec::with_capacity(MONTHS);
    let (mut year_energy, mut year_demand, mut year_fixed, mut year_minimum) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for (m, month) in months.iter().enumerate() {
        let mut lines = Vec::new();
        let total_kwh = kwh(month.total);
        let mut energy = Decimal::ZERO;
        for (p, tiers) in tariff.energy.iter().enumerate() {
            let period_kwh = kwh(month.energy[p]);
            if month.energy[p] == 0 {
                continue;
            }
            let whole = month.energy[p] == month.total;
            let parts: Vec<(u32, Decimal, Decimal)> = if chronological {
                tiers.iter().enumerate().map(|(t, tier)| (t as u32 + 1, Decimal::from_i128_with_scale(month.tiers[p][t], bscale).normalize(), tier.rate)).collect()
            } else {
                split(total_kwh, energy_bounds(tiers, month.days), tiers.iter().map(|t| t.rate)).collect()
            };
            for (tier, tier_kwh, rate) in parts {
                if tier_kwh.is_zero() {
                    continue;
                }
                let (quantity, exact, share) = if chronological || whole {
                    (tier_kwh, mul(tier_kwh, rate)?, None)
                } else {
                    let kwh = mul(tier_kwh, period_kwh)?;
                    let quantity = div_round(kwh, total_kwh, 6)?.normalize();
                    // The exact fraction rounded once, straight to the amount's places.
                    let amount = round(div_round(mul(kwh, rate)?, total_kwh, amounts.scale())?, amounts);
                    (quantity, amount, Some(Share { tier_kwh, period_kwh, month_kwh: total_kwh }))
                };
                let amount = if share.is_some() { exact } else { round(exact, amounts) };
                energy = add(energy, amount)?;
                lines.push(AnnualLine {
                    code: format!("energy.period_{p}.tier_{tier}"),
                    component: AnnualComponent::Energy,
                    period: Some(p as u8),
                    tier: Some(tier),
                    quantity,
                    unit: AnnualUnit::Kwh,
                    price: rate,
                    amount,
                    share,
                });
            }
        }
        let mut demand = Decimal::ZERO;
        for (q, tiers) in tariff.demand.iter().enumerate() {
            demand = add(demand, demand_lines(&mut lines, "tou", q, tiers, kwh(month.demand[q]), amounts)?)?;
        }
        if !tariff.flat_demand.is_empty() {
            let p = tariff.flat_demand_months[m] as usize;
            demand = add(demand, demand_lines(&mut lines, "flat", p, &tariff.flat_demand[p], kwh(month.peak), amounts)?)?;
        }
        let mut fixed = Decimal::ZERO;
        if let Some((price, unit)) = tariff.fixed {
            let (quantity, unit) = match unit {
                FixedUnit::Month => (Decimal::ONE, AnnualUnit::Month),
                FixedUnit::Day => (Decimal::from(month.days), AnnualUnit::Day),
            };
            fixed = round(mul(quantity, price)?, amounts);
            lines.push(AnnualLine { code: "fixed".into(), component: AnnualComponent::Fixed, period: None, tier: None, quantity, unit, price, amount: fixed, share: None });
        }
        let charges = add(add(energy, demand)?, fixed)?;
        let mut minimum = Decimal::ZERO;
        if let Some((floor, MinimumUnit::Month)) = tariff.minimum {
            if charges < floor {
                minimum = round(floor - charges, amounts);
                lines.push(AnnualLine::top_up("minimum.monthly", minimum));
            }
        }
        year_energy = add(year_energy, energy)?;
        year_demand = add(year_demand, demand)?;
        year_fixed = add(year_fixed, fixed)?;
        year_minimum = add(year_minimum, minimum)?;
        bills.push(MonthBill { month: m as u8 + 1, days: month.days, kwh: total_kwh, peak_kw: kwh(month.peak), lines, energy, demand, fixed, minimum, total: add(charges, minimum)? });
    }
    if let Some((floor, MinimumUnit::Year)) = tariff.minimum {
        let charges = add(add(year_energy, year_demand)?, year_fixed)?;
        if charges < floor {
            let top = round(floor - charges, amounts);
            let december = &mut bills[MONTHS - 1];
            december.lines.push(AnnualLine::top_up("minimum.annual", top));
            december.minimum = add(december.minimum, top)?;
            december.total = add(december.total, top)?;
            year_minimum = add(year_minimum, top)?;
        }
    }
    let total = add(add(add(year_energy, year_demand)?, year_fixed)?, year_minimum)?;
    Ok(AnnualBill {
        rate: tariff.name.clone(),
        utility: tariff.utility.clone(),
        currency: "USD".into(),
        calendar: match request.calendar {
            AnnualCalendar::Sam => "sam".into(),
            AnnualCalendar::Year(y) => y.to_string(),
        },
        allocation,
        rounding: AnnualRounding { scale: amounts.scale(), mode: "half_up".into() },
        months: bills,
        energy: year_energy,
        demand: year_demand,
        fixed: year_fixed,
        minimum: year_minimum,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn div_round_rounds_the_fraction_once_half_away_from_zero() {
        assert_eq!(div_round(d("1"), d("3"), 2).unwrap().to_string(), "0.33");
        assert_eq!(div_round(d("2"), d("3"), 2).unwrap().to_string(), "0.67");
        assert_eq!(div_round(d("0.125"), d("1"), 2).unwrap().to_string(), "0.13");
        assert_eq!(div_round(d("-0.125"), d("1"), 2).unwrap().to_string(), "-0.13");
        // 0.004999…: one rounding gives 0.00, where rounding to 12 places first would give 0.01.
        assert_eq!(div_round(d("0.0049999999999999"), d("1"), 2).unwrap().to_string(), "0.00");
        // Past the i128 path, Decimal's division gives the same.
        let big = d("79228162514264337593543950");
        assert_eq!(div_round(big, d("7"), 2).unwrap(), (big / d("7")).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero));
    }

    #[test]
    fn a_column_of_whole_kwh_at_scale_10_reads_as_its_values() {
        let load = HourlyLoadAlias::from_units([10_000_000_000i128, 25_000_000_000], 10).unwrap();
        assert_eq!((load.scale(), load.units()), (6, &[1_000_000i64, 2_500_000][..]));
        let e = HourlyLoadAlias::from_units([10_000_000_001i128], 10).unwrap_err();
        assert_eq!((e.code.as_str(), e.path.as_str()), ("too_precise", "hourly_kwh[0]"));
    }

    use super::super::request::HourlyLoad as HourlyLoadAlias;
}
