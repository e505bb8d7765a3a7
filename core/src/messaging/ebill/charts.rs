//! The charts' geometry, computed here so the SVG templates only place numbers: bar
//! heights are value ÷ the largest value × the plot height, so they are proportional by
//! construction (the browser tests measure it). Coordinates are decimals to 0.01 px:
//! geometry, not money.

use super::model::{HistoryMonth, TierProgress, TouShare};
use rust_decimal::Decimal;
use serde::Serialize;

/// The charts' drawing width in SVG units; they scale to the column's width.
pub const WIDTH: i64 = 340;
const LEFT: i64 = 8;
const PLOT_WIDTH: i64 = WIDTH - 2 * LEFT;
/// The history plot's height and baseline.
const PLOT_HEIGHT: i64 = 120;
const BASELINE: i64 = 146;

fn px(v: Decimal) -> String {
    v.round_dp(2).normalize().to_string()
}

fn d(v: i64) -> Decimal {
    Decimal::from(v)
}

/// `value / max × span`, 0 for a non-positive value or max.
fn scaled(value: Decimal, max: Decimal, span: i64) -> Decimal {
    if max <= Decimal::ZERO || value <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    (value / max * d(span)).min(d(span))
}

/// One bar of a history chart.
#[derive(Debug, Serialize)]
pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// The month label's centre.
    pub cx: String,
    /// Where the number above the bar is anchored.
    pub label_x: String,
    /// The value, exactly, for `data-value` (the tests read it).
    pub value: String,
    /// The value as printed in the tooltip.
    pub label: String,
    /// The number above the bar (no unit: the chart's title gives it).
    pub short: String,
    /// Where the number is anchored: the end bars' numbers stay inside the chart.
    pub anchor: &'static str,
    pub month: String,
    pub month_label: String,
    pub current: bool,
    pub last_year: bool,
}

/// Bars for one series of the history, in month order.
pub fn bars(history: &[HistoryMonth], value: impl Fn(&HistoryMonth) -> Decimal, label: impl Fn(Decimal) -> String, short: impl Fn(Decimal) -> String, month_label: impl Fn(&HistoryMonth) -> String) -> Vec<Bar> {
    let n = history.len().max(1) as i64;
    let last = history.len().saturating_sub(1);
    let max = history.iter().map(&value).max().unwrap_or(Decimal::ZERO);
    let slot = d(PLOT_WIDTH) / d(n);
    let width = slot * Decimal::new(64, 2);
    history
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let v = value(m);
            let height = scaled(v, max, PLOT_HEIGHT).round_dp(2);
            let x = d(LEFT) + slot * d(i as i64) + (slot - width) / d(2);
            let (anchor, cx) = match i {
                0 if last > 0 => ("start", x),
                i if i == last && last > 0 => ("end", x + width),
                _ => ("middle", x + width / d(2)),
            };
            Bar {
                x: px(x),
                y: px(d(BASELINE) - height),
                width: px(width),
                height: px(height),
                cx: px(x + width / d(2)),
                anchor,
                short: short(v),
                label_x: px(cx),
                value: v.normalize().to_string(),
                label: label(v),
                month: m.month.to_string(),
                month_label: month_label(m),
                current: m.current,
                last_year: m.same_month_last_year,
            }
        })
        .collect()
}

/// One band (tier) of the tier progress bar.
#[derive(Debug, Serialize)]
pub struct Band {
    pub x: String,
    pub width: String,
    pub tier: u32,
    /// Where its upper bound's tick is, when it has one in range.
    pub tick: Option<String>,
    pub upper: Option<String>,
}

/// The tier progress bar: bands, the filled part and the scale's end.
#[derive(Debug, Serialize)]
pub struct TierBar {
    pub bands: Vec<Band>,
    pub fill_width: String,
    pub value: String,
    pub scale_max: String,
}

/// The bar runs to the current tier's upper bound, or a fifth past the count in the
/// last tier.
pub fn tier_bar(p: &TierProgress) -> TierBar {
    let current_upper = p.bands.iter().find(|b| b.tier == p.tier).and_then(|b| b.upper);
    let last_lower = p.bands.iter().map(|b| b.lower).max().unwrap_or(Decimal::ZERO);
    let scale_max = current_upper.unwrap_or_else(|| p.kwh.max(last_lower) * Decimal::new(12, 1)).max(Decimal::ONE);
    let at = |v: Decimal| d(LEFT) + scaled(v, scale_max, PLOT_WIDTH);
    let bands = p
        .bands
        .iter()
        .map(|b| {
            let end = b.upper.unwrap_or(scale_max).min(scale_max);
            let x = at(b.lower);
            Band { x: px(x), width: px((at(end) - x).max(Decimal::ZERO)), tier: b.tier, tick: b.upper.filter(|u| *u <= scale_max).map(|u| px(at(u))), upper: b.upper.map(|u| u.normalize().to_string()) }
        })
        .collect();
    TierBar { bands, fill_width: px(scaled(p.kwh, scale_max, PLOT_WIDTH)), value: p.kwh.normalize().to_string(), scale_max: scale_max.normalize().to_string() }
}

/// One period's segment of the time-of-use bar.
#[derive(Debug, Serialize)]
pub struct Segment {
    pub x: String,
    pub width: String,
    pub value: String,
    pub period: &'static str,
}

/// Segments side by side, each as wide as its share of the kWh.
pub fn tou_segments(split: &[TouShare]) -> Vec<Segment> {
    let total: Decimal = split.iter().map(|s| s.kwh).sum();
    let mut x = d(LEFT);
    split
        .iter()
        .map(|s| {
            let w = scaled(s.kwh, total, PLOT_WIDTH);
            let seg = Segment { x: px(x), width: px(w), value: s.kwh.normalize().to_string(), period: s.period.as_str() };
            x += w;
            seg
        })
        .collect()
}
