"""Benchmark: 100,000 residential bills from Python.

Compares `bill_many` (one call, GIL released, the batch runs in Rust) with a loop of
single `bill` calls, and reports the cost of building the requests from native dicts;
then the columnar bill (`bill_arrow`) on the same accounts as one Arrow table, bills and
lines out as Arrow (what a Spark `mapInArrow` job calls).
Best of several runs on one core; the figures go in docs/performance.md.

    make bench-python
"""

from __future__ import annotations

import pathlib
import time
from datetime import date
from decimal import Decimal

import gridcore

N = 100_000
REPEATS = 3
TARIFF = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "tariffs" / "zj-residential-tiered.json"


def best(f, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    tariff = gridcore.Tariff.from_file(TARIFF)

    def build() -> list[gridcore.BillRequest]:
        return [
            gridcore.BillRequest(
                tariff,
                account={"account_id": f"33{i:08d}"},
                period={"start": date(2026, 11, 1), "end": date(2026, 12, 1)},
                usage={"readings": [{"register": "total", "start": 10_000 + i % 5_000, "end": 10_050 + i % 5_000 + i % 400}]},
                year_to_date_kwh=(i * 7) % 5_000,
                as_of=date(2026, 12, 1),
            )
            for i in range(N)
        ]

    t_build = best(build, 1)
    requests = build()
    t_many = best(lambda: gridcore.bill_many(requests))
    t_loop = best(lambda: [gridcore.bill(r) for r in requests])
    bills = gridcore.bill_many(requests)
    t_read = best(lambda: sum((b.total for b in bills), Decimal(0)), 1)

    print(f"{N:,} residential bills (浙江 annual tiers), best of {REPEATS}:")
    print(f"  build requests from dicts : {t_build:6.3f} s  ({t_build / N * 1e6:5.2f} µs/request)")
    print(f"  bill_many                 : {t_many:6.3f} s  ({t_many / N * 1e6:5.2f} µs/bill, {N / t_many:,.0f} bills/s)")
    print(f"  loop of bill()            : {t_loop:6.3f} s  ({t_loop / N * 1e6:5.2f} µs/bill)")
    print(f"  read every total (Decimal): {t_read:6.3f} s  ({t_read / N * 1e6:5.2f} µs/bill)")

    import pyarrow as pa

    kwh = pa.decimal128(18, 4)
    table = pa.table({
        "account_id": pa.array([f"33{i:08d}" for i in range(N)]),
        "tariff_id": pa.array([tariff.id] * N),
        "period_start": pa.array([date(2026, 11, 1)] * N, pa.date32()),
        "period_end": pa.array([date(2026, 12, 1)] * N, pa.date32()),
        "year_to_date_kwh": pa.array([Decimal((i * 7) % 5_000) for i in range(N)], kwh),
        "total_start": pa.array([Decimal(10_000 + i % 5_000) for i in range(N)], kwh),
        "total_end": pa.array([Decimal(10_050 + i % 5_000 + i % 400) for i in range(N)], kwh),
    })
    out = pa.table(gridcore.bill_arrow(table, [tariff])[0])
    assert out.column("total").to_pylist() == [b.total for b in bills], "the columnar bills are bill_many's"
    t_arrow = best(lambda: gridcore.bill_arrow(table, [tariff]))
    t_arrow_read = best(lambda: [pa.table(x) for x in gridcore.bill_arrow(table, [tariff])])
    print(f"  bill_arrow (Arrow in/out) : {t_arrow:6.3f} s  ({t_arrow / N * 1e6:5.2f} µs/bill, {N / t_arrow:,.0f} bills/s)")
    print(f"  … and pyarrow tables out  : {t_arrow_read:6.3f} s  ({t_arrow_read / N * 1e6:5.2f} µs/bill)")


if __name__ == "__main__":
    main()
