//! The data of a URDB rate and of its annual bill.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Months in a year, the rows of a URDB schedule.
pub const MONTHS: usize = 12;

/// How a tier's `max` counts kWh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "unit", content = "kwh")]
pub enum TierLimit {
    /// kWh in the month (URDB `"kWh"`).
    Monthly(Decimal),
    /// kWh per day, × the month's days (URDB `"kWh daily"`).
    Daily(Decimal),
}

/// One energy tier of a period: up to `limit` (none for the last tier), at `rate` $/kWh
/// (URDB's `rate` + `adj`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnergyTier {
    /// The tier's upper bound; none for the last.
    pub limit: Option<TierLimit>,
    /// $/kWh, `rate` + `adj`.
    pub rate: Decimal,
}

/// One demand tier: up to `max` kW (none for the last), at `rate` $/kW.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandTier {
    /// The tier's upper bound in kW; none for the last.
    pub max: Option<Decimal>,
    /// $/kW, `rate` + `adj`.
    pub rate: Decimal,
}

/// What a fixed charge is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixedUnit {
    /// $/month.
    Month,
    /// $/day, × the month's days.
    Day,
}

/// What a minimum charge is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinimumUnit {
    /// Each month's energy, demand and fixed charges are topped up to it.
    Month,
    /// The year's are, in December.
    Year,
}

/// How a month's kWh in a time-of-use period fill the tiers (SAM's metering options,
/// with no generation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Allocation {
    /// The month's kWh fill the tiers, and each tier is shared among the periods in
    /// proportion to their kWh (SAM's net metering; URDB `"Net Metering"`).
    Proportional,
    /// Hour by hour in time order: an hour's kWh go to the tier the month's running
    /// total has reached (SAM's net billing; URDB `"Net Billing …"`, `"Buy All Sell All"`).
    Chronological,
}

/// A URDB rate read by [`UrdbTariff::from_urdb_json`](UrdbTariff::from_urdb_json).
/// Periods are URDB's, numbered from 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrdbTariff {
    /// The rate's name.
    pub name: String,
    /// The utility's name.
    pub utility: String,
    /// The URDB label (its id), when given.
    pub label: Option<String>,
    /// Energy tiers by period.
    pub energy: Vec<Vec<EnergyTier>>,
    /// Energy period by month and hour, weekdays.
    pub energy_weekday: [[u8; 24]; MONTHS],
    /// Energy period by month and hour, weekends and holidays.
    pub energy_weekend: [[u8; 24]; MONTHS],
    /// Time-of-use demand tiers by period.
    pub demand: Vec<Vec<DemandTier>>,
    /// Demand period by month and hour, weekdays.
    pub demand_weekday: [[u8; 24]; MONTHS],
    /// Demand period by month and hour, weekends and holidays.
    pub demand_weekend: [[u8; 24]; MONTHS],
    /// Flat (monthly peak) demand tiers by period.
    pub flat_demand: Vec<Vec<DemandTier>>,
    /// The flat demand period of each month.
    pub flat_demand_months: [u8; MONTHS],
    /// The fixed charge, if any.
    pub fixed: Option<(Decimal, FixedUnit)>,
    /// The minimum charge, if any.
    pub minimum: Option<(Decimal, MinimumUnit)>,
    /// The allocation URDB's `dgrules` names (a request may choose the other).
    pub allocation: Allocation,
}
