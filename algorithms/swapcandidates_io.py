"""Writing and reporting of planmaint:swapcandidates, and the pass-through of a reviewed layer.

``write`` turns the pieces ``core.candidates.find`` proposes into features (the farmland feature's attributes
plus the candidate fields); ``pass_reviewed`` copies a layer the technician has already reviewed, unchanged,
after checking its decisions, so that the model can take either the candidates it finds or the reviewed ones
through one step.
"""
import numpy as np
from qgis.core import QgsFields, QgsProcessingException, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from . import bridge, review, styles
from .compat import new_field
from .core import candidates, units
from .i18n import tr

# Output fields, in order: (name, type, length, precision). The m² fields add up to MJ_M2.
OUTPUT_FIELDS = (
    ("TZYY", QVariant.String, 50, 0), ("HCYY", QVariant.String, 2, 0), ("MJ_M2", QVariant.Double, 20, 4),
    ("MJ_MU", QVariant.Double, 20, 4), ("MJ_HA", QVariant.Double, 20, 6), ("GDMJ", QVariant.Double, 20, 4),
    ("QTNYDMJ", QVariant.Double, 20, 4), ("JSYDMJ", QVariant.Double, 20, 4), ("WLYDMJ", QVariant.Double, 20, 4),
    ("SJXMMC", QVariant.String, 254, 0), (review.REVIEW_FLAG, QVariant.Int, 1, 0),
)
# The numeric output of each reason's hectares, by the reason's key in core.candidates.
HECTARES = {"project": "PROJECT_HA", "damaged": "DAMAGED_HA", "non_cultivated": "NON_CULTIVATED_HA",
            "unqualified": "UNQUALIFIED_HA", "steep": "STEEP_HA", "fragment": "FRAGMENT_HA",
            "withdrawn": "WITHDRAWN_HA", "conflict_pbf": "CONFLICT_PBF_HA",
            "conflict_construction": "CONFLICT_CONSTRUCTION_HA", "conflict_mining": "MINING_HA",
            "conflict_forest": "COMMERCIAL_FOREST_HA", "conflict_project": "CONFLICT_PROJECT_HA",
            "correction": "CORRECTION_HA", "no_demand": "NO_DEMAND_HA",
            "pbf_conflict_epr": "PBF_CONFLICT_EPR_HA", "pbf_conflict_udb": "PBF_CONFLICT_UDB_HA",
            "epr_conflict_udb": "EPR_CONFLICT_UDB_HA", "udb_conflict_pbf": "UDB_CONFLICT_PBF_HA",
            "udb_conflict_epr": "UDB_CONFLICT_EPR_HA"}
TOTAL_HA = "TOTAL_HA"


def column(layer, name):
    """The values of field ``name`` of ``layer`` (LayerArrays), NULL as None."""
    k = layer.fields.lookupField(name)
    return [None if bridge.is_null(row[k]) else row[k] for row in layer.rows]


def _output_fields(fields):
    """(the output's fields, positions of the input fields kept): the input's, less those named like ours."""
    ours = {name.lower() for name, *_ in OUTPUT_FIELDS}
    kept = [k for k, f in enumerate(fields) if f.name().lower() not in ours]
    own = QgsFields()
    for k in kept:
        own.append(fields.at(k))
    return bridge.combined_fields(own, [new_field(n, t, "", w, p) for n, t, w, p in OUTPUT_FIELDS]), kept


def _sink(alg, parameters, context, fields, crs):
    sink, dest = alg.parameterAsSink(parameters, alg.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, crs)
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, alg.OUTPUT))
    styles.apply_style(context, dest, "candidates")
    return sink, dest


def write(alg, parameters, context, feedback, source, pbf, found, names):
    """Write the pieces of ``found`` (CandidatePieces) of the farmland ``pbf`` (read from ``source``), with the
    project ``names``; returns the output's id."""
    fields, kept = _output_fields(source.fields())
    if len(kept) < source.fields().count():
        feedback.pushWarning(tr("Layer {} already has fields named like the candidates' own ({}): the new "
                                "values replace them.").format(pbf.name, ", ".join(n for n, *_ in OUTPUT_FIELDS)))
    sink, dest = _sink(alg, parameters, context, fields, source.sourceCrs())
    owners = pbf.fids[np.unique(found.owner)] if len(found) else []
    full = bridge.read_layer(source, context, None, pbf.name, fids=owners) if len(owners) else None
    row_of = {} if full is None else dict(zip(full.fids.tolist(), full.rows))
    rows = []
    for k, (area, project) in enumerate(zip(found.area_m2.tolist(), found.project.tolist())):
        row, reason = row_of[int(pbf.fids[found.owner[k]])], found.reasons[found.reason[k]]
        rows.append([row[i] for i in kept] + [
            reason.words, reason.code, area, float(units.m2_to_mu(area)), float(units.m2_to_ha(area)),
            *(float(v) for v in found.class_m2[k]), names[project] if project >= 0 else None, 1,
        ])
    bridge.write_features(sink, found.geoms, rows, feedback, alg.OUTPUT, fields=fields)
    return dest


