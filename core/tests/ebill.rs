//! The e-bill: hand-checked figures, escaping, the sandbox's bounds on a utility's
//! templates, and property tests on the history and its chart.

use gridcore::ebill::{render_ebill, statement, EbillOptions, EbillStyle, PastMonth, View};
use gridcore::{bill, Bill, BillRequest, ErrorCode};
use proptest::prelude::*;

fn sample(name: &str) -> Bill {
    let path = format!("{}/../examples/data/requests/{name}.json", env!("CARGO_MANIFEST_DIR"));
    bill(&BillRequest::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()).unwrap()
}

fn month(m: &str, kwh: u32, amount: &str) -> PastMonth {
    PastMonth { month: m.parse().unwrap(), kwh: kwh.into(), amount: amount.parse().unwrap() }
}

#[test]
fn the_tou_split_and_the_counter_fragment() {
    let b = sample("04-zhejiang-residential-tou");
    let s = statement(&b, &EbillOptions::default()).unwrap();
    let split: Vec<String> = s.tou_split.iter().map(|t| format!("{} {} {}", t.period.as_str(), t.kwh, t.percent)).collect();
    assert_eq!(split, ["peak 180 60", "valley 120 40"]); // 180/300, 120/300
    let html = render_ebill(&b, &EbillOptions { view: View::Counter, ..Default::default() }).unwrap();
    assert!(html.starts_with("<section class=\"gc-counter\"") && !html.contains("<html"));
}

#[test]
fn a_utilitys_template_is_bounded() {
    let b = sample("01-zhejiang-tier-crossing");
    let with = |template: &str| EbillOptions { style: EbillStyle { template: Some(template.into()), ..Default::default() }, ..Default::default() };
    // Four nested loops over the lines: stopped by fuel, not left to run.
    let busy = "{% for a in data.groups %}{% for x in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20] %}{% for y in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20] %}{% for z in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20] %}{% for w in [1,2,3,4,5,6,7,8,9,10] %}.{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
    assert_eq!(render_ebill(&b, &with(busy)).unwrap_err().code, ErrorCode::OutOfRange);
    for bad in ["{{ data.total|safe }}", "{% autoescape false %}{{ data.total }}{% endautoescape %}", "{% include 'x' %}", "{{ nothing }}"] {
        let e = render_ebill(&b, &with(bad)).unwrap_err();
        assert_eq!(e.path, "options.style.template", "{bad}: {e}");
    }
    let many: Vec<PastMonth> = (0..241).map(|i| month(&format!("{:04}-01", 1700 + i), 1, "1")).collect();
    assert_eq!(statement(&b, &EbillOptions { history: many, ..Default::default() }).unwrap_err().path, "options.history");
}

#[test]
fn markup_in_values_is_text() {
    let mut b = sample("01-zhejiang-tier-crossing");
    b.tariff_name.zh = "<script>x</script>".into();
    b.lines[0].description.zh = "\"><img src=x>".into();
    let html = render_ebill(&b, &EbillOptions { style: EbillStyle { footer: Some("<b>hi</b>".into()), ..Default::default() }, ..Default::default() }).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>hi"));
    assert!(html.contains("&lt;script&gt;x&lt;&#x2f;script&gt;") || html.contains("&lt;script&gt;"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever earlier months are given, the chart shows at most 13, in order, ending with
    /// this month; the bars are as tall as their share of the tallest; nothing panics.
    #[test]
    fn history_and_bars(months in proptest::collection::btree_map(0u32..30, 0u32..100_000, 0..30)) {
        let b = sample("01-zhejiang-tier-crossing");
        // Month 0 is 2026-10, month i is i months earlier.
        let past: Vec<PastMonth> = months.iter().map(|(ago, kwh)| {
            let n = 2026 * 12 + 9 - *ago as i32;
            month(&format!("{:04}-{:02}", n / 12, n % 12 + 1), *kwh, "1.00")
        }).collect();
        let s = statement(&b, &EbillOptions { history: past, ..Default::default() }).unwrap();
        prop_assert!(s.history.len() <= 13);
        prop_assert_eq!(s.history.len(), months.keys().filter(|a| **a < 12).count() + 1);
        prop_assert!(s.history.windows(2).all(|w| w[0].month < w[1].month));
        prop_assert!(s.history.last().unwrap().current);
        prop_assert_eq!(s.history.iter().filter(|m| m.same_month_last_year).count(), usize::from(months.contains_key(&11)));
        let html = render_ebill(&b, &EbillOptions { history: s.history.iter().filter(|m| !m.current).map(|m| PastMonth { month: m.month, kwh: m.kwh, amount: m.amount }).collect(), ..Default::default() }).unwrap();
        prop_assert_eq!(html.matches("<rect class=\"bar\"").count(), 2 * s.history.len());
        // kWh bars: height / value is the same for every bar (to the 0.01 px the chart keeps).
        let kwh_chart = html.split("data-series=\"amount\"").next().unwrap();
        let max = s.history.iter().map(|m| m.kwh).max().unwrap();
        for rect in kwh_chart.split("<rect class=\"bar\"").skip(1) {
            let attr = |name: &str| -> rust_decimal::Decimal { rect.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap().parse().unwrap() };
            let want = if max.is_zero() { rust_decimal::Decimal::ZERO } else { (attr("data-value") / max * rust_decimal::Decimal::from(120)).round_dp(2) };
            prop_assert_eq!(attr("height"), want);
        }
    }
}
