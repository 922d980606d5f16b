"""The binding targets (core.indicator_quotas) and the area basis of the indicator table, without QGIS.

The areas are rectangles of whole hectares, so every value, margin and verdict is known by construction.
"""
import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import indicator_quotas as quotas, indicators as ind, units  # noqa: E402

HA = 10000.0


def arr(*geoms):
    return np.array(geoms, dtype=object)


def hectares(x, width_ha):
    """A rectangle 100 m high and ``width_ha`` hectares large, its left edge at ``x``."""
    return shapely.box(x, 0, x + 100 * width_ha, 100)


def assess(targets, deduct=False, after=True):
    """PBF: 1 ha + 1 ha before; after, the second parcel is 1.5 ha; net factors 0.9, and 0.8 on the new parcel.
    Land use: paddy 2 ha (KCXS 0.1), dry land 1 ha (KCXS 0.2), forest 3 ha (KCXS 0.5, never deducted), grass 1 ha.
    """
    before = ind.Farmland(arr(hectares(0, 1), hectares(1000, 1)), net=np.array([0.9, 0.9]))
    later = ind.Farmland(arr(hectares(0, 1), hectares(1000, 1.5)), net=np.array([0.9, 0.8]))
    landuse = ind.LandUse(
        geoms=arr(hectares(5000, 2), hectares(5200, 1), hectares(5300, 3), hectares(5600, 1)),
        codes=np.array(["0101", "0103", "0301", "0401"], dtype=object),
        net=np.array([0.9, 0.8, 0.5, 1.0]),
    )
    ctx = ind.Context(landuse=landuse, deduct_kcxs=deduct, targets=targets)
    return ind.assess(ind.Lines(pbf=before), ind.Lines(pbf=later) if after else None, ctx)


def by_key(result):
    return {quota.rule.key: quota for quota in result.quotas}


# --- the rule ---------------------------------------------------------------------------------------------


def test_targets_zero_or_empty_mean_no_target():
    assert quotas.Targets.of(0, None, "") == quotas.Targets()
    assert quotas.Targets.of(0, None, "").given() == []
    assert quotas.Targets.of("12.5", 0.0, 3).given() == [quotas.QUOTA_BY_KEY["pbf_task"],
                                                         quotas.QUOTA_BY_KEY["forest_target"]]
    with pytest.raises(ValueError, match="negative"):
        quotas.Targets.of(-1)


def test_margin_is_rounded_to_one_square_metre_and_decides_the_verdict():
    assert quotas.margin(2.5, 2.3) == pytest.approx(0.2, abs=1e-12)
    # 0.4 m² short: printed equal to the target (4 decimals of ha), so met, with a margin of +0.0000, not -0.0.
    barely = quotas.Quota(quotas.QUOTA_BY_KEY["pbf_task"], 10.0, before_ha=10.0 - 0.00004)
    assert barely.margin_ha == 0.0 and str(barely.margin_ha) == "0.0" and barely.met is True
    short = quotas.Quota(quotas.QUOTA_BY_KEY["pbf_task"], 10.0, before_ha=10.0 - 0.00006)
    assert short.margin_ha == pytest.approx(-0.0001, abs=1e-12) and short.met is False


def test_check_compares_after_when_there_is_one_and_converts_to_hectares():
    targets = quotas.Targets.of(2.0, 3.0)
    before = {"pbf_area": units.convert(2.0, "ha", "wan_mu"), "cultivated_land": units.convert(3.0, "ha", "wan_mu")}
    after = {"pbf_area": units.convert(1.5, "ha", "wan_mu")}
    pbf, cultivated = quotas.check(targets, before, after)
    assert (pbf.before_ha, pbf.after_ha, pbf.value_ha) == pytest.approx((2.0, 1.5, 1.5), abs=1e-12)
    assert pbf.compares_after and pbf.met is False and pbf.margin_ha == pytest.approx(-0.5, abs=1e-12)
    # The land use has no after value when the farmland's after state leaves it out: its before value counts.
    assert cultivated.after_ha is None and not cultivated.compares_after
    assert cultivated.met is True and cultivated.margin_ha == 0.0
    assert quotas.check(None, before, after) == ()
    assert quotas.check(quotas.Targets(), before, after) == ()


