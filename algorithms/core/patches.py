"""Patches: features of one control line merged where they touch, overlap or lie close.

The seed counts fragments "after merging adjacent parcels" (按邻近图斑融合后统计). Dissolving a county's
100 000 PBF parcels into one geometry and exploding it again is what QGIS's native chain does, and it is
slow. Here the same patches are found as connected components of the "adjacent" graph, built through a
spatial index, without ever computing the union.

Adjacency means what a dissolve followed by "multipart to single parts" means: two polygons belong to one
patch when their interiors overlap or their boundaries share a line segment. Polygons that meet at a single
corner point stay separate patches (a dissolve keeps them as two parts too). With a merge distance d > 0,
polygons closer than d also join, corner contacts included.
"""
import numpy as np
import shapely

from . import parallel
from .geometry import LARGE_VERTICES, interiors_meet, interiors_meet_large, present, robust_binary

# Two exactly split neighbours share an edge computed twice, and floating point leaves them "overlapping"
# by a few hundred-millionths of a square metre. An overlap is a data error only when it is larger than
# this share of the smaller polygon's area (scale-free, so it holds in degrees as in metres).
NEGLIGIBLE_OVERLAP = 1e-8


def adjacency_pairs(geoms, merge_distance=0.0):
    """Return index arrays (i, j), i < j, of the polygons that belong to one patch.

    ``geoms`` is an array of shapely polygons (None or empty entries are never adjacent to anything).
    """
    left, right, _ = _adjacency(geoms, merge_distance, want_overlaps=False)
    return left, right


def adjacency_and_overlaps(geoms, merge_distance=0.0):
    """``adjacency_pairs`` plus, for each pair, whether the two interiors overlap (not mere contact).

    Overlapping features of one line are a data error that matters to areas: their union is smaller
    than the sum of their areas. With merge distance 0 the answer comes from the same relate that
    decides adjacency, so it costs nothing extra.
    """
    return _adjacency(geoms, merge_distance, want_overlaps=True)


def overlapping_pairs(geoms):
    """Index arrays (i, j), i < j, of the polygons whose interiors overlap by more than rounding.

    The pairs ``adjacency_and_overlaps`` flags as overlapping, in the same order, for less: pairs that
    touch along an edge need no telling apart from pairs that touch at a corner, so each remaining pair
    costs one boolean pattern test (spread over the cores) instead of a full DE-9IM matrix.
    """
    left, right, overlap = _adjacency(geoms, 0.0, want_overlaps=True, only_overlaps=True)
    return left[overlap], right[overlap]


def _adjacency(geoms, merge_distance, want_overlaps, only_overlaps=False):
    geoms = np.asarray(geoms, dtype=object)
    idx = np.flatnonzero(present(geoms))
    if len(idx) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=bool)
    sub = geoms[idx]
    tree = shapely.STRtree(sub)
    if merge_distance > 0:
        left, right = tree.query(sub, predicate="dwithin", distance=float(merge_distance))
        keep = left < right
        left, right = left[keep], right[keep]
        overlap = interiors_meet(sub[left], sub[right]) if want_overlaps else np.zeros(len(left), dtype=bool)
    else:
        left, right, overlap = _touching_pairs(sub, tree, want_overlaps, only_overlaps)
    if want_overlaps and overlap.any():
        k = np.flatnonzero(overlap)
        a, b = sub[left[k]], sub[right[k]]
        shared = shapely.area(robust_binary(shapely.intersection, a, b))
        overlap[k] = shared > NEGLIGIBLE_OVERLAP * np.minimum(shapely.area(a), shapely.area(b))
    return idx[left], idx[right], overlap


