"""The rules, the table and the formulas of the indicators (tables 5-1, 5-2, 5-3 of the seed; DOMAIN.md §2.4).

- the rules: land-class codes, slope grades, fragment and hole thresholds;
- ``ROWS``: every row the plugin can produce, in table order, with goal, indicator and unit in English and
  Chinese, and the lines whose "after" state gives the row an after value;
- reading the attributes (land-class codes, slope grades, field-ridge deduction ratios);
- one small pure function per indicator, on numpy arrays.

The conventions behind them are in ``indicators`` (the assessment). Pure: numpy only, no qgis.
"""
from dataclasses import dataclass

import numpy as np

from . import units
from .landcodes import CULTIVATED_CODES

# --- the rules -----------------------------------------------------------------------------------------

PADDY_IRRIGATED_CODES = ("0101", "0102")
FOREST_CODES = ("03",)
# Ecological-function land (生态功能用地) by default: forest, grassland, and the natural water and wetland
# classes (rivers, lakes, reservoirs, tidal and inland flats, swamps, glaciers). Ponds, ditches and
# hydraulic structures are man-made and left out.
DEFAULT_ECO_CODES = "03,04,1101,1102,1103,1105,1106,1108,1110"
STEEP_MIN_GRADE = 4  # grades 4 (15–25°) and 5 (>25°)
PLAIN_FRAGMENT_MU = 5.0
HILLY_FRAGMENT_MU = 3.0
UDB_FRAGMENT_MU = 15.0
EPR_SMALL_PATCH_KM2 = 1.0
SMALL_HOLE_MU = 5.0
# A hole "holds" farmland when more than this much PBF lies in it: an overlay leaves numerical dust of
# far less than a square metre along shared boundaries, and no parcel is that small.
HOLE_HOLDS_MIN_M2 = 0.01
DEFAULT_WALK_DISTANCE_M = 300.0
WALK_QUAD_SEGMENTS = 32
ZONE_GRID_CELLS = 32  # zones are cut into at most 32 × 32 grid pieces before overlaying parcels

# --- the table ------------------------------------------------------------------------------------------

# Display of each unit: (English, Chinese, decimals in the report). Area units come from core.units.
UNIT_DISPLAY = {
    "wan_mu": (units.UNIT_LABELS["wan_mu"][0], units.UNIT_LABELS["wan_mu"][1], 4),
    "mu": (units.UNIT_LABELS["mu"][0], units.UNIT_LABELS["mu"][1], 2),
    "ha": (units.UNIT_LABELS["ha"][0], units.UNIT_LABELS["ha"][1], 4),
    "km2": (units.UNIT_LABELS["km2"][0], units.UNIT_LABELS["km2"][1], 4),
    "mu_per_patch": ("mu/patch", "亩/个", 2),
    "count": ("count", "个", 0),
    "percent": ("%", "%", 2),
    "grade": ("grade", "级", 2),  # a mean slope grade (坡度级别 1–5)
    "factor": ("×", "倍", 4),
    "km_per_km2": ("km/km²", "千米/平方千米", 2),
}

LINE_TITLES = {
    "PBF": ("Cultivated land and permanent basic farmland", "耕地和永久基本农田"),
    "EPR": ("Ecological protection red line", "生态保护红线"),
    "UDB": ("Urban development boundary", "城镇开发边界"),
    "ALL": ("Three control lines", "三条控制线"),
}

GOALS = {
    "quantity": ("Quantity does not decrease", "数量不减少"),
    "quality": ("Quality improves", "质量有提升"),
    "layout_pbf": ("Layout is optimised", "布局更优化"),
    "task": ("Task does not decrease", "任务不减少"),
    "function": ("Function improves", "功能有提升"),
    "layout_epr": ("Layout is more complete", "布局更完善"),
    "total": ("Total is not exceeded", "总量不突破"),
    "compact": ("Layout is more compact", "布局更集聚"),
    "urban_quality": ("Urban function and quality improve", "城镇功能品质有提升"),
    "no_overlap": ("Lines neither cross nor overlap", "不交叉不重叠"),
}


