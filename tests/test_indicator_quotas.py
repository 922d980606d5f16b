"""planmaint:indicators with binding targets (PBF_TASK_HA, CULTIVATED_TARGET_HA, FOREST_TARGET_HA) and the
area-basis row, run as a console user runs it.

The layers are rectangles of whole hectares: every value, margin and verdict is known by construction.
"""
import pytest

from badinput import CollectingFeedback
from headless import import_plugin_package
from layers import as_layer, memory_layer, rect

import_plugin_package()
from planmaint.algorithms.core import indicators as ind  # noqa: E402 (the package is importable only now)

ALG = "planmaint:indicators"
X0, Y0 = 500000.0, 4500000.0
PBF_FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", str), ("KCXS", float)]


def hectares(x, width_ha, y=0.0):
    """A rectangle 100 m high and ``width_ha`` hectares large."""
    return rect(X0 + x, Y0 + y, 100 * width_ha, 100)


def farmland(widths, kcxs):
    wkts = [hectares(1000 * k, w) for k, w in enumerate(widths)]
    return memory_layer(wkts, PBF_FIELDS, [(f"B{k}", "0103", "2", r) for k, r in enumerate(kcxs)], name="pbf")


def landuse():
    # Paddy 2 ha (KCXS 0.1), dry land 1 ha (KCXS 0.2), forest 3 ha, grassland 1 ha: 3 ha cultivated, 2.6 net.
    wkts = [hectares(0, 2, 500), hectares(200, 1, 500), hectares(300, 3, 500), hectares(600, 1, 500)]
    return memory_layer(wkts, [("DLBM", str), ("KCXS", float)],
                        [("0101", 0.1), ("0103", 0.2), ("0301", 0.0), ("0401", 0.0)], name="landuse")


def run(params, tmp_path=None):
    """(rows {key: the seven cells}, feedback, report text or None)."""
    import processing

    full = {"OUTPUT": "TEMPORARY_OUTPUT", **params}
    if tmp_path is not None:
        full["REPORT"] = str(tmp_path / "report.html")
    feedback = CollectingFeedback()
    result = processing.run(ALG, full, feedback=feedback)
    rows = {}
    for feature in as_layer(result["OUTPUT"]).getFeatures():
        cells = [None if v is None or (hasattr(v, "isNull") and v.isNull()) else v for v in feature.attributes()]
        assert cells[7] == ind.row_key(cells[:4]), cells  # the code column: the key the words name
        rows[cells[7]] = cells[:7]
    html = open(result["REPORT"], encoding="utf-8").read() if tmp_path is not None else None
    return rows, feedback, html


def base_params():
    # Before: 1 + 1 ha of farmland; after: 1 + 1.5 ha. KCXS 0.1 each, 0.2 on the new parcel.
    return {"PBF": farmland([1, 1], [0.1, 0.1]), "PBF_AFTER": farmland([1, 1.5], [0.1, 0.2]), "LANDUSE": landuse()}


def test_targets_met_and_not_met_with_exact_margins(plugin, tmp_path):
    rows, feedback, html = run({**base_params(), "PBF_TASK_HA": 2.3, "CULTIVATED_TARGET_HA": 3.5,
                                "FOREST_TARGET_HA": 2.75}, tmp_path)
    task = rows["quota_pbf_task"]
    assert task[3] == "ha" and task[4:] == pytest.approx([2.0, 2.5, 0.5], abs=1e-9)
    assert task[2] == ("Permanent basic farmland protection task: target 2.3000 ha; permanent basic farmland after "
                       "maintenance (map area) 2.5000 ha: met, 0.2000 ha to spare")
    assert rows["quota_cultivated_target"][2].endswith("(map area) 3.0000 ha: not met, 0.5000 ha short")
    assert rows["quota_forest_target"][2].endswith("(map area) 3.0000 ha: met, 0.2500 ha to spare")
    # The target rows follow the farmland's quantity rows; the basis row comes last.
    keys = list(rows)
    assert keys[-1] == "area_basis" and rows["area_basis"][:2] == ["Area basis", "Gross (map area)"]
    assert keys.index("quota_pbf_task") == keys.index("forest_land") + 1
    # The report: the basis in its header, and the targets in a table of their own.
    assert "Area basis: gross." in html[: html.index("Indicator tables")]
    assert "Binding targets" in html
    for cell in ("2.3000", "2.5000", "+0.2000", "3.5000", "-0.5000", "+0.2500", "not met"):
        assert f">{cell}</td>" in html, cell
    assert not any("TARGET" in w or "TASK" in w for w in feedback.warnings)


