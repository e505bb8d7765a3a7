//! Bill calculation: a [`BillRequest`] in, an explained [`Bill`] out.
//!
//! Every line states quantity × unit price = amount, the tier or period it belongs to and
//! the [`Rule`] that produced it. Each amount is rounded once by the tariff's
//! [`RoundingPolicy`]; the total is the sum of the (rounded) lines, so a printed bill
//! always adds up.

use super::demand;
use super::metering::{measure, Measured};
use super::model::{Bill, BillPeriod, BillRequest, Component, LineItem, LossKind, PeriodKwh, PricePart, Register, Rule, Subtotal, Tariff, Unit, UsageSummary};
use super::model::{EnergyRate, FixedBasis, LossPresentation, Presentation};
use super::tiers::{bands, TierPart};
use crate::base::calendar::TouPeriod;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::money::{RoundingPolicy, RoundingStage, ENERGY_SCALE};
use super::model::FRACTION_SCALE;
use crate::base::{check_decimal, Text};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Computes one bill. Nothing is half-computed: any invalid input returns an error and
/// no bill.
///
/// ```
/// use gridcore::{bill, BillRequest};
/// // 浙江 annual tiers: 2600 kWh used Jan–Oct, 300 kWh in November (the 浙江 residential tier bounds, 2760 / 4800 kWh a year).
/// let request = BillRequest::from_json(r#"{
///   "tariff": {"id": "zj", "name": {"zh": "浙江居民阶梯电价", "en": "Zhejiang residential tiered"},
///              "energy": {"tiered": {"cycle": "annual", "tiers": [
///                {"upto": "2760", "price": "0.538"}, {"upto": "4800", "price": "0.588"}, {"price": "0.838"}]}}},
///   "account": {"account_id": "3300012345"},
///   "period": {"start": "2026-11-01", "end": "2026-12-01"},
///   "usage": {"readings": [{"register": "total", "start": "8200", "end": "8500"}]},
///   "year_to_date_kwh": "2600",
///   "as_of": "2026-12-01"
/// }"#).unwrap();
/// let b = bill(&request).unwrap();
/// let amounts: Vec<String> = b.lines.iter().map(|l| l.amount.to_string()).collect();
/// assert_eq!(amounts, ["86.08", "82.32"]);
/// assert_eq!(b.total.to_string(), "168.40");
/// ```
pub fn bill(request: &BillRequest) -> Result<Bill> {
    #[cfg(feature = "fuzzing")]
    crate::base::faults::maybe_panic(&request.account.account_id);
    let tariff = &*request.tariff;
    let policy = tariff.rounding();
    let period = request.period;
    period.validate()?;
    if request.as_of < period.end {
        return Err(Error::request(
            ErrorCode::IssuedTooEarly,
            "as_of",
            format!("as_of {} is before the period ends ({}); a bill is computed once its period is over", request.as_of, period.end),
        ));
    }
    check_decimal(ErrorKind::Request, request.year_to_date_kwh, ENERGY_SCALE, "year-to-date kWh", || "year_to_date_kwh".into())?;
    if request.account.account_id.trim().is_empty() {
        return Err(Error::request(ErrorCode::Empty, "account.account_id", "an account needs an account_id"));
    }

    let calendar;
    let calendar_ref = if request.holidays.is_empty() {
        &tariff.calendar
    } else {
        calendar = tariff.calendar.with_holidays(&request.holidays);
        &calendar
    };
    let cuts = crate::billing::versions::check(request)?;
    let mut measure_cuts = cuts.clone();
    // Annual tiers counted per calendar day are cut at 1 January inside the period.
    let year_cut = tariff.tiers.as_ref().and_then(|t| crate::billing::tiers::year_cut(t, &period));
    if let Some(cut) = year_cut {
        if !request.tariff_versions.is_empty() {
            return Err(Error::request(
                ErrorCode::InvalidField,
                "tariff_versions",
                format!("a bill cut at {cut} for its annual tiers cannot also carry tariff versions; bill each side of {cut} on its own"),
            ));
        }
        measure_cuts = vec![cut];
    } else if !request.new_year_readings.is_empty() {
        return Err(Error::request(
            ErrorCode::InvalidField,
            "new_year_readings",
            "readings on 1 January are only for a bill that crosses it under `calendar_days` annual tiers",
        ));
    }
    let metered = tariff.spec().energy.is_some();
    let Measured { summary: usage, mut segments, loss_shares } = measure(&request.usage, &period, tariff.schedule.as_ref(), calendar_ref, policy, &measure_cuts, metered)?;

    let mut notes = Vec::new();
    let tier_parts = match &tariff.tiers {
        Some(table) => {
            let split = match year_cut {
                Some(cut) => {
                    let readings: Vec<crate::billing::versions::CutReadings> = if request.new_year_readings.is_empty() {
                        Vec::new()
                    } else {
                        vec![crate::billing::versions::CutReadings { date: cut, values: &request.new_year_readings, path: "new_year_readings".into() }]
                    };
                    Some(crate::billing::versions::split_usage(&usage, segments.take(), &[period.start, cut, period.end], &readings, policy)?)
                }
                None => None,
            };
            Some(crate::billing::tiers::parts(table, request, &usage, split, policy, &mut notes)?)
        }
        None => {
            if !request.account.tier_extra_kwh.is_empty() {
                notes.push(Text::new("本电价无阶梯, 多人口增加的阶梯电量不适用", "This tariff has no tiers; the account's extra tier kWh do not apply"));
            }
            None
        }
    };
    let measured = Priced { usage: &usage, tier_parts: tier_parts.as_deref(), loss_shares: &loss_shares };
    let standard = request.account.power_factor_standard;
    let reactive = match (standard, usage.reactive_kvarh) {
        (Some(_), None) => {
            return Err(Error::metering(
                ErrorCode::MissingRegister,
                "usage",
                "the power-factor adjustment needs reactive energy: a `reactive` register reading or `kvarh` on every interval",
            ))
        }
        (_, r) => r,
    };

    let mut lines = charge_lines(tariff, request, &measured, Some(&mut notes))?;
    if !cuts.is_empty() {
        let mut priced = Vec::with_capacity(cuts.len() + 1);
        priced.push(std::mem::take(&mut lines));
        for v in &request.tariff_versions {
            priced.push(charge_lines(&v.tariff, request, &measured, None)?);
            notes.push(Text::new(
                format!("{} 起执行电价版本 {}, 按{}分段计费", v.effective_from, v.tariff.id(), if v.readings.is_empty() && segments.is_none() { "天数比例" } else { "实际电量" }),
                format!(
                    "tariff version {} from {}; usage split {}",
                    v.tariff.id(),
                    v.effective_from,
                    if v.readings.is_empty() && segments.is_none() { "by days" } else { "by actual usage" }
                ),
            ));
        }
        lines = crate::billing::versions::split(request, &usage, segments, priced, policy)?;
    }

    // The power-factor adjustment applies to energy + basic charges as billed (rounded
    // lines under line-stage rounding), never to funds or fixed charges.
    let charged = |lines: &[LineItem], components: &[Component]| -> Decimal {
        lines.iter().filter(|l| components.contains(&l.component)).map(|l| round_line(l.amount, policy)).sum()
    };
    if let (Some(standard), Some(reactive)) = (standard, reactive) {
        let active = usage.metered_kwh;
        let rounded = crate::billing::power_factor::power_factor(active, reactive, 2)?;
        let percent = crate::billing::power_factor::percent(rounded, standard);
        let base = charged(&lines, &[Component::Energy, Component::Basic]);
        let rule = Rule::PowerFactor {
            active_kwh: active,
            reactive_kvarh: reactive,
            power_factor: crate::billing::power_factor::power_factor(active, reactive, 4)?,
            rounded,
            standard,
            percent,
        };
        lines.push(LineItem::new("power_factor", Component::PowerFactor, Text::new("功率因数调整电费", "Power factor adjustment"), rule).priced(base, Unit::Yuan, (percent / Decimal::ONE_HUNDRED).normalize()));
    }
    let last = request.tariff_versions.last().map_or(tariff, |v| &*v.tariff);
    if let Some(min) = &last.spec().minimum_charge {
        // A part month counts exactly: 100.00 a month over 1 + 5/31 months is 116.13.
        let minimum = policy.round_amount(match min.basis {
            FixedBasis::PerBill => min.amount,
            FixedBasis::PerDay => min.amount * Decimal::from(period.days()),
            FixedBasis::PerMonth => period.months().times(min.amount),
        });
        let charges = charged(&lines, &[Component::Energy, Component::Basic, Component::PowerFactor]);
        if charges < minimum {
            let top_up = minimum - charges;
            lines.push(LineItem::new("minimum", Component::Minimum, Text::new("最低电费补足", "Minimum charge top-up"), Rule::MinimumCharge { minimum, charges }).priced(Decimal::ONE, Unit::Bill, top_up));
        }
    }
    // Energy, basic, power factor, minimum, funds, fixed; stable within a component.
    lines.sort_by_key(|l| l.component);

    if usage.billed_kwh.is_zero() && metered {
        notes.push(Text::new("本期无用电", "No consumption this period"));
    }
    let total_register = usage.registers.iter().find(|r| r.register == Register::Total && !r.billed);
    if let Some(total) = total_register {
        let periods: Decimal = usage.registers.iter().filter(|r| r.billed).map(|r| r.advance).sum();
        if total.advance != periods {
            notes.push(Text::new(
                format!("总示数走字 {} 与各时段走字之和 {} 不一致, 按各时段计费", total.advance, periods.normalize()),
                format!("total register advanced {} but the period registers {}; billed by period", total.advance, periods.normalize()),
            ));
        }
    }
    if usage.estimated {
        notes.push(Text::new("含估抄示数, 将按下次实抄示数更正", "Includes estimated readings; the next actual reading corrects them"));
    }

    let (subtotals, total) = apply_rounding(&mut lines, policy);
    Ok(Bill {
        account_id: request.account.account_id.clone(),
        tariff_id: last.id().to_string(),
        tariff_name: last.spec().name.clone(),
        period: BillPeriod { start: period.start, end: period.end, days: period.days() as u32 },
        issued_on: request.as_of,
        billing_month: request.billing_month,
        usage,
        lines,
        subtotals,
        total,
        rounding: *policy,
        notes,
    })
}

