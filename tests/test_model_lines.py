"""The model as a scheme for the red line and the development boundary (seed 五(一)2, 五(一)3).

Runs the model on the sample county as `make demo` does, with every layer of the two lines' categories: the
withdrawn protected area, mining rights, commercial forest, the technical correction, the new water-source zone,
the public-welfare forest, land planned for re-greening, approved land and the planned land use. Checks that
every category reaches the output and the record, the red line's not-less rule and its ecological land, the
boundary's not-more rule, its protected land and its expansion factor.
"""
import pytest
import shapely
from test_model import EXACT, area, geoms, plan_layer, run_model
from test_model_scheme import m2_by, scheme_inputs

from conftest import county_layer
from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import candidates, swapins  # noqa: E402 (the package is importable only now)
from planmaint.algorithms.core.indicator_rows import GOALS  # noqa: E402
from planmaint.algorithms.edgeswap_balance import eco_expression  # noqa: E402

# The model's inputs of the two lines' categories, and the sample county's layers for them.
CATEGORY_LAYERS = {
    "WITHDRAWN": "epr_withdrawn", "MINING": "mining_rights", "COMMERCIAL_FOREST": "commercial_forest",
    "EPR_CORRECTION": "epr_correction", "NEW_WATER_SOURCE": "water_source_new", "PUBLIC_FOREST": "public_forest",
    "REGREEN": "regreen", "APPROVED": "approved_land", "PLANNED_LANDUSE": "planned_landuse",
    "APPROVED_ZONES": "approved_zones", "DIRECTIONS": "development_directions",
}
EPR_OUT = {reason.words for reason in candidates.EPR_REASONS}
# Only a settlement of the lines' conflicts in which the red line yields to the boundary fills this category; the
# sample county need not have one.
SETTLED_ONLY = {candidates.EPR_CONFLICT_UDB.words}
EPR_IN = {category.words for category in swapins.EPR_CATEGORIES}
UDB_IN = {category.words for category in swapins.UDB_CATEGORIES}


def line_inputs(county, **extra):
    layer = lambda name: f"{county}|layername={name}"  # noqa: E731
    return scheme_inputs(county, **{name: layer(table) for name, table in CATEGORY_LAYERS.items()},
                         UNSUITABLE=[layer("unsuitable_areas")], **extra)


@pytest.fixture(scope="module")
def lines(plugin, sample_county, tmp_path_factory):
    return run_model(sample_county, str(tmp_path_factory.mktemp("lines")), **line_inputs(sample_county))


def union(layer, condition=None):
    return shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in layer.getFeatures()
                              if f.hasGeometry() and (condition is None or condition(f))])


def test_every_red_line_category_leaves_as_the_candidates_say(lines):
    plan, _, _ = lines
    found = m2_by(plan_layer(plan, "epr_swap_candidates"), "TZYY")
    assert set(found) | SETTLED_ONLY == EPR_OUT  # the sample county exercises every other category
    out = m2_by(plan_layer(plan, "epr_out"), "TZYY")
    for words in found:  # the pieces that left are the accepted candidates, category by category
        assert out[words] == pytest.approx(found[words], abs=EXACT), words
    codes = {f["HCYY"] for f in plan_layer(plan, "epr_changes").getFeatures() if f["HRHCLXDM"] == "2"}
    assert {reason.code for reason in candidates.EPR_REASONS if reason.words in found} <= codes


def test_every_red_line_swap_in_category_joins(lines):
    plan, _, _ = lines
    joined = m2_by(plan_layer(plan, "epr_in"), "TZYY")
    assert EPR_IN <= set(joined) and all(joined[words] > 1.0 for words in EPR_IN)
    record = m2_by(plan_layer(plan, "epr_changes"), "TZYY", lambda f: f["HRHCLXDM"] == "1")
    for words in EPR_IN:
        assert record[words] == pytest.approx(joined[words], abs=0.01 * len(EPR_IN)), words


def test_the_red_line_is_not_smaller_and_its_record_adds_up(lines, sample_county):
    plan, _, _ = lines
    before, after = area(county_layer(sample_county, "epr")), area(plan_layer(plan, "epr_new"))
    assert after >= before - EXACT
    kinds = m2_by(plan_layer(plan, "epr_changes"), "HRHCLXDM")
    assert kinds["2"] == pytest.approx(area(plan_layer(plan, "epr_out")), abs=EXACT)
    assert kinds["1"] == pytest.approx(area(plan_layer(plan, "epr_in")), abs=EXACT)
    assert after - before == pytest.approx(kinds["1"] - kinds["2"], abs=1.0)


