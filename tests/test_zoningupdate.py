"""planmaint:zoningupdate (规划分区维护), run as a console user runs it: processing.run("planmaint:zoningupdate", …).

The county: three zones of 100 × 100 m side by side (x from X0): 生态保护区, 农田保护区, 城镇发展区.
"""
import pytest
from qgis.core import QgsGeometry, QgsProcessingException

from layers import as_layer, layer_digest, memory_layer, rect

ALG = "planmaint:zoningupdate"
X0, Y0 = 500000.0, 4500000.0


def zones_layer(extra=()):
    wkts = [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100), rect(X0 + 200, Y0, 100, 100), *extra]
    rows = [("Z1", "生态保护区"), ("Z2", "农田保护区"), ("Z3", "城镇发展区")] + [(f"Z{4 + k}", "乡村发展区")
                                                                    for k in range(len(extra))]
    return memory_layer(wkts, [("BSM", str), ("GHFQDM", str)], rows, name="zones")


def line(*wkts, name="line"):
    return memory_layer(list(wkts), name=name)


def run(**params):
    import processing

    return processing.run(ALG, {"OUTPUT": "TEMPORARY_OUTPUT", "TABLE": "TEMPORARY_OUTPUT",
                                "ISSUES": "TEMPORARY_OUTPUT", **params})


def zone_area(result, zone):
    return sum(f.geometry().area() for f in as_layer(result["OUTPUT"]).getFeatures() if f["GHFQDM"] == zone)


def zone_geometry(result, zone):
    return QgsGeometry.unaryUnion([f.geometry() for f in as_layer(result["OUTPUT"]).getFeatures()
                                   if f["GHFQDM"] == zone])


def table(result):
    return {f["FQMC"]: (f["TZQ_HA"], f["TZH_HA"], f["BH_HA"]) for f in as_layer(result["TABLE"]).getFeatures()}


def test_each_rule_and_inputs_unchanged(plugin):
    zones = zones_layer()
    # Red line: gives up x 0–10, takes x 100–120. Boundary: gives up x 290–300, takes x 190–200.
    # Farmland: leaves x 120–140 (to the red line's 100–120 and to rural 120–140), joins x 250–260 (urban zone).
    epr = line(rect(X0, Y0, 100, 100), name="epr")
    epr_after = line(rect(X0 + 10, Y0, 110, 100), name="epr_after")
    udb = line(rect(X0 + 200, Y0, 100, 100), name="udb")
    udb_after = line(rect(X0 + 190, Y0, 100, 100), name="udb_after")
    pbf = line(rect(X0 + 100, Y0, 100, 100), name="pbf")
    pbf_after = line(rect(X0 + 140, Y0, 50, 100), rect(X0 + 250, Y0, 10, 100), name="pbf_after")
    layers = (zones, epr, epr_after, udb, udb_after, pbf, pbf_after)
    digests = [layer_digest(layer) for layer in layers]
    result = run(ZONES=zones, EPR=epr, EPR_AFTER=epr_after, UDB=udb, UDB_AFTER=udb_after, PBF=pbf,
                 PBF_AFTER=pbf_after)
    assert zone_geometry(result, "生态保护区").isGeosEqual(epr_after.getFeature(1).geometry())
    # The farmland joined x 250–260 inside the boundary after: the boundary comes first, so it stays urban.
    assert zone_area(result, "城镇发展区") == pytest.approx(10000.0)
    assert zone_area(result, "生态控制区") == pytest.approx(1000.0)  # the red line's left rule, x 0–10
    assert zone_area(result, "乡村发展区") == pytest.approx(2000.0 + 1000.0)  # farmland left x 120–140, udb x 290–300
    assert zone_area(result, "农田保护区") == pytest.approx(5000.0)  # x 140–190
    out = list(as_layer(result["OUTPUT"]).getFeatures())
    names = [f.name() for f in as_layer(result["OUTPUT"]).fields()]
    assert names == ["BSM", "GHFQDM", "YFQDM", "BGLX", "MJ_HA"]
    kept = [f for f in out if f["BGLX"] == "未变"]
    expected_kept = {("Z1", "生态保护区"), ("Z2", "农田保护区"), ("Z3", "城镇发展区")}
    assert {(f["BSM"], f["GHFQDM"]) for f in kept} == expected_kept
    moved = {(f["BSM"], f["YFQDM"], f["GHFQDM"]) for f in out if f["BGLX"] == "调整"}
    assert moved == {("Z1", "生态保护区", "生态控制区"), ("Z2", "农田保护区", "生态保护区"),
                     ("Z2", "农田保护区", "乡村发展区"), ("Z2", "农田保护区", "城镇发展区"),
                     ("Z3", "城镇发展区", "乡村发展区")}
    for f in out:
        assert f["MJ_HA"] == pytest.approx(f.geometry().area() / 10000.0)
    rows = table(result)
    assert rows["生态保护区"] == pytest.approx((1.0, 1.1, 0.1))
    assert rows["乡村发展区"] == pytest.approx((0.0, 0.3, 0.3))
    assert sum(r[0] for r in rows.values()) == pytest.approx(3.0)
    assert sum(r[2] for r in rows.values()) == pytest.approx(0.0, abs=1e-6)
    assert [layer_digest(layer) for layer in layers] == digests


