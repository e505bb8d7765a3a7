"""The monthly billing run from Python: the bundled sample requests billed in one
`bill_many` call (the GIL is released while Rust computes), then a run summary.

    .venv/bin/python examples/python/billing_run.py
"""

from __future__ import annotations

import pathlib
from decimal import Decimal

import gridcore

REQUESTS = pathlib.Path(__file__).resolve().parents[1] / "data" / "requests"


def main() -> None:
    files = sorted(REQUESTS.glob("*.json"))
    requests = [gridcore.BillRequest.from_json(f.read_text(encoding="utf-8")) for f in files]
    results = gridcore.bill_many(requests, errors="return")

    print(f"Python: {len(requests)} accounts billed by gridcore {gridcore.__version__}")
    print(f"{'account':<12} {'tariff':<30} {'kWh':>10} {'total (元)':>12}  lines")
    total = Decimal("0")
    for result in results:
        if isinstance(result, gridcore.GridcoreError):
            print(f"NOT BILLED: [{result.code}] {result.path}: {result.reason}")
            continue
        total += result.total
        codes = ", ".join(line.code for line in result.lines)
        print(f"{result.account_id:<12} {result.tariff_id:<30} {result.usage.billed_kwh:>10} {result.total:>12}  {codes}")
    print(f"{'':<12} {'amount due':<30} {'':>10} {total:>12}")


if __name__ == "__main__":
    main()
