//! The Kotlin/Swift binding of gridcore (uniffi proc-macros, no UDL): conversion code
//! only. On the JVM the Kotlin bindings run through JNA, which serves Android, Kotlin
//! servers and the Java marketing systems with one build.
//!
//! * `Decimal`, `NaiveDate` and `NaiveDateTime` cross as strings and are lifted into
//!   `java.math.BigDecimal`, `java.time.LocalDate` and `java.time.LocalDateTime` (see
//!   `uniffi.toml`; Swift gets `String`, see docs/mobile.md).
//! * Core types whose fields cross the FFI as they are, are exposed as uniffi *remote*
//!   types (no copy of their logic here); `Text`, `LineItem`, `UsageSummary` and `Bill`
//!   have mirrors, because the core uses `Cow` and `BTreeMap` in them.
//! * Errors are one uniffi error enum, `GridcoreError` (`GridcoreException` in Kotlin),
//!   with `code`, `path` and `reason`. A panic in the engine becomes `Internal`.

use chrono::{NaiveDate, NaiveDateTime};
use gridcore::billing::{Account, Component, Period, PricePart, RegisterValue, Subtotal, Unit};
use gridcore::compare::ContributionKind;
use gridcore::customer::{Conflict, Fact, TagState};
use gridcore::customer::{ConfirmationReason, Contact, ContactKind, CustomerAccount, CustomerAgreement, EventKind, MatchKind, MoodLevel, Outcome, ServiceEvent, UsagePoint, VoltageClass};
use gridcore::demand::{BasicChargeContract, BasicMethod, CapacityChange, ChangeReason};
use gridcore::power_factor::Standard;
use gridcore::calendar::{BillingMonth, TouPeriod};
use gridcore::metering::{IntervalPoint, Loss, LossKind, LossUsage, Reading, Register, RegisterUsage, UsageSource};
use gridcore::money::{RoundingMode, RoundingStage};
use gridcore::penalty::{CarriedOver, CustomerClass, LateFeeRequest};
use gridcore::points::{EntryKind, Operation, Shortfall};
use gridcore::messaging::{Category, Channel, Consent, DeliveryAction, EmailMessage, Locale, PushMessage, Sent, WechatMessage, WechatValue};
use gridcore::tariff::{FixedBasis, TierCycle};
use gridcore::{Decimal, ErrorKind, Rule as CoreRule};
use std::collections::HashMap;
use std::sync::Arc;

uniffi::setup_scaffolding!("gridcore");

// ── custom types: exact strings on the wire ───────────────────────────────────────────

fn lift_error(what: &str, text: &str) -> uniffi::deps::anyhow::Error {
    GridcoreError::Request { code: "invalid_field".into(), path: String::new(), reason: format!("`{text}` is not a valid {what}") }.into()
}

fn lift_reason(reason: String) -> uniffi::deps::anyhow::Error {
    GridcoreError::Request { code: "invalid_field".into(), path: String::new(), reason }.into()
}

uniffi::custom_type!(Decimal, String, {
    remote,
    lower: |d| d.to_string(),
    try_lift: |s| gridcore::strict::parse_decimal(&s).map_err(lift_reason),
});

uniffi::custom_type!(NaiveDate, String, {
    remote,
    lower: |d| d.to_string(),
    try_lift: |s| gridcore::strict::parse_date(&s).map_err(lift_reason),
});

uniffi::custom_type!(BillingMonth, String, {
    remote,
    lower: |m| m.to_string(),
    try_lift: |s| s.parse::<BillingMonth>().map_err(|_| lift_error("billing month (YYYY-MM)", &s)),
});

uniffi::custom_type!(NaiveDateTime, String, {
    remote,
    lower: |d| d.format("%Y-%m-%dT%H:%M:%S").to_string(),
    try_lift: |s| s.parse::<NaiveDateTime>().map_err(|_| lift_error("local date-time (YYYY-MM-DDTHH:MM:SS)", &s)),
});

// ── errors ────────────────────────────────────────────────────────────────────────────

/// Every error gridcore raises: which kind, a stable `code`, the `path` of the field, and
/// the `reason`. (No field is named `message`: it would clash with Kotlin's Throwable.)
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum GridcoreError {
    /// The tariff document is malformed or inconsistent.
    #[error("[{code}] {path}: {reason}")]
    Tariff { code: String, path: String, reason: String },
    /// The bill request (account, period, dates) is malformed or inconsistent.
    #[error("[{code}] {path}: {reason}")]
    Request { code: String, path: String, reason: String },
    /// Readings or interval data cannot be turned into billed quantities.
    #[error("[{code}] {path}: {reason}")]
    Metering { code: String, path: String, reason: String },
    /// A bug inside the engine (a caught panic); please report it.
    #[error("[{code}] {path}: {reason}")]
    Internal { code: String, path: String, reason: String },
}

impl From<gridcore::Error> for GridcoreError {
    fn from(e: gridcore::Error) -> Self {
        let (code, path, reason) = (e.code.as_str().to_string(), e.path, e.reason);
        match e.kind {
            ErrorKind::Tariff => GridcoreError::Tariff { code, path, reason },
            ErrorKind::Request => GridcoreError::Request { code, path, reason },
            ErrorKind::Metering => GridcoreError::Metering { code, path, reason },
            ErrorKind::Internal => GridcoreError::Internal { code, path, reason },
        }
    }
}

/// Runs engine code, turning its error into `GridcoreError` and a panic into `Internal`.
fn guard<T>(f: impl FnOnce() -> Result<T, gridcore::Error>) -> Result<T, GridcoreError> {
    gridcore::Error::catch_panic(f).map_err(GridcoreError::from)
}

// ── core types exposed as they are ────────────────────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum TouPeriod {
    CriticalPeak,
    Peak,
    Flat,
    Valley,
}

#[uniffi::remote(Enum)]
pub enum Register {
    Total,
    CriticalPeak,
    Peak,
    Flat,
    Valley,
    Reactive,
}

#[uniffi::remote(Enum)]
pub enum LossKind {
    Transformer,
    Line,
}

#[uniffi::remote(Enum)]
pub enum UsageSource {
    Readings,
    Intervals,
    Unmetered,
}

#[uniffi::remote(Enum)]
pub enum Component {
    Energy,
    Basic,
    PowerFactor,
    Minimum,
    Fund,
    Fixed,
}

/// The unit of a line's quantity. (Named `QuantityUnit` here: a Kotlin type called `Unit`
/// would shadow `kotlin.Unit` in the generated code.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum QuantityUnit {
    Kwh,
    Day,
    Month,
    Bill,
    KvaMonth,
    KwMonth,
    Yuan,
}

impl From<Unit> for QuantityUnit {
    fn from(u: Unit) -> Self {
        match u {
            Unit::Kwh => QuantityUnit::Kwh,
            Unit::Day => QuantityUnit::Day,
            Unit::Month => QuantityUnit::Month,
            Unit::Bill => QuantityUnit::Bill,
            Unit::KvaMonth => QuantityUnit::KvaMonth,
            Unit::KwMonth => QuantityUnit::KwMonth,
            Unit::Yuan => QuantityUnit::Yuan,
        }
    }
}

impl From<QuantityUnit> for Unit {
    fn from(u: QuantityUnit) -> Self {
        match u {
            QuantityUnit::Kwh => Unit::Kwh,
            QuantityUnit::Day => Unit::Day,
            QuantityUnit::Month => Unit::Month,
            QuantityUnit::Bill => Unit::Bill,
            QuantityUnit::KvaMonth => Unit::KvaMonth,
            QuantityUnit::KwMonth => Unit::KwMonth,
            QuantityUnit::Yuan => Unit::Yuan,
        }
    }
}

#[uniffi::remote(Enum)]
pub enum RoundingMode {
    HalfUp,
    HalfEven,
    Down,
    Up,
}

