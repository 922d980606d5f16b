"""planmaint:swapcandidates — 调出候选地块识别: the farmland that may leave, by verified reason, for review."""
import numpy as np
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
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from . import bridge, landclass, swapcandidates_help, swapcandidates_io, swapcandidates_lines
from .base import PlanMaintAlgorithm, warn_if_empty
from .core import candidates, candidates_epr, candidates_udb, landcodes, units
from .core.indicator_rows import read_slope_grades
from .i18n import tr
from .swapcandidates_io import HECTARES, column


class SwapCandidates(PlanMaintAlgorithm):
    LINE = "LINE"
    PBF = "PBF"
    LANDUSE = "LANDUSE"
    PROJECTS = "PROJECTS"
    PROJECT_FILTER = "PROJECT_FILTER"
    PROJECT_NAME_FIELD = "PROJECT_NAME_FIELD"
    DAMAGED = "DAMAGED"
    UNQUALIFIED = "UNQUALIFIED"
    HILLY_AREAS = "HILLY_AREAS"
    MIN_AREA = "MIN_AREA"
    MIN_AREA_HILLY = "MIN_AREA_HILLY"
    MIN_PIECE = "MIN_PIECE"
    DLBM_FIELD = "DLBM_FIELD"
    SLOPE_FIELD = "SLOPE_FIELD"
    TOWNSHIP_FIELD = "TOWNSHIP_FIELD"
    WITHDRAWN = "WITHDRAWN"
    CONFLICT_PBF = "CONFLICT_PBF"
    MINING = "MINING"
    COMMERCIAL_FOREST = "COMMERCIAL_FOREST"
    CORRECTION = "CORRECTION"
    APPROVED = "APPROVED"
    PLANNED_LANDUSE = "PLANNED_LANDUSE"
    PLANNED_CODE_FIELD = "PLANNED_CODE_FIELD"
    PROTECTED_CODES = "PROTECTED_CODES"
    CONFLICTS = "CONFLICTS"
    REVIEWED = "REVIEWED"
    OUTPUT = "OUTPUT"
    TOTAL_HA = swapcandidates_io.TOTAL_HA

    def name(self):
        return "swapcandidates"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Swap-out candidates by reason")

    def group(self):
        return tr("Control lines")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "controllines"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return swapcandidates_help.short_help() + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        polygons = [QgsProcessing.TypeVectorPolygon]
        self.add(
            QgsProcessingParameterEnum(self.LINE, tr("Line"), options=[
                tr("永久基本农田 PBF"), tr("生态保护红线 EPR"), tr("城镇开发边界 UDB")], defaultValue=0, optional=True),
            tr("The control line whose land may leave, and so the categories proposed: the farmland's reasons "
               "(the default), the red line's legal categories or the development boundary's land with no "
               "construction demand."),
        )
        self.add(QgsProcessingParameterFeatureSource(self.PBF, tr("Control line"), polygons),
                 tr("The control line whose land may leave (the line LINE names): the permanent basic farmland "
                    "(永久基本农田), the red line or the development boundary. Its attributes are copied to every "
                    "piece."))
        self.add(
            QgsProcessingParameterFeatureSource(self.LANDUSE, tr("Land-use parcels (latest change survey)"), polygons),
            tr("The land-use parcels (地类图斑) of the latest land-change survey: their land-class code decides the "
               "non-cultivated and steep farmland (with LINE = EPR the town and village construction land, with "
               "LINE = UDB the land that is not construction land) and the land-class breakdown of every piece."),
        )
        self.add(QgsProcessingParameterFeatureSource(self.PROJECTS, tr("Key construction projects"), polygons,
                                                     optional=True),
                 tr("Optional project land (重点建设项目). Farmland inside a counted project is a candidate; with "
                    "LINE = EPR, red line inside a counted project is the conflict with key projects (16)."))
        self.add(
            QgsProcessingParameterExpression(self.PROJECT_FILTER, tr("Projects that count"), None, self.PROJECTS,
                                             optional=True),
            tr("Optional expression on the projects choosing those that count, e.g. \"JB\" IN ('国家级','自治区级'). "
               "Empty: every project counts."),
        )
        self.add(
            QgsProcessingParameterString(self.PROJECT_NAME_FIELD, tr("Project name field"), "XMMC", optional=True),
            tr("Field of the projects holding the project name, written to SJXMMC (涉及项目名称). Empty: none."),
            advanced=True,
        )
        for name, label, help_text in (
            (self.DAMAGED, tr("Damaged land beyond repair"),
             tr("Optional polygons of land damaged by disasters or mining that cannot be restored "
                "(灾毁、采矿损毁无法修复).")),
            (self.UNQUALIFIED, tr("Land not meeting the requirements"),
             tr("Optional polygons of farmland found, after verification, not to meet the requirements for "
                "permanent basic farmland (经核实不符合划入要求).")),
            (self.HILLY_AREAS, tr("Mountain and hill zones"),
             tr("Optional polygons of the mountain and hill zones (山地丘陵地区): a patch with more than half of its "
                "area inside them is a fragment under the hilly threshold.")),
        ):
            self.add(QgsProcessingParameterFeatureSource(name, label, polygons, optional=True), help_text)
        self.add(QgsProcessingParameterFeatureSource(self.CONFLICTS, tr("Settled conflicts of the lines"), polygons,
                                                     optional=True), swapcandidates_help.conflicts_parameter())
        self._add_line_layers(polygons)
        double = QgsProcessingParameterNumber.Double
        self.add(QgsProcessingParameterNumber(self.MIN_AREA, tr("Fragment threshold (mu)"), double, 5.0, False, 0.0),
                 tr("Patches of the farmland left under this area are fragments (plains: 5 mu)."))
        self.add(
            QgsProcessingParameterNumber(self.MIN_AREA_HILLY, tr("Fragment threshold in mountains and hills (mu)"),
                                         double, 3.0, False, 0.0),
            tr("Threshold of hilly patches (3 mu). Used only with mountain and hill zones."),
        )
        self.add(
            QgsProcessingParameterNumber(self.MIN_PIECE, tr("Smallest piece (m²)"), double, 10.0, False, 0.0),
            tr("Pieces of the first five reasons smaller than this are slivers of boundaries that do not quite "
               "match (a 0.1 m offset along 100 m makes 10 m²): they are not listed and stay in the farmland. "
               "Default 10 m². Fragments are listed whatever their size."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterString(self.DLBM_FIELD, tr("Land-class field"), "DLBM"),
            tr("Field holding the land-class code (地类编码, e.g. 0103) of the land-use parcels; the farmland's own "
               "field of that name, if any, classes ground that no parcel covers. Codes stored as numbers or "
               "without their leading zero are read in their four-digit form, with a warning."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterString(self.SLOPE_FIELD, tr("Slope grade field"), "PDJB", optional=True),
            tr("Field holding the slope grade (坡度级别 1–5), read from the farmland when it has it, else from the "
               "land-use parcels (e.g. GDPDJB). Grades 4 and 5 are above 15°. Empty: no steep candidates."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterString(self.TOWNSHIP_FIELD, tr("Location unit code field"), "ZLDWDM",
                                         optional=True),
            tr("Field of the farmland holding the location unit code (坐落单位代码); the pieces of each reason are "
               "ordered by its first 9 digits (the township) and the log gives the hectares per township. Empty: "
               "farmland order."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterFeatureSource(self.REVIEWED, tr("Already reviewed candidates"), polygons,
                                                optional=True),
            tr("Optional output of an earlier run after the technician's review. Given, nothing is computed: every "
               "piece must have SFTC 1 or 0, and the layer is copied to the output unchanged, with its hectares per "
               "reason code (HCYY). The model takes the reviewed candidates this way; without them it uses the "
               "candidates it finds, all accepted."),
            advanced=True,
        )
        self.add_area_method()
        self.add(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Swap-out candidates"), polygons[0]),
                 tr("One feature per candidate piece with the farmland's attributes plus TZYY, HCYY, MJ_M2, MJ_MU, "
                    "MJ_HA, GDMJ, QTNYDMJ, JSYDMJ, WLYDMJ, SJXMMC and SFTC (1: swap out; set 0 on what stays)."))
        words = swapcandidates_help.hectare_outputs()
        for reason in candidates.EVERY_REASON:
            self.addOutput(QgsProcessingOutputNumber(HECTARES[reason.key], words[reason.key]))
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_HA, tr("All candidates (ha)")))

    def _add_line_layers(self, polygons):
        """The optional layers of the red line's and the development boundary's categories."""
        for name, label, help_text in (
            (self.WITHDRAWN, tr("Withdrawn protected areas (EPR)"),
             tr("LINE = EPR: optional polygons of protected areas withdrawn by law and found to have no important "
                "ecological function (已依法撤销且经论证不具有重要生态功能的法定保护区域, e.g. a withdrawn first-level "
                "water-source zone). Red line inside them: category 11.")),
            (self.CONFLICT_PBF, tr("Permanent basic farmland in conflict (EPR)"),
             tr("LINE = EPR: optional polygons of the permanent basic farmland. Red line on them: the conflict "
                "with farmland (12).")),
            (self.MINING, tr("Mining rights (EPR)"),
             tr("LINE = EPR: optional polygons of mining rights (矿业权). Red line inside them: the conflict "
                "with mining rights (14).")),
            (self.COMMERCIAL_FOREST, tr("Commercial forest (EPR)"),
             tr("LINE = EPR: optional polygons of commercial forest (人工商品林). Red line inside them: the "
                "conflict with commercial forest (15).")),
            (self.CORRECTION, tr("Technical correction (EPR)"),
             tr("LINE = EPR: optional polygons of the technical correction (技术勘正) of the red line's outer "
                "boundary. Red line inside them: category 17.")),
            (self.APPROVED, tr("Approved land (UDB)"),
             tr("LINE = UDB: optional polygons of land approved or supplied but not yet built (已批未建): it is "
                "never a candidate.")),
            (self.PLANNED_LANDUSE, tr("Planned land use (UDB)"),
             tr("LINE = UDB: optional polygons of the planned land use, with a code field (PLANNED_CODE_FIELD). "
                "Planned land whose code begins with one of the protected codes is never a candidate.")),
        ):
            self.add(QgsProcessingParameterFeatureSource(name, label, polygons, optional=True), help_text)
        self.add(
            QgsProcessingParameterString(self.PLANNED_CODE_FIELD, tr("Planned land-use code field (UDB)"), "YDDM",
                                         optional=True),
            tr("Field of the planned land use holding its code (用地用海分类代码, default YDDM)."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterString(self.PROTECTED_CODES, tr("Protected planned codes (UDB)"),
                                         ",".join(candidates_udb.DEFAULT_PROTECTED), optional=True),
            tr("Comma-separated codes of planned land kept in the boundary; a planned code beginning with one "
               "of them is protected. Default 08,1207,13,14: 公共管理与公共服务用地, 城镇道路用地, 公用设施用地, "
               "绿地与开敞空间用地 (公园绿地 1401, 防护绿地 1402, 广场用地 1403) of the ministry's "
               "《国土空间调查、规划、用途管制用地用海分类指南》."),
            advanced=True,
        )

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        text = self._field(parameters, self.PROJECT_FILTER, context)
        if text and not parameters.get(self.PROJECTS):
            return False, tr("A project filter (PROJECT_FILTER) is given without the projects layer (PROJECTS).")
        if text and (expression := QgsExpression(text)).hasParserError():
            return False, tr("The project filter (PROJECT_FILTER) {} cannot be read: {}").format(
                text, expression.parserErrorString())
        return True, ""


    def _field(self, parameters, name, context):  # a field name as typed
        return (self.parameterAsString(parameters, name, context) or "").strip()

    def _source(self, parameters, name, context, required=False):
        source = self.source_keeping_invalid(parameters, name, context)
        if source is None and required:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return source

    @staticmethod
    def _require(source, parameter, field_name, setting):
        """Refuse a field ``field_name`` (parameter ``setting``) that layer ``source`` of ``parameter`` lacks."""
        if source.fields().lookupField(field_name) < 0:
            raise QgsProcessingException(tr("Layer {} ({}) has no field {} ({}). Its fields are: {}. Set {} to one of "
                                            "them.").format(bridge.layer_label(source, parameter), parameter,
                                                            field_name, setting, bridge.field_list(source.fields()),
                                                            setting))

    def _read(self, parameters, context, name, feedback, **options):
        source = self._source(parameters, name, context)
        if source is None:
            return None
        return bridge.read_input(self, parameters, name, context, feedback, bridge.layer_label(source, name),
                                 **options)

    def _codes(self, layer, field_name, feedback):
        """The land-class codes of ``field_name`` in their four-digit form, with the warning when needed."""
        found = landcodes.normalise_codes(column(layer, field_name))
        if found.needed:
            feedback.pushWarning(landclass.normalised_warning(layer.name, field_name, found))
        return found.codes

    def _grades(self, layer, field_name, feedback):
        grades, bad = read_slope_grades(column(layer, field_name))
        if len(bad):
            feedback.pushWarning(
                tr("Layer {}: {} values of the slope grade field {} are no grade 1–5 (features {}); that land is "
                   "never taken as steep.").format(layer.name, len(bad), field_name, bridge.id_list(layer.fids[bad])))
        return grades

    def _project_zones(self, parameters, context, feedback, crs):
        """(counted project polygons, their names) or (None, None)."""
        source = self._source(parameters, self.PROJECTS, context)
        if source is None:
            return None, None
        text = self._field(parameters, self.PROJECT_FILTER, context)
        name_field = self._field(parameters, self.PROJECT_NAME_FIELD, context)
        if name_field:
            self._require(source, self.PROJECTS, name_field, self.PROJECT_NAME_FIELD)
        # A filter that does not parse or names a missing field is refused by the reader, naming the layer.
        layer = self._read(parameters, context, self.PROJECTS, feedback, crs=crs, passes_text=True,
                           expressions={self.PROJECT_FILTER: text} if text else None)
        counted = np.ones(len(layer), dtype=bool)
        if text:
            passes = layer.values[self.PROJECT_FILTER]
            counted = np.array([not bridge.is_null(v) and bool(v) for v in passes], dtype=bool)
            feedback.pushInfo(tr("Layer {}: {} of {} projects count ({}).").format(
                layer.name, int(counted.sum()), len(layer), text))
        names = column(layer, name_field) if name_field else [None] * len(layer)
        return layer.geoms[counted], np.array(names, dtype=object)[counted]

    def _inputs(self, parameters, context, steps, pbf_source, crs):
        """(CandidateInputs without measure, the PBF LayerArrays, project names)."""
        land_field = self._field(parameters, self.DLBM_FIELD, context)
        slope_field = self._field(parameters, self.SLOPE_FIELD, context)
        township = self._field(parameters, self.TOWNSHIP_FIELD, context)
        lu_source = self._source(parameters, self.LANDUSE, context, required=True)
        self._require(lu_source, self.LANDUSE, land_field, self.DLBM_FIELD)
        if township:
            self._require(pbf_source, self.PBF, township, self.TOWNSHIP_FIELD)
        pbf_fields = pbf_source.fields()
        own_slope = bool(slope_field) and pbf_fields.lookupField(slope_field) >= 0
        if slope_field and not own_slope and lu_source.fields().lookupField(slope_field) < 0:
            raise QgsProcessingException(tr(
                "Neither layer {} (PBF) nor layer {} (LANDUSE) has the slope grade field {} (SLOPE_FIELD). Their "
                "fields are: {}; {}. Set SLOPE_FIELD to one of them, or leave it empty.").format(
                bridge.layer_label(pbf_source, self.PBF), bridge.layer_label(lu_source, self.LANDUSE), slope_field,
                bridge.field_list(pbf_fields), bridge.field_list(lu_source.fields())))
        wanted = [n for n in (land_field, slope_field, township) if n and pbf_fields.lookupField(n) >= 0]
        steps.setCurrentStep(0)
        pbf = self._read(parameters, context, self.PBF, steps, subset=wanted, passes_text=True)
        warn_if_empty(steps, pbf, self.PBF, tr("there is no farmland to swap out, and the output is empty."))
        steps.setCurrentStep(1)
        lu_fields = [land_field] + ([slope_field] if slope_field and not own_slope else [])
        landuse = self._read(parameters, context, self.LANDUSE, steps, crs=crs, subset=lu_fields,
                             text_fields=lu_fields)
        steps.setCurrentStep(2)
        projects, names = self._project_zones(parameters, context, steps, crs)
        zones = {key: getattr(self._read(parameters, context, key, steps, crs=crs, attributes=False), "geoms", None)
                 for key in (self.DAMAGED, self.UNQUALIFIED, self.HILLY_AREAS)}
        yielded = swapcandidates_lines.settled(self, parameters, context, steps, "pbf", crs)
        if not slope_field:
            steps.pushWarning(tr("No slope grade field (SLOPE_FIELD) is set: no farmland is proposed as steep."))
        inputs = candidates.CandidateInputs(
            pbf=pbf.geoms, landuse=landuse.geoms, landuse_codes=self._codes(landuse, land_field, steps),
            pbf_codes=self._codes(pbf, land_field, steps) if land_field in wanted else None,
            pbf_slope=self._grades(pbf, slope_field, steps) if own_slope else None,
            landuse_slope=self._grades(landuse, slope_field, steps) if slope_field and not own_slope else None,
            conflict_epr=yielded.get("EPR"), conflict_udb=yielded.get("UDB"), projects=projects,
            damaged=zones[self.DAMAGED], unqualified=zones[self.UNQUALIFIED],
            hilly_zones=zones[self.HILLY_AREAS],
            township=[str(v or "")[:9] for v in column(pbf, township)] if township else None,
            min_area_m2=units.mu_to_m2(self.parameterAsDouble(parameters, self.MIN_AREA, context)),
            min_area_hilly_m2=units.mu_to_m2(self.parameterAsDouble(parameters, self.MIN_AREA_HILLY, context)),
            min_piece_m2=max(self.parameterAsDouble(parameters, self.MIN_PIECE, context), 0.0),
        )
        return inputs, pbf, names, landuse


    def _epr_inputs(self, parameters, context, steps, line_source, crs):
        return swapcandidates_lines.epr_inputs(self, parameters, context, steps, line_source, crs)

    def _udb_inputs(self, parameters, context, steps, line_source, crs):
        return swapcandidates_lines.udb_inputs(self, parameters, context, steps, line_source, crs)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        steps = QgsProcessingMultiStepFeedback(5, feedback)
        pbf_source = self._source(parameters, self.PBF, context, required=True)
        crs = pbf_source.sourceCrs()
        method = self.area_method(parameters, context, crs, feedback)
        reviewed = self._source(parameters, self.REVIEWED, context)
        if reviewed is not None:
            if self._source(parameters, self.CONFLICTS, context) is not None:
                feedback.pushInfo(tr("REVIEWED is given: the settled conflicts (CONFLICTS) are not read; the "
                                     "reviewed layer holds the pieces that leave."))
            return swapcandidates_io.pass_reviewed(self, reviewed, parameters, context, feedback, method)
        line = swapcandidates_lines.LINES[self.parameterAsEnum(parameters, self.LINE, context)]
        read, find = {"pbf": (self._inputs, candidates.find),
                      "epr": (self._epr_inputs, candidates_epr.find),
                      "udb": (self._udb_inputs, candidates_udb.find)}[line]
        swapcandidates_lines.warn_other_lines(self, parameters, context, steps, line)
        inputs, pbf, names, landuse = read(parameters, context, steps, pbf_source, crs)
        bridge.check_canceled(feedback)  # the steps do not hear of a cancel that came before them
        steps.setCurrentStep(3)

        def progress(percent):
            steps.setProgress(percent)
            bridge.check_canceled(feedback)

        inputs.measure = lambda geoms: bridge.areas_m2(geoms, crs, method, context)
        inputs.progress = progress
        found = find(inputs)
        swapcandidates_io.warn_overlaps(steps, pbf, landuse, found)
        steps.setCurrentStep(4)
        dest = swapcandidates_io.write(self, parameters, context, steps, pbf_source, pbf, found, names)
        swapcandidates_io.report(steps, found, method)
        bridge.check_canceled_writing(steps)
        return {self.OUTPUT: dest, self.TOTAL_HA: found.total_ha,
                **{HECTARES[reason.key]: 0.0 for reason in candidates.EVERY_REASON},
                **{HECTARES[key]: ha for key, ha in found.hectares_by_reason().items()}}
