"""The one bridge between QGIS and the pure core.

Reading turns a ``QgsFeatureSource`` into arrays (feature ids, shapely geometries decoded from WKB in
bulk, attribute rows, evaluated expressions); writing turns arrays back into sink features. Every
algorithm goes through here, so this is where speed, repair of bad geometry and CRS handling live.

Areas are always square metres: planar in a projected CRS, or ellipsoidal on the CGCS2000 ellipsoid.
A geographic CRS (EPSG:4490 degrees) is always measured ellipsoidally, never in square degrees.
"""
import os
from dataclasses import dataclass, field

import numpy as np
import shapely
from qgis.core import (
    QgsDistanceArea,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextScope,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsUnitTypes,
    QgsWkbTypes,
)

from .core.geometry import clean_polygons
from .i18n import tr

AREA_PLANAR, AREA_ELLIPSOIDAL = 0, 1
CGCS2000_ELLIPSOID = "EPSG:1024"
CANCEL_CHECK_EVERY = 2000


@dataclass
class LayerArrays:
    """One layer as arrays; index k of every array is the k-th feature in reading order."""

    name: str
    crs: object
    fields: QgsFields
    fids: np.ndarray
    geoms: np.ndarray  # shapely geometries, None where the feature has no geometry
    rows: list = field(default_factory=list)  # attribute lists, empty when not asked for
    values: dict = field(default_factory=dict)  # expression name -> evaluated values

    def __len__(self):
        return len(self.fids)

    @property
    def has_geometry(self):
        return ~shapely.is_missing(self.geoms)


def check_canceled(feedback):
    """Stop when the user canceled; for use before any output is created."""
    if feedback is not None and feedback.isCanceled():
        raise QgsProcessingException(tr("Canceled by the user: no output was written."))


def check_canceled_writing(feedback, sink_name=None):
    """Stop when the user canceled, once outputs exist: say that they are incomplete.

    Processing leaves a file output where it is when a run stops. A GeoPackage keeps its features in an
    uncommitted transaction and ends up without the layer, but a shapefile or a CSV keeps the features
    written so far and would look like a finished result, so the message tells the user not to use it.
    """
    if feedback is not None and feedback.isCanceled():
        if sink_name:
            text = tr("Canceled by the user while output {} was being written: the outputs are incomplete. "
                      "Do not use them; delete any output file already written.").format(sink_name)
        else:
            text = tr("Canceled by the user while the outputs were being written: the outputs are incomplete. "
                      "Do not use them; delete any output file already written.")
        raise QgsProcessingException(text)


def field_list(fields):
    """The names of ``fields`` for a message, e.g. "BSM, DLBM, TBMJ"."""
    names = [f.name() for f in fields]
    return ", ".join(names) if names else tr("(none)")


def _missing_columns(expression, fields):
    """Fields an expression refers to that ``fields`` lacks (case ignored, as QGIS matches them)."""
    names = {f.name().lower() for f in fields}
    return sorted(
        c for c in expression.referencedColumns()
        if c and c.lower() not in names and not c.startswith("#!")  # "#!…": every attribute, not a field
    )


def layer_label(source, fallback):
    """A human name for messages: the layer's own name when Processing knows it.

    A layer given as "county.gpkg|layername=pbf" is named after the file ("county") by Processing, which
    says nothing when every layer of a county comes from one GeoPackage: then the name of the layer inside
    the file ("pbf") is used. A name the user chose (a project layer renamed) is kept.
    """
    try:
        name = source.sourceName()
    except AttributeError:
        name = ""
    inner, path = _layer_in_file(source)
    if inner and (not name or name == os.path.splitext(os.path.basename(path))[0]):
        return inner
    return name or fallback


def _layer_in_file(source):
    """(name of the layer inside its file, path of the file) of a layer or a Processing source; '' if unknown."""
    try:
        if hasattr(source, "providerType"):  # a QgsVectorLayer
            parts = QgsProviderRegistry.instance().decodeUri(source.providerType(), source.source())
        else:
            # A QgsProcessingFeatureSource does not give its layer away, but the layer's expression scope
            # holds the layer, and decode_uri reads its source.
            scope = source.createExpressionContextScope()
            if scope is None or not scope.hasVariable("layer"):
                return "", ""
            expression_context = QgsExpressionContext()
            expression_context.appendScope(scope)
            parts = QgsExpression("decode_uri(@layer)").evaluate(expression_context)
        if not isinstance(parts, dict):
            return "", ""
        return str(parts.get("layerName") or ""), str(parts.get("path") or "")
    except Exception:  # noqa: BLE001 — a name is a nicety: any failure keeps the name Processing gives
        return "", ""


