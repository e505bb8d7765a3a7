//! The Python binding of gridcore: conversion code only. Every rule lives in the core.

mod convert;
mod errors;
mod messaging;
mod points;
mod types;

use convert::{path_arg, to_value};
use errors::{conversion, explain_datetime, guard, to_pyerr};
use gridcore::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::sync::Arc;
use types::{PyBill, PyText};

/// Converts a Python object to the core's JSON form, or the core error saying why not.
fn value_of(py: Python<'_>, kind: ErrorKind, obj: &Bound<'_, PyAny>, root: &str, datetimes: &mut Vec<String>) -> PyResult<serde_json::Value> {
    to_value(obj, root, datetimes)?.map_err(|e| to_pyerr(py, &conversion(kind, e)))
}

/// A validated tariff. Build one with `Tariff.from_dict`, `Tariff.from_json` or
/// `Tariff.from_file`; share it across many requests.
#[pyclass(frozen, module = "gridcore", name = "Tariff")]
pub struct PyTariff(Arc<gridcore::Tariff>);

#[pymethods]
impl PyTariff {
    /// Validates a tariff given as a dict (decimals as `Decimal`, `int` or `str`).
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Tariff, data, "tariff", &mut datetimes)?;
        guard(|| gridcore::Tariff::from_value(value)).map(|t| Self(Arc::new(t))).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))
    }

    /// Parses and validates a tariff from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        guard(|| gridcore::Tariff::from_json(json)).map(|t| Self(Arc::new(t))).map_err(|e| to_pyerr(py, &e))
    }

    /// Reads, parses and validates a tariff from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = std::fs::read_to_string(path_arg(path)?)?;
        Self::from_json(py, &text)
    }

    /// The tariff's identifier.
    #[getter]
    fn id(&self) -> &str {
        self.0.id()
    }

    /// The tariff's name in Chinese and English.
    #[getter]
    fn name(&self) -> PyText {
        PyText(self.0.spec().name.clone())
    }

    /// The tariff's document as JSON text.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The tariff's document as a dict (decimals as strings, as in the JSON form).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.0.to_json(),))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().getattr("from_json")?, (slf.get().0.to_json(),)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __repr__(&self) -> String {
        format!("Tariff(id={:?}, name={:?})", self.0.id(), self.0.spec().name.zh)
    }
}

/// Everything needed to compute one bill: a tariff plus the account, period and usage.
#[pyclass(frozen, module = "gridcore", name = "BillRequest")]
pub struct PyBillRequest(Arc<gridcore::BillRequest>);

