#!/usr/bin/env python3
"""Authors the cross-language conformance cases in tests/conformance/.

Each case states how its numbers were checked (`checked`) and, for bills, carries the
hand-checked figures (`hand_check`: line amounts by code and the total). The full
`expected` output is filled in once by the Rust runner in bless mode and then reviewed;
every runner (Rust, Python, Node, JVM) compares the engine's output with `expected`
exactly, and the Rust runner also checks that `expected` agrees with `hand_check`.

    python3 tools/conformance_cases.py          # write inputs, keep existing `expected`
    python3 tools/conformance_cases.py --check  # CI: committed cases match this script
    GRIDCORE_BLESS=1 cargo test -p gridcore --test conformance   # fill missing `expected`

The arithmetic in `hand_check` below is done by hand (shown in `checked`) and verified
with Python's decimal module in `verify()`, independently of the engine.
"""
import copy
import datetime as dt
import json
import pathlib
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_DOWN, Decimal as D

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "conformance"
TARIFFS = ROOT / "examples" / "data" / "tariffs"


def tariff(name):
    return json.loads((TARIFFS / f"{name}.json").read_text(encoding="utf-8"))


def r2(x, mode=ROUND_HALF_UP):
    return D(x).quantize(D("0.01"), rounding=mode)


def request(t, usage, start="2026-11-01", end="2026-12-01", ytd="0", account=None, as_of=None, **extra):
    req = {
        "tariff": t,
        "account": account or {"account_id": "0000000001"},
        "period": {"start": start, "end": end},
        "usage": usage,
        "year_to_date_kwh": ytd,
        "as_of": as_of or end,
    }
    req.update(extra)
    return req


def total(kwh, **meter_and_flags):
    reading = {"register": "total", "start": "1000", "end": str(D(1000) + D(kwh))}
    reading.update({k: v for k, v in meter_and_flags.items() if k in ("rollover", "estimated")})
    return {"readings": [reading]}


def registers(**kwh):
    return {"readings": [{"register": r, "start": "100", "end": str(D(100) + D(v))} for r, v in kwh.items()]}


def intervals(day, minutes, kwh, days=1):
    start = dt.datetime.fromisoformat(day)
    n = days * 24 * 60 // minutes
    return {"intervals": {"minutes": minutes, "points": [
        {"start": (start + dt.timedelta(minutes=minutes * i)).strftime("%Y-%m-%dT%H:%M:%S"), "kwh": kwh} for i in range(n)]}}


def day_after(day):
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


MONTHLY = {
    "id": "sample-monthly-tiered", "name": {"zh": "月度阶梯(示例)", "en": "Monthly tiers (sample)"},
    "energy": {"tiered": {"cycle": "monthly", "tiers": [
        {"upto": "200", "price": "0.4983"}, {"upto": "400", "price": "0.5483"}, {"price": "0.7983"}]}},
}


def rounding_tariff(mode, stage):
    return {
        "id": f"rounding-{mode}-{stage}", "name": {"zh": "舍入(示例)", "en": "Rounding (sample)"},
        "rounding": {"scale": 2, "mode": mode, "stage": stage},
        "energy": {"tiered": {"cycle": "monthly", "tiers": [
            {"upto": "10", "price": "0.1235"}, {"upto": "20", "price": "0.1245"}, {"price": "0.1255"}]}},
    }


FIXED = {
    "id": "sample-fixed", "name": {"zh": "固定费用(示例)", "en": "Fixed charges (sample)"},
    "energy": {"flat": {"price": "0.5"}},
    "fixed_charges": [
        {"code": "service", "name": {"zh": "服务费", "en": "Service fee"}, "basis": "per_bill", "amount": "2.00"},
        {"code": "daily", "name": {"zh": "日费用", "en": "Daily fee"}, "basis": "per_day", "amount": "0.10"},
        {"code": "meter_rent", "name": {"zh": "计量装置租赁费", "en": "Metering equipment rent"}, "basis": "per_month", "amount": "10.00"},
    ],
}

ZJ = tariff("zj-residential-tiered")
BJ = tariff("bj-residential-tiered")
SH = tariff("sh-residential-tiered")
ZJ_TOU = tariff("zj-residential-tou")
COM_TOU = tariff("commercial-tou")
COM_FLAT = tariff("commercial-flat")

FUNDS_24 = "funds on 24 kWh: 0.48 + 0.1488→0.15 + 0.456→0.46"

CASES = []


def bill_case(name, description, checked, input, lines, total_):
    CASES.append({"name": name, "kind": "bill", "description": description, "checked": checked,
                  "hand_check": {"lines": lines, "total": total_}, "input": input})


def error_case(name, kind, description, input, error):
    CASES.append({"name": name, "kind": kind, "description": description,
                  "checked": "by reading the rule: the error's kind, code and path are what the rule names",
                  "input": input, "expected": {"error": error}})


# ── bills ────────────────────────────────────────────────────────────────────────────
bill_case("bill-zhejiang-annual-tier-crossing", "tariffs-cn.md example 1: 2600 kWh used Jan–Oct, 300 kWh in November crosses 2760",
          "by hand: 160 × 0.538 = 86.08; 140 × 0.588 = 82.32; total 168.40 (domain example 1)",
          request(ZJ, total("300"), ytd="2600"), {"energy.tier_1": "86.08", "energy.tier_2": "82.32"}, "168.40")
bill_case("bill-beijing-whole-year", "tariffs-cn.md example 2: a whole year of 5000 kWh over three annual tiers",
          "by hand: 2880 × 0.4883 = 1406.304 → 1406.30; 1920 × 0.5383 = 1033.536 → 1033.54; 200 × 0.7883 = 157.66; total 2597.50",
          request(BJ, total("5000"), start="2026-01-01", end="2027-01-01"),
          {"energy.tier_1": "1406.30", "energy.tier_2": "1033.54", "energy.tier_3": "157.66"}, "2597.50")
bill_case("bill-shanghai-tier-1", "上海 annual tiers, a month entirely in tier 1",
          "by hand: 250 × 0.617 = 154.25", request(SH, total("250"), ytd="1500"), {"energy.tier_1": "154.25"}, "154.25")
bill_case("bill-monthly-tiers", "monthly tiers 200/400 kWh, 450 kWh in a whole month",
          "by hand: 200 × 0.4983 = 99.66; 200 × 0.5483 = 109.66; 50 × 0.7983 = 39.915 → 39.92; total 249.24",
          request(MONTHLY, total("450"), ytd="9999"),
          {"energy.tier_1": "99.66", "energy.tier_2": "109.66", "energy.tier_3": "39.92"}, "249.24")
bill_case("bill-monthly-tiers-prorated", "monthly tiers prorated for a 15-day period (0 + 15/30 months → bounds 100/200)",
          "by hand: bounds 200 × 15/30 = 100, 400 × 15/30 = 200; 100 × 0.4983 = 49.83; 100 × 0.5483 = 54.83; 50 × 0.7983 = 39.915 → 39.92; total 144.58",
          request(MONTHLY, total("250"), start="2026-11-01", end="2026-11-16"),
          {"energy.tier_1": "49.83", "energy.tier_2": "54.83", "energy.tier_3": "39.92"}, "144.58")
bill_case("bill-annual-tiers-prorated-new-account", "annual tiers prorated by days for an account opened on 1 July",
          "by hand: active 184 of 365 days; 2760 × 184/365 = 1391.34 → 1391; 4800 × 184/365 = 2419.73 → 2420; "
          "ytd 1300 + 200: 91 × 0.538 = 48.958 → 48.96; 109 × 0.588 = 64.092 → 64.09; total 113.05",
          request(ZJ, total("200"), ytd="1300", account={"account_id": "3300000002", "opened_on": "2026-07-01"}),
          {"energy.tier_1": "48.96", "energy.tier_2": "64.09"}, "113.05")
bill_case("bill-large-household-extra-tiers", "多人口家庭: each tier bound raised by 1000 kWh",
          "by hand: bounds 3760 / 5800; ytd 3700 + 200: 60 × 0.538 = 32.28; 140 × 0.588 = 82.32; total 114.60",
          request(ZJ, total("200"), ytd="3700", account={"account_id": "3300000003", "tier_extra_kwh": ["1000", "1000"]}),
          {"energy.tier_1": "32.28", "energy.tier_2": "82.32"}, "114.60")
bill_case("bill-zhejiang-tou-tier-uplift", "浙江 residential time-of-use with annual tiers: tier-2 uplift printed as its own line",
          "by hand: 180 × 0.568 = 102.24; 120 × 0.288 = 34.56; ytd 2700 + 300 crosses 2760 → 240 kWh in tier 2 × 0.05 = 12.00; "
          "total 148.80; equals any peak/valley split at the published tier-2 prices 0.618/0.338",
          request(ZJ_TOU, registers(total="300", peak="180", valley="120"), ytd="2700"),
          {"energy.peak": "102.24", "energy.valley": "34.56", "energy.tier_2_uplift": "12.00"}, "148.80")
bill_case("bill-zhejiang-tou-into-tier-3", "time-of-use with tiers crossing from tier 2 into tier 3 in one month",
          "by hand: 200 × 0.568 = 113.60; 100 × 0.288 = 28.80; ytd 4700 + 300: 100 kWh tier 2 × 0.05 = 5.00, 200 kWh tier 3 × 0.30 = 60.00; total 207.40",
          request(ZJ_TOU, registers(peak="200", valley="100"), ytd="4700"),
          {"energy.peak": "113.60", "energy.valley": "28.80", "energy.tier_2_uplift": "5.00", "energy.tier_3_uplift": "60.00"}, "207.40")
bill_case("bill-commercial-tou-workday-15min", "one workday (Mon 2026-11-02) of 15-minute data, 0.25 kWh each, rest-of-year schedule",
          "by hand: valley 32 × 0.25 = 8, flat (8+8+20) × 0.25 = 9, peak (8+20) × 0.25 = 7; 7 × 1.105 = 7.735 → 7.74; 9 × 0.65 = 5.85; "
          f"8 × 0.247 = 1.976 → 1.98; {FUNDS_24}; total 16.66",
          request(COM_TOU, intervals("2026-11-02", 15, "0.25"), start="2026-11-02", end="2026-11-03"),
          {"energy.peak": "7.74", "energy.flat": "5.85", "energy.valley": "1.98", "fund.rural_grid": "0.48", "fund.reservoir": "0.15", "fund.renewable": "0.46"}, "16.66")
bill_case("bill-commercial-tou-holiday", "a public holiday (2026-10-01, a Thursday) bills on the holiday schedule",
          f"by hand: valley 32 × 0.25 = 8, flat 64 × 0.25 = 16; 16 × 0.65 = 10.40; 8 × 0.247 = 1.976 → 1.98; {FUNDS_24}; total 13.47",
          request(COM_TOU, intervals("2026-10-01", 15, "0.25"), start="2026-10-01", end="2026-10-02"),
          {"energy.flat": "10.40", "energy.valley": "1.98", "fund.rural_grid": "0.48", "fund.reservoir": "0.15", "fund.renewable": "0.46"}, "13.47")
bill_case("bill-commercial-tou-working-weekend", "a Saturday declared a working day (调休, 2026-10-10) bills on the workday schedule",
          f"by hand: as the workday case: 7.74 + 5.85 + 1.98 + {FUNDS_24}; total 16.66",
          request(COM_TOU, intervals("2026-10-10", 15, "0.25"), start="2026-10-10", end="2026-10-11"),
          {"energy.peak": "7.74", "energy.flat": "5.85", "energy.valley": "1.98", "fund.rural_grid": "0.48", "fund.reservoir": "0.15", "fund.renewable": "0.46"}, "16.66")
bill_case("bill-commercial-tou-weekend-caller-holiday", "a weekday the caller declares a holiday (request.holidays) bills on the holiday schedule",
          f"by hand: as the holiday case: 10.40 + 1.98 + {FUNDS_24}; total 13.47",
          request(COM_TOU, intervals("2026-11-02", 15, "0.25"), start="2026-11-02", end="2026-11-03", holidays=["2026-11-02"]),
          {"energy.flat": "10.40", "energy.valley": "1.98", "fund.rural_grid": "0.48", "fund.reservoir": "0.15", "fund.renewable": "0.46"}, "13.47")
bill_case("bill-commercial-tou-summer-critical-peak", "a summer workday (2026-08-03) with critical-peak hours",
          "by hand: crit (4+8) × 0.25 = 3 → 3 × 1.38125 = 4.14375 → 4.14; peak (4+4+8) × 0.25 = 4 → 4.42; flat (8+8+20) × 0.25 = 9 → 5.85; "
          f"valley 8 → 1.98; {FUNDS_24}; total 17.48",
          request(COM_TOU, intervals("2026-08-03", 15, "0.25"), start="2026-08-03", end="2026-08-04"),
          {"energy.critical_peak": "4.14", "energy.peak": "4.42", "energy.flat": "5.85", "energy.valley": "1.98",
           "fund.rural_grid": "0.48", "fund.reservoir": "0.15", "fund.renewable": "0.46"}, "17.48")
bill_case("bill-commercial-tou-hourly", "60-minute interval data, 1 kWh each, on the workday of the 15-minute case",
          f"by hand: valley 8 h, flat 9 h, peak 7 h → same energy as the 15-minute case; total 16.66",
          request(COM_TOU, intervals("2026-11-02", 60, "1"), start="2026-11-02", end="2026-11-03"),
          {"energy.peak": "7.74", "energy.flat": "5.85", "energy.valley": "1.98", "fund.rural_grid": "0.48", "fund.reservoir": "0.15", "fund.renewable": "0.46"}, "16.66")
two_days = intervals("2026-11-06", 30, "0.5", days=2)  # Fri 6 + Sat 7 November
bill_case("bill-commercial-tou-30min-two-days", "30-minute data over a workday (Fri 2026-11-06) and a Saturday",
          "by hand: Fri: valley 8, flat 9, peak 7 kWh; Sat: valley 8, flat 16; peak 7 × 1.105 = 7.735 → 7.74; flat 25 × 0.65 = 16.25; "
          "valley 16 × 0.247 = 3.952 → 3.95; funds on 48 kWh: 0.96 + 0.2976 → 0.30 + 0.912 → 0.91; total 30.11",
          request(COM_TOU, two_days, start="2026-11-06", end="2026-11-08"),
          {"energy.peak": "7.74", "energy.flat": "16.25", "energy.valley": "3.95", "fund.rural_grid": "0.96", "fund.reservoir": "0.30", "fund.renewable": "0.91"}, "30.11")
ct_usage = {"meter": {"ct_ratio": "30", "pt_ratio": "1", "digits": 5},
            "readings": [{"register": "total", "start": "99850", "end": "130", "rollover": True}],
            "losses": [{"kind": "transformer", "percent": "2"}]}
bill_case("bill-ct-multiplier-rollover-loss", "CT 30 × PT 1, a 5-digit register rolling over, 2% transformer loss, monthly meter rent",
          "by hand: 100000 − 99850 + 130 = 280 × 30 = 8400 kWh; loss 2% = 168 → 8568 kWh; 8568 × 0.606686 = 5198.085648 → 5198.09; "
          "funds 171.36 + 53.1216 → 53.12 + 162.792 → 162.79; rent 10.00; total 5595.36 (energy + funds = 0.651886/kWh, domain example 5)",
          request(COM_FLAT, ct_usage),
          {"energy": "5198.09", "fund.rural_grid": "171.36", "fund.reservoir": "53.12", "fund.renewable": "162.79", "fixed.meter_rent": "10.00"}, "5595.36")
ct_pt = {"meter": {"ct_ratio": "20", "pt_ratio": "100"}, "readings": [{"register": "total", "start": "1234.56", "end": "1240.06"}]}
bill_case("bill-ct-pt-high-voltage", "high-voltage metering: CT 20 × PT 100 on a fractional register",
          "by hand: (1240.06 − 1234.56) × 2000 = 11000 kWh; × 0.606686 = 6673.546 → 6673.55; funds 220.00 + 68.20 + 209.00; rent 10.00; total 7180.75",
          request(COM_FLAT, ct_pt),
          {"energy": "6673.55", "fund.rural_grid": "220.00", "fund.reservoir": "68.20", "fund.renewable": "209.00", "fixed.meter_rent": "10.00"}, "7180.75")
loss_tou = registers(peak="180", valley="120")
loss_tou["losses"] = [{"kind": "transformer", "fixed_kwh": "10"}]
bill_case("bill-tou-fixed-loss-shared", "a fixed 10 kWh transformer loss shared across periods in proportion to metered kWh",
          "by hand: peak 180 + 10 × 180/300 = 186; valley 120 + 4 = 124; 186 × 0.568 = 105.648 → 105.65; 124 × 0.288 = 35.712 → 35.71; total 141.36",
          request(ZJ_TOU, loss_tou), {"energy.peak": "105.65", "energy.valley": "35.71"}, "141.36")
bill_case("bill-fixed-charges-partial-month", "per-bill, per-day and per-month charges over 15 Nov – 20 Dec (1 month + 5/31)",
          "by hand: 100 × 0.5 = 50.00; 2.00; 35 days × 0.10 = 3.50; 10 + 10 × 5/31 = 11.6129 → 11.61; total 67.11",
          request(FIXED, total("100"), start="2026-11-15", end="2026-12-20"),
          {"energy": "50.00", "fixed.service": "2.00", "fixed.daily": "3.50", "fixed.meter_rent": "11.61"}, "67.11")
bill_case("bill-zero-consumption", "no consumption: no energy or fund lines, fixed charges still apply, and a note says why",
          "by hand: 2.00 + 30 × 0.10 = 3.00 + 10.00; total 15.00",
          request(FIXED, total("0")), {"fixed.service": "2.00", "fixed.daily": "3.00", "fixed.meter_rent": "10.00"}, "15.00")
bill_case("bill-estimated-reading", "an estimated end reading flags the bill and adds a note",
          "by hand: 255 × 0.617 = 157.335 → 157.34",
          request(SH, {"readings": [{"register": "total", "start": "4021.5", "end": "4276.5", "estimated": True}]}, ytd="1500"),
          {"energy.tier_1": "157.34"}, "157.34")
bill_case("bill-commercial-tou-readings-off-season", "time-of-use from period registers in November: no critical-peak register is needed outside summer",
          "by hand: 100 × 1.105 = 110.50; 200 × 0.65 = 130.00; 50 × 0.247 = 12.35; funds on 350 kWh: 7.00 + 2.17 + 6.65; total 268.67",
          request(COM_TOU, registers(peak="100", flat="200", valley="50")),
          {"energy.peak": "110.50", "energy.flat": "130.00", "energy.valley": "12.35", "fund.rural_grid": "7.00", "fund.reservoir": "2.17", "fund.renewable": "6.65"}, "268.67")
bill_case("bill-tou-total-register-mismatch", "a total register that disagrees with the period registers is shown, not billed, and noted",
          "by hand: billed by period: 180 × 0.568 = 102.24; 120 × 0.288 = 34.56; total 136.80 (total register 301 ≠ 300 → a note)",
          request(ZJ_TOU, registers(total="301", peak="180", valley="120")), {"energy.peak": "102.24", "energy.valley": "34.56"}, "136.80")
for mode, stage, lines, tot, how in [
    ("half_up", "line", {"energy.tier_1": "1.24", "energy.tier_2": "1.25", "energy.tier_3": "1.26"}, "3.75",
     "1.235 → 1.24, 1.245 → 1.25, 1.255 → 1.26; total 3.75"),
    ("half_even", "line", {"energy.tier_1": "1.24", "energy.tier_2": "1.24", "energy.tier_3": "1.26"}, "3.74",
     "1.235 → 1.24, 1.245 → 1.24, 1.255 → 1.26 (halves to even); total 3.74"),
    ("down", "line", {"energy.tier_1": "1.23", "energy.tier_2": "1.24", "energy.tier_3": "1.25"}, "3.72",
     "1.235 → 1.23, 1.245 → 1.24, 1.255 → 1.25 (towards zero); total 3.72"),
    ("half_up", "component", {"energy.tier_1": "1.235", "energy.tier_2": "1.245", "energy.tier_3": "1.255"}, "3.74",
     "lines exact 1.235 + 1.245 + 1.255 = 3.735, the energy subtotal rounds once → 3.74"),
]:
    bill_case(f"bill-rounding-{mode.replace('_', '-')}-{stage}", f"rounding policy {mode} at stage {stage} on three half-fen lines",
              f"by hand: 10 kWh in each tier at 0.1235 / 0.1245 / 0.1255: {how}",
              request(rounding_tariff(mode, stage), total("30")), lines, tot)

# ── request and metering errors ──────────────────────────────────────────────────────
def err(kind, code, path):
    return {"kind": kind, "code": code, "path": path}


error_case("error-reading-backwards", "bill", "an end reading below the start without a declared rollover",
           request(ZJ, {"readings": [{"register": "total", "start": "8500", "end": "8200"}]}),
           err("metering", "reading_backwards", "usage.readings[0].end"))
error_case("error-rollover-without-digits", "bill", "a declared rollover needs the register's digits",
           request(ZJ, {"readings": [{"register": "total", "start": "99850", "end": "130", "rollover": True}]}),
           err("metering", "rollover", "usage.meter.digits"))
gap = intervals("2026-11-02", 15, "0.25")
del gap["intervals"]["points"][40]
error_case("error-interval-gap", "bill", "interval data missing one 15-minute value (10:00) is an error, never billed short",
           request(COM_TOU, gap, start="2026-11-02", end="2026-11-03"), err("metering", "interval_gap", "usage.intervals.points"))
dup = intervals("2026-11-02", 15, "0.25")
dup["intervals"]["points"][5] = dict(dup["intervals"]["points"][4])
error_case("error-interval-duplicate", "bill", "two values for one interval",
           request(COM_TOU, dup, start="2026-11-02", end="2026-11-03"), err("metering", "interval_duplicate", "usage.intervals.points[5].start"))
outside = intervals("2026-11-02", 15, "0.25")
outside["intervals"]["points"].append({"start": "2026-11-03T00:00:00", "kwh": "0.25"})
error_case("error-interval-outside-period", "bill", "a value for an interval after the period ends is an error, never dropped",
           request(COM_TOU, outside, start="2026-11-02", end="2026-11-03"), err("metering", "interval_outside_period", "usage.intervals.points[96].start"))
neg = intervals("2026-11-02", 15, "0.25")
neg["intervals"]["points"][3]["kwh"] = "-0.25"
error_case("error-interval-negative", "bill", "a negative interval value",
           request(COM_TOU, neg, start="2026-11-02", end="2026-11-03"), err("metering", "negative", "usage.intervals.points[3].kwh"))
mis = intervals("2026-11-02", 15, "0.25")
mis["intervals"]["points"][7]["start"] = "2026-11-02T01:50:00"
error_case("error-interval-misaligned", "bill", "an interval that does not start on a 15-minute boundary",
           request(COM_TOU, mis, start="2026-11-02", end="2026-11-03"), err("metering", "interval_misaligned", "usage.intervals.points[7].start"))
error_case("error-missing-tou-register", "bill", "a time-of-use tariff billed from a total register only",
           request(ZJ_TOU, total("300")), err("metering", "missing_register", "usage.readings"))
error_case("error-usage-source", "bill", "both readings and interval data given",
           request(COM_TOU, dict(intervals("2026-11-02", 60, "1"), **total("24")), start="2026-11-02", end="2026-11-03"),
           err("metering", "usage_source", "usage"))
error_case("error-empty-period", "bill", "a period that ends where it starts",
           request(ZJ, total("10"), start="2026-11-01", end="2026-11-01"), err("request", "empty_period", "period.end"))
