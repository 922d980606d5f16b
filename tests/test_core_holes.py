"""The pure hole and sliver core (core.holes), checked against independent answers.

No QGIS: the answers come from shapely's plain union_all, hand-computed areas and plain geometry tests.
"""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings, strategies as st
from shapely import box

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import holes as core  # noqa: E402 (the package is importable only now)


def frame(x0, y0, x1, y1, t):
    """A square ring of width ``t`` as four rectangles that share edges: a hole enclosed jointly."""
    return [
        box(x0, y0, x1, y0 + t),
        box(x0, y1 - t, x1, y1),
        box(x0, y0 + t, x0 + t, y1 - t),
        box(x1 - t, y0 + t, x1, y1 - t),
    ]


def rings_of(union):
    return int(shapely.get_num_interior_rings(shapely.get_parts(union)).sum())


def test_hole_enclosed_jointly_by_four_features():
    found = core.find_holes(frame(0, 0, 100, 100, 10))
    assert len(found) == 1 and len(found.parts) == 1
    assert found.area[0] == pytest.approx(80 * 80)
    assert shapely.equals(found.holes[0], box(10, 10, 90, 90))


def test_island_is_cut_out_and_nested_hole_is_its_own():
    outer = box(0, 0, 100, 100).difference(box(20, 20, 80, 80))
    island = box(30, 30, 70, 70).difference(box(45, 45, 55, 55))
    found = core.find_holes([outer, island])
    assert len(found) == 2
    by_depth = {int(d): k for k, d in enumerate(found.depth)}
    outer_hole, inner_hole = by_depth[0], by_depth[1]
    assert found.islands[outer_hole] == 1 and found.islands[inner_hole] == 0
    assert found.ring_area[outer_hole] == pytest.approx(3600)
    assert found.area[outer_hole] == pytest.approx(3600 - 1600)
    assert found.area[inner_hole] == pytest.approx(100)
    # Holes never overlap each other or the line, and line + holes = the filled outline.
    line = shapely.union_all(found.parts)
    assert shapely.intersection(found.holes[outer_hole], line).area == pytest.approx(0, abs=1e-9)
    assert shapely.intersection(found.holes[outer_hole], found.holes[inner_hole]).area == pytest.approx(0, abs=1e-9)
    assert line.area + found.area.sum() == pytest.approx(100 * 100)


def test_overlapping_features_fall_back_to_a_true_union():
    # The coverage union returns nonsense on overlapping input; the result must still be the union.
    geoms = [box(0, 0, 60, 10), box(50, 0, 110, 10), box(0, 10, 10, 60), box(0, 50, 110, 60), box(100, 0, 110, 60)]
    found = core.find_holes(geoms)
    union = shapely.union_all(geoms)
    assert len(found.parts) == 1
    assert shapely.area(found.parts).sum() == pytest.approx(union.area)
    assert len(found) == 1 and found.area[0] == pytest.approx(90 * 40)


def test_missing_empty_and_multipart_input():
    multi = shapely.multipolygons([box(0, 0, 10, 10).difference(box(2, 2, 4, 4)), box(20, 0, 30, 10)])
    found = core.find_holes(np.array([None, shapely.Polygon(), multi], dtype=object))
    assert len(found.parts) == 2 and len(found) == 1
    empty = core.find_holes(np.array([None], dtype=object))
    assert len(empty) == 0 and len(empty.parts) == 0
    assert len(core.find_slivers(empty, 3)) == 0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.booleans(), min_size=64, max_size=64))
def test_random_grid_cells_match_a_plain_union(cells):
    """Any subset of an 8 × 8 grid: same patches, rings and filled area as shapely's union_all."""
    grid = [box(x, y, x + 1, y + 1) for y in range(8) for x in range(8)]
    chosen = [g for g, keep in zip(grid, cells) if keep]
    found = core.find_holes(chosen)
    union = shapely.union_all(chosen) if chosen else shapely.Polygon()
    assert len(found) == rings_of(union)
    assert shapely.area(found.parts).sum() == pytest.approx(union.area)
    filled = shapely.union_all(np.concatenate([found.parts, found.holes]))
    outline = shapely.union_all(shapely.polygons(shapely.get_exterior_ring(found.parts))) if chosen else filled
    assert filled.area == pytest.approx(outline.area)
    # Disjoint: the sum of hole areas is the area of their union.
    assert found.area.sum() == pytest.approx(shapely.union_all(found.holes).area if len(found) else 0.0)


