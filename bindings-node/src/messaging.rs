//! The messaging centre: template sets, rendering and the delivery plan. Conversion only;
//! every rule lives in `gridcore::messaging`.

use crate::convert::{json_object, read_file, to_value};
use crate::errors::{self, guard, throw};
use gridcore::messaging::{Channel, Locale, TemplateSet as CoreSet};
use gridcore::{Error, ErrorCode, ErrorKind};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A validated set of notice templates. `TemplateSet.builtin()` has the bill notice,
/// arrears reminder, payment received, points awarded and outage notice, and an e-bill
/// invitation (marketing).
#[napi]
pub struct TemplateSet(Arc<CoreSet>);

#[napi]
impl TemplateSet {
    /// The built-in templates.
    #[napi(factory)]
    pub fn builtin() -> Self {
        Self(Arc::new(CoreSet::builtin()))
    }

    /// Validates a set given as an object.
    #[napi(factory, ts_args_type = "doc: TemplateSetDocument")]
    pub fn from_object(env: Env, doc: Unknown<'_>) -> Result<Self> {
        let mut numbers = Vec::new();
        let value = to_value(doc, "messages", ErrorKind::Request, &mut numbers).map_err(|e| throw(&env, e))?;
        guard(|| CoreSet::from_value(value)).map(|s| Self(Arc::new(s))).map_err(|e| throw(&env, errors::explain_number(e, &numbers)))
    }

    /// Parses and validates a set from JSON text.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| CoreSet::from_json(&json)).map(|s| Self(Arc::new(s))).map_err(|e| throw(&env, e))
    }

    /// Reads, parses and validates a set from a JSON file.
    #[napi(factory)]
    pub fn from_file(env: Env, path: String) -> Result<Self> {
        let json = read_file(&path)?;
        Self::from_json(env, json)
    }

    /// The set as JSON text.
    #[napi]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

fn bad(path: &str, reason: String) -> Error {
    Error::new(ErrorKind::Request, ErrorCode::InvalidField, path, reason)
}

/// Renders a notice. `values` maps each declared variable to a string (`'168.40'`,
/// `'2026-12-15'`, `'13812341234'`) or a whole number; the engine checks, formats and
/// masks them.
#[napi(ts_args_type = "templates: TemplateSet, code: string, options: { channel: Channel; locale: Locale; values: Record<string, string | number> }", ts_return_type = "Notice")]
pub fn render_notice<'env>(env: &'env Env, templates: &TemplateSet, code: String, options: Unknown<'_>) -> Result<Unknown<'env>> {
    let mut numbers = Vec::new();
    let value = to_value(options, "options", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    let channel: Channel = serde_json::from_value(value["channel"].clone()).map_err(|e| throw(env, bad("channel", e.to_string())))?;
    let locale: Locale = serde_json::from_value(value["locale"].clone()).map_err(|e| throw(env, bad("locale", e.to_string())))?;
    let mut values = BTreeMap::new();
    for (k, v) in value["values"].as_object().ok_or_else(|| throw(env, bad("values", "values are an object".into())))? {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
            other => return Err(throw(env, bad(&format!("values.{k}"), format!("{other} is not a string or a whole number (decimals go as strings)")))),
        };
        values.insert(k.clone(), text);
    }
    let notice = guard(|| templates.0.render(&code, channel, locale, &values)).map_err(|e| throw(env, e))?;
    json_object(env, &notice)
}

/// Plans a notice for a customer: send now, defer (marketing outside its hours) or
/// suppress (no consent, a cap reached). `policy` defaults to marketing 08:00–21:00, 1 a
/// day, 3 in 7 days.
#[napi(ts_args_type = "request: DeliveryRequest", ts_return_type = "Delivery")]
pub fn plan_delivery<'env>(env: &'env Env, request: Unknown<'_>) -> Result<Unknown<'env>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Request {
        channel: Channel,
        category: gridcore::messaging::Category,
        consent: Vec<gridcore::messaging::Consent>,
        #[serde(default)]
        history: Vec<gridcore::messaging::Sent>,
        as_of: chrono::NaiveDateTime,
        #[serde(default)]
        policy: Option<gridcore::messaging::DeliveryPolicy>,
    }
    let mut numbers = Vec::new();
    let value = to_value(request, "request", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    let r: Request = serde_json::from_value(value).map_err(|e| throw(env, bad("request", e.to_string())))?;
    let policy = r.policy.unwrap_or_default();
    let d = guard(|| gridcore::messaging::plan_delivery(&policy, r.channel, r.category, &r.consent, &r.history, r.as_of)).map_err(|e| throw(env, e))?;
    json_object(env, &d)
}
