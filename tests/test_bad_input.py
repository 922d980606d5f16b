"""Issue 9: bad input and invariants — nothing lost, nothing silently wrong.

One table over the messy cases of county data (tests/badinput.py builds them) × every algorithm. Each run
must either handle the case — a repair with a counted warning naming the features, a reprojection or an
ellipsoidal measurement with the right area, null geometries passed through and reported — or stop with
a QgsProcessingException naming the layer, the field or the feature ids and the fix. Any other exception
fails the test (``run_algorithm`` catches QgsProcessingException only). Every run also proves that its
inputs were not modified (features, stored data and edit state).

Layers being edited: Processing reads a QgsVectorLayer through its edit buffer, so a run given the layer,
its id or name in the project, or even its file path (Processing takes a path for the project layer with
that source) uses exactly what the user sees, uncommitted additions, changes and deletions included; the
layer stays in edit mode with the same buffer, nothing is committed or rolled back. Only a file that is
not loaded in the project is read as stored (tested below).

Cancel: see ``test_cancel_leaves_no_output_reported_as_success`` for what Processing does with the
outputs of a canceled run.

Known bugs of algorithms whose files this suite may not change are marked ``xfail(strict=True)``: the
test states the behaviour wanted, and starts failing (XPASS) the day the bug is fixed, so the marker is
removed then.
"""
import os
import re

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingContext,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

import badinput as bi
from badinput import MU, S1, S3, S6, X0, Y0, rect, square
from headless import import_plugin_package
from layers import features

import_plugin_package()
from planmaint.algorithms.core import indicators as ind  # noqa: E402 (importable once the package is)

EXACT = 0.01  # m²: the balance edgeswap must reach
A, B, C, D = 10000.0, 5000.0, 2 * MU, 4 * MU  # the farmland parcels of the world, m²
PBF_M2 = A + B + C + D


def ellipsoidal_m2(wkt, crs="EPSG:4490"):
    calculator = QgsDistanceArea()
    calculator.setSourceCrs(QgsCoordinateReferenceSystem(crs), QgsCoordinateTransformContext())
    calculator.setEllipsoid("EPSG:1024")
    return calculator.measureArea(QgsGeometry.fromWkt(wkt))


def value(v):
    return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v


def bsm(value_or_list):
    feats = features(value_or_list) if not isinstance(value_or_list, list) else value_or_list
    return sorted(str(f["BSM"]) for f in feats)


def table(result):
    """{indicator key: before value} of the indicators' OUTPUT."""
    return {ind.row_key(f.attributes()[:4]): value(f.attributes()[4]) for f in features(result["OUTPUT"])}


def only_warning(out, *words):
    """The one warning holding all ``words``; fails when there is none or more than one."""
    found = out.feedback.said(*words)
    assert len(found) == 1, (words, out.feedback.warnings)
    return found[0]


def error_text(out):
    assert out.error is not None, f"expected a QgsProcessingException, got results {out.results}"
    return str(out.error)


def as_fields(value_):
    return bi.as_layer(value_).fields()


def planar_area(value_or_list):
    feats = features(value_or_list) if not isinstance(value_or_list, list) else value_or_list
    return sum(f.geometry().area() for f in feats if f.hasGeometry())


# --- per algorithm: what each case must give ----------------------------------------------------------


