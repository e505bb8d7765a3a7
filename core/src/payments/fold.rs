//! Allocation as a pure function of the ordered operations: a fold over them that yields
//! the derived facts (allocations, late fees assessed, write-offs). The ledger writes these
//! facts as entries; after a reversal or an operation that arrives late it folds again and
//! writes the difference, so the ledger always equals a replay of its operations.

use super::model::{BillOrder, EntryKind, LateFeeOrder, NamedBillRest, Operation, Policy, Reason, LATE_FEE};
use crate::base::calendar::BillingMonth;
use crate::base::error::{Error, ErrorCode, Result};
use crate::base::penalty::{accrued_late_fee, LateFeeRequest};
use crate::base::CustomerClass;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

/// A derived fact: money applied, a late fee assessed or a balance written off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fact {
    pub kind: EntryKind,
    /// The payment whose money it is (allocations, late fees), or the write-off's key.
    pub source: Arc<str>,
    pub bill: Arc<str>,
    pub component: Arc<str>,
    pub amount: Decimal,
    pub at: NaiveDateTime,
    pub reason: Reason,
}

#[derive(Debug, Clone)]
pub(crate) struct BillState {
    pub id: Arc<str>,
    pub month: BillingMonth,
    pub due: NaiveDate,
    seq: usize,
    /// (code, billed incl. adjustments, open).
    pub components: Vec<(Arc<str>, Decimal, Decimal)>,
    /// The late fee accrued so far before the 1 元 minimum (sum of the rate bands).
    fee_raw: Decimal,
    /// The late fee assessed (entries written) and what of it is unpaid.
    pub fee_assessed: Decimal,
    pub fee_open: Decimal,
    /// The last day the fee has been accrued for (the due date at first).
    fee_through: NaiveDate,
    pub closed: bool,
}

impl BillState {
    /// Whether a payment can still go to it: not written off, and principal, an assessed
    /// fee or an accrued one not yet assessed is open.
    fn is_open(&self) -> bool {
        !self.closed && (!self.principal().is_zero() || !self.fee_open.is_zero() || self.fee_raw > self.fee_assessed)
    }

    pub fn principal(&self) -> Decimal {
        self.components.iter().map(|c| c.2).sum()
    }

    /// The late fee accrued from `fee_through` to `day` on the open principal (the sum of
    /// its rate bands, each rounded to the fen by the penalty rules).
    fn accrual(&self, class: CustomerClass, day: NaiveDate) -> Result<Decimal> {
        let principal = self.principal();
        if self.closed || day <= self.fee_through || principal.is_zero() {
            return Ok(Decimal::ZERO);
        }
        accrued_late_fee(&LateFeeRequest { customer_class: class, arrears: principal, due_date: self.fee_through, as_of: day, bill_month: Some(self.month), carried_over: None })
    }

    /// The late fee owed as of the accrued total: the 1 元 minimum applies to a bill's fee.
    fn fee_target(raw: Decimal) -> Decimal {
        if raw > Decimal::ZERO && raw < Decimal::ONE {
            Decimal::new(100, 2)
        } else {
            raw
        }
    }

    /// Late fee not yet assessed if assessed on `day` (the arrears view's "to date").
    pub fn unassessed_fee(&self, class: CustomerClass, day: NaiveDate) -> Result<Decimal> {
        let raw = self.fee_raw + self.accrual(class, day)?;
        Ok((Self::fee_target(raw) - self.fee_assessed).max(Decimal::ZERO))
    }

    fn accrue(&mut self, class: CustomerClass, day: NaiveDate) -> Result<()> {
        if day > self.fee_through {
            self.fee_raw += self.accrual(class, day)?;
            self.fee_through = day;
        }
        Ok(())
    }
}

