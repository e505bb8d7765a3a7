"""Hypothesis strategies for property-testing code built on gridcore.

Install the optional dependency first (``pip install "gridcore[testing]"``); ``import
gridcore`` alone never imports Hypothesis.

The strategies mirror the Rust ``gridcore::testing`` module. Every *valid* strategy
generates values that are **valid by construction**: a dict from :func:`tariff_dicts`
always loads with :meth:`gridcore.Tariff.from_dict`, and a request from
:func:`bill_requests` always bills. Test your own invariants on top of them:

>>> from hypothesis import given, settings
>>> import gridcore
>>> from gridcore import strategies
>>> @settings(max_examples=20, deadline=None)
... @given(strategies.bill_requests())
... def test_a_bill_is_never_negative(request):
...     assert gridcore.bill(request).total >= 0
>>> test_a_bill_is_never_negative()

Values are the native types the binding takes: ``decimal.Decimal`` amounts (never
``float``), ``datetime.date`` dates and naive ``datetime.datetime`` interval starts.

To test error handling, :func:`invalid_tariff_dicts` breaks exactly one thing in a valid
tariff and says which error ``code`` that must give::

    @given(strategies.invalid_tariff_dicts())
    def test_rejected(case):
        tariff, code = case
        with pytest.raises(gridcore.TariffError) as info:
            gridcore.Tariff.from_dict(tariff)
        assert info.value.code == code
"""

from __future__ import annotations

import copy
import functools
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar, cast

from hypothesis import strategies as st

import gridcore

if TYPE_CHECKING:  # the input TypedDicts exist only in the type stubs
    from gridcore._gridcore import IntervalDataDict, PeriodDict, ReadingDict, UsageDict

__all__ = [
    "DAY_TYPES",
    "ENERGY_KINDS",
    "PERIODS",
    "account_setups",
    "bill_requests",
    "interval_data",
    "invalid_tariff_dicts",
    "kwh",
    "payment_streams",
    "periods",
    "points_events",
    "points_rules_dicts",
    "prices",
    "readings_for",
    "rounding_policies",
    "tariff_dicts",
    "tariffs",
    "tier_bounds",
    "time_of_use_schedules",
    "used_periods",
]

TariffDict = Dict[str, Any]

#: Time-of-use periods in bill order.
PERIODS: Tuple[str, ...] = ("critical_peak", "peak", "flat", "valley")
#: Day types a season's day schedules must partition.
DAY_TYPES: Tuple[str, ...] = ("workday", "weekend", "holiday")
#: The four energy rate variants.
ENERGY_KINDS: Tuple[str, ...] = ("flat", "tiered", "time_of_use", "time_of_use_tiered")

_YEAR_START = date(2026, 1, 1)
_YEAR_END = date(2027, 1, 1)
_DAYS_2026 = [_YEAR_START + timedelta(days=i) for i in range(365)]
_WEEKENDS_2026 = [d for d in _DAYS_2026 if d.weekday() >= 5]
_QUARTERS_PER_DAY = 96
_ROUNDING_FIELDS = ("scale", "mode", "stage", "quantity_scale", "threshold_scale")


_F = TypeVar("_F", bound=Callable[..., Any])


def _memo(factory: _F) -> _F:
    """Strategies are immutable, and building one inside every draw costs more than the
    draw itself, so each factory builds its strategy once per set of arguments."""
    return cast(_F, functools.lru_cache(maxsize=None)(factory))


@_memo
def _scaled(max_value: Decimal, places: int) -> st.SearchStrategy[Decimal]:
    """Decimals 0..max_value with up to `places` decimals: short values ("0.5") come up as
    often as long ones ("0.538123"), and shrinking goes to fewer decimals."""
    def at(p: int) -> st.SearchStrategy[Decimal]:
        return st.integers(0, int(max_value.scaleb(p))).map(lambda n: Decimal(n).scaleb(-p))
    return st.one_of([at(p) for p in range(places + 1)])


def prices(max_value: Decimal | int | str = Decimal(2)) -> st.SearchStrategy[Decimal]:
    """A price in 元 (per kWh, bill, day or month): 0 to `max_value`, at most 6 decimals."""
    return _scaled(Decimal(max_value), 6)


