"""Issue 24 at the model level: the three lines come out of planmaint:dynamicmaintenance without overlapping
(三条控制线不交叉、不重叠), and each settled piece is told where it went.

A hand-built county small enough to read (31 land-use parcels, EPSG:4549 like the sample county): the farmland
(PBF) in a band across the south, the red line (EPR) north-west of it, the development boundary (UDB) north-east,
with tabs of each line reaching into the others' ground: three PBF∩EPR overlaps (one inside a nature-reserve core
zone), four PBF∩UDB and two EPR∩UDB, 600 m² to 2 500 m² each. Cultivated land in high-standard farmland south of
the farmland and grassland north of the red line give each line land to balance with.

The model runs in four scenarios (the default rules; the technician's decisions; the other rules of every pair;
the red line yielding even in the core zone). What each test expects is worked out with shapely from the county's
own layers and the settlement rules (``settle``), never from an output.
"""
from dataclasses import dataclass

import pytest
import shapely
from osgeo import ogr, osr
from test_model import EXACT, geoms, plan_layer, run_model
from test_model_scheme import m2_by

from conftest import county_layer
from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core.indicator_rows import GOALS  # noqa: E402 (the package is importable only now)

CRS_EPSG = 4549  # CGCS2000 3-degree Gauss-Krüger CM 120°E, as planmaint:samplecounty writes its counties
X0, Y0 = 520_000.0, 4_650_000.0  # the county's south-west corner; below, coordinates are metres from it

# The pieces each yielding line leaves under, by (the line that yields, the line that keeps): the code (HCYY) and
# the words (TZYY) of planmaint:swapcandidates' conflict categories.
CATEGORY = {
    ("PBF", "EPR"): ("07", "矛盾冲突：生态保护红线"), ("PBF", "UDB"): ("08", "矛盾冲突：城镇开发边界"),
    ("EPR", "PBF"): ("12", "矛盾冲突：永久基本农田"), ("EPR", "UDB"): ("18", "矛盾冲突：城镇开发边界"),
    ("UDB", "PBF"): ("22", "矛盾冲突：永久基本农田"), ("UDB", "EPR"): ("23", "矛盾冲突：生态保护红线"),
}
CONFLICT_CODES = {code for code, _ in CATEGORY.values()}
LINES = ("PBF", "EPR", "UDB")
PAIRS = (("PBF", "EPR"), ("PBF", "UDB"), ("EPR", "UDB"))
KIND = {("PBF", "EPR"): "永久基本农田∩生态保护红线", ("PBF", "UDB"): "永久基本农田∩城镇开发边界",
        ("EPR", "UDB"): "生态保护红线∩城镇开发边界"}
# KEEP of a decision as a technician may write it.
KEEP_VALUES = {"PBF": "PBF", "永久基本农田": "PBF", "EPR": "EPR", "生态保护红线": "EPR", "UDB": "UDB",
               "城镇开发边界": "UDB", "BOTH": "BOTH", "保留重叠": "BOTH"}
KEPT_NOTE = "安置小区已批复，待规划修编时统筹，保留重叠"


def box(x, y, width, height):
    return shapely.box(x, y, x + width, y + height)


# --- the county ------------------------------------------------------------------------------------------------

# Tabs of one line reaching into another's band: each is one overlap.
PBF_EPR_TABS = [box(50, 260, 50, 40), box(250, 280, 30, 20), box(450, 270, 50, 30)]  # the last in the core zone
PBF_UDB_TABS = [box(650, 260, 50, 40), box(800, 250, 50, 50), box(950, 280, 50, 20), box(1100, 285, 40, 15)]
UDB_INTO_EPR = box(560, 400, 40, 50)
EPR_INTO_UDB = box(600, 500, 30, 30)
CORE_ZONE = box(450, 270, 50, 130)  # within the red line: the last PBF∩EPR tab and red line north of it
# (KEEP, NOTE, the overlap the decision is drawn over): a polygon a little larger than the overlap.
DECISIONS = [("UDB", "城镇建设急需，农田另行补划", PBF_UDB_TABS[1]),
             ("BOTH", KEPT_NOTE, UDB_INTO_EPR),
             ("生态保护红线", "红线内现状林地连片，农田调出", PBF_EPR_TABS[1])]


