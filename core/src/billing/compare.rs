//! Explaining the difference between two bills of one account, and pricing one usage under
//! several tariffs (what-if).
//!
//! A [`Comparison`] splits `after.total − before.total` into contributions that add up to
//! it exactly:
//!
//! * **usage**: energy charges change with billed kWh at the earlier bill's average energy
//!   price; funds by Δ kWh × the earlier fund rate.
//! * **tier**: the rest of the change in energy charges at unchanged prices: kWh moving
//!   between tiers or time-of-use periods (the energy residual, so energy adds up).
//! * **price**: a line present in both bills priced differently: this quantity × (this
//!   price − the earlier price).
//! * **days**: per-day and per-month charges change with the days or months billed.
//! * **demand**: basic charges change with kVA, kW or months billed.
//! * **adjustment**: the power-factor adjustment or the minimum-charge top-up changed.
//! * **line_added**, **line_removed**: a line only one of the bills has (other than energy
//!   lines, which the usage and tier contributions explain).
//! * **rounding**: what subtotal rounding leaves (component-stage rounding only).
//!
//! Every contribution is rounded to the fen; the energy tier residual and the final
//! rounding residual absorb the rest, so the sum is exact.

use super::calc::bill;
use super::model::{Bill, BillPeriod, BillRequest, Component, LineItem, Rule, Tariff, Unit};
use crate::base::error::{Error, ErrorCode, Result};
use crate::base::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a contribution to a bill difference is due to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContributionKind {
    /// More or fewer kWh.
    Usage,
    /// More or fewer days or months billed.
    Days,
    /// kWh in other tiers or time-of-use periods.
    Tier,
    /// Changed prices.
    Price,
    /// Changed capacity, demand or months of the basic charge.
    Demand,
    /// Changed power-factor adjustment or minimum-charge top-up.
    Adjustment,
    /// A line only the later bill has.
    LineAdded,
    /// A line only the earlier bill has.
    LineRemoved,
    /// Subtotal rounding.
    Rounding,
}

/// One reason for a difference, with its share in 元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// What it is due to.
    pub kind: ContributionKind,
    /// Its share of the difference (negative: the later bill is lower for this reason).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
    /// The line codes it comes from.
    pub codes: Vec<String>,
    /// One sentence in Chinese and English.
    pub text: Text,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillSummary {
    /// The period billed.
    pub period: BillPeriod,
    /// The tariff billed under.
    pub tariff_id: String,
    /// Billed kWh.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub billed_kwh: Decimal,
    /// The bill's total.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub total: Decimal,
}

impl BillSummary {
    fn of(b: &Bill) -> Self {
        BillSummary { period: b.period, tariff_id: b.tariff_id.clone(), billed_kwh: b.usage.billed_kwh, total: b.total }
    }
}

/// The difference between two bills of one account, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// 户号.
    pub account_id: String,
    /// The earlier bill.
    pub before: BillSummary,
    /// The later bill.
    pub after: BillSummary,
    /// `after.total − before.total`.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub difference: Decimal,
    /// Contributions, in kind order, none zero; they sum to `difference` exactly.
    pub contributions: Vec<Contribution>,
}

/// Lines of one code, summed (a tariff version may split a code into pieces).
struct Agg<'a> {
    first: &'a LineItem,
    quantity: Decimal,
    amount: Decimal,
}

impl Agg<'_> {
    /// The average unit price (exact when the code has one price).
    fn price(&self) -> Decimal {
        if self.quantity.is_zero() {
            self.first.unit_price
        } else {
            self.amount / self.quantity
        }
    }
}

fn aggregate(b: &Bill) -> BTreeMap<&str, Agg<'_>> {
    let mut out: BTreeMap<&str, Agg> = BTreeMap::new();
    for l in &b.lines {
        let e = out.entry(l.code.as_ref()).or_insert(Agg { first: l, quantity: Decimal::ZERO, amount: Decimal::ZERO });
        // A part-month line's quantity is counted in days over its divisor.
        e.quantity += l.quantity_in_unit();
        e.amount += l.amount;
    }
    out
}

