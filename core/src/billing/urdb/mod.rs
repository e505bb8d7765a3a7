//! US tariffs from OpenEI's Utility Rate Database (URDB) and annual bills from an hourly
//! load, following NREL SAM's `Utilityrate5` with no generation (docs/urdb.md).
//!
//! * [`model`]: the rate as read, periods × tiers and 12 × 24 schedules;
//! * `import`: URDB JSON → [`UrdbTariff`], refusing by name what it cannot apply;
//! * [`request`]: the calendar and the hourly load (exact fixed-point kWh);
//! * [`annual`]: the twelve monthly bills.
//!
//! ```
//! use gridcore::billing::urdb::{bill_annual, AnnualRequest, HourlyLoad, UrdbTariff};
//! use rust_decimal::Decimal;
//! let rate = UrdbTariff::from_urdb_json(r#"{"name": "Flat", "energyratestructure": [[{"rate": 0.1}]],
//!     "energyweekdayschedule": [[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]],
//!     "energyweekendschedule": [[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]],
//!     "fixedchargefirstmeter": 10, "fixedchargeunits": "$/month"}"#).unwrap();
//! // 1 kWh every hour of SAM's year: January is 744 kWh × 0.1 + 10 = 84.40.
//! let load = HourlyLoad::from_decimals(&vec![Decimal::ONE; 8760]).unwrap();
//! let bill = bill_annual(&rate, &AnnualRequest::new(load)).unwrap();
//! assert_eq!(bill.months[0].total.to_string(), "84.40");
//! assert_eq!(bill.total.to_string(), "996.00"); // 8760 × 0.1 + 12 × 10
//! ```

pub mod annual;
mod import;
pub mod model;
pub mod request;

pub use annual::{bill_annual, AnnualBill, AnnualComponent, AnnualLine, AnnualRounding, AnnualUnit, MonthBill, Share};
pub use import::{MAX_PERIODS, MAX_TIERS};
pub use model::*;
pub use request::{AnnualAmounts, AnnualCalendar, AnnualRequest, HourlyLoad, LOAD_SCALE, UNROUNDED_SCALE};
