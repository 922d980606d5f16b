"""planmaint:swapins (调入地块识别), run as a console user runs it: the swap-in land of the red line and the
development boundary by category, measured against shapely on the same hand-built shapes (EPSG:4527, metres)."""
import pytest
import shapely
from qgis.core import QgsProcessingException
from test_swapcandidates import pieces

from badinput import CollectingFeedback
from layers import features, layer_digest, memory_layer

ALG = "planmaint:swapins"
CRS = "EPSG:4527"  # CGCS2000 3-degree Gauss-Krüger CM 117E
X0, Y0 = 500000.0, 4500000.0
EPR, UDB = 0, 1
HA_OUTPUTS = ("NEW_WATER_SOURCE_HA", "PUBLIC_FOREST_HA", "EPR_HOLES_HA", "INFRASTRUCTURE_HA", "UDB_HOLES_HA")
OWN_FIELDS = ["TZYY", "HRYY", "SJXMMC", "MJ_M2", "MJ_MU", "MJ_HA", "SOURCE"]


def box(x, y, w, h):
    """A shapely rectangle, offsets from X0, Y0."""
    return shapely.box(X0 + x, Y0 + y, X0 + x + w, Y0 + y + h)


def layer(geoms, name, fields=None, rows=None, geometry="MultiPolygon"):
    return memory_layer([g.wkt for g in geoms], fields, rows, name=name, crs=CRS, geometry=geometry)


def run(feedback=None, **params):
    import processing

    return processing.run(ALG, {"OUTPUT": "TEMPORARY_OUTPUT", **params}, feedback=feedback)


# --- the red line ------------------------------------------------------------------------------------------

# A 300 x 100 m red line with a 20 x 20 m hole; a water-source zone half inside it, two public-welfare forest
# polygons east of it (the first overlapping the water-source zone, the second overlapping the first), and a
# filled hole drawn a little larger than the hole.
RED_LINE = shapely.Polygon(box(0, 0, 300, 100).exterior.coords, [box(100, 40, 20, 20).exterior.coords])
WATER = [box(250, 0, 150, 100)]
FOREST = [box(350, 0, 150, 100), box(450, 50, 100, 50)]
HOLE = [box(95, 35, 30, 30)]


@pytest.fixture
def red_line(plugin):
    return {
        "INPUT": layer([RED_LINE], "epr", [("HXMC", str)], [("红线",)]),
        "NEW_WATER_SOURCE": layer(WATER, "water", [("MC", str)], [("第二水源地",)]),
        "PUBLIC_FOREST": layer(FOREST, "forest"),
        "HOLES": layer(HOLE, "filled", [("TZLX", str)], [("天窗",)]),
    }


def test_each_red_line_category_from_its_layer_with_code_words_and_area(red_line):
    before = {key: layer_digest(value) for key, value in red_line.items()}
    feedback = CollectingFeedback()
    result = run(feedback=feedback, LINE=EPR, **red_line)
    got = pieces(result)
    assert as_layer_fields(result) == OWN_FIELDS
    assert [(p["HRYY"], p["TZYY"], p["SOURCE"]) for p in got] == [
        ("31", "新设水源地", "NEW_WATER_SOURCE"), ("32", "生态公益林", "PUBLIC_FOREST"),
        ("32", "生态公益林", "PUBLIC_FOREST"), ("33", "天窗填补", "HOLES")]
    # Independently: each category outside the line, less the categories before it, less the layer's earlier
    # features.
    water = WATER[0].difference(RED_LINE)
    forest_0 = FOREST[0].difference(RED_LINE).difference(water)
    forest_1 = FOREST[1].difference(RED_LINE).difference(water).difference(FOREST[0])
    hole = HOLE[0].difference(RED_LINE)
    for piece, expected in zip(got, (water, forest_0, forest_1, hole)):
        assert piece["geometry"].symmetric_difference(expected).area < 1e-6
        assert piece["MJ_M2"] == pytest.approx(expected.area, abs=0.01)
        assert piece["MJ_MU"] == pytest.approx(expected.area / (10000 / 15), abs=1e-4)
        assert piece["MJ_HA"] == pytest.approx(expected.area / 10000, abs=1e-6)
        assert not piece["SJXMMC"]
    assert [round(p["MJ_M2"], 2) for p in got] == [10000.0, 10000.0, 2500.0, 400.0]
    assert [result[name] for name in HA_OUTPUTS] == pytest.approx([1.0, 1.25, 0.04, 0.0, 0.0])
    assert result["TOTAL_HA"] == pytest.approx(2.29)
    assert {key: layer_digest(value) for key, value in red_line.items()} == before  # inputs never change
    assert any("PUBLIC_FOREST: 1 features overlap an earlier feature" in w for w in feedback.warnings)