#[uniffi::remote(Enum)]
pub enum RoundingStage {
    Line,
    Component,
}

#[uniffi::remote(Enum)]
pub enum FixedBasis {
    PerBill,
    PerDay,
    PerMonth,
}

#[uniffi::remote(Enum)]
pub enum TierCycle {
    Monthly,
    Annual,
}

#[uniffi::remote(Record)]
pub struct Account {
    pub account_id: String,
    pub name: Option<String>,
    pub tier_extra_kwh: Vec<Decimal>,
    pub opened_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    #[uniffi(default = None)]
    pub basic_charge: Option<BasicChargeContract>,
    #[uniffi(default = None)]
    pub power_factor_standard: Option<Standard>,
}

/// A power-factor standard: 0.90, 0.85 or 0.80.
#[uniffi::remote(Enum)]
pub enum Standard {
    P90,
    P85,
    P80,
}

#[uniffi::remote(Enum)]
pub enum BasicMethod {
    Capacity,
    ContractDemand,
    ActualDemand,
}

#[uniffi::remote(Enum)]
pub enum ChangeReason {
    Suspension,
    Reduction,
    Addition,
    Restoration,
}

#[uniffi::remote(Record)]
pub struct CapacityChange {
    pub from: NaiveDate,
    pub capacity_kva: Decimal,
    pub reason: ChangeReason,
}

#[uniffi::remote(Record)]
pub struct BasicChargeContract {
    pub method: BasicMethod,
    pub capacity_kva: Decimal,
    pub contract_demand_kw: Option<Decimal>,
    pub capacity_changes: Vec<CapacityChange>,
}

#[uniffi::remote(Record)]
pub struct RegisterValue {
    pub register: Register,
    pub value: Decimal,
}

#[uniffi::remote(Record)]
pub struct PricePart {
    pub code: String,
    pub price: Decimal,
}

#[uniffi::remote(Enum)]
pub enum ContributionKind {
    Usage,
    Days,
    Tier,
    Price,
    Demand,
    Adjustment,
    LineAdded,
    LineRemoved,
    Rounding,
}

#[uniffi::remote(Record)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[uniffi::remote(Record)]
pub struct Reading {
    pub register: Register,
    pub start: Decimal,
    pub end: Decimal,
    pub rollover: bool,
    pub estimated: bool,
}

#[uniffi::remote(Record)]
pub struct IntervalPoint {
    pub start: NaiveDateTime,
    pub kwh: Decimal,
    #[uniffi(default = None)]
    pub kvarh: Option<Decimal>,
}

#[uniffi::remote(Record)]
pub struct Loss {
    pub kind: LossKind,
    pub fixed_kwh: Option<Decimal>,
    pub percent: Option<Decimal>,
}

#[uniffi::remote(Record)]
pub struct RegisterUsage {
    pub register: Register,
    pub start: Decimal,
    pub end: Decimal,
    pub rollover: bool,
    pub estimated: bool,
    pub advance: Decimal,
    pub kwh: Decimal,
    pub billed: bool,
}

#[uniffi::remote(Record)]
pub struct LossUsage {
    pub kind: LossKind,
    pub fixed_kwh: Option<Decimal>,
    pub percent: Option<Decimal>,
    pub kwh: Decimal,
}

#[uniffi::remote(Record)]
pub struct Subtotal {
    pub component: Component,
    pub amount: Decimal,
}

#[uniffi::remote(Enum)]
pub enum CustomerClass {
    Residential,
    NonResidential,
}

#[uniffi::remote(Record)]
pub struct LateFeeRequest {
    pub customer_class: CustomerClass,
    pub arrears: Decimal,
    pub due_date: NaiveDate,
    pub as_of: NaiveDate,
    #[uniffi(default = None)]
    pub bill_month: Option<BillingMonth>,
    #[uniffi(default = None)]
    pub carried_over: Option<CarriedOver>,
}

#[uniffi::remote(Enum)]
pub enum CarriedOver {
    FromNewYear,
    EveryLateDay,
}

// ── mirrors ────────────────────────────────────────────────────────────────────────────
// Records with whole numbers use i32: Kotlin's UInt is an inline class whose constructors
// and getters Java cannot call, and Java marketing systems are the main JVM users.
// Text, LineItem, UsageSummary and Bill are mirrored because the core uses Cow/BTreeMap.

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn whole(n: i32, path: &str) -> Result<u32, GridcoreError> {
    u32::try_from(n).map_err(|_| GridcoreError::Request { code: "out_of_range".into(), path: path.into(), reason: format!("{n} must not be negative") })
}

/// Meter constants: CT and PT ratios, and the register's integer digits (for rollover).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Meter {
    pub ct_ratio: Decimal,
    pub pt_ratio: Decimal,
    pub digits: Option<i32>,
}

/// Interval data: 15, 30 or 60 minutes, one value per interval of the period.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IntervalData {
    pub minutes: i32,
    pub points: Vec<IntervalPoint>,
}

/// Usage: exactly one of `readings` and `intervals`, plus losses.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UsageInput {
    pub meter: Meter,
    pub readings: Option<Vec<Reading>>,
    pub intervals: Option<IntervalData>,
    pub losses: Vec<Loss>,
    #[uniffi(default = None)]
    pub max_demand: Option<Decimal>,
}

impl UsageInput {
    fn to_core(&self) -> Result<gridcore::metering::UsageInput, GridcoreError> {
        Ok(gridcore::metering::UsageInput {
            meter: gridcore::metering::Meter {
                ct_ratio: self.meter.ct_ratio,
                pt_ratio: self.meter.pt_ratio,
                digits: self.meter.digits.map(|d| whole(d, "usage.meter.digits")).transpose()?,
            },
            readings: self.readings.clone(),
            intervals: match &self.intervals {
                Some(i) => Some(gridcore::metering::IntervalData { minutes: whole(i.minutes, "usage.intervals.minutes")?, points: i.points.clone() }),
                None => None,
            },
            losses: self.losses.clone(),
            max_demand: self.max_demand,
        })
    }
}

/// The rounding policy a bill was computed with.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RoundingPolicy {
    pub scale: i32,
    pub mode: RoundingMode,
    pub stage: RoundingStage,
    pub quantity_scale: i32,
    pub threshold_scale: i32,
}

/// The dates a bill covers: `[start, end)`, `days` long.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BillPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: i32,
}

/// A number of months: `whole + days / of_days`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MonthCount {
    pub whole: i32,
    pub days: i32,
    pub of_days: i32,
}

impl From<gridcore::billing::MonthCount> for MonthCount {
    fn from(m: gridcore::billing::MonthCount) -> Self {
        MonthCount { whole: count(m.whole), days: count(m.days), of_days: count(m.of_days) }
    }
}

impl MonthCount {
    fn to_core(&self) -> Result<gridcore::billing::MonthCount, GridcoreError> {
        Ok(gridcore::billing::MonthCount { whole: whole(self.whole, "rule.months.whole")?, days: whole(self.days, "rule.months.days")?, of_days: whole(self.of_days, "rule.months.of_days")? })
    }
}

/// Interval data used.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IntervalSummary {
    pub minutes: i32,
    pub count: i32,
}

