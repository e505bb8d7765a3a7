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
//! // 北京 residential annual tiers, a whole year of 5000 kWh (北京 tier bounds 2880 / 4800 kWh a year).
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
//!
//! ## Map of the crate
//!
//! A shared base under four domains; no domain imports another (they exchange data), and
//! `python3 tools/import_graph.py` checks it (docs/architecture.md).
//!
//! | Path | What it holds |
//! |---|---|
//! | [`base`] | [`Error`] (kind, code, JSON path, reason), [`money`] (rounding policies), [`calendar`] (day types, time-of-use schedules, billing months), [`strict`] (the one grammar of decimals and dates), [`Text`], [`CustomerClass`], masks and comparison operators |
//! | [`billing`] | tariffs and bills: [`billing::model`] (request, usage, contract, tariff document, bill and lines) at the bottom, then metering, tiers, demand, power factor, tariff versions, the calculation ([`bill`], [`bill_many`]), [`compare()`], [`what_if`], [`explain`] and late fees ([`late_fee`]) |
//! | [`customer`] | the customer model, its configuration, role views with masks, search, confirmations, mood, tags, scores, segments, merges |
//! | [`points`] | points rules and the append-only, idempotent [`Ledger`] |
//! | [`payments`] | receivables: bills as open items, payments allocated by policy, late fees as of the payment day, prepaid, reversals, refunds, the arrears view, reconciliation of settlement files |
//! | [`messaging`] | notice templates ([`TemplateSet`]) in a sandboxed language, and the delivery plan |
//! | `testing` (feature `proptest`) | proptest strategies for tariffs, requests and usage |
//! | `fuzzing` (feature `fuzzing`) | the fuzz targets and their invariants |

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The README's Rust example is compiled and run as a doc test.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

// So are the Rust examples of the domain guides (tools/doc_examples.py runs the other
// languages' blocks).
#[doc = include_str!("../../docs/messaging.md")]
#[cfg(doctest)]
pub struct MessagingDoctests;

#[doc = include_str!("../../docs/points.md")]
#[cfg(doctest)]
pub struct PointsDoctests;

#[doc = include_str!("../../docs/payments.md")]
#[cfg(doctest)]
pub struct PaymentsDoctests;

pub mod base;
pub mod billing;
pub mod customer;
pub mod ebill;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod messaging;
pub mod payments;
pub mod points;
#[cfg(feature = "proptest")]
pub mod testing;

// The base modules callers name directly keep short paths.
pub use base::{calendar, error, money, strict};

pub use base::{CustomerClass, Text};
pub use billing::explain;
pub use billing::{bill, bill_many, compare, late_fee, what_if, Account, Bill, BillRequest, Comparison, LateFeeRequest, LineItem, Period, Rule, Tariff, TariffSpec, TariffVersion, WhatIf};
pub use customer::{Customer, CustomerConfig};
pub use error::{Error, ErrorCode, ErrorKind, Result};
pub use messaging::{Notice, TemplateSet};
pub use points::{Ledger, PointsEvent, PointsRules};
pub use rust_decimal::Decimal;
