//! Reading an OpenEI URDB rate (API v7/v8 field names) into an [`UrdbTariff`]. Every field
//! is either read, accepted as description only, or refused by name with the reason:
//! nothing is silently ignored.

use super::model::{Allocation, DemandTier, EnergyTier, FixedUnit, MinimumUnit, TierLimit, UrdbTariff, MONTHS};
use crate::base::error::{check_document, Error, ErrorCode, ErrorKind, Result};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;

/// The most periods a schedule may name (URDB's editor offers 12; SAM takes more).
pub const MAX_PERIODS: usize = 36;
/// The most tiers in one period.
pub const MAX_TIERS: usize = 16;
/// The largest tier bound or charge accepted (kWh, kW or $).
const MAX_VALUE: i64 = 1_000_000_000_000;

/// Every field the reader knows: those it applies, those it refuses unless empty or zero,
/// and those that only describe the rate (who, where, when, eligibility, comments), which
/// do not change a bill computed from a load and are accepted unused.
const KNOWN: &[&str] = &[
    "label", "uri", "utility", "eiaid", "sector", "servicetype", "description", "source", "sourceparent", "sourcereference",
    "startdate", "enddate", "supersedes", "is_default", "country", "approved", "revisions", "voltagecategory", "phasewiring",
    "peakkwcapacitymin", "peakkwcapacitymax", "peakkwcapacityhistory", "peakkwhusagemin", "peakkwhusagemax", "peakkwhusagehistory",
    "voltageminimum", "voltagemaximum", "demandmin", "demandmax", "energycomments", "demandcomments", "basicinformationcomments",
    "energyattrs", "demandattrs", "fixedattrs", "fixedchargeeaddl", "name", "currency", "dgrules", "fixedchargefirstmeter",
    "fixedchargeunits", "mincharge", "minchargeunits", "energyratestructure", "energyweekdayschedule", "energyweekendschedule",
    "demandratestructure", "demandweekdayschedule", "demandweekendschedule", "flatdemandstructure", "flatdemandmonths",
    "demandrateunit", "flatdemandunit", "demandratchetpercentage", "demandwindow", "lookbackpercent", "lookbackrange",
    "lookbackmonths", "fueladjustmentsmonthly", "demandreactivepowercharge", "coincidentratestructure",
    "coincidentrateschedule", "coincidentrateunit", "utility_name", "rate_name", "id", "_id", "ratesforutility",
];

fn err(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Tariff, code, path, reason)
}

fn unsupported(path: &str, reason: &str) -> Error {
    err(ErrorCode::Unsupported, path, reason)
}

/// A URDB number (a JSON number, or a decimal in a string) as the decimal it was written
/// as. A JSON number arrives as the double closest to its literal; any literal of at most
/// 15 significant digits is recovered exactly from that double's shortest form, so that is
/// the limit, and a longer one is refused rather than rounded.
fn number(v: &Value, path: &str) -> Result<Decimal> {
    let text = match v {
        Value::String(s) => s.trim().to_string(),
        // Not money as a float: the double is only the carrier of the literal's digits.
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.is_finite() => format!("{f}"),
            _ => return Err(err(ErrorCode::OutOfRange, path, "this number is too large")),
        },
        other => return Err(err(ErrorCode::InvalidField, path, format!("a number is expected here, not {}", shown(other)))),
    };
    let digits = text.trim_start_matches('-').trim_start_matches(['0', '.']).chars().filter(char::is_ascii_digit).count();
    if digits > 15 && !text.contains(['e', 'E']) {
        // 0.15000000000000002: a sum computed in floating point, not a price.
        return Err(err(ErrorCode::TooPrecise, path, format!("{text} has more than 15 significant digits: write the decimal it stands for (a double carries no more)")));
    }
    if text.contains(['e', 'E']) {
        // A literal like 1e38 (SAM's "no limit") prints in exponent form: no bound is the
        // way to say it in URDB, so refuse the form rather than guess.
        let value = Decimal::from_scientific(&text).ok().filter(|d| d.abs() <= Decimal::from(MAX_VALUE) && d.scale() <= 12);
        return value.ok_or_else(|| err(ErrorCode::OutOfRange, path, format!("{text} is out of range: at most 10^12, with at most 15 significant digits and 12 decimal places")));
    }
    let d = Decimal::from_str(&text).map_err(|_| err(ErrorCode::InvalidField, path, format!("{} is not a decimal number", quote(&text))))?;
    if d.abs() > Decimal::from(MAX_VALUE) {
        return Err(err(ErrorCode::OutOfRange, path, format!("{text} is out of range: at most 10^12")));
    }
    Ok(d.normalize())
}

