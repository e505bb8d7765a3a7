//! Fuzz targets for every document the engine parses (cargo feature `fuzzing`), shared by
//! the libFuzzer targets in `fuzz/` and by the test that replays their corpora
//! (`core/tests/fuzz_corpus.rs`), so a crash found once stays fixed.
//!
//! Each target asserts more than "no panic":
//!
//! * a document that parses survives a round trip through its JSON form unchanged;
//! * a bill satisfies the bill invariants (the total is the sum of the subtotals, under
//!   line-stage rounding the sum of the lines, each amount its exact amount rounded once)
//!   and reads back from its JSON;
//! * a failure is an [`Error`] that is not `internal`, whose path is rooted in the input
//!   and whose reason is bounded;
//! * a points event or operation replayed returns its first outcome and writes nothing;
//! * rendering a template terminates (fuel) within its output limit.
//!
//! [`run`] takes raw bytes (UTF-8 JSON text); [`run_structured`] takes bytes that steer
//! mutations of a valid seed document (`arbitrary`), which reaches deep validation that
//! random text rarely does.

use crate::customer::{Customer, CustomerConfig};
use crate::base::error::MAX_REASON;
use crate::messaging::TemplateSet;
use crate::base::money::RoundingStage;
use crate::billing::penalty::{late_fee, LateFeeRequest};
use crate::points::{process, Ledger, Operation, PointsEvent, PointsRules};
use crate::{bill, Bill, BillRequest, ErrorKind, Tariff};
use arbitrary::Unstructured;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;

pub use crate::base::faults::{maybe_panic, PANIC_ID};

/// The fuzz targets, by name (one file each in `fuzz/fuzz_targets/`).
pub const TARGETS: [&str; 12] =
    ["tariff", "bill_request", "late_fee", "customer", "customer_config", "points_rules", "points_event", "points_operation", "ledger", "template_set", "notice", "delivery"];

const RULES: &str = include_str!("../../examples/data/points/rules.json");

/// Runs one target: raw JSON text when the input starts with `{`, otherwise a seed mutated
/// as the bytes steer. Panics when an invariant does not hold.
pub fn run_target(target: &str, data: &[u8]) {
    if data.first() == Some(&b'{') {
        run(target, data)
    } else {
        run_structured(target, data)
    }
}