def check_removefragments(case, out):
    if case == "empty":
        r = out.results
        assert (r["PATCHES"], r["FRAGMENTS"], r["REMOVED_MU"]) == (0, 0, 0)
        assert features(r["OUTPUT"]) == [] and features(r["REMOVED"]) == []
        only_warning(out, "Layer pbf (INPUT) has no features", "both outputs are empty")
        return
    r = out.results
    kept, removed = features(r["OUTPUT"]), features(r["REMOVED"])
    user_sees = list(out.layers["PBF"].getFeatures())
    # nothing lost: every feature the user sees goes to exactly one output, geometry unchanged (or repaired)
    assert bsm(kept + removed) == bsm(user_sees)
    if case == "being_edited":
        # B deleted, C grown to 6 亩, E (1 亩) added in the uncommitted edit buffer: the run sees the edits
        assert (r["PATCHES"], r["FRAGMENTS"]) == (4, 1)
        assert r["REMOVED_MU"] == pytest.approx(1.0, abs=1e-9)
        assert bsm(removed) == ["E"] and bsm(kept) == ["A", "C", "D"]
        assert [f.geometry().area() for f in kept if f["BSM"] == "C"] == [pytest.approx(S6 * S6)]
        return
    assert (r["PATCHES"], r["FRAGMENTS"], r["EXEMPT_FRAGMENTS"]) == (3, 1, 0)
    assert bsm(removed) == ["C"]
    assert removed[0]["TZYY"] == "零星破碎" and removed[0]["PATCH_ID"] >= 1
    assert [f.name() for f in as_fields(r["OUTPUT"])] == [f.name() for f in out.layers["PBF"].fields()]
    if case == "geographic":
        only_warning(out, "geographic CRS EPSG:4490", "ellipsoid")
        expected = ellipsoidal_m2(out.layers["PBF"].getFeature(3).geometry().asWkt(17)) / MU
        assert r["REMOVED_MU"] == pytest.approx(expected, rel=1e-9)
        assert r["REMOVED_MU"] == pytest.approx(2.0, rel=1e-5)  # never square degrees
        assert removed[0]["PATCH_MU"] == pytest.approx(expected, rel=1e-9)
        return
    assert r["REMOVED_MU"] == pytest.approx(2.0, abs=1e-9)
    assert removed[0]["PATCH_MU"] == pytest.approx(2.0, abs=1e-9)
    assert planar_area(kept) + planar_area(removed) == pytest.approx(planar_area(user_sees), abs=1e-6)
    if case == "self_intersecting":
        warning = only_warning(out, "Layer pbf", "1 invalid geometries were repaired")
        assert re.search(r"feature ids 1\b", warning)
        a = [f for f in kept if f["BSM"] == "A"][0].geometry()
        assert a.isGeosValid() and a.area() == pytest.approx(A)
    elif case == "duplicated":
        warning = only_warning(out, "Layer pbf", "overlap", "counted once")
        assert "ids 2, 5" in warning  # B and its duplicate
        assert bsm(kept) == ["A", "B", "B", "D"]
    elif case == "null_geometry":
        only_warning(out, "Layer pbf", "1 features have no geometry")
        null = [f for f in kept if f["BSM"] == "NULLGEOM"]
        assert len(null) == 1 and not null[0].hasGeometry()
    elif case == "multipolygon_z":
        # Z from CAD survives in the outputs of the features passed through
        layer = bi.as_layer(r["OUTPUT"])
        assert QgsWkbTypes.hasZ(layer.wkbType())
        assert all(v.z() == 100.0 for f in kept for v in f.geometry().vertices())
    else:
        assert out.feedback.warnings == []


def check_fillholes(case, out):
    r = out.results
    if case == "empty":
        assert (r["HOLES_FOUND"], r["HOLES_FILLED"], r["FILLED_MU"]) == (0, 0, 0)
        assert features(r["OUTPUT"]) == [] and features(r["HOLES"]) == []
        only_warning(out, "Layer epr_line (INPUT) has no features", "both outputs are empty")
        return
    user_sees = list(out.layers["LINE"].getFeatures())
    output = features(r["OUTPUT"])
    added = [f for f in output if value(f["TZLX"])]
    passed = [f for f in output if not value(f["TZLX"])]
    assert sorted(str(f["HXMC"]) for f in passed) == sorted(str(f["HXMC"]) for f in user_sees)  # nothing lost
    holes = sorted(features(r["HOLES"]), key=lambda f: f["RING_MU"])
    if case == "being_edited":
        # the uncommitted new feature fills the 3-亩 hole: one hole left, the blocked 8-亩 one
        assert (r["HOLES_FOUND"], r["HOLES_FILLED"], r["FILLED_MU"]) == (1, 0, 0)
        assert len(holes) == 1 and holes[0]["FILLED"] == 0
        return
    assert (r["HOLES_FOUND"], r["HOLES_FILLED"]) == (2, 1)
    assert len(added) == 1 and added[0]["TZLX"] == "天窗填补"
    assert [h["FILLED"] for h in holes] == [1, 0]
    assert holes[1]["BLOCKED_BY"] == "blockers"
    if case == "geographic":
        only_warning(out, "geographic CRS EPSG:4490", "ellipsoid")
        hole = bi.reprojected(square(X0 + 1010, Y0 + 10, S3))
        assert r["FILLED_MU"] == pytest.approx(ellipsoidal_m2(hole) / MU, rel=1e-7)
        assert added[0]["MJ_MU"] == pytest.approx(r["FILLED_MU"], rel=1e-12)
        assert holes[1]["BLOCKED_MU"] == pytest.approx(100 / MU, rel=1e-4)
        return
    assert r["FILLED_MU"] == pytest.approx(3.0, abs=1e-9)
    assert added[0].geometry().area() == pytest.approx(S3 * S3)
    # the blocker was read in the line's CRS, whatever its own (4490 in mixed_crs)
    assert holes[1]["BLOCKED_MU"] == pytest.approx(100 / MU, rel=1e-6)
    if case == "self_intersecting":
        warning = only_warning(out, "Layer epr_line", "1 invalid geometries were repaired")
        assert re.search(r"feature ids 2\b", warning)
    elif case == "null_geometry":
        only_warning(out, "Layer epr_line", "1 features have no geometry")
        assert [f.hasGeometry() for f in passed if f["HXMC"] == "NULLGEOM"] == [False]
    else:
        assert out.feedback.warnings == []


