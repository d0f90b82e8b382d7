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

# Passed and failed counts of a Python unittest log ("Ran N tests", "FAILED (failures=F,
# errors=E)"); skipped tests count as neither.
count_unittests() {
  local log=$1 ran skipped f
  ran=$(grep -Eo '^Ran [0-9]+ tests?' "$log" | awk '{s+=$2} END {print s+0}')
  skipped=$(grep -Eo 'skipped=[0-9]+' "$log" | awk -F= '{s+=$2} END {print s+0}')
  f=$(grep -E '^FAILED \(' "$log" | grep -Eo '(failures|errors)=[0-9]+' | awk -F= '{s+=$2} END {print s+0}')
  echo "$((ran - skipped - f)) $f"
}

# The lines of a failed stage's log that say why it failed (compiler errors, a full disk, a
# panic, failed tests), for the summary at the end: CI shows only the end of the output, and the
# end of a log is often a tool's backtrace of its own (trunk's) rather than the cause.
why() {
  grep -E -m 8 '^error(\[E[0-9]+\])?:|LLVM ERROR|No space left|panicked at|^Error:|^ +✘|^ +[0-9]+\) \[|^(FAIL|ERROR): ' "$1" \
    | cut -c1-240 | sed 's/^/    /'
}

free_disk() { df -Ph target | awk 'NR == 2 { print $4 }'; }

# stage NAME KIND COMMAND...   KIND: check (counts 1) | cargo, unittest (count tests) | playwright
# (counts tests from $logs/NAME.json, the JSON reporter's output)
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
    cargo|unittest)
      if [ "$kind" = cargo ]; then read -r p f < <(count_cargo_tests "$log")
      else read -r p f < <(count_unittests "$log"); fi
      passed=$((passed + p)); failed=$((failed + f))
      if [ $status -ne 0 ] || [ "$p" -eq 0 ]; then
        [ "$f" -eq 0 ] && failed=$((failed + 1))
        failures+=("$name"); echo "FAILED: $p passed, $f failed (${dt}s) — $log"; tail -n 40 "$log"
      else echo "$p passed (${dt}s)"; fi ;;
    playwright)
      local json="$logs/$name.json" p=0 f=0
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

echo "make test: $(free_disk) free on the disk of target/"
stage fmt                check cargo fmt --all --check
stage leptosfmt          check leptosfmt --check --quiet src
stage hook-tests         unittest python3 -m unittest discover -s scripts -p 'test_*.py'
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
                           bash -c 'cd tests/e2e && npx playwright test --reporter=list,json,./reliability/reporter.ts'
# `make dev`'s live reload under the production CSP (scripts/dev.sh's own debug build, port 18084).
rm -f "$logs/live-reload.json"
stage live-reload        playwright env PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$logs/live-reload.json" \
                           bash -c 'cd tests/e2e && npx playwright test -c dev.config.ts --reporter=list,json'

echo
echo "make test took $(( $(date +%s) - started ))s; logs in $logs/"
if [ ${#failures[@]} -gt 0 ]; then
  echo "failed stages: ${failures[*]}"
  for name in "${failures[@]}"; do echo "  $name:"; why "$logs/$name.log"; done
  echo "  free disk where target/ is: $(free_disk) (a cold run writes about 6 GB there)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
