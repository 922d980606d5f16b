"""planmaint:edgeswap (进出平衡调整), run as a console user runs it: processing.run("planmaint:edgeswap", …).

Every check measures the outputs independently (shapely on the written geometries, QgsDistanceArea for
ellipsoidal areas) instead of trusting the numbers the algorithm reports.
"""
import numpy as np
import pytest
import shapely
import shapely.affinity
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from conftest import county_layer
from layers import MU, as_layer, features, layer_digest, memory_layer, rect

ALG = "planmaint:edgeswap"
X0, Y0 = 500000.0, 4500000.0
FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", int), ("ZLDWDM", str)]
EXACT = 0.01  # m²
STEEP = "坡度15度以上"
PROJECT = "国家和自治区重点建设项目"


def run(layer, feedback=None, **params):
    """planmaint:edgeswap on the line ``layer``, its four usual outputs temporary, with the ``params`` given."""
    import processing

    params = {
        "INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT", "SWAPPED_IN": "TEMPORARY_OUTPUT",
        "SWAPPED_OUT": "TEMPORARY_OUTPUT", "LEDGER": "TEMPORARY_OUTPUT", **params,
    }
    return processing.run(ALG, params, feedback=feedback)


def shapes(value):
    """Shapely geometries of a layer (or a list of features)."""
    feats = features(value) if not isinstance(value, list) else value
    return [shapely.from_wkb(bytes(f.geometry().asWkb())) for f in feats if not f.geometry().isNull()]


def area(value):
    return float(sum(g.area for g in shapes(value)))


def union(value):
    geoms = shapes(value)
    return shapely.union_all(geoms) if geoms else shapely.Polygon()


def parcels(boxes, name="pbf", rows=None):
    """A layer of rectangles (x, y, w, h relative to X0, Y0) with land-survey fields."""
    wkts = [rect(X0 + x, Y0 + y, w, h) for x, y, w, h in boxes]
    rows = rows or [(f"{name}{k}", "0103", 2, "150428101001") for k in range(len(boxes))]
    return memory_layer(wkts, FIELDS, rows, name=name)


def polygons(wkts, name, fields=FIELDS, rows=None):
    if rows is None and fields == FIELDS:
        rows = [(f"{name}{k}", "0103", 2, "150428101001") for k in range(len(wkts))]
    return memory_layer(wkts, fields, rows, name=name)


def shifted(geom):
    return shapely.affinity.translate(geom, X0, Y0)


# --- hand-built cases ----------------------------------------------------------------------------------


