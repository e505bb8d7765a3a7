//! From a [`Statement`] to HTML: formatted values, chart geometry, MiniJinja.

use super::charts;
use super::model::*;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::Text;
use crate::messaging::format::{format_date, format_exact_amount, group};
use crate::messaging::model::Locale;
use crate::messaging::sandbox;
use minijinja::{context, Environment, Value};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The most bytes a rendered e-bill may have.
pub const MAX_EBILL_BYTES: usize = 1 << 20;
/// The longest replacement template, in bytes.
pub const MAX_EBILL_TEMPLATE_BYTES: usize = 64 << 10;
/// MiniJinja steps one render may take (the built-in page with 13 months and 30 lines
/// takes about 6,000).
const EBILL_FUEL: u64 = 200_000;
const MAX_BRAND: usize = 60;
const MAX_FOOTER: usize = 500;

/// Which document to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The customer's e-bill: a whole HTML document.
    #[default]
    Customer,
    /// The counter clerk's view: the history chart and the simplified calculation, as an
    /// HTML fragment for the clerk's screen.
    Counter,
}

/// How a utility brands its e-bills.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EbillStyle {
    /// The name in the header (国网浙江电力, …); at most 60 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// The main colour, `#rrggbb` or `#rgb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<String>,
    /// The highlight colour (this month's bar), `#rrggbb` or `#rgb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    /// The footer's text (hotline, address); at most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// A replacement page template (MiniJinja, the notices' sandbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// A replacement counter template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_template: Option<String>,
}

fn err(code: ErrorCode, path: &str, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Request, code, path, reason)
}

fn colour(value: &Option<String>, default: &'static str, path: &str) -> Result<String> {
    match value {
        None => Ok(default.to_string()),
        Some(c) => {
            let hex = c.strip_prefix('#').unwrap_or("");
            if matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                Ok(c.to_ascii_lowercase())
            } else {
                Err(err(ErrorCode::InvalidField, path, format!("`{c}` is not a colour: write it as #rrggbb or #rgb")))
            }
        }
    }
}

fn text_field(value: &Option<String>, max: usize, path: &str) -> Result<Option<String>> {
    match value {
        Some(v) if v.chars().count() > max => Err(err(ErrorCode::TooLong, path, format!("{} characters; at most {max}", v.chars().count()))),
        Some(v) if v.chars().any(|c| c.is_control() && c != '\n') => Err(err(ErrorCode::InvalidField, path, "control characters are not allowed")),
        v => Ok(v.clone()),
    }
}

const TEMPLATES: [(&str, &str); 6] = [
    // The charts' styles: no escaping, and its only values are checked colours.
    ("charts.css", include_str!("templates/charts.css")),
    ("ebill.html", include_str!("templates/ebill.html")),
    ("counter.html", include_str!("templates/counter.html")),
    ("history.html", include_str!("templates/history.html")),
    ("tiers.html", include_str!("templates/tiers.html")),
    ("tou.html", include_str!("templates/tou.html")),
];

/// The built-in templates, compiled once per process.
fn builtin() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = sandbox::environment(EBILL_FUEL);
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("the built-in e-bill templates compile");
        }
        env
    })
}

