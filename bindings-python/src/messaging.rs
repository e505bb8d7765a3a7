//! The messaging centre: template sets, rendering and the delivery plan. Conversion only;
//! every rule lives in `gridcore::messaging`.

use crate::convert::{path_arg, value_of};
use crate::errors::{explain_datetime, guard, to_pyerr};
use crate::records::{enum_as_str, json_err, record, ToPy};
use gridcore::messaging::{
    Category, Channel, Consent, Delivery, DeliveryAction, DeliveryPolicy, EmailMessage, Locale, Notice, PushMessage, Sent, SmsMessage, TemplateSet, WechatMessage, WechatValue,
};
use pyo3::types::PyDict;
use gridcore::{Error, ErrorCode, ErrorKind};
use pyo3::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A validated set of notice templates. `TemplateSet.builtin()` has the bill notice,
/// arrears reminder, payment received, points awarded and outage notice, and an e-bill
/// invitation (marketing).
#[pyclass(frozen, module = "gridcore", name = "TemplateSet")]
pub struct PyTemplateSet(Arc<TemplateSet>);

#[pymethods]
impl PyTemplateSet {
    /// The built-in templates.
    #[staticmethod]
    fn builtin() -> Self {
        Self(Arc::new(TemplateSet::builtin()))
    }

    /// Validates a set given as a dict.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Request, data, "messages", &mut datetimes)?;
        guard(|| TemplateSet::from_value(value)).map(|s| Self(Arc::new(s))).map_err(|e| to_pyerr(py, &e))
    }

    /// Parses and validates a set from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        guard(|| TemplateSet::from_json(json)).map(|s| Self(Arc::new(s))).map_err(|e| to_pyerr(py, &e))
    }

    /// Reads, parses and validates a set from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = std::fs::read_to_string(path_arg(path)?)?;
        Self::from_json(py, &text)
    }

    /// The set as JSON text.
    fn to_json(&self) -> String {
        self.0.to_json()
    }
}

fn parse<T: serde::de::DeserializeOwned>(py: Python<'_>, value: serde_json::Value, path: &str) -> PyResult<T> {
    serde_json::from_value(value).map_err(|e| to_pyerr(py, &Error::new(ErrorKind::Request, ErrorCode::InvalidField, path, e.to_string())))
}

/// Renders a notice: `values` maps each declared variable to a `Decimal`, `date`,
/// `datetime`, `int` or `str`; the engine checks, formats and masks them.
#[pyfunction]
#[pyo3(signature = (templates, code, *, channel, locale, values))]
pub fn render_notice(py: Python<'_>, templates: PyRef<'_, PyTemplateSet>, code: &str, channel: &str, locale: &str, values: &Bound<'_, PyAny>) -> PyResult<PyNotice> {
    let channel: Channel = parse(py, serde_json::json!(channel), "channel")?;
    let locale: Locale = parse(py, serde_json::json!(locale), "locale")?;
    let mut datetimes = Vec::new();
    let value = value_of(py, ErrorKind::Request, values, "values", &mut datetimes)?;
    let map: BTreeMap<String, String> = match value {
        serde_json::Value::Object(m) => m
            .into_iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => Ok((k, s)),
                other => Err(to_pyerr(py, &Error::new(ErrorKind::Request, ErrorCode::InvalidField, format!("values.{k}"), format!("{other} is not a text, number or date value")))),
            })
            .collect::<PyResult<_>>()?,
        _ => return Err(to_pyerr(py, &Error::new(ErrorKind::Request, ErrorCode::InvalidField, "values", "values are a dict"))),
    };
    guard(|| templates.0.render(code, channel, locale, &map)).map(PyNotice).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))
}

/// Plans a notice for a customer: send now, defer (marketing outside its hours) or
/// suppress (no consent, a cap reached). `consent` and `history` are lists of dicts;
/// `policy` defaults to marketing 08:00–21:00, 1 a day, 3 in 7 days.
#[pyfunction]
#[pyo3(signature = (channel, category, *, consent, as_of, history=None, policy=None))]
#[allow(clippy::too_many_arguments)]
pub fn plan_delivery(
    py: Python<'_>,
    channel: &str,
    category: &str,
    consent: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    history: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDelivery> {
    let channel: Channel = parse(py, serde_json::json!(channel), "channel")?;
    let category: Category = parse(py, serde_json::json!(category), "category")?;
    let mut datetimes = Vec::new();
    let consent: Vec<Consent> = parse(py, value_of(py, ErrorKind::Request, consent, "consent", &mut datetimes)?, "consent")?;
    let history: Vec<Sent> = match history {
        Some(h) => parse(py, value_of(py, ErrorKind::Request, h, "history", &mut datetimes)?, "history")?,
        None => Vec::new(),
    };
    let as_of: chrono::NaiveDateTime = parse(py, value_of(py, ErrorKind::Request, as_of, "as_of", &mut datetimes)?, "as_of")?;
    let policy: DeliveryPolicy = match policy {
        Some(p) => parse(py, value_of(py, ErrorKind::Request, p, "policy", &mut datetimes)?, "policy")?,
        None => DeliveryPolicy::default(),
    };
    guard(|| gridcore::messaging::plan_delivery(&policy, channel, category, &consent, &history, as_of)).map(PyDelivery).map_err(|e| to_pyerr(py, &e))
}

enum_as_str!(Channel, Category, Locale, DeliveryAction);

record!("SmsMessage", PySmsMessage, SmsMessage, [text, length, segments, parts]);
record!("WechatValue", PyWechatValue, WechatValue, [key, value, truncated]);
record!("WechatMessage", PyWechatMessage, WechatMessage, [template_id, fields]);
record!("PushMessage", PyPushMessage, PushMessage, [title, body]);
record!("EmailMessage", PyEmailMessage, EmailMessage, [subject, html]);
record!("Notice", PyNotice, Notice, [code, channel, category, locale, sms, wechat, push, email]);
record!("Delivery", PyDelivery, Delivery, [action, at, reason, text]);
