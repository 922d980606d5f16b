"""The development boundary's scale and increment (规模与增量) and its two verdicts (seed 五(一)3, table 5-3).

The seed's goal for the boundary is 总量不突破: after maintenance its total area does not increase (城镇开发边界总
面积不增加) and neither does its expansion factor (扩展倍数不增加); it also prints the boundary's scale (规模, its
area) with its increment (增量: the area minus the baseline urban construction land, 3 408.7708 − 2 946.6035 =
462.1673 ha in the seed).

- The scale row (``SCALE_KEY``, a row of ``indicator_rows.ROWS``): its numbers are the increment in hectares, before,
  after and the change; its 具体指标 cell names it and says what the increment is, without numbers, so that tables
  of several counties join on it; the report prints "scale / increment" in its cells. Without a baseline (no
  URBAN_BASELINE layer and no BASELINE_HA) the increment is unknown: the seed prints "-", the table leaves it
  empty.
- Two verdict rows after it, as the red line's ecological-function verdict (``indicator_eco``): met (达标) when the
  value after maintenance is at most the value before, not met (未达标) when it grew, with the margin (before −
  after); the values are compared as the table prints them (4 decimals of ha, 4 decimals of the factor), so two
  values printed equal are met. A value the inputs do not give (no baseline for the factor, an empty layer) leaves
  the verdict "not checked". Without an after state of the boundary the verdict rows are absent.

Pure: no qgis.
"""
from dataclasses import dataclass

from .indicator_rows import GOALS, LANGUAGES, LINE_TITLES, UNIT_DISPLAY, change

SCALE_KEY = "udb_increment"  # the scale row; the verdicts follow it
SCALE_NAME = ("Boundary scale and increment", "城镇开发边界规模与增量")
AREA_KEY, EXPANSION_KEY = "udb_area", "udb_expansion"
HA_DECIMALS = UNIT_DISPLAY["ha"][2]
FACTOR_DECIMALS = UNIT_DISPLAY["factor"][2]
NO_VALUE = "-"  # as the seed prints a value it cannot give


@dataclass(frozen=True)
class VerdictRule:
    """One verdict: its row key, the row it judges, its name, what it compares, the unit printed, the decimals,
    and what the comparison needs (English, Chinese)."""

    key: str
    row: str
    name: tuple
    subject: tuple
    unit: tuple
    decimals: int
    needs: tuple


VERDICTS = (
    VerdictRule("udb_area_kept", AREA_KEY, ("Boundary area not increasing", "城镇开发边界总面积不增加"),
                ("boundary area", "城镇开发边界总面积"), (" ha", "公顷"), HA_DECIMALS,
                ("the urban development boundary before and after maintenance (UDB, UDB_AFTER) with features",
                 "有要素的调整前后城镇开发边界（UDB、UDB_AFTER）")),
    VerdictRule("udb_expansion_kept", EXPANSION_KEY,
                ("Expansion factor not increasing", "城镇开发边界扩展倍数不增加"),
                ("expansion factor", "扩展倍数"), ("", ""), FACTOR_DECIMALS,
                ("the boundary before and after maintenance and the baseline urban construction land "
                 "(URBAN_BASELINE or BASELINE_HA)",
                 "调整前后的城镇开发边界及基期城镇建设用地（URBAN_BASELINE 或 BASELINE_HA）")),
)
VERDICT_KEYS = tuple(rule.key for rule in VERDICTS)


def _printed(value, decimals):
    return None if value is None else round(float(value), decimals)


@dataclass(frozen=True)
class NotIncreasing:
    """One verdict of the boundary: the rule and the row's value before and after maintenance (None when
    unknown)."""

    rule: VerdictRule
    before: float = None
    after: float = None

    @property
    def margin(self):
        """Before − after as printed (never -0.0): what is to spare; None when either is unknown."""
        if self.before is None or self.after is None:
            return None
        decimals = self.rule.decimals
        return round(_printed(self.before, decimals) - _printed(self.after, decimals), decimals) + 0.0

    @property
    def met(self):
        """True when the value did not grow, False when it did, None when unknown."""
        margin = self.margin
        return None if margin is None else margin >= 0


def judge(before, after):
    """The two ``NotIncreasing`` of the row values ``before`` and ``after`` ({row key: value}, as
    ``indicators.Assessment`` holds them); () when the boundary has no after state (the rows are absent)."""
    if not after or AREA_KEY not in after:
        return ()
    return tuple(NotIncreasing(rule, before.get(rule.row), after.get(rule.row)) for rule in VERDICTS)


