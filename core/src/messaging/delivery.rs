//! When (and whether) a notice goes out.
//!
//! 1. No consent for the channel and category: suppress. Consent applies to every notice,
//!    service ones included.
//! 2. Service notices (bill, arrears, payment received, points, outage) go now, at any hour.
//! 3. Marketing goes now within its hours (08:00 ≤ t < 21:00 by default), else it is
//!    deferred to the next opening; either way it is suppressed when the customer's
//!    marketing cap for that day (calendar day) or the 7 days before it is reached.
//!
//! All times are the customer's local civil time (`NaiveDateTime`): the caller converts.

use super::model::{Category, Channel};
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::Text;
use chrono::{Days, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// The hours marketing may be sent: from `start` (inclusive) to `end` (exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// First minute marketing may go out (`08:00`).
    pub start: NaiveTime,
    /// First minute it may not (`21:00`).
    pub end: NaiveTime,
}

/// The delivery policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryPolicy {
    /// When marketing may be sent.
    pub marketing_hours: QuietHours,
    /// Marketing messages per customer per calendar day (all channels).
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub marketing_per_day: u32,
    /// Marketing messages per customer in any 7 days.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub marketing_per_week: u32,
}

impl Default for DeliveryPolicy {
    fn default() -> DeliveryPolicy {
        DeliveryPolicy {
            marketing_hours: QuietHours { start: NaiveTime::from_hms_opt(8, 0, 0).expect("a time"), end: NaiveTime::from_hms_opt(21, 0, 0).expect("a time") },
            marketing_per_day: 1,
            marketing_per_week: 3,
        }
    }
}

/// A customer's consent for one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// The channel.
    pub channel: Channel,
    /// Service notices on it.
    pub service: bool,
    /// Marketing on it.
    pub marketing: bool,
}

/// A notice already sent to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sent {
    /// The channel.
    pub channel: Channel,
    /// Service or marketing.
    pub category: Category,
    /// When (local time).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub at: NaiveDateTime,
}

/// Send, defer or suppress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryAction {
    /// Send now.
    SendNow,
    /// Send at `at`.
    Defer,
    /// Do not send.
    Suppress,
}

/// The decision and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// What to do.
    pub action: DeliveryAction,
    /// When to send (now, or the deferred time); none when suppressed.
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub at: Option<NaiveDateTime>,
    /// A stable reason code: `service`, `in_hours`, `quiet_hours`, `no_consent`,
    /// `daily_cap`, `weekly_cap`.
    pub reason: String,
    /// The reason in Chinese and English.
    pub text: Text,
}

fn decide(action: DeliveryAction, at: Option<NaiveDateTime>, reason: &str, zh: String, en: String) -> Delivery {
    Delivery { action, at, reason: reason.to_string(), text: Text::new(zh, en) }
}

/// Plans one notice for one customer: see the module documentation for the rules.
pub fn plan_delivery(policy: &DeliveryPolicy, channel: Channel, category: Category, consent: &[Consent], history: &[Sent], as_of: NaiveDateTime) -> Result<Delivery> {
    let QuietHours { start, end } = policy.marketing_hours;
    if start >= end {
        return Err(Error::new(ErrorKind::Request, ErrorCode::OutOfRange, "policy.marketing_hours", "marketing hours start before they end (08:00–21:00)"));
    }
    let c = consent.iter().find(|c| c.channel == channel);
    let allowed = c.is_some_and(|c| match category {
        Category::Service => c.service,
        Category::Marketing => c.marketing,
    });
    let (zh, en) = match channel {
        Channel::Sms => ("短信", "SMS"),
        Channel::Wechat => ("微信", "WeChat"),
        Channel::Push => ("App 推送", "app push"),
        Channel::Email => ("电子邮件", "e-mail"),
    };
    if !allowed {
        let what = if category == Category::Service { ("服务通知", "service notices") } else { ("营销信息", "marketing") };
        return Ok(decide(DeliveryAction::Suppress, None, "no_consent", format!("客户未同意通过{zh}接收{}", what.0), format!("no consent for {} by {en}", what.1)));
    }
    if category == Category::Service {
        return Ok(decide(DeliveryAction::SendNow, Some(as_of), "service", "服务通知，不受免打扰时段限制".into(), "service notice: quiet hours do not apply".into()));
    }
    // When it can go: now within the hours, else the next opening. Caps are counted for
    // that moment, so a message deferred to tomorrow is not refused for today's sends.
    let time = as_of.time();
    let (send_at, deferred) = if time >= start && time < end {
        (as_of, false)
    } else {
        let day = if time < start { as_of.date() } else { as_of.date().checked_add_days(Days::new(1)).unwrap_or(as_of.date()) };
        (day.and_time(start), true)
    };
    let marketing = || history.iter().filter(|s| s.category == Category::Marketing && s.at <= send_at);
    let today = marketing().filter(|s| s.at.date() == send_at.date()).count() as u32;
    if today >= policy.marketing_per_day {
        return Ok(decide(DeliveryAction::Suppress, None, "daily_cap", format!("当日营销信息已达 {} 条上限", policy.marketing_per_day), format!("daily marketing cap of {} reached", policy.marketing_per_day)));
    }
    let week_start = send_at - chrono::Duration::days(7);
    let week = marketing().filter(|s| s.at > week_start).count() as u32;
    if week >= policy.marketing_per_week {
        return Ok(decide(DeliveryAction::Suppress, None, "weekly_cap", format!("7 日内营销信息已达 {} 条上限", policy.marketing_per_week), format!("marketing cap of {} in 7 days reached", policy.marketing_per_week)));
    }
    if !deferred {
        return Ok(decide(DeliveryAction::SendNow, Some(as_of), "in_hours", "营销时段内".into(), "within marketing hours".into()));
    }
    Ok(decide(
        DeliveryAction::Defer,
        Some(send_at),
        "quiet_hours",
        format!("免打扰时段（{}–次日 {}），顺延至 {}", end.format("%H:%M"), start.format("%H:%M"), send_at.format("%Y-%m-%d %H:%M")),
        format!("quiet hours ({}–{}): deferred to {}", end.format("%H:%M"), start.format("%H:%M"), send_at.format("%Y-%m-%d %H:%M")),
    ))
}