/// Runs one target on raw bytes. Panics when an invariant does not hold.
pub fn run(target: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    TEXT.with(|t| text.clone_into(&mut t.borrow_mut()));
    match target {
        "tariff" => {
            if let Some(t) = ok(Tariff::from_json(text), &["tariff"]) {
                assert_eq!(Tariff::from_json(&t.to_json()).as_ref(), Ok(&t), "a tariff survives its JSON form");
            }
        }
        "bill_request" => {
            if let Some(r) = ok(BillRequest::from_json(text), REQUEST_FIELDS) {
                assert_eq!(BillRequest::from_json(&r.to_json()).as_ref(), Ok(&r), "a request survives its JSON form");
                if let Some(b) = ok(bill(&r), REQUEST_FIELDS) {
                    check_bill(&b);
                }
            }
        }
        "late_fee" => {
            if let Some(r) = ok(LateFeeRequest::from_json(text), &["customer_class", "arrears", "due_date", "as_of", "bill_month", "carried_over"]) {
                if let Some(f) = ok(late_fee(&r), &["arrears", "as_of", "bill_month"]) {
                    let sum: Decimal = f.lines.iter().map(|l| l.amount).sum();
                    assert!(f.amount == sum || (f.minimum_applied && f.amount == Decimal::ONE), "a late fee is the sum of its lines or the minimum");
                }
            }
        }
        "customer" => {
            if let Some(c) = ok(Customer::from_json(text), &["customer"]) {
                let again = Customer::from_json(&serde_json::to_string(&c).expect("a customer serializes"));
                assert_eq!(again.as_ref(), Ok(&c), "a customer survives its JSON form");
            }
        }
        "customer_config" => {
            if let Some(config) = ok(CustomerConfig::from_json(text), &["config"]) {
                let _ = crate::customer::search_attributes(&config, "容量", 5);
            }
        }
        "points_rules" => {
            if let Some(rules) = ok(PointsRules::from_json(text), &["points"]) {
                let again = PointsRules::from_json(&serde_json::to_string(&rules).expect("rules serialize"));
                assert_eq!(again.as_ref(), Ok(&rules), "a rule book survives its JSON form");
            }
        }
        "points_event" => {
            let rules = PointsRules::from_json(RULES).expect("the sample rule book is valid");
            if let Some(event) = ok(PointsEvent::from_json(text), &["event"]) {
                let mut ledger = Ledger::new("fuzz");
                let first = process(&rules, &mut ledger, &event).map(|o| o.to_record());
                check_error(&first, &["event"]);
                check_ledger(&ledger);
                if let Ok(first) = first {
                    let len = ledger.entries().len();
                    let again = process(&rules, &mut ledger, &event).map(|o| o.to_record()).expect("a replay succeeds");
                    assert!(again.replayed && again.balance == first.balance && ledger.entries().len() == len, "a replayed event writes nothing");
                }
            }
        }
        "points_operation" => {
            if let Some(op) = ok(Operation::from_json(text), &["operation"]) {
                let mut ledger = Ledger::new("fuzz");
                let seed = Operation::from_json(r#"{"op": "award", "key": "seed", "date": "2026-01-01", "points": 100, "expires_on": "2027-01-01"}"#).expect("valid");
                ledger.apply(&seed).expect("the seed award applies");
                let first = ledger.apply(&op).map(|o| o.to_record());
                check_error(&first, &["operation"]);
                check_ledger(&ledger);
                if let Ok(first) = first {
                    let again = ledger.apply(&op).map(|o| o.to_record()).expect("a replay succeeds");
                    assert!(again.replayed && again.balance == first.balance, "a replayed operation writes nothing");
                }
            }
        }
        "ledger" => {
            if let Some(ledger) = ok(Ledger::from_json(text), &["ledger"]) {
                check_ledger(&ledger);
                let again = Ledger::from_json(&ledger.to_json()).expect("a ledger reads back");
                assert_eq!(again.entries(), ledger.entries(), "a ledger survives its JSON form");
            }
        }
        "template_set" => {
            if let Some(set) = ok(TemplateSet::from_json(text), &["messages"]) {
                for t in set.templates() {
                    let values: BTreeMap<String, String> = t.variables.iter().map(|v| (v.name.clone(), sample_value(v.kind))).collect();
                    check_error(&set.render(&t.code, t.channel, t.locale, &values), &["values", "sms", "wechat", "push", "email"]);
                }
            }
        }
        "notice" => {
            let Ok(v) = serde_json::from_str::<Value>(text) else { return };
            let (Some(code), Ok(channel), Ok(locale), Ok(values)) = (
                v["code"].as_str(),
                serde_json::from_value(v["channel"].clone()),
                serde_json::from_value(v["locale"].clone()),
                serde_json::from_value::<BTreeMap<String, String>>(v["values"].clone()),
            ) else {
                return;
            };
            check_error(&TemplateSet::builtin().render(code, channel, locale, &values), &["code", "values", "sms", "wechat", "push", "email"]);
        }
        "delivery" => {
            let Ok(v) = serde_json::from_str::<Value>(text) else { return };
            let policy = match v.get("policy") {
                Some(p) => match serde_json::from_value(p.clone()) {
                    Ok(p) => p,
                    Err(_) => return,
                },
                None => crate::messaging::DeliveryPolicy::default(),
            };
            let (Ok(channel), Ok(category), Ok(consent), Ok(history), Ok(as_of)) = (
                serde_json::from_value(v["channel"].clone()),
                serde_json::from_value(v["category"].clone()),
                serde_json::from_value::<Vec<crate::messaging::Consent>>(v["consent"].clone()),
                serde_json::from_value::<Vec<crate::messaging::Sent>>(v["history"].clone()),
                serde_json::from_value(v["as_of"].clone()),
            ) else {
                return;
            };
            check_error(&crate::messaging::plan_delivery(&policy, channel, category, &consent, &history, as_of), &["policy", "consent", "history", "as_of", ""]);
        }
        other => panic!("unknown fuzz target {other}"),
    }
}

/// The fields a bill request's error paths may start with.
const REQUEST_FIELDS: &[&str] =
    &["tariff", "account", "period", "usage", "year_to_date_kwh", "holidays", "as_of", "tariff_versions", "billing_month", "new_year_readings", "lines"];

/// `Some(value)` for a success; for a failure, checks the error and gives `None`.
fn ok<T>(result: crate::Result<T>, roots: &[&str]) -> Option<T> {
    check_error(&result, roots);
    result.ok()
}

thread_local! {
    /// The document being run: an unknown key is named by itself, so a path may start
    /// with any key the document spells.
    static TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A failure must be the input's fault, said at a path rooted in the input (a field of the
/// document, or a key the document has), briefly.
fn check_error<T>(result: &crate::Result<T>, roots: &[&str]) {
    if let Err(e) = result {
        assert_ne!(e.kind, ErrorKind::Internal, "input caused an internal error: {e}");
        assert!(e.reason.len() <= MAX_REASON, "an error reason is bounded");
        assert_eq!(crate::base::error::jargon(&e.reason), None, "the reason speaks the format, not the implementation: {e}");
        let first = e.path.split(['.', '[']).next().unwrap_or("");
        // (A key may itself hold `.` or `[`, which the path cannot tell from a separator,
        // and a long path is cut with `…`: then it is enough that one of the document's
        // strings, unescaped, holds the segment.)
        let segment = first.trim_end_matches('…');
        let known = roots.contains(&first)
            || TEXT.with(|t| {
                let t = t.borrow();
                t.contains(segment) || json_strings(&t).iter().any(|s| s.contains(segment))
            });
        assert!(e.path.is_empty() || known, "the path {:?} is rooted in the input (one of {roots:?}): {e}", e.path);
    }
}

/// Every string literal of a (possibly malformed) JSON text, unescaped.
fn json_strings(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            if let Some(Ok(s)) = text.get(start..=i.min(bytes.len() - 1)).map(serde_json::from_str::<String>) {
                out.push(s);
            }
        }
        i += 1;
    }
    out
}

