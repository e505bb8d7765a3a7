//! Integer fields of the JSON format (`minutes`, `digits`, `months`, rounding scales,
//! points, caps) accept a JSON integer or a string of digits (an optional `-` for signed
//! fields): bindings pass every native integer as a decimal string, and these fields
//! must take it too. Anything else is refused in plain words.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// An integer type these fields can hold.
pub(crate) trait Whole: Sized + TryFrom<i128> + fmt::Display {
    const MIN: i128;
    const MAX: i128;
}

macro_rules! whole {
    ($($t:ty),*) => {$(
        impl Whole for $t {
            const MIN: i128 = <$t>::MIN as i128;
            const MAX: i128 = <$t>::MAX as i128;
        }
    )*};
}
whole!(u32, i32, u64, i64);

struct WholeVisitor<T>(PhantomData<T>);

impl<T: Whole> WholeVisitor<T> {
    fn range<E: de::Error>(n: i128, shown: &str) -> Result<T, E> {
        T::try_from(n).map_err(|_| E::custom(format!("{shown} is out of range: a whole number from {} to {}", T::MIN, T::MAX)))
    }
}

impl<T: Whole> Visitor<'_> for WholeVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a whole number from {} to {} (a JSON integer or a string of digits)", T::MIN, T::MAX)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
        Self::range(i128::from(n), &n.to_string())
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
        Self::range(i128::from(n), &n.to_string())
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        let digits = s.strip_prefix('-').filter(|_| T::MIN < 0).unwrap_or(s);
        if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::custom(format!("{} is not a whole number: write digits only, such as \"15\"", crate::base::strict::quote(s))));
        }
        let n: i128 = s.parse().map_err(|_| E::custom(format!("{} is out of range", crate::base::strict::quote(s))))?;
        Self::range(n, s)
    }
}

struct Int<T>(T);

impl<'de, T: Whole> Deserialize<'de> for Int<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(WholeVisitor(PhantomData)).map(Int)
    }
}

pub(crate) fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    int(d)
}

pub(crate) fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    opt_int(d)
}

pub(crate) fn vec_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
    Ok(Vec::<Int<u32>>::deserialize(d)?.into_iter().map(|i| i.0).collect())
}

/// A signed whole number (mood points), as a JSON integer or a string of digits.
pub(crate) fn i32<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    int(d)
}

/// An integer of any width, or a string of digits (points, seqs).
pub(crate) fn int<'de, D: Deserializer<'de>, T: Whole>(d: D) -> Result<T, D::Error> {
    Ok(Int::<T>::deserialize(d)?.0)
}

/// An optional integer of any width, or a string of digits (caps).
pub(crate) fn opt_int<'de, D: Deserializer<'de>, T: Whole>(d: D) -> Result<Option<T>, D::Error> {
    Ok(Option::<Int<T>>::deserialize(d)?.map(|i| i.0))
}
