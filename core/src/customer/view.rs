//! Role views with masking, and attribute search by meaning.

use super::config::{Segment, Select};
use crate::base::{mask, Mask};
use super::{Customer, CustomerConfig};
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::Text;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One attribute value as a role sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewField {
    /// The attribute's code.
    pub code: String,
    /// Its name.
    pub name: Text,
    /// Where the value is (`accounts[0].account_name`).
    pub path: String,
    /// The value as text, masked when `masked`.
    pub value: String,
    /// Whether the value is masked.
    pub masked: bool,
}

/// A customer as one role sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// The customer.
    pub customer_id: String,
    /// The role.
    pub role: String,
    /// Visible values, in the role's order (attributes with no value are left out).
    pub fields: Vec<ViewField>,
}

/// Values at a parsed path, with their concrete paths.
pub(crate) fn resolve<'a>(root: &'a Value, path: &[Segment]) -> Vec<(String, &'a Value)> {
    let mut current: Vec<(String, &Value)> = vec![(String::new(), root)];
    for seg in path {
        let mut next = Vec::new();
        for (at, v) in current {
            let Some(child) = v.get(&seg.field) else { continue };
            let here = if at.is_empty() { seg.field.clone() } else { format!("{at}.{}", seg.field) };
            match (&seg.select, child) {
                (Select::Field, c) => next.push((here, c)),
                (Select::All, Value::Array(items)) => next.extend(items.iter().enumerate().map(|(i, c)| (format!("{here}[{i}]"), c))),
                (Select::Where(k, want), Value::Array(items)) => next.extend(
                    items.iter().enumerate().filter(|(_, c)| c.get(k).and_then(as_text).as_deref() == Some(want.as_str())).map(|(i, c)| (format!("{here}[{i}]"), c)),
                ),
                _ => {}
            }
        }
        current = next;
    }
    current
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// The customer as `role` sees it: only the role's attributes, masked as configured. A
/// masked value is masked here, in the engine: the unmasked value never reaches the
/// caller.
pub fn view(config: &CustomerConfig, customer: &Customer, role: &str) -> Result<View> {
    let spec = config.spec();
    let r = spec
        .roles
        .iter()
        .find(|r| r.role == role)
        .ok_or_else(|| Error::new(ErrorKind::Request, ErrorCode::InvalidField, "role", format!("role `{role}` is not configured")))?;
    let doc = serde_json::to_value(customer).expect("a customer serializes");
    let mut fields = Vec::new();
    for ra in &r.attributes {
        let i = spec.attributes.iter().position(|a| a.code == ra.code).expect("validated: roles name catalog attributes");
        let def = &spec.attributes[i];
        for (path, v) in resolve(&doc, &config.paths[i]) {
            if let Some(text) = as_text(v) {
                fields.push(ViewField { code: def.code.clone(), name: def.name.clone(), path, value: mask(ra.mask, &text), masked: ra.mask != Mask::None });
            }
        }
    }
    Ok(View { customer_id: customer.customer_id.clone(), role: role.to_string(), fields })
}

/// How a search term matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The Chinese name.
    Name,
    /// A synonym.
    Synonym,
    /// The pinyin initials.
    Pinyin,
    /// The English name.
    English,
    /// The code.
    Code,
}

/// An attribute found by a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeMatch {
    /// The attribute's code.
    pub code: String,
    /// Its name.
    pub name: Text,
    /// Its freshness group.
    pub group: String,
    /// Where it is in the customer document.
    pub path: String,
    /// How well it matched: 100 exact name … 30 part of the code.
    pub score: u32,
    /// What matched.
    pub matched_by: MatchKind,
}

/// Scores one attribute against a lower-cased query: exact matches first, then matches
/// inside a name, synonym, pinyin initials, English name or code.
fn score(keys: &super::config::SearchKeys, q: &str) -> Option<(u32, MatchKind)> {
    if keys.zh == q || keys.en == q || keys.code == q {
        return Some((100, if keys.zh == q { MatchKind::Name } else if keys.en == q { MatchKind::English } else { MatchKind::Code }));
    }
    if keys.synonyms.iter().any(|s| s == q) {
        return Some((90, MatchKind::Synonym));
    }
    if !keys.pinyin.is_empty() && keys.pinyin == q {
        return Some((85, MatchKind::Pinyin));
    }
    if keys.zh.contains(q) {
        return Some((70, MatchKind::Name));
    }
    if keys.synonyms.iter().any(|s| s.contains(q)) {
        return Some((60, MatchKind::Synonym));
    }
    if keys.pinyin.starts_with(q) {
        return Some((55, MatchKind::Pinyin));
    }
    if keys.pinyin.contains(q) {
        return Some((50, MatchKind::Pinyin));
    }
    if keys.en.contains(q) {
        return Some((40, MatchKind::English));
    }
    if keys.code.contains(q) {
        return Some((30, MatchKind::Code));
    }
    None
}

/// Finds attributes by meaning: `容量` finds contract and operating capacity, so do `rl`
/// (pinyin initials) and `capacity`. Best first; ties keep catalog order. At most `limit`.
pub fn search_attributes(config: &CustomerConfig, query: &str, limit: usize) -> Vec<AttributeMatch> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    // One SIMD substring search per attribute rules out the ones that cannot match
    // (every match kind is a substring match); only candidates are scored.
    let finder = memchr::memmem::Finder::new(q.as_bytes());
    let mut hits: Vec<(u32, usize, MatchKind)> = config
        .keys
        .iter()
        .enumerate()
        .filter(|(_, k)| finder.find(k.all.as_bytes()).is_some())
        .filter_map(|(i, k)| score(k, &q).map(|(s, how)| (s, i, how)))
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.truncate(limit);
    let spec = config.spec();
    hits.into_iter()
        .map(|(score, i, matched_by)| {
            let a = &spec.attributes[i];
            AttributeMatch { code: a.code.clone(), name: a.name.clone(), group: a.group.clone(), path: a.path.clone(), score, matched_by }
        })
        .collect()
}
