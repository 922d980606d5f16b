"""Choosing the land that balances a control line's swap-outs and swap-ins (进出平衡).

The pure core of planmaint:edgeswap. Geometries are shapely, areas are m² returned by a ``measure``
callable given by the caller (planar or ellipsoidal), so the exact split works with either area method.

Words used here
- *line*: the features of one control line (PBF, EPR or UDB).
- *unit*: one single-part polygon of candidate land that may move: outside the line when land is swapped
  in, inside it when land is swapped out. Units never overlap each other.
- *adjacent*: sharing a stretch of boundary. A single common corner point is not adjacency, the same rule
  as for patches (a dissolve keeps corner-touching polygons apart).
- *contact*: the stretch of a unit's boundary it shares with the line (or the line's outer edge) and with
  the units already chosen; the last unit is cut so that the part kept lies against its contact.

How the growth works (ADJACENT_FIRST): units adjacent to the line are put in a priority queue; the best
one (highest priority, then reading order) is taken whole while it fits in the remaining area, and its
neighbours join the queue. Only when the queue is empty does a detached unit start a new front (swap-ins
only: a swap-out that touches neither the outer edge nor land already taken out would leave a hole). The
unit that does not fit is cut to the exact remaining area. Adjacency comes from spatial-index bulk
queries done once; the growth itself only walks the neighbour lists through a heap, never rescanning
the pool.
"""
import functools
import heapq
import math
from dataclasses import dataclass

import numpy as np
import shapely

from . import parallel
from .geometry import polygonal_part
from .patches import adjacency_pairs

# The cut of the last unit stops when its area is this close to the target: well inside the 0.01 m² a
# balance must reach, leaving room for the round-off of the overlays that build the output.
SPLIT_TOLERANCE_M2 = 0.002
# Boundaries are cut into pieces of at most this many vertices before indexing, so that a dissolved line
# (an EPR ring of 100 000 vertices) is tested for contact piece by piece, never as one huge geometry.
CHUNK_VERTICES = 64
# Geometries with more vertices than this are the prepared side of spatial queries and containment tests.
COMPLEX_VERTICES = 500
# Lines with more vertices than this are clipped near each parcel before an overlay (``intersection_near``);
# below, the whole overlay costs no more than the clip and its check (the benchmark county's development
# boundary, 1 430 vertices at most, gained nothing; its red line, 8 000, 40 %).
CLIP_VERTICES = 2000
# Closing a gap without cutting looks at this many candidate units on each side (additions, removals),
# and at no more than this many matching combinations of one size.
GAP_POOL = 200
GAP_MATCHES = 5000

UNSEEN, FRONTIER, TAKEN, SKIPPED = 0, 1, 2, 3

_BOUNDARY_ON_LINE = "***1*****"  # polygon boundary ∩ line interior is one-dimensional
# One edge cut by two overlays (a parcel and the line, both cut by the same project) comes out as two copies a
# rounding apart. GEOS 3.11 then sees the unit touch the line at points and GEOS 3.13 along the edge; measured
# with this tolerance, every GEOS sees the edge.
CONTACT_TOLERANCE_M = 1e-6
# A stretch of boundary within the tolerance and shorter than this is a corner, not an edge.
MIN_CONTACT_M = 1e-3


# --------------------------------------------------------------------------------------------- geometry


def polygonal(geoms):
    """Reduce every geometry to its polygons; missing, empty or non-polygonal results become None."""
    geoms = np.array(geoms, dtype=object, copy=True)
    if not len(geoms):
        return geoms
    kinds = shapely.get_type_id(geoms)
    empty = shapely.is_empty(geoms)
    geoms[empty] = None
    odd = (kinds >= 0) & ~empty & ~np.isin(kinds, (3, 6))
    for k in np.flatnonzero(odd):
        geoms[k] = polygonal_part(geoms[k])
    return geoms


def overlap_pairs(geoms, others, same=False):
    """Index pairs (i, j) where geoms[i] and others[j] share interior points (touching is not enough).

    ``same``: ``others`` is ``geoms`` itself; only pairs with i != j are returned (both orders).

    On a parcel coverage most intersecting pairs are neighbours that only touch. Testing every pair for
    "touches" costs several times more than the index query itself, so each of ``geoms`` is shrunk
    towards its centre by a few hundred floating-point steps first (a few micrometres at county
    coordinates): neighbours that only touch then no longer intersect, while any overlap wider than that
    still does. A shrunk non-convex polygon may poke a few micrometres into a neighbour; such a pair is
    reported too, which costs an overlay that changes nothing, never a wrong answer.
    """
    geoms = np.asarray(geoms, dtype=object)
    others = np.asarray(others, dtype=object)
    gi, oj = _query_pairs(_shrunk(geoms), others, "intersects")
    if same:
        keep = gi != oj
        gi, oj = gi[keep], oj[keep]
    return gi, oj


