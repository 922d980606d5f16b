"""What planmaint:indicators reads from its layers, and what it tells about them.

The farmland's and the land use's attribute fields become the core's typed inputs (``Farmland``,
``LandUse``); what they lack, and what the assessment found about the data (``indicator_facts.findings``),
become warnings naming the layers, their fields and what to do.
"""
from dataclasses import dataclass

from qgis.core import QgsProcessingException, QgsProcessingParameterNumber

from . import bridge, landclass
from .base import empty_input_warning
from .core import (
    indicator_facts as facts,
    indicator_inputs as inputs,
    indicator_quotas as quotas,
    indicators,
    landcodes,
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


def field_values(layer, settings):
    """The ``FieldValues`` of a read layer; its deduction ratio only when field ridges are deducted."""
    fields = settings.fields
    kcxs = column(layer, fields.kcxs) if settings.deduct else None
    return FieldValues(column(layer, fields.dlbm), column(layer, fields.slope), kcxs)


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


def assessment_inputs(read, values, landuse, settings, context, notes):
    """The core's ``Lines`` before and after maintenance and their ``Context``, from the read layers
    ({parameter: read layer or None}), the ``FieldValues`` of the farmland's layers and the core's LandUse."""

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
        landuse=landuse,
        hsf=geoms("HSF"),
        hilly=geoms("HILLY_AREAS"),
        county=geoms("COUNTY"),
        baseline=geoms("URBAN_BASELINE"),
        baseline_m2=None if settings.baseline_ha is None else units.convert(settings.baseline_ha, "ha", "m2"),
        roads=geoms("ROADS"),
        parks=geoms("PARKS"),
        central=geoms("CENTRAL_AREA"),
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
