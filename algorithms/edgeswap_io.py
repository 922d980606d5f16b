"""The QGIS side of planmaint:edgeswap: the layers read into the plan's inputs (``core.swap.SwapInputs``), and
the plan (``core.swap.SwapPlan``) written into the sinks with the attributes of the land it moves.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFields,
    QgsMapLayer,
    QgsProcessingException,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge, edgeswap_balance, edgeswap_net, landclass, review, styles
from .base import warn_if_empty
from .compat import new_field
from .core import changes, landcodes, ledger, swap, units
from .i18n import tr
from .review import BREAKDOWN_FIELDS, REVIEW_FLAG, REVIEW_TEXT

# Swap-out reasons of the seed (调出原因), stored as data codes, never translated. REASON may name one
# of them by its number 1–6.
SEED_REASONS = (
    "坡度15度以上",
    "国家和自治区重点建设项目",
    "零星破碎",
    "灾毁和采矿损毁无法修复",
    '变更调查"非耕地"',
    "经核实不符合划入要求",
)
DEFAULT_REASON = SEED_REASONS[-1]
REQUIRED_IN_REASON = "指定调入"  # a SWAP_IN feature without a reason of its own
# Fields of SWAP_IN read as its reason, first found wins (TZLX is what planmaint:fillholes writes).
SWAP_IN_REASON_FIELDS = ("TZYY", "TZLX")
SLOPE_FALLBACK_FIELD = "GDPDJB"
SNAP_M = 1e-6  # layers from another CRS are snapped onto the line's edges within this distance (metres)
SWAP_FIELDS = ("TZLX", "TZYY", "MJ_MU", "MJ_HA")  # the fields every swapped piece gets
PARCEL_NUMBER_FIELD = "JBNTTBBH"  # 基本农田图斑编号: the record's number of a kept piece
# The record (划入划出记录), after the old national 基本农田划入划出 table: (name, type, length, precision).
CHANGES_FIELDS = (
    ("YSDM", QVariant.String, 10, 0), ("XZQDM", QVariant.String, 12, 0), ("XZQMC", QVariant.String, 100, 0),
    ("HRHCLXDM", QVariant.String, 1, 0), ("HRHCTBBH", QVariant.String, 20, 0), ("TBMJ", QVariant.Double, 15, 2),
    ("GDMJ", QVariant.Double, 15, 2), ("QTNYDMJ", QVariant.Double, 15, 2), ("JSYDMJ", QVariant.Double, 15, 2),
    ("WLYDMJ", QVariant.Double, 15, 2), ("HCYY", QVariant.String, 2, 0), ("TZYY", QVariant.String, 100, 0),
    ("SJXMMC", QVariant.String, 100, 0), ("PZJG", QVariant.String, 100, 0), ("PZWH", QVariant.String, 100, 0),
    ("PZRQ", QVariant.String, 10, 0),
)


@dataclass
class Run:
    """One run's Processing objects, which every reading and writing step needs."""

    alg: object  # the EdgeSwap algorithm: its parameter names and sinks
    parameters: dict
    context: object
    feedback: object  # the run's feedback
    steps: object  # its six steps (a QgsProcessingMultiStepFeedback over ``feedback``)
    measure: object = None  # areas in m² by the run's area method (set once the method is known)


@dataclass
class Settings:
    """The run's parameters, read once."""

    sources: dict  # parameter name -> its source (None when not given): INPUT, SWAP_OUT, SWAP_IN, CANDIDATES, HSF
    label: str  # the line's name in messages
    crs: object  # the line's CRS; every layer is read in it
    reason_field: str
    default_reason: str
    eligible: str  # expressions as typed
    priority: str
    stable: str
    slope_field: str
    township_field: str
    land_field: str
    rule: swap.BalanceRule
    balance_out_reason: str = swap.BALANCE_OUT_REASON
    changes: bool = False  # the record (CHANGES) is asked for
    quality_error: bool = False  # swapped-in land of lower quality stops the run
    net: bool = False  # the balance is kept on area net of field ridges (AREA_BASIS)
    kcxs_field: str = edgeswap_net.DEFAULT_KCXS_FIELD  # … with the ratio of this field
    protected: str = ""  # the protected land expression on the candidates, as typed


@dataclass
class Layers:
    """The layers read (``bridge.LayerArrays``; None when not given)."""

    line: object
    swap_out: object = None
    swap_in: object = None
    cand: object = None
    hsf: object = None
    excluded: list = field(default_factory=list)
    reviewed: object = None  # the reviewed candidates
    reviewed_leave: object = None  # … their decisions (SFTC = 1), one bool each
    landuse: object = None  # the land use of the record's breakdown (only when the record is asked for)


# ----------------------------------------------------------------------------------------------- reading


