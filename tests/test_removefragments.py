"""planmaint:removefragments (碎图斑处理), run as a console user runs it: processing.run("planmaint:…")."""
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsWkbTypes,
)

from badinput import CollectingFeedback
from conftest import county_layer
from layers import (
    MU,
    as_layer,
    features,
    layer_digest,
    memory_layer,
    mu_square_side,
    rect,
    square,
    total_area,
)

ALG = "planmaint:removefragments"
X0, Y0 = 500000.0, 4500000.0  # somewhere inside EPSG:4549's zone
S3 = mu_square_side(3)  # side of a 3-亩 square
FIELDS = [("BSM", str), ("DLBM", str), ("TBMJ", float)]


def run(layer, **params):
    import processing

    params = {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT", "REMOVED": "TEMPORARY_OUTPUT", **params}
    return processing.run(ALG, params)


def bsm_set(value):
    return {f["BSM"] for f in features(value)}


def parcels(wkts, dlbm=None):
    rows = [(f"B{k}", (dlbm or {}).get(k, "0103"), 0.0) for k in range(len(wkts))]
    return memory_layer(wkts, FIELDS, rows)


# --- hand-built cases -------------------------------------------------------------------------------


def test_two_touching_3mu_squares_are_one_6mu_patch(plugin):
    layer = parcels([square(X0, Y0, S3), square(X0 + S3, Y0, S3)])
    before = layer_digest(layer)
    result = run(layer, MIN_AREA=5)
    assert result["PATCHES"] == 1
    assert result["FRAGMENTS"] == 0
    assert result["REMOVED_MU"] == 0
    assert bsm_set(result["OUTPUT"]) == {"B0", "B1"}
    assert features(result["REMOVED"]) == []
    assert layer_digest(layer) == before  # the input is never touched
    # At a threshold above the patch (6 亩) the whole patch goes, both features together.
    result = run(layer, MIN_AREA=6.5)
    removed = features(result["REMOVED"])
    assert {f["BSM"] for f in removed} == {"B0", "B1"}
    assert {f["PATCH_ID"] for f in removed} == {1}
    assert all(f["PATCH_MU"] == pytest.approx(6.0, abs=1e-6) for f in removed)
    assert result["REMOVED_MU"] == pytest.approx(6.0, abs=1e-6)


def test_half_metre_gap_splits_at_merge_distance_0_and_joins_at_1m(plugin):
    layer = parcels([square(X0, Y0, S3), square(X0 + S3 + 0.5, Y0, S3)])
    apart = run(layer, MIN_AREA=5, MERGE_DISTANCE=0)
    assert (apart["PATCHES"], apart["FRAGMENTS"]) == (2, 2)
    assert apart["REMOVED_MU"] == pytest.approx(6.0, abs=1e-6)
    removed = features(apart["REMOVED"])
    assert sorted(f["PATCH_ID"] for f in removed) == [1, 2]
    assert all(f["PATCH_MU"] == pytest.approx(3.0, abs=1e-6) for f in removed)
    assert features(apart["OUTPUT"]) == []

    joined = run(layer, MIN_AREA=5, MERGE_DISTANCE=1.0)
    assert (joined["PATCHES"], joined["FRAGMENTS"]) == (1, 0)
    assert bsm_set(joined["OUTPUT"]) == {"B0", "B1"}
    # The gap joins the patch but adds no area to it: 6 亩, a fragment at 6.1.
    assert run(layer, MIN_AREA=6.1, MERGE_DISTANCE=1.0)["REMOVED_MU"] == pytest.approx(6.0, abs=1e-6)


def test_corner_contact_is_not_adjacency(plugin):
    layer = parcels([square(X0, Y0, S3), square(X0 + S3, Y0 + S3, S3)])
    result = run(layer, MIN_AREA=5)
    assert (result["PATCHES"], result["FRAGMENTS"]) == (2, 2)
    # ... unless the merge distance asks for it.
    assert run(layer, MIN_AREA=5, MERGE_DISTANCE=0.1)["FRAGMENTS"] == 0


def hilly_zone(x_split):
    """A hill zone covering everything east of x = x_split."""
    return memory_layer([rect(x_split, Y0 - 1000, 5000, 3000)], name="hills")


def test_4mu_patch_removed_in_plain_kept_in_hills(plugin):
    side = mu_square_side(4)
    layer = parcels([square(X0, Y0, side)])
    plain = run(layer, MIN_AREA=5, MIN_AREA_HILLY=3)
    assert plain["FRAGMENTS"] == 1 and bsm_set(plain["REMOVED"]) == {"B0"}
    hills = run(layer, MIN_AREA=5, MIN_AREA_HILLY=3, HILLY_AREAS=hilly_zone(X0 - 100))
    assert hills["FRAGMENTS"] == 0 and bsm_set(hills["OUTPUT"]) == {"B0"}
    # The hilly layer elsewhere changes nothing.
    away = run(layer, MIN_AREA=5, MIN_AREA_HILLY=3, HILLY_AREAS=hilly_zone(X0 + 1000))
    assert away["FRAGMENTS"] == 1


@pytest.mark.parametrize("share_inside, hilly", [(0.6, True), (0.4, False), (0.5, False)])
def test_straddling_patch_follows_the_larger_share(plugin, share_inside, hilly):
    # Two 2-亩 features forming one 4-亩 patch, 100 m wide, straddling the zone boundary.
    width = 100.0
    height = 4 * MU / width
    layer = parcels([rect(X0, Y0, width / 2, height), rect(X0 + width / 2, Y0, width / 2, height)])
    zone = hilly_zone(X0 + width * (1 - share_inside))
    result = run(layer, MIN_AREA=5, MIN_AREA_HILLY=3, HILLY_AREAS=zone)
    assert result["PATCHES"] == 1
    # A hilly patch (threshold 3) is kept; a plain one (threshold 5) goes with both its features.
    assert result["FRAGMENTS"] == (0 if hilly else 1)
    assert bsm_set(result["OUTPUT" if hilly else "REMOVED"]) == {"B0", "B1"}


def test_exempt_expression_keeps_the_whole_fragment(plugin):
    # One fragment of two features (one of them exempt), one plain fragment, one big patch.
    layer = parcels(
        [
            square(X0, Y0, S3 / 2),
            square(X0 + S3 / 2, Y0, S3 / 2),
            square(X0 + 500, Y0, S3),
            square(X0 + 1000, Y0, mu_square_side(8)),
        ],
        dlbm={1: "0101"},
    )
    result = run(layer, MIN_AREA=5, EXEMPT="\"DLBM\" = '0101'")
    assert (result["PATCHES"], result["FRAGMENTS"], result["EXEMPT_FRAGMENTS"]) == (3, 2, 1)
    assert bsm_set(result["REMOVED"]) == {"B2"}
    assert bsm_set(result["OUTPUT"]) == {"B0", "B1", "B3"}
    assert result["REMOVED_MU"] == pytest.approx(3.0, abs=1e-6)


def test_attributes_reason_and_conservation(plugin):
    big = mu_square_side(10)
    wkts = [square(X0, Y0, big), square(X0 + big, Y0, S3), square(X0 + 300, Y0, S3), square(X0 + 600, Y0, 1)]
    layer = memory_layer(wkts, FIELDS, [(f"B{k}", "0103", 1.5 * k) for k in range(4)])
    result = run(layer, MIN_AREA=5, REASON="测试原因")
    kept, removed = features(result["OUTPUT"]), features(result["REMOVED"])
    assert {f["BSM"] for f in kept} == {"B0", "B1"} and {f["BSM"] for f in removed} == {"B2", "B3"}
    # Kept features are the input features, attributes and geometry unchanged.
    originals = {f["BSM"]: f for f in layer.getFeatures()}
    for f in kept:
        assert f.attributes() == originals[f["BSM"]].attributes()
        assert f.geometry().isGeosEqual(originals[f["BSM"]].geometry())
    names = as_layer(result["REMOVED"]).fields().names()
    assert names[:3] == ["BSM", "DLBM", "TBMJ"] and names[3:] == ["PATCH_ID", "PATCH_MU", "TZYY"]
    for f in removed:
        assert f["TBMJ"] == originals[f["BSM"]]["TBMJ"]
        assert f["TZYY"] == "测试原因"
        assert f["PATCH_MU"] == pytest.approx(f.geometry().area() / MU, rel=1e-9)
    assert len({f["PATCH_ID"] for f in removed}) == 2
    assert total_area(as_layer(result["OUTPUT"])) + total_area(as_layer(result["REMOVED"])) == pytest.approx(
        total_area(layer), abs=1e-6
    )
    assert result["REMOVED_MU"] == pytest.approx((S3 * S3 + 1) / MU, rel=1e-9)
    # The default reason is the seed's code.
    assert {f["TZYY"] for f in features(run(layer)["REMOVED"])} == {"零星破碎"}


def test_z_values_and_exact_geometry_pass_through(plugin):
    wkts = [f"POLYGON Z(({X0} {Y0} 7,{X0 + 100} {Y0} 7,{X0 + 100} {Y0 + 100} 8,{X0} {Y0} 7))",
            f"POLYGON Z(({X0 + 500} {Y0} 1,{X0 + 510} {Y0} 1,{X0 + 510} {Y0 + 10} 2,{X0 + 500} {Y0} 1))"]
    layer = memory_layer(wkts, FIELDS, [("B0", "0103", 1.0), ("B1", "0103", 2.0)], geometry="MultiPolygonZ")
    result = run(layer, MIN_AREA=5)
    kept, removed = features(result["OUTPUT"]), features(result["REMOVED"])
    assert [f["BSM"] for f in kept] == ["B0"] and [f["BSM"] for f in removed] == ["B1"]
    for out, wkt in ((kept[0], wkts[0]), (removed[0], wkts[1])):
        got, want = out.geometry(), QgsGeometry.fromWkt(wkt)  # held: vertices() must not outlive them
        assert QgsWkbTypes.hasZ(got.wkbType()) and got.isMultipart()
        assert [(v.x(), v.y(), v.z()) for v in got.vertices()] == [(v.x(), v.y(), v.z()) for v in want.vertices()]


def test_overlapping_features_are_measured_once(plugin):
    # Two 3-亩 squares overlapping by half: the patch is 4.5 亩 of land, not 6.
    layer = parcels([square(X0, Y0, S3), square(X0 + S3 / 2, Y0, S3)])
    result = run(layer, MIN_AREA=5)
    assert (result["PATCHES"], result["FRAGMENTS"]) == (1, 1)
    assert result["REMOVED_MU"] == pytest.approx(4.5, abs=1e-6)
    assert [f["PATCH_MU"] for f in features(result["REMOVED"])] == pytest.approx([4.5, 4.5], abs=1e-6)
    assert run(layer, MIN_AREA=4.4)["FRAGMENTS"] == 0


def test_overlap_inside_a_larger_patch_and_its_terrain(plugin):
    # A | B side by side, C overlapping the east half of B: land from 0 to 2.5 sides, 7.5 亩 (the feature
    # areas sum to 9). The hill zone starts at 1.3 sides: 48 % of the land is hilly, so the patch is a plain
    # patch, although 57 % of the summed feature areas lie in the hills.
    layer = parcels([square(X0, Y0, S3), square(X0 + S3, Y0, S3), square(X0 + 1.5 * S3, Y0, S3)])
    hills = hilly_zone(X0 + 1.3 * S3)
    result = run(layer, MIN_AREA=8, MIN_AREA_HILLY=3, HILLY_AREAS=hills)
    assert (result["PATCHES"], result["FRAGMENTS"]) == (1, 1)
    assert result["REMOVED_MU"] == pytest.approx(7.5, abs=1e-6)
    assert [f["PATCH_MU"] for f in features(result["REMOVED"])] == pytest.approx([7.5] * 3, abs=1e-6)
    # Zone from 1.2 sides: 52 % hilly, the 3-亩 threshold applies and the patch stays.
    assert run(layer, MIN_AREA=8, MIN_AREA_HILLY=3, HILLY_AREAS=hilly_zone(X0 + 1.2 * S3))["FRAGMENTS"] == 0


def test_null_and_invalid_geometries(plugin):
    bowtie = f"POLYGON(({X0} {Y0},{X0 + 100} {Y0 + 100},{X0 + 100} {Y0},{X0} {Y0 + 100},{X0} {Y0}))"
    layer = parcels([square(X0 + 500, Y0, S3), None, bowtie])
    feedback = CollectingFeedback()
    import processing

    result = processing.run(
        ALG, {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT", "REMOVED": "TEMPORARY_OUTPUT", "MIN_AREA": 5},
        feedback=feedback,
    )
    assert any("repaired" in w for w in feedback.warnings), feedback.warnings
    assert any("no geometry" in w for w in feedback.warnings), feedback.warnings
    # The null feature is passed through; the repaired bow tie (two 2 500 m² triangles = 7.5 亩) is kept.
    kept = {f["BSM"]: f for f in features(result["OUTPUT"])}
    assert set(kept) == {"B1", "B2"}
    assert kept["B1"].geometry().isNull()
    assert kept["B2"].geometry().area() == pytest.approx(5000.0)
    assert bsm_set(result["REMOVED"]) == {"B0"}
    assert result["PATCHES"] == 2

    # Processing's "skip invalid features" setting must not make a parcel vanish from both outputs.
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometrySkipInvalid)
    result = processing.run(
        ALG, {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT", "REMOVED": "TEMPORARY_OUTPUT", "MIN_AREA": 5},
        context=context,
    )
    assert bsm_set(result["OUTPUT"]) | bsm_set(result["REMOVED"]) == {"B0", "B1", "B2"}
    assert context.invalidGeometryCheck() == QgsFeatureRequest.GeometrySkipInvalid  # restored for later steps


def test_ellipsoidal_areas_match_qgsdistancearea(plugin):
    side = mu_square_side(5.0)
    layer = parcels([square(X0 + 150000, Y0, side)])  # far from the central meridian: planar ≠ ellipsoidal
    planar = run(layer, MIN_AREA=100)
    ellipsoidal = run(layer, MIN_AREA=100, AREA_METHOD=1)
    calc = QgsDistanceArea()
    calc.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4549"), QgsCoordinateTransformContext())
    calc.setEllipsoid("EPSG:1024")
    expected = calc.measureArea(next(layer.getFeatures()).geometry()) / MU
    assert planar["REMOVED_MU"] == pytest.approx(5.0, abs=1e-6)
    assert ellipsoidal["REMOVED_MU"] == pytest.approx(expected, rel=1e-9)
    assert abs(expected - 5.0) > 1e-4  # the test can tell the two methods apart


def test_geographic_crs_is_measured_on_the_ellipsoid(plugin):
    # A square of about 0.001° × 0.001° at 40°N: ≈ 111 m × 85 m ≈ 14 亩, never 1e-6 "square degrees".
    wkt = "POLYGON((120 40,120.001 40,120.001 40.001,120 40.001,120 40))"
    layer = memory_layer([wkt], FIELDS, [("B0", "0103", 0.0)], crs="EPSG:4490")
    calc = QgsDistanceArea()
    calc.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4490"), QgsCoordinateTransformContext())
    calc.setEllipsoid("EPSG:1024")
    expected = calc.measureArea(next(layer.getFeatures()).geometry()) / MU
    assert 10 < expected < 20
    result = run(layer, MIN_AREA=100)
    assert result["REMOVED_MU"] == pytest.approx(expected, rel=1e-9)
    assert run(layer, MIN_AREA=5)["FRAGMENTS"] == 0
    with pytest.raises(QgsProcessingException, match="degrees"):
        run(layer, MIN_AREA=5, MERGE_DISTANCE=1)


def test_empty_layer(plugin):
    result = run(parcels([]), HILLY_AREAS=hilly_zone(X0), EXEMPT="\"DLBM\" = '0101'")
    assert (result["PATCHES"], result["FRAGMENTS"], result["REMOVED_MU"]) == (0, 0, 0)
    assert features(result["OUTPUT"]) == [] and features(result["REMOVED"]) == []


def test_cancel_stops_the_run(plugin):
    import processing

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException):
        processing.run(ALG, {"INPUT": parcels([square(X0, Y0, S3)]), "OUTPUT": "TEMPORARY_OUTPUT",
                             "REMOVED": "TEMPORARY_OUTPUT"}, feedback=feedback)


def test_bad_expression_names_the_layer(plugin):
    with pytest.raises(QgsProcessingException, match="test"):
        run(parcels([square(X0, Y0, S3)]), EXEMPT="\"DLBM\" = = 1")


# --- the sample county ------------------------------------------------------------------------------


def native_fragment_count(layer, min_area_mu, hills=None, min_area_hilly_mu=None):
    """Patches and fragments counted the QGIS-native way: (fix geometries →) dissolve → multipart to single
    parts → area filter.

    With hills, each single part's area inside the dissolved hill zones comes from native:intersection
    (the part keeps a PART id attribute), and a part more than half inside uses the hilly threshold.
    """
    import processing

    # The plugin repairs invalid input (make valid); the native chain refuses it, so it gets the same repair.
    fixed = processing.run("native:fixgeometries", {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    dissolved = processing.run("native:dissolve", {"INPUT": fixed, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    single = processing.run(
        "native:multiparttosingleparts", {"INPUT": dissolved, "OUTPUT": "TEMPORARY_OUTPUT"}
    )["OUTPUT"]
    single = processing.run(
        "native:fieldcalculator",
        {"INPUT": single, "FIELD_NAME": "PART", "FIELD_TYPE": 1, "FORMULA": "@row_number",
         "OUTPUT": "TEMPORARY_OUTPUT"},
    )["OUTPUT"]
    single = as_layer(single)
    area = {f["PART"]: f.geometry().area() for f in single.getFeatures()}
    inside = dict.fromkeys(area, 0.0)
    if hills is not None:
        hills = processing.run("native:dissolve", {"INPUT": hills, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
        pieces = processing.run(
            "native:intersection",
            {"INPUT": single, "OVERLAY": hills, "INPUT_FIELDS": ["PART"], "OVERLAY_FIELDS_PREFIX": "H_",
             "OUTPUT": "TEMPORARY_OUTPUT"},
        )["OUTPUT"]
        for f in as_layer(pieces).getFeatures():
            inside[f["PART"]] += f.geometry().area()
    count = 0
    for part, a in area.items():
        threshold = min_area_hilly_mu if 2 * inside[part] > a else min_area_mu
        count += a < threshold * MU
    return len(area), count


@pytest.mark.slow
def test_sample_county_invariants_and_native_count(sample_county):
    import processing

    pbf = county_layer(sample_county, "pbf")
    hills = county_layer(sample_county, "hilly_areas")
    before = layer_digest(pbf)
    result = run(pbf, MIN_AREA=5, MIN_AREA_HILLY=3, HILLY_AREAS=hills)
    kept, removed = as_layer(result["OUTPUT"]), as_layer(result["REMOVED"])
    assert layer_digest(pbf) == before

    # Conservation: same features, nothing cut, nothing lost.
    assert kept.featureCount() + removed.featureCount() == pbf.featureCount()
    assert total_area(kept) + total_area(removed) == pytest.approx(total_area(pbf), rel=1e-12, abs=1e-6)
    assert sum(f["PATCH_MU"] for f in {f["PATCH_ID"]: f for f in removed.getFeatures()}.values()) == (
        pytest.approx(result["REMOVED_MU"], rel=1e-9)
    )
    # The removed area is the land of the removed features, overlaps counted once: what a dissolve measures.
    dissolved = processing.run("native:dissolve", {"INPUT": removed, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    assert result["REMOVED_MU"] == pytest.approx(total_area(as_layer(dissolved)) / MU, rel=1e-9)
    assert result["FRAGMENTS"] > 0 and result["EXEMPT_FRAGMENTS"] == 0

    # No patch left under its threshold, counted the native way on the kept features; and the kept
    # patches are exactly the input patches minus the removed ones (removing never changes another).
    assert native_fragment_count(kept, 5, hills, 3) == (result["PATCHES"] - result["FRAGMENTS"], 0)
    again = run(kept, MIN_AREA=5, MIN_AREA_HILLY=3, HILLY_AREAS=hills)
    assert (again["PATCHES"], again["FRAGMENTS"]) == (result["PATCHES"] - result["FRAGMENTS"], 0)

    # The same count the native way, with and without hill zones, and at a plain threshold high enough
    # that the terrain rule decides some patches on any county the generator makes.
    assert native_fragment_count(pbf, 5, hills, 3) == (result["PATCHES"], result["FRAGMENTS"])
    plain = run(pbf, MIN_AREA=5)
    assert native_fragment_count(pbf, 5) == (plain["PATCHES"], plain["FRAGMENTS"])
    wide = run(pbf, MIN_AREA=15, MIN_AREA_HILLY=3, HILLY_AREAS=hills)
    assert native_fragment_count(pbf, 15, hills, 3) == (wide["PATCHES"], wide["FRAGMENTS"])
    assert wide["FRAGMENTS"] < run(pbf, MIN_AREA=15)["FRAGMENTS"], "no hilly patch between 3 and 15 mu"


@pytest.mark.slow
def test_sample_county_exemption_and_other_lines(sample_county):
    pbf = county_layer(sample_county, "pbf")
    base = run(pbf, MIN_AREA=5)
    removed_bsm = sorted(bsm_set(base["REMOVED"]))
    assert removed_bsm
    chosen = removed_bsm[: max(1, len(removed_bsm) // 3)]
    expression = "\"BSM\" IN ({})".format(", ".join(f"'{b}'" for b in chosen))
    exempted = run(pbf, MIN_AREA=5, EXEMPT=expression)
    assert exempted["FRAGMENTS"] == base["FRAGMENTS"]
    assert 0 < exempted["EXEMPT_FRAGMENTS"] <= len(chosen)
    assert set(chosen) <= bsm_set(exempted["OUTPUT"])
    assert bsm_set(exempted["REMOVED"]) == set(removed_bsm) - bsm_set(exempted["OUTPUT"])
    assert exempted["REMOVED_MU"] < base["REMOVED_MU"]

    # The other two lines, at their own thresholds: UDB fragments under 15 mu, EPR patches under 1 km².
    for name, threshold in (("udb", 15), ("epr", 1500)):
        layer = county_layer(sample_county, name)
        result = run(layer, MIN_AREA=threshold)
        assert native_fragment_count(layer, threshold) == (result["PATCHES"], result["FRAGMENTS"]), name
        assert as_layer(result["OUTPUT"]).featureCount() + as_layer(result["REMOVED"]).featureCount() == (
            layer.featureCount()
        )
