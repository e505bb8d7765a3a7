//! Tags (标签库) with a lifecycle, and value and credit scores: rules over [`Facts`], as
//! data, each result explained.

use super::facts::{Fact, Facts};
use crate::base::Op;
use super::{Customer, CustomerConfig};
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::Text;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A value in a condition: a decimal string for numbers, true/false for flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    /// Yes or no.
    Flag(bool),
    /// A number, written as a decimal string.
    Number(Decimal),
}

/// A rule over facts: `{"all": [...]}`, `{"any": [...]}`, `{"not": ...}` or a comparison
/// `{"fact": "late_payments_12m", "op": "eq", "value": "0"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Condition {
    /// Every condition holds.
    All {
        /// The conditions.
        all: Vec<Condition>,
    },
    /// Some condition holds.
    Any {
        /// The conditions.
        any: Vec<Condition>,
    },
    /// The condition does not hold.
    Not {
        /// The condition.
        not: Box<Condition>,
    },
    /// A fact compared with a value.
    Compare {
        /// The fact.
        fact: Fact,
        /// How.
        op: Op,
        /// With what.
        value: FactValue,
    },
}

impl Condition {
    fn check(&self, path: &str) -> Result<()> {
        let bad = |p: String, r: &str| Err(Error::new(ErrorKind::Request, ErrorCode::InvalidField, p, r.to_string()));
        match self {
            Condition::All { all: cs } | Condition::Any { any: cs } => {
                let key = if matches!(self, Condition::All { .. }) { "all" } else { "any" };
                if cs.is_empty() {
                    return Err(Error::new(ErrorKind::Request, ErrorCode::Empty, format!("{path}.{key}"), "a condition list must not be empty"));
                }
                cs.iter().enumerate().try_for_each(|(i, c)| c.check(&format!("{path}.{key}[{i}]")))
            }
            Condition::Not { not } => not.check(&format!("{path}.not")),
            Condition::Compare { fact, op, value } => match (fact.is_flag(), value) {
                (true, FactValue::Flag(_)) if matches!(op, Op::Eq | Op::Ne) => Ok(()),
                (true, FactValue::Flag(_)) => bad(format!("{path}.op"), "a yes/no fact compares with eq or ne only"),
                (true, FactValue::Number(_)) => bad(format!("{path}.value"), "a yes/no fact compares with true or false"),
                (false, FactValue::Flag(_)) => bad(format!("{path}.value"), "a number fact compares with a decimal string"),
                (false, FactValue::Number(_)) => Ok(()),
            },
        }
    }

    /// Evaluates the condition; `why`, when given, receives one line per comparison
    /// decided (batch runs pass none and format nothing).
    fn eval(&self, facts: &Facts, mut why: Option<&mut Vec<String>>) -> bool {
        match self {
            Condition::All { all } => all.iter().all(|c| c.eval(facts, why.as_deref_mut())),
            Condition::Any { any } => any.iter().any(|c| c.eval(facts, why.as_deref_mut())),
            Condition::Not { not } => !not.eval(facts, why),
            Condition::Compare { fact, op, value } => {
                let actual = facts.get(*fact);
                let want = match value {
                    FactValue::Flag(b) => if *b { Decimal::ONE } else { Decimal::ZERO },
                    FactValue::Number(n) => *n,
                };
                let ok = op.holds(actual, want);
                if let Some(why) = why {
                    let shown = match value {
                        FactValue::Flag(b) => b.to_string(),
                        FactValue::Number(n) => n.normalize().to_string(),
                    };
                    let actual_shown = if fact.is_flag() { (actual == Decimal::ONE).to_string() } else { actual.normalize().to_string() };
                    why.push(format!("{} = {actual_shown} {} {} {shown}", fact.as_str(), if ok { "✓" } else { "✗" }, op.symbol()));
                }
                ok
            }
        }
    }
}

