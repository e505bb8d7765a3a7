//! The billing domain: tariffs as data, a bill request in, an explained bill out.
//!
//! * [`model`]: the data every other file of billing imports (tariff document, request,
//!   usage, contract, bill and its lines); it imports nothing else of billing.
//! * [`tariff`]: validating and compiling a tariff document; [`request`]: reading a
//!   request's JSON form.
//! * [`metering`]: readings and interval data → billed quantities; `tiers`: tier years,
//!   bounds, bands and the proportional allocation; [`demand`]: the basic charge of a
//!   two-part tariff; [`power_factor`]: the 1983 adjustment; `versions`: price changes
//!   within a period.
//! * [`calc`]: the calculation itself (`bill`, `bill_many`); [`compare`](mod@compare) and
//!   [`explain`] read bills; [`penalty`]: late fees.
//! * [`urdb`]: OpenEI URDB rates and annual bills from an 8,760-hour load (SAM's
//!   `Utilityrate5`, with no generation).

pub mod calc;
pub mod compare;
pub mod demand;
pub mod explain;
pub mod metering;
pub mod model;
pub use crate::base::penalty;
pub mod power_factor;
pub mod request;
pub mod tariff;
pub(crate) mod tiers;
pub mod urdb;
pub(crate) mod versions;

pub use calc::{bill, bill_many};
pub use compare::{compare, what_if, BillSummary, Comparison, Contribution, ContributionKind, WhatIf, WhatIfOption};
pub use model::*;
pub use urdb::{bill_annual, AnnualBill, AnnualRequest, HourlyLoad, UrdbTariff};
pub use penalty::{late_fee, CarriedOver, LateFee, LateFeeLine, LateFeeRequest};