def kwh(max_value: Decimal | int | str = Decimal(2000)) -> st.SearchStrategy[Decimal]:
    """An energy quantity: 0 to `max_value` kWh, at most 4 decimals."""
    return _scaled(Decimal(max_value), 4)


@_memo
def rounding_policies() -> st.SearchStrategy[Dict[str, Any]]:
    """A `rounding` object: any mode, stage and scales. A field or two may be left out, so
    the defaults (2, half_up, line, 4, 0) are exercised without crowding out the rest."""
    full = st.fixed_dictionaries({
        "scale": st.integers(0, 6),
        "mode": st.sampled_from(["half_up", "half_even", "down", "up"]),
        "stage": st.sampled_from(["line", "component"]),
        "quantity_scale": st.integers(0, 4),
        "threshold_scale": st.integers(0, 4),
    })
    left_out = st.sets(st.sampled_from(sorted(_ROUNDING_FIELDS)), max_size=2)
    return st.tuples(full, left_out).map(lambda t: {k: v for k, v in t[0].items() if k not in t[1]})


@_memo
def tier_bounds() -> st.SearchStrategy[List[Decimal]]:
    """1–3 ascending tier bounds in whole kWh, at least 100 apart, so that prorating them
    to a one-day period still keeps them strictly ascending."""
    def cumulative(steps: List[int]) -> List[Decimal]:
        out, acc = [], 0
        for step in steps:
            acc += step
            out.append(Decimal(acc))
        return out
    return st.lists(st.integers(100, 3000), min_size=1, max_size=3).map(cumulative)


def _hhmm(quarter: int, *, end: bool = False) -> str:
    """Quarter-hour index as HH:MM; an end at midnight is written 24:00."""
    if end and quarter % _QUARTERS_PER_DAY == 0:
        return "24:00"
    quarter %= _QUARTERS_PER_DAY
    return f"{quarter // 4:02d}:{quarter % 4 * 15:02d}"


_PERIOD = st.sampled_from(PERIODS)
_CUTS = st.sets(st.integers(0, _QUARTERS_PER_DAY - 1), min_size=1, max_size=6)
_SMALL = st.integers(0, 2)
_DAY = st.sampled_from(_DAYS_2026)
_WEEKEND = st.sampled_from(_WEEKENDS_2026)


def _draw_day_slots(draw: st.DrawFn) -> List[Dict[str, str]]:
    """Slots partitioning 00:00–24:00: 1–6 cut points on quarter hours, each slot running
    to the next cut. If no cut is at midnight the last slot wraps past it (22:00–08:00)."""
    cuts = sorted(draw(_CUTS))
    names = [draw(_PERIOD) for _ in cuts]
    if len(cuts) == 1:
        return [{"from": "00:00", "to": "24:00", "period": names[0]}]
    slots = [
        {"from": _hhmm(cut), "to": _hhmm(cuts[(i + 1) % len(cuts)], end=True), "period": names[i]}
        for i, cut in enumerate(cuts)
    ]
    turn = draw(_SMALL)  # slot order must not matter
    return slots[turn:] + slots[:turn]


def _draw_schedule(draw: st.DrawFn) -> Dict[str, Any]:
    month_season = [draw(_SMALL) for _ in range(12)]
    seasons = []
    for si in range(3):
        months = [m for m in range(1, 13) if month_season[m - 1] == si]
        if not months:
            continue
        day_group = [draw(_SMALL) for _ in DAY_TYPES]
        days = []
        for gi in range(3):
            day_types = [d for d, g in zip(DAY_TYPES, day_group) if g == gi]
            if day_types:
                days.append({"day_types": day_types, "slots": _draw_day_slots(draw)})
        season: Dict[str, Any] = {"months": months, "days": days}
        if draw(st.booleans()):
            season["name"] = f"season {si + 1}"
        seasons.append(season)
    return {"seasons": seasons}


@_memo
def time_of_use_schedules() -> st.SearchStrategy[Dict[str, Any]]:
    """A valid `time_of_use` schedule: seasons partition months 1–12, each season's day
    schedules partition workday/weekend/holiday, and slots partition the day on 15-minute
    boundaries (some wrapping past midnight)."""
    return st.composite(_draw_schedule)()


