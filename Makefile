# The MSP Playbook. `make serve` to read and write, `make test` to check everything.
# Both set up .venv from requirements.lock first, so a fresh clone needs nothing else.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# A second environment for `make zensical` (requirements-zensical.lock).
ZENSICAL_VENV  := .venv-zensical
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.installed
# Material 9.8 prints an end-of-life banner on every build; it is not a warning.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Debian packages the browser and PDF tests need, beyond Python; Java runs the HTML checker (vnu).
SYSTEM_PACKAGES := chromium poppler-utils fonts-dejavu-core default-jre-headless

.PHONY: sources help setup serve build test system-deps lock canary clean pdf vendor vnu offline publish-offline freshness check chapter zensical zensical-setup pagefind

help:
	@echo "make serve   set up .venv and serve the site on http://127.0.0.1:8000 with live reload"
	@echo "make test    set up, install what the tests need (Chromium) and run the whole suite"
	@echo "make build   strict build into site/"
	@echo "make pdf     build, then print each checklist and the handbook as a book into site/pdf/"
	@echo "make freshness  list vendor and program entries never checked or checked over 12 months ago"
	@echo "make sources list footnotes by kind of source, and the claims still resting on a secondary one"
	@echo "make check   fast checks before a pull request: YAML, data, spelling, Markdown, macros, links"
	@echo "make chapter TITLE=\"...\" PART=tools   start a new chapter from the template"
	@echo "make lock    regenerate requirements.lock from requirements.in (maintainers)"
	@echo "make zensical  build the same sources with Zensical into build/zensical-site/ (maintainers)"
	@echo "make canary  build and test with the newest Material release, in build/canary-venv (maintainers)"
	@echo "make offline build/msp-playbook-offline.zip: the site for reading from disk, with its PDFs and Word files"
	@echo "make publish-offline  make offline, then copy the zip into site/download/ (after make build)"
	@echo "make vnu     fetch the HTML checker package-lock.json pins, for the markup test (make test does)"
	@echo "make vendor  refresh the committed front-end files from npm (maintainers; needs node)"

setup: $(STAMP)

# Rebuilt whenever the lock file changes; --require-hashes refuses anything unpinned.
# Then the project itself, editable (pyproject.toml), so macros/, playbook/ and scripts/
# import without sys.path edits; setuptools for that comes from the lock.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	@if ! $(PYTHON) -m venv --help >/dev/null 2>&1 || ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else echo "Python's venv module is missing. Install it with: sudo apt-get install python3-venv"; exit 1; fi; \
	fi
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
	@touch $@

# Without git's "last update" dates (GIT_DATES=false, mkdocs.yml): each rebuild is cheaper.
serve: $(STAMP)
	$(BIN)/python -P -m playbook.prebuild
	GIT_DATES=false $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# Built beside site/ and moved into place only when the strict build succeeds,
# so a failed build never leaves a half-written site behind.
build: $(STAMP) pagefind
	$(BIN)/python -P -m playbook.prebuild
	rm -rf build/site.partial
	$(BIN)/mkdocs build --strict --site-dir build/site.partial
	$(BIN)/python -P -m playbook.postbuild build/site.partial --cache build/cache/docx
	rm -rf site && mv build/site.partial site

# After the build, because Chromium prints the built pages: site/pdf/<checklist-id>.pdf
# and site/pdf/msp-playbook.pdf, the book (scripts/book.py). PAPER=Letter for US Letter sheets;
# SINCE=<tag or YYYY-MM-DD> for the book's changes page (default: the newest edition-* tag).
PAPER ?= A4
pdf: build system-deps
	$(BIN)/python scripts/pdf.py site --paper $(PAPER) $(if $(SINCE),--since $(SINCE))

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "The tests need these Debian packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

# Fast, no browser: what a pull request must pass first (see CONTRIBUTING.md).
# CHECKS="spelling links" runs only some of them.
check: $(STAMP) pagefind
	$(BIN)/python -P -m playbook.check $(CHECKS)

