"""Hostile input through the Python API (issue 16, part A): every case is refused with a
GridcoreError naming the field, quickly, and the interpreter keeps running."""

from __future__ import annotations

import time
from datetime import date, datetime
from decimal import Decimal

import pytest

import gridcore

FLAT = {"id": "t", "name": {"zh": "试", "en": "t"}, "energy": {"flat": {"price": Decimal("0.5")}}}
NOV = {"start": date(2026, 11, 1), "end": date(2026, 12, 1)}


def refused(call, code: str | None = None, path: str | None = None) -> gridcore.GridcoreError:
    with pytest.raises(gridcore.GridcoreError) as e:
        call()
    assert e.value.kind != "internal", e.value
    if code is not None:
        assert e.value.code == code, e.value
    if path is not None:
        assert e.value.path == path, e.value
    return e.value


def nested(depth: int) -> dict:
    x: dict = {}
    for _ in range(depth):
        x = {"a": x}
    return x


def test_deep_and_self_referencing_values_are_refused_not_crashing() -> None:
    deep = nested(15_000)
    refused(lambda: gridcore.Tariff.from_dict({**FLAT, "zz": deep}), "invalid_field")
    refused(lambda: gridcore.BillRequest(gridcore.Tariff.from_dict(FLAT), account={"account_id": "1", "name": deep}, period=NOV, usage={}, as_of=date(2026, 12, 1)))
    refused(lambda: gridcore.late_fee(customer_class="residential", arrears=deep, due_date=date(2026, 11, 1), as_of=date(2026, 11, 2)))
    refused(lambda: gridcore.PointsRules.from_dict({"rules": [deep]}))
    looped: dict = {"name": "x"}
    looped["name"] = looped
    e = refused(lambda: gridcore.render_notice(gridcore.TemplateSet.builtin(), "bill_notice", channel="sms", locale="zh-CN", values=looped))
    assert "contains itself" in e.reason


def test_ten_million_intervals_are_refused_before_conversion() -> None:
    point = {"start": datetime(2026, 11, 1), "kwh": Decimal(1)}
    points = [point] * 10_000_000
    started = time.monotonic()
    refused(lambda: gridcore.BillRequest(gridcore.Tariff.from_dict(FLAT), account={"account_id": "1"}, period=NOV,
                                         usage={"intervals": {"minutes": 15, "points": points}}, as_of=date(2026, 12, 1)),
            "invalid_field", "usage.intervals.points")
    assert time.monotonic() - started < 5


def test_decimals_and_integers_out_of_range() -> None:
    for price in (Decimal("79228162514264337593543950335"), Decimal("1E-30"), Decimal("1E-100000000"), Decimal("1E+100000000")):
        started = time.monotonic()
        refused(lambda: gridcore.Tariff.from_dict({**FLAT, "energy": {"flat": {"price": price}}}), path="tariff.energy.flat.price")
        assert time.monotonic() - started < 1
    for text in ("1e3", "1_000", "+12", "12.", ".5", " 12 "):
        refused(lambda: gridcore.Tariff.from_dict({**FLAT, "energy": {"flat": {"price": text}}}), "invalid_field", "tariff.energy.flat.price")
    ledger = gridcore.Ledger("c")
    for points in (2**63 - 1, 2**64 + 1, 10**100):
        refused(lambda: ledger.apply({"op": "award", "key": "a", "date": date(2026, 1, 1), "points": points, "expires_on": date(2027, 1, 1)}), path="operation.points")
    assert ledger.balance == 0


