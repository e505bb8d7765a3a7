//! Reconciliation (对账) of a payment channel's daily settlement file, as read by
//! [`read_settlement`](super::read_settlement), against the transactions the engine
//! booked, matched by (channel, kind, channel transaction number).
//!
//! [`reconcile`] classifies every file row and every booked transaction once
//! ([`ReconStatus`]), with per-status and per-channel totals; [`Reconciliation::render`]
//! writes them as a text report.

use super::settlement::{yuan, Booked, BookedKind, Malformed, RowStatus, SettlementFile, SettlementRow};
use crate::base::Text;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

/// What reconciliation found for one row or one booked transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconStatus {
    /// File and engine agree.
    Matched,
    /// Both have it, with different amounts.
    AmountMismatch,
    /// 长款: in the file, not booked.
    MissingInEngine,
    /// 短款: booked by the cut-off, not in the file.
    MissingInFile,
    /// A second file row, or a second booking, for one transaction.
    Duplicate,
    /// One side has the payment cancelled, the other not.
    StatusMismatch,
    /// Booked after the cut-off (T+1): not expected in this file.
    NotYetSettled,
}

impl ReconStatus {
    /// Every status, in order.
    pub const ALL: [ReconStatus; 7] = {
        use ReconStatus::*;
        [Matched, AmountMismatch, MissingInEngine, MissingInFile, Duplicate, StatusMismatch, NotYetSettled]
    };

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        ["matched", "amount_mismatch", "missing_in_engine", "missing_in_file", "duplicate", "status_mismatch", "not_yet_settled"][self as usize]
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconItem {
    /// What was found.
    pub status: ReconStatus,
    /// The channel.
    pub channel: String,
    /// The channel's transaction (or refund) number.
    pub txn_no: String,
    /// Payment or refund.
    pub kind: BookedKind,
    /// The file line, for findings about a file row.
    #[serde(default, deserialize_with = "crate::base::lenient::opt_u32")]
    pub line: Option<u32>,
    /// The file's amount.
    #[serde(default, deserialize_with = "crate::base::strict::de")]
    pub file_amount: Option<Decimal>,
    /// The engine's amount.
    #[serde(default, deserialize_with = "crate::base::strict::de")]
    pub engine_amount: Option<Decimal>,
    /// The engine's idempotency key of the booked transaction.
    #[serde(default)]
    pub key: Option<String>,
    /// Why, for people.
    pub note: Text,
}

/// The findings of one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusTotal {
    /// The status.
    pub status: ReconStatus,
    /// How many findings.
    #[serde(deserialize_with = "crate::base::lenient::int")]
    pub count: u64,
    /// The sum of their file amounts.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub file_amount: Decimal,
    /// The sum of their engine amounts.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub engine_amount: Decimal,
}

/// The findings of one status in one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelTotal {
    /// The channel.
    pub channel: String,
    /// The status.
    pub status: ReconStatus,
    /// How many findings.
    #[serde(deserialize_with = "crate::base::lenient::int")]
    pub count: u64,
    /// The sum of their file amounts.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub file_amount: Decimal,
    /// The sum of their engine amounts.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub engine_amount: Decimal,
}

/// The result of reconciling a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// One finding per file row, by line, then the booked transactions without a row (and
    /// second bookings) by channel and transaction number.
    pub items: Vec<ReconItem>,
    /// Every status in order, zeros included. The counts of findings about file rows add
    /// up to `file_rows`.
    pub totals: Vec<StatusTotal>,
    /// Per channel and status, non-zero counts only, sorted.
    pub by_channel: Vec<ChannelTotal>,
    /// The file's malformed lines.
    pub malformed: Vec<Malformed>,
    /// Well-formed file rows.
    #[serde(deserialize_with = "crate::base::lenient::int")]
    pub file_rows: u64,
    /// The sum of the file's payment rows that were not revoked.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub file_payments: Decimal,
    /// The sum of the file's refund rows.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub file_refunds: Decimal,
}

type Key<'a> = (&'a str, BookedKind, &'a str);

