#!/usr/bin/env python3
"""Checks the core's architecture from its `use crate::…` imports (docs/architecture.md):

* no import cycle between files of the core;
* the shared base (`core/src/base/`) imports nothing of the crate outside the base;
* no domain (`billing/`, `customer/`, `points/`, `messaging/`, and the ones to come)
  imports another domain: a domain that needs another's output receives it as data;
* a job (`ebill.rs`, the e-bill centre) joins domains' outputs: it may import any domain,
  and no domain imports it;
* inside `billing/`, the data model (`billing/model/`) imports no other billing file;
* no core file is longer than MAX_LINES.

    python3 tools/import_graph.py          # prints the graph's layers; exits 1 on a violation

Paths written `crate::…` or `super::…` count (`super::` resolved to the file's own
folder). A file's test module (after its `#[cfg(test)]`) counts for the layer rules but
not for cycles: a test may use the module that the code under test serves.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "core" / "src"
MAX_LINES = 700
# Modules of the crate root that are neither base nor a domain: the crate's map, and the
# test and fuzz generators, which by their nature see every domain.
TOOLS = {"lib", "testing", "fuzzing"}
# Crate-root modules that join the outputs of several domains (the e-bill centre: a bill,
# its explanations and comparison from billing, rendered by messaging).
JOBS = {"ebill"}


def module_of(path: pathlib.Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "mod":
        parts = parts[:-1]
    return "::".join(parts) or "lib"


def files():
    return {module_of(p): p for p in sorted(SRC.rglob("*.rs"))}


def imports(path: pathlib.Path, mods: dict, tests: bool) -> set:
    text = path.read_text(encoding="utf-8")
    code, _, test = text.partition("#[cfg(test)]")
    text = test if tests else code
    text = re.sub(r"//[^\n]*", "", text)  # comments (doc examples mention paths too)
    me = module_of(path)
    here = me.split("::")[:-1] if path.name != "mod.rs" else me.split("::")
    found = set()
    for m in re.finditer(r"\b(crate|super)::([a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)", text):
        base = [] if m.group(1) == "crate" else here[:-1] if path.name == "mod.rs" else here
        segs = base + m.group(2).split("::")
        # The longest prefix that names a file of the crate.
        for n in range(len(segs), 0, -1):
            name = "::".join(segs[:n])
            if name in mods and name != me:
                found.add(name)
                break
    return found


def layer(mod: str) -> str:
    top = mod.split("::")[0]
    return "tool" if top in TOOLS else "job" if top in JOBS else top


def main():
    mods = files()
    graph = {m: imports(p, mods, tests=False) for m, p in mods.items()}
    errors = []
    for m, deps in graph.items():
        for d in deps | imports(mods[m], mods, tests=True):
            lm, ld = layer(m), layer(d)
            if lm == "tool" or lm == ld or (lm == "job" and ld != "tool"):
                continue
            if ld == "job":
                errors.append(f"{m} imports the job {d}: jobs sit above the domains")
                continue
            if lm == "base":
                errors.append(f"the base imports {d} ({m})")
            elif ld != "base":
                errors.append(f"domain {lm} imports domain {ld} ({m} → {d})")
        in_model = lambda x: x == "billing::model" or x.startswith("billing::model::")
        if in_model(m) and any(layer(d) == "billing" and not in_model(d) for d in deps):
            errors.append(f"{m} imports {sorted(d for d in deps if layer(d) == 'billing' and not in_model(d))}")
    # Cycles, by depth-first search.
    state = {}
    def visit(m, stack):
        state[m] = "open"
        for d in sorted(graph[m]):
            if state.get(d) == "open":
                errors.append("import cycle: " + " → ".join(stack[stack.index(d):] + [d]))
            elif d not in state:
                visit(d, stack + [d])
        state[m] = "done"
    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    for m, p in mods.items():
        n = sum(1 for _ in p.open(encoding="utf-8"))
        if n > MAX_LINES:
            errors.append(f"{p.relative_to(ROOT)} has {n} lines (at most {MAX_LINES})")
    layers = {}
    for m in mods:
        layers.setdefault(layer(m), []).append(m)
    for name in sorted(layers):
        print(f"{name}: {', '.join(sorted(layers[name]))}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    print(f"{len(mods)} files, {sum(len(d) for d in graph.values())} imports: no cycle, the base stands alone, no domain imports another")


if __name__ == "__main__":
    main()