fn non_negative(v: &Value, path: &str) -> Result<Decimal> {
    let d = number(v, path)?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(err(ErrorCode::Negative, path, format!("{d} is negative; it must be zero or more")));
    }
    Ok(d)
}

fn shown(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text {}", quote(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn quote(s: &str) -> String {
    let cut: String = s.chars().take(40).collect();
    format!("\"{cut}{}\"", if cut.len() < s.len() { "…" } else { "" })
}

fn text<'a>(doc: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>> {
    match doc.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(err(ErrorCode::InvalidField, format!("urdb.{key}"), format!("a text is expected here, not {}", shown(other)))),
    }
}

fn list<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| err(ErrorCode::InvalidField, path, format!("a list is expected here, not {}", shown(v))))
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| err(ErrorCode::InvalidField, path, format!("an object is expected here, not {}", shown(v))))
}

/// A 12 × 24 schedule of zero-based periods, each below `periods`.
fn schedule(doc: &Map<String, Value>, key: &str, periods: usize) -> Result<[[u8; 24]; MONTHS]> {
    let path = format!("urdb.{key}");
    let v = doc.get(key).ok_or_else(|| err(ErrorCode::InvalidField, &path, "this field is required: 12 rows (January to December) of 24 periods (hour 0 to 23)"))?;
    let rows = list(v, &path)?;
    if rows.len() != MONTHS {
        return Err(err(ErrorCode::OutOfRange, &path, format!("there are {} rows; the schedule needs 12, January to December", rows.len())));
    }
    let mut out = [[0u8; 24]; MONTHS];
    for (m, row) in rows.iter().enumerate() {
        let rp = format!("{path}[{m}]");
        let hours = list(row, &rp)?;
        if hours.len() != 24 {
            return Err(err(ErrorCode::OutOfRange, &rp, format!("there are {} hours; each month needs 24, hour 0 to 23", hours.len())));
        }
        for (h, p) in hours.iter().enumerate() {
            let hp = format!("{rp}[{h}]");
            let n = p.as_u64().ok_or_else(|| err(ErrorCode::InvalidField, &hp, format!("a period number (0, 1, …) is expected here, not {}", shown(p))))?;
            if n as usize >= periods {
                return Err(err(ErrorCode::UnknownPeriod, &hp, format!("period {n} has no rates: the structure defines periods 0 to {}", periods.saturating_sub(1))));
            }
            out[m][h] = n as u8;
        }
    }
    Ok(out)
}

