"""The pure indicator core (core.indicators, core.conflicts): every row on hand-built shapes with known answers,
the facts about the data and which of them are told.

No QGIS here. Each case is built so its answer is known by construction (squares of a given number of 亩,
rectangles of a given share), not by running the code under test.
"""
import math

import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import (  # noqa: E402
    conflicts,
    indicator_facts as facts,
    indicator_inputs as inputs,
    indicators as ind,
    landcodes,
    units,
)

MU = 10000.0 / 15.0


def sq(x, y, mu):
    """A square of ``mu`` 亩 with its lower-left corner at (x, y)."""
    side = math.sqrt(mu * MU)
    return shapely.box(x, y, x + side, y + side)


def arr(*geoms):
    return np.array(geoms, dtype=object)


def farmland(*geoms, **attrs):
    return ind.Farmland(arr(*geoms), **attrs)


def run(pbf=None, epr=None, udb=None, after=None, **ctx):
    return ind.assess(ind.Lines(pbf=pbf, epr=epr, udb=udb), after, ind.Context(**ctx))


# --- permanent basic farmland -------------------------------------------------------------------------


def test_contiguity_two_10mu_and_one_2mu_patch():
    result = run(farmland(sq(0, 0, 10), sq(1000, 0, 10), sq(2000, 0, 2)))
    assert result.before["pbf_area"] == pytest.approx(22 / 10000, rel=1e-12)  # 万亩
    assert result.before["contiguity"] == pytest.approx(22 / 3, rel=1e-12)
    assert result.before["pbf_fragments"] == 1


def test_touching_parcels_form_one_patch_and_corner_contact_does_not():
    side = math.sqrt(3 * MU)
    edge = [sq(0, 0, 3), sq(side, 0, 3)]  # share an edge: one 6-亩 patch
    corner = [sq(1000, 0, 3), sq(1000 + side, side, 3)]  # meet at a point: two 3-亩 fragments
    result = run(farmland(*edge, *corner))
    assert result.facts.before.pbf.patches == 3
    assert result.before["contiguity"] == pytest.approx(12 / 3, rel=1e-12)
    assert result.before["pbf_fragments"] == 2


def test_merge_distance_joins_near_parcels():
    side = math.sqrt(3 * MU)
    pbf = farmland(sq(0, 0, 3), sq(side + 5, 0, 3))  # 5 m apart
    assert run(pbf).before["pbf_fragments"] == 2
    merged = run(pbf, merge_distance=10.0)
    assert merged.before["pbf_fragments"] == 0
    assert merged.before["contiguity"] == pytest.approx(6.0, rel=1e-12)


def test_fragments_use_3mu_in_hills_and_5mu_in_plains():
    hills = arr(shapely.box(-100, -100, 400, 400))
    side = math.sqrt(4 * MU)
    straddling = shapely.box(400 - 0.6 * side, 0, 400 + 0.4 * side, side)  # 60 % in the hills
    result = run(farmland(sq(0, 0, 4), sq(1000, 0, 4), straddling, sq(2000, 0, 2.9)), hilly=hills)
    # plain 4 亩: fragment; hill 4 亩: not; straddling (hilly by majority): not; plain 2.9: fragment
    assert result.before["pbf_fragments"] == 2
    assert result.facts.before.pbf.hilly_patches == 2


def test_paddy_share_from_the_farmland_codes():
    pbf = farmland(sq(0, 0, 10), sq(200, 0, 10), sq(400, 0, 10), sq(600, 0, 10),
                   codes=np.array(["0101", "0102", "0103", "0201"], dtype=object))
    assert run(pbf).before["paddy_share"] == pytest.approx(200 / 3, rel=1e-12)


def test_paddy_share_and_slope_from_land_use_under_the_farmland():
    landuse = ind.LandUse(
        geoms=arr(shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100), shapely.box(200, 0, 300, 100)),
        codes=np.array(["0101", "0103", "0103"], dtype=object),
        slope=np.array([4, 2, 5]),
    )
    pbf = farmland(shapely.box(50, 0, 250, 100))  # 50 m on 0101/grade 4, 100 m on 0103/2, 50 m on 0103/5
    result = run(pbf, landuse=landuse)
    assert result.before["paddy_share"] == pytest.approx(25.0, rel=1e-12)
    assert result.before["steep_area"] == pytest.approx(units.m2_to_mu(100 * 100), rel=1e-12)
    assert result.facts.before.pbf.sources == ind.AttributeSources(codes="landuse", slope="landuse")


def test_steep_area_from_the_farmland_slope_field():
    pbf = farmland(sq(0, 0, 10), sq(200, 0, 10), sq(400, 0, 10), slope=np.array([4, 3, 5]))
    assert run(pbf).before["steep_area"] == pytest.approx(20.0, rel=1e-12)


def test_steep_and_paddy_rows_stay_empty_without_a_source():
    result = run(farmland(sq(0, 0, 10)))
    assert result.before["steep_area"] is None and result.before["paddy_share"] is None
    assert "hsf_share" not in result.before  # no high-standard farmland given: no row


