# The README's two commands: `make demo` and `make test`. Each builds .venv from nothing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test test-fast bench lint system-deps clean

# (the C loops of the pdfium engine and of the line building are built by the install: a
# change to them rebuilds)
$(STAMP): pyproject.toml policytext/read/_pdfium_loops.c policytext/read/_line_loops.c
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

# Debian packages the tests and charts need: a CJK font, Chromium for browser tests.
system-deps:
	@if command -v apt-get >/dev/null 2>&1; then \
	  need=""; \
	  fc-list 2>/dev/null | grep -qi "noto.*cjk\|wqy" || need="$$need fonts-noto-cjk fontconfig"; \
	  command -v chromium >/dev/null 2>&1 || need="$$need chromium"; \
	  if [ -n "$$need" ]; then \
	    echo "installing:$$need"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$need >/dev/null; \
	  fi; \
	else echo "no apt-get: install a CJK font and chromium yourself"; fi

demo: $(STAMP)
	@mkdir -p out
	$(PY) -m policytext parse corpora/2025-江苏省科技社团党的建设工作要点.txt --format text --show-removed
	$(PY) -m policytext parse corpora/2025-江苏省科技社团党的建设工作要点.txt --format json -o out/seed-2025.json
	@echo "wrote out/seed-2025.json"
	@echo "== 2024 (SYNTHETIC, scripts/make_synthetic.py) → 2025 (real)"
	$(PY) -m policytext diff corpora/2024-江苏省科技社团党的建设工作要点-synthetic.txt corpora/2025-江苏省科技社团党的建设工作要点.txt --summary
	$(PY) -m policytext diff corpora/2024-江苏省科技社团党的建设工作要点-synthetic.txt corpora/2025-江苏省科技社团党的建设工作要点.txt --format html -o out/diff-2024-2025.html

test: $(STAMP) system-deps
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser"

bench: $(STAMP)
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check policytext tests bench

clean:
	rm -rf $(VENV) out build *.egg-info policytext/read/_pdfium_loops.*.so
