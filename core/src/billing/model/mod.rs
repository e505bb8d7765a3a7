//! The billing data model, at the bottom of the billing domain: the tariff document and
//! its compiled form, the request (account, period, contract, usage), and the bill with
//! its lines and rules. Plain data with serde forms; every other billing file imports it,
//! and it imports nothing else of billing.

mod bill;
mod contract;
mod period;
mod request;
mod spec;
mod usage;

pub use bill::*;
pub use contract::*;
pub use period::*;
pub use request::*;
pub use spec::*;
pub use usage::*;

/// kWh (or any quantity) per time-of-use period, indexed by
/// [`TouPeriod::index`](crate::base::calendar::TouPeriod::index): critical peak, peak,
/// flat, valley. A bill without a schedule keeps everything in `flat`.
pub type PeriodKwh = [rust_decimal::Decimal; 4];
