"""URDB rates and hourly loads drawn from a `random.Random`: the shapes SAM's
`Utilityrate5` takes (tier bounds shared by every period of a month, as SAM requires), for
the Hypothesis differential suite and the committed SAM-derived conformance cases."""

from decimal import Decimal

KINDS = ["flat", "tiered", "tiered_daily", "tou", "tou_tiers", "flat_demand", "tou_demand", "fixed", "monthly_min", "annual_min", "everything"]
SCALES = {"tiny": Decimal("0.001"), "typical": Decimal("1"), "large": Decimal("2000")}


def _price(rnd, low, high, places):
    return round(rnd.uniform(low, high), places)


def _schedule(rnd, periods):
    """12 × 24 zero-based periods: each month a base period with one or two blocks of others."""
    rows = []
    for _ in range(12):
        base = rnd.randrange(periods)
        row = [base] * 24
        for _ in range(rnd.randint(0, 2)):
            start = rnd.randrange(24)
            length = rnd.randint(1, 10)
            p = rnd.randrange(periods)
            for h in range(start, min(24, start + length)):
                row[h] = p
        rows.append(row)
    return rows


def _bounds(rnd, tiers, daily):
    bounds, top = [], 0
    for _ in range(tiers - 1):
        top += rnd.randint(2, 15) if daily else rnd.choice([50, 100, 150, 250, 400, 700, 1000, 2500])
        bounds.append(top)
    return bounds


def _energy(rnd, periods, tiers, daily):
    bounds = _bounds(rnd, tiers, daily)
    structure = []
    for _ in range(periods):
        row = []
        for t in range(tiers):
            tier = {"rate": _price(rnd, 0.04, 0.42, rnd.choice([3, 4, 5]))}
            if rnd.random() < 0.3:
                tier["adj"] = _price(rnd, -0.01, 0.03, 4)
            if t < tiers - 1:
                tier["max"] = bounds[t]
            if daily or rnd.random() < 0.5:
                tier["unit"] = "kWh daily" if daily else "kWh"
            row.append(tier)
        structure.append(row)
    return structure


def _demand(rnd, periods, tiers):
    bounds = _bounds(rnd, tiers, True)
    return [[dict({"rate": _price(rnd, 0.5, 22, 2)}, **({"max": bounds[t]} if t < tiers - 1 else {})) for t in range(tiers)] for _ in range(periods)]


def rate(rnd, kind):
    """A URDB rate of the given kind (one of KINDS)."""
    doc = {"label": f"gen-{kind}-{rnd.randrange(10**6):06d}", "name": f"Generated {kind.replace('_', ' ')}", "utility": "Differential Test Utility"}
    periods = {"flat": 1, "tiered": 1, "tiered_daily": 1, "tou": rnd.randint(2, 4), "tou_tiers": rnd.randint(2, 3)}.get(kind, rnd.randint(1, 3))
    tiers = {"flat": 1, "tou": 1, "tiered": rnd.randint(2, 4), "tiered_daily": rnd.randint(2, 3), "tou_tiers": rnd.randint(2, 3)}.get(kind, rnd.randint(1, 2))
    doc["energyratestructure"] = _energy(rnd, periods, tiers, kind == "tiered_daily")
    doc["energyweekdayschedule"] = _schedule(rnd, periods)
    doc["energyweekendschedule"] = _schedule(rnd, periods)
    if kind in ("flat_demand", "everything"):
        n = rnd.randint(1, 3)
        doc["flatdemandstructure"] = _demand(rnd, n, rnd.randint(1, 3))
        doc["flatdemandmonths"] = [rnd.randrange(n) for _ in range(12)]
        doc["flatdemandunit"] = "kW"
    if kind in ("tou_demand", "everything"):
        n = rnd.randint(1, 3)
        doc["demandratestructure"] = _demand(rnd, n, rnd.randint(1, 3))
        doc["demandweekdayschedule"] = _schedule(rnd, n)
        doc["demandweekendschedule"] = _schedule(rnd, n)
        doc["demandrateunit"] = "kW"
    if kind in ("fixed", "monthly_min", "annual_min", "everything"):
        doc["fixedchargefirstmeter"] = _price(rnd, 0, 40, 2)
        doc["fixedchargeunits"] = "$/month"
    if kind in ("monthly_min", "everything"):
        doc["mincharge"] = _price(rnd, 5, 400, 2)
        doc["minchargeunits"] = "$/month"
    if kind == "annual_min":
        doc["mincharge"] = _price(rnd, 100, 6000, 2)
        doc["minchargeunits"] = "$/year"
    if rnd.random() < 0.4:
        doc["dgrules"] = rnd.choice(["Net Metering", "Net Billing Instantaneous", "Net Billing Hourly", "Buy All Sell All"])
    return doc


def load(rnd, scale="typical", hours=8760):
    """Hourly kWh as Decimals (3 places): a daily shape, a season and noise, × the scale."""
    factor = SCALES[scale]
    out = []
    for h in range(hours):
        day, hour = divmod(h, 24)
        shape = 0.4 + (0.8 if 8 <= hour < 20 else 0.0) + (0.5 if 150 < day < 250 else 0.0)
        value = max(0.0, shape * rnd.uniform(0.2, 1.8) * float(factor))
        out.append(Decimal(f"{value:.3f}"))
    return out
