//! One grammar for the decimals, dates and date-times of every input document, in every
//! language, and the engine's limits on what a document may hold.
//!
//! * A decimal is a JSON string: an optional `-`, digits, and optionally `.` and digits
//!   (`"168.40"`, `"-0.5"`, `"0"`). No exponent, sign `+`, underscores, spaces, or a
//!   missing digit on either side of the point. At most [`MAX_INTEGER_DIGITS`] digits
//!   before the point and [`MAX_DECIMALS`] after it, so that nothing is rounded away
//!   while parsing and no product of two inputs can overflow.
//! * A date is `YYYY-MM-DD` and a date-time `YYYY-MM-DDTHH:MM:SS`, with a year from 0001
//!   to 9999 and no surrounding spaces, sign or fraction of a second.
//! * A whole number (`minutes`, `digits`, rounding scales) is a JSON integer or a string
//!   of digits.
//!
//! Fields opt in with `#[serde(deserialize_with = "crate::base::strict::de")]`, which works for
//! `Decimal`, `NaiveDate`, `NaiveDateTime` and their `Option` and `Vec`.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// Most digits before the decimal point of any input decimal (values below 10^15).
pub const MAX_INTEGER_DIGITS: usize = 15;
/// Most digits after the decimal point of any input decimal, trailing zeros aside (each
/// field states its own, smaller maximum: 6 for prices, 4 for quantities, 2 for money).
pub const MAX_DECIMALS: usize = 12;
/// The longest decimal string, leading and trailing zeros included.
pub const MAX_DECIMAL_CHARS: usize = 64;

/// Parses a decimal by the one grammar. The error says what is wrong in plain words.
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    // Quoted only for an error: formatting it for every value was a tenth of lifting a
    // month of 15-minute points.
    let shown = || quote(s);
    if s.len() > MAX_DECIMAL_CHARS {
        return Err(format!("{} is too long for a decimal: at most {MAX_DECIMAL_CHARS} characters", shown()));
    }
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return Err(format!("{} is not a decimal: write digits with an optional `-` and `.`, such as \"168.40\" (no exponent, `+`, spaces or separators)", shown()));
    }
    let significant = int.trim_start_matches('0');
    if significant.len() > MAX_INTEGER_DIGITS {
        return Err(format!("{} is too large: at most {MAX_INTEGER_DIGITS} digits before the decimal point", shown()));
    }
    // Trailing zeros do not count: "0.5000000" is 0.5.
    if frac.map_or(0, |f| f.trim_end_matches('0').len()) > MAX_DECIMALS {
        return Err(format!("{} has too many decimal places: at most {MAX_DECIMALS} (each field allows fewer)", shown()));
    }
    s.parse::<Decimal>().map_err(|_| format!("{} is not a decimal", shown()))
}

/// The decimal `unscaled × 10^-scale`, accepted exactly as [`parse_decimal`] accepts its
/// plain text (`-0.05` for -5 at scale 2), with the same error: how the JVM binding sends
/// a `BigDecimal` whose unscaled value fits a long, without writing and parsing its digits.
/// A scale past 28 (a `Decimal`'s most) is refused.
pub fn decimal_from_parts(unscaled: i64, scale: u32) -> Result<Decimal, String> {
    // Any i64 at a scale of at most 28 is a Decimal.
    let Ok(d) = Decimal::try_from_i128_with_scale(i128::from(unscaled), scale) else {
        return Err(format!("a decimal with {scale} decimal places: at most 28 (each field allows fewer)"));
    };
    let n = unscaled.unsigned_abs();
    // The usual value is far within both bounds: no digits counted.
    if n < 1_000_000_000_000_000 && scale as usize <= MAX_DECIMALS {
        return Ok(d);
    }
    let integer_digits = n.checked_ilog10().map_or(0, |d| d + 1).saturating_sub(scale) as usize;
    // Trailing zeros do not count, as in the text.
    if integer_digits <= MAX_INTEGER_DIGITS && d.normalize().scale() as usize <= MAX_DECIMALS {
        return Ok(d);
    }
    // Out of bounds: the text's own error (rare, so its cost does not matter).
    with_plain_text(&d, parse_decimal)
}

