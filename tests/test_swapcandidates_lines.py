"""planmaint:swapcandidates with LINE = EPR (the red line's legal categories) and LINE = UDB (the development
boundary's land with no construction demand), run as a console user runs it."""
import pytest
import shapely
from qgis.core import QgsProcessingException
from test_swapcandidates import X0, Y0, cell, land_use, pieces, polygons, projects, reviewed_copy, run

from badinput import CollectingFeedback
from layers import as_layer, memory_layer, rect

EPR, UDB = 1, 2
LINE_FIELDS = [("BSM", str), ("HXMC", str)]
EPR_HA = {"WITHDRAWN_HA": ("11", "已依法撤销且经论证不具有重要生态功能的法定保护区域"),
          "CONFLICT_PBF_HA": ("12", "矛盾冲突：永久基本农田"),
          "CONFLICT_CONSTRUCTION_HA": ("13", "矛盾冲突：城镇村建设用地"),
          "MINING_HA": ("14", "矛盾冲突：矿业权"),
          "COMMERCIAL_FOREST_HA": ("15", "矛盾冲突：人工商品林"),
          "CONFLICT_PROJECT_HA": ("16", "矛盾冲突：重大项目"),
          "CORRECTION_HA": ("17", "技术勘正")}
PBF_HA = ["PROJECT_HA", "DAMAGED_HA", "NON_CULTIVATED_HA", "UNQUALIFIED_HA", "STEEP_HA", "FRAGMENT_HA"]


def go(feedback=None, **params):
    """A run whose layers are all given by parameter name."""
    import processing

    return processing.run("planmaint:swapcandidates", {"OUTPUT": "TEMPORARY_OUTPUT", **params}, feedback=feedback)


def line_layer(wkts, name):
    return memory_layer(wkts, LINE_FIELDS, [(f"H{k}", f"某{name}") for k in range(len(wkts))], name=name)


@pytest.fixture
def red_line(plugin):
    """A red line of seven 1-ha cells in a row, each cell one category's land; forest under all but the third,
    a rural homestead (town and village construction land)."""
    codes = ["0301"] * 7
    codes[2] = "0702"
    return {
        "PBF": line_layer([rect(X0, Y0, 700, 100)], "epr"),
        "LANDUSE": land_use([cell(i, 0) for i in range(7)], codes),
        "WITHDRAWN": polygons([cell(0, 0)], "withdrawn"),
        "CONFLICT_PBF": polygons([cell(1, 0)], "farmland"),
        "MINING": polygons([cell(3, 0)], "mining"),
        "COMMERCIAL_FOREST": polygons([cell(4, 0)], "forest"),
        "PROJECTS": projects([cell(5, 0), cell(6, 1)], ["某铁路", "某电站"], ["国家级", "市级"]),
        "CORRECTION": polygons([cell(6, 0)], "correction"),
    }


def test_each_red_line_category_from_its_layer_with_code_words_and_attributes(red_line):
    feedback = CollectingFeedback()
    result = go(feedback=feedback, LINE=EPR, **red_line)
    got = pieces(result)
    assert [(p["HCYY"], p["TZYY"]) for p in got] == list(EPR_HA.values())
    for k, piece in enumerate(got):
        assert shapely.equals(shapely.normalize(piece["geometry"]),
                              shapely.normalize(shapely.from_wkt(cell(k, 0))))
        assert (piece["BSM"], piece["HXMC"], piece["SFTC"]) == ("H0", "某epr", 1)
        assert piece["MJ_M2"] == pytest.approx(10000.0, abs=0.01)
        assert piece["GDMJ"] + piece["QTNYDMJ"] + piece["JSYDMJ"] + piece["WLYDMJ"] == pytest.approx(piece["MJ_M2"])
    assert got[2]["JSYDMJ"] == pytest.approx(10000.0) and got[0]["QTNYDMJ"] == pytest.approx(10000.0)
    assert [p["SJXMMC"] for p in got] == [None] * 5 + ["某铁路", None]
    assert {name: result[name] for name in EPR_HA} == pytest.approx({name: 1.0 for name in EPR_HA})
    assert [result[name] for name in PBF_HA + ["NO_DEMAND_HA"]] == [0.0] * 7
    assert result["TOTAL_HA"] == pytest.approx(7.0)
    assert not any("no layer given" in text for text in feedback.infos)


