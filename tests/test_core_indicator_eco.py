"""The verdict that the red line's ecological-function land did not fall (core.indicator_eco), on plain values."""
import pytest

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import indicator_eco as eco, indicators as ind  # noqa: E402 (importable only now)


def keys(rows):
    return [row.key for row in rows]


def test_kept_land_is_met_with_its_margin():
    verdict = eco.judge({"epr_eco_land": 8.6068}, {"epr_eco_land": 8.61})
    assert verdict.met is True and verdict.margin_km2 == pytest.approx(0.0032)
    assert eco.statement(verdict, "en") == ("Ecological function not lower: ecological-function land in the red "
                                            "line 8.6068 km² before, 8.6100 km² after, 0.0032 km² to spare: met")
    assert eco.statement(verdict, "zh").endswith("余量0.0032平方公里；达标")


def test_a_fall_is_not_met_and_says_how_much():
    verdict = eco.judge({"epr_eco_land": 8.6068}, {"epr_eco_land": 8.6053})
    assert verdict.met is False and verdict.margin_km2 == pytest.approx(-0.0015)
    assert eco.statement(verdict, "en").endswith("0.0015 km² short: not met")
    assert eco.statement(verdict, "zh").endswith("减少0.0015平方公里；未达标")


def test_values_printed_equal_are_met():
    verdict = eco.judge({"epr_eco_land": 1.00004}, {"epr_eco_land": 0.99996})  # both print 1.0000
    assert verdict.met is True and verdict.margin_km2 == 0.0


def test_unknown_value_is_not_checked():
    verdict = eco.judge({"epr_eco_land": 1.0}, {"epr_eco_land": None})
    assert verdict.met is None and "not checked" in eco.statement(verdict, "en")


def test_the_row_follows_the_eco_land_only_with_an_after_state_of_the_red_line():
    before = {"epr_area": 9.0, "epr_eco_land": 8.0, "epr_cultivated": 0.1}
    assert "epr_eco_kept" not in keys(ind.table_of(before))
    assert "epr_eco_kept" not in keys(ind.table_of(before, {"pbf_area": 1.0}))
    rows = ind.table_of(before, {"epr_area": 9.0, "epr_eco_land": 7.5, "epr_cultivated": 0.1}, lang="en")
    order = keys(rows)
    assert order[order.index("epr_eco_land") + 1] == "epr_eco_kept"
    row = rows[order.index("epr_eco_kept")]
    assert row.cells[:2] == ["Ecological protection red line", "Function improves"]
    assert row.cells[2].endswith("0.5000 km² short: not met") and row.cells[3:] == ["", None, None, None]
    assert ind.row_key(row.cells) == "epr_eco_kept"
    zh = ind.table_of(before, {"epr_eco_land": 8.0}, lang="zh")
    assert ind.row_key(zh[keys(zh).index("epr_eco_kept")].cells) == "epr_eco_kept"
