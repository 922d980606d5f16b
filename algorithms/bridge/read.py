"""Reading a Processing parameter's layer (``read_input``) or a layer itself (``read_vector_layer``): through
GDAL's columnar reader where ``fast_read.can_read_fast`` allows it, through QGIS otherwise, with the same
result either way. The text the run uses is checked first (``messages.check_text``)."""
from qgis.core import QgsFeatureRequest, QgsProcessingFeatureSourceDefinition

from . import fast_read, qgis_read
from .arrays import ReadOptions
from .messages import check_text, layer_label, text_used


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
    read = ReadOptions(**options)
    check_text(source, layer_label(source, name) if source is not None else name, feedback,
               text_used(text_fields, read), passes_text)
    value = parameters.get(param_name) if isinstance(parameters, dict) else None
    definition = value if isinstance(value, QgsProcessingFeatureSourceDefinition) else None
    plan = fast_read.can_read_fast(
        source, read, lambda: _parameter_layer(alg, parameters, param_name, context), definition, every_feature
    )
    return _read(plan, source, context, feedback, name, options)


def read_vector_layer(layer, context, feedback, name, **options):
    """``read_layer`` of a layer given as a layer (an item of a multi-layer parameter), fast where it can be.

    Such a layer is read with every feature, as ``read_layer`` reads it, so GDAL's columnar reader gives the
    same result under the same conditions as in ``read_input``; its text is checked as ``read_input`` does.
    """
    text_fields, passes_text = _text_use(options)
    read = ReadOptions(**options)
    check_text(layer, layer_label(layer, name), feedback, text_used(text_fields, read), passes_text)
    plan = fast_read.can_read_fast(layer, read, lambda: layer)
    return _read(plan, layer, context, feedback, name, options)


def _text_use(options):
    """(text_fields, passes_text) taken out of a reader's keywords: what ``check_text`` needs, not ``read_layer``."""
    return options.pop("text_fields", ()), options.pop("passes_text", False)


def _parameter_layer(alg, parameters, param_name, context):
    """The QgsVectorLayer of parameter ``param_name`` (None when it is not one)."""
    value = parameters.get(param_name) if isinstance(parameters, dict) else None
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        # parameterAsVectorLayer does not look inside a source definition: give it the layer it names.
        parameters = dict(parameters)
        parameters[param_name] = value.source.valueAsString(context.expressionContext())[0]
    return alg.parameterAsVectorLayer(parameters, param_name, context)


def _read(plan, source, context, feedback, name, options):
    """Read by ``plan`` (a ``FastPlan`` or None), falling back on QGIS where the data shows it must."""
    if plan is not None:
        try:
            return fast_read.read_fast(plan, source, context, feedback, name, ReadOptions(**options))
        except fast_read.NotFast:
            pass
    return qgis_read.read_layer(source, context, feedback, name, **options)
