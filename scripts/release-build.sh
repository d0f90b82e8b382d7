#!/usr/bin/env bash
# The release build: `trunk build --release --features split`, with the standard library
# compiled for the app instead of the prebuilt one. Extra arguments go to trunk (`--dist DIR`).
#
# Why: the prebuilt std is compiled to unwind and to format panic messages, and a wasm32
# release can do neither (it aborts, and has no stderr to print on): panic messages, their
# locations and the formatting machinery are dead weight in every module. Measured on the
# first load (scripts/size-report.sh, brotli):
#   prebuilt std, panic=abort                                 189,565 bytes
#   std built with panic=immediate-abort                      174,661   (−14.9 kB)
#   + std's optimize_for_size, no Debug output, no locations  171,018   (−3.6 kB)
# A panic is then a bare trap ("unreachable"), as before it printed nothing (release builds
# have no panic hook); `{:?}` prints nothing, and the app shows no Debug output to anyone;
# std's sort and formatting take their smaller, slower-in-theory forms (the table's 10,000-row
# sort stays within the bench's ratios).
#
# How: `-Zbuild-std` is unstable. RUSTC_BOOTSTRAP=1 lets the machine's stable toolchain (the
# one toolchain CI has) accept it, for this build only: clippy, the tests and `make dev` stay
# on plain stable. It needs the rust-src component and std's crates (scripts/bootstrap.sh).
# (It also makes build scripts that probe for nightly, such as proc-macro2's, take their
# nightly paths; they run on the host, at build time only.)
set -euo pipefail
cd "$(dirname "$0")/.."

# Unstable flags may change meaning with the compiler: these were chosen and measured with
# rustc 1.95, the machine's toolchain. Another one builds, but says so.
case "$(rustc --version)" in
  "rustc 1.95."*) ;;
  *) echo "release-build: the flags below were measured with rustc 1.95, this is" \
       "$(rustc --version): check them (and the size report) before relying on this build" >&2 ;;
esac

export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# Added to `.cargo/config.toml`'s flags for wasm32 (`--cfg erase_components`). Only wasm32
# release builds use them: `target/` is shared without rebuilds by turns (the wasm tests and
# clippy build the dev profile). RUSTFLAGS would replace them all: not for this build.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort \
-Zfmt-debug=none -Zlocation-detail=none"

exec trunk build --release --features split "$@"
