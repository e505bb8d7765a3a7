//! E-bills: the statement (history, tier progress, TOU split, explained lines) and the
//! whole HTML document with its charts, for the three accounts the browser tests load.

use criterion::{criterion_group, criterion_main, Criterion};
use gridcore::ebill::{render_ebill, statement, EbillOptions, PastMonth};
use gridcore::{bill, BillRequest};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let root = format!("{}/../examples/data", env!("CARGO_MANIFEST_DIR"));
    let history: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{root}/ebills/history.json")).unwrap()).unwrap();
    for (name, file) in [("residential", "01-zhejiang-tier-crossing"), ("tou", "04-zhejiang-residential-tou"), ("industrial", "07-factory-two-part-pf")] {
        let b = bill(&BillRequest::from_json(&std::fs::read_to_string(format!("{root}/requests/{file}.json")).unwrap()).unwrap()).unwrap();
        let past: Vec<PastMonth> = serde_json::from_value(history["accounts"][&b.account_id].clone()).unwrap();
        let options = EbillOptions { history: past, points_balance: Some(87), ..Default::default() };
        c.bench_function(&format!("ebill_statement_{name}"), |x| x.iter(|| statement(black_box(&b), black_box(&options)).unwrap()));
        c.bench_function(&format!("ebill_html_{name}"), |x| x.iter(|| render_ebill(black_box(&b), black_box(&options)).unwrap()));
    }
}

criterion_group! {
    name = ebill;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(ebill);
