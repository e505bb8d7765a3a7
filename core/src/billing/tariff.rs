//! Tariffs as data: the JSON document ([`TariffSpec`]), its validation, and the validated,
//! compiled [`Tariff`] that billing uses.
//!
//! The format is documented with complete examples in `docs/tariff-format.md`.

use super::model::{EnergyRate, LossPresentation, Tariff, TariffSpec, TierAllocation, TierCycle, TierTable, TierYear};
use crate::base::calendar::{Calendar, CompiledSchedule, TouPeriod};
use crate::base::error::{parse_json, Error, ErrorCode, ErrorKind, Result};
use crate::base::money::{RoundingPolicy, ENERGY_SCALE, PRICE_SCALE};
use crate::base::{check_decimal, is_code, Text};
use chrono::{Datelike, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

const ROOT: &str = "tariff";

impl Tariff {
    /// Validates a tariff document. Errors name the field by its path from `tariff`.
    pub fn new(spec: TariffSpec) -> Result<Tariff> {
        let (schedule, tiers) = validate(&spec)?;
        let calendar = Calendar::new(spec.holidays.iter().copied(), spec.working_weekends.iter().copied());
        Ok(Tariff { spec, schedule, calendar, tiers })
    }

    /// Parses and validates a tariff from JSON text.
    pub fn from_json(json: &str) -> Result<Tariff> {
        Tariff::new(parse_json(ErrorKind::Tariff, ROOT, json)?)
    }

    /// Validates a tariff from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<Tariff> {
        Tariff::new(crate::base::error::from_value(ErrorKind::Tariff, ROOT, value)?)
    }

    /// The tariff as JSON text (its document form).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.spec).expect("a tariff document always serializes")
    }

    /// The document this tariff was built from.
    pub fn spec(&self) -> &TariffSpec {
        &self.spec
    }

    /// The tariff's identifier.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// The rounding policy bills under this tariff use.
    pub fn rounding(&self) -> &RoundingPolicy {
        &self.spec.rounding
    }

    /// The compiled time-of-use schedule, if the rate uses one.
    pub fn schedule(&self) -> Option<&CompiledSchedule> {
        self.schedule.as_ref()
    }
}

