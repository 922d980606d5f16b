"""The outputs of planmaint:indicators: the table's fields and cells, the table in the log, and the HTML
report (the scheme's tables, conflicts, parameters and before/after maps).

The report is one self-contained HTML file: the map thumbnails are PNG images rendered with QGIS's own map
renderer (QgsMapSettings + QgsMapRendererParallelJob) and embedded as base64, so it can be mailed or
archived with the scheme without a folder of images beside it.
"""
import base64
import datetime
import html
from dataclasses import dataclass, field

import numpy as np
import shapely
from qgis.core import (
    QgsFields,
    QgsFillSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProcessingException,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QSize, QVariant
from qgis.PyQt.QtGui import QColor

from . import bridge
from .compat import new_field
from .core import (
    conflicts,
    geometry,
    indicator_conflicts,
    indicator_eco,
    indicator_swaps,
    indicator_udb,
    indicator_udb_zones,
    indicators,
    parallel,
    swap_categories,
    units,
)
from .i18n import tr
from .indicator_data import Settings

THUMBNAIL_WIDTH = 440
THUMBNAIL_PARTS_PER_FEATURE = 500
# Colours of the planning-map styles of resources/styles (pbf, epr, udb, swapped_in, swapped_out).
LINE_STYLE = {
    "PBF": {"color": "255,230,0,255", "outline_style": "no"},
    "EPR": {"color": "56,168,0,150", "outline_style": "no"},
    "UDB": {"color": "160,32,240,110", "outline_color": "160,32,240,255", "outline_width": "0.2"},
}
COUNTY_STYLE = {"color": "0,0,0,0", "outline_color": "90,90,90,255", "outline_width": "0.3"}
# Changes are drawn with a thick outline so that a single parcel still shows at county scale.
OUT_STYLE = {"color": "230,0,0,200", "outline_color": "230,0,0,255", "outline_width": "0.5"}
IN_STYLE = {"color": "0,92,230,200", "outline_color": "0,92,230,255", "outline_width": "0.5"}
TABLE_NUMBERS = {"PBF": "5-1", "EPR": "5-2", "UDB": "5-3"}
# The indicator table's last column: each row's key (``indicators.TableRow.key``, e.g. pbf_area), the same in every
# language and county, for joining tables. Last, so the seed's seven columns keep their places for readers that
# take them by position; ASCII, so every format keeps its name.
CODE_COLUMN = "code"
CODE_WIDTH = 64

CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin: 8px 0 16px 0; font-size: 13px; }
th, td { border: 1px solid #555; padding: 4px 8px; }
th { background: #e8e8e8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.line, td.goal { text-align: center; }
.caption { font-weight: bold; text-align: center; margin-top: 14px; }
.maps { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; } figcaption { font-size: 12px; text-align: center; max-width: 440px; }
img { border: 1px solid #aaa; }
.note { font-size: 12px; color: #555; }
.basis { font-weight: bold; }
.legend span { display: inline-block; width: 14px; height: 10px; margin: 0 4px 0 12px; border: 1px solid #555; }
"""


def line_title(name):
    """The name of a control line in the interface language (literal strings, so they can be translated)."""
    return {
        "PBF": tr("Permanent basic farmland"),
        "EPR": tr("Ecological protection red line"),
        "UDB": tr("Urban development boundary"),
    }[name]


def esc(text):
    return html.escape("" if text is None else str(text))


def heading(text, level=2):
    return f"<h{level}>{esc(text)}</h{level}>"


def paragraph(text, css_class="note"):
    return f'<p class="{css_class}">{esc(text)}</p>'


def header_row(cells):
    return "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in cells) + "</tr>"


def fmt(value, decimals, missing="—"):
    """``value`` printed with ``decimals``; ``missing`` when there is none."""
    if value is None:
        return missing
    if decimals == 0:
        return f"{int(round(value)):d}"
    return f"{value:.{decimals}f}"


def fmt_change(before, after, decimals, missing="—"):
    """The change as the scheme's tables show it: difference of the printed values."""
    if before is None or after is None:
        return missing
    return fmt(round(round(after, decimals) - round(before, decimals), decimals), decimals)


def missing_text(key):
    """How a row prints a value it does not have: "-" as the seed does for the rows of the planning layers
    (``indicator_udb_zones``) when their layer is not given, "—" otherwise."""
    return indicator_udb_zones.NO_VALUE if key in indicator_udb_zones.KEYS else "—"


@dataclass
class IndicatorRun:
    """One run of planmaint:indicators as the report shows it.

    ``result``: the core's ``Assessment``; ``before``, ``after``: the ``Lines`` assessed (``after`` with no
    line given when there is no after state); ``ctx``: their ``Context``; ``settings``: the run's
    ``indicator_data.Settings``; ``inputs``: (parameter, layer name, feature count) of every input given;
    ``notes``: the warnings about the input data; ``swapped``: {line name: callable giving its swapped
    regions} for the lines whose regions were computed elsewhere (see ``line_maps``); ``pieces``: the
    ``swap_categories.SwapPieces`` of every layer of swapped pieces given (the swaps by category); ``settling``:
    the ``indicator_conflicts.Settling`` of the overlaps after maintenance (None: no such section).
    """

    result: indicators.Assessment
    before: indicators.Lines
    after: indicators.Lines
    ctx: indicators.Context
    settings: Settings
    inputs: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    swapped: dict = field(default_factory=dict)
    pieces: list = field(default_factory=list)
    settling: indicator_conflicts.Settling = None
    # Sections made elsewhere from tables the run was given (the planning zones, the project list): HTML strings.
    more_sections: list = field(default_factory=list)


def table_fields(columns):
    """The fields of the indicator table: its four text ``columns``, three numbers, then the code (text)."""
    fields = QgsFields()
    for name in columns[:4]:
        fields.append(new_field(name, QVariant.String, "string", 254))
    for name in columns[4:7]:
        fields.append(new_field(name, QVariant.Double))
    fields.append(new_field(columns[7], QVariant.String, "string", CODE_WIDTH))
    return fields


def table_values(result, lang):
    """The attributes of the indicator table's features: the cells of ``indicators.table`` (the indicators,
    the targets checked, the area basis), numbers as floats and missing values as None (NULL), then the row's
    key."""
    return [[*row.cells[:4], *[None if v is None else float(v) for v in row.cells[4:]], row.key]
            for row in indicators.table(result, lang)]


def log_lines(result, lang):
    """The indicator table as lines of the log, numbers printed as the report prints them."""
    has_after = result.after or {}
    lines = []
    for row in indicators.table(result, lang):
        line, goal, indicator, unit, before, after, _ = row.cells
        # Rows whose statement holds their numbers: the basis, the verdicts and the boundary's scale.
        if row.key in ("area_basis", indicator_swaps.VERDICT_KEY, indicator_eco.VERDICT_KEY, indicator_udb.SCALE_KEY,
                       *indicator_udb.VERDICT_KEYS):
            lines.append(f"{line} | {goal} | {indicator}")
            continue
        missing = missing_text(row.key)
        shown = fmt(before, row.decimals, missing)
        # A row the after state leaves unchanged shows nothing after, as in the table.
        later = fmt(after, row.decimals, missing) if after is not None or row.key in has_after else ""
        change = fmt_change(before, after, row.decimals, missing) if later else ""
        lines.append(f"{line} | {goal} | {indicator} ({unit}) | {shown} | {later} | {change}")
    return lines


# --- maps ------------------------------------------------------------------------------------------------


def swapped_aside(before, after):
    """{line: callable giving its swapped-out and swapped-in regions} of every line with an after state.

    The report maps the land each line swapped out and in: an overlay of the changed features that needs
    nothing of the assessment, so it runs on the other core meanwhile, from WKB copies.
    """
    swapped = {}
    for name in after.given():
        job = parallel.Background(indicators.swapped_regions_of_wkb, indicators.state_wkb(before.get(name)),
                                  indicators.state_wkb(after.get(name)))
        swapped[name] = job.result
    return swapped


def memory_layer(geoms, crs, name, style, parts_per_feature=THUMBNAIL_PARTS_PER_FEATURE):
    """A polygon memory layer drawing ``geoms`` (shapely) with a simple fill ``style``.

    The map only needs the shapes, so polygons are packed into multipolygons of ``parts_per_feature``
    parts each: a county's 100 000 parcels become a few hundred features, and building the layer costs
    next to nothing. (Packed parts may overlap; the renderer draws them all the same.)
    """
    layer = QgsVectorLayer("MultiPolygon", name, "memory")
    layer.setCrs(crs)
    geoms = np.asarray(geoms, dtype=object)
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))] if len(geoms) else geoms
    if len(geoms):
        parts, _ = geometry.polygon_parts(geoms)
        geoms = shapely.multipolygons(parts, indices=np.arange(len(parts)) // parts_per_feature)
    bridge.write_features(layer.dataProvider(), geoms, [[] for _ in range(len(geoms))])
    layer.updateExtents()
    layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(dict(style))))
    return layer


def render_png(layers, crs, bounds, width=THUMBNAIL_WIDTH):
    """PNG bytes of ``layers`` (top first) over ``bounds`` (xmin, ymin, xmax, ymax), ``width`` pixels wide."""
    xmin, ymin, xmax, ymax = bounds
    span_x, span_y = max(xmax - xmin, 1e-9), max(ymax - ymin, 1e-9)
    pad_x, pad_y = 0.03 * span_x, 0.03 * span_y
    height = int(round(width * (span_y + 2 * pad_y) / (span_x + 2 * pad_x)))
    height = max(120, min(height, 2 * width))
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(crs)
    settings.setExtent(QgsRectangle(xmin - pad_x, ymin - pad_y, xmax + pad_x, ymax + pad_y))
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def _bounds(*arrays):
    boxes = []
    for geoms in arrays:
        if geoms is None:
            continue
        geoms = np.asarray(geoms, dtype=object)
        if len(geoms):
            present = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
            if len(present):
                boxes.append(shapely.total_bounds(present))
    if not boxes:
        return None
    boxes = np.array(boxes)
    return boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()


def line_maps(name, before, after, county, crs, measure, bounds, regions=None):
    """Thumbnails of one line: before, and after with the swapped-out (red) and swapped-in (blue) land.

    ``bounds``: the extent of every thumbnail of the report, the same for all lines so they can be laid
    over each other by eye. ``regions``: a callable giving ``indicators.swapped_regions(before, after)``
    when it was computed elsewhere. Returns a list of (caption, png bytes) and the swapped-out and
    swapped-in areas in m² (None without an after state).
    """
    context_layers = [memory_layer(county, crs, "county", COUNTY_STYLE)] if county is not None else []
    title = line_title(name)
    before_layer = memory_layer(before, crs, name, LINE_STYLE[name])
    maps = [(tr("{} before maintenance").format(title), render_png(context_layers + [before_layer], crs, bounds))]
    if after is None:
        return maps, None, None
    out_region, in_region = regions() if regions is not None else indicators.swapped_regions(before, after)
    out_m2 = float(measure(np.array([out_region], dtype=object))[0]) if not out_region.is_empty else 0.0
    in_m2 = float(measure(np.array([in_region], dtype=object))[0]) if not in_region.is_empty else 0.0
    layers = [
        memory_layer([in_region], crs, "in", IN_STYLE),
        memory_layer([out_region], crs, "out", OUT_STYLE),
    ] + context_layers + [memory_layer(after, crs, name, LINE_STYLE[name])]
    caption = tr("{} after maintenance: swapped out {} ha (red), swapped in {} ha (blue)").format(
        title, fmt(units.m2_to_ha(out_m2), 4), fmt(units.m2_to_ha(in_m2), 4)
    )
    maps.append((caption, render_png(layers, crs, bounds)))
    return maps, out_m2, in_m2


# --- the document ----------------------------------------------------------------------------------------


def _table_entries(result, line, lang):
    """(goal key, 具体指标 cell with its unit, before, after, change) as printed, of the rows of one line's table.

    The quality of the farmland swapped out and in (``indicator_swaps``) takes its place among the farmland's
    quality rows; its before column is the land swapped out, its after column the land swapped in.
    """
    has_after = result.after is not None
    after = result.after or {}
    entries = []

    def entry(goal, indicator, unit, decimals, before, later=None, shown_after=False, missing="—"):
        label = indicator if not unit else (f"{indicator}（{unit}）" if lang == "zh" else f"{indicator} ({unit})")
        if shown_after:
            after_text, change_text = fmt(later, decimals, missing), fmt_change(before, later, decimals, missing)
        else:
            after_text, change_text = "", ""
        entries.append((goal, label, fmt(before, decimals, missing) if unit else "", after_text, change_text))

    for row in indicators.ROWS:
        if row.line != line:
            continue
        if row.key == indicator_udb.SCALE_KEY:
            _scale_entries(result, lang, entries)
        elif row.key in result.before:
            _, _, indicator, unit = indicators.row_cells(row, lang)
            later = after.get(row.key)
            entry(row.goal, indicator, unit, indicators.UNIT_DISPLAY[row.unit][2], result.before.get(row.key),
                  later, has_after and row.key in after, missing_text(row.key))
        if row.key == indicator_swaps.ROWS_AFTER:
            for _, cells, decimals in indicator_swaps.swap_rows(result.swaps, lang):
                entry("quality", cells[2], cells[3], decimals, cells[4], cells[5], bool(cells[3]))
        if row.key == indicator_eco.ROW:
            for _, cells, decimals in indicator_eco.verdict_rows(indicator_eco.judge(result.before, after), lang):
                entry("function", cells[2], "", decimals, None)
    return entries


def _scale_entries(result, lang, entries):
    """Add the boundary's scale and increment (its cells "scale / increment" in ha, "-" without a baseline, as the
    seed prints them) and, with an after state, the verdicts that its area and expansion factor did not grow."""
    after = result.after or {}
    if indicator_udb.SCALE_KEY in result.before:
        shown_after = result.after is not None and indicator_udb.SCALE_KEY in after
        printed = indicator_udb.scale_printed(result.before, after, shown_after)
        name = indicator_udb.SCALE_NAME[indicators.LANGUAGES[lang]]
        unit = indicators.UNIT_DISPLAY["ha"][indicators.LANGUAGES[lang]]
        entries.append(("total", f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})", *printed))
    for _, cells, _ in indicator_udb.verdict_rows(indicator_udb.judge(result.before, after), lang):
        entries.append(("total", cells[2], "", "", ""))


def _indicator_tables(result, lang):
    """The scheme's tables, one per line, with merged cells for the line and each run of one goal."""
    parts = []
    for line in ("PBF", "EPR", "UDB", "ALL"):
        entries = _table_entries(result, line, lang)
        if not entries:
            continue
        title = indicators.LINE_TITLES[line][indicators.LANGUAGES[lang]]
        number = TABLE_NUMBERS.get(line)
        if number:
            parts.append(paragraph(tr("Table {} {}: optimisation indicators").format(number, title), "caption"))
        else:
            parts.append(paragraph(tr("{}: overlaps between the lines").format(title), "caption"))
        # The scheme's column names, the same in every language (the unit joins the indicator, as in the seed).
        parts.append("<table>" + header_row(("控制线", "优化导向", "具体指标", "调整前", "调整后", "变化")))
        goal_runs = []
        for goal, *_ in entries:
            if goal_runs and goal_runs[-1][0] == goal:
                goal_runs[-1][1] += 1
            else:
                goal_runs.append([goal, 1])
        run_starts = {}
        k = 0
        for _goal, count in goal_runs:
            run_starts[k] = count
            k += count
        for k, (goal, label, before, after_text, change_text) in enumerate(entries):
            goal_text = indicators.GOALS[goal][indicators.LANGUAGES[lang]]
            cells = ""
            if k == 0:
                cells += f'<td class="line" rowspan="{len(entries)}">{esc(title)}</td>'
            if k in run_starts:
                cells += f'<td class="goal" rowspan="{run_starts[k]}">{esc(goal_text)}</td>'
            cells += (
                f"<td>{esc(label)}</td><td class=\"num\">{esc(before)}</td>"
                f"<td class=\"num\">{esc(after_text)}</td><td class=\"num\">{esc(change_text)}</td>"
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    return "\n".join(parts)


def area_basis_text(net, kcxs_field):
    """The area basis of the whole report, for its header: gross map areas or net of field ridges (``net``)."""
    if net:
        return tr("Area basis: net of field ridges. Cultivated land counts as its map area × (1 − KCXS, field {}): "
                  "cultivated land retained, the permanent basic farmland's area, shares, slope row and "
                  "contiguity, the mean slope grade and high-standard share of the farmland swapped out and in, "
                  "cultivated land in the red line and the targets on them. Every other area is the map "
                  "area.").format(kcxs_field)
    return tr("Area basis: gross. Every area is the map area of the parcels; field ridges are not deducted.")


def _quota_table(result, lang):
    """The binding targets checked: target, the value it is compared with, met or not and the margin."""
    if not result.quotas:
        return ""
    head = [tr("Target"), tr("Area compared"), tr("Target (ha)"), tr("Value (ha)"), tr("Result"), tr("Margin (ha)")]
    body = []
    for quota in result.quotas:
        parts = indicators.quota_parts(quota, lang)
        cells = (parts["name"], parts["subject"])
        numbers = (parts["target"], parts["value"] or "—", parts["verdict"], parts["margin"] or "—")
        body.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells)
                    + "".join(f'<td class="num">{esc(c)}</td>' for c in numbers) + "</tr>")
    return "\n".join([
        paragraph(tr("Binding targets (约束性指标)"), "caption"),
        "<table>" + header_row(head) + "".join(body) + "</table>",
        paragraph(tr("A target is met when the value is at least the target; the margin is the value minus the "
                     "target, rounded to 1 m². The farmland's task is compared with its area after maintenance "
                     "when there is one, the other targets with the land-use parcels.")),
    ])