def _touching_pairs(geoms, tree, want_overlaps, only_overlaps=False):
    """Pairs (i < j) whose interiors overlap or whose boundaries share a line, and the overlap flags.

    Exactly the pairs one DE-9IM matrix per box-intersecting pair would keep (cell 0 not "F": the
    interiors meet; cell 4 "1": the boundaries share a line), in the same order, but most pairs are
    settled without it. Parcels of one line are mostly exact splits of each other: neighbours carry the
    same two vertices at the ends of their common edge. Such an edge lies on both boundaries, so the pair
    is adjacent without asking GEOS. Whether its interiors also overlap is settled when the line through
    that edge has one polygon entirely on its left and the other entirely on its right (closed
    half-planes; an ordinary split). Only the pairs settled neither way get the relate. Without
    ``want_overlaps`` the returned flags are not computed (all False). With ``only_overlaps`` only the
    overlapping pairs come back, settled by a cheaper pattern test than the full matrix.
    """
    left, right = tree.query(geoms)
    keep = left < right
    left, right = left[keep], right[keep]
    shared, separated = _shared_edge_pairs(geoms, left, right, check_sides=want_overlaps)
    adjacent = shared.copy()
    overlap = np.zeros(len(left), dtype=bool)
    ask = (~shared | ~separated) if want_overlaps else ~shared
    # Boxes meet far more often than polygons: a prepared intersects (what the spatial index query with
    # a predicate runs) drops the pairs that do not touch at all before the costlier relate.
    unmatched = np.flatnonzero(~shared)
    ask[unmatched] = _prepared_intersects(geoms, left[unmatched], right[unmatched])
    k = np.flatnonzero(ask)
    if only_overlaps:
        overlap[k] = _interiors_meet(geoms, left[k], right[k])
        return left[overlap], right[overlap], overlap[overlap]
    # A pair proven adjacent by its shared edge only lacks the overlap answer, and the pattern test gives
    # it for less than the matrix (piece by piece against a large polygon: a red line with the hole
    # fills that went into it).
    settle = k[shared[k]]
    overlap[settle] = _interiors_meet(geoms, left[settle], right[settle])
    k = k[~shared[k]]
    if len(k):
        # One DE-9IM matrix answers both questions at the price of one relate: do the interiors meet
        # (overlap; cell 0), and if not, do the boundaries share a line (cell 4 is "1": edge contact) or
        # only points (corner contact, not adjacency)?
        matrix = np.asarray(robust_binary(shapely.relate, geoms[left[k]], geoms[right[k]]), dtype="S9")
        matrix = matrix.view("S1").reshape(-1, 9)
        overlap[k] = matrix[:, 0] != b"F"
        adjacent[k] |= overlap[k] | (matrix[:, 4] == b"1")
    return left[adjacent], right[adjacent], overlap[adjacent]


def _interiors_meet(geoms, left, right):
    """``interiors_meet(geoms[left], geoms[right])``; a pair of a small and a large polygon is tested
    piece by piece (``geometry.interiors_meet_large``), with the same answer."""
    large = shapely.get_num_coordinates(geoms) > LARGE_VERTICES
    one_large = large[left] != large[right]
    meet = np.zeros(len(left), dtype=bool)
    rest = np.flatnonzero(~one_large)
    meet[rest] = interiors_meet(geoms[left[rest]], geoms[right[rest]])
    mixed = np.flatnonzero(one_large)
    if len(mixed):
        swap = large[left[mixed]]
        small = np.where(swap, right[mixed], left[mixed])
        big = np.where(swap, left[mixed], right[mixed])
        meet[mixed] = interiors_meet_large(geoms, geoms, small, big)
    return meet


def share_an_edge(geoms, left, right):
    """For each pair (left[k], right[k]) of polygons: do they have an identical edge?

    True proves the two meet (both hold the points of that edge); False proves nothing (a vertex of
    one may lie on an edge of the other). No GEOS predicate is run, only the coordinates are compared,
    and validity is not asked: whether the shared points are boundary in GEOS's sense does not matter
    to "they meet".
    """
    geoms = np.asarray(geoms, dtype=object)
    return _shared_edge_pairs(geoms, left, right, check_sides=False, check_valid=False)[0]


