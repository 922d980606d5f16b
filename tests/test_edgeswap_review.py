"""planmaint:edgeswap with the technician's review (CANDIDATES_REVIEWED) and the change record (CHANGES),
run as a console user runs it.

The expected numbers of the hand-built cases are written out here; on the sample county every total is
compared with the candidates the review started from and with the written geometries, measured anew.
"""
import re

import pytest
import shapely
from qgis.core import QgsApplication, QgsFeatureRequest, QgsProcessingException
from test_edgeswap import run

from conftest import county_layer
from layers import as_layer, features, layer_digest, memory_layer, rect

X0, Y0 = 500000.0, 4500000.0
EXACT = 0.01  # m²
STEEP, PROJECT, NON_CULTIVATED = "坡度15度以上", "国家和自治区重点建设项目", '变更调查"非耕地"'
VILLAGE_1, VILLAGE_2 = "1504281010010000001", "1504281020030000002"
PBF_FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", int), ("ZLDWDM", str), ("ZLDWMC", str), ("JBNTTBBH", str)]
LU_FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", int), ("ZLDWDM", str)]
REVIEW_FIELDS = [("BSM", str), ("TZYY", str), ("HCYY", str), ("MJ_M2", float), ("GDMJ", float),
                 ("QTNYDMJ", float), ("JSYDMJ", float), ("WLYDMJ", float), ("SJXMMC", str), ("SFTC", int)]
CLASS_FIELDS = ["GDMJ", "QTNYDMJ", "JSYDMJ", "WLYDMJ"]
RECORD_FIELDS = ["YSDM", "XZQDM", "XZQMC", "HRHCLXDM", "HRHCTBBH", "TBMJ", *CLASS_FIELDS, "HCYY", "TZYY", "SJXMMC",
                 "PZJG", "PZWH", "PZRQ"]


def shape(feature):
    return shapely.from_wkb(bytes(feature.geometry().asWkb()))


def union(value):
    geoms = [shape(f) for f in features(value) if f.hasGeometry()]
    return shapely.union_all(geoms) if geoms else shapely.Polygon()


def value(v):
    """A written attribute as Python: QGIS NULL as None."""
    return None if v is None or (hasattr(v, "isNull") and v.isNull()) or repr(v) == "NULL" else v


def cell_world():
    """Farmland cells A, B (village 1) and C (village 2), 100 m each; the reviewed candidates: C's east half
    leaves (steep), its west half stays (non-cultivated), a 30 m strip of B leaves (project); the land use
    under them, and cultivated land north of the line that balances."""
    pbf = memory_layer(
        [rect(X0 + 100 * k, Y0, 100, 100) for k in range(3)], PBF_FIELDS,
        [("A", "0103", 2, VILLAGE_1, "甲村", "JB-A"), ("B", "0103", 2, VILLAGE_1, "甲村", "JB-B"),
         ("C", "0103", 4, VILLAGE_2, "乙村", "JB-C")], name="pbf",
    )
    reviewed = memory_layer(
        [rect(X0 + 250, Y0, 50, 100), rect(X0 + 200, Y0, 50, 100), rect(X0 + 100, Y0, 30, 100)], REVIEW_FIELDS,
        [("C", STEEP, "01", 5000.0, 5000.0, 0.0, 0.0, 0.0, None, 1),
         ("C", NON_CULTIVATED, "05", 5000.0, 0.0, 5000.0, 0.0, 0.0, None, 0),
         ("B", PROJECT, "02", 3000.0, 0.0, 0.0, 3000.0, 0.0, "某高速公路", 1)], name="reviewed",
    )
    landuse = memory_layer(
        [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100), rect(X0 + 200, Y0, 50, 100),
         rect(X0 + 250, Y0, 50, 100), rect(X0, Y0 + 100, 300, 100)], LU_FIELDS,
        [("L0", "0103", 2, VILLAGE_1), ("L1", "0103", 2, VILLAGE_1), ("L2", "0301", 4, VILLAGE_2),
         ("L3", "0103", 4, VILLAGE_2), ("L4", "0101", 1, VILLAGE_1)], name="landuse",
    )
    return pbf, reviewed, landuse


