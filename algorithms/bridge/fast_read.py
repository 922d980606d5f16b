"""Reading a GeoPackage or shapefile layer through GDAL's columnar (Arrow) reader.

QGIS hands features to Python one at a time, at some tens of microseconds each; GDAL's Arrow stream hands
whole columns to numpy at a fraction of that, which counts on a county's parcel layers. The columnar reader
is used only where it gives exactly what QGIS's OGR provider gives: ``can_read_fast`` decides, before
reading, and holds every condition that can be known then. Some differences show only in the data; meeting
one, ``read_fast`` raises ``NotFast`` and the layer is read through QGIS instead. They are:

- the Arrow stream has features but no fid column;
- a feature QGIS selected (by a filter, an expression or feature ids) is not in the stream;
- a geometry has arcs (in a layer typed linear), which only QGIS reads;
- a text is not UTF-8;
- a date or date-time before 1970-01-02 (GDAL 3.6's Arrow stream gives some a day late), or outside
  Python's dates;
- a date-time with milliseconds (QGIS truncates them where the Arrow stream rounds them);
- an expression evaluated once per distinct value fails (QGIS then names the feature).
"""
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from qgis.core import (
    QgsExpression,
    QgsFeatureRequest,
    QgsFields,
    QgsProcessingFeatureSourceDefinition,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .. import compat
from .arrays import ReadOptions, finish_read
from .arrow import NotFast, arrow_columns, arrow_geometries, qgis_type_of_ogr, qgis_values
from .by_values import evaluate_by_values, passing_filter, plain_filter, value_only_expressions, value_rows
from .messages import layer_label
from .qgis_read import read_through_qgis

FAST_READ_DRIVERS = ("GPKG", "ESRI Shapefile")

__all__ = ["FAST_READ_DRIVERS", "FastPlan", "NotFast", "can_read_fast", "read_fast"]


class OnDisk(NamedTuple):
    """Where QGIS reads a layer's features from: the file, its GDAL driver, the layer inside the file."""

    path: str
    driver: str
    layer_name: str  # '' when the layer is given by its index
    layer_id: object  # its index in the file, or None


@dataclass
class FastPlan:
    """A read ``can_read_fast`` allows: the open OGR layer and what to take of it."""

    layer: QgsVectorLayer
    driver: str  # one of FAST_READ_DRIVERS
    dataset: object  # the GDAL dataset, kept open while its layer is read
    ogr_layer: object
    ogr_names: list  # the OGR layer's field names: OGR field k is QGIS field offset + k
    offset: int  # 1 where QGIS shows a GeoPackage's fid column as its first field, else 0
    wanted: set  # QGIS field indices whose values the rows carry (the others read as None, as QGIS gives them)
    wanted_ogr: list  # the same as OGR field indices
    by_values: object  # the expressions evaluated once per distinct combination of values, or None
    used_ogr: list  # the OGR fields they read
    by_filter: object  # the filter evaluated once per distinct combination, or None (QGIS applies it)
    filter_ogr: list  # the OGR fields it reads

    @property
    def read_ogr(self):
        """The OGR fields read from the stream (the others are ignored)."""
        return sorted(set(self.wanted_ogr) | set(self.used_ogr) | set(self.filter_ogr))

    def close(self):
        self.ogr_layer = self.dataset = None


def can_read_fast(source, options, layer_of, definition=None, every_feature=True):
    """The ``FastPlan`` for reading ``source`` with GDAL's columnar reader, or None when QGIS must read it.

    ``options``: the read's ``ReadOptions``. ``layer_of()``: the QgsVectorLayer whose features ``source``
    gives, looked up only when the source allows a fast read. ``definition``: the Processing source
    definition the source was made from, if any. ``every_feature``: False when Processing would skip or
    refuse invalid geometries, which only QGIS reads that way.

    QGIS must read, and this function says so before a feature is read:

    - a source that is not every feature of a layer as it is on disk: a selection, a feature limit, a filter
      or geometry check of the source definition, a subset string, uncommitted edits, joined or virtual
      fields, invalid geometries Processing would skip;
    - a read into another CRS (QGIS reprojects while reading);
    - a layer other than a GeoPackage or shapefile polygon (or geometry-less) layer without M values, or one
      GDAL does not open as QGIS did, or whose field names or types QGIS gives otherwise;
    - an expression or filter that cannot be parsed or uses the geometry;
    - a subset of fields with a filter (the provider may fetch the filter's fields too);
    - a shapefile's text to read that is not declared UTF-8 on both sides (QGIS may decode it itself);
    - a date-time column to read, from QGIS 3.28 on (QGIS keeps each value's time zone, Arrow does not).

    What shows only in the data is listed in the module's documentation.
    """
    if source is None or not every_feature:
        return None
    if definition is not None and not _whole_layer(definition):
        return None
    layer = layer_of()
    where = _on_disk(layer, source, options)
    if where is None or _provider_picks_fields(options):
        return None
    opened = _open_ogr_layer(*where)
    if opened is None:
        return None
    dataset, ogr_layer = opened
    fields = source.fields()
    ogr_names, offset = _same_fields(fields, ogr_layer, where.driver)
    if ogr_names is None:
        return None
    plan = FastPlan(layer, where.driver, dataset, ogr_layer, ogr_names, offset, **_columns(fields, offset, options))
    if not _values_read_alike(plan, fields):
        return None
    return plan


def _whole_layer(definition):
    """Whether a Processing source definition gives every feature of its layer, as ``read_layer`` reads it."""
    if definition.selectedFeaturesOnly or definition.featureLimit not in (-1, None):
        return False
    if (definition.flags & QgsProcessingFeatureSourceDefinition.FlagOverrideDefaultGeometryCheck
            and definition.geometryCheck != QgsFeatureRequest.GeometryNoCheck):
        return False
    return not getattr(definition, "filterExpression", "")  # QGIS ≥ 3.32


def _on_disk(layer, source, options):
    """Where ``layer``'s features are on disk (``OnDisk``) when QGIS gives them as they are there, so that the
    columnar reader can give what QGIS gives of ``source``; None otherwise."""
    if options.crs is not None and source.sourceCrs() != options.crs:
        return None  # QGIS reprojects while reading
    for text in [options.filter_expression] + list((options.expressions or {}).values()):
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
    return OnDisk(str(parts.get("path") or ""), driver, layer_name if isinstance(layer_name, str) else "",
                  layer_id if isinstance(layer_id, int) else None)


def _provider_picks_fields(options):
    """Whether QGIS's provider decides which fields it fetches: a subset of fields with a filter (it may fetch
    the filter's fields too)."""
    return bool(options.attributes and options.subset is not None and not options.expression_texts
                and options.filter_expression)


def _open_ogr_layer(path, driver, layer_name, layer_id):
    """(dataset, layer) of the OGR layer QGIS opened, or None when GDAL does not open the same one."""
    from osgeo import gdal

    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=[driver])
    except RuntimeError:
        dataset = None
    if dataset is None:
        return None
    if layer_name:
        ogr_layer = dataset.GetLayerByName(layer_name)
    elif layer_id is not None:
        ogr_layer = dataset.GetLayer(layer_id)
    elif dataset.GetLayerCount() == 1:
        ogr_layer = dataset.GetLayer(0)
    else:
        ogr_layer = None
    if ogr_layer is None:
        return None
    return dataset, ogr_layer


