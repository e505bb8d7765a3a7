#!/usr/bin/env python3
"""Writes the fuzz seeds (fuzz/seeds/<target>/) from the conformance cases' inputs.

Every document kind the engine parses gets the conformance cases' documents of that kind
as seeds, so libFuzzer starts from valid inputs and mutates them into invalid ones. The
seeds are committed; `make test` replays them (and fuzz/regressions/, every input that
once failed) through the same checks, and `make fuzz` grows a working corpus from them in
fuzz/corpus/ (not committed).

    python3 tools/fuzz_seeds.py
"""
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "conformance"
OUT = ROOT / "fuzz" / "seeds"
LIMIT = 20_000  # bytes: big interval documents add nothing the small ones lack


def main():
    seeds = {}

    def add(target, doc):
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        if len(text.encode()) <= LIMIT:
            seeds.setdefault(target, set()).add(text)

    for path in sorted(CASES.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        kind, i = case["kind"], case["input"]
        if kind == "bill":
            add("bill_request", i)
            add("tariff", i["tariff"])
        elif kind == "tariff":
            add("tariff", i)
        elif kind == "late_fee":
            add("late_fee", i)
        elif kind == "points":
            add("points_rules", i["rules"])
            for step in i["steps"]:
                if "event" in step:
                    add("points_event", step["event"])
                else:
                    add("points_operation", step["operation"])
            if "entries" in case.get("expected", {}):
                add("ledger", {"customer_id": i["customer_id"], "entries": case["expected"]["entries"]})
        elif kind == "notice":
            if i["templates"] == "builtin":
                add("notice", {k: i[k] for k in ("code", "channel", "locale", "values")})
            else:
                add("template_set", i["templates"])
        elif kind == "delivery":
            add("delivery", i)
        elif "config" in i:
            add("customer_config", i["config"])
            for key in ("customer", "primary", "other"):
                if key in i:
                    add("customer", i[key])
            for c in i.get("customers", []):
                add("customer", c)
    if OUT.exists():
        shutil.rmtree(OUT)
    for target, texts in sorted(seeds.items()):
        folder = OUT / target
        folder.mkdir(parents=True)
        for text in sorted(texts):
            (folder / hashlib.sha1(text.encode()).hexdigest()[:16]).write_text(text, encoding="utf-8")
    print(", ".join(f"{t} {len(s)}" for t, s in sorted(seeds.items())))


if __name__ == "__main__":
    main()
