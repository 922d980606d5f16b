"""Patch adjacency settled by shared edges (core.patches) gives exactly what one relate per pair gave.

``relate_only`` below is the implementation the edge match replaced, kept here as the reference: every pair
of box-intersecting polygons gets a DE-9IM matrix. The new code must return the same pairs, in the same
order, with the same overlap flags, on hand-made traps and on random layouts built to hit them.
"""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings, strategies as st

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core.geometry import LARGE_VERTICES, robust_binary  # noqa: E402 (importable only now)
from planmaint.algorithms.core.patches import (  # noqa: E402
    NEGLIGIBLE_OVERLAP,
    adjacency_and_overlaps,
    adjacency_pairs,
    label_patches_with_overlaps,
    overlapping_pairs,
)


def relate_only(geoms):
    """The former ``_adjacency`` with merge distance 0: (i, j, overlap) from one relate per pair."""
    geoms = np.asarray(geoms, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    idx = np.flatnonzero(present)
    if len(idx) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=bool)
    sub = geoms[idx]
    left, right = shapely.STRtree(sub).query(sub, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    matrix = np.asarray(robust_binary(shapely.relate, sub[left], sub[right]), dtype="S9").view("S1").reshape(-1, 9)
    overlap = matrix[:, 0] != b"F"
    keep = overlap | (matrix[:, 4] == b"1")
    left, right, overlap = left[keep], right[keep], overlap[keep]
    if overlap.any():
        k = np.flatnonzero(overlap)
        a, b = sub[left[k]], sub[right[k]]
        shared = shapely.area(robust_binary(shapely.intersection, a, b))
        overlap[k] = shared > NEGLIGIBLE_OVERLAP * np.minimum(shapely.area(a), shapely.area(b))
    return idx[left], idx[right], overlap


def assert_same_as_relate(geoms):
    geoms = np.asarray(geoms, dtype=object)
    want_l, want_r, want_o = relate_only(geoms)
    got_l, got_r, got_o = adjacency_and_overlaps(geoms)
    assert got_l.tolist() == want_l.tolist() and got_r.tolist() == want_r.tolist()
    assert got_o.tolist() == want_o.tolist()
    over_l, over_r = overlapping_pairs(geoms)
    assert over_l.tolist() == want_l[want_o].tolist() and over_r.tolist() == want_r[want_o].tolist()
    only_l, only_r = adjacency_pairs(geoms)
    assert only_l.tolist() == want_l.tolist() and only_r.tolist() == want_r.tolist()
    return {(int(a), int(b)): bool(o) for a, b, o in zip(want_l, want_r, want_o)}


def poly(*xy, holes=()):
    return shapely.Polygon(xy, holes)


# --- hand-made traps ----------------------------------------------------------------------------------


def test_shared_edge_either_direction_and_ring_orientation():
    a = poly((0, 0), (1, 0), (1, 1), (0, 1))  # counter-clockwise: goes up x = 1
    b = poly((1, 0), (2, 0), (2, 1), (1, 1))  # counter-clockwise: goes down x = 1
    a_cw, b_cw = shapely.reverse(a), shapely.reverse(b)
    for pair in ([a, b], [a, b_cw], [a_cw, b], [a_cw, b_cw]):
        assert assert_same_as_relate(pair) == {(0, 1): False}


def test_t_junction_without_a_shared_vertex_is_settled_by_relate():
    # The long bottom edge carries no vertex at x = 1, where the two top parcels meet.
    bottom = poly((0, 0), (2, 0), (2, 1), (0, 1))
    top_left, top_right = shapely.box(0, 1, 1, 2), shapely.box(1, 1, 2, 2)
    assert assert_same_as_relate([bottom, top_left, top_right]) == {(0, 1): False, (0, 2): False, (1, 2): False}


def test_corner_contact_is_not_adjacency():
    assert assert_same_as_relate([shapely.box(0, 0, 1, 1), shapely.box(1, 1, 2, 2)]) == {}
    # A corner shared by four parcels: the diagonal pairs are not adjacent, the others are.
    four = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(0, 1, 1, 2), shapely.box(1, 1, 2, 2)]
    assert set(assert_same_as_relate(four)) == {(0, 1), (0, 2), (1, 3), (2, 3)}


def test_shared_edge_with_both_on_one_side_overlaps():
    a = poly((0, 0), (2, 0), (2, 2), (0, 2))
    b = poly((0, 0), (2, 0), (1, 1))  # the bottom edge of a, and b lies inside a
    assert assert_same_as_relate([a, b]) == {(0, 1): True}


