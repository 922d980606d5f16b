"""planmaint:indicators (规划指标核算), run as a console user runs it: processing.run("planmaint:indicators", …).

Hand-built layers whose answers are known by construction, then the sample county checked against an
independent computation with QGIS's own algorithms (dissolve, multipart to single parts, intersection)
and QgsGeometry areas — none of the plugin's code.
"""
import base64
import math
import re

import pytest
from qgis.core import (
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingException,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QByteArray, QVariant
from qgis.PyQt.QtGui import QColor, QImage

from conftest import county_layer
from headless import import_plugin_package
from layers import MU, as_layer, layer_digest, memory_layer, mu_square_side, rect, square

import_plugin_package()
from planmaint.algorithms.core import indicators as ind  # noqa: E402 (the package is importable only now)

ALG = "planmaint:indicators"
X0, Y0 = 500000.0, 4500000.0
S10, S2, S3 = mu_square_side(10), mu_square_side(2), mu_square_side(3)
PBF_FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", str), ("KCXS", float)]
COLUMNS = ["控制线", "优化导向", "具体指标", "单位", "调整前", "调整后", "变化", "code"]


def run(params, tmp_path=None):
    import processing

    full = {"OUTPUT": "TEMPORARY_OUTPUT", **params}
    if tmp_path is not None:
        full["REPORT"] = str(tmp_path / "report.html")
    return processing.run(ALG, full)


def table(result):
    """{row key: (before, after, change)} of the OUTPUT table, NULL read as None; the code column holds the key
    of each row, the one its words name."""
    out = {}
    for feature in as_layer(result["OUTPUT"]).getFeatures():
        values = [None if v is None or (hasattr(v, "isNull") and v.isNull()) else v for v in feature.attributes()]
        assert values[7] == ind.row_key(values[:4]) and values[7] not in out, values
        out[values[7]] = tuple(values[4:7])
    return out


def farmland_layer(specs, fields=PBF_FIELDS):
    """Squares (x offset, side, DLBM, PDJB, KCXS) in a row along the x axis."""
    wkts = [square(X0 + x, Y0, side) for x, side, *_ in specs]
    rows = [(f"B{k}", *attrs)[: len(fields)] for k, (_, _, *attrs) in enumerate(specs)]
    return memory_layer(wkts, fields, rows, name="pbf")


def hand_farmland():
    # two 10-亩 patches and one 2-亩 patch in the plain
    return farmland_layer([(0, S10, "0101", "2", 0.1), (1000, S10, "0103", "3", 0.1), (2000, S2, "0102", "4", 0.2)])


# --- hand-built cases -------------------------------------------------------------------------------


def test_table_columns_and_farmland_rows(plugin):
    pbf = hand_farmland()
    digest = layer_digest(pbf)
    result = run({"PBF": pbf})
    out = as_layer(result["OUTPUT"])
    assert [f.name() for f in out.fields()] == COLUMNS
    assert [f.type() for f in out.fields()] == [QVariant.String] * 4 + [QVariant.Double] * 3 + [QVariant.String]
    rows = table(result)
    assert rows["pbf_area"][0] == pytest.approx(22 / 10000, rel=1e-9)
    assert rows["contiguity"][0] == pytest.approx(22 / 3, rel=1e-9)
    assert rows["pbf_fragments"][0] == 1
    assert rows["paddy_share"][0] == pytest.approx(100 * 12 / 22, rel=1e-9)
    assert rows["steep_area"][0] == pytest.approx(2.0, rel=1e-9)
    # Only "before" inputs: the after and change columns are empty, not zero.
    assert all(after is None and change is None for _, after, change in rows.values())
    assert "epr_area" not in rows and "cultivated_land" not in rows  # rows appear for what is given
    assert layer_digest(pbf) == digest


def test_after_state_fills_after_and_change(plugin, tmp_path):
    before = hand_farmland()
    # The 2-亩 fragment is swapped out; a 3-亩 parcel touching the first square is swapped in.
    after = farmland_layer([(0, S10, "0101", "2", 0.1), (1000, S10, "0103", "3", 0.1), (S10, S3, "0101", "1", 0.1)])
    result = run({"PBF": before, "PBF_AFTER": after}, tmp_path)
    rows = table(result)
    assert rows["contiguity"] == pytest.approx((22 / 3, 23 / 2, 23 / 2 - 22 / 3), rel=1e-9)
    assert rows["pbf_fragments"] == (1, 0, -1)
    assert rows["steep_area"][1] == 0 and rows["steep_area"][2] == pytest.approx(-2.0, rel=1e-9)

    html = open(result["REPORT"], encoding="utf-8").read()
    assert "调整前" in html and "进出平衡" in html
    images = [QImage.fromData(QByteArray(base64.b64decode(data)), "PNG")
              for data in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)]
    assert len(images) == 2 and all(not image.isNull() for image in images)

    def count(image, predicate):
        return sum(
            predicate(QColor(image.pixel(x, y)))
            for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
        )

    def yellow(c):
        return c.red() > 200 and c.green() > 200 and c.blue() < 80

    def red(c):
        return c.red() > 180 and c.green() < 80 and c.blue() < 80

    def blue(c):
        return c.blue() > 180 and c.red() < 80

    before_map, after_map = images
    assert count(before_map, yellow) > 0 and count(before_map, red) == 0
    assert count(after_map, red) > 0 and count(after_map, blue) > 0  # swapped out and swapped in
    # The swap balance table: 2 亩 out, 3 亩 in (4 decimals of ha).
    assert f"{2 / 15:.4f}" in html and f"{3 / 15:.4f}" in html


def test_slope_and_land_class_from_land_use_parcels_under_the_farmland(plugin):
    pbf = memory_layer([rect(X0 + 50, Y0, 200, 100)], [("BSM", str)], [("P1",)], name="pbf")
    landuse = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100), rect(X0 + 200, Y0, 100, 100)],
        [("DLBM", str), ("PDJB", str)],
        [("0101", "4"), ("0103", "2"), ("0102", "5")],
        name="landuse",
    )
    rows = table(run({"PBF": pbf, "LANDUSE": landuse}))
    # 50 m on 0101/grade 4, 100 m on 0103/grade 2, 50 m on 0102/grade 5
    assert rows["steep_area"][0] == pytest.approx(10000 / MU, rel=1e-9)
    assert rows["paddy_share"][0] == pytest.approx(50.0, rel=1e-9)
    assert rows["cultivated_land"][0] == pytest.approx(30000 / MU / 10000, rel=1e-9)


