"""What the bridge tells the user, and the small QGIS-side checks messages are made of.

Cancel checks; names of layers and fields; lists of feature ids ("1, 2, 3 …", at most 20); QGIS NULLs and
blank values; the warnings every read gives (repaired geometries, missing geometries, arcs, a layer without
a CRS); and the check of text read with the wrong code page, with its error or warning.
"""
import os

import numpy as np
from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProviderRegistry,
)
from qgis.PyQt.QtCore import QVariant

from ..core.encoding import first_misread
from ..i18n import tr

CANCEL_CHECK_EVERY = 2000  # features between two looks at the cancel button (and two progress reports)
IDS_SHOWN = 20  # feature ids a message lists before " …": enough to find the features, short enough to read


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


# --- values ----------------------------------------------------------------------------------------------

_PLAIN_TYPES = frozenset((str, int, float, bool))  # attribute values that are never NULL, told apart at once


def is_null(value):
    """Whether ``value`` is QGIS's NULL: None, a null QVariant of any field type, or a null QDate, QTime …"""
    if value is None:
        return True
    if type(value) in _PLAIN_TYPES:
        return False
    try:
        return bool(value.isNull())
    except AttributeError:
        return False


def is_blank(value):
    """Whether ``value`` holds nothing usable: NULL (``is_null``) or text of nothing but spaces."""
    return is_null(value) or (isinstance(value, str) and not value.strip())


def id_list(ids, shown=IDS_SHOWN):
    """Feature ids for a message: "1, 2, 3", at most ``shown`` of them, followed by " …" when there are more."""
    if not isinstance(ids, (list, tuple, np.ndarray)):
        ids = list(ids)
    text = ", ".join(str(i) for i in ids[:shown])
    return text + " …" if len(ids) > shown else text


def field_list(fields):
    """The names of ``fields`` for a message, e.g. "BSM, DLBM, TBMJ"."""
    names = [f.name() for f in fields]
    return ", ".join(names) if names else tr("(none)")


# --- layers ----------------------------------------------------------------------------------------------


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
    inner, path = layer_in_file(source)
    if inner and (not name or name == os.path.splitext(os.path.basename(path))[0]):
        return inner
    return name or fallback


def layer_in_file(source):
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


def repair_warning(label, fids):
    """The warning naming the features of layer ``label`` whose invalid geometry was made valid."""
    # The string's last {} once held the " …" that id_list now adds; it stays so that translations match.
    return tr("Layer {}: {} invalid geometries were repaired (make valid); feature ids {}{}").format(
        label, len(fids), id_list(fids), ""
    )


def missing_geometry_warning(label, count):
    return tr("Layer {}: {} features have no geometry; they are passed through unchanged and not measured.").format(
        label, count
    )


def curves_warning(label, count, has_z, has_m, deviation_m):
    """The warning that ``count`` features had arcs, replaced by segments at most ``deviation_m`` from them."""
    text = tr("Layer {}: {} features have curved edges (arcs); each arc was replaced by straight segments at most "
              "{} m from it before measuring, so areas may differ from the true arc by up to that distance times "
              "the arc's length, and outputs hold the straight-edged shapes.").format(label, count, deviation_m)
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


def warn_if_no_crs(feedback, crs, label):
    """Warn that layer ``label`` has no CRS, so its coordinates are measured as metres."""
    if not crs.isValid():
        feedback.pushWarning(
            tr("Layer {} has no coordinate reference system: its coordinates are taken as metres.").format(label)
        )


# --- text decoded with the wrong code page ----------------------------------------------------------------
#
# A shapefile written in GBK without a .cpg (and no code page in its DBF header) is read without an error but
# garbled (see core/encoding.py): a filter on its text finds nothing, names and reasons go out garbled. The
# text a run uses is checked before reading, on a sample, so a county's read costs a few milliseconds more.

TEXT_SAMPLE = 1000  # features looked at; a mis-decoded file garbles every Chinese text in it alike
UNICODE_FILES = (".gpkg", ".gdb", ".sqlite", ".geojson", ".json")  # their text is Unicode by definition


def text_used(text_fields, options):
    """Names of the fields a read uses: ``text_fields`` and those of its filter, expressions and subset
    (``options``: the read's ``ReadOptions``)."""
    names = {n for n in text_fields or () if n}
    texts = [options.filter_expression] + list((options.expressions or {}).values())
    for text in texts:
        if text:
            names |= set(QgsExpression(text).referencedColumns())
    names |= {n for n in options.subset or () if n}
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
    path = layer_in_file(source)[1]
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
