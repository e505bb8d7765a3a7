//! The points centre (积分): events through rules into an append-only ledger with
//! idempotency keys, lots that expire, redemption earliest-expiring first and reversal by
//! compensating entries. See `docs/points.md`.

mod canonical;
mod entries;
mod events;
mod ledger;
mod rules;

/// The most points one award may carry (10^12).
pub const MAX_AWARD: i64 = 1_000_000_000_000;
/// The most points a balance may hold, and the most one entry may move (10^15): points
/// arithmetic never wraps; an operation that would pass it is refused.
pub const MAX_BALANCE: i64 = 1_000_000_000_000_000;
/// The longest a lot may live, in days (100 years).
pub const MAX_EXPIRY_DAYS: u32 = 36_600;

pub use entries::{Entry, EntryKind, Lot, Operation, Outcome, OutcomeRecord, Shortfall};
pub use ledger::Ledger;
pub use events::{Event, PointsEvent};
pub use rules::{process, Campaign, Caps, FieldCondition, Formula, PointsRounding, PointsRule, PointsRules};
