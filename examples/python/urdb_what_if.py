"""What-if for US tariffs: one household's year of hourly kWh priced under several URDB
rates (examples/data/urdb/), cheapest first, each with its monthly bills explained.

    .venv/bin/python examples/python/urdb_what_if.py
"""

import random
from decimal import Decimal
from pathlib import Path

import gridcore

ROOT = Path(__file__).resolve().parents[2]

# A made-up household: a morning and an evening peak, more in summer (SAM's year).
rnd = random.Random(2026)
load = []
for hour in range(8760):
    day, h = divmod(hour, 24)
    base = 0.35 + (0.6 if 6 <= h < 9 else 0) + (1.1 if 17 <= h < 22 else 0) + (0.9 if 150 < day < 260 and 12 <= h < 20 else 0)
    load.append(Decimal(f"{base * rnd.uniform(0.6, 1.4):.3f}"))

bills = []
for path in sorted((ROOT / "examples" / "data" / "urdb").glob("*.json")):
    tariff = gridcore.UrdbTariff.from_file(path)
    try:
        bills.append((gridcore.bill_annual(tariff, load), tariff))
    except gridcore.GridcoreError as e:
        print(f"{tariff.name}: not priced: {e}")

print(f"{sum(load)} kWh a year under {len(bills)} URDB rates, cheapest first:")
for rank, (bill, tariff) in enumerate(sorted(bills, key=lambda b: b[0].total), 1):
    july = bill.months[6]
    print(f"{rank}. {bill.total:>9} USD  {tariff.name} ({tariff.utility}); July {july.total} USD:")
    for line in july.lines:
        where = f" period {line.period} tier {line.tier}" if line.period is not None else ""
        print(f"     {line.code:28} {line.quantity:>12} {line.unit:5} × {line.price:>7} = {line.amount:>8}{where}")
