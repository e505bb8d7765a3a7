"""Tariff fidelity through the Python API (native values in, objects out): exact part
months, 上海 time-of-use tiers, tier years across 1 January, two-part parameters, tariffs
with no energy rate, losses on their own lines and the late-fee policy. The figures are
those of the conformance cases; these tests check the conversions around them."""

from __future__ import annotations

import pathlib
from datetime import date
from decimal import Decimal

import pytest

import gridcore

TARIFFS = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "tariffs"
TWO_PART = {"id": "tp", "name": {"zh": "两部制", "en": "Two-part"}, "energy": {"flat": {"price": Decimal("0.6")}},
            "basic_charge": {"capacity_price": Decimal("26.3")}}


def test_a_part_month_is_billed_from_the_exact_fraction() -> None:
    request = gridcore.BillRequest(
        gridcore.Tariff.from_dict(TWO_PART),
        account={"account_id": "F1", "basic_charge": {"method": "capacity", "capacity_kva": 1000}},
        period={"start": date(2026, 6, 1), "end": date(2026, 6, 11)},
        usage={"readings": [{"register": "total", "start": 0, "end": 100}]},
        as_of=date(2026, 6, 11),
    )
    (basic,) = [line for line in gridcore.bill(request).lines if line.component == "basic"]
    assert (basic.quantity, basic.divisor, basic.unit_price, basic.amount) == (Decimal("10000"), 30, Decimal("26.3"), Decimal("8766.67"))
    assert (basic.rule.months.days, basic.rule.months.of_days) == (10, 30)
    assert basic.to_dict()["divisor"] == 30 and basic.to_dict()["rule"]["months"] == {"whole": 0, "days": 10, "of_days": 30}
    assert "10/30" in basic.rule.explain().zh


def test_shanghai_tier_period_lines() -> None:
    request = gridcore.BillRequest(
        gridcore.Tariff.from_file(TARIFFS / "sh-residential-tou.json"),
        account={"account_id": "3100056789"},
        period={"start": date(2026, 11, 1), "end": date(2026, 12, 1)},
        usage={"readings": [{"register": "peak", "start": 100, "end": 280}, {"register": "valley", "start": 100, "end": 220}]},
        year_to_date_kwh=Decimal(3000),
        as_of=date(2026, 12, 1),
    )
    b = gridcore.bill(request)
    assert [(line.code, line.amount) for line in b.lines] == [
        ("energy.tier_1.peak", Decimal("44.42")), ("energy.tier_1.valley", Decimal("14.74")),
        ("energy.tier_2.peak", Decimal("73.12")), ("energy.tier_2.valley", Decimal("24.26"))]
    rule = b.lines[2].rule
    assert (rule.kind, rule.tier, rule.period, rule.period_kwh, rule.billed_kwh) == ("tier_period", 2, "peak", Decimal("180"), Decimal("300"))


def test_a_billing_month_and_new_year_readings_cross_as_native_values() -> None:
    tariff = gridcore.Tariff.from_file(TARIFFS / "sh-residential-tou.json")
    request = gridcore.BillRequest(
        tariff,
        account={"account_id": "3100067890"},
        period={"start": date(2026, 12, 15), "end": date(2027, 1, 15)},
        usage={"readings": [{"register": "peak", "start": 1000, "end": 1155}, {"register": "valley", "start": 1000, "end": 1093}]},
        new_year_readings=[{"register": "peak", "value": Decimal(1124)}, {"register": "valley", "value": 1062}],
        year_to_date_kwh=3000,
        billing_month="2027-01",
        as_of=date(2027, 1, 15),
    )
    b = gridcore.bill(request)
    assert b.total == Decimal("127.49") and b.billing_month == "2027-01"
    assert {(line.from_, line.to) for line in b.lines} == {(date(2026, 12, 15), date(2027, 1, 1)), (date(2027, 1, 1), date(2027, 1, 15))}
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.BillRequest(tariff, account={"account_id": "1"}, period={"start": date(2026, 12, 1), "end": date(2027, 1, 1)},
                             usage={"readings": []}, billing_month="2027-1", as_of=date(2027, 1, 1))
    assert (e.value.code, e.value.path) == ("invalid_field", "billing_month")


def test_a_tariff_without_energy_needs_no_usage() -> None:
    standby = gridcore.Tariff.from_dict({"id": "sb", "name": {"zh": "备用", "en": "Standby"}, "basic_charge": {"capacity_price": "26.3"}})
    request = gridcore.BillRequest(standby, account={"account_id": "F1", "basic_charge": {"method": "capacity", "capacity_kva": 1000}},
                                   period={"start": date(2026, 11, 1), "end": date(2026, 12, 1)}, as_of=date(2026, 12, 1))
    b = gridcore.bill(request)
    assert (b.total, b.usage.source, b.notes) == (Decimal("26300.00"), "unmetered", ())


def test_late_fee_policy_arguments() -> None:
    fee = gridcore.late_fee(customer_class="non_residential", arrears=Decimal("10000.00"), due_date=date(2027, 1, 15), as_of=date(2027, 1, 25),
                            bill_month="2026-12")
    assert (fee.amount, fee.lines[0].daily_rate) == (Decimal("300.00"), Decimal("0.003"))
    every = gridcore.late_fee(customer_class="non_residential", arrears=Decimal("10000.00"), due_date=date(2026, 12, 25), as_of=date(2027, 1, 5),
                              carried_over="every_late_day")
    assert every.amount == Decimal("330.00")
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.late_fee(customer_class="residential", arrears=1, due_date=date(2026, 11, 1), as_of=date(2026, 11, 2), carried_over="sometimes")
    assert (e.value.code, e.value.path) == ("invalid_field", "carried_over")
