"""The land swapped out of and into each line by category (core.swap_categories), on hand-built pieces."""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import (  # noqa: E402 (importable only now)
    candidates,
    swap_categories as sc,
    swapins,
)


def arr(*geoms):
    return np.array(geoms, dtype=object)


def planar(geoms):
    return shapely.area(np.asarray(geoms, dtype=object))


def test_every_category_of_the_red_line_out_is_listed_with_its_area():
    pieces = sc.SwapPieces("EPR", "out", arr(shapely.box(0, 0, 100, 100), shapely.box(200, 0, 250, 100),
                                             shapely.box(400, 0, 450, 50), shapely.box(600, 0, 610, 10)),
                           [candidates.WITHDRAWN.words, " " + candidates.WITHDRAWN.words + " ", "矛盾冲突调出", None])
    found = sc.tally(pieces, planar)
    words = [row.words for row in found.rows]
    assert words == [reason.words for reason in candidates.EPR_REASONS] + ["矛盾冲突调出", ""]
    rows = {row.words: row for row in found.rows}
    withdrawn = rows[candidates.WITHDRAWN.words]
    assert (withdrawn.code, withdrawn.pieces, withdrawn.listed) == ("11", 2, True)
    assert withdrawn.area_ha == pytest.approx(1.5)  # 10 000 + 5 000 m²
    for reason in candidates.EPR_REASONS[1:]:
        assert (rows[reason.words].pieces, rows[reason.words].area_ha) == (0, 0.0)
    assert (rows["矛盾冲突调出"].code, rows["矛盾冲突调出"].listed) == ("", False)
    assert rows["矛盾冲突调出"].area_ha == pytest.approx(0.25)
    assert rows[""].area_ha == pytest.approx(0.01) and sc.words_shown(rows[""], "zh") == "（未填写调整原因）"
    assert found.total_ha == pytest.approx(1.76) and found.total_pieces == 4


def test_swap_ins_take_the_categories_of_swapins_and_the_farmland_has_none():
    joined = sc.tally(sc.SwapPieces("UDB", "in", arr(shapely.box(0, 0, 100, 100)), ["基础设施建设项目"]), planar)
    assert [(row.words, row.code) for row in joined.rows] == [(c.words, c.code) for c in swapins.UDB_CATEGORIES]
    assert [row.pieces for row in joined.rows] == [1, 0]
    farmland = sc.tally(sc.SwapPieces("PBF", "in", arr(shapely.box(0, 0, 100, 100)), ["补划"]), planar)
    assert [(row.words, row.listed, row.area_ha) for row in farmland.rows] == [("补划", False, 1.0)]
    out = sc.tally(sc.SwapPieces("PBF", "out", arr(), []), planar)
    assert [row.words for row in out.rows] == [reason.words for reason in candidates.REASONS]
    assert out.total_ha == 0.0


def test_a_piece_without_geometry_counts_as_a_piece_of_no_area():
    found = sc.tally(sc.SwapPieces("UDB", "out", arr(None, shapely.box(0, 0, 10, 10)), ["现状无建设需求"] * 2), planar)
    row = next(row for row in found.rows if row.words == "现状无建设需求")
    assert (row.pieces, row.area_ha) == (2, pytest.approx(0.01))


def test_the_tallies_go_by_line_then_out_before_in():
    empty = arr()
    given = [sc.SwapPieces(line, direction, empty, []) for line, direction in
             (("UDB", "in"), ("EPR", "in"), ("PBF", "out"), ("EPR", "out"))]
    order = [(t.line, t.direction) for t in sc.tally_all(given, planar)]
    assert order == [("PBF", "out"), ("EPR", "out"), ("EPR", "in"), ("UDB", "in")]
