//! The customer model: configuration, role views, confirmations, mood, tags, scores,
//! segments and merges. Conversion only; every rule lives in `gridcore::customer`.

use crate::convert::{date_of, json_object, read_file, to_value};
use crate::errors::{self, guard, throw};
use gridcore::{Error, ErrorKind};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::sync::Arc;

/// A validated customer configuration: attribute catalog, role views, freshness and mood
/// rules.
#[napi]
pub struct CustomerConfig(Arc<gridcore::customer::CustomerConfig>);

#[napi]
impl CustomerConfig {
    /// Validates a configuration given as an object.
    #[napi(factory, ts_args_type = "doc: CustomerConfigDocument")]
    pub fn from_object(env: Env, doc: Unknown<'_>) -> Result<Self> {
        let mut numbers = Vec::new();
        let value = to_value(doc, "config", ErrorKind::Request, &mut numbers).map_err(|e| throw(&env, e))?;
        guard(|| gridcore::customer::CustomerConfig::from_value(value)).map(|c| Self(Arc::new(c))).map_err(|e| throw(&env, errors::explain_number(e, &numbers)))
    }

    /// Parses and validates a configuration from JSON text.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| gridcore::customer::CustomerConfig::from_json(&json)).map(|c| Self(Arc::new(c))).map_err(|e| throw(&env, e))
    }

    /// Reads, parses and validates a configuration from a JSON file.
    #[napi(factory)]
    pub fn from_file(env: Env, path: String) -> Result<Self> {
        let json = read_file(&path)?;
        Self::from_json(env, json)
    }

    /// The configuration as JSON text.
    #[napi]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

fn customer_of(env: &Env, customer: Unknown<'_>) -> Result<gridcore::customer::Customer> {
    let mut numbers = Vec::new();
    let value = to_value(customer, "customer", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    guard(|| gridcore::customer::Customer::from_value(value)).map_err(|e| throw(env, errors::explain_number(e, &numbers)))
}

/// The customer as `role` sees it: only the role's attributes, masked as configured.
#[napi(ts_args_type = "config: CustomerConfig, customer: Customer, role: string", ts_return_type = "CustomerView")]
pub fn customer_view<'env>(env: &'env Env, config: &CustomerConfig, customer: Unknown<'_>, role: String) -> Result<Unknown<'env>> {
    let c = customer_of(env, customer)?;
    let v = guard(|| gridcore::customer::view(&config.0, &c, &role)).map_err(|e| throw(env, e))?;
    json_object(env, &v)
}

/// Attributes found by meaning (Chinese, synonyms, pinyin initials, English), best first.
#[napi(ts_return_type = "AttributeMatch[]")]
pub fn search_attributes<'env>(env: &'env Env, config: &CustomerConfig, query: String, limit: Option<u32>) -> Result<Unknown<'env>> {
    json_object(env, &gridcore::customer::search_attributes(&config.0, &query, limit.unwrap_or(10) as usize))
}

/// What must be confirmed when the customer comes for `business` on `asOf`, and why.
#[napi(ts_args_type = "config: CustomerConfig, customer: Customer, business: string, asOf: DateString", ts_return_type = "Confirmation[]")]
pub fn confirmations_required<'env>(env: &'env Env, config: &CustomerConfig, customer: Unknown<'_>, business: String, as_of: String) -> Result<Unknown<'env>> {
    let c = customer_of(env, customer)?;
    let as_of = date_of(env, &as_of, "as_of")?;
    let v = guard(|| gridcore::customer::confirmations_required(&config.0, &c, &business, as_of)).map_err(|e| throw(env, e))?;
    json_object(env, &v)
}

/// The customer's mood from recent service events, with the events that caused it.
#[napi(ts_args_type = "config: CustomerConfig, customer: Customer, asOf: DateString", ts_return_type = "Mood")]
pub fn customer_mood<'env>(env: &'env Env, config: &CustomerConfig, customer: Unknown<'_>, as_of: String) -> Result<Unknown<'env>> {
    let c = customer_of(env, customer)?;
    let as_of = date_of(env, &as_of, "as_of")?;
    let v = guard(|| gridcore::customer::mood(&config.0, &c, as_of)).map_err(|e| throw(env, e))?;
    json_object(env, &v)
}

/// Every configured tag for the customer as of `asOf`: which apply and why.
#[napi(ts_args_type = "config: CustomerConfig, customer: Customer, asOf: DateString", ts_return_type = "TagResult[]")]
pub fn evaluate_tags<'env>(env: &'env Env, config: &CustomerConfig, customer: Unknown<'_>, as_of: String) -> Result<Unknown<'env>> {
    let c = customer_of(env, customer)?;
    let as_of = date_of(env, &as_of, "as_of")?;
    json_object(env, &gridcore::customer::evaluate_tags(&config.0, &c, as_of))
}