def _shrunk(geoms):
    """Copies of ``geoms`` scaled towards their bounding-box centre by about 1e-12 of their coordinates."""
    out = np.array(geoms, dtype=object, copy=True)
    present = np.flatnonzero(~shapely.is_missing(out) & ~shapely.is_empty(out))
    if not len(present):
        return out
    g = out[present]
    box = shapely.bounds(g)
    centre = np.column_stack([(box[:, 0] + box[:, 2]) / 2, (box[:, 1] + box[:, 3]) / 2])
    radius = 0.5 * np.hypot(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
    step = 1e-12 * (np.abs(centre).sum(axis=1) + radius)
    scale = 1.0 - step / np.where(radius > 0, radius, np.inf)
    counts = shapely.get_num_coordinates(g)
    centres = np.repeat(centre, counts, axis=0)
    scales = np.repeat(scale, counts)[:, None]
    out[present] = shapely.transform(g, lambda xy: centres + scales * (xy - centres))
    return out


def _query_pairs(geoms, others, predicate):
    """Pairs (i, j) with predicate(geoms[i], others[j]) for a symmetric predicate, through a spatial index.

    The index query tests each query geometry prepared. Preparing a small parcel and testing it against
    a dissolved red line of 100 000 vertices costs a full pass over that line for every parcel, so
    complex geometries of ``others`` are used as the prepared side, queried against an index of ``geoms``.
    Of the simple ones, the side with fewer geometries is prepared.
    """
    none = np.empty(0, dtype=np.int64)
    if not len(geoms) or not len(others):
        return none, none
    complex_ = shapely.get_num_coordinates(others) > COMPLEX_VERTICES
    found_i, found_j = [none], [none]
    simple = np.flatnonzero(~complex_)
    if len(simple) > len(geoms):
        gi, k = shapely.STRtree(others[simple]).query(geoms, predicate=predicate)
        found_i.append(gi.astype(np.int64))
        found_j.append(simple[k])
    elif len(simple):
        # Fewer of ``others``: they are the prepared side, tested against an index of ``geoms`` (for the
        # shrunk copies overlap_pairs passes, also the cheaper side: 116 000 candidate parcels against 89 000
        # blockers of the benchmark county took 4.7 s, now 3.0 s). Pairs keep the order the other way gives
        # (by ``geoms``, then in the index's order of ``others``), which ``subtract`` applies them in: the
        # index's box pairs, of which those passing the predicate are kept.
        gi, k = shapely.STRtree(others[simple]).query(geoms)
        hit_k, hit_i = shapely.STRtree(geoms).query(others[simple], predicate=predicate)
        n = np.int64(len(simple))
        keep = np.isin(gi.astype(np.int64) * n + k, hit_i.astype(np.int64) * n + hit_k)
        found_i.append(gi[keep].astype(np.int64))
        found_j.append(simple[k[keep]])
    big = np.flatnonzero(complex_)
    if len(big):
        k, gi = shapely.STRtree(geoms).query(others[big], predicate=predicate)
        found_i.append(gi.astype(np.int64))
        found_j.append(big[k])
    return np.concatenate(found_i), np.concatenate(found_j)


def subtract(geoms, others, gi, oj, union_above=8):
    """geoms[i] minus every others[j] paired with it; returns a new array (None where nothing is left).

    Pairs are applied in vectorised rounds (the k-th overlapping geometry of every feature at once); a
    feature overlapped by many others takes their union in one difference instead.
    """
    out = np.array(geoms, dtype=object, copy=True)
    gi = np.asarray(gi, dtype=np.int64)
    oj = np.asarray(oj, dtype=np.int64)
    if not len(gi):
        return out
    # Wholly covered features vanish without an overlay (a PBF parcel that is also a candidate parcel).
    # The tests run on the covering geometry, prepared (in place, once) when it is complex. Cheap ones
    # first: inside clear of the edge, or the very same ring. covers() then settles the rest against
    # simple geometries; against a complex one (a red line built from these parcels, touched from inside
    # by thousands of them) it costs far more than the difference below, which leaves them empty, or with a
    # rounding sliver that is then settled by covers() after all (see the end).
    is_complex = shapely.get_num_coordinates(others[oj]) > COMPLEX_VERTICES
    complex_ = np.unique(oj[is_complex])
    if len(complex_):
        shapely.prepare(others[complex_])
    covered = shapely.contains_properly(others[oj], out[gi]) | shapely.equals_exact(others[oj], out[gi], 0)
    rest = np.flatnonzero(~covered & ~is_complex)
    covered[rest] = parallel.elementwise(shapely.covers, others[oj[rest]], out[gi[rest]])
    unsettled = np.flatnonzero(~covered & is_complex)
    unsettled_gi, unsettled_oj = gi[unsettled], oj[unsettled]
    gone = np.unique(gi[covered])
    out[gone] = None
    keep = ~np.isin(gi, gone)
    gi, oj = gi[keep], oj[keep]
    if not len(gi):
        return out
    order = np.argsort(gi, kind="stable")
    gi, oj = gi[order], oj[order]
    starts = np.flatnonzero(np.r_[True, gi[1:] != gi[:-1]])
    counts = np.diff(np.r_[starts, len(gi)])
    many = counts > union_above
    for start, count in zip(starts[many], counts[many]):
        target = gi[start]
        out[target] = shapely.difference(out[target], shapely.union_all(others[oj[start:start + count]]))
    few = np.repeat(~many, counts)
    gi, oj = gi[few], oj[few]
    # gi is sorted: a pair's rank is its distance from the first pair of its feature.
    rank = np.arange(len(gi)) - np.searchsorted(gi, gi, side="left")
    for r in range(int(rank.max()) + 1 if len(rank) else 0):
        sel = rank == r
        out[gi[sel]] = shapely.difference(out[gi[sel]], others[oj[sel]])
    _drop_covered_slivers(out, geoms, others, unsettled_gi, unsettled_oj)
    return polygonal(out)


# A remainder smaller than this share of its feature is either a rounding sliver of a covered feature or
# ground no survey could see; covers() decides which.
SLIVER_SHARE = 1e-6


def _drop_covered_slivers(out, geoms, others, gi, oj):
    """Set out[i] to None where a difference left a sliver of a feature that others[j] covers (in place).

    The overlay of a feature with a complex geometry covering it can leave a sliver of a few nanometres
    squared along their shared edge; covers() says the feature is gone, as it says for simple geometries.
    """
    if not len(gi):
        return
    left = np.flatnonzero(~shapely.is_missing(out[gi]))
    remainder = shapely.area(out[gi[left]])
    tiny = np.zeros(len(gi), dtype=bool)
    # An empty remainder is gone already; only a sliver with an area needs the test.
    tiny[left] = (remainder > 0) & (remainder <= SLIVER_SHARE * shapely.area(geoms[gi[left]]))
    k = np.flatnonzero(tiny)
    if len(k):
        covered = shapely.covers(others[oj[k]], geoms[gi[k]])
        out[np.unique(gi[k][covered])] = None


def clip_to(geoms, others, gi, oj):
    """The polygonal part of geoms[gi[k]] ∩ others[oj[k]] for every pair k (None where nothing is left).

    A candidate parcel lying inside the line clear of its edge (most of them, when the line is a red line
    or a boundary of a few large polygons) is its own intersection: it is taken as it is, without an
    overlay whose cost grows with the large polygon's vertices. The others are overlaid. (``covers`` would
    also take the parcels touching the edge from inside, but on a line built from those very parcels it
    costs more than the overlays it saves: 8 s against 2.5 s for 7 000 pairs of a 100 000-parcel county.)
    """
    gi = np.asarray(gi, dtype=np.int64)
    oj = np.asarray(oj, dtype=np.int64)
    out = np.empty(len(gi), dtype=object)
    if not len(gi):
        return out
    # The test runs on the line's geometry, prepared (in place, once) when it is complex.
    complex_ = np.unique(oj[shapely.get_num_coordinates(others[oj]) > COMPLEX_VERTICES])
    if len(complex_):
        shapely.prepare(others[complex_])
    inside = np.asarray(shapely.contains_properly(others[oj], geoms[gi]), dtype=bool)
    out[inside] = geoms[gi[inside]]
    cut = np.flatnonzero(~inside)
    if len(cut):
        out[cut] = intersection_near(geoms[gi[cut]], others[oj[cut]])
    return polygonal(out)


def intersection_near(small, large):
    """``shapely.intersection(small, large)`` pairwise; a large ``large[k]`` is first clipped near ``small[k]``.

    An overlay walks every vertex of both inputs, and a parcel on the edge of a red line meets a few dozen
    of its thousands. The line is therefore clipped to a box around the parcel (a rectangle clip is one
    linear pass, no overlay). Inside the box the clip keeps the line's own vertices and edges, except that
    an edge leaving the box is shortened to the box, its new end rounded. A parcel touching none of those
    shortened edges meets the clip exactly where it meets the line, so its intersection is computed from
    the clip; any other pair (and any pair whose clip is not valid) is overlaid with the whole line, as
    before. The box reaches twice the parcel's size beyond it on each side: on the benchmark county's red
    line 2 % of the pairs then go to the whole line (23 % with half the size), and a clip keeps 64
    vertices on average.
    """
    small = np.asarray(small, dtype=object)
    large = np.asarray(large, dtype=object)
    out = np.empty(len(small), dtype=object)
    near = (shapely.get_num_coordinates(large) > CLIP_VERTICES) & ~shapely.is_empty(small)
    near &= ~shapely.is_missing(small) & ~shapely.is_missing(large)
    k = np.flatnonzero(near)
    if len(k):
        x0, y0, x1, y1 = shapely.bounds(small[k]).T
        margin = 2.0 * np.maximum(x1 - x0, y1 - y0) + 1e-9 * np.abs(np.c_[x0, y0, x1, y1]).max(axis=1)
        box = np.c_[x0 - margin, y0 - margin, x1 + margin, y1 + margin]
        clips = np.empty(len(k), dtype=object)
        clips[:] = [shapely.clip_by_rect(g, *b) for g, b in zip(large[k], box)]
        exact = shapely.is_valid(clips) & ~_meets_box_edges(small[k], clips, box)
        out[k[exact]] = parallel.elementwise(shapely.intersection, small[k[exact]], clips[exact])
        near[k[~exact]] = False
    whole = np.flatnonzero(~near)
    out[whole] = shapely.intersection(small[whole], large[whole])
    return out


def _meets_box_edges(small, clips, box):
    """Whether small[k] intersects an edge of clips[k] with an end on the border of box[k].

    Those edges are the ones the clip made or shortened (or the line's own edges ending exactly on the
    border, which are taken along to be safe): the only edges of a clip that differ from the line's.
    """
    meets = np.zeros(len(small), dtype=bool)
    parts, part_of = shapely.get_parts(clips, return_index=True)
    parts_polygons = shapely.get_type_id(parts) == 3
    parts, part_of = parts[parts_polygons], part_of[parts_polygons]
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    if not len(xy):
        return meets
    owner = part_of[ring_part[ring]]
    b = box[owner]
    on_border = (xy[:, 0] == b[:, 0]) | (xy[:, 0] == b[:, 2]) | (xy[:, 1] == b[:, 1]) | (xy[:, 1] == b[:, 3])
    edge = np.flatnonzero((ring[:-1] == ring[1:]) & (on_border[:-1] | on_border[1:]))
    if not len(edge):
        return meets
    lines = shapely.linestrings(np.stack([xy[edge], xy[edge + 1]], axis=1))
    hit = shapely.intersects(small[owner[edge]], lines)
    meets[np.unique(owner[edge][hit])] = True
    return meets


def snap_to(geoms, targets, tolerance):
    """``geoms`` with every vertex lying within ``tolerance`` of a vertex or edge of ``targets`` moved onto it.

    Two layers digitised on the same parcel edges stop sharing them exactly once one of them is
    reprojected: the transform leaves nanometres of floating-point noise, and a candidate parcel then no
    longer touches the line (so it is taken for a detached one) or overlaps it by a sliver. Snapping
    within a micrometre puts the shared edges back together without moving anything a survey could see.
    ``targets`` should be small (boundary chunks), since each snap indexes its target. Returns a new array.
    """
    geoms = np.array(geoms, dtype=object, copy=True)
    targets = np.asarray(targets, dtype=object)
    present = np.flatnonzero(~shapely.is_missing(geoms) & ~shapely.is_empty(geoms))
    if not len(present) or not len(targets) or tolerance <= 0:
        return geoms
    tj, gi = shapely.STRtree(geoms[present]).query(targets, predicate="dwithin", distance=tolerance)
    if not len(gi):
        return geoms
    gi = present[gi]
    order = np.argsort(gi, kind="stable")
    gi, tj = gi[order], tj[order]
    # In rounds: the k-th nearby target of every geometry at once.
    rank = np.arange(len(gi)) - np.searchsorted(gi, gi, side="left")
    for r in range(int(rank.max()) + 1):
        sel = rank == r
        geoms[gi[sel]] = shapely.snap(geoms[gi[sel]], targets[tj[sel]], tolerance)
    changed = np.unique(gi)
    broken = changed[~shapely.is_valid(geoms[changed])]
    if len(broken):
        geoms[broken] = [polygonal_part(g) for g in shapely.make_valid(geoms[broken])]
    return geoms


def absorb_remnants(geoms, owner, pieces, measure, limit):
    """``pieces`` (each cut from ``geoms[owner[k]]``) grown to take in what would be left of their feature
    when that is under ``limit`` m².

    A swap-out polygon drawn in another CRS, or digitised a hair off the parcel edge, covers a parcel all
    but a sliver of a few mm². Cutting it would keep the parcel in the line as that sliver, with all its
    attributes (a steep parcel that seems never to have left). Such a feature leaves whole instead: its
    largest piece becomes the feature minus its other pieces, so the area counted out is exactly what
    leaves. Returns a new array.
    """
    pieces = np.array(pieces, dtype=object, copy=True)
    owner = np.asarray(owner, dtype=np.int64)
    if not len(pieces):
        return pieces
    left = subtract(geoms, pieces, owner, np.arange(len(pieces)))
    touched = np.unique(owner)
    rest = left[touched]
    present = np.flatnonzero(~shapely.is_missing(rest))
    small = touched[present[measure(rest[present]) < limit]] if len(present) else present
    if not len(small):
        return pieces
    # The largest piece of each such feature takes the remnant.
    piece_m2 = measure(pieces)
    order = np.lexsort((-piece_m2, owner))
    firsts = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    largest = dict(zip(owner[firsts].tolist(), firsts.tolist()))
    for feature in small.tolist():
        k = largest[feature]
        others = np.flatnonzero((owner == feature) & (np.arange(len(pieces)) != k))
        whole = geoms[feature]
        if len(others):
            whole = polygonal_part(shapely.difference(whole, shapely.union_all(pieces[others])))
        pieces[k] = whole
    return pieces


def make_disjoint(geoms, rank):
    """Remove from each geometry what it shares with a better-ranked one (lower ``rank`` wins)."""
    geoms = np.asarray(geoms, dtype=object)
    rank = np.asarray(rank)
    gi, oj = overlap_pairs(geoms, geoms, same=True)
    worse = rank[gi] > rank[oj]
    return subtract(geoms, geoms, gi[worse], oj[worse])


def explode(geoms):
    """Single-part polygons of ``geoms`` and the index of the geometry each came from."""
    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms):
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    keep = ~shapely.is_empty(parts)
    return np.asarray(parts[keep], dtype=object), owner[keep].astype(np.int64)


