"""Start QGIS without a screen and load planmaint exactly as QGIS does (classFactory(None).initProcessing()).

Used by the demo and the benchmarks; the tests do the same through pytest-qgis.
"""
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"


def import_plugin_package():
    """Import this checkout as the package ``planmaint``, whatever the folder of the clone is called."""
    if "planmaint" in sys.modules:
        return sys.modules["planmaint"]
    spec = importlib.util.spec_from_file_location(
        "planmaint", os.path.join(ROOT, "__init__.py"), submodule_search_locations=[ROOT]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules["planmaint"] = package
    spec.loader.exec_module(package)
    return package


def start_qgis(strict=True):
    """Return (QgsApplication, plugin) with Processing initialised and planmaint registered.

    ``strict``: stop when an algorithm failed to load; otherwise carry on with those that did (the
    benchmark reports the others as not available; ``plugin.provider.load_errors`` says why).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    if PROCESSING_PLUGINS not in sys.path:
        sys.path.append(PROCESSING_PLUGINS)
    from processing.core.Processing import Processing

    Processing.initialize()
    plugin = import_plugin_package().classFactory(None)
    plugin.initProcessing()
    if strict and plugin.provider.load_errors:
        raise SystemExit("planmaint failed to load:\n" + "\n".join(plugin.provider.load_errors))
    return app, plugin
