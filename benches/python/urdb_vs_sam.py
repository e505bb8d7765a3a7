"""Side by side on the same annual 8,760-hour cases: NREL SAM (PySAM Utilityrate5
`execute`, every input already set) and gridcore from Python (`bill_annual` on an Arrow
decimal128 column, conversion and result included; and on a list of Decimal). The Rust
core's figures for the same cases come from `cargo bench --bench urdb` in the same session.

    .venv/bin/python benches/python/urdb_vs_sam.py
"""

import json
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "sam"))

import gridcore  # noqa: E402
import oracle  # noqa: E402

CASES = ["annual-sam-01-flat-typical", "annual-sam-08-tou-tiers-typical-proportional", "annual-sam-09-tou-tiers-typical-chronological",
         "annual-sam-15-tou-demand-typical", "annual-sam-23-everything-typical-proportional"]


def best(f, n):
    """The best of 5 rounds of n calls, per call in µs (the least disturbed round)."""
    times = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            f()
        times.append((time.perf_counter() - t) / n * 1e6)
    return min(times)


print(f"PySAM {oracle.VERSION}; µs per annual bill (best of 5 rounds)")
print(f"{'case':48} {'SAM':>9} {'py arrow':>9} {'py list':>9} {'SAM/arrow':>9}")
for name in CASES:
    case = json.loads((ROOT / "tests" / "conformance" / f"{name}.json").read_text())
    urdb, request = case["input"]["urdb"], case["input"]["request"]
    load = [Decimal(x) for x in request["hourly_kwh"]]
    allocation = request.get("allocation")
    model = oracle.model(urdb, load, allocation)
    sam = best(lambda: model.execute(0), 20)
    tariff = gridcore.UrdbTariff.from_dict(urdb)
    column = pa.array(load, type=pa.decimal128(12, 3))
    arrow = best(lambda: gridcore.bill_annual(tariff, column, allocation=allocation, amounts="unrounded"), 200)
    listed = best(lambda: gridcore.bill_annual(tariff, load, allocation=allocation, amounts="unrounded"), 10)
    print(f"{name.removeprefix('annual-sam-'):48} {sam:9.1f} {arrow:9.1f} {listed:9.1f} {sam / arrow:8.0f}×")
