"""Property tests of the Python binding over `gridcore.strategies`: invariants every bill
must keep whatever the tariff, period and usage, plus the documented error codes of
broken tariffs. They also prove the shipped strategies are valid by construction: any
request they generate must bill."""

from __future__ import annotations

import json
import pickle
from datetime import date
from decimal import Decimal
from typing import Any, Dict, List, Tuple

from hypothesis import given, settings
from hypothesis import strategies as st

import gridcore
from gridcore import strategies

# Moderate counts keep the whole file well under 30 s.
SETTINGS = settings(max_examples=200, deadline=None)

# Fields of the bill's plain form that hold money or kWh and must come back as Decimal.
DECIMAL_FIELDS = {
    "quantity", "unit_price", "amount", "total", "multiplier", "metered_kwh", "billed_kwh", "kwh",
    "advance", "start", "end", "lower", "upper", "from_kwh", "to_kwh", "fixed_kwh", "percent",
}


def with_more_usage(request: gridcore.BillRequest, extra: Decimal) -> gridcore.BillRequest:
    """The same request with `extra` kWh more on the first reading's end (or on the
    first interval's value)."""
    doc = json.loads(request.to_json())
    usage = doc["usage"]
    if usage.get("readings"):
        first = usage["readings"][0]
        first["end"] = str(Decimal(first["end"]) + extra)
    else:
        first = usage["intervals"]["points"][0]
        first["kwh"] = str(Decimal(first["kwh"]) + extra)
    return gridcore.BillRequest.from_json(json.dumps(doc))


@SETTINGS
@given(strategies.bill_requests())
def test_total_is_the_sum_of_subtotals(request: gridcore.BillRequest) -> None:
    bill = gridcore.bill(request)
    assert bill.total == sum((s.amount for s in bill.subtotals), Decimal(0))
    assert [s.component for s in bill.subtotals] == [c for c in ("energy", "fund", "fixed")
                                                     if any(line.component == c for line in bill.lines)]


@SETTINGS
@given(strategies.bill_requests())
def test_line_stage_bill_adds_up(request: gridcore.BillRequest) -> None:
    """Under `line` stage the printed bill always adds up (docs §2 Rounding)."""
    bill = gridcore.bill(request)
    if bill.rounding.stage == "line":
        assert bill.total == sum((line.amount for line in bill.lines), Decimal(0))
        assert all(line.amount.as_tuple().exponent == -bill.rounding.scale for line in bill.lines)


@SETTINGS
@given(strategies.bill_requests(), strategies.kwh(500))
def test_more_usage_never_lowers_the_total(request: gridcore.BillRequest, extra: Decimal) -> None:
    """Tiers, rounding and prices are all monotone, so more kWh can only cost more."""
    before = gridcore.bill(request)
    after = gridcore.bill(with_more_usage(request, extra))
    assert after.total >= before.total
    assert after.usage.billed_kwh >= before.usage.billed_kwh


@settings(SETTINGS, max_examples=100)
@given(st.lists(strategies.bill_requests(), max_size=4))
def test_bill_many_equals_single_calls(requests: List[gridcore.BillRequest]) -> None:
    singles = [gridcore.bill(r) for r in requests]
    assert gridcore.bill_many(requests) == singles
    assert gridcore.bill_many(requests, errors="return") == singles


@SETTINGS
@given(strategies.bill_requests())
def test_pickling_round_trips(request: gridcore.BillRequest) -> None:
    """Bills and requests cross process boundaries (multiprocessing, Spark) by pickle."""
    bill = gridcore.bill(request)
    request_copy = pickle.loads(pickle.dumps(request))
    bill_copy = pickle.loads(pickle.dumps(bill))
    assert request_copy == request
    assert bill_copy == bill
    assert gridcore.bill(request_copy) == bill
    assert bill_copy.to_dict() == bill.to_dict()


def _walk(value: Any, key: str = "") -> List[Tuple[str, Any]]:
    """Every (key, leaf) of a plain bill dict."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _walk(v, k)]
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _walk(v, key)]
    return [(key, value)]


@SETTINGS
@given(strategies.bill_requests())
def test_every_amount_is_a_decimal(request: gridcore.BillRequest) -> None:
    """Floats never leave the engine: money and kWh are decimal.Decimal everywhere."""
    bill = gridcore.bill(request)
    leaves = _walk(bill.to_dict())
    assert not [leaf for leaf in leaves if isinstance(leaf[1], float)]
    # `start`/`end` are dates on the period and Decimal readings on registers.
    assert all(isinstance(v, Decimal) for k, v in leaves if k in DECIMAL_FIELDS and v is not None and not isinstance(v, date))
    assert isinstance(bill.total, Decimal)
    for line in bill.lines:
        assert all(isinstance(v, Decimal) for v in (line.quantity, line.unit_price, line.amount))
    assert all(isinstance(s.amount, Decimal) for s in bill.subtotals)
    assert all(isinstance(v, Decimal) for v in (bill.usage.metered_kwh, bill.usage.billed_kwh, bill.usage.multiplier))
    assert all(isinstance(v, Decimal) for v in (bill.usage.by_period or {}).values())


@SETTINGS
@given(strategies.tariffs())
def test_generated_tariffs_round_trip_through_json(tariff: gridcore.Tariff) -> None:
    assert gridcore.Tariff.from_json(tariff.to_json()) == tariff
    assert gridcore.Tariff.from_dict(tariff.to_dict()) == tariff


@settings(SETTINGS, max_examples=300)
@given(strategies.invalid_tariff_dicts())
def test_broken_tariffs_raise_the_documented_code(case: Tuple[Dict[str, Any], str]) -> None:
    tariff, code = case
    try:
        gridcore.Tariff.from_dict(tariff)
    except gridcore.TariffError as error:
        assert error.code == code, (error.code, error.path, error.reason)
        assert error.kind == "tariff"
        assert error.path.startswith("tariff")
    else:
        raise AssertionError(f"loaded, expected {code}")
