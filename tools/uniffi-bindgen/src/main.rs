//! uniffi-bindgen, built from this workspace's lockfile, plus two touches to the Kotlin
//! and Swift it writes that uniffi 0.32 has no setting for:
//!
//! - `GridcoreException` (Kotlin) declares `code`, `path` and `reason` on the base class,
//!   so Java catches the base and calls `getCode()` / `getPath()`; Swift's `GridcoreError`
//!   gets the same three as computed properties.
//! - Factories in Kotlin companion objects are `@JvmStatic`: Java writes
//!   `Tariff.fromJson(…)`, not `Tariff.Companion.fromJson(…)`; the classes that Python and
//!   Node read from files get `fromFile(Path)` there too (reading the file is the JVM's
//!   job, so a missing file is a `java.io.IOException`, as in every Java API).
//!
//! - An object passed as an argument (a `Tariff` in a `BillRequest`) is lowered through
//!   `callWithHandle`, which refuses a closed object with an `IllegalStateException`, as a
//!   method call on it does: uniffi's converters clone the handle unchecked, so a closed
//!   `Tariff` passed to `bill` reached Rust as a freed pointer (a use-after-free).
//!
//! - Speed, measured in a billing run (docs/performance.md, "JVM"): an ASCII string (every
//!   decimal, date and account number) is written without a fresh `CharsetEncoder`, and a
//!   `BigDecimal` is sized from its digits and scale, and a date or date-time by a bound,
//!   instead of each being formatted twice; decimals and dates are read from the bytes
//!   without a String each, and decimals and date-times sent in a compact form the engine
//!   reads (see `Lowering.writeDecimal`); each thread reuses one call status
//!   instead of allocating JNA memory for a new one on every call; and `Tariff.id()`
//!   asks `io.gridcore.Jni` (one JNI call) before making its JNA call.
//!
//! Each edit looks for the exact text uniffi generates and fails the build when it is not
//! there, so that a uniffi upgrade that changes its templates cannot drop them silently.

use std::path::{Path, PathBuf};

fn main() {
    uniffi::uniffi_bindgen_main();
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let (Some(language), Some(out)) = (value("--language"), value("--out-dir")) else { return };
    let result = match language.as_str() {
        "kotlin" => edit(&PathBuf::from(&out).join("io/gridcore/gridcore.kt"), kotlin),
        "swift" => edit(&PathBuf::from(&out).join("Gridcore.swift"), swift),
        _ => Ok(()),
    };
    if let Err(e) = result {
        eprintln!("uniffi-bindgen (gridcore edits): {e}");
        std::process::exit(1);
    }
}

fn edit(path: &Path, f: fn(String) -> Result<String, String>) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = f(text).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

const KOTLIN_BASE: &str = "sealed class GridcoreException: kotlin.Exception() {";
const KOTLIN_FIELDS: &str = r#"
    /** The stable error code, such as `reading_backwards` (the docs list every code). */
    abstract val code: kotlin.String
    /** The field at fault, such as `usage.readings[0].end`; empty for the whole input. */
    abstract val path: kotlin.String
    /** Why, in plain words. */
    abstract val reason: kotlin.String
"#;