error_case("error-inverted-period", "bill", "a period that ends before it starts",
           request(ZJ, total("10"), start="2026-11-10", end="2026-11-01", as_of="2026-12-01"), err("request", "empty_period", "period.end"))
error_case("error-crosses-tier-year", "bill", "an annual-tier period spanning 1 January must be split",
           request(ZJ, total("10"), start="2026-12-15", end="2027-01-15"), err("request", "crosses_tier_year", "period.end"))
error_case("error-issued-too-early", "bill", "as_of before the period ends",
           request(ZJ, total("10"), as_of="2026-11-20"), err("request", "issued_too_early", "as_of"))
error_case("error-float-for-money", "bill", "a JSON number where a decimal string is required: floats never carry money",
           dict(request(ZJ, total("10")), year_to_date_kwh=2600.5), err("request", "invalid_field", "year_to_date_kwh"))
error_case("error-tier-extra-mismatch", "bill", "per-customer tier extras must give one value per tier bound",
           request(ZJ, total("10"), account={"account_id": "1", "tier_extra_kwh": ["1000"]}),
           err("request", "adjustment_mismatch", "account.tier_extra_kwh"))
float_tariff = copy.deepcopy(ZJ)
float_tariff["energy"]["tiered"]["tiers"][0]["price"] = 0.538
error_case("error-float-in-embedded-tariff", "bill", "a JSON number for a price inside a request's tariff is a tariff error at the tariff's path",
           request(float_tariff, total("10")), err("tariff", "invalid_field", "tariff.energy.tiered.tiers[0].price"))
bad_tariff = copy.deepcopy(ZJ)
bad_tariff["energy"]["tiered"]["tiers"][1]["upto"] = "2000"
error_case("error-request-with-invalid-tariff", "bill", "a request's embedded tariff is validated with paths from the request root",
           request(bad_tariff, total("10")), err("tariff", "tiers_not_ascending", "tariff.energy.tiered.tiers[1].upto"))

# ── commercial and industrial: two-part, power factor, agency price, minimum, versions ──
IND = tariff("industrial-two-part-tou")
AGENCY = tariff("agency-commercial")
FUNDS = COM_TOU["funds"]


def sample(id_, energy, **extra):
    t = {"id": id_, "name": {"zh": "示例电价", "en": "Sample tariff"}, "energy": energy}
    t.update(extra)
    return t


def broken(base, mutate):
    t = copy.deepcopy(base)
    mutate(t)
    return t


TWO_PART = sample("sample-two-part-flat", {"flat": {"price": "0.6"}}, basic_charge={"capacity_price": "26.3", "demand_price": "42.0"})
PF_FLAT = sample("sample-pf-flat", {"flat": {"price": "0.1"}})
FACTORY = "3300900001"


def factory(method, capacity="1000", contract=None, changes=None, pf=None):
    basic = {"method": method, "capacity_kva": capacity}
    if contract:
        basic["contract_demand_kw"] = contract
    if changes:
        basic["capacity_changes"] = changes
    account = {"account_id": FACTORY, "basic_charge": basic}
    if pf:
        account["power_factor_standard"] = pf
    return account


def hv_usage(kwh_advance="1000", demand=None, reactive=None):
    """High-voltage metering with CT × PT = 100: register advances × 100."""
    usage = {"meter": {"ct_ratio": "100"}, "readings": [{"register": "total", "start": "1000", "end": str(D(1000) + D(kwh_advance))}]}
    if reactive:
        usage["readings"].append({"register": "reactive", "start": "500", "end": str(D(500) + D(reactive))})
    if demand:
        usage["max_demand"] = demand
    return usage


bill_case("bill-two-part-capacity", "two-part tariff, basic charge by capacity: 1000 kVA for a whole month",
          "by hand: 1000 advance × 100 = 100000 kWh × 0.6 = 60000.00; 1000 kVA × 1 month × 26.3 = 26300.00; total 86300.00",
          request(TWO_PART, hv_usage(), account=factory("capacity")),
          {"energy": "60000.00", "basic.capacity": "26300.00"}, "86300.00")
bill_case("bill-two-part-capacity-suspension", "暂停: 1000 kVA until 10 Nov, 630 kVA from then; capacity prorated by days",
          "by hand: 1000 kVA × 9 days = 9000 kVA·days / 30 × 26.3 = 7890.00; 630 × 21 = 13230 / 30 × 26.3 = 11598.30; "
          "500 × 100 = 50000 kWh × 0.6 = 30000.00; total 49488.30",
          request(TWO_PART, hv_usage("500"), account=factory("capacity", changes=[{"from": "2026-11-10", "capacity_kva": "630", "reason": "suspension"}])),
          [["energy", "30000.00"], ["basic.capacity", "7890.00"], ["basic.capacity", "11598.30"]], "49488.30")
bill_case("bill-two-part-actual-demand", "basic charge by actual maximum demand: register 4.8 × 100 = 480 kW",
          "by hand: 480 kW × 42.0 = 20160.00; 100000 kWh × 0.6 = 60000.00; total 80160.00",
          request(TWO_PART, hv_usage(demand="4.8"), account=factory("actual_demand")),
          {"energy": "60000.00", "basic.demand": "20160.00"}, "80160.00")
bill_case("bill-two-part-contract-within-105", "contract demand 500 kW, actual 520 kW ≤ 105% (525): the contract value is billed",
          "by hand: 500 × 42.0 = 21000.00; 60000.00 energy; total 81000.00",
          request(TWO_PART, hv_usage(demand="5.2"), account=factory("contract_demand", contract="500")),
          {"energy": "60000.00", "basic.contract_demand": "21000.00"}, "81000.00")
bill_case("bill-two-part-contract-above-105", "contract demand 500 kW, actual 600 kW: 525 kW at the price, 75 kW above 105% at twice the price",
          "by hand: 525 × 42.0 = 22050.00; (600 − 525) = 75 × 84.0 = 6300.00; 60000.00 energy; total 88350.00",
          request(TWO_PART, hv_usage(demand="6"), account=factory("contract_demand", contract="500")),
          {"energy": "60000.00", "basic.contract_demand": "22050.00", "basic.demand_excess": "6300.00"}, "88350.00")
bill_case("bill-two-part-contract-40pct-floor", "a contract of 300 kW on 1000 kVA is raised to 40% of capacity (400 kW)",
          "by hand: max(300, 0.4 × 1000) = 400; actual 350 ≤ 420; 400 × 42.0 = 16800.00; 60000.00 energy; total 76800.00",
          request(TWO_PART, hv_usage(demand="3.5"), account=factory("contract_demand", contract="300")),
          {"energy": "60000.00", "basic.contract_demand": "16800.00"}, "76800.00")
bill_case("bill-power-factor-example-3-std-090", "tariffs-cn.md example 3: P 100000 kWh, Q 60000 kvarh → PF 0.8575 → 0.86; standard 0.90 → +2.0%",
          "by hand: 100000 / √(100000² + 60000²) = 0.857493 → 0.86; 4 steps below 0.90 × 0.5% = +2.0%; "
          "energy 100000 × 0.1 = 10000.00; × 2% = 200.00; total 10200.00",
          request(PF_FLAT, hv_usage(reactive="600"), account={"account_id": FACTORY, "power_factor_standard": "0.90"}),
          {"energy": "10000.00", "power_factor": "200.00"}, "10200.00")
bill_case("bill-power-factor-example-3-std-085", "tariffs-cn.md example 3 on standard 0.85: PF 0.86 earns −0.1%",
          "by hand: 0.86 is one step above 0.85 → −0.1%; 10000.00 × −0.001 = −10.00; total 9990.00",
          request(PF_FLAT, hv_usage(reactive="600"), account={"account_id": FACTORY, "power_factor_standard": "0.85"}),
          {"energy": "10000.00", "power_factor": "-10.00"}, "9990.00")
bill_case("bill-power-factor-excludes-funds", "the PF adjustment applies to energy + basic charges, not to government funds",
          "by hand: energy 100000 × 0.06 = 6000.00; basic 400 kVA × 10 = 4000.00; PF 0.86 on 0.90 → +2% × 10000.00 = 200.00; "
          "funds 100000 × 0.02 = 2000.00, × 0.0062 = 620.00, × 0.019 = 1900.00; total 14720.00",
          request(sample("sample-pf-two-part", {"flat": {"price": "0.06"}}, basic_charge={"capacity_price": "10"}, funds=FUNDS),
                  hv_usage(reactive="600"), account=factory("capacity", capacity="400", pf="0.90")),
          {"energy": "6000.00", "basic.capacity": "4000.00", "power_factor": "200.00",
           "fund.rural_grid": "2000.00", "fund.reservoir": "620.00", "fund.renewable": "1900.00"}, "14720.00")
bill_case("bill-power-factor-reward-cap", "PF 0.995 rounds to 1.00: the standard-0.90 reward is capped at −0.75%",
          "by hand: 100000 / √(100000² + 10000²) = 0.995037 → 1.00; ≥ 0.95 → −0.75%; 10000.00 × −0.0075 = −75.00; total 9925.00",
          request(PF_FLAT, hv_usage(reactive="100"), account={"account_id": FACTORY, "power_factor_standard": "0.90"}),
          {"energy": "10000.00", "power_factor": "-75.00"}, "9925.00")
bill_case("bill-power-factor-low", "PF 0.55 on standard 0.90: 0.5%/step to 0.70, 1%/step to 0.65, then 2%/step",
          "by hand: 1 / √(1 + 1.5²) = 0.554700 → 0.55; 20 × 0.5 + 5 × 1 + 10 × 2 = 35%; 10000.00 × 0.35 = 3500.00; total 13500.00",
          request(PF_FLAT, hv_usage(reactive="1500"), account={"account_id": FACTORY, "power_factor_standard": "0.90"}),
          {"energy": "10000.00", "power_factor": "3500.00"}, "13500.00")
bill_case("bill-industrial-two-part-pf-tou-15min", "a factory for one workday: time-of-use from 15-minute kWh and kvarh, capacity charge for 1/30 month, PF adjustment",
          "by hand: 96 intervals of 10 kWh / 5 kvarh on Mon 2026-11-02: valley 32 × 10 = 320 × 0.232 = 74.24, flat 36 × 10 = 360 × 0.58 = 208.80, "
          "peak 28 × 10 = 280 × 0.87 = 243.60; 1000 kVA × 1/30 month × 26.3 = 876.666… → 876.67 (exact fraction, rounded once); "
          "PF 960 / √(960² + 480²) = 0.894427 → 0.89 → +0.5% of 526.64 + 876.67 = 1403.31 × 0.005 = 7.01655 → 7.02; funds on 960 kWh 19.20 + 5.952 → 5.95 + 18.24; total 1453.72",
          request(IND, {"intervals": {"minutes": 15, "points": [
              {"start": (dt.datetime(2026, 11, 2) + dt.timedelta(minutes=15 * i)).strftime("%Y-%m-%dT%H:%M:%S"), "kwh": "10", "kvarh": "5"} for i in range(96)]}},
              start="2026-11-02", end="2026-11-03", account=factory("capacity", pf="0.90")),
          {"energy.peak": "243.60", "energy.flat": "208.80", "energy.valley": "74.24", "basic.capacity": "876.67", "power_factor": "7.02",
           "fund.rural_grid": "19.20", "fund.reservoir": "5.95", "fund.renewable": "18.24"}, "1453.72")
bill_case("bill-agency-price-lines", "tariffs-cn.md example 5: the 代理购电 build-up as named lines, 10000 kWh",
          "by hand: 10000 × 0.384470 = 3844.70; × 0.013643 = 136.43; × 0.1263 = 1263.00; × 0.082273 = 822.73; "
          "funds × 0.02 = 200.00, × 0.0062 = 62.00, × 0.019 = 190.00; total 6518.86 = 10000 × 0.651886",
          request(AGENCY, total("10000")),
          {"energy.purchase": "3844.70", "energy.losses": "136.43", "energy.transmission": "1263.00", "energy.system_operation": "822.73",
           "fund.rural_grid": "200.00", "fund.reservoir": "62.00", "fund.renewable": "190.00"}, "6518.86")
AGENCY_COMBINED = copy.deepcopy(AGENCY)
AGENCY_COMBINED["energy"]["agency"]["presentation"] = "combined"
bill_case("bill-agency-price-combined", "the same build-up printed as one price (0.606686) with funds on their own lines",
          "by hand: 8568 × 0.606686 = 5198.085648 → 5198.09; funds 8568 × 0.02 = 171.36, × 0.0062 = 53.1216 → 53.12, × 0.019 = 162.792 → 162.79; total 5585.36",
          request(AGENCY_COMBINED, total("8568")),
          {"energy": "5198.09", "fund.rural_grid": "171.36", "fund.reservoir": "53.12", "fund.renewable": "162.79"}, "5585.36")
MINIMUM = sample("sample-minimum", {"flat": {"price": "0.5"}}, minimum_charge={"basis": "per_month", "amount": "100.00"})
bill_case("bill-minimum-charge-top-up", "a minimum charge of 100.00 per month tops up a 25.00 energy charge",
          "by hand: 50 × 0.5 = 25.00 < 100.00 × 1 month → top-up 75.00; total 100.00",
          request(MINIMUM, total("50")), {"energy": "25.00", "minimum": "75.00"}, "100.00")
bill_case("bill-minimum-charge-not-reached", "energy charges above the minimum leave the bill unchanged",
          "by hand: 300 × 0.5 = 150.00 ≥ 100.00; total 150.00", request(MINIMUM, total("300")), {"energy": "150.00"}, "150.00")
FLAT_05 = sample("sample-flat-v1", {"flat": {"price": "0.5"}})
FLAT_06 = sample("sample-flat-v2", {"flat": {"price": "0.6"}})
bill_case("bill-tariff-version-split-by-days", "a price change on 16 Nov: usage split by days, 15 + 15 of 30",
          "by hand: 300 kWh × 15/30 = 150 × 0.5 = 75.00; 150 × 0.6 = 90.00; total 165.00",
          request(FLAT_05, total("300"), tariff_versions=[{"effective_from": "2026-11-16", "tariff": FLAT_06}]),
          [["energy", "75.00"], ["energy", "90.00"]], "165.00")
bill_case("bill-tariff-version-split-by-readings", "a price change on 16 Nov with a reading taken that day: usage split by the reading",
          "by hand: 1000 → 1200 = 200 × 0.5 = 100.00; 1200 → 1300 = 100 × 0.6 = 60.00; total 160.00",
          request(FLAT_05, total("300"), tariff_versions=[{"effective_from": "2026-11-16", "tariff": FLAT_06,
                                                           "readings": [{"register": "total", "value": "1200"}]}]),
          [["energy", "100.00"], ["energy", "60.00"]], "160.00")
MONTHLY_V2 = copy.deepcopy(MONTHLY)
MONTHLY_V2["id"] = "sample-monthly-tiered-v2"
for tier, price in zip(MONTHLY_V2["energy"]["tiered"]["tiers"], ["0.5083", "0.5583", "0.8083"]):
    tier["price"] = price
bill_case("bill-tariff-version-tiers", "monthly tiers across a price change: each tier band shared by the segments' kWh (same as prorating bounds by days)",
          "by hand: 450 kWh, bands 200 / 200 / 50, each half before 16 Nov: 100 × 0.4983 = 49.83, 100 × 0.5083 = 50.83; "
          "100 × 0.5483 = 54.83, 100 × 0.5583 = 55.83; 25 × 0.7983 = 19.9575 → 19.96, 25 × 0.8083 = 20.2075 → 20.21; total 251.49",
          request(MONTHLY, total("450"), tariff_versions=[{"effective_from": "2026-11-16", "tariff": MONTHLY_V2}]),
          [["energy.tier_1", "49.83"], ["energy.tier_1", "50.83"], ["energy.tier_2", "54.83"], ["energy.tier_2", "55.83"],
           ["energy.tier_3", "19.96"], ["energy.tier_3", "20.21"]], "251.49")
MONTHLY_BAD = copy.deepcopy(MONTHLY)
MONTHLY_BAD["energy"]["tiered"]["tiers"][0]["upto"] = "180"
error_case("error-tariff-version-structure", "bill", "a tariff version may change prices only; moving a tier bound is a different tariff",
           request(MONTHLY, total("450"), tariff_versions=[{"effective_from": "2026-11-16", "tariff": MONTHLY_BAD}]),
           err("tariff", "version_mismatch", "tariff_versions[0].tariff.energy.tiered.tiers[0].upto"))
error_case("error-tariff-version-outside-period", "bill", "a version must take effect inside the billing period",
           request(FLAT_05, total("300"), tariff_versions=[{"effective_from": "2026-12-01", "tariff": FLAT_06}]),
           err("request", "out_of_range", "tariff_versions[0].effective_from"))
error_case("error-two-part-without-contract", "bill", "a two-part tariff needs the account's basic-charge contract",
           request(TWO_PART, hv_usage()), err("request", "invalid_field", "account.basic_charge"))
error_case("error-demand-missing", "bill", "a basic charge by demand needs the maximum demand",
           request(TWO_PART, hv_usage(), account=factory("contract_demand", contract="500")), err("metering", "missing_register", "usage.max_demand"))
error_case("error-power-factor-without-reactive", "bill", "a power-factor standard needs reactive energy",
           request(PF_FLAT, hv_usage(), account={"account_id": FACTORY, "power_factor_standard": "0.90"}), err("metering", "missing_register", "usage"))
error_case("error-power-factor-unknown-standard", "bill", "standards are 0.90, 0.85 or 0.80",
           request(PF_FLAT, hv_usage(reactive="600"), account={"account_id": FACTORY, "power_factor_standard": "0.95"}),
           err("request", "invalid_field", "account.power_factor_standard"))


# ── tariff fidelity (issue 15): exact part months, 上海 time-of-use × tiers, tier years across 1 January,
#    two-part parameters, basic-charge-only accounts, losses on their own lines ──────────────────────────────
JUNE = {"start": "2026-06-01", "end": "2026-07-01"}
bill_case("bill-part-month-capacity-exact", "1000 kVA by capacity for 10 of June's 30 days: the exact fraction, rounded once (not 0.3333 month)",
          "by hand: 1000 × 26.3 × 10/30 = 8766.666… → 8766.67 (a month count rounded to 0.3333 would give 333.3 × 26.3 = 8765.79); "
          "100 × 100 = 10000 kWh × 0.6 = 6000.00; total 14766.67",
          request(TWO_PART, hv_usage("100"), start="2026-06-01", end="2026-06-11", account=factory("capacity")),
          {"energy": "6000.00", "basic.capacity": "8766.67"}, "14766.67")
bill_case("bill-part-month-suspension-exact", "暂停 from 11 June: 1000 kVA for 10 days, 685 kVA for 20; the pieces bill 790 kVA·months exactly",
          "by hand: 1000 × 10 = 10000 kVA·days / 30 × 26.3 = 8766.67; 685 × 20 = 13700 / 30 × 26.3 = 12010.333… → 12010.33; "
          "Σ 23700/30 = 790 kVA·months × 26.3 = 20777.00 = 8766.67 + 12010.33; 500 × 100 = 50000 kWh × 0.6 = 30000.00; total 50777.00",
          request(TWO_PART, hv_usage("500"), start=JUNE["start"], end=JUNE["end"],
                  account=factory("capacity", changes=[{"from": "2026-06-11", "capacity_kva": "685", "reason": "suspension"}])),
          [["energy", "30000.00"], ["basic.capacity", "8766.67"], ["basic.capacity", "12010.33"]], "50777.00")
bill_case("bill-part-month-contract-demand-exact", "contract demand for 7 of 30 days with demand above 105%: both pieces from the exact 7/30",
          "by hand: actual 6 × 100 = 600 kW > 525; 525 × 7/30 × 42.0 = 5145.00 (0.2333 month would give 5144.27); 75 × 7/30 × 84.0 = 1470.00; "
          "1000 × 100 = 100000 kWh × 0.6 = 60000.00; total 66615.00",
          request(TWO_PART, hv_usage(demand="6"), start="2026-06-01", end="2026-06-08", account=factory("contract_demand", contract="500")),
          {"energy": "60000.00", "basic.contract_demand": "5145.00", "basic.demand_excess": "1470.00"}, "66615.00")
MONTHLY_FEE = sample("sample-monthly-fee", {"flat": {"price": "0.5"}}, fixed_charges=[
    {"code": "service", "name": {"zh": "服务费", "en": "Service fee"}, "basis": "per_month", "amount": "1000.00"}])
bill_case("bill-part-month-fixed-exact", "a per_month charge of 1000.00 over 15 Nov – 20 Dec (1 + 5/31 months): 1000 × 36/31, rounded once",
          "by hand: 1000.00 × 36/31 = 1161.2903… → 1161.29 (a month count rounded to 1.1613 would give 1161.30); 100 × 0.5 = 50.00; total 1211.29",
          request(MONTHLY_FEE, total("100"), start="2026-11-15", end="2026-12-20"), {"energy": "50.00", "fixed.service": "1161.29"}, "1211.29")
MINIMUM_PART = sample("sample-minimum-part", {"flat": {"price": "0.5"}}, minimum_charge={"basis": "per_month", "amount": "100.00"})
bill_case("bill-part-month-minimum-exact", "a per_month minimum of 100.00 over 10 of 30 days is 100 × 10/30 = 33.33",
          "by hand: minimum 100.00 × 10/30 = 33.333… → 33.33; energy 20 × 0.5 = 10.00 → top-up 23.33; total 33.33",
          request(MINIMUM_PART, total("20"), start="2026-06-01", end="2026-06-11"), {"energy": "10.00", "minimum": "23.33"}, "33.33")

SH_TOU = tariff("sh-residential-tou")
SH_HOUSE = {"account_id": "3100056789"}
bill_case("bill-shanghai-tou-tier-1", "上海 time-of-use with tiers: all kWh in tier 1, one line per (tier, period) at tier 1's period prices",
          "by hand: ytd 1000, 200 peak + 100 valley in tier 1: 200 × 0.617 = 123.40; 100 × 0.307 = 30.70; total 154.10",
          request(SH_TOU, registers(peak="200", valley="100"), ytd="1000", account=SH_HOUSE),
          {"energy.tier_1.peak": "123.40", "energy.tier_1.valley": "30.70"}, "154.10")
bill_case("bill-shanghai-tou-tier-crossing", "上海: 120 kWh left in tier 1, 180 in tier 2, shared 180:120 between peak and valley",
          "by hand: ytd 3000, 300 kWh (180 peak, 120 valley): tier 1 120 → 72 peak + 48 valley, tier 2 180 → 108 + 72; "
          "72 × 0.617 = 44.424 → 44.42; 48 × 0.307 = 14.736 → 14.74; 108 × 0.677 = 73.116 → 73.12; 72 × 0.337 = 24.264 → 24.26; total 156.54",
          request(SH_TOU, registers(peak="180", valley="120"), ytd="3000", account=SH_HOUSE),
          {"energy.tier_1.peak": "44.42", "energy.tier_1.valley": "14.74", "energy.tier_2.peak": "73.12", "energy.tier_2.valley": "24.26"}, "156.54")