def test_duplicated_land_use_parcels_count_once_and_are_named(plugin):
    pbf = memory_layer([rect(X0 + 50, Y0, 200, 100)], [("BSM", str)], [("P1",)], name="pbf")
    wkts = [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100), rect(X0 + 200, Y0, 100, 100)]
    rows_ = [("0101", "4"), ("0103", "2"), ("0102", "5")]
    clean = memory_layer(wkts, [("DLBM", str), ("PDJB", str)], rows_, name="landuse")
    # The paddy parcel twice, and a forest parcel lying over half of the dry one.
    messy = memory_layer(wkts + [wkts[0], rect(X0 + 100, Y0, 50, 100)], [("DLBM", str), ("PDJB", str)],
                         rows_ + [("0101", "4"), ("0301", "1")], name="landuse")
    expected = table(run({"PBF": pbf, "LANDUSE": clean}))
    result, warnings = run_warned({"PBF": pbf, "LANDUSE": messy})
    got = table(result)
    for key in ("cultivated_land", "steep_area", "paddy_share"):
        assert got[key][0] == pytest.approx(expected[key][0], rel=1e-9), key
    assert got["forest_land"][0] == pytest.approx(0.0, abs=1e-12)  # the forest parcel lies on earlier ground
    assert warnings.having("landuse", "4, 5")


def test_missing_land_class_field_lists_the_fields(plugin):
    landuse = memory_layer([rect(X0, Y0, 100, 100)], [("CODE", str), ("SLOPE", str)], [("0101", "1")])
    with pytest.raises(QgsProcessingException, match=r"DLBM.*CODE, SLOPE"):
        run({"LANDUSE": landuse})
    rows = table(run({"LANDUSE": landuse, "DLBM_FIELD": "CODE"}))
    assert rows["cultivated_land"][0] == pytest.approx(10000 / MU / 10000, rel=1e-9)


def test_field_ridge_deduction(plugin):
    pbf = hand_farmland()  # KCXS 0.1, 0.1, 0.2
    rows = table(run({"PBF": pbf, "DEDUCT_KCXS": True}))
    assert rows["pbf_area"][0] == pytest.approx((9 + 9 + 1.6) / 10000, rel=1e-9)
    assert rows["steep_area"][0] == pytest.approx(1.6, rel=1e-9)
    bad = farmland_layer([(0, S10, "0101", "2", 1.5)])
    with pytest.raises(QgsProcessingException, match="KCXS.*between 0 and 1"):
        run({"PBF": bad, "DEDUCT_KCXS": True})
    bare = memory_layer([square(X0, Y0, 10)], [("BSM", str)], [("B0",)])
    with pytest.raises(QgsProcessingException, match="KCXS.*BSM"):
        run({"PBF": bare, "DEDUCT_KCXS": True})


def run_warned(params):
    """Run, keeping the warnings: (results, warnings) with ``warnings.having(*words)``."""
    import processing
    from qgis.core import QgsProcessingFeedback

    class Warnings(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.texts = []

        def pushWarning(self, text):  # noqa: N802 (QGIS API name)
            self.texts.append(text)
            super().pushWarning(text)

        def having(self, *words):
            return [t for t in self.texts if all(w in t for w in words)]

    warnings = Warnings()
    result = processing.run(ALG, {"OUTPUT": "TEMPORARY_OUTPUT", **params}, feedback=warnings)
    return result, warnings


def test_overlapping_farmland_counts_once_with_the_first_features_attributes(plugin):
    # P2 lies half on P1 (0101, grade 2); its own half is dry land on grade 4. The red line covers both.
    pbf = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0 + 50, Y0, 100, 100), rect(X0 + 1000, Y0, 100, 100)], PBF_FIELDS,
        [("P1", "0101", "2", 0.0), ("P2", "0103", "4", 0.0), ("P3", "0101", "1", 0.0)], name="pbf",
    )
    epr = memory_layer([rect(X0, Y0, 150, 100)], name="epr")
    result, warnings = run_warned({"PBF": pbf, "EPR": epr})
    rows = table(result)
    assert rows["pbf_area"][0] == pytest.approx(25000 / MU / 10000, rel=1e-9)
    assert rows["paddy_share"][0] == pytest.approx(100 * 20000 / 25000, rel=1e-9)
    assert rows["steep_area"][0] == pytest.approx(5000 / MU, rel=1e-9)
    assert rows["overlap_pbf_epr"][0] == pytest.approx(1.5, rel=1e-9)
    (warning,) = warnings.having("overlap")
    assert "Layer pbf" in warning and "feature ids 1, 2)" in warning and "once" in warning


def test_unreadable_slope_grades_are_named_and_left_out(plugin):
    # The farmland's own field: B1 reads "abc", B2 "7" (no grade); neither counts as steep, both are named.
    pbf = farmland_layer([(0, S10, "0103", "4", 0.0), (1000, S10, "0103", "abc", 0.0), (2000, S2, "0103", "7", 0.0)])
    result, warnings = run_warned({"PBF": pbf})
    assert table(result)["steep_area"][0] == pytest.approx(10.0, rel=1e-9)
    (warning,) = warnings.having("PDJB")
    assert "Layer pbf" in warning and "2 features (feature ids 2, 3)" in warning
    # From the land-use parcels: only the unreadable parcel under the farmland is named (not fid 3).
    bare = memory_layer([rect(X0, Y0, 200, 100)], [("BSM", str)], [("P1",)], name="pbf")
    landuse = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100), rect(X0 + 5000, Y0, 100, 100)],
        [("DLBM", str), ("PDJB", str)], [("0103", "5"), ("0103", "abc"), ("0103", "x")], name="landuse",
    )
    result, warnings = run_warned({"PBF": bare, "LANDUSE": landuse})
    assert table(result)["steep_area"][0] == pytest.approx(10000 / MU, rel=1e-9)
    (warning,) = warnings.having("PDJB")
    assert "Layer landuse" in warning and "1 parcels under the permanent basic farmland (feature ids 2)" in warning


