# rekon: `make reconcile` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PDFS ?= $(wildcard data/samples/*.pdf)
OUT ?= out
JOBS ?=
BENCH_ARGS ?=

.PHONY: setup test reconcile samples samples2 bench fuzz clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist loadfile

reconcile: $(STAMP)
	$(BIN)/rekon run $(PDFS) -o $(OUT)

# Re-render the sample PDFs from data/source (needs LibreOffice: apt-get install libreoffice-calc-nogui).
samples: $(STAMP)
	$(BIN)/python -m samples.build

# Re-render the second producer's PDFs (reportlab, grid closed at page breaks) into data/producer2/.
samples2: $(STAMP)
	$(BIN)/python -m samples.producer2.build

# `make bench BENCH_ARGS="--only producers"` runs one section and keeps the others' last tables.
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --cases 2000

clean:
	rm -rf $(VENV) build out .pytest_cache
