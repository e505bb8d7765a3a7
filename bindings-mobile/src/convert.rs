// What every domain file shares: the custom types that cross as exact strings, the
// bilingual `Text`, the customer class, and the whole-number helpers. Included into the
// crate root by lib.rs (which says why), so it shares the root's imports.

// ── custom types: exact strings on the wire ───────────────────────────────────────────

fn lift_error(what: &str, text: &str) -> uniffi::deps::anyhow::Error {
    GridcoreError::Request { code: "invalid_field".into(), path: String::new(), reason: format!("`{text}` is not a valid {what}") }.into()
}

fn lift_reason(reason: String) -> uniffi::deps::anyhow::Error {
    GridcoreError::Request { code: "invalid_field".into(), path: String::new(), reason }.into()
}

uniffi::custom_type!(Decimal, WireText<Decimal>, {
    remote,
    lower: |v| WireText(v),
    try_lift: |t| Ok(t.0),
});

uniffi::custom_type!(NaiveDate, WireText<NaiveDate>, {
    remote,
    lower: |v| WireText(v),
    try_lift: |t| Ok(t.0),
});

uniffi::custom_type!(BillingMonth, String, {
    remote,
    lower: |m| m.to_string(),
    try_lift: |s| s.parse::<BillingMonth>().map_err(|_| lift_error("billing month (YYYY-MM)", &s)),
});

uniffi::custom_type!(NaiveDateTime, WireText<NaiveDateTime>, {
    remote,
    lower: |v| WireText(v),
    try_lift: |t| Ok(t.0),
});

/// A value that crosses as its exact text: on the wire the bytes of a `String` (a
/// big-endian `i32` length, then UTF-8), and the foreign side sees a `String` (the
/// metadata is `String`'s), but the text is written straight into the buffer and read
/// straight from it, with no `String` allocated and freed per value: a bill has ~25
/// decimals and a month of 15-minute points ~9,000 values (docs/performance.md, "JVM").
#[derive(Debug)]
pub struct WireText<T>(T);

/// How a [`WireText`] value is written and read: the same text as before it was a
/// `WireText` (`Decimal`'s `to_string`, `NaiveDate`'s, `%Y-%m-%dT%H:%M:%S`), checked by
/// the `wire_text` tests.
trait Wire: Sized {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R;
    fn parse(text: &str) -> uniffi::Result<Self>;
}

impl Wire for Decimal {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        gridcore::strict::with_plain_text(self, f)
    }
    fn parse(text: &str) -> uniffi::Result<Self> {
        gridcore::strict::parse_decimal(text).map_err(lift_reason)
    }
}

impl Wire for NaiveDate {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        gridcore::strict::with_date_text(*self, f)
    }
    fn parse(text: &str) -> uniffi::Result<Self> {
        gridcore::strict::parse_date(text).map_err(lift_reason)
    }
}

impl Wire for NaiveDateTime {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let time = self.time();
        self.date().with_text(|day| match day.len() {
            10 => {
                let mut b = *b"0000-00-00T00:00:00";
                b[..10].copy_from_slice(day.as_bytes());
                b[11..13].copy_from_slice(&two_digits(time.hour()));
                b[14..16].copy_from_slice(&two_digits(time.minute()));
                b[17..19].copy_from_slice(&two_digits(time.second()));
                f(std::str::from_utf8(&b).expect("ASCII digits"))
            }
            _ => f(&self.format("%Y-%m-%dT%H:%M:%S").to_string()),
        })
    }
    // The usual form by the engine's fast reader; anything else (a fraction of a second,
    // which the engine refuses naming the interval) by chrono's.
    fn parse(text: &str) -> uniffi::Result<Self> {
        gridcore::strict::parse_datetime(text)
            .or_else(|_| text.parse::<NaiveDateTime>())
            .map_err(|_| lift_error("local date-time (YYYY-MM-DDTHH:MM:SS)", text))
    }
}

fn two_digits(n: u32) -> [u8; 2] {
    [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]
}

// SAFETY (of the `unsafe impl`): the FFI type and the bytes are exactly `String`'s, as the
// metadata says.
unsafe impl<T: Wire> uniffi::FfiConverter<crate::UniFfiTag> for WireText<T> {
    type FfiType = uniffi::RustBuffer;

    fn lower(v: Self) -> uniffi::RustBuffer {
        uniffi::RustBuffer::from_vec(v.0.with_text(|s| s.as_bytes().to_vec()))
    }

