"""The points centre through the Python API: a hand-checked walk-through, errors with
paths, a stored ledger loading back, and Hypothesis properties (retries and duplicated
events change nothing; the balance is the sum of the entries and never negative)."""

from __future__ import annotations

import json
import pathlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridcore
from gridcore import strategies

RULES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "points" / "rules.json"


def paid(key: str, day: date, amount: str, *, late: int = 0, channel: str = "counter") -> dict:
    return {"key": key, "date": day, "event": {"type": "bill_paid", "amount": Decimal(amount), "due_date": date.fromordinal(day.toordinal() - late),
                                               "paid_date": day, "channel": channel}}


def test_sample_rules_award_cap_and_refund() -> None:
    rules = gridcore.PointsRules.from_file(RULES)
    ledger = gridcore.Ledger("C1")
    # 168.40 元 on time at the counter: 1 point per 10 元, rounded down → 16.
    first = ledger.process(rules, paid("pay-1", date(2026, 11, 20), "168.40"))
    assert (first.balance, first.replayed, [e.kind for e in first.entries]) == (16, False, ["event", "award"])
    assert first.entries[1].expires_on == date(2028, 11, 19)  # 730 days on
    # In the app: the app bonus (5) and on-time points (30).
    assert ledger.process(rules, paid("pay-2", date(2026, 11, 21), "300", channel="app")).balance == 51
    # A retry returns the first outcome and writes nothing.
    again = ledger.process(rules, paid("pay-2", date(2026, 11, 21), "300", channel="app"))
    assert again.replayed and again.balance == 51 and len(ledger) == 5
    # The same key for a different payment is refused, naming the key.
    with pytest.raises(gridcore.RequestError) as info:
        ledger.process(rules, paid("pay-2", date(2026, 11, 21), "301", channel="app"))
    assert (info.value.code, info.value.path) == ("idempotency_conflict", "event.key")
    # December doubles on-time points: 100 元 → 10 → 20.
    assert ledger.process(rules, paid("pay-3", date(2026, 12, 2), "100")).balance == 71
    # Refunding pay-1 takes its 16 back.
    refund = ledger.process(rules, {"key": "refund-1", "date": date(2026, 12, 3), "event": {"type": "bill_refunded", "payment_key": "pay-1"}})
    assert (refund.balance, refund.entries[-1].reverses, refund.entries[-1].points) == (55, "pay-1/on_time_payment", -16)
    assert ledger.balance == sum(e.points for e in ledger.entries)


def test_redeem_expire_and_a_stored_ledger() -> None:
    ledger = gridcore.Ledger("C1")
    ledger.apply({"op": "award", "key": "a", "date": date(2026, 1, 1), "points": 100, "expires_on": date(2026, 6, 1)})
    ledger.apply({"op": "award", "key": "b", "date": date(2026, 1, 2), "points": 50, "expires_on": date(2026, 3, 1)})
    # Earliest-expiring first: 50 from b, then 10 from a.
    out = ledger.apply({"op": "redeem", "key": "r", "date": date(2026, 2, 28), "points": 60})
    assert [(e.lot, e.points) for e in out.entries] == [(2, -50), (1, -10)]
    assert ledger.usable(date(2026, 5, 31)) == 90 and ledger.usable(date(2026, 6, 1)) == 0
    expired = ledger.apply({"op": "expire", "key": "x", "as_of": date(2026, 6, 1)})
    assert (expired.entries[0].points, expired.balance) == (-90, 0)
    back = gridcore.Ledger.from_json(ledger.to_json())
    assert [e.to_dict() for e in back.entries] == [e.to_dict() for e in ledger.entries]
    assert back.apply({"op": "redeem", "key": "r", "date": date(2026, 2, 28), "points": 60}).replayed


def test_errors_name_the_field() -> None:
    with pytest.raises(gridcore.RequestError) as info:
        gridcore.PointsRules.from_dict({"rules": [{"code": "x", "name": {"zh": "x", "en": "x"}, "event": "bill_paid", "points": {"fixed": 1},
                                                   "expires_after_days": 1, "caps": {"per_day": 0}}]})
    assert (info.value.code, info.value.path) == ("out_of_range", "points.rules[0].caps.per_day")
    with pytest.raises(gridcore.RequestError) as info:
        gridcore.Ledger("C1").apply({"op": "redeem", "key": "r", "date": date(2026, 1, 1), "points": 1})
    assert info.value.code == "insufficient_points"
    with pytest.raises(gridcore.RequestError) as info:
        gridcore.Ledger("C1").process(gridcore.PointsRules.from_file(RULES), {"key": "k", "date": date(2026, 1, 1), "event": {"type": "bill_paid", "amount": 1.5}})
    assert info.value.path.startswith("event.event")  # a float is refused, never rounded


@settings(max_examples=150, deadline=None)
@given(strategies.points_rules_dicts(), strategies.points_events(), st.lists(st.integers(0, 1000), max_size=20))
def test_duplicated_and_retried_events_change_nothing(rules_dict: dict, events: list, retries: list) -> None:
    rules = gridcore.PointsRules.from_dict(rules_dict)
    once = gridcore.Ledger("C1")
    for e in events:
        balance = once.process(rules, e).balance
        assert balance == sum(x.points for x in once.entries)
        if rules_dict["refund_shortfall"] == "forgive":
            assert balance >= 0
    noisy = gridcore.Ledger("C1")
    for i, e in enumerate(events):
        noisy.process(rules, e)
        assert noisy.process(rules, e).replayed  # retried at once
        for r in retries[: i % 4]:
            assert noisy.process(rules, events[r % (i + 1)]).replayed  # an earlier one again
    assert noisy.to_json() == once.to_json()


@settings(max_examples=50, deadline=None)
@given(strategies.points_rules_dicts())
def test_generated_rule_books_load_and_round_trip(rules_dict: dict) -> None:
    rules = gridcore.PointsRules.from_dict(rules_dict)
    assert json.loads(gridcore.PointsRules.from_json(rules.to_json()).to_json()) == json.loads(rules.to_json())


@pytest.mark.parametrize("customer_id", ["", "   ", "C\n1", "C" * 129])
def test_a_ledger_needs_a_customer_id_it_can_be_found_by(customer_id: str) -> None:
    with pytest.raises(gridcore.RequestError) as e:
        gridcore.Ledger(customer_id)
    assert (e.value.code, e.value.path) == ("invalid_field", "customer_id")
    assert gridcore.Ledger("C" * 128).customer_id == "C" * 128


def test_errors_inside_an_operation_or_event_name_the_field() -> None:
    ledger = gridcore.Ledger("C1")
    with pytest.raises(gridcore.RequestError) as e:
        ledger.apply({"op": "redeem", "key": "k", "date": date(2026, 1, 1), "points": Decimal("1.0")})
    assert e.value.path == "operation.points"
    rules = gridcore.PointsRules.from_file(pathlib.Path(__file__).resolve().parents[2] / "examples/data/points/rules.json")
    with pytest.raises(gridcore.RequestError) as e:
        ledger.process(rules, {"key": "p", "date": date(2026, 1, 1), "event": {"type": "referral"}})
    assert (e.value.path, e.value.reason) == ("event.event.referred_customer_id", "this field is required")
