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
    QgsAbstractGeometry,
    QgsDistanceArea,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextScope,
    QgsExpressionNode,
    QgsExpressionNodeBinaryOperator,
    QgsExpressionNodeUnaryOperator,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from . import compat
from .core.encoding import first_misread
from .core.geometry import clean_polygons
from .i18n import tr

AREA_PLANAR, AREA_ELLIPSOIDAL = 0, 1
CGCS2000_ELLIPSOID = "EPSG:1024"
CANCEL_CHECK_EVERY = 2000
# Shapely and the core know straight edges only, so true arcs (a survey's CurvePolygon, a File Geodatabase's
# arcs) are replaced on reading by straight segments at most this far from the arc: a millimetre moves no
# boundary a land survey draws, and changes an area by less than 0.001 m² per metre of arc.
CURVE_DEVIATION_M = 0.001
METRES_PER_DEGREE = 111319.49  # a degree of the equator: the most a degree spans on the ground


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
    # Positions whose geometry was invalid and was repaired (or became None): these differ from the source.
    repaired: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

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
    except Exception:  # a name is a nicety: any failure keeps the name Processing gives
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
    ``subset``: names of the only fields whose values are fetched (the others read as None, rows keep the
    layer's width); a county's parcel layer reads much faster when only the fields used are fetched.
    """
    return _read_through_qgis(
        source, context, feedback, name, crs=crs, attributes=attributes, expressions=expressions,
        polygons=polygons, filter_expression=filter_expression, fids=fids, subset=subset,
    )


def _read_through_qgis(
    source, context, feedback, name, crs=None, attributes=True, expressions=None, polygons=True,
    filter_expression=None, fids=None, subset=None, geometry=True,
):
    """``read_layer``'s work; ``geometry=False`` fetches no geometry (every geometry then reads as None)."""
    if source is None:
        raise QgsProcessingException(tr("Layer {} could not be loaded.").format(name))
    label = layer_label(source, name)
    request = QgsFeatureRequest()
    if not geometry:
        request.setFlags(QgsFeatureRequest.NoGeometry)
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
        exp_context = _expression_context(source, context)
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
    picked = None
    if not attributes and not compiled:
        request.setNoAttributes()
    elif subset is not None and not compiled:
        request.setSubsetOfAttributes([n for n in subset if n], source.fields())
        if QgsFeatureRequest.ALL_ATTRIBUTES not in subset:
            # Some providers (memory layers: a model's intermediate results) hand over every attribute
            # anyway; converting a wide row to Python costs more than reading the few fields wanted.
            picked = sorted({source.fields().lookupField(n) for n in subset if n} - {-1})
    elif not attributes:
        # Only the expressions' own fields are fetched (QGIS adds the filter's): a county's land-use layer
        # read for a priority expression needs two or three of its columns, not all of them.
        needed = set()
        for expression in compiled.values():
            needed |= set(expression.referencedColumns())
        if QgsFeatureRequest.ALL_ATTRIBUTES not in needed:
            request.setSubsetOfAttributes(sorted(n for n in needed if n), source.fields())

    total = max(source.featureCount(), 1)
    width = source.fields().count()
    fids, wkbs, rows = [], [], []
    values = {key: [] for key in compiled}
    for k, feature in enumerate(source.getFeatures(request)):
        if k % CANCEL_CHECK_EVERY == 0:
            check_canceled(feedback)
            if feedback is not None:
                feedback.setProgress(100.0 * k / total)
        fids.append(feature.id())
        if geometry:
            shape = feature.geometry()
            wkbs.append(None if shape.isNull() else bytes(shape.asWkb()))
        if picked is not None:
            row = [None] * width
            for i in picked:
                row[i] = feature.attribute(i)
            rows.append(row)
        elif attributes:
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

    if not geometry:
        return LayerArrays(
            name=label,
            crs=crs if crs is not None else source.sourceCrs(),
            fields=source.fields(),
            fids=np.array(fids, dtype=np.int64),
            geoms=np.full(len(fids), None, dtype=object),
            rows=rows,
            values={k: np.array(v, dtype=object) for k, v in values.items()},
        )
    geoms = _from_wkb_linear(wkbs, crs if crs is not None else source.sourceCrs(), label, feedback)
    return _finish(source, crs, label, fids, geoms, rows, values, polygons, feedback)


def curve_tolerance(crs):
    """``CURVE_DEVIATION_M`` in the units of ``crs`` (degrees of a geographic CRS err on the small side)."""
    if crs is None or not crs.isValid():
        return CURVE_DEVIATION_M
    if crs.isGeographic():
        return CURVE_DEVIATION_M / METRES_PER_DEGREE
    return CURVE_DEVIATION_M * QgsUnitTypes.fromUnitToUnitFactor(QgsUnitTypes.DistanceMeters, crs.mapUnits())


def linear_geometry(geometry, tolerance):
    """``geometry`` (a QgsGeometry) itself when it has no arcs, else a copy with every arc replaced by straight
    segments at most ``tolerance`` (layer units) from it; Z and M values are kept."""
    if geometry.isNull() or not QgsWkbTypes.isCurvedType(geometry.wkbType()):
        return geometry
    return QgsGeometry(geometry.constGet().segmentize(tolerance, QgsAbstractGeometry.MaximumDifference))


def _holds_arcs(geoms):
    """Whether shapely geometries include curved types (type ids 8 and up: CircularString, CompoundCurve,
    CurvePolygon …), which GEOS 3.13 reads but the core does not measure."""
    return bool(len(geoms)) and bool((shapely.get_type_id(geoms) > 7).any())


def _from_wkb_linear(wkbs, crs, label, feedback):
    """Shapely geometries of ``wkbs`` (None stays None), arcs linearised first, with one warning saying so.

    Arcs are looked for only when shapely refuses the WKB (GEOS before 3.13 does not know curves, shapely 2.1
    refuses them) or hands back a curve: a layer's type does not tell (a File Geodatabase's polygon layer is
    typed MultiPolygon in QGIS and still holds arcs), and a county without arcs pays nothing.
    """
    if not wkbs:
        return np.empty(0, dtype=object)
    try:
        geoms = shapely.from_wkb(np.array(wkbs, dtype=object))
        if not _holds_arcs(geoms):
            return geoms
    except (shapely.errors.GEOSException, NotImplementedError):
        pass
    tolerance = curve_tolerance(crs)
    wkbs = list(wkbs)
    curved, has_z, has_m = 0, False, False
    for k, wkb in enumerate(wkbs):
        if wkb is None:
            continue
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        if QgsWkbTypes.isCurvedType(geometry.wkbType()):
            if geometry.constGet().hasCurvedSegments():  # not merely of a curved type (a MultiSurface of polygons)
                curved += 1
                has_z = has_z or QgsWkbTypes.hasZ(geometry.wkbType())
                has_m = has_m or QgsWkbTypes.hasM(geometry.wkbType())
            wkbs[k] = bytes(linear_geometry(geometry, tolerance).asWkb())
    if curved and feedback is not None:
        feedback.pushWarning(_curves_warning(label, curved, has_z, has_m))
    return shapely.from_wkb(np.array(wkbs, dtype=object))


def _curves_warning(label, count, has_z, has_m):
    text = tr("Layer {}: {} features have curved edges (arcs); each arc was replaced by straight segments at most "
              "{} m from it before measuring, so areas may differ from the true arc by up to that distance times "
              "the arc's length, and outputs hold the straight-edged shapes.").format(label, count, CURVE_DEVIATION_M)
    if has_z and has_m:
        text += tr(" Their Z and M values are not used (areas are measured in 2-D): shapes computed from these "
                   "features have none.")
    elif has_z:
        text += tr(" Their Z values are not used (areas are measured in 2-D): shapes computed from these features "
                   "have none.")
    elif has_m:
        text += tr(" Their M values are not used (areas are measured in 2-D): shapes computed from these features "
                   "have none.")
    return text


def _finish(source, crs, label, fids, geoms, rows, values, polygons, feedback):
    """The ``LayerArrays`` of features read, geometries repaired and 2-D, with the warnings both readers give."""
    geoms = np.asarray(geoms, dtype=object)
    repaired = np.empty(0, dtype=np.int64)
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
        repaired=np.asarray(repaired, dtype=np.int64),
    )


