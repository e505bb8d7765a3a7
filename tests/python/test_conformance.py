"""Runs every tests/conformance case through the Python API: native objects in
(Decimal, date, datetime — not the JSON text), result objects out (read through their
attributes via to_dict), compared exactly with the case's expected JSON."""

from __future__ import annotations

import json
import pathlib
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest

import gridcore

JARGON = json.loads((pathlib.Path(__file__).resolve().parents[1] / "jargon.json").read_text(encoding="utf-8"))


def plain(e: "gridcore.GridcoreError") -> "gridcore.GridcoreError":
    """The error's reason speaks to a person: no type names or parser jargon (tests/jargon.json)."""
    text = re.sub(JARGON["quoted"], "", e.reason)
    found = [p for p in JARGON["phrases"] if p in text] + [m.group(0) for pat in JARGON["patterns"] for m in [re.search(pat, text)] if m]
    assert not found, f"jargon {found} in {e.reason!r}"
    return e


CASES = sorted((pathlib.Path(__file__).resolve().parents[1] / "conformance").glob("*.json"))

DECIMAL_KEYS = {"arrears", "price", "upto", "adder", "amount", "year_to_date_kwh", "ct_ratio", "pt_ratio", "kwh", "fixed_kwh", "percent",
                "capacity_price", "demand_price", "capacity_kva", "contract_demand_kw", "max_demand", "kvarh", "value", "power_factor_standard",
                "annual_kwh", "contract_capacity_kva", "operating_capacity_kva", "excess_threshold_percent", "excess_multiplier",
                "contract_floor_percent"}
DATE_KEYS = {"as_of", "opened_on", "closed_on", "due_date", "effective_from", "from", "since", "confirmed_on", "date", "paid_date", "expires_on", "to"}
DATE_LIST_KEYS = {"holidays", "working_weekends"}


def _decimal(v: Any) -> Any:
    try:
        return Decimal(v) if isinstance(v, str) else v
    except InvalidOperation:
        return v


def _date(v: Any) -> Any:
    try:
        return date.fromisoformat(v) if isinstance(v, str) else v
    except ValueError:
        return v


def native(value: Any, key: str = "", parent: str = "") -> Any:
    """The case's JSON as the native values a Python caller would pass."""
    if isinstance(value, dict):
        if key == "prices":
            return {k: _decimal(v) for k, v in value.items()}
        if key == "confirmations":
            return {k: _date(v) for k, v in value.items()}
        return {k: native(v, k, key) for k, v in value.items()}
    if isinstance(value, list):
        if key in DATE_LIST_KEYS:
            return [_date(v) for v in value]
        if key == "tier_extra_kwh":
            return [_decimal(v) for v in value]
        return [native(v, key, parent) for v in value]
    if key == "value" and parent not in ("readings", "new_year_readings"):
        return value  # a contact's number or address stays text
    if key in DECIMAL_KEYS:
        return _decimal(value)
    if key in DATE_KEYS:
        return _date(value)
    if key in ("start", "end"):
        if parent == "period":
            return _date(value)
        if parent == "points":
            return datetime.fromisoformat(value) if isinstance(value, str) else value
        return _decimal(value)  # register readings
    return value


def plain(value: Any) -> Any:
    """Result objects' plain data as comparable JSON values: decimals and dates as the
    strings they print as; absent (None) and empty optional members dropped on both sides."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None and v != [] and v != {}}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (Decimal, date)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def request(data: dict) -> gridcore.BillRequest:
    """A request from native values; tariff versions' tariffs as validated `Tariff`s."""
    data = dict(data)
    tariff = gridcore.Tariff.from_dict(data.pop("tariff"))
    for version in data.get("tariff_versions", []):
        try:
            version["tariff"] = gridcore.Tariff.from_dict(version["tariff"])
        except gridcore.TariffError:
            pass  # left as a dict: the request reports the error at its path
    return gridcore.BillRequest(tariff, **data)


def customer_case(kind: str, data: dict) -> Any:
    config = gridcore.CustomerConfig.from_dict(data["config"])
    if kind == "customer_view":
        return gridcore.customer_view(config, data["customer"], data["role"]).to_dict()
    if kind == "attribute_search":
        return [m.to_dict() for m in gridcore.search_attributes(config, data["query"], limit=data["limit"])]
    if kind == "confirmations":
        return [c.to_dict() for c in gridcore.confirmations_required(config, data["customer"], business=data["business"], as_of=data["as_of"])]
    if kind == "tags":
        return [t.to_dict() for t in gridcore.evaluate_tags(config, data["customer"], as_of=data["as_of"])]
    if kind == "score":
        return gridcore.customer_score(config, data["customer"], model=data["model"], as_of=data["as_of"]).to_dict()
    if kind == "profiles":
        return [p.to_dict() for p in gridcore.customer_profiles(config, data["customers"], as_of=data["as_of"])]
    return gridcore.customer_mood(config, data["customer"], as_of=data["as_of"]).to_dict()


