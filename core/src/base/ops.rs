//! Comparison operators, as conditions of tag rules and points rules write them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// =
    Eq,
    /// ≠
    Ne,
    /// <
    Lt,
    /// ≤
    Lte,
    /// >
    Gt,
    /// ≥
    Gte,
}

impl Op {
    /// How it prints: `=`, `≠`, `<`, `≤`, `>`, `≥`.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Lt => "<",
            Op::Lte => "≤",
            Op::Gt => ">",
            Op::Gte => "≥",
        }
    }
    /// Whether `a op b`.
    pub fn holds(self, a: Decimal, b: Decimal) -> bool {
        match self {
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::Lt => a < b,
            Op::Lte => a <= b,
            Op::Gt => a > b,
            Op::Gte => a >= b,
        }
    }
}

