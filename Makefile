# jobmaal — the two commands of a new user: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo-data

.PHONY: demo test setup lint clean

$(BIN)/jobmaal: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/jobmaal

setup: $(BIN)/jobmaal

## Generate synthetic registers, compute every indicator, show the follow-up.
demo: setup
	$(BIN)/jobmaal demo --dir $(DEMO_DIR)

## Set everything up and run the whole test suite (what CI runs).
test: setup
	bash scripts/system-deps.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest -n 2

lint: setup
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache test-artifacts
