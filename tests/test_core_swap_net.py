"""The edge swap balanced on area net of field ridges (core.swap with core.swap_net), on plain data.

Every net area is computed here from the plan's geometries and the ratios given: map area × (1 − KCXS) of
the feature a piece comes from, or the land-use parcels' ratios over the ground under it, never the plan's
own numbers.
"""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import ledger, swap, swap_net  # noqa: E402 (the package is importable only now)

pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered in intersection:RuntimeWarning")
EXACT = swap.EXACT_M2
NAN = np.nan


def objects(geoms):
    return np.array(list(geoms), dtype=object)


def net_under(piece, parcels, ratios):
    """Net area of ``piece`` from land-use parcels: its area minus each overlap × the parcel's KCXS."""
    return piece.area - sum(piece.intersection(p).area * k for p, k in zip(parcels, ratios))


def steep_out(line_kcxs, cand_kcxs, **extra):
    """Line A (100 × 100) and the steep S (50 × 100) east of it, which must leave; candidate F north of A."""
    a, s = shapely.box(0, 0, 100, 100), shapely.box(100, 0, 150, 100)
    f = shapely.box(0, 100, 100, 200)
    net = swap_net.NetFactors(line=1 - np.array(line_kcxs), candidates=1 - np.array(cand_kcxs), **extra)
    inputs = swap.SwapInputs(line=objects([a, s]), must_out=objects([s]), must_out_reasons=["坡度15度以上"],
                             candidates=swap.Candidates(objects([f])), net=net)
    return inputs, a, s, f


def test_the_balance_holds_on_net_area_while_the_map_areas_differ():
    inputs, a, s, f = steep_out([0.05, 0.10], [0.20])
    result = swap.plan(inputs)
    (out_piece,), (in_piece,) = result.removed.geoms, result.added.geoms
    net_out = out_piece.area * (1 - 0.10)  # S's own ratio
    net_in = in_piece.area * (1 - 0.20)  # F's own ratio
    assert net_out == pytest.approx(4500)
    assert abs(net_in - net_out) <= EXACT
    # 4 500 net m² of F (KCXS 0.20) is 5 625 m² of map area: the gross areas differ by 625 m².
    assert in_piece.area == pytest.approx(4500 / 0.8, abs=EXACT)
    assert in_piece.area - out_piece.area == pytest.approx(625, abs=EXACT)
    assert f.buffer(1e-6).covers(in_piece) and shapely.relate_pattern(in_piece, a, "****1****")
    assert abs(result.balance_m2) <= EXACT
    assert result.choice.need == pytest.approx(4500) and result.choice.split
    # The plan keeps both areas of every piece.
    assert result.added.m2[0] == pytest.approx(in_piece.area, abs=1e-6)
    assert result.added.net[0] == pytest.approx(net_in, abs=1e-6)
    assert not result.removed.no_ratio.any() and not result.added.no_ratio.any()


def test_the_ledger_has_the_net_area_beside_the_map_area():
    inputs, *_ = steep_out([0.05, 0.10], [0.20])
    result = swap.plan(inputs)
    rows = result.ledger([""] * 2)
    totals = {r.direction: r for r in rows if r.kind == "total"}
    out_piece, in_piece = result.removed.geoms[0], result.added.geoms[0]
    assert totals[ledger.SWAP_OUT].m2 == pytest.approx(out_piece.area, abs=1e-6)
    assert totals[ledger.SWAP_OUT].net_m2 == pytest.approx(out_piece.area * 0.9, abs=1e-6)
    assert totals[ledger.SWAP_IN].m2 == pytest.approx(in_piece.area, abs=1e-6)
    assert totals[ledger.SWAP_IN].net_m2 == pytest.approx(in_piece.area * 0.8, abs=1e-6)
    balance = [r for r in rows if r.kind == "balance"][0]
    assert abs(balance.net_m2) <= EXACT and balance.m2 == pytest.approx(625, abs=EXACT)
    # Gross: no net areas anywhere.
    inputs.net = None
    assert all(r.net_m2 is None for r in swap.plan(inputs).ledger([""] * 2))


def test_gross_is_the_map_area_whatever_the_ratios():
    inputs, *_ = steep_out([0.05, 0.10], [0.20])
    inputs.net = None
    result = swap.plan(inputs)
    assert result.added.geoms[0].area == pytest.approx(5000, abs=EXACT)
    assert result.removed.net is None and result.added.net is None


def test_the_ratio_comes_from_the_land_use_under_the_pieces_when_the_features_have_none():
    # Neither the line nor the candidate has a ratio. S lies on two land-use parcels (KCXS 0.1 and 0.2); F
    # on three strips (0.0, 0.3, 0.1), so the cut crosses parcels of different ratios.
    under_s = [shapely.box(100, 0, 150, 50), shapely.box(100, 50, 150, 100)]
    under_f = [shapely.box(0, 100, 100, 120), shapely.box(0, 120, 100, 150), shapely.box(0, 150, 100, 200)]
    parcels, ratios = under_s + under_f, [0.1, 0.2, 0.0, 0.3, 0.1]
    inputs, *_ = steep_out([NAN, NAN], [NAN], landuse=objects(parcels), landuse_factor=1 - np.array(ratios))
    result = swap.plan(inputs)
    out_piece, in_piece = result.removed.geoms[0], result.added.geoms[0]
    net_out = net_under(out_piece, parcels, ratios)
    assert net_out == pytest.approx(2500 * 0.9 + 2500 * 0.8)
    assert abs(net_under(in_piece, parcels, ratios) - net_out) <= EXACT
    # 2 000 (first strip) + 2 100 (second) + 150 net of the third: 166.67 m² of map area.
    assert in_piece.area == pytest.approx(2000 + 3000 + 150 / 0.9, abs=EXACT)
    assert abs(result.balance_m2) <= EXACT
    assert not result.removed.no_ratio.any() and not result.added.no_ratio.any()


