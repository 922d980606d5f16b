"""The help of planmaint:swapins: what a technician reads in the dialog's help panel.

Kept beside the algorithm so that the algorithm module stays a list of parameters and one call; pylupdate5 sees
the ``tr()`` here as anywhere else.
"""
from .i18n import tr


def short_help():
    """The tool's help text, translated (without the paragraph on inputs every tool shares)."""
    return "\n\n".join((_what(), _table(), _rules()))


def _what():
    return tr(
        "Lists the land that joins the ecological protection red line (LINE = EPR) or the urban development "
        "boundary (LINE = UDB) by the seed's categories (调入地块, seed 五(一)2 and 五(一)3), one layer with a reason "
        "per piece, ready for the land that must swap in (SWAP_IN) of planmaint:edgeswap. Each category comes "
        "from an optional layer; a county without it leaves the category empty, and the log says so (no layer "
        "given). A layer given that only the other line reads is ignored, with a warning."
    )


def _table():
    return tr(
        "Categories, in their order of precedence (ground in several counts once, under the first):\n"
        "Red line: 31 新设水源地, new water-source protection zones (NEW_WATER_SOURCE); 32 生态公益林, "
        "public-welfare forest (PUBLIC_FOREST); 33 天窗填补, the holes filled (HOLES).\n"
        "Development boundary: 41 基础设施建设项目, the land of infrastructure projects (PROJECTS), those the "
        "project filter (PROJECT_FILTER) chooses and within the project distance (PROJECT_DISTANCE, 100 m; "
        "empty or negative: any distance) of the boundary, with the project name from PROJECT_NAME_FIELD "
        "(XMMC) in SJXMMC; 42 细缝与天窗填补, the slivers and holes filled (HOLES).\n"
        "HOLES takes e.g. the OUTPUT of planmaint:fillholes filtered on TZLX IS NOT NULL. The two digits are "
        "the code (HRYY, 划入原因), the words the reason (TZYY) that planmaint:edgeswap carries into its "
        "swapped-in land."
    )


def _rules():
    return tr(
        "Only what joining adds is listed: the part of each category outside the control line (INPUT). Where "
        "features of one layer overlap, the common ground counts once, for the first. The layers of EXCLUDE "
        "(e.g. the permanent basic farmland, the other control lines) are never overlapped: pieces are cut to "
        "the part outside them, and the log gives the m² each layer took away. Pieces under the smallest piece "
        "(MIN_PIECE, 10 m²) are slivers of boundaries that do not quite match and are left out.\n\n"
        "Output: one feature per single-part piece of one source feature under one category, with TZYY, HRYY, "
        "SJXMMC (project name, or empty), MJ_M2, MJ_MU, MJ_HA (area by the area method) and SOURCE (the "
        "parameter the piece came from). Numbers: the hectares of every category (0 when it is empty or of the "
        "other line) and TOTAL_HA. With no category layer at all the output is an empty layer. The inputs are "
        "never changed."
    )