def _conflict_summary(result):
    if not result.overlaps_before:
        return paragraph(tr("Fewer than two lines are given: no conflict check."))
    has_after = result.after is not None
    head = [tr("Overlap"), tr("Polygons before"), tr("Area before (ha)"), tr("Largest before (ha)")]
    if has_after:
        head += [tr("Polygons after"), tr("Area after (ha)"), tr("Largest after (ha)")]
    parts = ["<table>" + header_row(head)]
    for pair, found in result.overlaps_before.items():
        cells = [conflicts.kind_label(pair), *_overlap_cells(found)]
        if has_after:
            later = result.overlaps_after.get(pair, found)
            cells += _overlap_cells(later)
        parts.append("<tr>" + "".join(
            f'<td class="{"num" if k else ""}">{esc(c)}</td>' for k, c in enumerate(cells)
        ) + "</tr>")
    parts.append("</table>")
    parts.append(paragraph(
        tr("Overlaps are feature against feature, split into single polygons; polygons under {} m² are slivers "
           "and are not counted. Run Control-line conflicts (planmaint:conflictcheck) to get them as a "
           "layer.").format(conflicts.DEFAULT_MIN_AREA_M2)
    ))
    return "\n".join(parts)


def _settling(settling, lang):
    """三线冲突处理: per pair the overlap settled, the part each line yields, the part both keep and the overlap
    remaining after maintenance; then each remaining polygon with the reason it stays, or the sentence that the
    lines do not overlap any more."""
    none = ("none", "无")[indicators.LANGUAGES[lang]]

    def ha(m2):
        return none if m2 is None else fmt(units.m2_to_ha(m2), 4)

    head = [tr("Overlap"), tr("Settled (ha)"), *[tr("{} yields (ha)").format(line_title(n)) for n in conflicts.LINES],
            tr("Kept by both (ha)"), tr("Remaining after (ha)")]
    body = []
    for entry in settling.pairs:
        yields = [("—" if line not in entry.pair else none if entry.yields_m2 is None else ha(entry.yields_m2[line]))
                  for line in conflicts.LINES]
        cells = [ha(entry.settled_m2), *yields, ha(entry.kept_both_m2), ha(entry.remaining_m2)]
        body.append(f"<tr><td>{esc(conflicts.kind_label(entry.pair))}</td>"
                    + "".join(f'<td class="num">{esc(c)}</td>' for c in cells) + "</tr>")
    parts = [heading(tr("Settling the conflicts")), "<table>" + header_row(head) + "".join(body) + "</table>"]
    if settling.given:
        parts.append(paragraph(tr("Settled: the overlaps of the lines before maintenance as the settlement layer "
                                  "(SETTLEMENT) settles them; each line yields the pieces whose YIELDS names it, and "
                                  "both keep the pieces whose YIELDS is empty. Remaining after: the overlap of the "
                                  "lines after maintenance, as in the indicator table.")))
    else:
        parts.append(paragraph(tr("No settlement layer (SETTLEMENT) was given: how the overlaps were settled is not "
                                  "known (无). Give the OUTPUT of Control-line conflicts run with SETTLE on the lines "
                                  "before maintenance.")))
    if not settling.remaining:
        parts.append(paragraph(tr("After maintenance the control lines do not overlap (三线不交叉、不重叠): no "
                                  "conflict remains."), "basis"))
        return parts
    head = [tr("Overlap"), tr("Area (m²)"), tr("Area (ha)"), tr("Point inside (x, y)"), tr("Why it remains")]
    rows = "".join(
        f"<tr><td>{esc(conflicts.kind_label(item.pair))}</td><td class=\"num\">{fmt(item.area_m2, 2)}</td>"
        f"<td class=\"num\">{fmt(item.area_ha, 4)}</td><td class=\"num\">{item.point[0]:.2f}, {item.point[1]:.2f}</td>"
        f"<td>{esc(indicator_conflicts.reason_text(item, lang))}</td></tr>"
        for item in settling.remaining
    )
    parts.append(paragraph(tr("Overlaps remaining after maintenance ({}), largest first").format(
        len(settling.remaining)), "caption"))
    parts.append("<table>" + header_row(head) + rows + "</table>")
    return parts