bill_case("bill-shanghai-tou-remainders", "上海: shares that do not divide (10 and 1 kWh over 7:4) are rounded so every tier and period keeps its kWh",
          "by hand: tier 1 10 kWh → peak 70/11 = 6.36363…, valley 3.63636…; tier 2 1 kWh → 0.63636…, 0.36363…; floors to 4 dp leave one unit "
          "per tier and per period, given to the largest remainders (tier 1 valley .63…, tier 2 peak .63…): 6.3636 / 3.6364 / 0.6364 / 0.3636; "
          "6.3636 × 0.617 = 3.9263 → 3.93; 3.6364 × 0.307 = 1.1164 → 1.12; 0.6364 × 0.677 = 0.4308 → 0.43; 0.3636 × 0.337 = 0.1225 → 0.12; total 5.60",
          request(SH_TOU, registers(peak="7", valley="4"), ytd="3110", account=SH_HOUSE),
          {"energy.tier_1.peak": "3.93", "energy.tier_1.valley": "1.12", "energy.tier_2.peak": "0.43", "energy.tier_2.valley": "0.12"}, "5.60")
ZJ_TOU_PROP = copy.deepcopy(ZJ_TOU)
ZJ_TOU_PROP["id"] = "zj-residential-tou-proportional"
ZJ_TOU_PROP["energy"]["time_of_use_tiered"]["allocation"] = "proportional"
bill_case("bill-tou-uplift-allocated-proportionally", "the 浙江 uplift tariff with allocation proportional: each (tier, period) at base + adder; same total as the uplift lines",
          "by hand: ytd 2700, 180 peak + 120 valley: tier 1 60 → 36 + 24, tier 2 240 → 144 + 96; 36 × 0.568 = 20.448 → 20.45; 24 × 0.288 = 6.912 → 6.91; "
          "144 × 0.618 = 88.992 → 88.99; 96 × 0.338 = 32.448 → 32.45; total 148.80 (= the uplift form's 102.24 + 34.56 + 12.00)",
          request(ZJ_TOU_PROP, registers(peak="180", valley="120"), ytd="2700"),
          {"energy.tier_1.peak": "20.45", "energy.tier_1.valley": "6.91", "energy.tier_2.peak": "88.99", "energy.tier_2.valley": "32.45"}, "148.80")
error_case("tariff-tier-prices-need-proportional", "tariff", "tier prices that differ by period cannot be printed as uplift lines",
           broken(SH_TOU, lambda t: t["energy"]["time_of_use_tiered"].pop("allocation")),
           err("tariff", "invalid_field", "tariff.energy.time_of_use_tiered.allocation"))
error_case("tariff-tier-prices-missing-period", "tariff", "every tier prices every period the schedule uses",
           broken(SH_TOU, lambda t: t["energy"]["time_of_use_tiered"]["tiers"][1]["prices"].pop("valley")),
           err("tariff", "unknown_period", "tariff.energy.time_of_use_tiered.tiers[1].prices"))
error_case("tariff-tier-prices-and-adder", "tariff", "a tier has an adder or prices, and all tiers the same",
           broken(SH_TOU, lambda t: t["energy"]["time_of_use_tiered"]["tiers"][2].update(adder="0.3")),
           err("tariff", "invalid_field", "tariff.energy.time_of_use_tiered.tiers[2]"))

ZJ_BILLING_MONTH = broken(ZJ, lambda t: t["energy"]["tiered"].update(tier_year="billing_month"))
ZJ_CALENDAR_DAYS = broken(ZJ, lambda t: t["energy"]["tiered"].update(tier_year="calendar_days"))
DEC_JAN = {"start": "2026-12-15", "end": "2027-01-15"}
bill_case("bill-tier-year-billing-month-new-year", "a 15 Dec – 15 Jan reading cycle billed as 2027-01: the whole bill counts towards 2027 from 0",
          "by hand: tier year = billing month's year 2027, ytd 0: 400 × 0.538 = 215.20",
          request(ZJ_BILLING_MONTH, total("400"), start=DEC_JAN["start"], end=DEC_JAN["end"], billing_month="2027-01"), {"energy.tier_1": "215.20"}, "215.20")
bill_case("bill-tier-year-billing-month-old-year", "a 20 Dec – 20 Jan cycle billed as 2026-12 counts towards 2026 on the year-to-date kWh",
          "by hand: tier year 2026, ytd 2600, 300 kWh: 160 × 0.538 = 86.08; 140 × 0.588 = 82.32; total 168.40",
          request(ZJ_BILLING_MONTH, total("300"), start="2026-12-20", end="2027-01-20", ytd="2600", billing_month="2026-12"),
          {"energy.tier_1": "86.08", "energy.tier_2": "82.32"}, "168.40")
bill_case("bill-tier-year-calendar-days-by-days", "calendar_days tiers: 15 Dec – 15 Jan split at 1 January by days, 17:14, each part on its own year",
          "by hand: 310 kWh × 17/31 = 170 in 2026, 140 in 2027; 2026 counts 2700 → 2870: 60 × 0.538 = 32.28, 110 × 0.588 = 64.68; "
          "2027 counts 0 → 140: 140 × 0.538 = 75.32; total 172.28",
          request(ZJ_CALENDAR_DAYS, total("310"), start=DEC_JAN["start"], end=DEC_JAN["end"], ytd="2700"),
          [["energy.tier_1", "32.28"], ["energy.tier_2", "64.68"], ["energy.tier_1", "75.32"]], "172.28")
bill_case("bill-tier-year-calendar-days-by-reading", "calendar_days tiers with a reading taken on 1 January: 200 kWh in 2026, 110 in 2027",
          "by hand: readings 1000 → 1200 (1 Jan) → 1310; 2026: 2700 → 2900: 60 × 0.538 = 32.28, 140 × 0.588 = 82.32; 2027: 110 × 0.538 = 59.18; total 173.78",
          request(ZJ_CALENDAR_DAYS, total("310"), start=DEC_JAN["start"], end=DEC_JAN["end"], ytd="2700",
                  new_year_readings=[{"register": "total", "value": "1200"}]),
          [["energy.tier_1", "32.28"], ["energy.tier_2", "82.32"], ["energy.tier_1", "59.18"]], "173.78")
bill_case("bill-shanghai-tou-december-january", "上海 time-of-use tiers across 1 January (calendar_days): each year's part shares its tiers among peak and valley",
          "by hand: peak 1000 → 1155 (1 Jan 1124), valley 1000 → 1093 (1 Jan 1062); 2026: 124 peak + 62 valley = 186 from ytd 3000: "
          "tier 1 120 → 80 + 40, tier 2 66 → 44 + 22; 2027: 31 peak + 31 valley = 62 in tier 1; "
          "80 × 0.617 = 49.36, 40 × 0.307 = 12.28, 44 × 0.677 = 29.788 → 29.79, 22 × 0.337 = 7.414 → 7.41, 31 × 0.617 = 19.127 → 19.13, 31 × 0.307 = 9.517 → 9.52; total 127.49",
          request(SH_TOU, {"readings": [{"register": "peak", "start": "1000", "end": "1155"}, {"register": "valley", "start": "1000", "end": "1093"}]},
                  start=DEC_JAN["start"], end=DEC_JAN["end"], ytd="3000", account=SH_HOUSE,
                  new_year_readings=[{"register": "peak", "value": "1124"}, {"register": "valley", "value": "1062"}]),
          [["energy.tier_1.peak", "49.36"], ["energy.tier_1.valley", "12.28"], ["energy.tier_2.peak", "29.79"], ["energy.tier_2.valley", "7.41"],
           ["energy.tier_1.peak", "19.13"], ["energy.tier_1.valley", "9.52"]], "127.49")
error_case("error-tier-year-billing-month-missing", "bill", "billing_month tiers need the request's billing month",
           request(ZJ_BILLING_MONTH, total("10"), start=DEC_JAN["start"], end=DEC_JAN["end"]), err("request", "invalid_field", "billing_month"))
error_case("error-billing-month-outside-period", "bill", "a billing month is a month the period touches",
           request(ZJ_BILLING_MONTH, total("10"), start=DEC_JAN["start"], end=DEC_JAN["end"], billing_month="2026-10"), err("request", "out_of_range", "billing_month"))
error_case("error-billing-month-malformed", "bill", "a billing month is exactly YYYY-MM",
           request(ZJ_BILLING_MONTH, total("10"), start=DEC_JAN["start"], end=DEC_JAN["end"], billing_month="2027-1"), err("request", "invalid_field", "billing_month"))
error_case("tariff-tier-year-monthly", "tariff", "tier_year applies to annual tiers only",
           broken(MONTHLY, lambda t: t["energy"]["tiered"].update(tier_year="calendar_days")), err("tariff", "invalid_field", "tariff.energy.tiered.tier_year"))

TWO_PART_LOCAL = sample("sample-two-part-local", {"flat": {"price": "0.6"}},
                        basic_charge={"demand_price": "42.0", "excess_threshold_percent": "110", "excess_multiplier": "1.5", "contract_floor_percent": "50"})
bill_case("bill-two-part-local-threshold", "a province's 110% threshold and 1.5× price above it, as tariff data",
          "by hand: contract 500 kW, actual 600 > 550: 550 × 42.0 = 23100.00; 50 × 63.0 = 3150.00; 60000.00 energy; total 86250.00",
          request(TWO_PART_LOCAL, hv_usage(demand="6"), account=factory("contract_demand", contract="500")),
          {"energy": "60000.00", "basic.contract_demand": "23100.00", "basic.demand_excess": "3150.00"}, "86250.00")
bill_case("bill-two-part-local-floor", "a 50% contract floor: 300 kW on 1000 kVA is raised to 500 kW",
          "by hand: max(300, 0.5 × 1000) = 500; actual 350 ≤ 550; 500 × 42.0 = 21000.00; 60000.00 energy; total 81000.00",
          request(TWO_PART_LOCAL, hv_usage(demand="3.5"), account=factory("contract_demand", contract="300")),
          {"energy": "60000.00", "basic.contract_demand": "21000.00"}, "81000.00")
bill_case("bill-two-part-local-within-threshold", "540 kW is within 110% of 500: the contract value is billed, nothing at 1.5×",
          "by hand: 540 ≤ 550: 500 × 42.0 = 21000.00; 60000.00 energy; total 81000.00",
          request(TWO_PART_LOCAL, hv_usage(demand="5.4"), account=factory("contract_demand", contract="500")),
          {"energy": "60000.00", "basic.contract_demand": "21000.00"}, "81000.00")
error_case("tariff-two-part-threshold-below-100", "tariff", "the excess threshold is at least 100% of the contract",
           broken(TWO_PART_LOCAL, lambda t: t["basic_charge"].update(excess_threshold_percent="95")),
           err("tariff", "out_of_range", "tariff.basic_charge.excess_threshold_percent"))
error_case("tariff-two-part-multiplier-below-1", "tariff", "demand above the threshold never costs less than the price",
           broken(TWO_PART_LOCAL, lambda t: t["basic_charge"].update(excess_multiplier="0.5")),
           err("tariff", "out_of_range", "tariff.basic_charge.excess_multiplier"))

STANDBY = {"id": "sample-standby-capacity", "name": {"zh": "备用变压器容量电价(示例)", "en": "Standby transformer capacity (sample)"},
           "basic_charge": {"capacity_price": "26.3", "demand_price": "42.0"}}
bill_case("bill-basic-only-standby", "a standby transformer: a tariff with no energy rate and a request with no usage bill the capacity alone",
          "by hand: 1000 kVA × 1 month × 26.3 = 26300.00", request(STANDBY, {}, account=factory("capacity")), {"basic.capacity": "26300.00"}, "26300.00")
bill_case("bill-basic-only-suspended", "the standby transformer suspended from 11 June (0 kVA): 10 of 30 days billed, no reading needed",
          "by hand: 1000 × 10/30 × 26.3 = 8766.67; nothing in service after", request(STANDBY, {}, start=JUNE["start"], end=JUNE["end"],
          account=factory("capacity", changes=[{"from": "2026-06-11", "capacity_kva": "0", "reason": "suspension"}])), {"basic.capacity": "8766.67"}, "8766.67")
bill_case("bill-basic-only-actual-demand", "basic charge only, by actual demand: the usage carries just the demand register and the multiplier",
          "by hand: 5 × 100 = 500 kW × 42.0 = 21000.00", request(STANDBY, {"meter": {"ct_ratio": "100"}, "max_demand": "5"}, account=factory("actual_demand")),
          {"basic.demand": "21000.00"}, "21000.00")
error_case("error-usage-missing", "bill", "a tariff with an energy rate still needs readings or intervals",
           request(TWO_PART, {}, account=factory("capacity")), err("metering", "usage_source", "usage"))
error_case("tariff-charges-nothing", "tariff", "a tariff needs an energy rate, a basic charge or fixed charges",
           {"id": "empty", "name": {"zh": "空", "en": "Empty"}}, err("tariff", "empty", "tariff.energy"))

COM_FLAT_LOSS_LINES = broken(COM_FLAT, lambda t: t.update(loss_presentation="separate", id="sample-commercial-flat-loss-lines"))
ROLLOVER_LOSS = {"meter": {"ct_ratio": "30", "digits": "5"}, "readings": [{"register": "total", "start": "99800", "end": "80", "rollover": True}],
                 "losses": [{"kind": "transformer", "percent": "2"}]}
bill_case("bill-losses-separate-flat", "变损 printed as its own line at the energy price: a fen less than folding it into billed kWh here",
          "by hand: 280 × 30 = 8400 kWh metered, 2% = 168 loss; 8400 × 0.606686 = 5096.1624 → 5096.16; 168 × 0.606686 = 101.923248 → 101.92 "
          "(folded: 8568 × 0.606686 = 5198.085648 → 5198.09, a fen more); funds on 8568: 171.36, 53.1216 → 53.12, 162.792 → 162.79; rent 10.00; total 5595.35",
          request(COM_FLAT_LOSS_LINES, ROLLOVER_LOSS),
          {"energy": "5096.16", "energy.transformer_loss": "101.92", "fund.rural_grid": "171.36", "fund.reservoir": "53.12", "fund.renewable": "162.79",
           "fixed.meter_rent": "10.00"}, "5595.35")
bill_case("bill-losses-separate-two-kinds", "变损 and 线损 each on their own line",
          "by hand: 10000 kWh metered; transformer 100 kWh fixed, line 1% = 100 kWh; 10000 × 0.606686 = 6066.86; 100 × 0.606686 = 60.6686 → 60.67 twice; "
          "funds on 10200: 204.00, 63.24, 193.80; rent 10.00; total 6659.24",
          request(COM_FLAT_LOSS_LINES, {"readings": [{"register": "total", "start": "0", "end": "10000"}],
                                        "losses": [{"kind": "transformer", "fixed_kwh": "100"}, {"kind": "line", "percent": "1"}]}),
          {"energy": "6066.86", "energy.transformer_loss": "60.67", "energy.line_loss": "60.67", "fund.rural_grid": "204.00", "fund.reservoir": "63.24",
           "fund.renewable": "193.80", "fixed.meter_rent": "10.00"}, "6659.24")
COM_TOU_LOSS_LINES = broken(COM_TOU, lambda t: t.update(loss_presentation="separate", id="sample-commercial-tou-loss-lines"))
bill_case("bill-losses-separate-tou", "a time-of-use loss of 100 kWh shared 300:500:200 by metered kWh, each share on its period's price",
          "by hand: metered peak 300, flat 500, valley 200; loss 100 → 30 / 50 / 20; 300 × 1.105 = 331.50, 30 × 1.105 = 33.15; 500 × 0.65 = 325.00, "
          "50 × 0.65 = 32.50; 200 × 0.247 = 49.40, 20 × 0.247 = 4.94; funds on 1100: 22.00, 6.82, 20.90; total 826.21",
          request(COM_TOU_LOSS_LINES, dict(registers(peak="300", flat="500", valley="200"), losses=[{"kind": "transformer", "fixed_kwh": "100"}])),
          {"energy.peak": "331.50", "energy.peak.transformer_loss": "33.15", "energy.flat": "325.00", "energy.flat.transformer_loss": "32.50",
           "energy.valley": "49.40", "energy.valley.transformer_loss": "4.94", "fund.rural_grid": "22.00", "fund.reservoir": "6.82", "fund.renewable": "20.90"}, "826.21")
error_case("tariff-losses-separate-tiered", "tariff", "separate loss lines are not defined for tiered rates",
           broken(ZJ, lambda t: t.update(loss_presentation="separate")), err("tariff", "invalid_field", "tariff.loss_presentation"))

# ── comparison and what-if ───────────────────────────────────────────────────────────
def compare_case(name, description, checked, before, after, contributions, difference):
    CASES.append({"name": name, "kind": "compare", "description": description, "checked": checked,
                  "hand_check": {"lines": contributions, "total": difference}, "input": {"before": before, "after": after}})


HOUSEHOLD = {"account_id": "3300012345", "name": "张伟"}
compare_case("compare-household-two-months", "October (200 kWh, all tier 1) against November (300 kWh crossing into tier 2)",
             "by hand: Oct 200 × 0.538 = 107.60; Nov 168.40 (example 1); difference 60.80 = usage 100 kWh × 0.538 = 53.80 + tier 140 × 0.05 = 7.00",
             request(ZJ, total("200"), start="2026-10-01", end="2026-11-01", ytd="2400", account=HOUSEHOLD),
             request(ZJ, total("300"), ytd="2600", account=HOUSEHOLD), {"usage": "53.80", "tier": "7.00"}, "60.80")
DAILY_05 = sample("sample-daily-v1", {"flat": {"price": "0.5"}}, fixed_charges=[
    {"code": "daily", "name": {"zh": "日费用", "en": "Daily fee"}, "basis": "per_day", "amount": "0.10"}])
DAILY_06 = copy.deepcopy(DAILY_05)
DAILY_06["id"], DAILY_06["energy"] = "sample-daily-v2", {"flat": {"price": "0.6"}}
compare_case("compare-price-usage-days", "a price rise, less usage and one day fewer, each explained",
             "by hand: Oct 300 × 0.5 = 150.00 + 31 × 0.10 = 3.10 → 153.10; Nov 280 × 0.6 = 168.00 + 3.00 → 171.00; difference 17.90 = "
             "usage −20 × 0.5 = −10.00, price 280 × (0.6 − 0.5) = 28.00, days −1 × 0.10 = −0.10",
             request(DAILY_05, total("300"), start="2026-10-01", end="2026-11-01", account=HOUSEHOLD),
             request(DAILY_06, total("280"), account=HOUSEHOLD), {"usage": "-10.00", "days": "-0.10", "price": "28.00"}, "17.90")
compare_case("compare-line-added", "a power-factor standard set in the later month adds the adjustment line",
             "by hand: 10000.00 both months; the later month adds +2% × 10000.00 = 200.00",
             request(PF_FLAT, hv_usage(reactive="600"), start="2026-10-01", end="2026-11-01", account={"account_id": FACTORY}),
             request(PF_FLAT, hv_usage(reactive="600"), account={"account_id": FACTORY, "power_factor_standard": "0.90"}),
             {"line_added": "200.00"}, "200.00")
error_case("compare-different-accounts", "compare", "bills of two accounts cannot be compared",
           {"before": request(ZJ, total("200"), start="2026-10-01", end="2026-11-01", ytd="2400", account=HOUSEHOLD),
            "after": request(ZJ, total("300"), ytd="2600")}, err("request", "account_mismatch", "after.account_id"))


def what_if_case(name, description, checked, input, totals, best):
    CASES.append({"name": name, "kind": "what_if", "description": description, "checked": checked,
                  "hand_check": {"lines": totals, "total": best}, "input": input})


what_if_case("what-if-household-tou-option", "should the 浙江 household choose the time-of-use option? 300 kWh, 180 at peak, 120 in the valley",
             "by hand: tiered 168.40 (example 1); time-of-use 180 × 0.568 = 102.24 + 120 × 0.288 = 34.56 + tier 2 uplift 140 × 0.05 = 7.00 → 143.80; "
             "time-of-use saves 24.60",
             {"request": request(ZJ, registers(total="300", peak="180", valley="120"), ytd="2600", account=HOUSEHOLD), "tariffs": [ZJ_TOU]},
             [[ZJ_TOU["id"], "143.80"], [ZJ["id"], "168.40"]], "143.80")
what_if_case("what-if-commercial-flat-vs-tou", "a shop's one workday of 15-minute data under the flat and the time-of-use commercial tariffs",
             "by hand: 24 kWh; time-of-use 16.66 (the workday case); flat 24 × 0.606686 = 14.560464 → 14.56, funds 0.48 + 0.15 + 0.46, "
             "meter rent 1/30 month → 0.0333 × 10.00 = 0.33 → 15.98; flat is cheaper by 0.68",
             {"request": request(COM_TOU, intervals("2026-11-02", 15, "0.25"), start="2026-11-02", end="2026-11-03"), "tariffs": [COM_FLAT]},
             [[COM_FLAT["id"], "15.98"], [COM_TOU["id"], "16.66"]], "15.98")

# ── customer information model ───────────────────────────────────────────────────────
CUSTOMER_DATA = ROOT / "examples" / "data" / "customer"
CONFIG = json.loads((CUSTOMER_DATA / "config.json").read_text(encoding="utf-8"))
ZHANG, FACTORY_CUSTOMER = json.loads((CUSTOMER_DATA / "customers.json").read_text(encoding="utf-8"))


def customer_case(name, kind, description, checked, input, hand):
    CASES.append({"name": name, "kind": kind, "description": description, "checked": checked, "hand_check": hand, "input": input})


def view_in(customer, role):
    return {"config": CONFIG, "customer": customer, "role": role}


customer_case("customer-view-counter-clerk", "customer_view", "the counter clerk sees the account in full, the ID number masked",
              "by reading the role: 14 attributes in order; the ID number keeps its first 3 and last 4 characters",
              view_in(ZHANG, "counter_clerk"),
              [["customer_id", "C0001"], ["name", "张伟"], ["id_number", "330***********1234"], ["account_id", "3300012345"], ["account_name", "张伟"],
               ["address", "杭州市西湖区文三路 1 号 2-301"], ["contract_capacity", "8"], ["tariff", "zj-residential-tiered-2026"], ["arrears", "0"],
               ["mobile", "13812341234"], ["notice_mobile_source", "营业厅"], ["e_bill", "true"], ["auto_pay", "false"]])
customer_case("customer-view-call-centre-masked", "customer_view", "the call-centre agent sees names, account and mobile masked",
              "by the masks: 张伟 → 张*, 3300012345 → ******2345, 13812341234 → 138****1234",
              view_in(ZHANG, "call_centre"),
              [["name", "张*"], ["account_id", "******2345"], ["account_name", "张*"], ["address", "杭州市西湖区文三路 1 号 2-301"], ["arrears", "0"], ["mobile", "138****1234"]])
customer_case("customer-view-repair-crew", "customer_view", "a repair crew sees where to go, the meter and a masked mobile",
              "by reading the role", view_in(FACTORY_CUSTOMER, "repair_crew"),
              [["account_id", "3300900001"], ["address", "宁波市北仑区工业路 8 号"], ["meter_id", "M3300900001"], ["voltage", "high"], ["mobile", "139****1111"]])
error_case("customer-view-unknown-role", "customer_view", "a role that is not configured", view_in(ZHANG, "cashier"), err("request", "invalid_field", "role"))
TWO_NOTICES = copy.deepcopy(ZHANG)
TWO_NOTICES["contacts"].append({"kind": "mobile", "value": "13900002222", "source": "app", "confirmed_on": "2026-01-01", "for_notices": True})
error_case("customer-two-notice-numbers", "customer_view", "notices go to one mobile number: a second one is refused",
           view_in(TWO_NOTICES, "counter_clerk"), err("request", "duplicate", "customer.contacts[2].for_notices"))
