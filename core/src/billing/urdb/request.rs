//! The annual request: a calendar, an hourly load held as exact fixed-point kWh, and the
//! choices SAM offers (tier allocation, rounded or unrounded amounts).

use crate::base::error::{check_document, Error, ErrorCode, ErrorKind, Result};
use super::model::Allocation;
use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

/// The most decimal places of an hourly kWh value.
pub const LOAD_SCALE: u32 = 6;
/// The largest hourly kWh value accepted (a TWh in an hour is past any meter).
pub const MAX_HOURLY_KWH: i64 = 1_000_000_000;

/// Which year the 8,760 (or 8,784) hours fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnualCalendar {
    /// SAM's year: 365 days, 1 January a Monday, no holidays.
    Sam,
    /// A real calendar year: its own weekdays and length (8,784 hours in a leap year).
    Year(i32),
}

/// Whether a line's amount is rounded to the cent or kept (for comparison with SAM's
/// doubles) to [`UNROUNDED_SCALE`] places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnualAmounts {
    /// Each line to the cent, half up.
    Rounded,
    /// Each line to 12 places, half up: exact for every product of a kWh and a rate, and
    /// within 10⁻¹² for a proportional share.
    Unrounded,
}

/// Decimal places of an unrounded amount.
pub const UNROUNDED_SCALE: u32 = 12;

impl AnnualAmounts {
    /// From its name in the JSON form: `rounded` or `unrounded`.
    pub fn from_name(name: &str) -> Result<AnnualAmounts> {
        match name {
            "rounded" => Ok(AnnualAmounts::Rounded),
            "unrounded" => Ok(AnnualAmounts::Unrounded),
            _ => Err(req(ErrorCode::InvalidField, "amounts", "\"rounded\" or \"unrounded\" is expected here")),
        }
    }

    /// Decimal places of a line's amount.
    pub fn scale(self) -> u32 {
        match self {
            AnnualAmounts::Rounded => 2,
            AnnualAmounts::Unrounded => UNROUNDED_SCALE,
        }
    }
}

/// An hourly load as exact fixed-point kWh: `units[i] / 10^scale` is hour `i`'s kWh. The
/// engine sums integers, so a year's 8,760 hours cost a few microseconds, and the sums are
/// exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourlyLoad {
    scale: u32,
    units: Vec<i64>,
}

fn load_err(code: ErrorCode, i: usize, reason: String) -> Error {
    Error::new(ErrorKind::Metering, code, format!("hourly_kwh[{i}]"), reason)
}

impl HourlyLoad {
    /// From decimals: each at most [`LOAD_SCALE`] places, zero or more and at most
    /// [`MAX_HOURLY_KWH`].
    pub fn from_decimals(values: &[Decimal]) -> Result<HourlyLoad> {
        // `1.5000000` has 7 places as written and 1 in fact: only true digits count.
        let places = |d: &Decimal| if d.scale() > LOAD_SCALE { d.normalize().scale() } else { d.scale() };
        let mut scale = 0;
        for (i, d) in values.iter().enumerate() {
            let s = places(d);
            if s > LOAD_SCALE {
                return Err(load_err(ErrorCode::TooPrecise, i, format!("{d} has more than {LOAD_SCALE} decimal places")));
            }
            scale = scale.max(s);
        }
        let mut units = Vec::with_capacity(values.len());
        for (i, d) in values.iter().enumerate() {
            let d = if d.scale() > scale { d.normalize() } else { *d };
            let m = d.mantissa() * 10i128.pow(scale - d.scale());
            units.push(Self::check(i, m, scale)?);
        }
        Ok(HourlyLoad { scale, units })
    }

    /// From the JSON form: a list of decimal strings.
    pub fn from_value(list: &Value) -> Result<HourlyLoad> {
        let strings = list.as_array().ok_or_else(|| Error::new(ErrorKind::Metering, ErrorCode::InvalidField, "hourly_kwh", "a list of kWh by hour (decimal strings) is required"))?;
        let mut values = Vec::with_capacity(strings.len());
        for (i, v) in strings.iter().enumerate() {
            let d = v.as_str().and_then(|s| crate::base::strict::parse_decimal(s).ok());
            values.push(d.ok_or_else(|| load_err(ErrorCode::InvalidField, i, "a decimal string such as \"1.25\" is expected here".into()))?);
        }
        Self::from_decimals(&values)
    }

