"""What planmaint:edgeswap tells the user: the required changes, why a swap cannot be planned, how it went."""
import numpy as np
from qgis.core import QgsProcessingException

# alg_edgeswap: its id lists (they get one home later); used only inside functions.
from . import alg_edgeswap as edgeswap, bridge, edgeswap_balance, edgeswap_net
from .core import ledger, swap, units
from .i18n import tr


def required(feedback, layers, changes):
    """The land the swap-out and swap-in polygons move, before any balancing (``swap.Required``)."""
    if len(changes.in_excluded):
        feedback.pushWarning(
            tr("Layer {}: {} swap-in features overlap the excluded layers; only their part outside "
               "is swapped in (feature ids {}).").format(
                layers.swap_in.name, len(changes.in_excluded), bridge.id_list(layers.swap_in.fids[changes.in_excluded])
            )
        )
    feedback.pushInfo(
        tr("Required swap-outs: {} pieces, {:.4f} mu; required swap-ins: {} pieces, {:.4f} mu.").format(
            len(changes.out_geoms), units.m2_to_mu(changes.out_m2.sum()), len(changes.in_geoms),
            units.m2_to_mu(changes.in_m2.sum()),
        )
    )


def reviewed(feedback, layers, changes):
    """What the review decided: the reviewed pieces that leave and those kept (``swap.Required``)."""
    if layers.reviewed is None:
        return
    leave = layers.reviewed_leave
    out_m2 = changes.out_m2[changes.out_reviewed >= 0].sum() if len(changes.out_m2) else 0.0
    feedback.pushInfo(
        tr("Layer {}: {} reviewed pieces leave ({:.4f} ha); {} stay in the line and are listed as reviewed and "
           "kept ({:.4f} ha).").format(
            layers.reviewed.name, int(leave.sum()), units.m2_to_ha(out_m2), int((~leave).sum()),
            units.m2_to_ha(changes.kept.m2.sum()),
        )
    )


def refusal(error, layers, settings):
    """The QgsProcessingException telling the user why the plan could not be made (``swap.SwapError``)."""
    if isinstance(error, swap.NoCandidatesError):
        if error.direction == ledger.SWAP_IN:
            text = tr("{:.4f} mu of candidate land must be swapped in to balance the line, but no "
                      "candidate layer was given. Give the candidate land (e.g. the land-use parcels).")
        else:
            text = tr("{:.4f} mu of candidate land must be swapped out to balance the line, but no "
                      "candidate layer was given. Give the candidate land (e.g. the land-use parcels).")
        return QgsProcessingException(text.format(units.m2_to_mu(error.need)))
    if isinstance(error, swap.HsfMissingError):
        return QgsProcessingException(
            tr("High-standard farmland first needs the high-standard farmland layer (parameter {}).").format(
                edgeswap.EdgeSwap.HSF
            )
        )
    if isinstance(error, swap.PriorityNotNumberError):
        cand = layers.cand
        return QgsProcessingException(
            tr("Layer {}: the priority expression does not give a number for features {}. Use a numeric "
               "expression, e.g. -\"PDJB\" or to_real(\"DJ\").").format(
                cand.name, bridge.id_list(cand.fids[error.positions])
            )
        )
    if isinstance(error, swap.ShortageError):
        return QgsProcessingException(_shortage_message(error, layers.cand.name))
    if isinstance(error, swap.OverlappingLineError):
        return QgsProcessingException(
            tr("Layer {}: features {} overlap each other where land leaves the line ({:.2f} m² in common), so "
               "that land would be counted out while it stays in the line, or counted out twice, and the "
               "balance would be wrong. A control line's features must not overlap: delete the duplicate "
               "features or remove the overlaps (e.g. with Delete duplicate geometries), then run again.").format(
                settings.label, bridge.id_list(np.unique(layers.line.fids[error.features])), error.shared_m2
            )
        )
    raise error


def _shortage_message(error, cand_name):
    if error.direction == ledger.SWAP_IN:
        text = tr(
            "Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped in, but "
            "layer {} offers only {:.4f} mu outside the line and the excluded layers; {:.4f} mu "
            "({:.4f} ha) are missing. Add candidates, widen the eligibility expression, exclude fewer "
            "layers or swap out less; or allow a partial result."
        )
    elif error.adjacent_first:
        text = tr(
            "Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped out, but "
            "layer {} offers only {:.4f} mu inside the line that can be peeled from its outer edge "
            "without making a hole; {:.4f} mu ({:.4f} ha) are missing. Add candidates, widen the "
            "eligibility expression or swap in less; switch off adjacent first to allow land anywhere "
            "inside the line; or allow a partial result."
        )
    else:
        text = tr(
            "Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped out, but "
            "layer {} offers only {:.4f} mu inside the line; {:.4f} mu ({:.4f} ha) are missing. Add "
            "candidates, widen the eligibility expression or swap in less; or allow a partial result."
        )
    message = text.format(units.m2_to_mu(error.need), cand_name, units.m2_to_mu(error.available),
                          units.m2_to_mu(error.missing), units.m2_to_ha(error.missing))
    # The swap-in rules that left too little, and the parameter relaxing each.
    if error.outside_hsf_m2 > swap.EXACT_M2:
        message += " " + tr(
            "Only candidate land inside the high-standard farmland may join ({}): {:.4f} mu more lie outside it; "
            "switch {} off to make high-standard farmland only a priority."
        ).format(edgeswap.EdgeSwap.HSF_REQUIRED, units.m2_to_mu(error.outside_hsf_m2), edgeswap.EdgeSwap.HSF_REQUIRED)
    if error.detached_m2 > swap.EXACT_M2:
        message += " " + tr(
            "Only land connected to the line through adjacent candidates may join: {:.4f} mu more lie detached "
            "from it; switch {} (Allow detached land) on to take detached land after the connected land."
        ).format(units.m2_to_mu(error.detached_m2), edgeswap.EdgeSwap.DETACHED)
    return message + edgeswap_balance.shortage_clause(error)