def landuse_parcels():
    """(geometry, DLBM, PDJB) of the 31 parcels: five bands 1 200 m wide from south to north."""
    parcels = []
    for k in range(6):  # cultivated land outside the farmland, all of it high-standard: the farmland's pool
        parcels.append((box(200 * k, 0, 200, 100), "0101", 1))
    for k in range(5):  # the farmland's parcels
        parcels.append((box(200 * k, 100, 200, 200), ("0102", "0103")[k % 2], 2))
    # and a steep strip of farmland that leaves on its own (坡度15度以上): every scenario swaps farmland
    parcels += [(box(1000, 100, 200, 50), "0103", 4), (box(1000, 150, 200, 150), "0103", 2)]
    for k in range(3):  # forest under the red line
        for j in range(2):
            parcels.append((box(200 * k, 300 + 150 * j, 200, 150), "0301", 3))
    for k in range(3):  # the town: homesteads, and open grassland in the boundary (its own pool)
        for j in range(2):
            parcels.append((box(600 + 200 * k, 300 + 150 * j, 200, 150), "0404" if j == 1 or k == 2 else "0701", 1))
    for k in range(6):  # grassland north of the red line and the town: the red line's pool
        parcels.append((box(200 * k, 600, 200, 100), "0401", 2))
    return parcels


def layer_rows():
    """{layer name: (fields [(name, ogr type)], [(geometry, attribute list)])} of the county."""
    text, real, integer = ogr.OFTString, ogr.OFTReal, ogr.OFTInteger
    parcels = landuse_parcels()
    landuse = [(g, [f"1504280000{k:010d}", code, "", "1504281010010000000", g.area, 0.0, grade])
               for k, (g, code, grade) in enumerate(parcels, 1)]
    landuse_fields = [("BSM", text), ("DLBM", text), ("DLMC", text), ("ZLDWDM", text), ("TBMJ", real),
                      ("KCXS", real), ("PDJB", integer)]
    epr = shapely.union_all([box(0, 300, 600, 300), *PBF_EPR_TABS, EPR_INTO_UDB])
    udb = shapely.union_all([box(600, 300, 600, 300), *PBF_UDB_TABS, UDB_INTO_EPR])
    project_fields = [("XMLX", text), ("XMMC", text), ("JSXZ", text), ("JSNX", text), ("YDGM", real),
                      ("XZJSYD", real), ("SZDQ", text), ("NRYJ", text), ("JB", text)]
    project = box(1100, 650, 50, 50)
    hsf = box(0, 0, 1200, 300)  # the farmland and the cultivated land south of it
    return {
        "landuse": (landuse_fields, landuse),
        "pbf": (landuse_fields, landuse[6:13]),
        "epr": ([("HXMC", text), ("HXLX", text), ("MJ", real)], [(epr, ["西山", "水源涵养", epr.area])]),
        "udb": ([("CZKFBJMC", text), ("MJ", real)], [(udb, ["中心城区", udb.area])]),
        "hsf": ([("XMMC", text), ("JSNF", integer), ("MJ", real)], [(hsf, ["高标准农田建设项目", 2019, hsf.area])]),
        "hilly_areas": ([("DXLX", text)], [(box(1150, 600, 50, 100), ["丘陵"])]),
        "projects": (project_fields, [(project, ["交通类", "县道改建", "改建", "2026-2027", 0.25, 0.0, "锦山镇",
                                                 "县交通规划", "县级"])]),
        "urban_baseline": ([("MJ", real)], [(g, [g.area]) for g, code, _ in parcels if code == "0701"]),
        "core_zones": ([("MC", text)], [(CORE_ZONE, ["自然保护区核心保护区"])]),
        "conflict_decisions": ([("KEEP", text), ("NOTE", text)],
                               [(overlap.buffer(2.0, join_style="mitre"), [keep, note])
                                for keep, note, overlap in DECISIONS]),
    }


