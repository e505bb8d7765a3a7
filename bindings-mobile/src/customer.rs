// The customer information model: customers and their accounts, the configuration, role
// views, attribute search, confirmations, mood, tags, scores, profiles, segments and
// merges. Conversion only; every rule lives in `gridcore::customer`. Included into the
// crate root by lib.rs (which says why), so it shares the root's imports.

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