def test_red_line_precedence_lists_ground_once_under_the_first_category(red_line):
    every = rect(X0, Y0, 700, 100)
    layers = {**red_line, "WITHDRAWN": polygons([cell(0, 0)], "withdrawn"),
              "CONFLICT_PBF": polygons([every], "farmland"), "MINING": polygons([every], "mining")}
    got = pieces(go(LINE=EPR, **layers))
    # Withdrawn first, the farmland conflict takes the rest: nothing is left for the later categories.
    assert [p["HCYY"] for p in got] == ["11", "12"]
    assert [p["MJ_M2"] for p in got] == pytest.approx([10000.0, 60000.0])


def test_a_red_line_without_the_optional_layers_says_so_and_ignores_the_farmland_parameters(red_line):
    feedback = CollectingFeedback()
    result = run(red_line["PBF"], red_line["LANDUSE"], feedback, LINE=EPR, MIN_AREA=1e6,
                 HILLY_AREAS=polygons([rect(X0, Y0, 700, 100)], "hills"), SLOPE_FIELD="GDPDJB")
    got = pieces(result)
    assert [p["HCYY"] for p in got] == ["13"]  # the town and village construction land only; no fragments
    for name in ("WITHDRAWN", "CONFLICT_PBF", "MINING", "COMMERCIAL_FOREST", "PROJECTS", "CORRECTION"):
        assert any(text.startswith(f"{name}: no layer given") for text in feedback.infos), name
    assert result["WITHDRAWN_HA"] == 0.0 and result["CONFLICT_CONSTRUCTION_HA"] == pytest.approx(1.0)
    # The red line has no ZLDWDM (the default location unit code field): the line's order is kept.
    assert any("no field ZLDWDM (TOWNSHIP_FIELD)" in text for text in feedback.infos)
    assert any(text.startswith("HILLY_AREAS is read only with LINE = PBF") for text in feedback.warnings)


def test_a_layer_of_another_line_is_named_as_ignored(boundary, red_line):
    feedback = CollectingFeedback()
    result = go(feedback, LINE=UDB, WITHDRAWN=red_line["WITHDRAWN"], **boundary)
    assert result["WITHDRAWN_HA"] == 0.0
    assert any(text.startswith("WITHDRAWN is read only with LINE = EPR") for text in feedback.warnings)


def test_the_project_filter_chooses_the_red_lines_key_projects(red_line):
    layers = {**red_line, "PROJECTS": projects([cell(5, 0), cell(6, 0)], ["某铁路", "某电站"], ["国家级", "市级"])}
    got = pieces(go(LINE=EPR, PROJECT_FILTER="\"JB\" = '国家级'", **layers))
    assert [(p["HCYY"], p["SJXMMC"]) for p in got if p["HCYY"] == "16"] == [("16", "某铁路")]


# --- the development boundary ---------------------------------------------------------------------------


@pytest.fixture
def boundary(plugin):
    """A boundary of six 1-ha cells: dry land, a town residence, forest, dry land, bare land, a road."""
    planned = memory_layer([rect(X0 + 200, Y0, 50, 100), rect(X0 + 250, Y0, 50, 100), cell(4, 0)],
                           [("YDDM", str)], [("1401",), ("0701",), ("1207",)], name="planned")
    return {
        "PBF": line_layer([rect(X0, Y0, 600, 100)], "udb"),
        "LANDUSE": land_use([cell(i, 0) for i in range(6)], ["0103", "0701", "0301", "0103", "0404", "1003"]),
        "APPROVED": polygons([cell(3, 0)], "approved"),
        "PLANNED_LANDUSE": planned,
    }


