# planmaint — every set-up step lives here, so a fresh Debian 12 machine needs only `make demo` / `make test`.
SHELL := /bin/bash
SYS_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
# Debian's PyQGIS, its providers, the desktop (for qgis_process.bin and the desktop check), Qt's
# translation tools and a virtual screen; a Chinese font for the desktop; GEOS headers and a compiler to
# build shapely against Debian's GEOS (see requirements-dev.txt); openpyxl for planmaint:workbook's .xlsx (the
# tests read the workbook back with it). The other Debian's root (scripts/other_debian) runs this Makefile's
# `setup`, whose debian-packages step runs every time, so it gets the same list.
DEB_PACKAGES := python3-qgis qgis-providers qgis pyqt5-dev-tools qttools5-dev-tools xvfb xauth python3-venv zip unzip \
  fonts-wqy-microhei libgeos-dev build-essential python3-dev pkg-config python3-openpyxl
# Debian 13 ships shapely 2 (python3-shapely, on QGIS's own GEOS): the venv takes it as it is. Debian 12's is 1.8,
# so there shapely 2 is compiled into the venv (requirements-dev.txt).
DEBIAN_MAJOR := $(shell cut -d. -f1 /etc/debian_version 2>/dev/null)
ifneq ($(filter-out 11 12,$(DEBIAN_MAJOR)),)
DEB_PACKAGES += python3-shapely
endif
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

.PHONY: setup debian-packages model demo lint test test-here test-other bench bench-smoke package deploy transup transcompile clean \
  desktop-check batch

setup: $(VENV)/.installed $(QM)

debian-packages:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The venv sees Debian's PyQGIS and numpy; the constraint keeps pip from pulling a numpy 2 that would
# break Debian's scipy and PyQGIS. Inside a QGIS process (desktop, qgis_process.bin) Debian's GEOS is loaded
# first, and a shapely wheel's own newer GEOS then crashes in its first prepared predicate; so shapely is
# Debian's own (Debian 13) or compiled against Debian's GEOS (Debian 12, requirements-dev.txt), and the check
# below proves it. The same shapely serves the tests, scripts/qgis_process, the desktop check and `make deploy`.
$(VENV)/.installed: requirements-dev.txt | debian-packages
	$(SYS_PYTHON) -m venv --system-site-packages $(VENV)
	$(SYS_PYTHON) -c "import numpy; print('numpy==' + numpy.__version__)" > $(VENV)/constraints.txt
	$(PY) -m pip install -q -c $(VENV)/constraints.txt -r requirements-dev.txt
	[ "$$($(PY) -c 'import shapely; print(shapely.geos_version_string)')" = "$$(geos-config --version)" ]
	touch $@

$(QM): $(TS) | debian-packages
	lrelease -silent $(TS) -qm $(QM)

transup: | debian-packages
	pylupdate5 -noobsolete $$(ls *.py algorithms/*.py algorithms/bridge/*.py) -ts $(TS)
	$(SYS_PYTHON) scripts/fill_ts.py $(TS)
	lrelease -silent $(TS) -qm $(QM)

transcompile: $(QM)

# Rewrite resources/models/dynamicmaintenance.model3 from scripts/build_model.py (after changing a step);
# a fixed Qt hash seed keeps the XML attribute order, so the diff shows only what changed.
model: setup
	QT_HASH_SEED=16 $(PY) scripts/build_model.py

# The suite on two QGIS versions: this machine's, then the other Debian release's (Debian 12 → Debian 13 with
# QGIS 3.40 LTR, and back) in a root that scripts/other_debian makes once under build/. Both always run; a
# failure in either fails. `make test-here` runs only the first, `make test-other` only the second.
test: setup lint
	@status=0; \
	$(MAKE) --no-print-directory test-here || status=1; \
	$(MAKE) --no-print-directory test-other || status=1; \
	[ $$status = 0 ] || echo "make test: FAILED on at least one QGIS version (see above)"; exit $$status

# ruff (settings in pyproject.toml) over the plugin, its tests, scripts and benchmarks; `make test` runs it first.
lint: setup
	$(PY) -m ruff check .

test-here: setup
	@echo "== the test suite on the QGIS of Debian $$(cat /etc/debian_version)"
	$(PY) -m pytest $(PYTEST_ARGS)

test-other:
	scripts/other_debian test-here

demo: setup
	$(PY) scripts/demo.py --parcels $(DEMO_PARCELS) --out demo_output

bench: setup
	$(PY) bench/run.py

bench-smoke: setup
	$(PY) bench/run.py --smoke

# The zip holds the plugin's files as they are in the work tree (tracked or new, never git-ignored ones, so
# no venv, caches or build output) and, of i18n/, only the compiled translations; no tests, scripts or bench.
package: $(QM)
	rm -rf build/package && mkdir -p build/package/$(PLUGIN) dist
	git ls-files -z --cached --others --exclude-standard -- $(filter-out i18n,$(PLUGIN_FILES)) | \
	  while IFS= read -r -d '' f; do [ -f "$$f" ] && printf '%s\0' "$$f"; done | \
	  tar --null -T - -cf - | tar -x -C build/package/$(PLUGIN)
	mkdir -p build/package/$(PLUGIN)/i18n && cp $(QM) build/package/$(PLUGIN)/i18n/
	cd build/package && rm -f ../../dist/$(PLUGIN).zip && zip -qrX ../../dist/$(PLUGIN).zip $(PLUGIN)
	@echo "dist/$(PLUGIN).zip: install it with Plugins → Manage and Install Plugins → Install from ZIP"

# The real QGIS desktop under Xvfb with a fresh profile: provider, algorithms and model in the toolbox, one
# dialog, the modeler, a run; screenshots for the README in docs/screenshots (QGIS's own menus in Chinese too).
desktop-check: setup
	$(PY) tests/desktop/check_desktop.py --screenshots docs/screenshots --lang zh-Hans

# Province scale: one qgis_process job per county on all cores, one summary table. COUNTIES: GeoPackages or
# folders of them; without it, BATCH_SAMPLES generated sample counties. See docs/batch.md.
PROVINCE ?= demo_output/province
BATCH_SAMPLES ?= 4
BATCH_ARGS ?=
batch: setup
	$(PY) scripts/batch.py --out $(PROVINCE) $(if $(COUNTIES),$(COUNTIES),--samples $(BATCH_SAMPLES) --parcels $(DEMO_PARCELS)) $(BATCH_ARGS)

# QGIS puts <profile>/python on its path; Debian 12's own shapely is 1.8, so shapely 2 goes there.
deploy: setup package
	mkdir -p $(QGIS_PROFILE)/python/plugins
	$(SYS_PYTHON) -c "import shapely, sys; sys.exit(int(shapely.__version__.split('.')[0]) < 2)" 2>/dev/null || \
	  { rm -rf $(QGIS_PROFILE)/python/shapely $(QGIS_PROFILE)/python/shapely-*-info && \
	    cp -r $(VENV)/lib/python3*/site-packages/shapely $(VENV)/lib/python3*/site-packages/shapely-*-info \
	      $(QGIS_PROFILE)/python/; }
	rm -rf $(QGIS_PROFILE)/python/plugins/$(PLUGIN)
	cd $(QGIS_PROFILE)/python/plugins && unzip -q $(CURDIR)/dist/$(PLUGIN).zip
	@echo "Installed into $(QGIS_PROFILE)/python/plugins/$(PLUGIN); enable it in Plugins → Manage and Install Plugins"

clean:
	rm -rf build dist demo_output .pytest_cache bench/cache
