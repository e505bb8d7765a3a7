"""The columnar bill (`bill_arrow`): Arrow in, Arrow out, exact decimals, the same bills
as `bill_many` row by row, a bad row failing alone, a bad column refused by name."""

from __future__ import annotations

import json
import pathlib
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa
import pytest

import gridcore

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARIFFS = ROOT / "examples" / "data" / "tariffs"
ZJ = gridcore.Tariff.from_file(TARIFFS / "zj-residential-tiered.json")
ZJ_TOU = gridcore.Tariff.from_file(TARIFFS / "zj-residential-tou.json")
KWH = pa.decimal128(18, 4)


def accounts(n: int) -> list[dict]:
    """n residential account-months: tiered and time-of-use, some across a tier bound."""
    rows = []
    for i in range(n):
        start = Decimal(10_000 + i * 37)
        row = {"account_id": f"33{i:08d}", "period_start": date(2026, 11, 1), "period_end": date(2026, 12, 1),
               "year_to_date_kwh": Decimal((i * 131) % 4_000)}
        if i % 3 == 2:
            row |= {"tariff_id": ZJ_TOU.id, "peak_start": start, "peak_end": start + Decimal(120 + i % 90) + Decimal("0.5"),
                    "valley_start": start, "valley_end": start + Decimal(80 + i % 50)}
        else:
            row |= {"tariff_id": ZJ.id, "total_start": start, "total_end": start + Decimal(150 + (i * 7) % 400)}
        rows.append(row)
    return rows


SCHEMA = pa.schema([("account_id", pa.string()), ("tariff_id", pa.string()), ("period_start", pa.date32()), ("period_end", pa.date32()),
                    ("year_to_date_kwh", KWH), ("total_start", KWH), ("total_end", KWH), ("peak_start", KWH), ("peak_end", KWH),
                    ("valley_start", KWH), ("valley_end", KWH)])


def table(rows: list[dict], schema: pa.Schema = SCHEMA) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


def requests(rows: list[dict]) -> list[gridcore.BillRequest]:
    """The same account-months as dict-built requests (what `bill_many` takes)."""
    tariffs = {ZJ.id: ZJ, ZJ_TOU.id: ZJ_TOU}
    out = []
    for r in rows:
        readings = [{"register": reg, "start": r[f"{reg}_start"], "end": r[f"{reg}_end"]} for reg in ("total", "peak", "valley") if r.get(f"{reg}_start") is not None]
        out.append(gridcore.BillRequest(tariffs[r["tariff_id"]], account={"account_id": r["account_id"]},
                                        period={"start": r["period_start"], "end": r["period_end"]}, usage={"readings": readings},
                                        year_to_date_kwh=r["year_to_date_kwh"], as_of=r["period_end"]))
    return out


def test_the_columnar_bills_are_bill_manys_row_by_row() -> None:
    rows = accounts(300)
    bills, lines = gridcore.bill_arrow(table(rows), [ZJ, ZJ_TOU])
    bills, lines = pa.table(bills), pa.table(lines)
    expected = gridcore.bill_many(requests(rows))
    assert bills.num_rows == 300 and bills.column("status").to_pylist() == ["billed"] * 300
    assert bills.column("total").to_pylist() == [b.total for b in expected]
    assert lines.num_rows == sum(len(b.lines) for b in expected)
    want = [(b.account_id, i + 1, l.code, l.component, l.quantity, l.unit_price, l.amount, l.tier, l.period)
            for b in expected for i, l in enumerate(b.lines)]
    got = list(zip(*(lines.column(c).to_pylist() for c in ("account_id", "line", "code", "component", "quantity", "unit_price", "amount", "tier", "period"))))
    # Decimals compare by value: 86.0800000000 == 86.08, exactly.
    assert got == want


def test_money_columns_are_exact_decimals() -> None:
    bills, lines = gridcore.bill_arrow(table(accounts(3)), [ZJ, ZJ_TOU])
    bills, lines = pa.table(bills), pa.table(lines)
    assert bills.schema.field("total").type == pa.decimal128(18, 2)
    for c in ("quantity", "unit_price", "amount"):
        assert lines.schema.field(c).type == pa.decimal128(38, 10)
    assert bills.schema.field("period_start").type == pa.date32()
    # By hand: the first account used 150 kWh in tier 1 (0 kWh before this year): 150 × 0.538 = 80.70.
    assert str(bills.column("total")[0].as_py()) == "80.70"
    assert lines.column("amount")[0].as_py() == Decimal("80.70") and lines.column("quantity")[0].as_py() == 150


