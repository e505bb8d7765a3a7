//! What an account's receivables ledger holds and what changes it: bills as open items,
//! the allocation policy, operations, entries and outcomes — plain data with serde forms.

use crate::base::calendar::BillingMonth;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::{check_decimal, CustomerClass, Text};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The component code a late fee is allocated to (reserved: no bill component may use it).
pub const LATE_FEE: &str = "late_fee";

/// One component of a bill (energy, funds, basic charge, …), in 元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// The component's code (`energy`, `funds`, `basic`, …): what the policy's priority
    /// list names.
    pub code: String,
    /// Its amount (元, at most 2 decimals, 0 or more).
    #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
    pub amount: Decimal,
}

/// A bill as a receivable: what the engine issued (or any bill).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receivable {
    /// The bill's id, unique in the account.
    pub bill_id: String,
    /// The billing month (电费年月): the late fee's year rules count from it.
    pub bill_month: BillingMonth,
    /// The last day on which payment is on time.
    #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
    pub due_date: NaiveDate,
    /// The bill's total (元): the sum of its components.
    #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
    pub amount: Decimal,
    /// The components, each paid in the policy's order. None: one `energy` component of
    /// the whole amount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
}

/// The order in which a payment pays open bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BillOrder {
    /// Oldest arrears first (先陈欠后当期): by due date, then bill month, then issue order.
    #[default]
    OldestFirst,
    /// Newest bill first (some retailers' app payments target the current bill).
    NewestFirst,
}

/// Where a bill's late fee comes in its own payment order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LateFeeOrder {
    /// The late fee before the bill's principal (先违约金后电费; 民法典 art. 561 puts costs
    /// and interest before principal when nothing is agreed). The default.
    #[default]
    BeforePrincipal,
    /// The principal first, then the late fee (先电费后违约金).
    AfterPrincipal,
}

/// How payments are applied: data the utility configures, stored with the ledger so a
/// replay of its entries gives the same allocations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The order of bills.
    #[serde(default)]
    pub order: BillOrder,
    /// Where the late fee comes within a bill.
    #[serde(default)]
    pub late_fee: LateFeeOrder,
    /// A payment of exactly one open bill's amount due (principal and late fee as of the
    /// payment date) pays that bill first, whatever the order.
    #[serde(default)]
    pub exact_match_first: bool,
    /// Component codes in the order they are paid within a bill; components not listed
    /// come after, in the bill's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// What is left of a payment that names a bill once that bill is paid: the other open
    /// bills in order (the default), or the prepaid balance.
    #[serde(default)]
    pub named_bill_rest: NamedBillRest,
}

/// What is left of a payment that names a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NamedBillRest {
    /// The other open bills, in the policy's order, then the prepaid balance.
    #[default]
    OtherBills,
    /// Straight to the prepaid balance.
    Prepaid,
}

