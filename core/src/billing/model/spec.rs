//! The tariff document ([`TariffSpec`]) and the validated, compiled [`Tariff`] billing
//! uses; validation itself is in `billing::tariff`.

use crate::base::calendar::{Calendar, CompiledSchedule, TimeOfUse, TouPeriod};
use crate::base::money::RoundingPolicy;
use crate::base::Text;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// A tariff document, as written in JSON. Validate it into a [`Tariff`] with
/// [`Tariff::new`] or parse and validate at once with [`Tariff::from_json`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffSpec {
    /// Stable identifier, e.g. `zj-residential-tiered-2026`.
    pub id: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// How amounts and derived quantities are rounded. Default: half-up to 0.01 元 per line.
    #[serde(default)]
    pub rounding: RoundingPolicy,
    /// Public holidays (节假日), for the `holiday` day type.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<NaiveDate>,
    /// Saturdays and Sundays that are working days (调休).
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Vec::is_empty")]
    pub working_weekends: Vec<NaiveDate>,
    /// The time-of-use schedule; required by time-of-use energy rates, and only by them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_of_use: Option<TimeOfUse>,
    /// How energy (kWh) is priced. Absent for a tariff that charges no energy (a standby
    /// capacity tariff: basic charge and fixed charges only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy: Option<EnergyRate>,
    /// How transformer and line losses (变损, 线损) print: folded into billed kWh (the
    /// default) or as their own lines at the energy price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_presentation: Option<LossPresentation>,
    /// Per-kWh government funds and surcharges (政府性基金及附加), each its own bill line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funds: Vec<Fund>,
    /// Fixed charges per bill, per day or per month.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed_charges: Vec<FixedCharge>,
    /// The basic charge (基本电费) of a two-part tariff (两部制电价).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_charge: Option<BasicChargeRate>,
    /// A minimum charge (最低电费): energy, basic and power-factor charges below it are
    /// topped up to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_charge: Option<MinimumCharge>,
}

/// Prices of the basic charge. The account's contract says which one it is billed by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicChargeRate {
    /// 元/kVA·月 on transformer capacity in service (按容量).
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub capacity_price: Option<Decimal>,
    /// 元/kW·月 on maximum demand, contract or actual (按需量).
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub demand_price: Option<Decimal>,
    /// By contract demand: the contract is billed while the actual maximum demand stays
    /// within this percentage of it (default 105, 发改办价格〔2016〕1583号); 100 to 1000.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub excess_threshold_percent: Option<Decimal>,
    /// By contract demand: demand above the threshold costs this many times the demand
    /// price (default 2); 1 to 10.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub excess_multiplier: Option<Decimal>,
    /// By contract demand: a contract below this percentage of the capacity in service is
    /// raised to it (default 40); 0 to 100.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub contract_floor_percent: Option<Decimal>,
}

/// A minimum charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumCharge {
    /// Per bill, per day or per month (a part month prorated by the anniversary rule).
    pub basis: FixedBasis,
    /// 元 per bill, day or month.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
}

/// A named component of a built-up price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceComponent {
    /// Line code, unique among the components (`purchase`, `transmission`).
    pub code: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// 元/kWh.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub price: Decimal,
}

/// How losses print on a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LossPresentation {
    /// Losses are added to billed kWh and priced with them: one energy line per price.
    #[default]
    Included,
    /// Energy lines price metered kWh; each loss is its own line at the same price,
    /// rounded on its own (so the bill can differ from `included` by a fen per line).
    Separate,
}

/// Which calendar year a bill's kWh count towards under annual tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TierYear {
    /// The calendar year of the period, which must not cross 1 January (the default:
    /// such a bill is refused with `crosses_tier_year`).
    #[default]
    CalendarYear,
    /// The year of the request's `billing_month` (电费年月): the tier year is the twelve
    /// billing months of a calendar year, so a bill read on 15 January belongs to the new
    /// year whatever days it covers.
    BillingMonth,
    /// Days before 1 January count towards the old year and days from it towards the new
    /// one: a period crossing 1 January is split there, by `new_year_readings` taken on
    /// the day, by interval data, or else by days; each part is placed on its own year's
    /// tier bounds.
    CalendarDays,
}

