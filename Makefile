# caselog — the commands a newcomer needs. Everything installs into .venv; nothing system-wide but
# libmagic (python-magic's library), which `make install` adds with apt-get when it is missing.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
DEMO    ?= demo-bundle

.PHONY: install demo test bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@scripts/ensure-system-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: install
	$(VENV)/bin/caselog bundle --case sample_data/case.yaml sample_data/exports --out $(DEMO) --force
	$(VENV)/bin/caselog verify $(DEMO)
	@echo "Demo bundle: $(CURDIR)/$(DEMO)  (open $(CURDIR)/$(DEMO)/index.html)"

test: install
	$(PY) -m pytest

bench: install
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) bench/run_bench.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) $(DEMO) build dist *.egg-info .pytest_cache .ruff_cache