def _expression_context(source, context):
    """The context the expressions of a read are evaluated in: the run's, then the source layer's scope.

    Both readers use it, so an expression evaluated per distinct value sees what it sees per feature.
    """
    exp_context = QgsExpressionContext(context.expressionContext())
    try:
        exp_context.appendScope(source.createExpressionContextScope())
    except AttributeError:
        exp_context.appendScope(QgsExpressionContextScope())
    return exp_context


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


# --- text decoded with the wrong code page ----------------------------------------------------------------
#
# A shapefile written in GBK without a .cpg (and no code page in its DBF header) is read without an error but
# garbled (see core/encoding.py): a filter on its text finds nothing, names and reasons go out garbled. The
# text a run uses is checked before reading, on a sample, so a county's read costs a few milliseconds more.

TEXT_SAMPLE = 1000  # features looked at; a mis-decoded file garbles every Chinese text in it alike
UNICODE_FILES = (".gpkg", ".gdb", ".sqlite", ".geojson", ".json")  # their text is Unicode by definition


def text_used(text_fields, options):
    """Names of the fields a read uses: ``text_fields`` and those of its filter, expressions and subset."""
    names = {n for n in text_fields or () if n}
    texts = [options.get("filter_expression")] + list((options.get("expressions") or {}).values())
    for text in texts:
        if text:
            names |= set(QgsExpression(text).referencedColumns())
    names |= {n for n in options.get("subset") or () if n}
    names.discard(QgsFeatureRequest.ALL_ATTRIBUTES)
    return sorted(names)


