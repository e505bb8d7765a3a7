//! Human explanations of bills: a sentence per rule, and the bill as a readable table
//! with Chinese and English labels. Bindings call these rather than format bills
//! themselves, so every channel prints the same words.

use super::model::{BasicMethod, Bill, FixedBasis, LossKind, Register, Rule, TierCycle, UsageSource};
use crate::base::calendar::TouPeriod;
use crate::base::money::{RoundingMode, RoundingStage};
use crate::base::Text;
use rust_decimal::Decimal;
use std::fmt::Write;

fn range(lower: Decimal, upper: Option<Decimal>) -> String {
    match upper {
        Some(u) => format!("{}–{} kWh", lower.normalize(), u.normalize()),
        None => format!("> {} kWh", lower.normalize()),
    }
}

impl Rule {
    /// Explains the rule in Chinese and English.
    ///
    /// ```
    /// use gridcore::{billing::TierCycle, Rule};
    /// let rule = Rule::Tier { cycle: TierCycle::Annual, tier: 2, lower: "2760".parse().unwrap(),
    ///     upper: Some("4800".parse().unwrap()), from_kwh: "2760".parse().unwrap(), to_kwh: "2900".parse().unwrap() };
    /// assert_eq!(rule.explain().en, "year-to-date kWh 2760–2900 fall in tier 2 (2760–4800 kWh)");
    /// ```
    pub fn explain(&self) -> Text {
        match self {
            Rule::FlatPrice => Text::new("计费电量 × 电价", "billed kWh × flat price"),
            Rule::Tier { cycle, tier, lower, upper, from_kwh, to_kwh } => {
                let (zh, en) = cycle_words(*cycle);
                let r = range(*lower, *upper);
                Text::new(
                    format!("{zh} {}–{} kWh 落在第{tier}档 ({r})", from_kwh, to_kwh),
                    format!("{en} {}–{} fall in tier {tier} ({r})", from_kwh, to_kwh),
                )
            }
            Rule::TimeOfUse { period } => Text::new(format!("{}时段电量 × {}电价", period.zh(), period.zh()), format!("{} kWh × {} price", period.en(), period.en())),
            Rule::TierUplift { cycle, tier, lower, upper, from_kwh, to_kwh } => {
                let (zh, en) = cycle_words(*cycle);
                let r = range(*lower, *upper);
                Text::new(
                    format!("{zh} {}–{} kWh 落在第{tier}档 ({r}), 各时段电价同加", from_kwh, to_kwh),
                    format!("{en} {}–{} fall in tier {tier} ({r}); the uplift applies to every period alike", from_kwh, to_kwh),
                )
            }
            Rule::TierPeriod { cycle, tier, lower, upper, from_kwh, to_kwh, period, period_kwh, billed_kwh } => {
                let (zh, en) = cycle_words(*cycle);
                let r = range(*lower, *upper);
                let kwh = (*to_kwh - *from_kwh).normalize();
                Text::new(
                    format!(
                        "{zh} {from_kwh}–{to_kwh} kWh 落在第{tier}档 ({r}), 按{}时段电量占比 {period_kwh}/{billed_kwh} 分摊 {kwh} kWh × 第{tier}档{}电价",
                        period.zh(),
                        period.zh()
                    ),
                    format!("{en} {from_kwh}–{to_kwh} fall in tier {tier} ({r}); {} share {period_kwh}/{billed_kwh} of its {kwh} kWh × tier {tier} {} price", period.en(), period.en()),
                )
            }
            Rule::Loss { loss } => match loss {
                LossKind::Transformer => Text::new("变损电量 × 电度电价, 单独计费", "transformer loss kWh × the energy price, on its own line"),
                LossKind::Line => Text::new("线损电量 × 电度电价, 单独计费", "line loss kWh × the energy price, on its own line"),
            },
            Rule::Fund => Text::new("计费电量 × 征收标准", "billed kWh × fund rate"),
            Rule::Fixed { basis, months } => match (basis, months) {
                (FixedBasis::PerBill, _) => Text::new("每张账单一次", "once per bill"),
                (FixedBasis::PerDay, _) => Text::new("计费天数 × 日单价", "days × daily amount"),
                (FixedBasis::PerMonth, Some(m)) if !m.is_whole() => Text::new(
                    format!("{} 个整月 + {}/{} 月按天折算 (共 {}/{} 月) × 月单价", m.whole, m.days, m.of_days, m.numerator(), m.of_days),
                    format!("{} whole months + {}/{} of a month by days ({}/{} months) × monthly amount", m.whole, m.days, m.of_days, m.numerator(), m.of_days),
                ),
                (FixedBasis::PerMonth, _) => Text::new("月数 × 月单价", "months × monthly amount"),
            },
            Rule::AgencyComponent => Text::new("计费电量 × 代理购电价格构成项", "billed kWh × a component of the agency-purchase price"),
            Rule::AgencyPrice { components } => {
                let parts: Vec<String> = components.iter().map(|c| format!("{} {}", c.code, c.price.normalize())).collect();
                Text::new(format!("代理购电价格 = {}", parts.join(" + ")), format!("agency-purchase price = {}", parts.join(" + ")))
            }
            Rule::BasicCharge { method, billed, months, capacity_kva, contract_kw, demand_kw, excess, excess_threshold_percent, excess_multiplier } => {
                let m = months.display();
                let b = billed.normalize();
                let t = excess_threshold_percent.unwrap_or(super::demand::DEFAULT_THRESHOLD).normalize();
                match (method, excess) {
                    (BasicMethod::Capacity, _) => Text::new(
                        format!("运行容量 {b} kVA × {m} 月 × 容量电价"),
                        format!("{b} kVA in service × {m} months × capacity price"),
                    ),
                    (BasicMethod::ActualDemand, _) => Text::new(
                        format!("实际最大需量 {b} kW × {m} 月 × 需量电价"),
                        format!("actual maximum demand {b} kW × {m} months × demand price"),
                    ),
                    (BasicMethod::ContractDemand, false) => {
                        let c = contract_kw.unwrap_or_default().normalize();
                        let a = demand_kw.unwrap_or_default().normalize();
                        if b == c {
                            Text::new(
                                format!("实际需量 {a} kW 未超合同需量 {c} kW 的 {t}%, 按合同需量 × {m} 月计 (运行容量 {} kVA)", capacity_kva.normalize()),
                                format!("actual demand {a} kW within {t}% of contract {c} kW: contract × {m} months (capacity {} kVA)", capacity_kva.normalize()),
                            )
                        } else {
                            Text::new(format!("合同需量 {c} kW 的 {t}% = {b} kW × {m} 月"), format!("{t}% of contract {c} kW = {b} kW × {m} months"))
                        }
                    }
                    (BasicMethod::ContractDemand, true) => {
                        let a = demand_kw.unwrap_or_default().normalize();
                        let x = excess_multiplier.unwrap_or(super::demand::DEFAULT_MULTIPLIER).normalize();
                        if x == super::demand::DEFAULT_MULTIPLIER {
                            Text::new(
                                format!("实际需量 {a} kW 超出合同需量 {t}% 的 {b} kW × {m} 月, 按两倍需量电价"),
                                format!("{b} kW of actual demand {a} kW above {t}% of contract × {m} months, at twice the price"),
                            )
                        } else {
                            Text::new(
                                format!("实际需量 {a} kW 超出合同需量 {t}% 的 {b} kW × {m} 月, 按 {x} 倍需量电价"),
                                format!("{b} kW of actual demand {a} kW above {t}% of contract × {m} months, at {x} times the price"),
                            )
                        }
                    }
                }
            }
            Rule::PowerFactor { active_kwh, reactive_kvarh, power_factor, rounded, standard, percent } => {
                let sign = if percent.is_sign_negative() { "" } else { "+" };
                Text::new(
                    format!(
                        "功率因数 = {} / √({}² + {}²) = {} → {}, 考核标准 {}, 调整 {sign}{}% (电度 + 基本电费)",
                        active_kwh.normalize(), active_kwh.normalize(), reactive_kvarh.normalize(), power_factor, rounded, standard.value(), percent
                    ),
                    format!(
                        "power factor = {} / √({}² + {}²) = {} → {}; standard {}; {sign}{}% of energy + basic charges",
                        active_kwh.normalize(), active_kwh.normalize(), reactive_kvarh.normalize(), power_factor, rounded, standard.value(), percent
                    ),
                )
            }
            Rule::MinimumCharge { minimum, charges } => Text::new(
                format!("电度、基本、力调电费合计 {charges} 低于最低电费 {minimum}, 补足差额"),
                format!("energy, basic and power-factor charges {charges} are below the minimum {minimum}; topped up"),
            ),
        }
    }
}