def chunk_lines(lines, max_vertices=CHUNK_VERTICES):
    """Cut linestrings into consecutive pieces of at most ``max_vertices`` vertices.

    Returns (chunks, line index of each chunk). Consecutive chunks share their end vertex, so together
    they cover every segment exactly once.
    """
    lines = np.asarray(lines, dtype=object)
    none = np.empty(0, dtype=np.int64)
    if not len(lines):
        return np.empty(0, dtype=object), none
    coords, which = shapely.get_coordinates(lines, return_index=True)
    counts = np.bincount(which, minlength=len(lines))
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    segments = np.maximum(counts - 1, 0)
    per_chunk = max(1, max_vertices - 1)
    n_chunks = -(-segments // per_chunk)
    line_of = np.repeat(np.arange(len(lines)), n_chunks)
    if not len(line_of):
        return np.empty(0, dtype=object), none
    first_chunk = np.cumsum(n_chunks) - n_chunks
    k = np.arange(len(line_of)) - np.repeat(first_chunk, n_chunks)
    begin = k * per_chunk
    end = np.minimum(begin + per_chunk, segments[line_of])
    lengths = end - begin + 1
    before = np.cumsum(lengths) - lengths
    vertex = np.repeat(starts[line_of] + begin - before, lengths) + np.arange(lengths.sum())
    chunks = shapely.linestrings(coords[vertex], indices=np.repeat(np.arange(len(lengths)), lengths))
    return np.asarray(chunks, dtype=object), line_of.astype(np.int64)


def boundary_chunks(polys, exterior_only=False):
    """Boundary pieces of polygons (every ring, or only exterior rings) and the polygon each belongs to."""
    polys = np.asarray(polys, dtype=object)
    parts, owner = explode(polys)
    if not len(parts):
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    rings = [shapely.get_exterior_ring(parts)]
    ring_owner = [owner]
    if not exterior_only:
        n_holes = shapely.get_num_interior_rings(parts)
        if n_holes.sum():
            which = np.repeat(np.arange(len(parts)), n_holes)
            number = np.arange(len(which)) - np.repeat(np.cumsum(n_holes) - n_holes, n_holes)
            rings.append(shapely.get_interior_ring(parts[which], number))
            ring_owner.append(owner[which])
    rings = np.concatenate(rings)
    ring_owner = np.concatenate(ring_owner)
    chunks, ring_of = chunk_lines(rings)
    return chunks, ring_owner[ring_of]


def edge_contacts(units, chunks):
    """Pairs (unit, chunk) where the unit's boundary runs along the chunk for a positive length."""
    units = np.asarray(units, dtype=object)
    chunks = np.asarray(chunks, dtype=object)
    none = np.empty(0, dtype=np.int64)
    if not len(units) or not len(chunks):
        return none, none
    tree = shapely.STRtree(chunks)
    ui, cj = tree.query(units, predicate="intersects")
    if len(ui):
        on_line = functools.partial(shapely.relate_pattern, pattern=_BOUNDARY_ON_LINE)
        keep = parallel.elementwise(on_line, units[ui], chunks[cj])
        doubtful = np.flatnonzero(~keep)  # they meet, but not along an edge as GEOS computes it
        if len(doubtful):
            near = shapely.intersection(shapely.boundary(units[ui[doubtful]]),
                                        shapely.buffer(chunks[cj[doubtful]], CONTACT_TOLERANCE_M, quad_segs=1))
            keep[doubtful] = shapely.length(near) > MIN_CONTACT_M
        ui, cj = ui[keep], cj[keep]
    return ui.astype(np.int64), cj.astype(np.int64)


def neighbour_lists(n, left, right):
    """Compressed neighbour lists (pointer, index) of an undirected graph given by its edges."""
    a = np.r_[np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)]
    b = np.r_[np.asarray(right, dtype=np.int64), np.asarray(left, dtype=np.int64)]
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    pointer = np.searchsorted(a, np.arange(n + 1))
    return pointer, b