/// Moves a tag definition along its lifecycle; returns the new definition.
#[napi(ts_args_type = "tag: TagDefinition, to: TagState", ts_return_type = "TagDefinition")]
pub fn transition_tag<'env>(env: &'env Env, tag: Unknown<'_>, to: String) -> Result<Unknown<'env>> {
    let mut numbers = Vec::new();
    let value = to_value(tag, "tag", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    let invalid = |path: &str, e: serde_json::Error| throw(env, Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, path, e.to_string()));
    let tag: gridcore::customer::TagDefinition = serde_json::from_value(value).map_err(|e| invalid("tag", e))?;
    let to: gridcore::customer::TagState = serde_json::from_value(serde_json::Value::String(to)).map_err(|e| invalid("to", e))?;
    let next = guard(|| gridcore::customer::transition_tag(&tag, to)).map_err(|e| throw(env, e))?;
    json_object(env, &next)
}

/// The customer's score under a configured model, with each factor's contribution.
#[napi(ts_args_type = "config: CustomerConfig, customer: Customer, model: string, asOf: DateString", ts_return_type = "Score")]
pub fn customer_score<'env>(env: &'env Env, config: &CustomerConfig, customer: Unknown<'_>, model: String, as_of: String) -> Result<Unknown<'env>> {
    let c = customer_of(env, customer)?;
    let as_of = date_of(env, &as_of, "as_of")?;
    let s = guard(|| gridcore::customer::score(&config.0, &c, &model, as_of)).map_err(|e| throw(env, e))?;
    json_object(env, &s)
}

fn customers_of(env: &Env, customers: Vec<Unknown<'_>>) -> Result<Vec<gridcore::customer::Customer>> {
    customers.into_iter().map(|c| customer_of(env, c)).collect()
}

/// Tags and scores of many customers; the facts are computed once per customer.
#[napi(ts_args_type = "config: CustomerConfig, customers: Customer[], asOf: DateString", ts_return_type = "Profile[]")]
pub fn customer_profiles<'env>(env: &'env Env, config: &CustomerConfig, customers: Vec<Unknown<'_>>, as_of: String) -> Result<Unknown<'env>> {
    let list = customers_of(env, customers)?;
    let as_of = date_of(env, &as_of, "as_of")?;
    let out = guard(|| Ok(gridcore::customer::profiles(&config.0, &list, as_of))).map_err(|e| throw(env, e))?;
    json_object(env, &out)
}

/// k-means segments of the customers by the given facts, deterministic for `seed`.
#[napi(ts_args_type = "customers: Customer[], features: Fact[], k: number, seed: number, asOf: DateString", ts_return_type = "Segmentation")]
pub fn segment_customers<'env>(env: &'env Env, customers: Vec<Unknown<'_>>, features: Vec<String>, k: u32, seed: u32, as_of: String) -> Result<Unknown<'env>> {
    let list = customers_of(env, customers)?;
    let as_of = date_of(env, &as_of, "as_of")?;
    let features: Vec<gridcore::customer::Fact> =
        serde_json::from_value(serde_json::json!(features)).map_err(|e| throw(env, Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "features", e.to_string())))?;
    let s = guard(|| gridcore::customer::segment(&list, &features, k, u64::from(seed), as_of)).map_err(|e| throw(env, e))?;
    json_object(env, &s)
}

/// Merges two records of one person; the result keeps both originals.
#[napi(ts_args_type = "primary: Customer, other: Customer", ts_return_type = "Merge")]
pub fn merge_customers<'env>(env: &'env Env, primary: Unknown<'_>, other: Unknown<'_>) -> Result<Unknown<'env>> {
    let (a, b) = (customer_of(env, primary)?, customer_of(env, other)?);
    let m = guard(|| gridcore::customer::merge(&a, &b)).map_err(|e| throw(env, e))?;
    json_object(env, &m)
}

/// Both records of a merge, exactly as they were: `[primary, other]`.
#[napi(ts_args_type = "merge: Merge", ts_return_type = "[Customer, Customer]")]
pub fn unmerge_customers<'env>(env: &'env Env, merge: Unknown<'_>) -> Result<Unknown<'env>> {
    let mut numbers = Vec::new();
    let value = to_value(merge, "merge", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    let m: gridcore::customer::Merge =
        serde_json::from_value(value).map_err(|e| throw(env, Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "merge", e.to_string())))?;
    let (a, b) = gridcore::customer::unmerge(&m);
    json_object(env, &(a, b))
}
