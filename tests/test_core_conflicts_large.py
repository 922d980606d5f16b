"""Overlaps against large polygons, tested piece by piece: exactly the pairs the whole polygons give."""
import numpy as np
import pytest
import shapely
from osgeo import ogr

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import conflicts  # noqa: E402


def brute_pairs(a_geoms, b_geoms):
    """Every pair whose interiors meet, by relating every pair of whole geometries (the definition)."""
    a_geoms = np.asarray(a_geoms, dtype=object)
    b_geoms = np.asarray(b_geoms, dtype=object)
    i, j = np.meshgrid(np.arange(len(a_geoms)), np.arange(len(b_geoms)), indexing="ij")
    i, j = i.ravel(), j.ravel()
    ok = ~(shapely.is_missing(a_geoms[i]) | shapely.is_missing(b_geoms[j]))
    i, j = i[ok], j[ok]
    ok = ~(shapely.is_empty(a_geoms[i]) | shapely.is_empty(b_geoms[j]))
    i, j = i[ok], j[ok]
    meet = shapely.relate_pattern(a_geoms[i], b_geoms[j], "T********")
    return set(zip(i[meet].tolist(), j[meet].tolist()))


def wavy_strip(n=1500, x0=500000.0, y0=4700000.0, length=6000.0, width=12.0):
    """A long thin red-line strip with many vertices."""
    x = np.linspace(x0, x0 + length, n)
    y = y0 + 40 * np.sin((x - x0) / 300.0) + 3 * np.sin((x - x0) / 17.0)
    return shapely.Polygon(np.r_[np.column_stack([x, y]), np.column_stack([x[::-1], y[::-1] + width])])


def parcels_around(zone, cell, origin):
    """Parcels of a grid over the zone's box: the parts outside the zone (touching it along its edges) and
    inside it, the grid placed at ``origin`` (put a grid line on a cut line to have parcels touch the cut)."""
    x0, y0, x1, y1 = zone.bounds
    xs = np.arange(origin[0] - cell * np.ceil((origin[0] - x0) / cell + 1), x1 + cell, cell)
    ys = np.arange(origin[1] - cell * np.ceil((origin[1] - y0) / cell + 1), y1 + cell, cell)
    gx, gy = np.meshgrid(xs, ys)
    cells = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + cell, gy.ravel() + cell)
    out = []
    for piece in np.r_[shapely.difference(cells, zone), shapely.intersection(cells, zone)]:
        out.extend(p for p in shapely.get_parts(piece) if p.geom_type == "Polygon" and p.area > 1e-6)
    return np.array(out + [None], dtype=object)[:-1]


def whole_pairs(a_geoms, b_geoms):
    """The pairs as found before large polygons were cut: an index query, then a relate of the whole geometries."""
    a_geoms = np.asarray(a_geoms, dtype=object)
    b_geoms = np.asarray(b_geoms, dtype=object)
    present = lambda g: np.flatnonzero(~(shapely.is_missing(g) | shapely.is_empty(g)))  # noqa: E731
    a_idx, b_idx = present(a_geoms), present(b_geoms)
    left, right = shapely.STRtree(b_geoms[b_idx]).query(a_geoms[a_idx], predicate="intersects")
    left, right = a_idx[left], b_idx[right]
    meet = shapely.relate_pattern(a_geoms[left], b_geoms[right], "T********")
    return left[meet], right[meet]


def check_same_pairs(a_geoms, b_geoms, reference=brute_pairs):
    left, right = conflicts.interior_pairs(a_geoms, b_geoms)
    assert len(set(zip(left.tolist(), right.tolist()))) == len(left)
    assert set(zip(left.tolist(), right.tolist())) == set(zip(*map(np.ndarray.tolist, whole_pairs(a_geoms, b_geoms))))
    if reference is not None:
        assert set(zip(left.tolist(), right.tolist())) == reference(a_geoms, b_geoms)
    return left, right


@pytest.fixture(params=[256, 40])
def large_limit(request, monkeypatch):
    monkeypatch.setattr(conflicts, "LARGE_VERTICES", request.param)
    monkeypatch.setattr(conflicts, "_CUT_ABOVE", request.param)
    return request.param


