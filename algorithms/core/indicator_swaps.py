"""The quality of the farmland that joined against the farmland that left (质量有提升, issue 20).

The seed's rule for permanent basic farmland is that what joins is not worse than what leaves ("调入耕地质量
不低于调出"). Given the pieces that left the farmland and the pieces that joined it (e.g. planmaint:edgeswap's
SWAPPED_OUT and SWAPPED_IN), the indicator table gets, in the farmland's quality group (table 5-1):

- the area-weighted mean slope grade (平均坡度级别) of the land that left (the 调整前 column) and of the land
  that joined (the 调整后 column), change = joined − left; lower is better;
- with the high-standard farmland layer, the share (%) of each in high-standard farmland; higher is better;
- a verdict: met (达标) when the joined land's mean grade is at most the left land's and, with the layer, its
  share at least the left land's; each comparison with its margin (spare or short).

How each side is measured, as the farmland's own rows are:

- a piece's slope grade comes from its own field, or else from the land-use parcels under it (area of each
  overlap); values that are no grade 1–5 and missing values are left out of the mean, the unreadable ones
  listed (``SwappedSide.slope_unreadable``) so the caller can name them;
- pieces of one layer overlapping each other count their common ground once, for the first of them
  (``conflicts.first_cover_parts``);
- with the field-ridge deduction on, every area is net (area × (1 − KCXS), the ratio from the piece or the
  land use under it): the share is then the farmland shares' net basis, and the mean is weighted by net area.

Comparisons are made on the values as the table prints them (``DECIMALS``), so two values printed equal are
met, and the margin is the difference of the printed values, as the change column shows it. A value the inputs
do not give leaves its comparison unchecked: the verdict is "not met" when a known comparison fails, else "not
checked" when one is unknown, else "met".

Pure: numpy and shapely, no qgis.
"""
from dataclasses import dataclass, field

import numpy as np

from . import conflicts, fragments
from .indicator_facts import LANDUSE, OWN
from .indicator_geometry import overlay_pieces
from .indicator_rows import GOALS, LANGUAGES, LINE_TITLES, Row, percent, row_cells

DECIMALS = 2  # slope grades and shares are printed to 2 decimals
ROWS_AFTER = "steep_area"  # the rows follow the farmland's other quality rows, before its layout rows

SLOPE_ROW = Row("swap_slope", "PBF", "quality",
                ("Mean slope grade (swapped-out parcels → swapped-in parcels)", "平均坡度级别（调出地块→调入地块）"),
                "grade", ())
HSF_ROW = Row("swap_hsf_share", "PBF", "quality",
              ("High-standard farmland share (swapped-out parcels → swapped-in parcels)",
               "高标准农田占比（调出地块→调入地块）"), "percent", ())
VERDICT_KEY = "swap_quality"
VERDICT_NAME = ("Swapped-in farmland quality not lower than swapped-out", "调入耕地质量不低于调出")
KEYS = (SLOPE_ROW.key, HSF_ROW.key, VERDICT_KEY)


@dataclass(frozen=True)
class SwappedSide:
    """The land of one side (left or joined), measured.

    ``area_m2``: its area on the table's basis; ``slope_mean``: the area-weighted mean slope grade of the part
    with a grade (None when no part has one); ``hsf_share``: % in high-standard farmland (None without the
    layer or without area); ``slope_source``: ``OWN``, ``LANDUSE`` or None; ``slope_unreadable``: positions of
    the pieces (own field) or of the land-use parcels under them (land-use field) whose value is no grade.
    """

    area_m2: float
    slope_mean: float = None
    hsf_share: float = None
    slope_source: str = None
    slope_unreadable: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


def _printed(value):
    return None if value is None else round(float(value), DECIMALS)


def _margin(better, worse):
    """``better`` − ``worse`` as printed (never -0.0); None when either is unknown."""
    if better is None or worse is None:
        return None
    return round(_printed(better) - _printed(worse), DECIMALS) + 0.0


