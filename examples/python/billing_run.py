"""The monthly billing run from Python: the bundled sample requests billed in one
`bill_many` call (the GIL is released while Rust computes), then a run summary, the
counter questions, and the points step: each bill's payment through the rule book into
the customer's ledger, one refund taking its points back.

    .venv/bin/python examples/python/billing_run.py
"""

from __future__ import annotations

import json
import pathlib
from datetime import date, datetime
from decimal import Decimal

import gridcore

REQUESTS = pathlib.Path(__file__).resolve().parents[1] / "data" / "requests"
SCENARIOS = REQUESTS.parent / "scenarios"


def request(doc: dict) -> gridcore.BillRequest:
    return gridcore.BillRequest.from_json(json.dumps(doc))


def main() -> None:
    files = sorted(REQUESTS.glob("*.json"))
    requests = [gridcore.BillRequest.from_json(f.read_text(encoding="utf-8")) for f in files]
    results = gridcore.bill_many(requests, errors="return")

    print(f"Python: {len(requests)} accounts billed by gridcore {gridcore.__version__}")
    print(f"{'account':<12} {'tariff':<30} {'kWh':>10} {'total (元)':>12}  lines")
    total = Decimal("0")
    bills = {}
    for result in results:
        if isinstance(result, gridcore.GridcoreError):
            print(f"NOT BILLED: [{result.code}] {result.path}: {result.reason}")
            continue
        total += result.total
        bills[result.account_id] = result
        codes = ", ".join(line.code for line in result.lines)
        print(f"{result.account_id:<12} {result.tariff_id:<30} {result.usage.billed_kwh:>10} {result.total:>12}  {codes}")
    print(f"{'':<12} {'amount due':<30} {'':>10} {total:>12}")

    pair = json.loads((SCENARIOS / "compare-household.json").read_text(encoding="utf-8"))
    c = gridcore.compare(gridcore.bill(request(pair["before"])), gridcore.bill(request(pair["after"])))
    print(f"Why did {c.account_id}'s bill change? {c.before.total} → {c.after.total} ({c.difference:+})")
    for part in c.contributions:
        print(f"  {part.amount:>8}  {part.text.en}")
    question = json.loads((SCENARIOS / "what-if-household.json").read_text(encoding="utf-8"))
    options = gridcore.what_if(request(question["request"]), [gridcore.Tariff.from_dict(t) for t in question["tariffs"]]).options
    print("What if: " + "; ".join(f"{o.rank}. {o.tariff_id} {o.total} (saves {o.saving})" for o in options))

    cycle = gridcore.bill(request(json.loads((SCENARIOS / "december-january-household.json").read_text(encoding="utf-8"))))
    print(f"Across 1 January ({cycle.account_id}, {cycle.period.start} – {cycle.period.end}): "
          + " + ".join(f"{line.code} [{line.from_}–{line.to}] {line.amount}" for line in cycle.lines) + f" = {cycle.total}")

    customer_data = REQUESTS.parent / "customer"
    config = gridcore.CustomerConfig.from_file(customer_data / "config.json")
    zhang = json.loads((customer_data / "customers.json").read_text(encoding="utf-8"))[0]
    masked = gridcore.customer_view(config, zhang, "call_centre")
    print("Call-centre view: " + ", ".join(f"{f.name.en} {f.value}" for f in masked.fields))
    to_confirm = gridcore.confirmations_required(config, zhang, business="counter_payment", as_of=date(2026, 11, 23))
    print("At the counter, confirm: " + "; ".join(c.text.en for c in to_confirm))
    print(f"Mood: {gridcore.customer_mood(config, zhang, as_of=date(2026, 11, 23)).level}")
    tags = [t.code for t in gridcore.evaluate_tags(config, zhang, as_of=date(2026, 11, 23)) if t.applies]
    scores = [gridcore.customer_score(config, zhang, model=m, as_of=date(2026, 11, 23)) for m in ("value", "credit")]
    print(f"Tags: {', '.join(tags)}; scores: " + ", ".join(f"{s.model} {s.score} ({s.grade})" for s in scores))
    balances = points_run(bills)
    notices_run(bills, balances)


def points_run(bills: dict) -> None:
    """Payments of the bills (amount = the bill's total) through the sample rule book."""
    data = REQUESTS.parent / "points"
    rules = gridcore.PointsRules.from_file(data / "rules.json")
    run = json.loads((data / "payments.json").read_text(encoding="utf-8"))
    ledgers = {}
    for p in run["payments"]:
        account, paid = p["account_id"], date.fromisoformat(p["paid_date"])
        if account not in bills:
            continue
        ledger = ledgers[account] = gridcore.Ledger(account)
        events = [{"key": f"pay-{account}-2026-11", "date": paid, "customer_tags": p.get("customer_tags", []),
                   "event": {"type": "bill_paid", "amount": bills[account].total, "due_date": date.fromisoformat(p["due_date"]),
                             "paid_date": paid, "channel": p["channel"]}}]
        events += [{"key": f"{kind}-{account}", "date": paid, "event": {"type": kind}} for kind in ("e_bill_opted_in", "auto_pay_enrolled") if p.get(kind)]
        awards = [e for event in events for e in ledger.process(rules, event).entries if e.points]
        print(f"Points {account}: " + (", ".join(f"{e.rule} +{e.points}" for e in awards) or "none (paid late)") + f" → balance {ledger.balance}")
    for r in run["refunds"]:
        account = r["account_id"]
        refund = {"key": f"refund-{account}-2026-11", "date": date.fromisoformat(r["date"]),
                  "event": {"type": "bill_refunded", "payment_key": f"pay-{account}-2026-11"}}
        out = ledgers[account].process(rules, refund)
        again = ledgers[account].process(rules, refund)
        print(f"Refund {account}: {sum(e.points for e in out.entries)} points, balance {out.balance}; retried: replayed={again.replayed}")
    print("Balances: " + ", ".join(f"{a} {l.balance}" for a, l in ledgers.items()))
    return {a: l.balance for a, l in ledgers.items()}


def notices_run(bills: dict, balances: dict) -> None:
    """The run's notices: a bill SMS per account, points pushes, and a marketing SMS planned at 21:30."""
    templates = gridcore.TemplateSet.builtin()
    for account, b in bills.items():
        sms = gridcore.render_notice(templates, "bill_notice", channel="sms", locale="zh-CN", values={
            "name": "张伟" if account == "3300012345" else "客户", "account": account, "period": "2026年11月", "kwh": str(b.usage.billed_kwh.normalize()),
            "amount": b.total, "due_date": date(2026, 12, 15)}).sms
        assert sms is not None
        print(f"SMS {account}: {sms.length} chars, {sms.segments} segment(s)")
    for account, balance in balances.items():
        if balance:
            push = gridcore.render_notice(templates, "points_awarded", channel="push", locale="en",
                                          values={"points": balance, "balance": balance, "reason": "November points"}).push
            assert push is not None
            print(f"Push {account}: {push.title} — {push.body}")
    plan = gridcore.plan_delivery("sms", "marketing", consent=[{"channel": "sms", "service": True, "marketing": True}], history=[],
                                  as_of=datetime(2026, 12, 20, 21, 30))
    print(f"Marketing SMS at 21:30: {plan.action} until {plan.at} ({plan.text.en})")


if __name__ == "__main__":
    main()