def test_steep_parcel_is_replaced_by_the_adjacent_flat_parcel_split_exactly(plugin):
    # PBF: a flat parcel A and a steep parcel S (5 000 m²) east of it. The flat land-use parcel F north of
    # A is a trapezoid of more than 5 000 m²: it must be cut so that exactly 5 000 m² join, against A.
    pbf = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 50, 100)], FIELDS,
        [("A", "0103", 2, "150428101001"), ("S", "0103", 4, "150428101001")], name="pbf",
    )
    steep = memory_layer([rect(X0 + 100, Y0, 50, 100)], [("WHY", str)], [("1",)], name="steep")
    flat = shapely.Polygon([(0, 100), (100, 100), (120, 230), (-10, 180)])
    candidates = polygons([shifted(flat).wkt], "landuse", rows=[("F", "0101", 1, "150428102003")])
    before = layer_digest(pbf), layer_digest(candidates)
    result = run(pbf, SWAP_OUT=steep, REASON="1", CANDIDATES=candidates)
    assert (layer_digest(pbf), layer_digest(candidates)) == before  # inputs untouched

    assert abs(area(result["OUTPUT"]) - area(pbf)) <= EXACT
    assert abs(result["BALANCE_M2"]) <= EXACT
    assert result["OUT_HA"] == pytest.approx(0.5, abs=1e-9)
    assert result["IN_HA"] == pytest.approx(0.5, abs=EXACT / 1e4)
    # The steep land is gone from the line.
    assert union(result["OUTPUT"]).intersection(shifted(shapely.box(100, 0, 150, 100))).area < 1e-6
    # One swapped-in piece, exactly 5 000 m², inside F, lying against A along a straight cut parallel to A.
    swapped_in = features(result["SWAPPED_IN"])
    assert len(swapped_in) == 1
    piece = shapes(swapped_in)[0]
    assert abs(piece.area - 5000) <= EXACT
    assert shifted(flat).buffer(1e-6).covers(piece)
    a = shifted(shapely.box(0, 0, 100, 100))
    assert piece.intersection(a).area < 1e-6
    assert shapely.relate_pattern(piece, a, "****1****")  # shares a stretch of A's north edge
    assert piece.bounds[1] == pytest.approx(Y0 + 100) and piece.bounds[3] < Y0 + 160
    f = swapped_in[0]
    assert (f["BSM"], f["DLBM"], f["TZLX"], f["TZYY"]) == ("F", "0101", "调入", "进出平衡调入")
    assert f["MJ_MU"] == pytest.approx(piece.area / MU, abs=1e-6)
    assert f["MJ_HA"] == pytest.approx(piece.area / 1e4, abs=1e-8)
    swapped_out = features(result["SWAPPED_OUT"])
    assert [(g["BSM"], g["PDJB"], g["TZLX"], g["TZYY"]) for g in swapped_out] == [("S", 4, "调出", STEEP)]
    assert swapped_out[0]["MJ_MU"] == pytest.approx(7.5, abs=1e-9)
    # The new line: A unchanged, S gone, the piece added with F's matching attributes.
    out = sorted(features(result["OUTPUT"]), key=lambda g: g["BSM"])
    assert [(g["BSM"], g["DLBM"], g["PDJB"]) for g in out] == [("A", "0103", 2), ("F", "0101", 1)]
    assert shapes(out[0:1])[0].equals(a)


def _adjacent_vs_detached(adjacent_first):
    pbf = parcels([(0, 0, 100, 100), (100, 0, 20, 100)])  # the 2 000 m² strip east of A goes out
    steep = parcels([(100, 0, 20, 100)], name="steep")
    # N touches A (priority 1); D lies 300 m away (priority 9); both flat enough.
    candidates = polygons(
        [rect(X0, Y0 + 100, 100, 40), rect(X0 + 400, Y0, 50, 50)], "landuse",
        rows=[("N", "0103", 2, "1"), ("D", "0101", 1, "1")],
    )
    # Detached land must be allowed for D to be taken at all (DETACHED is off by default).
    return run(pbf, SWAP_OUT=steep, CANDIDATES=candidates, PRIORITY='if("BSM" = \'D\', 9, 1)',
               ADJACENT_FIRST=adjacent_first, DETACHED=True)


def test_adjacent_candidate_beats_a_better_detached_one_only_with_adjacent_first(plugin):
    grown = _adjacent_vs_detached(True)
    assert [f["BSM"] for f in features(grown["SWAPPED_IN"])] == ["N"]
    piece = shapes(grown["SWAPPED_IN"])[0]
    assert abs(piece.area - 2000) <= EXACT
    assert piece.bounds[1] == pytest.approx(Y0 + 100) and piece.bounds[3] == pytest.approx(Y0 + 120)
    anywhere = _adjacent_vs_detached(False)
    assert [f["BSM"] for f in features(anywhere["SWAPPED_IN"])] == ["D"]
    piece = shapes(anywhere["SWAPPED_IN"])[0]
    assert abs(piece.area - 2000) <= EXACT
    # A detached piece keeps the side nearest the line (the west side of D).
    assert piece.bounds[0] == pytest.approx(X0 + 400)
    for result in (grown, anywhere):
        assert abs(result["BALANCE_M2"]) <= EXACT


