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
    let (max, name) = match scale {
        PRICE_SCALE => (MAX_PRICE, "10^9"),
        ENERGY_SCALE => (MAX_QUANTITY, "10^12"),
        _ => (MAX_MONEY, "10^15"),
    };
    if value >= max {
        return Err(Error::new(kind, ErrorCode::OutOfRange, path(), format!("{what} {value} is too large: it must be below {name}")));
    }
    Ok(())
}

/// Whether `code` is a non-empty snake_case identifier (a-z, 0-9, _): line codes, and the
/// codes of the customer configuration.
pub fn is_code(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