def run_world(pbf, reviewed, landuse, **params):
    return run(pbf, CANDIDATES_REVIEWED=reviewed, CANDIDATES=landuse, ELIGIBLE="\"DLBM\" = '0101'",
               CHANGES="TEMPORARY_OUTPUT", **params)


def record_rows(result):
    return [{name: value(f[name]) for name in RECORD_FIELDS} | {"geometry": shape(f)}
            for f in features(result["CHANGES"])]


# --- hand-built cases ----------------------------------------------------------------------------------


def test_only_accepted_pieces_leave_and_the_kept_one_stays_in_the_line(plugin):
    pbf, reviewed, landuse = cell_world()
    before = [layer_digest(layer) for layer in (pbf, reviewed, landuse)]
    result = run_world(pbf, reviewed, landuse, LANDUSE=landuse)
    assert [layer_digest(layer) for layer in (pbf, reviewed, landuse)] == before  # inputs untouched
    after = union(result["OUTPUT"])
    kept = shapely.box(X0 + 200, Y0, X0 + 250, Y0 + 100)
    assert after.intersection(kept).area == pytest.approx(5000, abs=1e-6)
    for gone in (shapely.box(X0 + 250, Y0, X0 + 300, Y0 + 100), shapely.box(X0 + 100, Y0, X0 + 130, Y0 + 100)):
        assert after.intersection(gone).area < 1e-6
    assert abs(after.area - 30000) <= EXACT and abs(result["BALANCE_M2"]) <= EXACT
    out = sorted((f["BSM"], f["TZYY"], round(shape(f).area, 6)) for f in features(result["SWAPPED_OUT"]))
    assert out == [("B", PROJECT, 3000.0), ("C", STEEP, 5000.0)]
    swapped_in = features(result["SWAPPED_IN"])
    assert [(f["BSM"], f["TZYY"]) for f in swapped_in] == [("L4", "进出平衡调入")]
    assert abs(shape(swapped_in[0]).area - 8000) <= EXACT

    ledger = [{k: value(f[k]) for k in ("KIND", "TZLX", "TZYY", "TOWNSHIP", "COUNT", "MJ_M2")}
              for f in features(result["LEDGER"])]
    kept_rows = [r for r in ledger if r["TZLX"] == "不调出"]
    assert [(r["KIND"], r["TZYY"], r["TOWNSHIP"], r["COUNT"]) for r in kept_rows] == [
        ("detail", NON_CULTIVATED, "150428102", 1), ("subtotal", NON_CULTIVATED, None, 1), ("total", None, None, 1)]
    assert all(r["MJ_M2"] == pytest.approx(5000) for r in kept_rows)
    totals = {r["TZLX"]: r["MJ_M2"] for r in ledger if r["KIND"] == "total"}
    assert totals["调出"] == pytest.approx(8000) and abs(totals["调入"] - 8000) <= EXACT
    assert [r["MJ_M2"] for r in ledger if r["KIND"] == "balance"] == [pytest.approx(0, abs=EXACT)]


