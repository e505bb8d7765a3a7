//! The basic charge of a two-part tariff (两部制电价的基本电费).
//!
//! * By capacity (按容量): transformer kVA in service × 元/kVA·月.
//! * By actual maximum demand (按实际最大需量): the period's maximum demand × 元/kW·月.
//! * By contract demand (按合同最大需量, 发改办价格〔2016〕1583号): the contract value is
//!   billed while the actual maximum demand stays within 105 % of it; above that, 105 %
//!   of the contract is billed at the price and the part above 105 % at twice the price.
//!   A contract below 40 % of the capacity in service is raised to 40 %.
//! * Capacity changes within the period (暂停, 减容, added transformers) split it into
//!   pieces; the period's months (anniversary rule, 4 decimals) are shared among the
//!   pieces by days, the last piece taking the remainder, so the pieces add up to the
//!   months of the whole period exactly. A piece with no capacity in service (the whole
//!   installation suspended) has no basic charge.

use crate::billing::{line, Component, LineItem, Period, Rule, Unit};
use crate::error::{Error, ErrorCode, ErrorKind, Result};
use crate::money::{RoundingPolicy, ENERGY_SCALE};
use crate::tariff::{check_decimal, BasicChargeRate};
use crate::Text;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How an account's basic charge is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasicMethod {
    /// 按容量: kVA in service.
    Capacity,
    /// 按合同最大需量: the contract demand, with the 105 % rule and the 40 % floor.
    ContractDemand,
    /// 按实际最大需量: the period's maximum demand.
    ActualDemand,
}

/// Why capacity in service changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeReason {
    /// 暂停: transformers suspended.
    Suspension,
    /// 减容: capacity reduced.
    Reduction,
    /// 增容: transformers added.
    Addition,
    /// 恢复: suspended or reduced capacity restored.
    Restoration,
}

impl ChangeReason {
    fn text(self) -> Text {
        match self {
            ChangeReason::Suspension => Text::new("暂停", "suspension"),
            ChangeReason::Reduction => Text::new("减容", "reduction"),
            ChangeReason::Addition => Text::new("增容", "addition"),
            ChangeReason::Restoration => Text::new("恢复", "restoration"),
        }
    }
}

/// A change of capacity in service from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityChange {
    /// First day at the new capacity (inside the billing period).
    pub from: NaiveDate,
    /// kVA in service from that day.
    pub capacity_kva: Decimal,
    /// Why.
    pub reason: ChangeReason,
}

/// The account's two-part contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicChargeContract {
    /// Capacity, contract demand or actual demand.
    pub method: BasicMethod,
    /// Transformer capacity in service at the start of the period, kVA.
    pub capacity_kva: Decimal,
    /// Contract maximum demand, kW (the contract-demand method).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_demand_kw: Option<Decimal>,
    /// Capacity changes within the period, in date order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity_changes: Vec<CapacityChange>,
}

const ROOT: &str = "account.basic_charge";

/// One piece of the period at one capacity.
struct Piece {
    from: NaiveDate,
    to: NaiveDate,
    capacity: Decimal,
    months: Decimal,
}

/// Checks the contract and cuts the period at its capacity changes.
fn pieces(contract: &BasicChargeContract, period: &Period, policy: &RoundingPolicy) -> Result<Vec<Piece>> {
    check_decimal(ErrorKind::Request, contract.capacity_kva, ENERGY_SCALE, "capacity", || format!("{ROOT}.capacity_kva"))?;
    let mut cuts = vec![(period.start, contract.capacity_kva)];
    for (i, change) in contract.capacity_changes.iter().enumerate() {
        let p = |f: &str| format!("{ROOT}.capacity_changes[{i}].{f}");
        check_decimal(ErrorKind::Request, change.capacity_kva, ENERGY_SCALE, "capacity", || p("capacity_kva"))?;
        let previous = cuts.last().expect("starts with the period start").0;
        if change.from <= previous || change.from >= period.end {
            return Err(Error::request(
                ErrorCode::OutOfRange,
                p("from"),
                format!("a capacity change on {} must lie inside the period ({} – {}) and after the previous change", change.from, period.start, period.end),
            ));
        }
        cuts.push((change.from, change.capacity_kva));
    }
    let total_months = policy.round_quantity(period.months().times(Decimal::ONE));
    let end = |i: usize| cuts.get(i + 1).map_or(period.end, |c| c.0);
    let days: Vec<Decimal> = cuts.iter().enumerate().map(|(i, c)| Decimal::from((end(i) - c.0).num_days())).collect();
    // The same sharing as tariff versions: by days, the last piece taking the remainder.
    let months = crate::versions::share(total_months, &days, policy);
    Ok(cuts
        .iter()
        .zip(months)
        .enumerate()
        .map(|(i, (&(from, capacity), months))| Piece { from, to: end(i), capacity, months: months.normalize() })
        .collect())
}

