//! Customers: a validated configuration, role views with masks, attribute search,
//! confirmations, mood, tags, scores, profiles, segments and merges, and their result
//! classes. Conversion only; every rule lives in `gridcore::customer`.

use crate::convert::{date_of, path_arg, value_of};
use crate::errors::{explain_datetime, guard, to_pyerr};
use crate::records::{enum_as_str, json_err, record, ToPy};
use gridcore::customer::{
    Assignment, AttributeMatch, Confirmation, ConfirmationReason, Conflict, Contribution as ScoreContribution, Customer, EventKind, Fact, MatchKind, Merge, Mood, MoodEvent,
    MoodLevel, Outcome, Profile, ProfileScore, Score, Segment, Segmentation, TagResult, TagState, View, ViewField,
};
use gridcore::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::Arc;

/// A validated customer configuration: attribute catalog, role views, freshness and mood
/// rules. Build one with `CustomerConfig.from_dict`, `from_json` or `from_file`.
#[pyclass(frozen, module = "gridcore", name = "CustomerConfig")]
pub struct PyCustomerConfig(Arc<gridcore::customer::CustomerConfig>);

#[pymethods]
impl PyCustomerConfig {
    /// Validates a configuration given as a dict.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Request, data, "config", &mut datetimes)?;
        guard(|| gridcore::customer::CustomerConfig::from_value(value)).map(|c| Self(Arc::new(c))).map_err(|e| to_pyerr(py, &e))
    }

    /// Parses and validates a configuration from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        guard(|| gridcore::customer::CustomerConfig::from_json(json)).map(|c| Self(Arc::new(c))).map_err(|e| to_pyerr(py, &e))
    }

    /// Reads, parses and validates a configuration from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = std::fs::read_to_string(path_arg(path)?)?;
        Self::from_json(py, &text)
    }

    /// The configuration as JSON text.
    fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// A customer from a dict (native values: `date`, `Decimal`), validated with paths.
fn customer_of(py: Python<'_>, customer: &Bound<'_, PyAny>) -> PyResult<gridcore::customer::Customer> {
    let mut datetimes = Vec::new();
    let value = value_of(py, ErrorKind::Request, customer, "customer", &mut datetimes)?;
    guard(|| gridcore::customer::Customer::from_value(value)).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))
}

/// The customer as `role` sees it: only the role's attributes, masked as configured.
#[pyfunction]
pub fn customer_view(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, role: &str) -> PyResult<PyView> {
    let c = customer_of(py, customer)?;
    guard(|| gridcore::customer::view(&config.0, &c, role)).map(PyView).map_err(|e| to_pyerr(py, &e))
}

/// Attributes found by meaning (Chinese, synonyms, pinyin initials, English), best first.
#[pyfunction]
#[pyo3(signature = (config, query, *, limit = 10))]
pub fn search_attributes(config: PyRef<'_, PyCustomerConfig>, query: &str, limit: usize) -> Vec<PyAttributeMatch> {
    gridcore::customer::search_attributes(&config.0, query, limit).into_iter().map(PyAttributeMatch).collect()
}

/// What must be confirmed when the customer comes for `business` on `as_of`, and why.
#[pyfunction]
#[pyo3(signature = (config, customer, *, business, as_of))]
pub fn confirmations_required(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, business: &str, as_of: &Bound<'_, PyAny>) -> PyResult<Vec<PyConfirmation>> {
    let c = customer_of(py, customer)?;
    let as_of = date_of(py, as_of, "as_of")?;
    guard(|| gridcore::customer::confirmations_required(&config.0, &c, business, as_of))
        .map(|v| v.into_iter().map(PyConfirmation).collect())
        .map_err(|e| to_pyerr(py, &e))
}

/// The customer's mood from recent service events, with the events that caused it.
#[pyfunction]
#[pyo3(signature = (config, customer, *, as_of))]
pub fn customer_mood(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, as_of: &Bound<'_, PyAny>) -> PyResult<PyMood> {
    let c = customer_of(py, customer)?;
    let as_of = date_of(py, as_of, "as_of")?;
    guard(|| gridcore::customer::mood(&config.0, &c, as_of)).map(PyMood).map_err(|e| to_pyerr(py, &e))
}

/// Every configured tag for the customer as of `as_of`: which apply (only online tags
/// do) and the comparisons that decided it.
#[pyfunction]
#[pyo3(signature = (config, customer, *, as_of))]
pub fn evaluate_tags(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, as_of: &Bound<'_, PyAny>) -> PyResult<Vec<PyTagResult>> {
    let c = customer_of(py, customer)?;
    let as_of = date_of(py, as_of, "as_of")?;
    Ok(gridcore::customer::evaluate_tags(&config.0, &c, as_of).into_iter().map(PyTagResult).collect())
}

/// Moves a tag definition (a dict) along its lifecycle; returns the new definition.
#[pyfunction]
pub fn transition_tag<'py>(py: Python<'py>, tag: &Bound<'py, PyAny>, to: &str) -> PyResult<Bound<'py, PyAny>> {
    let mut datetimes = Vec::new();
    let value = value_of(py, ErrorKind::Request, tag, "tag", &mut datetimes)?;
    let tag: gridcore::customer::TagDefinition = serde_json::from_value(value).map_err(|e| to_pyerr(py, &Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "tag", e.to_string())))?;
    let to: gridcore::customer::TagState = serde_json::from_value(serde_json::Value::String(to.into()))
        .map_err(|e| to_pyerr(py, &Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "to", e.to_string())))?;
    let next = guard(|| gridcore::customer::transition_tag(&tag, to)).map_err(|e| to_pyerr(py, &e))?;
    py.import("json")?.call_method1("loads", (serde_json::to_string(&next).unwrap_or_default(),))
}

