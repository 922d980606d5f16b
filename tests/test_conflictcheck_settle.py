"""planmaint:conflictcheck with SETTLE (三线冲突处理): who yields each overlap, as the console user runs it."""
import pytest
from qgis.core import QgsProcessingException
from test_conflictcheck import X0, Y0, is_null, lines, run

from layers import as_layer, layer_digest, memory_layer, rect

EXACT = 0.01  # m²
FARM_RED, FARM_TOWN, RED_TOWN = "永久基本农田∩生态保护红线", "永久基本农田∩城镇开发边界", "生态保护红线∩城镇开发边界"


def pieces(result):
    """{(KIND, YIELDS, BASIS): m²} of the settled output, and its features."""
    out = {}
    features = list(as_layer(result["OUTPUT"]).getFeatures())
    for f in features:
        key = (f["KIND"], None if is_null(f["YIELDS"]) else f["YIELDS"], f["BASIS"])
        out[key] = out.get(key, 0.0) + f.geometry().area()
    return out, features


def test_default_rules_and_every_attribute(plugin):
    pbf, epr, udb = lines()
    result = run(PBF=pbf, EPR=epr, UDB=udb, SETTLE=True)
    out = as_layer(result["OUTPUT"])
    names = [f.name() for f in out.fields()]
    assert names[:7] == ["KIND", "MJ_MU", "MJ_HA", "YIELDS", "KEEPS", "BASIS", "NOTE"]
    assert names[7:] == ["BSM", "MJ", "HXMC", "MJ_2", "CZKFBJMC"]
    found, features = pieces(result)
    assert found == pytest.approx({(FARM_RED, "EPR", "rule"): 5000.0, (FARM_TOWN, "UDB", "rule"): 1000.0}, abs=EXACT)
    for f in features:  # the piece keeps both features' attributes, as the overlap polygon does
        assert f["KEEPS"] == ("PBF" if f["YIELDS"] in ("EPR", "UDB") else None)
        assert f["BSM"] in ("P1", "P2")
        assert f["MJ_HA"] == pytest.approx(f.geometry().area() / 10000.0)


def test_core_zone_and_rule_options(plugin):
    pbf, epr, udb = lines()
    core = memory_layer([rect(X0 + 50, Y0, 20, 100)], [("MC", str)], [("核心区",)], name="core")
    found, features = pieces(run(PBF=pbf, EPR=epr, UDB=udb, SETTLE=True, CORE_ZONES=core))
    assert found == pytest.approx({(FARM_RED, "PBF", "core_zone"): 2000.0, (FARM_RED, "EPR", "rule"): 3000.0,
                                   (FARM_TOWN, "UDB", "rule"): 1000.0}, abs=EXACT)
    core_notes = {f["NOTE"] for f in features if f["BASIS"] == "core_zone"}
    assert core_notes == {"自然保护地核心保护区内永久基本农田逐步有序退出"}
    # The options: the farmland yields to the red line everywhere, and to the boundary.
    options = {"PBF_EPR_RULE": 1, "PBF_UDB_RULE": 1}
    found, _ = pieces(run(PBF=pbf, EPR=epr, UDB=udb, SETTLE=True, CORE_ZONES=core, **options))
    assert found == pytest.approx({(FARM_RED, "PBF", "rule"): 5000.0, (FARM_TOWN, "PBF", "rule"): 1000.0}, abs=EXACT)


def test_decisions_override_and_inputs_are_not_changed(plugin):
    pbf, epr, udb = lines()
    decisions = memory_layer(
        [rect(X0 + 50, Y0, 30, 100), rect(X0 + 380, Y0 - 10, 50, 120)], [("KEEP", str), ("NOTE", str)],
        [("epr", "红线内保留"), ("保留重叠", "待省级审查")], name="decisions")
    digests = [layer_digest(layer) for layer in (pbf, epr, udb, decisions)]
    found, features = pieces(run(PBF=pbf, EPR=epr, UDB=udb, SETTLE=True, DECISIONS=decisions))
    assert found == pytest.approx({(FARM_RED, "PBF", "decision"): 3000.0, (FARM_RED, "EPR", "rule"): 2000.0,
                                   (FARM_TOWN, None, "decision"): 1000.0}, abs=EXACT)
    kept = [f for f in features if is_null(f["YIELDS"])]
    assert [(f["KEEPS"], f["NOTE"]) for f in kept] == [("BOTH", "待省级审查")]
    assert [layer_digest(layer) for layer in (pbf, epr, udb, decisions)] == digests


def test_a_decision_layer_without_its_field_or_with_unknown_values_is_refused(plugin):
    pbf, epr, udb = lines()
    no_field = memory_layer([rect(X0, Y0, 10, 10)], [("MC", str)], [("x",)], name="decisions")
    with pytest.raises(QgsProcessingException, match=r"DECISIONS.*no field KEEP"):
        run(PBF=pbf, EPR=epr, UDB=udb, SETTLE=True, DECISIONS=no_field)
    unknown = memory_layer([rect(X0, Y0, 10, 10)], [("KEEP", str)], [("农田",)], name="decisions")
    with pytest.raises(QgsProcessingException, match=r"KEEP: the values 农田 say no line"):
        run(PBF=pbf, EPR=epr, UDB=udb, SETTLE=True, DECISIONS=unknown)


def test_without_settle_the_output_is_the_overlaps_as_before(plugin):
    pbf, epr, udb = lines()
    names = [f.name() for f in as_layer(run(PBF=pbf, EPR=epr, UDB=udb)["OUTPUT"]).fields()]
    assert "YIELDS" not in names


def test_a_geopackage_output_of_geopackage_lines_keeps_every_value_in_its_column(plugin, sample_county, tmp_path):
    """The lines' fid column goes first: after KIND, MJ_MU and MJ_HA it made QGIS 3.22's GeoPackage writer shift
    every value before it by one column (KIND read the area in mu)."""
    layer = lambda name: f"{sample_county}|layername={name}"  # noqa: E731
    out = str(tmp_path / "settled.gpkg")
    result = run(PBF=layer("pbf"), EPR=layer("epr"), UDB=layer("udb"), SETTLE=True,
                 OUTPUT=f"ogr:dbname='{out}' table=\"conflicts\"")
    features = list(as_layer(result["OUTPUT"]).getFeatures())
    assert features
    for f in features:
        assert f["KIND"] in (FARM_RED, FARM_TOWN, RED_TOWN)
        assert f["MJ_HA"] == pytest.approx(f.geometry().area() / 10000.0, rel=1e-9)
        assert f["YIELDS"] in ("EPR", "UDB") and f["BASIS"] == "rule"