    /// From integers `units[i] / 10^scale` kWh (an Arrow `decimal128` column's values).
    pub fn from_units(units: impl IntoIterator<Item = i128>, scale: u32) -> Result<HourlyLoad> {
        if scale > 18 {
            return Err(Error::new(ErrorKind::Metering, ErrorCode::TooPrecise, "hourly_kwh", format!("a scale of {scale} is more than {LOAD_SCALE} decimal places")));
        }
        let units = units.into_iter();
        if scale <= LOAD_SCALE {
            // The usual column (decimal128(p, 3)): one pass, no copy but the i64s.
            let mut out = Vec::with_capacity(units.size_hint().0);
            for (i, u) in units.enumerate() {
                out.push(Self::check(i, u, scale)?);
            }
            return Ok(HourlyLoad { scale, units: out });
        }
        // Drop trailing zero places the column's type carries (decimal128(38, 10) of whole
        // kWh) down to LOAD_SCALE; a value with a true digit past it is refused.
        let drop = 10i128.pow(scale - LOAD_SCALE);
        let mut out = Vec::with_capacity(units.size_hint().0);
        for (i, u) in units.enumerate() {
            if u % drop != 0 {
                return Err(load_err(ErrorCode::TooPrecise, i, format!("{} has more than {LOAD_SCALE} decimal places", Decimal::from_i128_with_scale(u.clamp(-(1 << 95), 1 << 95), scale))));
            }
            out.push(Self::check(i, u / drop, LOAD_SCALE)?);
        }
        Ok(HourlyLoad { scale: LOAD_SCALE, units: out })
    }

    fn check(i: usize, m: i128, scale: u32) -> Result<i64> {
        if m < 0 {
            return Err(load_err(ErrorCode::Negative, i, format!("{} is negative: the load is what the customer took from the grid", Decimal::from_i128_with_scale(m.max(-(1 << 95)), scale))));
        }
        if m > (MAX_HOURLY_KWH as i128) * 10i128.pow(scale) {
            return Err(load_err(ErrorCode::OutOfRange, i, format!("more than {MAX_HOURLY_KWH} kWh in an hour is out of range")));
        }
        Ok(m as i64)
    }

    /// Hours held.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether no hours are held.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The values' common decimal places.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Hour `i`'s kWh, times 10^scale.
    pub fn units(&self) -> &[i64] {
        &self.units
    }

    /// Hour `i`'s kWh.
    pub fn kwh(&self, i: usize) -> Option<Decimal> {
        self.units.get(i).map(|&u| Decimal::new(u, self.scale))
    }
}

impl Allocation {
    /// From its name in the JSON form: `proportional` or `chronological`.
    pub fn from_name(name: &str) -> Result<Allocation> {
        match name {
            "proportional" => Ok(Allocation::Proportional),
            "chronological" => Ok(Allocation::Chronological),
            _ => Err(req(ErrorCode::InvalidField, "allocation", "\"proportional\" or \"chronological\" is expected here")),
        }
    }
}

/// A year of hourly load to bill under a URDB rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualRequest {
    /// The year the hours fall in.
    pub calendar: AnnualCalendar,
    /// Days billed on the weekend schedule besides Saturdays and Sundays (a real year only).
    pub holidays: Vec<NaiveDate>,
    /// kWh by hour from 1 January 00:00.
    pub load: HourlyLoad,
    /// Overrides the allocation the rate's `dgrules` names.
    pub allocation: Option<Allocation>,
    /// Rounded or unrounded amounts.
    pub amounts: AnnualAmounts,
}

fn req(code: ErrorCode, path: &str, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Request, code, path, reason)
}

impl AnnualRequest {
    /// A request with SAM's calendar, the rate's allocation and rounded amounts.
    pub fn new(load: HourlyLoad) -> AnnualRequest {
        AnnualRequest { calendar: AnnualCalendar::Sam, holidays: Vec::new(), load, allocation: None, amounts: AnnualAmounts::Rounded }
    }

    /// Reads the JSON form: `{"calendar": "sam"}` or `{"year": 2025}`, `"hourly_kwh"`
    /// (decimal strings), and optionally `"holidays"`, `"allocation"`
    /// (`"proportional"`, `"chronological"`) and `"amounts"` (`"rounded"`, `"unrounded"`).
    pub fn from_json(text: &str) -> Result<AnnualRequest> {
        check_document(ErrorKind::Request, "", text)?;
        let value: Value = serde_json::from_str(text).map_err(|e| req(ErrorCode::Syntax, "", format!("this is not JSON: {e}")))?;
        Self::from_value(&value)
    }

