//! The account's contract terms billing needs: the two-part contract (capacity, contract
//! demand, capacity changes) and the power-factor standard.

use crate::base::Text;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How an account's basic charge is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasicMethod {
    /// 按容量: kVA in service.
    Capacity,
    /// 按合同最大需量: the contract demand, with the 105 % rule and the 40 % floor.
    ContractDemand,
    /// 按实际最大需量: the period's maximum demand.
    ActualDemand,
}

/// Why capacity in service changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeReason {
    /// 暂停: transformers suspended.
    Suspension,
    /// 减容: capacity reduced.
    Reduction,
    /// 增容: transformers added.
    Addition,
    /// 恢复: suspended or reduced capacity restored.
    Restoration,
}

impl ChangeReason {
    pub(crate) fn text(self) -> Text {
        match self {
            ChangeReason::Suspension => Text::new("暂停", "suspension"),
            ChangeReason::Reduction => Text::new("减容", "reduction"),
            ChangeReason::Addition => Text::new("增容", "addition"),
            ChangeReason::Restoration => Text::new("恢复", "restoration"),
        }
    }
}

/// A change of capacity in service from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityChange {
    /// First day at the new capacity (inside the billing period).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub from: NaiveDate,
    /// kVA in service from that day.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub capacity_kva: Decimal,
    /// Why.
    pub reason: ChangeReason,
}

/// The account's two-part contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicChargeContract {
    /// Capacity, contract demand or actual demand.
    pub method: BasicMethod,
    /// Transformer capacity in service at the start of the period, kVA.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub capacity_kva: Decimal,
    /// Contract maximum demand, kW (the contract-demand method).
    #[serde(deserialize_with = "crate::base::strict::de", default, skip_serializing_if = "Option::is_none")]
    pub contract_demand_kw: Option<Decimal>,
    /// Capacity changes within the period, in date order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity_changes: Vec<CapacityChange>,
}

/// A power-factor standard (考核标准).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Standard {
    /// 0.90: high-voltage industrial users of 160 kVA and more.
    P90,
    /// 0.85: other users of 100 kVA and more, large agricultural users.
    P85,
    /// 0.80: agricultural and wholesale users.
    P80,
}

impl Standard {
    /// The standard as hundredths (90, 85, 80).
    pub fn hundredths(self) -> i64 {
        match self {
            Standard::P90 => 90,
            Standard::P85 => 85,
            Standard::P80 => 80,
        }
    }

    /// The standard as a decimal, `0.90`.
    pub fn value(self) -> Decimal {
        Decimal::new(self.hundredths(), 2)
    }

    /// The standard for a decimal `0.90`, `0.85` or `0.80` (`0.9` and `0.8` too).
    pub fn from_value(value: Decimal) -> Option<Standard> {
        [Standard::P90, Standard::P85, Standard::P80].into_iter().find(|s| s.value() == value)
    }

    /// The largest reward (as a negative percentage).
    pub(crate) fn max_reward(self) -> Decimal {
        match self {
            Standard::P90 => Decimal::new(75, 2),
            Standard::P85 => Decimal::new(110, 2),
            Standard::P80 => Decimal::new(130, 2),
        }
    }
}

impl Serialize for Standard {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        Serialize::serialize(&self.value(), serializer)
    }
}

impl<'de> Deserialize<'de> for Standard {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = <Decimal as Deserialize>::deserialize(deserializer)?;
        Standard::from_value(value).ok_or_else(|| serde::de::Error::custom(format!("power-factor standard {value} must be \"0.90\", \"0.85\" or \"0.80\"")))
    }
}

