#!/usr/bin/env python3
"""Installs the three packages of `make dist` the way a user would, in a fresh directory
outside the checkout, and runs the README's three jobs with each (issue 18):

- the abi3 wheel into a new venv (`pip install --no-index gridcore-*.whl`);
- the npm tarball into a new Node project (`npm install ./gridcore-0.1.0.tgz`);
- the jar with its two runtime jars on a plain `javac` / `java` classpath.

The three must print the same lines: the same bill, points and SMS in every language.

    run.py DIST_DIR
"""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXPECTED = ["bill 168.40", "points 16 6"]


def run(cmd, cwd, **kw) -> str:
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)
    if r.returncode:
        sys.exit(f"FAIL: {' '.join(map(str, cmd))} (in {cwd})\n{r.stdout}{r.stderr}")
    return r.stdout


def place(tmp: pathlib.Path, name: str) -> pathlib.Path:
    d = tmp / name
    (d / "data").mkdir(parents=True)
    shutil.copy(ROOT / "examples/data/tariffs/zj-residential-tiered.json", d / "data")
    shutil.copy(ROOT / "examples/data/points/rules.json", d / "data")
    return d


def main(dist: pathlib.Path) -> int:
    wheel = next(dist.glob("gridcore-*.whl"))
    tarball = next(dist.glob("gridcore-*.tgz"))
    jars = sorted((dist / "java").glob("*.jar"))
    with tempfile.TemporaryDirectory(prefix="gridcore-dist-") as t:
        tmp = pathlib.Path(t)
        assert ROOT not in tmp.parents, "the install test must run outside the checkout"
        out = {}

        py = place(tmp, "python")
        run([sys.executable, "-m", "venv", "venv"], py)
        run([py / "venv/bin/pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", wheel], py)
        shutil.copy(HERE / "jobs.py", py)
        out["python"] = run([py / "venv/bin/python", "jobs.py"], py)

        node = place(tmp, "node")
        (node / "package.json").write_text('{"name": "gridcore-dist-test", "private": true, "type": "module"}\n')
        run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--offline", tarball], node)
        shutil.copy(HERE / "jobs.mjs", node)
        out["node"] = run(["node", "jobs.mjs"], node)

        java = place(tmp, "java")
        cp = ":".join(map(str, jars))
        run(["javac", "-cp", cp, "-d", "classes", HERE / "Jobs.java"], java)
        out["java"] = run(["java", "-cp", f"classes:{cp}", "Jobs"], java)

    first = out["python"].splitlines()
    for lang, text in out.items():
        lines = text.splitlines()
        print(f"{lang:6}", " | ".join(lines))
        if lines[:2] != EXPECTED or lines != first:
            sys.exit(f"FAIL: {lang} printed {lines}, expected {EXPECTED} and the same SMS as Python ({first[2:]})")
    print(f"ok: the wheel, the npm tarball and the jar from {dist} give the same bill, points and SMS")
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]).resolve()))
