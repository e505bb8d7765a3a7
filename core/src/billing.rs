//! Bill calculation: a [`BillRequest`] in, an explained [`Bill`] out.
//!
//! Every line states quantity × unit price = amount, the tier or period it belongs to and
//! the [`Rule`] that produced it. Each amount is rounded once by the tariff's
//! [`RoundingPolicy`]; the total is the sum of the (rounded) lines, so a printed bill
//! always adds up.

use crate::calendar::{BillingMonth, TouPeriod};
use crate::error::{parse_json, Error, ErrorCode, ErrorKind, Result};
use crate::demand::{BasicChargeContract, BasicMethod};
use crate::metering::{measure, LossKind, Measured, Register, UsageInput, UsageSummary};
use crate::power_factor::Standard;
use crate::money::{RoundingPolicy, RoundingStage, ENERGY_SCALE};
use crate::tariff::{check_decimal, EnergyRate, FixedBasis, LossPresentation, Presentation, Tariff, TariffSpec, TierCycle};
use crate::tiers::{bands, TierPart};
use crate::Text;
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// Decimal places a line's amount keeps under component-stage rounding when a divisor
/// makes it a fraction: price (6) + quantity (4) decimals, the most an exact product has.
pub const FRACTION_SCALE: u32 = 10;

/// The longest billing period accepted, in days.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// A half-open billing period `[start, end)` of local dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day billed.
    #[serde(deserialize_with = "crate::strict::de")]
    pub start: NaiveDate,
    /// Day after the last day billed.
    #[serde(deserialize_with = "crate::strict::de")]
    pub end: NaiveDate,
}

impl Period {
    /// Number of days billed.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    fn validate(&self) -> Result<()> {
        if self.end <= self.start {
            return Err(Error::request(
                ErrorCode::EmptyPeriod,
                "period.end",
                format!("period end {} must be after its start {} (periods are half-open [start, end))", self.end, self.start),
            ));
        }
        if self.days() > MAX_PERIOD_DAYS {
            return Err(Error::request(ErrorCode::PeriodTooLong, "period.end", format!("a billing period of {} days is longer than {MAX_PERIOD_DAYS}", self.days())));
        }
        Ok(())
    }

    /// Months in the period by the anniversary rule: whole months counted from `start`
    /// (Nov 15 → Dec 15 is one month), and the remaining days as a fraction of the month
    /// that would complete the next anniversary.
    pub fn months(&self) -> MonthCount {
        let mut whole = 0u32;
        while self.start.checked_add_months(Months::new(whole + 1)).is_some_and(|d| d <= self.end) {
            whole += 1;
        }
        let anchor = self.start.checked_add_months(Months::new(whole)).expect("within chrono's range");
        let next = self.start.checked_add_months(Months::new(whole + 1)).expect("within chrono's range");
        let days = (self.end - anchor).num_days() as u32;
        MonthCount { whole, days, of_days: if days == 0 { 0 } else { (next - anchor).num_days() as u32 } }
    }

    /// The months of `[from, to)`, a part of this period, exactly: each day counts as
    /// 1 / (the length of the anniversary month it falls in), so the parts of a period
    /// always add up to [`Period::months`]. A part that touches two months of different
    /// lengths without covering either is returned as two pieces, so that every piece's
    /// months are one [`MonthCount`] (`whole + days / of_days`).
    pub fn month_pieces(&self, from: NaiveDate, to: NaiveDate) -> Vec<MonthPiece> {
        let total = self.months();
        let mut out: Vec<MonthPiece> = Vec::with_capacity(2);
        let mut month_start = self.start;
        for k in 0..=total.whole {
            let (month_end, length) = if k < total.whole {
                let end = self.start.checked_add_months(Months::new(k + 1)).expect("within chrono's range");
                (end, (end - month_start).num_days() as u32)
            } else {
                (self.end, total.of_days)
            };
            let (a, b) = (month_start.max(from), month_end.min(to));
            month_start = month_end;
            if b <= a {
                continue;
            }
            let days = (b - a).num_days() as u32;
            let full = k < total.whole && days == length;
            match out.last_mut() {
                Some(p) if p.to == a && (full || p.months.days == 0) => {
                    p.to = b;
                    if full {
                        p.months.whole += 1;
                    } else {
                        (p.months.days, p.months.of_days) = (days, length);
                    }
                }
                _ => out.push(MonthPiece {
                    from: a,
                    to: b,
                    months: if full { MonthCount { whole: 1, days: 0, of_days: 0 } } else { MonthCount { whole: 0, days, of_days: length } },
                }),
            }
        }
        out
    }
}

