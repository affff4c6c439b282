# The MSP Playbook. `make serve` to read and write, `make test` to check everything.
# Both set up .venv from requirements.lock first, so a fresh clone needs nothing else.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.8 prints an end-of-life banner on every build; it is not a warning.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Debian packages the browser and PDF tests need, beyond Python.
SYSTEM_PACKAGES := chromium poppler-utils fonts-dejavu-core

.PHONY: help setup serve build test system-deps lock clean

help:
	@echo "make serve   set up .venv and serve the site on http://127.0.0.1:8000 with live reload"
	@echo "make test    set up, install what the tests need (Chromium) and run the whole suite"
	@echo "make build   strict build into site/"
	@echo "make lock    regenerate requirements.lock from requirements.in (maintainers)"

setup: $(STAMP)

# Rebuilt whenever the lock file changes; --require-hashes refuses anything unpinned.
$(STAMP): requirements.lock
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
	@touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# Built beside site/ and moved into place only when the strict build succeeds,
# so a failed build never leaves a half-written site behind.
build: $(STAMP)
	rm -rf build/site.partial
	$(BIN)/mkdocs build --strict --site-dir build/site.partial
	rm -rf site && mv build/site.partial site

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

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv==0.13.9
	.venv-lock/bin/uv pip compile requirements.in --generate-hashes --universal \
	  --python-version 3.11 --prerelease disallow --no-header -o requirements.lock

clean:
	rm -rf site build .pytest_cache .hypothesis
