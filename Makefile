# Cap Installation: the commands a newcomer, a developer and CI use.
#   make run      start the portal on this machine (SQLite, tasks run eagerly, demo data)
#   make test     the test suite (extra pytest arguments: make test PYTEST_ARGS="-k booking -x")
#   make quality  ruff, djlint, the migrations check and the layers between apps
#   make backup   archive the database and MEDIA_ROOT; make restore BACKUP=… puts one back
# See docs/operations.md for production (docker-compose.yml) and docs/environment.md.

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTHON311 ?= python3.11
RUN_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# Two pytest-xdist workers, one per core of the CI machine (each gets its own test database and
# Redis database, portal/test_settings.py); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2

# Commands that load the settings without a .env (tests, lint, i18n on a fresh clone or in CI)
# still need some SECRET_KEY: portal.test_settings replaces it and nothing is signed with it.
# A SECRET_KEY already in the environment wins.
TOOL_ENV := SECRET_KEY="$${SECRET_KEY:-insecure-key-for-tests-and-tooling-only}"

.DEFAULT_GOAL := help
.PHONY: help venv run test quality messages compilemessages bench worker beat axe backup restore

help:
	@echo "make run       start the portal on http://$(RUN_ADDR)/ with demo data"
	@echo "make test      run the test suite (PYTEST_ARGS=... passes arguments to pytest)"
	@echo "make quality   ruff check, ruff format --check, djlint, makemigrations --check, lint-imports"
	@echo "make messages  update locale/en and compile the catalogues"
	@echo "make bench     the benchmark, results in bench/results/latest.* (BENCH_ARGS=--quick)"
	@echo "make worker    start a Celery worker (needs REDIS_URL)"
	@echo "make beat      start Celery beat (needs REDIS_URL)"
	@echo "make backup    archive DATABASE_URL (pg_dump) and MEDIA_ROOT into \$$BACKUP_DIR (backups/)"
	@echo "make restore BACKUP=backups/….tar [FORCE=1]  restore an archive (FORCE: replace a non-empty one)"

venv: $(VENV)/.installed

# Re-installs only when the pinned dependencies change. The project is built from a copy of
# pyproject.toml so that setuptools leaves no build/ or *.egg-info in the work tree.
$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON311) -m venv $(VENV)
	@echo "Installing the dependencies into $(VENV) (pinned by requirements.lock)"
	@tmp=$$(mktemp -d) && cp pyproject.toml "$$tmp/" && \
	  $(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock "$$tmp[dev]"; \
	  status=$$?; rm -rf "$$tmp"; exit $$status
	@touch $@

# A local .env for `make run`: DEBUG on and a random key. Never overwritten, never committed.
.env: | $(VENV)/.installed
	@printf 'DEBUG=true\nSECRET_KEY=%s\n' \
	  "$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote .env (DEBUG=true, a random SECRET_KEY)"

# compilemessages fails when there is no catalogue at all (a fresh clone has no locale/ yet).
compilemessages: venv
	@if [ -n "$$(find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o -name '*.po' -print | head -n 1)" ]; then \
	  $(TOOL_ENV) $(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules; \
	else \
	  echo "No .po catalogue yet: nothing to compile"; \
	fi

run: venv .env compilemessages
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo
	@echo "== Cap Installation runs on http://$(RUN_ADDR)/ (Ctrl-C stops it)"
	@echo
	$(MANAGE) runserver $(RUN_ADDR)

# axe-core (npm, pinned by package-lock.json) for the accessibility tests; skipped without npm.
axe:
	@if [ -d node_modules/axe-core ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

# The exit status is pytest's: make reports it as "Error N" (5 means no test was collected).
test: venv compilemessages axe
	@$(TOOL_ENV) $(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) $(PYTEST_ARGS); \
	  status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no test"; fi; \
	  exit $$status

# Every check runs, then the target fails if any of them failed.
quality: venv
	@status=0; \
	echo "== ruff check"; $(VENV)/bin/ruff check . || status=1; \
	echo "== ruff format --check"; $(VENV)/bin/ruff format --check . || status=1; \
	echo "== djlint --check templates"; \
	if [ -n "$$(find templates -name '*.html' 2>/dev/null | head -n 1)" ]; then \
	  $(VENV)/bin/djlint --check templates || status=1; \
	else \
	  echo "No template yet in templates/"; \
	fi; \
	echo "== makemigrations --check"; \
	$(TOOL_ENV) $(MANAGE) makemigrations --check --dry-run || status=1; \
	echo "== lint-imports (the layers between apps, pyproject.toml)"; \
	$(VENV)/bin/lint-imports --no-cache || status=1; \
	exit $$status

messages: venv
	$(TOOL_ENV) $(MANAGE) makemessages -l en --ignore=$(VENV) --ignore=node_modules
	$(TOOL_ENV) $(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules

# Needs PostgreSQL and Redis on 127.0.0.1: one throw-away database (cap_bench) with the national
# load, gunicorn, the storms, the dashboards, reports, imports and reminders; writes
# bench/results/latest.json and latest.md (about 15 minutes on 2 cores). BENCH_ARGS=--quick: a
# region-sized run for the development loop, written to bench/results/quick.*.
BENCH_ARGS ?=
bench: venv
	$(PY) bench/run.py $(BENCH_ARGS)

# Without REDIS_URL the portal runs tasks eagerly and a worker has nothing to consume.
worker: venv
	@[ -n "$$REDIS_URL" ] || echo "Warning: REDIS_URL is not set, tasks run eagerly in the web process"
	$(VENV)/bin/celery -A portal worker -l INFO

# Beat keeps its schedule state inside the ignored .venv, not in the work tree.
beat: venv
	@[ -n "$$REDIS_URL" ] || echo "Warning: REDIS_URL is not set, tasks run eagerly in the web process"
	$(VENV)/bin/celery -A portal beat -l INFO -s $(VENV)/celerybeat-schedule

# Backups (docs/operations.md): the database of DATABASE_URL and the files of MEDIA_ROOT, in one
# archive per run. PostgreSQL's client tools (pg_dump, pg_restore, psql) must be installed.
BACKUP_DIR ?= backups
BACKUP ?=
FORCE ?=
backup: venv
	$(TOOL_ENV) $(MANAGE) backup --output-dir "$(BACKUP_DIR)"

# Checked before anything runs: a restore without its archive is a mistake to stop at once.
ifneq ($(filter restore,$(MAKECMDGOALS)),)
ifeq ($(strip $(BACKUP)),)
$(error Say which archive: make restore BACKUP=backups/cap-installation-….tar [FORCE=1])
endif
endif
restore: venv
	$(TOOL_ENV) $(MANAGE) restore "$(BACKUP)"$(if $(filter 1 yes true,$(FORCE)), --force)
