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
/// Between the jar and the engine decimals and date-times may instead take a compact
/// form marked by a negative length (`Wire::read_compact`, [`compact_replies`]).
#[doc(hidden)]
pub struct WireText<T>(T);

/// How a [`WireText`] value is written and read: the same text as before it was a
/// `WireText` (`Decimal`'s `to_string`, `NaiveDate`'s, `%Y-%m-%dT%H:%M:%S`), checked by
/// `tests/wire_text.rs`.
trait Wire: Sized {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R;
    fn parse(text: &str) -> uniffi::Result<Self>;
    /// Writes the value in the JVM's compact form, if it has one and the reply is the
    /// JVM's (see [`compact_replies`]); `false` to write the text.
    fn write_compact(&self, _buf: &mut Vec<u8>) -> bool {
        false
    }
    /// Reads the compact form whose marker (a negative length) was just read.
    fn read_compact(marker: i32, _buf: &mut &[u8]) -> uniffi::Result<Self> {
        Err(lift_reason(format!("a value of {marker} bytes")))
    }
}

thread_local! {
    static COMPACT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with decimals written in the compact form that only `io.gridcore.Lowering`
/// reads: a negative `i32`, `-1 - scale` (never a string's length), then the unscaled
/// value as a big-endian `i64`, in place of the text. Only the JNI reply (jvm.rs), which
/// only the Kotlin jar reads, is written so: Swift and uniffi's own calls still get text.
/// (The other way, the jar always sends that form and the engine reads both.)
/// Writing and reading ~25 decimals as text was about a tenth of a billing run from Java
/// (docs/performance.md, "JVM"). A mantissa past `i64` is written as text.
#[doc(hidden)]
pub fn compact_replies<R>(f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            COMPACT.set(false);
        }
    }
    COMPACT.set(true);
    let _reset = Reset; // also on a panic
    f()
}

impl Wire for Decimal {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        gridcore::strict::with_plain_text(self, f)
    }
    fn write_compact(&self, buf: &mut Vec<u8>) -> bool {
        if !COMPACT.get() {
            return false;
        }
        let Ok(unscaled) = i64::try_from(self.mantissa()) else { return false };
        // rust_decimal's scale is at most 28: the marker is -1 to -29.
        buf.extend_from_slice(&(-1 - self.scale() as i32).to_be_bytes());
        buf.extend_from_slice(&unscaled.to_be_bytes());
        true
    }
    fn parse(text: &str) -> uniffi::Result<Self> {
        gridcore::strict::parse_decimal(text).map_err(lift_reason)
    }
    // The jar's `Lowering.writeDecimal` sends this form (-1 - scale, then the unscaled
    // long) on every path, JNA and JNI alike; Swift sends text.
    fn read_compact(marker: i32, buf: &mut &[u8]) -> uniffi::Result<Self> {
        let scale = u32::try_from(-1 - i64::from(marker)).map_err(|_| lift_reason(format!("a decimal marked {marker}")))?;
        let unscaled = <i64 as uniffi::Lift<crate::UniFfiTag>>::try_read(buf)?;
        gridcore::strict::decimal_from_parts(unscaled, scale).map_err(lift_reason)
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
        gridcore::strict::with_datetime_text(*self, f)
    }
    // The usual form by the engine's fast reader; anything else (a fraction of a second,
    // which the engine refuses naming the interval) by chrono's.
    fn parse(text: &str) -> uniffi::Result<Self> {
        gridcore::strict::parse_datetime(text)
            .or_else(|_| text.parse::<NaiveDateTime>())
            .map_err(|_| lift_error("local date-time (YYYY-MM-DDTHH:MM:SS)", text))
    }
    // The jar's `Lowering.writeDateTime`: `-1`, then the seconds from 1970-01-01T00:00:00.
    fn read_compact(marker: i32, buf: &mut &[u8]) -> uniffi::Result<Self> {
        if marker != -1 {
            return Err(lift_reason(format!("a date-time marked {marker}")));
        }
        let seconds = <i64 as uniffi::Lift<crate::UniFfiTag>>::try_read(buf)?;
        gridcore::strict::datetime_from_seconds(seconds).map_err(lift_reason)
    }
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
        if v.0.write_compact(buf) {
            return;
        }
        v.0.with_text(|s| {
            // A decimal or a date is at most a few dozen bytes.
            buf.extend_from_slice(&(s.len() as i32).to_be_bytes());
            buf.extend_from_slice(s.as_bytes());
        })
    }

    fn try_read(buf: &mut &[u8]) -> uniffi::Result<Self> {
        let len = <i32 as uniffi::Lift<crate::UniFfiTag>>::try_read(buf)?;
        if len < 0 {
            return T::read_compact(len, buf).map(WireText);
        }
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

/// Text the engine keeps as `Cow<'static, str>` (a line's code, a description, a note):
/// `String` to the foreign side (the metadata and the bytes are `String`'s), but written
/// from the engine's own text, so the labels a bill shares with every other bill
/// (`energy.tier_1`, "电度电费(第1档)") are not copied into a new `String` each time and
/// freed once written (docs/performance.md, "JVM").
//
// SAFETY (of the `unsafe impl`): the FFI type and the bytes are exactly `String`'s.
unsafe impl uniffi::FfiConverter<crate::UniFfiTag> for Cow<'static, str> {
    type FfiType = uniffi::RustBuffer;

    fn lower(v: Self) -> uniffi::RustBuffer {
        <String as uniffi::Lower<crate::UniFfiTag>>::lower(v.into_owned())
    }

    fn try_lift(v: uniffi::RustBuffer) -> uniffi::Result<Self> {
        <String as uniffi::Lift<crate::UniFfiTag>>::try_lift(v).map(Cow::Owned)
    }

    fn write(v: Self, buf: &mut Vec<u8>) {
        // The engine's texts are bounded by its inputs' limits (megabytes), far below
        // i32::MAX; were one longer, its first i32::MAX bytes keep the buffer in step.
        let len = v.len().min(i32::MAX as usize);
        buf.extend_from_slice(&(len as i32).to_be_bytes());
        buf.extend_from_slice(&v.as_bytes()[..len]);
    }

    fn try_read(buf: &mut &[u8]) -> uniffi::Result<Self> {
        <String as uniffi::Lift<crate::UniFfiTag>>::try_read(buf).map(Cow::Owned)
    }

    const TYPE_ID_META: uniffi::MetadataBuffer = <String as uniffi::TypeId<crate::UniFfiTag>>::TYPE_ID_META;
}

uniffi::derive_ffi_traits!(impl Lower<crate::UniFfiTag> for Cow<'static, str>);
uniffi::derive_ffi_traits!(impl Lift<crate::UniFfiTag> for Cow<'static, str>);
uniffi::derive_ffi_traits!(impl TypeId<crate::UniFfiTag> for Cow<'static, str>);

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
// Text is mirrored because uniffi derives records only for the crate's own types.

/// A text in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Text {
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

// Cloning a `Cow::Borrowed` copies a pointer: the engine's fixed labels are not copied.
impl From<&gridcore::Text> for Text {
    fn from(t: &gridcore::Text) -> Self {
        Text { zh: t.zh.clone(), en: t.en.clone() }
    }
}

impl From<gridcore::Text> for Text {
    fn from(t: gridcore::Text) -> Self {
        Text { zh: t.zh, en: t.en }
    }
}

fn text(t: Text) -> gridcore::Text {
    gridcore::Text::new(t.zh, t.en)
}

