"""What planmaint:indicators reads from its layers, and what it tells about them.

The farmland's and the land use's attribute fields become the core's typed inputs (``Farmland``,
``LandUse``); what they lack, and what the assessment found about the data (``indicator_facts.findings``),
become warnings naming the layers, their fields and what to do.
"""
from dataclasses import dataclass

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
)

from . import bridge, landclass
from .base import empty_input_warning
from .core import (
    indicator_conflicts,
    indicator_facts as facts,
    indicator_inputs as inputs,
    indicator_quotas as quotas,
    indicators,
    landcodes,
    swap_categories,
    units,
)
from .i18n import tr


@dataclass(frozen=True)
class FieldNames:
    """The attribute fields read: land-class code, slope grade and field-ridge deduction ratio."""

    dlbm: str
    slope: str
    kcxs: str

    def all(self):
        return [self.dlbm, self.slope, self.kcxs]


@dataclass(frozen=True)
class FieldValues:
    """The values of those fields in one read layer (None for NULL), each None when the layer lacks the field
    (the deduction ratio also when it is not deducted)."""

    dlbm: list
    slope: list
    kcxs: list


@dataclass
class Settings:
    """The settings of one run, as the parameters give them (``eco_text`` as typed, ``eco_codes`` read)."""

    fields: FieldNames
    deduct: bool
    merge_distance: float
    walk_distance: float
    eco_text: str
    eco_codes: tuple
    baseline_ha: float = None
    method: int = None  # the area method (bridge.AREA_PLANAR or bridge.AREA_ELLIPSOIDAL)
    crs: object = None  # the CRS every layer is compared in
    targets: quotas.Targets = None  # the binding targets to check


def column(layer, name):
    """Values of field ``name`` of a read layer (None for NULL); None when the layer has no such field."""
    index = layer.fields.lookupField(name) if name else -1
    if index < 0:
        return None
    return [None if bridge.is_null(row[index]) else row[index] for row in layer.rows]


# The farmland swapped out and in (e.g. planmaint:edgeswap's SWAPPED_OUT and SWAPPED_IN): the first holds
# pieces of the farmland (PDJB), the second pieces of land-use parcels, whose slope field is often GDPDJB.
SWAP_INPUTS = ("PBF_SWAPPED_OUT", "PBF_SWAPPED_IN")
SLOPE_FALLBACK_FIELD = "GDPDJB"


# The pieces swapped out of and into the red line and the boundary (planmaint:edgeswap's SWAPPED_OUT and
# SWAPPED_IN): only their category (TZYY) is read, for the report's swaps by category.
CATEGORY_INPUTS = ("EPR_SWAPPED_OUT", "EPR_SWAPPED_IN", "UDB_SWAPPED_OUT", "UDB_SWAPPED_IN")
# Every layer of swapped pieces with its line and direction.
SWAP_PIECES = {key: (key.split("_")[0], "out" if key.endswith("OUT") else "in")
               for key in SWAP_INPUTS + CATEGORY_INPUTS}
REASON_FIELD = "TZYY"


def read_fields(key, settings):
    """The attribute fields read from input ``key``: the swapped farmland's also the fallback slope field and its
    category (TZYY); the red line's and boundary's swapped pieces only their category."""
    if key in CATEGORY_INPUTS:
        return [REASON_FIELD]
    if key == "SETTLEMENT":  # the settled overlaps of Control-line conflicts (indicator_settle)
        return list(indicator_conflicts.FIELDS)
    return settings.fields.all() + ([SLOPE_FALLBACK_FIELD, REASON_FIELD] if key in SWAP_INPUTS else [])


def slope_field_of(layer, key, settings):
    """The slope grade field read from input ``key``: SLOPE_FIELD, or for the swapped farmland GDPDJB when
    SLOPE_FIELD is missing or empty in every feature and GDPDJB is there."""
    name = settings.fields.slope
    if key in SWAP_INPUTS and not any(v is not None and str(v).strip() for v in column(layer, name) or []):
        if layer.fields.lookupField(SLOPE_FALLBACK_FIELD) >= 0:
            return SLOPE_FALLBACK_FIELD
    return name