def check_edgeswap(case, out):
    r = out.results
    if case == "duplicated":
        text = error_text(out)
        assert "Layer pbf" in text and "features 2, 5 overlap" in text
        assert "5000.00 m²" in text and "delete the duplicate" in text
        return
    if case in ("empty", "being_edited"):
        # nothing of the line lies under the swap-out polygon (B is deleted in the edit buffer)
        assert (r["OUT_HA"], r["IN_HA"], r["BALANCE_M2"]) == (0, 0, 0)
        assert features(r["SWAPPED_OUT"]) == [] and features(r["SWAPPED_IN"]) == []
        assert bsm(r["OUTPUT"]) == ([] if case == "empty" else ["A", "C", "D", "E"])
        if case == "empty":
            only_warning(out, "Layer pbf (INPUT) has no features")
        return
    out_features, in_features = features(r["SWAPPED_OUT"]), features(r["SWAPPED_IN"])
    assert bsm(out_features) == ["B"] and bsm(in_features) == ["N"]
    assert out_features[0]["TZYY"] == "坡度15度以上" and in_features[0]["TZYY"] == "进出平衡调入"
    assert abs(r["BALANCE_M2"]) <= EXACT
    output = features(r["OUTPUT"])
    expected_bsm = ["A", "C", "D", "N"] + (["NULLGEOM"] if case == "null_geometry" else [])
    assert bsm(output) == expected_bsm
    if case == "geographic":
        only_warning(out, "geographic CRS EPSG:4490", "ellipsoid")
        b = ellipsoidal_m2(bi.reprojected(rect(X0 + 100, Y0, 50, 100)))
        assert r["OUT_HA"] == pytest.approx(b / 1e4, rel=1e-9)
        assert abs(r["IN_HA"] - r["OUT_HA"]) * 1e4 <= EXACT
        piece = in_features[0].geometry()
        assert abs(ellipsoidal_m2(piece.asWkt(17)) - b) <= EXACT
        return
    assert r["OUT_HA"] == pytest.approx(0.5, abs=1e-9)
    assert r["IN_HA"] == pytest.approx(0.5, abs=EXACT / 1e4)
    # the swapped-in piece lies in N, against A (grown from the line), with 5 000 m² exactly
    piece = in_features[0].geometry()
    assert abs(piece.area() - B) <= EXACT
    a = QgsGeometry.fromWkt(rect(X0, Y0, 100, 100))
    assert piece.intersection(a).area() < 1e-6 and piece.intersection(a).length() > 99
    assert abs(planar_area(output) - planar_area(list(out.layers["PBF"].getFeatures()))) <= EXACT
    ledger = {(value(f["KIND"]), value(f["INDICATOR"])): f for f in features(r["LEDGER"])}
    quality = ledger.get(("quality", "mean slope grade"))
    if case == "self_intersecting":
        warning = only_warning(out, "Layer pbf", "1 invalid geometries were repaired")
        assert re.search(r"feature ids 1\b", warning)
    elif case == "null_geometry":
        only_warning(out, "Layer pbf", "1 features have no geometry")
    elif case == "missing_fields":
        fields = "Its fields are: BSM, TBMJ, KCXS."
        for layer in ("pbf", "landuse"):
            assert fields in only_warning(out, f"Layer {layer} has no slope grade field PDJB", "SLOPE_FIELD")
            assert fields in only_warning(out, f"Layer {layer} has no location unit code field ZLDWDM")
        assert quality is None
        assert all(value(f["TOWNSHIP"]) is None for f in features(r["LEDGER"]))
        return
    elif case == "integer_codes":
        # The codes carried into the outputs get their four-digit form, as text, with one warning per layer.
        assert "4 values" in only_warning(out, "Layer pbf", "DLBM", "four-digit form")
        assert "1 values" in only_warning(out, "Layer landuse", "DLBM", "four-digit form")
        assert {f["BSM"]: f["DLBM"] for f in output} == {"A": "0101", "C": "0102", "D": "0103", "N": "0101"}
        assert [f["DLBM"] for f in in_features] == ["0101"] and [f["DLBM"] for f in out_features] == ["0103"]
        assert len(out.feedback.warnings) == 2
    elif case == "text_garbage":
        warning = only_warning(out, "slope grade field PDJB", "not numbers")
        assert "1 swapped pieces" in warning and "source feature ids 2" in warning
        assert (value(quality["IN_VALUE"]), value(quality["OUT_VALUE"])) == (1.0, None)
        return
    else:
        assert out.feedback.warnings == []
    assert (value(quality["IN_VALUE"]), value(quality["OUT_VALUE"])) == (1.0, 4.0)
    assert {value(f["TOWNSHIP"]) for f in features(r["LEDGER"]) if f["KIND"] == "detail"} == {"150428101"}