#[pymethods]
impl PyBillRequest {
    /// Builds a request. `account`, `period` and `usage` are dicts in the JSON format's
    /// shape with native values (`Decimal`/`int`/`str` amounts, `datetime.date` dates,
    /// `datetime.datetime` interval starts).
    #[new]
    /// `tariff_versions` is a list of `{"effective_from": date, "tariff": Tariff | dict,
    /// "readings": [...]}` for price changes inside the period.
    /// `billing_month` is `"YYYY-MM"`; `new_year_readings` are readings taken on 1 January
    /// (`[{"register": ..., "value": Decimal}]`); `usage` may be left out when the tariff
    /// charges no energy.
    #[pyo3(signature = (tariff, *, account, period, as_of, usage = None, year_to_date_kwh = None, holidays = None, tariff_versions = None, billing_month = None, new_year_readings = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        tariff: PyRef<'_, PyTariff>,
        account: &Bound<'_, PyAny>,
        period: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
        usage: Option<&Bound<'_, PyAny>>,
        year_to_date_kwh: Option<&Bound<'_, PyAny>>,
        holidays: Option<&Bound<'_, PyAny>>,
        tariff_versions: Option<&Bound<'_, PyAny>>,
        billing_month: Option<&Bound<'_, PyAny>>,
        new_year_readings: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let fields = PyDict::new(py);
        fields.set_item("account", account)?;
        fields.set_item("period", period)?;
        fields.set_item("as_of", as_of)?;
        // Interval points are many: they are read straight into the core's records (tens of
        // bytes each), the rest of the usage through its JSON form.
        let (usage, points) = match usage {
            Some(u) => split_points(py, u)?,
            None => (None, None),
        };
        for (key, value) in [("usage", usage.as_ref()), ("billing_month", billing_month), ("new_year_readings", new_year_readings)] {
            if let Some(v) = value {
                fields.set_item(key, v)?;
            }
        }
        if let Some(ytd) = year_to_date_kwh {
            fields.set_item("year_to_date_kwh", ytd)?;
        }
        if let Some(h) = holidays {
            fields.set_item("holidays", h)?;
        }
        if let Some(versions) = tariff_versions {
            // A version's tariff may be a validated `Tariff`: pass its document form.
            let list = PyList::empty(py);
            for v in versions.try_iter()? {
                let v = v?;
                let copy = PyDict::new(py);
                if let Ok(d) = v.cast::<PyDict>() {
                    copy.update(d.as_mapping())?;
                    if let Some(t) = d.get_item("tariff")? {
                        if let Ok(t) = t.cast::<PyTariff>() {
                            copy.set_item("tariff", py.import("json")?.call_method1("loads", (t.get().0.to_json(),))?)?;
                        }
                    }
                    list.append(copy)?;
                } else {
                    list.append(v)?;
                }
            }
            fields.set_item("tariff_versions", list)?;
        }
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Request, fields.as_any(), "", &mut datetimes)?;
        let tariff = tariff.0.clone();
        let mut request = guard(|| gridcore::BillRequest::with_tariff(tariff, value)).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))?;
        if let (Some(points), Some(intervals)) = (points, request.usage.intervals.as_mut()) {
            intervals.points = points;
        }
        Ok(Self(Arc::new(request)))
    }

    /// Parses a request (with its tariff document) from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        guard(|| gridcore::BillRequest::from_json(json)).map(|r| Self(Arc::new(r))).map_err(|e| to_pyerr(py, &e))
    }

    /// The tariff the request bills under.
    #[getter]
    fn tariff(&self) -> PyTariff {
        PyTariff(self.0.tariff.clone())
    }

    /// The account number (户号).
    #[getter]
    fn account_id(&self) -> &str {
        &self.0.account.account_id
    }

    /// The request as JSON text (with its tariff document).
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().getattr("from_json")?, (slf.get().0.to_json(),)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!("BillRequest(account_id={:?}, tariff={:?}, period={}..{})", r.account.account_id, r.tariff.id(), r.period.start, r.period.end)
    }
}

/// Takes `usage.intervals.points` out of a usage dict: the usage without them (a shallow
/// copy), and the points read into the core's records.
fn split_points<'py>(py: Python<'py>, usage: &Bound<'py, PyAny>) -> PyResult<(Option<Bound<'py, PyAny>>, Option<Vec<gridcore::metering::IntervalPoint>>)> {
    let intervals = usage.cast::<PyDict>().ok().and_then(|u| u.get_item("intervals").ok().flatten());
    let Some(intervals) = intervals.as_ref().and_then(|i| i.cast::<PyDict>().ok()) else { return Ok((Some(usage.clone()), None)) };
    let Some(list) = intervals.get_item("points")? else { return Ok((Some(usage.clone()), None)) };
    let points = convert::interval_points(&list, "usage.intervals.points")?.map_err(|e| to_pyerr(py, &conversion(ErrorKind::Metering, e)))?;
    let without = intervals.copy()?;
    without.set_item("points", PyList::empty(py))?;
    let copy = usage.cast::<PyDict>()?.copy()?;
    copy.set_item("intervals", without)?;
    Ok((Some(copy.into_any()), Some(points)))
}

/// Computes one bill, or raises the `GridcoreError` that says which field is wrong.
#[pyfunction]
fn bill(py: Python<'_>, request: PyRef<'_, PyBillRequest>) -> PyResult<PyBill> {
    let request = request.0.clone();
    py.detach(|| guard(|| gridcore::bill(&request))).map(PyBill).map_err(|e| to_pyerr(py, &e))
}