def test_high_standard_farmland_first_beats_a_better_priority(plugin):
    pbf = parcels([(0, 0, 100, 100), (100, 0, 20, 100)])  # the 2 000 m² strip east of A goes out
    steep = parcels([(100, 0, 20, 100)], name="steep")
    # Both candidates touch A: N to the north (priority 9), S to the south (priority 1) lies in HSF.
    candidates = polygons(
        [rect(X0, Y0 + 100, 100, 40), rect(X0, Y0 - 40, 100, 40)], "landuse",
        rows=[("N", "0103", 2, "1"), ("S", "0101", 1, "1")],
    )
    hsf = memory_layer([rect(X0 - 10, Y0 - 50, 120, 45)], name="hsf")  # covers 35 of S's 40 m depth
    # High-standard farmland as a priority only (HSF_REQUIRED off), as before that rule.
    common = dict(SWAP_OUT=steep, CANDIDATES=candidates, PRIORITY='if("BSM" = \'N\', 9, 1)', HSF=hsf,
                  HSF_REQUIRED=False)
    plain = run(pbf, **common)
    assert [f["BSM"] for f in features(plain["SWAPPED_IN"])] == ["N"]
    first = run(pbf, HSF_FIRST=True, **common)
    assert [f["BSM"] for f in features(first["SWAPPED_IN"])] == ["S"]
    assert abs(first["BALANCE_M2"]) <= EXACT
    with pytest.raises(QgsProcessingException, match="high-standard farmland layer"):
        run(pbf, SWAP_OUT=steep, CANDIDATES=candidates, HSF_FIRST=True)


def test_candidate_land_inside_excluded_layers_is_never_used(plugin):
    pbf = parcels([(0, 0, 100, 100), (100, 0, 30, 100)])
    steep = parcels([(100, 0, 30, 100)], name="steep")  # 3 000 m² out
    # E1: best priority, touching the line, wholly inside the red line; E2 half inside the UDB; E3 plain.
    candidates = polygons(
        [rect(X0, Y0 + 100, 50, 100), rect(X0 + 50, Y0 + 100, 50, 100), rect(X0 - 60, Y0, 60, 100)],
        "landuse", rows=[("E1", "0103", 1, "1"), ("E2", "0103", 1, "1"), ("E3", "0103", 1, "1")],
    )
    epr = polygons([rect(X0 - 10, Y0 + 100, 60, 200)], "epr", fields=[("N", int)], rows=[(1,)])
    udb = polygons([rect(X0 + 50, Y0 + 150, 100, 100)], "udb", fields=[("N", int)], rows=[(1,)])
    result = run(pbf, SWAP_OUT=steep, CANDIDATES=candidates, EXCLUDE=[epr, udb],
                 PRIORITY='if("BSM" = \'E1\', 9, if("BSM" = \'E2\', 5, 1))')
    swapped = features(result["SWAPPED_IN"])
    names = [f["BSM"] for f in swapped]
    assert "E1" not in names
    # E2's free half (2 500 m²) goes first, then 500 m² of E3.
    assert names == ["E2", "E3"]
    got = union(swapped)
    assert got.intersection(union(epr)).area < 1e-6
    assert got.intersection(union(udb)).area < 1e-6
    assert got.intersection(union(pbf)).area < 1e-6
    assert shapes(swapped[0:1])[0].area == pytest.approx(2500, abs=1e-6)
    assert abs(got.area - 3000) <= EXACT
    assert abs(area(result["OUTPUT"]) - area(pbf)) <= EXACT


