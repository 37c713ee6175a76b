# quaestio — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# bench/ joins the lint once it holds code (git keeps no empty folder).
LINT_PATHS := quaestio tests $(if $(wildcard bench/*.py),bench)

.DEFAULT_GOAL := help

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Create .venv and install quaestio.

run: $(VENV)/.installed ## Set up everything and serve the site (with demo content) on http://127.0.0.1:8000.
	$(BIN)/quaestio migrate --noinput
	$(BIN)/quaestio demo --if-empty
	@# The background worker (badges) runs beside the web server and stops with it.
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/quaestio worker & worker=$$!; \
	$(BIN)/quaestio serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

lint: $(VENV)/.installed-test ## ruff, mypy and the migrations check.
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy $(LINT_PATHS)
	$(BIN)/quaestio makemigrations --check --dry-run

# Two processes (one per core); a test file stays on one process, so module fixtures load once.
PYTEST := $(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=10

test: lint ## Set up everything, lint, and run the tests on SQLite (and PostgreSQL when configured).
	$(PYTEST)
	@if [ -n "$$QUAESTIO_TEST_POSTGRES_URL" ]; then \
		echo "== the same suite on PostgreSQL ($$QUAESTIO_TEST_POSTGRES_URL)"; \
		QUAESTIO_DATABASE_URL="$$QUAESTIO_TEST_POSTGRES_URL" $(PYTEST); \
	else \
		echo "PostgreSQL run skipped: QUAESTIO_TEST_POSTGRES_URL is not set (.ci/run sets it)."; \
	fi

format: $(VENV)/.installed-test ## Apply ruff's formatting and fixes.
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/ruff check --fix $(LINT_PATHS)

clean: ## Remove the virtualenv and caches (keeps your database).
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

.PHONY: help install run lint test format clean bench-data bench

BENCH_POSTS ?= 1000000 10000

bench-data: $(VENV)/.installed ## Generate the benchmark sites (1M and 10k posts) once, and import them.
	$(BIN)/python -m bench.prepare $(foreach n,$(BENCH_POSTS),--posts $(n))

bench: $(VENV)/.installed ## Benchmark the imported sites; results in bench/results/ (see docs/performance.md).
	@command -v wrk >/dev/null || apt-get install -y wrk || echo "wrk unavailable: using the Python load generator"
	$(BIN)/python -m bench.run $(foreach n,$(BENCH_POSTS),--posts $(n))
