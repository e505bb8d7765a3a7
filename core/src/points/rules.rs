//! Events in, awards out: rules as data.
//!
//! * An event carries a caller-supplied key. Processing writes a 0-point `event` entry
//!   under that key plus one award per rule that pays, keyed `<event key>/<rule code>`;
//!   the same event again returns the first outcome and writes nothing, the same key with a
//!   different event is an `idempotency_conflict`. An event is compared in canonical form:
//!   amounts as numbers (`168.4` = `168.40`) and tags as a set. Nothing half-applies: what
//!   a failing event appended is removed again.
//! * Rules match an event type, conditions on its fields and, optionally, customer tags.
//!   Points are a fixed number or `value × points / per` of a field, rounded to whole
//!   points (down by default), times the multiplier of a campaign running that day.
//! * Caps per calendar day, month and year count the rule's earlier awards.
//! * Rules run by priority (highest first); an exclusive rule that pays stops the rest.
//! * A refunded bill reverses every award of the bill's payment event.

use super::entries::{award_entry, event_entry, EntryKind, Outcome, Shortfall};
use super::events::{fields, Event, PointsEvent, Value};
use super::ledger::Ledger;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::Text;
use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};


/// A comparison on an event field; numbers compare as decimals, text as text (eq/ne).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCondition {
    /// The field.
    pub field: String,
    /// eq, ne, lt, lte, gt, gte.
    pub op: crate::base::Op,
    /// The value, as text.
    pub value: String,
}

/// How points are rounded to whole points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PointsRounding {
    /// Toward zero (1 point per 10 元: 95 元 → 9).
    #[default]
    Down,
    /// Half away from zero.
    HalfUp,
}

/// How many points a rule pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Formula {
    /// A fixed number of points.
    Fixed {
        /// Points.
        #[serde(deserialize_with = "crate::base::lenient::int")]
        fixed: i64,
    },
    /// `points` per `per` of a field's value, rounded to whole points.
    Proportional {
        /// The field (`amount`).
        of: String,
        /// Per how much.
        #[serde(deserialize_with = "crate::base::strict::de")]
        per: Decimal,
        /// Points for each `per`.
        #[serde(deserialize_with = "crate::base::lenient::int")]
        points: i64,
        /// Rounding to whole points.
        #[serde(default)]
        rounding: PointsRounding,
    },
}

/// The most rules a rule book may hold.
pub const MAX_RULES: usize = 1000;

/// A campaign multiplying a rule's points between two dates (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Campaign code.
    pub code: String,
    /// First day.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub from: NaiveDate,
    /// Last day.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub to: NaiveDate,
    /// Multiplier (the result rounded down to whole points).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub multiplier: Decimal,
}

/// Caps on a rule's awards per customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Caps {
    /// Per calendar day.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::base::lenient::opt_int")]
    pub per_day: Option<i64>,
    /// Per calendar month.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::base::lenient::opt_int")]
    pub per_month: Option<i64>,
    /// Per calendar year.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::base::lenient::opt_int")]
    pub per_year: Option<i64>,
}

/// A points rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsRule {
    /// Code (the award key's suffix; caps count by it).
    pub code: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// The event type it answers (`bill_paid`, …).
    pub event: String,
    /// Conditions on the event's fields, all of which must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<FieldCondition>,
    /// The customer must carry one of these tags (none: any customer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags_any: Vec<String>,
    /// Points paid.
    pub points: Formula,
    /// Days until the points expire (the lot's `expires_on` = date + days).
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub expires_after_days: u32,
    /// Caps.
    #[serde(default)]
    pub caps: Caps,
    /// Campaigns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<Campaign>,
    /// Higher runs first.
    #[serde(default, deserialize_with = "crate::base::lenient::i32")]
    pub priority: i32,
    /// When it pays, lower-priority rules do not run.
    #[serde(default)]
    pub exclusive: bool,
}

