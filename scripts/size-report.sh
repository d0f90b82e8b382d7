#!/usr/bin/env bash
# Prints what the first page load transfers from a built dist/: raw, gzip -9, brotli -q 11.
set -euo pipefail
dist=${1:-dist}
printf '%-40s %10s %10s %10s\n' file raw gzip brotli
tr=0; tg=0; tb=0
for f in "$dist"/index.html "$dist"/*.js "$dist"/*.wasm "$dist"/*.css; do
  [ -f "$f" ] || continue
  r=$(wc -c <"$f"); g=$(gzip -9c "$f" | wc -c); b=$(brotli -q 11 -c "$f" | wc -c)
  tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b))
  printf '%-40s %10d %10d %10d\n' "$(basename "$f")" "$r" "$g" "$b"
done
printf '%-40s %10d %10d %10d\n' TOTAL "$tr" "$tg" "$tb"
