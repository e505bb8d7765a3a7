//! The payments centre: an account's receivables ledger and the reconciliation of
//! settlement files. Conversion only; every rule lives in `gridcore::payments`.

use crate::convert::{date_of, value_of};
use crate::errors::{explain_datetime, guard, to_pyerr};
use crate::records::{enum_as_str, json_err, record, ToPy};
use gridcore::payments::{
    AccountSetup, Arrears, ArrearsItem, Booked, BookedKind, ChannelTotal, Entry, EntryKind, Ledger, Malformed, OpenComponent, Operation, OutcomeRecord, PaymentEvents, ReconItem, ReconStatus,
    Reconciliation, SettlementLayout, StatusTotal,
};
use gridcore::ErrorKind;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// An account's receivables ledger: bills, payments allocated by the account's policy,
/// late fees as of the payment day, prepaid money, reversals and refunds, as append-only
/// entries with idempotency keys. Store `entries` (or `to_json()`) and load with
/// `AccountLedger.from_json`.
#[pyclass(frozen, module = "gridcore", name = "AccountLedger")]
pub struct PyAccountLedger(Mutex<Ledger>);

impl PyAccountLedger {
    fn with<T>(&self, f: impl FnOnce(&mut Ledger) -> T) -> T {
        let mut l = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut l)
    }
}

#[pymethods]
impl PyAccountLedger {
    /// An empty ledger for an account: `{"account_id", "customer_class", "policy"}`.
    #[new]
    fn new(py: Python<'_>, account: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Request, account, "", &mut datetimes)?;
        guard(|| AccountSetup::from_value(value).and_then(Ledger::new)).map(|l| Self(Mutex::new(l))).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))
    }

    /// A stored ledger from its JSON form, checked by replaying its operations.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        guard(|| Ledger::from_json(json)).map(|l| Self(Mutex::new(l))).map_err(|e| to_pyerr(py, &e))
    }

    /// The account.
    #[getter]
    fn account_id(&self) -> String {
        self.with(|l| l.setup().account_id.clone())
    }

    /// The amount due (principal and assessed late fees): the sum of the entries.
    #[getter]
    fn amount_due<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.with(|l| l.amount_due()).to_py(py)
    }

    /// The unapplied (prepaid) money.
    #[getter]
    fn prepaid<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.with(|l| l.prepaid()).to_py(py)
    }

    /// The entries, in the order written.
    #[getter]
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.with(|l| l.entries().to_vec()).to_py(py)
    }

    /// Applies an operation (a dict with `op`: issue, pay, reverse, refund, write_off or
    /// adjust), exactly once per key.
    fn apply(&self, py: Python<'_>, operation: &Bound<'_, PyAny>) -> PyResult<PyPaymentOutcome> {
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Request, operation, "operation", &mut datetimes)?;
        let op = Operation::from_value(value).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))?;
        self.with(|l| guard(|| l.apply(op).map(|o| o.to_record()))).map(PyPaymentOutcome).map_err(|e| to_pyerr(py, &e))
    }

    /// The arrears as of a date: open bills, late fee to date, prepaid, days overdue.
    fn arrears(&self, py: Python<'_>, as_of: &Bound<'_, PyAny>) -> PyResult<PyArrears> {
        let day = date_of(py, as_of, "as_of")?;
        self.with(|l| guard(|| l.arrears(day))).map(PyArrears).map_err(|e| to_pyerr(py, &e))
    }

    /// A payment's points events (for `Ledger.process`) and `payment_received` notice values.
    fn payment_events(&self, py: Python<'_>, payment_key: &str) -> PyResult<PyPaymentEvents> {
        self.with(|l| guard(|| l.payment_events(payment_key))).map(PyPaymentEvents).map_err(|e| to_pyerr(py, &e))
    }

    /// The payments and refunds booked, for `reconcile_file`.
    fn booked<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.with(|l| l.booked()).to_py(py)
    }

    /// The ledger as JSON text.
    fn to_json(&self) -> String {
        self.with(|l| l.to_json())
    }

    fn __len__(&self) -> usize {
        self.with(|l| l.entries().len())
    }

    fn __repr__(&self) -> String {
        self.with(|l| format!("AccountLedger(account_id={:?}, entries={}, amount_due={}, prepaid={})", l.setup().account_id, l.entries().len(), l.amount_due(), l.prepaid()))
    }
}

