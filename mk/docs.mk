# The docs toolchains (issue 14): the MkDocs fence (integrations/mkdocs), the mdBook preprocessor
# (crates/mdbook-hooksim) and the README snippets that point at their sample sites. Included by
# the root Makefile.
#
#   make setup-docs   install what is missing (scripts/setup-docs.sh): mdBook with cargo, and
#                     MkDocs + pymdown-extensions from PyPI in the venv target/docs-venv
#   make docsites     build both sample sites with `make dist`'s embed copied in, into target/docsites/
#   make test-docs    the fence's unit tests, then both sites in headless Chromium, with and without
#                     JavaScript (web/tests/docsites.test.mjs; screenshots in target/screenshots/)
#
# The preprocessor's JSON protocol and a plain `mdbook build` are also tested by `cargo test`
# (crates/mdbook-hooksim/tests/book.rs).

DOCS_VENV  := target/docs-venv
DOCSITES   := target/docsites
MKDOCS_CLI := $(CURDIR)/target/debug/hooksim

.PHONY: setup-docs docsites test-docs

setup-docs: ## install mdBook and the MkDocs venv if missing (scripts/setup-docs.sh)
	bash scripts/setup-docs.sh

docsites: dist setup-docs ## build the sample MkDocs site and mdBook into target/docsites/
	cargo build -p hooksim-cli -p mdbook-hooksim
	rm -rf $(DOCSITES)
	mkdir -p $(DOCSITES)
	cp -R integrations/mkdocs/sample $(DOCSITES)/mkdocs
	cp -R $(DIST) $(DOCSITES)/mkdocs/docs/hooksim
	cd $(DOCSITES)/mkdocs && HOOKSIM_CLI=$(MKDOCS_CLI) $(CURDIR)/$(DOCS_VENV)/bin/mkdocs build --strict > build.log 2>&1; \
	  status=$$?; cat build.log; exit $$status
	cp -R crates/mdbook-hooksim/sample $(DOCSITES)/mdbook
	cp -R $(DIST) $(DOCSITES)/mdbook/src/hooksim
	cd $(DOCSITES)/mdbook && PATH="$(CURDIR)/target/debug:$$PATH" mdbook build > build.log 2>&1; \
	  status=$$?; cat build.log; exit $$status

test-docs: docsites ## the MkDocs fence tests, both sample sites in Chromium (with and without JS)
	HOOKSIM_CLI=$(MKDOCS_CLI) $(DOCS_VENV)/bin/python -m unittest discover -s integrations/mkdocs/tests
	@test -d node_modules/playwright-core || { echo "playwright-core missing: run make setup-wasm" >&2; exit 1; }
	DOCSITES=$(DOCSITES) node --test web/tests/docsites.test.mjs

setup: setup-docs
test: test-docs