def test_gap_between_two_patches_is_a_sliver_only_when_narrower_than_the_width():
    found = core.find_holes([box(0, 0, 40, 20), box(42, 0, 80, 20)])
    wide = core.find_slivers(found, 3)
    assert len(wide) == 1
    assert shapely.equals(shapely.normalize(wide.slivers[0]), shapely.normalize(box(40, 0, 42, 20)))
    assert len(core.find_slivers(found, 1)) == 0


def test_inner_corners_are_not_slivers_but_narrow_inlets_are():
    ell = shapely.union_all([box(0, 0, 100, 20), box(0, 0, 20, 100)])
    assert len(core.find_slivers(core.find_holes([ell]), 5)) == 0
    inlet = box(0, 0, 100, 50).difference(box(40, 30, 42, 50))  # 2 m wide, 20 m deep
    slivers = core.find_slivers(core.find_holes([inlet]), 3)
    assert len(slivers) == 1 and slivers.area[0] == pytest.approx(40)


def test_slivers_ignore_holes_and_gaps_inside_holes():
    # Two islands 1 m apart inside a hole: the gap between them is part of the hole, not a sliver.
    outer = box(0, 0, 100, 100).difference(box(10, 10, 90, 90))
    found = core.find_holes([outer, box(20, 20, 40, 40), box(41, 20, 60, 40)])
    assert len(found) == 1 and found.islands[0] == 2
    assert len(core.find_slivers(found, 3)) == 0


def test_blocked_area_counts_overlapping_blockers_once():
    found = core.find_holes(frame(0, 0, 100, 100, 10))  # hole 10..90
    blockers = [box(20, 20, 30, 30), box(25, 20, 35, 30), box(85, 85, 95, 95), box(0, 0, 10, 10)]
    assert core.blocked_area(found, blockers)[0] == pytest.approx(150 + 25)
    # A blocker that only shares an edge with the hole covers nothing.
    assert core.blocked_area(found.holes, [box(0, 10, 10, 90)])[0] == 0
    per_layer = [core.blocked_geometry(found, blockers[:1]), core.blocked_geometry(found, blockers[1:2])]
    assert shapely.area(core.combine_blocked(per_layer))[0] == pytest.approx(150)


def test_fill_decision():
    size = np.array([100.0, 300.0, 100.0])
    blocked = np.array([0.0, 0.0, 5.0])
    assert core.fill_decision(size, 200.0, blocked, 1.0).tolist() == [True, False, False]
    assert core.fill_decision(size, 0.0, blocked, 10.0).tolist() == [True, True, True]


def test_blocker_windows_cover_every_hole_or_ask_for_a_full_read():
    rng = np.random.default_rng(3)
    corners = rng.uniform(0, 10000, (300, 2))
    holes = shapely.box(corners[:, 0], corners[:, 1], corners[:, 0] + 20, corners[:, 1] + 15)
    extent_area = 10020.0 * 10015.0
    windows = core.blocker_windows(holes, 100000, extent_area)
    assert windows is not None and 1 <= len(windows) <= len(holes)
    covering = shapely.box(*windows.T)
    assert all(shapely.contains(covering, h).any() for h in holes)
    # Windows around a few holes cover only a small share of the county: that is the point.
    assert shapely.area(covering).sum() < 0.5 * extent_area
    # A small layer is read whole: one request per window would cost more than reading it.
    assert core.blocker_windows(holes, 50, extent_area) is None
    assert core.blocker_windows(holes[:0], 100000, extent_area) is None


def _one_group_at_a_time(polygons):
    """The batching of ``coverage_unions`` done the plain way, for one group: batches of COVERAGE_CHUNK
    consecutive polygons, a batch of one passed on, level by level."""
    level = polygons
    while len(level) > 1:
        level = np.array(
            [
                shapely.coverage_union_all(level[i:i + core.COVERAGE_CHUNK]) if len(level) - i > 1 else level[i]
                for i in range(0, len(level), core.COVERAGE_CHUNK)
            ],
            dtype=object,
        )
    return level[0]