/// Renders the e-bill or the counter view in `locale`.
///
/// Errors name the style field (`options.style.primary`) or, for a replacement template
/// that fails, `options.style.template` and why.
pub fn render(statement: &Statement, locale: Locale, view: View, style: &EbillStyle) -> Result<String> {
    let primary = colour(&style.primary, "#0b6e4f", "options.style.primary")?;
    let accent = colour(&style.accent, "#f28c28", "options.style.accent")?;
    let brand = text_field(&style.brand, MAX_BRAND, "options.style.brand")?;
    let footer = text_field(&style.footer, MAX_FOOTER, "options.style.footer")?;
    let t = labels(locale);
    let f = Fmt(locale);
    let env = builtin();
    let chart = |name: &str, ctx: Value| -> Result<Value> {
        let html = env.get_template(name).and_then(|tmpl| tmpl.render(ctx)).map_err(|e| Error::internal(format!("the built-in {name} chart: {e}")))?;
        Ok(Value::from_safe_string(html))
    };
    let month_label = |m: &HistoryMonth| match locale {
        Locale::ZhCn => format!("{}月", m.month.month),
        Locale::En => EN_MONTHS[(m.month.month as usize + 11) % 12].to_string(),
    };
    let kwh_bars = charts::bars(&statement.history, |m| m.kwh, |v| f.kwh(v), |v| group(v, 0), month_label);
    let amount_bars = charts::bars(&statement.history, |m| m.amount, |v| f.amount(v), |v| group(v, 2), month_label);
    let history = chart("history.html", context! { t => &t, id => "kwh", title => t.get("history_kwh"), desc => history_desc(statement, &f, locale), bars => kwh_bars, unit => "kWh" })?;
    let amounts = chart("history.html", context! { t => &t, id => "amount", title => t.get("history_amount"), desc => amount_desc(statement, &f, locale), bars => amount_bars, unit => t.get("yuan") })?;
    let tiers = match &statement.tier_progress {
        Some(p) => Some(chart("tiers.html", context! { t => &t, bar => charts::tier_bar(p), desc => tier_desc(p, &f, locale) })?),
        None => None,
    };
    let tou = if statement.tou_split.is_empty() {
        None
    } else {
        Some(chart("tou.html", context! { t => &t, segments => charts::tou_segments(&statement.tou_split), desc => tou_desc(statement, &f, locale) })?)
    };
    let chart_css = chart("charts.css", context! { primary, accent })?;
    let data = Page::new(statement, locale, &f, &t);
    let ctx = context! {
        lang => locale.as_str(), t => &t, data => Value::from_serialize(&data),
        style => context! { brand => brand.unwrap_or_else(|| t.get("default_brand").to_string()), primary, accent, footer => footer.unwrap_or_else(|| t.get("default_footer").to_string()) },
        charts => context! { history, amounts, tiers, tou }, chart_css,
    };
    let (custom, name, path) = match view {
        View::Customer => (&style.template, "ebill.html", "options.style.template"),
        View::Counter => (&style.counter_template, "counter.html", "options.style.counter_template"),
    };
    match custom {
        None => run(env, name, ctx, path),
        Some(source) => {
            sandbox::check_source_within(source, MAX_EBILL_TEMPLATE_BYTES).map_err(|why| err(ErrorCode::InvalidField, path, why))?;
            let mut own = sandbox::environment(EBILL_FUEL);
            own.add_template_owned(name, source.clone()).map_err(|e| err(ErrorCode::Syntax, path, format!("template syntax: {e}")))?;
            run(&own, name, ctx, path)
        }
    }
}

/// Renders `name` into a buffer bounded by [`MAX_EBILL_BYTES`], with bounded work.
fn run(env: &Environment<'_>, name: &str, ctx: Value, path: &str) -> Result<String> {
    let tmpl = env.get_template(name).map_err(|e| Error::internal(e.to_string()))?;
    let mut out = sandbox::Limited::new(MAX_EBILL_BYTES);
    match tmpl.render_captured_to(ctx, &mut out) {
        Ok(_) => String::from_utf8(out.buf).map_err(|_| Error::internal("the e-bill is not UTF-8")),
        Err(_) if out.exceeded => Err(err(ErrorCode::TooLong, path, format!("the e-bill would be over {MAX_EBILL_BYTES} bytes"))),
        Err(e) if e.kind() == minijinja::ErrorKind::OutOfFuel => Err(err(ErrorCode::OutOfRange, path, format!("the template does more work than allowed ({EBILL_FUEL} steps)"))),
        Err(e) => Err(err(ErrorCode::InvalidField, path, format!("rendering: {e}"))),
    }
}

const EN_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Values as the e-bill prints them in one locale.
struct Fmt(Locale);

impl Fmt {
    fn amount(&self, v: Decimal) -> String {
        format_exact_amount(v, self.0)
    }
    fn kwh(&self, v: Decimal) -> String {
        format!("{} kWh", group(v, 0))
    }
    fn number(&self, v: Decimal) -> String {
        group(v, 0)
    }
    fn date(&self, d: chrono::NaiveDate) -> String {
        format_date(d, self.0)
    }
    fn text<'a>(&self, t: &'a Text) -> &'a str {
        match self.0 {
            Locale::ZhCn => &t.zh,
            Locale::En => &t.en,
        }
    }
    fn month(&self, m: crate::base::calendar::BillingMonth) -> String {
        match self.0 {
            Locale::ZhCn => format!("{}年{}月", m.year, m.month),
            Locale::En => format!("{} {}", EN_MONTHS[(m.month as usize + 11) % 12], m.year),
        }
    }
}