/// A part of a billing period and its months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthPiece {
    /// First day of the part.
    pub from: NaiveDate,
    /// Day after its last day.
    pub to: NaiveDate,
    /// Its months, exactly.
    pub months: MonthCount,
}

/// A number of months: `whole + days / of_days`, exactly. Money derived from it is
/// `value × (whole × of_days + days) / of_days`, rounded once (never a rounded month
/// count times a price).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// Whole months.
    pub whole: u32,
    /// Days of the part month.
    pub days: u32,
    /// Length in days of the month the part month is a part of (0 when `days` is 0).
    pub of_days: u32,
}

impl MonthCount {
    /// `value × months`, exact but for the division by `of_days` (28 significant digits).
    pub fn times(&self, value: Decimal) -> Decimal {
        match self.divisor() {
            None => value * Decimal::from(self.whole),
            Some(d) => value * Decimal::from(self.numerator()) / Decimal::from(d),
        }
    }
    /// Whether the count is a whole number of months.
    pub fn is_whole(&self) -> bool {
        self.days == 0
    }
    /// The count in units of 1/`of_days` month (`whole × of_days + days`), or the whole
    /// months when there is no part month.
    pub fn numerator(&self) -> u64 {
        match self.divisor() {
            None => u64::from(self.whole),
            Some(d) => u64::from(self.whole) * u64::from(d) + u64::from(self.days),
        }
    }
    /// `of_days` when there is a part month: the count is `numerator() / of_days`.
    pub fn divisor(&self) -> Option<u32> {
        (self.days != 0).then_some(self.of_days)
    }
    /// How the count prints: `1`, `10/30`, `1 5/31`.
    pub fn display(&self) -> String {
        match (self.whole, self.days) {
            (w, 0) => w.to_string(),
            (0, d) => format!("{d}/{}", self.of_days),
            (w, d) => format!("{w} {d}/{}", self.of_days),
        }
    }
}

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
    #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Vec::is_empty")]
    pub tier_extra_kwh: Vec<Decimal>,
    /// The day the account opened, if within the tier year (prorates annual thresholds).
    #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub opened_on: Option<NaiveDate>,
    /// The day the account closes (exclusive), if within the tier year.
    #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
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
    #[serde(deserialize_with = "crate::strict::de")]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionDoc {
    #[serde(deserialize_with = "crate::strict::de")]
    effective_from: NaiveDate,
    tariff: TariffSpec,
    #[serde(default)]
    readings: Vec<RegisterValue>,
}

/// The JSON form of a request, with the tariff still a document, so that tariff errors
/// keep their codes and paths. The tariff is absent when the caller supplies an already
/// validated one ([`BillRequest::with_tariff`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestDoc {
    #[serde(default)]
    tariff: Option<TariffSpec>,
    account: Account,
    period: Period,
    #[serde(default)]
    usage: UsageInput,
    #[serde(deserialize_with = "crate::strict::de", default)]
    year_to_date_kwh: Decimal,
    #[serde(deserialize_with = "crate::strict::de", default)]
    holidays: Vec<NaiveDate>,
    #[serde(deserialize_with = "crate::strict::de")]
    as_of: NaiveDate,
    #[serde(default)]
    tariff_versions: Vec<VersionDoc>,
    #[serde(default)]
    billing_month: Option<BillingMonth>,
    #[serde(default)]
    new_year_readings: Vec<RegisterValue>,
}

impl RequestDoc {
    fn into_request(mut self) -> Result<BillRequest> {
        let tariff = match self.tariff.take() {
            Some(spec) => Arc::new(Tariff::new(spec)?),
            None => return Err(Error::request(ErrorCode::InvalidField, "tariff", "missing field `tariff`")),
        };
        self.with_tariff(tariff)
    }