fn kotlin(text: String) -> Result<String, String> {
    let text = jvm_static(&text)?;
    let text = jvm_overloads(&text)?;
    let text = guarded_lower(&text)?;
    let text = replace_once(&text, KOTLIN_TO_UTF8, KOTLIN_ASCII_TO_UTF8)?;
    let text = replace_once(&text, KOTLIN_DECIMAL_SIZE, KOTLIN_DECIMAL_BOUND)?;
    let text = replace_once(&text, KOTLIN_NEW_STATUS, KOTLIN_POOLED_STATUS)?;
    // Decimals and dates read from the bytes, without a String each.
    let text = replace_once(&text, "        val builtinValue = FfiConverterString.read(buf)\n        return BigDecimal(builtinValue)\n", "        return io.gridcore.Lowering.readDecimal(buf) // gridcore: no String\n")?;
    let text = replace_once(&text, "        val builtinValue = FfiConverterString.read(buf)\n        return io.gridcore.Lowering.date(builtinValue)\n", "        return io.gridcore.Lowering.readDate(buf) // gridcore: no String\n")?;
    // ... and written into the buffer, without a String and its bytes each.
    let text = replace_once(&text, "(value: Decimal, buf: ByteBuffer) {\n        val builtinValue = io.gridcore.Lowering.decimal(value)\n        FfiConverterString.write(builtinValue, buf)\n", "(value: Decimal, buf: ByteBuffer) {\n        io.gridcore.Lowering.writeDecimal(value, buf) // gridcore: no String\n")?;
    let text = replace_once(&text, "(value: NaiveDate, buf: ByteBuffer) {\n        val builtinValue = value.toString()\n        FfiConverterString.write(builtinValue, buf)\n", "(value: NaiveDate, buf: ByteBuffer) {\n        io.gridcore.Lowering.writeDate(value, buf) // gridcore: no String\n")?;
    let text = replace_once(&text, "(value: NaiveDateTime, buf: ByteBuffer) {\n        val builtinValue = io.gridcore.Lowering.dateTime(value)\n        FfiConverterString.write(builtinValue, buf)\n", "(value: NaiveDateTime, buf: ByteBuffer) {\n        io.gridcore.Lowering.writeDateTime(value, buf) // gridcore: no String\n")?;
    // `Tariff.id()` by JNI where it is loaded (io.gridcore.Jni.tariffId).
    let text = replace_once(&text, "override fun `id`(): kotlin.String {\n            return FfiConverterString.lift(\n    callWithHandle {\n    uniffiRustCall() { _status ->\n    UniffiLib.uniffi_gridcore_mobile_fn_method_tariff_id(", "override fun `id`(): kotlin.String {\n            io.gridcore.Jni.tariffId(this)?.let { return it } // gridcore: one JNI call\n            return FfiConverterString.lift(\n    callWithHandle {\n    uniffiRustCall() { _status ->\n    UniffiLib.uniffi_gridcore_mobile_fn_method_tariff_id(")?;
    let text = format!("{text}{KOTLIN_STATUS_POOL}");
    // java.time prints at most 16 characters for a date (13 for a month) and 35 for a
    // date-time (a ten-character year, nine digits of nanoseconds), in ASCII.
    let text = replace_n(&text, "        val builtinValue = value.toString()\n        return FfiConverterString.allocationSize(builtinValue)\n", "        return 20UL // gridcore: a bound, not formatted\n", 2)?;
    let text = replace_once(&text, "        val builtinValue = io.gridcore.Lowering.dateTime(value)\n        return FfiConverterString.allocationSize(builtinValue)\n", "        return 40UL // gridcore: a bound, not formatted\n")?;
    let start = text.find(KOTLIN_BASE).ok_or("no `sealed class GridcoreException` to edit")?;
    let end = start + text[start..].find("\n}\n").ok_or("GridcoreException does not end")?;
    let mut fields = 0;
    let class = ["code", "path", "reason"].iter().fold(text[start..end].to_string(), |class, name| {
        let field = format!("        val `{name}`: kotlin.String");
        fields += class.matches(&field).count();
        class.replace(&field, &format!("        override val `{name}`: kotlin.String"))
    });
    if fields != 12 {
        return Err(format!("expected code, path and reason in each of 4 variants, found {fields} fields"));
    }
    let class = class.replacen(KOTLIN_BASE, &format!("{KOTLIN_BASE}{KOTLIN_FIELDS}"), 1);
    Ok(format!("{}{class}{}", &text[..start], &text[end..]))
}