def test_missing_or_empty_slope_field_names_each_layer_and_its_fields(plugin):
    landuse = memory_layer([rect(X0, Y0, 100, 100)], [("DLBM", str), ("GDPJB", str)], [("0101", "1")], name="landuse")
    result, warnings = run_warned({"PBF": hand_farmland(), "LANDUSE": landuse, "SLOPE_FIELD": "SLOPE"})
    assert table(result)["steep_area"][0] is None
    (warning,) = warnings.having("SLOPE")
    assert "Layer pbf has no slope grade field SLOPE; its fields are: BSM, DLBM, PDJB, KCXS." in warning
    assert "Layer landuse has no slope grade field SLOPE; its fields are: DLBM, GDPJB." in warning
    empty = farmland_layer([(0, S10, "0101", None, 0.0)])
    result, warnings = run_warned({"PBF": empty})
    (warning,) = warnings.having("PDJB")
    assert "Layer pbf: the slope grade field PDJB is empty in every feature." in warning


# --- the farmland swapped out and in ----------------------------------------------------------------------

SWAP_FIELDS = [("BSM", str), ("DLBM", str), ("KCXS", float), ("TZLX", str), ("TZYY", str), ("MJ_MU", float),
               ("MJ_HA", float)]


def swapped_layer(pieces, slope_field="PDJB", name="swapped"):
    """Rectangles 100 m high of (x offset, hectares, slope grade) with edgeswap's fields and the grade in
    ``slope_field`` (None: no slope field)."""
    fields = SWAP_FIELDS + ([(slope_field, str)] if slope_field else [])
    rows = [(f"S{k}", "0103", 0.0, "调出", "零星破碎", 15.0 * w, w, *([grade] if slope_field else []))
            for k, (_, w, grade) in enumerate(pieces)]
    return memory_layer([rect(X0 + x, Y0 + 5000, 100 * w, 100) for x, w, _ in pieces], fields, rows, name=name)


# Out: 1 ha of grade 5 and 1 ha of grade 3 (mean 4.00), 0.5 ha in high-standard farmland (25 %). In: 1 ha of
# grade 2 and 3 ha of grade 1 (mean 1.25), 2.5 ha in high-standard farmland (62.5 %).
SWAP_OUT = ((0, 1, "5"), (1000, 1, "3"))
SWAP_IN = ((2000, 1, "2"), (3000, 3, "1"))


def swap_hsf():
    return memory_layer([rect(X0 + 1000, Y0 + 5000, 50, 100), rect(X0 + 2000, Y0 + 5000, 1150, 100)],
                        name="hsf")


def test_quality_of_the_farmland_swapped_out_and_in(plugin, tmp_path):
    pbf = hand_farmland()
    out, joined = swapped_layer(SWAP_OUT, name="out"), swapped_layer(SWAP_IN, "GDPDJB", name="in")
    digests = [layer_digest(layer) for layer in (out, joined)]
    result = run({"PBF": pbf, "HSF": swap_hsf(), "PBF_SWAPPED_OUT": out, "PBF_SWAPPED_IN": joined}, tmp_path)
    rows = table(result)
    # Before: the land swapped out; after: the land swapped in (its grade read from GDPDJB); change: in − out.
    assert rows["swap_slope"] == pytest.approx((4.0, 1.25, -2.75), abs=1e-12)
    assert rows["swap_hsf_share"] == pytest.approx((25.0, 62.5, 37.5), abs=1e-9)
    assert rows["swap_quality"] == (None, None, None)
    cells = {ind.row_key(f.attributes()[:4]): f.attributes()[:4] for f in as_layer(result["OUTPUT"]).getFeatures()}
    assert cells["swap_slope"][2:] == ["Mean slope grade (swapped-out parcels → swapped-in parcels)", "grade"]
    assert cells["swap_quality"][2] == (
        "Swapped-in farmland quality not lower than swapped-out: mean slope grade in 1.25, out 4.00, 2.75 to spare; "
        "high-standard farmland share in 62.50 %, out 25.00 %, 37.50 points to spare: met")
    keys = [ind.row_key(f.attributes()[:4]) for f in as_layer(result["OUTPUT"]).getFeatures()]
    assert keys[keys.index("steep_area") + 1: keys.index("contiguity")] == ["swap_slope", "swap_hsf_share",
                                                                             "swap_quality"]
    assert [layer_digest(layer) for layer in (out, joined)] == digests  # inputs untouched
    # The report: in table 5-1, among the farmland's quality rows.
    html = open(result["REPORT"], encoding="utf-8").read()
    table51 = html[html.index("Table 5-1"):]
    table51 = table51[: table51.index("</table>")]
    order = [table51.index(text) for text in (
        "Cultivated land above 15° slope", "Mean slope grade (swapped-out parcels → swapped-in parcels) (grade)"
        '</td><td class="num">4.00</td><td class="num">1.25</td><td class="num">-2.75</td>',
        "High-standard farmland share (swapped-out parcels → swapped-in parcels) (%)"
        '</td><td class="num">25.00</td><td class="num">62.50</td><td class="num">37.50</td>',
        "37.50 points to spare: met</td>", "Cultivated land contiguity")]
    assert order == sorted(order)
    assert "the before column (调整前) is the farmland swapped out" in html


def test_swapped_slope_from_the_land_use_and_a_warning_without_any(plugin):
    landuse = memory_layer(
        [rect(X0, Y0 + 5000, 100, 100), rect(X0 + 1000, Y0 + 5000, 100, 100), rect(X0 + 1100, Y0 + 5000, 300, 100)],
        [("DLBM", str), ("PDJB", str)], [("0103", "4"), ("0103", "1"), ("0101", "3")], name="landuse")
    out = swapped_layer(((0, 1, None),), slope_field=None, name="out")
    joined = swapped_layer(((1000, 4, None),), slope_field=None, name="in")  # 1 ha on grade 1, 3 ha on grade 3
    rows = table(run({"LANDUSE": landuse, "PBF_SWAPPED_OUT": out, "PBF_SWAPPED_IN": joined}))
    assert rows["swap_slope"] == pytest.approx((4.0, 2.5, -1.5), abs=1e-12)
    assert "swap_hsf_share" not in rows and "pbf_area" not in rows
    # No slope grade anywhere: the rows stay empty, the verdict is not checked, and the layers are named.
    bare = memory_layer([r for r in (rect(X0, Y0 + 5000, 100, 100),)], [("DLBM", str)], [("0103",)], name="lu")
    result, warnings = run_warned({"LANDUSE": bare, "PBF_SWAPPED_OUT": out, "PBF_SWAPPED_IN": joined})
    rows = table(result)
    assert rows["swap_slope"] == (None, None, None)
    (warning,) = warnings.having("Layer out has no slope grade field PDJB", "Layer lu has no slope grade field PDJB")
    assert "SLOPE_FIELD" in warning
    assert warnings.having("Layer in has no slope grade field PDJB")