@dataclass(frozen=True)
class Row:
    key: str
    line: str  # PBF, EPR, UDB or ALL (the table it belongs to)
    goal: str  # key of GOALS
    indicator: tuple  # (English, Chinese)
    unit: str  # key of UNIT_DISPLAY
    after_lines: tuple  # an after state of any of these lines gives the row an after value


ROWS = (
    Row("cultivated_land", "PBF", "quantity", ("Cultivated land retained", "耕地保有量"), "wan_mu", ("PBF",)),
    Row("pbf_area", "PBF", "quantity", ("Permanent basic farmland", "永久基本农田"), "wan_mu", ("PBF",)),
    Row("forest_land", "PBF", "quantity", ("Forest land retained", "林地保有量"), "wan_mu", ("PBF",)),
    Row("forest_cover", "PBF", "quantity", ("Forest cover", "森林覆盖率"), "percent", ("PBF",)),
    Row("paddy_share", "PBF", "quality",
        ("Paddy and irrigated land in the cultivated land of the permanent basic farmland",
         "水田水浇地占耕地面积比例"), "percent", ("PBF",)),
    Row("hsf_share", "PBF", "quality",
        ("Built high-standard farmland in the permanent basic farmland",
         "永久基本农田中高标准农田建成面积占永久基本农田比例"), "percent", ("PBF",)),
    Row("steep_area", "PBF", "quality",
        ("Cultivated land above 15° slope in the permanent basic farmland",
         "永久基本农田范围内坡度15度以上的耕地面积"), "mu", ("PBF",)),
    Row("contiguity", "PBF", "layout_pbf", ("Cultivated land contiguity", "耕地连片度"), "mu_per_patch", ("PBF",)),
    Row("pbf_fragments", "PBF", "layout_pbf",
        ("Fragmented farmland patches (under 5 mu in the plains, under 3 mu in mountains and hills)",
         "平原地区5亩以下、山地丘陵地区3亩以下永久基本农田碎图斑个数"), "count", ("PBF",)),
    Row("epr_area", "EPR", "task", ("Land ecological protection red line area", "陆域生态保护红线面积"), "km2",
        ("EPR",)),
    Row("epr_eco_land", "EPR", "function",
        ("Ecological-function land in the red line", "生态保护红线范围内生态功能用地面积"), "km2", ("EPR",)),
    Row("epr_cultivated", "EPR", "function", ("Cultivated land in the red line", "生态保护红线内耕地面积"), "km2",
        ("EPR",)),
    Row("epr_small_patches", "EPR", "layout_epr",
        ("Red-line patches under 1 km²", "面积小于1平方公里的生态保护红线图斑数量"), "count", ("EPR",)),
    Row("epr_holes", "EPR", "layout_epr", ("Holes in the red line", "生态保护红线围合范围内天窗个数"), "count",
        ("EPR",)),
    Row("epr_small_holes", "EPR", "layout_epr", ("Red-line holes under 5 mu", "5亩以下天窗个数"), "count",
        ("EPR",)),
    Row("epr_small_holes_area", "EPR", "layout_epr", ("Area of red-line holes under 5 mu", "5亩以下天窗面积"),
        "ha", ("EPR",)),
    Row("epr_holes_pbf", "EPR", "layout_epr",
        ("Permanent basic farmland in red-line holes", "生态保护红线天窗内永久基本农田面积"), "ha", ("EPR", "PBF")),
    Row("udb_area", "UDB", "total", ("Urban development boundary area", "城镇开发边界总面积"), "ha", ("UDB",)),
    Row("udb_expansion", "UDB", "total", ("Expansion factor", "城镇开发边界扩展倍数"), "factor", ("UDB",)),
    # The scale row: its numbers are the increment (area − baseline), its statement the scale too (indicator_udb).
    Row("udb_increment", "UDB", "total", ("Boundary scale and increment", "城镇开发边界规模与增量"), "ha", ("UDB",)),
    Row("udb_fragments", "UDB", "compact",
        ("Fragmented boundary patches under 15 mu", "15亩以下零星破碎的城镇开发边界图斑数量"), "count", ("UDB",)),
    Row("udb_holes", "UDB", "compact", ("Holes in the boundary", "城镇开发边界围合范围内天窗个数"), "count", ("UDB",)),
    Row("udb_pbf_holes", "UDB", "compact",
        ("Holes of the boundary holding permanent basic farmland", "城镇开发边界围合范围内永久基本农田“天窗”个数"),
        "count", ("UDB", "PBF")),
    Row("udb_pbf_holes_area", "UDB", "compact",
        ("Permanent basic farmland in boundary holes", "城镇开发边界天窗内永久基本农田面积"), "ha", ("UDB", "PBF")),
    # The three rows measured against planning layers (indicator_udb_zones); "-" without their layer.
    Row("udb_approved_share", "UDB", "compact",
        ("Approved development zones and non-agricultural industrial parks inside the boundary",
         "已批开发区和非农业产业园区面积划入率"), "percent", ("UDB",)),
    Row("udb_direction_fit", "UDB", "compact",
        ("Fit of the optimised boundary with the main development directions of the master plan (before: the "
         "boundary inside them; after: the land that joined it)",
         "优化后的城镇开发边界与总体规划明确的主要发展方向符合程度（调整前为原城镇开发边界、调整后为新划入用地位于主要"
         "发展方向内的比例）"),
        "percent", ("UDB",)),
    Row("udb_unsuitable", "UDB", "urban_quality",
        ("Land unsuitable for urban construction inside the boundary (very high and high geological-hazard risk "
         "zones, flood-storage areas, overlay of important mineral resources, large heritage sites …)",
         "城镇开发边界内不适宜城镇建设区域面积（包括：地质灾害极高和高风险区、蓄滞洪区、重要矿产资源压覆区、大遗址保护区等）"),
        "mu", ("UDB",)),
    Row("road_density", "UDB", "urban_quality",
        ("Road network density of the central urban area", "中心城区道路网络密度"), "km_per_km2", ("UDB",)),
    Row("park_coverage", "UDB", "urban_quality",
        ("5-minute walk coverage of parks, green space and squares", "公园绿地、广场步行5分钟覆盖率"), "percent",
        ("UDB",)),
    Row("overlap_pbf_epr", "ALL", "no_overlap",
        ("Permanent basic farmland overlapping the ecological red line", "永久基本农田与生态保护红线重叠面积"),
        "ha", ("PBF", "EPR")),
    Row("overlap_pbf_udb", "ALL", "no_overlap",
        ("Permanent basic farmland overlapping the urban development boundary", "永久基本农田与城镇开发边界重叠面积"),
        "ha", ("PBF", "UDB")),
    Row("overlap_epr_udb", "ALL", "no_overlap",
        ("Ecological red line overlapping the urban development boundary", "生态保护红线与城镇开发边界重叠面积"),
        "ha", ("EPR", "UDB")),
)
ROW_BY_KEY = {row.key: row for row in ROWS}
OVERLAP_KEYS = {("PBF", "EPR"): "overlap_pbf_epr", ("PBF", "UDB"): "overlap_pbf_udb", ("EPR", "UDB"): "overlap_epr_udb"}
LANGUAGES = {"en": 0, "zh": 1}


