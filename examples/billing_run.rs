//! The monthly billing run on the bundled sample data: every request in
//! `examples/data/requests/` is billed (households, shops, a factory on a two-part tariff
//! with a power-factor adjustment), each bill printed as an explained table, then a run
//! summary, then two counter questions from `examples/data/scenarios/`: why did a
//! household's bill change from October, and would the time-of-use option be cheaper?
//! Then the money cycle: the bills become receivables in each account's payments ledger,
//! the month's payments (`examples/data/payments/`) are allocated — in full, in part,
//! three days late with the late fee assessed at payment, twice through two channels (the
//! second waits as prepaid and pays the next bill), once reversed (冲正) — the arrears
//! view is shown, and WeChat Pay's settlement file for one day is reconciled with one
//! amount the channel keyed wrong. The payments' `bill_paid` / `bill_refunded` events go
//! through the points rule book; last, the notices of the run (bill notices, payment
//! receipts, the arrears reminder quoting the arrears view, points pushes, a deferred
//! marketing SMS).
//! `make demo` runs this.
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
    let mut notices = Vec::new();
    let mut issued = Vec::new();
    for (file, result) in files.iter().zip(bill_many(&requests)) {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        println!("━━ {name} ━━");
        match result {
            Ok(b) => {
                println!("{}", explain::render(&b));
                billed += 1;
                kwh += b.usage.billed_kwh;
                amount += b.total;
                notices.push((b.account_id.clone(), b.total, b.usage.billed_kwh.normalize()));
                issued.push(b);
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
    let names: Vec<(String, String)> = requests.iter().map(|r| (r.account.account_id.clone(), r.account.name.clone().unwrap_or_default())).collect();
    let money = money_run(&issued, &dir.join("../payments"))?;
    let balances = points_run(&money.points, &dir.join("../points"))?;
    notices_run(&notices, &names, &balances, &money)?;
    ebills_run(&issued, &c, &money, &balances, &dir.join("../ebills"))
}

/// The e-bill centre: each account's e-bill (Chinese and English) with its history,
/// tier progress or time-of-use split, the payment status from the arrears view and the
/// points balance, written to `target/ebills/`; the household whose bill changed gets the
/// comparison's sentences, and the counter view a clerk shows it on.
fn ebills_run(bills: &[gridcore::Bill], comparison: &gridcore::Comparison, money: &Money, balances: &[(String, i64)], data: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    use gridcore::ebill::{render_ebill, EbillOptions, PastMonth, PaymentStatus, View};
    use gridcore::{ebill::PaymentState, messaging::Locale};
    let history: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(data.join("history.json"))?)?;
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/ebills");
    std::fs::create_dir_all(&out)?;
    let out = out.canonicalize()?;
    println!("\n══ 电子账单 E-bills of the run (open them in a browser) ══");
    for b in bills {
        let past: Vec<PastMonth> = serde_json::from_value(history["accounts"][&b.account_id].clone())?;
        // Whoever still owes on the run's day is overdue; the others paid in full.
        let payment = match money.owing.iter().find(|a| a.account_id == b.account_id) {
            Some(a) => PaymentStatus { state: PaymentState::Overdue, paid: None, paid_on: None, amount_due: Some(a.amount_due), late_fee: Some(a.late_fee), prepaid: Some(a.prepaid) },
            None => PaymentStatus { state: PaymentState::Paid, paid: Some(b.total), paid_on: None, amount_due: None, late_fee: None, prepaid: None },
        };
        let mut options = EbillOptions {
            history: past,
            comparison: (comparison.account_id == b.account_id && comparison.after.total == b.total).then(|| comparison.clone()),
            due_date: Some("2026-12-15".parse()?),
            payment: Some(payment),
            points_balance: balances.iter().find(|(a, _)| *a == b.account_id).map(|(_, p)| *p),
            ..Default::default()
        };
        let mut paths = Vec::new();
        for (locale, suffix) in [(Locale::ZhCn, ""), (Locale::En, ".en")] {
            options.locale = locale;
            let path = out.join(format!("{}{suffix}.html", b.account_id));
            std::fs::write(&path, render_ebill(b, &options)?)?;
            paths.push(path);
        }
        println!("  {}  {}  (English: {})", b.account_id, paths[0].display(), paths[1].file_name().and_then(|n| n.to_str()).unwrap_or(""));
        if options.comparison.is_some() {
            options.view = View::Counter;
            options.locale = Locale::ZhCn;
            let path = out.join(format!("counter-{}.html", b.account_id));
            std::fs::write(&path, render_ebill(b, &options)?)?;
            println!("  {}  {}  (柜台视图 the counter view: why did the bill change?)", b.account_id, path.display());
        }
    }
    Ok(())
}

/// What the money cycle hands the points and notices steps: data, no calls.
struct Money {
    /// Points events in arrival order: (account, event).
    points: Vec<(String, serde_json::Value)>,
    /// `payment_received` values per payment.
    received: Vec<std::collections::BTreeMap<String, String>>,
    /// The arrears view of each account that still owes.
    owing: Vec<gridcore::payments::Arrears>,
}

/// The money cycle: the run's bills become receivables, the month's payments are
/// allocated (late fee at payment, a partial payment, a payment twice → prepaid, a
/// reversal), then the arrears view and the reconciliation of WeChat Pay's file.
fn money_run(bills: &[gridcore::Bill], data: &std::path::Path) -> Result<Money, Box<dyn std::error::Error>> {
    use gridcore::payments::{read_settlement, reconcile, settlement_csv, AccountSetup, Ledger, Operation, SettlementLayout};
    use gridcore::CustomerClass;
    use serde_json::json;
    let month: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(data.join("2026-12.json"))?)?;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    println!("\n══ 收费 Payments: the bills as receivables, the month's payments allocated ══");
    let mut ledgers = Vec::new();
    for b in bills {
        let class = if b.tariff_id.contains("residential") { CustomerClass::Residential } else { CustomerClass::NonResidential };
        let mut ledger = Ledger::new(AccountSetup { account_id: b.account_id.clone(), customer_class: class, policy: Default::default() })?;
        // The bill's components when its subtotals add up to its total (they do unless
        // the tariff rounds the bill as a whole).
        let subtotal: Decimal = b.subtotals.iter().map(|s| s.amount).sum();
        let components: Vec<serde_json::Value> = if subtotal == b.total { b.subtotals.iter().map(|s| json!({"code": s.component, "amount": s.amount.to_string()})).collect() } else { vec![] };
        ledger.apply(Operation::from_value(json!({"op": "issue", "key": format!("bill-{}-2026-11", b.account_id), "issued_on": month["issued_on"],
            "bill": {"bill_id": "2026-11", "bill_month": "2026-11", "due_date": month["due_date"], "amount": b.total.to_string(), "components": components}}))?)?;
        println!("  {}  应收 bill 2026-11 {:>10} 元, 到期 due {}", b.account_id, b.total, text(&month["due_date"]));
        ledgers.push(ledger);
    }
    let mut money = Money { points: Vec::new(), received: Vec::new(), owing: Vec::new() };
    let list = |name: &str| month[name].as_array().cloned().ok_or(format!("{name} must be a list"));
    for doc in list("operations")? {
        apply_shown(&mut ledgers, &doc, &mut money)?;
    }
    let as_of: chrono::NaiveDate = text(&month["as_of"]).parse()?;
    println!("\n══ 欠费 Arrears as of {as_of} (what the counter, 95598 and the app all show) ══");
    for ledger in &ledgers {
        let a = ledger.arrears(as_of)?;
        println!("  {}  应缴 due {:>10} = 本金 principal {:>10} + 违约金 late fee {:>6} · 预存 prepaid {:>6} · 逾期 {} 天 days overdue",
            a.account_id, a.amount_due, a.principal, a.late_fee, a.prepaid, a.days_overdue);
        if !a.amount_due.is_zero() {
            money.owing.push(a);
        }
    }

    // The channel's file for one day (T+1): written from what the engine booked that day,
    // with the channel's own keying error in one row, then read back and matched against
    // everything booked for the channel from that day on (later days: the next files).
    let s = &month["settlement"];
    let (channel, day, cutoff): (_, chrono::NaiveDate, chrono::NaiveDateTime) = (text(&s["channel"]), text(&s["day"]).parse()?, text(&s["cutoff"]).parse()?);
    let mut booked: Vec<_> = ledgers.iter().flat_map(Ledger::booked).filter(|b| b.channel == channel && b.at.date() >= day).collect();
    booked.sort_by_key(|b| b.at);
    let mut theirs: Vec<_> = booked.iter().filter(|b| b.at < cutoff).cloned().collect();
    for b in theirs.iter_mut().filter(|b| b.txn_no == text(&s["mismatch"]["txn_no"])) {
        b.amount = text(&s["mismatch"]["amount"]).parse()?;
    }
    let csv = settlement_csv(&theirs);
    println!("\n══ 对账 Reconciliation: {channel}'s settlement file for {day}, cut at {cutoff} ══\n  ({})", text(&s["mismatch"]["why"]));
    csv.lines().for_each(|l| println!("  | {l}"));
    print!("{}", reconcile(&read_settlement(&SettlementLayout::generic(), &csv)?, &booked, cutoff).render());

    println!("\n══ 次月 The next month: 李娜's second payment, prepaid, pays her December bill ══");
    for doc in list("next_bills")? {
        apply_shown(&mut ledgers, &doc, &mut money)?;
    }
    Ok(money)
}