def used_periods(schedule: Dict[str, Any]) -> List[str]:
    """Periods a schedule uses anywhere in the year, in bill order: exactly the keys its
    `prices` must have."""
    used = {slot["period"] for s in schedule["seasons"] for d in s["days"] for slot in d["slots"]}
    return [p for p in PERIODS if p in used]


def _name(zh: str, en: str) -> Dict[str, str]:
    return {"zh": zh, "en": en}


_KIND = st.sampled_from(ENERGY_KINDS)
_CYCLE = st.sampled_from(["monthly", "annual"])
_ADDER = st.just(Decimal(0)) | prices(Decimal("0.2"))
_FUNDS = st.lists(prices(Decimal("0.2")), max_size=3)
_FIXED = st.lists(st.tuples(st.sampled_from(["per_bill", "per_day", "per_month"]), prices(20)), max_size=3)
_HOLIDAYS = st.lists(_DAY, max_size=3, unique=True)
_WORKING_WEEKENDS = st.lists(_WEEKEND, max_size=2, unique=True)
_REQUEST_HOLIDAYS = st.none() | st.lists(_DAY, max_size=2, unique=True)
_CT = st.sampled_from([1, 30, 200])
_MINUTES = st.sampled_from([15, 30, 60])
_TENTHS = st.integers(0, 9)


def _draw_tariff(draw: st.DrawFn, kinds: Tuple[str, ...]) -> TariffDict:
    kind = draw(_KIND if kinds == ENERGY_KINDS else st.sampled_from(kinds))
    tariff: TariffDict = {"id": f"generated-{kind}", "name": _name("生成的电价", "Generated tariff")}
    if draw(_TENTHS) >= 2:  # a missing `rounding` means the default policy
        tariff["rounding"] = draw(rounding_policies())
    holidays = draw(_HOLIDAYS)
    if holidays:
        tariff["holidays"] = holidays
    working = [d for d in draw(_WORKING_WEEKENDS) if d not in holidays]
    if working:
        tariff["working_weekends"] = working

    def tiers(value_key: str, values: st.SearchStrategy[Decimal]) -> Tuple[str, List[Dict[str, Any]]]:
        rows: List[Dict[str, Any]] = [{"upto": b, value_key: draw(values)} for b in draw(tier_bounds())]
        rows.append({value_key: draw(values)})
        return draw(_CYCLE), rows

    if kind == "flat":
        tariff["energy"] = {"flat": {"price": draw(prices())}}
    elif kind == "tiered":
        cycle, rows = tiers("price", prices())
        tariff["energy"] = {"tiered": {"cycle": cycle, "tiers": rows}}
    else:
        schedule = draw(time_of_use_schedules())
        tariff["time_of_use"] = schedule
        period_prices = {p: draw(prices()) for p in used_periods(schedule)}
        if kind == "time_of_use":
            tariff["energy"] = {"time_of_use": {"prices": period_prices}}
        else:
            cycle, rows = tiers("adder", _ADDER)
            tariff["energy"] = {"time_of_use_tiered": {"prices": period_prices, "cycle": cycle, "tiers": rows}}

    funds = draw(_FUNDS)
    if funds:
        tariff["funds"] = [
            {"code": f"fund_{i}", "name": _name(f"基金{i}", f"Fund {i}"), "price": p} for i, p in enumerate(funds)
        ]
    fixed = draw(_FIXED)
    if fixed:
        tariff["fixed_charges"] = [
            {"code": f"fixed_{i}", "name": _name(f"固定费{i}", f"Fixed {i}"), "basis": b, "amount": a}
            for i, (b, a) in enumerate(fixed)
        ]
    return tariff


@_memo
def _tariff_dicts(kinds: Tuple[str, ...]) -> st.SearchStrategy[TariffDict]:
    return st.composite(_draw_tariff)(kinds)