def _same_fields(fields, ogr_layer, driver):
    """(OGR field names, offset of OGR field 0 among ``fields``) when QGIS gives the OGR layer's fields as
    ``fields``, names and types; (None, 0) otherwise."""
    definition = ogr_layer.GetLayerDefn()
    ogr_names = [definition.GetFieldDefn(k).GetName() for k in range(definition.GetFieldCount())]
    fid_column = ogr_layer.GetFIDColumn()
    # QGIS shows a GeoPackage's fid column as its first field; a shapefile has none.
    leading = [fid_column] if driver == "GPKG" and fid_column else []
    if [f.name() for f in fields] != leading + ogr_names:
        return None, 0
    types = qgis_type_of_ogr()
    for k in range(len(ogr_names)):
        field_definition = definition.GetFieldDefn(k)
        expected = types.get((field_definition.GetType(), field_definition.GetSubType()))
        if expected is None or fields.at(len(leading) + k).type() != expected:
            return None, 0
    if leading and fields.at(0).type() != QVariant.LongLong:
        return None, 0
    return ogr_names, len(leading)


def _columns(fields, offset, options):
    """What the read takes of the columns, as ``read_layer`` asks for it: the fields whose values the rows
    carry, and the expressions and filter of field values evaluated here per distinct combination (with the
    OGR fields they read); the others are evaluated by QGIS feature by feature."""
    expressions = options.expression_texts
    if not options.attributes:
        wanted = set()
    elif options.subset is not None and not expressions:
        names = [n for n in options.subset if n]
        if QgsFeatureRequest.ALL_ATTRIBUTES in names:
            wanted = set(range(fields.count()))
        else:
            wanted = {fields.lookupField(n) for n in names} - {-1}
    else:
        wanted = set(range(fields.count()))

    def ogr_columns(value_only):
        """(the value-only expressions, the OGR columns they use); (None, []) when they use the fid column,
        which QGIS then evaluates."""
        used = sorted({fields.lookupField(n) - offset for n in (value_only or {}).get("__columns__", ())})
        return (None, []) if any(k < 0 for k in used) else (value_only, used)

    by_values, used_ogr = ogr_columns(value_only_expressions(expressions, fields) if options.fids is None else None)
    # So is a filter of field values (QGIS's own loop over a county's parcels is slow): on every feature, once
    # per distinct combination, and a feature passes when the value is true as QGIS takes it.
    by_filter = None
    if options.filter_expression and options.fids is None and not (expressions and not by_values) and plain_filter(
        options.filter_expression, fields
    ):
        by_filter = value_only_expressions({"filter": options.filter_expression}, fields)
    by_filter, filter_ogr = ogr_columns(by_filter)
    return dict(wanted=wanted, wanted_ogr=sorted(k - offset for k in wanted if k >= offset), by_values=by_values,
                used_ogr=used_ogr, by_filter=by_filter, filter_ogr=filter_ogr)


