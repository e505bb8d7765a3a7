"""The e-bill from Python: native options in, the core's HTML out (conversion only)."""
import json
import pathlib
from datetime import date
from decimal import Decimal

import pytest

import gridcore

ROOT = pathlib.Path(__file__).resolve().parents[2]
REQUESTS = ROOT / "examples" / "data" / "requests"
HISTORY = json.loads((ROOT / "examples" / "data" / "ebills" / "history.json").read_text(encoding="utf-8"))["accounts"]


def sample_bill(name: str) -> gridcore.Bill:
    return gridcore.bill(gridcore.BillRequest.from_json((REQUESTS / f"{name}.json").read_text(encoding="utf-8")))


def history(account: str) -> list:
    return [{"month": m["month"], "kwh": Decimal(m["kwh"]), "amount": Decimal(m["amount"])} for m in HISTORY[account]]


def test_the_e_bill_shows_the_bill_its_history_and_the_payment() -> None:
    bill = sample_bill("01-zhejiang-tier-crossing")
    html = gridcore.render_ebill(bill, {"history": history("3300012345"), "due_date": date(2026, 12, 15),
                                        "payment": {"state": "partly_paid", "paid": Decimal("100.00"), "paid_on": date(2026, 12, 5)}, "points_balance": 87})
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert html.count('data-fact="total">168.40 元<') == 1
    assert html.count('<rect class="bar"') == 26  # 13 months × the kWh and the amount charts
    assert 'data-fact="amount-due">68.40 元<' in html  # 168.40 − 100.00 paid
    assert "2026年12月15日" in html and "部分缴费" in html and "积分余额: 87" in html
    assert "距下一档 1,900 kWh" in html


def test_english_and_the_comparison_object() -> None:
    before = gridcore.bill(gridcore.BillRequest.from_json(json.dumps({
        **json.loads((REQUESTS / "01-zhejiang-tier-crossing.json").read_text(encoding="utf-8")),
        "period": {"start": "2026-10-01", "end": "2026-11-01"}, "as_of": "2026-11-01", "year_to_date_kwh": "2400",
        "usage": {"readings": [{"register": "total", "start": "8000", "end": "8200"}]}})))
    bill = sample_bill("01-zhejiang-tier-crossing")
    html = gridcore.render_ebill(bill, {"locale": "en", "comparison": gridcore.compare(before, bill)})
    assert '<html lang="en">' in html and "Compared with last month" in html and "¥60.80" in html


def test_the_counter_view_is_a_fragment() -> None:
    html = gridcore.render_ebill(sample_bill("07-factory-two-part-pf"), {"view": "counter", "history": history("3300900001")})
    assert html.startswith('<section class="gc-counter"') and "<html" not in html
    assert html.count('data-code="') == 9


def test_bad_options_name_their_field() -> None:
    bill = sample_bill("01-zhejiang-tier-crossing")
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.render_ebill(bill, {"history": [{"month": "2026-10", "kwh": Decimal("-1"), "amount": Decimal("0")}]})
    assert e.value.path == "options.history[0].kwh" and e.value.code == "negative"
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.render_ebill(bill, {"style": {"template": "{{ data.total|safe }}"}})
    assert e.value.path == "options.style.template"
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.render_ebill(bill, {"history": [{"month": "2026-10", "kwh": 1.5, "amount": Decimal("0")}]})
    assert e.value.path == "options.history[0].kwh"  # a float is never money or kWh
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.render_ebill(bill, {"colour": "#fff"})
    assert e.value.path.startswith("options")


def test_the_json_form_gives_the_statement() -> None:
    bill = sample_bill("04-zhejiang-residential-tou")
    out = json.loads(gridcore.ebill_json(json.dumps({"bill": json.loads(bill.to_json()), "options": {"locale": "en"}})))
    assert [(s["period"], s["kwh"], s["percent"]) for s in out["statement"]["tou_split"]] == [("peak", "180", "60"), ("valley", "120", "40")]
    assert out["html"] == gridcore.render_ebill(bill, {"locale": "en"})
