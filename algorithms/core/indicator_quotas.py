"""Binding targets (约束性指标) checked against the indicators, and the area basis of the indicator table.

The higher-level plan hands a county binding quotas in hectares: the permanent basic farmland protection task
(永久基本农田保护任务), the cultivated land to retain (耕地保有量) and the forest land to retain (林地保有量).
A maintenance scheme must show it keeps them (the seed: "永久基本农田面积 54316.01 公顷 … 没有突破永久基本农田
保护任务 54188.01 公顷"). Each target is compared with one row of the table, on the basis the table uses:

- the protection task with the farmland's area (``pbf_area``) after maintenance, or as it is when the table
  has no after value for it; net of field ridges when they are deducted;
- cultivated land to retain with the cultivated land of the land-use parcels (``cultivated_land``), net of field
  ridges when they are deducted;
- forest land to retain with the forest land of the land-use parcels (``forest_land``, inside the county when
  its boundary is given), always its map area: field ridges are deducted from cultivated land only.

A target is met when the value is at least the target. The margin (value − target, ha) is rounded to 4
decimals (1 m²), the precision the table prints, and the verdict is read from the rounded margin, so a value
printed equal to its target is met. A value the inputs do not give (no layer, or one without a feature)
leaves the target unchecked rather than failed.

The table gets, besides the rows of ``indicator_rows.ROWS``, one row per target after the quantity rows of the
farmland, and a last row naming the area basis (gross map area, or net of field ridges), like the note under a
table of the scheme (``table_of``). Last, not first: a spreadsheet reader (GDAL's XLSX and ODS drivers) tells the
header from the data by the first data row holding a number, and the basis row holds none.

Pure: no qgis.
"""
from dataclasses import dataclass

from . import indicator_eco, indicator_swaps, indicator_udb, units
from .indicator_rows import GOALS, LANGUAGES, LINE_TITLES, ROW_BY_KEY, ROWS, UNIT_DISPLAY, change, row_cells

MARGIN_DECIMALS = 4
QUOTAS_AFTER = "forest_cover"  # the quota rows follow the farmland's quantity rows (数量不减少)
BASIS_TITLE = ("Area basis", "面积口径")
HA_DECIMALS = UNIT_DISPLAY["ha"][2]

# The basis row's 优化导向 (the basis) and 具体指标 (what it covers) cells, by net, in English and Chinese; its
# 控制线 cell is BASIS_TITLE.
BASIS_CELLS = {
    True: (
        ("Net of field ridges",
         "Cultivated land counts as its map area × (1 − KCXS): cultivated land retained, the farmland's area, "
         "shares, slope rows and contiguity (swapped land too), cultivated land in the red line and the targets "
         "on them; every other area is the map area"),
        ("扣除田坎（净面积）",
         "耕地按图斑面积×(1−扣除系数KCXS)计：耕地保有量、永久基本农田面积及其比例、坡度15度以上耕地、耕地连片度、"
         "调出调入地块的平均坡度级别和高标准农田占比、生态保护红线内耕地及相应目标核对；其余面积按图斑面积计"),
    ),
    False: (
        ("Gross (map area)", "Every area is the map area of the parcels; field ridges are not deducted"),
        ("不扣除田坎（图斑面积）", "各项面积均按图斑面积计，未扣除田坎"),
    ),
}


@dataclass(frozen=True)
class QuotaRule:
    """One kind of target: the row it is compared with, the ``Targets`` field holding it, its name, what it
    compares (after maintenance, and otherwise) and what the comparison needs, in English and Chinese;
    ``netted``: whether the field-ridge deduction applies to that row."""

    key: str
    row: str
    target: str
    name: tuple
    subject_after: tuple
    subject: tuple
    needs: tuple
    netted: bool


QUOTAS = (
    QuotaRule("pbf_task", "pbf_area", "pbf_task_ha",
              ("Permanent basic farmland protection task", "永久基本农田保护任务"),
              ("permanent basic farmland after maintenance", "调整后永久基本农田面积"),
              ("permanent basic farmland", "永久基本农田面积"),
              ("the permanent basic farmland (PBF) with features", "有要素的永久基本农田图层"), True),
    QuotaRule("cultivated_target", "cultivated_land", "cultivated_ha",
              ("Cultivated land to retain", "耕地保有量目标"),
              ("cultivated land of the land-use parcels", "土地利用现状耕地面积"),
              ("cultivated land of the land-use parcels", "土地利用现状耕地面积"),
              ("the land-use parcels (LANDUSE) with features", "有要素的土地利用现状图斑"), True),
    QuotaRule("forest_target", "forest_land", "forest_ha",
              ("Forest land to retain", "林地保有量目标"),
              ("forest land of the land-use parcels", "土地利用现状林地面积"),
              ("forest land of the land-use parcels", "土地利用现状林地面积"),
              ("the land-use parcels (LANDUSE) with features", "有要素的土地利用现状图斑"), False),
)
QUOTA_BY_KEY = {rule.key: rule for rule in QUOTAS}


