# Development entry points. `make run` takes a fresh clone to a running platform.
.DEFAULT_GOAL := help
.PHONY: help run test check catalogue venv clean

VENV := .venv
BIN := $(VENV)/bin
# Touched after each install: pip runs again only when pyproject.toml is newer.
STAMP := $(VENV)/.installed

help:  ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-6s %s\n", $$1, $$2}'

# seed-demo is idempotent and quick, so it runs every time rather than guessing whether
# the database (SQLite or PostgreSQL) is new.
run: venv  ## Migrate, load demo data, and run every process (voiceagent dev)
	$(BIN)/voiceagent db upgrade
	$(BIN)/voiceagent seed-demo
	$(BIN)/voiceagent dev

# The suite runs on four workers (pytest-xdist), each with its own Redis DB and scratch
# database (tests/conftest.py). Four on two cores because many tests wait on a server, a
# subprocess or a call's audio in real time. Measured on a quiet machine (2026-12-02, 2,330
# tests): 633 s on four workers, 727 s on six (the cores saturate: load average ~10).
# worksteal starts each worker on its own share of the tests, so module fixtures (a portal
# process, a scratch database) are rarely built twice, then evens out the tail.
# PYTEST_WORKERS=0 runs everything in one process; `.venv/bin/pytest tests/x.py` does too.
PYTEST_WORKERS ?= 4

test: venv check  ## Static checks, start PostgreSQL and Redis if needed, run the tests (PYTEST_ARGS=...)
	scripts/ensure-services
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

check: venv  ## Lint, format and type check (ruff, mypy), the Dockerfile (hadolint), German for every text
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile
	$(BIN)/python -m cli.catalogue check

catalogue: venv  ## Add the code's new texts to core/locale/*.po (then write their German there)
	$(BIN)/python -m cli.catalogue update

venv: $(STAMP)  ## Create .venv and install the project with its dev extras

$(BIN)/python:
	python3 -m venv $(VENV)

# Order-only on the interpreter: its symlink's timestamp says nothing about the install.
# uv resolves and installs the same releases as pip (compared with pip freeze) in ~15 s
# where pip took 60-90 s of every fresh `make test`; it compiles the bytecode as pip does,
# so the first test collection does not. It reads PyPI only, not pip's local find-links.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet 'uv>=0.9'
	$(BIN)/uv pip install --python $(BIN)/python --compile-bytecode -e '.[dev]'
	touch $@

clean:  ## Remove .venv and caches (keeps var/, the development database)
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
