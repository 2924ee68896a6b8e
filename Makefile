# Scaffold: `make run` starts the app, `make test` runs every check. Both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types contracts pytest demo bench lock clean check-system package

$(STAMP): requirements.lock pyproject.toml
	@packaging/check-system-libs.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

check-system:
	@packaging/check-system-libs.sh --run

run: $(STAMP) check-system
	$(BIN)/scaffold

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

demo: $(STAMP)
	$(BIN)/scaffold demo

# The one-folder Linux bundle in dist/scaffold (packaging/README.md), then its smoke test.
package: $(STAMP)
	$(BIN)/python packaging/build_bundle.py
	$(BIN)/python packaging/smoke_bundle.py dist/scaffold

bench: $(STAMP)
	@failed=0; for b in bench/bench_*.py; do $(BIN)/python $$b || failed=1; done; exit $$failed

lock:
	$(PYTHON) -m venv /tmp/scaffold-lock && /tmp/scaffold-lock/bin/pip install --quiet -e '.[dev]' setuptools==84.2.1
	{ echo "# Exact versions for every machine: generated with 'make lock' from pyproject.toml's dependencies."; \
	  /tmp/scaffold-lock/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > requirements.lock

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
