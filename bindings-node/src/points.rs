//! The points centre: a rule book and a customer's ledger. Conversion only; every rule
//! lives in `gridcore::points`.

use crate::convert::{date_of, json_object, read_file, to_value};
use crate::errors::{self, guard, throw};
use gridcore::points::{Ledger as CoreLedger, Operation, PointsEvent, PointsRules as CoreRules};
use gridcore::ErrorKind;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::sync::Arc;

/// A validated points rule book. Build one with `PointsRules.fromObject`, `fromJson` or
/// `fromFile`; share it across ledgers.
#[napi]
pub struct PointsRules(Arc<CoreRules>);

#[napi]
impl PointsRules {
    /// Validates a rule book given as an object (decimals as strings).
    #[napi(factory, ts_args_type = "doc: PointsRulesDocument")]
    pub fn from_object(env: Env, doc: Unknown<'_>) -> Result<Self> {
        let mut numbers = Vec::new();
        let value = to_value(doc, "points", ErrorKind::Request, &mut numbers).map_err(|e| throw(&env, e))?;
        guard(|| CoreRules::from_value(value)).map(|r| Self(Arc::new(r))).map_err(|e| throw(&env, errors::explain_number(e, &numbers)))
    }

    /// Parses and validates a rule book from JSON text.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| CoreRules::from_json(&json)).map(|r| Self(Arc::new(r))).map_err(|e| throw(&env, e))
    }

    /// Reads, parses and validates a rule book from a JSON file.
    #[napi(factory)]
    pub fn from_file(env: Env, path: String) -> Result<Self> {
        let json = read_file(&path)?;
        Self::from_json(env, json)
    }

    /// The rule book as JSON text.
    #[napi]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// A customer's points ledger: append-only entries with idempotency keys. `process` runs
/// an event through a rule book; `apply` awards, redeems, reverses or expires directly.
/// Store `entries()` (or `toJson()`) and load with `Ledger.fromJson`.
#[napi]
pub struct Ledger(CoreLedger);

#[napi]
impl Ledger {
    /// An empty ledger (a `RequestError` when the customer id is blank, over 128
    /// characters or holds a control character).
    #[napi(constructor)]
    pub fn new(env: Env, customer_id: String) -> Result<Self> {
        guard(|| CoreLedger::for_customer(&customer_id)).map(Self).map_err(|e| throw(&env, e))
    }

    /// A stored ledger from its JSON form, checked entry by entry.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| CoreLedger::from_json(&json)).map(Self).map_err(|e| throw(&env, e))
    }

    /// Whose points.
    #[napi(getter)]
    pub fn customer_id(&self) -> String {
        self.0.customer_id().to_string()
    }

    /// The balance: the sum of the entries. Balances are bounded by ±10^15 points (the
    /// core refuses more), so a JS number holds every balance exactly.
    #[napi(getter)]
    pub fn balance(&self) -> i64 {
        self.0.balance()
    }

    /// The entries, in order.
    #[napi(ts_return_type = "LedgerEntry[]")]
    pub fn entries<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.entries())
    }

    /// Every lot with what is left of it.
    #[napi(ts_return_type = "Lot[]")]
    pub fn lots<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.lots())
    }

    /// Points usable on a day: left in lots that have not expired by then, less points owed.
    #[napi(ts_args_type = "on: DateString")]
    pub fn usable(&self, env: Env, on: String) -> Result<i64> {
        Ok(self.0.usable(date_of(&env, &on, "on")?))
    }

    /// Runs an event through the rule book, exactly once per event key.
    #[napi(ts_args_type = "rules: PointsRules, event: PointsEvent", ts_return_type = "PointsOutcome")]
    pub fn process<'env>(&mut self, env: &'env Env, rules: &PointsRules, event: Unknown<'_>) -> Result<Unknown<'env>> {
        let mut numbers = Vec::new();
        let value = to_value(event, "event", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
        let event = PointsEvent::from_value(value).map_err(|e| throw(env, errors::explain_number(e, &numbers)))?;
        let out = guard(|| gridcore::points::process(&rules.0, &mut self.0, &event).map(|o| o.to_record())).map_err(|e| throw(env, e))?;
        json_object(env, &out)
    }

    /// Applies an operation (`{op: 'award' | 'redeem' | 'reverse' | 'expire', …}`).
    #[napi(ts_args_type = "operation: LedgerOperation", ts_return_type = "PointsOutcome")]
    pub fn apply<'env>(&mut self, env: &'env Env, operation: Unknown<'_>) -> Result<Unknown<'env>> {
        let mut numbers = Vec::new();
        let value = to_value(operation, "operation", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
        let op = Operation::from_value(value).map_err(|e| throw(env, errors::explain_number(e, &numbers)))?;
        let out = guard(|| self.0.apply(&op).map(|o| o.to_record())).map_err(|e| throw(env, e))?;
        json_object(env, &out)
    }

    /// The ledger as JSON text (`{"customer_id": …, "entries": […]}`).
    #[napi]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}