BAD_ROLE = copy.deepcopy(CONFIG)
BAD_ROLE["roles"][0]["attributes"][0]["code"] = "shoe_size"
error_case("config-role-names-unknown-attribute", "customer_view", "a role may only list catalog attributes",
           view_in(ZHANG, "counter_clerk") | {"config": BAD_ROLE}, err("request", "invalid_field", "config.roles[0].attributes[0].code"))


def search_in(query, limit=10):
    return {"config": CONFIG, "query": query, "limit": limit}


customer_case("attribute-search-capacity", "attribute_search", "seed 001's example: 容量 finds contract capacity (a synonym) and operating capacity (in its name)",
              "by the scoring: synonym equal 90 > name contains 70", search_in("容量"), ["contract_capacity", "operating_capacity"])
customer_case("attribute-search-pinyin", "attribute_search", "pinyin initials: rl is in htrl and yxrl (and in dxlxrly, 短信联系人来源)",
              "by the scoring: all three contain rl (50), catalog order", search_in("rl"), ["contract_capacity", "operating_capacity", "notice_mobile_source"])
customer_case("attribute-search-english", "attribute_search", "English: capacity", "by the scoring: English name contains (40), catalog order",
              search_in("Capacity"), ["contract_capacity", "operating_capacity"])
customer_case("attribute-search-synonym", "attribute_search", "电话 is a synonym of the mobile number", "by the scoring: synonym equal (90)",
              search_in("电话"), ["mobile"])
customer_case("attribute-search-limit", "attribute_search", "a limit of 1 keeps the best match", "by the scoring", search_in("容量", 1), ["contract_capacity"])
customer_case("attribute-search-nothing", "attribute_search", "a word nothing means returns nothing", "by the scoring", search_in("天气"), [])


def confirm_in(customer, business, as_of):
    return {"config": CONFIG, "customer": customer, "business": business, "as_of": as_of}


customer_case("confirmations-due-on-the-day", "confirmations", "contact confirmed 2025-11-23, valid 365 days: due from 2026-11-23 exactly; a low-voltage account confirms its name",
              "by hand: 2025-11-23 + 365 days = 2026-11-23 ≤ as_of", confirm_in(ZHANG, "counter_payment", "2026-11-23"),
              [["contact", "stale"], ["account_name", "low_voltage_account_name"]])
customer_case("confirmations-day-before-due", "confirmations", "the day before, the contact is still valid",
              "by hand: 2026-11-22 < 2026-11-23", confirm_in(ZHANG, "counter_payment", "2026-11-22"), [["account_name", "low_voltage_account_name"]])
customer_case("confirmations-transfer", "confirmations", "a transfer checks contact, identity and agreement; a centralised meter box updates contacts",
              "by hand: identity 2024-02-10 + 1095 = 2027-02-09 not due; agreement 2023-06-01 + 730 = 2025-05-31 due",
              confirm_in(ZHANG, "transfer", "2026-11-23"),
              [["contact", "stale"], ["agreement", "stale"], ["account_name", "low_voltage_account_name"], ["contact", "centralised_meter_box_contact"]])
customer_case("confirmations-nothing-due", "confirmations", "a high-voltage factory with a recent contact confirmation needs nothing for a repair",
              "by hand: 2026-08-01 + 365 > 2026-11-23", confirm_in(FACTORY_CUSTOMER, "repair_order", "2026-11-23"), [])
NEW_CUSTOMER = {"customer_id": "C0002", "name": "李娜", "customer_class": "residential", "since": "2026-11-01"}
customer_case("confirmations-never-confirmed", "confirmations", "a customer with no contact on file must give one when restoring power",
              "by reading the rule", confirm_in(NEW_CUSTOMER, "restore_power", "2026-11-23"), [["contact", "never_confirmed"]])
error_case("confirmations-unknown-business", "confirmations", "a business that is not configured",
           confirm_in(ZHANG, "karaoke", "2026-11-23"), err("request", "invalid_field", "business"))


def mood_in(customer, as_of):
    return {"config": CONFIG, "customer": customer, "as_of": as_of}


customer_case("mood-unhappy", "mood", "an unresolved complaint (3) and a resolved one (1) in 180 days: unhappy",
              "by hand: window 2026-05-28 – 2026-11-23; 1 + 3 = 4 ≥ 3", mood_in(ZHANG, "2026-11-23"), {"level": "unhappy", "points": 4})
customer_case("mood-window-last-day", "mood", "on the 180th day the unresolved complaint of 2026-10-30 still counts",
              "by hand: 2027-04-27 − 179 days = 2026-10-30", mood_in(ZHANG, "2027-04-27"), {"level": "unhappy", "points": 3})
customer_case("mood-window-passed", "mood", "a day later it no longer counts",
              "by hand: 2027-04-28 − 179 days = 2026-10-31 > 2026-10-30", mood_in(ZHANG, "2027-04-28"), {"level": "happy", "points": 0})
customer_case("mood-praise", "mood", "praise scores −1: happy", "by hand: −1 < 1", mood_in(FACTORY_CUSTOMER, "2026-11-23"), {"level": "happy", "points": -1})

# tags, scores, batch profiles, segmentation, merge
customer_case("tags-evaluated", "tags", "online tags apply by their rules; draft and offline tags never apply",
              "by hand: late 0 and 1 payment → punctual; e_bill → e-bill user; 1 unresolved complaint → complainer; big_user draft, legacy_rate offline",
              {"config": CONFIG, "customer": ZHANG, "as_of": "2026-11-23"},
              [["punctual_payer", True], ["e_bill_user", True], ["complainer", True], ["big_user", False], ["legacy_rate", False]])
customer_case("tags-factory", "tags", "a factory with no payment recorded in 12 months is not a punctual payer",
              "by hand: payments_12m 0 < 1", {"config": CONFIG, "customer": FACTORY_CUSTOMER, "as_of": "2026-11-23"},
              [["punctual_payer", False], ["e_bill_user", False], ["complainer", False], ["big_user", False], ["legacy_rate", False]])
DRAFT_TAG = CONFIG["tags"][3]
customer_case("tag-transition-publish", "tag_transition", "draft → online keeps the version", "by the lifecycle",
              {"tag": DRAFT_TAG, "to": "online"}, {"state": "online", "version": 1})
customer_case("tag-transition-optimised-online", "tag_transition", "optimised → online is a new version", "by the lifecycle",
              {"tag": dict(DRAFT_TAG, state="optimised"), "to": "online"}, {"state": "online", "version": 2})
error_case("tag-transition-backwards", "tag_transition", "online → draft is not a transition", {"tag": dict(DRAFT_TAG, state="online"), "to": "draft"},
           err("request", "invalid_transition", "to"))
customer_case("score-value-household", "score", "customer value: usage, tenure and complaints weighted 0.5 / 0.3 / 0.2",
              "by hand: 3100/5000 × 50 = 31.00; 14/20 × 30 = 21.00; (1 − 2/5) × 20 = 12.00; 64.00 → B",
              {"config": CONFIG, "customer": ZHANG, "model": "value", "as_of": "2026-11-23"},
              {"score": "64.00", "grade": "B", "points": ["31.00", "21.00", "12.00"]})
customer_case("score-credit-household", "score", "credit: no late payments, no arrears, no auto-pay",
              "by hand: (1 − 0/6) × 50 = 50.00; (1 − 0/1000) × 30 = 30.00; 0 × 20 = 0.00; 80.00 → A (80 is the A threshold)",
              {"config": CONFIG, "customer": ZHANG, "model": "credit", "as_of": "2026-11-23"},
              {"score": "80.00", "grade": "A", "points": ["50.00", "30.00", "0.00"]})
customer_case("score-value-factory", "score", "usage above max is clamped to full points",
              "by hand: 3200000 ≥ 5000 → 50.00; 11/20 × 30 = 16.50; 20.00; 86.50 → A",
              {"config": CONFIG, "customer": FACTORY_CUSTOMER, "model": "value", "as_of": "2026-11-23"},
              {"score": "86.50", "grade": "A", "points": ["50.00", "16.50", "20.00"]})
error_case("score-unknown-model", "score", "a model that is not configured",
           {"config": CONFIG, "customer": ZHANG, "model": "charisma", "as_of": "2026-11-23"}, err("request", "invalid_field", "model"))
BAD_WEIGHTS = copy.deepcopy(CONFIG)
BAD_WEIGHTS["scores"][0]["factors"][0]["weight"] = "0.6"
error_case("config-score-weights", "score", "a model's weights must sum to 1",
           {"config": BAD_WEIGHTS, "customer": ZHANG, "model": "value", "as_of": "2026-11-23"}, err("request", "out_of_range", "config.scores[0].factors"))
customer_case("profiles-batch", "profiles", "tags and scores of a batch, facts computed once per customer",
              "by the tag and score cases above", {"config": CONFIG, "customers": [ZHANG, FACTORY_CUSTOMER], "as_of": "2026-11-23"},
              [["C0001", ["punctual_payer", "e_bill_user", "complainer"], ["64.00", "80.00"]], ["C0900", [], ["86.50", "100.00"]]])


def household_with(cid, kwh):
    return {"customer_id": cid, "name": "用户" + cid, "customer_class": "residential", "since": "2020-01-01",
            "accounts": [{"account_id": "33" + cid, "account_name": "用户" + cid, "voltage": "low", "annual_kwh": kwh}]}


SEGMENT_CUSTOMERS = [household_with(c, k) for c, k in [("H1", "1000"), ("H2", "52000"), ("H3", "1200"), ("H4", "50000"), ("H5", "1100"), ("H6", "51000")]]
customer_case("segment-two-groups", "segment", "k-means on annual kWh splits small and large users; segments numbered by ascending centre",
              "by hand: centres (1000 + 1200 + 1100)/3 = 1100 and (52000 + 50000 + 51000)/3 = 51000",
              {"customers": SEGMENT_CUSTOMERS, "features": ["annual_kwh"], "k": 2, "seed": 42, "as_of": "2026-11-23"},
              {"centres": [["1100"], ["51000"]], "assignments": [1, 2, 1, 2, 1, 2]})
error_case("segment-k-too-large", "segment", "k cannot exceed the number of customers",
           {"customers": SEGMENT_CUSTOMERS[:2], "features": ["annual_kwh"], "k": 3, "seed": 42, "as_of": "2026-11-23"}, err("request", "out_of_range", "k"))
DUPLICATE = {"customer_id": "C7777", "name": "张伟", "customer_class": "residential", "id_number": ZHANG["id_number"], "since": "2010-01-01",
             "accounts": [{"account_id": "3300099999", "account_name": "张伟", "voltage": "low"}],
             "contacts": [{"kind": "mobile", "value": "13900009999", "source": "app", "confirmed_on": "2026-10-01", "for_notices": True}],
             "confirmations": {"identity": "2026-01-01"}, "history": [{"date": "2026-03-03", "kind": "contact"}]}
customer_case("merge-one-person", "merge", "two records of one person: accounts and contacts united, conflicts reported, one notice number kept",
              "by reading the rules: the primary wins; since takes the earlier date; the second notice number loses for_notices",
              {"primary": ZHANG, "other": DUPLICATE},
              {"conflicts": ["customer_id", "since", "e_bill", "contacts[kind=mobile].for_notices"], "accounts": 2, "contacts": 3, "history": 5})
error_case("merge-different-people", "merge", "different identity numbers are two people: refused",
           {"primary": ZHANG, "other": dict(DUPLICATE, id_number="110101199001011111")}, err("request", "merge_refused", "other.id_number"))

# ── late-payment penalties (电费违约金) ───────────────────────────────────────────────────
def late(cls, arrears, due, as_of):
    return {"customer_class": cls, "arrears": arrears, "due_date": due, "as_of": as_of}


def late_case(name, description, checked, input, lines, total_):
    CASES.append({"name": name, "kind": "late_fee", "description": description, "checked": checked,
                  "hand_check": {"lines": lines, "total": total_}, "input": input})


late_case("late-fee-residential-ten-days", "tariffs-cn.md example 4: residential, 200.00 元 ten days late",
          "by hand: 200.00 × 0.001 × 10 days = 2.00", late("residential", "200.00", "2026-11-10", "2026-11-20"), ["2.00"], "2.00")
late_case("late-fee-residential-minimum", "tariffs-cn.md example 4: 300.00 元 two days late is 0.60, raised to the 1 元 minimum",
          "by hand: 300.00 × 0.001 × 2 = 0.60 < 1.00 → 1.00", late("residential", "300.00", "2026-11-10", "2026-11-12"), ["0.60"], "1.00")
late_case("late-fee-paid-on-due-date", "paying on the due date costs nothing; no minimum applies",
          "by hand: 0 days late → no lines, 0.00", late("non_residential", "5000.00", "2026-11-10", "2026-11-10"), [], "0.00")
late_case("late-fee-non-residential-current-year", "other customers pay 2‰ a day on arrears of the current year",
          "by hand: 5000.00 × 0.002 × 15 days = 150.00", late("non_residential", "5000.00", "2026-11-10", "2026-11-25"), ["150.00"], "150.00")
late_case("late-fee-non-residential-across-years", "arrears carried into a new year pay 3‰ a day from 1 January",
          "by hand: Dec 26–31: 10000.00 × 0.002 × 6 = 120.00; Jan 1–5: 10000.00 × 0.003 × 5 = 150.00; total 270.00",
          late("non_residential", "10000.00", "2026-12-25", "2027-01-05"), ["120.00", "150.00"], "270.00")
late_case("late-fee-residential-across-years", "residential arrears keep 1‰ a day across years",
          "by hand: 200.00 × 0.001 × 11 days = 2.20", late("residential", "200.00", "2026-12-25", "2027-01-05"), ["2.20"], "2.20")
late_case("late-fee-bill-month-carried-over", "a December bill due 15 January: with its bill month, the arrears are 2026's and carried over from the first late day",
          "by hand: bill month 2026-12, due 2027-01-15, paid 2027-01-25: 10 days, all after 1 January 2027 → 3‰: 10000.00 × 0.003 × 10 = 300.00 "
          "(without the bill month the due date's year 2027 gives 2‰: 200.00)",
          dict(late("non_residential", "10000.00", "2027-01-15", "2027-01-25"), bill_month="2026-12"), ["300.00"], "300.00")
late_case("late-fee-inferred-year-from-due-date", "the same arrears without a bill month: the due date's year is the arrears' year, 2‰",
          "by hand: 10000.00 × 0.002 × 10 = 200.00", late("non_residential", "10000.00", "2027-01-15", "2027-01-25"), ["200.00"], "200.00")
late_case("late-fee-every-late-day", "local practice: arrears carried into a new year pay 3‰ on every late day, December's too",
          "by hand: due 2026-12-25, paid 2027-01-05: 11 days × 10000.00 × 0.003 = 330.00 (the default splits: 120.00 + 150.00 = 270.00)",
          dict(late("non_residential", "10000.00", "2026-12-25", "2027-01-05"), carried_over="every_late_day"), ["330.00"], "330.00")
late_case("late-fee-every-late-day-same-year", "every_late_day changes nothing for arrears paid within their year",
          "by hand: 5000.00 × 0.002 × 15 = 150.00", dict(late("non_residential", "5000.00", "2026-11-10", "2026-11-25"), carried_over="every_late_day"), ["150.00"], "150.00")
late_case("late-fee-residential-every-late-day", "residential arrears keep 1‰ whatever the policy",
          "by hand: 200.00 × 0.001 × 11 = 2.20", dict(late("residential", "200.00", "2026-12-25", "2027-01-05"), carried_over="every_late_day", bill_month="2026-11"), ["2.20"], "2.20")
error_case("late-fee-bill-month-after-due", "late_fee", "arrears cannot be billed after they fall due",
           dict(late("non_residential", "100.00", "2026-11-10", "2026-11-20"), bill_month="2026-12"), err("request", "out_of_range", "bill_month"))
error_case("late-fee-as-of-before-due", "late_fee", "a fee cannot be computed before the due date",
           late("residential", "200.00", "2026-11-10", "2026-11-09"), err("request", "out_of_range", "as_of"))
error_case("late-fee-arrears-too-precise", "late_fee", "arrears are money: at most 2 decimals",
           late("residential", "200.001", "2026-11-10", "2026-11-20"), err("request", "too_precise", "arrears"))
error_case("late-fee-negative-arrears", "late_fee", "negative arrears are an error, not a credit",
           late("residential", "-200.00", "2026-11-10", "2026-11-20"), err("request", "negative", "arrears"))

# ── tariff validation ────────────────────────────────────────────────────────────────
error_case("tariff-tiers-not-ascending", "tariff", "tier bounds must ascend",
           broken(BJ, lambda t: t["energy"]["tiered"]["tiers"][1].update(upto="2880")),
           err("tariff", "tiers_not_ascending", "tariff.energy.tiered.tiers[1].upto"))
error_case("tariff-last-tier-bounded", "tariff", "the last tier is open-ended",
           broken(BJ, lambda t: t["energy"]["tiered"]["tiers"][2].update(upto="9000")),
           err("tariff", "tier_bound", "tariff.energy.tiered.tiers[2].upto"))
error_case("tariff-negative-price", "tariff", "a negative fund rate",
           broken(COM_FLAT, lambda t: t["funds"][0].update(price="-0.02")), err("tariff", "negative", "tariff.funds[0].price"))
error_case("tariff-schedule-gap", "tariff", "slots leave 07:00–08:00 uncovered",
           broken(ZJ_TOU, lambda t: t["time_of_use"]["seasons"][0]["days"][0]["slots"][1].update(to="07:00")),
           err("tariff", "schedule_gap", "tariff.time_of_use.seasons[0].days[0].slots"))
error_case("tariff-schedule-overlap", "tariff", "a month in two seasons",
           broken(COM_TOU, lambda t: t["time_of_use"]["seasons"][1]["months"].append(7)),
           err("tariff", "schedule_overlap", "tariff.time_of_use.seasons[1].months[9]"))
error_case("tariff-schedule-resolution", "tariff", "a slot boundary off the 15-minute grid",
           broken(ZJ_TOU, lambda t: t["time_of_use"]["seasons"][0]["days"][0]["slots"][0].update(**{"from": "08:10"})),
           err("tariff", "schedule_resolution", "tariff.time_of_use.seasons[0].days[0].slots[0].from"))
error_case("tariff-unknown-period", "tariff", "the schedule uses a period the prices do not name",
           broken(ZJ_TOU, lambda t: t["energy"]["time_of_use_tiered"]["prices"].pop("valley")),
           err("tariff", "unknown_period", "tariff.energy.time_of_use_tiered.prices"))
error_case("tariff-price-too-precise", "tariff", "prices carry at most 6 decimals",
           broken(ZJ, lambda t: t["energy"]["tiered"]["tiers"][0].update(price="0.5380001")),
           err("tariff", "too_precise", "tariff.energy.tiered.tiers[0].price"))
error_case("tariff-schedule-mismatch", "tariff", "time-of-use prices without the schedule that says which hour is which period",
           broken(ZJ_TOU, lambda t: t.pop("time_of_use")), err("tariff", "schedule_mismatch", "tariff.time_of_use"))
error_case("error-period-too-long", "bill", "a billing period longer than 366 days is refused, naming its end",
           request(COM_FLAT, total("100"), start="2026-01-01", end="2027-01-03"), err("request", "period_too_long", "period.end"))
error_case("tariff-unknown-field", "tariff", "unknown fields are rejected, not ignored",
           broken(ZJ, lambda t: t.update(colour="red")), err("tariff", "invalid_field", "tariff.colour"))
CASES.append({"name": "tariff-valid-defaults", "kind": "tariff",
              "description": "a valid tariff loads, and its document form gains the default rounding policy",
              "checked": "by reading the format: defaults are half-up, 2 decimals, line stage, quantity scale 4, threshold scale 0",
              "input": ZJ, "expected": {"tariff": dict(ZJ, rounding={"scale": 2, "mode": "half_up", "stage": "line", "quantity_scale": 4, "threshold_scale": 0})}})

# ── points (积分) ─────────────────────────────────────────────────────────────────────
POINTS = json.loads((ROOT / "examples" / "data" / "points" / "rules.json").read_text(encoding="utf-8"))


def paid(key, date, amount, channel="counter", due=None, tags=None):
    """A bill_paid step; paid on `date`, due on `due` (default: the same day, 0 days late)."""
    ev = {"key": key, "date": date, "event": {"type": "bill_paid", "amount": amount, "due_date": due or date, "paid_date": date, "channel": channel}}
    if tags:
        ev["customer_tags"] = tags
    return {"event": ev}


def happened(key, date, type_, **fields):
    return {"event": {"key": key, "date": date, "event": dict(type=type_, **fields)}}


def refunded(key, date, payment_key):
    return happened(key, date, "bill_refunded", payment_key=payment_key)


def survey(key, date, name="survey_completed", **attributes):
    return happened(key, date, "generic", name=name, attributes=attributes)


def op(kind, **fields):
    return {"operation": dict(op=kind, **fields)}


def points_case(name, description, checked, rules, steps, balances, final=None):
    assert len(steps) == len(balances), name
    # Errors change nothing: the final balance is the last step's that succeeded (unless
    # that step is a replay, which reports the balance its first time left).
    final = next((b for b in reversed(balances) if isinstance(b, int)), 0) if final is None else final
    CASES.append({"name": name, "kind": "points", "description": description, "checked": checked,
                  "hand_check": {"balances": balances, "balance": final},
                  "input": {"rules": rules, "customer_id": "C1", "steps": steps}})


def points_error_case(name, description, rules, code, path):
    CASES.append({"name": name, "kind": "points", "description": description,
                  "checked": "by reading the rule book's validation: the rule and field named are the first that break it",
                  "hand_check": {"error": code, "path": path},
                  "input": {"rules": rules, "customer_id": "C1", "steps": [paid("pay-1", "2026-11-05", "168.40")]}})


def book(*rules, **extra):
    """A small custom rule book; each rule gets a name and a 365-day expiry unless given."""
    return dict(rules=[{"code": r["code"], "name": {"zh": "规则", "en": "Rule"}, "expires_after_days": 365, **r} for r in rules], **extra)


def points_book(**changes):
    b = copy.deepcopy(POINTS)
    b.update(changes)
    return b


ON_TIME = {"code": "on_time", "event": "bill_paid", "when": [{"field": "days_late", "op": "eq", "value": "0"}],
           "points": {"of": "amount", "per": "10", "points": 1}}

points_case("points-proportional-rounded-down", "1 point per 10 元 paid on time, rounded down to whole points",
            "by hand: 168.40 / 10 = 16.84 → 16; 95.00 / 10 = 9.5 → 9 (25); 9.99 / 10 = 0.999 → 0, no award (25)",
            POINTS, [paid("pay-1", "2026-11-05", "168.40"), paid("pay-2", "2026-11-06", "95.00"), paid("pay-3", "2026-11-07", "9.99")],
            [16, 25, 25])
points_case("points-late-payment-recorded", "a late payment awards nothing but its key is recorded: a retry replays, a changed event is refused",
            "by hand: paid 2026-11-13, due 11-10 → 3 days late, no rule holds → 0; retry replayed → 0; same key paid on time → conflict; "
            "app payment 1 day late → 0 (the bonus needs 0 days late too); paid 6 days before it is due → days_late 0 → 500.00 / 10 = 50",
            POINTS, [paid("pay-late", "2026-11-13", "500.00", due="2026-11-10"), paid("pay-late", "2026-11-13", "500.00", due="2026-11-10"),
                     paid("pay-late", "2026-11-13", "500.00"), paid("pay-app", "2026-11-13", "500.00", "app", due="2026-11-12"),
                     paid("pay-early", "2026-11-14", "500.00", due="2026-11-20")],
            [0, 0, "idempotency_conflict", 0, 50])
