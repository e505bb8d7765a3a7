//! Billing: tariffs, bill requests, explained bills and their rules, the async batch,
//! late fees, comparison and what-if. Conversion only; every rule lives in `gridcore::billing`.

use crate::convert::{self, json_object, read_file, to_value};
use crate::errors::{self, guard, js_error, throw};
use gridcore::{Error, ErrorKind};
use napi::bindgen_prelude::*;
use napi::ScopedTask;
use napi_derive::napi;
use std::sync::Arc;

/// A validated tariff. Build one with `Tariff.fromObject`, `Tariff.fromJson` or
/// `Tariff.fromFile`; share it across many requests.
#[napi]
pub struct Tariff(Arc<gridcore::Tariff>);

#[napi]
impl Tariff {
    /// Validates a tariff given as an object in the JSON format (decimals as strings).
    #[napi(factory, ts_args_type = "doc: TariffDocument")]
    pub fn from_object(env: Env, doc: Unknown<'_>) -> Result<Self> {
        let mut numbers = Vec::new();
        let value = to_value(doc, "tariff", ErrorKind::Tariff, &mut numbers).map_err(|e| throw(&env, e))?;
        guard(|| gridcore::Tariff::from_value(value)).map(|t| Self(Arc::new(t))).map_err(|e| throw(&env, errors::explain_number(e, &numbers)))
    }

    /// Parses and validates a tariff from JSON text.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| gridcore::Tariff::from_json(&json)).map(|t| Self(Arc::new(t))).map_err(|e| throw(&env, e))
    }

    /// Reads, parses and validates a tariff from a JSON file.
    #[napi(factory)]
    pub fn from_file(env: Env, path: String) -> Result<Self> {
        let json = read_file(&path)?;
        Self::from_json(env, json)
    }

    /// The tariff's identifier.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.0.id().to_string()
    }

    /// The tariff's name in Chinese and English.
    #[napi(getter, ts_return_type = "Text")]
    pub fn name(&self) -> serde_json::Value {
        serde_json::to_value(&self.0.spec().name).unwrap_or_default()
    }

    /// The tariff's document as JSON text.
    #[napi]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The tariff's document as an object (decimals as strings).
    #[napi(ts_return_type = "TariffDocument")]
    pub fn to_object(&self) -> serde_json::Value {
        serde_json::to_value(self.0.spec()).unwrap_or_default()
    }
}

/// Everything needed to compute one bill: a tariff plus the account, period and usage.
#[napi]
pub struct BillRequest(Arc<gridcore::BillRequest>);

#[napi]
impl BillRequest {
    /// Builds a request from a tariff and the other fields in the JSON format
    /// (`account`, `period`, `usage`, `as_of`, `year_to_date_kwh`, `holidays`).
    #[napi(constructor, ts_args_type = "tariff: Tariff, fields: BillRequestFields")]
    pub fn new(env: Env, tariff: &Tariff, fields: Unknown<'_>) -> Result<Self> {
        let mut numbers = Vec::new();
        let (value, points) = convert::request_value(fields, &mut numbers).map_err(|e| throw(&env, e))?;
        let tariff = tariff.0.clone();
        let mut request = guard(|| gridcore::BillRequest::with_tariff(tariff, value)).map_err(|e| throw(&env, errors::explain_number(e, &numbers)))?;
        if let (Some(points), Some(intervals)) = (points, request.usage.intervals.as_mut()) {
            intervals.points = points;
        }
        Ok(Self(Arc::new(request)))
    }

    /// Parses a request (with its tariff document) from JSON text.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| gridcore::BillRequest::from_json(&json)).map(|r| Self(Arc::new(r))).map_err(|e| throw(&env, e))
    }

    /// The account number (户号).
    #[napi(getter)]
    pub fn account_id(&self) -> String {
        self.0.account.account_id.clone()
    }

    /// The tariff the request bills under.
    #[napi(getter)]
    pub fn tariff(&self) -> Tariff {
        Tariff(self.0.tariff.clone())
    }

    /// The request as JSON text (with its tariff document).
    #[napi]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// An explained bill. Its getters are the fields of the JSON form (`total`,
/// `lines[0].amount`, …; decimals as exact strings), converted when read, so a batch of
/// bills costs nothing until it is used. `toObject()` (also `toJSON()`, so
/// `JSON.stringify(bill)` works) gives the whole bill as a plain object.
#[napi]
pub struct Bill(pub(crate) gridcore::Bill);

#[napi]
impl Bill {
    /// 户号.
    #[napi(getter, js_name = "account_id")]
    pub fn account_id(&self) -> String {
        self.0.account_id.clone()
    }
    /// The tariff billed under.
    #[napi(getter, js_name = "tariff_id")]
    pub fn tariff_id(&self) -> String {
        self.0.tariff_id.clone()
    }
    /// The tariff's name.
    #[napi(getter, js_name = "tariff_name", ts_return_type = "Text")]
    pub fn tariff_name<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.tariff_name)
    }
    /// The period billed.
    #[napi(getter, ts_return_type = "BillPeriod")]
    pub fn period<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.period)
    }
    /// The request's `as_of`, `"YYYY-MM-DD"`.
    #[napi(getter, js_name = "issued_on")]
    pub fn issued_on(&self) -> String {
        self.0.issued_on.to_string()
    }
    /// The request's billing month, `"YYYY-MM"`, when it gave one.
    #[napi(getter, js_name = "billing_month")]
    pub fn billing_month(&self) -> Option<String> {
        self.0.billing_month.map(|m| m.to_string())
    }
    /// Quantities and how they were derived.
    #[napi(getter, ts_return_type = "UsageSummary")]
    pub fn usage<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.usage)
    }
    /// Lines: energy, then funds, then fixed charges. A new array on every read.
    #[napi(getter, ts_return_type = "LineItem[]")]
    pub fn lines<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.lines)
    }
    /// One subtotal per component present.
    #[napi(getter, ts_return_type = "Subtotal[]")]
    pub fn subtotals<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.subtotals)
    }
    /// Sum of the subtotals, e.g. `"168.40"`.
    #[napi(getter)]
    pub fn total(&self) -> String {
        self.0.total.to_string()
    }
    /// The rounding policy applied.
    #[napi(getter, ts_return_type = "RoundingPolicy")]
    pub fn rounding<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.rounding)
    }
    /// Remarks a clerk should see (empty when there are none).
    #[napi(getter, ts_return_type = "Text[]")]
    pub fn notes<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.notes)
    }
    /// The whole bill as a plain object in the JSON form.
    #[napi(ts_return_type = "BillObject")]
    pub fn to_object<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0)
    }
    /// Same as `toObject()`; makes `JSON.stringify(bill)` give the JSON form.
    #[napi(js_name = "toJSON", ts_return_type = "BillObject")]
    pub fn to_json_protocol<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0)
    }
    /// The bill as JSON text.
    #[napi]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
    /// Reads a bill back from its JSON text.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| gridcore::Bill::from_json(&json)).map(Self).map_err(|e| throw(&env, e))
    }
    /// The bill as a table with Chinese and English labels.
    #[napi]
    pub fn render(&self) -> String {
        gridcore::explain::render(&self.0)
    }
}

/// Computes one bill (synchronously), or throws an Error with `code`, `path` and `kind`.
#[napi]
pub fn bill(env: Env, request: &BillRequest) -> Result<Bill> {
    guard(|| gridcore::bill(&request.0)).map(Bill).map_err(|e| throw(&env, e))
}

/// Options of `billMany`.
#[napi(object)]
pub struct BillManyOptions {
    /// `"raise"` (default) rejects with the first failing request's error (its `index`
    /// says which); `"return"` puts each failure in the array as an Error object.
    #[napi(ts_type = "'raise' | 'return'")]
    pub errors: Option<String>,
}

/// The work of `billMany`, run on the libuv thread pool.
pub struct BillMany {
    requests: Vec<Arc<gridcore::BillRequest>>,
    raise: bool,
}

impl<'task> ScopedTask<'task> for BillMany {
    type Output = Vec<std::result::Result<gridcore::Bill, Error>>;
    type JsValue = Array<'task>;