/// What a bill's lines are priced from: the measured usage, the parts of its tier count,
/// and each loss's kWh per time-of-use period.
struct Priced<'a> {
    usage: &'a UsageSummary,
    tier_parts: Option<&'a [TierPart]>,
    loss_shares: &'a [PeriodKwh],
}

/// The lines one tariff (version) charges for the whole period: energy, basic, funds and
/// fixed charges. `notes` is `None` when pricing a later version of the same bill.
fn charge_lines(tariff: &Tariff, request: &BillRequest, priced: &Priced, mut notes: Option<&mut Vec<Text>>) -> Result<Vec<LineItem>> {
    let spec = tariff.spec();
    let policy = tariff.rounding();
    let usage = priced.usage;
    let period = request.period;
    let mut lines = Vec::with_capacity(8);
    let billed = usage.billed_kwh;
    // Losses on their own lines: by kind (transformer, then line), per period.
    let mut losses: Vec<(LossKind, PeriodKwh)> = Vec::new();
    if spec.loss_presentation == Some(LossPresentation::Separate) {
        for kind in [LossKind::Transformer, LossKind::Line] {
            let mut sum = [Decimal::ZERO; 4];
            for (_, shares) in usage.losses.iter().zip(priced.loss_shares).filter(|(l, _)| l.kind == kind) {
                for (s, v) in sum.iter_mut().zip(shares) {
                    *s += v;
                }
            }
            if sum.iter().any(|v| !v.is_zero()) {
                losses.push((kind, sum));
            }
        }
    }
    let loss_kwh = |p: Option<TouPeriod>| -> Decimal { losses.iter().map(|(_, s)| p.map_or_else(|| s.iter().sum(), |p| s[p.index()])).sum() };
    // The kWh an energy line prices: billed, less the losses printed on their own.
    let priced_kwh = billed - loss_kwh(None);
    let push_losses = |lines: &mut Vec<LineItem>, energy: &LineItem| {
        for (kind, shares) in &losses {
            let kwh = energy.period.map_or_else(|| shares.iter().sum(), |p| shares[p.index()]);
            if kwh.is_zero() {
                continue;
            }
            let (code, zh, en) = match kind {
                LossKind::Transformer => ("transformer_loss", "变损电量", "transformer loss"),
                LossKind::Line => ("line_loss", "线损电量", "line loss"),
            };
            let description = Text::new(format!("{}·{zh}", energy.description.zh), format!("{}, {en}", energy.description.en));
            let mut item = LineItem::new(format!("{}.{code}", energy.code), Component::Energy, description, Rule::Loss { loss: *kind }).priced(kwh, Unit::Kwh, energy.unit_price).with_period(energy.period);
            (item.from, item.to) = (energy.from, energy.to);
            lines.push(item);
        }
    };
    let energy_line = |lines: &mut Vec<LineItem>, item: LineItem| {
        let energy = item.clone();
        if !item.quantity.is_zero() {
            lines.push(item);
        }
        push_losses(lines, &energy);
    };
    let dated = |mut item: LineItem, part: &TierPart| {
        (item.from, item.to) = part.dates.unzip();
        item
    };
    match &spec.energy {
        None => {}
        Some(EnergyRate::Flat { price }) => {
            if !billed.is_zero() {
                energy_line(&mut lines, LineItem::new(Cow::Borrowed("energy"), Component::Energy, Text::new("电度电费", "Energy"), Rule::FlatPrice).priced(priced_kwh, Unit::Kwh, *price));
            }
        }
        Some(EnergyRate::Tiered { .. }) => {
            let table = tariff.tiers.as_ref().expect("tiered rates have a tier table");
            for part in priced.tier_parts.expect("tiered rates have a tier count") {
                for band in bands(table.prices.len(), part) {
                    let (code, description) = tier_words(band.tier);
                    let rule = Rule::Tier { cycle: table.cycle, tier: band.tier, lower: band.lower, upper: band.upper, from_kwh: band.from, to_kwh: band.to };
                    lines.push(dated(LineItem::new(code, Component::Energy, description, rule).priced(band.kwh, Unit::Kwh, table.prices[band.tier as usize - 1]).in_tier(band.tier), part));
                }
            }
        }
        Some(EnergyRate::TimeOfUse { prices }) => {
            for (&p, &kwh) in &usage.by_period {
                if !kwh.is_zero() {
                    let (code, description) = period_words(p);
                    energy_line(&mut lines, LineItem::new(code, Component::Energy, description, Rule::TimeOfUse { period: p }).priced(kwh - loss_kwh(Some(p)), Unit::Kwh, prices[&p]).in_period(p));
                }
            }
        }
        Some(EnergyRate::TimeOfUseTiered { prices, .. }) => {
            let table = tariff.tiers.as_ref().expect("tiered rates have a tier table");
            let parts = priced.tier_parts.expect("tiered rates have a tier count");
            match (&table.matrix, prices) {
                // 上海: each tier's kWh shared among the periods, one line per (tier, period).
                (Some(matrix), _) => {
                    for part in parts {
                        let bands = bands(table.prices.len(), part);
                        let kwh: Vec<Decimal> = bands.iter().map(|b| b.kwh).collect();
                        let shares = crate::billing::tiers::allocate(&kwh, &part.by_period, policy.quantity_scale)?;
                        for (band, shares) in bands.iter().zip(shares) {
                            for p in TouPeriod::ALL {
                                let q = shares[p.index()];
                                if q.is_zero() {
                                    continue;
                                }
                                let (code, description) = tier_period_words(band.tier, p);
                                let rule = Rule::TierPeriod {
                                    cycle: table.cycle,
                                    tier: band.tier,
                                    lower: band.lower,
                                    upper: band.upper,
                                    from_kwh: band.from,
                                    to_kwh: band.to,
                                    period: p,
                                    period_kwh: part.by_period[p.index()].normalize(),
                                    billed_kwh: part.kwh.normalize(),
                                };
                                let price = matrix[band.tier as usize - 1][p.index()].expect("a price for every period the schedule uses");
                                lines.push(dated(LineItem::new(code, Component::Energy, description, rule).priced(q, Unit::Kwh, price).in_tier(band.tier).in_period(p), part));
                            }
                        }
                    }
                }
                // 浙江: every period at its base price, plus an uplift line per tier.
                (None, Some(prices)) => {
                    for (&p, &kwh) in &usage.by_period {
                        if !kwh.is_zero() {
                            let (code, description) = period_words(p);
                            lines.push(LineItem::new(code, Component::Energy, description, Rule::TimeOfUse { period: p }).priced(kwh, Unit::Kwh, prices[&p]).in_period(p));
                        }
                    }
                    for part in parts {
                        for band in bands(table.prices.len(), part) {
                            let adder = table.prices[band.tier as usize - 1];
                            if adder.is_zero() {
                                continue;
                            }
                            let (code, description) = uplift_words(band.tier);
                            let rule = Rule::TierUplift { cycle: table.cycle, tier: band.tier, lower: band.lower, upper: band.upper, from_kwh: band.from, to_kwh: band.to };
                            lines.push(dated(LineItem::new(code, Component::Energy, description, rule).priced(band.kwh, Unit::Kwh, adder).in_tier(band.tier), part));
                        }
                    }
                }
                (None, None) => unreachable!("validated: uplift tiers have base prices"),
            }
        }
        Some(EnergyRate::Agency { components, presentation }) => {
            if !billed.is_zero() {
                match presentation {
                    Presentation::Lines => {
                        for c in components {
                            energy_line(&mut lines, LineItem::new(format!("energy.{}", c.code), Component::Energy, c.name.clone(), Rule::AgencyComponent).priced(priced_kwh, Unit::Kwh, c.price));
                        }
                    }
                    Presentation::Combined => {
                        let price = components.iter().map(|c| c.price).sum::<Decimal>().normalize();
                        let parts = components.iter().map(|c| PricePart { code: c.code.clone(), price: c.price }).collect();
                        energy_line(
                            &mut lines,
                            LineItem::new("energy", Component::Energy, Text::new("电度电费(代理购电)", "Energy (agency purchase)"), Rule::AgencyPrice { components: parts }).priced(priced_kwh, Unit::Kwh, price),
                        );
                    }
                }
                if let Some(notes) = notes.as_deref_mut() {
                    let all_in = (components.iter().map(|c| c.price).sum::<Decimal>() + spec.funds.iter().map(|f| f.price).sum::<Decimal>()).normalize();
                    let parts: Vec<String> = components.iter().map(|c| c.price.normalize().to_string()).chain(spec.funds.iter().map(|f| f.price.normalize().to_string())).collect();
                    notes.push(Text::new(
                        format!("代理购电到户电价 {} = {} 元/kWh", parts.join(" + "), all_in),
                        format!("agency-purchase delivered price {} = {} CNY/kWh", parts.join(" + "), all_in),
                    ));
                }
            }
        }
    }
    match (&spec.basic_charge, &request.account.basic_charge) {
        (Some(rate), Some(contract)) => lines.extend(demand::lines(contract, rate, &period, usage.max_demand_kw, notes.as_deref_mut())?),
        (Some(_), None) => {
            return Err(Error::request(
                ErrorCode::InvalidField,
                "account.basic_charge",
                "a two-part tariff needs the account's basic-charge contract (method and capacity)",
            ))
        }
        (None, Some(_)) => {
            if let Some(notes) = notes {
                notes.push(Text::new("本电价无基本电费, 账户的两部制合同不适用", "This tariff has no basic charge; the account's two-part contract does not apply"));
            }
        }
        (None, None) => {}
    }
    if !billed.is_zero() {
        for fund in &spec.funds {
            lines.push(LineItem::new(format!("fund.{}", fund.code), Component::Fund, fund.name.clone(), Rule::Fund).priced(billed, Unit::Kwh, fund.price));
        }
    }
    let days = period.days() as u32;
    for fixed in &spec.fixed_charges {
        let (quantity, unit, months) = match fixed.basis {
            FixedBasis::PerBill => (Decimal::ONE, Unit::Bill, None),
            FixedBasis::PerDay => (Decimal::from(days), Unit::Day, None),
            FixedBasis::PerMonth => (Decimal::ONE, Unit::Month, Some(period.months())),
        };
        let mut item = LineItem::new(format!("fixed.{}", fixed.code), Component::Fixed, fixed.name.clone(), Rule::Fixed { basis: fixed.basis, months }).priced(quantity, unit, fixed.amount);
        // A part month is exact: 1 + 5/31 months is quantity 36 over divisor 31, and
        // 1000.00 a month costs 1161.29 (never a rounded 1.1613 months × 1000.00).
        if let Some(m) = months {
            item.set_months(Decimal::ONE, m);
        }
        lines.push(item);
    }
    Ok(lines)
}