impl Serialize for Tariff {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Tariff {
    /// Deserializes the document and validates it. Use [`Tariff::from_json`] for errors
    /// with codes and full paths.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        Tariff::new(TariffSpec::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

fn tariff_err(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::tariff(code, path, reason)
}

fn check_price(value: Decimal, path: impl Fn() -> String) -> Result<()> {
    check_decimal(ErrorKind::Tariff, value, PRICE_SCALE, "price", path)
}

fn check_text(text: &Text, path: &str) -> Result<()> {
    for (lang, value) in [("zh", &text.zh), ("en", &text.en)] {
        if value.trim().is_empty() {
            return Err(tariff_err(ErrorCode::Empty, format!("{path}.{lang}"), "a name must not be empty"));
        }
    }
    Ok(())
}

/// The most tiers a rate may have.
pub const MAX_TIERS: usize = 20;

/// Validates tier bounds: every tier but the last has an ascending positive `upto`.
fn check_tier_bounds(uptos: &[Option<Decimal>], path: &str) -> Result<Vec<Decimal>> {
    if uptos.is_empty() {
        return Err(tariff_err(ErrorCode::Empty, path, "a tiered rate needs at least one tier"));
    }
    if uptos.len() > MAX_TIERS {
        return Err(tariff_err(ErrorCode::OutOfRange, path, format!("{} tiers; a rate has at most {MAX_TIERS}", uptos.len())));
    }
    let last = uptos.len() - 1;
    let mut bounds = Vec::with_capacity(last);
    for (i, upto) in uptos.iter().enumerate() {
        let p = || format!("{path}[{i}].upto");
        match (upto, i == last) {
            (None, false) => return Err(tariff_err(ErrorCode::TierBound, p(), "every tier but the last needs an upper bound `upto`")),
            (Some(_), true) => return Err(tariff_err(ErrorCode::TierBound, p(), "the last tier is open-ended: remove its `upto`")),
            (None, true) => {}
            (Some(u), false) => {
                check_decimal(ErrorKind::Tariff, *u, ENERGY_SCALE, "tier bound", p)?;
                if u.is_zero() {
                    return Err(tariff_err(ErrorCode::OutOfRange, p(), "a tier bound must be more than 0 kWh"));
                }
                if let Some(prev) = bounds.last() {
                    if u <= prev {
                        return Err(tariff_err(
                            ErrorCode::TiersNotAscending,
                            p(),
                            format!("tier bound {u} must be greater than the previous bound {prev}"),
                        ));
                    }
                }
                bounds.push(*u);
            }
        }
    }
    Ok(bounds)
}

/// Prices by period as an array indexed by [`TouPeriod::index`].
fn by_index(prices: &BTreeMap<TouPeriod, Decimal>) -> [Option<Decimal>; 4] {
    let mut out = [None; 4];
    for (p, v) in prices {
        out[p.index()] = Some(*v);
    }
    out
}

fn check_tier_year(cycle: TierCycle, year: Option<TierYear>, path: &str) -> Result<TierYear> {
    match (cycle, year) {
        (TierCycle::Monthly, Some(_)) => Err(tariff_err(ErrorCode::InvalidField, path, "`tier_year` applies to annual tiers only; monthly tiers count each bill from 0")),
        (_, y) => Ok(y.unwrap_or_default()),
    }
}

fn check_prices_match_schedule(prices: &BTreeMap<TouPeriod, Decimal>, schedule: &CompiledSchedule, path: &str) -> Result<()> {
    for period in schedule.periods() {
        if !prices.contains_key(&period) {
            return Err(tariff_err(ErrorCode::UnknownPeriod, path, format!("the schedule uses period `{period}` but it has no price")));
        }
    }
    for (period, price) in prices {
        let p = || format!("{path}.{period}");
        if !schedule.uses(*period) {
            return Err(tariff_err(ErrorCode::UnknownPeriod, p(), format!("period `{period}` has a price but the schedule never uses it")));
        }
        check_price(*price, p)?;
    }
    Ok(())
}

fn validate(spec: &TariffSpec) -> Result<(Option<CompiledSchedule>, Option<TierTable>)> {
    if spec.id.trim().is_empty() {
        return Err(tariff_err(ErrorCode::Empty, "tariff.id", "a tariff needs an id"));
    }
    check_text(&spec.name, "tariff.name")?;
    let r = &spec.rounding;
    for (value, max, field) in [(r.scale, PRICE_SCALE, "scale"), (r.quantity_scale, ENERGY_SCALE, "quantity_scale"), (r.threshold_scale, ENERGY_SCALE, "threshold_scale")] {
        if value > max {
            return Err(tariff_err(ErrorCode::OutOfRange, format!("tariff.rounding.{field}"), format!("{field} {value} must be 0 to {max}")));
        }
    }
    for (i, date) in spec.working_weekends.iter().enumerate() {
        let p = || format!("tariff.working_weekends[{i}]");
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err(tariff_err(ErrorCode::OutOfRange, p(), format!("{date} is a {:?}, not a weekend day", date.weekday())));
        }
        if spec.holidays.contains(date) {
            return Err(tariff_err(ErrorCode::Duplicate, p(), format!("{date} is also listed as a holiday")));
        }
    }

    let schedule = spec.time_of_use.as_ref().map(|t| t.compile("tariff.time_of_use")).transpose()?;
    let needs_schedule = matches!(spec.energy, Some(EnergyRate::TimeOfUse { .. } | EnergyRate::TimeOfUseTiered { .. }));
    match (&schedule, needs_schedule) {
        (None, true) => {
            return Err(tariff_err(ErrorCode::ScheduleMismatch, "tariff.time_of_use", "a time-of-use rate needs a `time_of_use` schedule"))
        }
        (Some(_), false) => {
            return Err(tariff_err(
                ErrorCode::ScheduleMismatch,
                "tariff.time_of_use",
                "this energy rate does not use time-of-use periods; remove the schedule or use a time_of_use rate",
            ))
        }
        _ => {}
    }

