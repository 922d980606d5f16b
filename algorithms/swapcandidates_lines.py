"""The red line's and the development boundary's inputs of planmaint:swapcandidates (LINE = EPR / UDB), and the
settled conflicts of every line (CONFLICTS).

The algorithm reads the parameters every line shares; this module reads the layers of each line's categories
and hands the core (``core.candidates_epr``, ``core.candidates_udb``) its typed inputs. A layer a county does not
have leaves its category empty, and the log says so.
"""
import numpy as np
from qgis.core import QgsProcessingException

from . import bridge
from .base import warn_if_empty
from .core import candidates_epr, candidates_udb, conflicts
from .i18n import tr
from .swapcandidates_io import column

LINES = ("pbf", "epr", "udb")  # the LINE parameter's options, in order
# The optional polygon layers of each line's categories, by parameter, in precedence order.
EPR_LAYERS = ("WITHDRAWN", "CONFLICT_PBF", "MINING", "COMMERCIAL_FOREST", "CORRECTION")
UDB_LAYERS = ("APPROVED",)


# The fields of the settlement layer (planmaint:conflictcheck with SETTLE) that decide a piece's category.
YIELDS, KIND = "YIELDS", "KIND"
PAIR_OF_KIND = conflicts.PAIR_OF_KIND


# The optional layers that only one line reads.
OWN_LAYERS = {"pbf": ("DAMAGED", "UNQUALIFIED", "HILLY_AREAS"), "epr": EPR_LAYERS,
              "udb": UDB_LAYERS + ("PLANNED_LANDUSE",)}


def warn_other_lines(alg, parameters, context, feedback, line, own_layers=OWN_LAYERS):
    """Warn of layers given that only another line reads: they change nothing in this run. ``own_layers``:
    {line: the parameters only it reads} (planmaint:swapins passes its own)."""
    for other, names in own_layers.items():
        for name in names if other != line else ():
            if alg.source_keeping_invalid(parameters, name, context) is not None:
                feedback.pushWarning(tr("{} is read only with LINE = {}: it is ignored for this line ({}).").format(
                    name, other.upper(), line.upper()))


def zones(alg, parameters, context, feedback, names, crs):
    """{parameter: polygons or None} of the optional layers ``names``; a layer not given is named in the log."""
    out = {}
    for name in names:
        layer = alg._read(parameters, context, name, feedback, crs=crs, attributes=False)
        out[name] = getattr(layer, "geoms", None)
        if layer is None:
            feedback.pushInfo(tr("{}: no layer given; its category is empty.").format(name))
    return out


def _shared(alg, parameters, context, steps, line_source, crs):
    """(line LayerArrays, land use LayerArrays, codes as read, four-digit codes, township or None)."""
    land_field = alg._field(parameters, alg.DLBM_FIELD, context)
    township = alg._field(parameters, alg.TOWNSHIP_FIELD, context)
    lu_source = alg._source(parameters, alg.LANDUSE, context, required=True)
    alg._require(lu_source, alg.LANDUSE, land_field, alg.DLBM_FIELD)
    if township and line_source.fields().lookupField(township) < 0:
        steps.pushInfo(tr("The control line has no field {} (TOWNSHIP_FIELD): the pieces are in the line's "
                          "order.").format(township))
        township = ""
    steps.setCurrentStep(0)
    line = alg._read(parameters, context, alg.PBF, steps, subset=[township] if township else [], passes_text=True)
    warn_if_empty(steps, line, alg.PBF, tr("there is no land of the line to swap out, and the output is empty."))
    steps.setCurrentStep(1)
    landuse = alg._read(parameters, context, alg.LANDUSE, steps, crs=crs, subset=[land_field],
                        text_fields=[land_field])
    raw = np.array(column(landuse, land_field), dtype=object)
    codes = alg._codes(landuse, land_field, steps)
    towns = [str(v or "")[:9] for v in column(line, township)] if township else None
    return line, landuse, raw, codes, towns


def epr_inputs(alg, parameters, context, steps, line_source, crs):
    """(EprInputs without measure, the line's LayerArrays, project names, the land use's LayerArrays)."""
    line, landuse, raw, codes, towns = _shared(alg, parameters, context, steps, line_source, crs)
    steps.setCurrentStep(2)
    projects, names = alg._project_zones(parameters, context, steps, crs)
    if projects is None:
        steps.pushInfo(tr("{}: no layer given; its category is empty.").format(alg.PROJECTS))
    given = zones(alg, parameters, context, steps, EPR_LAYERS, crs)
    yielded = settled(alg, parameters, context, steps, "epr", crs)
    inputs = candidates_epr.EprInputs(
        line=line.geoms, landuse=landuse.geoms, landuse_codes=codes, landuse_raw=raw,
        withdrawn=given["WITHDRAWN"], conflict_pbf=given["CONFLICT_PBF"], settled_pbf=yielded.get("PBF"),
        settled_udb=yielded.get("UDB"), mining=given["MINING"],
        commercial_forest=given["COMMERCIAL_FOREST"], projects=projects, correction=given["CORRECTION"],
        township=towns, min_piece_m2=max(alg.parameterAsDouble(parameters, alg.MIN_PIECE, context), 0.0),
    )
    return inputs, line, names, landuse