def read_settings(alg, parameters, context, source):
    """The run's parameters, read once (``Settings``); ``alg``: the EdgeSwap algorithm."""
    sources = {alg.INPUT: source}
    sources.update({name: alg.source_keeping_invalid(parameters, name, context)
                    for name in (alg.SWAP_OUT, alg.SWAP_IN, alg.CANDIDATES, alg.HSF,
                                 alg.CANDIDATES_REVIEWED, alg.LANDUSE)})
    default_reason = (alg.parameterAsString(parameters, alg.REASON, context) or "").strip() or DEFAULT_REASON
    if default_reason in {str(k + 1) for k in range(len(SEED_REASONS))}:
        default_reason = SEED_REASONS[int(default_reason) - 1]

    def text(name):
        return (alg.parameterAsString(parameters, name, context) or "").strip()

    rule = swap.BalanceRule(
        adjacent_first=alg.parameterAsBoolean(parameters, alg.ADJACENT_FIRST, context),
        split=alg.parameterAsBoolean(parameters, alg.SPLIT, context),
        tolerance=max(alg.parameterAsDouble(parameters, alg.TOLERANCE, context), 0.0),
        allow_partial=alg.parameterAsBoolean(parameters, alg.ALLOW_PARTIAL, context),
        min_piece=max(alg.parameterAsDouble(parameters, alg.MIN_PIECE, context), 0.0),
        hsf_first=alg.parameterAsBool(parameters, alg.HSF_FIRST, context),
        hsf_required=alg.parameterAsBool(parameters, alg.HSF_REQUIRED, context),
        allow_detached=alg.parameterAsBool(parameters, alg.DETACHED, context),
        target=edgeswap_balance.target(alg, parameters, context),
        allow_protected=edgeswap_balance.allow_protected(alg, parameters, context),
    )
    # Expressions are taken as typed: parameterAsExpression() would turn an unparsable one into "" silently.
    return Settings(
        sources=sources, label=bridge.layer_label(source, alg.INPUT), crs=source.sourceCrs(),
        reason_field=alg.parameterAsString(parameters, alg.REASON_FIELD, context), default_reason=default_reason,
        eligible=text(alg.ELIGIBLE), priority=text(alg.PRIORITY), stable=text(alg.STABLE),
        slope_field=text(alg.SLOPE_FIELD),
        township_field=text(alg.TOWNSHIP_FIELD), land_field=text(alg.DLBM_FIELD), rule=rule,
        balance_out_reason=text(alg.BALANCE_OUT_REASON) or swap.BALANCE_OUT_REASON,
        changes=bool(alg.parameterAsOutputLayer(parameters, alg.CHANGES, context)),
        quality_error=alg.parameterAsBool(parameters, alg.QUALITY_ERROR, context),
        net=edgeswap_net.is_net(alg, parameters, context),
        kcxs_field=edgeswap_net.kcxs_field(alg, parameters, context),
        protected=edgeswap_balance.protected_expression(alg, parameters, context),
    )


def refuse_misread_codes(run, settings):
    """Stop before anything is read when an expression on the candidates reads land-class codes stored as
    numbers or without their leading zero: QGIS, not planmaint, evaluates it, on the field as stored, and
    would select the wrong land (see ``landclass``)."""
    alg, land_field = run.alg, settings.land_field
    expressions = {alg.ELIGIBLE: settings.eligible, alg.PRIORITY: settings.priority, alg.STABLE: settings.stable,
                   alg.PROTECTED: settings.protected}
    reading = [name for name, text in expressions.items() if landclass.reads_field(text, land_field)]
    cand_source = settings.sources[alg.CANDIDATES]
    if cand_source is None or not reading:
        return
    problem = landclass.stored_problem(cand_source, land_field)
    if problem is not None:
        reader = tr("the expression of {} ({})").format(reading[0], expressions[reading[0]])
        raise landclass.refusal(bridge.layer_label(cand_source, alg.CANDIDATES), land_field, problem, reader)