/// Where a tag is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagState {
    /// Being written; not applied.
    Draft,
    /// Applied.
    Online,
    /// Under evaluation (hit rates reviewed); not applied.
    Evaluating,
    /// Improved after evaluation; goes online again as a new version.
    Optimised,
    /// Retired.
    Offline,
}

/// A tag: a versioned rule with a lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagDefinition {
    /// Code.
    pub code: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// Version, from 1.
    #[serde(deserialize_with = "crate::base::lenient::u32")]
    pub version: u32,
    /// Lifecycle state.
    pub state: TagState,
    /// When it applies.
    pub rule: Condition,
}

/// Moves a tag along its lifecycle: draft → online → evaluating → optimised → online
/// (a new version), evaluating → online (kept as it was), any state → offline, offline →
/// draft (a new version). Anything else is an error at `to`.
pub fn transition_tag(tag: &TagDefinition, to: TagState) -> Result<TagDefinition> {
    use TagState::*;
    let bump = match (tag.state, to) {
        (Draft, Online) | (Online, Evaluating) | (Evaluating, Optimised) | (Evaluating, Online) => false,
        (Optimised, Online) | (Offline, Draft) => true,
        (Draft | Online | Evaluating | Optimised, Offline) => false,
        (from, to) => {
            return Err(Error::new(ErrorKind::Request, ErrorCode::InvalidTransition, "to", format!("a tag cannot go from {from:?} to {to:?}").to_lowercase()));
        }
    };
    Ok(TagDefinition { state: to, version: tag.version + u32::from(bump), ..tag.clone() })
}

/// Whether a tag applies to a customer, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagResult {
    /// The tag.
    pub code: String,
    /// Its name.
    pub name: Text,
    /// Its version.
    pub version: u32,
    /// Its state.
    pub state: TagState,
    /// Whether it applies (only online tags do).
    pub applies: bool,
    /// The comparisons that decided it, or why it was not evaluated.
    pub reason: String,
}

/// Every configured tag for `customer` as of `as_of`: which apply and why.
pub fn evaluate_tags(config: &CustomerConfig, customer: &Customer, as_of: NaiveDate) -> Vec<TagResult> {
    tags_with(config, &Facts::of(customer, as_of))
}

pub(crate) fn tags_with(config: &CustomerConfig, facts: &Facts) -> Vec<TagResult> {
    config
        .spec()
        .tags
        .iter()
        .map(|t| {
            let (applies, reason) = if t.state == TagState::Online {
                let mut why = Vec::new();
                let ok = t.rule.eval(facts, Some(&mut why));
                (ok, why.join("; "))
            } else {
                (false, format!("{:?} tags are not applied", t.state).to_lowercase())
            };
            TagResult { code: t.code.clone(), name: t.name.clone(), version: t.version, state: t.state, applies, reason }
        })
        .collect()
}

/// One weighted factor of a score model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// The fact.
    pub fact: Fact,
    /// Its weight; a model's weights sum to 1.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub weight: Decimal,
    /// The fact's value worth 0 points (or full points when `inverse`).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub min: Decimal,
    /// The value worth full points (or 0 when `inverse`).
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub max: Decimal,
    /// Lower is better (arrears, late payments, complaints).
    #[serde(default)]
    pub inverse: bool,
}

/// A grade and the score from which it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// Grade name (A, B, …).
    pub grade: String,
    /// Lowest score with this grade.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub min_score: Decimal,
}

/// A score model (customer value, credit, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreModel {
    /// Code.
    pub code: String,
    /// Name in Chinese and English.
    pub name: Text,
    /// Weighted factors.
    pub factors: Vec<Factor>,
    /// Grades, best first, with falling `min_score`; the last should start at 0.
    pub grades: Vec<Grade>,
}

/// A factor's share of a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// The fact.
    pub fact: Fact,
    /// Its value.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub value: Decimal,
    /// Its weight.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub weight: Decimal,
    /// Points it adds: weight × 100 × the value's position between min and max (clamped,
    /// reversed when inverse), rounded half-up to 0.01.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub points: Decimal,
}