/// A line's amount as the bill will carry it: rounded under line-stage rounding, exact
/// under component-stage rounding.
fn round_line(amount: Decimal, policy: &RoundingPolicy) -> Decimal {
    match policy.stage {
        RoundingStage::Line => policy.round_amount(amount),
        RoundingStage::Component => amount,
    }
}

/// Computes many bills; each succeeds or fails on its own.
///
/// A panic inside the engine (a bug) fails only its own item, as an `internal` error:
/// the other bills of the batch are computed and returned.
pub fn bill_many(requests: &[BillRequest]) -> Vec<Result<Bill>> {
    requests.iter().map(|r| Error::catch_panic(|| bill(r))).collect()
}

/// Code and description of a tier line; the usual tiers need no formatting.
fn tier_words(tier: u32) -> (Cow<'static, str>, Text) {
    match tier {
        1 => ("energy.tier_1".into(), Text::new("电度电费(第1档)", "Energy, tier 1")),
        2 => ("energy.tier_2".into(), Text::new("电度电费(第2档)", "Energy, tier 2")),
        3 => ("energy.tier_3".into(), Text::new("电度电费(第3档)", "Energy, tier 3")),
        n => (format!("energy.tier_{n}").into(), Text::new(format!("电度电费(第{n}档)"), format!("Energy, tier {n}"))),
    }
}

