"""How each conflict was settled and why an overlap remains after maintenance (core.indicator_conflicts), on
hand-built lines and settled pieces whose answers are known by construction."""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import (  # noqa: E402 (importable only now)
    conflicts,
    indicator_conflicts as ic,
    indicators as ind,
    units,
)

PBF_EPR, PBF_UDB = ("PBF", "EPR"), ("PBF", "UDB")
DX = 0.137  # off the integer grid, so the sums are checked on areas with decimals


def box(x0, y0, x1, y1):
    return shapely.box(x0 + DX, y0 + DX, x1 + DX, y1 + DX)


def arr(geoms):
    return np.array(geoms, dtype=object)


# The farmland after maintenance: five parcels inside one red-line polygon, so each is one overlap polygon.
PARCELS = {
    "kept": box(0, 0, 10, 10),       # in a piece both lines keep by decision
    "not_out": box(20, 0, 30, 10),   # in a piece the farmland was to yield
    "new": box(40, 0, 45, 10),       # in no piece of its pair (a farmland/boundary piece lies over it)
    "mostly": box(60, 0, 70, 10),    # 8 of 10 m in a piece the red line was to yield, 2 m in one of the farmland
    "touching": box(80, 0, 90, 10),  # only touches a piece along its edge
}
EPR_AFTER = arr([box(-5, -5, 120, 100)])

# The settlement of the lines before maintenance: (geometry, pair, YIELDS, KEEPS, BASIS, NOTE).
PIECES = [
    (box(0, 0, 10, 10), PBF_EPR, "", "BOTH", "decision", "水源井保护范围，两线均保留"),
    (box(20, 0, 30, 10), PBF_EPR, "PBF", "EPR", "rule", "生态保护红线内永久基本农田逐步退出"),
    (box(60, 0, 68, 10), PBF_EPR, "EPR", "PBF", "core_zone", ""),
    (box(90, 0, 95, 10), PBF_EPR, "PBF", "EPR", "rule", "edge"),
    (box(0, 50, 20.5, 60), PBF_EPR, "EPR", "PBF", "rule", "settled and gone after"),
    (box(40, 0, 45, 10), PBF_UDB, "UDB", "PBF", "rule", "another pair"),
    (box(68, 0, 71, 10), PBF_EPR, "PBF", "EPR", "rule", "the smaller sharer"),
]


def settlement(pieces=PIECES):
    geoms, pairs, yields, keeps, basis, notes = zip(*pieces)
    return ic.Settlement(arr(geoms), pairs, yields, keeps, basis, notes)


def after_overlaps():
    found = conflicts.overlap_polygons(PBF_EPR, arr(list(PARCELS.values())), EPR_AFTER)
    assert len(found) == len(PARCELS)
    return {PBF_EPR: found}


def by_point(remaining):
    """{parcel name: Remaining}, each matched by its point lying in the parcel."""
    out = {}
    for item in remaining:
        name = [k for k, g in PARCELS.items() if g.contains(shapely.Point(item.point))]
        assert len(name) == 1
        out[name[0]] = item
    return out


def test_each_remaining_polygon_gets_the_reason_of_the_piece_it_lies_in():
    found = ic.settle(after_overlaps(), settlement())
    assert found.given
    items = by_point(found.remaining)
    assert {k: v.reason for k, v in items.items()} == {
        "kept": ic.KEPT_BY_BOTH, "not_out": ic.NOT_SWAPPED, "new": ic.NEW_OVERLAP, "mostly": ic.NOT_SWAPPED,
        "touching": ic.NEW_OVERLAP,
    }
    assert items["kept"].note == "水源井保护范围，两线均保留" and items["kept"].basis == "decision"
    assert items["not_out"].yields == "PBF" and items["not_out"].basis == "rule" and items["not_out"].piece == 1
    # Lying mostly in the red line's piece: that piece decides.
    assert items["mostly"].yields == "EPR" and items["mostly"].basis == "core_zone" and items["mostly"].piece == 2
    # A piece of another pair over the same ground says nothing about this pair.
    assert items["new"].piece is None and items["new"].yields == ""
    # Areas are the indicators' own (the Overlap's), largest first.
    assert [round(i.area_m2, 6) for i in found.remaining] == [100.0, 100.0, 100.0, 100.0, 50.0]
    assert items["new"].area_ha == pytest.approx(0.005, abs=1e-12)


