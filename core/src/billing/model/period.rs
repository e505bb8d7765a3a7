//! Billing periods and their months: the anniversary rule, exact part months, and the
//! pieces a part of a period is made of.

use crate::base::error::{Error, ErrorCode, Result};
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The longest billing period accepted, in days.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// A half-open billing period `[start, end)` of local dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day billed.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub start: NaiveDate,
    /// Day after the last day billed.
    #[serde(deserialize_with = "crate::base::strict::de")]
    pub end: NaiveDate,
}

impl Period {
    /// Number of days billed.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.end <= self.start {
            return Err(Error::request(
                ErrorCode::EmptyPeriod,
                "period.end",
                format!("period end {} must be after its start {} (periods are half-open [start, end))", self.end, self.start),
            ));
        }
        if self.days() > MAX_PERIOD_DAYS {
            return Err(Error::request(ErrorCode::PeriodTooLong, "period.end", format!("a billing period of {} days is longer than {MAX_PERIOD_DAYS}", self.days())));
        }
        Ok(())
    }

    /// Months in the period by the anniversary rule: whole months counted from `start`
    /// (Nov 15 → Dec 15 is one month), and the remaining days as a fraction of the month
    /// that would complete the next anniversary.
    pub fn months(&self) -> MonthCount {
        let mut whole = 0u32;
        while self.start.checked_add_months(Months::new(whole + 1)).is_some_and(|d| d <= self.end) {
            whole += 1;
        }
        let anchor = self.start.checked_add_months(Months::new(whole)).expect("within chrono's range");
        let next = self.start.checked_add_months(Months::new(whole + 1)).expect("within chrono's range");
        let days = (self.end - anchor).num_days() as u32;
        MonthCount { whole, days, of_days: if days == 0 { 0 } else { (next - anchor).num_days() as u32 } }
    }

    /// The months of `[from, to)`, a part of this period, exactly: each day counts as
    /// 1 / (the length of the anniversary month it falls in), so the parts of a period
    /// always add up to [`Period::months`]. A part that touches two months of different
    /// lengths without covering either is returned as two pieces, so that every piece's
    /// months are one [`MonthCount`] (`whole + days / of_days`).
    pub fn month_pieces(&self, from: NaiveDate, to: NaiveDate) -> Vec<MonthPiece> {
        let total = self.months();
        let mut out: Vec<MonthPiece> = Vec::with_capacity(2);
        let mut month_start = self.start;
        for k in 0..=total.whole {
            let (month_end, length) = if k < total.whole {
                let end = self.start.checked_add_months(Months::new(k + 1)).expect("within chrono's range");
                (end, (end - month_start).num_days() as u32)
            } else {
                (self.end, total.of_days)
            };
            let (a, b) = (month_start.max(from), month_end.min(to));
            month_start = month_end;
            if b <= a {
                continue;
            }
            let days = (b - a).num_days() as u32;
            let full = k < total.whole && days == length;
            match out.last_mut() {
                Some(p) if p.to == a && (full || p.months.days == 0) => {
                    p.to = b;
                    if full {
                        p.months.whole += 1;
                    } else {
                        (p.months.days, p.months.of_days) = (days, length);
                    }
                }
                _ => out.push(MonthPiece {
                    from: a,
                    to: b,
                    months: if full { MonthCount { whole: 1, days: 0, of_days: 0 } } else { MonthCount { whole: 0, days, of_days: length } },
                }),
            }
        }
        out
    }
}

/// A part of a billing period and its months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthPiece {
    /// First day of the part.
    pub from: NaiveDate,
    /// Day after its last day.
    pub to: NaiveDate,
    /// Its months, exactly.
    pub months: MonthCount,
}

/// A number of months: `whole + days / of_days`, exactly. Money derived from it is
/// `value × (whole × of_days + days) / of_days`, rounded once (never a rounded month
/// count times a price).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// Whole months.
    pub whole: u32,
    /// Days of the part month.
    pub days: u32,
    /// Length in days of the month the part month is a part of (0 when `days` is 0).
    pub of_days: u32,
}