/// Computes many bills in Rust with the GIL released. With `errors="raise"` the first
/// failing request's error is raised (its `index` attribute says which); with
/// `errors="return"` each failure takes its place in the list as an exception object.
#[pyfunction]
#[pyo3(signature = (requests, *, errors = "raise"))]
fn bill_many<'py>(py: Python<'py>, requests: &Bound<'py, PyAny>, errors: &str) -> PyResult<Bound<'py, PyList>> {
    let raise = match errors {
        "raise" => true,
        "return" => false,
        other => return Err(pyo3::exceptions::PyValueError::new_err(format!("errors must be \"raise\" or \"return\", not {other:?}"))),
    };
    // Extract every input first; the engine then runs without touching Python objects.
    let mut owned: Vec<Arc<gridcore::BillRequest>> = Vec::new();
    for item in requests.try_iter()? {
        owned.push(item?.cast::<PyBillRequest>()?.get().0.clone());
    }
    let results: Vec<Result<gridcore::Bill, Error>> = py.detach(|| owned.iter().map(|r| guard(|| gridcore::bill(r))).collect());
    let out = PyList::empty(py);
    for (i, result) in results.into_iter().enumerate() {
        match result {
            Ok(b) => out.append(Bound::new(py, PyBill(b))?)?,
            Err(e) if raise => {
                let err = to_pyerr(py, &e);
                err.value(py).setattr("index", i)?;
                return Err(err);
            }
            Err(e) => {
                let exc = errors::exception(py, &e)?;
                exc.setattr("index", i)?;
                out.append(exc)?;
            }
        }
    }
    Ok(out)
}

/// The late-payment penalty (电费违约金) on `arrears` unpaid since `due_date`, as of
/// `as_of`. `customer_class` is `"residential"` or `"non_residential"`; `bill_month`
/// (`"YYYY-MM"`) names the year the arrears belong to, `carried_over` is
/// `"from_new_year"` (default) or `"every_late_day"`.
#[pyfunction]
#[pyo3(signature = (*, customer_class, arrears, due_date, as_of, bill_month = None, carried_over = None))]
fn late_fee(
    py: Python<'_>,
    customer_class: &Bound<'_, PyAny>,
    arrears: &Bound<'_, PyAny>,
    due_date: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    bill_month: Option<&Bound<'_, PyAny>>,
    carried_over: Option<&Bound<'_, PyAny>>,
) -> PyResult<types::PyLateFee> {
    let fields = PyDict::new(py);
    fields.set_item("customer_class", customer_class)?;
    fields.set_item("arrears", arrears)?;
    fields.set_item("due_date", due_date)?;
    fields.set_item("as_of", as_of)?;
    for (key, value) in [("bill_month", bill_month), ("carried_over", carried_over)] {
        if let Some(v) = value {
            fields.set_item(key, v)?;
        }
    }
    let mut datetimes = Vec::new();
    let value = value_of(py, ErrorKind::Request, fields.as_any(), "", &mut datetimes)?;
    guard(|| gridcore::penalty::LateFeeRequest::from_value(value).and_then(|r| gridcore::penalty::late_fee(&r)))
        .map(types::PyLateFee)
        .map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))
}

/// Explains `after.total − before.total` for two bills of one account as contributions
/// that sum to it exactly.
#[pyfunction]
fn compare(py: Python<'_>, before: PyRef<'_, PyBill>, after: PyRef<'_, PyBill>) -> PyResult<types::PyComparison> {
    guard(|| gridcore::compare(&before.0, &after.0)).map(types::PyComparison).map_err(|e| to_pyerr(py, &e))
}

/// Bills the request under its own tariff and under each of `tariffs`, cheapest first.
#[pyfunction]
fn what_if(py: Python<'_>, request: PyRef<'_, PyBillRequest>, tariffs: &Bound<'_, PyAny>) -> PyResult<types::PyWhatIf> {
    let mut owned = Vec::new();
    for t in tariffs.try_iter()? {
        owned.push(t?.cast::<PyTariff>()?.get().0.clone());
    }
    let request = request.0.clone();
    py.detach(|| guard(|| gridcore::what_if(&request, &owned))).map(types::PyWhatIf).map_err(|e| to_pyerr(py, &e))
}

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