/// A small multiplicative hasher, a word at a time: SipHash's resistance to chosen keys is
/// not needed for the keys of one reconciliation, and it was a large part of its time.
/// Each word is folded in by a full 64×64→128-bit multiply whose halves are xor-ed, so
/// that every bit reaches the low bits hashbrown takes its bucket from (FxHash's
/// rotate-and-multiply gave 3% of a million transaction numbers the same hash).
struct Fx(u64);

const FX: u64 = 0x517c_c1b7_2722_0a95;

impl Default for Fx {
    fn default() -> Fx {
        Fx(0x2431_9fe3_a8b6_c0d7)
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        let m = u128::from(self.0 ^ word) * u128::from(FX);
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut tail = [0u8; 8];
            tail[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

fn key_of(b: &Booked) -> Key<'_> {
    (b.channel.as_str(), b.kind, b.txn_no.as_str())
}

fn row_key(row: &SettlementRow) -> Key<'_> {
    (row.channel.as_str(), row.kind, row.txn_no.as_str())
}

fn hash_key(key: &Key) -> u64 {
    let mut h = Fx::default();
    std::hash::Hash::hash(key, &mut h);
    h.finish()
}

/// A slot of [`Index`] without a booking.
const EMPTY: u32 = u32::MAX;

/// The first booking of each key: an open-addressing table (linear probing, at most half
/// full) of booking positions, each with the high half of its key's hash so that most
/// probes of other keys are told apart without reading the booking; a key is confirmed
/// against the booking itself. Small (8 bytes a slot), so that a lookup is about one cache
/// miss. Bookings past `u32::MAX - 1` (never in practice) are kept in a map by key.
struct Index<'a> {
    booked: &'a [Booked],
    // (hash >> 32, booking position), EMPTY positions free.
    slots: Vec<(u32, u32)>,
    mask: usize,
    others: FxMap<Key<'a>, usize>,
}

