//! The e-bill's data: what the document shows, as plain values. `gridcore::ebill` builds
//! it from a bill and the account's history; this module only renders it, so messaging
//! never sees a `Bill`.

use crate::base::calendar::{BillingMonth, TouPeriod};
use crate::base::Text;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Everything an e-bill shows, locale-free: the renderer picks the language and formats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// 户号, masked as notices mask it (`******2345`).
    pub account: String,
    /// The tariff's name.
    pub tariff_name: Text,
    /// The billing month (电费年月) the e-bill is for.
    pub month: BillingMonth,
    /// First day billed.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub period_start: NaiveDate,
    /// Last day billed (inclusive, as printed).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub period_last_day: NaiveDate,
    /// Days billed.
    pub days: u32,
    /// The day the bill was issued.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub issued_on: NaiveDate,
    /// Billed kWh.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub billed_kwh: Decimal,
    /// The bill's total, as the bill has it.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub total: Decimal,
    /// What the customer owes now: the total, or the payment status's amount due.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount_due: Decimal,
    /// 缴费截止日.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    /// Up to 13 months, oldest first; the last is this bill's month.
    pub history: Vec<HistoryMonth>,
    /// Where the account stands against its tier bounds (tiered tariffs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_progress: Option<TierProgress>,
    /// kWh per time-of-use period (time-of-use tariffs), in period order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tou_split: Vec<TouShare>,
    /// The bill's lines grouped by component, in the bill's order.
    pub groups: Vec<LineGroup>,
    /// The bill's rounding, in words.
    pub rounding: Text,
    /// Why the bill differs from the previous one (from `compare`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    /// Paid, unpaid, overdue: as the payments system reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentStatus>,
    /// The account's points balance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_balance: Option<i64>,
    /// The bill's remarks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
}

/// One month of the history chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryMonth {
    /// The month.
    pub month: BillingMonth,
    /// Billed kWh.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub kwh: Decimal,
    /// The bill's total.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
    /// This e-bill's month (highlighted).
    pub current: bool,
    /// The same month a year earlier (marked).
    pub same_month_last_year: bool,
}

/// One tier of the progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierBand {
    /// Tier number, from 1.
    pub tier: u32,
    /// Bound below (exclusive).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub lower: Decimal,
    /// Bound above (inclusive); none for the last tier or when the bill does not say.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<Decimal>,
}

/// The cumulative kWh of the tier cycle against its bounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierProgress {
    /// Annual tiers (the count runs over the tier year) or monthly.
    pub annual: bool,
    /// kWh counted so far in the cycle, this bill included.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub kwh: Decimal,
    /// The tier that count is in.
    pub tier: u32,
    /// The tiers up to the current one (and its upper bound when it has one).
    pub bands: Vec<TierBand>,
    /// kWh left before the next tier; none in the last tier.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub remaining_kwh: Option<Decimal>,
}

/// One time-of-use period's share of the billed kWh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TouShare {
    /// The period.
    pub period: TouPeriod,
    /// Its kWh.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub kwh: Decimal,
    /// Its share of the billed kWh, % to one decimal, half up (display only, not money).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub percent: Decimal,
}

/// One component's lines and subtotal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineGroup {
    /// The component's name.
    pub name: Text,
    /// The component's subtotal, as the bill has it.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub subtotal: Decimal,
    /// Its lines.
    pub lines: Vec<StatementLine>,
}

/// One explained line: quantity × price = amount, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    /// The line's stable code.
    pub code: String,
    /// What the line is.
    pub description: Text,
    /// The quantity, exact.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub quantity: Decimal,
    /// For part-month lines: the quantity is `quantity / divisor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divisor: Option<u32>,
    /// The quantity's unit.
    pub unit: Text,
    /// 元 per unit.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub unit_price: Decimal,
    /// The line's amount, as the bill has it (a fraction is shown in full).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
    /// The rule behind the line, in words.
    pub explanation: Text,
}

/// The difference from the previous bill, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// The previous bill's total.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub previous_total: Decimal,
    /// This total − the previous one.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub difference: Decimal,
    /// The reasons, which add up to the difference.
    pub reasons: Vec<Reason>,
}

/// One reason for a difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Its share in 元.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
    /// The sentence.
    pub text: Text,
}

/// Where the bill's payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Not paid, not yet due.
    Unpaid,
    /// Paid in part.
    PartlyPaid,
    /// Paid in full.
    Paid,
    /// Past its due date and not paid in full.
    Overdue,
}

/// The payment status, as plain values from the payments system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentStatus {
    /// The state.
    pub state: PaymentState,
    /// Paid so far against this bill.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<Decimal>,
    /// The day of the last payment.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub paid_on: Option<NaiveDate>,
    /// Everything owed now (earlier arrears and late fees included); the e-bill's
    /// amount due when given.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub amount_due: Option<Decimal>,
    /// Late fees (违约金) in that amount.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub late_fee: Option<Decimal>,
    /// Prepaid balance (预存).
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub prepaid: Option<Decimal>,
}