def field_values(layer, settings, key=None):
    """The ``FieldValues`` of a read layer (input ``key``); its deduction ratio only when field ridges are
    deducted."""
    fields = settings.fields
    kcxs = column(layer, fields.kcxs) if settings.deduct else None
    return FieldValues(column(layer, fields.dlbm), column(layer, slope_field_of(layer, key, settings)), kcxs)


def swap_parameters():
    """(parameter, help text) of the two optional layers of the farmland swapped out and in."""
    polygon = [QgsProcessing.TypeVectorPolygon]
    basis = tr(" Its slope grade comes from SLOPE_FIELD (or GDPDJB), or else from the land-use parcels under it; "
               "with field ridges deducted (DEDUCT_KCXS) its areas are net, like the farmland's shares.")
    specs = (
        ("PBF_SWAPPED_OUT", tr("Farmland swapped out"),
         tr("调出地块: the pieces that left the permanent basic farmland, e.g. SWAPPED_OUT of Edge swap with "
            "area balance (planmaint:edgeswap). With the land swapped in, the table compares their quality: mean "
            "slope grade and, with the high-standard farmland layer, its share; this land fills the before column "
            "(调整前) of those rows.") + basis),
        ("PBF_SWAPPED_IN", tr("Farmland swapped in"),
         tr("调入地块: the pieces that joined the permanent basic farmland, e.g. SWAPPED_IN of Edge swap with "
            "area balance (planmaint:edgeswap). Give it with the land swapped out; it fills the after column "
            "(调整后) of the quality rows.") + basis),
    )
    return [(QgsProcessingParameterFeatureSource(key, label, polygon, optional=True), help_text)
            for key, label, help_text in specs]


def category_parameters():
    """(parameter, help text) of the optional layers of the red line's and the boundary's swapped pieces."""
    polygon = [QgsProcessing.TypeVectorPolygon]
    report = tr(" The report lists its area by category (TZYY); nothing in the table changes.")
    specs = (
        ("EPR_SWAPPED_OUT", tr("Red line swapped out"),
         tr("The pieces that left the ecological protection red line, e.g. SWAPPED_OUT of Edge swap with area "
            "balance run on the red line.")),
        ("EPR_SWAPPED_IN", tr("Red line swapped in"),
         tr("The pieces that joined the ecological protection red line, e.g. SWAPPED_IN of Edge swap with area "
            "balance run on the red line.")),
        ("UDB_SWAPPED_OUT", tr("Boundary swapped out"),
         tr("The pieces that left the urban development boundary, e.g. SWAPPED_OUT of Edge swap with area balance "
            "run on the boundary.")),
        ("UDB_SWAPPED_IN", tr("Boundary swapped in"),
         tr("The pieces that joined the urban development boundary, e.g. SWAPPED_IN of Edge swap with area "
            "balance run on the boundary.")),
    )
    return [(QgsProcessingParameterFeatureSource(key, label, polygon, optional=True), help_text + report)
            for key, label, help_text in specs]


def category_help():
    """The paragraph of the tool's help on the report's swaps by category (调入调出分类)."""
    return "\n\n" + tr(
        "Swaps by category (调入调出分类, report only): for each line whose pieces swapped out or in are given "
        "(PBF_SWAPPED_OUT / PBF_SWAPPED_IN, EPR_SWAPPED_OUT / EPR_SWAPPED_IN, UDB_SWAPPED_OUT / UDB_SWAPPED_IN, "
        "e.g. SWAPPED_OUT and SWAPPED_IN of Edge swap with area balance), the report lists every category of that "
        "line and direction (the swap-out reasons and the swap-in categories of Swap-out candidates by reason and "
        "Edge swap with area balance) with its area in hectares, measured from the geometry with the area method, "
        "and 0 with no piece (无) for a category with none; pieces whose TZYY is none of them (e.g. 矛盾冲突调出, a "
        "technician's own words) are listed under their own words. The indicator table does not change."
    )


