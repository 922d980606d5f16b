"""planmaint:indicators — 规划指标核算: the before/after indicator tables of a maintenance scheme, from the maps."""
import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge, landclass, report
from .base import PlanMaintAlgorithm, empty_input_warning
from .compat import new_field
from .core import indicators, landcodes, parallel, units
from .i18n import tr

# Column names of the seed's tables 5-1 … 5-3: API, the same in every language.
COLUMNS = ("控制线", "优化导向", "具体指标", "单位", "调整前", "调整后", "变化")
DISPLAY_NAME_ZH = "规划指标核算"


def is_null(value):
    """True for None and QGIS NULL (a null QVariant)."""
    return value is None or (type(value) is QVariant and value.isNull())


def table_language():
    """The language of the table's cells: Chinese when the plugin's Chinese translation is in use."""
    return "zh" if tr("Plan indicators") == DISPLAY_NAME_ZH else "en"


def field_names(layer):
    return [f.name() for f in layer.fields]


def column(layer, name):
    """Values of field ``name`` of a read layer (None for NULL); None when the layer has no such field."""
    index = layer.fields.lookupField(name) if name else -1
    if index < 0:
        return None
    return [None if is_null(row[index]) else row[index] for row in layer.rows]


def read_grades(values):
    """(slope grades, positions of values that are no grade) of a field's values; (None, None) for no source.

    A missing field, or one left empty in every feature, is no source (the land-use parcels may give the
    grade instead). A field holding anything is a source, and its unreadable values are named in a warning.
    """
    if values is None:
        return None, None
    grades, unreadable = indicators.read_slope_grades(values)
    if not grades.any() and not len(unreadable):
        return None, None
    return grades, unreadable


def ids_text(fids, limit=20):
    """Feature ids for a message: "2, 5", at most ``limit`` of them, then " …"."""
    fids = [str(int(f)) for f in fids]
    return ", ".join(fids[:limit]) + ("" if len(fids) <= limit else " …")


def missing_field_error(layer, name, purpose, parameter):
    return QgsProcessingException(
        tr("Layer {} has no field {} ({}). Its fields are: {}. "
           "Set the parameter {} to the field that holds it.").format(
            layer.name, name, purpose, ", ".join(field_names(layer)) or tr("(none)"), parameter
        )
    )


class Notes:
    """Warnings about the input data: pushed to the log as found, and kept for the report."""

    def __init__(self, feedback):
        self.feedback = feedback
        self.texts = []

    def warn(self, text):
        if text:
            self.feedback.pushWarning(text)
            self.texts.append(text)


def read_codes(layer, values, field_name, notes):
    """The land-class codes of a layer's field in their four-digit form; what was changed goes to ``notes``."""
    found = landcodes.normalise_codes(values)
    notes.warn(landclass.normalised_warning(layer.name, field_name, found))
    return found.codes