def test_unreadable_swapped_grades_are_named_and_left_out(plugin):
    out = swapped_layer(((0, 1, "5"), (1000, 1, "abc")), name="out")
    joined = swapped_layer(((2000, 1, "2"),), name="in")
    result, warnings = run_warned({"PBF_SWAPPED_OUT": out, "PBF_SWAPPED_IN": joined, "PBF": hand_farmland()})
    assert table(result)["swap_slope"] == pytest.approx((5.0, 2.0, -3.0), abs=1e-12)
    (warning,) = warnings.having("Layer out", "PDJB", "feature ids 2", "mean slope grade")


def test_swap_rows_are_absent_without_the_layers_and_one_alone_is_refused(plugin):
    rows = table(run({"PBF": hand_farmland(), "HSF": swap_hsf()}))
    assert "hsf_share" in rows and not [key for key in rows if key and key.startswith("swap_")]
    with pytest.raises(QgsProcessingException, match=r"PBF_SWAPPED_IN is given without PBF_SWAPPED_OUT"):
        run({"PBF": hand_farmland(), "PBF_SWAPPED_IN": swapped_layer(SWAP_IN)})
    with pytest.raises(QgsProcessingException, match=r"PBF_SWAPPED_OUT is given without PBF_SWAPPED_IN"):
        run({"PBF": hand_farmland(), "PBF_SWAPPED_OUT": swapped_layer(SWAP_OUT)})


def test_table_as_csv_and_xlsx(plugin, tmp_path):
    import csv

    pbf = hand_farmland()
    csv_path = str(tmp_path / "indicators.csv")
    run({"PBF": pbf, "OUTPUT": csv_path})
    with open(csv_path, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == COLUMNS
    contiguity = next(row for row in rows if row[2] in ind.ROW_BY_KEY["contiguity"].indicator)
    assert float(contiguity[4]) == pytest.approx(22 / 3, rel=1e-9) and contiguity[5:] == ["", "", "contiguity"]
    xlsx_path = str(tmp_path / "indicators.xlsx")
    run({"PBF": pbf, "OUTPUT": xlsx_path})
    sheet = QgsVectorLayer(xlsx_path, "xlsx", "ogr")
    assert sheet.isValid() and [f.name() for f in sheet.fields()] == COLUMNS
    assert sheet.featureCount() == len(rows) - 1


def test_chinese_interface_gives_a_chinese_table(plugin):
    from qgis.core import QgsApplication

    from planmaint.algorithms.i18n import install_translator, tr

    translator = install_translator("zh_CN")
    try:
        if translator is None or tr("Plan indicators") != "规划指标核算":
            pytest.skip("the compiled translation lacks this module's strings: run make transup")
        result = run({"PBF": hand_farmland()})
        cells = {tuple(f.attributes()[:4]) for f in as_layer(result["OUTPUT"]).getFeatures()}
        assert ("耕地和永久基本农田", "布局更优化", "耕地连片度", "亩/个") in cells
    finally:
        if translator is not None:
            QgsApplication.removeTranslator(translator)


def every_kind_of_row():
    """Inputs giving indicator rows, a target row, the verdict rows of the red line and the boundary, and the
    area basis."""
    landuse = memory_layer([rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100)], [("DLBM", str)],
                           [("0301",), ("1206",)], name="landuse")
    pbf = hand_farmland()
    return {
        "PBF": pbf, "PBF_AFTER": hand_farmland(), "PBF_TASK_HA": 1.0, "LANDUSE": landuse,
        "EPR": memory_layer([rect(X0, Y0, 200, 100)], name="epr"),
        "EPR_AFTER": memory_layer([rect(X0, Y0, 150, 100)], name="epr_after"),
        "UDB": memory_layer([rect(X0, Y0 + 3000, 300, 300)], name="udb"),
        "UDB_AFTER": memory_layer([rect(X0, Y0 + 3000, 300, 290)], name="udb_after"), "BASELINE_HA": 5.0,
    }


def written_rows(result):
    """[(控制线, 优化导向, 具体指标, 单位, code)] of the OUTPUT table, in its order."""
    return [tuple(f.attributes()[:4]) + (f["code"],) for f in as_layer(result["OUTPUT"]).getFeatures()]


def test_code_column_is_the_same_in_every_language(plugin):
    inputs = every_kind_of_row()
    zh = written_rows(run({**inputs, "LANGUAGE": 1}))
    en = written_rows(run({**inputs, "LANGUAGE": 2}))
    codes = [row[4] for row in zh]
    assert codes == [row[4] for row in en]
    assert len(set(codes)) == len(codes), "one code per row"
    assert {"pbf_area", "quota_pbf_task", "epr_eco_kept", "udb_area_kept", "udb_expansion_kept",
            "area_basis"} <= set(codes)
    # Each code is the key its row's words name, in either language; the words differ between the two.
    assert [ind.row_key(row[:4]) for row in zh] == codes == [ind.row_key(row[:4]) for row in en]
    assert all(z[2] != e[2] for z, e in zip(zh, en))


def test_language_chosen_for_the_table_and_the_report(plugin, tmp_path):
    """LANGUAGE 1 (中文) gives a Chinese table and report on the English interface of the tests, 2 English; the
    interface's language is back after the run."""
    from planmaint.algorithms.i18n import tr

    assert tr("Plan indicators") == "Plan indicators"
    inputs = {"PBF": hand_farmland(), "PBF_TASK_HA": 1.0}
    chinese = run({**inputs, "LANGUAGE": 1}, tmp_path)
    cells = {row[4]: row[:4] for row in written_rows(chinese)}
    assert cells["contiguity"] == ("耕地和永久基本农田", "布局更优化", "耕地连片度", "亩/个")
    assert cells["quota_pbf_task"][2].startswith("永久基本农田保护任务：目标1.0000公顷")
    html = open(chinese["REPORT"], encoding="utf-8").read()
    assert "<title>规划指标核算报告</title>" in html and "耕地连片度（亩/个）" in html
    assert "Plan indicators report" not in html and "Parameters used" not in html
    assert tr("Plan indicators") == "Plan indicators"

    english = run({**inputs, "LANGUAGE": 2, "REPORT": str(tmp_path / "en.html")})
    cells = {row[4]: row[:4] for row in written_rows(english)}
    assert cells["contiguity"] == ("Cultivated land and permanent basic farmland", "Layout is optimised",
                                   "Cultivated land contiguity", "mu/patch")
    html = open(english["REPORT"], encoding="utf-8").read()
    assert "<title>Plan indicators report</title>" in html and "规划指标核算报告" not in html