@pytest.mark.parametrize("workers", [1, 2])
def test_coverage_unions_of_all_groups_at_once_are_those_of_each_group(workers, monkeypatch):
    """Groups of 1, 2, 64, 65, 130 and 4 100 cells (one, two and three levels) come out exactly, bit for bit,
    as each group merged alone."""
    from planmaint.algorithms.core import parallel

    monkeypatch.setattr(parallel, "WORKERS", workers)
    monkeypatch.setattr(parallel, "_pool", None)
    sizes = [1, 2, 64, 65, 130, 4100]
    groups, owner = [], []
    for g, size in enumerate(sizes):
        side = int(np.ceil(np.sqrt(size)))
        cells = [shapely.box(1000 * g + x, y, 1000 * g + x + 1, y + 1) for x in range(side) for y in range(side)]
        groups.append(np.array(cells[:size], dtype=object))
        owner += [g] * size
    merged = core.coverage_unions(np.concatenate(groups), np.array(owner))
    assert len(merged) == len(sizes)
    for got, group in zip(merged, groups):
        assert shapely.to_wkb(got) == shapely.to_wkb(_one_group_at_a_time(group))
    if parallel._pool is not None:
        parallel._pool.shutdown()


def test_union_clusters_takes_the_full_union_where_the_coverage_union_loses_area():
    clean = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)]
    overlapping = [shapely.box(10, 0, 12, 1), shapely.box(11, 0, 13, 1)]  # not a coverage
    merged = core.union_clusters(np.array(clean + overlapping, dtype=object), np.array([0, 0, 1, 1]))
    assert merged[0].area == pytest.approx(2.0)
    assert merged[1].area == pytest.approx(3.0) and merged[1].equals(shapely.box(10, 0, 13, 1))


def test_union_clusters_falls_back_cluster_by_cluster_when_geos_gives_up(monkeypatch):
    """A GEOS error in the batched coverage union (one bad cluster stops a whole level) leaves every
    cluster to its own coverage union, and one that fails alone to a full union."""
    def give_up(polygons, owner, progress=None):
        raise shapely.errors.GEOSException("TopologyException: side location conflict")

    monkeypatch.setattr(core, "coverage_unions", give_up)
    cells = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 0, 6, 1), box(6, 0, 7, 1), box(6, 1, 7, 2)]
    merged = core.union_clusters(np.array(cells, dtype=object), np.array([0, 0, 1, 1, 1]))
    assert merged[0].equals(box(0, 0, 2, 1))
    assert merged[1].area == pytest.approx(3.0)


def test_features_meeting_without_a_common_vertex_are_merged_too():
    """Clusters come from common vertices first; a T-junction (a corner on the middle of an edge) and an
    overlap without common vertices join their clusters afterwards, so the merged line and its holes are
    those of the plain union."""
    t_junction = [box(0, 0, 4, 1), box(1, 1, 2, 2)]  # the small one stands on the middle of the top edge
    overlap = [box(10, 0, 12, 2), box(11, 1, 13, 3)]
    # A frame whose right side only touches the others along edges, never at a vertex: the hole needs it.
    frame_parts = [box(20, 0, 26, 1), box(20, 5, 26, 6), box(20, 1, 21, 5), box(25, 0.5, 26, 5.5)]
    geoms = np.array(t_junction + overlap + frame_parts, dtype=object)
    merged = core.dissolve(geoms)
    plain = shapely.get_parts(shapely.union_all(geoms))
    assert len(merged) == len(plain) == 3
    assert shapely.union_all(merged).equals(shapely.union_all(plain))
    found = core.find_holes(geoms)
    assert len(found) == 1 and found.ring_area[0] == pytest.approx(4 * 4)


# --- the fill plan ------------------------------------------------------------------------------------

MU = 10000.0 / 15.0  # one mu in m²


def planar(geoms):
    return np.nan_to_num(shapely.area(np.asarray(geoms, dtype=object)))


def two_holes_and_a_sliver():
    """A 3 mu hole, an 8 mu hole (both square, metres) and a 2 m gap between the line and a patch beside it."""
    small, large = np.sqrt(3 * MU), np.sqrt(8 * MU)
    line = box(0, 0, 300, 200).difference(box(10, 10, 10 + small, 10 + small)).difference(
        box(100, 50, 100 + large, 50 + large))
    found = core.find_holes([line, box(302, 0, 340, 200)])
    return core.Candidates.of(found, core.find_slivers(found, 3))


