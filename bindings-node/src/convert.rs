//! JS values → the core's JSON form, strictly.
//!
//! * Strings, booleans, null, arrays and plain objects map one to one; `undefined`
//!   members are left out.
//! * A JS number is passed on as a JSON number: the core accepts it for the few integer
//!   fields (`minutes`, `digits`, `months`, rounding scales) and rejects it, naming the
//!   field, wherever money or a quantity is expected. The paths where numbers were given
//!   are collected so that error can say "pass a decimal string".
//! * A `Date` is rejected: dates are `"YYYY-MM-DD"` and interval starts local
//!   `"YYYY-MM-DDTHH:MM:SS"` strings — a `Date` is an instant in UTC, and turning it into
//!   the tariff's civil date would depend on the process's time zone.
//!
//! And the few shared helpers of the domain files: core values back to JS objects
//! (`json_object`), date arguments (`date_of`) and the text behind every `fromFile`.

use crate::errors::throw;
use gridcore::{Error, ErrorCode, ErrorKind};
use napi::bindgen_prelude::*;
use gridcore::billing::IntervalPoint;
use serde_json::{Map, Number, Value};

pub fn to_value(value: Unknown<'_>, root: &str, kind: ErrorKind, numbers: &mut Vec<String>) -> std::result::Result<Value, Error> {
    let mut path = root.to_string();
    convert(value, &mut path, kind, numbers, 0, &mut None)
}

/// The fields of a bill request, with `usage.intervals.points` read straight into the
/// core's records (tens of bytes a point, where a JSON value tree costs hundreds) and left
/// empty in the value.
pub fn request_value(value: Unknown<'_>, numbers: &mut Vec<String>) -> std::result::Result<(Value, Option<Vec<IntervalPoint>>), Error> {
    let mut path = String::new();
    let mut points = Some(Vec::new());
    let value = convert(value, &mut path, ErrorKind::Request, numbers, 0, &mut points)?;
    let given = value.get("usage").and_then(|u| u.get("intervals")).and_then(|i| i.get("points")).is_some();
    Ok((value, points.filter(|_| given)))
}

/// A file's text, or an error naming the file.
pub fn read_file(path: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| napi::Error::from_reason(format!("{path}: {e}")))
}

/// A Rust value as a JS object, through its serde (JSON) form.
pub fn json_object<'env, T: serde::Serialize>(env: &'env Env, value: &T) -> Result<Unknown<'env>> {
    // V8's JSON.parse builds a nested object faster than N-API can, property by property.
    let json = serde_json::to_string(value).map_err(|e| napi::Error::from_reason(e.to_string()))?;
    let parse: Function<'env, String, Unknown<'env>> = env.get_global()?.get_named_property::<Object>("JSON")?.get_named_property("parse")?;
    parse.call(json)
}

/// A `"YYYY-MM-DD"` argument as a date, or a request error naming it.
pub fn date_of(env: &Env, text: &str, name: &str) -> Result<chrono::NaiveDate> {
    text.parse().map_err(|_| throw(env, Error::new(ErrorKind::Request, ErrorCode::InvalidField, name, format!("`{text}` is not a date (YYYY-MM-DD)"))))
}

const POINTS: &str = "usage.intervals.points";

/// One interval point, `{start, kwh, kvarh?}` of strings, by the core's grammar.
fn point(value: Unknown<'_>, path: &mut String, numbers: &mut Vec<String>) -> std::result::Result<IntervalPoint, Error> {
    let kind = ErrorKind::Metering;
    let Value::Object(map) = convert(value, path, kind, numbers, gridcore::error::MAX_DEPTH - 2, &mut None)? else {
        return Err(fail(kind, path, "an interval point is an object with `start` and `kwh`"));
    };
    let text = |key: &str| -> std::result::Result<Option<String>, Error> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(fail(kind, &format!("{path}.{key}"), "a JS number is not accepted here: pass a string (\"1.25\", \"2026-11-01T00:15:00\")")),
        }
    };
    if let Some(other) = map.keys().find(|k| !matches!(k.as_str(), "start" | "kwh" | "kvarh")) {
        return Err(fail(kind, &format!("{path}.{other}"), format!("unknown field {other:?}: an interval point has `start`, `kwh` and `kvarh`")));
    }
    let at = |key: &str, reason: String| fail(kind, &format!("{path}.{key}"), reason);
    let start = text("start")?.ok_or_else(|| fail(kind, path, "missing field `start`"))?;
    let kwh = text("kwh")?.ok_or_else(|| fail(kind, path, "missing field `kwh`"))?;
    Ok(IntervalPoint {
        start: gridcore::strict::parse_datetime(&start).map_err(|r| at("start", r))?,
        kwh: gridcore::strict::parse_decimal(&kwh).map_err(|r| at("kwh", r))?,
        kvarh: text("kvarh")?.map(|k| gridcore::strict::parse_decimal(&k).map_err(|r| at("kvarh", r))).transpose()?,
    })
}

fn fail(kind: ErrorKind, path: &str, reason: impl Into<String>) -> Error {
    let kind = if kind == ErrorKind::Request { Error::kind_in_request(path) } else { kind };
    Error::new(kind, ErrorCode::InvalidField, path, reason)
}