/// The bill invariants.
fn check_bill(b: &Bill) {
    let subtotals: Decimal = b.subtotals.iter().map(|s| s.amount).sum();
    assert_eq!(b.total, subtotals, "the total is the sum of the subtotals");
    let unit = Decimal::new(1, b.rounding.scale);
    if b.rounding.stage == RoundingStage::Line {
        assert_eq!(b.total, b.lines.iter().map(|l| l.amount).sum::<Decimal>(), "the total is the sum of the lines");
        for l in &b.lines {
            assert!((l.amount - l.exact_amount()).abs() < unit, "{} is its exact amount rounded once", l.code);
        }
    }
    assert_eq!(Bill::from_json(&b.to_json()).as_ref(), Ok(b), "a bill survives its JSON form");
}

fn check_ledger(ledger: &Ledger) {
    assert_eq!(ledger.balance(), ledger.entries().iter().map(|e| e.points).sum::<i64>(), "the balance is the sum of the entries");
    assert!(ledger.balance().abs() <= crate::points::MAX_BALANCE, "the balance is within its bound");
}

fn sample_value(kind: crate::messaging::VarType) -> String {
    use crate::messaging::VarType;
    match kind {
        VarType::Text => "文本".into(),
        VarType::Amount => "168.40".into(),
        VarType::Date => "2026-12-15".into(),
        VarType::Datetime => "2026-12-15T08:00:00".into(),
        VarType::Phone => "13812341234".into(),
        VarType::Name => "张伟".into(),
        VarType::Account => "3300012345".into(),
    }
}

