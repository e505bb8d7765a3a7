//! Internally tagged enums (`{"op": "redeem", "points": 10, …}`) whose errors name the
//! field inside the variant.
//!
//! serde's derive reads such an object into a buffer and the variant from the buffer,
//! where serde_path_to_error cannot follow: a bad `points` was reported at `operation`,
//! a bad `amount` at `event.event`. [`tagged_enum!`] writes the enum as given (with its
//! `Serialize` derive) and, for reading, one private struct per variant with the same
//! fields and attributes: the enum's `Deserialize` takes the tag out of the object, reads
//! the variant's struct with serde_path_to_error, and puts the inner path in front of the
//! message between two [`INNER`] marks, which `Error::from_json` moves into the path.

/// Marks the path inside a variant at the start of an error message (never in input
/// text: the message is built here, and `plain` removes the marks).
pub(crate) const INNER: char = '\u{1}';

/// Reads one variant's fields (the tag already taken out), keeping the path inside.
pub(crate) fn read<T: serde::de::DeserializeOwned, E: serde::de::Error>(object: serde_json::Map<String, serde_json::Value>) -> Result<T, E> {
    serde_path_to_error::deserialize(crate::base::objects::Objects(serde_json::Value::Object(object))).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        E::custom(format!("{INNER}{path}{INNER}{}", e.into_inner()))
    })
}

/// The tag of a tagged object, taken out of it.
pub(crate) fn tag<E: serde::de::Error>(object: &mut serde_json::Map<String, serde_json::Value>, name: &'static str, tags: &'static [&'static str]) -> Result<String, E> {
    match object.remove(name) {
        Some(serde_json::Value::String(s)) => Ok(s),
        Some(_) => Err(E::custom(format!("{INNER}{name}{INNER}a text such as \"{}\" is expected here", tags[0]))),
        None => Err(E::missing_field(name)),
    }
}

/// A tag no variant has.
pub(crate) fn unknown<E: serde::de::Error>(name: &str, found: &str, tags: &[&str]) -> E {
    let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    E::custom(format!("{INNER}{name}{INNER}{} is not one of {}", crate::base::strict::quote(found), tags.join(", ")))
}

/// An internally tagged enum whose `Deserialize` keeps inner paths (see the module docs).
/// Each variant is written `Name = "tag" { fields }`.
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (tag = $tag:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $vtag:literal {
                    $( $(#[$fmeta:meta])* $field:ident : $fty:ty ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant { $( $(#[$fmeta])* $field: $fty, )* },
            )*
        }

        const _: () = {
            mod fields {
                #[allow(unused_imports)]
                use super::*;
                $(
                    #[derive(serde::Deserialize)]
                    #[serde(deny_unknown_fields)]
                    pub(super) struct $variant { $( $(#[$fmeta])* pub(super) $field: $fty, )* }
                )*
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    use serde::de::Error as _;
                    const TAGS: &[&str] = &[$($vtag),*];
                    let mut object = match <serde_json::Value as serde::Deserialize>::deserialize(d)? {
                        serde_json::Value::Object(o) => o,
                        _ => return Err(D::Error::custom("an object is expected here")),
                    };
                    let tag = $crate::base::tagged::tag::<D::Error>(&mut object, $tag, TAGS)?;
                    match tag.as_str() {
                        $(
                            $vtag => {
                                #[allow(unused_variables)]
                                let v: fields::$variant = $crate::base::tagged::read(object)?;
                                Ok($name::$variant { $( $field: v.$field, )* })
                            }
                        )*
                        other => Err($crate::base::tagged::unknown::<D::Error>($tag, other, TAGS)),
                    }
                }
            }
        };
    };
}
pub(crate) use tagged_enum;
