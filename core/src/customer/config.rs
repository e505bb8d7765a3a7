//! The customer configuration document: attribute catalog, role views, freshness and mood
//! rules. All of it is data a utility edits; the engine validates it once, with paths
//! from `config`, and precomputes what searching needs.

use super::{EventKind, Outcome};
use crate::base::Mask;
use crate::base::error::{parse_json, Error, ErrorCode, ErrorKind, Result};
use crate::base::Text;
use serde::{Deserialize, Serialize};

/// The configuration document, as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerConfigSpec {
    /// The attribute catalog.
    pub attributes: Vec<AttributeDef>,
    /// Which attributes each role sees, and how masked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleView>,
    /// Validity of attribute groups and what each business checks.
    #[serde(default)]
    pub freshness: FreshnessPolicy,
    /// How service history becomes a mood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<MoodRules>,
    /// Tags: versioned rules over facts, with a lifecycle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<super::tags::TagDefinition>,
    /// Score models (customer value, credit, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<super::tags::ScoreModel>,
}

/// One attribute of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    /// Stable code (`contract_capacity`).
    pub code: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// The freshness group it belongs to (`contact`, `identity`, `agreement`, …).
    pub group: String,
    /// Where it is in the customer document: `name`, `accounts[].account_name`,
    /// `contacts[kind=mobile].value` (`[]` every element, `[field=value]` those matching).
    pub path: String,
    /// Other words users search it by (容量, 报装容量, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    /// Pinyin initials of the Chinese name (`htrl` for 合同容量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinyin: Option<String>,
}

/// An attribute a role sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleAttribute {
    /// The attribute's code.
    pub code: String,
    /// How it is masked for this role.
    #[serde(default)]
    pub mask: Mask,
}

/// A role's view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleView {
    /// Role code (`counter_clerk`, `call_centre`, `repair_crew`, `analyst`).
    pub role: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// What it sees, in display order; anything else it does not see.
    pub attributes: Vec<RoleAttribute>,
}

/// Freshness (时效性) rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FreshnessPolicy {
    /// Attribute groups and how long a confirmation stays valid.
    #[serde(default)]
    pub groups: Vec<FreshnessGroup>,
    /// Businesses and what each checks.
    #[serde(default)]
    pub businesses: Vec<Business>,
}

/// An attribute group's validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreshnessGroup {
    /// Group code.
    pub group: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// Days a confirmation stays valid: confirmed on day D, it must be confirmed again
    /// from day D + validity_days.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub validity_days: u32,
}

/// A business a customer comes for (缴费, 过户, 复电, 抢修, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Business {
    /// Business code.
    pub business: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// Groups whose freshness it checks.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Low-voltage accounts confirm their account name (户名) at this business.
    #[serde(default)]
    pub low_voltage_account_name: bool,
    /// Accounts in a centralised meter box (集中装表) must update contact details.
    #[serde(default)]
    pub centralised_meter_box_contact: bool,
}

/// Mood (情绪) rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoodRules {
    /// Events in the last `window_days` days (as_of included) count.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub window_days: u32,
    /// Points per kind of event (and outcome); the first matching rule applies.
    pub rules: Vec<MoodRule>,
    /// Levels by the smallest points total that reaches them, worst first; below every
    /// level the customer is happy.
    pub levels: Vec<MoodLevelRule>,
}

/// Points for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoodRule {
    /// Kind of event.
    pub kind: EventKind,
    /// Outcome it must have; any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Points (negative for praise).
    #[serde(deserialize_with = "crate::base::lenient::i32")]
    pub points: i32,
}

/// A mood level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoodLevel {
    /// 😊
    Happy,
    /// 😐
    Neutral,
    /// ☹
    Unhappy,
}

/// The points from which a level applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoodLevelRule {
    /// The level.
    pub level: MoodLevel,
    /// Points total from which it applies.
    #[serde(deserialize_with = "crate::base::lenient::i32")]
    pub min_points: i32,
}

/// How a path segment selects array elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Select {
    /// A plain field.
    Field,
    /// Every element (`[]`).
    All,
    /// Elements whose field equals a string (`[kind=mobile]`).
    Where(String, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    pub field: String,
    pub select: Select,
}

/// Lower-cased search keys of one attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchKeys {
    pub zh: String,
    pub en: String,
    pub code: String,
    pub pinyin: String,
    pub synonyms: Vec<String>,
    /// Every key joined by newlines: one substring search rules an attribute out.
    pub all: String,
}

/// Shared names for batch results: cloning an `Arc<str>` is a counter increment, not an
/// allocation, over a million profiles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct SharedNames {
    pub tags: Vec<std::sync::Arc<str>>,
    pub models: Vec<std::sync::Arc<str>>,
    pub grades: Vec<Vec<std::sync::Arc<str>>>,
}