def test_a_bad_row_fails_alone_with_its_code_and_path() -> None:
    rows = accounts(4)
    rows[1]["tariff_id"] = "no-such-tariff"
    rows[2]["peak_end"] = None  # a register with its start and no end
    rows[3]["total_end"] = rows[3]["total_start"] - 5  # a meter that ran backwards
    bills = pa.table(gridcore.bill_arrow(table(rows), [ZJ, ZJ_TOU])[0]).to_pylist()
    assert [b["status"] for b in bills] == ["billed", "failed", "failed", "failed"]
    assert (bills[1]["error_code"], bills[1]["error_path"]) == ("unknown_reference", "tariff_id")
    assert (bills[2]["error_code"], bills[2]["error_path"]) == ("empty", "peak_end")
    expected = gridcore.bill_many(requests(rows[3:]), errors="return")[0]
    assert isinstance(expected, gridcore.GridcoreError)
    assert (bills[3]["error_code"], bills[3]["error_path"]) == (expected.code, expected.path)
    assert bills[1]["total"] is None and bills[1]["lines"] == 0 and bills[0]["error_code"] is None


def test_a_float_column_is_refused_by_name() -> None:
    t = table(accounts(2))
    i = t.schema.get_field_index("total_end")
    t = t.set_column(i, pa.field("total_end", pa.float64()), t.column(i).cast(pa.float64()))
    with pytest.raises(gridcore.GridcoreError) as e:
        gridcore.bill_arrow(t, [ZJ, ZJ_TOU])
    assert (e.value.code, e.value.path) == ("invalid_field", "total_end")
    assert "float" in e.value.reason and "decimal128" in e.value.reason


def test_an_unknown_column_is_refused_not_ignored() -> None:
    t = table(accounts(2)).append_column("totl_end", pa.array([Decimal(1), Decimal(2)], KWH))
    with pytest.raises(gridcore.GridcoreError) as e:
        gridcore.bill_arrow(t, [ZJ, ZJ_TOU])
    assert e.value.path == "totl_end"


def test_record_batches_readers_and_integer_readings_are_taken() -> None:
    rows = accounts(6)
    t = table(rows)
    whole = pa.table(gridcore.bill_arrow(t, [ZJ, ZJ_TOU])[0])
    batch = pa.table(gridcore.bill_arrow(t.to_batches(max_chunksize=4)[0], [ZJ, ZJ_TOU])[0])
    reader = pa.table(gridcore.bill_arrow(pa.RecordBatchReader.from_batches(t.schema, t.to_batches(max_chunksize=4)), [ZJ, ZJ_TOU])[0])
    assert batch.column("total").to_pylist() == whole.column("total").to_pylist()[:4]
    assert reader.column("total").to_pylist() == whole.column("total").to_pylist()
    ints = pa.table({"account_id": ["1"], "tariff_id": [ZJ.id], "period_start": pa.array([date(2026, 11, 1)]), "period_end": pa.array([date(2026, 12, 1)]),
                     "total_start": pa.array([8200], pa.int64()), "total_end": pa.array([8500], pa.int32())})
    out = pa.table(gridcore.bill_arrow(ints, [ZJ])[0]).to_pylist()[0]
    assert out["status"] == "billed" and out["total"] == gridcore.bill(gridcore.BillRequest(
        ZJ, account={"account_id": "1"}, period={"start": date(2026, 11, 1), "end": date(2026, 12, 1)},
        usage={"readings": [{"register": "total", "start": 8200, "end": 8500}]}, as_of=date(2026, 12, 1))).total


def test_the_output_is_read_again_and_again() -> None:
    bills, lines = gridcore.bill_arrow(table(accounts(5)), [ZJ, ZJ_TOU])
    assert len(bills) == 5 and bills.column_names[:2] == ["account_id", "tariff_id"]
    assert pa.table(bills).equals(pa.table(bills))
    assert pa.table(lines).column_names[:3] == ["account_id", "period_start", "line"]


def test_not_arrow_data_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        gridcore.bill_arrow([{"account_id": "1"}], [ZJ])


CONFORMANCE = sorted((ROOT / "tests" / "conformance").glob("*.json"))
KINDS = ("total", "critical_peak", "peak", "flat", "valley", "reactive")


POINT = pa.struct([("start", pa.timestamp("s")), ("kwh", KWH), ("kvarh", KWH)])
LIST_TYPES = {"tier_extra_kwh": pa.list_(KWH), "intervals": pa.list_(POINT)}