def read_layers(run, settings):
    """Read every layer in the line's CRS (steps 0 to 2). The attributes of the line, SWAP_IN and the
    candidates go out with their land; of the candidates only the eligible ones are read."""
    alg, steps, sources = run.alg, run.steps, settings.sources
    crs = settings.crs
    steps.setCurrentStep(0)
    codes = (settings.slope_field, SLOPE_FALLBACK_FIELD, settings.township_field)  # text they give the ledger
    layers = Layers(_read(run, settings, alg.INPUT, text_fields=codes, passes_text=True))
    warn_if_empty(run.feedback, layers.line, alg.INPUT, tr("no land can leave the line; the outputs hold only land "
                                                           "that must join it."))
    steps.setCurrentStep(1)
    if sources[alg.SWAP_OUT] is not None:
        layers.swap_out = _read(run, settings, alg.SWAP_OUT, crs=crs, text_fields=(settings.reason_field, "HCYY"))
    if sources[alg.SWAP_IN] is not None:
        layers.swap_in = _read(run, settings, alg.SWAP_IN, crs=crs, text_fields=codes + SWAP_IN_REASON_FIELDS,
                               passes_text=True)
    layers.excluded = _excluded_layers(run, crs)
    if sources[alg.CANDIDATES_REVIEWED] is not None:
        layers.reviewed, layers.reviewed_leave = _read_reviewed(run, settings)
    if settings.changes and sources[alg.LANDUSE] is not None:
        land = settings.land_field
        layers.landuse = _read(run, settings, alg.LANDUSE, crs=crs, text_fields=(land,),
                               subset=[land] + edgeswap_net.landuse_fields(settings, sources[alg.LANDUSE]))
    if sources[alg.HSF] is not None:
        layers.hsf = _read(run, settings, alg.HSF, crs=crs, attributes=False)
    steps.setCurrentStep(2)
    if sources[alg.CANDIDATES] is not None:
        # Only eligible candidates are read, filtered as QGIS filters; their attributes are fetched
        # later for the few that are chosen (a county has 200 000 land-use parcels).
        layers.cand = _read(run, settings, alg.CANDIDATES, crs=crs, attributes=False,
                            expressions={"priority": settings.priority, "stable": settings.stable,
                                         edgeswap_balance.PROTECTED_KEY: settings.protected,
                                         **edgeswap_net.candidate_expressions(settings, sources[alg.CANDIDATES])},
                            filter_expression=settings.eligible, text_fields=codes, passes_text=True)
        if settings.eligible:
            run.feedback.pushInfo(tr("Layer {}: {} candidate features are eligible ({}).").format(
                layers.cand.name, len(layers.cand), settings.eligible))
    bridge.check_canceled(run.feedback)
    _snap_reprojected(run.feedback, settings, [
        (sources[alg.SWAP_OUT], layers.swap_out), (sources[alg.SWAP_IN], layers.swap_in),
        (sources[alg.CANDIDATES], layers.cand), (sources[alg.CANDIDATES_REVIEWED], layers.reviewed),
    ], layers.line)
    return layers


def _read(run, settings, name, **options):
    label = settings.label if name == run.alg.INPUT else bridge.layer_label(settings.sources[name], name)
    return bridge.read_input(run.alg, run.parameters, name, run.context, run.steps, label, **options)


def check_review_inputs(run, settings):
    """Refuse, before anything is read, a reviewed layer without its decision field, and a land use for the
    record without its land-class field."""
    alg, sources = run.alg, settings.sources
    reviewed = sources[alg.CANDIDATES_REVIEWED]
    if reviewed is not None:
        review.refuse_missing_flag(reviewed, alg.CANDIDATES_REVIEWED)
    landuse = sources[alg.LANDUSE]
    if not settings.changes or landuse is None:
        return
    if not settings.land_field or landuse.fields().lookupField(settings.land_field) < 0:
        raise QgsProcessingException(
            tr("Layer {} ({}) has no land-class field {} ({}): the record's land-class breakdown reads it. Its "
               "fields are: {}. Set {} to the field holding the land-class code.").format(
                bridge.layer_label(landuse, alg.LANDUSE), alg.LANDUSE, settings.land_field or "—", alg.DLBM_FIELD,
                bridge.field_list(landuse.fields()), alg.DLBM_FIELD)
        )


def _read_reviewed(run, settings):
    """(the reviewed candidates, their decisions): SFTC must be 1 or 0 on every feature."""
    alg = run.alg
    fields = settings.sources[alg.CANDIDATES_REVIEWED].fields()
    present = [n for n in (REVIEW_FLAG, *REVIEW_TEXT, *BREAKDOWN_FIELDS) if fields.lookupField(n) >= 0]
    layer = _read(run, settings, alg.CANDIDATES_REVIEWED, crs=settings.crs, subset=present,
                  text_fields=tuple(n for n in REVIEW_TEXT if n in present))
    leave = review.decisions(layer, _column(layer, REVIEW_FLAG, range(len(layer))), alg.CANDIDATES_REVIEWED)
    return layer, leave


def _excluded_layers(run, crs):
    layers = run.alg.parameterAsLayerList(run.parameters, run.alg.EXCLUDE, run.context) or []
    read = []
    for layer in layers:
        if layer.type() != QgsMapLayer.VectorLayer or layer.geometryType() != QgsWkbTypes.PolygonGeometry:
            raise QgsProcessingException(
                tr("Excluded layer {} is not a polygon layer; give polygon layers only.").format(layer.name())
            )
        read.append(bridge.read_vector_layer(layer, run.context, run.steps, layer.name(), crs=crs, attributes=False))
    return read


