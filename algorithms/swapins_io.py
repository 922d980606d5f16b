"""Reading, writing and reporting of planmaint:swapins (调入地块识别).

The algorithm reads the parameters; this module turns the optional category layers of the chosen line into the
core's ``CategoryLayer`` values (a layer a county does not have leaves its category empty, and the log says so),
reads the EXCLUDE layers, and writes the pieces ``core.swapins.find`` lists.
"""
from dataclasses import dataclass

import numpy as np
from qgis.core import QgsFields, QgsMapLayer, QgsProcessingException, QgsUnitTypes, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from . import bridge, styles
from .compat import new_field
from .core import swapins, units
from .i18n import tr
from .swapcandidates_io import column

LINES = ("epr", "udb")  # the LINE parameter's options, in order
# The parameter each category is read from (HOLES serves both lines: 33 for the red line, 42 for the boundary).
SOURCE_PARAMETER = {"new_water_source": "NEW_WATER_SOURCE", "public_forest": "PUBLIC_FOREST", "epr_holes": "HOLES",
                    "infrastructure": "PROJECTS", "udb_holes": "HOLES"}
# The optional layers only one line reads; the other line warns that it ignores them.
OWN_LAYERS = {"epr": ("NEW_WATER_SOURCE", "PUBLIC_FOREST"), "udb": ("PROJECTS",)}
# The numeric output of each category's hectares, by the category's key.
HECTARES = {"new_water_source": "NEW_WATER_SOURCE_HA", "public_forest": "PUBLIC_FOREST_HA",
            "epr_holes": "EPR_HOLES_HA", "infrastructure": "INFRASTRUCTURE_HA", "udb_holes": "UDB_HOLES_HA"}
TOTAL_HA = "TOTAL_HA"
# Output fields, in order: (name, type, length, precision).
OUTPUT_FIELDS = (
    ("TZYY", QVariant.String, 100, 0), ("HRYY", QVariant.String, 2, 0), ("SJXMMC", QVariant.String, 254, 0),
    ("MJ_M2", QVariant.Double, 20, 4), ("MJ_MU", QVariant.Double, 20, 4), ("MJ_HA", QVariant.Double, 20, 6),
    ("SOURCE", QVariant.String, 40, 0),
)


@dataclass
class Run:
    """What the readers of one run share."""

    line_kind: str  # "epr" or "udb"
    crs: object  # the line's CRS: every layer is read into it
    line: np.ndarray  # the line's polygons
    distance: object = None  # PROJECT_DISTANCE in CRS units, None for any distance


def project_distance(alg, parameters, context, crs, label):
    """PROJECT_DISTANCE in the units of ``crs`` (the line's, layer ``label``), or None for any distance.

    Not given at all: the default (100 m). Given empty or negative: any distance."""
    name = alg.PROJECT_DISTANCE
    if name in parameters and (parameters[name] is None or str(parameters[name]).strip() == ""):
        return None
    metres = alg.parameterAsDouble(parameters, name, context)
    if metres < 0:
        return None
    if crs.isGeographic():
        raise QgsProcessingException(tr(
            "Layer {} (INPUT) is in the geographic CRS {}, so a project distance (PROJECT_DISTANCE) of {} m cannot "
            "be measured. Reproject the layers to a projected CRS (e.g. EPSG:4549), or set PROJECT_DISTANCE to -1 "
            "to count projects at any distance.").format(label, crs.authid(), metres))
    return metres * QgsUnitTypes.fromUnitToUnitFactor(QgsUnitTypes.DistanceMeters, crs.mapUnits())


def _projects(alg, parameters, context, feedback, run):
    """(counted project polygons, their names) or None when no project layer is given."""
    source = alg.source_keeping_invalid(parameters, alg.PROJECTS, context)
    if source is None:
        return None
    label = bridge.layer_label(source, alg.PROJECTS)
    text = (alg.parameterAsString(parameters, alg.PROJECT_FILTER, context) or "").strip()
    name_field = (alg.parameterAsString(parameters, alg.PROJECT_NAME_FIELD, context) or "").strip()
    if name_field and source.fields().lookupField(name_field) < 0:
        raise QgsProcessingException(tr(
            "Layer {} (PROJECTS) has no field {} (PROJECT_NAME_FIELD). Its fields are: {}. Set PROJECT_NAME_FIELD "
            "to one of them, or leave it empty.").format(label, name_field, bridge.field_list(source.fields())))
    # A filter that does not parse or names a missing field is refused by the reader, naming the layer.
    layer = bridge.read_input(alg, parameters, alg.PROJECTS, context, feedback, label, crs=run.crs,
                              subset=[name_field] if name_field else [], text_fields=[name_field] if name_field else [],
                              expressions={alg.PROJECT_FILTER: text} if text else None)
    counted = np.ones(len(layer), dtype=bool)
    if text:
        counted = np.array([not bridge.is_null(v) and bool(v) for v in layer.values[alg.PROJECT_FILTER]], dtype=bool)
        feedback.pushInfo(tr("Layer {}: {} of {} projects pass the project filter ({}).").format(
            label, int(counted.sum()), len(layer), text))
    near = swapins.near_line(layer.geoms, run.line, run.distance)
    if run.distance is not None:
        feedback.pushInfo(tr("Layer {}: {} of {} projects lie within {} m of the line.").format(
            label, int(near.sum()), len(layer), alg.parameterAsDouble(parameters, alg.PROJECT_DISTANCE, context)))
    names = np.array(column(layer, name_field) if name_field else [None] * len(layer), dtype=object)
    return layer.geoms[counted & near], names[counted & near]


