#!/usr/bin/env bash
# The GitHub Action's step (action.yml), also runnable anywhere: installs hooksim when it is
# missing, then runs `hooksim lint` or `hooksim test` on the given paths.
#
#   HOOKSIM_COMMAND  lint (default) or test
#   HOOKSIM_PATHS    files and directories, separated by spaces (default: .)
#   HOOKSIM_FORMAT   lint only: github (default, annotations), sarif, junit, text or json
#   HOOKSIM_OUTPUT   lint: write the report to this file instead of the log (SARIF for
#                    github/codeql-action/upload-sarif); test: write JUnit XML to it
#   HOOKSIM          the hooksim binary to use (default: hooksim on PATH, else built from this
#                    repository with cargo install)
# The exit status is hooksim's: 1 when lint finds an error or an expectation fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cmd=${HOOKSIM_COMMAND:-lint}
format=${HOOKSIM_FORMAT:-github}
output=${HOOKSIM_OUTPUT:-}
read -r -a paths <<< "${HOOKSIM_PATHS:-.}"
bin=${HOOKSIM:-}
if [ -z "$bin" ]; then
  if command -v hooksim > /dev/null; then
    bin=hooksim
  else
    root=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/hooksim
    cargo install --locked --quiet --path "$here/crates/hooksim-cli" --root "$root" >&2
    bin=$root/bin/hooksim
  fi
fi
case "$cmd" in
  lint)
    if [ -n "$output" ]; then
      status=0
      "$bin" lint "${paths[@]}" --format "$format" > "$output" || status=$?
      echo "hooksim: lint report ($format) written to $output" >&2
      exit "$status"
    fi
    exec "$bin" lint "${paths[@]}" --format "$format"
    ;;
  test)
    if [ -n "$output" ]; then
      exec "$bin" test "${paths[@]}" --junit "$output"
    fi
    exec "$bin" test "${paths[@]}"
    ;;
  *)
    echo "hooksim action: HOOKSIM_COMMAND must be lint or test, not \"$cmd\"" >&2
    exit 2
    ;;
esac
