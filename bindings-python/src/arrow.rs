//! Arrow in and out through the Arrow PyCapsule interface (`__arrow_c_stream__`,
//! `__arrow_c_array__`), so pyarrow, polars, duckdb and Spark's `mapInArrow` batches all
//! come in without a copy and go out as record batches any of them reads. Conversion only:
//! columns to the core's values and back, exact decimals both ways.

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{RecordBatchStreamReader, FFI_ArrowArrayStream};
use arrow_array::types::{Date32Type, Decimal128Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchIterator, StructArray};
use arrow_schema::{DataType, SchemaRef};
use chrono::NaiveDate;
use gridcore::{Decimal, Error, ErrorCode, ErrorKind};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use std::ffi::CStr;

const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// The record batches of any object that speaks the Arrow PyCapsule interface: a stream
/// (a table, a reader, a data frame) or one array (a record batch).
pub fn import(obj: &Bound<'_, PyAny>) -> PyResult<(SchemaRef, Vec<RecordBatch>)> {
    if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?.cast_into::<PyCapsule>()?;
        let ptr = capsule.pointer_checked(Some(STREAM))?;
        // SAFETY: the capsule holds an ArrowArrayStream (its name says so); from_raw moves
        // it out and marks the original released, so the capsule's destructor does nothing.
        let stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
        let reader = RecordBatchStreamReader::try_new(stream).map_err(arrow_err)?;
        let schema = arrow_array::RecordBatchReader::schema(&reader);
        let batches = reader.collect::<Result<Vec<_>, _>>().map_err(arrow_err)?;
        return Ok((schema, batches));
    }
    if obj.hasattr("__arrow_c_array__")? {
        let batch = RecordBatch::from(StructArray::from(array_ref(obj)?.to_data()));
        return Ok((batch.schema(), vec![batch]));
    }
    Err(PyTypeError::new_err("expected Arrow data: an object with __arrow_c_stream__ (a pyarrow Table or RecordBatchReader, a polars or pandas DataFrame) or __arrow_c_array__ (a RecordBatch)"))
}

/// One `decimal128` column's unscaled values and scale, from an Arrow array (or a record
/// batch of one column) through `__arrow_c_array__`: the hourly load of an annual bill.
pub fn decimal_column(obj: &Bound<'_, PyAny>) -> PyResult<(arrow_array::Decimal128Array, u32)> {
    let mut column = array_ref(obj)?;
    if let DataType::Struct(fields) = column.data_type() {
        if fields.len() != 1 {
            return Err(PyTypeError::new_err(format!("expected one column of hourly kWh, not {}", fields.len())));
        }
        column = column.as_struct().column(0).clone();
    }
    let DataType::Decimal128(_, scale) = *column.data_type() else {
        return Err(PyTypeError::new_err(format!("expected hourly kWh as an Arrow decimal128 array, not {}", column.data_type())));
    };
    if column.null_count() > 0 {
        return Err(PyTypeError::new_err("hourly kWh may not hold nulls"));
    }
    if scale < 0 {
        return Err(PyTypeError::new_err("hourly kWh need a scale of 0 or more"));
    }
    Ok((column.as_primitive::<Decimal128Type>().clone(), scale as u32))
}

/// The array behind `__arrow_c_array__` (a record batch's is a struct array).
fn array_ref(obj: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let pair = obj.call_method0("__arrow_c_array__")?.cast_into::<PyTuple>()?;
    let (schema, array) = (pair.get_item(0)?.cast_into::<PyCapsule>()?, pair.get_item(1)?.cast_into::<PyCapsule>()?);
    let schema_ptr = schema.pointer_checked(Some(SCHEMA))?;
    let array_ptr = array.pointer_checked(Some(ARRAY))?;
    // SAFETY: the capsules hold an ArrowSchema and an ArrowArray (their names say so);
    // the array is moved out (its original marked released), the schema borrowed.
    unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr().cast());
        from_ffi(array, &*schema_ptr.as_ptr().cast::<FFI_ArrowSchema>()).map(arrow_array::make_array).map_err(arrow_err)
    }
}