# Asks for TITLE and PART when they are not given on the command line.
chapter: $(STAMP)
	$(BIN)/python -P -m playbook.scaffold --title "$(TITLE)" --part "$(PART)" --description "$(DESCRIPTION)"

# A reminder, not a gate: always exits 0 when the data loads.
freshness: $(STAMP)
	$(BIN)/python -P -m playbook.freshness

# A report, not a gate: footnotes by kind of source and those resting on a secondary one.
sources: $(STAMP)
	$(BIN)/python -P -m playbook.sources

# `make check` runs first, so its file:line messages come before the longer test run.
# .venv-zensical is for tests/test_zensical.py (the same sources built with Zensical).
# -P keeps the project folder off sys.path (a file there cannot shadow a library);
# PLAYBOOK_SUITE makes a run that executed no test fail (tests/conftest.py).
test: $(STAMP) $(ZENSICAL_STAMP) check system-deps vnu pagefind
	PLAYBOOK_SUITE=1 $(BIN)/python -P -m pytest -p no:cacheprovider --confcutdir=tests

lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv==0.13.9
	.venv-lock/bin/uv pip compile requirements.in --generate-hashes --universal \
	  --python-version 3.11 --prerelease disallow --no-header -o requirements.lock
	.venv-lock/bin/uv pip compile requirements-zensical.in --generate-hashes --universal \
	  --python-version 3.11 --prerelease disallow --no-header -o requirements-zensical.lock

# The same sources built with Zensical (Material's successor) into build/zensical-site/,
# from its own hash-locked environment. The MkDocs build stays the published one; what
# Zensical cannot do yet is listed in README.md (For maintainers).
$(ZENSICAL_STAMP): requirements-zensical.lock pyproject.toml
	rm -rf $(ZENSICAL_VENV)
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-zensical.lock
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
	@touch $@

zensical-setup: $(ZENSICAL_STAMP)

# Zensical has no --site-dir: a copy of mkdocs.yml beside it names build/zensical-site.
zensical: $(STAMP) $(ZENSICAL_STAMP)
	$(BIN)/python -P -m playbook.prebuild
	rm -rf build/zensical-site
	{ cat mkdocs.yml; echo; echo "site_dir: build/zensical-site"; } > .zensical.yml
	$(ZENSICAL_VENV)/bin/zensical build --clean --strict --config-file .zensical.yml
	$(BIN)/python -P -m playbook.postbuild build/zensical-site --cache build/cache/docx \
	  --templates "$$($(ZENSICAL_VENV)/bin/python -c 'import pathlib, zensical; print(pathlib.Path(zensical.__file__).parent / "templates")')" \
	  || { rm -rf build/zensical-site; exit 1; }

# The locked environment with mkdocs-material upgraded to the newest release the registry
# serves (pip never picks a pre-release unless asked), in a scratch venv: a strict build, then
# the tests (CANARY_TESTS="tests/test_site.py" runs fewer). Upgrading is then: change the pin
# in requirements.in, `make lock`.
CANARY       := build/canary-venv
CANARY_TESTS ?=
canary: system-deps vnu pagefind
	rm -rf $(CANARY) build/canary-site
	$(PYTHON) -m venv $(CANARY)
	$(CANARY)/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements.lock
	$(CANARY)/bin/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
	$(CANARY)/bin/python -m pip install --quiet --upgrade mkdocs-material
	@$(CANARY)/bin/python -m pip show mkdocs-material | grep '^Version:' | sed 's/^/mkdocs-material /'
	$(CANARY)/bin/python -m mkdocs build --strict --site-dir build/canary-site
	$(CANARY)/bin/python -P -m playbook.postbuild build/canary-site
	$(CANARY)/bin/python -m pytest $(CANARY_TESTS)

clean:
	rm -rf site build .pytest_cache .hypothesis .zensical.yml