/// The state after a prefix of the operations.
#[derive(Debug, Clone)]
pub(crate) struct Fold {
    class: CustomerClass,
    pub bills: Vec<BillState>,
    by_id: foldhash::HashMap<Arc<str>, usize>,
    /// Bill indices in oldest-first order (due date, bill month, issue order), kept sorted
    /// as bills are issued so a payment need not sort them.
    by_age: Vec<usize>,
    /// Unapplied rests of payments, oldest first: (payment key, amount).
    pub lots: VecDeque<(Arc<str>, Decimal)>,
    /// The late fee's component code, shared by every entry that names it.
    late_fee: Arc<str>,
}

/// Why a bill comes where it does in a payment's order.
#[derive(Clone, Copy)]
enum Why {
    Named,
    Exact,
    Order(BillOrder),
    Prepaid,
}

fn reason(why: Why, policy: &Policy) -> Reason {
    let fee_first = policy.late_fee == LateFeeOrder::BeforePrincipal;
    match (why, fee_first) {
        (Why::Named, true) => Reason::NamedFeeFirst,
        (Why::Named, false) => Reason::NamedFeeAfter,
        (Why::Exact, true) => Reason::ExactFeeFirst,
        (Why::Exact, false) => Reason::ExactFeeAfter,
        (Why::Order(BillOrder::OldestFirst), true) => Reason::OldestFeeFirst,
        (Why::Order(BillOrder::OldestFirst), false) => Reason::OldestFeeAfter,
        (Why::Order(BillOrder::NewestFirst), true) => Reason::NewestFeeFirst,
        (Why::Order(BillOrder::NewestFirst), false) => Reason::NewestFeeAfter,
        (Why::Prepaid, _) => Reason::Prepaid,
    }
}

impl Fold {
    pub fn new(class: CustomerClass) -> Fold {
        Fold { class, bills: Vec::new(), by_id: foldhash::HashMap::default(), by_age: Vec::new(), lots: VecDeque::new(), late_fee: Arc::from(LATE_FEE) }
    }

    pub fn bill(&self, id: &str) -> Option<&BillState> {
        self.by_id.get(id).map(|&i| &self.bills[i])
    }

    /// The prepaid (unapplied) balance.
    pub fn prepaid(&self) -> Decimal {
        self.lots.iter().map(|l| l.1).sum()
    }