def read_layer(
    source,
    context,
    feedback,
    name,
    crs=None,
    attributes=True,
    expressions=None,
    polygons=True,
    filter_expression=None,
    fids=None,
    subset=None,
):
    """Read every feature of ``source`` into a ``LayerArrays``.

    ``crs``: transform geometries into this CRS (the main input's) while reading, so that all layers of a
    run are compared in one coordinate system. ``attributes=False`` skips attribute rows (faster for
    layers used only for their shape). ``expressions``: {key: expression string}, each evaluated per
    feature into ``values[key]``; a parse or evaluation error names the layer and the expression.
    ``polygons``: repair invalid geometries into valid polygons and warn how many were repaired.
    ``filter_expression``: read only the features for which it is true (evaluated by the provider, compiled
    to SQL where it can be: much faster than reading everything and testing afterwards); a parse error or a
    field the layer lacks names the layer. ``fids``: read only these feature ids.
    ``subset``: names of the only fields whose values are fetched (the others read as NULL, rows keep the
    layer's width); a county's parcel layer reads much faster when only the fields used are fetched.
    """
    if source is None:
        raise QgsProcessingException(tr("Layer {} could not be loaded.").format(name))
    label = layer_label(source, name)
    request = QgsFeatureRequest()
    if crs is not None and source.sourceCrs() != crs:
        request.setDestinationCrs(crs, context.transformContext())
    if fids is not None:
        request.setFilterFids([int(f) for f in fids])
    if filter_expression:
        _set_filter(request, source, context, label, filter_expression)
    expressions = {k: v for k, v in (expressions or {}).items() if v}
    compiled = {}
    exp_context = None
    if expressions:
        exp_context = QgsExpressionContext(context.expressionContext())
        try:
            exp_context.appendScope(source.createExpressionContextScope())
        except AttributeError:
            exp_context.appendScope(QgsExpressionContextScope())
        for key, text in expressions.items():
            expression = QgsExpression(text)
            if expression.hasParserError():
                raise QgsProcessingException(
                    tr("Layer {}: the expression {} ({}) cannot be read: {}").format(
                        label, key, text, expression.parserErrorString()
                    )
                )
            missing = _missing_columns(expression, source.fields())
            if missing:
                # Evaluating would fail on the first feature with "Column not found"; say which fields
                # the layer does have instead, so a regional schema can be mapped.
                raise QgsProcessingException(
                    tr("Layer {}: the expression {} ({}) uses fields the layer does not have: {}. Its fields "
                       "are: {}.").format(label, key, text, ", ".join(missing), field_list(source.fields()))
                )
            expression.prepare(exp_context)
            compiled[key] = expression
    if not attributes and not compiled:
        request.setNoAttributes()
    elif subset is not None and not compiled:
        request.setSubsetOfAttributes([n for n in subset if n], source.fields())

    total = max(source.featureCount(), 1)
    fids, wkbs, rows = [], [], []
    values = {key: [] for key in compiled}
    for k, feature in enumerate(source.getFeatures(request)):
        if k % CANCEL_CHECK_EVERY == 0:
            check_canceled(feedback)
            if feedback is not None:
                feedback.setProgress(100.0 * k / total)
        fids.append(feature.id())
        geometry = feature.geometry()
        wkbs.append(None if geometry.isNull() else bytes(geometry.asWkb()))
        if attributes:
            rows.append(feature.attributes())
        if compiled:
            exp_context.setFeature(feature)
            for key, expression in compiled.items():
                value = expression.evaluate(exp_context)
                if expression.hasEvalError():
                    raise QgsProcessingException(
                        tr("Layer {}, feature {}: the expression {} ({}) failed: {}").format(
                            label, feature.id(), key, expressions[key], expression.evalErrorString()
                        )
                    )
                values[key].append(value)

    geoms = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.empty(0, dtype=object)
    geoms = np.asarray(geoms, dtype=object)
    if polygons and len(geoms):
        geoms, repaired = clean_polygons(geoms)
        if len(repaired) and feedback is not None:
            shown = ", ".join(str(fids[i]) for i in repaired[:20])
            more = "" if len(repaired) <= 20 else " …"
            feedback.pushWarning(
                tr("Layer {}: {} invalid geometries were repaired (make valid); feature ids {}{}").format(
                    label, len(repaired), shown, more
                )
            )
    missing = int(shapely.is_missing(geoms).sum()) if len(geoms) else 0
    if missing and feedback is not None:
        feedback.pushWarning(
            tr("Layer {}: {} features have no geometry; they are passed through unchanged and not measured.").format(
                label, missing
            )
        )
    return LayerArrays(
        name=label,
        crs=crs if crs is not None else source.sourceCrs(),
        fields=source.fields(),
        fids=np.array(fids, dtype=np.int64),
        geoms=geoms,
        rows=rows,
        values={k: np.array(v, dtype=object) for k, v in values.items()},
    )


