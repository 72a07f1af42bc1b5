# Two commands on a fresh machine: `make run` and `make test`. Both are idempotent and
# quick once set up: the virtual environment is rebuilt only when pyproject.toml changes.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/lib/chromium/chromium
PYTEST_ARGS ?=
# make run PORT=8001 HOST=0.0.0.0: where the development server listens.
HOST ?= 127.0.0.1
PORT ?= 8000
# The address to open: a server listening on every interface is still reached locally.
URL_HOST := $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))

.PHONY: run test lint format setup chromium demo clean bench

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian's Chromium for the browser tests (never `playwright install`: no downloads here).
chromium:
	@test -x $(CHROMIUM) || { \
		echo "Installing Debian's Chromium for the browser tests..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	}

demo: setup
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --url http://$(URL_HOST):$(PORT)/

run: demo
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,[::1],$(HOST)}" \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup chromium
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test >/dev/null \
		|| { echo "Models have changes without a migration: run manage.py makemigrations"; exit 1; }
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python -m benchmarks.results_page

clean:
	rm -rf $(VENV) staticfiles
