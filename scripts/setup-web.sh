#!/usr/bin/env bash
# Installs what the playground build needs (mk/web.mk) on top of scripts/setup-wasm.sh (the wasm
# target, wasm-bindgen-cli, chromium, the npm packages), skipping what is already there:
#   - trunk 0.21.14 (`cargo install --locked`, about 7 minutes on 2 cores; 0.22 needs a newer rustc),
#   - the npm packages of the editor bundle (CodeMirror 6, esbuild), with `npm ci` if missing.
# Trunk must never download its tools: Trunk.toml pins wasm-bindgen 0.2.130 and wasm-opt
# version_132, which mk/web.mk puts first on PATH (node_modules/.bin/wasm-opt from binaryen@132).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup-web: %s\n' "$*"; }

TRUNK_VERSION=0.21.14

if command -v trunk >/dev/null && [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION (cargo install --locked; about 7 minutes)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if [ -x node_modules/.bin/esbuild ] && [ -d node_modules/@codemirror/view ] && [ -d node_modules/@codemirror/lang-yaml ] \
  && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  say "editor packages (CodeMirror, esbuild): present"
else
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
say "done"