/// A validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerConfig {
    spec: CustomerConfigSpec,
    pub(crate) paths: Vec<Vec<Segment>>,
    pub(crate) keys: Vec<SearchKeys>,
    pub(crate) names: SharedNames,
}

fn bad(code: ErrorCode, path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Request, code, path, reason)
}

fn check_code(code: &str, path: &str) -> Result<()> {
    if !crate::base::is_code(code) {
        return Err(bad(ErrorCode::InvalidField, path, format!("code `{code}` must be non-empty snake_case (a-z, 0-9, _)")));
    }
    Ok(())
}

fn parse_path(text: &str, at: &str) -> Result<Vec<Segment>> {
    let ident = crate::base::is_code;
    let mut out = Vec::new();
    for part in text.split('.') {
        let (field, select) = match part.split_once('[') {
            None => (part, Select::Field),
            Some((field, rest)) => {
                let inner = rest.strip_suffix(']').ok_or_else(|| bad(ErrorCode::InvalidField, at, format!("`{part}`: a selector ends with `]`")))?;
                match inner.split_once('=') {
                    None if inner.is_empty() => (field, Select::All),
                    Some((k, v)) if ident(k) && !v.is_empty() => (field, Select::Where(k.to_string(), v.to_string())),
                    _ => return Err(bad(ErrorCode::InvalidField, at, format!("`{part}`: a selector is `[]` or `[field=value]`"))),
                }
            }
        };
        if !ident(field) {
            return Err(bad(ErrorCode::InvalidField, at, format!("`{text}`: `{field}` is not a field name")));
        }
        out.push(Segment { field: field.to_string(), select });
    }
    Ok(out)
}

impl CustomerConfig {
    /// Validates a configuration document.
    pub fn new(spec: CustomerConfigSpec) -> Result<CustomerConfig> {
        let mut paths = Vec::with_capacity(spec.attributes.len());
        let mut keys = Vec::with_capacity(spec.attributes.len());
        for (i, a) in spec.attributes.iter().enumerate() {
            let p = |f: &str| format!("config.attributes[{i}].{f}");
            check_code(&a.code, &p("code"))?;
            if spec.attributes[..i].iter().any(|b| b.code == a.code) {
                return Err(bad(ErrorCode::Duplicate, p("code"), format!("attribute `{}` is defined twice", a.code)));
            }
            for (lang, v) in [("zh", &a.name.zh), ("en", &a.name.en)] {
                if v.trim().is_empty() {
                    return Err(bad(ErrorCode::Empty, p(&format!("name.{lang}")), "a name must not be empty"));
                }
            }
            check_code(&a.group, &p("group"))?;
            paths.push(parse_path(&a.path, &p("path"))?);
            let (zh, en, pinyin) = (a.name.zh.to_lowercase(), a.name.en.to_lowercase(), a.pinyin.as_deref().unwrap_or("").to_lowercase());
            let synonyms: Vec<String> = a.synonyms.iter().map(|s| s.to_lowercase()).collect();
            let all = [zh.as_str(), en.as_str(), a.code.as_str(), pinyin.as_str()].into_iter().chain(synonyms.iter().map(String::as_str)).collect::<Vec<_>>().join("\n");
            keys.push(SearchKeys { zh, en, code: a.code.clone(), pinyin, synonyms, all });
        }
        for (i, r) in spec.roles.iter().enumerate() {
            check_code(&r.role, &format!("config.roles[{i}].role"))?;
            if spec.roles[..i].iter().any(|o| o.role == r.role) {
                return Err(bad(ErrorCode::Duplicate, format!("config.roles[{i}].role"), format!("role `{}` is defined twice", r.role)));
            }
            for (j, ra) in r.attributes.iter().enumerate() {
                if r.attributes[..j].iter().any(|o| o.code == ra.code) {
                    return Err(bad(ErrorCode::Duplicate, format!("config.roles[{i}].attributes[{j}].code"), format!("`{}` is listed twice for this role", ra.code)));
                }
                if !spec.attributes.iter().any(|a| a.code == ra.code) {
                    return Err(bad(ErrorCode::InvalidField, format!("config.roles[{i}].attributes[{j}].code"), format!("`{}` is not in the attribute catalog", ra.code)));
                }
            }
        }
        let f = &spec.freshness;
        for (i, g) in f.groups.iter().enumerate() {
            check_code(&g.group, &format!("config.freshness.groups[{i}].group"))?;
            if f.groups[..i].iter().any(|o| o.group == g.group) {
                return Err(bad(ErrorCode::Duplicate, format!("config.freshness.groups[{i}].group"), format!("group `{}` is defined twice", g.group)));
            }
            if g.validity_days == 0 {
                return Err(bad(ErrorCode::OutOfRange, format!("config.freshness.groups[{i}].validity_days"), "a validity must be at least 1 day"));
            }
        }
        for (i, b) in f.businesses.iter().enumerate() {
            check_code(&b.business, &format!("config.freshness.businesses[{i}].business"))?;
            if f.businesses[..i].iter().any(|o| o.business == b.business) {
                return Err(bad(ErrorCode::Duplicate, format!("config.freshness.businesses[{i}].business"), format!("business `{}` is defined twice", b.business)));
            }
            for (j, g) in b.groups.iter().enumerate() {
                if !f.groups.iter().any(|x| &x.group == g) {
                    return Err(bad(ErrorCode::InvalidField, format!("config.freshness.businesses[{i}].groups[{j}]"), format!("`{g}` is not a freshness group")));
                }
            }
        }
        if let Some(m) = &spec.mood {
            if m.window_days == 0 {
                return Err(bad(ErrorCode::OutOfRange, "config.mood.window_days", "the window must be at least 1 day"));
            }
            // Worst first: thresholds strictly falling.
            for (i, l) in m.levels.iter().enumerate().skip(1) {
                if l.min_points >= m.levels[i - 1].min_points {
                    return Err(bad(ErrorCode::TiersNotAscending, format!("config.mood.levels[{i}].min_points"), "levels go worst first, with falling min_points"));
                }
            }
        }
        for (i, t) in spec.tags.iter().enumerate() {
            let p = format!("config.tags[{i}]");
            check_code(&t.code, &format!("{p}.code"))?;
            if spec.tags[..i].iter().any(|o| o.code == t.code) {
                return Err(bad(ErrorCode::Duplicate, format!("{p}.code"), format!("tag `{}` is defined twice", t.code)));
            }
            super::tags::check_tag(t, &p)?;
        }
        for (i, m) in spec.scores.iter().enumerate() {
            let p = format!("config.scores[{i}]");
            check_code(&m.code, &format!("{p}.code"))?;
            if spec.scores[..i].iter().any(|o| o.code == m.code) {
                return Err(bad(ErrorCode::Duplicate, format!("{p}.code"), format!("score model `{}` is defined twice", m.code)));
            }
            m.check(&p)?;
        }
        let names = SharedNames {
            tags: spec.tags.iter().map(|t| t.code.as_str().into()).collect(),
            models: spec.scores.iter().map(|m| m.code.as_str().into()).collect(),
            grades: spec.scores.iter().map(|m| m.grades.iter().map(|g| g.grade.as_str().into()).collect()).collect(),
        };
        Ok(CustomerConfig { spec, paths, keys, names })
    }