crate::base::tagged::tagged_enum! {
/// An operation on an account's ledger. Every operation carries the caller's idempotency
/// key; its time places it in the ledger's order (time, then key), whatever order the
/// operations arrive in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation (tag = "op") {
    /// A bill becomes an open item (at 00:00 of the issue day); a prepaid balance pays it
    /// first in first out.
    Issue = "issue" {
        /// Idempotency key.
        key: String,
        /// The issue day.
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        issued_on: NaiveDate,
        /// The bill.
        bill: Receivable,
    },
    /// A payment through a channel, allocated by the policy.
    Pay = "pay" {
        /// Idempotency key (the caller's payment id).
        key: String,
        /// The channel (counter, bank, app, wechat, alipay, …).
        channel: String,
        /// The channel's transaction number: what settlement files are matched by.
        txn_no: String,
        /// The amount (元, above 0).
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        amount: Decimal,
        /// When it was paid; its day is the late fee's day.
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        paid_at: NaiveDateTime,
        /// A bill the payer named (pays it first).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bill_id: Option<String>,
    },
    /// A reversal (冲正: a same-day cancellation, a bounced payment): the payment is undone
    /// as if it had never been made, and what came after is re-allocated.
    Reverse = "reverse" {
        /// Idempotency key.
        key: String,
        /// The payment's key.
        payment_key: String,
        /// When.
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        at: NaiveDateTime,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A refund (退费) of prepaid money: from one payment's unapplied rest, or first in first out.
    Refund = "refund" {
        /// Idempotency key.
        key: String,
        /// The amount (元, above 0), at most what is refundable.
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        amount: Decimal,
        /// When.
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        at: NaiveDateTime,
        /// The channel the money goes back through.
        channel: String,
        /// The channel's refund number.
        txn_no: String,
        /// Refund this payment's unapplied rest (an overpayment); none: the prepaid balance,
        /// first in first out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payment_key: Option<String>,
    },
    /// Write off what is left of a bill (核销: bad debt), late fee included.
    WriteOff = "write_off" {
        /// Idempotency key.
        key: String,
        /// The day (at 00:00).
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        on: NaiveDate,
        /// The bill.
        bill_id: String,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// An adjustment (退补) of one component of a bill: a debit (above 0) or a credit
    /// (below 0, at most what is open of the component).
    Adjust = "adjust" {
        /// Idempotency key.
        key: String,
        /// The day (at 00:00).
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        on: NaiveDate,
        /// The bill.
        bill_id: String,
        /// The component (a new code adds a component).
        component: String,
        /// The signed amount (元).
        #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
        amount: Decimal,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}
}

impl Operation {
    /// An operation from JSON (`{"op": "pay", …}`); errors name the field.
    pub fn from_json(json: &str) -> Result<Operation> {
        crate::base::error::parse_json(ErrorKind::Request, "operation", json)
    }

    /// An operation from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<Operation> {
        crate::base::error::from_value(ErrorKind::Request, "operation", value)
    }

    /// The operation as canonical JSON text (how an entry stores it).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an operation always serializes")
    }

    /// The idempotency key.
    pub fn key(&self) -> &str {
        match self {
            Operation::Issue { key, .. } | Operation::Pay { key, .. } | Operation::Reverse { key, .. } | Operation::Refund { key, .. } | Operation::WriteOff { key, .. } | Operation::Adjust { key, .. } => key,
        }
    }

    /// Where the operation stands in time (dated operations at 00:00 of their day).
    pub fn at(&self) -> NaiveDateTime {
        match self {
            Operation::Issue { issued_on: d, .. } | Operation::WriteOff { on: d, .. } | Operation::Adjust { on: d, .. } => d.and_time(chrono::NaiveTime::MIN),
            Operation::Pay { paid_at: t, .. } | Operation::Reverse { at: t, .. } | Operation::Refund { at: t, .. } => *t,
        }
    }

    /// The operation's name (`pay`, `reverse`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Issue { .. } => "issue",
            Operation::Pay { .. } => "pay",
            Operation::Reverse { .. } => "reverse",
            Operation::Refund { .. } => "refund",
            Operation::WriteOff { .. } => "write_off",
            Operation::Adjust { .. } => "adjust",
        }
    }

    /// Checks the operation's own fields (what needs no ledger) and writes its amounts
    /// with two decimals, so that "100" and "100.00" are the same payment.
    pub(crate) fn checked(mut self) -> Result<Operation> {
        let money = |v: &mut Decimal, path: &str, signed: bool| -> Result<()> {
            let magnitude = v.abs();
            check_decimal(ErrorKind::Request, magnitude, 2, "the amount", || format!("operation.{path}"))?;
            if !signed && v.is_sign_negative() && !v.is_zero() {
                return Err(Error::request(ErrorCode::Negative, format!("operation.{path}"), format!("the amount {v} is negative; it must be above 0")));
            }
            v.rescale(2);
            Ok(())
        };
        check_id(self.key(), "operation.key", "an idempotency key")?;
        match &mut self {
            Operation::Issue { bill, .. } => {
                check_id(&bill.bill_id, "operation.bill.bill_id", "a bill id")?;
                money(&mut bill.amount, "bill.amount", false)?;
                if bill.components.is_empty() {
                    bill.components.push(Component { code: "energy".into(), amount: bill.amount });
                }
                if bill.components.len() > MAX_COMPONENTS {
                    return Err(Error::request(ErrorCode::OutOfRange, "operation.bill.components", format!("a bill has at most {MAX_COMPONENTS} components")));
                }
                let mut sum = Decimal::ZERO;
                for (i, c) in bill.components.iter_mut().enumerate() {
                    let path = format!("bill.components[{i}]");
                    check_component(&c.code, &format!("operation.{path}.code"))?;
                    money(&mut c.amount, &format!("{path}.amount"), false)?;
                    sum += c.amount;
                }
                for (i, c) in bill.components.iter().enumerate() {
                    if bill.components[..i].iter().any(|o| o.code == c.code) {
                        return Err(Error::request(ErrorCode::Duplicate, format!("operation.bill.components[{i}].code"), format!("the component \"{}\" is listed twice", c.code)));
                    }
                }
                if sum != bill.amount {
                    return Err(Error::request(ErrorCode::InvalidField, "operation.bill.amount", format!("the bill's amount {} is not the sum of its components, {sum}", bill.amount)));
                }
            }
            Operation::Pay { amount, channel, txn_no, bill_id, .. } => {
                check_id(channel, "operation.channel", "a channel")?;
                check_id(txn_no, "operation.txn_no", "a transaction number")?;
                if let Some(b) = bill_id {
                    check_id(b, "operation.bill_id", "a bill id")?;
                }
                money(amount, "amount", false)?;
                positive(*amount, "operation.amount")?;
            }
            Operation::Reverse { payment_key, reason, .. } => {
                check_id(payment_key, "operation.payment_key", "a payment key")?;
                check_reason(reason)?;
            }
            Operation::Refund { amount, channel, txn_no, payment_key, .. } => {
                check_id(channel, "operation.channel", "a channel")?;
                check_id(txn_no, "operation.txn_no", "a refund number")?;
                if let Some(p) = payment_key {
                    check_id(p, "operation.payment_key", "a payment key")?;
                }
                money(amount, "amount", false)?;
                positive(*amount, "operation.amount")?;
            }
            Operation::WriteOff { bill_id, reason, .. } => {
                check_id(bill_id, "operation.bill_id", "a bill id")?;
                check_reason(reason)?;
            }
            Operation::Adjust { bill_id, component, amount, reason, .. } => {
                check_id(bill_id, "operation.bill_id", "a bill id")?;
                check_component(component, "operation.component")?;
                money(amount, "amount", true)?;
                if amount.is_zero() {
                    return Err(Error::request(ErrorCode::OutOfRange, "operation.amount", "an adjustment of 0 changes nothing"));
                }
                check_reason(reason)?;
            }
        }
        Ok(self)
    }
}

