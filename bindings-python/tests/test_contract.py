"""The Python binding's own contract: conversions, errors, immutability, pickling, the
batch API. Billing behaviour itself is covered by the conformance cases."""

from __future__ import annotations

import copy
import json
import pathlib
import pickle
import threading
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

import gridcore

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARIFFS = ROOT / "examples" / "data" / "tariffs"

ZJ = {
    "id": "zj-residential-tiered-2026",
    "name": {"zh": "浙江居民生活用电", "en": "Zhejiang residential"},
    "energy": {"tiered": {"cycle": "annual", "tiers": [
        {"upto": 2760, "price": Decimal("0.538")},
        {"upto": "4800", "price": "0.588"},
        {"price": Decimal("0.838")}]}},
}


def request(tariff: gridcore.Tariff | None = None, **overrides: object) -> gridcore.BillRequest:
    fields: dict = dict(
        account={"account_id": "3300012345"},
        period={"start": date(2026, 11, 1), "end": date(2026, 12, 1)},
        usage={"readings": [{"register": "total", "start": Decimal("8200"), "end": 8500}]},
        year_to_date_kwh=2600,
        as_of=date(2026, 12, 1),
    )
    fields.update(overrides)
    return gridcore.BillRequest(tariff or gridcore.Tariff.from_dict(ZJ), **fields)


def test_tariff_loads_from_dict_json_and_file() -> None:
    from_dict = gridcore.Tariff.from_dict(ZJ)
    from_file = gridcore.Tariff.from_file(TARIFFS / "zj-residential-tiered.json")
    from_json = gridcore.Tariff.from_json((TARIFFS / "zj-residential-tiered.json").read_text(encoding="utf-8"))
    assert from_file == from_json
    assert from_file.id == from_dict.id == "zj-residential-tiered-2026"
    assert from_dict.name.zh == "浙江居民生活用电"
    assert gridcore.Tariff.from_file(str(TARIFFS / "zj-residential-tiered.json")) == from_file
    assert from_dict.to_dict()["energy"]["tiered"]["tiers"][0] == {"upto": "2760", "price": "0.538"}


def test_bill_has_decimal_amounts_and_date_fields() -> None:
    b = gridcore.bill(request())
    assert b.total == Decimal("168.40") and isinstance(b.total, Decimal)
    assert str(b.total) == "168.40"  # the fen is kept: not 168.4
    assert [line.amount for line in b.lines] == [Decimal("86.08"), Decimal("82.32")]
    assert b.period.start == date(2026, 11, 1) and b.period.days == 30
    assert b.issued_on == date(2026, 12, 1)
    assert b.lines[0].rule.kind == "tier" and b.lines[0].rule.upper == Decimal("2760")
    assert "第1档" in b.lines[0].rule.explain().zh
    assert b.usage.registers[0].kwh == Decimal("300")
    assert b.rounding.mode == "half_up"
    assert "168.40" in gridcore.render(b)
    assert "total=Decimal('168.40')" in repr(b)


def test_to_dict_is_plain_python_and_to_json_is_the_core_form() -> None:
    b = gridcore.bill(request())
    d = b.to_dict()
    assert d["total"] == Decimal("168.40")
    assert d["lines"][1]["rule"] == {"kind": "tier", "cycle": "annual", "tier": 2, "lower": Decimal("2760"),
                                     "upper": Decimal("4800"), "from_kwh": Decimal("2760"), "to_kwh": Decimal("2900")}
    assert d["period"] == {"start": date(2026, 11, 1), "end": date(2026, 12, 1), "days": 30}
    assert json.loads(b.to_json())["total"] == "168.40"
    assert gridcore.Bill.from_json(b.to_json()) == b


def test_results_are_immutable() -> None:
    b = gridcore.bill(request())
    with pytest.raises(AttributeError):
        b.total = Decimal("0")  # type: ignore[misc]
    with pytest.raises(AttributeError):
        b.lines[0].amount = Decimal("0")  # type: ignore[misc]
    assert isinstance(b.lines, tuple)


@pytest.mark.parametrize("value", [0.5, 2600.0])
def test_float_for_money_is_rejected_naming_the_field(value: float) -> None:
    with pytest.raises(gridcore.RequestError) as e:
        request(year_to_date_kwh=value)
    assert e.value.code == "invalid_field" and e.value.path == "year_to_date_kwh"
    assert "float" in e.value.reason
    bad = copy.deepcopy(ZJ)
    bad["energy"]["tiered"]["tiers"][1]["price"] = 0.588
    with pytest.raises(gridcore.TariffError) as t:
        gridcore.Tariff.from_dict(bad)
    assert t.value.path == "tariff.energy.tiered.tiers[1].price"


def test_float_in_usage_is_a_metering_error() -> None:
    with pytest.raises(gridcore.MeteringError) as e:
        request(usage={"readings": [{"register": "total", "start": 8200, "end": 8500.0}]})
    assert e.value.path == "usage.readings[0].end"


def test_bool_is_not_a_number() -> None:
    with pytest.raises(gridcore.RequestError) as e:
        request(year_to_date_kwh=True)
    assert e.value.path == "year_to_date_kwh"


def test_decimal_nan_and_exponents() -> None:
    with pytest.raises(gridcore.RequestError) as e:
        request(year_to_date_kwh=Decimal("NaN"))
    assert e.value.path == "year_to_date_kwh"
    assert gridcore.bill(request(year_to_date_kwh=Decimal("2.6E+3"))).total == Decimal("168.40")