    fn with_tariff(self, tariff: Arc<Tariff>) -> Result<BillRequest> {
        let mut tariff_versions = Vec::with_capacity(self.tariff_versions.len());
        for (i, v) in self.tariff_versions.into_iter().enumerate() {
            // Re-root the version's tariff errors at its place in the request.
            let t = Tariff::new(v.tariff).map_err(|mut e| {
                e.path = format!("tariff_versions[{i}].{}", e.path);
                e
            })?;
            tariff_versions.push(TariffVersion { effective_from: v.effective_from, tariff: Arc::new(t), readings: v.readings });
        }
        Ok(BillRequest {
            tariff_versions,
            tariff,
            account: self.account,
            period: self.period,
            usage: self.usage,
            year_to_date_kwh: self.year_to_date_kwh,
            holidays: self.holidays,
            as_of: self.as_of,
            billing_month: self.billing_month,
            new_year_readings: self.new_year_readings,
        })
    }
}

impl<'de> Deserialize<'de> for BillRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        RequestDoc::deserialize(deserializer)?.into_request().map_err(serde::de::Error::custom)
    }
}

impl BillRequest {
    /// Parses a request (with its tariff document) from JSON text. Paths in errors are
    /// rooted at the request: `period.end`, `tariff.energy.flat.price`.
    pub fn from_json(json: &str) -> Result<BillRequest> {
        parse_json::<RequestDoc>(ErrorKind::Request, "", json)?.into_request()
    }

    /// Parses a request (with its tariff document) from a JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<BillRequest> {
        crate::error::from_value::<RequestDoc>(ErrorKind::Request, "", value)?.into_request()
    }

    /// Builds a request around an already validated tariff from a JSON value holding the
    /// other fields (`account`, `period`, `usage`, …). A batch of requests for one tariff
    /// shares it instead of validating it again per request.
    pub fn with_tariff(tariff: Arc<Tariff>, fields: serde_json::Value) -> Result<BillRequest> {
        let doc: RequestDoc = crate::error::from_value(ErrorKind::Request, "", fields)?;
        if doc.tariff.is_some() {
            return Err(Error::request(ErrorCode::InvalidField, "tariff", "the tariff is given separately; remove it from the fields"));
        }
        doc.with_tariff(tariff)
    }

    /// The request as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a request always serializes")
    }
}

/// Which part of the bill a line belongs to; subtotals are per component, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// 电度电费: energy charges.
    Energy,
    /// 基本电费: the basic charge of a two-part tariff.
    Basic,
    /// 功率因数调整电费: the power-factor adjustment.
    PowerFactor,
    /// 最低电费补足: the top-up to a minimum charge.
    Minimum,
    /// 政府性基金及附加: government funds and surcharges.
    Fund,
    /// Fixed charges.
    Fixed,
}

impl Component {
    /// Chinese and English names.
    pub fn name(self) -> Text {
        match self {
            Component::Energy => Text::new("电度电费", "Energy charges"),
            Component::Basic => Text::new("基本电费", "Basic charges"),
            Component::PowerFactor => Text::new("功率因数调整电费", "Power factor adjustment"),
            Component::Minimum => Text::new("最低电费补足", "Minimum charge top-up"),
            Component::Fund => Text::new("政府性基金及附加", "Government funds and surcharges"),
            Component::Fixed => Text::new("固定费用", "Fixed charges"),
        }
    }
}

/// The unit a line's quantity is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Kilowatt-hours.
    Kwh,
    /// Days.
    Day,
    /// Months.
    Month,
    /// Bills.
    Bill,
    /// kVA of capacity for a month.
    KvaMonth,
    /// kW of demand for a month.
    KwMonth,
    /// 元: the quantity is an amount (the base of a percentage).
    Yuan,
}

impl Unit {
    /// How the unit prints: `kWh`, `天 day`, …
    pub fn label(self) -> Text {
        match self {
            Unit::Kwh => Text::new("kWh", "kWh"),
            Unit::Day => Text::new("天", "day"),
            Unit::Month => Text::new("月", "month"),
            Unit::Bill => Text::new("次", "bill"),
            Unit::KvaMonth => Text::new("kVA·月", "kVA·month"),
            Unit::KwMonth => Text::new("kW·月", "kW·month"),
            Unit::Yuan => Text::new("元", "CNY"),
        }
    }
}

