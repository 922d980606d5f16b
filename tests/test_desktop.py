"""The real QGIS desktop, under Xvfb, with a fresh profile: planmaint is in the Processing toolbox in Chinese.

The heavy lifting is tests/desktop/check_desktop.py (also `make desktop-check`, which refreshes
docs/screenshots); here it runs with its screenshots in a temporary folder.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtGui import QImage

from conftest import ROOT

CHECK = os.path.join(ROOT, "tests", "desktop", "check_desktop.py")
HAVE_DESKTOP = any(os.access(p, os.X_OK) for p in ("/usr/bin/qgis", "/usr/bin/qgis.bin"))
HAVE_XVFB = shutil.which("xvfb-run") is not None


def test_qgis_language_codes_reach_the_chinese_translation(plugin):
    """QGIS's own code for Chinese is zh-Hans; `qgis --lang zh_CN` and a zh_CN system give zh_CN."""
    from planmaint.algorithms.i18n import install_translator, user_locale

    for code in ("zh_CN", "zh-Hans", "zh_TW"):
        translator = install_translator(code)
        assert translator is not None, code
        QgsApplication.removeTranslator(translator)
    settings = QgsSettings()
    previous = settings.value("locale/userLocale", None)
    try:
        # QGIS desktop writes the language it runs in here at every start, even without the override flag.
        settings.setValue("locale/userLocale", "zh-Hans")
        assert user_locale() == "zh-Hans"
    finally:
        if previous is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", previous)


@pytest.fixture(scope="module")
def desktop(tmp_path_factory):
    if not HAVE_DESKTOP:
        pytest.skip("the QGIS desktop (/usr/bin/qgis, Debian package qgis) is not installed")
    if not HAVE_XVFB:
        pytest.skip("xvfb-run (Debian package xvfb) is not installed")
    shots = tmp_path_factory.mktemp("screenshots")
    result_path = shots / "result.json"
    run = subprocess.run(
        [sys.executable, CHECK, "--screenshots", str(shots), "--result", str(result_path), "--lang", "zh_CN",
         "--timeout", "120"],
        capture_output=True, text=True, timeout=200,
    )
    assert result_path.exists(), run.stdout + run.stderr
    with open(result_path, encoding="utf-8") as handle:
        result = json.load(handle)
    return run, result


def test_desktop_check_passes(desktop):
    run, result = desktop
    assert run.returncode == 0, run.stdout + run.stderr + "\n" + result.get("log_tail", "")
    assert result["ok"] and result["problems"] == []
    assert result["qgis_exit_code"] == 0, "QGIS did not quit by itself"


def test_provider_and_every_algorithm_in_the_toolbox_in_chinese(desktop):
    _, result = desktop
    assert result["plugin_path"].endswith(os.path.join("plugins", "planmaint"))
    assert result["provider"]["name"] == "国土空间规划动态维护"
    assert result["toolbox_provider_label"] == "国土空间规划动态维护"
    assert result["load_errors"] == []
    registered = {a["id"] for a in result["algorithms"]}
    assert len(registered) == result["expected_algorithm_count"]
    assert registered <= set(result["toolbox_visible"])
    names = {a["id"]: (a["name"], a["group"]) for a in result["algorithms"]}
    assert names["planmaint:samplecounty"] == ("生成示例县域数据", "工具")
    assert result["dialog"]["id"] in registered
    assert len(result["modeler"]) == len(result["model_files"])
    assert all(m["can_execute"] for m in result["modeler"])


def test_the_models_outputs_load_styled_inside_qgis(desktop):
    _, result = desktop
    styles = result["model_run"]["styles"]
    assert sorted(styles.values()) == ["epr", "pbf", "swapped_in", "swapped_out", "udb"], styles
    assert "永久基本农田（维护后）" in result["project_layers"]


def test_the_swap_out_candidates_are_reviewed_inside_qgis(desktop):
    """Loaded by Processing with the candidates' style, SFTC edited through its value map, the review saved."""
    _, result = desktop
    review = result["review"]
    assert review["style"] == "candidates"
    assert review["widget"] == "ValueMap" and review["value_map"] == {"调出 (1)": "1", "不调出 (0)": "0"}
    assert review["kept_set"] >= 2 and review["kept_saved"] == review["kept_set"]
    assert review["pieces"] > review["kept_set"] and len(review["reasons"]) >= 3
    assert review["table_columns"] == ["SFTC", "TZYY", "HCYY"]
    assert "review" in result["screenshots"]


def test_screenshots_show_something(desktop):
    _, result = desktop
    for name, path in result["screenshots"].items():
        image = QImage(path)
        assert not image.isNull(), path
        assert image.width() >= 300 and image.height() >= 300, (name, image.width(), image.height())
        # A blank or black capture (no window system, wrong screen) has a handful of colours at most.
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 20, f"{name} looks blank"
