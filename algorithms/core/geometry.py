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
    geoms = shapely.force_2d(np.asarray(geoms, dtype=object))
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
