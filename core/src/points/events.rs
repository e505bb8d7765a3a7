//! What happens to a customer (a bill paid, an e-bill opted into, …) as a points event,
//! and the event's canonical form: what an idempotency key is compared by.

use super::canonical::{buffered, decimal_into, ymd_into};
use crate::base::error::{ErrorKind, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

crate::base::tagged::tagged_enum! {
/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event (tag = "type") {
    /// A bill was paid.
    BillPaid = "bill_paid" {
        /// Amount paid (元).
        #[serde(serialize_with = "super::canonical::decimal", deserialize_with = "crate::base::strict::de")]
        amount: Decimal,
        /// The bill's due date.
        #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
        due_date: NaiveDate,
        /// The day it was paid.
        #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
        paid_date: NaiveDate,
        /// The channel (app, counter, bank, wechat, …).
        channel: String,
    },
    /// The customer opted in to e-bills. (Written as empty struct variants so that an
    /// unknown field beside `type` is refused, like everywhere else in the format.)
    EBillOptedIn = "e_bill_opted_in" {},
    /// The customer enrolled in automatic payment.
    AutoPayEnrolled = "auto_pay_enrolled" {},
    /// A paid bill was refunded: its payment event's awards are taken back.
    BillRefunded = "bill_refunded" {
        /// The key of the `bill_paid` event refunded.
        payment_key: String,
    },
    /// The customer referred another customer.
    Referral = "referral" {
        /// Who was referred.
        referred_customer_id: String,
    },
    /// Any other event, with text attributes.
    Generic = "generic" {
        /// Its name.
        name: String,
        /// Attributes, read by conditions as `attributes.<name>`.
        #[serde(default)]
        attributes: BTreeMap<String, String>,
    },
}
}

impl Event {
    /// The event type's name.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::BillPaid { .. } => "bill_paid",
            Event::EBillOptedIn {} => "e_bill_opted_in",
            Event::AutoPayEnrolled {} => "auto_pay_enrolled",
            Event::BillRefunded { .. } => "bill_refunded",
            Event::Referral { .. } => "referral",
            Event::Generic { .. } => "generic",
        }
    }

    /// A field's value: `amount`, `days_late` (numbers), `channel`,
    /// `referred_customer_id`, `name`, `attributes.<name>` (text).
    pub(super) fn field(&self, name: &str) -> Option<Value<'_>> {
        match (self, name) {
            (Event::BillPaid { amount, .. }, "amount") => Some(Value::Num(*amount)),
            (Event::BillPaid { due_date, paid_date, .. }, "days_late") => Some(Value::Num(Decimal::from((*paid_date - *due_date).num_days().max(0)))),
            (Event::BillPaid { channel, .. }, "channel") => Some(Value::Text(channel)),
            (Event::Referral { referred_customer_id, .. }, "referred_customer_id") => Some(Value::Text(referred_customer_id)),
            (Event::Generic { name, .. }, "name") => Some(Value::Text(name)),
            (Event::Generic { attributes, .. }, f) => f.strip_prefix("attributes.").and_then(|k| attributes.get(k)).map(|v| Value::Text(v)),
            _ => None,
        }
    }
}

/// An event field's value.
pub(super) enum Value<'a> {
    Num(Decimal),
    Text(&'a str),
}

impl Value<'_> {
    pub(super) fn number(&self) -> Option<Decimal> {
        match self {
            Value::Num(n) => Some(*n),
            Value::Text(t) => crate::base::strict::parse_decimal(t).ok(),
        }
    }
}

/// The fields each event type has: (name, numeric). Generic events also have
/// `attributes.<name>` (text that compares as a number when both sides are numbers).
pub(super) fn fields(event: &str) -> &'static [(&'static str, bool)] {
    match event {
        "bill_paid" => &[("amount", true), ("days_late", true), ("channel", false)],
        "referral" => &[("referred_customer_id", false)],
        "generic" => &[("name", false)],
        _ => &[],
    }
}

/// An event for one customer's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsEvent {
    /// Idempotency key (e.g. the payment's transaction number).
    pub key: String,
    /// When it happened.
    #[serde(serialize_with = "super::canonical::ymd", deserialize_with = "crate::base::strict::de")]
    pub date: NaiveDate,
    /// The customer's tags on that day (rules may require one).
    #[serde(default, skip_serializing_if = "Vec::is_empty", serialize_with = "tag_set")]
    pub customer_tags: Vec<String>,
    /// What happened.
    pub event: Event,
}

impl PointsEvent {
    /// An event from JSON; errors name the field (`event.event.amount`).
    pub fn from_json(json: &str) -> Result<PointsEvent> {
        crate::base::error::parse_json(ErrorKind::Request, "event", json)
    }

    /// An event from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<PointsEvent> {
        crate::base::error::from_value(ErrorKind::Request, "event", value)
    }
}

/// Tags as a set: sorted, without repeats (so a retry listing them in another order is the
/// same event).
fn tag_set<S: serde::Serializer>(tags: &[String], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(sorted_set(tags))
}

/// Tags sorted, without repeats.
fn sorted_set(tags: &[String]) -> Vec<&String> {
    let mut set: Vec<&String> = tags.iter().collect();
    set.sort();
    set.dedup();
    set
}

