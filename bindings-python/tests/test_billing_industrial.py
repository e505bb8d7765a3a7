"""Commercial and industrial billing through the Python API: native values in (Decimal,
date), native values out (rule fields as Decimal, line dates as date), comparison and
what-if results as objects. The figures are those of the conformance cases."""

from __future__ import annotations

import pathlib
import pickle
from datetime import date
from decimal import Decimal

import pytest

import gridcore

TARIFFS = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "tariffs"
NOV = {"start": date(2026, 11, 1), "end": date(2026, 12, 1)}


def flat(price: str, id_: str = "flat") -> gridcore.Tariff:
    return gridcore.Tariff.from_dict({"id": id_, "name": {"zh": "示例", "en": "Sample"}, "energy": {"flat": {"price": Decimal(price)}}})


def test_power_factor_line_carries_the_table_lookup() -> None:
    request = gridcore.BillRequest(
        flat("0.1"),
        account={"account_id": "F1", "power_factor_standard": Decimal("0.90")},
        period=NOV,
        usage={"meter": {"ct_ratio": 100}, "readings": [
            {"register": "total", "start": 1000, "end": 2000}, {"register": "reactive", "start": 500, "end": 1100}]},
        as_of=date(2026, 12, 1),
    )
    b = gridcore.bill(request)
    pf = b.lines[-1]
    assert (pf.code, pf.component, pf.unit, pf.quantity, pf.amount) == ("power_factor", "power_factor", "yuan", Decimal("10000.00"), Decimal("200.00"))
    rule = pf.rule
    assert (rule.kind, rule.power_factor, rule.rounded, rule.standard, rule.percent) == ("power_factor", Decimal("0.8575"), Decimal("0.86"), Decimal("0.90"), Decimal("2"))
    assert rule.method is None and rule.tier is None
    assert b.usage.reactive_kvarh == Decimal("60000")
    assert "0.8575" in rule.explain().en


def test_capacity_change_lines_have_dates() -> None:
    tariff = gridcore.Tariff.from_dict({"id": "tp", "name": {"zh": "两部制", "en": "Two-part"}, "energy": {"flat": {"price": "0.6"}},
                                        "basic_charge": {"capacity_price": Decimal("26.3")}})
    request = gridcore.BillRequest(
        tariff,
        account={"account_id": "F1", "basic_charge": {"method": "capacity", "capacity_kva": 1000, "capacity_changes": [
            {"from": date(2026, 11, 10), "capacity_kva": 630, "reason": "suspension"}]}},
        period=NOV, usage={"meter": {"ct_ratio": 100}, "readings": [{"register": "total", "start": 1000, "end": 1500}]}, as_of=date(2026, 12, 1),
    )
    basic = [line for line in gridcore.bill(request).lines if line.component == "basic"]
    assert [(line.from_, line.to, line.amount) for line in basic] == [
        (date(2026, 11, 1), date(2026, 11, 10), Decimal("7890.00")), (date(2026, 11, 10), date(2026, 12, 1), Decimal("11598.30"))]
    months = basic[0].rule.months
    assert (months.whole, months.days, months.of_days) == (0, 9, 30) and basic[0].rule.capacity_kva == Decimal("1000")
    assert (basic[0].quantity, basic[0].divisor) == (Decimal("9000"), 30)
    assert basic[0].to_dict()["from"] == date(2026, 11, 1)


def test_tariff_versions_accept_tariff_objects() -> None:
    request = gridcore.BillRequest(
        flat("0.5", "v1"), account={"account_id": "H1"}, period=NOV,
        usage={"readings": [{"register": "total", "start": 1000, "end": 1300}]}, as_of=date(2026, 12, 1),
        tariff_versions=[{"effective_from": date(2026, 11, 16), "tariff": flat("0.6", "v2")}],
    )
    b = gridcore.bill(request)
    assert [(line.quantity, line.unit_price, line.amount) for line in b.lines] == [
        (Decimal("150"), Decimal("0.5"), Decimal("75.00")), (Decimal("150"), Decimal("0.6"), Decimal("90.00"))]
    assert b.tariff_id == "v2"
    assert gridcore.BillRequest.from_json(request.to_json()) == request


def test_version_errors_name_the_version() -> None:
    bad = {"id": "x", "name": {"zh": "x", "en": "x"}, "energy": {"flat": {"price": "-0.6"}}}
    with pytest.raises(gridcore.TariffError) as e:
        gridcore.BillRequest(
            flat("0.5"), account={"account_id": "H1"}, period=NOV, usage={"readings": [{"register": "total", "start": 0, "end": 1}]},
            as_of=date(2026, 12, 1), tariff_versions=[{"effective_from": date(2026, 11, 16), "tariff": bad}],
        )
    assert (e.value.code, e.value.path) == ("negative", "tariff_versions[0].tariff.energy.flat.price")