/// A date argument (a `datetime.date`, not a datetime).
fn date_of(py: Python<'_>, obj: &Bound<'_, PyAny>, name: &str) -> PyResult<chrono::NaiveDate> {
    let mut datetimes = Vec::new();
    let value = value_of(py, ErrorKind::Request, obj, name, &mut datetimes)?;
    serde_json::from_value(value).map_err(|e| to_pyerr(py, &explain_datetime(Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, name, e.to_string()), &datetimes)))
}

/// The customer as `role` sees it: only the role's attributes, masked as configured.
#[pyfunction]
fn customer_view(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, role: &str) -> PyResult<types::PyView> {
    let c = customer_of(py, customer)?;
    guard(|| gridcore::customer::view(&config.0, &c, role)).map(types::PyView).map_err(|e| to_pyerr(py, &e))
}

/// Attributes found by meaning (Chinese, synonyms, pinyin initials, English), best first.
#[pyfunction]
#[pyo3(signature = (config, query, *, limit = 10))]
fn search_attributes(config: PyRef<'_, PyCustomerConfig>, query: &str, limit: usize) -> Vec<types::PyAttributeMatch> {
    gridcore::customer::search_attributes(&config.0, query, limit).into_iter().map(types::PyAttributeMatch).collect()
}

/// What must be confirmed when the customer comes for `business` on `as_of`, and why.
#[pyfunction]
#[pyo3(signature = (config, customer, *, business, as_of))]
fn confirmations_required(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, business: &str, as_of: &Bound<'_, PyAny>) -> PyResult<Vec<types::PyConfirmation>> {
    let c = customer_of(py, customer)?;
    let as_of = date_of(py, as_of, "as_of")?;
    guard(|| gridcore::customer::confirmations_required(&config.0, &c, business, as_of))
        .map(|v| v.into_iter().map(types::PyConfirmation).collect())
        .map_err(|e| to_pyerr(py, &e))
}

/// The customer's mood from recent service events, with the events that caused it.
#[pyfunction]
#[pyo3(signature = (config, customer, *, as_of))]
fn customer_mood(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, as_of: &Bound<'_, PyAny>) -> PyResult<types::PyMood> {
    let c = customer_of(py, customer)?;
    let as_of = date_of(py, as_of, "as_of")?;
    guard(|| gridcore::customer::mood(&config.0, &c, as_of)).map(types::PyMood).map_err(|e| to_pyerr(py, &e))
}

/// Every configured tag for the customer as of `as_of`: which apply (only online tags
/// do) and the comparisons that decided it.
#[pyfunction]
#[pyo3(signature = (config, customer, *, as_of))]
fn evaluate_tags(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, as_of: &Bound<'_, PyAny>) -> PyResult<Vec<types::PyTagResult>> {
    let c = customer_of(py, customer)?;
    let as_of = date_of(py, as_of, "as_of")?;
    Ok(gridcore::customer::evaluate_tags(&config.0, &c, as_of).into_iter().map(types::PyTagResult).collect())
}

