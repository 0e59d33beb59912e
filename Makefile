# The two commands: `make run` and `make test`. Everything else is for developers and CI.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint fmt venv eval-quotes check-html screenshots bench bench-smoke bench-demo bench-ab bench-instructions serve backup restore

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

# `make eval-quotes STORIES=DIR` scores another folder of annotated stories (NAME.txt + NAME.json).
eval-quotes: venv
	$(MANAGE) eval_quotes $(if $(STORIES),--stories "$(STORIES)")

fmt: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Nu HTML Checker (Java 17) and axe-core in headless Debian Chromium against the demo pages.
# Needs java, node/npm and chromium on PATH; npm packages are pinned in tools/check_html.
check-html: venv
	PYTHON=$(BIN)/python tools/check_html/run.sh

# The README's screenshots (docs/screenshots/), from a fresh demo newsroom in headless Chromium.
screenshots: venv
	$(BIN)/python tools/screenshots.py

# The production profile, locally over http: debug off, hashed static files served by
# whitenoise, gunicorn (WEB_CONCURRENCY workers). A secret key is generated once into var/.
SERVE_ENV = DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" \
	NEWSROOM_FIELD_ENCRYPTION_KEY="$${NEWSROOM_FIELD_ENCRYPTION_KEY:-$$(cat var/field_encryption_key)}" \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SECURE_COOKIES=0 DJANGO_SECURE_HSTS_SECONDS=0 \
	DJANGO_CONN_MAX_AGE=$${DJANGO_CONN_MAX_AGE:-60} HOST=127.0.0.1 PORT=$(PORT)

serve: venv
	@mkdir -p var
	@test -n "$$DJANGO_SECRET_KEY" || test -s var/secret_key || \
		(umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key)
	@test -n "$$NEWSROOM_FIELD_ENCRYPTION_KEY" || test -s var/field_encryption_key || \
		(umask 077 && $(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > var/field_encryption_key)
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/gunicorn --config gunicorn.conf.py newsroom.wsgi

# Not part of `make test` or CI: seeds (or reuses) a PostgreSQL archive and prints tables.
# `make bench BENCH_ARTICLES=2000` is a smoke run. Needs wrk, installed from Debian if missing.
bench: venv
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	BENCH_ARTICLES=$(BENCH_ARTICLES) $(BIN)/python -m bench.run

# The same script on a 300-story archive in its own database, briefly: CI runs it so that the
# benchmark keeps working (every page must answer 200). Its figures mean nothing.
BENCH_SMOKE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench_smoke
bench-smoke: venv
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	BENCH_ARTICLES=300 BENCH_REQUESTS=5 BENCH_WRK_DURATION=1s BENCH_WRK_RUNS=1 \
		BENCH_DATABASE_URL=$(BENCH_SMOKE_DATABASE_URL) $(BIN)/python -m bench.run

# The demo newsroom's req/s as a share of a bare Django view, embedded (SQLite) and production
# (PostgreSQL + Redis) profiles, with the CPU a request costs the server and PostgreSQL; about
# six minutes. Method and figures: docs/performance.md.
bench-demo: venv
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench.demo

# A paired A/B of the working tree against BENCH_AB_BASE (default HEAD) on the demo newsroom:
# 20 alternating rounds; BENCH_AB_PROFILE=production for PostgreSQL + Redis. See bench/ab.py.
bench-ab: venv
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench.ab

# The instructions a story page and the home page cost in process (callgrind): steady whatever
# else the machine is doing. See bench/instructions.py.
bench-instructions: venv
	command -v valgrind >/dev/null || (apt-get update && apt-get install -y valgrind)
	$(BIN)/python -m bench.instructions

# A whole-newsroom backup (gzipped XML, natural keys) in var/backups/; see SECURITY.md.
# Media files (MEDIA_ROOT) are backed up separately. `make restore FILE=…` replaces all data
# after asking on the terminal; `YES=1` confirms it in advance (scripts, no terminal).
backup: venv
	$(MANAGE) backup_newsroom

restore: venv
	test -n "$(FILE)" || (echo "usage: make restore FILE=var/backups/newsroom-….xml.gz" && false)
	$(MANAGE) restore_newsroom "$(FILE)" $(if $(YES),--yes)
