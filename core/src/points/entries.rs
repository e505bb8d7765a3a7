//! What a ledger holds and what changes it: entries, lots, operations and their
//! outcomes, as plain data with serde forms.

use crate::base::error::{ErrorKind, Result};
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
    #[serde(deserialize_with = "crate::base::lenient::int")]
    pub seq: u64,
    /// The idempotency key of the operation that wrote it.
    pub key: String,
    /// The operation's date.
    #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
    pub date: NaiveDate,
    /// What it records.
    pub kind: EntryKind,
    /// Signed points: positive for awards, negative otherwise.
    #[serde(deserialize_with = "crate::base::lenient::int")]
    pub points: i64,
    /// The lot (the seq of its award) the entry draws on; 0 for none (a reversal's
    /// shortfall when a negative balance is allowed, or an operation with nothing to do).
    #[serde(deserialize_with = "crate::base::lenient::int")]
    pub lot: u64,
    /// For awards: the first day the lot's points are gone.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "super::canonical::opt_ymd", deserialize_with = "crate::base::strict::de")]
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
    /// On the first entry an operation or event wrote: the operation (or the event) as
    /// canonical JSON, how a retried key is recognised. None on the others (an event's
    /// awards and reversals, a redemption's second lot), which belong to that first entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
}

/// What a reversal does when the award's points were already spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Shortfall {
    /// Refuse the reversal (`insufficient_points`); nothing is written.
    #[default]
    Refuse,
    /// Take back what is left and forgive the rest: the balance stays at 0 or above.
    Forgive,
    /// Take back everything: the balance may go below 0.
    AllowNegative,
}

crate::base::tagged::tagged_enum! {
/// An operation on the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation (tag = "op") {
    /// Award points as a new lot.
    Award = "award" {
        /// Idempotency key.
        key: String,
        /// Date of the award.
        #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
        date: NaiveDate,
        /// Points (> 0).
        #[serde(deserialize_with = "crate::base::lenient::int")]
        points: i64,
        /// The first day the points are gone.
        #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
        expires_on: NaiveDate,
        /// The rule that made the award, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Spend points, earliest-expiring lots first.
    Redeem = "redeem" {
        /// Idempotency key.
        key: String,
        /// Date of the redemption.
        #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
        date: NaiveDate,
        /// Points (> 0).
        #[serde(deserialize_with = "crate::base::lenient::int")]
        points: i64,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Take back an award (a refunded bill).
    Reverse = "reverse" {
        /// Idempotency key.
        key: String,
        /// Date of the reversal.
        #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
        date: NaiveDate,
        /// The key of the award to take back.
        award_key: String,
        /// What to do when the points were already spent.
        #[serde(default)]
        shortfall: Shortfall,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Write off what is left of lots that have expired by `as_of`.
    Expire = "expire" {
        /// Idempotency key.
        key: String,
        /// The day expiry runs for.
        #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
        as_of: NaiveDate,
    },
}
}

impl Operation {
    /// An operation from JSON (`{"op": "redeem", …}`); errors name the field.
    pub fn from_json(json: &str) -> Result<Operation> {
        crate::base::error::parse_json(ErrorKind::Request, "operation", json)
    }

    /// An operation from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<Operation> {
        crate::base::error::from_value(ErrorKind::Request, "operation", value)
    }

    /// The operation's idempotency key.
    pub fn key(&self) -> &str {
        match self {
            Operation::Award { key, .. } | Operation::Redeem { key, .. } | Operation::Reverse { key, .. } | Operation::Expire { key, .. } => key,
        }
    }
    /// The operation's date.
    pub fn date(&self) -> NaiveDate {
        match self {
            Operation::Award { date, .. } | Operation::Redeem { date, .. } | Operation::Reverse { date, .. } => *date,
            Operation::Expire { as_of, .. } => *as_of,
        }
    }
}

/// What an operation (or an event) did: a view of the ledger's entries it wrote, so
/// nothing is copied (a run stores `entries` as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outcome<'a> {
    /// The operation's (or event's) key.
    pub key: &'a str,
    /// True when the key had been applied before: nothing was written this time, and
    /// `entries` are the ones the first time wrote.
    pub replayed: bool,
    /// The entries written.
    pub entries: &'a [Entry],
    /// The balance after the operation.
    pub balance: i64,
}

impl Outcome<'_> {
    /// An owned copy (for a binding, or to queue the entries for storage).
    pub fn to_record(&self) -> OutcomeRecord {
        OutcomeRecord { key: self.key.to_string(), replayed: self.replayed, entries: self.entries.to_vec(), balance: self.balance }
    }
}

/// An [`Outcome`] that owns its entries; the same JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    /// The operation's (or event's) key.
    pub key: String,
    /// True when the key had been applied before and nothing was written.
    pub replayed: bool,
    /// The entries written (the first time).
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
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub expires_on: NaiveDate,
}

pub(crate) fn entry(key: &str, kind: EntryKind, points: i64, lot: u64, date: NaiveDate, reason: &Option<String>, canonical: &str) -> Entry {
    Entry { seq: 0, key: key.to_string(), date, kind, points, lot, expires_on: None, rule: None, reverses: None, reason: reason.clone(), operation: (!canonical.is_empty()).then(|| canonical.to_string()) }
}

pub(crate) fn award_entry(key: String, date: NaiveDate, points: i64, expires_on: NaiveDate, rule: Option<String>, reason: Option<String>, canonical: Option<String>) -> Entry {
    Entry { seq: 0, key, date, kind: EntryKind::Award, points, lot: 0, expires_on: Some(expires_on), rule, reverses: None, reason, operation: canonical }
}

pub(crate) fn event_entry(key: &str, date: NaiveDate, canonical: String) -> Entry {
    Entry { seq: 0, key: key.to_string(), date, kind: EntryKind::Event, points: 0, lot: 0, expires_on: None, rule: None, reverses: None, reason: None, operation: Some(canonical) }
}
