"""Reading any feature source through QGIS, feature by feature: the reader that works for every layer."""
from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextScope,
    QgsFeatureRequest,
    QgsProcessingException,
)

from ..i18n import tr
from .arrays import LayerArrays, ReadOptions, finish_read
from .curves import from_wkb_linear
from .messages import CANCEL_CHECK_EVERY, check_canceled, field_list, layer_label


def read_layer(source, context, feedback, name, **options):
    """Read every feature of ``source`` into a ``LayerArrays``; ``options``: the keywords of ``ReadOptions``."""
    return read_through_qgis(source, context, feedback, name, ReadOptions(**options))


def read_through_qgis(source, context, feedback, name, options, geometry=True):
    """``read_layer``'s work; ``geometry=False`` fetches no geometry (every geometry then reads as None)."""
    if source is None:
        raise QgsProcessingException(tr("Layer {} could not be loaded.").format(name))
    label = layer_label(source, name)
    request = QgsFeatureRequest()
    if not geometry:
        request.setFlags(QgsFeatureRequest.NoGeometry)
    if options.crs is not None and source.sourceCrs() != options.crs:
        request.setDestinationCrs(options.crs, context.transformContext())
    if options.fids is not None:
        request.setFilterFids([int(f) for f in options.fids])
    if options.filter_expression:
        _set_filter(request, source, context, label, options.filter_expression)
    texts = options.expression_texts
    compiled, exp_context = _compiled(source, context, label, texts)
    fetch = _Fetch(
        label=label, geometry=geometry, attributes=options.attributes,
        picked=_choose_attributes(request, source, options, compiled), expressions=compiled, texts=texts,
        context=exp_context,
    )
    fids, wkbs, rows, values = _fetch(source, request, feedback, fetch)
    if options.fids is not None:
        # A provider gives the features of a list of ids in its own order (a memory layer in hash order): give
        # them in the order a whole read would, so that nothing downstream depends on how they were asked for.
        order = sorted(range(len(fids)), key=lambda k: fids[k])

        def ordered(items):  # lists not fetched (no attributes, no geometry) stay empty
            return [items[k] for k in order] if len(items) == len(order) else items

        fids, wkbs, rows = ordered(fids), ordered(wkbs), ordered(rows)
        values = {key: ordered(column) for key, column in values.items()}
    crs = options.crs if options.crs is not None else source.sourceCrs()
    if not geometry:
        return LayerArrays(
            name=label,
            crs=crs,
            fields=source.fields(),
            fids=np.array(fids, dtype=np.int64),
            geoms=np.full(len(fids), None, dtype=object),
            rows=rows,
            values={k: np.array(v, dtype=object) for k, v in values.items()},
        )
    geoms = from_wkb_linear(wkbs, crs, label, feedback)
    return finish_read(source, label, fids, geoms, rows, values, options, feedback)


@dataclass
class _Fetch:
    """What the loop over QGIS's features takes from each one."""

    label: str
    geometry: bool  # WKB of each feature
    attributes: bool  # the attribute row of each feature
    picked: object  # indices of the only attributes converted to Python (the others None), or None
    expressions: dict  # key -> prepared QgsExpression, evaluated on each feature
    texts: dict  # key -> that expression's text, for an error message
    context: object  # the QgsExpressionContext the expressions are evaluated in


def _fetch(source, request, feedback, fetch):
    """(fids, WKBs, attribute rows, {key: expression values}) of the features ``request`` gives."""
    total = max(source.featureCount(), 1)
    width = source.fields().count()
    fids, wkbs, rows = [], [], []
    values = {key: [] for key in fetch.expressions}
    geometry, picked, attributes, compiled, exp_context = (
        fetch.geometry, fetch.picked, fetch.attributes, fetch.expressions, fetch.context
    )
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
                            fetch.label, feature.id(), key, fetch.texts[key], expression.evalErrorString()
                        )
                    )
                values[key].append(value)
    return fids, wkbs, rows, values


def _compiled(source, context, label, texts):
    """({key: prepared QgsExpression}, their context) of ``texts``; a parse error or a missing field names them."""
    if not texts:
        return {}, None
    exp_context = expression_context(source, context)
    compiled = {}
    for key, text in texts.items():
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
    return compiled, exp_context


def _choose_attributes(request, source, options, compiled):
    """Ask ``request`` for the attributes the read needs; the indices of those to convert, or None for all."""
    if not options.attributes and not compiled:
        request.setNoAttributes()
    elif options.subset is not None and not compiled:
        request.setSubsetOfAttributes([n for n in options.subset if n], source.fields())
        if QgsFeatureRequest.ALL_ATTRIBUTES not in options.subset:
            # Some providers (memory layers: a model's intermediate results) hand over every attribute
            # anyway; converting a wide row to Python costs more than reading the few fields wanted.
            return sorted({source.fields().lookupField(n) for n in options.subset if n} - {-1})
    elif not options.attributes:
        # Only the expressions' own fields are fetched (QGIS adds the filter's): a county's land-use layer
        # read for a priority expression needs two or three of its columns, not all of them.
        needed = set()
        for expression in compiled.values():
            needed |= set(expression.referencedColumns())
        if QgsFeatureRequest.ALL_ATTRIBUTES not in needed:
            request.setSubsetOfAttributes(sorted(n for n in needed if n), source.fields())
    return None


def _missing_columns(expression, fields):
    """Fields an expression refers to that ``fields`` lacks (case ignored, as QGIS matches them)."""
    names = {f.name().lower() for f in fields}
    return sorted(
        c for c in expression.referencedColumns()
        if c and c.lower() not in names and not c.startswith("#!")  # "#!…": every attribute, not a field
    )


def expression_context(source, context):
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
