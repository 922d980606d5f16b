"""planmaint:swapcandidates (调出候选地块识别), run as a console user runs it: processing.run("planmaint:…")."""
import numpy as np
import pytest
import shapely
from qgis.core import QgsFeatureRequest, QgsProcessingException, QgsProcessingFeedback

from badinput import CollectingFeedback
from conftest import county_layer
from layers import MU, as_layer, features, layer_digest, memory_layer, rect, square

ALG = "planmaint:swapcandidates"
X0, Y0 = 500000.0, 4500000.0  # inside EPSG:4549's zone
PBF_FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", int), ("ZLDWDM", str)]
LU_FIELDS = [("BSM", str), ("DLBM", str)]
NEW_FIELDS = ["TZYY", "HCYY", "MJ_M2", "MJ_MU", "MJ_HA", "GDMJ", "QTNYDMJ", "JSYDMJ", "WLYDMJ", "SJXMMC", "SFTC"]
CLASS_FIELDS = ["GDMJ", "QTNYDMJ", "JSYDMJ", "WLYDMJ"]
HA_OUTPUTS = ["PROJECT_HA", "DAMAGED_HA", "NON_CULTIVATED_HA", "UNQUALIFIED_HA", "STEEP_HA", "FRAGMENT_HA"]


def run(pbf, landuse, feedback=None, **params):
    import processing

    params = {"PBF": pbf, "LANDUSE": landuse, "OUTPUT": "TEMPORARY_OUTPUT", **params}
    return processing.run(ALG, params, feedback=feedback)


def cell(i, j, side=100.0):
    """A square of the hand-built world's grid (column i, row j)."""
    return square(X0 + i * side, Y0 + j * side, side)


def farmland(wkts, slope=None, town=None, codes=None):
    rows = [(f"P{k}", (codes or {}).get(k, "0103"), (slope or {}).get(k, 2), (town or {}).get(k, "1504281010010000000"))
            for k in range(len(wkts))]
    return memory_layer(wkts, PBF_FIELDS, rows, name="pbf")


def land_use(wkts, codes):
    return memory_layer(wkts, LU_FIELDS, [(f"L{k}", code) for k, code in enumerate(codes)], name="landuse")


def polygons(wkts, name, fields=None, rows=None):
    return memory_layer(wkts, fields, rows, name=name)


def projects(wkts, names, levels):
    return memory_layer(wkts, [("XMMC", str), ("JB", str)], list(zip(names, levels)), name="projects")


def pieces(result):
    """The candidate features as dicts, ordered as written."""
    out = []
    for f in features(result["OUTPUT"]):
        item = {name: f[name] for name in f.fields().names()}
        item["geometry"] = shapely.from_wkb(bytes(f.geometry().asWkb()))
        out.append(item)
    return out


# --- a world where each reason appears once -----------------------------------------------------------


@pytest.fixture
def world(plugin):
    """Six 1-ha farmland parcels in a row, each meeting one reason (the last: a fragment)."""
    pbf = farmland([cell(i, 0) for i in range(5)] + [square(X0 + 1000, Y0 + 1000, 40)], slope={4: 5},
                   town={1: "1504281020010000000"})
    landuse = land_use([cell(i, 0) for i in range(5)] + [square(X0 + 1000, Y0 + 1000, 40)],
                       ["0103", "0103", "0702", "0103", "0101", "0102"])
    return {
        "pbf": pbf,
        "landuse": landuse,
        "projects": projects([rect(X0 - 10, Y0 - 10, 110, 120), rect(X0 + 3000, Y0, 50, 50)],
                             ["某高速公路", "某水库"], ["国家级", "市级"]),
        "damaged": polygons([cell(1, 0)], "damaged"),
        "unqualified": polygons([cell(3, 0)], "unqualified"),
    }


def run_world(w, feedback=None, **params):
    return run(w["pbf"], w["landuse"], feedback, PROJECTS=w["projects"], DAMAGED=w["damaged"],
               UNQUALIFIED=w["unqualified"], **params)