/// The most components a bill may have.
pub const MAX_COMPONENTS: usize = 32;

fn positive(v: Decimal, path: &str) -> Result<()> {
    if v.is_zero() {
        return Err(Error::request(ErrorCode::OutOfRange, path, "the amount is 0; it must be above 0"));
    }
    Ok(())
}

fn check_reason(reason: &Option<String>) -> Result<()> {
    match reason {
        Some(r) if r.chars().count() > 500 => Err(Error::request(ErrorCode::TooLong, "operation.reason", "a reason has at most 500 characters")),
        _ => Ok(()),
    }
}

fn check_component(code: &str, path: &str) -> Result<()> {
    check_id(code, path, "a component code")?;
    if code == LATE_FEE {
        return Err(Error::request(ErrorCode::InvalidField, path, "\"late_fee\" is the late fee's own code; a bill component needs another"));
    }
    Ok(())
}

/// Ids, keys, channels and numbers: not blank, at most 128 characters, no control characters.
pub(crate) fn check_id(id: &str, path: &str, what: &str) -> Result<()> {
    // ASCII (the usual id) is checked by bytes; other text by characters. ASCII's white
    // space is what `char::is_whitespace` says of those bytes (tab to CR, space).
    let ascii = id.is_ascii();
    let blank = if ascii { id.bytes().all(|b| b == b' ' || (b'\t'..=b'\r').contains(&b)) } else { id.trim().is_empty() };
    if blank {
        return Err(Error::request(ErrorCode::Empty, path, format!("{what} is needed: this one is empty")));
    }
    let bad = if ascii { id.len() > 128 || id.bytes().any(|b| b < 0x20 || b == 0x7f) } else { id.chars().count() > 128 || id.chars().any(char::is_control) };
    if bad {
        return Err(Error::request(ErrorCode::InvalidField, path, format!("{what} has at most 128 characters and no control characters")));
    }
    Ok(())
}

