#!/usr/bin/env bash
# Sets up what the project needs, idempotently: every tool is checked first and installed only
# when missing. One function per tool; `make setup` runs the list in TOOLS.
#
# Usage: scripts/setup.sh [TOOL...]     (default: every tool in TOOLS)
#
# Later (browser playground), add functions here and append them to TOOLS, e.g.
#   wasm_target    rustup target add wasm32-unknown-unknown
#   trunk          cargo install --locked trunk@0.21.14
#   wasm_bindgen   cargo install wasm-bindgen-cli --version 0.2.130   (no --locked)
#   wasm_opt       npm install -g --prefix /usr/local binaryen@132
#   chromium       apt-get install -y chromium chromium-driver
# Never run `rustup update`: it would move the pinned stable toolchain.
set -euo pipefail

TOOLS=(rust clippy rustfmt)

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# rustup component $1 (the cargo subcommand $2 answers when it is installed).
component() {
    local comp=$1 sub=$2
    if cargo "$sub" --version >/dev/null 2>&1; then
        say "$comp: $(cargo "$sub" --version)"
        return
    fi
    have rustup || die "$comp is missing and rustup is not available to add it"
    say "$comp: missing, installing with rustup component add $comp"
    rustup component add "$comp"
    say "$comp: $(cargo "$sub" --version)"
}

# cargo and rustc: the machine's Rust toolchain (rustup). Not installed from here.
rust() {
    have cargo || die "cargo not found: install Rust with rustup (https://rustup.rs), then rerun"
    have rustc || die "rustc not found: install Rust with rustup (https://rustup.rs), then rerun"
    say "rust: $(rustc --version); $(cargo --version)"
}

clippy() { component clippy clippy; }
rustfmt() { component rustfmt fmt; }

main() {
    local tools=("$@")
    [ ${#tools[@]} -gt 0 ] || tools=("${TOOLS[@]}")
    for t in "${tools[@]}"; do
        declare -F "$t" >/dev/null || die "unknown tool \"$t\" (known: ${TOOLS[*]})"
        "$t"
    done
}

main "$@"