def test_a_target_without_its_value_is_not_checked():
    (quota,) = quotas.check(quotas.Targets.of(0, 5.0), {"pbf_area": 0.01})  # no land use: no cultivated row
    assert quota.value_ha is None and quota.met is None and quota.margin_ha is None
    assert quotas.quota_statement(quota, "zh") == (
        "耕地保有量目标：目标5.0000公顷，无法核算：需要有要素的土地利用现状图斑")
    assert quotas.quota_statement(quota, "en") == (
        "Cultivated land to retain: target 5.0000 ha; not checked: it needs the land-use parcels (LANDUSE) with "
        "features")


# --- assessed: met and not met, gross and net --------------------------------------------------------------


def test_gross_basis_met_and_not_met_with_exact_margins():
    result = assess(quotas.Targets.of(2.3, 2.7, 3.5))
    found = by_key(result)
    assert found["pbf_task"].value_ha == pytest.approx(2.5, abs=1e-9)  # after maintenance
    assert found["pbf_task"].before_ha == pytest.approx(2.0, abs=1e-9)
    assert (found["pbf_task"].met, found["pbf_task"].margin_ha) == (True, 0.2)
    assert (found["cultivated_target"].met, found["cultivated_target"].margin_ha) == (True, 0.3)
    assert (found["forest_target"].met, found["forest_target"].margin_ha) == (False, -0.5)
    assert not result.net and not any(q.deducted for q in result.quotas)


def test_net_basis_deducts_field_ridges_from_farmland_and_cultivated_land_only():
    result = assess(quotas.Targets.of(2.0, 2.7, 3.5), deduct=True)
    found = by_key(result)
    # After: 1 ha × 0.9 + 1.5 ha × 0.8 = 2.1 ha; cultivated 2 × 0.9 + 1 × 0.8 = 2.6 ha; forest stays 3 ha.
    assert found["pbf_task"].value_ha == pytest.approx(2.1, abs=1e-9)
    assert (found["pbf_task"].met, found["pbf_task"].margin_ha) == (True, 0.1)
    assert found["cultivated_target"].value_ha == pytest.approx(2.6, abs=1e-9)
    assert (found["cultivated_target"].met, found["cultivated_target"].margin_ha) == (False, -0.1)
    assert found["forest_target"].value_ha == pytest.approx(3.0, abs=1e-9)
    assert (found["forest_target"].met, found["forest_target"].margin_ha) == (False, -0.5)
    assert result.net and found["pbf_task"].deducted and not found["forest_target"].deducted


def test_without_an_after_state_the_current_farmland_is_compared():
    (quota,) = assess(quotas.Targets.of(2.3), after=False).quotas
    assert quota.value_ha == pytest.approx(2.0, abs=1e-9) and quota.met is False and quota.margin_ha == -0.3
    assert quotas.quota_statement(quota, "zh") == (
        "永久基本农田保护任务：目标2.3000公顷，永久基本农田面积（图斑面积）2.0000公顷，未达标，缺口0.3000公顷")


# --- the table ----------------------------------------------------------------------------------------------


def test_no_target_no_row_and_the_basis_row_comes_last():
    rows = ind.table(assess(None), "zh")
    assert [row.key for row in rows if row.key.startswith("quota_")] == []
    assert rows[-1].key == "area_basis"
    assert rows[-1].cells[:2] == ["面积口径", "不扣除田坎（图斑面积）"] and rows[-1].cells[4:] == [None, None, None]
    # The other rows are those of table_rows, in the same order.
    result = assess(None)
    assert [row.cells for row in rows[:-1]] == ind.table_rows(result.before, result.after, "zh")