def _overlap_cells(found):
    largest = float(found.area_m2.max()) if len(found) else 0.0
    return [str(len(found)), fmt(units.m2_to_ha(found.total_m2), 4), fmt(units.m2_to_ha(largest), 4)]


def _parameters(run):
    settings, result = run.settings, run.result
    method = tr("ellipsoidal (CGCS2000)") if settings.method == bridge.AREA_ELLIPSOIDAL else tr("planar")
    crs = settings.crs
    distance_unit = QgsUnitTypes.toAbbreviatedString(crs.mapUnits()) if crs.isValid() else ""
    fields = settings.fields
    farmland = result.facts.before.pbf
    sources = farmland.sources if farmland is not None else indicators.AttributeSources()
    source_names = {"own": tr("the farmland's own field"), "landuse": tr("the land-use parcels under the farmland")}
    items = [
        (tr("Area method"), method),
        (tr("Coordinate reference system"), f"{crs.authid()} {crs.description()}" if crs.isValid() else tr("unknown")),
        (tr("Merge distance"), f"{settings.merge_distance:g} {distance_unit}"),
        (tr("Field-ridge deduction (KCXS)"),
         tr("yes, field {}").format(fields.kcxs) if settings.deduct else tr("no (map areas)")),
        (tr("Land-class field"), fields.dlbm),
        (tr("Slope grade field"), fields.slope),
        (tr("Ecological-function land classes"), settings.eco_text),
        (tr("Fragment thresholds"), tr("farmland: {} mu in the plains, {} mu in mountains and hills; urban "
                                       "boundary: {} mu; red line: {} km²").format(
            indicators.PLAIN_FRAGMENT_MU, indicators.HILLY_FRAGMENT_MU, indicators.UDB_FRAGMENT_MU,
            indicators.EPR_SMALL_PATCH_KM2)),
        (tr("Small holes"), tr("under {} mu (size of the ring, islands included)").format(indicators.SMALL_HOLE_MU)),
        (tr("Walking distance"), f"{settings.walk_distance:g} {distance_unit}"),
        (tr("Minimum conflict polygon"), f"{conflicts.DEFAULT_MIN_AREA_M2:g} m²"),
    ]
    for what, label in (("codes", tr("Land class of the farmland from")),
                        ("slope", tr("Slope grade of the farmland from")),
                        ("net", tr("Deduction ratio of the farmland from"))):
        if getattr(sources, what) is not None:
            items.append((label, source_names[getattr(sources, what)]))
    baseline_m2 = result.facts.baseline_m2
    if settings.baseline_ha is not None:
        items.append((tr("Baseline urban construction land"), f"{settings.baseline_ha:.4f} ha"))
    elif baseline_m2 is not None:
        items.append((tr("Baseline urban construction land"), f"{units.m2_to_ha(baseline_m2):.4f} ha"))
    if result.facts.county_m2 is not None:
        items.append((tr("County area"), f"{units.convert(result.facts.county_m2, 'm2', 'km2'):.4f} km²"))
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in items)
    inputs = "".join(
        f"<tr><td>{esc(key)}</td><td>{esc(name)}</td><td class=\"num\">{count}</td></tr>"
        for key, name, count in run.inputs
    )
    return (
        f"<table>{rows}</table>"
        + "<table>" + header_row([tr("Input"), tr("Layer"), tr("Features")]) + f"{inputs}</table>"
    )