/// The rule that produced a line.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Rule {
    FlatPrice,
    Tier { cycle: TierCycle, tier: i32, lower: Decimal, upper: Option<Decimal>, from_kwh: Decimal, to_kwh: Decimal },
    TimeOfUse { period: TouPeriod },
    TierUplift { cycle: TierCycle, tier: i32, lower: Decimal, upper: Option<Decimal>, from_kwh: Decimal, to_kwh: Decimal },
    TierPeriod {
        cycle: TierCycle,
        tier: i32,
        lower: Decimal,
        upper: Option<Decimal>,
        from_kwh: Decimal,
        to_kwh: Decimal,
        period: TouPeriod,
        period_kwh: Decimal,
        billed_kwh: Decimal,
    },
    Loss { loss: LossKind },
    Fund,
    Fixed { basis: FixedBasis, months: Option<MonthCount> },
    AgencyComponent,
    AgencyPrice { components: Vec<PricePart> },
    BasicCharge {
        method: BasicMethod,
        billed: Decimal,
        months: MonthCount,
        capacity_kva: Decimal,
        contract_kw: Option<Decimal>,
        demand_kw: Option<Decimal>,
        excess: bool,
        excess_threshold_percent: Option<Decimal>,
        excess_multiplier: Option<Decimal>,
    },
    PowerFactor { active_kwh: Decimal, reactive_kvarh: Decimal, power_factor: Decimal, rounded: Decimal, standard: Standard, percent: Decimal },
    MinimumCharge { minimum: Decimal, charges: Decimal },
}

impl From<&CoreRule> for Rule {
    fn from(r: &CoreRule) -> Self {
        match r.clone() {
            CoreRule::FlatPrice => Rule::FlatPrice,
            CoreRule::Tier { cycle, tier, lower, upper, from_kwh, to_kwh } => Rule::Tier { cycle, tier: count(tier), lower, upper, from_kwh, to_kwh },
            CoreRule::TimeOfUse { period } => Rule::TimeOfUse { period },
            CoreRule::TierUplift { cycle, tier, lower, upper, from_kwh, to_kwh } => Rule::TierUplift { cycle, tier: count(tier), lower, upper, from_kwh, to_kwh },
            CoreRule::TierPeriod { cycle, tier, lower, upper, from_kwh, to_kwh, period, period_kwh, billed_kwh } => {
                Rule::TierPeriod { cycle, tier: count(tier), lower, upper, from_kwh, to_kwh, period, period_kwh, billed_kwh }
            }
            CoreRule::Loss { loss } => Rule::Loss { loss },
            CoreRule::Fund => Rule::Fund,
            CoreRule::Fixed { basis, months } => Rule::Fixed { basis, months: months.map(MonthCount::from) },
            CoreRule::AgencyComponent => Rule::AgencyComponent,
            CoreRule::AgencyPrice { components } => Rule::AgencyPrice { components },
            CoreRule::BasicCharge { method, billed, months, capacity_kva, contract_kw, demand_kw, excess, excess_threshold_percent, excess_multiplier } => Rule::BasicCharge {
                method,
                billed,
                months: MonthCount::from(months),
                capacity_kva,
                contract_kw,
                demand_kw,
                excess,
                excess_threshold_percent,
                excess_multiplier,
            },
            CoreRule::PowerFactor { active_kwh, reactive_kvarh, power_factor, rounded, standard, percent } => {
                Rule::PowerFactor { active_kwh, reactive_kvarh, power_factor, rounded, standard, percent }
            }
            CoreRule::MinimumCharge { minimum, charges } => Rule::MinimumCharge { minimum, charges },
        }
    }
}

impl Rule {
    fn to_core(&self) -> Result<CoreRule, GridcoreError> {
        Ok(match self.clone() {
            Rule::FlatPrice => CoreRule::FlatPrice,
            Rule::Tier { cycle, tier, lower, upper, from_kwh, to_kwh } => CoreRule::Tier { cycle, tier: whole(tier, "rule.tier")?, lower, upper, from_kwh, to_kwh },
            Rule::TimeOfUse { period } => CoreRule::TimeOfUse { period },
            Rule::TierUplift { cycle, tier, lower, upper, from_kwh, to_kwh } => CoreRule::TierUplift { cycle, tier: whole(tier, "rule.tier")?, lower, upper, from_kwh, to_kwh },
            Rule::TierPeriod { cycle, tier, lower, upper, from_kwh, to_kwh, period, period_kwh, billed_kwh } => {
                CoreRule::TierPeriod { cycle, tier: whole(tier, "rule.tier")?, lower, upper, from_kwh, to_kwh, period, period_kwh, billed_kwh }
            }
            Rule::Loss { loss } => CoreRule::Loss { loss },
            Rule::Fund => CoreRule::Fund,
            Rule::Fixed { basis, months } => CoreRule::Fixed { basis, months: months.map(|m| m.to_core()).transpose()? },
            Rule::AgencyComponent => CoreRule::AgencyComponent,
            Rule::AgencyPrice { components } => CoreRule::AgencyPrice { components },
            Rule::BasicCharge { method, billed, months, capacity_kva, contract_kw, demand_kw, excess, excess_threshold_percent, excess_multiplier } => CoreRule::BasicCharge {
                method,
                billed,
                months: months.to_core()?,
                capacity_kva,
                contract_kw,
                demand_kw,
                excess,
                excess_threshold_percent,
                excess_multiplier,
            },
            Rule::PowerFactor { active_kwh, reactive_kvarh, power_factor, rounded, standard, percent } => {
                CoreRule::PowerFactor { active_kwh, reactive_kvarh, power_factor, rounded, standard, percent }
            }
            Rule::MinimumCharge { minimum, charges } => CoreRule::MinimumCharge { minimum, charges },
        })
    }
}

/// A text in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl From<&gridcore::Text> for Text {
    fn from(t: &gridcore::Text) -> Self {
        Text { zh: t.zh.to_string(), en: t.en.to_string() }
    }
}

/// One line of a bill: quantity × unit price = amount, with the rule that produced it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LineItem {
    pub code: String,
    pub component: Component,
    pub description: Text,
    pub quantity: Decimal,
    /// Days of the month when the line covers part of one: the quantity in `unit` is
    /// `quantity / divisor` exactly (1000 kVA for 10 of 30 days: 10000 / 30).
    pub divisor: Option<i32>,
    pub unit: QuantityUnit,
    pub unit_price: Decimal,
    pub amount: Decimal,
    pub tier: Option<i32>,
    pub period: Option<TouPeriod>,
    pub rule: Rule,
    /// First day the line covers, when it covers part of the period.
    pub from: Option<NaiveDate>,
    /// Day after the last day the line covers, with `from`.
    pub to: Option<NaiveDate>,
}

/// The quantities a bill charges and how they were derived.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UsageSummary {
    pub source: UsageSource,
    pub multiplier: Decimal,
    pub registers: Vec<RegisterUsage>,
    pub intervals: Option<IntervalSummary>,
    pub metered_kwh: Decimal,
    pub losses: Vec<LossUsage>,
    pub billed_kwh: Decimal,
    pub by_period: HashMap<TouPeriod, Decimal>,
    pub estimated: bool,
    pub reactive_kvarh: Option<Decimal>,
    pub max_demand_kw: Option<Decimal>,
}

/// An explained bill. `billToJson` gives its JSON form, the same in every language.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Bill {
    pub account_id: String,
    pub tariff_id: String,
    pub tariff_name: Text,
    pub period: BillPeriod,
    pub issued_on: NaiveDate,
    pub billing_month: Option<BillingMonth>,
    pub usage: UsageSummary,
    pub lines: Vec<LineItem>,
    pub subtotals: Vec<Subtotal>,
    pub total: Decimal,
    pub rounding: RoundingPolicy,
    pub notes: Vec<Text>,
}