def quality_refusal(verdict):
    """The QgsProcessingException stopping a run whose swapped-in land is of lower quality
    (``ledger.QualityVerdict`` that stops)."""
    figures = "; ".join(_quality_figures(row) for row in verdict.worse)
    return QgsProcessingException(
        tr("The land swapped in is of lower quality than the land swapped out ({}), and lower quality is an "
           "error ({}): nothing was written. Swap in better land (only high-standard farmland with {}, a "
           "stricter eligibility expression, a priority expression such as -\"PDJB\"), or switch {} off to be "
           "warned instead.").format(figures, edgeswap.EdgeSwap.QUALITY_ERROR, edgeswap.EdgeSwap.HSF_REQUIRED,
                                     edgeswap.EdgeSwap.QUALITY_ERROR)
    )


def _quality_name(row):
    return tr("mean slope grade") if row.indicator == "slope" else tr("high-standard farmland share (%)")


def _quality_figures(row):
    return tr("{}: {:.2f} in against {:.2f} out").format(_quality_name(row), row.in_value, row.out_value)


def report(feedback, settings, method, plan, verdict):
    """How the swap went: the area method, the swap-in rules, the balance, and warnings where it is not exact
    or the land swapped in is worse than the land swapped out (``verdict``: a ``ledger.QualityVerdict``)."""
    choice = plan.choice
    out_m2, in_m2, balance_m2 = plan.removed.basis_m2, plan.added.basis_m2, plan.balance_m2
    feedback.pushInfo(
        tr("Area method: {}.").format(
            tr("ellipsoidal (CGCS2000)") if method == bridge.AREA_ELLIPSOIDAL else tr("planar")
        )
    )
    if choice.direction is not None:
        if choice.direction == ledger.SWAP_IN:
            text = tr("Balancing {:.4f} mu by swapping candidate land in: {} candidate pieces used.")
        else:
            text = tr("Balancing {:.4f} mu by swapping candidate land out: {} candidate pieces used.")
        feedback.pushInfo(text.format(units.m2_to_mu(choice.need), choice.units_used + (1 if choice.split else 0)))
        if choice.split:
            feedback.pushInfo(tr("The last candidate piece was cut to the exact area still needed."))
        _rules(feedback, settings, choice)
    edgeswap_balance.report(feedback, settings, choice)
    feedback.pushInfo(
        tr("Swapped out {:.4f} mu ({:.4f} ha); swapped in {:.4f} mu ({:.4f} ha); balance of layer {}: "
           "{:.4f} m².").format(
            units.m2_to_mu(out_m2.sum()), units.m2_to_ha(out_m2.sum()), units.m2_to_mu(in_m2.sum()),
            units.m2_to_ha(in_m2.sum()), settings.label, balance_m2,
        )
    )
    edgeswap_net.report(feedback, plan)
    _warn_imbalance(feedback, settings, choice, balance_m2)
    for row in verdict.worse:
        feedback.pushWarning(
            tr("Quality: the land swapped in is worse than the land swapped out on {}: {:.2f} in against "
               "{:.2f} out. Swap-ins should not be of lower quality; consider a priority expression.").format(
                _quality_name(row), row.in_value, row.out_value
            )
        )


def _rules(feedback, settings, choice):
    """What the swap-in rules did to the candidates of the balance."""
    if settings.stable:
        feedback.pushInfo(
            tr("Stable cultivated land ({}): {} eligible candidate features left out, {:.2f} m² ({:.4f} mu).").format(
                settings.stable, choice.left_out, choice.left_out_m2, units.m2_to_mu(choice.left_out_m2)
            )
        )
    if choice.direction != ledger.SWAP_IN:
        return
    rule = settings.rule
    if rule.hsf_required and settings.sources[edgeswap.EdgeSwap.HSF] is not None:
        feedback.pushInfo(tr("Only the part of the candidates inside the high-standard farmland was swapped in."))
    if not rule.allow_detached:
        feedback.pushInfo(tr("Only candidate land connected to the line was swapped in (detached land is not "
                             "allowed)."))


def _warn_imbalance(feedback, settings, choice, balance_m2):
    """Say why the line's area changed by more than the balance allows, if it did."""
    split, tolerance = settings.rule.split, settings.rule.tolerance
    limit = swap.EXACT_M2 if split else tolerance
    # A difference the balance rule leaves (not less, not more) is said by edgeswap_balance.report.
    if abs(balance_m2 - choice.unbalanced_m2) <= limit:
        return
    if choice.direction is not None and choice.need - choice.available > limit:
        feedback.pushWarning(
            tr("Partial result: the eligible candidates were not enough; {:.4f} mu ({:.4f} ha) are "
               "still missing and the line's area changed by {:.4f} m².").format(
                units.m2_to_mu(choice.need - choice.available),
                units.m2_to_ha(choice.need - choice.available), balance_m2,
            )
        )
    elif not split:
        feedback.pushWarning(
            tr("No combination of whole candidates balances the line within {} m²: the residual is "
               "{:.4f} m² ({:.6f} mu). Allow splitting, raise the tolerance or add candidates.").format(
                tolerance, balance_m2, units.m2_to_mu(balance_m2)
            )
        )
    else:
        feedback.pushWarning(
            tr("The line's area changed by {:.4f} m², more than {} m². Check layer {} for features "
               "that overlap each other: overlapping land is counted once per feature.").format(
                balance_m2, swap.EXACT_M2, settings.label
            )
        )