def check_text(source, label, feedback, used=(), passed=False):
    """Stop when text a run uses was decoded with the wrong code page; warn once when text it copies was.

    ``used``: names of the fields the run uses (filters, expressions, field parameters); ``passed``: every
    other text field goes into the outputs. A sample is looked at; when it shows garbled text, the used
    fields are checked whole (their distinct values). GeoPackages and other Unicode formats are not checked.
    """
    if source is None:
        return
    fields = source.fields()
    text = {k for k in range(fields.count()) if int(fields.at(k).type()) == int(QVariant.String)}
    used = {fields.lookupField(n) for n in used} & text
    copied = (text - used) if passed else set()
    path = _layer_in_file(source)[1]
    if not (used or copied) or path.lower().rstrip("/\\").endswith(UNICODE_FILES):
        return
    sample = _text_sample(source, sorted(used | copied), path)
    found = {k: first_misread(values) for k, values in sample.items()}
    found = {k: f for k, f in found.items() if f is not None}
    if not found:
        return
    for k in used - set(found):  # the file is mis-decoded: every value the run uses is looked at
        misread = first_misread(source.uniqueValues(k))
        if misread is not None:
            found[k] = misread
    stop = sorted(k for k in found if k in used)
    if stop:
        raise QgsProcessingException(_garbled_message(label, fields, stop, found, path, used=True))
    if feedback is not None:
        feedback.pushWarning(_garbled_message(label, fields, sorted(found), found, path, used=False))


def _text_sample(source, indices, path):
    """{field index: values} of up to TEXT_SAMPLE features: the first ones, or of a shapefile, spread over it."""
    request = QgsFeatureRequest()
    request.setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(indices)
    count = source.featureCount()
    if path.lower().endswith((".shp", ".dbf")) and count > TEXT_SAMPLE:
        # a shapefile's feature ids are its record numbers: a spread sample costs no more than the first ones
        request.setFilterFids(sorted({int(i) for i in np.linspace(0, count - 1, TEXT_SAMPLE)}))
    else:
        request.setLimit(TEXT_SAMPLE)
    sample = {k: [] for k in indices}
    for feature in source.getFeatures(request):
        for k in indices:
            sample[k].append(feature.attribute(k))
    return sample


def _garbled_message(label, fields, indices, found, path, used):
    """The error (``used``) or warning naming the garbled fields of layer ``label``, an example and the fix."""
    names = ", ".join(fields.at(k).name() for k in indices)
    example = found[indices[0]]
    if example.encoding:
        shown = tr("e.g. '{0}', which reads '{1}' in {2}").format(example.text, example.meant, example.encoding)
    else:
        shown = tr("e.g. '{}': characters were lost in decoding").format(example.text)
    cpg = os.path.splitext(os.path.basename(path))[0] + ".cpg" if path else "<shapefile name>.cpg"
    if example.encoding:
        fix = tr("Set the layer's encoding to {0} (layer properties → Source → Data source encoding; 图层属性 → 源 → "
                 "数据源编码), or put a file {1} containing {0} next to the shapefile, then run again.").format(
            example.encoding, cpg)
    else:
        fix = tr("Set the layer's encoding to the one the file was written in, GBK for most Chinese shapefiles "
                 "(layer properties → Source → Data source encoding; 图层属性 → 源 → 数据源编码), or put a file {} "
                 "containing GBK next to the shapefile, then run again.").format(cpg)
    if used:
        return tr("Layer {}: the text of field {} is garbled ({}), so this run cannot use it: the file is read "
                  "with the wrong encoding (code page). {}").format(label, names, shown, fix)
    return tr("Layer {}: the text of fields {} is garbled ({}): the file is read with the wrong encoding (code "
              "page), and these fields are copied into the outputs as they are. {}").format(label, names, shown, fix)


# --- reading a file layer through GDAL's columnar (Arrow) reader ----------------------------------------
#
# PyQGIS costs ~25–40 µs a feature; GDAL's Arrow stream hands whole columns to numpy at a fraction of that.
# It is only used where it gives exactly what QGIS's OGR provider gives: a GeoPackage or shapefile opened
# as it is on disk (no subset string, selection, feature limit, edit buffer, joined or virtual field,
# reprojection), whose field types QGIS maps one to one. Anything else is read through QGIS.

FAST_READ_DRIVERS = ("GPKG", "ESRI Shapefile")


class _NotFast(Exception):
    """The columnar reader met something it cannot give exactly as QGIS does: read through QGIS instead."""


def _text_use(options):
    """(text_fields, passes_text) taken out of a reader's keywords: what ``check_text`` needs, not ``read_layer``."""
    return options.pop("text_fields", ()), options.pop("passes_text", False)


def read_input(alg, parameters, param_name, context, feedback, name, **options):
    """``read_layer`` of the source of parameter ``param_name``, through GDAL's columnar reader when it can.

    The result is the same ``LayerArrays`` as ``read_layer(alg.source_keeping_invalid(...), ...)``: same
    feature ids in the same order, same geometries (repaired, same warnings), same attribute rows with the
    values QGIS gives (typed NULLs, QDate, QDateTime, bool …). ``options`` are ``read_layer``'s keywords.
    The source is read as Processing's "do not filter invalid geometries" would read it.
    A QgsProcessingFeatureSource does not reveal its file, so the decision is made on the parameter
    (``parameterAsVectorLayer`` and its source definition); when in doubt, the layer is read through QGIS.

    The text the run uses is checked first (``check_text``): the keyword ``text_fields`` names the fields a
    run uses besides those of the filter, the expressions and ``subset``; ``passes_text=True``: the layer's
    other text goes into the outputs.
    """
    text_fields, passes_text = _text_use(options)
    if hasattr(alg, "source_keeping_invalid"):
        source = alg.source_keeping_invalid(parameters, param_name, context)
        every_feature = True
    else:
        source = alg.parameterAsSource(parameters, param_name, context)
        # Otherwise Processing may skip or refuse invalid features: only QGIS reads them that way.
        every_feature = context.invalidGeometryCheck() == QgsFeatureRequest.GeometryNoCheck
    check_text(source, layer_label(source, name) if source is not None else name, feedback,
               text_used(text_fields, options), passes_text)
    if source is not None and every_feature:
        try:
            plan = _fast_plan(alg, parameters, param_name, context, source, options)
            if plan is not None:
                return _read_arrow(plan, source, context, feedback, name, **options)
        except _NotFast:
            pass
    return read_layer(source, context, feedback, name, **options)


