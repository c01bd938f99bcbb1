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

.PHONY: run test check install install-test compile test-compiled clean-compiled bench clean samples

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

# the source build, even where make compile built the PDF reader (make test-compiled runs that)
test: install-test
	PLANTABLES_PURE_PYTHON=1 PLANTABLES_EXPECT_BUILD=source $(BIN)/python -m pytest $(PYTEST_ARGS)

# types and lint. mypy reads the package through a symlink named plantables (the repository
# is the package; mypy does not follow the editable install's import hook)
TYPED := extract normalise schema pipeline vocabulary
check: install-test
	mkdir -p build/typecheck && ln -sfn $(CURDIR) build/typecheck/plantables
	cd build/typecheck && MYPYPATH=. $(abspath $(BIN))/python -m mypy --config-file $(CURDIR)/pyproject.toml \
	  $(foreach p,$(TYPED),-p plantables.$(p)) -m plantables.cli
	$(BIN)/python -m ruff check .

# the PDF reader compiled to C with mypyc (setup.py): the same output, 1.3x fewer instructions
# reading pages (an import 1.14-1.19x faster in make bench). Needs a C compiler and Python's
# headers (~4 min the first time, ~30 s when nothing changed); the modules are built beside
# their source and used while they are up to date (extract/pdf/build_kind.py); make
# clean-compiled drops them
compile: install
	$(BIN)/python -m pip install --quiet 'mypy>=1.10'
	PLANTABLES_COMPILE=1 $(BIN)/python setup.py --quiet build_ext --inplace
	@$(BIN)/python -c "import plantables.extract.pdf as p; print('plantables PDF reader:', p.BUILD)"

# the PDF reader's tests and the accuracy corpora again, on the compiled build (OCR, which is
# not compiled and takes minutes, once in make test is enough)
test-compiled: install-test compile
	PLANTABLES_EXPECT_BUILD=compiled $(BIN)/python -m pytest tests/unit/extract tests/accuracy \
	  --ignore tests/accuracy/test_ocr_accuracy.py $(PYTEST_ARGS)

clean-compiled:
	rm -f extract/pdf/*.so extract/pdf/pdfium/*.so
	rm -rf build/mypyc build/temp.* build/lib.*

# import speed against pdfplumber/camelot/the pypdfium2 floor, on the compiled build and on the
# source (same run); figures also in benchmarks/out/import_speed.json
bench: install-test compile
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	mkdir -p benchmarks/out
	$(BIN)/python benchmarks/import_speed.py --json benchmarks/out/import_speed.json $(BENCH_ARGS)

samples: install-test
	$(BIN)/python samples/generate.py

clean: clean-compiled
	rm -rf $(VENV) build *.egg-info plantables.db
