//! Seasons, day types and time-of-use schedules.
//!
//! A schedule maps (month, day type, time of day) to a time-of-use period at 15-minute
//! resolution. It is validated once when the tariff loads and compiled into a lookup
//! table, so billing a month of interval data does one array index per value.

use crate::base::error::{Error, ErrorCode, Result};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Number of 15-minute slots in a day.
pub const SLOTS_PER_DAY: usize = 96;

/// A time-of-use period (分时时段). Ordered from dearest to cheapest, which is also the
/// order in which bills list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TouPeriod {
    /// 尖峰
    CriticalPeak,
    /// 峰
    Peak,
    /// 平
    Flat,
    /// 谷
    Valley,
}

impl TouPeriod {
    /// All periods, in bill order.
    pub const ALL: [TouPeriod; 4] = [TouPeriod::CriticalPeak, TouPeriod::Peak, TouPeriod::Flat, TouPeriod::Valley];

    /// Position in [`TouPeriod::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
    /// Chinese name: 尖峰, 峰, 平, 谷.
    pub fn zh(self) -> &'static str {
        match self {
            TouPeriod::CriticalPeak => "尖峰",
            TouPeriod::Peak => "峰",
            TouPeriod::Flat => "平",
            TouPeriod::Valley => "谷",
        }
    }
    /// English name.
    pub fn en(self) -> &'static str {
        match self {
            TouPeriod::CriticalPeak => "critical peak",
            TouPeriod::Peak => "peak",
            TouPeriod::Flat => "flat",
            TouPeriod::Valley => "valley",
        }
    }
    /// The JSON name (`critical_peak`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            TouPeriod::CriticalPeak => "critical_peak",
            TouPeriod::Peak => "peak",
            TouPeriod::Flat => "flat",
            TouPeriod::Valley => "valley",
        }
    }
}

impl fmt::Display for TouPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of day a schedule distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayType {
    /// Monday to Friday, and weekend days declared working days (调休).
    Workday,
    /// Saturday and Sunday, unless declared working days.
    Weekend,
    /// A date on the tariff's or the caller's holiday list.
    Holiday,
}

impl DayType {
    /// All day types.
    pub const ALL: [DayType; 3] = [DayType::Workday, DayType::Weekend, DayType::Holiday];
    fn index(self) -> usize {
        self as usize
    }
}

/// A time-of-use schedule: seasons (month sets) × day types × 15-minute slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeOfUse {
    /// Seasons; together they must cover each month 1–12 exactly once.
    pub seasons: Vec<Season>,
}

/// The schedule for a set of months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Season {
    /// A label for people ("summer").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Months (1–12) this season covers.
    #[serde(deserialize_with = "crate::base::lenient::vec_u32")]
    pub months: Vec<u32>,
    /// Day schedules; together they must cover each day type exactly once.
    pub days: Vec<DaySchedule>,
}

/// The slots of one or more day types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaySchedule {
    /// Day types this schedule applies to.
    pub day_types: Vec<DayType>,
    /// Slots; together they must cover 00:00–24:00 exactly once.
    pub slots: Vec<Slot>,
}

/// A half-open time range `[from, to)` in one period. `to` earlier than `from` wraps past
/// midnight (`22:00`–`08:00`); `24:00` is allowed as `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// Start, `HH:MM` on a 15-minute boundary.
    pub from: String,
    /// End, `HH:MM` on a 15-minute boundary, or `24:00`.
    pub to: String,
    /// The period the slot belongs to.
    pub period: TouPeriod,
}

/// A validated schedule: one period per (month, day type, 15-minute slot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledSchedule {
    table: Vec<[TouPeriod; SLOTS_PER_DAY]>,
    /// Periods used by each row of `table`, as a bit mask over `TouPeriod::index`.
    row_used: Vec<u8>,
    used: [bool; 4],
}