def test_no_target_no_row(plugin):
    rows, _, _ = run({**base_params(), "PBF_TASK_HA": 0, "FOREST_TARGET_HA": None})
    assert not [key for key in rows if key.startswith("quota_")]
    assert rows["area_basis"][4:] == [None, None, None]


def test_net_basis_row_and_net_targets(plugin, tmp_path):
    rows, _, html = run({**base_params(), "DEDUCT_KCXS": True, "PBF_TASK_HA": 2.0, "CULTIVATED_TARGET_HA": 2.7,
                         "FOREST_TARGET_HA": 3.0}, tmp_path)
    assert rows["area_basis"][:2] == ["Area basis", "Net of field ridges"]
    assert "(1 − KCXS)" in rows["area_basis"][2]
    # Net: before 0.9 + 0.9 = 1.8 ha, after 0.9 + 1.5 × 0.8 = 2.1 ha; cultivated 1.8 + 0.8 = 2.6 ha.
    assert rows["quota_pbf_task"][4:] == pytest.approx([1.8, 2.1, 0.3], abs=1e-9)
    assert rows["quota_pbf_task"][2].endswith("(net of field ridges) 2.1000 ha: met, 0.1000 ha to spare")
    assert rows["quota_cultivated_target"][2].endswith("(net of field ridges) 2.6000 ha: not met, 0.1000 ha short")
    # Forest land is never net: exactly its target.
    assert rows["quota_forest_target"][2].endswith(
        "(map area; field ridges are deducted from cultivated land only) 3.0000 ha: met, 0.0000 ha to spare")
    assert "Area basis: net of field ridges." in html[: html.index("Indicator tables")]


def test_a_target_without_its_layer_is_named_and_not_checked(plugin):
    params = base_params()
    del params["LANDUSE"]
    rows, feedback, _ = run({**params, "CULTIVATED_TARGET_HA": 3.0})
    assert rows["quota_cultivated_target"][2] == (
        "Cultivated land to retain: target 3.0000 ha; not checked: it needs the land-use parcels (LANDUSE) with "
        "features")
    assert rows["quota_cultivated_target"][4:] == [None, None, None]
    assert [w for w in feedback.warnings if "CULTIVATED_TARGET_HA" in w and "LANDUSE" in w]


def test_the_target_parameters_are_optional_with_help(plugin):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById(ALG)
    for name in ("PBF_TASK_HA", "CULTIVATED_TARGET_HA", "FOREST_TARGET_HA"):
        definition = alg.parameterDefinition(name)
        assert definition is not None and definition.flags() & definition.FlagOptional, name
        assert definition.help() and "0 or empty" in definition.help(), name


def test_chinese_cells(plugin):
    from qgis.core import QgsApplication

    from planmaint.algorithms.i18n import install_translator, tr

    translator = install_translator("zh_CN")
    try:
        if translator is None or tr("Plan indicators") != "规划指标核算":
            pytest.skip("the compiled translation lacks this module's strings: run make transup")
        rows, _, _ = run({**base_params(), "DEDUCT_KCXS": True, "PBF_TASK_HA": 2.2, "FOREST_TARGET_HA": 2.5})
    finally:
        if translator is not None:
            QgsApplication.removeTranslator(translator)
    assert rows["area_basis"][:2] == ["面积口径", "扣除田坎（净面积）"]
    task = rows["quota_pbf_task"]
    assert task[:2] == ["耕地和永久基本农田", "数量不减少"] and task[3] == "公顷"
    assert task[2] == (
        "永久基本农田保护任务：目标2.2000公顷，调整后永久基本农田面积（扣除田坎净面积）2.1000公顷，未达标，缺口0.1000公顷")
    assert rows["quota_forest_target"][2] == (
        "林地保有量目标：目标2.5000公顷，土地利用现状林地面积（图斑面积，田坎只从耕地扣除）3.0000公顷，达标，余量0.5000公顷")


