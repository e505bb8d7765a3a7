// Billing: tariffs, bill requests, explained bills and their rules, the batch, late
// fees, comparison and what-if, and URDB rates with their annual bills from an hourly
// load. Conversion only; every rule lives in `gridcore::billing`.
// Included into the crate root by lib.rs (which says why), so it shares the root's
// imports.

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
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = [])]
    pub tier_extra_kwh: Vec<Decimal>,
    #[uniffi(default = None)]
    pub opened_on: Option<NaiveDate>,
    #[uniffi(default = None)]
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
    #[uniffi(default = false)]
    pub rollover: bool,
    #[uniffi(default = false)]
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
// LineItem, UsageSummary and Bill are mirrored because the core uses Cow/BTreeMap in
// them; their whole numbers are i32 (see `count` and `whole` in convert.rs).

/// Meter constants: CT and PT ratios, and the register's integer digits (for rollover).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Meter {
    pub ct_ratio: Decimal,
    pub pt_ratio: Decimal,
    #[uniffi(default = None)]
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
    #[uniffi(default = None)]
    pub readings: Option<Vec<Reading>>,
    #[uniffi(default = None)]
    pub intervals: Option<IntervalData>,
    #[uniffi(default = [])]
    pub losses: Vec<Loss>,
    #[uniffi(default = None)]
    pub max_demand: Option<Decimal>,
}

