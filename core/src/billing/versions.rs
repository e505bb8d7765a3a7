//! Tariff versions within one billing period (a price change on a day inside it).
//!
//! The bill's structure — tier bands, time-of-use kWh, basic-charge months, fixed
//! charges — is computed once for the whole period, as if no price changed. Each line's
//! quantity is then shared among the versions' segments and priced at the version in
//! force:
//!
//! * kWh per segment come from interval data (exact), from register readings taken on the
//!   change date (exact), or else from the days in each segment (proportional). Rounded to
//!   the quantity scale, the last segment taking the remainder, so kWh are conserved.
//! * Tier bands are computed on the whole period and each band is shared in proportion
//!   to the segments' kWh, so every version prices the period's tier mix. Split by days
//!   this is the same as prorating the thresholds by days per segment; a price change
//!   never moves kWh between tiers.
//! * Time-of-use lines take each segment's kWh of their period; funds and flat or agency
//!   prices the segment's kWh; per-day lines the segment's days; per-month and
//!   basic-charge lines the exact months of the segment's days (each day 1/the days of
//!   its month, as for a part month); a per-bill charge goes to the last segment.
//!
//! Adjacent pieces at the same price merge back into one line, so when no price changes
//! the bill equals the unsplit one, line for line.

use super::model::{BillRequest, FixedBasis, LineItem, PeriodKwh, Register, RegisterValue, Rule, UsageSummary};
use crate::base::calendar::TouPeriod;
use crate::base::error::{Error, ErrorCode, Result};
use crate::base::money::RoundingPolicy;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Validates the versions' dates and structure; returns the dates where segments start.
pub(crate) fn check(request: &BillRequest) -> Result<Vec<NaiveDate>> {
    let mut previous = request.period.start;
    let mut cuts = Vec::with_capacity(request.tariff_versions.len());
    for (i, v) in request.tariff_versions.iter().enumerate() {
        if v.effective_from <= previous || v.effective_from >= request.period.end {
            return Err(Error::request(
                ErrorCode::OutOfRange,
                format!("tariff_versions[{i}].effective_from"),
                format!(
                    "a version taking effect on {} must start inside the period ({} – {}) and after the previous one; `tariff` is the version in force at the start",
                    v.effective_from, request.period.start, request.period.end
                ),
            ));
        }
        if let Some(path) = request.tariff.structure_difference(&v.tariff) {
            return Err(Error::tariff(
                ErrorCode::VersionMismatch,
                format!("tariff_versions[{i}].{path}"),
                "a tariff version within a billing period may change prices only; its structure differs from `tariff` here",
            ));
        }
        if (v.readings.is_empty()) != request.tariff_versions[0].readings.is_empty() {
            return Err(Error::request(ErrorCode::InvalidField, format!("tariff_versions[{i}].readings"), "give readings at every version change or at none"));
        }
        previous = v.effective_from;
        cuts.push(v.effective_from);
    }
    Ok(cuts)
}

/// Shares `total` in proportion to `weights`, each share rounded to the quantity scale and
/// the last weighted share taking the remainder. With no weight at all, the last share
/// takes everything.
pub(crate) fn share(total: Decimal, weights: &[Decimal], policy: &RoundingPolicy) -> Vec<Decimal> {
    let sum: Decimal = weights.iter().sum();
    let last = weights.iter().rposition(|w| !w.is_zero()).unwrap_or(weights.len() - 1);
    let mut given = Decimal::ZERO;
    weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let s = if i == last {
                total - given
            } else if sum.is_zero() || i > last {
                Decimal::ZERO
            } else {
                policy.round_quantity(total * w / sum)
            };
            given += s;
            s
        })
        .collect()
}

/// Register readings taken at the start of a segment (a tariff version's day, 1 January).
pub(crate) struct CutReadings<'a> {
    /// The day they were taken (at 00:00).
    pub date: NaiveDate,
    /// The readings.
    pub values: &'a [RegisterValue],
    /// Where they are in the request.
    pub path: String,
}