def write_county(path):
    """The county as a GeoPackage, one polygon layer per input, coordinates moved to (X0, Y0)."""
    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(CRS_EPSG)
    for name, (fields, rows) in layer_rows().items():
        layer = dataset.CreateLayer(name, srs, ogr.wkbPolygon)
        for field_name, kind in fields:
            layer.CreateField(ogr.FieldDefn(field_name, kind))
        for geometry, values in rows:
            feature = ogr.Feature(layer.GetLayerDefn())
            moved = shapely.transform(geometry, lambda xy: xy + (X0, Y0))
            feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(moved)))
            for (field_name, _), value in zip(fields, values):
                feature.SetField(field_name, value)
            layer.CreateFeature(feature)
    dataset = None


@pytest.fixture(scope="module")
def county(plugin, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("conflict_county") / "county.gpkg")
    write_county(path)
    return path


# --- the scenarios and what they should do ----------------------------------------------------------------------

# The model's extra inputs by scenario (a layer by its name in the county's GeoPackage). "bare": none of
# them, as a model run of before issue 24 passes its inputs: the default rules still settle every overlap.
CORE = {"CORE_ZONES": "core_zones"}
SCENARIOS = {
    "bare": {},
    "default": CORE,
    "decisions": {**CORE, "CONFLICT_DECISIONS": "conflict_decisions"},
    "other_rules": {**CORE, "PBF_EPR_RULE": 1, "PBF_UDB_RULE": 1, "EPR_UDB_RULE": 1},
    "red_line_yields": {**CORE, "PBF_EPR_RULE": 2},
}


def scenario_inputs(county_path, scenario):
    extra = {}
    for name, value in SCENARIOS[scenario].items():
        extra[name] = f"{county_path}|layername={value}" if isinstance(value, str) else value
    return extra


@pytest.fixture(scope="module")
def plans(county, tmp_path_factory):
    """plans(scenario): (plan GeoPackage, report, results) of the model on the county, each run once."""
    done = {}

    def plan(scenario):
        if scenario not in done:
            folder = str(tmp_path_factory.mktemp(scenario))
            done[scenario] = run_model(county, folder, **scenario_inputs(county, scenario))
        return done[scenario]

    return plan


@dataclass
class Piece:
    """One overlap of the input lines and how the rules of issue 24 settle it."""

    pair: tuple
    ground: shapely.Geometry
    keeps: str  # 'PBF', 'EPR', 'UDB' or 'BOTH'
    basis: str  # 'rule', 'core_zone' or 'decision'
    note: str = ""

    @property
    def yields(self):
        return "" if self.keeps == "BOTH" else next(line for line in self.pair if line != self.keeps)


def union(layer):
    return shapely.union_all(geoms(layer))


def input_lines(county_path):
    return {line: union(county_layer(county_path, line.lower())) for line in LINES}


def decisions_of(county_path, scenario):
    if "CONFLICT_DECISIONS" not in SCENARIOS[scenario]:
        return []
    layer = county_layer(county_path, "conflict_decisions")
    return [(shapely.from_wkb(bytes(f.geometry().asWkb())), KEEP_VALUES[f["KEEP"]], f["NOTE"])
            for f in layer.getFeatures()]


def rule_keeps(pair, ground, rules, core):
    """Who keeps ``ground`` of ``pair`` by the rule enums (and the core zones for PBF∩EPR): (line, basis)."""
    if pair == ("PBF", "EPR"):
        rule = rules.get("PBF_EPR_RULE", 0)
        if rule == 0 and core is not None and core.intersection(ground).area >= ground.area - EXACT:
            return "EPR", "core_zone"  # inside a core zone the farmland yields
        return ("PBF", "rule") if rule in (0, 2) else ("EPR", "rule")
    rule = rules.get(f"{pair[0]}_{pair[1]}_RULE", 0)
    return (pair[0], "rule") if rule == 0 else ("UDB", "rule")  # 0: the boundary yields, 1: the other line