def target_of(value):
    """A target in hectares from a parameter's value: None for no target (None, blank or 0)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = float(value)
    if number < 0:
        raise ValueError(f"a target cannot be negative: {number:g} ha")
    return number if number > 0 else None


@dataclass(frozen=True)
class Targets:
    """The binding targets of a run, in hectares; None for no target (``target_of`` reads parameters)."""

    pbf_task_ha: float = None
    cultivated_ha: float = None
    forest_ha: float = None

    @classmethod
    def of(cls, pbf_task_ha=None, cultivated_ha=None, forest_ha=None):
        """Targets from parameter values, 0 and blank meaning no target."""
        return cls(target_of(pbf_task_ha), target_of(cultivated_ha), target_of(forest_ha))

    def given(self):
        """The rules of the targets given, in table order."""
        return [rule for rule in QUOTAS if getattr(self, rule.target) is not None]


def margin(value_ha, target_ha):
    """Value − target in hectares, rounded to ``MARGIN_DECIMALS`` (never -0.0)."""
    return round(float(value_ha) - float(target_ha), MARGIN_DECIMALS) + 0.0


@dataclass(frozen=True)
class Quota:
    """One target checked: the rule, the target, the row's value before and after maintenance (ha; after
    None when the row has no after value), and whether the areas are net of field ridges (``net``)."""

    rule: QuotaRule
    target_ha: float
    before_ha: float = None
    after_ha: float = None
    net: bool = False

    @property
    def compares_after(self):
        """True when the value after maintenance is compared (the row has one)."""
        return self.after_ha is not None

    @property
    def value_ha(self):
        """The value compared with the target: after maintenance when there is one, else before."""
        return self.after_ha if self.after_ha is not None else self.before_ha

    @property
    def margin_ha(self):
        """Value − target (ha, ``margin``); None when the value is unknown."""
        return None if self.value_ha is None else margin(self.value_ha, self.target_ha)

    @property
    def met(self):
        """True when the target is met, False when not, None when the value is unknown."""
        return None if self.margin_ha is None else self.margin_ha >= 0

    @property
    def deducted(self):
        """True when the value compared is net of field ridges."""
        return self.net and self.rule.netted


def _ha(value, unit):
    return None if value is None else float(units.convert(value, unit, "ha"))


def check(targets, before, after=None, net=False):
    """The ``Quota`` of every target given, in table order.

    ``before``, ``after``: {row key: value in the row's unit}, as ``indicators.Assessment`` holds them (``after``
    None without an after state); ``net``: whether the areas are net of field ridges.
    """
    if targets is None:
        return ()
    after = after or {}
    found = []
    for rule in targets.given():
        unit = ROW_BY_KEY[rule.row].unit
        found.append(Quota(rule, getattr(targets, rule.target), _ha(before.get(rule.row), unit),
                           _ha(after.get(rule.row), unit), net))
    return tuple(found)


# --- words ---------------------------------------------------------------------------------------------------


def _number(value):
    return f"{value:.{MARGIN_DECIMALS}f}"


def quota_parts(quota, lang):
    """The words of one checked target in ``lang``: {name, subject (with its basis), target, value, verdict,
    margin} — numbers as printed (4 decimals of ha; the margin signed), missing ones as ""."""
    k = LANGUAGES[lang]
    rule = quota.rule
    subject = (rule.subject_after if quota.compares_after else rule.subject)[k]
    if quota.deducted:
        basis = ("net of field ridges", "扣除田坎净面积")[k]
    elif quota.net:
        basis = ("map area; field ridges are deducted from cultivated land only", "图斑面积，田坎只从耕地扣除")[k]
    else:
        basis = ("map area", "图斑面积")[k]
    met = quota.met
    verdict = {True: ("met", "达标"), False: ("not met", "未达标"), None: ("not checked", "无法核算")}[met][k]
    return {
        "name": rule.name[k],
        "subject": f"{subject} ({basis})" if k == 0 else f"{subject}（{basis}）",
        "target": _number(quota.target_ha),
        "value": "" if quota.value_ha is None else _number(quota.value_ha),
        "verdict": verdict,
        "margin": "" if met is None else f"{quota.margin_ha:+.{MARGIN_DECIMALS}f}",
    }


def quota_statement(quota, lang):
    """The 具体指标 cell of a target's row: target, value compared, basis, verdict and margin in one sentence."""
    parts = quota_parts(quota, lang)
    met, k = quota.met, LANGUAGES[lang]
    if met is None:
        needs = quota.rule.needs[k]
        if k == 0:
            return f"{parts['name']}: target {parts['target']} ha; not checked: it needs {needs}"
        return f"{parts['name']}：目标{parts['target']}公顷，无法核算：需要{needs}"
    size = _number(abs(quota.margin_ha))
    if k == 0:
        verdict = f"met, {size} ha to spare" if met else f"not met, {size} ha short"
        return f"{parts['name']}: target {parts['target']} ha; {parts['subject']} {parts['value']} ha: {verdict}"
    verdict = f"达标，余量{size}公顷" if met else f"未达标，缺口{size}公顷"
    return f"{parts['name']}：目标{parts['target']}公顷，{parts['subject']}{parts['value']}公顷，{verdict}"