def _prepared_intersects(geoms, left, right):
    """``intersects(geoms[left], geoms[right])`` with the left ones prepared; the caller's geometries
    are left as they came (prepared only if they were)."""
    if not len(left):
        return np.zeros(0, dtype=bool)
    query = np.unique(left)
    fresh = query[~shapely.is_prepared(geoms[query])]
    shapely.prepare(geoms[fresh])
    # Grouped by the prepared geometry, so that each is used by one thread only.
    order = np.argsort(left, kind="stable")
    meet = np.empty(len(left), dtype=bool)
    try:
        meet[order] = parallel.elementwise(
            shapely.intersects, geoms[left[order]], geoms[right[order]], groups=left[order]
        )
    finally:
        shapely.destroy_prepared(geoms[fresh])
    return meet


def _ring_vertices(geoms, usable):
    """Vertices of the non-empty polygons ``geoms[usable]``: (xy, ring, owner), each polygon's contiguous.

    ``ring`` numbers the rings (consecutive vertices with the same number are one ring's), ``owner`` is
    the polygon's index in ``geoms``. Parcels are nearly all of one ring, and their vertices are read
    straight from ``get_coordinates``; only polygons with holes or several parts are taken apart into
    rings first (a GEOS copy of every ring costs more than all the coordinates). The fast path takes a
    polygon whose first vertex comes back once, as its last vertex: that is one closed ring. With more
    rings the last vertex closes another ring (and would be the first vertex again only with that vertex
    there twice more); a first vertex repeated anywhere sends the polygon to the slower path, which is
    exact for every polygon.
    """
    xy, of = shapely.get_coordinates(geoms[usable], return_index=True)
    begins = np.flatnonzero(np.r_[True, of[1:] != of[:-1]])
    counts = np.diff(np.r_[begins, len(of)])
    returns = np.all(xy == xy[np.repeat(begins, counts)], axis=1)
    # The first vertex is there twice (opening and closing the ring) and the second time is the last.
    one_ring = (np.add.reduceat(returns.astype(np.int64), begins) == 2) & returns[begins + counts - 1]
    simple = one_ring[of]
    xy_simple, owner_simple = xy[simple], usable[of[simple]]
    complex_ = usable[~one_ring]
    if not len(complex_):
        return xy_simple, owner_simple, owner_simple
    parts, part_owner = shapely.get_parts(geoms[complex_], return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy_complex, ring_of = shapely.get_coordinates(rings, return_index=True)
    owner_complex = complex_[part_owner[ring_part[ring_of]]]
    # Ring numbers of the complex polygons start after every owner number, so they never collide.
    ring = np.concatenate([owner_simple, ring_of + len(geoms)])
    return np.concatenate([xy_simple, xy_complex]), ring, np.concatenate([owner_simple, owner_complex])


def vertex_hash(xy):
    """A 64-bit hash of each vertex's exact coordinates (equal coordinates, equal hash)."""
    bits = np.ascontiguousarray(xy, dtype=np.float64).view(np.uint64)
    h = bits[:, 0] * np.uint64(0x9E3779B97F4A7C15) ^ bits[:, 1] * np.uint64(0xC2B2AE3D27D4EB4F)
    h ^= h >> np.uint64(31)
    h *= np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(29))