/// The rule book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsRules {
    /// The rules.
    pub rules: Vec<PointsRule>,
    /// What a refund does when the payment's points were already spent: `forgive` (the
    /// default: take back what is left, the balance stays at 0 or above), `allow_negative`
    /// or `refuse` (the refund event fails).
    #[serde(default = "forgive")]
    pub refund_shortfall: Shortfall,
}

fn forgive() -> Shortfall {
    Shortfall::Forgive
}

/// Event types a rule can answer (a refund reverses its payment's awards; no rule runs).
const EVENTS: [&str; 5] = ["bill_paid", "e_bill_opted_in", "auto_pay_enrolled", "referral", "generic"];

impl PointsRules {
    /// Parses and validates a rule book; errors name the field (`points.rules[2].caps.per_day`).
    pub fn from_json(json: &str) -> Result<PointsRules> {
        let r: PointsRules = crate::base::error::parse_json(ErrorKind::Request, "points", json)?;
        r.validate()?;
        Ok(r)
    }

    /// A rule book from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<PointsRules> {
        let r: PointsRules = crate::base::error::from_value(ErrorKind::Request, "points", value)?;
        r.validate()?;
        Ok(r)
    }

    /// The rule book as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("rules serialize")
    }

    /// Checks codes, event types, formulas, caps and campaigns.
    pub fn validate(&self) -> Result<()> {
        let bad = |code, path: String, reason: String| Err(Error::new(ErrorKind::Request, code, path, reason));
        if self.rules.len() > MAX_RULES {
            return bad(ErrorCode::OutOfRange, "points.rules".into(), format!("{} rules; a rule book holds at most {MAX_RULES}", self.rules.len()));
        }
        for (i, r) in self.rules.iter().enumerate() {
            let p = |f: &str| format!("points.rules[{i}].{f}");
            if r.code.is_empty() || !r.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                return bad(ErrorCode::InvalidField, p("code"), format!("code `{}` must be snake_case", r.code));
            }
            if self.rules[..i].iter().any(|o| o.code == r.code) {
                return bad(ErrorCode::Duplicate, p("code"), format!("rule `{}` is defined twice", r.code));
            }
            if !EVENTS.contains(&r.event.as_str()) {
                return bad(ErrorCode::InvalidField, p("event"), format!("`{}` is not an event type ({})", r.event, EVENTS.join(", ")));
            }
            let known = fields(&r.event);
            let numeric = |f: &str| known.iter().any(|(n, num)| *n == f && *num) || (r.event == "generic" && f.starts_with("attributes."));
            let exists = |f: &str| known.iter().any(|(n, _)| *n == f) || (r.event == "generic" && f.len() > 11 && f.starts_with("attributes."));
            for (j, c) in r.when.iter().enumerate() {
                if !exists(&c.field) {
                    let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
                    return bad(ErrorCode::InvalidField, p(&format!("when[{j}].field")), format!("`{}` is not a field of `{}` events ({})", c.field, r.event, if names.is_empty() { "none".into() } else { names.join(", ") }));
                }
                let ordered = !matches!(c.op, crate::base::Op::Eq | crate::base::Op::Ne);
                let number_field = known.iter().any(|(n, num)| *n == c.field && *num);
                // A numeric field compares with a number only; ordering needs numbers.
                if (number_field || ordered) && (!numeric(&c.field) || crate::base::strict::parse_decimal(&c.value).is_err()) {
                    return bad(ErrorCode::InvalidField, p(&format!("when[{j}].value")), format!("`{}` compares numbers: `{}` on `{}` needs a numeric field and value", serde_json::to_string(&c.op).unwrap_or_default().trim_matches('"'), c.value, c.field));
                }
            }
            if let Formula::Proportional { of, .. } = &r.points {
                if !numeric(of) {
                    return bad(ErrorCode::InvalidField, p("points.of"), format!("`{of}` is not a numeric field of `{}` events", r.event));
                }
            }
            match &r.points {
                Formula::Fixed { fixed } if *fixed <= 0 || *fixed > super::MAX_AWARD => {
                    return bad(ErrorCode::OutOfRange, p("points.fixed"), format!("a rule pays more than 0 and at most {} points", super::MAX_AWARD))
                }
                Formula::Proportional { per, points, .. } if *per <= Decimal::ZERO || *points <= 0 || *points > super::MAX_AWARD => {
                    return bad(ErrorCode::OutOfRange, p("points"), format!("`per` must be more than 0 and `points` from 1 to {}", super::MAX_AWARD))
                }
                _ => {}
            }
            if r.expires_after_days == 0 || r.expires_after_days > super::MAX_EXPIRY_DAYS {
                return bad(ErrorCode::OutOfRange, p("expires_after_days"), format!("points live from 1 to {} days", super::MAX_EXPIRY_DAYS));
            }
            for (cap, name) in [(r.caps.per_day, "per_day"), (r.caps.per_month, "per_month"), (r.caps.per_year, "per_year")] {
                if cap.is_some_and(|c| c <= 0 || c > super::MAX_BALANCE) {
                    return bad(ErrorCode::OutOfRange, p(&format!("caps.{name}")), format!("a cap is more than 0 and at most {}", super::MAX_BALANCE));
                }
            }
            for (j, c) in r.campaigns.iter().enumerate() {
                if c.to < c.from || c.multiplier <= Decimal::ZERO || c.multiplier > Decimal::ONE_HUNDRED || c.multiplier.normalize().scale() > 4 {
                    return bad(ErrorCode::OutOfRange, p(&format!("campaigns[{j}]")), "a campaign ends on or after it starts, with a multiplier above 0 and at most 100 (4 decimals)".into());
                }
            }
        }
        Ok(())
    }
}

