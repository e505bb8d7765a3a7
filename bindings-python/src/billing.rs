//! Tariffs and bills: validated tariffs and requests, one bill or many (with the GIL
//! released), late fees, comparison, what-if and the rendered bill, and the bill's result
//! classes. Conversion only; every rule lives in `gridcore::billing`.

use crate::convert::{path_arg, value_of};
use crate::errors::{explain_datetime, guard, to_pyerr};
use crate::records::{enum_as_str, json_err, record, PyText, ToPy};
use gridcore::billing::{
    BasicMethod, BillPeriod, BillSummary, Component, Comparison, Contribution, ContributionKind, FixedBasis, IntervalSummary, LateFee, LateFeeLine, LineItem, LossKind,
    LossUsage, MonthCount, PricePart, Register, RegisterUsage, Standard, Subtotal, TierCycle, Unit, UsageSource, UsageSummary, WhatIf, WhatIfOption,
};
use arrow_array::builder::StringBuilder;
use chrono::{Datelike, NaiveDate};
use gridcore::{Bill, Decimal, Error, ErrorKind, Rule};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::sync::Arc;

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
fn split_points<'py>(py: Python<'py>, usage: &Bound<'py, PyAny>) -> PyResult<(Option<Bound<'py, PyAny>>, Option<Vec<gridcore::billing::IntervalPoint>>)> {
    let intervals = usage.cast::<PyDict>().ok().and_then(|u| u.get_item("intervals").ok().flatten());
    let Some(intervals) = intervals.as_ref().and_then(|i| i.cast::<PyDict>().ok()) else { return Ok((Some(usage.clone()), None)) };
    let Some(list) = intervals.get_item("points")? else { return Ok((Some(usage.clone()), None)) };
    let points = crate::convert::interval_points(&list, "usage.intervals.points")?.map_err(|e| to_pyerr(py, &crate::errors::conversion(ErrorKind::Metering, e)))?;
    let without = intervals.copy()?;
    without.set_item("points", PyList::empty(py))?;
    let copy = usage.cast::<PyDict>()?.copy()?;
    copy.set_item("intervals", without)?;
    Ok((Some(copy.into_any()), Some(points)))
}

/// Computes one bill, or raises the `GridcoreError` that says which field is wrong.
#[pyfunction]
pub fn bill(py: Python<'_>, request: PyRef<'_, PyBillRequest>) -> PyResult<PyBill> {
    let request = request.0.clone();
    py.detach(|| guard(|| gridcore::bill(&request))).map(PyBill).map_err(|e| to_pyerr(py, &e))
}

/// Computes many bills in Rust with the GIL released. With `errors="raise"` the first
/// failing request's error is raised (its `index` attribute says which); with
/// `errors="return"` each failure takes its place in the list as an exception object.
#[pyfunction]
#[pyo3(signature = (requests, *, errors = "raise"))]
pub fn bill_many<'py>(py: Python<'py>, requests: &Bound<'py, PyAny>, errors: &str) -> PyResult<Bound<'py, PyList>> {
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
                let exc = crate::errors::exception(py, &e)?;
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
pub fn late_fee(
    py: Python<'_>,
    customer_class: &Bound<'_, PyAny>,
    arrears: &Bound<'_, PyAny>,
    due_date: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    bill_month: Option<&Bound<'_, PyAny>>,
    carried_over: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyLateFee> {
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
    guard(|| gridcore::billing::LateFeeRequest::from_value(value).and_then(|r| gridcore::billing::late_fee(&r)))
        .map(PyLateFee)
        .map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))
}

/// Explains `after.total − before.total` for two bills of one account as contributions
/// that sum to it exactly.
#[pyfunction]
pub fn compare(py: Python<'_>, before: PyRef<'_, PyBill>, after: PyRef<'_, PyBill>) -> PyResult<PyComparison> {
    guard(|| gridcore::compare(&before.0, &after.0)).map(PyComparison).map_err(|e| to_pyerr(py, &e))
}

/// Bills the request under its own tariff and under each of `tariffs`, cheapest first.
#[pyfunction]
pub fn what_if(py: Python<'_>, request: PyRef<'_, PyBillRequest>, tariffs: &Bound<'_, PyAny>) -> PyResult<PyWhatIf> {
    let mut owned = Vec::new();
    for t in tariffs.try_iter()? {
        owned.push(t?.cast::<PyTariff>()?.get().0.clone());
    }
    let request = request.0.clone();
    py.detach(|| guard(|| gridcore::what_if(&request, &owned))).map(PyWhatIf).map_err(|e| to_pyerr(py, &e))
}

/// The bill as a table with Chinese and English labels.
#[pyfunction]
pub fn render(bill: PyRef<'_, PyBill>) -> String {
    gridcore::explain::render(&bill.0)
}

impl ToPy for Standard {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.value().to_py(py)
    }
}

enum_as_str!(Component, Unit, Register, LossKind, UsageSource, FixedBasis, TierCycle, BasicMethod, ContributionKind);

