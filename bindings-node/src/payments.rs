//! The payments centre: an account's receivables ledger and the reconciliation of
//! settlement files. Conversion only; every rule lives in `gridcore::payments`.

use crate::convert::{date_of, json_object, to_value};
use crate::errors::{self, guard, throw};
use gridcore::payments::{AccountSetup, Booked, Ledger, Operation, SettlementLayout};
use gridcore::ErrorKind;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// An account's receivables ledger: bills, payments allocated by the account's policy,
/// late fees as of the payment day, prepaid money, reversals and refunds, as append-only
/// entries with idempotency keys. Store `entries()` (or `toJson()`) and load with
/// `AccountLedger.fromJson`.
#[napi]
pub struct AccountLedger(Ledger);

#[napi]
impl AccountLedger {
    /// An empty ledger for an account (`{account_id, customer_class, policy?}`).
    #[napi(constructor, ts_args_type = "account: AccountSetup")]
    pub fn new(env: Env, account: Unknown<'_>) -> Result<Self> {
        let mut numbers = Vec::new();
        let value = to_value(account, "", ErrorKind::Request, &mut numbers).map_err(|e| throw(&env, e))?;
        guard(|| AccountSetup::from_value(value).and_then(Ledger::new)).map(Self).map_err(|e| throw(&env, errors::explain_number(e, &numbers)))
    }

    /// A stored ledger from its JSON form, checked by replaying its operations.
    #[napi(factory)]
    pub fn from_json(env: Env, json: String) -> Result<Self> {
        guard(|| Ledger::from_json(&json)).map(Self).map_err(|e| throw(&env, e))
    }

    /// The account.
    #[napi(getter)]
    pub fn account_id(&self) -> String {
        self.0.setup().account_id.clone()
    }

    /// The amount due (principal and assessed late fees), an exact decimal string.
    #[napi(getter, ts_return_type = "DecimalString")]
    pub fn amount_due(&self) -> String {
        self.0.amount_due().to_string()
    }

    /// The unapplied (prepaid) money, an exact decimal string.
    #[napi(getter, ts_return_type = "DecimalString")]
    pub fn prepaid(&self) -> String {
        self.0.prepaid().to_string()
    }

    /// The entries, in the order written.
    #[napi(ts_return_type = "PaymentEntry[]")]
    pub fn entries<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.entries())
    }

    /// Applies an operation (`{op: 'issue' | 'pay' | 'reverse' | 'refund' | 'write_off' | 'adjust', …}`), exactly once per key.
    #[napi(ts_args_type = "operation: PaymentOperation", ts_return_type = "PaymentOutcome")]
    pub fn apply<'env>(&mut self, env: &'env Env, operation: Unknown<'_>) -> Result<Unknown<'env>> {
        let mut numbers = Vec::new();
        let value = to_value(operation, "operation", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
        let op = Operation::from_value(value).map_err(|e| throw(env, errors::explain_number(e, &numbers)))?;
        let out = guard(|| self.0.apply(op)).map_err(|e| throw(env, e))?;
        json_object(env, &out)
    }

    /// The arrears as of a date: open bills, late fee to date, prepaid, days overdue.
    #[napi(ts_args_type = "asOf: DateString", ts_return_type = "Arrears")]
    pub fn arrears<'env>(&self, env: &'env Env, as_of: String) -> Result<Unknown<'env>> {
        let day = date_of(env, &as_of, "as_of")?;
        let out = guard(|| self.0.arrears(day)).map_err(|e| throw(env, e))?;
        json_object(env, &out)
    }

    /// A payment's points events (for `Ledger.process`) and `payment_received` notice values.
    #[napi(ts_return_type = "PaymentEvents")]
    pub fn payment_events<'env>(&self, env: &'env Env, payment_key: String) -> Result<Unknown<'env>> {
        let out = guard(|| self.0.payment_events(&payment_key)).map_err(|e| throw(env, e))?;
        json_object(env, &out)
    }

    /// The payments and refunds booked, for `reconcileFile`.
    #[napi(ts_return_type = "Booked[]")]
    pub fn booked<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        json_object(env, &self.0.booked())
    }

    /// The ledger as JSON text.
    #[napi]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// Reconciles a channel's settlement file (its text) against booked payments and refunds;
/// transactions after `cutoff` are not yet settled.
#[napi(ts_args_type = "layout: SettlementLayout, text: string, booked: Booked[], cutoff: LocalDateTimeString", ts_return_type = "Reconciliation")]
pub fn reconcile_file<'env>(env: &'env Env, layout: Unknown<'_>, text: String, booked: Unknown<'_>, cutoff: String) -> Result<Unknown<'env>> {
    let mut numbers = Vec::new();
    let layout = to_value(layout, "layout", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    let layout = SettlementLayout::from_value(layout).map_err(|e| throw(env, errors::explain_number(e, &numbers)))?;
    let booked = to_value(booked, "booked", ErrorKind::Request, &mut numbers).map_err(|e| throw(env, e))?;
    let booked: Vec<Booked> = serde_json::from_value(booked).map_err(|e| throw(env, gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "booked", e.to_string())))?;
    let cutoff = gridcore::strict::parse_datetime(&cutoff).map_err(|reason| throw(env, gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "cutoff", reason)))?;
    let out = guard(|| gridcore::payments::read_settlement(&layout, &text).map(|f| gridcore::payments::reconcile(&f, &booked, cutoff))).map_err(|e| throw(env, e))?;
    json_object(env, &out)
}

/// A reconciliation report as a readable table.
#[napi(ts_args_type = "report: Reconciliation")]
pub fn render_reconciliation(env: Env, report: Unknown<'_>) -> Result<String> {
    let mut numbers = Vec::new();
    let value = to_value(report, "report", ErrorKind::Request, &mut numbers).map_err(|e| throw(&env, e))?;
    let report: gridcore::payments::Reconciliation = serde_json::from_value(value).map_err(|e| throw(&env, gridcore::Error::new(ErrorKind::Request, gridcore::ErrorCode::InvalidField, "report", e.to_string())))?;
    Ok(report.render())
}
