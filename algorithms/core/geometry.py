"""Geometry hygiene shared by every algorithm: 2-D, valid, polygonal."""
import numpy as np
import shapely

from . import parallel


def planar_area(geoms):
    """Planar area of each geometry in the units of its coordinates (m² in a metric CRS); 0 where missing."""
    return np.nan_to_num(shapely.area(np.asarray(geoms, dtype=object)))


def planar_length(geoms):
    """Planar length (a polygon's perimeter) of each geometry in coordinate units; 0 where missing."""
    return np.nan_to_num(shapely.length(np.asarray(geoms, dtype=object)))


def present(geoms):
    """Whether each geometry is there to compute with: neither missing (None) nor empty."""
    geoms = np.asarray(geoms, dtype=object)
    return ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))


def polygon_parts(geoms):
    """Every single polygon inside ``geoms`` and the index of the geometry it came from: (parts, source).

    Multi-parts and collections are opened level by level, since an intersection or a repair may give a
    collection holding multipolygons, lines and points; lines, points, empty parts and missing geometries
    are dropped. Parts keep the order of their geometries. ``polygon_parts(geoms)[0]`` when only the
    polygons are wanted.
    """
    geoms = np.asarray(geoms, dtype=object)
    source = np.arange(len(geoms))
    while len(geoms):
        kinds = shapely.get_type_id(geoms)
        if not np.isin(kinds, (4, 5, 6, 7)).any():  # no Multi* or GeometryCollection left
            break
        parts, index = shapely.get_parts(geoms, return_index=True)
        geoms, source = parts, source[index]
    if not len(geoms):
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    keep = (shapely.get_type_id(geoms) == 3) & ~shapely.is_empty(geoms)
    return np.asarray(geoms[keep], dtype=object), source[keep]


def polygonal_part(geom):
    """The polygons inside ``geom`` as one (Multi)Polygon; None when there are none."""
    if geom is None or geom.is_empty:
        return None
    kind = shapely.get_type_id(geom)
    if kind in (3, 6):  # Polygon, MultiPolygon
        return geom
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    if not parts:
        return None
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def clean_polygons(geoms):
    """Return (geoms, repaired_index): 2-D copies, invalid ones made valid and reduced to polygons.

    Missing geometries stay None. ``repaired_index`` lists the positions that were invalid, so the caller
    can name them in a warning. A geometry that repairs to nothing polygonal (a collapsed ring) becomes None
    and is listed too.
    """
    geoms = np.array(geoms, dtype=object)  # a copy: repairs below must not write into the caller's array
    # force_2d rebuilds every geometry; a county's layers are nearly always 2-D already, so only do it then.
    # GEOS 3.12 and later keep M values (older ones drop them on reading), which no computation here carries.
    keeps_m = shapely.geos_version >= (3, 12, 0) and hasattr(shapely, "has_m")
    if len(geoms) and (shapely.has_z(geoms).any() or (keeps_m and shapely.has_m(geoms).any())):
        geoms = shapely.force_2d(geoms)
    has_geometry = ~shapely.is_missing(geoms)
    invalid = has_geometry & ~parallel.elementwise(shapely.is_valid, geoms)
    repaired = np.flatnonzero(invalid)
    if len(repaired):
        fixed = shapely.make_valid(geoms[repaired])
        geoms[repaired] = [polygonal_part(g) for g in fixed]
    return geoms, repaired


def interior_rings_as_polygons(polygons):
    """Every interior ring of the given polygons as a polygon, with the index of its owner polygon."""
    polygons = np.asarray(polygons, dtype=object)
    counts = shapely.get_num_interior_rings(polygons)
    owner = np.repeat(np.arange(len(polygons)), counts)
    if not len(owner):
        return np.empty(0, dtype=object), owner
    ring_no = np.concatenate([np.arange(c) for c in counts if c])
    rings = shapely.get_interior_ring(polygons[owner], ring_no)
    return shapely.polygons(rings), owner


# Snapping grid (layer units: metres in the projected CRS of a county) for the rare pair of valid polygons
# whose nearly collinear edges make GEOS 3.11 (Debian 12, the GEOS QGIS itself runs on) throw a
# TopologyException. A tenth of a millimetre changes no area a land survey reports.
ROBUST_GRID = 1e-4


def robust_binary(function, a, b, grid=ROBUST_GRID):
    """``function(a, b)`` vectorised; pairs GEOS cannot compute are retried snapped to ``grid``.

    The whole array is tried first (the normal, fast case). When GEOS raises, the pairs are computed
    in chunks, and only the pairs of a failing chunk are done one by one, each failing pair on copies
    snapped to the grid.
    """
    try:
        return function(a, b)
    except shapely.errors.GEOSException:
        pass
    a = np.asarray(a, dtype=object)
    b = np.asarray(b, dtype=object)
    pieces = []
    chunk = 512
    for start in range(0, len(a), chunk):
        sa, sb = a[start:start + chunk], b[start:start + chunk]
        try:
            pieces.append(np.asarray(function(sa, sb)))
            continue
        except shapely.errors.GEOSException:
            pass
        values = []
        for x, y in zip(sa, sb):
            try:
                values.append(function(x, y))
            except shapely.errors.GEOSException:
                values.append(function(shapely.set_precision(x, grid), shapely.set_precision(y, grid)))
        pieces.append(np.asarray(values))
    return np.concatenate(pieces) if pieces else function(a, b)


