"""Writing arrays back into sinks: shapely geometries and attribute rows become QgsFeatures."""
import numpy as np
import shapely
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from ..i18n import tr
from .messages import CANCEL_CHECK_EVERY, check_canceled_writing


def combined_fields(fields, extra):
    """``fields`` followed by ``extra`` (a QgsFields or list of QgsField); clashing names get a suffix."""
    extra_fields = QgsFields()
    for f in extra:
        extra_fields.append(f)
    return QgsProcessingUtils.combineFields(fields, extra_fields)


def feature_id_first(fields):
    """(``fields`` with a column called fid moved to the front, where it was or None).

    A GeoPackage writer takes the column fid as the feature id; placed after other columns, QGIS 3.22's writer
    shifted every value before it by one column. A writer that moves the column moves its values too."""
    at = next((k for k, f in enumerate(fields) if f.name().lower() == "fid"), None)
    if at is None:
        return fields, None
    out = QgsFields()
    out.append(fields.at(at))
    for k, f in enumerate(fields):
        if k != at:
            out.append(f)
    return out, at


def unique_fids(fields, rows):
    """Rows whose ``fid`` field (a GeoPackage's feature id) is unique: repeats and NULLs get new ids.

    Pieces cut from one feature, or features gathered from several layers, would repeat a fid, and GDAL
    refuses the repeats (UNIQUE constraint) while Processing still reports success. A NULL is no cure:
    the GeoPackage numbers it max+1 on insertion, which a later explicit fid may then repeat. So every
    feature keeps its fid when it is the first to carry it, and any other gets a fresh one above them all.
    """
    index = next((k for k, f in enumerate(fields) if f.name().lower() == "fid"), -1)
    if index < 0:
        return rows
    def as_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    ids = [as_int(row[index]) for row in rows]
    fresh = max((i for i in ids if i is not None), default=0) + 1
    seen = set()
    out = []
    for row, fid in zip(rows, ids):
        if fid is None or fid in seen:
            row = list(row)
            row[index] = fid = fresh
            fresh += 1
        seen.add(fid)
        out.append(row)
    return out


def write_features(sink, geoms, rows, feedback=None, sink_name="OUTPUT", fields=None):
    """Add one feature per geometry/row to ``sink``; polygons are written as MultiPolygons.

    Pass the sink's ``fields`` when rows may repeat a GeoPackage ``fid`` (see ``unique_fids``).
    """
    if sink is None:
        return
    if fields is not None:
        rows = unique_fids(fields, rows)
    wkbs = shapely.to_wkb(np.asarray(geoms, dtype=object)) if len(geoms) else []
    batch = []
    for wkb, row in zip(wkbs, rows):
        feature = QgsFeature()
        if wkb is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            if QgsWkbTypes.geometryType(geometry.wkbType()) == QgsWkbTypes.PolygonGeometry:
                geometry.convertToMultiType()
            feature.setGeometry(geometry)
        feature.setAttributes(list(row))
        batch.append(feature)
        if len(batch) >= CANCEL_CHECK_EVERY:
            _flush(sink, batch, sink_name)
            check_canceled_writing(feedback, sink_name)
    _flush(sink, batch, sink_name)


def add_features(sink, features, feedback=None, sink_name="OUTPUT"):
    """Add ready QgsFeatures to ``sink`` in batches, stopping between batches when the user cancels."""
    for start in range(0, len(features), CANCEL_CHECK_EVERY):
        check_canceled_writing(feedback, sink_name)
        if feedback is not None:
            feedback.setProgress(100.0 * start / len(features))
        _flush(sink, features[start:start + CANCEL_CHECK_EVERY], sink_name)
    check_canceled_writing(feedback, sink_name)


def as_multi_geometry(geom):
    """A shapely geometry (or None) as a QgsGeometry, polygons as MultiPolygons, as ``write_features`` writes it."""
    geometry = QgsGeometry()
    if geom is not None:
        geometry.fromWkb(shapely.to_wkb(geom))
        if QgsWkbTypes.geometryType(geometry.wkbType()) == QgsWkbTypes.PolygonGeometry:
            geometry.convertToMultiType()
    return geometry


def _flush(sink, batch, sink_name):
    if batch and not sink.addFeatures(batch, QgsFeatureSink.FastInsert):
        raise QgsProcessingException(
            tr("Could not write to output {}: {}").format(sink_name, sink.lastError() or tr("unknown error"))
        )
    batch.clear()
