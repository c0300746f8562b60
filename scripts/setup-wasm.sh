#!/usr/bin/env bash
# Installs what the wasm bindings, the embed and their tests need (mk/wasm.mk), skipping what is
# already there, so it can run on every `make setup-wasm`:
#   - the wasm32-unknown-unknown Rust target (rustup; never `rustup update`),
#   - wasm-bindgen-cli at the version of the wasm-bindgen crate in Cargo.lock,
#   - Debian's chromium and chromium-driver (headless tests; Playwright never downloads a browser),
#   - the npm packages of package.json (binaryen for wasm-opt, playwright-core) with `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup-wasm: %s\n' "$*"; }

# The CLI must be the crate's exact version; Cargo.lock is the source of truth.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

# 1. Rust target.
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 1b. The playground's toolchain: a pinned nightly with the standard library's source, so that the
# playground's wasm is built with its own std and panics that abort at once, without their
# messages (mk/web.mk, docs/decisions.md "The playground's wasm is built on a pinned nightly").
PLAYGROUND_TOOLCHAIN=$(awk -F' *:?= *' '/^PLAYGROUND_TOOLCHAIN/ { print $2; exit }' mk/web.mk)
if rustup run "$PLAYGROUND_TOOLCHAIN" rustc --print sysroot >/dev/null 2>&1 \
  && [ -d "$(rustup run "$PLAYGROUND_TOOLCHAIN" rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  say "$PLAYGROUND_TOOLCHAIN with rust-src: present"
else
  say "installing $PLAYGROUND_TOOLCHAIN with rust-src (the playground's build)"
  rustup toolchain install "$PLAYGROUND_TOOLCHAIN" --profile minimal --component rust-src
fi

# 2. wasm-bindgen-cli (also provides wasm-bindgen-test-runner). Not --locked: its lock file pins a
# crate version the registry mirror lacks (shared/notes/toolchain.md).
if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
  && command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 3. Chromium and its driver, from Debian.
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  say "chromium and chromedriver: present"
else
  say "installing chromium and chromium-driver with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends chromium chromium-driver
fi

# 4. npm packages: binaryen (wasm-opt; Debian's binaryen cannot read Rust 1.95 output),
# playwright-core, and the playground editor's CodeMirror 6 and esbuild. `npm ci` installs exactly
# package-lock.json; skipped when already done.
if [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] \
  && [ -x node_modules/.bin/esbuild ] && [ -d node_modules/@codemirror/lang-yaml ] \
  && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  say "npm packages: present"
else
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
say "done"
