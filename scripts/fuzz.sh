#!/usr/bin/env bash
# `make fuzz`: runs every cargo-fuzz target of fuzz/ for a bounded time and reports, per
# target, "clean" or the crash artifact. Exits non-zero if any target crashed.
#   FUZZ_SECONDS=60   seconds per target (libFuzzer -max_total_time)
#   FUZZ_TARGETS="iban money"   a subset (default: every target of fuzz/Cargo.toml)
#   FUZZ_SANITIZER=none   or address: the domain crate has no `unsafe`, and without ASan
#                         libFuzzer runs several times more inputs in the same time
# Seeds (committed) are in fuzz/seeds/<target>/, an optional libFuzzer dictionary in
# fuzz/dicts/<target>.dict; each run grows fuzz/corpus/<target>/
# (ignored) and writes crashes to fuzz/artifacts/<target>/. Builds go to fuzz/target, so
# the main build cache is never invalidated.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
SANITIZER="${FUZZ_SANITIZER:-none}"

log() { printf '\033[1mfuzz:\033[0m %s\n' "$*"; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz (a few minutes, once)"
  cargo install cargo-fuzz --locked || exit 1
fi
if ! rustup toolchain list | grep -q nightly; then
  log "installing a minimal nightly toolchain (cargo fuzz needs nightly -Z flags)"
  rustup toolchain install nightly --profile minimal || exit 1
fi

cd "$ROOT/fuzz"
targets="${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}"
log "building: $(echo $targets)"
cargo +nightly fuzz build -a -s "$SANITIZER" || exit 1

failed=0
summary=()
for target in $targets; do
  corpus="$ROOT/fuzz/corpus/$target"
  artifacts="$ROOT/fuzz/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  log "$target: ${SECONDS_PER_TARGET}s"
  logfile="$ROOT/fuzz/target/$target.log"
  before=$(ls -1 "$artifacts" | sort)
  dict=()
  [ -f "$ROOT/fuzz/dicts/$target.dict" ] && dict=(-dict="$ROOT/fuzz/dicts/$target.dict")
  # -a: debug assertions, so an arithmetic overflow is a crash, not a silent wrap.
  cargo +nightly fuzz run -a -s "$SANITIZER" "$target" "$corpus" "$ROOT/fuzz/seeds/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 "${dict[@]}" >"$logfile" 2>&1
  status=$?
  grep -E '(DONE|Done [0-9]+ runs|ERROR:|panicked at|Failing input)' "$logfile" | sed 's/^/  /'
  new=$(comm -13 <(echo "$before") <(ls -1 "$artifacts" | sort) | sed "s|^|$artifacts/|" | tr '\n' ' ')
  runs=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$logfile" | tail -1)
  rate=$(grep -Eo 'exec/s: [0-9]+' "$logfile" | tail -1)
  corp=$(grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$logfile" | tail -1)
  if [ "$status" -eq 0 ] && [ -z "$new" ]; then
    summary+=("$target: clean ($runs, $rate, $corp)")
  else
    failed=1
    summary+=("$target: CRASHED (exit $status) ${new:-see $logfile}")
  fi
done

log "summary (${SECONDS}s in all)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
