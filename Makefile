# gridcore — the two commands: `make demo` and `make test`. Both set up what they need
# (a Python venv with pinned tools, the native extension) and are safe to re-run.

CARGO ?= cargo
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export CARGO_TERM_COLOR ?= never
SHELL := /bin/bash


.PHONY: mobile-lib
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := tariff bill_request late_fee customer customer_config points_rules points_event points_operation ledger template_set notice delivery

.PHONY: test-browser ebill-screenshots browser-deps dist test-dist fuzz peak-memory demo demo-spark bench-urdb bench-spark test test-rust test-python test-node test-jvm python-ext node-addon jvm swift conformance-data bench bench-python bench-node bench-jvm doc clean

## Build the engine and run the monthly billing run on the bundled sample data.
demo: python-ext node-addon jvm
	$(CARGO) run --release --quiet --example billing_run
	$(PY) examples/python/billing_run.py
	$(TSC) -p examples/node
	node target/node-demo/examples/node/billing_run.js
	java -cp "$$(cat $(JVM)/target/classpath.txt)" examples/java/BillingRun.java

## Every test suite: Rust (unit, property, doc, conformance), Python, Node, Kotlin and Java.
test:
	tools/tracked-files.sh save
	$(MAKE) test-rust test-python test-node test-jvm test-browser test-dist
	tools/tracked-files.sh check

test-rust:
	$(PYTHON) tools/conformance_cases.py --check
	$(PYTHON) tools/import_graph.py
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
	$(PY) -m pytest -q -p no:cacheprovider bindings-python/tests tests/python tests/sam tests/spark
	$(PY) -m pytest -q -p no:cacheprovider --doctest-modules bindings-python/python/gridcore
	$(PY) -m mypy.stubtest gridcore --allowlist bindings-python/mypy-stubtest-allowlist.txt
	$(PY) tools/doc_examples.py python

NODE := bindings-node
TSC := $(NODE)/node_modules/.bin/tsc

$(NODE)/node_modules/.installed: $(NODE)/package-lock.json
	# `npm ci`: exactly the committed lockfile, which it never rewrites.
	cd $(NODE) && npm ci --no-audit --no-fund --loglevel=error
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
	$(PYTHON) tools/doc_examples.py ts target/doc-examples/ts

JVM := bindings-mobile/jvm
MVN := mvn -B -q
BINDGEN := target/release/uniffi-bindgen
MOBILE_LIB := target/release/libgridcore_mobile.so

# The cdylib and a uniffi-bindgen built from the same lockfile, so generated code and
# scaffolding always agree (Maven runs the same build for the jar).
mobile-lib:
	$(CARGO) build --release --locked -p gridcore-mobile -p uniffi-bindgen

## The jar: Maven builds the cdylib and the bindgen, generates the Kotlin bindings and
## packs the native library (see bindings-mobile/jvm/pom.xml); then write the runtime
## classpath for the Java demo and benchmark.
jvm:
	cd $(JVM) && $(MVN) compile dependency:build-classpath -Dmdep.outputFile=target/deps.txt -Dmdep.includeScope=runtime
	echo "$(abspath $(JVM))/target/classes:$$(cat $(JVM)/target/deps.txt)" > $(JVM)/target/classpath.txt

test-jvm: jvm
	$(CARGO) test --release --locked -p gridcore-mobile --test wire_text
	cd $(JVM) && mvn -B test | grep -E "Tests run:|FAIL|ERROR|BUILD" ; test $${PIPESTATUS[0]} -eq 0
	java -cp "$$(cat $(JVM)/target/classpath.txt)" examples/java/BatchRun.java 2000

BROWSER := tests/browser
CHROMIUM ?= /usr/bin/chromium

