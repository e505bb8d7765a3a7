//! Power-factor adjustment (功率因数调整电费), per 《功率因数调整电费办法》 (1983).
//!
//! * PF = P / √(P² + Q²) from active kWh `P` and reactive kvarh `Q`, rounded half-up to
//!   two decimals. The rounding is decided exactly, by comparing squares of integers,
//!   so a PF of exactly 0.855 is 0.86 and 0.8549999… is 0.85: no square root in floating
//!   point can put a customer on the wrong side of a step.
//! * The percentage comes from the customer's standard (0.90, 0.85 or 0.80): rewards of
//!   0.1 % per 0.01 above the standard up to 0.90, 0.15 % per 0.01 above 0.90, capped at
//!   0.75 / 1.1 / 1.3 %; surcharges of 0.5 % per 0.01 below the standard for 0.20, then
//!   1 % per 0.01 for 0.05, then 2 % per 0.01.
//! * It applies to energy + basic charges, never to government funds.

use super::model::Standard;
use crate::base::error::{Error, ErrorCode, Result};
use rust_decimal::Decimal;

/// The adjustment percentage for a power factor already rounded to two decimals:
/// positive is a surcharge, negative a reward.
///
/// ```
/// use gridcore::billing::{power_factor::percent, Standard};
/// let pf = "0.86".parse().unwrap();
/// assert_eq!(percent(pf, Standard::P90).to_string(), "2");
/// assert_eq!(percent(pf, Standard::P85).to_string(), "-0.1");
/// ```
pub fn percent(pf: Decimal, standard: Standard) -> Decimal {
    let h = (pf * Decimal::ONE_HUNDRED).trunc().try_into().unwrap_or(0i64).clamp(0, 100);
    let s = standard.hundredths();
    let d = |n: i64, tenths_of_percent: i64| Decimal::from(n) * Decimal::new(tenths_of_percent, 2);
    if h > s {
        // 0.1 % per step up to 0.90, then 0.15 % per step, capped.
        let reward = d(h.min(90) - s.min(90), 10) + d((h - s.max(90)).max(0), 15);
        (-reward.min(standard.max_reward())).normalize()
    } else {
        let (b1, b2) = (s - 20, s - 25);
        (d(s - h.max(b1), 50) + d((b1 - h.max(b2)).max(0), 100) + d((b2 - h).max(0), 200)).normalize()
    }
}

/// P / √(P² + Q²) rounded half-up to `digits` decimals (at most 4), decided exactly.
/// P and Q are kWh and kvarh with at most 4 decimals, below 10^10.
pub fn power_factor(active: Decimal, reactive: Decimal, digits: u32) -> Result<Decimal> {
    let units = |v: Decimal, what: &str| -> Result<u128> {
        let v = v.round_dp(4);
        let scaled = v.mantissa() as u128 * 10u128.pow(4 - v.scale());
        if v.is_sign_negative() || scaled > 10u128.pow(14) {
            return Err(Error::request(ErrorCode::OutOfRange, "usage", format!("{what} {v} is outside 0 to 10^10 for a power factor")));
        }
        Ok(scaled)
    };
    let (p, q) = (units(active, "active energy")?, units(reactive, "reactive energy")?);
    let digits = digits.min(4);
    if p == 0 && q == 0 {
        return Ok(Decimal::new(10i64.pow(digits), digits));
    }
    let (pp, sum) = (p * p, p * p + q * q);
    let scale = 10u128.pow(digits);
    // rounded ≥ k  ⇔  P/√(P²+Q²) ≥ (k − ½)/10^d  ⇔  4·10^2d·P² ≥ (2k − 1)²·(P² + Q²).
    let at_least = |k: u128| k == 0 || 4 * scale * scale * pp >= (2 * k - 1) * (2 * k - 1) * sum;
    let (mut lo, mut hi) = (0u128, scale);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if at_least(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(Decimal::new(lo as i64, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn published_table_points() {
        let at = |pf: &str, s| percent(dec(pf), s).normalize().to_string();
        // 0.90: 0.65 → +15, 0.64 → +17, 0.30 → +85, 0.95 → −0.75, 0.92 → −0.3.
        for (pf, want) in [("0.90", "0"), ("0.89", "0.5"), ("0.70", "10"), ("0.65", "15"), ("0.64", "17"), ("0.30", "85"), ("0.92", "-0.3"), ("0.95", "-0.75"), ("1.00", "-0.75")] {
            assert_eq!(at(pf, Standard::P90), want, "std 0.90 at {pf}");
        }
        for (pf, want) in [("0.85", "0"), ("0.86", "-0.1"), ("0.90", "-0.5"), ("0.93", "-0.95"), ("0.94", "-1.1"), ("0.99", "-1.1"), ("0.65", "10"), ("0.60", "15"), ("0.59", "17"), ("0.30", "75")] {
            assert_eq!(at(pf, Standard::P85), want, "std 0.85 at {pf}");
        }
        for (pf, want) in [("0.80", "0"), ("0.90", "-1"), ("0.91", "-1.15"), ("0.92", "-1.3"), ("0.60", "10"), ("0.55", "15"), ("0.54", "17"), ("0.30", "65")] {
            assert_eq!(at(pf, Standard::P80), want, "std 0.80 at {pf}");
        }
    }

    #[test]
    fn rounding_is_exact_at_the_half() {
        // Domain example 3: P 100000, Q 60000 → 0.857492… → 0.86.
        assert_eq!(power_factor(dec("100000"), dec("60000"), 2).unwrap(), dec("0.86"));
        assert_eq!(power_factor(dec("100000"), dec("60000"), 4).unwrap(), dec("0.8575"));
        // P = 3, Q = 4 → 0.6 exactly; P = 0 → 0; both 0 → 1.
        assert_eq!(power_factor(dec("3"), dec("4"), 2).unwrap(), dec("0.60"));
        assert_eq!(power_factor(dec("0"), dec("5"), 2).unwrap(), dec("0.00"));
        assert_eq!(power_factor(dec("0"), dec("0"), 2).unwrap(), dec("1.00"));
        assert_eq!(power_factor(dec("5"), dec("0"), 2).unwrap(), dec("1.00"));
        assert!(power_factor(dec("100000000000"), dec("1"), 2).is_err());
    }
}