# The site read from disk: Material's offline plugin (OFFLINE=true) makes links end in
# index.html and inlines the search index; the checklist PDFs and the book are printed into
# it (pages link them relatively; the Word files are part of the build); then one zip with a top folder.
# PDFS=<folder> copies the PDFs `make pdf` already printed instead of printing them again: the
# same pages, whose links lead to site_url whichever build they were printed from.
OFFLINE_DIR ?= build/offline
OFFLINE_ZIP ?= build/msp-playbook-offline.zip
PDFS ?=
offline: $(STAMP) system-deps
	$(BIN)/python -P -m playbook.prebuild
	rm -rf $(OFFLINE_DIR) $(OFFLINE_ZIP)
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir $(OFFLINE_DIR)/msp-playbook
	$(BIN)/python -P -m playbook.postbuild $(OFFLINE_DIR)/msp-playbook --offline --cache build/cache/docx
	$(if $(PDFS),mkdir -p $(OFFLINE_DIR)/msp-playbook/pdf && cp $(PDFS)/*.pdf $(OFFLINE_DIR)/msp-playbook/pdf/,\
	  $(BIN)/python scripts/pdf.py $(OFFLINE_DIR)/msp-playbook --paper $(PAPER))
	cd $(OFFLINE_DIR) && $(PYTHON) -m zipfile -c $(abspath $(OFFLINE_ZIP)) msp-playbook
	@echo "Wrote $(OFFLINE_ZIP): unzip it and open msp-playbook/index.html."

# The offline zip published with the site, where the home page and the checklists index link it
# (download/msp-playbook-offline.zip; on a local `make serve` the link leads nowhere, as the PDFs do).
# After `make pdf` (as the deploy runs them) its PDFs go into the zip rather than being printed twice.
publish-offline: PDFS = $(if $(wildcard site/pdf/msp-playbook.pdf),site/pdf)
publish-offline: offline
	@test -f site/index.html || { echo "site/ holds no built site; run make build first."; exit 1; }
	mkdir -p site/download
	cp $(OFFLINE_ZIP) site/download/msp-playbook-offline.zip

# The Nu HTML Checker for tests/test_markup.py: the vnu-jar package that package-lock.json pins,
# downloaded once and refused unless it matches the lock's integrity hash; only its jar is kept,
# in build/cache/vnu-jar-<version>/ (about 32 MB: neither committed nor served; no Node.js needed).
vnu: $(STAMP)
	@$(BIN)/python -P -m scripts.vnu

# Pagefind's binary (the online search index the post-build step writes), fetched at set-up
# like the HTML checker's jar, so no build or test needs the network.
pagefind: $(STAMP)
	@$(BIN)/python -P -m scripts.pagefind

# Front-end files the site serves from its own origin (never a CDN), copied out of npm
# at the versions package-lock.json pins. The copies are committed, so `make serve` and
# `make test` never need npm. After a version bump, update extra.vendor in mkdocs.yml.
VENDOR_DOCS  := docs/assets/vendor
VENDOR_TESTS := tests/vendor
vendor:
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR_DOCS) $(VENDOR_TESTS)
	@set -e; \
	copy() { pkg=$$1; dest=$$2; shift 2; \
	  dir=$$dest/$$pkg-$$(node -p "require('./node_modules/$$pkg/package.json').version"); \
	  mkdir -p $$dir; for f in "$$@"; do cp node_modules/$$pkg/$$f $$dir/; done; echo "  $$dir"; }; \
	copy mermaid       $(VENDOR_DOCS)  dist/mermaid.min.js LICENSE; \
	copy tablesort     $(VENDOR_DOCS)  dist/tablesort.min.js dist/sorts/tablesort.number.min.js LICENCE; \
	copy iframe-worker $(VENDOR_DOCS)  shim/index.js LICENSE; \
	copy exceljs       $(VENDOR_DOCS)  dist/exceljs.bare.min.js LICENSE; \
	copy docx          $(VENDOR_DOCS)  dist/index.iife.js LICENSE; \
	copy axe-core      $(VENDOR_TESTS) axe.min.js LICENSE