def test_joined_farmland_becomes_farmland_zone(plugin):
    zones = zones_layer()
    pbf = line(rect(X0 + 100, Y0, 100, 100))
    pbf_after = line(rect(X0 + 100, Y0, 100, 100), rect(X0 + 50, Y0, 10, 100), rect(X0 + 250, Y0, 10, 100))
    result = run(ZONES=zones, PBF=pbf, PBF_AFTER=pbf_after)
    assert zone_area(result, "农田保护区") == pytest.approx(12000.0)
    assert zone_area(result, "生态保护区") == pytest.approx(9000.0)


def test_left_zone_rules_and_codes_are_parameters(plugin):
    zones = memory_layer([rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100)], [("GHFQDM", str)],
                         [("01",), ("05",)], name="zones")
    epr_after = line(rect(X0, Y0, 60, 100))
    result = run(ZONES=zones, EPR_AFTER=epr_after, EPR_LEFT_ZONE=5, CODE_ECO_PROTECT="01", CODE_RURAL="05",
                 CODE_MINING="07")
    assert zone_area(result, "07") == pytest.approx(4000.0)  # 矿产能源发展区 by its code
    assert zone_area(result, "01") == pytest.approx(6000.0)
    assert table(result)["矿产能源发展区"] == pytest.approx((0.0, 0.4, 0.4))


def test_areas_add_up_to_a_hundredth_of_a_square_metre(plugin):
    zones = zones_layer()
    epr_after = line(QgsGeometry.fromWkt(f"POINT({X0 + 60} {Y0 + 50})").buffer(40, 16).asWkt(), name="epr")
    udb_after = line(f"POLYGON(({X0 + 210} {Y0 - 20},{X0 + 330} {Y0 + 40},{X0 + 180} {Y0 + 90},{X0 + 210} {Y0 - 20}))")
    pbf = line(rect(X0 + 100, Y0, 100, 100))
    pbf_after = line(f"POLYGON(({X0 + 90} {Y0},{X0 + 230} {Y0 + 30},{X0 + 130} {Y0 + 100},{X0 + 90} {Y0}))")
    result = run(ZONES=zones, EPR_AFTER=epr_after, UDB_AFTER=udb_after, PBF=pbf, PBF_AFTER=pbf_after)
    out = list(as_layer(result["OUTPUT"]).getFeatures())
    assert abs(sum(f.geometry().area() for f in out) - 30000.0) < 0.01
    rows = table(result)
    assert abs(sum(r[1] for r in rows.values()) - sum(r[0] for r in rows.values())) * 10000 < 0.01
    # The pieces still tile: no two overlap.
    for a in range(len(out)):
        for b in range(a + 1, len(out)):
            assert out[a].geometry().intersection(out[b].geometry()).area() < 1e-6
    assert len(list(as_layer(result["ISSUES"]).getFeatures())) == 0


def test_overlaps_and_gaps_of_the_input_are_reported(plugin):
    # A fourth zone overlaps the third by 10 × 100; a ring of zones above encloses a 20 × 20 gap.
    ring = [rect(X0, Y0 + 100, 300, 20), rect(X0, Y0 + 140, 300, 20), rect(X0, Y0 + 120, 100, 20),
            rect(X0 + 120, Y0 + 120, 180, 20)]
    zones = zones_layer([rect(X0 + 290, Y0, 50, 100), *ring])
    result = run(ZONES=zones)
    issues = {f["KIND"]: f for f in as_layer(result["ISSUES"]).getFeatures()}
    assert set(issues) == {"重叠", "缝隙"}
    assert issues["重叠"]["MJ_M2"] == pytest.approx(1000.0) and issues["重叠"]["FIDS"] == "3,4"
    assert issues["缝隙"]["MJ_M2"] == pytest.approx(400.0)
    assert X0 + 100 < issues["缝隙"]["X"] < X0 + 120 and Y0 + 120 < issues["缝隙"]["Y"] < Y0 + 140
    assert zone_area(result, "城镇发展区") == pytest.approx(10000.0)  # nothing refused, nothing changed


def test_missing_zone_field_is_refused_clearly(plugin):
    zones = memory_layer([rect(X0, Y0, 100, 100)], [("FQDM", str)], [("生态保护区",)], name="zones")
    with pytest.raises(QgsProcessingException, match="GHFQDM.*FQDM"):
        run(ZONES=zones)


def test_left_zone_may_not_be_the_lines_own(plugin):
    with pytest.raises(QgsProcessingException, match="EPR_LEFT_ZONE"):
        run(ZONES=zones_layer(), EPR_LEFT_ZONE=0)


def test_without_zones_the_outputs_are_empty(plugin):
    """The model passes its optional ZONES on: a county without them gets empty zone outputs, not a stopped run."""
    after = line(rect(X0, Y0, 50, 50), name="epr_after")
    result = run(EPR_AFTER=after)
    assert as_layer(result["OUTPUT"]).featureCount() == 0
    assert as_layer(result["TABLE"]).featureCount() == 0
    assert as_layer(result["OUTPUT"]).crs() == after.crs()
