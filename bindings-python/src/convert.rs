//! Python objects → the core's JSON form, strictly.
//!
//! * `decimal.Decimal`, `int` and `str` are accepted for amounts and quantities; a `float`
//!   is rejected wherever it appears, naming its path (a float cannot carry a fen exactly).
//! * `bool` is only ever a boolean, never a number.
//! * `datetime.date` becomes `YYYY-MM-DD`; a `datetime.datetime` becomes local
//!   `YYYY-MM-DDTHH:MM:SS` (timezone-aware ones are rejected: the core works in the
//!   tariff's civil time). Where the core wants a date, a datetime is reported as such.
//!
//! Ints become decimal strings; the few integer fields of the format (`minutes`, `digits`,
//! `months`, rounding scales) accept those too.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Value};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}
pub fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATE.import(py, "datetime", "date")
}
fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

/// A conversion failure: where and why. Becomes a `GridcoreError` of the document's kind
/// with code `invalid_field`.
pub struct ConvError {
    pub path: String,
    pub reason: String,
}

/// Converts `obj` (found at `root`) into JSON. `datetimes` collects the paths at which a
/// datetime was given, so that a core error there can say "a date is expected".
pub fn to_value(obj: &Bound<'_, PyAny>, root: &str, datetimes: &mut Vec<String>) -> PyResult<Result<Value, ConvError>> {
    let mut path = root.to_string();
    let mut open = Vec::new();
    convert(obj, &mut path, datetimes, &mut open)
}

/// A `str` as Rust text; a lone surrogate (which no UTF-8 text can hold) is refused
/// rather than raising Python's `UnicodeEncodeError` or being replaced.
fn text(s: &Bound<'_, PyString>, path: &str) -> PyResult<Result<String, ConvError>> {
    match s.to_cow() {
        Ok(t) => Ok(Ok(t.into_owned())),
        Err(_) => Ok(Err(ConvError { path: path.to_string(), reason: "the text holds a lone surrogate (half of a UTF-16 pair), which is not a character".into() })),
    }
}

fn fail(path: &str, reason: String) -> PyResult<Result<Value, ConvError>> {
    Ok(Err(ConvError { path: path.to_string(), reason }))
}