def test_udb_gains_project_land_and_peels_the_same_area_off_its_outer_edge(plugin):
    udb = polygons([rect(X0, Y0, 300, 300)], "udb", fields=[("NAME", str)], rows=[("town",)])
    project = polygons([rect(X0 + 300, Y0 + 100, 40, 100)], "project", fields=[("XMMC", str)], rows=[("road",)])
    # Candidate land: a 3 x 3 grid of 1-ha cells covering the UDB; the centre cell has the best priority
    # but taking it would punch a hole, so with adjacent first an edge cell is peeled instead.
    cells = [rect(X0 + 100 * i, Y0 + 100 * j, 100, 100) for j in range(3) for i in range(3)]
    rows = [(f"C{k}", "0103", 2, "1") for k in range(9)]
    candidates = polygons(cells, "landuse", rows=rows)
    priority = 'if("BSM" = \'C4\', 9, if("BSM" = \'C0\', 5, 1))'
    result = run(udb, SWAP_IN=project, CANDIDATES=candidates, PRIORITY=priority)
    after = union(result["OUTPUT"])
    assert abs(after.area - 90000) <= EXACT and abs(result["BALANCE_M2"]) <= EXACT
    assert shapely.get_num_interior_rings(after) == 0  # no new hole
    swapped_in = features(result["SWAPPED_IN"])
    assert [(f["XMMC"], f["TZYY"]) for f in swapped_in] == [("road", "指定调入")]
    assert abs(shapes(swapped_in)[0].area - 4000) <= 1e-6
    out = features(result["SWAPPED_OUT"])
    assert [(f["NAME"], f["TZYY"]) for f in out] == [("town", "进出平衡调出")]
    peeled = shapes(out)[0]
    assert abs(peeled.area - 4000) <= EXACT
    # Taken from the best edge cell C0 (south-west corner), along the outer edge, never from the centre.
    assert shifted(shapely.box(0, 0, 100, 100)).buffer(1e-6).covers(peeled)
    assert shapely.relate_pattern(peeled, shifted(shapely.box(0, 0, 300, 300)).exterior, "***1*****")
    # Without adjacent first the best cell wins wherever it is: the centre goes and a hole appears.
    anywhere = run(udb, SWAP_IN=project, CANDIDATES=candidates, PRIORITY=priority, ADJACENT_FIRST=False)
    assert shapely.get_num_interior_rings(union(anywhere["OUTPUT"])) == 1
    assert abs(anywhere["BALANCE_M2"]) <= EXACT


def test_a_filled_hole_joins_and_steep_edge_parcels_of_the_line_itself_balance_it(plugin):
    # A ring of 8 PBF parcels (100 m cells) round a 1-ha hole; the hole is filled (as planmaint:fillholes
    # writes it, with TZLX = 天窗填补) and the same area leaves from the steep parcels of the line itself.
    cells = [(i, j) for j in range(3) for i in range(3) if (i, j) != (1, 1)]
    slope = {(2, 0): 4, (2, 1): 5}
    rows = [(f"P{i}{j}", "0103", slope.get((i, j), 2), "150428101001") for i, j in cells]
    pbf = memory_layer([rect(X0 + 100 * i, Y0 + 100 * j, 100, 100) for i, j in cells], FIELDS, rows, name="pbf")
    filled = memory_layer([rect(X0 + 100, Y0 + 100, 100, 100)], [("TZLX", str), ("MJ_MU", float)],
                          [("天窗填补", 15.0)], name="filled")
    result = run(pbf, SWAP_IN=filled, CANDIDATES=pbf, ELIGIBLE='"PDJB" >= 4', PRIORITY='"PDJB"')
    swapped_in = features(result["SWAPPED_IN"])
    names = as_layer(result["SWAPPED_IN"]).fields().names()
    assert "TZLX_2" not in names and names.count("TZLX") == 1
    assert [(f["TZLX"], f["TZYY"]) for f in swapped_in] == [("调入", "天窗填补")]
    # The steepest parcel (grade 5) goes whole: exactly the 1 ha that joined.
    out = features(result["SWAPPED_OUT"])
    assert [(f["BSM"], f["PDJB"], f["TZYY"]) for f in out] == [("P21", 5, "进出平衡调出")]
    assert abs(shapes(out)[0].area - 10000) <= EXACT
    after = union(result["OUTPUT"])
    assert abs(after.area - 80000) <= EXACT and shapely.get_num_interior_rings(after) == 0
    assert {f["BSM"] or None for f in features(result["OUTPUT"])} == {b for b, *_ in rows} - {"P21"} | {None}


