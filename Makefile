# Every target creates the virtual environment first when it is missing or out of date, so a
# fresh clone needs only Python 3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
# The accessibility checker the browser tests inject into Chromium, pinned by package-lock.json.
AXE := node_modules/axe-core/axe.min.js

# Builds are byte-identical for one commit on any day: the sitemap's dates and the gzip header
# take this time (the commit's), not the clock. Set it yourself to build outside a git checkout.
ifeq ($(strip $(SOURCE_DATE_EPOCH)),)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifeq ($(strip $(SOURCE_DATE_EPOCH)),)
unexport SOURCE_DATE_EPOCH
else
export SOURCE_DATE_EPOCH
endif
SITE_DIR ?= site

# Silence Material's end-of-life banner in build output; it is not a warning of this project.
export NO_MKDOCS_2_WARNING := 1

# make serve PORT=8001 HOST=0.0.0.0 (HOST=0.0.0.0 lets other machines of the network preview it)
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: serve build test test-stacks zensical-probe status accept new-clause edition bench lock clean

# The core is installed editable (pyproject.toml): a change to hooks/ or scripts/ needs no reinstall.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-build-isolation --no-deps -e .
	touch $(STAMP)

# The next ground (MAINTAINING.md): each requirement set of STACKS in its own .venv-<set>.
STACKS := material-latest properdocs
.venv-%/.installed-requirements: requirements-%.txt pyproject.toml
	$(PYTHON) -m venv .venv-$*
	.venv-$*/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-$*.txt
	.venv-$*/bin/python -m pip install --quiet --no-build-isolation --no-deps -e .
	touch $@

# The Zensical probe's environment holds Zensical alone (none of the core: Zensical runs no hooks).
.venv-zensical/.installed-requirements: requirements-zensical.txt
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-zensical.txt
	touch $@

serve: $(STAMP)  ## live preview for editors at http://$(HOST):$(PORT)/, rebuilt on every change
	$(BIN)/python scripts/serve.py --dev-addr $(HOST):$(PORT)

build: $(STAMP)  ## strict build of both languages, their PDFs and the offline copy into site/ (or SITE_DIR=…)
	$(BIN)/python scripts/build_site.py "$(SITE_DIR)"

$(AXE): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(AXE)

# The tests run in one process per core (pytest-xdist), each test file whole in one of them;
# TEST_WORKERS=0 runs them in this one process.
TEST_WORKERS ?= auto
test: $(STAMP)  ## the whole test suite
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm is not installed: the accessibility checks (axe-core) are skipped, and fail under CI=true (apt-get install npm)"; fi
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

test-stacks: $(STACKS:%=.venv-%/.installed-requirements)  ## the strict build and the hook tests on each set of STACKS
	$(BIN)/python scripts/test_stacks.py $(STACKS)

zensical-probe: $(STAMP) .venv-zensical/.installed-requirements  ## build the manual with Zensical too; what it loses, in docs-engine/zensical-probe.md
	$(BIN)/python scripts/zensical_probe.py

status: $(STAMP)  ## translation status report (STRICT=1 also fails on stale/untranslated)
	$(BIN)/python scripts/translation_status.py $(if $(STRICT),--fail-on-stale)

accept: $(STAMP)  ## mark translated: CLAUSE=9-301, PAGE=chapter-09.md or ALL=1
	$(BIN)/python scripts/accept_translation.py $(if $(CLAUSE),--clause $(CLAUSE)) $(if $(PAGE),--page $(PAGE)) $(if $(ALL),--all)

new-clause: $(STAMP)  ## add a clause: AFTER=9-301 (or SECTION=9-3) TITLE_JA=… TITLE_EN=…
	$(BIN)/python scripts/new_clause.py $(if $(AFTER),--after $(AFTER)) $(if $(SECTION),--section $(SECTION)) --title-ja "$(TITLE_JA)" --title-en "$(TITLE_EN)"

edition: $(STAMP)  ## record an edition: ID=2 DATE=YYYY-MM-DD TITLE_JA=… TITLE_EN=… SUMMARY_JA=… SUMMARY_EN=…
	$(BIN)/python scripts/record_edition.py --id "$(ID)" --date "$(DATE)" --title-ja "$(TITLE_JA)" --title-en "$(TITLE_EN)" --summary-ja "$(SUMMARY_JA)" --summary-en "$(SUMMARY_EN)"

bench: $(STAMP)  ## build benchmark at 1,000 / 5,000 / 20,000 clauses (writes BENCHMARKS.md table)
	$(BIN)/python scripts/bench.py

COMPILE = .venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --no-header --no-emit-index-url --no-emit-find-links
lock:  ## regenerate the hash-pinned requirements*.txt from requirements*.in
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools==7.6.2
	$(COMPILE) --allow-unsafe -o requirements.txt requirements.in
	$(COMPILE) --allow-unsafe -o requirements-material-latest.txt requirements-material-latest.in
	# MkDocs is left out of the ProperDocs set on purpose (pip-compile's "unsafe" list), and so is
	# pip-compile's advice to pin it: ProperDocs answers its imports.
	$(COMPILE) --unsafe-package mkdocs -o requirements-properdocs.txt requirements-properdocs.in
	sed -i '/^# WARNING: The following packages were not pinned/,$$d' requirements-properdocs.txt
	echo "# mkdocs: left out on purpose, ProperDocs answers its imports (installed with --no-deps)" >> requirements-properdocs.txt

clean:
	rm -rf site .pytest_cache node_modules