/// `open` holds the containers being converted, outermost first: a value nested deeper
/// than the core's limit, or one that contains itself, is refused before the stack could
/// overflow.
fn convert(obj: &Bound<'_, PyAny>, path: &mut String, datetimes: &mut Vec<String>, open: &mut Vec<usize>) -> PyResult<Result<Value, ConvError>> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Ok(Value::Null));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Ok(Value::Bool(b.is_true())));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(text(s, path)?.map(Value::String));
    }
    if obj.is_instance_of::<PyInt>() {
        // Every integer field is at most 64 bits; a larger int is refused before Python
        // is asked to print it.
        let bits: u64 = obj.call_method0("bit_length")?.extract()?;
        if bits > 64 {
            return fail(path, format!("an integer of {bits} bits is out of range: at most 64"));
        }
        return Ok(Ok(Value::String(obj.str()?.to_cow()?.into_owned())));
    }
    if obj.is_instance_of::<PyFloat>() {
        return fail(
            path,
            format!("float {} is not accepted: money and quantities must be decimal.Decimal, int or a decimal string (a float cannot hold 0.1 exactly)", obj.repr()?),
        );
    }
    if obj.is_instance(decimal_type(py)?)? {
        if !obj.call_method0("is_finite")?.is_truthy()? {
            return fail(path, format!("{} is not a finite decimal", obj.repr()?));
        }
        // Refuse what no field takes before formatting it: Decimal('1E-100000000') would
        // print a hundred million digits.
        let (digits, exponent): (Bound<'_, PyTuple>, i64) = {
            let t = obj.call_method0("as_tuple")?;
            (t.getattr("digits")?.cast_into()?, t.getattr("exponent")?.extract()?)
        };
        let n = digits.len() as i64;
        if exponent < -(gridcore::strict::MAX_DECIMAL_CHARS as i64) || n + exponent > gridcore::strict::MAX_INTEGER_DIGITS as i64 || n > gridcore::strict::MAX_DECIMAL_CHARS as i64 {
            return fail(path, format!("{} is out of range: decimals have at most {} digits before the point and {} after it", obj.repr()?, gridcore::strict::MAX_INTEGER_DIGITS, gridcore::strict::MAX_DECIMALS));
        }
        // `f` format never uses an exponent: Decimal('1E+3') → "1000".
        let text = obj.call_method1("__format__", ("f",))?;
        return Ok(Ok(Value::String(text.cast::<PyString>()?.to_cow()?.into_owned())));
    }
    if obj.is_instance(datetime_type(py)?)? {
        if !obj.getattr("tzinfo")?.is_none() {
            return fail(path, "a timezone-aware datetime is not accepted: give the tariff's local civil time as a naive datetime".into());
        }
        let field = |name: &str| -> PyResult<u32> { obj.getattr(name)?.extract() };
        let mut text = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            field("year")?,
            field("month")?,
            field("day")?,
            field("hour")?,
            field("minute")?,
            field("second")?
        );
        let micro = field("microsecond")?;
        if micro != 0 {
            text.push_str(&format!(".{micro:06}"));
        }
        datetimes.push(path.clone());
        return Ok(Ok(Value::String(text)));
    }
    if obj.is_instance(date_type(py)?)? {
        let field = |name: &str| -> PyResult<u32> { obj.getattr(name)?.extract() };
        return Ok(Ok(Value::String(format!("{:04}-{:02}-{:02}", field("year")?, field("month")?, field("day")?))));
    }
    let container = obj.is_instance_of::<PyDict>() || obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>();
    if container {
        let id = obj.as_ptr() as usize;
        if open.contains(&id) {
            return fail(path, "the value contains itself".into());
        }
        if open.len() >= gridcore::error::MAX_DEPTH {
            return fail(path, format!("the value nests deeper than {} levels", gridcore::error::MAX_DEPTH));
        }
        if obj.len()? > gridcore::error::MAX_ITEMS {
            return fail(path, format!("{} items; a list or mapping holds at most {}", obj.len()?, gridcore::error::MAX_ITEMS));
        }
        open.push(id);
        let converted = convert_container(obj, path, datetimes, open);
        open.pop();
        return converted;
    }
    fail(path, format!("values of type {} are not accepted here", obj.get_type().name()?))
}

fn convert_container(obj: &Bound<'_, PyAny>, path: &mut String, datetimes: &mut Vec<String>, open: &mut Vec<usize>) -> PyResult<Result<Value, ConvError>> {
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, value) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return fail(path, format!("keys must be str, not {}", key.get_type().name()?));
            };
            let key = match text(key, path)? {
                Ok(k) => k,
                Err(e) => return Ok(Err(e)),
            };
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let converted = convert(&value, path, datetimes, open)?;
            path.truncate(len);
            match converted {
                Ok(v) => {
                    map.insert(key, v);
                }
                Err(e) => return Ok(Err(e)),
            }
        }
        return Ok(Ok(Value::Object(map)));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::with_capacity(obj.len()?);
        for (i, item) in obj.try_iter()?.enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let converted = convert(&item?, path, datetimes, open)?;
            path.truncate(len);
            match converted {
                Ok(v) => out.push(v),
                Err(e) => return Ok(Err(e)),
            }
        }
        return Ok(Ok(Value::Array(out)));
    }
    fail(path, format!("values of type {} are not accepted here", obj.get_type().name()?))
}

/// Reads a Python `str` or `os.PathLike` argument as a path.
pub fn path_arg(obj: &Bound<'_, PyAny>) -> PyResult<std::path::PathBuf> {
    let fspath = obj.py().import("os")?.getattr("fspath")?.call1((obj,)).map_err(|_| PyTypeError::new_err("path must be str or os.PathLike"))?;
    Ok(std::path::PathBuf::from(fspath.extract::<String>()?))
}

