//! What a bill is computed from: the account, the period, the usage, the tariff and its
//! versions, the year-to-date count.

use super::{BasicChargeContract, Period, Register, Standard, Tariff, UsageInput};
use crate::base::calendar::BillingMonth;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The account attributes the tariff needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// 户号.
    pub account_id: String,
    /// Account holder's name, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Extra kWh added to each tier bound (多人口家庭), one per bounded tier, in the
    /// tariff's cycle (per month or per year).
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Vec::is_empty")]
    pub tier_extra_kwh: Vec<Decimal>,
    /// The day the account opened, if within the tier year (prorates annual thresholds).
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub opened_on: Option<NaiveDate>,
    /// The day the account closes (exclusive), if within the tier year.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
    /// The two-part contract (basic charge by capacity or demand), for two-part tariffs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_charge: Option<BasicChargeContract>,
    /// The power-factor standard (功率因数考核标准: `"0.90"`, `"0.85"` or `"0.80"`); when
    /// set, the bill carries a power-factor adjustment and needs reactive energy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_factor_standard: Option<Standard>,
}

/// A tariff version taking effect inside the billing period (a price change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TariffVersion {
    /// First day the version applies.
    pub effective_from: NaiveDate,
    /// The tariff from that day; it may change prices only.
    pub tariff: Arc<Tariff>,
    /// Register readings taken on `effective_from` (at 00:00), one per billed register;
    /// without them usage is split by days.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<RegisterValue>,
}

/// A register's reading at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterValue {
    /// Which register.
    pub register: Register,
    /// The reading (up to 4 decimals).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub value: Decimal,
}

/// Everything needed to compute one bill.
///
/// Its JSON form embeds the tariff document under `tariff`; in Rust the tariff is an
/// `Arc<Tariff>` that many requests share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillRequest {
    /// The tariff to bill under.
    pub tariff: Arc<Tariff>,
    /// The account.
    pub account: Account,
    /// The billing period.
    pub period: Period,
    /// Readings or interval data.
    pub usage: UsageInput,
    /// Billed kWh of the tier year before this period (annual tiers).
    #[serde(default)]
    pub year_to_date_kwh: Decimal,
    /// Holidays to add to the tariff's list for this bill.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<NaiveDate>,
    /// The date the bill is computed for (issued on); no clock is read.
    pub as_of: NaiveDate,
    /// Tariff versions taking effect inside the period, in date order; `tariff` applies
    /// before the first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tariff_versions: Vec<TariffVersion>,
    /// The billing month (电费年月) the bill is issued for; required by `billing_month`
    /// annual tiers (its year is the tier year), echoed on the bill otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_month: Option<BillingMonth>,
    /// Register readings taken at 00:00 on 1 January, for a bill that crosses it under
    /// `calendar_days` annual tiers; without them its kWh are split by days.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_year_readings: Vec<RegisterValue>,
}

impl BillRequest {
    /// The request as JSON text (with its tariff document).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a request always serializes")
    }
}
