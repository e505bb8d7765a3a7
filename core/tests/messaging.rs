//! Messaging: hand-checked renders of the built-in templates, load-time validation,
//! delivery decisions at the quiet-hour boundaries, and properties (segments cover the
//! text, masked values never appear unmasked, rendering is deterministic).

use gridcore::messaging::{plan_delivery, Category, Channel, Consent, DeliveryAction, DeliveryPolicy, Locale, Sent, TemplateSet};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn bill_values() -> BTreeMap<String, String> {
    values(&[("name", "张伟"), ("account", "3300012345"), ("period", "2026年11月"), ("kwh", "300"), ("amount", "168.40"), ("due_date", "2026-12-15")])
}

#[test]
fn the_bill_notice_sms_counts_its_signature_and_splits_into_parts_of_67() {
    let set = TemplateSet::builtin();
    let n = set.render("bill_notice", Channel::Sms, Locale::ZhCn, &bill_values()).unwrap();
    let sms = n.sms.unwrap();
    assert_eq!(sms.text, "【国网浙江电力】尊敬的张*，您的户号******2345，2026年11月用电300千瓦时，电费168.40 元，请于2026年12月15日前缴纳。");
    // 【国网浙江电力】 8 + 尊敬的张*， 6 + 您的户号******2345， 15 + 2026年11月用电300千瓦时， 17
    // + 电费168.40 元， 11 + 请于2026年12月15日前缴纳。 17 = 74: over 70, so parts of 67 + 7.
    assert_eq!((sms.length, sms.segments), (74, 2));
    assert_eq!(sms.parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(), vec![67, 7]);
    let en = set.render("bill_notice", Channel::Sms, Locale::En, &values(&[("name", "Zhang Wei"), ("account", "3300012345"), ("period", "Nov 2026"), ("kwh", "300"), ("amount", "168.40"), ("due_date", "2026-12-15")])).unwrap();
    assert_eq!(en.sms.unwrap().text, "【国网浙江电力】Dear Z********, account ******2345: Nov 2026 usage 300 kWh, amount due ¥168.40 by 15 Dec 2026.");
}

#[test]
fn missing_extra_and_mistyped_values_name_the_variable() {
    let set = TemplateSet::builtin();
    let mut v = bill_values();
    v.remove("due_date");
    let e = set.render("bill_notice", Channel::Sms, Locale::ZhCn, &v).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("missing_value", "values.due_date"));
    let mut v = bill_values();
    v.insert("colour".into(), "red".into());
    assert_eq!(set.render("bill_notice", Channel::Sms, Locale::ZhCn, &v).unwrap_err().path, "values.colour");
    let mut v = bill_values();
    v.insert("amount".into(), "168.405".into());
    let e = set.render("bill_notice", Channel::Sms, Locale::ZhCn, &v).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid_field", "values.amount"), "an amount is never re-rounded");
}

#[test]
fn templates_are_checked_when_loaded() {
    let base = |text: &str, category: &str| {
        format!(
            r#"{{"sms": {{"signature": "国网浙江电力", "opt_out": "拒收请回复R"}}, "templates": [{{"code": "t", "name": {{"zh": "t", "en": "t"}}, "channel": "sms",
            "category": "{category}", "locale": "zh-CN", "variables": [{{"name": "amount", "type": "amount"}}], "sms": {{"text": "{text}"}}}}]}}"#
        )
    };
    let e = TemplateSet::from_json(&base("电费{{ amonut }}", "service")).unwrap_err();
    assert_eq!((e.path.as_str(), e.reason.contains("amonut")), ("messages.templates[0].sms.text", true));
    let e = TemplateSet::from_json(&base("电费", "service")).unwrap_err();
    assert_eq!(e.path, "messages.templates[0].variables[0]", "declared but unused");
    let e = TemplateSet::from_json(&base("电费{{ amount }}", "marketing")).unwrap_err();
    assert!(e.reason.contains("opt-out"), "{}", e.reason);
    assert_eq!(TemplateSet::from_json(&base("电费{{ amount ", "service")).unwrap_err().code.as_str(), "syntax");
}

#[test]
fn wechat_fields_are_cut_by_the_stated_rule_and_email_escapes_html() {
    let set = TemplateSet::builtin();
    let long = "请通过网上国网App缴费，逾期将按日加收电费违约金，详情请咨询95598";
    let n = set.render("bill_notice", Channel::Wechat, Locale::ZhCn, &values(&[("account", "3300012345"), ("period", "2026年11月"), ("amount", "168.40"), ("due_date", "2026-12-15"), ("tip", long)])).unwrap();
    let tip = &n.wechat.unwrap().fields[4];
    assert_eq!((tip.value.chars().count(), tip.truncated, tip.value.ends_with('…')), (20, true, true));
    let n = set.render("bill_notice", Channel::Email, Locale::En, &values(&[("name", "Tom"), ("account", "3300012345"), ("period", "Nov <2026>"), ("kwh", "300"), ("amount", "168.40"), ("due_date", "2026-12-15")])).unwrap();
    let email = n.email.unwrap();
    assert!(email.html.contains("Nov &lt;2026&gt;") && email.subject.contains("Nov <2026>"), "{email:?}");
}

