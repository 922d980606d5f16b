"""planmaint:indicators — 规划指标核算: the before/after indicator tables of a maintenance scheme, from the maps.

Reads the parameters and layers into the core's inputs (``indicator_data``), runs the assessment, writes
the table and the report (``report``) and tells what the core found about the data.
"""
import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsWkbTypes,
)

from . import (
    bridge,
    indicator_data as data,
    indicator_params as params,
    indicator_settle as settle,
    indicator_zones as zones,
    report,
    report_scheme,
)
from .base import PlanMaintAlgorithm
from .core import indicator_facts as facts, indicators
from .i18n import language, tr

# Column names of the seed's tables 5-1 … 5-3, then the row's code (report.CODE_COLUMN): API, the same in every
# language.
COLUMNS = ("控制线", "优化导向", "具体指标", "单位", "调整前", "调整后", "变化", report.CODE_COLUMN)
DISPLAY_NAME_ZH = "规划指标核算"


def table_language():
    """The language of the table's cells: Chinese when the plugin's Chinese translation is in use (the
    interface's, or the one a run chose with LANGUAGE: ``i18n.language``)."""
    return "zh" if tr("Plan indicators") == DISPLAY_NAME_ZH else "en"


class Indicators(PlanMaintAlgorithm):
    PBF = "PBF"
    PBF_AFTER = "PBF_AFTER"
    EPR = "EPR"
    EPR_AFTER = "EPR_AFTER"
    UDB = "UDB"
    UDB_AFTER = "UDB_AFTER"
    LANDUSE = "LANDUSE"
    HSF = "HSF"
    PBF_SWAPPED_OUT = "PBF_SWAPPED_OUT"
    PBF_SWAPPED_IN = "PBF_SWAPPED_IN"
    EPR_SWAPPED_OUT = "EPR_SWAPPED_OUT"
    EPR_SWAPPED_IN = "EPR_SWAPPED_IN"
    UDB_SWAPPED_OUT = "UDB_SWAPPED_OUT"
    UDB_SWAPPED_IN = "UDB_SWAPPED_IN"
    SETTLEMENT = settle.KEY
    HILLY_AREAS = "HILLY_AREAS"
    URBAN_BASELINE = "URBAN_BASELINE"
    BASELINE_HA = "BASELINE_HA"
    ROADS = "ROADS"
    PARKS = "PARKS"
    CENTRAL_AREA = "CENTRAL_AREA"
    WALK_DISTANCE = "WALK_DISTANCE"
    APPROVED_ZONES = zones.APPROVED_ZONES
    DIRECTIONS = zones.DIRECTIONS
    UNSUITABLE = zones.UNSUITABLE
    COUNTY = "COUNTY"
    DLBM_FIELD = "DLBM_FIELD"
    SLOPE_FIELD = "SLOPE_FIELD"
    KCXS_FIELD = "KCXS_FIELD"
    DEDUCT_KCXS = "DEDUCT_KCXS"
    PBF_TASK_HA = "PBF_TASK_HA"
    CULTIVATED_TARGET_HA = "CULTIVATED_TARGET_HA"
    FOREST_TARGET_HA = "FOREST_TARGET_HA"
    ECO_CODES = "ECO_CODES"
    MERGE_DISTANCE = "MERGE_DISTANCE"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"

    LINE_INPUTS = (("PBF", PBF, PBF_AFTER), ("EPR", EPR, EPR_AFTER), ("UDB", UDB, UDB_AFTER))
    # Every input with whether its attribute fields are read, in the order the report lists them.
    INPUTS = (
        (PBF, True), (PBF_AFTER, True), (EPR, False), (EPR_AFTER, False), (UDB, False), (UDB_AFTER, False),
        (LANDUSE, True), (HSF, False), (HILLY_AREAS, False), (URBAN_BASELINE, False), (COUNTY, False),
        (CENTRAL_AREA, False), (ROADS, False), (PARKS, False), (APPROVED_ZONES, False), (DIRECTIONS, False),
        (PBF_SWAPPED_OUT, True), (PBF_SWAPPED_IN, True),
        (EPR_SWAPPED_OUT, True), (EPR_SWAPPED_IN, True), (UDB_SWAPPED_OUT, True), (UDB_SWAPPED_IN, True),
        (SETTLEMENT, True),
    )

    def name(self):
        return "indicators"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Plan indicators")

    def group(self):
        return tr("Assessment")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "assessment"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Computes the indicator tables of a maintenance scheme (优化成效指标表, like tables 5-1, 5-2 and 5-3) "
            "from the maps, so numbers and maps agree (图数一致): for each control line its goals (优化导向), "
            "indicators (具体指标), the value before (调整前), after (调整后) and the change (变化).\n\n"
            "Give the lines before maintenance and, to fill the after column, the lines after it. Every input "
            "is optional: the rows appear for what is given. Permanent basic farmland: area, contiguity "
            "(亩/个: area per merged patch), fragments (碎图斑: patches under 5 mu in the plains, 3 mu in "
            "mountains and hills), share of paddy and irrigated land, share of high-standard farmland, "
            "cultivated land above 15° slope. With the land-use parcels: cultivated land retained (耕地保有量), "
            "forest land and, with the county boundary, forest cover. Ecological red line: area, "
            "ecological-function land and cultivated land in it, patches under 1 km², holes (天窗), small holes "
            "and farmland in holes. Urban development boundary: area, expansion factor (with the baseline "
            "urban construction land), fragments under 15 mu, holes and holes holding farmland, and in the "
            "central urban area road density and the 5-minute walk coverage of parks. With two lines or "
            "more: their overlaps (三线冲突).\n\n"
            "Binding targets (约束性指标, ha, optional): the protection task of the permanent basic farmland "
            "(保护任务) is compared with its area after maintenance, cultivated land to retain (耕地保有量) and "
            "forest land to retain (林地保有量) with the land-use parcels; each gets a row saying met (达标) or "
            "not met (未达标) and the margin. The table's last row and the report's header say the area "
            "basis: map areas, or cultivated land net of field ridges when they are deducted.\n\n"
            "Features of a line are merged into patches where they touch or overlap (按邻近图斑融合后统计), or "
            "lie closer than the merge distance. The slope and land class of the farmland come from its own "
            "fields, or else from the land-use parcels under it (area of each overlap). Land use, forest and "
            "the county do not change with maintenance: their after value repeats the before value. Where "
            "features of a line overlap each other (a duplicated parcel), every row counts their common ground "
            "once, with the attributes of the first of them; slope grades that are not whole numbers 1–5 are "
            "left out of the slope row. Both are named in a warning.\n\n"
            "Outputs: a table with the columns 控制线, 优化导向, 具体指标, 单位, 调整前, 调整后, 变化 (save it as "
            ".xlsx or .csv for the scheme), and an HTML report with the three tables laid out like the scheme, "
            "the conflict summary, the parameters used, and before/after maps of each line with the land "
            "swapped out and in."
        ) + data.swap_help() + data.eco_help() + data.udb_help() + data.category_help() + settle.help_text() + (
            zones.help_text() + params.help_text() + self.input_help())

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        params.add_parameters(self)

    # --- reading ----------------------------------------------------------------------------------------

    def _working_crs(self, parameters, context):
        """The CRS every layer is compared in: the first given line's, preferably a projected one."""
        keys = (self.PBF, self.EPR, self.UDB, self.PBF_AFTER, self.EPR_AFTER, self.UDB_AFTER, self.LANDUSE,
                self.COUNTY, self.HSF, self.CENTRAL_AREA)
        first = None
        for key in keys:
            source = self.parameterAsSource(parameters, key, context)
            if source is None or not source.sourceCrs().isValid():
                continue
            crs = source.sourceCrs()
            if not crs.isGeographic():
                return crs
            first = first or crs
        return first or QgsCoordinateReferenceSystem()

    # --- processing ---------------------------------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        # The whole run speaks the language chosen: the notes it logs are the report's notes too.
        with language(params.chosen_language(self, parameters, context)):
            return self._run(parameters, context, feedback)

    def _run(self, parameters, context, feedback):
        settings = self._settings(parameters, context, feedback)
        steps = QgsProcessingMultiStepFeedback(len(self.INPUTS) + 3, feedback)
        notes = data.Notes(feedback)
        read, values, landuse = self._read_inputs(parameters, context, feedback, steps, settings, notes)
        unsuitable, unsuitable_read = zones.read_unsuitable(self, parameters, context, feedback, settings.crs)
        before, after, ctx = data.assessment_inputs(read, values, landuse, settings, context, notes, unsuitable)
        data.warn_missing_attributes(feedback, read, (before, after), ctx.landuse, settings.fields)
        data.warn_targets_without_data(notes, settings.targets, read)
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        swapped = report.swapped_aside(before, after) if report_path else {}

        steps.setCurrentStep(len(self.INPUTS))
        feedback.pushInfo(tr("Computing the indicators…"))

        def progress(fraction):
            steps.setProgress(100.0 * fraction)
            bridge.check_canceled(feedback)

        result = indicators.assess(before, after if after.given() else None, ctx, progress)
        lang = table_language()
        data.tell_findings(facts.findings(result.facts), read, settings.fields, lang, notes)
        data.tell_swaps(result.swaps, read, settings, notes)

        steps.setCurrentStep(len(self.INPUTS) + 1)
        # The sink lives to the end of the run: a GeoPackage commits the features written when its sink is
        # deleted, and a cancel while the report is written must leave the table uncommitted.
        table, dest_id = self._write_table(parameters, context, feedback, result, lang)
        results = {self.OUTPUT: dest_id}
        for line in report.log_lines(result, lang):
            feedback.pushInfo(line)
        if report_path:
            steps.setCurrentStep(len(self.INPUTS) + 2)
            feedback.pushInfo(tr("Writing the report…"))
            inputs = [(key, read[key].name, len(read[key])) for key, _ in self.INPUTS if read[key] is not None]
            inputs += [(self.UNSUITABLE, name, count) for name, count in unsuitable_read]
            run = report.IndicatorRun(result, before, after, ctx, settings, inputs, notes.texts, swapped,
                                      data.swap_pieces(read, notes), settle.settling(read, result, ctx, notes),
                                      report_scheme.sections(report_scheme.read(self, parameters, context, feedback)))
            report.write_indicator_report(report_path, run, lang, steps)
            results[self.REPORT] = report_path
        # A cancel that came while the table or the report was written must not end as a reported success.
        bridge.check_canceled_writing(feedback)
        del table
        return results

    def _settings(self, parameters, context, feedback):
        """The run's ``indicator_data.Settings``; stops on parameters that contradict each other, and on
        distances that would be in degrees (the layers in a geographic CRS)."""

        def text(key):
            return self.parameterAsString(parameters, key, context)

        fields = data.FieldNames(text(self.DLBM_FIELD).strip(), text(self.SLOPE_FIELD).strip(),
                                 text(self.KCXS_FIELD).strip())
        baseline_ha = parameters.get(self.BASELINE_HA)
        settings = data.Settings(
            fields=fields,
            deduct=self.parameterAsBool(parameters, self.DEDUCT_KCXS, context),
            merge_distance=self.parameterAsDouble(parameters, self.MERGE_DISTANCE, context),
            walk_distance=self.parameterAsDouble(parameters, self.WALK_DISTANCE, context),
            eco_text=text(self.ECO_CODES),
            eco_codes=indicators.parse_codes(text(self.ECO_CODES)),
            baseline_ha=None if baseline_ha in (None, "") else self.parameterAsDouble(
                parameters, self.BASELINE_HA, context),
            targets=data.read_targets(self, parameters, context),
        )
        for _, before_key, after_key in self.LINE_INPUTS:
            if parameters.get(after_key) and self.parameterAsSource(parameters, before_key, context) is None:
                raise QgsProcessingException(
                    tr("{} is given without {}: give the layer before maintenance too, the after state is "
                       "compared with it.").format(after_key, before_key)
                )
        data.check_swap_pair(self, parameters, context)
        if settings.baseline_ha is not None and self.parameterAsSource(
                parameters, self.URBAN_BASELINE, context) is not None:
            raise QgsProcessingException(
                tr("Both the baseline layer (URBAN_BASELINE) and the baseline area (BASELINE_HA) are given; give "
                   "only one of them.")
            )
        if not settings.eco_codes:
            raise QgsProcessingException(tr("No ecological-function land class is given (ECO_CODES)."))
        crs = settings.crs = self._working_crs(parameters, context)
        settings.method = self.area_method(parameters, context, crs, feedback)
        if crs.isValid() and crs.isGeographic():
            if settings.merge_distance > 0 or self.parameterAsSource(parameters, self.PARKS, context) is not None:
                raise QgsProcessingException(
                    tr("The layers are in the geographic CRS {}: the merge distance and the walking distance "
                       "would be in degrees. Reproject them to a projected CRS (e.g. EPSG:4549).").format(crs.authid())
                )
        return settings

    def _read_inputs(self, parameters, context, feedback, steps, settings, notes):
        """Every input, read ({parameter: read layer or None}); the ``FieldValues`` of the layers whose attributes
        are read ({parameter: values}); and the core's LandUse (or None)."""
        read, values = {}, {}
        landuse = None
        # The land use first: the overlap check of its parcels then runs on the other core while the other
        # layers are read (and the lines assessed).
        order = [k for k, (key, _) in enumerate(self.INPUTS) if key == self.LANDUSE]
        order += [k for k in range(len(self.INPUTS)) if k not in order]
        for step, k in enumerate(order):
            key, attributes = self.INPUTS[k]
            steps.setCurrentStep(step)
            source = self.source_keeping_invalid(parameters, key, context)
            read[key] = None if source is None else bridge.read_input(
                self, parameters, key, context, steps, bridge.layer_label(source, key), crs=settings.crs,
                attributes=attributes, polygons=key not in (self.ROADS, self.PARKS),
                subset=data.read_fields(key, settings) if attributes else None,
            )
            if attributes and read[key] is not None:
                values[key] = data.field_values(read[key], settings, key)
            if key == self.LANDUSE and read[key] is not None:
                landuse = data.landuse_of(read[key], values[key], settings, notes).find_own_ground()
            bridge.check_canceled(feedback)
        if not any(read[key] is not None for key in (self.PBF, self.EPR, self.UDB, self.LANDUSE)):
            raise QgsProcessingException(
                tr("No control line and no land-use layer is given: give at least one of PBF, EPR, UDB or LANDUSE.")
            )
        data.warn_empty(notes, read)
        return read, values, landuse

    def _write_table(self, parameters, context, feedback, result, lang):
        """Write the indicator table to the OUTPUT sink; returns the sink and its destination id."""
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, report.table_fields(COLUMNS),
                                             QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        rows = report.table_values(result, lang)
        bridge.write_features(sink, np.full(len(rows), None, dtype=object), rows, feedback, self.OUTPUT)
        return sink, dest_id