def test_english_chosen_on_a_chinese_interface(plugin, tmp_path):
    from qgis.core import QgsApplication

    from planmaint.algorithms.i18n import install_translator, tr

    translator = install_translator("zh_CN")
    try:
        if translator is None or tr("Plan indicators") != "规划指标核算":
            pytest.skip("the compiled translation lacks this module's strings: run make transup")
        result = run({"PBF": hand_farmland(), "LANGUAGE": 2}, tmp_path)
        cells = {row[4]: row[:4] for row in written_rows(result)}
        assert cells["contiguity"][2:] == ("Cultivated land contiguity", "mu/patch")
        assert "<title>Plan indicators report</title>" in open(result["REPORT"], encoding="utf-8").read()
        assert tr("Plan indicators") == "规划指标核算"  # the interface keeps its language
        auto = run({"PBF": hand_farmland()})
        assert {row[4]: row[:4] for row in written_rows(auto)}["contiguity"][2] == "耕地连片度"
    finally:
        if translator is not None:
            QgsApplication.removeTranslator(translator)


def test_after_without_before_is_refused(plugin):
    with pytest.raises(QgsProcessingException, match="PBF_AFTER.*PBF"):
        run({"PBF_AFTER": hand_farmland()})


def test_land_use_forest_cover_and_fragments_in_the_hills(plugin):
    landuse = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100), rect(X0, Y0 + 100, 100, 100),
         rect(X0 + 100, Y0 + 100, 100, 100)],
        [("DLBM", str)], [("0103",), ("0301",), ("0307",), ("0404",)],
    )
    county = memory_layer([rect(X0, Y0, 200, 200)])
    s4 = mu_square_side(4)
    pbf = farmland_layer([(1000, s4, "0103", "2", 0), (2000, s4, "0103", "2", 0)])
    hills = memory_layer([rect(X0 + 1900, Y0 - 100, 500, 500)])
    rows = table(run({"LANDUSE": landuse, "COUNTY": county, "PBF": pbf, "HILLY_AREAS": hills}))
    assert rows["forest_land"][0] == pytest.approx(20000 / MU / 10000, rel=1e-9)
    assert rows["forest_cover"][0] == pytest.approx(50.0, rel=1e-9)
    assert rows["pbf_fragments"][0] == 1  # the 4-亩 patch in the hills is no fragment (3 亩 there)


def test_red_line_rows(plugin):
    outer = f"POLYGON(({X0} {Y0},{X0 + 2000} {Y0},{X0 + 2000} {Y0 + 2000},{X0} {Y0 + 2000},{X0} {Y0}),"
    hole_small = (f"({X0 + 100} {Y0 + 100},{X0 + 120} {Y0 + 100},{X0 + 120} {Y0 + 120},{X0 + 100} {Y0 + 120},"
                  f"{X0 + 100} {Y0 + 100}),")
    hole_big = (f"({X0 + 500} {Y0 + 500},{X0 + 600} {Y0 + 500},{X0 + 600} {Y0 + 600},{X0 + 500} {Y0 + 600},"
                f"{X0 + 500} {Y0 + 500}))")
    epr = memory_layer([outer + hole_small + hole_big, rect(X0 + 3000, Y0, 500, 500)], name="epr")
    pbf = memory_layer([rect(X0 + 500, Y0 + 500, 50, 100), rect(X0 + 1000, Y0 + 1000, 100, 100)],
                       [("BSM", str)], [("a",), ("b",)])
    rows = table(run({"EPR": epr, "PBF": pbf}))
    assert rows["epr_area"][0] == pytest.approx((4e6 - 400 - 10000 + 250000) / 1e6, rel=1e-9)
    assert rows["epr_small_patches"][0] == 1
    assert rows["epr_holes"][0] == 2 and rows["epr_small_holes"][0] == 1
    assert rows["epr_small_holes_area"][0] == pytest.approx(0.04, rel=1e-9)
    assert rows["epr_holes_pbf"][0] == pytest.approx(0.5, rel=1e-9)
    assert rows["overlap_pbf_epr"][0] == pytest.approx(1.0, rel=1e-9)


def test_red_line_ecological_function_verdict(plugin, tmp_path):
    # The red line: forest (0301) in the west half, other land (1206) in the east half, 1 ha each. After one
    # maintenance the east end left (the forest kept: met); after another the west end did (not met).
    landuse = memory_layer([rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100)], [("DLBM", str)],
                           [("0301",), ("1206",)], name="landuse")
    epr = memory_layer([rect(X0, Y0, 200, 100)], name="epr")
    kept = memory_layer([rect(X0, Y0, 150, 100)], name="epr_after")
    lost = memory_layer([rect(X0 + 50, Y0, 150, 100)], name="epr_after")
    assert "epr_eco_kept" not in table(run({"EPR": epr, "LANDUSE": landuse}))
    result = run({"EPR": epr, "EPR_AFTER": kept, "LANDUSE": landuse}, tmp_path)
    cells = {ind.row_key(f.attributes()[:4]): f.attributes() for f in as_layer(result["OUTPUT"]).getFeatures()}
    assert cells["epr_eco_kept"][2] == ("Ecological function not lower: ecological-function land in the red line "
                                       "0.0100 km² before, 0.0100 km² after, 0.0000 km² to spare: met")
    keys = [ind.row_key(f.attributes()[:4]) for f in as_layer(result["OUTPUT"]).getFeatures()]
    assert keys[keys.index("epr_eco_land") + 1] == "epr_eco_kept"
    html = open(result["REPORT"], encoding="utf-8").read()
    table52 = html[html.index("Table 5-2"):]
    assert "0.0000 km² to spare: met" in table52[: table52.index("</table>")]
    result = run({"EPR": epr, "EPR_AFTER": lost, "LANDUSE": landuse})
    assert table(result)["epr_eco_land"] == pytest.approx((0.01, 0.005, -0.005), abs=1e-12)
    cells = {ind.row_key(f.attributes()[:4]): f.attributes() for f in as_layer(result["OUTPUT"]).getFeatures()}
    assert cells["epr_eco_kept"][2].endswith("0.0050 km² short: not met")


