//! The field checks every parser uses: decimals within their precision and range, and
//! snake_case codes.

use super::error::{Error, ErrorCode, ErrorKind, Result};
use super::money::{ENERGY_SCALE, MAX_MONEY, MAX_PRICE, MAX_QUANTITY, PRICE_SCALE};
use rust_decimal::Decimal;

/// Checks that `value` is ≥ 0 with at most `scale` decimals, and below the largest value
/// of its kind: prices (6 decimals) below [`MAX_PRICE`], quantities (4 decimals) below
/// [`MAX_QUANTITY`], money (2 decimals) below [`MAX_MONEY`]. These bounds make every
/// product the engine forms of two inputs fit a `Decimal` exactly.
pub fn check_decimal(kind: ErrorKind, value: Decimal, scale: u32, what: &str, path: impl Fn() -> String) -> Result<()> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Error::new(kind, ErrorCode::Negative, path(), format!("{what} {value} is negative; it must be 0 or more")));
    }
    // normalize() divides by ten until it can no more: only when the scale says it may help.
    if value.scale() > scale && value.normalize().scale() > scale {
        return Err(Error::new(kind, ErrorCode::TooPrecise, path(), format!("{what} {value} has more than {scale} decimal places")));
    }
    let (max, name, digits) = match scale {
        PRICE_SCALE => (MAX_PRICE, "10^9", 9),
        ENERGY_SCALE => (MAX_QUANTITY, "10^12", 12),
        _ => (MAX_MONEY, "10^15", 15),
    };
    if at_least_pow10(value, digits, max) {
        return Err(Error::new(kind, ErrorCode::OutOfRange, path(), format!("{what} {value} is too large: it must be below {name}")));
    }
    Ok(())
}

/// Whether |value| ≥ 10^digits (`max`): on the mantissa when 10^(digits + scale) fits an
/// i128, which spares `Decimal`'s comparison the rescaling of two scales (this check runs
/// on every amount of every request).
fn at_least_pow10(value: Decimal, digits: u32, max: Decimal) -> bool {
    const POW10: [u128; 39] = {
        let mut t = [1u128; 39];
        let mut i = 1;
        while i < 39 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    let exp = (digits + value.scale()) as usize;
    if exp < POW10.len() {
        value.mantissa().unsigned_abs() >= POW10[exp]
    } else {
        value.abs() >= max
    }
}

/// Whether `code` is a non-empty snake_case identifier (a-z, 0-9, _): line codes, and the
/// codes of the customer configuration.
pub fn is_code(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}


#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The mantissa comparison says what `Decimal`'s own comparison says, at every scale.
        #[test]
        fn the_bound_is_decimals_own(lo in proptest::prelude::any::<u64>(), hi in 0u32..=u32::MAX, scale in 0u32..=28, digits in proptest::sample::select(vec![9u32, 12, 15])) {
            let value = Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, false, scale);
            let max = Decimal::from_i128_with_scale(10i128.pow(digits), 0);
            proptest::prop_assert_eq!(at_least_pow10(value, digits, max), value >= max);
            let edge = Decimal::from_i128_with_scale(10i128.pow(digits) * 100, 2);
            proptest::prop_assert!(at_least_pow10(edge, digits, max));
            proptest::prop_assert!(!at_least_pow10(edge - Decimal::new(1, 2), digits, max));
        }
    }
}