def test_net_basis_row_in_both_languages():
    result = assess(None, deduct=True)
    zh, en = ind.table(result, "zh")[-1], ind.table(result, "en")[-1]
    assert zh.cells[:2] == ["面积口径", "扣除田坎（净面积）"] and "1−扣除系数KCXS" in zh.cells[2]
    assert en.cells[:2] == ["Area basis", "Net of field ridges"] and "(1 − KCXS)" in en.cells[2]
    assert ind.row_key(zh.cells) == ind.row_key(en.cells) == "area_basis"


def test_target_rows_follow_the_quantity_rows_with_chinese_cells():
    result = assess(quotas.Targets.of(2.3, 2.7, 3.5), deduct=False)
    rows = ind.table(result, "zh")
    keys = [row.key for row in rows]
    at = keys.index("forest_cover") if "forest_cover" in keys else keys.index("forest_land")
    assert keys[at + 1: at + 4] == ["quota_pbf_task", "quota_cultivated_target", "quota_forest_target"]
    pbf, cultivated, forest = (row.cells for row in rows[at + 1: at + 4])
    assert pbf[:2] == ["耕地和永久基本农田", "数量不减少"] and pbf[3] == "公顷"
    assert pbf[2] == ("永久基本农田保护任务：目标2.3000公顷，调整后永久基本农田面积（图斑面积）2.5000公顷，"
                      "达标，余量0.2000公顷")
    assert pbf[4:] == pytest.approx([2.0, 2.5, 0.5], abs=1e-9)
    assert cultivated[2] == (
        "耕地保有量目标：目标2.7000公顷，土地利用现状耕地面积（图斑面积）3.0000公顷，达标，余量0.3000公顷")
    assert forest[2] == (
        "林地保有量目标：目标3.5000公顷，土地利用现状林地面积（图斑面积）3.0000公顷，未达标，缺口0.5000公顷")
    # The land use repeats its value after maintenance: no change.
    assert forest[4:] == pytest.approx([3.0, 3.0, 0.0], abs=1e-9)
    for row in rows:
        assert ind.row_key(row.cells) == row.key


def test_target_rows_in_english_and_on_the_net_basis():
    result = assess(quotas.Targets.of(2.0, 2.7, 3.5), deduct=True)
    cells = {row.key: row.cells for row in ind.table(result, "en")}
    assert cells["quota_pbf_task"][2] == (
        "Permanent basic farmland protection task: target 2.0000 ha; permanent basic farmland after maintenance "
        "(net of field ridges) 2.1000 ha: met, 0.1000 ha to spare")
    assert cells["quota_cultivated_target"][2] == (
        "Cultivated land to retain: target 2.7000 ha; cultivated land of the land-use parcels (net of field "
        "ridges) 2.6000 ha: not met, 0.1000 ha short")
    assert cells["quota_forest_target"][2].endswith(
        "forest land of the land-use parcels (map area; field ridges are deducted from cultivated land only) "
        "3.0000 ha: not met, 0.5000 ha short")
    parts = ind.quota_parts(by_key(result)["cultivated_target"], "zh")
    assert parts == {"name": "耕地保有量目标", "subject": "土地利用现状耕地面积（扣除田坎净面积）", "target": "2.7000",
                     "value": "2.6000", "verdict": "未达标", "margin": "-0.1000"}


# --- the quality of the farmland swapped out and in (indicator_swaps) -------------------------------------


def swapped(*pieces):
    """Farmland pieces (x, hectares, slope grade) 100 m high, in a row along the x axis."""
    return ind.Farmland(arr(*[hectares(x, w) for x, w, _ in pieces]), slope=np.array([g for _, _, g in pieces]))


# Left: 1 ha of grade 5 and 1 ha of grade 3 (mean 4.00), 0.5 ha of it in high-standard farmland (25 %).
# Joined: 1 ha of grade 2 and 3 ha of grade 1 (mean 1.25), 2.5 ha of it in high-standard farmland (62.5 %).
LEFT = ((0, 1, 5), (1000, 1, 3))
JOINED = ((2000, 1, 2), (3000, 3, 1))
HSF = arr(shapely.box(1000, 0, 1050, 100), shapely.box(2000, 0, 3150, 100))