def test_the_record_numbers_every_piece_and_adds_up(plugin):
    pbf, reviewed, landuse = cell_world()
    result = run_world(pbf, reviewed, landuse, LANDUSE=landuse)
    record = as_layer(result["CHANGES"])
    assert record.fields().names()[:len(RECORD_FIELDS)] == RECORD_FIELDS
    assert record.fields().field("HRHCLXDM").typeName().lower().startswith("str")
    rows = record_rows(result)
    described = [(r["HRHCLXDM"], r["HRHCTBBH"], r["XZQDM"], r["XZQMC"], r["HCYY"], r["TZYY"], r["SJXMMC"])
                 for r in rows]
    assert described == [
        ("2", "150428101001000001HC", "150428101001", "甲村", "02", PROJECT, "某高速公路"),
        ("2", "150428102003000001HC", "150428102003", "乙村", "01", STEEP, None),
        ("1", "150428101001000001HR", "150428101001", None, None, "进出平衡调入", None),
        ("0", "JB-C", "150428102003", "乙村", "05", NON_CULTIVATED, None),
    ]
    # The land-class breakdown from the land use: the project strip and the steep half are cultivated, the
    # kept half is forest (other agricultural), the land that joined is paddy.
    assert [[r[name] for name in CLASS_FIELDS] for r in rows[:2]] == [[3000, 0, 0, 0], [5000, 0, 0, 0]]
    assert rows[3]["QTNYDMJ"] == 5000 and rows[3]["GDMJ"] == 0
    assert rows[2]["GDMJ"] == rows[2]["TBMJ"] and abs(rows[2]["TBMJ"] - 8000) <= EXACT
    for r in rows:
        assert r["YSDM"] is None and r["PZJG"] is None and r["PZWH"] is None and r["PZRQ"] is None
        assert sum(r[name] for name in CLASS_FIELDS) == pytest.approx(r["TBMJ"], abs=1e-6)
        assert abs(r["TBMJ"] - r["geometry"].area) < EXACT
        assert r["TBMJ"] == round(r["TBMJ"], 2)


def test_without_land_use_the_record_takes_the_reviewed_breakdown_and_the_own_codes(plugin):
    pbf, reviewed, landuse = cell_world()
    rows = record_rows(run_world(pbf, reviewed, landuse))
    breakdown = {r["HRHCTBBH"]: [r[name] for name in CLASS_FIELDS] for r in rows}
    assert breakdown["150428101001000001HC"] == [0, 0, 3000, 0]  # the reviewed piece's JSYDMJ
    assert breakdown["150428102003000001HC"] == [5000, 0, 0, 0]
    assert breakdown["JB-C"] == [0, 5000, 0, 0]
    joined = [r for r in rows if r["HRHCLXDM"] == "1"][0]
    assert joined["GDMJ"] == joined["TBMJ"]  # its own code, 0101


def test_without_the_new_parameters_nothing_changes(plugin):
    pbf, reviewed, landuse = cell_world()
    steep = memory_layer([rect(X0 + 250, Y0, 50, 100)], [("TZYY", str)], [(STEEP,)], name="steep")
    plain = run(pbf, SWAP_OUT=steep, REASON_FIELD="TZYY", CANDIDATES=landuse, ELIGIBLE="\"DLBM\" = '0101'")
    assert "CHANGES" not in plain
    ledger = features(plain["LEDGER"])
    assert {f["TZLX"] for f in ledger if value(f["TZLX"])} == {"调出", "调入"}
    assert [f.name() for f in as_layer(plain["SWAPPED_OUT"]).fields()][-4:] == ["TZLX", "TZYY", "MJ_MU", "MJ_HA"]


def test_a_swap_out_polygon_does_not_take_a_kept_piece(plugin):
    pbf, reviewed, landuse = cell_world()
    over = memory_layer([rect(X0 + 190, Y0, 50, 50)], [("TZYY", str)], [("零星破碎",)], name="fragments")
    result = run_world(pbf, reviewed, landuse, SWAP_OUT=over, REASON_FIELD="TZYY")
    assert union(result["OUTPUT"]).intersection(shapely.box(X0 + 200, Y0, X0 + 250, Y0 + 100)).area == \
        pytest.approx(5000, abs=1e-6)
    fragment = [r for r in record_rows(result) if r["TZYY"] == "零星破碎"]
    assert [(r["HCYY"], r["TBMJ"]) for r in fragment] == [("03", 500.0)]  # only its part in B


