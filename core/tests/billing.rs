//! Property tests of billing over everything the `testing` strategies generate.

use gridcore::billing::{Component, Rule, TariffVersion};
use gridcore::billing::{power_factor::{percent, power_factor}, Standard};
use gridcore::money::RoundingStage;
use gridcore::billing::{EnergyRate, TierAllocation};
use gridcore::{bill, bill_many, compare, testing, Bill, BillRequest, Decimal, Tariff, TariffSpec};
use std::sync::Arc;
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

/// The same tariff with every price, uplift and amount multiplied by `factor` (6 decimals).
fn repriced(tariff: &Tariff, factor: Decimal) -> Tariff {
    fn walk(v: &mut serde_json::Value, factor: Decimal, priced: bool) {
        match v {
            serde_json::Value::String(s) if priced => {
                let d: Decimal = s.parse().unwrap();
                *s = (d * factor).round_dp(6).normalize().to_string();
            }
            serde_json::Value::Object(m) => {
                for (k, v) in m.iter_mut() {
                    let priced = matches!(k.as_str(), "price" | "adder" | "amount" | "capacity_price" | "demand_price") || (k == "prices");
                    if k == "prices" {
                        if let serde_json::Value::Object(p) = v {
                            p.values_mut().for_each(|x| walk(x, factor, true));
                        }
                    } else {
                        walk(v, factor, priced);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, factor, false)),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(tariff.spec()).unwrap();
    walk(&mut v, factor, false);
    v["id"] = serde_json::Value::String(format!("{}-v2", tariff.id()));
    Tariff::from_value(v).unwrap()
}

/// The request with a version of its tariff (priced by `factor`) from `offset` days in.
fn with_version(request: &BillRequest, offset: i64, factor: Decimal) -> Option<BillRequest> {
    let days = request.period.days();
    if days < 2 {
        return None;
    }
    let mut r = request.clone();
    let effective_from = request.period.start + chrono::Duration::days(1 + offset % (days - 1));
    r.tariff_versions = vec![TariffVersion { effective_from, tariff: Arc::new(repriced(&request.tariff, factor)), readings: vec![] }];
    Some(r)
}

proptest! {
    #![proptest_config(config())]

    /// A lower power factor never earns a smaller adjustment percentage (for a fixed
    /// standard), and the rounded PF never exceeds 1.
    #[test]
    fn power_factor_adjustment_is_monotone(p in 0i64..10_000_000, q1 in 0i64..10_000_000, extra in 0i64..10_000_000, std in 0usize..3) {
        let standard = [Standard::P90, Standard::P85, Standard::P80][std];
        let (p, q1, q2) = (Decimal::new(p, 2), Decimal::new(q1, 2), Decimal::new(q1 + extra, 2));
        let (pf1, pf2) = (power_factor(p, q1, 2).unwrap(), power_factor(p, q2, 2).unwrap());
        prop_assert!(pf2 <= pf1 && pf1 <= Decimal::ONE);
        prop_assert!(percent(pf2, standard) >= percent(pf1, standard), "pf {} → {}%, pf {} → {}%", pf1, percent(pf1, standard), pf2, percent(pf2, standard));
    }

    /// A comparison's contributions sum exactly to the difference in totals.
    #[test]
    fn comparison_contributions_sum_to_the_difference(a in testing::bill_request(), b in testing::bill_request()) {
        let (before, after) = (bill(&a).unwrap(), bill(&b).unwrap());
        let c = compare(&before, &after).unwrap();
        let sum: Decimal = c.contributions.iter().map(|c| c.amount).sum();
        prop_assert_eq!(sum, after.total - before.total);
        prop_assert!(c.contributions.iter().all(|c| !c.amount.is_zero() && !c.text.zh.is_empty() && !c.text.en.is_empty()));
    }

    /// A tariff version that changes no price leaves the bill as it was, line for line.
    #[test]
    fn unchanged_version_equals_unsplit_bill(request in testing::bill_request(), offset in 0i64..400) {
        let Some(split) = with_version(&request, offset, Decimal::ONE) else { return Ok(()) };
        let (whole, parts) = (bill(&request).unwrap(), bill(&split).unwrap());
        prop_assert_eq!(&whole.lines, &parts.lines);
        prop_assert_eq!(whole.total, parts.total);
    }

    /// Splitting a period at a price change conserves kWh: every kWh is billed once, at
    /// one version's price or the other's.
    #[test]
    fn version_split_conserves_kwh(request in testing::bill_request(), offset in 0i64..400, pct in 50i64..200) {
        let Some(split) = with_version(&request, offset, Decimal::new(pct, 2)) else { return Ok(()) };
        let b = bill(&split).unwrap();
        let energy = |pred: &dyn Fn(&Rule) -> bool| -> Decimal { b.lines.iter().filter(|l| pred(&l.rule)).map(|l| l.quantity).sum() };
        let kwh = b.usage.billed_kwh;
        prop_assert_eq!(energy(&|r| matches!(r, Rule::FlatPrice | Rule::Tier { .. } | Rule::TimeOfUse { .. } | Rule::TierPeriod { .. } | Rule::AgencyPrice { .. })), kwh);
        let whole = bill(&request).unwrap();
        prop_assert_eq!(&whole.usage, &b.usage);
        for fund in &request.tariff.spec().funds {
            let code = format!("fund.{}", fund.code);
            prop_assert_eq!(b.lines.iter().filter(|l| l.code == code).map(|l| l.quantity).sum::<Decimal>(), kwh);
        }
    }

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
            // Every amount is quantity × price (÷ divisor for a part month), rounded once:
            // at most half a unit of the scale away (a whole unit for the directed modes).
            let exact = l.exact_amount();
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
            None => prop_assert!(b.lines.iter().all(|l| l.component != Component::Energy)),
            Some(EnergyRate::Flat { .. }) => prop_assert_eq!(energy(&|r| matches!(r, Rule::FlatPrice)), u.billed_kwh),
            Some(EnergyRate::Tiered { .. }) => prop_assert_eq!(energy(&|r| matches!(r, Rule::Tier { .. })), u.billed_kwh),
            Some(EnergyRate::TimeOfUseTiered { allocation: Some(TierAllocation::Proportional), .. }) => {
                // Every (tier, period) share: periods keep their kWh, tiers their band.
                prop_assert_eq!(energy(&|r| matches!(r, Rule::TierPeriod { .. })), u.billed_kwh);
                for (p, kwh) in &u.by_period {
                    let shares: Decimal = b.lines.iter().filter(|l| l.period == Some(*p)).map(|l| l.quantity).sum();
                    prop_assert_eq!(shares, *kwh, "period {}", p);
                }
                for l in &b.lines {
                    if let Rule::TierPeriod { from_kwh, to_kwh, tier, .. } = &l.rule {
                        let of_tier: Decimal = b.lines.iter().filter(|m| m.tier == Some(*tier)).map(|m| m.quantity).sum();
                        prop_assert_eq!(of_tier, *to_kwh - *from_kwh);
                    }
                }
            }
            Some(EnergyRate::TimeOfUse { .. } | EnergyRate::TimeOfUseTiered { .. }) => {
                let by_period: Decimal = u.by_period.values().sum();
                prop_assert_eq!(by_period, u.billed_kwh);
                prop_assert_eq!(energy(&|r| matches!(r, Rule::TimeOfUse { .. })), u.billed_kwh);
            }
            Some(EnergyRate::Agency { .. }) => prop_assert_eq!(energy(&|r| matches!(r, Rule::AgencyPrice { .. })), u.billed_kwh),
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

proptest! {
    #![proptest_config(config())]

    /// A capacity history within one month (any start day, any part of the month, up to
    /// four changes): the pieces' kVA·days add up exactly to the history's, and their
    /// amounts to round(Σ kVA·days / days-in-month × price) within one line's rounding
    /// per piece, never more than half a fen per line from the exact amount.
    #[test]
    fn part_month_pieces_are_exact(
        month in 1u32..=12, start_day in 1u32..=28, len in 1i64..=31,
        changes in proptest::collection::vec((1i64..31, 0u32..5000), 0..=4),
        capacity in 0u32..5000, price_cents in 1u32..10000,
    ) {
        use chrono::{Days, Months, NaiveDate};
        let start = NaiveDate::from_ymd_opt(2026, month, start_day).unwrap();
        let month_days = (start.checked_add_months(Months::new(1)).unwrap() - start).num_days();
        let end = start + Days::new(len.min(month_days) as u64);
        let days = (end - start).num_days();
        let mut offsets: Vec<(i64, u32)> = changes.into_iter().filter(|(o, _)| *o < days).collect();
        offsets.sort_by_key(|c| c.0);
        offsets.dedup_by_key(|c| c.0);
        let price = Decimal::new(price_cents as i64, 2);
        let request = serde_json::json!({
            "tariff": {"id": "p", "name": {"zh": "两部制", "en": "Two-part"}, "basic_charge": {"capacity_price": price.to_string()}},
            "account": {"account_id": "1", "basic_charge": {"method": "capacity", "capacity_kva": capacity.to_string(),
                "capacity_changes": offsets.iter().map(|(o, kva)| serde_json::json!({"from": (start + Days::new(*o as u64)).to_string(), "capacity_kva": kva.to_string(), "reason": "reduction"})).collect::<Vec<_>>()}},
            "period": {"start": start.to_string(), "end": end.to_string()},
            "as_of": end.to_string(),
        });
        let b = bill(&BillRequest::from_value(request).unwrap()).unwrap();
        // Σ kVA·days of the history, and the exact amount.
        let mut cuts = vec![(0i64, capacity)];
        cuts.extend(offsets.iter().copied());
        let kva_days: i64 = cuts.iter().enumerate().map(|(i, (o, kva))| (cuts.get(i + 1).map_or(days, |c| c.0) - o) * *kva as i64).sum();
        let exact = Decimal::from(kva_days) * price / Decimal::from(month_days);
        let lines = &b.lines;
        let whole_month = days == month_days;
        let quantities: Decimal = lines.iter().map(|l| l.quantity).sum();
        if whole_month && offsets.is_empty() {
            prop_assert_eq!(quantities, Decimal::from(capacity));
        } else {
            prop_assert!(lines.iter().all(|l| l.divisor == Some(month_days as u32)));
            prop_assert_eq!(quantities, Decimal::from(kva_days));
        }
        let sum: Decimal = lines.iter().map(|l| l.amount).sum();
        let half_fen = Decimal::new(5, 3);
        let n = Decimal::from(lines.len().max(1));
        prop_assert!((sum - exact).abs() <= half_fen * n, "{} vs exact {}", sum, exact);
        let once = exact.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        prop_assert!((sum - once).abs() <= half_fen * n + half_fen, "{} vs {}", sum, once);
        prop_assert_eq!(b.total, sum);
    }
}