/// The local date-time `seconds` after 1970-01-01T00:00:00, accepted exactly as
/// [`parse_datetime`] accepts its text (a whole second of the years 0001–9999): how the JVM
/// binding sends a `LocalDateTime`, without writing and parsing its digits.
pub fn datetime_from_seconds(seconds: i64) -> Result<NaiveDateTime, String> {
    use chrono::Datelike;
    match chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.naive_utc()) {
        Some(at) if (1..=9999).contains(&at.year()) => Ok(at),
        _ => Err(format!("a date-time {seconds} seconds from 1970-01-01T00:00:00 is outside the years 0001-9999")),
    }
}

/// Parses a date `YYYY-MM-DD` (year 0001–9999).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits_at(b, &[0, 1, 2, 3, 5, 6, 8, 9]) || &b[..4] == b"0000" {
        return Err(format!("{} is not a date: write YYYY-MM-DD with a year from 0001 to 9999, such as \"2026-11-01\"", quote(s)));
    }
    // The shape is checked: read the digits directly (chrono's format parser cost a tenth
    // of lifting a bill in the JVM binding's profile).
    NaiveDate::from_ymd_opt(number(b, 0, 4) as i32, number(b, 5, 7), number(b, 8, 10)).ok_or_else(|| format!("{} is not a day of the calendar", quote(s)))
}

/// Parses a local date-time `YYYY-MM-DDTHH:MM:SS` (no offset, no fraction of a second).
pub fn parse_datetime(s: &str) -> Result<NaiveDateTime, String> {
    let b = s.as_bytes();
    let shape = b.len() == 19 && b[10] == b'T' && b[13] == b':' && b[16] == b':' && digits_at(b, &[11, 12, 14, 15, 17, 18]);
    let Some(day) = shape.then(|| parse_date(&s[..10]).ok()).flatten() else {
        return Err(format!("{} is not a local date-time: write YYYY-MM-DDTHH:MM:SS, such as \"2026-11-01T08:15:00\" (seconds required, no fraction or offset)", quote(s)));
    };
    let (h, m, sec) = (number(b, 11, 13), number(b, 14, 16), number(b, 17, 19));
    if sec == 60 {
        // A leap second: chrono's reading of it, as before.
        return NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").map_err(|_| format!("{} is not a time of day", quote(s)));
    }
    day.and_hms_opt(h, m, sec).ok_or_else(|| format!("{} is not a time of day", quote(s)))
}

/// The number written by the ASCII digits `b[from..to]` (checked by the caller).
fn number(b: &[u8], from: usize, to: usize) -> u32 {
    b[from..to].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

fn digits_at(b: &[u8], at: &[usize]) -> bool {
    at.iter().all(|&i| b[i].is_ascii_digit())
}

/// How an input string is shown in an error: quoted and escaped (a `"` inside is `\"`), and
/// cut at 40 characters so that a reason never echoes a whole document.
pub fn quote(s: &str) -> String {
    const SHOWN: usize = 40;
    match s.char_indices().nth(SHOWN) {
        Some((at, _)) => {
            let cut = format!("{:?}", &s[..at]);
            format!("{}…\" ({} characters)", &cut[..cut.len() - 1], s.chars().count())
        }
        None => format!("{s:?}"),
    }
}

/// A value read by the strict grammar (see the module docs).
pub trait Strict: Sized {
    /// Reads the value.
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

struct StrVisitor<T>(fn(&str) -> Result<T, String>, &'static str);

impl<T> Visitor<'_> for StrVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        (self.0)(s).map_err(E::custom)
    }
}

impl Strict for Decimal {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(parse_decimal, "a decimal string such as \"168.40\""))
    }
}

impl Strict for NaiveDate {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(parse_date, "a date string YYYY-MM-DD"))
    }
}

impl Strict for NaiveDateTime {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(parse_datetime, "a local date-time string YYYY-MM-DDTHH:MM:SS"))
    }
}

/// Writes a date or a date-time in the grammar's form without chrono's format
/// interpreter (every operation's canonical JSON carries one, so this is a hot path);
/// a value the grammar cannot hold (a fraction of a second, a year past 9999) is written
/// as chrono writes it. Fields opt in with `serialize_with = "crate::base::strict::ser"`.
pub fn ser<T: StrictSer, S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    value.ser(s)
}

