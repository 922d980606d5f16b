"""Test set-up: QGIS (through pytest-qgis), Processing, and the plugin loaded exactly as QGIS loads it.

The repository root is the plugin package. QGIS imports it under its folder name, ``planmaint``; a clone
may live in a folder of any name, so the package is imported here from its path under that name.
"""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Every job handed to another thread is checked to share no geometry with a job of another thread (see
# algorithms/core/parallel.py); set before the plugin is imported, and inherited by the qgis_process runs.
os.environ.setdefault("PLANMAINT_CHECK_THREADS", "1")
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from headless import import_plugin_package  # noqa: E402 (needs the path above)


def pytest_report_header(config):
    """Which QGIS, GEOS, shapely and numpy this run tests: the suite runs on two QGIS versions."""
    import numpy
    import shapely
    from qgis.core import Qgis

    try:
        with open("/etc/debian_version") as handle:
            debian = "Debian " + handle.read().strip()
    except OSError:
        debian = "not Debian"
    return (f"planmaint on QGIS {Qgis.QGIS_VERSION} ({debian}), GEOS {shapely.geos_version_string}, "
            f"shapely {shapely.__version__}, numpy {numpy.__version__}")


@pytest.fixture(scope="session")
def plugin(qgis_app, qgis_processing):
    """The plugin object, registered through classFactory(None).initProcessing() like qgis_process does."""
    package = import_plugin_package()
    instance = package.classFactory(None)
    instance.initProcessing()
    yield instance
    instance.unload()


@pytest.fixture(scope="session")
def provider(plugin):
    return plugin.provider


SAMPLE_PARCELS = 5000


@pytest.fixture(scope="session")
def sample_county(plugin, tmp_path_factory):
    """Path of a small generated sample county (GeoPackage, EPSG:4549), made once per test session."""
    import processing

    path = str(tmp_path_factory.mktemp("county") / "county.gpkg")
    processing.run("planmaint:samplecounty", {"PARCELS": SAMPLE_PARCELS, "SEED": 1, "OUTPUT": path})
    return path


def county_layer(path, name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid(), f"{name} missing from {path}"
    return layer
