"""core.zoning without QGIS: the zones after maintenance on a hand-built county whose answers are worked out here.

The county is a 300 × 100 strip of three zones, each 100 × 100: 生态保护区 [0,100], 农田保护区 [100,200],
城镇发展区 [200,300] (x ranges). The lines move by whole 10 m strips, so every area is exact.
"""
import numpy as np
import pytest
import shapely
from shapely import box

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import zoning as z  # noqa: E402 (the package is importable only now)

NO_LINE = z.Line()
LEFT = {"PBF": z.RURAL, "EPR": z.ECO_CONTROL, "UDB": z.RURAL}


def county():
    return np.array([box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100)], dtype=object), [
        z.ECO_PROTECT, z.FARMLAND, z.URBAN]


def run(pbf=NO_LINE, epr=NO_LINE, udb=NO_LINE, geoms=None, zones=None):
    base_geoms, base_zones = county()
    inputs = z.ZoningInputs(base_geoms if geoms is None else geoms, base_zones if zones is None else zones,
                            pbf, epr, udb, LEFT, shapely.area)
    return z.plan(inputs)


def zone_geom(result, zone):
    parts = [g for g, name in zip(result.geoms, result.zone) if name == zone]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def test_no_line_changes_nothing():
    result = run()
    assert result.zone == [z.ECO_PROTECT, z.FARMLAND, z.URBAN]
    assert not result.changed.any()
    assert [row[3] for row in result.table()] == [0.0] * 6


def test_red_line_after_is_the_ecological_protection_zone():
    # The red line gives up x in [0, 10] and takes x in [100, 120] (farmland zone).
    epr = z.Line(box(0, 0, 100, 100), box(10, 0, 120, 100))
    result = run(epr=epr)
    assert zone_geom(result, z.ECO_PROTECT).symmetric_difference(epr.after).area == pytest.approx(0.0, abs=1e-6)
    assert zone_geom(result, z.ECO_CONTROL).equals(box(0, 0, 10, 100))  # the red line's left rule
    assert zone_geom(result, z.FARMLAND).area == pytest.approx(8000.0)
    assert result.after_m2[z.ECO_PROTECT] == pytest.approx(11000.0)


def test_boundary_after_is_the_urban_zone_and_left_land_goes_to_its_rule():
    udb = z.Line(box(200, 0, 300, 100), box(190, 0, 290, 100))
    result = run(udb=udb)
    assert zone_geom(result, z.URBAN).equals(udb.after)
    assert zone_geom(result, z.RURAL).equals(box(290, 0, 300, 100))
    changed = [(int(s), name) for s, name, c in zip(result.source, result.zone, result.changed) if c]
    assert changed == [(1, z.URBAN), (2, z.RURAL)]


def test_farmland_joined_and_left():
    # Farmland leaves x in [100, 130] of the farmland zone, joins x in [50, 60] (red line zone, no red line given)
    # and x in [250, 260] (urban zone, no boundary given).
    pbf = z.Line(box(100, 0, 200, 100), shapely.union_all([box(50, 0, 60, 100), box(130, 0, 200, 100),
                                                          box(250, 0, 260, 100)]))
    result = run(pbf=pbf)
    assert zone_geom(result, z.RURAL).equals(box(100, 0, 130, 100))
    assert zone_geom(result, z.FARMLAND).area == pytest.approx(9000.0)
    assert result.after_m2[z.ECO_PROTECT] == pytest.approx(9000.0)
    assert result.after_m2[z.URBAN] == pytest.approx(9000.0)


def test_precedence_red_line_then_boundary_then_farmland():
    # x in [100, 110] joined all three lines: the red line takes it; x in [110, 120] joined the boundary and
    # the farmland: the boundary takes it.
    both = box(100, 0, 110, 100)
    epr = z.Line(box(0, 0, 100, 100), box(0, 0, 110, 100))
    udb = z.Line(box(200, 0, 300, 100), shapely.union_all([box(100, 0, 120, 100), box(200, 0, 300, 100)]))
    pbf = z.Line(box(130, 0, 200, 100), box(100, 0, 200, 100))
    result = run(pbf=pbf, epr=epr, udb=udb)
    assert zone_geom(result, z.ECO_PROTECT).equals(epr.after)
    assert zone_geom(result, z.URBAN).symmetric_difference(udb.after.difference(both)).area == pytest.approx(0.0)
    assert zone_geom(result, z.FARMLAND).equals(box(120, 0, 200, 100))


def test_other_zones_keep_unless_a_line_takes_them():
    geoms = np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)], dtype=object)
    result = run(epr=z.Line(None, box(150, 0, 200, 100)), geoms=geoms, zones=[z.MINING, "海洋发展区"])
    assert result.zone == [z.MINING, z.ECO_PROTECT, "海洋发展区"]
    assert result.table()[-1][0] == "海洋发展区"


def test_areas_add_up_when_the_zones_tile():
    epr = z.Line(box(0, 0, 100, 100), shapely.Polygon([(5, 0), (100, 0), (130, 60), (110, 100), (5, 100)]))
    udb = z.Line(box(200, 0, 300, 100), shapely.Point(250, 50).buffer(60))  # reaches outside the county
    pbf = z.Line(box(100, 0, 200, 100), shapely.Point(150, 30).buffer(45))
    result = run(pbf=pbf, epr=epr, udb=udb)
    before = sum(row[1] for row in result.table())
    after = sum(row[2] for row in result.table())
    assert before == pytest.approx(30000.0)
    assert abs(after - before) < 0.01
    assert not len(z.check_tiling(result.geoms, 1e-6))  # the pieces still tile
    assert result.outside_m2["UDB"] > 0


def test_tiling_reports_overlaps_and_gaps_with_their_places():
    geoms = np.array([box(0, 0, 100, 100), box(90, 0, 200, 100), box(0, 100, 200, 200), box(0, 200, 200, 300),
                      box(0, 300, 200, 400)], dtype=object)
    geoms[3] = geoms[3].difference(box(50, 220, 60, 230))  # a gap inside the zones
    issues = z.check_tiling(geoms)
    assert issues.kind == [z.OVERLAP, z.GAP]
    assert issues.between == [(0, 1), ()]
    assert issues.geoms[0].equals(box(90, 0, 100, 100)) and issues.area_m2[1] == pytest.approx(100.0)
    assert not len(z.check_tiling(geoms, min_area_m2=1001.0))
    assert not len(z.check_tiling(county()[0]))
