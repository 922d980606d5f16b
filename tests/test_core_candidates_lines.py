"""The pure core of the red line's and the development boundary's swap-out candidates (core.candidates_epr,
core.candidates_udb): each category from its layer, the precedence, the town-village codes, the boundary's land
with no construction demand never taking construction, approved or protected planned land.

No QGIS: areas are planar shapely areas; expected answers are hand-computed.
"""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import candidates as c  # noqa: E402, I001 (the package is importable only now)
from planmaint.algorithms.core import candidates_epr as epr  # noqa: E402
from planmaint.algorithms.core import candidates_udb as udb  # noqa: E402

B = shapely.box
CELL = 100.0 * 100.0


def arr(*geoms):
    out = np.empty(len(geoms), dtype=object)
    out[:] = list(geoms)
    return out


def cell(k):
    return B(100.0 * k, 0.0, 100.0 * (k + 1), 100.0)


def by_key(found):
    return {found.reasons[k].key: pytest.approx(m2) for k, m2 in enumerate(found.area_m2_by_reason()) if m2 > 0}


EPR_ZONES = ("withdrawn", "conflict_pbf", "settled_udb", None, "mining", "commercial_forest", "projects", "correction")


def find_epr(line, landuse=None, codes=None, raw=None, **zones):
    line = arr(*line)
    if landuse is None:
        landuse, codes = list(line), ["0301"] * len(line)  # forest under the whole line
    for key, value in zones.items():
        if key != "township" and value is not None:
            zones[key] = arr(*value)
    return epr.find(epr.EprInputs(line=line, landuse=arr(*landuse), landuse_codes=np.array(codes, dtype=object),
                                  landuse_raw=None if raw is None else np.array(raw, dtype=object),
                                  min_piece_m2=0.0, **zones))


# --- the red line -----------------------------------------------------------------------------------------


def test_the_category_table_of_each_line_has_distinct_codes_and_the_seed_words():
    codes = [reason.code for reason in c.EVERY_REASON]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 2 and code.isdigit() for code in codes)
    assert [r.key for r in c.LINE_REASONS["epr"]] == [
        "withdrawn", "conflict_pbf", "epr_conflict_udb", "conflict_construction", "conflict_mining", "conflict_forest",
        "conflict_project", "correction"]
    assert c.WITHDRAWN.words == "已依法撤销且经论证不具有重要生态功能的法定保护区域"
    assert c.NO_DEMAND.words == "现状无建设需求"
    assert [(r.code, r.words) for r in c.LINE_REASONS["udb"]] == [
        ("22", "矛盾冲突：永久基本农田"), ("23", "矛盾冲突：生态保护红线"), ("21", "现状无建设需求")]
    assert [(r.code, r.words) for r in c.LINE_REASONS["pbf"][:3]] == [
        ("07", "矛盾冲突：生态保护红线"), ("08", "矛盾冲突：城镇开发边界"), ("02", "国家和自治区重点建设项目")]
    assert [(r.code, r.words) for r in c.LINE_REASONS["epr"][1:3]] == [
        ("12", "矛盾冲突：永久基本农田"), ("18", "矛盾冲突：城镇开发边界")]
    keys = [reason.key for reason in c.EVERY_REASON]
    assert len(set(keys)) == len(keys)


def test_each_red_line_category_takes_its_own_cell():
    line = [B(0, 0, 800, 100)]
    codes = ["0301"] * 8
    codes[3] = "0702"  # a rural homestead in the fourth cell: town and village construction land
    found = find_epr(line, [cell(k) for k in range(8)], codes, withdrawn=[cell(0)], conflict_pbf=[cell(1)],
                     settled_udb=[cell(2)], mining=[cell(4)], commercial_forest=[cell(5)], projects=[cell(6)],
                     correction=[cell(7)])
    assert by_key(found) == {reason.key: CELL for reason in c.EPR_REASONS}
    for k, reason_index in enumerate(found.reason):
        piece = found.geoms[k]
        assert shapely.equals(shapely.normalize(piece), shapely.normalize(cell(reason_index)))
    assert found.project.tolist() == [-1, -1, -1, -1, -1, -1, 0, -1]
    # The breakdown: forest is other agricultural land, the homestead construction land.
    assert found.class_m2[:, c.CONSTRUCTION].tolist() == [0, 0, 0, CELL, 0, 0, 0, 0]
    assert found.class_m2.sum(axis=1) == pytest.approx(found.area_m2)
    assert found.total_ha == pytest.approx(8.0)


