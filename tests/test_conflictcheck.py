"""planmaint:conflictcheck (三线冲突检查), run as a console user runs it:
processing.run("planmaint:conflictcheck", …)."""
import pytest
from qgis.core import QgsFeatureRequest, QgsProcessingException

from conftest import county_layer
from layers import MU, as_layer, layer_digest, memory_layer, rect

ALG = "planmaint:conflictcheck"
X0, Y0 = 500000.0, 4500000.0


def run(**params):
    import processing

    return processing.run(ALG, {"OUTPUT": "TEMPORARY_OUTPUT", **params})


def lines():
    pbf = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0 + 300, Y0, 100, 100)], [("BSM", str), ("MJ", float)],
        [("P1", 10000.0), ("P2", 10000.0)], name="pbf",
    )
    # The red line covers the right half of P1 and just touches P2 (no overlap there).
    epr = memory_layer([rect(X0 + 50, Y0, 250, 100)], [("HXMC", str), ("MJ", float)], [("红线1", 25000.0)], name="epr")
    # The boundary overlaps P2 by a 10 × 100 strip and the red line by a 0.5 m² sliver.
    udb = memory_layer(
        [rect(X0 + 390, Y0, 100, 100), rect(X0 + 299.995, Y0 + 200, 100, 100), rect(X0 + 200, Y0 + 99.995, 100, 100)],
        [("CZKFBJMC", str)], [("城区",), ("远处",), ("边缘",)], name="udb",
    )
    return pbf, epr, udb


def is_null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull())


def by_kind(result):
    out = {}
    for feature in as_layer(result["OUTPUT"]).getFeatures():
        out.setdefault(feature["KIND"], []).append(feature)
    return out


def test_overlaps_with_areas_and_attributes_of_both_lines(plugin):
    pbf, epr, udb = lines()
    digests = [layer_digest(layer) for layer in (pbf, epr, udb)]
    result = run(PBF=pbf, EPR=epr, UDB=udb)
    out = as_layer(result["OUTPUT"])
    names = [f.name() for f in out.fields()]
    assert names[:3] == ["KIND", "MJ_MU", "MJ_HA"]
    # every input attribute is kept; the clashing MJ of the red line gets a suffix
    assert names[3:] == ["BSM", "MJ", "HXMC", "MJ_2", "CZKFBJMC"]
    kinds = by_kind(result)
    (farm_red,) = kinds["永久基本农田∩生态保护红线"]
    assert farm_red.geometry().area() == pytest.approx(5000.0)
    assert farm_red["MJ_HA"] == pytest.approx(0.5) and farm_red["MJ_MU"] == pytest.approx(5000 / MU)
    assert (farm_red["BSM"], farm_red["HXMC"], farm_red["MJ_2"]) == ("P1", "红线1", 25000.0)
    assert is_null(farm_red["CZKFBJMC"])  # the boundary's field stays empty on a farmland/red-line overlap
    (farm_town,) = kinds["永久基本农田∩城镇开发边界"]
    assert farm_town.geometry().area() == pytest.approx(1000.0)
    assert (farm_town["BSM"], farm_town["CZKFBJMC"]) == ("P2", "城区")
    assert "生态保护红线∩城镇开发边界" not in kinds  # only a 0.5 m² sliver: under the 1 m² default
    assert result["PBF_EPR_HA"] == pytest.approx(0.5)
    assert result["PBF_UDB_HA"] == pytest.approx(0.1)
    assert result["EPR_UDB_HA"] == pytest.approx(0.0)
    assert [layer_digest(layer) for layer in (pbf, epr, udb)] == digests


def test_min_area_keeps_or_drops_slivers(plugin):
    pbf, epr, udb = lines()
    kept = run(EPR=epr, UDB=udb, MIN_AREA=0)
    (sliver,) = by_kind(kept)["生态保护红线∩城镇开发边界"]
    assert sliver["MJ_HA"] * 10000 == pytest.approx(0.5, rel=1e-6)
    assert kept["EPR_UDB_HA"] == pytest.approx(0.5 / 10000, rel=1e-6)
    assert kept["PBF_EPR_HA"] is None  # the farmland was not given
    dropped = run(EPR=epr, UDB=udb, MIN_AREA=0.6)
    assert as_layer(dropped["OUTPUT"]).featureCount() == 0 and dropped["EPR_UDB_HA"] == 0


