"""gridcore's URDB annual bills against NREL SAM itself (PySAM `Utilityrate5`), month by
month, within 1e-6 $ on unrounded figures: generated rates of every kind (tests/sam/rates.py)
and loads from near zero to very large, under both tier allocations."""

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gridcore
import oracle
import rates


def bill(urdb, load, allocation):
    b = gridcore.bill_annual(gridcore.UrdbTariff.from_dict(urdb), load, allocation=allocation, amounts="unrounded")
    return json.loads(b.to_json())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(rates.KINDS), scale=st.sampled_from(sorted(rates.SCALES)),
       allocation=st.sampled_from([None, "proportional", "chronological"]))
def test_gridcore_agrees_with_sam(seed, kind, scale, allocation):
    rnd = random.Random(seed)
    urdb, load = rates.rate(rnd, kind), rates.load(rnd, scale)
    sam = oracle.monthly(urdb, load, allocation)
    assert oracle.differences(sam, bill(urdb, load, allocation)) == []


@pytest.mark.parametrize("kind", rates.KINDS)
def test_every_kind_with_a_zero_load(kind):
    urdb = rates.rate(random.Random(kind), kind)
    load = [0] * 8760
    assert oracle.differences(oracle.monthly(urdb, load), bill(urdb, load, None)) == []


def test_rounded_amounts_are_cents_and_sum_to_the_month():
    rnd = random.Random(7)
    urdb, load = rates.rate(rnd, "everything"), rates.load(rnd)
    b = gridcore.bill_annual(gridcore.UrdbTariff.from_dict(urdb), load)
    for m in b.months:
        assert all(line.amount.as_tuple().exponent == -2 for line in m.lines)
        assert sum(line.amount for line in m.lines) == m.total
    assert sum(m.total for m in b.months) == b.total


def test_arrow_column_gives_the_same_bill():
    pa = pytest.importorskip("pyarrow")
    rnd = random.Random(11)
    urdb, load = rates.rate(rnd, "tou_tiers"), rates.load(rnd)
    tariff = gridcore.UrdbTariff.from_dict(urdb)
    column = pa.array(load, type=pa.decimal128(12, 3))
    assert gridcore.bill_annual(tariff, column) == gridcore.bill_annual(tariff, load)


def test_committed_sam_cases_match_sam(tmp_path):
    """tools/sam_cases.py --check: SAM still gives the committed figures."""
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, str(root / "tools" / "sam_cases.py"), "--check"], check=True)