/// How the kWh of each tier are priced under time-of-use with tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TierAllocation {
    /// Each tier adds one uplift (`adder`) to every period's price: one line per period
    /// at the base price and one uplift line per tier (the 浙江 rule; no allocation of
    /// tier kWh to periods is needed).
    #[default]
    Uplift,
    /// Each tier's kWh are shared among the periods in proportion to the periods' kWh,
    /// one line per (tier, period) at that tier's price for the period (the 上海 rule).
    Proportional,
}

/// How a built-up price prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presentation {
    /// One line per component.
    Lines,
    /// One line at the sum of the components; the rule lists them.
    Combined,
}

/// How energy is priced. Written in JSON as an object with one key naming the variant,
/// e.g. `{"flat": {"price": "0.538"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum EnergyRate {
    /// One price for every kWh.
    Flat {
        /// 元/kWh.
        #[serde(deserialize_with = "crate::base::strict::de")]
        price: Decimal,
    },
    /// Tiered (阶梯) prices.
    Tiered {
        /// Whether thresholds count per month or cumulatively per calendar year.
        cycle: TierCycle,
        /// Annual tiers: which year a bill counts towards (default `calendar_year`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tier_year: Option<TierYear>,
        /// Tiers in ascending order; the last has no `upto`.
        tiers: Vec<Tier>,
    },
    /// A price per time-of-use period.
    TimeOfUse {
        /// 元/kWh per period; exactly the periods the schedule uses.
        #[serde(deserialize_with = "unique_keys")]
        prices: BTreeMap<TouPeriod, Decimal>,
    },
    /// Time-of-use prices with tiers; tiers count every period's kWh together. Either
    /// base prices per period plus an uplift per tier (the 浙江 rule), or a price per
    /// tier and period (the 上海 rule, `allocation: proportional`).
    TimeOfUseTiered {
        /// Base 元/kWh per period (the tier-1 prices), with `adder` tiers.
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "opt_unique_keys")]
        prices: Option<BTreeMap<TouPeriod, Decimal>>,
        /// Whether thresholds count per month or cumulatively per calendar year.
        cycle: TierCycle,
        /// Annual tiers: which year a bill counts towards (default `calendar_year`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tier_year: Option<TierYear>,
        /// Uplift lines (default) or tier kWh shared among periods in proportion.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        allocation: Option<TierAllocation>,
        /// Tiers in ascending order, each with an `adder` or its `prices` per period; the
        /// last has no `upto`.
        tiers: Vec<TierAdder>,
    },
    /// An agency-purchase price (代理购电) built up from named per-kWh components:
    /// purchase (上网电价), losses (上网环节线损), transmission and distribution (输配电价),
    /// system operation (系统运行费). Government funds stay in `funds`: they are never
    /// part of the power-factor base and have their own subtotal.
    Agency {
        /// The components, in print order.
        components: Vec<PriceComponent>,
        /// One line per component, or one combined line.
        presentation: Presentation,
    },
}

/// Over what span tier thresholds count usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierCycle {
    /// 月度阶梯: thresholds per month, prorated for billing periods that are not one month.
    Monthly,
    /// 年度阶梯: thresholds per calendar year on cumulative usage (the request carries the
    /// year-to-date kWh), prorated by days for accounts active part of the year.
    Annual,
}

/// One tier of a tiered rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Upper bound in kWh (inclusive); `None` for the last, open-ended tier.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub upto: Option<Decimal>,
    /// 元/kWh within this tier.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub price: Decimal,
}