def test_shared_edge_on_opposite_sides_but_wrapping_round_overlaps():
    # b shares a's right edge from the outside, then reaches over the top and down into a.
    a = poly((0, 0), (1, 0), (1, 1), (0, 1))
    b = poly((1, 0), (2, 0), (2, 2), (0.2, 2), (0.2, 0.5), (0.6, 0.5), (0.6, 1.2), (1, 1.2), (1, 1))
    assert b.is_valid
    assert assert_same_as_relate([a, b]) == {(0, 1): True}


def test_identical_duplicates_overlap_and_repeated_vertices_are_no_edge():
    a = poly((0, 0), (1, 0), (1, 1), (0, 1))
    doubled = poly((0, 0), (1, 0), (1, 0), (1, 1), (0, 1))  # a repeated vertex: a zero-length edge
    right = poly((1, 0), (2, 0), (2, 1), (1, 1))
    pairs = assert_same_as_relate([a, a, doubled, right, shapely.Polygon(a.exterior.coords)])
    assert pairs[(0, 1)] and pairs[(0, 2)] and pairs[(1, 4)] and not pairs[(0, 3)]


def test_island_in_a_hole_and_a_piece_of_a_hole():
    donut = poly((0, 0), (4, 0), (4, 4), (0, 4), holes=[((1, 1), (3, 1), (3, 3), (1, 3))])
    island = poly((1, 1), (3, 1), (3, 3), (1, 3))  # fills the hole exactly: every hole edge shared
    half = poly((1, 1), (3, 1), (3, 2), (1, 2))  # fills half of it, sharing one hole edge
    outside = poly((4, 0), (5, 0), (5, 4), (4, 4))
    pairs = assert_same_as_relate([donut, island, half, outside])
    assert pairs[(0, 1)] is False and pairs[(0, 2)] is False and pairs[(1, 2)] is True and pairs[(0, 3)] is False


def test_multipolygons_share_an_edge_of_one_part():
    multi = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(3, 0, 4, 1)])
    neighbour = poly((1, 0), (2, 0), (2, 1), (1, 1))
    far_part = shapely.MultiPolygon([shapely.box(4, 0, 5, 1), shapely.box(0, 5, 1, 6)])
    assert assert_same_as_relate([multi, neighbour, far_part]) == {(0, 1): False, (0, 2): False}


def test_nearly_collinear_vertex_far_from_the_origin():
    # Map coordinates of EPSG:4549: a vertex a hair's breadth off the line of the shared edge, where a
    # floating point side test cannot be trusted; relate decides, and the overlap is negligible.
    x0, y0 = 500000.123, 4500000.456
    a = poly((x0, y0), (x0 + 10, y0 + 10), (x0 - 5, y0 + 15))
    b = poly((x0, y0), (x0 + 20, y0 + 20 + 1e-9), (x0 + 10, y0 + 10), (x0 + 15, y0 - 5))
    c = poly((x0 + 10, y0 + 10), (x0, y0), (x0 + 5, y0 - 20))
    assert_same_as_relate([a, b, c])


def test_invalid_and_non_polygon_geometries_are_left_to_relate():
    right = poly((1, 0), (2, 0), (2, 1), (1, 1))
    # A spike along the shared edge's line and a ring touching itself: invalid, so their edges prove nothing.
    spike = poly((0, 0), (1, 0), (1, 1), (1, 2), (1, 1), (0, 1))
    pinched = poly((0, 0), (1, 0), (1, 1), (0.5, 0.5), (1, 1), (0, 1))
    line = shapely.LineString([(1, 0), (1, 1)])
    for odd in (spike, pinched, line):
        assert not (odd.is_valid and odd.geom_type == "Polygon")
        assert_same_as_relate([odd, right, None, shapely.Polygon()])
    # A bow tie is beyond relate: it raises, before and now.
    bow_tie = poly((0, 0), (1, 1), (1, 0), (0, 1))
    with pytest.raises(shapely.errors.GEOSException):
        relate_only([bow_tie, right])
    with pytest.raises(shapely.errors.GEOSException):
        adjacency_and_overlaps([bow_tie, right])