/// Billed kWh per segment and time-of-use bucket (`flat` when there is no schedule):
/// from interval data (`segments`, exact), from readings taken at each cut (exact), or
/// else by days; each bucket shared with the last segment taking the remainder, so kWh
/// are conserved. `readings` is empty or has one entry per cut.
pub(crate) fn split_usage(usage: &UsageSummary, segments: Option<Vec<PeriodKwh>>, bounds: &[NaiveDate], readings: &[CutReadings], policy: &RoundingPolicy) -> Result<Vec<PeriodKwh>> {
    let n = bounds.len() - 1;
    let mut billed = [Decimal::ZERO; 4];
    if usage.by_period.is_empty() {
        billed[TouPeriod::Flat.index()] = usage.billed_kwh;
    } else {
        for (p, v) in &usage.by_period {
            billed[p.index()] = *v;
        }
    }
    let weights: Vec<PeriodKwh> = match segments {
        Some(m) => {
            if let Some(r) = readings.first() {
                return Err(Error::request(ErrorCode::InvalidField, r.path.clone(), "interval data already splits usage exactly; remove the readings"));
            }
            m
        }
        None if readings.is_empty() => {
            let days: Vec<Decimal> = bounds.windows(2).map(|w| Decimal::from((w[1] - w[0]).num_days())).collect();
            (0..n).map(|s| [days[s]; 4]).collect()
        }
        None => {
            let mut m = vec![[Decimal::ZERO; 4]; n];
            for r in usage.registers.iter().filter(|r| r.billed) {
                let bucket = TouPeriod::ALL.iter().find(|p| Register::of(**p) == r.register).unwrap_or(&TouPeriod::Flat).index();
                let mut values = vec![r.start];
                for cut in readings {
                    let value = cut.values.iter().find(|x| x.register == r.register).map(|x| x.value).ok_or_else(|| {
                        Error::metering(ErrorCode::MissingRegister, cut.path.clone(), format!("no reading of the billed register `{}` on {}", r.register.as_str(), cut.date))
                    })?;
                    if r.rollover || value < *values.last().expect("starts with the start reading") || value > r.end {
                        return Err(Error::metering(
                            ErrorCode::ReadingBackwards,
                            cut.path.clone(),
                            format!("the reading {value} of `{}` must lie between the previous reading and the end reading {} (a register that rolled over is split by days only)", r.register.as_str(), r.end),
                        ));
                    }
                    values.push(value);
                }
                values.push(r.end);
                for s in 0..n {
                    m[s][bucket] = values[s + 1] - values[s];
                }
            }
            m
        }
    };
    let mut out = vec![[Decimal::ZERO; 4]; n];
    for b in 0..4 {
        let w: Vec<Decimal> = weights.iter().map(|s| s[b]).collect();
        for (s, v) in share(billed[b], &w, policy).into_iter().enumerate() {
            out[s][b] = v;
        }
    }
    Ok(out)
}

