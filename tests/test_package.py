"""`make package` builds the zip a user installs with Plugins → Install from ZIP, and that zip loads.

The zip is unpacked into a fresh QGIS profile and loaded in a separate Python process through qgis.utils, the
way QGIS and qgis_process load a plugin (classFactory, then initProcessing()), so nothing from this checkout can
leak into the check.
"""
import glob
import json
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

ZIP = os.path.join(ROOT, "dist", "planmaint.zip")
QM = os.path.join(ROOT, "i18n", "planmaint_zh_CN.qm")
# Nothing of these may reach a user's plugin folder.
FORBIDDEN_PARTS = {
    "tests", "scripts", "bench", "docs", ".venv", "__pycache__", ".git", ".ci", "build", "dist",
    "demo_output", ".pytest_cache", ".hypothesis",
}
FORBIDDEN_NAMES = {"Makefile", "pytest.ini", "requirements-dev.txt", "CONTRIBUTING.md", ".gitignore"}
FORBIDDEN_SUFFIXES = (".pyc", ".pyo", ".ts", ".gpkg", ".gpkg-wal", ".gpkg-shm", ".zip")

pytestmark = pytest.mark.skipif(not os.path.exists(os.path.join(ROOT, ".git")),
                                reason="make package needs a git checkout")


@pytest.fixture(scope="module")
def package():
    result = subprocess.run(["make", "-s", "package"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(ZIP) as archive:
        assert archive.testzip() is None
        return archive.namelist(), archive.read("planmaint/i18n/planmaint_zh_CN.qm")


def checkout_files(pattern):
    """Files of the checkout matching ``pattern`` (relative to ROOT), as paths inside the zip."""
    return {
        "planmaint/" + os.path.relpath(path, ROOT)
        for path in glob.glob(os.path.join(ROOT, pattern), recursive=True)
        if "__pycache__" not in path
    }


def test_zip_holds_the_plugin_and_its_compiled_translation(package):
    names, qm = package
    files = {name for name in names if not name.endswith("/")}
    assert all(name.startswith("planmaint/") for name in names), "one top folder named like the plugin"
    for required in ("metadata.txt", "__init__.py", "plugin.py", "LICENSE", "resources/icon.svg",
                     "algorithms/provider.py", "algorithms/base.py", "algorithms/bridge/__init__.py",
                     "algorithms/i18n.py", "algorithms/styles.py", "i18n/planmaint_zh_CN.qm"):
        assert "planmaint/" + required in files, required
    # Every module, style and bundled model of the checkout, not only the committed ones.
    assert checkout_files("algorithms/**/*.py") <= files
    assert checkout_files("resources/styles/*.qml") <= files
    assert checkout_files("resources/models/*.model3") <= files
    with open(QM, "rb") as handle:
        assert qm == handle.read(), "the zip must carry the current compiled translation"


def test_zip_holds_nothing_else(package):
    names, _ = package
    for name in names:
        parts = name.rstrip("/").split("/")[1:]
        if not parts:
            continue  # the top folder itself
        assert not FORBIDDEN_PARTS.intersection(parts), name
        assert parts[-1] not in FORBIDDEN_NAMES, name
        assert not name.endswith(FORBIDDEN_SUFFIXES), name
        if len(parts) > 1 and parts[0] == "i18n":
            assert name.endswith(".qm"), f"only compiled translations in i18n/: {name}"


LOAD_SCRIPT = r"""
import json, os, sys
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing
Processing.initialize()
import qgis.utils
plugins_dir = sys.argv[1]
qgis.utils.plugin_paths = [plugins_dir]
sys.path.insert(0, plugins_dir)
qgis.utils.updateAvailablePlugins()
report = {"available": "planmaint" in qgis.utils.available_plugins,
          "loaded": qgis.utils.loadPlugin("planmaint") and qgis.utils.startProcessingPlugin("planmaint")}
import planmaint
plugin = qgis.utils.plugins["planmaint"]
provider = QgsApplication.processingRegistry().providerById("planmaint")
report.update(
    module_file=planmaint.__file__,
    metadata_version=qgis.utils.pluginMetadata("planmaint", "version"),
    provider_is_plugins=provider is plugin.provider,
    load_errors=provider.load_errors,
    algorithms=sorted(a.id() for a in provider.algorithms()),
    # Outputs of a bundled model without a destination parameter: the model was loaded before its steps'
    # algorithms were registered, and neither its dialog nor qgis_process can direct those outputs.
    models_missing_outputs=sorted(
        f"{a.id()}/{c.childId()}:{name}" for a in provider.algorithms() if hasattr(a, "childAlgorithms")
        for c in a.childAlgorithms().values() for name in c.modelOutputs()
        if f"{c.childId()}:{name}" not in {d.name() for d in a.destinationParameterDefinitions()}),
)
from planmaint.algorithms import styles
from planmaint.algorithms.i18n import install_translator
report["styles_found"] = all(os.path.exists(styles.style_path(name)) for name in styles.STYLES)
translator = install_translator("zh_CN")  # kept: a collected QTranslator uninstalls itself
report["translator"] = translator is not None
report["provider_name_zh"] = provider.name()
print("PLANMAINT-REPORT " + json.dumps(report, ensure_ascii=False))
qgis.utils.unloadPlugin("planmaint")
report_after = QgsApplication.processingRegistry().providerById("planmaint") is None
print("PLANMAINT-UNLOADED " + json.dumps(report_after))
"""


def qgis_python():
    """QGIS's own Python where it has shapely ≥ 2 (Debian 13's QGIS 3.40): the zip must load with nothing added.
    Debian 12's has shapely 1.8, so there the venv's Python brings the shapely `make deploy` copies."""
    check = subprocess.run(["/usr/bin/python3", "-c", "import shapely; print(shapely.__version__)"],
                           capture_output=True, text=True)
    if check.returncode == 0 and int(check.stdout.split(".")[0]) >= 2:
        return "/usr/bin/python3"
    return sys.executable


def test_unpacked_zip_loads_in_a_fresh_profile(plugin, package, tmp_path):
    from planmaint.algorithms.provider import ALGORITHMS

    profile = tmp_path / "profiles" / "default"
    plugins_dir = profile / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(plugins_dir)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path))
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [qgis_python(), "-c", LOAD_SCRIPT, str(plugins_dir)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180,
    )
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in result.stdout.splitlines()
             if line.startswith("PLANMAINT-")}
    assert "PLANMAINT-REPORT" in lines, result.stdout + result.stderr
    report = json.loads(lines["PLANMAINT-REPORT"])
    assert report["available"] and report["loaded"], result.stderr
    assert report["module_file"] == str(plugins_dir / "planmaint" / "__init__.py")
    assert report["metadata_version"]
    assert report["provider_is_plugins"]
    assert report["load_errors"] == [], "\n".join(report["load_errors"])
    models = glob.glob(os.path.join(ROOT, "resources", "models", "*.model3"))
    assert len(report["algorithms"]) == len(ALGORITHMS) + len(models), report["algorithms"]
    assert "planmaint:samplecounty" in report["algorithms"]
    assert report["models_missing_outputs"] == []
    assert report["styles_found"]
    assert report["translator"] and report["provider_name_zh"] == "国土空间规划动态维护"
    assert json.loads(lines["PLANMAINT-UNLOADED"]) is True
