//! Events in, awards out: rules as data.
//!
//! * An event carries a caller-supplied key. Processing writes a 0-point `event` entry
//!   under that key plus one award per rule that pays, keyed `<event key>/<rule code>`;
//!   the same event again returns the first outcome and writes nothing, the same key with a
//!   different event is an `idempotency_conflict`. Nothing half-applies: the event is
//!   processed on a copy of the ledger that replaces it only on success.
//! * Rules match an event type, conditions on its fields and, optionally, customer tags.
//!   Points are a fixed number or `value × points / per` of a field, rounded to whole
//!   points (down by default), times the multiplier of a campaign running that day.
//! * Caps per calendar day, month and year count the rule's earlier awards.
//! * Rules run by priority (highest first); an exclusive rule that pays stops the rest.
//! * A refunded bill reverses every award of the bill's payment event.

use super::ledger::{Entry, EntryKind, Ledger, Operation};
use crate::error::{Error, ErrorCode, ErrorKind, Result};
use crate::Text;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// A bill was paid.
    BillPaid {
        /// Amount paid (元).
        amount: Decimal,
        /// The bill's due date.
        due_date: NaiveDate,
        /// The day it was paid.
        paid_date: NaiveDate,
        /// The channel (app, counter, bank, wechat, …).
        channel: String,
    },
    /// The customer opted in to e-bills.
    EBillOptedIn,
    /// The customer enrolled in automatic payment.
    AutoPayEnrolled,
    /// A paid bill was refunded: its payment event's awards are taken back.
    BillRefunded {
        /// The key of the `bill_paid` event refunded.
        payment_key: String,
    },
    /// The customer referred another customer.
    Referral {
        /// Who was referred.
        referred_customer_id: String,
    },
    /// Any other event, with text attributes.
    Generic {
        /// Its name.
        name: String,
        /// Attributes, read by conditions as `attributes.<name>`.
        #[serde(default)]
        attributes: BTreeMap<String, String>,
    },
}

impl Event {
    /// The event type's name.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::BillPaid { .. } => "bill_paid",
            Event::EBillOptedIn => "e_bill_opted_in",
            Event::AutoPayEnrolled => "auto_pay_enrolled",
            Event::BillRefunded { .. } => "bill_refunded",
            Event::Referral { .. } => "referral",
            Event::Generic { .. } => "generic",
        }
    }

    /// A field's value as text: `amount`, `days_late`, `channel`, `name`,
    /// `attributes.<name>`, …
    fn field(&self, name: &str) -> Option<String> {
        match (self, name) {
            (Event::BillPaid { amount, .. }, "amount") => Some(amount.to_string()),
            (Event::BillPaid { due_date, paid_date, .. }, "days_late") => Some((*paid_date - *due_date).num_days().max(0).to_string()),
            (Event::BillPaid { channel, .. }, "channel") => Some(channel.clone()),
            (Event::Referral { referred_customer_id, .. }, "referred_customer_id") => Some(referred_customer_id.clone()),
            (Event::Generic { name, .. }, "name") => Some(name.clone()),
            (Event::Generic { attributes, .. }, f) => f.strip_prefix("attributes.").and_then(|k| attributes.get(k).cloned()),
            _ => None,
        }
    }
}

/// An event for one customer's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsEvent {
    /// Idempotency key (e.g. the payment's transaction number).
    pub key: String,
    /// When it happened.
    pub date: NaiveDate,
    /// The customer's tags on that day (rules may require one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_tags: Vec<String>,
    /// What happened.
    pub event: Event,
}

/// A comparison on an event field; numbers compare as decimals, text as text (eq/ne).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCondition {
    /// The field.
    pub field: String,
    /// eq, ne, lt, lte, gt, gte.
    pub op: crate::customer::Op,
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
        fixed: i64,
    },
    /// `points` per `per` of a field's value, rounded to whole points.
    Proportional {
        /// The field (`amount`).
        of: String,
        /// Per how much.
        per: Decimal,
        /// Points for each `per`.
        points: i64,
        /// Rounding to whole points.
        #[serde(default)]
        rounding: PointsRounding,
    },
}

