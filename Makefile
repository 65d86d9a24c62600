# mentorkit: two commands for a new user (`make demo`, `make test`), and a few for the rest.
# Needs Python 3.11 or newer as `python3` (override with `make PYTHON=python3.12 ...`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.mentorkit-installed
TESTSTAMP := $(VENV)/.mentorkit-test-installed
APPSTAMP := $(VENV)/.mentorkit-app-installed
WORKBOOK ?= workbooks/my-workbook
# make lab NAME="Your Name": the name for a new workbook (only from the command line,
# never from an environment variable that happens to be called NAME); asked when not given.
NAME_OPTION = $(if $(filter command line,$(origin NAME)),--name "$(NAME)")

.PHONY: help demo test test-fast lint bench eval lab app install install-test browser clean sample-data

help:
	@echo "make demo   - install into .venv and run the workbook on the shipped sample mentee"
	@echo "              (facilitators: .venv/bin/mentorkit demo --cohort, the sample cohort's summary page)"
	@echo "make test   - install with the test extras (and Chromium), check the code (make lint) and run every test"
	@echo "make lab    - open JupyterLab on the journey with your own workbook ($(WORKBOOK)); mentorkit lab"
	@echo "make app    - serve the journey as an app with Voila (forms and outputs, no code); mentorkit app"
	@echo "make bench  - measure import time, save time and cohort throughput"
	@echo "make eval   - measure the coach's writing checks against the labelled corpus"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mentorkit needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TESTSTAMP) browser

browser:
	@sh scripts/ensure-chromium.sh

demo: $(STAMP)
	$(BIN)/mentorkit demo --out build/demo

# ruff (import order, line length, heavy imports kept out of the light modules, imports at the top)
# and mypy, both configured in pyproject.toml; `make test` runs them first.
lint: install-test
	$(BIN)/ruff check mentorkit tests benchmarks scripts
	$(BIN)/mypy

test: install-test lint
	$(BIN)/python -m pytest -p no:cacheprovider --nbval-lax tests notebooks \
		--junitxml=build/test-results.xml

test-fast: install-test
	$(BIN)/python -m pytest -x -q tests/unit

bench: install-test
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/eval_coach.py

# The request check (G4.1-G4.5) and the realism check (G1.6) against tests/corpus; --details lists
# the tuning split's misses by id.
eval: $(STAMP)
	$(BIN)/python benchmarks/eval_coach.py $(EVAL_ARGS)

# JupyterLab and Voila refuse to run as root (containers) without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

lab: $(STAMP)
	$(BIN)/mentorkit lab "$(WORKBOOK)" $(NAME_OPTION) $(ALLOW_ROOT)

# Voila serves the journey as an app: forms and outputs, no code. Its settings (sources
# stripped, no request leaving this machine) ship in mentorkit/jupyter_config/voila.json.
$(APPSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[app]'
	touch $@

app: $(APPSTAMP)
	$(BIN)/mentorkit app "$(WORKBOOK)" $(NAME_OPTION)

sample-data: $(STAMP)
	$(BIN)/python scripts/make_sample_data.py

clean:
	rm -rf build .pytest_cache
