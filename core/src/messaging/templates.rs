//! Template sets: validated when loaded, rendered with typed values.

use super::format::{format_amount, format_date, format_datetime};
use super::model::*;
use super::sandbox;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::{mask, Mask};
use minijinja::Environment;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetDoc {
    sms: SmsSettings,
    #[serde(default)]
    push: PushLimits,
    templates: Vec<Template>,
}

/// A validated set of templates, compiled once.
#[derive(Debug)]
pub struct TemplateSet {
    doc: SetDoc,
    env: Environment<'static>,
}

fn err(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Request, code, path, reason)
}

/// The template parts of a channel's content: (field path, MiniJinja name, source).
fn parts(t: &Template) -> Vec<(String, String, &str)> {
    let mut out = Vec::new();
    let name = |part: &str| part_name(t, part);
    if let Some(s) = &t.sms {
        out.push(("sms.text".to_string(), name("text"), s.text.as_str()));
    }
    if let Some(w) = &t.wechat {
        for (i, f) in w.fields.iter().enumerate() {
            out.push((format!("wechat.fields[{i}].value"), name(&format!("field{i}")), f.value.as_str()));
        }
    }
    if let Some(p) = &t.push {
        out.push(("push.title".to_string(), name("title"), p.title.as_str()));
        out.push(("push.body".to_string(), name("body"), p.body.as_str()));
    }
    if let Some(e) = &t.email {
        out.push(("email.subject".to_string(), name("subject"), e.subject.as_str()));
        // The `.html` name turns MiniJinja's HTML escaping on for the body.
        out.push(("email.html".to_string(), name("body.html"), e.html.as_str()));
    }
    out
}

/// A part's name in the MiniJinja environment (unique per code, channel and locale).
fn part_name(t: &Template, part: &str) -> String {
    format!("{}/{}/{}/{part}", t.code, t.channel.as_str(), t.locale.as_str())
}

/// The most templates in a set.
pub const MAX_TEMPLATES: usize = 1000;
/// The most variables a template declares.
pub const MAX_VARIABLES: usize = 64;
/// The longest text value, in characters.
pub const MAX_TEXT_LEN: usize = 10_000;
/// The most bytes a rendered part (an SMS text, a WeChat field, a push title or body, a
/// subject) may have before its own limits apply.
pub const MAX_PART_BYTES: usize = 64 << 10;
/// The most bytes of a rendered e-mail body.
pub const MAX_EMAIL_BYTES: usize = 1 << 20;
/// The longest SMS body, in UTF-16 units: 10 parts of 67.
pub const MAX_SMS_UNITS: usize = 670;
/// The longest e-mail subject, in characters.
pub const MAX_SUBJECT: usize = 200;

