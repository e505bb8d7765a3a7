# gridcore — the two commands: `make demo` and `make test`. Both set up what they need
# (a Python venv with pinned tools, the native extension) and are safe to re-run.

CARGO ?= cargo
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export CARGO_TERM_COLOR ?= never

.PHONY: demo test test-rust test-python test-node python-ext node-addon conformance-data bench bench-python bench-node doc clean

## Build the engine and run the monthly billing run on the bundled sample data.
demo: python-ext node-addon
	$(CARGO) run --release --quiet --example billing_run
	$(PY) examples/python/billing_run.py
	$(TSC) -p examples/node
	node target/node-demo/examples/node/billing_run.js

## Every test suite: Rust (unit, property, doc, conformance), Python and Node.
test: test-rust test-python test-node

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

NODE := bindings-node
TSC := $(NODE)/node_modules/.bin/tsc

$(NODE)/node_modules/.installed: $(NODE)/package-lock.json
	# `npm install` against the committed lockfile: npm 11 rejects its own lockfile in
	# `npm ci` when ~/.npmrc sets omit-lockfile-registry-resolved (as this image does).
	cd $(NODE) && npm install --no-audit --no-fund --loglevel=error
	touch $@

# `gridcore` resolves to the local package for the examples and tests outside it.
node_modules/gridcore:
	mkdir -p node_modules && ln -sfn ../$(NODE) node_modules/gridcore

## Build the native addon; in CI, fail if the generated loader or types changed.
node-addon: $(NODE)/node_modules/.installed node_modules/gridcore
	cd $(NODE) && npx napi build --platform --release --js index.js --dts index.d.ts
	if [ -n "$$CI" ]; then git diff --exit-code -- $(NODE)/index.js $(NODE)/index.d.ts || \
		{ echo "index.js/index.d.ts changed when regenerated: rebuild and commit them"; exit 1; }; fi

test-node: node-addon
	cd $(NODE) && node --test __tests__/ ../tests/node/
	$(TSC) -p examples/node --noEmit

## Regenerate the sample requests and the conformance inputs from their scripts.
conformance-data:
	$(PYTHON) tools/sample_data.py
	$(PYTHON) tools/conformance_cases.py

## Benchmarks; figures are recorded in docs/performance.md.
bench:
	$(CARGO) bench -p gridcore --bench billing

bench-python: python-ext
	$(PY) benches/python/bench_bill_many.py

bench-node: node-addon
	node benches/node/bench_bill_many.mjs

doc:
	$(CARGO) doc --no-deps -p gridcore --all-features

clean:
	$(CARGO) clean
	rm -rf $(VENV) node_modules $(NODE)/node_modules
