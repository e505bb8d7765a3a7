//! What the counter, the call centre and the app show — the arrears view as of a date —
//! and what a payment tells the other domains, as data: the points events it causes and
//! the values of the "payment received" and arrears notices. Payments never call points
//! or messaging; the caller passes these on.

use super::ledger::Ledger;
use super::model::{EntryKind, Operation};
use super::settlement::{Booked, BookedKind};
use crate::base::calendar::BillingMonth;
use crate::base::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One component of an open bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenComponent {
    /// The component's code.
    pub code: String,
    /// Billed, adjustments included.
    pub billed: Decimal,
    /// Still open.
    pub open: Decimal,
}

/// An open bill as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrearsItem {
    /// The bill.
    pub bill_id: String,
    /// Its billing month.
    pub bill_month: BillingMonth,
    /// Its due date.
    pub due_date: NaiveDate,
    /// Its components.
    pub components: Vec<OpenComponent>,
    /// Principal still open.
    pub principal: Decimal,
    /// Late fee assessed by payments and still unpaid.
    pub late_fee_assessed: Decimal,
    /// Late fee accrued to the date and not yet assessed (what a payment that day would assess).
    pub late_fee_to_date: Decimal,
    /// Principal and late fee: what pays this bill off on the date.
    pub amount_due: Decimal,
    /// Days past the due date (0 when not yet due).
    pub days_overdue: u32,
}

/// An account's arrears as of a date: the one figure every channel quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrears {
    /// The account.
    pub account_id: String,
    /// The date.
    pub as_of: NaiveDate,
    /// Open bills, oldest due first.
    pub items: Vec<ArrearsItem>,
    /// Principal open on all bills.
    pub principal: Decimal,
    /// Late fees, assessed and to date.
    pub late_fee: Decimal,
    /// What pays every open bill off on the date.
    pub amount_due: Decimal,
    /// Unapplied (prepaid) money.
    pub prepaid: Decimal,
    /// Days the oldest open bill is overdue.
    pub days_overdue: u32,
}

impl Arrears {
    /// The values of the `arrears_reminder` notice but the customer's name (which the
    /// customer model holds): `account`, `arrears` (the amount due), `late_fee`, `as_of`.
    pub fn notice_values(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("account".to_string(), self.account_id.clone()),
            ("arrears".to_string(), self.amount_due.to_string()),
            ("late_fee".to_string(), self.late_fee.to_string()),
            ("as_of".to_string(), self.as_of.to_string()),
        ])
    }
}

/// What a payment tells the other domains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentEvents {
    /// Points events in the points centre's form (`{"key", "date", "event": {"type":
    /// "bill_paid", …}}`): one `bill_paid` per bill the payment pays (key
    /// `<payment key>/<bill id>`, amount what it paid of that bill, late fee included),
    /// or, for a reversed payment, one `bill_refunded` per bill it had paid.
    pub points: Vec<serde_json::Value>,
    /// The values of the `payment_received` notice: `account`, `amount`, `paid_at`, `channel`.
    pub notice: BTreeMap<String, String>,
}

impl Ledger {
    /// The arrears as of a date, which may not be before the ledger's last operation.
    pub fn arrears(&self, as_of: NaiveDate) -> Result<Arrears> {
        if let Some(last) = self.operations().last().map(|o| o.at().date()).filter(|&d| d > as_of) {
            return Err(Error::request(ErrorCode::OutOfRange, "as_of", format!("{as_of} is before the ledger's last operation, on {last}")));
        }
        let class = self.setup().customer_class;
        let mut items = Vec::new();
        for b in self.fold().bills.iter().filter(|b| !b.closed) {
            let principal = b.principal();
            let to_date = b.unassessed_fee(class, as_of)?;
            let amount_due = principal + b.fee_open + to_date;
            if amount_due.is_zero() {
                continue;
            }
            let components = b.components.iter().map(|c| OpenComponent { code: c.0.to_string(), billed: c.1, open: c.2 }).collect();
            let days_overdue = (as_of - b.due).num_days().max(0) as u32;
            items.push(ArrearsItem { bill_id: b.id.to_string(), bill_month: b.month, due_date: b.due, components, principal, late_fee_assessed: b.fee_open, late_fee_to_date: to_date, amount_due, days_overdue });
        }
        items.sort_by(|a, b| (a.due_date, a.bill_month).cmp(&(b.due_date, b.bill_month)));
        let sum = |f: fn(&ArrearsItem) -> Decimal| -> Decimal { crate::base::money::fixed_scale(items.iter().map(f).sum::<Decimal>(), 2) };
        let (principal, amount_due) = (sum(|i| i.principal), sum(|i| i.amount_due));
        let late_fee = sum(|i| i.late_fee_assessed + i.late_fee_to_date);
        let days_overdue = items.iter().map(|i| i.days_overdue).max().unwrap_or(0);
        Ok(Arrears { account_id: self.setup().account_id.clone(), as_of, items, principal, late_fee, amount_due, prepaid: self.prepaid(), days_overdue })
    }

