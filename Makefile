# The two commands: `make run` and `make test`. Everything else is for developers and CI.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint fmt venv eval-quotes check-html backup restore

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

eval-quotes: venv
	$(MANAGE) eval_quotes

fmt: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Nu HTML Checker (Java 17) and axe-core in headless Debian Chromium against the demo pages.
# Needs java, node/npm and chromium on PATH; npm packages are pinned in tools/check_html.
check-html: venv
	PYTHON=$(BIN)/python tools/check_html/run.sh

# A whole-newsroom backup (gzipped XML, natural keys) in var/backups/; see SECURITY.md.
# Media files (MEDIA_ROOT) are backed up separately. `make restore FILE=…` replaces all data.
backup: venv
	$(MANAGE) backup_newsroom

restore: venv
	test -n "$(FILE)" || (echo "usage: make restore FILE=var/backups/newsroom-….xml.gz" && false)
	$(MANAGE) restore_newsroom "$(FILE)"