def settle(county_path, scenario):
    """Every overlap of the input lines, one piece per part, settled as the model should settle it."""
    lines = input_lines(county_path)
    core = union(county_layer(county_path, "core_zones")) if "CORE_ZONES" in SCENARIOS[scenario] else None
    decisions = decisions_of(county_path, scenario)
    pieces = []
    for pair in PAIRS:
        for ground in shapely.get_parts(lines[pair[0]].intersection(lines[pair[1]])):
            if ground.area < 1.0:
                continue
            drawn = [(keep, note) for polygon, keep, note in decisions if polygon.covers(ground)]
            if drawn:
                pieces.append(Piece(pair, ground, drawn[0][0], "decision", drawn[0][1]))
            else:
                pieces.append(Piece(pair, ground, *rule_keeps(pair, ground, SCENARIOS[scenario], core)))
    return pieces


def after(plan):
    return {line: union(plan_layer(plan, f"{line.lower()}_new")) for line in LINES}


def ground_of(pieces):
    return shapely.union_all([piece.ground for piece in pieces]) if pieces else shapely.Polygon()


# --- the county is what the tests need ---------------------------------------------------------------------------

def test_the_county_overlaps_as_built(county):
    """Each pair overlaps in several places of a few hundred to a few thousand m², no ground is in all three,
    and one PBF∩EPR overlap lies in the core zone: the settlement tests below rest on this."""
    lines = input_lines(county)
    pieces = settle(county, "default")
    for pair in PAIRS:
        found = [p.ground.area for p in pieces if p.pair == pair]
        assert len(found) >= 2 and all(500.0 <= a <= 3000.0 for a in found), (pair, found)
    assert lines["PBF"].intersection(lines["EPR"]).intersection(lines["UDB"]).area == 0.0
    assert [p.basis for p in pieces].count("core_zone") == 1
    assert len(decisions_of(county, "decisions")) == 3
    assert {p.basis for p in settle(county, "decisions")} == {"rule", "core_zone", "decision"}
    assert county_layer(county, "landuse").crs().authid() == f"EPSG:{CRS_EPSG}"


# --- what every scenario must do ----------------------------------------------------------------------------------