/// What an entry records. Balances are sums: the amount due is bills issued + adjustments
/// + late fees − allocations − write-offs; the unapplied (prepaid) money is payments −
/// reversals − refunds − allocations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A bill became an open item (its total; one entry per bill).
    BillIssued,
    /// Money received.
    Payment,
    /// Money applied to a bill's component (or its late fee); negative when re-allocation
    /// takes it back.
    Allocation,
    /// A late fee assessed on a bill as of a payment's day.
    LateFee,
    /// Money paid back out of the unapplied balance.
    Refund,
    /// A payment undone (its amount, negative).
    Reversal,
    /// What was left of a bill written off.
    WriteOff,
    /// A bill component's debit or credit.
    Adjustment,
}

/// Why an entry was written: one of the engine's own explanations, read and written as
/// its text in Chinese and English (`{"zh": …, "en": …}`). One byte in memory, so a
/// ledger of millions of entries does not carry millions of copies of the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// A payment that names the bill; late fee first.
    NamedFeeFirst,
    /// A payment that names the bill; principal first.
    NamedFeeAfter,
    /// The amount equals the bill's amount due; late fee first.
    ExactFeeFirst,
    /// The amount equals the bill's amount due; principal first.
    ExactFeeAfter,
    /// Oldest arrears first; late fee first.
    OldestFeeFirst,
    /// Oldest arrears first; principal first.
    OldestFeeAfter,
    /// Newest bill first; late fee first.
    NewestFeeFirst,
    /// Newest bill first; principal first.
    NewestFeeAfter,
    /// Prepaid money, first in first out, pays a new bill.
    Prepaid,
    /// A late fee assessed as of the payment day.
    LateFee,
    /// Written off as bad debt.
    WriteOff,
    /// Taken back to be allocated again.
    Reallocated,
    /// A payment undone.
    Reversal,
    /// Prepaid money paid back.
    Refund,
}

impl Reason {
    /// Every reason.
    pub const ALL: [Reason; 14] = [
        Reason::NamedFeeFirst, Reason::NamedFeeAfter, Reason::ExactFeeFirst, Reason::ExactFeeAfter, Reason::OldestFeeFirst, Reason::OldestFeeAfter, Reason::NewestFeeFirst,
        Reason::NewestFeeAfter, Reason::Prepaid, Reason::LateFee, Reason::WriteOff, Reason::Reallocated, Reason::Reversal, Reason::Refund,
    ];