def unit_neighbours(units):
    """Neighbour lists of the units (adjacent = sharing a stretch of boundary)."""
    left, right = adjacency_pairs(units)
    return neighbour_lists(len(units), left, right)


def contact_between(unit, references):
    """The stretch of ``unit``'s boundary that it shares with ``references`` (lines or polygons), or None."""
    refs = [r for r in references if r is not None and not r.is_empty]
    if unit is None or not refs:
        return None
    lines = [shapely.boundary(r) if shapely.get_dimensions(r) == 2 else r for r in refs]
    shared = shapely.intersection(shapely.boundary(unit), shapely.union_all(lines))
    parts = [
        p for p in shapely.get_parts(shapely.get_parts(shared))
        if shapely.get_type_id(p) in (1, 2) and not p.is_empty
    ]
    if not parts:
        return None
    return shapely.multilinestrings(parts)


def _area(measure, geom):
    if geom is None or geom.is_empty:
        return 0.0
    return float(measure(np.array([geom], dtype=object))[0])


def _straight_cut(unit, contact):
    """Cutter sweeping a straight line parallel to the contact, away from it into the unit."""
    centre = np.array(shapely.get_coordinates(shapely.centroid(unit))[0])
    if shapely.get_dimensions(contact) == 1:
        xy_parts = [shapely.get_coordinates(p) for p in shapely.get_parts(contact)]
        dx = np.concatenate([np.diff(c[:, 0]) for c in xy_parts])
        dy = np.concatenate([np.diff(c[:, 1]) for c in xy_parts])
        weight = np.hypot(dx, dy)
        if weight.sum() <= 0:
            return None
        # Mean direction of the shared edge; doubled angles so that opposite segment directions agree.
        angle = 2 * np.arctan2(dy, dx)
        theta = 0.5 * math.atan2((weight * np.sin(angle)).sum(), (weight * np.cos(angle)).sum())
        tangent = np.array([math.cos(theta), math.sin(theta)])
        normal = np.array([-tangent[1], tangent[0]])
        origin = np.array(shapely.get_coordinates(shapely.centroid(contact))[0])
    else:
        origin = np.array(shapely.get_coordinates(contact)[0])
        away = centre - origin
        length = float(np.hypot(*away))
        normal = away / length if length > 0 else np.array([0.0, 1.0])
        tangent = np.array([normal[1], -normal[0]])
    if np.dot(centre - origin, normal) < 0:
        normal = -normal
    xy = shapely.get_coordinates(unit) - origin
    along_n = xy @ normal
    along_t = xy @ tangent
    low, high = float(along_n.min()), float(along_n.max())
    margin = 1.0 + (high - low) + float(along_t.max() - along_t.min())
    t_low, t_high = float(along_t.min()) - margin, float(along_t.max()) + margin
    back = low - margin

    def piece_at(s):
        corners = [
            origin + tangent * t_low + normal * back,
            origin + tangent * t_high + normal * back,
            origin + tangent * t_high + normal * s,
            origin + tangent * t_low + normal * s,
        ]
        return polygonal_part(shapely.intersection(unit, shapely.Polygon(corners)))

    return piece_at, low, high


