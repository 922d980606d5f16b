"""planmaint:workbook (成果表格): the indicator table and the project list of the sample county written as a workbook
laid out like the seed's tables 5-1 … 5-4, read back with openpyxl; the CSV files written without openpyxl."""
import csv
import os
import sys

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from conftest import county_layer
from headless import import_plugin_package
from layers import layer_digest, memory_layer

import_plugin_package()
from planmaint.algorithms.core import workbook as wb  # noqa: E402 (the package is importable only now)

openpyxl = pytest.importorskip("openpyxl")

ALG = "planmaint:workbook"
LAYERS = ("landuse", "pbf", "epr", "udb", "hsf", "hilly_areas", "urban_baseline")
SHEET_OF_LINE = {"耕地和永久基本农田": "表5-1", "生态保护红线": "表5-2", "城镇开发边界": "表5-3",
                 "三条控制线": "三线冲突"}
# The seed's rounding, written out here rather than taken from the plugin.
FORMATS = {"万亩": "0.0000", "平方公里": "0.0000", "%": "0.00", "公顷": "0.00", "个": "0"}
HEADER = ["控制线", "优化导向", "具体指标", "调整前", "调整后", "变化"]
PROJECT_COLUMNS = ["XH", "XMLX", "XMMC", "JSXZ", "JSNX", "YDGM_HA", "XZJSYD_HA", "SZDQ", "NRYJ"]


def run(params):
    import processing

    return processing.run(ALG, params)


def _value(v):
    return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v


def table_rows(path):
    layer = QgsVectorLayer(path, "t", "ogr")
    assert layer.isValid()
    names = [f.name() for f in layer.fields()]
    return [dict(zip(names, map(_value, f.attributes()))) for f in sorted(layer.getFeatures(), key=lambda f: f.id())]


@pytest.fixture(scope="module")
def county_tables(plugin, sample_county, tmp_path_factory):
    """Paths of the sample county's indicator table (farmland after: the parcels under 15°) and project list."""
    import processing

    folder = tmp_path_factory.mktemp("workbook")
    layers = {name: county_layer(sample_county, name) for name in LAYERS}
    after = str(folder / "pbf_after.gpkg")
    processing.run("native:extractbyexpression", {"INPUT": layers["pbf"], "EXPRESSION": '"PDJB" < 4', "OUTPUT": after})
    indicators = str(folder / "indicators.gpkg")
    processing.run("planmaint:indicators", {
        "PBF": layers["pbf"], "PBF_AFTER": after, "EPR": layers["epr"], "UDB": layers["udb"],
        "LANDUSE": layers["landuse"], "HSF": layers["hsf"], "HILLY_AREAS": layers["hilly_areas"],
        "URBAN_BASELINE": layers["urban_baseline"], "PBF_TASK_HA": 1.0, "LANGUAGE": 1, "OUTPUT": indicators})
    projects = str(folder / "projects.gpkg")
    processing.run("planmaint:projectlist", {
        "PROJECTS": county_layer(sample_county, "projects"), "LANDUSE": layers["landuse"], "PBF": layers["pbf"],
        "EPR": layers["epr"], "UDB": layers["udb"], "OUTPUT": projects, "SUMMARY": "TEMPORARY_OUTPUT"})
    del layers
    return indicators, projects, folder


def expected_merges(rows, column, key):
    """Excel ranges of the runs of two or more rows (sheet rows from 3) with the same ``key``."""
    out, start = set(), 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or key(rows[k]) != key(rows[start]):
            if k - start > 1:
                out.add(f"{column}{start + 3}:{column}{k + 2}")
            start = k
    return out