/// One tier of a time-of-use tiered rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierAdder {
    /// Upper bound in kWh (inclusive); `None` for the last, open-ended tier.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub upto: Option<Decimal>,
    /// 元/kWh added to every period's price for kWh in this tier (0 for tier 1), with the
    /// rate's base `prices`.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub adder: Option<Decimal>,
    /// 元/kWh per period for kWh in this tier (proportional allocation), instead of an
    /// adder.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "opt_unique_keys")]
    pub prices: Option<BTreeMap<TouPeriod, Decimal>>,
}

/// A per-kWh government fund or surcharge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fund {
    /// Line code, unique among the tariff's funds (`rural_grid`).
    pub code: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// 元/kWh on billed kWh.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub price: Decimal,
}

/// A fixed charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedCharge {
    /// Line code, unique among the tariff's fixed charges (`meter_rent`).
    pub code: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// What the amount is per.
    pub basis: FixedBasis,
    /// 元 per bill, day or month.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
}

/// What a fixed charge is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixedBasis {
    /// Once per bill.
    PerBill,
    /// Per day of the billing period.
    PerDay,
    /// Per month of the billing period; a part month is prorated by days
    /// (see `docs/tariff-format.md`, "Months in a period").
    PerMonth,
}

/// Tier thresholds and per-tier prices (tiered) or uplifts (time-of-use tiered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TierTable {
    pub cycle: TierCycle,
    /// Which year annual tiers count towards.
    pub year: TierYear,
    /// Upper bounds of all tiers but the last.
    pub bounds: Vec<Decimal>,
    /// One price (or uplift) per tier; zero uplifts for a matrix of prices.
    pub prices: Vec<Decimal>,
    /// Proportional allocation: the price of each (tier, period), indexed by
    /// [`TouPeriod::index`].
    pub matrix: Option<Vec<[Option<Decimal>; 4]>>,
}

/// A validated tariff, ready to bill with. Cheap to share: wrap it in an `Arc` and put it
/// in many requests.
///
/// ```
/// use gridcore::Tariff;
/// let t = Tariff::from_json(r#"{
///   "id": "bj-residential-2026", "name": {"zh": "北京居民阶梯电价", "en": "Beijing residential tiered"},
///   "energy": {"tiered": {"cycle": "annual", "tiers": [
///     {"upto": "2880", "price": "0.4883"}, {"upto": "4800", "price": "0.5383"}, {"price": "0.7883"}]}}
/// }"#).unwrap();
/// assert_eq!(t.id(), "bj-residential-2026");
///
/// let err = Tariff::from_json(r#"{"id": "x", "name": {"zh": "x", "en": "x"},
///   "energy": {"tiered": {"cycle": "monthly", "tiers": [
///     {"upto": "200", "price": "0.5"}, {"upto": "100", "price": "0.6"}, {"price": "0.8"}]}}}"#).unwrap_err();
/// assert_eq!(err.code.as_str(), "tiers_not_ascending");
/// assert_eq!(err.path, "tariff.energy.tiered.tiers[1].upto");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tariff {
    pub(crate) spec: TariffSpec,
    pub(crate) schedule: Option<CompiledSchedule>,
    pub(crate) calendar: Calendar,
    pub(crate) tiers: Option<TierTable>,
}

/// A map whose JSON object must not repeat a key (serde's default keeps the last one
/// silently; a price given twice is a mistake to report, not to guess at).
pub(super) fn unique_keys<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<BTreeMap<TouPeriod, Decimal>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = BTreeMap<TouPeriod, Decimal>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of prices by period")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((period, crate::base::strict::Wrap(price))) = map.next_entry::<TouPeriod, crate::base::strict::Wrap<Decimal>>()? {
                if out.insert(period, price).is_some() {
                    return Err(serde::de::Error::custom(format!("period `{period}` has two prices")));
                }
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visitor)
}

pub(super) fn opt_unique_keys<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Option<BTreeMap<TouPeriod, Decimal>>, D::Error> {
    unique_keys(deserializer).map(Some)
}