def test_each_reason_with_its_code_words_areas_and_attributes(world):
    before = {key: layer_digest(layer) for key, layer in world.items()}
    result = run_world(world)
    got = pieces(result)
    reasons = [(p["BSM"], p["HCYY"], p["TZYY"]) for p in got]
    # Written in the order of precedence.
    assert reasons == [
        ("P0", "02", "国家和自治区重点建设项目"),
        ("P1", "04", "灾毁和采矿损毁无法修复"),
        ("P2", "05", "变更调查\"非耕地\""),
        ("P3", "06", "经核实不符合划入要求"),
        ("P4", "01", "坡度15度以上"),
        ("P5", "03", "零星破碎"),
    ]
    for p in got[:5]:
        assert p["MJ_M2"] == pytest.approx(10000)
        assert p["MJ_MU"] == pytest.approx(15)
        assert p["MJ_HA"] == pytest.approx(1)
        assert p["SFTC"] == 1
        assert p["PDJB"] in (2, 5) and p["DLBM"] == "0103"  # the farmland's attributes come along
        assert sum(p[name] for name in CLASS_FIELDS) == pytest.approx(p["MJ_M2"], abs=1e-6)
    assert got[0]["SJXMMC"] == "某高速公路"
    assert all(not p["SJXMMC"] for p in got[1:])
    assert got[2]["JSYDMJ"] == pytest.approx(10000) and got[2]["GDMJ"] == 0
    assert got[5]["MJ_M2"] == pytest.approx(1600)
    assert [result[name] for name in HA_OUTPUTS] == pytest.approx([1, 1, 1, 1, 1, 0.16])
    assert result["TOTAL_HA"] == pytest.approx(5.16)
    assert {key: layer_digest(layer) for key, layer in world.items()} == before  # inputs never change
    names = as_layer(result["OUTPUT"]).fields().names()
    assert names[-len(NEW_FIELDS):] == NEW_FIELDS and names[:len(PBF_FIELDS)] == [n for n, _ in PBF_FIELDS]


