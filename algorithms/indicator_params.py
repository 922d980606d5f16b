"""The parameters of planmaint:indicators (``alg_indicators``): every input, field, setting and output with its
help text, added in the order the dialog shows them. Kept apart so the algorithm stays reading, one call, writing.
"""
from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from . import indicator_data as data, indicator_settle as settle, indicator_zones as zones, report_scheme
from .core import indicators
from .i18n import tr

LANGUAGE = "LANGUAGE"
# LANGUAGE's choices: the interface's language (as before the parameter existed), Chinese, English.
LANGUAGE_CODES = (None, "zh", "en")


def add_parameters(alg):
    """Add every parameter of ``alg`` (an ``Indicators``) with its help text."""
    _add_layers(alg)
    _add_fields_and_settings(alg)
    alg.add_area_method()
    _add_outputs(alg)


def chosen_language(alg, parameters, context):
    """The language LANGUAGE asks for: "zh", "en", or None for the interface's language."""
    return LANGUAGE_CODES[alg.parameterAsEnum(parameters, LANGUAGE, context)]


def help_text():
    """The paragraph of the algorithm's help on the language and the code column."""
    return "\n\n" + tr(
        "Language (LANGUAGE): the words of the table and of the report, and the run's messages, are in the "
        "language of the QGIS interface (Auto), in Chinese (中文) or in English, so a Chinese deliverable can be "
        "made on an English desktop. The table's last column, code, names each row with a key that is the same in "
        "every language and every county (e.g. pbf_area, quota_pbf_task, udb_area_kept, area_basis): join the "
        "tables of several counties or years on it, not on the words."
    )


def _add_layers(alg):
    polygon = [QgsProcessing.TypeVectorPolygon]
    for key, label, help_text in (
        (alg.PBF, tr("Permanent basic farmland (before)"),
         tr("永久基本农田 before maintenance: parcel-level polygons, e.g. with the land-survey fields DLBM, "
            "PDJB and KCXS.")),
        (alg.PBF_AFTER, tr("Permanent basic farmland (after)"),
         tr("永久基本农田 after maintenance. Leave empty when only the current state is assessed.")),
        (alg.EPR, tr("Ecological protection red line (before)"), tr("生态保护红线 before maintenance.")),
        (alg.EPR_AFTER, tr("Ecological protection red line (after)"), tr("生态保护红线 after maintenance.")),
        (alg.UDB, tr("Urban development boundary (before)"), tr("城镇开发边界 before maintenance.")),
        (alg.UDB_AFTER, tr("Urban development boundary (after)"), tr("城镇开发边界 after maintenance.")),
        (alg.LANDUSE, tr("Land-use parcels"),
         tr("Land-survey parcels (地类图斑, DLTB) with the land-class field: for cultivated land retained, "
            "forest, ecological-function and cultivated land in the red line, and the farmland's land class "
            "and slope when its own fields lack them.")),
        (alg.HSF, tr("High-standard farmland"),
         tr("高标准农田 polygons: for the share of high-standard farmland in the permanent basic farmland.")),
        (alg.HILLY_AREAS, tr("Mountain and hill zones"),
         tr("山地丘陵地区: a farmland patch with more than half of its area inside is a fragment under 3 mu "
            "instead of 5 mu.")),
        (alg.URBAN_BASELINE, tr("Baseline urban construction land"),
         tr("Urban construction land of the base year (2020), polygons: the expansion factor is the urban "
            "development boundary's area divided by their area (inside the county when its boundary is "
            "given). Or give the baseline area as a number.")),
    ):
        alg.add(QgsProcessingParameterFeatureSource(key, label, polygon, optional=True), help_text)
    alg.add(
        QgsProcessingParameterNumber(
            alg.BASELINE_HA, tr("Baseline urban construction land (ha)"), QgsProcessingParameterNumber.Double,
            None, True, 0.0,
        ),
        tr("Instead of the baseline layer: its area in hectares (e.g. 2 302.6 ha for a factor of 1.4803 "
           "with a boundary of 3 408.77 ha)."),
    )
    alg.add(
        QgsProcessingParameterFeatureSource(
            alg.ROADS, tr("Roads"), [QgsProcessing.TypeVectorLine], optional=True
        ),
        tr("Road centre lines: the road network density (km/km²) of the central urban area."),
    )
    alg.add(
        QgsProcessingParameterFeatureSource(
            alg.PARKS, tr("Parks, green space and squares"), [QgsProcessing.TypeVectorAnyGeometry],
            optional=True,
        ),
        tr("公园绿地、广场 as polygons (or their entrances as points): the share of the central urban area "
           "within walking distance of them."),
    )
    alg.add(
        QgsProcessingParameterFeatureSource(
            alg.CENTRAL_AREA, tr("Central urban area"), polygon, optional=True
        ),
        tr("中心城区 boundary. Road density and walk coverage are measured inside it, within the urban "
           "development boundary when that is given."),
    )
    alg.add(
        QgsProcessingParameterDistance(
            alg.WALK_DISTANCE, tr("Walking distance"), indicators.DEFAULT_WALK_DISTANCE_M, alg.CENTRAL_AREA,
            False, 0.0,
        ),
        tr("Straight-line distance around the parks counted as a 5-minute walk; 300 m by default."),
    )
    zones.add_parameters(alg)


