"""A monthly billing run on Apache Spark: account-months in (Parquet), bills and lines out
(Parquet), money exact from end to end (Spark DecimalType ↔ Arrow decimal128 ↔ Rust
Decimal). Each executor's Python worker bills its Arrow batches with `gridcore.bill_arrow`
inside `mapInArrow`; the tariff book is broadcast once. See docs/spark.md.

    spark-submit examples/spark/billing_job.py ACCOUNTS.parquet TARIFFS_DIR OUT_DIR
"""

from __future__ import annotations

import itertools
import json
import pathlib
import sys
from typing import Iterator

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.storagelevel import StorageLevel

# The columns bill_arrow reads (docs/columnar.md); others are left out of the batches.
COLUMNS = ["account_id", "tariff_id", "period_start", "period_end", "as_of", "year_to_date_kwh", "ct_ratio", "pt_ratio", "max_demand",
           *[f"{r}_{end}" for r in ("total", "critical_peak", "peak", "flat", "valley", "reactive") for end in ("start", "end")]]

LINE = ("line int, code string, component string, quantity decimal(38,10), divisor int, unit string, unit_price decimal(38,10), "
        "amount decimal(38,10), tier int, period string, `from` date, `to` date")
# One row per bill with its lines nested, so each account-month is billed once; the job
# then writes bills and (exploded) lines from it.
SCHEMA = ("account_id string, tariff_id string, period_start date, period_end date, status string, total decimal(18,2), lines int, "
          f"error_code string, error_path string, error_reason string, bill_lines array<struct<{LINE}>>")

_TARIFFS: dict = {}  # per Python worker: the broadcast tariff book, validated once


def _tariffs(book) -> list:
    import gridcore

    docs = book.value  # read once per worker; Spark keeps it there
    key = hash(tuple(docs))
    if key not in _TARIFFS:
        _TARIFFS[key] = [gridcore.Tariff.from_json(doc) for doc in docs]
    return _TARIFFS[key]


def bill_batches(book):
    """The mapInArrow function: each Arrow batch of account-months → bills with lines."""

    def run(batches: Iterator) -> Iterator:
        import gridcore
        import pyarrow as pa

        tariffs = _tariffs(book)
        for batch in batches:
            bills, lines = gridcore.bill_arrow(batch, tariffs)
            bills, lines = pa.table(bills), pa.table(lines)
            nested = pa.StructArray.from_arrays([lines.column(c).combine_chunks() for c in lines.column_names[2:]], names=lines.column_names[2:])
            counts = bills.column("lines").to_pylist()
            offsets = pa.array([0, *itertools.accumulate(counts)], pa.int32())
            out = bills.append_column("bill_lines", pa.ListArray.from_arrays(offsets, nested))
            yield from out.to_batches()

    return run


def bill_run(spark: SparkSession, accounts: DataFrame, tariff_docs: list[str]) -> DataFrame:
    """Bills every account-month of `accounts`: one row per bill, its lines nested."""
    # The workers unpickle bill_batches from this module: ship it (spark-submit does the
    # same for the main file; a job importing this module needs it too).
    spark.sparkContext.addPyFile(__file__)
    book = spark.sparkContext.broadcast(tariff_docs)
    present = [c for c in COLUMNS if c in accounts.columns]
    return accounts.select(*present).mapInArrow(bill_batches(book), SCHEMA)


def bills_of(run: DataFrame) -> DataFrame:
    return run.drop("bill_lines")


def lines_of(run: DataFrame) -> DataFrame:
    return run.select("account_id", "period_start", F.explode("bill_lines").alias("l")).select("account_id", "period_start", "l.*")


def summary(bills: DataFrame) -> dict:
    """Bills, failures by code and the total amount due (a Decimal)."""
    row = bills.agg(F.count("*").alias("n"), F.sum(F.when(F.col("status") == "billed", 1).otherwise(0)).alias("billed"), F.sum("total").alias("due")).first()
    failures = {r["error_code"]: r["count"] for r in bills.where("status = 'failed'").groupBy("error_code").count().collect()}
    return {"account_months": row["n"], "billed": row["billed"], "failed": failures, "total_due": row["due"]}


def main(argv: list[str]) -> None:
    accounts_path, tariffs_dir, out = argv
    spark = SparkSession.builder.appName("gridcore-billing-run").getOrCreate()
    docs = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(tariffs_dir).glob("*.json"))]
    run = bill_run(spark, spark.read.parquet(accounts_path), docs).persist(StorageLevel.MEMORY_AND_DISK)
    bills_of(run).write.mode("overwrite").parquet(f"{out}/bills")
    lines_of(run).write.mode("overwrite").parquet(f"{out}/lines")
    s = summary(bills_of(run))
    print(f"billing run: {s['account_months']:,} account-months, {s['billed']:,} billed, failed {json.dumps(s['failed'])}, total due {s['total_due']} 元")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
