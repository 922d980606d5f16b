"""planmaint:edgeswap on the net basis (AREA_BASIS): its parameters, the field-ridge deduction ratios (KCXS)
read into the plan's ``core.swap_net.NetFactors``, and what the run says about the basis.

Farmland quotas are set on area net of field ridges (map area × (1 − KCXS)); on that basis every piece counts
with the ratio of the feature it comes from, or of the land-use parcels under it (``core.swap_net``).
"""
import numpy as np
from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge
from .compat import new_field
from .core import swap_net, units
from .i18n import tr

AREA_BASIS = "AREA_BASIS"
KCXS_FIELD = "KCXS_FIELD"
GROSS, NET = 0, 1  # the options of AREA_BASIS
DEFAULT_KCXS_FIELD = "KCXS"  # 扣除系数 of the land survey
KCXS_KEY = "kcxs"  # the candidates' ratio, read as an expression value (their rows are not read)


def parameters():
    """(parameter, help text, advanced) of AREA_BASIS and KCXS_FIELD, in that order."""
    basis = QgsProcessingParameterEnum(
        AREA_BASIS, tr("Area basis of the balance"),
        options=[tr("Gross map area"), tr("Net of field ridges (area × (1 − KCXS))")], defaultValue=GROSS,
        optional=True,  # models built before it (whose steps do not set it) stay valid: gross, as before
    )
    kcxs = QgsProcessingParameterString(KCXS_FIELD, tr("Field-ridge deduction field"), DEFAULT_KCXS_FIELD,
                                        optional=True)
    return [
        (basis, tr("Gross (default): the balance is kept on map area. Net: on area net of field ridges, the basis "
                   "farmland quotas are set in: every piece counts its map area × (1 − KCXS), the ratio of the "
                   "feature it comes from (the line's feature for land leaving, the swap-in or candidate "
                   "feature for land joining), or, where that feature has no ratio, of the land-use parcels "
                   "(LANDUSE) under the piece. The last candidate is cut to the net area still needed, the "
                   "tolerance without split is net, and OUT_HA, IN_HA and BALANCE_M2 are net."), False),
        (kcxs, tr("Field holding the field-ridge deduction ratio (扣除系数 KCXS, a fraction such as 0.061) in the "
                  "line, swap-in, candidate and land-use features; read only on the net basis. A value outside "
                  "0 (included) to 1 (excluded) stops the run."), True),
    ]


def help_text():
    """The paragraph of the help about the basis."""
    return tr(
        "Area basis (AREA_BASIS): gross map area (default), or net of field ridges, the basis farmland quotas "
        "are set in. Net: each piece counts its map area × (1 − KCXS) (field KCXS_FIELD) of the feature it "
        "comes from: the line's feature for land leaving, the swap-in or candidate feature for land joining. "
        "Where that feature has no such field or a NULL value, the land-use parcels (LANDUSE) under the piece "
        "give it: the piece counts its map area minus each parcel's share of it times the parcel's ratio; "
        "without them it counts its whole map area (KCXS 0), with a warning. The balance is then exact on net "
        "area (the last candidate is cut to the net area still needed: needed ÷ (1 − KCXS) of map area), the "
        "tolerance without split is net, the ledger has the net area beside the map area (NET_M2, NET_MU, "
        "NET_HA, and BASIS), and OUT_HA, IN_HA and BALANCE_M2 are net. The record's TBMJ stays the map area."
    )


def is_net(alg, parameters, context):
    return alg.parameterAsEnum(parameters, AREA_BASIS, context) == NET


def kcxs_field(alg, parameters, context):
    return (alg.parameterAsString(parameters, KCXS_FIELD, context) or "").strip() or DEFAULT_KCXS_FIELD


def has_field(source, name):
    return source is not None and source.fields().lookupField(name) >= 0


def candidate_expressions(settings, cand_source):
    """The expression reading the candidates' ratio on the net basis ({} otherwise, or without the field)."""
    if not settings.net or not has_field(cand_source, settings.kcxs_field):
        return {}
    return {KCXS_KEY: '"{}"'.format(settings.kcxs_field.replace('"', '""'))}


def landuse_fields(settings, landuse_source):
    """The land use's fields the net basis reads besides the land class ([] on the gross basis)."""
    return [settings.kcxs_field] if settings.net and has_field(landuse_source, settings.kcxs_field) else []


# --- reading -------------------------------------------------------------------------------------------


def net_factors(run, settings, layers):
    """The plan's ``NetFactors`` on the net basis (None on the gross basis); says which basis the run uses.

    Stops on a ratio outside [0, 1), when no layer has the ratio field, and when the land use must give the
    ratio of features lacking it but has no such field.
    """
    feedback, alg, name = run.feedback, run.alg, settings.kcxs_field
    if not settings.net:
        feedback.pushInfo(tr("Area basis: gross map area."))
        return None
    feedback.pushInfo(tr("Area basis: net of field ridges, map area × (1 − {}).").format(name))
    net = swap_net.NetFactors(
        line=_checked(layers.line, alg.INPUT, name, _row_values(layers.line, name)),
        must_in=_checked(layers.swap_in, alg.SWAP_IN, name, _row_values(layers.swap_in, name)),
        candidates=_checked(layers.cand, alg.CANDIDATES, name, _expression_values(layers.cand)),
    )
    given = [v for v in (net.line, net.must_in, net.candidates) if v is not None]
    landuse_source = settings.sources[alg.LANDUSE]
    if not given and not has_field(landuse_source, name):
        raise QgsProcessingException(
            tr("Area basis net of field ridges: no layer has the field {} (deduction ratio). Layer {} has: {}. "
               "Set {} to the field holding the ratio, give the land-use parcels ({}) with it, or choose the "
               "gross basis.").format(name, settings.label, bridge.field_list(layers.line.fields), KCXS_FIELD,
                                      alg.LANDUSE))
    lacking = any(layer is not None and len(layer) and (v is None or np.isnan(v).any()) for layer, v in
                  ((layers.line, net.line), (layers.swap_in, net.must_in), (layers.cand, net.candidates)))
    if lacking and landuse_source is not None:
        net.landuse, net.landuse_factor = _landuse(run, settings, layers)
    return net