#[test]
fn sms_length_counts_utf16_units_and_parts_never_split_a_character() {
    let doc = r#"{"sms": {"signature": "国网", "opt_out": "拒收请回复R", "variable_max": 200}, "templates": [
      {"code": "hi", "name": {"zh": "问候", "en": "Hi"}, "channel": "sms", "category": "service", "locale": "zh-CN",
       "variables": [{"name": "t", "type": "text", "max_len": 200}], "sms": {"text": "{{ t }}"}}]}"#;
    let set = TemplateSet::from_json(doc).unwrap();
    // 【国网】 is 4 units; 66 ×「好」 + one emoji (2 units) = 72 → parts of at most 67 units.
    let text = format!("{}😀", "好".repeat(66));
    let sms = set.render("hi", Channel::Sms, Locale::ZhCn, &values(&[("t", &text)])).unwrap().sms.unwrap();
    assert_eq!((sms.length, sms.segments), (72, 2));
    assert_eq!(sms.parts.iter().map(|p| p.encode_utf16().count()).collect::<Vec<_>>(), vec![67, 5]);
    assert_eq!(sms.parts.concat(), sms.text);
    // A blank opt-out phrase, or `safe` in an e-mail body, is refused when loading.
    assert_eq!(TemplateSet::from_json(&doc.replace("拒收请回复R", " ")).unwrap_err().path, "messages.sms.opt_out");
}

#[test]
fn marketing_waits_for_08_00_and_service_does_not() {
    let policy = DeliveryPolicy::default();
    let consent = [Consent { channel: Channel::Sms, service: true, marketing: true }];
    let at = |s: &str| s.parse().unwrap();
    let plan = |category, when: &str| plan_delivery(&policy, Channel::Sms, category, &consent, &[], at(when)).unwrap();
    assert_eq!(plan(Category::Marketing, "2026-11-23T20:59:59").action, DeliveryAction::SendNow);
    let late = plan(Category::Marketing, "2026-11-23T21:00:00");
    assert_eq!((late.action, late.at), (DeliveryAction::Defer, Some(at("2026-11-24T08:00:00"))));
    let early = plan(Category::Marketing, "2026-11-24T07:59:00");
    assert_eq!(early.at, Some(at("2026-11-24T08:00:00")));
    assert_eq!(plan(Category::Service, "2026-11-23T23:30:00").action, DeliveryAction::SendNow);
    let sent = [Sent { channel: Channel::Sms, category: Category::Marketing, at: at("2026-11-23T09:00:00") }];
    let capped = plan_delivery(&policy, Channel::Sms, Category::Marketing, &consent, &sent, at("2026-11-23T10:00:00")).unwrap();
    assert_eq!((capped.action, capped.reason.as_str()), (DeliveryAction::Suppress, "daily_cap"));
    let no = plan_delivery(&policy, Channel::Push, Category::Service, &consent, &[], at("2026-11-23T10:00:00")).unwrap();
    assert_eq!((no.action, no.reason.as_str()), (DeliveryAction::Suppress, "no_consent"), "service needs consent too");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Segments cover the text, a masked value never appears unmasked, and rendering twice
    /// gives the same notice.
    #[test]
    fn sms_segments_masking_and_determinism(name in "[\\u{4e00}-\\u{9fa5}]{2,4}", account in "[0-9]{10}", cents in 0u64..100_000_000, period in "[a-z0-9]{0,20}", kwh in "[0-9]{1,12}") {
        let set = TemplateSet::builtin();
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        let v = values(&[("name", &name), ("account", &account), ("period", &period), ("kwh", &kwh), ("amount", &amount), ("due_date", "2026-12-15")]);
        let n = set.render("bill_notice", Channel::Sms, Locale::ZhCn, &v).unwrap();
        prop_assert_eq!(&n, &set.render("bill_notice", Channel::Sms, Locale::ZhCn, &v).unwrap());
        let sms = n.sms.unwrap();
        prop_assert!(sms.length <= 70 && sms.segments == 1 || sms.segments * 67 >= sms.length && (sms.segments - 1) * 67 < sms.length);
        prop_assert_eq!(sms.parts.concat(), sms.text.clone());
        prop_assert!(!sms.text.contains(&account) && !sms.text.contains(&name));
    }

    /// A phone number declared masked never reaches any channel unmasked; one declared
    /// unmasked does.
    #[test]
    fn phones_are_masked_by_declaration(phone in "1[3-9][0-9]{9}") {
        let doc = r#"{"sms": {"signature": "国网浙江电力", "opt_out": "拒收请回复R"}, "templates": [
          {"code": "contact", "name": {"zh": "联系", "en": "Contact"}, "channel": "push", "category": "service", "locale": "zh-CN",
           "variables": [{"name": "phone", "type": "phone"}, {"name": "hotline", "type": "phone", "masked": false}],
           "push": {"title": "预留手机{{ phone }}", "body": "您预留的手机{{ phone }}，客服{{ hotline }}"}}]}"#;
        let set = TemplateSet::from_json(doc).unwrap();
        let n = set.render("contact", Channel::Push, Locale::ZhCn, &values(&[("phone", &phone), ("hotline", "95598")])).unwrap();
        let push = n.push.unwrap();
        prop_assert!(!push.title.contains(&phone) && !push.body.contains(&phone));
        let masked = format!("{}****{}", &phone[..3], &phone[7..]);
        prop_assert!(push.body.contains(&masked) && push.body.ends_with("95598"));
    }
}
