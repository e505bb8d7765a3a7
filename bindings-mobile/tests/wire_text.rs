//! Decimals, dates and date-times cross as the very bytes of their text as a `String`
//! (`Decimal`'s `to_string`, `NaiveDate`'s, `%Y-%m-%dT%H:%M:%S`), written and read in place
//! by the binding's converters (`WireText` in src/convert.rs), and are read back as that
//! text is parsed. From the jar, a decimal or a date-time may come in a compact form
//! instead (a negative length, then a long), read exactly as its text would be; in a JNI
//! reply, decimals are written in it.

use chrono::{NaiveDate, NaiveDateTime};
use gridcore::strict;
use gridcore::Decimal;
use gridcore_mobile::{GridcoreError, UniFfiTag};
use uniffi::{Lift, Lower};

fn string_bytes(text: &str) -> Vec<u8> {
    let mut buf = Vec::new();
    <String as Lower<UniFfiTag>>::write(text.to_string(), &mut buf);
    buf
}

/// Written as `text`'s bytes, lowered as its bytes, and read back as `parse` reads `text`:
/// the engine's bounds (15 integer digits, 12 decimals, years 0001-9999) refuse what they
/// refused before.
fn round_trip<T>(value: T, text: &str, parse: fn(&str) -> Option<T>)
where
    T: Lower<UniFfiTag, FfiType = uniffi::RustBuffer> + Lift<UniFfiTag> + PartialEq + std::fmt::Debug + Copy,
{
    let mut buf = Vec::new();
    T::write(value, &mut buf);
    assert_eq!(buf, string_bytes(text), "{text}");
    let mut read = buf.as_slice();
    let back = T::try_read(&mut read).ok();
    assert_eq!(back, parse(text), "{text}");
    if back.is_some() {
        assert_eq!((back, read.len()), (Some(value), 0), "{text}");
    }
    assert_eq!(T::lower(value).destroy_into_vec(), text.as_bytes(), "{text}");
}

// Deterministic pseudo-random values (a 64-bit LCG), so a failure names its value.
fn values(n: usize) -> impl Iterator<Item = u64> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..n).map(move |_| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        x
    })
}

fn decimal(text: &str) -> Option<Decimal> {
    strict::parse_decimal(text).ok()
}

#[test]
fn decimals_are_written_as_their_display_text_and_read_back() {
    let odd = ["0", "0.00", "-0.0001", "1", "-1", "79228162514264337593543950335", "-7.9228162514264337593543950335", "0.0000000000000000000000000001", "18446744073709551615", "18446744073709551616", "12345678901234567890.123"];
    let mut all: Vec<Decimal> = odd.iter().filter_map(|t| t.parse().ok()).collect();
    all.push(Decimal::from_parts(0, 0, 0, true, 2)); // -0.00
    for x in values(20_000) {
        all.push(Decimal::new((x >> 1) as i64 * if x & 1 == 0 { 1 } else { -1 }, (x % 29) as u32));
        // ... and within the engine's bounds, so that most are read back too.
        all.push(Decimal::new((x % 10_000_000_000_000_000) as i64 * if x & 2 == 0 { 1 } else { -1 }, ((x >> 20) % 13) as u32));
    }
    assert_eq!(all.len(), odd.len() + 1 + 40_000);
    for d in all {
        round_trip(d, &d.to_string(), decimal);
    }
}