def _values_read_alike(plan, fields):
    """Whether the columns the plan reads hold values QGIS gives alike, whatever the data."""
    kinds = [fields.at(plan.offset + k).type() for k in plan.read_ogr]
    if compat.DATETIME_KEEPS_TIME_ZONE and QVariant.DateTime in kinds:
        return False  # QGIS gives each value its own time zone, which the Arrow stream does not keep
    if plan.driver != "GPKG" and QVariant.String in kinds:
        # QGIS may decode a shapefile's strings itself or let GDAL recode them, depending on its settings.
        # Only a shapefile declared UTF-8 that QGIS decodes as UTF-8 reads the same either way.
        metadata = plan.ogr_layer.GetMetadata_Dict("SHAPEFILE") or {}
        declared = metadata.get("ENCODING_FROM_CPG") or metadata.get("ENCODING_FROM_LDID") or ""
        declared = declared.upper().replace("_", "-")
        if declared not in ("UTF-8", "UTF8") or _provider_encoding(plan.layer).upper() not in ("UTF-8", "UTF8"):
            return False
    return True


def _provider_encoding(layer):
    """The encoding the layer's OGR provider decodes strings with ("UTF-8" where GDAL recodes them)."""
    return layer.dataProvider().encoding()


def read_fast(plan, source, context, feedback, name, options):
    """``read_layer`` of ``source`` (``options``: its ``ReadOptions``) by the ``plan`` of ``can_read_fast``.

    Raises ``NotFast`` on what shows only in the data (see the module's documentation).
    """
    try:
        return _read(plan, source, context, feedback, name, options)
    finally:
        plan.close()


def _read(plan, source, context, feedback, name, options):
    label = layer_label(source, name)
    fields = source.fields()
    read_ogr = set(plan.read_ogr)
    plan.ogr_layer.SetIgnoredFields([n for k, n in enumerate(plan.ogr_names) if k not in read_ogr])
    selected, values = _chosen_by_qgis(plan, source, context, feedback, name, options)
    columns = arrow_columns(plan.ogr_layer, feedback, max(plan.ogr_layer.GetFeatureCount(), 1))
    all_fids = columns.pop("__fid__")
    if plan.by_filter:
        every = np.arange(len(all_fids))
        rows = value_rows(columns, plan.ogr_names, fields, plan.offset, plan.filter_ogr, every)
        selected = np.sort(all_fids[passing_filter(plan.by_filter, source, context, rows)])
    positions, read_fids = _positions(all_fids, selected)
    geoms = arrow_geometries(
        columns.pop("__geometry__", None), positions, QgsWkbTypes.isMultiType(plan.layer.wkbType())
    )
    if plan.by_values:
        rows = value_rows(columns, plan.ogr_names, fields, plan.offset, plan.used_ogr, positions)
        values = evaluate_by_values(plan.by_values, source, context, rows)
    rows = _attribute_rows(plan, columns, fields, positions, read_fids) if options.attributes else []
    return finish_read(source, label, read_fids, geoms, rows, values, options, feedback)


def _chosen_by_qgis(plan, source, context, feedback, name, options):
    """(fids, {key: expression values}) of the features QGIS selects, reading no geometry, when a filter,
    expressions or feature ids are QGIS's to apply; (None, {}) when every feature is read."""
    expressions = options.expression_texts
    if plan.by_filter or not (options.filter_expression or (expressions and not plan.by_values)
                              or options.fids is not None):
        return None, {}
    chosen = read_through_qgis(
        source, context, feedback, name,
        ReadOptions(attributes=False, expressions=None if plan.by_values else expressions, polygons=False,
                    filter_expression=options.filter_expression, fids=options.fids),
        geometry=False,
    )
    return chosen.fids, chosen.values


def _positions(all_fids, selected):
    """(positions in the stream, feature ids) of the features read: every one, or ``selected`` in its order."""
    if selected is None:
        return np.arange(len(all_fids)), all_fids
    order = np.argsort(all_fids, kind="stable")
    found = np.searchsorted(all_fids[order], selected)
    found = np.minimum(found, max(len(all_fids) - 1, 0))
    if len(selected) and (not len(all_fids) or (all_fids[order][found] != selected).any()):
        raise NotFast()
    positions = order[found] if len(selected) else np.empty(0, dtype=np.int64)
    return positions, np.asarray(selected, dtype=np.int64)


def _attribute_rows(plan, columns, fields, positions, read_fids):
    """The attribute rows QGIS gives: the wanted fields' values, None for the others."""
    width = fields.count()
    unfetched = [None] * len(positions)
    table = [unfetched] * width
    if 0 in plan.wanted and plan.offset:
        table[0] = [int(f) for f in read_fids]
    for k in plan.wanted_ogr:
        table[plan.offset + k] = qgis_values(columns[plan.ogr_names[k]], positions, fields.at(plan.offset + k).type())
    return [list(row) for row in zip(*table)] if width else [[] for _ in positions]
