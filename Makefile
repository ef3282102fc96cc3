# archdesign — the verbs. `make run` installs and starts the suite; `make test` runs every test.
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
# The browser app (web/): its own npm packages, built by Vite into web/dist, served at /.
WEB_STAMP   := web/node_modules/.installed-stamp
WEB_BUILD   := web/dist/.built-stamp
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
	web/index.html web/vite.config.ts web/tsconfig.json web/package.json web/package-lock.json
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: install run test lint fmt typecheck bench system-deps bench-deps clean web

install: $(STAMP) $(NODE_STAMP) $(WEB_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

# Rebuilt only when a source of the app changed (Vite empties dist/ first).
$(WEB_BUILD): $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build
	touch $@

web: $(WEB_BUILD)

# Installs Debian package $(2) unless command $(1) exists (as root; otherwise says what for: $(3)).
apt-need = command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y -q $(2) >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q $(2) >/dev/null)); \
	  else echo "install Debian's $(2) (sudo apt-get install $(2)) for $(3)"; exit 1; fi; }

# System packages the test suite drives for real: headless Chromium (SVG screenshot test, the
# web app's end-to-end test through Playwright).
system-deps:
	@$(call apt-need,chromium,chromium,the SVG test)

# The layout benchmark compares with Graphviz dot as well.
bench-deps:
	@$(call apt-need,dot,graphviz,the layout benchmark)

run: install web
	$(BIN)/archdesign up --host $(HOST) --port $(PORT)

test: install system-deps web
	cd web && npm test
	$(BIN)/pytest

lint: install typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd web && npm run typecheck

typecheck: install
	$(BIN)/mypy

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install system-deps bench-deps web
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) node_modules web/node_modules web/dist .pytest_cache .mypy_cache .ruff_cache
