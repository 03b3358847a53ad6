# Two commands set up a fresh machine (Python 3.11+): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e '.[models,llm,test,postgres]'
	touch $@ $(VENV)/.run-installed

## The main job: the Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise a chat in this terminal.
run: $(VENV)/.run-installed
	$(BIN)/govqa run

## Lint, format check and the whole test suite (what CI runs).
test: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

## Benchmarks (slow, outside the test suite); results go to docs/benchmarks.md.
bench: $(VENV)/.test-installed
	$(BIN)/pytest -m bench -s

clean:
	rm -rf $(VENV) data