def test_high_standard_share_counts_overlapping_hsf_once():
    pbf = farmland(shapely.box(0, 0, 100, 100))
    hsf = arr(shapely.box(-10, -10, 30, 110), shapely.box(-5, 0, 20, 50))  # the second lies inside the first
    assert run(pbf, hsf=hsf).before["hsf_share"] == pytest.approx(30.0, rel=1e-12)


def test_field_ridge_deduction():
    pbf = farmland(sq(0, 0, 10), sq(200, 0, 10), net=np.array([0.9, 0.8]), slope=np.array([4, 1]))
    plain = run(pbf)
    assert plain.before["pbf_area"] == pytest.approx(20 / 10000, rel=1e-12)
    net = run(pbf, deduct_kcxs=True)
    assert net.before["pbf_area"] == pytest.approx(17 / 10000, rel=1e-12)
    assert net.before["contiguity"] == pytest.approx(17 / 2, rel=1e-12)
    assert net.before["steep_area"] == pytest.approx(9.0, rel=1e-12)
    assert net.before["pbf_fragments"] == 0  # patch thresholds use map areas


def test_deduction_ratio_from_land_use_is_area_weighted():
    landuse = ind.LandUse(
        geoms=arr(shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)),
        codes=np.array(["0103", "0103"], dtype=object),
        net=np.array([0.9, 0.7]),
    )
    pbf = farmland(shapely.box(0, 0, 200, 100))
    result = run(pbf, landuse=landuse, deduct_kcxs=True)
    assert result.before["pbf_area"] == pytest.approx(units.convert(20000 * 0.8, "m2", "wan_mu"), rel=1e-12)
    assert result.before["cultivated_land"] == pytest.approx(units.convert(16000, "m2", "wan_mu"), rel=1e-12)


def test_land_use_rows_and_forest_cover():
    landuse = ind.LandUse(
        geoms=arr(shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100),
                  shapely.box(0, 100, 100, 200), shapely.box(100, 100, 200, 200)),
        codes=np.array(["0101", "0301", "0305", "0401"], dtype=object),
    )
    county = arr(shapely.box(0, 0, 200, 200))
    result = run(landuse=landuse, county=county)
    assert result.before["cultivated_land"] == pytest.approx(units.convert(10000, "m2", "wan_mu"), rel=1e-12)
    assert result.before["forest_land"] == pytest.approx(units.convert(20000, "m2", "wan_mu"), rel=1e-12)
    assert result.before["forest_cover"] == pytest.approx(50.0, rel=1e-12)
    # Forest outside the county does not count.
    half_county = run(landuse=landuse, county=arr(shapely.box(0, 0, 150, 200)))
    assert half_county.before["forest_cover"] == pytest.approx(100 * 15000 / 30000, rel=1e-12)


# --- ecological protection red line -------------------------------------------------------------------


def red_line():
    big = shapely.box(0, 0, 2000, 2000)
    small_hole = shapely.box(100, 100, 120, 120)  # 400 m² < 5 亩
    large_hole = shapely.box(500, 500, 600, 600)  # 10 000 m² = 15 亩
    return arr(big.difference(small_hole).difference(large_hole), shapely.box(3000, 0, 3500, 500))


def test_red_line_area_patches_and_holes():
    result = run(epr=red_line())
    area_m2 = 4e6 - 400 - 10000 + 250000
    assert result.before["epr_area"] == pytest.approx(area_m2 / 1e6, rel=1e-12)
    assert result.before["epr_small_patches"] == 1
    assert result.before["epr_holes"] == 2
    assert result.before["epr_small_holes"] == 1
    assert result.before["epr_small_holes_area"] == pytest.approx(0.04, rel=1e-12)


def test_hole_enclosed_by_two_features_counts():
    # Two U-shaped halves together enclose a 10 × 10 gap that neither has alone.
    left = shapely.box(0, 0, 50, 100).difference(shapely.box(45, 45, 50, 55))
    right = shapely.box(50, 0, 100, 100).difference(shapely.box(50, 45, 55, 55))
    result = run(epr=arr(left, right))
    assert result.before["epr_holes"] == 1
    assert result.before["epr_small_holes_area"] == pytest.approx(100 / 10000, rel=1e-12)


def test_farmland_in_red_line_holes_and_land_use_inside():
    pbf = farmland(shapely.box(500, 500, 550, 600), shapely.box(5000, 0, 5100, 100))
    landuse = ind.LandUse(
        geoms=arr(shapely.box(0, 0, 1000, 2000), shapely.box(1000, 0, 2000, 2000), shapely.box(1900, 0, 2100, 10)),
        codes=np.array(["0301", "0103", "0404"], dtype=object),
        net=np.array([1.0, 0.9, 1.0]),
    )
    result = run(pbf, epr=red_line(), landuse=landuse)
    assert result.before["epr_holes_pbf"] == pytest.approx(0.5, rel=1e-12)
    # Forest parcel inside the line minus the holes. The grassland parcel's half inside the line (x 1900 to
    # 2000) overlaps the cultivated parcel, which comes first and keeps that ground: the overlap counts once.
    assert result.before["epr_eco_land"] == pytest.approx((1e6 * 2 - 400 - 10000) / 1e6, rel=1e-12)
    assert [list(k) for k in result.facts.landuse_overlaps] == [[1], [2]]
    assert result.before["epr_cultivated"] == pytest.approx(2.0, rel=1e-12)
    with_ridges = run(pbf, epr=red_line(), landuse=landuse, deduct_kcxs=True)
    assert with_ridges.before["epr_cultivated"] == pytest.approx(1.8, rel=1e-12)


