# `make run` opens the app, `make test` runs lint, type checks and the whole suite headless.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export QT_LOGGING_RULES ?= qt.multimedia*=false

.PHONY: setup setup-dev run test lint typecheck pytest bench screenshots package package-test clean

# `make run` installs only what running needs; the test and development tools come with `make test`.
setup:
	@bash scripts/setup.sh --extras voice

setup-dev:
	@bash scripts/setup.sh --extras voice,test,dev

run: setup
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found: opening the app on a virtual screen (xvfb-run)."; \
	  xvfb-run -a $(VENV)/bin/coach; \
	else $(VENV)/bin/coach; fi

lint: setup-dev
	$(VENV)/bin/ruff check coach tests bench scripts
	$(VENV)/bin/ruff format --check coach tests bench scripts

typecheck: setup-dev
	$(VENV)/bin/mypy

pytest: setup-dev
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

test: lint typecheck pytest

bench: setup-dev
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

# Every surface of the layout audit as a PNG: artefacts/screenshots/<config>/<surface>.png (offscreen).
screenshots: setup-dev
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py $(SCREENSHOT_ARGS)

# The .deb (PyInstaller one-folder bundle, built in its own venv build/package-venv; needs dpkg-deb).
package:
	@bash packaging/build_deb.sh

# Install the .deb into a clean Debian 12 root and run it there (root, network to the apt mirror; slow).
package-test:
	@bash packaging/package_test.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache
