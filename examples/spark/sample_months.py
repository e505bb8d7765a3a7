"""Generated residential account-months for the Spark job's demo, tests and benchmark:
Zhejiang annual tiers and time-of-use, as an Arrow table with decimal128 readings."""

from __future__ import annotations

import pathlib
from datetime import date
from decimal import Decimal

import pyarrow as pa

TARIFFS = pathlib.Path(__file__).resolve().parents[1] / "data" / "tariffs"
TARIFF_FILES = [TARIFFS / "zj-residential-tiered.json", TARIFFS / "zj-residential-tou.json"]
TIERED, TOU = "zj-residential-tiered-2026", "zj-residential-tou-2026"
KWH = pa.decimal128(18, 4)


def months(n: int, bad_every: int = 0) -> pa.Table:
    """n residential account-months, tiered and TOU; every bad_every-th row bad (an unknown
    tariff or a register that ran backwards)."""
    cols: dict = {k: [] for k in ("account_id", "tariff_id", "period_start", "period_end", "year_to_date_kwh",
                                  "total_start", "total_end", "peak_start", "peak_end", "valley_start", "valley_end")}
    for i in range(n):
        start = Decimal(10_000 + i % 5_000)
        tou = i % 3 == 2
        cols["account_id"].append(f"33{i:08d}")
        cols["tariff_id"].append(TOU if tou else TIERED)
        cols["period_start"].append(date(2026, 11, 1))
        cols["period_end"].append(date(2026, 12, 1))
        cols["year_to_date_kwh"].append(Decimal((i * 131) % 4_000))
        used = Decimal(150 + (i * 7) % 400)
        cols["total_start"].append(None if tou else start)
        cols["total_end"].append(None if tou else start + used)
        cols["peak_start"].append(start if tou else None)
        cols["peak_end"].append(start + used / 2 + Decimal("0.5") if tou else None)
        cols["valley_start"].append(start if tou else None)
        cols["valley_end"].append(start + used / 2 if tou else None)
        if bad_every and i % bad_every == bad_every - 1:
            if i % 2:
                cols["tariff_id"][-1] = "no-such-tariff"
            elif tou:
                cols["peak_end"][-1] = start - 1
            else:
                cols["total_end"][-1] = start - 1
    types = {"period_start": pa.date32(), "period_end": pa.date32(), "account_id": pa.string(), "tariff_id": pa.string()}
    return pa.table({k: pa.array(v, types.get(k, KWH)) for k, v in cols.items()})