impl<'a> Index<'a> {
    fn new(booked: &'a [Booked]) -> Index<'a> {
        let size = (booked.len().min(EMPTY as usize) * 2).next_power_of_two().max(16);
        Index { booked, slots: vec![(0, EMPTY); size], mask: size - 1, others: FxMap::default() }
    }

    /// The slot holding `key`'s booking, or the free slot where it goes.
    fn slot(&self, key: &Key, hash: u64) -> usize {
        let tag = (hash >> 32) as u32;
        let mut at = hash as usize & self.mask;
        loop {
            let (t, pos) = self.slots[at];
            if pos == EMPTY || (t == tag && key_of(&self.booked[pos as usize]) == *key) {
                return at;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Reads the first slot of each hash, so that the slots are in the cache when the
    /// keys are added or looked up: the reads do not wait on one another, and the
    /// processor has many of their cache misses under way at once.
    fn warm(&self, hashes: &[u64]) {
        let first = hashes.iter().fold(0, |x, &h| x ^ self.slots[h as usize & self.mask].1);
        std::hint::black_box(first);
    }

    /// Adds booking `i`: the earlier booking of its key, if there is one.
    #[cfg(test)]
    fn add(&mut self, i: usize) -> Option<usize> {
        self.add_hashed(i, hash_key(&key_of(&self.booked[i])))
    }

    /// [`Index::add`] given the key's hash.
    fn add_hashed(&mut self, i: usize, hash: u64) -> Option<usize> {
        let key = key_of(&self.booked[i]);
        let at = self.slot(&key, hash);
        match self.slots[at].1 {
            EMPTY => match u32::try_from(i) {
                Ok(pos) if pos != EMPTY => {
                    self.slots[at] = ((hash >> 32) as u32, pos);
                    None
                }
                _ => match self.others.entry(key) {
                    Entry::Occupied(e) => Some(*e.get()),
                    Entry::Vacant(v) => {
                        v.insert(i);
                        None
                    }
                },
            },
            first => Some(first as usize),
        }
    }

    #[cfg(test)]
    fn get(&self, key: &Key) -> Option<usize> {
        self.get_hashed(key, hash_key(key))
    }

    fn get_hashed(&self, key: &Key, hash: u64) -> Option<usize> {
        match self.slots[self.slot(key, hash)].1 {
            EMPTY if self.others.is_empty() => None,
            EMPTY => self.others.get(key).copied(),
            pos => Some(pos as usize),
        }
    }
}

/// Reconciles a file against the booked transactions. Booked transactions without a file
/// row are `not_yet_settled` when booked after `cutoff`, else `missing_in_file`.
///
/// A row and a booking agree on status when both have the payment cancelled (REVOKED in
/// the file, reversed in the engine) or neither does; then their amounts decide between
/// `matched` and `amount_mismatch`.
pub fn reconcile(file: &SettlementFile, booked: &[Booked], cutoff: NaiveDateTime) -> Reconciliation {
    let mut index = Index::new(booked);
    let mut twice = Vec::new();
    let mut second = vec![false; booked.len()];
    // In batches: the keys are hashed and their slots warmed, then added.
    const BATCH: usize = 64;
    let mut hashes = [0u64; BATCH];
    for (start, seconds) in second.chunks_mut(BATCH).enumerate().map(|(c, s)| (c * BATCH, s)) {
        let hashes = &mut hashes[..seconds.len()];
        for (h, b) in hashes.iter_mut().zip(&booked[start..]) {
            *h = hash_key(&key_of(b));
        }
        index.warm(hashes);
        for ((i, second), &h) in (start..).zip(seconds.iter_mut()).zip(hashes.iter()) {
            if let Some(first) = index.add_hashed(i, h) {
                twice.push((i, first));
                *second = true;
            }
        }
    }
    // The first file line that named each booking (0: none yet).
    let mut seen_line = vec![0u32; booked.len()];
    let mut unbooked: FxMap<Key, u32> = FxMap::default();
    // File order is line order unless the rows were put together otherwise.
    let order: Option<Vec<usize>> = (!file.rows.windows(2).all(|w| w[0].line <= w[1].line)).then(|| {
        let mut order: Vec<usize> = (0..file.rows.len()).collect();
        order.sort_by_key(|&i| file.rows[i].line);
        order
    });
    let mut items = Vec::with_capacity(file.rows.len() + twice.len() + booked.len().saturating_sub(file.rows.len()));
    let (mut file_payments, mut file_refunds) = (Decimal::ZERO, Decimal::ZERO);
    let row_at = |p: usize| match &order {
        Some(order) => &file.rows[order[p]],
        None => &file.rows[p],
    };
    // The bookings of a batch of rows are looked up first, the slots warmed as above.
    let mut looked_up = [None; BATCH];
    for (p, row) in (0..file.rows.len()).map(|p| (p, row_at(p))) {
        if p % BATCH == 0 {
            let hashes = &mut hashes[..BATCH.min(file.rows.len() - p)];
            for (h, q) in hashes.iter_mut().zip(p..) {
                *h = hash_key(&row_key(row_at(q)));
            }
            index.warm(hashes);
            for ((found, &h), q) in looked_up.iter_mut().zip(hashes.iter()).zip(p..) {
                *found = index.get_hashed(&row_key(row_at(q)), h);
            }
        }
        if row.status != RowStatus::Revoked {
            let sum = if row.kind == BookedKind::Refund { &mut file_refunds } else { &mut file_payments };
            *sum = sum.saturating_add(row.amount);
        }
        let key = row_key(row);
        let found = looked_up[p % BATCH].map(|i| (i, &booked[i]));
        // The first row's line is kept (at least 1, so that 0 means "not seen yet").
        let first_line = row.line.max(1);
        let earlier = match found {
            Some((i, _)) if seen_line[i] != 0 => seen_line[i],
            Some((i, _)) => {
                seen_line[i] = first_line;
                0
            }
            None => match unbooked.entry(key) {
                Entry::Occupied(e) => *e.get(),
                Entry::Vacant(v) => {
                    v.insert(first_line);
                    0
                }
            },
        };
        let (status, note) = match (earlier, found) {
            (1.., _) => (ReconStatus::Duplicate, Text::new(format!("重复：与第 {earlier} 行相同"), format!("repeats line {earlier}"))),
            (0, None) => (ReconStatus::MissingInEngine, Text::new("长款：文件有此笔，系统无记录", "in the file, not booked in the engine")),
            (0, Some((_, b))) => compare(row, b),
        };
        items.push(ReconItem {
            status,
            channel: row.channel.clone(),
            txn_no: row.txn_no.clone(),
            kind: row.kind,
            line: Some(row.line),
            file_amount: Some(row.amount),
            engine_amount: found.map(|(_, b)| b.amount),
            key: found.map(|(_, b)| b.key.clone()),
            note,
        });
    }
    let mut engine_side: Vec<(usize, ReconStatus, Text)> = twice
        .iter()
        .map(|&(i, first)| (i, ReconStatus::Duplicate, Text::new(format!("系统重复记账：与 {} 相同", booked[first].key), format!("booked twice: also booked as {}", booked[first].key))))
        .collect();
    for (i, b) in booked.iter().enumerate() {
        if seen_line[i] != 0 || second[i] {
            continue;
        }
        engine_side.push(if b.at > cutoff {
            (i, ReconStatus::NotYetSettled, Text::new(format!("未到结算：{} 记账，晚于截止 {cutoff}", b.at), format!("booked at {}, after the cut-off {cutoff}: expected in a later file", b.at)))
        } else {
            (i, ReconStatus::MissingInFile, Text::new("短款：系统已记账，文件无此笔", "booked in the engine, not in the file"))
        });
    }
    engine_side.sort_by(|x, y| {
        let (a, b) = (&booked[x.0], &booked[y.0]);
        (a.channel.as_str(), a.txn_no.as_str(), a.kind, x.0).cmp(&(b.channel.as_str(), b.txn_no.as_str(), b.kind, y.0))
    });
    items.extend(engine_side.into_iter().map(|(i, status, note)| {
        let b = &booked[i];
        ReconItem { status, channel: b.channel.clone(), txn_no: b.txn_no.clone(), kind: b.kind, line: None, file_amount: None, engine_amount: Some(b.amount), key: Some(b.key.clone()), note }
    }));
    let (totals, by_channel) = summarise(&items);
    Reconciliation { items, totals, by_channel, malformed: file.malformed.clone(), file_rows: file.rows.len() as u64, file_payments: fen(file_payments), file_refunds: fen(file_refunds) }
}

/// A row against its booking.
fn compare(row: &SettlementRow, b: &Booked) -> (ReconStatus, Text) {
    let revoked = row.status == RowStatus::Revoked;
    if revoked != b.reversed {
        return if revoked {
            (ReconStatus::StatusMismatch, Text::new("状态不符：文件为撤销，系统未冲正", "status differs: the file has it revoked, the engine has not reversed it"))
        } else {
            (ReconStatus::StatusMismatch, Text::new("状态不符：文件为成功，系统已冲正", "status differs: the file has it settled, the engine reversed it"))
        };
    }
    if row.amount != b.amount {
        let (f, e) = (yuan(row.amount), yuan(b.amount));
        return (ReconStatus::AmountMismatch, Text::new(format!("金额不符：文件 {f}，系统 {e}"), format!("amount differs: file {f}, engine {e}")));
    }
    (ReconStatus::Matched, Text::new("已对平", "matched"))
}

#[derive(Clone, Copy, Default)]
struct Sum {
    count: u64,
    file: Decimal,
    engine: Decimal,
}

impl Sum {
    fn add(&mut self, item: &ReconItem) {
        self.count += 1;
        self.file = self.file.saturating_add(item.file_amount.unwrap_or_default());
        self.engine = self.engine.saturating_add(item.engine_amount.unwrap_or_default());
    }
}

/// Sums are shown to the fen, "0.00" included.
fn fen(d: Decimal) -> Decimal {
    crate::base::money::fixed_scale(d, 2)
}

fn summarise(items: &[ReconItem]) -> (Vec<StatusTotal>, Vec<ChannelTotal>) {
    let mut all = [Sum::default(); 7];
    let mut channels: FxMap<&str, [Sum; 7]> = FxMap::default();
    // Items come in runs of one channel: its sums are kept at hand until the channel
    // changes (summed in the same order as item by item).
    let mut run: Option<(&str, [Sum; 7])> = None;
    for item in items {
        all[item.status as usize].add(item);
        let sums = match &mut run {
            Some((c, sums)) if *c == item.channel.as_str() => sums,
            _ => {
                if let Some((c, sums)) = run.take() {
                    channels.insert(c, sums);
                }
                let c = item.channel.as_str();
                &mut run.insert((c, channels.remove(c).unwrap_or_default())).1
            }
        };
        sums[item.status as usize].add(item);
    }
    if let Some((c, sums)) = run {
        channels.insert(c, sums);
    }
    let totals = ReconStatus::ALL.iter().map(|&s| StatusTotal { status: s, count: all[s as usize].count, file_amount: fen(all[s as usize].file), engine_amount: fen(all[s as usize].engine) }).collect();
    let mut names: Vec<&str> = channels.keys().copied().collect();
    names.sort_unstable();
    let by_channel = names
        .into_iter()
        .flat_map(|c| {
            let sums = channels[c];
            ReconStatus::ALL.into_iter().filter(move |&s| sums[s as usize].count > 0).map(move |s| {
                let sum = sums[s as usize];
                ChannelTotal { channel: c.to_string(), status: s, count: sum.count, file_amount: fen(sum.file), engine_amount: fen(sum.engine) }
            })
        })
        .collect();
    (totals, by_channel)
}

impl Reconciliation {
    /// A fixed-width text report: totals per status and per channel, then the findings
    /// other than `matched` with their notes, then the malformed lines (English).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let plural = |n: u64, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        let (rows, bad) = (self.file_rows, self.malformed.len() as u64);
        let _ = writeln!(out, "Settlement file: {rows} {}, payments {}, refunds {}, {bad} malformed {}", plural(rows, "row", "rows"), yuan(self.file_payments), yuan(self.file_refunds), plural(bad, "line", "lines"));
        let _ = writeln!(out, "\n{:<18} {:>8} {:>16} {:>16}", "status", "count", "file amount", "engine amount");
        for t in &self.totals {
            let _ = writeln!(out, "{:<18} {:>8} {:>16} {:>16}", t.status.as_str(), t.count, yuan(t.file_amount), yuan(t.engine_amount));
        }
        let width = |it: &mut dyn Iterator<Item = usize>, min: usize| it.max().unwrap_or(0).max(min);
        let cw = width(&mut self.by_channel.iter().map(|c| c.channel.chars().count()).chain(self.items.iter().map(|i| i.channel.chars().count())), 7);
        let _ = writeln!(out, "\n{:<cw$} {:<18} {:>8} {:>16} {:>16}", "channel", "status", "count", "file amount", "engine amount");
        for c in &self.by_channel {
            let _ = writeln!(out, "{:<cw$} {:<18} {:>8} {:>16} {:>16}", c.channel, c.status.as_str(), c.count, yuan(c.file_amount), yuan(c.engine_amount));
        }
        let open: Vec<&ReconItem> = self.items.iter().filter(|i| i.status != ReconStatus::Matched).collect();
        let tw = width(&mut open.iter().map(|i| i.txn_no.chars().count()), 6);
        let _ = writeln!(out, "\nNot matched: {}", open.len());
        if !open.is_empty() {
            let _ = writeln!(out, "{:>6} {:<18} {:<cw$} {:<tw$} {:<7} {:>14} {:>14}  note", "line", "status", "channel", "txn no", "kind", "file", "engine");
        }
        let opt = |d: Option<Decimal>| d.map_or_else(|| "-".to_string(), yuan);
        for i in open {
            let kind = if i.kind == BookedKind::Refund { "refund" } else { "payment" };
            let line = i.line.map_or_else(|| "-".to_string(), |l| l.to_string());
            let _ = writeln!(out, "{line:>6} {:<18} {:<cw$} {:<tw$} {kind:<7} {:>14} {:>14}  {}", i.status.as_str(), i.channel, i.txn_no, opt(i.file_amount), opt(i.engine_amount), i.note.en);
        }
        let _ = writeln!(out, "\nMalformed lines: {}", self.malformed.len());
        for m in &self.malformed {
            let _ = writeln!(out, "{:>6}  {}", m.line, m.reason);
        }
        out
    }
}

#[cfg(test)]
#[path = "reconcile_tests.rs"]
mod tests;
