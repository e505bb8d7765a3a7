//! Messaging benchmarks (criterion). Run with `make bench`; figures go in docs/performance.md.
//!
//! * the bill-notice SMS from the built-in set: values checked, formatted and masked,
//!   MiniJinja render, signature, length and segmentation

use criterion::{criterion_group, criterion_main, Criterion};
use gridcore::messaging::{Channel, Locale, TemplateSet};
use std::collections::BTreeMap;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let set = TemplateSet::builtin();
    let values: BTreeMap<String, String> = [("name", "张伟"), ("account", "3300012345"), ("period", "2026年11月"), ("kwh", "300"), ("amount", "168.40"), ("due_date", "2026-12-15")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    c.bench_function("sms_bill_notice_render", |b| b.iter(|| set.render(black_box("bill_notice"), Channel::Sms, Locale::ZhCn, black_box(&values)).unwrap()));
}

criterion_group!(messaging, benches);
criterion_main!(messaging);