/// `@JvmStatic` on the factories of every companion object. A companion runs to the next
/// declaration at the margin (its own lines are indented, apart from a lone `}`).
fn jvm_static(text: &str) -> Result<String, String> {
    let (mut out, mut rest, mut statics, mut files) = (String::with_capacity(text.len() + 4096), text, 0, 0);
    while let Some(i) = rest.find("\n    companion object {\n") {
        let (before, after) = rest.split_at(i + 1);
        out.push_str(before);
        let close = after
            .match_indices('\n')
            .map(|(j, _)| j)
            .find(|&j| after[j + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '@'))
            .unwrap_or(after.len());
        let (body, tail) = after.split_at(close);
        // Only the companions of exported objects (`open class Tariff: Disposable, …`),
        // not those of uniffi's own helpers (RustBuffer, …).
        let enclosing = before
            .match_indices('\n')
            .map(|(j, _)| &before[j + 1..])
            .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
            .last()
            .unwrap_or("");
        let class = enclosing.strip_prefix("open class ").filter(|_| enclosing.contains("Disposable")).map(|c| c.split(|c: char| !c.is_alphanumeric()).next().unwrap_or(""));
        if class.is_none() {
            out.push_str(body);
            rest = tail;
            continue;
        }
        let edited = body
            .replace("\n    @Throws(GridcoreException::class) fun ", "\n    @JvmStatic @Throws(GridcoreException::class) fun ")
            .replace("\n    fun ", "\n    @JvmStatic fun ")
            .replace("*/ fun ", "*/ @JvmStatic fun ");
        let edited = match class {
            Some(name) if FROM_FILE.contains(&name) => {
                files += 1;
                edited.replacen("    companion object {\n", &format!("    companion object {{\n{}", from_file(name)), 1)
            }
            _ => edited,
        };
        statics += edited.matches("@JvmStatic").count();
        out.push_str(&edited);
        rest = tail;
    }
    out.push_str(rest);
    if statics < 6 || files != FROM_FILE.len() {
        return Err(format!("expected at least 6 companion factories and {} classes with fromFile, found {statics} and {files}", FROM_FILE.len()));
    }
    Ok(out)
}