fn arrow_err(e: arrow_schema::ArrowError) -> PyErr {
    pyo3::exceptions::PyValueError::new_err(format!("Arrow data could not be read: {e}"))
}

/// Record batches handed back to Python: read them with `pyarrow.table(x)`,
/// `pyarrow.RecordBatchReader.from_stream(x)`, `polars.DataFrame(x)` or anything else that
/// takes the Arrow PyCapsule interface.
#[pyclass(frozen, module = "gridcore", name = "ArrowBatches")]
pub struct PyArrowBatches {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl PyArrowBatches {
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        Self { schema, batches }
    }
}

#[pymethods]
impl PyArrowBatches {
    /// The Arrow PyCapsule stream (each call a new stream over the same batches).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(&self, py: Python<'py>, requested_schema: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema; // the schema is the engine's own; consumers cast if they want another
        let reader = RecordBatchIterator::new(self.batches.clone().into_iter().map(Ok), self.schema.clone());
        PyCapsule::new_with_value(py, FFI_ArrowArrayStream::new(Box::new(reader)), STREAM)
    }

    /// The number of rows.
    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema.fields().iter().map(|f| f.name().clone()).collect()
    }

    fn __repr__(&self) -> String {
        format!("ArrowBatches(rows={}, columns={:?})", self.__len__(), self.column_names())
    }
}

/// A column refused for the whole batch: its path is the column's name.
pub fn column_error(column: &str, reason: String) -> Error {
    Error::new(ErrorKind::Request, ErrorCode::InvalidField, column.to_string(), reason)
}

/// A text column (utf8, large utf8 or utf8 view).
pub enum Texts<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Texts<'a> {
    pub fn of(column: &str, a: &'a ArrayRef) -> Result<Self, Error> {
        match a.data_type() {
            DataType::Utf8 => Ok(Texts::Utf8(a.as_string::<i32>())),
            DataType::LargeUtf8 => Ok(Texts::Large(a.as_string::<i64>())),
            DataType::Utf8View => Ok(Texts::View(a.as_string_view())),
            t => Err(column_error(column, format!("the column `{column}` must be text (utf8), not {t}"))),
        }
    }

    pub fn get(&self, row: usize) -> Option<&'a str> {
        match self {
            Texts::Utf8(a) => a.is_valid(row).then(|| a.value(row)),
            Texts::Large(a) => a.is_valid(row).then(|| a.value(row)),
            Texts::View(a) => a.is_valid(row).then(|| a.value(row)),
        }
    }
}

/// A date column (date32: days since 1970-01-01).
pub struct Dates<'a>(&'a arrow_array::Date32Array);

impl<'a> Dates<'a> {
    pub fn of(column: &str, a: &'a ArrayRef) -> Result<Self, Error> {
        match a.data_type() {
            DataType::Date32 => Ok(Dates(a.as_primitive::<Date32Type>())),
            t => Err(column_error(column, format!("the column `{column}` must be dates (date32), not {t}"))),
        }
    }

    pub fn get(&self, row: usize) -> Option<NaiveDate> {
        // Days from 1970-01-01; a value past chrono's range is an empty date, not a wrap.
        self.0.is_valid(row).then(|| self.0.value(row).checked_add(719_163).and_then(NaiveDate::from_num_days_from_ce_opt)).flatten()
    }
}

