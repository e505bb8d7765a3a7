//! The points centre (积分): an append-only ledger with idempotency keys, lots that
//! expire, redemption earliest-expiring first and reversal by compensating entries.
//!
//! Work in progress (issue #9): the ledger is here; event rules, caps and campaigns and
//! the bindings come next.

mod ledger;

pub use ledger::{Entry, EntryKind, Ledger, Lot, Operation, Outcome};
