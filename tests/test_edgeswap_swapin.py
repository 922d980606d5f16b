"""planmaint:edgeswap's swap-in rules of the seed (五(一)1: existing high-standard farmland, contiguous with the
farmland, stable cultivated land) and "quality not lower" as an error, run as a console user runs it.

The line is always A (100 x 100 m) with the steep S (50 x 100 m) east of it leaving: 5 000 m² (7.5 亩) must join.
Areas are measured anew on the written features; the expected figures are written out here.
"""
import os

import pytest
import shapely
from qgis.core import QgsProcessingException
from test_edgeswap import run as run_edgeswap

import badinput as bi
from layers import features, memory_layer, rect

X0, Y0 = 500000.0, 4500000.0
EXACT = 0.01  # m²
FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", int), ("ZLDWDM", str), ("WDGD", int)]
TOWN = "150428101001"


def layer(boxes, rows, name):
    """Rectangles (x, y, w, h from X0, Y0) with rows (BSM, PDJB, WDGD)."""
    return memory_layer([rect(X0 + x, Y0 + y, w, h) for x, y, w, h in boxes], FIELDS,
                        [(bsm, "0103", slope, TOWN, stable) for bsm, slope, stable in rows], name=name)


def line(steep_grade=4):
    return layer([(0, 0, 100, 100), (100, 0, 50, 100)], [("A", 2, 1), ("S", steep_grade, 1)], "pbf")


def steep():
    return memory_layer([rect(X0 + 100, Y0, 50, 100)], [("WHY", str)], [("坡度15度以上",)], name="steep")


def run(pbf=None, feedback=None, **params):
    return run_edgeswap(pbf or line(), feedback, **{"SWAP_OUT": steep(), "REASON_FIELD": "WHY", **params})


def shapes(value):
    return [shapely.from_wkb(bytes(f.geometry().asWkb())) for f in features(value) if f.hasGeometry()]


def area_of(value):
    return float(sum(g.area for g in shapes(value)))


def union(value):
    geoms = shapes(value) if not isinstance(value, list) else value
    return shapely.union_all(geoms) if geoms else shapely.Polygon()


def names(result):
    return sorted(f["BSM"] for f in features(result["SWAPPED_IN"]))


def refusal(**params):
    with pytest.raises(QgsProcessingException) as error:
        run(**params)
    return str(error.value)


def north_and_west():
    """N north of A (priority 9) and W west of A (priority 1), 10 000 m² each."""
    return layer([(0, 100, 100, 100), (-100, 0, 100, 100)], [("N", 1, 0), ("W", 2, 1)], "landuse")


PRIORITY_N = 'if("BSM" = \'N\', 9, 1)'


# --- high-standard farmland required -----------------------------------------------------------------------


def test_only_existing_high_standard_farmland_joins_and_the_balance_is_exact(plugin):
    # 3 000 m² of HSF along A's north edge in N, 6 000 m² along its west edge in W.
    hsf = memory_layer([rect(X0, Y0 + 100, 100, 30), rect(X0 - 60, Y0, 60, 100)], name="hsf")
    pbf = line()
    result = run(pbf, CANDIDATES=north_and_west(), PRIORITY=PRIORITY_N, HSF=hsf)
    joined = union(result["SWAPPED_IN"])
    assert joined.difference(union(shapes(hsf))).area < 1e-6  # only HSF ground
    assert abs(joined.area - 5000) <= EXACT and abs(result["BALANCE_M2"]) <= EXACT
    assert abs(area_of(result["OUTPUT"]) - area_of(pbf)) <= EXACT
    assert names(result) == ["N", "W"]  # N's strip first (priority 9), W's part cut to the rest
    assert joined.intersection(shapely.box(X0, Y0 + 100, X0 + 100, Y0 + 200)).area == pytest.approx(3000, abs=EXACT)
    quality = {r["INDICATOR"]: r["IN_VALUE"] for r in features(result["LEDGER"]) if r["KIND"] == "quality"}
    assert quality["high-standard farmland share (%)"] == pytest.approx(100, abs=1e-4)
    # Off: high-standard farmland is a priority only: the priority decides (N, beyond its strip) …
    loose = run(CANDIDATES=north_and_west(), PRIORITY=PRIORITY_N, HSF=hsf, HSF_REQUIRED=False)
    assert names(loose) == ["N"] and union(loose["SWAPPED_IN"]).difference(union(shapes(hsf))).area > 1000
    # … or high-standard farmland first: W (60 % in it) before N.
    first = run(CANDIDATES=north_and_west(), PRIORITY=PRIORITY_N, HSF=hsf, HSF_REQUIRED=False, HSF_FIRST=True)
    assert names(first) == ["W"] and abs(first["BALANCE_M2"]) <= EXACT


def test_too_little_high_standard_farmland_is_refused_naming_the_rule(plugin):
    hsf = memory_layer([rect(X0, Y0 + 100, 100, 10)], name="hsf")  # 1 000 m² of the 5 000 m² needed
    text = refusal(CANDIDATES=north_and_west(), HSF=hsf)
    assert "7.5000 mu must be swapped in" in text and "offers only 1.5000 mu" in text
    assert "6.0000 mu (0.4000 ha) are missing" in text
    assert "HSF_REQUIRED" in text and "28.5000 mu more lie outside it" in text  # 20 000 - 1 000 m²
    assert "DETACHED" not in text  # every candidate touches A
    # Pieces under MIN_PIECE after the clip are dropped: a 0.5 m² sliver of HSF in W adds nothing.
    sliver = memory_layer([rect(X0, Y0 + 100, 100, 10), rect(X0 - 0.5, Y0, 0.5, 1)], name="hsf")
    assert "offers only 1.5000 mu" in refusal(CANDIDATES=north_and_west(), HSF=sliver)
    assert "offers only 1.5008 mu" in refusal(CANDIDATES=north_and_west(), HSF=sliver, MIN_PIECE=0.1)