def swap_pieces(read, notes):
    """The core's ``SwapPieces`` of every layer of swapped pieces given ({parameter: read layer or None}); a
    layer without a TZYY field is named in ``notes`` (its pieces are listed as having no category)."""
    out = []
    for key, (line, direction) in SWAP_PIECES.items():
        layer = read.get(key)
        if layer is None:
            continue
        reasons = column(layer, REASON_FIELD)
        if reasons is None:
            notes.warn(tr("Layer {} ({}) has no field {}: its pieces are listed without a category in the report's "
                          "swaps by category. Give the SWAPPED_OUT or SWAPPED_IN output of Edge swap with area "
                          "balance, or add the field with each piece's category.").format(
                layer.name, key, REASON_FIELD))
            reasons = [None] * len(layer)
        out.append(swap_categories.SwapPieces(line, direction, layer.geoms, reasons))
    return out


def swap_help():
    """The paragraph of the tool's help on the quality of the farmland swapped out and in."""
    return "\n\n" + tr(
        "Quality of the farmland swapped out and in (质量有提升, optional): give the pieces that left the "
        "farmland (PBF_SWAPPED_OUT) and those that joined it (PBF_SWAPPED_IN), e.g. the outputs SWAPPED_OUT "
        "and SWAPPED_IN of Edge swap with area balance. The farmland's quality rows then get the area-weighted "
        "mean slope grade (平均坡度级别（调出地块→调入地块）) and, with the high-standard farmland layer, the "
        "high-standard share (高标准农田占比（调出地块→调入地块）): the before column (调整前) holds the land "
        "swapped out, the after column (调整后) the land swapped in, the change is in minus out. A last row, "
        "调入耕地质量不低于调出, says met (达标) when the mean slope grade swapped in is at most the one swapped "
        "out and the share swapped in at least the one swapped out (compared as printed, 2 decimals), or not "
        "met (未达标), with the margin of each. The slope grade comes from the layers' slope field (SLOPE_FIELD, "
        "or GDPDJB), or else from the land-use parcels under them; values that are no grade 1–5 are left out, "
        "and pieces of one layer that overlap count once. With field ridges deducted, both are on net area, "
        "like the farmland's other shares. Without the two layers the rows are absent."
    )


def eco_help():
    """The paragraph of the tool's help on the red line's ecological function (生态功能不降低)."""
    return "\n\n" + tr(
        "Ecological function not lower (生态功能不降低): when the red line is given before and after maintenance "
        "with the land-use parcels, a row after its ecological-function land says met (达标) when that land "
        "after maintenance is at least the land before, or not met (未达标) when it fell, with the margin "
        "(after minus before, km², compared as printed to 4 decimals). Without the red line after it the row is "
        "absent. Edge swap with area balance keeps that land in the line with its PROTECTED expression."
    )


def udb_help():
    """The paragraph of the tool's help on the boundary's scale and increment and its two verdicts (总量不突破)."""
    return "\n\n" + tr(
        "Boundary scale and increment (城镇开发边界规模与增量): with the urban development boundary, a row gives its "
        "area (规模) and its increment (增量: the area minus the baseline urban construction land, URBAN_BASELINE or "
        "BASELINE_HA) in hectares; the table's numbers are the increment, the report prints \"scale / increment\", "
        "and \"-\" without a baseline. With the boundary after maintenance (UDB_AFTER), two rows follow: total area "
        "not increasing (城镇开发边界总面积不增加) and expansion factor not increasing (城镇开发边界扩展倍数不增加), "
        "each met (达标) when the value after is at most the value before, compared as printed (4 decimals), or "
        "not met (未达标), with the margin; not checked (无法核算) when a value is missing (the factor needs the "
        "baseline)."
    )