/// To the fen, half-up: the default rounding policy's amount rounding.
fn fen(v: Decimal) -> Decimal {
    crate::base::money::RoundingPolicy::default().round_amount(v)
}

fn signed(v: Decimal) -> String {
    if v.is_sign_negative() && !v.is_zero() {
        format!("{v}")
    } else {
        format!("+{v}")
    }
}

fn is_energy_kwh(l: &LineItem) -> bool {
    l.component == Component::Energy && l.unit == Unit::Kwh
}

/// Explains `after.total − before.total` for two bills of one account.
///
/// ```
/// use gridcore::{bill, BillRequest, compare::compare};
/// let req = |start: &str, end: &str, from: &str, to: &str, ytd: &str| BillRequest::from_json(&format!(r#"{{
///   "tariff": {{"id": "zj", "name": {{"zh": "浙江居民", "en": "Zhejiang residential"}},
///     "energy": {{"tiered": {{"cycle": "annual", "tiers": [
///       {{"upto": "2760", "price": "0.538"}}, {{"upto": "4800", "price": "0.588"}}, {{"price": "0.838"}}]}}}}}},
///   "account": {{"account_id": "3300012345"}},
///   "period": {{"start": "{start}", "end": "{end}"}},
///   "usage": {{"readings": [{{"register": "total", "start": "{from}", "end": "{to}"}}]}},
///   "year_to_date_kwh": "{ytd}", "as_of": "{end}"}}"#)).unwrap();
/// let october = bill(&req("2026-10-01", "2026-11-01", "8000", "8200", "2400")).unwrap();
/// let november = bill(&req("2026-11-01", "2026-12-01", "8200", "8500", "2600")).unwrap();
/// let c = compare(&october, &november).unwrap();
/// assert_eq!(c.difference.to_string(), "60.80");
/// let parts: Vec<String> = c.contributions.iter().map(|c| format!("{:?} {}", c.kind, c.amount)).collect();
/// assert_eq!(parts, ["Usage 53.80", "Tier 7.00"]);
/// ```
pub fn compare(before: &Bill, after: &Bill) -> Result<Comparison> {
    if before.account_id != after.account_id {
        return Err(Error::request(
            ErrorCode::AccountMismatch,
            "after.account_id",
            format!("the bills belong to different accounts ({} and {})", before.account_id, after.account_id),
        ));
    }
    let (a1, a2) = (aggregate(before), aggregate(after));
    let mut parts = Parts::new();

    // Energy charges: usage at the earlier average price, price changes per line, and the
    // rest is the tier and time-of-use mix.
    let energy = |b: &Bill| b.lines.iter().filter(|l| is_energy_kwh(l)).map(|l| l.amount).sum::<Decimal>();
    let (e1, e2) = (energy(before), energy(after));
    let (k1, k2) = (before.usage.billed_kwh, after.usage.billed_kwh);
    let mut energy_price = Decimal::ZERO;
    for (code, l2) in a2.iter().filter(|(_, l)| is_energy_kwh(l.first)) {
        if let Some(l1) = a1.get(code).filter(|l| !l.quantity.is_zero()) {
            let effect = fen(l2.amount - l2.quantity * l1.price());
            if !effect.is_zero() {
                energy_price += effect;
                add(&mut parts, ContributionKind::Price, effect, code, Some(format!("{} {}→{}", code, l1.price().normalize().round_dp(6), l2.price().normalize().round_dp(6))));
            }
        }
    }
    let energy_usage = if k1.is_zero() { e2 - e1 - energy_price } else { fen((k2 - k1) * e1 / k1) };
    if !energy_usage.is_zero() {
        add(&mut parts, ContributionKind::Usage, energy_usage, "energy", None);
    }
    let mix = e2 - e1 - energy_price - energy_usage;
    if !mix.is_zero() {
        for (code, l) in a1.iter().chain(a2.iter()).filter(|(_, l)| is_energy_kwh(l.first) && !matches!(l.first.rule, Rule::FlatPrice | Rule::AgencyComponent | Rule::AgencyPrice { .. })) {
            let (q1, q2) = (a1.get(code).map_or(Decimal::ZERO, |l| l.quantity), a2.get(code).map_or(Decimal::ZERO, |l| l.quantity));
            if q1 != q2 && parts.get(&ContributionKind::Tier).map_or(true, |p| !p.codes.iter().any(|c| c == code)) {
                let detail = format!("{} {}→{} kWh", l.first.description.en, q1.normalize(), q2.normalize());
                add(&mut parts, ContributionKind::Tier, Decimal::ZERO, code, Some(detail));
            }
        }
        add(&mut parts, ContributionKind::Tier, mix, "energy", None);
    }

    // Every other line, code by code.
    for (code, l2) in a2.iter().filter(|(_, l)| !is_energy_kwh(l.first)) {
        match a1.get(code) {
            None => add(&mut parts, ContributionKind::LineAdded, l2.amount, code, Some(l2.first.description.en.to_string())),
            Some(l1) => {
                let delta = l2.amount - l1.amount;
                if delta.is_zero() {
                    continue;
                }
                let quantity_kind = match (l2.first.component, l2.first.unit) {
                    (Component::PowerFactor | Component::Minimum, _) => {
                        add(&mut parts, ContributionKind::Adjustment, delta, code, None);
                        continue;
                    }
                    (_, Unit::Kwh) => ContributionKind::Usage,
                    (_, Unit::KvaMonth | Unit::KwMonth) => ContributionKind::Demand,
                    _ => ContributionKind::Days,
                };
                let quantity_effect = fen((l2.quantity - l1.quantity) * l1.price());
                if !quantity_effect.is_zero() {
                    add(&mut parts, quantity_kind, quantity_effect, code, None);
                }
                if delta != quantity_effect {
                    let detail = format!("{} {}→{}", code, l1.price().normalize().round_dp(6), l2.price().normalize().round_dp(6));
                    add(&mut parts, ContributionKind::Price, delta - quantity_effect, code, Some(detail));
                }
            }
        }
    }
    for (code, l1) in a1.iter().filter(|(code, l)| !is_energy_kwh(l.first) && !a2.contains_key(*code)) {
        add(&mut parts, ContributionKind::LineRemoved, -l1.amount, code, Some(l1.first.description.en.to_string()));
    }
    let difference = after.total - before.total;
    let explained: Decimal = parts.values().map(|p| p.amount).sum();
    if explained != difference {
        add(&mut parts, ContributionKind::Rounding, difference - explained, "total", None);
    }

    let contributions = parts
        .into_iter()
        .filter(|(_, part)| !part.amount.is_zero())
        .map(|(kind, Part { amount, codes, details })| {
            let amount = crate::base::money::fixed_scale(amount.normalize(), amount.normalize().scale().max(2));
            let text = sentence(kind, amount, before, after, &details);
            Contribution { kind, amount, codes, text }
        })
        .collect();
    Ok(Comparison { account_id: after.account_id.clone(), before: BillSummary::of(before), after: BillSummary::of(after), difference, contributions })
}