def test_urban_boundary_rows_and_baseline(plugin):
    town = (f"POLYGON(({X0} {Y0},{X0 + 300} {Y0},{X0 + 300} {Y0 + 300},{X0} {Y0 + 300},{X0} {Y0}),"
            f"({X0 + 50} {Y0 + 50},{X0 + 100} {Y0 + 50},{X0 + 100} {Y0 + 100},{X0 + 50} {Y0 + 100},"
            f"{X0 + 50} {Y0 + 50}))")
    udb = memory_layer([town, square(X0 + 1000, Y0, mu_square_side(5))], name="udb")
    pbf = memory_layer([rect(X0 + 60, Y0 + 60, 10, 10)], [("BSM", str)], [("a",)])
    area_m2 = 90000 - 2500 + 5 * MU
    rows = table(run({"UDB": udb, "PBF": pbf, "BASELINE_HA": 5.0}))
    assert rows["udb_area"][0] == pytest.approx(area_m2 / 10000, rel=1e-9)
    assert rows["udb_expansion"][0] == pytest.approx(area_m2 / 50000, rel=1e-9)
    assert rows["udb_fragments"][0] == 1
    assert rows["udb_holes"][0] == 1 and rows["udb_pbf_holes"][0] == 1
    baseline = memory_layer([rect(X0, Y0, 200, 100)])
    rows = table(run({"UDB": udb, "URBAN_BASELINE": baseline}))
    assert rows["udb_expansion"][0] == pytest.approx(area_m2 / 20000, rel=1e-9)
    with pytest.raises(QgsProcessingException, match="only one"):
        run({"UDB": udb, "URBAN_BASELINE": baseline, "BASELINE_HA": 5.0})


def test_boundary_scale_increment_and_verdicts(plugin, tmp_path):
    # A 3 ha boundary; after maintenance 0.5 ha left it (met), or 0.5 ha joined it (not met). Baseline: 2 ha.
    udb = memory_layer([rect(X0, Y0, 300, 100)], name="udb")
    smaller = memory_layer([rect(X0, Y0, 250, 100)], name="udb_after")
    larger = memory_layer([rect(X0, Y0, 350, 100)], name="udb_after")
    baseline = memory_layer([rect(X0, Y0, 200, 100)], name="baseline")
    result = run({"UDB": udb, "UDB_AFTER": smaller, "URBAN_BASELINE": baseline}, tmp_path)
    rows = table(result)
    assert rows["udb_increment"] == pytest.approx((1.0, 0.5, -0.5), abs=1e-12)  # (3 − 2) ha, (2.5 − 2) ha
    cells = {ind.row_key(f.attributes()[:4]): f.attributes() for f in as_layer(result["OUTPUT"]).getFeatures()}
    assert cells["udb_area_kept"][2].endswith("3.0000 ha before, 2.5000 ha after, 0.5000 ha to spare: met")
    assert cells["udb_expansion_kept"][2].endswith("1.5000 before, 1.2500 after, 0.2500 to spare: met")
    keys = [ind.row_key(f.attributes()[:4]) for f in as_layer(result["OUTPUT"]).getFeatures()]
    start = keys.index("udb_area")
    assert keys[start:start + 5] == ["udb_area", "udb_expansion", "udb_increment", "udb_area_kept",
                                     "udb_expansion_kept"]
    html = open(result["REPORT"], encoding="utf-8").read()
    table53 = html[html.index("Table 5-3"):]
    table53 = table53[: table53.index("</table>")]
    assert "Boundary scale and increment (ha)" in table53
    assert re.search(r">3\.0000 / 1\.0000<.*>2\.5000 / 0\.5000<.*>-0\.5000 / -0\.5000<", table53)
    assert "0.5000 ha to spare: met" in table53 and "0.2500 to spare: met" in table53
    grown = table(run({"UDB": udb, "UDB_AFTER": larger, "BASELINE_HA": 2.0}))
    assert grown["udb_increment"] == pytest.approx((1.0, 1.5, 0.5), abs=1e-12)
    cells = {ind.row_key(f.attributes()[:4]): f.attributes()
             for f in as_layer(run({"UDB": udb, "UDB_AFTER": larger, "BASELINE_HA": 2.0})["OUTPUT"]).getFeatures()}
    assert cells["udb_area_kept"][2].endswith("0.5000 ha over: not met")
    assert cells["udb_expansion_kept"][2].endswith("0.2500 over: not met")
    # Without a baseline the increment is "-" in the report, empty in the table, and the factor not checked.
    result = run({"UDB": udb, "UDB_AFTER": smaller}, tmp_path)
    assert table(result)["udb_increment"] == (None, None, None)
    cells = {ind.row_key(f.attributes()[:4]): f.attributes() for f in as_layer(result["OUTPUT"]).getFeatures()}
    assert "not checked" in cells["udb_expansion_kept"][2] and cells["udb_area_kept"][2].endswith(": met")
    html = open(result["REPORT"], encoding="utf-8").read()
    table53 = html[html.index("Table 5-3"):]
    table53 = table53[: table53.index("</table>")]
    assert re.search(r"Boundary scale and increment \(ha\)</td>"
                     r'<td class="num">-</td><td class="num">-</td><td class="num">-</td>', table53)


def swaps_by_category(report_path):
    """(line, direction, words, code, area, pieces) of the report's swaps by category, unescaped."""
    import html as markup

    text = open(report_path, encoding="utf-8").read()
    section = text[text.index("Swaps by category"):]
    section = section[: section.index("</table>")]
    cell = r"<td(?: class=\"num\")?>(.*?)</td>"
    return [tuple(markup.unescape(c) for c in row) for row in re.findall("<tr>" + cell * 6 + "</tr>", section)]