    /// The explanation in Chinese and English.
    pub fn text(self) -> Text {
        let (zh, en) = match self {
            Reason::NamedFeeFirst => ("缴费指定此账单；违约金在前（民法典第五百六十一条）", "the payment names this bill; late fee before principal (Civil Code art. 561)"),
            Reason::NamedFeeAfter => ("缴费指定此账单；先电费后违约金", "the payment names this bill; principal before late fee"),
            Reason::ExactFeeFirst => ("金额与此账单应缴相等，先销此单；违约金在前（民法典第五百六十一条）", "the amount equals this bill's amount due: this bill first; late fee before principal (Civil Code art. 561)"),
            Reason::ExactFeeAfter => ("金额与此账单应缴相等，先销此单；先电费后违约金", "the amount equals this bill's amount due: this bill first; principal before late fee"),
            Reason::OldestFeeFirst => ("先陈欠后当期：此账单最早到期；违约金在前（民法典第五百六十一条）", "oldest arrears first: this bill fell due earliest; late fee before principal (Civil Code art. 561)"),
            Reason::OldestFeeAfter => ("先陈欠后当期：此账单最早到期；先电费后违约金", "oldest arrears first: this bill fell due earliest; principal before late fee"),
            Reason::NewestFeeFirst => ("先当期：此账单最新；违约金在前（民法典第五百六十一条）", "newest bill first; late fee before principal (Civil Code art. 561)"),
            Reason::NewestFeeAfter => ("先当期：此账单最新；先电费后违约金", "newest bill first; principal before late fee"),
            Reason::Prepaid => ("预存电费先进先出，抵扣新出账单", "prepaid balance, first in first out, pays the new bill"),
            Reason::LateFee => ("按缴费当日计算的电费违约金（《供电营业规则》）", "late fee as of the payment day (供电营业规则)"),
            Reason::WriteOff => ("核销：余额转为坏账", "written off as bad debt"),
            Reason::Reallocated => ("重新分配：较早的缴费后到或缴费被冲正", "re-allocated: an earlier payment arrived late or a payment was reversed"),
            Reason::Reversal => ("冲正：缴费撤销，视同未缴", "reversal: the payment is undone as if never made"),
            Reason::Refund => ("退费：退还未抵扣的预存电费", "refund of unapplied (prepaid) money"),
        };
        Text::new(zh, en)
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.text().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Reason, D::Error> {
        let text = Text::deserialize(d)?;
        Reason::ALL.into_iter().find(|r| r.text() == text).ok_or_else(|| serde::de::Error::custom("not an explanation this engine writes"))
    }
}

/// One ledger entry: one row of an append-only table. Its texts are shared (`Arc<str>`):
/// a payment's key, a bill's id and a component's code are one allocation each however
/// many entries name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Position in the ledger, from 1.
    pub seq: u64,
    /// The key of the operation that wrote it.
    pub key: Arc<str>,
    /// What it records.
    pub kind: EntryKind,
    /// The signed amount (元, 2 decimals) by which it moves its balance.
    #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
    pub amount: Decimal,
    /// The business time it counts at (the operation's time, or the payment's for an
    /// allocation re-made by a later operation).
    #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
    pub at: NaiveDateTime,
    /// The bill it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_id: Option<Arc<str>>,
    /// The bill component (`late_fee` for the late fee).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<Arc<str>>,
    /// Whose money or which operation it belongs to: the payment for payments,
    /// allocations, late fees assessed, reversals and named refunds; the write-off for
    /// what it wrote off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Arc<str>>,
    /// Why, in Chinese and English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// On the first entry of an operation: the operation (how a retried key is
    /// recognised, and what a replay re-applies), shared with the ledger's own list. Its
    /// stored form is the operation's canonical JSON text ([`Operation::to_json`]).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "operation_text")]
    pub operation: Option<Arc<Operation>>,
}

