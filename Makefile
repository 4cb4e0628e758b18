# Luoshi: `make run` starts the product with the seed plan and demo users; `make test` tests it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint check messages clean .env

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The local keys, each written once when missing (an older .env gets the field key added).
.env: | $(BIN)/python
	@touch .env
	@grep -q '^DJANGO_SECRET_KEY=' .env || $(BIN)/python -c "import secrets; print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" >> .env
	@grep -q '^LUOSHI_FIELD_KEY=' .env || $(BIN)/python -c "import secrets; print('LUOSHI_FIELD_KEY=' + secrets.token_urlsafe(32))" >> .env

run: install .env
	$(BIN)/luoshi migrate --noinput
	$(BIN)/luoshi collectstatic --noinput --verbosity 0
	$(BIN)/luoshi demo_setup --url http://$(HOST):$(PORT)/
	$(BIN)/luoshi demo_data --zone hetdz --through 2026-10
	@# The workers: `luoshi tick` every five minutes (months close, reminders and notices go out)
	@# and `luoshi db_worker` for background jobs (bulletins are built there).
	$(BIN)/luoshi tick --every 300 > tick.log 2>&1 & TICK=$$!; \
	$(BIN)/luoshi db_worker --interval 1 --no-reload > worker.log 2>&1 & JOBS=$$!; \
	trap 'kill $$TICK $$JOBS 2>/dev/null' EXIT INT TERM; \
	DJANGO_SECURE_COOKIES=0 $(BIN)/luoshi runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check: install .env
	$(BIN)/luoshi check
	$(BIN)/luoshi makemigrations --check --dry-run

# Needs GNU gettext; the compiled catalogue is committed so users do not.
messages: install .env
	cd luoshi && ../$(BIN)/luoshi makemessages -l zh_Hans --no-location --no-obsolete
	cd luoshi && ../$(BIN)/luoshi compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
