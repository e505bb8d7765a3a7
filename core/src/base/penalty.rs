//! Late-payment penalties (电费违约金), per 《供电营业规则》: a daily rate on the arrears,
//! by customer class, with a minimum of 1 元. In the shared base so that billing, payments
//! (the fee as of a payment date) and messaging (arrears reminders) compute the same figure.
//!
//! * Residential: 1‰ of the arrears per day late.
//! * Other customers: 2‰ per day for arrears of the current year; 3‰ per day once the
//!   arrears are carried across years. The arrears' year is the year of their bill month
//!   when the caller gives it, else of the due date. By default the days late are split
//!   at 1 January: days in the arrears' year at 2‰, later days at 3‰; with
//!   `carried_over: every_late_day`, arrears carried into a later year pay 3‰ on every
//!   late day.
//! * Days late count from the day after the due date up to and including `as_of` (paying on
//!   the due date costs nothing). Each rate band is one line, rounded to the fen half-up;
//!   a positive total below 1 元 is raised to 1 元.

use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::calendar::BillingMonth;
use crate::base::money::{fixed_scale, RoundingPolicy};
use crate::base::{check_decimal, CustomerClass};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What is owed and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateFeeRequest {
    /// The customer's class.
    pub customer_class: CustomerClass,
    /// The unpaid amount (元), at most 2 decimals.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub arrears: Decimal,
    /// The last day on which payment was on time.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub due_date: NaiveDate,
    /// The day of payment, or the day the fee is computed for.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub as_of: NaiveDate,
    /// The billing month (电费年月) the arrears were billed for: its year is the year the
    /// arrears belong to. Without it, the due date's year (a December bill due in January
    /// then counts as the new year's; give the bill month to count it as the old year's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_month: Option<BillingMonth>,
    /// How arrears carried across years are charged: 3‰ from 1 January (the default) or
    /// 3‰ on every late day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_over: Option<CarriedOver>,
}

/// How other customers' arrears carried across years are charged (3‰ a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CarriedOver {
    /// Days late in the arrears' own year at 2‰, days from 1 January of a later year at
    /// 3‰ (《供电营业规则》 read day by day; the default).
    #[default]
    FromNewYear,
    /// Once the arrears are carried into a later year, every late day at 3‰, including the
    /// days before 1 January (local practice in some provinces).
    EveryLateDay,
}

/// One rate band of a late fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateFeeLine {
    /// First day late in this band.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub first_day: NaiveDate,
    /// Last day late in this band (inclusive).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub last_day: NaiveDate,
    /// Days in the band.
    pub days: u32,
    /// Share of the arrears per day (0.001 = 1‰).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub daily_rate: Decimal,
    /// arrears × daily rate × days, rounded to the fen half-up.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
}

/// A late fee, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateFee {
    /// The arrears the fee is on.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub arrears: Decimal,
    /// Days late in all.
    pub days_late: u32,
    /// One line per rate band (none when not late).
    pub lines: Vec<LateFeeLine>,
    /// Whether the 1 元 minimum raised the fee.
    pub minimum_applied: bool,
    /// The fee.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
}

const MINIMUM: Decimal = Decimal::ONE;

/// Computes the late-payment penalty.
///
/// ```
/// use gridcore::{late_fee, CustomerClass, LateFeeRequest};
/// let d = |s: &str| s.parse().unwrap();
/// // 《供电营业规则》: residential arrears pay 1‰ a day; 200.00 元 ten days late → 2.00.
/// let fee = late_fee(&LateFeeRequest { customer_class: CustomerClass::Residential,
///     arrears: "200.00".parse().unwrap(), due_date: d("2026-11-10"), as_of: d("2026-11-20"),
///     bill_month: None, carried_over: None }).unwrap();
/// assert_eq!((fee.days_late, fee.amount.to_string()), (10, "2.00".to_string()));
/// ```
pub fn late_fee(request: &LateFeeRequest) -> Result<LateFee> {
    let policy = RoundingPolicy::default();
    let mut lines = Vec::new();
    bands(request, &policy, |line| lines.push(line))?;
    let days_late = lines.iter().map(|l| l.days).sum();
    let sum: Decimal = lines.iter().map(|l| l.amount).sum();
    let minimum_applied = days_late > 0 && !request.arrears.is_zero() && sum < MINIMUM;
    let amount = fixed_scale(if minimum_applied { MINIMUM } else { sum }, policy.scale);
    Ok(LateFee { arrears: request.arrears, days_late, lines, minimum_applied, amount })
}

/// The sum of the late fee's rate bands, each rounded as in [`late_fee`], before the
/// 1 元 minimum: what a ledger accrues per stretch without building the explanation.
pub(crate) fn accrued_late_fee(request: &LateFeeRequest) -> Result<Decimal> {
    let mut sum = Decimal::ZERO;
    bands(request, &RoundingPolicy::default(), |line| sum += line.amount)?;
    Ok(sum)
}

