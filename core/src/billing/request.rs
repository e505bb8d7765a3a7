//! Reading a bill request: its JSON form (`BillRequest::from_json`, `from_value`,
//! `with_tariff`), with the embedded tariff validated in place so that its errors keep
//! their codes and paths (`tariff.energy.flat.price`, `tariff_versions[0].tariff.…`).

use super::model::{Account, BillRequest, Period, RegisterValue, Tariff, TariffSpec, TariffVersion, UsageInput};
use crate::base::calendar::BillingMonth;
use crate::base::error::{parse_json, Error, ErrorCode, ErrorKind, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionDoc {
    #[serde(deserialize_with = "crate::base::strict::de")]
    effective_from: NaiveDate,
    tariff: TariffSpec,
    #[serde(default)]
    readings: Vec<RegisterValue>,
}

/// The JSON form of a request, with the tariff still a document, so that tariff errors
/// keep their codes and paths. The tariff is absent when the caller supplies an already
/// validated one ([`BillRequest::with_tariff`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestDoc {
    #[serde(default)]
    tariff: Option<TariffSpec>,
    account: Account,
    period: Period,
    #[serde(default)]
    usage: UsageInput,
    #[serde(deserialize_with = "crate::base::strict::de", default)]
    year_to_date_kwh: Decimal,
    #[serde(deserialize_with = "crate::base::strict::de", default)]
    holidays: Vec<NaiveDate>,
    #[serde(deserialize_with = "crate::base::strict::de")]
    as_of: NaiveDate,
    #[serde(default)]
    tariff_versions: Vec<VersionDoc>,
    #[serde(default)]
    billing_month: Option<BillingMonth>,
    #[serde(default)]
    new_year_readings: Vec<RegisterValue>,
}

impl RequestDoc {
    fn into_request(mut self) -> Result<BillRequest> {
        let tariff = match self.tariff.take() {
            Some(spec) => Arc::new(Tariff::new(spec)?),
            None => return Err(Error::request(ErrorCode::InvalidField, "tariff", "missing field `tariff`")),
        };
        self.with_tariff(tariff)
    }

    fn with_tariff(self, tariff: Arc<Tariff>) -> Result<BillRequest> {
        let mut tariff_versions = Vec::with_capacity(self.tariff_versions.len());
        for (i, v) in self.tariff_versions.into_iter().enumerate() {
            // Re-root the version's tariff errors at its place in the request.
            let t = Tariff::new(v.tariff).map_err(|mut e| {
                e.path = format!("tariff_versions[{i}].{}", e.path);
                e
            })?;
            tariff_versions.push(TariffVersion { effective_from: v.effective_from, tariff: Arc::new(t), readings: v.readings });
        }
        Ok(BillRequest {
            tariff_versions,
            tariff,
            account: self.account,
            period: self.period,
            usage: self.usage,
            year_to_date_kwh: self.year_to_date_kwh,
            holidays: self.holidays,
            as_of: self.as_of,
            billing_month: self.billing_month,
            new_year_readings: self.new_year_readings,
        })
    }
}

impl<'de> Deserialize<'de> for BillRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        RequestDoc::deserialize(deserializer)?.into_request().map_err(serde::de::Error::custom)
    }
}

impl BillRequest {
    /// Parses a request (with its tariff document) from JSON text. Paths in errors are
    /// rooted at the request: `period.end`, `tariff.energy.flat.price`.
    pub fn from_json(json: &str) -> Result<BillRequest> {
        parse_json::<RequestDoc>(ErrorKind::Request, "", json)?.into_request()
    }

    /// Parses a request (with its tariff document) from a JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<BillRequest> {
        crate::base::error::from_value::<RequestDoc>(ErrorKind::Request, "", value)?.into_request()
    }

    /// Builds a request around an already validated tariff from a JSON value holding the
    /// other fields (`account`, `period`, `usage`, …). A batch of requests for one tariff
    /// shares it instead of validating it again per request.
    pub fn with_tariff(tariff: Arc<Tariff>, fields: serde_json::Value) -> Result<BillRequest> {
        let doc: RequestDoc = crate::base::error::from_value(ErrorKind::Request, "", fields)?;
        if doc.tariff.is_some() {
            return Err(Error::request(ErrorCode::InvalidField, "tariff", "the tariff is given separately; remove it from the fields"));
        }
        doc.with_tariff(tariff)
    }
}