/// Reconciles a channel's settlement file (its text) against booked payments and refunds
/// (`Booked` objects or dicts); transactions after `cutoff` are not yet settled.
#[pyfunction]
pub fn reconcile_file(py: Python<'_>, layout: &Bound<'_, PyAny>, text: &str, booked: &Bound<'_, PyAny>, cutoff: &Bound<'_, PyAny>) -> PyResult<PyReconciliation> {
    let mut datetimes = Vec::new();
    let layout = value_of(py, ErrorKind::Request, layout, "layout", &mut datetimes)?;
    let layout = SettlementLayout::from_value(layout).map_err(|e| to_pyerr(py, &e))?;
    let mut list = Vec::new();
    for (i, item) in booked.try_iter()?.enumerate() {
        let item = item?;
        match item.cast::<PyBooked>() {
            Ok(b) => list.push(b.get().0.clone()),
            Err(_) => {
                let path = format!("booked[{i}]");
                let value = value_of(py, ErrorKind::Request, &item, &path, &mut datetimes)?;
                list.push(serde_json::from_value(value).map_err(|e| to_pyerr(py, &gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, path, e.to_string())))?);
            }
        }
    }
    let cutoff_value = value_of(py, ErrorKind::Request, cutoff, "cutoff", &mut datetimes)?;
    let cutoff = gridcore::strict::parse_datetime(cutoff_value.as_str().unwrap_or_default())
        .map_err(|reason| to_pyerr(py, &gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "cutoff", reason)))?;
    py.detach(|| guard(|| gridcore::payments::read_settlement(&layout, text).map(|f| gridcore::payments::reconcile(&f, &list, cutoff))))
        .map(PyReconciliation)
        .map_err(|e| to_pyerr(py, &e))
}

enum_as_str!(EntryKind, BookedKind, ReconStatus);

impl ToPy for serde_json::Value {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.to_string(),))
    }
}

/// An entry's operation: its stored form, the canonical JSON text.
impl ToPy for std::sync::Arc<Operation> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_json().to_py(py)
    }
}

impl ToPy for gridcore::payments::Reason {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.text().to_py(py)
    }
    fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.text().to_plain(py)
    }
}

impl ToPy for BTreeMap<String, String> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let d = PyDict::new(py);
        for (k, v) in self {
            d.set_item(k, v)?;
        }
        Ok(d.into_any())
    }
}

record!("PaymentEntry", PyPaymentEntry, Entry, [seq, key, kind, amount, at, bill_id, component, source, reason, operation]);
record!("PaymentOutcome", PyPaymentOutcome, OutcomeRecord, [key, replayed, entries, amount_due, prepaid]);
record!("OpenComponent", PyOpenComponent, OpenComponent, [code, billed, open]);
record!("ArrearsItem", PyArrearsItem, ArrearsItem, [bill_id, bill_month, due_date, components, principal, late_fee_assessed, late_fee_to_date, amount_due, days_overdue]);
record!("Arrears", PyArrears, Arrears, [account_id, as_of, items, principal, late_fee, amount_due, prepaid, days_overdue]);
record!("PaymentEvents", PyPaymentEvents, PaymentEvents, [points, notice]);
record!("Booked", PyBooked, Booked, [channel, txn_no, key, kind, amount, at, reversed]);
record!("ReconItem", PyReconItem, ReconItem, [status, channel, txn_no, kind, line, file_amount, engine_amount, key, note]);
record!("StatusTotal", PyStatusTotal, StatusTotal, [status, count, file_amount, engine_amount]);
record!("ChannelTotal", PyChannelTotal, ChannelTotal, [channel, status, count, file_amount, engine_amount]);
record!("MalformedRow", PyMalformedRow, Malformed, [line, reason]);
record!("Reconciliation", PyReconciliation, Reconciliation, [items, totals, by_channel, malformed, file_rows, file_payments, file_refunds]);

/// A reconciliation report as a readable table.
#[pyfunction]
pub fn render_reconciliation(report: PyRef<'_, PyReconciliation>) -> String {
    report.0.render()
}