def test_balancing_swap_outs_carry_the_given_reason(plugin):
    cells = [(i, j) for j in range(3) for i in range(3) if (i, j) != (1, 1)]
    slope = {(2, 0): 4, (2, 1): 5}
    fields = [("BSM", str), ("DLBM", str), ("PDJB", int), ("ZLDWDM", str)]
    rows = [(f"P{i}{j}", "0103", slope.get((i, j), 2), VILLAGE_1) for i, j in cells]
    pbf = memory_layer([rect(X0 + 100 * i, Y0 + 100 * j, 100, 100) for i, j in cells], fields, rows, name="pbf")
    filled = memory_layer([rect(X0 + 100, Y0 + 100, 100, 100)], [("TZLX", str)], [("天窗填补",)], name="filled")
    result = run(pbf, SWAP_IN=filled, CANDIDATES=pbf, ELIGIBLE='"PDJB" >= 4', PRIORITY='"PDJB"',
                 BALANCE_OUT_REASON="矛盾冲突调出", CHANGES="TEMPORARY_OUTPUT")
    assert [(f["BSM"], f["TZYY"]) for f in features(result["SWAPPED_OUT"])] == [("P21", "矛盾冲突调出")]
    ledger = {(f["TZLX"], f["TZYY"]) for f in features(result["LEDGER"]) if f["KIND"] == "subtotal"}
    assert ledger == {("调出", "矛盾冲突调出"), ("调入", "天窗填补")}
    described = sorted((r["HRHCLXDM"], r["HRHCTBBH"], r["TZYY"], r["HCYY"], r["TBMJ"]) for r in record_rows(result))
    # The filled hole has no location unit code: its number is the sequence alone.
    assert described == [("1", "000001HR", "天窗填补", None, 10000.0),
                         ("2", "150428101001000001HC", "矛盾冲突调出", None, 10000.0)]


def review_in_the_table(layer, keep):
    """Set SFTC to 不调出 on the features ``keep`` (ids) as a technician does in the attribute table: edit mode
    on, the value chosen in SFTC's editor (the widget the loaded style gives it), the edits saved."""
    from qgis.gui import QgsGui

    index = layer.fields().indexOf("SFTC")
    setup = layer.editorWidgetSetup(index)
    assert setup.type() == "ValueMap", "the candidates' style gives SFTC no value map"
    registry = QgsGui.editorWidgetRegistry()
    registry.initEditors()
    assert layer.startEditing()
    for feature in layer.getFeatures(keep):
        wrapper = registry.create(setup.type(), layer, index, setup.config(), None, None)
        wrapper.setFeature(feature)
        combo = wrapper.widget()
        combo.setCurrentIndex(combo.findText("不调出 (0)"))
        assert layer.changeAttributeValue(feature.id(), index, wrapper.value())
    assert layer.commitChanges(), layer.commitErrors()


