//! What a notice is made of: channels, locales, typed variables, each channel's content
//! (the template side) and each channel's rendered message (the notice side), as plain data.

use crate::base::Text;
use serde::{Deserialize, Serialize};

/// Where a notice goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Text message, with the registered signature.
    Sms,
    /// WeChat template message (typed fields).
    Wechat,
    /// App push notification.
    Push,
    /// E-mail (HTML body).
    Email,
}

impl Channel {
    /// The channel's name in the JSON format (`sms`, `wechat`, `push`, `email`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Wechat => "wechat",
            Channel::Push => "push",
            Channel::Email => "email",
        }
    }
}

/// Service notices (bill, arrears, payment, points, outage) or marketing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Bypasses quiet hours and caps, not consent.
    Service,
    /// Only 08:00–21:00, capped, with an opt-out phrase on SMS.
    Marketing,
}

/// The notice's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Locale {
    /// 简体中文.
    #[serde(rename = "zh-CN", alias = "zh")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// The locale's tag (`zh-CN`, `en`).
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

/// A variable's type: how its value is checked, formatted and masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VarType {
    /// Text, at most `max_len` characters.
    Text,
    /// An amount in 元 (a decimal with at most 2 decimals), formatted per locale.
    Amount,
    /// A date (`YYYY-MM-DD`), formatted per locale.
    Date,
    /// A local date-time (`YYYY-MM-DDTHH:MM:SS`), formatted per locale.
    Datetime,
    /// A phone number: 138****1234 unless declared unmasked.
    Phone,
    /// A person's name: 张** unless declared unmasked.
    Name,
    /// An account number: ******2345 unless declared unmasked.
    Account,
}

/// A declared variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// Its name in the template.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: VarType,
    /// For text: the longest value accepted, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::base::lenient::opt_u32")]
    pub max_len: Option<u32>,
    /// For phone, name and account: false shows the value as it is (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked: Option<bool>,
    /// For amounts: true accepts a negative amount (a refund); by default an amount must
    /// be 0 or more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative: Option<bool>,
}

/// An SMS body (the signature is added in front).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsContent {
    /// The text template.
    pub text: String,
}

/// A WeChat template message field's type, with the platform's length limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WechatKind {
    /// `thing`: at most 20 characters.
    Thing,
    /// `phrase`: at most 5 characters.
    Phrase,
    /// `amount`: an amount.
    Amount,
    /// `date`: a date or time.
    Date,
    /// `character_string`: at most 32 characters.
    CharacterString,
}

impl WechatKind {
    pub(super) fn limit(self) -> Option<usize> {
        match self {
            WechatKind::Thing => Some(20),
            WechatKind::Phrase => Some(5),
            WechatKind::CharacterString => Some(32),
            WechatKind::Amount | WechatKind::Date => None,
        }
    }
}

/// What happens to a WeChat value longer than its field allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Overlong {
    /// Refuse to render (`too_long`, naming the field).
    #[default]
    Error,
    /// Keep the first limit − 1 characters and end with `…`.
    Truncate,
}

/// One field of a WeChat template message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WechatField {
    /// The field's key in the registered template (`thing1`, `amount2`, …).
    pub key: String,
    /// Its type.
    pub kind: WechatKind,
    /// The value template.
    pub value: String,
}

/// A WeChat template message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WechatContent {
    /// The registered template's id.
    pub template_id: String,
    /// Its fields.
    pub fields: Vec<WechatField>,
    /// The rule for overlong values.
    #[serde(default)]
    pub overlong: Overlong,
}

/// An app push notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushContent {
    /// Title template.
    pub title: String,
    /// Body template.
    pub body: String,
}

/// An e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailContent {
    /// Subject template (plain text).
    pub subject: String,
    /// Body template (HTML; values are escaped).
    pub html: String,
}

/// A notice template for one channel and locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The notice (`bill_notice`); one template per code, channel and locale.
    pub code: String,
    /// Its name.
    pub name: Text,
    /// The channel.
    pub channel: Channel,
    /// Service or marketing.
    pub category: Category,
    /// The language.
    pub locale: Locale,
    /// Declared variables.
    pub variables: Vec<Variable>,
    /// For SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<SmsContent>,
    /// For WeChat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechat: Option<WechatContent>,
    /// For push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push: Option<PushContent>,
    /// For e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailContent>,
}

/// SMS settings of the set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsSettings {
    /// The registered signature, without brackets (`国网浙江电力`); sent as 【…】.
    pub signature: String,
    /// The opt-out phrase every marketing SMS must end with (`拒收请回复R`).
    pub opt_out: String,
    /// The longest value one variable may have, in characters (carriers commonly allow 35).
    #[serde(default = "thirty_five", deserialize_with = "crate::base::lenient::u32")]
    pub variable_max: u32,
}

fn thirty_five() -> u32 {
    35
}

/// Push length limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushLimits {
    /// Title, in characters.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub title_max: u32,
    /// Body, in characters.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub body_max: u32,
}

impl Default for PushLimits {
    fn default() -> PushLimits {
        PushLimits { title_max: 20, body_max: 100 }
    }
}

/// A rendered SMS: the full text with its signature, its length in characters and the
/// parts a carrier sends (one up to 70 characters; otherwise parts of 67).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsMessage {
    /// 【signature】 + body.
    pub text: String,
    /// Length as carriers count it: UTF-16 units (a Chinese character is 1, an emoji 2).
    pub length: u32,
    /// Messages billed.
    pub segments: u32,
    /// The parts as sent.
    pub parts: Vec<String>,
}

/// A rendered WeChat field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatValue {
    /// The field key.
    pub key: String,
    /// Its value.
    pub value: String,
    /// True when the value was cut to the field's limit.
    pub truncated: bool,
}

/// A rendered WeChat template message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatMessage {
    /// The registered template's id.
    pub template_id: String,
    /// Field values.
    pub fields: Vec<WechatValue>,
}

/// A rendered push notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushMessage {
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
}

/// A rendered e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailMessage {
    /// Subject.
    pub subject: String,
    /// HTML body, values escaped.
    pub html: String,
}

/// A rendered notice: exactly one of `sms`, `wechat`, `push`, `email` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The template's code.
    pub code: String,
    /// The channel.
    pub channel: Channel,
    /// Service or marketing.
    pub category: Category,
    /// The language.
    pub locale: Locale,
    /// For SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<SmsMessage>,
    /// For WeChat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechat: Option<WechatMessage>,
    /// For push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push: Option<PushMessage>,
    /// For e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailMessage>,
}