/// Applies one operation of the month's feed to its account's ledger, prints what it
/// wrote, and keeps the events and notice values it produces.
fn apply_shown(ledgers: &mut [gridcore::payments::Ledger], doc: &serde_json::Value, money: &mut Money) -> Result<(), Box<dyn std::error::Error>> {
    use gridcore::payments::{EntryKind, Operation};
    use gridcore::{late_fee, LateFeeRequest, Text};
    let account = doc["account_id"].as_str().unwrap_or_default().to_string();
    let ledger = ledgers.iter_mut().find(|l| l.setup().account_id == account).ok_or("an operation for an account the run did not bill")?;
    let mut op = doc.clone();
    op.as_object_mut().ok_or("an operation is an object")?.remove("account_id");
    let op = Operation::from_value(op)?;
    // The arrears as the payment finds them: what its late fee is computed on.
    let before = match &op { Operation::Pay { paid_at, .. } => ledger.arrears(paid_at.date()).ok(), _ => None };
    let class = ledger.setup().customer_class;
    let out = ledger.apply(op.clone())?;
    let head = match &op {
        Operation::Pay { channel, txn_no, amount, paid_at, .. } => format!("{paid_at} 缴费 pay {amount} 元 via {channel} ({txn_no})"),
        Operation::Reverse { payment_key, at, .. } => format!("{at} 冲正 reversal of {payment_key}"),
        Operation::Issue { bill, issued_on, .. } => format!("{issued_on} 出账 bill {} of {} 元 issued", bill.bill_id, bill.amount),
        other => format!("{} {}", other.at(), other.name()),
    };
    println!("  {account}  {head}");
    let mut why: Vec<Text> = Vec::new();
    let row = |kind: &str, bill: &str, component: &str, amount: Decimal| println!("      {kind:<11} {bill:<8} {component:<13} {amount:>11}");
    for e in out.entries.iter().filter(|e| !matches!(e.kind, EntryKind::Payment | EntryKind::BillIssued)) {
        row(&format!("{:?}", e.kind), e.bill_id.as_deref().unwrap_or(""), e.component.as_deref().unwrap_or(""), e.amount);
        if let (EntryKind::LateFee, Operation::Pay { paid_at, .. }) = (e.kind, &op) {
            let item = before.iter().flat_map(|a| &a.items).find(|i| Some(i.bill_id.as_str()) == e.bill_id.as_deref());
            // The same figure by the shared penalty rule, to show how it is made (when the
            // principal was one amount all the late days; else the ledger sums stretches).
            let fee = item.map(|i| late_fee(&LateFeeRequest { customer_class: class, arrears: i.principal, due_date: i.due_date, as_of: paid_at.date(), bill_month: Some(i.bill_month), carried_over: None })).transpose()?;
            if let Some(fee) = fee.filter(|f| f.amount == e.amount) {
                let bands: Vec<String> = fee.lines.iter().map(|l| format!("{} × {}‰ × {} 天 days ({} – {}) = {}", fee.arrears, (l.daily_rate * Decimal::from(1000)).normalize(), l.days, l.first_day, l.last_day, l.amount)).collect();
                let floor = if fee.minimum_applied { format!(" → 不足 1 元按 1 元 below the 1 元 minimum: {}", fee.amount) } else { String::new() };
                println!("        = {}{floor}", bands.join(" + "));
            }
        }
        why.extend(e.reason.map(|r| r.text()).filter(|t| !why.contains(t)));
    }
    // What no open bill took stays as prepaid money (the engine writes no entry for it).
    if let Operation::Pay { key, amount, .. } = &op {
        let applied: Decimal = out.entries.iter().filter(|e| e.kind == EntryKind::Allocation && e.source.as_deref() == Some(key.as_str())).map(|e| e.amount).sum();
        if applied < *amount {
            row("Prepaid", "", "", *amount - applied);
            why.push(Text::new("无未缴账单，余款转为预存，抵扣下期电费", "nothing left open: the rest is kept as prepaid for the next bill"));
        }
    }
    for t in why {
        println!("      ∵ {} / {}", t.zh, t.en);
    }
    println!("      → 应缴 due {} · 预存 prepaid {}", out.amount_due, out.prepaid);
    match &op {
        Operation::Pay { key, .. } => {
            let events = ledger.payment_events(key)?;
            money.points.extend(events.points.into_iter().map(|p| (account.clone(), p)));
            money.received.push(events.notice);
        }
        Operation::Reverse { payment_key, .. } => money.points.extend(ledger.payment_events(payment_key)?.points.into_iter().map(|p| (account.clone(), p))),
        // Prepaid money that pays the new bill: its payment now pays this bill too.
        Operation::Issue { bill, .. } => {
            let mut sources: Vec<String> = out.entries.iter().filter(|e| e.kind == EntryKind::Allocation).filter_map(|e| e.source.as_deref().map(String::from)).collect();
            sources.sort();
            sources.dedup();
            for key in sources {
                let new = ledger.payment_events(&key)?.points.into_iter().filter(|p| p["key"].as_str().is_some_and(|k| k.ends_with(&format!("/{}", bill.bill_id))));
                money.points.extend(new.map(|p| (account.clone(), p)));
            }
        }
        _ => {}
    }
    Ok(())
}
/// The notices the run produces: a bill notice per account (SMS, one by WeChat and one by
/// e-mail), an arrears reminder with its late fee for the customer who paid late, points
/// pushes, and an e-bill invitation that arrives after 21:00 and waits for the morning.
fn notices_run(bills: &[(String, Decimal, Decimal)], names: &[(String, String)], balances: &[(String, i64)], money: &Money) -> Result<(), Box<dyn std::error::Error>> {
    use gridcore::messaging::{plan_delivery, Category, Channel, Consent, DeliveryPolicy, Locale, Notice, TemplateSet};
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
    // Each payment's receipt, from the values the payments domain gives.
    for v in &money.received {
        let mut v = v.clone();
        let shown = match v["channel"].as_str() { "wechat" => "微信", "bank" => "银行代收", "app" => "网上国网", "counter" => "营业厅", other => other }.to_string();
        v.insert("channel".into(), shown);
        show(&v["account"], &set.render("payment_received", Channel::Sms, Locale::ZhCn, &v)?);
    }
    // Who still owes is reminded with the arrears view's figures (late fee to date).
    for a in &money.owing {
        let mut v = a.notice_values();
        let name = names.iter().find(|(id, _)| *id == a.account_id).map(|(_, n)| n.split(' ').next().unwrap_or("").to_string()).unwrap_or_default();
        v.insert("name".into(), name);
        show(&a.account_id, &set.render("arrears_reminder", Channel::Sms, Locale::ZhCn, &v)?);
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

/// The points step of the run: the `bill_paid` / `bill_refunded` events the payments
/// produced, with the sign-ups that came with them, go through the rule book into each
/// customer's ledger.
fn points_run(events: &[(String, serde_json::Value)], data: &std::path::Path) -> Result<Vec<(String, i64)>, Box<dyn std::error::Error>> {
    use gridcore::points::{process, Ledger, PointsEvent, PointsRules};
    use serde_json::json;
    let rules = PointsRules::from_json(&std::fs::read_to_string(data.join("rules.json"))?)?;
    let customers: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(data.join("customers.json"))?)?;
    println!("\n══ 积分 Points: the payments' events through {} rules ══", rules.rules.len());
    let mut ledgers: Vec<Ledger> = Vec::new();
    for (account, event) in events {
        let mut event = event.clone();
        let c = customers["customers"].as_array().ok_or("customers must be a list")?.iter().find(|c| c["account_id"] == account.as_str()).cloned().unwrap_or(json!({}));
        if let Some(tags) = c.get("customer_tags") {
            event["customer_tags"] = tags.clone();
        }
        let mut batch = vec![event.clone()];
        // The sign-ups a customer made with the first payment (keys the app already has).
        if !ledgers.iter().any(|l| l.customer_id() == account) {
            for kind in ["e_bill_opted_in", "auto_pay_enrolled"] {
                if c[kind] == true {
                    batch.push(json!({"key": format!("{kind}-{account}"), "date": event["date"], "event": {"type": kind}}));
                }
            }
            ledgers.push(Ledger::new(account));
        }
        let ledger = ledgers.iter_mut().find(|l| l.customer_id() == account).expect("added above");
        let mut parts = Vec::new();
        for e in batch {
            let o = process(&rules, ledger, &PointsEvent::from_value(e)?)?;
            parts.extend(o.entries.iter().filter(|x| x.points != 0).map(|x| format!("{} {:+}", x.rule.as_deref().unwrap_or("退回 taken back"), x.points)));
        }
        let e = &event["event"];
        let what = match e["type"].as_str() {
            Some("bill_paid") if e["paid_date"].as_str() > e["due_date"].as_str() => format!("bill_paid {} 元 on {} (逾期 late: no on-time points)", e["amount"].as_str().unwrap_or(""), e["paid_date"].as_str().unwrap_or("")),
            Some("bill_paid") => format!("bill_paid {} 元 on {} via {}", e["amount"].as_str().unwrap_or(""), e["paid_date"].as_str().unwrap_or(""), e["channel"].as_str().unwrap_or("")),
            _ => format!("bill_refunded ({})", e["payment_key"].as_str().unwrap_or("")),
        };
        println!("  {account}  {what}  {}  → 余额 balance {}", parts.join(", "), ledger.balance());
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
