"""Land-class codes between QGIS and the core (``core.landcodes``): what to tell the user when codes were
given their four-digit form, and the refusal when an expression QGIS evaluates would read them wrongly.

planmaint normalises the codes it reads itself. An expression is evaluated by QGIS on the field as stored:
QGIS compares the number 101 with the text '0101' as numbers (equal), but '101' with '0101' as text (not
equal), and left("DLBM", 2) of 101 is '10'. Whether an expression selects the right land then depends on
how it is written, so an expression reading such a field is refused, before anything runs, with the fix.
"""
from qgis.core import QgsExpression, QgsProcessingException

from .bridge import is_null
from .core import landcodes
from .i18n import tr

NUMBERS, UNPADDED = "numbers", "unpadded"


def shown(value):
    """A value as a message shows it: text quoted ('101'), numbers as they are (101)."""
    return f"'{value}'" if isinstance(value, str) else str(value)


def fix_expression(field_name):
    """The field-calculator expression that stores the codes of ``field_name`` as four-digit text."""
    return "lpad(to_string(\"{}\"), 4, '0')".format(field_name)


def normalised_warning(layer_name, field_name, found, written=False):
    """The warning for ``found`` (``LandCodes`` of a layer's field), or "" when nothing needed saying.

    ``written``: the codes went into the outputs (edge swap), rather than only being read (indicators).
    """
    parts = []
    if found.changed:
        original, code = found.example
        if written:
            text = tr("Layer {}: the land-class field {} holds codes as numbers or without their leading zero "
                      "(e.g. {}); {} values were written to the outputs in their four-digit form (e.g. {}), as "
                      "text, the way GB/T 21010 writes them (0101, not 101).")
        else:
            text = tr("Layer {}: the land-class field {} holds codes as numbers or without their leading zero "
                      "(e.g. {}); {} values were read in their four-digit form (e.g. {}), the way GB/T 21010 "
                      "writes them (0101, not 101).")
        parts.append(text.format(layer_name, field_name, shown(original), found.changed, code))
    if len(found.unreadable):
        parts.append(
            tr("Layer {}: {} values of the land-class field {} cannot be a code of GB/T 21010 (e.g. {}) and "
               "count in no class: correct them.").format(
                layer_name, len(found.unreadable), field_name, shown(found.unreadable_example)
            )
        )
    return " ".join(parts)


def stored_problem(source, field_name):
    """(NUMBERS or UNPADDED, an example value) when the codes of field ``field_name`` of ``source`` (a feature
    source or a vector layer) would change in their four-digit form; None when they would not, or when the
    field is missing. Reads the field's distinct values only (a GeoPackage answers with one query)."""
    index = source.fields().lookupField(field_name) if field_name else -1
    if index < 0:
        return None
    values = [v for v in source.uniqueValues(index) if not is_null(v)]
    # The example a message shows is the same on every run: the value of the lowest code (101 for 0101).
    values.sort(key=lambda v: landcodes.normalise_code(v)[0])
    found = landcodes.normalise_codes(values)
    if not found.changed:
        return None
    kind = NUMBERS if source.fields().at(index).isNumeric() else UNPADDED
    return kind, found.example[0]


def refusal(layer_name, field_name, problem, reader):
    """The error for codes that ``reader`` (what evaluates the expression, translated) would misread."""
    kind, example = problem
    stored = tr("as numbers") if kind == NUMBERS else tr("as text without their leading zero")
    return QgsProcessingException(
        tr("Layer {}: {} reads the land-class field {}, whose codes are stored {} (e.g. {}). Compared with "
           "codes written as text ('0101', left(\"{}\", 2) = '01') they select the wrong land, or none. Store "
           "the codes as four-digit text first, e.g. with the field calculator: a text field computed as {} "
           "(6 for six-digit codes), then run again.").format(
            layer_name, reader, field_name, stored, shown(example), field_name, fix_expression(field_name)
        )
    )


def reads_field(expression_text, field_name):
    """Whether the expression ``expression_text`` reads field ``field_name`` (names compared as QGIS does,
    case ignored)."""
    if not expression_text or not field_name:
        return False
    expression = QgsExpression(expression_text)
    if expression.hasParserError():
        return False  # reported where the expression is used
    return field_name.lower() in {name.lower() for name in expression.referencedColumns()}
