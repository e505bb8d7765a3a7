#!/usr/bin/env python3
"""Runs the code examples of README.md and docs/*.md, so that an example which drifts
from the API fails `make test` (issue 18).

Convention (docs/conformance.md, "Examples in the docs"): the fenced blocks of one
language in one document are one program, run in document order from the repository's
root, like a notebook. A block is left out only when the line before its fence is
`<!-- example: not run -->` (shell sessions, JSON and SQL are never run).

    doc_examples.py python            run the Python programs (the venv's interpreter)
    doc_examples.py ts OUT            write, compile with tsc and run the TypeScript/JS ones
    doc_examples.py jvm OUT           write the Kotlin and Java ones as JUnit tests under
                                      OUT/kotlin and OUT/java (Maven compiles and runs them)
    doc_examples.py list              show what would run
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
from dataclasses import dataclass
from typing import Dict, List

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LANGS = {"python": "python", "py": "python", "ts": "ts", "typescript": "ts", "js": "ts",
         "javascript": "ts", "java": "java", "kotlin": "kotlin", "kt": "kotlin"}
SKIP = "<!-- example: not run -->"
FENCE = re.compile(r"^```(\w+)\s*$")


@dataclass
class Block:
    doc: pathlib.Path
    lang: str
    line: int  # 1-based line of the first code line
    code: List[str]


def blocks(doc: pathlib.Path) -> List[Block]:
    out: List[Block] = []
    lines = doc.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        lang = LANGS.get(m.group(1).lower())
        skipped = i > 0 and lines[i - 1].strip() == SKIP
        j = i + 1
        while j < len(lines) and lines[j].rstrip() != "```":
            j += 1
        if j == len(lines):
            raise SystemExit(f"{doc.relative_to(ROOT)}:{i + 1}: code fence never closed")
        if lang and not skipped:
            out.append(Block(doc, lang, i + 2, lines[i + 1 : j]))
        i = j + 1
    return out


def programs(lang: str) -> Dict[pathlib.Path, List[Block]]:
    found: Dict[pathlib.Path, List[Block]] = {}
    for doc in DOCS:
        bs = [b for b in blocks(doc) if b.lang == lang]
        if bs:
            found[doc] = bs
    return found


def stem(doc: pathlib.Path) -> str:
    """README.md -> Readme, docs/tariff-format.md -> TariffFormat (a class name)."""
    return "".join(p.capitalize() for p in re.split(r"[^A-Za-z0-9]+", doc.stem) if p)


def rel(doc: pathlib.Path) -> str:
    return str(doc.relative_to(ROOT))


# --- Python: each block at its own line numbers, so a traceback points into the doc ---

def python_source(bs: List[Block]) -> str:
    lines: List[str] = []
    for b in bs:
        while len(lines) < b.line - 1:
            lines.append("")
        lines.extend(b.code)
    return "\n".join(lines) + "\n"


def run_python() -> int:
    failed = 0
    for doc, bs in programs("python").items():
        # Compiled under the document's name: a traceback reads "README.md", line 42.
        boot = f"import sys; exec(compile(sys.stdin.read(), {rel(doc)!r}, 'exec'), {{'__name__': '__main__'}})"
        r = subprocess.run([sys.executable, "-c", boot], input=python_source(bs), cwd=ROOT,
                           capture_output=True, text=True)
        failed += report(doc, "python", r)
    return failed


# --- TypeScript: imports hoisted, the rest inside an async main (top-level await) ---

IMPORT_TS = re.compile(r"^import\s.+from\s+['\"][^'\"]+['\"]\s*;?\s*$")


def ts_source(doc: pathlib.Path, bs: List[Block]) -> str:
    imports: List[str] = []
    body: List[str] = []
    for b in bs:
        body.append(f"  // {rel(doc)}:{b.line}")
        for line in b.code:
            if IMPORT_TS.match(line):
                imports.append(line)
            else:
                body.append("  " + line)
    head = list(dict.fromkeys(imports))
    return "\n".join(head + ["", "async function main(): Promise<void> {", *body, "}", "",
                             "main().catch((e) => { console.error(e); process.exit(1) })", ""])


def run_ts(out: pathlib.Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for doc, bs in programs("ts").items():
        f = out / f"{stem(doc)}.ts"
        f.write_text(ts_source(doc, bs), encoding="utf-8")
        files.append((doc, f))
    types = os.path.relpath(ROOT / "bindings-node" / "node_modules" / "@types", out)
    (out / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {"target": "ES2022", "module": "commonjs", "moduleResolution": "node",
                            "strict": True, "esModuleInterop": True, "types": ["node"],
                            "typeRoots": [types], "outDir": "js", "rootDir": "."},
        "files": [f.name for _, f in files]}, indent=2), encoding="utf-8")
    tsc = ROOT / "bindings-node" / "node_modules" / ".bin" / "tsc"
    r = subprocess.run([str(tsc), "-p", str(out)], capture_output=True, text=True)
    if r.returncode:
        print(r.stdout + r.stderr, file=sys.stderr)
        print(f"FAIL: the TypeScript examples do not compile (sources in {out})", file=sys.stderr)
        return 1
    failed = 0
    for doc, f in files:
        r = subprocess.run(["node", str(out / "js" / f.with_suffix(".js").name)], cwd=ROOT,
                           capture_output=True, text=True)
        failed += report(doc, "ts", r)
    return failed


# --- Kotlin and Java: one JUnit test per document, run by Maven from the root ---

IMPORT_JVM = re.compile(r"^(import\s+[\w.*]+\s*;?)\s*(//.*)?$")
JAVA_IMPORTS = ["io.gridcore.*", "java.math.BigDecimal", "java.nio.file.Files", "java.nio.file.Path",
                "java.time.LocalDate", "java.time.LocalDateTime", "java.util.List", "java.util.Map"]
KOTLIN_IMPORTS = ["io.gridcore.*", "java.io.File", "java.math.BigDecimal", "java.time.LocalDate",
                  "java.time.LocalDateTime"]


def jvm_source(doc: pathlib.Path, bs: List[Block], java: bool) -> str:
    end = ";" if java else ""
    imports = [f"import {i}" for i in (JAVA_IMPORTS if java else KOTLIN_IMPORTS)]
    body: List[str] = []
    for b in bs:
        body.append(f"        // {rel(doc)}:{b.line}")
        for line in b.code:
            m = IMPORT_JVM.match(line.strip())
            if m:
                imports.append(m.group(1).strip().rstrip(";"))
            else:
                body.append("        " + line)
    imports.append("import org.junit.jupiter.api.Test")
    head = ["package io.gridcore.docs" + end, *(i + end for i in dict.fromkeys(imports)), ""]
    name = f"{stem(doc)}{'Java' if java else 'Kotlin'}ExampleTest"
    if java:
        return "\n".join(head + [f"/** The Java examples of {rel(doc)}, as written there. */",
                                 f"class {name} {{", "    @Test", "    void runs() throws Exception {",
                                 *body, "    }", "}", ""])
    return "\n".join(head + [f"/** The Kotlin examples of {rel(doc)}, as written there. */",
                             f"class {name} {{", "    @Test", "    fun runs() {", *body, "    }", "}", ""])


def emit_jvm(out: pathlib.Path) -> int:
    for lang, java in (("kotlin", False), ("java", True)):
        d = out / lang / "io" / "gridcore" / "docs"
        d.mkdir(parents=True, exist_ok=True)
        for old in d.iterdir():
            old.unlink()
        for doc, bs in programs(lang).items():
            name = f"{stem(doc)}{'Java' if java else 'Kotlin'}ExampleTest.{'java' if java else 'kt'}"
            (d / name).write_text(jvm_source(doc, bs, java), encoding="utf-8")
    return 0


def report(doc: pathlib.Path, lang: str, r: subprocess.CompletedProcess) -> int:
    if r.returncode == 0:
        print(f"ok   {lang:6} {rel(doc)}")
        return 0
    print(f"FAIL {lang:6} {rel(doc)}\n{r.stdout}{r.stderr}", file=sys.stderr)
    return 1


def main(argv: List[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = argv[0]
    if cmd == "list":
        for lang in ("python", "ts", "kotlin", "java"):
            for doc, bs in programs(lang).items():
                print(f"{lang:6} {rel(doc)}: lines {', '.join(str(b.line) for b in bs)}")
        return 0
    if cmd == "python":
        return 1 if run_python() else 0
    if cmd == "ts":
        return 1 if run_ts(pathlib.Path(argv[1]).resolve()) else 0
    if cmd == "jvm":
        return emit_jvm(pathlib.Path(argv[1]).resolve())
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
