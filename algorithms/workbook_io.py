"""planmaint:workbook's reading and writing: the indicator and project tables read into the core's rows, the
planned sheets written as an .xlsx workbook with openpyxl, or as CSV files where openpyxl is missing."""
import csv
import os

from qgis.core import QgsProcessingException

from . import bridge
from .core import workbook
from .i18n import tr

# The indicator table's columns (planmaint:indicators writes the Chinese names in every language; the English
# names are accepted for a table someone renamed or rebuilt), then the code.
INDICATOR_FIELDS = (
    ("line", ("控制线", "line")), ("goal", ("优化导向", "goal")), ("indicator", ("具体指标", "indicator")),
    ("unit", ("单位", "unit")), ("before", ("调整前", "before")), ("after", ("调整后", "after")),
    ("change", ("变化", "change")), ("code", ("code",)),
)
PROJECT_FIELDS = tuple(column for _, column in workbook.PROJECT_COLUMNS)


def install_hint():
    """How to get openpyxl where QGIS runs (translated)."""
    return tr("Debian/Ubuntu: sudo apt install python3-openpyxl; Windows (OSGeo4W installer): choose the package "
              "python3-openpyxl in the advanced install; elsewhere: python -m pip install openpyxl in QGIS's Python")


def _value(value):
    return None if value is None or bridge.is_null(value) else value


def _find(source, names):
    """Index of the first field of ``source`` called one of ``names`` (case-insensitive), or -1."""
    fields = [f.name().lower() for f in source.fields()]
    for name in names:
        if name.lower() in fields:
            return fields.index(name.lower())
    return -1


def _columns(source, layer_name, parameter, wanted):
    """{key: field index} of ``wanted`` ((key, names) pairs); a missing one stops the run naming it."""
    where = {}
    for key, names in wanted:
        at = _find(source, names)
        if at < 0:
            raise QgsProcessingException(tr(
                "Layer {} ({}) has no field {}: give the table written by {} (its fields are kept as it wrote "
                "them).").format(layer_name, parameter, " / ".join(names),
                                 "planmaint:indicators" if parameter == "INDICATORS" else "planmaint:projectlist"))
        where[key] = at
    return where


def read_indicators(source, layer_name, feedback):
    """The indicator table's rows (``workbook.IndicatorRow``) in the table's order."""
    where = _columns(source, layer_name, "INDICATORS", INDICATOR_FIELDS)
    rows = []
    for feature in source.getFeatures():
        bridge.check_canceled(feedback)
        values = feature.attributes()
        cells = {key: _value(values[at]) for key, at in where.items()}
        for key in ("line", "goal", "indicator", "unit", "code"):
            cells[key] = "" if cells[key] is None else str(cells[key])
        for key in ("before", "after", "change"):
            cells[key] = _number(cells[key], layer_name, key)
        rows.append(workbook.IndicatorRow(**cells))
    return rows


def _number(value, layer_name, column):
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        if str(value).strip() in ("", workbook.NO_VALUE, "—"):
            return None
        raise QgsProcessingException(tr(
            "Layer {} (INDICATORS): the {} column holds {!r}, which is not a number: give the table written by "
            "planmaint:indicators.").format(layer_name, column, value)) from None


def read_projects(source, layer_name, feedback):
    """The project list's rows as dicts by column (XH … NRYJ)."""
    where = _columns(source, layer_name, "PROJECTS", [(name, (name,)) for name in PROJECT_FIELDS])
    out = []
    for feature in source.getFeatures():
        bridge.check_canceled(feedback)
        values = feature.attributes()
        out.append({name: _value(values[at]) for name, at in where.items()})
    return out


def have_openpyxl():
    """Whether openpyxl can be imported (imported only when a workbook is written: most runs never need it)."""
    try:
        import openpyxl  # noqa: F401 (only whether it is there)
    except ImportError:
        return False
    return True


def write_xlsx(sheets, path):
    """Write ``sheets`` (``workbook.Sheet``) to the .xlsx ``path``: title row merged over the table, bold header,
    merged cells, number formats, widths. openpyxl must be importable (``have_openpyxl``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        columns = max(len(r) for r in sheet.rows)
        ws.cell(row=1, column=1, value=sheet.title).font = Font(bold=True, size=12)
        ws.cell(row=1, column=1).alignment = centre
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        for r, (cells, formats) in enumerate(zip(sheet.rows, sheet.formats), start=2):
            for c, (value, fmt) in enumerate(zip(cells, formats), start=1):
                cell = ws.cell(row=r, column=c, value=value)
                cell.alignment = centre if r == 2 or c <= 2 else wrap
                if fmt:
                    cell.number_format = fmt
        for c in range(1, columns + 1):
            ws.cell(row=2, column=c).font = Font(bold=True)
        for column, first, last in sheet.merges:
            ws.merge_cells(start_row=first + 2, start_column=column + 1, end_row=last + 2, end_column=column + 1)
        for k, note in enumerate(sheet.notes):
            ws.cell(row=len(sheet.rows) + 3 + k, column=1, value=note)
        for c, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = width
    book.save(path)
    return [path]


def csv_paths(sheets, path):
    """The CSV file of each sheet beside ``path``: <name>_<sheet>.csv."""
    stem = os.path.splitext(path)[0]
    return [f"{stem}_{sheet.name}.csv" for sheet in sheets]


def write_csv(sheets, path):
    """Write each sheet as a CSV file beside ``path`` (UTF-8 with a BOM, so that Excel reads the Chinese): the
    title, the header and the rows, a merged value repeated on every row it covers (a plain table to filter),
    the figures unrounded, then the notes. Returns the paths written."""
    written = csv_paths(sheets, path)
    for sheet, target in zip(sheets, written):
        rows = [list(r) for r in sheet.rows]
        for column, first, last in sheet.merges:
            for k in range(first + 1, last + 1):
                rows[k][column] = rows[first][column]
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([sheet.title])
            out.writerows(rows)
            out.writerows([note] for note in sheet.notes)
    return written