def test_the_sample_county_workbook(county_tables):
    indicators, projects, folder = county_tables
    digests = [layer_digest(QgsVectorLayer(p, "t", "ogr")) for p in (indicators, projects)]
    out = str(folder / "成果.xlsx")
    result = run({"INDICATORS": indicators, "PROJECTS": projects, "COUNTY_NAME": "示例县", "OUTPUT": out})
    assert result["OUTPUT"] == out and result["FILES"] == out
    assert [layer_digest(QgsVectorLayer(p, "t", "ogr")) for p in (indicators, projects)] == digests

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["表5-1", "表5-2", "表5-3", "表5-4", "三线冲突"]
    table = [r for r in table_rows(indicators) if r["code"] != "area_basis"]
    basis = next(r for r in table_rows(indicators) if r["code"] == "area_basis")
    dashes = 0
    for sheet_name in ("表5-1", "表5-2", "表5-3", "三线冲突"):
        ws = book[sheet_name]
        rows = [r for r in table if SHEET_OF_LINE[r["控制线"]] == sheet_name]
        assert rows, sheet_name
        assert ws["A1"].value.startswith(("表 5-", "示例县")) and "示例县" in ws["A1"].value
        assert [c.value for c in ws[2]] == HEADER
        # Merged: the title, 控制线 over its rows, 优化导向 over each goal's rows.
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert merged == {"A1:F1"} | expected_merges(rows, "A", lambda r: r["控制线"]) | expected_merges(
            rows, "B", lambda r: (r["控制线"], r["优化导向"]))
        covered = {f"{'AB'[r.min_col - 1]}{k}" for r in ws.merged_cells.ranges if r.min_col == r.max_col <= 2
                   for k in range(r.min_row + 1, r.max_row + 1)}
        for k, row in enumerate(rows, start=3):
            cells = ws[k]
            for cell, column in zip(cells[:2], ("控制线", "优化导向")):
                assert cell.value == (None if cell.coordinate in covered else row[column])
            assert cells[2].value == (f"{row['具体指标']}（{row['单位']}）" if row["单位"] else row["具体指标"])
            for cell, column in zip(cells[3:6], ("调整前", "调整后", "变化")):
                if row[column] is None:
                    assert cell.value == "-" and cell.data_type == "s"
                    dashes += 1
                else:
                    # The full value (openpyxl writes 16 significant digits, Excel keeps 15), not the one shown.
                    assert cell.value == pytest.approx(row[column], rel=1e-14, abs=1e-300)
                    if row["单位"] in FORMATS:
                        assert cell.number_format == FORMATS[row["单位"]]
        # The area basis is a note under the table, after a blank row.
        assert ws.cell(row=len(rows) + 3, column=1).value is None
        assert basis["具体指标"] in ws.cell(row=len(rows) + 4, column=1).value
        assert 20 < ws.column_dimensions["C"].width <= 60
    assert book["表5-1"]["D3"].value != round(book["表5-1"]["D3"].value, 4)  # unrounded
    assert dashes > 0  # the red line and the boundary have no after state: their after and change are "-"
    assert book["表5-1"]["A3"].value == "耕地和永久基本农田"
    units_checked = {r["单位"] for r in table} & set(FORMATS)
    assert {"万亩", "平方公里", "%", "公顷", "个"} <= units_checked

    ws = book["表5-4"]
    assert ws["A1"].value == "表 5-4 示例县拟计划实施的重点建设项目"
    listed = sorted(table_rows(projects), key=lambda r: r["XH"])
    assert [c.value for c in ws[2]] == ["序号", "项目类型", "项目名称", "建设性质", "建设年限", "用地规模（公顷）",
                                        "新增建设用地（公顷）", "所在地区", "纳入依据"]
    assert len(listed) > 0 and ws.max_row == len(listed) + 2
    for k, project in enumerate(listed, start=3):
        values = [c.value for c in ws[k]]
        assert values == [pytest.approx(project[c], rel=1e-14) if isinstance(project[c], float) else project[c]
                          for c in PROJECT_COLUMNS]
        assert ws.cell(row=k, column=6).number_format == "0.0000"
        assert ws.cell(row=k, column=7).number_format == "0.0000"


def test_without_openpyxl_the_sheets_are_csv_files(county_tables, monkeypatch):
    indicators, projects, folder = county_tables
    digest = layer_digest(QgsVectorLayer(indicators, "t", "ogr"))
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl raises ImportError
    out = str(folder / "fallback.xlsx")
    result = run({"INDICATORS": indicators, "OUTPUT": out})
    assert not os.path.exists(out) and result["OUTPUT"] is None
    names = ["表5-1", "表5-2", "表5-3", "三线冲突"]
    paths = [str(folder / f"fallback_{n}.csv") for n in names]
    assert result["FILES"].split(";") == paths
    table = [r for r in table_rows(indicators) if r["code"] != "area_basis"]
    for name, path in zip(names, paths):
        with open(path, "rb") as handle:
            assert handle.read(3) == b"\xef\xbb\xbf"  # the BOM Excel needs to read UTF-8
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
        assert lines[0][0].startswith(("表 5-", "三条控制线")) and lines[1] == HEADER
        rows = [r for r in table if SHEET_OF_LINE[r["控制线"]] == name]
        for line, row in zip(lines[2:], rows):
            assert line[:2] == [row["控制线"], row["优化导向"]]  # repeated on every row
            for text, column in zip(line[3:6], ("调整前", "调整后", "变化")):
                assert text == "-" if row[column] is None else float(text) == row[column]
    assert layer_digest(QgsVectorLayer(indicators, "t", "ogr")) == digest


def test_a_table_without_the_columns_is_refused(plugin, tmp_path):
    table = memory_layer([], [("控制线", str), ("优化导向", str)], [], name="notatable", geometry="None")
    with pytest.raises(QgsProcessingException, match=r"notatable.*INDICATORS.*具体指标"):
        run({"INDICATORS": table, "OUTPUT": str(tmp_path / "x.xlsx")})


def test_english_rows_split_by_code_and_keep_english_units():
    rows = [
        wb.IndicatorRow("Cultivated land and permanent basic farmland", "Quantity does not decrease",
                        "Permanent basic farmland", "10k mu", 1.5, 1.5, 0.0, "pbf_area"),
        wb.IndicatorRow("Cultivated land and permanent basic farmland", "Quantity does not decrease",
                        "Permanent basic farmland protection task: target 1.0000 ha", "ha", 3.0, None, None,
                        "quota_pbf_task"),
        wb.IndicatorRow("Urban development boundary", "Total is not exceeded", "Urban development boundary area",
                        "ha", 36.3, 36.3, 0.0, "udb_area"),
        wb.IndicatorRow("Somewhere", "Some goal", "A row of no table", "", None, None, None, "new_row"),
    ]
    sheets = {s.name: s for s in wb.plan(rows)}
    assert list(sheets) == ["表5-1", "表5-2", "表5-3", "其他"]
    pbf = sheets["表5-1"]
    assert [r[2] for r in pbf.rows[1:]] == ["Permanent basic farmland (10k mu)",
                                          "Permanent basic farmland protection task: target 1.0000 ha (ha)"]
    assert pbf.formats[1][3:] == ["0.0000"] * 3 and pbf.formats[2][3:] == ["0.00", None, None]
    assert pbf.rows[2][4:] == ["-", "-"] and pbf.merges == [(0, 1, 2), (1, 1, 2)]
    assert sheets["表5-2"].rows == [list(wb.INDICATOR_HEADER)]
    assert sheets["其他"].rows[1][2] == "A row of no table"
