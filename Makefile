# plantables: two commands matter.
#   make run   create .venv, install, import the three sample plans into ./plantables.db, print a summary
#   make test  create .venv with the test dependencies and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= plantables.db
# one file per plan: samples/ holds each plan in several formats (PDF, text, tagged PDF,
# Office), which would load as editions of the same plan
SAMPLE_PLANS ?= samples/westmoor_2016_17.pdf samples/kingsbridge_2023_24.pdf samples/harbourside_2024_26.pdf

.PHONY: run test check install install-test bench clean samples

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[export]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,export,dask,ocr,serve]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	@# exit 1 = some files failed: they are listed in the summary; 2 (usage) and 3 (locked) stop make
	$(BIN)/plantables import $(SAMPLE_PLANS) --db $(DB) || [ $$? -eq 1 ]
	$(BIN)/plantables query --db $(DB) "SELECT organisation, source_file, count(*) AS actions, \
	  sum(CASE WHEN status = 'complete' THEN 1 ELSE 0 END) AS complete, count(leads) AS with_lead, \
	  count(due_month) AS with_due_month FROM current_actions GROUP BY organisation, source_file ORDER BY 1, 2"

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# types and lint. mypy reads the package through a symlink named plantables (the repository
# is the package; mypy does not follow the editable install's import hook)
TYPED := extract normalise schema pipeline vocabulary
check: install-test
	mkdir -p build/typecheck && ln -sfn $(CURDIR) build/typecheck/plantables
	cd build/typecheck && MYPYPATH=. $(abspath $(BIN))/python -m mypy --config-file $(CURDIR)/pyproject.toml \
	  $(foreach p,$(TYPED),-p plantables.$(p)) -m plantables.cli
	$(BIN)/python -m ruff check .

# import speed against pdfplumber/camelot/the pypdfium2 floor; figures also in benchmarks/out/import_speed.json
bench: install-test
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	mkdir -p benchmarks/out
	$(BIN)/python benchmarks/import_speed.py --json benchmarks/out/import_speed.json $(BENCH_ARGS)

samples: install-test
	$(BIN)/python samples/generate.py

clean:
	rm -rf $(VENV) build *.egg-info plantables.db
