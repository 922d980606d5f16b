"""The rows of table 5-3 measured against planning layers (core.indicator_udb_zones): approved zones inside the
boundary, fit with the main development directions, unsuitable land inside the boundary; on hand-built geometries,
each figure against its own shapely computation."""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import indicator_udb_zones as zones, indicators as ind  # noqa: E402

M2_PER_MU = 10000.0 / 15.0


def arr(*geoms):
    return np.array(geoms, dtype=object)


# The boundary: two squares; after maintenance the first loses a strip of 300 × 50 m on top and gains a
# 100 × 100 m square on its right (touching it).
BEFORE = arr(shapely.box(0, 0, 300, 300), shapely.box(1000, 0, 1100, 100))
AFTER = arr(shapely.box(0, 0, 300, 250), shapely.box(300, 0, 400, 100), shapely.box(1000, 0, 1100, 100))
# Two approved zones overlapping each other, partly in the boundary.
APPROVED = arr(shapely.box(200, 200, 500, 300), shapely.box(250, 250, 600, 350))
# A band of directions across the bottom of both squares and of the land that joined.
DIRECTIONS = arr(shapely.box(250, -50, 2000, 60))
# Unsuitable areas of two layers, overlapping each other inside the first square, and one far outside.
UNSUITABLE = arr(shapely.box(0, 0, 50, 50), shapely.box(25, 25, 75, 75), shapely.box(5000, 5000, 5100, 5100))


def planning(approved=APPROVED, directions=DIRECTIONS, unsuitable=UNSUITABLE):
    return ind.PlanningZones(approved=approved, directions=directions, unsuitable=unsuitable)


def inside_m2(a, b):
    """Area of the union of ``a`` inside the union of ``b``, by plain shapely."""
    return shapely.intersection(shapely.union_all(a), shapely.union_all(b)).area


def test_every_figure_against_shapely_before_and_after():
    result = ind.assess(ind.Lines(udb=BEFORE), ind.Lines(udb=AFTER), ind.Context(zones=planning()))
    approved_m2 = shapely.union_all(APPROVED).area
    assert approved_m2 == pytest.approx(30000 + 35000 - 12500)  # overlapping zones count once
    for values, boundary in ((result.before, BEFORE), (result.after, AFTER)):
        assert values["udb_approved_share"] == pytest.approx(100 * inside_m2(APPROVED, boundary) / approved_m2,
                                                             rel=1e-12)
        assert values["udb_unsuitable"] == pytest.approx(inside_m2(UNSUITABLE, boundary) / M2_PER_MU, rel=1e-12)
    # By hand: 10 000 m² of the zones in the boundary before, 5 000 after (the top strip left it).
    assert result.before["udb_approved_share"] == pytest.approx(100 * 10000 / 52500)
    assert result.after["udb_approved_share"] == pytest.approx(100 * 5000 / 52500)
    # 2 500 + 2 500 − 625 m² (the overlap once) = 6.5625 亩.
    assert result.before["udb_unsuitable"] == pytest.approx(4375 / M2_PER_MU)
    # Directions: before, the boundary inside them; after, the land that joined inside them.
    boundary_before = shapely.union_all(BEFORE)
    assert result.before["udb_direction_fit"] == pytest.approx(
        100 * inside_m2(DIRECTIONS, BEFORE) / boundary_before.area, rel=1e-12)
    assert result.before["udb_direction_fit"] == pytest.approx(100 * (50 * 60 + 100 * 60) / 100000)
    joined = shapely.difference(shapely.union_all(AFTER), boundary_before)
    assert joined.area == pytest.approx(10000)
    assert result.after["udb_direction_fit"] == pytest.approx(
        100 * shapely.intersection(joined, shapely.union_all(DIRECTIONS)).area / joined.area, rel=1e-12)
    assert result.after["udb_direction_fit"] == pytest.approx(60.0)


def test_without_their_layers_the_rows_are_there_without_a_value():
    result = ind.assess(ind.Lines(udb=BEFORE), ind.Lines(udb=AFTER), ind.Context())
    for key in zones.KEYS:
        assert key in result.before and result.before[key] is None
        assert key in result.after and result.after[key] is None
    rows = {row.key: row for row in ind.table(result, "zh")}
    assert rows["udb_approved_share"].cells[4:] == [None, None, None]
    # Only the layer given fills its row.
    one = ind.assess(ind.Lines(udb=BEFORE), None, ind.Context(zones=ind.PlanningZones(unsuitable=UNSUITABLE)))
    assert one.before["udb_approved_share"] is None and one.before["udb_direction_fit"] is None
    assert one.before["udb_unsuitable"] == pytest.approx(4375 / M2_PER_MU)


def test_layers_without_a_feature_give_no_value():
    empty = arr()
    result = ind.assess(ind.Lines(udb=BEFORE), None, ind.Context(zones=planning(empty, empty, empty)))
    assert [result.before[key] for key in zones.KEYS] == [None, None, None]


def test_a_boundary_that_only_shrank_has_no_land_that_joined():
    shrunk = arr(shapely.box(0, 0, 300, 250), shapely.box(1000, 0, 1100, 100))
    result = ind.assess(ind.Lines(udb=BEFORE), ind.Lines(udb=shrunk), ind.Context(zones=planning()))
    assert result.before["udb_direction_fit"] == pytest.approx(9.0)
    assert result.after["udb_direction_fit"] is None
    # Land that joined entirely inside the directions fits them fully.
    grown = arr(*BEFORE, shapely.box(1100, 0, 1200, 50))
    full = ind.assess(ind.Lines(udb=BEFORE), ind.Lines(udb=grown), ind.Context(zones=planning()))
    assert full.after["udb_direction_fit"] == pytest.approx(100.0)


def test_the_rows_follow_the_seed_order_and_read_back_in_both_languages():
    result = ind.assess(ind.Lines(udb=BEFORE), ind.Lines(udb=AFTER), ind.Context(zones=planning()))
    for lang in ("zh", "en"):
        rows = ind.table(result, lang)
        keys = [row.key for row in rows]
        start = keys.index("udb_pbf_holes_area") if "udb_pbf_holes_area" in keys else keys.index("udb_holes")
        assert keys[start + 1:start + 4] == ["udb_approved_share", "udb_direction_fit", "udb_unsuitable"]
        for row in rows:
            assert ind.row_key(row.cells) == row.key
    cells = {row.key: row.cells for row in ind.table(result, "zh")}
    assert cells["udb_approved_share"][1:4] == ["布局更集聚", "已批开发区和非农业产业园区面积划入率", "%"]
    assert cells["udb_unsuitable"][1] == "城镇功能品质有提升" and cells["udb_unsuitable"][3] == "亩"
    assert cells["udb_direction_fit"][2].startswith("优化后的城镇开发边界与总体规划明确的主要发展方向符合程度")
    assert cells["udb_direction_fit"][6] == pytest.approx(60.0 - 9.0)


def test_each_layer_is_unioned_once_for_both_states():
    calls = []
    measure = ind.planar_area

    def counting(geoms):
        calls.append(len(geoms))
        return measure(geoms)

    work = zones.UrbanZones(planning(), counting)
    work.rows(BEFORE)
    first = len(calls)
    work.rows(AFTER, BEFORE)
    assert len(work._unions) == 3
    assert all(n == 1 for n in calls)  # single geometries only: unions, never the layers' features
    assert len(calls) - first <= first + 2