def check_indicators(case, out):
    if case == "missing_fields":
        text = error_text(out)
        assert "Layer landuse has no field DLBM" in text
        assert "Its fields are: BSM, TBMJ, KCXS" in text and "DLBM_FIELD" in text
        return
    if case == "duplicated" and out.error is not None:
        assert re.search(r"\b2\b.*\b5\b", error_text(out)) and "pbf" in error_text(out)
        return
    if case == "text_garbage" and out.error is not None:
        assert "PDJB" in error_text(out) and re.search(r"\b2\b", error_text(out))
        return
    rows = table(out.results)
    wan_mu = MU * 10000
    if case == "empty":
        # Not a table of zeros that reads like an answer: the farmland's rows are empty, and the layer named.
        for key in ("pbf_area", "pbf_fragments", "contiguity", "paddy_share", "steep_area", "overlap_pbf_epr",
                    "overlap_pbf_udb"):
            assert rows[key] is None, key
        assert rows["cultivated_land"] == pytest.approx((10000 + PBF_M2) / wan_mu, rel=1e-9)
        assert rows["epr_area"] == pytest.approx(0.006, rel=1e-9)
        only_warning(out, "Layer pbf (PBF) has no features", "left empty")
        return
    if case == "empty_lines":
        for key in ("epr_area", "epr_cultivated", "epr_holes", "udb_area", "udb_holes", "overlap_pbf_epr",
                    "overlap_pbf_udb"):
            assert rows[key] is None, key
        assert rows["pbf_area"] == pytest.approx(PBF_M2 / wan_mu, rel=1e-9) and rows["pbf_fragments"] == 1
        only_warning(out, "Layer epr (EPR) has no features", "left empty")
        only_warning(out, "Layer udb (UDB) has no features", "left empty")
        return
    if case == "being_edited":
        pbf = A + S6 * S6 + D + S1 * S1  # B deleted, C grown to 6 亩, E added: what the user sees
        assert rows["pbf_area"] == pytest.approx(pbf / wan_mu, rel=1e-9)
        assert rows["contiguity"] == pytest.approx(pbf / MU / 4, rel=1e-9)
        assert rows["pbf_fragments"] == 1 and rows["steep_area"] == 0
        assert rows["paddy_share"] == pytest.approx(100 * (A + S6 * S6 + S1 * S1) / pbf, rel=1e-9)
        assert rows["overlap_pbf_epr"] == 0
        assert rows["overlap_pbf_udb"] == pytest.approx(0.04, rel=1e-9)
        return
    rel = 1e-6 if case in ("geographic", "mixed_crs") else 1e-9
    assert rows["pbf_area"] == pytest.approx(PBF_M2 / wan_mu, rel=rel)
    assert rows["contiguity"] == pytest.approx(PBF_M2 / MU / 3, rel=rel)
    assert rows["pbf_fragments"] == 1  # C; D is in the hills, where 3 亩 is the threshold
    assert rows["paddy_share"] == pytest.approx(100 * (A + C) / PBF_M2, rel=rel)
    if case != "text_garbage":  # B's grade is unreadable there: it cannot count as steep, only be reported
        assert rows["steep_area"] == pytest.approx(7.5, rel=rel)
    assert rows["cultivated_land"] == pytest.approx((10000 + PBF_M2) / wan_mu, rel=rel)
    assert rows["epr_cultivated"] == pytest.approx(0.001, rel=rel)
    assert rows["overlap_pbf_epr"] == pytest.approx(0.1, rel=rel)
    assert rows["overlap_pbf_udb"] == pytest.approx(0.04, rel=rel)
    if case == "self_intersecting":
        assert re.search(r"feature ids 1\b", only_warning(out, "Layer pbf", "1 invalid geometries were repaired"))
    elif case == "null_geometry":
        only_warning(out, "Layer pbf", "1 features have no geometry")
    elif case == "duplicated":
        only_warning(out, "overlap", "2, 5")
    elif case == "text_garbage":
        only_warning(out, "PDJB", "2")
    elif case == "integer_codes":
        assert "4 values" in only_warning(out, "Layer pbf", "DLBM", "four-digit form")
        assert "5 values" in only_warning(out, "Layer landuse", "DLBM", "four-digit form")


def check_conflictcheck(case, out):
    if case == "duplicated" and out.error is not None:
        assert re.search(r"\b2\b.*\b5\b", error_text(out)) and "pbf" in error_text(out)
        return
    r = out.results
    if case in ("empty", "empty_lines"):
        assert (r["PBF_EPR_HA"], r["PBF_UDB_HA"], r["EPR_UDB_HA"]) == (0, 0, 0)
        assert features(r["OUTPUT"]) == []
        for layer in (["pbf (PBF)"] if case == "empty" else ["epr (EPR)", "udb (UDB)"]):
            only_warning(out, f"Layer {layer} has no features", "conflicts are 0")
        return
    pbf_epr = 0.0 if case == "being_edited" else 0.1  # B, the parcel in the red line, is deleted in the edits
    rel = 1e-6 if case in ("geographic", "mixed_crs") else 1e-9
    assert r["PBF_EPR_HA"] == pytest.approx(pbf_epr, rel=rel, abs=1e-12)
    assert r["PBF_UDB_HA"] == pytest.approx(0.04, rel=rel)
    assert r["EPR_UDB_HA"] == 0
    polygons = features(r["OUTPUT"])
    assert len(polygons) == (1 if case == "being_edited" else 2)
    assert sum(f["MJ_HA"] for f in polygons) == pytest.approx(pbf_epr + 0.04, rel=rel)
    if case == "geographic":
        only_warning(out, "geographic CRS EPSG:4490", "ellipsoid")
        overlap = bi.reprojected(rect(X0 + 140, Y0, 10, 100))
        # the red line is reprojected vertex by vertex, so the overlap's corners move by micrometres
        assert r["PBF_EPR_HA"] == pytest.approx(ellipsoidal_m2(overlap) / 1e4, rel=1e-6)
    elif case == "self_intersecting":
        assert re.search(r"feature ids 1\b", only_warning(out, "Layer pbf", "1 invalid geometries were repaired"))
    elif case == "null_geometry":
        only_warning(out, "Layer pbf", "1 features have no geometry")
    elif case == "duplicated":
        only_warning(out, "overlap", "2, 5")


