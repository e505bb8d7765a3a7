"""The Python side of URDB rates and annual bills: conversion and errors (the rules are the
core's, checked by the conformance cases and the SAM differential suite)."""

import datetime
import pickle
from decimal import Decimal

import pytest

import gridcore

FLAT = {"name": "Flat", "utility": "U", "energyratestructure": [[{"rate": 0.1}]],
        "energyweekdayschedule": [[0] * 24] * 12, "energyweekendschedule": [[0] * 24] * 12,
        "fixedchargefirstmeter": 10, "fixedchargeunits": "$/month"}


def test_a_flat_year_by_hand():
    bill = gridcore.bill_annual(gridcore.UrdbTariff.from_dict(FLAT), [Decimal(1)] * 8760)
    assert (bill.months[0].total, bill.total, bill.currency, bill.calendar) == (Decimal("84.40"), Decimal("996.00"), "USD", "sam")
    assert bill.months[0].lines[0].code == "energy.period_0.tier_1"
    assert pickle.loads(pickle.dumps(bill)) == bill
    assert bill.to_dict()["months"][0]["total"] == Decimal("84.40")


def test_a_real_year_with_a_holiday():
    rate = dict(FLAT, energyratestructure=[[{"rate": 0.1}], [{"rate": 0.3}]], energyweekdayschedule=[[0] * 12 + [1] * 6 + [0] * 6] * 12)
    bill = gridcore.bill_annual(gridcore.UrdbTariff.from_dict(rate), ["1"] * 8760, year=2025, holidays=[datetime.date(2025, 7, 4)])
    assert bill.months[6].total == Decimal("110.80")  # 100.80 of energy (as the conformance case) + 10 fixed


def test_refusals_name_the_field():
    with pytest.raises(gridcore.TariffError) as e:
        gridcore.UrdbTariff.from_dict(dict(FLAT, demandratchetpercentage=[0.8] * 12))
    assert (e.value.code, e.value.path) == ("unsupported", "urdb.demandratchetpercentage[0]")
    tariff = gridcore.UrdbTariff.from_dict(FLAT)
    with pytest.raises(gridcore.MeteringError) as e:
        gridcore.bill_annual(tariff, [Decimal(1)] * 24)
    assert e.value.path == "hourly_kwh"
    with pytest.raises(gridcore.MeteringError) as e:
        gridcore.bill_annual(tariff, [1.5] * 8760)
    assert e.value.path == "hourly_kwh[0]" and "float" in str(e.value)
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.bill_annual(tariff, [Decimal(1)] * 8760, allocation="fifo")
    assert e.value.path == "allocation"
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.bill_annual(tariff, [Decimal(1)] * 8760, year=1800)
    assert e.value.path == "year"


def test_arrow_columns():
    pa = pytest.importorskip("pyarrow")
    tariff = gridcore.UrdbTariff.from_dict(FLAT)
    whole = gridcore.bill_annual(tariff, pa.array([Decimal(1)] * 8760, type=pa.decimal128(38, 10)))
    assert whole.total == Decimal("996.00")
    with pytest.raises(TypeError):
        gridcore.bill_annual(tariff, pa.array([1.0] * 8760))
    with pytest.raises(gridcore.MeteringError) as e:
        gridcore.bill_annual(tariff, pa.array([Decimal("0.0000001")] * 8760, type=pa.decimal128(20, 7)))
    assert (e.value.code, e.value.path) == ("too_precise", "hourly_kwh[0]")
