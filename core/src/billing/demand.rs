//! The basic charge of a two-part tariff (两部制电价的基本电费).
//!
//! * By capacity (按容量): transformer kVA in service × 元/kVA·月.
//! * By actual maximum demand (按实际最大需量): the period's maximum demand × 元/kW·月.
//! * By contract demand (按合同最大需量, 发改办价格〔2016〕1583号): the contract value is
//!   billed while the actual maximum demand stays within 105 % of it; above that, 105 %
//!   of the contract is billed at the price and the part above 105 % at twice the price.
//!   A contract below 40 % of the capacity in service is raised to 40 %.
//!   The 105 %, the twice the price and the 40 % are the tariff's to change
//!   (`excess_threshold_percent`, `excess_multiplier`, `contract_floor_percent`).
//! * Capacity changes within the period (暂停, 减容, added transformers) split it into
//!   pieces. Each piece's months are exact: its days over the days of the (anniversary)
//!   month they fall in, so the pieces add up to the months of the whole period exactly
//!   and each line is rounded once (1000 kVA × 10/30 month × 26.3 = 8766.67, never
//!   0.3333 month × 1000 × 26.3). A piece with no capacity in service (the whole
//!   installation suspended) has no basic charge.

use super::model::{BasicChargeContract, BasicChargeRate, BasicMethod, Component, LineItem, Period, Rule, Unit};
use crate::base::check_decimal;
use crate::base::error::{Error, ErrorCode, ErrorKind, Result};
use crate::base::money::ENERGY_SCALE;
use crate::base::Text;
use chrono::NaiveDate;
use rust_decimal::Decimal;

const ROOT: &str = "account.basic_charge";

/// One piece of the period at one capacity.
struct Piece {
    from: NaiveDate,
    to: NaiveDate,
    capacity: Decimal,
}

/// Checks the contract and cuts the period at its capacity changes.
fn pieces(contract: &BasicChargeContract, period: &Period) -> Result<Vec<Piece>> {
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
    let end = |i: usize| cuts.get(i + 1).map_or(period.end, |c| c.0);
    Ok(cuts.iter().enumerate().map(|(i, &(from, capacity))| Piece { from, to: end(i), capacity }).collect())
}

/// The two-part parameters of a tariff, with the national defaults.
struct Parameters {
    /// 105: the contract is billed while the actual demand stays within this % of it.
    threshold: Decimal,
    /// 2: the part above the threshold costs this many times the price.
    multiplier: Decimal,
    /// 40: a contract below this % of the capacity in service is raised to it.
    floor: Decimal,
}

impl Parameters {
    fn of(rate: &BasicChargeRate) -> Self {
        Parameters {
            threshold: rate.excess_threshold_percent.unwrap_or(DEFAULT_THRESHOLD),
            multiplier: rate.excess_multiplier.unwrap_or(DEFAULT_MULTIPLIER),
            floor: rate.contract_floor_percent.unwrap_or(DEFAULT_FLOOR),
        }
    }
    fn is_default(&self) -> bool {
        self.threshold == DEFAULT_THRESHOLD && self.multiplier == DEFAULT_MULTIPLIER
    }
}

/// 发改办价格〔2016〕1583号: 105 %.
pub const DEFAULT_THRESHOLD: Decimal = Decimal::from_parts(105, 0, 0, false, 0);
/// 发改办价格〔2016〕1583号: twice the price above the threshold.
pub const DEFAULT_MULTIPLIER: Decimal = Decimal::TWO;
/// 发改办价格〔2016〕1583号: a contract of at least 40 % of the capacity in service.
pub const DEFAULT_FLOOR: Decimal = Decimal::from_parts(40, 0, 0, false, 0);