@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_overlap_is_left_but_what_a_decision_keeps(plans, county, scenario):
    plan, _, _ = plans(scenario)
    lines = after(plan)
    kept = [p for p in settle(county, scenario) if p.keeps == "BOTH"]
    for a, b in PAIRS:
        overlap = lines[a].intersection(lines[b])
        kept_ground = ground_of([p for p in kept if p.pair == (a, b)])
        assert overlap.difference(kept_ground).area < 1.0, (a, b, overlap.difference(kept_ground).area)
        assert overlap.intersection(kept_ground).area == pytest.approx(kept_ground.area, abs=EXACT), (a, b)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_line_gives_up_what_it_yields_and_keeps_its_balance(plans, county, scenario):
    """The farmland exactly as large (0.01 m²), the red line not smaller, the boundary not larger, though each
    gave up the ground it yields."""
    plan, _, _ = plans(scenario)
    before, lines, pieces = input_lines(county), after(plan), settle(county, scenario)
    for line in LINES:
        yielded = ground_of([p for p in pieces if p.yields == line])
        assert lines[line].intersection(yielded).area <= EXACT, (line, lines[line].intersection(yielded).area)
    assert lines["PBF"].area == pytest.approx(before["PBF"].area, abs=EXACT)
    assert lines["EPR"].area >= before["EPR"].area - EXACT
    assert lines["UDB"].area <= before["UDB"].area + EXACT


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_record_names_the_conflict_categories_it_yielded(plans, county, scenario):
    """In each line's change record, the rows leaving (HRHCLXDM '2') under a conflict category are the pieces it
    yielded: the category of the line that keeps them (HCYY and TZYY), the same ground and area."""
    plan, _, _ = plans(scenario)
    pieces = settle(county, scenario)
    for line in LINES:
        record = plan_layer(plan, f"{line.lower()}_changes")
        expected = {}
        for piece in (p for p in pieces if p.yields == line):
            expected.setdefault(CATEGORY[(line, piece.keeps)], []).append(piece.ground)
        leaving = lambda f: f["HRHCLXDM"] == "2" and f["HCYY"] in CONFLICT_CODES  # noqa: E731
        found = m2_by(record, "HCYY", leaving)
        assert set(found) == {code for code, _ in expected}, (line, found)
        for (code, words), grounds in expected.items():
            rows = [f for f in record.getFeatures() if leaving(f) and f["HCYY"] == code]
            assert {f["TZYY"] for f in rows} == {words}, (line, code)
            written = shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in rows])
            want = shapely.union_all(grounds)
            assert found[code] == pytest.approx(want.area, abs=EXACT), (line, code)
            assert written.intersection(want).area == pytest.approx(want.area, abs=EXACT), (line, code)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_models_conflicts_say_how_each_overlap_is_settled(plans, county, scenario):
    """The model's CONFLICTS output (conflictcheck with SETTLE on the input lines): the overlap area by pair,
    yielding line, keeping line and basis is the settlement's; a decision's NOTE is carried."""
    plan, _, _ = plans(scenario)
    text = lambda value: "" if value is None or str(value) == "NULL" else str(value)  # noqa: E731
    found = {}
    notes = {}
    for feature in plan_layer(plan, "conflicts").getFeatures():
        key = (text(feature["KIND"]), text(feature["YIELDS"]), text(feature["KEEPS"]), text(feature["BASIS"]))
        found[key] = found.get(key, 0.0) + shapely.from_wkb(bytes(feature.geometry().asWkb())).area
        if key[3] == "decision":
            notes.setdefault(key, set()).add(text(feature["NOTE"]))
    expected, expected_notes = {}, {}
    for piece in settle(county, scenario):
        key = (KIND[piece.pair], piece.yields, piece.keeps, piece.basis)
        expected[key] = expected.get(key, 0.0) + piece.ground.area
        if piece.basis == "decision":
            expected_notes.setdefault(key, set()).add(piece.note)
    assert set(found) == set(expected)
    for key, m2 in expected.items():
        assert found[key] == pytest.approx(m2, abs=EXACT), key
    assert notes == expected_notes


# --- the rules, the core zone and the decisions, one by one -------------------------------------------------------

def assert_leaves(plan, pieces, leaving, staying):
    """The ``pieces``' ground is out of ``leaving`` after the model and wholly in ``staying``."""
    lines, ground = after(plan), ground_of(pieces)
    assert ground.area > 0
    assert lines[leaving].intersection(ground).area <= EXACT, leaving
    assert lines[staying].intersection(ground).area == pytest.approx(ground.area, abs=EXACT), staying


def test_the_core_zone_overlap_leaves_the_farmland_the_others_the_red_line(plans, county):
    plan, _, _ = plans("default")
    core = union(county_layer(county, "core_zones"))
    farmland_red_line = [p for p in settle(county, "default") if p.pair == ("PBF", "EPR")]
    inside = [p for p in farmland_red_line if p.ground.intersection(core).area > 1.0]
    outside = [p for p in farmland_red_line if p.ground.intersection(core).area <= 1.0]
    assert len(inside) == 1 and len(outside) >= 2
    assert_leaves(plan, inside, "PBF", "EPR")
    assert_leaves(plan, outside, "EPR", "PBF")
    record = m2_by(plan_layer(plan, "pbf_changes"), "HCYY", lambda f: f["HRHCLXDM"] == "2")
    assert record.get("07", 0.0) == pytest.approx(inside[0].ground.area, abs=EXACT)


