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
    convert(obj, &mut path, datetimes)
}

fn fail(path: &str, reason: String) -> PyResult<Result<Value, ConvError>> {
    Ok(Err(ConvError { path: path.to_string(), reason }))
}

fn convert(obj: &Bound<'_, PyAny>, path: &mut String, datetimes: &mut Vec<String>) -> PyResult<Result<Value, ConvError>> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Ok(Value::Null));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Ok(Value::Bool(b.is_true())));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Ok(Value::String(s.to_cow()?.into_owned())));
    }
    if obj.is_instance_of::<PyInt>() {
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
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, value) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return fail(path, format!("keys must be str, not {}", key.get_type().name()?));
            };
            let key = key.to_cow()?;
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let converted = convert(&value, path, datetimes)?;
            path.truncate(len);
            match converted {
                Ok(v) => {
                    map.insert(key.into_owned(), v);
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
            let converted = convert(&item?, path, datetimes)?;
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