# --- urban development boundary ------------------------------------------------------------------------


def urban():
    town = shapely.box(0, 0, 300, 300)
    town = town.difference(shapely.box(50, 50, 100, 100)).difference(shapely.box(200, 200, 250, 250))
    return arr(town, sq(1000, 0, 5))


def test_urban_boundary_rows():
    pbf = farmland(shapely.box(60, 60, 70, 70), shapely.box(400, 0, 500, 100))
    result = run(pbf, udb=urban(), baseline_m2=50000.0)
    area_m2 = 90000 - 2 * 2500 + 5 * MU
    assert result.before["udb_area"] == pytest.approx(area_m2 / 10000, rel=1e-12)
    assert result.before["udb_expansion"] == pytest.approx(area_m2 / 50000, rel=1e-12)
    assert result.before["udb_fragments"] == 1
    assert result.before["udb_holes"] == 2
    assert result.before["udb_pbf_holes"] == 1
    assert result.before["udb_pbf_holes_area"] == pytest.approx(0.01, rel=1e-12)


def test_baseline_layer_is_clipped_to_the_county():
    baseline = arr(shapely.box(0, 0, 200, 100), shapely.box(100, 0, 300, 100))  # overlapping: 30 000 m²
    result = run(udb=urban(), baseline=baseline)
    assert result.facts.baseline_m2 == pytest.approx(30000.0, rel=1e-12)
    clipped = run(udb=urban(), baseline=baseline, county=arr(shapely.box(0, -10, 150, 110)))
    area_m2 = 90000 - 2 * 2500 + 5 * MU
    assert clipped.before["udb_expansion"] == pytest.approx(area_m2 / 15000, rel=1e-12)


def test_road_density_and_walk_coverage_in_the_central_urban_area():
    central = arr(shapely.box(0, 0, 1000, 1000))
    udb = arr(shapely.box(0, 0, 500, 1000), shapely.box(3000, 0, 3100, 100))
    roads = arr(shapely.LineString([(0, 500), (1000, 500)]), shapely.LineString([(250, -50), (250, 1050)]))
    parks = arr(shapely.Point(250, 500))
    result = run(udb=udb, central=central, roads=roads, parks=parks, walk_distance=100.0)
    assert result.before["road_density"] == pytest.approx(1.5 / 0.5, rel=1e-12)
    assert result.before["park_coverage"] == pytest.approx(100 * math.pi * 100 ** 2 / 500000, rel=1e-3)
    # Without a boundary the whole central area counts: 2 km of road in 1 km².
    assert run(central=central, roads=roads).before["road_density"] == pytest.approx(2.0, rel=1e-12)


# --- overlaps ------------------------------------------------------------------------------------------


def test_overlaps_between_lines_and_slivers():
    pbf = arr(shapely.box(0, 0, 100, 100))
    epr = arr(shapely.box(50, 0, 150, 100), shapely.box(100, 0, 200, 50))  # the second only touches PBF
    udb = arr(shapely.box(0, 99.999, 100, 200))  # 0.1 m² sliver with PBF
    found = conflicts.find_conflicts({"PBF": pbf, "EPR": epr, "UDB": udb})
    assert list(found) == list(conflicts.PAIRS)
    assert found[("PBF", "EPR")].total_m2 == pytest.approx(5000.0, rel=1e-12)
    assert len(found[("PBF", "EPR")]) == 1 and found[("PBF", "EPR")].b_index.tolist() == [0]
    assert len(found[("PBF", "UDB")]) == 0
    assert found[("EPR", "UDB")].total_m2 == pytest.approx(0.0)
    kept = conflicts.find_conflicts({"PBF": pbf, "UDB": udb}, min_area_m2=0.0)
    assert kept[("PBF", "UDB")].total_m2 == pytest.approx(0.1, rel=1e-6)
    assert conflicts.kind_label(("PBF", "EPR")) == "永久基本农田∩生态保护红线"


def test_overlap_in_two_parts_gives_two_polygons():
    pbf = arr(shapely.box(0, 0, 100, 100))
    udb = arr(shapely.box(-10, 10, 110, 20).union(shapely.box(-10, 60, 110, 70)))  # two bands across
    found = conflicts.overlap_polygons(("PBF", "UDB"), pbf, udb)
    assert len(found) == 2
    assert sorted(found.area_m2.tolist()) == pytest.approx([1000.0, 1000.0])


# --- the table and the after column ---------------------------------------------------------------------


