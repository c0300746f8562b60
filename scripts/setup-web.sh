#!/usr/bin/env bash
# Installs what the playground build needs (mk/web.mk) on top of scripts/setup-wasm.sh (the wasm
# target, wasm-bindgen-cli, chromium, the npm packages), skipping what is already there:
#   - trunk 0.21.14 (`cargo install --locked`, about 7 minutes on 2 cores; 0.22 needs a newer rustc).
# The editor's npm packages (CodeMirror 6, esbuild) are in package.json, which setup-wasm.sh installs.
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

say "done"
