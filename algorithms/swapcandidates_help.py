"""The help of planmaint:swapcandidates: what a technician reads in the dialog's help panel, for each line.

Kept beside the algorithm so that the algorithm module stays a list of parameters and one call within its 400
lines; pylupdate5 sees the ``tr()`` here as anywhere else.
"""
from .i18n import tr


def short_help():
    """The tool's help text, translated (without the paragraph on inputs every tool shares)."""
    return "\n\n".join((_lines(), _conflicts(), _farmland(), _red_line(), _boundary()))


def conflicts_parameter():
    """The help text of the CONFLICTS parameter."""
    return tr(
        "Optional settlement of the lines' conflicts: the output of Control-line conflicts "
        "(planmaint:conflictcheck) with SETTLE, fields KIND and YIELDS. Its overlaps whose YIELDS names the "
        "line chosen (LINE) are candidates of that line under the conflict with the other line of their KIND "
        "(矛盾冲突), listed down to 1 m² however large the smallest piece. Not read with REVIEWED."
    )


def hectare_outputs():
    """{reason key: the label of its output number in hectares} (``swapcandidates_io.HECTARES``)."""
    return {
        "pbf_conflict_epr": tr("Farmland: conflict with the red line (ha)"),
        "pbf_conflict_udb": tr("Farmland: conflict with the development boundary (ha)"),
        "project": tr("Key construction projects (ha)"), "damaged": tr("Damaged beyond repair (ha)"),
        "non_cultivated": tr("Non-cultivated in the change survey (ha)"),
        "unqualified": tr("Not meeting the requirements (ha)"), "steep": tr("Slope above 15° (ha)"),
        "fragment": tr("Fragments (ha)"), "withdrawn": tr("Red line: withdrawn protected areas (ha)"),
        "conflict_pbf": tr("Red line: conflict with farmland (ha)"),
        "epr_conflict_udb": tr("Red line: conflict with the development boundary (ha)"),
        "conflict_construction": tr("Red line: conflict with town and village construction land (ha)"),
        "conflict_mining": tr("Red line: conflict with mining rights (ha)"),
        "conflict_forest": tr("Red line: conflict with commercial forest (ha)"),
        "conflict_project": tr("Red line: conflict with key projects (ha)"),
        "correction": tr("Red line: technical correction (ha)"),
        "udb_conflict_pbf": tr("Development boundary: conflict with farmland (ha)"),
        "udb_conflict_epr": tr("Development boundary: conflict with the red line (ha)"),
        "no_demand": tr("Development boundary: no construction demand (ha)"),
    }


def _lines():
    return tr(
        "LINE chooses the control line whose land may leave: 永久基本农田 PBF (the default), 生态保护红线 EPR or "
        "城镇开发边界 UDB; the layer of that line goes into the control line input (PBF). Every line gets the same "
        "output: the line's attributes plus TZYY (the category in the seed's words), HCYY (its two-digit code), "
        "MJ_M2, MJ_MU, MJ_HA, GDMJ, QTNYDMJ, JSYDMJ, WLYDMJ, SJXMMC and SFTC (1), and one number in hectares "
        "per category (0 for the categories of the other lines) and TOTAL_HA. An optional layer that is not "
        "given leaves its category empty, and the log says so (no layer given). The hilly zones and the "
        "fragment thresholds, and the slope grade field, apply to the farmland only and are ignored for EPR "
        "and UDB; so is a location unit code field the line's layer does not have. A reviewed layer of any line "
        "passes through REVIEWED (below) the same way."
    )


def _conflicts():
    return tr(
        "Settled conflicts (CONFLICTS, optional): the output of Control-line conflicts (planmaint:conflictcheck) "
        "with SETTLE, whose overlaps of two lines each say which line yields (YIELDS: PBF, EPR, UDB, or empty "
        "where both keep it) and which pair they are of (KIND). Every overlap the chosen line yields becomes a "
        "candidate of that line, first in its precedence, under the conflict with the other line of its KIND: "
        "farmland 07 矛盾冲突：生态保护红线, 08 矛盾冲突：城镇开发边界; red line 12 矛盾冲突：永久基本农田, 18 "
        "矛盾冲突：城镇开发边界; boundary 22 矛盾冲突：永久基本农田, 23 矛盾冲突：生态保护红线. These pieces are "
        "listed down to 1 m² even when the smallest piece is larger: an overlap left behind would be an error, and "
        "the settlement has dropped the slivers already. A layer without the field YIELDS or KIND, or with a "
        "YIELDS other than PBF, EPR, UDB or empty, is refused. With REVIEWED the layer is not read: the reviewed "
        "pieces are the candidates."
    )


