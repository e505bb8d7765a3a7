//! An account's receivables ledger: append-only entries, idempotent operations, and
//! allocation that is a pure function of the ordered operations.
//!
//! * **Append-only.** Balances are sums of the entries; nothing edits a past entry.
//! * **Ordered by business time.** Operations take their place by time, then key, in
//!   whatever order they arrive: a bank's payment delivered after a later app payment of
//!   the same day is allocated as if it had come first, and the later payment's
//!   allocations are re-made by compensating entries.
//! * **Reversal** (冲正) undoes a payment as if it had never been made: its allocations
//!   are compensated, and what later payments paid is re-allocated, by folding the
//!   operations again and writing the difference. Replaying a ledger's operations gives
//!   the same ledger: [`Ledger::from_entries`] checks exactly that.
//! * **Idempotent.** The same key with the same operation returns the first outcome and
//!   writes nothing; the same key with another payload is an `idempotency_conflict`.
//! * **Whole or nothing.** An operation that fails writes nothing.

use super::fold::{Fact, Fold};
use super::model::{AccountSetup, Entry, EntryKind, Operation, Outcome, Reason};
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::money::fixed_scale;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;


/// An account's receivables ledger: the entries (plain data, one row each, stored as the
/// caller likes) and an index derived from them.
#[derive(Debug, Clone)]
pub struct Ledger {
    setup: AccountSetup,
    entries: Vec<Entry>,
    /// The operations in the ledger's order (time, then key), shared with their entries.
    ops: Vec<Arc<Operation>>,
    /// Key → what its operation wrote.
    keys: foldhash::HashMap<Arc<str>, Written>,
    /// Reversed payment keys.
    reversed: HashSet<String>,
    fold: Fold,
    /// The facts of the operation being applied (kept to spare an allocation per payment).
    scratch: Vec<Fact>,
    due: Decimal,
    prepaid: Decimal,
}

impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        self.setup == other.setup && self.entries == other.entries
    }
}
impl Eq for Ledger {}

/// The stored form of a ledger.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerDoc {
    #[serde(flatten)]
    setup: AccountSetup,
    #[serde(default)]
    entries: Vec<Entry>,
}

impl Serialize for Ledger {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Doc<'a> {
            #[serde(flatten)]
            setup: &'a AccountSetup,
            entries: &'a [Entry],
        }
        Doc { setup: &self.setup, entries: &self.entries }.serialize(s)
    }
}

/// How an entry moves the two balances: (amount due, unapplied money).
fn effect(kind: EntryKind, amount: Decimal) -> (Decimal, Decimal) {
    match kind {
        EntryKind::BillIssued | EntryKind::Adjustment | EntryKind::LateFee => (amount, Decimal::ZERO),
        EntryKind::Allocation => (-amount, -amount),
        EntryKind::WriteOff => (-amount, Decimal::ZERO),
        EntryKind::Payment | EntryKind::Reversal | EntryKind::Refund => (Decimal::ZERO, amount),
    }
}

/// What an operation wrote: its entries, and the balances it left (a retry's outcome is
/// the first one, balances included, whatever came after).
#[derive(Debug, Clone, Copy)]
struct Written {
    start: usize,
    end: usize,
    due: Decimal,
    prepaid: Decimal,
}

type FactKey = (EntryKind, Arc<str>, Arc<str>, Arc<str>);

fn fact_entry(key: &Arc<str>, f: &Fact, amount: Decimal, at: NaiveDateTime, reason: Reason) -> Entry {
    Entry { seq: 0, key: key.clone(), kind: f.kind, amount, at, bill_id: Some(f.bill.clone()), component: Some(f.component.clone()), source: Some(f.source.clone()), reason: Some(reason), operation: None }
}

fn into_entry(key: &Arc<str>, f: Fact) -> Entry {
    Entry { seq: 0, key: key.clone(), kind: f.kind, amount: f.amount, at: f.at, bill_id: Some(f.bill), component: Some(f.component), source: Some(f.source), reason: Some(f.reason), operation: None }
}

