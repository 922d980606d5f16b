"""The model as a scheme (方案): the farmland's swap-out candidates, the technician's review, the record.

Runs the model on the sample county as `make demo` does: the land use of the latest change survey, the
damaged and unqualified polygons, the national and regional projects; then again with the candidates of the
first run reviewed (two pieces kept).
"""
import pytest
import shapely
from qgis.core import QgsFeatureRequest
from test_model import EXACT, area, geoms, plan_layer, run_model

from conftest import county_layer

PROJECT_FILTER = "\"JB\" IN ('国家级','自治区级')"
RED_LINE_CATEGORIES = ("已依法撤销且经论证不具有重要生态功能的法定保护区域", "矛盾冲突：永久基本农田",
                       "矛盾冲突：城镇村建设用地", "矛盾冲突：矿业权", "矛盾冲突：人工商品林", "矛盾冲突：重大项目",
                       "技术勘正")
REASONS = ("国家和自治区重点建设项目", "灾毁和采矿损毁无法修复", '变更调查"非耕地"', "经核实不符合划入要求",
           "坡度15度以上", "零星破碎")


def scheme_inputs(county, **extra):
    layer = lambda name: f"{county}|layername={name}"  # noqa: E731
    return dict(LANDUSE=layer("landuse_2024"), DAMAGED=layer("damaged"), UNQUALIFIED=layer("unqualified"),
                PROJECT_FILTER=PROJECT_FILTER, **extra)


@pytest.fixture(scope="module")
def scheme(plugin, sample_county, tmp_path_factory):
    return run_model(sample_county, str(tmp_path_factory.mktemp("scheme")), **scheme_inputs(sample_county))


def m2_by(layer, field, value_filter=None):
    """Map area (m²) of the features of ``layer`` by the value of ``field``."""
    totals = {}
    for feature in layer.getFeatures():
        if value_filter is None or value_filter(feature):
            key = feature[field]
            totals[key] = totals.get(key, 0.0) + shapely.from_wkb(bytes(feature.geometry().asWkb())).area
    return totals


def test_every_reason_is_found_and_leaves_as_the_candidates_say(scheme):
    plan, _, _ = scheme
    candidates = m2_by(plan_layer(plan, "pbf_swap_candidates"), "TZYY")
    assert set(candidates) == set(REASONS)  # the sample county exercises every reason
    assert all(feature["SFTC"] == 1 for feature in plan_layer(plan, "pbf_swap_candidates").getFeatures())
    out = m2_by(plan_layer(plan, "pbf_out"), "TZYY")
    assert set(out) == set(REASONS)
    for reason in REASONS:  # the pieces that left are the accepted candidates, reason by reason
        assert out[reason] == pytest.approx(candidates[reason], abs=EXACT), reason
    ledger = {f["TZYY"]: f["MJ_M2"] for f in plan_layer(plan, "pbf_ledger").getFeatures() if f["KIND"] == "subtotal"
              and f["TZLX"] == "调出"}
    for reason in REASONS:
        assert ledger[reason] == pytest.approx(candidates[reason], abs=EXACT), reason


def test_the_record_lists_every_piece_that_moved(scheme, sample_county):
    plan, _, _ = scheme
    record = plan_layer(plan, "pbf_changes")
    kinds = m2_by(record, "HRHCLXDM")
    assert kinds["2"] == pytest.approx(area(plan_layer(plan, "pbf_out")), abs=EXACT)
    assert kinds["1"] == pytest.approx(area(plan_layer(plan, "pbf_in")), abs=EXACT)
    assert kinds["1"] == pytest.approx(kinds["2"], abs=EXACT)  # 进出平衡
    numbers = [f["HRHCTBBH"] for f in record.getFeatures()]
    assert len(set(numbers)) == len(numbers)
    for feature in record.getFeatures():
        parts = sum(feature[name] for name in ("GDMJ", "QTNYDMJ", "JSYDMJ", "WLYDMJ"))
        assert parts == pytest.approx(feature["TBMJ"], abs=0.02)
        assert feature["HRHCTBBH"].endswith("HC" if feature["HRHCLXDM"] == "2" else "HR")
    assert abs(area(plan_layer(plan, "pbf_new")) - area(county_layer(sample_county, "pbf"))) <= EXACT