impl CompiledSchedule {
    /// The 96 slots of a day in `month` (1–12) of `day_type`.
    #[inline]
    pub fn day(&self, month: u32, day_type: DayType) -> &[TouPeriod; SLOTS_PER_DAY] {
        &self.table[(month as usize - 1) * 3 + day_type.index()]
    }

    /// Whether any slot of the year uses `period`.
    pub fn uses(&self, period: TouPeriod) -> bool {
        self.used[period.index()]
    }

    /// The periods the schedule uses anywhere in the year, in bill order.
    pub fn periods(&self) -> impl Iterator<Item = TouPeriod> + '_ {
        TouPeriod::ALL.into_iter().filter(|p| self.uses(*p))
    }

    /// The periods the schedule uses on the days `[start, end)`, in bill order: a
    /// November bill has no critical-peak register to read when only summer has
    /// critical-peak hours.
    pub fn periods_between(&self, start: NaiveDate, end: NaiveDate, calendar: &Calendar) -> Vec<TouPeriod> {
        let all = self.row_used.iter().fold(0u8, |m, r| m | r);
        let mut mask = 0u8;
        let mut date = start;
        while date < end && mask != all {
            mask |= self.row_used[(date.month() as usize - 1) * 3 + calendar.day_type(date).index()];
            date = date.succ_opt().expect("dates are bounded by the period");
        }
        TouPeriod::ALL.into_iter().filter(|p| mask & (1 << p.index()) != 0).collect()
    }
}

/// Parses `HH:MM` into a 15-minute slot index 0–96; `allow_end` admits `24:00`.
fn parse_slot_time(text: &str, allow_end: bool, path: &dyn Fn() -> String) -> Result<usize> {
    let bad = || {
        Error::tariff(
            ErrorCode::ScheduleResolution,
            path(),
            format!("`{text}` is not a time HH:MM on a 15-minute boundary (00, 15, 30 or 45 minutes){}", if allow_end { ", or 24:00" } else { "" }),
        )
    };
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: usize = h.parse().map_err(|_| bad())?;
    let m: usize = m.parse().map_err(|_| bad())?;
    if m % 15 != 0 || m >= 60 || h > 24 || (h == 24 && (m != 0 || !allow_end)) {
        return Err(bad());
    }
    Ok(h * 4 + m / 15)
}

fn slot_label(slot: usize) -> String {
    format!("{:02}:{:02}", slot / 4, (slot % 4) * 15)
}