def _planned(alg, parameters, context, steps, crs):
    """(planned polygons, their four-digit codes) or (None, None); a missing code field is refused by name."""
    source = alg._source(parameters, alg.PLANNED_LANDUSE, context)
    if source is None:
        steps.pushInfo(tr("{}: no layer given; no planned land is kept in the boundary.").format(
            alg.PLANNED_LANDUSE))
        return None, None
    field = alg._field(parameters, alg.PLANNED_CODE_FIELD, context) or "YDDM"  # optional: models made before it
    alg._require(source, alg.PLANNED_LANDUSE, field, alg.PLANNED_CODE_FIELD)
    layer = alg._read(parameters, context, alg.PLANNED_LANDUSE, steps, crs=crs, subset=[field], text_fields=[field])
    return layer.geoms, alg._codes(layer, field, steps)


def udb_inputs(alg, parameters, context, steps, line_source, crs):
    """(UdbInputs without measure, the line's LayerArrays, project names (none), the land use's LayerArrays)."""
    line, landuse, _, codes, towns = _shared(alg, parameters, context, steps, line_source, crs)
    steps.setCurrentStep(2)
    given = zones(alg, parameters, context, steps, UDB_LAYERS, crs)
    planned, planned_codes = _planned(alg, parameters, context, steps, crs)
    protected = candidates_udb.parse_codes(alg.parameterAsString(parameters, alg.PROTECTED_CODES, context))
    if planned is not None and not protected:
        steps.pushWarning(tr("No protected codes (PROTECTED_CODES) are set: no planned land is kept in the "
                             "boundary."))
    yielded = settled(alg, parameters, context, steps, "udb", crs)
    inputs = candidates_udb.UdbInputs(
        line=line.geoms, landuse=landuse.geoms, landuse_codes=codes, conflict_pbf=yielded.get("PBF"),
        conflict_epr=yielded.get("EPR"), approved=given["APPROVED"], planned=planned,
        planned_codes=planned_codes, protected_codes=protected, township=towns,
        min_piece_m2=max(alg.parameterAsDouble(parameters, alg.MIN_PIECE, context), 0.0),
    )
    return inputs, line, [], landuse


def _refuse_unknown(name, fids, values, known, field):
    """Refuse the ``values`` of ``field`` of layer ``name`` (features ``fids``) not in ``known``, naming them."""
    bad = ~np.isin(values, known)
    if bad.any():
        raise QgsProcessingException(tr(
            "Layer {} (CONFLICTS): field {} holds {} on features {}, where the settlement of this line writes one "
            "of: {}. Give the output of Control-line conflicts (planmaint:conflictcheck) with SETTLE, or correct "
            "the value.").format(name, field, ", ".join(sorted({repr(v) for v in values[bad]})),
                                 bridge.id_list(fids[bad]), ", ".join(repr(k) for k in known)))


def settled(alg, parameters, context, feedback, line, crs):
    """{other line ('PBF', 'EPR', 'UDB'): the settled overlaps ``line`` ('pbf', 'epr', 'udb') yields to it} from
    the CONFLICTS layer; {} without one. A layer that is no settlement, or holds a value it cannot, is refused."""
    source = alg._source(parameters, alg.CONFLICTS, context)
    if source is None:
        return {}
    label = bridge.layer_label(source, alg.CONFLICTS)
    for field in (YIELDS, KIND):
        if source.fields().lookupField(field) < 0:
            raise QgsProcessingException(tr(
                "Layer {} (CONFLICTS) has no field {}: it is not a settlement of the lines' conflicts. Its fields "
                "are: {}. Run Control-line conflicts (planmaint:conflictcheck) with SETTLE and give its output "
                "here.").format(label, field, bridge.field_list(source.fields())))
    layer = alg._read(parameters, context, alg.CONFLICTS, feedback, crs=crs, subset=[YIELDS, KIND],
                      text_fields=[YIELDS, KIND])
    yields = np.array([str(v or "").strip().upper() for v in column(layer, YIELDS)], dtype=object)
    _refuse_unknown(label, layer.fids, yields, ("", *conflicts.LINES), YIELDS)
    own = line.upper()
    mine = np.flatnonzero(yields == own)
    kinds = np.array([str(v or "").strip() for v in column(layer, KIND)], dtype=object)[mine]
    pairs = [kind for kind, pair in PAIR_OF_KIND.items() if own in pair]
    _refuse_unknown(label, layer.fids[mine], kinds, tuple(pairs), KIND)
    out = {}
    for kind in pairs:
        other = next(name for name in PAIR_OF_KIND[kind] if name != own)
        out[other] = layer.geoms[mine[kinds == kind]]
        feedback.pushInfo(tr("Layer {} (CONFLICTS): {} overlaps with {} yielded by {}.").format(
            label, len(out[other]), other, own))
    return out