def assess_swaps(left, joined, hsf=HSF, **ctx):
    pbf = ind.Farmland(arr(hectares(10000, 1)), slope=np.array([2]))
    context = ind.Context(hsf=hsf, pbf_swapped_out=left, pbf_swapped_in=joined, **ctx)
    return ind.assess(ind.Lines(pbf=pbf), None, context)


def rows_of(result, lang="zh"):
    return {row.key: row for row in ind.table(result, lang)}


def test_swap_quality_met_with_exact_values_and_margins():
    result = assess_swaps(swapped(*LEFT), swapped(*JOINED))
    rows = rows_of(result)
    slope, share, verdict = rows["swap_slope"], rows["swap_hsf_share"], rows["swap_quality"]
    assert slope.cells[:4] == ["耕地和永久基本农田", "质量有提升", "平均坡度级别（调出地块→调入地块）", "级"]
    # 调整前 is the land swapped out, 调整后 the land swapped in, the change in − out.
    assert slope.cells[4:] == pytest.approx([4.0, 1.25, -2.75], abs=1e-12)
    assert share.cells[2:4] == ["高标准农田占比（调出地块→调入地块）", "%"]
    assert share.cells[4:] == pytest.approx([25.0, 62.5, 37.5], abs=1e-9)
    assert verdict.cells[:2] == ["耕地和永久基本农田", "质量有提升"] and verdict.cells[3:] == ["", None, None, None]
    assert verdict.cells[2] == ("调入耕地质量不低于调出：平均坡度级别调入1.25、调出4.00，余量2.75；"
                                "高标准农田占比调入62.50%、调出25.00%，余量37.50个百分点；达标")
    quality = result.swaps
    assert (quality.met, quality.slope_margin, quality.hsf_margin) == (True, 2.75, 37.5)
    # In the farmland's quality group, after its other quality rows and before its layout rows.
    keys = list(rows)
    assert keys[keys.index("steep_area") + 1: keys.index("contiguity")] == ["swap_slope", "swap_hsf_share",
                                                                             "swap_quality"]
    for row in rows.values():
        assert ind.row_key(row.cells) == row.key
    english = rows_of(result, "en")
    assert english["swap_quality"].cells[2] == (
        "Swapped-in farmland quality not lower than swapped-out: mean slope grade in 1.25, out 4.00, 2.75 to spare; "
        "high-standard farmland share in 62.50 %, out 25.00 %, 37.50 points to spare: met")
    assert ind.row_key(english["swap_quality"].cells) == "swap_quality"
    assert english["swap_slope"].cells[2] == "Mean slope grade (swapped-out parcels → swapped-in parcels)"


def test_swap_quality_not_met_with_the_shortfall():
    result = assess_swaps(swapped(*JOINED), swapped(*LEFT))  # the steeper land joined
    rows = rows_of(result)
    assert rows["swap_slope"].cells[4:] == pytest.approx([1.25, 4.0, 2.75], abs=1e-12)
    assert rows["swap_hsf_share"].cells[4:] == pytest.approx([62.5, 25.0, -37.5], abs=1e-9)
    assert rows["swap_quality"].cells[2] == ("调入耕地质量不低于调出：平均坡度级别调入4.00、调出1.25，缺口2.75；"
                                             "高标准农田占比调入25.00%、调出62.50%，缺口37.50个百分点；未达标")
    assert (result.swaps.met, result.swaps.slope_margin, result.swaps.hsf_margin) == (False, -2.75, -37.5)
    assert rows_of(result, "en")["swap_quality"].cells[2].endswith(
        "in 4.00, out 1.25, 2.75 short; high-standard farmland share in 25.00 %, out 62.50 %, 37.50 points short: "
        "not met")


