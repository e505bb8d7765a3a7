//! The ledger: plain data a caller stores as it likes (a table of entries), and the
//! operations that append to it.
//!
//! * **Append-only.** The balance is the sum of the entries; nothing edits a past entry.
//!   Operations are dated and may not go back in time.
//! * **Idempotent.** Every operation carries a caller-supplied key. The same key with the
//!   same operation returns the first outcome and writes nothing; the same key with a
//!   different operation is an `idempotency_conflict`. Every operation writes at least one
//!   entry, so its key is always recorded.
//! * **Lots.** Each award is a lot with an `expires_on` date: the first day its points
//!   are gone. A redemption on day D uses lots with `expires_on` > D, earliest-expiring
//!   first (then oldest); `expire(as_of)` writes off what is left of lots with
//!   `expires_on` ≤ as_of.
//! * **Reversal** takes an award's points back (a refunded bill), from its own lot first,
//!   then from the earliest-expiring others; the balance never goes negative unless the
//!   operation allows it.

use crate::error::{Error, ErrorCode, ErrorKind, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Points awarded: a new lot.
    Award,
    /// Points spent from a lot.
    Redeem,
    /// Points written off from an expired lot.
    Expire,
    /// Points taken back by a reversal.
    Reverse,
    /// An event was processed (0 points): records its key so a retry is recognised even
    /// when it awarded nothing.
    Event,
}

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Position in the ledger, from 1.
    pub seq: u64,
    /// The idempotency key of the operation that wrote it.
    pub key: String,
    /// The operation's date.
    pub date: NaiveDate,
    /// What it records.
    pub kind: EntryKind,
    /// Signed points: positive for awards, negative otherwise.
    pub points: i64,
    /// The lot (the seq of its award) the entry draws on; 0 for none (a reversal's
    /// shortfall when a negative balance is allowed, or an operation with nothing to do).
    pub lot: u64,
    /// For awards: the first day the lot's points are gone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    /// For awards made by a rule: the rule's code (caps count by it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// For reversals: the key of the award reversed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverses: Option<String>,
    /// Why (for statements and customer service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The operation, canonical JSON: how a retried key is recognised.
    pub operation: String,
}

/// An operation on the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Operation {
    /// Award points as a new lot.
    Award {
        /// Idempotency key.
        key: String,
        /// Date of the award.
        date: NaiveDate,
        /// Points (> 0).
        points: i64,
        /// The first day the points are gone.
        expires_on: NaiveDate,
        /// The rule that made the award, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Spend points, earliest-expiring lots first.
    Redeem {
        /// Idempotency key.
        key: String,
        /// Date of the redemption.
        date: NaiveDate,
        /// Points (> 0).
        points: i64,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Take back an award (a refunded bill).
    Reverse {
        /// Idempotency key.
        key: String,
        /// Date of the reversal.
        date: NaiveDate,
        /// The key of the award to take back.
        award_key: String,
        /// Allow the balance to go negative if the points were already spent.
        #[serde(default)]
        allow_negative: bool,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Record that an event was processed (its canonical JSON), awarding nothing itself.
    Record {
        /// The event's key.
        key: String,
        /// The event's date.
        date: NaiveDate,
        /// The event, canonical JSON.
        event: String,
    },
    /// Write off what is left of lots that have expired by `as_of`.
    Expire {
        /// Idempotency key.
        key: String,
        /// The day expiry runs for.
        as_of: NaiveDate,
    },
}

impl Operation {
    fn key(&self) -> &str {
        match self {
            Operation::Award { key, .. } | Operation::Redeem { key, .. } | Operation::Reverse { key, .. } | Operation::Record { key, .. } | Operation::Expire { key, .. } => key,
        }
    }
    fn date(&self) -> NaiveDate {
        match self {
            Operation::Award { date, .. } | Operation::Redeem { date, .. } | Operation::Reverse { date, .. } | Operation::Record { date, .. } => *date,
            Operation::Expire { as_of, .. } => *as_of,
        }
    }
}

/// What an operation did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The operation's key.
    pub key: String,
    /// True when the key had been applied before: nothing was written this time.
    pub replayed: bool,
    /// The entries the operation wrote (the first time).
    pub entries: Vec<Entry>,
    /// The balance after the operation.
    pub balance: i64,
}

/// A lot: an award and what is left of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lot {
    /// The award's seq.
    pub lot: u64,
    /// The award's key.
    pub key: String,
    /// Points awarded.
    pub awarded: i64,
    /// Points left.
    pub remaining: i64,
    /// The first day the points are gone.
    pub expires_on: NaiveDate,
}

/// A customer's points ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// Whose points.
    pub customer_id: String,
    /// The entries, in order.
    #[serde(default)]
    pub entries: Vec<Entry>,
}

fn bad(code: ErrorCode, path: &str, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Request, code, path, reason)
}

impl Ledger {
    /// An empty ledger.
    pub fn new(customer_id: impl Into<String>) -> Ledger {
        Ledger { customer_id: customer_id.into(), entries: Vec::new() }
    }

    /// The balance: the sum of the entries.
    pub fn balance(&self) -> i64 {
        self.entries.iter().map(|e| e.points).sum()
    }

