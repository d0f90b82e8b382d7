#!/usr/bin/env bash
# The size budget of `make test`: what the first page load transfers from a built dist/
# (index.html, the JS, the main wasm module, the CSS), raw, gzip -9 and brotli -q 11, and a
# failure when the brotli total passes the budget. Deterministic, so it runs in CI (timings do
# not: see `make bench`).
#
# The wasm chunks of the lazy routes and log-in tabs (split_*.wasm, and chunk_*.wasm for code
# they share) are fetched on first use, not at the first load: they are listed apart, with
# their total, and the largest is held to a budget of its own.
#
# SIZE_BUDGET_BYTES is issue 6's budget for the first load: 200 KB brotli.
set -euo pipefail
dist=${1:-dist}
budget=${SIZE_BUDGET_BYTES:-200000}
chunk_budget=${SIZE_CHUNK_BUDGET_BYTES:-100000}
row() { printf '%-64s %10s %10s %10s\n' "$@"; }
sizes() { echo "$(wc -c <"$1") $(gzip -9c "$1" | wc -c) $(brotli -q 11 -c "$1" | wc -c)"; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

row "first load" raw gzip brotli
tr=0; tg=0; tb=0; files=0
for f in "$dist"/index.html "$dist"/*.js "$dist"/*.css "$dist"/*.wasm; do
  [ -f "$f" ] || continue
  case "$(basename "$f")" in split_*.wasm | chunk_*.wasm) continue ;; esac
  read -r r g b < <(sizes "$f")
  tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b)); files=$((files + 1))
  row "$(basename "$f")" "$r" "$g" "$b"
done
row TOTAL "$tr" "$tg" "$tb"
if [ "$files" -lt 4 ] || ! ls "$dist"/zeinet-*_bg.wasm >/dev/null 2>&1; then
  echo "size budget: $dist does not hold a built app (index.html, js, wasm, css)" >&2
  exit 1
fi

echo
row "loaded on first use" raw gzip brotli
cr=0; cg=0; cb=0; largest=0; largest_name=none
for f in "$dist"/split_*.wasm "$dist"/chunk_*.wasm; do
  [ -f "$f" ] || continue
  read -r r g b < <(sizes "$f")
  cr=$((cr + r)); cg=$((cg + g)); cb=$((cb + b))
  if [ "$b" -gt "$largest" ]; then largest=$b; largest_name=$(basename "$f"); fi
  row "$(basename "$f")" "$r" "$g" "$b"
done
row TOTAL "$cr" "$cg" "$cb"
echo

echo "first-load transfer: $tb bytes = $(kib "$tb") KiB brotli ($(kib "$tg") KiB gzip, $(kib "$tr") KiB raw)"
echo "lazy chunks: $(kib "$cb") KiB brotli in all; the largest, $largest_name, $largest bytes"
status=0
if [ "$tb" -gt "$budget" ]; then
  echo "size budget: FAILED — the first load is $tb bytes brotli, over the budget of $budget" >&2
  status=1
else
  echo "size budget: ok — the first load is $((budget - tb)) bytes under the budget of $budget (brotli)"
fi
if [ "$largest" -gt "$chunk_budget" ]; then
  echo "size budget: FAILED — chunk $largest_name is $largest bytes brotli, over $chunk_budget" >&2
  status=1
fi
exit "$status"
