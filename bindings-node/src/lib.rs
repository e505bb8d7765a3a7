//! The Node binding of gridcore: conversion code only. Every rule lives in the core.
//!
//! Inputs and outputs use the core's JSON shape (snake_case fields, decimals as strings),
//! so a bill is the same object in every language. Money never passes through a JS
//! number: a number where the core wants a decimal is rejected, naming the field.
//!
//! One file per core domain (and `ebill` for the e-bill job) registers its classes and
//! functions with `#[napi]`; this
//! file only declares them. `index.d.ts` is generated from all of them.

mod billing;
mod convert;
mod customer;
mod ebill;
mod errors;
mod messaging;
mod payments;
mod points;

use napi::bindgen_prelude::{Function, Object};
use napi::Env;

/// Adds what napi-rs has no attribute for (`glue.js`): error classes for `instanceof`
/// and `util.inspect` views of the result objects.
#[napi_derive::napi(module_exports)]
pub fn init(exports: Object, env: Env) -> napi::Result<()> {
    let glue: Function<Object, ()> = env.run_script(include_str!("glue.js"))?;
    glue.call(exports)
}