@pytest.mark.parametrize("first", range(len(c.EPR_REASONS)))
def test_ground_meeting_several_categories_is_listed_once_under_the_first(first):
    line = [B(0, 0, 100, 100)]
    zones = {key: [cell(0)] for k, key in enumerate(EPR_ZONES) if key and k >= first}
    construction = first <= 3
    found = find_epr(line, [cell(0)], ["0701" if construction else "0301"], **zones)
    assert len(found) == 1
    assert found.reasons[found.reason[0]] == c.EPR_REASONS[first]
    assert found.area_m2[0] == pytest.approx(CELL)


def test_a_category_without_its_layer_takes_nothing():
    found = find_epr([B(0, 0, 200, 100)], withdrawn=[B(50, 0, 150, 100)])
    assert by_key(found) == {"withdrawn": CELL}
    assert len(found.dropped) == len(c.EPR_REASONS)


@pytest.mark.parametrize("raw, code, town", [
    ("0501", "0501", True), ("05H1", "05H1", True), ("0601", "0601", True), ("0702", "0702", True),
    ("08H2", "08H2", True), ("09", "09", True), ("1003", "1003", True), ("1006", "1006", False),
    ("201", "0201", True), ("202A", "0202A", True), (203, "0203", True), (205.0, "0205", True),
    ("206", "0206", False), ("0201", "0201", False), ("0301", "0301", False), ("1101", "1101", False),
    ("1109", "1109", False), (None, "", False), ("", "", False),
])
def test_town_and_village_construction_land_codes(raw, code, town):
    assert epr.is_town_village(raw, code) is town


def test_a_town_code_read_as_orchard_is_still_construction_land_by_its_raw_value():
    line = [B(0, 0, 200, 100)]
    found = find_epr(line, [cell(0), cell(1)], ["0201", "0201"], raw=["201", "0201"])
    assert by_key(found) == {"conflict_construction": CELL}
    assert shapely.equals(shapely.normalize(found.geoms[0]), shapely.normalize(cell(0)))


def test_red_line_ground_of_no_known_class_counts_as_unused():
    found = find_epr([B(0, 0, 200, 100)], [cell(1)], ["0301"], withdrawn=[B(0, 0, 200, 100)])
    assert found.class_m2[0, c.UNUSED] == pytest.approx(CELL)
    assert found.class_m2[0, c.OTHER_AGRICULTURAL] == pytest.approx(CELL)
    assert found.unclassed_m2[0] == pytest.approx(CELL)


def test_red_line_overlaps_count_once_and_the_township_orders_pieces():
    line = [B(0, 0, 200, 100), B(100, 0, 300, 100)]
    found = find_epr(line, withdrawn=[B(0, 0, 300, 100)], township=["150428002", "150428001"])
    assert found.pbf_overlaps.tolist() == [1]
    assert found.total_ha == pytest.approx(3.0)
    assert found.township.tolist() == ["150428001", "150428002"]


# --- the development boundary -----------------------------------------------------------------------------


def find_udb(line, landuse, codes, **options):
    for key in ("approved", "planned"):
        if options.get(key) is not None:
            options[key] = arr(*options[key])
    if "planned_codes" in options:
        options["planned_codes"] = np.array(options["planned_codes"], dtype=object)
    return udb.find(udb.UdbInputs(line=arr(*line), landuse=arr(*landuse),
                                  landuse_codes=np.array(codes, dtype=object), min_piece_m2=0.0, **options))


def test_udb_candidates_are_the_land_not_built_approved_nor_protected():
    line = [B(0, 0, 600, 100)]
    landuse = [cell(k) for k in range(6)]
    codes = ["0103", "0701", "0301", "0103", "0404", "1003"]
    found = find_udb(line, landuse, codes, approved=[cell(3)],
                     planned=[B(200, 0, 250, 100), B(250, 0, 300, 100), B(400, 0, 500, 100)],
                     planned_codes=["1401", "0701", "1207"])
    taken = shapely.union_all(found.geoms)
    assert taken.area == pytest.approx(CELL + CELL / 2)
    assert shapely.equals(shapely.normalize(taken), shapely.normalize(shapely.union(cell(0), B(250, 0, 300, 100))))
    assert set(found.reason.tolist()) == {c.UDB_REASONS.index(c.NO_DEMAND)} and found.reasons == c.UDB_REASONS
    for kept in (cell(1), cell(3), B(200, 0, 250, 100), cell(4), cell(5)):
        assert shapely.intersection(taken, kept).area == pytest.approx(0.0, abs=1e-6)
    assert found.class_m2[:, c.CONSTRUCTION].sum() == 0.0
    assert found.class_m2.sum() == pytest.approx(found.area_m2.sum())