def test_datetime_where_a_date_is_expected_is_rejected() -> None:
    with pytest.raises(gridcore.RequestError) as e:
        request(as_of=datetime(2026, 12, 1, 9, 30))
    assert e.value.path == "as_of" and "datetime" in e.value.reason


def test_timezone_aware_interval_start_is_rejected() -> None:
    tou = gridcore.Tariff.from_file(TARIFFS / "commercial-tou.json")
    points = [{"start": datetime(2026, 11, 2, h, tzinfo=timezone.utc), "kwh": 1} for h in range(24)]
    with pytest.raises(gridcore.MeteringError) as e:
        request(tou, period={"start": date(2026, 11, 2), "end": date(2026, 11, 3)}, usage={"intervals": {"minutes": 60, "points": points}})
    assert e.value.path == "usage.intervals.points[0].start"


def test_interval_data_from_native_datetimes() -> None:
    tou = gridcore.Tariff.from_file(TARIFFS / "commercial-tou.json")
    points = [{"start": datetime(2026, 11, 2, h), "kwh": 1} for h in range(24)]
    b = gridcore.bill(request(tou, period={"start": date(2026, 11, 2), "end": date(2026, 11, 3)},
                              usage={"intervals": {"minutes": 60, "points": points}}, as_of=date(2026, 11, 3)))
    assert b.total == Decimal("16.66")
    assert b.usage.by_period == {"peak": Decimal("7"), "flat": Decimal("9"), "valley": Decimal("8")}


def test_errors_carry_kind_code_path_and_are_one_hierarchy() -> None:
    with pytest.raises(gridcore.GridcoreError) as e:
        gridcore.bill(request(period={"start": date(2026, 11, 10), "end": date(2026, 11, 1)}))
    err = e.value
    assert isinstance(err, gridcore.RequestError)
    assert (err.kind, err.code, err.path) == ("request", "empty_period", "period.end")
    b = gridcore.Tariff.from_dict(ZJ)
    with pytest.raises(gridcore.MeteringError) as m:
        gridcore.bill(request(b, usage={"readings": [{"register": "total", "start": 8500, "end": 8200}]}))
    assert (m.value.code, m.value.path) == ("reading_backwards", "usage.readings[0].end")


def test_exceptions_pickle_with_their_attributes() -> None:
    with pytest.raises(gridcore.GridcoreError) as e:
        gridcore.Tariff.from_json("{")
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is gridcore.TariffError
    assert (again.kind, again.code, again.path, str(again)) == (e.value.kind, e.value.code, e.value.path, str(e.value))


def test_a_panic_becomes_internal_error_not_an_abort() -> None:
    with pytest.raises(gridcore.InternalError) as e:
        gridcore._gridcore._panic_for_tests()
    assert e.value.code == "internal" and "panicked" in e.value.reason
    # The interpreter and the engine are still fine afterwards.
    assert gridcore.bill(request()).total == Decimal("168.40")


def test_everything_pickles() -> None:
    r = request()
    b = gridcore.bill(r)
    for obj in (r, r.tariff, b, b.lines[0], b.usage, b.period, b.tariff_name):
        assert pickle.loads(pickle.dumps(obj)) == obj


def test_bill_many_raise_and_return_modes() -> None:
    good = request()
    bad = request(usage={"readings": [{"register": "total", "start": 8500, "end": 8200}]})
    bills = gridcore.bill_many([good, good])
    assert [b.total for b in bills] == [Decimal("168.40")] * 2
    with pytest.raises(gridcore.MeteringError) as e:
        gridcore.bill_many([good, bad, good])
    assert e.value.index == 1  # type: ignore[attr-defined]
    mixed = gridcore.bill_many([good, bad], errors="return")
    assert isinstance(mixed[0], gridcore.Bill) and isinstance(mixed[1], gridcore.MeteringError)
    with pytest.raises(ValueError):
        gridcore.bill_many([good], errors="ignore")  # type: ignore[arg-type]


def test_bill_many_releases_the_gil() -> None:
    """While one thread runs a large batch in Rust, another keeps running Python."""
    requests = [request()] * 20_000
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    t = threading.Thread(target=count)
    t.start()
    try:
        gridcore.bill_many(requests)
    finally:
        done.set()
        t.join()
    assert ticks > 1000  # with the GIL held throughout, the counter would barely move


def test_request_round_trips_through_json() -> None:
    r = request()
    assert gridcore.BillRequest.from_json(r.to_json()) == r
    assert r.account_id == "3300012345" and r.tariff.id == "zj-residential-tiered-2026"


def test_late_fee_with_native_values() -> None:
    fee = gridcore.late_fee(customer_class="residential", arrears=Decimal("300.00"), due_date=date(2026, 11, 10), as_of=date(2026, 11, 12))
    assert (fee.days_late, fee.amount, fee.minimum_applied) == (2, Decimal("1.00"), True)
    assert fee.lines[0].first_day == date(2026, 11, 11) and fee.lines[0].daily_rate == Decimal("0.001")
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.late_fee(customer_class="residential", arrears=300.0, due_date=date(2026, 11, 10), as_of=date(2026, 11, 12))
    assert e.value.path == "arrears"
    with pytest.raises(gridcore.RequestError) as d:
        gridcore.late_fee(customer_class="residential", arrears=300, due_date=datetime(2026, 11, 10), as_of=date(2026, 11, 12))
    assert d.value.path == "due_date" and "datetime" in d.value.reason