def row_cells(row, lang):
    """(控制线, 优化导向, 具体指标, 单位) of ``row`` in ``lang`` ("en" or "zh")."""
    k = LANGUAGES[lang]
    return LINE_TITLES[row.line][k], GOALS[row.goal][k], row.indicator[k], UNIT_DISPLAY[row.unit][k]


def change(before, after):
    """After minus before; None when either is missing."""
    if before is None or after is None:
        return None
    return after - before


def table_rows(before, after, lang="zh"):
    """The rows of the indicator table: [控制线, 优化导向, 具体指标, 单位, 调整前, 调整后, 变化] in ``ROWS`` order.

    ``before``: {row key: value}; a row appears when its key is in ``before`` (its value may be None when
    the inputs did not allow computing it). ``after``: {row key: value} for the rows with an after state;
    rows missing from it get an empty after and change.
    """
    after = after or {}
    out = []
    for row in ROWS:
        if row.key not in before:
            continue
        b, a = before[row.key], after.get(row.key)
        out.append([*row_cells(row, lang), b, a, change(b, a)])
    return out


def rows_with_after(changed_lines):
    """Keys of the rows that get an after value when the lines in ``changed_lines`` have an after state."""
    changed = set(changed_lines)
    return {row.key for row in ROWS if changed.intersection(row.after_lines)}