def test_an_overlap_in_two_pieces_gives_two_polygons(plugin):
    pbf = memory_layer([rect(X0, Y0, 100, 100)], [("BSM", str)], [("P1",)])
    udb = memory_layer(
        [f"MULTIPOLYGON((({X0 - 10} {Y0 + 10},{X0 + 110} {Y0 + 10},{X0 + 110} {Y0 + 20},{X0 - 10} {Y0 + 20},"
         f"{X0 - 10} {Y0 + 10})),"
         f"(({X0 - 10} {Y0 + 60},{X0 + 110} {Y0 + 60},{X0 + 110} {Y0 + 70},{X0 - 10} {Y0 + 70},{X0 - 10} {Y0 + 60})))"]
    )
    result = run(PBF=pbf, UDB=udb)
    features = list(as_layer(result["OUTPUT"]).getFeatures())
    assert sorted(round(f.geometry().area(), 6) for f in features) == [1000.0, 1000.0]
    assert result["PBF_UDB_HA"] == pytest.approx(0.2)


def test_features_of_one_line_overlapping_each_other_count_once(plugin):
    import processing
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        warnings = []

        def pushWarning(self, text):  # noqa: N802 (QGIS API name)
            self.warnings.append(text)
            super().pushWarning(text)

    # P1 and its duplicate P1b, and P2 lying half on P1: 15 000 m² of farmland, all in the red line.
    # P3 and its duplicate lie far from the red line: no overlap between lines there, no warning about them.
    pbf = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0, Y0, 100, 100), rect(X0 + 50, Y0, 100, 100), rect(X0 + 5000, Y0, 10, 10),
         rect(X0 + 5000, Y0, 10, 10)],
        [("BSM", str)], [("P1",), ("P1b",), ("P2",), ("P3",), ("P3b",)], name="pbf",
    )
    epr = memory_layer([rect(X0 - 10, Y0 - 10, 200, 200)], [("HXMC", str)], [("红线1",)], name="epr")
    feedback = Feedback()
    result = processing.run(ALG, {"PBF": pbf, "EPR": epr, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert result["PBF_EPR_HA"] == pytest.approx(1.5, rel=1e-9)
    polygons = sorted(as_layer(result["OUTPUT"]).getFeatures(), key=lambda f: f["BSM"])
    assert [f["BSM"] for f in polygons] == ["P1", "P2"]  # the ground belongs to the first feature covering it
    assert [round(f.geometry().area(), 6) for f in polygons] == [10000.0, 5000.0]
    assert sum(f["MJ_HA"] for f in polygons) == pytest.approx(result["PBF_EPR_HA"], rel=1e-12)
    (warning,) = [w for w in feedback.warnings if "overlap" in w]
    assert warning.startswith("Layer pbf: features 1, 2, 3 overlap each other") and "counted once" in warning


def test_fewer_than_two_lines_is_refused(plugin):
    pbf, _, _ = lines()
    with pytest.raises(QgsProcessingException, match="at least two"):
        run(PBF=pbf)


def test_sample_county_against_native_intersection(plugin, sample_county, tmp_path):
    import processing

    pbf, epr, udb = (county_layer(sample_county, name) for name in ("pbf", "epr", "udb"))
    output = str(tmp_path / "conflicts.gpkg")  # a GeoPackage: the input fid columns must not clash
    result = run(PBF=pbf, EPR=epr, UDB=udb, OUTPUT=output)
    out = as_layer(output)
    for (a, b), key in (((pbf, epr), "PBF_EPR_HA"), ((pbf, udb), "PBF_UDB_HA"), ((epr, udb), "EPR_UDB_HA")):
        fixed_a = processing.run("native:fixgeometries", {"INPUT": a, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
        fixed_b = processing.run("native:fixgeometries", {"INPUT": b, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
        overlay = processing.run("native:intersection",
                                 {"INPUT": fixed_a, "OVERLAY": fixed_b, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
        single = processing.run("native:multiparttosingleparts",
                                {"INPUT": overlay, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
        areas = [f.geometry().area() for f in single.getFeatures()]
        areas = [x for x in areas if x >= 1.0]
        assert result[key] == pytest.approx(sum(areas) / 10000, rel=1e-6, abs=1e-12)
        kind = {"PBF_EPR_HA": "永久基本农田∩生态保护红线", "PBF_UDB_HA": "永久基本农田∩城镇开发边界",
                "EPR_UDB_HA": "生态保护红线∩城镇开发边界"}[key]
        request = QgsFeatureRequest().setFilterExpression(f"\"KIND\" = '{kind}'")
        mine = list(out.getFeatures(request))
        assert len(mine) == len(areas)
        assert sum(f["MJ_HA"] for f in mine) == pytest.approx(result[key], rel=1e-9, abs=1e-12)
    assert result["PBF_EPR_HA"] > 0  # the sample county has farmland in its red line
    # The red line's own feature id is kept as an attribute (fid_2); only the output's fid is renumbered.
    request = QgsFeatureRequest().setFilterExpression("\"KIND\" = '永久基本农田∩生态保护红线'")
    red_line_ids = {f.id() for f in epr.getFeatures()}
    assert {f["fid_2"] for f in out.getFeatures(request)} <= red_line_ids