/// The rule that produced a line, in a form a program can read and a clerk can have
/// explained ([`Rule::explain`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// Billed kWh × the flat price.
    FlatPrice,
    /// kWh falling in a tier: usage `from_kwh`–`to_kwh` (cumulative for the tier year
    /// under annual tiers) lies in the tier `(lower, upper]`.
    Tier {
        /// Monthly or annual.
        cycle: TierCycle,
        /// Tier number, from 1.
        tier: u32,
        /// Bound below the tier (exclusive).
        #[serde(deserialize_with = "crate::strict::de")]
        lower: Decimal,
        /// Bound above the tier (inclusive); none for the last tier.
        #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
        upper: Option<Decimal>,
        /// Where this line's kWh start in the cycle's count.
        #[serde(deserialize_with = "crate::strict::de")]
        from_kwh: Decimal,
        /// Where they end.
        #[serde(deserialize_with = "crate::strict::de")]
        to_kwh: Decimal,
    },
    /// kWh of a time-of-use period × its price.
    TimeOfUse {
        /// The period.
        period: TouPeriod,
    },
    /// The uplift a tier adds to every period's price, on the kWh in that tier.
    TierUplift {
        /// Monthly or annual.
        cycle: TierCycle,
        /// Tier number, from 1.
        tier: u32,
        /// Bound below the tier (exclusive).
        #[serde(deserialize_with = "crate::strict::de")]
        lower: Decimal,
        /// Bound above the tier (inclusive); none for the last tier.
        #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
        upper: Option<Decimal>,
        /// Where this line's kWh start in the cycle's count.
        #[serde(deserialize_with = "crate::strict::de")]
        from_kwh: Decimal,
        /// Where they end.
        #[serde(deserialize_with = "crate::strict::de")]
        to_kwh: Decimal,
    },
    /// A tier's kWh shared to one time-of-use period in proportion to the period's kWh,
    /// at that tier's price for the period (proportional allocation).
    TierPeriod {
        /// Monthly or annual.
        cycle: TierCycle,
        /// Tier number, from 1.
        tier: u32,
        /// Bound below the tier (exclusive).
        #[serde(deserialize_with = "crate::strict::de")]
        lower: Decimal,
        /// Bound above the tier (inclusive); none for the last tier.
        #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
        upper: Option<Decimal>,
        /// Where the tier's kWh start in the cycle's count.
        #[serde(deserialize_with = "crate::strict::de")]
        from_kwh: Decimal,
        /// Where they end.
        #[serde(deserialize_with = "crate::strict::de")]
        to_kwh: Decimal,
        /// The period.
        period: TouPeriod,
        /// The period's kWh in the count (its share of every tier).
        #[serde(deserialize_with = "crate::strict::de")]
        period_kwh: Decimal,
        /// All the kWh in the count.
        #[serde(deserialize_with = "crate::strict::de")]
        billed_kwh: Decimal,
    },
    /// A loss (变损, 线损) printed on its own line: its kWh × the energy price.
    Loss {
        /// Transformer or line loss.
        loss: LossKind,
    },
    /// Billed kWh × a fund's rate.
    Fund,
    /// A fixed charge.
    Fixed {
        /// Per bill, day or month.
        basis: FixedBasis,
        /// For monthly charges: the months counted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        months: Option<MonthCount>,
    },
    /// Billed kWh × one component of an agency-purchase price.
    AgencyComponent,
    /// Billed kWh × an agency-purchase price, the sum of its components.
    AgencyPrice {
        /// The components (code and 元/kWh) that sum to the unit price.
        components: Vec<PricePart>,
    },
    /// A basic charge: kVA or kW × months × price.
    BasicCharge {
        /// Capacity, contract demand or actual demand.
        method: BasicMethod,
        /// kVA or kW billed per month on this line.
        #[serde(deserialize_with = "crate::strict::de")]
        billed: Decimal,
        /// Months this line covers, exactly (`10/30` for 10 days of a 30-day month).
        months: MonthCount,
        /// Transformer capacity in service, kVA.
        #[serde(deserialize_with = "crate::strict::de")]
        capacity_kva: Decimal,
        /// Contract demand after the 40 % floor (contract-demand method).
        #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
        contract_kw: Option<Decimal>,
        /// Actual maximum demand (demand methods).
        #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
        demand_kw: Option<Decimal>,
        /// The part above the threshold (105 %) of contract, charged at a multiple (twice)
        /// of the price.
        excess: bool,
        /// The contract-demand method's threshold, % of contract (105 unless the tariff
        /// says otherwise).
        #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
        excess_threshold_percent: Option<Decimal>,
        /// On the excess line: how many times the price it is charged at (2).
        #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
        excess_multiplier: Option<Decimal>,
    },
    /// (energy + basic charges) × the power-factor percentage.
    PowerFactor {
        /// Active kWh the power factor is computed from (metered).
        #[serde(deserialize_with = "crate::strict::de")]
        active_kwh: Decimal,
        /// Reactive kvarh.
        #[serde(deserialize_with = "crate::strict::de")]
        reactive_kvarh: Decimal,
        /// P / √(P² + Q²) to 4 decimals, for display.
        #[serde(deserialize_with = "crate::strict::de")]
        power_factor: Decimal,
        /// Rounded half-up to 2 decimals: the value looked up.
        #[serde(deserialize_with = "crate::strict::de")]
        rounded: Decimal,
        /// The customer's standard.
        standard: Standard,
        /// The table's percentage: positive a surcharge, negative a reward.
        #[serde(deserialize_with = "crate::strict::de")]
        percent: Decimal,
    },
    /// The top-up that raises energy, basic and power-factor charges to the minimum.
    MinimumCharge {
        /// The minimum for this bill.
        #[serde(deserialize_with = "crate::strict::de")]
        minimum: Decimal,
        /// Energy + basic + power-factor charges before the top-up.
        #[serde(deserialize_with = "crate::strict::de")]
        charges: Decimal,
    },
}