    let tiers = match &spec.energy {
        None => {
            if spec.basic_charge.is_none() && spec.fixed_charges.is_empty() {
                return Err(tariff_err(ErrorCode::Empty, "tariff.energy", "a tariff needs an energy rate, a basic charge or fixed charges"));
            }
            None
        }
        Some(EnergyRate::Flat { price }) => {
            check_price(*price, || "tariff.energy.flat.price".into())?;
            None
        }
        Some(EnergyRate::Tiered { cycle, tier_year, tiers }) => {
            let path = "tariff.energy.tiered.tiers";
            let year = check_tier_year(*cycle, *tier_year, "tariff.energy.tiered.tier_year")?;
            let bounds = check_tier_bounds(&tiers.iter().map(|t| t.upto).collect::<Vec<_>>(), path)?;
            for (i, t) in tiers.iter().enumerate() {
                check_price(t.price, || format!("{path}[{i}].price"))?;
            }
            Some(TierTable { cycle: *cycle, year, bounds, prices: tiers.iter().map(|t| t.price).collect(), matrix: None })
        }
        Some(EnergyRate::TimeOfUse { prices }) => {
            check_prices_match_schedule(prices, schedule.as_ref().expect("checked above"), "tariff.energy.time_of_use.prices")?;
            None
        }
        Some(EnergyRate::TimeOfUseTiered { prices, cycle, tier_year, allocation, tiers }) => {
            let root = "tariff.energy.time_of_use_tiered";
            let schedule = schedule.as_ref().expect("checked above");
            let year = check_tier_year(*cycle, *tier_year, &format!("{root}.tier_year"))?;
            let path = format!("{root}.tiers");
            let bounds = check_tier_bounds(&tiers.iter().map(|t| t.upto).collect::<Vec<_>>(), &path)?;
            let allocation = allocation.unwrap_or_default();
            // Every tier has an adder (base prices + uplift) or every tier its own prices.
            let own_prices = tiers.first().is_some_and(|t| t.prices.is_some());
            for (i, t) in tiers.iter().enumerate() {
                if t.adder.is_some() == t.prices.is_some() || t.prices.is_some() != own_prices {
                    return Err(tariff_err(
                        ErrorCode::InvalidField,
                        format!("{path}[{i}]"),
                        "give every tier an `adder` (with the rate's base `prices`) or every tier its own `prices` per period",
                    ));
                }
            }
            let matrix = if own_prices {
                if prices.is_some() {
                    return Err(tariff_err(ErrorCode::InvalidField, format!("{root}.prices"), "the tiers give their own prices per period; remove the base `prices`"));
                }
                if allocation != TierAllocation::Proportional {
                    return Err(tariff_err(
                        ErrorCode::InvalidField,
                        format!("{root}.allocation"),
                        "tier prices that differ by period need `allocation: proportional` (an uplift line cannot carry them)",
                    ));
                }
                let mut m = Vec::with_capacity(tiers.len());
                for (i, t) in tiers.iter().enumerate() {
                    let own = t.prices.as_ref().expect("checked above");
                    check_prices_match_schedule(own, schedule, &format!("{path}[{i}].prices"))?;
                    m.push(by_index(own));
                }
                Some(m)
            } else {
                let base = prices.as_ref().ok_or_else(|| tariff_err(ErrorCode::Empty, format!("{root}.prices"), "tiers with an `adder` need the base `prices` per period"))?;
                check_prices_match_schedule(base, schedule, &format!("{root}.prices"))?;
                for (i, t) in tiers.iter().enumerate() {
                    check_price(t.adder.expect("checked above"), || format!("{path}[{i}].adder"))?;
                }
                // Proportional allocation of an uplift tariff: each (tier, period) at base + adder.
                (allocation == TierAllocation::Proportional).then(|| {
                    tiers.iter().map(|t| by_index(base).map(|p| p.map(|p| p + t.adder.expect("checked above")))).collect()
                })
            };
            let adders = tiers.iter().map(|t| t.adder.unwrap_or_default()).collect();
            Some(TierTable { cycle: *cycle, year, bounds, prices: adders, matrix })
        }
        Some(EnergyRate::Agency { components, .. }) => {
            let path = "tariff.energy.agency.components";
            if components.is_empty() {
                return Err(tariff_err(ErrorCode::Empty, path, "an agency price needs at least one component"));
            }
            for (i, c) in components.iter().enumerate() {
                let p = format!("{path}[{i}]");
                check_code(&c.code, components[..i].iter().map(|c| &c.code), &p)?;
                check_text(&c.name, &format!("{p}.name"))?;
                check_price(c.price, || format!("{p}.price"))?;
            }
            None
        }
    };
    if spec.energy.is_none() && (spec.loss_presentation.is_some() || !spec.funds.is_empty()) {
        let field = if spec.funds.is_empty() { "tariff.loss_presentation" } else { "tariff.funds" };
        return Err(tariff_err(ErrorCode::InvalidField, field, "a tariff with no energy rate bills no kWh: it has no funds and no loss lines"));
    }
    if spec.loss_presentation == Some(LossPresentation::Separate) && tiers.is_some() {
        return Err(tariff_err(
            ErrorCode::InvalidField,
            "tariff.loss_presentation",
            "separate loss lines are not defined for tiered rates: there losses count towards the tiers with the metered kWh",
        ));
    }

