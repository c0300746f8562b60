# The wasm bindings, the embed and the static site (included by the root Makefile).
#
#   make setup-wasm    install what is missing (scripts/setup-wasm.sh), skip what is there
#   make wasm          build crates/hooksim-wasm into $(WASM_PKG) (ES module + .wasm + .d.ts)
#   make dist          one static folder: playground, embed.js, embed-demo.html, examples, pkg/
#   make test-wasm     wasm-bindgen tests of the bindings under Node and headless Chromium
#   make test-browser  the built package under Node, and embed-demo.html from dist/ served under
#                      a subpath in headless Chromium (screenshots in target/screenshots/)
#
# Paths are relative to the repository root, where make runs. The root Makefile includes this
# file; the last lines below add these steps to its `make setup` and `make test`.

WASM_TARGET   := wasm32-unknown-unknown
WASM_PROFILE  := wasm-release
WASM_PKG      ?= target/wasm-pkg
DIST          ?= dist
WASM_BINDGEN  ?= wasm-bindgen
WASM_OPT      ?= node_modules/.bin/wasm-opt
CHROMEDRIVER  ?= /usr/bin/chromedriver
WASM_RAW      := target/$(WASM_TARGET)/$(WASM_PROFILE)/hooksim_wasm.wasm
# Features rustc 1.95 emits for wasm32; wasm-opt must accept them.
WASM_OPT_FLAGS ?= -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
                  --enable-mutable-globals --enable-reference-types --enable-multivalue

.PHONY: setup-wasm wasm dist test-wasm test-browser

setup-wasm:
	bash scripts/setup-wasm.sh

wasm: setup-wasm
	@command -v $(WASM_BINDGEN) >/dev/null || { echo "wasm-bindgen not found: run make setup-wasm" >&2; exit 1; }
	@test -x $(WASM_OPT) || { echo "$(WASM_OPT) not found: run make setup-wasm" >&2; exit 1; }
	cargo build -p hooksim-wasm --target $(WASM_TARGET) --profile $(WASM_PROFILE)
	rm -rf $(WASM_PKG)
	$(WASM_BINDGEN) --target web --out-dir $(WASM_PKG) --out-name hooksim $(WASM_RAW)
	$(WASM_OPT) $(WASM_OPT_FLAGS) $(WASM_PKG)/hooksim_bg.wasm -o $(WASM_PKG)/hooksim_bg.wasm
	@printf 'hooksim_bg.wasm: %s bytes, %s gzipped\n' \
	  "$$(wc -c < $(WASM_PKG)/hooksim_bg.wasm)" "$$(gzip -9c $(WASM_PKG)/hooksim_bg.wasm | wc -c)"

# The playground is the real one (issue 3, mk/web.mk builds it into $(PLAYGROUND_DIST)) when the
# repository has an index.html; without one web/playground-placeholder.html stands in, so that the
# embed's links open something.
PLAYGROUND_DIST ?= target/playground
dist: wasm
	rm -rf $(DIST)
	mkdir -p $(DIST)/pkg $(DIST)/examples
	cp $(WASM_PKG)/hooksim.js $(WASM_PKG)/hooksim.d.ts $(WASM_PKG)/hooksim_bg.wasm $(DIST)/pkg/
	cp web/embed.js web/embed-demo.html $(DIST)/
	cp web/examples/*.yaml $(DIST)/examples/
	if [ -f index.html ]; then cp -R $(PLAYGROUND_DIST)/. $(DIST)/; else cp web/playground-placeholder.html $(DIST)/index.html; fi
	touch $(DIST)/.nojekyll
	@echo "dist: $$(find $(DIST) -type f | wc -l) files in $(DIST)/"

test-wasm: setup-wasm
	cargo test -p hooksim-wasm --target $(WASM_TARGET)
	CHROMEDRIVER=$(CHROMEDRIVER) WASM_BINDGEN_USE_BROWSER=1 cargo test -p hooksim-wasm --target $(WASM_TARGET)

test-browser: dist
	@test -d node_modules/playwright-core || { echo "playwright-core missing: run make setup-wasm" >&2; exit 1; }
	DIST=$(DIST) node --test web/tests/pkg.test.mjs web/tests/embed-demo.test.mjs web/tests/element.test.mjs

# `make setup` and `make test` of the root Makefile cover the wasm side too.
setup: setup-wasm
test: test-wasm test-browser
