"""gridcore: tariffs and explained electricity bills, computed by one Rust engine.

>>> import gridcore
>>> from decimal import Decimal
>>> from datetime import date
>>> tariff = gridcore.Tariff.from_dict({
...     "id": "zj-residential-tiered-2026",
...     "name": {"zh": "浙江居民生活用电", "en": "Zhejiang residential"},
...     "energy": {"tiered": {"cycle": "annual", "tiers": [
...         {"upto": 2760, "price": Decimal("0.538")},
...         {"upto": 4800, "price": Decimal("0.588")},
...         {"price": Decimal("0.838")}]}},
... })
>>> request = gridcore.BillRequest(
...     tariff,
...     account={"account_id": "3300012345"},
...     period={"start": date(2026, 11, 1), "end": date(2026, 12, 1)},
...     usage={"readings": [{"register": "total", "start": 8200, "end": 8500}]},
...     year_to_date_kwh=2600,
...     as_of=date(2026, 12, 1),
... )
>>> bill = gridcore.bill(request)
>>> [(line.code, line.quantity, line.amount) for line in bill.lines]
[('energy.tier_1', Decimal('160'), Decimal('86.08')), ('energy.tier_2', Decimal('140'), Decimal('82.32'))]
>>> bill.total
Decimal('168.40')
"""

from gridcore._errors import GridcoreError, InternalError, MeteringError, RequestError, TariffError
from gridcore._gridcore import (
    AttributeMatch,
    Bill,
    BillPeriod,
    BillRequest,
    BillSummary,
    Comparison,
    Confirmation,
    Contribution,
    CustomerConfig,
    IntervalSummary,
    LateFee,
    LateFeeLine,
    LineItem,
    LossUsage,
    MonthCount,
    Mood,
    MoodEvent,
    PricePart,
    RegisterUsage,
    RoundingPolicy,
    Rule,
    Subtotal,
    Tariff,
    Text,
    UsageSummary,
    View,
    ViewField,
    WhatIf,
    WhatIfOption,
    __version__,
    bill,
    bill_many,
    compare,
    confirmations_required,
    customer_mood,
    customer_view,
    late_fee,
    render,
    search_attributes,
    what_if,
)

__all__ = [
    "AttributeMatch",
    "Bill",
    "BillPeriod",
    "BillRequest",
    "BillSummary",
    "Comparison",
    "Confirmation",
    "Contribution",
    "CustomerConfig",
    "GridcoreError",
    "InternalError",
    "IntervalSummary",
    "LateFee",
    "LateFeeLine",
    "LineItem",
    "LossUsage",
    "MeteringError",
    "MonthCount",
    "Mood",
    "MoodEvent",
    "PricePart",
    "RegisterUsage",
    "RequestError",
    "RoundingPolicy",
    "Rule",
    "Subtotal",
    "Tariff",
    "TariffError",
    "Text",
    "UsageSummary",
    "View",
    "ViewField",
    "WhatIf",
    "WhatIfOption",
    "__version__",
    "bill",
    "bill_many",
    "compare",
    "confirmations_required",
    "customer_mood",
    "customer_view",
    "late_fee",
    "render",
    "search_attributes",
    "what_if",
]