/// Checks a request and hands each rate band to `line`, in day order.
fn bands(request: &LateFeeRequest, policy: &RoundingPolicy, mut line: impl FnMut(LateFeeLine)) -> Result<()> {
    check_decimal(ErrorKind::Request, request.arrears, 2, "arrears", || "arrears".into())?;
    if request.as_of < request.due_date {
        return Err(Error::request(
            ErrorCode::OutOfRange,
            "as_of",
            format!("as_of {} is before the due date {}; nothing can be late yet", request.as_of, request.due_date),
        ));
    }
    let arrears_year = match request.bill_month {
        Some(m) if m.first_day() > request.due_date => {
            return Err(Error::request(ErrorCode::OutOfRange, "bill_month", format!("the bill month {m} is after the due date {}", request.due_date)))
        }
        Some(m) => m.year,
        None => request.due_date.year(),
    };
    let every_day = request.carried_over == Some(CarriedOver::EveryLateDay);
    let mut first_late = request.due_date.succ_opt().expect("dates are far from chrono's limits");
    while first_late <= request.as_of {
        let carried = if every_day { request.as_of.year() > arrears_year } else { first_late.year() > arrears_year };
        let year_end = NaiveDate::from_ymd_opt(first_late.year(), 12, 31).expect("valid date");
        // Residential arrears have one rate; others change rate once carried across years.
        let to = match (request.customer_class, carried) {
            (CustomerClass::NonResidential, false) => year_end.min(request.as_of),
            _ => request.as_of,
        };
        let daily_rate = match (request.customer_class, carried) {
            (CustomerClass::Residential, _) => Decimal::new(1, 3),
            (CustomerClass::NonResidential, false) => Decimal::new(2, 3),
            (CustomerClass::NonResidential, true) => Decimal::new(3, 3),
        };
        let days = (to - first_late).num_days() as u32 + 1;
        let amount = policy.round_amount(request.arrears * daily_rate * Decimal::from(days));
        line(LateFeeLine { first_day: first_late, last_day: to, days, daily_rate, amount });
        first_late = to.succ_opt().expect("dates are far from chrono's limits");
    }
    Ok(())
}

impl LateFeeRequest {
    /// Parses a request from JSON text.
    pub fn from_json(json: &str) -> Result<LateFeeRequest> {
        crate::base::error::parse_json(ErrorKind::Request, "", json)
    }

    /// Reads a request from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<LateFeeRequest> {
        crate::base::error::from_value(ErrorKind::Request, "", value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(class: CustomerClass, arrears: &str, due: &str, as_of: &str) -> LateFee {
        late_fee(&LateFeeRequest { customer_class: class, arrears: arrears.parse().unwrap(), due_date: due.parse().unwrap(), as_of: as_of.parse().unwrap(), bill_month: None, carried_over: None }).unwrap()
    }

    #[test]
    fn domain_example_4() {
        let a = fee(CustomerClass::Residential, "200.00", "2026-11-10", "2026-11-20");
        assert_eq!((a.days_late, a.amount.to_string(), a.minimum_applied), (10, "2.00".into(), false));
        let b = fee(CustomerClass::Residential, "300.00", "2026-11-10", "2026-11-12");
        assert_eq!((b.lines[0].amount.to_string(), b.amount.to_string(), b.minimum_applied), ("0.60".into(), "1.00".into(), true));
    }

    #[test]
    fn on_time_costs_nothing_and_early_as_of_is_an_error() {
        let on_time = fee(CustomerClass::NonResidential, "500.00", "2026-11-10", "2026-11-10");
        assert_eq!((on_time.days_late, on_time.amount.to_string(), on_time.lines.len()), (0, "0.00".into(), 0));
        let err = late_fee(&LateFeeRequest {
            customer_class: CustomerClass::Residential,
            arrears: Decimal::ONE,
            due_date: "2026-11-10".parse().unwrap(),
            as_of: "2026-11-09".parse().unwrap(),
            bill_month: None,
            carried_over: None,
        })
        .unwrap_err();
        assert_eq!((err.code, err.path.as_str()), (ErrorCode::OutOfRange, "as_of"));
    }

    #[test]
    fn non_residential_splits_at_new_year() {
        // 10000.00 due 2026-12-25, paid 2027-01-05: 6 days at 2‰ (Dec 26–31), 5 at 3‰.
        let f = fee(CustomerClass::NonResidential, "10000.00", "2026-12-25", "2027-01-05");
        let lines: Vec<_> = f.lines.iter().map(|l| (l.days, l.daily_rate.to_string(), l.amount.to_string())).collect();
        assert_eq!(lines, vec![(6, "0.002".to_string(), "120.00".to_string()), (5, "0.003".to_string(), "150.00".to_string())]);
        assert_eq!(f.amount.to_string(), "270.00");
    }
}
