//! The monthly billing run on the bundled sample data: every request in
//! `examples/data/requests/` is billed (households, shops, a factory on a two-part tariff
//! with a power-factor adjustment), each bill printed as an explained table, then a run
//! summary, then two counter questions from `examples/data/scenarios/`: why did a
//! household's bill change from October, and would the time-of-use option be cheaper?
//! Then the points step: the bills paid (and e-bill / auto-pay sign-ups) go through the
//! sample rule book into each customer's ledger, a duplicate payment's refund takes its
//! points back, and the balances are printed; last, the notices the run produces on each
//! channel (segments, a truncated WeChat field, a deferred marketing SMS). `make demo`
//! runs this.
//!
//!     cargo run --release --example billing_run [-- DIR]

use gridcore::{bill, bill_many, compare, explain, what_if, BillRequest, Decimal, Tariff};
use std::sync::Arc;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/requests"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();

    let mut requests = Vec::with_capacity(files.len());
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        requests.push(BillRequest::from_json(&text).map_err(|e| format!("{}: {e}", file.display()))?);
    }

    println!("gridcore 月度电费发行 · monthly billing run — {} accounts\n", requests.len());
    let (mut billed, mut failed, mut kwh, mut amount) = (0, 0, Decimal::ZERO, Decimal::ZERO);
    let mut totals = Vec::new();
    let mut notices = Vec::new();
    for (file, result) in files.iter().zip(bill_many(&requests)) {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        println!("━━ {name} ━━");
        match result {
            Ok(b) => {
                println!("{}", explain::render(&b));
                billed += 1;
                kwh += b.usage.billed_kwh;
                amount += b.total;
                totals.push((b.account_id.clone(), b.total));
                notices.push((b.account_id.clone(), b.total, b.usage.billed_kwh.normalize()));
            }
            Err(e) => {
                println!("未出账 NOT BILLED: {e}\n");
                failed += 1;
            }
        }
    }
    println!("══ 发行汇总 Run summary ══");
    println!("出账 Billed: {billed} · 失败 Failed: {failed}");
    println!("计费电量 Billed energy: {} kWh", kwh.normalize());
    println!("应收电费 Amount due: {amount} 元 CNY");

    let scenarios = dir.join("../scenarios");
    let read = |name: &str| -> Result<serde_json::Value, Box<dyn std::error::Error>> { Ok(serde_json::from_str(&std::fs::read_to_string(scenarios.join(name))?)?) };

    let pair = read("compare-household.json")?;
    let before = bill(&BillRequest::from_value(pair["before"].clone())?)?;
    let after = bill(&BillRequest::from_value(pair["after"].clone())?)?;
    let c = compare(&before, &after)?;
    println!("\n══ 账单对比 Why did the bill change? 户号 {} ══", c.account_id);
    println!("{} – {}: {} 元  →  {} – {}: {} 元  (差额 difference {} 元)", c.before.period.start, c.before.period.end, c.before.total, c.after.period.start, c.after.period.end, c.after.total, c.difference);
    for part in &c.contributions {
        println!("  {:>8}  {}\n            {}", part.amount, part.text.zh, part.text.en);
    }

    let question = read("what-if-household.json")?;
    let request = BillRequest::from_value(question["request"].clone())?;
    let tariffs = question["tariffs"].as_array().ok_or("tariffs must be a list")?.iter().map(|t| Tariff::from_value(t.clone()).map(Arc::new)).collect::<Result<Vec<_>, _>>()?;
    let w = what_if(&request, &tariffs)?;
    println!("\n══ 电价方案比较 What if? 户号 {} ══", w.account_id);
    for o in &w.options {
        let mark = if o.current { " (现行 current)" } else { "" };
        println!("  {}. {} / {}{}: {} 元, 节省 saves {} 元", o.rank, o.tariff_name.zh, o.tariff_name.en, mark, o.total, o.saving);
    }

    // A reading cycle across 1 January: annual tiers counted per calendar day, the bill cut
    // at 1 January by the readings taken that day.
    let cycle = BillRequest::from_value(read("december-january-household.json")?)?;
    println!("\n══ 跨年抄表周期 A reading cycle across 1 January ══");
    print!("{}", explain::render(&bill(&cycle)?));

    counter_scenario(&dir.join("../customer"))?;
    let balances = points_run(&totals, &dir.join("../points"))?;
    let names: Vec<(String, String)> = requests.iter().map(|r| (r.account.account_id.clone(), r.account.name.clone().unwrap_or_default())).collect();
    notices_run(&notices, &names, &balances)
}
/// The notices the run produces: a bill notice per account (SMS, one by WeChat and one by
/// e-mail), an arrears reminder with its late fee for the customer who paid late, points
/// pushes, and an e-bill invitation that arrives after 21:00 and waits for the morning.
fn notices_run(bills: &[(String, Decimal, Decimal)], names: &[(String, String)], balances: &[(String, i64)]) -> Result<(), Box<dyn std::error::Error>> {
    use gridcore::messaging::{plan_delivery, Category, Channel, Consent, DeliveryPolicy, Locale, Notice, TemplateSet};
    use gridcore::{late_fee, CustomerClass, LateFeeRequest};
    use std::collections::BTreeMap;
    let set = TemplateSet::builtin();
    let vals = |pairs: &[(&str, String)]| -> BTreeMap<String, String> { pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect() };
    let show = |who: &str, n: &Notice| {
        if let Some(s) = &n.sms {
            println!("  短信 SMS    {who}  {} 字 chars, {} 条 segment(s): {}", s.length, s.segments, s.text);
        } else if let Some(w) = &n.wechat {
            let fields: Vec<String> = w.fields.iter().map(|f| format!("{}={}{}", f.key, f.value, if f.truncated { " (截断 truncated)" } else { "" })).collect();
            println!("  微信 WeChat {who}  {}: {}", w.template_id, fields.join(" · "));
        } else if let Some(p) = &n.push {
            println!("  推送 Push   {who}  {} — {}", p.title, p.body);
        } else if let Some(e) = &n.email {
            println!("  邮件 E-mail {who}  {} ({} bytes of HTML)", e.subject, e.html.len());
        }
    };
    println!("\n══ 消息 Notices of the run ══");
    for (account, total, kwh) in bills {
        let name = names.iter().find(|(a, _)| a == account).map(|(_, n)| n.split(' ').next().unwrap_or("").to_string()).unwrap_or_default();
        let v = vals(&[("name", name), ("account", account.clone()), ("period", "2026年11月".into()), ("kwh", kwh.to_string()), ("amount", total.to_string()), ("due_date", "2026-12-15".into())]);
        show(account, &set.render("bill_notice", Channel::Sms, Locale::ZhCn, &v)?);
    }
    let (account, total, _) = &bills[0];
    let tip = "请通过网上国网App缴费，逾期将按日加收电费违约金，详情请咨询95598".to_string();
    let w = vals(&[("account", account.clone()), ("period", "2026年11月".into()), ("amount", total.to_string()), ("due_date", "2026-12-15".into()), ("tip", tip)]);
    show(account, &set.render("bill_notice", Channel::Wechat, Locale::ZhCn, &w)?);
    if let Some((account, total, kwh)) = bills.last() {
        let e = vals(&[("name", "Machinery plant".into()), ("account", account.clone()), ("period", "Nov 2026".into()), ("kwh", kwh.to_string()), ("amount", total.to_string()), ("due_date", "2026-12-15".into())]);
        show(account, &set.render("bill_notice", Channel::Email, Locale::En, &e)?);
    }
    // 王芳 paid on 12-18: on 12-17 she is reminded, with the late fee so far.
    if let Some((account, total, _)) = bills.iter().find(|(a, _, _)| a == "3100034567") {
        let fee = late_fee(&LateFeeRequest { customer_class: CustomerClass::Residential, arrears: *total, due_date: "2026-12-15".parse()?, as_of: "2026-12-17".parse()?, bill_month: None, carried_over: None })?;
        let v = vals(&[("name", "王芳".into()), ("account", account.clone()), ("arrears", total.to_string()), ("late_fee", fee.amount.to_string()), ("as_of", "2026-12-17".into())]);
        show(account, &set.render("arrears_reminder", Channel::Sms, Locale::ZhCn, &v)?);
    }
    for (account, balance) in balances.iter().filter(|(_, b)| *b > 0).take(3) {
        let v = vals(&[("points", balance.to_string()), ("balance", balance.to_string()), ("reason", "11月缴费奖励".into())]);
        show(account, &set.render("points_awarded", Channel::Push, Locale::ZhCn, &v)?);
    }
    // Marketing is planned, not just rendered: at 21:30 it waits for 08:00.
    let invite = set.render("e_bill_invitation", Channel::Sms, Locale::ZhCn, &vals(&[("name", "李娜".into()), ("points", "50".into())]))?;
    show("1100023456", &invite);
    let consent = [Consent { channel: Channel::Sms, service: true, marketing: true }];
    let plan = plan_delivery(&DeliveryPolicy::default(), Channel::Sms, Category::Marketing, &consent, &[], "2026-12-20T21:30:00".parse()?)?;
    println!("  计划 Plan   1100023456  {:?} → {} — {} / {}", plan.action, plan.at.map(|t| t.to_string()).unwrap_or_default(), plan.text.zh, plan.text.en);
    Ok(())
}

