//! One error type for the whole crate.
//!
//! Every error names the offending field by a path into the JSON document the caller sent
//! (`tariff.energy.tiered.tiers[2].upto`, `usage.readings[0].end`) and carries a stable
//! [`ErrorCode`] that every binding exposes unchanged, so a Java, Python or TypeScript
//! caller can branch on the code and show the reason.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which document or stage the error belongs to. Bindings map each kind to an exception
/// class (`TariffError`, `RequestError`, `MeteringError`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The tariff document is malformed or inconsistent.
    Tariff,
    /// The bill request (period, account, dates) is malformed or inconsistent.
    Request,
    /// Readings or interval data cannot be turned into billed quantities.
    Metering,
    /// A bug inside the engine (a caught panic). Never caused by input.
    Internal,
}

impl ErrorKind {
    /// The stable lower-case name (`"tariff"`, `"request"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Tariff => "tariff",
            ErrorKind::Request => "request",
            ErrorKind::Metering => "metering",
            ErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// A stable, machine-readable reason. The string forms are part of the public
        /// contract: conformance cases and every binding compare them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The stable snake_case name, e.g. `"tiers_not_ascending"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }
        }
    };
}

error_codes! {
    /// The text is not well-formed JSON.
    Syntax => "syntax",
    /// A field is missing, unknown, or of the wrong type (e.g. a number where a decimal
    /// string is required).
    InvalidField => "invalid_field",
    /// A value is negative where only zero or more is allowed.
    Negative => "negative",
    /// A value has more decimal places than allowed (prices 6, energy 4).
    TooPrecise => "too_precise",
    /// A value lies outside its allowed range.
    OutOfRange => "out_of_range",
    /// A list that must not be empty is empty.
    Empty => "empty",
    /// Two entries share a code or key that must be unique.
    Duplicate => "duplicate",
    /// Tier bounds are not strictly ascending.
    TiersNotAscending => "tiers_not_ascending",
    /// A tier other than the last has no upper bound, or the last one has one.
    TierBound => "tier_bound",
    /// Part of the year, a day type or a time of day is not covered by the schedule.
    ScheduleGap => "schedule_gap",
    /// Part of the year, a day type or a time of day is covered twice.
    ScheduleOverlap => "schedule_overlap",
    /// A time is not of the form HH:MM on a 15-minute boundary.
    ScheduleResolution => "schedule_resolution",
    /// The schedule uses a period that has no price, or a price names a period the
    /// schedule never uses.
    UnknownPeriod => "unknown_period",
    /// The tariff's energy rate needs a time-of-use schedule and has none, or has one it
    /// does not use.
    ScheduleMismatch => "schedule_mismatch",
    /// The billing period is empty or ends before it starts.
    EmptyPeriod => "empty_period",
    /// The billing period is longer than allowed (366 days).
    PeriodTooLong => "period_too_long",
    /// An annual-tier billing period spans two tier years.
    CrossesTierYear => "crosses_tier_year",
    /// `as_of` lies before the end of the billing period.
    IssuedTooEarly => "issued_too_early",
    /// Per-customer tier adjustments do not match the tariff's tiers.
    AdjustmentMismatch => "adjustment_mismatch",
    /// Usage must come from exactly one of readings or interval data.
    UsageSource => "usage_source",
    /// A register the tariff needs was not read.
    MissingRegister => "missing_register",
    /// An end reading is below the start reading and no rollover was declared.
    ReadingBackwards => "reading_backwards",
    /// A rollover was declared but is impossible (no register digits, or the reading did
    /// not go backwards), or a reading does not fit the register's digits.
    Rollover => "rollover",
    /// Interval data leaves part of the billing period without a value.
    IntervalGap => "interval_gap",
    /// Two interval values share a start time.
    IntervalDuplicate => "interval_duplicate",
    /// An interval starts outside the billing period.
    IntervalOutsidePeriod => "interval_outside_period",
    /// An interval does not start on a boundary of its length, or the length is not
    /// 15, 30 or 60 minutes.
    IntervalMisaligned => "interval_misaligned",
    /// A tariff version within a billing period changes more than prices.
    VersionMismatch => "version_mismatch",
    /// Two bills that must belong to one account do not.
    AccountMismatch => "account_mismatch",
    /// A tag cannot move to the requested lifecycle state.
    InvalidTransition => "invalid_transition",
    /// Two customer records cannot be merged (different identity numbers).
    MergeRefused => "merge_refused",
    /// An idempotency key was used before for a different operation.
    IdempotencyConflict => "idempotency_conflict",
    /// Not enough usable points for a redemption or reversal.
    InsufficientPoints => "insufficient_points",
    /// An operation names a bill or a payment the ledger does not hold.
    UnknownReference => "unknown_reference",
    /// The payment was reversed already.
    AlreadyReversed => "already_reversed",
    /// A refund is more than the money that can be refunded.
    RefundTooLarge => "refund_too_large",
    /// A value a template needs was not given.
    MissingValue => "missing_value",
    /// A value or rendered text is longer than its channel or declaration allows.
    TooLong => "too_long",
    /// A settlement file's totals lines disagree with its rows.
    TotalsMismatch => "totals_mismatch",
    /// The document uses a feature gridcore does not support (a URDB rate's coincident
    /// demand, ratchets, kVA units, …); it is refused rather than ignored.
    Unsupported => "unsupported",
    /// A bug inside the engine; please report it.
    Internal => "internal",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The crate's error: what kind, which stable code, where (a JSON path) and why.
///
/// ```
/// use gridcore::{Tariff, ErrorCode, ErrorKind};
/// let err = Tariff::from_json(r#"{"id": "t", "name": {"zh": "试", "en": "t"},
///     "energy": {"flat": {"price": 0.5}}}"#).unwrap_err();
/// assert_eq!(err.kind, ErrorKind::Tariff);
/// assert_eq!(err.code, ErrorCode::InvalidField);
/// assert_eq!(err.path, "tariff.energy.flat.price");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{kind} error [{code}] at {path}: {reason}")]
pub struct Error {
    /// Which document or stage failed.
    pub kind: ErrorKind,
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// JSON path of the offending field, rooted at the document (`tariff.…`) or at the
    /// request (`period.end`, `usage.readings[0].end`).
    pub path: String,
    /// Human-readable reason: what is wrong and what is allowed.
    pub reason: String,
}

impl Error {
    /// Builds an error.
    pub fn new(kind: ErrorKind, code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Self {
        Error { kind, code, path: cap(path.into(), MAX_PATH), reason: cap(reason.into(), MAX_REASON) }
    }

    pub(crate) fn tariff(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::Tariff, code, path, reason)
    }

    pub(crate) fn request(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::Request, code, path, reason)
    }

    pub(crate) fn metering(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::Metering, code, path, reason)
    }

    /// An internal error, e.g. a panic caught by a binding. `reason` should carry the
    /// panic message.
    pub fn internal(reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, ErrorCode::Internal, "", reason)
    }

    /// The kind of an error about the field at `path` of a bill request: the embedded
    /// tariff's fields (`tariff.…`) are tariff errors, usage fields (`usage.…`) metering
    /// errors, the rest request errors. Bindings use it for errors they find while
    /// converting native values, so that every error about one field has one kind.
    pub fn kind_in_request(path: &str) -> ErrorKind {
        let under = |root: &str| path == root || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['));
        if under("tariff") {
            ErrorKind::Tariff
        } else if under("usage") {
            ErrorKind::Metering
        } else {
            ErrorKind::Request
        }
    }

    /// Runs engine code for a binding, turning a panic into an `internal` error instead of
    /// unwinding into the host (Python, Node, the JVM).
    ///
    /// ```
    /// let e = gridcore::Error::catch_panic(|| -> gridcore::Result<()> { panic!("boom") }).unwrap_err();
    /// assert_eq!(e.code.as_str(), "internal");
    /// assert!(e.reason.contains("boom"));
    /// ```
    pub fn catch_panic<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(result) => result,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Err(Error::internal(format!("the engine panicked: {message}; please report this as a bug")))
            }
        }
    }

    /// Converts a serde_json error found while reading a document of `kind` whose root
    /// path is `root` (`"tariff"` for a tariff, `""` for a request).
    pub(crate) fn from_json(kind: ErrorKind, root: &str, err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        // serde_path_to_error writes "." for the root and "?" for a position it could not
        // name (e.g. a syntax error before any key); keep only the named segments.
        let inner = err.path().to_string();
        let inner: Vec<&str> = inner.split('.').filter(|s| !s.is_empty() && *s != "?").collect();
        let path = join_path(root, &inner.join("."));
        let code = if err.inner().is_syntax() || err.inner().is_eof() {
            ErrorCode::Syntax
        } else {
            ErrorCode::InvalidField
        };
        // Inside a request, the kind follows where the field is, so that a bad field of
        // the embedded tariff is a tariff error whether serde or validation finds it.
        let kind = if kind == ErrorKind::Request { Error::kind_in_request(&path) } else { kind };
        let (path, reason) = plain(path, &err.inner().to_string());
        Self::new(kind, code, path, reason)
    }
}

