//! The Kotlin/Swift binding of gridcore (uniffi proc-macros, no UDL): conversion code
//! only. On the JVM the Kotlin bindings run through JNA, which serves Android, Kotlin
//! servers and the Java marketing systems with one build.
//!
//! * `Decimal`, `NaiveDate` and `NaiveDateTime` cross as strings and are lifted into
//!   `java.math.BigDecimal`, `java.time.LocalDate` and `java.time.LocalDateTime` (see
//!   `uniffi.toml`; Swift gets `String`, see docs/mobile.md).
//! * Core types whose fields cross the FFI as they are, are exposed as uniffi *remote*
//!   types (no copy of their logic here); `Text`, `LineItem`, `UsageSummary` and `Bill`
//!   have mirrors, because the core uses `Cow` and `BTreeMap` in them.
//! * Errors are one uniffi error enum, `GridcoreError` (`GridcoreException` in Kotlin),
//!   with `code`, `path` and `reason`. A panic in the engine becomes `Internal`.
//!
//! One file per core domain holds that domain's records, enums, objects and functions:
//! `billing.rs`, `customer.rs`, `points.rs`, `messaging.rs` and `payments.rs`. `convert.rs` has what
//! they share (the string custom types, `Text`, `CustomerClass`, the whole-number
//! helpers) and `errors.rs` the error, the guard and the test panic.
//!
//! This file only registers them. They are `include!`d into the crate root rather than
//! declared as modules, on purpose: uniffi writes each item's `module_path!()` into its
//! metadata, and every function's and method's checksum is computed over that metadata
//! (the item's own path and those of the types it takes and returns). Modules would
//! change the checksums and reorder the generated Kotlin and Swift; from the root, the
//! files generate exactly what one file did. Hence also the one import list below, which
//! every file shares.

// The imports every file shares, grouped by the file that needs them.
use chrono::{NaiveDate, NaiveDateTime};
use gridcore::{Decimal, ErrorKind};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;
// convert.rs (BillingMonth also in billing.rs)
use gridcore::calendar::BillingMonth;
use gridcore::CustomerClass;
// billing.rs
use gridcore::billing::{Account, Component, ContributionKind, Period, PricePart, RegisterValue, Subtotal, Unit};
use gridcore::billing::{BasicChargeContract, BasicMethod, CapacityChange, ChangeReason, Standard};
use gridcore::billing::{CarriedOver, FixedBasis, LateFeeRequest, TierCycle};
use gridcore::billing::{IntervalPoint, Loss, LossKind, LossUsage, Reading, Register, RegisterUsage, UsageSource};
use gridcore::billing::urdb::{Allocation, AnnualAmounts, AnnualComponent, AnnualUnit, Share};
use gridcore::calendar::TouPeriod;
use gridcore::money::{RoundingMode, RoundingStage};
use gridcore::Rule as CoreRule;
// customer.rs
use gridcore::customer::{Conflict, Fact, TagState};
use gridcore::customer::{ConfirmationReason, Contact, ContactKind, CustomerAccount, CustomerAgreement, EventKind, MatchKind, MoodLevel, Outcome, ServiceEvent, UsagePoint, VoltageClass};
// points.rs
use gridcore::points::{EntryKind, Operation, Shortfall};
// payments.rs
use gridcore::payments::EntryKind as PaymentEntryKind;
use gridcore::payments::{Arrears, ArrearsItem, BillOrder, Booked, BookedKind, LateFeeOrder, NamedBillRest, OpenComponent, ReconStatus};
// messaging.rs
use gridcore::messaging::{Category, Channel, Consent, DeliveryAction, EmailMessage, Locale, PushMessage, Sent, WechatMessage, WechatValue};

uniffi::setup_scaffolding!("gridcore");

include!("convert.rs");
include!("errors.rs");
include!("billing.rs");
include!("customer.rs");
include!("points.rs");
include!("messaging.rs");
include!("payments.rs");
include!("ebill.rs");

// JNI entry points for the JVM's billing runs (no uniffi items, so a module of its own).
mod jvm;