def columnar_request(case: dict) -> dict | None:
    """A billing case's request as one row of columns, when the columns can carry it."""
    r = case["input"]
    usage, account = r.get("usage", {}), r.get("account", {})
    basic = account.get("basic_charge", {})
    if set(r) - {"tariff", "account", "period", "usage", "year_to_date_kwh", "as_of"} \
            or set(usage) - {"readings", "meter", "max_demand", "intervals"} \
            or set(account) - {"account_id", "tier_extra_kwh", "basic_charge"} or set(basic) - {"method", "capacity_kva", "contract_demand_kw"} \
            or set(usage.get("meter", {})) - {"ct_ratio", "pt_ratio"} \
            or any(x.get("rollover") or x.get("estimated") or x["register"] not in KINDS for x in usage.get("readings", [])) \
            or len({x["register"] for x in usage.get("readings", [])}) != len(usage.get("readings", [])):
        return None
    points = usage.get("intervals", {}).get("points", [])
    numbers = [r.get("year_to_date_kwh"), usage.get("max_demand"), *usage.get("meter", {}).values(), *account.get("tier_extra_kwh", []),
               basic.get("capacity_kva"), basic.get("contract_demand_kw"), *[p.get(k) for p in points for k in ("kwh", "kvarh")]] \
        + [x[k] for x in usage.get("readings", []) for k in ("start", "end")]
    if any(isinstance(v, float) for v in numbers) or not isinstance(usage.get("intervals", {}).get("minutes", 15), int):
        return None  # a float column is refused as a whole (test_a_float_column_is_refused_by_name)
    row: dict = {"account_id": account.get("account_id"), "tariff_id": r["tariff"].get("id"), "period_start": date.fromisoformat(r["period"]["start"]),
                 "period_end": date.fromisoformat(r["period"]["end"]), "as_of": date.fromisoformat(r["as_of"])}
    for k in ("year_to_date_kwh", "max_demand"):
        src = r if k == "year_to_date_kwh" else usage
        if k in src:
            row[k] = Decimal(src[k])
    for k in ("ct_ratio", "pt_ratio"):
        if k in usage.get("meter", {}):
            row[k] = Decimal(usage["meter"][k])
    for x in usage.get("readings", []):
        row[f"{x['register']}_start"], row[f"{x['register']}_end"] = Decimal(x["start"]), Decimal(x["end"])
    if "tier_extra_kwh" in account:
        row["tier_extra_kwh"] = [Decimal(v) for v in account["tier_extra_kwh"]]
    if basic:
        row["basic_method"] = basic["method"]
        for k in ("capacity_kva", "contract_demand_kw"):
            if k in basic:
                row[k] = Decimal(basic[k])
    if "intervals" in usage:
        row["interval_minutes"] = usage["intervals"]["minutes"]
        try:
            row["intervals"] = [{"start": datetime.fromisoformat(p["start"]), "kwh": Decimal(p["kwh"]),
                                 "kvarh": Decimal(p["kvarh"]) if "kvarh" in p else None} for p in points]
        except (ValueError, KeyError, TypeError):
            return None  # a malformed point: the dict path reports it (test_conformance)
    return row


def one_row(row: dict) -> pa.Table | None:
    """The row as a one-row Arrow table, or None when Arrow cannot hold a value exactly."""
    types = {"interval_minutes": pa.int32(), "basic_method": pa.string(), "account_id": pa.string(), "tariff_id": pa.string()}
    try:
        return pa.table({k: pa.array([v], LIST_TYPES.get(k) or types.get(k) or (KWH if isinstance(v, Decimal) else None)) for k, v in row.items()})
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return None


COLUMNAR_CASES = [(p.stem, c, row) for p in CONFORMANCE for c in [json.loads(p.read_text(encoding="utf-8"))] if c["kind"] == "bill"
                  for row in [columnar_request(c)] if row is not None]


def test_the_columns_carry_most_billing_cases() -> None:
    assert len(COLUMNAR_CASES) >= 60 and any("intervals" in row for _, _, row in COLUMNAR_CASES)


@pytest.mark.parametrize("name,case,row", COLUMNAR_CASES, ids=[n for n, _, _ in COLUMNAR_CASES])
def test_conformance_case_through_the_columns(name: str, case: dict, row: dict) -> None:
    """The billing conformance cases that columns can carry give their expected bill (or
    error) through bill_arrow, line by line, exactly."""
    try:
        tariff = gridcore.Tariff.from_dict(case["input"]["tariff"])
    except gridcore.GridcoreError:
        return  # a tariff error is raised before any batch: covered by test_conformance
    t = one_row(row)
    if t is None:
        pytest.skip("Arrow cannot hold one of this case's values exactly at 4 decimals; the dict path covers it")
    bills, lines = gridcore.bill_arrow(t, [tariff])
    got, lines = pa.table(bills).to_pylist()[0], pa.table(lines).to_pylist()
    expected = case["expected"]
    if "error" in expected:
        assert (got["status"], got["error_code"], got["error_path"]) == ("failed", expected["error"]["code"], expected["error"]["path"])
        return
    assert (got["status"], got["total"]) == ("billed", Decimal(expected["total"]))
    want = [(l["code"], Decimal(l["quantity"]), Decimal(l["unit_price"]), Decimal(l["amount"]), l.get("tier"), l.get("period")) for l in expected["lines"]]
    assert [(l["code"], l["quantity"], l["unit_price"], l["amount"], l["tier"], l["period"]) for l in lines] == want


def test_a_date_out_of_range_is_an_empty_date_not_a_crash() -> None:
    t = table(accounts(2)).set_column(2, "period_start", pa.array([2**31 - 1, 0], pa.int32()).cast(pa.date32()))
    bills = pa.table(gridcore.bill_arrow(t, [ZJ, ZJ_TOU])[0]).to_pylist()
    assert (bills[0]["status"], bills[0]["error_code"], bills[0]["error_path"]) == ("failed", "empty", "period_start")
