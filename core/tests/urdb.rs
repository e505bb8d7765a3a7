//! Property tests of URDB rates and annual bills: no document panics the reader, and every
//! bill adds up (lines → months → year) whatever the rate and load.

use gridcore::billing::urdb::{bill_annual, Allocation, AnnualAmounts, AnnualRequest, HourlyLoad, UrdbTariff};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn schedule(periods: u64, seed: u64) -> Value {
    json!((0..12).map(|m| (0..24).map(|h| (seed.wrapping_mul(31).wrapping_add(m * 7 + h / 6)) % periods).collect::<Vec<_>>()).collect::<Vec<_>>())
}

fn rate(periods: u64, tiers: usize, seed: u64, demand: bool) -> Value {
    let tier = |p: u64, t: usize| {
        // Mills over 1000: the closest double to the decimal, which the reader recovers.
        let mut v = json!({"rate": ((p + 1) * 50 + t as u64 * 13) as f64 / 1000.0});
        if t + 1 < tiers {
            v["max"] = json!(100 * (t + 1));
        }
        v
    };
    let mut doc = json!({
        "name": "generated", "utility": "test",
        "energyratestructure": (0..periods).map(|p| (0..tiers).map(|t| tier(p, t)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "energyweekdayschedule": schedule(periods, seed), "energyweekendschedule": schedule(periods, seed / 3),
        "fixedchargefirstmeter": 7.25, "mincharge": 40, "minchargeunits": "$/month",
    });
    if demand {
        doc["flatdemandstructure"] = json!([[{"rate": 3.5, "max": 2}, {"rate": 6}]]);
        doc["flatdemandmonths"] = json!(vec![0; 12]);
        doc["demandratestructure"] = json!([[{"rate": 1}], [{"rate": 4.75}]]);
        doc["demandweekdayschedule"] = schedule(2, seed);
        doc["demandweekendschedule"] = schedule(2, seed + 1);
    }
    doc
}

fn load(seed: u64, scale: u32) -> HourlyLoad {
    let mut x = seed | 1;
    let values: Vec<Decimal> = (0..8760)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Decimal::new((x % 5_000) as i64, scale)
        })
        .collect();
    HourlyLoad::from_decimals(&values).unwrap()
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        (-1e40f64..1e40).prop_map(|f| json!(f)),
        "[a-zA-Z$/ ]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| prop_oneof![prop::collection::vec(inner.clone(), 0..14).prop_map(Value::Array), prop::collection::btree_map("[a-z]{1,6}", inner, 0..4).prop_map(|m| json!(m))])
}

const FIELDS: &[&str] = &[
    "energyratestructure", "energyweekdayschedule", "energyweekendschedule", "demandratestructure", "demandweekdayschedule", "flatdemandstructure",
    "flatdemandmonths", "fixedchargefirstmeter", "fixedchargeunits", "mincharge", "minchargeunits", "dgrules", "demandwindow", "demandratchetpercentage",
    "coincidentratestructure", "flatdemandunit", "name", "items", "unknownfield",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any value in any field: an error naming a `urdb…` path, or a rate that bills.
    #[test]
    fn no_document_panics_the_reader(field in prop::sample::select(FIELDS), value in json_value(), seed in any::<u64>()) {
        let mut doc = rate(2, 2, seed, true);
        doc[field] = value;
        match UrdbTariff::from_urdb_value(&doc) {
            Err(e) => prop_assert!(e.path.starts_with("urdb"), "{e:?}"),
            Ok(t) => { bill_annual(&t, &AnnualRequest::new(load(seed, 3)))?; }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Lines sum to months, months to the year; rounded lines are cents; one tier per period
    /// makes the two allocations agree.
    #[test]
    fn bills_add_up(periods in 1u64..4, tiers in 1usize..4, seed in any::<u64>(), scale in 0u32..4, demand in any::<bool>(), chronological in any::<bool>()) {
        let t = UrdbTariff::from_urdb_value(&rate(periods, tiers, seed, demand)).unwrap();
        let mut request = AnnualRequest::new(load(seed, scale));
        request.allocation = Some(if chronological { Allocation::Chronological } else { Allocation::Proportional });
        let bill = bill_annual(&t, &request).unwrap();
        let mut year = Decimal::ZERO;
        for m in &bill.months {
            let lines: Decimal = m.lines.iter().map(|l| l.amount).sum();
            prop_assert_eq!(lines, m.total);
            prop_assert_eq!(m.energy + m.demand + m.fixed + m.minimum, m.total);
            prop_assert!(m.lines.iter().all(|l| l.amount.scale() == 2));
            prop_assert!(m.total >= Decimal::from(40));
            year += m.total;
        }
        prop_assert_eq!(year, bill.total);
        if tiers == 1 {
            request.allocation = Some(if chronological { Allocation::Proportional } else { Allocation::Chronological });
            request.amounts = AnnualAmounts::Unrounded;
            let a = bill_annual(&t, &request).unwrap();
            request.allocation = Some(if chronological { Allocation::Chronological } else { Allocation::Proportional });
            let b = bill_annual(&t, &request).unwrap();
            prop_assert_eq!(a.total, b.total);
        }
    }
}
