#!/usr/bin/env bash
# `make bench`: the performance bench of issue 6 (not part of `make test`: timings are not
# deterministic). Installs what is missing, builds the release app into target/bench/dist,
# then bench/run.mjs serves it with the mock API (port 18090), measures size, first load,
# the applications table against the plain-JS baseline (bench/baseline/), memory and
# Lighthouse, prints one table and writes target/bench/results.json. See bench/README.md.
#   BENCH_SKIP_BUILD=1   measure the existing target/bench/dist (no trunk build)
#   BENCH_RUNS=15 BENCH_PORT=18090 BENCH_DETAILS_LIMIT=1000 BENCH_LIGHTHOUSE=0   see run.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
out=target/bench
mkdir -p "$out"
started=$(date +%s)

scripts/bootstrap.sh rust browser
if [ ! -d bench/node_modules/lighthouse ] || [ ! -d bench/node_modules/playwright-core ] \
   || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  echo "bench: installing bench/'s npm packages (lighthouse, playwright-core; no browser download)"
  (cd bench && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi
if [ ! -x target/debug/mock-api ]; then
  echo "bench: building the mock API"
  cargo build -p mock-api --locked
fi
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: scripts/release-build.sh --dist $out/dist (log: $out/build.log)"
  t0=$(date +%s)
  if ! scripts/release-build.sh --dist "$out/dist" >"$out/build.log" 2>&1; then
    tail -n 40 "$out/build.log"
    echo "bench: the release build failed" >&2
    exit 1
  fi
  echo "bench: built in $(( $(date +%s) - t0 ))s"
fi

node bench/run.mjs
echo "bench: make bench took $(( $(date +%s) - started ))s"