# --- detached land --------------------------------------------------------------------------------------------


def chain(with_middle=True):
    """N (2 000 m²) touches A, M (8 000 m²) touches only N; D (10 000 m², priority 9) lies 150 m away."""
    boxes = [(0, 100, 100, 20), (300, 0, 100, 100)] + ([(0, 120, 100, 80)] if with_middle else [])
    rows = [("N", 1, 1), ("D", 1, 1)] + ([("M", 1, 1)] if with_middle else [])
    return layer(boxes, rows, "landuse")


PRIORITY_D = 'if("BSM" = \'D\', 9, 1)'
D_BOX = shapely.box(X0 + 300, Y0, X0 + 400, Y0 + 100)


def test_detached_land_joins_only_when_allowed(plugin):
    for adjacent_first in (True, False):
        result = run(CANDIDATES=chain(), PRIORITY=PRIORITY_D, ADJACENT_FIRST=adjacent_first)
        assert names(result) == ["M", "N"]  # through N, never D
        assert union(result["SWAPPED_IN"]).intersection(D_BOX).area == 0
        assert abs(result["BALANCE_M2"]) <= EXACT
    anywhere = run(CANDIDATES=chain(), PRIORITY=PRIORITY_D, ADJACENT_FIRST=False, DETACHED=True)
    assert names(anywhere) == ["D"] and abs(anywhere["BALANCE_M2"]) <= EXACT


def test_only_detached_land_would_balance_is_refused_naming_detached(plugin):
    text = refusal(CANDIDATES=chain(with_middle=False), PRIORITY=PRIORITY_D)
    assert "offers only 3.0000 mu" in text and "4.5000 mu (0.3000 ha) are missing" in text
    assert "15.0000 mu more lie detached" in text and "DETACHED" in text and "HSF_REQUIRED" not in text
    allowed = run(CANDIDATES=chain(with_middle=False), PRIORITY=PRIORITY_D, DETACHED=True)
    assert names(allowed) == ["D", "N"] and abs(allowed["BALANCE_M2"]) <= EXACT


# --- stable cultivated land -----------------------------------------------------------------------------------


def test_only_stable_cultivated_land_is_used_and_the_land_left_out_is_told(plugin):
    assert names(run(CANDIDATES=north_and_west(), PRIORITY=PRIORITY_N)) == ["N"]
    feedback = bi.CollectingFeedback()
    result = run(CANDIDATES=north_and_west(), PRIORITY=PRIORITY_N, STABLE='"WDGD" = 1', feedback=feedback)
    assert names(result) == ["W"] and abs(result["BALANCE_M2"]) <= EXACT  # N (WDGD 0) is not stable
    (said,) = [t for t in feedback.infos if '"WDGD" = 1' in t]
    assert "1 eligible candidate features left out, 10000.00 m²" in said
    # Besides the eligible ones: W is not eligible, N not stable: nothing is left.
    text = refusal(CANDIDATES=north_and_west(), STABLE='"WDGD" = 1', ELIGIBLE='"PDJB" <= 1')
    assert "offers only 0.0000 mu" in text
    text = refusal(CANDIDATES=north_and_west(), STABLE='"BSM"')  # text, neither true nor false
    assert "Layer landuse" in text and "STABLE" in text and "features 1, 2" in text


# --- quality not lower ----------------------------------------------------------------------------------------


def test_lower_quality_is_an_error_only_when_asked(plugin, tmp_path):
    # S (slope grade 1) leaves; N (grade 2 … 3) joins: the mean slope grade gets worse.
    flat_out = line(steep_grade=1)
    worse = layer([(0, 100, 100, 100)], [("N", 3, 1)], "landuse")
    feedback = bi.CollectingFeedback()
    warned = run(flat_out, CANDIDATES=worse, feedback=feedback)
    assert abs(warned["BALANCE_M2"]) <= EXACT
    assert any("mean slope grade: 3.00 in against 1.00 out" in t for t in feedback.warnings)
    out = str(tmp_path / "line.gpkg")
    with pytest.raises(QgsProcessingException) as error:
        run(flat_out, CANDIDATES=worse, QUALITY_ERROR=True, OUTPUT=out)
    text = str(error.value)
    assert "mean slope grade: 3.00 in against 1.00 out" in text and "QUALITY_ERROR" in text
    assert not os.path.exists(out)  # nothing written
    # Less high-standard farmland: S lies in it, N does not (HSF a priority only, so N may join).
    hsf = memory_layer([rect(X0 + 100, Y0, 50, 100)], name="hsf")
    flat_in = layer([(0, 100, 100, 100)], [("N", 1, 1)], "landuse")
    with pytest.raises(QgsProcessingException, match=r"high-standard farmland share \(%\): 0\.00 in against 100\.00"):
        run(flat_out, CANDIDATES=flat_in, HSF=hsf, HSF_REQUIRED=False, QUALITY_ERROR=True)
    # Equal or better quality passes.
    for slope in (1, 2):
        pbf = line(steep_grade=slope + 1) if slope == 2 else flat_out  # in 1 vs out 1; in 2 vs out 3
        result = run(pbf, CANDIDATES=layer([(0, 100, 100, 100)], [("N", slope, 1)], "landuse"), QUALITY_ERROR=True)
        assert abs(result["BALANCE_M2"]) <= EXACT
