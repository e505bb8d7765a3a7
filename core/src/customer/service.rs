//! Freshness confirmations and mood.

use super::config::MoodLevel;
use super::{Customer, CustomerConfig, EventKind, Outcome, VoltageClass};
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::Text;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Why something must be confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmationReason {
    /// Never confirmed.
    NeverConfirmed,
    /// The last confirmation is older than the group's validity.
    Stale,
    /// Low-voltage accounts confirm the account name at this business.
    LowVoltageAccountName,
    /// Accounts in a centralised meter box update contact details at this business.
    CentralisedMeterBoxContact,
}

/// One thing to confirm with the customer now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    /// The attribute group (`contact`, `identity`, …, or `account_name`).
    pub group: String,
    /// Why.
    pub reason: ConfirmationReason,
    /// The account concerned, for account-level rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// When it was last confirmed.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub last_confirmed: Option<NaiveDate>,
    /// The first day a new confirmation was due.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    /// The reason in Chinese and English, for the clerk's screen.
    pub text: Text,
}

/// When a group was last confirmed: the customer's record for it, or for `contact`
/// without one, the oldest confirmation among the contacts.
fn last_confirmed(customer: &Customer, group: &str) -> Option<NaiveDate> {
    customer.confirmations.get(group).copied().or_else(|| if group == "contact" { customer.contacts.iter().map(|c| c.confirmed_on).min() } else { None })
}

/// What must be confirmed when `customer` comes for `business` on `as_of`, and why.
///
/// A group confirmed on day D with a validity of N days is valid through D + N − 1 and
/// due from D + N: exact at day boundaries, no clock read.
pub fn confirmations_required(config: &CustomerConfig, customer: &Customer, business: &str, as_of: NaiveDate) -> Result<Vec<Confirmation>> {
    let policy = &config.spec().freshness;
    let b = policy
        .businesses
        .iter()
        .find(|b| b.business == business)
        .ok_or_else(|| Error::new(ErrorKind::Request, ErrorCode::InvalidField, "business", format!("business `{business}` is not configured")))?;
    let mut out = Vec::new();
    for code in &b.groups {
        let g = policy.groups.iter().find(|g| &g.group == code).expect("validated: businesses name configured groups");
        let last = last_confirmed(customer, code);
        match last {
            None => out.push(Confirmation {
                group: code.clone(),
                reason: ConfirmationReason::NeverConfirmed,
                account_id: None,
                last_confirmed: None,
                due_on: None,
                text: Text::new(format!("{}从未核对, 请核对", g.name.zh), format!("{} has never been confirmed; confirm it", g.name.en)),
            }),
            Some(d) => {
                let due = d.checked_add_days(Days::new(u64::from(g.validity_days))).unwrap_or(NaiveDate::MAX);
                if as_of >= due {
                    out.push(Confirmation {
                        group: code.clone(),
                        reason: ConfirmationReason::Stale,
                        account_id: None,
                        last_confirmed: Some(d),
                        due_on: Some(due),
                        text: Text::new(
                            format!("{}于 {d} 核对, 有效期 {} 天, 自 {due} 起需重新核对", g.name.zh, g.validity_days),
                            format!("{} confirmed on {d}, valid {} days: due again from {due}", g.name.en, g.validity_days),
                        ),
                    });
                }
            }
        }
    }
    for a in &customer.accounts {
        if b.low_voltage_account_name && a.voltage == VoltageClass::Low {
            out.push(Confirmation {
                group: "account_name".into(),
                reason: ConfirmationReason::LowVoltageAccountName,
                account_id: Some(a.account_id.clone()),
                last_confirmed: None,
                due_on: None,
                text: Text::new(
                    format!("低压户 {} 办理{}须核对户名「{}」", a.account_id, b.name.zh, a.account_name),
                    format!("low-voltage account {}: confirm the account name at {}", a.account_id, b.name.en),
                ),
            });
        }
        if b.centralised_meter_box_contact && a.centralised_meter_box {
            out.push(Confirmation {
                group: "contact".into(),
                reason: ConfirmationReason::CentralisedMeterBoxContact,
                account_id: Some(a.account_id.clone()),
                last_confirmed: last_confirmed(customer, "contact"),
                due_on: None,
                text: Text::new(
                    format!("集中装表户 {} 办理{}须更新联系信息", a.account_id, b.name.zh),
                    format!("account {} in a centralised meter box: update the contact details at {}", a.account_id, b.name.en),
                ),
            });
        }
    }
    Ok(out)
}

/// An event that counted towards a mood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoodEvent {
    /// Its position in the customer's history.
    pub index: u32,
    /// When.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub date: NaiveDate,
    /// What.
    pub kind: EventKind,
    /// How it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Points it added.
    pub points: i32,
}

/// A customer's mood (情绪) and the events that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mood {
    /// Happy, neutral or unhappy.
    pub level: MoodLevel,
    /// Sum of the events' points.
    pub points: i32,
    /// First day counted.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub from: NaiveDate,
    /// Last day counted (as_of).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub to: NaiveDate,
    /// The events that scored, oldest first.
    pub events: Vec<MoodEvent>,
    /// The level explained.
    pub text: Text,
}

/// The mood from service events in the configured window ending on `as_of` (included).
pub fn mood(config: &CustomerConfig, customer: &Customer, as_of: NaiveDate) -> Result<Mood> {
    let rules = config.spec().mood.as_ref().ok_or_else(|| Error::new(ErrorKind::Request, ErrorCode::InvalidField, "config.mood", "no mood rules are configured"))?;
    let from = as_of.checked_sub_days(Days::new(u64::from(rules.window_days) - 1)).unwrap_or(NaiveDate::MIN);
    let mut events: Vec<MoodEvent> = customer
        .history
        .iter()
        .enumerate()
        .filter(|(_, e)| e.date >= from && e.date <= as_of)
        .filter_map(|(i, e)| {
            rules
                .rules
                .iter()
                .find(|r| r.kind == e.kind && r.outcome.map_or(true, |o| Some(o) == e.outcome))
                .map(|r| MoodEvent { index: i as u32, date: e.date, kind: e.kind, outcome: e.outcome, points: r.points })
        })
        .filter(|e| e.points != 0)
        .collect();
    events.sort_by_key(|e| (e.date, e.index));
    let points: i32 = events.iter().map(|e| e.points).sum();
    let level = rules.levels.iter().find(|l| points >= l.min_points).map_or(MoodLevel::Happy, |l| l.level);
    let (zh, en) = match level {
        MoodLevel::Happy => ("满意", "happy"),
        MoodLevel::Neutral => ("一般", "neutral"),
        MoodLevel::Unhappy => ("不满", "unhappy"),
    };
    let text = Text::new(
        format!("{from} 至 {as_of} 共 {} 项服务事件计 {points} 分: {zh}", events.len()),
        format!("{} service events from {from} to {as_of} score {points}: {en}", events.len()),
    );
    Ok(Mood { level, points, from, to: as_of, events, text })
}
