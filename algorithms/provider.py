"""The planmaint Processing provider: every algorithm and every bundled graphical model."""
import glob
import importlib
import os
import traceback

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .i18n import tr
from .models import BundledModel

PLUGIN_DIR = os.path.dirname(os.path.dirname(__file__))
ICON = os.path.join(PLUGIN_DIR, "resources", "icon.svg")
MODELS_DIR = os.path.join(PLUGIN_DIR, "resources", "models")


# (module, class) of every algorithm; imported when the provider loads, not when QGIS lists plugins.
ALGORITHMS = [
    ("alg_samplecounty", "SampleCounty"),
    ("alg_removefragments", "RemoveFragments"),
    ("alg_fillholes", "FillHoles"),
    ("alg_edgeswap", "EdgeSwap"),
    ("alg_indicators", "Indicators"),
    ("alg_conflictcheck", "ConflictCheck"),
    ("alg_swapcandidates", "SwapCandidates"),
    ("alg_swapins", "SwapIns"),
    ("alg_zoningupdate", "ZoningUpdate"),
    ("alg_projectlist", "ProjectList"),
    ("alg_workbook", "Workbook"),
]


def dependency_problem():
    """A message saying what to install when shapely >= 2 is missing from QGIS's Python, else None."""
    try:
        import shapely
    except ImportError:
        version = None
    else:
        version = shapely.__version__
    if version is not None and int(version.split(".")[0]) >= 2:
        return None
    return tr(
        "planmaint needs shapely 2 or newer in QGIS's Python (found: {}). Install it, e.g. "
        "`python3 -m pip install --target <your QGIS profile>/python \"shapely>=2\"` or `make deploy`, "
        "then restart QGIS."
    ).format(version or tr("none"))


class PlanMaintProvider(QgsProcessingProvider):
    def __init__(self):
        super().__init__()
        # One broken algorithm must not take the whole toolbox down; what failed is logged and kept here
        # (the tests require it to be empty).
        self.load_errors = []

    def id(self):
        return "planmaint"

    def name(self):
        return tr("Spatial plan maintenance")

    def longName(self):  # noqa: N802 (QGIS API name)
        return tr("Spatial plan maintenance (territorial spatial plan dynamic maintenance)")

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802 (QGIS API name)
        return ICON

    def loadAlgorithms(self):  # noqa: N802 (QGIS API name)
        self.load_errors = []
        problem = dependency_problem()
        if problem:
            self.load_errors.append(problem)
            QgsMessageLog.logMessage(problem, "planmaint", Qgis.Critical)
            return
        for module_name, class_name in ALGORITHMS:
            try:
                module = importlib.import_module(f"{__package__}.{module_name}")
                self.addAlgorithm(getattr(module, class_name)())
            except Exception:  # reported in the log and in load_errors
                message = traceback.format_exc()
                self.load_errors.append(message)
                QgsMessageLog.logMessage(message, "planmaint", Qgis.Critical)
        for path in sorted(glob.glob(os.path.join(MODELS_DIR, "*.model3"))):
            model = BundledModel()
            if not model.fromFile(path):
                message = f"planmaint: cannot read the bundled model {path}"
                self.load_errors.append(message)
                QgsMessageLog.logMessage(message, "planmaint", Qgis.Critical)
                continue
            model.setSourceFilePath(path)
            model.translate_inputs()
            self.addAlgorithm(model)
