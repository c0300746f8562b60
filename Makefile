# hooksim — what Argo CD and Kubernetes do with your resource hooks, second by second.
#
#   make setup   check the toolchain, install only what is missing (idempotent)
#   make test    setup, then rustfmt check, clippy (warnings are errors) and every test
#   make run     build the browser playground and serve it on 127.0.0.1 (mk/web.mk)
#   make cli     build the CLI (release) and simulate the bundled example
#   make bench   criterion benchmarks of the engine (a few minutes)
#
# CI runs .ci/run, which is `make test`.

CARGO ?= cargo
EXAMPLE := web/examples/presync-postsync.yaml

.DEFAULT_GOAL := help
.PHONY: help setup test cli bench

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## check cargo/rustc, add clippy and rustfmt if missing
	@bash scripts/setup.sh

test: setup ## rustfmt --check, clippy -D warnings, cargo test (its summary comes last)
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) test --workspace

cli: setup ## simulate the bundled example with the release CLI
	$(CARGO) build --release -p hooksim-cli
	./target/release/hooksim simulate $(EXAMPLE)

bench: setup ## criterion benchmarks: simulate vs YAML parse at 10..5000 manifests
	$(CARGO) bench -p hooksim-engine

# More targets (wasm, dist, the playground and `make run`, browser tests) live in mk/*.mk.
-include $(wildcard mk/*.mk)