    /// Applies one operation; `reversed` payments are skipped as if never made. On an
    /// error the fold is left part-way: the ledger discards it.
    /// `key` is the operation's key, shared by the facts it makes.
    pub fn step(&mut self, op: &Operation, key: &Arc<str>, policy: &Policy, reversed: &HashSet<String>, facts: &mut Vec<Fact>) -> Result<()> {
        match op {
            Operation::Issue { bill, .. } => {
                if self.by_id.contains_key(bill.bill_id.as_str()) {
                    return Err(Error::request(ErrorCode::Duplicate, "operation.bill.bill_id", format!("the bill \"{}\" was issued before", bill.bill_id)));
                }
                if bill.bill_month.first_day() > bill.due_date {
                    return Err(Error::request(ErrorCode::OutOfRange, "operation.bill.due_date", format!("the due date {} is before the bill month {}", bill.due_date, bill.bill_month)));
                }
                let components = bill.components.iter().map(|c| (Arc::from(c.code.as_str()), c.amount, c.amount)).collect();
                let seq = self.bills.len();
                let id: Arc<str> = Arc::from(bill.bill_id.as_str());
                self.bills.push(BillState { id: id.clone(), month: bill.bill_month, due: bill.due_date, seq, components, fee_raw: Decimal::ZERO, fee_assessed: Decimal::ZERO, fee_open: Decimal::ZERO, fee_through: bill.due_date, closed: false });
                self.by_id.insert(id, seq);
                let age = |b: &BillState| (b.due, b.month, b.seq);
                let pos = self.by_age.partition_point(|&j| age(&self.bills[j]) <= age(&self.bills[seq]));
                self.by_age.insert(pos, seq);
                let at = op.at();
                while let Some((payment, rest)) = self.lots.front() {
                    let (source, rest) = (payment.clone(), *rest);
                    let mut left = rest;
                    self.pay_bill(seq, &source, at, &mut left, reason(Why::Prepaid, policy), policy, facts)?;
                    let used = rest - left;
                    if left.is_zero() {
                        self.lots.pop_front();
                    } else {
                        self.lots.front_mut().expect("still there").1 = left;
                    }
                    if used.is_zero() || self.bills[seq].closed || self.bills[seq].principal().is_zero() {
                        break;
                    }
                }
            }
            Operation::Pay { key: pay_key, amount, paid_at, bill_id, .. } => {
                if reversed.contains(pay_key) {
                    return Ok(());
                }
                let day = paid_at.date();
                let mut left = *amount;
                let mut first = None;
                if let Some(id) = bill_id {
                    let Some(&i) = self.by_id.get(id.as_str()) else {
                        return Err(Error::request(ErrorCode::UnknownReference, "operation.bill_id", format!("no bill \"{id}\" was issued to this account")));
                    };
                    first = Some((i, Why::Named));
                } else if policy.exact_match_first {
                    for k in 0..self.by_age.len() {
                        let i = self.nth(policy.order, k);
                        let b = &self.bills[i];
                        if !b.is_open() {
                            continue;
                        }
                        if b.principal() + b.fee_open + b.unassessed_fee(self.class, day)? == *amount {
                            first = Some((i, Why::Exact));
                            break;
                        }
                    }
                }
                if let Some((i, why)) = first {
                    self.pay_bill(i, key, *paid_at, &mut left, reason(why, policy), policy, facts)?;
                }
                let rest_to_prepaid = bill_id.is_some() && policy.named_bill_rest == NamedBillRest::Prepaid;
                if !rest_to_prepaid {
                    for k in 0..self.by_age.len() {
                        if left.is_zero() {
                            break;
                        }
                        let i = self.nth(policy.order, k);
                        if !self.bills[i].is_open() {
                            continue;
                        }
                        self.pay_bill(i, key, *paid_at, &mut left, reason(Why::Order(policy.order), policy), policy, facts)?;
                    }
                }
                if !left.is_zero() {
                    self.lots.push_back((key.clone(), left));
                }
            }
            Operation::Reverse { .. } => {}
            Operation::Refund { amount, payment_key, .. } => {
                let mut left = *amount;
                let available: Decimal = self.lots.iter().filter(|l| payment_key.as_deref().map_or(true, |p| p == &*l.0)).map(|l| l.1).sum();
                if available < left {
                    let from = payment_key.as_ref().map_or("the prepaid balance".to_string(), |p| format!("payment \"{p}\"'s unapplied rest"));
                    return Err(Error::request(ErrorCode::RefundTooLarge, "operation.amount", format!("the refund {amount} is more than {from}, {available}")));
                }
                for lot in self.lots.iter_mut().filter(|l| payment_key.as_deref().map_or(true, |p| p == &*l.0)) {
                    let take = lot.1.min(left);
                    lot.1 -= take;
                    left -= take;
                }
                self.lots.retain(|l| !l.1.is_zero());
            }
            Operation::WriteOff { bill_id, .. } => {
                let i = self.index(bill_id)?;
                let at = op.at();
                let late_fee = self.late_fee.clone();
                let b = &mut self.bills[i];
                let mut wrote = false;
                let why = Reason::WriteOff;
                if !b.fee_open.is_zero() {
                    facts.push(Fact { kind: EntryKind::WriteOff, source: key.clone(), bill: b.id.clone(), component: late_fee, amount: b.fee_open, at, reason: why });
                    b.fee_open = Decimal::ZERO;
                    wrote = true;
                }
                for c in b.components.iter_mut().filter(|c| !c.2.is_zero()) {
                    facts.push(Fact { kind: EntryKind::WriteOff, source: key.clone(), bill: b.id.clone(), component: c.0.clone(), amount: c.2, at, reason: why });
                    c.2 = Decimal::ZERO;
                    wrote = true;
                }
                if !wrote {
                    return Err(Error::request(ErrorCode::OutOfRange, "operation.bill_id", format!("the bill \"{bill_id}\" has nothing left to write off")));
                }
                b.closed = true;
            }
            Operation::Adjust { bill_id, component, amount, on, .. } => {
                let i = self.index(bill_id)?;
                let class = self.class;
                let b = &mut self.bills[i];
                if b.closed {
                    return Err(Error::request(ErrorCode::OutOfRange, "operation.bill_id", format!("the bill \"{bill_id}\" was written off")));
                }
                // The fee runs on the principal as it was until the adjustment.
                b.accrue(class, *on)?;
                let full = b.components.len() >= super::model::MAX_COMPONENTS;
                match b.components.iter_mut().find(|c| *c.0 == **component) {
                    Some(c) if c.2 + *amount < Decimal::ZERO => {
                        return Err(Error::request(ErrorCode::OutOfRange, "operation.amount", format!("the credit {} is more than the {} still open of \"{component}\"", -*amount, c.2)))
                    }
                    Some(c) => {
                        c.1 += *amount;
                        c.2 += *amount;
                    }
                    None if *amount < Decimal::ZERO => return Err(Error::request(ErrorCode::OutOfRange, "operation.component", format!("the bill has no component \"{component}\" to credit"))),
                    None if full => return Err(Error::request(ErrorCode::OutOfRange, "operation.component", "the bill has as many components as it may")),
                    None => b.components.push((Arc::from(component.as_str()), *amount, *amount)),
                }
            }
        }
        Ok(())
    }