def _band_cut(unit, contact):
    """Cutter keeping the part of the unit within a growing distance of the contact."""
    xy = shapely.get_coordinates(unit)
    far = float(shapely.distance(shapely.points(xy), contact).max())

    def piece_at(d):
        if d <= 0:
            return None
        return polygonal_part(shapely.intersection(unit, shapely.buffer(contact, d, quad_segs=16)))

    return piece_at, 0.0, far * 1.05 + 1e-6


def _solve(piece_at, low, high, target, measure, tolerance, max_iter=200):
    """Find s in [low, high] with area(piece_at(s)) = target (the area grows with s): Illinois method.

    Returns (piece, area) of the closest piece found.
    """
    f_low = -target
    top = piece_at(high)
    f_high = _area(measure, top) - target
    for _ in range(5):  # a band reaches the far corners a little later than their distance says
        if f_high >= 0:
            break
        high = 2 * high - low
        top = piece_at(high)
        f_high = _area(measure, top) - target
    best = (abs(f_high), top, f_high + target)
    if f_high < 0:
        return best[1], best[2]
    side = 0
    for step in range(max_iter):
        if step % 5 == 4 or f_high == f_low:
            s = 0.5 * (low + high)
        else:
            s = (low * f_high - high * f_low) / (f_high - f_low)
            if not low < s < high:
                s = 0.5 * (low + high)
        piece = piece_at(s)
        area = _area(measure, piece)
        f = area - target
        if abs(f) < best[0]:
            best = (abs(f), piece, area)
        if abs(f) <= tolerance:
            break
        if f < 0:
            low, f_low = s, f
            if side < 0:
                f_high *= 0.5
            side = -1
        else:
            high, f_high = s, f
            if side > 0:
                f_low *= 0.5
            side = 1
        if high - low <= 1e-12 * max(1.0, abs(low), abs(high)):
            break
    return best[1], best[2]