@dataclass
class _FastPlan:
    layer: object  # the QgsVectorLayer
    path: str
    driver: str
    layer_name: str
    layer_id: object


# OGR field (type, subtype) -> the QVariant type QGIS 3.22's OGR provider gives it. Others (lists, binary,
# time, float32, JSON …) are read through QGIS.
def _ogr_field_types():
    from osgeo import ogr

    return {
        (ogr.OFTInteger, ogr.OFSTNone): QVariant.Int,
        (ogr.OFTInteger, ogr.OFSTInt16): QVariant.Int,
        (ogr.OFTInteger, ogr.OFSTBoolean): QVariant.Bool,
        (ogr.OFTInteger64, ogr.OFSTNone): QVariant.LongLong,
        (ogr.OFTReal, ogr.OFSTNone): QVariant.Double,
        (ogr.OFTString, ogr.OFSTNone): QVariant.String,
        (ogr.OFTDate, ogr.OFSTNone): QVariant.Date,
        (ogr.OFTDateTime, ogr.OFSTNone): QVariant.DateTime,
    }


def _fast_plan(alg, parameters, param_name, context, source, options):
    """Where the parameter's features are on disk, when the columnar reader gives exactly what QGIS gives."""
    value = parameters.get(param_name) if isinstance(parameters, dict) else None
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        if value.selectedFeaturesOnly or value.featureLimit not in (-1, None):
            return None
        if (value.flags & QgsProcessingFeatureSourceDefinition.FlagOverrideDefaultGeometryCheck
                and value.geometryCheck != QgsFeatureRequest.GeometryNoCheck):
            return None
        if getattr(value, "filterExpression", ""):  # QGIS ≥ 3.32
            return None
        # parameterAsVectorLayer does not look inside a source definition: give it the layer it names.
        parameters = dict(parameters)
        parameters[param_name] = value.source.valueAsString(context.expressionContext())[0]
    return _layer_plan(alg.parameterAsVectorLayer(parameters, param_name, context), source, options)


def read_vector_layer(layer, context, feedback, name, **options):
    """``read_layer`` of a layer given as a layer (an item of a multi-layer parameter), fast where it can be.

    Such a layer is read with every feature, as ``read_layer`` reads it, so GDAL's columnar reader gives the
    same result under the same conditions as in ``read_input``; its text is checked as ``read_input`` does.
    """
    text_fields, passes_text = _text_use(options)
    check_text(layer, layer_label(layer, name), feedback, text_used(text_fields, options), passes_text)
    try:
        plan = _layer_plan(layer, layer, options)
        if plan is not None:
            return _read_arrow(plan, layer, context, feedback, name, **options)
    except _NotFast:
        pass
    return read_layer(layer, context, feedback, name, **options)


def _layer_plan(layer, source, options):
    """Where ``layer``'s features are on disk, when the columnar reader gives exactly what QGIS gives of ``source``."""
    crs = options.get("crs")
    if crs is not None and source.sourceCrs() != crs:
        return None  # QGIS reprojects while reading
    for text in [options.get("filter_expression")] + list((options.get("expressions") or {}).values()):
        if text:
            expression = QgsExpression(text)
            # A parse error is reported by read_layer; an expression using the geometry needs QGIS's features.
            if expression.hasParserError() or expression.needsGeometry():
                return None
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid() or layer.providerType() != "ogr":
        return None
    provider = layer.dataProvider()
    driver = provider.storageType()
    if driver not in FAST_READ_DRIVERS or layer.subsetString():
        return None
    if layer.editBuffer() is not None and layer.isModified():
        return None  # uncommitted edits are only seen through QGIS
    kind = layer.wkbType()
    if QgsWkbTypes.hasM(kind) or QgsWkbTypes.flatType(kind) not in (
        QgsWkbTypes.Polygon, QgsWkbTypes.MultiPolygon, QgsWkbTypes.NoGeometry
    ):
        return None
    fields = layer.fields()
    if fields != source.fields() or fields.count() != provider.fields().count():
        return None
    if any(fields.fieldOrigin(k) != QgsFields.OriginProvider for k in range(fields.count())):
        return None  # joined, virtual or edit-buffer fields
    if layer.crs() != source.sourceCrs():
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    if any(v not in (None, "", []) and not (isinstance(v, QVariant) and v.isNull())
           for k, v in parts.items() if k not in ("path", "layerName", "layerId")):
        return None  # subset, geometry type, open options …
    layer_name = parts.get("layerName")
    layer_id = parts.get("layerId")
    return _FastPlan(
        layer=layer,
        path=str(parts.get("path") or ""),
        driver=driver,
        layer_name=layer_name if isinstance(layer_name, str) else "",
        layer_id=layer_id if isinstance(layer_id, int) else None,
    )