def check_swap_pair(alg, parameters, context):
    """Stop when only one of the layers swapped out and in is given: the quality compares the two."""
    given = [key for key in SWAP_INPUTS if alg.parameterAsSource(parameters, key, context) is not None]
    if len(given) == 1:
        missing = SWAP_INPUTS[1 - SWAP_INPUTS.index(given[0])]
        raise QgsProcessingException(
            tr("{} is given without {}: the quality of the farmland swapped in is compared with that of the "
               "farmland swapped out, so give both layers (e.g. SWAPPED_IN and SWAPPED_OUT of Edge swap with "
               "area balance), or neither.").format(given[0], missing)
        )


# --- the binding targets -------------------------------------------------------------------------------

# The target parameters in the order of ``quotas.QUOTAS``.
TARGET_PARAMETERS = ("PBF_TASK_HA", "CULTIVATED_TARGET_HA", "FOREST_TARGET_HA")


def target_parameters():
    """(parameter, help text) of the three optional targets, in hectares (0 or empty: no target)."""
    basis = tr(" On the table's basis: net of field ridges when they are deducted (DEDUCT_KCXS), else the map "
               "area. 0 or empty: no target.")
    specs = (
        (tr("Permanent basic farmland protection task (ha)"),
         tr("永久基本农田保护任务 set by the higher-level plan, in hectares (e.g. 54 188.01). Compared with the "
            "farmland's area after maintenance (PBF_AFTER), or before it when no after state is given; the "
            "table gets a row saying met (达标) or not met (未达标), with the margin.") + basis),
        (tr("Cultivated land to retain (ha)"),
         tr("耕地保有量 target in hectares. Compared with the cultivated land (0101, 0102, 0103) of the land-use "
            "parcels (LANDUSE), which maintenance does not change.") + basis),
        (tr("Forest land to retain (ha)"),
         tr("林地保有量 target in hectares. Compared with the forest land (03xx) of the land-use parcels "
            "(LANDUSE), inside the county boundary when it is given. Always the map area: field ridges are "
            "deducted from cultivated land only. 0 or empty: no target.")),
    )
    return [
        (QgsProcessingParameterNumber(key, label, QgsProcessingParameterNumber.Double, None, True, 0.0), help_text)
        for key, (label, help_text) in zip(TARGET_PARAMETERS, specs)
    ]


def read_targets(alg, parameters, context):
    """The run's ``quotas.Targets``: 0 and an empty parameter mean no target."""
    values = [alg.parameterAsDouble(parameters, key, context) if parameters.get(key) not in (None, "") else None
              for key in TARGET_PARAMETERS]
    return quotas.Targets.of(*values)


def warn_targets_without_data(notes, targets, read):
    """Name every target given without the layer its value comes from: its row says it was not checked."""
    if targets is None:
        return
    sources = {"pbf_task": ("PBF", "PBF_AFTER"), "cultivated_target": ("LANDUSE",), "forest_target": ("LANDUSE",)}
    names = dict(zip((rule.key for rule in quotas.QUOTAS), TARGET_PARAMETERS))
    for rule in targets.given():
        if all(read.get(key) is None for key in sources[rule.key]):
            notes.warn(tr("{} is given but {} is not: the target is not checked. Give the layer, or leave the "
                          "target empty.").format(names[rule.key], sources[rule.key][0]))


class Notes:
    """Warnings about the input data: pushed to the log as found, and kept for the report."""

    def __init__(self, feedback):
        self.feedback = feedback
        self.texts = []

    def warn(self, text):
        if text:
            self.feedback.pushWarning(text)
            self.texts.append(text)


def field_names(layer):
    return [f.name() for f in layer.fields]


