"""planmaint:edgeswap's balance rule (BALANCE_RULE) and protected land (PROTECTED, ALLOW_PROTECTED), run as a
console user runs it, on a hand-built red line where peeling its edge would take forest.

The red line is one 200 m × 100 m feature. Inside it the land-use parcels are forest (DLBM 0301, x 0–100,
larger priority: peeled first) and other land (DLBM 1206, x 100–200). A new water-source zone of 5 000 m²
joins east of the line. Areas are measured here on the written geometries.
"""
import pytest
import shapely
from qgis.core import QgsProcessingException
from test_edgeswap import run as run_edgeswap

from badinput import CollectingFeedback
from layers import features, memory_layer, rect

X0, Y0 = 500000.0, 4500000.0
EXACT = 0.01  # m²
FIELDS = [("BSM", str), ("DLBM", str), ("RANK", int)]
EXACT_RULE, NOT_LESS, NOT_MORE = 0, 1, 2
ECO = "left(\"DLBM\",2) IN ('03','04') OR \"DLBM\" IN ('1101','1102','1103','1105','1106','1108','1110')"
LINE_M2 = 20000.0
WATER_M2 = 5000.0


def run(feedback=None, **params):
    return run_edgeswap(params.pop("INPUT"), feedback, **params)


def shapes(value):
    return [shapely.from_wkb(bytes(f.geometry().asWkb())) for f in features(value) if not f.geometry().isNull()]


def area(value):
    return float(sum(g.area for g in shapes(value)))


def red_line(forest_width=100):
    """(line, land-use parcels, water zone): forest over the west ``forest_width`` m, other land east of it."""
    line = memory_layer([rect(X0, Y0, 200, 100)], [("BSM", str)], [("EPR1",)], name="epr")
    landuse = memory_layer(
        [rect(X0, Y0, forest_width, 100), rect(X0 + forest_width, Y0, 200 - forest_width, 100)], FIELDS,
        [("F", "0301", 2), ("O", "1206", 1)], name="landuse",
    )
    water = memory_layer([rect(X0 + 200, Y0, 50, 100)], [("TZYY", str)], [("新设集中式饮用水水源地",)], name="water")
    return line, landuse, water


def forest():
    return shapely.box(X0, Y0, X0 + 100, Y0 + 100)


def joining(**params):
    line, landuse, water = red_line()
    return run(INPUT=line, SWAP_IN=water, CANDIDATES=landuse, PRIORITY='"RANK"', **params)


def test_protected_forest_stays_and_other_land_balances(plugin):
    # Without protection the peel takes the forest (it comes first by priority).
    taken = shapely.union_all(shapes(joining()["SWAPPED_OUT"]))
    assert taken.intersection(forest()).area == pytest.approx(WATER_M2, abs=EXACT)
    feedback = CollectingFeedback()
    result = joining(feedback=feedback, PROTECTED=ECO)
    taken = shapely.union_all(shapes(result["SWAPPED_OUT"]))
    assert taken.area == pytest.approx(WATER_M2, abs=EXACT)
    assert taken.intersection(forest()).area < 1e-6
    assert abs(area(result["OUTPUT"]) - LINE_M2) <= EXACT
    assert any("Protected land" in text and "were not swapped out" in text for text in feedback.infos)


def test_allow_protected_swaps_the_forest_out(plugin):
    feedback = CollectingFeedback()
    result = joining(feedback=feedback, PROTECTED=ECO, ALLOW_PROTECTED=True)
    taken = shapely.union_all(shapes(result["SWAPPED_OUT"]))
    assert taken.intersection(forest()).area == pytest.approx(WATER_M2, abs=EXACT)
    assert any("may be swapped out (ALLOW_PROTECTED is on)" in text for text in feedback.infos)


def test_too_little_unprotected_land_is_refused_naming_the_parameters(plugin):
    line, landuse, water = red_line(forest_width=170)  # 3 000 m² of other land for 5 000 m² needed
    with pytest.raises(QgsProcessingException) as error:
        run(INPUT=line, SWAP_IN=water, CANDIDATES=landuse, PROTECTED=ECO)
    message = str(error.value)
    assert "PROTECTED" in message and "ALLOW_PROTECTED" in message
    assert "25.5000 mu" in message  # the 17 000 m² of forest inside the line


def test_not_less_keeps_the_water_zone_and_the_line_grows(plugin):
    feedback = CollectingFeedback()
    result = joining(feedback=feedback, BALANCE_RULE=NOT_LESS, PROTECTED=ECO)
    assert not shapes(result["SWAPPED_OUT"])
    assert area(result["OUTPUT"]) == pytest.approx(LINE_M2 + WATER_M2, abs=EXACT)
    assert result["BALANCE_M2"] == pytest.approx(WATER_M2, abs=EXACT)
    balance = [f["MJ_M2"] for f in features(result["LEDGER"]) if f["KIND"] == "balance"]
    assert balance == [pytest.approx(WATER_M2, abs=EXACT)]
    assert any("line grew by 5000.00 m²" in text for text in feedback.infos)
    assert not [w for w in feedback.warnings if "changed by" in w]


def test_not_less_swaps_in_exactly_up_to_the_area_before(plugin):
    line, landuse, _ = red_line()
    outside = memory_layer([rect(X0 - 100, Y0, 100, 100)], FIELDS, [("W", "0301", 1)], name="west")
    cut = memory_layer([rect(X0 + 150, Y0, 50, 100)], [("WHY", str)], [("技术勘正",)], name="out")
    feedback = CollectingFeedback()
    result = run(feedback=feedback, INPUT=line, SWAP_OUT=cut, CANDIDATES=outside, BALANCE_RULE=NOT_LESS)
    assert area(result["SWAPPED_IN"]) == pytest.approx(WATER_M2, abs=EXACT)
    assert abs(area(result["OUTPUT"]) - LINE_M2) <= EXACT
    assert "Balance rule: not less than before (不减少)." in feedback.infos


def test_not_more_mirrors_it(plugin):
    result = joining(BALANCE_RULE=NOT_MORE, PROTECTED=ECO)
    assert abs(area(result["OUTPUT"]) - LINE_M2) <= EXACT  # the surplus is swapped out
    line, landuse, _ = red_line()
    cut = memory_layer([rect(X0 + 150, Y0, 50, 100)], [("WHY", str)], [("技术勘正",)], name="out")
    feedback = CollectingFeedback()
    result = run(feedback=feedback, INPUT=line, SWAP_OUT=cut, CANDIDATES=landuse, BALANCE_RULE=NOT_MORE)
    assert not shapes(result["SWAPPED_IN"])
    assert area(result["OUTPUT"]) == pytest.approx(LINE_M2 - WATER_M2, abs=EXACT)
    assert any("line shrank by 5000.00 m²" in text for text in feedback.infos)


def test_exact_stays_the_default(plugin):
    feedback = CollectingFeedback()
    result = joining(feedback=feedback, PROTECTED=ECO)
    assert abs(result["BALANCE_M2"]) <= EXACT
    assert "Balance rule: exact." in feedback.infos
    result = joining(BALANCE_RULE=EXACT_RULE)
    assert abs(area(result["OUTPUT"]) - LINE_M2) <= EXACT


def test_a_protected_expression_that_is_no_condition_is_refused(plugin):
    with pytest.raises(QgsProcessingException) as error:
        joining(PROTECTED='"BSM"')
    assert "PROTECTED" in str(error.value) and "features" in str(error.value)
