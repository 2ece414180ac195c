# Quick start: `make site` builds content/ into output/; `make test` runs the whole test suite.
# Both create their own virtual environment in .venv/ first; only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/sitegen build

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf output .output.* .pytest_cache

# Benchmarks: their own environment, with the peers they compare against (MkDocs, dateparser).
BENCH := .venv-bench
$(BENCH)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH)
	$(BENCH)/bin/python -m pip install --quiet --disable-pip-version-check -e . mkdocs dateparser
	touch $(BENCH)/.installed

.PHONY: bench accuracy
bench: $(BENCH)/.installed
	$(BENCH)/bin/python benchmarks/scale.py --seeds

accuracy: $(BENCH)/.installed
	$(BENCH)/bin/python benchmarks/accuracy.py
