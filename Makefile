# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export APP_ENV ?= development

.PHONY: run test e2e bench lint security format translations install migrate demo

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

translations: install
	$(BIN)/python -m tools.i18n compile

migrate: translations
	$(BIN)/flask --app app db upgrade heads

demo: migrate
	$(BIN)/flask --app app certification keygen --if-missing
	$(BIN)/flask --app app demo load

run: demo
	$(BIN)/flask --app app run --host 127.0.0.1 --port $(PORT)

test: translations
	APP_ENV=testing $(BIN)/pytest

e2e: translations
	APP_ENV=testing $(BIN)/pytest -m e2e tests/e2e

bench: translations
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null || \
		{ echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	APP_ENV=testing $(BIN)/python -m bench

lint: install security
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# bandit (configured in pyproject.toml); bandit-baseline.json holds the findings of area
# packages still to be justified in place. New findings fail.
security: install
	$(BIN)/bandit -q -c pyproject.toml -r . -b bandit-baseline.json

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
