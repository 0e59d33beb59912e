# The two commands: `make run` and `make test`. Everything else is for developers and CI.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint fmt venv bench serve

BENCH_ARTICLES ?= 100000

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_newsroom --port $(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: venv
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

fmt: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Not part of `make test` or CI: seeds (or reuses) a PostgreSQL archive and prints tables.
# `make bench BENCH_ARTICLES=2000` is a smoke run. Needs wrk, installed from Debian if missing.
bench: venv
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	BENCH_ARTICLES=$(BENCH_ARTICLES) $(BIN)/python bench/run.py
