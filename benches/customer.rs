//! Customer-model benchmarks (criterion). Run with `make bench`; figures go in
//! docs/performance.md.
//!
//! * attribute search by meaning on a 500-attribute catalog (the sample catalog's 19
//!   attributes plus 481 generated ones with Chinese names, synonyms and pinyin)
//! * a role view of one customer (masking included)
//! * tags and scores (`profiles`) for 1,000,000 customers: a 100,000-customer batch ten
//!   times over (to keep memory small), one core

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gridcore::customer::{profiles, search_attributes, view, Customer, CustomerConfig};
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

    // Households with an account, a year of monthly payments (one late in ten) and a
    // complaint now and then: the facts every tag and score reads.
    let batch: Vec<Customer> = (0..100_000u32)
        .map(|i| {
            let mut history: Vec<serde_json::Value> = (1..=12)
                .map(|m| serde_json::json!({"date": format!("2026-{m:02}-15"), "kind": "payment", "outcome": if (i + m) % 10 == 0 { "late" } else { "on_time" }}))
                .collect();
            if i % 7 == 0 {
                history.push(serde_json::json!({"date": "2026-09-01", "kind": "complaint", "outcome": if i % 3 == 0 { "unresolved" } else { "resolved" }}));
            }
            Customer::from_value(serde_json::json!({
                "customer_id": format!("C{i:07}"), "name": "用户", "customer_class": "residential", "since": format!("{}-03-01", 2000 + i % 26),
                "accounts": [{"account_id": format!("33{i:08}"), "account_name": "用户", "voltage": "low", "arrears": format!("{}.00", i % 300), "annual_kwh": format!("{}", 800 + i % 6000)}],
                "history": history, "e_bill": i % 2 == 0, "auto_pay": i % 5 == 0
            }))
            .unwrap()
        })
        .collect();
    let as_of = "2026-11-23".parse().unwrap();
    let mut group = c.benchmark_group("customer_batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1_000_000));
    group.bench_function("profiles_1m_customers", |b| {
        b.iter(|| {
            for _ in 0..10 {
                black_box(profiles(black_box(&config), black_box(&batch), as_of));
            }
        })
    });
    group.finish();
}

criterion_group!(customer, benches);
criterion_main!(customer);