points_case("points-app-bonus-and-on-time", "paying in the app on time: the bonus (5, capped at 5 a month) plus the on-time points",
            "by hand: 5 + 168.40 / 10 → 16 = 21; same month in the app: bonus 5 − 5 used = 0, 50.00 → 5 (26); wechat 99.99 → 9 (35); "
            "January in the app: bonus 5 + 80.00 → 8 (48)",
            POINTS, [paid("pay-1", "2026-11-05", "168.40", "app"), paid("pay-2", "2026-11-20", "50.00", "app"),
                     paid("pay-3", "2026-11-25", "99.99", "wechat"), paid("pay-4", "2027-01-05", "80.00", "app")],
            [21, 26, 35, 48])
points_case("points-exclusive-rule", "an exclusive higher-priority rule that pays stops the lower ones; one that pays nothing (capped) does not",
            "by hand: app 300.00: bonus 5, exclusive, on-time not run (5); counter 300.00: no bonus, 30 (35); app again in November: bonus "
            "capped 5 − 5 = 0 so it does not pay and on-time runs: 30 (65); app in December: bonus 5 only (70)",
            book(ON_TIME, {"code": "app_bonus", "event": "bill_paid", "when": [{"field": "channel", "op": "eq", "value": "app"}],
                           "points": {"fixed": 5}, "caps": {"per_month": 5}, "priority": 10, "exclusive": True}),
            [paid("pay-1", "2026-11-05", "300.00", "app"), paid("pay-2", "2026-11-06", "300.00"),
             paid("pay-3", "2026-11-07", "300.00", "app"), paid("pay-4", "2026-12-02", "300.00", "app")],
            [5, 35, 65, 70])
points_case("points-monthly-cap", "on-time points are capped at 500 a calendar month",
            "by hand: October 3000.00 → 300; 2500.00 → 250, capped 500 − 300 = 200 (500); 100.00 → 10, capped 0 (500, recorded); "
            "November 100.00 → 10 (510)",
            POINTS, [paid("pay-1", "2026-10-05", "3000.00"), paid("pay-2", "2026-10-20", "2500.00"), paid("pay-3", "2026-10-28", "100.00"),
                     paid("pay-4", "2026-11-02", "100.00")],
            [300, 500, 500, 510])
points_case("points-per-day-cap", "a check-in pays 10, at most 15 a day and 30 a month: the tightest cap wins",
            "by hand: 1 Nov 10; 10 capped 15 − 10 = 5 (15); 0 (15); 2 Nov 10 (25, month 25); 3 Nov min(10, 15, 30 − 25 = 5) = 5 (30); "
            "4 Nov month cap 0 (30); 1 Dec 10 (40)",
            book({"code": "check_in", "event": "generic", "when": [{"field": "name", "op": "eq", "value": "check_in"}],
                  "points": {"fixed": 10}, "caps": {"per_day": 15, "per_month": 30}}),
            [survey("c-1", "2026-11-01", "check_in"), survey("c-2", "2026-11-01", "check_in"), survey("c-3", "2026-11-01", "check_in"),
             survey("c-4", "2026-11-02", "check_in"), survey("c-5", "2026-11-03", "check_in"), survey("c-6", "2026-11-04", "check_in"),
             survey("c-7", "2026-12-01", "check_in")],
            [10, 15, 15, 25, 30, 30, 40])
points_case("points-yearly-cap", "opting in to e-bills pays 50 once a calendar year: a second opt-in in the year gets 0",
            "by hand: March 50; September 50 − 50 = 0 (50); auto-pay 100 (150); January 2027 50 again (200)",
            POINTS, [happened("ebill-1", "2026-03-01", "e_bill_opted_in"), happened("ebill-2", "2026-09-01", "e_bill_opted_in"),
                     happened("auto-1", "2026-09-02", "auto_pay_enrolled"), happened("ebill-3", "2027-01-02", "e_bill_opted_in")],
            [50, 50, 150, 200])
points_case("points-december-campaign", "the winter campaign doubles on-time points from 1 to 31 December inclusive",
            "by hand: 30 Nov 168.40 → 16; 1 Dec 16 × 2 = 32 (48); 31 Dec 50.00 → 5 × 2 = 10 (58); 1 Jan 2027 50.00 → 5 (63)",
            POINTS, [paid("pay-1", "2026-11-30", "168.40"), paid("pay-2", "2026-12-01", "168.40"), paid("pay-3", "2026-12-31", "50.00"),
                     paid("pay-4", "2027-01-01", "50.00")],
            [16, 48, 58, 63])
points_case("points-campaign-multiplier-then-cap", "a ×1.5 campaign rounds down, and the monthly cap applies to the multiplied points",
            "by hand: 150.00 → 15 × 1.5 = 22.5 → 22; 600.00 → 60 × 1.5 = 90, capped 100 − 22 = 78 (100); January 150.00 → 15 (115)",
            book(dict(ON_TIME, caps={"per_month": 100}, campaigns=[{"code": "winter", "from": "2026-12-01", "to": "2026-12-31", "multiplier": "1.5"}])),
            [paid("pay-1", "2026-12-05", "150.00"), paid("pay-2", "2026-12-10", "600.00"), paid("pay-3", "2027-01-05", "150.00")],
            [22, 100, 115])
points_case("points-tag-required", "the high-value bonus (30 for 500 元 or more on time) needs the customer's high_value tag",
            "by hand: 600.00 untagged → 60 (60); tagged big_user + high_value → 60 + 30 (150); tagged 400.00 < 500 → 40 (190); "
            "tagged exactly 500.00 → 50 + 30 (270); November on-time total 210 ≤ 500",
            POINTS, [paid("pay-1", "2026-11-05", "600.00"), paid("pay-2", "2026-11-06", "600.00", tags=["big_user", "high_value"]),
                     paid("pay-3", "2026-11-07", "400.00", tags=["high_value"]), paid("pay-4", "2026-11-08", "500.00", tags=["high_value"])],
            [60, 150, 190, 270])
points_case("points-half-up-rounding", "half_up rounding next to the default down, on the same payments",
            "by hand: 165.00 / 10 = 16.5 → 17 half up + 16 down = 33; 164.99 → 16.499 → 16 + 16 (65); 5.00 → 0.5 → 1 + 0 (66)",
            book(dict(ON_TIME, code="half_up", points={"of": "amount", "per": "10", "points": 1, "rounding": "half_up"}), dict(ON_TIME, code="down")),
            [paid("pay-1", "2026-11-05", "165.00"), paid("pay-2", "2026-11-06", "164.99"), paid("pay-3", "2026-11-07", "5.00")],
            [33, 65, 66])
points_case("points-retry-replayed", "a retried event or operation replays its first outcome and writes nothing",
            "by hand: app 168.40 → 5 + 16 = 21; retry → 21 replayed; redeem 10 → 11; retry → 11 replayed; the payment again → "
            "replayed with its first outcome: the balance it left, 21 (nothing new; the ledger stays at 11)",
            POINTS, [paid("pay-1", "2026-11-05", "168.40", "app"), paid("pay-1", "2026-11-05", "168.40", "app"),
                     op("redeem", key="r-1", date="2026-11-06", points=10), op("redeem", key="r-1", date="2026-11-06", points=10),
                     paid("pay-1", "2026-11-05", "168.40", "app")],
            [21, 21, 11, 11, 21], final=11)
points_case("points-idempotency-conflict", "a key reused for a different event, for an operation, or an event's award key for an operation is refused",
            "by hand: 168.40 → 16; the same key with 186.40 → conflict; a redemption keyed pay-1 → conflict; an award keyed "
            "pay-1/on_time_payment (the event's own award) → conflict; the first event again → 16 replayed; nothing written by the conflicts",
            POINTS, [paid("pay-1", "2026-11-05", "168.40"), paid("pay-1", "2026-11-05", "186.40"),
                     op("redeem", key="pay-1", date="2026-11-05", points=1),
                     op("award", key="pay-1/on_time_payment", date="2026-11-05", points=16, expires_on="2028-11-04", rule="on_time_payment"),
                     paid("pay-1", "2026-11-05", "168.40")],
            [16, "idempotency_conflict", "idempotency_conflict", "idempotency_conflict", 16])
points_case("points-refund-reverses-awards", "a refund takes back every award of the payment; a second refund of it takes nothing more",
            "by hand: app 168.40 → 5 + 16 = 21; e-bill 50 (71); refund → −5 −16 (50); retry replayed (50); another refund of pay-1 → "
            "its awards are already reversed, only the event is recorded (50)",
            POINTS, [paid("pay-1", "2026-11-05", "168.40", "app"), happened("ebill-1", "2026-11-06", "e_bill_opted_in"),
                     refunded("refund-1", "2026-11-10", "pay-1"), refunded("refund-1", "2026-11-10", "pay-1"), refunded("refund-2", "2026-11-11", "pay-1")],
            [21, 71, 50, 50, 50])
SPENT = [paid("pay-1", "2026-11-05", "168.40"), op("redeem", key="gift-1", date="2026-11-06", points=10)]
points_case("points-refund-shortfall-forgive", "a refund after 10 of the payment's 16 points were spent: forgive takes the 6 left",
            "by hand: 16; redeem 10 (6); refund: −6 from the lot, 10 forgiven in a 0-point entry (0)",
            POINTS, SPENT + [refunded("refund-1", "2026-11-07", "pay-1")], [16, 6, 0])
points_case("points-refund-shortfall-from-other-lots", "a reversal takes back from the payment's own lot first, then from other lots: nothing is forgiven while points are left",
            "by hand: 16 (lot expires 2028-11-04); e-bill 50 (expires 2028-11-05) (66); redeem 20 → 16 from the payment's lot, expiring "
            "first, + 4 from the e-bill's (46); refund: own lot empty, 16 from the e-bill's lot (30)",
            POINTS, [paid("pay-1", "2026-11-05", "168.40"), happened("ebill-1", "2026-11-06", "e_bill_opted_in"),
                     op("redeem", key="gift-1", date="2026-11-07", points=20), refunded("refund-1", "2026-11-08", "pay-1")],
            [16, 66, 46, 30])
points_case("points-refund-shortfall-allow-negative", "refund_shortfall allow_negative takes everything back: the balance goes below 0",
            "by hand: 16; redeem 10 (6); refund: −6 from the lot, −10 from no lot (−10); e-bill 50 (40)",
            points_book(refund_shortfall="allow_negative"),
            SPENT + [refunded("refund-1", "2026-11-07", "pay-1"), happened("ebill-1", "2026-11-08", "e_bill_opted_in")], [16, 6, -10, 40])
points_case("points-refund-shortfall-refuse", "refund_shortfall refuse fails the refund and writes nothing, so the same refund can be sent again later",
            "by hand: 16; redeem 10 (6); refund: 16 to take back, 6 left → insufficient_points (6); e-bill 50 (56); the refund again: "
            "−6 from its own lot, −10 from the e-bill's (40)",
            points_book(refund_shortfall="refuse"),
            SPENT + [refunded("refund-1", "2026-11-07", "pay-1"), happened("ebill-1", "2026-11-08", "e_bill_opted_in"),
                     refunded("refund-1", "2026-11-08", "pay-1")],
            [16, 6, "insufficient_points", 56, 40])
points_case("points-redeem-earliest-expiring-first", "a redemption spends the earliest-expiring lots first; expiry then writes off only what is left",
            "by hand: e-bill 50 (expires 2028-10-31); app 168.40 → bonus 5 (2027-11-05) + 16 (2028-11-04) (71); redeem 30 → 5 from the bonus, "
            "25 from the e-bill (41); expire as of 2027-11-05 → the bonus lot is empty, 0 (41; had the 30 come from elsewhere it would be 36); "
            "expire as of 2028-10-31 → the e-bill's 25 (16); redeem 16 on 2028-11-03, the day before the last lot expires (0)",
            POINTS, [happened("ebill-1", "2026-11-01", "e_bill_opted_in"), paid("pay-1", "2026-11-05", "168.40", "app"),
                     op("redeem", key="gift-1", date="2026-11-06", points=30), op("expire", key="exp-1", as_of="2027-11-05"),
                     op("expire", key="exp-2", as_of="2028-10-31"), op("redeem", key="gift-2", date="2028-11-03", points=16)],
            [50, 71, 41, 41, 16, 0])
points_case("points-expiry-day-boundary", "expires_on is the first day the points are gone: usable the day before, written off on the day",
            "by hand: award 100 expiring 2026-12-01; redeem 40 on 11-30 (60); expire as of 11-30 → nothing (60); redeem 1 on 12-01 → "
            "insufficient_points (60); expire as of 12-01 → −60 (0)",
            POINTS, [op("award", key="a-1", date="2026-11-01", points=100, expires_on="2026-12-01"),
                     op("redeem", key="r-1", date="2026-11-30", points=40), op("expire", key="e-1", as_of="2026-11-30"),
                     op("redeem", key="r-2", date="2026-12-01", points=1), op("expire", key="e-2", as_of="2026-12-01")],
            [100, 60, 60, "insufficient_points", 0])
points_case("points-redeem-more-than-usable", "a redemption beyond the usable points is refused whole; expired points still in the balance are not usable",
            "by hand: 30 expiring 12-01 + 20 expiring 2027-11-02 (50); redeem 51 → insufficient (50); on 12-01 redeem 21 → only 20 usable, "
            "insufficient (50); the refused key is unused, so redeem 20 under it works (30); expire as of 12-01 → −30 (0)",
            POINTS, [op("award", key="a-1", date="2026-11-01", points=30, expires_on="2026-12-01"),
                     op("award", key="a-2", date="2026-11-02", points=20, expires_on="2027-11-02"),
                     op("redeem", key="r-1", date="2026-11-20", points=51), op("redeem", key="r-2", date="2026-12-01", points=21),
                     op("redeem", key="r-2", date="2026-12-01", points=20), op("expire", key="e-1", as_of="2026-12-01")],
            [30, 50, "insufficient_points", "insufficient_points", 30, 0])
points_case("points-out-of-range-date", "the ledger never goes back in time: a new event or operation dated before its last entry is refused; a retry is not",
            "by hand: 16 on 11-05; e-bill 50 on 11-10 (66); pay-1 again (dated 11-05) → replayed, its first outcome's balance 16 "
            "(the ledger stays at 66); auto-pay dated 11-09 → out_of_range; "
            "a redemption dated 11-09 → out_of_range; dated 11-10, the last entry's day → 10 (56)",
            POINTS, [paid("pay-1", "2026-11-05", "168.40"), happened("ebill-1", "2026-11-10", "e_bill_opted_in"), paid("pay-1", "2026-11-05", "168.40"),
                     happened("auto-1", "2026-11-09", "auto_pay_enrolled"), op("redeem", key="r-1", date="2026-11-09", points=10),
                     op("redeem", key="r-1", date="2026-11-10", points=10)],
            [16, 66, 16, "out_of_range", "out_of_range", 56])
points_case("points-generic-and-referral", "a generic survey_completed event pays 20 (capped 20 a month); other generic names pay nothing; a referral pays 200",
            "by hand: survey 20; survey again in November 20 − 20 = 0 (20); app_login → no rule (20); referral 200 (220); survey in December 20 (240)",
            POINTS, [survey("survey-1", "2026-11-10"), survey("survey-2", "2026-11-20"), survey("login-1", "2026-11-20", "app_login"),
                     happened("ref-1", "2026-11-21", "referral", referred_customer_id="C2"), survey("survey-3", "2026-12-01")],
            [20, 20, 20, 220, 240])
points_case("points-referral-yearly-cap", "referrals pay 200 each, at most 1000 a calendar year",
            "by hand: 200, 400, 600, 800, 1000; the sixth 1000 − 1000 = 0 (1000); January 2027 200 (1200)",
            POINTS, [happened(f"ref-{i}", f"2026-0{i}-01", "referral", referred_customer_id=f"C{i + 1}") for i in range(1, 7)]
            + [happened("ref-7", "2027-01-01", "referral", referred_customer_id="C8")],
            [200, 400, 600, 800, 1000, 1000, 1200])
points_case("points-generic-attribute-proportional", "a generic event's text attribute compares and pays as a number",
            "by hand: 12 answers ≥ 5 → 12 × 10 / 4 = 30; 3 answers < 5 → 0 (30); `many` is no number → 0 (30); 7 → 17.5 → 17 (47); "
            "poll_completed → the name does not match (47)",
            book({"code": "survey_answers", "event": "generic",
                  "when": [{"field": "name", "op": "eq", "value": "survey_completed"}, {"field": "attributes.answers", "op": "gte", "value": "5"}],
                  "points": {"of": "attributes.answers", "per": "4", "points": 10}}),
            [survey("s-1", "2026-11-01", answers="12"), survey("s-2", "2026-11-02", answers="3"), survey("s-3", "2026-11-03", answers="many"),
             survey("s-4", "2026-11-04", answers="7"), survey("s-5", "2026-11-05", "poll_completed", answers="12")],
            [30, 30, 30, 47, 47])
points_case("points-refused-steps", "steps the engine refuses write nothing: a negative amount, a blank key, a 0-point award, an award "
            "expiring on its day, reversing an unknown or an already reversed award",
            "by reading the rules: out_of_range, empty, out_of_range, out_of_range (0 each); then 168.40 → 16; unknown award → "
            "invalid_field (16); reversing pay-1/on_time_payment → −16 (0); again under a new key → duplicate (0)",
            POINTS, [paid("pay-0", "2026-11-05", "-168.40"), paid("  ", "2026-11-05", "168.40"),
                     op("award", key="a-1", date="2026-11-05", points=0, expires_on="2026-12-05"),
                     op("award", key="a-1", date="2026-11-05", points=10, expires_on="2026-11-05"),
                     paid("pay-1", "2026-11-05", "168.40"),
                     op("reverse", key="rev-0", date="2026-11-06", award_key="nope", shortfall="refuse"),
                     op("reverse", key="rev-1", date="2026-11-06", award_key="pay-1/on_time_payment", shortfall="refuse"),
                     op("reverse", key="rev-2", date="2026-11-06", award_key="pay-1/on_time_payment", shortfall="refuse")],
            ["out_of_range", "empty", "out_of_range", "out_of_range", 16, "invalid_field", 0, "duplicate"])
# JSON a typed binding cannot build (a float for money, an operation that does not exist):
# kept apart so that such runners can send these steps as JSON or skip them.
# (A float amount is refused by each binding's own conversion, which names the field more
# precisely than the JSON form can: tested per binding, not here.)
points_case("points-unparseable-steps", "an operation the format does not have is refused as an invalid field and writes nothing",
            "by reading the format: op `gift` → invalid_field at operation.op; then 168.40 → 16",
            POINTS, [op("gift", key="g-1", date="2026-11-05", points=1), paid("pay-1", "2026-11-05", "168.40")],
            ["invalid_field", 16])

points_case("points-error-paths-inside-steps", "an error inside an operation or an event names the field that is wrong, not the whole step",
            "by reading the format: points \"1.5\" → invalid_field at operation.points; a redemption without points → "
            "invalid_field at operation.points; a referral without referred_customer_id → invalid_field at "
            "event.event.referred_customer_id; a bill_paid with due_date 2026-02-30 → invalid_field at event.event.due_date; "
            "then 168.40 → 16",
            POINTS, [op("redeem", key="r-1", date="2026-11-05", points="1.5"), op("redeem", key="r-2", date="2026-11-05"),
                     happened("ref-1", "2026-11-05", "referral"),
                     paid("pay-0", "2026-11-05", "168.40", due="2026-02-30"), paid("pay-1", "2026-11-05", "168.40")],
            ["invalid_field", "invalid_field", "invalid_field", "invalid_field", 16])

def broken_book(mutate):
    b = copy.deepcopy(POINTS)
    mutate(b["rules"])
    return b


points_error_case("points-invalid-unknown-field", "a condition on a field the event does not have",
                  broken_book(lambda r: r[0]["when"][0].update(field="days_overdue")), "invalid_field", "points.rules[0].when[0].field")
points_error_case("points-invalid-cap-zero", "a cap of 0 would switch the rule off: it is refused",
                  broken_book(lambda r: r[0]["caps"].update(per_day=0)), "out_of_range", "points.rules[0].caps.per_day")
points_error_case("points-invalid-proportional-text", "proportional points of a text field (channel)",
                  broken_book(lambda r: r[0]["points"].update(of="channel")), "invalid_field", "points.rules[0].points.of")
points_error_case("points-invalid-duplicate-code", "two rules with one code (caps and award keys count by it)",
                  broken_book(lambda r: r[1].update(code="on_time_payment")), "duplicate", "points.rules[1].code")
points_error_case("points-invalid-ordered-text", "gt on a text field compares nothing",
                  broken_book(lambda r: r[1]["when"][0].update(op="gt")), "invalid_field", "points.rules[1].when[0].value")



# --- Messaging: notices rendered from the built-in set, and delivery plans -----------------

def notice_case(name, description, checked, code, channel, locale, values, hand, templates="builtin"):
    CASES.append({"name": name, "kind": "notice", "description": description, "checked": checked, "hand_check": hand,
                  "input": {"templates": templates, "code": code, "channel": channel, "locale": locale, "values": values}})


def delivery_case(name, description, checked, hand, **input):
    CASES.append({"name": name, "kind": "delivery", "description": description, "checked": checked, "hand_check": hand, "input": input})


BILL_VALUES = {"name": "张伟", "account": "3300012345", "period": "2026年11月", "kwh": "300", "amount": "168.40", "due_date": "2026-12-15"}
notice_case("notice-bill-sms-zh", "the bill notice SMS: signature counted, name and account masked, amount as the bill has it, date in Chinese",
            "by hand: 【国网浙江电力】 8 + 尊敬的张*， 6 + 您的户号******2345， 15 + 2026年11月用电300千瓦时， 17 + 电费168.40 元， 11 + "
            "请于2026年12月15日前缴纳。 17 = 74 characters > 70 → parts of 67: 2 segments",
            "bill_notice", "sms", "zh-CN", BILL_VALUES,
            {"text": "【国网浙江电力】尊敬的张*，您的户号******2345，2026年11月用电300千瓦时，电费168.40 元，请于2026年12月15日前缴纳。", "length": 74, "segments": 2})
notice_case("notice-bill-sms-en", "the English bill notice: ¥ amount, day month year, one name letter shown",
            "by hand: 8 + 94 = 102 characters → 2 segments (67 + 35)",
            "bill_notice", "sms", "en", dict(BILL_VALUES, name="Zhang Wei", period="Nov 2026"),
            {"text": "【国网浙江电力】Dear Z********, account ******2345: Nov 2026 usage 300 kWh, amount due ¥168.40 by 15 Dec 2026.", "length": 102, "segments": 2})
notice_case("notice-arrears-sms-zh", "the arrears reminder carries the late fee computed by the billing module (domain example 4: 1.00 元 minimum)",
            "by hand: 【国网浙江电力】尊敬的李*，您的户号******3456截至2026年11月23日欠费96.89 元，已产生违约金1.00 元，请尽快缴纳以免影响用电。 = 8 + 68 = 76 → 2 segments",
            "arrears_reminder", "sms", "zh-CN", {"name": "李娜", "account": "1100023456", "arrears": "96.89", "late_fee": "1.00", "as_of": "2026-11-23"},
            {"text": "【国网浙江电力】尊敬的李*，您的户号******3456截至2026年11月23日欠费96.89 元，已产生违约金1.00 元，请尽快缴纳以免影响用电。", "length": 76, "segments": 2})