fn holds(cond: &FieldCondition, actual: &Value<'_>) -> bool {
    use crate::base::Op;
    // Equal text is equal whatever it spells (`app` = `app`, `0` = `0`): no parsing.
    if let (Value::Text(t), Op::Eq | Op::Ne) = (actual, cond.op) {
        if *t == cond.value {
            return cond.op == Op::Eq;
        }
    }
    match (actual.number(), crate::base::strict::parse_decimal(&cond.value)) {
        (Some(a), Ok(b)) => match cond.op {
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::Lt => a < b,
            Op::Lte => a <= b,
            Op::Gt => a > b,
            Op::Gte => a >= b,
        },
        _ => {
            let text = match actual {
                Value::Text(t) => *t,
                Value::Num(_) => return false,
            };
            match cond.op {
                Op::Eq => text == cond.value,
                Op::Ne => text != cond.value,
                _ => false,
            }
        }
    }
}

/// The most rules sorted on the stack: a utility's rule book has a few dozen rules, and
/// sorting their indexes in a fixed array costs no allocation per event (what the 1M-event
/// benchmark is most sensitive to). A longer book is sorted into a `Vec`.
const SMALL: usize = 64;

/// Rules in the order they run: the book's order when it is already by priority, else
/// sorted (stably, so ties keep the book's order).
enum Order<'a> {
    /// The book is already in priority order.
    Book(std::slice::Iter<'a, PointsRule>),
    /// A short book, sorted on the stack.
    Small {
        /// The book.
        rules: &'a [PointsRule],
        /// Indexes into `rules`, by priority; the first `len` are used.
        order: [u16; SMALL],
        /// The next position to yield.
        at: usize,
        /// How many rules the book has.
        len: usize,
    },
    /// A long book, sorted into a `Vec`.
    Sorted(std::vec::IntoIter<&'a PointsRule>),
}

impl<'a> Iterator for Order<'a> {
    type Item = &'a PointsRule;
    fn next(&mut self) -> Option<&'a PointsRule> {
        match self {
            Order::Book(i) => i.next(),
            Order::Small { rules, order, at, len } => (*at < *len).then(|| {
                *at += 1;
                &rules[order[*at - 1] as usize]
            }),
            Order::Sorted(i) => i.next(),
        }
    }
}

