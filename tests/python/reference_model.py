"""An independent reference model of gridcore's tier and time-of-use pricing, written from
docs/tariff-format.md (sections 2–4 and 6) with Python's `decimal`, not from the engine's
code, so that a differential test can catch the engine and the documentation drifting.

Scope: one whole calendar month (no proration of tier bounds or monthly charges), kWh
already derived from the meter, no losses. Within that scope it covers every energy rate,
tiers on the annual or monthly count, uplifts, funds, fixed charges and every rounding
policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal, localcontext
from typing import Any, Dict, Iterable, List, Mapping, Tuple, Union

PERIODS = ("critical_peak", "peak", "flat", "valley")
COMPONENTS = ("energy", "fund", "fixed")
MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}
DEFAULT_ROUNDING = {"scale": 2, "mode": "half_up", "stage": "line", "quantity_scale": 4, "threshold_scale": 0}


def dec(value: Union[Decimal, int, str]) -> Decimal:
    """Tariff decimals arrive as Decimal, int or decimal string (never float)."""
    assert not isinstance(value, (float, bool)), value
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_to(value: Decimal, scale: int, mode: str = "half_up") -> Decimal:
    return value.quantize(Decimal(1).scaleb(-scale), rounding=MODES[mode])


def rounding_policy(tariff: Mapping[str, Any]) -> Dict[str, Any]:
    """The tariff's rounding with every missing field at its documented default."""
    return {**DEFAULT_ROUNDING, **tariff.get("rounding", {})}


def billed_periods(tariff: Mapping[str, Any], start: date, end: date, holidays: Iterable[Any] = ()) -> List[str]:
    """Periods the schedule uses on the days of [start, end), in bill order (§2 day types:
    holiday, then declared working weekend, then the day of the week)."""
    holiday = {str(d) for d in [*tariff.get("holidays", []), *holidays]}
    working = {str(d) for d in tariff.get("working_weekends", [])}
    used = set()
    day = start
    while day < end:
        iso = day.isoformat()
        kind = "holiday" if iso in holiday else "workday" if iso in working or day.weekday() < 5 else "weekend"
        season = next(s for s in tariff["time_of_use"]["seasons"] if day.month in s["months"])
        schedule = next(d for d in season["days"] if kind in d["day_types"])
        used |= {slot["period"] for slot in schedule["slots"]}
        day += timedelta(days=1)
    return [p for p in PERIODS if p in used]


def tier_split(bounds: List[Decimal], low: Decimal, high: Decimal) -> List[Decimal]:
    """kWh of the count range [low, high] inside each tier (upto[N-1], upto[N]]."""
    lowers, uppers = [Decimal(0), *bounds], [*bounds, high]
    return [max(min(high, top) - max(low, bottom), Decimal(0)) for bottom, top in zip(lowers, uppers)]


@dataclass
class ReferenceBill:
    lines: Dict[str, Decimal]       # line code → amount as the bill prints it
    subtotals: Dict[str, Decimal]   # component → subtotal, components with lines only
    total: Decimal


def reference_bill(tariff: Mapping[str, Any], usage: Union[Decimal, Mapping[str, Decimal]], *,
                   start: date, end: date, year_to_date_kwh: Decimal = Decimal(0)) -> ReferenceBill:
    """The bill for a whole calendar month [start, end): `usage` is the billed kWh (flat,
    tiered) or billed kWh per period (time-of-use; periods not billed are left out)."""
    assert start.day == 1 and end.day == 1 and (end - start).days in (28, 29, 30, 31), "whole month only"
    policy = rounding_policy(tariff)
    ((kind, rate),) = tariff["energy"].items()
    exact: List[Tuple[str, str, Decimal]] = []  # (code, component, quantity × unit price)
    with localcontext() as ctx:
        ctx.prec = 60
        if isinstance(usage, Mapping):
            by_period = {p: dec(usage[p]) for p in PERIODS if p in usage}
            billed = sum(by_period.values(), Decimal(0))
            exact += [(f"energy.{p}", "energy", q * dec(rate["prices"][p])) for p, q in by_period.items() if q > 0]
        else:
            billed = dec(usage)
        if kind == "flat" and billed > 0:
            exact.append(("energy", "energy", billed * dec(rate["price"])))
        if kind in ("tiered", "time_of_use_tiered"):
            low = dec(year_to_date_kwh) if rate["cycle"] == "annual" else Decimal(0)
            tiers = rate["tiers"]
            split = tier_split([dec(t["upto"]) for t in tiers[:-1]], low, low + billed)
            for n, (tier, q) in enumerate(zip(tiers, split), start=1):
                if q > 0 and kind == "tiered":
                    exact.append((f"energy.tier_{n}", "energy", q * dec(tier["price"])))
                elif q > 0 and dec(tier["adder"]) != 0:
                    exact.append((f"energy.tier_{n}_uplift", "energy", q * dec(tier["adder"])))
        if billed > 0:
            exact += [(f"fund.{f['code']}", "fund", billed * dec(f["price"])) for f in tariff.get("funds", [])]
        quantity = {"per_bill": 1, "per_day": (end - start).days, "per_month": 1}
        exact += [(f"fixed.{c['code']}", "fixed", quantity[c["basis"]] * dec(c["amount"]))
                  for c in tariff.get("fixed_charges", [])]

        def money(v: Decimal) -> Decimal:
            return round_to(v, policy["scale"], policy["mode"])

        per_line = policy["stage"] == "line"
        lines = {code: money(a) if per_line else a for code, _, a in exact}
        subtotals: Dict[str, Decimal] = {}
        for component in COMPONENTS:
            amounts = [lines[code] for code, c, _ in exact if c == component]
            if amounts:
                subtotals[component] = sum(amounts, Decimal(0)) if per_line else money(sum(amounts, Decimal(0)))
        return ReferenceBill(lines, subtotals, sum(subtotals.values(), Decimal(0)))


def month(year: int, number: int) -> Tuple[date, date]:
    """[first day, first day of the next month)."""
    return date(year, number, 1), date(year + number // 12, number % 12 + 1, 1)


def register_kwh(reading: Mapping[str, Any], multiplier: Decimal, quantity_scale: int) -> Decimal:
    """kWh of one register: (end − start) × multiplier, rounded half-up to quantity_scale."""
    return round_to((dec(reading["end"]) - dec(reading["start"])) * multiplier, quantity_scale)