def test_insufficient_candidates_give_a_clear_error_or_a_partial_result(plugin):
    pbf = parcels([(0, 0, 100, 100), (100, 0, 50, 100)])
    steep = parcels([(100, 0, 50, 100)], name="steep")  # 5 000 m² out
    # 1 000 m² of eligible land; the forest parcel beside it would be enough but is not eligible.
    small = polygons([rect(X0, Y0 + 100, 10, 100), rect(X0 + 10, Y0 + 100, 90, 100)], "landuse",
                     rows=[("C", "0103", 2, "1"), ("W", "0301", 2, "1")])
    eligible = "\"DLBM\" IN ('0101','0102','0103')"
    with pytest.raises(QgsProcessingException) as error:
        run(pbf, SWAP_OUT=steep, CANDIDATES=small, ELIGIBLE=eligible)
    text = str(error.value)
    assert "6.0000 mu" in text  # (5 000 - 1 000) m² = 6 亩 missing
    assert "7.5000 mu" in text and "1.5000 mu" in text
    partial = run(pbf, SWAP_OUT=steep, CANDIDATES=small, ELIGIBLE=eligible, ALLOW_PARTIAL=True)
    assert partial["BALANCE_M2"] == pytest.approx(-4000, abs=1e-6)
    assert area(partial["SWAPPED_IN"]) == pytest.approx(1000, abs=1e-6)
    assert [f["BSM"] for f in features(partial["SWAPPED_IN"])] == ["C"]
    with pytest.raises(QgsProcessingException, match="no candidate layer"):
        run(pbf, SWAP_OUT=steep)
    with pytest.raises(QgsProcessingException, match="SLOPE"):
        run(pbf, SWAP_OUT=steep, CANDIDATES=small, ELIGIBLE='"SLOPE" <= 3')  # a typo must not match nothing


def test_without_split_whole_candidates_land_within_the_tolerance(plugin):
    pbf = parcels([(0, 0, 100, 100), (100, 0, 30, 100)])
    steep = parcels([(100, 0, 30, 100)], name="steep")  # 3 000 m² out
    # Strips north of A: 1 600, 1 000, 900 and 500 m². Greedy takes 1 600 + 1 000, then no single strip
    # fits the 400 left; 1 600 + 900 + 500 = 3 000 does.
    widths = [16, 10, 9, 5]
    xs = np.r_[0, np.cumsum(widths)[:-1]]
    candidates = polygons([rect(X0 + x, Y0 + 100, w, 100) for x, w in zip(xs, widths)], "landuse")
    result = run(pbf, SWAP_OUT=steep, CANDIDATES=candidates, SPLIT=False, TOLERANCE=1.0)
    swapped = features(result["SWAPPED_IN"])
    assert sorted(round(g.area) for g in shapes(swapped)) == [500, 900, 1600]
    assert abs(result["BALANCE_M2"]) <= 1.0
    assert abs(area(result["OUTPUT"]) - area(pbf)) <= 1.0
    # Whole candidates only: every swapped-in piece is one candidate, uncut.
    whole = shapes(candidates)
    assert all(any(piece.equals(c) for c in whole) for piece in shapes(swapped))
    # 2 950 m² cannot be made of these strips within 1 m²: the residual is reported, not hidden.
    steep2 = parcels([(100, 0, 29.5, 100)], name="steep")
    pbf2 = parcels([(0, 0, 100, 100), (100, 0, 29.5, 100)])
    result = run(pbf2, SWAP_OUT=steep2, CANDIDATES=candidates, SPLIT=False, TOLERANCE=1.0)
    assert abs(result["BALANCE_M2"]) > 1.0
    assert result["BALANCE_M2"] == pytest.approx(area(result["OUTPUT"]) - area(pbf2), abs=1e-6)


