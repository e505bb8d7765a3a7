//! Merging two records of one person, explicitly and reversibly.
//!
//! * The primary record's values win; every field where the other record differs is
//!   reported as a conflict (what was kept, what was not).
//! * Accounts are united by account number, contacts by kind and value (the later
//!   confirmation kept), confirmations by group (the later date), history by date with
//!   exact duplicates dropped; `since` takes the earlier date (tenure counts from the
//!   first record).
//! * Two records with different identity numbers are not one person: the merge is refused.
//! * The merge keeps both originals, so [`unmerge`] gives them back exactly.

use super::Customer;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use serde::{Deserialize, Serialize};

/// A field where the merged records differed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// Where (`name`, `accounts[account_id=3300012345]`, `contacts[kind=mobile].for_notices`).
    pub field: String,
    /// The value kept.
    pub kept: String,
    /// The value not kept.
    pub dropped: String,
}

/// The result of a merge: the merged customer, the conflicts, and both originals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The merged customer (the primary's identifier).
    pub customer: Customer,
    /// Fields where the records differed.
    pub conflicts: Vec<Conflict>,
    /// The primary record as it was.
    pub primary: Customer,
    /// The other record as it was.
    pub other: Customer,
}

fn text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v).expect("serializes") {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// Merges `other` into `primary`.
pub fn merge(primary: &Customer, other: &Customer) -> Result<Merge> {
    if let (Some(a), Some(b)) = (&primary.id_number, &other.id_number) {
        if a != b {
            return Err(Error::new(ErrorKind::Request, ErrorCode::MergeRefused, "other.id_number", "the records carry different identity numbers: they are not one person"));
        }
    }
    let mut m = primary.clone();
    let mut conflicts = Vec::new();
    fn differ(conflicts: &mut Vec<Conflict>, field: &str, kept: String, dropped: String) {
        if kept != dropped {
            conflicts.push(Conflict { field: field.to_string(), kept, dropped });
        }
    }
    differ(&mut conflicts, "customer_id", primary.customer_id.clone(), other.customer_id.clone());
    differ(&mut conflicts, "name", primary.name.clone(), other.name.clone());
    differ(&mut conflicts, "customer_class", text(&primary.customer_class), text(&other.customer_class));
    if m.id_number.is_none() {
        m.id_number = other.id_number.clone();
    }
    if other.since < primary.since {
        m.since = other.since;
        differ(&mut conflicts, "since", other.since.to_string(), primary.since.to_string());
    }
    differ(&mut conflicts, "e_bill", primary.e_bill.to_string(), other.e_bill.to_string());
    differ(&mut conflicts, "auto_pay", primary.auto_pay.to_string(), other.auto_pay.to_string());
    for a in &other.accounts {
        match m.accounts.iter().find(|x| x.account_id == a.account_id) {
            Some(kept) => differ(&mut conflicts, &format!("accounts[account_id={}]", a.account_id), text(kept), text(a)),
            None => m.accounts.push(a.clone()),
        }
    }
    let notice = m.notice_contact().map(|c| c.value.clone());
    for c in &other.contacts {
        match m.contacts.iter_mut().find(|x| x.kind == c.kind && x.value == c.value) {
            Some(kept) => {
                if c.confirmed_on > kept.confirmed_on {
                    kept.confirmed_on = c.confirmed_on;
                    kept.source = c.source.clone();
                }
                if c.for_notices && !kept.for_notices {
                    match &notice {
                        None => kept.for_notices = true,
                        Some(n) => differ(&mut conflicts, &format!("contacts[kind={}].for_notices", text(&c.kind)), n.clone(), c.value.clone()),
                    }
                }
            }
            None => {
                let mut c = c.clone();
                if c.for_notices && notice.is_some() {
                    differ(&mut conflicts, &format!("contacts[kind={}].for_notices", text(&c.kind)), notice.clone().unwrap_or_default(), c.value.clone());
                    c.for_notices = false;
                }
                m.contacts.push(c);
            }
        }
    }
    for (group, date) in &other.confirmations {
        let e = m.confirmations.entry(group.clone()).or_insert(*date);
        *e = (*e).max(*date);
    }
    for e in &other.history {
        if !m.history.contains(e) {
            m.history.push(e.clone());
        }
    }
    m.history.sort_by_key(|e| e.date);
    m.validate()?;
    Ok(Merge { customer: m, conflicts, primary: primary.clone(), other: other.clone() })
}

/// Undoes a merge: both records exactly as they were.
pub fn unmerge(merge: &Merge) -> (Customer, Customer) {
    (merge.primary.clone(), merge.other.clone())
}