impl From<gridcore::Bill> for Bill {
    fn from(b: gridcore::Bill) -> Self {
        let u = b.usage;
        Bill {
            tariff_name: Text::from(&b.tariff_name),
            account_id: b.account_id,
            tariff_id: b.tariff_id,
            period: BillPeriod { start: b.period.start, end: b.period.end, days: count(b.period.days) },
            issued_on: b.issued_on,
            billing_month: b.billing_month,
            usage: UsageSummary {
                source: u.source,
                multiplier: u.multiplier,
                registers: u.registers,
                intervals: u.intervals.map(|i| IntervalSummary { minutes: count(i.minutes), count: count(i.count) }),
                metered_kwh: u.metered_kwh,
                losses: u.losses,
                billed_kwh: u.billed_kwh,
                by_period: u.by_period.into_iter().collect(),
                estimated: u.estimated,
                reactive_kvarh: u.reactive_kvarh,
                max_demand_kw: u.max_demand_kw,
            },
            lines: b
                .lines
                .into_iter()
                .map(|l| LineItem {
                    code: l.code.into_owned(),
                    component: l.component,
                    description: Text::from(&l.description),
                    quantity: l.quantity,
                    divisor: l.divisor.map(count),
                    unit: l.unit.into(),
                    unit_price: l.unit_price,
                    amount: l.amount,
                    tier: l.tier.map(count),
                    period: l.period,
                    rule: Rule::from(&l.rule),
                    from: l.from,
                    to: l.to,
                })
                .collect(),
            subtotals: b.subtotals,
            total: b.total,
            rounding: RoundingPolicy {
                scale: count(b.rounding.scale),
                mode: b.rounding.mode,
                stage: b.rounding.stage,
                quantity_scale: count(b.rounding.quantity_scale),
                threshold_scale: count(b.rounding.threshold_scale),
            },
            notes: b.notes.iter().map(Text::from).collect(),
        }
    }
}

// ── the API ───────────────────────────────────────────────────────────────────────────

/// A validated tariff, shared by many requests.
#[derive(uniffi::Object)]
pub struct Tariff(Arc<gridcore::Tariff>);

#[uniffi::export]
impl Tariff {
    /// Parses and validates a tariff document (JSON text).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::Tariff::from_json(&json)).map(|t| Arc::new(Self(Arc::new(t))))
    }

    /// The tariff's identifier.
    pub fn id(&self) -> String {
        self.0.id().to_string()
    }

    /// The tariff's name.
    pub fn name(&self) -> Text {
        Text::from(&self.0.spec().name)
    }

    /// The tariff document as JSON text.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// Everything needed to compute one bill besides the tariff.
#[derive(uniffi::Record)]
pub struct BillRequest {
    pub tariff: Arc<Tariff>,
    pub account: Account,
    pub period: Period,
    /// Readings or interval data; none for a tariff that charges no energy.
    pub usage: Option<UsageInput>,
    pub year_to_date_kwh: Decimal,
    pub holidays: Vec<NaiveDate>,
    pub as_of: NaiveDate,
    /// Price changes inside the period, in date order.
    #[uniffi(default = [])]
    pub tariff_versions: Vec<TariffVersion>,
    /// The billing month (电费年月), required by `billing_month` annual tiers.
    #[uniffi(default = None)]
    pub billing_month: Option<BillingMonth>,
    /// Readings at 00:00 on 1 January, for a bill crossing it under `calendar_days` tiers.
    #[uniffi(default = [])]
    pub new_year_readings: Vec<RegisterValue>,
}

/// A tariff version taking effect inside the billing period.
#[derive(uniffi::Record)]
pub struct TariffVersion {
    pub effective_from: NaiveDate,
    pub tariff: Arc<Tariff>,
    /// Readings taken on `effective_from`, one per billed register; empty to split by days.
    pub readings: Vec<RegisterValue>,
}

impl BillRequest {
    fn to_core(&self) -> Result<gridcore::BillRequest, GridcoreError> {
        Ok(gridcore::BillRequest {
            tariff: self.tariff.0.clone(),
            account: self.account.clone(),
            period: self.period,
            usage: self.usage.as_ref().map(UsageInput::to_core).transpose()?.unwrap_or_default(),
            year_to_date_kwh: self.year_to_date_kwh,
            holidays: self.holidays.clone(),
            as_of: self.as_of,
            tariff_versions: self
                .tariff_versions
                .iter()
                .map(|v| gridcore::TariffVersion { effective_from: v.effective_from, tariff: v.tariff.0.clone(), readings: v.readings.clone() })
                .collect(),
            billing_month: self.billing_month,
            new_year_readings: self.new_year_readings.clone(),
        })
    }
}

/// Computes one bill.
#[uniffi::export]
pub fn bill(request: BillRequest) -> Result<Bill, GridcoreError> {
    let request = request.to_core()?;
    guard(|| gridcore::bill(&request)).map(Bill::from)
}

/// One result of `billMany`: a bill or the error that prevented it.
#[derive(uniffi::Enum)]
pub enum BillResult {
    Ok { bill: Bill },
    Err { error: GridcoreError },
}

/// Computes many bills; each succeeds or fails on its own.
#[uniffi::export]
pub fn bill_many(requests: Vec<BillRequest>) -> Vec<BillResult> {
    requests
        .iter()
        .map(|r| {
            match r.to_core().and_then(|request| guard(|| gridcore::bill(&request))) {
                Ok(b) => BillResult::Ok { bill: Bill::from(b) },
                Err(error) => BillResult::Err { error },
            }
        })
        .collect()
}

/// Parses a request (with its tariff document) from JSON text and bills it.
#[uniffi::export]
pub fn bill_json(request_json: String) -> Result<Bill, GridcoreError> {
    guard(|| gridcore::BillRequest::from_json(&request_json).and_then(|r| gridcore::bill(&r))).map(Bill::from)
}

/// The bill as JSON text: the same bytes the core and every other binding produce.
#[uniffi::export]
pub fn bill_to_json(bill: Bill) -> Result<String, GridcoreError> {
    let b = core_bill(bill)?;
    guard(|| Ok(b.to_json()))
}

/// The bill as a table with Chinese and English labels.
#[uniffi::export]
pub fn render(bill: Bill) -> Result<String, GridcoreError> {
    let b = core_bill(bill)?;
    guard(|| Ok(gridcore::explain::render(&b)))
}

/// A line's rule explained in Chinese and English.
#[uniffi::export]
pub fn explain_rule(rule: Rule) -> Result<Text, GridcoreError> {
    Ok(Text::from(&rule.to_core()?.explain()))
}

/// One rate band of a late fee.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LateFeeLine {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub days: i32,
    pub daily_rate: Decimal,
    pub amount: Decimal,
}

/// A late-payment penalty (电费违约金), one line per daily rate, at least 1 元 when late.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LateFee {
    pub arrears: Decimal,
    pub days_late: i32,
    pub lines: Vec<LateFeeLine>,
    pub minimum_applied: bool,
    pub amount: Decimal,
}

/// The late-payment penalty on `request.arrears` unpaid since its due date.
#[uniffi::export]
pub fn late_fee(request: LateFeeRequest) -> Result<LateFee, GridcoreError> {
    let fee = guard(|| gridcore::penalty::late_fee(&request))?;
    Ok(LateFee {
        arrears: fee.arrears,
        days_late: count(fee.days_late),
        lines: fee
            .lines
            .into_iter()
            .map(|l| LateFeeLine { first_day: l.first_day, last_day: l.last_day, days: count(l.days), daily_rate: l.daily_rate, amount: l.amount })
            .collect(),
        minimum_applied: fee.minimum_applied,
        amount: fee.amount,
    })
}

/// One reason for a difference between two bills.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Contribution {
    pub kind: ContributionKind,
    pub amount: Decimal,
    pub codes: Vec<String>,
    pub text: Text,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BillSummary {
    pub period: BillPeriod,
    pub tariff_id: String,
    pub billed_kwh: Decimal,
    pub total: Decimal,
}

/// The difference between two bills of one account; contributions sum to it exactly.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Comparison {
    pub account_id: String,
    pub before: BillSummary,
    pub after: BillSummary,
    pub difference: Decimal,
    pub contributions: Vec<Contribution>,
}

