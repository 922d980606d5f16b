"""The balance rule (exact / not less / not more) and protected candidate land of the swap plan (core.swap),
on a hand-built red line, without QGIS.

The red line is one 200 m × 100 m feature. Inside it lie two candidate parcels: forest in the west (x 0–100,
ecological-function land, taken first by priority) and other land in the east (x 100–200). Areas are planar;
the expected values are computed here from the boxes, never read from the plan.
"""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import ledger, swap  # noqa: E402 (the package is importable only now)

EXACT = swap.EXACT_M2
LINE = shapely.box(0, 0, 200, 100)
FOREST = shapely.box(0, 0, 100, 100)
OTHER = shapely.box(100, 0, 200, 100)
WATER = shapely.box(200, 0, 250, 100)  # a new water-source zone joining the line: 5 000 m²
OUTSIDE = shapely.box(-100, 0, 0, 100)  # candidate land west of the line, for swap-ins


def objects(*geoms):
    return np.array(list(geoms), dtype=object)


def joining(rule, protected=(True, False)):
    """More joins than leaves: the water zone joins, the balance may swap out forest or other land."""
    candidates = swap.Candidates(objects(FOREST, OTHER), priority=np.array([1.0, 0.0]),
                                 protected=None if protected is None else np.array(protected))
    return swap.SwapInputs(line=objects(LINE), must_in=objects(WATER), must_in_reasons=["新设水源地"],
                           candidates=candidates, rule=rule)


def leaving(rule):
    """More leaves than joins: 5 000 m² at the east end must leave; candidate land lies west of the line."""
    return swap.SwapInputs(line=objects(LINE), must_out=objects(shapely.box(150, 0, 200, 100)),
                           must_out_reasons=["技术勘正"], candidates=swap.Candidates(objects(OUTSIDE)), rule=rule)


def area_after(result):
    return float(shapely.area(shapely.union_all([g for g in result.final_line if g is not None]))
                 + shapely.area(result.added.geoms).sum())


def test_without_protection_the_peel_takes_the_forest():
    result = swap.plan(joining(swap.BalanceRule(), protected=None))
    taken = shapely.union_all(result.removed.geoms)
    assert taken.area == pytest.approx(5000, abs=EXACT)
    assert taken.intersection(FOREST).area == pytest.approx(5000, abs=EXACT)


def test_protected_forest_is_not_swapped_out_other_land_is():
    result = swap.plan(joining(swap.BalanceRule()))
    taken = shapely.union_all(result.removed.geoms)
    assert result.choice.direction == ledger.SWAP_OUT
    assert taken.area == pytest.approx(5000, abs=EXACT)
    assert taken.intersection(FOREST).area < 1e-6
    assert OTHER.buffer(1e-6).covers(taken)
    assert abs(area_after(result) - LINE.area) <= EXACT
    assert result.choice.protected == 1
    assert result.choice.protected_m2 == pytest.approx(FOREST.area)


def test_protected_land_is_not_taken_where_another_candidate_covers_it():
    # The other parcel is drawn over the forest too: the forest's ground stays all the same.
    inputs = joining(swap.BalanceRule())
    inputs.candidates.geoms = objects(FOREST, LINE)
    taken = shapely.union_all(swap.plan(inputs).removed.geoms)
    assert taken.area == pytest.approx(5000, abs=EXACT) and taken.intersection(FOREST).area < 1e-6


def test_allow_protected_takes_the_forest_again():
    result = swap.plan(joining(swap.BalanceRule(allow_protected=True)))
    taken = shapely.union_all(result.removed.geoms)
    assert taken.intersection(FOREST).area == pytest.approx(5000, abs=EXACT)
    assert result.choice.protected == 0


def test_too_little_unprotected_land_is_a_shortage_naming_the_protected_land():
    forest, other = shapely.box(0, 0, 170, 100), shapely.box(170, 0, 200, 100)  # 3 000 m² unprotected
    inputs = joining(swap.BalanceRule())
    inputs.candidates.geoms = objects(forest, other)
    with pytest.raises(swap.ShortageError) as error:
        swap.plan(inputs)
    assert error.value.direction == ledger.SWAP_OUT
    assert error.value.available == pytest.approx(3000, abs=EXACT)
    assert error.value.protected_m2 == pytest.approx(forest.area)


def test_protection_does_not_touch_swap_ins():
    inputs = leaving(swap.BalanceRule())
    inputs.candidates.protected = np.array([True])
    result = swap.plan(inputs)
    assert shapely.area(result.added.geoms).sum() == pytest.approx(5000, abs=EXACT)


def test_not_less_keeps_what_joined_and_swaps_out_nothing():
    result = swap.plan(joining(swap.BalanceRule(target=swap.NOT_LESS)))
    assert len(result.removed) == 0 and result.choice.direction is None
    assert result.choice.unbalanced_m2 == pytest.approx(WATER.area)
    assert result.balance_m2 == pytest.approx(WATER.area, abs=EXACT)
    assert area_after(result) == pytest.approx(LINE.area + WATER.area, abs=EXACT)
    rows = result.ledger([""] * len(result.added))
    assert [r.m2 for r in rows if r.kind == "balance"] == [pytest.approx(WATER.area)]


def test_not_less_makes_up_a_shortfall_exactly():
    result = swap.plan(leaving(swap.BalanceRule(target=swap.NOT_LESS)))
    assert result.choice.direction == ledger.SWAP_IN and result.choice.unbalanced_m2 == 0
    assert abs(area_after(result) - LINE.area) <= EXACT and abs(result.balance_m2) <= EXACT


def test_not_more_keeps_a_shortfall_and_swaps_in_nothing():
    result = swap.plan(leaving(swap.BalanceRule(target=swap.NOT_MORE)))
    assert len(result.added) == 0 and result.choice.direction is None
    assert result.choice.unbalanced_m2 == pytest.approx(-5000)
    assert area_after(result) == pytest.approx(LINE.area - 5000, abs=EXACT)


def test_not_more_swaps_a_surplus_out_exactly():
    result = swap.plan(joining(swap.BalanceRule(target=swap.NOT_MORE)))
    assert result.choice.direction == ledger.SWAP_OUT
    assert abs(area_after(result) - LINE.area) <= EXACT and abs(result.balance_m2) <= EXACT


@pytest.mark.parametrize("case", [joining, leaving])
def test_exact_balances_both_ways_as_before(case):
    result = swap.plan(case(swap.BalanceRule()))
    assert result.choice.direction is not None and result.choice.unbalanced_m2 == 0
    assert abs(area_after(result) - LINE.area) <= EXACT
    assert swap.BalanceRule().target == swap.EXACT


def test_only_protected_land_inside_the_line_is_counted():
    inputs = joining(swap.BalanceRule())
    inputs.candidates = swap.Candidates(objects(FOREST, OTHER, OUTSIDE), priority=np.array([1.0, 0.0, 0.0]),
                                        protected=np.array([True, False, True]))
    choice = swap.plan(inputs).choice
    assert choice.protected == 1 and choice.protected_m2 == pytest.approx(FOREST.area)