def pass_reviewed(alg, source, parameters, context, feedback, method):
    """Copy the reviewed candidates ``source`` (parameter ``alg.REVIEWED``) to the output, unchanged, after
    checking that every piece says SFTC 1 or 0; returns the algorithm's results, the hectares (area ``method``)
    by the pieces' HCYY."""
    review.refuse_missing_flag(source, alg.REVIEWED)
    name = bridge.layer_label(source, alg.REVIEWED)
    layer = bridge.read_input(alg, parameters, alg.REVIEWED, context, feedback, name, passes_text=True)
    leave = review.decisions(layer, column(layer, review.REVIEW_FLAG), alg.REVIEWED)
    sink, dest = _sink(alg, parameters, context, source.fields(), source.sourceCrs())
    bridge.write_features(sink, layer.geoms, layer.rows, feedback, alg.OUTPUT, fields=source.fields())
    area = np.asarray(bridge.areas_m2(layer.geoms, source.sourceCrs(), method, context), dtype=float)
    codes = column(layer, "HCYY") if layer.fields.lookupField("HCYY") >= 0 else [None] * len(layer)
    codes = np.array([str(c or "").strip() for c in codes], dtype=object)
    results = {alg.OUTPUT: dest, TOTAL_HA: float(units.m2_to_ha(area.sum()))}
    for reason in candidates.EVERY_REASON:
        results[HECTARES[reason.key]] = float(units.m2_to_ha(area[codes == reason.code].sum()))
    unknown = ~np.isin(codes, [reason.code for reason in candidates.EVERY_REASON])
    if unknown.any():
        feedback.pushWarning(tr("Layer {}: {} pieces have no reason code HCYY of Swap-out candidates of the farmland "
                                "(feature ids {}); they count in the total only.").format(
            name, int(unknown.sum()), bridge.id_list(layer.fids[unknown])))
    feedback.pushInfo(tr("Reviewed candidates of layer {} passed on unchanged: {} pieces leave ({:.4f} ha), {} stay "
                         "({:.4f} ha).").format(name, int(leave.sum()), units.m2_to_ha(area[leave].sum()),
                                                int((~leave).sum()), units.m2_to_ha(area[~leave].sum())))
    return results


def warn_overlaps(feedback, pbf, landuse, found):
    """Say where the farmland, or the land use under it, overlaps itself (the common ground counts once)."""
    if len(found.pbf_overlaps):
        feedback.pushWarning(tr("Layer {}: {} features overlap an earlier feature; the common ground counts "
                                "once, for the first (duplicates?): ids {}").format(
            pbf.name, len(found.pbf_overlaps), bridge.id_list(pbf.fids[found.pbf_overlaps])))
    farmland = found.reasons is candidates.REASONS
    if len(found.landuse_overlaps):
        text = (tr("Layer {}: {} parcels under the farmland overlap an earlier parcel; the common ground takes the "
                   "class of the first: ids {}") if farmland else
                tr("Layer {}: {} parcels under the line overlap an earlier parcel; the common ground takes the class "
                   "of the first: ids {}"))
        feedback.pushWarning(text.format(
            landuse.name, len(found.landuse_overlaps), bridge.id_list(landuse.fids[found.landuse_overlaps])))
    unclassed = found.unclassed_m2 > 0.01
    if unclassed.any():
        text = (tr("{} candidate pieces hold {:.2f} m² under no land-use parcel or under a code of no class; that "
                   "ground is counted in the class of its farmland feature's own code (cultivated without one).")
                if farmland else
                tr("{} candidate pieces hold {:.2f} m² under no land-use parcel or under a code of no class; that "
                   "ground is counted as unused land."))
        feedback.pushWarning(text.format(int(unclassed.sum()), float(found.unclassed_m2[unclassed].sum())))


def report(feedback, found, method):
    """The figures of the run in the log: per reason (with the slivers left out), per township."""
    per_reason = found.area_m2_by_reason()
    counts = np.bincount(found.reason, minlength=len(found.reasons))
    farmland = found.reasons is candidates.REASONS
    for k, reason in enumerate(found.reasons):
        text = tr("{} {}: {} pieces, {:.4f} ha ({:.2f} mu).").format(
            reason.code, reason.words, int(counts[k]), units.m2_to_ha(per_reason[k]), units.m2_to_mu(per_reason[k]))
        if found.dropped[k]:
            stay = (tr("{} pieces under the smallest piece ({:.3f} m² together) stay in the farmland.") if farmland
                    else tr("{} pieces under the smallest piece ({:.3f} m² together) stay in the line."))
            text += " " + stay.format(int(found.dropped[k]), float(found.dropped_m2[k]))
        feedback.pushInfo(text)
    for town, hectares in found.hectares_by_township().items():
        feedback.pushInfo(tr("Township {}: {:.4f} ha.").format(town, hectares))
    words = tr("ellipsoidal (CGCS2000)") if method == bridge.AREA_ELLIPSOIDAL else tr("planar")
    if not farmland:
        feedback.pushInfo(tr("Candidates: {} pieces, {:.4f} ha; area method {}.").format(
            len(found), found.total_ha, words))
        return
    feedback.pushInfo(tr("Candidates: {} pieces, {:.4f} ha; patches of the farmland left: {}, fragments: {}; "
                         "area method {}.").format(len(found), found.total_ha, found.n_patches, found.n_fragments,
                                                   words))