/// Seed documents for the structured targets.
fn seeds(target: &str) -> &'static [&'static str] {
    match target {
        "tariff" => &[
            include_str!("../../examples/data/tariffs/zj-residential-tou.json"),
            include_str!("../../examples/data/tariffs/sh-residential-tou.json"),
            include_str!("../../examples/data/tariffs/industrial-two-part-tou.json"),
            include_str!("../../examples/data/tariffs/agency-commercial.json"),
            include_str!("../../examples/data/tariffs/commercial-flat.json"),
        ],
        "bill_request" => &[
            include_str!("../../examples/data/requests/01-zhejiang-tier-crossing.json"),
            include_str!("../../examples/data/requests/03-shanghai-residential-estimated.json"),
            include_str!("../../examples/data/requests/04-zhejiang-residential-tou.json"),
            include_str!("../../examples/data/requests/06-commercial-ct-rollover.json"),
            include_str!("../../examples/data/requests/08-shanghai-residential-tou.json"),
            include_str!("../../examples/data/scenarios/december-january-household.json"),
        ],
        "points_rules" => &[RULES],
        "customer_config" => &[include_str!("../../examples/data/customer/config.json")],
        "template_set" => &[include_str!("messaging/builtin.json")],
        "late_fee" => &[r#"{"customer_class": "non_residential", "arrears": "10000.00", "due_date": "2026-12-25", "as_of": "2027-01-05", "bill_month": "2026-12"}"#],
        "points_event" => &[r#"{"key": "pay-1", "date": "2026-12-10", "customer_tags": ["e_bill"], "event": {"type": "bill_paid", "amount": "168.40", "due_date": "2026-12-15", "paid_date": "2026-12-10", "channel": "app"}}"#],
        "points_operation" => &[r#"{"op": "redeem", "key": "r1", "date": "2026-06-01", "points": 40}"#],
        "notice" => &[r#"{"code": "bill_notice", "channel": "sms", "locale": "zh-CN", "values": {"name": "张伟", "account": "3300012345", "period": "2026年11月", "kwh": "300", "amount": "168.40", "due_date": "2026-12-15"}}"#],
        _ => &[],
    }
}

/// Runs one target on a seed document mutated as `data` steers.
pub fn run_structured(target: &str, data: &[u8]) {
    let seeds = seeds(target);
    if seeds.is_empty() {
        return run(target, data);
    }
    let mut u = Unstructured::new(data);
    let Ok(pick) = u.choose_index(seeds.len()) else { return };
    let Ok(mut doc) = serde_json::from_str::<Value>(seeds[pick]) else { return };
    for _ in 0..u.int_in_range(1..=8u8).unwrap_or(1) {
        if mutate(&mut doc, &mut u).is_err() {
            break;
        }
    }
    run(target, doc.to_string().as_bytes());
}

/// Values that probe the grammar and the limits.
const PALETTE: [&str; 24] = [
    "0", "-1", "-0", "1e3", "+12", "12.", ".5", " 12 ", "1_000", "0.0000000000001", "79228162514264337593543950335", "999999999999999",
    "0.123456789", "2026-02-30", "0000-01-01", "9999-12-31", "2026-11-01T00:00:00.5", "\u{fffd}", "\r\nBcc: x", "{% autoescape false %}{{ name }}{% endautoescape %}",
    "{{ 'x' * 99999999 }}", "{% for a in [1,2,3] %}{% for b in [1,2,3] %}{{ name }}{% endfor %}{% endfor %}", "", "annual",
];

fn mutate(doc: &mut Value, u: &mut Unstructured) -> arbitrary::Result<()> {
    // Walk down to a node, choosing children at random.
    let mut node = doc;
    while u.ratio(3u8, 4u8)? {
        let len = match &*node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let i = u.choose_index(len)?;
        node = match node {
            Value::Object(m) => m.values_mut().nth(i).expect("in range"),
            Value::Array(a) => &mut a[i],
            _ => unreachable!("a container"),
        };
    }
    match u.int_in_range(0..=6u8)? {
        0 => *node = Value::String((*u.choose(&PALETTE)?).to_string()),
        1 => *node = Value::from(u.arbitrary::<i64>()?),
        2 => *node = Value::String(u.arbitrary::<String>()?),
        3 => {
            if let Value::Object(m) = node {
                let i = u.choose_index(m.len().max(1))?;
                if let Some(k) = m.keys().nth(i).cloned() {
                    m.remove(&k);
                }
            }
        }
        4 => {
            if let Value::Object(m) = node {
                m.insert(u.choose(&["zz", "type", "energy", "tiers", "prices", "points", "days"])?.to_string(), Value::Null);
            }
        }
        5 => {
            if let Value::Array(a) = node {
                if let Some(first) = a.first().cloned() {
                    for _ in 0..u.int_in_range(1..=3u8)? {
                        a.push(first.clone());
                    }
                }
            }
        }
        _ => {
            let inner = node.take();
            *node = Value::Array(vec![inner]);
        }
    }
    Ok(())
}