    fn index(&self, bill_id: &str) -> Result<usize> {
        self.by_id.get(bill_id).copied().ok_or_else(|| Error::request(ErrorCode::UnknownReference, "operation.bill_id", format!("no bill \"{bill_id}\" was issued to this account")))
    }

    /// The k-th bill in the policy's order (open or not).
    fn nth(&self, order: BillOrder, k: usize) -> usize {
        match order {
            BillOrder::OldestFirst => self.by_age[k],
            BillOrder::NewestFirst => self.by_age[self.by_age.len() - 1 - k],
        }
    }

    /// Pays one bill from `left`: the late fee as of the day is assessed first, then the
    /// parts in the policy's order.
    #[allow(clippy::too_many_arguments)]
    fn pay_bill(&mut self, i: usize, source: &Arc<str>, at: NaiveDateTime, left: &mut Decimal, why: Reason, policy: &Policy, facts: &mut Vec<Fact>) -> Result<()> {
        let class = self.class;
        let late_fee = &self.late_fee;
        let b = &mut self.bills[i];
        if b.closed || left.is_zero() {
            return Ok(());
        }
        b.accrue(class, at.date())?;
        let assess = (BillState::fee_target(b.fee_raw) - b.fee_assessed).max(Decimal::ZERO);
        if !assess.is_zero() {
            b.fee_assessed += assess;
            b.fee_open += assess;
            facts.push(Fact { kind: EntryKind::LateFee, source: source.clone(), bill: b.id.clone(), component: late_fee.clone(), amount: assess, at, reason: Reason::LateFee });
        }
        let fee_first = policy.late_fee == LateFeeOrder::BeforePrincipal;
        let mut pay = |code: &Arc<str>, open: &mut Decimal, left: &mut Decimal| {
            let take = (*open).min(*left);
            if !take.is_zero() {
                *open -= take;
                *left -= take;
                facts.push(Fact { kind: EntryKind::Allocation, source: source.clone(), bill: b.id.clone(), component: code.clone(), amount: take, at, reason: why });
            }
        };
        if fee_first {
            pay(late_fee, &mut b.fee_open, left);
        }
        // Listed components first, in the policy's order (a code listed twice pays nothing
        // the second time); the others keep the bill's order.
        for p in &policy.components {
            if let Some((code, _, open)) = b.components.iter_mut().find(|c| *c.0 == **p) {
                pay(code, open, left);
            }
        }
        for (code, _, open) in b.components.iter_mut() {
            if !policy.components.iter().any(|p| **p == **code) {
                pay(code, open, left);
            }
        }
        if !fee_first {
            pay(late_fee, &mut b.fee_open, left);
        }
        Ok(())
    }
}
