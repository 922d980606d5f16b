"""The development boundary's scale and increment and its two verdicts (core.indicator_udb), on plain values and
on hand-built boundaries through the assessment."""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import indicator_udb as udb, indicators as ind  # noqa: E402 (importable only now)


def keys(rows):
    return [row.key for row in rows]


def by_key(rows):
    return {row.key: row for row in rows}


def arr(*geoms):
    return np.array(geoms, dtype=object)


# --- the verdicts on plain values -------------------------------------------------------------------------


def test_a_boundary_that_did_not_grow_is_met_with_its_margin():
    area, factor = udb.judge({"udb_area": 3408.7708, "udb_expansion": 1.4803},
                             {"udb_area": 3400.5, "udb_expansion": 1.4767})
    assert area.met is True and area.margin == pytest.approx(8.2708)
    assert factor.met is True and factor.margin == pytest.approx(0.0036)
    assert udb.statement(area, "en") == ("Boundary area not increasing: boundary area 3408.7708 ha before, "
                                         "3400.5000 ha after, 8.2708 ha to spare: met")
    assert udb.statement(area, "zh") == ("城镇开发边界总面积不增加：城镇开发边界总面积调整前3408.7708公顷、调整后"
                                         "3400.5000公顷，余量8.2708公顷；达标")
    assert udb.statement(factor, "zh").endswith("调整前1.4803、调整后1.4767，余量0.0036；达标")


def test_growth_is_not_met_and_says_how_much():
    area, factor = udb.judge({"udb_area": 100.0, "udb_expansion": 1.25}, {"udb_area": 100.5, "udb_expansion": 1.2563})
    assert (area.met, factor.met) == (False, False)
    assert udb.statement(area, "en").endswith("0.5000 ha over: not met")
    assert udb.statement(factor, "zh").endswith("增加0.0063；未达标")


def test_values_printed_equal_are_met():
    area, factor = udb.judge({"udb_area": 10.00004, "udb_expansion": 1.00004},
                             {"udb_area": 10.00005, "udb_expansion": 1.00001})  # both print 10.0000 / 1.0000
    assert area.met is True and area.margin == 0.0
    assert factor.met is True and factor.margin == 0.0


def test_a_missing_value_is_not_checked():
    # No baseline: the factor is absent from both states; an empty boundary after: its area is None.
    area, factor = udb.judge({"udb_area": 10.0}, {"udb_area": None})
    assert (area.met, factor.met) == (None, None)
    assert udb.statement(area, "en").startswith("Boundary area not increasing: not checked")
    assert udb.statement(factor, "zh") == ("城镇开发边界扩展倍数不增加：无法核算，需要调整前后的城镇开发边界及基期"
                                           "城镇建设用地（URBAN_BASELINE 或 BASELINE_HA）")


def test_no_verdict_without_an_after_state_of_the_boundary():
    assert udb.judge({"udb_area": 10.0}, None) == ()
    assert udb.judge({"udb_area": 10.0}, {"pbf_area": 1.0}) == ()


# --- the scale row ----------------------------------------------------------------------------------------


def test_the_increment_is_the_area_minus_the_baseline():
    assert udb.increment_ha(3_408_770.8, 2_946_603.5) == pytest.approx(46.21673)
    assert udb.increment_ha(5000.0, None) is None and udb.increment_ha(5000.0, 0.0) is None


def test_the_rows_of_the_table_follow_the_expansion_factor():
    before = {"udb_area": 30.0, "udb_expansion": 1.5, "udb_increment": 10.0, "udb_fragments": 0}
    only_before = keys(ind.table_of(before))
    assert "udb_area_kept" not in only_before and "udb_expansion_kept" not in only_before
    after = {"udb_area": 30.5, "udb_expansion": 1.525, "udb_increment": 10.5, "udb_fragments": 0}
    rows = ind.table_of(before, after, lang="en")
    order = keys(rows)
    start = order.index("udb_expansion")
    assert order[start:start + 4] == ["udb_expansion", "udb_increment", "udb_area_kept", "udb_expansion_kept"]
    found = by_key(rows)
    scale = found["udb_increment"].cells
    assert scale[:2] == ["Urban development boundary", "Total is not exceeded"]
    # No numbers in the name: the rows of several counties join on it (the numbers are in the cells).
    assert scale[2] == "Boundary scale and increment: increment = boundary area − baseline urban construction land"
    assert scale[3:] == ["ha", 10.0, 10.5, 0.5]
    assert found["udb_area_kept"].cells[2].endswith("0.5000 ha over: not met")
    assert found["udb_expansion_kept"].cells[2].endswith("0.0250 over: not met")
    assert found["udb_area_kept"].cells[3:] == ["", None, None, None]
    for lang in ("en", "zh"):
        for row in ind.table_of(before, after, lang=lang):
            assert ind.row_key(row.cells) == row.key


def test_without_a_baseline_the_increment_is_a_dash():
    before, after = {"udb_area": 30.0, "udb_increment": None}, {"udb_area": 29.0, "udb_increment": None}
    row = by_key(ind.table_of(before, after, lang="zh"))["udb_increment"]
    assert row.cells[2] == "城镇开发边界规模与增量：增量需要基期城镇建设用地 URBAN_BASELINE 或 BASELINE_HA"
    assert row.cells[4:] == [None, None, None]
    assert udb.scale_printed(before, after, True) == ("-", "-", "-")
    assert udb.scale_printed(before, {}, False) == ("-", "", "")
    verdicts = by_key(ind.table_of(before, after, lang="en"))
    assert verdicts["udb_area_kept"].cells[2].endswith("1.0000 ha to spare: met")
    assert "not checked" in verdicts["udb_expansion_kept"].cells[2]


def test_the_report_prints_scale_and_increment_as_printed():
    before = {"udb_area": 3408.77084, "udb_increment": 462.16726}
    after = {"udb_area": 3408.77076, "udb_increment": 462.16718}
    assert udb.scale_printed(before, after, True) == ("3408.7708 / 462.1673", "3408.7708 / 462.1672",
                                                      "0.0000 / -0.0001")


# --- through the assessment -------------------------------------------------------------------------------


def test_the_assessment_gives_the_increment_of_each_state_against_shapely():
    # A boundary of two squares, one of which shrinks after maintenance; a baseline layer inside the first.
    boundary = arr(shapely.box(0, 0, 300, 300), shapely.box(1000, 0, 1100, 100))
    shrunk = arr(shapely.box(0, 0, 300, 250), shapely.box(1000, 0, 1100, 100))
    baseline = arr(shapely.box(0, 0, 200, 150))
    result = ind.assess(ind.Lines(udb=boundary), ind.Lines(udb=shrunk), ind.Context(baseline=baseline))
    base_m2 = shapely.area(baseline).sum()
    assert result.before["udb_increment"] == pytest.approx((shapely.area(boundary).sum() - base_m2) / 1e4, rel=1e-12)
    assert result.after["udb_increment"] == pytest.approx((shapely.area(shrunk).sum() - base_m2) / 1e4, rel=1e-12)
    area, factor = ind.judge_udb(result.before, result.after)
    assert area.met and factor.met
    number = ind.assess(ind.Lines(udb=boundary), None, ind.Context(baseline_m2=20000.0))
    assert number.before["udb_increment"] == pytest.approx(10.0 - 2.0, rel=1e-12)
    none = ind.assess(ind.Lines(udb=boundary), ind.Lines(udb=shrunk), ind.Context())
    assert none.before["udb_increment"] is None and none.after["udb_increment"] is None
    assert [v.met for v in ind.judge_udb(none.before, none.after)] == [True, None]
