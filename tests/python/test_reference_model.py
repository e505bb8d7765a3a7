"""Differential tests: the engine against the independent reference model in
reference_model.py, over tariffs from `gridcore.strategies`.

Scope, chosen so the model stays small: whole calendar months of 2026 (no proration of
tier bounds, `per_month` charges count exactly 1), accounts without `opened_on`,
`closed_on` or tier extras, register readings without losses. Within it, every energy
rate, tier cycle, fund, fixed-charge basis and rounding policy is compared line by line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, Tuple

from hypothesis import example, given, settings
from hypothesis import strategies as st

import gridcore
from gridcore import strategies
from reference_model import billed_periods, dec, month, reference_bill, register_kwh, rounding_policy

if TYPE_CHECKING:
    from gridcore._gridcore import PeriodDict, UsageDict

Case = Tuple[Dict[str, Any], "PeriodDict", "UsageDict", Decimal]


@st.composite
def whole_months(draw: st.DrawFn) -> PeriodDict:
    start, end = month(2026, draw(st.integers(1, 12)))
    return {"start": start, "end": end}


@st.composite
def cases(draw: st.DrawFn) -> Case:
    tariff = draw(strategies.tariff_dicts())
    period = draw(whole_months())
    return tariff, period, draw(strategies.readings_for(tariff, period)), draw(strategies.kwh(8_000))


def model_usage(tariff: Dict[str, Any], period: PeriodDict, usage: UsageDict) -> Any:
    """Billed kWh (or kWh per billed period) derived from the readings by the documented
    rules, independently of the engine's `usage` summary."""
    meter = usage.get("meter", {})
    multiplier = dec(meter.get("ct_ratio", 1)) * dec(meter.get("pt_ratio", 1))
    scale = rounding_policy(tariff)["quantity_scale"]
    by_register: Dict[str, Decimal] = {r["register"]: register_kwh(r, multiplier, scale) for r in usage["readings"]}
    if "time_of_use" not in tariff:
        return by_register["total"]
    return {p: by_register[p] for p in billed_periods(tariff, period["start"], period["end"])}


def check(tariff: Dict[str, Any], period: PeriodDict, usage: UsageDict, ytd: Decimal) -> None:
    request = gridcore.BillRequest(
        gridcore.Tariff.from_dict(tariff),
        account={"account_id": "0000000001"},
        period=period,
        usage=usage,
        as_of=period["end"],
        year_to_date_kwh=ytd,
    )
    bill = gridcore.bill(request)
    expected = reference_bill(tariff, model_usage(tariff, period, usage),
                              start=period["start"], end=period["end"], year_to_date_kwh=ytd)
    policy = rounding_policy(tariff)
    actual = {line.code: line.amount for line in bill.lines}
    assert len(actual) == len(bill.lines), "line codes are unique"
    assert actual == expected.lines
    assert {s.component: s.amount for s in bill.subtotals} == expected.subtotals
    assert [s.component for s in bill.subtotals] == list(expected.subtotals)  # energy, fund, fixed
    assert bill.total == expected.total
    assert bill.total.as_tuple().exponent == -policy["scale"], "total has exactly `scale` decimals"
    if policy["stage"] == "line":
        assert sum((line.amount for line in bill.lines), Decimal(0)) == bill.total
        assert all(line.amount.as_tuple().exponent == -policy["scale"] for line in bill.lines)
    else:  # exact amounts, but never fewer than `scale` decimals
        assert all(int(line.amount.as_tuple().exponent) <= -policy["scale"] for line in bill.lines)


@settings(max_examples=1000, deadline=None)
@given(cases())
def test_engine_matches_reference_model(case: Case) -> None:
    check(*case)


# Boundary cases pinned explicitly: usage ending exactly on a bound, starting on one, zero
# usage, and a half-way amount under every rounding mode.
ZJ_TIERS = {"tiered": {"cycle": "annual", "tiers": [
    {"upto": "2760", "price": "0.538"}, {"upto": "4800", "price": "0.588"}, {"price": "0.838"}]}}
NOV: PeriodDict = {"start": date(2026, 11, 1), "end": date(2026, 12, 1)}


def _tariff(energy: Dict[str, Any], **extra: Any) -> Dict[str, Any]:
    return {"id": "pinned", "name": {"zh": "固定", "en": "Pinned"}, "energy": energy, **extra}


def _total_reading(kwh: str) -> UsageDict:
    return {"readings": [{"register": "total", "start": Decimal(0), "end": Decimal(kwh)}]}


@given(st.sampled_from(["half_up", "half_even", "down", "up"]), st.sampled_from(["line", "component"]),
       st.sampled_from(["0", "160", "2000", "2040"]), st.sampled_from(["0", "2600", "2760", "4800"]))
@settings(max_examples=100, deadline=None)
@example("half_even", "line", "2040", "2760")
def test_tier_bounds_and_rounding_modes(mode: str, stage: str, kwh: str, ytd: str) -> None:
    funds = [{"code": "half", "name": {"zh": "基金", "en": "Fund"}, "price": "0.0125"}]
    tariff = _tariff(ZJ_TIERS, rounding={"mode": mode, "stage": stage}, funds=funds)
    check(tariff, NOV, _total_reading(kwh), Decimal(ytd))


def test_model_reproduces_documented_examples() -> None:
    """Guards the model itself: the worked examples of docs/tariff-format.md."""
    start, end = month(2026, 11)
    zj = _tariff(ZJ_TIERS)
    assert reference_bill(zj, Decimal(300), start=start, end=end, year_to_date_kwh=Decimal(2600)).lines == {
        "energy.tier_1": Decimal("86.08"), "energy.tier_2": Decimal("82.32")}
    tou = _tariff({"time_of_use_tiered": {"prices": {"peak": "0.568", "valley": "0.288"}, "cycle": "annual",
                   "tiers": [{"upto": "2760", "adder": "0"}, {"upto": "4800", "adder": "0.05"}, {"adder": "0.30"}]}})
    got = reference_bill(tou, {"peak": Decimal(180), "valley": Decimal(120)}, start=start, end=end,
                         year_to_date_kwh=Decimal(2700))
    assert got.lines == {"energy.peak": Decimal("102.24"), "energy.valley": Decimal("34.56"),
                         "energy.tier_2_uplift": Decimal("12.00")}
    assert got.total == Decimal("148.80")
    funds = [{"code": c, "name": {"zh": c, "en": c}, "price": p}
             for c, p in (("rural_grid", "0.02"), ("reservoir", "0.0062"), ("renewable", "0.019"))]
    rent = [{"code": "meter_rent", "name": {"zh": "租", "en": "Rent"}, "basis": "per_month", "amount": "10.00"}]
    flat = _tariff({"flat": {"price": "0.606686"}}, funds=funds, fixed_charges=rent)
    got = reference_bill(flat, Decimal(8568), start=start, end=end)
    assert got.subtotals == {"energy": Decimal("5198.09"), "fund": Decimal("387.27"), "fixed": Decimal("10.00")}
    assert got.total == Decimal("5595.36")
    # Three lines of exactly 0.005: 0.02 under component stage, 0.03 under line stage.
    three = [{"code": f"f{i}", "name": {"zh": "f", "en": "f"}, "price": "0.005"} for i in range(3)]
    for stage, subtotal in (("component", "0.02"), ("line", "0.03")):
        t = _tariff({"flat": {"price": "0"}}, funds=three, rounding={"stage": stage})
        assert reference_bill(t, Decimal(1), start=start, end=end).subtotals["fund"] == Decimal(subtotal)