def as_layer_fields(result):
    from layers import as_layer

    return as_layer(result["OUTPUT"]).fields().names()


def test_overlapping_categories_count_once_for_the_first_in_the_table(red_line):
    # The forest now covers the water-source zone's land outside the line and the filled hole: that land stays
    # 31, the hole goes to the forest (32 comes before 33), and nothing is left for 33.
    forest = [box(90, 30, 460, 70)]
    result = run(LINE=EPR, **{**red_line, "PUBLIC_FOREST": layer(forest, "forest")})
    got = pieces(result)
    water = WATER[0].difference(RED_LINE)
    expected_forest = forest[0].difference(RED_LINE).difference(water)
    assert [p["HRYY"] for p in got] == ["31", "32", "32"]  # the forest in the hole, and east of the water
    assert sum(p["MJ_M2"] for p in got if p["HRYY"] == "32") == pytest.approx(expected_forest.area, abs=0.01)
    assert result["EPR_HOLES_HA"] == 0.0  # the hole lies under the forest, an earlier category
    assert result["NEW_WATER_SOURCE_HA"] == pytest.approx(water.area / 10000)


def test_the_parts_inside_the_line_are_not_output(red_line):
    inside = [box(10, 10, 50, 50), box(280, 10, 40, 40)]  # the first wholly inside, the second 20 m out
    got = pieces(run(LINE=EPR, INPUT=red_line["INPUT"], NEW_WATER_SOURCE=layer(inside, "water")))
    assert len(got) == 1
    assert got[0]["geometry"].symmetric_difference(box(300, 10, 20, 40)).area < 1e-6
    assert all(not p["geometry"].intersection(RED_LINE).area > 1e-6 for p in got)


def test_exclude_clips_the_swap_ins_and_the_log_says_how_much_each_layer_took(red_line):
    farmland = layer([box(300, 0, 30, 100)], "farmland")  # 3 000 m² of the water-source zone outside the line
    udb = layer([box(480, 0, 100, 100), box(95, 35, 30, 30)], "udb")  # 2 000 + 2 500 m² of forest; the hole
    feedback = CollectingFeedback()
    result = run(feedback=feedback, LINE=EPR, EXCLUDE=[farmland, udb], **red_line)
    got = pieces(result)
    clipped = shapely.union_all([g for g in (box(300, 0, 30, 100), box(480, 0, 100, 100), HOLE[0])])
    for piece in got:
        assert piece["geometry"].intersection(clipped).area < 1e-6
    assert result["NEW_WATER_SOURCE_HA"] == pytest.approx(0.7)
    forest = shapely.union_all(FOREST).difference(RED_LINE).difference(WATER[0]).difference(box(480, 0, 100, 100))
    assert result["PUBLIC_FOREST_HA"] == pytest.approx(forest.area / 10000) == pytest.approx(0.8)
    assert result["EPR_HOLES_HA"] == 0.0
    assert any(text.startswith("Layer farmland (EXCLUDE) took 3000.00 m²") for text in feedback.infos)
    assert any(text.startswith("Layer udb (EXCLUDE) took 4900.00 m²") for text in feedback.infos)  # and the hole