    /// Every lot with what is left of it (expired ones too, until `expire` writes them off).
    pub fn lots(&self) -> Vec<Lot> {
        let mut lots: Vec<Lot> = self
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Award)
            .map(|e| Lot { lot: e.seq, key: e.key.clone(), awarded: e.points, remaining: e.points, expires_on: e.expires_on.unwrap_or(NaiveDate::MAX) })
            .collect();
        for e in self.entries.iter().filter(|e| e.kind != EntryKind::Award && e.lot != 0) {
            if let Some(l) = lots.iter_mut().find(|l| l.lot == e.lot) {
                l.remaining += e.points;
            }
        }
        lots
    }

    /// Applies an operation: all of its entries are appended, or none (an error).
    pub fn apply(&mut self, op: &Operation) -> Result<Outcome> {
        let key = op.key();
        if key.trim().is_empty() {
            return Err(bad(ErrorCode::Empty, "key", "every operation needs an idempotency key"));
        }
        let canonical = serde_json::to_string(op).expect("an operation serializes");
        let earlier: Vec<Entry> = self.entries.iter().filter(|e| e.key == key).cloned().collect();
        if let Some(first) = earlier.first() {
            if first.operation != canonical {
                return Err(bad(ErrorCode::IdempotencyConflict, "key", format!("key `{key}` was used for a different operation: {}", first.operation)));
            }
            return Ok(Outcome { key: key.to_string(), replayed: true, entries: earlier, balance: self.balance() });
        }
        if let Some(last) = self.entries.last() {
            if op.date() < last.date {
                return Err(bad(ErrorCode::OutOfRange, "date", format!("the ledger is append-only in time: its last entry is dated {}", last.date)));
            }
        }
        let next = self.entries.last().map_or(1, |e| e.seq + 1);
        let mut new: Vec<Entry> = Vec::new();
        // Seqs are assigned once the entries are known.
        let entry = |kind: EntryKind, points: i64, lot: u64, date: NaiveDate, reason: &Option<String>| Entry {
            seq: 0,
            key: key.to_string(),
            date,
            kind,
            points,
            lot,
            expires_on: None,
            rule: None,
            reverses: None,
            reason: reason.clone(),
            operation: canonical.clone(),
        };
        match op {
            Operation::Record { date, .. } => new.push(entry(EntryKind::Event, 0, 0, *date, &None)),
            Operation::Award { date, points, expires_on, rule, reason, .. } => {
                if *points <= 0 {
                    return Err(bad(ErrorCode::OutOfRange, "points", "an award is more than 0 points"));
                }
                if expires_on <= date {
                    return Err(bad(ErrorCode::OutOfRange, "expires_on", format!("points awarded on {date} must expire after it")));
                }
                let mut e = entry(EntryKind::Award, *points, next, *date, reason);
                e.expires_on = Some(*expires_on);
                e.rule = rule.clone();
                new.push(e);
            }
            Operation::Redeem { date, points, reason, .. } => {
                if *points <= 0 {
                    return Err(bad(ErrorCode::OutOfRange, "points", "a redemption is more than 0 points"));
                }
                let mut lots: Vec<Lot> = self.lots().into_iter().filter(|l| l.remaining > 0 && l.expires_on > *date).collect();
                lots.sort_by_key(|l| (l.expires_on, l.lot));
                let available: i64 = lots.iter().map(|l| l.remaining).sum();
                if available < *points {
                    return Err(bad(ErrorCode::InsufficientPoints, "points", format!("{points} points asked, {available} usable on {date}")));
                }
                let mut left = *points;
                for l in lots {
                    if left == 0 {
                        break;
                    }
                    let take = left.min(l.remaining);
                    let e = entry(EntryKind::Redeem, -take, l.lot, *date, reason);
                    new.push(e);
                    left -= take;
                }
            }
            Operation::Reverse { date, award_key, allow_negative, reason, .. } => {
                let award = self
                    .entries
                    .iter()
                    .find(|e| e.kind == EntryKind::Award && &e.key == award_key)
                    .ok_or_else(|| bad(ErrorCode::InvalidField, "award_key", format!("no award has key `{award_key}`")))?;
                if self.entries.iter().any(|e| e.reverses.as_deref() == Some(award_key)) {
                    return Err(bad(ErrorCode::Duplicate, "award_key", format!("the award `{award_key}` is already reversed")));
                }
                let mut lots: Vec<Lot> = self.lots().into_iter().filter(|l| l.remaining > 0 && (l.lot == award.seq || l.expires_on > *date)).collect();
                lots.sort_by_key(|l| (l.lot != award.seq, l.expires_on, l.lot));
                let available: i64 = lots.iter().map(|l| l.remaining).sum();
                if available < award.points && !allow_negative {
                    return Err(bad(
                        ErrorCode::InsufficientPoints,
                        "award_key",
                        format!("{} points to take back, {available} left; allow_negative to let the balance go below 0", award.points),
                    ));
                }
                let mut left = award.points;
                for l in lots {
                    if left == 0 {
                        break;
                    }
                    let take = left.min(l.remaining);
                    let e = entry(EntryKind::Reverse, -take, l.lot, *date, reason);
                    new.push(Entry { reverses: Some(award_key.clone()), ..e });
                    left -= take;
                }
                if left > 0 || new.is_empty() {
                    let e = entry(EntryKind::Reverse, -left, 0, *date, reason);
                    new.push(Entry { reverses: Some(award_key.clone()), ..e });
                }
            }
            Operation::Expire { as_of, .. } => {
                for l in self.lots().into_iter().filter(|l| l.remaining > 0 && l.expires_on <= *as_of) {
                    let e = entry(EntryKind::Expire, -l.remaining, l.lot, *as_of, &None);
                    new.push(e);
                }
                if new.is_empty() {
                    new.push(entry(EntryKind::Expire, 0, 0, *as_of, &None));
                }
            }
        }
        for (i, e) in new.iter_mut().enumerate() {
            e.seq = next + i as u64;
        }
        self.entries.extend(new.iter().cloned());
        Ok(Outcome { key: key.to_string(), replayed: false, entries: new, balance: self.balance() })
    }
}