fn bill_summary(s: gridcore::compare::BillSummary) -> BillSummary {
    BillSummary {
        period: BillPeriod { start: s.period.start, end: s.period.end, days: count(s.period.days) },
        tariff_id: s.tariff_id,
        billed_kwh: s.billed_kwh,
        total: s.total,
    }
}

/// Explains `after.total − before.total` for two bills of one account.
#[uniffi::export]
pub fn compare(before: Bill, after: Bill) -> Result<Comparison, GridcoreError> {
    let (before, after) = (core_bill(before)?, core_bill(after)?);
    let c = guard(|| gridcore::compare(&before, &after))?;
    Ok(Comparison {
        account_id: c.account_id,
        before: bill_summary(c.before),
        after: bill_summary(c.after),
        difference: c.difference,
        contributions: c.contributions.into_iter().map(|x| Contribution { kind: x.kind, amount: x.amount, codes: x.codes, text: Text::from(&x.text) }).collect(),
    })
}

/// One tariff's price for the usage.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WhatIfOption {
    pub rank: i32,
    pub tariff_id: String,
    pub tariff_name: Text,
    pub current: bool,
    pub total: Decimal,
    pub saving: Decimal,
    pub bill: Bill,
}

/// One usage under several tariffs, cheapest first.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WhatIf {
    pub account_id: String,
    pub current_tariff_id: String,
    pub options: Vec<WhatIfOption>,
}

/// Bills the request under its own tariff and under each of `tariffs`, cheapest first.
#[uniffi::export]
pub fn what_if(request: BillRequest, tariffs: Vec<Arc<Tariff>>) -> Result<WhatIf, GridcoreError> {
    let request = request.to_core()?;
    let tariffs: Vec<Arc<gridcore::Tariff>> = tariffs.iter().map(|t| t.0.clone()).collect();
    let w = guard(|| gridcore::what_if(&request, &tariffs))?;
    Ok(WhatIf {
        account_id: w.account_id,
        current_tariff_id: w.current_tariff_id,
        options: w
            .options
            .into_iter()
            .map(|o| WhatIfOption {
                rank: count(o.rank),
                tariff_id: o.tariff_id,
                tariff_name: Text::from(&o.tariff_name),
                current: o.current,
                total: o.total,
                saving: o.saving,
                bill: Bill::from(o.bill),
            })
            .collect(),
    })
}

// ── customer information model ────────────────────────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum VoltageClass {
    Low,
    High,
}

#[uniffi::remote(Enum)]
pub enum ContactKind {
    Mobile,
    Phone,
    Email,
    Wechat,
}

#[uniffi::remote(Enum)]
pub enum EventKind {
    Contact,
    Complaint,
    Repair,
    Payment,
    Praise,
}

#[uniffi::remote(Enum)]
pub enum Outcome {
    Resolved,
    Unresolved,
    OnTime,
    Late,
}

#[uniffi::remote(Enum)]
pub enum MatchKind {
    Name,
    Synonym,
    Pinyin,
    English,
    Code,
}

#[uniffi::remote(Enum)]
pub enum ConfirmationReason {
    NeverConfirmed,
    Stale,
    LowVoltageAccountName,
    CentralisedMeterBoxContact,
}

#[uniffi::remote(Enum)]
pub enum MoodLevel {
    Happy,
    Neutral,
    Unhappy,
}

#[uniffi::remote(Record)]
pub struct UsagePoint {
    pub usage_point_id: String,
    pub meter_id: Option<String>,
}

#[uniffi::remote(Record)]
pub struct CustomerAgreement {
    pub tariff_id: String,
    pub contract_capacity_kva: Option<Decimal>,
    pub operating_capacity_kva: Option<Decimal>,
    pub contract_demand_kw: Option<Decimal>,
}

#[uniffi::remote(Record)]
pub struct CustomerAccount {
    pub account_id: String,
    pub account_name: String,
    pub voltage: VoltageClass,
    pub centralised_meter_box: bool,
    pub address: Option<String>,
    pub usage_points: Vec<UsagePoint>,
    pub agreement: Option<CustomerAgreement>,
    pub arrears: Decimal,
    #[uniffi(default = None)]
    pub annual_kwh: Option<Decimal>,
}

#[uniffi::remote(Record)]
pub struct Contact {
    pub kind: ContactKind,
    pub value: String,
    pub source: String,
    pub confirmed_on: NaiveDate,
    pub for_notices: bool,
}

#[uniffi::remote(Record)]
pub struct ServiceEvent {
    pub date: NaiveDate,
    pub kind: EventKind,
    pub outcome: Option<Outcome>,
    pub amount: Option<Decimal>,
    pub note: Option<String>,
}

/// A customer (CIM Customer) with accounts, contacts and service history.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Customer {
    pub customer_id: String,
    pub name: String,
    pub customer_class: CustomerClass,
    pub id_number: Option<String>,
    pub since: NaiveDate,
    pub accounts: Vec<CustomerAccount>,
    pub contacts: Vec<Contact>,
    /// When each attribute group was last confirmed.
    pub confirmations: HashMap<String, NaiveDate>,
    pub history: Vec<ServiceEvent>,
    pub e_bill: bool,
    pub auto_pay: bool,
}

impl From<gridcore::customer::Customer> for Customer {
    fn from(c: gridcore::customer::Customer) -> Self {
        Customer {
            customer_id: c.customer_id,
            name: c.name,
            customer_class: c.customer_class,
            id_number: c.id_number,
            since: c.since,
            accounts: c.accounts,
            contacts: c.contacts,
            confirmations: c.confirmations.into_iter().collect(),
            history: c.history,
            e_bill: c.e_bill,
            auto_pay: c.auto_pay,
        }
    }
}

impl Customer {
    fn to_core(&self) -> Result<gridcore::customer::Customer, GridcoreError> {
        let c = gridcore::customer::Customer {
            customer_id: self.customer_id.clone(),
            name: self.name.clone(),
            customer_class: self.customer_class,
            id_number: self.id_number.clone(),
            since: self.since,
            accounts: self.accounts.clone(),
            contacts: self.contacts.clone(),
            confirmations: self.confirmations.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            history: self.history.clone(),
            e_bill: self.e_bill,
            auto_pay: self.auto_pay,
        };
        guard(|| c.validate())?;
        Ok(c)
    }
}

/// A validated customer configuration: attribute catalog, role views, freshness and mood.
#[derive(uniffi::Object)]
pub struct CustomerConfig(gridcore::customer::CustomerConfig);

#[uniffi::export]
impl CustomerConfig {
    /// Parses and validates a configuration document (JSON text).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::customer::CustomerConfig::from_json(&json)).map(|c| Arc::new(Self(c)))
    }

    /// The configuration as JSON text.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// One attribute value as a role sees it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ViewField {
    pub code: String,
    pub name: Text,
    pub path: String,
    pub value: String,
    pub masked: bool,
}

/// A customer as one role sees it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CustomerView {
    pub customer_id: String,
    pub role: String,
    pub fields: Vec<ViewField>,
}

/// The customer as `role` sees it: only the role's attributes, masked as configured.
#[uniffi::export]
pub fn customer_view(config: Arc<CustomerConfig>, customer: Customer, role: String) -> Result<CustomerView, GridcoreError> {
    let c = customer.to_core()?;
    let v = guard(|| gridcore::customer::view(&config.0, &c, &role))?;
    Ok(CustomerView {
        customer_id: v.customer_id,
        role: v.role,
        fields: v.fields.into_iter().map(|f| ViewField { code: f.code, name: Text::from(&f.name), path: f.path, value: f.value, masked: f.masked }).collect(),
    })
}

/// An attribute found by a search.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AttributeMatch {
    pub code: String,
    pub name: Text,
    pub group: String,
    pub path: String,
    pub score: i32,
    pub matched_by: MatchKind,
}