def _snap_reprojected(feedback, settings, layers, line):
    """Snap the layers read from another CRS onto the line's edges, within a micrometre.

    A land-use layer in EPSG:4528 (zone-prefixed) next to a line in EPSG:4549 describes the same
    edges, but the transform leaves nanometres of noise: a candidate next to the line would no longer
    touch it (adjacent first would treat it as detached), and a swap-out polygon drawn on a parcel
    would cut slivers off its neighbours. ``layers``: (source, read LayerArrays or None).
    """
    crs = settings.crs
    moved = [(source, layer) for source, layer in layers
             if layer is not None and len(layer) and source.sourceCrs() != crs]
    if not moved:
        return
    line_geoms = swap.polygonal(line.geoms)
    chunks, _ = swap.boundary_chunks(line_geoms[~shapely.is_missing(line_geoms)])
    metre = QgsUnitTypes.fromUnitToUnitFactor(QgsUnitTypes.DistanceMeters, crs.mapUnits())
    for source, layer in moved:
        layer.geoms = swap.snap_to(layer.geoms, chunks, SNAP_M * metre)
        feedback.pushInfo(
            tr("Layer {} was reprojected from {} to {}; its vertices within {} m of the line's edges were "
               "snapped onto them.").format(layer.name, source.sourceCrs().authid(), crs.authid(), SNAP_M)
        )


def swap_inputs(layers, settings, measure):
    """The plan's inputs from the layers read; ``measure``: areas in m² by the run's area method."""
    inputs = swap.SwapInputs(line=layers.line.geoms, measure=measure, rule=settings.rule)
    if layers.swap_out is not None and len(layers.swap_out):
        inputs.must_out = layers.swap_out.geoms
        inputs.must_out_reasons = _swap_out_reasons(layers.swap_out, settings.reason_field, settings.default_reason)
        inputs.must_out_codes = [v or "" for v in _column(layers.swap_out, "HCYY", range(len(layers.swap_out)))]
    reviewed = layers.reviewed
    if reviewed is not None:
        every = range(len(reviewed))
        inputs.reviewed = swap.Reviewed(
            reviewed.geoms, layers.reviewed_leave,
            [settings.default_reason if v is None else str(v).strip() for v in _column(reviewed, "TZYY", every)],
            codes=[v or "" for v in _column(reviewed, "HCYY", every)],
            projects=["" if v is None else str(v).strip() for v in _column(reviewed, "SJXMMC", every)],
        )
    inputs.balance_out_reason = settings.balance_out_reason
    if layers.swap_in is not None and len(layers.swap_in):
        inputs.must_in = layers.swap_in.geoms
        inputs.must_in_reasons = _swap_in_reasons(layers.swap_in)
    if layers.excluded:
        inputs.excluded = np.concatenate([layer.geoms for layer in layers.excluded])
    if layers.hsf is not None:
        inputs.hsf = layers.hsf.geoms
    cand = layers.cand
    if cand is not None:
        inputs.candidates = swap.Candidates(cand.geoms)
        if "priority" in cand.values:
            inputs.candidates.priority, inputs.candidates.not_numbers = priority_numbers(cand.values["priority"])
        if "stable" in cand.values:
            inputs.candidates.stable = _stable_flags(cand, settings.stable)
        if edgeswap_balance.PROTECTED_KEY in cand.values:
            inputs.candidates.protected = edgeswap_balance.protected_flags(cand, settings.protected)
    return inputs


def _stable_flags(cand, expression):
    """True where the stable cultivated land expression holds, as QGIS reads a condition (NULL: not stable;
    a number or numeric text: true unless 0); any other value is refused with the features giving it."""
    flags, bad = edgeswap_balance.condition_flags(cand.values["stable"])
    if bad:
        raise QgsProcessingException(
            tr("Layer {}: the stable cultivated land expression (STABLE: {}) gives neither true nor false for "
               "features {}. Give a condition, e.g. \"WDGD\" = 1.").format(
                cand.name, expression, bridge.id_list(cand.fids[np.array(bad)]))
        )
    return flags


def _swap_out_reasons(swap_out, reason_field, default_reason):
    if not reason_field:
        return [default_reason] * len(swap_out)
    index = swap_out.fields.lookupField(reason_field)
    if index < 0:
        raise QgsProcessingException(
            tr("Layer {} has no field {}: choose the reason field among its fields ({}), or leave it empty "
               "to use the default reason.").format(swap_out.name, reason_field, bridge.field_list(swap_out.fields))
        )
    return [default_reason if bridge.is_blank(row[index]) else str(row[index]).strip() for row in swap_out.rows]


def _swap_in_reasons(swap_in):
    index = -1
    for name in SWAP_IN_REASON_FIELDS:
        index = swap_in.fields.lookupField(name)
        if index >= 0:
            break
    if index < 0:
        return [REQUIRED_IN_REASON] * len(swap_in)
    return [REQUIRED_IN_REASON if bridge.is_blank(row[index]) else str(row[index]).strip() for row in swap_in.rows]