def test_a_review_saved_from_the_loaded_candidates_is_read_as_kept(plugin, tmp_path):
    """swapcandidates' output as the toolbox loads it (with its style), reviewed in the attribute table and
    saved, then given to the swap: the pieces set to 不调出 stay in the line and are listed as kept."""
    import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
        QgsVectorLayer,
    )

    from planmaint.algorithms.compat import handle_algorithm_results

    pbf, _, landuse = cell_world()
    before = layer_digest(pbf)
    project, context, feedback = QgsProject.instance(), QgsProcessingContext(), QgsProcessingFeedback()
    context.setProject(project)
    path = str(tmp_path / "candidates.gpkg")
    parameters = {"PBF": pbf, "LANDUSE": landuse, "OUTPUT": QgsProcessingOutputLayerDefinition(path, project)}
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("planmaint:swapcandidates")
    results = processing.run(algorithm, parameters, context=context, feedback=feedback, onFinish=lambda *_: None)
    assert handle_algorithm_results(algorithm, context, feedback, parameters)
    loaded = [layer for layer in project.mapLayers().values() if layer.source().startswith(results["OUTPUT"])]
    assert len(loaded) == 1
    loaded = loaded[0]
    try:
        # C's east half is steep (01), its west half non-cultivated (05); the west half stays.
        assert sorted((f["TZYY"], f["SFTC"]) for f in loaded.getFeatures()) == [(NON_CULTIVATED, 1), (STEEP, 1)]
        review_in_the_table(loaded, [f.id() for f in loaded.getFeatures() if f["TZYY"] == NON_CULTIVATED])
    finally:
        project.removeMapLayer(loaded.id())
    saved = QgsVectorLayer(path, "reviewed", "ogr")  # what is on disk, read anew
    assert sorted((f["TZYY"], f["SFTC"]) for f in saved.getFeatures()) == [(NON_CULTIVATED, 0), (STEEP, 1)]
    result = run_world(pbf, saved, landuse)
    assert layer_digest(pbf) == before
    after = union(result["OUTPUT"])
    assert after.intersection(shapely.box(X0 + 200, Y0, X0 + 250, Y0 + 100)).area == pytest.approx(5000, abs=1e-6)
    assert after.intersection(shapely.box(X0 + 250, Y0, X0 + 300, Y0 + 100)).area < 1e-6
    kept = [(f["TZYY"], f["MJ_M2"]) for f in features(result["LEDGER"]) if f["TZLX"] == "不调出" and
            f["KIND"] == "subtotal"]
    assert kept == [(NON_CULTIVATED, pytest.approx(5000))]


# --- bad input ---------------------------------------------------------------------------------------------


def test_a_reviewed_layer_without_sftc_is_refused(plugin):
    pbf, _, landuse = cell_world()
    unreviewed = memory_layer([rect(X0 + 250, Y0, 50, 100)], [("TZYY", str)], [(STEEP,)], name="unreviewed")
    with pytest.raises(QgsProcessingException, match=r"unreviewed.*CANDIDATES_REVIEWED.*no field SFTC"):
        run_world(pbf, unreviewed, landuse)


def test_sftc_values_other_than_one_or_zero_are_refused_with_their_ids(plugin):
    pbf, _, landuse = cell_world()
    fields = [("TZYY", str), ("SFTC", str)]
    reviewed = memory_layer([rect(X0 + 250, Y0, 50, 100), rect(X0 + 200, Y0, 50, 100),
                             rect(X0 + 100, Y0, 30, 100), rect(X0, Y0, 20, 20)], fields,
                            [(STEEP, "1"), (STEEP, "2"), (STEEP, None), (STEEP, "0")], name="reviewed")
    with pytest.raises(QgsProcessingException,
                       match=r"reviewed \(CANDIDATES_REVIEWED\): field SFTC .* 2 features .*feature ids 2, 3\)"):
        run_world(pbf, reviewed, landuse)


def test_a_land_use_without_the_land_class_field_is_refused(plugin):
    pbf, reviewed, landuse = cell_world()
    bare = memory_layer([rect(X0, Y0, 100, 100)], [("CODE", str)], [("0103",)], name="bare")
    with pytest.raises(QgsProcessingException, match=r"bare.*LANDUSE.*no land-class field DLBM.*CODE"):
        run_world(pbf, reviewed, landuse, LANDUSE=bare)


# --- the sample county: candidates, review, swap ------------------------------------------------------------


def reviewed_copy(candidates):
    """A memory copy of the candidates with SFTC set to 0 on every third piece, as a technician edits it."""
    copy = as_layer(candidates).materialize(QgsFeatureRequest())
    index = copy.fields().indexOf("SFTC")
    copy.startEditing()
    for k, feature in enumerate(sorted(copy.getFeatures(), key=lambda f: f.id())):
        if k % 3 == 0:
            copy.changeAttributeValue(feature.id(), index, 0)
    assert copy.commitChanges()
    return copy