/// Attributes found by meaning (Chinese, synonyms, pinyin initials, English), best first.
#[uniffi::export]
pub fn search_attributes(config: Arc<CustomerConfig>, query: String, limit: i32) -> Vec<AttributeMatch> {
    gridcore::customer::search_attributes(&config.0, &query, limit.max(0) as usize)
        .into_iter()
        .map(|m| AttributeMatch { code: m.code, name: Text::from(&m.name), group: m.group, path: m.path, score: count(m.score), matched_by: m.matched_by })
        .collect()
}

/// One thing to confirm with the customer now.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Confirmation {
    pub group: String,
    pub reason: ConfirmationReason,
    pub account_id: Option<String>,
    pub last_confirmed: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub text: Text,
}

/// What must be confirmed when the customer comes for `business` on `as_of`, and why.
#[uniffi::export]
pub fn confirmations_required(config: Arc<CustomerConfig>, customer: Customer, business: String, as_of: NaiveDate) -> Result<Vec<Confirmation>, GridcoreError> {
    let c = customer.to_core()?;
    let list = guard(|| gridcore::customer::confirmations_required(&config.0, &c, &business, as_of))?;
    Ok(list
        .into_iter()
        .map(|x| Confirmation { group: x.group, reason: x.reason, account_id: x.account_id, last_confirmed: x.last_confirmed, due_on: x.due_on, text: Text::from(&x.text) })
        .collect())
}

/// An event that counted towards a mood.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MoodEvent {
    pub index: i32,
    pub date: NaiveDate,
    pub kind: EventKind,
    pub outcome: Option<Outcome>,
    pub points: i32,
}

/// A customer's mood and the events that caused it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Mood {
    pub level: MoodLevel,
    pub points: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub events: Vec<MoodEvent>,
    pub text: Text,
}

/// The customer's mood from recent service events.
#[uniffi::export]
pub fn customer_mood(config: Arc<CustomerConfig>, customer: Customer, as_of: NaiveDate) -> Result<Mood, GridcoreError> {
    let c = customer.to_core()?;
    let m = guard(|| gridcore::customer::mood(&config.0, &c, as_of))?;
    Ok(Mood {
        level: m.level,
        points: m.points,
        from: m.from,
        to: m.to,
        events: m.events.into_iter().map(|e| MoodEvent { index: count(e.index), date: e.date, kind: e.kind, outcome: e.outcome, points: e.points }).collect(),
        text: Text::from(&m.text),
    })
}

#[uniffi::remote(Enum)]
pub enum TagState {
    Draft,
    Online,
    Evaluating,
    Optimised,
    Offline,
}

#[uniffi::remote(Enum)]
pub enum Fact {
    TenureYears,
    Payments12m,
    LatePayments12m,
    Arrears,
    AnnualKwh,
    ContractCapacityKva,
    Complaints12m,
    UnresolvedComplaints12m,
    Repairs12m,
    EBill,
    AutoPay,
    HighVoltage,
    Residential,
}

/// Whether a tag applies to a customer, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TagResult {
    pub code: String,
    pub name: Text,
    pub version: i32,
    pub state: TagState,
    pub applies: bool,
    pub reason: String,
}

/// Every configured tag for the customer as of `as_of`: which apply and why.
#[uniffi::export]
pub fn evaluate_tags(config: Arc<CustomerConfig>, customer: Customer, as_of: NaiveDate) -> Result<Vec<TagResult>, GridcoreError> {
    let c = customer.to_core()?;
    let tags = guard(|| Ok(gridcore::customer::evaluate_tags(&config.0, &c, as_of)))?;
    Ok(tags
        .into_iter()
        .map(|t| TagResult { code: t.code, name: Text::from(&t.name), version: count(t.version), state: t.state, applies: t.applies, reason: t.reason })
        .collect())
}

/// Moves a tag definition (its JSON document) along its lifecycle; returns the new one.
#[uniffi::export]
pub fn transition_tag(tag_json: String, to: TagState) -> Result<String, GridcoreError> {
    guard(|| {
        let tag: gridcore::customer::TagDefinition = serde_json::from_str(&tag_json)
            .map_err(|e| gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "tag", e.to_string()))?;
        let next = gridcore::customer::transition_tag(&tag, to)?;
        Ok(serde_json::to_string(&next).unwrap_or_default())
    })
}

/// A factor's share of a score (`Contribution` is the bill comparison's).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScoreContribution {
    pub fact: Fact,
    pub value: Decimal,
    pub weight: Decimal,
    pub points: Decimal,
}

/// A score, explained.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Score {
    pub model: String,
    pub score: Decimal,
    pub grade: String,
    pub contributions: Vec<ScoreContribution>,
}

/// The customer's score under a configured model, with each factor's contribution.
#[uniffi::export]
pub fn customer_score(config: Arc<CustomerConfig>, customer: Customer, model: String, as_of: NaiveDate) -> Result<Score, GridcoreError> {
    let c = customer.to_core()?;
    let s = guard(|| gridcore::customer::score(&config.0, &c, &model, as_of))?;
    Ok(Score {
        model: s.model,
        score: s.score,
        grade: s.grade,
        contributions: s.contributions.into_iter().map(|x| ScoreContribution { fact: x.fact, value: x.value, weight: x.weight, points: x.points }).collect(),
    })
}

/// A score and grade in a profile.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProfileScore {
    pub model: String,
    pub score: Decimal,
    pub grade: String,
}

/// One customer's tags and scores.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Profile {
    pub customer_id: String,
    pub tags: Vec<String>,
    pub scores: Vec<ProfileScore>,
}

/// Tags and scores of many customers; the facts are computed once per customer.
#[uniffi::export]
pub fn customer_profiles(config: Arc<CustomerConfig>, customers: Vec<Customer>, as_of: NaiveDate) -> Result<Vec<Profile>, GridcoreError> {
    let list = customers.iter().map(Customer::to_core).collect::<Result<Vec<_>, _>>()?;
    let out = guard(|| Ok(gridcore::customer::profiles(&config.0, &list, as_of)))?;
    Ok(out
        .into_iter()
        .map(|p| Profile {
            customer_id: p.customer_id,
            tags: p.tags.iter().map(|t| t.to_string()).collect(),
            scores: p.scores.into_iter().map(|s| ProfileScore { model: s.model.to_string(), score: s.score, grade: s.grade.to_string() }).collect(),
        })
        .collect())
}

/// A segment and its centre.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Segment {
    pub segment: i32,
    pub size: i32,
    pub centre: Vec<Decimal>,
}

/// A customer's segment.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Assignment {
    pub customer_id: String,
    pub segment: i32,
}

/// k-means segments with readable centres.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Segmentation {
    pub features: Vec<Fact>,
    pub segments: Vec<Segment>,
    pub assignments: Vec<Assignment>,
}

/// k-means segments of the customers by the given facts, deterministic for `seed`.
#[uniffi::export]
pub fn segment_customers(customers: Vec<Customer>, features: Vec<Fact>, k: i32, seed: i64, as_of: NaiveDate) -> Result<Segmentation, GridcoreError> {
    let list = customers.iter().map(Customer::to_core).collect::<Result<Vec<_>, _>>()?;
    let s = guard(|| gridcore::customer::segment(&list, &features, whole(k, "k").map_err(|_| gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::OutOfRange, "k", "k must not be negative"))?, seed as u64, as_of))?;
    Ok(Segmentation {
        features: s.features,
        segments: s.segments.into_iter().map(|x| Segment { segment: count(x.segment), size: count(x.size), centre: x.centre }).collect(),
        assignments: s.assignments.into_iter().map(|a| Assignment { customer_id: a.customer_id, segment: count(a.segment) }).collect(),
    })
}

#[uniffi::remote(Record)]
pub struct Conflict {
    pub field: String,
    pub kept: String,
    pub dropped: String,
}