/// `@JvmOverloads` on the constructor of every record with defaults, so that Java can
/// leave out the trailing fields Kotlin may (`new Account("3300012345")`).
fn jvm_overloads(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 4096);
    let mut rest = text;
    let mut edited = 0;
    while let Some(i) = rest.find("\ndata class ") {
        let (before, after) = rest.split_at(i + 1);
        out.push_str(before);
        let params_end = after.find("\n)").unwrap_or(after.len());
        let head_end = after.find(" (\n").filter(|&h| h < params_end);
        match head_end {
            Some(h) if after[..params_end].contains(" = ") => {
                out.push_str(&after[..h]);
                out.push_str(" @JvmOverloads constructor(\n");
                rest = &after[h + 3..];
                edited += 1;
            }
            _ => {
                out.push_str(&after[..1]);
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    if edited < 5 {
        return Err(format!("expected records with defaults (Account, BillRequest, …), found {edited}"));
    }
    Ok(out)
}

const KOTLIN_TO_UTF8: &str = "        // Make sure we don't have invalid UTF-16, check for lone surrogates.\n";
const KOTLIN_ASCII_TO_UTF8: &str = "        // gridcore: ASCII needs no encoder (and has no lone surrogate).
        if (value.all { it < '\\u0080' }) return ByteBuffer.wrap(value.toByteArray(Charsets.ISO_8859_1))
        // Make sure we don't have invalid UTF-16, check for lone surrogates.\n";
const KOTLIN_DECIMAL_SIZE: &str = "    override fun allocationSize(value: Decimal): ULong {
        val builtinValue = io.gridcore.Lowering.decimal(value)
        return FfiConverterString.allocationSize(builtinValue)\n";
const KOTLIN_DECIMAL_BOUND: &str = "    override fun allocationSize(value: Decimal): ULong {
        return io.gridcore.Lowering.decimalSize(value) // gridcore: a bound, not formatted\n";

const KOTLIN_NEW_STATUS: &str = "    var status = UniffiRustCallStatus()
    val return_value = callback(status)
    uniffiCheckCallStatus(errorHandler, status)
    return return_value
";
const KOTLIN_POOLED_STATUS: &str = "    val status = UniffiStatusPool.take() // gridcore: reused, see UniffiStatusPool
    try {
        val return_value = callback(status)
        uniffiCheckCallStatus(errorHandler, status)
        return return_value
    } finally {
        UniffiStatusPool.give(status)
    }
";
const KOTLIN_STATUS_POOL: &str = "
// Added by tools/uniffi-bindgen. Every new JNA Structure allocates native Memory, which JNA
// registers in one global map that its cleaner thread drains only after a GC: in a loop of
// calls the map outgrows the cleaner and a call costs tens of microseconds
// (docs/performance.md, \"JVM\"). So each thread keeps one call status and reuses it, reset
// before each call; a nested call on the same thread (a callback) takes a fresh one.
internal object UniffiStatusPool {
    private val free = ThreadLocal<UniffiRustCallStatus?>()

    fun take(): UniffiRustCallStatus {
        val status = free.get() ?: return UniffiRustCallStatus()
        free.set(null)
        status.code = UNIFFI_CALL_SUCCESS
        status.error_buf.capacity = 0
        status.error_buf.len = 0
        status.error_buf.data = null
        return status
    }

    fun give(status: UniffiRustCallStatus) = free.set(status)
}
";

fn replace_once(text: &str, from: &str, to: &str) -> Result<String, String> {
    replace_n(text, from, to, 1)
}

fn replace_n(text: &str, from: &str, to: &str, times: usize) -> Result<String, String> {
    match text.matches(from).count() {
        n if n == times => Ok(text.replace(from, to)),
        n => Err(format!("expected the text {times} times, found it {n} times: {}", from.lines().next().unwrap_or(""))),
    }
}

const KOTLIN_LOWER: &str = "        return value.uniffiCloneHandle()\n";
// The clone happens inside the call counter's guard: no race with a `close` either.
const KOTLIN_GUARDED_LOWER: &str = "        return value.callWithHandle { it } // gridcore: a closed object is refused\n";

fn guarded_lower(text: &str) -> Result<String, String> {
    let objects = text.matches("\n    fun uniffiCloneHandle(): Long {\n").count();
    let lowers = text.matches(KOTLIN_LOWER).count();
    if objects < 6 || lowers != objects {
        return Err(format!("expected one unchecked lower per object, found {lowers} for {objects} objects"));
    }
    Ok(text.replace(KOTLIN_LOWER, KOTLIN_GUARDED_LOWER))
}

/// The classes whose documents users keep in files (Python's and Node's `from_file`).
const FROM_FILE: [&str; 4] = ["CustomerConfig", "PointsRules", "Tariff", "TemplateSet"];

fn from_file(class: &str) -> String {
    format!(
        "    /** Reads a UTF-8 JSON file and parses it as [fromJson] does. */\n    \
         @JvmStatic @Throws(GridcoreException::class, java.io.IOException::class)\n    \
         fun fromFile(path: java.nio.file.Path): {class} = fromJson(java.nio.file.Files.readString(path))\n"
    )
}

const SWIFT_ENUM: &str = "\nenum GridcoreError: Swift.Error,";
const SWIFT_EXTENSION: &str = r#"
// Added by tools/uniffi-bindgen: every error's code, path and reason, whatever its kind.
extension GridcoreError {
    /// The stable error code, such as `reading_backwards` (the docs list every code).
    public var code: String {
        switch self {
        case let .Tariff(code, _, _), let .Request(code, _, _), let .Metering(code, _, _), let .Internal(code, _, _): return code
        }
    }
    /// The field at fault, such as `usage.readings[0].end`; empty for the whole input.
    public var path: String {
        switch self {
        case let .Tariff(_, path, _), let .Request(_, path, _), let .Metering(_, path, _), let .Internal(_, path, _): return path
        }
    }
    /// Why, in plain words.
    public var reason: String {
        switch self {
        case let .Tariff(_, _, reason), let .Request(_, _, reason), let .Metering(_, _, reason), let .Internal(_, _, reason): return reason
        }
    }
}
"#;

fn swift(mut text: String) -> Result<String, String> {
    if !text.contains(SWIFT_ENUM) {
        return Err("no `enum GridcoreError` to extend".into());
    }
    text.push_str(SWIFT_EXTENSION);
    Ok(text)
}