def missing_field_error(layer, name, purpose, parameter):
    return QgsProcessingException(
        tr("Layer {} has no field {} ({}). Its fields are: {}. "
           "Set the parameter {} to the field that holds it.").format(
            layer.name, name, purpose, ", ".join(field_names(layer)) or tr("(none)"), parameter
        )
    )


# --- the attributes as the core's inputs ---------------------------------------------------------------


def read_codes(layer, values, field_name, notes):
    """The land-class codes of a layer's field in their four-digit form; what was changed goes to ``notes``."""
    found = landcodes.normalise_codes(values)
    notes.warn(landclass.normalised_warning(layer.name, field_name, found))
    return found.codes


def net_factors(layer, values, field_name):
    """1 − KCXS per feature of ``layer``; stops on a ratio that is no fraction between 0 and 1."""
    net, bad = indicators.net_factors(values)
    if len(bad):
        raise QgsProcessingException(
            tr("Layer {}: field {} must hold a deduction ratio between 0 and 1 (e.g. 0.061); features {}{} "
               "do not. Correct them or turn the field-ridge deduction off.").format(
                layer.name, field_name, bridge.id_list(layer.fids[bad]), ""
            )
        )
    return net


def farmland_of(layer, columns, settings, notes):
    """The core's Farmland from a read PBF layer, with whichever attributes its own fields give.

    ``columns``: the ``FieldValues`` of the layer.
    """
    fields = settings.fields
    codes = read_codes(layer, columns.dlbm, fields.dlbm, notes) if columns.dlbm is not None else None
    codes = inputs.land_classes_of_field(codes)
    grades, unreadable = inputs.slope_grades_of_field(columns.slope)
    net = net_factors(layer, columns.kcxs, fields.kcxs) if columns.kcxs is not None else None
    return indicators.Farmland(geoms=layer.geoms, codes=codes, slope=grades, net=net, slope_unreadable=unreadable)


def landuse_of(layer, columns, settings, notes):
    """The core's LandUse from the read land-use layer (``columns`` as for ``farmland_of``); its land-class
    field is required, and its deduction ratio when deducting."""
    fields = settings.fields
    if columns.dlbm is None:
        raise missing_field_error(layer, fields.dlbm, tr("land-class code"), "DLBM_FIELD")
    grades, unreadable = inputs.slope_grades_of_field(columns.slope)
    net = None
    if settings.deduct:
        if columns.kcxs is None:
            raise missing_field_error(layer, fields.kcxs, tr("field-ridge deduction ratio"), "KCXS_FIELD")
        net = net_factors(layer, columns.kcxs, fields.kcxs)
    return indicators.LandUse(
        geoms=layer.geoms, codes=read_codes(layer, columns.dlbm, fields.dlbm, notes), slope=grades, net=net,
        slope_unreadable=unreadable,
    )


def check_deduction_source(pbf, layer, landuse, settings):
    """Stop when field ridges are to be deducted and nothing gives the farmland's ratio."""
    if settings.deduct and inputs.lacks_deduction_ratio(pbf, landuse):
        raise QgsProcessingException(
            tr("Layer {} has no field {} (field-ridge deduction ratio) and no land-use parcels are given to "
               "take it from. Its fields are: {}. Set KCXS_FIELD, give LANDUSE, or turn the deduction "
               "off.").format(layer.name, settings.fields.kcxs, ", ".join(field_names(layer)))
        )