def test_smallest_piece_leaves_slivers_out(red_line):
    sliver = [box(300, 0, 0.05, 100)]  # 5 m² outside the line
    result = run(LINE=EPR, INPUT=red_line["INPUT"], NEW_WATER_SOURCE=layer(sliver, "water"))
    assert pieces(result) == [] and result["NEW_WATER_SOURCE_HA"] == 0.0
    result = run(LINE=EPR, INPUT=red_line["INPUT"], NEW_WATER_SOURCE=layer(sliver, "water"), MIN_PIECE=1)
    assert [round(p["MJ_M2"], 2) for p in pieces(result)] == [5.0]


def test_absent_layers_give_an_empty_output_and_zero_hectares(red_line):
    feedback = CollectingFeedback()
    result = run(feedback=feedback, LINE=EPR, INPUT=red_line["INPUT"])
    assert pieces(result) == []
    assert as_layer_fields(result) == OWN_FIELDS
    assert [result[name] for name in HA_OUTPUTS + ("TOTAL_HA",)] == [0.0] * 6
    for name in ("NEW_WATER_SOURCE", "PUBLIC_FOREST", "HOLES"):
        assert any(text.startswith(f"{name}: no layer given") for text in feedback.infos), name


def test_a_layer_of_the_other_line_is_named_as_ignored(red_line):
    feedback = CollectingFeedback()
    projects = layer([box(300, 0, 50, 50)], "projects", [("XMMC", str)], [("某项目",)])
    result = run(feedback=feedback, LINE=EPR, PROJECTS=projects, **red_line)
    assert result["INFRASTRUCTURE_HA"] == 0.0 and "41" not in [p["HRYY"] for p in pieces(result)]
    assert any(text.startswith("PROJECTS is read only with LINE = UDB") for text in feedback.warnings)
    feedback = CollectingFeedback()
    result = run(feedback=feedback, LINE=UDB, INPUT=red_line["INPUT"], PUBLIC_FOREST=red_line["PUBLIC_FOREST"])
    assert result["PUBLIC_FOREST_HA"] == 0.0 and pieces(result) == []
    assert any(text.startswith("PUBLIC_FOREST is read only with LINE = EPR") for text in feedback.warnings)


# --- the development boundary ------------------------------------------------------------------------------

BOUNDARY = box(0, 0, 200, 200)
# Projects: a substation touching the boundary, a road 200 m away, a shop half inside it.
PROJECTS = [box(200, 0, 50, 50), box(400, 0, 50, 50), box(150, 150, 100, 100)]
PROJECT_ROWS = [("某变电站", "基础设施"), ("某道路", "基础设施"), ("某商场", "商业")]


@pytest.fixture
def boundary(plugin):
    return {
        "INPUT": layer([BOUNDARY], "udb", [("CZKFBJMC", str)], [("城区",)]),
        "PROJECTS": layer(PROJECTS, "projects", [("XMMC", str), ("XMLX", str)], PROJECT_ROWS),
        "HOLES": layer([box(-10, 50, 10, 30)], "slivers"),
    }


def test_each_boundary_category_with_project_names(boundary):
    result = run(LINE=UDB, **boundary)
    got = pieces(result)
    assert [(p["HRYY"], p["TZYY"], p["SJXMMC"], p["SOURCE"]) for p in got] == [
        ("41", "基础设施建设项目", "某变电站", "PROJECTS"), ("41", "基础设施建设项目", "某商场", "PROJECTS"),
        ("42", "细缝与天窗填补", None, "HOLES")]
    shop = PROJECTS[2].difference(BOUNDARY)
    assert [p["MJ_M2"] for p in got] == pytest.approx([2500.0, shop.area, 300.0], abs=0.01)
    assert result["INFRASTRUCTURE_HA"] == pytest.approx((2500 + shop.area) / 10000)
    assert result["UDB_HOLES_HA"] == pytest.approx(0.03)
    assert [result[name] for name in HA_OUTPUTS[:3]] == [0.0] * 3


