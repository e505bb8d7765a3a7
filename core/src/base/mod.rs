//! The shared base every domain builds on, importing nothing else of the crate: one error
//! type, money and rounding, the calendar (day types, time-of-use schedules, billing
//! months), bilingual text, the one grammar of decimals and dates and the field checks
//! every parser uses, objects-only parsing, masks, comparison operators and customer
//! classes.

pub mod calendar;
pub mod checks;
pub mod class;
pub mod error;
#[cfg(feature = "fuzzing")]
pub mod faults;
pub(crate) mod lenient;
pub mod mask;
pub mod money;
pub mod penalty;
pub(crate) mod objects;
pub mod ops;
pub mod strict;
pub(crate) mod tagged;
pub mod text;

pub use checks::{check_decimal, is_code};
pub use class::CustomerClass;
pub use mask::{mask, Mask};
pub use ops::Op;
pub use text::Text;
