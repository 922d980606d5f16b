"""The settlement of the conflicts (SETTLEMENT) that planmaint:indicators reads: its parameter and help, and the
settled overlap pieces of planmaint:conflictcheck (run with SETTLE) as the core's ``indicator_conflicts.Settlement``.

A layer that cannot be read as a settlement (a field missing, a KIND that is no pair of lines, a yielding line
outside its pair) stops the run with a message naming the layer, the field, the features and the fix: a report
that explained the remaining overlaps from a wrong layer would mislead more than one that cannot be written.
"""
from qgis.core import QgsProcessing, QgsProcessingException, QgsProcessingParameterFeatureSource

from . import bridge
from .core import conflicts, indicator_conflicts as ic
from .i18n import tr

KEY = "SETTLEMENT"
MAX_NAMED = 5  # features named in a refusal; the count says how many more


def parameter():
    """(parameter, help text) of the optional settlement layer."""
    return (
        QgsProcessingParameterFeatureSource(KEY, tr("Settlement of the conflicts"),
                                            [QgsProcessing.TypeVectorPolygon], optional=True),
        tr("The overlaps of the lines before maintenance as settled: OUTPUT of Control-line conflicts "
           "(planmaint:conflictcheck) run on PBF, EPR and UDB with SETTLE, with its fields KIND, YIELDS, KEEPS, "
           "BASIS and NOTE. With the lines after maintenance, the report's section 三线冲突处理 gives per pair the "
           "overlap settled, the part each line yields and the part both keep, and the reason each overlap "
           "remaining after maintenance stays. Without it the report still lists the remaining overlaps, with "
           "no reason."),
    )


def help_text():
    """The paragraph of the tool's help on the settling of the conflicts (三线冲突处理)."""
    return "\n\n" + tr(
        "Settling the conflicts (三线冲突处理, report only): with two lines or more and their state after "
        "maintenance, the report says how each overlap between the lines was settled and why any overlap "
        "remains (三条控制线不交叉、不重叠). Give SETTLEMENT, the settled overlaps of the lines before maintenance "
        "(OUTPUT of Control-line conflicts run with SETTLE). Per pair it gives the overlap settled, the part each "
        "line yields (YIELDS), the part both lines keep (YIELDS empty, a decision) and the overlap remaining after "
        "maintenance (the table's after row). Each remaining overlap polygon is listed with its area, a point "
        "inside it and the reason it stays, from the settled piece it shares the most area with: both lines keep "
        "it (with the decision's note); the line that was to yield it still holds it (it was not swapped out, e.g. "
        "its candidates were kept in review); or it lies in no settled piece (a new overlap made by maintenance). "
        "Without SETTLEMENT the settled columns read 无 and the reasons say no settlement was given. With no "
        "overlap left the report says the lines do not overlap. The indicator table does not change."
    )


def _text(value):
    return "" if bridge.is_null(value) else str(value).strip()


def _named(layer, positions):
    shown = ", ".join(str(int(layer.fids[k])) for k in positions[:MAX_NAMED])
    more = len(positions) - MAX_NAMED
    return shown + (tr(" and {} more").format(more) if more > 0 else "")


def _pair_of(kind):
    """The pair of lines of a KIND value: conflictcheck's 永久基本农田∩生态保护红线, or PBF_EPR; None when neither."""
    if kind in ic.PAIR_OF_KIND:
        return ic.PAIR_OF_KIND[kind]
    return next((pair for pair in conflicts.PAIRS if conflicts.pair_key(pair) == kind.upper()), None)


def settlement_of(layer):
    """The core's ``Settlement`` of a read settlement layer (``bridge.LayerArrays``), or a refusal in words."""
    index = {name: layer.fields.lookupField(name) for name in ic.FIELDS}
    missing = [name for name, k in index.items() if k < 0]
    if missing:
        raise QgsProcessingException(
            tr("Layer {} ({}) has no field {}; its fields are: {}. Give the OUTPUT of Control-line conflicts "
               "(planmaint:conflictcheck) run with SETTLE, whose overlap polygons carry KIND, YIELDS, KEEPS, BASIS "
               "and NOTE.").format(layer.name, KEY, ", ".join(missing),
                                   ", ".join(f.name() for f in layer.fields) or tr("(none)")))
    kinds, yields, keeps, basis, notes = ([_text(row[index[name]]) for row in layer.rows] for name in ic.FIELDS)
    pairs = tuple(_pair_of(kind) for kind in kinds)
    settlement = ic.Settlement(layer.geoms, pairs, tuple(y.upper() for y in yields), tuple(k.upper() for k in keeps),
                               tuple(basis), tuple(notes))
    bad = ic.invalid_pieces(settlement)
    unknown = [k for k in bad if pairs[k] is None]
    if unknown:
        raise QgsProcessingException(
            tr("Layer {} ({}): the field KIND of feature(s) {} holds {!r}, which is no pair of control lines. It must "
               "be one of {} (as Control-line conflicts writes it). Correct the field, or give the OUTPUT of "
               "Control-line conflicts run with SETTLE.").format(
                layer.name, KEY, _named(layer, unknown), kinds[unknown[0]],
                ", ".join(conflicts.kind_label(pair) for pair in conflicts.PAIRS)))
    if bad:
        first = bad[0]
        raise QgsProcessingException(
            tr("Layer {} ({}): the field YIELDS of feature(s) {} holds {!r}, which is no line of its overlap {}. "
               "YIELDS is the line that leaves the overlap, {} or {}, or empty where both lines keep it. Correct "
               "the field.").format(layer.name, KEY, _named(layer, bad), yields[first], kinds[first], *pairs[first]))
    return settlement


def settling(read, result, ctx, notes):
    """The core's ``Settling`` of a run (``read``: {parameter: read layer or None}; ``result``: the ``Assessment``;
    ``ctx``: its ``Context``), or None when the report has no such section: no after state, or fewer than two
    lines. A settlement given where it cannot be used is named in ``notes``."""
    layer = read.get(KEY)
    if result.after is None or not result.overlaps_before:
        if layer is not None:
            notes.warn(tr("Layer {} ({}) is given, but the settling of the conflicts needs two lines or more and "
                          "their state after maintenance (PBF_AFTER, EPR_AFTER or UDB_AFTER): it is not used.").format(
                layer.name, KEY))
        return None
    settlement = settlement_of(layer) if layer is not None else None
    if settlement is not None and not len(settlement):
        notes.warn(tr("Layer {} ({}) has no features: no overlap of the lines before maintenance was settled, so "
                      "every remaining overlap is reported as new.").format(layer.name, KEY))
    return ic.settle(ic.overlaps_after(result), settlement, ctx.measure)