def test_only_before_leaves_after_and_change_empty():
    result = run(farmland(sq(0, 0, 10)), epr=red_line())
    assert result.after is None
    rows = ind.table_rows(result.before, result.after, "zh")
    assert rows and all(row[5] is None and row[6] is None for row in rows)
    assert rows[0][:4] == ["耕地和永久基本农田", "数量不减少", "永久基本农田", "万亩"]
    english = ind.table_rows(result.before, result.after, "en")
    assert english[0][:4] == ["Cultivated land and permanent basic farmland", "Quantity does not decrease",
                              "Permanent basic farmland", "10k mu"]


def test_after_state_of_one_line():
    before = ind.Lines(pbf=farmland(sq(0, 0, 10), sq(1000, 0, 2)), epr=red_line())
    after = ind.Lines(pbf=farmland(sq(0, 0, 10), sq(3000, 0, 4)))
    result = ind.assess(before, after, ind.Context())
    assert result.after["pbf_area"] == pytest.approx(14 / 10000, rel=1e-12)
    assert result.after["contiguity"] == pytest.approx(7.0, rel=1e-12)
    assert result.after["pbf_fragments"] == 1
    assert "epr_area" not in result.after  # the red line has no after state
    assert "overlap_pbf_epr" in result.after and "epr_holes_pbf" in result.after
    rows = {row[2]: row for row in ind.table_rows(result.before, result.after, "zh")}
    assert rows["耕地连片度"][6] == pytest.approx(7.0 - 6.0, rel=1e-12)
    assert rows["陆域生态保护红线面积"][5] is None


def test_after_state_overlays_only_changed_farmland_with_high_standard_farmland(monkeypatch):
    hsf = arr(shapely.box(-10, -10, 30, 110), shapely.box(990, -10, 1030, 200))
    kept, moved = shapely.box(0, 0, 100, 100), shapely.box(1000, 0, 1100, 100)
    arrived = shapely.box(1000, 150, 1100, 250)
    overlaid = []
    real = ind.fragments.area_inside
    monkeypatch.setattr(ind.fragments, "area_inside", lambda g, z, m=None: overlaid.append(len(g)) or real(g, z, m))
    before = ind.Lines(pbf=farmland(kept, moved))
    after = ind.Lines(pbf=farmland(kept, arrived))
    result = ind.assess(before, after, ind.Context(hsf=hsf))
    assert overlaid == [2, 1]  # the unchanged parcel was overlaid once, for the before state
    # The same shares as two independent assessments give, to the last bit.
    assert result.before["hsf_share"] == run(farmland(kept, moved), hsf=hsf).before["hsf_share"]
    assert result.after["hsf_share"] == run(farmland(kept, arrived), hsf=hsf).before["hsf_share"]
    assert result.after["hsf_share"] == pytest.approx(100 * (30 * 100 + 30 * 50) / 20000, rel=1e-12)


def test_swapped_regions():
    kept = shapely.box(0, 0, 100, 100)
    before = arr(kept, shapely.box(200, 0, 300, 100), shapely.box(400, 0, 500, 100))
    after = arr(kept, shapely.box(400, 0, 480, 100), shapely.box(600, 0, 650, 100))
    out_region, in_region = ind.swapped_regions(before, after)
    assert out_region.area == pytest.approx(10000 + 2000)
    assert in_region.area == pytest.approx(5000)
    # From WKB (as the report computes it on another core): the same regions; a state without features
    # swaps all of the other out (or in).
    from_wkb = ind.swapped_regions_of_wkb(ind.state_wkb(before), ind.state_wkb(after))
    assert [g.wkb for g in from_wkb] == [out_region.wkb, in_region.wkb]
    all_out, nothing_in = ind.swapped_regions_of_wkb(ind.state_wkb(before), ind.state_wkb(arr(None)))
    assert all_out.area == pytest.approx(30000) and nothing_in.is_empty


# --- reading attributes --------------------------------------------------------------------------------


def test_attribute_helpers():
    assert ind.parse_codes("03, 04，1101 ") == ("03", "04", "1101")
    codes = landcodes.normalise_codes(["0101", " 0301 ", None, "0102K"]).codes
    assert ind.matches_codes(codes, ("0101", "0102")).tolist() == [True, False, False, True]
    assert ind.slope_grades(["4", 5, None, "x", "2.0"]).tolist() == [4, 5, 0, 0, 2]
    net, bad = ind.net_factors([0.1, None, "0.25", 1.5, "a"])
    assert net[:3].tolist() == pytest.approx([0.9, 1.0, 0.75])
    assert bad.tolist() == [3, 4]


def test_overlapping_farmland_counts_once_and_terrain_follows_the_union():
    hills = arr(shapely.box(0, 0, 70, 1000))
    # Two parcels overlapping by 50 × 100: union 150 × 100 = 15 000 m², only 7 000 m² of it in the hills
    # (summing the parcels would count 9 000 m² inside and call the patch hilly).
    pbf = farmland(shapely.box(0, 0, 100, 100), shapely.box(50, 0, 150, 100), sq(1000, 0, 4))
    result = run(pbf, hilly=hills)
    assert result.before["pbf_area"] == pytest.approx(units.convert(15000 + 4 * MU, "m2", "wan_mu"), rel=1e-12)
    assert result.facts.before.pbf.overlapping_patches == 1
    assert result.facts.before.pbf.hilly_patches == 0


