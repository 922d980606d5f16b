"""planmaint:conflictcheck — 三线冲突检查: where two control lines cover the same ground."""
import numpy as np
from qgis.core import (
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge, conflictcheck_settle, styles
from .base import PlanMaintAlgorithm, warn_if_empty
from .compat import new_field
from .core import conflicts, settlement, units
from .i18n import tr

# The GeoPackage writer takes the output field called fid as the feature id, which must be unique; one
# input feature can give several overlap polygons, so that column is left empty (the writer numbers the
# polygons). The other lines' fid columns (fid_2, fid_3) are plain attributes and keep their values. The fid
# column goes first (bridge.feature_id_first): placed after KIND, MJ_MU and MJ_HA, QGIS 3.22's writer shifted every
# value before it by one column (KIND got the area in mu).


class ConflictCheck(PlanMaintAlgorithm):
    PBF = "PBF"
    EPR = "EPR"
    UDB = "UDB"
    MIN_AREA = "MIN_AREA"
    OUTPUT = "OUTPUT"
    OUTPUT_NUMBERS = {pair: f"{conflicts.pair_key(pair)}_HA" for pair in conflicts.PAIRS}

    def name(self):
        return "conflictcheck"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Control-line conflicts")

    def group(self):
        return tr("Assessment")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "assessment"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Finds where the three control lines overlap (三线冲突): permanent basic farmland and the ecological "
            "protection red line, permanent basic farmland and the urban development boundary, the red line "
            "and the boundary. The three lines must neither cross nor overlap (三条控制线不交叉不重叠); every "
            "overlap must be removed or explained.\n\n"
            "Give at least two of the three lines. Each feature of one line is intersected with each feature "
            "of the other that it overlaps; the overlap is split into single polygons, and polygons under the "
            "minimum area are digitising slivers and are dropped. Where features of one line overlap each "
            "other (a duplicated parcel), their common ground is counted once, for the first of them, and the "
            "features are named in a warning.\n\n"
            "Output: one polygon per overlap, with KIND (e.g. 永久基本农田∩生态保护红线), its area MJ_MU (mu) and "
            "MJ_HA (ha), followed by the attributes of the features of both lines it lies in (fields of the "
            "other lines stay empty; a field name already taken gets a suffix _2, _3). The totals per pair "
            "(PBF_EPR_HA, PBF_UDB_HA, EPR_UDB_HA) are the sums of the polygons, so they match the map."
        ) + "\n\n" + conflictcheck_settle.help_text() + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        polygon = [QgsProcessing.TypeVectorPolygon]
        self.add(
            QgsProcessingParameterFeatureSource(self.PBF, tr("Permanent basic farmland"), polygon, optional=True),
            tr("永久基本农田 polygons (parcel-level or dissolved)."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.EPR, tr("Ecological protection red line"), polygon, optional=True
            ),
            tr("生态保护红线 polygons."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.UDB, tr("Urban development boundary"), polygon, optional=True
            ),
            tr("城镇开发边界 polygons."),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.MIN_AREA, tr("Minimum overlap area (m²)"), QgsProcessingParameterNumber.Double,
                conflicts.DEFAULT_MIN_AREA_M2, False, 0.0,
            ),
            tr("Overlap polygons smaller than this (square metres) are slivers of digitising and are ignored; "
               "0 keeps every polygon with an area."),
        )
        conflictcheck_settle.add_parameters(self)
        self.add_area_method()
        self.add(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Overlaps"), QgsProcessing.TypeVectorPolygon
            ),
            tr("One polygon per overlap with KIND, MJ_MU, MJ_HA and the attributes of the overlapping features."),
        )
        labels = {
            ("PBF", "EPR"): tr("Farmland in the red line (ha)"),
            ("PBF", "UDB"): tr("Farmland in the urban boundary (ha)"),
            ("EPR", "UDB"): tr("Red line in the urban boundary (ha)"),
        }
        for pair, key in self.OUTPUT_NUMBERS.items():
            self.addOutput(QgsProcessingOutputNumber(key, labels[pair]))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        sources = {
            name: self.source_keeping_invalid(parameters, name, context) for name in conflicts.LINES
        }
        given = [name for name in conflicts.LINES if sources[name] is not None]
        if len(given) < 2:
            raise QgsProcessingException(
                tr("Give at least two of the lines PBF, EPR and UDB to check their overlaps (given: {}).").format(
                    ", ".join(given) or tr("none")
                )
            )
        min_area = self.parameterAsDouble(parameters, self.MIN_AREA, context)
        crs = sources[given[0]].sourceCrs()
        method = self.area_method(parameters, context, crs, feedback)
        measure = lambda geoms: bridge.areas_m2(geoms, crs, method, context)  # noqa: E731

        steps = QgsProcessingMultiStepFeedback(len(given) + 2, feedback)
        layers = {}
        for k, name in enumerate(given):
            steps.setCurrentStep(k)
            source = sources[name]
            layers[name] = bridge.read_input(
                self, parameters, name, context, steps, bridge.layer_label(source, name), crs=crs, passes_text=True
            )
            warn_if_empty(feedback, layers[name], name, tr("it meets no other line, so its conflicts are 0."))
            bridge.check_canceled(feedback)

        steps.setCurrentStep(len(given))

        def progress(fraction):
            steps.setProgress(100.0 * fraction)
            bridge.check_canceled(feedback)

        found = conflicts.find_conflicts(
            {name: layer.geoms for name, layer in layers.items()}, measure, min_area, progress
        )
        self._warn_self_overlaps(feedback, layers, found)
        settle = self.parameterAsBoolean(parameters, conflictcheck_settle.SETTLE, context)
        settled = {}
        if settle:
            rules, core, decisions = conflictcheck_settle.read(self, parameters, context, feedback, crs)
            settled = {pair: settlement.settle(pair, overlap.geoms, rules, core, decisions, measure, min_area)
                       for pair, overlap in found.items()}

        steps.setCurrentStep(len(given) + 1)
        own = QgsFields()
        own.append(new_field("KIND", QVariant.String, "string", 60))
        own.append(new_field("MJ_MU", QVariant.Double))
        own.append(new_field("MJ_HA", QVariant.Double))
        for extra in conflictcheck_settle.output_fields() if settle else []:
            own.append(extra)
        # KIND, MJ_MU and MJ_HA (and the settlement's fields) keep their names whatever the inputs hold; input
        # fields follow, line by line.
        fields = own
        for name in given:
            fields = bridge.combined_fields(fields, layers[name].fields)
        fields, fid_at = bridge.feature_id_first(fields)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        writer = _Writer(sink, layers, given, fid_at, steps)
        results = {self.OUTPUT: dest_id}
        for pair in conflicts.PAIRS:
            results[self.OUTPUT_NUMBERS[pair]] = None
        for pair, overlap in found.items():
            total_ha = float(units.m2_to_ha(overlap.total_m2))
            results[self.OUTPUT_NUMBERS[pair]] = total_ha
            self._log_overlap(feedback, layers, overlap, total_ha)
            if settle:
                writer.write_settled(overlap, settled[pair])
                _log_settled(feedback, settled[pair])
            else:
                writer.write_overlap(overlap)
        styles.apply_style(context, dest_id, "conflicts")
        # A cancel that came while the overlaps were written must not end as a reported success.
        bridge.check_canceled_writing(feedback)
        return results

    @staticmethod
    def _log_overlap(feedback, layers, overlap, total_ha):
        a, b = overlap.pair
        feedback.pushInfo(
            tr("{}: {} overlap polygons, {:.4f} ha ({:.2f} mu).").format(
                overlap.kind, len(overlap), total_ha, float(units.m2_to_mu(overlap.total_m2))
            )
        )
        if len(overlap):
            worst = int(np.argmax(overlap.area_m2))
            feedback.pushInfo(
                tr("Largest: {} feature {} with {} feature {}, {:.4f} ha.").format(
                    a, layers[a].fids[overlap.a_index[worst]], b, layers[b].fids[overlap.b_index[worst]],
                    float(units.m2_to_ha(overlap.area_m2[worst])),
                )
            )

    @staticmethod
    def _warn_self_overlaps(feedback, layers, found):
        """Name, once per line, the features overlapping each other where they meet another line."""
        pairs = {name: [] for name in layers}
        for (a, b), overlap in found.items():
            pairs[a] += overlap.a_self_overlaps
            pairs[b] += overlap.b_self_overlaps
        for name, layer in layers.items():
            involved = conflicts.overlapping_features(pairs[name]) if pairs[name] else []
            if not len(involved):
                continue
            # The string's last {} once held the " …" that id_list now adds; it stays so that translations match.
            feedback.pushWarning(
                tr("Layer {}: features {}{} overlap each other where they meet another line; the overlapping "
                   "ground is counted once, for the first of them (its attributes are written). A control "
                   "line's features should not overlap: delete the duplicates or remove the overlaps (e.g. with "
                   "Delete duplicate geometries).").format(layer.name, bridge.id_list(layer.fids[involved]), "")
            )