def assessment_inputs(read, values, landuse, settings, context, notes, unsuitable=None):
    """The core's ``Lines`` before and after maintenance and their ``Context``, from the read layers
    ({parameter: read layer or None}), the ``FieldValues`` of the farmland's layers, the core's LandUse and the
    polygons of the unsuitable areas (None when not given)."""

    def farmland(key):
        layer = read[key]
        if layer is None:
            return None
        pbf = farmland_of(layer, values[key], settings, notes)
        check_deduction_source(pbf, layer, landuse, settings)
        return pbf

    def geoms(key):
        return None if read[key] is None else read[key].geoms

    before = indicators.Lines(pbf=farmland("PBF"), epr=geoms("EPR"), udb=geoms("UDB"))
    after = indicators.Lines(pbf=farmland("PBF_AFTER"), epr=geoms("EPR_AFTER"), udb=geoms("UDB_AFTER"))
    crs, method = settings.crs, settings.method
    ctx = indicators.Context(
        pbf_swapped_out=farmland("PBF_SWAPPED_OUT"),
        pbf_swapped_in=farmland("PBF_SWAPPED_IN"),
        landuse=landuse,
        hsf=geoms("HSF"),
        hilly=geoms("HILLY_AREAS"),
        county=geoms("COUNTY"),
        baseline=geoms("URBAN_BASELINE"),
        baseline_m2=None if settings.baseline_ha is None else units.convert(settings.baseline_ha, "ha", "m2"),
        roads=geoms("ROADS"),
        parks=geoms("PARKS"),
        central=geoms("CENTRAL_AREA"),
        zones=indicators.PlanningZones(approved=geoms("APPROVED_ZONES"), directions=geoms("DIRECTIONS"),
                                       unsuitable=unsuitable),
        measure=lambda g: bridge.areas_m2(g, crs, method, context),
        measure_length=lambda g: bridge.lengths_m(g, crs, method, context),
        merge_distance=settings.merge_distance,
        deduct_kcxs=settings.deduct,
        eco_codes=settings.eco_codes,
        walk_distance=settings.walk_distance,
        targets=settings.targets,
    )
    return before, after, ctx


# --- warnings ------------------------------------------------------------------------------------------

def warn_empty(notes, read):
    """Name every line (and the land use) given without a single feature: its rows are left empty."""
    what = {
        "PBF": tr("permanent basic farmland before maintenance"),
        "PBF_AFTER": tr("permanent basic farmland after maintenance"),
        "EPR": tr("ecological red line before maintenance"),
        "EPR_AFTER": tr("ecological red line after maintenance"),
        "UDB": tr("urban development boundary before maintenance"),
        "UDB_AFTER": tr("urban development boundary after maintenance"),
        "LANDUSE": tr("land-use parcels"),
        "PBF_SWAPPED_OUT": tr("farmland swapped out"),
        "PBF_SWAPPED_IN": tr("farmland swapped in"),
        "APPROVED_ZONES": tr("approved development zones"),
        "DIRECTIONS": tr("main development directions"),
    }
    for key, label in what.items():
        if read.get(key) is not None:
            consequence = tr("the rows computed from the {} are left empty rather than shown as 0.").format(label)
            notes.warn(empty_input_warning(read[key], key, consequence))


def lacks(layer, name, purpose):
    """Why ``layer`` gives no ``purpose`` from field ``name``: it has no such field, or the field is empty."""
    if layer.fields.lookupField(name) < 0:
        return tr("Layer {} has no {} field {}; its fields are: {}.").format(
            layer.name, purpose, name, ", ".join(field_names(layer)) or tr("(none)")
        )
    return tr("Layer {}: the {} field {} is empty in every feature.").format(layer.name, purpose, name)


def warn_missing_attributes(feedback, read, states, landuse, fields):
    """Say, once per farmland layer, which rows will stay empty, what each layer lacks and what would fill them.

    ``read``: {parameter: read layer or None}; ``states``: the ``Lines`` before and after maintenance;
    ``landuse``: the core's LandUse, or None.
    """
    landuse_layer = read["LANDUSE"]
    for lines, key in zip(states, ("PBF", "PBF_AFTER")):
        if lines.pbf is None:
            continue
        layer = read[key]
        missing = inputs.attributes_without_source(lines.pbf, landuse)
        if "slope" in missing:
            parts = [lacks(layer, fields.slope, tr("slope grade"))]
            parts.append(lacks(landuse_layer, fields.slope, tr("slope grade")) if landuse_layer is not None
                         else tr("No land-use parcels are given to take it from."))
            parts.append(tr("The slope row (cultivated land above 15°) stays empty: set SLOPE_FIELD to the "
                            "field holding the slope grade (1–5), or give LANDUSE with it."))
            feedback.pushWarning(" ".join(parts))
        if "codes" in missing:
            feedback.pushWarning(" ".join([
                lacks(layer, fields.dlbm, tr("land-class code")),
                tr("No land-use parcels are given to take it from. The paddy and irrigated share stays "
                   "empty: set DLBM_FIELD to the field holding the land-class code, or give LANDUSE."),
            ]))