impl Ledger {
    /// An empty ledger for an account (errors name `account_id` or the policy's field).
    pub fn new(setup: AccountSetup) -> Result<Ledger> {
        setup.check("")?;
        let fold = Fold::new(setup.customer_class);
        Ok(Ledger { setup, entries: Vec::new(), ops: Vec::new(), keys: foldhash::HashMap::default(), reversed: HashSet::new(), fold, scratch: Vec::new(), due: Decimal::new(0, 2), prepaid: Decimal::new(0, 2) })
    }

    /// The account's settings.
    pub fn setup(&self) -> &AccountSetup {
        &self.setup
    }

    /// The entries, in the order written.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The operations, in the ledger's order (time, then key).
    pub fn operations(&self) -> &[Arc<Operation>] {
        &self.ops
    }

    /// The amount due: bills, adjustments and late fees assessed, less allocations and
    /// write-offs (the sum of the entries).
    pub fn amount_due(&self) -> Decimal {
        fixed_scale(self.due, 2)
    }

    /// The unapplied (prepaid, 预存) money: payments less reversals, refunds and allocations.
    pub fn prepaid(&self) -> Decimal {
        fixed_scale(self.prepaid, 2)
    }

    /// Whether a payment was reversed.
    pub fn is_reversed(&self, payment_key: &str) -> bool {
        self.reversed.contains(payment_key)
    }

    pub(crate) fn fold(&self) -> &Fold {
        &self.fold
    }

    /// The operation a key names, if any.
    pub fn operation(&self, key: &str) -> Option<&Operation> {
        let at = self.entries[self.keys.get(key)?.start].at;
        let lo = self.ops.partition_point(|o| (o.at(), o.key()) < (at, key));
        self.ops[lo..].iter().find(|o| o.key() == key).map(|o| &**o)
    }

    /// Makes room for `operations` more operations (about three entries each: the
    /// operation's own, a late fee, an allocation), as a posting job that has grouped a
    /// day's operations by account knows it will need; growing one at a time otherwise
    /// copies the entries a few times over. A hint, like `Vec::reserve`.
    pub fn reserve(&mut self, operations: usize) {
        self.entries.reserve(operations.saturating_mul(3));
        self.ops.reserve(operations);
        self.keys.reserve(operations);
    }