def test_candidates_are_the_holes_then_the_slivers():
    candidates = two_holes_and_a_sliver()
    assert len(candidates) == 3 and candidates.kinds == [core.HOLE, core.HOLE, core.SLIVER]
    assert shapely.equals(shapely.normalize(candidates.geoms[2]), shapely.normalize(box(300, 0, 302, 200)))
    assert candidates.rings[2] is candidates.geoms[2]  # a sliver is measured on itself


def test_plan_fills_what_is_small_enough_and_not_blocked():
    candidates = two_holes_and_a_sliver()
    result = core.plan(core.HoleInputs(candidates, 5.0, 1.0, [], planar))
    assert result.fill.tolist() == [True, False, True]
    assert result.area_mu[:2] == pytest.approx([3, 8])
    assert result.filled.tolist() == [0, 2] and result.blocker_names == []
    assert result.filled_mu == pytest.approx(3 + 400 / MU)
    assert result.additions() == [(1, "天窗填补", pytest.approx(3)), (3, "细缝填补", pytest.approx(400 / MU))]
    holes, slivers = result.tally(core.HOLE), result.tally(core.SLIVER)
    assert (holes.found, holes.filled, holes.blocked, slivers.found, slivers.filled) == (2, 1, 0, 1, 1)
    assert holes.filled_mu == pytest.approx(3)
    # Without a maximum every candidate is filled.
    assert core.plan(core.HoleInputs(candidates, 0.0, 1.0, [], planar)).fill.all()


def test_plan_measures_with_the_callable_it_is_given():
    """An ellipsoidal measure is the caller's: here one that finds everything twice as large."""
    candidates = two_holes_and_a_sliver()
    result = core.plan(core.HoleInputs(candidates, 5.0, 1.0, [], lambda geoms: 2 * planar(geoms)))
    assert result.fill.tolist() == [False, False, True]  # the 3 mu hole now measures 6 mu
    assert result.ring_mu[0] == pytest.approx(6)


def test_blockers_keep_holes_open_and_are_named():
    candidates = two_holes_and_a_sliver()
    farmland = [box(12, 12, 14, 14)]  # 4 m² in the small hole
    roads = [box(20, 20, 20.5, 21), box(301, 50, 310, 50.6)]  # 0.5 m² in the small hole, 0.6 m² on the sliver
    covers = [core.blocker_cover(candidates, "farmland", farmland), core.blocker_cover(candidates, "roads", roads)]
    assert [c.name for c in covers] == ["farmland", "roads"]
    result = core.plan(core.HoleInputs(candidates, 5.0, 1.0, covers, planar))
    assert result.blocked_m2 == pytest.approx([4.5, 0.0, 0.6])
    assert result.fill.tolist() == [False, False, True]
    # Each layer is named where it alone covers more than half the threshold (two layers).
    assert result.blocked_by == ["farmland", "", "roads"]
    assert result.blocker_names == ["farmland", "roads"]
    assert result.tally(core.HOLE).blocked == 1 and result.tally(core.SLIVER).blocked == 0
    table = result.table()
    assert [row[0] for row in table] == [1, 2, 3] and [row[4] for row in table] == [0, 0, 1]
    assert table[0][1] == core.HOLE and table[0][5] == pytest.approx(4.5 / MU) and table[0][6] == "farmland"
    # Two layers that block only together are both named: a blocked hole always names a layer.
    halves = [core.blocker_cover(candidates, "a", [box(12, 12, 13, 12.6)]),
              core.blocker_cover(candidates, "b", [box(15, 15, 16, 15.6)])]
    together = core.plan(core.HoleInputs(candidates, 5.0, 1.0, halves, planar))
    assert together.fill.tolist() == [False, False, True] and together.blocked_by[0] == "a, b"


def test_plan_of_a_line_without_holes():
    found = core.find_holes([box(0, 0, 10, 10)])
    candidates = core.Candidates.of(found, core.find_slivers(found, 0))
    covers = [core.BlockerCover("farmland", np.empty(0, dtype=object))]
    steps = []
    result = core.plan(core.HoleInputs(candidates, 5.0, 1.0, covers, planar), progress=steps.append)
    assert len(result.fill) == 0 and result.table() == [] and result.additions() == []
    assert result.filled_mu == 0.0 and result.tally(core.HOLE).found == 0 and steps == [50]