def tariff_dicts(kinds: Sequence[str] = ENERGY_KINDS) -> st.SearchStrategy[TariffDict]:
    """A valid tariff document as a dict of native values: an energy rate of one of
    `kinds`, 0–3 funds, 0–3 fixed charges (any basis), any rounding (or none), a few
    holidays and working weekends in 2026. Prices are `Decimal` with at most 6 decimals,
    tier bounds whole kWh at least 100 apart, and time-of-use `prices` name exactly the
    periods the schedule uses."""
    unknown = set(kinds) - set(ENERGY_KINDS)
    if not kinds or unknown:
        raise ValueError(f"kinds must be a non-empty subset of {ENERGY_KINDS}, not {kinds!r}")
    return _tariff_dicts(tuple(kinds))


def tariffs(kinds: Sequence[str] = ENERGY_KINDS) -> st.SearchStrategy[gridcore.Tariff]:
    """A validated `gridcore.Tariff` built from :func:`tariff_dicts`."""
    return tariff_dicts(kinds).map(gridcore.Tariff.from_dict)


@_memo
def periods(max_days: int = 62) -> st.SearchStrategy[PeriodDict]:
    """A billing period `{"start", "end"}` of 1 to `max_days` days inside calendar year
    2026 (`end` at most 2027-01-01), so annual tiers never cross a tier year."""
    def period(start: date, days: int) -> PeriodDict:
        return {"start": start, "end": min(start + timedelta(days=days), _YEAR_END)}
    return st.builds(period, _DAY, st.integers(1, max_days))


def _billed_registers(tariff: TariffDict) -> List[str]:
    schedule = tariff.get("time_of_use")
    return used_periods(schedule) if schedule else ["total"]


def _draw_readings(draw: st.DrawFn, tariff: TariffDict) -> UsageDict:
    registers = _billed_registers(tariff)
    if registers != ["total"] and draw(st.booleans()):
        registers = ["total", *registers]
    readings = []
    for register in registers:
        start, advance = draw(kwh(99_999)), draw(kwh(2_000))
        reading: ReadingDict = {"register": register, "start": start, "end": start + advance}  # type: ignore[typeddict-item]
        if draw(_TENTHS) == 0:
            reading["estimated"] = True
        readings.append(reading)
    return {"meter": {"ct_ratio": Decimal(draw(_CT)), "pt_ratio": Decimal(1)}, "readings": readings}


def readings_for(tariff: TariffDict, period: Optional[PeriodDict] = None) -> st.SearchStrategy[UsageDict]:
    """A `usage` dict of register readings that bills under `tariff`: one register per
    period its schedule uses anywhere in the year (time-of-use), else `total`; time-of-use
    usage sometimes also reads `total`, which is shown unbilled. Readings are `Decimal`
    with at most 4 decimals, advances up to 2000 kWh, CT ratio 1, 30 or 200. `period` is
    accepted so the call mirrors :func:`interval_data`; readings do not depend on it."""
    return st.composite(_draw_readings)(tariff)


