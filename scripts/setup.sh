#!/usr/bin/env bash
# Sets up what the project needs, idempotently: every tool is checked first and installed only
# when missing. One function per tool; `make setup` runs the list in TOOLS.
#
# Usage: scripts/setup.sh [TOOL...]     (default: every tool in TOOLS)
#
# The Rust toolchain's parts are checked here. The web side installs its own, also only when
# missing: scripts/setup-wasm.sh (wasm32 target, wasm-bindgen-cli 0.2.130, Debian's Chromium and
# ChromeDriver, `npm ci` for binaryen's wasm-opt and playwright-core) and scripts/setup-web.sh
# (trunk 0.21.14, the editor's npm packages); mk/*.mk add them to `make setup`.
# Never run `rustup update`: it would move the pinned stable toolchain.
set -euo pipefail

TOOLS=(rust clippy rustfmt pre_commit)

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

# pre-commit (PyPI), for the test that runs the hook of .pre-commit-hooks.yaml
# (crates/hooksim-cli/tests/packaging.rs). Without pip that test says it is skipped.
pre_commit() {
    if have pre-commit; then
        say "pre-commit: $(pre-commit --version)"
        return
    fi
    local pip
    pip=$(command -v pip3 || command -v pip || true)
    if [ -z "$pip" ]; then
        say "pre-commit: missing and no pip to install it: the pre-commit test will be skipped"
        return
    fi
    say "pre-commit: missing, installing with pip"
    "$pip" install --quiet pre-commit
    hash -r
    say "pre-commit: $(pre-commit --version 2>/dev/null || echo "installed, not on PATH")"
}

main() {
    local tools=("$@")
    [ ${#tools[@]} -gt 0 ] || tools=("${TOOLS[@]}")
    for t in "${tools[@]}"; do
        declare -F "$t" >/dev/null || die "unknown tool \"$t\" (known: ${TOOLS[*]})"
        "$t"
    done
}

main "$@"