impl TimeOfUse {
    /// Validates the schedule and compiles it into a lookup table. `root` is the JSON path
    /// of this object (`tariff.time_of_use`).
    pub fn compile(&self, root: &str) -> Result<CompiledSchedule> {
        const NONE: Option<TouPeriod> = None;
        let seasons_path = format!("{root}.seasons");
        if self.seasons.is_empty() {
            return Err(Error::tariff(ErrorCode::Empty, &seasons_path, "a schedule needs at least one season"));
        }
        let mut table: Vec<[Option<TouPeriod>; SLOTS_PER_DAY]> = vec![[NONE; SLOTS_PER_DAY]; 36];
        let mut month_owner: [Option<usize>; 12] = [None; 12];
        for (si, season) in self.seasons.iter().enumerate() {
            let sp = format!("{seasons_path}[{si}]");
            if season.months.is_empty() {
                return Err(Error::tariff(ErrorCode::Empty, format!("{sp}.months"), "a season needs at least one month"));
            }
            for (mi, &month) in season.months.iter().enumerate() {
                let mp = || format!("{sp}.months[{mi}]");
                if !(1..=12).contains(&month) {
                    return Err(Error::tariff(ErrorCode::OutOfRange, mp(), format!("month {month} is not 1–12")));
                }
                if let Some(other) = month_owner[month as usize - 1] {
                    return Err(Error::tariff(
                        ErrorCode::ScheduleOverlap,
                        mp(),
                        format!("month {month} is already in {seasons_path}[{other}]"),
                    ));
                }
                month_owner[month as usize - 1] = Some(si);
            }
            // Compile this season's day schedules once, then copy them to its months.
            let mut day_rows: [Option<[Option<TouPeriod>; SLOTS_PER_DAY]>; 3] = [None; 3];
            let mut day_owner: [Option<usize>; 3] = [None; 3];
            if season.days.is_empty() {
                return Err(Error::tariff(ErrorCode::Empty, format!("{sp}.days"), "a season needs at least one day schedule"));
            }
            for (di, day) in season.days.iter().enumerate() {
                let dp = format!("{sp}.days[{di}]");
                if day.day_types.is_empty() {
                    return Err(Error::tariff(ErrorCode::Empty, format!("{dp}.day_types"), "name at least one day type"));
                }
                let row = compile_day(day, &dp)?;
                for (ti, &dt) in day.day_types.iter().enumerate() {
                    if let Some(other) = day_owner[dt.index()] {
                        return Err(Error::tariff(
                            ErrorCode::ScheduleOverlap,
                            format!("{dp}.day_types[{ti}]"),
                            format!("day type {} is already scheduled by {sp}.days[{other}]", serde_name(&dt)),
                        ));
                    }
                    day_owner[dt.index()] = Some(di);
                    day_rows[dt.index()] = Some(row);
                }
            }
            for dt in DayType::ALL {
                if day_owner[dt.index()].is_none() {
                    return Err(Error::tariff(
                        ErrorCode::ScheduleGap,
                        format!("{sp}.days"),
                        format!("day type {} has no schedule in this season", serde_name(&dt)),
                    ));
                }
            }
            for &month in &season.months {
                for dt in DayType::ALL {
                    table[(month as usize - 1) * 3 + dt.index()] = day_rows[dt.index()].expect("checked above");
                }
            }
        }
        if let Some(m) = month_owner.iter().position(Option::is_none) {
            return Err(Error::tariff(ErrorCode::ScheduleGap, seasons_path, format!("month {} is in no season", m + 1)));
        }
        let mut used = [false; 4];
        let table: Vec<[TouPeriod; SLOTS_PER_DAY]> = table
            .into_iter()
            .map(|row| {
                row.map(|p| {
                    let p = p.expect("every slot checked by compile_day");
                    used[p.index()] = true;
                    p
                })
            })
            .collect();
        let row_used = table.iter().map(|row| row.iter().fold(0u8, |m, p| m | 1 << p.index())).collect();
        Ok(CompiledSchedule { table, row_used, used })
    }
}

fn serde_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn compile_day(day: &DaySchedule, dp: &str) -> Result<[Option<TouPeriod>; SLOTS_PER_DAY]> {
    let mut row: [Option<(TouPeriod, usize)>; SLOTS_PER_DAY] = [None; SLOTS_PER_DAY];
    if day.slots.is_empty() {
        return Err(Error::tariff(ErrorCode::Empty, format!("{dp}.slots"), "a day schedule needs at least one slot"));
    }
    for (i, slot) in day.slots.iter().enumerate() {
        let from = parse_slot_time(&slot.from, false, &|| format!("{dp}.slots[{i}].from"))?;
        let to = parse_slot_time(&slot.to, true, &|| format!("{dp}.slots[{i}].to"))?;
        if from == to || (from == 0 && to == 0) {
            return Err(Error::tariff(
                ErrorCode::ScheduleResolution,
                format!("{dp}.slots[{i}].to"),
                "a slot must not be empty; write 00:00–24:00 for a whole day",
            ));
        }
        let range: Vec<usize> = if from < to { (from..to).collect() } else { (from..SLOTS_PER_DAY).chain(0..to).collect() };
        for s in range {
            if let Some((_, other)) = row[s] {
                return Err(Error::tariff(
                    ErrorCode::ScheduleOverlap,
                    format!("{dp}.slots[{i}]"),
                    format!("{} overlaps {dp}.slots[{other}] at {}", slot_span(slot), slot_label(s)),
                ));
            }
            row[s] = Some((slot.period, i));
        }
    }
    if let Some(start) = row.iter().position(Option::is_none) {
        let end = row[start..].iter().position(Option::is_some).map_or(SLOTS_PER_DAY, |n| start + n);
        return Err(Error::tariff(
            ErrorCode::ScheduleGap,
            format!("{dp}.slots"),
            format!("{}–{} is in no slot; the slots must cover 00:00–24:00", slot_label(start), slot_label(end)),
        ));
    }
    Ok(row.map(|s| s.map(|(p, _)| p)))
}