def _draw_intervals(draw: st.DrawFn, period: PeriodDict, minutes: int) -> IntervalDataDict:
    origin = datetime.combine(period["start"], datetime.min.time())
    count = (period["end"] - period["start"]).days * 24 * 60 // minutes
    profile = draw(_profiles(min(count, 24 * 60 // minutes)))
    points = [
        {"start": origin + timedelta(minutes=i * minutes), "kwh": profile[i % len(profile)]} for i in range(count)
    ]
    return {"minutes": minutes, "points": points}  # type: ignore[typeddict-item]


@_memo
def _profiles(max_size: int) -> st.SearchStrategy[List[Decimal]]:
    return st.lists(kwh(50), min_size=1, max_size=max_size)


def interval_data(period: PeriodDict, minutes: int) -> st.SearchStrategy[IntervalDataDict]:
    """Complete `intervals` data for `period` at `minutes` (15, 30 or 60) resolution: one
    value (≤ 50 kWh, ≤ 4 decimals) per interval, naive `datetime` starts. Values repeat a
    drawn profile of up to one day, which keeps long periods within Hypothesis's budget."""
    if minutes not in (15, 30, 60):
        raise ValueError(f"minutes must be 15, 30 or 60, not {minutes!r}")
    return st.composite(_draw_intervals)(period, minutes)


def _draw_request(draw: st.DrawFn, kinds: Tuple[str, ...], max_days: int) -> gridcore.BillRequest:
    tariff = draw(_tariff_dicts(kinds))
    period = draw(periods(max_days))
    if (period["end"] - period["start"]).days <= 7 and draw(st.booleans()):
        usage: UsageDict = {"intervals": _draw_intervals(draw, period, draw(_MINUTES))}
        if draw(st.booleans()):
            usage["meter"] = {"ct_ratio": Decimal(draw(_CT))}
    else:
        usage = _draw_readings(draw, tariff)
    return gridcore.BillRequest(
        gridcore.Tariff.from_dict(tariff),
        account={"account_id": "0000000001"},
        period=period,
        usage=usage,
        as_of=period["end"] + timedelta(days=draw(_TENTHS)),
        year_to_date_kwh=draw(kwh(8_000)),
        holidays=draw(_REQUEST_HOLIDAYS),
    )


@_memo
def _bill_requests(kinds: Tuple[str, ...], max_days: int) -> st.SearchStrategy[gridcore.BillRequest]:
    return st.composite(_draw_request)(kinds, max_days)


def bill_requests(kinds: Sequence[str] = ENERGY_KINDS, max_days: int = 62) -> st.SearchStrategy[gridcore.BillRequest]:
    """A `gridcore.BillRequest` that always bills: a tariff from :func:`tariff_dicts`
    (energy rates of `kinds`), a period in 2026 of 1 to `max_days` days, readings (or, for
    periods of at most a week, interval data), `year_to_date_kwh` up to 8000 kWh with at
    most 4 decimals, sometimes request holidays, and an `as_of` 0–9 days after the
    period's end."""
    tariff_dicts(kinds)  # validates `kinds`
    return _bill_requests(tuple(kinds), max_days)


# --- invalid documents: a valid tariff with exactly one thing broken ---------------------

def _price_slots(tariff: TariffDict) -> List[Tuple[Dict[str, Any], str]]:
    """Every (container, key) holding a price-like decimal of the tariff."""
    (rate,) = tariff["energy"].values()
    slots: List[Tuple[Dict[str, Any], str]] = []
    if "price" in rate:
        slots.append((rate, "price"))
    slots += [(rate["prices"], p) for p in rate.get("prices", {})]
    slots += [(t, k) for t in rate.get("tiers", []) for k in ("price", "adder") if k in t]
    slots += [(f, "price") for f in tariff.get("funds", [])]
    slots += [(c, "amount") for c in tariff.get("fixed_charges", [])]
    return slots


@st.composite
def _negative_price(draw: st.DrawFn) -> Tuple[TariffDict, str]:
    tariff = draw(tariff_dicts())
    container, key = draw(st.sampled_from(_price_slots(tariff)))
    container[key] = -draw(prices()) - Decimal("0.01")
    return tariff, "negative"


@st.composite
def _float_price(draw: st.DrawFn) -> Tuple[TariffDict, str]:
    tariff = draw(tariff_dicts())
    container, key = draw(st.sampled_from(_price_slots(tariff)))
    container[key] = float(container[key])
    return tariff, "invalid_field"


@st.composite
def _too_precise_price(draw: st.DrawFn) -> Tuple[TariffDict, str]:
    tariff = draw(tariff_dicts())
    container, key = draw(st.sampled_from(_price_slots(tariff)))
    container[key] = container[key] + Decimal("0.0000001")
    return tariff, "too_precise"


@st.composite
def _tiers_not_ascending(draw: st.DrawFn) -> Tuple[TariffDict, str]:
    tariff = draw(tariff_dicts(kinds=("tiered", "time_of_use_tiered")))
    (rate,) = tariff["energy"].values()
    rows = rate["tiers"]
    j = draw(st.integers(0, len(rows) - 2))
    extra = copy.copy(rows[j])
    extra["upto"] = Decimal(draw(st.integers(1, int(rows[j]["upto"]))))  # ≤ the bound before it
    rows.insert(j + 1, extra)
    return tariff, "tiers_not_ascending"


@st.composite
def _schedule_gap(draw: st.DrawFn) -> Tuple[TariffDict, str]:
    tariff = draw(tariff_dicts(kinds=("time_of_use", "time_of_use_tiered")))
    seasons = tariff["time_of_use"]["seasons"]
    day = draw(st.sampled_from([d for s in seasons for d in s["days"]]))

    def span(slot: Dict[str, str]) -> Tuple[int, int]:
        start = int(slot["from"][:2]) * 4 + int(slot["from"][3:]) // 15
        end = int(slot["to"][:2]) * 4 + int(slot["to"][3:]) // 15
        return start, (end - start) % _QUARTERS_PER_DAY or _QUARTERS_PER_DAY

    # Shorten the longest slot by one quarter hour: its period stays in use, the prices
    # stay exact, and exactly that quarter hour is left uncovered.
    slot = max(day["slots"], key=lambda s: span(s)[1])
    start, length = span(slot)
    slot["to"] = _hhmm(start + length - 1, end=True)
    return tariff, "schedule_gap"


@st.composite
def _unknown_period(draw: st.DrawFn) -> Tuple[TariffDict, str]:
    tariff = draw(tariff_dicts(kinds=("time_of_use", "time_of_use_tiered")))
    (rate,) = tariff["energy"].values()
    unused = [p for p in PERIODS if p not in rate["prices"]]
    if draw(st.booleans()) and unused:
        rate["prices"][draw(st.sampled_from(unused))] = draw(prices())  # a price for no slot
    else:
        del rate["prices"][draw(st.sampled_from(sorted(rate["prices"])))]  # a slot with no price
    return tariff, "unknown_period"


@st.composite
def _schedule_mismatch(draw: st.DrawFn) -> Tuple[TariffDict, str]:
    tariff = draw(tariff_dicts(kinds=("flat", "tiered")))
    tariff["time_of_use"] = draw(time_of_use_schedules())
    return tariff, "schedule_mismatch"


@_memo
def invalid_tariff_dicts() -> st.SearchStrategy[Tuple[TariffDict, str]]:
    """`(tariff_dict, expected_code)`: a valid tariff with exactly one thing broken, and
    the `TariffError.code` that loading it must raise:

    * ``tiers_not_ascending``: a tier bound ≤ the one before it;
    * ``negative``: a price, adder, fund rate or fixed amount below 0;
    * ``invalid_field``: a ``float`` price (floats never enter the engine);
    * ``too_precise``: a price with 7 decimals;
    * ``schedule_gap``: a quarter hour covered by no slot;
    * ``unknown_period``: time-of-use ``prices`` not naming exactly the used periods;
    * ``schedule_mismatch``: a schedule on a flat or tiered rate.
    """
    return st.one_of(
        _tiers_not_ascending(),
        _negative_price(),
        _float_price(),
        _too_precise_price(),
        _schedule_gap(),
        _unknown_period(),
        _schedule_mismatch(),
    )


# --- The points centre -------------------------------------------------------------

#: Event types a points rule answers.
POINTS_EVENT_TYPES: Tuple[str, ...] = ("bill_paid", "e_bill_opted_in", "auto_pay_enrolled", "referral", "generic")
_CHANNELS = ("app", "counter", "bank", "wechat")
_TAGS = ("high_value", "e_bill", "auto_pay")


@st.composite
def _draw_points_rule(draw: st.DrawFn, code: str) -> Dict[str, Any]:
    event = draw(st.sampled_from(POINTS_EVENT_TYPES))
    rule: Dict[str, Any] = {"code": code, "name": _name(f"规则{code}", f"Rule {code}"), "event": event,
                            "expires_after_days": draw(st.integers(1, 730))}
    if event == "bill_paid" and draw(st.booleans()):
        rule["points"] = {"of": "amount", "per": draw(st.sampled_from([Decimal(1), Decimal(10), Decimal("12.5")])),
                          "points": draw(st.integers(1, 5)), "rounding": draw(st.sampled_from(["down", "half_up"]))}
    else:
        rule["points"] = {"fixed": draw(st.integers(1, 200))}
    when: List[Dict[str, Any]] = []
    if event == "bill_paid":
        if draw(st.booleans()):
            when.append({"field": "days_late", "op": "eq", "value": "0"})
        if draw(st.booleans()):
            when.append({"field": "channel", "op": draw(st.sampled_from(["eq", "ne"])), "value": draw(st.sampled_from(_CHANNELS))})
        if draw(st.booleans()):
            when.append({"field": "amount", "op": draw(st.sampled_from(["gt", "gte", "lt", "lte"])), "value": str(draw(st.integers(0, 500)))})
    elif event == "generic":
        when.append({"field": "name", "op": "eq", "value": "survey_completed"})
    if when:
        rule["when"] = when
    if draw(st.booleans()):
        rule["tags_any"] = draw(st.lists(st.sampled_from(_TAGS), min_size=1, max_size=2, unique=True))
    caps = {k: draw(st.integers(1, 500)) for k in ("per_day", "per_month", "per_year") if draw(st.booleans())}
    if caps:
        rule["caps"] = caps
    if draw(st.booleans()):
        start = draw(st.sampled_from(_DAYS_2026))
        rule["campaigns"] = [{"code": "campaign", "from": start, "to": start + timedelta(days=draw(st.integers(0, 60))),
                              "multiplier": draw(st.sampled_from([Decimal("1.5"), Decimal(2), Decimal(3)]))}]
    rule["priority"] = draw(st.integers(0, 3))
    rule["exclusive"] = draw(st.booleans())
    return rule


@st.composite
def _draw_points_rules(draw: st.DrawFn) -> Dict[str, Any]:
    n = draw(st.integers(1, 6))
    return {"rules": [draw(_draw_points_rule(f"r{i}")) for i in range(n)],
            "refund_shortfall": draw(st.sampled_from(["forgive", "allow_negative"]))}


def points_rules_dicts() -> st.SearchStrategy[Dict[str, Any]]:
    """A valid points rule book (loads with :meth:`gridcore.PointsRules.from_dict`): one
    to six rules over every event type, with conditions, tags, fixed or proportional points,
    caps, campaigns, priorities and exclusivity. Refunds never refuse, so any event stream
    processes without error."""
    return _draw_points_rules()


@st.composite
def _draw_points_events(draw: st.DrawFn, max_size: int) -> List[Dict[str, Any]]:
    events: List[Dict[str, Any]] = []
    day = _YEAR_START
    payments: List[str] = []
    for i in range(draw(st.integers(1, max_size))):
        day += timedelta(days=draw(st.integers(0, 20)))
        key = f"ev-{i}"
        kind = draw(st.sampled_from(POINTS_EVENT_TYPES + ("bill_refunded",)))
        if kind == "bill_paid":
            late = draw(st.integers(0, 10)) if draw(st.integers(0, 4)) == 0 else 0
            event: Dict[str, Any] = {"type": kind, "amount": Decimal(draw(st.integers(0, 200_000))) / 100,
                                     "due_date": day - timedelta(days=late), "paid_date": day, "channel": draw(st.sampled_from(_CHANNELS))}
            payments.append(key)
        elif kind == "bill_refunded":
            if not payments:
                continue
            event = {"type": kind, "payment_key": draw(st.sampled_from(payments))}
        elif kind == "referral":
            event = {"type": kind, "referred_customer_id": f"C{draw(st.integers(1000, 9999))}"}
        elif kind == "generic":
            event = {"type": kind, "name": draw(st.sampled_from(["survey_completed", "app_login"])), "attributes": {}}
        else:
            event = {"type": kind}
        tags = draw(st.lists(st.sampled_from(_TAGS), max_size=2, unique=True))
        events.append({"key": key, "date": day, "customer_tags": tags, "event": event})
    return events


def points_events(max_size: int = 30) -> st.SearchStrategy[List[Dict[str, Any]]]:
    """A customer's stream of points events (dicts for :meth:`gridcore.Ledger.process`):
    distinct keys, dates that never go back, payments in ``decimal.Decimal`` and refunds
    of earlier payments."""
    return _draw_points_events(max_size)


# ── payments ──────────────────────────────────────────────────────────────────────────
_PAY_CHANNELS = ("counter", "bank", "app", "wechat")


def account_setups() -> st.SearchStrategy[Dict[str, Any]]:
    """An account for :class:`gridcore.AccountLedger` with any policy: class, bill order,
    late fee order, exact match, a component priority, where a named payment's rest goes."""
    return st.builds(
        lambda cls, order, fee, exact, funds_first, rest: {
            "account_id": "1100023456", "customer_class": cls,
            "policy": {"order": order, "late_fee": fee, "exact_match_first": exact,
                       "components": ["funds", "energy"] if funds_first else [], "named_bill_rest": rest}},
        st.sampled_from(["residential", "non_residential"]), st.sampled_from(["oldest_first", "newest_first"]),
        st.sampled_from(["before_principal", "after_principal"]), st.booleans(), st.booleans(), st.sampled_from(["other_bills", "prepaid"]))


@st.composite
def _draw_payment_stream(draw: st.DrawFn, max_size: int) -> List[Dict[str, Any]]:
    start = date(2026, 10, 1)
    ops: List[Tuple[datetime, Dict[str, Any]]] = []
    n_bills = draw(st.integers(1, 4))
    for m in range(n_bills):
        issued = start + timedelta(days=30 * m)
        month = (issued - timedelta(days=1)).strftime("%Y-%m")
        energy, funds = Decimal(draw(st.integers(1, 59_999))) / 100, Decimal(draw(st.integers(0, 2_999))) / 100
        bill = {"bill_id": f"B{m}", "bill_month": month, "due_date": issued + timedelta(days=14), "amount": energy + funds,
                "components": [{"code": "energy", "amount": energy}, {"code": "funds", "amount": funds}]}
        ops.append((datetime.combine(issued, datetime.min.time()), {"op": "issue", "key": f"issue-B{m}", "issued_on": issued, "bill": bill}))
    payments: List[Tuple[str, datetime]] = []
    for i in range(draw(st.integers(0, max_size))):
        at = datetime.combine(start, datetime.min.time()) + timedelta(minutes=draw(st.integers(0, 40 * 24 * 60)) * 4 + 1)
        kind = draw(st.integers(0, 9))
        cents = draw(st.integers(1, 79_999))
        key = f"op-{i}"
        bill_id = f"B{draw(st.integers(0, n_bills - 1))}"
        if kind <= 5:
            payments.append((key, at))
            op: Dict[str, Any] = {"op": "pay", "key": key, "channel": draw(st.sampled_from(_PAY_CHANNELS)), "txn_no": f"T{i}",
                                  "amount": Decimal(cents) / 100, "paid_at": at}
            if kind == 5:
                op["bill_id"] = bill_id
        elif kind == 6 and payments:
            payment, paid_at = draw(st.sampled_from(payments))
            at = max(at, paid_at)
            op = {"op": "reverse", "key": key, "payment_key": payment, "at": at}
        elif kind == 7:
            op = {"op": "refund", "key": key, "amount": Decimal(cents % 5_000 + 1) / 100, "at": at, "channel": "counter", "txn_no": f"R{i}"}
        elif kind == 8:
            op = {"op": "adjust", "key": key, "on": at.date(), "bill_id": bill_id, "component": "energy", "amount": max(Decimal(cents % 2_000 - 1_000) / 100, Decimal("0.01"))}
        else:
            op = {"op": "write_off", "key": key, "on": at.date(), "bill_id": bill_id}
        on = op.get("paid_at") or op.get("at") or datetime.combine(op["on"], datetime.min.time())
        ops.append((on, op))
    ops.sort(key=lambda x: x[0])
    return [op for _, op in ops]


def payment_streams(max_size: int = 24) -> st.SearchStrategy[List[Dict[str, Any]]]:
    """A stream of receivables operations for one account (dicts for
    :meth:`gridcore.AccountLedger.apply`), in time order with distinct keys: monthly bills
    (energy and funds), payments through several channels (partial, over, some naming a
    bill, some late), reversals of earlier payments, refunds, adjustments and write-offs.
    Each operation is valid on its own; some are refused by the ledger (a refund of more
    than is prepaid), as in life. Mirrors ``gridcore::testing::payment_stream``."""
    return _draw_payment_stream(max_size)
