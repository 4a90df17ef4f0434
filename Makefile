# Gremienportal: `make run` and `make test` work on a fresh Debian machine (as root).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run setup setup-test test lint audit format db seed bench bench-instructions lock clean

run: setup db seed
	$(FLASK) run --host $(HOST) --port $(PORT)

setup: .setup-system.stamp .setup-python.stamp .setup-node.stamp

setup-test: setup .setup-system-test.stamp .setup-python-dev.stamp

.setup-system.stamp: scripts/setup-system.sh
	scripts/setup-system.sh
	touch $@

.setup-system-test.stamp: scripts/setup-system.sh
	scripts/setup-system.sh --test
	touch $@

# The venv's own pip is used as is: every installed package comes from the hashed locks.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

.setup-python.stamp: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

.setup-python-dev.stamp: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# Recompile the locks after editing requirements.in or requirements-dev.in (pip-tools in a
# venv of its own, Python 3.11, PyPI only): every transitive dependency pinned and hashed;
# versions already in the locks are kept. `make lock LOCK_ARGS=--upgrade-package=NAME`
# upgrades one package, `LOCK_ARGS=--upgrade` all of them.
LOCK_VENV ?= /tmp/gremienportal-pip-tools
LOCK_ARGS ?=
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" PIP_CONFIG_FILE=/dev/null \
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

$(LOCK_VENV)/bin/pip-compile:
	python3.11 -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet pip-tools==7.7.0

lock: $(LOCK_VENV)/bin/pip-compile
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

.setup-node.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

db: setup
	$(FLASK) db upgrade

seed: db
	$(FLASK) seed --demo

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Known vulnerabilities of the installed dependencies (PyPI's advisory data); skipped with a
# message when the index is not reachable. scripts/audit_dependencies.py says how.
audit: setup-test
	$(BIN)/python scripts/audit_dependencies.py

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The whole suite on SQLite (TEST_DATABASE_URL is left out of its environment); again on
# PostgreSQL (without the browser suite, which always uses its own SQLite file) when
# TEST_DATABASE_URL is set.
test: setup-test lint audit
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest -q -p no:cacheprovider
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL =="; \
		$(BIN)/python -m pytest -q -p no:cacheprovider -m "not browser"; \
	fi

# Benchmark (docs/performance.md): SQLite and PostgreSQL, 1 000 and 10 000 proposals by default;
# BENCH_SIZES=1000,10000,100000 adds 100 000 (PostgreSQL). Settings: bench/__main__.py.
bench: setup-test
	$(BIN)/python -m bench

# The read pages' instructions per request under valgrind (repeatable on a busy machine);
# writes its section of docs/performance.md. Settings: bench/instructions.py.
bench-instructions: setup-test
	$(BIN)/python -m bench.instructions

clean:
	rm -rf $(VENV) node_modules .setup-*.stamp .pytest_cache .ruff_cache