def test_fills_of_the_holes_of_a_large_polygon_are_tested_piece_by_piece():
    # A red line of 800 vertices with square holes, and the polygons that filled them (the same squares):
    # adjacent through every edge of the hole, no overlap. A square laid beside a hole, inside the line,
    # shares the hole's edge from the line's side: it overlaps. A hole crossed by the first cut (x = 0) and
    # triangles on the outer ring, one outside (touching) and one inside (overlapping), complete the traps.
    line = shapely.Point(0, 0).buffer(1000, quad_segs=200)
    holes = [shapely.box(x, y, x + 40, y + 40) for x, y in ((-20, -20), (300, 100), (-500, 400), (200, -600))]
    red_line = shapely.Polygon(line.exterior.coords, [h.exterior.coords for h in holes])
    assert shapely.get_num_coordinates(red_line) > 3 * LARGE_VERTICES  # cut in pieces more than once
    beside = shapely.box(340, 100, 380, 140)
    ring = np.asarray(line.exterior.coords)
    (x0, y0), (x1, y1) = ring[10], ring[11]
    outward = poly((x0, y0), (x1, y1), (1.1 * x1, 1.1 * y1))
    inward = poly((x0, y0), (x1, y1), (0.9 * x1, 0.9 * y1))
    pairs = assert_same_as_relate([red_line, *holes, beside, outward, inward])
    assert pairs == {(0, 1): False, (0, 2): False, (0, 3): False, (0, 4): False, (0, 5): True, (0, 6): False,
                     (0, 7): True, (2, 5): False, (6, 7): False}


# --- random layouts -----------------------------------------------------------------------------------


def random_layout(seed, size):
    """Parcels of a jittered grid (neighbours share exact vertices), some cut in two along a diagonal,
    some missing a vertex (T-junctions), some reversed, some duplicated, plus a few boxes laid on top."""
    rng = np.random.default_rng(seed)
    n = size + 1
    xs, ys = np.meshgrid(np.arange(n, dtype=float), np.arange(n, dtype=float))
    xs += rng.uniform(-0.3, 0.3, xs.shape) * (rng.random(xs.shape) < 0.7)
    ys += rng.uniform(-0.3, 0.3, ys.shape) * (rng.random(ys.shape) < 0.7)
    xs, ys = xs * 10 + 500000.0, ys * 10 + 4500000.0
    geoms = []
    for i in range(size):
        for j in range(size):
            corners = [(xs[i, j], ys[i, j]), (xs[i, j + 1], ys[i, j + 1]), (xs[i + 1, j + 1], ys[i + 1, j + 1]),
                       (xs[i + 1, j], ys[i + 1, j])]
            roll = rng.random()
            if roll < 0.15:  # two triangles along a diagonal
                geoms.append(poly(corners[0], corners[1], corners[2]))
                geoms.append(poly(corners[0], corners[2], corners[3]))
                continue
            if roll < 0.25:  # a midpoint on one edge only: its neighbour meets it in a T-junction
                k = rng.integers(4)
                mid = tuple((np.array(corners[k]) + np.array(corners[(k + 1) % 4])) / 2)
                corners = corners[:k + 1] + [mid] + corners[k + 1:]
            polygon = shapely.make_valid(poly(*corners))
            if roll > 0.9:
                polygon = shapely.reverse(polygon)
            geoms.append(polygon)
    geoms = [g for g in geoms if shapely.get_type_id(g) in (3, 6)]
    for _ in range(rng.integers(0, 4)):
        geoms.append(geoms[rng.integers(len(geoms))])  # identical duplicate
    for _ in range(rng.integers(0, 4)):
        x, y = rng.uniform(500000, 500000 + 10 * size, 2)
        geoms.append(shapely.box(x, y, x + rng.uniform(1, 15), y + rng.uniform(1, 15)))
    order = rng.permutation(len(geoms))
    return np.array(geoms, dtype=object)[order]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), size=st.integers(2, 9))
def test_random_layouts_match_relate_only(seed, size):
    assert_same_as_relate(random_layout(seed, size))


@settings(max_examples=40, deadline=None)
@given(
    rects=st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(1, 4), st.integers(1, 4)),
        min_size=1, max_size=30,
    )
)
def test_random_rectangles_match_relate_only(rects):
    # Integer boxes: exact shared edges, T-junctions, corners, overlaps and duplicates all arise.
    assert_same_as_relate([shapely.box(x, y, x + w, y + h) for x, y, w, h in rects])


