//! The points centre (积分): events through rules into an append-only ledger with
//! idempotency keys, lots that expire, redemption earliest-expiring first and reversal by
//! compensating entries.
//!
//! Work in progress (issue #9): the ledger and the rules are here; bindings, conformance
//! cases, generators, the benchmark and the demo come next.

mod ledger;
mod rules;

pub use ledger::{Entry, EntryKind, Ledger, Lot, Operation, Outcome};
pub use rules::{process, Campaign, Caps, Event, EventOutcome, FieldCondition, Formula, PointsEvent, PointsRounding, PointsRule, PointsRules};