def test_report_lists_swaps_by_category(plugin, tmp_path):
    from planmaint.algorithms.core import candidates, swapins

    epr = memory_layer([rect(X0, Y0, 1000, 1000)], name="epr")
    out = memory_layer([rect(X0, Y0, 100, 100), rect(X0 + 200, Y0, 100, 50), rect(X0 + 400, Y0, 50, 50),
                        rect(X0 + 600, Y0, 10, 10)], [("TZYY", str)],
                       [(candidates.WITHDRAWN.words,), (candidates.WITHDRAWN.words,), ("矛盾冲突调出",), (None,)],
                       name="epr_out")
    joined = memory_layer([rect(X0 + 2000, Y0, 200, 100)], [("TZYY", str)], [(swapins.PUBLIC_FOREST.words,)],
                          name="epr_in")
    no_reason = memory_layer([rect(X0 + 3000, Y0, 100, 100)], [("BSM", str)], [("u1",)], name="udb_out")
    params = {"EPR": epr, "EPR_SWAPPED_OUT": out, "EPR_SWAPPED_IN": joined, "UDB_SWAPPED_OUT": no_reason}
    result = run(params, tmp_path)
    rows = swaps_by_category(result["REPORT"])
    line, none = "Ecological protection red line", "none"
    expected_out = [(line, "Swapped out", candidates.WITHDRAWN.words, "11", "1.5000", "2")]
    expected_out += [(line, "Swapped out", r.words, r.code, "0", none) for r in candidates.EPR_REASONS[1:]]
    expected_out += [(line, "Swapped out", "矛盾冲突调出", "", "0.2500", "1"),
                     (line, "Swapped out", "(no reason given)", "", "0.0100", "1"),
                     (line, "Swapped out", "Total", "", "1.7600", "4")]
    expected_in = [(line, "Swapped in", c.words, c.code, "2.0000" if c is swapins.PUBLIC_FOREST else "0",
                    "1" if c is swapins.PUBLIC_FOREST else none) for c in swapins.EPR_CATEGORIES]
    expected_in.append((line, "Swapped in", "Total", "", "2.0000", "1"))
    boundary = "Urban development boundary"
    expected_udb = [(boundary, "Swapped out", r.words, r.code, "0", none) for r in candidates.UDB_REASONS]
    expected_udb += [(boundary, "Swapped out", "(no reason given)", "", "1.0000", "1"),
                     (boundary, "Swapped out", "Total", "", "1.0000", "1")]
    assert rows == expected_out + expected_in + expected_udb
    html = open(result["REPORT"], encoding="utf-8").read()
    assert "udb_out (UDB_SWAPPED_OUT) has no field TZYY" in html
    # The report only: the table is the same as without the swapped pieces.
    assert table(result) == table(run({"EPR": epr}))
    assert "Swaps by category" not in open(run({"EPR": epr}, tmp_path)["REPORT"], encoding="utf-8").read()


def test_road_density_and_park_walk_coverage(plugin):
    central = memory_layer([rect(X0, Y0, 1000, 1000)])
    udb = memory_layer([rect(X0, Y0, 500, 1000)])
    roads = memory_layer(
        [f"LINESTRING({X0} {Y0 + 500},{X0 + 1000} {Y0 + 500})",
         f"LINESTRING({X0 + 250} {Y0 - 50},{X0 + 250} {Y0 + 1050})"],
        geometry="LineString",
    )
    parks = memory_layer([f"POINT({X0 + 250} {Y0 + 500})"], geometry="Point")
    rows = table(run({"UDB": udb, "CENTRAL_AREA": central, "ROADS": roads, "PARKS": parks, "WALK_DISTANCE": 100}))
    assert rows["road_density"][0] == pytest.approx(3.0, rel=1e-9)  # 1.5 km in 0.5 km²
    assert rows["park_coverage"][0] == pytest.approx(100 * math.pi * 100 ** 2 / 500000, rel=1e-3)


def test_ellipsoidal_areas(plugin):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsDistanceArea

    # 200 km east of the central meridian, where the Gauss-Krüger plane stretches areas by about 0.05 %.
    pbf = memory_layer([square(X0 + 200000, Y0, S10)])
    planar = table(run({"PBF": pbf}))["pbf_area"][0]
    ellipsoidal = table(run({"PBF": pbf, "AREA_METHOD": 1}))["pbf_area"][0]
    calculator = QgsDistanceArea()
    calculator.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4549"), QgsCoordinateTransformContext())
    calculator.setEllipsoid("EPSG:1024")
    expected = sum(calculator.measureArea(f.geometry()) for f in pbf.getFeatures()) / (10000 * MU)
    assert ellipsoidal == pytest.approx(expected, rel=1e-9)
    assert planar == pytest.approx(10 / 10000, rel=1e-9)
    assert ellipsoidal == pytest.approx(planar, rel=2e-3) and ellipsoidal != pytest.approx(planar, rel=1e-4)


# --- the sample county against QGIS's own algorithms -------------------------------------------------


