"""Build resources/models/dynamicmaintenance.model3, the graphical model of one full maintenance run.

The model is written by this script rather than by hand so that every child, link and default can be
reviewed as code; the .model3 it writes is what QGIS's graphical modeler opens, and technicians adapt
that copy to their county. Run `make model` after changing an algorithm's parameters.

Qt writes the XML attributes of each element in its hash order, which changes from run to run; `make model`
fixes QT_HASH_SEED=16, with which it matches the committed file, so a changed step shows as a small diff.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from headless import ROOT, start_qgis

MODEL_PATH = os.path.join(ROOT, "resources", "models", "dynamicmaintenance.model3")

CULTIVATED = "\"DLBM\" IN ('0101','0102','0103')"
# Construction land of GB/T 21010-2017: commercial, industrial and mining, residential, public, special,
# transport construction, hydraulic structures and vacant land.
CONSTRUCTION = (
    "left(\"DLBM\", 2) IN ('05','06','07','08','09') OR "
    "\"DLBM\" IN ('1001','1002','1003','1004','1005','1007','1008','1009','1109','1201')"
)

# The projects whose land joins the development boundary by default: the seed's 7.59 ha were warehouse projects.
UDB_PROJECTS = "\"XMLX\" = '产业类'"
# The boundary's conflict categories (22 with the farmland, 23 with the red line): pieces that must leave.
UDB_CONFLICT_CODES = "('22', '23')"


def build():
    from qgis.core import (
        QgsApplication,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Source,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterBoolean,
        QgsProcessingParameterEnum,
        QgsProcessingParameterExpression,
        QgsProcessingParameterMultipleLayers,
        QgsProcessingParameterNumber,
        QgsProcessingParameterVectorLayer,
    )
    from qgis.PyQt.QtCore import QPointF

    from planmaint.algorithms import conflictcheck_settle
    from planmaint.algorithms.base import LINE_EPR, LINE_PBF, LINE_UDB
    from planmaint.algorithms.edgeswap_balance import eco_expression
    from planmaint.algorithms.models import dynamic_maintenance_texts

    # Ecological-function land of the indicators (forest, grassland, water, wetland): the red line's balance
    # never takes it out (生态功能不降低), and its balancing swap-ins take it first.
    ecological = eco_expression()
    model = QgsProcessingModelAlgorithm("dynamicmaintenance", "models")
    model.setName("dynamicmaintenance")
    model.setGroup("models")

    texts = dynamic_maintenance_texts()

    def place(parameter, x, y):
        """Add the model input ``parameter`` at (x, y), with its help from the bundled texts."""
        parameter.setHelp(texts["inputs"][parameter.name()][1])
        component = QgsProcessingModelParameter(parameter.name())
        component.setPosition(QPointF(x, y))
        model.addModelParameter(parameter, component)

    def description(name):
        return texts["inputs"][name][0]

    def layer_input(name, _english, optional=False, x=0, y=0):
        place(QgsProcessingParameterVectorLayer(name, description(name), [2], optional=optional), x, y)  # polygons

    def number_input(name, _english, default, x, y, kind=QgsProcessingParameterNumber.Double, optional=False):
        place(QgsProcessingParameterNumber(name, description(name), kind, default, optional, 0), x, y)

    def expression_input(name, parent, x, y, default=None):
        place(QgsProcessingParameterExpression(name, description(name), default, parent, True), x, y)

    def boolean_input(name, default, x, y):
        place(QgsProcessingParameterBoolean(name, description(name), default), x, y)

    layer_input("LANDUSE", "Land-survey parcels (DLTB)", x=80, y=60)
    layer_input("PBF", "Permanent basic farmland", x=280, y=60)
    layer_input("EPR", "Ecological protection red line", x=480, y=60)
    layer_input("UDB", "Urban development boundary", x=680, y=60)
    layer_input("HSF", "High-standard farmland", x=880, y=60)
    layer_input("HILLY_AREAS", "Mountain and hill zones", optional=True, x=1080, y=60)
    layer_input("PROJECTS", "Key construction projects", x=1280, y=60)
    layer_input("URBAN_BASELINE", "Urban construction land of the base year", optional=True, x=1480, y=60)
    layer_input("DAMAGED", "Damaged land beyond repair", optional=True, x=1680, y=60)
    layer_input("UNQUALIFIED", "Land not meeting the requirements", optional=True, x=1880, y=60)
    layer_input("PBF_CANDIDATES", "Reviewed PBF swap-out candidates", optional=True, x=2080, y=60)
    # The red line's and the boundary's categories (issue 21): every layer optional, a category without its
    # layer is empty.
    for k, name in enumerate(("WITHDRAWN", "MINING", "COMMERCIAL_FOREST", "EPR_CORRECTION", "NEW_WATER_SOURCE",
                              "PUBLIC_FOREST", "REGREEN", "EPR_CANDIDATES", "APPROVED", "PLANNED_LANDUSE",
                              "UDB_CANDIDATES")):
        layer_input(name, name, optional=True, x=80 + 200 * k, y=-20)
    # Settling the conflicts (issue 24): the core zones, the technician's decisions and each pair's rule.
    layer_input("CORE_ZONES", "Nature-reserve core zones", optional=True, x=2280, y=-20)
    layer_input("CONFLICT_DECISIONS", "Conflict decisions", optional=True, x=2480, y=-20)
    # The rest of the scheme (issue 22): the townships naming the projects' places. The planning zones are not a step
    # of the model: planmaint:zoningupdate takes about a minute on a 200 000-parcel county (it merges the farmland),
    # which the model's budget cannot hold; run it after the model on its maintained lines.
    layer_input("TOWNSHIPS", "Townships", optional=True, x=2880, y=-20)
    # Table 5-3's layers, passed through to the indicators when given.
    layer_input("APPROVED_ZONES", "Approved development zones", optional=True, x=3080, y=-20)
    layer_input("DIRECTIONS", "Main development directions", optional=True, x=3280, y=-20)
    place(QgsProcessingParameterMultipleLayers("UNSUITABLE", description("UNSUITABLE"), 2, None, True), 3480, -20)
    # The deliverable's language: a Chinese table and report out of an English desktop.
    place(QgsProcessingParameterEnum("LANGUAGE", description("LANGUAGE"),
                                     ["Auto: the language of the QGIS interface", "中文", "English"], False, 0, False),
          3080, 140)
    for k, (pair, name) in enumerate(conflictcheck_settle.RULES.items()):
        place(QgsProcessingParameterEnum(name, description(name), conflictcheck_settle.rule_choices()[pair],
                                         False, 0, False), 2280 + 200 * k, 140)
    expression_input("PROJECT_FILTER", "PROJECTS", 1680, 140)
    expression_input("UDB_PROJECT_FILTER", "PROJECTS", 2080, 140, default=UDB_PROJECTS)
    boolean_input("EPR_EXACT", False, 680, 200)
    expression_input("STABLE", "LANDUSE", 1880, 140)
    boolean_input("HSF_REQUIRED", True, 80, 200)
    boolean_input("NET_AREA", False, 280, 200)
    boolean_input("QUALITY_ERROR", False, 480, 200)
    number_input("PBF_MIN_AREA", "PBF fragment threshold in the plain (mu)", 5.0, 80, 140)
    number_input("PBF_MIN_AREA_HILLY", "PBF fragment threshold in mountains and hills (mu)", 3.0, 280, 140)
    number_input("HOLE_MAX_AREA", "Largest hole to fill (mu)", 5.0, 480, 140)
    number_input("SLIVER_WIDTH", "Widest sliver of the UDB to fill (m)", 5.0, 680, 140)
    number_input("MERGE_DISTANCE", "Patch merge distance (m)", 0.0, 880, 140)
    # Binding targets (ha), optional: passed through to the indicators, which check them (达标 / 未达标).
    number_input("PBF_TASK_HA", "PBF protection task (ha)", None, 1080, 140, optional=True)
    number_input("CULTIVATED_TARGET_HA", "Cultivated land to retain (ha)", None, 1280, 140, optional=True)
    number_input("FOREST_TARGET_HA", "Forest land to retain (ha)", None, 1480, 140, optional=True)

    def child(child_id, algorithm_id, description, x, y, **sources):
        step = QgsProcessingModelChildAlgorithm(algorithm_id)
        step.setChildId(child_id)
        step.setDescription(description)
        step.setPosition(QPointF(x, y))
        for name, source in sources.items():
            step.addParameterSources(name, source if isinstance(source, list) else [source])
        # What the modeler does when a step is added: every other input starts at its default.
        algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
        if algorithm is None:
            raise SystemExit(f"{algorithm_id} is not registered")
        for definition in algorithm.parameterDefinitions():
            if definition.isDestination() or definition.name() in sources:
                continue
            if definition.defaultValue() is not None:
                step.addParameterSources(definition.name(), [Source.fromStaticValue(definition.defaultValue())])
        model.addChildAlgorithm(step)
        return step

    def output(step, child_output, name, description, mandatory=False):
        out = QgsProcessingModelOutput(name, description)
        out.setMandatory(mandatory)  # a mandatory output is always written, even where the step skips it by default
        out.setChildId(step.childId())
        out.setChildOutputName(child_output)
        outputs = step.modelOutputs()
        outputs[name] = out
        step.setModelOutputs(outputs)
        model.setChildAlgorithm(step)  # the model keeps a copy of each child: store the updated one

    param = Source.fromModelParameter
    value = Source.fromStaticValue

    def result(child_id, name="OUTPUT"):
        return Source.fromChildOutput(child_id, name)

    # 1. Conflicts of the three input lines, settled: each overlap is given up by one line, and becomes one of
    # its swap-out candidates (矛盾冲突). Every swap-in of the steps below keeps out of the other lines, so no
    # new overlap arises, and these pieces are all there is to settle.
    conflicts = child("conflicts", "planmaint:conflictcheck", "1 三线冲突检查与处理 / Conflicts settled", 480, 240,
                      PBF=param("PBF"), EPR=param("EPR"), UDB=param("UDB"), MIN_AREA=value(1.0),
                      SETTLE=value(True), CORE_ZONES=param("CORE_ZONES"), DECISIONS=param("CONFLICT_DECISIONS"),
                      **{name: param(name) for name in conflictcheck_settle.RULES.values()})
    output(conflicts, "OUTPUT", "CONFLICTS", "Conflicts of the input lines, settled")

    # 2. PBF: the swap-out candidates by verified reason (or the technician's reviewed ones, passed on as
    # they are), then the swap: accepted pieces leave, kept ones stay; eligible land swaps in.
    pbf_candidates = child(
        "pbf_candidates", "planmaint:swapcandidates", "2a 调出候选地块 / PBF swap-out candidates", 180, 500,
        PBF=param("PBF"), LANDUSE=param("LANDUSE"), PROJECTS=param("PROJECTS"),
        PROJECT_FILTER=param("PROJECT_FILTER"), DAMAGED=param("DAMAGED"), UNQUALIFIED=param("UNQUALIFIED"),
        HILLY_AREAS=param("HILLY_AREAS"), MIN_AREA=param("PBF_MIN_AREA"),
        MIN_AREA_HILLY=param("PBF_MIN_AREA_HILLY"), REVIEWED=param("PBF_CANDIDATES"), CONFLICTS=result("conflicts"))
    output(pbf_candidates, "OUTPUT", "PBF_SWAP_CANDIDATES", "PBF swap-out candidates")
    # Eligible cultivated land outside the other lines and the projects; high-standard farmland first,
    # then flatter land, growing from the existing PBF (contiguity).
    pbf_swap = child(
        "pbf_swap", "planmaint:edgeswap", "2b 永久基本农田进出平衡 / PBF edge swap", 280, 820,
        INPUT=param("PBF"), CANDIDATES_REVIEWED=result("pbf_candidates"), CANDIDATES=param("LANDUSE"),
        ELIGIBLE=value(f"{CULTIVATED} AND \"PDJB\" <= 3"),
        PRIORITY=value('4 - "PDJB"'), HSF=param("HSF"), HSF_FIRST=value(True),
        ADJACENT_FIRST=value(True), EXCLUDE=[param("EPR"), param("UDB"), param("PROJECTS")],
        SPLIT=value(True), LANDUSE=param("LANDUSE"), HSF_REQUIRED=param("HSF_REQUIRED"), DETACHED=value(False),
        STABLE=param("STABLE"), QUALITY_ERROR=param("QUALITY_ERROR"),
        AREA_BASIS=Source.fromExpression("if(@NET_AREA, 1, 0)"), LINE_KIND=value(LINE_PBF))
    output(pbf_swap, "OUTPUT", "PBF_NEW", "Permanent basic farmland after maintenance")
    output(pbf_swap, "SWAPPED_IN", "PBF_IN", "PBF swapped in")
    output(pbf_swap, "SWAPPED_OUT", "PBF_OUT", "PBF swapped out")
    output(pbf_swap, "LEDGER", "PBF_LEDGER", "PBF ledger")
    output(pbf_swap, "CHANGES", "PBF_CHANGES", "PBF change record", mandatory=True)

    # The lines are maintained in turn, each against the others as they are after maintenance where known (the
    # farmland first, then the red line, then the boundary), so no swap-in lands on another line's new land.
    # 3. EPR by the seed's categories: out, the withdrawn areas, the five conflicts and the technical correction
    # (or the reviewed candidates); in, new water-source zones, public-welfare forest and the small holes that
    # hold no farmland and no construction land except land planned for re-greening. The red line is not less
    # than before (任务不减少; exact as an option), and its balance never takes ecological-function land out.
    epr_candidates = child(
        "epr_candidates", "planmaint:swapcandidates", "3a 生态保护红线调出候选 / EPR swap-out candidates", 780, 420,
        LINE=value(1), PBF=param("EPR"), LANDUSE=param("LANDUSE"), PROJECTS=param("PROJECTS"),
        PROJECT_FILTER=param("PROJECT_FILTER"), WITHDRAWN=param("WITHDRAWN"), CONFLICTS=result("conflicts"),
        MINING=param("MINING"), COMMERCIAL_FOREST=param("COMMERCIAL_FOREST"), CORRECTION=param("EPR_CORRECTION"),
        REVIEWED=param("EPR_CANDIDATES"))
    output(epr_candidates, "OUTPUT", "EPR_SWAP_CANDIDATES", "EPR swap-out candidates")
    child("construction", "native:extractbyexpression", "3b 建设用地 / Construction land", 980, 340,
          INPUT=param("LANDUSE"), EXPRESSION=value(CONSTRUCTION))
    epr_fill = child("epr_fill", "planmaint:fillholes", "3c 生态保护红线天窗 / EPR holes", 980, 420,
                     INPUT=param("EPR"), MAX_AREA=param("HOLE_MAX_AREA"),
                     BLOCKERS=[result("pbf_swap"), result("construction")], BLOCKER_MIN_AREA=value(1.0),
                     REGREEN=param("REGREEN"), SLIVER_WIDTH=value(0.0), LINE_KIND=value(LINE_EPR))
    output(epr_fill, "HOLES", "EPR_HOLES", "EPR holes found")
    child("epr_filled", "native:extractbyexpression", "3d 填补的天窗 / Filled holes", 980, 500,
          INPUT=result("epr_fill"), EXPRESSION=value('"TZLX" IS NOT NULL'))
    child("epr_swap_in_set", "planmaint:swapins", "3e 生态保护红线调入 / EPR swap-ins by category", 980, 580,
          LINE=value(0), INPUT=param("EPR"), NEW_WATER_SOURCE=param("NEW_WATER_SOURCE"),
          PUBLIC_FOREST=param("PUBLIC_FOREST"), HOLES=result("epr_filled"),
          EXCLUDE=[result("pbf_swap"), param("UDB")])
    epr_swap = child(
        "epr_swap", "planmaint:edgeswap", "3f 生态保护红线进出平衡 / EPR balance", 880, 680,
        INPUT=param("EPR"), CANDIDATES_REVIEWED=result("epr_candidates"), SWAP_IN=result("epr_swap_in_set"),
        CANDIDATES=param("LANDUSE"), ELIGIBLE=value(f"NOT ({CULTIVATED}) AND NOT ({CONSTRUCTION})"),
        PRIORITY=value(f"CASE WHEN {ecological} THEN 1 ELSE 0 END"), ADJACENT_FIRST=value(True),
        DETACHED=value(False), EXCLUDE=[result("pbf_swap"), param("UDB"), param("PROJECTS")], SPLIT=value(True),
        BALANCE_RULE=Source.fromExpression("if(@EPR_EXACT, 0, 1)"), PROTECTED=value(ecological),
        ALLOW_PROTECTED=value(False), LANDUSE=param("LANDUSE"), REASON=value("矛盾冲突调出"),
        BALANCE_OUT_REASON=value("矛盾冲突调出"), LINE_KIND=value(LINE_EPR))
    output(epr_swap, "OUTPUT", "EPR_NEW", "Ecological protection red line after maintenance")
    output(epr_swap, "SWAPPED_IN", "EPR_IN", "EPR swapped in")
    output(epr_swap, "SWAPPED_OUT", "EPR_OUT", "EPR swapped out")
    output(epr_swap, "LEDGER", "EPR_LEDGER", "EPR ledger")
    output(epr_swap, "CHANGES", "EPR_CHANGES", "EPR change record", mandatory=True)

    # 4. UDB: in, the land of the infrastructure projects at its edge and the slivers and small holes; out, to
    # the same area (总量不突破: not more than before), land with no construction demand from the outer edge:
    # not construction land today, not approved land, not planned public land (or the reviewed pool).
    udb_candidates = child(
        "udb_candidates", "planmaint:swapcandidates", "4a 城镇开发边界调出候选 / UDB swap-out pool", 1480, 340,
        LINE=value(2), PBF=param("UDB"), LANDUSE=param("LANDUSE"), APPROVED=param("APPROVED"),
        PLANNED_LANDUSE=param("PLANNED_LANDUSE"), REVIEWED=param("UDB_CANDIDATES"), CONFLICTS=result("conflicts"))
    output(udb_candidates, "OUTPUT", "UDB_SWAP_CANDIDATES", "UDB swap-out candidates and pool")
    # The boundary's conflicts must leave; its pool (21) only balances it.
    child("udb_conflicts_out", "native:extractbyexpression", "4a' 城镇开发边界矛盾冲突调出 / UDB conflicts out",
          1580, 420, INPUT=result("udb_candidates"), EXPRESSION=value(f"\"HCYY\" IN {UDB_CONFLICT_CODES}"))
    udb_fill = child("udb_fill", "planmaint:fillholes", "4b 城镇开发边界细缝与天窗 / UDB slivers and holes", 1280, 340,
                     INPUT=param("UDB"), MAX_AREA=param("HOLE_MAX_AREA"), BLOCKERS=[result("pbf_swap")],
                     BLOCKER_MIN_AREA=value(1.0), SLIVER_WIDTH=param("SLIVER_WIDTH"),
                     LINE_KIND=value(LINE_UDB))
    output(udb_fill, "HOLES", "UDB_HOLES", "UDB holes and slivers found")
    child("udb_filled", "native:extractbyexpression", "4c 填补的细缝与天窗 / Filled slivers and holes", 1280, 420,
          INPUT=result("udb_fill"), EXPRESSION=value('"TZLX" IS NOT NULL'))
    # Project land that needs the boundary: the counted projects at its edge (within 100 m), which extend a
    # town; projects far out in the county stay outside.
    child("udb_swap_in_set", "planmaint:swapins", "4d 城镇开发边界调入 / UDB swap-ins by category", 1380, 500,
          LINE=value(1), INPUT=param("UDB"), PROJECTS=param("PROJECTS"),
          PROJECT_FILTER=param("UDB_PROJECT_FILTER"), PROJECT_DISTANCE=value(100.0), HOLES=result("udb_filled"),
          EXCLUDE=[result("pbf_swap"), result("epr_swap")])
    udb_swap = child(
        "udb_swap", "planmaint:edgeswap", "4e 城镇开发边界进出平衡 / UDB balance", 1380, 600,
        INPUT=param("UDB"), SWAP_IN=result("udb_swap_in_set"), CANDIDATES=result("udb_candidates"),
        CANDIDATES_REVIEWED=result("udb_conflicts_out"),
        ELIGIBLE=value(f"\"SFTC\" = 1 AND \"HCYY\" NOT IN {UDB_CONFLICT_CODES}"), ADJACENT_FIRST=value(True),
        EXCLUDE=[result("pbf_swap"), result("epr_swap")],
        SPLIT=value(True), BALANCE_RULE=value(2), LANDUSE=param("LANDUSE"), REASON=value("现状无建设需求"),
        BALANCE_OUT_REASON=value("现状无建设需求"), LINE_KIND=value(LINE_UDB))
    output(udb_swap, "OUTPUT", "UDB_NEW", "Urban development boundary after maintenance")
    output(udb_swap, "SWAPPED_IN", "UDB_IN", "UDB swapped in")
    output(udb_swap, "SWAPPED_OUT", "UDB_OUT", "UDB swapped out")
    output(udb_swap, "LEDGER", "UDB_LEDGER", "UDB ledger")
    output(udb_swap, "CHANGES", "UDB_CHANGES", "UDB change record", mandatory=True)

    # 5. Indicators before and after, with the report (which also shows the project list of step 6: the model
    # runs it first).
    indicators = child(
        "indicators", "planmaint:indicators", "5 调整前后指标核算 / Indicators and report", 680, 800,
        PBF=param("PBF"), PBF_AFTER=result("pbf_swap"), EPR=param("EPR"), EPR_AFTER=result("epr_swap"),
        UDB=param("UDB"), UDB_AFTER=result("udb_swap"), LANDUSE=param("LANDUSE"), HSF=param("HSF"),
        HILLY_AREAS=param("HILLY_AREAS"), URBAN_BASELINE=param("URBAN_BASELINE"),
        MERGE_DISTANCE=param("MERGE_DISTANCE"), PBF_TASK_HA=param("PBF_TASK_HA"),
        CULTIVATED_TARGET_HA=param("CULTIVATED_TARGET_HA"), FOREST_TARGET_HA=param("FOREST_TARGET_HA"),
        PBF_SWAPPED_IN=result("pbf_swap", "SWAPPED_IN"), PBF_SWAPPED_OUT=result("pbf_swap", "SWAPPED_OUT"),
        EPR_SWAPPED_IN=result("epr_swap", "SWAPPED_IN"), EPR_SWAPPED_OUT=result("epr_swap", "SWAPPED_OUT"),
        UDB_SWAPPED_IN=result("udb_swap", "SWAPPED_IN"), UDB_SWAPPED_OUT=result("udb_swap", "SWAPPED_OUT"),
        DEDUCT_KCXS=param("NET_AREA"), SETTLEMENT=result("conflicts"), APPROVED_ZONES=param("APPROVED_ZONES"),
        DIRECTIONS=param("DIRECTIONS"), UNSUITABLE=param("UNSUITABLE"), LANGUAGE=param("LANGUAGE"),
        PROJECT_LIST=result("project_list"))
    output(indicators, "OUTPUT", "INDICATORS", "Indicator table")
    output(indicators, "REPORT", "REPORT", "Indicator report")

    # 6. The key-project list (table 5-4), against the lines after maintenance.
    projects = child("project_list", "planmaint:projectlist", "6 重点建设项目清单 / Key-project list", 1280, 900,
                     PROJECTS=param("PROJECTS"), LANDUSE=param("LANDUSE"), TOWNSHIPS=param("TOWNSHIPS"),
                     PBF=result("pbf_swap"), EPR=result("epr_swap"), UDB=result("udb_swap"))
    output(projects, "OUTPUT", "PROJECT_LIST", "Key-project list (table 5-4)")
    output(projects, "SUMMARY", "PROJECT_SUMMARY", "Key projects by type")
    help_content = {name: help_text for name, (_, help_text) in texts["inputs"].items()}
    help_content.update({"ALG_DESC": texts["help"], "ALG_CREATOR": "planmaint"})
    model.setHelpContent(help_content)
    return model


def main():
    _app, _plugin = start_qgis()
    model = build()
    ok, errors = model.validate()
    if not ok:
        raise SystemExit("the model does not validate:\n" + "\n".join(errors))
    if not model.toFile(MODEL_PATH):
        raise SystemExit(f"cannot write {MODEL_PATH}")
    print(f"wrote {MODEL_PATH} ({len(model.childAlgorithms())} steps)")


if __name__ == "__main__":
    main()