    fn try_lift(v: uniffi::RustBuffer) -> uniffi::Result<Self> {
        let bytes = v.destroy_into_vec();
        T::parse(std::str::from_utf8(&bytes)?).map(WireText)
    }

    fn write(v: Self, buf: &mut Vec<u8>) {
        v.0.with_text(|s| {
            // A decimal or a date is at most a few dozen bytes.
            buf.extend_from_slice(&(s.len() as i32).to_be_bytes());
            buf.extend_from_slice(s.as_bytes());
        })
    }

    fn try_read(buf: &mut &[u8]) -> uniffi::Result<Self> {
        let len = <i32 as uniffi::Lift<crate::UniFfiTag>>::try_read(buf)?;
        let len = usize::try_from(len)?;
        uniffi::check_remaining(buf, len)?;
        let (text, rest) = buf.split_at(len);
        *buf = rest;
        T::parse(std::str::from_utf8(text)?).map(WireText)
    }

    const TYPE_ID_META: uniffi::MetadataBuffer = <String as uniffi::TypeId<crate::UniFfiTag>>::TYPE_ID_META;
}

uniffi::derive_ffi_traits!(impl<T> Lower<crate::UniFfiTag> for WireText<T> where T: Wire);
uniffi::derive_ffi_traits!(impl<T> Lift<crate::UniFfiTag> for WireText<T> where T: Wire);
uniffi::derive_ffi_traits!(impl<T> TypeId<crate::UniFfiTag> for WireText<T> where T: Wire);

/// A notice variable's value. Kotlin and Java pass a `String`, `BigDecimal`, `LocalDate`,
/// `LocalDateTime` or a whole number (`Any` in Kotlin, see uniffi.toml); Lowering.kt writes
/// it as the text the engine checks, and a value of any other type as a marker refused here.
pub struct NoticeValue(pub String);

uniffi::custom_type!(NoticeValue, String, {
    lower: |v| v.0,
    try_lift: |s| match s.strip_prefix('\u{0}') {
        Some(class) => Err(lift_reason(format!(
            "a notice value is text, a BigDecimal, a LocalDate, a LocalDateTime or a whole number, not a `{class}` (a float is never accepted for money)"
        ))),
        None => Ok(NoticeValue(s)),
    },
});

/// kWh per time-of-use period. uniffi carries maps as `HashMap`, whose order is random;
/// Kotlin gets a `SortedMap` (uniffi.toml), so it iterates in bill order: critical peak,
/// peak, flat, valley.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByPeriod(pub HashMap<TouPeriod, Decimal>);

uniffi::custom_type!(ByPeriod, HashMap<TouPeriod, Decimal>, {
    lower: |m| m.0,
    try_lift: |m| Ok(ByPeriod(m)),
});

// ── core types shared by the domains ──────────────────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum CustomerClass {
    Residential,
    NonResidential,
}

// ── whole numbers ─────────────────────────────────────────────────────────────────────
// Records with whole numbers use i32: Kotlin's UInt is an inline class whose constructors
// and getters Java cannot call, and Java marketing systems are the main JVM users.

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn whole(n: i32, path: &str) -> Result<u32, GridcoreError> {
    u32::try_from(n).map_err(|_| GridcoreError::Request { code: "out_of_range".into(), path: path.into(), reason: format!("{n} must not be negative") })
}

// ── text ──────────────────────────────────────────────────────────────────────────────
// Text is mirrored because the core uses Cow in it.

/// A text in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl From<&gridcore::Text> for Text {
    fn from(t: &gridcore::Text) -> Self {
        Text { zh: t.zh.to_string(), en: t.en.to_string() }
    }
}

fn text(t: Text) -> gridcore::Text {
    gridcore::Text::new(t.zh, t.en)
}

#[cfg(test)]
mod wire_text {
    use super::*;
    use uniffi::{Lift, Lower};

    fn string_bytes(text: String) -> Vec<u8> {
        let mut buf = Vec::new();
        <String as Lower<crate::UniFfiTag>>::write(text, &mut buf);
        buf
    }