def test_no_swap_in_lands_on_another_lines_land_after_maintenance(lines):
    """The lines are maintained in turn: the red line's swap-ins keep off the farmland after maintenance and
    the boundary, the boundary's off the farmland and the red line after it; no overlap grows."""
    plan, _, _ = lines
    after = {line: union(plan_layer(plan, f"{line}_new")) for line in ("pbf", "epr", "udb")}
    epr_in, udb_in = union(plan_layer(plan, "epr_in")), union(plan_layer(plan, "udb_in"))
    assert epr_in.intersection(after["pbf"]).area <= EXACT
    assert epr_in.intersection(after["udb"]).area <= EXACT
    assert udb_in.intersection(after["pbf"]).area <= EXACT
    assert udb_in.intersection(after["epr"]).area <= EXACT
    assert after["epr"].intersection(after["pbf"]).area <= EXACT  # the conflict with the farmland left the line


def test_re_greened_construction_land_no_longer_keeps_a_hole_open(lines, sample_county, tmp_path):
    plan, _, _ = lines
    without = run_model(sample_county, str(tmp_path), **scheme_inputs(sample_county))[0]
    filled = m2_by(plan_layer(plan, "epr_in"), "TZYY").get(swapins.EPR_HOLES.words, 0.0)
    filled_without = m2_by(plan_layer(without, "epr_in"), "TZYY").get(swapins.EPR_HOLES.words, 0.0)
    regreen = union(county_layer(sample_county, "regreen"))
    assert filled > filled_without
    assert union(plan_layer(plan, "epr_in")).intersection(regreen).area > 1.0
    assert union(plan_layer(without, "epr_in")).intersection(regreen).area <= EXACT


def test_the_boundary_takes_in_its_categories_and_never_grows(lines, sample_county):
    plan, _, _ = lines
    joined = m2_by(plan_layer(plan, "udb_in"), "TZYY")
    assert UDB_IN <= set(joined)
    before, after = area(county_layer(sample_county, "udb")), area(plan_layer(plan, "udb_new"))
    assert after <= before + EXACT
    assert set(m2_by(plan_layer(plan, "udb_out"), "TZYY")) == {"现状无建设需求"}
    kinds = m2_by(plan_layer(plan, "udb_changes"), "HRHCLXDM")
    assert kinds["2"] == pytest.approx(area(plan_layer(plan, "udb_out")), abs=EXACT)
    assert kinds["1"] == pytest.approx(area(plan_layer(plan, "udb_in")), abs=EXACT)


def test_the_boundary_never_gives_back_approved_or_protected_planned_land(lines, sample_county):
    plan, _, _ = lines
    out = union(plan_layer(plan, "udb_out"))
    assert out.area > 1.0
    assert out.intersection(union(county_layer(sample_county, "approved_land"))).area <= EXACT
    protected = union(county_layer(sample_county, "planned_landuse"),
                      lambda f: str(f["YDDM"]).startswith(("08", "1207", "13", "14")))
    assert protected.area > 1.0
    assert out.intersection(protected).area <= EXACT
    pool = union(plan_layer(plan, "udb_swap_candidates"))  # every piece out is from the pool
    assert out.difference(pool).area <= EXACT


def test_only_the_counted_projects_join_the_boundary(lines, sample_county):
    """UDB_PROJECT_FILTER left out: the model's default (XMLX = 产业类) counts, not every project."""
    plan, _, _ = lines
    projects = union(plan_layer(plan, "udb_in"), lambda f: f["TZYY"] == swapins.INFRASTRUCTURE.words)
    industrial = union(county_layer(sample_county, "projects"), lambda f: f["XMLX"] == "产业类")
    others = union(county_layer(sample_county, "projects"), lambda f: f["XMLX"] != "产业类")
    assert projects.area > 1.0
    assert projects.difference(industrial).area <= EXACT
    assert projects.intersection(others.difference(industrial)).area <= EXACT


def test_inputs_left_out_take_the_models_defaults(plugin):
    """A model hands its steps an input left out as nothing; the bundled model fills in its defaults first."""
    from qgis.core import QgsApplication

    model = QgsApplication.processingRegistry().algorithmById("planmaint:dynamicmaintenance")
    filled = model.with_defaults({"SLIVER_WIDTH": 2.0, "EPR": "x"})
    assert filled["SLIVER_WIDTH"] == 2.0 and filled["EPR"] == "x"  # given values stay
    assert filled["UDB_PROJECT_FILTER"] == "\"XMLX\" = '产业类'" and filled["HSF_REQUIRED"] is True
    assert filled["HOLE_MAX_AREA"] == 5.0 and "PBF_CANDIDATES" not in filled


def indicator_row(plan, key):
    rows = [f for f in plan_layer(plan, "indicators").getFeatures() if key in f["具体指标"]]
    assert rows, key
    return rows[0]


