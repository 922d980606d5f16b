"""Holes (天窗) and slivers (细缝) of one control line.

**Merged line.** The features of a line (parcel-level or already dissolved) are merged into patches
(``dissolve``): the union of the features, split into its polygons. Holes are always those of the merged
line, so a gap enclosed jointly by several adjacent features is a hole exactly like a feature's own hole.

**Hole.** One interior ring of one merged patch. Its *ring* is the whole area inside that ring; the
*hole* proper, what filling it adds to the line, is the ring minus the outlines of the line's patches
lying directly inside it (islands). An island's own holes are holes of their own, one level deeper. So
the hole regions of a line never overlap each other nor the line: filling any set of holes never adds an
area twice and never covers an island. The size of a hole, the one compared with a maximum area, is
the area of its ring, islands included, as QGIS's "Delete holes" measures it; filling a ring below the
maximum therefore fills the rings nested inside it too (they are smaller), unless a blocker keeps one
of them open.

**Sliver.** A narrow gap of the line: land a morphological closing of the line would add (grow by half
the width, shrink back by as much), outside the line and outside its holes. Both moves use square
(mitre) corners, so an inner corner of an outline is given back exactly and never rounded off: land is
only added where the line lies on both sides of a gap narrower than the width (a gap between two
patches, a narrow inlet, the tip of a narrow wedge). Gaps between patches further apart than the width
are never considered together, which keeps every closing local. A region that only becomes enclosed once
slivers are filled is not a hole of the line given here; a second run on the filled line finds it.

**Blockers.** ``blocked_geometry`` / ``blocked_area`` measure what part of each hole (or sliver) other
land occupies, e.g. permanent basic farmland that keeps a hole of the urban boundary open (the seed's
"天窗内永久基本农田"). ``blocker_windows`` tells a caller reading a big blocker layer where to read it. Land
planned for re-greening (规划复绿) does not block: ``without_regreen`` takes it out of what a blocker covers.

Interface used by the other tools: ``find_holes(geoms) -> Holes`` (``len`` = number of holes = interior
rings of the dissolved line; ``holes``, ``rings``, ``ring_area``, ``area``, ``islands``, ``depth``,
``parts``), ``blocked_area(holes, blocker_geoms)`` (per-hole covered area), ``find_slivers(found, width)``.

**Fill plan.** ``Candidates.of(holes, slivers)`` lists what a run may fill, holes first; ``blocker_cover``
tells what one blocker layer covers of each; ``plan(HoleInputs) -> HolePlan`` measures them (through the
caller's ``measure``, planar or ellipsoidal) and decides which to fill and which layers keep the others open.

Everything here is pure (numpy, shapely >= 2); planar areas are in the squared units of the coordinates.
Speed: the merge unions each cluster of features linked by common vertices (found by sorting the
vertices), with the fast coverage union when that cluster is a clean coverage (checked on the result);
clusters whose unions still meet (features touching without a common vertex, or overlapping) are joined
and merged again. There is no per-hole or per-feature scan of the whole layer; islands, blockers and
sliver clusters are found through STRtree bulk queries.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import shapely
from shapely.errors import GEOSException

from . import parallel, units
from .geometry import interior_rings_as_polygons, polygon_parts, polygonal_part
from .patches import connected_components, share_an_edge, vertex_hash

HOLE, SLIVER = "天窗", "细缝"  # kinds, stored as data in the trade's words
MITRE_LIMIT = 5.0  # GEOS default; corners sharper than about 23° are bevelled when growing
# Pieces of a closing thinner than this share of the width are floating-point noise along an edge.
NOISE_THICKNESS = 1e-4


def _empty():
    return np.empty(0, dtype=object)


def bbox_clusters(geoms, distance=0.0):
    """Cluster label of each geometry: linked when their bounding boxes, grown by ``distance``, overlap.

    A cluster holds every geometry that could touch, or come within ``distance`` of, another one of it,
    so unions and closings done per cluster equal those done on the whole layer. Only bounding boxes are
    compared (cheap); a cluster may therefore hold a few geometries that do not actually meet.
    """
    n = len(geoms)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    tree = shapely.STRtree(geoms)
    if distance > 0:
        x0, y0, x1, y1 = shapely.bounds(geoms).T
        left, right = tree.query(shapely.box(x0 - distance, y0 - distance, x1 + distance, y1 + distance))
    else:
        left, right = tree.query(geoms)
    keep = left < right
    return connected_components(n, left[keep], right[keep])


def _groups(labels):
    """(order, starts, counts): members of cluster g are order[starts[g]:starts[g] + counts[g]]."""
    order = np.argsort(labels, kind="stable")
    counts = np.bincount(labels) if len(labels) else np.empty(0, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) if len(counts) else counts
    return order, starts, counts


def touching_pairs(polygons):
    """Index arrays (i, j), i < j, of the polygons that intersect (overlap, share an edge or a point).

    Pairs sharing an exact edge are settled from the coordinates alone. Of each remaining pair whose
    bounding boxes meet, the polygon with more vertices is the prepared one: testing a small polygon
    against a prepared big one is quick, the other way round is a full scan of the big one (on a
    dissolved county line of 4 000 patches, 0.2 s instead of 11 s).
    """
    n = len(polygons)
    if n < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    left, right = shapely.STRtree(polygons).query(polygons)
    keep = left < right
    left, right = left[keep], right[keep]
    meet = share_an_edge(polygons, left, right)
    rest = np.flatnonzero(~meet)
    size = shapely.get_num_coordinates(polygons)
    big = np.where(size[left[rest]] >= size[right[rest]], left[rest], right[rest])
    small = left[rest] + right[rest] - big
    by_big = np.argsort(big, kind="stable")  # each prepared polygon in one thread only
    rest, big, small = rest[by_big], big[by_big], small[by_big]
    prepared = np.unique(big)
    shapely.prepare(polygons[prepared])
    try:
        meet[rest] = parallel.elementwise(shapely.intersects, polygons[big], polygons[small], groups=big)
    finally:
        shapely.destroy_prepared(polygons[prepared])
    return left[meet], right[meet]


def vertex_clusters(polygons):
    """Cluster label of each polygon: linked when they have a vertex in common (so they surely meet).

    On a parcel layer that is nearly always what "they meet" amounts to, found from the coordinates
    alone (equal vertices brought together by sorting a hash of them). Polygons meeting otherwise (a
    vertex of one on an edge of the other, a crossing, an overlap) are left in separate clusters here;
    ``dissolve`` joins their unions afterwards.
    """
    n = len(polygons)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    xy, owner = shapely.get_coordinates(polygons, return_index=True)
    xy = xy + 0.0  # -0.0 becomes 0.0: equal coordinates must hash alike
    hashed = vertex_hash(xy)
    order = np.argsort(hashed)
    xy, owner, hashed = xy[order], owner[order], hashed[order]
    # Neighbours in the sorted order with equal coordinates are the same vertex (a hash collision only
    # separates equal vertices, which then leaves the link to the join afterwards).
    same = (hashed[1:] == hashed[:-1]) & np.all(xy[1:] == xy[:-1], axis=1) & (owner[1:] != owner[:-1])
    k = np.flatnonzero(same)
    return connected_components(n, owner[k], owner[k + 1])


def _spread_bits(cells):
    """The 16 bits of each value moved to the even bits of a 32-bit code (for interleaving)."""
    out = np.zeros(len(cells), dtype=np.uint64)
    for bit in range(16):
        out |= ((cells >> np.uint64(bit)) & np.uint64(1)) << np.uint64(2 * bit)
    return out


def spatial_order(geoms):
    """An order of ``geoms`` that keeps neighbours together (Morton / Z-order of their bounding-box centres)."""
    x0, y0, x1, y1 = shapely.bounds(geoms).T
    codes = []
    for centre in ((x0 + x1) / 2.0, (y0 + y1) / 2.0):
        span = max(float(centre.max() - centre.min()), 1e-12)
        codes.append(_spread_bits(((centre - centre.min()) / span * 65535).astype(np.uint64)))
    return np.argsort(codes[0] | (codes[1] << np.uint64(1)), kind="stable")


COVERAGE_CHUNK = 64
# Rows of one level are merged in this many blocks, so that both cores stay busy when rows differ in cost.
_BLOCKS_PER_WORKER = 4


def coverage_unions(polygons, owner, progress=None):
    """Coverage union of each group of ``polygons`` (``owner``: group 0..m-1 of each, in runs), as m geometries.

    GEOS's coverage union slows down badly when one call assembles a big output with many holes (21 000
    farmland parcels: 5 s in one call, 0.3 s in batches of 64). So each group is merged in compact batches
    of ``COVERAGE_CHUNK`` consecutive polygons (in Z-order, the caller's order), then the batches' results
    the same way, level by level; a batch's union shares exactly the edges its parcels shared with the
    rest, so each level is again a coverage. A batch of one geometry is passed on as it is. All batches of
    a level, across groups, are one vectorised call (a row of a 2-D array per batch), split in blocks of
    rows over the cores: groups share no polygon, so no geometry reaches two threads.
    """
    level, owner = np.asarray(polygons, dtype=object), np.asarray(owner, dtype=np.int64)
    n_groups = int(owner[-1]) + 1 if len(owner) else 0
    while len(level) > n_groups:
        if progress is not None:
            progress(100.0 * (1.0 - (len(level) - n_groups) / max(len(polygons) - n_groups, 1)))
        begins = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        rank = np.arange(len(owner)) - np.repeat(begins, np.diff(np.r_[begins, len(owner)]))  # within its group
        chunk = rank // COVERAGE_CHUNK
        batch = np.cumsum(np.r_[True, (owner[1:] != owner[:-1]) | (chunk[1:] != chunk[:-1])]) - 1
        batch_size = np.bincount(batch)
        first = np.flatnonzero(np.r_[True, batch[1:] != batch[:-1]])
        merged = level[first].copy()  # a batch of one is its own union
        rows = np.flatnonzero(batch_size > 1)
        if len(rows):
            grid = np.full((len(rows), COVERAGE_CHUNK), None, dtype=object)
            row_of_batch = np.full(len(batch_size), -1, dtype=np.int64)
            row_of_batch[rows] = np.arange(len(rows))
            member = row_of_batch[batch] >= 0
            grid[row_of_batch[batch[member]], (rank % COVERAGE_CHUNK)[member]] = level[member]
            blocks = np.array_split(np.arange(len(rows)), parallel.WORKERS * _BLOCKS_PER_WORKER)
            unions = parallel.map_ordered(lambda b, grid=grid: shapely.coverage_union_all(grid[b], axis=1), blocks)
            merged[rows] = np.concatenate(unions)
        level, owner = merged, owner[first]
    return level


def _repair_parts(geometry):
    """``geometry`` made valid, repairing only its invalid polygons (repairing a big one is slow)."""
    parts = shapely.get_parts(geometry)
    bad = np.flatnonzero(~shapely.is_valid(parts))
    repaired = shapely.make_valid(parts[bad], method="structure")
    pieces = np.concatenate([np.delete(parts, bad), polygon_parts(repaired)[0]])
    if not len(pieces):
        return None
    return pieces[0] if len(pieces) == 1 else shapely.multipolygons(pieces)


def union_clusters(polygons, owner, progress=None):
    """Union of each cluster of polygons: the coverage union when it is a clean coverage, else a full union.

    The coverage union only sews edges that two features share exactly. It may return a ring that
    touches itself at a point where a hole meets the outline (valid for the shapes, not for the OGC
    rules), which make_valid turns into the proper polygon with a hole. On overlapping or badly noded
    features it may fail or return nonsense, so a cluster's result is accepted only when it is valid and
    keeps its features' total area (a true union of overlapping features is smaller than that sum); the
    other clusters get a full union.
    """
    polygons = np.asarray(polygons, dtype=object)
    n_groups = int(owner[-1]) + 1 if len(owner) else 0
    begins = np.searchsorted(owner, np.arange(n_groups))
    ends = np.searchsorted(owner, np.arange(n_groups), side="right")
    try:
        merged = coverage_unions(polygons, owner, progress)
    except GEOSException:  # one bad cluster stops the whole level: every cluster is then done on its own
        merged = np.empty(n_groups, dtype=object)
        for g in range(n_groups):
            merged[g] = _coverage_union_or_none(polygons[begins[g]:ends[g]])
    present = ~shapely.is_missing(merged)
    valid = present.copy()
    valid[present] = parallel.elementwise(shapely.is_valid, merged[present])
    for g in np.flatnonzero(present & ~valid):
        merged[g] = _repair_parts(merged[g])
        valid[g] = merged[g] is not None and shapely.is_valid(merged[g])
    total = np.bincount(owner, weights=shapely.area(polygons), minlength=n_groups)
    ok = valid.copy()
    ok[valid] = np.isclose(shapely.area(merged[valid]), total[valid], rtol=1e-9, atol=0.0)
    for g in np.flatnonzero(~ok):
        merged[g] = shapely.union_all(polygons[begins[g]:ends[g]])
    return merged


def _coverage_union_or_none(polygons):
    try:
        return coverage_unions(polygons, np.zeros(len(polygons), dtype=np.int64))[0]
    except GEOSException:
        return None


def dissolve(geoms, progress=None):
    """The merged line: the union of ``geoms`` as an array of polygons (one per patch).

    ``progress``: optional callable taking a percentage, called now and then (it may raise to cancel).
    """
    polygons = polygon_parts(geoms)[0]
    if len(polygons) < 2:
        return polygons
    # In Z-order, each cluster's members come out of the stable sort below spatially compact.
    polygons = polygons[spatial_order(polygons)]
    labels = vertex_clusters(polygons)
    merged = _union_by_label(polygons, labels, progress)
    # Clusters whose unions meet (features meeting without a common vertex) are joined and merged again.
    parts, cluster = shapely.get_parts(merged, return_index=True)
    meet = touching_pairs(parts)
    across = cluster[meet[0]] != cluster[meet[1]]
    if across.any():
        joined = connected_components(len(merged), cluster[meet[0][across]], cluster[meet[1][across]])
        again = np.bincount(joined)[joined] > 1  # clusters joined with another
        redo = again[labels]
        merged = np.concatenate([merged[~again], _union_by_label(polygons[redo], joined[labels[redo]], progress)])
    return polygon_parts(merged)[0]


def _union_by_label(polygons, labels, progress=None):
    """The union of the polygons of each label (labels need not be numbered from 0 without gaps)."""
    _, labels = np.unique(labels, return_inverse=True)
    order, starts, counts = _groups(labels)
    merged = np.empty(len(counts), dtype=object)
    single = counts == 1
    merged[single] = polygons[order[starts[single]]]
    multi = np.flatnonzero(~single)
    if len(multi):
        members = order[np.repeat(~single, counts)]
        owner = np.repeat(np.arange(len(multi)), counts[multi])
        merged[multi] = union_clusters(polygons[members], owner, progress)
    return merged


@dataclass
class Holes:
    """The holes of one merged line; index k of every per-hole array is hole k."""

    parts: np.ndarray  # the merged line, one polygon per patch
    part_depth: np.ndarray  # per patch: how many rings enclose it (0 = top level, 1 = island in a hole …)
    holes: np.ndarray  # per hole: the region filling it adds (ring minus the islands directly inside)
    rings: np.ndarray  # per hole: the polygon of its interior ring, islands included
    owner: np.ndarray  # per hole: index in ``parts`` of the patch whose interior ring it is
    islands: np.ndarray  # per hole: number of patches directly inside it
    ring_area: np.ndarray  # per hole: planar area of the ring (the size "Delete holes" compares)
    area: np.ndarray  # per hole: planar area of the hole region

    def __len__(self):
        return len(self.holes)

    @property
    def depth(self):
        """Nesting of each hole: 0 for a hole of a top-level patch, 1 for a hole of an island, …"""
        return self.part_depth[self.owner]


def find_holes(geoms, progress=None, merged=False, grid=None):
    """Every hole of the merged line of ``geoms`` (see the module doc), as a ``Holes``.

    ``geoms``: the repaired polygons of one line. ``merged=True``: they are already the merged patches
    (the result of ``dissolve``) and are used as they are. The number of holes equals the number of
    interior rings of the dissolved line. ``grid``: the merged line is first snapped to a grid of this size
    (``snapped``), for a count that does not depend on the GEOS version; the holes are then those of the
    snapped line, not fit to fill the exact one.
    """
    parts = polygon_parts(geoms)[0] if merged else dissolve(geoms, progress)
    if grid:
        parts = snapped(parts, grid)
    rings, owner = interior_rings_as_polygons(parts)
    n = len(rings)
    depth = np.zeros(len(parts), dtype=np.int64)
    islands = np.zeros(n, dtype=np.int64)
    holes = np.array(rings, dtype=object)
    if n:
        # Which patches lie inside which rings; a patch's depth is the number of rings around it.
        ring_idx, part_idx = shapely.STRtree(parts).query(rings, predicate="contains")
        depth = np.bincount(part_idx, minlength=len(parts)).astype(np.int64)
        direct = depth[part_idx] == depth[owner[ring_idx]] + 1
        ring_idx, part_idx = ring_idx[direct], part_idx[direct]
        islands = np.bincount(ring_idx, minlength=n).astype(np.int64)
        if len(ring_idx):
            holes[np.unique(ring_idx)] = _cut_islands(rings, parts, ring_idx, part_idx)
    return Holes(
        parts=parts,
        part_depth=depth,
        holes=holes,
        rings=np.asarray(rings, dtype=object),
        owner=np.asarray(owner, dtype=np.int64),
        islands=islands,
        ring_area=shapely.area(rings) if n else np.zeros(0),
        area=shapely.area(holes) if n else np.zeros(0),
    )


def snapped(parts, grid):
    """The patches ``parts`` snapped to a grid of size ``grid``, as polygons.

    An overlay can leave a window pinched against a patch's outline within a nanometre; GEOS 3.11 draws it as
    a notch of the outline, GEOS 3.13 as a ring touching it, so the same line has one hole more or less by
    version. Snapped to a micrometre both draw it the same way, and no area a land survey reports changes.
    A patch GEOS cannot snap is kept as it is."""
    try:
        out = shapely.set_precision(parts, grid)
    except shapely.errors.GEOSException:
        out = np.empty(len(parts), dtype=object)
        for k, part in enumerate(parts):
            try:
                out[k] = shapely.set_precision(part, grid)
            except shapely.errors.GEOSException:
                out[k] = part
    return polygon_parts(out)[0]


def _cut_islands(rings, parts, ring_idx, part_idx):
    """For each ring holding islands (in increasing ring order): the ring with the islands' outlines as holes.

    Islands directly inside one ring are separate patches, so they meet each other and the ring at most
    in single points, and the polygon "ring with island outlines as holes" is built directly, without an
    overlay; the rare one that comes out invalid is computed by difference instead.
    """
    order = np.lexsort((part_idx, ring_idx))
    ring_idx, part_idx = ring_idx[order], part_idx[order]
    with_islands = np.unique(ring_idx)
    shells = shapely.get_exterior_ring(rings[with_islands])
    outlines = shapely.get_exterior_ring(parts[part_idx])
    # Each output polygon: its shell ring first, then its island outlines.
    position = np.searchsorted(with_islands, ring_idx)
    all_rings = np.concatenate([shells, outlines])
    target = np.concatenate([np.arange(len(with_islands)), position])
    sequence = np.argsort(target, kind="stable")
    built = shapely.polygons(all_rings[sequence], indices=target[sequence])
    bad = np.flatnonzero(~shapely.is_valid(built))
    if len(bad):
        island_sets = shapely.multipolygons(shapely.polygons(outlines), indices=position)
        built[bad] = shapely.difference(rings[with_islands[bad]], shapely.make_valid(island_sets[bad]))
    return built


@dataclass
class Slivers:
    """Narrow gaps of a merged line; index k of every array is sliver k."""

    slivers: np.ndarray  # polygons: what filling each gap adds
    area: np.ndarray  # planar areas

    def __len__(self):
        return len(self.slivers)


def filled_outline(found):
    """The merged line with every hole filled: the outlines of the top-level patches."""
    top = found.parts[found.part_depth == 0]
    return shapely.polygons(shapely.get_exterior_ring(top)) if len(top) else _empty()


def find_slivers(found, width, progress=None):
    """The narrow gaps (细缝) of the line whose holes are ``found`` (a ``Holes``): see the module doc.

    ``width`` in the units of the coordinates; gaps narrower than it are found. Holes are never slivers:
    the closing is compared with the line with its holes filled.
    """
    if width <= 0:
        return Slivers(_empty(), np.zeros(0))
    outlines = filled_outline(found)
    if not len(outlines):
        return Slivers(_empty(), np.zeros(0))
    half = width / 2.0
    labels = bbox_clusters(outlines, distance=width)
    order, starts, counts = _groups(labels)
    grown = shapely.buffer(outlines, half, join_style="mitre", mitre_limit=MITRE_LIMIT)
    merged_grown = np.empty(len(counts), dtype=object)
    single = counts == 1
    merged_grown[single] = grown[order[starts[single]]]
    multi = np.flatnonzero(~single)
    for k, g in enumerate(multi):
        if progress is not None and k % 200 == 0:
            progress(50.0 * k / len(multi))
        merged_grown[g] = shapely.union_all(grown[order[starts[g]:starts[g] + counts[g]]])
    closed = shapely.buffer(merged_grown, -half, join_style="mitre", mitre_limit=MITRE_LIMIT)
    if progress is not None:
        progress(75.0)
    # Outlines of one cluster are disjoint (separate patches), so they form a valid multipolygon.
    cluster_outlines = shapely.multipolygons(outlines[order], indices=labels[order])
    gaps = shapely.difference(closed, cluster_outlines)
    pieces = polygon_parts(gaps)[0]
    if len(pieces):
        area = shapely.area(pieces)
        thickness = 2.0 * area / np.maximum(shapely.length(pieces), 1e-300)
        pieces = pieces[thickness >= NOISE_THICKNESS * width]
    return Slivers(pieces, shapely.area(pieces) if len(pieces) else np.zeros(0))


def _targets(holes):
    """The polygon array behind a ``Holes``, a ``Slivers`` or a plain array."""
    if isinstance(holes, Holes):
        return holes.holes
    if isinstance(holes, Slivers):
        return holes.slivers
    return np.asarray(holes, dtype=object)


def blocked_geometry(holes, blocker_geoms):
    """Per hole (or sliver), the part of it covered by ``blocker_geoms``; None where nothing is covered.

    ``holes``: a ``Holes``, a ``Slivers`` or an array of polygons. Overlapping blockers count once. One
    STRtree bulk query pairs every hole with the blockers it meets; only those pairs are intersected.
    """
    targets = _targets(holes)
    out = np.full(len(targets), None, dtype=object)
    blockers = polygon_parts(blocker_geoms)[0]
    if not len(targets) or not len(blockers):
        return out
    hole_idx, blocker_idx = shapely.STRtree(blockers).query(targets, predicate="intersects")
    if not len(hole_idx):
        return out
    # A blocker lying wholly inside its hole is its own piece; only those crossing the edge are cut.
    shapely.prepare(targets)
    try:
        inside = shapely.contains_properly(targets[hole_idx], blockers[blocker_idx])
    finally:
        shapely.destroy_prepared(targets)
    pieces = blockers[blocker_idx]
    crossing = np.flatnonzero(~inside)
    pieces[crossing] = shapely.intersection(targets[hole_idx[crossing]], blockers[blocker_idx[crossing]])
    # Blockers that only touch a hole's edge meet it in lines or points: nothing is covered.
    kind = shapely.get_type_id(pieces)
    mixed = np.flatnonzero(kind == 7)
    pieces[mixed] = [polygonal_part(p) for p in pieces[mixed]]
    areal = np.isin(shapely.get_type_id(pieces), (3, 6)) & ~shapely.is_empty(pieces)
    hole_idx, pieces = hole_idx[areal], pieces[areal]
    if not len(hole_idx):
        return out
    order = np.argsort(hole_idx, kind="stable")
    hole_idx, pieces = hole_idx[order], pieces[order]
    first = np.flatnonzero(np.r_[True, hole_idx[1:] != hole_idx[:-1]])
    counts = np.diff(np.r_[first, len(hole_idx)])
    out[hole_idx[first[counts == 1]]] = pieces[first[counts == 1]]
    for start, count in zip(first[counts > 1], counts[counts > 1]):
        out[hole_idx[start]] = shapely.union_all(pieces[start:start + count])
    return out


# Relative costs of reading blocker features from a GeoPackage through QGIS, measured: one spatial
# request, one feature id returned by a request, one feature read by id, one feature of a full read.
READ_COSTS = {"request": 1.2e-3, "window_id": 3e-5, "by_id": 6.5e-5, "full": 4e-5}


def blocker_windows(holes, n_features, extent_area):
    """Where to read blocker features: rows (x0, y0, x1, y1) of windows around the holes, or None.

    A county's farmland layer holds 100 000 parcels and a few hundred of them lie near the holes of a
    line, so reading only what meets the holes' bounding boxes saves most of the reading. Holes are
    grouped in Z-order into windows (the bounding box of each group); fewer, larger windows mean fewer
    requests but more features. The number of windows is the cheapest by the costs above, estimating the
    features a window returns from the layer's mean density (``n_features`` over ``extent_area``, both
    of the blocker layer in the holes' coordinates). None: reading the whole layer is cheaper.
    """
    targets = _targets(holes)
    if not len(targets) or n_features <= 0:
        return None
    bounds = shapely.bounds(targets[spatial_order(targets)])
    density = n_features / max(extent_area, 1e-12)
    feature_size = np.sqrt(max(extent_area, 1e-12) / n_features)
    best_cost, best = n_features * READ_COSTS["full"], None
    for count in sorted({len(targets), *[2 ** k for k in range(12)]}):
        if count > len(targets):
            break
        starts = np.linspace(0, len(targets), count + 1).astype(int)[:-1]
        windows = np.column_stack([
            np.minimum.reduceat(bounds[:, 0], starts),
            np.minimum.reduceat(bounds[:, 1], starts),
            np.maximum.reduceat(bounds[:, 2], starts),
            np.maximum.reduceat(bounds[:, 3], starts),
        ])
        # Features whose bounding boxes meet a window: those with their centre in the window grown by a
        # typical feature's size.
        reach = (windows[:, 2] - windows[:, 0] + feature_size) * (windows[:, 3] - windows[:, 1] + feature_size)
        fetched = min(density * reach.sum(), n_features * count)
        cost = count * READ_COSTS["request"] + fetched * (READ_COSTS["window_id"] + READ_COSTS["by_id"])
        if cost < best_cost:
            best_cost, best = cost, windows
    return best


def blocked_area(holes, blocker_geoms):
    """Per hole (or sliver), the planar area covered by ``blocker_geoms`` (0 where none)."""
    covered = blocked_geometry(holes, blocker_geoms)
    return np.nan_to_num(shapely.area(covered)) if len(covered) else np.zeros(0)


def combine_blocked(per_layer):
    """Merge several ``blocked_geometry`` results (one per blocker layer) into one, each area counted once."""
    if not per_layer:
        return _empty()
    stacked = np.vstack([np.asarray(a, dtype=object) for a in per_layer])
    present = ~shapely.is_missing(stacked)
    out = np.full(stacked.shape[1], None, dtype=object)
    hits = present.sum(axis=0)
    one = np.flatnonzero(hits == 1)
    out[one] = stacked[present[:, one].argmax(axis=0), one]
    for k in np.flatnonzero(hits > 1):
        out[k] = shapely.union_all(stacked[present[:, k], k])
    return out


def without_regreen(covered, regreen):
    """Per candidate, what a blocker still covers once the land planned for re-greening (规划复绿) is taken
    out: ``covered`` minus ``regreen`` (both per candidate, None where nothing); None where nothing is left."""
    out = np.asarray(covered, dtype=object).copy()
    regreen = np.asarray(regreen, dtype=object)
    both = np.flatnonzero(~shapely.is_missing(out) & ~shapely.is_missing(regreen))
    if len(both):
        out[both] = [polygonal_part(rest) for rest in shapely.difference(out[both], regreen[both])]
    return out


def fill_decision(size, max_size, blocked, blocker_min):
    """Which holes/slivers to fill: size below ``max_size`` (0 = any size) and blocked area not above
    ``blocker_min``. All in one unit (m² in practice); arrays of equal length."""
    size = np.asarray(size, dtype=float)
    small = size < max_size if max_size > 0 else np.ones(len(size), dtype=bool)
    return small & (np.asarray(blocked, dtype=float) <= blocker_min)


# --- the fill plan: which holes and slivers a run fills -------------------------------------------

# Change types (调整类型) written into TZLX of a filled hole or sliver: data in the trade's words.
CHANGE_TYPE = {HOLE: "天窗填补", SLIVER: "细缝填补"}


@dataclass
class Candidates:
    """The holes and then the slivers of one line: what a run may fill. Candidate k is reported as HOLE_ID k + 1."""

    holes: Holes
    slivers: Slivers
    geoms: np.ndarray  # per candidate: what filling it adds
    rings: np.ndarray  # per candidate: the area its size is measured on (a hole's ring; a sliver itself)
    kinds: list[str]  # per candidate: HOLE or SLIVER

    @classmethod
    def of(cls, holes: Holes, slivers: Slivers) -> "Candidates":
        return cls(
            holes=holes,
            slivers=slivers,
            geoms=np.concatenate([holes.holes, slivers.slivers]).astype(object),
            rings=np.concatenate([holes.rings, slivers.slivers]).astype(object),
            kinds=[HOLE] * len(holes) + [SLIVER] * len(slivers),
        )

    def __len__(self):
        return len(self.geoms)


@dataclass
class BlockerCover:
    """What one blocker layer covers of each candidate (``blocked_geometry``: None where nothing)."""

    name: str  # the layer as the log and BLOCKED_BY name it
    covered: np.ndarray


def blocker_cover(candidates: Candidates, name: str, blocker_geoms) -> BlockerCover:
    """The ``BlockerCover`` of the layer ``name`` whose polygons near the candidates are ``blocker_geoms``."""
    return BlockerCover(name, blocked_geometry(candidates.geoms, blocker_geoms))


@dataclass
class HoleInputs:
    """Everything ``plan`` decides on, as plain data."""

    candidates: Candidates
    max_area_mu: float  # candidates whose ring is under this are filled; 0: any size
    blocker_min_m2: float  # a candidate covered by blockers over more than this stays open
    blockers: list[BlockerCover]  # one per blocker layer, in the order the layers were given
    # Array of geometries -> areas in m² (0 for missing): the caller's planar or ellipsoidal measure.
    measure: Callable[[np.ndarray], np.ndarray]
    # Per candidate, the part of it planned for re-greening (None where none); None: no such layer given.
    # Blockers do not block inside it.
    regreen: Optional[np.ndarray] = None


@dataclass
class Tally:
    """The figures of one kind (holes or slivers) for the log."""

    found: int
    filled: int
    filled_mu: float
    blocked: int  # kept open by blockers
    unblocked: int = 0  # filled only because the blockers' land in it is planned for re-greening


@dataclass
class HolePlan:
    """The decision of ``plan``: per candidate k, its areas, whether it is filled and which layers block it."""

    candidates: Candidates
    area_mu: np.ndarray  # what filling adds
    ring_mu: np.ndarray  # the size compared with the maximum area (islands included)
    blocked_m2: np.ndarray  # covered by blockers, all layers together (each area once)
    blocked_mu: np.ndarray
    fill: np.ndarray  # booleans
    blocked_by: list[str]  # names of the blocker layers that block it, joined with ", " ("" for none)
    blocked: np.ndarray  # booleans: covered over the blocker threshold
    blocker_names: list[str]  # every blocker layer, in the order given
    # With land planned for re-greening (else None): per candidate, the blockers' area inside it (mu) and
    # whether the candidate is filled only thanks to it (booleans).
    regreened_mu: Optional[np.ndarray] = None
    unblocked: Optional[np.ndarray] = None

    @property
    def filled(self) -> np.ndarray:
        """Positions of the candidates filled, in candidate order."""
        return np.flatnonzero(self.fill)

    @property
    def filled_mu(self) -> float:
        return float(self.area_mu[self.filled].sum())

    def additions(self) -> list[tuple]:
        """Per filled candidate, in candidate order: its HOLE_ID, change type (TZLX) and area in mu."""
        kinds, area_mu = self.candidates.kinds, self.area_mu
        return [(int(k) + 1, CHANGE_TYPE[kinds[k]], float(area_mu[k])) for k in self.filled]

    def table(self) -> list[list]:
        """Per candidate: HOLE_ID, kind, AREA_MU, RING_MU, FILLED (1 / 0), BLOCKED_MU and BLOCKED_BY; with land
        planned for re-greening also REGREEN_MU and FLYY (1: filled only thanks to re-greening)."""
        kinds, area_mu, ring_mu, blocked_mu = self.candidates.kinds, self.area_mu, self.ring_mu, self.blocked_mu
        rows = [
            [k + 1, kinds[k], float(area_mu[k]), float(ring_mu[k]), int(self.fill[k]), float(blocked_mu[k]),
             self.blocked_by[k]]
            for k in range(len(kinds))
        ]
        if self.regreened_mu is not None:
            for k, row in enumerate(rows):
                row += [float(self.regreened_mu[k]), int(self.unblocked[k])]
        return rows

    def tally(self, kind: str) -> Tally:
        """The ``Tally`` of the holes (``HOLE``) or of the slivers (``SLIVER``)."""
        n_holes = len(self.candidates.holes)
        is_kind = np.arange(len(self.fill)) < n_holes
        found = n_holes
        if kind == SLIVER:
            is_kind, found = ~is_kind, len(self.candidates.slivers)
        return Tally(
            found=found,
            filled=int(self.fill[is_kind].sum()),
            filled_mu=float(self.area_mu[is_kind & self.fill].sum()),
            blocked=int((self.blocked & is_kind).sum()),
            unblocked=int((self.unblocked & is_kind).sum()) if self.unblocked is not None else 0,
        )


def plan(inputs: HoleInputs, progress: Optional[Callable[[float], None]] = None) -> HolePlan:
    """Which candidates to fill (see ``fill_decision``) and, for each, the blocker layers that keep it open.

    A layer is named for a candidate when it alone covers more than its share of the threshold (the
    threshold over the number of layers): a blocked candidate then always names at least one layer, and
    a layer that blocks on its own is always named. ``progress`` (a percentage) is told when the areas of
    the candidates are measured, before those of the blockers.

    With land planned for re-greening (``inputs.regreen``), blockers are measured without it: a hole whose
    blocking land is all planned for re-greening is filled (规划复绿, 消除孔洞), and the plan says which.
    """
    candidates, measure, given = inputs.candidates, inputs.measure, inputs.blockers
    area_m2 = measure(candidates.geoms)
    ring_m2 = measure(candidates.rings)
    if progress is not None:
        progress(50)
    covers = given
    if inputs.regreen is not None:
        covers = [BlockerCover(cover.name, without_regreen(cover.covered, inputs.regreen)) for cover in given]
    blocked_m2 = _blocked_m2(covers, measure, len(candidates))
    layer_m2 = [measure(cover.covered) for cover in covers]
    fill = fill_decision(ring_m2, units.mu_to_m2(inputs.max_area_mu), blocked_m2, inputs.blocker_min_m2)
    regreened_mu = unblocked = None
    if inputs.regreen is not None:
        before_m2 = _blocked_m2(given, measure, len(candidates))
        regreened_mu = units.m2_to_mu(np.maximum(before_m2 - blocked_m2, 0.0))
        unblocked = fill & (before_m2 > inputs.blocker_min_m2)
    share = inputs.blocker_min_m2 / len(covers) if covers else 0.0
    blocked_by = [
        ", ".join(cover.name for cover, covered in zip(covers, layer_m2) if covered[k] > share)
        for k in range(len(candidates))
    ]
    return HolePlan(
        candidates=candidates,
        area_mu=units.m2_to_mu(area_m2),
        ring_mu=units.m2_to_mu(ring_m2),
        blocked_m2=blocked_m2,
        blocked_mu=units.m2_to_mu(blocked_m2),
        fill=fill,
        blocked_by=blocked_by,
        blocked=blocked_m2 > inputs.blocker_min_m2,
        blocker_names=[cover.name for cover in covers],
        regreened_mu=regreened_mu,
        unblocked=unblocked,
    )


def _blocked_m2(covers: list[BlockerCover], measure, n: int) -> np.ndarray:
    """Per candidate, the area the blocker layers cover together (each area once), in m²."""
    if not covers:
        return np.zeros(n)
    return measure(combine_blocked([cover.covered for cover in covers]))