record!("BillPeriod", PyBillPeriod, BillPeriod, [start, end, days]);
record!("MonthCount", PyMonthCount, MonthCount, [whole, days, of_days]);
record!("RegisterUsage", PyRegisterUsage, RegisterUsage, [register, start, end, rollover, estimated, advance, kwh, billed]);
record!("IntervalSummary", PyIntervalSummary, IntervalSummary, [minutes, count]);
record!("LossUsage", PyLossUsage, LossUsage, [kind, fixed_kwh, percent, kwh]);
record!("UsageSummary", PyUsageSummary, UsageSummary, [source, multiplier, registers, intervals, metered_kwh, losses, billed_kwh, by_period, estimated, reactive_kvarh, max_demand_kw]);
record!("Subtotal", PySubtotal, Subtotal, [component, amount]);
record!("LineItem", PyLineItem, LineItem, [code, component, description, quantity, divisor, unit, unit_price, amount, tier, period, rule, to], renamed [from_ => from]);
record!("PricePart", PyPricePart, PricePart, [code, price]);
record!("Contribution", PyContribution, Contribution, [kind, amount, codes, text]);
record!("BillSummary", PyBillSummary, BillSummary, [period, tariff_id, billed_kwh, total]);
record!("Comparison", PyComparison, Comparison, [account_id, before, after, difference, contributions]);
record!("LateFeeLine", PyLateFeeLine, LateFeeLine, [first_day, last_day, days, daily_rate, amount]);
record!("LateFee", PyLateFee, LateFee, [arrears, days_late, lines, minimum_applied, amount]);
record!("Bill", PyBill, Bill, [account_id, tariff_id, tariff_name, period, issued_on, billing_month, usage, lines, subtotals, total, rounding, notes]);
record!("WhatIfOption", PyWhatIfOption, WhatIfOption, [rank, tariff_id, tariff_name, current, total, saving, bill]);
record!("WhatIf", PyWhatIf, WhatIf, [account_id, current_tariff_id, options]);

/// The rule that produced a line: `kind` plus the fields that kind has (others are None).
#[pyclass(frozen, module = "gridcore", name = "Rule")]
pub struct PyRule(pub Rule);

impl ToPy for Rule {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(Bound::new(py, PyRule(self.clone()))?.into_any())
    }
    /// The fields this kind has, as in the JSON form (absent optional fields left out).
    fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let d = PyDict::new(py);
        let r = PyRule(self.clone());
        d.set_item("kind", r.kind())?;
        for (name, value) in [
            ("cycle", r.cycle(py)?),
            ("tier", r.tier(py)?),
            ("lower", r.lower(py)?),
            ("upper", r.upper(py)?),
            ("from_kwh", r.from_kwh(py)?),
            ("to_kwh", r.to_kwh(py)?),
            ("period", r.period(py)?),
            ("basis", r.basis(py)?),
            ("months", match self {
                Rule::Fixed { months, .. } => months.to_plain(py)?,
                Rule::BasicCharge { months, .. } => months.to_plain(py)?,
                _ => py.None().into_bound(py),
            }),
            ("period_kwh", r.period_kwh(py)?),
            ("billed_kwh", r.billed_kwh(py)?),
            ("loss", r.loss(py)?),
            ("components", match self {
                Rule::AgencyPrice { components } => components.to_plain(py)?,
                _ => py.None().into_bound(py),
            }),
            ("method", r.method(py)?),
            ("billed", r.billed(py)?),
            ("capacity_kva", r.capacity_kva(py)?),
            ("contract_kw", r.contract_kw(py)?),
            ("demand_kw", r.demand_kw(py)?),
            ("excess", r.excess(py)?),
            ("excess_threshold_percent", r.excess_threshold_percent(py)?),
            ("excess_multiplier", r.excess_multiplier(py)?),
            ("active_kwh", r.active_kwh(py)?),
            ("reactive_kvarh", r.reactive_kvarh(py)?),
            ("power_factor", r.power_factor(py)?),
            ("rounded", r.rounded(py)?),
            ("standard", r.standard(py)?),
            ("percent", r.percent(py)?),
            ("minimum", r.minimum(py)?),
            ("charges", r.charges(py)?),
        ] {
            if !value.is_none() {
                d.set_item(name, value)?;
            }
        }
        Ok(d.into_any())
    }
}

impl PyRule {
    fn tier_fields(&self) -> Option<(&TierCycle, &u32, &Decimal, &Option<Decimal>, &Decimal, &Decimal)> {
        match &self.0 {
            Rule::Tier { cycle, tier, lower, upper, from_kwh, to_kwh }
            | Rule::TierUplift { cycle, tier, lower, upper, from_kwh, to_kwh }
            | Rule::TierPeriod { cycle, tier, lower, upper, from_kwh, to_kwh, .. } => {
                Some((cycle, tier, lower, upper, from_kwh, to_kwh))
            }
            _ => None,
        }
    }
}