def test_udb_ground_under_no_parcel_or_a_code_of_no_class_is_never_proposed():
    found = find_udb([B(0, 0, 300, 100)], [cell(0), cell(1)], ["0103", "011"])
    assert found.area_m2.sum() == pytest.approx(CELL)
    assert found.unclassed_m2.sum() == 0.0


def test_protected_codes_match_by_their_beginning_and_none_protects_nothing():
    codes = ["0801", "08", "0701", "1207", "1202", "1310", "1402", "", None]
    assert udb.protected(codes, udb.DEFAULT_PROTECTED).tolist() == [
        True, True, False, True, False, True, True, False, False]
    assert not udb.protected(codes, ()).any()
    assert udb.parse_codes(" 08, 1207，13 ,,14") == ("08", "1207", "13", "14")
    found = find_udb([B(0, 0, 100, 100)], [cell(0)], ["0103"], planned=[cell(0)], planned_codes=["1401"],
                     protected_codes=())
    assert found.area_m2.sum() == pytest.approx(CELL)


def test_udb_without_optional_layers_takes_every_unbuilt_parcel():
    found = find_udb([B(0, 0, 300, 100)], [cell(0), cell(1), cell(2)], ["0103", "0602", "0402"])
    assert by_key(found) == {"no_demand": 2 * CELL}
    assert len(found) == 2


def test_land_class_categories_list_one_piece_per_parcel():
    # Two adjacent parcels of the category under one large feature: two pieces, each its parcel, not one merged.
    found = find_udb([B(0, 0, 300, 100)], [cell(0), cell(1), cell(2)], ["0103", "0402", "0702"])
    assert len(found) == 2 and found.area_m2 == pytest.approx([CELL, CELL])
    assert found.class_m2[:, c.CULTIVATED] == pytest.approx([CELL, 0.0])
    found = find_epr([B(0, 0, 300, 100)], [cell(0), cell(1), cell(2)], ["0701", "0601", "0301"])
    assert len(found) == 2 and found.area_m2 == pytest.approx([CELL, CELL])
    assert {found.reasons[k].key for k in found.reason} == {"conflict_construction"}


# --- the settled conflicts of the lines -------------------------------------------------------------------


def test_red_line_conflict_with_farmland_takes_the_settlement_and_the_farmland_layer_both():
    """12 takes the settled overlaps (down to 1 m²) and the farmland polygons (down to the smallest piece)."""
    line = [B(0, 0, 300, 100)]
    found = epr.find(epr.EprInputs(
        line=arr(*line), landuse=arr(*line), landuse_codes=np.array(["0301"], dtype=object),
        settled_pbf=arr(cell(0), B(299, 0, 300, 5)), conflict_pbf=arr(B(50, 0, 200, 100), B(299, 95, 300, 100)),
        settled_udb=arr(B(250, 0, 260, 100)), min_piece_m2=10.0))
    assert by_key(found) == {"conflict_pbf": CELL + 5 + CELL, "epr_conflict_udb": 1000}
    assert found.dropped.tolist()[1] == 1 and found.dropped_m2[1] == pytest.approx(5.0)
    taken = shapely.union_all(found.geoms[found.reason == 1])
    assert shapely.equals(shapely.normalize(taken),
                          shapely.normalize(shapely.union_all([B(0, 0, 200, 100), B(299, 0, 300, 5)])))


def test_udb_conflicts_leave_first_even_from_approved_land():
    line = [B(0, 0, 300, 100)]
    landuse = [cell(k) for k in range(3)]
    found = find_udb(line, landuse, ["0103", "0103", "0701"], approved=[B(0, 0, 300, 100)],
                     conflict_pbf=arr(B(0, 0, 60, 100)), conflict_epr=arr(B(40, 0, 100, 100), B(200, 0, 202, 3)))
    assert by_key(found) == {"udb_conflict_pbf": 6000, "udb_conflict_epr": 4000 + 6}
    assert [found.reasons[k].code for k in found.reason] == ["22", "23", "23"]
    assert found.class_m2[:, c.CONSTRUCTION].sum() == pytest.approx(6.0)  # the piece on the built parcel
    assert found.class_m2[found.area_m2 < 10, c.CONSTRUCTION].tolist() == [pytest.approx(6.0)]
