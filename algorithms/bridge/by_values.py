"""Expressions of field values only, evaluated once per distinct combination of those values.

A filter or an expression that reads field values and nothing else (no geometry, $id, variables, random or
aggregate functions) gives the same value for every feature with the same values. The columnar reader
evaluates such expressions with QGIS, once per distinct combination of the columns it read, on a feature
carrying those values: a county's thousands of parcels have a few dozen land classes. A filter is handled
so only when QGIS and the provider's SQL read it alike (``plain_filter``).
"""
from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsExpression,
    QgsExpressionNode,
    QgsExpressionNodeBinaryOperator,
    QgsExpressionNodeUnaryOperator,
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
)
from qgis.PyQt.QtCore import QVariant

from .arrow import NotFast, qgis_values
from .qgis_read import expression_context

# Functions whose value depends only on their arguments: an expression built of field values, literals,
# operators (CASE, IN, LIKE, IS NULL …) and these gives the same value for every feature with the same values.
PURE_FUNCTIONS = frozenset((
    "coalesce", "if", "nullif", "upper", "lower", "title", "trim", "left", "right", "substr", "strpos",
    "length", "concat", "replace", "regexp_match", "regexp_replace", "regexp_substr", "starts_with",
    "to_int", "to_real", "to_string", "round", "abs", "floor", "ceil", "min", "max", "clamp", "sqrt",
))


def value_only_expressions(expressions, fields):
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
        if not set(f.lower() for f in expression.referencedFunctions()) <= PURE_FUNCTIONS:
            return None  # $id, rand(), now(), aggregates …: QGIS evaluates them feature by feature
        columns |= names
    return dict(expressions, __columns__=sorted(columns))


_TEXT_TYPES = (QVariant.String,)
_NUMBER_TYPES = (QVariant.Int, QVariant.UInt, QVariant.LongLong, QVariant.ULongLong, QVariant.Double)


def plain_filter(text, fields):
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


def true_for_qgis(value):
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


@dataclass
class ValueRows:
    """Some OGR columns at some rows, as an expression evaluated per distinct combination needs them.

    ``keys``: {OGR field index: hashable value of each row}; ``values_at(rows)``: {OGR field index: the QGIS
    values of those rows} (converting a county's column of text to QGIS values costs more than grouping it,
    and an expression needs one row of each distinct combination). ``fields``: the layer's QGIS fields, in
    which OGR field k is field ``offset + k`` (a GeoPackage's fid column comes first).
    """

    keys: dict
    values_at: object
    fields: QgsFields
    offset: int
    n: int  # the number of rows


def value_rows(columns, ogr_names, fields, offset, ogr_fields, positions):
    """The ``ValueRows`` of the columns ``ogr_fields`` (OGR field indices) of ``columns`` at ``positions``."""
    keys = {k: _value_keys(columns[ogr_names[k]], positions) for k in ogr_fields}

    def values_at(rows):
        return {k: qgis_values(columns[ogr_names[k]], positions[rows], fields.at(offset + k).type())
                for k in ogr_fields}

    return ValueRows(keys=keys, values_at=values_at, fields=fields, offset=offset, n=len(positions))


def evaluate_by_values(by_values, source, context, rows):
    """{key: values} of the value-only expressions at ``rows`` (``ValueRows``), each evaluated once per
    distinct combination of values.

    The expression sees a feature carrying those values (the other fields NULL), in the context
    ``read_layer`` gives it. An evaluation error leaves the whole read to QGIS, which names the feature.
    """
    results, inverse = evaluate_distinct(by_values, source, context, rows)
    out = {}
    for key, found in results.items():
        column = np.empty(len(found), dtype=object)
        column[:] = found
        out[key] = column[inverse] if rows.n else np.empty(0, dtype=object)
    return out


def passing_filter(by_filter, source, context, rows):
    """Whether each row passes the value-only filter ``by_filter`` (see ``evaluate_by_values``)."""
    results, inverse = evaluate_distinct(by_filter, source, context, rows)
    passes = np.array([true_for_qgis(value) for value in results["filter"]], dtype=bool)
    return passes[inverse] if rows.n else np.zeros(0, dtype=bool)


def evaluate_distinct(by_values, source, context, rows):
    """({key: value of each distinct combination of values}, the combination of each row)."""
    keys, n = rows.keys, rows.n
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
    exp_context = expression_context(source, context)
    compiled = {}
    for key, text in by_values.items():
        if key != "__columns__":
            compiled[key] = QgsExpression(text)
            compiled[key].prepare(exp_context)
    results = {key: [] for key in compiled}
    feature = QgsFeature(rows.fields)
    used = rows.values_at(np.asarray(first, dtype=np.int64))
    for combination in range(len(first)):
        attributes = [None] * rows.fields.count()
        for k in order:
            attributes[rows.offset + k] = used[k][combination]
        feature.setAttributes(attributes)
        exp_context.setFeature(feature)
        for key, expression in compiled.items():
            value = expression.evaluate(exp_context)
            if expression.hasEvalError():
                raise NotFast()
            results[key].append(value)
    return results, inverse