## Debian's Chromium and CJK fonts for the browser tests: installed when missing where
## this user may (root with apt-get), else the one command to run is printed.
browser-deps:
	@if [ ! -x $(CHROMIUM) ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
			echo "installing chromium and fonts-noto-cjk (Debian packages)"; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk > /dev/null || \
			{ apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk > /dev/null; }; \
		else echo "the browser tests need Chromium and CJK fonts: sudo apt-get install chromium fonts-noto-cjk"; exit 1; fi; \
	fi

$(BROWSER)/node_modules/.installed: $(BROWSER)/package-lock.json
	cd $(BROWSER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## The e-bills in headless Chromium at 360 px and A4 (screenshots in target/browser/).
test-browser: browser-deps node-addon $(BROWSER)/node_modules/.installed
	CHROMIUM=$(CHROMIUM) node --test $(BROWSER)/

## Refresh the committed screenshots in docs/images/ from a browser test run.
ebill-screenshots: test-browser
	mkdir -p docs/images && cp target/browser/ebill-*.png docs/images/

DIST := target/dist

## The packages a user installs from files: the abi3 wheel, the npm tarball (with its
## native addon) and the jar (with its native library) beside its two runtime jars.
dist: python-ext node-addon jvm
	rm -rf $(DIST) && mkdir -p $(DIST)/java
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin build --release --locked --quiet -m bindings-python/Cargo.toml --out $(DIST)
	cd $(NODE) && npm pack --silent --pack-destination $(abspath $(DIST)) > /dev/null
	cd $(JVM) && $(MVN) jar:jar dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=$(abspath $(DIST))/java
	cp $(JVM)/target/gridcore-*.jar $(DIST)/java/

## Each package installed outside the checkout, running the README's three jobs.
test-dist: dist
	$(PYTHON) tests/dist/run.py $(DIST)

## Swift: the generated Swift file, C header and modulemap (no Swift toolchain here:
## docs/mobile.md says how to build an XCFramework on macOS).
swift: mobile-lib
	$(BINDGEN) generate $(MOBILE_LIB) --language swift --out-dir target/swift

## Fuzz every parser for FUZZ_SECONDS each (libFuzzer through cargo fuzz, on stable with
## no sanitizer), starting from fuzz/seeds; a failing input lands in fuzz/artifacts/<target>/
## (copy it to fuzz/regressions/<target>/ once fixed: `make test` replays those).
fuzz:
	test -x target/tools/bin/cargo-fuzz || $(CARGO) install cargo-fuzz --locked --quiet --root target/tools
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		mkdir -p corpus/$$t && cp -n seeds/$$t/* corpus/$$t/ 2>/dev/null; \
		PATH="$(abspath target/tools/bin):$$PATH" cargo fuzz run -s none --release $$t corpus/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|SUMMARY|ERROR|panicked" ; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done
	GRIDCORE_SIM_STEPS=2000000 $(CARGO) test --release -p gridcore --all-features --test points_simulation

## Regenerate the sample requests and the conformance inputs from their scripts.
conformance-data:
	$(PYTHON) tools/sample_data.py
	$(PYTHON) tools/conformance_cases.py
	$(PYTHON) tools/fuzz_seeds.py

## Peak memory of the largest request the engine accepts, in each language
## (docs/reliability.md); needs the Python, Node and JVM builds.
peak-memory: python-ext node-addon jvm
	$(CARGO) build --release --quiet --example bill_file
	$(PY) tools/peak_memory.py

## Benchmarks; figures are recorded in docs/performance.md.
bench:
	$(CARGO) bench -p gridcore --bench billing --bench customer --bench points --bench messaging

## URDB annual bills side by side: the Rust core (criterion), then SAM and the Python binding.
bench-urdb: python-ext
	$(CARGO) bench -p gridcore --bench urdb
	$(PY) benches/python/urdb_vs_sam.py

bench-python: python-ext
	$(PY) benches/python/bench_bill_many.py

## The Spark billing job on 1,000,000 generated account-months, local[1] and local[2].
bench-spark: python-ext
	$(PY) benches/spark/bench_spark_job.py

## A small Spark billing run (a few thousand generated account-months) and its summary.
demo-spark: python-ext
	$(PY) examples/spark/demo.py

bench-node: node-addon
	node benches/node/bench_bill_many.mjs

## JMH (benches/jvm) after the Rust core's own 100,000-bill batch, so that both figures
## come from the same run. JMH_ARGS picks benchmarks or options, e.g. JMH_ARGS=tariffId.
JMH_ARGS ?=
bench-jvm: jvm
	$(CARGO) bench -p gridcore --bench billing -- "billing_run|residential_3_tier_bill|industrial_two_part"
	cd $(JVM) && $(MVN) install -Dmaven.test.skip=true
	cd benches/jvm && $(MVN) package dependency:build-classpath -Dmdep.outputFile=target/deps.txt
	java -Dgridcore.root=$(CURDIR) -cp "benches/jvm/target/classes:$$(cat benches/jvm/target/deps.txt)" org.openjdk.jmh.Main $(JMH_ARGS)

doc:
	$(CARGO) doc --no-deps -p gridcore --all-features

clean:
	$(CARGO) clean
	rm -rf $(VENV) node_modules $(NODE)/node_modules