/// A score, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// The model.
    pub model: String,
    /// 0 to 100, the sum of the contributions.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub score: Decimal,
    /// The grade.
    pub grade: String,
    /// Each factor's share.
    pub contributions: Vec<Contribution>,
}

impl ScoreModel {
    pub(crate) fn check(&self, path: &str) -> Result<()> {
        let bad = |code, p: String, r: String| Err(Error::new(ErrorKind::Request, code, p, r));
        if self.factors.is_empty() {
            return bad(ErrorCode::Empty, format!("{path}.factors"), "a model needs factors".into());
        }
        for (i, f) in self.factors.iter().enumerate() {
            // At most 4 decimals: weight × 100 then has at most 2, so full points are exact
            // and a score never rounds above 100.
            crate::base::check_decimal(ErrorKind::Request, f.weight, 4, "weight", || format!("{path}.factors[{i}].weight"))?;
            if f.fact.is_flag() && (f.min, f.max) != (Decimal::ZERO, Decimal::ONE) {
                return bad(ErrorCode::OutOfRange, format!("{path}.factors[{i}].max"), "a yes/no fact scores from min 0 to max 1".into());
            }
            if f.max <= f.min {
                return bad(ErrorCode::OutOfRange, format!("{path}.factors[{i}].max"), format!("max {} must be above min {}", f.max, f.min));
            }
            if f.weight.is_sign_negative() {
                return bad(ErrorCode::Negative, format!("{path}.factors[{i}].weight"), "weights are 0 or more".into());
            }
        }
        let total: Decimal = self.factors.iter().map(|f| f.weight).sum();
        if total != Decimal::ONE {
            return bad(ErrorCode::OutOfRange, format!("{path}.factors"), format!("weights sum to {total}, not 1"));
        }
        if self.grades.is_empty() {
            return bad(ErrorCode::Empty, format!("{path}.grades"), "a model needs grades".into());
        }
        for i in 1..self.grades.len() {
            if self.grades[i].min_score >= self.grades[i - 1].min_score {
                return bad(ErrorCode::TiersNotAscending, format!("{path}.grades[{i}].min_score"), "grades go best first, with falling min_score".into());
            }
        }
        Ok(())
    }

    /// A factor's points for a value: weight × 100 × position, half-up to 0.01. The
    /// division is skipped when the value is clamped (most arrears, late payments and
    /// complaints are 0), which matters over a million customers.
    fn points(f: &Factor, value: Decimal) -> Decimal {
        // Position between min and max, reversed when lower is better; the product is
        // formed before the one division so that small exact operands stay small.
        let (from_low, clamp_full, clamp_zero) = if f.inverse { (f.max - value, value <= f.min, value >= f.max) } else { (value - f.min, value >= f.max, value <= f.min) };
        let mut points = if clamp_zero {
            Decimal::ZERO
        } else if clamp_full {
            (f.weight * Decimal::ONE_HUNDRED).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        } else {
            (f.weight * Decimal::ONE_HUNDRED * from_low / (f.max - f.min)).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        };
        points.rescale(2); // at most 2 decimals here, so this only pads: 31 → 31.00
        points
    }

    /// The index of the grade a score earns.
    fn grade_index(&self, score: Decimal) -> usize {
        self.grades.iter().position(|g| score >= g.min_score).unwrap_or(self.grades.len() - 1)
    }

    fn grade(&self, score: Decimal) -> &str {
        &self.grades[self.grade_index(score)].grade
    }

    pub(crate) fn score(&self, facts: &Facts) -> Score {
        let contributions: Vec<Contribution> = self
            .factors
            .iter()
            .map(|f| {
                let value = facts.get(f.fact);
                Contribution { fact: f.fact, value: value.normalize(), weight: f.weight, points: Self::points(f, value) }
            })
            .collect();
        let score: Decimal = contributions.iter().map(|c| c.points).sum();
        Score { model: self.code.clone(), grade: self.grade(score).to_string(), score, contributions }
    }

