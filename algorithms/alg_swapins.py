"""planmaint:swapins — 调入地块识别: the land that joins the red line or the development boundary, by category."""
from qgis.core import (
    QgsExpression,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from . import bridge, swapcandidates_lines, swapins_help, swapins_io
from .base import PlanMaintAlgorithm, warn_if_empty
from .core import swapins
from .i18n import tr
from .swapins_io import HECTARES, TOTAL_HA


class SwapIns(PlanMaintAlgorithm):
    LINE = "LINE"
    INPUT = "INPUT"
    NEW_WATER_SOURCE = "NEW_WATER_SOURCE"
    PUBLIC_FOREST = "PUBLIC_FOREST"
    PROJECTS = "PROJECTS"
    PROJECT_FILTER = "PROJECT_FILTER"
    PROJECT_DISTANCE = "PROJECT_DISTANCE"
    PROJECT_NAME_FIELD = "PROJECT_NAME_FIELD"
    HOLES = "HOLES"
    EXCLUDE = "EXCLUDE"
    MIN_PIECE = "MIN_PIECE"
    OUTPUT = "OUTPUT"
    TOTAL_HA = TOTAL_HA

    def name(self):
        return "swapins"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Swap-in land by category")

    def group(self):
        return tr("Control lines")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "controllines"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return swapins_help.short_help() + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        polygons = [QgsProcessing.TypeVectorPolygon]
        self.add(
            QgsProcessingParameterEnum(self.LINE, tr("Line"), options=[tr("生态保护红线 EPR"), tr("城镇开发边界 UDB")],
                                       defaultValue=0),
            tr("The control line the land joins, and so its categories: the red line's (31 new water-source "
               "zones, 32 public-welfare forest, 33 holes; the default) or the development boundary's (41 "
               "infrastructure projects, 42 slivers and holes)."),
        )
        self.add(QgsProcessingParameterFeatureSource(self.INPUT, tr("Control line"), polygons),
                 tr("The control line LINE names (the red line or the development boundary). Only the land of the "
                    "categories outside it is listed: what joining adds."))
        for name, label, help_text in (
            (self.NEW_WATER_SOURCE, tr("New water-source protection zones (EPR)"),
             tr("LINE = EPR: optional polygons of newly designated centralised drinking-water source protection "
                "zones (新设集中式饮用水水源地). Land outside the red line inside them: category 31.")),
            (self.PUBLIC_FOREST, tr("Public-welfare forest (EPR)"),
             tr("LINE = EPR: optional polygons of public-welfare forest (生态公益林). Land outside the red line "
                "inside them: category 32.")),
            (self.PROJECTS, tr("Infrastructure projects (UDB)"),
             tr("LINE = UDB: optional polygons of the land of infrastructure projects (基础设施建设项目). Land "
                "outside the boundary inside a counted project: category 41, one piece per project.")),
        ):
            self.add(QgsProcessingParameterFeatureSource(name, label, polygons, optional=True), help_text)
        self.add(
            QgsProcessingParameterExpression(self.PROJECT_FILTER, tr("Projects that count"), None, self.PROJECTS,
                                             optional=True),
            tr("Optional expression on the projects choosing those that count, e.g. \"XMLX\" = '基础设施'. "
               "Empty: every project counts."),
        )
        self.add(
            QgsProcessingParameterNumber(self.PROJECT_DISTANCE, tr("Project distance (m)"),
                                         QgsProcessingParameterNumber.Double, 100.0, optional=True),
            tr("Only projects within this distance (metres) of the development boundary count: the land that "
               "adjusts the boundary's layout, not projects far from the town. Default 100 m; 0: touching or "
               "overlapping; empty or negative: any distance."),
        )
        self.add(
            QgsProcessingParameterString(self.PROJECT_NAME_FIELD, tr("Project name field"), "XMMC", optional=True),
            tr("Field of the projects holding the project name, written to SJXMMC (涉及项目名称). Empty: none."),
            advanced=True,
        )
        self.add(QgsProcessingParameterFeatureSource(self.HOLES, tr("Filled holes and slivers"), polygons,
                                                     optional=True),
                 tr("Optional polygons of the holes and slivers the line fills, e.g. the OUTPUT of "
                    "planmaint:fillholes filtered on TZLX IS NOT NULL: category 33 for the red line, 42 for the "
                    "development boundary. Ground already in the line is left out."))
        self.add(
            QgsProcessingParameterMultipleLayers(self.EXCLUDE, tr("Layers swap-ins must not overlap"),
                                                 QgsProcessing.TypeVectorPolygon, optional=True),
            tr("Optional polygon layers (e.g. the permanent basic farmland, the other control lines) that no "
               "swap-in may overlap: pieces are cut to the part outside them, and the log gives the area each "
               "layer took away."),
        )
        self.add(
            QgsProcessingParameterNumber(self.MIN_PIECE, tr("Smallest piece (m²)"),
                                         QgsProcessingParameterNumber.Double, 10.0, False, 0.0),
            tr("Pieces smaller than this are slivers of boundaries that do not quite match (a 0.1 m offset along "
               "100 m makes 10 m²): they are left out. Default 10 m²."),
            advanced=True,
        )
        self.add_area_method()
        self.add(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Swap-in land"), polygons[0]),
                 tr("One feature per single-part piece of one category (and one project): TZYY, HRYY, SJXMMC, "
                    "MJ_M2, MJ_MU, MJ_HA and SOURCE. Give it to planmaint:edgeswap as the land that must swap in "
                    "(SWAP_IN)."))
        words = {"new_water_source": tr("Red line: new water-source zones (ha)"),
                 "public_forest": tr("Red line: public-welfare forest (ha)"),
                 "epr_holes": tr("Red line: holes filled (ha)"),
                 "infrastructure": tr("Development boundary: infrastructure projects (ha)"),
                 "udb_holes": tr("Development boundary: slivers and holes filled (ha)")}
        for reason in swapins.EVERY_CATEGORY:
            self.addOutput(QgsProcessingOutputNumber(HECTARES[reason.key], words[reason.key]))
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_HA, tr("All swap-ins (ha)")))

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        text = (self.parameterAsString(parameters, self.PROJECT_FILTER, context) or "").strip()
        if text and (expression := QgsExpression(text)).hasParserError():
            return False, tr("The project filter (PROJECT_FILTER) {} cannot be read: {}").format(
                text, expression.parserErrorString())
        return True, ""

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        source = self.source_keeping_invalid(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        crs, label = source.sourceCrs(), bridge.layer_label(source, self.INPUT)
        method = self.area_method(parameters, context, crs, feedback)
        kind = swapins_io.LINES[self.parameterAsEnum(parameters, self.LINE, context)]
        swapcandidates_lines.warn_other_lines(self, parameters, context, steps, kind, swapins_io.OWN_LAYERS)
        if kind != "udb" and (self.parameterAsString(parameters, self.PROJECT_FILTER, context) or "").strip():
            steps.pushWarning(tr("PROJECT_FILTER is read only with LINE = UDB: it is ignored for this line (EPR)."))
        distance = (swapins_io.project_distance(self, parameters, context, crs, label)
                    if kind == "udb" and self.source_keeping_invalid(parameters, self.PROJECTS, context) else None)
        steps.setCurrentStep(0)
        line = bridge.read_input(self, parameters, self.INPUT, context, steps, label, attributes=False)
        warn_if_empty(steps, line, self.INPUT, tr("all the land of the categories is listed as joining."))
        steps.setCurrentStep(1)
        run = swapins_io.Run(kind, crs, line.geoms, distance)
        layers = swapins_io.categories(self, parameters, context, steps, run)
        exclude_names, exclude = swapins_io.excluded(self, parameters, context, steps, crs)
        bridge.check_canceled(feedback)
        steps.setCurrentStep(2)

        def progress(percent):
            steps.setProgress(percent)
            bridge.check_canceled(feedback)

        found = swapins.find(swapins.SwapInInputs(
            line=line.geoms, categories=layers, exclude=exclude,
            min_piece_m2=max(self.parameterAsDouble(parameters, self.MIN_PIECE, context), 0.0),
            measure=lambda geoms: bridge.areas_m2(geoms, crs, method, context), progress=progress))
        steps.setCurrentStep(3)
        dest = swapins_io.write(self, parameters, context, steps, crs, found)
        swapins_io.report(steps, found, exclude_names, method)
        bridge.check_canceled_writing(steps)
        return {self.OUTPUT: dest, self.TOTAL_HA: found.total_ha,
                **{HECTARES[reason.key]: 0.0 for reason in swapins.EVERY_CATEGORY},
                **{HECTARES[key]: ha for key, ha in found.hectares_by_category().items()}}