fn history_desc(s: &Statement, f: &Fmt, locale: Locale) -> String {
    let parts: Vec<String> = s.history.iter().map(|m| format!("{} {}", f.month(m.month), f.kwh(m.kwh))).collect();
    let last_year = s.history.iter().find(|m| m.same_month_last_year);
    match (locale, last_year) {
        (Locale::ZhCn, Some(y)) => format!("近{}个月用电量：{}。本月 {}，去年同期 {}。", s.history.len(), parts.join("，"), f.kwh(s.billed_kwh), f.kwh(y.kwh)),
        (Locale::ZhCn, None) => format!("近{}个月用电量：{}。本月 {}。", s.history.len(), parts.join("，"), f.kwh(s.billed_kwh)),
        (Locale::En, Some(y)) => format!("kWh in the last {} months: {}. This month {}, the same month last year {}.", s.history.len(), parts.join(", "), f.kwh(s.billed_kwh), f.kwh(y.kwh)),
        (Locale::En, None) => format!("kWh in the last {} months: {}. This month {}.", s.history.len(), parts.join(", "), f.kwh(s.billed_kwh)),
    }
}

fn amount_desc(s: &Statement, f: &Fmt, locale: Locale) -> String {
    let parts: Vec<String> = s.history.iter().map(|m| format!("{} {}", f.month(m.month), f.amount(m.amount))).collect();
    match locale {
        Locale::ZhCn => format!("近{}个月电费：{}。", s.history.len(), parts.join("，")),
        Locale::En => format!("Bills in the last {} months: {}.", s.history.len(), parts.join(", ")),
    }
}

fn tier_desc(p: &TierProgress, f: &Fmt, locale: Locale) -> String {
    match (locale, p.remaining_kwh) {
        (Locale::ZhCn, Some(r)) => format!("{}累计 {}，处于第{}档，距下一档还有 {}。", if p.annual { "本年度" } else { "本月" }, f.kwh(p.kwh), p.tier, f.kwh(r)),
        (Locale::ZhCn, None) => format!("{}累计 {}，处于第{}档（最高档）。", if p.annual { "本年度" } else { "本月" }, f.kwh(p.kwh), p.tier),
        (Locale::En, Some(r)) => format!("{} {} so far, in tier {}; {} left before the next tier.", if p.annual { "This tier year:" } else { "This month:" }, f.kwh(p.kwh), p.tier, f.kwh(r)),
        (Locale::En, None) => format!("{} {} so far, in tier {} (the top tier).", if p.annual { "This tier year:" } else { "This month:" }, f.kwh(p.kwh), p.tier),
    }
}

fn tou_desc(s: &Statement, f: &Fmt, locale: Locale) -> String {
    let parts: Vec<String> = s
        .tou_split
        .iter()
        .map(|p| match locale {
            Locale::ZhCn => format!("{} {}（{}%）", p.period.zh(), f.kwh(p.kwh), p.percent),
            Locale::En => format!("{} {} ({}%)", p.period.en(), f.kwh(p.kwh), p.percent),
        })
        .collect();
    match locale {
        Locale::ZhCn => format!("分时电量：{}。", parts.join("，")),
        Locale::En => format!("kWh by time of use: {}.", parts.join(", ")),
    }
}

/// The page's values, formatted.
#[derive(Serialize)]
struct Page<'a> {
    account: &'a str,
    tariff: &'a str,
    month: String,
    period: String,
    days: u32,
    issued: String,
    total: String,
    amount_due: String,
    due_date: Option<String>,
    billed_kwh: String,
    history: Vec<HistoryRow>,
    tiers: Option<TierView>,
    tou: Vec<TouRow>,
    groups: Vec<GroupView<'a>>,
    rounding: &'a str,
    changes: Option<ChangesView<'a>>,
    payment: Option<PaymentView>,
    points: Option<String>,
    notes: Vec<&'a str>,
}

#[derive(Serialize)]
struct HistoryRow {
    month: String,
    kwh: String,
    amount: String,
    current: bool,
    last_year: bool,
}

#[derive(Serialize)]
struct TierView {
    kwh: String,
    tier: u32,
    remaining: Option<String>,
    bands: Vec<String>,
}

#[derive(Serialize)]
struct TouRow {
    period: &'static str,
    name: String,
    kwh: String,
    percent: String,
}

#[derive(Serialize)]
struct GroupView<'a> {
    name: &'a str,
    subtotal: String,
    lines: Vec<LineView<'a>>,
}