    /// Reads the JSON form from a value (see [`AnnualRequest::from_json`]).
    pub fn from_value(value: &Value) -> Result<AnnualRequest> {
        let doc = value.as_object().ok_or_else(|| req(ErrorCode::InvalidField, "", "an object is expected here"))?;
        for key in doc.keys() {
            if !["calendar", "year", "hourly_kwh", "holidays", "allocation", "amounts"].contains(&key.as_str()) {
                return Err(req(ErrorCode::InvalidField, key, "this field is unknown: the fields are calendar, year, hourly_kwh, holidays, allocation and amounts"));
            }
        }
        let calendar = match (doc.get("calendar").and_then(Value::as_str), doc.get("year")) {
            (Some("sam"), None) => AnnualCalendar::Sam,
            (None | Some("year"), Some(y)) => AnnualCalendar::Year(
                y.as_i64().filter(|y| (1900..=2200).contains(y)).ok_or_else(|| req(ErrorCode::OutOfRange, "year", "a year from 1900 to 2200 is expected here"))? as i32,
            ),
            (Some("sam"), Some(_)) => return Err(req(ErrorCode::InvalidField, "year", "SAM's calendar has no year: give calendar \"sam\" or a year, not both")),
            _ => return Err(req(ErrorCode::InvalidField, "calendar", "give calendar \"sam\" (365 days from a Monday) or a year")),
        };
        let load = HourlyLoad::from_value(doc.get("hourly_kwh").unwrap_or(&Value::Null))?;
        let mut holidays = Vec::new();
        if let Some(h) = doc.get("holidays") {
            let list = h.as_array().ok_or_else(|| req(ErrorCode::InvalidField, "holidays", "a list of dates is expected here"))?;
            for (i, d) in list.iter().enumerate() {
                let date = d.as_str().and_then(|s| NaiveDate::from_str(s).ok());
                holidays.push(date.ok_or_else(|| req(ErrorCode::InvalidField, &format!("holidays[{i}]"), "a date such as \"2025-07-04\" is expected here"))?);
            }
        }
        let name = |key: &str| doc.get(key).map(|v| v.as_str().unwrap_or("")); // a non-text is no name
        let allocation = name("allocation").map(Allocation::from_name).transpose()?;
        let amounts = name("amounts").map_or(Ok(AnnualAmounts::Rounded), AnnualAmounts::from_name)?;
        let request = AnnualRequest { calendar, holidays, load, allocation, amounts };
        request.check()?;
        Ok(request)
    }

    /// Checks the load's length against the calendar and the holidays against the year.
    pub fn check(&self) -> Result<()> {
        self.checked_days().map(|_| ())
    }

    /// [`AnnualRequest::check`], giving the days it counted.
    pub(crate) fn checked_days(&self) -> Result<Vec<(u8, bool)>> {
        if let AnnualCalendar::Year(y) = self.calendar {
            if !(1900..=2200).contains(&y) {
                return Err(req(ErrorCode::OutOfRange, "year", "a year from 1900 to 2200 is expected here"));
            }
        }
        let days = self.days();
        let hours = days.len() * 24;
        if self.load.len() != hours {
            let year = match self.calendar {
                AnnualCalendar::Sam => "SAM's 365-day year".to_string(),
                AnnualCalendar::Year(y) => format!("{y}"),
            };
            return Err(Error::new(ErrorKind::Metering, ErrorCode::OutOfRange, "hourly_kwh", format!("there are {} hourly values; {year} has {hours} hours", self.load.len())));
        }
        for (i, d) in self.holidays.iter().enumerate() {
            match self.calendar {
                AnnualCalendar::Year(y) if d.year() == y => {}
                AnnualCalendar::Year(y) => return Err(req(ErrorCode::OutOfRange, &format!("holidays[{i}]"), format!("{d} is not in {y}"))),
                AnnualCalendar::Sam => return Err(req(ErrorCode::InvalidField, &format!("holidays[{i}]"), "SAM's calendar has no holidays; give a year to bill holidays")),
            }
        }
        Ok(days)
    }

    /// Each day of the year: (month index 0–11, billed on the weekend schedule).
    pub(crate) fn days(&self) -> Vec<(u8, bool)> {
        match self.calendar {
            AnnualCalendar::Sam => {
                const LENGTHS: [u8; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
                let mut out = Vec::with_capacity(365);
                for (m, &n) in LENGTHS.iter().enumerate() {
                    for _ in 0..n {
                        // Day 0 is a Monday: days 5 and 6 of each week are the weekend.
                        out.push((m as u8, out.len() % 7 >= 5));
                    }
                }
                out
            }
            AnnualCalendar::Year(y) => {
                let mut out = Vec::with_capacity(366);
                let mut d = NaiveDate::from_ymd_opt(y, 1, 1);
                while let Some(day) = d.filter(|d| d.year() == y) {
                    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || self.holidays.contains(&day);
                    out.push((day.month0() as u8, weekend));
                    d = day.succ_opt();
                }
                out
            }
        }
    }
}
