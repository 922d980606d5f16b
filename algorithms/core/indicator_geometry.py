"""The geometry of the indicators: measuring, overlays of parcels, zones cut into grid parts, swapped regions.

Pure: numpy and shapely, no qgis. Areas and lengths are measured by callables (geometries → m² / m), so the
caller decides planar or ellipsoidal measurement; ``planar_area`` and ``planar_length`` are the default.
"""
import numpy as np
import shapely

from . import conflicts, fragments
from .geometry import planar_area, polygon_parts, polygonal_part, present, robust_binary
from .indicator_rows import ZONE_GRID_CELLS


def memoized(measure):
    """``measure`` remembering its result per geometry array, so one array is never measured twice.

    Ellipsoidal measurement goes feature by feature through QGIS, and a county's parcels are read several
    times (patches, shares, rows): each array is measured once. The cache holds the arrays it was given,
    so an id is never reused while the cache lives.
    """
    cache = {}

    def cached(geoms):
        if isinstance(geoms, np.ndarray):
            hit = cache.get(id(geoms))
            if hit is not None and hit[0] is geoms:
                return hit[1]
            result = np.asarray(measure(geoms), dtype=float)
            cache[id(geoms)] = (geoms, result)
            return result
        return np.asarray(measure(geoms), dtype=float)

    return cached


def overlay_pieces(a_geoms, b_geoms, measure=planar_area):
    """Area of every intersection a[i] ∩ b[j] with interiors meeting: arrays (i, j, m²).

    Used to give each farmland feature the attributes of the land-use parcels under it, weighted by area.
    """
    left, right = conflicts.interior_pairs(a_geoms, b_geoms)
    if not len(left):
        return left, right, np.zeros(0)
    a_geoms = np.asarray(a_geoms, dtype=object)
    b_geoms = np.asarray(b_geoms, dtype=object)
    pieces = np.empty(len(left), dtype=object)
    whole = shapely.covers(b_geoms[right], a_geoms[left])  # a parcel lying in one land-use parcel
    pieces[whole] = a_geoms[left[whole]]
    cut = np.flatnonzero(~whole)
    if len(cut):
        pieces[cut] = robust_binary(shapely.intersection, a_geoms[left[cut]], b_geoms[right[cut]])
        collections = cut[shapely.get_type_id(pieces[cut]) == 7]
        pieces[collections] = [polygonal_part(g) for g in pieces[collections]]
    return left, right, np.asarray(measure(pieces), dtype=float)


def overlapping_positions(found):
    """Positions of the features of a line overlapping another of its features (from ``find_fragments``)."""
    if found.overlapping is None:
        return np.empty(0, dtype=np.int64)
    return np.asarray(found.overlapping, dtype=np.int64)


def robust_one(function, a, b):
    """``function(a, b)`` on two single geometries, retried on snapped copies if GEOS fails (robust_binary)."""
    return robust_binary(function, np.array([a], dtype=object), np.array([b], dtype=object))[0]


def union_of(geoms):
    """The union of the present geometries (None when there are none)."""
    geoms = np.asarray(geoms, dtype=object) if geoms is not None else np.empty(0, dtype=object)
    geoms = geoms[present(geoms)] if len(geoms) else geoms
    if not len(geoms):
        return None
    return shapely.union_all(geoms)


def zone_parts(geoms, cells_across=ZONE_GRID_CELLS):
    """Non-overlapping small polygons covering ``geoms``, for ``fragments.area_inside``.

    The union of the zones is cut along a grid of ``cells_across`` × ``cells_across`` cells over its
    extent. A red line or a county is a few polygons with thousands of vertices; every predicate or
    overlay of a parcel against such a polygon walks all of them, while against a grid piece it walks a
    few dozen. The pieces tile the union exactly, so areas inside them add up to the same totals.
    """
    if geoms is None:
        return np.empty(0, dtype=object)
    parts = fragments.dissolve_zones(geoms)
    if not len(parts) or cells_across <= 1:
        return parts
    x0, y0, x1, y1 = shapely.total_bounds(parts)
    size = max(x1 - x0, y1 - y0) / cells_across
    if not size > 0:
        return parts
    xs = np.arange(x0, x1, size)
    ys = np.arange(y0, y1, size)
    gx, gy = np.meshgrid(xs, ys)
    cells = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + size, gy.ravel() + size)
    part, cell = shapely.STRtree(cells).query(parts, predicate="intersects")
    inside = shapely.contains_properly(cells[cell], parts[part])  # a small zone within one cell stays whole
    pieces = np.where(inside, parts[part], None)
    cut = np.flatnonzero(~inside)
    pieces[cut] = robust_binary(shapely.intersection, parts[part[cut]], cells[cell[cut]])
    pieces, _ = polygon_parts(pieces)
    return pieces


def swapped_regions(before, after):
    """(swapped out, swapped in): ground of the line before and not after, and after and not before.

    Only features that changed are overlaid: a feature present with exactly the same geometry in both
    states cannot contribute, so a county-wide line costs no more than the few parcels that moved.
    Returns two geometries (possibly empty).
    """
    return swapped_regions_of_wkb(state_wkb(before), state_wkb(after))


def state_wkb(geoms):
    """The 2-D WKB of each present geometry of one state of a line, for ``swapped_regions_of_wkb``."""
    geoms = np.asarray(geoms, dtype=object)
    geoms = geoms[present(geoms)] if len(geoms) else geoms
    return shapely.to_wkb(geoms, output_dimension=2).tolist() if len(geoms) else []


def swapped_regions_of_wkb(wkb_before, wkb_after):
    """``swapped_regions`` of two states given by ``state_wkb``.

    Every geometry it works on is built here from the WKB, so it may run in a thread of its own while
    the states' geometry objects are used elsewhere (see ``parallel``).
    """
    key_before, key_after = set(wkb_before), set(wkb_after)

    def geometries(keys):
        if not keys:
            return np.empty(0, dtype=object)
        return np.asarray(shapely.from_wkb(np.array(keys, dtype=object)), dtype=object)

    changed_before = geometries([k for k in wkb_before if k not in key_after])
    changed_after = geometries([k for k in wkb_after if k not in key_before])

    def _lost(changed, other_wkb):
        if not len(changed):
            return shapely.Polygon()
        region = shapely.union_all(changed)
        if not other_wkb:
            return region
        other = geometries(other_wkb)
        # Asked parcel by parcel, not with their union: the union's box spans the county, and every
        # feature in it would be tested against the whole union. Same features either way.
        _, hit = shapely.STRtree(other).query(changed, predicate="intersects")
        near = other[np.unique(hit)]
        return robust_one(shapely.difference, region, shapely.union_all(near)) if len(near) else region

    return _lost(changed_before, wkb_after), _lost(changed_after, wkb_before)



def geometry_copies(geoms):
    """Copies of the geometries through WKB, position for position (None stays None, every coordinate bit
    kept), for work in another thread while the originals are used here (see ``parallel``)."""
    geoms = np.asarray(geoms, dtype=object)
    return np.asarray(shapely.from_wkb(shapely.to_wkb(geoms)), dtype=object) if len(geoms) else geoms.copy()


def red_line_pieces(ground, epr):
    """The land-use ground inside one state of the red line, not yet measured (``fragments.pieces_inside``)."""
    return fragments.pieces_inside(ground, zone_parts(epr))