def native(algorithm, params):
    import processing

    return processing.run(algorithm, {**params, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]


def parts_of(layer):
    """Dissolve + multipart to single parts: the patches, as QgsGeometry polygons."""
    fixed = native("native:fixgeometries", {"INPUT": layer})
    single = native("native:multiparttosingleparts", {"INPUT": native("native:dissolve", {"INPUT": fixed})})
    return [f.geometry() for f in single.getFeatures()]


def dissolved(layer):
    return native("native:dissolve", {"INPUT": native("native:fixgeometries", {"INPUT": layer})})


def union_geometry(layer):
    return next(dissolved(layer).getFeatures()).geometry()


def rings_of(parts):
    """Every interior ring of the patches, as a polygon (islands included)."""
    return [QgsGeometry.fromPolygonXY([ring]) for part in parts for ring in part.asPolygon()[1:]]


def area_sum(layer, expression=None):
    request = QgsFeatureRequest()
    if expression:
        request.setFilterExpression(expression)
    return sum(f.geometry().area() for f in layer.getFeatures(request))


LAYERS = ("landuse", "pbf", "epr", "udb", "hsf", "hilly_areas", "urban_baseline")


@pytest.fixture(scope="module")
def county_run(plugin, sample_county, tmp_path_factory):
    """One run on the sample county; only paths and numbers are kept (QGIS layers held by a module
    fixture until its teardown crash the test process)."""
    import processing

    folder = tmp_path_factory.mktemp("indicators")
    layers = {name: county_layer(sample_county, name) for name in LAYERS}
    after = str(folder / "pbf_after.gpkg")
    processing.run("native:extractbyexpression", {"INPUT": layers["pbf"], "EXPRESSION": '"PDJB" < 4', "OUTPUT": after})
    report = str(folder / "county.html")
    result = run({
        "PBF": layers["pbf"], "PBF_AFTER": after, "EPR": layers["epr"], "UDB": layers["udb"],
        "LANDUSE": layers["landuse"], "HSF": layers["hsf"], "HILLY_AREAS": layers["hilly_areas"],
        "URBAN_BASELINE": layers["urban_baseline"], "REPORT": report,
    })
    rows = table(result)
    del layers, result
    return sample_county, after, rows, report


def county_layers(path, after_path):
    layers = {name: county_layer(path, name) for name in LAYERS}
    after = QgsVectorLayer(after_path, "pbf_after", "ogr")
    assert after.isValid()
    return layers, after


def test_county_farmland_against_dissolve(county_run):
    path, after_path, rows, _ = county_run
    layers, after = county_layers(path, after_path)
    hills = union_geometry(layers["hilly_areas"])
    for column, layer in ((0, layers["pbf"]), (1, after)):
        parts = parts_of(layer)
        area = sum(p.area() for p in parts)
        assert rows["pbf_area"][column] == pytest.approx(area / MU / 10000, rel=1e-6)
        assert rows["contiguity"][column] == pytest.approx(area / MU / len(parts), rel=1e-6)
        fragments = 0
        for part in parts:
            hilly = 2 * part.intersection(hills).area() > part.area()
            fragments += part.area() < (3 if hilly else 5) * MU
        assert rows["pbf_fragments"][column] == fragments
        cultivated = area_sum(layer, "\"DLBM\" IN ('0101','0102','0103')")
        paddy = area_sum(layer, "\"DLBM\" IN ('0101','0102')")
        assert rows["paddy_share"][column] == pytest.approx(100 * paddy / cultivated, rel=1e-6)
        assert rows["steep_area"][column] == pytest.approx(area_sum(layer, '"PDJB" >= 4') / MU, rel=1e-6, abs=1e-9)
        hsf = native("native:intersection", {"INPUT": layer, "OVERLAY": dissolved(layers["hsf"])})
        assert rows["hsf_share"][column] == pytest.approx(100 * area_sum(hsf) / area_sum(layer), rel=1e-6)
    assert rows["steep_area"][0] > 0  # the sample has steep farmland, so the check above bites
    landuse = layers["landuse"]
    assert rows["cultivated_land"][0] == pytest.approx(
        area_sum(landuse, "\"DLBM\" IN ('0101','0102','0103')") / MU / 10000, rel=1e-6)
    assert rows["forest_land"][0] == pytest.approx(area_sum(landuse, "\"DLBM\" LIKE '03%'") / MU / 10000, rel=1e-6)
    assert rows["cultivated_land"][1] == rows["cultivated_land"][0]  # land use does not change


def test_county_red_line_and_boundary_against_dissolve(county_run):
    path, after_path, rows, _ = county_run
    layers, after = county_layers(path, after_path)
    epr_parts = parts_of(layers["epr"])
    assert rows["epr_area"][0] == pytest.approx(sum(p.area() for p in epr_parts) / 1e6, rel=1e-6)
    assert rows["epr_small_patches"][0] == sum(p.area() < 1e6 for p in epr_parts)
    epr = union_geometry(layers["epr"])
    rings = rings_of(epr_parts)
    assert rows["epr_holes"][0] == len(rings) > 0
    small = [r for r in rings if r.area() < 5 * MU]
    assert rows["epr_small_holes"][0] == len(small)
    assert rows["epr_small_holes_area"][0] == pytest.approx(
        sum(r.difference(epr).area() for r in small) / 10000, rel=1e-6, abs=1e-12)
    pbf_union = union_geometry(layers["pbf"])
    in_holes = sum(r.difference(epr).intersection(pbf_union).area() for r in rings)
    assert rows["epr_holes_pbf"][0] == pytest.approx(in_holes / 10000, rel=1e-6)
    eco = "\"DLBM\" LIKE '03%' OR \"DLBM\" LIKE '04%' OR \"DLBM\" IN ('1101','1102','1103','1105','1106','1108','1110')"
    landuse_eco = native("native:extractbyexpression", {"INPUT": layers["landuse"], "EXPRESSION": eco})
    eco_in = native("native:intersection", {"INPUT": landuse_eco, "OVERLAY": dissolved(layers["epr"])})
    assert rows["epr_eco_land"][0] == pytest.approx(area_sum(eco_in) / 1e6, rel=1e-6)

    udb_parts = parts_of(layers["udb"])
    udb_area = sum(p.area() for p in udb_parts)
    assert rows["udb_area"][0] == pytest.approx(udb_area / 10000, rel=1e-6)
    assert rows["udb_fragments"][0] == sum(p.area() < 15 * MU for p in udb_parts)
    udb = union_geometry(layers["udb"])
    udb_rings = rings_of(udb_parts)
    assert rows["udb_holes"][0] == len(udb_rings)
    holding = sum(r.difference(udb).intersection(pbf_union).area() > 0.01 for r in udb_rings)
    assert rows["udb_pbf_holes"][0] == holding
    baseline = union_geometry(layers["urban_baseline"]).area()
    assert rows["udb_expansion"][0] == pytest.approx(udb_area / baseline, rel=1e-6)

    epr_fixed = native("native:fixgeometries", {"INPUT": layers["epr"]})
    overlap = native("native:intersection", {"INPUT": layers["pbf"], "OVERLAY": epr_fixed})
    assert rows["overlap_pbf_epr"][0] == pytest.approx(area_sum(overlap) / 10000, rel=1e-6)
    overlap_after = native("native:intersection", {"INPUT": after, "OVERLAY": epr_fixed})
    assert rows["overlap_pbf_epr"][1] == pytest.approx(area_sum(overlap_after) / 10000, rel=1e-6)
    assert rows["epr_area"][1] is None  # the red line has no after state


def test_county_report(county_run):
    _, _, rows, report = county_run
    html = open(report, encoding="utf-8").read()
    # three line tables and the overlaps table, the parameters, and 4 maps (PBF before/after, EPR, UDB)
    assert html.count("<table>") >= 6
    assert len(re.findall(r"data:image/png;base64,", html)) == 4
    assert "永久基本农田∩生态保护红线" in html


def test_a_report_into_a_missing_folder_is_refused_in_words(plugin, tmp_path):
    missing = tmp_path / "no such folder" / "report.html"
    with pytest.raises(QgsProcessingException, match="report cannot be written to .*no such folder.*REPORT"):
        run({"PBF": hand_farmland(), "REPORT": str(missing)})
