//! gridcore errors → thrown JS `Error`s with stable `code`, `path`, `kind` and `reason`
//! properties (and `name` = `TariffError`, `RequestError`, `MeteringError` or
//! `InternalError`). A panic inside the engine becomes an `internal` error.

use gridcore::{Error, ErrorCode, ErrorKind};
use napi::bindgen_prelude::*;
use napi_derive::napi;

fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Tariff => "TariffError",
        ErrorKind::Request => "RequestError",
        ErrorKind::Metering => "MeteringError",
        ErrorKind::Internal => "InternalError",
    }
}

/// A JS Error object for a core error.
pub fn js_error<'env>(env: &'env Env, err: &Error) -> Result<Object<'env>> {
    let mut obj = env.create_error(napi::Error::new(Status::GenericFailure, err.to_string()))?;
    obj.set("name", class_name(err.kind))?;
    obj.set("code", err.code.as_str())?;
    obj.set("kind", err.kind.as_str())?;
    obj.set("path", err.path.as_str())?;
    obj.set("reason", err.reason.as_str())?;
    Ok(obj)
}

/// A core error as a napi error that throws the JS Error object above.
pub fn throw(env: &Env, err: Error) -> napi::Error {
    match js_error(env, &err) {
        Ok(obj) => napi::Error::from(obj.to_unknown()),
        Err(e) => e,
    }
}

/// Explains a core error at a path where the caller passed a JS number to a decimal field
/// (money, kWh, prices): a JS number is a float. Dates and whole numbers keep the core's
/// own reason ("a date string YYYY-MM-DD is expected here, not …").
pub fn explain_number(mut err: Error, numbers: &[String]) -> Error {
    if err.code == ErrorCode::InvalidField && err.reason.contains("a decimal string") && numbers.contains(&err.path) {
        err.reason = "a JS number is not accepted for money or quantities (it is a float): pass a decimal string such as \"0.538\"".into();
    }
    err
}

/// Runs engine code, turning a panic into an internal error.
pub fn guard<T>(f: impl FnOnce() -> std::result::Result<T, Error>) -> std::result::Result<T, Error> {
    Error::catch_panic(f)
}

/// Panics inside the engine guard, so tests can prove a panic becomes an Error with code
/// `internal` instead of crashing the process.
#[napi(js_name = "_panicForTests")]
pub fn panic_for_tests(env: Env) -> Result<()> {
    guard(gridcore::error::panic_for_binding_tests).map_err(|e| throw(&env, e))
}
