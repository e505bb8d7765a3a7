//! The payments centre (缴费 / 退费 / 对账): bills as receivables, payments allocated by a
//! policy the utility configures, prepaid balances applied first in first out, late fees
//! as of the payment date, reversals and refunds, the arrears view, and reconciliation of
//! channel settlement files. See `docs/payments.md`.
//!
//! ```
//! use gridcore::payments::{AccountSetup, Ledger, Operation};
//! let mut ledger = Ledger::new(serde_json::from_str(r#"{"account_id": "1100023456", "customer_class": "residential"}"#)?)?;
//! ledger.apply(Operation::from_json(r#"{"op": "issue", "key": "b-2026-10", "issued_on": "2026-11-01",
//!     "bill": {"bill_id": "2026-10", "bill_month": "2026-10", "due_date": "2026-11-10", "amount": "200.00"}}"#)?)?;
//! // Paid ten days late: 200.00 × 1‰ × 10 = 2.00 late fee, assessed and paid first.
//! let out = ledger.apply(Operation::from_json(r#"{"op": "pay", "key": "p-1", "channel": "counter",
//!     "txn_no": "C-0001", "amount": "202.00", "paid_at": "2026-11-20T09:30:00"}"#)?)?;
//! let amounts: Vec<String> = out.entries.iter().map(|e| format!("{:?} {}", e.kind, e.amount)).collect();
//! assert_eq!(amounts, ["Payment 202.00", "LateFee 2.00", "Allocation 2.00", "Allocation 200.00"]);
//! assert_eq!((ledger.amount_due().to_string(), ledger.prepaid().to_string()), ("0.00".into(), "0.00".into()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod fold;
mod ledger;
mod model;
mod reconcile;
mod settlement;
mod view;

pub use ledger::Ledger;
pub use model::{AccountSetup, BillOrder, Component, Entry, EntryKind, LateFeeOrder, NamedBillRest, Operation, Outcome, OutcomeRecord, Policy, Reason, Receivable, LATE_FEE, MAX_COMPONENTS};
pub use reconcile::*;
pub use settlement::*;
pub use view::{Arrears, ArrearsItem, OpenComponent, PaymentEvents};