def check_curved(algorithm, out):
    """A true arc is linearised within 0.001 m, as the test linearises a copy with QGIS itself: the run gives
    the numbers and outputs of that copy, in MultiPolygon outputs, and says so once."""
    main = bi.MAIN_INPUT[algorithm]
    world = bi.case_world("curved", main)
    reference = bi.run_algorithm(algorithm, bi.linearised_world(world, main))
    assert out.error is None and reference.error is None, (out.error, reference.error)
    warning = only_warning(out, f"Layer {world[main].name}:", "1 features", "curved", "0.001 m")
    assert [w for w in out.feedback.warnings if w != warning] == reference.feedback.warnings
    numbers = {k: v for k, v in reference.results.items() if isinstance(v, (int, float))}
    assert {k: out.results[k] for k in numbers} == pytest.approx(numbers, rel=1e-9, abs=1e-9)
    outputs = bi.layer_outputs(out.results)
    assert outputs and outputs == bi.layer_outputs(reference.results)
    assert all("Curve" not in kind and "Surface" not in kind for rows in outputs.values() for *_, kind in rows)


# Garbled text only copied into the outputs: one warning per layer, naming its fields (indicators copies none).
GARBLED_PASSED = {"removefragments": {"pbf": "DLMC"}, "fillholes": {"epr_line": "HXMC"}, "indicators": {},
                  "conflictcheck": {"pbf": "DLMC", "epr": "HXMC", "udb": "CZKFBJMC"}}


def check_garbled_text(algorithm, out):
    """Text the run uses (edgeswap's reason field) stops it with the fix; text only copied is warned about;
    the numbers are those of the clean world."""
    if algorithm == "edgeswap":
        text = error_text(out)
        assert "Layer steep" in text and "WHY" in text and "坡度15度以上" in text  # what it reads in GBK
        assert "GBK" in text and ".cpg" in text and "Data source encoding" in text and "数据源编码" in text
        return
    garbled = [w for w in out.feedback.warnings if "garbled" in w]
    assert len(garbled) == len(GARBLED_PASSED[algorithm]), garbled
    for layer, field_name in GARBLED_PASSED[algorithm].items():
        warning = only_warning(out, f"Layer {layer}:", field_name, "garbled")
        assert "GBK" in warning and ".cpg" in warning and "数据源编码" in warning
    out.feedback.warnings = [w for w in out.feedback.warnings if w not in garbled]
    CHECKS[algorithm]("clean", out)


CHECKS = {
    "removefragments": check_removefragments,
    "fillholes": check_fillholes,
    "edgeswap": check_edgeswap,
    "indicators": check_indicators,
    "conflictcheck": check_conflictcheck,
}

KNOWN_BUGS = {}


def table_cases():
    for algorithm in bi.ALGORITHMS:
        for case in bi.CASES:
            marks = []
            if (algorithm, case) in KNOWN_BUGS:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(algorithm, case)]))
            yield pytest.param(algorithm, case, marks=marks, id=f"{algorithm}-{case}")


@pytest.mark.parametrize("algorithm, case", list(table_cases()))
def test_bad_input_table(plugin, algorithm, case):
    world = bi.case_world(case, bi.MAIN_INPUT[algorithm])
    out = bi.run_algorithm(algorithm, world)
    # inputs untouched: features as seen, data as stored, edit state (an edited layer stays in edit mode)
    assert out.after == out.before
    if case == "being_edited":
        layer = out.layers[bi.MAIN_INPUT[algorithm]]
        assert layer.isEditable() and layer.isModified()
    if out.error is None:
        assert any(i.startswith("Results:") for i in out.feedback.infos)
    if case == "curved":
        check_curved(algorithm, out)
    elif case == "garbled_text":
        check_garbled_text(algorithm, out)
    else:
        CHECKS[algorithm](case, out)


# --- Processing's invalid-geometry setting must never drop a parcel -----------------------------------