impl MonthCount {
    /// `value × months`, exact but for the division by `of_days` (28 significant digits).
    pub fn times(&self, value: Decimal) -> Decimal {
        match self.divisor() {
            None => value * Decimal::from(self.whole),
            Some(d) => value * Decimal::from(self.numerator()) / Decimal::from(d),
        }
    }
    /// Whether the count is a whole number of months.
    pub fn is_whole(&self) -> bool {
        self.days == 0
    }
    /// The count in units of 1/`of_days` month (`whole × of_days + days`), or the whole
    /// months when there is no part month.
    pub fn numerator(&self) -> u64 {
        match self.divisor() {
            None => u64::from(self.whole),
            Some(d) => u64::from(self.whole) * u64::from(d) + u64::from(self.days),
        }
    }
    /// `of_days` when there is a part month: the count is `numerator() / of_days`.
    pub fn divisor(&self) -> Option<u32> {
        (self.days != 0).then_some(self.of_days)
    }
    /// How the count prints: `1`, `10/30`, `1 5/31`.
    pub fn display(&self) -> String {
        match (self.whole, self.days) {
            (w, 0) => w.to_string(),
            (0, d) => format!("{d}/{}", self.of_days),
            (w, d) => format!("{w} {d}/{}", self.of_days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_follow_anniversaries() {
        let m = |a: &str, b: &str| Period { start: d(a), end: d(b) }.months();
        assert_eq!(m("2026-11-01", "2026-12-01"), MonthCount { whole: 1, days: 0, of_days: 0 });
        assert_eq!(m("2026-11-15", "2026-12-15"), MonthCount { whole: 1, days: 0, of_days: 0 });
        assert_eq!(m("2026-11-01", "2026-11-16"), MonthCount { whole: 0, days: 15, of_days: 30 });
        assert_eq!(m("2026-11-15", "2026-12-20"), MonthCount { whole: 1, days: 5, of_days: 31 });
        assert_eq!(m("2026-01-31", "2026-03-01"), MonthCount { whole: 1, days: 1, of_days: 31 });
        assert_eq!(m("2026-01-01", "2027-01-01").whole, 12);
    }

    #[test]
    fn month_pieces_add_up_to_the_period() {
        let mc = |whole, days, of_days| MonthCount { whole, days, of_days };
        let pieces = |a: &str, b: &str, from: &str, to: &str| {
            Period { start: d(a), end: d(b) }.month_pieces(d(from), d(to)).iter().map(|p| (p.from.to_string(), p.to.to_string(), p.months)).collect::<Vec<_>>()
        };
        // 10 of June's 30 days, and the rest.
        assert_eq!(pieces("2026-06-01", "2026-07-01", "2026-06-01", "2026-06-11"), [("2026-06-01".into(), "2026-06-11".into(), mc(0, 10, 30))]);
        assert_eq!(pieces("2026-06-01", "2026-07-01", "2026-06-11", "2026-07-01"), [("2026-06-11".into(), "2026-07-01".into(), mc(0, 20, 30))]);
        // The whole of 15 Nov – 20 Dec is 1 + 5/31; a part touching both months is cut at
        // the anniversary, because its two fractions have different month lengths.
        assert_eq!(pieces("2026-11-15", "2026-12-20", "2026-11-15", "2026-12-20"), [("2026-11-15".into(), "2026-12-20".into(), mc(1, 5, 31))]);
        assert_eq!(
            pieces("2026-11-15", "2026-12-20", "2026-12-01", "2026-12-20"),
            [("2026-12-01".into(), "2026-12-15".into(), mc(0, 14, 30)), ("2026-12-15".into(), "2026-12-20".into(), mc(0, 5, 31))]
        );
        // A part month at the start, then whole months.
        assert_eq!(pieces("2026-11-15", "2027-01-15", "2026-11-20", "2027-01-15"), [("2026-11-20".into(), "2027-01-15".into(), mc(1, 25, 30))]);
    }

    #[test]
    fn month_counts_multiply_exactly() {
        let m = MonthCount { whole: 0, days: 10, of_days: 30 };
        assert_eq!((m.numerator(), m.divisor(), m.display()), (10, Some(30), "10/30".to_string()));
        assert_eq!(m.times(Decimal::new(263, 1) * Decimal::ONE_THOUSAND).round_dp(2).to_string(), "8766.67");
        let m = MonthCount { whole: 1, days: 5, of_days: 31 };
        assert_eq!((m.numerator(), m.display()), (36, "1 5/31".to_string()));
    }


}
