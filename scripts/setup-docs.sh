#!/usr/bin/env bash
# Installs what the docs-toolchain tests need (mk/docs.mk), skipping what is already there:
#   - mdBook (`mdbook build` of crates/mdbook-hooksim/sample), with cargo, at the version of the
#     mdbook-preprocessor crate in Cargo.lock, without its server and watcher;
#   - a Python venv in target/docs-venv with MkDocs and pymdown-extensions from PyPI
#     (integrations/mkdocs/requirements-test.txt) and integrations/mkdocs installed editable.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup-docs: %s\n' "$*"; }

# 1. mdBook. The preprocessor is built against mdbook-preprocessor; the binary should match it.
MDBOOK_VERSION=$(awk '/^name = "mdbook-preprocessor"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock 2>/dev/null || true)
MDBOOK_VERSION=${MDBOOK_VERSION:-0.5.4}
if command -v mdbook >/dev/null && [ "$(mdbook --version 2>/dev/null)" = "mdbook v$MDBOOK_VERSION" ]; then
  say "mdbook: $(mdbook --version)"
else
  say "mdbook $MDBOOK_VERSION: missing, installing with cargo (a few minutes on 2 cores)"
  cargo install mdbook --version "=$MDBOOK_VERSION" --locked --no-default-features --features search
fi

# 2. MkDocs in a venv of its own (never the system's Python packages).
VENV=target/docs-venv
PY=python3
command -v "$PY" >/dev/null || { echo "setup-docs: python3 not found (Debian: apt-get install python3 python3-venv)" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  mkdir -p target
  "$PY" -m venv "$VENV"
fi
want() { sed -n 's/^\([A-Za-z0-9_.-]*\)==\(.*\)$/\1 \2/p' integrations/mkdocs/requirements-test.txt; }
missing=0
while read -r name version; do
  have=$("$VENV/bin/python" -m pip show "$name" 2>/dev/null | sed -n 's/^Version: //p' || true)
  [ "$have" = "$version" ] || missing=1
done < <(want)
if [ $missing = 1 ]; then
  say "installing $(want | tr '\n' ' ' | sed 's/ $//') into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r integrations/mkdocs/requirements-test.txt
else
  say "mkdocs, pymdown-extensions: present in $VENV"
fi
if "$VENV/bin/python" -c 'import hooksim_mkdocs, sys; sys.exit(0 if hooksim_mkdocs.__file__.startswith(sys.argv[1]) else 1)' "$PWD/integrations/mkdocs/" 2>/dev/null; then
  say "hooksim-mkdocs: installed (editable) in $VENV"
else
  say "installing integrations/mkdocs (editable) into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e integrations/mkdocs
fi