def test_ledger_by_reason_and_township_matches_the_layers(plugin):
    pbf = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 30, 100), rect(X0 + 130, Y0, 20, 100)], FIELDS,
        [("A", "0103", 2, "150428101001"), ("S", "0103", 5, "150428101002"), ("P", "0101", 1, "150428102001")],
        name="pbf",
    )
    out = memory_layer(
        [rect(X0 + 100, Y0, 30, 100), rect(X0 + 130, Y0 - 10, 40, 120)], [("WHY", str)], [(STEEP,), (None,)],
        name="out",
    )
    candidates = polygons(
        [rect(X0, Y0 + 100, 100, 100), rect(X0, Y0 - 100, 100, 100)], "landuse",
        rows=[("F1", "0101", 1, "150428103001"), ("F2", "0102", 2, "150428104001")],
    )
    hsf = polygons([rect(X0, Y0 + 100, 100, 10)], "hsf", fields=[("N", int)], rows=[(1,)])
    result = run(pbf, SWAP_OUT=out, REASON_FIELD="WHY", REASON="2", CANDIDATES=candidates,
                 PRIORITY='-"PDJB"', HSF=hsf, HSF_REQUIRED=False)  # 1 000 m² of HSF: a share, not a rule
    rows = features(result["LEDGER"])
    assert as_layer(result["LEDGER"]).wkbType() == QgsWkbTypes.NoGeometry
    by_kind = {}
    for r in rows:
        by_kind.setdefault(r["KIND"], []).append(r)
    details = {(r["TZLX"], r["TZYY"], r["TOWNSHIP"]): (r["COUNT"], r["MJ_M2"]) for r in by_kind["detail"]}
    assert details[("调出", STEEP, "150428101")] == (1, pytest.approx(3000))
    assert details[("调出", PROJECT, "150428102")] == (1, pytest.approx(2000))
    assert details[("调入", "进出平衡调入", "150428103")][1] == pytest.approx(5000, abs=EXACT)
    totals = {r["TZLX"]: r for r in by_kind["total"]}
    assert totals["调出"]["MJ_M2"] == pytest.approx(area(result["SWAPPED_OUT"]), abs=1e-6)
    assert totals["调入"]["MJ_M2"] == pytest.approx(area(result["SWAPPED_IN"]), abs=1e-6)
    assert totals["调入"]["MJ_MU"] == pytest.approx(area(result["SWAPPED_IN"]) / MU, abs=1e-6)
    assert totals["调出"]["MJ_HA"] == pytest.approx(0.5, abs=1e-9)
    (balance,) = by_kind["balance"]
    assert abs(balance["MJ_M2"]) <= EXACT
    quality = {r["INDICATOR"]: r for r in by_kind["quality"]}
    slope = quality["mean slope grade"]
    assert slope["OUT_VALUE"] == pytest.approx((3000 * 5 + 2000 * 1) / 5000)
    assert slope["IN_VALUE"] == pytest.approx(1.0)
    share = quality["high-standard farmland share (%)"]
    assert share["IN_VALUE"] == pytest.approx(100 * 1000 / 5000, abs=1e-3) and share["OUT_VALUE"] == 0


def test_ellipsoidal_balance_is_exact_on_the_ellipsoid(plugin):
    # 100 km east of the central meridian the projection's scale makes planar areas ~0.025 % too large.
    x = X0 + 100000
    rows = [("A", "0103", 2, "1"), ("S", "0103", 4, "1")]
    pbf = memory_layer([rect(x, Y0, 100, 100), rect(x + 100, Y0, 50, 100)], FIELDS, rows, name="pbf")
    steep = memory_layer([rect(x + 100, Y0, 50, 100)], FIELDS, rows[1:], name="steep")
    candidates = polygons([rect(x - 5, Y0 + 100, 130, 90)], "landuse")
    result = run(pbf, SWAP_OUT=steep, CANDIDATES=candidates, AREA_METHOD=1)
    calculator = QgsDistanceArea()
    calculator.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4549"), QgsCoordinateTransformContext())
    calculator.setEllipsoid("EPSG:1024")

    def ellipsoidal(value):
        return sum(calculator.measureArea(f.geometry()) for f in features(value))

    assert abs(ellipsoidal(result["OUTPUT"]) - ellipsoidal(pbf)) <= EXACT
    assert abs(result["BALANCE_M2"]) <= EXACT
    # Planar and ellipsoidal areas differ here by about 1.2 m², so this is a real test.
    assert abs(area(result["SWAPPED_IN"]) - ellipsoidal(result["SWAPPED_IN"])) > 0.5
    assert f_mu(result["SWAPPED_IN"]) == pytest.approx(ellipsoidal(result["SWAPPED_IN"]) / MU, abs=1e-6)
    assert abs(ellipsoidal(result["SWAPPED_IN"]) - ellipsoidal(result["SWAPPED_OUT"])) <= EXACT


def f_mu(value):
    return sum(f["MJ_MU"] for f in features(value))