def _shared_edge_pairs(geoms, left, right, check_sides, check_valid=True):
    """For the pairs (left[k], right[k]): do they have an identical edge, and does its line separate them?

    Only valid polygons take part (an invalid ring's edges need not be boundary in GEOS's sense; without
    ``check_valid`` the caller does not need them to be); any pair involving another geometry answers
    (False, False) and is left to relate. ``separated`` is only computed with ``check_sides`` (else all
    False).

    Identical edges are found by hashing: an edge's hash is the sum of its two ends' hashes, the same in
    either direction, and sorting the hashes brings identical edges together. Edges whose hashes collide
    are compared coordinate by coordinate, so a collision can only cost a pair its shortcut (it goes to
    relate), never make two polygons adjacent that are not.
    """
    shared = np.zeros(len(left), dtype=bool)
    separated = np.zeros(len(left), dtype=bool)
    if not len(left):
        return shared, separated
    kind = shapely.get_type_id(geoms)
    usable = ((kind == 3) | (kind == 6)) & ~shapely.is_empty(geoms)
    if check_valid:
        usable &= parallel.elementwise(shapely.is_valid, geoms)
    usable = np.flatnonzero(usable)
    if len(usable) < 2:
        return shared, separated
    xy, ring, owner = _ring_vertices(geoms, usable)
    xy = xy + 0.0  # -0.0 becomes 0.0: equal coordinates must hash alike

    # Edges join consecutive vertices of one ring (edge e runs from vertex e to e + 1); repeated vertices
    # make no edge.
    edge = np.flatnonzero(ring[:-1] == ring[1:])
    edge = edge[np.any(xy[edge] != xy[edge + 1], axis=1)]
    hashed = vertex_hash(xy)
    edge_hash = hashed[edge] + hashed[edge + 1]  # wraps around modulo 2**64, as intended
    order = np.argsort(edge_hash)
    edge, edge_hash = edge[order], edge_hash[order]
    del order, hashed
    same_as_next = edge_hash[:-1] == edge_hash[1:]
    # Every edge of a run of equal hashes pairs with every later one of the same run (runs are nearly
    # always two long; identical duplicates of a polygon make longer ones).
    n_edges = len(edge)
    run_start = np.r_[True, ~same_as_next]
    run_end = np.r_[np.flatnonzero(~same_as_next) + 1, n_edges]  # one past each run's last edge
    run_of = np.cumsum(run_start) - 1
    later = run_end[run_of] - np.arange(n_edges) - 1
    first = np.repeat(np.arange(n_edges), later)
    if not len(first):
        return shared, separated
    step = np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later) + 1
    one, other = edge[first], edge[first + step]
    a, b = owner[one], owner[other]
    p1, q1, p2, q2 = xy[one], xy[one + 1], xy[other], xy[other + 1]
    identical = (np.all(p1 == p2, axis=1) & np.all(q1 == q2, axis=1)) | (
        np.all(p1 == q2, axis=1) & np.all(q1 == p2, axis=1)
    )
    keep = identical & (a != b)
    one, a, b = one[keep], a[keep], b[keep]
    del p1, q1, p2, q2, first, step, other
    if not len(one):  # edges repeated only within one polygon
        return shared, separated
    n = len(geoms)
    pair_key = np.minimum(a, b) * n + np.maximum(a, b)
    pair_key, first_of_pair = np.unique(pair_key, return_index=True)  # one edge per pair is enough
    one = one[first_of_pair]

    box_key = left.astype(np.int64) * n + right
    where = np.minimum(np.searchsorted(pair_key, box_key), len(pair_key) - 1)
    shared = pair_key[where] == box_key
    if not check_sides or not shared.any():
        return shared, separated
    # Each polygon's vertices are contiguous: where the owner changes, the next polygon's begin.
    begins = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    vertex_start = np.zeros(n, dtype=np.int64)
    vertex_count = np.zeros(n, dtype=np.int64)
    vertex_start[owner[begins]] = begins
    vertex_count[owner[begins]] = np.diff(np.r_[begins, len(owner)])
    matched = np.flatnonzero(shared)

    def side_test(k):
        p, q = xy[one[where[k]]], xy[one[where[k]] + 1]
        a_left, a_right = _all_on_one_side(xy, vertex_start, vertex_count, left[k], p, q)
        b_left, b_right = _all_on_one_side(xy, vertex_start, vertex_count, right[k], p, q)
        return (a_left & b_right) | (a_right & b_left)

    # In slices: the side test holds a dozen arrays of one entry per vertex of every pair. The slices
    # share only numbers, and numpy computes without the interpreter lock, so they run on all cores.
    slices = [matched[begin:begin + SIDE_TEST_PAIRS] for begin in range(0, len(matched), SIDE_TEST_PAIRS)]
    for k, result in zip(slices, parallel.map_ordered(side_test, slices)):
        separated[k] = result
    return shared, separated


# Pairs side-tested at a time: about 30 MB of temporary arrays for parcels of a dozen vertices.
SIDE_TEST_PAIRS = 1 << 15