/// Interval points (a list of `{"start": datetime, "kwh": Decimal, "kvarh"?: Decimal}`)
/// straight into the core's records: tens of bytes a point, where a JSON value tree costs
/// hundreds. Values go through the same checks as every other conversion.
pub fn interval_points(list: &Bound<'_, PyAny>, path: &str) -> PyResult<Result<Vec<gridcore::billing::IntervalPoint>, ConvError>> {
    if !(list.is_instance_of::<PyList>() || list.is_instance_of::<PyTuple>()) {
        return fail(path, "interval points are a list of {\"start\", \"kwh\"} dicts".into()).map(|r| r.map(|_| Vec::new()));
    }
    let n = list.len()?;
    if n > gridcore::error::MAX_ITEMS {
        return Ok(Err(ConvError { path: path.into(), reason: format!("{n} items; a list holds at most {}", gridcore::error::MAX_ITEMS) }));
    }
    let mut out = Vec::with_capacity(n);
    let mut at = String::with_capacity(path.len() + 16);
    let mut datetimes = Vec::new();
    for (i, item) in list.try_iter()?.enumerate() {
        let item = item?;
        at.clear();
        at.push_str(&format!("{path}[{i}]"));
        let Ok(point) = item.cast::<PyDict>() else {
            return Ok(Err(ConvError { path: at, reason: "an interval point is a dict with `start` and `kwh`".into() }));
        };
        let (mut start, mut kwh, mut kvarh) = (None, None, None);
        for (key, value) in point.iter() {
            let key: String = match key.cast::<PyString>() {
                Ok(k) => k.to_cow()?.into_owned(),
                Err(_) => return Ok(Err(ConvError { path: at, reason: "keys must be str".into() })),
            };
            let field = format!("{at}.{key}");
            let text = match convert(&value, &mut field.clone(), &mut datetimes, &mut Vec::new())? {
                Ok(Value::String(t)) => t,
                Ok(_) => return Ok(Err(ConvError { path: field, reason: "expected a datetime or a decimal".into() })),
                Err(e) => return Ok(Err(e)),
            };
            let parsed = match key.as_str() {
                "start" => gridcore::strict::parse_datetime(&text).map(|d| start = Some(d)),
                "kwh" => gridcore::strict::parse_decimal(&text).map(|d| kwh = Some(d)),
                "kvarh" => gridcore::strict::parse_decimal(&text).map(|d| kvarh = Some(d)),
                other => Err(format!("unknown field {other:?}: an interval point has `start`, `kwh` and `kvarh`")),
            };
            if let Err(reason) = parsed {
                return Ok(Err(ConvError { path: field, reason }));
            }
        }
        match (start, kwh) {
            (Some(start), Some(kwh)) => out.push(gridcore::billing::IntervalPoint { start, kwh, kvarh }),
            (None, _) => return Ok(Err(ConvError { path: at, reason: "missing field `start`".into() })),
            (_, None) => return Ok(Err(ConvError { path: at, reason: "missing field `kwh`".into() })),
        }
    }
    Ok(Ok(out))
}

/// Converts a Python object to the core's JSON form, or the core error saying why not.
pub fn value_of(py: Python<'_>, kind: gridcore::ErrorKind, obj: &Bound<'_, PyAny>, root: &str, datetimes: &mut Vec<String>) -> PyResult<Value> {
    to_value(obj, root, datetimes)?.map_err(|e| crate::errors::to_pyerr(py, &crate::errors::conversion(kind, e)))
}

/// A date argument (a `datetime.date`, not a datetime).
pub fn date_of(py: Python<'_>, obj: &Bound<'_, PyAny>, name: &str) -> PyResult<chrono::NaiveDate> {
    let mut datetimes = Vec::new();
    let value = value_of(py, gridcore::ErrorKind::Request, obj, name, &mut datetimes)?;
    serde_json::from_value(value).map_err(|e| crate::errors::to_pyerr(py, &crate::errors::explain_datetime(gridcore::Error::new(gridcore::ErrorKind::Request, gridcore::ErrorCode::InvalidField, name, e.to_string()), &datetimes)))
}