/// An exact number column: decimal128, or integers. Floats are refused: they cannot hold
/// money or kWh exactly.
pub enum Exact<'a> {
    Decimal(&'a arrow_array::Decimal128Array, u32),
    Int(Box<dyn Fn(usize) -> Option<i128> + 'a>),
}

impl<'a> Exact<'a> {
    pub fn of(column: &str, a: &'a ArrayRef) -> Result<Self, Error> {
        fn ints<'a, T: arrow_array::ArrowPrimitiveType>(a: &'a ArrayRef) -> Exact<'a>
        where
            T::Native: Into<i128>,
        {
            let a = a.as_primitive::<T>();
            Exact::Int(Box::new(move |row| a.is_valid(row).then(|| a.value(row).into())))
        }
        match a.data_type() {
            DataType::Decimal128(_, s) if (0..=28).contains(s) => Ok(Exact::Decimal(a.as_primitive::<Decimal128Type>(), *s as u32)),
            DataType::Decimal128(_, s) => Err(column_error(column, format!("the column `{column}` has scale {s}; at most 28 decimals are exact here"))),
            DataType::Int8 => Ok(ints::<Int8Type>(a)),
            DataType::Int16 => Ok(ints::<Int16Type>(a)),
            DataType::Int32 => Ok(ints::<Int32Type>(a)),
            DataType::Int64 => Ok(ints::<Int64Type>(a)),
            DataType::UInt8 => Ok(ints::<UInt8Type>(a)),
            DataType::UInt16 => Ok(ints::<UInt16Type>(a)),
            DataType::UInt32 => Ok(ints::<UInt32Type>(a)),
            DataType::UInt64 => Ok(ints::<UInt64Type>(a)),
            t @ (DataType::Float16 | DataType::Float32 | DataType::Float64) => {
                Err(column_error(column, format!("the column `{column}` is {t}: a float cannot hold money or kWh exactly; use decimal128 (Spark DecimalType)")))
            }
            t => Err(column_error(column, format!("the column `{column}` must be decimal128 or an integer, not {t}"))),
        }
    }

    /// The row's value; `Err` when it does not fit a `Decimal` (96-bit mantissa).
    pub fn get(&self, row: usize) -> Result<Option<Decimal>, ()> {
        let (v, scale) = match self {
            Exact::Decimal(a, s) if a.is_valid(row) => (a.value(row), *s),
            Exact::Decimal(..) => return Ok(None),
            Exact::Int(f) => match f(row) {
                Some(v) => (v, 0),
                None => return Ok(None),
            },
        };
        Decimal::try_from_i128_with_scale(v, scale).map(Some).map_err(|_| ())
    }
}

/// The mantissa of `value` at `scale` decimals, when it has no more than that.
pub fn mantissa(value: Decimal, scale: u32) -> Option<i128> {
    let mut v = value;
    if v.scale() > scale {
        v = v.normalize();
        if v.scale() > scale {
            return None;
        }
    }
    let m = v.mantissa();
    10i128.checked_pow(scale - v.scale()).and_then(|f| m.checked_mul(f))
}

/// A list column of exact numbers (`list<decimal128>` or `list<int>`): one list per row.
pub struct ExactLists<'a> {
    offsets: Offsets<'a>,
    values: Exact<'a>,
}

/// A list column's offsets, 32- or 64-bit, with its validity.
pub enum Offsets<'a> {
    Small(&'a arrow_array::ListArray),
    Large(&'a arrow_array::LargeListArray),
}

impl<'a> Offsets<'a> {
    fn of(column: &str, a: &'a ArrayRef) -> Result<(Self, &'a ArrayRef), Error> {
        match a.data_type() {
            DataType::List(_) => Ok((Offsets::Small(a.as_list::<i32>()), a.as_list::<i32>().values())),
            DataType::LargeList(_) => Ok((Offsets::Large(a.as_list::<i64>()), a.as_list::<i64>().values())),
            t => Err(column_error(column, format!("the column `{column}` must be a list, not {t}"))),
        }
    }

    /// The row's value range in the child array (None for a null list).
    pub fn range(&self, row: usize) -> Option<std::ops::Range<usize>> {
        match self {
            Offsets::Small(a) => a.is_valid(row).then(|| a.value_offsets()[row] as usize..a.value_offsets()[row + 1] as usize),
            Offsets::Large(a) => a.is_valid(row).then(|| a.value_offsets()[row] as usize..a.value_offsets()[row + 1] as usize),
        }
    }
}

impl<'a> ExactLists<'a> {
    pub fn of(column: &str, a: &'a ArrayRef) -> Result<Self, Error> {
        let (offsets, values) = Offsets::of(column, a)?;
        Ok(ExactLists { offsets, values: Exact::of(&format!("{column}[]"), values)? })
    }

    /// The row's values (None for a null list; `Err(i)`: the i-th value is null or too large).
    pub fn get(&self, row: usize) -> Option<Result<Vec<Decimal>, usize>> {
        let range = self.offsets.range(row)?;
        let start = range.start;
        Some(range.map(|i| self.values.get(i).ok().flatten().ok_or(i - start)).collect())
    }
}

/// Interval data: `list<struct<start: timestamp, kwh: exact[, kvarh: exact]>>`, the start
/// a local date-time (a timestamp without a time zone: Spark's `TimestampNTZType`).
pub struct IntervalLists<'a> {
    offsets: Offsets<'a>,
    start: &'a arrow_array::ArrayRef,
    unit: arrow_schema::TimeUnit,
    kwh: Exact<'a>,
    kvarh: Option<Exact<'a>>,
}