/// serde's message in words a reader of the format documents knows: no Rust type names
/// (`struct RequestDoc`, `u32`, `untagged enum Formula`) and no parser jargon; a missing
/// field moves from the reason into the path. The " at line L column C" suffix stays.
pub(crate) fn plain(path: String, message: &str) -> (String, String) {
    // A tagged enum's variant puts the path inside it in front (base::tagged).
    let mark = crate::base::tagged::INNER;
    let (path, message) = match message.strip_prefix(mark).and_then(|m| m.split_once(mark)) {
        Some((inner, rest)) => (join_path(&path, inner), rest),
        None => (path, message),
    };
    let (body, at) = match message.rfind(" at line ") {
        Some(i) => message.split_at(i),
        None => (message, ""),
    };
    if let Some(field) = body.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        return (join_path(&path, field), format!("this field is required{at}"));
    }
    let reason = if let Some(rest) = body.strip_prefix("invalid type: ").or_else(|| body.strip_prefix("invalid value: ")) {
        match rest.rsplit_once(", expected ") {
            Some((found, expected)) => format!("{} is expected here, not {}", expected_words(expected), found_words(found)),
            None => body.to_string(),
        }
    } else if let Some(name) = body.strip_prefix("data did not match any variant of untagged enum ") {
        format!("this is not {}", expected_words(&format!("enum {name}")))
    } else if body.starts_with("EOF while parsing") {
        "the document ends before this value is complete".to_string()
    } else if body == "trailing characters" || body == "trailing comma" {
        format!("unexpected {} after the value", body.trim_start_matches("trailing "))
    } else if let Some((found, rest)) = unknown_name(body, "unknown field `") {
        match rest.strip_prefix("expected ") {
            Some(expected) => format!("{} is not a field here; the fields are {}", crate::base::strict::quote(found), expected.trim_start_matches("one of ")),
            None => format!("{} is not a field here: this object has no fields", crate::base::strict::quote(found)),
        }
    } else if let Some((found, rest)) = unknown_name(body, "unknown variant `") {
        format!("{} is not {}", crate::base::strict::quote(found), rest.strip_prefix("expected ").unwrap_or(rest))
    } else if let Some(field) = body.strip_prefix("duplicate field `").and_then(|r| r.strip_suffix('`')) {
        format!("the field `{field}` appears twice")
    } else {
        body.to_string()
    };
    (path, format!("{reason}{at}"))
}