/// One kind's share of the difference, as it is gathered.
#[derive(Default)]
struct Part {
    /// Its amount so far.
    amount: Decimal,
    /// The line codes it comes from.
    codes: Vec<String>,
    /// Details for its sentence (`energy.peak 0.8→0.9`).
    details: Vec<String>,
}

type Parts = BTreeMap<ContributionKind, Part>;

fn add(parts: &mut Parts, kind: ContributionKind, amount: Decimal, code: &str, detail: Option<String>) {
    let e = parts.entry(kind).or_default();
    e.amount += amount;
    if !e.codes.iter().any(|c| c == code) {
        e.codes.push(code.to_string());
    }
    e.details.extend(detail);
}

fn sentence(kind: ContributionKind, amount: Decimal, before: &Bill, after: &Bill, details: &[String]) -> Text {
    let a = signed(amount);
    let more = if details.is_empty() { String::new() } else { format!(" ({})", details.join("; ")) };
    let (k1, k2) = (before.usage.billed_kwh.normalize(), after.usage.billed_kwh.normalize());
    match kind {
        ContributionKind::Usage => Text::new(
            format!("用电量由 {k1} kWh 变为 {k2} kWh, 电费及基金相应变化 {a} 元"),
            format!("Usage went from {k1} kWh to {k2} kWh: {a} CNY in energy charges and funds"),
        ),
        ContributionKind::Days => Text::new(
            format!("计费天数由 {} 天变为 {} 天, 按天/按月费用变化 {a} 元", before.period.days, after.period.days),
            format!("Days billed went from {} to {}: {a} CNY in daily and monthly charges", before.period.days, after.period.days),
        ),
        ContributionKind::Tier => Text::new(
            format!("各档/各时段电量分布变化 {a} 元{more}"),
            format!("kWh fell differently across tiers or time-of-use periods: {a} CNY{more}"),
        ),
        ContributionKind::Price => Text::new(format!("电价调整 {a} 元{more}"), format!("Prices changed: {a} CNY{more}")),
        ContributionKind::Demand => Text::new(
            format!("基本电费计费容量、需量或月数变化 {a} 元"),
            format!("Capacity, demand or months of the basic charge changed: {a} CNY"),
        ),
        ContributionKind::Adjustment => Text::new(
            format!("功率因数调整电费或最低电费补足变化 {a} 元"),
            format!("The power-factor adjustment or minimum-charge top-up changed: {a} CNY"),
        ),
        ContributionKind::LineAdded => Text::new(format!("本期新增项目 {a} 元{more}"), format!("Lines new this bill: {a} CNY{more}")),
        ContributionKind::LineRemoved => Text::new(format!("上期有而本期无的项目 {a} 元{more}"), format!("Lines the earlier bill had and this one has not: {a} CNY{more}")),
        ContributionKind::Rounding => Text::new(format!("小计舍入差 {a} 元"), format!("Subtotal rounding: {a} CNY")),
    }
}