def _data_notes(notes):
    """What the run found wrong with the input data (the warnings of the log), next to the tables it explains."""
    items = "".join(f"<li>{esc(text)}</li>" for text in notes)
    return heading(tr("Notes on the input data"), 3) + f'<ul class="note">{items}</ul>'


def _line_maps(run, feedback):
    """The maps of every line given before maintenance, and the swap balance of those with an after state."""
    before, after, ctx = run.before, run.after, run.ctx
    county = ctx.county
    sections, balance = [], []
    lines = (("PBF", before.get("PBF"), after.get("PBF")), ("EPR", before.epr, after.epr),
             ("UDB", before.udb, after.udb))
    bounds = _bounds(county, ctx.landuse.geoms if ctx.landuse is not None else None,
                     *[g for _, b, a in lines for g in (b, a)])
    for k, (name, geoms_before, geoms_after) in enumerate(lines):
        if geoms_before is None or bounds is None:
            continue
        if feedback is not None:
            feedback.setProgress(100.0 * k / len(lines))
            # The indicator table is written by now: a cancel here leaves it incomplete, and says so.
            bridge.check_canceled_writing(feedback)
        maps, out_m2, in_m2 = line_maps(name, geoms_before, geoms_after, county, run.settings.crs, ctx.measure,
                                        bounds, run.swapped.get(name))
        if out_m2 is not None:
            balance.append((name, out_m2, in_m2))
        figures = "".join(
            f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>"
            for caption, png in maps
        )
        sections.append(f'<div class="maps">{figures}</div>')
    return sections, balance