/// Periods × tiers with `rate` (+ `adj`) and `max`; `energy` also reads `unit`.
fn structure<'a>(doc: &'a Map<String, Value>, key: &str) -> Result<Option<Vec<Vec<(Decimal, Option<Decimal>, Option<&'a str>, String)>>>> {
    let path = format!("urdb.{key}");
    let Some(v) = doc.get(key).filter(|v| !v.is_null()) else { return Ok(None) };
    let periods = list(v, &path)?;
    if periods.is_empty() {
        return Err(err(ErrorCode::Empty, &path, "the structure has no periods"));
    }
    if periods.len() > MAX_PERIODS {
        return Err(err(ErrorCode::OutOfRange, &path, format!("there are {} periods; at most {MAX_PERIODS} are accepted", periods.len())));
    }
    let mut out = Vec::with_capacity(periods.len());
    for (p, tiers) in periods.iter().enumerate() {
        let pp = format!("{path}[{p}]");
        let tiers = list(tiers, &pp)?;
        if tiers.is_empty() {
            return Err(err(ErrorCode::Empty, &pp, "the period has no tiers"));
        }
        if tiers.len() > MAX_TIERS {
            return Err(err(ErrorCode::OutOfRange, &pp, format!("there are {} tiers; at most {MAX_TIERS} are accepted", tiers.len())));
        }
        let mut row = Vec::with_capacity(tiers.len());
        let mut below: Option<Decimal> = None;
        for (t, tier) in tiers.iter().enumerate() {
            let tp = format!("{pp}[{t}]");
            let tier = object(tier, &tp)?;
            for field in tier.keys() {
                if !["rate", "adj", "max", "unit", "sell"].contains(&field.as_str()) {
                    return Err(unsupported(&format!("{tp}.{field}"), "a tier holds rate, adj, max, unit and sell; this field is not one gridcore can apply"));
                }
            }
            let rate = match tier.get("rate") {
                Some(v) => number(v, &format!("{tp}.rate"))?,
                None => Decimal::ZERO,
            };
            let adj = match tier.get("adj") {
                Some(v) => number(v, &format!("{tp}.adj"))?,
                None => Decimal::ZERO,
            };
            let max = match tier.get("max").filter(|v| !v.is_null()) {
                Some(v) => Some(non_negative(v, &format!("{tp}.max"))?),
                None => None,
            };
            if max.is_none() && t + 1 < tiers.len() {
                return Err(err(ErrorCode::TierBound, format!("{tp}.max"), "only the last tier may be without a max"));
            }
            if let (Some(lower), Some(upper)) = (below, max) {
                if upper <= lower {
                    return Err(err(ErrorCode::TiersNotAscending, format!("{tp}.max"), format!("{upper} is not above the tier before's max {lower}")));
                }
            }
            below = max.or(below);
            let unit = match tier.get("unit") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.as_str()),
                Some(other) => return Err(err(ErrorCode::InvalidField, format!("{tp}.unit"), format!("a unit such as \"kWh\" is expected here, not {}", shown(other)))),
            };
            let sum = rate.checked_add(adj).ok_or_else(|| err(ErrorCode::OutOfRange, format!("{tp}.adj"), "rate + adj is too large"))?;
            row.push((sum, max, unit, tp));
        }
        out.push(row);
    }
    Ok(Some(out))
}

fn require_zeros(doc: &Map<String, Value>, key: &str, reason: &str) -> Result<()> {
    let Some(v) = doc.get(key).filter(|v| !v.is_null()) else { return Ok(()) };
    let path = format!("urdb.{key}");
    let values: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    for (i, item) in values.iter().enumerate() {
        // A structure is refused whole; a list of numbers names the first non-zero one.
        let ip = if v.is_array() && !matches!(item, Value::Array(_) | Value::Object(_)) { format!("{path}[{i}]") } else { path.clone() };
        let zero = match item {
            Value::Array(inner) => inner.iter().all(|x| number(x, &ip).is_ok_and(|d| d.is_zero())),
            Value::Object(o) => o.is_empty(),
            other => number(other, &ip).is_ok_and(|d| d.is_zero()),
        };
        if !zero {
            return Err(unsupported(&ip, reason));
        }
    }
    Ok(())
}

fn demand_unit(doc: &Map<String, Value>, key: &str) -> Result<()> {
    match text(doc, key)? {
        None | Some("kW") => Ok(()),
        Some(other) => Err(unsupported(&format!("urdb.{key}"), &format!("demand in {} is not supported: gridcore bills demand in kW from hourly kWh", quote(other)))),
    }
}

fn demand_tiers(rows: Vec<Vec<(Decimal, Option<Decimal>, Option<&str>, String)>>) -> Result<Vec<Vec<DemandTier>>> {
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(rate, max, unit, path)| match unit {
                    None | Some("kW") => Ok(DemandTier { max, rate }),
                    Some(other) => Err(unsupported(&format!("{path}.unit"), &format!("a demand tier in {} is not supported: only kW", quote(other)))),
                })
                .collect()
        })
        .collect()
}

impl UrdbTariff {
    /// Reads a URDB rate from its JSON text: one rate object, or the API's answer
    /// (`{"items": [rate]}`) holding exactly one.
    pub fn from_urdb_json(text: &str) -> Result<UrdbTariff> {
        check_document(ErrorKind::Tariff, "urdb", text)?;
        let value: Value = serde_json::from_str(text).map_err(|e| err(ErrorCode::Syntax, "urdb", format!("this is not JSON: {e}")))?;
        Self::from_urdb_value(&value)
    }