/// Why `s` cannot be a one-line header (a subject, a title, a signature): it holds a
/// control character such as CR or LF, which a mailer or a gateway could read as the
/// start of another header.
fn control_char(s: &str) -> Option<String> {
    s.chars().find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')).map(|c| format!("a control character ({:?}) is not allowed here: it would break the header line", c))
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

impl TemplateSet {
    /// The built-in set: bill notice, arrears reminder, payment received, points awarded
    /// and outage notice (service), and an e-bill invitation (marketing), in Chinese and
    /// English, on the channels each suits (docs/messaging.md lists them).
    pub fn builtin() -> TemplateSet {
        TemplateSet::from_json(include_str!("builtin.json")).expect("the built-in templates are valid")
    }

    /// Parses and validates a set; errors name the field (`messages.templates[2].sms.text`).
    pub fn from_json(json: &str) -> Result<TemplateSet> {
        TemplateSet::new(crate::base::error::parse_json(ErrorKind::Request, "messages", json)?)
    }

    /// A set from a JSON value (bindings build one from native objects).
    pub fn from_value(value: serde_json::Value) -> Result<TemplateSet> {
        TemplateSet::new(crate::base::error::from_value(ErrorKind::Request, "messages", value)?)
    }

    /// The set as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.doc).expect("a template set serializes")
    }

    /// The templates.
    pub fn templates(&self) -> &[Template] {
        &self.doc.templates
    }

    fn new(doc: SetDoc) -> Result<TemplateSet> {
        // The few filters templates may use (sandbox.rs), HTML escaping for the e-mail
        // body by name.
        let mut env = sandbox::environment(sandbox::FUEL);
        if doc.templates.len() > MAX_TEMPLATES {
            return Err(err(ErrorCode::OutOfRange, "messages.templates", format!("{} templates; a set holds at most {MAX_TEMPLATES}", doc.templates.len())));
        }
        if doc.sms.signature.trim().is_empty() {
            return Err(err(ErrorCode::Empty, "messages.sms.signature", "SMS need the registered signature"));
        }
        if let Some(why) = control_char(&doc.sms.signature) {
            return Err(err(ErrorCode::InvalidField, "messages.sms.signature", why));
        }
        if doc.sms.signature.chars().count() > 20 || doc.sms.variable_max > MAX_TEXT_LEN as u32 || doc.push.title_max > 1000 || doc.push.body_max > 10_000 {
            return Err(err(ErrorCode::OutOfRange, "messages", "limits: a signature of at most 20 characters, variable_max at most 10000, push title_max 1000 and body_max 10000"));
        }
        if doc.sms.opt_out.trim().is_empty() {
            return Err(err(ErrorCode::Empty, "messages.sms.opt_out", "marketing SMS need the registered opt-out phrase"));
        }
        let mut seen = BTreeSet::new();
        for (i, t) in doc.templates.iter().enumerate() {
            let p = |f: &str| format!("messages.templates[{i}].{f}");
            if !crate::base::is_code(&t.code) {
                return Err(err(ErrorCode::InvalidField, p("code"), format!("`{}` is not a snake_case code", t.code)));
            }
            if !seen.insert((t.code.clone(), t.channel, t.locale)) {
                return Err(err(ErrorCode::Duplicate, p("code"), format!("`{}` is defined twice for {} in {}", t.code, t.channel.as_str(), t.locale.as_str())));
            }
            let present = [(Channel::Sms, t.sms.is_some()), (Channel::Wechat, t.wechat.is_some()), (Channel::Push, t.push.is_some()), (Channel::Email, t.email.is_some())];
            for (c, has) in present {
                if has != (c == t.channel) {
                    let field = c.as_str();
                    let why = if has { format!("a {} template has no `{field}` content", t.channel.as_str()) } else { format!("a {field} template needs its `{field}` content") };
                    return Err(err(ErrorCode::InvalidField, p(field), why));
                }
            }
            let mut names = BTreeSet::new();
            if t.variables.len() > MAX_VARIABLES {
                return Err(err(ErrorCode::OutOfRange, p("variables"), format!("{} variables; a template declares at most {MAX_VARIABLES}", t.variables.len())));
            }
            for (j, v) in t.variables.iter().enumerate() {
                if !names.insert(v.name.as_str()) {
                    return Err(err(ErrorCode::Duplicate, p(&format!("variables[{j}].name")), format!("`{}` is declared twice", v.name)));
                }
                if v.max_len.is_some() != (v.kind == VarType::Text) {
                    return Err(err(ErrorCode::InvalidField, p(&format!("variables[{j}].max_len")), "text variables, and only they, declare max_len"));
                }
                if v.masked.is_some() && !matches!(v.kind, VarType::Phone | VarType::Name | VarType::Account) {
                    return Err(err(ErrorCode::InvalidField, p(&format!("variables[{j}].masked")), "only phone, name and account values are masked"));
                }
                if v.negative.is_some() && v.kind != VarType::Amount {
                    return Err(err(ErrorCode::InvalidField, p(&format!("variables[{j}].negative")), "only amounts may be declared negative"));
                }
                if v.max_len.is_some_and(|m| m as usize > MAX_TEXT_LEN) {
                    return Err(err(ErrorCode::OutOfRange, p(&format!("variables[{j}].max_len")), format!("a text variable holds at most {MAX_TEXT_LEN} characters")));
                }
            }
            let mut used = BTreeSet::new();
            for (field, name, source) in parts(t) {
                sandbox::check_source(source).map_err(|why| err(ErrorCode::InvalidField, p(&field), why))?;
                env.add_template_owned(name.clone(), source.to_string())
                    .map_err(|e| err(ErrorCode::Syntax, p(&field), format!("template syntax: {e}")))?;
                let tmpl = env.get_template(&name).map_err(|e| err(ErrorCode::Internal, p(&field), e.to_string()))?;
                let mut undeclared: Vec<String> = tmpl.undeclared_variables(false).into_iter().collect();
                undeclared.sort();
                for u in undeclared {
                    if !names.contains(u.as_str()) {
                        return Err(err(ErrorCode::InvalidField, p(&field), format!("uses `{u}`, which is not a declared variable")));
                    }
                    used.insert(u);
                }
            }
            if let Some(unused) = t.variables.iter().position(|v| !used.contains(&v.name)) {
                return Err(err(ErrorCode::InvalidField, p(&format!("variables[{unused}]")), format!("`{}` is declared but no part uses it", t.variables[unused].name)));
            }
            if let (Some(s), Category::Marketing) = (&t.sms, t.category) {
                if !s.text.trim_end().ends_with(doc.sms.opt_out.as_str()) {
                    return Err(err(ErrorCode::InvalidField, p("sms.text"), format!("a marketing SMS must end with the opt-out phrase `{}`", doc.sms.opt_out)));
                }
            }
            if let Some(w) = &t.wechat {
                for (j, f) in w.fields.iter().enumerate() {
                    if w.fields[..j].iter().any(|o| o.key == f.key) {
                        return Err(err(ErrorCode::Duplicate, p(&format!("wechat.fields[{j}].key")), format!("field `{}` is defined twice", f.key)));
                    }
                }
            }
        }
        Ok(TemplateSet { doc, env })
    }

    /// The template for a notice, channel and locale.
    pub fn template(&self, code: &str, channel: Channel, locale: Locale) -> Option<&Template> {
        self.doc.templates.iter().find(|t| t.code == code && t.channel == channel && t.locale == locale)
    }

    /// Renders a notice from typed values (text: `"168.40"`, `"2026-12-15"`, `"13812341234"`).
    /// Every declared variable needs a value and every value a declared variable; values
    /// are checked, formatted for the locale and masked before MiniJinja sees them.
    pub fn render(&self, code: &str, channel: Channel, locale: Locale, values: &BTreeMap<String, String>) -> Result<Notice> {
        let t = self
            .template(code, channel, locale)
            .ok_or_else(|| err(ErrorCode::InvalidField, "code", format!("no template `{code}` for {} in {}", channel.as_str(), locale.as_str())))?;
        if let Some(extra) = values.keys().find(|k| !t.variables.iter().any(|v| &v.name == *k)) {
            return Err(err(ErrorCode::InvalidField, format!("values.{extra}"), format!("`{extra}` is not a variable of `{code}`")));
        }
        let mut ctx: BTreeMap<&str, String> = BTreeMap::new();
        for v in &t.variables {
            let path = || format!("values.{}", v.name);
            let raw = values.get(&v.name).ok_or_else(|| err(ErrorCode::MissingValue, path(), format!("`{code}` needs `{}`", v.name)))?;
            let shown = typed(v, raw, locale).map_err(|(code, why)| err(code, path(), why))?;
            if channel == Channel::Sms && chars(&shown) > self.doc.sms.variable_max as usize {
                return Err(err(ErrorCode::TooLong, path(), format!("{} characters; an SMS variable holds at most {}", chars(&shown), self.doc.sms.variable_max)));
            }
            ctx.insert(v.name.as_str(), shown);
        }
        // Each part renders into a buffer its channel's limit bounds, with bounded work.
        let render_limited = |part: &str, field: &str, max: usize| -> Result<String> {
            let name = part_name(t, part);
            let tmpl = self.env.get_template(&name).map_err(|e| err(ErrorCode::Internal, field, e.to_string()))?;
            let mut out = sandbox::Limited::new(max);
            match tmpl.render_captured_to(&ctx, &mut out) {
                Ok(_) => String::from_utf8(out.buf).map_err(|_| err(ErrorCode::Internal, field, "rendered text is not UTF-8")),
                Err(_) if out.exceeded => Err(err(ErrorCode::TooLong, field, format!("the rendered text exceeds {max} bytes"))),
                Err(e) if e.kind() == minijinja::ErrorKind::OutOfFuel => {
                    Err(err(ErrorCode::OutOfRange, field, format!("the template does more work than allowed ({} steps)", sandbox::FUEL)))
                }
                Err(e) => Err(err(ErrorCode::InvalidField, field, format!("rendering: {e}"))),
            }
        };
        let render = |part: &str, field: &str| render_limited(part, field, MAX_PART_BYTES);
        let plain = |part: &str, field: &str| -> Result<String> {
            let text = render(part, field)?;
            match control_char(&text) {
                Some(why) => Err(err(ErrorCode::InvalidField, field, why)),
                None => Ok(text),
            }
        };
        let mut notice = Notice { code: t.code.clone(), channel, category: t.category, locale, sms: None, wechat: None, push: None, email: None };
        match channel {
            Channel::Sms => {
                let text = render("text", "sms.text")?;
                let units = text.encode_utf16().count();
                if units > MAX_SMS_UNITS {
                    return Err(err(ErrorCode::TooLong, "sms.text", format!("{units} characters; an SMS of at most {} parts holds {MAX_SMS_UNITS}", MAX_SMS_UNITS / 67)));
                }
                notice.sms = Some(sms(&self.doc.sms.signature, text))
            }
            Channel::Wechat => {
                let w = t.wechat.as_ref().expect("validated");
                let mut fields = Vec::with_capacity(w.fields.len());
                for (i, f) in w.fields.iter().enumerate() {
                    let mut value = render(&format!("field{i}"), &format!("wechat.fields[{i}].value"))?;
                    if f.kind == WechatKind::Amount {
                        // WeChat's amount field takes digits with an optional currency sign or
                        // trailing 元: no thousands separators, no space.
                        value.retain(|c| c != ',' && c != ' ');
                    }
                    let (value, truncated) = match f.kind.limit() {
                        Some(max) if chars(&value) > max => match w.overlong {
                            Overlong::Error => {
                                return Err(err(ErrorCode::TooLong, format!("wechat.fields[{i}].value"), format!("{} is {} characters; a {:?} field holds {max}", f.key, chars(&value), f.kind)))
                            }
                            Overlong::Truncate => (value.chars().take(max - 1).chain(['…']).collect(), true),
                        },
                        _ => (value, false),
                    };
                    fields.push(WechatValue { key: f.key.clone(), value, truncated });
                }
                notice.wechat = Some(WechatMessage { template_id: w.template_id.clone(), fields });
            }
            Channel::Push => {
                let (title, body) = (plain("title", "push.title")?, render("body", "push.body")?);
                for (text, max, field) in [(&title, self.doc.push.title_max, "push.title"), (&body, self.doc.push.body_max, "push.body")] {
                    if chars(text) > max as usize {
                        return Err(err(ErrorCode::TooLong, field, format!("{} characters; at most {max}", chars(text))));
                    }
                }
                notice.push = Some(PushMessage { title, body });
            }
            Channel::Email => {
                let subject = plain("subject", "email.subject")?;
                if chars(&subject) > MAX_SUBJECT {
                    return Err(err(ErrorCode::TooLong, "email.subject", format!("{} characters; a subject holds at most {MAX_SUBJECT}", chars(&subject))));
                }
                notice.email = Some(EmailMessage { subject, html: render_limited("body.html", "email.html", MAX_EMAIL_BYTES)? })
            }
        }
        Ok(notice)
    }
}