def _lies_against(piece, contact):
    """Every part of ``piece`` runs along ``contact`` (always true for a point contact)."""
    if shapely.get_dimensions(contact) != 1:
        return True
    parts = shapely.get_parts(piece)
    return bool(np.all(shapely.relate_pattern(parts, contact, _BOUNDARY_ON_LINE)))


def cut_to_area(unit, target, contact, measure, tolerance=SPLIT_TOLERANCE_M2):
    """Cut ``unit`` so that the kept piece measures ``target`` m² and lies against ``contact``.

    ``contact`` is the shared edge (lines) or, for a detached unit, the point of the unit nearest the
    line. The cut is a straight line parallel to the shared edge, moved by the Illinois variant of
    regula falsi until the area is exact; where a straight cut would give a piece not touching the edge
    (a unit wrapped round a corner of the line), a band along the edge is widened instead. Returns
    (piece, measured area); the piece is the whole unit when the target is not smaller than it.
    """
    total = _area(measure, unit)
    if target >= total - tolerance:
        return unit, total
    if target <= 0:
        return None, 0.0
    fallback = None
    for cutter in (_straight_cut, _band_cut):
        made = cutter(unit, contact)
        if made is None:
            continue
        piece, area = _solve(made[0], made[1], made[2], target, measure, tolerance)
        if piece is None:
            continue
        if abs(area - target) <= tolerance and _lies_against(piece, contact):
            return piece, area
        if fallback is None or abs(area - target) < abs(fallback[1] - target):
            fallback = (piece, area)
    if fallback is None:
        return None, 0.0
    return fallback


