# rekon: `make reconcile` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PDFS ?= $(wildcard data/samples/*.pdf)
OUT ?= out
JOBS ?=
BENCH_ARGS ?=
REAL ?= ../shared/real
PORTFOLIO_OUT ?= out/portfolio

.PHONY: setup test test-slow test-all reconcile samples samples2 samples-renja bench fuzz mutate clean portfolio

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# make test: every test but the heavy end-to-end ones (under 5 minutes on 2 cores); make test-slow:
# those (a wheel built and installed, LibreOffice, OCR of a copier's page, fuzz, memory over 250
# pages, camelot, Dask, the injection harness). CI (.ci/run) runs both.
test: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist loadfile -m "not slow"

test-slow: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist loadfile -m slow

test-all: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist loadfile

reconcile: $(STAMP)
	$(BIN)/rekon run $(PDFS) -o $(OUT)

# One run over the real forms of $(REAL) when present (else the samples' agency in 2022 and
# 2023): each agency gets its own report in OUT/reports/, the store OUT/rekon.duckdb, and
# portfolio.html over them all. A file that could not be read (exit 3) is listed in the portfolio.
portfolio: $(STAMP)
	rm -rf $(PORTFOLIO_OUT)
	@if [ -d "$(REAL)" ]; then set -x; \
	  $(BIN)/rekon run $(REAL) -o $(PORTFOLIO_OUT) --quiet || [ $$? -eq 3 ]; \
	else \
	  echo "$(REAL) is absent: the portfolio of the samples (2022 and 2023)"; set -x; \
	  $(BIN)/rekon run data/samples data/next_year -o $(PORTFOLIO_OUT) --quiet; \
	fi
	$(BIN)/rekon portfolio $(PORTFOLIO_OUT)/rekon.duckdb -o $(PORTFOLIO_OUT)/portfolio.html

# Re-render the sample PDFs from data/source (needs LibreOffice: apt-get install libreoffice-calc-nogui).
samples: $(STAMP)
	$(BIN)/python -m samples.build

# Re-render the second producer's PDFs (reportlab, grid closed at page breaks) into data/producer2/.
samples2: $(STAMP)
	$(BIN)/python -m samples.producer2.build

# Re-render the full Renja evaluation form samples and their truth into data/renja_full/ (needs LibreOffice).
samples-renja: $(STAMP)
	$(BIN)/python -m samples.renja_full

# `make bench BENCH_ARGS="--only producers"` runs one section and keeps the others' last tables.
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --cases 2000

# Mutation testing of the modules that carry the README's promises, each against the fast tests that
# guard it (mutmut 2.x, on a copy in build/mutate/; the checkout is not changed): bench/MUTATION.md.
# `make mutate MUTATE_ARGS="--only extract/numbers.py"` runs one module.
MUTATE_ARGS ?=
mutate: $(STAMP)
	$(BIN)/pip install --quiet 'mutmut>=2.4,<3'
	$(BIN)/python -m bench.mutation $(MUTATE_ARGS)

clean:
	rm -rf $(VENV) build out .pytest_cache