def categories(alg, parameters, context, feedback, run):
    """The ``CategoryLayer`` of every category of ``run.line_kind``, in its table order."""
    out = []
    for reason in swapins.LINE_CATEGORIES[run.line_kind]:
        name = SOURCE_PARAMETER[reason.key]
        geoms = names = None
        if name == alg.PROJECTS:
            found = _projects(alg, parameters, context, feedback, run)
            geoms, names = found if found is not None else (None, None)
        elif alg.source_keeping_invalid(parameters, name, context) is not None:
            source = alg.source_keeping_invalid(parameters, name, context)
            geoms = bridge.read_input(alg, parameters, name, context, feedback, bridge.layer_label(source, name),
                                      crs=run.crs, attributes=False).geoms
        if geoms is None:
            feedback.pushInfo(tr("{}: no layer given; category {} {} is empty.").format(name, reason.code,
                                                                                        reason.words))
        out.append(swapins.CategoryLayer(reason, name, geoms, names))
        bridge.check_canceled(feedback)
    return tuple(out)


def excluded(alg, parameters, context, feedback, crs):
    """(names, polygon arrays) of the EXCLUDE layers; a layer that is not of polygons is refused by name."""
    names, geoms = [], []
    for layer in alg.parameterAsLayerList(parameters, alg.EXCLUDE, context) or []:
        if layer.type() != QgsMapLayer.VectorLayer or layer.geometryType() != QgsWkbTypes.PolygonGeometry:
            raise QgsProcessingException(tr(
                "Layer {} of the layers swap-ins must not overlap (EXCLUDE) is not a polygon layer: give polygon "
                "layers only (e.g. the permanent basic farmland, the other control lines).").format(layer.name()))
        read = bridge.read_vector_layer(layer, context, feedback, layer.name(), crs=crs, attributes=False)
        names.append(layer.name())
        geoms.append(read.geoms)
    return names, tuple(geoms)


def write(alg, parameters, context, feedback, crs, found):
    """Write the pieces of ``found`` (``core.swapins.SwapIns``); returns the output's id."""
    fields = bridge.combined_fields(QgsFields(), [new_field(n, t, "", w, p) for n, t, w, p in OUTPUT_FIELDS])
    sink, dest = alg.parameterAsSink(parameters, alg.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, crs)
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, alg.OUTPUT))
    styles.apply_style(context, dest, "swapped_in")
    rows = []
    for category, area, name in zip(found.category.tolist(), found.area_m2.tolist(), found.names.tolist()):
        reason = found.reasons[category]
        rows.append([reason.words, reason.code, None if bridge.is_null(name) else str(name), area,
                     float(units.m2_to_mu(area)), float(units.m2_to_ha(area)), found.sources[category]])
    bridge.write_features(sink, found.geoms, rows, feedback, alg.OUTPUT, fields=fields)
    return dest


def report(feedback, found, exclude_names, method):
    """The figures of the run in the log: per category, what the line and the earlier categories already held,
    the slivers left out, and what each EXCLUDE layer took away."""
    per_category = found.area_m2_by_category()
    counts = np.bincount(found.category, minlength=len(found.reasons))
    for k, reason in enumerate(found.reasons):
        if not found.given[k]:
            continue
        text = tr("{} {} ({}): {} pieces, {:.4f} ha ({:.2f} mu); {:.2f} m² already in the line and {:.2f} m² "
                  "of an earlier category are not listed.").format(
            reason.code, reason.words, found.sources[k], int(counts[k]), units.m2_to_ha(per_category[k]),
            units.m2_to_mu(per_category[k]), found.inside_m2[k], found.earlier_m2[k])
        if found.dropped[k]:
            text += " " + tr("{} pieces under the smallest piece ({:.3f} m² together) are left out.").format(
                int(found.dropped[k]), float(found.dropped_m2[k]))
        feedback.pushInfo(text)
        if len(found.overlaps[k]):
            feedback.pushWarning(tr("{}: {} features overlap an earlier feature of the layer; the common ground "
                                    "counts once, for the first.").format(found.sources[k], len(found.overlaps[k])))
    for name, m2 in zip(exclude_names, found.excluded_m2.tolist()):
        feedback.pushInfo(tr("Layer {} (EXCLUDE) took {:.2f} m² ({:.4f} ha) away from the swap-ins.").format(
            name, m2, units.m2_to_ha(m2)))
    words = tr("ellipsoidal (CGCS2000)") if method == bridge.AREA_ELLIPSOIDAL else tr("planar")
    feedback.pushInfo(tr("Swap-ins: {} pieces, {:.4f} ha; area method {}.").format(len(found), found.total_ha, words))