def _row_values(layer, name):
    """The values of field ``name`` in the rows of ``layer`` (None for NULL); None without the layer or field."""
    if layer is None:
        return None
    k = layer.fields.lookupField(name)
    if k < 0:
        return None
    return [None if bridge.is_blank(row[k]) else row[k] for row in layer.rows]


def _expression_values(layer):
    if layer is None or KCXS_KEY not in layer.values:
        return None
    return [None if bridge.is_blank(v) else v for v in layer.values[KCXS_KEY]]


def _checked(layer, parameter, name, values):
    """1 − KCXS per feature (NaN where missing), stopping on a value that is no ratio in [0, 1)."""
    factor, bad = swap_net.own_factors(values)
    if len(bad):
        shown = ", ".join(str(values[k]) for k in bad[:5]) + (" …" if len(bad) > 5 else "")
        raise QgsProcessingException(
            tr("Layer {} ({}): field {} must hold a field-ridge deduction ratio from 0 up to 1, 1 excluded (e.g. "
               "0.061); {} features hold {} (feature ids {}). Correct the values, or set {} to the field "
               "holding the ratio.").format(layer.name, parameter, name, len(bad), shown,
                                            bridge.id_list(layer.fids[bad]), KCXS_FIELD))
    return factor


def _landuse(run, settings, layers):
    """(parcels, 1 − KCXS of each) of the land use, read now unless the record's breakdown read it."""
    alg, name = run.alg, settings.kcxs_field
    source = settings.sources[alg.LANDUSE]
    label = bridge.layer_label(source, alg.LANDUSE)
    if not has_field(source, name):
        raise QgsProcessingException(
            tr("Layer {} ({}) has no field {} (field-ridge deduction ratio), which must give the ratio where the "
               "line, swap-in or candidate features have none. Its fields are: {}. Set {} to the field holding "
               "the ratio.").format(label, alg.LANDUSE, name, bridge.field_list(source.fields()), KCXS_FIELD))
    landuse = layers.landuse
    if landuse is None:
        landuse = bridge.read_input(alg, run.parameters, alg.LANDUSE, run.context, run.steps, label,
                                    crs=settings.crs, subset=[name])
    return landuse.geoms, _checked(landuse, alg.LANDUSE, name, _row_values(landuse, name))


# --- telling -------------------------------------------------------------------------------------------


def warn_without_ratio(feedback, settings, layers, plan):
    """One warning per layer whose moving land counted its whole map area for lack of any ratio."""
    removed, added = plan.removed, plan.added
    if removed.no_ratio is None:
        return
    n_in = len(plan.added_from_must_in)
    for layer, positions, lacking in (
        (layers.line, plan.removed_from, removed.no_ratio),
        (layers.swap_in, plan.added_from_must_in, added.no_ratio[:n_in]),
        (layers.cand, plan.added_from_candidates, added.no_ratio[n_in:]),
    ):
        if layer is None or not lacking.any():
            continue
        fids = np.unique(layer.fids[np.asarray(positions)[lacking]])
        feedback.pushWarning(
            tr("Layer {}: {} features whose land moved have no field-ridge deduction ratio (field {} missing or "
               "NULL) and no land-use parcel with one lies under that land: they count their whole map area "
               "(KCXS 0) on the net basis (feature ids {}). Fill the field, or give LANDUSE with it.").format(
                layer.name, len(fids), settings.kcxs_field, bridge.id_list(fids)))


def report(feedback, plan):
    """On the net basis, the map areas beside the net ones the run reports."""
    if plan.removed.net is None:
        return
    out_m2, in_m2 = plan.removed.m2.sum(), plan.added.m2.sum()
    feedback.pushInfo(
        tr("Map areas, before the field-ridge deduction: swapped out {:.4f} mu ({:.4f} ha); swapped in {:.4f} mu "
           "({:.4f} ha).").format(units.m2_to_mu(out_m2), units.m2_to_ha(out_m2), units.m2_to_mu(in_m2),
                                  units.m2_to_ha(in_m2)))


def ledger_fields():
    """The ledger's columns of the basis, after its own: BASIS, and the net area on the net basis."""
    return (
        new_field("BASIS", QVariant.String, "string", 40),
        new_field("NET_M2", QVariant.Double, "double", 24, 4),
        new_field("NET_MU", QVariant.Double, "double", 20, 6),
        new_field("NET_HA", QVariant.Double, "double", 20, 6),
    )


def ledger_values(row, net):
    """The values of ``ledger_fields`` for one ledger row (``net``: the run is on the net basis)."""
    basis = tr("net of field ridges") if net else tr("gross map area")
    if row.net_m2 is None:
        return [basis, None, None, None]
    return [basis, row.net_m2, float(units.m2_to_mu(row.net_m2)), float(units.m2_to_ha(row.net_m2))]
