"""Indicators of a maintenance scheme (tables 5-1, 5-2, 5-3 of the seed; DOMAIN.md §2.4), from geometry.

A scheme is judged by one table per control line: goal (优化导向), indicator (具体指标), before (调整前),
after (调整后), change (变化). Computing each row from the maps keeps map and numbers in agreement
(图数一致). This module holds

- ``ROWS``: every row the plugin can produce, in table order, with goal, indicator and unit in English and
  Chinese, and the lines whose "after" state gives the row an after value;
- one small pure function per indicator, on numpy arrays;
- ``assess``: the whole computation for the before and after states of the three lines.

Conventions (printed in the report so a reviewer can check them):

- Areas are m² until the last step; each row is converted to its unit through ``core.units``.
- Land classes are matched by code prefix: "03" matches 0301 … 0307, "0101" matches 0101 and 0101K.
  Cultivated land (耕地) is 0101 水田, 0102 水浇地, 0103 旱地; forest (林地) is 03xx.
- Slope above 15° is slope grade (坡度级别) 4 or 5.
- With the field-ridge deduction on, an area of cultivated land counts as area × (1 − KCXS): 耕地保有量,
  the PBF area and the PBF shares, the PBF slope row, contiguity and cultivated land in the red line.
  Patch thresholds (fragments, patches under 1 km²) always use the map area of the patch.
- Patches are features merged where they touch, overlap or lie within the merge distance
  (``fragments.find_fragments`` through ``patches.label_patches``), as in 按邻近图斑融合后统计. The area of a
  line is the area of its patches, so features overlapping each other count once.
- Overlapping features of a line (a duplicated parcel, a digitising overlap) are a data error, and every
  area counts their common ground once: for the rows read from the farmland's attributes (shares, slope,
  net area) it belongs to the first of the overlapping features in reading order
  (``conflicts.first_cover_parts``), and the overlaps between lines are counted the same way. The
  overlapping features are listed in the facts so the caller can name them.
- A slope grade is a whole number 1–5. Any other value (text such as "abc", 0, 7, 2.5) cannot say
  whether the land is steep: it is left out of the slope row and listed in the facts, never read as flat.
- The paddy/irrigated share and the slope row are measured inside the permanent basic farmland: from the
  PBF features' own land-class and slope fields, or else from the land-use parcels under them (area of
  each parcel's intersection with the PBF).
- Road density and the 5-minute walk coverage are measured inside the central urban area; when the urban
  development boundary is given, inside its part within the central area (城镇开发边界 ∩ 中心城区), so they
  follow the maintenance of the boundary. Walk distance is a straight-line distance around the parks.
- Land use, forest, the county and the baseline do not change with maintenance: their rows have an after
  value equal to the before value whenever the farmland has an after state.

Pure: numpy and shapely, no qgis. Areas and lengths come from ``measure`` / ``measure_length`` callables
(geometries → m² / m) so the caller decides planar or ellipsoidal measurement.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from . import conflicts, fragments, holes, parallel, units
from .geometry import polygonal_part, robust_binary

# --- the rules -----------------------------------------------------------------------------------------

CULTIVATED_CODES = ("0101", "0102", "0103")
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
    Row("udb_fragments", "UDB", "compact",
        ("Fragmented boundary patches under 15 mu", "15亩以下零星破碎的城镇开发边界图斑数量"), "count", ("UDB",)),
    Row("udb_holes", "UDB", "compact", ("Holes in the boundary", "城镇开发边界围合范围内天窗个数"), "count", ("UDB",)),
    Row("udb_pbf_holes", "UDB", "compact",
        ("Holes of the boundary holding permanent basic farmland", "城镇开发边界围合范围内永久基本农田“天窗”个数"),
        "count", ("UDB", "PBF")),
    Row("udb_pbf_holes_area", "UDB", "compact",
        ("Permanent basic farmland in boundary holes", "城镇开发边界天窗内永久基本农田面积"), "ha", ("UDB", "PBF")),
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


def empty_inputs(lines, ctx, fallback=None):
    """Names of the inputs of one state that are given but hold no feature: its lines (a line the state
    lacks taken from ``fallback``, the state before) and LANDUSE."""
    out = set()
    for name in ("PBF", "EPR", "UDB"):
        geoms = lines.get(name)
        if geoms is None and fallback is not None:
            geoms = fallback.get(name)
        if geoms is not None and not len(geoms):
            out.add(name)
    if ctx.landuse is not None and not len(ctx.landuse.geoms):
        out.add("LANDUSE")
    return out


def blank_rows_of_empty(values, empty):
    """Leave the rows read from the empty inputs ``empty`` without a value (in place).

    A line or land use with no feature is nearly always the wrong layer or a filter left on: its rows would
    all be 0 and look like an answer, so they stay empty and the caller names the layer.
    """
    for name in empty:
        for key in rows_reading(name):
            if key in values:
                values[key] = None


def _class_rows(eco_codes):
    """(class, code prefixes, rows counting the land of that class among the land-use parcels)."""
    return (
        ("cultivated", CULTIVATED_CODES, ("cultivated_land", "epr_cultivated")),
        ("forest", FOREST_CODES, ("forest_land", "forest_cover")),
        ("eco", tuple(eco_codes), ("epr_eco_land",)),
    )


def unmatched_classes(values, ctx, before, after=None):
    """Rows that are 0, or empty, because no code matches their class: [(source, class, prefixes, row keys)].

    ``source``: "LANDUSE" for the land-use rows, or "before" / "after" for the paddy share read from the
    farmland's own codes (with no cultivated land it has no value). A class found in the county but not in
    a line is a true 0, and not listed; neither are rows left empty for another reason.
    """
    found = []
    lu = ctx.landuse
    if lu is not None and len(lu.codes):
        for name, prefixes, keys in _class_rows(ctx.eco_codes):
            keys = [k for k in keys if values.get(k) is not None]
            if keys and not matches_codes(lu.codes, prefixes).any():
                found.append(("LANDUSE", name, prefixes, keys))
    for which, lines in (("before", before), ("after", after)):
        pbf = lines.pbf if lines is not None else None
        if (pbf is not None and pbf.codes is not None and len(pbf.codes) and "paddy_share" in values
                and not matches_codes(pbf.codes, CULTIVATED_CODES).any()):
            found.append((which, "cultivated", CULTIVATED_CODES, ["paddy_share"]))
    return found


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
    return float(_net(area_m2, net)[mask].sum())


def class_area_m2(codes, area_m2, prefixes, net=None):
    """Area of the parcels whose class matches ``prefixes`` (e.g. forest 03xx)."""
    return float(_net(area_m2, net)[matches_codes(codes, prefixes)].sum())


def paddy_irrigated_share(paddy_m2, cultivated_m2):
    """水田水浇地占耕地面积比例 (%): (0101 + 0102) / (0101 + 0102 + 0103)."""
    return percent(paddy_m2, cultivated_m2)


def forest_cover(forest_m2, county_m2):
    """森林覆盖率 (%): forest area / county area."""
    return percent(forest_m2, county_m2)


def high_standard_share(inside_hsf_m2, area_m2, net=None):
    """高标准农田占永久基本农田比例 (%): Σ area inside high-standard farmland / Σ PBF area (both net if asked)."""
    return percent(_net(inside_hsf_m2, net).sum(), _net(area_m2, net).sum())


def steep_area_m2(steep_m2, net=None):
    """Area of cultivated land on slope grades 4–5 (``steep_m2`` per feature), net if asked."""
    return float(_net(steep_m2, net).sum())


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


def _net(values, net):
    values = np.asarray(values, dtype=float)
    return values if net is None else values * np.asarray(net, dtype=float)


# --- geometry helpers ------------------------------------------------------------------------------------


def planar_area(geoms):
    return np.nan_to_num(shapely.area(np.asarray(geoms, dtype=object)))


def planar_length(geoms):
    return np.nan_to_num(shapely.length(np.asarray(geoms, dtype=object)))


def memoized(measure):
    """``measure`` remembering its result per geometry array, so one array is never measured twice.

    Ellipsoidal measurement goes feature by feature through QGIS; a county's parcels are read several
    times (patches, shares, rows), and measuring them once saves seconds. The cache holds the arrays it
    was given, so an id is never reused while the cache lives.
    """
    cache = {}

    def cached(geoms):
        if isinstance(geoms, np.ndarray):
            hit = cache.get(id(geoms))
            if hit is not None and hit[0] is geoms:
                return hit[1]
            result = np.asarray(measure(geoms), dtype=float)
            cache[id(geoms)] = (geoms, result)
            return result
        return np.asarray(measure(geoms), dtype=float)

    return cached


def _present(geoms):
    geoms = np.asarray(geoms, dtype=object)
    return ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))


def overlay_pieces(a_geoms, b_geoms, measure=planar_area):
    """Area of every intersection a[i] ∩ b[j] with interiors meeting: arrays (i, j, m²).

    Used to give each farmland feature the attributes of the land-use parcels under it, weighted by area.
    """
    left, right = conflicts.interior_pairs(a_geoms, b_geoms)
    if not len(left):
        return left, right, np.zeros(0)
    a_geoms = np.asarray(a_geoms, dtype=object)
    b_geoms = np.asarray(b_geoms, dtype=object)
    pieces = np.empty(len(left), dtype=object)
    whole = shapely.covers(b_geoms[right], a_geoms[left])  # a parcel lying in one land-use parcel
    pieces[whole] = a_geoms[left[whole]]
    cut = np.flatnonzero(~whole)
    if len(cut):
        pieces[cut] = robust_binary(shapely.intersection, a_geoms[left[cut]], b_geoms[right[cut]])
        collections = cut[shapely.get_type_id(pieces[cut]) == 7]
        pieces[collections] = [polygonal_part(g) for g in pieces[collections]]
    return left, right, np.asarray(measure(pieces), dtype=float)


def _overlapping(found):
    """Positions of the features of a line overlapping another of its features (from ``find_fragments``)."""
    if found.overlapping is None:
        return np.empty(0, dtype=np.int64)
    return np.asarray(found.overlapping, dtype=np.int64)


def _robust_one(function, a, b):
    """``function(a, b)`` on two single geometries, retried on snapped copies if GEOS fails (robust_binary)."""
    return robust_binary(function, np.array([a], dtype=object), np.array([b], dtype=object))[0]


def union_of(geoms):
    """The union of the present geometries (None when there are none)."""
    geoms = np.asarray(geoms, dtype=object) if geoms is not None else np.empty(0, dtype=object)
    geoms = geoms[_present(geoms)] if len(geoms) else geoms
    if not len(geoms):
        return None
    return shapely.union_all(geoms)


def zone_parts(geoms, cells_across=ZONE_GRID_CELLS):
    """Non-overlapping small polygons covering ``geoms``, for ``fragments.area_inside``.

    The union of the zones is cut along a grid of ``cells_across`` × ``cells_across`` cells over its
    extent. A red line or a county is a few polygons with thousands of vertices; every predicate or
    overlay of a parcel against such a polygon walks all of them, while against a grid piece it walks a
    few dozen (on GEOS 3.11 this makes the land-use overlay of a county about ten times faster). The
    pieces tile the union exactly, so areas inside them add up to the same totals.
    """
    if geoms is None:
        return np.empty(0, dtype=object)
    parts = fragments.dissolve_zones(geoms)
    if not len(parts) or cells_across <= 1:
        return parts
    x0, y0, x1, y1 = shapely.total_bounds(parts)
    size = max(x1 - x0, y1 - y0) / cells_across
    if not size > 0:
        return parts
    xs = np.arange(x0, x1, size)
    ys = np.arange(y0, y1, size)
    gx, gy = np.meshgrid(xs, ys)
    cells = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + size, gy.ravel() + size)
    part, cell = shapely.STRtree(cells).query(parts, predicate="intersects")
    inside = shapely.contains_properly(cells[cell], parts[part])  # a small zone within one cell stays whole
    pieces = np.where(inside, parts[part], None)
    cut = np.flatnonzero(~inside)
    pieces[cut] = robust_binary(shapely.intersection, parts[part[cut]], cells[cell[cut]])
    pieces, _ = conflicts.polygon_parts(pieces)
    return pieces


def swapped_regions(before, after):
    """(swapped out, swapped in): ground of the line before and not after, and after and not before.

    Only features that changed are overlaid: a feature present with exactly the same geometry in both
    states cannot contribute, so a county-wide line costs no more than the few parcels that moved.
    Returns two geometries (possibly empty).
    """
    return swapped_regions_of_wkb(state_wkb(before), state_wkb(after))


def state_wkb(geoms):
    """The 2-D WKB of each present geometry of one state of a line, for ``swapped_regions_of_wkb``."""
    geoms = np.asarray(geoms, dtype=object)
    geoms = geoms[_present(geoms)] if len(geoms) else geoms
    return shapely.to_wkb(geoms, output_dimension=2).tolist() if len(geoms) else []


def swapped_regions_of_wkb(wkb_before, wkb_after):
    """``swapped_regions`` of two states given by ``state_wkb``.

    Every geometry it works on is built here from the WKB, so it may run in a thread of its own while
    the states' geometry objects are used elsewhere (see ``parallel``).
    """
    key_before, key_after = set(wkb_before), set(wkb_after)

    def geometries(keys):
        if not keys:
            return np.empty(0, dtype=object)
        return np.asarray(shapely.from_wkb(np.array(keys, dtype=object)), dtype=object)

    changed_before = geometries([k for k in wkb_before if k not in key_after])
    changed_after = geometries([k for k in wkb_after if k not in key_before])

    def _lost(changed, other_wkb):
        if not len(changed):
            return shapely.Polygon()
        region = shapely.union_all(changed)
        if not other_wkb:
            return region
        other = geometries(other_wkb)
        # Asked parcel by parcel, not with their union: the union's box spans the county, and every
        # feature in it would be tested against the whole union. Same features either way.
        _, hit = shapely.STRtree(other).query(changed, predicate="intersects")
        near = other[np.unique(hit)]
        return _robust_one(shapely.difference, region, shapely.union_all(near)) if len(near) else region

    return _lost(changed_before, wkb_after), _lost(changed_after, wkb_before)


# --- the assessment --------------------------------------------------------------------------------------


@dataclass
class LandUse:
    """Land-survey parcels (地类图斑): geometries, class codes, slope grades (or None), net factors (or None).

    ``slope_unreadable``: positions whose slope value is no grade 1–5 (``read_slope_grades``), or None.
    The parcels should form a coverage; where they overlap, their common ground counts once, for the
    first parcel (``own_ground``), and ``assess`` names them in its facts (``landuse_overlaps``).
    """

    geoms: np.ndarray
    codes: np.ndarray
    slope: np.ndarray = None
    net: np.ndarray = None
    slope_unreadable: np.ndarray = None
    _ground: object = field(default=None, init=False, repr=False, compare=False)

    def find_own_ground(self):
        """Start finding ``own_ground`` on the other core (a county's parcels take seconds); returns self.

        From then on nothing may touch ``geoms`` until ``own_ground`` has returned (see ``parallel``).
        """
        if self._ground is None:
            self._ground = parallel.Background(conflicts.first_cover_parts, self.geoms)
        return self

    def own_ground(self):
        """(parcels cut to the ground no earlier parcel covers, (earlier, later) overlapping pairs)."""
        return self.find_own_ground()._ground.result()


@dataclass
class Farmland:
    """One state of the permanent basic farmland, with whatever attributes its own fields give (or None).

    ``slope_unreadable``: positions whose slope value is no grade 1–5 (``read_slope_grades``), or None.
    """

    geoms: np.ndarray
    codes: np.ndarray = None
    slope: np.ndarray = None
    net: np.ndarray = None
    slope_unreadable: np.ndarray = None


@dataclass
class Lines:
    """One state of the three lines; a line not given is None."""

    pbf: Farmland = None
    epr: np.ndarray = None
    udb: np.ndarray = None

    def given(self):
        return {name for name, value in (("PBF", self.pbf), ("EPR", self.epr), ("UDB", self.udb)) if value is not None}

    def get(self, name):
        value = {"PBF": self.pbf, "EPR": self.epr, "UDB": self.udb}[name]
        return value.geoms if isinstance(value, Farmland) else value


@dataclass
class Context:
    """Everything besides the lines: layers that do not change with maintenance, and the settings."""

    landuse: LandUse = None
    hsf: np.ndarray = None
    hilly: np.ndarray = None
    county: np.ndarray = None
    baseline: np.ndarray = None  # polygons of the baseline urban construction land
    baseline_m2: float = None  # or its area
    roads: np.ndarray = None
    parks: np.ndarray = None
    central: np.ndarray = None
    measure: object = planar_area
    measure_length: object = planar_length
    merge_distance: float = 0.0
    deduct_kcxs: bool = False
    eco_codes: tuple = parse_codes(DEFAULT_ECO_CODES)
    walk_distance: float = DEFAULT_WALK_DISTANCE_M
    min_conflict_m2: float = conflicts.DEFAULT_MIN_AREA_M2


@dataclass
class Assessment:
    """What ``assess`` found: row values per state, the overlaps, and facts worth a warning or a line in the report."""

    before: dict
    after: dict = None
    overlaps_before: dict = field(default_factory=dict)
    overlaps_after: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)


class _Assessor:
    """Computes the rows group by group, remembering what two states share (holes, patches, land-use sums)."""

    def __init__(self, ctx, progress=None):
        self.ctx = ctx
        self.measure = memoized(ctx.measure)
        self.progress = progress or (lambda fraction: None)
        self.facts = {}
        self._memo = {}
        self._inside = {}
        # Work on the parcels in another thread (the red line's land, see assess), waited for before the
        # parcels are touched here.
        self.land_aside = None
        # The overlap check of a county's parcels needs none of the lines: it runs on the other core while
        # the lines are assessed. Until landuse_ground() has returned, nothing here touches the parcels.
        if ctx.landuse is not None:
            ctx.landuse.find_own_ground()

    def landuse_ground(self):
        """The land-use parcels cut to their own ground (overlapping ground counted once, for the first)."""
        if self.land_aside is not None:
            self.land_aside.result()  # the other thread is done with the parcels
        ground, pairs = self.ctx.landuse.own_ground()
        self.facts["landuse_overlaps"] = pairs
        return ground

    def _memo_by_array(self, name, geoms, compute):
        # Keyed by the array object, which the memo keeps alive so its id stays unique.
        key = (name, id(geoms))
        hit = self._memo.get(key)
        if hit is None or hit[0] is not geoms:
            hit = (geoms, compute())
            self._memo[key] = hit
        return hit[1]

    # Land use: the same in both states.
    def land_use(self):
        ctx = self.ctx
        out = {}
        if ctx.landuse is None:
            return out
        lu = ctx.landuse
        ground = self.landuse_ground()
        area = self.measure(ground)
        net = lu.net if ctx.deduct_kcxs else None
        out["cultivated_land"] = units.convert(cultivated_area_m2(lu.codes, area, net), "m2", "wan_mu")
        forest = matches_codes(lu.codes, FOREST_CODES)
        if ctx.county is not None:
            county = zone_parts(ctx.county)
            county_m2 = float(self.measure(county).sum())
            forest_m2 = float(fragments.area_inside(ground[forest], county, self.measure).sum())
            out["forest_cover"] = forest_cover(forest_m2, county_m2)
            self.facts["county_m2"] = county_m2
        else:
            forest_m2 = float(area[forest].sum())
        out["forest_land"] = units.convert(forest_m2, "m2", "wan_mu")
        return out

    # Permanent basic farmland.
    def farmland(self, pbf):
        ctx = self.ctx
        geoms = pbf.geoms
        # Patches, their terrain and fragments exactly as the fragment tool (碎图斑处理) finds them.
        found = fragments.find_fragments(
            geoms,
            units.mu_to_m2(PLAIN_FRAGMENT_MU),
            merge_distance=ctx.merge_distance,
            hilly_zones=ctx.hilly,
            min_area_hilly_m2=units.mu_to_m2(HILLY_FRAGMENT_MU),
            measure=self.measure,
        )
        self.progress(0.5)
        # Rows read from the features' attributes are measured on each feature's own ground, so land
        # where features overlap counts once; on a clean line ``own`` is ``geoms`` itself.
        own = self.own_ground(geoms, found.overlapping)
        area = self.measure(own)
        attrs = self._farmland_attributes(pbf, own, area)
        net = attrs["net"] if ctx.deduct_kcxs else None
        total_m2 = float(_net(area, net).sum()) if ctx.deduct_kcxs else float(found.patch_area_m2.sum())
        out = {
            "pbf_area": units.convert(total_m2, "m2", "wan_mu"),
            "paddy_share": None,
            "steep_area": None,
            "contiguity": contiguity_mu(total_m2, found.n_patches),
            "pbf_fragments": fragment_count(found.patch_area_m2, found.patch_is_hilly),
        }
        if attrs["paddy"] is not None:
            paddy, cultivated = _net(attrs["paddy"], net).sum(), _net(attrs["cultivated"], net).sum()
            out["paddy_share"] = paddy_irrigated_share(paddy, cultivated)
        if attrs["steep"] is not None:
            out["steep_area"] = float(units.m2_to_mu(steep_area_m2(attrs["steep"], net)))
        if ctx.hsf is not None:
            inside = self._area_inside_remembered("hsf", own, self._zones("hsf", ctx.hsf))
            out["hsf_share"] = high_standard_share(inside, area, net)
        facts = {
            "patches": found.n_patches,
            "hilly_patches": int(found.patch_is_hilly.sum()),
            "overlapping_patches": found.unioned_patches,
            "overlapping": _overlapping(found),
            "sources": attrs["sources"],
            "slope_unreadable": attrs["slope_unreadable"],
        }
        return out, facts

    def own_ground(self, geoms, overlapping):
        """``geoms`` with overlapping ground left to the first feature covering it (see the module doc)."""
        if not len(overlapping):
            return geoms
        return self._memo_by_array(
            "own_ground", geoms, lambda: conflicts.first_cover_parts(geoms, overlapping)[0]
        )

    def _farmland_attributes(self, pbf, geoms, area):
        """Per PBF feature: paddy, cultivated and steep m² (gross) and the net factor, with their sources.

        ``geoms``, ``area``: each feature's own ground (``own_ground``) and its area. Also returns, under
        ``slope_unreadable``, the positions of the features (own field) or of the land-use parcels under
        the farmland (land-use field) whose slope value is no grade: they are left out of the slope row.
        """
        ctx, lu = self.ctx, self.ctx.landuse
        sources = {}
        need_lu = (
            (pbf.codes is None and lu is not None)
            or (pbf.slope is None and lu is not None and lu.slope is not None)
            or (ctx.deduct_kcxs and pbf.net is None and lu is not None and lu.net is not None)
        )
        pieces = None
        if need_lu:
            pieces = self._memo_by_array(
                "pbf_landuse", geoms, lambda: overlay_pieces(geoms, self.landuse_ground(), self.measure)
            )
        n = len(geoms)
        unreadable = np.empty(0, dtype=np.int64)

        def per_feature(weights):
            i, _, a = pieces
            return np.bincount(i, weights=a * weights, minlength=n)

        paddy = cultivated = steep = None
        if pbf.codes is not None:
            paddy = np.where(matches_codes(pbf.codes, PADDY_IRRIGATED_CODES), area, 0.0)
            cultivated = np.where(matches_codes(pbf.codes, CULTIVATED_CODES), area, 0.0)
            sources["codes"] = "own"
        elif lu is not None:
            _, j, _ = pieces
            paddy = per_feature(matches_codes(lu.codes[j], PADDY_IRRIGATED_CODES).astype(float))
            cultivated = per_feature(matches_codes(lu.codes[j], CULTIVATED_CODES).astype(float))
            sources["codes"] = "landuse"
        if pbf.slope is not None:
            steep = np.where(np.asarray(pbf.slope) >= STEEP_MIN_GRADE, area, 0.0)
            sources["slope"] = "own"
            if pbf.slope_unreadable is not None:
                unreadable = np.asarray(pbf.slope_unreadable, dtype=np.int64)
        elif lu is not None and lu.slope is not None:
            _, j, a = pieces
            steep = per_feature((np.asarray(lu.slope)[j] >= STEEP_MIN_GRADE).astype(float))
            sources["slope"] = "landuse"
            if lu.slope_unreadable is not None and len(lu.slope_unreadable):
                # Only the parcels that lie under the farmland (with some area) feed the row.
                under = np.unique(j[a > 0])
                unreadable = np.intersect1d(under, np.asarray(lu.slope_unreadable, dtype=np.int64))
        net = np.ones(n)
        if ctx.deduct_kcxs:
            if pbf.net is not None:
                net = np.asarray(pbf.net, dtype=float)
                sources["net"] = "own"
            elif lu is not None and lu.net is not None:
                i, j, a = pieces
                covered = np.bincount(i, weights=a, minlength=n)
                weighted = np.bincount(i, weights=a * lu.net[j], minlength=n)
                # A feature with no land-use parcel under it keeps its full area.
                net = np.where(covered > 0, weighted / np.where(covered > 0, covered, 1.0), 1.0)
                sources["net"] = "landuse"
        return {"paddy": paddy, "cultivated": cultivated, "steep": steep, "net": net, "sources": sources,
                "slope_unreadable": unreadable}

    def _area_inside_remembered(self, name, geoms, zones):
        """``fragments.area_inside(geoms, zones)``, the area of each geometry remembered by its WKB.

        The after state of a line keeps most features of the before state as they were: their areas inside
        the same zones are taken from the first computation and only the other features are overlaid.
        area_inside computes each feature on its own (the same pieces, summed in the same order), so the
        result is bit for bit the one of a full computation.
        """
        held = self._inside.get(name)
        if held is None or held[0] is not zones:
            held = self._inside[name] = (zones, {})
        known = held[1]
        geoms = np.asarray(geoms, dtype=object)
        keys = shapely.to_wkb(geoms).tolist() if len(geoms) else []
        new = np.array([key is not None and key not in known for key in keys], dtype=bool)
        out = np.zeros(len(geoms))
        todo = np.flatnonzero(new)
        if len(todo):
            out[todo] = fragments.area_inside(geoms[todo], zones, self.measure)
            known.update(zip((keys[k] for k in todo.tolist()), out[todo].tolist()))
        for k in np.flatnonzero(~new).tolist():
            if keys[k] is not None:
                out[k] = known[keys[k]]
        return out

    def _zones(self, name, geoms):
        return self._memo_by_array("zones_" + name, geoms, lambda: zone_parts(geoms))

    def holes(self, name, geoms):
        """The holes of a line (``holes.Holes``), the measured area of each ring and of each hole region.

        A hole's size is its ring's area, islands included, as the hole-filling tool compares it; areas
        add up over the hole regions, so nested holes never count twice.
        """
        def compute():
            found = holes.find_holes(geoms)
            if not len(found):
                return found, np.zeros(0), np.zeros(0)
            return found, self.measure(found.rings), self.measure(found.holes)

        return self._memo_by_array("holes_" + name, geoms, compute)

    def farmland_in_holes(self, name, line_geoms, pbf_geoms):
        """Area (m²) of permanent basic farmland inside each hole region of the line."""
        found, _, _ = self.holes(name, line_geoms)
        if not len(found):
            return np.zeros(0)
        covered = holes.blocked_geometry(found, pbf_geoms)
        out = np.zeros(len(covered))
        present = ~shapely.is_missing(covered)
        if present.any():
            out[present] = self.measure(covered[present])
        return out

    # Ecological protection red line.
    def red_line(self, epr):
        ctx = self.ctx
        found = fragments.find_fragments(
            epr, units.convert(EPR_SMALL_PATCH_KM2, "km2", "m2"), merge_distance=ctx.merge_distance,
            measure=self.measure,
        )
        out = {
            "epr_area": units.convert(float(found.patch_area_m2.sum()), "m2", "km2"),
            "epr_small_patches": int(found.patch_is_fragment.sum()),
        }
        epr_holes, ring_m2, hole_m2 = self.holes("epr", epr)
        small = ring_m2 < units.mu_to_m2(SMALL_HOLE_MU)
        out["epr_holes"] = len(epr_holes)
        out["epr_small_holes"] = int(small.sum())
        out["epr_small_holes_area"] = units.convert(float(hole_m2[small].sum()), "m2", "ha")
        facts = {"patches": found.n_patches, "overlapping_patches": found.unioned_patches,
                 "overlapping": _overlapping(found)}
        return out, facts

    def red_line_classes(self):
        """Land-use parcels of the red line's rows: (ecological-function, cultivated, positions of either)."""
        codes = self.ctx.landuse.codes
        eco = matches_codes(codes, self.ctx.eco_codes)
        cultivated = matches_codes(codes, CULTIVATED_CODES)
        return eco, cultivated, np.flatnonzero(eco | cultivated)  # one overlay for both rows

    def red_line_land(self, found):
        """The red line's rows of land-use parcels: ecological-function and cultivated land inside it.

        ``found``: ``red_line_pieces`` of one state of the red line.
        """
        ctx, lu = self.ctx, self.ctx.landuse
        ground = self.landuse_ground()
        eco, cultivated, wanted = self.red_line_classes()
        inside = np.zeros(len(ground))
        inside[wanted] = fragments.area_of_pieces(len(wanted), found, self.measure)
        net = lu.net if ctx.deduct_kcxs and lu.net is not None else None
        return {
            "epr_eco_land": units.convert(float(inside[eco].sum()), "m2", "km2"),
            "epr_cultivated": units.convert(float(_net(inside, net)[cultivated].sum()), "m2", "km2"),
        }

    # Urban development boundary.
    def urban(self, udb):
        ctx = self.ctx
        found = fragments.find_fragments(
            udb, units.mu_to_m2(UDB_FRAGMENT_MU), merge_distance=ctx.merge_distance, measure=self.measure
        )
        udb_m2 = float(found.patch_area_m2.sum())
        out = {
            "udb_area": units.convert(udb_m2, "m2", "ha"),
            "udb_fragments": int(found.patch_is_fragment.sum()),
        }
        baseline_m2 = self.baseline_m2()
        if baseline_m2 is not None:
            out["udb_expansion"] = expansion_factor(udb_m2, baseline_m2)
        udb_holes, _, _ = self.holes("udb", udb)
        out["udb_holes"] = len(udb_holes)
        facts = {"patches": found.n_patches, "overlapping_patches": found.unioned_patches,
                 "overlapping": _overlapping(found)}
        return out, facts

    def central_area(self, udb):
        """Road density and walk coverage inside the central urban area (∩ the boundary when given)."""
        ctx = self.ctx
        out = {}
        region = self._central_region(udb)
        region_m2 = float(self.measure(np.array([region], dtype=object))[0]) if region is not None else 0.0
        if ctx.roads is not None:
            out["road_density"] = road_density(self._length_inside(ctx.roads, region), region_m2)
        if ctx.parks is not None:
            out["park_coverage"] = walk_coverage(self._walk_covered_m2(region), region_m2)
        return out

    def baseline_m2(self):
        ctx = self.ctx
        if ctx.baseline_m2 is not None:
            return ctx.baseline_m2
        if ctx.baseline is None:
            return None

        def compute():
            base = union_of(ctx.baseline)
            if base is not None and ctx.county is not None:
                county = union_of(ctx.county)
                base = _robust_one(shapely.intersection, base, county) if county is not None else base
            return 0.0 if base is None else float(self.measure(np.array([base], dtype=object))[0])

        value = self._memo_by_array("baseline", ctx.baseline, compute)
        self.facts["baseline_m2"] = value
        return value

    def _central_region(self, udb):
        central = union_of(self.ctx.central)
        if central is None:
            return None
        if udb is None:
            return central
        boundary = union_of(udb)
        return _robust_one(shapely.intersection, central, boundary) if boundary is not None else None

    def _length_inside(self, lines, region):
        if region is None or region.is_empty:
            return 0.0
        lines = np.asarray(lines, dtype=object)
        lines = lines[_present(lines)]
        if not len(lines):
            return 0.0
        shapely.prepare(region)
        hit = shapely.intersects(region, lines)
        inside = shapely.covers(region, lines[hit])
        pieces = lines[hit].copy()
        cut = np.flatnonzero(~inside)
        if len(cut):
            pieces[cut] = robust_binary(shapely.intersection, pieces[cut], np.full(len(cut), region, dtype=object))
        return float(np.sum(self.ctx.measure_length(pieces)))

    def _walk_covered_m2(self, region):
        if region is None or region.is_empty:
            return 0.0
        parks = np.asarray(self.ctx.parks, dtype=object)
        parks = parks[_present(parks)]
        if not len(parks):
            return 0.0
        # 32 segments a quarter circle: the buffer's area is within 0.05 % of the true circle's
        # (the default 8 would lose 0.6 %, visible in a percentage printed to two decimals).
        reach = shapely.union_all(shapely.buffer(parks, self.ctx.walk_distance, quad_segs=WALK_QUAD_SEGMENTS))
        covered = _robust_one(shapely.intersection, region, reach)
        return float(self.measure(np.array([covered], dtype=object))[0])


def geometry_copies(geoms):
    """Copies of the geometries through WKB, position for position (None stays None, every coordinate bit
    kept), for work in another thread while the originals are used here (see ``parallel``)."""
    geoms = np.asarray(geoms, dtype=object)
    return np.asarray(shapely.from_wkb(shapely.to_wkb(geoms)), dtype=object) if len(geoms) else geoms.copy()


def red_line_pieces(ground, epr):
    """The land-use ground inside one state of the red line, not yet measured (``fragments.pieces_inside``)."""
    return fragments.pieces_inside(ground, zone_parts(epr))


def _overlaps_aside(line_pairs):
    """The overlap of each pair of lines (``conflicts.overlap_parts``), on copies of the lines
    (``geometry_copies``): computed in a thread of its own, it touches no geometry anyone else holds."""
    return [conflicts.overlap_parts(a, b) for a, b in line_pairs]


def _red_line_land_aside(landuse, wanted, red_lines):
    """The ground of the ``wanted`` land-use parcels inside each red line (copies; ``red_line_pieces``), once
    the land use has its own ground. Computed in a thread of its own: until it returns, nothing else
    touches the parcels (``_Assessor.landuse_ground`` waits for it)."""
    ground = landuse.own_ground()[0][wanted]
    return [red_line_pieces(ground, epr) for epr in red_lines]


def _line_pairs(lines_now, only):
    """The pairs of lines whose overlap a state reports: both given, and (``only``) one of them changed."""
    return [
        pair for pair in conflicts.PAIRS
        if lines_now[pair[0]] is not None and lines_now[pair[1]] is not None and (only is None or set(pair) & only)
    ]


def assess(before, after=None, ctx=None, progress=None):
    """All indicator rows for the ``before`` state and, when given, the ``after`` state (see the module doc).

    ``before``, ``after``: ``Lines``; a line missing from ``after`` is taken as unchanged. Only rows whose
    lines changed get an after value (``rows_with_after``); the land-use rows repeat their before value.
    ``progress``: optional callable(fraction done); it may raise to cancel.
    """
    ctx = ctx or Context()
    progress = progress or (lambda fraction: None)
    work = _Assessor(ctx)
    given = before.given()
    changed = after.given() if after is not None else set()
    steps = 1 + len(given) * 2 + 2
    done = [0]

    def step():
        done[0] += 1
        progress(min(done[0] / steps, 1.0))

    def lines_now(lines):
        """The three lines of a state, each as geometries (a line the state lacks as it was before)."""
        pbf = lines.pbf if lines.pbf is not None else before.pbf
        epr = lines.epr if lines.epr is not None else before.epr
        udb = lines.udb if lines.udb is not None else before.udb
        return {"PBF": None if pbf is None else pbf.geoms, "EPR": epr, "UDB": udb}

    # The overlaps between the lines and the land use inside the red line need none of the rows: they are
    # computed on the other core, on copies of the lines, while the rows are.
    states = [(before, "before", None)] + ([(after, "after", changed)] if changed else [])
    copies = {}

    def copy(geoms):
        if id(geoms) not in copies:
            copies[id(geoms)] = (geoms, geometry_copies(geoms))
        return copies[id(geoms)][1]

    pairs_of = {which: _line_pairs(lines_now(lines), only) for lines, which, only in states}
    line_pairs = [
        (copy(lines_now(lines)[a]), copy(lines_now(lines)[b])) for lines, which, _ in states for a, b in pairs_of[which]
    ]
    red_lines = []
    if ctx.landuse is not None:
        red_lines = [copy(lines_now(lines)["EPR"]) for lines, _, only in states
                     if "EPR" in (given if only is None else only)]
    overlaps_aside = parallel.Background(_overlaps_aside, line_pairs)
    if red_lines:
        work.land_aside = parallel.Background(_red_line_land_aside, ctx.landuse, work.red_line_classes()[2],
                                              red_lines)
    copies.clear()  # the originals it kept alive are no longer needed here
    # The rows of the land-use parcels come last, once their own ground is found.
    land_later = []

    def state(lines, which, only=None):
        """Row values of one state; ``only``: the lines whose groups to compute (None: all given)."""
        out, facts = {}, {}
        todo = given if only is None else only
        pbf = lines.pbf if lines.pbf is not None else before.pbf
        epr = lines.epr if lines.epr is not None else before.epr
        udb = lines.udb if lines.udb is not None else before.udb
        if "PBF" in todo:
            rows, facts["PBF"] = work.farmland(pbf)
            out.update(rows)
            step()
        if "EPR" in todo:
            rows, facts["EPR"] = work.red_line(epr)
            out.update(rows)
            if ctx.landuse is not None:
                land_later.append(out)
            step()
        if "UDB" in todo:
            rows, facts["UDB"] = work.urban(udb)
            out.update(rows)
            step()
        if ctx.central is not None and (ctx.roads is not None or ctx.parks is not None) and (
            only is None or "UDB" in todo
        ):
            out.update(work.central_area(udb))
        # Rows joining two lines: recomputed when either side changed.
        if pbf is not None and epr is not None and (only is None or {"PBF", "EPR"} & todo):
            out["epr_holes_pbf"] = units.convert(float(work.farmland_in_holes("epr", epr, pbf.geoms).sum()), "m2", "ha")
        if pbf is not None and udb is not None and (only is None or {"PBF", "UDB"} & todo):
            blocked = work.farmland_in_holes("udb", udb, pbf.geoms)
            out["udb_pbf_holes"] = holes_holding(blocked)
            out["udb_pbf_holes_area"] = units.convert(float(blocked[blocked > HOLE_HOLDS_MIN_M2].sum()), "m2", "ha")
        step()
        work.facts[which] = facts
        return out

    values_of = {which: state(lines, which, only) for lines, which, only in states}
    overlaps_of = {which: {} for _, which, _ in states}
    found_overlaps = iter(overlaps_aside.result())
    for _, which, _ in states:
        for pair in pairs_of[which]:
            found = conflicts.measured_overlap(pair, next(found_overlaps), work.measure, ctx.min_conflict_m2)
            overlaps_of[which][pair] = found
            values_of[which][OVERLAP_KEYS[pair]] = units.convert(found.total_m2, "m2", "ha")
    landuse = work.land_use()
    for out, found in zip(land_later, work.land_aside.result() if red_lines else []):
        out.update(work.red_line_land(found))
    step()
    before_values, overlaps_before = values_of["before"], overlaps_of["before"]
    if changed:
        after_values, overlaps_after = values_of["after"], overlaps_of["after"]
    values = {**landuse, **before_values}
    result = Assessment(before=values, overlaps_before=overlaps_before)
    if changed:
        with_after = rows_with_after(changed)
        for key in landuse:
            if key in with_after:
                after_values[key] = landuse[key]
        result.after = {k: v for k, v in after_values.items() if k in with_after and k in values}
        result.overlaps_after = overlaps_after
        blank_rows_of_empty(result.after, empty_inputs(after, ctx, before))
    blank_rows_of_empty(result.before, empty_inputs(before, ctx))
    work.facts["unmatched"] = unmatched_classes(result.before, ctx, before, after if changed else None)
    step()
    result.facts = work.facts
    return result