# ---------------------------------------------------------------------------------------------- choice


@dataclass
class Growth:
    """What ``grow`` chose: ``taken`` in the order taken, the ``last`` unit to cut to ``last_target`` m²
    (-1 when none), and the ``gap`` still open (m²; not above the slack unless the units ran out, or,
    without cutting, no unit left fits)."""

    taken: list
    last: int
    last_target: float
    gap: float
    state: np.ndarray
    parent: np.ndarray
    rank_of: np.ndarray


def preference_rank(priority, order):
    """Rank 0 is taken first: higher priority first, then lower ``order`` (reading order)."""
    priority = np.asarray(priority, dtype=float)
    priority = np.where(np.isnan(priority), -np.inf, priority)
    ranking = np.lexsort((np.asarray(order), -priority))
    rank_of = np.empty(len(ranking), dtype=np.int64)
    rank_of[ranking] = np.arange(len(ranking))
    return ranking, rank_of


def grow(area, priority, order, seeds, pointer, neighbours, need, adjacent_first=True,
         allow_detached=True, split=True, tolerance=1.0, check=None):
    """Choose units worth ``need`` m².

    ``seeds``: units adjacent to the line (or to its outer edge when swapping out). With
    ``adjacent_first`` the choice grows from the seeds through ``neighbours`` (compressed lists from
    ``neighbour_lists``), best rank first; a detached unit is started only when nothing adjacent is left
    and ``allow_detached``. Without it units are taken in rank order alone.

    With ``split`` a unit is taken whole while it fits, and the first that does not fit becomes ``last``,
    to be cut to ``last_target``. Without it whole units are taken while they fit within ``tolerance``,
    the others skipped; see ``close_gap`` for what to do with the gap left.
    """
    area = np.asarray(area, dtype=float)
    n = len(area)
    ranking, rank_of = preference_rank(priority, order)
    state = np.zeros(n, dtype=np.int8)
    parent = np.full(n, -1, dtype=np.int64)
    slack = SPLIT_TOLERANCE_M2 if split else float(tolerance)
    remaining = float(need)
    taken = []
    heap = []
    if adjacent_first:
        for u in np.flatnonzero(seeds):
            state[u] = FRONTIER
            heap.append(rank_of[u])
        heapq.heapify(heap)
    cursor = 0
    last, last_target = -1, 0.0
    steps = 0
    while remaining > slack:
        steps += 1
        if check is not None and steps % 1000 == 0:
            check()
        if heap:
            u = int(ranking[heapq.heappop(heap)])
        elif adjacent_first and not allow_detached:
            break
        else:
            while cursor < n and state[ranking[cursor]] != UNSEEN:
                cursor += 1
            if cursor == n:
                break
            u = int(ranking[cursor])
        if area[u] <= remaining + slack:
            state[u] = TAKEN
            taken.append(u)
            remaining -= area[u]
            if adjacent_first:
                for v in neighbours[pointer[u]:pointer[u + 1]]:
                    if state[v] == UNSEEN:
                        state[v] = FRONTIER
                        parent[v] = u
                        heapq.heappush(heap, rank_of[v])
        elif split:
            last, last_target = u, remaining
            remaining = 0.0
        else:
            state[u] = SKIPPED
    return Growth(
        taken=taken,
        last=last,
        last_target=last_target,
        gap=remaining,
        state=state,
        parent=parent,
        rank_of=rank_of,
    )


def reachable_area(area, seeds, pointer, neighbours):
    """Total area of the units connected to a seed through neighbours (what a growth can ever reach)."""
    n = len(area)
    seen = np.zeros(n, dtype=bool)
    stack = list(np.flatnonzero(seeds))
    seen[stack] = True
    while stack:
        u = stack.pop()
        for v in neighbours[pointer[u]:pointer[u + 1]]:
            if not seen[v]:
                seen[v] = True
                stack.append(v)
    return float(np.asarray(area)[seen].sum())