#[derive(Serialize)]
struct LineView<'a> {
    code: &'a str,
    description: &'a str,
    quantity: String,
    price: String,
    amount: String,
    explanation: &'a str,
}

#[derive(Serialize)]
struct ChangesView<'a> {
    previous_total: String,
    difference: String,
    up: bool,
    /// The comparison's sentences (each ends with its amount).
    reasons: Vec<&'a str>,
}

#[derive(Serialize)]
struct PaymentView {
    state: &'static str,
    label: String,
    rows: Vec<(String, String)>,
}

impl<'a> Page<'a> {
    fn new(s: &'a Statement, locale: Locale, f: &Fmt, t: &Labels) -> Page<'a> {
        let unit_price = |l: &StatementLine| format!("{} / {}", f.amount(l.unit_price), f.text(&l.unit));
        let quantity = |l: &StatementLine| match l.divisor {
            Some(d) => format!("{}/{d} {}", group(l.quantity, 0), f.text(&l.unit)),
            None => format!("{} {}", group(l.quantity, 0), f.text(&l.unit)),
        };
        Page {
            account: &s.account,
            tariff: f.text(&s.tariff_name),
            month: f.month(s.month),
            period: format!("{} – {}", f.date(s.period_start), f.date(s.period_last_day)),
            days: s.days,
            issued: f.date(s.issued_on),
            total: f.amount(s.total),
            amount_due: f.amount(s.amount_due),
            due_date: s.due_date.map(|d| f.date(d)),
            billed_kwh: f.kwh(s.billed_kwh),
            history: s
                .history
                .iter()
                .map(|m| HistoryRow { month: f.month(m.month), kwh: f.kwh(m.kwh), amount: f.amount(m.amount), current: m.current, last_year: m.same_month_last_year })
                .collect(),
            tiers: s.tier_progress.as_ref().map(|p| TierView {
                kwh: f.kwh(p.kwh),
                tier: p.tier,
                remaining: p.remaining_kwh.map(|r| f.kwh(r)),
                bands: p
                    .bands
                    .iter()
                    .map(|b| match b.upper {
                        Some(u) => format!("{} {}: {}–{} kWh", t.get("tier"), b.tier, f.number(b.lower), f.number(u)),
                        None => format!("{} {}: > {} kWh", t.get("tier"), b.tier, f.number(b.lower)),
                    })
                    .collect(),
            }),
            tou: s
                .tou_split
                .iter()
                .map(|p| TouRow { period: p.period.as_str(), name: if locale == Locale::ZhCn { p.period.zh().to_string() } else { p.period.en().to_string() }, kwh: f.kwh(p.kwh), percent: format!("{}%", p.percent) })
                .collect(),
            groups: s
                .groups
                .iter()
                .map(|g| GroupView {
                    name: f.text(&g.name),
                    subtotal: f.amount(g.subtotal),
                    lines: g.lines.iter().map(|l| LineView { code: &l.code, description: f.text(&l.description), quantity: quantity(l), price: unit_price(l), amount: f.amount(l.amount), explanation: f.text(&l.explanation) }).collect(),
                })
                .collect(),
            rounding: f.text(&s.rounding),
            changes: s.changes.as_ref().map(|c| ChangesView {
                previous_total: f.amount(c.previous_total),
                difference: f.amount(c.difference.abs()),
                up: c.difference > Decimal::ZERO,
                reasons: c.reasons.iter().map(|r| f.text(&r.text)).collect(),
            }),
            payment: s.payment.as_ref().map(|p| payment(p, t, f)),
            points: s.points_balance.map(|b| group(Decimal::from(b), 0)),
            notes: s.notes.iter().map(|n| f.text(n)).collect(),
        }
    }
}

fn payment(p: &PaymentStatus, t: &Labels, f: &Fmt) -> PaymentView {
    let state = match p.state {
        PaymentState::Unpaid => "unpaid",
        PaymentState::PartlyPaid => "partly_paid",
        PaymentState::Paid => "paid",
        PaymentState::Overdue => "overdue",
    };
    let mut rows = Vec::new();
    let mut row = |key: &str, v: Option<String>| {
        if let Some(v) = v {
            rows.push((t.get(key).to_string(), v));
        }
    };
    row("paid", p.paid.map(|v| f.amount(v)));
    row("paid_on", p.paid_on.map(|d| f.date(d)));
    row("late_fee", p.late_fee.map(|v| f.amount(v)));
    row("prepaid", p.prepaid.map(|v| f.amount(v)));
    row("owed_now", p.amount_due.map(|v| f.amount(v)));
    PaymentView { state, label: t.get(state).to_string(), rows }
}

/// The page's fixed words in one locale.
#[derive(Serialize)]
#[serde(transparent)]
struct Labels(std::collections::BTreeMap<&'static str, &'static str>);

impl Labels {
    fn get(&self, key: &str) -> &'static str {
        self.0.get(key).copied().unwrap_or("")
    }
}

