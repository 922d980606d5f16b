"""The fragment plan of planmaint:removefragments (core.fragments.plan), without QGIS.

Patches are built from squares of known size in metres, so every area is known by hand.
"""
import numpy as np
import pytest
import shapely
from shapely import box

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import fragments  # noqa: E402 (the package is importable only now)

MU = 10000.0 / 15.0  # one mu in m²


def square(x, mu):
    """A square of ``mu`` mu with its lower left corner at (x, 0)."""
    side = np.sqrt(mu * MU)
    return box(x, 0, x + side, side)


def line():
    """Patches of 2 mu (two features sharing an edge), 4 mu, 10 mu and 3 mu; one feature without geometry.

    Features: 0, 1 → patch of 2 mu; 2 → 4 mu; 3 → 10 mu; 4 → no geometry; 5 → 3 mu.
    """
    one_side = np.sqrt(MU)
    return np.array([
        box(0, 0, one_side, one_side), box(one_side, 0, 2 * one_side, one_side),
        square(1000, 4), square(2000, 10), None, square(3000, 3),
    ], dtype=object)


def test_patches_under_the_threshold_are_removed_whole():
    result = fragments.plan(fragments.FragmentInputs(line(), 5.0, 3.0))
    found = result.found
    assert found.n_patches == 4 and found.labels.tolist() == [0, 0, 1, 2, -1, 3]
    assert result.patch_mu == pytest.approx([2, 4, 10, 3])
    assert result.feature_is_removed.tolist() == [True, True, True, False, False, True]
    assert (result.n_fragments, result.n_exempt, result.n_removed_features) == (3, 0, 4)
    assert result.removed_mu == pytest.approx(9)
    assert not result.has_hilly_zones and result.n_hilly == 0
    # Removed features patch by patch, each with its PATCH_ID and PATCH_MU.
    removals = result.removals()
    assert [(i, patch) for i, patch, _ in removals] == [(0, 1), (1, 1), (2, 2), (5, 4)]
    assert [mu for _, _, mu in removals] == pytest.approx([2, 2, 4, 3])


def test_hilly_patches_use_their_own_threshold():
    # The zone holds all of the 4 mu patch and a third of the 3 mu one.
    zone = box(900, -10, 1200, 200).union(box(3000, -10, 3000 + np.sqrt(3 * MU) / 3, 200))
    result = fragments.plan(fragments.FragmentInputs(line(), 5.0, 3.0, hilly_zones=np.array([zone], dtype=object)))
    assert result.has_hilly_zones
    assert result.found.patch_is_hilly.tolist() == [False, True, False, False]
    assert (result.n_hilly, result.n_hilly_fragments, result.n_fragments) == (1, 0, 2)
    assert result.removed_mu == pytest.approx(2 + 3)
    # A hilly-zone layer without features: every patch is a plain one, and the log still counts terrain.
    empty = fragments.plan(fragments.FragmentInputs(line(), 5.0, 3.0, hilly_zones=np.empty(0, dtype=object)))
    assert empty.has_hilly_zones and empty.n_hilly == 0 and empty.n_fragments == 3


def test_an_exempt_feature_keeps_its_whole_patch():
    exempt = np.array([False, True, False, False, False, False])
    result = fragments.plan(fragments.FragmentInputs(line(), 5.0, 3.0, exempt=exempt))
    assert (result.n_fragments, result.n_exempt) == (3, 1)
    assert result.feature_is_removed.tolist() == [False, False, True, False, False, True]
    assert result.removed_mu == pytest.approx(7)


def test_merge_distance_joins_close_patches():
    geoms = np.array([square(0, 3), square(np.sqrt(3 * MU) + 1.5, 3)], dtype=object)
    apart = fragments.plan(fragments.FragmentInputs(geoms, 5.0, 5.0))
    assert apart.found.n_patches == 2 and apart.n_fragments == 2
    joined = fragments.plan(fragments.FragmentInputs(geoms, 5.0, 5.0, merge_distance=2.0))
    assert joined.found.n_patches == 1 and joined.n_fragments == 0  # 6 mu: the gap is not counted
    assert joined.patch_mu == pytest.approx([6])


def test_the_plan_measures_with_the_callable_it_is_given():
    """The ellipsoidal measure is the caller's: here one that finds everything twice as large."""
    doubled = fragments.plan(fragments.FragmentInputs(
        line(), 5.0, 3.0, measure=lambda geoms: 2 * np.nan_to_num(shapely.area(geoms))))
    assert doubled.patch_mu == pytest.approx([4, 8, 20, 6])
    assert doubled.feature_is_removed.tolist() == [True, True, False, False, False, False]


def test_overlapping_features_count_once_and_multipart_features_are_counted():
    geoms = np.array([square(0, 4), square(10, 4), shapely.multipolygons([square(500, 1), square(600, 1)])],
                     dtype=object)
    result = fragments.plan(fragments.FragmentInputs(geoms, 5.0, 5.0))
    assert result.found.n_patches == 2 and result.found.unioned_patches == 1
    assert result.found.overlapping.tolist() == [0, 1]
    assert sorted(result.patch_mu) == pytest.approx(sorted([2, 4 + 10 * np.sqrt(4 * MU) / MU]))
    assert fragments.multipart_features(geoms) == 1
    assert fragments.multipart_features(np.empty(0, dtype=object)) == 0


def test_plan_of_an_empty_line():
    result = fragments.plan(fragments.FragmentInputs(np.empty(0, dtype=object), 5.0, 3.0))
    assert result.found.n_patches == 0 and result.removals() == [] and result.removed_mu == 0.0
    assert (result.n_fragments, result.n_exempt, result.n_removed_features) == (0, 0, 0)