# Rows of the land-use parcels; the first three name PBF among their after lines only to repeat their value.
LAND_USE_ROWS = ("cultivated_land", "forest_land", "forest_cover", "epr_eco_land", "epr_cultivated")


def rows_reading(name):
    """Keys of the rows computed from input ``name``: a line (PBF, EPR, UDB) or the land-use parcels (LANDUSE)."""
    if name == "LANDUSE":
        return set(LAND_USE_ROWS)
    return {row.key for row in ROWS if name in row.after_lines} - set(LAND_USE_ROWS[:3])



def blank_rows_of_empty(values, empty):
    """Leave the rows read from the empty inputs ``empty`` without a value (in place).

    A line or land use with no feature is nearly always the wrong layer or a filter left on: its rows would
    all be 0 and look like an answer, so they stay empty and the caller names the layer.
    """
    for name in empty:
        for key in rows_reading(name):
            if key in values:
                values[key] = None


# --- attributes -----------------------------------------------------------------------------------------


def parse_codes(text):
    """Land-class code prefixes from a comma/space separated list ("03, 04,1101" → ("03", "04", "1101"))."""
    return tuple(code for code in str(text or "").replace("，", ",").replace(" ", ",").split(",") if code)


def matches_codes(codes, prefixes):
    """True where a land-class code starts with one of ``prefixes``."""
    if not len(codes) or not prefixes:
        return np.zeros(len(codes), dtype=bool)
    # A county has a few dozen distinct codes among its parcels: test each distinct code once.
    distinct, inverse = np.unique(np.asarray(codes, dtype=object).astype(str), return_inverse=True)
    prefixes = tuple(prefixes)
    hit = np.array([code.startswith(prefixes) for code in distinct], dtype=bool)
    return hit[inverse]


def read_slope_grades(values):
    """Return (grades, index of the values that are not a slope grade); 0 where missing or unreadable.

    Slope grades (坡度级别) are whole numbers 1–5: "4", 4 and "4.0" all read 4. Missing values (None, blank
    text) are simply missing; anything else that is not such a number ("abc", 0, 7, 2.5) is unreadable.
    """
    out = np.zeros(len(values), dtype=np.int64)
    bad = []
    known = {}  # a county holds a handful of distinct values among its parcels: read each once
    for k, value in enumerate(values):
        if value is None:
            continue
        key = (type(value), value)  # True == 1 as a key, but reads as no grade
        grade = known.get(key)
        if grade is None:
            grade = known[key] = _slope_grade(value)
        if grade > 0:
            out[k] = grade
        elif grade < 0:
            bad.append(k)
    return out, np.array(bad, dtype=np.int64)


def _slope_grade(value):
    """The grade 1–5 of one value; 0 when it is blank, -1 when it is no grade."""
    text = str(value).strip()
    if not text:
        return 0
    try:
        number = float(text)
    except ValueError:
        return -1
    return int(number) if number.is_integer() and 1 <= number <= 5 else -1


def slope_grades(values):
    """Slope grades (坡度级别) 1–5 as integers; 0 where missing or unreadable (see ``read_slope_grades``)."""
    return read_slope_grades(values)[0]