def tell_swaps(swaps, read, settings, notes):
    """Name what leaves the quality of the farmland swapped out and in (``indicator_swaps.SwapQuality``, or
    None) incomplete: a layer with no slope grade anywhere, and slope values that are no grade."""
    if swaps is None:
        return
    for key, side in zip(SWAP_INPUTS, (swaps.left, swaps.joined)):
        layer = read[key]
        field = slope_field_of(layer, key, settings)
        if side.slope_source is None and len(layer):
            landuse = read["LANDUSE"]
            notes.warn(" ".join([
                lacks(layer, field, tr("slope grade")),
                lacks(landuse, settings.fields.slope, tr("slope grade")) if landuse is not None
                else tr("No land-use parcels are given to take it from."),
                tr("The mean slope grade of the farmland swapped out and in stays empty and their quality is not "
                   "checked: set SLOPE_FIELD to the field holding the slope grade (1–5; GDPDJB is tried when it is "
                   "missing), or give LANDUSE with it."),
            ]))
        unreadable = side.slope_unreadable
        if not len(unreadable):
            continue
        if side.slope_source == indicators.LANDUSE:
            landuse = read["LANDUSE"]
            notes.warn(tr("Layer {}: the slope grade field {} holds values that are not slope grades (whole "
                          "numbers 1–5) in {} parcels under layer {} (feature ids {}); they are left out of its "
                          "mean slope grade. Correct the field.").format(
                landuse.name, settings.fields.slope, len(unreadable), layer.name,
                bridge.id_list(landuse.fids[unreadable])))
        else:
            notes.warn(tr("Layer {}: the slope grade field {} holds values that are not slope grades (whole "
                          "numbers 1–5) in {} features (feature ids {}); they are left out of its mean slope "
                          "grade. Correct the field.").format(
                layer.name, field, len(unreadable), bridge.id_list(layer.fids[unreadable])))


# --- the findings of the assessment --------------------------------------------------------------------


def finding_input(finding):
    """The parameter of the layer a finding (``indicator_facts.findings``) is about; None for none."""
    after = "_AFTER" if getattr(finding, "state", "before") == "after" else ""
    if isinstance(finding, (facts.LandUseOverlaps, facts.UnreadableLandUseSlopes)):
        return "LANDUSE"
    if isinstance(finding, facts.OverlappingFeatures):
        return finding.line + after
    if isinstance(finding, facts.UnreadableSlopes):
        return "PBF" + after
    if isinstance(finding, facts.UnmatchedClass):
        return {"LANDUSE": "LANDUSE", "before": "PBF", "after": "PBF_AFTER"}[finding.source]
    return None


def finding_text(finding, layer, fields, lang, ids):
    """The words of a finding about ``layer`` (the read layer of ``finding_input``); ``ids``: the text of
    the feature ids it names."""
    if isinstance(finding, facts.LandUseOverlaps):
        return tr("Layer {}: {} land-use parcels overlap earlier ones (feature ids {}); their common ground "
                  "is counted once, for the first parcel. Land-survey parcels should not overlap: check "
                  "the layer.").format(layer.name, finding.later, ids)
    if isinstance(finding, facts.OverlappingFeatures):
        states = {"before": tr("before maintenance"), "after": tr("after maintenance")}
        lines = {"PBF": tr("permanent basic farmland"), "EPR": tr("ecological red line"),
                 "UDB": tr("urban development boundary")}
        return tr("Layer {} ({} {}): features overlap each other in {} patches (feature ids {}); every "
                  "area counts the overlapping ground once, for the first of the overlapping features. "
                  "A control line's features should not overlap: delete the duplicates or remove the "
                  "overlaps (e.g. with Delete duplicate geometries).").format(
            layer.name, lines[finding.line], states[finding.state], finding.patches, ids)
    if isinstance(finding, facts.UnreadableSlopes):
        return tr("Layer {}: the slope grade field {} holds values that are not slope grades (whole numbers "
                  "1–5) in {} features (feature ids {}); they are left out of the slope row (cultivated "
                  "land above 15°), which may therefore be too small. Correct the field.").format(
            layer.name, fields.slope, len(finding.positions), ids)
    if isinstance(finding, facts.UnreadableLandUseSlopes):
        return tr("Layer {}: the slope grade field {} holds values that are not slope grades (whole numbers 1–5) "
                  "in {} parcels under the permanent basic farmland (feature ids {}); they are left out of the "
                  "slope row (cultivated land above 15°), which may therefore be too small. "
                  "Correct the field.").format(layer.name, fields.slope, len(finding.positions), ids)
    if isinstance(finding, facts.AttributeFromLandUse):
        return tr("The farmland's {} is taken from the land-use parcels under it (area-weighted).").format(
            {"codes": tr("land class"), "slope": tr("slope grade"), "net": tr("deduction ratio")}[finding.attribute]
        )
    return unmatched_text(finding, layer, fields, lang)


def tell_findings(found, read, fields, lang, notes):
    """Tell the core's findings about the data (``indicator_facts.findings``) in the log; the unmatched
    classes also go to the report's notes. ``read``: {parameter: read layer or None}."""
    for finding in found:
        key = finding_input(finding)
        layer = read[key] if key is not None else None
        ids = None
        if isinstance(finding, facts.LandUseOverlaps):
            ids = bridge.id_list(sorted({int(f) for f in layer.fids[finding.positions]}))  # listed by id
        elif getattr(finding, "positions", None) is not None:
            ids = bridge.id_list(layer.fids[finding.positions])
        text = finding_text(finding, layer, fields, lang, ids)
        if isinstance(finding, facts.UnmatchedClass):
            notes.warn(text)
        elif isinstance(finding, facts.AttributeFromLandUse):
            notes.feedback.pushInfo(text)
        else:
            notes.feedback.pushWarning(text)


def unmatched_text(unmatched, layer, fields, lang):
    """Name the rows that are 0 (or empty) because no land-class code matched their class (``UnmatchedClass``)."""
    classes = {"cultivated": tr("cultivated land"), "forest": tr("forest land"),
               "eco": tr("ecological-function land")}
    rows = ", ".join(indicators.row_cells(indicators.ROW_BY_KEY[k], lang)[2] for k in unmatched.rows)
    if unmatched.source == "LANDUSE":
        text = tr("Layer {}: no feature has a land-class code of {} ({}) in field {}, so these rows are 0: "
                  "{}. Check that DLBM_FIELD names the field holding the land-class codes of GB/T 21010 "
                  "(e.g. 0101){}.")
    else:
        text = tr("Layer {}: no feature has a land-class code of {} ({}) in field {}, so this row is "
                  "empty: {}. Check that DLBM_FIELD names the field holding the land-class codes of GB/T "
                  "21010 (e.g. 0101){}.")
    eco = tr(" and that ECO_CODES lists the classes wanted") if unmatched.land_class == "eco" else ""
    return text.format(layer.name, classes[unmatched.land_class], ", ".join(unmatched.prefixes), fields.dlbm, rows, eco)