/// The basic-charge lines of one bill. `notes` receives the remarks a clerk should see
/// (pass `None` when pricing a second tariff version of the same bill).
pub(crate) fn lines(
    contract: &BasicChargeContract,
    rate: &BasicChargeRate,
    period: &Period,
    max_demand: Option<Decimal>,
    policy: &RoundingPolicy,
    mut notes: Option<&mut Vec<Text>>,
) -> Result<Vec<LineItem>> {
    let pieces = pieces(contract, period, policy)?;
    let (price, unit) = match contract.method {
        BasicMethod::Capacity => (rate.capacity_price, Unit::KvaMonth),
        BasicMethod::ContractDemand | BasicMethod::ActualDemand => (rate.demand_price, Unit::KwMonth),
    };
    let price = price.ok_or_else(|| {
        let what = if contract.method == BasicMethod::Capacity { "capacity_price" } else { "demand_price" };
        Error::request(ErrorCode::InvalidField, format!("{ROOT}.method"), format!("the tariff's basic charge has no `{what}` for this method"))
    })?;
    let demand = match contract.method {
        BasicMethod::Capacity => None,
        _ => Some(max_demand.ok_or_else(|| {
            Error::metering(ErrorCode::MissingRegister, "usage.max_demand", "a basic charge by demand needs the maximum demand: give `usage.max_demand` or 15-minute interval data")
        })?),
    };
    let contract_kw = match contract.method {
        BasicMethod::ContractDemand => {
            let p = || format!("{ROOT}.contract_demand_kw");
            let kw = contract.contract_demand_kw.ok_or_else(|| Error::request(ErrorCode::InvalidField, p(), "the contract-demand method needs `contract_demand_kw`"))?;
            check_decimal(ErrorKind::Request, kw, ENERGY_SCALE, "contract demand", p)?;
            if kw.is_zero() {
                return Err(Error::request(ErrorCode::OutOfRange, p(), "a contract demand must be more than 0 kW"));
            }
            Some(kw)
        }
        _ => None,
    };
    let split = pieces.len() > 1;
    let mut out = Vec::with_capacity(pieces.len() + 1);
    for (i, piece) in pieces.iter().enumerate() {
        let dates = split.then_some((piece.from, piece.to));
        if let (Some(notes), true) = (notes.as_deref_mut(), i > 0) {
            let reason = contract.capacity_changes[i - 1].reason.text();
            notes.push(Text::new(
                format!("{} 起{}, 运行容量 {} kVA, 基本电费按天折算", piece.from, reason.zh, piece.capacity.normalize()),
                format!("{} from {}: {} kVA in service; basic charge prorated by days", reason.en, piece.from, piece.capacity.normalize()),
            ));
        }
        if piece.capacity.is_zero() {
            continue;
        }
        let mut push = |code: &'static str, zh: &'static str, en: &'static str, billed: Decimal, unit_price: Decimal, contract_kw: Option<Decimal>, excess: bool| {
            let rule = Rule::BasicCharge { method: contract.method, billed: billed.normalize(), months: piece.months, capacity_kva: piece.capacity.normalize(), contract_kw, demand_kw: demand, excess };
            let mut item = line(code.into(), Component::Basic, Text::new(zh, en), policy.round_quantity(billed * piece.months), unit, unit_price, None, None, rule);
            (item.from, item.to) = dates.unzip();
            out.push(item);
        };
        match contract.method {
            BasicMethod::Capacity => push("basic.capacity", "基本电费(按容量)", "Basic charge, by capacity", piece.capacity, price, None, false),
            BasicMethod::ActualDemand => push("basic.demand", "基本电费(按实际需量)", "Basic charge, by actual demand", demand.expect("demand method"), price, None, false),
            BasicMethod::ContractDemand => {
                let declared = contract_kw.expect("contract method");
                let floor = piece.capacity * Decimal::new(4, 1);
                let billed = declared.max(floor);
                if let (Some(notes), true) = (notes.as_deref_mut(), declared < floor) {
                    notes.push(Text::new(
                        format!("合同需量 {} kW 低于运行容量的 40% ({} kW), 按 40% 计", declared.normalize(), floor.normalize()),
                        format!("contract demand {} kW is below 40% of capacity ({} kW); billed at 40%", declared.normalize(), floor.normalize()),
                    ));
                }
                let limit = billed * Decimal::new(105, 2);
                let actual = demand.expect("demand method");
                if actual <= limit {
                    push("basic.contract_demand", "基本电费(按合同需量)", "Basic charge, by contract demand", billed, price, Some(billed.normalize()), false);
                } else {
                    push("basic.contract_demand", "基本电费(按合同需量)", "Basic charge, by contract demand", limit, price, Some(billed.normalize()), false);
                    push("basic.demand_excess", "基本电费(超合同需量105%部分加倍)", "Basic charge, demand above 105% of contract (double)", actual - limit, price * Decimal::TWO, Some(billed.normalize()), true);
                }
            }
        }
    }
    Ok(out)
}
