//! gridcore errors → Python exceptions, in one place.
//!
//! The exception classes live in `gridcore/_errors.py` (plain Python, so they pickle with
//! their attributes across Spark workers). `GridcoreError` has one subclass per error kind.
//! A panic inside the engine is caught here and raised as `InternalError`, never left to
//! abort the interpreter or to surface as pyo3's `PanicException` (a `BaseException`).

use crate::convert::ConvError;
use gridcore::{Error, ErrorCode, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static CLASSES: PyOnceLock<[Py<PyType>; 4]> = PyOnceLock::new();

fn class_of(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
    let classes = CLASSES.get_or_try_init(py, || -> PyResult<_> {
        let module = py.import("gridcore._errors")?;
        let get = |name: &str| -> PyResult<Py<PyType>> { Ok(module.getattr(name)?.cast_into::<PyType>()?.unbind()) };
        Ok([get("TariffError")?, get("RequestError")?, get("MeteringError")?, get("InternalError")?])
    })?;
    let i = match kind {
        ErrorKind::Tariff => 0,
        ErrorKind::Request => 1,
        ErrorKind::Metering => 2,
        ErrorKind::Internal => 3,
    };
    Ok(classes[i].bind(py).clone())
}

/// The Python exception for a core error (not raised: `bill_many` can return it).
pub fn exception<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyAny>> {
    class_of(py, err.kind)?.call1((err.to_string(), err.kind.as_str(), err.code.as_str(), err.path.as_str(), err.reason.as_str()))
}

/// A core error as a `PyErr` to raise.
pub fn to_pyerr(py: Python<'_>, err: &Error) -> PyErr {
    match exception(py, err) {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// A conversion error (a float for money, an unsupported type, …) as a core error of the
/// document's kind, so callers catch one hierarchy.
pub fn conversion(kind: ErrorKind, e: ConvError) -> Error {
    let kind = if kind == ErrorKind::Request { Error::kind_in_request(&e.path) } else { kind };
    Error::new(kind, ErrorCode::InvalidField, e.path, e.reason)
}

/// Explains a core error at a path where the caller passed a datetime: it failed because
/// that field wants a date.
pub fn explain_datetime(mut err: Error, datetimes: &[String]) -> Error {
    if err.code == ErrorCode::InvalidField && datetimes.contains(&err.path) {
        err.reason = "expected a date (datetime.date), got a datetime.datetime".into();
    }
    err
}

/// Runs engine code, turning a panic into an internal error.
pub fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    Error::catch_panic(f)
}

/// Panics inside the engine guard, so tests can prove a panic becomes `InternalError`.
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guard(gridcore::error::panic_for_binding_tests).map_err(|e| to_pyerr(py, &e))
}
