//! The e-bill centre (电子账单中心): a bill, the account's earlier months and the plain
//! values other systems report (payment status, points balance) become the e-bill's data
//! ([`Statement`]) and then its HTML ([`render_ebill`]); docs/ebill.md.
//!
//! This module joins two domains' outputs, as the crate map does: billing gives the bill,
//! its explanations and the comparison, messaging renders a [`Statement`]. Neither domain
//! imports the other.
//!
//! ```
//! use gridcore::{bill, ebill, BillRequest};
//! let request = BillRequest::from_json(r#"{
//!   "tariff": {"id": "zj", "name": {"zh": "浙江居民", "en": "Zhejiang residential"},
//!     "energy": {"tiered": {"cycle": "annual", "tiers": [
//!       {"upto": "2760", "price": "0.538"}, {"upto": "4800", "price": "0.588"}, {"price": "0.838"}]}}},
//!   "account": {"account_id": "3300012345"},
//!   "period": {"start": "2026-11-01", "end": "2026-12-01"},
//!   "usage": {"readings": [{"register": "total", "start": "8200", "end": "8500"}]},
//!   "year_to_date_kwh": "2600", "as_of": "2026-12-01"}"#)?;
//! let november = bill(&request)?;
//! let options = ebill::EbillOptions::from_json(r#"{"locale": "en",
//!   "history": [{"month": "2025-11", "kwh": "260", "amount": "139.88"}, {"month": "2026-10", "kwh": "200", "amount": "107.60"}]}"#)?;
//! let s = ebill::statement(&november, &options)?;
//! assert_eq!(s.account, "******2345");
//! let months: Vec<String> = s.history.iter().map(|m| format!("{} {}", m.month, m.kwh)).collect();
//! assert_eq!(months, ["2025-11 260", "2026-10 200", "2026-11 300"]);
//! let p = s.tier_progress.as_ref().unwrap();
//! assert_eq!((p.kwh.to_string(), p.tier, p.remaining_kwh.unwrap().to_string()), ("2900".into(), 2, "1900".into()));
//! let html = ebill::render_ebill(&november, &options)?;
//! assert!(html.contains(r#"<span data-fact="total">¥168.40</span>"#));
//! # Ok::<(), gridcore::Error>(())
//! ```

use crate::base::calendar::BillingMonth;
use crate::base::error::{from_value, parse_json, Error, ErrorCode, ErrorKind, Result};
use crate::base::{mask, Mask};
use crate::billing::explain::rounding_text;
use crate::billing::{Bill, Comparison, Rule, TierCycle};
use crate::messaging::ebill::{self as render, Changes, HistoryMonth, LineGroup, Reason, StatementLine, TierBand, TierProgress, TouShare};
pub use crate::messaging::ebill::{EbillStyle, PaymentState, PaymentStatus, Statement, View};
use crate::messaging::Locale;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most earlier months an e-bill request may carry (the chart shows the last 12).
pub const MAX_HISTORY: usize = 240;

/// One earlier month of the account: its bill's total and kWh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PastMonth {
    /// The billing month.
    pub month: BillingMonth,
    /// Billed kWh.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub kwh: Decimal,
    /// The bill's total.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub amount: Decimal,
}

fn zh() -> Locale {
    Locale::ZhCn
}

/// What an e-bill shows besides the bill, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EbillOptions {
    /// `zh-CN` (or `zh`, the default) or `en`.
    #[serde(default = "zh")]
    pub locale: Locale,
    /// The customer's e-bill (a whole document) or the counter view (a fragment).
    #[serde(default)]
    pub view: View,
    /// The account's earlier months, in any order; the chart shows the 12 before this one.
    #[serde(default)]
    pub history: Vec<PastMonth>,
    /// `compare(previous bill, this bill)`: the sentences saying why it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// 缴费截止日.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    /// The payment status, as the payments system reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentStatus>,
    /// The points balance.
    #[serde(deserialize_with = "crate::base::lenient::opt_int", default, skip_serializing_if = "Option::is_none")]
    pub points_balance: Option<i64>,
    /// Brand, colours, footer, replacement templates.
    #[serde(default)]
    pub style: EbillStyle,
}

impl Default for EbillOptions {
    fn default() -> Self {
        EbillOptions { locale: Locale::ZhCn, view: View::Customer, history: vec![], comparison: None, due_date: None, payment: None, points_balance: None, style: EbillStyle::default() }
    }
}

impl EbillOptions {
    /// Reads options from JSON; errors name the field (`options.history[2].kwh`).
    pub fn from_json(json: &str) -> Result<EbillOptions> {
        parse_json(ErrorKind::Request, "options", json)
    }

