"""core.settlement: which line yields each overlap, by decision, core zone and rule."""
import numpy as np
import pytest
import shapely
from shapely.geometry import box

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import settlement  # noqa: E402 (the package is importable only now)
from planmaint.algorithms.core.settlement import BOTH, CORE_ZONE, DECISION, RULE  # noqa: E402

EXACT = 0.01  # m²


def arr(*geoms):
    return np.array(geoms, dtype=object)


def by_basis(found):
    return {basis: float(found.area_m2[found.basis == basis].sum()) for basis in set(found.basis)}


def test_default_rules_follow_the_guidance():
    rules = settlement.DEFAULT_RULES
    assert rules.line_yielding(("PBF", "EPR"), False) == "EPR"
    assert rules.line_yielding(("PBF", "EPR"), True) == "PBF"
    assert rules.line_yielding(("PBF", "UDB"), False) == "UDB"
    assert rules.line_yielding(("PBF", "UDB"), True) == "UDB"
    assert rules.line_yielding(("EPR", "UDB"), False) == "UDB"


def test_each_pair_yields_by_its_default_rule():
    overlap = arr(box(0, 0, 10, 10), box(20, 0, 30, 5))
    for pair, line in (((("PBF", "EPR")), "EPR"), (("PBF", "UDB"), "UDB"), (("EPR", "UDB"), "UDB")):
        found = settlement.settle(pair, overlap)
        assert list(found.yields) == [line, line]
        assert set(found.basis) == {RULE}
        assert found.yielded_m2(line) == pytest.approx(150.0, abs=EXACT)
        assert set(found.notes) == {settlement.RULE_WORDS[(pair, line)]}


def test_inside_a_core_zone_the_farmland_leaves_the_red_line():
    overlap = arr(box(0, 0, 10, 10))
    core = arr(box(6, -5, 20, 20))
    found = settlement.settle(("PBF", "EPR"), overlap, core_zones=core)
    assert found.yielded_m2("PBF") == pytest.approx(40.0, abs=EXACT)
    assert found.yielded_m2("EPR") == pytest.approx(60.0, abs=EXACT)
    assert by_basis(found) == pytest.approx({CORE_ZONE: 40.0, RULE: 60.0}, abs=EXACT)
    assert list(found.source) == [0, 0]
    # The core zone changes nothing for a pair without a core-zone rule.
    other = settlement.settle(("PBF", "UDB"), overlap, core_zones=core)
    assert other.yielded_m2("UDB") == pytest.approx(100.0, abs=EXACT)


def test_a_decision_overrides_the_rule_and_the_core_zone():
    overlap = arr(box(0, 0, 10, 10))
    decisions = settlement.Decisions(arr(box(-1, -1, 4, 11)), np.array(["PBF"], dtype=object),
                                     np.array(["经论证保留农田"], dtype=object))
    found = settlement.settle(("PBF", "EPR"), overlap, core_zones=arr(box(0, 0, 10, 10)), decisions=decisions)
    decided = found.basis == DECISION
    assert found.area_m2[decided].sum() == pytest.approx(40.0, abs=EXACT)
    assert set(found.yields[decided]) == {"EPR"} and set(found.notes[decided]) == {"经论证保留农田"}
    assert found.yielded_m2("PBF") == pytest.approx(60.0, abs=EXACT)  # the rest is in the core zone
    assert float(found.area_m2.sum()) == pytest.approx(100.0, abs=EXACT)


def test_both_keep_leaves_the_overlap_with_its_note():
    overlap = arr(box(0, 0, 10, 10))
    decisions = settlement.Decisions(arr(box(-5, -5, 15, 15)), np.array([BOTH], dtype=object),
                                     np.array(["省厅批复暂保留"], dtype=object))
    found = settlement.settle(("PBF", "UDB"), overlap, decisions=decisions)
    assert list(found.yields) == [""] and list(found.keeps) == [BOTH]
    assert list(found.notes) == ["省厅批复暂保留"]


def test_a_decision_for_another_line_does_not_apply_and_the_first_decision_wins():
    overlap = arr(box(0, 0, 10, 10))
    decisions = settlement.Decisions(
        arr(box(0, 0, 10, 10), box(0, 0, 5, 10), box(5, 0, 10, 10)),
        np.array(["EPR", "UDB", "PBF"], dtype=object), np.array(["a", "b", "c"], dtype=object))
    found = settlement.settle(("PBF", "UDB"), overlap, decisions=decisions)
    # 'EPR' is not of the pair; the UDB decision (first that applies) takes its half, the PBF one the other.
    assert found.yielded_m2("PBF") == pytest.approx(50.0, abs=EXACT)
    assert found.yielded_m2("UDB") == pytest.approx(50.0, abs=EXACT)


def test_slivers_of_the_cuts_are_dropped_and_the_rest_adds_up():
    overlap = arr(box(0, 0, 100, 10))
    core = arr(box(99.95, 0, 200, 10))  # 0.5 m² in the core zone: a sliver
    found = settlement.settle(("PBF", "EPR"), overlap, core_zones=core)
    assert set(found.basis) == {RULE}
    assert float(found.area_m2.sum()) == pytest.approx(999.5, abs=EXACT)
    assert shapely.union_all(found.geoms).area == pytest.approx(999.5, abs=EXACT)


@pytest.mark.parametrize("value, keep", [("PBF", "PBF"), (" epr ", "EPR"), ("城镇开发边界", "UDB"),
                                         ("both", BOTH), ("保留重叠", BOTH), ("x", None), (None, None)])
def test_parse_keep(value, keep):
    assert settlement.parse_keep(value) == keep


def test_rules_from_options():
    rules = settlement.rules_from_options(1, 1, 1)
    assert rules.line_yielding(("PBF", "EPR"), True) == "PBF"
    assert rules.line_yielding(("PBF", "EPR"), False) == "PBF"
    assert rules.line_yielding(("PBF", "UDB"), False) == "PBF"
    assert rules.line_yielding(("EPR", "UDB"), False) == "EPR"
    assert settlement.rules_from_options(2).line_yielding(("PBF", "EPR"), True) == "EPR"
    with pytest.raises(ValueError):
        settlement.rules_from_options(3)