/// The points step of the run: each bill's payment (amount = the bill's total) and the
/// sign-ups that came with it go through the rule book into the customer's ledger.
fn points_run(totals: &[(String, Decimal)], data: &std::path::Path) -> Result<Vec<(String, i64)>, Box<dyn std::error::Error>> {
    use gridcore::points::{process, Ledger, PointsEvent, PointsRules};
    use serde_json::json;
    let rules = PointsRules::from_json(&std::fs::read_to_string(data.join("rules.json"))?)?;
    let run: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(data.join("payments.json"))?)?;
    println!("\n══ 积分 Points: payments of the bills above through {} rules ══", rules.rules.len());
    let mut ledgers = Vec::new();
    for p in run["payments"].as_array().ok_or("payments must be a list")? {
        let account = p["account_id"].as_str().ok_or("account_id")?;
        let Some((_, total)) = totals.iter().find(|(a, _)| a == account) else { continue };
        let (date, tags) = (&p["paid_date"], p.get("customer_tags").cloned().unwrap_or(json!([])));
        // Keys a payment system would already have: the payment's and the sign-up's.
        let mut events = vec![json!({"key": format!("pay-{account}-2026-11"), "date": date, "customer_tags": tags,
            "event": {"type": "bill_paid", "amount": total.to_string(), "due_date": p["due_date"], "paid_date": date, "channel": p["channel"]}})];
        for (flag, kind) in [("e_bill_opted_in", "e_bill_opted_in"), ("auto_pay_enrolled", "auto_pay_enrolled")] {
            if p[flag] == true {
                events.push(json!({"key": format!("{kind}-{account}"), "date": date, "event": {"type": kind}}));
            }
        }
        let mut ledger = Ledger::new(account);
        let mut parts = Vec::new();
        for e in events {
            let o = process(&rules, &mut ledger, &PointsEvent::from_value(e)?)?;
            parts.extend(o.entries.iter().filter(|x| x.points != 0).map(|x| format!("{} +{}", x.rule.as_deref().unwrap_or("?"), x.points)));
        }
        let late = if p["paid_date"].as_str() > p["due_date"].as_str() { " (逾期 late: no points)" } else { "" };
        println!("  {account}  paid {total:>8} 元 on {} via {:<7}{late}  {}  → 余额 balance {}", date.as_str().unwrap_or(""), p["channel"].as_str().unwrap_or(""), parts.join(", "), ledger.balance());
        ledgers.push(ledger);
    }
    for r in run["refunds"].as_array().ok_or("refunds must be a list")? {
        let account = r["account_id"].as_str().ok_or("account_id")?;
        let Some(ledger) = ledgers.iter_mut().find(|l| l.customer_id() == account) else { continue };
        let refund = PointsEvent::from_value(json!({"key": format!("refund-{account}-2026-11"), "date": r["date"],
            "event": {"type": "bill_refunded", "payment_key": format!("pay-{account}-2026-11")}}))?;
        let first = process(&rules, ledger, &refund)?;
        let (taken, balance): (i64, i64) = (first.entries.iter().map(|e| e.points).sum(), first.balance);
        // A retried refund (the message queue delivered it twice) changes nothing.
        let again = process(&rules, ledger, &refund)?;
        println!("  {account}  退款 refund on {} ({}): {taken} points, balance {balance}; retried → replayed={}, balance {}",
            r["date"].as_str().unwrap_or(""), r["reason"].as_str().unwrap_or(""), again.replayed, again.balance);
    }
    let total: i64 = ledgers.iter().map(Ledger::balance).sum();
    println!("  积分余额 Balances: {} — {total} points in all", ledgers.iter().map(|l| format!("{} {}", l.customer_id(), l.balance())).collect::<Vec<_>>().join(", "));
    Ok(ledgers.iter().map(|l| (l.customer_id().to_string(), l.balance())).collect())
}