def _swap_balance(balance):
    head = [tr("Control line"), tr("Swapped out (ha)"), tr("Swapped in (ha)"), tr("In minus out (ha)")]
    body = "".join(
        f"<tr><td>{esc(line_title(name))}</td><td class=\"num\">{fmt(units.m2_to_ha(o), 4)}</td>"
        f"<td class=\"num\">{fmt(units.m2_to_ha(i), 4)}</td>"
        f"<td class=\"num\">{fmt(units.m2_to_ha(i - o), 4)}</td></tr>"
        for name, o, i in balance
    )
    return [
        heading(tr("Swap balance")),
        "<table>" + header_row(head) + f"{body}</table>",
        paragraph(tr("Swapped out: ground in the line before and not after; swapped in: after and "
                     "not before (进出平衡 when the two are equal).")),
    ]


def _swaps_by_category(run, lang):
    """调入调出分类: for each line and direction whose swapped pieces are given, every category of it with its area
    (0 and no piece, 无, for a category with none), then the pieces' other words (``swap_categories``)."""
    if not run.pieces:
        return []
    k = indicators.LANGUAGES[lang]
    none = ("none", "无")[k]
    head = [tr("Control line"), tr("Direction"), tr("Category (TZYY)"), tr("Code"), tr("Area (ha)"), tr("Pieces")]
    body = []
    for tally in swap_categories.tally_all(run.pieces, run.ctx.measure):
        line = indicators.LINE_TITLES[tally.line][k]
        direction = swap_categories.DIRECTION_NAMES[tally.direction][k]
        rows = [(swap_categories.words_shown(row, lang), row.code, fmt(row.area_ha, 4) if row.pieces else "0",
                 str(row.pieces) if row.pieces else none) for row in tally.rows]
        rows.append((("Total", "合计")[k], "", fmt(tally.total_ha, 4), str(tally.total_pieces)))
        for words, code, area, count in rows:
            body.append(f"<tr><td>{esc(line)}</td><td>{esc(direction)}</td><td>{esc(words)}</td><td>{esc(code)}</td>"
                        f'<td class="num">{esc(area)}</td><td class="num">{esc(count)}</td></tr>')
    return [
        heading(tr("Swaps by category")),
        "<table>" + header_row(head) + "".join(body) + "</table>",
        paragraph(tr("Every category of the line is listed, with 0 when no piece is of it (its layer may be "
                     "missing in the county); pieces whose category (TZYY) is none of the line's are listed under "
                     "their own words. Areas are measured from the pieces with the area method of the report.")),
    ]