/// A merge: the merged customer, the conflicts, and both originals.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Merge {
    pub customer: Customer,
    pub conflicts: Vec<Conflict>,
    pub primary: Customer,
    pub other: Customer,
}

/// Merges two records of one person.
#[uniffi::export]
pub fn merge_customers(primary: Customer, other: Customer) -> Result<Merge, GridcoreError> {
    let (a, b) = (primary.to_core()?, other.to_core()?);
    let m = guard(|| gridcore::customer::merge(&a, &b))?;
    Ok(Merge { customer: m.customer.into(), conflicts: m.conflicts, primary: m.primary.into(), other: m.other.into() })
}

/// Both records of a merge, exactly as they were: `[primary, other]`.
#[uniffi::export]
pub fn unmerge_customers(merge: Merge) -> Vec<Customer> {
    vec![merge.primary, merge.other]
}

// ── the points centre ─────────────────────────────────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum EntryKind {
    Award,
    Redeem,
    Expire,
    Reverse,
    Event,
}

#[uniffi::remote(Enum)]
pub enum Shortfall {
    Refuse,
    Forgive,
    AllowNegative,
}

/// An operation on a ledger (`Operation.Redeem(key, date, points, reason)`, …).
#[uniffi::remote(Enum)]
pub enum Operation {
    Award { key: String, date: NaiveDate, points: i64, expires_on: NaiveDate, rule: Option<String>, reason: Option<String> },
    Redeem { key: String, date: NaiveDate, points: i64, reason: Option<String> },
    Reverse { key: String, date: NaiveDate, award_key: String, shortfall: Shortfall, reason: Option<String> },
    Expire { key: String, as_of: NaiveDate },
}

/// What happened (the core's `Event`; a generic event's attributes as a map).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PointsEventBody {
    BillPaid { amount: Decimal, due_date: NaiveDate, paid_date: NaiveDate, channel: String },
    EBillOptedIn,
    AutoPayEnrolled,
    BillRefunded { payment_key: String },
    Referral { referred_customer_id: String },
    Generic { name: String, attributes: HashMap<String, String> },
}

/// An event for one customer's ledger.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PointsEvent {
    pub key: String,
    pub date: NaiveDate,
    #[uniffi(default = [])]
    pub customer_tags: Vec<String>,
    pub event: PointsEventBody,
}

impl From<PointsEvent> for gridcore::points::PointsEvent {
    fn from(e: PointsEvent) -> Self {
        use gridcore::points::Event;
        let event = match e.event {
            PointsEventBody::BillPaid { amount, due_date, paid_date, channel } => Event::BillPaid { amount, due_date, paid_date, channel },
            PointsEventBody::EBillOptedIn => Event::EBillOptedIn {},
            PointsEventBody::AutoPayEnrolled => Event::AutoPayEnrolled {},
            PointsEventBody::BillRefunded { payment_key } => Event::BillRefunded { payment_key },
            PointsEventBody::Referral { referred_customer_id } => Event::Referral { referred_customer_id },
            PointsEventBody::Generic { name, attributes } => Event::Generic { name, attributes: attributes.into_iter().collect() },
        };
        gridcore::points::PointsEvent { key: e.key, date: e.date, customer_tags: e.customer_tags, event }
    }
}

/// One ledger entry (seq and lot as Long: Java has no unsigned types).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LedgerEntry {
    pub seq: i64,
    pub key: String,
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub points: i64,
    pub lot: i64,
    pub expires_on: Option<NaiveDate>,
    pub rule: Option<String>,
    pub reverses: Option<String>,
    pub reason: Option<String>,
    pub operation: Option<String>,
}

impl From<&gridcore::points::Entry> for LedgerEntry {
    fn from(e: &gridcore::points::Entry) -> Self {
        LedgerEntry {
            seq: e.seq as i64,
            key: e.key.clone(),
            date: e.date,
            kind: e.kind,
            points: e.points,
            lot: e.lot as i64,
            expires_on: e.expires_on,
            rule: e.rule.clone(),
            reverses: e.reverses.clone(),
            reason: e.reason.clone(),
            operation: e.operation.clone(),
        }
    }
}

/// A lot: an award and what is left of it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Lot {
    pub lot: i64,
    pub key: String,
    pub awarded: i64,
    pub remaining: i64,
    pub expires_on: NaiveDate,
}

/// What an operation or event did: the entries written (the first time) and the balance.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PointsOutcome {
    pub key: String,
    pub replayed: bool,
    pub entries: Vec<LedgerEntry>,
    pub balance: i64,
}

impl From<gridcore::points::Outcome<'_>> for PointsOutcome {
    fn from(o: gridcore::points::Outcome<'_>) -> Self {
        PointsOutcome { key: o.key.to_string(), replayed: o.replayed, entries: o.entries.iter().map(LedgerEntry::from).collect(), balance: o.balance }
    }
}

/// A validated points rule book, shared by many ledgers.
#[derive(uniffi::Object)]
pub struct PointsRules(gridcore::points::PointsRules);

#[uniffi::export]
impl PointsRules {
    /// Parses and validates a rule book (JSON text).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::points::PointsRules::from_json(&json)).map(|r| Arc::new(Self(r)))
    }

    /// The rule book as JSON text.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// A customer's points ledger: append-only entries with idempotency keys. Safe to share
/// between threads (calls are serialised).
#[derive(uniffi::Object)]
pub struct Ledger(std::sync::Mutex<gridcore::points::Ledger>);

impl Ledger {
    fn with<T>(&self, f: impl FnOnce(&mut gridcore::points::Ledger) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

#[uniffi::export]
impl Ledger {
    /// An empty ledger.
    #[uniffi::constructor]
    pub fn new(customer_id: String) -> Arc<Self> {
        Arc::new(Self(std::sync::Mutex::new(gridcore::points::Ledger::new(customer_id))))
    }

    /// A stored ledger from its JSON form, checked entry by entry.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::points::Ledger::from_json(&json)).map(|l| Arc::new(Self(std::sync::Mutex::new(l))))
    }

    /// Whose points.
    pub fn customer_id(&self) -> String {
        self.with(|l| l.customer_id().to_string())
    }

    /// The balance: the sum of the entries.
    pub fn balance(&self) -> i64 {
        self.with(|l| l.balance())
    }

    /// The entries, in order.
    pub fn entries(&self) -> Vec<LedgerEntry> {
        self.with(|l| l.entries().iter().map(LedgerEntry::from).collect())
    }

    /// Every lot with what is left of it.
    pub fn lots(&self) -> Vec<Lot> {
        self.with(|l| l.lots().into_iter().map(|x| Lot { lot: x.lot as i64, key: x.key, awarded: x.awarded, remaining: x.remaining, expires_on: x.expires_on }).collect())
    }

    /// Points usable on a day: left in lots that have not expired by then, less points owed.
    pub fn usable(&self, on: NaiveDate) -> i64 {
        self.with(|l| l.usable(on))
    }

    /// Runs an event through the rule book, exactly once per event key.
    pub fn process(&self, rules: Arc<PointsRules>, event: PointsEvent) -> Result<PointsOutcome, GridcoreError> {
        let event = gridcore::points::PointsEvent::from(event);
        self.with(|l| guard(|| gridcore::points::process(&rules.0, l, &event).map(PointsOutcome::from)))
    }

    /// Applies an operation: award, redeem, reverse or expire.
    pub fn apply(&self, operation: Operation) -> Result<PointsOutcome, GridcoreError> {
        self.with(|l| guard(|| l.apply(&operation).map(PointsOutcome::from)))
    }

    /// Runs an event given as JSON text (as a message queue delivers it).
    pub fn process_json(&self, rules: Arc<PointsRules>, event_json: String) -> Result<PointsOutcome, GridcoreError> {
        let event = guard(|| gridcore::points::PointsEvent::from_json(&event_json))?;
        self.with(|l| guard(|| gridcore::points::process(&rules.0, l, &event).map(PointsOutcome::from)))
    }

    /// Applies an operation given as JSON text (`{"op": "redeem", …}`).
    pub fn apply_json(&self, operation_json: String) -> Result<PointsOutcome, GridcoreError> {
        let op = guard(|| Operation::from_json(&operation_json))?;
        self.with(|l| guard(|| l.apply(&op).map(PointsOutcome::from)))
    }

    /// The ledger as JSON text (`{"customer_id": …, "entries": […]}`).
    pub fn to_json(&self) -> String {
        self.with(|l| l.to_json())
    }
}

// ── the messaging centre ──────────────────────────────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum Channel {
    Sms,
    Wechat,
    Push,
    Email,
}