@pytest.mark.parametrize("algorithm", bi.ALGORITHMS)
@pytest.mark.parametrize("check", [QgsFeatureRequest.GeometrySkipInvalid, QgsFeatureRequest.GeometryAbortOnInvalid])
def test_processing_invalid_geometry_setting_does_not_drop_or_refuse(plugin, algorithm, check):
    """"Skip invalid features" (a user setting) would silently lose the spiked parcel; every algorithm
    repairs it instead, whatever the setting, and puts the setting back."""
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(check)
    out = bi.run_algorithm(algorithm, bi.case_world("self_intersecting", bi.MAIN_INPUT[algorithm]), context=context)
    assert context.invalidGeometryCheck() == check
    CHECKS[algorithm]("self_intersecting", out)


# --- field mapping for regional schemas -----------------------------------------------------------------


def definition(algorithm, name):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById(f"planmaint:{algorithm}")
    return alg.parameterDefinition(name)


@pytest.mark.parametrize("algorithm, name, default", [
    ("indicators", "DLBM_FIELD", "DLBM"),
    ("indicators", "SLOPE_FIELD", "PDJB"),
    ("indicators", "KCXS_FIELD", "KCXS"),
    ("edgeswap", "SLOPE_FIELD", "PDJB"),
    ("edgeswap", "TOWNSHIP_FIELD", "ZLDWDM"),
    ("edgeswap", "DLBM_FIELD", "DLBM"),
    ("edgeswap", "REASON_FIELD", None),
])
def test_field_parameters_default_to_the_land_survey_names(plugin, algorithm, name, default):
    parameter = definition(algorithm, name)
    assert parameter is not None, f"{algorithm} has no parameter {name}"
    assert parameter.defaultValue() == default
    assert parameter.help()


@pytest.mark.parametrize("algorithm", ["removefragments", "fillholes", "conflictcheck"])
def test_geometry_only_algorithms_need_no_fields(plugin, algorithm):
    """These read geometry only (the exemption of removefragments is an expression in the user's own field
    names): a layer without a single attribute field gives the same numbers, so no schema needs mapping."""
    world = bi.base_world()
    for key in ("PBF", "LINE"):
        world[key] = bi.drop_fields(world[key], {name for name, _ in world[key].fields})
    out = bi.run_algorithm(algorithm, world)
    r = out.results
    if algorithm == "removefragments":
        assert (r["PATCHES"], r["FRAGMENTS"]) == (3, 1) and r["REMOVED_MU"] == pytest.approx(2.0, abs=1e-9)
        assert [f.name() for f in as_fields(r["REMOVED"])] == ["PATCH_ID", "PATCH_MU", "TZYY"]
    elif algorithm == "fillholes":
        assert (r["HOLES_FOUND"], r["HOLES_FILLED"]) == (2, 1) and r["FILLED_MU"] == pytest.approx(3.0, abs=1e-9)
    else:
        assert r["PBF_EPR_HA"] == pytest.approx(0.1, rel=1e-9) and r["PBF_UDB_HA"] == pytest.approx(0.04, rel=1e-9)


def test_renamed_deduction_field_is_named_and_mappable(plugin):
    """TKXS instead of KCXS: an error listing the fields the layer has, then the mapping fixes it."""
    world = bi.case_world("renamed_fields", "PBF")
    out = bi.run_algorithm("indicators", world, extra={"DEDUCT_KCXS": True})
    text = error_text(out)
    assert "KCXS" in text and "TKXS" in text and "KCXS_FIELD" in text
    assert "JBNTMJ" in text  # the layer's own fields are listed
    out = bi.run_algorithm("indicators", world, extra={"DEDUCT_KCXS": True, "KCXS_FIELD": "TKXS"})
    net = A * 0.95 + B * 0.9 + C + D * 0.95
    assert table(out.results)["pbf_area"] == pytest.approx(net / (MU * 10000), rel=1e-9)


def test_edgeswap_missing_fields_are_listed(plugin):
    world = bi.base_world()
    # a reason field the swap-out layer lacks
    text = error_text(bi.run_algorithm("edgeswap", world, extra={"REASON_FIELD": "YY"}))
    assert "Layer steep has no field YY" in text and "(WHY)" in text
    # an eligibility filter on a field the candidates lack (a regional schema: GDPDJB)
    text = error_text(bi.run_algorithm("edgeswap", world, extra={"ELIGIBLE": '"GDPDJB" <= 3'}))
    assert "Layer landuse" in text and "GDPDJB" in text
    assert "Its fields are: BSM, DLBM, PDJB, TBMJ, KCXS, ZLDWDM" in text
    # a priority on a missing field: named before any feature is evaluated
    text = error_text(bi.run_algorithm("edgeswap", world, extra={"PRIORITY": '-"GDPDJB"'}))
    assert "Layer landuse" in text and "GDPDJB" in text and "Its fields are: BSM" in text
    # the township and slope fields mapped to the regional names
    world = bi.case_world("renamed_fields", "PBF")
    for key in ("PBF", "LANDUSE"):
        bi.rename_fields(world[key], {"ZLDWDM": "QSDWDM", "PDJB": "GDPJB"})
    out = bi.run_algorithm("edgeswap", world, extra={"TOWNSHIP_FIELD": "QSDWDM", "SLOPE_FIELD": "GDPJB"})
    assert out.feedback.warnings == []
    ledger = features(out.results["LEDGER"])
    assert {value(f["TOWNSHIP"]) for f in ledger if f["KIND"] == "detail"} == {"150428101"}
    quality = [f for f in ledger if f["KIND"] == "quality"][0]
    assert (quality["IN_VALUE"], quality["OUT_VALUE"]) == (1.0, 4.0)