notice_case("notice-payment-received-sms-zh", "payment received: date-time in Chinese, one SMS",
            "by hand: 8 + 【…】您的户号******2345于2026年12月5日 09:30通过网上国网缴费168.40 元，已到账，感谢您的支持。 = 8 + 59 = 67 ≤ 70 → 1 segment",
            "payment_received", "sms", "zh-CN", {"account": "3300012345", "amount": "168.40", "paid_at": "2026-12-05T09:30:00", "channel": "网上国网"},
            {"text": "【国网浙江电力】您的户号******2345于2026年12月5日 09:30通过网上国网缴费168.40 元，已到账，感谢您的支持。", "length": 67, "segments": 1})
notice_case("notice-payment-received-push-zh", "payment received as an app push: title and body within 20 and 100 characters",
            "by reading the template", "payment_received", "push", "zh-CN", {"account": "3300012345", "amount": "5427.99"},
            {"title": "缴费成功", "body": "户号******2345已缴费5,427.99 元。"})
notice_case("notice-points-push-en", "points awarded as an English push",
            "by reading the template: points and balance from the points step of the run", "points_awarded", "push", "en",
            {"points": "87", "balance": "87", "reason": "Paid on time"},
            {"title": "+87 points", "body": "Paid on time: 87 points. Balance 87."})
notice_case("notice-outage-sms-zh", "an outage notice with a local date-time range",
            "by hand: 8 + 因线路检修，杭州西湖区文三路将于2026年11月25日 08:00至2026年11月25日 12:00停电，请提前做好准备。 (62) = 70 → exactly one SMS (71 would be two)",
            "outage_notice", "sms", "zh-CN", {"reason": "线路检修", "area": "杭州西湖区文三路", "from": "2026-11-25T08:00:00", "to": "2026-11-25T12:00:00"},
            {"text": "【国网浙江电力】因线路检修，杭州西湖区文三路将于2026年11月25日 08:00至2026年11月25日 12:00停电，请提前做好准备。", "length": 70, "segments": 1})
notice_case("notice-bill-wechat-truncated", "WeChat thing fields hold 20 characters; the template states truncate: 19 characters and …",
            "by hand: the amount field takes WeChat's form 168.40元 (no space, no grouping); the tip has 36 characters → its first 19 (请通过网上国网App缴费，逾期将按日加) and … (20); the period field 2026年11月电费 is 10, untouched",
            "bill_notice", "wechat", "zh-CN", {"account": "3300012345", "period": "2026年11月", "amount": "168.40", "due_date": "2026-12-15", "tip": "请通过网上国网App缴费，逾期将按日加收电费违约金，详情请咨询95598"},
            {"fields": [["character_string1", "******2345"], ["thing2", "2026年11月电费"], ["amount3", "168.40元"], ["date4", "2026年12月15日"], ["thing5", "请通过网上国网App缴费，逾期将按日加…"]]})
notice_case("notice-bill-email-en-escaped", "an e-mail: the subject is plain text, the HTML body escapes values",
            "by reading the template: < and > in a value become &lt; &gt; in the body only", "bill_notice", "email", "en",
            dict(BILL_VALUES, name="Tom", period="Nov <2026>"),
            {"subject": "Your electricity bill for Nov <2026>: ¥168.40", "html": "<p>Dear T**,</p><p>Account ******2345 used 300 kWh in Nov &lt;2026&gt;. The amount due is <b>¥168.40</b>, payable by 15 Dec 2026.</p>"})
notice_case("notice-marketing-sms-en", "a marketing SMS ends with the registered opt-out phrase",
            "by hand: 8 + Hello 王*, switch to e-bills and get 50 points. 拒收请回复R (53) = 61 → 1 segment",
            "e_bill_invitation", "sms", "en", {"name": "王芳", "points": "50"},
            {"text": "【国网浙江电力】Hello 王*, switch to e-bills and get 50 points. 拒收请回复R", "length": 61, "segments": 1})
notice_case("notice-error-missing-value", "a declared variable without a value is an error naming it, never an empty string",
            "by reading the rules", "bill_notice", "sms", "zh-CN", {k: v for k, v in BILL_VALUES.items() if k != "due_date"},
            {"error": "missing_value", "path": "values.due_date"})
notice_case("notice-error-extra-value", "a value the template does not declare is an error naming it",
            "by reading the rules", "bill_notice", "sms", "zh-CN", dict(BILL_VALUES, colour="red"), {"error": "invalid_field", "path": "values.colour"})
notice_case("notice-error-amount-not-rounded", "an amount with 3 decimals is refused: a notice never re-rounds a bill's amount",
            "by reading the rules", "bill_notice", "sms", "zh-CN", dict(BILL_VALUES, amount="168.405"), {"error": "invalid_field", "path": "values.amount"})
notice_case("notice-error-text-too-long", "a text value longer than its declaration is refused",
            "by hand: period is declared max_len 20; 21 characters given", "bill_notice", "sms", "zh-CN", dict(BILL_VALUES, period="x" * 21),
            {"error": "too_long", "path": "values.period"})
notice_case("notice-error-no-such-template", "a notice without a template for the channel and locale is refused",
            "by reading the built-in set: the outage notice has no push template", "outage_notice", "push", "zh-CN", {}, {"error": "invalid_field", "path": "code"})
SMALL_SET = {"sms": {"signature": "国网浙江电力", "opt_out": "拒收请回复R"}, "templates": [
    {"code": "promo", "name": {"zh": "活动", "en": "Promotion"}, "channel": "sms", "category": "marketing", "locale": "zh-CN",
     "variables": [{"name": "points", "type": "text", "max_len": 8}], "sms": {"text": "开通电子账单送{{ points }}积分"}}]}
notice_case("notice-error-marketing-without-opt-out", "a marketing SMS template without the opt-out phrase is refused when the set is loaded",
            "by reading the rules", "promo", "sms", "zh-CN", {"points": "50"}, {"error": "invalid_field", "path": "messages.templates[0].sms.text"}, templates=SMALL_SET)
UNDECLARED = copy.deepcopy(SMALL_SET)
UNDECLARED["templates"][0].update(category="service", sms={"text": "开通电子账单送{{ point }}积分"})
notice_case("notice-error-undeclared-variable", "a template using a variable it does not declare is refused when loaded (the typo is named)",
            "by reading the rules", "promo", "sms", "zh-CN", {"points": "50"}, {"error": "invalid_field", "path": "messages.templates[0].sms.text"}, templates=UNDECLARED)

SMS_BOTH = [{"channel": "sms", "service": True, "marketing": True}]
delivery_case("delivery-marketing-in-hours", "marketing at 20:59 goes now", "by the window 08:00 ≤ t < 21:00",
              {"action": "send_now", "at": "2026-11-23T20:59:00", "reason": "in_hours"},
              channel="sms", category="marketing", consent=SMS_BOTH, history=[], as_of="2026-11-23T20:59:00")
delivery_case("delivery-marketing-at-21-defers", "marketing at 21:00 waits for 08:00 the next day", "by the window: 21:00 is outside",
              {"action": "defer", "at": "2026-11-24T08:00:00", "reason": "quiet_hours"},
              channel="sms", category="marketing", consent=SMS_BOTH, history=[], as_of="2026-11-23T21:00:00")
delivery_case("delivery-marketing-early-defers-same-day", "marketing at 07:59 waits for 08:00 the same day", "by the window",
              {"action": "defer", "at": "2026-11-24T08:00:00", "reason": "quiet_hours"},
              channel="sms", category="marketing", consent=SMS_BOTH, history=[], as_of="2026-11-24T07:59:00")
delivery_case("delivery-service-at-night", "an outage notice at 23:30 goes now: service notices bypass quiet hours", "by the rules",
              {"action": "send_now", "at": "2026-11-23T23:30:00", "reason": "service"},
              channel="sms", category="service", consent=SMS_BOTH, history=[], as_of="2026-11-23T23:30:00")
delivery_case("delivery-service-without-consent", "a service notice on a channel without consent is suppressed", "by the rules: consent applies to service too",
              {"action": "suppress", "at": None, "reason": "no_consent"},
              channel="push", category="service", consent=SMS_BOTH, history=[], as_of="2026-11-23T10:00:00")
delivery_case("delivery-marketing-daily-cap", "a second marketing message on the same day is suppressed (cap 1 a day)", "by hand: one sent at 09:00 today",
              {"action": "suppress", "at": None, "reason": "daily_cap"},
              channel="sms", category="marketing", consent=SMS_BOTH, history=[{"channel": "wechat", "category": "marketing", "at": "2026-11-23T09:00:00"}],
              as_of="2026-11-23T10:00:00")
delivery_case("delivery-marketing-weekly-cap", "three marketing messages in the 7 days before suppress a fourth (cap 3)",
              "by hand: 11-17, 11-19 and 11-21 10:00 are within 7 × 24 h of 11-23 09:00 → 3",
              {"action": "suppress", "at": None, "reason": "weekly_cap"},
              channel="sms", category="marketing", consent=SMS_BOTH,
              history=[{"channel": "sms", "category": "marketing", "at": f"2026-11-{d}T10:00:00"} for d in (17, 19, 21)],
              as_of="2026-11-23T09:00:00")
delivery_case("delivery-marketing-week-boundary", "a message exactly 7 days before does not count, nor do service notices",
              "by hand: 11-16 09:00 is 7 × 24 h before 11-23 09:00 (outside); 11-17 and 11-19 count (2); the service notice on 11-22 does not → 2 < 3",
              {"action": "send_now", "at": "2026-11-23T09:00:00", "reason": "in_hours"},
              channel="sms", category="marketing", consent=SMS_BOTH,
              history=[{"channel": "sms", "category": "marketing", "at": "2026-11-16T09:00:00"}, {"channel": "sms", "category": "marketing", "at": "2026-11-17T10:00:00"},
                       {"channel": "wechat", "category": "marketing", "at": "2026-11-19T10:00:00"}, {"channel": "sms", "category": "service", "at": "2026-11-22T10:00:00"}],
              as_of="2026-11-23T09:00:00")
delivery_case("delivery-deferred-counts-the-day-it-goes", "at 21:30, after one marketing message today, the next goes tomorrow 08:00: the cap counts the day it is sent",
              "by hand: today's 09:00 message does not count for 11-24; 1 a day → deferred, not suppressed",
              {"action": "defer", "at": "2026-11-24T08:00:00", "reason": "quiet_hours"},
              channel="sms", category="marketing", consent=SMS_BOTH,
              history=[{"channel": "sms", "category": "marketing", "at": "2026-11-23T09:00:00"}], as_of="2026-11-23T21:30:00")
delivery_case("delivery-custom-hours", "a policy with marketing hours 09:00–20:00 defers a message at 08:30 to 09:00", "by the window",
              {"action": "defer", "at": "2026-11-23T09:00:00", "reason": "quiet_hours"},
              channel="sms", category="marketing", consent=SMS_BOTH, history=[], as_of="2026-11-23T08:30:00",
              policy={"marketing_hours": {"start": "09:00:00", "end": "20:00:00"}, "marketing_per_day": 2, "marketing_per_week": 5})
# ── payments (缴费 / 退费) ─────────────────────────────────────────────────────────────
def account(cls="residential", **policy):
    a = {"account_id": "1100023456", "customer_class": cls}
    if policy:
        a["policy"] = policy
    return a


def issue(bill_id, month, due, amount, components=None, issued_on=None, key=None):
    bill = {"bill_id": bill_id, "bill_month": month, "due_date": due, "amount": amount}
    if components:
        bill["components"] = [{"code": c, "amount": a} for c, a in components]
    return {"operation": {"op": "issue", "key": key or f"issue-{bill_id}", "issued_on": issued_on or f"{month}-28", "bill": bill}}


def pay(key, amount, at, channel="counter", bill_id=None, txn_no=None):
    o = {"op": "pay", "key": key, "channel": channel, "txn_no": txn_no or f"T-{key}", "amount": amount, "paid_at": at}
    if bill_id:
        o["bill_id"] = bill_id
    return {"operation": o}


def reverse(key, payment_key, at):
    return {"operation": {"op": "reverse", "key": key, "payment_key": payment_key, "at": at}}


def refund(key, amount, at, payment_key=None):
    o = {"op": "refund", "key": key, "amount": amount, "at": at, "channel": "counter", "txn_no": f"R-{key}"}
    if payment_key:
        o["payment_key"] = payment_key
    return {"operation": o}


def write_off(key, bill_id, on):
    return {"operation": {"op": "write_off", "key": key, "on": on, "bill_id": bill_id}}


def adjust(key, bill_id, component, amount, on):
    return {"operation": {"op": "adjust", "key": key, "on": on, "bill_id": bill_id, "component": component, "amount": amount}}


def ok(due, prepaid="0.00", *alloc):
    h = {"due": due, "prepaid": prepaid}
    if alloc:
        h["alloc"] = list(alloc)
    return h


def failed(code):
    return {"error": code}


def payments_case(name, description, checked, account_, steps, hand):
    """`hand`: per step, the balances after it (and the derived entries it wrote, as
    kind:bill:component:amount), its error code, the arrears view's figures or the
    points events; or, for an account that is refused, {"error": code}."""
    assert isinstance(hand, dict) or len(steps) == len(hand), name
    CASES.append({"name": name, "kind": "payments", "description": description, "checked": checked,
                  "hand_check": hand if isinstance(hand, dict) else {"steps": hand}, "input": {"account": account_, "steps": steps}})


B10 = issue("2026-10", "2026-10", "2026-11-10", "200.00")
# A second open bill, issued on 1 November (operations take their place by time: a
# payment before a bill's issue day cannot pay it).
B11 = issue("2026-11", "2026-11", "2026-12-10", "150.00", issued_on="2026-11-01")
NEXT_BILL = issue("2026-11", "2026-11", "2026-12-10", "150.00", issued_on="2026-12-01")
A100 = issue("A", "2026-10", "2026-11-10", "100.00")
B100 = issue("B", "2026-11", "2026-12-10", "100.00", issued_on="2026-11-01")

payments_case("payments-paid-in-full-on-time", "a bill paid in full before its due date: no late fee, nothing open",
              "by hand: 200.00 − 200.00 = 0", account(),
              [B10, pay("p-1", "200.00", "2026-11-05T10:00:00")],
              [ok("200.00"), ok("0.00", "0.00", "allocation:2026-10:energy:200.00")])
payments_case("payments-partial-payment", "a partial payment leaves the rest open",
              "by hand: 200.00 − 80.00 = 120.00", account(),
              [B10, pay("p-1", "80.00", "2026-11-05T10:00:00")],
              [ok("200.00"), ok("120.00", "0.00", "allocation:2026-10:energy:80.00")])
payments_case("payments-late-fee-as-of-payment", "ten days late: the late fee as of the payment day is assessed and paid before the principal",
              "by hand: 200.00 × 1‰ × 10 days (11-11 … 11-20) = 2.00; 202.00 = 2.00 fee + 200.00", account(),
              [B10, pay("p-1", "202.00", "2026-11-20T09:30:00")],
              [ok("200.00"), ok("0.00", "0.00", "late_fee:2026-10:late_fee:2.00", "allocation:2026-10:late_fee:2.00", "allocation:2026-10:energy:200.00")])
payments_case("payments-late-fee-minimum", "two days late: 0.60 is raised to the 1 元 minimum",
              "by hand: 300.00 × 1‰ × 2 = 0.60 < 1.00 → 1.00; 301.00 pays all", account(),
              [issue("2026-10", "2026-10", "2026-11-10", "300.00"), pay("p-1", "301.00", "2026-11-12T12:00:00")],
              [ok("300.00"), ok("0.00", "0.00", "late_fee:2026-10:late_fee:1.00", "allocation:2026-10:late_fee:1.00", "allocation:2026-10:energy:300.00")])
payments_case("payments-late-fee-across-new-year", "a business customer's December bill paid in January: 2‰ to 31 December, 3‰ from 1 January",
              "by hand: 10000.00 × 2‰ × 6 (12-26 … 12-31) = 120.00; × 3‰ × 5 (01-01 … 01-05) = 150.00; 270.00", account("non_residential"),
              [issue("2026-11", "2026-11", "2026-12-25", "10000.00"), pay("p-1", "10270.00", "2027-01-05T10:00:00")],
              [ok("10000.00"), ok("0.00", "0.00", "late_fee:2026-11:late_fee:270.00", "allocation:2026-11:late_fee:270.00", "allocation:2026-11:energy:10000.00")])
payments_case("payments-late-fee-accrues-on-what-is-open", "after a partial late payment the fee runs on the principal still open",
              "by hand: 11-20: 200.00 × 1‰ × 10 = 2.00; 100.00 pays 2.00 + 98.00 (102.00 open); 11-30: 102.00 × 1‰ × 10 = 1.02; 103.02 pays all",
              account(),
              [B10, pay("p-1", "100.00", "2026-11-20T10:00:00"), pay("p-2", "103.02", "2026-11-30T10:00:00")],
              [ok("200.00"), ok("102.00", "0.00", "late_fee:2026-10:late_fee:2.00", "allocation:2026-10:late_fee:2.00", "allocation:2026-10:energy:98.00"),
               ok("0.00", "0.00", "late_fee:2026-10:late_fee:1.02", "allocation:2026-10:late_fee:1.02", "allocation:2026-10:energy:102.00")])
payments_case("payments-late-fee-after-principal", "with late_fee after_principal (先电费后违约金) the principal is paid first and the fee stays open",
              "by hand: fee 2.00 assessed; 200.00 pays the principal; 2.00 open", account(late_fee="after_principal"),
              [B10, pay("p-1", "200.00", "2026-11-20T09:30:00")],
              [ok("200.00"), ok("2.00", "0.00", "late_fee:2026-10:late_fee:2.00", "allocation:2026-10:energy:200.00")])
payments_case("payments-oldest-arrears-first", "先陈欠后当期: the oldest bill is paid first, the rest goes to the next",
              "by hand: 120.00 → 100.00 to A, 20.00 to B; 200.00 − 120.00 = 80.00 open", account(),
              [A100, B100, pay("p-1", "120.00", "2026-11-05T10:00:00")],
              [ok("100.00"), ok("200.00"), ok("80.00", "0.00", "allocation:A:energy:100.00", "allocation:B:energy:20.00")])
payments_case("payments-newest-first", "with order newest_first the newest bill is paid first",
              "by hand: 120.00 → 100.00 to B, 20.00 to A", account(order="newest_first"),
              [A100, B100, pay("p-1", "120.00", "2026-11-05T10:00:00")],
              [ok("100.00"), ok("200.00"), ok("80.00", "0.00", "allocation:B:energy:100.00", "allocation:A:energy:20.00")])
payments_case("payments-exact-match-first", "with exact_match_first a payment of exactly one bill's amount due pays that bill",
              "by hand: 150.00 = bill 2026-11 → it is paid; 200.00 stays open", account(exact_match_first=True),
              [B10, B11, pay("p-1", "150.00", "2026-11-05T10:00:00")],
              [ok("200.00"), ok("350.00"), ok("200.00", "0.00", "allocation:2026-11:energy:150.00")])
payments_case("payments-exact-match-counts-the-late-fee", "the exact match compares the amount due with the late fee as of the payment day",
              "by hand: 11-20: A due 100.00 + 100.00 × 1‰ × 10 = 1.00 → 101.00; the 101.00 payment matches A, not the 101.00 of B",
              account(exact_match_first=True),
              [A100, issue("B", "2026-11", "2026-12-10", "101.00", issued_on="2026-11-01"), pay("p-1", "101.00", "2026-11-20T10:00:00")],
              [ok("100.00"), ok("201.00"), ok("101.00", "0.00", "late_fee:A:late_fee:1.00", "allocation:A:late_fee:1.00", "allocation:A:energy:100.00")])
payments_case("payments-named-bill", "a payment naming a bill pays it first, the rest the other bills in order",
              "by hand: 160.00 → 150.00 to 2026-11 (named), 10.00 to 2026-10", account(),
              [B10, B11, pay("p-1", "160.00", "2026-11-05T10:00:00", bill_id="2026-11")],
              [ok("200.00"), ok("350.00"), ok("190.00", "0.00", "allocation:2026-11:energy:150.00", "allocation:2026-10:energy:10.00")])
payments_case("payments-named-bill-rest-prepaid", "with named_bill_rest prepaid the rest of a named payment is held as prepaid",
              "by hand: 160.00 → 150.00 to 2026-11, 10.00 prepaid; 200.00 open", account(named_bill_rest="prepaid"),
              [B10, B11, pay("p-1", "160.00", "2026-11-05T10:00:00", bill_id="2026-11")],
              [ok("200.00"), ok("350.00"), ok("200.00", "10.00", "allocation:2026-11:energy:150.00")])
payments_case("payments-component-priority", "within a bill components are paid in the policy's order: funds before energy",
              "by hand: bill 100.00 = energy 90.00 + funds 10.00; 50.00 → funds 10.00, energy 40.00", account(components=["funds", "energy"]),
              [issue("A", "2026-10", "2026-11-10", "100.00", [("energy", "90.00"), ("funds", "10.00")]), pay("p-1", "50.00", "2026-11-05T10:00:00")],
              [ok("100.00"), ok("50.00", "0.00", "allocation:A:funds:10.00", "allocation:A:energy:40.00")])
payments_case("payments-components-in-bill-order", "without a priority list components are paid in the bill's order",
              "by hand: 50.00 → energy 50.00 of 90.00", account(),
              [issue("A", "2026-10", "2026-11-10", "100.00", [("energy", "90.00"), ("funds", "10.00")]), pay("p-1", "50.00", "2026-11-05T10:00:00")],
              [ok("100.00"), ok("50.00", "0.00", "allocation:A:energy:50.00")])
payments_case("payments-prepaid-first-in-first-out", "overpayments are prepaid and pay the next bill when it is issued, oldest first",
              "by hand: 130.00 → 100.00 to A, 30.00 prepaid; 40.00 prepaid (70.00); B 50.00 ← 30.00 of p-1 then 20.00 of p-2; 20.00 left",
              account(),
              [A100, pay("p-1", "130.00", "2026-11-05T10:00:00"), pay("p-2", "40.00", "2026-11-06T10:00:00"),
               issue("B", "2026-11", "2026-12-10", "50.00")],
              [ok("100.00"), ok("0.00", "30.00", "allocation:A:energy:100.00"), ok("0.00", "70.00"),
               ok("0.00", "20.00", "allocation:B:energy:30.00", "allocation:B:energy:20.00")])
payments_case("payments-paid-twice-two-channels", "a bill paid in the app and again by WeChat: the second payment is prepaid and pays the next bill",
              "by hand: 200.00 in the app; 200.00 by wechat → prepaid 200.00; next bill 150.00 ← 150.00; 50.00 prepaid",
              account(),
              [B10, pay("app-1", "200.00", "2026-11-05T10:00:00", "app"), pay("wx-1", "200.00", "2026-11-05T10:05:00", "wechat"), NEXT_BILL],
              [ok("200.00"), ok("0.00", "0.00", "allocation:2026-10:energy:200.00"), ok("0.00", "200.00"), ok("0.00", "50.00", "allocation:2026-11:energy:150.00")])
payments_case("payments-idempotent-retry", "the same payment sent twice is applied once: the retry replays the first outcome",
              "by hand: 80.00 once → 120.00 open", account(),
              [B10, pay("p-1", "80.00", "2026-11-05T10:00:00"), pay("p-1", "80.00", "2026-11-05T10:00:00")],
              [ok("200.00"), ok("120.00", "0.00", "allocation:2026-10:energy:80.00"), ok("120.00", "0.00", "allocation:2026-10:energy:80.00")])