/// The basic-charge lines of one bill. `notes` receives the remarks a clerk should see
/// (pass `None` when pricing a second tariff version of the same bill).
///
/// Every line is `billed kVA or kW × months × price` with the months exact (the part of a
/// month a piece covers is its days over the month's days), rounded once: 1000 kVA for
/// 10 of 30 days at 26.3 is 1000 × 10/30 × 26.3 = 8766.67.
pub(crate) fn lines(
    contract: &BasicChargeContract,
    rate: &BasicChargeRate,
    period: &Period,
    max_demand: Option<Decimal>,
    mut notes: Option<&mut Vec<Text>>,
) -> Result<Vec<LineItem>> {
    let pieces = pieces(contract, period)?;
    let params = Parameters::of(rate);
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
    let hundred = Decimal::ONE_HUNDRED;
    let (threshold, floor) = (params.threshold.normalize(), params.floor.normalize());
    let mut out = Vec::with_capacity(pieces.len() + 1);
    for (i, piece) in pieces.iter().enumerate() {
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
        // What is billed per month on this piece: (code, description, kVA or kW, price, excess).
        let mut charges: Vec<(&'static str, Text, Decimal, Decimal, bool)> = Vec::with_capacity(2);
        match contract.method {
            BasicMethod::Capacity => charges.push(("basic.capacity", Text::new("基本电费(按容量)", "Basic charge, by capacity"), piece.capacity, price, false)),
            BasicMethod::ActualDemand => {
                charges.push(("basic.demand", Text::new("基本电费(按实际需量)", "Basic charge, by actual demand"), demand.expect("demand method"), price, false))
            }
            BasicMethod::ContractDemand => {
                let declared = contract_kw.expect("contract method");
                let floor_kw = piece.capacity * params.floor / hundred;
                let billed = declared.max(floor_kw);
                if let (Some(notes), true) = (notes.as_deref_mut(), declared < floor_kw) {
                    notes.push(Text::new(
                        format!("合同需量 {} kW 低于运行容量的 {floor}% ({} kW), 按 {floor}% 计", declared.normalize(), floor_kw.normalize()),
                        format!("contract demand {} kW is below {floor}% of capacity ({} kW); billed at {floor}%", declared.normalize(), floor_kw.normalize()),
                    ));
                }
                let limit = billed * params.threshold / hundred;
                let actual = demand.expect("demand method");
                let contract_text = Text::new("基本电费(按合同需量)", "Basic charge, by contract demand");
                if actual <= limit {
                    charges.push(("basic.contract_demand", contract_text, billed, price, false));
                } else {
                    charges.push(("basic.contract_demand", contract_text, limit, price, false));
                    let excess_text = if params.is_default() {
                        Text::new("基本电费(超合同需量105%部分加倍)", "Basic charge, demand above 105% of contract (double)")
                    } else {
                        let m = params.multiplier.normalize();
                        Text::new(format!("基本电费(超合同需量{threshold}%部分按{m}倍)"), format!("Basic charge, demand above {threshold}% of contract ({m}×)"))
                    };
                    charges.push(("basic.demand_excess", excess_text, actual - limit, price * params.multiplier, true));
                }
            }
        }
        let (contract_kw, threshold_percent) = match contract.method {
            BasicMethod::ContractDemand => (Some(contract_kw.expect("contract method").max(piece.capacity * params.floor / hundred).normalize()), Some(threshold)),
            _ => (None, None),
        };
        for part in period.month_pieces(piece.from, piece.to) {
            let dates = (part.from != period.start || part.to != period.end).then_some((part.from, part.to));
            for (code, description, billed, unit_price, excess) in &charges {
                let rule = Rule::BasicCharge {
                    method: contract.method,
                    billed: billed.normalize(),
                    months: part.months,
                    capacity_kva: piece.capacity.normalize(),
                    contract_kw,
                    demand_kw: demand,
                    excess: *excess,
                    excess_threshold_percent: threshold_percent,
                    excess_multiplier: excess.then_some(params.multiplier.normalize()),
                };
                let mut item = LineItem::new(*code, Component::Basic, description.clone(), rule).priced(*billed, unit, *unit_price);
                item.set_months(*billed, part.months);
                (item.from, item.to) = dates.unzip();
                out.push(item);
            }
        }
    }
    Ok(out)
}
