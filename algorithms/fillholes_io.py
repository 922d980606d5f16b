"""The QGIS side of planmaint:fillholes around its core (``core.holes``): the fields of its outputs, and the
blocker layers read near the holes into what each covers of them."""
import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsFields,
    QgsProcessingMultiStepFeedback,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge
from .compat import new_field
from .core import holes as core

# Fields added to OUTPUT. A field of that name already in the input (a layer this tool wrote before) is
# reused, so running the tool again on its own output does not pile up TZLX_2, TZLX_3 …
OUTPUT_EXTRA = [("HOLE_ID", QVariant.Int), ("TZLX", QVariant.String), ("MJ_MU", QVariant.Double)]
NUMERIC = {QVariant.Int, QVariant.UInt, QVariant.LongLong, QVariant.ULongLong, QVariant.Double}
# The types of an existing field that can hold each extra field's values.
FITS = {QVariant.String: {QVariant.String}, QVariant.Int: NUMERIC - {QVariant.Double}, QVariant.Double: NUMERIC}


def output_fields(fields):
    """(fields of OUTPUT, {extra name: index}): the input's fields, then HOLE_ID, TZLX, MJ_MU."""
    index, append = {}, []
    for field_name, kind in OUTPUT_EXTRA:
        k = fields.lookupField(field_name)
        if k >= 0 and fields.at(k).type() in FITS[kind]:
            index[field_name] = k
        else:
            append.append((field_name, kind))
    combined = bridge.combined_fields(fields, [new_field(name, kind) for name, kind in append])
    for j, (field_name, _) in enumerate(append):
        index[field_name] = fields.count() + j
    return combined, index


# The fields of HOLES, in the order of the rows of ``core.HolePlan.table``.
HOLES_FIELDS = [("HOLE_ID", QVariant.Int), ("KIND", QVariant.String), ("AREA_MU", QVariant.Double),
                ("RING_MU", QVariant.Double), ("FILLED", QVariant.Int), ("BLOCKED_MU", QVariant.Double),
                ("BLOCKED_BY", QVariant.String)]


# Added to HOLES when land planned for re-greening is given, in the order of ``core.HolePlan.table``: the
# blockers' area inside it (mu), and FLYY (复绿原因) 1 where a hole or sliver is filled only thanks to it.
REGREEN_FIELDS = [("REGREEN_MU", QVariant.Double), ("FLYY", QVariant.Int)]


def holes_fields(regreen=False):
    """The fields of HOLES; with ``regreen`` (a re-greening layer given) also REGREEN_MU and FLYY."""
    fields = QgsFields()
    for field_name, kind in HOLES_FIELDS + (REGREEN_FIELDS if regreen else []):
        fields.append(new_field(field_name, kind))
    return fields


def blocker_ids_near(layer, candidates, crs, context, feedback):
    """Ids of the blocker features near the holes, or None when reading the whole layer is cheaper.

    The windows come from ``core.blocker_windows``; the layer's spatial index is asked for each, ids only.
    A layer without a spatial index (the memory layer a model step leaves, a shapefile without .qix) would
    scan all its features for every window, so it is read whole in one pass instead and
    ``core.blocked_geometry`` keeps the blockers that meet the holes.
    """
    if layer.hasSpatialIndex() == QgsFeatureSource.SpatialIndexNotPresent:
        return None
    extent = layer.extent()
    if layer.crs() != crs:
        try:
            extent = QgsCoordinateTransform(layer.crs(), crs, context.transformContext()).transformBoundingBox(extent)
        except QgsCsException:
            return None  # an extent that cannot be transformed: read everything, the CRS check is the bridge's
    windows = core.blocker_windows(candidates, layer.featureCount(), extent.width() * extent.height())
    if windows is None:
        return None
    ids = set()
    for window in windows:
        request = QgsFeatureRequest().setFilterRect(QgsRectangle(*window)).setNoAttributes()
        request.setFlags(QgsFeatureRequest.NoGeometry)
        if layer.crs() != crs:
            request.setDestinationCrs(crs, context.transformContext())
        ids.update(f.id() for f in layer.getFeatures(request))
        bridge.check_canceled(feedback)
    return sorted(ids)


def blocker_covers(layers, candidates, crs, context, steps, feedback):
    """What each blocker layer covers of the candidates (``core.BlockerCover``), reading only what lies near."""
    covers = []
    layer_steps = QgsProcessingMultiStepFeedback(max(len(layers), 1), steps)
    for k, layer in enumerate(layers):
        layer_steps.setCurrentStep(k)
        name = bridge.layer_label(layer, layer.name())
        if not len(candidates):
            covers.append(core.BlockerCover(name, np.empty(0, dtype=object)))
            continue
        near = blocker_ids_near(layer, candidates.geoms, crs, context, feedback)
        blockers = bridge.read_layer(layer, context, layer_steps, name, crs=crs, attributes=False, fids=near)
        covers.append(core.blocker_cover(candidates, name, blockers.geoms))
        bridge.check_canceled(feedback)
    return covers