    /// Options from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<EbillOptions> {
        from_value(ErrorKind::Request, "options", value)
    }
}

/// A bill and its options in one JSON document: `{"bill": …, "options": …}` (the
/// conformance cases and `render_ebill_json` in the bindings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EbillRequest {
    /// The bill, as `Bill::to_json` writes it.
    pub bill: Bill,
    /// What else to show.
    #[serde(default)]
    pub options: EbillOptions,
}

impl EbillRequest {
    /// Reads a request; errors name the field (`request.options.payment.paid`).
    pub fn from_json(json: &str) -> Result<EbillRequest> {
        parse_json(ErrorKind::Request, "request", json)
    }
}

/// The e-bill's data and its HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ebill {
    /// What the document shows.
    pub statement: Statement,
    /// The document (or the counter fragment).
    pub html: String,
}

fn err(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Request, code, path, reason)
}

fn months(m: BillingMonth) -> i64 {
    i64::from(m.year) * 12 + i64::from(m.month) - 1
}

/// The e-bill's data: the masked header, the history with this month and the same month
/// last year flagged, tier progress, the time-of-use split, the explained lines, the
/// comparison's sentences and the payment status.
pub fn statement(bill: &Bill, options: &EbillOptions) -> Result<Statement> {
    let last_day = bill.period.end.pred_opt().unwrap_or(bill.period.end);
    let month = bill.billing_month.unwrap_or_else(|| BillingMonth::of(last_day));
    Ok(Statement {
        account: mask(Mask::Account, &bill.account_id),
        tariff_name: bill.tariff_name.clone(),
        month,
        period_start: bill.period.start,
        period_last_day: last_day,
        days: bill.period.days,
        issued_on: bill.issued_on,
        billed_kwh: bill.usage.billed_kwh,
        total: bill.total,
        amount_due: amount_due(bill, options.payment.as_ref())?,
        due_date: options.due_date,
        history: history(bill, month, &options.history)?,
        tier_progress: tier_progress(bill),
        tou_split: tou_split(bill),
        groups: groups(bill),
        rounding: rounding_text(bill),
        changes: options.comparison.as_ref().map(|c| changes(bill, c)).transpose()?,
        payment: options.payment.clone(),
        points_balance: match options.points_balance {
            Some(p) if p < 0 => return Err(err(ErrorCode::Negative, "options.points_balance", "a points balance is never negative")),
            p => p,
        },
        notes: bill.notes.clone(),
    })
}

/// The e-bill (or the counter view) as HTML.
pub fn render_ebill(bill: &Bill, options: &EbillOptions) -> Result<String> {
    render::render(&statement(bill, options)?, options.locale, options.view, &options.style)
}

/// The e-bill's data and HTML from one request.
pub fn ebill(request: &EbillRequest) -> Result<Ebill> {
    let statement = statement(&request.bill, &request.options)?;
    let o = &request.options;
    let html = render::render(&statement, o.locale, o.view, &o.style)?;
    Ok(Ebill { statement, html })
}

/// What is owed now: the payments system's figure when it gives one, nothing once paid,
/// else the total less what was paid.
fn amount_due(bill: &Bill, payment: Option<&PaymentStatus>) -> Result<Decimal> {
    let Some(p) = payment else { return Ok(bill.total) };
    for (name, v) in [("paid", p.paid), ("amount_due", p.amount_due), ("late_fee", p.late_fee), ("prepaid", p.prepaid)] {
        let path = format!("options.payment.{name}");
        match v {
            Some(v) if v.is_sign_negative() && !v.is_zero() => return Err(err(ErrorCode::Negative, path, "an amount here is never negative")),
            Some(v) if v.normalize().scale() > 2 => return Err(err(ErrorCode::TooPrecise, path, "an amount in 元 has at most 2 decimals")),
            _ => {}
        }
    }
    Ok(match (p.amount_due, p.state) {
        (Some(due), _) => due,
        (None, PaymentState::Paid) => Decimal::ZERO,
        (None, _) => (bill.total - p.paid.unwrap_or_default()).max(Decimal::ZERO),
    })
}