fn slot_span(slot: &Slot) -> String {
    format!("{}–{}", slot.from, slot.to)
}

/// Classifies dates into day types from holiday lists and declared working weekends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: Vec<NaiveDate>,
    working_weekends: Vec<NaiveDate>,
}

impl Calendar {
    /// A calendar from holiday dates and weekend dates declared working days (调休).
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>, working_weekends: impl IntoIterator<Item = NaiveDate>) -> Self {
        let mut holidays: Vec<_> = holidays.into_iter().collect();
        holidays.sort_unstable();
        holidays.dedup();
        let mut working_weekends: Vec<_> = working_weekends.into_iter().collect();
        working_weekends.sort_unstable();
        working_weekends.dedup();
        Calendar { holidays, working_weekends }
    }

    /// This calendar plus more holidays (e.g. supplied by the caller of one bill).
    pub fn with_holidays(&self, extra: &[NaiveDate]) -> Calendar {
        Calendar::new(self.holidays.iter().chain(extra).copied(), self.working_weekends.iter().copied())
    }

    /// The day type of `date`: a holiday wins, then a declared working weekend, then the
    /// day of the week.
    ///
    /// ```
    /// use gridcore::calendar::{Calendar, DayType};
    /// use chrono::NaiveDate;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let cal = Calendar::new([d("2026-10-01")], [d("2026-10-10")]);
    /// assert_eq!(cal.day_type(d("2026-10-01")), DayType::Holiday);
    /// assert_eq!(cal.day_type(d("2026-10-10")), DayType::Workday); // a Saturday, 调休
    /// assert_eq!(cal.day_type(d("2026-10-11")), DayType::Weekend);
    /// assert_eq!(cal.day_type(d("2026-10-12")), DayType::Workday);
    /// ```
    pub fn day_type(&self, date: NaiveDate) -> DayType {
        if self.holidays.binary_search(&date).is_ok() {
            DayType::Holiday
        } else if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && self.working_weekends.binary_search(&date).is_err() {
            DayType::Weekend
        } else {
            DayType::Workday
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billing_months_are_exactly_yyyy_mm() {
        assert_eq!("2027-01".parse::<BillingMonth>().unwrap(), BillingMonth { year: 2027, month: 1 });
        for bad in ["2027-1", "2027-13", "0000-01", " 2027-01", "2027-01-01", "27-01", "２０２７-01"] {
            assert!(bad.parse::<BillingMonth>().is_err(), "{bad}");
        }
    }

    fn slot(from: &str, to: &str, period: TouPeriod) -> Slot {
        Slot { from: from.into(), to: to.into(), period }
    }

    fn one_season(slots: Vec<Slot>) -> TimeOfUse {
        TimeOfUse {
            seasons: vec![Season { name: None, months: (1..=12).collect(), days: vec![DaySchedule { day_types: DayType::ALL.to_vec(), slots }] }],
        }
    }

    #[test]
    fn wrapping_slot_covers_the_night() {
        let tou = one_season(vec![slot("08:00", "22:00", TouPeriod::Peak), slot("22:00", "08:00", TouPeriod::Valley)]);
        let c = tou.compile("tariff.time_of_use").unwrap();
        let day = c.day(1, DayType::Workday);
        assert_eq!(day[0], TouPeriod::Valley);
        assert_eq!(day[31], TouPeriod::Valley); // 07:45
        assert_eq!(day[32], TouPeriod::Peak); // 08:00
        assert_eq!(day[87], TouPeriod::Peak); // 21:45
        assert_eq!(day[88], TouPeriod::Valley); // 22:00
        assert_eq!(c.periods().collect::<Vec<_>>(), vec![TouPeriod::Peak, TouPeriod::Valley]);
    }

    #[test]
    fn gaps_overlaps_and_resolution_are_named() {
        let gap = one_season(vec![slot("08:00", "22:00", TouPeriod::Peak), slot("22:00", "24:00", TouPeriod::Valley)]);
        let e = gap.compile("tariff.time_of_use").unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::ScheduleGap, "tariff.time_of_use.seasons[0].days[0].slots"));
        assert!(e.reason.contains("00:00–08:00"), "{}", e.reason);

        let overlap = one_season(vec![slot("00:00", "12:00", TouPeriod::Peak), slot("11:00", "24:00", TouPeriod::Valley)]);
        let e = overlap.compile("tariff.time_of_use").unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::ScheduleOverlap, "tariff.time_of_use.seasons[0].days[0].slots[1]"));

        let coarse = one_season(vec![slot("00:00", "08:10", TouPeriod::Peak), slot("08:10", "24:00", TouPeriod::Valley)]);
        let e = coarse.compile("tariff.time_of_use").unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::ScheduleResolution, "tariff.time_of_use.seasons[0].days[0].slots[0].to"));

        let mut months = one_season(vec![slot("00:00", "24:00", TouPeriod::Flat)]);
        months.seasons[0].months.retain(|m| *m != 4);
        let e = months.compile("tariff.time_of_use").unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::ScheduleGap, "tariff.time_of_use.seasons"));
        assert!(e.reason.contains("month 4"));

        let mut days = one_season(vec![slot("00:00", "24:00", TouPeriod::Flat)]);
        days.seasons[0].days[0].day_types = vec![DayType::Workday, DayType::Weekend];
        let e = days.compile("tariff.time_of_use").unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::ScheduleGap, "tariff.time_of_use.seasons[0].days"));
        assert!(e.reason.contains("holiday"));
    }

    #[test]
    fn times_parse_strictly() {
        let p = || String::from("p");
        assert_eq!(parse_slot_time("00:00", false, &p).unwrap(), 0);
        assert_eq!(parse_slot_time("23:45", false, &p).unwrap(), 95);
        assert_eq!(parse_slot_time("24:00", true, &p).unwrap(), 96);
        for bad in ["24:00", "8:00", "08:0", "08:07", "25:00", "08-00", "ab:cd", "08:60"] {
            assert!(parse_slot_time(bad, false, &p).is_err(), "{bad}");
        }
    }
}

