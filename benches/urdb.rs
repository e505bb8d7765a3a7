//! Annual 8,760-hour bills under URDB rates: the Rust core's side of the comparison with
//! NREL SAM (benches/python/urdb_vs_sam.py times SAM and the Python binding on the same
//! cases). The request is prepared outside the timed loop, as SAM's inputs are set before
//! its `execute`; parsing the request's JSON is timed on its own.

use criterion::{criterion_group, criterion_main, Criterion};
use gridcore::billing::urdb::{bill_annual, AnnualRequest, UrdbTariff};
use std::hint::black_box;

const CASES: &[&str] = &[
    "annual-sam-01-flat-typical",
    "annual-sam-08-tou-tiers-typical-proportional",
    "annual-sam-09-tou-tiers-typical-chronological",
    "annual-sam-15-tou-demand-typical",
    "annual-sam-23-everything-typical-proportional",
];

fn case(name: &str) -> (UrdbTariff, AnnualRequest, String) {
    let path = format!("{}/../tests/conformance/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let tariff = UrdbTariff::from_urdb_value(&case["input"]["urdb"]).unwrap();
    let text = case["input"]["request"].to_string();
    (tariff, AnnualRequest::from_json(&text).unwrap(), text)
}

fn benches(c: &mut Criterion) {
    for name in CASES {
        let (tariff, request, text) = case(name);
        let short = name.trim_start_matches("annual-sam-");
        c.bench_function(&format!("annual_{short}"), |b| b.iter(|| bill_annual(black_box(&tariff), black_box(&request)).unwrap()));
        if name.ends_with("everything-typical-proportional") {
            c.bench_function("annual_request_from_json_8760", |b| b.iter(|| AnnualRequest::from_json(black_box(&text)).unwrap()));
        }
    }
}

criterion_group!(urdb, benches);
criterion_main!(urdb);