fn conflict(key: &str, what: &str) -> Error {
    Error::new(ErrorKind::Request, ErrorCode::IdempotencyConflict, "event.key", format!("key `{key}` was used for {what}"))
}

/// How many points a rule pays for an event before caps (0 when it does not apply). An
/// award that would pass [`super::MAX_AWARD`] is refused, never wrapped or dropped.
fn points_for(rule: &PointsRule, event: &PointsEvent) -> Result<i64> {
    if !rule.when.iter().all(|c| event.event.field(&c.field).is_some_and(|v| holds(c, &v))) {
        return Ok(0);
    }
    if !rule.tags_any.is_empty() && !rule.tags_any.iter().any(|t| event.customer_tags.contains(t)) {
        return Ok(0);
    }
    let too_many = |path: String| Error::new(ErrorKind::Request, ErrorCode::OutOfRange, path, format!("rule `{}` would award more than {} points", rule.code, super::MAX_AWARD));
    let whole = |v: Option<Decimal>, strategy, path: String| -> Result<i64> {
        v.map(|v| v.round_dp_with_strategy(0, strategy)).filter(|v| *v <= Decimal::from(super::MAX_AWARD)).and_then(|v| i64::try_from(v).ok()).ok_or_else(|| too_many(path))
    };
    let mut points = match &rule.points {
        Formula::Fixed { fixed } => *fixed,
        Formula::Proportional { of, per, points, rounding } => {
            let Some(value) = event.event.field(of).and_then(|v| v.number()) else { return Ok(0) };
            let strategy = match rounding {
                PointsRounding::Down => RoundingStrategy::ToZero,
                PointsRounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            };
            whole(value.checked_mul(Decimal::from(*points)).and_then(|v| v.checked_div(*per)), strategy, format!("event.event.{of}"))?
        }
    };
    if let Some(c) = rule.campaigns.iter().find(|c| c.from <= event.date && event.date <= c.to) {
        points = whole(Decimal::from(points).checked_mul(c.multiplier), RoundingStrategy::ToZero, "event.date".into())?;
    }
    Ok(points)
}

/// Processes one event against the rules: awards (or, for a refund, reversals), exactly
/// once per event key. The outcome's entries are the event's marker and what it wrote;
/// a retry returns them with `replayed` and writes nothing.
pub fn process<'a>(rules: &PointsRules, ledger: &'a mut Ledger, event: &PointsEvent) -> Result<Outcome<'a>> {
    if event.key.trim().is_empty() {
        return Err(Error::new(ErrorKind::Request, ErrorCode::Empty, "event.key", "every event needs an idempotency key"));
    }
    if let Event::BillPaid { amount, .. } = &event.event {
        if amount.is_sign_negative() {
            return Err(Error::new(ErrorKind::Request, ErrorCode::OutOfRange, "event.event.amount", "an amount paid is 0 or more"));
        }
    }
    let canonical = super::events::canonical_event(event);
    if let Some(first) = ledger.written_range(&event.key, true) {
        let marker = &ledger.entries()[first.start];
        if marker.kind != EntryKind::Event || marker.operation.as_deref() != Some(canonical.as_str()) {
            return Err(conflict(&event.key, "a different event or operation"));
        }
        let balance = ledger.balance_after(first.end);
        return Ok(Outcome { key: &marker.key, replayed: true, entries: &ledger.entries()[first], balance });
    }
    ledger.check_date(event.date, "event.date")?;
    // Nothing half-applies: a failure drops whatever this event appended.
    let mark = ledger.entries().len();
    // Nor does a panic (a bug): the ledger is put back as it was, and the caller gets an
    // `internal` error instead of a ledger with half an event in it.
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write(rules, ledger, event, canonical)));
    match written {
        Ok(Ok(())) => Ok(ledger.outcome(mark)),
        Ok(Err(e)) => {
            ledger.truncate(mark);
            Err(e)
        }
        Err(payload) => {
            ledger.truncate(mark);
            std::panic::resume_unwind(payload)
        }
    }
}

