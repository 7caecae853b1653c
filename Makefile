# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export APP_ENV ?= development
# The suite runs on every core (pytest-xdist); each worker has its own scratch database and
# its own servers on free ports. A file's tests stay on one worker, in order (--dist loadfile):
# browser tests build on each other on their worker's live server (a trainee acknowledges the
# rules, then the manager's report shows it). TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
PYTEST := APP_ENV=testing $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: run test test-postgres e2e e2e-tools bench lint security format translations install migrate demo

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

test: translations e2e-tools
	$(PYTEST)

# The suite without the browser tests, on the database DATABASE_URL names (CI: PostgreSQL).
test-postgres: translations
	$(PYTEST) -m "not e2e"

e2e: translations e2e-tools
	$(PYTEST) -m e2e tests/e2e

# Browser-test tools from npm, pinned by tests/e2e/vendor/package-lock.json (axe-core for the
# accessibility crawl); never fetched from a CDN, never shipped by the site.
E2E_VENDOR := tests/e2e/vendor
$(E2E_VENDOR)/node_modules/.installed: $(E2E_VENDOR)/package-lock.json
	@command -v npm >/dev/null || apt-get install -y -qq npm >/dev/null || \
		{ echo "the browser tests need npm: apt-get install -y npm"; exit 1; }
	cd $(E2E_VENDOR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

e2e-tools: $(E2E_VENDOR)/node_modules/.installed

bench: translations
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null || \
		{ echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	APP_ENV=testing $(BIN)/python -m bench

lint: install security
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# bandit (configured in pyproject.toml): no baseline; every finding is fixed or justified in
# place with a `# nosec BXXX: why` comment, so any new finding fails.
security: install
	$(BIN)/bandit -q -c pyproject.toml -r .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