/// One component of a built-up price, in a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricePart {
    /// The component's code.
    pub code: String,
    /// 元/kWh.
    #[serde(deserialize_with = "crate::strict::de")]
    pub price: Decimal,
}

/// One line of a bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    /// Stable code: `energy`, `energy.tier_2`, `energy.peak`, `energy.tier_2_uplift`,
    /// `fund.<code>`, `fixed.<code>`.
    pub code: Cow<'static, str>,
    /// The component the line is subtotalled under.
    pub component: Component,
    /// What the line is, in Chinese and English.
    pub description: Text,
    /// How much: exact. With a `divisor`, the quantity in `unit` is `quantity / divisor`.
    #[serde(deserialize_with = "crate::strict::de")]
    pub quantity: Decimal,
    /// Set when the line covers part of a month (a part-month basic or monthly charge):
    /// the days of that month, so that `quantity / divisor` is the exact quantity
    /// (1000 kVA for 10 of 30 days: quantity 10000, divisor 30) and no rounded month
    /// count is ever multiplied by a price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divisor: Option<u32>,
    /// In what unit.
    pub unit: Unit,
    /// 元 per unit.
    #[serde(deserialize_with = "crate::strict::de")]
    pub unit_price: Decimal,
    /// quantity × unit_price (÷ divisor), rounded once by the policy (exact under
    /// component-stage rounding; 10 decimals when a divisor makes it a fraction).
    #[serde(deserialize_with = "crate::strict::de")]
    pub amount: Decimal,
    /// Tier number, for tier lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u32>,
    /// Time-of-use period, for period lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<TouPeriod>,
    /// The rule that produced the line.
    pub rule: Rule,
    /// First day this line covers, when it covers part of the period (a tariff version
    /// or a capacity change).
    #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Day after the last day this line covers, with `from`.
    #[serde(deserialize_with = "crate::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// A component's subtotal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subtotal {
    /// The component.
    pub component: Component,
    /// Sum of its lines (rounded once under component-stage rounding).
    #[serde(deserialize_with = "crate::strict::de")]
    pub amount: Decimal,
}

/// The dates a bill covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillPeriod {
    /// First day billed.
    #[serde(deserialize_with = "crate::strict::de")]
    pub start: NaiveDate,
    /// Day after the last day billed.
    #[serde(deserialize_with = "crate::strict::de")]
    pub end: NaiveDate,
    /// Days billed.
    pub days: u32,
}

/// An explained bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    /// 户号.
    pub account_id: String,
    /// The tariff billed under.
    pub tariff_id: String,
    /// The tariff's name.
    pub tariff_name: Text,
    /// The period billed.
    pub period: BillPeriod,
    /// The request's `as_of`.
    #[serde(deserialize_with = "crate::strict::de")]
    pub issued_on: NaiveDate,
    /// The request's billing month (电费年月), when it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_month: Option<BillingMonth>,
    /// Quantities and how they were derived.
    pub usage: UsageSummary,
    /// Lines, energy first, then funds, then fixed charges.
    pub lines: Vec<LineItem>,
    /// One subtotal per component present, in that order.
    pub subtotals: Vec<Subtotal>,
    /// Sum of the subtotals.
    #[serde(deserialize_with = "crate::strict::de")]
    pub total: Decimal,
    /// The rounding policy applied.
    pub rounding: RoundingPolicy,
    /// Remarks a clerk should see (estimated readings, prorated thresholds, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
}

