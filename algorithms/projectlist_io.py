"""planmaint:projectlist's outputs: the list's columns and rows (table 5-4) and the summary by type."""
import numpy as np
from qgis.core import QgsFields
from qgis.PyQt.QtCore import QVariant

from . import bridge
from .compat import new_field
from .core import units

# The list's own columns, in the order of table 5-4, then the overlaps with the lines and the land-use pieces.
# (name, type, length); the input attributes follow, a name already taken getting a suffix _2.
COLUMNS = (
    ("XH", QVariant.Int, 0), ("XMLX", QVariant.String, 50), ("XMMC", QVariant.String, 254),
    ("JSXZ", QVariant.String, 50), ("JSNX", QVariant.String, 50), ("YDGM_HA", QVariant.Double, 0),
    ("XZJSYD_HA", QVariant.Double, 0), ("SZDQ", QVariant.String, 254), ("NRYJ", QVariant.String, 254),
    ("ZYJBNT_HA", QVariant.Double, 0), ("ZYSTHX_HA", QVariant.Double, 0), ("CZKFBJ", QVariant.String, 4),
    ("CZKFBJ_HA", QVariant.Double, 0), ("XCJSYD_HA", QVariant.Double, 0), ("WFG_HA", QVariant.Double, 0),
)
SUMMARY_COLUMNS = (("XMLX", QVariant.String, 50), ("XMGS", QVariant.Int, 0), ("YDGM_HA", QVariant.Double, 0),
                   ("XZJSYD_HA", QVariant.Double, 0))
TOTAL = "合计"


def _fields(columns):
    out = QgsFields()
    for name, kind, length in columns:
        out.append(new_field(name, kind, "string" if kind == QVariant.String else "", length))
    return out


def input_fields(polygons, others):
    """The fields of the polygon projects, then those of the line projects that the polygons lack."""
    out = QgsFields(polygons.fields)
    if others is not None:
        for f in others.fields:
            if out.lookupField(f.name()) < 0:
                out.append(f)
    return out


def list_fields(inputs):
    """(The output's fields, its fid column moved first, where the fid column was among them or None).

    A GeoPackage writer takes the column fid as the feature id; QGIS 3.22's writer misplaces the values when
    it is not the first column (see alg_conflictcheck)."""
    fields = bridge.combined_fields(_fields(COLUMNS), inputs)
    return bridge.feature_id_first(fields)


def _ha(values, k):
    if values is None:
        return None
    value = values[k]
    return None if np.isnan(value) else float(units.m2_to_ha(value))


def _text(value):
    return None if value is None or bridge.is_null(value) else str(value)


def rows(result, texts, attributes, fid_at):
    """The rows of the list in its order. ``texts``: {column: values per project} of XMLX … NRYJ;
    ``attributes``: the input attribute list of each project (aligned to ``input_fields``)."""
    serial = result.serial
    out = []
    for k in result.order:
        own = [int(serial[k]), _text(texts["XMLX"][k]), _text(texts["XMMC"][k]), _text(texts["JSXZ"][k]),
               _text(texts["JSNX"][k]), _ha(result.land_m2, k), _ha(result.new_m2, k), result.places[k] or None,
               _text(texts["NRYJ"][k]), _ha(result.pbf_m2, k), _ha(result.epr_m2, k),
               result.udb_status[k] if result.udb_status is not None else None, _ha(result.udb_m2, k),
               _ha(result.existing_m2, k), _ha(result.uncovered_m2, k)]
        row = own + list(attributes[k])
        if fid_at is not None:
            row = [row.pop(fid_at)] + row
        out.append(row)
    return out


def aligned_attributes(layer, fields):
    """Each feature's attributes of ``layer`` (LayerArrays) placed by name on ``fields``."""
    where = [fields.lookupField(f.name()) for f in layer.fields]
    out = []
    for row in layer.rows:
        values = [None] * fields.count()
        for at, value in zip(where, row):
            values[at] = value
        out.append(values)
    return out


def summary_fields():
    return _fields(SUMMARY_COLUMNS)


def summary_rows(summary):
    """One row per type, in the list's order, and the total."""
    out = [[row.kind, row.count, row.land_ha, row.new_ha] for row in summary]
    out.append([TOTAL, sum(r.count for r in summary), sum(r.land_ha for r in summary),
                sum(r.new_ha for r in summary)])
    return out