def test_balancing_swap_outs_of_the_red_line_and_the_boundary_carry_their_reason(scheme):
    plan, _, _ = scheme
    red_line = {"矛盾冲突调出"} | {words for words in RED_LINE_CATEGORIES}  # its own categories, or balancing
    assert set(m2_by(plan_layer(plan, "epr_out"), "TZYY")) <= red_line
    udb = m2_by(plan_layer(plan, "udb_out"), "TZYY")
    assert udb and set(udb) == {"现状无建设需求"}


def reviewed(plan, keep):
    """The run's candidates with SFTC = 0 on the ``keep`` largest pieces of the steep reason."""
    layer = plan_layer(plan, "pbf_swap_candidates").materialize(QgsFeatureRequest())
    steep = sorted((f for f in layer.getFeatures() if f["HCYY"] == "01"), key=lambda f: -f.geometry().area())
    layer.startEditing()
    for feature in steep[:keep]:
        layer.changeAttributeValue(feature.id(), layer.fields().indexOf("SFTC"), 0)
    assert layer.commitChanges()
    return layer, [shapely.from_wkb(bytes(f.geometry().asWkb())) for f in steep[:keep]]


def test_reviewed_candidates_steer_the_model(scheme, sample_county, tmp_path):
    layer, kept = reviewed(scheme[0], keep=2)
    plan, _, _ = run_model(sample_county, str(tmp_path), **scheme_inputs(sample_county, PBF_CANDIDATES=layer))
    kept_ground = shapely.union_all(kept)
    new_line = shapely.union_all(geoms(plan_layer(plan, "pbf_new")))
    assert new_line.intersection(kept_ground).area == pytest.approx(kept_ground.area, abs=EXACT)  # they stay
    assert shapely.union_all(geoms(plan_layer(plan, "pbf_out"))).intersection(kept_ground).area <= EXACT
    candidates = m2_by(layer, "TZYY", lambda f: f["SFTC"] == 1)
    out = m2_by(plan_layer(plan, "pbf_out"), "TZYY")
    for reason in REASONS:
        assert out[reason] == pytest.approx(candidates[reason], abs=EXACT), reason
    record = plan_layer(plan, "pbf_changes")
    assert m2_by(record, "HRHCLXDM")["0"] == pytest.approx(kept_ground.area, abs=EXACT)  # reviewed and kept
    assert any(f["TZLX"] == "不调出" for f in plan_layer(plan, "pbf_ledger").getFeatures())
    passed_on = plan_layer(plan, "pbf_swap_candidates")  # the model's candidates output is the reviewed layer
    assert sorted(f["SFTC"] for f in passed_on.getFeatures()) == sorted(f["SFTC"] for f in layer.getFeatures())
    assert abs(area(plan_layer(plan, "pbf_new")) - area(county_layer(sample_county, "pbf"))) <= EXACT


def net_m2(layer, ratio_field="KCXS"):
    """Σ map area × (1 − KCXS) of the features of ``layer`` (a NULL ratio deducts nothing)."""
    total = 0.0
    for feature in layer.getFeatures():
        ratio = feature[ratio_field]
        ratio = 0.0 if ratio is None or str(ratio) == "NULL" else float(ratio)
        total += shapely.from_wkb(bytes(feature.geometry().asWkb())).area * (1.0 - ratio)
    return total


def test_the_farmland_balances_on_net_area_when_asked(sample_county, tmp_path):
    """NET_AREA: the farmland's balance holds on map area × (1 − KCXS), the pieces keep their parcels' KCXS,
    and the indicator table says the basis."""
    plan, _, _ = run_model(sample_county, str(tmp_path), **scheme_inputs(sample_county, NET_AREA=True))
    out, joined = net_m2(plan_layer(plan, "pbf_out")), net_m2(plan_layer(plan, "pbf_in"))
    assert out > 0 and joined == pytest.approx(out, abs=EXACT)
    gross_out, gross_in = area(plan_layer(plan, "pbf_out")), area(plan_layer(plan, "pbf_in"))
    assert abs(gross_in - gross_out) > 1.0  # map areas differ: the ratios of what left and joined differ
    basis = [f for f in plan_layer(plan, "indicators").getFeatures() if f["控制线"] in ("Area basis", "面积口径")]
    assert basis and "KCXS" in basis[0]["具体指标"]