def test_zone_parts_tile_the_union_of_the_zones():
    zones = arr(shapely.box(0, 0, 1000, 1000).difference(shapely.box(200, 200, 300, 300)),
                shapely.box(900, 0, 1500, 500), shapely.box(5000, 5000, 5001, 5001))
    parts = ind.zone_parts(zones)
    union = shapely.union_all(zones)
    assert len(parts) > 3 * 3  # cut along the grid
    assert shapely.area(parts).sum() == pytest.approx(union.area, rel=1e-12)
    assert shapely.union_all(parts).symmetric_difference(union).area == pytest.approx(0.0, abs=1e-6)
    # no two pieces overlap
    left, right = shapely.STRtree(parts).query(parts, predicate="overlaps")
    assert not len(left)


# --- overlapping features of one line, unreadable slope grades -------------------------------------------


def test_first_cover_parts_leaves_overlapping_ground_to_the_first_feature():
    a = shapely.box(0, 0, 100, 100)
    c = shapely.box(50, 0, 150, 100)  # overlaps A by its left half
    d = shapely.box(1000, 0, 1100, 100)
    geoms = arr(a, a, c, d)  # the second is a duplicate of A
    own, (earlier, later) = conflicts.first_cover_parts(geoms)
    assert sorted(zip(earlier.tolist(), later.tolist())) == [(0, 1), (0, 2), (1, 2)]
    assert own[0] is a and own[3] is d  # untouched features are the same objects
    assert shapely.is_empty(own[1]) and shapely.get_type_id(own[1]) == 3
    assert own[2].equals(shapely.box(100, 0, 150, 100))
    # the own parts tile the union: the same area, nothing shared
    assert sum(g.area for g in own) == pytest.approx(shapely.union_all(geoms).area, rel=1e-12)
    assert conflicts.overlapping_features((earlier, later)).tolist() == [0, 1, 2]
    # candidates limit the search; a clean line comes back as the very same array
    own, pairs = conflicts.first_cover_parts(geoms, candidates=[2, 3])
    assert own is geoms and not len(pairs[0])
    clean = arr(a, d, None)
    assert conflicts.first_cover_parts(clean)[0] is clean
    # neighbours "overlapping" by rounding (1e-5 m², a billionth of the parcel) are no overlap, as in patches
    rounding = arr(a, shapely.box(100 - 1e-7, 0, 200, 100))
    own, pairs = conflicts.first_cover_parts(rounding)
    assert own is rounding and not len(pairs[0])


def test_overlapping_farmland_counts_every_row_once_with_the_first_features_attributes():
    a = shapely.box(0, 0, 100, 100)
    c = shapely.box(50, 0, 150, 100)
    pbf = farmland(
        a, a, c,
        codes=landcodes.normalise_codes(["0101", "0101", "0103"]).codes,
        slope=np.array([2, 2, 4]),
        net=np.array([0.9, 0.9, 0.8]),
    )
    hsf = arr(shapely.box(-10, -10, 200, 200))
    epr = arr(shapely.box(0, 0, 150, 100))
    result = run(pbf, epr=epr, hsf=hsf)
    before = result.before
    # 15 000 m² of ground: A's 10 000 (paddy, grade 2) and C's own 5 000 (dry land, grade 4)
    assert before["pbf_area"] == pytest.approx(units.convert(15000, "m2", "wan_mu"), rel=1e-12)
    assert before["paddy_share"] == pytest.approx(100 * 10000 / 15000, rel=1e-12)
    assert before["steep_area"] == pytest.approx(5000 / MU, rel=1e-12)
    assert before["hsf_share"] == pytest.approx(100.0, rel=1e-12)
    assert before["contiguity"] == pytest.approx(15000 / MU, rel=1e-12)
    assert before["overlap_pbf_epr"] == pytest.approx(1.5, rel=1e-12)  # ha, not 2.5 or 3.5
    facts = result.facts.before.pbf
    assert facts.overlapping.tolist() == [0, 1, 2] and facts.overlapping_patches == 1
    # net of field ridges: each ground counted once with its own feature's ratio
    netted = ind.assess(ind.Lines(pbf=pbf), None, ind.Context(deduct_kcxs=True)).before
    assert netted["pbf_area"] == pytest.approx(units.convert(10000 * 0.9 + 5000 * 0.8, "m2", "wan_mu"), rel=1e-12)


