//! The Node binding of gridcore: conversion code only. Every rule lives in the core.
//!
//! Inputs and outputs use the core's JSON shape (snake_case fields, decimals as strings),
//! so a bill is the same object in every language. Money never passes through a JS
//! number: a number where the core wants a decimal is rejected, naming the field.
//!
//! One file per core domain registers its classes and functions with `#[napi]`; this
//! file only declares them. `index.d.ts` is generated from all of them.

mod billing;
mod convert;
mod customer;
mod errors;
mod messaging;
mod points;
