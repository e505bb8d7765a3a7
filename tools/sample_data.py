#!/usr/bin/env python3
"""Writes the bundled sample bill requests (examples/data/requests/*.json).

Each request is self-contained (it embeds its tariff document), so every language's demo
only has to load a file and bill it. Tariffs live in examples/data/tariffs/; the interval
data of the commercial customer is generated here by a fixed formula (no randomness), so
re-running this script reproduces the committed files byte for byte.

    python3 tools/sample_data.py
"""
import datetime as dt
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
PERIOD = {"start": "2026-11-01", "end": "2026-12-01"}
AS_OF = "2026-12-01"


def tariff(name):
    return json.loads((DATA / "tariffs" / f"{name}.json").read_text(encoding="utf-8"))


def readings(*regs, **meter):
    usage = {"readings": [dict(register=r, start=s, end=e, **extra) for r, s, e, extra in regs]}
    if meter:
        usage["meter"] = meter
    return usage


def commercial_intervals():
    """A shop: night base load, business hours 08:00-20:00 on workdays, less at weekends."""
    start = dt.datetime(2026, 11, 1)
    points = []
    for i in range(30 * 96):
        t = start + dt.timedelta(minutes=15 * i)
        hour = t.hour
        weekend = t.weekday() >= 5
        base = 80 if hour < 8 or hour >= 22 else (400 if 8 <= hour < 20 else 200)  # hundredths of a kWh
        if weekend:
            base = base * 6 // 10
        wobble = (i * 37 + t.day * 11) % 25  # 0..24 hundredths of a kWh, deterministic
        cents = base + wobble
        kwh = f"{cents // 100}.{cents % 100:02d}"  # integer arithmetic: an exact decimal string
        points.append({"start": t.strftime("%Y-%m-%dT%H:%M:%S"), "kwh": kwh})
    return {"minutes": 15, "points": points}


def factory_intervals():
    """A factory: day shift 08:00-20:00 on workdays, a night base load, kWh and kvarh per
    15 minutes before the CT ratio (40); reactive about 0.55 of active."""
    start = dt.datetime(2026, 11, 1)
    points = []
    for i in range(30 * 96):
        t = start + dt.timedelta(minutes=15 * i)
        weekend = t.weekday() >= 5
        base = 320 if 8 <= t.hour < 20 and not weekend else 180  # hundredths of a kWh
        cents = base + (i * 53 + t.day * 7) % 31
        kvar = cents * 55 // 100
        points.append({"start": t.strftime("%Y-%m-%dT%H:%M:%S"), "kwh": f"{cents // 100}.{cents % 100:02d}", "kvarh": f"{kvar // 100}.{kvar % 100:02d}"})
    return {"minutes": 15, "points": points}


REQUESTS = [
    ("01-zhejiang-tier-crossing", "zj-residential-tiered",
     {"account_id": "3300012345", "name": "张伟"},
     readings(("total", "8200", "8500", {})), "2600"),
    ("02-beijing-residential", "bj-residential-tiered",
     {"account_id": "1100023456", "name": "李娜"},
     readings(("total", "15230", "15410", {})), "3000"),
    ("03-shanghai-residential-estimated", "sh-residential-tiered",
     {"account_id": "3100034567", "name": "王芳", "tier_extra_kwh": ["1200", "1200"]},
     readings(("total", "4021.5", "4276.5", {"estimated": True})), "1500"),
    ("04-zhejiang-residential-tou", "zj-residential-tou",
     {"account_id": "3300045678", "name": "刘洋"},
     readings(("total", "10500", "10800", {}), ("peak", "6300", "6480", {}), ("valley", "4200", "4320", {})), "2700"),
    ("05-commercial-tou-intervals", "commercial-tou",
     {"account_id": "3300098765", "name": "杭州某便利店 Hangzhou corner shop"},
     {"intervals": commercial_intervals()}, "0"),
    ("06-commercial-ct-rollover", "commercial-flat",
     {"account_id": "3300076543", "name": "某五金加工厂 Hardware workshop"},
     dict(readings(("total", "99850", "130", {"rollover": True}), ct_ratio="30", pt_ratio="1", digits=5),
          losses=[{"kind": "transformer", "percent": "2"}]), "0"),
    ("07-factory-two-part-pf", "industrial-two-part-tou",
     {"account_id": "3300900001", "name": "某机械制造厂 Machinery plant",
      "basic_charge": {"method": "contract_demand", "capacity_kva": "1000", "contract_demand_kw": "500"},
      "power_factor_standard": "0.90"},
     {"meter": {"ct_ratio": "40"}, "intervals": factory_intervals()}, "0"),
    # 上海 time-of-use with tiers: a price per (tier, period), tier kWh shared by period.
    ("08-shanghai-residential-tou", "sh-residential-tou",
     {"account_id": "3100056789", "name": "周敏"},
     readings(("peak", "7300", "7480", {}), ("valley", "3100", "3220", {})), "3000"),
]