def priority_numbers(values):
    """Priority values as floats (NULL → NaN, taken last) and the positions of those that are not numbers
    (the plan refuses them when it ranks the candidates)."""
    none = np.empty(0, dtype=np.int64)
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        return values.astype(float), none
    if set(map(type, values)) <= {int, float}:
        # Numbers only (a priority expression nearly always gives them): one conversion for the column.
        return np.asarray(values, dtype=float), none
    out = np.full(len(values), np.nan)
    bad = []
    for k, value in enumerate(values):
        if bridge.is_blank(value):
            continue
        try:
            out[k] = float(value)
        except (TypeError, ValueError):
            bad.append(k)
    return out, np.array(bad, dtype=np.int64)


# ---------------------------------------------------------------------------------------- attributes


def complete_rows(run, layers, plan, settings):
    """Fetch the attributes of the chosen candidates, give land-class codes their four-digit form, and warn
    about mapped fields the ledger will miss."""
    line, swap_in, cand = layers.line, layers.swap_in, layers.cand
    if cand is not None:
        _fetch_candidate_rows(cand, settings.sources[run.alg.CANDIDATES], plan.added_from_candidates, run.context)
    _normalise_codes(run.feedback, settings.land_field, [
        (line, np.arange(len(line))), (swap_in, plan.added_from_must_in), (cand, plan.added_from_candidates),
    ])
    _warn_fields(run.feedback, settings.slope_field, settings.township_field, [
        (line, len(plan.removed_from)), (swap_in, len(plan.added_from_must_in)),
        (cand, len(plan.added_from_candidates)),
    ])


def _fetch_candidate_rows(cand, cand_source, positions, context):
    """Fill ``cand.rows`` (by position) with the attributes of the chosen candidates only."""
    cand.rows = [None] * len(cand)
    positions = np.unique(np.asarray(positions, dtype=np.int64))
    if not len(positions):
        return
    chosen = bridge.read_layer(cand_source, context, None, cand.name, fids=cand.fids[positions], polygons=False)
    by_fid = dict(zip(chosen.fids.tolist(), chosen.rows))
    for k in positions:
        cand.rows[k] = by_fid[int(cand.fids[k])]


def _normalise_codes(feedback, field_name, layers):
    """Give the land-class codes that reach the outputs their four-digit form, as text (``core.landcodes``).

    Swapped-in land joins the new line with its source's attributes: a code stored as 101 would enter the
    new farmland as 101 or '101' and match no class there. When the codes of any layer need it, the field
    becomes text in every layer read here, so that all outputs hold one form. ``layers``: (LayerArrays or
    None, positions of its rows that reach an output). The rows are the run's own copies.
    """
    found = []
    for layer, positions in layers:
        index = layer.fields.lookupField(field_name) if layer is not None and field_name else -1
        if index < 0:
            continue
        values = [layer.rows[k][index] for k in positions]
        values = [None if bridge.is_null(v) else v for v in values]  # NULL of any type
        found.append((layer, index, positions, landcodes.normalise_codes(values)))
    if not any(layer.fields.at(index).isNumeric() or codes.changed for layer, index, _, codes in found):
        return
    for layer, index, positions, codes in found:
        for k, code in zip(positions, codes.codes):
            row = list(layer.rows[k])
            row[index] = code or None
            layer.rows[k] = row
        layer.fields = _as_text_field(layer.fields, index)
        if codes.needed:
            feedback.pushWarning(landclass.normalised_warning(layer.name, field_name, codes, written=True))


def _warn_fields(feedback, slope_field, township_field, contributing):
    """Warn about mapped fields missing from a layer whose land is in the ledger (they would leave it
    quietly without its slope grade or township). ``contributing``: (layer, number of pieces)."""
    for layer, pieces in contributing:
        if layer is None or not pieces:
            continue
        fields = layer.fields
        if slope_field and fields.lookupField(slope_field) < 0 and fields.lookupField(SLOPE_FALLBACK_FIELD) < 0:
            feedback.pushWarning(
                tr("Layer {} has no slope grade field {} (nor {}): its land is left out of the ledger's mean "
                   "slope grade. Its fields are: {}. Set SLOPE_FIELD to the field holding the slope grade.").format(
                    layer.name, slope_field, SLOPE_FALLBACK_FIELD, bridge.field_list(fields)
                )
            )
        if township_field and fields.lookupField(township_field) < 0:
            feedback.pushWarning(
                tr("Layer {} has no location unit code field {}: the ledger cannot give the township of its "
                   "land. Its fields are: {}. Set TOWNSHIP_FIELD to the field holding the code, or leave it "
                   "empty.").format(layer.name, township_field, bridge.field_list(fields))
            )


# ----------------------------------------------------------------------------------------------- writing