    /// The points events and notice values of a payment (`unknown_reference` for a key
    /// that is not a payment of this ledger).
    pub fn payment_events(&self, payment_key: &str) -> Result<PaymentEvents> {
        let Some(Operation::Pay { amount, paid_at, channel, .. }) = self.operation(payment_key) else {
            return Err(Error::request(ErrorCode::UnknownReference, "payment_key", format!("no payment \"{payment_key}\" is in this ledger")));
        };
        // Per bill: what the payment's money pays now, and whether it ever paid it.
        let mut paid: Vec<(&str, Decimal)> = Vec::new();
        for e in self.entries().iter().filter(|e| e.kind == EntryKind::Allocation && e.source.as_deref() == Some(payment_key)) {
            let bill = e.bill_id.as_deref().unwrap_or_default();
            match paid.iter_mut().find(|p| p.0 == bill) {
                Some(p) => p.1 += e.amount,
                None => paid.push((bill, e.amount)),
            }
        }
        let day = paid_at.date().to_string();
        let points = if self.is_reversed(payment_key) {
            let (rkey, rday) = self
                .operations()
                .iter()
                .find_map(|o| match &**o {
                    Operation::Reverse { key, payment_key: p, at, .. } if p == payment_key => Some((key.as_str(), at.date().to_string())),
                    _ => None,
                })
                .unwrap_or((payment_key, day.clone()));
            paid.iter().map(|(bill, _)| serde_json::json!({"key": format!("{rkey}/{bill}"), "date": rday, "event": {"type": "bill_refunded", "payment_key": format!("{payment_key}/{bill}")}})).collect()
        } else {
            paid.iter()
                .filter(|p| p.1 > Decimal::ZERO)
                .map(|(bill, paid)| {
                    let due = self.fold().bill(bill).map(|b| b.due.to_string()).unwrap_or_default();
                    serde_json::json!({"key": format!("{payment_key}/{bill}"), "date": day, "event": {"type": "bill_paid", "amount": paid.to_string(), "due_date": due, "paid_date": day, "channel": channel}})
                })
                .collect()
        };
        let notice = BTreeMap::from([
            ("account".to_string(), self.setup().account_id.clone()),
            ("amount".to_string(), amount.to_string()),
            ("paid_at".to_string(), paid_at.format("%Y-%m-%dT%H:%M:%S").to_string()),
            ("channel".to_string(), channel.clone()),
        ]);
        Ok(PaymentEvents { points, notice })
    }

    /// The payments and refunds this ledger booked, for reconciliation with channels'
    /// settlement files.
    pub fn booked(&self) -> Vec<Booked> {
        self.operations()
            .iter()
            .filter_map(|o| match &**o {
                Operation::Pay { key, channel, txn_no, amount, paid_at, .. } => {
                    Some(Booked { channel: channel.clone(), txn_no: txn_no.clone(), key: key.clone(), kind: BookedKind::Payment, amount: *amount, at: *paid_at, reversed: self.is_reversed(key) })
                }
                Operation::Refund { key, channel, txn_no, amount, at, .. } => Some(Booked { channel: channel.clone(), txn_no: txn_no.clone(), key: key.clone(), kind: BookedKind::Refund, amount: *amount, at: *at, reversed: false }),
                _ => None,
            })
            .collect()
    }
}
