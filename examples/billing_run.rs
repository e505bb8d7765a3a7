//! The monthly billing run on the bundled sample data: every request in
//! `examples/data/requests/` is billed (households, shops, a factory on a two-part tariff
//! with a power-factor adjustment), each bill printed as an explained table, then a run
//! summary, then two counter questions from `examples/data/scenarios/`: why did a
//! household's bill change from October, and would the time-of-use option be cheaper?
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
    for (file, result) in files.iter().zip(bill_many(&requests)) {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        println!("━━ {name} ━━");
        match result {
            Ok(b) => {
                println!("{}", explain::render(&b));
                billed += 1;
                kwh += b.usage.billed_kwh;
                amount += b.total;
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
    Ok(())
}
