# Two commands: `make run` serves the archive, `make test` checks it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCAL := .local
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

# `make run` serves a production configuration (DEBUG off, gunicorn, whitenoise)
# over plain HTTP on loopback, so secure-only cookies are turned off there.
RUN_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY="$$(cat $(LOCAL)/secret_key)"

.PHONY: run test test-browser install lint migrate clean fuzz replica

# Installing is the longest step on a fresh machine: pip's lines and download bars
# are its progress, so it is not --quiet.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --progress-bar on -e ".[dev]"
	touch $@

install: $(BIN)/.installed

$(LOCAL)/secret_key:
	mkdir -p $(LOCAL)
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# Static files are collected again only when the installed packages or the
# project's own static files changed since the last time.
STATIC_SOURCES := $(shell find newsarchive/static -type f 2>/dev/null)
$(LOCAL)/collected: $(BIN)/.installed $(STATIC_SOURCES) | $(LOCAL)/secret_key
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	touch $@

run: install $(LOCAL)/secret_key $(LOCAL)/collected
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_gazetteer
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	$(RUN_ENV) $(BIN)/python manage.py create_curator
	@echo "Serving the archive at http://$(HOST):$(PORT)/admin/"
	$(RUN_ENV) exec $(BIN)/gunicorn newsarchive.wsgi --bind $(HOST):$(PORT) \
		--workers $(WORKERS) --access-logfile -

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

CHROMIUM ?= $(shell command -v chromium || echo /usr/bin/chromium)

# SQLite always; PostgreSQL too when DATABASE_URL names it (CI sets it, see .ci/run).
# The browser suite (tests/browser) runs in both when Chromium is installed.
# Each database's run has a budget: past it, pytest is interrupted and still
# prints which tests failed or hung, instead of CI's clock running out silently.
TEST_BUDGET ?= 2400
# The slowest tests are listed, so a slow machine shows where its time went.
PYTEST = timeout --signal=INT --kill-after=120 $(TEST_BUDGET) $(BIN)/pytest -n 2 --dist loadscope --durations=15

test: lint
	DJANGO_DEBUG=1 DATABASE_URL= $(BIN)/python manage.py makemigrations --check --dry-run
	@if [ -x "$(CHROMIUM)" ]; then echo "== Browser suite: on, with $(CHROMIUM)"; \
	else echo "== Browser suite: SKIPPED, no Chromium at $(CHROMIUM) (apt-get install chromium)"; fi
	DATABASE_URL= $(PYTEST)
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$DATABASE_URL"; \
		$(PYTEST) || exit 1; \
	elif [ -n "$$CI" ]; then \
		echo "CI is set but DATABASE_URL is not: PostgreSQL was not tested." >&2; exit 1; \
	else \
		echo "PostgreSQL not tested: set DATABASE_URL=postgres://... to run the suite on it too."; \
	fi
	@[ -x "$(CHROMIUM)" ] || echo "Browser suite SKIPPED: no Chromium at $(CHROMIUM) (apt-get install chromium)."

# A streaming replica of the local PostgreSQL 15 cluster on port 5433, made by
# pg_basebackup (scripts/replica: start, stop, status, remove). CI runs the
# replica tests against it: TEST_REPLICA_URL=postgres://postgres@127.0.0.1:5433.
replica:
	scripts/replica start

# The curator's day in Chromium alone; screenshots land in test-artifacts/browser/.
test-browser: install
	DATABASE_URL= $(BIN)/pytest tests/browser

clean:
	rm -rf $(VENV) staticfiles

# schemathesis against a live archive, every check, valid and invalid data, at
# least 200 examples per operation, anonymous and as a curator (scripts/fuzz.py).
fuzz: install
	$(BIN)/python scripts/fuzz.py
