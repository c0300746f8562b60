#!/usr/bin/env bash
# Sets up what `make fuzz` needs, idempotently: each tool is checked first and installed only when
# missing.
#
#   nightly      the nightly Rust toolchain (libFuzzer's sanitizer flags need it); installed with
#                rustup only if missing, never updated
#   cargo-fuzz   cargo install --locked cargo-fuzz@0.13.2
set -euo pipefail

CARGO_FUZZ_VERSION=0.13.2

say() { printf 'setup-fuzz: %s\n' "$*"; }
die() { printf 'setup-fuzz: error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

have rustup || die "rustup not found: cargo fuzz needs the nightly toolchain through rustup"
if rustup toolchain list | grep -q '^nightly'; then
    say "nightly: $(cargo +nightly --version)"
else
    say "nightly: missing, installing with rustup toolchain install nightly --profile minimal"
    rustup toolchain install nightly --profile minimal
fi

if cargo fuzz --version >/dev/null 2>&1; then
    say "cargo-fuzz: $(cargo fuzz --version)"
else
    say "cargo-fuzz: missing, installing with cargo install --locked cargo-fuzz@$CARGO_FUZZ_VERSION"
    cargo install --locked "cargo-fuzz@$CARGO_FUZZ_VERSION"
    say "cargo-fuzz: $(cargo fuzz --version)"
fi