fn napi_fail(kind: ErrorKind, path: &str, e: napi::Error) -> Error {
    fail(kind, path, format!("could not read the value: {e}"))
}

/// A JS string as Rust text. N-API replaces a lone surrogate (half of a UTF-16 pair) by
/// U+FFFD silently; when the text has a U+FFFD, its UTF-16 form tells whether it was one.
fn text(value: Unknown<'_>, kind: ErrorKind, path: &str) -> std::result::Result<String, Error> {
    // SAFETY: called for values of type string only.
    let s = unsafe { value.cast::<String>() }.map_err(|e| napi_fail(kind, path, e))?;
    if s.contains('\u{FFFD}') {
        let units = unsafe { value.cast::<Utf16String>() }.map_err(|e| napi_fail(kind, path, e))?;
        if char::decode_utf16(units.iter().copied()).any(|c| c.is_err()) {
            return Err(fail(kind, path, "the text holds a lone surrogate (half of a UTF-16 pair), which is not a character"));
        }
    }
    Ok(s)
}

/// `depth` counts the arrays and objects around `value`: a value nested deeper than the
/// core's limit (or one that contains itself) is refused before the stack could overflow.
fn convert(value: Unknown<'_>, path: &mut String, kind: ErrorKind, numbers: &mut Vec<String>, depth: usize, points: &mut Option<Vec<IntervalPoint>>) -> std::result::Result<Value, Error> {
    let ty = value.get_type().map_err(|e| napi_fail(kind, path, e))?;
    // SAFETY: each cast below matches the value type just checked.
    unsafe {
        match ty {
            ValueType::Null | ValueType::Undefined => Ok(Value::Null),
            ValueType::Boolean => value.cast::<bool>().map(Value::Bool).map_err(|e| napi_fail(kind, path, e)),
            ValueType::String => text(value, kind, path).map(Value::String),
            ValueType::Number => {
                let n = value.cast::<f64>().map_err(|e| napi_fail(kind, path, e))?;
                numbers.push(path.clone());
                let number = if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 { Some(Number::from(n as i64)) } else { Number::from_f64(n) };
                number.map(Value::Number).ok_or_else(|| fail(kind, path, format!("{n} is not a finite number")))
            }
            ValueType::Object => {
                if value.is_date().unwrap_or(false) {
                    return Err(fail(
                        kind,
                        path,
                        "a Date is not accepted: pass dates as \"YYYY-MM-DD\" and interval starts as local \"YYYY-MM-DDTHH:MM:SS\" strings (a Date is a UTC instant; its civil date depends on the process time zone)",
                    ));
                }
                if depth >= gridcore::error::MAX_DEPTH {
                    return Err(fail(kind, path, format!("the value nests deeper than {} levels (or contains itself)", gridcore::error::MAX_DEPTH)));
                }
                if value.is_array().unwrap_or(false) {
                    let array = value.cast::<Array>().map_err(|e| napi_fail(kind, path, e))?;
                    if array.len() as usize > gridcore::error::MAX_ITEMS {
                        return Err(fail(kind, path, format!("{} items; an array holds at most {}", array.len(), gridcore::error::MAX_ITEMS)));
                    }
                    if let (Some(sink), true) = (points.as_mut(), path == POINTS) {
                        sink.reserve(array.len() as usize);
                        for i in 0..array.len() {
                            let len = path.len();
                            path.push_str(&format!("[{i}]"));
                            let item = array.get::<Unknown>(i).map_err(|e| napi_fail(kind, path, e))?.ok_or_else(|| fail(kind, path, "an interval point is missing"))?;
                            sink.push(point(item, path, numbers)?);
                            path.truncate(len);
                        }
                        return Ok(Value::Array(Vec::new()));
                    }
                    let mut out = Vec::with_capacity(array.len() as usize);
                    for i in 0..array.len() {
                        let len = path.len();
                        path.push_str(&format!("[{i}]"));
                        let item = array.get::<Unknown>(i).map_err(|e| napi_fail(kind, path, e))?;
                        let converted = match item {
                            Some(item) => convert(item, path, kind, numbers, depth + 1, points)?,
                            None => Value::Null,
                        };
                        path.truncate(len);
                        out.push(converted);
                    }
                    return Ok(Value::Array(out));
                }
                let object = value.cast::<Object>().map_err(|e| napi_fail(kind, path, e))?;
                let keys = Object::keys(&object).map_err(|e| napi_fail(kind, path, e))?;
                if keys.len() > gridcore::error::MAX_ITEMS {
                    return Err(fail(kind, path, format!("{} members; an object holds at most {}", keys.len(), gridcore::error::MAX_ITEMS)));
                }
                let mut map = Map::with_capacity(keys.len());
                for key in keys {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&key);
                    let member = object.get::<Unknown>(&key).map_err(|e| napi_fail(kind, path, e))?;
                    if let Some(member) = member {
                        if member.get_type().map_err(|e| napi_fail(kind, path, e))? != ValueType::Undefined {
                            let converted = convert(member, path, kind, numbers, depth + 1, points)?;
                            map.insert(key, converted);
                        }
                    }
                    path.truncate(len);
                }
                Ok(Value::Object(map))
            }
            other => Err(fail(kind, path, format!("values of type {other} are not accepted here"))),
        }
    }
}
