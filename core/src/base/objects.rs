//! Objects are objects: a deserializer adapter that refuses a JSON array where the format
//! has an object.
//!
//! serde's derived `Deserialize` for a struct also accepts a sequence of its fields in
//! order, so `"period": ["2026-11-01", "2026-12-01"]` would pass as a period, and a whole
//! request as a list of its fields. No document of the format is written that way, and
//! an input form nobody documents is one nobody tests: [`Objects`] wraps the JSON
//! deserializer (at every depth) and refuses a list where a struct is read.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use std::fmt;

/// The adapter: `Objects(deserializer)`.
pub struct Objects<D>(pub D);

macro_rules! forward {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Objects<D> {
    type Error = D::Error;
    forward!(
        deserialize_any, deserialize_bool, deserialize_i8, deserialize_i16, deserialize_i32, deserialize_i64, deserialize_i128, deserialize_u8, deserialize_u16,
        deserialize_u32, deserialize_u64, deserialize_u128, deserialize_f32, deserialize_f64, deserialize_char, deserialize_str, deserialize_string,
        deserialize_bytes, deserialize_byte_buf, deserialize_option, deserialize_unit, deserialize_seq, deserialize_map, deserialize_identifier,
        deserialize_ignored_any
    );
    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, name: &'static str, len: usize, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }
    fn deserialize_struct<V: Visitor<'de>>(self, name: &'static str, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_struct(name, fields, Struct(visitor))
    }
    fn deserialize_enum<V: Visitor<'de>>(self, name: &'static str, variants: &'static [&'static str], visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor whose nested deserializers are wrapped too.
struct Wrap<V>(V);

/// The visitor of a struct: an object only.
struct Struct<V>(V);

macro_rules! visit {
    ($wrapper:ident) => {
        impl<'de, V: Visitor<'de>> Visitor<'de> for $wrapper<V> {
            type Value = V::Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                self.0.expecting(f)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
                self.0.visit_bool(v)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
                self.0.visit_i64(v)
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
                self.0.visit_i128(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
                self.0.visit_u64(v)
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
                self.0.visit_u128(v)
            }
            // Not money: the adapter passes a JSON float through untouched to the field's
            // own visitor, and the strict grammar refuses it for every decimal field.
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
                self.0.visit_f64(v)
            }
            fn visit_char<E: de::Error>(self, v: char) -> Result<V::Value, E> {
                self.0.visit_char(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
                self.0.visit_str(v)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
                self.0.visit_borrowed_str(v)
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
                self.0.visit_string(v)
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
                self.0.visit_bytes(v)
            }
            fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
                self.0.visit_borrowed_bytes(v)
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
                self.0.visit_byte_buf(v)
            }
            fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
                self.0.visit_none()
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
                self.0.visit_some(Objects(d))
            }
            fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
                self.0.visit_unit()
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
                self.0.visit_newtype_struct(Objects(d))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
                $wrapper::<V>::seq(self.0, seq)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
                self.0.visit_map(Map(map))
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
                self.0.visit_enum(Enum(data))
            }
        }
    };
}
visit!(Wrap);
visit!(Struct);

impl<V> Wrap<V> {
    fn seq<'de, A: SeqAccess<'de>>(visitor: V, seq: A) -> Result<V::Value, A::Error>
    where
        V: Visitor<'de>,
    {
        visitor.visit_seq(Seq(seq))
    }
}

impl<V> Struct<V> {
    fn seq<'de, A: SeqAccess<'de>>(_: V, _: A) -> Result<V::Value, A::Error>
    where
        V: Visitor<'de>,
    {
        Err(de::Error::custom("an object {…} is expected here, not a list"))
    }
}

struct Seq<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct Map<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Objects(d))
    }
}

struct Enum<A>(A);

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), A::Error> {
        self.0.variant_seed(Seed(seed)).map(|(v, variant)| (v, Variant(variant)))
    }
}

struct Variant<A>(A);

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }
    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Struct(visitor))
    }
}

#[cfg(test)]
mod tests {
    use crate::base::error::{from_value, parse_json, ErrorKind};

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Period {
        start: String,
        end: String,
    }

    #[test]
    fn a_list_is_not_an_object() {
        let e = parse_json::<Period>(ErrorKind::Request, "period", r#"["2026-11-01", "2026-12-01"]"#).unwrap_err();
        assert!(e.reason.contains("an object"), "{}", e.reason);
        assert!(from_value::<Period>(ErrorKind::Request, "period", serde_json::json!(["2026-11-01", "2026-12-01"])).is_err());
        assert!(parse_json::<Period>(ErrorKind::Request, "period", r#"{"start": "2026-11-01", "end": "2026-12-01"}"#).is_ok());
    }
}