/// A campaign multiplying a rule's points between two dates (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Campaign code.
    pub code: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Multiplier (the result rounded down to whole points).
    pub multiplier: Decimal,
}

/// Caps on a rule's awards per customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Caps {
    /// Per calendar day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_day: Option<i64>,
    /// Per calendar month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_month: Option<i64>,
    /// Per calendar year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    pub expires_after_days: u32,
    /// Caps.
    #[serde(default)]
    pub caps: Caps,
    /// Campaigns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<Campaign>,
    /// Higher runs first.
    #[serde(default)]
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
}

const EVENTS: [&str; 6] = ["bill_paid", "e_bill_opted_in", "auto_pay_enrolled", "bill_refunded", "referral", "generic"];

impl PointsRules {
    /// Parses and validates a rule book; errors name the field from `rules`.
    pub fn from_json(json: &str) -> Result<PointsRules> {
        let r: PointsRules = crate::error::parse_json(ErrorKind::Request, "points", json)?;
        r.validate()?;
        Ok(r)
    }

    /// Checks codes, event types, formulas, caps and campaigns.
    pub fn validate(&self) -> Result<()> {
        let bad = |code, path: String, reason: String| Err(Error::new(ErrorKind::Request, code, path, reason));
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
            match &r.points {
                Formula::Fixed { fixed } if *fixed <= 0 => return bad(ErrorCode::OutOfRange, p("points.fixed"), "a rule pays more than 0 points".into()),
                Formula::Proportional { per, points, .. } if *per <= Decimal::ZERO || *points <= 0 => {
                    return bad(ErrorCode::OutOfRange, p("points"), "`per` and `points` must be more than 0".into())
                }
                _ => {}
            }
            if r.expires_after_days == 0 {
                return bad(ErrorCode::OutOfRange, p("expires_after_days"), "points must live at least 1 day".into());
            }
            for (cap, name) in [(r.caps.per_day, "per_day"), (r.caps.per_month, "per_month"), (r.caps.per_year, "per_year")] {
                if cap.is_some_and(|c| c <= 0) {
                    return bad(ErrorCode::OutOfRange, p(&format!("caps.{name}")), "a cap is more than 0".into());
                }
            }
            for (j, c) in r.campaigns.iter().enumerate() {
                if c.to < c.from || c.multiplier <= Decimal::ZERO {
                    return bad(ErrorCode::OutOfRange, p(&format!("campaigns[{j}]")), "a campaign ends on or after it starts, with a multiplier above 0".into());
                }
            }
        }
        Ok(())
    }
}

/// What processing an event did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventOutcome {
    /// The event's key.
    pub key: String,
    /// True when the event had been processed before: nothing was written this time.
    pub replayed: bool,
    /// The entries written for it (the event marker, awards, reversals).
    pub entries: Vec<Entry>,
    /// The balance afterwards.
    pub balance: i64,
}

fn holds(cond: &FieldCondition, actual: &str) -> bool {
    use crate::customer::Op;
    match (actual.parse::<Decimal>(), cond.value.parse::<Decimal>()) {
        (Ok(a), Ok(b)) => match cond.op {
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::Lt => a < b,
            Op::Lte => a <= b,
            Op::Gt => a > b,
            Op::Gte => a >= b,
        },
        _ => match cond.op {
            Op::Eq => actual == cond.value,
            Op::Ne => actual != cond.value,
            _ => false,
        },
    }
}

fn awarded_by(ledger: &Ledger, rule: &str, same: impl Fn(NaiveDate) -> bool) -> i64 {
    ledger.entries.iter().filter(|e| e.kind == EntryKind::Award && e.rule.as_deref() == Some(rule) && same(e.date)).map(|e| e.points).sum()
}