# --- the sample county --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["pbf", "landuse", "epr", "udb"])
def test_sample_county_layers_match_relate_only(sample_county, name):
    from osgeo import ogr

    from planmaint.algorithms.core.geometry import clean_polygons

    dataset = ogr.Open(sample_county)
    # WKB is taken while each feature lives: a geometry reference dies with its feature.
    wkbs = [bytes(f.GetGeometryRef().ExportToWkb()) if f.GetGeometryRef() else None
            for f in dataset.GetLayerByName(name)]
    geoms = np.array([shapely.from_wkb(w) if w else None for w in wkbs], dtype=object)
    geoms, _ = clean_polygons(geoms)
    pairs = assert_same_as_relate(geoms)
    if name in ("pbf", "landuse"):  # parcel layers; EPR and UDB are a few hundred separate polygons
        assert len(pairs) > len(geoms) / 2
    labels, n, left, right = label_patches_with_overlaps(geoms)
    assert n > 0 and len(left) == sum(pairs.values())


# --- the side test against exact arithmetic -----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    t=st.lists(st.floats(-2.0, 3.0), min_size=1, max_size=12),
    nudge=st.lists(st.integers(-3, 3), min_size=12, max_size=12),
    scale=st.sampled_from([1.0, 1e3, 4.5e6]),
)
def test_side_test_never_claims_a_side_exact_arithmetic_denies(t, nudge, scale):
    # Vertices on (or a few units in the last place off) the line p→q, where floating point determinants
    # go wrong: whatever side the test claims must be the true one, computed in rationals.
    from fractions import Fraction

    from planmaint.algorithms.core.patches import _all_on_one_side

    p = np.array([0.1 * scale + 0.3, 0.7 * scale + 0.1])
    q = np.array([0.9 * scale + 0.7, 0.2 * scale - 0.3])
    xy = np.array([p + s * (q - p) for s in t])
    xy[:, 1] = [np.nextafter(y, np.inf if k > 0 else -np.inf) if k else y for y, k in zip(xy[:, 1], nudge)]
    for k in range(len(xy)):
        one = xy[k:k + 1]
        left, right = _all_on_one_side(one, np.array([0]), np.array([1]), np.array([0]), p[None, :], q[None, :])
        px, py, qx, qy, vx, vy = (Fraction(float(c)) for c in (*p, *q, *one[0]))
        exact = (px - vx) * (qy - vy) - (py - vy) * (qx - vx)
        assert not left[0] or exact >= 0
        assert not right[0] or exact <= 0


def test_side_test_in_small_slices_gives_the_same():
    from planmaint.algorithms.core import patches

    saved = patches.SIDE_TEST_PAIRS
    patches.SIDE_TEST_PAIRS = 5  # many slices, the last one short
    try:
        for seed in range(5):
            assert_same_as_relate(random_layout(seed, 8))
    finally:
        patches.SIDE_TEST_PAIRS = saved


def test_colliding_edge_hashes_only_cost_the_shortcut(monkeypatch):
    """Every edge hashing alike puts all edges in one run: answers come from coordinates, still exact."""
    from planmaint.algorithms.core import patches

    monkeypatch.setattr(patches, "vertex_hash", lambda xy: np.zeros(len(xy), dtype=np.uint64))
    for seed in range(4):
        assert_same_as_relate(random_layout(seed, 5))


def test_ring_vertices_split_one_ring_polygons_from_the_rest():
    """Polygons of one ring come straight from their coordinates; holes, parts and a repeated first
    vertex go through the ring-by-ring path; either way every ring's vertices come out whole."""
    from planmaint.algorithms.core.patches import _ring_vertices

    square = poly((0, 0), (2, 0), (2, 2), (0, 2))
    holed = poly((3, 0), (6, 0), (6, 3), (3, 3), holes=[[(4, 1), (5, 1), (5, 2), (4, 2)]])
    repeated_first = shapely.Polygon([(7, 0), (7, 0), (9, 0), (9, 2), (7, 0)])
    two_parts = shapely.MultiPolygon([poly((10, 0), (11, 0), (11, 1)), poly((12, 0), (13, 0), (13, 1))])
    one_part = shapely.MultiPolygon([poly((14, 0), (15, 0), (15, 1))])
    geoms = np.array([square, holed, repeated_first, two_parts, one_part], dtype=object)
    xy, ring, owner = _ring_vertices(geoms, np.arange(len(geoms)))
    # Each polygon's vertices are contiguous, and each ring is closed.
    changes = np.flatnonzero(owner[1:] != owner[:-1])
    assert len(changes) == len(geoms) - 1
    starts = np.flatnonzero(np.r_[True, ring[1:] != ring[:-1]])
    ends = np.r_[starts[1:], len(ring)] - 1
    assert len(starts) == 1 + 2 + 1 + 2 + 1
    assert (xy[starts] == xy[ends]).all()
    assert sorted(np.bincount(owner).tolist()) == sorted(shapely.get_num_coordinates(geoms).tolist())