fn write(rules: &PointsRules, ledger: &mut Ledger, event: &PointsEvent, canonical: String) -> Result<()> {
    if let Event::BillRefunded { payment_key } = &event.event {
        // Only a payment this ledger processed can be refunded here; checked before the
        // event's marker is written, so that a refused refund costs no rebuild.
        let paid = ledger.written_under(payment_key, true).filter(|w| w[0].kind == EntryKind::Event && w[0].operation.as_deref().and_then(|op| serde_json::from_str::<PointsEvent>(op).ok()).is_some_and(|p| p.event.kind() == "bill_paid"));
        let Some(paid) = paid else {
            return Err(Error::new(ErrorKind::Request, ErrorCode::InvalidField, "event.event.payment_key", format!("`{payment_key}` is not a bill_paid event of this ledger")));
        };
        let awards: Vec<String> = paid.iter().filter(|e| e.kind == EntryKind::Award && !ledger.reversed(&e.key)).map(|e| e.key.clone()).collect();
        ledger.commit([event_entry(&event.key, event.date, canonical)]);
        for award_key in awards {
            let key = format!("{}/{award_key}", event.key);
            let new = ledger.plan_reverse(&key, event.date, &award_key, "event.event.payment_key", rules.refund_shortfall, &Some("bill refunded".into()), "")?;
            ledger.commit(new);
        }
        return Ok(());
    }
    ledger.commit([event_entry(&event.key, event.date, canonical)]);
    #[cfg(feature = "fuzzing")]
    crate::base::faults::maybe_panic(&event.key);
    let kind = event.event.kind();
    // Highest priority first, ties in the book's order; without allocating when the book
    // is already in that order.
    let n = rules.rules.len();
    let book = if rules.rules.windows(2).all(|w| w[0].priority >= w[1].priority) {
        Order::Book(rules.rules.iter())
    } else if n <= SMALL {
        // A rule book of a few dozen rules is sorted on the stack: no allocation per event.
        let mut idx = [0u16; SMALL];
        for (i, slot) in idx.iter_mut().enumerate().take(n) {
            *slot = i as u16;
        }
        idx[..n].sort_by_key(|&i| std::cmp::Reverse(rules.rules[i as usize].priority));
        Order::Small { rules: &rules.rules, order: idx, at: 0, len: n }
    } else {
        let mut sorted: Vec<&PointsRule> = rules.rules.iter().collect();
        sorted.sort_by_key(|r| std::cmp::Reverse(r.priority));
        Order::Sorted(sorted.into_iter())
    };
    for rule in book.filter(|r| r.event == kind) {
        let mut points = points_for(rule, event)?;
        if points <= 0 {
            continue;
        }
        let (day, month, year) = ledger.tally(&rule.code).map_or((0, 0, 0), |t| t.on(event.date));
        for (cap, used) in [(rule.caps.per_day, day), (rule.caps.per_month, month), (rule.caps.per_year, year)] {
            if let Some(cap) = cap {
                points = points.min(cap - used);
            }
        }
        if points <= 0 {
            continue;
        }
        let mut key = String::with_capacity(event.key.len() + 1 + rule.code.len());
        key.extend([event.key.as_str(), "/", rule.code.as_str()]);
        if ledger.written_under(&key, false).is_some() {
            return Err(conflict(&key, "an operation outside this event"));
        }
        ledger.check_award(points, "event")?;
        // Dates stop at 9999-12-31 in every language.
        let expires_on = event.date.checked_add_days(Days::new(u64::from(rule.expires_after_days))).filter(|d| chrono::Datelike::year(d) <= 9999).ok_or_else(|| {
            Error::new(ErrorKind::Request, ErrorCode::OutOfRange, "event.date", format!("points of rule `{}` awarded on {} would expire after 9999-12-31", rule.code, event.date))
        })?;
        // The rule's code says why; the event's marker holds the event.
        ledger.commit([award_entry(key, event.date, points, expires_on, Some(rule.code.clone()), None, None)]);
        if rule.exclusive {
            break;
        }
    }
    Ok(())
}