    fn round_trip<T: Wire + PartialEq + std::fmt::Debug + Copy>(value: T, text: String) {
        let mut buf = Vec::new();
        <WireText<T> as Lower<crate::UniFfiTag>>::write(WireText(value), &mut buf);
        assert_eq!(buf, string_bytes(text.clone()), "{text}");
        // Read back as the text itself is parsed: the engine's bounds (15 integer digits,
        // 12 decimals, years 0001-9999) refuse what they refused before.
        let mut read = buf.as_slice();
        match (<WireText<T> as Lift<crate::UniFfiTag>>::try_read(&mut read), T::parse(&text)) {
            (Ok(back), Ok(parsed)) => assert_eq!((back.0, parsed, read.len()), (value, value, 0), "{text}"),
            (Err(_), Err(_)) => {}
            (got, expected) => panic!("{text}: read {got:?}, parsed {expected:?}"),
        }
        let lowered = <WireText<T> as Lower<crate::UniFfiTag>>::lower(WireText(value));
        assert_eq!(lowered.destroy_into_vec(), text.into_bytes());
    }

    // Deterministic pseudo-random values (a 64-bit LCG), so a failure names its value.
    fn values(n: usize) -> impl Iterator<Item = u64> {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        (0..n).map(move |_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            x
        })
    }

    #[test]
    fn decimals_are_written_as_their_display_text_and_read_back() {
        let odd = ["0", "0.00", "-0.0001", "1", "-1", "79228162514264337593543950335", "-7.9228162514264337593543950335", "0.0000000000000000000000000001", "18446744073709551615", "18446744073709551616", "12345678901234567890.123"];
        for text in odd {
            let d: Decimal = text.parse().unwrap();
            round_trip(d, d.to_string());
        }
        for x in values(20_000) {
            let d = Decimal::new((x >> 1) as i64 * if x & 1 == 0 { 1 } else { -1 }, (x % 29) as u32);
            round_trip(d, d.to_string());
            // ... and within the engine's bounds, so that most are read back too.
            let d = Decimal::new((x % 10_000_000_000_000_000) as i64 * if x & 2 == 0 { 1 } else { -1 }, ((x >> 20) % 13) as u32);
            round_trip(d, d.to_string());
        }
    }

    #[test]
    fn dates_and_date_times_are_written_as_before_and_read_back() {
        let edges = [(1, 1, 1), (9999, 12, 31), (2024, 2, 29), (2026, 11, 1)];
        let mut dates: Vec<NaiveDate> = edges.iter().map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()).collect();
        dates.extend(values(5_000).filter_map(|x| NaiveDate::from_num_days_from_ce_opt((x % 3_652_059) as i32 + 1)));
        for (i, &day) in dates.iter().enumerate() {
            round_trip(day, day.to_string());
            let at = day.and_hms_opt((i % 24) as u32, (i * 7 % 60) as u32, (i * 13 % 60) as u32).unwrap();
            round_trip(at, at.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
        // Outside 0001-9999 the text is chrono's (the engine refuses such dates when read).
        for day in [NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(), NaiveDate::from_ymd_opt(0, 6, 1).unwrap(), NaiveDate::from_ymd_opt(-5, 1, 1).unwrap()] {
            let mut buf = Vec::new();
            <WireText<NaiveDate> as Lower<crate::UniFfiTag>>::write(WireText(day), &mut buf);
            assert_eq!(buf, string_bytes(day.to_string()));
            let at = day.and_hms_opt(1, 2, 3).unwrap();
            let mut buf = Vec::new();
            <WireText<NaiveDateTime> as Lower<crate::UniFfiTag>>::write(WireText(at), &mut buf);
            assert_eq!(buf, string_bytes(at.format("%Y-%m-%dT%H:%M:%S").to_string()));
        }
    }

    #[test]
    fn bad_wire_text_is_an_error_not_a_panic() {
        for bytes in [&[0, 0, 0][..], &[0, 0, 0, 5, b'1'], &[0xff, 0xff, 0xff, 0xff], &[0, 0, 0, 2, 0xc3, 0x28], &[0, 0, 0, 3, b'1', b'.', b'x']] {
            let mut read = bytes;
            assert!(<WireText<Decimal> as Lift<crate::UniFfiTag>>::try_read(&mut read).is_err(), "{bytes:?}");
        }
        let mut read = &[0, 0, 0, 10, b'2', b'0', b'2', b'6', b'-', b'1', b'3', b'-', b'0', b'1'][..];
        let error = <WireText<NaiveDate> as Lift<crate::UniFfiTag>>::try_read(&mut read).unwrap_err();
        assert!(matches!(error.downcast::<GridcoreError>(), Ok(GridcoreError::Request { .. })));
    }
}
