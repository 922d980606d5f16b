"""planmaint:edgeswap's balance rule (BALANCE_RULE) and protected land (PROTECTED, ALLOW_PROTECTED): the
parameters, their help, how they are read into ``core.swap.BalanceRule`` and the candidates' flags, and what the
run says about them.

The seed keeps each line by its own rule: the farmland in and out exactly (进出平衡), the red line not less than
before (任务不减少), the development boundary not more than before (总量不突破). The red line's balancing
swap-outs do not take ecological-function land (生态功能不降低): a protected expression keeps it in the line.
"""
import numpy as np
from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
)

from . import bridge
from .core import indicators, ledger, swap, units
from .i18n import tr

BALANCE_RULE = "BALANCE_RULE"
PROTECTED = "PROTECTED"
ALLOW_PROTECTED = "ALLOW_PROTECTED"
PROTECTED_KEY = "protected"  # the candidates' flag, read as an expression value (their rows are not read)


def eco_expression(field="DLBM"):
    """The protected expression of the indicators' ecological-function land classes (``DEFAULT_ECO_CODES``):
    two-digit codes as a prefix, four-digit ones whole."""
    codes = indicators.parse_codes(indicators.DEFAULT_ECO_CODES)
    prefixes = ",".join(f"'{c}'" for c in codes if len(c) == 2)
    whole = ",".join(f"'{c}'" for c in codes if len(c) != 2)
    return f'left("{field}",2) IN ({prefixes}) OR "{field}" IN ({whole})'


def parameters(candidates):
    """(parameter, help text, advanced) of BALANCE_RULE, PROTECTED and ALLOW_PROTECTED; ``candidates``: the
    name of the candidate parameter the expression reads."""
    rule = QgsProcessingParameterEnum(
        BALANCE_RULE, tr("Balance rule"),
        options=[tr("Exact: area after = area before"), tr("Not less than before (不减少)"),
                 tr("Not more than before (不增加)")], defaultValue=0,
        optional=True,  # models built before it (whose steps do not set it) stay valid: exact, as before
    )
    protected = QgsProcessingParameterExpression(PROTECTED, tr("Protected candidate land"), None, candidates,
                                                 optional=True)
    # Optional, as the rule: models built before them (whose steps do not set them) stay valid.
    allow = QgsProcessingParameterBoolean(ALLOW_PROTECTED, tr("Allow swapping out protected land"), False,
                                          optional=True)
    return [
        (rule, tr("Which differences the candidates make up. Exact (default): the area after equals the area "
                  "before to 0.01 m². Not less than before (the red line, 任务不减少): when less leaves than "
                  "joins nothing is swapped out and the line grows; when more leaves, candidates are swapped in "
                  "exactly up to the area before. Not more than before (the development boundary, 总量不突破): "
                  "the mirror, when more leaves nothing is swapped in and the line shrinks."), False),
        (protected, tr("Optional expression on the candidates marking land the balance never swaps out, e.g. the "
                       "ecological-function land of the red line: {}. Land that must swap out is not affected, "
                       "nor are swap-ins.").format(eco_expression()), False),
        (allow, tr("Off (default): candidate land for which the protected expression is true is never swapped "
                   "out to balance the line, even where another candidate covers it. On: it is an ordinary "
                   "candidate."), False),
    ]


def help_text():
    """The paragraph of the help about the balance rule and protected land."""
    return tr(
        "Balance rule (BALANCE_RULE): exact (default) keeps the area before to 0.01 m². Not less than before "
        "(不减少, the red line's 任务不减少): when more land joins than leaves, nothing is swapped out and the "
        "line grows by the difference; when more leaves, candidates are swapped in exactly up to the area "
        "before. Not more than before (不增加, the development boundary's 总量不突破): when more leaves than "
        "joins, nothing is swapped in and the line shrinks; when more joins, candidates are swapped out exactly "
        "down to the area before. The ledger's balance row and the messages say by how much the line grew or "
        "shrank.\n\nProtected land (PROTECTED): candidate land for which the expression is true is never "
        "swapped out to balance the line unless ALLOW_PROTECTED is on, e.g. the red line's ecological-function "
        "land (the land classes of planmaint:indicators' ecological-function row): {}. With adjacent first, land "
        "behind it, reached from the outer edge only through it, is not peeled either. Too little unprotected land "
        "stops the run saying how much protected land the line holds and naming ALLOW_PROTECTED."
    ).format(eco_expression())


