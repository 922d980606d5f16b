"""The red line's ecological function not lower (生态功能不降低, issue 21): a verdict on its ecological-function land.

The seed's goal for the red line is 功能有提升; its maintenance must not take ecological-function land (forest,
grassland, water and wetland: the row ``epr_eco_land``, 生态保护红线范围内生态功能用地面积) out of the line. When
the red line has an after state, the indicator table gets one row after ``epr_eco_land``: met (达标) when that
land after maintenance is at least the land before, not met (未达标) when it fell, with the margin (after −
before, km²). Like the binding targets (``indicator_quotas``), the values are compared as the table prints them
(4 decimals of km², 1 m²), so two values printed equal are met; a value the inputs do not give leaves the
verdict "not checked". Without an after state of the red line the row is absent.

Pure: no qgis.
"""
from dataclasses import dataclass

from .indicator_rows import GOALS, LANGUAGES, LINE_TITLES, UNIT_DISPLAY

ROW = "epr_eco_land"  # the row judged; the verdict follows it
VERDICT_KEY = "epr_eco_kept"
VERDICT_NAME = ("Ecological function not lower", "生态功能不降低")
DECIMALS = UNIT_DISPLAY["km2"][2]


def _printed(value):
    return None if value is None else round(float(value), DECIMALS)


@dataclass(frozen=True)
class EcoVerdict:
    """The red line's ecological-function land before and after maintenance (km²; None when unknown)."""

    before_km2: float = None
    after_km2: float = None

    @property
    def margin_km2(self):
        """After − before as printed (never -0.0); None when either is unknown."""
        if self.before_km2 is None or self.after_km2 is None:
            return None
        return round(_printed(self.after_km2) - _printed(self.before_km2), DECIMALS) + 0.0

    @property
    def met(self):
        """True when the land did not fall, False when it did, None when unknown."""
        margin = self.margin_km2
        return None if margin is None else margin >= 0


def judge(before, after):
    """The ``EcoVerdict`` of the row values ``before`` and ``after`` ({row key: value}, as
    ``indicators.Assessment`` holds them); None when the red line has no after state (the row is absent)."""
    if not after or ROW not in after:
        return None
    return EcoVerdict(before.get(ROW), after.get(ROW))


def statement(verdict, lang):
    """The 具体指标 cell: both values, the margin spare or short, and the verdict."""
    k = LANGUAGES[lang]
    word = {True: ("met", "达标"), False: ("not met", "未达标"), None: ("not checked", "无法核算")}[verdict.met][k]
    name = VERDICT_NAME[k]
    if verdict.met is None:
        if k == 0:
            return f"{name}: not checked, it needs the land-use parcels (LANDUSE) and the red line before and after"
        return f"{name}：无法核算，需要土地利用现状图斑（LANDUSE）及调整前后的生态保护红线"
    before, after = f"{verdict.before_km2:.{DECIMALS}f}", f"{verdict.after_km2:.{DECIMALS}f}"
    size = f"{abs(verdict.margin_km2):.{DECIMALS}f}"
    if k == 0:
        spare = f"{size} km² to spare" if verdict.met else f"{size} km² short"
        return (f"{name}: ecological-function land in the red line {before} km² before, {after} km² after, "
                f"{spare}: {word}")
    spare = f"余量{size}平方公里" if verdict.met else f"减少{size}平方公里"
    return f"{name}：生态保护红线内生态功能用地调整前{before}平方公里、调整后{after}平方公里，{spare}；{word}"


def verdict_rows(verdict, lang):
    """(key, the seven cells, decimals) of the verdict row ([] for None): the red line's table, its function
    goal, the statement, no unit and no numbers (they are in the statement, as for the binding targets)."""
    if verdict is None:
        return []
    k = LANGUAGES[lang]
    cells = [LINE_TITLES["EPR"][k], GOALS["function"][k], statement(verdict, lang), "", None, None, None]
    return [(VERDICT_KEY, cells, DECIMALS)]


def key_of(indicator):
    """``VERDICT_KEY`` when the 具体指标 cell is the verdict's, in either language; else None."""
    text = str(indicator)
    if any(text.startswith(name + sep) for name, sep in zip(VERDICT_NAME, (":", "："))):
        return VERDICT_KEY
    return None