def _log_settled(feedback, settled):
    """One line per pair: how much each line gives up and how much both keep."""
    a, b = settled.pair
    kept = float(settled.area_m2[settled.yields == ""].sum())
    feedback.pushInfo(tr("{}: {} yields {:.4f} ha, {} yields {:.4f} ha, both keep {:.4f} ha.").format(
        conflicts.kind_label(settled.pair), a, units.m2_to_ha(settled.yielded_m2(a)), b,
        units.m2_to_ha(settled.yielded_m2(b)), units.m2_to_ha(kept)))



class _Writer:
    """Writes overlap polygons or settled pieces with the attributes of the two features they lie in."""

    def __init__(self, sink, layers, given, fid_at, feedback):
        self.sink, self.layers, self.given, self.feedback = sink, layers, given, feedback
        self.blank = {name: [None] * layers[name].fields.count() for name in given}
        self.fid_at = fid_at  # where the fid column was among the fields, before it moved to the front

    def _row(self, own, overlap, k):
        a, b = overlap.pair
        row = list(own)
        for name in self.given:
            if name == a:
                row += list(self.layers[a].rows[overlap.a_index[k]])
            elif name == b:
                row += list(self.layers[b].rows[overlap.b_index[k]])
            else:
                row += self.blank[name]
        if self.fid_at is None:
            return row
        del row[self.fid_at]
        return [None] + row

    @staticmethod
    def _area(area_m2):
        return [float(units.m2_to_mu(area_m2)), float(units.m2_to_ha(area_m2))]

    def write_overlap(self, overlap):
        rows = [self._row([overlap.kind] + self._area(overlap.area_m2[k]), overlap, k) for k in range(len(overlap))]
        bridge.write_features(self.sink, overlap.geoms, rows, self.feedback, "OUTPUT")

    def write_settled(self, overlap, settled):
        rows = []
        for k in range(len(settled)):
            own = [overlap.kind] + self._area(settled.area_m2[k]) + [
                settled.yields[k] or None, settled.keeps[k], settled.basis[k], settled.notes[k] or None]
            rows.append(self._row(own, overlap, int(settled.source[k])))
        bridge.write_features(self.sink, settled.geoms, rows, self.feedback, "OUTPUT")
