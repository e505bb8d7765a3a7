//! The Python binding of gridcore: conversion code only, every rule lives in the core.
//! One file per core domain (billing, customer, points, messaging, payments) and one for the
//! e-bill job (`ebill`) holds its functions
//! and result classes; `convert` turns Python values into the core's JSON form, `records`
//! turns core values back into Python objects, `errors` maps core errors to exceptions.

mod arrow;
mod billing;
mod convert;
mod customer;
mod ebill;
mod errors;
mod messaging;
mod payments;
mod points;
mod records;

use pyo3::prelude::*;

#[pymodule(gil_used = false)]
mod _gridcore {
    #[pymodule_export]
    use crate::billing::{
        bill, bill_annual, bill_annual_json, bill_arrow, bill_many, compare, late_fee, render, what_if, PyBill, PyBillPeriod, PyBillRequest, PyBillSummary, PyComparison, PyContribution, PyIntervalSummary, PyLateFee,
        PyLateFeeLine, PyLineItem, PyLossUsage, PyMonthCount, PyPricePart, PyRegisterUsage, PyRule, PySubtotal, PyTariff, PyUsageSummary, PyWhatIf, PyWhatIfOption,
        PyUrdbTariff, PyAnnualBill, PyMonthBill, PyAnnualLine, PyShare, PyAnnualRounding,
    };
    #[pymodule_export]
    use crate::customer::{
        confirmations_required, customer_mood, customer_profiles, customer_score, customer_view, evaluate_tags, merge_customers, search_attributes, segment_customers,
        transition_tag, unmerge_customers, PyAssignment, PyAttributeMatch, PyConfirmation, PyConflict, PyCustomerConfig, PyMerge, PyMood, PyMoodEvent, PyProfile,
        PyProfileScore, PyScore, PyScoreContribution, PySegment, PySegmentation, PyTagResult, PyView, PyViewField,
    };
    #[pymodule_export]
    use crate::payments::{
        reconcile_file, render_reconciliation, PyAccountLedger, PyArrears, PyArrearsItem, PyBooked, PyChannelTotal, PyMalformedRow, PyOpenComponent, PyPaymentEntry, PyPaymentEvents,
        PyPaymentOutcome, PyReconItem, PyReconciliation, PyStatusTotal,
    };
    #[pymodule_export]
    use crate::points::{PyLedger, PyLedgerEntry, PyLot, PyPointsOutcome, PyPointsRules};
    #[pymodule_export]
    use crate::messaging::{plan_delivery, render_notice, PyDelivery, PyEmailMessage, PyNotice, PyPushMessage, PySmsMessage, PyTemplateSet, PyWechatMessage, PyWechatValue};
    #[pymodule_export]
    use crate::ebill::{ebill_json, render_ebill};
    #[pymodule_export]
    use crate::records::{PyRoundingPolicy, PyText};
    #[pymodule_export]
    use crate::arrow::PyArrowBatches;
    #[pymodule_export]
    use crate::errors::_panic_for_tests;

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
