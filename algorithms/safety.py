"""Refuse, before anything runs, a run whose output would overwrite one of its own inputs.

Processing writes an output given as a plain file path with "create or overwrite file": a county GeoPackage
chosen as an output loses every layer it held. An output given as ``ogr:dbname='…' table="t"`` replaces
table ``t`` only. Both report success, so the check has to come first: ``checkParameterValues`` of every
planmaint algorithm and bundled model calls ``check_outputs_spare_inputs``, and the dialog, ``processing.run``
and ``qgis_process`` show its message before anything is opened for writing.

The decision itself (``overwrites``) compares plain ``Place`` values, so it is tested without QGIS layers.
"""
import os
import re
from dataclasses import dataclass

from qgis.core import (
    QgsDataSourceUri,
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingUtils,
    QgsProperty,
    QgsProviderRegistry,
    QgsVectorFileWriter,
)

from .i18n import tr

# Parameter types whose values are layers or files a run reads.
INPUT_TYPES = {"source", "vector", "layer", "multilayer", "raster", "mesh", "pointcloud", "file"}
# Destinations Processing writes through a feature sink: a path without a known vector extension gets ".gpkg".
SINK_TYPES = {"sink", "vectorDestination"}
# Providers whose "provider:dbname='file' table=…" destinations write one table of a file.
TABLE_PROVIDERS = {"ogr", "spatialite"}
# How Processing splits a "provider:uri" destination (QgsProcessingUtils::parseDestinationString).
PROVIDER_PREFIX = re.compile(r"^(.{3,}?):(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Place:
    """Where data lives: a file (normalised absolute path) and a table in it ("": the whole file, or unknown)."""

    path: str
    table: str = ""


def normalised_path(path):
    """One spelling per file: absolute, symbolic links and ``..`` resolved, case folded where the OS folds it."""
    return os.path.normcase(os.path.realpath(os.path.abspath(path)))


def overwrites(output, source):
    """Whether writing ``output`` destroys what is read from ``source``.

    A whole-file output replaces everything in the file. A table output replaces that table only; GeoPackage
    and SQLite table names ignore case. An input whose table is unknown may be any table of its file.
    """
    if output.path != source.path:
        return False
    if not output.table or not source.table:
        return True
    return output.table.lower() == source.table.lower()


def _evaluated(value, context):
    """The plain value behind a QgsProperty (models, batch runs and output definitions hold them)."""
    if not isinstance(value, QgsProperty):
        return value
    if value.propertyType() == QgsProperty.StaticProperty:
        return value.staticValue()
    result = value.value(context.expressionContext())
    return result[0] if isinstance(result, tuple) else result


def _first_layer_name(path, layer_id):
    """The name of the layer a source without ``layername=`` reads: layer ``layer_id``, else the first one
    (as QGIS's OGR provider opens it); "" when GDAL cannot tell."""
    from osgeo import gdal

    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:  # GDAL raises instead of returning None when exceptions are on
        dataset = None
    if dataset is None:
        return ""
    index = layer_id if isinstance(layer_id, int) else 0
    layer = dataset.GetLayer(index) if 0 <= index < dataset.GetLayerCount() else None
    return layer.GetName() if layer is not None else ""


def _uri_place(provider, uri):
    """The file and table a layer of ``provider`` with source ``uri`` reads, or None (memory, a database)."""
    parts = QgsProviderRegistry.instance().decodeUri(provider, uri)
    path = parts.get("path")
    if not path:
        return None
    table = parts.get("layerName") or ""
    if not table and provider == "ogr":
        table = _first_layer_name(path, parts.get("layerId"))
    return Place(normalised_path(str(path)), str(table))


def source_places(value, context):
    """The places an input parameter's value reads: a layer object, a project layer id or name, a path,
    ``path|layername=x``, a feature-source definition, or a list of any of these."""
    items = value if isinstance(value, (list, tuple)) else [value]
    places = []
    for item in items:
        item = _evaluated(item, context)
        if isinstance(item, QgsProcessingFeatureSourceDefinition):
            item = _evaluated(item.source, context)
        if isinstance(item, QgsMapLayer):
            place = _uri_place(item.providerType(), item.source())
        elif isinstance(item, str) and item:
            layer = QgsProcessingUtils.mapLayerFromString(item, context, False)
            # not a loaded layer: Processing opens a path with OGR (GDAL for a raster, same path)
            place = _uri_place(layer.providerType(), layer.source()) if layer else _uri_place("ogr", item)
        else:
            place = None
        if place is not None:
            places.append(place)
    return places


def destination_place(definition, value, context):
    """The place destination parameter ``definition`` writes with ``value``, or None (temporary, memory, a
    database, a folder)."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    text = str(_evaluated(value, context) or "").strip()
    if (not text or text == QgsProcessing.TEMPORARY_OUTPUT or text.startswith("memory:")
            or definition.type() == "folderDestination"):
        return None
    if definition.type() not in SINK_TYPES:
        return Place(normalised_path(text))  # a report, a table file, a raster: the file is replaced
    match = PROVIDER_PREFIX.match(text)
    if match:
        provider, uri = match.groups()
        if provider not in TABLE_PROVIDERS:
            return None
        database = QgsDataSourceUri(uri)
        if database.database():
            return Place(normalised_path(database.database()), database.table())
        return Place(normalised_path(uri))  # "ogr:/path/file.gpkg" with no table: taken as the whole file
    if not QgsVectorFileWriter.driverForExtension(os.path.splitext(text)[1][1:]):
        text += ".gpkg"  # what Processing writes for a path without a vector extension
    return Place(normalised_path(text))


def _label(definition, place=None):
    """A parameter as the dialog shows it, with its name for scripts (and the layer it reads)."""
    if place is not None and place.table:
        return "“{}” ({}, {})".format(definition.description(), definition.name(), place.table)
    return "“{}” ({})".format(definition.description(), definition.name())


def overwritten_inputs(algorithm, parameters, context):
    """The first output of ``algorithm`` run with ``parameters`` that would overwrite inputs: (output
    definition, output place, [(input definition, input place), …]); None when every input is safe."""
    inputs = []
    for definition in algorithm.parameterDefinitions():
        if definition.isDestination() or definition.type() not in INPUT_TYPES:
            continue
        value = parameters.get(definition.name(), definition.defaultValue())
        inputs.extend((definition, place) for place in source_places(value, context))
    for output in algorithm.destinationParameterDefinitions():
        place = destination_place(output, parameters.get(output.name(), output.defaultValue()), context)
        if place is None:
            continue
        hit = [(definition, source) for definition, source in inputs if overwrites(place, source)]
        if hit:
            return output, place, hit
    return None


def clashing_outputs(algorithm, parameters, context):
    """The first two outputs of one run that would destroy each other's data: (definition, place, definition,
    place), or None. A whole file written over a table another output writes into it (the README's "every
    output into one GeoPackage" with one output given as the plain file), or two outputs into one table."""
    written = []
    for output in algorithm.destinationParameterDefinitions():
        place = destination_place(output, parameters.get(output.name(), output.defaultValue()), context)
        if place is None:
            continue
        for other, other_place in written:
            if overwrites(place, other_place):
                return other, other_place, output, place
        written.append((output, place))
    return None


def check_outputs_spare_inputs(algorithm, parameters, context):
    """(True, "") when no output overwrites an input or another output, else (False, a message naming both
    and the fix)."""
    clash = clashing_outputs(algorithm, parameters, context)
    if clash is not None:
        first, first_place, second, second_place = clash
        return False, tr("Outputs {} and {} both write to {}{}: one would replace what the other wrote. Nothing "
                         "was run. Give each output a table of its own (ogr:dbname='…' table=\"…\") or a file of "
                         "its own.").format(_label(first), _label(second), first_place.path,
                                            " ({})".format(first_place.table or second_place.table)
                                            if first_place.table or second_place.table else "")
    found = overwritten_inputs(algorithm, parameters, context)
    if found is None:
        return True, ""
    output, place, hit = found
    names = {"output": _label(output), "path": place.path, "layer": place.table,
             "inputs": "; ".join(_label(definition, source) for definition, source in hit)}
    if not place.table:
        message = tr("Output {output} would overwrite the whole file {path}, which holds what these inputs read: "
                     "{inputs}. Writing an output to a file replaces every layer in it. Nothing was run. Choose "
                     "another file for {output}, or save it as a new table of this GeoPackage (in the dialog: "
                     "Save to GeoPackage…; in a script: ogr:dbname='{path}' table=\"new_name\").")
    else:
        message = tr("Output {output} would overwrite table {layer} of {path}, which these inputs read: {inputs}. "
                     "Nothing was run. Write {output} to a table of another name, or to another file.")
    return False, message.format(**names)