def test_templates_that_run_forever_or_unescape() -> None:
    big = "[" + ",".join(str(i) for i in range(1000)) + "]"
    loops = "".join(f"{{% for v{i} in {big} %}}" for i in range(4)) + "{{ p }}" + "{% endfor %}" * 4
    base = {"sms": {"signature": "国网", "opt_out": "拒收请回复R"}}
    tpl = {"code": "t", "name": {"zh": "t", "en": "t"}, "channel": "sms", "category": "service", "locale": "zh-CN",
           "variables": [{"name": "p", "type": "text", "max_len": 10}], "sms": {"text": loops}}
    started = time.monotonic()
    refused(lambda: gridcore.render_notice(gridcore.TemplateSet.from_dict({**base, "templates": [tpl]}), "t", channel="sms", locale="zh-CN", values={"p": "x"}))
    assert time.monotonic() - started < 5
    email = {**tpl, "channel": "email", "variables": [{"name": "p", "type": "text", "max_len": 100}]}
    del email["sms"]
    email["email"] = {"subject": "s", "html": "{% autoescape false %}{{ p }}{% endautoescape %}"}
    refused(lambda: gridcore.TemplateSet.from_dict({**base, "templates": [email]}), "invalid_field", "messages.templates[0].email.html")
    email["email"] = {"subject": "s {{ p }}", "html": "<p>{{ p }}</p>"}
    ok = gridcore.TemplateSet.from_dict({**base, "templates": [email]})
    refused(lambda: gridcore.render_notice(ok, "t", channel="email", locale="zh-CN", values={"p": "x\r\nBcc: a@b.c"}), "invalid_field", "email.subject")


def test_notice_values_text_and_dates() -> None:
    values = {"name": "张伟", "account": "3300012345", "period": "2026年11月", "kwh": 300, "amount": Decimal("-1.00"), "due_date": date(2026, 12, 15)}
    refused(lambda: gridcore.render_notice(gridcore.TemplateSet.builtin(), "bill_notice", channel="sms", locale="zh-CN", values=values), "negative", "values.amount")
    refused(lambda: gridcore.render_notice(gridcore.TemplateSet.builtin(), "bill_notice", channel="sms", locale="zh-CN", values={**values, "amount": Decimal("12"), "name": "\ud800"}),
            "invalid_field", "values.name")
    refused(lambda: gridcore.BillRequest(gridcore.Tariff.from_dict(FLAT), account={"account_id": "1"}, period={"start": "0000-11-01", "end": "2026-12-01"}, usage={}, as_of=date(2026, 12, 1)),
            "invalid_field", "period.start")
    refused(lambda: gridcore.PointsRules.from_dict({"rules": [{"code": "r", "name": {"zh": "r", "en": "r"}, "event": "bill_paid", "points": {"fixed": 1}, "expires_after_days": 3_000_000}]}),
            "out_of_range", "points.rules[0].expires_after_days")


def test_reasons_are_bounded() -> None:
    e = refused(lambda: gridcore.Tariff.from_dict({**FLAT, "energy": {"flat": {"price": "9" * 50_000_000}}}))
    assert len(e.reason) <= 500


# ── the conversion layer, fuzzed: any nested native value is converted or refused with a
#    GridcoreError (never a crash, a RecursionError, a UnicodeEncodeError or a ValueError) ──
from hypothesis import given, settings, strategies as st  # noqa: E402

SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=True) | st.text()
           | st.decimals(allow_nan=True) | st.dates() | st.datetimes() | st.sampled_from(["\ud800", "1e3", "79228162514264337593543950335", "2026-02-30"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=40)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.sampled_from(["tariff", "account", "usage", "values", "event", "operation", "rules"]))
def test_any_native_value_is_converted_or_refused(value, where) -> None:
    tariff = gridcore.Tariff.from_dict(FLAT)
    calls = {
        "tariff": lambda: gridcore.Tariff.from_dict({**FLAT, "energy": value}),
        "account": lambda: gridcore.BillRequest(tariff, account=value, period=NOV, usage={}, as_of=date(2026, 12, 1)),
        "usage": lambda: gridcore.bill(gridcore.BillRequest(tariff, account={"account_id": "1"}, period=NOV, usage=value, as_of=date(2026, 12, 1))),
        "values": lambda: gridcore.render_notice(gridcore.TemplateSet.builtin(), "bill_notice", channel="sms", locale="zh-CN", values={"name": value}),
        "event": lambda: gridcore.Ledger("c").process(gridcore.PointsRules.from_dict({"rules": []}), {"key": "k", "date": date(2026, 1, 1), "event": value}),
        "operation": lambda: gridcore.Ledger("c").apply(value if isinstance(value, dict) else {"op": value}),
        "rules": lambda: gridcore.PointsRules.from_dict({"rules": [value]}),
    }
    try:
        calls[where]()
    except gridcore.GridcoreError as e:
        assert e.kind != "internal", e
    except TypeError:
        pass  # a non-mapping where the signature wants a dict: Python's own argument check
