"""The settlement options of planmaint:conflictcheck (三线冲突处理): its parameters, its inputs and its fields.

The algorithm finds the overlaps; with SETTLE, this module reads who yields each of them (the rule of each pair,
the nature-reserve core zones, the technician's decision layer) and hands them to ``core.settlement``; the
algorithm then writes the settled pieces with the fields named here.
"""
import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge
from .compat import new_field
from .core import conflicts, settlement
from .i18n import tr

SETTLE = "SETTLE"
RULES = {("PBF", "EPR"): "PBF_EPR_RULE", ("PBF", "UDB"): "PBF_UDB_RULE", ("EPR", "UDB"): "EPR_UDB_RULE"}
CORE_ZONES = "CORE_ZONES"
DECISIONS = "DECISIONS"
KEEP_FIELD = "KEEP_FIELD"
NOTE_FIELD = "NOTE_FIELD"
# The settlement's own fields, after KIND, MJ_MU and MJ_HA: (name, length).
FIELDS = (("YIELDS", 3), ("KEEPS", 4), ("BASIS", 10), ("NOTE", 254))


def rule_choices():
    """{pair: option labels} in the order of ``settlement.PAIR_OPTIONS``."""
    return {
        ("PBF", "EPR"): [tr("Red line yields; farmland yields inside nature-reserve core zones"),
                         tr("Farmland yields"), tr("Red line yields")],
        ("PBF", "UDB"): [tr("Development boundary yields"), tr("Farmland yields")],
        ("EPR", "UDB"): [tr("Development boundary yields"), tr("Red line yields")],
    }


def add_parameters(alg):
    """Add SETTLE, the three rules, the core zones and the decision layer with its fields."""
    polygon = [QgsProcessing.TypeVectorPolygon]
    alg.add(QgsProcessingParameterBoolean(SETTLE, tr("Settle the conflicts (who yields each overlap)"), False),
            tr("Split each overlap into the pieces one line gives up, and write who yields (YIELDS), who keeps "
               "(KEEPS), why (BASIS: rule, core_zone or decision) and a note (NOTE). The model passes this layer "
               "to each line's swap-out candidates."))
    labels = {("PBF", "EPR"): tr("Rule: farmland and red line"), ("PBF", "UDB"): tr("Rule: farmland and boundary"),
              ("EPR", "UDB"): tr("Rule: red line and boundary")}
    for pair, name in RULES.items():
        alg.add(QgsProcessingParameterEnum(name, labels[pair], options=rule_choices()[pair], defaultValue=0),
                tr("Which line gives up the overlap of this pair where no decision says otherwise (with SETTLE). "
                   "The first option follows the national guidance on the three lines."), advanced=True)
    alg.add(QgsProcessingParameterFeatureSource(CORE_ZONES, tr("Nature-reserve core zones"), polygon, optional=True),
            tr("自然保护地核心保护区 polygons. Inside them the farmland yields to the red line under the default "
               "farmland and red-line rule (with SETTLE)."))
    alg.add(QgsProcessingParameterFeatureSource(DECISIONS, tr("Conflict decisions"), polygon, optional=True),
            tr("The technician's decisions (with SETTLE): polygons whose keep field says which line keeps the "
               "overlap under it (PBF, EPR, UDB or the Chinese line name), or BOTH / 保留重叠 to keep the overlap "
               "with its note as the reason. A decision overrides the rules and the core zones."))
    alg.add(QgsProcessingParameterField(KEEP_FIELD, tr("Keep field of the decisions"), "KEEP", DECISIONS,
                                        optional=True),
            tr("The decisions' field saying which line keeps the ground (default KEEP)."), advanced=True)
    alg.add(QgsProcessingParameterField(NOTE_FIELD, tr("Note field of the decisions"), "NOTE", DECISIONS,
                                        optional=True),
            tr("The decisions' field with the reason written to NOTE (default NOTE; may be missing)."),
            advanced=True)


def help_text():
    """The paragraph of the tool's help on settling."""
    return tr(
        "Settling (SETTLE): each overlap is split into pieces, each given up by one line (YIELDS) and kept by the "
        "other (KEEPS). In this order: a decision polygon decides the ground under it; inside a nature-reserve "
        "core zone the farmland yields to the red line; elsewhere the rule of the pair. The default rules follow "
        "the national guidance on the three control lines (中共中央办公厅、国务院办公厅《关于在国土空间规划中统筹划定"
        "落实三条控制线的指导意见》, 2019, on settling conflicts) and the seed's scheme: the red line gives up "
        "farmland in conflict with it (one of the five conflicts of the red-line rules), except in core zones, "
        "from which farmland withdraws; the development boundary avoids the farmland and the red line. Each rule "
        "can be changed per pair. Pieces under the minimum area left by the cuts are dropped. The swap-out "
        "candidates (Swap-out candidates, CONFLICTS) turn the pieces a line yields into its candidates of "
        "category 矛盾冲突, so they are reviewed, recorded and rebalanced like every other swap-out."
    )


def output_fields():
    out = []
    for name, length in FIELDS:
        out.append(new_field(name, QVariant.String, "string", length))
    return out


def read(alg, parameters, context, feedback, crs):
    """(Rules, core-zone polygons or None, Decisions or None) of the parameters."""
    rules = settlement.rules_from_options(
        *(alg.parameterAsEnum(parameters, RULES[pair], context) for pair in conflicts.PAIRS))
    core = None
    if alg.source_keeping_invalid(parameters, CORE_ZONES, context) is not None:
        core = bridge.read_input(alg, parameters, CORE_ZONES, context, feedback, CORE_ZONES, crs=crs,
                                 attributes=False).geoms
    return rules, core, _decisions(alg, parameters, context, feedback, crs)


def _decisions(alg, parameters, context, feedback, crs):
    source = alg.source_keeping_invalid(parameters, DECISIONS, context)
    if source is None:
        return None
    label = bridge.layer_label(source, DECISIONS)
    keep_field = alg.parameterAsString(parameters, KEEP_FIELD, context) or "KEEP"
    note_field = alg.parameterAsString(parameters, NOTE_FIELD, context) or "NOTE"
    if source.fields().lookupField(keep_field) < 0:
        raise QgsProcessingException(tr(
            "Layer {} (DECISIONS) has no field {}: add a text field saying which line keeps the ground (PBF, EPR, "
            "UDB or BOTH), or name the field in KEEP_FIELD.").format(label, keep_field))
    has_note = source.fields().lookupField(note_field) >= 0
    subset = [keep_field] + ([note_field] if has_note else [])
    layer = bridge.read_input(alg, parameters, DECISIONS, context, feedback, label, crs=crs, subset=subset,
                              text_fields=subset)
    k = layer.fields.lookupField(keep_field)
    raw = [None if bridge.is_null(row[k]) else row[k] for row in layer.rows]
    keeps = [settlement.parse_keep(value) for value in raw]
    bad = sorted({str(value) for value, keep in zip(raw, keeps) if keep is None})
    if bad:
        raise QgsProcessingException(tr(
            "Layer {} (DECISIONS), field {}: the values {} say no line. Write PBF, EPR, UDB (or 永久基本农田, "
            "生态保护红线, 城镇开发边界) for the line that keeps the ground, or BOTH / 保留重叠 to keep the "
            "overlap.").format(label, keep_field, ", ".join(bad[:5])))
    n = layer.fields.lookupField(note_field)
    notes = [("" if bridge.is_null(row[n]) else str(row[n])) if has_note else "" for row in layer.rows]
    return settlement.Decisions(np.asarray(layer.geoms, dtype=object), np.array(keeps, dtype=object),
                                np.array(notes, dtype=object))