def test_compare_and_what_if_return_objects() -> None:
    zj = gridcore.Tariff.from_file(TARIFFS / "zj-residential-tiered.json")
    tou = gridcore.Tariff.from_file(TARIFFS / "zj-residential-tou.json")

    def household(start: date, end: date, ytd: int, kwh: int, **registers: int) -> gridcore.BillRequest:
        readings = [{"register": "total", "start": 1000, "end": 1000 + kwh}] + [
            {"register": r, "start": 100, "end": 100 + v} for r, v in registers.items()]
        return gridcore.BillRequest(zj, account={"account_id": "3300012345"}, period={"start": start, "end": end},
                                    usage={"readings": readings}, year_to_date_kwh=ytd, as_of=end)

    october = gridcore.bill(household(date(2026, 10, 1), date(2026, 11, 1), 2400, 200))
    november = gridcore.bill(household(date(2026, 11, 1), date(2026, 12, 1), 2600, 300, peak=180, valley=120))
    c = gridcore.compare(october, november)
    assert c.difference == Decimal("60.80")
    assert [(x.kind, x.amount) for x in c.contributions] == [("usage", Decimal("53.80")), ("tier", Decimal("7.00"))]
    assert sum(x.amount for x in c.contributions) == c.difference
    assert pickle.loads(pickle.dumps(c)) == c

    w = gridcore.what_if(household(date(2026, 11, 1), date(2026, 12, 1), 2600, 300, peak=180, valley=120), [tou])
    assert [(o.rank, o.tariff_id, o.total, o.saving, o.current) for o in w.options] == [
        (1, "zj-residential-tou-2026", Decimal("143.80"), Decimal("24.60"), False),
        (2, "zj-residential-tiered-2026", Decimal("168.40"), Decimal("0.00"), True)]
    assert w.options[0].bill.total == Decimal("143.80")

    other = gridcore.bill(household(date(2026, 11, 1), date(2026, 12, 1), 2600, 300))
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.compare(october, gridcore.Bill.from_json(other.to_json().replace("3300012345", "3300099999")))
    assert (e.value.code, e.value.path) == ("account_mismatch", "after.account_id")


def test_customer_model_with_native_values() -> None:
    data = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "customer"
    config = gridcore.CustomerConfig.from_file(data / "config.json")
    import json

    zhang = json.loads((data / "customers.json").read_text(encoding="utf-8"))[0]
    zhang["since"] = date(2012, 5, 20)  # native dates are accepted as well as strings
    zhang["accounts"][0]["arrears"] = Decimal("12.30")
    view = gridcore.customer_view(config, zhang, "call_centre")
    assert [(f.code, f.value, f.masked) for f in view.fields][:2] == [("name", "张*", True), ("account_id", "******2345", True)]
    assert "13812341234" not in view.to_json()
    due = gridcore.confirmations_required(config, zhang, business="counter_payment", as_of=date(2026, 11, 23))
    assert [(c.group, c.reason, c.due_on) for c in due] == [("contact", "stale", date(2026, 11, 23)), ("account_name", "low_voltage_account_name", None)]
    assert gridcore.confirmations_required(config, zhang, business="counter_payment", as_of=date(2026, 11, 22))[0].group == "account_name"
    m = gridcore.customer_mood(config, zhang, as_of=date(2026, 11, 23))
    assert (m.level, m.points, m.from_) == ("unhappy", 4, date(2026, 5, 28))
    assert [a.code for a in gridcore.search_attributes(config, "rl", limit=2)] == ["contract_capacity", "operating_capacity"]
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.customer_view(config, dict(zhang, customer_id=""), "call_centre")
    assert (e.value.code, e.value.path) == ("empty", "customer.customer_id")


def test_tags_scores_segments_and_merge() -> None:
    import json

    data = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "customer"
    config = gridcore.CustomerConfig.from_file(data / "config.json")
    zhang, factory = json.loads((data / "customers.json").read_text(encoding="utf-8"))
    on = date(2026, 11, 23)
    applied = [t.code for t in gridcore.evaluate_tags(config, zhang, as_of=on) if t.applies]
    assert applied == ["punctual_payer", "e_bill_user", "complainer"]
    s = gridcore.customer_score(config, zhang, model="value", as_of=on)
    assert (s.score, s.grade) == (Decimal("64.00"), "B")
    assert sum(c.points for c in s.contributions) == s.score
    profiles = gridcore.customer_profiles(config, [zhang, factory], as_of=on)
    assert [(p.customer_id, [x.grade for x in p.scores]) for p in profiles] == [("C0001", ["B", "A"]), ("C0900", ["A", "A"])]
    tag = json.loads((data / "config.json").read_text(encoding="utf-8"))["tags"][3]
    assert gridcore.transition_tag(tag, "online")["state"] == "online"
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.transition_tag(tag, "evaluating")
    assert e.value.code == "invalid_transition"
    seg = gridcore.segment_customers([zhang, factory, dict(zhang, customer_id="C0002")], features=["annual_kwh"], k=2, seed=7, as_of=on)
    assert [a.segment for a in seg.assignments] == [1, 2, 1] and seg.segments[1].centre == (Decimal("3200000"),)
    other = dict(zhang, customer_id="C7777", since="2010-01-01")
    merged = gridcore.merge_customers(zhang, other)
    assert [c.field for c in merged.conflicts] == ["customer_id", "since"]
    assert merged.customer["since"] == "2010-01-01"
    assert gridcore.unmerge_customers(merged) == (merged.primary, merged.other)
    assert pickle.loads(pickle.dumps(merged)) == merged
