//! # gridcore
//!
//! One embeddable engine for the marketing (营销) systems of electricity retailers and
//! grid companies: tariffs as data, and bills a counter clerk can explain line by line.
//! Python, Node and Kotlin/Swift bindings wrap this crate, so every system that embeds
//! it computes the same bill to the fen.
//!
//! * Money and quantities are [`rust_decimal::Decimal`], never floats; every rounding is
//!   named by the tariff's [`money::RoundingPolicy`] and stated on the bill.
//! * Bad input returns an [`Error`] naming the field by its JSON path and a stable
//!   [`ErrorCode`]; nothing is half-computed and no clock is read.
//!
//! ```
//! use gridcore::{bill, BillRequest, Tariff};
//! use std::sync::Arc;
//!
//! // 北京 residential annual tiers, a whole year of 5000 kWh (tariffs-cn.md, example 2).
//! let tariff = Arc::new(Tariff::from_json(r#"{
//!   "id": "bj-residential-2026", "name": {"zh": "北京居民阶梯电价", "en": "Beijing residential tiered"},
//!   "energy": {"tiered": {"cycle": "annual", "tiers": [
//!     {"upto": "2880", "price": "0.4883"}, {"upto": "4800", "price": "0.5383"}, {"price": "0.7883"}]}}
//! }"#)?);
//! let request = BillRequest {
//!     tariff: tariff.clone(),
//!     account: gridcore::Account { account_id: "1100023456".into(), ..Default::default() },
//!     period: gridcore::Period { start: "2026-01-01".parse()?, end: "2027-01-01".parse()? },
//!     usage: serde_json::from_str(r#"{"readings": [{"register": "total", "start": "0", "end": "5000"}]}"#)?,
//!     year_to_date_kwh: Default::default(),
//!     holidays: vec![],
//!     as_of: "2027-01-01".parse()?,
//!     tariff_versions: vec![],
//!     billing_month: None,
//!     new_year_readings: vec![],
//! };
//! let bill = gridcore::bill(&request)?;
//! let amounts: Vec<String> = bill.lines.iter().map(|l| l.amount.to_string()).collect();
//! assert_eq!(amounts, ["1406.30", "1033.54", "157.66"]);
//! assert_eq!(bill.total.to_string(), "2597.50");
//! println!("{}", gridcore::explain::render(&bill));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The README's Rust example is compiled and run as a doc test.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod billing;
pub mod calendar;
pub mod compare;
pub mod customer;
pub mod demand;
pub mod error;
pub mod explain;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod lenient;
pub mod messaging;
pub mod metering;
pub mod money;
mod objects;
pub mod penalty;
pub mod points;
pub mod power_factor;
pub mod tariff;
pub mod strict;
mod tiers;
#[cfg(feature = "proptest")]
pub mod testing;
mod versions;

pub use billing::{bill, bill_many, Account, Bill, BillRequest, LineItem, Period, Rule, TariffVersion};
pub use compare::{compare, what_if, Comparison, WhatIf};
pub use error::{Error, ErrorCode, ErrorKind, Result};
pub use rust_decimal::Decimal;
pub use tariff::{Tariff, TariffSpec};

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A text in Chinese and English. The engine's own wording is borrowed (`&'static str`),
/// so explaining a bill allocates only for what it formats.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// 中文.
    pub zh: Cow<'static, str>,
    /// English.
    pub en: Cow<'static, str>,
}

impl Text {
    /// A text from its Chinese and English forms.
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Text { zh: zh.into(), en: en.into() }
    }
}