def test_a_decision_for_the_boundary_makes_the_farmland_yield(plans, county):
    """KEEP = 'UDB' over a PBF∩UDB overlap: the farmland leaves it (08) where the rule would take it out of the
    boundary; the boundary's record has no piece there."""
    plan, _, _ = plans("decisions")
    drawn = [p for p in settle(county, "decisions") if p.pair == ("PBF", "UDB") and p.basis == "decision"]
    assert len(drawn) == 1 and drawn[0].keeps == "UDB"
    assert_leaves(plan, drawn, "PBF", "UDB")
    farmland = plan_layer(plan, "pbf_changes")
    out = union_where(farmland, lambda f: f["HRHCLXDM"] == "2" and f["HCYY"] == "08")
    assert out.intersection(drawn[0].ground).area == pytest.approx(drawn[0].ground.area, abs=EXACT)
    boundary = union_where(plan_layer(plan, "udb_changes"), lambda f: f["HRHCLXDM"] == "2")
    assert boundary.intersection(drawn[0].ground).area <= EXACT


def union_where(layer, condition):
    return shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in layer.getFeatures()
                              if f.hasGeometry() and condition(f)])


def test_a_decision_to_keep_both_keeps_the_overlap_and_the_report_says_why(plans, county):
    plan, report, _ = plans("decisions")
    kept = [p for p in settle(county, "decisions") if p.keeps == "BOTH"]
    assert len(kept) == 1 and kept[0].note == KEPT_NOTE
    lines = after(plan)
    for line in kept[0].pair:
        assert lines[line].intersection(kept[0].ground).area == pytest.approx(kept[0].ground.area, abs=EXACT)
    with open(report, encoding="utf-8") as handle:
        html = handle.read()
    assert KEPT_NOTE in html  # listed among the overlaps that remain, with the decision's own note
    rows = {f["具体指标"]: f["调整后"] for f in plan_layer(plan, "indicators").getFeatures()
            if f["优化导向"] in GOALS["no_overlap"]}
    assert sorted(rows.values()) == pytest.approx(sorted([0.0, 0.0, kept[0].ground.area / 10000]), abs=1e-6)


def test_the_other_rules_make_the_other_line_yield(plans, county):
    """PBF_EPR_RULE = 1, PBF_UDB_RULE = 1, EPR_UDB_RULE = 1: the farmland yields to the red line (even outside a
    core zone) and to the boundary, the red line to the boundary."""
    plan, _, _ = plans("other_rules")
    pieces = settle(county, "other_rules")
    assert_leaves(plan, [p for p in pieces if p.pair == ("PBF", "EPR")], "PBF", "EPR")
    assert_leaves(plan, [p for p in pieces if p.pair == ("PBF", "UDB")], "PBF", "UDB")
    assert_leaves(plan, [p for p in pieces if p.pair == ("EPR", "UDB")], "EPR", "UDB")


def test_the_red_line_yields_even_in_the_core_zone_when_asked(plans, county):
    plan, _, _ = plans("red_line_yields")
    assert_leaves(plan, [p for p in settle(county, "red_line_yields") if p.pair == ("PBF", "EPR")], "EPR", "PBF")
    record = m2_by(plan_layer(plan, "pbf_changes"), "HCYY", lambda f: f["HRHCLXDM"] == "2")
    assert "07" not in record



def test_the_models_language_reaches_the_table_and_the_report(county, tmp_path):
    """LANGUAGE (issue 22): a Chinese table and report out of the tests' English interface."""
    plan, report, _ = run_model(county, str(tmp_path), LANGUAGE=1)
    lines = {f["控制线"] for f in plan_layer(plan, "indicators").getFeatures()}
    assert "永久基本农田" in " ".join(str(v) for v in lines)
    with open(report, encoding="utf-8") as handle:
        assert "三线冲突处理" in handle.read()