const WORDS: [(&str, &str, &str); 41] = [
    ("title", "电子账单", "E-bill"),
    ("default_brand", "电力营销服务中心", "Electricity customer service"),
    ("default_footer", "如有疑问，请拨打供电服务热线或到营业厅咨询。", "Questions? Call the customer service hotline or visit a service centre."),
    ("account", "户号", "Account"),
    ("tariff", "电价", "Tariff"),
    ("month", "电费年月", "Billing month"),
    ("period", "计费周期", "Period"),
    ("days", "天", "days"),
    ("issued", "出账日期", "Issued"),
    ("amount_due", "应缴金额", "Amount due"),
    ("due_date", "缴费截止日", "Due by"),
    ("billed_kwh", "本月用电", "Energy used"),
    ("history_kwh", "近月用电量", "Usage by month"),
    ("history_amount", "近月电费", "Bills by month"),
    ("this_month", "本月", "This month"),
    ("last_year", "去年同期", "Same month last year"),
    ("show_data", "查看数据", "Show the data"),
    ("col_month", "月份", "Month"),
    ("col_kwh", "电量", "kWh"),
    ("col_amount", "电费", "Amount"),
    ("tier_progress", "阶梯用电进度", "Tier progress"),
    ("tier", "阶梯", "Tier"),
    ("remaining", "距下一档", "Left in this tier"),
    ("top_tier", "已达最高档", "In the top tier"),
    ("tou_split", "分时用电", "Time-of-use split"),
    ("details", "费用明细", "Charges explained"),
    ("subtotal", "小计", "Subtotal"),
    ("total", "本期电费", "This bill"),
    ("sum", "合计", "Total"),
    ("rounding", "舍入", "Rounding"),
    ("changes", "与上月相比", "Compared with last month"),
    ("previous_total", "上期电费", "Previous bill"),
    ("payment", "缴费状态", "Payment"),
    ("paid", "已缴", "Paid"),
    ("paid_on", "缴费日期", "Paid on"),
    ("late_fee", "违约金", "Late fee"),
    ("prepaid", "预存余额", "Prepaid balance"),
    ("owed_now", "当前应缴", "Owed now"),
    ("points", "积分余额", "Points balance"),
    ("yuan", "元", "CNY"),
    ("notes", "备注", "Notes"),
];

const STATES: [(&str, &str, &str); 6] = [
    ("unpaid", "待缴费", "Not paid yet"),
    ("partly_paid", "部分缴费", "Partly paid"),
    ("overdue", "已逾期", "Overdue"),
    ("up", "增加", "up"),
    ("down", "减少", "down"),
    ("counter_title", "历月电费与计算过程", "Bill history and calculation"),
];

fn labels(locale: Locale) -> Labels {
    let pick = |(k, zh, en): &(&'static str, &'static str, &'static str)| (*k, if locale == Locale::ZhCn { *zh } else { *en });
    Labels(WORDS.iter().chain(STATES.iter()).map(pick).collect())
}

/// The month name of `m` in a history row, for tests.
#[cfg(test)]
pub(crate) fn month_name(m: crate::base::calendar::BillingMonth, locale: Locale) -> String {
    Fmt(locale).month(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::calendar::BillingMonth;

    #[test]
    fn months_print_per_locale() {
        let m = BillingMonth { year: 2026, month: 11 };
        assert_eq!(month_name(m, Locale::ZhCn), "2026年11月");
        assert_eq!(month_name(m, Locale::En), "Nov 2026");
    }

    #[test]
    fn colours_are_checked() {
        assert_eq!(colour(&Some("#ABC".into()), "#000", "p").unwrap(), "#abc");
        for bad in ["red", "#12345", "#ggg", "#123456;x", "\"><script>"] {
            assert!(colour(&Some(bad.into()), "#000", "p").is_err(), "{bad}");
        }
    }
}