def test_the_per_pair_sums_balance_to_a_hundredth_of_a_square_metre():
    found = ic.settle(after_overlaps(), settlement())
    (pair,) = found.pairs
    assert pair.pair == PBF_EPR
    mine = [p for p in PIECES if p[1] == PBF_EPR]
    assert pair.settled_m2 == pytest.approx(sum(p[0].area for p in mine), abs=0.01)
    assert pair.settled_m2 == pytest.approx(100 + 100 + 80 + 50 + 205 + 30, abs=0.01)
    assert pair.yields_m2 == {"PBF": pytest.approx(180, abs=0.01), "EPR": pytest.approx(285, abs=0.01)}
    assert pair.kept_both_m2 == pytest.approx(100, abs=0.01)
    assert abs(pair.settled_m2 - sum(pair.yields_m2.values()) - pair.kept_both_m2) < 0.01
    assert pair.remaining_m2 == pytest.approx(450, abs=0.01) and pair.remaining_count == 5


def test_the_settled_areas_use_the_callers_measure():
    found = ic.settle(after_overlaps(), settlement(), measure=lambda g: 2 * shapely.area(g))
    assert found.pairs[0].settled_m2 == pytest.approx(2 * 565, abs=0.01)


def test_without_a_settlement_every_remaining_polygon_says_so():
    found = ic.settle(after_overlaps(), None)
    assert not found.given
    (pair,) = found.pairs
    assert pair.settled_m2 is None and pair.yields_m2 is None and pair.kept_both_m2 is None
    assert pair.remaining_m2 == pytest.approx(450, abs=0.01)
    assert {i.reason for i in found.remaining} == {ic.NO_SETTLEMENT}


def test_a_pair_settled_without_remains_has_nothing_remaining():
    empty = conflicts.overlap_polygons(PBF_EPR, arr([box(200, 200, 210, 210)]), EPR_AFTER)
    found = ic.settle({PBF_EPR: empty}, settlement())
    assert found.remaining == () and found.pairs[0].remaining_m2 == 0
    assert found.pairs[0].settled_m2 == pytest.approx(565, abs=0.01)


def test_pieces_with_an_unknown_pair_or_a_yielding_line_outside_it_are_named():
    bad = settlement(PIECES + [(box(0, 0, 1, 1), None, "PBF", "EPR", "rule", ""),
                               (box(0, 0, 1, 1), PBF_EPR, "UDB", "PBF", "rule", "")])
    assert ic.invalid_pieces(bad) == [7, 8]
    assert ic.invalid_pieces(settlement()) == []


def test_reasons_in_both_languages():
    items = by_point(ic.settle(after_overlaps(), settlement()).remaining)
    kept_zh = ic.reason_text(items["kept"], "zh")
    assert "两线均保留" in kept_zh and "技术人员决定" in kept_zh and "水源井保护范围" in kept_zh
    assert "Both lines keep it (the technician's decision)" in ic.reason_text(items["kept"], "en")
    assert "应调出永久基本农田" in ic.reason_text(items["not_out"], "zh")
    assert "not swapped out" in ic.reason_text(items["not_out"], "en")
    assert "permanent basic farmland" in ic.reason_text(items["not_out"], "en")
    mostly = ic.reason_text(items["mostly"], "zh")
    assert "生态保护红线" in mostly and "核心保护区" in mostly
    assert "新产生" in ic.reason_text(items["new"], "zh") and "new overlap" in ic.reason_text(items["new"], "en")
    none = ic.settle(after_overlaps(), None).remaining[0]
    assert "SETTLEMENT" in ic.reason_text(none, "en") and "未提供" in ic.reason_text(none, "zh")


def test_the_remaining_overlap_is_the_tables_after_row():
    pbf_before = ind.Farmland(geoms=arr([box(0, 0, 10, 10), box(20, 0, 30, 10)]))
    pbf_after = ind.Farmland(geoms=arr([box(0, 0, 10, 10)]))  # the farmland yielded its piece
    epr = arr([box(-5, -5, 50, 50)])
    udb = arr([box(100, 100, 110, 110)])
    result = ind.assess(ind.Lines(pbf=pbf_before, epr=epr, udb=udb), ind.Lines(pbf=pbf_after))
    after = ic.overlaps_after(result)
    # The red line and the boundary did not change: their pair overlaps after as before.
    assert set(after) == {PBF_EPR, PBF_UDB, ("EPR", "UDB")} and after[("EPR", "UDB")] is result.overlaps_before[
        ("EPR", "UDB")]
    found = ic.settle(after, settlement(PIECES[:2]))
    pair = found.pairs[0]
    assert units.convert(pair.remaining_m2, "m2", "ha") == result.after["overlap_pbf_epr"]
    assert pair.remaining_m2 == pytest.approx(100, abs=0.01)
    (left,) = found.remaining
    assert left.reason == ic.KEPT_BY_BOTH
