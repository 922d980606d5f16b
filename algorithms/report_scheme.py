"""The rest of the scheme in the indicators' HTML report: the planning zones (五(二)) and the key-project list
(table 5-4), read from the tables planmaint:zoningupdate (TABLE) and planmaint:projectlist (OUTPUT) wrote.

planmaint:indicators does not compute them: it shows them beside tables 5-1 … 5-3, so that the report is the
whole scheme. A table given without the columns its tool writes is refused by name, with the fix.
"""
from dataclasses import dataclass
from typing import Optional

from qgis.core import QgsProcessing, QgsProcessingException, QgsProcessingParameterFeatureSource

from . import bridge
from .i18n import tr
from .report import esc, fmt, header_row, heading, paragraph

ZONE_AREAS = "ZONE_AREAS"
PROJECT_LIST = "PROJECT_LIST"
ZONE_COLUMNS = ("FQMC", "FQDM", "TZQ_HA", "TZH_HA", "BH_HA")
PROJECT_COLUMNS = ("XH", "XMLX", "XMMC", "JSXZ", "JSNX", "YDGM_HA", "XZJSYD_HA", "SZDQ", "NRYJ", "ZYJBNT_HA",
                   "ZYSTHX_HA", "CZKFBJ")


@dataclass
class SchemeTables:
    """The rows of the zone table and of the project list as read (None: the table was not given)."""

    zones: Optional[list] = None
    projects: Optional[list] = None


def parameters():
    """(parameter, help) of the two optional tables."""
    table = [QgsProcessing.TypeVector]
    return [
        (QgsProcessingParameterFeatureSource(ZONE_AREAS, tr("Planning zone areas"), table, optional=True),
         tr("The zone table of Planning zones update (planmaint:zoningupdate, TABLE: FQMC, FQDM, TZQ_HA, TZH_HA, "
            "BH_HA): the report shows each zone's area before, after and its change (规划分区维护).")),
        (QgsProcessingParameterFeatureSource(PROJECT_LIST, tr("Key-project list"), table, optional=True),
         tr("The key-project list of Key-project list (planmaint:projectlist, OUTPUT): the report shows table 5-4 "
            "with the farmland and red line each project takes and where it lies against the boundary.")),
    ]


def _rows(alg, parameters_given, context, feedback, key, columns):
    source = alg.parameterAsSource(parameters_given, key, context)
    if source is None:
        return None
    label = bridge.layer_label(source, key)
    missing = [name for name in columns if source.fields().lookupField(name) < 0]
    if missing:
        raise QgsProcessingException(tr(
            "Layer {} ({}) has no field {}: give the table the tool writes unchanged (its fields are: {}).").format(
            label, key, ", ".join(missing), bridge.field_list(source.fields())))
    at = [source.fields().lookupField(name) for name in columns]
    rows = []
    for feature in source.getFeatures():
        values = feature.attributes()
        rows.append([None if bridge.is_null(values[k]) else values[k] for k in at])
    feedback.pushInfo(tr("Layer {} ({}): {} rows for the report.").format(label, key, len(rows)))
    return rows


def read(alg, parameters_given, context, feedback):
    """The ``SchemeTables`` of the run's parameters."""
    return SchemeTables(_rows(alg, parameters_given, context, feedback, ZONE_AREAS, ZONE_COLUMNS),
                        _rows(alg, parameters_given, context, feedback, PROJECT_LIST, PROJECT_COLUMNS))


def _number(value, decimals):
    return fmt(float(value), decimals) if value is not None else "—"


def _zones(rows):
    head = [tr("Planning zone"), tr("Code"), tr("Before (ha)"), tr("After (ha)"), tr("Change (ha)")]
    body = "".join(
        f"<tr><td>{esc(name or '')}</td><td>{esc(code or '')}</td>"
        + "".join(f'<td class="num">{_number(v, 4)}</td>' for v in (before, after, change)) + "</tr>"
        for name, code, before, after, change in rows)
    return [heading(tr("Planning zones (规划分区维护)")), "<table>" + header_row(head) + body + "</table>"]


def _projects(rows):
    head = ["序号", "项目类型", "项目名称", "建设性质", "建设年限", tr("Land (ha)"), tr("New construction land (ha)"),
            "所在地区", "纳入依据", tr("Farmland taken (ha)"), tr("Red line taken (ha)"), tr("Development boundary")]
    cells = []
    for row in rows:
        text = [esc("" if v is None else str(v)) for v in row]
        numbers = {5: 4, 6: 4, 9: 4, 10: 4}
        cells.append("<tr>" + "".join(
            f'<td class="num">{_number(row[k], numbers[k])}</td>' if k in numbers else f"<td>{text[k]}</td>"
            for k in range(len(row))) + "</tr>")
    total = sum(float(row[5] or 0.0) for row in rows)
    return [heading(tr("Key construction projects (table 5-4)")),
            "<table>" + header_row(head) + "".join(cells) + "</table>",
            paragraph(tr("{} projects, {} ha of land in all.").format(len(rows), fmt(total, 4)))]


def sections(tables):
    """The report's sections of the tables given with rows (none when neither is; an empty zone table is what the
    model's zone step writes for a county without zones)."""
    out = []
    if tables.zones:
        out += _zones(tables.zones)
    if tables.projects:
        out += _projects(tables.projects)
    return out
