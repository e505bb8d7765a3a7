//! Amounts and dates per locale. Amounts are printed with the decimals the bill has (at
//! least two: 168.4 → 168.40) and never rounded: a value with more than two decimals is
//! not an amount in 元 and is refused, so a notice can never disagree with its bill.

use super::model::Locale;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_decimal::Decimal;

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `1,234.50 元` (zh-CN) or `¥1,234.50` (en); `None` for more than two decimals.
///
/// ```
/// use gridcore::messaging::{format_amount, Locale};
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(format_amount(d("1234.5"), Locale::ZhCn).unwrap(), "1,234.50 元");
/// assert_eq!(format_amount(d("-0.05"), Locale::En).unwrap(), "-¥0.05");
/// assert!(format_amount(d("1.005"), Locale::En).is_none());
/// ```
pub fn format_amount(amount: Decimal, locale: Locale) -> Option<String> {
    if amount.scale() > 2 && amount.normalize().scale() > 2 {
        return None;
    }
    Some(format_exact_amount(amount, locale))
}

/// Like [`format_amount`], but keeps every decimal the value has: a bill line's exact
/// fraction (`12.3456789 元`) is shown in full, never rounded for display.
pub fn format_exact_amount(amount: Decimal, locale: Locale) -> String {
    let sign = if amount.is_sign_negative() && !amount.is_zero() { "-" } else { "" };
    let grouped = group(amount.abs(), 2);
    match locale {
        Locale::ZhCn => format!("{sign}{grouped} 元"),
        Locale::En => format!("{sign}¥{grouped}"),
    }
}

/// A non-negative decimal with thousands grouped and at least `min_scale` decimals
/// (trailing zeros beyond them dropped): `1234.5` → `1,234.50` (2) or `1,234.5` (0).
pub fn group(value: Decimal, min_scale: u32) -> String {
    let mut fixed = value.normalize();
    if fixed.scale() < min_scale {
        fixed.rescale(min_scale);
    }
    let text = fixed.to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let digits = int.trim_start_matches('-');
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    if int.starts_with('-') {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `2026年11月23日` or `23 Nov 2026`.
pub fn format_date(date: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Locale::En => format!("{} {} {}", date.day(), MONTHS[date.month0() as usize], date.year()),
    }
}

/// `2026年11月23日 14:30` or `23 Nov 2026 14:30` (local time, 24-hour).
pub fn format_datetime(at: NaiveDateTime, locale: Locale) -> String {
    format!("{} {:02}:{:02}", format_date(at.date(), locale), at.hour(), at.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_the_bills_decimals_and_group_thousands() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(format_amount(d("168.40"), Locale::ZhCn).unwrap(), "168.40 元");
        assert_eq!(format_amount(d("199367.07"), Locale::En).unwrap(), "¥199,367.07");
        assert_eq!(format_amount(d("1000000"), Locale::ZhCn).unwrap(), "1,000,000.00 元");
        assert_eq!(format_amount(d("12.500"), Locale::En).unwrap(), "¥12.50", "trailing zeros are not decimals");
        assert_eq!(format_amount(d("0"), Locale::En).unwrap(), "¥0.00");
        assert_eq!(format_date("2026-11-03".parse().unwrap(), Locale::En), "3 Nov 2026");
        assert_eq!(format_date("2026-11-03".parse().unwrap(), Locale::ZhCn), "2026年11月3日");
    }
}