# Shewchuk's first error bound for the 2 x 2 orientation determinant: when the computed determinant
# exceeds this share of its terms' magnitudes, its sign is the exact one.
_ORIENT_ERROR = (3.0 + 16.0 * 2.0**-53) * 2.0**-53


def _all_on_one_side(xy, vertex_start, vertex_count, polygons, p, q):
    """For each polygon, are all its vertices surely left of (or on) the line p→q, and surely right (or on)?

    A polygon lies in the convex hull of its vertices, so all vertices on one closed side put the whole
    polygon there. Signs come from a floating point determinant with an error bound: a vertex whose side
    is uncertain counts as on neither, and its pair goes to relate.
    """
    counts = vertex_count[polygons]
    offsets = np.cumsum(counts) - counts
    vertex = np.repeat(vertex_start[polygons] - offsets, counts) + np.arange(counts.sum())
    vx, vy = xy[vertex, 0], xy[vertex, 1]
    term_l = (np.repeat(p[:, 0], counts) - vx) * (np.repeat(q[:, 1], counts) - vy)
    term_r = (np.repeat(p[:, 1], counts) - vy) * (np.repeat(q[:, 0], counts) - vx)
    det = term_l - term_r
    # The terms' signs are exact; when they differ (or one is zero) so is the determinant's sign.
    exact_sign = (term_l == 0) | (term_r == 0) | ((term_l > 0) != (term_r > 0))
    sure = exact_sign | (np.abs(det) >= _ORIENT_ERROR * (np.abs(term_l) + np.abs(term_r)))
    on_left, on_right = sure & (det >= 0), sure & (det <= 0)
    return np.logical_and.reduceat(on_left, offsets), np.logical_and.reduceat(on_right, offsets)


def connected_components(n, left, right):
    """Label ``n`` nodes joined by edges (left[k], right[k]); labels are 0..k-1 in order of first node.

    Vectorised union-find: every round hooks the larger root of each edge under the smaller, then
    compresses paths by pointer jumping. It needs O(log n) rounds on real adjacency graphs, each a few
    numpy passes, so 100 000 parcels label in well under a second with no dependency beyond numpy.
    """
    parent = np.arange(n, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    while len(left):
        root_l, root_r = parent[left], parent[right]
        differ = root_l != root_r
        if not differ.any():
            break
        low = np.minimum(root_l[differ], root_r[differ])
        high = np.maximum(root_l[differ], root_r[differ])
        np.minimum.at(parent, high, low)
        while True:  # pointer jumping until every node points at its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        # Edges already inside one component never matter again.
        left, right = left[differ], right[differ]
    _, labels = np.unique(parent, return_inverse=True)
    # np.unique numbers roots by value; a root is its component's smallest node, so this is first-node order.
    return labels.astype(np.int64)


def label_patches(geoms, merge_distance=0.0):
    """Patch label of every polygon (-1 for missing or empty geometries) and the number of patches."""
    left, right = adjacency_pairs(geoms, merge_distance)
    return _labels(geoms, left, right)


def label_patches_with_overlaps(geoms, merge_distance=0.0):
    """``label_patches`` plus the pairs (i, j) of polygons whose interiors overlap, from the same relate."""
    left, right, overlap = adjacency_and_overlaps(geoms, merge_distance)
    labels, n_patches = _labels(geoms, left, right)
    return labels, n_patches, left[overlap], right[overlap]


def _labels(geoms, left, right):
    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    labels = connected_components(n, left, right)
    usable = present(geoms)
    labels = np.where(usable, labels, -1)
    # Renumber so that labels of present features are 0..k-1 without gaps.
    used, labels_present = np.unique(labels[usable], return_inverse=True)
    out = np.full(n, -1, dtype=np.int64)
    out[usable] = labels_present
    return out, len(used)


def patch_sums(labels, values, n_patches):
    """Sum ``values`` per patch label (labels -1 are ignored)."""
    labels = np.asarray(labels)
    ok = labels >= 0
    return np.bincount(labels[ok], weights=np.asarray(values, dtype=float)[ok], minlength=n_patches)
