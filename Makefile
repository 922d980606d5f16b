# planmaint — every set-up step lives here, so a fresh Debian 12 machine needs only `make demo` / `make test`.
SHELL := /bin/bash
SYS_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
# Debian's PyQGIS, its providers, the desktop (for qgis_process.bin and the desktop check), Qt's
# translation tools and a virtual screen.
DEB_PACKAGES := python3-qgis qgis-providers qgis pyqt5-dev-tools qttools5-dev-tools xvfb python3-venv zip unzip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

PLUGIN := planmaint
PLUGIN_FILES := metadata.txt __init__.py plugin.py LICENSE README.md CHANGELOG.md algorithms resources i18n
QGIS_PROFILE ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default
TS := i18n/planmaint_zh_CN.ts
QM := $(TS:.ts=.qm)
SAMPLE := demo_output/sample_county.gpkg
DEMO_PARCELS ?= 20000

.PHONY: setup debian-packages demo test test-fast bench bench-smoke package deploy transup transcompile clean

setup: $(VENV)/.installed $(QM)

debian-packages:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The venv sees Debian's PyQGIS and numpy; the constraint keeps pip from pulling a numpy 2 that would
# break Debian's scipy and PyQGIS.
$(VENV)/.installed: requirements-dev.txt | debian-packages
	$(SYS_PYTHON) -m venv --system-site-packages $(VENV)
	$(SYS_PYTHON) -c "import numpy; print('numpy==' + numpy.__version__)" > $(VENV)/constraints.txt
	$(PY) -m pip install -q -c $(VENV)/constraints.txt -r requirements-dev.txt
	touch $@

$(QM): $(TS) | debian-packages
	lrelease -silent $(TS) -qm $(QM)

transup: | debian-packages
	pylupdate5 -noobsolete $$(ls *.py algorithms/*.py) -ts $(TS)
	$(SYS_PYTHON) scripts/fill_ts.py $(TS)
	lrelease -silent $(TS) -qm $(QM)

transcompile: $(QM)

test: setup
	$(PY) -m pytest

demo: setup
	$(PY) scripts/demo.py --parcels $(DEMO_PARCELS) --out demo_output

bench: setup
	$(PY) bench/run.py

bench-smoke: setup
	$(PY) bench/run.py --smoke

package: $(QM)
	rm -rf build/package && mkdir -p build/package/$(PLUGIN) dist
	git archive --format=tar HEAD $(filter-out i18n,$(PLUGIN_FILES)) | tar -x -C build/package/$(PLUGIN)
	mkdir -p build/package/$(PLUGIN)/i18n && cp $(TS) $(QM) build/package/$(PLUGIN)/i18n/
	find build/package -name '__pycache__' -prune -exec rm -rf {} +
	cd build/package && rm -f ../../dist/$(PLUGIN).zip && zip -qr ../../dist/$(PLUGIN).zip $(PLUGIN)
	@echo "dist/$(PLUGIN).zip: install it with Plugins → Manage and Install Plugins → Install from ZIP"

deploy: package
	mkdir -p $(QGIS_PROFILE)/python/plugins
	rm -rf $(QGIS_PROFILE)/python/plugins/$(PLUGIN)
	cd $(QGIS_PROFILE)/python/plugins && unzip -q $(CURDIR)/dist/$(PLUGIN).zip
	@echo "Installed into $(QGIS_PROFILE)/python/plugins/$(PLUGIN); enable it in Plugins → Manage and Install Plugins"

clean:
	rm -rf build dist demo_output .pytest_cache bench/cache