def points_case(data: dict) -> Any:
    """Steps through a Ledger: events by `process`, operations by `apply`."""
    rules = gridcore.PointsRules.from_dict(data["rules"])
    ledger = gridcore.Ledger(data["customer_id"])
    steps = []
    for step in data["steps"]:
        try:
            out = ledger.process(rules, step["event"]) if "event" in step else ledger.apply(step["operation"])
            steps.append(out.to_dict())
        except gridcore.GridcoreError as e:
            steps.append({"error": {"kind": plain(e).kind, "code": e.code, "path": e.path}})
    return {"steps": steps, "balance": ledger.balance, "lots": [lot.to_dict() for lot in ledger.lots()], "entries": [e.to_dict() for e in ledger.entries]}


def payment_native(value: Any, key: str = "") -> Any:
    """A payments case's JSON as native values: amounts as Decimal, days as date, times as datetime."""
    if isinstance(value, dict):
        return {k: payment_native(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [payment_native(v, key) for v in value]
    if not isinstance(value, str):
        return value
    try:
        if key == "amount":
            return Decimal(value)
        if key in ("due_date", "issued_on", "on"):
            return date.fromisoformat(value)
        if key in ("paid_at", "at", "cutoff"):
            return datetime.fromisoformat(value)
    except (ValueError, InvalidOperation):
        pass
    return value


def payments_case(i: dict) -> Any:
    """Steps through an AccountLedger: operations by `apply`, the arrears view, a payment's events."""
    ledger = gridcore.AccountLedger(i["account"])
    steps = []
    for step in payment_native(i["steps"]):
        try:
            if "operation" in step:
                steps.append(ledger.apply(step["operation"]).to_dict())
            elif "arrears" in step:
                steps.append(ledger.arrears(date.fromisoformat(step["arrears"])).to_dict())
            else:
                steps.append(ledger.payment_events(step["events"]).to_dict())
        except gridcore.GridcoreError as e:
            steps.append({"error": {"kind": plain(e).kind, "code": e.code, "path": e.path}})
    return {"steps": steps, "amount_due": ledger.amount_due, "prepaid": ledger.prepaid, "entries": [e.to_dict() for e in ledger.entries]}


ANNUAL_FIELDS = {"calendar", "year", "hourly_kwh", "holidays", "allocation", "amounts"}


def annual_case(case: dict) -> Any:
    """The URDB rate as `json.load` gives it; the request as native values (`Decimal`
    hours, `date` holidays) through `bill_annual`, or its JSON form through
    `bill_annual_json` where native values cannot express it (e.g. both calendar and year).
    SAM-derived cases are also checked within 1e-6 $ of SAM's doubles."""
    tariff = gridcore.UrdbTariff.from_dict(case["input"]["urdb"])
    r = case["input"]["request"]
    expressible = set(r) <= ANNUAL_FIELDS and ("year" in r) != (r.get("calendar") == "sam") and all(isinstance(x, str) for x in r.get("hourly_kwh", [None]))
    if expressible:
        bill = gridcore.bill_annual(tariff, [Decimal(x) for x in r["hourly_kwh"]], year=r.get("year"), holidays=[date.fromisoformat(d) for d in r.get("holidays", [])],
                                    allocation=r.get("allocation"), amounts=r.get("amounts", "rounded"))
    else:
        bill = gridcore.bill_annual_json(tariff, json.dumps(r))
    out = json.loads(bill.to_json())
    for i, month in enumerate(bill.months if "sam" in case else ()):
        for c in ("energy", "demand", "fixed", "minimum", "total"):
            assert abs(float(getattr(month, c)) - case["sam"][c][i]) <= 1e-6, (i + 1, c)
    return out


def ebill_options(o: dict) -> dict:
    """E-bill options as a Python caller passes them: Decimal amounts and kWh, dates."""
    o = dict(o)
    o["history"] = [{**m, "kwh": _decimal(m["kwh"]), "amount": _decimal(m["amount"])} for m in o.get("history", [])]
    if "due_date" in o:
        o["due_date"] = _date(o["due_date"])
    if "payment" in o:
        o["payment"] = {k: _date(v) if k == "paid_on" else v if k == "state" else _decimal(v) for k, v in o["payment"].items()}
    return o


def html_facts(html: str) -> dict:
    """The facts docs/conformance.md reads from an e-bill's HTML."""
    between = lambda start, end: [rest.split(end)[0] for rest in html.split(start)[1:]]
    count = html.count
    return {"totals": between('data-fact="total">', "<"), "line_codes": between('data-code="', '"'),
            "line_amounts": between('data-fact="line-amount">', "<"), "bars": count('<rect class="bar"'),
            "current": between('gc-current" data-month="', '"'), "last_year": between('gc-last-year" data-month="', '"'),
            "scripts": count("<script"), "external": count(" src=") + count(" href=") + count("url(") + count("@import")}


def ebill_case(i: dict) -> Any:
    """Native: bill → compare → render_ebill; then the same through `ebill_json`, which must agree."""
    this = gridcore.bill(request(native(i["bill"])))
    options = ebill_options(i["options"])
    raw = dict(i["options"])
    if "before" in i:
        after = gridcore.bill(request(native(i["after"]))) if "after" in i else this
        c = gridcore.compare(gridcore.bill(request(native(i["before"]))), after)
        options["comparison"], raw["comparison"] = c, json.loads(c.to_json())
    html = gridcore.render_ebill(this, options)
    out = json.loads(gridcore.ebill_json(json.dumps({"bill": json.loads(this.to_json()), "options": raw})))
    assert out["html"] == html
    return {"statement": out["statement"], "facts": html_facts(html)}


def run(case: dict) -> Any:
    try:
        if case["kind"] == "ebill":
            return ebill_case(case["input"])
        if case["kind"] == "payments":
            return payments_case(case["input"])
        if case["kind"] == "annual_bill":
            return annual_case(case)
        if case["kind"] == "reconcile":
            i = case["input"]
            booked = payment_native(i["booked"])
            return gridcore.reconcile_file(i["layout"], i["file"], booked, datetime.fromisoformat(i["cutoff"])).to_dict()
    except gridcore.GridcoreError as e:
        return {"error": {"kind": plain(e).kind, "code": e.code, "path": e.path}}
    data = native(case["input"])
    try:
        if case["kind"] == "tariff":
            return {"tariff": gridcore.Tariff.from_dict(data).to_dict()}
        if case["kind"] == "late_fee":
            return gridcore.late_fee(**data).to_dict()
        if case["kind"] in ("customer_view", "attribute_search", "confirmations", "mood", "tags", "score", "profiles"):
            return customer_case(case["kind"], data)
        if case["kind"] == "tag_transition":
            return gridcore.transition_tag(case["input"]["tag"], data["to"])
        if case["kind"] == "segment":
            return gridcore.segment_customers(data["customers"], features=data["features"], k=data["k"], seed=data["seed"], as_of=data["as_of"]).to_dict()
        if case["kind"] == "merge":
            merge = gridcore.merge_customers(data["primary"], data["other"])
            assert gridcore.unmerge_customers(merge) == (merge.primary, merge.other)
            return merge.to_dict()
        if case["kind"] == "points":
            return points_case(data)
        if case["kind"] == "notice":
            i = case["input"]
            templates = gridcore.TemplateSet.builtin() if i["templates"] == "builtin" else gridcore.TemplateSet.from_dict(i["templates"])
            return gridcore.render_notice(templates, i["code"], channel=i["channel"], locale=i["locale"], values=data["values"]).to_dict()
        if case["kind"] == "delivery":
            i = case["input"]
            when = datetime.fromisoformat(i["as_of"])
            return gridcore.plan_delivery(i["channel"], i["category"], consent=i["consent"], history=i["history"], as_of=when, policy=i.get("policy")).to_dict()
        if case["kind"] == "compare":
            before, after = (gridcore.bill(request(data[side])) for side in ("before", "after"))
            return gridcore.compare(before, after).to_dict()
        if case["kind"] == "what_if":
            tariffs = [gridcore.Tariff.from_dict(t) for t in data["tariffs"]]
            return gridcore.what_if(request(data["request"]), tariffs).to_dict()
        return gridcore.bill(request(data)).to_dict()
    except gridcore.GridcoreError as e:
        return {"error": {"kind": plain(e).kind, "code": e.code, "path": e.path}}


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: pathlib.Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert plain(run(case)) == plain(case["expected"])