def _set_filter(request, source, context, label, text):
    """Filter ``request`` by the expression ``text``, refusing what would silently match nothing."""
    expression = QgsExpression(text)
    if expression.hasParserError():
        raise QgsProcessingException(
            tr("Layer {}: the filter expression ({}) cannot be read: {}").format(
                label, text, expression.parserErrorString()
            )
        )
    missing = _missing_columns(expression, source.fields())
    if missing:
        # A filter whose evaluation fails drops every feature without a word: say so instead.
        raise QgsProcessingException(
            tr("Layer {}: the filter expression ({}) uses fields the layer does not have: {}. Its fields "
               "are: {}.").format(label, text, ", ".join(missing), field_list(source.fields()))
        )
    filter_context = QgsExpressionContext(context.expressionContext())
    try:
        filter_context.appendScope(source.createExpressionContextScope())
    except AttributeError:
        pass
    request.setFilterExpression(text)
    request.setExpressionContext(filter_context)


def area_method_for(crs, method, feedback=None):
    """The area method actually used: a geographic CRS forces ellipsoidal measurement."""
    if method == AREA_PLANAR and crs.isGeographic():
        if feedback is not None:
            feedback.pushWarning(
                tr("The layer is in the geographic CRS {}: areas are measured on the CGCS2000 ellipsoid, "
                   "never in square degrees.").format(crs.authid())
            )
        return AREA_ELLIPSOIDAL
    return method


def areas_m2(geoms, crs, method, context):
    """Area of each geometry in m² (0 for missing ones), planar or ellipsoidal (see module doc)."""
    geoms = np.asarray(geoms, dtype=object)
    if method == AREA_PLANAR and not crs.isGeographic():
        factor = QgsUnitTypes.fromUnitToUnitFactor(
            QgsUnitTypes.distanceToAreaUnit(crs.mapUnits()), QgsUnitTypes.AreaSquareMeters
        )
        return np.nan_to_num(shapely.area(geoms)) * factor
    return _on_ellipsoid(geoms, crs, context, "measureArea")


def lengths_m(geoms, crs, method, context):
    """Length of each geometry in metres (0 for missing ones), planar or ellipsoidal like ``areas_m2``."""
    geoms = np.asarray(geoms, dtype=object)
    if method == AREA_PLANAR and not crs.isGeographic():
        factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), QgsUnitTypes.DistanceMeters)
        return np.nan_to_num(shapely.length(geoms)) * factor
    return _on_ellipsoid(geoms, crs, context, "measureLength")


def _on_ellipsoid(geoms, crs, context, measure):
    """Measure each geometry on the CGCS2000 ellipsoid with QgsDistanceArea's ``measure`` (0 for missing ones)."""
    calculator = QgsDistanceArea()
    calculator.setSourceCrs(crs, context.transformContext())
    if not calculator.setEllipsoid(CGCS2000_ELLIPSOID):
        raise QgsProcessingException(tr("The CGCS2000 ellipsoid is not known to this QGIS installation."))
    measure = getattr(calculator, measure)
    out = np.zeros(len(geoms))
    for k, wkb in enumerate(shapely.to_wkb(geoms)):
        if wkb is None:
            continue
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        out[k] = measure(geometry)
    return out


def combined_fields(fields, extra):
    """``fields`` followed by ``extra`` (a QgsFields or list of QgsField); clashing names get a suffix."""
    extra_fields = QgsFields()
    for f in extra:
        extra_fields.append(f)
    return QgsProcessingUtils.combineFields(fields, extra_fields)


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
    for k, (wkb, row) in enumerate(zip(wkbs, rows)):
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


def _flush(sink, batch, sink_name):
    if batch and not sink.addFeatures(batch, QgsFeatureSink.FastInsert):
        raise QgsProcessingException(
            tr("Could not write to output {}: {}").format(sink_name, sink.lastError() or tr("unknown error"))
        )
    batch.clear()