impl UsageInput {
    fn into_core(self) -> Result<gridcore::billing::UsageInput, GridcoreError> {
        Ok(gridcore::billing::UsageInput {
            meter: gridcore::billing::Meter {
                ct_ratio: self.meter.ct_ratio,
                pt_ratio: self.meter.pt_ratio,
                digits: self.meter.digits.map(|d| whole(d, "usage.meter.digits")).transpose()?,
            },
            readings: self.readings,
            intervals: match self.intervals {
                Some(i) => Some(gridcore::billing::IntervalData { minutes: whole(i.minutes, "usage.intervals.minutes")?, points: i.points }),
                None => None,
            },
            losses: self.losses,
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

impl From<CoreRule> for Rule {
    fn from(r: CoreRule) -> Self {
        match r {
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

/// One line of a bill: quantity × unit price = amount, with the rule that produced it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LineItem {
    pub code: Cow<'static, str>,
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
    pub by_period: ByPeriod,
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
            tariff_name: Text::from(b.tariff_name),
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
                by_period: ByPeriod(u.by_period.into_iter().collect()),
                estimated: u.estimated,
                reactive_kvarh: u.reactive_kvarh,
                max_demand_kw: u.max_demand_kw,
            },
            lines: b
                .lines
                .into_iter()
                .map(|l| LineItem {
                    code: l.code,
                    component: l.component,
                    description: Text::from(l.description),
                    quantity: l.quantity,
                    divisor: l.divisor.map(count),
                    unit: l.unit.into(),
                    unit_price: l.unit_price,
                    amount: l.amount,
                    tier: l.tier.map(count),
                    period: l.period,
                    rule: Rule::from(l.rule),
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
            notes: b.notes.into_iter().map(Text::from).collect(),
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

/// The core request from a `BillRequest` or a `BatchRequest`: the same fields, with the
/// tariff and the versions already resolved (the one place both are converted).
macro_rules! core_request {
    ($r:expr, $tariff:expr, $versions:expr) => {
        Ok(gridcore::BillRequest {
            tariff: $tariff,
            account: $r.account,
            period: $r.period,
            usage: $r.usage.map(UsageInput::into_core).transpose()?.unwrap_or_default(),
            year_to_date_kwh: $r.year_to_date_kwh,
            holidays: $r.holidays,
            as_of: $r.as_of,
            tariff_versions: $versions,
            billing_month: $r.billing_month,
            new_year_readings: $r.new_year_readings,
        })
    };
}

// By value: a request's readings and interval points are moved into the core's request,
// not copied (a month of 15-minute points is ~3,000 of them).
impl BillRequest {
    fn into_core(self) -> Result<gridcore::BillRequest, GridcoreError> {
        let versions = self
            .tariff_versions
            .into_iter()
            .map(|v| gridcore::TariffVersion { effective_from: v.effective_from, tariff: v.tariff.0.clone(), readings: v.readings })
            .collect();
        core_request!(self, self.tariff.0.clone(), versions)
    }
}

/// Computes one bill.
#[uniffi::export]
pub fn bill(request: BillRequest) -> Result<Bill, GridcoreError> {
    let request = request.into_core()?;
    guard(|| gridcore::bill(&request)).map(Bill::from)
}

/// One result of `billMany`: a bill or the error that prevented it.
#[derive(uniffi::Enum)]
pub enum BillResult {
    Ok { bill: Bill },
    Err { error: GridcoreError },
}

fn bill_result(request: Result<gridcore::BillRequest, GridcoreError>) -> BillResult {
    match request.and_then(|request| guard(|| gridcore::bill(&request))) {
        Ok(b) => BillResult::Ok { bill: Bill::from(b) },
        Err(error) => BillResult::Err { error },
    }
}

/// Computes many bills; each succeeds or fails on its own.
#[uniffi::export]
pub fn bill_many(requests: Vec<BillRequest>) -> Vec<BillResult> {
    requests.into_iter().map(|r| bill_result(r.into_core())).collect()
}

/// A request of [`bill_batch`]: a [`BillRequest`] whose tariffs are indexes into the
/// batch's list of tariffs.
///
/// Why it exists: on the JVM every tariff object crossing the boundary costs a JNA call
/// (uniffi clones its handle), and a JNA call costs microseconds (tens before the reused call status)
/// (docs/performance.md, "JVM"). Given once per batch, the tariffs cost one call each.
#[derive(uniffi::Record)]
pub struct BatchRequest {
    /// Index of the request's tariff in the batch's `tariffs`.
    pub tariff: u32,
    pub account: Account,
    pub period: Period,
    pub usage: Option<UsageInput>,
    pub year_to_date_kwh: Decimal,
    pub holidays: Vec<NaiveDate>,
    pub as_of: NaiveDate,
    #[uniffi(default = [])]
    pub tariff_versions: Vec<BatchTariffVersion>,
    #[uniffi(default = None)]
    pub billing_month: Option<BillingMonth>,
    #[uniffi(default = [])]
    pub new_year_readings: Vec<RegisterValue>,
}

/// A [`TariffVersion`] of a [`BatchRequest`]: its tariff is an index into the batch's tariffs.
#[derive(uniffi::Record)]
pub struct BatchTariffVersion {
    pub effective_from: NaiveDate,
    pub tariff: u32,
    pub readings: Vec<RegisterValue>,
}

fn batch_tariff(tariffs: &[Arc<Tariff>], index: u32, path: &str) -> Result<Arc<gridcore::Tariff>, GridcoreError> {
    match tariffs.get(index as usize) {
        Some(t) => Ok(t.0.clone()),
        None => Err(GridcoreError::Request {
            code: gridcore::ErrorCode::OutOfRange.as_str().to_string(),
            path: path.to_string(),
            reason: format!("there is no tariff {index} in this batch: it gives {} tariffs, numbered from 0", tariffs.len()),
        }),
    }
}

impl BatchRequest {
    fn into_core(self, tariffs: &[Arc<Tariff>]) -> Result<gridcore::BillRequest, GridcoreError> {
        let mut versions = Vec::with_capacity(self.tariff_versions.len());
        for (i, v) in self.tariff_versions.into_iter().enumerate() {
            let tariff = batch_tariff(tariffs, v.tariff, &format!("tariff_versions[{i}].tariff"))?;
            versions.push(gridcore::TariffVersion { effective_from: v.effective_from, tariff, readings: v.readings });
        }
        core_request!(self, batch_tariff(tariffs, self.tariff, "tariff")?, versions)
    }
}

/// Computes many bills whose tariffs are given once; each succeeds or fails on its own,
/// exactly as [`bill_many`] would bill the same requests. An index outside `tariffs` fails
/// that request (`out_of_range`, path `tariff`).
#[uniffi::export]
pub fn bill_batch(tariffs: Vec<Arc<Tariff>>, requests: Vec<BatchRequest>) -> Vec<BillResult> {
    requests.into_iter().map(|r| batch_result(&tariffs, r)).collect()
}

/// One request of a batch, billed (the JVM's JNI path bills a batch one request at a time).
pub(crate) fn batch_result(tariffs: &[Arc<Tariff>], request: BatchRequest) -> BillResult {
    bill_result(request.into_core(tariffs))
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
    let fee = guard(|| gridcore::billing::late_fee(&request))?;
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

fn bill_summary(s: gridcore::billing::BillSummary) -> BillSummary {
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
    let request = request.into_core()?;
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
        usage: gridcore::billing::UsageSummary {
            source: u.source,
            multiplier: u.multiplier,
            registers: u.registers,
            intervals: match u.intervals {
                Some(i) => Some(gridcore::billing::IntervalSummary { minutes: whole(i.minutes, "bill.usage.intervals.minutes")?, count: whole(i.count, "bill.usage.intervals.count")? }),
                None => None,
            },
            metered_kwh: u.metered_kwh,
            losses: u.losses,
            billed_kwh: u.billed_kwh,
            by_period: u.by_period.0.into_iter().collect(),
            estimated: u.estimated,
            reactive_kvarh: u.reactive_kvarh,
            max_demand_kw: u.max_demand_kw,
        },
        lines: b
            .lines
            .into_iter()
            .map(|l| {
                Ok(gridcore::LineItem {
                    code: l.code,
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

// ── URDB rates and annual bills from an hourly load (gridcore::billing::urdb) ─────────
// Conversion only: reading the rate, the calendar and the twelve bills is the core's.

#[uniffi::remote(Enum)]
pub enum Allocation {
    Proportional,
    Chronological,
}

#[uniffi::remote(Enum)]
pub enum AnnualAmounts {
    Rounded,
    Unrounded,
}

#[uniffi::remote(Enum)]
pub enum AnnualComponent {
    Energy,
    Demand,
    Fixed,
    Minimum,
}

#[uniffi::remote(Enum)]
pub enum AnnualUnit {
    Kwh,
    Kw,
    Day,
    Month,
    Usd,
}

#[uniffi::remote(Record)]
pub struct Share {
    pub tier_kwh: Decimal,
    pub period_kwh: Decimal,
    pub month_kwh: Decimal,
}

/// A rate from OpenEI's Utility Rate Database (URDB), shared by many annual requests.
/// Fields gridcore cannot apply are refused by name (`GridcoreException.Tariff`, code
/// `unsupported`, path `urdb.<field>`).
#[derive(uniffi::Object)]
pub struct UrdbTariff(Arc<gridcore::billing::urdb::UrdbTariff>);

#[uniffi::export]
impl UrdbTariff {
    /// Reads a URDB rate (or the API's `{"items": [rate]}`) from JSON text.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::billing::urdb::UrdbTariff::from_urdb_json(&json)).map(|t| Arc::new(Self(Arc::new(t))))
    }

    /// The rate's name.
    pub fn name(&self) -> String {
        self.0.name.clone()
    }

    /// The utility's name.
    pub fn utility(&self) -> String {
        self.0.utility.clone()
    }
}

/// A year of hourly kWh to bill under a URDB rate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AnnualRequest {
    /// The calendar year the hours fall in (its own weekdays, 8,784 hours in a leap year);
    /// none for SAM's year (365 days, 1 January a Monday, no holidays).
    #[uniffi(default = None)]
    pub year: Option<i32>,
    /// kWh by hour from 1 January 00:00, each at most 6 decimal places.
    pub hourly_kwh: Vec<Decimal>,
    /// Days billed on the weekend schedule besides Saturdays and Sundays (a year only).
    #[uniffi(default = [])]
    pub holidays: Vec<NaiveDate>,
    /// Overrides the allocation the rate's `dgrules` names.
    #[uniffi(default = None)]
    pub allocation: Option<Allocation>,
    /// Each line to the cent, or to 12 places (for comparison with SAM).
    pub amounts: AnnualAmounts,
}

impl AnnualRequest {
    fn into_core(self) -> Result<gridcore::billing::urdb::AnnualRequest, gridcore::Error> {
        use gridcore::billing::urdb::AnnualCalendar;
        Ok(gridcore::billing::urdb::AnnualRequest {
            calendar: match self.year {
                None => AnnualCalendar::Sam,
                Some(y) => AnnualCalendar::Year(y),
            },
            holidays: self.holidays,
            load: gridcore::billing::urdb::HourlyLoad::from_decimals(&self.hourly_kwh)?,
            allocation: self.allocation,
            amounts: self.amounts,
        })
    }
}

/// The rounding an annual bill applied: each line's amount, once, half up.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AnnualRounding {
    /// Decimal places: 2 (rounded) or 12 (unrounded).
    pub scale: i32,
    /// Always `half_up`.
    pub mode: String,
}

/// One line of a monthly bill: quantity × price = amount.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AnnualLine {
    /// `energy.period_0.tier_1`, `demand.tou.period_2.tier_1`, `fixed`, `minimum.monthly`, …
    pub code: String,
    pub component: AnnualComponent,
    /// URDB's period (from 0), for energy and demand lines.
    pub period: Option<i32>,
    /// The tier (from 1), for energy and demand lines.
    pub tier: Option<i32>,
    pub quantity: Decimal,
    pub unit: AnnualUnit,
    pub price: Decimal,
    pub amount: Decimal,
    /// For proportional energy lines whose period is not the whole month: the exact
    /// fraction behind `quantity`.
    pub share: Option<Share>,
}

/// One month of an annual bill.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MonthBill {
    /// 1 to 12.
    pub month: i32,
    pub days: i32,
    pub kwh: Decimal,
    pub peak_kw: Decimal,
    pub lines: Vec<AnnualLine>,
    pub energy: Decimal,
    pub demand: Decimal,
    pub fixed: Decimal,
    pub minimum: Decimal,
    pub total: Decimal,
}

/// Twelve monthly bills and the year's total. `annualBillToJson` gives its JSON form, the
/// same in every language.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AnnualBill {
    /// The rate's name.
    pub rate: String,
    pub utility: String,
    /// Always `USD`.
    pub currency: String,
    /// `sam` or the year.
    pub calendar: String,
    pub allocation: Allocation,
    pub rounding: AnnualRounding,
    /// January to December.
    pub months: Vec<MonthBill>,
    pub energy: Decimal,
    pub demand: Decimal,
    pub fixed: Decimal,
    pub minimum: Decimal,
    pub total: Decimal,
}

impl From<gridcore::billing::urdb::AnnualBill> for AnnualBill {
    fn from(b: gridcore::billing::urdb::AnnualBill) -> Self {
        AnnualBill {
            rate: b.rate,
            utility: b.utility,
            currency: b.currency,
            calendar: b.calendar,
            allocation: b.allocation,
            rounding: AnnualRounding { scale: count(b.rounding.scale), mode: b.rounding.mode },
            months: b
                .months
                .into_iter()
                .map(|m| MonthBill {
                    month: i32::from(m.month),
                    days: count(m.days),
                    kwh: m.kwh,
                    peak_kw: m.peak_kw,
                    lines: m
                        .lines
                        .into_iter()
                        .map(|l| AnnualLine {
                            code: l.code,
                            component: l.component,
                            period: l.period.map(i32::from),
                            tier: l.tier.map(count),
                            quantity: l.quantity,
                            unit: l.unit,
                            price: l.price,
                            amount: l.amount,
                            share: l.share,
                        })
                        .collect(),
                    energy: m.energy,
                    demand: m.demand,
                    fixed: m.fixed,
                    minimum: m.minimum,
                    total: m.total,
                })
                .collect(),
            energy: b.energy,
            demand: b.demand,
            fixed: b.fixed,
            minimum: b.minimum,
            total: b.total,
        }
    }
}

/// A whole number that the core keeps as a `u8` (a month, a URDB period).
fn small(n: i32, path: &str) -> Result<u8, GridcoreError> {
    u8::try_from(n).map_err(|_| GridcoreError::Request { code: "out_of_range".into(), path: path.into(), reason: format!("{n} must be from 0 to 255") })
}

/// The mirror back to the core's annual bill (for its JSON form).
fn core_annual_bill(b: AnnualBill) -> Result<gridcore::billing::urdb::AnnualBill, GridcoreError> {
    use gridcore::billing::urdb as core;
    let mut months = Vec::with_capacity(b.months.len());
    for m in b.months {
        let mut lines = Vec::with_capacity(m.lines.len());
        for l in m.lines {
            lines.push(core::AnnualLine {
                code: l.code,
                component: l.component,
                period: l.period.map(|p| small(p, "bill.months.lines.period")).transpose()?,
                tier: l.tier.map(|t| whole(t, "bill.months.lines.tier")).transpose()?,
                quantity: l.quantity,
                unit: l.unit,
                price: l.price,
                amount: l.amount,
                share: l.share,
            });
        }
        months.push(core::MonthBill {
            month: small(m.month, "bill.months.month")?,
            days: whole(m.days, "bill.months.days")?,
            kwh: m.kwh,
            peak_kw: m.peak_kw,
            lines,
            energy: m.energy,
            demand: m.demand,
            fixed: m.fixed,
            minimum: m.minimum,
            total: m.total,
        });
    }
    Ok(core::AnnualBill {
        rate: b.rate,
        utility: b.utility,
        currency: b.currency,
        calendar: b.calendar,
        allocation: b.allocation,
        rounding: core::AnnualRounding { scale: whole(b.rounding.scale, "bill.rounding.scale")?, mode: b.rounding.mode },
        months,
        energy: b.energy,
        demand: b.demand,
        fixed: b.fixed,
        minimum: b.minimum,
        total: b.total,
    })
}

fn annual_json(b: &gridcore::billing::urdb::AnnualBill) -> Result<String, gridcore::Error> {
    serde_json::to_string(b).map_err(|e| gridcore::Error::internal(format!("the annual bill could not be written as JSON: {e}")))
}

/// Bills a year of hourly kWh under a URDB rate: twelve monthly bills and the year's total
/// (SAM's `Utilityrate5` with no generation).
#[uniffi::export]
pub fn bill_annual(tariff: Arc<UrdbTariff>, request: AnnualRequest) -> Result<AnnualBill, GridcoreError> {
    guard(|| request.into_core().and_then(|r| gridcore::billing::urdb::bill_annual(&tariff.0, &r))).map(AnnualBill::from)
}

/// Bills an annual request in its JSON form (`{"calendar": "sam"}` or `{"year": 2025}`,
/// `"hourly_kwh"` as decimal strings, optionally `"holidays"`, `"allocation"`,
/// `"amounts"`) and gives the bill's JSON form, as `annualBillToJson` writes it.
#[uniffi::export]
pub fn bill_annual_json(tariff: Arc<UrdbTariff>, request_json: String) -> Result<String, GridcoreError> {
    guard(|| gridcore::billing::urdb::AnnualRequest::from_json(&request_json).and_then(|r| gridcore::billing::urdb::bill_annual(&tariff.0, &r)).and_then(|b| annual_json(&b)))
}

/// The annual bill as JSON text: the same bytes the core and every other binding produce.
#[uniffi::export]
pub fn annual_bill_to_json(bill: AnnualBill) -> Result<String, GridcoreError> {
    let b = core_annual_bill(bill)?;
    guard(|| annual_json(&b))
}
