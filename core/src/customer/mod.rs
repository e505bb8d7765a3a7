//! The customer information model (客户信息模型): one customer with its accounts, usage
//! points, agreements, contacts and service history, and what the counter, the call
//! centre, repair crews and analysts ask of it.
//!
//! Names follow IEC CIM where they fit: [`Customer`], [`CustomerAccount`] (户号),
//! [`CustomerAgreement`] (contract: capacity, demand, tariff), [`UsagePoint`] (service
//! point and meter). Configuration — the attribute catalog, role views, freshness rules,
//! mood rules — is data in a [`CustomerConfig`] document, validated with paths.
//!
//! * [`view`]: the attributes a role sees, masked as the role requires.
//! * [`search_attributes`]: find attributes by meaning (Chinese, synonyms, pinyin
//!   initials, English).
//! * [`confirmations_required`]: what must be confirmed now for a business, and why.
//! * [`mood`]: a mood level from recent complaints, repairs and praise, with its causes.
//! * [`evaluate_tags`], [`transition_tag`]: tags as versioned rules over [`Facts`] with a
//!   lifecycle; [`score`]: weighted, explained value and credit scores; [`profiles`]: both
//!   for a batch; [`segment`]: k-means segments with readable centres.
//! * [`merge`] and [`unmerge`]: two records of one person, explicitly and reversibly.
//!
//! Customer and configuration errors are of kind `request`, with paths rooted at
//! `customer` or `config`.

mod config;
mod facts;
mod merge;
mod segment;
mod service;
mod tags;
mod view;

pub use facts::{Fact, Facts};
pub use merge::{merge, unmerge, Conflict, Merge};
pub use segment::{segment, Assignment, Segment, Segmentation};
pub use tags::{evaluate_tags, profiles, score, transition_tag, Condition, Contribution, Factor, FactValue, Grade, Profile, ProfileScore, Score, ScoreModel, TagDefinition, TagResult, TagState};

pub use config::{
    AttributeDef, Business, CustomerConfig, CustomerConfigSpec, FreshnessGroup, FreshnessPolicy, MoodLevel, MoodLevelRule, MoodRule, MoodRules, RoleAttribute, RoleView,
};
pub use service::{confirmations_required, mood, Confirmation, ConfirmationReason, Mood, MoodEvent};
pub use view::{search_attributes, view, AttributeMatch, MatchKind, View, ViewField};

use crate::base::error::{parse_json, Error, ErrorCode, ErrorKind, Result};
use crate::base::check_decimal;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Residential or not (the late-fee class too).
pub use crate::base::{mask, CustomerClass, Mask, Op};

/// A customer (CIM `Customer`): a person or organisation with one or more accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Stable identifier (客户编号).
    pub customer_id: String,
    /// Name of the person or organisation.
    pub name: String,
    /// Residential or not.
    pub customer_class: CustomerClass,
    /// Identity document number (证件号码), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// Customer since (tenure starts).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub since: NaiveDate,
    /// Accounts (户号).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<CustomerAccount>,
    /// Contacts; the one with `for_notices` receives SMS notices (one source, no copies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// When each attribute group was last confirmed with the customer.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confirmations: BTreeMap<String, NaiveDate>,
    /// Service history: contacts, complaints, repairs, payments, praise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ServiceEvent>,
    /// Opted in to e-bills.
    #[serde(default)]
    pub e_bill: bool,
    /// Enrolled in automatic payment.
    #[serde(default)]
    pub auto_pay: bool,
}

/// Voltage class of an account's supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoltageClass {
    /// 低压 (below 1 kV).
    Low,
    /// 高压.
    High,
}

/// An account (CIM `CustomerAccount`, 户号) with its supply and agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerAccount {
    /// 户号.
    pub account_id: String,
    /// 户名: the name the account is registered under.
    pub account_name: String,
    /// Voltage class.
    pub voltage: VoltageClass,
    /// Metered in a centralised meter box (集中装表).
    #[serde(default)]
    pub centralised_meter_box: bool,
    /// Service address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Service points and meters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub usage_points: Vec<UsagePoint>,
    /// The supply contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<CustomerAgreement>,
    /// Unpaid amount (元).
    #[serde(deserialize_with = "crate::base::strict::de", default)]
    pub arrears: Decimal,
    /// kWh used in the last 12 months.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub annual_kwh: Option<Decimal>,
}

/// A service point and its meter (CIM `UsagePoint`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsagePoint {
    /// Identifier.
    pub usage_point_id: String,
    /// The meter installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter_id: Option<String>,
}

