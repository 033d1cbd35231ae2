# The README's two commands: `make sample` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := sample-projects/partners-network

.PHONY: sample test lint bench wheel messages clean

$(BIN)/netconsult: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "netconsult needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

## Check the bundled sample engagement, show where it stands and render its reports
## into sample-projects/partners-network/build/.
sample: $(BIN)/netconsult
	$(BIN)/netconsult check --as-of 2020-12-18 $(SAMPLE)
	$(BIN)/netconsult status --as-of 2020-12-18 $(SAMPLE)
	$(BIN)/netconsult report all $(SAMPLE)

## The whole test suite, then the linter.
test: $(BIN)/netconsult
	$(BIN)/pytest -q
	$(BIN)/ruff check netconsult tests benchmarks

lint: $(BIN)/netconsult
	$(BIN)/ruff check netconsult tests benchmarks

## Speed of check, report, survey import and network analysis as ratios to floors measured in the same run.
bench: $(BIN)/netconsult
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/report_speed.py
	$(BIN)/python benchmarks/survey_import_speed.py
	$(BIN)/python benchmarks/network_speed.py

## Re-extract the translatable strings of templates and code into the catalog template.
messages: $(BIN)/netconsult
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		--project netconsult -o netconsult/locale/netconsult.pot .

wheel: $(BIN)/netconsult
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation -w dist .

clean:
	rm -rf $(VENV) build dist
