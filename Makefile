# semaxkg — `make help` lists the targets.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
SEMAXKG := $(BIN)/semaxkg
SOURCES ?= ../shared/sources
# Where `make run` listens: `make run PORT=8080 HOST=127.0.0.1`.
PORT    ?= 8000
HOST    ?= 127.0.0.1
# pytest-xdist workers for `make test` / `make test-fast`: the tests wait on servers, subprocesses and
# Java much of the time, so 4 workers beat one per core on 2 cores (measured: README); loadscope keeps
# each module on one worker, so a module-scoped fixture (a crawl, a browser, a store) is made once.
WORKERS ?= 4
XDIST   := -n $(WORKERS) --dist loadscope
# The fast tier waits on nothing (no servers, no Java): one worker per core is quickest there
# (measured on 2 cores: 56 s with 2 workers, 61 s with 3, 67-74 s with 4).
FAST_WORKERS ?= 2
# The fast tier: no server processes, no browser, nothing marked slow.
FAST    := not live and not browser and not slow

.PHONY: help setup build validate check-sources run test test-fast test-serial expected wheel lint typecheck clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstalled only when the package metadata changed (an editable install needs no more).
$(VENV)/.installed: $(BIN)/python pyproject.toml setup.py
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed  ## create .venv and install semaxkg with its test tools

build: setup  ## turn data/statements into data/ttl (validated)
	$(SEMAXKG) build

validate:  ## check the statement files and the shapes without writing
	$(SEMAXKG) validate

check-sources:  ## check every locator against the source texts
	$(SEMAXKG) check-sources --sources $(SOURCES)

run: build  ## set up, build, and serve the Semax graph on $(HOST):$(PORT) (make run PORT=8080)
	$(SEMAXKG) serve --host $(HOST) --port $(PORT)

test: setup  ## the whole suite in parallel (pytest-xdist, WORKERS=4), then the import contract, ruff and mypy
	$(BIN)/pytest -q $(XDIST)
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests
	$(BIN)/mypy

test-fast: setup  ## the fast tier (no live servers, no browser, not slow) in parallel: under a minute
	$(BIN)/pytest -q -n $(FAST_WORKERS) --dist loadscope -m "$(FAST)"

test-serial: setup  ## the whole suite in one process (to compare times, or to debug)
	$(BIN)/pytest -q -p no:xdist

expected: setup  ## rewrite queries/expected/*.tsv from data/ttl (then review git diff queries/expected)
	$(BIN)/python queries/make_expected.py

wheel: setup  ## build dist/semaxkg-*.whl carrying the ontology, shapes, queries and built graph
	$(BIN)/pip wheel -q --no-deps --no-build-isolation -w dist .

lint:  ## the import contract (pyproject [tool.importlinter]) and ruff on the code and the tests
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests

typecheck:  ## mypy (strict)
	$(BIN)/mypy

clean:  ## remove caches and build leftovers (not data/ttl)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist data/.ttl-new-* data/.ttl-old-*