    for (i, fund) in spec.funds.iter().enumerate() {
        let p = format!("tariff.funds[{i}]");
        check_code(&fund.code, spec.funds[..i].iter().map(|f| &f.code), &p)?;
        check_text(&fund.name, &format!("{p}.name"))?;
        check_price(fund.price, || format!("{p}.price"))?;
    }
    if let Some(basic) = &spec.basic_charge {
        if basic.capacity_price.is_none() && basic.demand_price.is_none() {
            return Err(tariff_err(ErrorCode::Empty, "tariff.basic_charge", "give a `capacity_price`, a `demand_price` or both"));
        }
        for (value, field) in [(basic.capacity_price, "capacity_price"), (basic.demand_price, "demand_price")] {
            if let Some(v) = value {
                check_price(v, || format!("tariff.basic_charge.{field}"))?;
            }
        }
        let limits = [
            (basic.excess_threshold_percent, "excess_threshold_percent", Decimal::ONE_HUNDRED, Decimal::ONE_THOUSAND, "a percentage of the contract from 100 to 1000"),
            (basic.excess_multiplier, "excess_multiplier", Decimal::ONE, Decimal::TEN, "a multiple of the price from 1 to 10"),
            (basic.contract_floor_percent, "contract_floor_percent", Decimal::ZERO, Decimal::ONE_HUNDRED, "a percentage of the capacity from 0 to 100"),
        ];
        for (value, field, min, max, what) in limits {
            if let Some(v) = value {
                let p = || format!("tariff.basic_charge.{field}");
                check_decimal(ErrorKind::Tariff, v, ENERGY_SCALE, field, p)?;
                if v < min || v > max {
                    return Err(tariff_err(ErrorCode::OutOfRange, p(), format!("{field} {v} must be {what}")));
                }
            }
        }
    }
    if let Some(min) = &spec.minimum_charge {
        check_price(min.amount, || "tariff.minimum_charge.amount".into())?;
    }
    for (i, fixed) in spec.fixed_charges.iter().enumerate() {
        let p = format!("tariff.fixed_charges[{i}]");
        check_code(&fixed.code, spec.fixed_charges[..i].iter().map(|f| &f.code), &p)?;
        check_text(&fixed.name, &format!("{p}.name"))?;
        check_price(fixed.amount, || format!("{p}.amount"))?;
    }
    Ok((schedule, tiers))
}

impl Tariff {
    /// Where `other` differs from this tariff in anything but prices, identity and names
    /// (the JSON path of the first difference), or `None` when it changes prices only.
    /// Tariff versions within one billing period must agree in structure: tiers, schedule,
    /// components, funds, charges and rounding.
    pub fn structure_difference(&self, other: &Tariff) -> Option<String> {
        fn shape(v: serde_json::Value) -> serde_json::Value {
            use serde_json::Value;
            match v {
                Value::Object(map) => Value::Object(
                    map.into_iter()
                        .filter(|(k, _)| k != "id" && k != "name")
                        .map(|(k, v)| {
                            let v = match (k.as_str(), v) {
                                ("price" | "amount" | "adder" | "capacity_price" | "demand_price", Value::String(_)) => Value::Null,
                                ("prices", Value::Object(m)) => Value::Object(m.into_iter().map(|(p, _)| (p, Value::Null)).collect()),
                                (_, v) => shape(v),
                            };
                            (k, v)
                        })
                        .collect(),
                ),
                Value::Array(items) => Value::Array(items.into_iter().map(shape).collect()),
                v => v,
            }
        }
        fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: String) -> Option<String> {
            use serde_json::Value;
            match (a, b) {
                (Value::Object(x), Value::Object(y)) => {
                    let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                    keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                        (Some(p), Some(q)) => first_difference(p, q, format!("{path}.{k}")),
                        _ => Some(format!("{path}.{k}")),
                    })
                }
                (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                    x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_difference(p, q, format!("{path}[{i}]")))
                }
                _ if a == b => None,
                _ => Some(path),
            }
        }
        let a = shape(serde_json::to_value(&self.spec).expect("a tariff serializes"));
        let b = shape(serde_json::to_value(&other.spec).expect("a tariff serializes"));
        first_difference(&a, &b, ROOT.to_string())
    }
}

