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


def build():
    from qgis.core import (
        QgsApplication,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Source,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterBoolean,
        QgsProcessingParameterExpression,
        QgsProcessingParameterNumber,
        QgsProcessingParameterVectorLayer,
    )
    from qgis.PyQt.QtCore import QPointF

    from planmaint.algorithms.base import LINE_EPR, LINE_PBF, LINE_UDB
    from planmaint.algorithms.models import dynamic_maintenance_texts

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

    def expression_input(name, parent, x, y):
        place(QgsProcessingParameterExpression(name, description(name), None, parent, True), x, y)

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
    expression_input("PROJECT_FILTER", "PROJECTS", 1680, 140)
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

    # 1. Conflicts of the three input lines.
    conflicts = child("conflicts", "planmaint:conflictcheck", "1 三线冲突检查 / Conflicts", 480, 240,
                      PBF=param("PBF"), EPR=param("EPR"), UDB=param("UDB"), MIN_AREA=value(1.0))
    output(conflicts, "OUTPUT", "CONFLICTS", "Conflicts of the input lines")

    # 2. PBF: the swap-out candidates by verified reason (or the technician's reviewed ones, passed on as
    # they are), then the swap: accepted pieces leave, kept ones stay; eligible land swaps in.
    pbf_candidates = child(
        "pbf_candidates", "planmaint:swapcandidates", "2a 调出候选地块 / PBF swap-out candidates", 180, 500,
        PBF=param("PBF"), LANDUSE=param("LANDUSE"), PROJECTS=param("PROJECTS"),
        PROJECT_FILTER=param("PROJECT_FILTER"), DAMAGED=param("DAMAGED"), UNQUALIFIED=param("UNQUALIFIED"),
        HILLY_AREAS=param("HILLY_AREAS"), MIN_AREA=param("PBF_MIN_AREA"),
        MIN_AREA_HILLY=param("PBF_MIN_AREA_HILLY"), REVIEWED=param("PBF_CANDIDATES"))
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

    # 3. EPR: fill small holes free of farmland and construction land, balanced by an edge swap that
    # takes out conflicting land (construction, then cultivated) first.
    child("construction", "native:extractbyexpression", "3a 建设用地 / Construction land", 880, 340,
          INPUT=param("LANDUSE"), EXPRESSION=value(CONSTRUCTION))
    epr_fill = child("epr_fill", "planmaint:fillholes", "3b 生态保护红线天窗填补 / EPR holes", 880, 500,
                     INPUT=param("EPR"), MAX_AREA=param("HOLE_MAX_AREA"),
                     BLOCKERS=[param("PBF"), result("construction")], BLOCKER_MIN_AREA=value(1.0),
                     SLIVER_WIDTH=value(0.0), LINE_KIND=value(LINE_EPR))
    output(epr_fill, "HOLES", "EPR_HOLES", "EPR holes found")
    child("epr_filled", "native:extractbyexpression", "3c 填补的天窗 / Filled holes", 880, 580,
          INPUT=result("epr_fill"), EXPRESSION=value('"TZLX" IS NOT NULL'))
    epr_swap = child(
        "epr_swap", "planmaint:edgeswap", "3d 生态保护红线进出平衡 / EPR edge swap", 880, 680,
        INPUT=param("EPR"), SWAP_IN=result("epr_filled"), CANDIDATES=param("LANDUSE"),
        PRIORITY=value(f"CASE WHEN {CONSTRUCTION} THEN 2 WHEN {CULTIVATED} THEN 1 ELSE 0 END"),
        ADJACENT_FIRST=value(True), SPLIT=value(True), REASON=value("矛盾冲突调出"),
        BALANCE_OUT_REASON=value("矛盾冲突调出"), LINE_KIND=value(LINE_EPR))
    output(epr_swap, "OUTPUT", "EPR_NEW", "Ecological protection red line after maintenance")
    output(epr_swap, "SWAPPED_IN", "EPR_IN", "EPR swapped in")
    output(epr_swap, "SWAPPED_OUT", "EPR_OUT", "EPR swapped out")
    output(epr_swap, "LEDGER", "EPR_LEDGER", "EPR ledger")

    # 4. UDB: fill slivers and small holes, take in industrial project land, give back undeveloped
    # land from the outer edge.
    udb_fill = child("udb_fill", "planmaint:fillholes", "4a 城镇开发边界细缝与天窗 / UDB slivers and holes", 1280, 340,
                     INPUT=param("UDB"), MAX_AREA=param("HOLE_MAX_AREA"), BLOCKERS=[param("PBF")],
                     BLOCKER_MIN_AREA=value(1.0), SLIVER_WIDTH=param("SLIVER_WIDTH"),
                     LINE_KIND=value(LINE_UDB))
    output(udb_fill, "HOLES", "UDB_HOLES", "UDB holes and slivers found")
    child("udb_filled", "native:extractbyexpression", "4b 填补的细缝与天窗 / Filled slivers and holes", 1280, 420,
          INPUT=result("udb_fill"), EXPRESSION=value('"TZLX" IS NOT NULL'))
    # Project land that needs the boundary: industrial projects at its edge (within 100 m), which
    # extend a town; projects far out in the county stay outside.
    child("udb_projects", "native:extractbyexpression", "4c 产业类项目 / Industrial projects", 1480, 420,
          INPUT=param("PROJECTS"), EXPRESSION=value("\"XMLX\" = '产业类'"))
    child("udb_projects_near", "native:extractwithindistance", "4c 边界旁的项目用地 / Projects at the edge",
          1480, 480, INPUT=result("udb_projects"), REFERENCE=param("UDB"), DISTANCE=value(100.0))
    child("udb_swap_in_set", "native:mergevectorlayers", "4d 调入范围 / UDB swap-in set", 1380, 500,
          LAYERS=[result("udb_filled"), result("udb_projects_near")])
    udb_swap = child(
        "udb_swap", "planmaint:edgeswap", "4e 城镇开发边界进出平衡 / UDB edge swap", 1380, 600,
        INPUT=param("UDB"), SWAP_IN=result("udb_swap_in_set"), CANDIDATES=param("LANDUSE"),
        ELIGIBLE=value(f"NOT ({CONSTRUCTION}) AND \"DLBM\" NOT IN ('0810', '1006')"),
        ADJACENT_FIRST=value(True), EXCLUDE=[param("PBF"), param("EPR")], SPLIT=value(True),
        REASON=value("现状无建设需求"), BALANCE_OUT_REASON=value("现状无建设需求"), LINE_KIND=value(LINE_UDB))
    output(udb_swap, "OUTPUT", "UDB_NEW", "Urban development boundary after maintenance")
    output(udb_swap, "SWAPPED_IN", "UDB_IN", "UDB swapped in")
    output(udb_swap, "SWAPPED_OUT", "UDB_OUT", "UDB swapped out")
    output(udb_swap, "LEDGER", "UDB_LEDGER", "UDB ledger")

    # 5. Indicators before and after, with the report.
    indicators = child(
        "indicators", "planmaint:indicators", "5 调整前后指标核算 / Indicators and report", 680, 800,
        PBF=param("PBF"), PBF_AFTER=result("pbf_swap"), EPR=param("EPR"), EPR_AFTER=result("epr_swap"),
        UDB=param("UDB"), UDB_AFTER=result("udb_swap"), LANDUSE=param("LANDUSE"), HSF=param("HSF"),
        HILLY_AREAS=param("HILLY_AREAS"), URBAN_BASELINE=param("URBAN_BASELINE"),
        MERGE_DISTANCE=param("MERGE_DISTANCE"), PBF_TASK_HA=param("PBF_TASK_HA"),
        CULTIVATED_TARGET_HA=param("CULTIVATED_TARGET_HA"), FOREST_TARGET_HA=param("FOREST_TARGET_HA"),
        PBF_SWAPPED_IN=result("pbf_swap", "SWAPPED_IN"), PBF_SWAPPED_OUT=result("pbf_swap", "SWAPPED_OUT"),
        DEDUCT_KCXS=param("NET_AREA"))
    output(indicators, "OUTPUT", "INDICATORS", "Indicator table")
    output(indicators, "REPORT", "REPORT", "Indicator report")
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