/// Code and description of a tier's share of a time-of-use period.
fn tier_period_words(tier: u32, p: TouPeriod) -> (Cow<'static, str>, Text) {
    let code = format!("energy.tier_{tier}.{}", p.as_str());
    (code.into(), Text::new(format!("电度电费(第{tier}档 {})", p.zh()), format!("Energy, tier {tier} {}", p.en())))
}

/// Code and description of a tier-uplift line.
fn uplift_words(tier: u32) -> (Cow<'static, str>, Text) {
    match tier {
        2 => ("energy.tier_2_uplift".into(), Text::new("阶梯加价(第2档)", "Tier 2 uplift")),
        3 => ("energy.tier_3_uplift".into(), Text::new("阶梯加价(第3档)", "Tier 3 uplift")),
        n => (format!("energy.tier_{n}_uplift").into(), Text::new(format!("阶梯加价(第{n}档)"), format!("Tier {n} uplift"))),
    }
}

/// Code and description of a time-of-use line.
fn period_words(p: TouPeriod) -> (Cow<'static, str>, Text) {
    match p {
        TouPeriod::CriticalPeak => ("energy.critical_peak".into(), Text::new("电度电费(尖峰)", "Energy, critical peak")),
        TouPeriod::Peak => ("energy.peak".into(), Text::new("电度电费(峰)", "Energy, peak")),
        TouPeriod::Flat => ("energy.flat".into(), Text::new("电度电费(平)", "Energy, flat")),
        TouPeriod::Valley => ("energy.valley".into(), Text::new("电度电费(谷)", "Energy, valley")),
    }
}

