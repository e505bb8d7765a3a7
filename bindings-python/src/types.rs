//! Results as immutable Python objects. Each class wraps the core value; attributes are
//! converted on access (`Decimal`, `datetime.date`, `str`, tuples of objects), so a batch
//! of bills costs nothing until it is read. `to_dict()` gives plain Python values,
//! `to_json()` the exact JSON form, and pickling goes through that JSON form.

use crate::convert::{date_type, decimal_type};
use crate::errors::to_pyerr;
use gridcore::billing::{BillPeriod, Component, LineItem, MonthCount, PricePart, Subtotal, Unit};
use gridcore::compare::{BillSummary, Comparison, Contribution, ContributionKind, WhatIf, WhatIfOption};
use gridcore::customer::{
    Assignment, AttributeMatch, Confirmation, ConfirmationReason, Conflict, Contribution as ScoreContribution, Customer, EventKind, Fact, MatchKind, Merge, Mood, MoodEvent,
    MoodLevel, Outcome, Profile, ProfileScore, Score, Segment, Segmentation, TagResult, TagState, View, ViewField,
};
use gridcore::demand::BasicMethod;
use gridcore::power_factor::Standard;
use gridcore::calendar::{BillingMonth, TouPeriod};
use gridcore::metering::{IntervalSummary, LossKind, LossUsage, Register, RegisterUsage, UsageSource, UsageSummary};
use gridcore::money::{RoundingMode, RoundingPolicy, RoundingStage};
use gridcore::penalty::{CustomerClass, LateFee, LateFeeLine};
use gridcore::points::{Entry, EntryKind, Lot, OutcomeRecord};
use gridcore::messaging::{Category, Channel, Delivery, DeliveryAction, EmailMessage, Locale, Notice, PushMessage, SmsMessage, WechatMessage, WechatValue};
use gridcore::tariff::{FixedBasis, TierCycle};
use gridcore::{Bill, Decimal, Rule, Text};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A core value as a Python object (`to_py`) or as plain Python data (`to_plain`: records
/// become dicts, tuples become lists).
pub trait ToPy {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
    fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_py(py)
    }
}

impl ToPy for Decimal {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal_type(py)?.call1((self.to_string(),))
    }
}

impl ToPy for chrono::NaiveDate {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        use chrono::Datelike;
        date_type(py)?.call1((self.year(), self.month(), self.day()))
    }
}

impl ToPy for chrono::NaiveDateTime {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        use chrono::{Datelike, Timelike};
        py.import("datetime")?.getattr("datetime")?.call1((self.year(), self.month(), self.day(), self.hour(), self.minute(), self.second()))
    }
}

macro_rules! into_pyobject {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(self.clone().into_pyobject(py)?.to_owned().into_any())
            }
        }
    )*};
}
into_pyobject!(String, u32, i32, i64, bool);

impl ToPy for Standard {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.value().to_py(py)
    }
}

impl ToPy for BillingMonth {
    /// `"YYYY-MM"`, as in the JSON form.
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.to_string().into_pyobject(py)?.into_any())
    }
}

impl ToPy for Cow<'static, str> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.as_ref().into_pyobject(py)?.into_any())
    }
}

impl<T: ToPy> ToPy for Option<T> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(v) => v.to_py(py),
            None => Ok(py.None().into_bound(py)),
        }
    }
    fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(v) => v.to_plain(py),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

impl<T: ToPy> ToPy for Vec<T> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyTuple::new(py, self.iter().map(|v| v.to_py(py)).collect::<PyResult<Vec<_>>>()?)?.into_any())
    }
    fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.iter().map(|v| v.to_plain(py)).collect::<PyResult<Vec<_>>>()?)?.into_any())
    }
}

impl ToPy for BTreeMap<TouPeriod, Decimal> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let d = PyDict::new(py);
        for (k, v) in self {
            d.set_item(k.as_str(), v.to_py(py)?)?;
        }
        Ok(d.into_any())
    }
}

/// Enums cross as their JSON names (`"half_up"`, `"critical_peak"`).
macro_rules! enum_as_str {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let name = serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                Ok(name.into_pyobject(py)?.into_any())
            }
        }
    )*};
}
enum_as_str!(TouPeriod, Component, Unit, Register, LossKind, UsageSource, RoundingMode, RoundingStage, FixedBasis, TierCycle, CustomerClass, BasicMethod, ContributionKind, MatchKind, ConfirmationReason, MoodLevel, EventKind, Outcome, TagState, Fact, EntryKind, Channel, Category, Locale, DeliveryAction);