/// The caller's name in serde's "unknown field `x`, expected …": quoted with backticks
/// that the name itself may hold, so it runs to the last "`, " (the list after it names
/// the format's own fields).
fn unknown_name<'a>(body: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let rest = body.strip_prefix(prefix)?;
    let at = rest.rfind("`, expected ").or_else(|| rest.rfind("`, there are no"))?;
    Some((&rest[..at], &rest[at + 3..]))
}

/// What serde says it expected, as the formats name it.
fn expected_words(expected: &str) -> String {
    let name = expected.rsplit(' ').next().unwrap_or(expected);
    match expected {
        "a sequence" => "a list".into(),
        "a map" => "an object".into(),
        "a boolean" => "true or false".into(),
        "a string" | "a borrowed string" | "a character" => "a string".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number ≥ 0".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        _ if expected.starts_with("struct ") || expected.starts_with("tuple struct ") => "an object".into(),
        _ if expected.starts_with("internally tagged enum ") => match name {
            "Event" => "an event: an object with its `type`".into(),
            "Operation" => "an operation: an object with its `op`".into(),
            _ => "an object with its kind".into(),
        },
        _ if expected.starts_with("enum ") || expected.starts_with("untagged enum ") => match name {
            "Formula" => r#"a formula: {"fixed": points} or {"of": "amount", "per": "10", "points": 1}"#.into(),
            "Condition" => r#"a condition: {"fact": …, "op": …, "value": …}, {"all": […]}, {"any": […]} or {"not": …}"#.into(),
            "FactValue" => "true, false or a decimal string".into(),
            _ => "one of the documented names".into(),
        },
        _ => expected.to_string(),
    }
}

