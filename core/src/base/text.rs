//! A text in Chinese and English: every name, description, note and reason the engine
//! writes for people.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A text in Chinese and English. The engine's own wording is borrowed (`&'static str`),
/// so explaining a bill allocates only for what it formats.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// 中文.
    pub zh: Cow<'static, str>,
    /// English.
    pub en: Cow<'static, str>,
}

impl Text {
    /// A text from its Chinese and English forms.
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Text { zh: zh.into(), en: en.into() }
    }
}
