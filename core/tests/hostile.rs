//! Hostile input, one test per defect found (issue 16, part A), through the public API:
//! each is refused with a typed error naming the field, quickly, without a panic.

use gridcore::messaging::{Channel, Locale, TemplateSet};
use gridcore::billing::LateFeeRequest;
use gridcore::points::{process, Ledger, Operation, PointsEvent, PointsRules};
use gridcore::{bill, BillRequest, ErrorCode, ErrorKind, Tariff};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Instant;

fn flat(price: &str) -> Value {
    json!({"id": "t", "name": {"zh": "试", "en": "t"}, "energy": {"flat": {"price": price}}})
}

fn request(tariff: Value, end_reading: &str) -> Value {
    json!({"tariff": tariff, "account": {"account_id": "1"}, "period": {"start": "2026-11-01", "end": "2026-12-01"},
           "usage": {"readings": [{"register": "total", "start": "0", "end": end_reading}]}, "as_of": "2026-12-01"})
}

fn code_path(e: gridcore::Error) -> (ErrorCode, String) {
    assert_ne!(e.kind, ErrorKind::Internal, "{e}");
    (e.code, e.path)
}

#[test]
fn deep_documents_are_refused_before_parsing() {
    let text = format!("{}{}{}", r#"{"id":"t","name":{"zh":"试","en":"t"},"energy":{"flat":{"price":"0.5"}},"zz":"#, "{\"a\":".repeat(15_000) + "{}", "}".repeat(15_001));
    assert_eq!(code_path(Tariff::from_json(&text).unwrap_err()), (ErrorCode::OutOfRange, "tariff".into()));
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(code_path(BillRequest::from_json(&text).unwrap_err()).0, ErrorCode::OutOfRange);
}

#[test]
fn arrays_are_not_objects() {
    let mut r = request(flat("0.5"), "100");
    r["period"] = json!(["2026-11-01", "2026-12-01"]);
    assert_eq!(code_path(BillRequest::from_value(r).unwrap_err()), (ErrorCode::InvalidField, "period".into()));
}

#[test]
fn one_grammar_for_decimals_and_dates() {
    for bad in ["1e3", "1_000", "+12", "12.", ".5", " 12 ", "0.00000000000000000000000000001", "79228162514264337593543950335"] {
        let e = Tariff::from_value(flat(bad)).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidField, "tariff.energy.flat.price"), "{bad}");
    }
    for bad in [" 2026-11-01", "2026-2-1", "+002026-11-01", "0000-11-01", "10000-11-01"] {
        let mut r = request(flat("0.5"), "100");
        r["period"]["start"] = json!(bad);
        assert_eq!(code_path(BillRequest::from_value(r).unwrap_err()), (ErrorCode::InvalidField, "period.start".into()), "{bad}");
    }
    let mut r = request(flat("0.5"), "100");
    r["usage"] = json!({"intervals": {"minutes": 15, "points": [{"start": "2026-11-01T00:00:00.5", "kwh": "1"}]}});
    assert_eq!(code_path(BillRequest::from_value(r).unwrap_err()).1, "usage.intervals.points[0].start");
}