/// Processes one event against the rules: awards (or reversals for a refund), exactly
/// once per event key.
pub fn process(rules: &PointsRules, ledger: &mut Ledger, event: &PointsEvent) -> Result<EventOutcome> {
    let canonical = serde_json::to_string(event).expect("an event serializes");
    let prefix = format!("{}/", event.key);
    if let Some(marker) = ledger.entries.iter().find(|e| e.kind == EntryKind::Event && e.key == event.key) {
        let recorded = serde_json::from_str::<Operation>(&marker.operation).ok();
        if !matches!(&recorded, Some(Operation::Record { event: e, .. }) if *e == canonical) {
            return Err(Error::new(ErrorKind::Request, ErrorCode::IdempotencyConflict, "key", format!("event key `{}` was used for a different event", event.key)));
        }
        let entries = ledger.entries.iter().filter(|e| e.key == event.key || e.key.starts_with(&prefix)).cloned().collect();
        return Ok(EventOutcome { key: event.key.clone(), replayed: true, entries, balance: ledger.balance() });
    }
    // Work on a copy: the ledger changes only if the whole event succeeds.
    let mut work = ledger.clone();
    let mut written = work.apply(&Operation::Record { key: event.key.clone(), date: event.date, event: canonical })?.entries;
    if let Event::BillRefunded { payment_key } = &event.event {
        let awards: Vec<String> = work.entries.iter().filter(|e| e.kind == EntryKind::Award && e.key.starts_with(&format!("{payment_key}/"))).map(|e| e.key.clone()).collect();
        for award_key in awards {
            let op = Operation::Reverse { key: format!("{}/{award_key}", event.key), date: event.date, award_key, allow_negative: false, reason: Some("bill refunded".into()) };
            written.extend(work.apply(&op)?.entries);
        }
    } else {
        let mut order: Vec<&PointsRule> = rules.rules.iter().filter(|r| r.event == event.event.kind()).collect();
        order.sort_by_key(|r| std::cmp::Reverse(r.priority));
        for rule in order {
            if !rule.when.iter().all(|c| event.event.field(&c.field).is_some_and(|v| holds(c, &v))) {
                continue;
            }
            if !rule.tags_any.is_empty() && !rule.tags_any.iter().any(|t| event.customer_tags.contains(t)) {
                continue;
            }
            let mut points = match &rule.points {
                Formula::Fixed { fixed } => *fixed,
                Formula::Proportional { of, per, points, rounding } => {
                    let value: Decimal = event.event.field(of).and_then(|v| v.parse().ok()).unwrap_or_default();
                    let strategy = match rounding {
                        PointsRounding::Down => RoundingStrategy::ToZero,
                        PointsRounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
                    };
                    (value * Decimal::from(*points) / per).round_dp_with_strategy(0, strategy).try_into().unwrap_or(0)
                }
            };
            if let Some(c) = rule.campaigns.iter().find(|c| c.from <= event.date && event.date <= c.to) {
                points = (Decimal::from(points) * c.multiplier).round_dp_with_strategy(0, RoundingStrategy::ToZero).try_into().unwrap_or(0);
            }
            let d = event.date;
            for (cap, same) in [
                (rule.caps.per_day, Box::new(move |x: NaiveDate| x == d) as Box<dyn Fn(NaiveDate) -> bool>),
                (rule.caps.per_month, Box::new(move |x: NaiveDate| (x.year(), x.month()) == (d.year(), d.month()))),
                (rule.caps.per_year, Box::new(move |x: NaiveDate| x.year() == d.year())),
            ] {
                if let Some(cap) = cap {
                    points = points.min(cap - awarded_by(&work, &rule.code, same));
                }
            }
            if points <= 0 {
                continue;
            }
            let op = Operation::Award {
                key: format!("{}/{}", event.key, rule.code),
                date: event.date,
                points,
                expires_on: event.date.checked_add_days(Days::new(u64::from(rule.expires_after_days))).unwrap_or(NaiveDate::MAX),
                rule: Some(rule.code.clone()),
                reason: Some(rule.name.zh.to_string()),
            };
            written.extend(work.apply(&op)?.entries);
            if rule.exclusive {
                break;
            }
        }
    }
    *ledger = work;
    Ok(EventOutcome { key: event.key.clone(), replayed: false, entries: written, balance: ledger.balance() })
}
