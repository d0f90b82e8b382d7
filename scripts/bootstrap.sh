#!/usr/bin/env bash
# Installs whatever the project needs and this machine lacks. Idempotent: a second run does
# nothing but checks. Used by `make dev`, `make test` and CI (a fresh machine has none of it).
#   scripts/bootstrap.sh rust     wasm target, trunk, wasm-bindgen-cli, wasm-split-cli, leptosfmt,
#                                 wasm-opt, terser, lightningcss
#   scripts/bootstrap.sh browser  Debian's chromium + chromium-driver, brotli, Playwright (npm)
#   scripts/bootstrap.sh contract schemathesis (PyPI) in the venv .tools/venv, for contract fuzzing
set -euo pipefail
cd "$(dirname "$0")/.."
want="${*:-rust browser}"

TRUNK_VERSION=0.21.14
# The splitter of the release build's lazy routes; the version Leptos 0.8's macros speak, with
# Zeinet's patch (vendor/PATCHED.md; the suffix changes with the patch).
WASM_SPLIT_VERSION=0.2.4+zeinet.2
BINARYEN_VERSION=132
TERSER_VERSION=5.51.2
LIGHTNINGCSS_VERSION=1.33.0
SCHEMATHESIS_VERSION=4.32.5
TOOLS="$PWD/.tools"

log() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }

# The wasm-bindgen version is read from Cargo.lock so the CLI and the library never drift.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

install_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
    log "installing trunk $TRUNK_VERSION (a few minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local wb; wb="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
    log "installing wasm-bindgen-cli $wb (the version in Cargo.lock)"
    # Not --locked: the locked set names a crate version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$wb" --force
  fi
  # (It has no --version: cargo's own list of installed crates says which one is there.)
  if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION " \
    || ! command -v wasm-split-cli >/dev/null; then
    log "installing wasm-split-cli $WASM_SPLIT_VERSION from vendor/ (about 2 minutes, once)"
    # (Built in target/: cargo would otherwise build inside vendor/.)
    cargo install --path vendor/wasm_split_cli_support --features build-binary --locked --force \
      --target-dir target/wasm-split-cli
  fi
  if ! command -v leptosfmt >/dev/null; then
    log "installing leptosfmt"
    cargo install leptosfmt --locked
  fi
  if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ]; then
    log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION; Debian's 108 breaks the build)"
    mkdir -p "$TOOLS"
    (cd "$TOOLS" && [ -f package.json ] || echo '{"private":true}' > package.json)
    npm install --prefix "$TOOLS" --no-audit --no-fund --save-exact "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
  if [ ! -x "$TOOLS/node_modules/.bin/terser" ]; then
    log "installing terser $TERSER_VERSION (npm; minifies the release build's JavaScript)"
    npm install --prefix "$TOOLS" --no-audit --no-fund --save-exact "terser@$TERSER_VERSION" >/dev/null
  fi
  if [ ! -x "$TOOLS/node_modules/.bin/lightningcss" ]; then
    log "installing lightningcss-cli $LIGHTNINGCSS_VERSION (npm; minifies the release build's CSS)"
    npm install --prefix "$TOOLS" --no-audit --no-fund --save-exact \
      "lightningcss-cli@$LIGHTNINGCSS_VERSION" >/dev/null
  fi
}

install_browser_tools() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v brotli >/dev/null || missing+=(brotli)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ! -d tests/e2e/node_modules/@playwright/test ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    log "installing the Playwright suite's npm packages (no browser download)"
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
  fi
}

# schemathesis, pinned, in a venv of the project (never the system's Python packages).
install_contract_tools() {
  local venv="$TOOLS/venv"
  if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" = "$SCHEMATHESIS_VERSION" ]; then
    return
  fi
  log "installing schemathesis $SCHEMATHESIS_VERSION into .tools/venv (PyPI, once)"
  mkdir -p "$TOOLS"
  if [ ! -x "$venv/bin/pip" ]; then
    rm -rf "$venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
      # Debian ships venv's ensurepip separately.
      log "installing python3-venv from Debian"
      local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
      rm -rf "$venv"
      python3 -m venv "$venv"
    fi
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

for part in $want; do
  case "$part" in
    rust) install_rust_tools ;;
    browser) install_browser_tools ;;
    contract) install_contract_tools ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
done
