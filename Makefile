# semaxkg — `make help` lists the targets.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
SEMAXKG := $(BIN)/semaxkg
SOURCES ?= ../shared/sources

.PHONY: help setup build validate check-sources run test lint typecheck clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python  ## create .venv and install semaxkg with its test tools
	$(BIN)/pip install -q -e '.[test]'

build: setup  ## turn data/statements into data/ttl (validated)
	$(SEMAXKG) build

validate:  ## check the statement files and the shapes without writing
	$(SEMAXKG) validate

check-sources:  ## check every locator against the source texts
	$(SEMAXKG) check-sources --sources $(SOURCES)

run: build  ## set up, build, and serve the Semax graph on 127.0.0.1:8000
	$(SEMAXKG) serve

test: setup  ## run the test suite, ruff and mypy
	$(BIN)/pytest -q
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:  ## remove caches (not data/ttl)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis
