# Zeinet — the two commands of the README, and a few helpers.
#   make dev    install what is missing, start the mock API and `trunk serve`
#   make test   install what is missing, run every check and test, end with "N passed, N failed"
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: dev test bootstrap release fmt lint serve-release screenshots bench fuzz

dev:
	@scripts/bootstrap.sh rust
	@scripts/dev.sh

test:
	@scripts/bootstrap.sh rust browser contract
	@scripts/test.sh

bootstrap:
	@scripts/bootstrap.sh rust browser

# The release build Playwright tests and a deployment serve (dist/).
release:
	@scripts/bootstrap.sh rust
	scripts/release-build.sh

# Serve the release build with the mock API, as in production (http://127.0.0.1:8081).
serve-release: release
	cargo run -p mock-api -- --dev --static dist

fmt:
	leptosfmt --quiet src
	cargo fmt --all

lint:
	cargo fmt --all --check
	leptosfmt --check --quiet src
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p zeinet -p zeinet-domain --target wasm32-unknown-unknown --all-targets -- -D warnings

# Screenshots of the main screens (kk, ru × 1280, 360 px) into target/screenshots/.
screenshots:
	@scripts/bootstrap.sh rust browser
	cargo build -p mock-api
	scripts/release-build.sh
	cd tests/e2e && node screenshots.mjs

# The performance bench (not part of `make test`): size, first load, the applications table
# against a plain-JS baseline, memory, Lighthouse → one table and target/bench/results.json.
bench:
	@bench/run.sh

# Contract-free fuzzing of the domain crate (cargo-fuzz, nightly; not part of `make test`):
# every target of fuzz/ for FUZZ_SECONDS (default 60) each, "clean" or the crash artifact.
fuzz:
	@scripts/fuzz.sh
