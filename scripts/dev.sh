#!/usr/bin/env bash
# `make dev`: the mock API (dev mode) and `trunk serve`, together; Ctrl-C stops both. The page
# reloads itself after a change (Trunk's live reload; scripts/test-live-reload.mjs shows it).
#   ZEINET_DEV_PORT  the app's port (8080)    ZEINET_DEV_DIST  trunk's output (dist)
#   ZEINET_DEV_MOCK=0  no mock API (the live-reload test: the app's shell needs none)
# The mock's port is Trunk.toml's proxy backend, 8081, so that a bare `trunk serve` finds it too.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
port=${ZEINET_DEV_PORT:-8080}
dist=${ZEINET_DEV_DIST:-dist}

if [ "${ZEINET_DEV_MOCK:-1}" != 0 ]; then
  cargo build -p mock-api
  target/debug/mock-api --dev --port 8081 &
  mock=$!
  trap 'kill $mock 2>/dev/null; wait $mock 2>/dev/null' EXIT INT TERM
fi

cat <<TXT

  Zeinet is starting (the first build of the app takes a few minutes).

    App:       http://127.0.0.1:$port/      (trunk serve, /api proxied to the mock; reloads on a change)
    Mock API:  http://127.0.0.1:8081/api/  (dev endpoints under /__dev)

  Test users (password for all: Zeinet-2026!):
    900101300007  Иванов Иван Иванович        many applications of every kind and status
    900101300017  Серікқызы Айгүл Маратқызы  no applications
    900101300811  Петров Пётр Петрович        a few applications, one bank
    900101300823  (not registered)            register with +7 707 000 08 23; SMS code in this log

  Log-in with EDS: the stand-in NCALayer on ws://127.0.0.1:13579 signs as 900101300007
  (change it with PUT /__dev/ncalayer).

  Ctrl-C stops both.

TXT
# The debug build talks to the mock's stand-in NCALayer (plain ws, no certificate to accept).
ZEINET_NCALAYER_URL=ws://127.0.0.1:13579/ trunk serve --port "$port" --dist "$dist"