impl<'a> IntervalLists<'a> {
    pub fn of(column: &str, a: &'a ArrayRef) -> Result<Self, Error> {
        let (offsets, values) = Offsets::of(column, a)?;
        let DataType::Struct(_) = values.data_type() else {
            return Err(column_error(column, format!("the column `{column}` must be a list of structs {{start, kwh}}, not a list of {}", values.data_type())));
        };
        let s = values.as_struct();
        let field = |n: &str| s.column_by_name(n);
        let start = field("start").ok_or_else(|| column_error(&format!("{column}[].start"), format!("each point of `{column}` needs its `start`")))?;
        let unit = match start.data_type() {
            DataType::Timestamp(unit, None) => *unit,
            DataType::Timestamp(_, Some(tz)) => {
                return Err(column_error(&format!("{column}[].start"), format!("`{column}[].start` is a timestamp in {tz}; interval starts are local date-times: use a timestamp without a time zone (Spark TimestampNTZType)")))
            }
            t => return Err(column_error(&format!("{column}[].start"), format!("`{column}[].start` must be a timestamp, not {t}"))),
        };
        let kwh = Exact::of(&format!("{column}[].kwh"), field("kwh").ok_or_else(|| column_error(&format!("{column}[].kwh"), format!("each point of `{column}` needs its `kwh`")))?)?;
        let kvarh = field("kvarh").map(|k| Exact::of(&format!("{column}[].kvarh"), k)).transpose()?;
        Ok(IntervalLists { offsets, start, unit, kwh, kvarh })
    }

    /// The row's points (None for a null list; `Err((i, field))`: the i-th point's field is
    /// null, out of range or too large).
    pub fn get(&self, row: usize) -> Option<Result<Vec<gridcore::billing::IntervalPoint>, (usize, &'static str)>> {
        use arrow_array::types::{TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType};
        use arrow_schema::TimeUnit;
        let range = self.offsets.range(row)?;
        let first = range.start;
        let at = |i: usize| -> Option<chrono::NaiveDateTime> {
            if self.start.is_null(i) {
                return None;
            }
            let (secs, nanos) = match self.unit {
                TimeUnit::Second => (self.start.as_primitive::<TimestampSecondType>().value(i), 0),
                TimeUnit::Millisecond => {
                    let v = self.start.as_primitive::<TimestampMillisecondType>().value(i);
                    (v.div_euclid(1_000), v.rem_euclid(1_000) * 1_000_000)
                }
                TimeUnit::Microsecond => {
                    let v = self.start.as_primitive::<TimestampMicrosecondType>().value(i);
                    (v.div_euclid(1_000_000), v.rem_euclid(1_000_000) * 1_000)
                }
                TimeUnit::Nanosecond => {
                    let v = self.start.as_primitive::<TimestampNanosecondType>().value(i);
                    (v.div_euclid(1_000_000_000), v.rem_euclid(1_000_000_000))
                }
            };
            chrono::DateTime::from_timestamp(secs, nanos as u32).map(|d| d.naive_utc())
        };
        Some(
            range
                .map(|i| {
                    let start = at(i).ok_or((i - first, "start"))?;
                    let kwh = self.kwh.get(i).ok().flatten().ok_or((i - first, "kwh"))?;
                    let kvarh = match &self.kvarh {
                        Some(k) => k.get(i).map_err(|()| (i - first, "kvarh"))?,
                        None => None,
                    };
                    Ok(gridcore::billing::IntervalPoint { start, kwh, kvarh })
                })
                .collect(),
        )
    }
}