/// Moves a tag definition (a dict) along its lifecycle; returns the new definition.
#[pyfunction]
fn transition_tag<'py>(py: Python<'py>, tag: &Bound<'py, PyAny>, to: &str) -> PyResult<Bound<'py, PyAny>> {
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
fn customer_score(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customer: &Bound<'_, PyAny>, model: &str, as_of: &Bound<'_, PyAny>) -> PyResult<types::PyScore> {
    let c = customer_of(py, customer)?;
    let as_of = date_of(py, as_of, "as_of")?;
    guard(|| gridcore::customer::score(&config.0, &c, model, as_of)).map(types::PyScore).map_err(|e| to_pyerr(py, &e))
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
fn customer_profiles(py: Python<'_>, config: PyRef<'_, PyCustomerConfig>, customers: &Bound<'_, PyAny>, as_of: &Bound<'_, PyAny>) -> PyResult<Vec<types::PyProfile>> {
    let list = customers_of(py, customers)?;
    let as_of = date_of(py, as_of, "as_of")?;
    let config = config.0.clone();
    let out = py.detach(|| guard(|| Ok(gridcore::customer::profiles(&config, &list, as_of)))).map_err(|e| to_pyerr(py, &e))?;
    Ok(out.into_iter().map(types::PyProfile).collect())
}

/// k-means segments of the customers by the given facts, deterministic for `seed`.
#[pyfunction]
#[pyo3(signature = (customers, *, features, k, seed, as_of))]
fn segment_customers(py: Python<'_>, customers: &Bound<'_, PyAny>, features: Vec<String>, k: u32, seed: u64, as_of: &Bound<'_, PyAny>) -> PyResult<types::PySegmentation> {
    let list = customers_of(py, customers)?;
    let as_of = date_of(py, as_of, "as_of")?;
    let features: Vec<gridcore::customer::Fact> = serde_json::from_value(serde_json::json!(features))
        .map_err(|e| to_pyerr(py, &Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "features", e.to_string())))?;
    py.detach(|| guard(|| gridcore::customer::segment(&list, &features, k, seed, as_of))).map(types::PySegmentation).map_err(|e| to_pyerr(py, &e))
}

/// Merges two records of one person; the result keeps both originals for `unmerge_customers`.
#[pyfunction]
fn merge_customers(py: Python<'_>, primary: &Bound<'_, PyAny>, other: &Bound<'_, PyAny>) -> PyResult<types::PyMerge> {
    let (a, b) = (customer_of(py, primary)?, customer_of(py, other)?);
    guard(|| gridcore::customer::merge(&a, &b)).map(types::PyMerge).map_err(|e| to_pyerr(py, &e))
}

/// Both records of a merge, exactly as they were (as dicts in the document form).
#[pyfunction]
fn unmerge_customers<'py>(py: Python<'py>, merge: PyRef<'py, types::PyMerge>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let (a, b) = gridcore::customer::unmerge(&merge.0);
    let json = py.import("json")?;
    Ok((json.call_method1("loads", (a.to_json(),))?, json.call_method1("loads", (b.to_json(),))?))
}

/// The bill as a table with Chinese and English labels.
#[pyfunction]
fn render(bill: PyRef<'_, PyBill>) -> String {
    gridcore::explain::render(&bill.0)
}

/// Panics inside the engine guard, so tests can prove a panic becomes `InternalError`.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guard(gridcore::error::panic_for_binding_tests).map_err(|e| to_pyerr(py, &e))
}

#[pymodule(gil_used = false)]
mod _gridcore {
    #[pymodule_export]
    use super::{
        _panic_for_tests, bill, bill_many, compare, confirmations_required, customer_mood, customer_profiles, customer_score, customer_view, evaluate_tags, late_fee,
        merge_customers, render, search_attributes, segment_customers, transition_tag, unmerge_customers, what_if, PyBillRequest, PyCustomerConfig, PyTariff,
    };
    #[pymodule_export]
    use crate::points::{PyLedger, PyPointsRules};
    #[pymodule_export]
    use crate::messaging::{plan_delivery, render_notice, PyTemplateSet};
    #[pymodule_export]
    use crate::types::{
        PyBill, PyBillPeriod, PyBillSummary, PyComparison, PyContribution, PyIntervalSummary, PyLateFee, PyLateFeeLine, PyLineItem, PyLossUsage, PyMonthCount, PyPricePart,
        PyRegisterUsage, PyRoundingPolicy, PyRule, PySubtotal, PyText, PyUsageSummary, PyWhatIf, PyWhatIfOption, PyView, PyViewField, PyAttributeMatch, PyConfirmation,
        PyMood, PyMoodEvent, PyTagResult, PyScore, PyScoreContribution, PyProfile, PyProfileScore, PySegmentation, PySegment, PyAssignment, PyMerge, PyConflict,
        PyLedgerEntry, PyLot, PyPointsOutcome, PyNotice, PySmsMessage, PyWechatMessage, PyWechatValue, PyPushMessage, PyEmailMessage, PyDelivery,
    };

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
