"""Geometry hygiene shared by every algorithm: 2-D, valid, polygonal."""
import numpy as np
import shapely


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
    if len(geoms) and shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    present = ~shapely.is_missing(geoms)
    invalid = present & ~shapely.is_valid(geoms)
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