def write(run, layers, plan, settings, rows):
    """Write the new line, the land swapped out and in, and the ledger ``rows`` (``ledger_rows``); returns the
    results."""
    results = {}
    # Every sink stays open until the end: a GeoPackage output commits its features when its sink is
    # released, so a run canceled half-way must not have released the first outputs already.
    sinks = []
    _write_line(run, layers, plan, results, sinks)
    _write_removed(run, layers.line, plan, results, sinks)
    _write_added(run, layers, plan, results, sinks)
    _write_ledger(run, rows, results, sinks)
    _write_changes(run, layers, plan, settings, results, sinks)
    run.steps.setProgress(100)
    # A cancel that came while the outputs were written must not end as a reported success.
    bridge.check_canceled_writing(run.steps)
    return results


def _open_sink(run, name, fields, geometry_type, crs, results, sinks):
    """The sink of output ``name`` (None when not asked for) and its destination, recorded in ``results``;
    the sink is kept open in ``sinks`` until the run ends."""
    sink, dest = run.alg.parameterAsSink(run.parameters, name, run.context, fields, geometry_type, crs)
    sinks.append(sink)
    if sink is not None:
        results[name] = dest
    return sink, dest


def _write_line(run, layers, plan, results, sinks):
    """The adjusted line: every input feature (cut where it lost land, dropped when nothing is left;
    features without geometry pass through), then the land swapped in."""
    alg, steps, line, swap_in, cand = run.alg, run.steps, layers.line, layers.swap_in, layers.cand
    sink, dest = _open_sink(run, alg.OUTPUT, line.fields, QgsWkbTypes.MultiPolygon, line.crs, results, sinks)
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(run.parameters, alg.OUTPUT))
    alg.style_line_output(run.parameters, run.context, steps, dest, line.name)
    keep = shapely.is_missing(line.geoms) | ~shapely.is_missing(plan.final_line)
    geoms = list(np.where(shapely.is_missing(line.geoms), None, plan.final_line)[keep])
    rows = [line.rows[i] for i in np.flatnonzero(keep)]
    geoms += list(plan.added.geoms)
    if swap_in is not None:
        to_line = _mapper(line.fields, swap_in.fields)
        rows += [to_line(swap_in.rows[k]) for k in plan.added_from_must_in]
    if cand is not None:
        to_line = _mapper(line.fields, cand.fields)
        rows += [to_line(cand.rows[c]) for c in plan.added_from_candidates]
    bridge.write_features(sink, np.array(geoms, dtype=object), rows, steps, alg.OUTPUT, line.fields)
    steps.setProgress(40)
    bridge.check_canceled_writing(steps, alg.OUTPUT)


def _swap_fields():
    return [
        new_field("TZLX", QVariant.String, "string", 20),
        new_field("TZYY", QVariant.String, "string", 100),
        new_field("MJ_MU", QVariant.Double, "double", 20, 6),
        new_field("MJ_HA", QVariant.Double, "double", 20, 6),
    ]


def _with_swap_values(rows, moves):
    return [
        row + [moves.direction, r, float(units.m2_to_mu(a)), float(units.m2_to_ha(a))]
        for row, r, a in zip(rows, moves.reasons, moves.m2)
    ]


def _write_removed(run, line, plan, results, sinks):
    """Swapped-out land, with the line's attributes."""
    alg, steps = run.alg, run.steps
    # A field of the source named like one of ours (the line may come from an earlier swap) gives way
    # to ours: its reason is already read into TZYY, its area no longer fits the piece.
    out_fields = _fields_except(line.fields, SWAP_FIELDS)
    from_line = _mapper(out_fields, line.fields)
    out_rows = _with_swap_values([from_line(line.rows[i]) for i in plan.removed_from], plan.removed)
    sink_fields = bridge.combined_fields(out_fields, _swap_fields())
    sink, dest = _open_sink(run, alg.SWAPPED_OUT, sink_fields, QgsWkbTypes.MultiPolygon, line.crs, results, sinks)
    if sink is not None:
        styles.apply_style(run.context, dest, "swapped_out")
        bridge.write_features(sink, plan.removed.geoms, out_rows, steps, alg.SWAPPED_OUT, sink_fields)
    steps.setProgress(60)
    bridge.check_canceled_writing(steps, alg.SWAPPED_OUT)


