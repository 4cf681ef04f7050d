# `make run` opens the app, `make test` runs lint, type checks and the whole suite headless.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export QT_LOGGING_RULES ?= qt.multimedia*=false

.PHONY: setup run test lint typecheck pytest bench screenshots clean

setup:
	@bash scripts/setup.sh

run: setup
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found: opening the app on a virtual screen (xvfb-run)."; \
	  xvfb-run -a $(VENV)/bin/coach; \
	else $(VENV)/bin/coach; fi

lint: setup
	$(VENV)/bin/ruff check coach tests bench scripts
	$(VENV)/bin/ruff format --check coach tests bench scripts

typecheck: setup
	$(VENV)/bin/mypy

pytest: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

test: lint typecheck pytest

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

# Every surface of the layout audit as a PNG: artefacts/screenshots/<config>/<surface>.png (offscreen).
screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py $(SCREENSHOT_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache
