# Two commands for users: `make demo` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
UV_VERSION := 0.13.8
CHROMIUM := /usr/bin/chromium
SOFFICE  := /usr/bin/soffice

.PHONY: demo test lint apps setup chromium libreoffice lock wheel clean

setup: $(STAMP)

# Reinstall only when the pins or the package metadata change.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (IKPE)" >/dev/null
	# the training-app template, so that plain `voila` (e.g. on Binder) finds it as `ikpe apps` does
	mkdir -p $(VENV)/share/jupyter/voila/templates
	ln -sfn $(CURDIR)/toolkit/reports/jupyter/voila/templates/ikpe $(VENV)/share/jupyter/voila/templates/ikpe
	touch $(STAMP)

demo: setup
	$(BIN)/ikpe demo

apps: setup
	$(BIN)/ikpe apps

# Browser tests and PDF handouts need Debian's Chromium (poppler-utils' pdftotext reads the PDFs in tests);
# install them when we may.
chromium:
	@if [ ! -x $(CHROMIUM) ] || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installiere Chromium (Debian-Paket) für Browser-Tests und PDF ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null; \
	  else \
	    echo "Hinweis: $(CHROMIUM) fehlt und kann ohne root nicht installiert werden (apt-get install chromium)."; \
	  fi; \
	fi

# The Integrationskonzept's Word file is tested in LibreOffice (headless, converting it to PDF).
libreoffice:
	@if [ ! -x $(SOFFICE) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installiere LibreOffice Writer (Debian-Paket) für den Test der Word-Dateien ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null; \
	  else \
	    echo "Hinweis: $(SOFFICE) fehlt und kann ohne root nicht installiert werden (apt-get install libreoffice-writer-nogui)."; \
	  fi; \
	fi

test: setup chromium libreoffice
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The lint gate (ruff, configured in pyproject.toml): pyflakes, pycodestyle at 120 columns, isort, bugbear,
# pyupgrade, no blind except — over the package, tests, benchmarks and the notebooks.
lint: setup
	$(BIN)/ruff check .

# A wheel for laptops without the checkout: it carries notebooks, exercises, the demo data and voila.json
# (build_course.py); install it with `uv pip install -r requirements.lock build/dist/ikpe_toolkit-*.whl`.
wheel: setup
	$(BIN)/uv build --out-dir build/dist

lock:
	$(BIN)/uv pip compile requirements.in --universal --python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf build .pytest_cache