def write_indicator_report(path, run, lang, feedback=None):
    """Write the HTML report of an indicators run (``IndicatorRun``) to ``path``, the tables in ``lang``."""
    result = run.result
    sections = []
    title = tr("Plan indicators report")
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    sections.append(heading(title, 1) + paragraph(tr("Made by planmaint on {}.").format(now))
                    + paragraph(area_basis_text(result.net, run.settings.fields.kcxs), "basis"))
    sections.append(heading(tr("Indicator tables")))
    sections.append(_indicator_tables(result, lang))
    if result.swaps is not None:
        sections.append(paragraph(tr("In the rows marked 调出地块→调入地块 the before column (调整前) is the farmland "
                                     "swapped out and the after column (调整后) the farmland swapped in; the change "
                                     "is in minus out. Their quality is met when the mean slope grade in is at most "
                                     "the one out and the high-standard share in at least the one out, compared "
                                     "to 2 decimals.")))
    sections.append(_quota_table(result, lang))
    if result.after is None:
        sections.append(paragraph(tr("No after state was given: the after and change columns are empty.")))
    if run.notes:
        sections.append(_data_notes(run.notes))
    sections.append(heading(tr("Conflicts between the control lines")))
    sections.append(_conflict_summary(result))
    if run.settling is not None:
        sections += _settling(run.settling, lang)
    sections += run.more_sections

    sections.append(heading(tr("Maps")))
    keys = [
        ("rgb(255,230,0)", tr("permanent basic farmland")),
        ("rgba(56,168,0,0.6)", tr("ecological red line")),
        ("rgba(160,32,240,0.45)", tr("urban development boundary")),
        ("rgb(230,0,0)", tr("swapped out")),
        ("rgb(0,92,230)", tr("swapped in")),
    ]
    legend = tr("Legend:")
    sections.append(
        f'<p class="legend note">{esc(legend)}'
        + "".join(f'<span style="background:{colour}"></span>{esc(label)}' for colour, label in keys)
        + "</p>"
    )
    maps, balance = _line_maps(run, feedback)
    sections += maps
    if balance:
        sections += _swap_balance(balance)
    sections += _swaps_by_category(run, lang)

    sections.append(heading(tr("Parameters used")))
    sections.append(_parameters(run))
    document = (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(document)
    except OSError as error:  # a folder that does not exist, no permission, a full disk
        raise QgsProcessingException(
            tr("The report cannot be written to {}: {}. Choose a file in a folder that exists and that you may "
               "write to (REPORT).").format(path, error.strerror or error)) from None