def interiors_meet(a, b):
    """Whether a[k] and b[k] share interior points (DE-9IM cell 0 not F), for every k, on all cores."""
    return parallel.elementwise(_interiors_meet_robust, a, b)


def _interiors_meet_robust(a, b):
    return robust_binary(_interior_pattern, a, b)


def _interior_pattern(a, b):
    return shapely.relate_pattern(a, b, "T********")


# A predicate of a small polygon against a large one walks every vertex of the large one (GEOS 3.11 has no
# prepared relate), so a red line of 8 000 vertices makes each parcel test cost as much as 8 000 parcels.
# Pieces of at most this many vertices keep such a test about as cheap as one between two parcels.
LARGE_VERTICES = 256


def clip_to_box(geom, box):
    """``geom`` clipped to the rectangle ``box`` (x0, y0, x1, y1).

    GEOS's rectangle clip is fast but can fail on a valid polygon, building a ring of three points where an
    edge runs along the rectangle (GEOS 3.11: "Invalid number of points in LinearRing"); such a geometry is
    intersected with the rectangle instead, which is slower and always works."""
    try:
        return shapely.clip_by_rect(geom, *box)
    except shapely.errors.GEOSException:
        return shapely.intersection(geom, shapely.box(*box))


def cut_large(geoms, max_vertices=LARGE_VERTICES, split=0.5, max_depth=32):
    """Polygons of more than ``max_vertices`` vertices cut into pieces of at most that many; (pieces, owner).

    Each large polygon is clipped to the two parts of its bounding box split across the longer side at
    ``split`` of its length (halves by default), and each part again while it is still large. The pieces
    are single polygons and tile the polygon: their areas add up to its area and their union is the polygon.
    ``owner[k]`` is the position in ``geoms`` of ``pieces[k]``.
    Polygons within the limit come back as they are (the same objects), in input order, before the pieces
    of the large ones; missing and empty geometries give no piece. ``max_depth`` stops the halving of a
    polygon whose vertices crowd into too small a box to be parted.

    The new vertices where a cut crosses an edge are rounded, so a piece's edge there may lie a
    floating-point step off the polygon's edge: use the pieces for decisions away from the cuts
    (``cut_edges``) and for areas, not for exact touching along a cut edge.
    """
    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms):
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    usable = present(geoms)
    counts = np.where(usable, shapely.get_num_coordinates(geoms), 0)
    small = np.flatnonzero(usable & (counts <= max_vertices))
    pieces, owner = [geoms[small]], [small]
    todo = [(geoms[i], i) for i in np.flatnonzero(usable & (counts > max_vertices))]
    for _ in range(max_depth):
        if not todo:
            break
        halves = []
        for geom, i in todo:
            x0, y0, x1, y1 = geom.bounds
            if x1 - x0 >= y1 - y0:
                middle = x0 + split * (x1 - x0)
                boxes = ((x0, y0, middle, y1), (middle, y0, x1, y1))
            else:
                middle = y0 + split * (y1 - y0)
                boxes = ((x0, y0, x1, middle), (x0, middle, x1, y1))
            for box in boxes:
                # A clip can leave a collection (a polygon with a stray edge on the cut); only area counts,
                # and each polygon of it is a piece of its own.
                half = polygonal_part(clip_to_box(geom, box))
                if half is not None:
                    halves.extend((part, i) for part in shapely.get_parts(half))
        done = [(g, i) for g, i in halves if shapely.get_num_coordinates(g) <= max_vertices]
        if done:
            pieces.append(_objects([g for g, _ in done]))
            owner.append(np.array([i for _, i in done], dtype=np.int64))
        todo = [(g, i) for g, i in halves if shapely.get_num_coordinates(g) > max_vertices]
    if todo:  # not partable within max_depth: kept as they are
        pieces.append(_objects([g for g, _ in todo]))
        owner.append(np.array([i for _, i in todo], dtype=np.int64))
    return np.concatenate(pieces), np.concatenate(owner).astype(np.int64)