#[pymethods]
impl PyRule {
    /// `flat_price`, `tier`, `time_of_use`, `tier_uplift`, `tier_period`, `loss`, `fund`,
    /// `fixed`, `agency_component`, `agency_price`, `basic_charge`, `power_factor` or
    /// `minimum_charge`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.0 {
            Rule::FlatPrice => "flat_price",
            Rule::Tier { .. } => "tier",
            Rule::TimeOfUse { .. } => "time_of_use",
            Rule::TierUplift { .. } => "tier_uplift",
            Rule::TierPeriod { .. } => "tier_period",
            Rule::Loss { .. } => "loss",
            Rule::Fund => "fund",
            Rule::Fixed { .. } => "fixed",
            Rule::AgencyComponent => "agency_component",
            Rule::AgencyPrice { .. } => "agency_price",
            Rule::BasicCharge { .. } => "basic_charge",
            Rule::PowerFactor { .. } => "power_factor",
            Rule::MinimumCharge { .. } => "minimum_charge",
        }
    }
    #[getter]
    fn cycle<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.tier_fields().map(|t| *t.0).to_py(py)
    }
    #[getter]
    fn tier<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.tier_fields().map(|t| *t.1).to_py(py)
    }
    #[getter]
    fn lower<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.tier_fields().map(|t| *t.2).to_py(py)
    }
    #[getter]
    fn upper<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.tier_fields().and_then(|t| *t.3).to_py(py)
    }
    #[getter]
    fn from_kwh<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.tier_fields().map(|t| *t.4).to_py(py)
    }
    #[getter]
    fn to_kwh<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.tier_fields().map(|t| *t.5).to_py(py)
    }
    #[getter]
    fn period<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::TimeOfUse { period } | Rule::TierPeriod { period, .. } => period.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn basis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::Fixed { basis, .. } => basis.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    /// The exact months of a monthly fixed charge or a basic charge.
    #[getter]
    fn months<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::Fixed { months, .. } => months.to_py(py),
            Rule::BasicCharge { months, .. } => months.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn components<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::AgencyPrice { components, .. } => components.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn method<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::BasicCharge { method, .. } => method.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn billed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::BasicCharge { billed, .. } => billed.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn capacity_kva<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::BasicCharge { capacity_kva, .. } => capacity_kva.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn contract_kw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::BasicCharge { contract_kw, .. } => contract_kw.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn demand_kw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::BasicCharge { demand_kw, .. } => demand_kw.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn excess<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::BasicCharge { excess, .. } => excess.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn excess_threshold_percent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::BasicCharge { excess_threshold_percent, .. } => excess_threshold_percent.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn excess_multiplier<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::BasicCharge { excess_multiplier, .. } => excess_multiplier.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn period_kwh<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::TierPeriod { period_kwh, .. } => period_kwh.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn billed_kwh<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::TierPeriod { billed_kwh, .. } => billed_kwh.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn loss<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::Loss { loss } => loss.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn active_kwh<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::PowerFactor { active_kwh, .. } => active_kwh.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn reactive_kvarh<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::PowerFactor { reactive_kvarh, .. } => reactive_kvarh.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn power_factor<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::PowerFactor { power_factor, .. } => power_factor.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn rounded<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::PowerFactor { rounded, .. } => rounded.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn standard<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::PowerFactor { standard, .. } => standard.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn percent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::PowerFactor { percent, .. } => percent.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn minimum<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::MinimumCharge { minimum, .. } => minimum.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    #[getter]
    fn charges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0 {
            Rule::MinimumCharge { charges, .. } => charges.to_py(py),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    /// The rule explained in Chinese and English.
    fn explain(&self) -> PyText {
        PyText(self.0.explain())
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.0.to_plain(py)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Rule({})", self.to_dict(py)?.repr()?))
    }
}

/// The registers a columnar batch can carry readings of, as `<register>_start` and
/// `<register>_end` columns.
const REGISTERS: [(Register, &str, &str); 6] = [
    (Register::Total, "total_start", "total_end"),
    (Register::CriticalPeak, "critical_peak_start", "critical_peak_end"),
    (Register::Peak, "peak_start", "peak_end"),
    (Register::Flat, "flat_start", "flat_end"),
    (Register::Valley, "valley_start", "valley_end"),
    (Register::Reactive, "reactive_start", "reactive_end"),
];
const KEY_COLUMNS: [&str; 4] = ["account_id", "tariff_id", "period_start", "period_end"];
const OTHER_COLUMNS: [&str; 11] = [
    "as_of", "year_to_date_kwh", "ct_ratio", "pt_ratio", "max_demand", "tier_extra_kwh", "basic_method", "capacity_kva", "contract_demand_kw", "intervals", "interval_minutes",
];

