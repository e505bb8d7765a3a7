"""Regenerates the SAM-derived conformance cases, tests/conformance/annual-sam-*.json:
URDB rates and 8,760-hour loads drawn with a fixed seed (tests/sam/rates.py), each billed
by NREL SAM (PySAM's Utilityrate5, through PySAM's own URDB importer) and by gridcore. A
case holds the input, SAM's monthly figures with the PySAM version, and gridcore's bill as
`expected`; the script refuses to write a case where the two differ by more than 1e-6 $.
The Node and JVM suites then check the same numbers without PySAM.

    .venv/bin/python tools/sam_cases.py          # rewrite the cases
    .venv/bin/python tools/sam_cases.py --check  # fail if a committed case differs
"""

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "sam"))

import gridcore  # noqa: E402
import oracle  # noqa: E402
import rates  # noqa: E402

OUT = ROOT / "tests" / "conformance"
PREFIX = "annual-sam-"

# (kind, load scale, allocation or None for the rate's dgrules): every kind, both
# allocations where tiers and periods meet, and near-zero and very large loads.
PLAN = [
    ("flat", "typical", None), ("flat", "tiny", None), ("tiered", "typical", None), ("tiered", "large", None),
    ("tiered_daily", "typical", None), ("tou", "typical", None), ("tou", "large", None),
    ("tou_tiers", "typical", "proportional"), ("tou_tiers", "typical", "chronological"), ("tou_tiers", "large", "proportional"),
    ("tou_tiers", "large", "chronological"), ("tou_tiers", "tiny", "chronological"), ("flat_demand", "typical", None), ("flat_demand", "large", None),
    ("tou_demand", "typical", None), ("tou_demand", "tiny", None), ("fixed", "typical", None), ("fixed", "tiny", None),
    ("monthly_min", "tiny", None), ("monthly_min", "typical", None), ("annual_min", "tiny", None), ("annual_min", "typical", None),
    ("everything", "typical", "proportional"), ("everything", "large", "chronological"),
]


def case(i, kind, scale, allocation):
    rnd = random.Random(f"sam-case-{i}")
    urdb = rates.rate(rnd, kind)
    load = rates.load(rnd, scale)
    request = {"calendar": "sam", "hourly_kwh": [str(x) for x in load], "amounts": "unrounded"}
    if allocation:
        request["allocation"] = allocation
    sam = oracle.monthly(urdb, load, allocation)
    bill = json.loads(gridcore.bill_annual_json(gridcore.UrdbTariff.from_dict(urdb), json.dumps(request)).to_json())
    bad = oracle.differences(sam, bill)
    if bad:
        sys.exit(f"case {i} ({kind}, {scale}): gridcore and SAM differ: {bad[:5]}")
    name = f"{PREFIX}{i + 1:02d}-{kind.replace('_', '-')}-{scale}" + (f"-{allocation}" if allocation else "")
    return {
        "name": name,
        "kind": "annual_bill",
        "description": f"SAM-derived: a generated {kind.replace('_', ' ')} URDB rate, a {scale} 8760-hour load" + (f", {allocation} tiers" if allocation else ""),
        "checked": f"by NREL SAM: PySAM {oracle.VERSION} Utilityrate5 (URDBv8_to_ElectricityRates, zero generation, 1-year analysis); every month's energy, demand, fixed, minimum and total within 1e-6 $ of gridcore's unrounded figures",
        "sam": {"version": oracle.VERSION, **{c: sam[c] for c in oracle.COMPONENTS}},
        "input": {"urdb": urdb, "request": request},
        "expected": bill,
    }


def text(c):
    """indent=1 like the other cases, with the 8,760 hours on one line."""
    hours = c["input"]["request"]["hourly_kwh"]
    c["input"]["request"]["hourly_kwh"] = "@HOURS@"
    body = json.dumps(c, ensure_ascii=False, indent=1)
    c["input"]["request"]["hourly_kwh"] = hours
    return body.replace('"@HOURS@"', json.dumps(hours, separators=(",", ":"))) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    stale, names = [], set()
    for i, (kind, scale, allocation) in enumerate(PLAN):
        c = case(i, kind, scale, allocation)
        names.add(c["name"])
        path = OUT / f"{c['name']}.json"
        body = text(c)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != body:
                stale.append(path.name)
        else:
            path.write_text(body, encoding="utf-8")
    for old in OUT.glob(f"{PREFIX}*.json"):
        if old.stem not in names:
            stale.append(old.name) if check else old.unlink()
    if stale:
        sys.exit(f"SAM cases differ from tools/sam_cases.py: {', '.join(stale)}")
    print(f"{len(PLAN)} SAM-derived cases in {OUT.relative_to(ROOT)}, each within 1e-6 $ of SAM {oracle.VERSION}" + (" and as committed" if check else ""))


if __name__ == "__main__":
    main()
