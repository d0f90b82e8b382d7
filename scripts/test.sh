#!/usr/bin/env bash
# `make test`: every check and test, one after another, each logged to target/test-logs/.
# A failing stage does not stop the others (one run shows everything that is wrong); the
# last line is "N passed, N failed", and the exit status is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
logs=target/test-logs
mkdir -p "$logs"

passed=0
failed=0
failures=()
started=$(date +%s)

# Adds the "test result:" counts of a cargo/wasm-bindgen-test log; 0 tests counts as a failure
# of the stage (a test command that runs nothing proves nothing).
count_cargo_tests() {
  local log=$1 p f
  p=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
  echo "$p $f"
}

# stage NAME KIND COMMAND...   KIND: check (counts 1) | cargo (counts tests) | playwright
stage() {
  local name=$1 kind=$2; shift 2
  local log="$logs/$name.log" t0=$(date +%s) status
  printf '── %-22s ' "$name"
  "$@" >"$log" 2>&1
  status=$?
  local dt=$(( $(date +%s) - t0 ))
  case "$kind" in
    check)
      if [ $status -eq 0 ]; then passed=$((passed + 1)); echo "ok (${dt}s)";
      else failed=$((failed + 1)); failures+=("$name"); echo "FAILED (${dt}s) — $log"; tail -n 30 "$log"; fi ;;
    cargo)
      read -r p f < <(count_cargo_tests "$log")
      passed=$((passed + p)); failed=$((failed + f))
      if [ $status -ne 0 ] || [ "$p" -eq 0 ]; then
        [ "$f" -eq 0 ] && failed=$((failed + 1))
        failures+=("$name"); echo "FAILED: $p passed, $f failed (${dt}s) — $log"; tail -n 40 "$log"
      else echo "$p passed (${dt}s)"; fi ;;
    playwright)
      local json="$logs/playwright.json" p=0 f=0
      if [ -s "$json" ]; then
        read -r p f < <(node -e '
          const r = require(process.argv[1]);
          const s = r.stats || {};
          console.log((s.expected || 0) + (s.flaky || 0), (s.unexpected || 0));
        ' "$PWD/$json")
      fi
      passed=$((passed + p)); failed=$((failed + f))
      if [ $status -ne 0 ] || [ "$p" -eq 0 ]; then
        [ "$f" -eq 0 ] && failed=$((failed + 1))
        failures+=("$name"); echo "FAILED: $p passed, $f failed (${dt}s) — $log"; tail -n 60 "$log"
      else echo "$p passed (${dt}s)"; fi ;;
  esac
}

stage fmt                check cargo fmt --all --check
stage leptosfmt          check leptosfmt --check --quiet src
stage clippy-host        check cargo clippy --workspace --all-targets --locked -- -D warnings
stage clippy-wasm        check cargo clippy -p zeinet -p zeinet-domain --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
stage host-tests         cargo cargo test --workspace --locked --no-fail-fast
stage wasm-tests         cargo cargo test -p zeinet --target wasm32-unknown-unknown --test components --locked
stage mock-api-build     check cargo build -p mock-api --locked
stage contract-fuzz      check scripts/contract-fuzz.sh
stage release-build      check scripts/release-build.sh
stage size-budget        check scripts/size-report.sh dist
rm -f "$logs/playwright.json"
stage playwright         playwright env PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$logs/playwright.json" \
                           bash -c 'cd tests/e2e && npx playwright test --reporter=list,json'

echo
echo "make test took $(( $(date +%s) - started ))s; logs in $logs/"
[ ${#failures[@]} -gt 0 ] && echo "failed stages: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