/// A value written by [`ser`].
pub trait StrictSer {
    /// Writes the value.
    fn ser<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

/// Writes `n` as decimal digits filling `out`, zero-padded.
fn put_digits(out: &mut [u8], mut n: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Decimals as their exact text, by [`with_plain_text`].
impl StrictSer for Decimal {
    fn ser<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        with_plain_text(self, |text| s.serialize_str(text))
    }
}

/// Calls `f` with the exact text of `d` (what `Decimal`'s own `Display` writes), written
/// from the mantissa on the stack instead of through the general formatter, which was
/// the largest part of writing a bill in JSON and in the JVM binding. A mantissa past
/// `u64`, or a negative zero, goes to `Display`.
pub fn with_plain_text<R>(d: &Decimal, f: impl FnOnce(&str) -> R) -> R {
    let (m, scale) = (d.mantissa(), d.scale() as usize);
    // A zero is common in a bill (no losses, no advance): "0", "0.00", but "-0.00" aside.
    let n = u64::try_from(m.unsigned_abs()).ok().filter(|&n| n != 0 || !d.is_sign_negative());
    let Some(mut n) = n else { return f(&d.to_string()) };
    // 20 digits, or a scale of at most 28 with `0.` before it, and a sign.
    let mut b = [0u8; 32];
    let (mut i, mut written) = (b.len(), 0);
    // At least one digit before the point: 5 at scale 2 is "0.05".
    while n > 0 || written <= scale {
        if written == scale && scale > 0 {
            i -= 1;
            b[i] = b'.';
        }
        i -= 1;
        b[i] = b'0' + (n % 10) as u8;
        n /= 10;
        written += 1;
    }
    if m < 0 {
        i -= 1;
        b[i] = b'-';
    }
    f(std::str::from_utf8(&b[i..]).expect("ASCII digits"))
}

fn put_date(out: &mut [u8], d: NaiveDate) -> bool {
    use chrono::Datelike;
    let Ok(year @ 1..=9999) = u32::try_from(d.year()) else { return false };
    put_digits(&mut out[0..4], year);
    put_digits(&mut out[5..7], d.month());
    put_digits(&mut out[8..10], d.day());
    true
}

/// Calls `f` with `d.to_string()` (`YYYY-MM-DD` for years 0001–9999, chrono's signed
/// form beyond), written on the stack: the general formatter was a visible part of
/// writing a bill's dates in the JVM binding.
pub fn with_date_text<R>(d: NaiveDate, f: impl FnOnce(&str) -> R) -> R {
    let mut b = *b"0000-00-00";
    if !put_date(&mut b, d) {
        return f(&d.to_string());
    }
    f(std::str::from_utf8(&b).expect("ASCII digits"))
}

impl StrictSer for NaiveDate {
    fn ser<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // chrono serializes a date as its `Display` text, which `with_date_text` writes.
        with_date_text(*self, |text| s.serialize_str(text))
    }
}

/// Calls `f` with the text `%Y-%m-%dT%H:%M:%S` formats for `t` (whole seconds: a fraction
/// is not written), on the stack for years 0001–9999 and by chrono's formatter beyond.
pub fn with_datetime_text<R>(t: NaiveDateTime, f: impl FnOnce(&str) -> R) -> R {
    use chrono::Timelike;
    let mut b = *b"0000-00-00T00:00:00";
    if !put_date(&mut b, t.date()) {
        return f(&t.format("%Y-%m-%dT%H:%M:%S").to_string());
    }
    put_digits(&mut b[11..13], t.hour());
    put_digits(&mut b[14..16], t.minute());
    put_digits(&mut b[17..19], t.second());
    f(std::str::from_utf8(&b).expect("ASCII digits"))
}

impl StrictSer for NaiveDateTime {
    fn ser<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use chrono::Timelike;
        // chrono's text, with the fraction, for a time [`with_datetime_text`] would cut.
        if self.nanosecond() != 0 {
            return serde::Serialize::serialize(self, s);
        }
        with_datetime_text(*self, |text| s.serialize_str(text))
    }
}

/// A strictly read value inside an `Option` or a `Vec`.
pub struct Wrap<T>(pub T);