def target(alg, parameters, context):
    """The ``swap.BalanceRule.target`` of BALANCE_RULE (exact when it is not set)."""
    if parameters.get(BALANCE_RULE) is None:
        return swap.EXACT
    return swap.TARGETS[alg.parameterAsEnum(parameters, BALANCE_RULE, context)]


def allow_protected(alg, parameters, context):
    return alg.parameterAsBool(parameters, ALLOW_PROTECTED, context)


def protected_expression(alg, parameters, context):
    """The protected expression as typed ('' when none)."""
    return (alg.parameterAsString(parameters, PROTECTED, context) or "").strip()


def condition_flags(values):
    """(flags, bad positions) of expression ``values`` read as QGIS reads a condition: NULL is false, a number
    or numeric text is true unless 0; anything else is bad."""
    flags = np.zeros(len(values), dtype=bool)
    bad = []
    for k, value in enumerate(values):
        if bridge.is_blank(value):
            continue
        number = ledger.number(value)
        if number is None:
            bad.append(k)
        else:
            flags[k] = number != 0
    return flags, bad


def protected_flags(cand, expression):
    """True where the protected expression holds on the candidates (``cand.values``); refuses other values."""
    flags, bad = condition_flags(cand.values[PROTECTED_KEY])
    if bad:
        raise QgsProcessingException(
            tr("Layer {}: the protected land expression ({}: {}) gives neither true nor false for features {}. "
               "Give a condition, e.g. {}.").format(
                cand.name, PROTECTED, expression, bridge.id_list(cand.fids[np.array(bad)]), eco_expression())
        )
    return flags


# --- what the run says ------------------------------------------------------------------------------------


def report(feedback, settings, choice):
    """The balance rule, what it left unbalanced, and the protected land the balance did not take."""
    rule = settings.rule
    names = {swap.EXACT: tr("exact"), swap.NOT_LESS: tr("not less than before (不减少)"),
             swap.NOT_MORE: tr("not more than before (不增加)")}
    feedback.pushInfo(tr("Balance rule: {}.").format(names[rule.target]))
    grew = choice.unbalanced_m2
    if grew > 0:
        feedback.pushInfo(tr("More land joined than left: by the balance rule nothing was swapped out, and the "
                             "line grew by {:.2f} m² ({:.4f} mu, {:.4f} ha).").format(
            grew, units.m2_to_mu(grew), units.m2_to_ha(grew)))
    elif grew < 0:
        feedback.pushInfo(tr("More land left than joined: by the balance rule nothing was swapped in, and the "
                             "line shrank by {:.2f} m² ({:.4f} mu, {:.4f} ha).").format(
            -grew, units.m2_to_mu(-grew), units.m2_to_ha(-grew)))
    if settings.protected and choice.direction == ledger.SWAP_OUT:
        if rule.allow_protected:
            feedback.pushInfo(tr("Protected land ({}) may be swapped out ({} is on).").format(
                settings.protected, ALLOW_PROTECTED))
        else:
            feedback.pushInfo(tr("Protected land ({}): {} candidate features, {:.2f} m² ({:.4f} mu) inside the "
                                 "line, were not swapped out.").format(
                settings.protected, choice.protected, choice.protected_m2, units.m2_to_mu(choice.protected_m2)))


def shortage_clause(error):
    """The sentence a shortage refusal adds when protected land was kept out ('' when none was)."""
    if error.protected_m2 <= swap.EXACT_M2:
        return ""
    return " " + tr(
        "Protected land is never swapped out to balance ({}): {:.4f} mu of protected candidate land lie inside "
        "the line; switch {} on to allow it, or narrow the protected expression."
    ).format(PROTECTED, units.m2_to_mu(error.protected_m2), ALLOW_PROTECTED)