    /// Reads a URDB rate from a JSON value (see [`UrdbTariff::from_urdb_json`]).
    pub fn from_urdb_value(value: &Value) -> Result<UrdbTariff> {
        let doc = object(value, "urdb")?;
        if let Some(items) = doc.get("items") {
            let items = list(items, "urdb.items")?;
            if items.len() != 1 {
                return Err(err(ErrorCode::OutOfRange, "urdb.items", format!("the answer holds {} rates; pass exactly one", items.len())));
            }
            return Self::from_urdb_value(&items[0]);
        }
        for key in doc.keys() {
            if !KNOWN.contains(&key.as_str()) {
                return Err(unsupported(&format!("urdb.{key}"), "this is not a URDB field gridcore knows; it is refused rather than ignored"));
            }
        }
        require_zeros(doc, "coincidentratestructure", "coincident demand charges are not supported (they need the system peak's hour)")?;
        require_zeros(doc, "coincidentrateschedule", "coincident demand charges are not supported (they need the system peak's hour)")?;
        require_zeros(doc, "demandratchetpercentage", "demand ratchets are not supported: a month's demand is its own peak")?;
        require_zeros(doc, "lookbackpercent", "demand lookback (a share of an earlier peak) is not supported")?;
        require_zeros(doc, "lookbackrange", "demand lookback (a share of an earlier peak) is not supported")?;
        require_zeros(doc, "lookbackmonths", "demand lookback (a share of an earlier peak) is not supported")?;
        require_zeros(doc, "demandreactivepowercharge", "reactive power (kVAR) charges are not supported: the load has kWh only")?;
        require_zeros(doc, "fueladjustmentsmonthly", "monthly fuel adjustments are not supported: put the adjustment in each tier's adj")?;
        if let Some(w) = doc.get("demandwindow").filter(|v| !v.is_null()) {
            if number(w, "urdb.demandwindow")? != Decimal::from(60) {
                return Err(unsupported("urdb.demandwindow", "only a 60-minute demand window can be read from an hourly load"));
            }
        }
        demand_unit(doc, "demandrateunit")?;
        demand_unit(doc, "flatdemandunit")?;

        let name = text(doc, "name")?.or(text(doc, "rate_name")?).unwrap_or("").to_string();
        let utility = text(doc, "utility")?.or(text(doc, "utility_name")?).unwrap_or("").to_string();
        let label = text(doc, "label")?.map(str::to_string);
        match text(doc, "currency")? {
            None | Some("USD") | Some("$") => {}
            Some(other) => return Err(unsupported("urdb.currency", &format!("URDB rates are in US dollars; {} is not supported", quote(other)))),
        }

        let mut energy = Vec::new();
        if let Some(rows) = structure(doc, "energyratestructure")? {
            for row in rows {
                let mut tiers = Vec::with_capacity(row.len());
                for (rate, max, unit, path) in row {
                    let limit = match (max, unit) {
                        (None, _) => None,
                        (Some(m), None | Some("kWh")) => Some(TierLimit::Monthly(m)),
                        (Some(m), Some("kWh daily")) => Some(TierLimit::Daily(m)),
                        (Some(_), Some(other)) => {
                            return Err(unsupported(&format!("{path}.unit"), &format!("tier bounds in {} are not supported: only \"kWh\" (a month) and \"kWh daily\"", quote(other))))
                        }
                    };
                    tiers.push(EnergyTier { limit, rate });
                }
                // A daily bound and a monthly one in one period cannot be ordered for
                // every month; URDB's editor writes one unit per period.
                let daily = tiers.iter().filter(|t| matches!(t.limit, Some(TierLimit::Daily(_)))).count();
                let bounded = tiers.iter().filter(|t| t.limit.is_some()).count();
                if daily != 0 && daily != bounded {
                    return Err(unsupported("urdb.energyratestructure", "a period mixes \"kWh\" and \"kWh daily\" tier bounds"));
                }
                energy.push(tiers);
            }
        }
        let (energy_weekday, energy_weekend) = if energy.is_empty() {
            for key in ["energyweekdayschedule", "energyweekendschedule"] {
                if doc.get(key).is_some_and(|v| !v.is_null()) {
                    return Err(err(ErrorCode::ScheduleMismatch, format!("urdb.{key}"), "there is a schedule but no energyratestructure"));
                }
            }
            ([[0; 24]; MONTHS], [[0; 24]; MONTHS])
        } else {
            (schedule(doc, "energyweekdayschedule", energy.len())?, schedule(doc, "energyweekendschedule", energy.len())?)
        };

        let demand = demand_tiers(structure(doc, "demandratestructure")?.unwrap_or_default())?;
        let (demand_weekday, demand_weekend) = if demand.is_empty() {
            for key in ["demandweekdayschedule", "demandweekendschedule"] {
                if doc.get(key).is_some_and(|v| !v.is_null()) {
                    return Err(err(ErrorCode::ScheduleMismatch, format!("urdb.{key}"), "there is a schedule but no demandratestructure"));
                }
            }
            ([[0; 24]; MONTHS], [[0; 24]; MONTHS])
        } else {
            (schedule(doc, "demandweekdayschedule", demand.len())?, schedule(doc, "demandweekendschedule", demand.len())?)
        };

        let flat_demand = demand_tiers(structure(doc, "flatdemandstructure")?.unwrap_or_default())?;
        let mut flat_demand_months = [0u8; MONTHS];
        match doc.get("flatdemandmonths").filter(|v| !v.is_null()) {
            Some(v) if !flat_demand.is_empty() => {
                let months = list(v, "urdb.flatdemandmonths")?;
                if months.len() != MONTHS {
                    return Err(err(ErrorCode::OutOfRange, "urdb.flatdemandmonths", format!("there are {} months; 12 are needed, January to December", months.len())));
                }
                for (m, p) in months.iter().enumerate() {
                    let path = format!("urdb.flatdemandmonths[{m}]");
                    let n = p.as_u64().ok_or_else(|| err(ErrorCode::InvalidField, &path, format!("a period number (0, 1, …) is expected here, not {}", shown(p))))?;
                    if n as usize >= flat_demand.len() {
                        return Err(err(ErrorCode::UnknownPeriod, &path, format!("period {n} has no rates: flatdemandstructure defines periods 0 to {}", flat_demand.len() - 1)));
                    }
                    flat_demand_months[m] = n as u8;
                }
            }
            Some(_) => return Err(err(ErrorCode::ScheduleMismatch, "urdb.flatdemandmonths", "there are flat demand months but no flatdemandstructure")),
            None if flat_demand.len() > 1 => return Err(err(ErrorCode::InvalidField, "urdb.flatdemandmonths", "this field is required: which flat demand period applies in each month")),
            None => {}
        }

        let fixed = match doc.get("fixedchargefirstmeter").filter(|v| !v.is_null()) {
            None => None,
            Some(v) => {
                let amount = non_negative(v, "urdb.fixedchargefirstmeter")?;
                let unit = match text(doc, "fixedchargeunits")? {
                    None | Some("$/month") => FixedUnit::Month,
                    Some("$/day") => FixedUnit::Day,
                    Some(other) => return Err(unsupported("urdb.fixedchargeunits", &format!("a fixed charge in {} is not supported: only \"$/month\" and \"$/day\"", quote(other)))),
                };
                Some((amount, unit))
            }
        };
        let minimum = match doc.get("mincharge").filter(|v| !v.is_null()) {
            None => None,
            Some(v) => {
                let amount = non_negative(v, "urdb.mincharge")?;
                let unit = match text(doc, "minchargeunits")? {
                    None | Some("$/month") => MinimumUnit::Month,
                    Some("$/year") => MinimumUnit::Year,
                    Some(other) => return Err(unsupported("urdb.minchargeunits", &format!("a minimum charge in {} is not supported: only \"$/month\" and \"$/year\"", quote(other)))),
                };
                Some((amount, unit))
            }
        };
        let allocation = match text(doc, "dgrules")? {
            None | Some("Net Metering") => Allocation::Proportional,
            Some("Net Billing Instantaneous") | Some("Net Billing Hourly") | Some("Buy All Sell All") => Allocation::Chronological,
            Some(other) => return Err(unsupported("urdb.dgrules", &format!("{} is not a URDB rule gridcore knows: \"Net Metering\", \"Net Billing Instantaneous\", \"Net Billing Hourly\" or \"Buy All Sell All\"", quote(other)))),
        };
        if energy.is_empty() && demand.is_empty() && flat_demand.is_empty() && fixed.is_none() && minimum.is_none() {
            return Err(err(ErrorCode::Empty, "urdb", "the rate has no charges: no energyratestructure, demand structure, fixed or minimum charge"));
        }
        Ok(UrdbTariff {
            name,
            utility,
            label,
            energy,
            energy_weekday,
            energy_weekend,
            demand,
            demand_weekday,
            demand_weekend,
            flat_demand,
            flat_demand_months,
            fixed,
            minimum,
            allocation,
        })
    }
}
