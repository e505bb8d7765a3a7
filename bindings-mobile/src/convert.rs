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

uniffi::custom_type!(Decimal, String, {
    remote,
    lower: |d| plain_decimal(&d),
    try_lift: |s| gridcore::strict::parse_decimal(&s).map_err(lift_reason),
});

/// `d.to_string()`, the same text, by the core's writer (`Decimal`'s `Display` was the
/// largest part of lowering a bill in the JVM's profile, docs/performance.md).
fn plain_decimal(d: &Decimal) -> String {
    gridcore::strict::with_plain_text(d, str::to_owned)
}

uniffi::custom_type!(NaiveDate, String, {
    remote,
    lower: |d| d.to_string(),
    try_lift: |s| gridcore::strict::parse_date(&s).map_err(lift_reason),
});

uniffi::custom_type!(BillingMonth, String, {
    remote,
    lower: |m| m.to_string(),
    try_lift: |s| s.parse::<BillingMonth>().map_err(|_| lift_error("billing month (YYYY-MM)", &s)),
});

uniffi::custom_type!(NaiveDateTime, String, {
    remote,
    lower: |d| d.format("%Y-%m-%dT%H:%M:%S").to_string(),
    // The usual form by the engine's fast reader; anything else (a fraction of a second,
    // which the engine refuses naming the interval) by chrono's.
    try_lift: |s| gridcore::strict::parse_datetime(&s).or_else(|_| s.parse::<NaiveDateTime>()).map_err(|_| lift_error("local date-time (YYYY-MM-DDTHH:MM:SS)", &s)),
});

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