/// One tariff's price for the usage, in a what-if.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIfOption {
    /// 1 for the cheapest.
    pub rank: u32,
    /// The tariff.
    pub tariff_id: String,
    /// Its name.
    pub tariff_name: Text,
    /// Whether this is the request's own tariff.
    pub current: bool,
    /// The bill's total under this tariff.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub total: Decimal,
    /// current total − this total: positive saves money.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub saving: Decimal,
    /// The full bill.
    pub bill: Bill,
}

/// One usage under several tariffs, cheapest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIf {
    /// 户号.
    pub account_id: String,
    /// The request's tariff.
    pub current_tariff_id: String,
    /// Every option, the current one included, by total (ties keep the given order,
    /// current first).
    pub options: Vec<WhatIfOption>,
}

/// Bills the request under its own tariff and under each of `tariffs` (for the whole
/// period; tariff versions apply to the current tariff only), ranked by total.
pub fn what_if(request: &BillRequest, tariffs: &[Arc<Tariff>]) -> Result<WhatIf> {
    let current = bill(request)?;
    let mut bills = vec![(true, current)];
    for (i, t) in tariffs.iter().enumerate() {
        let mut r = request.clone();
        r.tariff = t.clone();
        r.tariff_versions.clear();
        // Readings on 1 January serve a tariff that cuts the bill there, and only such one.
        if !t.tiers.as_ref().is_some_and(|tiers| crate::billing::tiers::year_cut(tiers, &r.period).is_some()) {
            r.new_year_readings.clear();
        }
        let b = bill(&r).map_err(|mut e| {
            e.reason = format!("under tariffs[{i}] ({}): {}", t.id(), e.reason);
            e
        })?;
        bills.push((false, b));
    }
    let base = bills[0].1.total;
    bills.sort_by_key(|(_, b)| b.total);
    let options = bills
        .into_iter()
        .enumerate()
        .map(|(i, (current, b))| WhatIfOption {
            rank: i as u32 + 1,
            tariff_id: b.tariff_id.clone(),
            tariff_name: b.tariff_name.clone(),
            current,
            total: b.total,
            saving: base - b.total,
            bill: b,
        })
        .collect();
    Ok(WhatIf { account_id: request.account.account_id.clone(), current_tariff_id: request.tariff.id().to_string(), options })
}
