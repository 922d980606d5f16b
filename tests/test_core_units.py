"""core.units: the one table of area units, checked against the seed's own numbers."""
import pytest

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import units  # noqa: E402 (the package is importable only now)


def test_seed_farmland_task_in_wan_mu():
    # 现行《总体规划》永久基本农田保护任务为 54188.01 公顷（81.2820 万亩）
    assert round(units.convert(54188.01, "ha", "wan_mu"), 4) == 81.2820


def test_seed_red_line_in_km2():
    # 生态保护红线面积 72805.18 公顷 = 728.0518 平方公里 (table 5-2)
    assert units.convert(72805.18, "ha", "km2") == pytest.approx(728.0518, rel=1e-12)


@pytest.mark.parametrize(
    "value, unit_from, unit_to, expected",
    [
        (1.0, "ha", "mu", 15.0),
        (1.0, "km2", "ha", 100.0),
        (1.0, "km2", "mu", 1500.0),
        (1.0, "wan_mu", "mu", 10000.0),
        (1.0, "wan_mu", "ha", 10000.0 / 15.0),
        (10000.0 / 15.0, "m2", "mu", 1.0),
    ],
)
def test_conversions(value, unit_from, unit_to, expected):
    assert units.convert(value, unit_from, unit_to) == pytest.approx(expected, rel=1e-12)
    assert units.convert(expected, unit_to, unit_from) == pytest.approx(value, rel=1e-12)


def test_one_mu_is_not_the_rounded_66667():
    assert units.mu_to_m2(1.0) == pytest.approx(666.6666667, abs=1e-6)
    assert units.m2_to_ha(15 * units.mu_to_m2(1.0)) == pytest.approx(1.0, rel=1e-12)


def test_unknown_unit_is_named():
    with pytest.raises(ValueError, match="qing"):
        units.convert(1.0, "qing", "ha")