/// A customer crosses as a dict in its document form (the form the functions accept).
impl ToPy for Customer {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.to_json(),))
    }
}

impl ToPy for std::sync::Arc<str> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.as_ref().into_pyobject(py)?.into_any())
    }
}

impl ToPy for u64 {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_pyobject(py)?.into_any())
    }
}

fn json_err(py: Python<'_>, e: serde_json::Error) -> PyErr {
    to_pyerr(py, &gridcore::Error::new(gridcore::ErrorKind::Request, gridcore::ErrorCode::InvalidField, "", e.to_string()))
}

/// Declares a frozen Python class around a core record, with one getter per field, and
/// `to_dict`, `to_json`, `from_json`, pickling and equality.
macro_rules! record {
    ($py_name:literal, $wrapper:ident, $core:ty, [$($field:ident),* $(,)?]) => {
        record!($py_name, $wrapper, $core, [$($field),*], renamed []);
    };
    // `renamed [from_ => from]`: a field whose name is a Python keyword gets a getter with
    // a trailing underscore; its dict key stays the JSON name.
    ($py_name:literal, $wrapper:ident, $core:ty, [$($field:ident),* $(,)?], renamed [$($pyname:ident => $rfield:ident),* $(,)?]) => {
        #[pyclass(frozen, module = "gridcore", name = $py_name)]
        pub struct $wrapper(pub $core);

        impl ToPy for $core {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(Bound::new(py, $wrapper(self.clone()))?.into_any())
            }
            fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let d = PyDict::new(py);
                $( d.set_item(stringify!($field), self.$field.to_plain(py)?)?; )*
                $( d.set_item(stringify!($rfield), self.$rfield.to_plain(py)?)?; )*
                Ok(d.into_any())
            }
        }

        #[pymethods]
        impl $wrapper {
            $(
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    self.0.$field.to_py(py)
                }
            )*
            $(
                #[getter]
                fn $pyname<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    self.0.$rfield.to_py(py)
                }
            )*

            /// Plain Python data: dicts, lists, `Decimal`, `datetime.date`, `str`, `int`.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                self.0.to_plain(py)
            }

            /// The exact JSON form, the same in every language.
            fn to_json(&self, py: Python<'_>) -> PyResult<String> {
                serde_json::to_string(&self.0).map_err(|e| json_err(py, e))
            }

            /// Reads the JSON form back.
            #[staticmethod]
            fn from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
                serde_json::from_str(json).map(Self).map_err(|e| json_err(py, e))
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
                let py = slf.py();
                Ok((slf.get_type().getattr("from_json")?, (slf.get().to_json(py)?,)))
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let mut parts = Vec::new();
                $( parts.push(format!("{}={}", stringify!($field), self.0.$field.to_py(py)?.repr()?)); )*
                $( parts.push(format!("{}={}", stringify!($pyname), self.0.$rfield.to_py(py)?.repr()?)); )*
                Ok(format!("{}({})", $py_name, parts.join(", ")))
            }
        }
    };
}

record!("Text", PyText, Text, [zh, en]);
record!("RoundingPolicy", PyRoundingPolicy, RoundingPolicy, [scale, mode, stage, quantity_scale, threshold_scale]);
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
record!("LedgerEntry", PyLedgerEntry, Entry, [seq, key, date, kind, points, lot, expires_on, rule, reverses, reason, operation]);
record!("Lot", PyLot, Lot, [lot, key, awarded, remaining, expires_on]);
record!("PointsOutcome", PyPointsOutcome, OutcomeRecord, [key, replayed, entries, balance]);
record!("SmsMessage", PySmsMessage, SmsMessage, [text, length, segments, parts]);
record!("WechatValue", PyWechatValue, WechatValue, [key, value, truncated]);
record!("WechatMessage", PyWechatMessage, WechatMessage, [template_id, fields]);
record!("PushMessage", PyPushMessage, PushMessage, [title, body]);
record!("EmailMessage", PyEmailMessage, EmailMessage, [subject, html]);
record!("Notice", PyNotice, Notice, [code, channel, category, locale, sms, wechat, push, email]);
record!("Delivery", PyDelivery, Delivery, [action, at, reason, text]);

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