/// One batch's columns, found by name and checked for type once per batch.
struct InputColumns<'a> {
    account: crate::arrow::Texts<'a>,
    tariff: crate::arrow::Texts<'a>,
    start: crate::arrow::Dates<'a>,
    end: crate::arrow::Dates<'a>,
    as_of: Option<crate::arrow::Dates<'a>>,
    ytd: Option<crate::arrow::Exact<'a>>,
    ct: Option<crate::arrow::Exact<'a>>,
    pt: Option<crate::arrow::Exact<'a>>,
    max_demand: Option<crate::arrow::Exact<'a>>,
    tier_extra: Option<crate::arrow::ExactLists<'a>>,
    basic_method: Option<crate::arrow::Texts<'a>>,
    capacity: Option<crate::arrow::Exact<'a>>,
    contract_demand: Option<crate::arrow::Exact<'a>>,
    intervals: Option<crate::arrow::IntervalLists<'a>>,
    minutes: Option<crate::arrow::Exact<'a>>,
    registers: Vec<(Register, &'static str, crate::arrow::Exact<'a>, &'static str, crate::arrow::Exact<'a>)>,
}

impl<'a> InputColumns<'a> {
    fn of(batch: &'a arrow_array::RecordBatch) -> Result<Self, Error> {
        use crate::arrow::{column_error, Dates, Exact, Texts};
        let schema = batch.schema_ref();
        for f in schema.fields() {
            let n = f.name().as_str();
            if !KEY_COLUMNS.contains(&n) && !OTHER_COLUMNS.contains(&n) && !REGISTERS.iter().any(|r| r.1 == n || r.2 == n) {
                return Err(column_error(n, format!("the column `{n}` is not one the columnar bill reads (see docs/columnar.md); select the columns it needs")));
            }
        }
        let col = |n: &str| batch.column_by_name(n);
        let need = |n: &str| col(n).ok_or_else(|| column_error(n, format!("the column `{n}` is needed")));
        let mut registers = Vec::new();
        for (r, s, e) in REGISTERS {
            match (col(s), col(e)) {
                (Some(a), Some(b)) => registers.push((r, s, Exact::of(s, a)?, e, Exact::of(e, b)?)),
                (None, None) => {}
                (Some(_), None) => return Err(column_error(e, format!("the column `{s}` needs its `{e}`"))),
                (None, Some(_)) => return Err(column_error(s, format!("the column `{e}` needs its `{s}`"))),
            }
        }
        Ok(InputColumns {
            account: Texts::of("account_id", need("account_id")?)?,
            tariff: Texts::of("tariff_id", need("tariff_id")?)?,
            start: Dates::of("period_start", need("period_start")?)?,
            end: Dates::of("period_end", need("period_end")?)?,
            as_of: col("as_of").map(|a| Dates::of("as_of", a)).transpose()?,
            ytd: col("year_to_date_kwh").map(|a| Exact::of("year_to_date_kwh", a)).transpose()?,
            ct: col("ct_ratio").map(|a| Exact::of("ct_ratio", a)).transpose()?,
            pt: col("pt_ratio").map(|a| Exact::of("pt_ratio", a)).transpose()?,
            max_demand: col("max_demand").map(|a| Exact::of("max_demand", a)).transpose()?,
            tier_extra: col("tier_extra_kwh").map(|a| crate::arrow::ExactLists::of("tier_extra_kwh", a)).transpose()?,
            basic_method: col("basic_method").map(|a| Texts::of("basic_method", a)).transpose()?,
            capacity: col("capacity_kva").map(|a| Exact::of("capacity_kva", a)).transpose()?,
            contract_demand: col("contract_demand_kw").map(|a| Exact::of("contract_demand_kw", a)).transpose()?,
            intervals: col("intervals").map(|a| crate::arrow::IntervalLists::of("intervals", a)).transpose()?,
            minutes: col("interval_minutes").map(|a| Exact::of("interval_minutes", a)).transpose()?,
            registers,
        })
    }