/// Canonical JSON of an event: exactly what serde writes for it (a test holds the two
/// equal), written directly because it is on every event's path and serde's generic
/// internally-tagged path costs three times as much.
pub(super) fn canonical_event(e: &PointsEvent) -> String {
    fn text(b: &mut Vec<u8>, s: &str) {
        serde_json::to_writer(&mut *b, s).expect("a string serializes");
    }
    fn field(b: &mut Vec<u8>, name: &str) {
        b.extend_from_slice(b",\"");
        b.extend_from_slice(name.as_bytes());
        b.extend_from_slice(b"\":");
    }
    fn date(b: &mut Vec<u8>, d: chrono::NaiveDate) {
        b.push(b'"');
        ymd_into(b, d);
        b.push(b'"');
    }
    buffered(|b| {
        b.extend_from_slice(b"{\"key\":");
        text(b, &e.key);
        field(b, "date");
        date(b, e.date);
        if !e.customer_tags.is_empty() {
            field(b, "customer_tags");
            b.push(b'[');
            for (i, t) in sorted_set(&e.customer_tags).into_iter().enumerate() {
                if i > 0 {
                    b.push(b',');
                }
                text(b, t);
            }
            b.push(b']');
        }
        field(b, "event");
        b.extend_from_slice(b"{\"type\":");
        text(b, e.event.kind());
        match &e.event {
            Event::BillPaid { amount, due_date, paid_date, channel } => {
                field(b, "amount");
                b.push(b'"');
                decimal_into(b, amount);
                b.push(b'"');
                field(b, "due_date");
                date(b, *due_date);
                field(b, "paid_date");
                date(b, *paid_date);
                field(b, "channel");
                text(b, channel);
            }
            Event::EBillOptedIn {} | Event::AutoPayEnrolled {} => {}
            Event::BillRefunded { payment_key } => {
                field(b, "payment_key");
                text(b, payment_key);
            }
            Event::Referral { referred_customer_id } => {
                field(b, "referred_customer_id");
                text(b, referred_customer_id);
            }
            Event::Generic { name, attributes } => {
                field(b, "name");
                text(b, name);
                field(b, "attributes");
                b.push(b'{');
                for (i, (k, v)) in attributes.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    text(b, k);
                    b.push(b':');
                    text(b, v);
                }
                b.push(b'}');
            }
        }
        b.extend_from_slice(b"}}");
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hand_written_canonical_event_is_serdes_json() {
        let d = |s: &str| -> chrono::NaiveDate { s.parse().unwrap() };
        let amount = |s: &str| -> Decimal { s.parse().unwrap() };
        let events = [
            Event::BillPaid { amount: amount("168.40"), due_date: d("2026-12-15"), paid_date: d("2026-12-05"), channel: "app \"quoted\" 网上国网\n".into() },
            Event::BillPaid { amount: amount("0"), due_date: d("0999-01-01"), paid_date: d("2026-01-01"), channel: String::new() },
            Event::EBillOptedIn {},
            Event::AutoPayEnrolled {},
            Event::BillRefunded { payment_key: "pay/1\\x".into() },
            Event::Referral { referred_customer_id: "C2".into() },
            Event::Generic { name: "survey_completed".into(), attributes: [("b".to_string(), "2".to_string()), ("a".to_string(), "\u{1}".to_string())].into() },
            Event::Generic { name: "x".into(), attributes: Default::default() },
        ];
        for (i, event) in events.into_iter().enumerate() {
            let tags = if i % 2 == 0 { vec!["b".to_string(), "a".into(), "b".into()] } else { vec![] };
            let e = PointsEvent { key: format!("k-{i}\""), date: d("2026-11-23"), customer_tags: tags, event };
            assert_eq!(super::canonical_event(&e), serde_json::to_string(&e).unwrap());
        }
    }

    #[test]
    fn errors_inside_tagged_variants_name_the_field() {
        use crate::points::Operation;
        let op = |json: &str| Operation::from_json(json).unwrap_err();
        let ev = |json: &str| PointsEvent::from_json(json).unwrap_err();
        let cases = [
            (op(r#"{"op": "redeem", "key": "k", "date": "2026-01-01", "points": "1.0"}"#), "operation.points", "is not a whole number"),
            (op(r#"{"op": "redeem", "key": "k", "date": "2026-01-01"}"#), "operation.points", "this field is required"),
            (op(r#"{"op": "award", "key": "k", "date": "2026-01-01", "points": 5, "expires_on": "2027-02-30"}"#), "operation.expires_on", "is not a day of the calendar"),
            (op(r#"{"op": "gift", "key": "k"}"#), "operation.op", "\"gift\" is not one of \"award\", \"redeem\", \"reverse\", \"expire\""),
            (op(r#"{"op": 5}"#), "operation.op", "a text such as \"award\" is expected here"),
            (op(r#"{"key": "k"}"#), "operation.op", "this field is required"),
            (op(r#"[1]"#), "operation", "an object is expected here"),
            (ev(r#"{"key": "k", "date": "2026-01-01", "event": {"type": "bill_paid", "amount": 5, "due_date": "2026-01-01", "paid_date": "2026-01-01", "channel": "app"}}"#), "event.event.amount", "a decimal string"),
            (ev(r#"{"key": "k", "date": "2026-01-01", "event": {"type": "referral"}}"#), "event.event.referred_customer_id", "this field is required"),
        ];
        for (e, path, reason) in cases {
            assert_eq!(e.path, path, "{e}");
            assert!(e.reason.contains(reason), "{e}");
            assert_eq!(crate::base::error::jargon(&e.reason), None, "{e}");
            assert!(!e.reason.contains(crate::base::tagged::INNER), "{e}");
        }
        // An unknown field inside a variant is still refused.
        let e = ev(r#"{"key": "k", "date": "2026-01-01", "event": {"type": "e_bill_opted_in", "channel": "app"}}"#);
        assert!(e.path.starts_with("event.event") && e.reason.contains("channel"), "{e}");
    }
}