class Indicators(PlanMaintAlgorithm):
    PBF = "PBF"
    PBF_AFTER = "PBF_AFTER"
    EPR = "EPR"
    EPR_AFTER = "EPR_AFTER"
    UDB = "UDB"
    UDB_AFTER = "UDB_AFTER"
    LANDUSE = "LANDUSE"
    HSF = "HSF"
    HILLY_AREAS = "HILLY_AREAS"
    URBAN_BASELINE = "URBAN_BASELINE"
    BASELINE_HA = "BASELINE_HA"
    ROADS = "ROADS"
    PARKS = "PARKS"
    CENTRAL_AREA = "CENTRAL_AREA"
    WALK_DISTANCE = "WALK_DISTANCE"
    COUNTY = "COUNTY"
    DLBM_FIELD = "DLBM_FIELD"
    SLOPE_FIELD = "SLOPE_FIELD"
    KCXS_FIELD = "KCXS_FIELD"
    DEDUCT_KCXS = "DEDUCT_KCXS"
    ECO_CODES = "ECO_CODES"
    MERGE_DISTANCE = "MERGE_DISTANCE"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"

    LINE_INPUTS = (("PBF", PBF, PBF_AFTER), ("EPR", EPR, EPR_AFTER), ("UDB", UDB, UDB_AFTER))

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
        ) + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        polygon = [QgsProcessing.TypeVectorPolygon]
        for key, label, help_text in (
            (self.PBF, tr("Permanent basic farmland (before)"),
             tr("永久基本农田 before maintenance: parcel-level polygons, e.g. with the land-survey fields DLBM, "
                "PDJB and KCXS.")),
            (self.PBF_AFTER, tr("Permanent basic farmland (after)"),
             tr("永久基本农田 after maintenance. Leave empty when only the current state is assessed.")),
            (self.EPR, tr("Ecological protection red line (before)"), tr("生态保护红线 before maintenance.")),
            (self.EPR_AFTER, tr("Ecological protection red line (after)"), tr("生态保护红线 after maintenance.")),
            (self.UDB, tr("Urban development boundary (before)"), tr("城镇开发边界 before maintenance.")),
            (self.UDB_AFTER, tr("Urban development boundary (after)"), tr("城镇开发边界 after maintenance.")),
            (self.LANDUSE, tr("Land-use parcels"),
             tr("Land-survey parcels (地类图斑, DLTB) with the land-class field: for cultivated land retained, "
                "forest, ecological-function and cultivated land in the red line, and the farmland's land class "
                "and slope when its own fields lack them.")),
            (self.HSF, tr("High-standard farmland"),
             tr("高标准农田 polygons: for the share of high-standard farmland in the permanent basic farmland.")),
            (self.HILLY_AREAS, tr("Mountain and hill zones"),
             tr("山地丘陵地区: a farmland patch with more than half of its area inside is a fragment under 3 mu "
                "instead of 5 mu.")),
            (self.URBAN_BASELINE, tr("Baseline urban construction land"),
             tr("Urban construction land of the base year (2020), polygons: the expansion factor is the urban "
                "development boundary's area divided by their area (inside the county when its boundary is "
                "given). Or give the baseline area as a number.")),
        ):
            self.add(QgsProcessingParameterFeatureSource(key, label, polygon, optional=True), help_text)
        self.add(
            QgsProcessingParameterNumber(
                self.BASELINE_HA, tr("Baseline urban construction land (ha)"), QgsProcessingParameterNumber.Double,
                None, True, 0.0,
            ),
            tr("Instead of the baseline layer: its area in hectares (e.g. 2 302.6 ha for a factor of 1.4803 "
               "with a boundary of 3 408.77 ha)."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.ROADS, tr("Roads"), [QgsProcessing.TypeVectorLine], optional=True
            ),
            tr("Road centre lines: the road network density (km/km²) of the central urban area."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.PARKS, tr("Parks, green space and squares"), [QgsProcessing.TypeVectorAnyGeometry],
                optional=True,
            ),
            tr("公园绿地、广场 as polygons (or their entrances as points): the share of the central urban area "
               "within walking distance of them."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.CENTRAL_AREA, tr("Central urban area"), polygon, optional=True
            ),
            tr("中心城区 boundary. Road density and walk coverage are measured inside it, within the urban "
               "development boundary when that is given."),
        )
        self.add(
            QgsProcessingParameterDistance(
                self.WALK_DISTANCE, tr("Walking distance"), indicators.DEFAULT_WALK_DISTANCE_M, self.CENTRAL_AREA,
                False, 0.0,
            ),
            tr("Straight-line distance around the parks counted as a 5-minute walk; 300 m by default."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(self.COUNTY, tr("County boundary"), polygon, optional=True),
            tr("The county (旗县) boundary: forest cover is forest land inside it divided by its area."),
        )
        self.add(
            QgsProcessingParameterString(self.DLBM_FIELD, tr("Land-class field"), "DLBM"),
            tr("Field holding the land-class code (地类编码, e.g. 0101, 0301) in the land-use parcels and, when "
               "present, in the permanent basic farmland. Codes stored as numbers or without their leading zero "
               "(101 for 0101) are read in their four-digit form, with a warning."),
        )
        self.add(
            QgsProcessingParameterString(self.SLOPE_FIELD, tr("Slope grade field"), "PDJB"),
            tr("Field holding the slope grade 1–5 (坡度级别; 4 and 5 are above 15°), read from the permanent "
               "basic farmland, or else from the land-use parcels under it."),
        )
        self.add(
            QgsProcessingParameterString(self.KCXS_FIELD, tr("Field-ridge deduction field"), "KCXS"),
            tr("Field holding the field-ridge deduction ratio (扣除系数, a fraction such as 0.061)."),
        )
        self.add(
            QgsProcessingParameterBoolean(self.DEDUCT_KCXS, tr("Deduct field ridges (net cultivated area)"), False),
            tr("Count cultivated land as area × (1 − KCXS): cultivated land retained, the farmland's area, shares, "
               "slope row and contiguity, and cultivated land in the red line. The ratio comes from the farmland's "
               "own field, or else from the land-use parcels under it."),
        )
        self.add(
            QgsProcessingParameterString(self.ECO_CODES, tr("Ecological-function land classes"),
                                         indicators.DEFAULT_ECO_CODES),
            tr("Land-class codes counted as ecological-function land (生态功能用地), separated by commas; a code "
               "also matches the classes it begins (03 = all forest land 0301–0307). Default: forest, grassland, "
               "rivers, lakes, reservoirs, flats, swamps and glaciers."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterDistance(
                self.MERGE_DISTANCE, tr("Merge distance"), 0.0, self.PBF, False, 0.0
            ),
            tr("Features of one line closer than this distance join one patch when counting patches and "
               "fragments; 0: only features touching along a boundary or overlapping. No rule fixes it: the "
               "report prints it."),
        )
        self.add_area_method()
        self.add(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Indicator table"), QgsProcessing.TypeVector),
            tr("One row per indicator with the columns 控制线, 优化导向, 具体指标, 单位, 调整前, 调整后, 变化. "
               "After and change are empty when no after state is given, or when the row cannot be computed."),
        )
        self.add(
            QgsProcessingParameterFileDestination(
                self.REPORT, tr("Report"), tr("HTML files (*.html)"), optional=True, createByDefault=True
            ),
            tr("HTML report: the tables laid out like the scheme, the conflicts, the parameters used and "
               "before/after maps of each line."),
        )

    # --- reading ----------------------------------------------------------------------------------------

    def _read(self, parameters, key, context, feedback, crs, fields=None, polygons=True):
        """Read one input; ``fields``: the only attributes needed (None: geometry only)."""
        source = self.source_keeping_invalid(parameters, key, context)
        if source is None:
            return None
        return bridge.read_input(
            self, parameters, key, context, feedback, bridge.layer_label(source, key), crs=crs,
            attributes=fields is not None, polygons=polygons, subset=fields,
        )

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

    def _farmland(self, layer, fields, deduct, notes):
        """The core's Farmland from a read PBF layer, with whichever attributes its own fields give."""
        codes = column(layer, fields["dlbm"])
        slope = column(layer, fields["slope"])
        kcxs = column(layer, fields["kcxs"]) if deduct else None
        codes = read_codes(layer, codes, fields["dlbm"], notes) if codes is not None else None
        if codes is not None and not any(codes):
            codes = None  # a field left empty is no source: fall back to the land-use parcels
        grades, unreadable = read_grades(slope)
        net = self._net(layer, kcxs, fields["kcxs"]) if kcxs is not None else None
        return indicators.Farmland(geoms=layer.geoms, codes=codes, slope=grades, net=net, slope_unreadable=unreadable)

    def _landuse(self, lu, fields, deduct, notes):
        """The core's LandUse from the read land-use layer; its land-class field is required."""
        codes = column(lu, fields["dlbm"])
        if codes is None:
            raise missing_field_error(lu, fields["dlbm"], tr("land-class code"), self.DLBM_FIELD)
        grades, unreadable = read_grades(column(lu, fields["slope"]))
        net = None
        if deduct:
            kcxs = column(lu, fields["kcxs"])
            if kcxs is None:
                raise missing_field_error(lu, fields["kcxs"], tr("field-ridge deduction ratio"), self.KCXS_FIELD)
            net = self._net(lu, kcxs, fields["kcxs"])
        return indicators.LandUse(
            geoms=lu.geoms, codes=read_codes(lu, codes, fields["dlbm"], notes), slope=grades, net=net,
            slope_unreadable=unreadable,
        )

    def _net(self, layer, values, field_name):
        net, bad = indicators.net_factors(values)
        if len(bad):
            shown = ", ".join(str(layer.fids[i]) for i in bad[:20])
            raise QgsProcessingException(
                tr("Layer {}: field {} must hold a deduction ratio between 0 and 1 (e.g. 0.061); features {}{} "
                   "do not. Correct them or turn the field-ridge deduction off.").format(
                    layer.name, field_name, shown, " …" if len(bad) > 20 else ""
                )
            )
        return net

    # --- processing ---------------------------------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        deduct = self.parameterAsBool(parameters, self.DEDUCT_KCXS, context)
        fields = {
            "dlbm": self.parameterAsString(parameters, self.DLBM_FIELD, context).strip(),
            "slope": self.parameterAsString(parameters, self.SLOPE_FIELD, context).strip(),
            "kcxs": self.parameterAsString(parameters, self.KCXS_FIELD, context).strip(),
        }
        merge_distance = self.parameterAsDouble(parameters, self.MERGE_DISTANCE, context)
        walk_distance = self.parameterAsDouble(parameters, self.WALK_DISTANCE, context)
        eco_text = self.parameterAsString(parameters, self.ECO_CODES, context)
        eco_codes = indicators.parse_codes(eco_text)
        baseline_ha = parameters.get(self.BASELINE_HA)
        if baseline_ha not in (None, ""):
            baseline_ha = self.parameterAsDouble(parameters, self.BASELINE_HA, context)
        else:
            baseline_ha = None

        for _, before_key, after_key in self.LINE_INPUTS:
            if parameters.get(after_key) and self.parameterAsSource(parameters, before_key, context) is None:
                raise QgsProcessingException(
                    tr("{} is given without {}: give the layer before maintenance too, the after state is "
                       "compared with it.").format(after_key, before_key)
                )
        if baseline_ha is not None and self.parameterAsSource(parameters, self.URBAN_BASELINE, context) is not None:
            raise QgsProcessingException(
                tr("Both the baseline layer (URBAN_BASELINE) and the baseline area (BASELINE_HA) are given; give "
                   "only one of them.")
            )
        if not eco_codes:
            raise QgsProcessingException(tr("No ecological-function land class is given (ECO_CODES)."))

        crs = self._working_crs(parameters, context)
        method = self.area_method(parameters, context, crs, feedback)
        if crs.isValid() and crs.isGeographic():
            if merge_distance > 0 or self.parameterAsSource(parameters, self.PARKS, context) is not None:
                raise QgsProcessingException(
                    tr("The layers are in the geographic CRS {}: the merge distance and the walking distance "
                       "would be in degrees. Reproject them to a projected CRS (e.g. EPSG:4549).").format(crs.authid())
                )

        keys = [
            (self.PBF, True), (self.PBF_AFTER, True), (self.EPR, False), (self.EPR_AFTER, False),
            (self.UDB, False), (self.UDB_AFTER, False), (self.LANDUSE, True), (self.HSF, False),
            (self.HILLY_AREAS, False), (self.URBAN_BASELINE, False), (self.COUNTY, False),
            (self.CENTRAL_AREA, False), (self.ROADS, False), (self.PARKS, False),
        ]
        steps = QgsProcessingMultiStepFeedback(len(keys) + 3, feedback)
        notes = Notes(feedback)
        read = {}
        landuse = None
        # The land use first: the overlap check of its parcels then runs on the other core while the other
        # layers are read (and the lines assessed).
        first = [k for k, (key, _) in enumerate(keys) if key == self.LANDUSE]
        for step, k in enumerate(first + [k for k in range(len(keys)) if k not in first]):
            key, attributes = keys[k]
            steps.setCurrentStep(step)
            polygons = key not in (self.ROADS, self.PARKS)
            wanted = list(fields.values()) if attributes else None
            read[key] = self._read(parameters, key, context, steps, crs, fields=wanted, polygons=polygons)
            if key == self.LANDUSE and read[key] is not None:
                landuse = self._landuse(read[key], fields, deduct, notes).find_own_ground()
            bridge.check_canceled(feedback)
        if not any(read[key] is not None for key in (self.PBF, self.EPR, self.UDB, self.LANDUSE)):
            raise QgsProcessingException(
                tr("No control line and no land-use layer is given: give at least one of PBF, EPR, UDB or LANDUSE.")
            )
        lu = read[self.LANDUSE]
        self._warn_empty(notes, read)

        def farmland(key):
            layer = read[key]
            if layer is None:
                return None
            pbf = self._farmland(layer, fields, deduct, notes)
            if deduct and pbf.net is None and (landuse is None or landuse.net is None):
                raise QgsProcessingException(
                    tr("Layer {} has no field {} (field-ridge deduction ratio) and no land-use parcels are given to "
                       "take it from. Its fields are: {}. Set KCXS_FIELD, give LANDUSE, or turn the deduction "
                       "off.").format(layer.name, fields["kcxs"], ", ".join(field_names(layer)))
                )
            return pbf

        def geoms(key):
            return None if read[key] is None else read[key].geoms

        before = indicators.Lines(pbf=farmland(self.PBF), epr=geoms(self.EPR), udb=geoms(self.UDB))
        after = indicators.Lines(pbf=farmland(self.PBF_AFTER), epr=geoms(self.EPR_AFTER), udb=geoms(self.UDB_AFTER))
        ctx = indicators.Context(
            landuse=landuse,
            hsf=geoms(self.HSF),
            hilly=geoms(self.HILLY_AREAS),
            county=geoms(self.COUNTY),
            baseline=geoms(self.URBAN_BASELINE),
            baseline_m2=None if baseline_ha is None else units.convert(baseline_ha, "ha", "m2"),
            roads=geoms(self.ROADS),
            parks=geoms(self.PARKS),
            central=geoms(self.CENTRAL_AREA),
            measure=lambda g: bridge.areas_m2(g, crs, method, context),
            measure_length=lambda g: bridge.lengths_m(g, crs, method, context),
            merge_distance=merge_distance,
            deduct_kcxs=deduct,
            eco_codes=eco_codes,
            walk_distance=walk_distance,
        )
        self._warn_missing_inputs(feedback, [(before.pbf, read[self.PBF]), (after.pbf, read[self.PBF_AFTER])],
                                  ctx, fields, lu)

        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        swapped = {}
        if report_path:
            # The report maps the land each line swapped out and in: an overlay of the changed features that
            # needs nothing of the assessment, so it runs on the other core meanwhile, from WKB copies.
            for name in after.given():
                job = parallel.Background(indicators.swapped_regions_of_wkb, indicators.state_wkb(before.get(name)),
                                          indicators.state_wkb(after.get(name)))
                swapped[name] = job.result

        steps.setCurrentStep(len(keys))
        feedback.pushInfo(tr("Computing the indicators…"))

        def progress(fraction):
            steps.setProgress(100.0 * fraction)
            bridge.check_canceled(feedback)

        result = indicators.assess(before, after if after.given() else None, ctx, progress)
        self._warn_landuse_overlaps(feedback, result, lu)
        self._warn_facts(feedback, result, read, fields)
        lang = table_language()
        self._warn_unmatched(notes, result, read, fields, lang)

        steps.setCurrentStep(len(keys) + 1)
        rows = indicators.table_rows(result.before, result.after, lang)
        table_fields = QgsFields()
        for name in COLUMNS[:4]:
            table_fields.append(new_field(name, QVariant.String, "string", 254))
        for name in COLUMNS[4:]:
            table_fields.append(new_field(name, QVariant.Double))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, table_fields, QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        rows_out = [[*row[:4], *[None if v is None else float(v) for v in row[4:]]] for row in rows]
        bridge.write_features(sink, np.full(len(rows_out), None, dtype=object), rows_out, feedback, self.OUTPUT)
        self._log_table(feedback, result, lang)

        results = {self.OUTPUT: dest_id}
        if report_path:
            steps.setCurrentStep(len(keys) + 2)
            feedback.pushInfo(tr("Writing the report…"))
            settings = {
                "method": method,
                "merge_distance": merge_distance,
                "deduct": deduct,
                "fields": fields,
                "eco_codes": eco_text,
                "walk_distance": walk_distance,
                "baseline_ha": baseline_ha,
                "crs": crs,
                "inputs": [(key, read[key].name, len(read[key])) for key, _ in keys if read[key] is not None],
                "sources": result.facts.before.pbf.sources if before.pbf else indicators.AttributeSources(),
                "notes": notes.texts,
            }
            report.write_indicator_report(report_path, result, before, after, ctx, crs, settings, lang, steps, swapped)
            results[self.REPORT] = report_path
        # A cancel that came while the table or the report was written must not end as a reported success.
        bridge.check_canceled_writing(feedback)
        return results

    def _log_table(self, feedback, result, lang):
        """The table in the log, numbers printed as the report prints them."""
        after = result.after or {}
        for row in indicators.ROWS:
            if row.key not in result.before:
                continue
            line, goal, indicator, unit = indicators.row_cells(row, lang)
            decimals = indicators.UNIT_DISPLAY[row.unit][2]
            before = result.before[row.key]
            later = report.fmt(after[row.key], decimals) if row.key in after else ""
            change = report.fmt_change(before, after[row.key], decimals) if row.key in after else ""
            shown = report.fmt(before, decimals)
            feedback.pushInfo(f"{line} | {goal} | {indicator} ({unit}) | {shown} | {later} | {change}")

    def _warn_missing_inputs(self, feedback, states, ctx, fields, lu):
        """Say, once per farmland layer, which rows will stay empty, what each layer lacks and what would fill them.

        ``states``: (Farmland or None, its read layer) for the farmland before and after maintenance.
        """
        for pbf, layer in states:
            if pbf is None:
                continue
            if pbf.slope is None and (ctx.landuse is None or ctx.landuse.slope is None):
                parts = [self._lacks(layer, fields["slope"], tr("slope grade"))]
                parts.append(self._lacks(lu, fields["slope"], tr("slope grade")) if lu is not None
                             else tr("No land-use parcels are given to take it from."))
                parts.append(tr("The slope row (cultivated land above 15°) stays empty: set SLOPE_FIELD to the "
                                "field holding the slope grade (1–5), or give LANDUSE with it."))
                feedback.pushWarning(" ".join(parts))
            if pbf.codes is None and ctx.landuse is None:
                feedback.pushWarning(" ".join([
                    self._lacks(layer, fields["dlbm"], tr("land-class code")),
                    tr("No land-use parcels are given to take it from. The paddy and irrigated share stays "
                       "empty: set DLBM_FIELD to the field holding the land-class code, or give LANDUSE."),
                ]))

    def _warn_empty(self, notes, read):
        """Name every line (and the land use) given without a single feature: its rows are left empty."""
        what = {
            self.PBF: tr("permanent basic farmland before maintenance"),
            self.PBF_AFTER: tr("permanent basic farmland after maintenance"),
            self.EPR: tr("ecological red line before maintenance"),
            self.EPR_AFTER: tr("ecological red line after maintenance"),
            self.UDB: tr("urban development boundary before maintenance"),
            self.UDB_AFTER: tr("urban development boundary after maintenance"),
            self.LANDUSE: tr("land-use parcels"),
        }
        for key, label in what.items():
            if read.get(key) is not None:
                consequence = tr("the rows computed from the {} are left empty rather than shown as 0.").format(label)
                notes.warn(empty_input_warning(read[key], key, consequence))

    def _warn_unmatched(self, notes, result, read, fields, lang):
        """Name the rows that are 0 (or empty) because no land-class code matched their class."""
        classes = {"cultivated": tr("cultivated land"), "forest": tr("forest land"),
                   "eco": tr("ecological-function land")}
        layers = {"LANDUSE": read[self.LANDUSE], "before": read[self.PBF], "after": read[self.PBF_AFTER]}
        for unmatched in result.facts.unmatched:
            source, name, prefixes = unmatched.source, unmatched.land_class, unmatched.prefixes
            rows = ", ".join(indicators.row_cells(indicators.ROW_BY_KEY[k], lang)[2] for k in unmatched.rows)
            if source == "LANDUSE":
                text = tr("Layer {}: no feature has a land-class code of {} ({}) in field {}, so these rows are 0: "
                          "{}. Check that DLBM_FIELD names the field holding the land-class codes of GB/T 21010 "
                          "(e.g. 0101){}.")
            else:
                text = tr("Layer {}: no feature has a land-class code of {} ({}) in field {}, so this row is "
                          "empty: {}. Check that DLBM_FIELD names the field holding the land-class codes of GB/T "
                          "21010 (e.g. 0101){}.")
            eco = tr(" and that ECO_CODES lists the classes wanted") if name == "eco" else ""
            notes.warn(text.format(layers[source].name, classes[name], ", ".join(prefixes), fields["dlbm"], rows, eco))

    @staticmethod
    def _lacks(layer, name, purpose):
        """Why ``layer`` gives no ``purpose`` from field ``name``: it has no such field, or the field is empty."""
        if layer.fields.lookupField(name) < 0:
            return tr("Layer {} has no {} field {}; its fields are: {}.").format(
                layer.name, purpose, name, ", ".join(field_names(layer)) or tr("(none)")
            )
        return tr("Layer {}: the {} field {} is empty in every feature.").format(layer.name, purpose, name)

    @staticmethod
    def _warn_landuse_overlaps(feedback, result, lu):
        """Land-survey parcels form a coverage; where two overlap, their common ground was counted once."""
        earlier, later = result.facts.landuse_overlaps or ((), ())
        if not len(later):
            return
        ids = sorted({int(lu.fids[k]) for k in np.r_[earlier, later]})
        shown = ", ".join(str(i) for i in ids[:20]) + (" …" if len(ids) > 20 else "")
        feedback.pushWarning(
            tr("Layer {}: {} land-use parcels overlap earlier ones (feature ids {}); their common ground "
               "is counted once, for the first parcel. Land-survey parcels should not overlap: check "
               "the layer.").format(lu.name, len(np.unique(later)), shown)
        )

    def _warn_facts(self, feedback, result, read, fields):
        """Warnings about the data found while computing: overlapping features, unreadable slope grades."""
        keys = {("before", "PBF"): self.PBF, ("before", "EPR"): self.EPR, ("before", "UDB"): self.UDB,
                ("after", "PBF"): self.PBF_AFTER, ("after", "EPR"): self.EPR_AFTER, ("after", "UDB"): self.UDB_AFTER}
        states = {"before": tr("before maintenance"), "after": tr("after maintenance")}
        lines = {"PBF": tr("permanent basic farmland"), "EPR": tr("ecological red line"),
                 "UDB": tr("urban development boundary")}
        landuse_unreadable = set()
        for state, state_facts in result.facts.states():
            for line, facts in state_facts.lines():
                layer = read[keys[(state, line)]]
                overlapping = facts.overlapping
                if facts.overlapping_patches and overlapping is not None and len(overlapping):
                    feedback.pushWarning(
                        tr("Layer {} ({} {}): features overlap each other in {} patches (feature ids {}); every "
                           "area counts the overlapping ground once, for the first of the overlapping features. "
                           "A control line's features should not overlap: delete the duplicates or remove the "
                           "overlaps (e.g. with Delete duplicate geometries).").format(
                            layer.name, lines[line], states[state], facts.overlapping_patches,
                            ids_text(layer.fids[overlapping]),
                        )
                    )
                unreadable = facts.slope_unreadable
                if unreadable is None or not len(unreadable):
                    continue
                if facts.sources is not None and facts.sources.slope == "landuse":
                    landuse_unreadable.update(int(k) for k in unreadable)
                    continue
                feedback.pushWarning(
                    tr("Layer {}: the slope grade field {} holds values that are not slope grades (whole numbers "
                       "1–5) in {} features (feature ids {}); they are left out of the slope row (cultivated "
                       "land above 15°), which may therefore be too small. Correct the field.").format(
                        layer.name, fields["slope"], len(unreadable), ids_text(layer.fids[unreadable])
                    )
                )
        if landuse_unreadable:
            lu = read[self.LANDUSE]
            positions = np.array(sorted(landuse_unreadable), dtype=np.int64)
            feedback.pushWarning(
                tr("Layer {}: the slope grade field {} holds values that are not slope grades (whole numbers 1–5) "
                   "in {} parcels under the permanent basic farmland (feature ids {}); they are left out of the "
                   "slope row (cultivated land above 15°), which may therefore be too small. "
                   "Correct the field.").format(
                    lu.name, fields["slope"], len(positions), ids_text(lu.fids[positions])
                )
            )
        pbf = result.facts.before.pbf
        for what, source in pbf.sources.items() if pbf is not None else []:
            if source == "landuse":
                feedback.pushInfo(
                    tr("The farmland's {} is taken from the land-use parcels under it (area-weighted).").format(
                        {"codes": tr("land class"), "slope": tr("slope grade"), "net": tr("deduction ratio")}[what]
                    )
                )

