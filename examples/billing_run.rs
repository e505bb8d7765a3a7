//! The monthly billing run on the bundled sample data: every request in
//! `examples/data/requests/` is billed, each bill printed as an explained table, then a
//! run summary. `make demo` runs this.
//!
//!     cargo run --release --example billing_run [-- DIR]

use gridcore::{bill_many, explain, BillRequest, Decimal};
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
    Ok(())
}