# --- the sample county -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_sample_county_pbf_balances_steep_and_project_swap_outs(plugin, sample_county):
    pbf = county_layer(sample_county, "pbf")
    landuse = county_layer(sample_county, "landuse")
    projects = county_layer(sample_county, "projects")
    epr, udb, hsf = (county_layer(sample_county, n) for n in ("epr", "udb", "hsf"))
    steep_parcels = list(pbf.getFeatures(QgsFeatureRequest().setFilterExpression('"PDJB" >= 4')))
    assert steep_parcels, "the sample county should have steep PBF parcels"
    wkts = [f.geometry().asWkt() for f in steep_parcels] + [f.geometry().asWkt() for f in projects.getFeatures()]
    reasons = [(STEEP,)] * len(steep_parcels) + [(PROJECT,)] * projects.featureCount()
    swap_out = memory_layer(wkts, [("TZYY", str)], reasons, name="swap_out")
    before = layer_digest(pbf)
    result = run(
        pbf, SWAP_OUT=swap_out, REASON_FIELD="TZYY", CANDIDATES=landuse,
        ELIGIBLE="\"DLBM\" IN ('0101','0102','0103') AND \"PDJB\" <= 3", PRIORITY='-"PDJB"',
        EXCLUDE=[epr, udb, projects], HSF=hsf, HSF_REQUIRED=False,  # not enough of it here
    )
    assert layer_digest(pbf) == before
    # Exact balance, measured independently on the written features.
    assert abs(area(result["OUTPUT"]) - area(pbf)) <= EXACT
    assert abs(result["BALANCE_M2"]) <= EXACT
    # Every swap-out overlap is gone; nothing swapped in overlaps the old line or an excluded layer.
    after = union(result["OUTPUT"])
    assert after.intersection(union(swap_out)).area < 1e-3
    swapped_in = union(result["SWAPPED_IN"])
    for blocked in (pbf, epr, udb, projects):
        assert swapped_in.intersection(union(blocked)).area < 1e-3
    # Swap-ins are eligible land-use parcels: cultivated, slope grade 1-3.
    assert {f["DLBM"] for f in features(result["SWAPPED_IN"])} <= {"0101", "0102", "0103"}
    assert max(f["PDJB"] for f in features(result["SWAPPED_IN"])) <= 3
    # The ledger's totals equal the output layers' areas, and out equals in.
    totals = {r["TZLX"]: r["MJ_M2"] for r in features(result["LEDGER"]) if r["KIND"] == "total"}
    assert totals["调出"] == pytest.approx(area(result["SWAPPED_OUT"]), abs=1e-4)
    assert totals["调入"] == pytest.approx(area(result["SWAPPED_IN"]), abs=1e-4)
    assert abs(totals["调出"] - totals["调入"]) <= EXACT
    assert result["OUT_HA"] == pytest.approx(totals["调出"] / 1e4, abs=1e-8)
    # Swapped-out area = the PBF inside the swap-out polygons (independent overlay).
    assert totals["调出"] == pytest.approx(union(pbf).intersection(union(swap_out)).area, abs=1e-3)


def test_priority_numbers_read_alike_whatever_their_column(plugin):
    from planmaint.algorithms.edgeswap_io import priority_numbers

    # A column of numbers only converts in one go; one with NULLs or blank text goes value by value; the
    # numbers come out the same either way. Values that are not numbers are named, not guessed.
    numbers = np.array([3, 1.5, -2, 0, 7, 2], dtype=object)
    mixed = np.array([3, 1.5, -2, QVariant(), " ", None], dtype=object)
    for column in (numbers, numbers.astype(float)):
        values, bad = priority_numbers(column)
        assert values.tolist() == [3.0, 1.5, -2.0, 0.0, 7.0, 2.0] and not len(bad)
    values, bad = priority_numbers(mixed)
    assert np.array_equal(values, [3.0, 1.5, -2.0, np.nan, np.nan, np.nan], equal_nan=True) and not len(bad)
    assert priority_numbers(np.array([1, 2, 3, 4, "high", 6], dtype=object))[1].tolist() == [4]