def _farmland():
    return tr(
        "Proposes the permanent basic farmland that may be swapped out (调出候选地块), piece by piece, each with "
        "the reason the data give for it, so that the technician can review the list before the swap.\n\n"
        "Reasons, in their order of precedence (ground meeting several is listed once, under the first):\n"
        "07 矛盾冲突：生态保护红线, 08 矛盾冲突：城镇开发边界: farmland inside the settled overlaps it yields to "
        "the red line or to the development boundary (CONFLICTS, above);\n"
        "02 国家和自治区重点建设项目: farmland inside a key construction project chosen by the project filter;\n"
        "04 灾毁和采矿损毁无法修复: farmland inside the polygons of disaster or mining damage beyond repair;\n"
        "05 变更调查\"非耕地\": farmland whose land-use parcel of the latest change survey is not cultivated "
        "land (its code does not begin with 01);\n"
        "06 经核实不符合划入要求: farmland inside the polygons found not to meet the requirements;\n"
        "01 坡度15度以上: cultivated farmland of slope grade 4 or 5 (above 15°);\n"
        "03 零星破碎: the farmland left after the other reasons' pieces leave is merged into patches again "
        "(parts sharing a stretch of boundary form one patch); patches under 5 mu in the plains or 3 mu in "
        "mountains and hills are fragments, so a cut can make a new fragment.\n"
        "The two digits are the reason code (HCYY), the words the reason (TZYY).\n\n"
        "Each output feature is one single-part piece of one farmland feature under one reason, with the "
        "farmland feature's attributes and TZYY, HCYY, MJ_M2, MJ_MU, MJ_HA (area), GDMJ, QTNYDMJ, JSYDMJ, "
        "WLYDMJ (m² of cultivated, other agricultural, construction and unused land under the piece by the "
        "land-use parcels and GB/T 21010's three categories; they add up to MJ_M2; ground under no parcel, "
        "or under a code of no class, counts in the class of the farmland feature's own code, or as "
        "cultivated), SJXMMC (project name) and SFTC (是否调出, 1). Review the layer and set SFTC to 0 on the "
        "pieces that stay.\n\n"
        "Where farmland features overlap, or land-use parcels do, the common ground counts once, for the "
        "first in reading order. Pieces under the smallest piece (10 m² by default) are slivers of "
        "misaligned boundaries: they are not listed and their ground stays in the farmland. Fragments are "
        "listed whole. Numbers: hectares per reason and TOTAL_HA. The inputs are never changed.\n\n"
        "Already reviewed candidates (advanced): given a layer reviewed earlier, nothing is computed; the "
        "layer is checked (SFTC 1 or 0 on every piece) and copied to the output unchanged, so a model can "
        "take reviewed candidates or find them through the same step."
    )


def _red_line():
    return tr(
        "Red line (LINE = EPR), seed 五(一)2. Categories in their order of precedence (ground meeting several is "
        "listed once, under the first), each from its layer:\n"
        "11 已依法撤销且经论证不具有重要生态功能的法定保护区域: the red line inside the withdrawn protected areas "
        "(WITHDRAWN, e.g. a withdrawn first-level water-source zone);\n"
        "the conflicts (矛盾冲突) of the red-line rules: 12 永久基本农田 inside the settled overlaps the red line "
        "yields to the farmland (CONFLICTS) or inside the farmland polygons (CONFLICT_PBF); 18 城镇开发边界 inside "
        "the settled overlaps it yields to the development boundary (CONFLICTS); 13 城镇村建设用地 on land-use "
        "parcels of town and village construction land: codes "
        "beginning with 05, 06, 07, 08, 09 or 10 except 1006 (rural roads are agricultural land), and the "
        "town-village codes 201, 202, 203, 204, 205 (also with the suffix A) when the land-class field holds "
        "them, one piece per parcel; 14 矿业权 inside the mining-right polygons (MINING); 15 人工商品林 inside the "
        "commercial forest "
        "(COMMERCIAL_FOREST); 16 重大项目 inside a key project counted by the project filter (PROJECTS, "
        "PROJECT_FILTER; its name in SJXMMC);\n"
        "17 技术勘正: the red line inside the technical-correction polygons (CORRECTION).\n"
        "Fragments do not apply to the red line. Ground under no land-use parcel, or under a code of no class, "
        "counts as unused land in the breakdown."
    )


def _boundary():
    return tr(
        "Development boundary (LINE = UDB), seed 五(一)3. First the settled conflicts (CONFLICTS): 22 "
        "矛盾冲突：永久基本农田 and 23 矛盾冲突：生态保护红线, the boundary inside the overlaps it yields to the "
        "farmland or to the red line, approved or planned as that land may be. Then 21 现状无建设需求: boundary "
        "land whose "
        "land-use parcel is of a known class and not construction land (GB/T 21010's three categories), less "
        "the approved-but-unbuilt land (APPROVED) and less the planned land (PLANNED_LANDUSE) whose code in "
        "PLANNED_CODE_FIELD (YDDM) begins with one of PROTECTED_CODES, one piece per land-use parcel. The default "
        "protected codes are those "
        "of the ministry's 《国土空间调查、规划、用途管制用地用海分类指南》 (2023) for 公共管理与公共服务用地 "
        "08, 城镇道路用地 1207, 公用设施用地 13 and 绿地与开敞空间用地 14 (公园绿地 1401, 防护绿地 1402, "
        "广场用地 1403). Ground under no "
        "land-use parcel, or under a code of no class, is never proposed. These candidates are balancing land, "
        "not land that must leave: the edge swap takes from the pieces with SFTC = 1, from the boundary's outer "
        "edge, only as much as the boundary gains elsewhere."
    )

