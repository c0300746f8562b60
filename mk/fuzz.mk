# Fuzzing the engine (included by the root Makefile; not part of `make test`).
#
#   make fuzz                  fuzz parse + lint + simulate for FUZZ_SECONDS (default 600) on one core
#   make fuzz FUZZ_SECONDS=60  a shorter run
#   make fuzz-repro FILE=...   run the target once on one input (a crash file from fuzz/artifacts/)
#
# The corpus is laid out at run time in fuzz/corpus/simulate (git-ignored): every scenario test,
# every gallery example, the diagnostics catalogue and the small bad inputs are copied in as seeds,
# next to what earlier runs found. A crash is written to fuzz/artifacts/simulate/ and the run
# stops with a non-zero status; keep each one as a regression case in tests/bad-inputs/
# (see crates/hooksim-engine/tests/bad_inputs.rs) once it is fixed.

FUZZ_SECONDS ?= 600
FUZZ_TARGET  := simulate
FUZZ_CORPUS  := fuzz/corpus/$(FUZZ_TARGET)
# -a: debug assertions and overflow checks, so that an overflow is a crash, not a wrapped number.
# Instrumented and with debug assertions, a run is about 15 times slower than a release build:
# -timeout=30 s flags a hang, a unit over 5 s is reported as slow (fuzz/artifacts/.../slow-unit-*).
FUZZ_FLAGS   ?= -jobs=1 -workers=1 -max_len=16384 -timeout=30 -report_slow_units=5 -rss_limit_mb=2048 \
                -print_final_stats=1

.PHONY: setup-fuzz fuzz fuzz-corpus fuzz-repro

setup-fuzz:
	@bash scripts/setup-fuzz.sh

fuzz-corpus:
	@mkdir -p $(FUZZ_CORPUS)
	@find tests/scenarios web/examples tests/diagnostics tests/bad-inputs -name '*.yaml' -size -64k 2>/dev/null | \
	  while read -r f; do cp "$$f" "$(FUZZ_CORPUS)/seed-$$(echo "$$f" | tr '/' '_')"; done
	@echo "fuzz: $$(ls $(FUZZ_CORPUS) | wc -l) inputs in $(FUZZ_CORPUS)"

fuzz: setup-fuzz fuzz-corpus ## fuzz parse + simulate for FUZZ_SECONDS (default 600 s) on one core
	cd fuzz && cargo +nightly fuzz build -a $(FUZZ_TARGET)
	@rm -f fuzz/fuzz-*.log
	cd fuzz && cargo +nightly fuzz run -a $(FUZZ_TARGET) corpus/$(FUZZ_TARGET) -- \
	  -max_total_time=$(FUZZ_SECONDS) -dict=simulate.dict $(FUZZ_FLAGS); \
	  status=$$?; tail -n 40 fuzz-0.log 2>/dev/null; exit $$status

fuzz-repro: setup-fuzz
	@test -n "$(FILE)" || { echo "usage: make fuzz-repro FILE=fuzz/artifacts/simulate/crash-..." >&2; exit 2; }
	cd fuzz && cargo +nightly fuzz run -a $(FUZZ_TARGET) $(abspath $(FILE))