impl<'de, T: Strict> Deserialize<'de> for Wrap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::de(d).map(Wrap)
    }
}

impl<T: Strict> Strict for Option<T> {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<Wrap<T>>::deserialize(d)?.map(|w| w.0))
    }
}

impl<T: Strict> Strict for Vec<T> {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<Wrap<T>>::deserialize(d)?.into_iter().map(|w| w.0).collect())
    }
}

/// `#[serde(deserialize_with = "crate::base::strict::de")]`.
pub fn de<'de, D: Deserializer<'de>, T: Strict>(d: D) -> Result<T, D::Error> {
    T::de(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_grammar_for_decimals() {
        for ok in ["0", "168.40", "-0.5", "000123.4500", "999999999999999.999999999999", "0.50000000000000000000"] {
            assert!(parse_decimal(ok).is_ok(), "{ok}");
        }
        for bad in ["1e3", "1_000", "+12", "12.", ".5", " 12 ", "", "-", "1,000", "0x10", "NaN", "１２", "1000000000000000", "0.0000000000001", "0.00000000000000000000000000000000000000000000000000000000000000001"] {
            assert!(parse_decimal(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_decimal("79228162514264337593543950335").unwrap_err(), "\"79228162514264337593543950335\" is too large: at most 15 digits before the decimal point");
    }

    /// `unscaled × 10^-scale` as `BigDecimal.toPlainString` writes it: the text the jar
    /// would have sent, written independently of `with_plain_text`.
    fn plain_text(unscaled: i64, scale: u32) -> String {
        let digits = unscaled.unsigned_abs().to_string();
        let sign = if unscaled < 0 { "-" } else { "" };
        let scale = scale as usize;
        if scale == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        format!("{sign}{int}.{frac}")
    }

    #[test]
    fn parts_are_read_as_their_text_is() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut pairs = vec![(0, 0), (0, 2), (-5, 2), (16840, 2), (999_999_999_999_999, 0), (1_000_000_000_000_000, 0), (1, 12), (1, 13), (10, 13), (5, 28), (5, 29), (i64::MAX, 0), (i64::MIN, 4), (i64::MIN, 28), (-1, 40), (1, u32::MAX)];
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            pairs.push(((x as i64) >> (x % 64), (x >> 8) as u32 % 32));
        }
        for (unscaled, scale) in pairs {
            if scale > 28 {
                assert!(decimal_from_parts(unscaled, scale).is_err(), "{unscaled} at scale {scale}");
                continue;
            }
            let text = plain_text(unscaled, scale);
            let (from_parts, from_text) = (decimal_from_parts(unscaled, scale), parse_decimal(&text));
            assert_eq!(from_parts, from_text, "{unscaled} at scale {scale}: {text}");
            if let Ok(d) = from_parts {
                assert_eq!((d.mantissa(), d.scale()), (i128::from(unscaled), scale), "{text}");
            }
        }
        assert_eq!(plain_text(-5, 2), "-0.05");
        assert_eq!(plain_text(16840, 2), "168.40");
        assert_eq!(plain_text(0, 3), "0.000");
    }

    #[test]
    fn one_grammar_for_dates() {
        assert_eq!(parse_date("2026-11-01").unwrap().to_string(), "2026-11-01");
        for bad in [" 2026-11-01", "2026-2-1", "+002026-11-01", "0000-01-01", "2026-02-30", "2026-11-01T00:00:00", "10000-01-01"] {
            assert!(parse_date(bad).is_err(), "{bad:?}");
        }
        assert!(parse_datetime("2026-11-01T08:15:00").is_ok());
        for bad in ["2026-11-01T08:15", "2026-11-01T08:15:00.5", "2026-11-01 08:15:00", "2026-11-01T08:15:00Z", "2026-11-01T24:00:00"] {
            assert!(parse_datetime(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn read_as_chrono_reads_them() {
        // Every day-of-month 00–39 of every month 00–13 of a few years, valid or not.
        for y in [1, 999, 1900, 2000, 2024, 2026, 2100, 9999] {
            for m in 0..14 {
                for d in 0..40 {
                    let s = format!("{y:04}-{m:02}-{d:02}");
                    assert_eq!(parse_date(&s).ok(), NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok(), "{s}");
                }
            }
        }
        for (h, m, sec) in [(0, 0, 0), (23, 59, 59), (24, 0, 0), (12, 60, 0), (23, 59, 60), (8, 15, 61), (99, 99, 99)] {
            let s = format!("2024-02-29T{h:02}:{m:02}:{sec:02}");
            assert_eq!(parse_datetime(&s).ok(), NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S").ok(), "{s}");
        }
    }

    #[test]
    fn errors_quote_at_most_forty_characters() {
        let long = "9".repeat(1000);
        let e = parse_decimal(&long).unwrap_err();
        assert!(e.len() < 200 && e.contains("(1000 characters)"), "{e}");
    }

    #[test]
    fn written_as_chrono_writes_them() {
        #[derive(serde::Serialize)]
        struct Fast(#[serde(serialize_with = "ser")] NaiveDateTime, #[serde(serialize_with = "ser")] NaiveDate);
        #[derive(serde::Serialize)]
        struct Chrono(NaiveDateTime, NaiveDate);
        let days = ["0001-01-01", "0999-12-31", "2026-02-28", "2024-02-29", "9999-12-31"];
        let times = [(0, 0, 0, 0), (23, 59, 59, 0), (8, 5, 9, 0), (12, 0, 0, 500_000_000), (23, 59, 59, 1_500_000_000)];
        for d in days {
            let d: NaiveDate = d.parse().unwrap();
            for (h, m, s, n) in times {
                let t = d.and_hms_nano_opt(h, m, s, n).unwrap();
                assert_eq!(serde_json::to_string(&Fast(t, d)).unwrap(), serde_json::to_string(&Chrono(t, d)).unwrap());
            }
        }
        for d in days.iter().map(|d| d.parse::<NaiveDate>().unwrap()).chain([NaiveDate::from_ymd_opt(0, 6, 1).unwrap(), NaiveDate::from_ymd_opt(-5, 1, 1).unwrap(), NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap()]) {
            assert_eq!(with_date_text(d, str::to_owned), d.to_string());
            for (h, m, sec, n) in [(0, 0, 0, 0), (23, 59, 59, 0), (8, 5, 9, 500_000_000)] {
                let t = d.and_hms_nano_opt(h, m, sec, n).unwrap();
                assert_eq!(with_datetime_text(t, str::to_owned), t.format("%Y-%m-%dT%H:%M:%S").to_string());
            }
        }
        // Outside the grammar: chrono's form.
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        assert_eq!(serde_json::to_string(&Fast(far.and_hms_opt(0, 0, 0).unwrap(), far)).unwrap(), serde_json::to_string(&Chrono(far.and_hms_opt(0, 0, 0).unwrap(), far)).unwrap());
    }

    #[derive(serde::Serialize)]
    struct FastDecimal(#[serde(serialize_with = "ser")] Decimal);

    #[test]
    fn decimals_written_as_rust_decimal_writes_them() {
        for d in ["0", "0.00", "-0.00", "0.05", "-0.05", "200.00", "-1.5", "999999999999999999", "1000000000000000000", "0.000000000000000001", "0.0000000000000000001", "79228162514264337593543950335", "-79228162514264337593543950335", "12.3400", "18446744073709551615", "-18446744073709551616", "0.0000000000000000000000000001", "-1844674407.3709551615", "-0.0000000000000000001844674407"] {
            let d: Decimal = d.parse().unwrap();
            assert_eq!(serde_json::to_string(&FastDecimal(d)).unwrap(), serde_json::to_string(&d).unwrap(), "{d}");
            assert_eq!(with_plain_text(&d, str::to_owned), d.to_string());
        }
        let negative_zero = Decimal::from_parts(0, 0, 0, true, 2);
        assert_eq!(with_plain_text(&negative_zero, str::to_owned), negative_zero.to_string());
    }

    proptest::proptest! {
        #[test]
        fn any_decimal_written_as_rust_decimal_writes_it(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28) {
            let d = Decimal::from_parts(lo, mid, hi % 4, negative, scale);
            proptest::prop_assert_eq!(serde_json::to_string(&FastDecimal(d)).unwrap(), serde_json::to_string(&d).unwrap());
        }
    }
}
