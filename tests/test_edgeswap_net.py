"""planmaint:edgeswap balanced on area net of field ridges (AREA_BASIS net), run as a console user runs it.

Net areas are computed here from the written geometries and the KCXS of the features they carry (or of the
land-use parcels under them), never taken from the numbers the algorithm reports.
"""
import pytest
import shapely
from qgis.core import QgsProcessingException
from test_edgeswap import run

from badinput import CollectingFeedback
from layers import as_layer, features, layer_digest, memory_layer, rect

X0, Y0 = 500000.0, 4500000.0
EXACT = 0.01  # m² of net area
GROSS, NET = 0, 1
FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", int), ("KCXS", float)]
NO_KCXS = [("BSM", str), ("DLBM", str), ("PDJB", int)]


def shape(feature):
    return shapely.from_wkb(bytes(feature.geometry().asWkb()))


def net_of(value, kcxs=None):
    """Σ map area × (1 − KCXS) of a layer's features, the ratio from their field (or ``kcxs`` for all)."""
    return sum(shape(f).area * (1 - (f["KCXS"] if kcxs is None else kcxs)) for f in features(value))


def gross_of(value):
    return sum(shape(f).area for f in features(value))


def world(line_fields=FIELDS, line_kcxs=(0.05, 0.10), cand_kcxs=0.20):
    """The line: A (100 × 100 m) and the steep S (50 × 100 m) east of it; S must leave. The candidate F north
    of A (100 × 200 m) is flat. Ratios: A, S and F as given (the line without KCXS when ``line_fields`` lacks
    it)."""
    rows = [("A", "0103", 2), ("S", "0103", 4)]
    if line_fields == FIELDS:
        rows = [r + (k,) for r, k in zip(rows, line_kcxs)]
    pbf = memory_layer([rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 50, 100)], line_fields, rows, name="pbf")
    steep = memory_layer([rect(X0 + 100, Y0, 50, 100)], [("WHY", str)], [("1",)], name="steep")
    cand = memory_layer([rect(X0, Y0 + 100, 100, 200)], FIELDS, [("F", "0101", 1, cand_kcxs)], name="landuse")
    return pbf, steep, cand


def value(v):
    """A field value with QGIS's NULL as None."""
    return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v


def ledger_rows(result):
    return {(f["KIND"], value(f["TZLX"])): f for f in features(result["LEDGER"]) if f["KIND"] != "quality"}


def test_the_balance_holds_on_net_area_while_the_gross_areas_differ(plugin):
    pbf, steep, cand = world()
    before = layer_digest(pbf), layer_digest(cand)
    result = run(pbf, SWAP_OUT=steep, CANDIDATES=cand, AREA_BASIS=NET)
    assert (layer_digest(pbf), layer_digest(cand)) == before
    # Net out: S's 5 000 m² × 0.90; net in: the piece of F × 0.80 (KCXS read back from the written features).
    net_out, net_in = net_of(result["SWAPPED_OUT"]), net_of(result["SWAPPED_IN"])
    assert net_out == pytest.approx(4500, abs=1e-6)
    assert abs(net_in - net_out) <= EXACT
    assert gross_of(result["SWAPPED_IN"]) - gross_of(result["SWAPPED_OUT"]) == pytest.approx(625, abs=EXACT)
    # The new line keeps its net area (every feature counted with its own KCXS), not its map area.
    assert abs(net_of(result["OUTPUT"]) - net_of(pbf)) <= EXACT
    assert gross_of(result["OUTPUT"]) - gross_of(pbf) == pytest.approx(625, abs=EXACT)
    assert abs(result["BALANCE_M2"]) <= EXACT
    assert result["OUT_HA"] == pytest.approx(net_out / 1e4, abs=1e-8)
    assert result["IN_HA"] == pytest.approx(net_in / 1e4, abs=1e-8)
    # The ledger: map area as before, the net area beside it, and the basis named.
    rows = ledger_rows(result)
    out_total, in_total = rows[("total", "调出")], rows[("total", "调入")]
    assert out_total["MJ_M2"] == pytest.approx(5000, abs=1e-6)
    assert out_total["NET_M2"] == pytest.approx(net_out, abs=1e-4)
    assert in_total["MJ_M2"] == pytest.approx(gross_of(result["SWAPPED_IN"]), abs=1e-4)
    assert in_total["NET_M2"] == pytest.approx(net_in, abs=1e-4)
    assert in_total["NET_HA"] == pytest.approx(net_in / 1e4, abs=1e-8)
    assert abs(rows[("balance", None)]["NET_M2"]) <= EXACT
    assert {f["BASIS"] for f in features(result["LEDGER"])} == {"net of field ridges"}


def test_gross_stays_the_map_area(plugin):
    pbf, steep, cand = world()
    result = run(pbf, SWAP_OUT=steep, CANDIDATES=cand)  # AREA_BASIS left at its default
    assert gross_of(result["SWAPPED_IN"]) == pytest.approx(5000, abs=EXACT)
    assert abs(gross_of(result["OUTPUT"]) - gross_of(pbf)) <= EXACT
    assert result["IN_HA"] == pytest.approx(0.5, abs=EXACT / 1e4)
    ledger = features(result["LEDGER"])
    assert {f["BASIS"] for f in ledger} == {"gross map area"}
    assert all(value(f["NET_M2"]) is None for f in ledger)
    assert run(pbf, SWAP_OUT=steep, CANDIDATES=cand, AREA_BASIS=GROSS)["IN_HA"] == result["IN_HA"]


def test_the_ratio_comes_from_the_land_use_under_the_pieces_when_the_line_lacks_the_field(plugin):
    # The line has no KCXS field. Under S lie two land-use parcels (KCXS 0.10 south, 0.40 north); the rest of
    # the land use has ratios that must not count (A's parcel 0.5, never leaving).
    pbf, steep, cand = world(line_fields=NO_KCXS)
    boxes = [(0, 0, 100, 100), (100, 0, 50, 50), (100, 50, 50, 50)]
    ratios = [0.5, 0.10, 0.40]
    landuse = memory_layer([rect(X0 + x, Y0 + y, w, h) for x, y, w, h in boxes], FIELDS,
                           [(f"L{k}", "0103", 2, r) for k, r in enumerate(ratios)], name="dltb")
    result = run(pbf, SWAP_OUT=steep, CANDIDATES=cand, LANDUSE=landuse, AREA_BASIS=NET)
    parcels = [(shape(f), f["KCXS"]) for f in features(landuse)]
    (out_piece,) = [shape(f) for f in features(result["SWAPPED_OUT"])]
    net_out = out_piece.area - sum(out_piece.intersection(p).area * k for p, k in parcels)
    assert net_out == pytest.approx(2500 * 0.9 + 2500 * 0.6, abs=1e-6)
    assert abs(net_of(result["SWAPPED_IN"]) - net_out) <= EXACT  # F by its own KCXS 0.20
    assert gross_of(result["SWAPPED_IN"]) == pytest.approx(3750 / 0.8, abs=EXACT)
    assert abs(result["BALANCE_M2"]) <= EXACT


def test_a_feature_without_any_ratio_counts_whole_with_one_warning(plugin):
    pbf, steep, cand = world(line_fields=NO_KCXS)
    feedback = CollectingFeedback()
    result = run(pbf, feedback, SWAP_OUT=steep, CANDIDATES=cand, AREA_BASIS=NET)
    assert net_of(result["SWAPPED_IN"]) == pytest.approx(5000, abs=EXACT)  # S counts its whole 5 000 m²
    warned = [w for w in feedback.warnings if "no field-ridge deduction ratio" in w]
    assert len(warned) == 1 and "pbf" in warned[0] and "KCXS" in warned[0] and ": 1 features" in warned[0]
    assert any("Area basis: net of field ridges" in text for text in feedback.infos)


def test_a_ratio_out_of_range_stops_with_the_layer_the_field_and_the_value(plugin):
    pbf, steep, cand = world(line_kcxs=(0.05, 1.2))
    with pytest.raises(QgsProcessingException, match=r"pbf \(INPUT\): field KCXS .* 1\.2 "):
        run(pbf, SWAP_OUT=steep, CANDIDATES=cand, AREA_BASIS=NET)
    pbf, steep, cand = world(cand_kcxs=-0.1)
    with pytest.raises(QgsProcessingException, match=r"landuse \(CANDIDATES\): field KCXS .* -0\.1 "):
        run(pbf, SWAP_OUT=steep, CANDIDATES=cand, AREA_BASIS=NET)
    # Gross does not read the field at all.
    assert abs(run(pbf, SWAP_OUT=steep, CANDIDATES=cand)["BALANCE_M2"]) <= EXACT


def test_a_missing_ratio_field_stops_with_the_fix(plugin):
    pbf, steep, cand = world()
    with pytest.raises(QgsProcessingException, match=r"no layer has the field TKXS .*KCXS_FIELD"):
        run(pbf, SWAP_OUT=steep, CANDIDATES=cand, AREA_BASIS=NET, KCXS_FIELD="TKXS")
    # The land use must give the line's ratio, but has no such field.
    pbf, steep, cand = world(line_fields=NO_KCXS)
    landuse = memory_layer([rect(X0, Y0, 150, 100)], NO_KCXS, [("L", "0103", 2)], name="dltb")
    with pytest.raises(QgsProcessingException, match=r"dltb \(LANDUSE\) has no field KCXS .*KCXS_FIELD"):
        run(pbf, SWAP_OUT=steep, CANDIDATES=cand, LANDUSE=landuse, AREA_BASIS=NET)
    written = as_layer(run(pbf, SWAP_OUT=steep, CANDIDATES=cand, LANDUSE=landuse)["LEDGER"])
    assert written.fields().lookupField("NET_M2") >= 0
