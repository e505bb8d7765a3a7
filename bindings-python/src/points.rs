//! The points centre: a rule book and a customer's ledger. Conversion only; every rule
//! lives in `gridcore::points`.

use crate::convert::{date_of, path_arg, value_of};
use crate::errors::{explain_datetime, guard, to_pyerr};
use crate::records::{enum_as_str, json_err, record, ToPy};
use gridcore::points::{Entry, EntryKind, Ledger, Lot, Operation, OutcomeRecord, PointsEvent, PointsRules};
use pyo3::types::PyDict;
use gridcore::ErrorKind;
use pyo3::prelude::*;
use std::sync::{Arc, Mutex};

/// A validated points rule book. Build one with `PointsRules.from_dict`, `from_json` or
/// `from_file`; share it across ledgers.
#[pyclass(frozen, module = "gridcore", name = "PointsRules")]
pub struct PyPointsRules(Arc<PointsRules>);

#[pymethods]
impl PyPointsRules {
    /// Validates a rule book given as a dict.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Request, data, "points", &mut datetimes)?;
        guard(|| PointsRules::from_value(value)).map(|r| Self(Arc::new(r))).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))
    }

    /// Parses and validates a rule book from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        guard(|| PointsRules::from_json(json)).map(|r| Self(Arc::new(r))).map_err(|e| to_pyerr(py, &e))
    }

    /// Reads, parses and validates a rule book from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = std::fs::read_to_string(path_arg(path)?)?;
        Self::from_json(py, &text)
    }

    /// The rule book as JSON text.
    fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// A customer's points ledger: append-only entries with idempotency keys. `process` runs
/// an event through a rule book; `apply` awards, redeems, reverses or expires directly.
/// Store `entries` (or `to_json()`) and load with `Ledger.from_json`.
#[pyclass(frozen, module = "gridcore", name = "Ledger")]
pub struct PyLedger(Mutex<Ledger>);

impl PyLedger {
    fn with<T>(&self, f: impl FnOnce(&mut Ledger) -> T) -> T {
        // A panic inside the engine is caught by `guard` before the lock is released, so
        // the lock is never poisoned by the engine; recover it anyway rather than panic.
        let mut l = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut l)
    }
}

#[pymethods]
impl PyLedger {
    /// An empty ledger (`RequestError` when the customer id is blank, over 128
    /// characters or holds a control character).
    #[new]
    fn new(py: Python<'_>, customer_id: &str) -> PyResult<Self> {
        guard(|| Ledger::for_customer(customer_id)).map(|l| Self(Mutex::new(l))).map_err(|e| to_pyerr(py, &e))
    }

    /// A stored ledger from its JSON form, checked entry by entry.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        guard(|| Ledger::from_json(json)).map(|l| Self(Mutex::new(l))).map_err(|e| to_pyerr(py, &e))
    }

    /// Whose points.
    #[getter]
    fn customer_id(&self) -> String {
        self.with(|l| l.customer_id().to_string())
    }

    /// The balance: the sum of the entries.
    #[getter]
    fn balance(&self) -> i64 {
        self.with(|l| l.balance())
    }

    /// The entries, in order.
    #[getter]
    fn entries(&self) -> Vec<PyLedgerEntry> {
        self.with(|l| l.entries().iter().cloned().map(PyLedgerEntry).collect())
    }

    /// Every lot with what is left of it.
    fn lots(&self) -> Vec<PyLot> {
        self.with(|l| l.lots().into_iter().map(PyLot).collect())
    }

    /// Points usable on a day: left in lots that have not expired by then, less points owed.
    fn usable(&self, py: Python<'_>, on: &Bound<'_, PyAny>) -> PyResult<i64> {
        let on = date_of(py, on, "on")?;
        Ok(self.with(|l| l.usable(on)))
    }

    /// Runs an event (a dict) through the rule book, exactly once per event key.
    fn process(&self, py: Python<'_>, rules: PyRef<'_, PyPointsRules>, event: &Bound<'_, PyAny>) -> PyResult<PyPointsOutcome> {
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Request, event, "event", &mut datetimes)?;
        let event = PointsEvent::from_value(value).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))?;
        let rules = rules.0.clone();
        self.with(|l| guard(|| gridcore::points::process(&rules, l, &event).map(|o| o.to_record()))).map(PyPointsOutcome).map_err(|e| to_pyerr(py, &e))
    }

    /// Applies an operation (a dict with `op`: award, redeem, reverse or expire).
    fn apply(&self, py: Python<'_>, operation: &Bound<'_, PyAny>) -> PyResult<PyPointsOutcome> {
        let mut datetimes = Vec::new();
        let value = value_of(py, ErrorKind::Request, operation, "operation", &mut datetimes)?;
        let op = Operation::from_value(value).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))?;
        self.with(|l| guard(|| l.apply(&op).map(|o| o.to_record()))).map(PyPointsOutcome).map_err(|e| to_pyerr(py, &e))
    }

    /// The ledger as JSON text (`{"customer_id": …, "entries": […]}`).
    fn to_json(&self) -> String {
        self.with(|l| l.to_json())
    }

    fn __len__(&self) -> usize {
        self.with(|l| l.entries().len())
    }

    fn __repr__(&self) -> String {
        self.with(|l| format!("Ledger(customer_id={:?}, entries={}, balance={})", l.customer_id(), l.entries().len(), l.balance()))
    }
}

enum_as_str!(EntryKind);

record!("LedgerEntry", PyLedgerEntry, Entry, [seq, key, date, kind, points, lot, expires_on, rule, reverses, reason, operation]);
record!("Lot", PyLot, Lot, [lot, key, awarded, remaining, expires_on]);
record!("PointsOutcome", PyPointsOutcome, OutcomeRecord, [key, replayed, entries, balance]);
