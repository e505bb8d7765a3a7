"""Benchmark: 100,000 residential bills from Python.

Compares `bill_many` (one call, GIL released, the batch runs in Rust) with a loop of
single `bill` calls, and reports the cost of building the requests from native dicts.
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


if __name__ == "__main__":
    main()
