# 社保窗口柜面客户端 — make run | make test | make bench | make screenshots
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
RUN_DIR := .run
CENTRAL_PORT ?= 8765
TS := resources/i18n/counter_app_en.ts
QM := resources/i18n/counter_app_en.qm
UI_SOURCES := $(shell find counter_app/ui -name '*.py' 2>/dev/null)

.PHONY: setup system venv run test test-unit lint bench translations screenshots central clean

setup: $(STAMP) $(QM)

system:
	@installer/setup-system.sh

$(STAMP): pyproject.toml installer/system-packages.txt
	@installer/setup-system.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e '.[central,fingerprint,scanner,test]'
	@touch $(STAMP)

# English translation (zh_CN is the source language). lupdate keeps existing translations.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(UI_SOURCES) -ts $(TS) -no-obsolete -locations none
	$(BIN)/pyside6-lrelease $(TS) -qm $(QM)

$(QM): $(TS) $(STAMP)
	$(BIN)/pyside6-lrelease -silent $(TS) -qm $(QM)

# Start the app on its embedded default: local store, demo configuration and a local central
# service on loopback (SQLite) with the demo users.
run: setup
	@mkdir -p $(RUN_DIR)
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ "$$QT_QPA_PLATFORM" != "offscreen" ]; then \
	    echo "没有图形显示（DISPLAY 未设置）。在无显示器的机器上请用虚拟显示运行：" >&2; \
	    echo "    xvfb-run -a -s '-screen 0 1600x1000x24' make run" >&2; \
	    echo "No display. Run it under Xvfb: xvfb-run -a -s '-screen 0 1600x1000x24' make run" >&2; \
	    exit 1; fi
	@$(BIN)/python -m tools.demo_run --port $(CENTRAL_PORT) --run-dir $(RUN_DIR)

test: setup lint
	$(BIN)/python -m pytest -p no:cacheprovider

# ruff (pyflakes, pycodestyle, bugbear…), the import-linter layer contracts, then mypy (pyproject [tool.mypy]:
# strict on counter_protocol, counter_rules, counter_app.domain; incremental cache in .mypy_cache)
lint: setup
	$(BIN)/ruff check .
	PYTHONPATH=$(CURDIR) $(BIN)/lint-imports
	PYTHONPATH=$(CURDIR) $(BIN)/mypy

test-unit: setup
	$(BIN)/python -m pytest -p no:cacheprovider tests/unit

bench: setup
	$(BIN)/python -m bench

screenshots: setup
	$(BIN)/python -m tools.screenshots --out docs/screenshots
	$(BIN)/python -m tools.screenshots --out docs/screenshots/1366x768 --size 1366x768

clean:
	rm -rf $(RUN_DIR) build *.egg-info
