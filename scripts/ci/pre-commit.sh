#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml): `hooksim lint` on the staged YAML files, read as
# one stream. Uses $HOOKSIM or hooksim on PATH, else builds it once from this repository (the
# clone pre-commit keeps) with cargo install.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${HOOKSIM:-}
if [ -z "$bin" ]; then
  if command -v hooksim > /dev/null; then
    bin=hooksim
  else
    bin=$here/target/pre-commit/bin/hooksim
    [ -x "$bin" ] || cargo install --locked --quiet --path "$here/crates/hooksim-cli" --root "$here/target/pre-commit" >&2
  fi
fi
[ "$#" -gt 0 ] || exit 0
exec "$bin" lint "$@"
