//! Property tests of the customer domain: masks hold for every role, scores add up, a
//! merge can be undone.

mod customer_masking {
    use gridcore::customer::{view, Customer, CustomerConfig};
    use proptest::prelude::*;

    fn config() -> CustomerConfig {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/customer/config.json");
        CustomerConfig::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn customer(name: &str, id: &str, account: &str, mobile: &str) -> Customer {
        Customer::from_value(serde_json::json!({
            "customer_id": "C1", "name": name, "customer_class": "residential", "id_number": id, "since": "2020-01-01",
            "accounts": [{"account_id": account, "account_name": name, "voltage": "low"}],
            "contacts": [{"kind": "mobile", "value": mobile, "source": "app", "confirmed_on": "2026-01-01", "for_notices": true}]
        }))
        .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// A masked role never receives the unmasked value: not in the masked field, not
        /// anywhere in the view it is given.
        #[test]
        fn masked_roles_never_see_the_value(
            name in "[\u{4e00}-\u{9fa5}]{2,4}", id in "[0-9]{17}[0-9X]", account in "[0-9]{10}", mobile in "1[3-9][0-9]{9}",
        ) {
            let config = config();
            let c = customer(&name, &id, &account, &mobile);
            for role in ["call_centre", "counter_clerk", "repair_crew"] {
                let v = view(&config, &c, role).unwrap();
                let everything = serde_json::to_string(&v).unwrap();
                for f in v.fields.iter().filter(|f| f.masked) {
                    let raw = match f.code.as_str() { "name" | "account_name" => &name, "id_number" => &id, "account_id" => &account, "mobile" => &mobile, other => panic!("unexpected masked {other}") };
                    prop_assert_ne!(&f.value, raw);
                    prop_assert!(!everything.contains(raw.as_str()), "{} leaks {} in role {}", f.code, raw, role);
                }
            }
        }
    }
}

mod customer_scores_and_merges {
    use gridcore::customer::{merge, profiles, score, unmerge, Customer, CustomerConfig};
    use proptest::prelude::*;

    fn config() -> CustomerConfig {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/customer/config.json");
        CustomerConfig::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn customer() -> impl Strategy<Value = Customer> {
        (0u32..100_000, 0u32..40, 0u32..200_000, 0u32..5_000, proptest::collection::vec((1u32..28, 1u32..13, 0usize..5, any::<bool>()), 0..20), any::<bool>(), any::<bool>()).prop_map(
            |(id, years, kwh, arrears, events, e_bill, auto_pay)| {
                let kinds = ["payment", "complaint", "repair", "praise", "contact"];
                let history: Vec<serde_json::Value> = events
                    .iter()
                    .map(|(d, m, k, ok)| {
                        let outcome = match kinds[*k] { "payment" => Some(if *ok { "on_time" } else { "late" }), "complaint" | "repair" => Some(if *ok { "resolved" } else { "unresolved" }), _ => None };
                        serde_json::json!({"date": format!("2026-{m:02}-{d:02}"), "kind": kinds[*k], "outcome": outcome})
                    })
                    .collect();
                Customer::from_value(serde_json::json!({
                    "customer_id": format!("C{id}"), "name": "用户", "customer_class": "residential", "since": format!("{}-06-15", 2026 - years),
                    "accounts": [{"account_id": format!("A{id}"), "account_name": "用户", "voltage": "low", "arrears": format!("{}.{:02}", arrears / 100, arrears % 100), "annual_kwh": kwh.to_string()}],
                    "history": history, "e_bill": e_bill, "auto_pay": auto_pay
                }))
                .unwrap()
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// A score is the sum of its contributions, between 0 and 100, and the batch gives
        /// the same score and grade as one call.
        #[test]
        fn scores_add_up(c in customer()) {
            let config = config();
            let as_of = "2026-11-23".parse().unwrap();
            let batch = profiles(&config, std::slice::from_ref(&c), as_of);
            for (i, model) in ["value", "credit"].into_iter().enumerate() {
                let s = score(&config, &c, model, as_of).unwrap();
                prop_assert_eq!(s.score, s.contributions.iter().map(|x| x.points).sum::<gridcore::Decimal>());
                prop_assert!(s.score >= gridcore::Decimal::ZERO && s.score <= gridcore::Decimal::ONE_HUNDRED);
                prop_assert_eq!(batch[0].scores[i].score, s.score);
                prop_assert_eq!(&*batch[0].scores[i].grade, s.grade.as_str());
            }
        }

        /// Unmerge restores both records exactly, and the merge keeps every account,
        /// contact and event of both.
        #[test]
        fn merge_is_reversible(a in customer(), b in customer()) {
            let m = merge(&a, &b).unwrap();
            prop_assert_eq!(unmerge(&m), (a.clone(), b.clone()));
            for e in a.history.iter().chain(&b.history) {
                prop_assert!(m.customer.history.contains(e));
            }
            for acc in a.accounts.iter().chain(&b.accounts) {
                prop_assert!(m.customer.accounts.iter().any(|x| x.account_id == acc.account_id));
            }
        }
    }
}