def test_the_project_filter_and_distance_choose_the_projects(boundary):
    infrastructure = "\"XMLX\" = '基础设施'"
    named = [p["SJXMMC"] for p in pieces(run(LINE=UDB, PROJECT_FILTER=infrastructure, **boundary))]
    assert named == ["某变电站", None]  # the road is 200 m away; the shop is no infrastructure
    named = [p["SJXMMC"] for p in pieces(run(LINE=UDB, PROJECT_FILTER=infrastructure, PROJECT_DISTANCE=-1,
                                             **boundary))]
    assert named == ["某变电站", "某道路", None]
    named = [p["SJXMMC"] for p in pieces(run(LINE=UDB, PROJECT_DISTANCE=None, **boundary))]
    assert named == ["某变电站", "某道路", "某商场", None]  # empty: any distance
    named = [p["SJXMMC"] for p in pieces(run(LINE=UDB, PROJECT_DISTANCE=250, **boundary))]
    assert named == ["某变电站", "某道路", "某商场", None]


def test_the_swap_ins_reach_edgeswaps_swapped_in_land(boundary, red_line):
    import processing

    for line, layers in ((UDB, boundary), (EPR, red_line)):
        made = run(LINE=line, **layers)
        words = sorted({p["TZYY"] for p in pieces(made)})
        result = processing.run("planmaint:edgeswap", {
            "INPUT": layers["INPUT"], "SWAP_IN": made["OUTPUT"], "BALANCE_RULE": 1, "OUTPUT": "TEMPORARY_OUTPUT",
            "SWAPPED_IN": "TEMPORARY_OUTPUT", "SWAPPED_OUT": "TEMPORARY_OUTPUT", "LEDGER": "TEMPORARY_OUTPUT"})
        joined = features(result["SWAPPED_IN"])
        assert sorted({f["TZYY"] for f in joined}) == words
        assert sum(f["MJ_HA"] for f in joined) == pytest.approx(made["TOTAL_HA"], abs=1e-6)


# --- bad input ---------------------------------------------------------------------------------------------


def test_a_project_filter_that_does_not_parse_is_refused_by_name(boundary):
    with pytest.raises(QgsProcessingException) as error:
        run(LINE=UDB, PROJECT_FILTER="\"XMLX\" = = '基础设施'", **boundary)
    assert "PROJECT_FILTER" in str(error.value) and "cannot be read" in str(error.value)


def test_a_point_layer_to_exclude_is_refused_by_name(boundary):
    points = memory_layer([f"POINT({X0 + 300} {Y0})"], name="wells", crs=CRS, geometry="Point")
    with pytest.raises(QgsProcessingException) as error:
        run(LINE=UDB, EXCLUDE=[points], **boundary)
    assert "Layer wells of the layers swap-ins must not overlap (EXCLUDE) is not a polygon layer" in str(error.value)


def test_a_project_distance_in_degrees_is_refused(plugin):
    line = memory_layer(["POLYGON((117 40,117.1 40,117.1 40.1,117 40.1,117 40))"], name="udb", crs="EPSG:4490")
    projects = memory_layer(["POLYGON((117.1 40,117.2 40,117.2 40.1,117.1 40.1,117.1 40))"], name="projects",
                            crs="EPSG:4490")
    with pytest.raises(QgsProcessingException) as error:
        run(INPUT=line, LINE=UDB, PROJECTS=projects, PROJECT_NAME_FIELD="")
    assert "geographic CRS EPSG:4490" in str(error.value) and "PROJECT_DISTANCE" in str(error.value)
    assert run(INPUT=line, LINE=UDB, PROJECTS=projects, PROJECT_NAME_FIELD="", PROJECT_DISTANCE=-1)["TOTAL_HA"] > 0