impl Bill {
    /// Reads a bill back from its JSON text (e.g. one stored by a billing run).
    pub fn from_json(json: &str) -> Result<Bill> {
        parse_json(ErrorKind::Request, "bill", json)
    }

    /// The bill as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a bill always serializes")
    }
}

/// Computes one bill. Nothing is half-computed: any invalid input returns an error and
/// no bill.
///
/// ```
/// use gridcore::{bill, BillRequest};
/// // 浙江 annual tiers: 2600 kWh used Jan–Oct, 300 kWh in November (tariffs-cn.md, example 1).
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
    crate::fuzzing::maybe_panic(&request.account.account_id);
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
    let cuts = crate::versions::check(request)?;
    let mut measure_cuts = cuts.clone();
    // Annual tiers counted per calendar day are cut at 1 January inside the period.
    let year_cut = tariff.tiers.as_ref().and_then(|t| crate::tiers::year_cut(t, &period));
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
                    let readings: Vec<crate::versions::CutReadings> = if request.new_year_readings.is_empty() {
                        Vec::new()
                    } else {
                        vec![crate::versions::CutReadings { date: cut, values: &request.new_year_readings, path: "new_year_readings".into() }]
                    };
                    Some(crate::versions::split_usage(&usage, segments.take(), &[period.start, cut, period.end], &readings, policy)?)
                }
                None => None,
            };
            Some(crate::tiers::parts(table, request, &usage, split, policy, &mut notes)?)
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
        lines = crate::versions::split(request, &usage, segments, priced, policy)?;
    }

    // The power-factor adjustment applies to energy + basic charges as billed (rounded
    // lines under line-stage rounding), never to funds or fixed charges.
    let charged = |lines: &[LineItem], components: &[Component]| -> Decimal {
        lines.iter().filter(|l| components.contains(&l.component)).map(|l| round_line(l.amount, policy)).sum()
    };
    if let (Some(standard), Some(reactive)) = (standard, reactive) {
        let active = usage.metered_kwh;
        let rounded = crate::power_factor::power_factor(active, reactive, 2)?;
        let percent = crate::power_factor::percent(rounded, standard);
        let base = charged(&lines, &[Component::Energy, Component::Basic]);
        let rule = Rule::PowerFactor {
            active_kwh: active,
            reactive_kvarh: reactive,
            power_factor: crate::power_factor::power_factor(active, reactive, 4)?,
            rounded,
            standard,
            percent,
        };
        lines.push(line(
            "power_factor".into(),
            Component::PowerFactor,
            Text::new("功率因数调整电费", "Power factor adjustment"),
            base,
            Unit::Yuan,
            (percent / Decimal::ONE_HUNDRED).normalize(),
            None,
            None,
            rule,
        ));
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
            lines.push(line(
                "minimum".into(),
                Component::Minimum,
                Text::new("最低电费补足", "Minimum charge top-up"),
                Decimal::ONE,
                Unit::Bill,
                top_up,
                None,
                None,
                Rule::MinimumCharge { minimum, charges },
            ));
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
    loss_shares: &'a [[Decimal; 4]],
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
    let mut losses: Vec<(LossKind, [Decimal; 4])> = Vec::new();
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
            let mut item = line(format!("{}.{code}", energy.code).into(), Component::Energy, description, kwh, Unit::Kwh, energy.unit_price, None, energy.period, Rule::Loss { loss: *kind });
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
                energy_line(&mut lines, line(Cow::Borrowed("energy"), Component::Energy, Text::new("电度电费", "Energy"), priced_kwh, Unit::Kwh, *price, None, None, Rule::FlatPrice));
            }
        }
        Some(EnergyRate::Tiered { .. }) => {
            let table = tariff.tiers.as_ref().expect("tiered rates have a tier table");
            for part in priced.tier_parts.expect("tiered rates have a tier count") {
                for band in bands(table.prices.len(), part) {
                    let (code, description) = tier_words(band.tier);
                    let rule = Rule::Tier { cycle: table.cycle, tier: band.tier, lower: band.lower, upper: band.upper, from_kwh: band.from, to_kwh: band.to };
                    lines.push(dated(line(code, Component::Energy, description, band.kwh, Unit::Kwh, table.prices[band.tier as usize - 1], Some(band.tier), None, rule), part));
                }
            }
        }
        Some(EnergyRate::TimeOfUse { prices }) => {
            for (&p, &kwh) in &usage.by_period {
                if !kwh.is_zero() {
                    let (code, description) = period_words(p);
                    energy_line(&mut lines, line(code, Component::Energy, description, kwh - loss_kwh(Some(p)), Unit::Kwh, prices[&p], None, Some(p), Rule::TimeOfUse { period: p }));
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
                        let shares = crate::tiers::allocate(&kwh, &part.by_period, policy.quantity_scale)?;
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
                                lines.push(dated(line(code, Component::Energy, description, q, Unit::Kwh, price, Some(band.tier), Some(p), rule), part));
                            }
                        }
                    }
                }
                // 浙江: every period at its base price, plus an uplift line per tier.
                (None, Some(prices)) => {
                    for (&p, &kwh) in &usage.by_period {
                        if !kwh.is_zero() {
                            let (code, description) = period_words(p);
                            lines.push(line(code, Component::Energy, description, kwh, Unit::Kwh, prices[&p], None, Some(p), Rule::TimeOfUse { period: p }));
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
                            lines.push(dated(line(code, Component::Energy, description, band.kwh, Unit::Kwh, adder, Some(band.tier), None, rule), part));
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
                            energy_line(&mut lines, line(format!("energy.{}", c.code).into(), Component::Energy, c.name.clone(), priced_kwh, Unit::Kwh, c.price, None, None, Rule::AgencyComponent));
                        }
                    }
                    Presentation::Combined => {
                        let price = components.iter().map(|c| c.price).sum::<Decimal>().normalize();
                        let parts = components.iter().map(|c| PricePart { code: c.code.clone(), price: c.price }).collect();
                        energy_line(
                            &mut lines,
                            line("energy".into(), Component::Energy, Text::new("电度电费(代理购电)", "Energy (agency purchase)"), priced_kwh, Unit::Kwh, price, None, None, Rule::AgencyPrice { components: parts }),
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
        (Some(rate), Some(contract)) => lines.extend(crate::demand::lines(contract, rate, &period, usage.max_demand_kw, notes.as_deref_mut())?),
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
            lines.push(line(format!("fund.{}", fund.code).into(), Component::Fund, fund.name.clone(), billed, Unit::Kwh, fund.price, None, None, Rule::Fund));
        }
    }
    let days = period.days() as u32;
    for fixed in &spec.fixed_charges {
        let (quantity, unit, months) = match fixed.basis {
            FixedBasis::PerBill => (Decimal::ONE, Unit::Bill, None),
            FixedBasis::PerDay => (Decimal::from(days), Unit::Day, None),
            FixedBasis::PerMonth => (Decimal::ONE, Unit::Month, Some(period.months())),
        };
        let mut item = line(format!("fixed.{}", fixed.code).into(), Component::Fixed, fixed.name.clone(), quantity, unit, fixed.amount, None, None, Rule::Fixed { basis: fixed.basis, months });
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

#[allow(clippy::too_many_arguments)]
pub(crate) fn line(code: Cow<'static, str>, component: Component, description: Text, quantity: Decimal, unit: Unit, unit_price: Decimal, tier: Option<u32>, period: Option<TouPeriod>, rule: Rule) -> LineItem {
    LineItem { code, component, description, quantity: quantity.normalize(), divisor: None, unit, unit_price, amount: quantity * unit_price, tier, period, rule, from: None, to: None }
}

impl LineItem {
    /// The exact amount before rounding: quantity × unit price (÷ divisor).
    pub fn exact_amount(&self) -> Decimal {
        match self.divisor {
            None => self.quantity * self.unit_price,
            Some(d) => self.quantity * self.unit_price / Decimal::from(d),
        }
    }

    /// The quantity in `unit`: `quantity / divisor` (28 significant digits), for
    /// averages and comparisons; bills carry `quantity` and `divisor` exactly.
    pub fn quantity_in_unit(&self) -> Decimal {
        match self.divisor {
            None => self.quantity,
            Some(d) => self.quantity / Decimal::from(d),
        }
    }

    /// Sets the line's quantity as `base × months` exactly: `base × numerator` over the
    /// divisor `of_days` when the months have a part month. Recomputes the amount.
    pub(crate) fn set_months(&mut self, base: Decimal, months: MonthCount) {
        self.quantity = (base * Decimal::from(months.numerator())).normalize();
        self.divisor = months.divisor();
        self.amount = self.exact_amount();
    }
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
                if exact.scale() < policy.scale { crate::money::fixed_scale(exact, policy.scale) } else { exact }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_follow_anniversaries() {
        let m = |a: &str, b: &str| Period { start: d(a), end: d(b) }.months();
        assert_eq!(m("2026-11-01", "2026-12-01"), MonthCount { whole: 1, days: 0, of_days: 0 });
        assert_eq!(m("2026-11-15", "2026-12-15"), MonthCount { whole: 1, days: 0, of_days: 0 });
        assert_eq!(m("2026-11-01", "2026-11-16"), MonthCount { whole: 0, days: 15, of_days: 30 });
        assert_eq!(m("2026-11-15", "2026-12-20"), MonthCount { whole: 1, days: 5, of_days: 31 });
        assert_eq!(m("2026-01-31", "2026-03-01"), MonthCount { whole: 1, days: 1, of_days: 31 });
        assert_eq!(m("2026-01-01", "2027-01-01").whole, 12);
    }

    #[test]
    fn month_pieces_add_up_to_the_period() {
        let mc = |whole, days, of_days| MonthCount { whole, days, of_days };
        let pieces = |a: &str, b: &str, from: &str, to: &str| {
            Period { start: d(a), end: d(b) }.month_pieces(d(from), d(to)).iter().map(|p| (p.from.to_string(), p.to.to_string(), p.months)).collect::<Vec<_>>()
        };
        // 10 of June's 30 days, and the rest.
        assert_eq!(pieces("2026-06-01", "2026-07-01", "2026-06-01", "2026-06-11"), [("2026-06-01".into(), "2026-06-11".into(), mc(0, 10, 30))]);
        assert_eq!(pieces("2026-06-01", "2026-07-01", "2026-06-11", "2026-07-01"), [("2026-06-11".into(), "2026-07-01".into(), mc(0, 20, 30))]);
        // The whole of 15 Nov – 20 Dec is 1 + 5/31; a part touching both months is cut at
        // the anniversary, because its two fractions have different month lengths.
        assert_eq!(pieces("2026-11-15", "2026-12-20", "2026-11-15", "2026-12-20"), [("2026-11-15".into(), "2026-12-20".into(), mc(1, 5, 31))]);
        assert_eq!(
            pieces("2026-11-15", "2026-12-20", "2026-12-01", "2026-12-20"),
            [("2026-12-01".into(), "2026-12-15".into(), mc(0, 14, 30)), ("2026-12-15".into(), "2026-12-20".into(), mc(0, 5, 31))]
        );
        // A part month at the start, then whole months.
        assert_eq!(pieces("2026-11-15", "2027-01-15", "2026-11-20", "2027-01-15"), [("2026-11-20".into(), "2027-01-15".into(), mc(1, 25, 30))]);
    }

    #[test]
    fn month_counts_multiply_exactly() {
        let m = MonthCount { whole: 0, days: 10, of_days: 30 };
        assert_eq!((m.numerator(), m.divisor(), m.display()), (10, Some(30), "10/30".to_string()));
        assert_eq!(m.times(Decimal::new(263, 1) * Decimal::ONE_THOUSAND).round_dp(2).to_string(), "8766.67");
        let m = MonthCount { whole: 1, days: 5, of_days: 31 };
        assert_eq!((m.numerator(), m.display()), (36, "1 5/31".to_string()));
    }

    #[test]
    fn billing_months_are_exactly_yyyy_mm() {
        use crate::calendar::BillingMonth;
        assert_eq!("2027-01".parse::<BillingMonth>().unwrap(), BillingMonth { year: 2027, month: 1 });
        for bad in ["2027-1", "2027-13", "0000-01", " 2027-01", "2027-01-01", "27-01", "２０２７-01"] {
            assert!(bad.parse::<BillingMonth>().is_err(), "{bad}");
        }
    }
}