/// What serde says it found, in the words of JSON.
fn found_words(found: &str) -> String {
    let inner = |prefix: &str| found.strip_prefix(prefix).map(|r| r.trim_matches('`').to_string());
    if let Some(n) = inner("integer ").or_else(|| inner("floating point ")) {
        format!("the number {n}")
    } else if let Some(b) = inner("boolean ") {
        b
    } else if let Some(s) = found.strip_prefix("string ") {
        format!("the string {s}")
    } else {
        match found {
            "map" => "an object".into(),
            "sequence" => "a list".into(),
            "unit value" | "unit" | "null" => "null".into(),
            other => other.to_string(),
        }
    }
}

/// The first word of an error reason that names the implementation rather than the
/// format (a Rust type such as `RequestDoc` or `u32`, serde or parser jargon), ignoring
/// quoted input; `None` for a reason a reader of the docs can act on. Every language's
/// tests run their errors through it (or its twin in that language).
#[doc(hidden)]
pub fn jargon(reason: &str) -> Option<String> {
    // Quoted input ("…", `…`) is the caller's own text: skip it.
    let mut plain = String::with_capacity(reason.len());
    let mut quote = None;
    let mut escaped = false;
    for c in reason.chars() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '`' => quote = Some(c),
            None => plain.push(c),
        }
    }
    const PHRASES: [&str; 14] = [
        "struct ", "enum ", "untagged", "serde", "EOF", "invalid type:", "invalid value:", "napi", "pyo3", "PyErr", "RustBuffer",
        "Failed to recover", "premature end", "trailing input",
    ];
    if let Some(p) = PHRASES.iter().find(|p| plain.contains(*p)) {
        return Some(p.trim().to_string());
    }
    plain
        .split(|c: char| !c.is_alphanumeric() && c != '_' && c != ':')
        .find(|w| {
            let camel = w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && w.chars().skip(1).any(|c| c.is_ascii_uppercase()) && w.chars().any(|c| c.is_ascii_lowercase());
            // Rust number type names as words to find in a message, not numbers in use.
            let int = matches!(*w, "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f64");
            camel || int || w.contains("::")
        })
        .map(str::to_string)
}

/// The most bytes an error's reason carries: a reason explains, it never echoes a
/// document (quoted values are cut at 40 characters, the reason at this length).
pub const MAX_REASON: usize = 500;
/// The most bytes of an error's path.
pub const MAX_PATH: usize = 300;

