#!/usr/bin/env bash
# The release build: `trunk build --release --features split`, on stable Rust alone (the
# prebuilt standard library, no unstable flags). Extra arguments go to trunk (`--dist DIR`).
# scripts/trunk-post-build.py then splits the module into the lazy screens' chunks, shrinks
# and compresses every file (bench/README.md has the sizes).
set -euo pipefail
cd "$(dirname "$0")/.."

# Only `.cargo/config.toml`'s flags for wasm32 (`--cfg erase_components`): RUSTFLAGS would
# replace them all.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS

exec trunk build --release --features split "$@"
