"""The small geometry and unit helpers of the core that every algorithm shares (one home each)."""
import numpy as np
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import conflicts, geometry, units  # noqa: E402 (the package is importable only now)

SQUARE = shapely.box(0, 0, 10, 10)
HOLED = shapely.Polygon([(20, 0), (30, 0), (30, 10), (20, 10)], [[(22, 2), (24, 2), (24, 4), (22, 4)]])


def test_planar_area_and_length_count_missing_geometries_as_zero():
    geoms = [SQUARE, None, shapely.Polygon(), HOLED, shapely.LineString([(0, 0), (3, 4)])]
    assert geometry.planar_area(geoms).tolist() == [100.0, 0.0, 0.0, 96.0, 0.0]
    assert geometry.planar_length(geoms).tolist() == [40.0, 0.0, 0.0, 48.0, 5.0]
    assert geometry.planar_area([]).tolist() == []


def test_present_is_neither_missing_nor_empty():
    geoms = np.array([SQUARE, None, shapely.Polygon(), shapely.MultiPolygon(), HOLED], dtype=object)
    assert geometry.present(geoms).tolist() == [True, False, False, False, True]
    assert geometry.present([]).tolist() == []


def test_polygon_parts_opens_nested_collections_and_keeps_the_source():
    nested = shapely.GeometryCollection([
        shapely.MultiPolygon([shapely.box(40, 0, 41, 1), shapely.box(42, 0, 43, 1)]),
        shapely.LineString([(0, 0), (1, 1)]),
        shapely.Point(5, 5),
        shapely.Polygon(),
    ])
    geoms = [SQUARE, None, nested, shapely.Polygon(), shapely.MultiPolygon([HOLED, shapely.box(50, 0, 51, 1)])]
    parts, source = geometry.polygon_parts(geoms)
    assert source.tolist() == [0, 2, 2, 4, 4]
    assert source.dtype == np.int64 and parts.dtype == object
    assert [p.wkt for p in parts] == [
        SQUARE.wkt, shapely.box(40, 0, 41, 1).wkt, shapely.box(42, 0, 43, 1).wkt, HOLED.wkt,
        shapely.box(50, 0, 51, 1).wkt,
    ]
    assert all(shapely.get_type_id(p) == 3 for p in parts)


def test_polygon_parts_of_nothing():
    for geoms in ([], [None], [shapely.Polygon()], [shapely.LineString([(0, 0), (1, 1)])]):
        parts, source = geometry.polygon_parts(geoms)
        assert len(parts) == 0 and len(source) == 0
        assert parts.dtype == object and source.dtype == np.int64


def test_the_conflict_check_uses_the_shared_helpers():
    """The names core.conflicts always offered stay, and are the shared ones."""
    assert conflicts.planar_area is geometry.planar_area
    assert conflicts.polygon_parts is geometry.polygon_parts


def test_one_mu_in_square_metres():
    assert units.M2_PER_MU == 10_000.0 / 15.0  # the exact ratio, not the rounded 666.67
    assert units.mu_to_m2(5.0) == 5.0 * units.M2_PER_MU
    assert units.m2_to_mu(15 * units.M2_PER_MU) == 15.0