def test_removefragments_exemption_on_a_missing_field_is_named(plugin):
    text = error_text(bi.run_algorithm("removefragments", bi.base_world(), extra={"EXEMPT": '"JBNTTBBH" = 1'}))
    assert "Layer pbf" in text and "JBNTTBBH" in text and "Its fields are: BSM, DLBM, PDJB" in text


def test_priority_text_that_is_not_a_number_names_the_features(plugin):
    world = bi.case_world("text_garbage", "PBF")
    text = error_text(bi.run_algorithm("edgeswap", world, extra={"ELIGIBLE": "", "PRIORITY": '"PDJB"'}))
    assert "Layer landuse" in text and "does not give a number" in text and re.search(r"features 3\b", text)


def test_indicators_missing_slope_field_lists_the_fields(plugin):
    out = bi.run_algorithm("indicators", bi.base_world(), extra={"SLOPE_FIELD": "GDPDJB", "LANDUSE": None})
    warning = only_warning(out, "GDPDJB")
    assert "BSM, DLBM, PDJB" in warning


def test_text_slope_grades_in_an_eligibility_expression(plugin):
    """PDJB as text: '1' compares as the number 1; 'abc' is never eligible, and the shortage says so in mu."""
    world = bi.case_world("text_numbers", "PBF")
    out = bi.run_algorithm("edgeswap", world, extra={"ELIGIBLE": '"PDJB" <= 3'})
    assert out.results["IN_HA"] == pytest.approx(0.5, abs=1e-9)
    world = bi.case_world("text_garbage", "PBF")
    world["LANDUSE"].rows[0] = ("N", "0101", "abc", 10000.0, 0.0, bi.TOWN)
    text = error_text(bi.run_algorithm("edgeswap", world, extra={"ELIGIBLE": '"PDJB" <= 3'}))
    assert "7.5000 mu must be swapped in" in text and "layer landuse offers only 0.0000 mu" in text


def test_every_layer_in_degrees(plugin):
    """A county delivered wholly in EPSG:4490: measured on the ellipsoid, distances in degrees refused."""
    world = bi.base_world()
    for spec in world.values():
        bi.to_crs(spec, "EPSG:4490")
    out = bi.run_algorithm("indicators", world)
    only_warning(out, "geographic CRS EPSG:4490", "ellipsoid")
    rows = table(out.results)
    pbf = sum(ellipsoidal_m2(w) for w in world["PBF"].wkts)
    assert rows["pbf_area"] == pytest.approx(pbf / (MU * 10000), rel=1e-9)
    assert rows["pbf_area"] == pytest.approx(PBF_M2 / (MU * 10000), rel=1e-5)
    assert rows["overlap_pbf_epr"] == pytest.approx(0.1, rel=1e-5)
    text = error_text(bi.run_algorithm("indicators", world, extra={"MERGE_DISTANCE": 5}))
    assert "EPSG:4490" in text and "degrees" in text and "EPSG:4549" in text


# --- layers being edited: the buffer is what a run uses, unless the file itself is named ------------------


def test_edited_layer_is_read_through_its_buffer(plugin, tmp_path):
    """The layer object, its id, its name or even its file path (Processing matches a path to the project
    layer with that source) give the edit buffer; only a file not loaded in the project is read as stored."""
    import processing

    path = str(tmp_path / "pbf.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    written = QgsVectorFileWriter.writeAsVectorFormatV3(
        bi.base_world()["PBF"].build(), path, QgsProject.instance().transformContext(), options
    )
    assert written[0] == QgsVectorFileWriter.NoError
    params = {"MIN_AREA": 5, "OUTPUT": "TEMPORARY_OUTPUT", "REMOVED": "TEMPORARY_OUTPUT"}

    def removed(given):
        return bsm(processing.run("planmaint:removefragments", {**params, "INPUT": given})["REMOVED"])

    # No hilly zones here: D (4 亩) is a fragment too. Stored: C and D; edited: C grown to 6 亩, E added.
    assert removed(path) == ["C", "D"]
    layer = QgsVectorLayer(path, "pbf_edited", "ogr")
    assert layer.startEditing()
    bi.edit_pbf(layer)
    before = bi.digests({"pbf": layer})
    assert removed(layer) == ["D", "E"]
    assert removed(path) == ["C", "D"]  # not in the project: the file as stored
    QgsProject.instance().addMapLayer(layer)
    try:
        for given in (layer.id(), layer.name(), path):
            assert removed(given) == ["D", "E"], given
        assert bi.digests({"pbf": layer}) == before and layer.isEditable() and layer.isModified()
    finally:
        layer.rollBack()
        QgsProject.instance().removeMapLayer(layer.id())


