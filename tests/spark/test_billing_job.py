"""The Spark billing job (examples/spark/billing_job.py) in Spark's local mode: its bills
equal the Python binding's `bill_many` row by row and amount by amount, failing rows
included; 100,000 generated account-months go through."""

from __future__ import annotations

import os
import pathlib
import sys
from datetime import date
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import gridcore

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "spark"))
import billing_job  # noqa: E402
from sample_months import months  # noqa: E402

TARIFFS = ROOT / "examples" / "data" / "tariffs"
DOCS = [(TARIFFS / f"{n}.json").read_text(encoding="utf-8") for n in ("zj-residential-tiered", "zj-residential-tou")]
ZJ, ZJ_TOU = (gridcore.Tariff.from_json(d) for d in DOCS)
KWH = pa.decimal128(18, 4)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run the venv's gridcore
    s = (SparkSession.builder.master("local[2]").appName("gridcore-test").config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "4").config("spark.sql.session.timeZone", "UTC").getOrCreate())
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def requests(t: pa.Table) -> list[gridcore.BillRequest]:
    tariffs = {ZJ.id: ZJ, ZJ_TOU.id: ZJ_TOU}
    out = []
    for r in t.to_pylist():
        readings = [{"register": g, "start": r[f"{g}_start"], "end": r[f"{g}_end"]} for g in ("total", "peak", "valley") if r[f"{g}_start"] is not None]
        out.append(gridcore.BillRequest(tariffs.get(r["tariff_id"], ZJ), account={"account_id": r["account_id"]}, period={"start": r["period_start"], "end": r["period_end"]},
                                        usage={"readings": readings}, year_to_date_kwh=r["year_to_date_kwh"], as_of=r["period_end"]))
    return out


def test_the_spark_job_gives_bill_manys_bills(spark, tmp_path) -> None:
    t = months(3_000, bad_every=97)
    pq.write_table(t, tmp_path / "months.parquet", row_group_size=700)
    run = billing_job.bill_run(spark, spark.read.parquet(str(tmp_path / "months.parquet")), DOCS).cache()
    bills = {r["account_id"]: r for r in billing_job.bills_of(run).collect()}
    lines: dict = {}
    for r in billing_job.lines_of(run).orderBy("account_id", "line").collect():
        lines.setdefault(r["account_id"], []).append((r["code"], r["quantity"], r["unit_price"], r["amount"], r["tier"], r["period"]))
    expected = gridcore.bill_many(requests(t), errors="return")
    assert len(bills) == 3_000
    failed = 0
    for row, want in zip(t.to_pylist(), expected):
        got = bills[row["account_id"]]
        if row["tariff_id"] == "no-such-tariff":
            failed += 1
            assert (got["status"], got["error_code"], got["error_path"]) == ("failed", "unknown_reference", "tariff_id")
        elif isinstance(want, gridcore.GridcoreError):
            failed += 1
            assert (got["status"], got["error_code"], got["error_path"]) == ("failed", want.code, want.path)
        else:
            assert got["status"] == "billed" and got["total"] == want.total and isinstance(got["total"], Decimal)
            assert lines[row["account_id"]] == [(l.code, l.quantity, l.unit_price, l.amount, l.tier, l.period) for l in want.lines]
    assert failed == 30
    s = billing_job.summary(billing_job.bills_of(run))
    assert s["failed"] == {"unknown_reference": 15, "reading_backwards": 15}
    billed = [w for row, w in zip(t.to_pylist(), expected) if row["tariff_id"] != "no-such-tariff" and not isinstance(w, gridcore.GridcoreError)]
    assert s["total_due"] == sum((w.total for w in billed), Decimal(0))


def test_money_stays_decimal_from_parquet_to_parquet(spark, tmp_path) -> None:
    pq.write_table(months(50), tmp_path / "m.parquet")
    run = billing_job.bill_run(spark, spark.read.parquet(str(tmp_path / "m.parquet")), DOCS)
    billing_job.bills_of(run).write.parquet(str(tmp_path / "bills"))
    billing_job.lines_of(run).write.parquet(str(tmp_path / "lines"))
    bills, lines = pq.read_table(tmp_path / "bills"), pq.read_table(tmp_path / "lines")
    assert bills.schema.field("total").type == pa.decimal128(18, 2)
    assert {lines.schema.field(c).type for c in ("quantity", "unit_price", "amount")} == {pa.decimal128(38, 10)}
    assert not any(pa.types.is_floating(f.type) for f in [*bills.schema, *lines.schema])


def test_a_run_of_100000_account_months_completes(spark, tmp_path) -> None:
    t = months(100_000, bad_every=1_000)
    pq.write_table(t, tmp_path / "big.parquet", row_group_size=20_000)
    run = billing_job.bill_run(spark, spark.read.parquet(str(tmp_path / "big.parquet")), DOCS)
    s = billing_job.summary(billing_job.bills_of(run))
    direct = pa.table(gridcore.bill_arrow(t, [ZJ, ZJ_TOU])[0])
    assert (s["account_months"], s["billed"], sum(s["failed"].values())) == (100_000, 99_900, 100)
    assert s["total_due"] == sum((x for x in direct.column("total").to_pylist() if x is not None), Decimal(0))