/// Splits the whole-period lines (`priced[s]` are the same lines priced by segment `s`'s
/// version) into pieces per segment, merging adjacent pieces at one price.
pub(crate) fn split(request: &BillRequest, usage: &UsageSummary, segments: Option<Vec<PeriodKwh>>, priced: Vec<Vec<LineItem>>, policy: &RoundingPolicy) -> Result<Vec<LineItem>> {
    let period = request.period;
    let mut bounds = vec![period.start];
    bounds.extend(request.tariff_versions.iter().map(|v| v.effective_from));
    bounds.push(period.end);
    let n = bounds.len() - 1;
    let readings: Vec<CutReadings> = if request.tariff_versions[0].readings.is_empty() {
        Vec::new()
    } else {
        request.tariff_versions.iter().enumerate().map(|(i, v)| CutReadings { date: v.effective_from, values: &v.readings, path: format!("tariff_versions[{i}].readings") }).collect()
    };
    let kwh = split_usage(usage, segments, &bounds, &readings, policy)?;
    let seg_total: Vec<Decimal> = kwh.iter().map(|s| s.iter().sum()).collect();

    let base = &priced[0];
    for (s, lines) in priced.iter().enumerate().skip(1) {
        if lines.len() != base.len() || lines.iter().zip(base).any(|(a, b)| a.code != b.code) {
            return Err(Error::tariff(
                ErrorCode::VersionMismatch,
                format!("tariff_versions[{}]", s - 1),
                "this version's prices produce different bill lines (a zero tier uplift becoming non-zero?); give it as a separate bill",
            ));
        }
    }
    let mut out = Vec::with_capacity(base.len() * 2);
    for (j, whole) in base.iter().enumerate() {
        let line_from = whole.from.unwrap_or(period.start);
        let line_to = whole.to.unwrap_or(period.end);
        let overlap: Vec<(NaiveDate, NaiveDate)> = bounds.windows(2).map(|w| (w[0].max(line_from), w[1].min(line_to))).collect();
        let days: Vec<Decimal> = overlap.iter().map(|(a, b)| Decimal::from((*b - *a).num_days().max(0))).collect();
        // Monthly and basic charges: each run of segments at one price gets the exact
        // months of its dates (days over the month's days), so the pieces add up to the
        // line's months exactly and each is rounded once.
        let monthly = match &whole.rule {
            Rule::BasicCharge { billed, .. } => Some(*billed),
            Rule::Fixed { basis: FixedBasis::PerMonth, .. } => Some(Decimal::ONE),
            _ => None,
        };
        if let Some(base_quantity) = monthly {
            let mut s = 0;
            while s < n {
                if overlap[s].1 <= overlap[s].0 {
                    s += 1;
                    continue;
                }
                let mut last = s;
                while last + 1 < n && overlap[last + 1].1 > overlap[last + 1].0 && priced[last + 1][j].unit_price == priced[s][j].unit_price {
                    last += 1;
                }
                for part in period.month_pieces(overlap[s].0, overlap[last].1) {
                    let mut item = priced[s][j].clone();
                    item.set_months(base_quantity, part.months);
                    if let Rule::BasicCharge { months, .. } | Rule::Fixed { months: Some(months), .. } = &mut item.rule {
                        *months = part.months;
                    }
                    (item.from, item.to) = if part.from == line_from && part.to == line_to { (whole.from, whole.to) } else { (Some(part.from), Some(part.to)) };
                    out.push(item);
                }
                s = last + 1;
            }
            continue;
        }
        let quantities: Vec<Decimal> = match &whole.rule {
            // Each tier band is shared in proportion to the segments' kWh: every version
            // sees the period's tier mix (for a split by days, the same as prorating the
            // thresholds by days per segment).
            Rule::Tier { .. } | Rule::TierUplift { .. } => share(whole.quantity, &seg_total, policy),
            // A period's lines (its energy, its share of a tier, its loss) follow the
            // segments' kWh of that period; the others all the segments' kWh.
            Rule::TimeOfUse { period } | Rule::TierPeriod { period, .. } => share(whole.quantity, &kwh.iter().map(|k| k[period.index()]).collect::<Vec<_>>(), policy),
            Rule::Loss { .. } if whole.period.is_some() => {
                let p = whole.period.expect("checked").index();
                share(whole.quantity, &kwh.iter().map(|k| k[p]).collect::<Vec<_>>(), policy)
            }
            Rule::FlatPrice | Rule::AgencyComponent | Rule::AgencyPrice { .. } | Rule::Fund | Rule::Loss { .. } => share(whole.quantity, &seg_total, policy),
            Rule::Fixed { basis: FixedBasis::PerBill, .. } => (0..n).map(|s| if s == n - 1 { whole.quantity } else { Decimal::ZERO }).collect(),
            _ => share(whole.quantity, &days, policy),
        };
        if quantities.iter().sum::<Decimal>() != whole.quantity {
            return Err(Error::new(
                crate::ErrorKind::Internal,
                ErrorCode::Internal,
                format!("lines[{j}]"),
                format!("splitting `{}` over tariff versions did not conserve its quantity", whole.code),
            ));
        }
        let mut pieces: Vec<LineItem> = Vec::with_capacity(n);
        for s in 0..n {
            let q = quantities[s];
            if q.is_zero() && !(whole.quantity.is_zero() && s == n - 1) {
                continue;
            }
            let mut item = priced[s][j].clone();
            item.quantity = q.normalize();
            item.amount = q * item.unit_price;
            (item.from, item.to) = (Some(overlap[s].0), Some(overlap[s].1));
            match pieces.last_mut() {
                Some(prev) if prev.unit_price == item.unit_price && prev.to == item.from => merge(prev, item),
                _ => pieces.push(item),
            }
        }
        // A line not split, under versions that price it alike, is the whole-period line.
        let one_price = priced.iter().all(|lines| lines[j].unit_price == whole.unit_price);
        for p in &mut pieces {
            if (p.from == Some(line_from) && p.to == Some(line_to)) || one_price {
                (p.from, p.to) = (whole.from, whole.to);
            }
        }
        out.extend(pieces);
    }
    Ok(out)
}

fn merge(into: &mut LineItem, next: LineItem) {
    into.quantity = (into.quantity + next.quantity).normalize();
    into.amount = into.quantity * into.unit_price;
    into.to = next.to;
}