def statement(verdict, lang):
    """The 具体指标 cell of a verdict: both values, the margin spare or over, and the verdict."""
    k = LANGUAGES[lang]
    rule = verdict.rule
    word = {True: ("met", "达标"), False: ("not met", "未达标"), None: ("not checked", "无法核算")}[verdict.met][k]
    name, unit = rule.name[k], rule.unit[k]
    if verdict.met is None:
        if k == 0:
            return f"{name}: not checked, it needs {rule.needs[0]}"
        return f"{name}：无法核算，需要{rule.needs[1]}"
    before, after = (f"{value:.{rule.decimals}f}" for value in (verdict.before, verdict.after))
    size = f"{abs(verdict.margin):.{rule.decimals}f}"
    if k == 0:
        spare = f"{size}{unit} to spare" if verdict.met else f"{size}{unit} over"
        return f"{name}: {rule.subject[0]} {before}{unit} before, {after}{unit} after, {spare}: {word}"
    spare = f"余量{size}{unit}" if verdict.met else f"增加{size}{unit}"
    return f"{name}：{rule.subject[1]}调整前{before}{unit}、调整后{after}{unit}，{spare}；{word}"


def verdict_rows(verdicts, lang):
    """(key, the seven cells, decimals) of each verdict row: the boundary's table, its total goal, the statement,
    no unit and no numbers (they are in the statement, as for the red line's verdict)."""
    k = LANGUAGES[lang]
    return [(verdict.rule.key, [LINE_TITLES["UDB"][k], GOALS["total"][k], statement(verdict, lang), "", None, None,
                                None], verdict.rule.decimals) for verdict in verdicts]


# --- the scale and increment ------------------------------------------------------------------------------


def increment_ha(area_m2, baseline_m2):
    """增量 (ha): the boundary's area minus the baseline urban construction land; None without a baseline (None
    or 0, as the expansion factor has none)."""
    if not baseline_m2:
        return None
    return (float(area_m2) - float(baseline_m2)) / 10000.0


def _number(value):
    return NO_VALUE if value is None else f"{value:.{HA_DECIMALS}f}"


def scale_statement(before, lang):
    """The 具体指标 cell of the scale row: its name and what the increment is, without numbers, so that the rows
    of several counties and years join on it (the numbers are in the row's cells, and the report prints the
    scale beside the increment: ``scale_printed``). ``before``: {row key: value} of the state before.
    """
    k = LANGUAGES[lang]
    if k == 0:
        if before.get(SCALE_KEY) is None:
            return (f"{SCALE_NAME[0]}: the increment needs the baseline urban construction land, URBAN_BASELINE "
                    "or BASELINE_HA")
        return f"{SCALE_NAME[0]}: increment = boundary area − baseline urban construction land"
    if before.get(SCALE_KEY) is None:
        return f"{SCALE_NAME[1]}：增量需要基期城镇建设用地 URBAN_BASELINE 或 BASELINE_HA"
    return f"{SCALE_NAME[1]}：增量=城镇开发边界面积−基期城镇建设用地面积"


def scale_row(before, after, lang):
    """(key, the seven cells, decimals) of the scale row: the statement, ha, and the increment before, after and
    the change (None where unknown)."""
    k = LANGUAGES[lang]
    after = after or {}
    b, a = before.get(SCALE_KEY), after.get(SCALE_KEY)
    cells = [LINE_TITLES["UDB"][k], GOALS["total"][k], scale_statement(before, lang), UNIT_DISPLAY["ha"][k],
             b, a, change(b, a)]
    return SCALE_KEY, cells, HA_DECIMALS


def scale_printed(before, after, shown_after):
    """The report's before, after and change cells of the scale row: "scale / increment" in hectares, each
    "-" when the increment is unknown (the seed's "-"), the after and change cells "" when not shown."""

    def pair(values):
        area, increment = values.get(AREA_KEY), values.get(SCALE_KEY)
        return NO_VALUE if area is None or increment is None else f"{_number(area)} / {_number(increment)}"

    if not shown_after:
        return pair(before), "", ""
    later = pair(after)
    if NO_VALUE in (pair(before), later):
        return pair(before), later, NO_VALUE
    changes = [round(round(after[key], HA_DECIMALS) - round(before[key], HA_DECIMALS), HA_DECIMALS) + 0.0
               for key in (AREA_KEY, SCALE_KEY)]
    return pair(before), later, " / ".join(_number(value) for value in changes)


def key_of(indicator):
    """The key of the scale or a verdict row when the 具体指标 cell is theirs, in either language; else None."""
    text = str(indicator)
    for key, names in [(SCALE_KEY, SCALE_NAME)] + [(rule.key, rule.name) for rule in VERDICTS]:
        if any(text.startswith(name + sep) for name, sep in zip(names, (":", "："))):
            return key
    return None
