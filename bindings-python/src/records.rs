//! Results as immutable Python objects: the conversion every result class shares. Each
//! class wraps the core value; attributes are converted on access (`Decimal`,
//! `datetime.date`, `str`, tuples of objects), so a batch of bills costs nothing until it
//! is read. `to_dict()` gives plain Python values, `to_json()` the exact JSON form, and
//! pickling goes through that JSON form. Each domain's file declares its own classes with
//! `record!` and its enums with `enum_as_str!`.

use crate::convert::{date_type, decimal_type};
use crate::errors::to_pyerr;
use gridcore::calendar::{BillingMonth, TouPeriod};
use gridcore::money::{RoundingMode, RoundingPolicy, RoundingStage};
use gridcore::{CustomerClass, Decimal, Text};
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
into_pyobject!(String, u8, u32, i32, i64, bool);


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
enum_as_str!(TouPeriod, RoundingMode, RoundingStage, CustomerClass);


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

pub fn json_err(py: Python<'_>, e: serde_json::Error) -> PyErr {
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

pub(crate) use {enum_as_str, record};

record!("Text", PyText, Text, [zh, en]);
record!("RoundingPolicy", PyRoundingPolicy, RoundingPolicy, [scale, mode, stage, quantity_scale, threshold_scale]);
