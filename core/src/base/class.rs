//! The customer classes the tariff and penalty rules distinguish.

use serde::{Deserialize, Serialize};

/// The customer classes the tariff and penalty rules distinguish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerClass {
    /// 居民用户.
    Residential,
    /// 其他用户 (commercial, industrial, agricultural, …).
    NonResidential,
}