fn check_code<'a>(code: &str, earlier: impl Iterator<Item = &'a String>, path: &str) -> Result<()> {
    if !is_code(code) {
        return Err(tariff_err(ErrorCode::InvalidField, format!("{path}.code"), format!("code `{code}` must be non-empty snake_case (a-z, 0-9, _)")));
    }
    if earlier.into_iter().any(|c| c == code) {
        return Err(tariff_err(ErrorCode::Duplicate, format!("{path}.code"), format!("code `{code}` is used twice")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAT: &str = r#"{"id": "t", "name": {"zh": "试", "en": "test"}, "energy": {"flat": {"price": "0.5"}}}"#;

    fn with(patch: serde_json::Value) -> String {
        let mut v: serde_json::Value = serde_json::from_str(FLAT).unwrap();
        for (k, val) in patch.as_object().unwrap() {
            v[k] = val.clone();
        }
        v.to_string()
    }

    fn err(json: &str) -> (ErrorCode, String) {
        let e = Tariff::from_json(json).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Tariff);
        (e.code, e.path)
    }

    #[test]
    fn flat_tariff_loads_and_round_trips() {
        let t = Tariff::from_json(FLAT).unwrap();
        let again = Tariff::from_json(&t.to_json()).unwrap();
        assert_eq!(t, again);
    }

    #[test]
    fn json_errors_carry_paths() {
        assert_eq!(err("{"), (ErrorCode::Syntax, "tariff".into()));
        assert_eq!(err(&FLAT.replace("\"0.5\"", "0.5")), (ErrorCode::InvalidField, "tariff.energy.flat.price".into()));
        assert_eq!(err(&FLAT.replace("\"0.5\"", "\"abc\"")), (ErrorCode::InvalidField, "tariff.energy.flat.price".into()));
        assert_eq!(err(&with(serde_json::json!({"colour": "red"}))).0, ErrorCode::InvalidField);
        assert_eq!(err(&FLAT.replace("flat", "flatt")), (ErrorCode::InvalidField, "tariff.energy".into()));
    }

    #[test]
    fn tier_rules() {
        let tiers = |t: serde_json::Value| with(serde_json::json!({"energy": {"tiered": {"cycle": "monthly", "tiers": t}}}));
        assert_eq!(err(&tiers(serde_json::json!([]))), (ErrorCode::Empty, "tariff.energy.tiered.tiers".into()));
        assert_eq!(
            err(&tiers(serde_json::json!([{"price": "0.5"}, {"price": "0.6"}]))),
            (ErrorCode::TierBound, "tariff.energy.tiered.tiers[0].upto".into())
        );
        assert_eq!(
            err(&tiers(serde_json::json!([{"upto": "10", "price": "0.5"}]))),
            (ErrorCode::TierBound, "tariff.energy.tiered.tiers[0].upto".into())
        );
        assert_eq!(
            err(&tiers(serde_json::json!([{"upto": "10", "price": "0.5"}, {"upto": "10", "price": "0.5"}, {"price": "0.6"}]))),
            (ErrorCode::TiersNotAscending, "tariff.energy.tiered.tiers[1].upto".into())
        );
        assert_eq!(
            err(&tiers(serde_json::json!([{"upto": "10", "price": "-0.5"}, {"price": "0.6"}]))),
            (ErrorCode::Negative, "tariff.energy.tiered.tiers[0].price".into())
        );
        assert_eq!(
            err(&tiers(serde_json::json!([{"upto": "10", "price": "0.1234567"}, {"price": "0.6"}]))),
            (ErrorCode::TooPrecise, "tariff.energy.tiered.tiers[0].price".into())
        );
        assert_eq!(
            err(&tiers(serde_json::json!([{"upto": "0", "price": "0.5"}, {"price": "0.6"}]))),
            (ErrorCode::OutOfRange, "tariff.energy.tiered.tiers[0].upto".into())
        );
    }

    #[test]
    fn codes_and_schedules() {
        let name = serde_json::json!({"zh": "基金", "en": "fund"});
        let funds = serde_json::json!([{"code": "a", "name": name, "price": "0.01"}, {"code": "a", "name": name, "price": "0.02"}]);
        assert_eq!(err(&with(serde_json::json!({"funds": funds}))), (ErrorCode::Duplicate, "tariff.funds[1].code".into()));
        let tou = serde_json::json!({"seasons": [{"months": [1,2,3,4,5,6,7,8,9,10,11,12], "days": [
            {"day_types": ["workday", "weekend", "holiday"], "slots": [{"from": "00:00", "to": "24:00", "period": "flat"}]}]}]});
        assert_eq!(err(&with(serde_json::json!({"time_of_use": tou}))), (ErrorCode::ScheduleMismatch, "tariff.time_of_use".into()));
        let rate = serde_json::json!({"time_of_use": {"prices": {"flat": "0.5", "peak": "0.9"}}});
        assert_eq!(
            err(&with(serde_json::json!({"time_of_use": tou, "energy": rate}))),
            (ErrorCode::UnknownPeriod, "tariff.energy.time_of_use.prices.peak".into())
        );
        let rate = serde_json::json!({"time_of_use": {"prices": {"peak": "0.9"}}});
        assert_eq!(
            err(&with(serde_json::json!({"time_of_use": tou, "energy": rate}))),
            (ErrorCode::UnknownPeriod, "tariff.energy.time_of_use.prices".into())
        );
        let twice = with(serde_json::json!({"time_of_use": tou})).replace(r#""energy":{"flat":{"price":"0.5"}}"#, r#""energy":{"time_of_use":{"prices":{"flat":"0.5","flat":"0.6"}}}"#);
        assert!(twice.contains(r#""flat":"0.6""#), "{twice}");
        let e = Tariff::from_json(&twice).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidField, "tariff.energy.time_of_use.prices"));
        assert!(e.reason.contains("two prices"), "{}", e.reason);
        let rate = serde_json::json!({"time_of_use": {"prices": {"flat": "0.5"}}});
        assert!(Tariff::from_json(&with(serde_json::json!({"time_of_use": tou, "energy": rate}))).is_ok());
        assert_eq!(
            err(&with(serde_json::json!({"working_weekends": ["2026-10-12"]}))),
            (ErrorCode::OutOfRange, "tariff.working_weekends[0]".into())
        );
    }
}