/// The customer's score under a configured model, with each factor's contribution.
#[pyfunction]
#[pyo3(signature = (config, customer, *, model, as_of))]
pub fn customer_score(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, model: &str, as_of: &Bound<'_, PyAny>) -> PyResult<PyScore> {
    let c = customer_of(py, customer)?;
    let as_of = date_of(py, as_of, "as_of")?;
    guard(|| gridcore::customer::score(&config.0, &c, model, as_of)).map(PyScore).map_err(|e| to_pyerr(py, &e))
}

fn customers_of(py: Python<'_>, customers: &Bound<'_, PyAny>) -> PyResult<Vec<gridcore::customer::Customer>> {
    let mut out = Vec::new();
    for (i, c) in customers.try_iter()?.enumerate() {
        out.push(customer_of(py, &c?).inspect_err(|e| {
            let _ = e.value(py).setattr("index", i);
        })?);
    }
    Ok(out)
}

/// Tags and scores of many customers (the batch runs with the GIL released).
#[pyfunction]
#[pyo3(signature = (config, customers, *, as_of))]
pub fn customer_profiles(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customers: &Bound<'_, PyAny>, as_of: &Bound<'_, PyAny>) -> PyResult<Vec<PyProfile>> {
    let list = customers_of(py, customers)?;
    let as_of = date_of(py, as_of, "as_of")?;
    let config = config.0.clone();
    let out = py.detach(|| guard(|| Ok(gridcore::customer::profiles(&config, &list, as_of)))).map_err(|e| to_pyerr(py, &e))?;
    Ok(out.into_iter().map(PyProfile).collect())
}

/// k-means segments of the customers by the given facts, deterministic for `seed`.
#[pyfunction]
#[pyo3(signature = (customers, *, features, k, seed, as_of))]
pub fn segment_customers(py: Python<'_>, customers: &Bound<'_, PyAny>, features: Vec<String>, k: u32, seed: u64, as_of: &Bound<'_, PyAny>) -> PyResult<PySegmentation> {
    let list = customers_of(py, customers)?;
    let as_of = date_of(py, as_of, "as_of")?;
    let features: Vec<gridcore::customer::Fact> = serde_json::from_value(serde_json::json!(features))
        .map_err(|e| to_pyerr(py, &Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "features", e.to_string())))?;
    py.detach(|| guard(|| gridcore::customer::segment(&list, &features, k, seed, as_of))).map(PySegmentation).map_err(|e| to_pyerr(py, &e))
}

/// Merges two records of one person; the result keeps both originals for `unmerge_customers`.
#[pyfunction]
pub fn merge_customers(py: Python<'_>, primary: &Bound<'_, PyAny>, other: &Bound<'_, PyAny>) -> PyResult<PyMerge> {
    let (a, b) = (customer_of(py, primary)?, customer_of(py, other)?);
    guard(|| gridcore::customer::merge(&a, &b)).map(PyMerge).map_err(|e| to_pyerr(py, &e))
}

/// Both records of a merge, exactly as they were (as dicts in the document form).
#[pyfunction]
pub fn unmerge_customers<'py>(py: Python<'py>, merge: PyRef<'py, PyMerge>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let (a, b) = gridcore::customer::unmerge(&merge.0);
    let json = py.import("json")?;
    Ok((json.call_method1("loads", (a.to_json(),))?, json.call_method1("loads", (b.to_json(),))?))
}

/// A customer crosses as a dict in its document form (the form the functions accept).
impl ToPy for Customer {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.to_json(),))
    }
}

enum_as_str!(MatchKind, ConfirmationReason, MoodLevel, EventKind, Outcome, TagState, Fact);

record!("ViewField", PyViewField, ViewField, [code, name, path, value, masked]);
record!("View", PyView, View, [customer_id, role, fields]);
record!("AttributeMatch", PyAttributeMatch, AttributeMatch, [code, name, group, path, score, matched_by]);
record!("Confirmation", PyConfirmation, Confirmation, [group, reason, account_id, last_confirmed, due_on, text]);
record!("MoodEvent", PyMoodEvent, MoodEvent, [index, date, kind, outcome, points]);
record!("Mood", PyMood, Mood, [level, points, to, events, text], renamed [from_ => from]);
record!("TagResult", PyTagResult, TagResult, [code, name, version, state, applies, reason]);
record!("ScoreContribution", PyScoreContribution, ScoreContribution, [fact, value, weight, points]);
record!("Score", PyScore, Score, [model, score, grade, contributions]);
record!("ProfileScore", PyProfileScore, ProfileScore, [model, score, grade]);
record!("Profile", PyProfile, Profile, [customer_id, tags, scores]);
record!("Segment", PySegment, Segment, [segment, size, centre]);
record!("Assignment", PyAssignment, Assignment, [customer_id, segment]);
record!("Segmentation", PySegmentation, Segmentation, [features, segments, assignments]);
record!("Conflict", PyConflict, Conflict, [field, kept, dropped]);
record!("Merge", PyMerge, Merge, [customer, conflicts, primary, other]);