#[test]
fn magnitudes_are_bounded_so_no_arithmetic_overflows() {
    // A price of 10^28, or a reading near Decimal's maximum: refused, never a panic.
    assert_eq!(code_path(Tariff::from_value(flat("999999999999999")).unwrap_err()), (ErrorCode::OutOfRange, "tariff.energy.flat.price".into()));
    let r = BillRequest::from_value(request(flat("0.5"), "999999999999999")).unwrap();
    assert_eq!(code_path(bill(&r).unwrap_err()), (ErrorCode::OutOfRange, "usage.readings[0].end".into()));
    let mut big = request(flat("999999.999999"), "999999999999");
    big["usage"]["meter"] = json!({"ct_ratio": "100000", "pt_ratio": "100000"});
    assert_eq!(code_path(bill(&BillRequest::from_value(big).unwrap()).unwrap_err()), (ErrorCode::OutOfRange, "usage".into()));
    // The largest arrears accepted bill a late fee exactly; one digit more is refused.
    let fee = LateFeeRequest::from_json(r#"{"customer_class": "non_residential", "arrears": "999999999999999.99", "due_date": "2026-01-01", "as_of": "2026-12-31"}"#).unwrap();
    assert_eq!(gridcore::billing::late_fee(&fee).unwrap().amount.to_string(), "727999999999999.99");
    let e = LateFeeRequest::from_json(r#"{"customer_class": "non_residential", "arrears": "9999999999999999.99", "due_date": "2026-01-01", "as_of": "2026-12-31"}"#).unwrap_err();
    assert_eq!(code_path(e), (ErrorCode::InvalidField, "arrears".into()));
}

#[test]
fn points_never_wrap() {
    let mut ledger = Ledger::new("c");
    let award = |key: &str, points: i64| Operation::from_json(&format!(r#"{{"op": "award", "key": "{key}", "date": "2026-01-01", "points": {points}, "expires_on": "2027-01-01"}}"#)).unwrap();
    assert_eq!(code_path(ledger.apply(&award("a", i64::MAX)).unwrap_err()), (ErrorCode::OutOfRange, "operation.points".into()));
    for i in 0..1000 {
        if ledger.apply(&award(&format!("k{i}"), gridcore::points::MAX_AWARD)).is_err() {
            break;
        }
    }
    assert_eq!(ledger.balance(), gridcore::points::MAX_BALANCE, "awards stop at the bound");
    assert_eq!(code_path(ledger.apply(&award("one-more", 1)).unwrap_err()).0, ErrorCode::OutOfRange);

    let book = |rule: Value| PointsRules::from_value(json!({"rules": [rule]}));
    let rule = |points: Value, extra: Value| {
        let mut r = json!({"code": "r", "name": {"zh": "规则", "en": "rule"}, "event": "bill_paid", "points": points, "expires_after_days": 365});
        for (k, v) in extra.as_object().unwrap() {
            r[k] = v.clone();
        }
        r
    };
    let e = book(rule(json!({"fixed": i64::MAX}), json!({}))).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::OutOfRange, "points.rules[0].points.fixed"));
    let e = book(rule(json!({"fixed": 1}), json!({"campaigns": [{"code": "c", "from": "2026-01-01", "to": "2026-12-31", "multiplier": "1e20"}]}))).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidField);
    let e = book(rule(json!({"fixed": 1}), json!({"expires_after_days": 3_000_000}))).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::OutOfRange, "points.rules[0].expires_after_days"));
    let e = PointsEvent::from_json(r#"{"key": "p", "date": "2026-01-01", "event": {"type": "bill_paid", "amount": "9223372036854775808", "due_date": "2026-01-10", "paid_date": "2026-01-05", "channel": "app"}}"#).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert!(e.path.starts_with("event.event") && e.reason.contains("too large"), "{e}");
    // A proportional rule on the largest amount: refused at the award, never 0 or wrapped.
    let rules = book(rule(json!({"of": "amount", "per": "0.01", "points": 1_000_000}), json!({}))).unwrap();
    let event = PointsEvent::from_json(r#"{"key": "p", "date": "2026-01-01", "event": {"type": "bill_paid", "amount": "999999999999.99", "due_date": "2026-01-10", "paid_date": "2026-01-05", "channel": "app"}}"#).unwrap();
    let mut ledger = Ledger::new("c");
    assert_eq!(code_path(process(&rules, &mut ledger, &event).unwrap_err()).0, ErrorCode::OutOfRange);
    assert!(ledger.entries().is_empty(), "nothing half-applies");
    let e = PointsEvent::from_json(r#"{"key": "e", "date": "2026-01-01", "event": {"type": "e_bill_opted_in", "anything": {"x": 1}}}"#).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidField);
}

fn set(channel: &str, content: Value, variables: Value) -> gridcore::Result<TemplateSet> {
    let mut t = json!({"code": "t", "name": {"zh": "模板", "en": "t"}, "channel": channel, "category": "service", "locale": "zh-CN", "variables": variables});
    t[channel] = content;
    TemplateSet::from_value(json!({"sms": {"signature": "国网", "opt_out": "拒收请回复R"}, "templates": [t]}))
}

#[test]
fn templates_do_bounded_work_and_never_unescape() {
    let list = format!("[{}]", (0..1000).map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let loops = format!("{{% for a in {list} %}}{{% for b in {list} %}}{{% for c in {list} %}}{{% for d in {list} %}}{{{{ p }}}}{{% endfor %}}{{% endfor %}}{{% endfor %}}{{% endfor %}}");
    let s = set("sms", json!({"text": loops}), json!([{"name": "p", "type": "text", "max_len": 10}])).unwrap();
    let values: BTreeMap<String, String> = [("p".to_string(), "x".to_string())].into();
    let started = Instant::now();
    let e = s.render("t", Channel::Sms, Locale::ZhCn, &values).unwrap_err();
    assert!(matches!(e.code, ErrorCode::OutOfRange | ErrorCode::TooLong), "{e}");
    assert!(started.elapsed().as_secs() < 5, "the render stopped");

    let var = json!([{"name": "p", "type": "text", "max_len": 100}]);
    for body in ["{% autoescape false %}{{ p }}{% endautoescape %}", "{{ p|safe }}", "{% filter safe %}{{ p }}{% endfilter %}", "{{ p * 3 }}"] {
        let e = set("email", json!({"subject": "s", "html": body}), var.clone()).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidField, "messages.templates[0].email.html"), "{body}");
    }
    let s = set("email", json!({"subject": "账单 {{ p }}", "html": "<p>{{ p }}</p>"}), var).unwrap();
    let inject: BTreeMap<String, String> = [("p".to_string(), "x\r\nBcc: a@b.c".to_string())].into();
    assert_eq!(code_path(s.render("t", Channel::Email, Locale::ZhCn, &inject).unwrap_err()), (ErrorCode::InvalidField, "email.subject".into()));
    let script: BTreeMap<String, String> = [("p".to_string(), "<script>".to_string())].into();
    assert!(s.render("t", Channel::Email, Locale::ZhCn, &script).unwrap().email.unwrap().html.contains("&lt;script&gt;"));
    let e = TemplateSet::from_value(json!({"sms": {"signature": "国网\r\n", "opt_out": "R"}, "templates": []})).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidField, "messages.sms.signature"));
}

