# Every target bootstraps .venv itself from the locked requirements; nothing needs to be installed by hand.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/dangvien
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser demo test lint typecheck pytest pytest-pg bench crosscheck lock clean

install: $(STAMP) var/secret_key

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# A per-installation secret, never committed: created once, readable only by its owner.
var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Browser tests drive Debian's Chromium (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium) \
	  || { [ -z "$${CI:-}" ] && echo "Chromium could not be installed: browser tests will be skipped"; }
	@# The report test converts the .docx with LibreOffice Writer, the check test opens the .xlsx with
	@# Calc (Liberation fonts stand in for Times New Roman). Writer alone cannot load a workbook, so both
	@# components are checked, not just the `libreoffice` command.
	@{ command -v soffice >/dev/null 2>&1 && ls /usr/lib/libreoffice/program/libsclo.so /usr/lib/libreoffice/program/libswlo.so >/dev/null 2>&1; } \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2) \
	  || { [ -z "$${CI:-}" ] && echo "LibreOffice could not be installed: the conversion tests will be skipped"; }

lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

demo: install
	HTTPS=false $(PY) manage.py migrate --noinput
	HTTPS=false $(PY) manage.py migrate --noinput --database jobs
	HTTPS=false $(PY) manage.py collectstatic --noinput -v0
	HTTPS=false $(PY) manage.py load_catalogs
	HTTPS=false $(PY) manage.py load_demo
	HTTPS=false $(PY) manage.py refresh_findings
	HTTPS=false $(PY) manage.py check
	@echo
	@cat var/demo_accounts.txt
	@echo
	HTTPS=false $(PY) manage.py serve --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

pytest: install browser
	$(PY) manage.py makemigrations --check --dry-run > /dev/null
	env -u DATABASE_URL DANGVIEN_EXPECT_DB=sqlite $(VENV)/bin/pytest

# PostgreSQL pass: DATABASE_URL if given, else the local server when one answers. In CI it is required.
pytest-pg: install browser
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then \
	  if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then url="$(PG_URL)"; fi; \
	fi; \
	if [ -z "$$url" ]; then \
	  if [ -n "$${CI:-}" ]; then echo "CI: no PostgreSQL answers on 127.0.0.1:5432 and DATABASE_URL is unset" >&2; exit 1; fi; \
	  echo "PostgreSQL not available: skipping the PostgreSQL pass"; exit 0; \
	fi; \
	echo "PostgreSQL pass on $${url%%@*}@…"; \
	DATABASE_URL="$$url" DANGVIEN_EXPECT_DB=postgresql $(VENV)/bin/pytest -m django_db

test: lint typecheck pytest pytest-pg

# Bench-only packages (Splink, DuckDB for bench_duplicates.py), hash-locked and constrained by the
# main lock so that no runtime package moves; installed once per change of either lock.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) bench/requirements-bench.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r bench/requirements-bench.lock
	touch $(BENCH_STAMP)

bench: install $(BENCH_STAMP)
	@set -e; for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script; done

# dangvien.vn's legacy-font tables against glibc iconv, PyPI viparse and npm vietnamese-conversion
# (dangvien/vn/crosscheck/README.md). viparse and the npm package go to temporary directories.
crosscheck: install
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	  --target "$$tmp/python" -r dangvien/vn/crosscheck/requirements.txt; \
	PYTHONPATH="$$tmp/python" $(PY) -m dangvien.vn.crosscheck

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