/// The supply contract (CIM `CustomerAgreement`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerAgreement {
    /// The tariff billed.
    pub tariff_id: String,
    /// 合同容量, kVA.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub contract_capacity_kva: Option<Decimal>,
    /// 运行容量, kVA.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub operating_capacity_kva: Option<Decimal>,
    /// 合同最大需量, kW.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub contract_demand_kw: Option<Decimal>,
}

/// How a customer can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// Mobile number.
    Mobile,
    /// Landline.
    Phone,
    /// E-mail.
    Email,
    /// WeChat.
    Wechat,
}

/// A contact with where it came from and when it was last confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Kind.
    pub kind: ContactKind,
    /// The number or address.
    pub value: String,
    /// The system or channel it came from (营业厅, 95598, app, …).
    pub source: String,
    /// Last confirmed with the customer.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub confirmed_on: NaiveDate,
    /// The contact notices go to (at most one mobile).
    #[serde(default)]
    pub for_notices: bool,
}

/// Kinds of service event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A contact (enquiry) through any channel.
    Contact,
    /// A complaint (投诉).
    Complaint,
    /// A repair order (抢修).
    Repair,
    /// A payment.
    Payment,
    /// Praise (表扬).
    Praise,
}

/// How an event ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Resolved to the customer's satisfaction.
    Resolved,
    /// Still open or resolved against the customer's wish.
    Unresolved,
    /// A payment made by its due date.
    OnTime,
    /// A payment made after its due date.
    Late,
}

/// One event of the service history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEvent {
    /// The day it happened.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub date: NaiveDate,
    /// What it was.
    pub kind: EventKind,
    /// How it ended, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Amount paid, for payments.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn bad(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Request, code, path, reason)
}

impl Customer {
    /// Parses and validates a customer from JSON text; paths start at `customer`.
    pub fn from_json(json: &str) -> Result<Customer> {
        let c: Customer = parse_json(ErrorKind::Request, "customer", json)?;
        c.validate()?;
        Ok(c)
    }

    /// Validates a customer from a JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Customer> {
        let c: Customer = crate::base::error::from_value(ErrorKind::Request, "customer", value)?;
        c.validate()?;
        Ok(c)
    }

    /// The customer as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a customer always serializes")
    }

    /// Checks what serde cannot: identifiers present and unique, one notice contact,
    /// amounts non-negative with at most 2 decimals.
    pub fn validate(&self) -> Result<()> {
        if self.customer_id.trim().is_empty() {
            return Err(bad(ErrorCode::Empty, "customer.customer_id", "a customer needs a customer_id"));
        }
        for (i, a) in self.accounts.iter().enumerate() {
            let p = |f: &str| format!("customer.accounts[{i}].{f}");
            if a.account_id.trim().is_empty() {
                return Err(bad(ErrorCode::Empty, p("account_id"), "an account needs an account_id"));
            }
            if self.accounts[..i].iter().any(|b| b.account_id == a.account_id) {
                return Err(bad(ErrorCode::Duplicate, p("account_id"), format!("account {} is listed twice", a.account_id)));
            }
            check_decimal(ErrorKind::Request, a.arrears, 2, "arrears", || p("arrears"))?;
            if let Some(kwh) = a.annual_kwh {
                check_decimal(ErrorKind::Request, kwh, 4, "annual kWh", || p("annual_kwh"))?;
            }
            if let Some(ag) = &a.agreement {
                for (v, f) in [(ag.contract_capacity_kva, "contract_capacity_kva"), (ag.operating_capacity_kva, "operating_capacity_kva"), (ag.contract_demand_kw, "contract_demand_kw")] {
                    if let Some(v) = v {
                        check_decimal(ErrorKind::Request, v, 4, f, || p(&format!("agreement.{f}")))?;
                    }
                }
            }
        }
        let mut notices = None;
        for (i, c) in self.contacts.iter().enumerate() {
            if c.value.trim().is_empty() {
                return Err(bad(ErrorCode::Empty, format!("customer.contacts[{i}].value"), "a contact needs a value"));
            }
            if c.for_notices {
                if c.kind != ContactKind::Mobile {
                    return Err(bad(ErrorCode::InvalidField, format!("customer.contacts[{i}].for_notices"), "notices go to a mobile number"));
                }
                if let Some(j) = notices {
                    return Err(bad(
                        ErrorCode::Duplicate,
                        format!("customer.contacts[{i}].for_notices"),
                        format!("contacts[{j}] already receives notices: one number, one source"),
                    ));
                }
                notices = Some(i);
            }
        }
        for (i, e) in self.history.iter().enumerate() {
            if let Some(a) = e.amount {
                check_decimal(ErrorKind::Request, a, 2, "amount", || format!("customer.history[{i}].amount"))?;
            }
        }
        Ok(())
    }

    /// The mobile number notices go to, if any.
    pub fn notice_contact(&self) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.for_notices)
    }
}
