# The browser playground (issue 3): crates/hooksim-web (Yew) served from index.html by Trunk,
# with the CodeMirror editor bundled from npm by esbuild. Included by the root Makefile.
#
#   make run          build the playground and serve it on http://127.0.0.1:$(PORT)/ (Ctrl+C stops)
#   make playground   release build into $(PLAYGROUND_DIST) (Trunk.toml), copied into dist/ by `make dist`
#   make size         the gzip sizes of the playground's wasm and JS, against the budgets
#   make bench-web    load-to-first-timeline and keystroke-to-timeline in headless Chromium (web/bench/)
#   make test-web     Playwright + Debian's Chromium on the playground in dist/ (web/tests/playground.test.mjs,
#                     hostile.test.mjs: hostile links, storage and a crash of the wasm, and compare.test.mjs:
#                     two variants side by side, issue 13), and the
#                     link codec of the page against the wasm API's under Node (link.test.mjs), and the editor's
#                     YAML parser against lang-yaml's (yaml-docs.test.mjs)
#
# Trunk never downloads a tool here: Trunk.toml pins wasm-bindgen 0.2.130 and wasm-opt version_132,
# and binaryen 132 from npm comes first on PATH.

TRUNK           ?= trunk
PORT            ?= 8080
PLAYGROUND_DIST := target/playground
EDITOR_JS       := target/web/editor.js
# The playground's wasm is built on a pinned nightly with its own std (build-std) and
# panic=immediate-abort: a panic traps at once, without the formatting code and messages of
# panics (26 KB gzipped less; docs/decisions.md). `-Zfmt-debug=none` compiles `{:?}` to nothing (no
# Debug code: 3.7 KB gzipped less), so nothing the page shows may be Debug-formatted (the engine
# quotes with text::double_quoted); `-Zlocation-detail=none` drops the source locations panics
# would name. Only this build uses it: the engine, its tests
# and the wasm API keep the stable toolchain. scripts/setup-wasm.sh installs it with rust-src.
PLAYGROUND_TOOLCHAIN := nightly-2026-05-20
PLAYGROUND_TARGET_DIR := target/playground-build
WEB_ENV         := PATH="$(CURDIR)/node_modules/.bin:$$PATH" TRUNK_SKIP_VERSION_CHECK=true \
                   RUSTUP_TOOLCHAIN=$(PLAYGROUND_TOOLCHAIN) CARGO_TARGET_DIR=$(CURDIR)/$(PLAYGROUND_TARGET_DIR) \
                   CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
                   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
# Budgets (issue 3), in bytes: release wasm <= 340 KB gzip (issue 12), JS including the editor <= 200 KB gzip.
WASM_BUDGET     := 340000
JS_BUDGET       := 200000

.PHONY: setup-web editor rules gallery playground run size test-web bench-web

setup-web: setup-wasm ## install trunk and the editor's npm packages if missing
	bash scripts/setup-web.sh

# The editor bundle: one ES module, built from web/editor/editor.js (never committed).
editor: setup-web
	npm run --silent build:editor

# The rule book page: docs/rules/*.md rendered by web/rules/build.mjs (marked) into
# target/web/rules.html, which Trunk copies next to the playground; rule ids link to it.
rules: setup-web ## the rule book page (docs/rules/*.md) as target/web/rules.html
	npm run --silent build:rules

# The gallery's index: the wasm API module's gallery() (sections, titles, outcomes) written by
# web/gallery/build.mjs as target/web/gallery.json, which Trunk copies next to the playground.
gallery: setup-web wasm ## the gallery's index (sections, titles, outcomes) as target/web/gallery.json
	npm run --silent build:gallery

playground: editor rules gallery ## release build of the playground (Trunk) into target/playground
	$(WEB_ENV) $(TRUNK) build index.html --release

run: editor rules gallery ## build the playground and serve it on 127.0.0.1 (default example loaded)
	@echo "run: serving the playground at http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	$(WEB_ENV) $(TRUNK) serve index.html --release --address 127.0.0.1 --port $(PORT)

size: playground ## gzip sizes of the playground's wasm and JS against the budgets
	@wasm=$$(ls $(PLAYGROUND_DIST)/*_bg.wasm); \
	 wz=$$(gzip -9c $$wasm | wc -c); \
	 jz=0; for f in $(PLAYGROUND_DIST)/*.js; do jz=$$((jz + $$(gzip -9c $$f | wc -c))); done; \
	 cz=0; for f in $(PLAYGROUND_DIST)/*.css; do cz=$$((cz + $$(gzip -9c $$f | wc -c))); done; \
	 printf 'playground wasm: %7d bytes, %6d gzipped (budget %d)\n' "$$(wc -c < $$wasm)" $$wz $(WASM_BUDGET); \
	 printf 'playground JS:   %7d bytes, %6d gzipped (budget %d; editor + glue)\n' "$$(cat $(PLAYGROUND_DIST)/*.js | wc -c)" $$jz $(JS_BUDGET); \
	 printf 'playground CSS:  %7d bytes, %6d gzipped\n' "$$(cat $(PLAYGROUND_DIST)/*.css | wc -c)" $$cz; \
	 ok=1; [ $$wz -le $(WASM_BUDGET) ] || { echo "size: the wasm is over its budget" >&2; ok=0; }; \
	 [ $$jz -le $(JS_BUDGET) ] || { echo "size: the JS is over its budget" >&2; ok=0; }; \
	 [ $$ok = 1 ]

test-web: dist ## browser tests of the playground (screenshots in target/screenshots/)
	@test -d node_modules/playwright-core || { echo "playwright-core missing: run make setup-web" >&2; exit 1; }
	DIST=$(DIST) node --test --test-concurrency=1 web/tests/link.test.mjs web/tests/playground.test.mjs web/tests/hostile.test.mjs \
	  web/tests/compare.test.mjs web/tests/lessons.test.mjs web/tests/app-of-apps.test.mjs web/tests/yaml-docs.test.mjs

bench-web: dist ## the playground's speed in headless Chromium (figures; target/bench-web.json)
	@test -d node_modules/playwright-core || { echo "playwright-core missing: run make setup-web" >&2; exit 1; }
	DIST=$(DIST) node web/bench/playground.bench.mjs

# `make dist` puts the playground at dist/index.html (mk/wasm.mk copies $(PLAYGROUND_DIST));
# `make setup` and `make test` cover the playground too. `make size` is a benchmark, as `make bench`
# and `make bench-web` are (the developers' guide: speed and size are benchmarks, not tests): it
# reports the sizes and exits non-zero over a budget, and `make test` does not run it.
dist: playground
setup: setup-web
test: test-web