payments_case("payments-retry-after-a-later-payment", "a retry that comes after a later payment replays its first outcome, balances included; the ledger keeps its own",
              "by hand: p-1 80.00 → 120.00 open; p-2 50.00 → 70.00; p-1 again → replayed: 120.00 as p-1 left it, nothing written (the ledger stays at 70.00)",
              account(),
              [B10, pay("p-1", "80.00", "2026-11-05T10:00:00"), pay("p-2", "50.00", "2026-11-06T10:00:00"), pay("p-1", "80.00", "2026-11-05T10:00:00")],
              [ok("200.00"), ok("120.00", "0.00", "allocation:2026-10:energy:80.00"), ok("70.00", "0.00", "allocation:2026-10:energy:50.00"),
               ok("120.00", "0.00", "allocation:2026-10:energy:80.00")])
payments_case("payments-idempotency-conflict", "the same key with another amount is refused and writes nothing",
              "by hand: 80.00 then 90.00 under p-1 → idempotency_conflict; 120.00 open", account(),
              [B10, pay("p-1", "80.00", "2026-11-05T10:00:00"), pay("p-1", "90.00", "2026-11-05T10:00:00")],
              [ok("200.00"), ok("120.00", "0.00", "allocation:2026-10:energy:80.00"), failed("idempotency_conflict")])
payments_case("payments-reversal-reopens", "a reversal (冲正) undoes the payment's allocations and re-opens the bill",
              "by hand: 200.00 paid; reversal → −200.00 allocation; 200.00 open", account(),
              [B10, pay("p-1", "200.00", "2026-11-05T10:00:00"), reverse("r-1", "p-1", "2026-11-05T16:00:00")],
              [ok("200.00"), ok("0.00", "0.00", "allocation:2026-10:energy:200.00"), ok("200.00", "0.00", "allocation:2026-10:energy:-200.00")])
payments_case("payments-reversal-re-allocates-later-payments", "reversing an earlier payment moves a later one to the oldest bill, as if the first had never been made",
              "by hand: p-1 100.00 → A, p-2 100.00 → B; reverse p-1: p-1 −100.00 from A, p-2 −100.00 from B, p-2 +100.00 to A; B's 100.00 open",
              account(),
              [A100, B100, pay("p-1", "100.00", "2026-11-05T10:00:00"), pay("p-2", "100.00", "2026-11-06T10:00:00"), reverse("r-1", "p-1", "2026-11-07T10:00:00")],
              [ok("100.00"), ok("200.00"), ok("100.00", "0.00", "allocation:A:energy:100.00"), ok("0.00", "0.00", "allocation:B:energy:100.00"),
               ok("100.00", "0.00", "allocation:A:energy:-100.00", "allocation:B:energy:-100.00", "allocation:A:energy:100.00")])
payments_case("payments-reversal-then-the-payment-again", "a reversed payment made again (a new key) restores the state before the reversal",
              "by hand: 200.00 paid, reversed (200.00 open), paid again (0.00)", account(),
              [B10, pay("p-1", "200.00", "2026-11-05T10:00:00"), reverse("r-1", "p-1", "2026-11-05T16:00:00"), pay("p-2", "200.00", "2026-11-05T17:00:00")],
              [ok("200.00"), ok("0.00", "0.00", "allocation:2026-10:energy:200.00"), ok("200.00", "0.00", "allocation:2026-10:energy:-200.00"),
               ok("0.00", "0.00", "allocation:2026-10:energy:200.00")])
payments_case("payments-reversal-errors", "a reversal of no payment, a second reversal, and a reversal dated before its payment are refused",
              "by the rules: unknown_reference, already_reversed, out_of_range", account(),
              [B10, pay("p-1", "200.00", "2026-11-05T10:00:00"), reverse("r-0", "p-9", "2026-11-05T16:00:00"), reverse("r-1", "p-1", "2026-11-05T09:00:00"),
               reverse("r-2", "p-1", "2026-11-05T16:00:00"), reverse("r-3", "p-1", "2026-11-05T17:00:00")],
              [ok("200.00"), ok("0.00", "0.00", "allocation:2026-10:energy:200.00"), failed("unknown_reference"), failed("out_of_range"),
               ok("200.00", "0.00", "allocation:2026-10:energy:-200.00"), failed("already_reversed")])
payments_case("payments-refund-prepaid", "a refund (退费) pays out prepaid money, never more than there is",
              "by hand: 250.00 → 200.00 + 50.00 prepaid; refund 30.00 (20.00); refund 30.00 > 20.00 → refund_too_large", account(),
              [B10, pay("p-1", "250.00", "2026-11-05T10:00:00"), refund("f-1", "30.00", "2026-11-06T10:00:00"), refund("f-2", "30.00", "2026-11-06T11:00:00")],
              [ok("200.00"), ok("0.00", "50.00", "allocation:2026-10:energy:200.00"), ok("0.00", "20.00"), failed("refund_too_large")])
payments_case("payments-refund-of-one-payment", "a refund naming a payment pays out only that payment's unapplied rest",
              "by hand: p-1 rest 50.00, p-2 30.00 (80.00 prepaid); refund 40.00 of p-2 → refund_too_large; 30.00 of p-2 → 50.00 left", account(),
              [B10, pay("p-1", "250.00", "2026-11-05T10:00:00"), pay("p-2", "30.00", "2026-11-05T11:00:00"),
               refund("f-1", "40.00", "2026-11-06T10:00:00", "p-2"), refund("f-2", "30.00", "2026-11-06T10:00:00", "p-2")],
              [ok("200.00"), ok("0.00", "50.00", "allocation:2026-10:energy:200.00"), ok("0.00", "80.00"), failed("refund_too_large"), ok("0.00", "50.00")])
payments_case("payments-reversal-refused-after-refund", "a payment whose rest was refunded cannot be reversed: the refund would be more than is refundable",
              "by hand: 250.00 → 50.00 prepaid; refund 50.00; reversing p-1 would leave the refund unfunded → refund_too_large", account(),
              [B10, pay("p-1", "250.00", "2026-11-05T10:00:00"), refund("f-1", "50.00", "2026-11-06T10:00:00"), reverse("r-1", "p-1", "2026-11-07T10:00:00")],
              [ok("200.00"), ok("0.00", "50.00", "allocation:2026-10:energy:200.00"), ok("0.00", "0.00"), failed("refund_too_large")])
payments_case("payments-earlier-payment-arrives-late", "a bank payment made at 09:00 and delivered after the app's 15:00 payment is allocated first",
              "by hand: app 100.00 at 15:00 → A (100.00 × 1‰ × 21 = 2.10 fee + 97.90); bank 102.10 at 09:00 takes A (2.10 + 100.00) and the app's 100.00 moves to B",
              account(),
              [A100, B100, pay("app", "100.00", "2026-12-01T15:00:00", "app"), pay("bank", "102.10", "2026-12-01T09:00:00", "bank")],
              [ok("100.00"), ok("200.00"), ok("102.10", "0.00", "late_fee:A:late_fee:2.10", "allocation:A:late_fee:2.10", "allocation:A:energy:97.90"),
               ok("0.00", "0.00", "late_fee:A:late_fee:-2.10", "allocation:A:late_fee:-2.10", "allocation:A:energy:-97.90",
                  "late_fee:A:late_fee:2.10", "allocation:A:late_fee:2.10", "allocation:A:energy:100.00", "allocation:B:energy:100.00")])
payments_case("payments-write-off", "a write-off (核销) clears what is left of a bill; a second one has nothing to write off",
              "by hand: 200.00 − 80.00 = 120.00 written off; again → out_of_range", account(),
              [B10, pay("p-1", "80.00", "2026-11-05T10:00:00"), write_off("w-1", "2026-10", "2026-12-31"), write_off("w-2", "2026-10", "2026-12-31")],
              [ok("200.00"), ok("120.00", "0.00", "allocation:2026-10:energy:80.00"), ok("0.00", "0.00", "write_off:2026-10:energy:120.00"), failed("out_of_range")])
payments_case("payments-adjustments", "adjustments (退补): a credit of the energy charge, a debit of a new component, a credit of more than is open refused",
              "by hand: 200.00 − 20.00 = 180.00; + 5.00 funds = 185.00; credit 200.00 of energy's 180.00 → out_of_range", account(),
              [B10, adjust("a-1", "2026-10", "energy", "-20.00", "2026-11-03"), adjust("a-2", "2026-10", "funds", "5.00", "2026-11-03"),
               adjust("a-3", "2026-10", "energy", "-200.00", "2026-11-04")],
              [ok("200.00"), ok("180.00"), ok("185.00"), failed("out_of_range")])
payments_case("payments-reference-errors", "a second bill with an id in use, a payment naming no bill, a write-off of no bill",
              "by the rules: duplicate, unknown_reference, unknown_reference", account(),
              [B10, issue("2026-10", "2026-10", "2026-11-10", "10.00", key="issue-again"), pay("p-1", "10.00", "2026-11-05T10:00:00", bill_id="2099-01"),
               write_off("w-1", "2099-01", "2026-12-31")],
              [ok("200.00"), failed("duplicate"), failed("unknown_reference"), failed("unknown_reference")])
payments_case("payments-arrears-view", "the arrears view as of a date: open bills, the late fee to date, days overdue, prepaid",
              "by hand: 12-20: A 200.00 × 1‰ × 40 days (11-11 … 12-20) = 8.00 → 208.00, 40 days; B 150.00 × 1‰ × 10 = 1.50 → 151.50; 359.50 in all",
              account(),
              [B10, B11, {"arrears": "2026-12-20"}],
              [ok("200.00"), ok("350.00"), {"amount_due": "359.50", "late_fee": "9.50", "days_overdue": 40}])
payments_case("payments-arrears-after-a-partial-late-payment", "the view adds the fee accrued since the last payment to the fee assessed and unpaid",
              "by hand: 11-20 fee 2.00 (after principal: 200.00 − 150.00 = 50.00 open, 2.00 fee open); 11-30: 50.00 × 1‰ × 10 = 0.50 → 2.50 fee; 52.50 due",
              account(late_fee="after_principal"),
              [B10, pay("p-1", "150.00", "2026-11-20T10:00:00"), {"arrears": "2026-11-30"}],
              [ok("200.00"), ok("52.00", "0.00", "late_fee:2026-10:late_fee:2.00", "allocation:2026-10:energy:150.00"), {"amount_due": "52.50", "late_fee": "2.50", "days_overdue": 20}])
payments_case("payments-events-out", "a payment's points events (bill_paid per bill) and its notice values; a reversed payment's bill_refunded",
              "by hand: 350.00 pays 2026-10 (200.00) and 2026-11 (150.00): two bill_paid; p-2 reversed → one bill_refunded", account(),
              [B10, B11, pay("p-1", "350.00", "2026-11-05T10:00:00", "app"), {"events": "p-1"}, issue("2026-12", "2026-12", "2027-01-10", "90.00"),
               pay("p-2", "90.00", "2026-12-30T10:00:00"), reverse("r-2", "p-2", "2026-12-30T11:00:00"), {"events": "p-2"}],
              [ok("200.00"), ok("350.00"), ok("0.00", "0.00", "allocation:2026-10:energy:200.00", "allocation:2026-11:energy:150.00"),
               {"points": [["bill_paid", "200.00"], ["bill_paid", "150.00"]]}, ok("90.00"), ok("0.00", "0.00", "allocation:2026-12:energy:90.00"),
               ok("90.00", "0.00", "allocation:2026-12:energy:-90.00"), {"points": [["bill_refunded", None]]}])
payments_case("payments-input-errors", "bad operations name their field: a negative amount, a third decimal, components that do not add up, the late fee's code, an empty key",
              "by the format", account(),
              [pay("p-1", "-5.00", "2026-11-05T10:00:00"), pay("p-2", "5.001", "2026-11-05T10:00:00"),
               issue("A", "2026-10", "2026-11-10", "100.00", [("energy", "90.00"), ("funds", "5.00")]),
               issue("B", "2026-10", "2026-11-10", "100.00", [("late_fee", "100.00")]), pay(" ", "5.00", "2026-11-05T10:00:00")],
              [failed("negative"), failed("too_precise"), failed("invalid_field"), failed("invalid_field"), failed("empty")])
payments_case("payments-account-error", "an account without an id is refused", "by the format", {"account_id": "", "customer_class": "residential"},
              [], {"error": "empty"})


# ── annual bills under URDB rates (docs/urdb.md); the SAM-derived ones come from tools/sam_cases.py ──
SAM_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def urdb_schedule(peak_hours=()):
    return [[1 if h in peak_hours else 0 for h in range(24)] for _ in range(12)]


def annual_case(name, description, checked, urdb, request_, months, total_):
    CASES.append({"name": name, "kind": "annual_bill", "description": description, "checked": checked,
                  "hand_check": {"months": months, "total": total_}, "input": {"urdb": urdb, "request": request_}})


def annual_error(name, description, urdb, request_, error):
    error_case(name, "annual_bill", description, {"urdb": urdb, "request": request_}, error)


def hours(value, n=8760):
    return [value] * n


FLAT_URDB = {"name": "Flat 0.10 with 10 a month", "utility": "Hand Check Power", "energyratestructure": [[{"rate": 0.1}]],
             "energyweekdayschedule": urdb_schedule(), "energyweekendschedule": urdb_schedule(), "fixedchargefirstmeter": 10, "fixedchargeunits": "$/month"}
annual_case("annual-flat-fixed-sam", "a flat URDB rate and a monthly fixed charge over SAM's 365-day year, 1 kWh every hour",
            "by hand: January 744 × 0.10 + 10 = 84.40, February 672 × 0.10 + 10 = 77.20; the year 8760 × 0.10 + 12 × 10 = 996.00",
            FLAT_URDB, {"calendar": "sam", "hourly_kwh": hours("1")}, {"1": "84.40", "2": "77.20"}, "996.00")
DAILY_URDB = {"name": "Daily tiers", "utility": "Hand Check Power", "energyratestructure": [[{"rate": 0.12, "max": 10, "unit": "kWh daily"}, {"rate": 0.2, "unit": "kWh daily"}]],
              "energyweekdayschedule": urdb_schedule(), "energyweekendschedule": urdb_schedule()}
annual_case("annual-daily-tiers-leap-year", "\"kWh daily\" tier bounds × the month's days, in the real leap year 2024 (8784 hours)",
            "by hand: 24 kWh a day, 10 of them at 0.12 and 14 at 0.20 = 4.00 a day; January 310 × 0.12 + 434 × 0.20 = 124.00, February 290 × 0.12 + 406 × 0.20 = 116.00; the year 366 × 4.00 = 1464.00",
            DAILY_URDB, {"year": 2024, "hourly_kwh": hours("1", 8784)}, {"1": "124.00", "2": "116.00"}, "1464.00")
TOU_URDB = {"name": "Weekday afternoon peak", "utility": "Hand Check Power", "energyratestructure": [[{"rate": 0.1}], [{"rate": 0.3}]],
            "energyweekdayschedule": urdb_schedule(range(12, 18)), "energyweekendschedule": urdb_schedule()}
annual_case("annual-tou-real-year-holiday", "a weekday peak period in 2025, with 4 July (a Friday) billed on the weekend schedule",
            "by hand: a weekday is 6 × 0.30 + 18 × 0.10 = 3.60, a weekend day or holiday 24 × 0.10 = 2.40; July: 22 weekdays + 9 other days = 79.20 + 21.60 = 100.80; the year: 261 weekdays less the holiday = 260 × 3.60 + 105 × 2.40 = 936.00 + 252.00 = 1188.00",
            TOU_URDB, {"year": 2025, "hourly_kwh": hours("1"), "holidays": ["2025-07-04"]}, {"7": "100.80", "8": "99.60"}, "1188.00")
SHARE_URDB = {"name": "Shared tiers", "utility": "Hand Check Power", "dgrules": "Net Metering",
              "energyratestructure": [[{"rate": 0.1, "max": 250}, {"rate": 0.15}], [{"rate": 0.2, "max": 250}, {"rate": 0.3}]],
              "energyweekdayschedule": urdb_schedule(range(14, 19)), "energyweekendschedule": urdb_schedule(range(14, 19))}
annual_case("annual-proportional-shares", "proportional tiers: each tier shared between two periods by their kWh, the amount rounded once from the exact fraction",
            "by hand, January (744 kWh, 589 off-peak, 155 peak): 250 × 589 × 0.10 / 744 = 19.7917 → 19.79; 494 × 589 × 0.15 / 744 = 58.6625 → 58.66; 250 × 155 × 0.20 / 744 = 10.4167 → 10.42; 494 × 155 × 0.30 / 744 = 30.875 → 30.88; 119.75",
            SHARE_URDB, {"calendar": "sam", "hourly_kwh": hours("1")}, {"1": "119.75"}, "SHARES_TOTAL")
DEMAND_URDB = {"name": "Flat demand and a minimum", "utility": "Hand Check Power", "energyratestructure": [[{"rate": 0.1}]],
               "energyweekdayschedule": urdb_schedule(), "energyweekendschedule": urdb_schedule(),
               "flatdemandstructure": [[{"rate": 5, "max": 2}, {"rate": 8}]], "flatdemandmonths": [0] * 12, "flatdemandunit": "kW",
               "mincharge": 100, "minchargeunits": "$/month"}
DEMAND_LOAD = hours("0.1")
DEMAND_LOAD[10] = "3.5"  # a January peak
annual_case("annual-flat-demand-monthly-minimum", "a flat demand charge in two tiers on the month's peak, and a monthly minimum that tops up the low months",
            "by hand: January 743 × 0.1 + 3.5 = 77.80 kWh → 7.78, peak 3.5 kW = 2 × 5 + 1.5 × 8 = 22.00, 29.78 < 100 → top-up 70.22, total 100.00; every month tops up to 100.00 (February 67.2 kWh → 6.72 + 0.1 kW × 5 = 0.50 → 92.78); the year 1200.00",
            DEMAND_URDB, {"calendar": "sam", "hourly_kwh": DEMAND_LOAD}, {"1": "100.00", "2": "100.00"}, "1200.00")
ANNUAL_MIN_URDB = dict(FLAT_URDB, name="Annual minimum", mincharge=1200, minchargeunits="$/year")
annual_case("annual-minimum-in-december", "an annual minimum: the year's shortfall is added to December",
            "by hand: the year's charges 996.00 (as annual-flat-fixed-sam) < 1200 → December 84.40 + 204.00 = 288.40; the year 1200.00",
            ANNUAL_MIN_URDB, {"calendar": "sam", "hourly_kwh": hours("1")}, {"11": "82.00", "12": "288.40"}, "1200.00")
SHORT = {"calendar": "sam", "hourly_kwh": hours("1", 100)}
annual_error("annual-error-unsupported-coincident", "coincident demand is refused by name, not ignored", dict(FLAT_URDB, coincidentratestructure=[[{"rate": 1}]]), SHORT,
             err("tariff", "unsupported", "urdb.coincidentratestructure"))
annual_error("annual-error-unsupported-unit", "tier bounds in kWh/kW are refused by name", dict(FLAT_URDB, energyratestructure=[[{"rate": 0.1, "max": 100, "unit": "kWh/kW"}, {"rate": 0.2}]]), SHORT,
             err("tariff", "unsupported", "urdb.energyratestructure[0][0].unit"))
annual_error("annual-error-unknown-field", "a field gridcore does not know is refused, not ignored", dict(FLAT_URDB, demandratchet=[1]), SHORT,
             err("tariff", "unsupported", "urdb.demandratchet"))
annual_error("annual-error-demand-in-kva", "demand billed in kVA is refused by name", dict(DEMAND_URDB, flatdemandunit="kVA"), SHORT,
             err("tariff", "unsupported", "urdb.flatdemandunit"))
annual_error("annual-error-unknown-period", "a schedule naming a period with no rates", dict(FLAT_URDB, energyweekdayschedule=[[0] * 5 + [3] + [0] * 18] * 12), SHORT,
             err("tariff", "unknown_period", "urdb.energyweekdayschedule[0][5]"))
annual_error("annual-error-float-arithmetic-rate", "a rate with more than 15 significant digits (a floating-point sum such as 0.1 + 0.05) is refused, not rounded",
             dict(FLAT_URDB, energyratestructure=[[{"rate": 0.15000000000000002}]]), SHORT, err("tariff", "too_precise", "urdb.energyratestructure[0][0].rate"))
annual_error("annual-error-hours-short", "a load that is not the calendar's 8760 hours", FLAT_URDB, SHORT,
             err("metering", "out_of_range", "hourly_kwh"))
annual_error("annual-error-negative-hour", "a negative hourly kWh (the load is what the customer took)", FLAT_URDB, {"calendar": "sam", "hourly_kwh": ["1"] * 5 + ["-0.5"] + ["1"] * 8754},
             err("metering", "negative", "hourly_kwh[5]"))


def shares_total():
    """annual-proportional-shares by an independent route: each month's four lines."""
    total_ = D(0)
    for days in SAM_DAYS:
        month, peak = D(24 * days), D(5 * days)
        off, tier2 = month - peak, month - 250
        for tier, share, rate in ((D(250), off, "0.1"), (tier2, off, "0.15"), (D(250), peak, "0.2"), (tier2, peak, "0.3")):
            total_ += r2(tier * share * D(rate) / month)
    return str(total_)


for c in CASES:
    if c["name"] == "annual-proportional-shares":
        c["hand_check"]["total"] = shares_total()

# ── e-bills (电子账单) ─────────────────────────────────────────────────────────────────
# The input is {"bill": <bill request>, "before"?: <the previous month's request>, "after"?: <another request>,
# "options": …}: every runner bills the request, compares `before` with it (or with `after`, to pass the comparison of
# another bill) when given, puts the comparison into the options and renders the e-bill.
# `expected` is {"statement": …, "facts": …}: the data the document is built from, and facts read from its HTML
# with the regular expressions in docs/conformance.md (never a byte-exact snapshot).
REQUESTS = ROOT / "examples" / "data" / "requests"
EBILL_HISTORY = json.loads((ROOT / "examples" / "data" / "ebills" / "history.json").read_text(encoding="utf-8"))["accounts"]


def sample_request(name):
    return json.loads((REQUESTS / f"{name}.json").read_text(encoding="utf-8"))


def ebill_case(name, description, checked, input, hand=None):
    case = {"name": name, "kind": "ebill", "description": description, "checked": checked}
    if hand:
        case["hand_check"] = hand
    case["input"] = input
    CASES.append(case)


RES = sample_request("01-zhejiang-tier-crossing")
RES_OCTOBER = request(ZJ, total("200"), start="2026-10-01", end="2026-11-01", ytd="2400", account=RES["account"])
ebill_case("ebill-residential-tiered", "张伟's November e-bill (example 1): twelve earlier months, annual tier progress, why it rose from October, unpaid",
           "by hand: ytd 2600 + 300 = 2900 kWh, in tier 2 (2760–4800): 4800 − 2900 = 1900 kWh left; 13 months 2025-11 … 2026-11, "
           "2026-11 highlighted, 2025-11 the same month last year; lines 86.08 + 82.32 = total 168.40; October 107.60 → +60.80 "
           "= usage 53.80 + tier 7.00; amount due 168.40 − 0 paid = 168.40",
           {"bill": RES, "before": RES_OCTOBER, "options": {"history": EBILL_HISTORY["3300012345"], "due_date": "2026-12-15",
            "payment": {"state": "unpaid"}, "points_balance": 87}},
           {"history": 13, "current": "2026-11", "last_year": "2025-11", "tier_progress": {"kwh": "2900", "tier": 2, "remaining_kwh": "1900"},
            "amount_due": "168.40", "total": "168.40", "difference": "60.80"})