/// An entry's operation stored as its canonical JSON text: one column of one row, as the
/// ledger has always been stored. Only the stored form pays for the text; the ledger
/// compares operations as values.
mod operation_text {
    use super::Operation;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(op: &Option<Arc<Operation>>, s: S) -> Result<S::Ok, S::Error> {
        match op {
            Some(op) => s.serialize_str(&op.to_json()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<Operation>>, D::Error> {
        let Some(text) = Option::<std::borrow::Cow<'de, str>>::deserialize(d)? else { return Ok(None) };
        match Operation::from_json(&text) {
            Ok(op) => Ok(Some(Arc::new(op))),
            Err(e) if e.path.is_empty() => Err(serde::de::Error::custom(format!("not an operation: {}", e.reason))),
            Err(e) => Err(serde::de::Error::custom(format!("not an operation: {}: {}", e.path, e.reason))),
        }
    }
}

/// What an operation did: a view of the entries it wrote (the first time), so nothing is
/// copied, and the balances after. [`Outcome::to_record`] gives an owned copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outcome<'a> {
    /// The operation's key.
    pub key: &'a str,
    /// True when the key had been applied before: nothing was written this time, and
    /// `entries` are those the first time wrote.
    pub replayed: bool,
    /// The entries written.
    pub entries: &'a [Entry],
    /// The amount due after (principal and assessed late fees, 元); on a replay, as the
    /// first time left it.
    pub amount_due: Decimal,
    /// The unapplied (prepaid) balance after; on a replay, as the first time left it.
    pub prepaid: Decimal,
}

impl Outcome<'_> {
    /// An owned copy (for a binding, or to queue the entries for storage).
    pub fn to_record(&self) -> OutcomeRecord {
        OutcomeRecord { key: self.key.to_string(), replayed: self.replayed, entries: self.entries.to_vec(), amount_due: self.amount_due, prepaid: self.prepaid }
    }
}

/// An [`Outcome`] that owns its entries; the same JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    /// The operation's key.
    pub key: String,
    /// True when the key had been applied before and nothing was written.
    pub replayed: bool,
    /// The entries written (the first time).
    pub entries: Vec<Entry>,
    /// The amount due after.
    #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
    pub amount_due: Decimal,
    /// The unapplied (prepaid) balance after.
    #[serde(deserialize_with = "crate::base::strict::de", serialize_with = "crate::base::strict::ser")]
    pub prepaid: Decimal,
}

/// An account's receivables settings: whose, which late-fee class, which policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSetup {
    /// The account (户号).
    pub account_id: String,
    /// The customer class the late fee's rates follow.
    pub customer_class: CustomerClass,
    /// How payments are applied.
    #[serde(default)]
    pub policy: Policy,
}

impl AccountSetup {
    /// A setup from JSON text; errors name the field (`policy.order`).
    pub fn from_json(json: &str) -> Result<AccountSetup> {
        crate::base::error::parse_json(ErrorKind::Request, "", json)
    }

    /// A setup from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<AccountSetup> {
        crate::base::error::from_value(ErrorKind::Request, "", value)
    }

    /// Checks the setup (`account_id` as an id; the policy's codes).
    pub(crate) fn check(&self, root: &str) -> Result<()> {
        check_id(&self.account_id, &format!("{root}account_id"), "an account id")?;
        if self.policy.components.len() > MAX_COMPONENTS {
            return Err(Error::request(ErrorCode::OutOfRange, format!("{root}policy.components"), format!("at most {MAX_COMPONENTS} components")));
        }
        for (i, c) in self.policy.components.iter().enumerate() {
            check_component(c, &format!("{root}policy.components[{i}]"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::check_id;

    /// The check as characters see it (what the byte pass must agree with).
    fn by_chars(id: &str) -> Option<&'static str> {
        if id.trim().is_empty() {
            Some("empty")
        } else if id.chars().count() > 128 || id.chars().any(char::is_control) {
            Some("invalid_field")
        } else {
            None
        }
    }

    proptest::proptest! {
        #[test]
        fn ids_are_checked_as_characters_see_them(id in "[ \\t\\n\\x0b\\x0c\\r\\x00-\\x1f\\x7fa-z0-9é\\u{3000}]{0,130}") {
            let got = check_id(&id, "p", "an id").err().map(|e| e.code.as_str());
            proptest::prop_assert_eq!(got, by_chars(&id));
        }
    }
}
