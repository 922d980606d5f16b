"""planmaint:zoningupdate — 规划分区维护 (seed 五(二)): the first-level planning zones follow the maintained lines."""
import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge
from .base import PlanMaintAlgorithm, warn_if_empty
from .compat import new_field
from .core import units, zoning
from .i18n import tr

# Parameter of each zone's code, in the order of zoning.ZONES.
CODE_PARAMETERS = ("CODE_ECO_PROTECT", "CODE_ECO_CONTROL", "CODE_FARMLAND", "CODE_URBAN", "CODE_RURAL",
                   "CODE_MINING")
LINES = ("PBF", "EPR", "UDB")
LEFT_PARAMETERS = {"PBF": "PBF_LEFT_ZONE", "EPR": "EPR_LEFT_ZONE", "UDB": "UDB_LEFT_ZONE"}
LEFT_DEFAULTS = {"PBF": zoning.RURAL, "EPR": zoning.ECO_CONTROL, "UDB": zoning.RURAL}
# A left-zone rule may not give the line's own zone back: the zone would no longer equal the line after.
OWN_ZONE = {"EPR": zoning.ECO_PROTECT, "UDB": zoning.URBAN}


class ZoningUpdate(PlanMaintAlgorithm):
    ZONES = "ZONES"
    ZONE_FIELD = "ZONE_FIELD"
    MIN_AREA = "MIN_AREA"
    OUTPUT = "OUTPUT"
    TABLE = "TABLE"
    ISSUES = "ISSUES"

    def name(self):
        return "zoningupdate"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Update planning zones")

    def group(self):
        return tr("Control lines")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "controllines"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Updates the first-level planning zones (一级规划分区) after the maintenance of the three control lines "
            "(规划分区维护): 生态保护区 becomes the ecological protection red line after, 城镇发展区 the urban "
            "development boundary after, farmland that joined the permanent basic farmland becomes 农田保护区, "
            "land that left a line goes to the zone its rule names, everything else keeps its zone.\n\n"
            "Zones: the zone field holds a code per polygon; the six code parameters say which code is which "
            "zone. The defaults are the zone names themselves, since the codes of the ministry's plan-database "
            "specification could not be confirmed here: set them to your database's codes. Other values (e.g. "
            "海洋发展区) keep their zone unless a line after takes the ground.\n\n"
            "Lines: each line before and after is optional; a line not given changes nothing. Rules, the first "
            "that holds decides: 1. inside the red line after: 生态保护区; 2. inside the boundary after: "
            "城镇发展区; 3. farmland after that was not farmland before (all farmland after when the farmland "
            "before is not given): 农田保护区; 4. 生态保护区 outside the red line after: the red line's left zone "
            "(default 生态控制区); 5. 城镇发展区 outside the boundary after: the boundary's left zone (default "
            "乡村发展区); 6. 农田保护区 that left the farmland (before minus after): the farmland's left zone "
            "(default 乡村发展区). The red line comes before the boundary and the boundary before the farmland "
            "where maintained lines still overlap (they should not: settle conflicts first). Farmland that left "
            "while lying in another zone keeps that zone. Lines after reaching outside the zones cannot add "
            "ground: the area outside is named in a warning.\n\n"
            "Tiling: the zones must cover the county without overlap or gap. The input is checked: overlaps "
            "between polygons and gaps enclosed by the zones are warned about and written to Overlaps and gaps "
            "with their places; nothing is refused. Each input polygon is cut into pieces, so the zones after "
            "tile wherever the input tiles, and the areas after add up to the areas before.\n\n"
            "Outputs: Zones after: one feature per input polygon and zone after, with every input attribute, the "
            "zone field set to the new code, YFQDM (the code before), BGLX (未变 / 调整) and MJ_HA. Zone areas: "
            "each zone's area before, after and change (ha)."
        ) + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        polygon = [QgsProcessing.TypeVectorPolygon]
        self.add(QgsProcessingParameterFeatureSource(self.ZONES, tr("Planning zones"), polygon, optional=True),
                 tr("一级规划分区 polygons covering the county. Read only, never changed. Without them (a model run "
                    "for a county that keeps its zones elsewhere) the outputs are empty."))
        # Optional to Processing, so that a missing field gets the message below instead of Processing's bare
        # "incorrect parameter value"; an empty value means GHFQDM.
        self.add(QgsProcessingParameterField(self.ZONE_FIELD, tr("Zone code field"), "GHFQDM", self.ZONES,
                                             optional=True),
                 tr("The field holding each polygon's zone code (规划分区代码, GHFQDM in the plan database)."))
        for parameter, zone in zip(CODE_PARAMETERS, zoning.ZONES):
            self.add(QgsProcessingParameterString(parameter, tr("Code of {}").format(zone), zone),
                     tr("The value of the zone field that means {}. The default is the name itself: set your "
                        "database's code.").format(zone), advanced=True)
        names = {"PBF": tr("Permanent basic farmland"), "EPR": tr("Ecological protection red line"),
                 "UDB": tr("Urban development boundary")}
        for line in LINES:
            self.add(QgsProcessingParameterFeatureSource(line, tr("{} before").format(names[line]), polygon,
                                                         optional=True),
                     tr("The line before maintenance (optional). Read in the zones' CRS."))
            self.add(QgsProcessingParameterFeatureSource(f"{line}_AFTER", tr("{} after").format(names[line]),
                                                         polygon, optional=True),
                     tr("The line after maintenance (optional; without it the line changes no zone)."))
        for line in LINES:
            self.add(QgsProcessingParameterEnum(LEFT_PARAMETERS[line], tr("Zone of land that left: {}").format(
                names[line]), options=list(zoning.ZONES), defaultValue=zoning.ZONES.index(LEFT_DEFAULTS[line])),
                tr("The zone that land leaving this line gets (default {}).").format(LEFT_DEFAULTS[line]))
        self.add(QgsProcessingParameterNumber(self.MIN_AREA, tr("Minimum overlap or gap area (m²)"),
                                              QgsProcessingParameterNumber.Double, 1.0, False, 0.0),
                 tr("Overlaps and gaps of the zones smaller than this (planar m²) are digitising slivers and are "
                    "not listed; they still count in the areas."), advanced=True)
        self.add_area_method()
        # Optional outputs, made by default: a model run without zones need not name them.
        self.add(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Zones after"), QgsProcessing.TypeVectorPolygon,
                                                   optional=True, createByDefault=True),
                 tr("The zones after maintenance with every input attribute, the new code, YFQDM, BGLX and MJ_HA."))
        self.add(QgsProcessingParameterFeatureSink(self.TABLE, tr("Zone areas"), QgsProcessing.TypeVector,
                                                   optional=True, createByDefault=True),
                 tr("Each zone's area before, after and change (ha)."))
        self.add(QgsProcessingParameterFeatureSink(self.ISSUES, tr("Overlaps and gaps"),
                                                   QgsProcessing.TypeVectorPolygon, optional=True,
                                                   createByDefault=True),
                 tr("Overlaps between zone polygons and gaps enclosed by them in the input, with KIND, MJ_M2, "
                    "their place X, Y and the polygons overlapping (FIDS)."))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        steps = QgsProcessingMultiStepFeedback(len(LINES) * 2 + 3, feedback)
        source = self.source_keeping_invalid(parameters, self.ZONES, context)
        if source is None:
            return self._without_zones(parameters, context, feedback)
        label = bridge.layer_label(source, self.ZONES)
        field_name = self._zone_field(parameters, context, source, label)
        codes = [self.parameterAsString(parameters, p, context).strip() for p in CODE_PARAMETERS]
        left = self._left_zones(parameters, context)
        crs = source.sourceCrs()
        method = self.area_method(parameters, context, crs, feedback)
        bridge.warn_if_no_crs(feedback, crs, label)
        zones = bridge.read_input(self, parameters, self.ZONES, context, steps, label, passes_text=True)
        warn_if_empty(feedback, zones, self.ZONES, tr("there are no zones to update, and the outputs are empty."))
        at = zones.fields.indexOf(field_name)
        names = self._zone_names(zones.rows, at, codes)
        lines = {line: self._line(parameters, context, steps, line, crs) for line in LINES}
        bridge.check_canceled(feedback)
        steps.setCurrentStep(len(LINES) * 2 + 1)
        min_area = self.parameterAsDouble(parameters, self.MIN_AREA, context)
        issues = zoning.check_tiling(zones.geoms, min_area)
        self._warn_issues(feedback, label, zones.fids, issues)
        measure = lambda geoms: bridge.areas_m2(geoms, crs, method, context)  # noqa: E731
        inputs = zoning.ZoningInputs(zones.geoms, names, lines["PBF"], lines["EPR"], lines["UDB"], left, measure)
        plan = zoning.plan(inputs, progress=steps.setProgress)
        bridge.check_canceled(feedback)
        for line, area in plan.outside_m2.items():
            if area >= min_area:
                feedback.pushWarning(tr("The line {} after reaches {:.4f} ha outside the zones of {}: the zones "
                                        "cannot follow it there.").format(line, units.m2_to_ha(area), label))
        steps.setCurrentStep(len(LINES) * 2 + 2)
        code_of = dict(zip(zoning.ZONES, codes))
        results = {self.OUTPUT: self._write_zones(parameters, context, zones, at, plan, code_of, crs),
                   self.TABLE: self._write_table(parameters, context, plan, code_of, feedback)}
        results = {name: dest for name, dest in results.items() if dest is not None}
        issues_id = self._write_issues(parameters, context, zones.fids, issues, crs)
        if issues_id is not None:
            results[self.ISSUES] = issues_id
        bridge.check_canceled_writing(feedback)
        return results

    def _without_zones(self, parameters, context, feedback):
        """Empty outputs when no zones are given: the model passes its optional ZONES on, and a county without
        them still gets the rest of its run."""
        feedback.pushInfo(tr("No planning zones given (ZONES): there is nothing to update, and the outputs are "
                             "empty."))
        crs = next((s.sourceCrs() for s in (self.source_keeping_invalid(parameters, f"{line}_AFTER", context)
                                            for line in LINES) if s is not None), QgsCoordinateReferenceSystem())
        results = {}
        fields = QgsFields()
        for field in self._own_fields():
            fields.append(field)
        for name, kind, geometry in ((self.OUTPUT, fields, QgsWkbTypes.MultiPolygon),
                                     (self.TABLE, self._table_fields(), QgsWkbTypes.NoGeometry)):
            sink, dest = self._sink(parameters, context, name, kind, geometry, crs)
            if sink is not None:
                results[name] = dest
        return results

    def _zone_field(self, parameters, context, source, label):
        """The zone field's name, refused with the fix when the layer lacks it."""
        names = self.parameterAsFields(parameters, self.ZONE_FIELD, context)
        name = names[0] if names else "GHFQDM"
        if source.fields().indexOf(name) < 0:
            raise QgsProcessingException(
                tr("Layer {} has no field {} (the zone code field, ZONE_FIELD). Choose the field that holds the "
                   "planning zone codes; the layer's fields are: {}.").format(
                    label, name, bridge.field_list(source.fields())))
        return name

    def _left_zones(self, parameters, context):
        left = {line: zoning.ZONES[self.parameterAsEnum(parameters, p, context)] for line, p in
                LEFT_PARAMETERS.items()}
        for line, own in OWN_ZONE.items():
            if left[line] == own:
                raise QgsProcessingException(
                    tr("{} is {}: land that left the line cannot keep the line's own zone, or the zone would no "
                       "longer equal the line after. Choose another zone.").format(LEFT_PARAMETERS[line], own))
        return left

    @staticmethod
    def _zone_names(rows, at, codes):
        """The zone name of each row (one of zoning.ZONES), or the raw value where no code matches."""
        name_of = dict(zip(codes, zoning.ZONES))
        out = []
        for row in rows:
            value = row[at]
            text = "" if bridge.is_null(value) else str(value).strip()
            out.append(name_of.get(text, text))
        return out

    def _line(self, parameters, context, steps, line, crs):
        """The ``zoning.Line`` of ``line``: its layers before and after merged (None where not given)."""
        merged = []
        for k, name in enumerate((line, f"{line}_AFTER")):
            steps.setCurrentStep(1 + 2 * LINES.index(line) + k)
            source = self.source_keeping_invalid(parameters, name, context)
            if source is None:
                merged.append(None)
                continue
            layer = bridge.read_input(self, parameters, name, context, steps, bridge.layer_label(source, name),
                                      crs=crs, attributes=False)
            geoms = layer.geoms[~shapely.is_missing(layer.geoms)] if len(layer) else []
            merged.append(shapely.union_all(geoms) if len(geoms) else None)
        return zoning.Line(*merged)

    def _warn_issues(self, feedback, label, fids, issues):
        for kind in (zoning.OVERLAP, zoning.GAP):
            found = [k for k, name in enumerate(issues.kind) if name == kind]
            if not found:
                continue
            places = "; ".join(self._place(issues, k, fids) for k in found[:5])
            text = (tr("Layer {}: {} overlaps between zone polygons, {:.2f} m² in all ({}{}). The zones should not "
                       "overlap: the overlapping ground is counted in both.") if kind == zoning.OVERLAP else
                    tr("Layer {}: {} gaps enclosed by the zones, {:.2f} m² in all ({}{}). The zones should cover "
                       "the county: the gaps stay without a zone."))
            feedback.pushWarning(text.format(label, len(found), float(issues.area_m2[found].sum()), places,
                                             " …" if len(found) > 5 else ""))

    @staticmethod
    def _place(issues, k, fids):
        point = shapely.point_on_surface(issues.geoms[k])
        where = tr("at {:.1f}, {:.1f}").format(point.x, point.y)
        if issues.between[k]:
            a, b = issues.between[k]
            where += tr(" between features {} and {}").format(fids[a], fids[b])
        return where

    def _write_zones(self, parameters, context, zones, at, plan, code_of, crs):
        fields = bridge.combined_fields(zones.fields, self._own_fields())
        sink, dest = self._sink(parameters, context, self.OUTPUT, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            return None
        rows = []
        for source, zone, changed, area in zip(plan.source, plan.zone, plan.changed, plan.area_m2):
            row = list(zones.rows[source])
            before = row[at]
            if changed:
                row[at] = code_of.get(zone, zone)
            rows.append(row + [None if bridge.is_null(before) else str(before),
                               zoning.CHANGED if changed else zoning.UNCHANGED, float(units.m2_to_ha(area))])
        bridge.write_features(sink, plan.geoms, rows, None, self.OUTPUT, fields=fields)
        return dest

    @staticmethod
    def _own_fields():
        """The fields the updated zones gain: the code before, the change flag and the area."""
        return [new_field("YFQDM", QVariant.String, "string", 40), new_field("BGLX", QVariant.String, "string", 10),
                new_field("MJ_HA", QVariant.Double, "double", 20, 4)]

    @staticmethod
    def _table_fields():
        fields = QgsFields()
        for name, kind in (("FQMC", QVariant.String), ("FQDM", QVariant.String), ("TZQ_HA", QVariant.Double),
                           ("TZH_HA", QVariant.Double), ("BH_HA", QVariant.Double)):
            fields.append(new_field(name, kind))
        return fields

    def _write_table(self, parameters, context, plan, code_of, feedback):
        rows = []
        for zone, before, after, change in plan.table():
            ha = [round(float(units.m2_to_ha(v)), 6) for v in (before, after, change)]
            rows.append([zone, code_of.get(zone, zone)] + ha)
            feedback.pushInfo(tr("{}: {:.4f} ha before, {:.4f} ha after, change {:+.4f} ha.").format(zone, *ha))
        sink, dest = self._sink(parameters, context, self.TABLE, self._table_fields(), QgsWkbTypes.NoGeometry)
        if sink is not None:
            bridge.write_features(sink, np.full(len(rows), None, dtype=object), rows, None, self.TABLE)
        return dest

    def _sink(self, parameters, context, name, fields, geometry, crs=None):
        """(sink, destination) of an optional output; (None, None) when it is not asked for. An output asked for
        that cannot be made is refused."""
        sink, dest = self.parameterAsSink(parameters, name, context, fields, geometry,
                                          crs if crs is not None else QgsCoordinateReferenceSystem())
        if sink is None and parameters.get(name) is not None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        return sink, dest

    def _write_issues(self, parameters, context, fids, issues, crs):
        fields = QgsFields()
        for name, kind in (("KIND", QVariant.String), ("MJ_M2", QVariant.Double), ("X", QVariant.Double),
                           ("Y", QVariant.Double), ("FIDS", QVariant.String)):
            fields.append(new_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.ISSUES, context, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            if parameters.get(self.ISSUES) is not None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.ISSUES))
            return None
        points = shapely.point_on_surface(issues.geoms) if len(issues) else []
        rows = [[kind, float(area), point.x, point.y, ",".join(str(fids[i]) for i in pair)]
                for kind, area, point, pair in zip(issues.kind, issues.area_m2, points, issues.between)]
        bridge.write_features(sink, issues.geoms, rows, None, self.ISSUES)
        return dest