/// The SMS as sent: 【signature】body, counted as carriers count UCS-2 messages (UTF-16
/// units: a character outside the basic plane, an emoji or a rare name character, counts
/// 2); one message up to 70, otherwise parts of 67 (the rest of 70 carries the part
/// header), never splitting a character.
fn sms(signature: &str, body: String) -> SmsMessage {
    let text = format!("【{signature}】{body}");
    let length = text.encode_utf16().count();
    let parts = if length <= 70 {
        vec![text.clone()]
    } else {
        let (mut parts, mut part, mut units) = (Vec::new(), String::new(), 0);
        for c in text.chars() {
            if units + c.len_utf16() > 67 {
                parts.push(std::mem::take(&mut part));
                units = 0;
            }
            part.push(c);
            units += c.len_utf16();
        }
        parts.push(part);
        parts
    };
    SmsMessage { text, length: length as u32, segments: parts.len() as u32, parts }
}

/// A value checked against its type, formatted for the locale and masked as declared.
fn typed(v: &Variable, raw: &str, locale: Locale) -> std::result::Result<String, (ErrorCode, String)> {
    let masked = v.masked.unwrap_or(true);
    let invalid = |why: String| (ErrorCode::InvalidField, why);
    match v.kind {
        VarType::Text => {
            let max = v.max_len.unwrap_or(u32::MAX) as usize;
            if chars(raw) > max {
                return Err((ErrorCode::TooLong, format!("{} characters; `{}` holds at most {max}", chars(raw), v.name)));
            }
            Ok(raw.to_string())
        }
        VarType::Amount => {
            let d: Decimal = crate::base::strict::parse_decimal(raw).map_err(|e| invalid(format!("not an amount: {e}")))?;
            if d.is_sign_negative() && !d.is_zero() && v.negative != Some(true) {
                return Err((ErrorCode::Negative, format!("`{}` must not be negative (declare the variable with `negative: true` for a refund)", v.name)));
            }
            format_amount(d, locale).ok_or_else(|| invalid(format!("`{raw}` has more than 2 decimals: an amount in 元 is never re-rounded here")))
        }
        VarType::Date => crate::base::strict::parse_date(raw).map(|d| format_date(d, locale)).map_err(invalid),
        VarType::Datetime => crate::base::strict::parse_datetime(raw).map(|d| format_datetime(d, locale)).map_err(invalid),
        VarType::Phone => {
            // 5 digits (service numbers such as 95598) to 15 (E.164 without the +).
            if raw.len() < 5 || raw.len() > 15 || !raw.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(format!("`{raw}` is not a phone number (5 to 15 digits)")));
            }
            Ok(if masked { mask(Mask::Phone, raw) } else { raw.to_string() })
        }
        VarType::Name => {
            if raw.trim().is_empty() {
                return Err(invalid("a name is not empty".to_string()));
            }
            Ok(if masked { mask(Mask::Name, raw) } else { raw.to_string() })
        }
        VarType::Account => {
            if raw.is_empty() || !raw.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(invalid(format!("`{raw}` is not an account number")));
            }
            Ok(if masked { mask(Mask::Account, raw) } else { raw.to_string() })
        }
    }
}