    /// Applies an operation, exactly once per key. On an error nothing is written.
    pub fn apply(&mut self, op: Operation) -> Result<Outcome<'_>> {
        let op = op.checked()?;
        // Checked operations compare as values (amounts at two decimals), so a retry is
        // recognised without writing the operation out as text.
        if let Some(w) = self.keys.get(op.key()) {
            if self.entries[w.start].operation.as_deref() == Some(&op) {
                return Ok(self.outcome(true, *w));
            }
            return Err(Error::request(ErrorCode::IdempotencyConflict, "operation.key", format!("the key \"{}\" was used before for another operation", op.key())));
        }
        let key: Arc<str> = Arc::from(op.key());
        let mut head = Entry { seq: 0, key: key.clone(), kind: EntryKind::Payment, amount: Decimal::ZERO, at: op.at(), bill_id: None, component: None, source: None, reason: None, operation: None };
        match &op {
            Operation::Issue { bill, .. } => (head.kind, head.amount, head.bill_id) = (EntryKind::BillIssued, bill.amount, Some(Arc::from(bill.bill_id.as_str()))),
            Operation::Pay { amount, .. } => (head.amount, head.source) = (*amount, Some(key.clone())),
            Operation::Reverse { payment_key, at, .. } => {
                let Some(Operation::Pay { amount, paid_at, .. }) = self.operation(payment_key) else {
                    return Err(Error::request(ErrorCode::UnknownReference, "operation.payment_key", format!("no payment \"{payment_key}\" is in this ledger")));
                };
                if self.reversed.contains(payment_key) {
                    return Err(Error::request(ErrorCode::AlreadyReversed, "operation.payment_key", format!("the payment \"{payment_key}\" was reversed already")));
                }
                if at < paid_at {
                    return Err(Error::request(ErrorCode::OutOfRange, "operation.at", format!("the reversal at {at} is before the payment, at {paid_at}")));
                }
                (head.kind, head.amount, head.source, head.reason) = (EntryKind::Reversal, -*amount, Some(Arc::from(payment_key.as_str())), Some(Reason::Reversal));
            }
            Operation::Refund { amount, payment_key, .. } => {
                if let Some(p) = payment_key {
                    if !matches!(self.operation(p), Some(Operation::Pay { .. })) {
                        return Err(Error::request(ErrorCode::UnknownReference, "operation.payment_key", format!("no payment \"{p}\" is in this ledger")));
                    }
                }
                (head.kind, head.amount, head.source, head.reason) = (EntryKind::Refund, -*amount, payment_key.as_deref().map(Arc::from), Some(Reason::Refund));
            }
            Operation::WriteOff { bill_id, .. } => (head.kind, head.bill_id) = (EntryKind::WriteOff, Some(Arc::from(bill_id.as_str()))),
            Operation::Adjust { bill_id, component, amount, .. } => {
                (head.kind, head.amount, head.bill_id, head.component) = (EntryKind::Adjustment, *amount, Some(Arc::from(bill_id.as_str())), Some(Arc::from(component.as_str())))
            }
        }
        // Most operations come in time order: after the last, no search.
        let pos = match self.ops.last() {
            Some(last) if (last.at(), last.key()) > (op.at(), op.key()) => self.ops.partition_point(|o| (o.at(), o.key()) <= (op.at(), op.key())),
            _ => self.ops.len(),
        };
        let start = self.entries.len();
        // One allocation, shared by the head entry and the ledger's list of operations.
        let op = Arc::new(op);
        head.operation = Some(op.clone());
        if pos == self.ops.len() && !matches!(*op, Operation::Reverse { .. }) {
            // At the end of the ledger: one more step of the fold.
            let mut facts = std::mem::take(&mut self.scratch);
            facts.clear();
            if let Err(e) = self.fold.step(&op, &key, &self.setup.policy, &self.reversed, &mut facts) {
                self.fold = Self::refold(&self.setup, &self.ops, &self.reversed, usize::MAX).expect("the ledger's own operations fold").0;
                return Err(e);
            }
            self.entries.reserve(1 + facts.len());
            self.push(head);
            for f in facts.drain(..) {
                self.push(into_entry(&key, f));
            }
            self.scratch = facts;
            self.ops.push(op);
        } else {
            // Before later operations, or a reversal: fold again, write the difference.
            let mut ops = self.ops.clone();
            ops.insert(pos, op);
            let mut reversed = self.reversed.clone();
            if let Operation::Reverse { payment_key, .. } = &*ops[pos] {
                reversed.insert(payment_key.clone());
            }
            let (fold, facts) = Self::refold(&self.setup, &ops, &reversed, pos)?;
            let diff = self.difference(&ops[pos], &key, &facts);
            self.push(head);
            for e in diff {
                self.push(e);
            }
            self.fold = fold;
            self.ops = ops;
            self.reversed = reversed;
        }
        let written = Written { start, end: self.entries.len(), due: self.amount_due(), prepaid: self.prepaid() };
        self.keys.insert(key, written);
        debug_assert_eq!(self.prepaid, self.fold.prepaid(), "unapplied money is the fold's lots");
        Ok(self.outcome(false, written))
    }

    /// What an operation wrote, as an outcome (a replay's is the first one, balances included).
    fn outcome(&self, replayed: bool, w: Written) -> Outcome<'_> {
        Outcome { key: &self.entries[w.start].key, replayed, entries: &self.entries[w.start..w.end], amount_due: w.due, prepaid: w.prepaid }
    }

    /// Appends an entry and moves the balances.
    fn push(&mut self, mut e: Entry) {
        e.seq = self.entries.len() as u64 + 1;
        // Each entry moves one balance or both by its amount.
        let (due, prepaid) = effect(e.kind, e.amount);
        if !due.is_zero() {
            self.due += due;
        }
        if !prepaid.is_zero() {
            self.prepaid += prepaid;
        }
        self.entries.push(e);
    }


    /// Folds all operations; an error of any but the new one (`new` is its position) is
    /// reported as the new operation's: it would make that later operation fail.
    fn refold(setup: &AccountSetup, ops: &[Arc<Operation>], reversed: &HashSet<String>, new: usize) -> Result<(Fold, Vec<Fact>)> {
        let mut fold = Fold::new(setup.customer_class);
        let mut facts = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            if let Err(e) = fold.step(op, &Arc::from(op.key()), &setup.policy, reversed, &mut facts) {
                if i == new || new == usize::MAX {
                    return Err(e);
                }
                let reason = format!("it would make the later {} \"{}\" fail: {}", op.name(), op.key(), e.reason);
                return Err(Error::new(ErrorKind::Request, e.code, "operation", reason));
            }
        }
        Ok((fold, facts))
    }

    /// The entries that take the derived facts written so far to `facts`: compensations
    /// first (in the order the facts were written), then what is new or grew.
    fn difference(&self, op: &Operation, key: &Arc<str>, facts: &[Fact]) -> Vec<Entry> {
        let mut old: Vec<(FactKey, Decimal)> = Vec::new();
        let mut at: HashMap<FactKey, usize> = HashMap::new();
        for e in self.entries.iter().filter(|e| e.operation.is_none()) {
            let (Some(bill), Some(component), Some(source)) = (&e.bill_id, &e.component, &e.source) else { continue };
            let k = (e.kind, source.clone(), bill.clone(), component.clone());
            match at.get(&k) {
                Some(&i) => old[i].1 += e.amount,
                None => {
                    at.insert(k.clone(), old.len());
                    old.push((k, e.amount));
                }
            }
        }
        let mut new: Vec<(FactKey, Decimal, &Fact)> = Vec::new();
        let mut new_at: HashMap<FactKey, usize> = HashMap::new();
        for f in facts {
            let k = (f.kind, f.source.clone(), f.bill.clone(), f.component.clone());
            match new_at.get(&k) {
                Some(&i) => new[i].1 += f.amount,
                None => {
                    new_at.insert(k.clone(), new.len());
                    new.push((k, f.amount, f));
                }
            }
        }
        let mut out = Vec::new();
        for (k, was) in &old {
            let now = new_at.get(k).map_or(Decimal::ZERO, |&i| new[i].1);
            if now < *was {
                let f = Fact { kind: k.0, source: k.1.clone(), bill: k.2.clone(), component: k.3.clone(), amount: Decimal::ZERO, at: op.at(), reason: Reason::Reallocated };
                out.push(fact_entry(key, &f, now - *was, op.at(), Reason::Reallocated));
            }
        }
        for (k, now, f) in &new {
            let was = at.get(k).map_or(Decimal::ZERO, |&i| old[i].1);
            if *now > was {
                out.push(fact_entry(key, f, *now - was, f.at, f.reason));
            }
        }
        out
    }

    /// The ledger as JSON text (`{"account_id": …, "customer_class": …, "policy": …, "entries": […]}`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a ledger always serializes")
    }

    /// A stored ledger from its JSON form, checked by replaying its operations.
    pub fn from_json(json: &str) -> Result<Ledger> {
        let doc: LedgerDoc = crate::base::error::parse_json(ErrorKind::Request, "ledger", json)?;
        Ledger::from_entries(doc.setup, doc.entries)
    }

    /// A stored ledger, checked: replaying the operations its entries carry (in the
    /// order written) must write exactly these entries. Errors name the first entry
    /// that differs (`ledger.entries[3]`).
    pub fn from_entries(setup: AccountSetup, entries: Vec<Entry>) -> Result<Ledger> {
        setup.check("ledger.")?;
        let mut ledger = Ledger::new(setup)?;
        for (i, e) in entries.iter().enumerate() {
            let Some(op) = &e.operation else { continue };
            if ledger.entries.len() != i {
                return Err(Error::request(ErrorCode::InvalidField, format!("ledger.entries[{}]", ledger.entries.len()), "this entry is not what the operations before it write"));
            }
            ledger.apply(Operation::clone(op)).map_err(|err| Error::request(err.code, format!("ledger.entries[{i}].operation"), format!("replaying it fails: {}", err.reason)))?;
        }
        if let Some(i) = (0..entries.len().max(ledger.entries.len())).find(|&i| entries.get(i) != ledger.entries.get(i)) {
            return Err(Error::request(ErrorCode::InvalidField, format!("ledger.entries[{i}]"), "this entry is not what the ledger's operations write"));
        }
        Ok(ledger)
    }
}