def _open_ogr_layer(plan):
    """(dataset, layer) of ``plan``; raises _NotFast when GDAL does not open the same layer QGIS did."""
    from osgeo import gdal

    try:
        dataset = gdal.OpenEx(plan.path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=[plan.driver])
    except RuntimeError:
        dataset = None
    if dataset is None:
        raise _NotFast()
    if plan.layer_name:
        ogr_layer = dataset.GetLayerByName(plan.layer_name)
    elif plan.layer_id is not None:
        ogr_layer = dataset.GetLayer(plan.layer_id)
    elif dataset.GetLayerCount() == 1:
        ogr_layer = dataset.GetLayer(0)
    else:
        ogr_layer = None
    if ogr_layer is None:
        raise _NotFast()
    return dataset, ogr_layer


def _read_arrow(plan, source, context, feedback, name, crs=None, attributes=True, expressions=None,
                polygons=True, filter_expression=None, fids=None, subset=None):
    """``read_layer`` through GDAL's Arrow stream; raises _NotFast on anything it cannot give exactly."""
    label = layer_label(source, name)
    fields = source.fields()
    expressions = {k: v for k, v in (expressions or {}).items() if v}
    dataset, ogr_layer = _open_ogr_layer(plan)
    definition = ogr_layer.GetLayerDefn()
    ogr_names = [definition.GetFieldDefn(k).GetName() for k in range(definition.GetFieldCount())]
    fid_column = ogr_layer.GetFIDColumn()
    # QGIS shows a GeoPackage's fid column as its first field; a shapefile has none.
    leading = [fid_column] if plan.driver == "GPKG" and fid_column else []
    if [f.name() for f in fields] != leading + ogr_names:
        raise _NotFast()
    types = _ogr_field_types()
    for k in range(len(ogr_names)):
        field_definition = definition.GetFieldDefn(k)
        expected = types.get((field_definition.GetType(), field_definition.GetSubType()))
        if expected is None or fields.at(len(leading) + k).type() != expected:
            raise _NotFast()
    if leading and fields.at(0).type() != QVariant.LongLong:
        raise _NotFast()

    # Which attributes QGIS would fetch (the others read as None), as read_layer asks for them.
    if not attributes:
        wanted = set()
    elif subset is not None and not expressions:
        if filter_expression:
            raise _NotFast()  # the provider may fetch the filter's fields too: QGIS knows which
        names = [n for n in subset if n]
        if QgsFeatureRequest.ALL_ATTRIBUTES in names:
            wanted = set(range(fields.count()))
        else:
            wanted = {fields.lookupField(n) for n in names} - {-1}
    else:
        wanted = set(range(fields.count()))
    wanted_ogr = sorted(k - len(leading) for k in wanted if k >= len(leading))
    # Expressions of field values only are evaluated once per distinct combination of those values, from
    # the columns read here; the others are evaluated by QGIS feature by feature.
    def ogr_columns(value_only):
        """(the value-only expressions, the OGR columns they use); (None, []) when they use the fid column,
        which QGIS then evaluates."""
        used = sorted({fields.lookupField(n) - len(leading) for n in (value_only or {}).get("__columns__", ())})
        return (None, []) if any(k < 0 for k in used) else (value_only, used)

    by_values, used_ogr = ogr_columns(_value_only_expressions(expressions, fields) if fids is None else None)
    # So is a filter of field values (QGIS's own loop over a county's parcels takes over a second): on every
    # feature, once per distinct combination, and a feature passes when the value is true as QGIS takes it.
    by_filter = None
    if filter_expression and fids is None and not (expressions and not by_values) and _plain_filter(
        filter_expression, fields
    ):
        by_filter = _value_only_expressions({"filter": filter_expression}, fields)
    by_filter, filter_ogr = ogr_columns(by_filter)
    read_ogr = sorted(set(wanted_ogr) | set(used_ogr) | set(filter_ogr))
    if plan.driver != "GPKG" and any(fields.at(len(leading) + k).type() == QVariant.String for k in read_ogr):
        # QGIS may decode a shapefile's strings itself or let GDAL recode them, depending on its settings.
        # Only a shapefile declared UTF-8 that QGIS decodes as UTF-8 reads the same either way.
        metadata = ogr_layer.GetMetadata_Dict("SHAPEFILE") or {}
        declared = metadata.get("ENCODING_FROM_CPG") or metadata.get("ENCODING_FROM_LDID") or ""
        declared = declared.upper().replace("_", "-")
        if declared not in ("UTF-8", "UTF8") or _provider_encoding(plan.layer).upper() not in ("UTF-8", "UTF8"):
            raise _NotFast()
    ogr_layer.SetIgnoredFields([ogr_names[k] for k in range(len(ogr_names)) if k not in set(read_ogr)])

    # Which features, in which order: with a filter, an expression or ids, QGIS decides, reading no geometry
    # (a filter of field values is evaluated here, on the columns read below).
    selected = None
    values = {}
    if not by_filter and (filter_expression or (expressions and not by_values) or fids is not None):
        chosen = _read_through_qgis(
            source, context, feedback, name, attributes=False, expressions=None if by_values else expressions,
            polygons=False, filter_expression=filter_expression, fids=fids, geometry=False,
        )
        selected = chosen.fids
        values = chosen.values

    columns = _arrow_columns(ogr_layer, feedback, max(ogr_layer.GetFeatureCount(), 1))
    all_fids = columns.pop("__fid__")
    if by_filter:
        every = np.arange(len(all_fids))
        keys, values_at = _column_values(columns, ogr_names, fields, len(leading), filter_ogr, every)
        selected = np.sort(all_fids[_passing_filter(by_filter, source, context, fields, len(leading), values_at,
                                                    keys, len(every))])
    if selected is None:
        positions = np.arange(len(all_fids))
        read_fids = all_fids
    else:
        order = np.argsort(all_fids, kind="stable")
        found = np.searchsorted(all_fids[order], selected)
        found = np.minimum(found, max(len(all_fids) - 1, 0))
        if len(selected) and (not len(all_fids) or (all_fids[order][found] != selected).any()):
            raise _NotFast()
        positions = order[found] if len(selected) else np.empty(0, dtype=np.int64)
        read_fids = np.asarray(selected, dtype=np.int64)

    geoms = _arrow_geometries(columns.pop("__geometry__", None), positions, plan)

    if by_values:
        keys, values_at = _column_values(columns, ogr_names, fields, len(leading), used_ogr, positions)
        values = _evaluate_by_values(by_values, source, context, fields, len(leading), values_at, keys,
                                     len(positions))

    rows = []
    if attributes:
        width = fields.count()
        unfetched = [None] * len(positions)
        table = [unfetched] * width
        if 0 in wanted and leading:
            table[0] = [int(f) for f in read_fids]
        for k in wanted_ogr:
            table[len(leading) + k] = _qgis_values(columns[ogr_names[k]], positions, fields.at(len(leading) + k).type())
        rows = [list(row) for row in zip(*table)] if width else [[] for _ in positions]
    del dataset
    return _finish(source, crs, label, [int(f) for f in read_fids], geoms, rows, values, polygons, feedback)