def test_a_flatter_swap_in_off_high_standard_farmland_is_not_met_and_without_the_layer_met():
    # Joined: flatter (mean 1.25) but outside the high-standard farmland: 0 % against 25 %.
    joined = ((20000, 1, 2), (21000, 3, 1))
    result = assess_swaps(swapped(*LEFT), swapped(*joined))
    assert (result.swaps.met, result.swaps.slope_margin, result.swaps.hsf_margin) == (False, 2.75, -25.0)
    assert rows_of(result)["swap_quality"].cells[2].endswith("缺口25.00个百分点；未达标")
    # Without the high-standard farmland layer only the slope is compared: no share row, and met.
    result = assess_swaps(swapped(*LEFT), swapped(*joined), hsf=None)
    rows = rows_of(result)
    assert "swap_hsf_share" not in rows and "hsf_share" not in rows
    assert result.swaps.met is True and result.swaps.checks() == [("slope", 2.75)]
    assert rows["swap_quality"].cells[2] == "调入耕地质量不低于调出：平均坡度级别调入1.25、调出4.00，余量2.75；达标"


def test_swap_grades_are_compared_as_printed():
    # Joined mean 2 + 40 m² / 1 ha × 1 = 2.004: printed 2.00 like the land swapped out, so met with 0.00 to spare.
    left = swapped((0, 1, 2))
    barely = ind.Farmland(arr(shapely.box(2000, 0, 2099.6, 100), shapely.box(2099.6, 0, 2100, 100)),
                          slope=np.array([2, 3]))
    quality = assess_swaps(left, barely, hsf=None).swaps
    assert quality.joined.slope_mean == pytest.approx(2.004, abs=1e-9)
    assert (quality.met, quality.slope_margin) == (True, 0.0) and str(quality.slope_margin) == "0.0"
    # 2.006 prints 2.01: not met, 0.01 short.
    worse = ind.Farmland(arr(shapely.box(2000, 0, 2099.4, 100), shapely.box(2099.4, 0, 2100, 100)),
                         slope=np.array([2, 3]))
    quality = assess_swaps(left, worse, hsf=None).swaps
    assert (quality.met, quality.slope_margin) == (False, -0.01)


def test_swap_quality_without_slope_grades_is_not_checked_unless_a_known_comparison_fails():
    bare = ind.Farmland(arr(hectares(0, 1)))
    flat_hsf = ind.Farmland(arr(hectares(2000, 1)))  # inside the high-standard farmland: 100 % against 0 %
    result = assess_swaps(bare, flat_hsf)
    rows = rows_of(result)
    assert rows["swap_slope"].cells[4:] == [None, None, None]
    assert rows["swap_hsf_share"].cells[4:] == pytest.approx([0.0, 100.0, 100.0], abs=1e-9)
    assert result.swaps.met is None
    assert rows["swap_quality"].cells[2] == (
        "调入耕地质量不低于调出：平均坡度级别无法核算，需要坡度级别（SLOPE_FIELD、GDPDJB或LANDUSE）；"
        "高标准农田占比调入100.00%、调出0.00%，余量100.00个百分点；无法核算")
    # The high-standard share fell: not met, whatever the slope.
    assert assess_swaps(flat_hsf, bare).swaps.met is False


def test_swap_rows_are_absent_without_both_layers():
    for left, joined in ((None, None), (swapped(*LEFT), None), (None, swapped(*JOINED))):
        result = assess_swaps(left, joined)
        assert result.swaps is None
        assert not [row.key for row in ind.table(result, "zh") if row.key.startswith("swap_")]


def test_a_side_without_pieces_measures_as_empty_with_land_use_slopes():
    """A farmland that swapped nothing in (or out) has no pieces to overlay: it reads 0 m² and no slope, where
    it used to stop the indicators with a TypeError when the slopes came from the land use."""
    from planmaint.algorithms.core import indicator_inputs, indicator_swaps

    landuse = indicator_inputs.LandUse(arr(hectares(0, 1)), np.array(["0101"], dtype=object), slope=np.array([2]),
                                       net=np.array([0.9]))
    sources = indicator_swaps.SwapSources(measure=shapely.area, landuse=landuse, landuse_ground=lambda: None,
                                          deduct=True)
    side = indicator_swaps.measure_side(indicator_inputs.Farmland(np.empty(0, dtype=object)), sources)
    assert side.area_m2 == 0.0 and side.slope_mean is None and side.slope_source is None