fn cycle_words(cycle: TierCycle) -> (&'static str, &'static str) {
    match cycle {
        TierCycle::Annual => ("年度累计电量", "year-to-date kWh"),
        TierCycle::Monthly => ("本期电量", "period kWh"),
    }
}

fn register_name(r: Register) -> Text {
    match r {
        Register::Total => Text::new("总", "total"),
        Register::CriticalPeak => period_text(TouPeriod::CriticalPeak),
        Register::Peak => period_text(TouPeriod::Peak),
        Register::Flat => period_text(TouPeriod::Flat),
        Register::Valley => period_text(TouPeriod::Valley),
        Register::Reactive => Text::new("无功", "reactive"),
    }
}

fn period_text(p: TouPeriod) -> Text {
    Text::new(p.zh(), p.en())
}

/// Display width of text in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

/// The bill's rounding in words: `四舍五入至 2 位小数, 逐行舍入` / `half-up to 2 decimals, each line`.
pub fn rounding_text(bill: &Bill) -> Text {
    let r = &bill.rounding;
    let (mode_zh, mode_en) = match r.mode {
        RoundingMode::HalfUp => ("四舍五入", "half-up"),
        RoundingMode::HalfEven => ("银行家舍入", "half-even"),
        RoundingMode::Down => ("舍去", "down"),
        RoundingMode::Up => ("进一", "up"),
    };
    let (stage_zh, stage_en) = match r.stage {
        RoundingStage::Line => ("逐行舍入", "each line"),
        RoundingStage::Component => ("按费用类别小计舍入", "each component subtotal"),
    };
    Text::new(format!("{mode_zh}至 {} 位小数, {stage_zh}", r.scale), format!("{mode_en} to {} decimals, {stage_en}", r.scale))
}