# Functions whose value depends only on their arguments: an expression built of field values, literals,
# operators (CASE, IN, LIKE, IS NULL …) and these gives the same value for every feature with the same values.
_PURE_FUNCTIONS = frozenset((
    "coalesce", "if", "nullif", "upper", "lower", "title", "trim", "left", "right", "substr", "strpos",
    "length", "concat", "replace", "regexp_match", "regexp_replace", "regexp_substr", "starts_with",
    "to_int", "to_real", "to_string", "round", "abs", "floor", "ceil", "min", "max", "clamp", "sqrt",
))


def _value_only_expressions(expressions, fields):
    """{key: text, "__columns__": field names} when every expression depends on field values only, else None."""
    if not expressions:
        return None
    columns = set()
    for text in expressions.values():
        expression = QgsExpression(text)
        if expression.hasParserError() or expression.needsGeometry() or expression.referencedVariables():
            return None
        names = set(expression.referencedColumns())
        if QgsFeatureRequest.ALL_ATTRIBUTES in names or any(fields.lookupField(n) < 0 for n in names):
            return None  # every attribute, or a missing field (read_layer reports it)
        if not set(f.lower() for f in expression.referencedFunctions()) <= _PURE_FUNCTIONS:
            return None  # $id, rand(), now(), aggregates …: QGIS evaluates them feature by feature
        columns |= names
    return dict(expressions, __columns__=sorted(columns))


_TEXT_TYPES = (QVariant.String,)
_NUMBER_TYPES = (QVariant.Int, QVariant.UInt, QVariant.LongLong, QVariant.ULongLong, QVariant.Double)


def _plain_filter(text, fields):
    """Whether a filter gives the same features however the provider applies it.

    QGIS may translate a filter into the provider's SQL (SQLite for a GeoPackage) or evaluate it itself, and
    the two disagree on some (a text field as a condition, LIKE and case, integer division). A plain filter
    is made only of what both read alike: AND, OR, NOT; IS [NOT] NULL; a number field compared with a number
    (=, <>, <, >, <=, >=); a text field, or left(text field, n), equal, unequal or IN a list of texts.
    """
    expression = QgsExpression(text)
    if expression.hasParserError() or expression.rootNode() is None:
        return False

    def kind(node):  # "text", "number" or None for an operand
        node_type = node.nodeType()
        if node_type == QgsExpressionNode.ntColumnRef:
            index = fields.lookupField(node.name())
            field_type = fields.at(index).type() if index >= 0 else None
            return "text" if field_type in _TEXT_TYPES else "number" if field_type in _NUMBER_TYPES else None
        if node_type == QgsExpressionNode.ntLiteral:
            value = node.value()
            if isinstance(value, str):
                return "text"
            return "number" if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        if node_type == QgsExpressionNode.ntFunction:
            name = QgsExpression.Functions()[node.fnIndex()].name().lower()
            args = node.args().list() if node.args() else []
            if name == "left" and len(args) == 2 and args[0].nodeType() == QgsExpressionNode.ntColumnRef \
                    and kind(args[0]) == "text" and args[1].nodeType() == QgsExpressionNode.ntLiteral \
                    and kind(args[1]) == "number":
                return "text"
        return None

    binary = QgsExpressionNodeBinaryOperator

    def condition(node):
        node_type = node.nodeType()
        if node_type == QgsExpressionNode.ntUnaryOperator:
            return node.op() == QgsExpressionNodeUnaryOperator.uoNot and condition(node.operand())
        if node_type == QgsExpressionNode.ntInOperator:
            items = node.list().list()
            return kind(node.node()) == "text" and all(
                item.nodeType() == QgsExpressionNode.ntLiteral and kind(item) == "text" for item in items
            )
        if node_type != QgsExpressionNode.ntBinaryOperator:
            return False
        op, left, right = node.op(), node.opLeft(), node.opRight()
        if op in (binary.boAnd, binary.boOr):
            return condition(left) and condition(right)
        if op in (binary.boIs, binary.boIsNot):
            return kind(left) is not None and right.nodeType() == QgsExpressionNode.ntLiteral and right.value() is None
        sides = (kind(left), kind(right))
        if op in (binary.boEQ, binary.boNE):
            return sides in (("text", "text"), ("number", "number"))
        if op in (binary.boLT, binary.boGT, binary.boLE, binary.boGE):
            return sides == ("number", "number")
        return False

    return condition(expression.rootNode())