#[test]
fn dates_and_date_times_are_written_as_before_and_read_back() {
    let edges = [(1, 1, 1), (9999, 12, 31), (2024, 2, 29), (2026, 11, 1)];
    let mut dates: Vec<NaiveDate> = edges.iter().filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)).collect();
    dates.extend(values(5_000).filter_map(|x| NaiveDate::from_num_days_from_ce_opt((x % 3_652_059) as i32 + 1)));
    // Outside 0001-9999 the text is chrono's, and the engine refuses it when read.
    dates.extend([(10_000, 1, 1), (0, 6, 1), (-5, 1, 1)].iter().filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)));
    assert_eq!(dates.len(), 4 + 5_000 + 3);
    for (i, &day) in dates.iter().enumerate() {
        round_trip(day, &day.to_string(), |t| strict::parse_date(t).ok());
        let at = day.and_time(chrono::NaiveTime::default() + chrono::TimeDelta::seconds((i % 24 * 3600 + i * 7 % 60 * 60 + i * 13 % 60) as i64));
        round_trip(at, &at.format("%Y-%m-%dT%H:%M:%S").to_string(), |t| strict::parse_datetime(t).ok().or_else(|| t.parse::<NaiveDateTime>().ok()));
    }
}

#[test]
fn bad_wire_text_is_an_error_not_a_panic() {
    for bytes in [&[0, 0, 0][..], &[0, 0, 0, 5, b'1'], &[0xff, 0xff, 0xff, 0xff], &[0, 0, 0, 2, 0xc3, 0x28], &[0, 0, 0, 3, b'1', b'.', b'x']] {
        let mut read = bytes;
        assert!(<Decimal as Lift<UniFfiTag>>::try_read(&mut read).is_err(), "{bytes:?}");
    }
    let mut read = &[0, 0, 0, 10, b'2', b'0', b'2', b'6', b'-', b'1', b'3', b'-', b'0', b'1'][..];
    let error = <NaiveDate as Lift<UniFfiTag>>::try_read(&mut read).expect_err("month 13");
    assert!(matches!(error.downcast::<GridcoreError>(), Ok(GridcoreError::Request { .. })));
}

