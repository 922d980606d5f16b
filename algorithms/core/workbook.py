"""The deliverable workbook laid out like the seed's tables 5-1 … 5-4: which row goes to which sheet, the title and
header rows, the merged 控制线 and 优化导向 cells, the units in the indicator names and the number formats.

Pure: plain Python, no qgis and no spreadsheet library; ``workbook_io`` writes the ``Sheet`` values this module
plans (as .xlsx, or as CSV where openpyxl is missing).

Rows are sorted into sheets by their code (the indicator table's last column): the codes of ``indicator_rows.ROWS``
carry their line, and the rows added around them are told by their prefix (quota_ and swap_ are the farmland's,
epr_ the red line's, udb_ the boundary's, overlap_ the three lines'). The code is the same in every language, so a
Chinese and an English table split alike; a row without a known code falls back to its 控制线 cell. The area basis
row (area_basis) is a note under every indicator sheet, since every area of each table is measured on it.
"""
from dataclasses import dataclass, field

from .indicator_rows import LINE_TITLES, ROW_BY_KEY, UNIT_DISPLAY

# The seed's sheets: (line, sheet name, title after the number and the county). The deliverable is Chinese
# whatever the table's language, as the seed is; the titles and headers are therefore fixed text, not translated.
INDICATOR_SHEETS = (
    ("PBF", "表5-1", "表 5-1 {}永久基本农田优化成效指标表"),
    ("EPR", "表5-2", "表 5-2 {}生态保护红线优化成效指标表"),
    ("UDB", "表5-3", "表 5-3 {}城镇开发边界优化成效指标表"),
    ("ALL", "三线冲突", "{}三条控制线冲突指标表"),
)
PROJECT_SHEET = ("表5-4", "表 5-4 {}拟计划实施的重点建设项目")
INDICATOR_HEADER = ("控制线", "优化导向", "具体指标", "调整前", "调整后", "变化")
# Table 5-4: (header, column of planmaint:projectlist's output).
PROJECT_COLUMNS = (
    ("序号", "XH"), ("项目类型", "XMLX"), ("项目名称", "XMMC"), ("建设性质", "JSXZ"), ("建设年限", "JSNX"),
    ("用地规模（公顷）", "YDGM_HA"), ("新增建设用地（公顷）", "XZJSYD_HA"), ("所在地区", "SZDQ"), ("纳入依据", "NRYJ"),
)
PREFIX_LINES = (("quota_", "PBF"), ("swap_", "PBF"), ("pbf_", "PBF"), ("epr_", "EPR"), ("udb_", "UDB"),
                ("overlap_", "ALL"))
BASIS_KEY = "area_basis"
OTHER_SHEET = ("其他", "{}其他指标")
NO_VALUE = "-"  # the seed's cell for a figure that cannot be given

# The seed's rounding, as number formats (the cells keep the unrounded values): 万亩 and km² to 4 decimals, % and
# ha to 2 (the brief of issue 22), counts whole; the other units with the decimals the report prints them with.
FOUR, TWO, WHOLE = "0.0000", "0.00", "0"
UNIT_FORMATS = {"wan_mu": FOUR, "km2": FOUR, "percent": TWO, "ha": TWO, "count": WHOLE}
# Table 5-4's hectares: the seed writes them to 4 decimals (0.9631, 29.5751).
PROJECT_HA_FORMAT = FOUR
MAX_WIDTH = 60  # characters; longer cells wrap
DEFAULT_WIDTH = 8


@dataclass
class IndicatorRow:
    """One row of the indicator table as read: its four text cells, three numbers (None: NULL) and code."""

    line: str
    goal: str
    indicator: str
    unit: str
    before: object = None
    after: object = None
    change: object = None
    code: str = ""


@dataclass
class Sheet:
    """One sheet as laid out: ``rows`` are the cells below the title (header first), ``formats`` a number format
    (or None) per cell of ``rows``, ``merges`` (column, first row, last row) in ``rows``' indexes, ``widths`` one
    per column (characters), ``notes`` lines under the table."""

    name: str
    title: str
    rows: list = field(default_factory=list)
    formats: list = field(default_factory=list)
    merges: list = field(default_factory=list)
    widths: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def _unit_key(unit):
    """The ``UNIT_DISPLAY`` key of a unit as written in either language; None when unknown."""
    for key, (english, chinese, _) in UNIT_DISPLAY.items():
        if unit in (english, chinese):
            return key
    return None


def number_format(unit):
    """The number format of a row's figures from its unit cell (either language); None for Excel's General."""
    key = _unit_key(unit)
    if key is None:
        return None
    decimals = UNIT_DISPLAY[key][2]
    return UNIT_FORMATS.get(key, "0." + "0" * decimals if decimals else WHOLE)


