//! Integer fields of the JSON format (`minutes`, `digits`, `months`, rounding scales)
//! accept a JSON integer or a string of digits. Bindings pass every native integer as a
//! decimal string (decimal fields require strings), and these fields must take it too.

use serde::{de, Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum IntOrString {
    Int(u32),
    Str(String),
}

fn to_u32<E: de::Error>(value: IntOrString) -> Result<u32, E> {
    match value {
        IntOrString::Int(n) => Ok(n),
        IntOrString::Str(s) => s.parse().map_err(|_| E::custom(format!("`{s}` is not a whole number 0 to {}", u32::MAX))),
    }
}

pub(crate) fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    to_u32(IntOrString::deserialize(d)?)
}

pub(crate) fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Option::<IntOrString>::deserialize(d)?.map(to_u32).transpose()
}

pub(crate) fn vec_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
    Vec::<IntOrString>::deserialize(d)?.into_iter().map(to_u32).collect()
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SignedOrString {
    Int(i32),
    Str(String),
}

/// A signed whole number (mood points), as a JSON integer or a string of digits.
pub(crate) fn i32<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    match SignedOrString::deserialize(d)? {
        SignedOrString::Int(n) => Ok(n),
        SignedOrString::Str(s) => s.parse().map_err(|_| de::Error::custom(format!("`{s}` is not a whole number {} to {}", i32::MIN, i32::MAX))),
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AnyIntOrString<T> {
    Int(T),
    Str(String),
}

fn to_int<T: std::str::FromStr, E: de::Error>(value: AnyIntOrString<T>) -> Result<T, E> {
    match value {
        AnyIntOrString::Int(n) => Ok(n),
        AnyIntOrString::Str(s) => s.parse().map_err(|_| E::custom(format!("`{s}` is not a whole number in range"))),
    }
}

/// An integer of any width, or a string of digits (points, seqs).
pub(crate) fn int<'de, D: Deserializer<'de>, T: Deserialize<'de> + std::str::FromStr>(d: D) -> Result<T, D::Error> {
    to_int(AnyIntOrString::deserialize(d)?)
}

/// An optional integer of any width, or a string of digits (caps).
pub(crate) fn opt_int<'de, D: Deserializer<'de>, T: Deserialize<'de> + std::str::FromStr>(d: D) -> Result<Option<T>, D::Error> {
    Option::<AnyIntOrString<T>>::deserialize(d)?.map(to_int).transpose()
}