fn rounding_words(bill: &Bill) -> String {
    let t = rounding_text(bill);
    format!("{} / {}", t.zh, t.en)
}

/// Renders a bill as a table with Chinese and English labels, for a counter screen, a
/// log or a terminal.
pub fn render(bill: &Bill) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "户号 Account {} · {} / {} ({})", bill.account_id, bill.tariff_name.zh, bill.tariff_name.en, bill.tariff_id);
    let _ = writeln!(
        w,
        "计费周期 Period {} – {} ({} 天 days) · 出账 Issued {}",
        bill.period.start,
        bill.period.end.pred_opt().unwrap_or(bill.period.end),
        bill.period.days,
        bill.issued_on
    );
    let u = &bill.usage;
    match u.source {
        UsageSource::Readings => {
            for r in &u.registers {
                let name = register_name(r.register);
                let _ = writeln!(
                    w,
                    "  示数 Register {}/{}: {} → {}{}{} = {} × {} = {} {}{}",
                    name.zh,
                    name.en,
                    r.start,
                    r.end,
                    if r.rollover { " (翻转 rollover)" } else { "" },
                    if r.estimated { " (估抄 estimated)" } else { "" },
                    r.advance,
                    u.multiplier,
                    r.kwh,
                    if r.register == Register::Reactive { "kvarh" } else { "kWh" },
                    if r.billed || r.register == Register::Reactive { "" } else { " (不计费 not billed)" }
                );
            }
        }
        UsageSource::Unmetered => {
            let _ = writeln!(w, "  无计量 Not metered (本电价不计电度电费 no energy charge)");
        }
        UsageSource::Intervals => {
            if let Some(i) = &u.intervals {
                let _ = writeln!(w, "  负荷曲线 Interval data: {} × {} min × 倍率 multiplier {} = {} kWh", i.count, i.minutes, u.multiplier, u.metered_kwh);
            }
        }
    }
    for l in &u.losses {
        let (zh, en) = match l.kind {
            LossKind::Transformer => ("变损", "transformer loss"),
            LossKind::Line => ("线损", "line loss"),
        };
        let how = match (l.fixed_kwh, l.percent) {
            (Some(f), _) => format!("{f} kWh"),
            (_, Some(p)) => format!("{p}%"),
            _ => String::new(),
        };
        let _ = writeln!(w, "  {zh} {en} ({how}): + {} kWh", l.kwh);
    }
    if let Some(q) = u.reactive_kvarh {
        let _ = writeln!(w, "  无功电量 Reactive energy: {q} kvarh");
    }
    if let Some(d) = u.max_demand_kw {
        let _ = writeln!(w, "  最大需量 Maximum demand: {d} kW");
    }
    let by_period: Vec<String> = u.by_period.iter().map(|(p, v)| format!("{} {} {}", p.zh(), p.en(), v)).collect();
    let _ = writeln!(
        w,
        "  计费电量 Billed {} kWh{}",
        u.billed_kwh,
        if by_period.is_empty() { String::new() } else { format!(" ({})", by_period.join(", ")) }
    );

    const ITEM: usize = 50;
    let header = format!("{}{}{}{}", pad_right("项目 Item", ITEM), pad_left("数量 Qty", 16), pad_left("单价 Price", 14), pad_left("金额 Amount", 14));
    let rule = "─".repeat(width(&header));
    let _ = writeln!(w, "{rule}\n{header}\n{rule}");
    for item in &bill.lines {
        let mut label = format!("{} {}", item.description.zh, item.description.en);
        if let (Some(from), Some(to)) = (item.from, item.to) {
            let last = to.pred_opt().unwrap_or(to);
            let _ = write!(label, " [{}–{}]", from.format("%m-%d"), last.format("%m-%d"));
        }
        let unit = item.unit.label();
        let unit = unit.zh;
        let _ = writeln!(
            w,
            "{}{}{}{}",
            pad_right(&label, ITEM),
            pad_left(&match item.divisor {
                Some(d) => format!("{}/{d} {unit}", item.quantity),
                None => format!("{} {unit}", item.quantity),
            }, 16),
            pad_left(&item.unit_price.to_string(), 14),
            pad_left(&item.amount.to_string(), 14)
        );
        let why = item.rule.explain();
        let _ = writeln!(w, "    ↳ {} / {}", why.zh, why.en);
    }
    let _ = writeln!(w, "{rule}");
    for s in &bill.subtotals {
        let name = s.component.name();
        let _ = writeln!(w, "{}{}", pad_right(&format!("小计 {} {}", name.zh, name.en), ITEM + 30), pad_left(&s.amount.to_string(), 14));
    }
    let _ = writeln!(w, "{}{}", pad_right("合计 Total (元 CNY)", ITEM + 30), pad_left(&bill.total.to_string(), 14));
    let _ = writeln!(w, "舍入 Rounding: {}", rounding_words(bill));
    for n in &bill.notes {
        let _ = writeln!(w, "注 Note: {} / {}", n.zh, n.en);
    }
    out
}