@dataclass(frozen=True)
class SwapQuality:
    """The land that left and the land that joined (``SwappedSide``); ``hsf``: whether the high-standard
    farmland layer was given; ``net``: whether the areas are net of field ridges."""

    left: SwappedSide
    joined: SwappedSide
    hsf: bool = False
    net: bool = False

    @property
    def slope_margin(self):
        """Left − joined mean slope grade as printed: ≥ 0 when the joined land is not steeper; None unknown."""
        return _margin(self.left.slope_mean, self.joined.slope_mean)

    @property
    def hsf_margin(self):
        """Joined − left high-standard share (percentage points) as printed; None without the layer or unknown."""
        return _margin(self.joined.hsf_share, self.left.hsf_share) if self.hsf else None

    def checks(self):
        """(what, margin) of every comparison made: "slope", and "hsf" with the layer."""
        return [("slope", self.slope_margin)] + ([("hsf", self.hsf_margin)] if self.hsf else [])

    @property
    def met(self):
        """False when a comparison fails, else None when one is unknown, else True."""
        margins = [m for _, m in self.checks()]
        if any(m is not None and m < 0 for m in margins):
            return False
        return None if any(m is None for m in margins) else True


# --- measuring ------------------------------------------------------------------------------------------


@dataclass
class SwapSources:
    """What a side is measured with besides its pieces: the measure (geometries → m²), the land-use parcels
    (``LandUse`` or None) and a callable giving their own ground, the high-standard farmland cut into zone
    parts (or None), and whether field ridges are deducted."""

    measure: object
    landuse: object = None
    landuse_ground: object = None
    hsf_zones: np.ndarray = None
    deduct: bool = False


def _net_factors(land, sources, pieces, n):
    """1 − KCXS of each piece: its own ratio, else the land use's under it (area-weighted), else 1."""
    lu = sources.landuse
    if not sources.deduct:
        return np.ones(n)
    if land.net is not None:
        return np.asarray(land.net, dtype=float)
    if lu is None or lu.net is None or pieces is None:  # no pieces (a line that swapped nothing) reads none
        return np.ones(n)
    i, j, a = pieces
    covered = np.bincount(i, weights=a, minlength=n)
    weighted = np.bincount(i, weights=a * np.asarray(lu.net, dtype=float)[j], minlength=n)
    return np.where(covered > 0, weighted / np.where(covered > 0, covered, 1.0), 1.0)


def _slope_sums(land, lu, pieces, area, net):
    """(Σ grade × area, Σ area of graded land, source, unreadable positions); (0, 0, None, none) without one."""
    none = np.empty(0, dtype=np.int64)
    if land.slope is not None:
        grades = np.asarray(land.slope, dtype=float)
        weights = np.where(grades > 0, area * net, 0.0)
        unreadable = none if land.slope_unreadable is None else np.asarray(land.slope_unreadable, dtype=np.int64)
        return float((grades * weights).sum()), float(weights.sum()), OWN, unreadable
    if lu is None or lu.slope is None or pieces is None:  # pieces is None: there are no pieces
        return 0.0, 0.0, None, none
    i, j, a = pieces
    grades = np.asarray(lu.slope, dtype=float)[j]
    weights = np.where(grades > 0, a * net[i], 0.0)
    unreadable = none
    if lu.slope_unreadable is not None and len(lu.slope_unreadable):
        unreadable = np.intersect1d(np.unique(j[a > 0]), np.asarray(lu.slope_unreadable, dtype=np.int64))
    return float((grades * weights).sum()), float(weights.sum()), LANDUSE, unreadable


def measure_side(land, sources):
    """The ``SwappedSide`` of the pieces ``land`` (an ``indicator_inputs.Farmland``) with ``SwapSources``."""
    geoms = np.asarray(land.geoms, dtype=object)
    own = conflicts.first_cover_parts(geoms)[0] if len(geoms) else geoms
    n = len(own)
    area = np.asarray(sources.measure(own), dtype=float) if n else np.zeros(0)
    lu = sources.landuse
    needs_landuse = lu is not None and n and (
        (land.slope is None and lu.slope is not None) or (sources.deduct and land.net is None and lu.net is not None)
    )
    pieces = overlay_pieces(own, sources.landuse_ground(), sources.measure) if needs_landuse else None
    net = _net_factors(land, sources, pieces, n)
    grade_sum, graded_m2, source, unreadable = _slope_sums(land, lu, pieces, area, net)
    total_m2 = float((area * net).sum())
    share = None
    if sources.hsf_zones is not None and n:
        inside = fragments.area_inside(own, sources.hsf_zones, sources.measure)
        share = percent((inside * net).sum(), total_m2)
    return SwappedSide(
        area_m2=total_m2,
        slope_mean=grade_sum / graded_m2 if graded_m2 > 0 else None,
        hsf_share=share,
        slope_source=source,
        slope_unreadable=unreadable,
    )


