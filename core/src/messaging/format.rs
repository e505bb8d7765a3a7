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
    let mut fixed = amount;
    fixed.rescale(2.max(amount.normalize().scale()));
    let text = fixed.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() { "-" } else { "" };
    Some(match locale {
        Locale::ZhCn => format!("{sign}{grouped}.{frac} 元"),
        Locale::En => format!("{sign}¥{grouped}.{frac}"),
    })
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
