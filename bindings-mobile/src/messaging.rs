// The messaging centre: notice templates, rendered notices per channel, and delivery
// plans. Conversion only; every rule lives in `gridcore::messaging`. Included into the
// crate root by lib.rs (which says why), so it shares the root's imports.

// ── the messaging centre ──────────────────────────────────────────────────────────────

#[uniffi::remote(Enum)]
pub enum Channel {
    Sms,
    Wechat,
    Push,
    Email,
}

#[uniffi::remote(Enum)]
pub enum Category {
    Service,
    Marketing,
}

#[uniffi::remote(Enum)]
pub enum Locale {
    ZhCn,
    En,
}

#[uniffi::remote(Enum)]
pub enum DeliveryAction {
    SendNow,
    Defer,
    Suppress,
}

#[uniffi::remote(Record)]
pub struct Consent {
    pub channel: Channel,
    pub service: bool,
    pub marketing: bool,
}

#[uniffi::remote(Record)]
pub struct Sent {
    pub channel: Channel,
    pub category: Category,
    pub at: NaiveDateTime,
}

#[uniffi::remote(Record)]
pub struct WechatValue {
    pub key: String,
    pub value: String,
    pub truncated: bool,
}

#[uniffi::remote(Record)]
pub struct WechatMessage {
    pub template_id: String,
    pub fields: Vec<WechatValue>,
}

#[uniffi::remote(Record)]
pub struct PushMessage {
    pub title: String,
    pub body: String,
}

#[uniffi::remote(Record)]
pub struct EmailMessage {
    pub subject: String,
    pub html: String,
}

/// A rendered SMS (length and segments as Int: Java has no unsigned types).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsMessage {
    pub text: String,
    pub length: i32,
    pub segments: i32,
    pub parts: Vec<String>,
}

/// A rendered notice: exactly one of `sms`, `wechat`, `push`, `email` is set.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Notice {
    pub code: String,
    pub channel: Channel,
    pub category: Category,
    pub locale: Locale,
    pub sms: Option<SmsMessage>,
    pub wechat: Option<WechatMessage>,
    pub push: Option<PushMessage>,
    pub email: Option<EmailMessage>,
}

/// Send now, defer or suppress, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Delivery {
    pub action: DeliveryAction,
    pub at: Option<NaiveDateTime>,
    pub reason: String,
    pub text: Text,
}

/// A validated set of notice templates.
#[derive(uniffi::Object)]
pub struct TemplateSet(gridcore::messaging::TemplateSet);

#[uniffi::export]
impl TemplateSet {
    /// The built-in templates (bill notice, arrears reminder, payment received, points
    /// awarded, outage notice, e-bill invitation).
    #[uniffi::constructor]
    pub fn builtin() -> Arc<Self> {
        Arc::new(Self(gridcore::messaging::TemplateSet::builtin()))
    }

    /// Parses and validates a set (JSON text).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GridcoreError> {
        guard(|| gridcore::messaging::TemplateSet::from_json(&json)).map(|s| Arc::new(Self(s)))
    }

    /// The set as JSON text.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// Renders a notice. Each value is a `String` (`"168.40"`, `"2026-12-15"`), a `BigDecimal`,
/// a `LocalDate`, a `LocalDateTime` or a whole number; the engine checks, formats and
/// masks them.
#[uniffi::export]
pub fn render_notice(templates: Arc<TemplateSet>, code: String, channel: Channel, locale: Locale, values: HashMap<String, NoticeValue>) -> Result<Notice, GridcoreError> {
    let values = values.into_iter().map(|(k, v)| (k, v.0)).collect();
    let n = guard(|| templates.0.render(&code, channel, locale, &values))?;
    Ok(Notice {
        code: n.code,
        channel: n.channel,
        category: n.category,
        locale: n.locale,
        sms: n.sms.map(|s| SmsMessage { text: s.text, length: s.length as i32, segments: s.segments as i32, parts: s.parts }),
        wechat: n.wechat,
        push: n.push,
        email: n.email,
    })
}

/// Plans a notice for a customer: send now, defer or suppress. `policy_json` null means
/// marketing 08:00–21:00, 1 a day, 3 in 7 days.
#[uniffi::export]
pub fn plan_delivery(channel: Channel, category: Category, consent: Vec<Consent>, history: Vec<Sent>, as_of: NaiveDateTime, policy_json: Option<String>) -> Result<Delivery, GridcoreError> {
    guard(|| {
        let policy = match policy_json {
            Some(json) => serde_json::from_str(&json).map_err(|e| gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "policy", e.to_string()))?,
            None => gridcore::messaging::DeliveryPolicy::default(),
        };
        let d = gridcore::messaging::plan_delivery(&policy, channel, category, &consent, &history, as_of)?;
        Ok(Delivery { action: d.action, at: d.at, reason: d.reason, text: Text::from(&d.text) })
    })
}
