# Two commands do all of the set-up (see README): `make run` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint format bench screenshot clean

$(VENV)/.run-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.run-installed $@

## Start the dashboard on http://localhost:$(PORT) with the bundled data.
run: $(VENV)/.run-installed
	$(PY) -m seawatch.ui.serve --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

## Lint, type-check and run the whole test suite (unit, property, app, browser, packaging).
test: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

format: $(VENV)/.test-installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

lint: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(PY) -m mypy

## Speed and memory benchmarks (not part of `make test`); see benchmarks/README.md.
bench: $(VENV)/.test-installed
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