def test_own_ratio_wins_over_the_land_use_and_a_feature_with_neither_deducts_nothing():
    parcels = [shapely.box(0, 0, 200, 200)]  # KCXS 0.5 everywhere
    inputs, *_ = steep_out([0.05, 0.10], [NAN], landuse=objects(parcels), landuse_factor=np.array([0.5]))
    result = swap.plan(inputs)
    assert result.added.geoms[0].area == pytest.approx(4500 / 0.5, abs=EXACT)  # S by its own 0.10, F by 0.5
    inputs, *_ = steep_out([0.05, NAN], [0.20])
    result = swap.plan(inputs)
    assert result.added.geoms[0].area * 0.8 == pytest.approx(5000, abs=EXACT)  # S counts whole
    assert result.removed.no_ratio.tolist() == [True] and result.added.no_ratio.tolist() == [False]


def test_land_swapped_out_to_balance_counts_with_the_line_features_ratio():
    # Land must join (M, 2 000 m², KCXS 0): the balance peels net 2 000 m² off A (KCXS 0.1), 2 222.22 m².
    a = shapely.box(0, 0, 100, 100)
    m = shapely.box(100, 0, 20 + 100, 100)
    net = swap_net.NetFactors(line=np.array([0.9]), must_in=np.array([1.0]), candidates=np.array([NAN]))
    inputs = swap.SwapInputs(line=objects([a]), must_in=objects([m]), must_in_reasons=["指定调入"],
                             candidates=swap.Candidates(objects([a])), net=net)
    result = swap.plan(inputs)
    assert result.choice.direction == ledger.SWAP_OUT
    (piece,) = result.removed.geoms
    assert abs(piece.area * 0.9 - 2000) <= EXACT
    assert piece.area == pytest.approx(2000 / 0.9, abs=EXACT)
    assert abs(result.balance_m2) <= EXACT


def test_without_split_the_tolerance_is_on_the_net_basis():
    # S (5 000 m², KCXS 0.1) leaves: 4 500 net m² must join. C1 (5 625 m², KCXS 0.2) is exactly that net and
    # comes first; C2 (5 000 m², KCXS 0) is exactly S's map area. Whole candidates within 1 m²: the net basis
    # takes C1, the gross basis skips it (625 m² too large) and takes C2.
    a, s = shapely.box(0, 0, 100, 100), shapely.box(100, 0, 50 + 100, 100)
    c1, c2 = shapely.box(0, 100, 100, 156.25), shapely.box(-50, 0, 0, 100)
    rule = swap.BalanceRule(split=False, tolerance=1.0)
    net = swap_net.NetFactors(line=np.array([1.0, 0.9]), candidates=np.array([0.8, 1.0]))
    inputs = swap.SwapInputs(line=objects([a, s]), must_out=objects([s]), must_out_reasons=["1"],
                             candidates=swap.Candidates(objects([c1, c2]), priority=np.array([2.0, 1.0])),
                             rule=rule, net=net)
    result = swap.plan(inputs)
    assert result.added_from_candidates.tolist() == [0] and not result.choice.split
    assert abs(result.added.geoms[0].area * 0.8 - result.removed.geoms[0].area * 0.9) <= 1.0
    assert abs(result.balance_m2) <= 1.0
    inputs.net = None
    assert swap.plan(inputs).added_from_candidates.tolist() == [1]


def test_own_factors_read_ratios_and_name_the_bad_ones():
    factor, bad = swap_net.own_factors([0.061, None, " ", "0.1", 1.0, -0.1, "x"])
    assert factor[0] == pytest.approx(0.939) and factor[3] == pytest.approx(0.9)
    assert np.isnan(factor[1]) and np.isnan(factor[2])
    assert bad.tolist() == [4, 5, 6]
    assert swap_net.own_factors(None)[0] is None


def test_a_partial_result_with_no_usable_candidate_land_keeps_its_net_numbers():
    # Candidate land exists but lies inside the line: nothing can join. Partial results allowed: the plan
    # still stands, with no piece in and the whole net need left open.
    inputs, a, s, f = steep_out([0.05, 0.10], [0.20])
    inputs.candidates = swap.Candidates(objects([a]))
    inputs.rule = swap.BalanceRule(allow_partial=True)
    result = swap.plan(inputs)
    assert len(result.added) == 0 and result.added.net.tolist() == []
    assert result.choice.need == pytest.approx(4500) and result.choice.gap == pytest.approx(4500)
    assert result.balance_m2 == pytest.approx(-4500)
