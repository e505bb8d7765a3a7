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
//!   then from the earliest-expiring others. When the points were already spent the
//!   operation says what happens to the shortfall: refuse (an error), forgive it, or let
//!   the balance go negative; only the last makes a balance negative.
//! * **Fast.** An index built from the entries (keys, open lots, the balance, each rule's
//!   awards per day/month/year) makes an operation cost the same on the millionth entry as
//!   on the first. It is never stored: [`Ledger::from_entries`] rebuilds it.

use super::entries::{award_entry, entry, Entry, EntryKind, Lot, Operation, Outcome, Shortfall};
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A rule's awards in the current calendar day, month and year (for caps). A ledger
/// never goes back in time, so the running sums of the latest period are all a cap needs.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    date: NaiveDate,
    day: i64,
    month: i64,
    year: i64,
}

impl Tally {
    /// Points awarded on `date`'s day, month and year (`date` is never before the last award).
    pub(crate) fn on(&self, date: NaiveDate) -> (i64, i64, i64) {
        let year = if date.year() == self.date.year() { self.year } else { 0 };
        let month = if date.year() == self.date.year() && date.month() == self.date.month() { self.month } else { 0 };
        let day = if date == self.date { self.day } else { 0 };
        (day, month, year)
    }

    /// Takes back points awarded on `date`, from the periods that are still current.
    fn remove(&mut self, date: NaiveDate, points: i64) {
        if date.year() == self.date.year() {
            self.year = self.year.saturating_sub(points);
            if date.month() == self.date.month() {
                self.month = self.month.saturating_sub(points);
                if date == self.date {
                    self.day = self.day.saturating_sub(points);
                }
            }
        }
    }

    fn add(&mut self, date: NaiveDate, points: i64) {
        let (day, month, year) = self.on(date);
        // Awards are at most 10^12 each; a year of them cannot wrap, but never mind.
        *self = Tally { date, day: day.saturating_add(points), month: month.saturating_add(points), year: year.saturating_add(points) };
    }
}

/// Idempotency keys → the position of their first entry. Keys are found by a 64-bit
/// hash and confirmed against the entry, so the index holds no copy of the strings; the
/// rare keys whose hash collides with another's go in `others`. A collision costs a
/// lookup, never a wrong answer, so the hash is a fast multiplicative one (FxHash's) and
/// the map does not hash the hash again.
#[derive(Debug, Clone, Default)]
struct Keys {
    by_hash: HashMap<u64, usize, std::hash::BuildHasherDefault<Prehashed>>,
    others: HashMap<String, usize>,
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    // Mix the high bits down: hashbrown takes its bucket from the low bits.
    h ^ (h >> 29)
}

fn hash(key: &str) -> u64 {
    hash_bytes(key.as_bytes())
}

impl Keys {
    fn get(&self, entries: &[Entry], key: &str) -> Option<usize> {
        match self.by_hash.get(&hash(key)) {
            Some(&pos) if entries[pos].key == key => Some(pos),
            _ if self.others.is_empty() => None,
            _ => self.others.get(key).copied(),
        }
    }

    /// Records the entry at `pos` as its key's first.
    fn add(&mut self, entries: &[Entry], pos: usize) {
        let key = &entries[pos].key;
        match self.by_hash.entry(hash(key)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(pos);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                if entries[*o.get()].key != *key {
                    self.others.entry(key.clone()).or_insert(pos);
                }
            }
        }
    }
}

/// Derived from the entries; rebuilt, never stored.
#[derive(Debug, Clone, Default)]
struct Index {
    keys: Keys,
    /// Lots with points left: (expires_on, lot) → remaining.
    open: BTreeMap<(NaiveDate, u64), i64>,
    /// Award keys already reversed.
    reversed: HashSet<String>,
    /// Each rule's awards, with the position of an award naming the rule (a handful of
    /// rules: a list beats a map, and the code is read from the entry, not copied).
    tallies: Vec<(usize, Tally)>,
    /// Points owed: taken back by reversals from no lot (the balance went below 0).
    owed: i64,
    /// Lot → points written off by `expire`.
    expired: HashMap<u64, i64>,
    balance: i64,
}

/// A customer's points ledger: the entries (plain data, stored as the caller likes) and
/// an index derived from them.
///
/// The entries are read-only from outside: the only way to add one is an operation, so
/// the ledger stays append-only and its index stays true. Store [`Ledger::entries`] (or
/// the ledger's JSON) and load it back with [`Ledger::from_entries`] (or
/// [`Ledger::from_json`]), which checks the entries are a ledger this engine could have
/// written.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    customer_id: String,
    entries: Vec<Entry>,
    index: Index,
}

impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        self.customer_id == other.customer_id && self.entries == other.entries
    }
}
impl Eq for Ledger {}

/// The stored form of a ledger.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerDoc {
    customer_id: String,
    #[serde(default)]
    entries: Vec<Entry>,
}

impl Serialize for Ledger {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Doc<'a> {
            customer_id: &'a str,
            entries: &'a [Entry],
        }
        Doc { customer_id: &self.customer_id, entries: &self.entries }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Ledger {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Ledger, D::Error> {
        let doc = LedgerDoc::deserialize(d)?;
        Ledger::from_entries(doc.customer_id, doc.entries).map_err(|e| serde::de::Error::custom(format!("{}: {}", e.path, e.reason)))
    }
}

fn check_customer_id(id: &str, path: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(bad(ErrorCode::InvalidField, path, "a ledger needs a customer id: this one is empty"));
    }
    if id.chars().count() > 128 || id.chars().any(char::is_control) {
        return Err(bad(ErrorCode::InvalidField, path, "a customer id has at most 128 characters and no control characters"));
    }
    Ok(())
}

fn bad(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Request, code, path, reason)
}

impl Ledger {
    /// An empty ledger. For a customer id that comes from input, use
    /// [`Ledger::for_customer`], which checks it.
    pub fn new(customer_id: impl Into<String>) -> Ledger {
        Ledger { customer_id: customer_id.into(), ..Ledger::default() }
    }

    /// An empty ledger for a customer id from input: refused (`invalid_field` at
    /// `customer_id`) when it is blank, longer than 128 characters or holds a control
    /// character — a ledger nobody can find again.
    pub fn for_customer(customer_id: &str) -> Result<Ledger> {
        check_customer_id(customer_id, "customer_id")?;
        Ok(Ledger::new(customer_id))
    }

    /// A stored ledger, checked: seqs run 1, 2, 3…; dates never go back; an award has
    /// points above 0 and an expiry after its date; every other entry has points of 0 or
    /// below and draws on an earlier award (or on none); no lot goes below 0. Errors name
    /// the entry's field (`ledger.entries[3].lot`).
    pub fn from_entries(customer_id: impl Into<String>, entries: Vec<Entry>) -> Result<Ledger> {
        let mut ledger = Ledger::new(customer_id);
        check_customer_id(&ledger.customer_id, "ledger.customer_id")?;
        for (i, e) in entries.into_iter().enumerate() {
            let p = |f: &str| format!("ledger.entries[{i}].{f}");
            if e.seq != i as u64 + 1 {
                return Err(bad(ErrorCode::InvalidField, p("seq"), format!("expected seq {}, found {}", i + 1, e.seq)));
            }
            if ledger.entries.last().is_some_and(|l| e.date < l.date) {
                return Err(bad(ErrorCode::OutOfRange, p("date"), "dates never go back in a ledger"));
            }
            let balance = ledger.index.balance.checked_add(e.points).filter(|b| b.abs() <= super::MAX_BALANCE);
            if e.points.abs() > super::MAX_BALANCE || balance.is_none() {
                return Err(bad(ErrorCode::OutOfRange, p("points"), format!("an entry and the balance it leaves are within ±{} points", super::MAX_BALANCE)));
            }
            match e.kind {
                EntryKind::Award => {
                    if e.points <= 0 {
                        return Err(bad(ErrorCode::OutOfRange, p("points"), "an award adds more than 0 points"));
                    }
                    if e.lot != e.seq {
                        return Err(bad(ErrorCode::InvalidField, p("lot"), "an award is its own lot: lot = seq"));
                    }
                    if !e.expires_on.is_some_and(|x| x > e.date) {
                        return Err(bad(ErrorCode::InvalidField, p("expires_on"), "an award expires after its date"));
                    }
                }
                _ => {
                    if e.points > 0 {
                        return Err(bad(ErrorCode::OutOfRange, p("points"), "only an award adds points"));
                    }
                    if e.lot != 0 {
                        let Some(award) = ledger.entries.get(e.lot as usize - 1).filter(|a| a.kind == EntryKind::Award) else {
                            return Err(bad(ErrorCode::InvalidField, p("lot"), format!("no earlier award has seq {}", e.lot)));
                        };
                        let left = ledger.index.open.get(&(award.expires_on.unwrap_or(NaiveDate::MAX), e.lot)).copied().unwrap_or(0);
                        if left + e.points < 0 {
                            return Err(bad(ErrorCode::OutOfRange, p("points"), format!("lot {} has {left} points left", e.lot)));
                        }
                    }
                }
            }
            ledger.push_stored(e);
        }
        Ok(ledger)
    }