def close_gap(growth, area, seeds, pointer, neighbours, gap, tolerance, adjacent_first=True,
              allow_detached=True):
    """Without cutting: find up to three changes that bring ``gap`` (m² still wanted) within ``tolerance``.

    A change adds a unit not taken or gives back a taken one that nothing else was grown from; with
    ``adjacent_first`` every added unit must touch the line, a unit that stays taken, or another added
    unit that does. Fewest changes win, then the best-ranked units. Returns (added, removed) lists of
    unit indices, or None when no such combination exists among the best ``GAP_POOL`` units.
    """
    area = np.asarray(area, dtype=float)
    state, rank_of = growth.state, growth.rank_of
    taken = np.flatnonzero(state == TAKEN)
    has_child = np.zeros(len(area), dtype=bool)
    grown = growth.parent[taken]
    has_child[grown[grown >= 0]] = True
    removable = taken[~has_child[taken]] if adjacent_first else taken
    removable = removable[np.argsort(-rank_of[removable])][:GAP_POOL]
    stages = []
    if adjacent_first:
        stages.append(np.flatnonzero((state == FRONTIER) | (state == SKIPPED)))
        if allow_detached:
            stages.append(np.flatnonzero(state != TAKEN))
    else:
        stages.append(np.flatnonzero(state != TAKEN))
    largest_give_back = float(area[removable].max()) if len(removable) else 0.0
    for addable in stages:
        addable = addable[area[addable] <= gap + tolerance + largest_give_back]
        addable = addable[np.argsort(rank_of[addable])][:GAP_POOL]
        found = _search_changes(addable, removable, area, gap, tolerance, state, seeds, pointer,
                                neighbours, adjacent_first)
        if found is not None:
            return found
    return None


def _search_changes(addable, removable, area, gap, tolerance, state, seeds, pointer, neighbours,
                    adjacent_first):
    items = np.r_[addable, removable]
    value = np.r_[area[addable], -area[removable]]
    cost = np.r_[np.arange(len(addable)), np.arange(len(removable))]  # position in preference order
    n_add = len(addable)
    if not len(items):
        return None
    order = np.argsort(value, kind="stable")
    sorted_value = value[order]
    low, high = gap - tolerance, gap + tolerance

    def pairs_summing(lo, hi, skip_below):
        """Position pairs skip_below < i < j (in sorted order) whose values sum into [lo, hi]."""
        position = np.arange(len(sorted_value))
        first = np.searchsorted(sorted_value, lo - sorted_value, side="left")
        last = np.searchsorted(sorted_value, hi - sorted_value, side="right")
        first = np.maximum(first, position + 1)
        counts = np.where(position > skip_below, np.maximum(last - first, 0), 0)
        if not counts.sum():
            return np.empty((0, 2), dtype=np.int64)
        i = np.repeat(np.arange(len(sorted_value)), counts)[:GAP_MATCHES]
        j = (np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(counts.sum()))[:GAP_MATCHES]
        return np.column_stack([i, j])

    def first_valid(combos):
        combos.sort(key=lambda c: c[0])
        for _, picked in combos:
            added = [int(items[k]) for k in picked if k < n_add]
            removed = [int(items[k]) for k in picked if k >= n_add]
            if not added:
                continue
            if not adjacent_first or _attached(added, removed, state, seeds, pointer, neighbours):
                return added, removed
        return None

    singles = np.flatnonzero((value >= low) & (value <= high))
    found = first_valid([(int(cost[k]), [k]) for k in singles])
    if found is not None:
        return found
    combos = []
    for i, j in pairs_summing(low, high, -1):
        a, b = order[i], order[j]
        combos.append((int(cost[a] + cost[b]), [a, b]))
    found = first_valid(combos)
    if found is not None:
        return found
    combos = []
    for i in range(len(sorted_value)):
        for j, k in pairs_summing(low - sorted_value[i], high - sorted_value[i], i):
            a, b, c = order[i], order[j], order[k]
            combos.append((int(cost[a] + cost[b] + cost[c]), [a, b, c]))
        if len(combos) >= GAP_MATCHES:
            break
    return first_valid(combos)


def _attached(added, removed, state, seeds, pointer, neighbours):
    """Every added unit touches the line, a unit that stays taken, or an added unit that does."""
    removed = set(removed)
    staying = lambda v: state[v] == TAKEN and v not in removed  # noqa: E731
    ok = {u for u in added if seeds[u] or any(staying(v) for v in neighbours[pointer[u]:pointer[u + 1]])}
    changed = True
    while changed:
        changed = False
        for u in added:
            if u not in ok and any(v in ok for v in neighbours[pointer[u]:pointer[u + 1]]):
                ok.add(u)
                changed = True
    return len(ok) == len(added)