def test_long_thin_red_line_touching_parcels_along_its_edges(large_limit):
    strip = wavy_strip()
    centre = shapely.box(*strip.bounds).centroid
    # Grid lines on the strip's middle, where the first cut falls: parcels touch the cut too.
    parcels = list(parcels_around(strip, 150.0, (centre.x, centre.y)))
    # Parcels on both sides built on the strip's own vertices: they share its edges exactly.
    xy = shapely.get_coordinates(strip.exterior)[:-1]
    half = len(xy) // 2
    for side, step in ((xy[:half], -30.0), (xy[half:], 30.0)):
        for k in range(0, len(side) - 1, 7):
            chunk = side[k:k + 8]
            parcels.append(shapely.Polygon(np.r_[chunk, chunk[::-1] + [0, step]]))
    parcels = np.array(parcels + [None], dtype=object)[:-1]
    assert shapely.is_valid(parcels).all()
    left, right = check_same_pairs(parcels, [strip])
    # Most neighbours outside only touch the strip (the test is about them); the parts inside overlap it.
    touching = shapely.intersects(parcels, strip)
    touching[left] = False
    assert touching.sum() > 200
    inside = shapely.area(shapely.intersection(parcels, strip)) > 1e-3
    assert set(np.flatnonzero(inside).tolist()) <= set(left.tolist())


def test_parcels_on_the_cuts_of_a_polygon_with_holes_and_a_multipolygon(large_limit):
    hole = shapely.Point(500000, 4700000).buffer(500, 128).exterior.coords
    angle = np.linspace(0, 2 * np.pi, 1200, endpoint=False)
    r = 2500 * (1 + 0.2 * np.sin(9 * angle))
    holed = shapely.Polygon(np.column_stack([500000 + r * np.cos(angle), 4700000 + r * np.sin(angle)]), [hole])
    multi = shapely.MultiPolygon([wavy_strip(x0=504000.0), wavy_strip(n=400, x0=504000.0, y0=4700300.0)])
    zones = np.array([holed, multi, shapely.box(496000, 4696000, 496100, 4696100), None], dtype=object)
    parcels = []
    for zone in zones[:2]:
        x0, y0, x1, y1 = zone.bounds
        for split in (0.5, 0.382):
            parcels.extend(parcels_around(zone, 333.0, (x0 + split * (x1 - x0), y0 + split * (y1 - y0))))
    # Ground filling the hole exactly touches the polygon only; a parcel across the hole's edge overlaps it.
    parcels += [shapely.Polygon(hole), shapely.box(500400, 4699900, 500600, 4700100), None, shapely.Polygon()]
    parcels = np.array(parcels + [None], dtype=object)[:-1]
    left, right = check_same_pairs(parcels, zones)
    found = set(zip(left.tolist(), right.tolist()))
    assert (len(parcels) - 4, 0) not in found and (len(parcels) - 3, 0) in found
    # The same pairs with the sides swapped (large polygons as a, parcels as b) and among large polygons.
    check_same_pairs(zones, parcels)
    check_same_pairs(zones, zones[::-1])


def _read(path, name):
    source = ogr.Open(path)  # kept alive while its layer is read (GDAL would free the layer with it)
    geoms = [shapely.from_wkb(bytes(f.GetGeometryRef().ExportToWkb())) for f in source.GetLayerByName(name)]
    del source
    return np.array(geoms + [None], dtype=object)[:-1]


def test_sample_county_overlaps_are_the_whole_polygons_overlaps(plugin, sample_county, large_limit, monkeypatch):
    lines = {name.upper(): _read(sample_county, name) for name in ("pbf", "epr", "udb")}
    assert shapely.get_num_coordinates(lines["EPR"]).max() > large_limit  # the pieces are really used
    for a, b in conflicts.PAIRS:
        left, right = check_same_pairs(lines[a], lines[b], reference=None)
        expected = whole_pairs(lines[a], lines[b])
        assert np.array_equal(left, expected[0]) and np.array_equal(right, expected[1])  # in the same order
    found = conflicts.find_conflicts(lines)
    # The same polygons, in the same order, as when every pair is related on the whole geometries.
    monkeypatch.setattr(conflicts, "interior_pairs", whole_pairs)
    expected = conflicts.find_conflicts(lines)
    assert sum(len(o) for o in expected.values()) > 0
    for pair, overlap in expected.items():
        got = found[pair]
        assert np.array_equal(got.a_index, overlap.a_index) and np.array_equal(got.b_index, overlap.b_index)
        assert shapely.equals_exact(got.geoms, overlap.geoms, 0).all()
        assert np.array_equal(got.area_m2, overlap.area_m2)
