//! Property tests over everything the `testing` strategies generate.

use gridcore::billing::{Component, Rule};
use gridcore::money::RoundingStage;
use gridcore::tariff::EnergyRate;
use gridcore::{bill, bill_many, testing, Bill, BillRequest, Decimal, Tariff, TariffSpec};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, ..ProptestConfig::default() }
}

/// Adds `delta` kWh to the first billed register or the first interval.
fn with_more_usage(request: &BillRequest, delta: Decimal) -> BillRequest {
    let mut more = request.clone();
    if let Some(readings) = more.usage.readings.as_mut() {
        readings[0].end += delta;
    } else if let Some(data) = more.usage.intervals.as_mut() {
        data.points[0].kwh += delta;
    }
    more
}

proptest! {
    #![proptest_config(config())]

    /// Nothing the strategies generate fails or panics, and the bill adds up: the total
    /// is the sum of the subtotals, and under line-stage rounding each subtotal is the
    /// sum of its lines.
    #[test]
    fn total_is_sum_of_lines(request in testing::bill_request()) {
        let b = bill(&request).unwrap();
        let subtotal_sum: Decimal = b.subtotals.iter().map(|s| s.amount).sum();
        prop_assert_eq!(b.total, subtotal_sum);
        if b.rounding.stage == RoundingStage::Line {
            let line_sum: Decimal = b.lines.iter().map(|l| l.amount).sum();
            prop_assert_eq!(b.total, line_sum);
            for s in &b.subtotals {
                let of: Decimal = b.lines.iter().filter(|l| l.component == s.component).map(|l| l.amount).sum();
                prop_assert_eq!(s.amount, of);
            }
        }
        for l in &b.lines {
            // Every amount is quantity × price, rounded at most half a unit of the scale
            // (a whole unit for the directed modes), except prorated monthly charges.
            if matches!(l.rule, Rule::Fixed { months: Some(m), .. } if !m.is_whole()) { continue; }
            let exact = l.quantity * l.unit_price;
            let unit = Decimal::new(1, b.rounding.scale);
            prop_assert!((l.amount - exact).abs() < unit, "{} vs {}", l.amount, exact);
        }
    }

    /// With non-negative prices, more usage never lowers the bill.
    #[test]
    fn more_usage_never_lowers_the_bill(request in testing::bill_request(), delta in testing::kwh(500)) {
        let before = bill(&request).unwrap();
        let after = bill(&with_more_usage(&request, delta)).unwrap();
        // Holds at both rounding stages: each line and each rounded sum is monotone.
        prop_assert!(after.total >= before.total, "{} then {}", before.total, after.total);
    }

    /// kWh split across tiers and across periods sums to the billed kWh, and billed kWh
    /// is metered kWh plus losses.
    #[test]
    fn splits_conserve_kwh(request in testing::bill_request()) {
        let b = bill(&request).unwrap();
        let u = &b.usage;
        let losses: Decimal = u.losses.iter().map(|l| l.kwh).sum();
        prop_assert_eq!(u.billed_kwh, u.metered_kwh + losses);
        let energy = |pred: &dyn Fn(&Rule) -> bool| -> Decimal {
            b.lines.iter().filter(|l| l.component == Component::Energy && pred(&l.rule)).map(|l| l.quantity).sum()
        };
        match &request.tariff.spec().energy {
            EnergyRate::Flat { .. } => prop_assert_eq!(energy(&|r| matches!(r, Rule::FlatPrice)), u.billed_kwh),
            EnergyRate::Tiered { .. } => prop_assert_eq!(energy(&|r| matches!(r, Rule::Tier { .. })), u.billed_kwh),
            EnergyRate::TimeOfUse { .. } | EnergyRate::TimeOfUseTiered { .. } => {
                let by_period: Decimal = u.by_period.values().sum();
                prop_assert_eq!(by_period, u.billed_kwh);
                prop_assert_eq!(energy(&|r| matches!(r, Rule::TimeOfUse { .. })), u.billed_kwh);
            }
        }
    }

    /// Interval data may come in any order.
    #[test]
    fn interval_order_does_not_matter(request in testing::bill_request()) {
        let Some(data) = request.usage.intervals.as_ref() else { return Ok(()) };
        let mut reversed = request.clone();
        reversed.usage.intervals.as_mut().unwrap().points = data.points.iter().rev().copied().collect();
        prop_assert_eq!(bill(&request).unwrap(), bill(&reversed).unwrap());
    }

    /// Every public input and output type survives a JSON round trip unchanged.
    #[test]
    fn serde_round_trips(request in testing::bill_request()) {
        let spec: &TariffSpec = request.tariff.spec();
        let spec_back: TariffSpec = serde_json::from_str(&serde_json::to_string(spec).unwrap()).unwrap();
        prop_assert_eq!(spec, &spec_back);
        let tariff_back = Tariff::from_json(&request.tariff.to_json()).unwrap();
        prop_assert_eq!(&*request.tariff, &tariff_back);
        let request_back = BillRequest::from_json(&request.to_json()).unwrap();
        prop_assert_eq!(&request, &request_back);
        let b = bill(&request).unwrap();
        let bill_back: Bill = serde_json::from_str(&b.to_json()).unwrap();
        prop_assert_eq!(&b, &bill_back);
        // And the same request read back bills to the same bytes.
        prop_assert_eq!(b.to_json(), bill(&request_back).unwrap().to_json());
    }

    /// A batch bills each request exactly as a single call does.
    #[test]
    fn batch_equals_singles(requests in proptest::collection::vec(testing::bill_request(), 1..5)) {
        let batch = bill_many(&requests);
        for (r, b) in requests.iter().zip(batch) {
            prop_assert_eq!(b.unwrap(), bill(r).unwrap());
        }
    }

    /// Corrupted JSON never panics: it parses, or it fails with a typed error.
    #[test]
    fn corrupted_requests_fail_cleanly(request in testing::bill_request(), at in any::<prop::sample::Index>(), byte in 0u8..128) {
        let mut text = request.to_json().into_bytes();
        let i = at.index(text.len());
        text[i] = byte;
        if let Ok(text) = String::from_utf8(text) {
            match BillRequest::from_json(&text) {
                Ok(r) => { let _ = bill(&r); }
                Err(e) => prop_assert!(!e.reason.is_empty()),
            }
        }
    }
}