/// A billing month (电费年月), written `YYYY-MM`: the month a bill is issued for. Under
/// `billing_month` annual tiers its year is the tier year; a late fee's arrears belong to
/// its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BillingMonth {
    /// The year, 1 to 9999.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl BillingMonth {
    /// The first day of the month.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a checked billing month")
    }

    /// The billing month a date falls in.
    pub fn of(date: NaiveDate) -> BillingMonth {
        BillingMonth { year: date.year(), month: date.month() }
    }
}

impl fmt::Display for BillingMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for BillingMonth {
    type Err = String;
    /// Exactly `YYYY-MM`: four digits, a hyphen, two digits, month 01–12.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 7 || b[4] != b'-' || !digits(0..4) || !digits(5..7) {
            return Err(format!("`{s}` is not a billing month: write it as YYYY-MM, e.g. 2027-01"));
        }
        let year: i32 = s[..4].parse().map_err(|_| format!("`{s}` has no valid year"))?;
        let month: u32 = s[5..].parse().map_err(|_| format!("`{s}` has no valid month"))?;
        if year == 0 || !(1..=12).contains(&month) {
            return Err(format!("`{s}` is not a billing month: the year must be 0001–9999 and the month 01–12"));
        }
        Ok(BillingMonth { year, month })
    }
}

impl Serialize for BillingMonth {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BillingMonth {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
