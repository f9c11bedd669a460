# The two front-door commands (see README.md):
#   make serve   install into .venv and start the gateway on the embedded defaults
#   make test    install into .venv and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install serve test bench chromium

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

test: install $(BIN)/helm chromium
	$(BIN)/python -m pytest

# The dashboard's browser tests drive Debian's chromium through Playwright
# (never `playwright install`). Installed here when missing; fails with a clear message otherwise.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# chromium-l10n gives the Japanese UI, so date inputs in the screenshots read 2026/11/01 as on staff PCs.
chromium:
	@{ test -x $(CHROMIUM) && test -f /usr/lib/chromium/locales/ja.pak; } || { \
	  echo "chromium がないためインストールします (apt-get install -y chromium chromium-l10n)"; \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-l10n; } || \
	  { echo "chromium をインストールできませんでした。root で 'apt-get install -y chromium chromium-l10n' を実行してから make test を再実行してください。" >&2; exit 1; }; \
	}
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) が見つかりません（CHROMIUM=... でパスを指定できます）。" >&2; exit 1; }

bench: install
	$(BIN)/python bench/gateway_bench.py
