"""The technician's review of swap-out candidates, as the layers carry it: the decision field SFTC (是否调出).

planmaint:swapcandidates writes the candidates with SFTC = 1; the technician sets 0 on the pieces that stay.
planmaint:edgeswap takes the reviewed layer, and planmaint:swapcandidates passes a reviewed layer on
unchanged (the model's path when the technician gives one). Both refuse a layer without the field, or with a
piece nobody decided on, in the same words, here.
"""
from qgis.core import QgsProcessingException

from . import bridge
from .core import swap
from .i18n import tr

REVIEW_FLAG = "SFTC"
REVIEW_TEXT = ("TZYY", "HCYY", "SJXMMC")  # the reason in words, its code, the project
BREAKDOWN_FIELDS = ("GDMJ", "QTNYDMJ", "JSYDMJ", "WLYDMJ")  # m² of the four land classes under a piece


def refuse_missing_flag(source, parameter):
    """Refuse the reviewed layer ``source`` (of ``parameter``) when it has no decision field."""
    if source.fields().lookupField(REVIEW_FLAG) >= 0:
        return
    raise QgsProcessingException(
        tr("Layer {} ({}) has no field {} (是否调出). Give the swap-out candidates of planmaint:swapcandidates "
           "after review: {} = 1 on each piece that leaves the line, 0 on each piece that stays. Its fields "
           "are: {}.").format(bridge.layer_label(source, parameter), parameter, REVIEW_FLAG, REVIEW_FLAG,
                              bridge.field_list(source.fields()))
    )


def decisions(layer, values, parameter):
    """The bool array "leaves" of the SFTC ``values`` of ``layer`` (LayerArrays of ``parameter``).

    Every piece must say 1 or 0: one that says neither is refused with the feature ids, since a piece
    nobody decided on must not leave, nor stay, quietly."""
    leave, bad = swap.review_flags(values)
    if len(bad):
        raise QgsProcessingException(
            tr("Layer {} ({}): field {} must be 1 (the piece leaves the line) or 0 (it stays) on every feature; "
               "{} features hold another value or none (feature ids {}). Set {} on them and run again.").format(
                layer.name, parameter, REVIEW_FLAG, len(bad), bridge.id_list(layer.fids[bad]), REVIEW_FLAG)
        )
    return leave
