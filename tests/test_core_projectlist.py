"""core.projectlist (table 5-4): every figure against an independent shapely overlay on hand-built layers."""
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import projectlist as pl  # noqa: E402 (the package is importable only now)

HA = 10000.0


def planar(geoms):
    return np.nan_to_num(shapely.area(np.asarray(geoms, dtype=object)))


def county():
    """Two parcels side by side (forest 0301 west, homestead 0702 east) over x 0–200, a gap x 200–220 no parcel
    covers, townships split at x = 100; farmland over x 0–50, red line over y 80–100, boundary over x 150–300."""
    landuse = np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)], dtype=object)
    return dict(
        landuse=landuse, landuse_codes=["0301", "0702"], landuse_places=["150428101001", "150428102003"],
        townships=np.array([box(-10, -10, 100, 110), box(100, -10, 300, 110)], dtype=object),
        township_names=["锦山镇", "西桥镇"],
        pbf=np.array([box(0, 0, 50, 100), box(20, 0, 60, 100)], dtype=object),  # overlapping: counted once
        epr=np.array([box(0, 80, 300, 100)], dtype=object),
        udb=np.array([box(150, -10, 300, 110)], dtype=object),
    )


def projects():
    # 0: across both parcels and both townships, partly in the boundary; 1: over the gap, inside the boundary;
    # 2: on forest only, outside the boundary.
    return np.array([box(40, 10, 160, 90), box(190, 20, 220, 40), box(10, 10, 30, 30)], dtype=object)


def run(**changes):
    inputs = pl.ProjectInputs(projects=projects(), types=["产业类", "其他", "产业类", "电力类"], measure=planar,
                              others=np.array([LineString([(50, 50), (170, 50)])], dtype=object), **county())
    for key, value in changes.items():
        setattr(inputs, key, value)
    return pl.plan(inputs)


def test_every_figure_against_an_independent_overlay():
    result = run()
    geoms, c = projects(), county()
    built = shapely.union_all(c["landuse"][1:])  # the homestead parcel
    parcels = shapely.union_all(c["landuse"])
    for k, g in enumerate(geoms):
        assert result.land_m2[k] == pytest.approx(g.area, abs=0.01)
        assert result.existing_m2[k] == pytest.approx(g.intersection(built).area, abs=0.01)
        assert result.new_m2[k] == pytest.approx(g.area - g.intersection(built).area, abs=0.01)
        assert result.uncovered_m2[k] == pytest.approx(g.difference(parcels).area, abs=0.01)
        assert result.pbf_m2[k] == pytest.approx(g.intersection(shapely.union_all(c["pbf"])).area, abs=0.01)
        assert result.epr_m2[k] == pytest.approx(g.intersection(c["epr"][0]).area, abs=0.01)
        assert result.udb_m2[k] == pytest.approx(g.intersection(c["udb"][0]).area, abs=0.01)
        # 图数一致: the pieces add up to the project's land.
        assert result.new_m2[k] + result.existing_m2[k] == pytest.approx(result.land_m2[k], abs=0.01)
    # The hand figures: project 0 is 120 × 80, 60 × 80 of it on the homestead; 10 × 80 farmland; 10 × 80 in the
    # boundary; 120 × 10 in the red line.
    assert result.land_m2[0] == pytest.approx(9600.0) and result.existing_m2[0] == pytest.approx(4800.0)
    assert result.pbf_m2[0] == pytest.approx(1600.0)  # x 40–60: both farmland features, counted once
    assert result.udb_status == [pl.PARTLY, pl.INSIDE, pl.OUTSIDE, pl.PARTLY]


def test_land_under_no_parcel_is_new_construction_land_and_shown_apart():
    result = run()
    # Project 1: x 190–220 × y 20–40; x 190–200 on the homestead, x 200–220 under no parcel.
    assert result.uncovered_m2[1] == pytest.approx(400.0)
    assert result.existing_m2[1] == pytest.approx(200.0)
    assert result.new_m2[1] == pytest.approx(400.0)


def test_a_line_project_has_no_land_unless_given():
    result = run()
    assert result.land_m2[3] == 0 and result.new_m2[3] == 0
    assert result.pbf_m2[3] == 0 and result.epr_m2[3] == 0 and result.udb_m2[3] == 0
    given = run(others_land_ha=[0.25])
    assert given.land_m2[3] == pytest.approx(2500.0)
    assert np.isnan(given.new_m2[3])  # not measurable from a line


def test_places_from_townships_else_from_the_land_use():
    result = run()
    assert result.places == ["锦山镇、西桥镇", "西桥镇", "锦山镇", "锦山镇、西桥镇"]
    by_land = run(townships=None, township_names=None,
                  landuse_places=pl.township_codes(["150428101001", "150428102003"]))
    assert by_land.places == ["150428101、150428102", "150428102", "150428101", "150428101、150428102"]


def test_a_project_touching_a_township_border_does_not_lie_in_it():
    result = run(projects=np.array([box(20, 20, 100, 40), box(110, 20, 120, 40), box(0, 0, 1, 1)], dtype=object))
    assert result.places[0] == "锦山镇"


def test_listing_order_groups_types_and_the_seed_sentence():
    result = run()
    assert list(result.order) == [0, 2, 1, 3]
    assert list(result.serial) == [1, 3, 2, 4]
    assert [(r.kind, r.count) for r in result.summary] == [("产业类", 2), ("其他", 1), ("电力类", 1)]
    land = (9600.0 + 400.0 + 600.0) / HA
    assert sum(r.land_ha for r in result.summary) == pytest.approx(land, abs=1e-6)
    assert result.sentence == (f"重点建设项目共 4 个，拟用地面积 {land:.4f} 公顷，涉及产业类、其他、电力类 3 个类型。"
                               "其中产业类 2 个，其他 1 个，电力类 1 个。")


def test_no_boundary_no_status():
    result = run(udb=None, pbf=None)
    assert result.udb_status is None and result.udb_m2 is None and result.pbf_m2 is None
    assert result.epr_m2 is not None


def test_a_point_project_in_the_boundary():
    result = run(others=np.array([Point(200, 50)], dtype=object))
    assert result.udb_status[3] == pl.INSIDE and result.places[3] == "西桥镇"