def _write_added(run, layers, plan, results, sinks):
    """Swapped-in land: the fields of the candidates, then those of SWAP_IN not already there."""
    alg, steps, swap_in, cand = run.alg, run.steps, layers.swap_in, layers.cand
    in_fields = QgsFields()
    for layer in (cand, swap_in):
        if layer is None:
            continue
        for kept in _fields_except(layer.fields, SWAP_FIELDS):
            if in_fields.lookupField(kept.name()) < 0:
                in_fields.append(kept)
    source_rows = []
    if swap_in is not None:
        from_in = _mapper(in_fields, swap_in.fields)
        source_rows += [from_in(swap_in.rows[k]) for k in plan.added_from_must_in]
    if cand is not None:
        from_cand = _mapper(in_fields, cand.fields)
        source_rows += [from_cand(cand.rows[c]) for c in plan.added_from_candidates]
    in_rows = _with_swap_values(source_rows, plan.added)
    sink_fields = bridge.combined_fields(in_fields, _swap_fields())
    sink, dest = _open_sink(run, alg.SWAPPED_IN, sink_fields, QgsWkbTypes.MultiPolygon, layers.line.crs,
                            results, sinks)
    if sink is not None:
        styles.apply_style(run.context, dest, "swapped_in")
        bridge.write_features(sink, plan.added.geoms, in_rows, steps, alg.SWAPPED_IN, sink_fields)
    steps.setProgress(80)
    bridge.check_canceled_writing(steps, alg.SWAPPED_IN)


def ledger_rows(run, layers, plan, settings):
    """The ledger rows, with the township and slope grade of every piece read from its source feature (after
    ``complete_rows``)."""
    feedback = run.steps
    slope_field, township_field = settings.slope_field, settings.township_field
    township, slope, slope_fids = [], [], []  # slope_fids: the feature each slope value comes from
    for layer, positions in _piece_sources(layers, plan):
        if layer is None:
            continue
        township += [ledger.township_of(v) for v in _column(layer, township_field, positions)]
        slope += _column(layer, slope_field, positions, SLOPE_FALLBACK_FIELD)
        slope_fids += [layer.fids[k] for k in positions]
    unreadable = [f for f, v in zip(slope_fids, slope) if v is not None and ledger.number(v) is None]
    if unreadable:
        # Text such as "abc" in the slope field would silently drop out of the mean: name the features.
        feedback.pushWarning(
            tr("The slope grade field {} holds values that are not numbers in {} swapped pieces (source "
               "feature ids {}); they are left out of the ledger's mean slope grade. Correct the field "
               "(grades 1–5).").format(slope_field, len(unreadable), bridge.id_list(unreadable))
        )
    has_slope = any(v is not None for v in slope)
    return plan.ledger(township, slope if has_slope else None)


def _piece_sources(layers, plan):
    """(layer, positions of its features) whose attributes each piece of ``plan.moves()`` has, in that order:
    the line for pieces out, SWAP_IN then the candidates for pieces in, the line for pieces kept."""
    sources = [(layers.line, plan.removed_from), (layers.swap_in, plan.added_from_must_in),
               (layers.cand, plan.added_from_candidates)]
    if plan.kept is not None and len(plan.kept):
        sources.append((layers.line, plan.kept_from))
    return sources


def _write_ledger(run, rows, results, sinks):
    """The ledger as a table, its kinds and indicators in the user's language."""
    ledger_fields = QgsFields()
    for kept in (
        new_field("KIND", QVariant.String, "string", 20),
        new_field("TZLX", QVariant.String, "string", 20),
        new_field("TZYY", QVariant.String, "string", 100),
        new_field("TOWNSHIP", QVariant.String, "string", 20),
        new_field("COUNT", QVariant.Int),
        new_field("MJ_M2", QVariant.Double, "double", 24, 4),
        new_field("MJ_MU", QVariant.Double, "double", 20, 6),
        new_field("MJ_HA", QVariant.Double, "double", 20, 6),
        new_field("INDICATOR", QVariant.String, "string", 60),
        new_field("IN_VALUE", QVariant.Double, "double", 20, 4),
        new_field("OUT_VALUE", QVariant.Double, "double", 20, 4),
        *edgeswap_net.ledger_fields(),
    ):
        ledger_fields.append(kept)
    alg = run.alg
    sink, _ = _open_sink(run, alg.LEDGER, ledger_fields, QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem(),
                         results, sinks)
    if sink is None:
        return
    kinds = {
        "detail": tr("detail"), "subtotal": tr("subtotal"), "total": tr("total"),
        "balance": tr("balance"), "quality": tr("quality"),
    }
    indicators = {"slope": tr("mean slope grade"), "hsf": tr("high-standard farmland share (%)")}
    net = any(r.net_m2 is not None for r in rows)
    table = []
    for r in rows:
        if r.kind == "quality":
            table.append([kinds[r.kind], None, None, None, None, None, None, None,
                          indicators[r.indicator], r.in_value, r.out_value, *edgeswap_net.ledger_values(r, net)])
        else:
            table.append([kinds[r.kind], r.direction or None, r.reason or None, r.township or None,
                          r.count if r.kind != "balance" else None, r.m2, float(r.mu), float(r.ha),
                          None, None, None, *edgeswap_net.ledger_values(r, net)])
    bridge.write_features(sink, np.array([None] * len(table), dtype=object), table, run.steps, alg.LEDGER)