    /// The request of one row, or why the row cannot be billed (its column as the path).
    fn request(&self, row: usize, tariffs: &std::collections::HashMap<String, Arc<gridcore::Tariff>>) -> Result<gridcore::BillRequest, Error> {
        use gridcore::billing::{Meter, Period, Reading, UsageInput};
        use gridcore::ErrorCode;
        let missing = |c: &str| Error::new(ErrorKind::Request, ErrorCode::Empty, c.to_string(), format!("`{c}` is empty in this row"));
        let exact = |c: &str, e: &crate::arrow::Exact<'_>| e.get(row).map_err(|()| Error::new(ErrorKind::Request, ErrorCode::OutOfRange, c.to_string(), format!("`{c}` does not fit a 96-bit decimal")));
        let account_id = self.account.get(row).ok_or_else(|| missing("account_id"))?;
        let tariff_id = self.tariff.get(row).ok_or_else(|| missing("tariff_id"))?;
        let tariff = tariffs.get(tariff_id).ok_or_else(|| Error::new(ErrorKind::Request, ErrorCode::UnknownReference, "tariff_id", format!("no tariff \"{tariff_id}\" was given")))?;
        let start = self.start.get(row).ok_or_else(|| missing("period_start"))?;
        let end = self.end.get(row).ok_or_else(|| missing("period_end"))?;
        let as_of = match &self.as_of {
            Some(d) => d.get(row).unwrap_or(end),
            None => end,
        };
        let mut readings = Vec::with_capacity(self.registers.len());
        for (register, s, a, e, b) in &self.registers {
            match (exact(s, a)?, exact(e, b)?) {
                (Some(start), Some(end)) => readings.push(Reading { register: *register, start, end, rollover: false, estimated: false }),
                (None, None) => {}
                (Some(_), None) => return Err(missing(e)),
                (None, Some(_)) => return Err(missing(s)),
            }
        }
        let max_demand = match &self.max_demand {
            Some(e) => exact("max_demand", e)?,
            None => None,
        };
        let bad = |c: String, why: String| Error::new(ErrorKind::Request, ErrorCode::InvalidField, c, why);
        let tier_extra_kwh = match self.tier_extra.as_ref().and_then(|l| l.get(row)) {
            None => Vec::new(),
            Some(Ok(v)) => v,
            Some(Err(i)) => return Err(bad(format!("tier_extra_kwh[{i}]"), "a tier extra is empty or does not fit a 96-bit decimal".into())),
        };
        let basic_charge = match self.basic_method.as_ref().and_then(|t| t.get(row)) {
            None => None,
            Some(m) => {
                let method = serde_json::from_value(serde_json::Value::String(m.to_string()))
                    .map_err(|_| bad("basic_method".into(), format!("\"{m}\" is not a basic-charge method: capacity, contract_demand or actual_demand")))?;
                let capacity_kva = self.capacity.as_ref().map(|c| exact("capacity_kva", c)).transpose()?.flatten().ok_or_else(|| missing("capacity_kva"))?;
                let contract_demand_kw = self.contract_demand.as_ref().map(|c| exact("contract_demand_kw", c)).transpose()?.flatten();
                Some(gridcore::billing::BasicChargeContract { method, capacity_kva, contract_demand_kw, capacity_changes: Vec::new() })
            }
        };
        let intervals = match self.intervals.as_ref().and_then(|l| l.get(row)) {
            None => None,
            Some(Err((i, field))) => return Err(bad(format!("intervals[{i}].{field}"), format!("this point's {field} is empty or out of range"))),
            Some(Ok(points)) => {
                let minutes = self.minutes.as_ref().map(|m| exact("interval_minutes", m)).transpose()?.flatten().ok_or_else(|| missing("interval_minutes"))?;
                let minutes = u32::try_from(minutes.normalize().mantissa()).ok().filter(|_| minutes.normalize().scale() == 0)
                    .ok_or_else(|| bad("interval_minutes".into(), format!("{minutes} is not a whole number of minutes")))?;
                Some(gridcore::billing::IntervalData { minutes, points })
            }
        };
        let one = Decimal::ONE;
        let ratio = |c: &str, e: &Option<crate::arrow::Exact<'_>>| -> Result<Decimal, Error> { Ok(match e { Some(e) => exact(c, e)?.unwrap_or(one), None => one }) };
        let usage = UsageInput { meter: Meter { ct_ratio: ratio("ct_ratio", &self.ct)?, pt_ratio: ratio("pt_ratio", &self.pt)?, digits: None }, readings: (!readings.is_empty()).then_some(readings), intervals, losses: Vec::new(), max_demand };
        let year_to_date_kwh = match &self.ytd {
            Some(e) => exact("year_to_date_kwh", e)?.unwrap_or(Decimal::ZERO),
            None => Decimal::ZERO,
        };
        Ok(gridcore::BillRequest {
            tariff: tariff.clone(),
            account: gridcore::billing::Account { account_id: account_id.to_string(), tier_extra_kwh, basic_charge, ..Default::default() },
            period: Period { start, end },
            usage,
            year_to_date_kwh,
            holidays: Vec::new(),
            as_of,
            tariff_versions: Vec::new(),
            billing_month: None,
            new_year_readings: Vec::new(),
        })
    }
}

/// The output columns of bills and of their lines, filled row by row: texts appended to
/// Arrow's builders as they are (no string per value), enum names written once.
struct Outputs {
    bills: BillColumns,
    lines: LineColumns,
    names: Names,
    /// The current bill's line figures (quantity, unit price, amount) as mantissas.
    figures: Vec<[i128; 3]>,
}

#[derive(Default)]
struct BillColumns {
    account: StringBuilder,
    tariff: StringBuilder,
    start: Vec<Option<i32>>,
    end: Vec<Option<i32>>,
    status: StringBuilder,
    total: Vec<Option<i128>>,
    lines: Vec<i32>,
    code: StringBuilder,
    path: StringBuilder,
    reason: StringBuilder,
}