# --- the quality of the farmland swapped out and in --------------------------------------------------------


def swapped(pieces, name):
    """Edgeswap-like pieces 100 m high: (x, hectares, slope grade, KCXS)."""
    wkts = [hectares(x, w, 3000) for x, w, _, _ in pieces]
    rows = [(f"S{k}", "0103", grade, kcxs, "零星破碎") for k, (_, _, grade, kcxs) in enumerate(pieces)]
    return memory_layer(wkts, [*PBF_FIELDS, ("TZYY", str)], rows, name=name)


def test_swap_quality_verdict_gross_not_met_and_net_met(plugin, tmp_path):
    # Out: grade 5 (KCXS 0.1) and grade 3 (KCXS 0.5), 1 ha each: gross mean 4.00, net 6.0 / 1.4 = 4.29.
    # In: grade 4 (KCXS 0) and grade 5 (KCXS 0.9), 1 ha each: gross mean 4.50, net 4.5 / 1.1 = 4.09.
    params = {**base_params(), "PBF_TASK_HA": 1.0,
              "PBF_SWAPPED_OUT": swapped([(0, 1, "5", 0.1), (1000, 1, "3", 0.5)], "out"),
              "PBF_SWAPPED_IN": swapped([(2000, 1, "4", 0.0), (3000, 1, "5", 0.9)], "in")}
    rows, _, html = run(params, tmp_path)
    assert rows["swap_slope"][3:] == ["grade", pytest.approx(4.0, abs=1e-12), pytest.approx(4.5, abs=1e-12),
                                      pytest.approx(0.5, abs=1e-12)]
    assert rows["swap_quality"][2] == (
        "Swapped-in farmland quality not lower than swapped-out: mean slope grade in 4.50, out 4.00, 0.50 short: "
        "not met")
    assert rows["swap_quality"][4:] == [None, None, None] and "swap_hsf_share" not in rows
    assert ">Swapped-in farmland quality not lower than swapped-out: mean slope grade in 4.50" in html
    # On the net basis, like the farmland's shares: the steep piece in is mostly field ridges.
    rows, _, _ = run({**params, "DEDUCT_KCXS": True})
    assert rows["swap_slope"][4:] == pytest.approx([6.0 / 1.4, 4.5 / 1.1, 4.5 / 1.1 - 6.0 / 1.4], abs=1e-12)
    assert rows["swap_quality"][2] == (
        "Swapped-in farmland quality not lower than swapped-out: mean slope grade in 4.09, out 4.29, 0.20 to "
        "spare: met")
    # The targets' rows are untouched by the swap rows.
    assert rows["quota_pbf_task"][2].endswith("(net of field ridges) 2.1000 ha: met, 1.1000 ha to spare")
    assert "swapped land too" in rows["area_basis"][2]


def test_swap_quality_in_chinese(plugin):
    from qgis.core import QgsApplication

    from planmaint.algorithms.i18n import install_translator, tr

    translator = install_translator("zh_CN")
    try:
        if translator is None or tr("Plan indicators") != "规划指标核算":
            pytest.skip("the compiled translation lacks this module's strings: run make transup")
        rows, _, _ = run({**base_params(), "PBF_SWAPPED_OUT": swapped([(0, 1, "5", 0.1)], "out"),
                          "PBF_SWAPPED_IN": swapped([(2000, 1, "2", 0.0)], "in")})
    finally:
        if translator is not None:
            QgsApplication.removeTranslator(translator)
    assert rows["swap_slope"][:4] == ["耕地和永久基本农田", "质量有提升", "平均坡度级别（调出地块→调入地块）", "级"]
    assert rows["swap_slope"][4:] == pytest.approx([5.0, 2.0, -3.0], abs=1e-12)
    assert rows["swap_quality"][2] == "调入耕地质量不低于调出：平均坡度级别调入2.00、调出5.00，余量3.00；达标"