def _true_for_qgis(value):
    """Whether a feature passes a filter whose value is ``value``: Qt's conversion to bool, which QGIS's
    filter applies (text passes unless empty, "0" or "false"; numbers unless 0; NULL and dates never)."""
    variant = QVariant(value)
    return bool(variant.convert(QVariant.Bool) and variant.value())


def _value_keys(column, positions):
    """Hashable values of one column at ``positions`` (None for NULL), for grouping equal rows."""
    data, missing = column
    keys = data[positions].tolist()
    for k in np.flatnonzero(missing[positions]).tolist():
        keys[k] = None
    return keys


def _column_values(columns, ogr_names, fields, offset, ogr_fields, positions):
    """The columns ``ogr_fields`` at ``positions``: ({field: hashable key of each row}, values_at).

    ``values_at(rows)`` gives {field: the QGIS values of those rows}: converting a county's column of text to
    QGIS values costs more than grouping it, and an expression needs one row of each distinct combination.
    """
    keys = {k: _value_keys(columns[ogr_names[k]], positions) for k in ogr_fields}

    def values_at(rows):
        return {k: _qgis_values(columns[ogr_names[k]], positions[rows], fields.at(offset + k).type())
                for k in ogr_fields}

    return keys, values_at


def _evaluate_by_values(by_values, source, context, fields, offset, values_at, keys, n):
    """{key: values} of the value-only expressions, each evaluated once per distinct combination of values.

    ``keys``, ``values_at``: the rows' hashable keys and QGIS values (``_column_values``).
    The expression sees a feature carrying those values (the other fields NULL), in the context
    ``read_layer`` gives it. An evaluation error leaves the whole read to QGIS, which names the feature.
    """
    results, inverse = _evaluate_distinct(by_values, source, context, fields, offset, values_at, keys, n)
    out = {}
    for key, found in results.items():
        column = np.empty(len(found), dtype=object)
        column[:] = found
        out[key] = column[inverse] if n else np.empty(0, dtype=object)
    return out


def _passing_filter(by_filter, source, context, fields, offset, values_at, keys, n):
    """Whether each row passes the value-only filter ``by_filter`` (see ``_evaluate_by_values``)."""
    results, inverse = _evaluate_distinct(by_filter, source, context, fields, offset, values_at, keys, n)
    passes = np.array([_true_for_qgis(value) for value in results["filter"]], dtype=bool)
    return passes[inverse] if n else np.zeros(0, dtype=bool)


def _evaluate_distinct(by_values, source, context, fields, offset, values_at, keys, n):
    """({key: value of each distinct combination of values}, the combination of each row)."""
    order = sorted(keys)
    combos = {}
    inverse = np.empty(n, dtype=np.int64)
    first = []
    for i, key in enumerate(zip(*(keys[k] for k in order)) if order else ((),) * n):
        index = combos.get(key)
        if index is None:
            index = combos[key] = len(first)
            first.append(i)
        inverse[i] = index
    exp_context = _expression_context(source, context)
    compiled = {}
    for key, text in by_values.items():
        if key != "__columns__":
            compiled[key] = QgsExpression(text)
            compiled[key].prepare(exp_context)
    results = {key: [] for key in compiled}
    feature = QgsFeature(fields)
    used = values_at(np.asarray(first, dtype=np.int64))
    for combination in range(len(first)):
        attributes = [None] * fields.count()
        for k in order:
            attributes[offset + k] = used[k][combination]
        feature.setAttributes(attributes)
        exp_context.setFeature(feature)
        for key, expression in compiled.items():
            value = expression.evaluate(exp_context)
            if expression.hasEvalError():
                raise _NotFast()
            results[key].append(value)
    return results, inverse


def _provider_encoding(layer):
    """The encoding the layer's OGR provider decodes strings with ("UTF-8" where GDAL recodes them)."""
    return layer.dataProvider().encoding()


