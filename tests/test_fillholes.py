"""planmaint:fillholes (天窗填补), run as a console user runs it: processing.run("planmaint:…")."""
import pytest
from qgis.core import (
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

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

ALG = "planmaint:fillholes"
X0, Y0 = 500000.0, 4500000.0  # inside EPSG:4549's zone
S3, S8 = mu_square_side(3), mu_square_side(8)


def run(layer, **params):
    import processing

    params = {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT", "HOLES": "TEMPORARY_OUTPUT", **params}
    return processing.run(ALG, params)


def added(result):
    """The features fillholes added to OUTPUT (those carrying TZLX)."""
    return [f for f in features(result["OUTPUT"]) if f["TZLX"]]


def holes_table(result):
    return sorted(features(result["HOLES"]), key=lambda f: f["HOLE_ID"])


def dissolved(value):
    """The union of every feature of a layer, through QGIS's own geometry engine."""
    return QgsGeometry.unaryUnion([f.geometry() for f in features(value) if f.hasGeometry()])


def same(geometry, wkt):
    """Equal up to floating-point noise: the symmetric difference has no area to speak of."""
    return geometry.symDifference(QgsGeometry.fromWkt(wkt)).area() < 1e-6


def ring_count(geometry):
    return sum(len(polygon) - 1 for polygon in geometry.asMultiPolygon()) if geometry.isMultipart() else (
        len(geometry.asPolygon()) - 1
    )


def square_ring(x, y, side):
    return f"({x} {y},{x + side} {y},{x + side} {y + side},{x} {y + side},{x} {y})"


def polygon_with_holes(x, y, side, holes):
    """WKT of a square of ``side`` with square holes [(x, y, side)]."""
    return "POLYGON(" + ",".join([square_ring(x, y, side)] + [square_ring(*h) for h in holes]) + ")"


def line(wkts, name="line"):
    rows = [(f"T{k}",) for k in range(len(wkts))]
    return memory_layer(wkts, [("BSM", str)], rows, name=name)


# --- hand-built cases -------------------------------------------------------------------------------


def test_fills_the_3mu_hole_and_keeps_the_8mu_hole_at_5mu(plugin):
    small, large = (X0 + 10, Y0 + 10, S3), (X0 + 100, Y0 + 100, S8)
    layer = line([polygon_with_holes(X0, Y0, 200, [small, large])])
    before = layer_digest(layer)
    result = run(layer, MAX_AREA=5)
    assert layer_digest(layer) == before  # the input is never touched
    assert (result["HOLES_FOUND"], result["HOLES_FILLED"]) == (2, 1)
    assert result["FILLED_MU"] == pytest.approx(3, abs=1e-6)
    out = features(result["OUTPUT"])
    assert len(out) == 2 and out[0]["BSM"] == "T0"  # the input feature, unchanged, comes first
    assert out[0].geometry().area() == pytest.approx(200 * 200 - (3 + 8) * MU)
    new = added(result)
    assert len(new) == 1 and new[0]["TZLX"] == "天窗填补" and not new[0]["BSM"]
    assert new[0]["MJ_MU"] == pytest.approx(3, abs=1e-6)
    assert new[0].geometry().area() == pytest.approx(3 * MU)
    assert same(new[0].geometry(), square(*small))
    table = holes_table(result)
    assert [f["KIND"] for f in table] == ["天窗", "天窗"]
    assert [round(f["AREA_MU"], 6) for f in table] == [3, 8]
    assert [f["FILLED"] for f in table] == [1, 0]
    assert table[0]["HOLE_ID"] == new[0]["HOLE_ID"]
    # What is left open is exactly the 8-亩 hole.
    merged = dissolved(result["OUTPUT"])
    assert ring_count(merged) == 1
    assert merged.area() == pytest.approx(200 * 200 - 8 * MU)
    # 0 fills holes of any size.
    everything = run(layer, MAX_AREA=0)
    assert everything["HOLES_FILLED"] == 2 and ring_count(dissolved(everything["OUTPUT"])) == 0
    assert everything["FILLED_MU"] == pytest.approx(11, abs=1e-6)


def test_a_hole_holding_farmland_stays_open_and_reports_it(plugin):
    hole_a, hole_b = (X0 + 20, Y0 + 20, S3), (X0 + 120, Y0 + 120, S3)
    layer = line([polygon_with_holes(X0, Y0, 200, [hole_a, hole_b])])
    pbf = memory_layer([rect(X0 + 125, Y0 + 125, 20, 15), square(X0 + 20, Y0 + 20 + S3, 5)], name="pbf")
    result = run(layer, MAX_AREA=5, BLOCKERS=[pbf])
    assert (result["HOLES_FOUND"], result["HOLES_FILLED"]) == (2, 1)
    table = holes_table(result)
    kept = [f for f in table if f["FILLED"] == 0]
    assert len(kept) == 1
    assert kept[0]["BLOCKED_MU"] == pytest.approx(300 / MU, abs=1e-6)
    assert kept[0]["BLOCKED_BY"] == "pbf"
    assert same(kept[0].geometry(), square(*hole_b))
    # The other hole only shares an edge with a farmland parcel: nothing covered, filled.
    filled = [f for f in table if f["FILLED"] == 1]
    assert filled[0]["BLOCKED_MU"] == 0 and filled[0]["BLOCKED_BY"] == ""
    # A threshold above the covered 300 m² lets the hole be filled.
    assert run(layer, MAX_AREA=5, BLOCKERS=[pbf], BLOCKER_MIN_AREA=301)["HOLES_FILLED"] == 2
    # Two blocker layers: both are named, and land they both cover is counted once.
    project = memory_layer([rect(X0 + 135, Y0 + 125, 20, 15)], name="projects")
    both = run(layer, MAX_AREA=5, BLOCKERS=[pbf, project], HOLES=None)
    assert "HOLES" not in both and both["HOLES_FILLED"] == 1
    both = run(layer, MAX_AREA=5, BLOCKERS=[pbf, project])
    kept = [f for f in holes_table(both) if f["FILLED"] == 0][0]
    assert kept["BLOCKED_MU"] == pytest.approx(450 / MU, abs=1e-6)
    assert kept["BLOCKED_BY"] == "pbf, projects"


HOLES_NAMES = ["HOLE_ID", "KIND", "AREA_MU", "RING_MU", "FILLED", "BLOCKED_MU", "BLOCKED_BY"]


def two_built_holes():
    """A line with two 3-亩 holes, each holding a 20 m × 15 m building (construction land, a blocker)."""
    hole_a, hole_b = (X0 + 20, Y0 + 20, S3), (X0 + 120, Y0 + 120, S3)
    layer = line([polygon_with_holes(X0, Y0, 200, [hole_a, hole_b])])
    built = memory_layer([rect(X0 + 25, Y0 + 25, 20, 15), rect(X0 + 125, Y0 + 125, 20, 15)], name="construction")
    return layer, built, hole_a, hole_b


def test_land_planned_for_regreening_lets_a_blocked_hole_fill(plugin):
    """规划复绿: a hole kept open by construction land is filled once that land is planned for re-greening; a
    building only partly re-greened keeps its hole open while what remains is over the blocker threshold."""
    layer, built, hole_a, hole_b = two_built_holes()
    without = run(layer, MAX_AREA=5, BLOCKERS=[built])
    assert without["HOLES_FILLED"] == 0
    assert as_layer(without["HOLES"]).fields().names() == HOLES_NAMES  # as before re-greening existed
    # All of the first building re-greened; of the second only 20 m × 10 m, leaving 100 m² of it.
    regreen = memory_layer([rect(X0 + 24, Y0 + 24, 22, 17), rect(X0 + 125, Y0 + 125, 20, 10)], name="regreen")
    before = layer_digest(regreen)
    result = run(layer, MAX_AREA=5, BLOCKERS=[built], REGREEN=regreen)
    assert layer_digest(regreen) == before
    assert (result["HOLES_FOUND"], result["HOLES_FILLED"]) == (2, 1)
    assert result["FILLED_MU"] == pytest.approx(3, abs=1e-6)
    new = added(result)
    assert len(new) == 1 and new[0]["TZLX"] == "天窗填补" and same(new[0].geometry(), square(*hole_a))
    table = holes_table(result)
    assert as_layer(result["HOLES"]).fields().names() == HOLES_NAMES + ["REGREEN_MU", "FLYY"]
    opened, kept = table
    assert (opened["FILLED"], opened["FLYY"], opened["BLOCKED_MU"], opened["BLOCKED_BY"]) == (1, 1, 0, "")
    assert opened["REGREEN_MU"] == pytest.approx(300 / MU, abs=1e-6)
    assert (kept["FILLED"], kept["FLYY"], kept["BLOCKED_BY"]) == (0, 0, "construction")
    assert kept["BLOCKED_MU"] == pytest.approx(100 / MU, abs=1e-6)
    assert kept["REGREEN_MU"] == pytest.approx(200 / MU, abs=1e-6)
    # A threshold above the 100 m² left lets the second hole fill too, also thanks to re-greening.
    both = run(layer, MAX_AREA=5, BLOCKERS=[built], REGREEN=regreen, BLOCKER_MIN_AREA=101)
    assert both["HOLES_FILLED"] == 2 and [f["FLYY"] for f in holes_table(both)] == [1, 1]


def test_without_regreening_land_the_outputs_are_as_before(plugin):
    """No re-greening layer: HOLES has its fields of before; an empty re-greening layer decides the same, feature
    by feature, and only adds its two fields (0 everywhere)."""
    layer, built, _, _ = two_built_holes()
    params = {"MAX_AREA": 5, "BLOCKERS": [built], "BLOCKER_MIN_AREA": 301}  # the second hole: 300 m², filled
    plain = run(layer, **params)
    empty = run(layer, REGREEN=memory_layer([], name="regreen"), **params)
    assert plain["HOLES_FILLED"] == empty["HOLES_FILLED"] == 2
    assert layer_digest(as_layer(plain["OUTPUT"])) == layer_digest(as_layer(empty["OUTPUT"]))
    assert as_layer(plain["HOLES"]).fields().names() == HOLES_NAMES
    rows = [f.attributes() for f in holes_table(plain)]
    assert [f.attributes()[:7] for f in holes_table(empty)] == rows
    assert [f.attributes()[7:] for f in holes_table(empty)] == [[0.0, 0], [0.0, 0]]
    assert [row[4:7] for row in rows] == [[1, pytest.approx(300 / MU), ""], [1, pytest.approx(300 / MU), ""]]


def test_a_regreening_layer_of_points_is_refused(plugin):
    layer, built, _, _ = two_built_holes()
    points = memory_layer([f"POINT({X0 + 30} {Y0 + 30})"], name="regreen_points", geometry="Point")
    with pytest.raises(QgsProcessingException, match="regreen_points.*polygon"):
        run(layer, MAX_AREA=5, BLOCKERS=[built], REGREEN=points)


def test_a_hole_enclosed_jointly_by_four_features_is_found(plugin):
    t, side = 20, 100  # a 100 m square frame of four 20 m wide features around a 60 m × 60 m gap
    layer = line([
        rect(X0, Y0, side, t),
        rect(X0, Y0 + side - t, side, t),
        rect(X0, Y0 + t, t, side - 2 * t),
        rect(X0 + side - t, Y0 + t, t, side - 2 * t),
    ])
    result = run(layer, MAX_AREA=10)
    assert (result["HOLES_FOUND"], result["HOLES_FILLED"]) == (1, 1)
    assert result["FILLED_MU"] == pytest.approx(3600 / MU, abs=1e-6)
    assert len(features(result["OUTPUT"])) == 5
    merged = dissolved(result["OUTPUT"])
    assert ring_count(merged) == 0 and merged.area() == pytest.approx(side * side)


def test_a_2m_gap_is_filled_at_sliver_width_3_and_not_at_1(plugin):
    layer = line([rect(X0, Y0, 40, 20), rect(X0 + 42, Y0, 40, 20), rect(X0 + 200, Y0, 60, 60)])
    wide = run(layer, SLIVER_WIDTH=3)
    assert (wide["HOLES_FOUND"], wide["HOLES_FILLED"]) == (1, 1)
    new = added(wide)
    assert len(new) == 1 and new[0]["TZLX"] == "细缝填补"
    assert same(new[0].geometry(), rect(X0 + 40, Y0, 2, 20))
    assert new[0]["MJ_MU"] == pytest.approx(40 / MU)
    assert holes_table(wide)[0]["KIND"] == "细缝"
    merged = dissolved(wide["OUTPUT"])
    assert merged.area() == pytest.approx(total_area(layer) + 40)
    assert len(merged.asMultiPolygon()) == 2  # the two patches became one; the far square stays apart
    narrow = run(layer, SLIVER_WIDTH=1)
    assert (narrow["HOLES_FOUND"], narrow["HOLES_FILLED"]) == (0, 0)
    # Slivers obey the maximum area and the blockers like holes do.
    assert run(layer, SLIVER_WIDTH=3, MAX_AREA=0.05)["HOLES_FILLED"] == 0
    road = memory_layer([rect(X0 + 39, Y0 + 8, 4, 4)], name="road")
    blocked = run(layer, SLIVER_WIDTH=3, BLOCKERS=[road])
    assert blocked["HOLES_FILLED"] == 0 and holes_table(blocked)[0]["BLOCKED_MU"] == pytest.approx(8 / MU)


def test_inner_corners_are_not_slivers(plugin):
    ell = f"POLYGON(({X0} {Y0},{X0 + 100} {Y0},{X0 + 100} {Y0 + 20},{X0 + 20} {Y0 + 20},{X0 + 20} {Y0 + 100},"
    ell += f"{X0} {Y0 + 100},{X0} {Y0}))"
    assert run(line([ell]), SLIVER_WIDTH=5)["HOLES_FOUND"] == 0


def test_a_hole_with_an_island_inside_never_duplicates_the_island(plugin):
    # A 60 m hole (5.4 亩 inside its ring) holding a 40 m island, which has a 10 m hole of its own.
    outer = polygon_with_holes(X0, Y0, 100, [(X0 + 20, Y0 + 20, 60)])
    island = polygon_with_holes(X0 + 30, Y0 + 30, 40, [(X0 + 45, Y0 + 45, 10)])
    layer = line([outer, island])
    result = run(layer, MAX_AREA=6)
    assert (result["HOLES_FOUND"], result["HOLES_FILLED"]) == (2, 2)
    new = added(result)
    assert sorted(round(f.geometry().area(), 6) for f in new) == [100, 3600 - 1600]
    # Nothing overlaps: the features' areas add up to the filled square, and so does their union.
    assert total_area(as_layer(result["OUTPUT"])) == pytest.approx(100 * 100)
    assert dissolved(result["OUTPUT"]).area() == pytest.approx(100 * 100)
    table = holes_table(result)
    assert sorted(round(f["RING_MU"] * MU, 6) for f in table) == [100, 3600]
    # The size that counts is the ring's (islands included), as in QGIS's Delete holes: 5.4 亩 ≥ 5.
    at5 = run(layer, MAX_AREA=5)
    assert at5["HOLES_FILLED"] == 1 and at5["FILLED_MU"] == pytest.approx(100 / MU)
    # Farmland in the island's own hole keeps that hole open while the outer one is filled.
    pbf = memory_layer([square(X0 + 46, Y0 + 46, 5)], name="pbf")
    kept = run(layer, MAX_AREA=6, BLOCKERS=[pbf])
    assert kept["HOLES_FILLED"] == 1 and kept["FILLED_MU"] == pytest.approx(2000 / MU)
    merged = dissolved(kept["OUTPUT"])
    assert ring_count(merged) == 1 and merged.area() == pytest.approx(100 * 100 - 100)


def test_bad_geometry_is_repaired_and_null_geometry_passed_through(plugin):
    bowtie = f"POLYGON(({X0} {Y0},{X0 + 10} {Y0 + 10},{X0 + 10} {Y0},{X0} {Y0 + 10},{X0} {Y0}))"
    holed = polygon_with_holes(X0 + 100, Y0, 100, [(X0 + 120, Y0 + 20, S3)])
    layer = line([bowtie, None, holed])
    result = run(layer)
    assert result["HOLES_FOUND"] == 1 and result["HOLES_FILLED"] == 1
    out = features(result["OUTPUT"])
    assert [f["BSM"] for f in out[:3]] == ["T0", "T1", "T2"]
    assert not out[1].hasGeometry()
    assert out[0].geometry().isGeosValid() and out[0].geometry().area() == pytest.approx(50)


def test_line_features_go_out_as_read_with_every_attribute(plugin):
    wkts = [polygon_with_holes(X0, Y0, 200, [(X0 + 10, Y0 + 10, S3)]), square(X0 + 300, Y0, 50)]
    layer = memory_layer(wkts, [("BSM", str), ("N", int)], [("T0", 7), ("T1", None)], geometry="Polygon")
    result = run(layer)
    out = features(result["OUTPUT"])
    assert len(out) == 3 and out[2]["TZLX"]
    for read, written in zip(layer.getFeatures(), out[:2]):
        assert written.attributes()[:2] == read.attributes()
        # The new fields are typed NULLs, as on the features fillholes adds, not invalid values.
        assert [repr(written[name]) for name in ("HOLE_ID", "TZLX", "MJ_MU")] == ["NULL"] * 3
        multi = QgsGeometry(read.geometry())
        multi.convertToMultiType()
        assert written.geometry().asWkb() == multi.asWkb()


def test_a_3d_line_goes_out_in_2d(plugin):
    def ring(corners):
        return "(" + ",".join(f"{X0 + x} {Y0 + y} 5" for x, y in corners + corners[:1]) + ")"

    wkt = "POLYGON Z(" + ring([(0, 0), (200, 0), (200, 200), (0, 200)]) + "," + ring(
        [(10, 10), (40, 10), (40, 40), (10, 40)]) + ")"
    layer = memory_layer([wkt], [("BSM", str)], [("T0",)], geometry="PolygonZ")
    result = run(layer, MAX_AREA=5)
    out = features(result["OUTPUT"])
    assert out[0]["BSM"] == "T0" and out[0].geometry().wkbType() == QgsWkbTypes.MultiPolygon
    assert out[0].geometry().area() == pytest.approx(200 * 200 - 30 * 30)


def test_empty_layer_and_cancel(plugin):
    import processing

    result = run(line([None]))
    assert (result["HOLES_FOUND"], result["HOLES_FILLED"], result["FILLED_MU"]) == (0, 0, 0)
    assert len(features(result["OUTPUT"])) == 1 and features(result["HOLES"]) == []
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    layer = line([polygon_with_holes(X0, Y0, 200, [(X0 + 10, Y0 + 10, S3)])])
    with pytest.raises(QgsProcessingException):
        processing.run(ALG, {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)


class CollectingFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, text):  # noqa: N802 (QGIS API name)
        self.warnings.append(text)
        super().pushWarning(text)


def geopackage(path, layers):
    """Write memory layers into one GeoPackage, each as a layer named like the memory layer."""
    from qgis.core import QgsVectorFileWriter

    for k, layer in enumerate(layers):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = layer.name()
        if k:
            options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
        written = QgsVectorFileWriter.writeAsVectorFormatV3(
            layer, path, QgsProject.instance().transformContext(), options)
        assert written[0] == QgsVectorFileWriter.NoError, written
    return path


def test_layers_of_one_geopackage_are_named_by_their_layer_name(plugin, tmp_path):
    """Processing names "county.gpkg|layername=epr" after the file; messages and BLOCKED_BY say epr and pbf."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeatureSource

    from planmaint.algorithms import bridge

    spiked = f"POLYGON(({X0 + 300} {Y0},{X0 + 310} {Y0 + 10},{X0 + 310} {Y0},{X0 + 300} {Y0 + 10},{X0 + 300} {Y0}))"
    epr = line([polygon_with_holes(X0, Y0, 200, [(X0 + 20, Y0 + 20, S3)]), spiked], name="epr")
    pbf = memory_layer([square(X0 + 25, Y0 + 25, 20)], name="pbf")
    path = geopackage(str(tmp_path / "county.gpkg"), [epr, pbf])
    feedback = CollectingFeedback()
    result = processing.run(ALG, {"INPUT": f"{path}|layername=epr", "BLOCKERS": [f"{path}|layername=pbf"],
                                  "OUTPUT": "TEMPORARY_OUTPUT", "HOLES": "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert [f["BLOCKED_BY"] for f in holes_table(result)] == ["pbf"]
    assert any(w.startswith("Layer epr: 1 invalid geometries were repaired") for w in feedback.warnings)
    assert not any("county" in w for w in feedback.warnings)
    # The same name from a layer and from the Processing source around it; a name the user chose is kept.
    layer = QgsVectorLayer(f"{path}|layername=pbf", "county", "ogr")
    assert bridge.layer_label(layer, "X") == "pbf"
    assert bridge.layer_label(QgsProcessingFeatureSource(layer, QgsProcessingContext()), "X") == "pbf"
    renamed = QgsVectorLayer(f"{path}|layername=pbf", "farmland 2023", "ogr")
    assert bridge.layer_label(QgsProcessingFeatureSource(renamed, QgsProcessingContext()), "X") == "farmland 2023"
    assert bridge.layer_label(line([square(X0, Y0, 10)], name="memory"), "X") == "memory"


def test_sliver_width_in_degrees_is_refused(plugin):
    layer = memory_layer([square(120, 40, 0.01)], crs="EPSG:4490", name="geo")
    with pytest.raises(QgsProcessingException, match="geographic"):
        run(layer, SLIVER_WIDTH=3)
    # Without slivers, a geographic layer is measured on the ellipsoid, never in square degrees: a hole of
    # 0.001° × 0.001° at 40°N is about 111 m × 85 m.
    holed = memory_layer([polygon_with_holes(120, 40, 0.01, [(120.004, 40.004, 0.001)])], crs="EPSG:4490")
    result = run(holed, MAX_AREA=0)
    assert result["FILLED_MU"] * MU == pytest.approx(111.0 * 85.3, rel=0.01)


def test_output_of_a_second_run_reuses_the_fields(plugin):
    layer = line([polygon_with_holes(X0, Y0, 200, [(X0 + 10, Y0 + 10, S3), (X0 + 100, Y0 + 100, S8)])])
    first = run(layer, MAX_AREA=5)
    second = run(as_layer(first["OUTPUT"]), MAX_AREA=10)
    names = [f.name() for f in as_layer(second["OUTPUT"]).fields()]
    assert names.count("TZLX") == 1 and "TZLX_2" not in names
    assert sorted(f["MJ_MU"] for f in added(second)) == pytest.approx([3, 8])


# --- the sample county ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["epr", "udb", "pbf"])  # pbf: parcel-level, holes enclosed jointly
def test_sample_county_matches_native_delete_holes(plugin, sample_county, name):
    import processing

    layer = county_layer(sample_county, name)
    max_mu = 5
    result = run(layer, MAX_AREA=max_mu)
    # The independent chain: QGIS's own repair, dissolve and delete holes.
    fixed = processing.run("native:fixgeometries", {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    native = processing.run("native:dissolve", {"INPUT": fixed, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    reference = dissolved(native)
    assert result["HOLES_FOUND"] == ring_count(reference)
    deleted = processing.run(
        "native:deleteholes", {"INPUT": native, "MIN_AREA": max_mu * MU, "OUTPUT": "TEMPORARY_OUTPUT"}
    )["OUTPUT"]
    # Delete holes keeps islands as parts overlapping the filled polygon: their union is the filled line.
    expected = dissolved(deleted)
    ours = dissolved(result["OUTPUT"])
    assert ours.area() == pytest.approx(expected.area(), rel=1e-9)
    assert ours.symDifference(expected).area() == pytest.approx(0, abs=1e-3)
    assert ours.area() - reference.area() == pytest.approx(result["FILLED_MU"] * MU, rel=1e-9, abs=1e-3)
    small = sum(1 for f in holes_table(result) if f["RING_MU"] < max_mu)
    assert result["HOLES_FILLED"] == small


@pytest.mark.slow
def test_sample_county_blocked_holes_hold_farmland(plugin, sample_county):
    epr, pbf = county_layer(sample_county, "epr"), county_layer(sample_county, "pbf")
    # Given as a path, as a console user would: the blocker is named after its layer, not the file.
    result = run(epr, MAX_AREA=0, BLOCKERS=[f"{sample_county}|layername=pbf"])
    table = holes_table(result)
    assert len(table) == result["HOLES_FOUND"]
    farmland = QgsGeometry.unaryUnion([f.geometry() for f in pbf.getFeatures()])
    for hole in table:
        covered = hole.geometry().intersection(farmland).area()
        assert hole["BLOCKED_MU"] * MU == pytest.approx(covered, abs=1e-3)
        assert hole["FILLED"] == int(covered <= 1.0)
        assert hole["BLOCKED_BY"] == ("pbf" if covered > 1.0 else "")
    assert result["HOLES_FILLED"] == sum(f["FILLED"] for f in table)


# --- blockers read whole or window by window ---------------------------------------------------------


def blocker_copy(layer, indexed, name):
    """A memory copy of ``layer``: without a spatial index it is read whole, with one window by window."""
    from qgis.core import QgsFeatureRequest, QgsFeatureSource

    copy = layer.materialize(QgsFeatureRequest())
    copy.setName(name)
    if indexed:
        assert copy.dataProvider().createSpatialIndex()
    wanted = QgsFeatureSource.SpatialIndexPresent if indexed else QgsFeatureSource.SpatialIndexNotPresent
    assert copy.hasSpatialIndex() == wanted
    return copy


def outcome(result):
    """What a run decided, hole by hole, with areas to a millionth of a square metre."""
    rows = [
        (f["HOLE_ID"], f["KIND"], f["FILLED"], round(f["BLOCKED_MU"] * MU, 6), f["BLOCKED_BY"],
         round(f.geometry().area(), 6))
        for f in holes_table(result)
    ]
    filled = sorted(round(f.geometry().area(), 6) for f in added(result))
    return rows, filled, result["HOLES_FILLED"], round(result["FILLED_MU"], 9)


def test_blocker_in_another_crs_blocks_the_same_read_whole_or_by_window(plugin):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    hole_a, hole_b, hole_c = (X0 + 20, Y0 + 20, S3), (X0 + 120, Y0 + 120, S3), (X0 + 120, Y0 + 20, S3)
    layer = line([polygon_with_holes(X0, Y0, 200, [hole_a, hole_b, hole_c])])
    # Farmland covering 300 m² of hole b, given in geographic coordinates (EPSG:4490, CGCS2000).
    to_geographic = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4549"), QgsCoordinateReferenceSystem("EPSG:4490"), QgsProject.instance()
    )
    farmland = [rect(X0 + 125, Y0 + 125, 20, 15), square(X0 + 20, Y0 + 20 + S3, 5), square(X0 + 300, Y0, 10)]
    geographic = []
    for wkt in farmland:
        geometry = QgsGeometry.fromWkt(wkt)
        geometry.densifyByCount(20)  # keeps the shape after the round trip through degrees
        geometry.transform(to_geographic)
        geographic.append(geometry.asWkt(12))
    whole = memory_layer(geographic, name="pbf", crs="EPSG:4490")
    windowed = blocker_copy(whole, indexed=True, name="pbf")
    assert whole.hasSpatialIndex() != windowed.hasSpatialIndex()
    read_whole = outcome(run(layer, MAX_AREA=5, BLOCKERS=[whole]))
    read_by_window = outcome(run(layer, MAX_AREA=5, BLOCKERS=[windowed]))
    assert read_whole == read_by_window
    rows, _, filled, _ = read_whole
    assert filled == 2
    kept = [row for row in rows if row[2] == 0]
    assert len(kept) == 1 and kept[0][3] == pytest.approx(300, abs=0.05) and kept[0][4] == "pbf"


@pytest.mark.slow
def test_sample_county_blockers_read_whole_or_by_window_agree(plugin, sample_county):
    epr, pbf = county_layer(sample_county, "epr"), county_layer(sample_county, "pbf")
    params = dict(MAX_AREA=5, SLIVER_WIDTH=3)
    # The GeoPackage has a spatial index (read by window); the memory copy has none (read whole).
    by_window = outcome(run(epr, BLOCKERS=[pbf], **params))
    whole = outcome(run(epr, BLOCKERS=[blocker_copy(pbf, indexed=False, name=pbf.name())], **params))
    indexed_copy = outcome(run(epr, BLOCKERS=[blocker_copy(pbf, indexed=True, name=pbf.name())], **params))
    assert whole == by_window == indexed_copy
    rows = by_window[0]
    assert any(row[2] == 0 for row in rows) and any(row[2] == 1 for row in rows)
