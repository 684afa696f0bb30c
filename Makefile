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
# The service catalog's texts (data, not UI source): python -m tools.catalog_i18n writes the .ts.
CATALOG_TS := resources/i18n/catalog_en.ts
CATALOG_QM := resources/i18n/catalog_en.qm
UI_SOURCES := $(shell find counter_app/ui -name '*.py' 2>/dev/null)
# The versions the suite last passed with (make lock writes it; make setup installs through it).
LOCK := requirements/lock.txt
# A second venv with the oldest PySide6 pyproject.toml admits (make test-oldest).
OLDEST_VENV := .venv-oldest
OLDEST_PYSIDE ?= 6.9.*
# A third venv with the newest PySide6 the index offers. It runs on Python >= 3.12: PySide6 6.12.0
# loses a reference to None on every void Qt call where None is not immortal (Python < 3.12), so
# pyproject.toml keeps 6.12 off Python 3.11, where requirements/lock.txt pins 6.11.
NEWEST_VENV := .venv-newest
# pytest-xdist workers for the suite (tests/conftest.py keeps every test of the one virtual card
# reader and of CUPS in one worker); TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= 2
PYTEST_RUN := -p no:cacheprovider -n $(TEST_WORKERS) --durations=30

.PHONY: setup system venv run test test-unit lint test-oldest test-newest bench translations screenshots central clean \
	lock wheel-check package package-test build-root

setup: $(STAMP) $(QM) $(CATALOG_QM)

system:
	@installer/setup-system.sh

$(STAMP): pyproject.toml setup.py $(LOCK) installer/system-packages.txt
	@installer/setup-system.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -c $(LOCK) -e '.[central,fingerprint,scanner,test,package]'
	@touch $(STAMP)

# Re-pin requirements/lock.txt to what .venv holds now (run after a green `make test`);
# `make lock UPGRADE=1` takes the newest versions the index offers instead.
lock: $(STAMP)
	@installer/scripts/lock.sh

# English translation (zh_CN is the source language). lupdate keeps existing translations.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(UI_SOURCES) -ts $(TS) -no-obsolete -locations none
	$(BIN)/pyside6-lrelease $(TS) -qm $(QM)
	$(BIN)/python -m tools.catalog_i18n
	$(BIN)/pyside6-lrelease $(CATALOG_TS) -qm $(CATALOG_QM)

$(QM): $(TS) $(STAMP)
	$(BIN)/pyside6-lrelease -silent $(TS) -qm $(QM)

$(CATALOG_QM): $(CATALOG_TS) $(STAMP)
	$(BIN)/pyside6-lrelease -silent $(CATALOG_TS) -qm $(CATALOG_QM)

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
	$(BIN)/python -m pytest $(PYTEST_RUN)

# ruff (pyflakes, pycodestyle, bugbear…), the import-linter layer contracts, then mypy (pyproject [tool.mypy]:
# strict on counter_protocol, counter_rules, counter_app.domain; incremental cache in .mypy_cache)
lint: setup
	$(BIN)/ruff check .
	PYTHONPATH=$(CURDIR) $(BIN)/lint-imports
	PYTHONPATH=$(CURDIR) $(BIN)/mypy

test-unit: setup
	$(BIN)/python -m pytest -p no:cacheprovider tests/unit

# The tests that touch the Qt binding (marker qt: tests/ui, the unit tests of Qt code, mypy over the
# binding's stubs) on the oldest PySide6 pyproject.toml admits, in a second venv: every other package
# at its locked version. CI runs it after `make test` (.ci/run); not part of
# `make test` itself: the first run downloads PySide6 6.9 (~300 MB) and builds the venv.
test-oldest:
	@installer/setup-system.sh
	@test -x $(OLDEST_VENV)/bin/python || $(PYTHON) -m venv $(OLDEST_VENV)
	@mkdir -p $(RUN_DIR)
	@grep -viE '^(pyside6|shiboken6)' $(LOCK) > $(RUN_DIR)/lock-oldest.txt
	@echo 'PySide6==$(OLDEST_PYSIDE)' >> $(RUN_DIR)/lock-oldest.txt
	$(OLDEST_VENV)/bin/python -m pip install -q --upgrade pip setuptools wheel
	$(OLDEST_VENV)/bin/python -m pip install -q -c $(RUN_DIR)/lock-oldest.txt -e '.[central,fingerprint,scanner,test]'
	@$(OLDEST_VENV)/bin/python -c 'import PySide6; print("test-oldest: PySide6", PySide6.__version__)'
	PYTHONPATH=$(CURDIR) $(OLDEST_VENV)/bin/python -m pytest $(PYTEST_RUN) -q -m qt tests/ui tests/unit

# The same (marker qt) on the newest PySide6 (and Python >= 3.12, found on PATH or under pyenv): the
# APIs we use must still be there and behave. CI runs it after test-oldest. Without such a Python it says so
# and tests nothing.
test-newest:
	@installer/setup-system.sh
	@py=$$(installer/scripts/find-python.sh) || { echo "test-newest: 本机没有 Python 3.12 以上，未测试最新的 PySide6 / no Python >= 3.12 here: the newest PySide6 is not tested"; exit 0; }; \
	test -x $(NEWEST_VENV)/bin/python || $$py -m venv $(NEWEST_VENV); \
	mkdir -p $(RUN_DIR); \
	grep -viE '^(pyside6|shiboken6)' $(LOCK) > $(RUN_DIR)/lock-newest.txt; \
	$(NEWEST_VENV)/bin/python -m pip install -q --upgrade pip setuptools wheel && \
	$(NEWEST_VENV)/bin/python -m pip install -q --upgrade -c $(RUN_DIR)/lock-newest.txt -e '.[central,fingerprint,scanner,test]' PySide6 && \
	$(NEWEST_VENV)/bin/python -c 'import sys, PySide6; print("test-newest: PySide6", PySide6.__version__, "on Python", sys.version.split()[0])' && \
	PYTHONPATH=$(CURDIR) $(NEWEST_VENV)/bin/python -m pytest $(PYTEST_RUN) -q -m qt tests/ui tests/unit

# The wheel carries its data: build it, install it into a fresh venv, run counter-app from there.
wheel-check: setup
	@installer/scripts/check-wheel.sh $(BIN)/python

# The counter client: PyInstaller one-folder bundle + .deb (UOS app-store layout) into dist/.
# GLIBC_FLOOR (default 2.31: Debian 11 / Kylin V10; UOS V20 / Kylin V10 have 2.28-2.31) is the lowest
# glibc the packages promise. On a machine with a newer glibc both .debs are built inside the
# floor's build root (make build-root: a Debian 11 chroot with its own Python 3.11, made once and
# cached in .cache/build-root/; needs root and debootstrap). BUILD_ROOT=0 builds on this machine,
# which then refuses unless told to build for its newer floor: GLIBC_FLOOR=2.36 make package.
# DEB_FLAVOUR=debian adds /usr/bin/counter-app, the menu entry and the udev rule (see docs/packaging.md).
package: setup
	@installer/linux/build-deb.sh
	@installer/linux/build-central-deb.sh

# The glibc-floor build root alone (make package makes it when needed): debootstrap, CPython 3.11
# built there, the app's dependencies in its venv (requirements/floor-2.31.txt over the lock).
build-root:
	@installer/linux/build-root.sh

# Install both .debs into a clean Debian 12 root (debootstrap, cached in .cache/), run doctor and
# an offscreen window there, upgrade over the previous version with a store holding cases.
# PACKAGE_TEST_SUITE=bullseye: the same in a Debian 11 root (glibc 2.31, the packages' floor).
# Slow (minutes): not part of `make test`.
package-test:
	@installer/linux/package-test.sh

bench: setup
	$(BIN)/python -m bench

# Shots are numbered in walk order, so a new one renumbers the rest: the old set is removed first
# and the docs' links are pointed at the new names afterwards (tools.relink_screenshots).
screenshots: setup
	rm -f docs/screenshots/*.png docs/screenshots/1366x768/*.png
	$(BIN)/python -m tools.screenshots --out docs/screenshots
	$(BIN)/python -m tools.screenshots --out docs/screenshots/1366x768 --size 1366x768
	$(BIN)/python -m tools.relink_screenshots

clean:
	rm -rf $(RUN_DIR) build *.egg-info