def _objects(items):
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def cut_edges(pieces, owner, geoms):
    """The edges of the pieces that a cut made (two-point lines), and the owner of each.

    An edge of a piece is a cut edge when one of its ends is not a vertex of the polygon it was cut from:
    it runs along a cut, or it is the shortened part of an edge the cut crossed. Everywhere else the
    pieces' edges are the polygon's own, so a geometry keeping clear of every cut edge of a polygon
    relates to that polygon's pieces exactly as to the polygon.
    """
    pieces = np.asarray(pieces, dtype=object)
    owner = np.asarray(owner, dtype=np.int64)
    geoms = np.asarray(geoms, dtype=object)
    cut = np.flatnonzero(pieces != geoms[owner]) if len(pieces) else np.empty(0, dtype=np.int64)
    if not len(cut):
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    parts, part_piece = shapely.get_parts(pieces[cut], return_index=True)  # get_rings wants polygons
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    ring_owner = owner[cut][part_piece[ring_part]]
    sources = np.unique(owner[cut])
    source_xy, source = shapely.get_coordinates(geoms[sources], return_index=True)

    def keys(owners, coords):
        rows = np.column_stack([owners.astype(float), coords])
        return np.ascontiguousarray(rows).view(np.dtype((np.void, rows.dtype.itemsize * 3))).ravel()

    new = ~np.isin(keys(ring_owner[ring], xy), keys(sources[source], source_xy))
    # Edge k joins vertex k and k + 1 of one ring (a ring repeats its first vertex at its end).
    edge = np.flatnonzero((ring[:-1] == ring[1:]) & (new[:-1] | new[1:]))
    lines = shapely.linestrings(np.stack([xy[edge], xy[edge + 1]], axis=1))
    return lines, ring_owner[ring[edge]]


# Where the cuts fall: a parcel on an edge cut by the first cut of a polygon is nearly always clear of the
# cuts placed elsewhere.
_CUT_SPLITS = (0.5, 0.382)


def _near_cut_edges(geoms, owner_of_geom, pieces, owner, b_geoms):
    """Positions of the ``geoms`` lying within a hair of a cut edge of the pieces of their own polygon."""
    edges, edge_owner = cut_edges(pieces, owner, b_geoms)
    if not len(edges):
        return np.empty(0, dtype=np.int64)
    # Far wider than the rounding of a cut vertex (about 1e-16 of the coordinates).
    margin = 1e-9 * np.abs(shapely.total_bounds(pieces)).max()
    k, e = shapely.STRtree(edges).query(geoms, predicate="dwithin", distance=margin)
    return np.unique(k[edge_owner[e] == owner_of_geom[k]])


def interiors_meet_large(a_geoms, b_geoms, left, right):
    """Whether a[left[k]] and the large b[right[k]] share interior points, with b tested piece by piece.

    A parcel inside the large polygon is settled by the prepared polygon (contains_properly walks its
    index, not its vertices). The rest (parcels along its boundary) are related to the pieces of
    ``cut_large`` that their boxes meet: the same answer as against the whole polygon, except near a cut,
    where a piece's rounded new vertices may let a parcel that only touches the polygon overlap a piece by
    a floating-point sliver. Parcels within a hair of a cut edge are therefore decided by pieces cut
    elsewhere, and those near a cut edge there too by the whole polygon, as before: the pairs found are
    exactly the pairs the whole polygons give.
    """
    meet = np.zeros(len(left), dtype=bool)
    if not len(left):
        return meet
    large = np.unique(right)
    shapely.prepare(b_geoms[large])
    meet = np.asarray(shapely.contains_properly(b_geoms[right], a_geoms[left]), dtype=bool)
    # Two large polygons (a red line against a development boundary) are few pairs: related whole.
    both = np.flatnonzero(~meet & (shapely.get_num_coordinates(a_geoms[left]) > LARGE_VERTICES))
    meet[both] = interiors_meet(a_geoms[left[both]], b_geoms[right[both]])
    rest = np.flatnonzero(~meet & (shapely.get_num_coordinates(a_geoms[left]) <= LARGE_VERTICES))
    if not len(rest):
        return meet
    for split in _CUT_SPLITS:
        pieces, owner = cut_large(b_geoms[large], max_vertices=LARGE_VERTICES, split=split)
        owner = large[owner]
        # Parcel k against every piece of its own large polygon whose box meets its box.
        k, p = shapely.STRtree(pieces).query(a_geoms[left[rest]])
        mine = owner[p] == right[rest[k]]
        k, p = k[mine], p[mine]
        hit = np.asarray(interiors_meet(a_geoms[left[rest[k]]], pieces[p]), dtype=bool)
        near = _near_cut_edges(a_geoms[left[rest]], right[rest], pieces, owner, b_geoms)
        settled = np.ones(len(rest), dtype=bool)
        settled[near] = False
        meet[rest[np.unique(k[hit & settled[k]])]] = True
        # Near a cut the pieces are not trusted: another cut decides, and the whole polygon at last.
        rest = rest[~settled]
        if not len(rest):
            return meet
    meet[rest] = interiors_meet(a_geoms[left[rest]], b_geoms[right[rest]])
    return meet