    /// The score and the index of its grade, for batch profiles.
    fn total(&self, facts: &Facts) -> (Decimal, usize) {
        let score: Decimal = self.factors.iter().map(|f| Self::points(f, facts.get(f.fact))).sum();
        (score, self.grade_index(score))
    }
}

/// The customer's score under the model `model` as of `as_of`.
pub fn score(config: &CustomerConfig, customer: &Customer, model: &str, as_of: NaiveDate) -> Result<Score> {
    let m = config
        .spec()
        .scores
        .iter()
        .find(|m| m.code == model)
        .ok_or_else(|| Error::new(ErrorKind::Request, ErrorCode::InvalidField, "model", format!("score model `{model}` is not configured")))?;
    Ok(m.score(&Facts::of(customer, as_of)))
}

/// One customer's tags and scores, for batch runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The customer.
    pub customer_id: String,
    /// Codes of the tags that apply.
    pub tags: Vec<Arc<str>>,
    /// One score per configured model.
    pub scores: Vec<ProfileScore>,
}

/// A score and grade in a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileScore {
    /// The model.
    pub model: Arc<str>,
    /// The score.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub score: Decimal,
    /// The grade.
    pub grade: Arc<str>,
}

/// Tags and scores of many customers as of `as_of`: the facts are computed once per
/// customer for all tags and models.
pub fn profiles(config: &CustomerConfig, customers: &[Customer], as_of: NaiveDate) -> Vec<Profile> {
    customers
        .iter()
        .map(|c| {
            let facts = Facts::of(c, as_of);
            let names = &config.names;
            let tags = config
                .spec()
                .tags
                .iter()
                .zip(&names.tags)
                .filter(|(t, _)| t.state == TagState::Online && t.rule.eval(&facts, None))
                .map(|(_, code)| code.clone())
                .collect();
            let scores = config
                .spec()
                .scores
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let (score, grade) = m.total(&facts);
                    ProfileScore { model: names.models[i].clone(), score, grade: names.grades[i][grade].clone() }
                })
                .collect();
            Profile { customer_id: c.customer_id.clone(), tags, scores }
        })
        .collect()
}

pub(crate) fn check_tag(t: &TagDefinition, path: &str) -> Result<()> {
    if t.version == 0 {
        return Err(Error::new(ErrorKind::Request, ErrorCode::OutOfRange, format!("{path}.version"), "versions start at 1"));
    }
    t.rule.check(&format!("{path}.rule"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fact_names_round_trip() {
        use Fact::*;
        for f in [TenureYears, Payments12m, LatePayments12m, Arrears, AnnualKwh, ContractCapacityKva, Complaints12m, UnresolvedComplaints12m, Repairs12m, EBill, AutoPay, HighVoltage, Residential] {
            assert_eq!(serde_json::to_value(f).unwrap(), serde_json::Value::String(f.as_str().into()));
        }
    }

    #[test]
    fn conditions_are_checked() {
        let c: Condition = serde_json::from_str(r#"{"all": [{"fact": "e_bill", "op": "gt", "value": true}]}"#).unwrap();
        assert_eq!(c.check("r").unwrap_err().path, "r.all[0].op");
        let c: Condition = serde_json::from_str(r#"{"not": {"fact": "arrears", "op": "gt", "value": true}}"#).unwrap();
        assert_eq!(c.check("r").unwrap_err().path, "r.not.value");
        let c: Condition = serde_json::from_str(r#"{"any": []}"#).unwrap();
        assert_eq!(c.check("r").unwrap_err().path, "r.any");
        // Unknown keys are refused, not ignored.
        assert!(serde_json::from_str::<Condition>(r#"{"all": [], "colour": "red"}"#).is_err());
        assert!(serde_json::from_str::<Condition>(r#"{"fact": "arrears", "op": "gt", "value": "1", "unit": "yuan"}"#).is_err());
    }
}