#[uniffi::remote(Enum)]
pub enum Category {
    Service,
    Marketing,
}

#[uniffi::remote(Enum)]
pub enum Locale {
    ZhCn,
    En,
}

#[uniffi::remote(Enum)]
pub enum DeliveryAction {
    SendNow,
    Defer,
    Suppress,
}

#[uniffi::remote(Record)]
pub struct Consent {
    pub channel: Channel,
    pub service: bool,
    pub marketing: bool,
}

#[uniffi::remote(Record)]
pub struct Sent {
    pub channel: Channel,
    pub category: Category,
    pub at: NaiveDateTime,
}

#[uniffi::remote(Record)]
pub struct WechatValue {
    pub key: String,
    pub value: String,
    pub truncated: bool,
}

#[uniffi::remote(Record)]
pub struct WechatMessage {
    pub template_id: String,
    pub fields: Vec<WechatValue>,
}

#[uniffi::remote(Record)]
pub struct PushMessage {
    pub title: String,
    pub body: String,
}

#[uniffi::remote(Record)]
pub struct EmailMessage {
    pub subject: String,
    pub html: String,
}

/// A rendered SMS (length and segments as Int: Java has no unsigned types).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsMessage {
    pub text: String,
    pub length: i32,
    pub segments: i32,
    pub parts: Vec<String>,
}

/// A rendered notice: exactly one of `sms`, `wechat`, `push`, `email` is set.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Notice {
    pub code: String,
    pub channel: Channel,
    pub category: Category,
    pub locale: Locale,
    pub sms: Option<SmsMessage>,
    pub wechat: Option<WechatMessage>,
    pub push: Option<PushMessage>,
    pub email: Option<EmailMessage>,
}

/// Send now, defer or suppress, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Delivery {
    pub action: DeliveryAction,
    pub at: Option<NaiveDateTime>,
    pub reason: String,
    pub text: Text,
}

/// A validated set of notice templates.
#[derive(uniffi::Object)]
pub struct TemplateSet(gridcore::messaging::TemplateSet);

#[uniffi::export]
impl TemplateSet {
    /// The built-in templates (bill notice, arrears reminder, payment received, points
    /// awarded, outage notice, e-bill invitation).
    #[uniffi::constructor]
    pub fn builtin() -> Arc<Self> {
        Arc::new(Self(gridcore::messaging::TemplateSet::builtin()))
    }

    /// Parses and validates a set (JSON text).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::messaging::TemplateSet::from_json(&json)).map(|s| Arc::new(Self(s)))
    }

    /// The set as JSON text.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// Renders a notice from typed values as text (`"168.40"`, `"2026-12-15"`); the engine
/// checks, formats and masks them.
#[uniffi::export]
pub fn render_notice(templates: Arc<TemplateSet>, code: String, channel: Channel, locale: Locale, values: HashMap<String, String>) -> Result<Notice, GridcoreError> {
    let values = values.into_iter().collect();
    let n = guard(|| templates.0.render(&code, channel, locale, &values))?;
    Ok(Notice {
        code: n.code,
        channel: n.channel,
        category: n.category,
        locale: n.locale,
        sms: n.sms.map(|s| SmsMessage { text: s.text, length: s.length as i32, segments: s.segments as i32, parts: s.parts }),
        wechat: n.wechat,
        push: n.push,
        email: n.email,
    })
}

/// Plans a notice for a customer: send now, defer or suppress. `policy_json` null means
/// marketing 08:00–21:00, 1 a day, 3 in 7 days.
#[uniffi::export]
pub fn plan_delivery(channel: Channel, category: Category, consent: Vec<Consent>, history: Vec<Sent>, as_of: NaiveDateTime, policy_json: Option<String>) -> Result<Delivery, GridcoreError> {
    guard(|| {
        let policy = match policy_json {
            Some(json) => serde_json::from_str(&json).map_err(|e| gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "policy", e.to_string()))?,
            None => gridcore::messaging::DeliveryPolicy::default(),
        };
        let d = gridcore::messaging::plan_delivery(&policy, channel, category, &consent, &history, as_of)?;
        Ok(Delivery { action: d.action, at: d.at, reason: d.reason, text: Text::from(&d.text) })
    })
}

/// Panics inside the engine guard, so tests can prove a panic becomes an exception.
#[uniffi::export]
pub fn panic_for_tests() -> Result<(), GridcoreError> {
    guard(gridcore::error::panic_for_binding_tests)
}

fn text(t: Text) -> gridcore::Text {
    gridcore::Text::new(t.zh, t.en)
}

/// The mirror back to the core bill (for JSON and rendering).
fn core_bill(b: Bill) -> Result<gridcore::Bill, GridcoreError> {
    let u = b.usage;
    let r = b.rounding;
    Ok(gridcore::Bill {
        account_id: b.account_id,
        tariff_id: b.tariff_id,
        tariff_name: text(b.tariff_name),
        period: gridcore::billing::BillPeriod { start: b.period.start, end: b.period.end, days: whole(b.period.days, "bill.period.days")? },
        issued_on: b.issued_on,
        billing_month: b.billing_month,
        usage: gridcore::metering::UsageSummary {
            source: u.source,
            multiplier: u.multiplier,
            registers: u.registers,
            intervals: match u.intervals {
                Some(i) => Some(gridcore::metering::IntervalSummary { minutes: whole(i.minutes, "bill.usage.intervals.minutes")?, count: whole(i.count, "bill.usage.intervals.count")? }),
                None => None,
            },
            metered_kwh: u.metered_kwh,
            losses: u.losses,
            billed_kwh: u.billed_kwh,
            by_period: u.by_period.into_iter().collect(),
            estimated: u.estimated,
            reactive_kvarh: u.reactive_kvarh,
            max_demand_kw: u.max_demand_kw,
        },
        lines: b
            .lines
            .into_iter()
            .map(|l| {
                Ok(gridcore::LineItem {
                    code: l.code.into(),
                    component: l.component,
                    description: text(l.description),
                    quantity: l.quantity,
                    divisor: l.divisor.map(|d| whole(d, "bill.lines.divisor")).transpose()?,
                    unit: l.unit.into(),
                    unit_price: l.unit_price,
                    amount: l.amount,
                    tier: l.tier.map(|t| whole(t, "bill.lines.tier")).transpose()?,
                    period: l.period,
                    rule: l.rule.to_core()?,
                    from: l.from,
                    to: l.to,
                })
            })
            .collect::<Result<_, GridcoreError>>()?,
        subtotals: b.subtotals,
        total: b.total,
        rounding: gridcore::money::RoundingPolicy {
            scale: whole(r.scale, "bill.rounding.scale")?,
            mode: r.mode,
            stage: r.stage,
            quantity_scale: whole(r.quantity_scale, "bill.rounding.quantity_scale")?,
            threshold_scale: whole(r.threshold_scale, "bill.rounding.threshold_scale")?,
        },
        notes: b.notes.into_iter().map(text).collect(),
    })
}
