# Two commands do everything on a fresh machine with python3 and make:
#   make run   - set up .venv and serve the dashboard on the documents in seeds/
#   make test  - set up .venv with the test extra and run the whole suite
#   make check - the quick loop before each commit: the linter, and every test but the browser, server and slow ones
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STREAMLIT_SERVER_PORT ?= 8501
export STREAMLIT_SERVER_PORT

.PHONY: run test check lint bench clean

# The stamps depend on pyproject.toml, so a re-run installs nothing when it has not changed.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/streamlit run ui/server.py --server.port $(STREAMLIT_SERVER_PORT) --server.headless true --browser.gatherUsageStats false

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto -q

check: lint $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto -q -m "not browser and not server and not slow"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