    fn compute(&mut self) -> Result<Self::Output> {
        // Panics are caught per request by `guard`; nothing unwinds into the thread pool.
        Ok(self.requests.iter().map(|r| guard(|| gridcore::bill(r))).collect())
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> Result<Self::JsValue> {
        let mut out = env.create_array(output.len() as u32)?;
        for (i, result) in output.into_iter().enumerate() {
            match result {
                Ok(b) => out.set(i as u32, Bill(b))?,
                Err(e) => {
                    let mut err = js_error(env, &e)?;
                    err.set("index", i as u32)?;
                    if self.raise {
                        return Err(napi::Error::from(err.to_unknown()));
                    }
                    out.set(i as u32, err)?;
                }
            }
        }
        Ok(out)
    }
}

/// Computes many bills on a worker thread; resolves to an array of bills (and, with
/// `{errors: "return"}`, Error objects in the place of failed requests).
#[napi(ts_return_type = "Promise<Array<Bill | GridcoreError>>")]
pub fn bill_many(requests: Vec<&BillRequest>, options: Option<BillManyOptions>) -> Result<AsyncTask<BillMany>> {
    let raise = match options.and_then(|o| o.errors).as_deref() {
        None | Some("raise") => true,
        Some("return") => false,
        Some(other) => return Err(napi::Error::new(Status::InvalidArg, format!("errors must be \"raise\" or \"return\", not {other:?}"))),
    };
    Ok(AsyncTask::new(BillMany { requests: requests.into_iter().map(|r| r.0.clone()).collect(), raise }))
}

/// The late-payment penalty (电费违约金) on `arrears` unpaid since `due_date`, as of `as_of`.
#[napi(ts_args_type = "request: LateFeeRequest", ts_return_type = "LateFee")]
pub fn late_fee<'env>(env: &'env Env, request: Unknown<'_>) -> Result<Unknown<'env>> {
    let mut numbers = Vec::new();
    let value = to_value(request, "", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    let fee = guard(|| gridcore::billing::LateFeeRequest::from_value(value).and_then(|r| gridcore::billing::late_fee(&r)))
        .map_err(|e| throw(env, errors::explain_number(e, &numbers)))?;
    json_object(env, &fee)
}

/// Explains `after.total − before.total` for two bills of one account as contributions
/// that sum to it exactly, each with a sentence in Chinese and English.
#[napi(ts_return_type = "Comparison")]
pub fn compare<'env>(env: &'env Env, before: &Bill, after: &Bill) -> Result<Unknown<'env>> {
    let c = guard(|| gridcore::compare(&before.0, &after.0)).map_err(|e| throw(env, e))?;
    json_object(env, &c)
}

/// Bills the request under its own tariff and under each of `tariffs`, cheapest first.
#[napi(ts_return_type = "WhatIf")]
pub fn what_if<'env>(env: &'env Env, request: &BillRequest, tariffs: Vec<&Tariff>) -> Result<Unknown<'env>> {
    let tariffs: Vec<Arc<gridcore::Tariff>> = tariffs.into_iter().map(|t| t.0.clone()).collect();
    let w = guard(|| gridcore::what_if(&request.0, &tariffs)).map_err(|e| throw(env, e))?;
    json_object(env, &w)
}

/// A line's rule explained in Chinese and English.
#[napi(ts_args_type = "rule: Rule", ts_return_type = "Text")]
pub fn explain_rule(env: Env, rule: serde_json::Value) -> Result<serde_json::Value> {
    let r: gridcore::Rule = serde_json::from_value(rule).map_err(|e| throw(&env, Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "rule", e.to_string())))?;
    Ok(serde_json::to_value(r.explain()).unwrap_or_default())
}

/// A rate from OpenEI's Utility Rate Database. Build one with `UrdbTariff.fromObject` (what
/// `JSON.parse` gives: URDB's numbers are read as the decimals their text was) or
/// `UrdbTariff.fromJson`. Fields gridcore cannot apply are refused by name (code
/// `unsupported`).
#[napi]
pub struct UrdbTariff(Arc<gridcore::billing::urdb::UrdbTariff>);

#[napi]
impl UrdbTariff {
    /// Reads a URDB rate (or the API's `{"items": [rate]}`) from an object.
    #[napi(factory, ts_args_type = "rate: Record<string, unknown>")]
    pub fn from_object(env: Env, rate: serde_json::Value) -> Result<Self> {
        guard(|| gridcore::billing::urdb::UrdbTariff::from_urdb_value(&rate)).map(|t| Self(Arc::new(t))).map_err(|e| throw(&env, e))
    }

    /// Reads a URDB rate from JSON text.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| gridcore::billing::urdb::UrdbTariff::from_urdb_json(&json)).map(|t| Self(Arc::new(t))).map_err(|e| throw(&env, e))
    }

    /// The rate's name.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.0.name.clone()
    }

    /// The utility's name.
    #[napi(getter)]
    pub fn utility(&self) -> String {
        self.0.utility.clone()
    }
}

/// Bills a year of hourly kWh under a URDB rate: twelve monthly bills and the year's
/// total. `request` is `{calendar: 'sam'}` (365 days from a Monday) or `{year}`, with
/// `hourly_kwh` (decimal strings) and optionally `holidays`, `allocation`
/// (`'proportional'`, `'chronological'`) and `amounts` (`'rounded'`, `'unrounded'`).
#[napi(ts_args_type = "tariff: UrdbTariff, request: AnnualRequest", ts_return_type = "AnnualBill")]
pub fn bill_annual<'env>(env: &'env Env, tariff: &UrdbTariff, request: Unknown<'_>) -> Result<Unknown<'env>> {
    let mut numbers = Vec::new();
    let value = to_value(request, "", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    let bill = guard(|| gridcore::billing::urdb::AnnualRequest::from_value(&value).and_then(|r| gridcore::billing::urdb::bill_annual(&tariff.0, &r)))
        .map_err(|e| throw(env, errors::explain_number(e, &numbers)))?;
    json_object(env, &bill)
}
