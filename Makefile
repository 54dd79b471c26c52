# Weaklink: `make run` serves the app with demo data; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist processes for make test and make test-fast: auto is one per core;
# TEST_WORKERS=0 runs everything in one process (for -x, --pdb or print debugging).
TEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist worksteal

# Django 6.1 needs Python >= 3.12; 3.12 first (the pose model has no 3.13 wheel), then 3.13, python3.
FIND_PYTHON := for c in python3.12 $$(ls -d $$HOME/.pyenv/versions/3.12*/bin/python 2>/dev/null | sort -rV) python3.13 python3 $$(ls -d $$HOME/.pyenv/versions/3.1[3-9]*/bin/python 2>/dev/null | sort -rV); do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$c; exit 0; fi; \
	done; exit 1

.PHONY: help run test test-fast venv dev-venv migrate demo lint typecheck format lock bench-findings bench-video bench-pages clean

help:
	@echo "make run       - set up .venv, migrate, load the drill library and demo data, serve http://$(HOST):$(PORT) with a task worker"
	@echo "make test      - ruff, mypy, Django checks, migrations check, then pytest (DATABASE_URL or SQLite)"
	@echo "make test-fast - ruff, then pytest without the slow and browser tests (the edit-test loop)"
	@echo "                both run pytest on every core (pytest-xdist); TEST_WORKERS=0 for one process"
	@echo "make typecheck - mypy with django-stubs over the app, tests, bench and deploy (zero errors)"

$(VENV)/.stamp-base: pyproject.toml
	@py=$$($(FIND_PYTHON)) || { echo "Weaklink needs Python 3.12 or newer (Django 6.1). Install python3.12 or python3.13 (for example 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.12') and run make again." >&2; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-base
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

venv: $(VENV)/.stamp-base
dev-venv: $(VENV)/.stamp-dev

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_drill_library
	$(PY) manage.py load_demo

# The task worker (emails, later reminders and video analysis) runs beside the
# server and stops with it: Ctrl-C, or the server exiting for any reason.
run: demo
	@echo "Serving Weaklink on http://$(HOST):$(PORT) with a task worker  (Ctrl-C to stop both)"
	@$(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy with django-stubs ([tool.mypy] in pyproject.toml lists the folders); its
# cache (.mypy_cache) makes a repeat run take seconds.
typecheck: dev-venv
	$(VENV)/bin/mypy

format: dev-venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: dev-venv lint typecheck
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	@# pytest exits 5 when it collected nothing: that is a broken suite, not a pass.
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo 'pytest collected no tests' >&2; exit 1; fi; exit $$rc

# Not a substitute for make test: no Django or migrations checks, and the slow
# (fuzzing, Hypothesis-heavy) and browser tests are left out.
test-fast: dev-venv lint
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not slow and not browser" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo 'pytest collected no tests' >&2; exit 1; fi; exit $$rc

# The lock files (Python 3.12, Linux x86_64: what the image and CI run), every
# release with its hashes. pip-compile keeps the pins that still fit
# pyproject.toml; LOCK_ARGS=--upgrade moves everything to the newest allowed,
# LOCK_ARGS='--upgrade-package gunicorn' one package. The image installs
# requirements.lock with --require-hashes; make run and make test keep
# installing from pyproject.toml.
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links --index-url https://pypi.org/simple $(LOCK_ARGS)
lock: dev-venv
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --output-file requirements-dev.lock pyproject.toml

bench-findings: venv
	$(PY) bench/findings.py

# CPU per 10 s phone clip at 10 and 15 fps, and per frame (docs/video.md). The
# clip is made at run time from a real photograph that pip downloads once (sports2d's demo).
bench-video: venv
	$(PY) bench/video.py

# Pages against a bare-Django ceiling under gunicorn + wrk (docs/performance.md).
# DATABASE_URL must name a PostgreSQL database; an empty one is seeded with
# 50 x 200 x 6 first (about a minute). BENCH_ARGS='--page-cache off --seconds 5'.
bench-pages: venv
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "Set DATABASE_URL=postgres://user:password@host/database (an empty database is fine: it gets seeded)." >&2; exit 2;; esac
	@command -v wrk >/dev/null || { echo "wrk not found: install Debian's 'wrk' package (apt-get install wrk)." >&2; exit 2; }
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_drill_library
	$(PY) manage.py seed_scale --if-empty --coaches 50 --clients-per-coach 200 --sessions-per-client 6
	$(PY) bench/pages.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .mypy_cache