def assess_swaps(left, joined, sources):
    """The ``SwapQuality`` of the pieces that ``left`` and ``joined`` the farmland (``Farmland``); None
    when either is not given (the rows are then absent)."""
    if left is None or joined is None:
        return None
    return SwapQuality(measure_side(left, sources), measure_side(joined, sources),
                       hsf=sources.hsf_zones is not None, net=bool(sources.deduct))


# --- words and rows -------------------------------------------------------------------------------------

_WORDS = {
    "slope": (("mean slope grade", "平均坡度级别"), ("", "")),
    "hsf": (("high-standard farmland share", "高标准农田占比"), (" %", "%")),
}
_NEEDS = {
    "slope": ("slope grades (SLOPE_FIELD, GDPDJB or LANDUSE)", "坡度级别（SLOPE_FIELD、GDPDJB或LANDUSE）"),
    "hsf": ("swapped land on both sides", "调出、调入地块"),
}


def _values(quality, what):
    side = "slope_mean" if what == "slope" else "hsf_share"
    return getattr(quality.joined, side), getattr(quality.left, side)


def _check_words(quality, what, margin, k):
    """One comparison in words: both values, and the margin spare or short (or what it needs)."""
    (name, unit), (joined, left) = _WORDS[what], _values(quality, what)
    name, unit = name[k], unit[k]
    if margin is None:
        if k == 0:
            return f"{name}: not checked, it needs {_NEEDS[what][0]}"
        return f"{name}无法核算，需要{_NEEDS[what][1]}"
    points = ("", "") if what == "slope" else (" points", "个百分点")
    size = f"{abs(margin):.{DECIMALS}f}{points[k]}"
    if k == 0:
        spare = f"{size} to spare" if margin >= 0 else f"{size} short"
        return f"{name} in {joined:.{DECIMALS}f}{unit}, out {left:.{DECIMALS}f}{unit}, {spare}"
    spare = f"余量{size}" if margin >= 0 else f"缺口{size}"
    return f"{name}调入{joined:.{DECIMALS}f}{unit}、调出{left:.{DECIMALS}f}{unit}，{spare}"


def verdict_statement(quality, lang):
    """The 具体指标 cell of the verdict row: every comparison with its margin, then the verdict."""
    k = LANGUAGES[lang]
    verdict = {True: ("met", "达标"), False: ("not met", "未达标"), None: ("not checked", "无法核算")}[quality.met][k]
    parts = [_check_words(quality, what, margin, k) for what, margin in quality.checks()]
    if k == 0:
        return f"{VERDICT_NAME[0]}: {'; '.join(parts)}: {verdict}"
    return f"{VERDICT_NAME[1]}：{'；'.join(parts)}；{verdict}"


def _change(left, joined):
    return None if left is None or joined is None else joined - left


def swap_rows(quality, lang):
    """(key, the seven cells, decimals) of the rows of ``quality`` (a ``SwapQuality`` or None: no rows): the
    mean slope grade, the high-standard share with the layer, and the verdict. The 调整前 column holds the land
    that left, 调整后 the land that joined."""
    if quality is None:
        return []
    out = []
    for row, side in ((SLOPE_ROW, "slope_mean"), (HSF_ROW, "hsf_share")):
        if row is HSF_ROW and not quality.hsf:
            continue
        left, joined = getattr(quality.left, side), getattr(quality.joined, side)
        out.append((row.key, [*row_cells(row, lang), left, joined, _change(left, joined)], DECIMALS))
    k = LANGUAGES[lang]
    cells = [LINE_TITLES["PBF"][k], GOALS["quality"][k], verdict_statement(quality, lang), "", None, None, None]
    out.append((VERDICT_KEY, cells, DECIMALS))
    return out


def key_of(indicator):
    """The key of a swap row from its 具体指标 cell, in either language; None when it is none of them."""
    for row in (SLOPE_ROW, HSF_ROW):
        if indicator in row.indicator:
            return row.key
    if any(str(indicator).startswith(name + sep) for name, sep in zip(VERDICT_NAME, (":", "："))):
        return VERDICT_KEY
    return None