#[derive(Default)]
struct LineColumns {
    account: StringBuilder,
    period_start: Vec<i32>,
    line: Vec<i32>,
    code: StringBuilder,
    component: StringBuilder,
    quantity: Vec<Option<i128>>,
    divisor: Vec<Option<i32>>,
    unit: StringBuilder,
    unit_price: Vec<Option<i128>>,
    amount: Vec<Option<i128>>,
    tier: Vec<Option<i32>>,
    period: StringBuilder,
    from: Vec<Option<i32>>,
    to: Vec<Option<i32>>,
}

/// The snake_case names serde gives the enums of a line (what the JSON form of a bill
/// says), each computed once per batch.
#[derive(Default)]
struct Names {
    components: Vec<(Component, String)>,
    units: Vec<(gridcore::billing::Unit, String)>,
    periods: Vec<(gridcore::calendar::TouPeriod, String)>,
}

fn cached<T: Copy + PartialEq + serde::Serialize>(cache: &mut Vec<(T, String)>, v: T) -> &str {
    let i = match cache.iter().position(|(k, _)| *k == v) {
        Some(i) => i,
        None => {
            cache.push((v, serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()));
            cache.len() - 1
        }
    };
    &cache[i].1
}

/// Days since 1970-01-01 (date32).
fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - 719_163
}

/// The money and quantity scales of the output columns: totals to the fen, line figures
/// exact to 10 decimals (the most a line's amount carries).
const TOTAL_SCALE: u32 = 2;
const LINE_SCALE: u32 = 10;

impl Outputs {
    fn new() -> Self {
        Outputs { bills: BillColumns::default(), lines: LineColumns::default(), names: Names::default(), figures: Vec::new() }
    }

    fn push(&mut self, cols: &InputColumns<'_>, row: usize, result: Result<gridcore::Bill, Error>) {
        let b = &mut self.bills;
        b.account.append_option(cols.account.get(row));
        b.tariff.append_option(cols.tariff.get(row));
        b.start.push(cols.start.get(row).map(days));
        b.end.push(cols.end.get(row).map(days));
        // A bill whose figures the columns cannot hold exactly fails as a whole.
        // Each line's quantity, unit price and amount at the column's scale, into a reused
        // buffer: the figures are written only once all of them fit.
        let figures = &mut self.figures;
        figures.clear();
        let result = result.and_then(|bill| {
            let total = crate::arrow::mantissa(bill.total, TOTAL_SCALE).ok_or_else(|| Error::internal(format!("the total {} has more than {TOTAL_SCALE} decimals", bill.total)))?;
            for l in &bill.lines {
                let mut f = [0; 3];
                for (slot, (what, v)) in f.iter_mut().zip([("quantity", l.quantity), ("unit price", l.unit_price), ("amount", l.amount)]) {
                    *slot = crate::arrow::mantissa(v, LINE_SCALE).ok_or_else(|| Error::internal(format!("line {}'s {what} {v} has more than {LINE_SCALE} decimals", l.code)))?;
                }
                figures.push(f);
            }
            Ok((bill, total))
        });
        match result {
            Ok((bill, total)) => {
                b.status.append_value("billed");
                b.total.push(Some(total));
                b.lines.push(bill.lines.len() as i32);
                b.code.append_null();
                b.path.append_null();
                b.reason.append_null();
                let (l, names) = (&mut self.lines, &mut self.names);
                for (i, (line, [quantity, unit_price, amount])) in bill.lines.iter().zip(self.figures.iter().copied()).enumerate() {
                    l.account.append_value(&bill.account_id);
                    l.period_start.push(days(bill.period.start));
                    l.line.push(i as i32 + 1);
                    l.code.append_value(&line.code);
                    l.component.append_value(cached(&mut names.components, line.component));
                    l.quantity.push(Some(quantity));
                    l.divisor.push(line.divisor.map(|d| d as i32));
                    l.unit.append_value(cached(&mut names.units, line.unit));
                    l.unit_price.push(Some(unit_price));
                    l.amount.push(Some(amount));
                    l.tier.push(line.tier.map(|t| t as i32));
                    l.period.append_option(line.period.map(|p| cached(&mut names.periods, p)));
                    l.from.push(line.from.map(days));
                    l.to.push(line.to.map(days));
                }
            }
            Err(e) => {
                b.status.append_value("failed");
                b.total.push(None);
                b.lines.push(0);
                b.code.append_value(e.code.as_str());
                b.path.append_value(&e.path);
                b.reason.append_value(&e.reason);
            }
        }
    }