/// Rounds line amounts (line stage) or subtotals (component stage), and sums.
fn apply_rounding(lines: &mut [LineItem], policy: &RoundingPolicy) -> (Vec<Subtotal>, Decimal) {
    let mut subtotals: Vec<Subtotal> = Vec::with_capacity(3);
    for item in lines.iter_mut() {
        item.amount = match policy.stage {
            RoundingStage::Line => policy.round_amount(item.amount),
            // Exact, but never fewer decimals than the money scale: 1.235, 10.00. A
            // fraction (a part month) keeps 10 decimals, more than any price × quantity has.
            RoundingStage::Component => {
                let exact = if item.divisor.is_some() { item.amount.round_dp(FRACTION_SCALE).normalize() } else { item.amount.normalize() };
                if exact.scale() < policy.scale { crate::base::money::fixed_scale(exact, policy.scale) } else { exact }
            }
        };
        match subtotals.iter_mut().find(|s| s.component == item.component) {
            Some(s) => s.amount += item.amount,
            None => subtotals.push(Subtotal { component: item.component, amount: item.amount }),
        }
    }
    subtotals.sort_by_key(|s| s.component);
    for s in &mut subtotals {
        s.amount = policy.round_amount(s.amount);
    }
    let total = policy.round_amount(subtotals.iter().map(|s| s.amount).sum());
    (subtotals, total)
}

