"""The README's three jobs, run against the installed wheel from outside the checkout
(tests/dist/run.py): a tiered bill, a points award and redemption, a bill-notice SMS."""
from datetime import date
from decimal import Decimal

import gridcore

tariff = gridcore.Tariff.from_file("data/zj-residential-tiered.json")
bill = gridcore.bill(gridcore.BillRequest(
    tariff,
    account={"account_id": "3300012345"},
    period={"start": date(2026, 11, 1), "end": date(2026, 12, 1)},
    usage={"readings": [{"register": "total", "start": Decimal("8200"), "end": Decimal("8500")}]},
    year_to_date_kwh=Decimal("2600"),
    as_of=date(2026, 12, 1),
))
print("bill", bill.total)

rules = gridcore.PointsRules.from_file("data/rules.json")
ledger = gridcore.Ledger("C1")
paid = ledger.process(rules, {"key": "pay-1", "date": date(2026, 11, 20), "event": {
    "type": "bill_paid", "amount": bill.total, "due_date": date(2026, 11, 20),
    "paid_date": date(2026, 11, 20), "channel": "counter"}})
redeemed = ledger.apply({"op": "redeem", "key": "gift-7", "date": date(2026, 12, 10), "points": 10})
print("points", paid.balance, redeemed.balance)

notice = gridcore.render_notice(gridcore.TemplateSet.builtin(), "bill_notice", channel="sms", locale="zh-CN", values={
    "name": "张伟", "account": "3300012345", "period": "2026年11月", "kwh": "300",
    "amount": bill.total, "due_date": date(2026, 12, 15)})
print("sms", notice.sms.segments, notice.sms.text)