def test_overlap_polygons_count_a_lines_self_overlap_once():
    a = shapely.box(0, 0, 100, 100)
    c = shapely.box(50, 0, 150, 100)
    elsewhere = shapely.box(5000, 0, 5100, 100)
    pbf = arr(a, elsewhere, elsewhere, c, a)  # a duplicate far from the red line is no concern here
    epr = arr(shapely.box(0, 50, 150, 100), shapely.box(0, 0, 150, 50))  # two halves of the same strip
    found = conflicts.overlap_polygons(("PBF", "EPR"), pbf, epr)
    assert found.total_m2 == pytest.approx(15000.0, rel=1e-12)
    assert sorted(set(found.a_index.tolist())) == [0, 3]  # the duplicate (4) gives nothing
    assert sorted(zip(*[p.tolist() for p in found.a_self_overlaps])) == [(0, 3), (0, 4), (3, 4)]
    assert not len(found.b_self_overlaps[0])
    union = shapely.union_all(found.geoms)
    assert union.area == pytest.approx(sum(g.area for g in found.geoms), rel=1e-12)  # no polygon twice


def test_slope_grades_that_are_no_grade_are_listed_not_read_as_flat():
    grades, bad = ind.read_slope_grades(["4", 5, None, "x", "2.0", 0, 7, 2.5, " ", "abc", "3 "])
    assert grades.tolist() == [4, 5, 0, 0, 2, 0, 0, 0, 0, 0, 3]
    assert bad.tolist() == [3, 5, 6, 7, 9]
    # own field: the unreadable feature is left out of the row and named
    pbf = farmland(sq(0, 0, 10), sq(1000, 0, 10), slope=np.array([4, 0]), slope_unreadable=np.array([1]))
    result = run(pbf)
    assert result.before["steep_area"] == pytest.approx(10.0, rel=1e-12)
    assert result.facts.before.pbf.slope_unreadable.tolist() == [1]
    # land-use field: only the parcels under the farmland are named
    landuse = ind.LandUse(
        geoms=arr(shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100), shapely.box(5000, 0, 5100, 100)),
        codes=landcodes.normalise_codes(["0103", "0103", "0103"]).codes,
        slope=np.array([5, 0, 0]),
        slope_unreadable=np.array([1, 2]),
    )
    result = run(farmland(shapely.box(0, 0, 200, 100)), landuse=landuse)
    assert result.before["steep_area"] == pytest.approx(10000 / MU, rel=1e-12)
    assert result.facts.before.pbf.sources.slope == "landuse"
    assert result.facts.before.pbf.slope_unreadable.tolist() == [1]


# --- the typed facts, and which of them the user is told --------------------------------------------------


def test_facts_are_typed_and_list_lines_and_states_in_table_order():
    line = facts.LineFacts(patches=2, overlapping_patches=0, overlapping=np.empty(0, dtype=np.int64))
    state = facts.StateFacts(udb=line, pbf=line)
    assert [name for name, _ in state.lines()] == ["PBF", "UDB"]
    assert [name for name, _ in facts.Facts().states()] == ["before"]
    assert [name for name, _ in facts.Facts(after=facts.StateFacts()).states()] == ["before", "after"]
    sources = facts.AttributeSources(net=facts.LANDUSE, codes=facts.OWN)
    assert sources.items() == [("codes", "own"), ("net", "landuse")]


def test_assessment_facts_of_each_state_and_line():
    pbf = farmland(sq(0, 0, 10), sq(0, 0, 10), sq(1000, 0, 2), codes=np.array(["0101", "0101", "0103"], dtype=object))
    before = ind.Lines(pbf=pbf, epr=red_line())
    result = ind.assess(before, ind.Lines(udb=urban()), ind.Context())
    assert isinstance(result.facts, ind.Facts)
    assert [name for name, _ in result.facts.before.lines()] == ["PBF", "EPR"]
    assert [name for name, _ in result.facts.after.lines()] == ["UDB"]  # only the changed line
    farm = result.facts.before.pbf
    assert (farm.patches, farm.overlapping_patches, farm.overlapping.tolist()) == (2, 1, [0, 1])
    assert farm.sources == ind.AttributeSources(codes="own") and farm.hilly_patches == 0
    assert result.facts.before.epr.hilly_patches is None and result.facts.before.epr.sources is None
    assert result.facts.landuse_overlaps is None and result.facts.unmatched == []


def test_findings_say_what_is_told_and_in_which_order():
    none = np.empty(0, dtype=np.int64)
    own = facts.AttributeSources(codes=facts.OWN, slope=facts.OWN)
    from_landuse = facts.AttributeSources(codes=facts.LANDUSE, slope=facts.LANDUSE, net=facts.OWN)
    unmatched = facts.UnmatchedClass("LANDUSE", "eco", ("99",), ("epr_eco_land",))
    found = facts.findings(facts.Facts(
        before=facts.StateFacts(
            pbf=facts.LineFacts(3, 1, np.array([4, 7]), 0, from_landuse, np.array([9, 2])),
            epr=facts.LineFacts(1, 0, none),  # no overlap: nothing to tell
        ),
        after=facts.StateFacts(
            pbf=facts.LineFacts(3, 0, none, 0, own, np.array([5])),
            udb=facts.LineFacts(2, 2, np.array([0, 1, 3])),
        ),
        landuse_overlaps=(np.array([3, 1, 1]), np.array([8, 8, 2])),
        unmatched=[unmatched],
    ))
    kinds = [type(f).__name__ for f in found]
    assert kinds == ["LandUseOverlaps", "OverlappingFeatures", "UnreadableSlopes", "OverlappingFeatures",
                     "UnreadableLandUseSlopes", "AttributeFromLandUse", "AttributeFromLandUse", "UnmatchedClass"]
    assert found[0].positions.tolist() == [1, 2, 3, 8] and found[0].later == 2
    first = found[1]
    assert (first.state, first.line, first.patches, first.positions.tolist()) == ("before", "PBF", 1, [4, 7])
    assert (found[2].state, found[2].positions.tolist()) == ("after", [5])  # the farmland's own field
    assert (found[3].state, found[3].line, found[3].patches) == ("after", "UDB", 2)
    assert found[4].positions.tolist() == [2, 9]  # the land use's grades: once, sorted
    assert [f.attribute for f in found[5:7]] == ["codes", "slope"]  # the ratio came from the farmland itself
    assert found[7] is unmatched
    assert facts.findings(facts.Facts()) == []