def with_unit(indicator, unit):
    """The indicator's name with its unit, as the seed writes it: 城镇开发边界总面积（公顷）; in English
    "… (ha)". A row without a unit, or whose name already ends with it, keeps its name."""
    text, unit = str(indicator or ""), str(unit or "").strip()
    if not unit or text.endswith((f"（{unit}）", f"({unit})")):
        return text
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    return f"{text}（{unit}）" if chinese else f"{text} ({unit})"


def line_of(row):
    """PBF, EPR, UDB or ALL: the table of ``row``, from its code, else its 控制线 cell; None when neither says."""
    known = ROW_BY_KEY.get(row.code)
    if known is not None:
        return known.line
    for prefix, line in PREFIX_LINES:
        if row.code.startswith(prefix):
            return line
    for line, names in LINE_TITLES.items():
        if row.line in names:
            return line
    return None


def figure(value):
    """A figure's cell: the number unrounded, "-" where the table has none."""
    return NO_VALUE if value is None else value


def runs(values):
    """(first, last) index of every run of two or more equal, non-empty consecutive ``values``."""
    out, start = [], 0
    for k in range(1, len(values) + 1):
        if k == len(values) or values[k] != values[start]:
            if k - start > 1 and values[start] not in (None, ""):
                out.append((start, k - 1))
            start = k
    return out


def text_width(value):
    """Display width of a cell in characters: a Chinese character counts two."""
    text = value if isinstance(value, str) else (f"{value:.4f}" if isinstance(value, float) else str(value))
    return sum(2 if ord(ch) > 0x2e80 else 1 for ch in text)


def column_widths(rows):
    """A readable width per column: its longest cell, within [DEFAULT_WIDTH, MAX_WIDTH]."""
    count = max(len(r) for r in rows)
    widths = []
    for c in range(count):
        longest = max((text_width(r[c]) for r in rows if c < len(r) and r[c] not in (None, "")), default=0)
        widths.append(min(MAX_WIDTH, max(DEFAULT_WIDTH, longest + 2)))
    return widths


def indicator_sheet(name, title, rows, notes):
    """The ``Sheet`` of indicator ``rows`` (in table order): header, one line per row, merged 控制线 cells over
    each run of one line and 优化导向 cells over each run of one goal within it."""
    cells = [list(INDICATOR_HEADER)]
    formats = [[None] * len(INDICATOR_HEADER)]
    for row in rows:
        cells.append([row.line, row.goal, with_unit(row.indicator, row.unit),
                      figure(row.before), figure(row.after), figure(row.change)])
        fmt = number_format(row.unit)
        formats.append([None, None, None] + [None if v is None else fmt for v in (row.before, row.after, row.change)])
    merges = [(0, 1 + a, 1 + b) for a, b in runs([r.line for r in rows])]
    goals = [(r.line, r.goal) for r in rows]
    merges += [(1, 1 + a, 1 + b) for a, b in runs(goals) if goals[a][1]]
    return Sheet(name, title, cells, formats, merges, column_widths(cells), list(notes))


def project_sheet(projects, county=""):
    """The ``Sheet`` of table 5-4 from the rows of planmaint:projectlist (dicts by column), in the order of 序号."""
    name, title = PROJECT_SHEET
    cells = [[header for header, _ in PROJECT_COLUMNS]]
    formats = [[None] * len(PROJECT_COLUMNS)]
    hectares = {"YDGM_HA", "XZJSYD_HA"}
    ordered = sorted(projects, key=lambda p: (p.get("XH") is None, p.get("XH") or 0))
    for project in ordered:
        cells.append([project.get(column) for _, column in PROJECT_COLUMNS])
        formats.append([PROJECT_HA_FORMAT if column in hectares and project.get(column) is not None
                        else WHOLE if column == "XH" else None for _, column in PROJECT_COLUMNS])
    return Sheet(name, title.format(county), cells, formats, [], column_widths(cells), [])


def plan(rows, projects=None, county=""):
    """The sheets of the workbook: tables 5-1, 5-2, 5-3 with the rows of their line, then 表5-4 when ``projects``
    (a list of dicts, possibly empty) is given, then the three lines' overlaps when the table has such rows, and
    the rows of no known table last. ``county``: the county's name in the titles (may be empty)."""
    grouped = {}
    basis = [r for r in rows if r.code == BASIS_KEY]
    notes = [f"注：{r.line}：{r.goal}，{r.indicator}" for r in basis]
    for row in rows:
        if row.code != BASIS_KEY:
            grouped.setdefault(line_of(row), []).append(row)
    sheets = []
    for line, name, title in INDICATOR_SHEETS[:3]:
        sheets.append(indicator_sheet(name, title.format(county), grouped.get(line, []), notes))
    if projects is not None:
        sheets.append(project_sheet(projects, county))
    line, name, title = INDICATOR_SHEETS[3]
    if grouped.get(line):
        sheets.append(indicator_sheet(name, title.format(county), grouped[line], notes))
    if grouped.get(None):
        name, title = OTHER_SHEET
        sheets.append(indicator_sheet(name, title.format(county), grouped[None], notes))
    return sheets
