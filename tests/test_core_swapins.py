"""core.swapins.find without QGIS: the swap-in pieces by category, on shapes whose answers are worked out here."""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import swapins as s  # noqa: E402 (the package is importable only now)

LINE = np.array([shapely.box(0, 0, 100, 100)], dtype=object)


def objects(*geoms):
    out = np.empty(len(geoms), dtype=object)
    out[:] = list(geoms)
    return out


def find(layers, exclude=(), min_piece=10.0):
    return s.find(s.SwapInInputs(LINE, tuple(layers), tuple(exclude), min_piece))


def test_each_piece_keeps_its_feature_and_project_name_and_the_ground_is_accounted_for():
    projects = objects(shapely.box(100, 0, 150, 50), shapely.box(120, 0, 200, 20), shapely.box(90, 60, 130, 100))
    holes = objects(shapely.box(140, 0, 160, 80))
    found = find([s.CategoryLayer(s.INFRASTRUCTURE, "PROJECTS", projects, np.array(["A", "B", "C"], dtype=object)),
                  s.CategoryLayer(s.UDB_HOLES, "HOLES", holes)])
    # A 50 x 50; B less A: 150..200 x 20; C outside the line: 100..130 x 40; the holes less A and B.
    assert found.category.tolist() == [0, 0, 0, 1]
    assert found.feature.tolist() == [0, 1, 2, 0]
    assert found.names.tolist() == ["A", "B", "C", None]
    assert found.area_m2.tolist() == pytest.approx([2500.0, 1000.0, 1200.0, 20 * 80 - 10 * 50 - 10 * 20])
    assert [o.tolist() for o in found.overlaps] == [[1], []]
    assert found.inside_m2.tolist() == pytest.approx([400.0, 0.0])
    assert found.earlier_m2.tolist() == pytest.approx([0.0, 700.0])
    assert found.hectares_by_category() == pytest.approx({"infrastructure": 0.47, "udb_holes": 0.09})
    union = shapely.union_all(found.geoms)
    assert union.area == pytest.approx(found.area_m2.sum())  # disjoint
    assert union.intersection(LINE[0]).area == pytest.approx(0.0)


def test_exclude_layers_are_credited_in_order_and_absent_categories_are_empty():
    water = objects(shapely.box(100, 0, 200, 100))
    first = objects(shapely.box(150, 0, 250, 100))
    second = objects(shapely.box(180, 0, 300, 50))
    found = find([s.CategoryLayer(s.NEW_WATER_SOURCE, "NEW_WATER_SOURCE", water),
                  s.CategoryLayer(s.PUBLIC_FOREST, "PUBLIC_FOREST", None)], exclude=(first, second))
    assert found.excluded_m2.tolist() == pytest.approx([5000.0, 0.0])  # the second takes nothing left
    assert found.area_m2.tolist() == pytest.approx([5000.0])
    assert found.given.tolist() == [True, False]
    assert found.hectares_by_category()["public_forest"] == 0.0


def test_pieces_under_the_smallest_piece_are_counted_as_dropped():
    water = objects(shapely.MultiPolygon([shapely.box(100, 0, 101, 5), shapely.box(110, 0, 200, 100)]))
    found = find([s.CategoryLayer(s.NEW_WATER_SOURCE, "NEW_WATER_SOURCE", water)])
    assert found.area_m2.tolist() == pytest.approx([9000.0])
    assert found.dropped.tolist() == [1] and found.dropped_m2.tolist() == pytest.approx([5.0])


def test_near_line_counts_a_project_within_the_distance_or_any_without_one():
    projects = objects(shapely.box(100, 0, 110, 10), shapely.box(150, 0, 160, 10), None)
    assert s.near_line(projects, LINE, 0.0).tolist() == [True, False, False]
    assert s.near_line(projects, LINE, 50.0).tolist() == [True, True, False]
    assert s.near_line(projects, LINE, None).tolist() == [True, True, True]
