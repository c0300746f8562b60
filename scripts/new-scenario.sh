#!/usr/bin/env bash
# Scaffolds a scenario test for one rule: `make new-scenario RULE=R35 NAME=wave-delay-between-steps`
# writes tests/scenarios/rules/R35-wave-delay-between-steps.yaml with the rule's title from the
# rule book (docs/rules/*.md) in its description, then prints what to do next. Never overwrites.
set -euo pipefail
cd "$(dirname "$0")/.."
rule=${1:-}
name=${2:-}
if ! [[ "$rule" =~ ^[RJA][0-9]{1,2}[a-z]?(\.[0-9]+)?$ ]]; then
  echo "new-scenario: give a rule id, such as RULE=R35 (R.. Argo CD's sync, A.. its Application controller, J.. the Job controller)" >&2
  exit 2
fi
heading=$(grep -hE "^### ${rule//./\\.} — " docs/rules/*.md | head -n 1 || true)
if [ -z "$heading" ]; then
  echo "new-scenario: $rule has no entry in docs/rules/: write the rule first (docs/rules/README.md)" >&2
  exit 2
fi
title=${heading#"### $rule — "}
if [ -z "$name" ]; then
  name=$(printf '%s' "$title" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-' | sed 's/^-//; s/-$//' | cut -c1-60 | sed 's/-$//')
fi
dir=tests/scenarios/rules
case "$rule" in A*) dir=tests/scenarios/app ;; esac
file="$dir/$rule-$name.yaml"
if [ -e "$file" ]; then
  echo "new-scenario: $file exists" >&2
  exit 1
fi
cat > "$file" <<YAML
apiVersion: hooksim/v1
kind: Scenario
metadata:
  name: $rule - $title
description: |
  $rule ($title): say here what the input shows and what Argo CD and Kubernetes do with it,
  second by second, with the upstream source or issue that proves it.
operations:
  - type: sync
---
apiVersion: batch/v1
kind: Job
metadata:
  name: example
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
  template:
    spec:
      containers: [{name: main, image: busybox, command: ["true"]}]
      restartPolicy: Never
YAML
echo "new-scenario: wrote $file"
echo "  1. edit it until it shows $rule (the description says what to look for)"
echo "  2. make bless            writes its expected timeline beside it"
echo "  3. review the .expected.txt against the rule book and upstream, then commit both"