/// A customer at the business-hall counter: what the clerk sees, what must be confirmed
/// before paying, what a call-centre agent sees of the same customer, and the mood.
fn counter_scenario(data: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    use gridcore::customer::{confirmations_required, evaluate_tags, mood, score, search_attributes, view, Customer, CustomerConfig};
    let config = CustomerConfig::from_json(&std::fs::read_to_string(data.join("config.json"))?)?;
    let customers: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(data.join("customers.json"))?)?;
    let zhang = Customer::from_value(customers[0].clone())?;
    let as_of: chrono::NaiveDate = "2026-11-23".parse()?;
    println!("\n══ 营业厅 Counter: {} 来缴费 comes to pay, {as_of} ══", zhang.customer_id);
    for (role, title) in [("counter_clerk", "受理员视图 Clerk's view"), ("call_centre", "95598 坐席视图 Call-centre view (masked)")] {
        println!("  {title}:");
        for f in view(&config, &zhang, role)?.fields {
            let label = format!("{}{}", f.name.zh, if f.masked { " (掩码 masked)" } else { "" });
            // Pad by display width: a Chinese character takes two columns.
            let width: usize = label.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum();
            println!("    {label}{} {}", " ".repeat(30usize.saturating_sub(width)), f.value);
        }
    }
    println!("  须核对 To confirm before the payment:");
    for c in confirmations_required(&config, &zhang, "counter_payment", as_of)? {
        println!("    · {}\n      {}", c.text.zh, c.text.en);
    }
    let m = mood(&config, &zhang, as_of)?;
    println!("  情绪 Mood: {:?} ({} 分 points) — {}", m.level, m.points, m.text.en);
    println!("  标签 Tags:");
    for t in evaluate_tags(&config, &zhang, as_of) {
        let mark = if t.applies { "✓" } else { "·" };
        println!("    {mark} {} / {} (v{}, {:?}): {}", t.name.zh, t.name.en, t.version, t.state, t.reason);
    }
    for model in ["value", "credit"] {
        let s = score(&config, &zhang, model, as_of)?;
        let parts: Vec<String> = s.contributions.iter().map(|c| format!("{} {} → {}", c.fact.as_str(), c.value, c.points)).collect();
        println!("  评分 Score {model}: {} ({}) = {}", s.score, s.grade, parts.join(" + "));
    }
    let found: Vec<String> = search_attributes(&config, "容量", 5).into_iter().map(|a| format!("{} ({})", a.name.zh, a.code)).collect();
    println!("  查找 Search 「容量」: {}", found.join(", "));
    Ok(())
}
