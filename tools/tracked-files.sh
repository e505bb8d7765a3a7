#!/usr/bin/env bash
# `save` records the state of every tracked file; `check` fails if any changed since.
# `make test` brackets its suites with them, so CI fails when a build or a test rewrites
# a tracked file (a lockfile, generated code, a conformance case). Outside a git
# checkout it does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
git rev-parse --git-dir >/dev/null 2>&1 || exit 0
mkdir -p target
state() { git diff HEAD --binary | sha256sum; git ls-files --deleted | sha256sum; }
case "${1:-}" in
  save) state > target/tracked-files.state ;;
  check)
    if ! state | cmp -s - target/tracked-files.state; then
      echo "tracked files changed during the run:" >&2
      git status --short --untracked-files=no >&2
      exit 1
    fi ;;
  *) echo "usage: $0 save|check" >&2; exit 2 ;;
esac
