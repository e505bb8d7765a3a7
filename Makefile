# gridcore — the two commands: `make demo` and `make test`. Both set up what they need
# (a Python venv with pinned tools, the native extension) and are safe to re-run.

CARGO ?= cargo
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export CARGO_TERM_COLOR ?= never

.PHONY: demo test test-rust test-python python-ext conformance-data bench bench-python doc clean

## Build the engine and run the monthly billing run on the bundled sample data.
demo: python-ext
	$(CARGO) run --release --quiet --example billing_run
	$(PY) examples/python/billing_run.py

## Every test suite: Rust (unit, property, doc, conformance) and Python.
test: test-rust test-python

test-rust:
	$(PYTHON) tools/conformance_cases.py --check
	$(CARGO) test -p gridcore --all-features --locked

# The venv is rebuilt only when the pinned requirements change.
$(VENV)/.installed: bindings-python/requirements-test.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r bindings-python/requirements-test.txt
	touch $@

## Build the native module into the venv (incremental: a no-op when nothing changed).
python-ext: $(VENV)/.installed
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked --quiet -m bindings-python/Cargo.toml

test-python: python-ext
	$(PY) -m pytest -q -p no:cacheprovider bindings-python/tests tests/python
	$(PY) -m pytest -q -p no:cacheprovider --doctest-modules bindings-python/python/gridcore
	$(PY) -m mypy.stubtest gridcore --allowlist bindings-python/mypy-stubtest-allowlist.txt

## Regenerate the sample requests and the conformance inputs from their scripts.
conformance-data:
	$(PYTHON) tools/sample_data.py
	$(PYTHON) tools/conformance_cases.py

## Benchmarks; figures are recorded in docs/performance.md.
bench:
	$(CARGO) bench -p gridcore --bench billing

bench-python: python-ext
	$(PY) benches/python/bench_bill_many.py

doc:
	$(CARGO) doc --no-deps -p gridcore --all-features

clean:
	$(CARGO) clean
	rm -rf $(VENV)
