//! Customer-model benchmarks (criterion). Run with `make bench`; figures go in
//! docs/performance.md.
//!
//! * attribute search by meaning on a 500-attribute catalog (the sample catalog's 19
//!   attributes plus 481 generated ones with Chinese names, synonyms and pinyin)
//! * a role view of one customer (masking included)

use criterion::{criterion_group, criterion_main, Criterion};
use gridcore::customer::{search_attributes, view, Customer, CustomerConfig};
use std::hint::black_box;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/data/customer/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn benches(c: &mut Criterion) {
    let mut doc: serde_json::Value = serde_json::from_str(&sample("config.json")).unwrap();
    let words = ["电费", "地址", "账单", "缴费", "合同", "表计", "台区", "线路", "用户", "负荷", "电量", "信用"];
    let attributes = doc["attributes"].as_array_mut().unwrap();
    for i in attributes.len()..500 {
        let w = words[i % words.len()];
        attributes.push(serde_json::json!({
            "code": format!("generated_{i}"), "name": {"zh": format!("{w}属性{i}"), "en": format!("Generated attribute {i}")},
            "group": "generated", "path": format!("extra.field_{i}"), "synonyms": [format!("{w}{i}")], "pinyin": format!("sx{i}")
        }));
    }
    let config = CustomerConfig::from_value(doc).unwrap();
    assert_eq!(config.spec().attributes.len(), 500);
    c.bench_function("attribute_search_500", |b| b.iter(|| search_attributes(black_box(&config), black_box("容量"), 10)));
    c.bench_function("attribute_search_500_pinyin", |b| b.iter(|| search_attributes(black_box(&config), black_box("rl"), 10)));

    let customers: Vec<serde_json::Value> = serde_json::from_str(&sample("customers.json")).unwrap();
    let zhang = Customer::from_value(customers[0].clone()).unwrap();
    c.bench_function("role_view_call_centre", |b| b.iter(|| view(black_box(&config), black_box(&zhang), "call_centre").unwrap()));
}

criterion_group!(customer, benches);
criterion_main!(customer);
