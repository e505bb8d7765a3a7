//! Usage as the request gives it (readings, interval data, losses, demand) and as the bill
//! states it (the quantities billed and how they were derived).

use crate::base::calendar::TouPeriod;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where usage comes from: exactly one of `readings` or `intervals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UsageInput {
    /// The meter's multiplier and register size.
    #[serde(default)]
    pub meter: Meter,
    /// Register readings (抄表示数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readings: Option<Vec<Reading>>,
    /// Interval data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervals: Option<IntervalData>,
    /// Transformer and line losses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub losses: Vec<Loss>,
    /// The maximum-demand register's reading for the period (kW before the multiplier),
    /// for a basic charge by demand. With 15-minute interval data it may be left out: the
    /// largest interval's kWh × 4 is the maximum demand.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub max_demand: Option<Decimal>,
}

/// Meter constants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meter {
    /// Current-transformer ratio (e.g. 150/5 → `"30"`). Default 1.
    #[serde(deserialize_with = "crate::base::strict::de", default = "one")]
    pub ct_ratio: Decimal,
    /// Voltage-transformer ratio (e.g. 10000/100 → `"100"`). Default 1.
    #[serde(deserialize_with = "crate::base::strict::de", default = "one")]
    pub pt_ratio: Decimal,
    /// Integer digits of the registers, needed to bill a rollover.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::base::lenient::opt_u32")]
    pub digits: Option<u32>,
}

fn one() -> Decimal {
    Decimal::ONE
}

impl Default for Meter {
    fn default() -> Self {
        Meter { ct_ratio: Decimal::ONE, pt_ratio: Decimal::ONE, digits: None }
    }
}

/// A register of a meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Register {
    /// 总: all energy.
    Total,
    /// 尖峰 register.
    CriticalPeak,
    /// 峰 register.
    Peak,
    /// 平 register.
    Flat,
    /// 谷 register.
    Valley,
    /// Reactive energy (无功, kvarh), for the power-factor adjustment; never billed as kWh.
    Reactive,
}

impl Register {
    /// The register that records `period`.
    pub fn of(period: TouPeriod) -> Register {
        match period {
            TouPeriod::CriticalPeak => Register::CriticalPeak,
            TouPeriod::Peak => Register::Peak,
            TouPeriod::Flat => Register::Flat,
            TouPeriod::Valley => Register::Valley,
        }
    }
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Register::Total => "total",
            Register::CriticalPeak => "critical_peak",
            Register::Peak => "peak",
            Register::Flat => "flat",
            Register::Valley => "valley",
            Register::Reactive => "reactive",
        }
    }
}

/// Start and end readings of one register over the billing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// Which register.
    pub register: Register,
    /// Reading at the start of the period (up to 4 decimals).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub start: Decimal,
    /// Reading at the end of the period (up to 4 decimals).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub end: Decimal,
    /// The register passed its maximum and restarted from zero during the period.
    #[serde(default)]
    pub rollover: bool,
    /// The end reading is estimated (估抄); the next actual reading corrects it.
    #[serde(default)]
    pub estimated: bool,
}

/// Interval data: one value per interval of the billing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalData {
    /// Interval length: 15, 30 or 60.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub minutes: u32,
    /// Values, in any order; each interval of the period exactly once.
    pub points: Vec<IntervalPoint>,
}

/// The energy of one interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalPoint {
    /// Start of the interval, local time `YYYY-MM-DDTHH:MM:SS`.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub start: NaiveDateTime,
    /// kWh in the interval (before the multiplier), up to 4 decimals.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub kwh: Decimal,
    /// Reactive kvarh in the interval (before the multiplier), for the power-factor
    /// adjustment; give it for every interval or for none.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub kvarh: Option<Decimal>,
}

/// A loss added to metered kWh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Loss {
    /// Transformer or line loss.
    pub kind: LossKind,
    /// A fixed kWh for the period. Exactly one of `fixed_kwh` and `percent`.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub fixed_kwh: Option<Decimal>,
    /// A percentage of metered kWh (0–100).
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
}

/// Kinds of loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// 变损: metering on the low-voltage side of the customer's transformer.
    Transformer,
    /// 线损: line loss by agreement.
    Line,
}

/// Where the billed quantities came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageSource {
    /// Register readings.
    Readings,
    /// Interval data.
    Intervals,
    /// No metering: a tariff that charges no energy (a standby transformer's basic
    /// charge) needs neither readings nor intervals.
    Unmetered,
}

/// The quantities a bill charges, and how they were derived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageSummary {
    /// Readings or intervals.
    pub source: UsageSource,
    /// CT × PT.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub multiplier: Decimal,
    /// Each register read, with its advance and kWh.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registers: Vec<RegisterUsage>,
    /// Interval length and count, for interval data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervals: Option<IntervalSummary>,
    /// kWh measured (after the multiplier, before losses).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub metered_kwh: Decimal,
    /// Losses added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub losses: Vec<LossUsage>,
    /// kWh billed: metered plus losses.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub billed_kwh: Decimal,
    /// Billed kWh per time-of-use period (time-of-use tariffs only); sums to `billed_kwh`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_period: BTreeMap<TouPeriod, Decimal>,
    /// Some reading is estimated.
    pub estimated: bool,
    /// Reactive kvarh (after the multiplier), when a reactive register or interval kvarh
    /// was given.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub reactive_kvarh: Option<Decimal>,
    /// Maximum demand in kW (after the multiplier), from the demand register or the
    /// largest 15-minute interval.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub max_demand_kw: Option<Decimal>,
}

/// One register's contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterUsage {
    /// Which register.
    pub register: Register,
    /// Start reading.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub start: Decimal,
    /// End reading.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub end: Decimal,
    /// Whether the register rolled over.
    pub rollover: bool,
    /// Whether the end reading is estimated.
    pub estimated: bool,
    /// Register advance (end − start, or across the rollover).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub advance: Decimal,
    /// advance × multiplier.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub kwh: Decimal,
    /// Whether the tariff bills this register (a time-of-use tariff bills the period
    /// registers; any other bills the total register).
    pub billed: bool,
}

/// Interval data used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntervalSummary {
    /// Interval length in minutes.
    pub minutes: u32,
    /// Number of values.
    pub count: u32,
}

/// One loss's contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossUsage {
    /// Kind of loss.
    pub kind: LossKind,
    /// The fixed kWh, if fixed.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub fixed_kwh: Option<Decimal>,
    /// The percentage, if a percentage.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// kWh added.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub kwh: Decimal,
}