#[test]
fn notice_amounts_are_strict_and_negative_only_where_declared() {
    let set = TemplateSet::builtin();
    let mut values: BTreeMap<String, String> =
        [("name", "张伟"), ("account", "3300012345"), ("period", "2026年11月"), ("kwh", "300"), ("amount", " 12 "), ("due_date", "2026-12-15")].into_iter().map(|(k, v)| (k.into(), v.into())).collect();
    assert_eq!(code_path(set.render("bill_notice", Channel::Sms, Locale::ZhCn, &values).unwrap_err()), (ErrorCode::InvalidField, "values.amount".into()));
    values.insert("amount".into(), "-1.00".into());
    assert_eq!(code_path(set.render("bill_notice", Channel::Sms, Locale::ZhCn, &values).unwrap_err()), (ErrorCode::Negative, "values.amount".into()));
    let refund = crate_set_with_refund();
    let v: BTreeMap<String, String> = [("amount".to_string(), "-12.50".to_string())].into();
    assert!(refund.render("refund", Channel::Sms, Locale::ZhCn, &v).unwrap().sms.unwrap().text.contains("-12.50"));
}

fn crate_set_with_refund() -> TemplateSet {
    TemplateSet::from_value(json!({"sms": {"signature": "国网", "opt_out": "拒收请回复R"}, "templates": [
        {"code": "refund", "name": {"zh": "退费", "en": "refund"}, "channel": "sms", "category": "service", "locale": "zh-CN",
         "variables": [{"name": "amount", "type": "amount", "negative": true}], "sms": {"text": "退费 {{ amount }}"}}]}))
    .unwrap()
}

#[test]
fn reasons_never_echo_the_input() {
    let huge = "x".repeat(10_000_000);
    let e = Tariff::from_value(json!({"id": "t", "name": {"zh": "试", "en": "t"}, "energy": {huge.clone(): {}}})).unwrap_err();
    assert!(e.reason.len() <= gridcore::error::MAX_REASON && e.path.len() <= gridcore::error::MAX_PATH, "{} / {}", e.reason.len(), e.path.len());
    let e = Tariff::from_value(flat(&huge)).unwrap_err();
    assert!(e.reason.len() <= gridcore::error::MAX_REASON);
}
