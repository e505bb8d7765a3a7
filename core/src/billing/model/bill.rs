//! The bill: its lines (quantity × unit price = amount, with the rule that produced each),
//! subtotals per component, the total, the rounding applied and the notes.

use super::{BasicMethod, FixedBasis, LossKind, MonthCount, Standard, TierCycle, UsageSummary};
use crate::base::calendar::{BillingMonth, TouPeriod};
use crate::base::error::{parse_json, ErrorKind, Result};
use crate::base::money::RoundingPolicy;
use crate::base::Text;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Decimal places a line's amount keeps under component-stage rounding when a divisor
/// makes it a fraction: price (6) + quantity (4) decimals, the most an exact product has.
pub const FRACTION_SCALE: u32 = 10;

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
        #[serde(deserialize_with = "crate::base::strict::de")]
        lower: Decimal,
        /// Bound above the tier (inclusive); none for the last tier.
        #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
        upper: Option<Decimal>,
        /// Where this line's kWh start in the cycle's count.
        #[serde(deserialize_with = "crate::base::strict::de")]
        from_kwh: Decimal,
        /// Where they end.
        #[serde(deserialize_with = "crate::base::strict::de")]
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
        #[serde(deserialize_with = "crate::base::strict::de")]
        lower: Decimal,
        /// Bound above the tier (inclusive); none for the last tier.
        #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
        upper: Option<Decimal>,
        /// Where this line's kWh start in the cycle's count.
        #[serde(deserialize_with = "crate::base::strict::de")]
        from_kwh: Decimal,
        /// Where they end.
        #[serde(deserialize_with = "crate::base::strict::de")]
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
        #[serde(deserialize_with = "crate::base::strict::de")]
        lower: Decimal,
        /// Bound above the tier (inclusive); none for the last tier.
        #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
        upper: Option<Decimal>,
        /// Where the tier's kWh start in the cycle's count.
        #[serde(deserialize_with = "crate::base::strict::de")]
        from_kwh: Decimal,
        /// Where they end.
        #[serde(deserialize_with = "crate::base::strict::de")]
        to_kwh: Decimal,
        /// The period.
        period: TouPeriod,
        /// The period's kWh in the count (its share of every tier).
        #[serde(deserialize_with = "crate::base::strict::de")]
        period_kwh: Decimal,
        /// All the kWh in the count.
        #[serde(deserialize_with = "crate::base::strict::de")]
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
        #[serde(deserialize_with = "crate::base::strict::de")]
        billed: Decimal,
        /// Months this line covers, exactly (`10/30` for 10 days of a 30-day month).
        months: MonthCount,
        /// Transformer capacity in service, kVA.
        #[serde(deserialize_with = "crate::base::strict::de")]
        capacity_kva: Decimal,
        /// Contract demand after the 40 % floor (contract-demand method).
        #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
        contract_kw: Option<Decimal>,
        /// Actual maximum demand (demand methods).
        #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
        demand_kw: Option<Decimal>,
        /// The part above the threshold (105 %) of contract, charged at a multiple (twice)
        /// of the price.
        excess: bool,
        /// The contract-demand method's threshold, % of contract (105 unless the tariff
        /// says otherwise).
        #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
        excess_threshold_percent: Option<Decimal>,
        /// On the excess line: how many times the price it is charged at (2).
        #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
        excess_multiplier: Option<Decimal>,
    },
    /// (energy + basic charges) × the power-factor percentage.
    PowerFactor {
        /// Active kWh the power factor is computed from (metered).
        #[serde(deserialize_with = "crate::base::strict::de")]
        active_kwh: Decimal,
        /// Reactive kvarh.
        #[serde(deserialize_with = "crate::base::strict::de")]
        reactive_kvarh: Decimal,
        /// P / √(P² + Q²) to 4 decimals, for display.
        #[serde(deserialize_with = "crate::base::strict::de")]
        power_factor: Decimal,
        /// Rounded half-up to 2 decimals: the value looked up.
        #[serde(deserialize_with = "crate::base::strict::de")]
        rounded: Decimal,
        /// The customer's standard.
        standard: Standard,
        /// The table's percentage: positive a surcharge, negative a reward.
        #[serde(deserialize_with = "crate::base::strict::de")]
        percent: Decimal,
    },
    /// The top-up that raises energy, basic and power-factor charges to the minimum.
    MinimumCharge {
        /// The minimum for this bill.
        #[serde(deserialize_with = "crate::base::strict::de")]
        minimum: Decimal,
        /// Energy + basic + power-factor charges before the top-up.
        #[serde(deserialize_with = "crate::base::strict::de")]
        charges: Decimal,
    },
}

/// One component of a built-up price, in a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricePart {
    /// The component's code.
    pub code: String,
    /// 元/kWh.
    #[serde(deserialize_with = "crate::base::strict::de")]
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
    #[serde(deserialize_with = "crate::base::strict::de")]
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
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub unit_price: Decimal,
    /// quantity × unit_price (÷ divisor), rounded once by the policy (exact under
    /// component-stage rounding; 10 decimals when a divisor makes it a fraction).
    #[serde(deserialize_with = "crate::base::strict::de")]
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
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Day after the last day this line covers, with `from`.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// A component's subtotal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subtotal {
    /// The component.
    pub component: Component,
    /// Sum of its lines (rounded once under component-stage rounding).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
}

/// The dates a bill covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillPeriod {
    /// First day billed.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub start: NaiveDate,
    /// Day after the last day billed.
    #[serde(deserialize_with = "crate::base::strict::de")]
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
    #[serde(deserialize_with = "crate::base::strict::de")]
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
    #[serde(deserialize_with = "crate::base::strict::de")]
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

impl LineItem {
    /// A line of `component` produced by `rule`; price it with [`LineItem::priced`].
    pub(crate) fn new(code: impl Into<Cow<'static, str>>, component: Component, description: Text, rule: Rule) -> LineItem {
        LineItem {
            code: code.into(),
            component,
            description,
            quantity: Decimal::ZERO,
            divisor: None,
            unit: Unit::Bill,
            unit_price: Decimal::ZERO,
            amount: Decimal::ZERO,
            tier: None,
            period: None,
            rule,
            from: None,
            to: None,
        }
    }

    /// `quantity` `unit` at `unit_price` each: the amount, exact until the bill rounds it.
    pub(crate) fn priced(mut self, quantity: Decimal, unit: Unit, unit_price: Decimal) -> LineItem {
        (self.quantity, self.unit, self.unit_price, self.amount) = (quantity.normalize(), unit, unit_price, quantity * unit_price);
        self
    }

    /// The line's tier.
    pub(crate) fn in_tier(self, tier: u32) -> LineItem {
        self.with_tier(Some(tier))
    }

    /// The line's tier, if any.
    pub(crate) fn with_tier(mut self, tier: Option<u32>) -> LineItem {
        self.tier = tier;
        self
    }

    /// The line's time-of-use period.
    pub(crate) fn in_period(self, period: TouPeriod) -> LineItem {
        self.with_period(Some(period))
    }

    /// The line's time-of-use period, if any.
    pub(crate) fn with_period(mut self, period: Option<TouPeriod>) -> LineItem {
        self.period = period;
        self
    }

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