def test_land_planned_for_regreening_does_not_block():
    """规划复绿: the part of a blocker inside the re-greening land does not count; what is left still blocks."""
    candidates = two_holes_and_a_sliver()
    construction = [box(12, 12, 14, 14), box(30, 30, 40, 40)]  # 4 m² and 100 m² in the small (3 mu) hole
    covers = [core.blocker_cover(candidates, "construction", construction)]
    without = core.plan(core.HoleInputs(candidates, 5.0, 1.0, covers, planar))
    assert without.fill.tolist() == [False, False, True] and without.regreened_mu is None
    assert len(without.table()[0]) == 7  # no re-greening layer: the table as it always was
    # Both buildings planned for re-greening (the second only up to a sliver of 0.5 m²): the hole is filled.
    regreen = core.blocked_geometry(candidates.geoms, [box(11, 11, 15, 15), box(30, 30, 40, 39.95)])
    result = core.plan(core.HoleInputs(candidates, 5.0, 1.0, covers, planar, regreen=regreen))
    assert result.fill.tolist() == [True, False, True]
    assert result.blocked_m2 == pytest.approx([0.5, 0.0, 0.0])
    assert result.regreened_mu == pytest.approx([103.5 / MU, 0.0, 0.0])
    assert result.unblocked.tolist() == [True, False, False]
    assert result.blocked_by == ["", "", ""]
    assert result.table()[0][7:] == [pytest.approx(103.5 / MU), 1] and result.table()[2][7:] == [0.0, 0]
    assert result.tally(core.HOLE).unblocked == 1 and result.tally(core.SLIVER).unblocked == 0
    # Only one building re-greened: the 100 m² left is over the threshold and keeps the hole open.
    part = core.blocked_geometry(candidates.geoms, [box(11, 11, 15, 15)])
    kept = core.plan(core.HoleInputs(candidates, 5.0, 1.0, covers, planar, regreen=part))
    assert kept.fill.tolist() == [False, False, True] and kept.unblocked.tolist() == [False, False, False]
    assert kept.blocked_m2[0] == pytest.approx(100.0) and kept.blocked_by[0] == "construction"
    assert kept.regreened_mu[0] == pytest.approx(4 / MU)


def test_regreening_land_without_blockers_changes_nothing():
    candidates = two_holes_and_a_sliver()
    regreen = core.blocked_geometry(candidates.geoms, [box(11, 11, 15, 15)])
    plain = core.plan(core.HoleInputs(candidates, 5.0, 1.0, [], planar))
    result = core.plan(core.HoleInputs(candidates, 5.0, 1.0, [], planar, regreen=regreen))
    assert result.fill.tolist() == plain.fill.tolist()
    assert result.regreened_mu.tolist() == [0.0, 0.0, 0.0] and not result.unblocked.any()
    assert [row[:7] for row in result.table()] == plain.table()


def test_a_window_pinched_within_a_nanometre_counts_the_same_however_geos_draws_it():
    """One pinched window drawn three ways (a ring touching the outline at a point, a ring 0.1 µm off it, a
    notch of the outline whose mouth is 0.1 µm wide; GEOS 3.11 and 3.13 draw one such window differently
    after the same overlay): the exact rings differ, the count on the micrometre grid does not."""
    import shapely.affinity

    outline = [(0, 0), (100, 0), (100, 100), (0, 100)]
    touching = shapely.Polygon(outline, [[(40, 0), (60, 20), (40, 20)]])
    near = shapely.Polygon(outline, [[(40, 1e-7), (60, 20), (40, 20)]])
    notch = shapely.Polygon([(0, 0), (40, 0), (40, 20), (60, 20), (40 + 1e-7, 0), (100, 0), (100, 100), (0, 100)])
    shapes = [shapely.affinity.translate(g, 500_000.0, 4_700_000.0) for g in (touching, near, notch)]
    assert all(shapely.is_valid(shapes))
    exact = [len(core.find_holes([shape], merged=True)) for shape in shapes]
    assert exact == [1, 1, 0]
    counted = {len(core.find_holes([shape], merged=True, grid=1e-6)) for shape in shapes}
    assert len(counted) == 1
