"""The messaging centre through the Python API: native values in (Decimal, date,
datetime, int), typed records out, errors naming the variable, and the delivery plan."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

import gridcore

VALUES = {"name": "张伟", "account": "3300012345", "period": "2026年11月", "kwh": 300, "amount": Decimal("168.40"), "due_date": date(2026, 12, 15)}


def test_bill_notice_sms_from_native_values() -> None:
    n = gridcore.render_notice(gridcore.TemplateSet.builtin(), "bill_notice", channel="sms", locale="zh-CN", values=VALUES)
    assert n.sms is not None and n.wechat is None
    assert n.sms.text == "【国网浙江电力】尊敬的张*，您的户号******2345，2026年11月用电300千瓦时，电费168.40 元，请于2026年12月15日前缴纳。"
    assert (n.sms.length, n.sms.segments, [len(p) for p in n.sms.parts]) == (74, 2, [67, 7])
    assert "3300012345" not in n.sms.text and "张伟" not in n.sms.text


def test_values_are_checked_and_named() -> None:
    templates = gridcore.TemplateSet.builtin()
    with pytest.raises(gridcore.RequestError) as info:
        gridcore.render_notice(templates, "bill_notice", channel="sms", locale="zh-CN", values={k: v for k, v in VALUES.items() if k != "due_date"})
    assert (info.value.code, info.value.path) == ("missing_value", "values.due_date")
    with pytest.raises(gridcore.RequestError) as info:
        gridcore.render_notice(templates, "bill_notice", channel="sms", locale="zh-CN", values=dict(VALUES, amount=168.4))
    assert info.value.path == "values.amount"  # a float never becomes money
    with pytest.raises(gridcore.RequestError) as info:
        gridcore.render_notice(templates, "bill_notice", channel="sms", locale="zh-CN", values=dict(VALUES, amount=Decimal("168.405")))
    assert info.value.path == "values.amount"  # never re-rounded


def test_a_template_set_is_validated_when_loaded() -> None:
    doc = {"sms": {"signature": "国网浙江电力", "opt_out": "拒收请回复R"}, "templates": [
        {"code": "promo", "name": {"zh": "活动", "en": "Promotion"}, "channel": "sms", "category": "marketing", "locale": "zh-CN",
         "variables": [{"name": "points", "type": "text", "max_len": 8}], "sms": {"text": "开通电子账单送{{ points }}积分"}}]}
    with pytest.raises(gridcore.RequestError) as info:
        gridcore.TemplateSet.from_dict(doc)
    assert info.value.path == "messages.templates[0].sms.text" and "opt-out" in info.value.reason


def test_marketing_after_21_00_is_deferred_to_08_00() -> None:
    consent = [{"channel": "sms", "service": True, "marketing": True}]
    plan = gridcore.plan_delivery("sms", "marketing", consent=consent, history=[], as_of=datetime(2026, 11, 23, 21, 0))
    assert (plan.action, plan.at, plan.reason) == ("defer", datetime(2026, 11, 24, 8, 0), "quiet_hours")
    outage = gridcore.plan_delivery("sms", "service", consent=consent, history=[], as_of=datetime(2026, 11, 23, 23, 30))
    assert outage.action == "send_now"