def _add_fields_and_settings(alg):
    polygon = [QgsProcessing.TypeVectorPolygon]
    alg.add(
        QgsProcessingParameterFeatureSource(alg.COUNTY, tr("County boundary"), polygon, optional=True),
        tr("The county (旗县) boundary: forest cover is forest land inside it divided by its area."),
    )
    alg.add(
        QgsProcessingParameterString(alg.DLBM_FIELD, tr("Land-class field"), "DLBM"),
        tr("Field holding the land-class code (地类编码, e.g. 0101, 0301) in the land-use parcels and, when "
           "present, in the permanent basic farmland. Codes stored as numbers or without their leading zero "
           "(101 for 0101) are read in their four-digit form, with a warning."),
    )
    alg.add(
        QgsProcessingParameterString(alg.SLOPE_FIELD, tr("Slope grade field"), "PDJB"),
        tr("Field holding the slope grade 1–5 (坡度级别; 4 and 5 are above 15°), read from the permanent "
           "basic farmland, or else from the land-use parcels under it."),
    )
    alg.add(
        QgsProcessingParameterString(alg.KCXS_FIELD, tr("Field-ridge deduction field"), "KCXS"),
        tr("Field holding the field-ridge deduction ratio (扣除系数, a fraction such as 0.061)."),
    )
    alg.add(
        QgsProcessingParameterBoolean(alg.DEDUCT_KCXS, tr("Deduct field ridges (net cultivated area)"), False),
        tr("Count cultivated land as area × (1 − KCXS): cultivated land retained, the farmland's area, shares, "
           "slope row and contiguity, cultivated land in the red line, and the protection task and cultivated "
           "land targets compared with them. The ratio comes from the farmland's own field, or else from the "
           "land-use parcels under it. The table's last row (面积口径) and the report's header say which "
           "basis was used."),
    )
    for parameter, help_text in (data.target_parameters() + data.swap_parameters() + data.category_parameters()
                                 + [settle.parameter()] + report_scheme.parameters()):
        alg.add(parameter, help_text)
    alg.add(
        QgsProcessingParameterString(alg.ECO_CODES, tr("Ecological-function land classes"),
                                     indicators.DEFAULT_ECO_CODES),
        tr("Land-class codes counted as ecological-function land (生态功能用地), separated by commas; a code "
           "also matches the classes it begins (03 = all forest land 0301–0307). Default: forest, grassland, "
           "rivers, lakes, reservoirs, flats, swamps and glaciers."),
        advanced=True,
    )
    alg.add(
        QgsProcessingParameterDistance(
            alg.MERGE_DISTANCE, tr("Merge distance"), 0.0, alg.PBF, False, 0.0
        ),
        tr("Features of one line closer than this distance join one patch when counting patches and "
           "fragments; 0: only features touching along a boundary or overlapping. No rule fixes it: the "
           "report prints it."),
    )


def _add_outputs(alg):
    alg.add(
        QgsProcessingParameterEnum(
            LANGUAGE, tr("Language of the table and the report"),
            options=[tr("Auto: the language of the QGIS interface"), "中文", "English"], defaultValue=0,
        ),
        tr("The language of the words of the indicator table (控制线, 优化导向, 具体指标, 单位 cells), of the HTML "
           "report and of the run's messages. Auto: the language QGIS shows its interface in; 中文 writes a "
           "Chinese deliverable from an English desktop, English the reverse. The column names and the code "
           "column are the same in every language."),
    )
    alg.add(
        QgsProcessingParameterFeatureSink(alg.OUTPUT, tr("Indicator table"), QgsProcessing.TypeVector),
        tr("One row per indicator with the columns 控制线, 优化导向, 具体指标, 单位, 调整前, 调整后, 变化 and code "
           "(the row's key, the same in every language and county). After and change are empty when no after "
           "state is given, or when the row cannot be computed."),
    )
    alg.add(
        QgsProcessingParameterFileDestination(
            alg.REPORT, tr("Report"), tr("HTML files (*.html)"), optional=True, createByDefault=True
        ),
        tr("HTML report: the tables laid out like the scheme, the conflicts, the parameters used and "
           "before/after maps of each line."),
    )