    /// Parses and validates a configuration from JSON text.
    pub fn from_json(json: &str) -> Result<CustomerConfig> {
        CustomerConfig::new(parse_json(ErrorKind::Request, "config", json)?)
    }

    /// Validates a configuration from a JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<CustomerConfig> {
        CustomerConfig::new(crate::base::error::from_value(ErrorKind::Request, "config", value)?)
    }

    /// The document.
    pub fn spec(&self) -> &CustomerConfigSpec {
        &self.spec
    }

    /// The document as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.spec).expect("a configuration always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(patch: impl Fn(&mut serde_json::Value)) -> (ErrorCode, String) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/customer/config.json");
        let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        patch(&mut v);
        let e = CustomerConfig::from_value(v).unwrap_err();
        (e.code, e.path)
    }

    #[test]
    fn the_sample_configuration_loads() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/customer/config.json");
        if let Err(e) = CustomerConfig::from_json(&std::fs::read_to_string(path).unwrap()) {
            panic!("{e}");
        }
    }

    #[test]
    fn configuration_errors_name_the_field() {
        assert_eq!(err(|v| v["attributes"][1]["code"] = "customer_id".into()), (ErrorCode::Duplicate, "config.attributes[1].code".into()));
        assert_eq!(err(|v| v["attributes"][0]["path"] = "accounts[kind=".into()), (ErrorCode::InvalidField, "config.attributes[0].path".into()));
        assert_eq!(err(|v| v["roles"][0]["attributes"][1]["code"] = "customer_id".into()), (ErrorCode::Duplicate, "config.roles[0].attributes[1].code".into()));
        assert_eq!(err(|v| v["freshness"]["groups"][1]["group"] = "contact".into()), (ErrorCode::Duplicate, "config.freshness.groups[1].group".into()));
        assert_eq!(err(|v| v["freshness"]["businesses"][0]["groups"][0] = "weather".into()), (ErrorCode::InvalidField, "config.freshness.businesses[0].groups[0]".into()));
        assert_eq!(err(|v| v["mood"]["levels"][1]["min_points"] = 5.into()), (ErrorCode::TiersNotAscending, "config.mood.levels[1].min_points".into()));
        assert_eq!(err(|v| v["mood"]["window_days"] = 0.into()), (ErrorCode::OutOfRange, "config.mood.window_days".into()));
    }
}
