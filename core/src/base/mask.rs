//! Masks: how a value is shown to a role or in a notice (138****1234, 张**, ******2345).

use serde::{Deserialize, Serialize};

/// How a role sees a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mask {
    /// In full.
    #[default]
    None,
    /// 138****1234: first 3 and last 4 characters.
    Phone,
    /// 张**: the first character.
    Name,
    /// ****1234: the last 4 characters.
    Account,
    /// 110***********1234: first 3 and last 4 characters.
    IdNumber,
}

/// Keeps the first `first` and last `last` characters and stars the rest; a value too
/// short to keep anything is starred entirely, so a masked value never equals the original.
fn keep(value: &str, first: usize, last: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= first + last {
        return "*".repeat(chars.len().max(1));
    }
    let mut out: String = chars[..first].iter().collect();
    out.extend(std::iter::repeat('*').take(chars.len() - first - last));
    out.extend(&chars[chars.len() - last..]);
    out
}

/// Applies a mask.
///
/// ```
/// use gridcore::base::{mask, Mask};
/// assert_eq!(mask(Mask::Phone, "13812341234"), "138****1234");
/// assert_eq!(mask(Mask::Name, "张小明"), "张**");
/// assert_eq!(mask(Mask::Account, "3300012345"), "******2345");
/// ```
pub fn mask(how: Mask, value: &str) -> String {
    match how {
        Mask::None => value.to_string(),
        Mask::Phone | Mask::IdNumber => keep(value, 3, 4),
        Mask::Name => {
            let n = value.chars().count();
            if n <= 1 {
                "*".to_string()
            } else {
                value.chars().take(1).chain(std::iter::repeat('*').take(n - 1)).collect()
            }
        }
        Mask::Account => keep(value, 0, 4),
    }
}

