//! Facts about a customer as of a date — the vocabulary tags and scores are written in.
//!
//! | fact | kind | meaning |
//! | --- | --- | --- |
//! | `tenure_years` | number | whole years since `since` |
//! | `payments_12m` | number | payments in the 365 days ending on as_of |
//! | `late_payments_12m` | number | of which late |
//! | `arrears` | number | unpaid 元 over all accounts |
//! | `annual_kwh` | number | kWh of the last 12 months over all accounts |
//! | `contract_capacity_kva` | number | contract capacity over all accounts |
//! | `complaints_12m` | number | complaints in the 365 days ending on as_of |
//! | `unresolved_complaints_12m` | number | of which unresolved |
//! | `repairs_12m` | number | repair orders in the 365 days ending on as_of |
//! | `e_bill` | yes/no | opted in to e-bills |
//! | `auto_pay` | yes/no | enrolled in automatic payment |
//! | `high_voltage` | yes/no | some account is supplied at high voltage |
//! | `residential` | yes/no | the customer is residential |

use super::{Customer, CustomerClass, EventKind, Outcome, VoltageClass};
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A fact's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// Whole years since `since`.
    TenureYears,
    /// Payments in the last 365 days.
    #[serde(rename = "payments_12m")]
    Payments12m,
    /// Late payments in the last 365 days.
    #[serde(rename = "late_payments_12m")]
    LatePayments12m,
    /// Unpaid 元.
    Arrears,
    /// kWh of the last 12 months.
    AnnualKwh,
    /// Contract capacity, kVA.
    ContractCapacityKva,
    /// Complaints in the last 365 days.
    #[serde(rename = "complaints_12m")]
    Complaints12m,
    /// Unresolved complaints in the last 365 days.
    #[serde(rename = "unresolved_complaints_12m")]
    UnresolvedComplaints12m,
    /// Repair orders in the last 365 days.
    #[serde(rename = "repairs_12m")]
    Repairs12m,
    /// Opted in to e-bills.
    EBill,
    /// Enrolled in automatic payment.
    AutoPay,
    /// Some account is high voltage.
    HighVoltage,
    /// Residential customer.
    Residential,
}

impl Fact {
    /// Whether the fact is yes/no (otherwise a number).
    pub fn is_flag(self) -> bool {
        matches!(self, Fact::EBill | Fact::AutoPay | Fact::HighVoltage | Fact::Residential)
    }

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Fact::TenureYears => "tenure_years",
            Fact::Payments12m => "payments_12m",
            Fact::LatePayments12m => "late_payments_12m",
            Fact::Arrears => "arrears",
            Fact::AnnualKwh => "annual_kwh",
            Fact::ContractCapacityKva => "contract_capacity_kva",
            Fact::Complaints12m => "complaints_12m",
            Fact::UnresolvedComplaints12m => "unresolved_complaints_12m",
            Fact::Repairs12m => "repairs_12m",
            Fact::EBill => "e_bill",
            Fact::AutoPay => "auto_pay",
            Fact::HighVoltage => "high_voltage",
            Fact::Residential => "residential",
        }
    }
}

/// Every fact of one customer as of a date: numbers, and flags as 0 or 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    values: [Decimal; 13],
}

impl Facts {
    /// The facts of `customer` as of `as_of`.
    pub fn of(customer: &Customer, as_of: NaiveDate) -> Facts {
        let year_ago = as_of.checked_sub_days(Days::new(364)).unwrap_or(NaiveDate::MIN);
        let (mut payments, mut late, mut complaints, mut unresolved, mut repairs) = (0u32, 0u32, 0u32, 0u32, 0u32);
        for e in customer.history.iter().filter(|e| e.date >= year_ago && e.date <= as_of) {
            match e.kind {
                EventKind::Payment => {
                    payments += 1;
                    late += u32::from(e.outcome == Some(Outcome::Late));
                }
                EventKind::Complaint => {
                    complaints += 1;
                    unresolved += u32::from(e.outcome == Some(Outcome::Unresolved));
                }
                EventKind::Repair => repairs += 1,
                _ => {}
            }
        }
        let mut tenure = as_of.year() - customer.since.year();
        if (as_of.month(), as_of.day()) < (customer.since.month(), customer.since.day()) {
            tenure -= 1;
        }
        let flag = |b: bool| if b { Decimal::ONE } else { Decimal::ZERO };
        let sum = |f: &dyn Fn(&super::CustomerAccount) -> Decimal| customer.accounts.iter().map(f).sum::<Decimal>();
        Facts {
            values: [
                Decimal::from(tenure.max(0)),
                Decimal::from(payments),
                Decimal::from(late),
                sum(&|a| a.arrears),
                sum(&|a| a.annual_kwh.unwrap_or_default()),
                sum(&|a| a.agreement.as_ref().and_then(|g| g.contract_capacity_kva).unwrap_or_default()),
                Decimal::from(complaints),
                Decimal::from(unresolved),
                Decimal::from(repairs),
                flag(customer.e_bill),
                flag(customer.auto_pay),
                flag(customer.accounts.iter().any(|a| a.voltage == VoltageClass::High)),
                flag(customer.customer_class == CustomerClass::Residential),
            ],
        }
    }

    /// One fact's value (flags are 0 or 1).
    pub fn get(&self, fact: Fact) -> Decimal {
        self.values[fact as usize]
    }
}