HOUSEHOLD = {"account_id": "3300012345", "name": "张伟"}


def household(tariff_name, start, end, ytd, regs):
    return {"tariff": tariff(tariff_name), "account": HOUSEHOLD, "period": {"start": start, "end": end},
            "usage": readings(*regs), "year_to_date_kwh": ytd, "as_of": end}


# The household of request 01: October against November, and whether the time-of-use
# option would have been cheaper in November (its meter records peak and valley too).
SCENARIOS = {
    "compare-household": {
        "before": household("zj-residential-tiered", "2026-10-01", "2026-11-01", "2400", [("total", "8000", "8200", {})]),
        "after": household("zj-residential-tiered", "2026-11-01", "2026-12-01", "2600", [("total", "8200", "8500", {})]),
    },
    # A reading cycle from 15 December to 15 January under 上海 annual tiers counted by
    # calendar day: the bill is cut at 1 January by the readings taken that day.
    "december-january-household": {
        "tariff": tariff("sh-residential-tou"), "account": {"account_id": "3100067890", "name": "陈静"},
        "period": {"start": "2026-12-15", "end": "2027-01-15"},
        "usage": readings(("peak", "1000", "1155", {}), ("valley", "1000", "1093", {})),
        "new_year_readings": [{"register": "peak", "value": "1124"}, {"register": "valley", "value": "1062"}],
        "year_to_date_kwh": "3000", "as_of": "2027-01-15", "billing_month": "2027-01",
    },
    "what-if-household": {
        "request": household("zj-residential-tiered", "2026-11-01", "2026-12-01", "2600",
                             [("total", "8200", "8500", {}), ("peak", "5100", "5280", {}), ("valley", "3100", "3220", {})]),
        "tariffs": [tariff("zj-residential-tou")],
    },
}


def dumps(value):
    """Indented JSON, but one interval point per line so the files stay readable."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    text = re.sub(r'\{\s*"start": ("[^"]+"),\s*"kwh": ("[^"]+")\s*\}', r'{"start": \1, "kwh": \2}', text)
    return re.sub(r'\{\s*"start": ("[^"]+"),\s*"kwh": ("[^"]+"),\s*"kvarh": ("[^"]+")\s*\}', r'{"start": \1, "kwh": \2, "kvarh": \3}', text)


def main():
    out = DATA / "requests"
    out.mkdir(parents=True, exist_ok=True)
    for name, tariff_name, account, usage, ytd in REQUESTS:
        request = {
            "tariff": tariff(tariff_name),
            "account": account,
            "period": PERIOD,
            "usage": usage,
            "year_to_date_kwh": ytd,
            "as_of": AS_OF,
        }
        (out / f"{name}.json").write_text(dumps(request) + "\n", encoding="utf-8")
    scenarios = DATA / "scenarios"
    scenarios.mkdir(exist_ok=True)
    for name, scenario in SCENARIOS.items():
        (scenarios / f"{name}.json").write_text(dumps(scenario) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
