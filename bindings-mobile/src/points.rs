// The points centre: typed events and operations, the rule book and the append-only
// ledger. Conversion only; every rule lives in `gridcore::points`. Included into the
// crate root by lib.rs (which says why), so it shares the root's imports.

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
    /// An empty ledger (`GridcoreException.Request` when the customer id is blank, over
    /// 128 characters or holds a control character).
    #[uniffi::constructor]
    pub fn new(customer_id: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::points::Ledger::for_customer(&customer_id)).map(|l| Arc::new(Self(std::sync::Mutex::new(l))))
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
