# Two commands do everything on a fresh machine with python3 and make:
#   make run   - set up .venv and serve the dashboard on the documents in seeds/
#   make test  - set up .venv with the test extra and run the whole suite
#   make check - the quick loop before each commit: the linter, and every test but the browser, server and slow ones
# All install the exact versions of requirements.lock / requirements-test.lock (with their hashes), then
# Reisatlas itself without dependencies; `make lock` refreshes the lock files after pyproject.toml changed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STREAMLIT_SERVER_PORT ?= 8501
export STREAMLIT_SERVER_PORT
# uv writes the lock files (`make lock` only; installing needs nothing but pip). See README, "Dependencies".
UV_VERSION := 0.13.9
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" --quiet

.PHONY: run test check lint bench lock clean

# The stamps depend on pyproject.toml and the lock, so a re-run installs nothing when they have not changed.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements-test.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/streamlit run ui/server.py --server.port $(STREAMLIT_SERVER_PORT) --server.headless true --browser.gatherUsageStats false

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --dist loadgroup -q

# check writes bytecode even where PYTHONDONTWRITEBYTECODE is set: pytest keeps its rewritten test modules there,
# and compiling them and the package again costs each worker about 3.5 s of the 90 s this loop may take.
check: lint $(VENV)/.installed-test
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist worksteal -q -m "not browser and not server and not slow"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

# Versions already locked are kept while they still satisfy pyproject.toml; a changed pin takes the newest
# version inside it. The test lock is constrained by the app's, so both install the same shared packages.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'uv==$(UV_VERSION)'
	$(LOCK) -o requirements.lock
	$(LOCK) --extra test -c requirements.lock -o requirements-test.lock

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