# --- cancel during a long run -------------------------------------------------------------------------------


def county_parameters(algorithm, county, folder):
    def part(name):
        return f"{county}|layername={name}"

    def file(name):
        return str(folder / f"{algorithm}_{name}.gpkg")

    return {
        "removefragments": {"INPUT": part("pbf"), "MIN_AREA": 5, "HILLY_AREAS": part("hilly_areas"),
                            "OUTPUT": file("kept"), "REMOVED": file("removed")},
        "fillholes": {"INPUT": part("epr"), "MAX_AREA": 5, "BLOCKERS": [part("pbf")], "SLIVER_WIDTH": 2,
                      "OUTPUT": file("filled"), "HOLES": file("holes")},
        "edgeswap": {"INPUT": part("pbf"), "SWAP_OUT": part("projects"), "CANDIDATES": part("landuse"),
                     "ELIGIBLE": "\"PDJB\" <= 2 AND \"DLBM\" IN ('0101','0102','0103')",
                     "EXCLUDE": [part("epr"), part("udb")], "OUTPUT": file("line"), "SWAPPED_IN": file("in"),
                     "SWAPPED_OUT": file("out"), "LEDGER": file("ledger")},
        "indicators": {"PBF": part("pbf"), "EPR": part("epr"), "UDB": part("udb"), "LANDUSE": part("landuse"),
                       "HSF": part("hsf"), "HILLY_AREAS": part("hilly_areas"), "OUTPUT": file("table")},
        "conflictcheck": {"PBF": part("pbf"), "EPR": part("epr"), "UDB": part("udb"), "OUTPUT": file("overlaps")},
    }[algorithm]


def file_outputs(params):
    return {k: v for k, v in params.items() if isinstance(v, str) and v.endswith(".gpkg") and "|" not in v}


@pytest.fixture(scope="module")
def full_runs(sample_county, tmp_path_factory):
    """Per algorithm: progress calls of a whole run on the sample county, and the feature count of each output."""
    import processing

    folder = tmp_path_factory.mktemp("full")
    out = {}
    for algorithm in bi.ALGORITHMS:
        params = county_parameters(algorithm, sample_county, folder)
        feedback = bi.CollectingFeedback()
        processing.run(f"planmaint:{algorithm}", params, feedback=feedback)
        counts = {k: QgsVectorLayer(v, "x", "ogr").featureCount() for k, v in file_outputs(params).items()}
        out[algorithm] = (feedback.progress_calls, counts)
    return out


def looks_complete(path, full_count):
    """An output a user could take for the finished result: it opens and holds every feature."""
    if not os.path.exists(path):
        return False
    layer = QgsVectorLayer(path, "x", "ogr")
    return layer.isValid() and layer.featureCount() == full_count


CANCEL_BUGS = {}


def cancel_cases():
    for algorithm in bi.ALGORITHMS:
        for when in ("first", "middle", "last"):
            marks = []
            if (algorithm, when) in CANCEL_BUGS:
                marks.append(pytest.mark.xfail(strict=True, reason=CANCEL_BUGS[(algorithm, when)]))
            yield pytest.param(algorithm, when, marks=marks, id=f"{algorithm}-{when}")


@pytest.mark.parametrize("algorithm, when", list(cancel_cases()))
def test_cancel_leaves_no_output_reported_as_success(plugin, sample_county, full_runs, tmp_path, algorithm, when):
    """A cancel after N progress calls: a QgsProcessingException, no results, no file that looks finished.

    What Processing does with a file output when a run stops: it leaves the file where it is. A GeoPackage
    keeps the features written so far in an uncommitted transaction: the file does not open as a layer (and
    has no layer once the transaction is rolled back); a shapefile or CSV keeps what was written. So the
    algorithms create their sinks only after all computing is done, and a cancel while writing says that
    the outputs are incomplete and must not be used.
    """
    import processing
    from qgis.core import QgsProcessingException

    calls, counts = full_runs[algorithm]
    n = {"first": 1, "middle": max(calls // 2, 1), "last": calls}[when]
    params = county_parameters(algorithm, sample_county, tmp_path)
    feedback = bi.CollectingFeedback(cancel_after=n)
    with pytest.raises(QgsProcessingException, match="Canceled by the user") as caught:
        processing.run(f"planmaint:{algorithm}", params, feedback=feedback)
    assert feedback.isCanceled() and feedback.progress_calls >= n
    assert not any(i.startswith("Results:") for i in feedback.infos)
    written = [k for k, path in file_outputs(params).items() if looks_complete(path, counts[k]) and counts[k]]
    assert written == [], f"{written} look complete after a cancel"
    if when == "first":
        assert "no output was written" in str(caught.value)
    if any(os.path.exists(p) for p in file_outputs(params).values()):
        assert "incomplete" in str(caught.value)