def test_findings_of_an_assessment_with_messy_data():
    landuse = ind.LandUse(
        geoms=arr(shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100), shapely.box(0, 0, 100, 100)),
        codes=landcodes.normalise_codes(["0301", "0301", "0301"]).codes,
        slope=np.array([5, 0, 2]),
        slope_unreadable=np.array([1]),
    )
    pbf = farmland(shapely.box(0, 0, 200, 100), shapely.box(0, 0, 200, 100))
    result = run(pbf, landuse=landuse)
    found = facts.findings(result.facts)
    assert [type(f).__name__ for f in found] == [
        "LandUseOverlaps", "OverlappingFeatures", "UnreadableLandUseSlopes", "AttributeFromLandUse",
        "AttributeFromLandUse", "UnmatchedClass"]
    assert found[0].positions.tolist() == [0, 2] and found[0].later == 1
    assert found[2].positions.tolist() == [1]
    assert found[5] == facts.UnmatchedClass("LANDUSE", "cultivated", ind.CULTIVATED_CODES, ("cultivated_land",))


def test_unmatched_classes_name_the_rows_no_code_matched():
    landuse = ind.LandUse(geoms=arr(shapely.box(0, 0, 100, 100)), codes=np.array(["0301"], dtype=object))
    pbf = farmland(sq(1000, 0, 10), codes=np.array(["0201"], dtype=object))
    ctx = ind.Context(landuse=landuse, eco_codes=("99",))
    result = ind.assess(ind.Lines(pbf=pbf, epr=red_line()), ind.Lines(pbf=pbf), ctx)
    assert result.facts.unmatched == [
        facts.UnmatchedClass("LANDUSE", "cultivated", ind.CULTIVATED_CODES, ("cultivated_land", "epr_cultivated")),
        facts.UnmatchedClass("LANDUSE", "eco", ("99",), ("epr_eco_land",)),
        facts.UnmatchedClass("before", "cultivated", ind.CULTIVATED_CODES, ("paddy_share",)),
        facts.UnmatchedClass("after", "cultivated", ind.CULTIVATED_CODES, ("paddy_share",)),
    ]


# --- what a field gives, and what the farmland lacks ----------------------------------------------------


def test_a_field_left_empty_is_no_source():
    assert inputs.land_classes_of_field(None) is None
    assert inputs.land_classes_of_field(np.array(["", ""], dtype=object)) is None
    codes = np.array(["", "0101"], dtype=object)
    assert inputs.land_classes_of_field(codes) is codes
    assert inputs.slope_grades_of_field(None) == (None, None)
    assert inputs.slope_grades_of_field([None, " "]) == (None, None)
    grades, unreadable = inputs.slope_grades_of_field([None, "abc"])  # a field holding anything is a source
    assert grades.tolist() == [0, 0] and unreadable.tolist() == [1]
    grades, unreadable = inputs.slope_grades_of_field(["4", None])
    assert grades.tolist() == [4, 0] and not len(unreadable)


def test_attributes_without_a_source_and_the_deduction_ratio():
    bare = farmland(sq(0, 0, 10))
    full = farmland(sq(0, 0, 10), codes=np.array(["0101"], dtype=object), slope=np.array([2]), net=np.array([0.9]))
    landuse = ind.LandUse(geoms=arr(sq(0, 0, 10)), codes=np.array(["0101"], dtype=object))
    sloped = ind.LandUse(geoms=arr(sq(0, 0, 10)), codes=np.array(["0101"], dtype=object), slope=np.array([3]),
                         net=np.array([0.9]))
    assert inputs.attributes_without_source(bare, None) == ["slope", "codes"]
    assert inputs.attributes_without_source(bare, landuse) == ["slope"]  # the land use gives the class only
    assert inputs.attributes_without_source(bare, sloped) == []
    assert inputs.attributes_without_source(full, None) == []
    assert inputs.lacks_deduction_ratio(bare, None) and inputs.lacks_deduction_ratio(bare, landuse)
    assert not inputs.lacks_deduction_ratio(bare, sloped) and not inputs.lacks_deduction_ratio(full, None)


