# gridcore — the two commands: `make demo` and `make test`. Both set up what they need.
# Everything else here is a helper they call.

CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: demo test test-rust conformance-data bench doc clean

## Build the engine and run the monthly billing run on the bundled sample data.
demo:
	$(CARGO) run --release --quiet --example billing_run

## Every test suite: Rust unit, property, doc and conformance tests.
test: test-rust

test-rust:
	python3 tools/conformance_cases.py --check
	$(CARGO) test --workspace --all-features --locked

## Regenerate the sample requests and the conformance inputs from their scripts.
conformance-data:
	python3 tools/sample_data.py
	python3 tools/conformance_cases.py

## Benchmarks (criterion); figures are recorded in docs/performance.md.
bench:
	$(CARGO) bench -p gridcore --bench billing

doc:
	$(CARGO) doc --no-deps -p gridcore --all-features

clean:
	$(CARGO) clean
