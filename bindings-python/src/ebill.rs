//! The e-bill centre: a bill and its options → the e-bill's HTML. Conversion only; the
//! statement and the document are built by `gridcore::ebill`.

use crate::billing::{PyBill, PyComparison};
use crate::convert::value_of;
use crate::errors::{explain_datetime, guard, to_pyerr};
use gridcore::ebill::{self, EbillOptions, EbillRequest};
use gridcore::ErrorKind;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The options dict in the core's form; a `Comparison` object under `comparison` is
/// passed as the core's own value.
fn options_of(py: Python<'_>, options: Option<&Bound<'_, PyAny>>) -> PyResult<EbillOptions> {
    let Some(options) = options else { return Ok(EbillOptions::default()) };
    let mut comparison = None;
    let rest = match options.cast::<PyDict>() {
        Ok(d) => {
            let copy = d.copy()?;
            if let Some(c) = copy.get_item("comparison")? {
                if let Ok(c) = c.cast::<PyComparison>() {
                    comparison = Some(c.get().0.clone());
                    copy.del_item("comparison")?;
                }
            }
            copy.into_any()
        }
        Err(_) => options.clone(),
    };
    let mut datetimes = Vec::new();
    let mut value = value_of(py, ErrorKind::Request, &rest, "options", &mut datetimes)?;
    if let (Some(c), Some(map)) = (comparison, value.as_object_mut()) {
        map.insert("comparison".into(), serde_json::to_value(c).map_err(|e| to_pyerr(py, &gridcore::Error::internal(e.to_string())))?);
    }
    EbillOptions::from_value(value).map_err(|e| to_pyerr(py, &explain_datetime(e, &datetimes)))
}

/// Renders a bill's e-bill: the customer's HTML document, or with `"view": "counter"` the
/// counter fragment. `options` (a dict): `locale` (`"zh-CN"`/`"zh"` or `"en"`), `view`,
/// `history` (earlier months: `{"month": "2026-10", "kwh": Decimal, "amount": Decimal}`),
/// `comparison` (`compare(previous, bill)`), `due_date` (a date), `payment`
/// (`{"state": "unpaid" | "partly_paid" | "paid" | "overdue", "paid", "paid_on",
/// "amount_due", "late_fee", "prepaid"}`), `points_balance` (int) and `style`
/// (`brand`, `primary`, `accent`, `footer`, `template`, `counter_template`).
#[pyfunction]
#[pyo3(signature = (bill, options=None))]
pub fn render_ebill(py: Python<'_>, bill: PyRef<'_, PyBill>, options: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    let options = options_of(py, options)?;
    let bill = bill.0.clone();
    py.detach(|| guard(|| ebill::render_ebill(&bill, &options))).map_err(|e| to_pyerr(py, &e))
}

/// The e-bill of a request in its JSON form (`{"bill": <bill JSON>, "options": …}`), as
/// JSON text: `{"statement": <the data the document is built from>, "html": …}`. For
/// e-bill runs over stored bills, and the conformance cases.
#[pyfunction]
pub fn ebill_json(py: Python<'_>, request: &str) -> PyResult<String> {
    py.detach(|| guard(|| EbillRequest::from_json(request).and_then(|r| ebill::ebill(&r)).and_then(|e| serde_json::to_string(&e).map_err(|e| gridcore::Error::internal(e.to_string())))))
        .map_err(|e| to_pyerr(py, &e))
}