fn cap(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut at = max - 3;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
        s.push('…');
    }
    s
}

/// Panics, deliberately. Bindings call it through [`Error::catch_panic`] in their tests to
/// prove that a panic inside the engine reaches the host as an `internal` error rather
/// than aborting the process. Not for any other use.
#[doc(hidden)]
pub fn panic_for_binding_tests() -> Result<()> {
    panic!("deliberate panic for tests")
}

/// Joins a root and a relative path: `("tariff", "energy")` → `tariff.energy`,
/// `("", "period.end")` → `period.end`, `("usage", "[3]")` → `usage[3]`.
pub(crate) fn join_path(root: &str, rest: &str) -> String {
    if root.is_empty() {
        rest.to_string()
    } else if rest.is_empty() {
        root.to_string()
    } else if rest.starts_with('[') {
        format!("{root}{rest}")
    } else {
        format!("{root}.{rest}")
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Parses JSON text into `T`, reporting the path of the first bad field.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(kind: ErrorKind, root: &str, text: &str) -> Result<T> {
    check_document(kind, root, text)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(crate::base::objects::Objects(&mut de)).map_err(|e| Error::from_json(kind, root, e))?;
    // Trailing garbage after the document is a syntax error too.
    de.end().map_err(|e| {
        let (path, reason) = plain(root.to_string(), &e.to_string());
        Error::new(kind, ErrorCode::Syntax, path, reason)
    })?;
    Ok(value)
}

/// The most bytes a JSON document may have (a year of 15-minute kWh and kvarh is about
/// 3 MB).
pub const MAX_DOCUMENT_BYTES: usize = 32 << 20;
/// The deepest a JSON document or native value may nest (the formats need about 10).
pub const MAX_DEPTH: usize = 64;
/// The most items of one list or object in a native value a binding converts (a year of
/// 15-minute interval data is 35,136 points). Batches pass each document on its own.
pub const MAX_ITEMS: usize = 50_000;

/// Refuses a document over [`MAX_DOCUMENT_BYTES`] or nested deeper than [`MAX_DEPTH`],
/// before any of it is parsed.
pub fn check_document(kind: ErrorKind, root: &str, text: &str) -> Result<()> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::new(kind, ErrorCode::OutOfRange, root, format!("the document is {} bytes; at most {MAX_DOCUMENT_BYTES} are accepted", text.len())));
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Error::new(kind, ErrorCode::OutOfRange, root, format!("the document nests deeper than {MAX_DEPTH} levels")));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Converts a JSON value (e.g. built by a binding from native objects) into `T`,
/// reporting the path of the first bad field.
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(kind: ErrorKind, root: &str, value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(crate::base::objects::Objects(value)).map_err(|e| Error::from_json(kind, root, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_in_plain_words() {
        let cases = [
            ("missing field `end` at line 1 column 9", "period.end", "this field is required at line 1 column 9"),
            ("invalid type: integer `5`, expected a sequence", "period", "a list is expected here, not the number 5"),
            ("invalid type: string \"yes\", expected a boolean", "period", "true or false is expected here, not the string \"yes\""),
            ("invalid type: map, expected struct RequestDoc", "period", "an object is expected here, not an object"),
            ("invalid type: string \"x\", expected internally tagged enum Event", "period", "an event: an object with its `type` is expected here, not the string \"x\""),
            ("data did not match any variant of untagged enum Formula", "period", "this is not a formula: {\"fixed\": points} or {\"of\": \"amount\", \"per\": \"10\", \"points\": 1}"),
            ("invalid value: integer `-1`, expected u32", "period", "a whole number ≥ 0 is expected here, not the number -1"),
            ("EOF while parsing a value at line 1 column 7", "period", "the document ends before this value is complete at line 1 column 7"),
            ("trailing characters at line 10 column 2", "period", "unexpected characters after the value at line 10 column 2"),
        ];
        for (serde, path, reason) in cases {
            let (p, r) = plain("period".into(), serde);
            assert_eq!((p.as_str(), r.as_str()), (path, reason));
            assert_eq!(jargon(&r), None, "{r}");
            assert!(jargon(serde).is_some() || serde.starts_with("missing") || serde.starts_with("trailing"), "{serde}");
        }
    }

    #[test]
    fn jargon_ignores_quoted_input() {
        assert_eq!(jargon("unknown field `RequestDoc`, expected one of `a`"), None);
        assert_eq!(jargon("expected struct RequestDoc").as_deref(), Some("struct"));
        assert_eq!(jargon("a whole number from 0 to u32").as_deref(), Some("u32"));
        assert_eq!(jargon("see PointsEvent").as_deref(), Some("PointsEvent"));
        // A field name of the caller's is quoted and escaped, whatever it holds.
        let (_, r) = plain("event".into(), "unknown field `d::`::`, expected one of `key`, `date` at line 1 column 7");
        assert_eq!(r, "\"d::`::\" is not a field here; the fields are `key`, `date` at line 1 column 7");
        assert_eq!(jargon(&r), None);
        let (_, r) = plain("x".into(), "unknown field `a`, there are no fields");
        assert_eq!(r, "\"a\" is not a field here: this object has no fields");
        let (_, r) = plain("x".into(), "unknown variant `gift`, expected one of `award`, `redeem`");
        assert_eq!(r, "\"gift\" is not one of `award`, `redeem`");
        // The caller's text may itself hold ", expected ": serde's own part is the last.
        let (_, r) = plain("event".into(), "invalid type: string \"a, expected b\", expected struct PointsEvent");
        assert_eq!(r, "an object is expected here, not the string \"a, expected b\"");
        // A quote inside quoted input is escaped, also when the value is cut.
        let long = crate::base::strict::quote("ll,\"amou::nt\":\"164.-l-111-T5\",0\",\")e and more than forty characters");
        assert!(long.starts_with("\"ll,\\\"amou::nt") && long.ends_with("and…\" (67 characters)"), "{long}");
        assert_eq!(jargon(&format!("{long} is not a date")), None);
    }

    #[test]
    fn codes_are_unique_and_snake_case() {
        let mut names: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        for (code, name) in ErrorCode::ALL.iter().zip(&names) {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::String(name.to_string()));
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn kinds_follow_the_field() {
        assert_eq!(Error::kind_in_request("tariff"), ErrorKind::Tariff);
        assert_eq!(Error::kind_in_request("tariff.energy.flat.price"), ErrorKind::Tariff);
        assert_eq!(Error::kind_in_request("usage.readings[0].end"), ErrorKind::Metering);
        assert_eq!(Error::kind_in_request("usage_extra"), ErrorKind::Request);
        assert_eq!(Error::kind_in_request("tariffs"), ErrorKind::Request);
        assert_eq!(Error::kind_in_request("period.end"), ErrorKind::Request);
    }

    #[test]
    fn documents_are_bounded_before_parsing() {
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        let e = check_document(ErrorKind::Tariff, "tariff", &deep).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::OutOfRange, "tariff"));
        // Brackets inside strings do not count.
        assert!(check_document(ErrorKind::Tariff, "tariff", &format!("{{\"a\": \"{}\\\"\"}}", "[".repeat(100))).is_ok());
        let long = Error::new(ErrorKind::Request, ErrorCode::InvalidField, "x", "é".repeat(1000));
        assert!(long.reason.len() <= MAX_REASON && long.reason.ends_with('…'));
    }

    #[test]
    fn paths_join() {
        assert_eq!(join_path("tariff", "energy.flat"), "tariff.energy.flat");
        assert_eq!(join_path("", "period.end"), "period.end");
        assert_eq!(join_path("usage", "[3]"), "usage[3]");
        assert_eq!(join_path("tariff", ""), "tariff");
    }
}
