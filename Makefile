# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck bench clean system-deps wheel-smoke

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Headless Chromium (HTML report -> PDF/screenshot) and CJK fonts (PNG drawings) come from
# Debian; installed when running as root, otherwise a hint is printed and those parts say so.
system-deps:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null; \
	  else echo "note: install chromium and fonts-noto-cjk (apt) for PDF output and CJK PNG drawings"; fi; }

demo: $(STAMP)
	$(BIN)/chainmap demo

lint: $(STAMP)
	$(BIN)/ruff check chainmap tests benchmarks
	$(BIN)/ruff format --check chainmap tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy chainmap

test: $(STAMP) system-deps lint typecheck
	$(BIN)/python -m pytest -q

# the wheel, installed into a fresh venv, runs the demo from a temporary folder
wheel-smoke: $(STAMP)
	PYTHON=$(BIN)/python .ci/wheel-smoke

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_linkages.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
