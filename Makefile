# otpath: `make run` starts the app with sample data; `make test` runs every test.
# Both set up a virtual environment in .venv first (only when pyproject.toml changed).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])" 2>/dev/null)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test setup browser lint typecheck bench docs clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 'otpath needs Python 3.11 or newer')"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[web,test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

# Starts the web app on http://127.0.0.1:8765 with the bundled sample postings loaded.
run: $(STAMP)
	$(VENV)/bin/otpath serve --load-sample

# Browser tests drive Debian's chromium. Installed here when we may (root + apt-get);
# otherwise those tests are skipped with a message saying so.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing chromium for the browser tests (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "NOTE: $(CHROMIUM) is missing; browser tests will be skipped (sudo apt-get install chromium)"; \
	  fi; \
	fi

test: $(STAMP) browser typecheck
	$(PY) -m pytest -q

# mypy as configured in pyproject.toml ([tool.mypy]); `make test` runs it first.
typecheck: $(STAMP)
	$(PY) -m mypy

lint: $(STAMP)
	$(VENV)/bin/ruff check otpath tests bench

bench: $(STAMP)
	$(PY) bench/run_all.py

# Regenerates docs/cli.md from the commands' --help and the settings' declarations.
docs: $(STAMP)
	$(PY) scripts/gen_cli_docs.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache screenshots
