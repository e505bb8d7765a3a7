// The payments centre: typed operations, an account's receivables ledger, the arrears
// view, a payment's events and the reconciliation of settlement files. Conversion only;
// every rule lives in `gridcore::payments`. Included into the crate root by lib.rs (which
// says why), so it shares the root's imports. Names that another domain uses already
// (entries, operations, outcomes, components) are prefixed here.

// ── setup and operations ──────────────────────────────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum BillOrder {
    OldestFirst,
    NewestFirst,
}

#[uniffi::remote(Enum)]
pub enum LateFeeOrder {
    BeforePrincipal,
    AfterPrincipal,
}

#[uniffi::remote(Enum)]
pub enum NamedBillRest {
    OtherBills,
    Prepaid,
}

/// How payments are applied (the core's `Policy`; a missing choice is the core's default).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentPolicy {
    #[uniffi(default = None)]
    pub order: Option<BillOrder>,
    #[uniffi(default = None)]
    pub late_fee: Option<LateFeeOrder>,
    #[uniffi(default = false)]
    pub exact_match_first: bool,
    #[uniffi(default = [])]
    pub components: Vec<String>,
    #[uniffi(default = None)]
    pub named_bill_rest: Option<NamedBillRest>,
}

/// An account's receivables settings; no policy: oldest arrears first, late fee first.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountSetup {
    pub account_id: String,
    pub customer_class: CustomerClass,
    #[uniffi(default = None)]
    pub policy: Option<PaymentPolicy>,
}

impl From<AccountSetup> for gridcore::payments::AccountSetup {
    fn from(s: AccountSetup) -> Self {
        let policy = s
            .policy
            .map(|p| gridcore::payments::Policy { order: p.order.unwrap_or_default(), late_fee: p.late_fee.unwrap_or_default(), exact_match_first: p.exact_match_first, components: p.components, named_bill_rest: p.named_bill_rest.unwrap_or_default() })
            .unwrap_or_default();
        gridcore::payments::AccountSetup { account_id: s.account_id, customer_class: s.customer_class, policy }
    }
}

/// One component of a bill (energy, funds, basic, …).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BillComponent {
    pub code: String,
    pub amount: Decimal,
}

/// A bill as a receivable; no components: one `energy` component of the whole amount.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Receivable {
    pub bill_id: String,
    pub bill_month: BillingMonth,
    pub due_date: NaiveDate,
    pub amount: Decimal,
    #[uniffi(default = [])]
    pub components: Vec<BillComponent>,
}

/// An operation on an account's ledger (`PaymentOperation.Pay(key, channel, txnNo, …)`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PaymentOperation {
    Issue { key: String, issued_on: NaiveDate, bill: Receivable },
    Pay { key: String, channel: String, txn_no: String, amount: Decimal, paid_at: NaiveDateTime, bill_id: Option<String> },
    Reverse { key: String, payment_key: String, at: NaiveDateTime, reason: Option<String> },
    Refund { key: String, amount: Decimal, at: NaiveDateTime, channel: String, txn_no: String, payment_key: Option<String> },
    WriteOff { key: String, on: NaiveDate, bill_id: String, reason: Option<String> },
    Adjust { key: String, on: NaiveDate, bill_id: String, component: String, amount: Decimal, reason: Option<String> },
}

impl From<PaymentOperation> for gridcore::payments::Operation {
    fn from(op: PaymentOperation) -> Self {
        use gridcore::payments::{Component as C, Operation as O, Receivable as R};
        match op {
            PaymentOperation::Issue { key, issued_on, bill } => O::Issue {
                key,
                issued_on,
                bill: R { bill_id: bill.bill_id, bill_month: bill.bill_month, due_date: bill.due_date, amount: bill.amount, components: bill.components.into_iter().map(|c| C { code: c.code, amount: c.amount }).collect() },
            },
            PaymentOperation::Pay { key, channel, txn_no, amount, paid_at, bill_id } => O::Pay { key, channel, txn_no, amount, paid_at, bill_id },
            PaymentOperation::Reverse { key, payment_key, at, reason } => O::Reverse { key, payment_key, at, reason },
            PaymentOperation::Refund { key, amount, at, channel, txn_no, payment_key } => O::Refund { key, amount, at, channel, txn_no, payment_key },
            PaymentOperation::WriteOff { key, on, bill_id, reason } => O::WriteOff { key, on, bill_id, reason },
            PaymentOperation::Adjust { key, on, bill_id, component, amount, reason } => O::Adjust { key, on, bill_id, component, amount, reason },
        }
    }
}

// ── entries, outcomes, the arrears view, events ───────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum PaymentEntryKind {
    BillIssued,
    Payment,
    Allocation,
    LateFee,
    Refund,
    Reversal,
    WriteOff,
    Adjustment,
}

/// One ledger entry (seq as Long: Java has no unsigned types).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentEntry {
    pub seq: i64,
    pub key: String,
    pub kind: PaymentEntryKind,
    pub amount: Decimal,
    pub at: NaiveDateTime,
    pub bill_id: Option<String>,
    pub component: Option<String>,
    pub source: Option<String>,
    pub reason: Option<Text>,
    pub operation: Option<String>,
}

impl From<&gridcore::payments::Entry> for PaymentEntry {
    fn from(e: &gridcore::payments::Entry) -> Self {
        PaymentEntry {
            seq: e.seq as i64,
            key: e.key.to_string(),
            kind: e.kind,
            amount: e.amount,
            at: e.at,
            bill_id: e.bill_id.as_deref().map(str::to_string),
            component: e.component.as_deref().map(str::to_string),
            source: e.source.as_deref().map(str::to_string),
            reason: e.reason.map(|r| Text::from(&r.text())),
            operation: e.operation.as_ref().map(|o| o.to_json()),
        }
    }
}

/// What an operation did: the entries written (the first time) and the balances after.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentOutcome {
    pub key: String,
    pub replayed: bool,
    pub entries: Vec<PaymentEntry>,
    pub amount_due: Decimal,
    pub prepaid: Decimal,
}

impl From<gridcore::payments::Outcome<'_>> for PaymentOutcome {
    fn from(o: gridcore::payments::Outcome<'_>) -> Self {
        PaymentOutcome { key: o.key.to_string(), replayed: o.replayed, entries: o.entries.iter().map(PaymentEntry::from).collect(), amount_due: o.amount_due, prepaid: o.prepaid }
    }
}

#[uniffi::remote(Record)]
pub struct OpenComponent {
    pub code: String,
    pub billed: Decimal,
    pub open: Decimal,
}

#[uniffi::remote(Record)]
pub struct ArrearsItem {
    pub bill_id: String,
    pub bill_month: BillingMonth,
    pub due_date: NaiveDate,
    pub components: Vec<OpenComponent>,
    pub principal: Decimal,
    pub late_fee_assessed: Decimal,
    pub late_fee_to_date: Decimal,
    pub amount_due: Decimal,
    pub days_overdue: u32,
}

#[uniffi::remote(Record)]
pub struct Arrears {
    pub account_id: String,
    pub as_of: NaiveDate,
    pub items: Vec<ArrearsItem>,
    pub principal: Decimal,
    pub late_fee: Decimal,
    pub amount_due: Decimal,
    pub prepaid: Decimal,
    pub days_overdue: u32,
}

/// What a payment tells the other domains: points events as JSON text (for
/// `Ledger.processJson`) and the `payment_received` notice values.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentEvents {
    pub points: Vec<String>,
    pub notice: HashMap<String, String>,
}

// ── reconciliation ────────────────────────────────────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum BookedKind {
    Payment,
    Refund,
}

#[uniffi::remote(Record)]
pub struct Booked {
    pub channel: String,
    pub txn_no: String,
    pub key: String,
    pub kind: BookedKind,
    pub amount: Decimal,
    pub at: NaiveDateTime,
    #[uniffi(default = false)]
    pub reversed: bool,
}

#[uniffi::remote(Enum)]
pub enum ReconStatus {
    Matched,
    AmountMismatch,
    MissingInEngine,
    MissingInFile,
    Duplicate,
    StatusMismatch,
    NotYetSettled,
}

/// One finding of a reconciliation (line as Long).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReconItem {
    pub status: ReconStatus,
    pub channel: String,
    pub txn_no: String,
    pub kind: BookedKind,
    pub line: Option<i64>,
    pub file_amount: Option<Decimal>,
    pub engine_amount: Option<Decimal>,
    pub key: Option<String>,
    pub note: Text,
}

/// Count and amounts of one status (count as Long).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StatusTotal {
    pub status: ReconStatus,
    pub count: i64,
    pub file_amount: Decimal,
    pub engine_amount: Decimal,
}

/// Count and amounts of one status in one channel.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChannelTotal {
    pub channel: String,
    pub status: ReconStatus,
    pub count: i64,
    pub file_amount: Decimal,
    pub engine_amount: Decimal,
}

/// A file row that could not be read, with its line number.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MalformedRow {
    pub line: i64,
    pub reason: String,
}

/// A reconciliation report; `table` is the same report as a readable table.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Reconciliation {
    pub items: Vec<ReconItem>,
    pub totals: Vec<StatusTotal>,
    pub by_channel: Vec<ChannelTotal>,
    pub malformed: Vec<MalformedRow>,
    pub file_rows: i64,
    pub file_payments: Decimal,
    pub file_refunds: Decimal,
    pub table: String,
}

impl From<gridcore::payments::Reconciliation> for Reconciliation {
    fn from(r: gridcore::payments::Reconciliation) -> Self {
        let table = r.render();
        Reconciliation {
            items: r
                .items
                .into_iter()
                .map(|i| ReconItem { status: i.status, channel: i.channel, txn_no: i.txn_no, kind: i.kind, line: i.line.map(i64::from), file_amount: i.file_amount, engine_amount: i.engine_amount, key: i.key, note: Text::from(&i.note) })
                .collect(),
            totals: r.totals.into_iter().map(|t| StatusTotal { status: t.status, count: t.count as i64, file_amount: t.file_amount, engine_amount: t.engine_amount }).collect(),
            by_channel: r.by_channel.into_iter().map(|c| ChannelTotal { channel: c.channel, status: c.status, count: c.count as i64, file_amount: c.file_amount, engine_amount: c.engine_amount }).collect(),
            malformed: r.malformed.into_iter().map(|m| MalformedRow { line: i64::from(m.line), reason: m.reason }).collect(),
            file_rows: r.file_rows as i64,
            file_payments: r.file_payments,
            file_refunds: r.file_refunds,
            table,
        }
    }
}

/// Reconciles a channel's settlement file (its text) against booked payments and refunds.
/// The layout is JSON (`{"layout": "wechat"}` or a CSV column mapping, docs/payments.md);
/// transactions after `cutoff` are not yet settled.
#[uniffi::export]
pub fn reconcile_file(layout_json: String, text: String, booked: Vec<Booked>, cutoff: NaiveDateTime) -> Result<Reconciliation, GridcoreError> {
    guard(|| {
        let layout = gridcore::payments::SettlementLayout::from_json(&layout_json)?;
        let file = gridcore::payments::read_settlement(&layout, &text)?;
        Ok(Reconciliation::from(gridcore::payments::reconcile(&file, &booked, cutoff)))
    })
}

// ── the ledger ────────────────────────────────────────────────────────────────────────

/// An account's receivables ledger: append-only entries with idempotency keys. Safe to
/// share between threads (calls are serialised).
#[derive(uniffi::Object)]
pub struct AccountLedger(std::sync::Mutex<gridcore::payments::Ledger>);

impl AccountLedger {
    fn with<T>(&self, f: impl FnOnce(&mut gridcore::payments::Ledger) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn wrap(l: gridcore::payments::Ledger) -> Arc<Self> {
        Arc::new(Self(std::sync::Mutex::new(l)))
    }
}

#[uniffi::export]
impl AccountLedger {
    /// An empty ledger for an account.
    #[uniffi::constructor]
    pub fn new(setup: AccountSetup) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::payments::Ledger::new(setup.into())).map(Self::wrap)
    }

    /// An empty ledger for an account given as JSON (`{"account_id", "customer_class", "policy"}`).
    #[uniffi::constructor]
    pub fn from_setup_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::payments::AccountSetup::from_json(&json).and_then(gridcore::payments::Ledger::new)).map(Self::wrap)
    }

    /// A stored ledger from its JSON form, checked by replaying its operations.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::payments::Ledger::from_json(&json)).map(Self::wrap)
    }

    /// The account.
    pub fn account_id(&self) -> String {
        self.with(|l| l.setup().account_id.clone())
    }

    /// The amount due (principal and assessed late fees): the sum of the entries.
    pub fn amount_due(&self) -> Decimal {
        self.with(|l| l.amount_due())
    }

    /// The unapplied (prepaid) money.
    pub fn prepaid(&self) -> Decimal {
        self.with(|l| l.prepaid())
    }

    /// The entries, in the order written.
    pub fn entries(&self) -> Vec<PaymentEntry> {
        self.with(|l| l.entries().iter().map(PaymentEntry::from).collect())
    }

    /// Applies an operation, exactly once per key.
    pub fn apply(&self, operation: PaymentOperation) -> Result<PaymentOutcome, GridcoreError> {
        let op = gridcore::payments::Operation::from(operation);
        self.with(|l| guard(|| l.apply(op).map(PaymentOutcome::from)))
    }

    /// Applies an operation given as JSON text (`{"op": "pay", …}`).
    pub fn apply_json(&self, operation_json: String) -> Result<PaymentOutcome, GridcoreError> {
        let op = guard(|| gridcore::payments::Operation::from_json(&operation_json))?;
        self.with(|l| guard(|| l.apply(op).map(PaymentOutcome::from)))
    }

    /// The arrears as of a date: open bills, late fee to date, prepaid, days overdue.
    pub fn arrears(&self, as_of: NaiveDate) -> Result<Arrears, GridcoreError> {
        self.with(|l| guard(|| l.arrears(as_of)))
    }

    /// A payment's points events and `payment_received` notice values.
    pub fn payment_events(&self, payment_key: String) -> Result<PaymentEvents, GridcoreError> {
        self.with(|l| guard(|| l.payment_events(&payment_key)))
            .map(|e| PaymentEvents { points: e.points.iter().map(|p| p.to_string()).collect(), notice: e.notice.into_iter().collect() })
    }

    /// The payments and refunds booked, for `reconcileFile`.
    pub fn booked(&self) -> Vec<Booked> {
        self.with(|l| l.booked())
    }

    /// The ledger as JSON text.
    pub fn to_json(&self) -> String {
        self.with(|l| l.to_json())
    }
}
