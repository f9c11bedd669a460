# The two front-door commands (see README.md):
#   make serve   install into .venv and start the gateway on the embedded defaults
#   make test    install into .venv and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install serve test bench

$(BIN)/gateway: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# helm is only for the chart's tests (tests/test_helm_chart.py); the gateway never needs it.
$(BIN)/helm: helm/install-helm.sh | $(BIN)/gateway
	bash helm/install-helm.sh $@

install: $(BIN)/gateway

serve: install
	$(BIN)/gateway serve

test: install $(BIN)/helm
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/gateway_bench.py