fn history(bill: &Bill, month: BillingMonth, past: &[PastMonth]) -> Result<Vec<HistoryMonth>> {
    if past.len() > MAX_HISTORY {
        return Err(err(ErrorCode::OutOfRange, "options.history", format!("{} months; at most {MAX_HISTORY}", past.len())));
    }
    let now = months(month);
    let (mut kept, mut seen) = (BTreeMap::new(), std::collections::BTreeSet::new());
    for (i, m) in past.iter().enumerate() {
        let path = |f: &str| format!("options.history[{i}].{f}");
        if m.kwh.is_sign_negative() && !m.kwh.is_zero() {
            return Err(err(ErrorCode::Negative, path("kwh"), "billed kWh are never negative"));
        }
        let ago = now - months(m.month);
        if ago <= 0 {
            return Err(err(ErrorCode::OutOfRange, path("month"), format!("{} is not before the e-bill's month {month}", m.month)));
        }
        if !seen.insert(m.month) {
            return Err(err(ErrorCode::Duplicate, path("month"), format!("{} is given twice", m.month)));
        }
        if ago <= 12 {
            kept.insert(m.month, HistoryMonth { month: m.month, kwh: m.kwh, amount: m.amount, current: false, same_month_last_year: ago == 12 });
        }
    }
    let mut out: Vec<HistoryMonth> = kept.into_values().collect();
    out.push(HistoryMonth { month, kwh: bill.usage.billed_kwh, amount: bill.total, current: true, same_month_last_year: false });
    Ok(out)
}

/// The tier count so far and the bounds the bill's tier lines state; a tier the bill
/// skipped gets its bounds from its neighbours.
fn tier_progress(bill: &Bill) -> Option<TierProgress> {
    let mut seen: BTreeMap<u32, (Decimal, Option<Decimal>)> = BTreeMap::new();
    let (mut annual, mut at) = (false, None::<(Decimal, u32)>);
    for l in &bill.lines {
        let (cycle, tier, lower, upper, to_kwh) = match &l.rule {
            Rule::Tier { cycle, tier, lower, upper, to_kwh, .. } | Rule::TierUplift { cycle, tier, lower, upper, to_kwh, .. } | Rule::TierPeriod { cycle, tier, lower, upper, to_kwh, .. } => (cycle, *tier, *lower, *upper, *to_kwh),
            _ => continue,
        };
        annual |= *cycle == TierCycle::Annual;
        seen.insert(tier, (lower, upper));
        if at.is_none_or(|(k, t)| (to_kwh, tier) > (k, t)) {
            at = Some((to_kwh, tier));
        }
    }
    let (kwh, tier) = at?;
    let bands: Vec<TierBand> = (1..=tier)
        .filter_map(|t| {
            let lower = seen.get(&t).map(|b| b.0).or_else(|| if t == 1 { Some(Decimal::ZERO) } else { seen.get(&(t - 1)).and_then(|b| b.1) })?;
            let upper = seen.get(&t).and_then(|b| b.1).or_else(|| seen.get(&(t + 1)).map(|b| b.0));
            Some(TierBand { tier: t, lower, upper })
        })
        .collect();
    let remaining = bands.last().filter(|b| b.tier == tier).and_then(|b| b.upper).map(|u| (u - kwh).max(Decimal::ZERO).normalize());
    Some(TierProgress { annual, kwh: kwh.normalize(), tier, bands, remaining_kwh: remaining })
}

/// Each period's kWh and its share, % to one decimal half up: display only.
fn tou_split(bill: &Bill) -> Vec<TouShare> {
    let billed = bill.usage.billed_kwh;
    if billed <= Decimal::ZERO {
        return vec![];
    }
    bill.usage
        .by_period
        .iter()
        .filter(|(_, kwh)| !kwh.is_zero())
        .map(|(p, kwh)| TouShare { period: *p, kwh: kwh.normalize(), percent: (*kwh * Decimal::ONE_HUNDRED / billed).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero).normalize() })
        .collect()
}

fn groups(bill: &Bill) -> Vec<LineGroup> {
    bill.subtotals
        .iter()
        .map(|s| LineGroup {
            name: s.component.name(),
            subtotal: s.amount,
            lines: bill
                .lines
                .iter()
                .filter(|l| l.component == s.component)
                .map(|l| StatementLine {
                    code: l.code.to_string(),
                    description: l.description.clone(),
                    quantity: l.quantity,
                    divisor: l.divisor,
                    unit: l.unit.label(),
                    unit_price: l.unit_price,
                    amount: l.amount,
                    explanation: l.rule.explain(),
                })
                .collect(),
        })
        .collect()
}

fn changes(bill: &Bill, c: &Comparison) -> Result<Changes> {
    if c.account_id != bill.account_id || c.after.period != bill.period || c.after.total != bill.total {
        return Err(err(ErrorCode::AccountMismatch, "options.comparison", "the comparison's later bill is not this bill: pass compare(previous bill, this bill)"));
    }
    Ok(Changes { previous_total: c.before.total, difference: c.difference, reasons: c.contributions.iter().map(|r| Reason { amount: r.amount, text: r.text.clone() }).collect() })
}