def test_the_loaded_output_draws_each_piece_under_its_reason_and_the_kept_ones_marked(world):
    """Loaded as the toolbox loads it, every piece is drawn in its reason's colour (the style's rules know every
    code the algorithm writes), and a piece set to 0 in SFTC gets the kept mark on top."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingOutputLayerDefinition, QgsProject

    from test_styles import KEPT, labels_drawn

    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    context.setProject(QgsProject.instance())
    output = QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance())
    result = processing.run(ALG, {"PBF": world["pbf"], "LANDUSE": world["landuse"], "PROJECTS": world["projects"],
                                  "DAMAGED": world["damaged"], "UNQUALIFIED": world["unqualified"], "OUTPUT": output},
                            context=context, feedback=feedback, onFinish=lambda *_: None)
    layer = context.getMapLayer(result["OUTPUT"])
    processor = context.layerToLoadOnCompletionDetails(result["OUTPUT"]).postProcessor()
    processor.postProcessLayer(layer, context, feedback)
    drawn = labels_drawn(layer)
    assert len(drawn) == 6
    assert all(drawn[f["BSM"]] == [f"{f['HCYY']} {f['TZYY']}"] for f in layer.getFeatures())
    layer.startEditing()
    layer.changeAttributeValue(next(layer.getFeatures()).id(), layer.fields().indexOf("SFTC"), 0)
    assert labels_drawn(layer)["P0"] == ["02 国家和自治区重点建设项目", KEPT]
    layer.rollBack()


def reviewed_copy(result, keep=()):
    """The candidates of ``result`` as an edited memory layer: SFTC = 0 on the pieces numbered in ``keep``."""
    layer = as_layer(result["OUTPUT"]).materialize(QgsFeatureRequest())
    index = layer.fields().indexOf("SFTC")
    layer.startEditing()
    for k, feature in enumerate(layer.getFeatures()):
        if k in keep:
            layer.changeAttributeValue(feature.id(), index, 0)
    assert layer.commitChanges()
    return layer


def test_a_reviewed_layer_is_passed_on_unchanged_with_its_hectares(world):
    reviewed = reviewed_copy(run_world(world), keep=(0, 4))
    before = layer_digest(reviewed)
    feedback = CollectingFeedback()
    # The farmland given no longer matters: nothing is computed.
    result = run_world(world, feedback, REVIEWED=reviewed)
    out = as_layer(result["OUTPUT"])
    assert out.fields().names() == reviewed.fields().names()
    assert [f.attributes() for f in out.getFeatures()] == [f.attributes() for f in reviewed.getFeatures()]
    assert [f.geometry().asWkt(3) for f in out.getFeatures()] == [f.geometry().asWkt(3) for f in reviewed.getFeatures()]
    assert [result[name] for name in HA_OUTPUTS] == pytest.approx([1, 1, 1, 1, 1, 0.16])
    assert result["TOTAL_HA"] == pytest.approx(5.16)
    assert layer_digest(reviewed) == before
    assert any("4 pieces leave (3.1600 ha), 2 stay (2.0000 ha)" in text for text in feedback.infos)


def test_a_reviewed_layer_needs_a_decision_on_every_piece(world):
    reviewed = reviewed_copy(run_world(world))
    reviewed.startEditing()
    first = next(reviewed.getFeatures()).id()
    reviewed.changeAttributeValue(first, reviewed.fields().indexOf("SFTC"), None)
    assert reviewed.commitChanges()
    with pytest.raises(QgsProcessingException, match=f"REVIEWED.*SFTC.*feature ids {first}"):
        run_world(world, REVIEWED=reviewed)
    no_flag = polygons([cell(0, 0)], "reviewed")
    with pytest.raises(QgsProcessingException, match="reviewed.*REVIEWED.*has no field SFTC"):
        run_world(world, REVIEWED=no_flag)


def test_project_filter_counts_only_the_chosen_projects(world):
    feedback = CollectingFeedback()
    result = run_world(world, feedback, PROJECT_FILTER="\"JB\" IN ('国家级', '自治区级')")
    assert result["PROJECT_HA"] == pytest.approx(1)
    assert any("1 of 2 projects count" in text for text in feedback.infos)
    none = run_world(world, PROJECT_FILTER="\"JB\" = '省级'")
    assert none["PROJECT_HA"] == 0
    # The project's parcel is no longer taken by the project; nothing else claims it.
    assert "P0" not in {p["BSM"] for p in pieces(none)}


def test_township_orders_the_pieces_of_one_reason(plugin):
    pbf = farmland([cell(0, 0), cell(1, 0), cell(2, 0)], slope={0: 4, 1: 4, 2: 4},
                   town={0: "1504281030010000000", 1: "1504281010010000000", 2: "1504281020010000000"})
    feedback = CollectingFeedback()
    result = run(pbf, land_use([cell(0, 0), cell(1, 0), cell(2, 0)], ["0103"] * 3), feedback)
    assert [p["BSM"] for p in pieces(result)] == ["P1", "P2", "P0"]
    assert "Township 150428101: 1.0000 ha." in feedback.infos


def test_a_piece_meeting_every_reason_is_listed_once_under_the_project(plugin):
    pbf = farmland([cell(0, 0)], slope={0: 5})
    landuse = land_use([cell(0, 0)], ["0601"])
    zone = [rect(X0 - 5, Y0 - 5, 110, 110)]
    result = run(pbf, landuse, PROJECTS=projects(zone, ["某项目"], ["国家级"]), DAMAGED=polygons(zone, "d"),
                 UNQUALIFIED=polygons(zone, "u"), MIN_AREA=20)
    got = pieces(result)
    assert [(p["HCYY"], p["SJXMMC"]) for p in got] == [("02", "某项目")]
    assert result["TOTAL_HA"] == pytest.approx(1)


def test_partial_reasons_split_a_parcel_and_the_breakdown_follows_the_land_use(plugin):
    pbf = farmland([cell(0, 0)], slope={0: 4})
    # Land use: west half cultivated, north-east quarter orchard, south-east quarter rural homestead.
    landuse = land_use([rect(X0, Y0, 50, 100), rect(X0 + 50, Y0 + 50, 50, 50), rect(X0 + 50, Y0, 50, 50)],
                       ["0103", "0201", "0702"])
    result = run(pbf, landuse, DAMAGED=polygons([rect(X0 - 5, Y0 - 5, 30, 110)], "d"))
    got = {p["HCYY"]: p for p in pieces(result)}
    assert set(got) == {"04", "05", "01"}
    assert got["04"]["MJ_M2"] == pytest.approx(2500) and got["04"]["GDMJ"] == pytest.approx(2500)
    assert got["05"]["MJ_M2"] == pytest.approx(5000)
    assert (got["05"]["QTNYDMJ"], got["05"]["JSYDMJ"]) == pytest.approx((2500, 2500))
    assert got["01"]["MJ_M2"] == pytest.approx(2500)
    for p in got.values():
        assert sum(p[name] for name in CLASS_FIELDS) == pytest.approx(p["MJ_M2"], abs=1e-6)


def test_a_cut_makes_a_fragment(plugin):
    # A 15-mu parcel; the project takes all but a 2-mu strip, which is then a fragment (under 5 mu).
    width = 15 * MU / 100
    strip = 2 * MU / 100
    pbf = farmland([rect(X0, Y0, width, 100)])
    result = run(pbf, land_use([rect(X0, Y0, width, 100)], ["0103"]),
                 PROJECTS=projects([rect(X0 + strip, Y0 - 1, width, 102)], ["某项目"], ["国家级"]))
    got = pieces(result)
    assert [p["HCYY"] for p in got] == ["02", "03"]
    assert got[1]["MJ_MU"] == pytest.approx(2)
    assert got[1]["geometry"].equals(shapely.box(X0, Y0, X0 + strip, Y0 + 100))
    # Without the cut the parcel is no fragment.
    assert run(pbf, land_use([rect(X0, Y0, width, 100)], ["0103"]))["TOTAL_HA"] == 0


def test_hilly_zones_lower_the_fragment_threshold(plugin):
    side = (4 * MU) ** 0.5
    pbf = farmland([square(X0, Y0, side)])
    landuse = land_use([square(X0, Y0, side)], ["0103"])
    assert run(pbf, landuse)["FRAGMENT_HA"] == pytest.approx(4 * MU / 10000)
    hills = polygons([rect(X0 - 10, Y0 - 10, 200, 200)], "hills")
    assert run(pbf, landuse, HILLY_AREAS=hills)["FRAGMENT_HA"] == 0
    assert run(pbf, landuse, HILLY_AREAS=hills, MIN_AREA_HILLY=4.5)["FRAGMENT_HA"] > 0


def test_slivers_under_the_smallest_piece_are_not_listed(plugin):
    pbf = farmland([cell(0, 0), cell(1, 0)])
    landuse = land_use([cell(0, 0), cell(1, 0)], ["0103", "0103"])
    overshoot = projects([rect(X0 - 5, Y0 - 5, 105.05, 110)], ["某项目"], ["国家级"])  # 0.05 m into P1: 5 m²
    feedback = CollectingFeedback()
    result = run(pbf, landuse, feedback, PROJECTS=overshoot)
    assert [p["BSM"] for p in pieces(result)] == ["P0"]
    assert any("1 pieces under the smallest piece" in text for text in feedback.infos)
    assert [p["BSM"] for p in pieces(run(pbf, landuse, PROJECTS=overshoot, MIN_PIECE=1))] == ["P0", "P1"]


def test_ground_under_no_parcel_counts_in_the_farmland_class(plugin):
    pbf = farmland([cell(0, 0)], codes={0: "0201"})
    feedback = CollectingFeedback()
    result = run(pbf, land_use([rect(X0, Y0, 60, 100)], ["0103"]), feedback,
                 DAMAGED=polygons([rect(X0 - 5, Y0 - 5, 110, 110)], "d"))
    (p,) = pieces(result)
    assert (p["GDMJ"], p["QTNYDMJ"]) == pytest.approx((6000, 4000))
    assert any("4000.00 m² under no land-use parcel" in text for text in feedback.warnings)


def test_codes_stored_as_numbers_are_read_in_their_four_digit_form(plugin):
    landuse = memory_layer([cell(0, 0), cell(1, 0)], [("DLBM", int)], [(103,), (702,)], name="lu_numbers")
    feedback = CollectingFeedback()
    result = run(farmland([cell(0, 0), cell(1, 0)]), landuse, feedback)
    assert [(p["BSM"], p["HCYY"]) for p in pieces(result)] == [("P1", "05")]
    assert any("four-digit form" in text for text in feedback.warnings)


def test_slope_grade_from_the_land_use_when_the_farmland_has_none(plugin):
    pbf = memory_layer([cell(0, 0), cell(1, 0)], [("BSM", str)], [("P0",), ("P1",)], name="pbf_no_slope")
    landuse = memory_layer([cell(0, 0), cell(1, 0)], [("DLBM", str), ("GDPDJB", str)],
                           [("0103", "4"), ("0103", "3")], name="lu")
    result = run(pbf, landuse, SLOPE_FIELD="GDPDJB", TOWNSHIP_FIELD="")
    assert [(p["BSM"], p["HCYY"]) for p in pieces(result)] == [("P0", "01")]
    feedback = CollectingFeedback()
    assert run(pbf, landuse, feedback, SLOPE_FIELD="", TOWNSHIP_FIELD="")["TOTAL_HA"] == 0
    assert any("SLOPE_FIELD" in text for text in feedback.warnings)


def test_fields_named_like_the_new_ones_are_replaced(plugin):
    pbf = memory_layer([cell(0, 0)], PBF_FIELDS + [("SFTC", int), ("TZYY", str)],
                       [("P0", "0103", 5, "150428101", 0, "旧")], name="pbf_again")
    feedback = CollectingFeedback()
    result = run(pbf, land_use([cell(0, 0)], ["0103"]), feedback)
    layer = as_layer(result["OUTPUT"])
    assert layer.fields().names().count("SFTC") == 1 and "SFTC_2" not in layer.fields().names()
    (p,) = pieces(result)
    assert (p["SFTC"], p["TZYY"]) == (1, "坡度15度以上")
    assert any("already has fields" in text for text in feedback.warnings)


def test_overlapping_farmland_is_counted_once_and_named(plugin):
    pbf = farmland([cell(0, 0), rect(X0 + 50, Y0, 100, 100)], slope={0: 5, 1: 5})
    feedback = CollectingFeedback()
    result = run(pbf, land_use([rect(X0, Y0, 150, 100)], ["0103"]), feedback)
    assert result["STEEP_HA"] == pytest.approx(1.5)
    assert any("overlap an earlier feature" in text for text in feedback.warnings)


def test_empty_farmland(plugin):
    feedback = CollectingFeedback()
    result = run(farmland([]), land_use([cell(0, 0)], ["0103"]), feedback)
    assert features(result["OUTPUT"]) == [] and result["TOTAL_HA"] == 0
    assert any("no features" in text for text in feedback.warnings)


def test_ellipsoidal_areas(plugin):
    from qgis.core import QgsCoordinateReferenceSystem, QgsDistanceArea, QgsGeometry, QgsProject

    pbf = farmland([cell(0, 0)], slope={0: 4})
    result = run(pbf, land_use([cell(0, 0)], ["0103"]), AREA_METHOD=1)
    (p,) = pieces(result)
    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4549"), QgsProject.instance().transformContext())
    measure.setEllipsoid("EPSG:1024")
    assert p["MJ_M2"] == pytest.approx(measure.measureArea(QgsGeometry.fromWkt(cell(0, 0))), rel=1e-9)
    assert p["GDMJ"] == pytest.approx(p["MJ_M2"], rel=1e-9)


# --- bad input ----------------------------------------------------------------------------------------


def test_a_missing_land_class_field_names_layer_and_field(world):
    with pytest.raises(QgsProcessingException, match=r"landuse.*LANDUSE.*no field DLBX.*DLBM_FIELD"):
        run_world(world, DLBM_FIELD="DLBX")


def test_a_missing_township_or_slope_field_names_layer_and_field(world):
    with pytest.raises(QgsProcessingException, match=r"pbf.*no field XZQDM.*TOWNSHIP_FIELD"):
        run_world(world, TOWNSHIP_FIELD="XZQDM")
    neither = r"Neither layer pbf \(PBF\) nor layer landuse \(LANDUSE\) has the slope grade field GDPDJB"
    with pytest.raises(QgsProcessingException, match=neither):
        run_world(world, SLOPE_FIELD="GDPDJB")  # neither the farmland nor the land use has it
    with pytest.raises(QgsProcessingException, match=r"projects.*no field MC.*PROJECT_NAME_FIELD"):
        run_world(world, PROJECT_NAME_FIELD="MC")


def test_a_project_filter_that_does_not_parse_is_refused(world):
    with pytest.raises(QgsProcessingException, match="PROJECT_FILTER"):
        run_world(world, PROJECT_FILTER="\"JB\" IN ('国家级'")


def test_a_project_filter_on_a_missing_field_names_layer_and_field(world):
    with pytest.raises(QgsProcessingException, match=r"projects.*PROJECT_FILTER.*JBDM"):
        run_world(world, PROJECT_FILTER="\"JBDM\" = '1'")


def test_a_project_filter_without_projects_is_refused(world):
    with pytest.raises(QgsProcessingException, match="PROJECTS"):
        run(world["pbf"], world["landuse"], PROJECT_FILTER="\"JB\" = '国家级'")


def test_cancel_stops_the_run(world):
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException):
        run_world(world, feedback)


# --- the sample county against an independent overlay ----------------------------------------------


def shapes(layer, request=None):
    return np.array([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in layer.getFeatures(request or
                                                                                               QgsFeatureRequest())],
                    dtype=object)


def edited_land_use(landuse, pbf_geoms, every=9):
    """A memory copy of the land use in which every ``every``-th parcel lying under the farmland is a rural
    homestead (0702), so that the non-cultivated reason has work; returns (layer, codes)."""
    copy = landuse.materialize(QgsFeatureRequest())
    tree = shapely.STRtree(pbf_geoms)
    index = copy.fields().lookupField("DLBM")
    changes, under = {}, 0
    for f in copy.getFeatures():
        g = shapely.from_wkb(bytes(f.geometry().asWkb()))
        if len(tree.query(g.representative_point(), predicate="within")):
            under += 1
            if under % every == 0:
                changes[f.id()] = {index: "0702"}
    assert changes and copy.dataProvider().changeAttributeValues(changes)
    return copy


def expected_by_reason(pbf, slope, landuse, codes, zones, hills, plain_m2, hilly_m2):
    """Square metres per reason from unions of whole layers, the rules applied one after the other."""
    from planmaint.algorithms.core.candidates import CULTIVATED, land_groups

    groups = land_groups(codes)
    non_cultivated = shapely.union_all(landuse[(groups >= 0) & (groups != CULTIVATED)])
    steep = shapely.intersection(shapely.union_all(landuse[groups == CULTIVATED]),
                                 shapely.union_all(pbf[slope >= 4]))
    rest, out = shapely.union_all(pbf), []
    for zone in (zones["projects"], zones["damaged"], non_cultivated, zones["unqualified"], steep):
        out.append(shapely.intersection(rest, zone).area)
        rest = shapely.difference(rest, zone)
    hills = shapely.union_all(hills)
    fragments = 0.0
    for part in shapely.get_parts(rest):
        hilly = 2 * shapely.intersection(part, hills).area > part.area
        fragments += part.area if part.area < (hilly_m2 if hilly else plain_m2) else 0.0
    return out + [fragments]


@pytest.mark.slow
def test_sample_county_candidates_equal_an_independent_overlay(sample_county):
    pbf = county_layer(sample_county, "pbf")
    hills = county_layer(sample_county, "hilly_areas")
    project_layer = county_layer(sample_county, "projects")
    pbf_geoms = shapes(pbf)
    landuse = edited_land_use(county_layer(sample_county, "landuse"), pbf_geoms)
    # Damage and verification polygons across parcel boundaries, so that they cut parcels.
    x0, y0 = pbf.extent().xMinimum(), pbf.extent().yMinimum()
    damaged = polygons([rect(x0 + 900 + 700 * k, y0 + 1100 + 500 * k, 260, 180) for k in range(8)], "damaged")
    unqualified = polygons([rect(x0 + 1300 + 600 * k, y0 + 700 + 650 * k, 320, 150) for k in range(8)],
                           "unqualified")
    before = [layer_digest(layer) for layer in (pbf, landuse, damaged, unqualified, project_layer)]
    result = run(pbf, landuse, PROJECTS=project_layer, DAMAGED=damaged, UNQUALIFIED=unqualified,
                 HILLY_AREAS=hills, MIN_PIECE=0)
    assert [layer_digest(layer) for layer in (pbf, landuse, damaged, unqualified, project_layer)] == before

    slope = np.array([f["PDJB"] for f in pbf.getFeatures()], dtype=float)
    codes = np.array([f["DLBM"] for f in landuse.getFeatures()], dtype=object)
    zones = {"projects": shapely.union_all(shapes(project_layer)), "damaged": shapely.union_all(shapes(damaged)),
             "unqualified": shapely.union_all(shapes(unqualified))}
    expected = expected_by_reason(pbf_geoms, slope, shapes(landuse), codes, zones, shapes(hills), 5 * MU, 3 * MU)
    got = [result[name] * 10000 for name in HA_OUTPUTS]
    assert all(m2 > 0 for m2 in expected), expected  # every reason has work on this county
    assert got == pytest.approx(expected, abs=0.01)

    # Pieces: disjoint, inside the farmland, each inside its own parcel, the breakdown adding up.
    got_pieces = pieces(result)
    union = shapely.union_all([p["geometry"] for p in got_pieces])
    assert union.area == pytest.approx(sum(p["MJ_M2"] for p in got_pieces), abs=0.01)
    assert shapely.difference(union, shapely.union_all(pbf_geoms)).area == pytest.approx(0, abs=0.01)
    own = {f["BSM"]: shapely.from_wkb(bytes(f.geometry().asWkb())) for f in pbf.getFeatures()}
    for p in got_pieces:
        assert shapely.difference(p["geometry"], own[p["BSM"]]).area < 1e-6
        assert sum(p[name] for name in CLASS_FIELDS) == pytest.approx(p["MJ_M2"], abs=1e-6)
        assert p["SFTC"] == 1


@pytest.mark.slow
def test_a_project_filter_on_a_missing_field_in_a_geopackage(sample_county):
    """The same refusal when the projects come from a GeoPackage (read by GDAL's columnar reader)."""
    with pytest.raises(QgsProcessingException, match=r"projects.*PROJECT_FILTER.*JBDM"):
        run(f"{sample_county}|layername=pbf", f"{sample_county}|layername=landuse",
            PROJECTS=f"{sample_county}|layername=projects", PROJECT_FILTER="\"JBDM\" = '1'")
    counted = run(f"{sample_county}|layername=pbf", f"{sample_county}|layername=landuse",
                  PROJECTS=f"{sample_county}|layername=projects", PROJECT_FILTER="\"XMLX\" = '不存在'")
    assert counted["PROJECT_HA"] == 0
