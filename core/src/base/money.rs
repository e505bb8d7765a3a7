//! Decimal amounts and the rounding policy a tariff carries.
//!
//! Money is `rust_decimal::Decimal` everywhere. A [`RoundingPolicy`] names every rounding
//! the engine performs, and each bill states the policy it was computed with.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The most decimal places a price may carry (元/kWh, 元/day, …).
pub const PRICE_SCALE: u32 = 6;
/// The most decimal places an energy quantity may carry (kWh).
pub const ENERGY_SCALE: u32 = 4;
/// Every price (元 per kWh, kVA·month, bill, day, month) is below 10^9.
pub const MAX_PRICE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Every input quantity (readings, kWh, kVA, kW, interval values) is below 10^12, and
/// billed kWh and demand after the multiplier are below 10^15.
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);
/// Every input amount of money (arrears, payments) is below 10^15 元, as is billed kWh.
pub const MAX_MONEY: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// How a value is rounded to its scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 四舍五入: halves away from zero (0.125 → 0.13). The default.
    #[default]
    HalfUp,
    /// Banker's rounding: halves to the even neighbour (0.125 → 0.12).
    HalfEven,
    /// 舍去: towards zero (0.129 → 0.12).
    Down,
    /// 进一: away from zero (0.121 → 0.13).
    Up,
}

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        }
    }
}

/// Where amounts are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RoundingStage {
    /// Each line's amount is rounded once; subtotals and the total are sums of rounded
    /// lines. The printed bill always adds up. The default.
    #[default]
    Line,
    /// Lines keep their exact amounts (quantity × price); each component's subtotal
    /// (energy, funds, fixed charges) is rounded once and the total is the sum of the
    /// rounded subtotals.
    Component,
}

/// The rounding policy a tariff carries and a bill states.
///
/// ```
/// use gridcore::money::{RoundingPolicy, RoundingMode};
/// let p = RoundingPolicy::default();
/// assert_eq!(p.scale, 2);
/// assert_eq!(p.mode, RoundingMode::HalfUp);
/// assert_eq!(p.round_amount("86.075".parse().unwrap()).to_string(), "86.08");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundingPolicy {
    /// Decimal places of money amounts (2 = to the fen). 0 to 6.
    #[serde(default = "default_scale", deserialize_with = "crate::base::lenient::u32")]
    pub scale: u32,
    /// How amounts are rounded.
    #[serde(default)]
    pub mode: RoundingMode,
    /// Where amounts are rounded.
    #[serde(default)]
    pub stage: RoundingStage,
    /// Decimal places of kWh that the engine derives (percentage losses, loss allocation
    /// across periods, multiplied readings), always rounded half-up. 0 to 4; default 4.
    #[serde(default = "default_quantity_scale", deserialize_with = "crate::base::lenient::u32")]
    pub quantity_scale: u32,
    /// Decimal places of tier thresholds prorated by days, always rounded half-up.
    /// 0 to 4; default 0 (whole kWh).
    #[serde(default, deserialize_with = "crate::base::lenient::u32")]
    pub threshold_scale: u32,
}

fn default_scale() -> u32 {
    2
}
fn default_quantity_scale() -> u32 {
    ENERGY_SCALE
}

impl Default for RoundingPolicy {
    fn default() -> Self {
        RoundingPolicy {
            scale: default_scale(),
            mode: RoundingMode::default(),
            stage: RoundingStage::default(),
            quantity_scale: default_quantity_scale(),
            threshold_scale: 0,
        }
    }
}

impl RoundingPolicy {
    /// Rounds a money amount to the policy's scale and mode, always printing `scale`
    /// decimals ("86.10", not "86.1").
    pub fn round_amount(&self, value: Decimal) -> Decimal {
        fixed_scale(value.round_dp_with_strategy(self.scale, self.mode.strategy()), self.scale)
    }

    /// Rounds a derived kWh quantity half-up to `quantity_scale`.
    pub fn round_quantity(&self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(self.quantity_scale, RoundingStrategy::MidpointAwayFromZero).normalize()
    }

    /// Rounds a prorated tier threshold half-up to `threshold_scale`.
    pub fn round_threshold(&self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(self.threshold_scale, RoundingStrategy::MidpointAwayFromZero).normalize()
    }
}

/// `value` printed with exactly `scale` decimals. `value` must already have at most
/// `scale` decimals.
pub fn fixed_scale(mut value: Decimal, scale: u32) -> Decimal {
    value.rescale(scale);
    if value.is_zero() {
        // "-0.00" and "0.00" must print alike.
        value.set_sign_positive(true);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn modes_round_as_named() {
        let mut p = RoundingPolicy::default();
        let cases = [
            (RoundingMode::HalfUp, "0.125", "0.13"),
            (RoundingMode::HalfUp, "-0.125", "-0.13"),
            (RoundingMode::HalfEven, "0.125", "0.12"),
            (RoundingMode::HalfEven, "0.135", "0.14"),
            (RoundingMode::Down, "0.129", "0.12"),
            (RoundingMode::Up, "0.121", "0.13"),
            (RoundingMode::HalfUp, "86.1", "86.10"),
            (RoundingMode::HalfUp, "-0.001", "0.00"),
        ];
        for (mode, input, want) in cases {
            p.mode = mode;
            assert_eq!(p.round_amount(d(input)).to_string(), want, "{mode:?} {input}");
        }
    }

    #[test]
    fn default_policy_serializes_fully() {
        let json = serde_json::to_string(&RoundingPolicy::default()).unwrap();
        assert_eq!(json, r#"{"scale":2,"mode":"half_up","stage":"line","quantity_scale":4,"threshold_scale":0}"#);
        let back: RoundingPolicy = serde_json::from_str("{}").unwrap();
        assert_eq!(back, RoundingPolicy::default());
    }

    #[test]
    fn bounds_are_powers_of_ten() {
        assert_eq!((MAX_PRICE.to_string(), MAX_QUANTITY.to_string(), MAX_MONEY.to_string()), ("1000000000".into(), "1000000000000".into(), "1000000000000000".into()));
    }

    #[test]
    fn quantities_and_thresholds_round_half_up() {
        let p = RoundingPolicy::default();
        assert_eq!(p.round_quantity(d("1.23455")).to_string(), "1.2346");
        assert_eq!(p.round_threshold(d("1512.5")).to_string(), "1513");
        assert_eq!(p.round_threshold(d("1512.49")).to_string(), "1512");
    }
}