def _write_changes(run, layers, plan, settings, results, sinks):
    """The record of every piece out, in and kept (划入划出记录), when it is asked for."""
    alg = run.alg
    fields = QgsFields()
    for name, kind, length, precision in CHANGES_FIELDS:
        fields.append(new_field(name, kind, "", length, precision))
    sink, _ = _open_sink(run, alg.CHANGES, fields, QgsWkbTypes.MultiPolygon, layers.line.crs, results, sinks)
    if sink is None:
        return
    record = changes.record(_record_inputs(run, layers, plan, settings))
    moves = plan.moves()
    geoms = np.concatenate([m.geoms for m in moves])[record.piece] if len(record) else np.empty(0, dtype=object)
    rows = [
        [None, record.xzqdm[k], record.xzqmc[k], record.kind[k], record.number[k], float(record.tbmj[k]),
         *(float(v) for v in record.class_m2[k]), record.hcyy[k], record.tzyy[k], record.sjxmmc[k], None, None, None]
        for k in range(len(record))
    ]
    bridge.write_features(sink, geoms, rows, run.steps, alg.CHANGES, fields)
    bridge.check_canceled_writing(run.steps, alg.CHANGES)


def _record_inputs(run, layers, plan, settings):
    """The record's inputs: each piece's location code and name, parcel number (kept pieces) and land-class
    breakdown, read from the feature it comes from."""
    township, land = settings.township_field, settings.land_field
    name_field = township[:-2] + "MC" if township.upper().endswith("DM") else ""  # ZLDWDM → ZLDWMC
    location, names, own, numbers = [], [], [], []
    for k, (layer, positions) in enumerate(_piece_sources(layers, plan)):
        if layer is None:
            continue
        location += _column(layer, township, positions)
        names += _column(layer, name_field, positions)
        own += _column(layer, land, positions)
        kept = k == 3  # the fourth source is the line under the kept pieces
        numbers += _column(layer, PARCEL_NUMBER_FIELD, positions) if kept else [None] * len(positions)
    moves = plan.moves()
    pieces = np.concatenate([m.geoms for m in moves])
    m2 = np.concatenate([m.m2 for m in moves])
    fallback = changes.own_groups(landcodes.normalise_codes(own).codes)
    landuse = None
    if layers.landuse is not None:
        landuse = changes.LandUse(
            layers.landuse.geoms, lambda under: landcodes.normalise_codes(_column(layers.landuse, land, under)).codes
        )
    class_m2 = changes.land_breakdown(pieces, m2, fallback, landuse, _reviewed_shares(layers, moves), run.measure)
    return changes.from_moves(moves, class_m2, location, names, numbers)


def _reviewed_shares(layers, moves):
    """(pieces, 4) of the land-class breakdown (GDMJ …) of the reviewed candidate each piece comes from; NaN
    where it comes from none, or the reviewed layer lacks those fields."""
    reviewed = layers.reviewed
    shares = np.full((sum(len(m) for m in moves), len(BREAKDOWN_FIELDS)), np.nan)
    if reviewed is None or any(reviewed.fields.lookupField(n) < 0 for n in BREAKDOWN_FIELDS):
        return shares
    source = np.concatenate([m.reviewed for m in moves])
    at = np.flatnonzero(source >= 0)
    for j, name in enumerate(BREAKDOWN_FIELDS):
        values = _column(reviewed, name, source[at])
        shares[at, j] = [np.nan if ledger.number(v) is None else ledger.number(v) for v in values]
    return shares


def _mapper(target_fields, source_fields):
    """Row converter filling each target field from the source field of the same name (case ignored)."""
    pairs = [(t, source_fields.lookupField(target_fields.at(t).name())) for t in range(target_fields.count())]

    def convert(row):
        out = []
        for t, s in pairs:
            value = None if s < 0 else row[s]
            if value is not None and not bridge.is_null(value):
                try:
                    value = target_fields.at(t).convertCompatible(value)
                except ValueError:
                    value = None
            out.append(value)
        return out

    return convert


def _as_text_field(fields, index):
    """``fields`` with field ``index`` made a text field of the same name (for codes in their four-digit form)."""
    out = QgsFields()
    for k, kept in enumerate(fields):
        out.append(new_field(kept.name(), QVariant.String, "string", 254) if k == index else kept)
    return out


def _fields_except(fields, names):
    """``fields`` without those named in ``names`` (case ignored)."""
    names = {n.lower() for n in names}
    kept = QgsFields()
    for one in fields:
        if one.name().lower() not in names:
            kept.append(one)
    return kept


def _column(layer, name, index, fallback=None):
    """Values of field ``name`` (or ``fallback``) of ``layer`` for the rows ``index``; None when absent."""
    k = layer.fields.lookupField(name) if name else -1
    if k < 0 and fallback:
        k = layer.fields.lookupField(fallback)
    if k < 0:
        return [None] * len(index)
    return [None if bridge.is_blank(layer.rows[i][k]) else layer.rows[i][k] for i in index]
