//! Segmentation of customers by k-means (linfa-clustering), deterministic for a seed.
//!
//! Features are facts, standardised (z-scores) so that kWh do not drown out counts;
//! k-means++ runs 10 times from a seeded Xoshiro generator and keeps the best. Segments
//! are numbered from 1 in ascending order of their centres, and each centre is the exact
//! mean of its members' facts (4 decimals), readable in the facts' own units.

use super::facts::{Fact, Facts};
use super::Customer;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use chrono::NaiveDate;
use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use ndarray::Array2;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A segment and its centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Number, from 1.
    pub segment: u32,
    /// Customers in it.
    pub size: u32,
    /// The mean of each feature over its customers, in the features' order.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub centre: Vec<Decimal>,
}

/// A customer's segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The customer.
    pub customer_id: String,
    /// Its segment.
    pub segment: u32,
}

/// A segmentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segmentation {
    /// The facts clustered on.
    pub features: Vec<Fact>,
    /// The segments, numbered from 1.
    pub segments: Vec<Segment>,
    /// Each customer's segment, in the input order.
    pub assignments: Vec<Assignment>,
}

/// Splits `customers` into `k` segments by the facts `features` as of `as_of`.
pub fn segment(customers: &[Customer], features: &[Fact], k: u32, seed: u64, as_of: NaiveDate) -> Result<Segmentation> {
    let bad = |code, path: &str, reason: String| Error::new(ErrorKind::Request, code, path, reason);
    if features.is_empty() {
        return Err(bad(ErrorCode::Empty, "features", "give at least one fact to segment by".into()));
    }
    if k == 0 || k as usize > customers.len() {
        return Err(bad(ErrorCode::OutOfRange, "k", format!("k = {k} must be 1 to the number of customers ({})", customers.len())));
    }
    let (n, d) = (customers.len(), features.len());
    let values: Vec<Vec<Decimal>> = customers.iter().map(|c| {
        let f = Facts::of(c, as_of);
        features.iter().map(|x| f.get(*x)).collect()
    }).collect();
    // Standardise each feature: (x − mean) / standard deviation (1 when constant).
    // Floats here are not money: k-means (linfa) works on f64 distances between
    // standardised features, and only the assignment comes out of them. The centres
    // reported are exact Decimal means of the members' facts (below).
    let raw: Vec<f64> = values.iter().flat_map(|row| row.iter().map(|v| v.to_f64().unwrap_or(0.0))).collect(); // not money: k-means input
    let mut data = Array2::from_shape_vec((n, d), raw).map_err(|e| Error::internal(e.to_string()))?;
    for mut column in data.columns_mut() {
        // Feature scaling for the distance only (not money).
        let mean = column.sum() / n as f64;
        let sd = (column.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        let sd = if sd > 0.0 { sd } else { 1.0 };
        column.mapv_inplace(|x| (x - mean) / sd);
    }
    let dataset = DatasetBase::from(data.clone());
    let model = KMeans::params_with_rng(k as usize, Xoshiro256Plus::seed_from_u64(seed))
        .n_runs(10)
        .max_n_iterations(300)
        .tolerance(1e-9)
        .fit(&dataset)
        .map_err(|e| Error::internal(format!("k-means failed: {e}")))?;
    let labels = model.predict(&data);

    // Exact centres from the members, then numbering by ascending centre.
    let mut centres: Vec<(Vec<Decimal>, u32, usize)> = (0..k as usize)
        .map(|cluster| {
            let members: Vec<&Vec<Decimal>> = labels.iter().zip(&values).filter(|(l, _)| **l == cluster).map(|(_, v)| v).collect();
            let size = members.len() as u32;
            let centre = (0..d)
                .map(|j| {
                    if size == 0 {
                        Decimal::ZERO
                    } else {
                        (members.iter().map(|m| m[j]).sum::<Decimal>() / Decimal::from(size)).round_dp(4).normalize()
                    }
                })
                .collect();
            (centre, size, cluster)
        })
        .collect();
    centres.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
    let mut number = vec![0u32; k as usize];
    for (i, c) in centres.iter().enumerate() {
        number[c.2] = i as u32 + 1;
    }
    Ok(Segmentation {
        features: features.to_vec(),
        segments: centres.iter().enumerate().map(|(i, (centre, size, _))| Segment { segment: i as u32 + 1, size: *size, centre: centre.clone() }).collect(),
        assignments: customers.iter().zip(labels.iter()).map(|(c, l)| Assignment { customer_id: c.customer_id.clone(), segment: number[*l] }).collect(),
    })
}