    /// A stored ledger from its JSON (`{"customer_id": …, "entries": […]}`), checked as by
    /// [`Ledger::from_entries`].
    pub fn from_json(json: &str) -> Result<Ledger> {
        let doc: LedgerDoc = crate::base::error::parse_json(ErrorKind::Request, "ledger", json)?;
        Ledger::from_entries(doc.customer_id, doc.entries)
    }

    /// The ledger as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a ledger serializes")
    }

    /// The balance after the first `len` entries (a replay reports the balance the first
    /// time left, as its outcome did).
    pub(crate) fn balance_after(&self, len: usize) -> i64 {
        if len == self.entries.len() {
            return self.balance();
        }
        self.entries[..len].iter().map(|e| e.points).sum()
    }

    /// Whose points.
    pub fn customer_id(&self) -> &str {
        &self.customer_id
    }

    /// The entries, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries, for storing.
    pub fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    /// The balance: the sum of the entries.
    pub fn balance(&self) -> i64 {
        self.index.balance
    }

    /// Every lot with what is left of it (expired ones too, until `expire` writes them off).
    pub fn lots(&self) -> Vec<Lot> {
        self.entries
            .iter()
            .filter(|e| e.kind == EntryKind::Award)
            .map(|e| {
                let exp = e.expires_on.unwrap_or(NaiveDate::MAX);
                Lot { lot: e.seq, key: e.key.clone(), awarded: e.points, remaining: self.index.open.get(&(exp, e.seq)).copied().unwrap_or(0), expires_on: exp }
            })
            .collect()
    }

    /// Points usable on `date`: left in lots that have not expired by then, less any points
    /// owed (a reversal that was allowed to take the balance below 0 is paid back first).
    pub fn usable(&self, date: NaiveDate) -> i64 {
        let open: i64 = self.index.open.range((date.succ_opt().unwrap_or(NaiveDate::MAX), 0)..).map(|(_, r)| *r).sum();
        (open - self.index.owed).max(0)
    }

    pub(crate) fn tally(&self, rule: &str) -> Option<&Tally> {
        self.index.tallies.iter().find(|(at, _)| self.entries[*at].rule.as_deref() == Some(rule)).map(|(_, t)| t)
    }

    pub(crate) fn reversed(&self, award_key: &str) -> bool {
        self.index.reversed.contains(award_key)
    }

    /// The entries written under `key` the first time, and those of keys `key/…` written
    /// right after them (an event's awards); `None` if the key is new.
    pub(crate) fn written_under(&self, key: &str, with_children: bool) -> Option<&[Entry]> {
        self.written_range(key, with_children).map(|r| &self.entries[r])
    }

    /// Where [`Ledger::written_under`]'s entries are.
    pub(crate) fn written_range(&self, key: &str, with_children: bool) -> Option<std::ops::Range<usize>> {
        let start = self.index.keys.get(&self.entries, key)?;
        let end = self.entries[start..]
            .iter()
            .position(|e| {
                // An event's own awards and reversals follow its marker, under `key/…`, and
                // carry no operation of their own (a later direct operation would).
                let child = with_children && e.operation.is_none() && e.key.len() > key.len() && e.key.starts_with(key) && e.key.as_bytes()[key.len()] == b'/';
                !(e.key == key || child)
            })
            .map_or(self.entries.len(), |n| start + n);
        Some(start..end)
    }

    /// Appends an entry read back from storage, finding out whether it is the first under
    /// its key (an operation's entries are contiguous: only the first of a run can be).
    fn push_stored(&mut self, e: Entry) {
        let new_key = self.entries.last().map_or(true, |l| l.key != e.key) && self.index.keys.get(&self.entries, &e.key).is_none();
        self.push(e, new_key);
    }

    /// Appends an entry and indexes it; `new_key` when it is the first under its key.
    fn push(&mut self, e: Entry, new_key: bool) {
        let pos = self.entries.len();
        if self.entries.capacity() == 0 {
            // A year of a customer's events writes a few dozen entries: start there rather
            // than reallocate from 4 (what dominated a run's time in a profile).
            self.entries.reserve(32);
            self.index.keys.by_hash.reserve(32);
        }
        self.entries.push(e);
        let index = &mut self.index;
        if new_key {
            index.keys.add(&self.entries, pos);
        }
        let e = &self.entries[pos];
        index.balance += e.points;
        match e.kind {
            EntryKind::Award => {
                index.open.insert((e.expires_on.unwrap_or(NaiveDate::MAX), e.seq), e.points);
                if let Some(rule) = &e.rule {
                    let entries = &self.entries;
                    match index.tallies.iter_mut().find(|(at, _)| entries[*at].rule.as_ref() == Some(rule)) {
                        Some((_, t)) => t.add(e.date, e.points),
                        None => index.tallies.push((pos, Tally { date: e.date, day: e.points, month: e.points, year: e.points })),
                    }
                }
            }
            _ if e.lot == 0 => index.owed -= e.points,
            _ if e.lot != 0 => {
                if e.kind == EntryKind::Expire {
                    *index.expired.entry(e.lot).or_default() -= e.points;
                }
                let exp = self.entries[e.lot as usize - 1].expires_on.unwrap_or(NaiveDate::MAX);
                if let Some(r) = index.open.get_mut(&(exp, e.lot)) {
                    *r += e.points;
                    if *r <= 0 {
                        index.open.remove(&(exp, e.lot));
                    }
                }
            }
            _ => {}
        }
        if let Some(k) = &e.reverses {
            index.reversed.insert(k.clone());
            // Points taken back no longer count towards the rule's caps.
            if let Some(award) = index.keys.get(&self.entries, k).map(|at| &self.entries[at]) {
                if let Some(t) = index.tallies.iter_mut().find(|(at, _)| award.rule.is_some() && self.entries[*at].rule == award.rule).map(|(_, t)| t) {
                    t.remove(award.date, -e.points);
                }
            }
        }
    }

    fn next_seq(&self) -> u64 {
        self.entries.len() as u64 + 1
    }

    /// Appends an operation's entries (under keys not used before), numbering them.
    pub(crate) fn commit(&mut self, new: impl IntoIterator<Item = Entry>) {
        for (i, mut e) in new.into_iter().enumerate() {
            e.seq = self.next_seq();
            if e.kind == EntryKind::Award {
                e.lot = e.seq;
            }
            if i > 0 {
                e.operation = None;
            }
            self.push(e, i == 0);
        }
    }

    /// The outcome of what was written from position `from` (every operation writes at
    /// least one entry, the first under its key).
    pub(crate) fn outcome(&self, from: usize) -> Outcome<'_> {
        let entries = &self.entries[from..];
        Outcome { key: &entries[0].key, replayed: false, entries, balance: self.balance() }
    }

    /// Drops entries after the first `len` (undoing a failed event) and rebuilds the index.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len < self.entries.len() {
            let entries = std::mem::take(&mut self.entries);
            let mut again = Ledger::new(std::mem::take(&mut self.customer_id));
            for e in entries.into_iter().take(len) {
                again.push_stored(e);
            }
            *self = again;
        }
    }

    /// Refuses an award above [`super::MAX_AWARD`] points, or one that would take the
    /// balance above [`super::MAX_BALANCE`]: points never wrap.
    pub(crate) fn check_award(&self, points: i64, path: &str) -> Result<()> {
        if points > super::MAX_AWARD {
            return Err(bad(ErrorCode::OutOfRange, path, format!("an award of {points} points is more than the {} one award may carry", super::MAX_AWARD)));
        }
        if self.balance().saturating_add(points) > super::MAX_BALANCE {
            return Err(bad(ErrorCode::OutOfRange, path, format!("the balance would pass {} points", super::MAX_BALANCE)));
        }
        Ok(())
    }

    /// Refuses an operation dated before the last entry.
    pub(crate) fn check_date(&self, date: NaiveDate, path: &str) -> Result<()> {
        match self.entries.last() {
            Some(last) if date < last.date => Err(bad(ErrorCode::OutOfRange, path, format!("the ledger is append-only in time: its last entry is dated {}", last.date))),
            _ => Ok(()),
        }
    }

    /// Applies an operation: all of its entries are appended, or none (an error).
    pub fn apply(&mut self, op: &Operation) -> Result<Outcome<'_>> {
        let key = op.key();
        if key.trim().is_empty() {
            return Err(bad(ErrorCode::Empty, "operation.key", "every operation needs an idempotency key"));
        }
        let canonical = super::canonical::canonical(op);
        if let Some(earlier) = self.written_range(key, false) {
            let first = &self.entries[earlier.start];
            if first.operation.as_deref() != Some(canonical.as_str()) {
                let earlier = first.operation.as_deref().unwrap_or("an event");
                return Err(bad(ErrorCode::IdempotencyConflict, "operation.key", format!("key `{key}` was used for a different operation: {earlier}")));
            }
            let balance = self.balance_after(earlier.end);
            return Ok(Outcome { key: &first.key, replayed: true, entries: &self.entries[earlier], balance });
        }
        self.check_date(op.date(), if matches!(op, Operation::Expire { .. }) { "operation.as_of" } else { "operation.date" })?;
        let new = match op {
            Operation::Award { date, points, expires_on, rule, reason, .. } => {
                if *points <= 0 {
                    return Err(bad(ErrorCode::OutOfRange, "operation.points", "an award is more than 0 points"));
                }
                self.check_award(*points, "operation.points")?;
                if expires_on <= date {
                    return Err(bad(ErrorCode::OutOfRange, "operation.expires_on", format!("points awarded on {date} must expire after it")));
                }
                vec![award_entry(key.to_string(), *date, *points, *expires_on, rule.clone(), reason.clone(), Some(canonical))]
            }
            Operation::Redeem { date, points, reason, .. } => self.plan_redeem(key, *date, *points, reason, &canonical)?,
            Operation::Reverse { date, award_key, shortfall, reason, .. } => self.plan_reverse(key, *date, award_key, "operation.award_key", *shortfall, reason, &canonical)?,
            Operation::Expire { as_of, .. } => self.plan_expire(key, *as_of, &canonical),
        };
        let from = self.entries.len();
        self.commit(new);
        Ok(self.outcome(from))
    }

    fn plan_redeem(&self, key: &str, date: NaiveDate, points: i64, reason: &Option<String>, canonical: &str) -> Result<Vec<Entry>> {
        if points <= 0 {
            return Err(bad(ErrorCode::OutOfRange, "operation.points", "a redemption is more than 0 points"));
        }
        // Points owed (a reversal let the balance go below 0) are not usable.
        let usable = self.usable(date);
        if points > usable {
            return Err(bad(ErrorCode::InsufficientPoints, "operation.points", format!("{points} points asked, {usable} usable on {date}")));
        }
        let mut new = Vec::new();
        let mut left = points;
        // Earliest-expiring first, then oldest: the BTreeMap's order.
        for (&(_, lot), &remaining) in self.index.open.range((date.succ_opt().unwrap_or(NaiveDate::MAX), 0)..) {
            if left == 0 {
                break;
            }
            let take = left.min(remaining);
            new.push(entry(key, EntryKind::Redeem, -take, lot, date, reason, canonical));
            left -= take;
        }
        if left > 0 {
            return Err(bad(ErrorCode::InsufficientPoints, "operation.points", format!("{points} points asked, {usable} usable on {date}")));
        }
        Ok(new)
    }

    /// Plans a reversal; errors name `path` (the award key's field in the caller's input).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn plan_reverse(&self, key: &str, date: NaiveDate, award_key: &str, path: &str, shortfall: Shortfall, reason: &Option<String>, canonical: &str) -> Result<Vec<Entry>> {
        let award = self
            .written_under(award_key, false)
            .and_then(|w| w.iter().find(|e| e.kind == EntryKind::Award))
            .ok_or_else(|| bad(ErrorCode::InvalidField, path, format!("no award has key `{award_key}`")))?;
        if self.reversed(award_key) {
            return Err(bad(ErrorCode::Duplicate, path, format!("the award `{award_key}` is already reversed")));
        }
        let own_exp = award.expires_on.unwrap_or(NaiveDate::MAX);
        // Points of the award that expired are gone already, whether or not `expire` has
        // written them off yet: they are not taken back again from other lots, so the
        // result does not depend on when the expiry job ran.
        let own_left = self.index.open.get(&(own_exp, award.seq)).copied().unwrap_or(0);
        let expired = self.index.expired.get(&award.seq).copied().unwrap_or(0) + if own_exp <= date { own_left } else { 0 };
        // Its own lot first, then the earliest-expiring usable others.
        let own = (own_exp > date && own_left > 0).then_some((award.seq, own_left));
        let others = self.index.open.range((date.succ_opt().unwrap_or(NaiveDate::MAX), 0)..).filter(|((_, lot), _)| *lot != award.seq).map(|((_, lot), r)| (*lot, *r));
        let mut new = Vec::new();
        let mut left = award.points - expired;
        for (lot, remaining) in own.into_iter().chain(others) {
            if left == 0 {
                break;
            }
            let take = left.min(remaining);
            new.push(Entry { reverses: Some(award_key.to_string()), ..entry(key, EntryKind::Reverse, -take, lot, date, reason, canonical) });
            left -= take;
        }
        if left > 0 {
            let (points, why) = match shortfall {
                Shortfall::Refuse => {
                    return Err(bad(
                        ErrorCode::InsufficientPoints,
                        path,
                        format!("{} points to take back, {} left; a shortfall may be forgiven or allowed to go negative", award.points - expired, award.points - expired - left),
                    ))
                }
                // A 0-point entry says what was forgiven.
                Shortfall::Forgive => (0, Some(format!("{left} points already spent, forgiven"))),
                // Taken from no lot: the balance goes below 0.
                Shortfall::AllowNegative => (-left, reason.clone()),
            };
            new.push(Entry { reverses: Some(award_key.to_string()), ..entry(key, EntryKind::Reverse, points, 0, date, &why, canonical) });
        }
        if new.is_empty() {
            // Every point of the award had expired: nothing to take, but the reversal is
            // recorded (and its key kept).
            let why = Some(format!("{expired} points had expired"));
            new.push(Entry { reverses: Some(award_key.to_string()), ..entry(key, EntryKind::Reverse, 0, 0, date, &why, canonical) });
        }
        Ok(new)
    }

    fn plan_expire(&self, key: &str, as_of: NaiveDate, canonical: &str) -> Vec<Entry> {
        let mut new: Vec<Entry> = self
            .index
            .open
            .range(..=(as_of, u64::MAX))
            .map(|(&(_, lot), &remaining)| entry(key, EntryKind::Expire, -remaining, lot, as_of, &None, canonical))
            .collect();
        new.sort_by_key(|e| e.lot);
        if new.is_empty() {
            new.push(entry(key, EntryKind::Expire, 0, 0, as_of, &None, canonical));
        }
        new
    }
}
