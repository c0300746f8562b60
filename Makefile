# hooksim — what Argo CD and Kubernetes do with your resource hooks, second by second.
#
#   make setup   check the toolchain, install only what is missing (idempotent)
#   make test    setup, then rustfmt check, clippy (warnings are errors) and every test
#   make run     build the browser playground and serve it on 127.0.0.1 (mk/web.mk)
#   make cli     build the CLI (release) and simulate the bundled example
#   make bench   criterion benchmarks of the engine (a few minutes)
#   make bench-instructions   simulate vs YAML parse in instructions (callgrind, not load)
#   make quick   the engine loop: rustfmt, clippy and the Rust tests, no browser (a few minutes)
#   make bless   rewrite the expected timelines of tests/scenarios for review (git diff shows them)
#   make new-scenario RULE=R35 [NAME=…]   scaffold a scenario test for a rule of the rule book
#
# CI runs .ci/run, which is `make test`.

CARGO ?= cargo
EXAMPLE := web/examples/presync-postsync.yaml

.DEFAULT_GOAL := help
.PHONY: help setup test cli bench bench-instructions quick bless new-scenario

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## check cargo/rustc, add clippy and rustfmt if missing
	@bash scripts/setup.sh

test: setup ## rustfmt --check, clippy -D warnings, cargo test (its summary comes last)
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	@# The page's crate alone: its engine as the playground builds it, without the tree layers
	@# (hooksim_engine::sim::TREES); the workspace run below has them.
	$(CARGO) test -p hooksim-web
	$(CARGO) test --workspace

quick: ## rustfmt --check, clippy -D warnings and cargo test: the engine loop, no browser, no setup
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) test -p hooksim-web
	$(CARGO) test --workspace

bless: ## rewrite the expected timelines (tests/scenarios/**/*.expected.*) from the engine, for review
	HOOKSIM_BLESS=1 $(CARGO) test -p hooksim-engine --test scenarios
	@git status --short -- tests/scenarios | sed 's/^/bless: /'; echo "bless: review with git diff -- tests/scenarios"

new-scenario: ## scaffold tests/scenarios/rules/RULE-NAME.yaml: make new-scenario RULE=R35 [NAME=words]
	@bash scripts/new-scenario.sh "$(RULE)" "$(NAME)"

cli: setup ## simulate the bundled example with the release CLI
	$(CARGO) build --release -p hooksim-cli
	./target/release/hooksim simulate $(EXAMPLE)

bench: setup ## criterion benchmarks: simulate vs YAML parse at 10..5000 manifests
	$(CARGO) bench -p hooksim-engine

MANIFESTS ?= 1000
bench-instructions: ## instructions of simulate vs YAML parse (callgrind; independent of load): MANIFESTS=1000
	@command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is missing (apt install valgrind)" >&2; exit 1; }
	$(CARGO) build --release -p hooksim-engine --example instructions
	@for w in none parse simulate; do \
	   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/instructions $$w $(MANIFESTS) 2>&1 \
	     | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' > target/instructions.$$w; done; \
	 base=$$(cat target/instructions.none); p=$$(( $$(cat target/instructions.parse) - base )); s=$$(( $$(cat target/instructions.simulate) - base )); \
	 echo "$(MANIFESTS) manifests: parse $$((p / 1000000)) M instructions, simulate $$((s / 1000000)) M, simulate / parse $$(awk "BEGIN{printf \"%.2f\", $$s/$$p}") (target <= 2)"

# More targets (wasm, dist, the playground and `make run`, browser tests) live in mk/*.mk.
-include $(wildcard mk/*.mk)