def test_the_lines_overlap_nowhere_after_maintenance(lines):
    """三线不交叉不重叠 (issue 24): the indicator table's three overlap rows read 0 after the model, where the
    sample county's lines overlapped before it."""
    plan, _, _ = lines
    rows = [f for f in plan_layer(plan, "indicators").getFeatures() if f["优化导向"] in GOALS["no_overlap"]]
    assert len(rows) == 3
    assert sum(float(row["调整前"]) for row in rows) > 0.0
    for row in rows:
        assert float(row["调整后"]) == pytest.approx(0.0, abs=EXACT / 10000), row["具体指标"]  # ha


def test_the_expansion_factor_never_grows(lines):
    plan, _, _ = lines
    row = indicator_row(plan, "Expansion factor")
    assert float(row["调整后"]) <= float(row["调整前"])


def test_exact_red_line_balances_without_taking_ecological_land(sample_county, tmp_path):
    """EPR_EXACT: the red line ends exactly as large; its balancing swap-outs never take forest, grassland,
    water or wetland of the land use."""
    plan, _, _ = run_model(sample_county, str(tmp_path), **line_inputs(sample_county, EPR_EXACT=True))
    before, after = area(county_layer(sample_county, "epr")), area(plan_layer(plan, "epr_new"))
    assert after == pytest.approx(before, abs=EXACT)
    balancing = union(plan_layer(plan, "epr_out"), lambda f: f["TZYY"] not in EPR_OUT)
    assert balancing.area > 1.0  # more joins than leaves in the sample county: exact peels the rest off
    from qgis.core import QgsFeatureRequest

    landuse = county_layer(sample_county, "landuse_2024")
    eco = shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in
                             landuse.getFeatures(QgsFeatureRequest().setFilterExpression(eco_expression()))])
    assert balancing.intersection(eco).area <= EXACT
    assert geoms(plan_layer(plan, "epr_changes"))


def by_code(plan, code):
    rows = [f for f in plan_layer(plan, "indicators").getFeatures() if f["code"] == code]
    assert len(rows) == 1, code
    return rows[0]


def test_the_planning_zones_follow_the_maintained_lines_and_still_tile(lines, sample_county):
    """五(二) on the model's new lines (issue 22): after maintenance 生态保护区 is the red line and 城镇发展区 the
    boundary, and the zones still cover the county's ground once, as before."""
    import processing

    plan, _, _ = lines
    layer = lambda name: f"{sample_county}|layername={name}"  # noqa: E731
    processing.run("planmaint:zoningupdate", {
        "ZONES": layer("planning_zones"), "PBF": layer("pbf"), "PBF_AFTER": f"{plan}|layername=pbf_new",
        "EPR": layer("epr"), "EPR_AFTER": f"{plan}|layername=epr_new", "UDB": layer("udb"),
        "UDB_AFTER": f"{plan}|layername=udb_new", "OUTPUT": f"ogr:dbname='{plan}' table=\"zones_new\"",
        "TABLE": f"ogr:dbname='{plan}' table=\"zone_areas\""})
    zones = plan_layer(plan, "zones_new")
    for zone, line in (("生态保护区", "epr_new"), ("城镇发展区", "udb_new")):
        zone_ground = union(zones, lambda f, zone=zone: f["GHFQDM"] == zone)
        assert zone_ground.symmetric_difference(union(plan_layer(plan, line))).area < 1.0, zone
    before = county_layer(sample_county, "planning_zones")
    after_area = sum(f.geometry().area() for f in zones.getFeatures())
    assert after_area == pytest.approx(sum(f.geometry().area() for f in before.getFeatures()), abs=EXACT)
    table = {f["FQMC"]: f for f in plan_layer(plan, "zone_areas").getFeatures()}
    assert sum(f["BH_HA"] for f in table.values()) == pytest.approx(0.0, abs=1e-4)
    assert table["生态保护区"]["TZH_HA"] == pytest.approx(area(plan_layer(plan, "epr_new")) / 10000, abs=1e-4)


def test_the_project_list_and_table_5_3_rows_come_out_of_the_model(lines, sample_county):
    """Table 5-4 and the boundary's rows of table 5-3 that take layers (issue 22), on the sample county."""
    plan, _, _ = lines
    projects = list(plan_layer(plan, "project_list").getFeatures())
    assert [f["XH"] for f in projects] == list(range(1, county_layer(sample_county, "projects").featureCount() + 1))
    for f in projects:
        assert f["YDGM_HA"] == pytest.approx(f.geometry().area() / 10000, abs=1e-6)
    for code in ("udb_approved_share", "udb_direction_fit", "udb_unsuitable"):
        row = by_code(plan, code)
        assert row["调整前"] is not None and str(row["调整前"]) != "NULL", code
    # The unsuitable land inside the boundary, against an independent overlay.
    unsuitable = union(county_layer(sample_county, "unsuitable_areas"))
    inside_after = unsuitable.intersection(union(plan_layer(plan, "udb_new"))).area
    assert float(by_code(plan, "udb_unsuitable")["调整后"]) == pytest.approx(inside_after / (10000 / 15), rel=1e-6)
