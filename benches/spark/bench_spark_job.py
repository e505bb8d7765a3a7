"""Benchmark: the Spark billing job on 1,000,000 generated residential account-months,
Parquet in to Parquet out, in local[1] and local[2], beside the columnar call on one core
in the same run. Figures go in docs/performance.md.

    make bench-spark
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "spark"))
N = int(os.environ.get("N", "1000000"))


def run(master: str, data: str, out: str) -> None:
    """One job in its own process (a Spark master is fixed for the process's life)."""
    from pyspark.sql import SparkSession
    from pyspark.storagelevel import StorageLevel

    import billing_job
    from sample_months import TARIFF_FILES

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = SparkSession.builder.master(master).config("spark.ui.enabled", "false").config("spark.driver.memory", "4g").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    docs = [p.read_text(encoding="utf-8") for p in TARIFF_FILES]
    start = time.perf_counter()
    result = billing_job.bill_run(spark, spark.read.parquet(data), docs).persist(StorageLevel.MEMORY_AND_DISK)
    billing_job.bills_of(result).write.mode("overwrite").parquet(f"{out}/bills")
    billing_job.lines_of(result).write.mode("overwrite").parquet(f"{out}/lines")
    took = time.perf_counter() - start
    s = billing_job.summary(billing_job.bills_of(result))
    print(f"{master}: {s['account_months']:,} account-months in {took:.1f} s ({s['account_months'] / took:,.0f} bills/s), total due {s['total_due']}", flush=True)
    spark.stop()


def main() -> None:
    import pyarrow.parquet as pq

    import gridcore
    from sample_months import TARIFF_FILES, months

    with tempfile.TemporaryDirectory() as tmp:
        table = months(N, bad_every=1_000)
        # Eight files: Spark reads each as its own partition (one 1,000,000-row file of
        # ~20 MB would be one partition, one core, however many the master has).
        os.makedirs(f"{tmp}/months.parquet")
        step = -(-N // 8)
        for i in range(8):
            pq.write_table(table.slice(i * step, step), f"{tmp}/months.parquet/part-{i}.parquet")
        tariffs = [gridcore.Tariff.from_file(p) for p in TARIFF_FILES]
        start = time.perf_counter()
        gridcore.bill_arrow(table, tariffs)
        took = time.perf_counter() - start
        print(f"bill_arrow in this process, one call: {N:,} in {took:.1f} s ({N / took:,.0f} bills/s)", flush=True)
        for master in ("local[1]", "local[2]"):
            subprocess.run([sys.executable, __file__, master, f"{tmp}/months.parquet", f"{tmp}/out"], check=True)


if __name__ == "__main__":
    if len(sys.argv) == 4:
        run(*sys.argv[1:])
    else:
        main()
