"""The help of planmaint:edgeswap: what a technician reads in the dialog's help panel.

Kept beside the algorithm (QGIS keeps its algorithms' help apart too), so that the algorithm module stays a list
of parameters and one call within its 400 lines; pylupdate5 sees the ``tr()`` here as anywhere else.
"""
from .i18n import tr


def short_help():
    """The tool's help text, translated (without the paragraph on inputs every tool shares)."""
    return _steps() + "\n\n" + _record_and_standard()


def _record_and_standard():
    """Where the record departs from the old national table it follows, and why."""
    return tr(
        "The record and the old standard (TD/T 1019 基本农田数据库标准, table JBNTHRHC): the fields, types and "
        "lengths are the table's. Three values are planmaint's own: HRHCTBBH of a piece that joined ends in HR "
        "(the standard gives it the farmland parcel number JBNTTBBH, which a piece just joined does not have "
        "yet; replace it when the new farmland is numbered); HCYY holds the seed's reason codes of Swap-out "
        "candidates of the farmland (01 slope above 15°, 02 key project, 03 fragment, 04 damaged, "
        "05 non-cultivated in the change survey, 06 not meeting the requirements), not the standard's older "
        "list (01 land reserved for construction by plan revision, 02 construction land approved by law, …); "
        "YSDM, the feature code, is left empty, since the standard's code table is not at hand. Map them to "
        "a province's codes before the data are handed in."
    )


def _steps():
    """Everything the tool does, from the required changes to the outputs."""
    return tr(
        "Swaps land out of and into one control line (调出 / 调入) and keeps the line's area exactly the same "
        "(进出平衡), the way a maintenance scheme does: PBF 511.30 ha out = 511.30 ha in; the balance rule "
        "(BALANCE_RULE, below) may keep it not less or not more than before instead.\n\n1. Land that must "
        "leave: the overlap of the swap-out polygons with the line is cut out of it, with a reason (调出原因) from "
        "the reason field or the default reason.\n2. Land that must join: the part of the swap-in polygons "
        "outside the line (and outside the excluded layers and the swap-out polygons) is added.\n3. The "
        "difference is balanced with candidate land. When more left than joined, the part of eligible "
        "candidates outside the line, outside every excluded layer and outside the swap-out polygons is "
        "swapped in; when more joined than left, the part of eligible candidates inside the line is swapped "
        "out.\n\nAdjacent first (default): swap-ins grow from the line, taking the best candidate that touches "
        "the line or land already taken (sharing a stretch of boundary; a corner point is not enough), so the "
        "line stays contiguous (集中连片); once nothing adjacent is left, a detached candidate is taken only when "
        "detached land is allowed. Swap-outs are peeled from the line's outer edge inwards, so no new hole "
        "(天窗) appears; land touching only a hole's edge or lying deep inside is never taken. Priority: higher "
        "first; ties in the candidate layer's feature order.\n\nSplit (default): the last candidate is cut "
        "with a straight line parallel to its shared edge (or a band along it where a straight cut cannot stay "
        "against the edge), moved until the piece kept on the line's side has exactly the area still needed: "
        "the balance is exact to 0.01 m². Without split, whole candidates are taken while they fit; a gap left "
        "over is closed, if it can be, by adding one to three more candidates or exchanging taken ones, within "
        "the tolerance; otherwise the residual is reported.\n\nSwap-ins follow the seed's rules for farmland "
        "by default (现状高标准农田、与现状永久基本农田集中连片的稳定耕地): given the high-standard farmland layer, "
        "only candidate land "
        "inside it joins (HSF_REQUIRED; off, it is only a priority, see HSF_FIRST); only land connected to the "
        "line through a chain of adjacent candidates joins (DETACHED allows detached land after the connected "
        "land); given the stable cultivated land expression (STABLE), only candidates for which it is true are "
        "used, and the messages say how much land it left out. Slope grade 1–3 and cultivated land are the "
        "eligibility expression's part (e.g. \"PDJB\" <= 3 AND \"DLBM\" IN ('0101','0102','0103')); the "
        "excluded layers keep swap-ins out of the red line, the development boundary and the projects. Land "
        "that must swap in is not clipped by these rules, and swap-outs are not affected.\n\nQuality not lower "
        "(质量不降低): the ledger compares the land swapped in with the land swapped out (area-weighted mean slope "
        "grade, lower is better; high-standard farmland share, higher is better). Lower quality is a warning, "
        "or with QUALITY_ERROR an error naming both figures that stops the run before anything is "
        "written.\n\nNot enough eligible candidate land stops the run with the number of mu missing, naming "
        "the rule that left too little (HSF_REQUIRED, DETACHED, PROTECTED) when one did, unless partial results are "
        "allowed (then everything available is used and a warning says what is missing).\n\nOutputs: the new "
        "line (features cut where they lose land, attributes unchanged; swapped-in land added as new features, "
        "fields of the same name filled from its source); swapped-in and swapped-out land with every source "
        "attribute plus TZLX (调入 / 调出), TZYY (reason), MJ_MU and MJ_HA; the adjustment ledger (调整台账): count, "
        "m², mu and ha by direction, reason and township (first 9 digits of ZLDWDM), subtotals, totals, the "
        "balance, and the quality of the land swapped in against the land swapped out (area-weighted mean "
        "slope grade; high-standard farmland share when that layer is given). Area fields copied from the "
        "input (TBMJ …) are not recomputed for cut features; MJ_MU and MJ_HA are.\n\nReviewed candidates (the "
        "output of Swap-out candidates of the farmland after review): pieces with SFTC = 1 leave with their "
        "own reason (TZYY, HCYY, SJXMMC); pieces with SFTC = 0 stay in the line, even where a swap-out polygon "
        "or the balance would take them, and the ledger lists them as reviewed and kept (不调出).\n\nThe record "
        "(划入划出记录, optional): one feature per piece that joined (HRHCLXDM 1) or left (2) and per reviewed piece "
        "kept (0), with the fields of the old national 基本农田划入划出 attribute table (JBNTHRHC): YSDM, XZQDM and "
        "XZQMC (the first 12 digits of the location unit code, the village, and the name from the field of the "
        "same name ending in MC, e.g. ZLDWMC), HRHCTBBH (XZQDM + a 6-digit sequence + HC for pieces out, HR "
        "for pieces in; a kept piece has its farmland parcel number JBNTTBBH when the line has that field), "
        "TBMJ, GDMJ, QTNYDMJ, JSYDMJ, WLYDMJ (m², to the cent: the rows of each kind add up to the ledger's "
        "total, the four land-class areas to TBMJ), HCYY (the reason codes of Swap-out candidates of the "
        "farmland), TZYY, SJXMMC, and PZJG, PZWH, PZRQ left empty for the approving authority, document number "
        "and date."
    )