# --- the farmland swapped out and in (indicator_swaps) ----------------------------------------------------


def swap_run(left, joined, **ctx):
    return run(farmland(sq(5000, 0, 10)), pbf_swapped_out=left, pbf_swapped_in=joined, **ctx)


def test_swapped_slope_from_the_land_use_under_pieces_without_the_field():
    landuse = ind.LandUse(
        geoms=arr(shapely.box(0, 0, 200, 100), shapely.box(1000, 0, 1100, 100), shapely.box(1100, 0, 1300, 100),
                  shapely.box(1300, 0, 1400, 100)),
        codes=np.array(["0103", "0103", "0101", "0103"], dtype=object),
        slope=np.array([4, 1, 3, "abc"], dtype=object),
    )
    landuse.slope, landuse.slope_unreadable = ind.read_slope_grades(landuse.slope)
    left = farmland(shapely.box(0, 0, 100, 100))  # on grade 4 only
    # 100 m on grade 1, 200 m on grade 3, 100 m on a parcel whose value is no grade (left out): mean 7/3.
    joined = farmland(shapely.box(1000, 0, 1400, 100))
    quality = swap_run(left, joined, landuse=landuse).swaps
    assert quality.left.slope_mean == pytest.approx(4.0, abs=1e-12)
    assert quality.joined.slope_mean == pytest.approx(7 / 3, abs=1e-12)
    assert quality.left.slope_source == quality.joined.slope_source == "landuse"
    assert quality.joined.slope_unreadable.tolist() == [3] and not len(quality.left.slope_unreadable)
    assert quality.met is True and quality.slope_margin == 1.67
    # A piece's own grade wins over the land use under it.
    own = farmland(shapely.box(0, 0, 100, 100), slope=np.array([2]))
    assert swap_run(own, joined, landuse=landuse).swaps.left.slope_mean == 2.0


def test_swapped_land_on_the_net_basis():
    # Left: grade 5 at KCXS 0.1 and grade 3 at KCXS 0.5, 1 ha each; 0.5 ha of the second in high-standard
    # farmland. Net: mean (5 × 0.9 + 3 × 0.5) / 1.4, share 0.5 × 0.5 / 1.4.
    left = farmland(shapely.box(0, 0, 100, 100), shapely.box(1000, 0, 1100, 100), slope=np.array([5, 3]),
                    net=np.array([0.9, 0.5]))
    joined = farmland(shapely.box(2000, 0, 2100, 100), slope=np.array([2]), net=np.array([0.8]))
    hsf = arr(shapely.box(1000, 0, 1050, 100))
    gross = swap_run(left, joined, hsf=hsf).swaps
    assert (gross.left.slope_mean, gross.left.hsf_share, gross.net) == (4.0, 25.0, False)
    net = swap_run(left, joined, hsf=hsf, deduct_kcxs=True).swaps
    assert net.net and net.left.area_m2 == pytest.approx(14000.0, abs=1e-9)
    assert net.left.slope_mean == pytest.approx(6.0 / 1.4, abs=1e-12)
    assert net.left.hsf_share == pytest.approx(100 * 2500 / 14000, abs=1e-12)
    assert net.joined.hsf_share == 0.0 and net.hsf_margin == pytest.approx(-17.86, abs=1e-12)


def test_swapped_net_ratio_from_the_land_use_under_the_pieces():
    landuse = ind.LandUse(
        geoms=arr(shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)),
        codes=np.array(["0103", "0103"], dtype=object),
        net=np.array([0.9, 0.5]),
    )
    left = farmland(shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100), slope=np.array([5, 3]))
    joined = farmland(shapely.box(3000, 0, 3100, 100), slope=np.array([1]))
    quality = swap_run(left, joined, landuse=landuse, deduct_kcxs=True).swaps
    assert quality.left.slope_mean == pytest.approx(6.0 / 1.4, abs=1e-12)
    assert quality.joined.area_m2 == pytest.approx(10000.0, abs=1e-9)  # no land use under it: kept whole


def test_swapped_pieces_overlapping_count_once_and_unreadable_grades_are_left_out():
    # The second piece lies on the first (a duplicate with another grade): its ground is the first's.
    left = farmland(shapely.box(0, 0, 100, 100), shapely.box(0, 0, 100, 100), shapely.box(1000, 0, 1100, 100),
                    shapely.box(2000, 0, 2100, 100), slope=np.array([4, 1, 2, 0]), slope_unreadable=np.array([3]))
    joined = farmland(shapely.box(3000, 0, 3100, 100), slope=np.array([1]))
    quality = swap_run(left, joined).swaps
    assert quality.left.slope_mean == pytest.approx(3.0, abs=1e-12)
    assert quality.left.area_m2 == pytest.approx(30000.0, abs=1e-9)
    assert quality.left.slope_unreadable.tolist() == [3]


def test_empty_swapped_layers_give_no_value():
    quality = swap_run(farmland(), farmland()).swaps
    assert quality.left.area_m2 == 0.0 and quality.left.slope_mean is None and quality.met is None