def _arrow_columns(ogr_layer, feedback, total):
    """Every column of ``ogr_layer`` (ignored fields left out) as whole numpy arrays.

    Returns {field name: (values, null mask)}, plus "__fid__" (feature ids) and "__geometry__" (WKB, mask)
    unless the layer has no geometry column or no feature.
    """
    fid_name = ogr_layer.GetFIDColumn() or "OGC_FID"
    geometry_name = ogr_layer.GetGeometryColumn() or "wkb_geometry"
    ogr_layer.ResetReading()
    batches = {}
    count = 0
    for batch in ogr_layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"]):
        check_canceled(feedback)
        for key, array in batch.items():
            batches.setdefault(key, []).append(array)
            if key == fid_name:
                count += len(array)
        if feedback is not None:
            feedback.setProgress(100.0 * count / total)
    columns = {}
    for key, arrays in batches.items():
        values = np.concatenate([np.ma.getdata(a) for a in arrays])
        missing = np.concatenate([np.ma.getmaskarray(a) for a in arrays])
        if key == fid_name:
            columns["__fid__"] = values.astype(np.int64)
        elif key == geometry_name:
            columns["__geometry__"] = (values.astype(object), missing)
        else:
            columns[key] = (values, missing)
    if "__fid__" not in columns:
        if count or batches:
            raise _NotFast()
        columns["__fid__"] = np.empty(0, dtype=np.int64)
    if not count:  # GDAL 3.6 gives an empty layer one empty batch, GDAL 3.10 none: then no column at all
        definition = ogr_layer.GetLayerDefn()
        for k in range(definition.GetFieldCount()):
            columns.setdefault(definition.GetFieldDefn(k).GetName(), (np.empty(0, object), np.empty(0, bool)))
    return columns


def _arrow_geometries(geometry, positions, plan):
    """Shapely geometries of the Arrow stream's geometry column (``(wkbs, missing)`` or None) at ``positions``,
    as QGIS gives them; raises _NotFast on arcs, which only QGIS reads (and the bridge linearises)."""
    if geometry is None:
        return np.full(len(positions), None, dtype=object)
    wkbs, missing = geometry
    wkbs = np.where(missing[positions], None, wkbs[positions])
    try:
        geoms = np.asarray(shapely.from_wkb(wkbs), dtype=object) if len(wkbs) else np.empty(0, dtype=object)
    except (shapely.errors.GEOSException, NotImplementedError):
        raise _NotFast() from None  # arcs in a layer typed linear
    if _holds_arcs(geoms):
        raise _NotFast()
    # An empty geometry has no Z in the WKB QGIS gives, whatever the layer's type.
    empty = np.flatnonzero(shapely.is_empty(geoms))
    geoms[empty] = shapely.force_2d(geoms[empty])
    if QgsWkbTypes.isMultiType(plan.layer.wkbType()):
        geoms = _as_multi(geoms)
    return geoms


def _as_multi(geoms):
    """Single polygons as one-part MultiPolygons, as QGIS gives every feature of a multi-polygon layer."""
    single = np.flatnonzero(shapely.get_type_id(geoms) == 3)
    if not len(single):
        return geoms
    geoms = geoms.copy()
    # An empty polygon becomes a MultiPolygon of one empty part, as QGIS's convertToMultiType makes it.
    geoms[single] = shapely.multipolygons(geoms[single], indices=np.arange(len(single)))
    return geoms


def _qgis_values(column, positions, kind):
    """One attribute column as the Python values PyQGIS gives for a field of QVariant type ``kind``."""
    data, missing = column
    data = data[positions]
    missing = missing[positions]
    if kind == QVariant.String:
        try:
            out = [v.decode("utf-8") for v in data.tolist()]
        except (UnicodeDecodeError, AttributeError):
            raise _NotFast() from None
    elif kind in (QVariant.Date, QVariant.DateTime) and (data[~missing] < np.datetime64("1970-01-02")).any():
        # GDAL 3.6's Arrow stream gives some dates before 1970 a day late (a shapefile's 1900-12-31 comes out
        # as 1901-01-01): such columns are read through QGIS.
        raise _NotFast()
    elif kind == QVariant.Date:
        days = data.astype("datetime64[D]").tolist()
        try:
            out = [QDate(d.year, d.month, d.day) for d in days]
        except AttributeError:  # outside Python's date range
            raise _NotFast() from None
    elif kind == QVariant.DateTime and compat.DATETIME_KEEPS_TIME_ZONE:
        raise _NotFast()  # QGIS gives each value its own time zone, which the Arrow stream does not keep
    elif kind == QVariant.DateTime and (data[~missing].astype("datetime64[ms]").astype(np.int64) % 1000).any():
        # OGR keeps seconds as a float; QGIS truncates its milliseconds where the Arrow stream rounds them.
        raise _NotFast()
    elif kind == QVariant.DateTime:
        stamps = data.astype("datetime64[ms]").tolist()
        try:
            out = [
                QDateTime(QDate(t.year, t.month, t.day), QTime(t.hour, t.minute, t.second, t.microsecond // 1000))
                for t in stamps
            ]
        except AttributeError:
            raise _NotFast() from None
    elif kind == QVariant.Bool:
        out = [bool(v) for v in data.tolist()]
    elif kind == QVariant.Double:
        out = data.astype(np.float64).tolist()
    else:  # Int, LongLong
        out = data.astype(np.int64).tolist()
    for k in np.flatnonzero(missing).tolist():
        out[k] = compat.null_of_type(kind)  # a NULL of the field's type, as QGIS gives it
    return out


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