def basis_cells(net, lang):
    """The four text cells of the basis row: 面积口径, the basis, what it covers, no unit."""
    k = LANGUAGES[lang]
    basis, covers = BASIS_CELLS[bool(net)][k]
    return [BASIS_TITLE[k], basis, covers, ""]


def quota_cells(quota, lang):
    """The seven cells of a target's row: the farmland's table, its quantity goal, the statement, ha, and the
    value before, after and the change in hectares."""
    k = LANGUAGES[lang]
    after = quota.after_ha
    return [LINE_TITLES["PBF"][k], GOALS["quantity"][k], quota_statement(quota, lang), UNIT_DISPLAY["ha"][k],
            quota.before_ha, after, change(quota.before_ha, after)]


@dataclass(frozen=True)
class TableRow:
    """One row of the indicator table: its key (a ``ROWS`` key, "area_basis", "quota_" + the target's key, or a
    verdict key of ``indicator_swaps``, ``indicator_eco`` or ``indicator_udb``), its seven cells and the decimals
    its numbers are printed with."""

    key: str
    cells: list
    decimals: int


def table_of(before, after=None, quotas=(), net=False, lang="zh", swaps=None):
    """Every row of the indicator table, in order: the rows of ``ROWS`` given in ``before`` (as
    ``indicator_rows.table_rows``) with, after the farmland's quantity rows, one row per checked target, and
    after its other quality rows the quality of the land swapped out and in (``swaps``, an
    ``indicator_swaps.SwapQuality`` or None), after the red line's ecological-function land the verdict that it
    did not fall (``indicator_eco``, with an after state of the red line), the boundary's scale and increment
    with, when it has an after state, the verdicts that its area and expansion factor did not grow
    (``indicator_udb``); then the area basis (see the module doc)."""
    after = after or {}
    out = []
    for row in ROWS:
        if row.key == indicator_udb.SCALE_KEY:
            if row.key in before:
                out.append(TableRow(*indicator_udb.scale_row(before, after, lang)))
            out += [TableRow(*cells) for cells in indicator_udb.verdict_rows(indicator_udb.judge(before, after), lang)]
        elif row.key in before:
            b, a = before[row.key], after.get(row.key)
            out.append(TableRow(row.key, [*row_cells(row, lang), b, a, change(b, a)], UNIT_DISPLAY[row.unit][2]))
        if row.key == QUOTAS_AFTER:
            out += [TableRow("quota_" + q.rule.key, quota_cells(q, lang), HA_DECIMALS) for q in quotas]
        if row.key == indicator_swaps.ROWS_AFTER:
            out += [TableRow(*cells) for cells in indicator_swaps.swap_rows(swaps, lang)]
        if row.key == indicator_eco.ROW:
            out += [TableRow(*cells) for cells in indicator_eco.verdict_rows(indicator_eco.judge(before, after), lang)]
    out.append(TableRow("area_basis", basis_cells(net, lang) + [None, None, None], 0))
    return out


def row_key(cells):
    """The key of a table row from its text cells (``TableRow.key``), in either language; None when unknown.

    For readers of a written table: the basis, target and verdict rows carry numbers in their
    具体指标 cell, so they are told by their 控制线 cell and the start of the statement.
    """
    line, indicator = cells[0], str(cells[2] or "")
    if line in BASIS_TITLE:
        return "area_basis"
    for rule in QUOTAS:
        if any(indicator.startswith(name + sep) for name, sep in zip(rule.name, (":", "："))):
            return "quota_" + rule.key
    swap = indicator_swaps.key_of(indicator) or indicator_eco.key_of(indicator) or indicator_udb.key_of(indicator)
    if swap is not None:
        return swap
    for row in ROWS:
        if indicator in row.indicator:
            return row.key
    return None