#[test]
fn the_engines_texts_cross_as_strings() {
    use std::borrow::Cow;
    for text in ["energy.tier_1", "电度电费(第1档)", "", "Tier 2 uplift ☀"] {
        for cow in [Cow::Borrowed(text), Cow::Owned(text.to_string())] {
            let mut buf = Vec::new();
            <Cow<'static, str> as Lower<UniFfiTag>>::write(cow.clone(), &mut buf);
            assert_eq!(buf, string_bytes(text), "{text}");
            let mut read = buf.as_slice();
            assert_eq!(<Cow<'static, str> as Lift<UniFfiTag>>::try_read(&mut read).ok(), Some(cow.clone()));
            assert!(read.is_empty());
            assert_eq!(<Cow<'static, str> as Lower<UniFfiTag>>::lower(cow).destroy_into_vec(), text.as_bytes());
        }
    }
}

/// In a JNI reply (and only there) a decimal whose mantissa fits an `i64` is written as
/// `-1 - scale` and the mantissa, big-endian, which `Lowering.readDecimal` reads; a larger
/// one as its text.
#[test]
fn jni_replies_write_decimals_compactly() {
    let write = |d: Decimal| {
        let mut buf = Vec::new();
        <Decimal as Lower<UniFfiTag>>::write(d, &mut buf);
        buf
    };
    let big = Decimal::MAX; // 79228162514264337593543950335, past i64
    for d in [Decimal::new(16840, 2), Decimal::ZERO, Decimal::new(-1, 28), Decimal::new(i64::MAX, 0), Decimal::new(i64::MIN, 3), big] {
        let compact = gridcore_mobile::compact_replies(|| write(d));
        match i64::try_from(d.mantissa()) {
            Ok(m) => {
                let mut expected = (-1 - d.scale() as i32).to_be_bytes().to_vec();
                expected.extend_from_slice(&m.to_be_bytes());
                assert_eq!(compact, expected, "{d}");
            }
            Err(_) => assert_eq!(compact, string_bytes(&d.to_string()), "{d}"),
        }
        // Outside a reply, and after one, the text.
        assert_eq!(write(d), string_bytes(&d.to_string()), "{d}");
    }
    // A panic inside a reply leaves the thread writing text.
    let _ = std::panic::catch_unwind(|| gridcore_mobile::compact_replies(|| std::panic::resume_unwind(Box::new("a bug"))));
    assert_eq!(write(Decimal::new(5, 1)), string_bytes("0.5"));
}

/// The jar sends a decimal of at most 18 digits as `-1 - scale` and its unscaled long;
/// the engine reads it as it reads the text, bounds and errors alike.
#[test]
fn compact_decimals_are_read_as_their_text() {
    let compact = |unscaled: i64, marker: i32| {
        let mut bytes = marker.to_be_bytes().to_vec();
        bytes.extend_from_slice(&unscaled.to_be_bytes());
        bytes.push(7);
        bytes
    };
    for (unscaled, scale) in [(16840i64, 2u32), (0, 0), (-5, 2), (999_999_999_999_999, 0), (1_000_000_000_000_000, 0), (1, 13), (i64::MIN, 28)] {
        let bytes = compact(unscaled, -1 - scale as i32);
        let mut read = bytes.as_slice();
        let got = <Decimal as Lift<UniFfiTag>>::try_read(&mut read).ok();
        assert_eq!(got, strict::decimal_from_parts(unscaled, scale).ok(), "{unscaled} at scale {scale}");
        if let Some(d) = got {
            assert_eq!((d.mantissa(), d.scale(), read), (i128::from(unscaled), scale, &[7u8][..]));
        }
    }
    // A marker past 28 places, or one the long does not follow, is an error, not a panic
    // nor a string of two billion zeros.
    for bytes in [compact(5, -30), compact(5, i32::MIN), vec![0xff, 0xff, 0xff, 0xfe, 0, 0]] {
        let mut read = bytes.as_slice();
        assert!(<Decimal as Lift<UniFfiTag>>::try_read(&mut read).is_err(), "{bytes:?}");
    }
    // Dates have no compact form.
    let mut read = &compact(5, -3)[..];
    assert!(<NaiveDate as Lift<UniFfiTag>>::try_read(&mut read).is_err());
}

/// The jar sends a whole second of the years 0001-9999 as `-1` and its seconds from
/// 1970-01-01T00:00:00; the engine reads it as it reads `%Y-%m-%dT%H:%M:%S`.
#[test]
fn compact_date_times_are_read_as_their_text() {
    let compact = |seconds: i64, marker: i32| {
        let mut bytes = marker.to_be_bytes().to_vec();
        bytes.extend_from_slice(&seconds.to_be_bytes());
        bytes
    };
    // 0001-01-01T00:00:00 and 9999-12-31T23:59:59.
    let (first, last) = (-62_135_596_800i64, 253_402_300_799i64);
    let text = |s: i64| strict::datetime_from_seconds(s).map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string());
    assert_eq!((text(first), text(last)), (Ok("0001-01-01T00:00:00".to_string()), Ok("9999-12-31T23:59:59".to_string())));
    let mut seconds: Vec<i64> = vec![first, last, 0, 1_796_083_200];
    seconds.extend(values(5_000).map(|x| first + (x % (last - first + 1) as u64) as i64));
    for s in seconds {
        let mut read = &compact(s, -1)[..];
        let got = <NaiveDateTime as Lift<UniFfiTag>>::try_read(&mut read).ok();
        let text = got.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string());
        assert_eq!(got, text.as_deref().and_then(|t| strict::parse_datetime(t).ok()), "{s}");
        assert_eq!(got.map(|t| t.and_utc().timestamp()), Some(s));
        assert!(read.is_empty());
    }
    for bytes in [compact(first - 1, -1), compact(last + 1, -1), compact(0, -2), compact(i64::MAX, -1), compact(i64::MIN, -1), vec![0xff, 0xff, 0xff, 0xff, 1]] {
        let mut read = bytes.as_slice();
        assert!(<NaiveDateTime as Lift<UniFfiTag>>::try_read(&mut read).is_err(), "{bytes:?}");
    }
}
