# Scaffold: `make run` starts the app, `make test` runs every check. Both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types contracts pytest demo bench lock clean check-system

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

bench: $(STAMP)
	@for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

lock:
	$(PYTHON) -m venv /tmp/scaffold-lock && /tmp/scaffold-lock/bin/pip install --quiet -e '.[dev]' setuptools==84.2.1
	{ echo "# Exact versions for every machine: generated with 'make lock' from pyproject.toml's dependencies."; \
	  /tmp/scaffold-lock/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > requirements.lock

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
