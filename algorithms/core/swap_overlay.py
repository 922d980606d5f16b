"""Overlays of whole geometry arrays for the edge swap: which pairs overlap, what is left after a subtraction,
the part inside, snapping a reprojected layer back onto shared edges.

Every function takes and returns numpy arrays of shapely geometries (None where there is none), index for
index, and works in vectorised rounds rather than feature by feature.
"""
import numpy as np
import shapely

from . import geometry, parallel
from .geometry import polygonal_part

# Geometries with more vertices than this are the prepared side of spatial queries and containment tests.
COMPLEX_VERTICES = 500
# Lines with more vertices than this are clipped near each parcel before an overlay (``intersection_near``);
# below, the whole overlay costs no more than the clip and its check, so a development boundary of a few
# hundred vertices a parcel gains nothing, while a red line of thousands does.
CLIP_VERTICES = 2000


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
        # Fewer of ``others``: they are the prepared side, tested against an index of ``geoms`` (fewer
        # geometries to prepare, each tested against many: the cheaper side). Pairs keep the order the other
        # way gives (by ``geoms``, then in the index's order of ``others``), which ``subtract`` applies them
        # in: the index's box pairs, of which those passing the predicate are kept.
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
    costs several times more than the overlays it saves.)
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
    before. The box reaches twice the parcel's size beyond it on each side: wide enough that few parcels
    meet a shortened edge (and go to the whole line), narrow enough that a clip keeps a few dozen of the
    line's vertices.
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
        clips[:] = [geometry.clip_to_box(g, b) for g, b in zip(large[k], box)]
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


def inside_of(geoms, areas):
    """The part of each geometry inside the union of ``areas`` (None where nothing is left); a new array.

    Each geometry is clipped to every one of ``areas`` it overlaps and the clips are merged again, so a
    geometry spanning two neighbouring areas stays one piece; where ``areas`` overlap each other, that ground
    counts once.
    """
    geoms = np.asarray(geoms, dtype=object)
    areas = np.asarray(areas, dtype=object)
    out = np.full(len(geoms), None, dtype=object)
    gi, aj = overlap_pairs(geoms, areas)
    if not len(gi):
        return out
    pieces = clip_to(geoms, areas, gi, aj)
    present = ~shapely.is_missing(pieces)
    gi, pieces = gi[present], pieces[present]
    order = np.argsort(gi, kind="stable")
    gi, pieces = gi[order], pieces[order]
    starts = np.flatnonzero(np.r_[True, gi[1:] != gi[:-1]]) if len(gi) else np.empty(0, dtype=np.int64)
    counts = np.diff(np.r_[starts, len(gi)])
    single = counts == 1
    out[gi[starts[single]]] = pieces[starts[single]]
    for start, count in zip(starts[~single], counts[~single]):
        out[gi[start]] = shapely.union_all(pieces[start:start + count])
    return polygonal(out)