    fn finish(self) -> Result<(arrow_array::RecordBatch, arrow_array::RecordBatch), arrow_schema::ArrowError> {
        use arrow_array::{ArrayRef, Date32Array, Decimal128Array, Int32Array, RecordBatch};
        let dec = |v: Vec<Option<i128>>, p: u8, s: u32| -> Result<ArrayRef, arrow_schema::ArrowError> { Ok(Arc::new(Decimal128Array::from(v).with_precision_and_scale(p, s as i8)?)) };
        let text = |mut b: StringBuilder| -> ArrayRef { Arc::new(b.finish()) };
        let b = self.bills;
        let bills: Vec<(&str, ArrayRef)> = vec![
            ("account_id", text(b.account)),
            ("tariff_id", text(b.tariff)),
            ("period_start", Arc::new(Date32Array::from(b.start))),
            ("period_end", Arc::new(Date32Array::from(b.end))),
            ("status", text(b.status)),
            ("total", dec(b.total, 18, TOTAL_SCALE)?),
            ("lines", Arc::new(Int32Array::from(b.lines))),
            ("error_code", text(b.code)),
            ("error_path", text(b.path)),
            ("error_reason", text(b.reason)),
        ];
        let l = self.lines;
        let lines: Vec<(&str, ArrayRef)> = vec![
            ("account_id", text(l.account)),
            ("period_start", Arc::new(Date32Array::from(l.period_start))),
            ("line", Arc::new(Int32Array::from(l.line))),
            ("code", text(l.code)),
            ("component", text(l.component)),
            ("quantity", dec(l.quantity, 38, LINE_SCALE)?),
            ("divisor", Arc::new(Int32Array::from(l.divisor))),
            ("unit", text(l.unit)),
            ("unit_price", dec(l.unit_price, 38, LINE_SCALE)?),
            ("amount", dec(l.amount, 38, LINE_SCALE)?),
            ("tier", Arc::new(Int32Array::from(l.tier))),
            ("period", text(l.period)),
            ("from", Arc::new(Date32Array::from(l.from))),
            ("to", Arc::new(Date32Array::from(l.to))),
        ];
        Ok((RecordBatch::try_from_iter(bills)?, RecordBatch::try_from_iter(lines)?))
    }
}

/// Bills a columnar batch of account-months (any Arrow data: a pyarrow Table or
/// RecordBatch, a polars or pandas DataFrame, a Spark `mapInArrow` batch) under the given
/// tariffs, with the GIL released. Returns `(bills, lines)`: one row per account-month
/// (`status` `billed` or `failed`, with the error's code, path and reason — a bad row
/// never fails the batch) and one row per line of the billed ones, as Arrow batches with
/// exact decimals. A column of the wrong type (a float for money or kWh) or one the bill
/// does not read raises `GridcoreError` naming the column. Schema: docs/columnar.md.
#[pyfunction]
pub fn bill_arrow<'py>(py: Python<'py>, accounts: &Bound<'py, PyAny>, tariffs: &Bound<'py, PyAny>) -> PyResult<(crate::arrow::PyArrowBatches, crate::arrow::PyArrowBatches)> {
    let mut book = std::collections::HashMap::new();
    for t in tariffs.try_iter()? {
        let t = t?.cast::<PyTariff>()?.get().0.clone();
        if book.insert(t.id().to_string(), t.clone()).is_some() {
            return Err(pyo3::exceptions::PyValueError::new_err(format!("two tariffs have the id {:?}", t.id())));
        }
    }
    let (_, batches) = crate::arrow::import(accounts)?;
    let out = py.detach(|| -> Result<Vec<(arrow_array::RecordBatch, arrow_array::RecordBatch)>, Error> {
        let mut out = Vec::with_capacity(batches.len());
        for batch in &batches {
            let cols = InputColumns::of(batch)?;
            let mut o = Outputs::new();
            for row in 0..batch.num_rows() {
                // Reading the row is guarded with the bill: nothing panics across the boundary.
                let result = guard(|| cols.request(row, &book).and_then(|r| gridcore::bill(&r)));
                o.push(&cols, row, result);
            }
            out.push(o.finish().map_err(|e| Error::internal(e.to_string()))?);
        }
        Ok(out)
    });
    let out = out.map_err(|e| to_pyerr(py, &e))?;
    let empty = Outputs::new().finish().map_err(|e| to_pyerr(py, &Error::internal(e.to_string())))?;
    let (bill_schema, line_schema) = (empty.0.schema(), empty.1.schema());
    let (bills, lines): (Vec<_>, Vec<_>) = out.into_iter().unzip();
    Ok((crate::arrow::PyArrowBatches::new(bill_schema, bills), crate::arrow::PyArrowBatches::new(line_schema, lines)))
}

// ---- URDB rates and annual bills from an hourly load (gridcore::billing::urdb) ----

use gridcore::billing::urdb::{self, Allocation, AnnualAmounts, AnnualBill, AnnualCalendar, AnnualComponent, AnnualLine, AnnualRounding, AnnualUnit, HourlyLoad, MonthBill, Share};

/// A rate from OpenEI's Utility Rate Database, read with `UrdbTariff.from_json`,
/// `from_dict` (what `json.load` gives) or `from_file`. Fields gridcore cannot apply are
/// refused by name (`TariffError`, code `unsupported`).
#[pyclass(frozen, module = "gridcore", name = "UrdbTariff")]
pub struct PyUrdbTariff(Arc<urdb::UrdbTariff>);