@pytest.mark.slow
def test_sample_county_candidates_review_and_swap(sample_county):
    import processing

    def county(name):
        return county_layer(sample_county, name)

    pbf, landuse = county("pbf"), county("landuse")
    found = processing.run("planmaint:swapcandidates", {
        "PBF": pbf, "LANDUSE": landuse, "PROJECTS": county("projects"), "HILLY_AREAS": county("hilly_areas"),
        "OUTPUT": "TEMPORARY_OUTPUT"})
    reviewed = reviewed_copy(found["OUTPUT"])
    pieces = [(f["TZYY"], f["SFTC"], f["MJ_M2"], shape(f), [f[n] for n in CLASS_FIELDS])
              for f in reviewed.getFeatures()]
    assert {s for _, s, *_ in pieces} == {0, 1} and len({r for r, *_ in pieces}) >= 3
    result = run(pbf, CANDIDATES_REVIEWED=reviewed, CANDIDATES=landuse,
                 ELIGIBLE="\"DLBM\" IN ('0101','0102','0103') AND \"PDJB\" <= 3", PRIORITY='4 - "PDJB"',
                 EXCLUDE=[county("epr"), county("udb"), county("projects")], LANDUSE=landuse,
                 CHANGES="TEMPORARY_OUTPUT")
    assert abs(result["BALANCE_M2"]) <= EXACT

    # The ledger equals the accepted candidates per reason, and lists the rejected ones as kept.
    ledger = [f for f in features(result["LEDGER"]) if f["KIND"] in ("subtotal", "total")]
    subtotal = {(f["TZLX"], f["TZYY"]): f["MJ_M2"] for f in ledger if f["KIND"] == "subtotal"}
    total = {f["TZLX"]: f["MJ_M2"] for f in ledger if f["KIND"] == "total"}
    for direction, flag in (("调出", 1), ("不调出", 0)):
        for reason in {r for r, s, *_ in pieces if s == flag}:
            expected = sum(m2 for r, s, m2, *_ in pieces if r == reason and s == flag)
            assert subtotal[(direction, reason)] == pytest.approx(expected, abs=EXACT), (direction, reason)
        assert total[direction] == pytest.approx(sum(m2 for _, s, m2, *_ in pieces if s == flag), abs=EXACT)

    # Rejected pieces are still in the line, accepted ones are not.
    after = union(result["OUTPUT"])
    rejected = shapely.union_all([g for _, s, _, g, _ in pieces if s == 0])
    accepted = shapely.union_all([g for _, s, _, g, _ in pieces if s == 1])
    assert shapely.difference(rejected, after).area < EXACT
    assert shapely.intersection(accepted, after).area < EXACT

    # The record: sums by kind equal the ledger, each row its geometry, the classes their row; numbering.
    rows = record_rows(result)
    for kind, direction in (("2", "调出"), ("1", "调入"), ("0", "不调出")):
        assert abs(sum(r["TBMJ"] for r in rows if r["HRHCLXDM"] == kind) - total[direction]) <= EXACT
    for r in rows:
        assert abs(r["TBMJ"] - r["geometry"].area) < EXACT
        assert round(sum(r[n] for n in CLASS_FIELDS), 2) == pytest.approx(r["TBMJ"], abs=1e-6)
        if r["HRHCLXDM"] in ("1", "2"):
            letters = "HC" if r["HRHCLXDM"] == "2" else "HR"
            assert re.fullmatch(r"\d{12}\d{6}" + letters, r["HRHCTBBH"]) and r["HRHCTBBH"][:12] == r["XZQDM"]
    numbers = [r["HRHCTBBH"] for r in rows if r["HRHCLXDM"] != "0"]
    assert len(set(numbers)) == len(numbers)
    # The pieces that left have the land-class breakdown their candidates had (the same land use).
    for index, name in enumerate(CLASS_FIELDS):
        expected = sum(c[index] for _, s, _, _, c in pieces if s == 1)
        got = sum(r[name] for r in rows if r["HRHCLXDM"] == "2")
        assert got == pytest.approx(expected, abs=EXACT * len(rows)), name