def net_factors(values):
    """Return (1 − KCXS per feature, index of unreadable or out-of-range values); missing KCXS deducts nothing.

    KCXS (扣除系数) is a fraction (0.0812); a value outside [0, 1) is an error of the data.
    """
    factor = np.ones(len(values))
    bad = []
    for k, value in enumerate(values):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            kcxs = float(value)
        except (TypeError, ValueError):
            bad.append(k)
            continue
        if not 0.0 <= kcxs < 1.0:
            bad.append(k)
            continue
        factor[k] = 1.0 - kcxs
    return factor, np.array(bad, dtype=np.int64)


# --- one small function per indicator ------------------------------------------------------------------


def percent(part, whole):
    """100 · part / whole; None when the whole is 0."""
    return None if not whole else 100.0 * float(part) / float(whole)


def cultivated_area_m2(codes, area_m2, net=None):
    """耕地保有量: area (net of field ridges when ``net`` is given) of the parcels of class 0101/0102/0103."""
    mask = matches_codes(codes, CULTIVATED_CODES)
    return float(netted(area_m2, net)[mask].sum())


def class_area_m2(codes, area_m2, prefixes, net=None):
    """Area of the parcels whose class matches ``prefixes`` (e.g. forest 03xx)."""
    return float(netted(area_m2, net)[matches_codes(codes, prefixes)].sum())


def paddy_irrigated_share(paddy_m2, cultivated_m2):
    """水田水浇地占耕地面积比例 (%): (0101 + 0102) / (0101 + 0102 + 0103)."""
    return percent(paddy_m2, cultivated_m2)


def forest_cover(forest_m2, county_m2):
    """森林覆盖率 (%): forest area / county area."""
    return percent(forest_m2, county_m2)


def high_standard_share(inside_hsf_m2, area_m2, net=None):
    """高标准农田占永久基本农田比例 (%): Σ area inside high-standard farmland / Σ PBF area (both net if asked)."""
    return percent(netted(inside_hsf_m2, net).sum(), netted(area_m2, net).sum())


def steep_area_m2(steep_m2, net=None):
    """Area of cultivated land on slope grades 4–5 (``steep_m2`` per feature), net if asked."""
    return float(netted(steep_m2, net).sum())


def contiguity_mu(total_m2, n_patches):
    """耕地连片度 (亩/个): farmland area in 亩 per merged patch; None without patches."""
    return None if not n_patches else float(units.m2_to_mu(total_m2)) / n_patches


def fragment_count(patch_area_m2, patch_is_hilly, plain_mu=PLAIN_FRAGMENT_MU, hilly_mu=HILLY_FRAGMENT_MU):
    """碎图斑个数: patches under ``plain_mu`` in the plains or under ``hilly_mu`` in mountains and hills."""
    threshold = np.where(np.asarray(patch_is_hilly, dtype=bool), units.mu_to_m2(hilly_mu), units.mu_to_m2(plain_mu))
    return int((np.asarray(patch_area_m2, dtype=float) < threshold).sum())


def count_under(areas_m2, threshold_m2):
    """Number of patches (or holes) strictly under ``threshold_m2``."""
    return int((np.asarray(areas_m2, dtype=float) < threshold_m2).sum())


def holes_holding(blocked_m2, min_m2=HOLE_HOLDS_MIN_M2):
    """天窗 holding farmland: holes with more than ``min_m2`` of permanent basic farmland inside."""
    return int((np.asarray(blocked_m2, dtype=float) > min_m2).sum())


def expansion_factor(udb_m2, baseline_m2):
    """扩展倍数: urban development boundary area / baseline urban construction land area."""
    return None if not baseline_m2 else float(udb_m2) / float(baseline_m2)


def road_density(length_m, area_m2):
    """道路网络密度 (km/km²)."""
    return None if not area_m2 else (length_m / 1000.0) / (area_m2 / 1e6)


def walk_coverage(covered_m2, area_m2):
    """步行覆盖率 (%): area within walking distance of a park / area of the region."""
    return percent(covered_m2, area_m2)


def netted(values, net):
    """``values`` times the net factors ``net`` (area net of field ridges); ``values`` as floats without them."""
    values = np.asarray(values, dtype=float)
    return values if net is None else values * np.asarray(net, dtype=float)