#[pymethods]
impl PyUrdbTariff {
    /// Reads a URDB rate (or the API's `{"items": [rate]}`) from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        guard(|| urdb::UrdbTariff::from_urdb_json(json)).map(|t| Self(Arc::new(t))).map_err(|e| to_pyerr(py, &e))
    }

    /// Reads a URDB rate from a dict as `json.load` returns it (URDB's numbers are JSON
    /// numbers; each is read as the decimal its text was).
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text: String = py.import("json")?.call_method1("dumps", (data,))?.extract()?;
        Self::from_json(py, &text)
    }

    /// Reads a URDB rate from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = std::fs::read_to_string(path_arg(path)?)?;
        Self::from_json(py, &text)
    }

    /// The rate's name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// The utility's name.
    #[getter]
    fn utility(&self) -> &str {
        &self.0.utility
    }

    fn __repr__(&self) -> String {
        format!("UrdbTariff({:?}, utility={:?})", self.0.name, self.0.utility)
    }
}

/// The hourly load: an Arrow `decimal128` array (anything with `__arrow_c_array__`, read
/// without a copy per value) or a sequence of `Decimal`, `int` or `str`.
fn hourly_load(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<HourlyLoad> {
    if obj.hasattr("__arrow_c_array__")? {
        let (units, scale) = crate::arrow::decimal_column(obj)?;
        return guard(|| HourlyLoad::from_units(units.values().iter().copied(), scale)).map_err(|e| to_pyerr(py, &e));
    }
    let mut datetimes = Vec::new();
    let value = value_of(py, ErrorKind::Metering, obj, "hourly_kwh", &mut datetimes)?;
    guard(|| HourlyLoad::from_value(&value)).map_err(|e| to_pyerr(py, &e))
}

/// Bills a year of hourly kWh under a URDB rate: twelve monthly bills and the year's total.
/// `year=None` is SAM's calendar (365 days, 1 January a Monday, no holidays); a year bills
/// its own weekdays, with `holidays` on the weekend schedule. `allocation` is
/// `"proportional"` or `"chronological"` (default: the rate's `dgrules`); `amounts` is
/// `"rounded"` (each line to the cent) or `"unrounded"` (12 places).
#[pyfunction]
#[pyo3(signature = (tariff, hourly_kwh, *, year = None, holidays = None, allocation = None, amounts = "rounded"))]
pub fn bill_annual(py: Python<'_>, tariff: PyRef<'_, PyUrdbTariff>, hourly_kwh: &Bound<'_, PyAny>, year: Option<i32>, holidays: Option<&Bound<'_, PyAny>>, allocation: Option<&str>, amounts: &str) -> PyResult<PyAnnualBill> {
    let mut days = Vec::new();
    if let Some(holidays) = holidays {
        for (i, d) in holidays.try_iter()?.enumerate() {
            days.push(crate::convert::date_of(py, &d?, &format!("holidays[{i}]"))?);
        }
    }
    let allocation = allocation.map(Allocation::from_name).transpose().map_err(|e| to_pyerr(py, &e))?;
    let amounts = AnnualAmounts::from_name(amounts).map_err(|e| to_pyerr(py, &e))?;
    let calendar = match year {
        None => AnnualCalendar::Sam,
        Some(y) => AnnualCalendar::Year(y),
    };
    let load = hourly_load(py, hourly_kwh)?;
    let request = urdb::AnnualRequest { calendar, holidays: days, load, allocation, amounts };
    let tariff = tariff.0.clone();
    py.detach(|| guard(|| urdb::bill_annual(&tariff, &request))).map(PyAnnualBill).map_err(|e| to_pyerr(py, &e))
}

/// Bills an annual request in its JSON form (`{"calendar": "sam"} | {"year": …}`,
/// `"hourly_kwh"`, …), as the conformance cases hold it.
#[pyfunction]
pub fn bill_annual_json(py: Python<'_>, tariff: PyRef<'_, PyUrdbTariff>, request: &str) -> PyResult<PyAnnualBill> {
    let tariff = tariff.0.clone();
    py.detach(|| guard(|| urdb::AnnualRequest::from_json(request).and_then(|r| urdb::bill_annual(&tariff, &r)))).map(PyAnnualBill).map_err(|e| to_pyerr(py, &e))
}

enum_as_str!(Allocation, AnnualComponent, AnnualUnit);
record!("AnnualBill", PyAnnualBill, AnnualBill, [rate, utility, currency, calendar, allocation, rounding, months, energy, demand, fixed, minimum, total]);
record!("MonthBill", PyMonthBill, MonthBill, [month, days, kwh, peak_kw, lines, energy, demand, fixed, minimum, total]);
record!("AnnualLine", PyAnnualLine, AnnualLine, [code, component, period, tier, quantity, unit, price, amount, share]);
record!("Share", PyShare, Share, [tier_kwh, period_kwh, month_kwh]);
record!("AnnualRounding", PyAnnualRounding, AnnualRounding, [scale, mode]);