TOU = sample_request("04-zhejiang-residential-tou")
ebill_case("ebill-residential-tou-en", "a time-of-use household in English: the period split, six months of history (one older than a year is left out), the brand's colours, partly paid",
           "by hand: 180 peak + 120 valley = 300 kWh: 180/300 = 60.0 %, 120/300 = 40.0 %; history 2026-05 … 2026-10 and 2026-11 = 7 bars, "
           "2025-09 is 14 months back and dropped, no same month last year; paid 100.00 of 148.80 → 48.80 due",
           {"bill": TOU, "options": {"locale": "en", "history": [{"month": "2025-09", "kwh": "400", "amount": "198.00"}] + EBILL_HISTORY["3300045678"][6:],
            "payment": {"state": "partly_paid", "paid": "100.00", "paid_on": "2026-12-05"},
            "style": {"brand": "State Grid Zhejiang", "primary": "#00695C", "accent": "#ff8f00", "footer": "95598 · www.example.cn"}}},
           {"history": 7, "current": "2026-11", "last_year": None, "tou": [["peak", "180", "60"], ["valley", "120", "40"]], "amount_due": "48.80", "total": "148.80"})
IND_REQ = sample_request("07-factory-two-part-pf")
ebill_case("ebill-industrial-counter", "the plant's bill on the counter screen: the history chart and the simplified calculation, as a fragment",
           "by hand: 13 months of history; the two-part bill's total 199367.07 = energy 159823.92 + basic 24990.00 + power factor 1848.14 + funds 12705.01",
           {"bill": IND_REQ, "options": {"view": "counter", "history": EBILL_HISTORY["3300900001"]}},
           {"history": 13, "current": "2026-11", "last_year": "2025-11", "total": "199367.07"})
HOSTILE = copy.deepcopy(RES)
HOSTILE["tariff"]["name"] = {"zh": "<script>alert('x')</script>居民", "en": "\"><img src=x onerror=alert(1)>"}
ebill_case("ebill-values-escaped", "a tariff name and a brand with markup are printed as text: no tag, attribute or URL reaches the page",
           "by rule: every value is HTML-escaped (the facts count no <script and no src/href/url( in the document)",
           {"bill": HOSTILE, "options": {"style": {"brand": "<b onclick=\"x\">国网</b>", "footer": "</footer><script>steal()</script>"}}},
           {"history": 1, "current": "2026-11", "last_year": None, "total": "168.40"})
ebill_case("ebill-own-template", "a utility's own page template places the engine's values and charts",
           "by rule: the template only places values; the total and one bar per month (2 months × 2 charts = 4 bars)",
           {"bill": RES, "options": {"history": EBILL_HISTORY["3300012345"][-1:], "style": {"template":
            "<!DOCTYPE html><html lang=\"{{ lang }}\"><head><style>{{ chart_css }}</style></head><body><h1>{{ style.brand }}</h1>"
            "<p data-fact=\"total\">{{ data.total }}</p>{% for g in data.groups %}{% for l in g.lines %}<p data-code=\"{{ l.code }}\">"
            "<span data-fact=\"line-amount\">{{ l.amount }}</span></p>{% endfor %}{% endfor %}{{ charts.history }}{{ charts.amounts }}</body></html>"}}},
           {"history": 2, "current": "2026-11", "last_year": None, "total": "168.40"})
for name, description, options, error in [
    ("ebill-error-history-month-not-before", "a history month that is not before the e-bill's month",
     {"history": [{"month": "2026-11", "kwh": "1", "amount": "0.54"}]}, err("request", "out_of_range", "options.history[0].month")),
    ("ebill-error-history-duplicate", "the same month twice in the history",
     {"history": [{"month": "2026-10", "kwh": "1", "amount": "0.54"}, {"month": "2026-10", "kwh": "2", "amount": "1.08"}]}, err("request", "duplicate", "options.history[1].month")),
    ("ebill-error-history-negative", "negative kWh in the history",
     {"history": [{"month": "2026-10", "kwh": "-1", "amount": "0.54"}]}, err("request", "negative", "options.history[0].kwh")),
    ("ebill-error-colour", "a colour that could break out of the stylesheet",
     {"style": {"primary": "red;}</style><script>"}}, err("request", "invalid_field", "options.style.primary")),
    ("ebill-error-template-safe", "a replacement template may not turn escaping off",
     {"style": {"template": "{{ data.total|safe }}"}}, err("request", "invalid_field", "options.style.template")),
    ("ebill-error-payment-precision", "a paid amount with more than 2 decimals",
     {"payment": {"state": "partly_paid", "paid": "10.001"}}, err("request", "too_precise", "options.payment.paid")),
]:
    error_case(name, "ebill", description, {"bill": RES, "options": options}, error)
error_case("ebill-error-comparison-of-another-bill", "ebill", "a comparison whose later bill is not this bill",
           {"bill": RES, "before": RES_OCTOBER, "after": request(ZJ, total("250"), ytd="2600", account=RES["account"]), "options": {}},
           err("request", "account_mismatch", "options.comparison"))


def verify():
    """Independent arithmetic for the hand checks: lines sum to the total."""
    for case in CASES:
        hc = case.get("hand_check")
        if not hc:
            continue
        if case["kind"] == "payments":
            verify_balances(case)
            continue
        if case["kind"] == "reconcile":
            continue  # counts by status, checked by hand in `checked`
        if case["kind"] in ("notice", "delivery"):
            if "length" in hc:
                assert len(hc["text"]) == hc["length"], (case["name"], len(hc["text"]))
                assert hc["segments"] == (1 if hc["length"] <= 70 else -(-hc["length"] // 67)), case["name"]
            continue
        if case["kind"] == "ebill":
            verify_ebill(case, hc)
            continue
        if case["kind"] == "annual_bill":
            continue  # months and the year checked by hand in `checked`; the runners compare them
        if case["kind"] in ("what_if", "customer_view", "attribute_search", "confirmations", "mood", "tags", "tag_transition", "score", "profiles", "segment", "merge", "points"):
            continue  # not parts of one sum
        lines = hc["lines"]
        amounts = [D(a[1]) if isinstance(a, list) else D(a) for a in (lines.values() if isinstance(lines, dict) else lines)]
        stage_component = "component" in case["name"]
        s = r2(sum(amounts)) if stage_component else sum(amounts)
        if case["kind"] == "late_fee" and 0 < s < 1:
            s = D("1.00")  # the 1 元 minimum
        assert s == D(hc["total"]), (case["name"], s, hc["total"])
    # Power factor (example 3 and the low and capped cases), by the square-root formula.
    from math import sqrt
    assert round(100000 / sqrt(100000**2 + 60000**2), 4) == 0.8575 and round(1 / sqrt(1 + 1.5**2), 4) == 0.5547
    assert round(100000 / sqrt(100000**2 + 10000**2), 4) == 0.9950 and round(960 / sqrt(960**2 + 480**2), 4) == 0.8944
    assert r2(D("1403.31") * D("0.005")) == D("7.02") and r2(D(1000) * D("26.3") / 30) == D("876.67")
    # Part months: exact fractions, rounded once (issue 15's figures).
    assert r2(D(1000) * D("26.3") * 10 / 30) == D("8766.67") and r2(D("333.3") * D("26.3")) == D("8765.79")
    assert D(1000) * 10 / 30 + D(685) * 20 / 30 == 790 and r2(D(685) * 20 * D("26.3") / 30) == D("12010.33")
    assert r2(D(1000) * 36 / 31) == D("1161.29") and r2(D("1.1613") * 1000) == D("1161.30")
    assert r2(D(525) * 7 * D(42) / 30) == D("5145.00") and r2(D("122.4825") * D(42)) == D("5144.27")
    assert sum(D(x) for x in ("0.384470", "0.013643", "0.1263", "0.082273", "0.0452")) == D("0.651886")
    # Spot checks of the trickier products, with the rounding the case names.
    assert r2(D(2880) * D("0.4883")) == D("1406.30") and r2(D(1920) * D("0.5383")) == D("1033.54")
    assert r2(D(8568) * D("0.606686")) == D("5198.09") and r2(D(11000) * D("0.606686")) == D("6673.55")
    assert (D(2760) * 184 / 365).quantize(D(1), rounding=ROUND_HALF_UP) == 1391
    assert (D(4800) * 184 / 365).quantize(D(1), rounding=ROUND_HALF_UP) == 2420
    assert r2(D(10) + D(10) * 5 / 31) == D("11.61") and r2(D(3) * D("1.38125")) == D("4.14")
    assert r2(D("1.245"), ROUND_HALF_EVEN) == D("1.24") and r2(D("1.255"), ROUND_DOWN) == D("1.25")
    # 上海 proportional shares: tier kWh × period kWh / kWh, each the floor or the ceiling at
    # 4 dp, rows and columns exact (an independent check with fractions).
    from fractions import Fraction as F
    def shares_ok(tiers, periods, got):
        total = sum(periods)
        for t, row in zip(tiers, got):
            assert sum(row) == t, (tiers, got)
            for p, v in zip(periods, row):
                exact = F(t) * F(p) / F(total) * 10000
                assert int(exact) <= v * 10000 <= -(-exact // 1), (t, p, v)
        for j, p in enumerate(periods):
            assert sum(row[j] for row in got) == p, (periods, got)
    shares_ok([D(120), D(180)], [D(180), D(120)], [[D(72), D(48)], [D(108), D(72)]])
    shares_ok([D(10), D(1)], [D(7), D(4)], [[D("6.3636"), D("3.6364")], [D("0.6364"), D("0.3636")]])
    shares_ok([D(120), D(66)], [D(124), D(62)], [[D(80), D(40)], [D(44), D(22)]])
    assert (D(310) * 17 / 31, D(1124 - 1000) + D(1062 - 1000)) == (D(170), D(186))
    assert r2(D(8400) * D("0.606686")) + r2(D(168) * D("0.606686")) == D("5198.08") and r2(D(8568) * D("0.606686")) == D("5198.09")
    assert r2(D("10000.00") * D("0.003") * 10) == D("300.00") and r2(D("10000.00") * D("0.003") * 11) == D("330.00")
    assert r2(D(100) * 10 / 30) == D("33.33") and r2(D(550) * D("42.0")) == D("23100.00") and r2(D(50) * D("63.0")) == D("3150.00")
    # Points: whole points by the rule's rounding, campaigns rounded down, lots' expiry dates.
    whole = lambda x, mode=ROUND_DOWN: int(D(x).quantize(D(1), rounding=mode))
    assert whole(D("168.40") / 10) == 16 and whole(D("9.99") / 10) == 0 and whole(D("7") * 10 / 4) == 17
    assert whole(D("165.00") / 10, ROUND_HALF_UP) == 17 and whole(D("164.99") / 10, ROUND_HALF_UP) == 16 and whole(D("0.5"), ROUND_HALF_UP) == 1
    assert whole(15 * D("1.5")) == 22 and min(whole(60 * D("1.5")), 100 - 22) == 78
    days = lambda d, n: (dt.date.fromisoformat(d) + dt.timedelta(days=n)).isoformat()
    assert (days("2026-11-05", 365), days("2026-11-05", 730), days("2026-11-01", 730)) == ("2027-11-05", "2028-11-04", "2028-10-31")
    # 浙江 TOU: the total equals a split at published tier prices, whatever the split.
    for peak_in_tier2 in (D(0), D(100), D(180)):
        valley_in_tier2 = 240 - peak_in_tier2
        split = (peak_in_tier2 * D("0.618") + (180 - peak_in_tier2) * D("0.568")
                 + valley_in_tier2 * D("0.338") + (120 - valley_in_tier2) * D("0.288"))
        assert split == D("148.80"), split

# ── reconciliation (对账) ──────────────────────────────────────────────────────────────
WECHAT_HEADER = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,"
                 "代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
WECHAT_TOTALS = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"


def wechat_row(time, order, status, settle, refund_no="0", refund_amount="0.00"):
    return (f"`{time},`wx1234567890,`1900000109,`0,`,`{order},`GC-{order},`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`{status},`CMB_DEBIT,`CNY,"
            f"`{settle},`0.00,`{refund_no},`0,`{refund_amount},`0.00,`,`,`电费,`,`0.00,`0.60%,`{settle},`0.00,`")


def wechat_bill(rows, count=None, settle=None, refunds=None):
    """A trade bill with its totals lines; the totals are the rows' own unless given."""
    count = len(rows) if count is None else count
    settle = settle or str(sum(D(r.split(",")[12][1:]) for r in rows))
    refunds = refunds or str(sum((D(r.split(",")[16][1:]) for r in rows), D("0.00")))
    return "\n".join([WECHAT_HEADER, *rows, WECHAT_TOTALS, f"`{count},`{settle},`{refunds},`0.00,`0.00,`{settle},`{refunds}"]) + "\n"


def booked(txn_no, amount, at, kind="payment", reversed_=False, channel="wechat"):
    return {"channel": channel, "txn_no": txn_no, "key": f"K-{txn_no}", "kind": kind, "amount": amount, "at": at, "reversed": reversed_}


def reconcile_case(name, description, checked, layout, file, booked_, cutoff, hand):
    CASES.append({"name": name, "kind": "reconcile", "description": description, "checked": checked,
                  "hand_check": hand, "input": {"layout": layout, "file": file, "booked": booked_, "cutoff": cutoff}})


WX = {"layout": "wechat"}
WX_ROWS = [wechat_row("2026-11-05 10:00:00", "4200000001", "SUCCESS", "168.40"),
           wechat_row("2026-11-05 11:00:00", "4200000002", "SUCCESS", "100.00"),
           wechat_row("2026-11-05 12:00:00", "4200000001", "REFUND", "168.40", "50300000001", "168.40")]
WX_BOOKED = [booked("4200000001", "168.40", "2026-11-05T10:00:01"), booked("4200000002", "100.00", "2026-11-05T11:00:01"),
             booked("50300000001", "168.40", "2026-11-05T12:00:01", kind="refund")]
reconcile_case("reconcile-wechat-all-matched", "a WeChat Pay trade bill (back-tick fields, totals lines) whose rows all match the engine's payments and refund",
               "by hand: 3 rows; 应结订单总金额 168.40 + 100.00 + 168.40 (the refund row repeats its order's amount) = 436.80; 退款总金额 168.40",
               WX, wechat_bill(WX_ROWS), WX_BOOKED, "2026-11-05T23:59:59", [["matched", 3]])
reconcile_case("reconcile-wechat-every-status", "one of each: an amount that differs, a payment the engine lacks (长款), one the file lacks (短款), a duplicate row, "
               "a revoked payment the engine still counts, and one after the cut-off (T+1)",
               "by hand: 4200000001 matched; 4200000002 100.00 vs 99.00; 4200000005 not booked; 4200000002 again → duplicate; 4200000006 REVOKED but "
               "booked → status_mismatch; booked 4200000003 (09:00) missing, 4200000004 (11-06 00:30) after the cut-off",
               WX, wechat_bill([WX_ROWS[0], WX_ROWS[1], wechat_row("2026-11-05 13:00:00", "4200000005", "SUCCESS", "30.00"), WX_ROWS[1],
                                wechat_row("2026-11-05 14:00:00", "4200000006", "REVOKED", "12.00")]),
               [booked("4200000001", "168.40", "2026-11-05T10:00:01"), booked("4200000002", "99.00", "2026-11-05T11:00:01"),
                booked("4200000003", "50.00", "2026-11-05T09:00:00"), booked("4200000004", "20.00", "2026-11-06T00:30:00"),
                booked("4200000006", "12.00", "2026-11-05T14:00:00")],
               "2026-11-05T23:59:59",
               [["matched", 1], ["amount_mismatch", 1], ["missing_in_engine", 1], ["missing_in_file", 1], ["duplicate", 1], ["status_mismatch", 1], ["not_yet_settled", 1]])
reconcile_case("reconcile-wechat-revoked-matches-a-reversal", "a REVOKED row matches a payment the engine reversed (冲正); a SUCCESS row for a reversed payment does not",
               "by hand: 4200000001 revoked and reversed → matched; 4200000002 succeeded but reversed → status_mismatch",
               WX, wechat_bill([wechat_row("2026-11-05 10:00:00", "4200000001", "REVOKED", "168.40"), WX_ROWS[1]]),
               [booked("4200000001", "168.40", "2026-11-05T10:00:01", reversed_=True), booked("4200000002", "100.00", "2026-11-05T11:00:01", reversed_=True)],
               "2026-11-05T23:59:59", [["matched", 1], ["status_mismatch", 1]])
reconcile_case("reconcile-wechat-totals-disagree", "a file whose totals line does not match its rows is refused",
               "by hand: 3 rows but 总交易单数 4", WX, wechat_bill(WX_ROWS, count=4), WX_BOOKED, "2026-11-05T23:59:59", {"error": "totals_mismatch"})
reconcile_case("reconcile-wechat-malformed-row", "a row with an amount that is not money is reported with its line number, never dropped",
               "by hand: line 3 has 应结订单金额 1OO.00; the other two rows match; the count 3 includes the malformed row",
               WX, wechat_bill([WX_ROWS[0], WX_ROWS[1].replace("`100.00", "`1OO.00"), WX_ROWS[2]], settle="436.80"), WX_BOOKED, "2026-11-05T23:59:59",
               [["matched", 2], ["missing_in_file", 1]])
BANK_LAYOUT = {"layout": "csv", "channel": "bank", "amount_unit": "fen", "delimiter": ";",
               "columns": {"txn_no": "流水号", "amount": "金额(分)", "time": "交易时间", "status": "状态"},
               "status_values": {"00": "success", "01": "revoked"}}
reconcile_case("reconcile-bank-csv-mapping", "a bank's own CSV, read with a column mapping: fixed channel, amounts in fen, its own status codes",
               "by hand: 16840 分 = 168.40 元 matched; 5000 分 = 50.00 元 revoked and reversed → matched; B-3 not booked → missing_in_engine",
               BANK_LAYOUT, "流水号;金额(分);交易时间;状态\nB-1;16840;2026-11-05 10:00:00;00\nB-2;5000;2026-11-05 11:00:00;01\nB-3;100;2026-11-05 12:00:00;00\n",
               [booked("B-1", "168.40", "2026-11-05T10:00:00", channel="bank"), booked("B-2", "50.00", "2026-11-05T11:00:00", reversed_=True, channel="bank")],
               "2026-11-05T23:59:59", [["matched", 2], ["missing_in_engine", 1]])


def verify_ebill(case, hc):
    """The e-bills' figures: tier progress, the time-of-use shares, the amount due and the history window."""
    o = case["input"]["options"]
    current = dt.date(2026, 11, 1)
    ago = lambda m: (current.year - int(m[:4])) * 12 + current.month - int(m[5:])
    kept = [m for m in o.get("history", []) if 1 <= ago(m["month"]) <= 12]
    assert len(kept) + 1 == hc["history"], case["name"]
    assert (hc["last_year"] is not None) == any(ago(m["month"]) == 12 for m in kept), case["name"]
    if "tier_progress" in hc:
        t = hc["tier_progress"]
        assert D("2600") + D("300") == D(t["kwh"]) and D("4800") - D(t["kwh"]) == D(t["remaining_kwh"]), case["name"]
    for period, kwh, percent in hc.get("tou", []):
        assert (D(kwh) * 100 / D(300)).quantize(D("0.1"), rounding=ROUND_HALF_UP) == D(percent), case["name"]
    paid = D(o.get("payment", {}).get("paid", "0"))
    assert D(hc["total"]) - paid == D(hc["amount_due"]) if "amount_due" in hc else True, case["name"]
    if "difference" in hc:
        assert D(hc["total"]) - D("107.60") == D(hc["difference"]) == D("53.80") + D("7.00"), case["name"]


def verify_balances(case):
    """Each step's balances follow from the one before, the operation and the derived
    entries the hand check lists: the ledger's two sums, redone by hand."""
    due, prepaid, seen, payments, left = D(0), D(0), {}, {}, {}
    for step, hand in zip(case["input"]["steps"], case["hand_check"].get("steps", [])):
        o = step.get("operation")
        if o is None or "error" in hand:
            continue
        if o["key"] in seen:
            # A retry: the first outcome again, with the balances it left.
            assert seen[o["key"]] == o, case["name"]
            assert (D(hand["due"]), D(hand["prepaid"])) == left[o["key"]], (case["name"], o)
            continue
        else:
            seen[o["key"]] = o
            amount = D(o.get("amount", o.get("bill", {}).get("amount", "0")))
            if o["op"] in ("issue", "adjust"):
                due += amount
            elif o["op"] == "pay":
                prepaid += amount
                payments[o["key"]] = amount
            elif o["op"] == "refund":
                prepaid -= amount
            elif o["op"] == "reverse":
                prepaid -= payments[o["payment_key"]]
            for a in hand.get("alloc", []):
                kind, _, _, x = a.split(":")
                x = D(x)
                if kind == "allocation":
                    due, prepaid = due - x, prepaid - x
                elif kind == "late_fee":
                    due += x
                else:
                    due -= x
        assert (due, prepaid) == (D(hand["due"]), D(hand["prepaid"])), (case["name"], o, due, prepaid)
        left[o["key"]] = (due, prepaid)


def verify_payments():
    """The late fees of the payments cases: arrears × daily rate × days, to the fen."""
    days = lambda a, b: (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days
    fee = lambda arrears, rate, n: r2(D(arrears) * D(rate) * n)
    assert days("2026-11-10", "2026-11-20") == 10 and fee("200.00", "0.001", 10) == D("2.00")
    assert fee("300.00", "0.001", 2) == D("0.60") and max(D("0.60"), D(1)) == D("1.00")
    assert days("2026-12-25", "2026-12-31") == 6 and days("2026-12-31", "2027-01-05") == 5
    assert fee("10000.00", "0.002", 6) + fee("10000.00", "0.003", 5) == D("270.00")
    assert D("100.00") - D("2.00") == D("98.00") and fee("102.00", "0.001", 10) == D("1.02") and D("102.00") + D("1.02") == D("103.02")
    assert days("2026-11-10", "2026-12-01") == 21 and fee("100.00", "0.001", 21) == D("2.10")
    assert fee("100.00", "0.001", 10) == D("1.00")
    assert days("2026-11-10", "2026-12-20") == 40 and fee("200.00", "0.001", 40) == D("8.00") and fee("150.00", "0.001", 10) == D("1.50")
    assert D("208.00") + D("151.50") == D("359.50") and fee("50.00", "0.001", 10) == D("0.50")


def main():
    verify()
    verify_payments()
    check = "--check" in sys.argv[1:]
    OUT.mkdir(parents=True, exist_ok=True)
    names = set()
    stale_cases = []
    for case in CASES:
        assert case["name"] not in names, case["name"]
        names.add(case["name"])
        path = OUT / f"{case['name']}.json"
        if "expected" not in case and path.exists():
            old = json.loads(path.read_text(encoding="utf-8"))
            if old.get("input") == case["input"] and "expected" in old:
                case["expected"] = old["expected"]
        text = json.dumps(case, ensure_ascii=False, indent=1)
        text = text.replace('\n     "kwh"', ' "kwh"') + "\n"
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale_cases.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    for stale in OUT.glob("*.json"):
        # The SAM-derived cases belong to tools/sam_cases.py.
        if stale.stem not in names and not stale.stem.startswith("annual-sam-"):
            stale_cases.append(stale.name) if check else stale.unlink()
    if stale_cases:
        sys.exit(f"conformance cases differ from tools/conformance_cases.py: {', '.join(stale_cases)}")
    print(f"{len(CASES)} cases in {OUT.relative_to(ROOT)}" + (" match their script" if check else ""))


if __name__ == "__main__":
    main()