def test_udb_candidates_are_never_built_approved_nor_protected_planned_land(boundary):
    feedback = CollectingFeedback()
    result = go(feedback=feedback, LINE=UDB, **boundary)
    got = pieces(result)
    assert {(p["HCYY"], p["TZYY"], p["SFTC"], p["BSM"]) for p in got} == {("21", "现状无建设需求", 1, "H0")}
    taken = shapely.union_all([p["geometry"] for p in got])
    expected = shapely.union(shapely.from_wkt(cell(0, 0)), shapely.from_wkt(rect(X0 + 250, Y0, 50, 100)))
    assert shapely.equals(shapely.normalize(taken), shapely.normalize(expected))
    for kept in (cell(1, 0), cell(3, 0), rect(X0 + 200, Y0, 50, 100), cell(4, 0), cell(5, 0)):
        assert shapely.intersection(taken, shapely.from_wkt(kept)).area == pytest.approx(0.0, abs=1e-6)
    assert sum(p["JSYDMJ"] for p in got) == 0.0
    assert result["NO_DEMAND_HA"] == pytest.approx(1.5) and result["TOTAL_HA"] == pytest.approx(1.5)
    assert [result[name] for name in PBF_HA + list(EPR_HA)] == [0.0] * 13


def test_udb_protected_codes_are_a_parameter(boundary):
    result = go(LINE=UDB, PROTECTED_CODES="", **boundary)
    # Nothing planned is protected: the park half of the forest cell and the bare land planned as road join.
    assert result["NO_DEMAND_HA"] == pytest.approx(3.0)
    result = go(LINE=UDB, PROTECTED_CODES="14", **boundary)
    assert result["NO_DEMAND_HA"] == pytest.approx(2.5)


def test_udb_without_approved_or_planned_land_says_so(boundary):
    feedback = CollectingFeedback()
    result = run(boundary["PBF"], boundary["LANDUSE"], feedback, LINE=UDB)
    assert result["NO_DEMAND_HA"] == pytest.approx(4.0)
    assert any(text.startswith("APPROVED: no layer given") for text in feedback.infos)
    assert any(text.startswith("PLANNED_LANDUSE: no layer given") for text in feedback.infos)


def test_a_planned_code_field_the_layer_lacks_names_layer_and_field(boundary):
    with pytest.raises(QgsProcessingException, match=r"planned.*PLANNED_LANDUSE.*no field GHDM.*PLANNED_CODE_FIELD"):
        go(LINE=UDB, PLANNED_CODE_FIELD="GHDM", **boundary)


def test_a_missing_land_class_field_is_refused_for_every_line_but_farmland_fields_are_not_asked(boundary, red_line):
    with pytest.raises(QgsProcessingException, match=r"landuse.*LANDUSE.*no field DLBX.*DLBM_FIELD"):
        go(LINE=UDB, DLBM_FIELD="DLBX", **boundary)
    with pytest.raises(QgsProcessingException, match=r"landuse.*LANDUSE.*no field DLBX.*DLBM_FIELD"):
        go(LINE=EPR, DLBM_FIELD="DLBX", **red_line)
    # The farmland would refuse a slope grade or township field that no layer has; the other lines ignore them.
    for line, layers in ((EPR, red_line), (UDB, boundary)):
        result = go(LINE=line, SLOPE_FIELD="GDPDJB", TOWNSHIP_FIELD="XZQDM", **layers)
        assert result["TOTAL_HA"] > 0


@pytest.mark.parametrize("line", [EPR, UDB])
def test_a_reviewed_layer_of_any_line_is_passed_on_with_its_hectares(line, red_line, boundary):
    layers = red_line if line == EPR else boundary
    first = go(LINE=line, **layers)
    reviewed = reviewed_copy(first, keep=(0,))
    feedback = CollectingFeedback()
    result = go(feedback=feedback, LINE=line, REVIEWED=reviewed, **layers)
    out = as_layer(result["OUTPUT"])
    assert [f.attributes() for f in out.getFeatures()] == [f.attributes() for f in reviewed.getFeatures()]
    names = list(EPR_HA) + ["NO_DEMAND_HA", "TOTAL_HA"]
    assert {name: result[name] for name in names} == pytest.approx({name: first[name] for name in names})
    assert not feedback.warnings

