"""planmaint:removefragments — 碎图斑处理: take the fragmented patches out of a control line."""
from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDistance,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge, styles
from .base import PlanMaintAlgorithm, warn_if_empty
from .compat import new_field
from .core import fragments, units
from .core.geometry import clean_polygons
from .i18n import tr
from .prefetch import Prefetch, as_multi

DEFAULT_REASON = "零星破碎"  # the swap-out reason code of the seed (调出原因), stored as data, not translated


def _is_true(value):
    """An expression result read as QGIS filters read it: NULL, false, 0 and '' are false."""
    return not bridge.is_null(value) and bool(value)


def _repaired_geometry(geom, sink_type):
    """A repaired shapely geometry as a multi-part QgsGeometry matching the sink's Z/M (added as 0: the
    repair is 2-D)."""
    geometry = bridge.as_multi_geometry(geom)
    if geom is None:
        return geometry
    if QgsWkbTypes.hasZ(sink_type):
        geometry.get().addZValue(0.0)
    if QgsWkbTypes.hasM(sink_type):
        geometry.get().addMValue(0.0)
    return geometry


@dataclass
class Run:
    """The settings of one run, read from the parameters and checked."""

    source: object  # QgsProcessingFeatureSource of the line
    hilly_source: object  # of the mountain and hill zones, None when not given
    label: str  # the input line as messages name it
    crs: object  # QgsCoordinateReferenceSystem of the input, the CRS of both outputs
    method: int  # area method (bridge.AREA_PLANAR or bridge.AREA_ELLIPSOIDAL)
    merge_distance: float
    min_area_mu: float
    min_area_hilly_mu: float
    exempt_expression: str  # "" for none
    reason: str
    sink_type: int  # the input's multi type, straight-edged (arcs are linearised): its Z and M survive


class RemoveFragments(PlanMaintAlgorithm):
    INPUT = "INPUT"
    MERGE_DISTANCE = "MERGE_DISTANCE"
    MIN_AREA = "MIN_AREA"
    HILLY_AREAS = "HILLY_AREAS"
    MIN_AREA_HILLY = "MIN_AREA_HILLY"
    EXEMPT = "EXEMPT"
    REASON = "REASON"
    OUTPUT = "OUTPUT"
    REMOVED = "REMOVED"
    PATCHES = "PATCHES"
    FRAGMENTS = "FRAGMENTS"
    EXEMPT_FRAGMENTS = "EXEMPT_FRAGMENTS"
    REMOVED_MU = "REMOVED_MU"

    def name(self):
        return "removefragments"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Remove fragmented patches")

    def group(self):
        return tr("Control lines")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "controllines"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Finds the fragmented patches (碎图斑) of one control line and takes them out of it, so that the "
            "removed area can be compensated by swap-ins elsewhere.\n\n"
            "Adjacent features are merged into patches first (按邻近图斑融合后统计): features that overlap or "
            "share a stretch of boundary form one patch; features meeting at a single corner point do not. "
            "With a merge distance above 0, features closer than that distance join too. A patch is a "
            "fragment when its area is under the threshold of its terrain: for permanent basic farmland "
            "5 mu (亩) in the plains and 3 mu in mountains and hills; 15 mu for the urban development boundary; "
            "to count ecological red-line patches under 1 km², use 1500 mu and keep only the numbers.\n\n"
            "Terrain: a patch is hilly when more than half of its area lies inside the hilly zones (a patch "
            "straddling a zone boundary follows the larger share of its area; exactly half counts as plain). "
            "Without a hilly-zone layer every patch uses the plain threshold.\n\n"
            "A fragment holding a feature that matches the exemption expression is kept whole. Features are "
            "never cut: every input feature goes either to Kept features (unchanged) or to Removed fragments "
            "(with PATCH_ID, the patch area PATCH_MU in mu and the swap-out reason TZYY), so the two areas "
            "add up to the input area. Features without geometry are kept and reported; invalid geometries "
            "are repaired (make valid) with a warning. A multi-part feature is one record: it is kept or "
            "removed whole, so its parts belong to one patch. Where features overlap, the patch area counts "
            "the overlap once.\n\n"
            "Numbers: PATCHES (merged patches of the input), FRAGMENTS (patches under their threshold, "
            "exempt ones included: the 碎图斑个数 indicator), EXEMPT_FRAGMENTS, REMOVED_MU (area of the removed "
            "patches, mu)."
        ) + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add(
            QgsProcessingParameterFeatureSource(
                self.INPUT, tr("Control line layer"), [QgsProcessing.TypeVectorPolygon]
            ),
            tr("Polygons of one control line: parcel-level (e.g. permanent basic farmland parcels) or "
               "dissolved features. The layer is read only, never changed."),
        )
        self.add(
            QgsProcessingParameterDistance(
                self.MERGE_DISTANCE, tr("Merge distance"), 0.0, self.INPUT, False, 0.0
            ),
            tr("In layer units (metres in a projected CRS). 0: only features that touch along a boundary or "
               "overlap form one patch. Above 0: features closer than this distance join the same patch "
               "too (the gap itself is not added to the patch area). Print it in your report: no rule fixes it."),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.MIN_AREA, tr("Minimum patch area (mu)"), QgsProcessingParameterNumber.Double, 5.0, False, 0.0
            ),
            tr("Patches under this area are fragments (plains; all patches when no hilly zones are given). "
               "Permanent basic farmland: 5 mu in the plains; urban development boundary: 15 mu; ecological "
               "red line (patches under 1 km²): 1500 mu."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.HILLY_AREAS, tr("Mountain and hill zones"), [QgsProcessing.TypeVectorPolygon], optional=True
            ),
            tr("Optional polygons of the mountain and hill zones (山地丘陵地区). A patch with more than half of "
               "its area inside them uses the hilly threshold; a patch straddling the zone boundary follows "
               "the larger share of its area."),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.MIN_AREA_HILLY,
                tr("Minimum patch area in mountains and hills (mu)"),
                QgsProcessingParameterNumber.Double,
                3.0,
                False,
                0.0,
            ),
            tr("Threshold of hilly patches (permanent basic farmland: 3 mu). Used only with mountain and hill "
               "zones."),
        )
        self.add(
            QgsProcessingParameterExpression(
                self.EXEMPT, tr("Exemption expression"), None, self.INPUT, optional=True
            ),
            tr("Optional expression on the control line layer. A patch holding any feature for which it is "
               "true is never removed, e.g. \"GDLX\" = 'TT' or \"BSM\" IN ('1001', '1002')."),
        )
        self.add(
            QgsProcessingParameterString(self.REASON, tr("Swap-out reason"), DEFAULT_REASON),
            tr("Written into the TZYY field of every removed feature (调出原因), e.g. 零星破碎."),
        )
        self.add_area_method()
        self.add_line_kind()
        self.add(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Kept features"), QgsProcessing.TypeVectorPolygon),
            tr("The input features that stay in the control line, attributes unchanged."),
        )
        self.add(
            QgsProcessingParameterFeatureSink(
                self.REMOVED, tr("Removed fragments"), QgsProcessing.TypeVectorPolygon
            ),
            tr("The features of the removed fragments (调出), with every input attribute plus PATCH_ID (the "
               "patch), PATCH_MU (patch area, mu) and TZYY (swap-out reason)."),
        )
        self.addOutput(QgsProcessingOutputNumber(self.PATCHES, tr("Number of patches")))
        self.addOutput(QgsProcessingOutputNumber(self.FRAGMENTS, tr("Number of fragmented patches")))
        self.addOutput(QgsProcessingOutputNumber(self.EXEMPT_FRAGMENTS, tr("Number of exempt fragmented patches")))
        self.addOutput(QgsProcessingOutputNumber(self.REMOVED_MU, tr("Removed area (mu)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        run = self._settings(parameters, context, feedback)
        # Every feature goes out again with its own attributes: they are read a second time, as QgsFeatures,
        # in a background thread while the patches are labelled (see prefetch.py).
        tolerance = bridge.curve_tolerance(run.crs)
        with Prefetch(run.source, feedback, prepare=lambda feature: as_multi(feature, tolerance)) as second_reading:
            layer, repaired, inputs = self._read(parameters, context, steps, run, second_reading)
            plan = fragments.plan(inputs)
            steps.setProgress(100)
            bridge.check_canceled(steps)
            features = second_reading.features(layer.fids, run.label)

        steps.setCurrentStep(3)
        # The features of the second reading have their geometry as read (multi-part); only repaired
        # geometries are replaced by their repair.
        for i in repaired:
            features[i].setGeometry(_repaired_geometry(inputs.geoms[i], run.sink_type))
        # The sinks are held until the last cancel check: a sink released earlier is committed, and a
        # canceled run would leave a GeoPackage that looks finished.
        kept_sink, kept_id, removed_sink, removed_id = self._write(parameters, context, feedback, steps, run,
                                                                   features, plan)
        self._report(feedback, run, layer.fids, plan)
        # A cancel that came during the last stretch of writing must not end as a reported success.
        bridge.check_canceled_writing(feedback)
        return {self.OUTPUT: kept_id, self.REMOVED: removed_id, self.PATCHES: plan.found.n_patches,
                self.FRAGMENTS: plan.n_fragments, self.EXEMPT_FRAGMENTS: plan.n_exempt,
                self.REMOVED_MU: plan.removed_mu}

    def _settings(self, parameters, context, feedback):
        """The ``Run``: parameters read and checked, a warning about the input's CRS given."""
        source = self.source_keeping_invalid(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        hilly_source = self.source_keeping_invalid(parameters, self.HILLY_AREAS, context)
        merge_distance = self.parameterAsDouble(parameters, self.MERGE_DISTANCE, context)
        min_area_mu = self.parameterAsDouble(parameters, self.MIN_AREA, context)
        min_area_hilly_mu = self.parameterAsDouble(parameters, self.MIN_AREA_HILLY, context)
        # parameterAsExpression() silently returns "" for an expression that does not parse; a typo must not
        # quietly exempt nothing, so the text is taken as typed and the bridge reports parse errors.
        exempt_expression = (self.parameterAsString(parameters, self.EXEMPT, context) or "").strip()
        reason = self.parameterAsString(parameters, self.REASON, context)
        crs = source.sourceCrs()
        label = bridge.layer_label(source, self.INPUT)
        method = self.area_method(parameters, context, crs, feedback)
        bridge.warn_if_no_crs(feedback, crs, label)
        if crs.isGeographic() and merge_distance > 0:
            raise QgsProcessingException(
                tr("Layer {} is in the geographic CRS {}, so a merge distance of {} would be in degrees. "
                   "Reproject the layer to a projected CRS (e.g. EPSG:4549) or set the merge distance to 0."
                   ).format(label, crs.authid(), merge_distance)
            )
        sink_type = QgsWkbTypes.multiType(QgsWkbTypes.linearType(source.wkbType()))
        return Run(source, hilly_source, label, crs, method, merge_distance, min_area_mu, min_area_hilly_mu,
                   exempt_expression, reason, sink_type)

    def _read(self, parameters, context, steps, run, second_reading):
        """Read the input (and hilly zones) as arrays; ``second_reading`` is started once the input is read.

        Returns (the input's ``LayerArrays``, positions repaired, ``fragments.FragmentInputs``).
        """
        steps.setCurrentStep(0)
        # Only geometries (and the exemption) are read here; the attributes reach the outputs through the
        # second reading, which is faster than carrying 100 000 attribute rows through Python.
        layer = bridge.read_input(
            self, parameters, self.INPUT, context, steps, run.label, attributes=False, polygons=False,
            expressions={"exempt": run.exempt_expression} if run.exempt_expression else None, passes_text=True,
        )
        second_reading.start()  # beside the labelling, not beside this reading (measured slower)
        warn_if_empty(steps, layer, self.INPUT, tr("there are no patches to check, and both outputs are empty."))
        geoms, repaired = clean_polygons(layer.geoms)
        if len(repaired):
            steps.pushWarning(bridge.repair_warning(run.label, layer.fids[repaired]))
        bridge.check_canceled(steps)

        steps.setCurrentStep(1)
        hilly_geoms = None
        if run.hilly_source is not None:
            hilly = bridge.read_input(
                self, parameters, self.HILLY_AREAS, context, steps,
                bridge.layer_label(run.hilly_source, self.HILLY_AREAS),
                crs=run.crs, attributes=False,
            )
            hilly_geoms = hilly.geoms
        bridge.check_canceled(steps)

        steps.setCurrentStep(2)
        exempt = None
        if run.exempt_expression:
            exempt = np.array([_is_true(v) for v in layer.values["exempt"]], dtype=bool)
        multipart = fragments.multipart_features(geoms)
        if multipart:
            steps.pushInfo(
                tr("Layer {}: {} features have several parts; each is kept or removed whole, so its parts "
                   "count as one patch.").format(run.label, multipart)
            )
        measure = lambda shapes: bridge.areas_m2(shapes, run.crs, run.method, context)  # noqa: E731
        inputs = fragments.FragmentInputs(
            geoms, run.min_area_mu, run.min_area_hilly_mu, merge_distance=run.merge_distance, hilly_zones=hilly_geoms,
            exempt=exempt, measure=measure,
        )
        return layer, repaired, inputs

    def _write(self, parameters, context, feedback, steps, run, features, plan):
        """Send every input feature to Kept features or Removed fragments; return both sinks and their ids.

        ``features`` are the input's features of the second reading, in the order of the first.
        """
        extra = [
            new_field("PATCH_ID", QVariant.Int),
            new_field("PATCH_MU", QVariant.Double, "double", 20, 4),
            new_field("TZYY", QVariant.String, "string", 100),
        ]
        removed_fields = bridge.combined_fields(run.source.fields(), extra)
        (kept_sink, kept_id) = self.parameterAsSink(
            parameters, self.OUTPUT, context, run.source.fields(), run.sink_type, run.crs
        )
        (removed_sink, removed_id) = self.parameterAsSink(
            parameters, self.REMOVED, context, removed_fields, run.sink_type, run.crs
        )
        if kept_sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        if removed_sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.REMOVED))
        self.style_line_output(parameters, context, feedback, kept_id, run.label)
        styles.apply_style(context, removed_id, "fragments")
        kept = [feature for feature, out in zip(features, plan.feature_is_removed.tolist()) if not out]
        bridge.add_features(kept_sink, kept, steps, self.OUTPUT)
        # Removed features go out patch by patch, so the features of one patch sit together in the table.
        removed_features = []
        for i, patch_id, patch_mu in plan.removals():
            out = QgsFeature(removed_fields)
            out.setGeometry(features[i].geometry())
            out.setAttributes(features[i].attributes() + [patch_id, patch_mu, run.reason])
            removed_features.append(out)
        bridge.add_features(removed_sink, removed_features, steps, self.REMOVED)
        steps.setProgress(100)
        return kept_sink, kept_id, removed_sink, removed_id

    def _report(self, feedback, run, fids, plan):
        """The run's figures in the log, in the terms a maintenance report uses."""
        found = plan.found
        if found.unioned_patches:
            overlapping = fids[found.overlapping]
            feedback.pushWarning(
                tr("Layer {}: features overlap in {} patches; those patches were measured on the union of "
                   "their features, so overlapping area is counted once. Overlapping features (duplicates?): "
                   "ids {}{}").format(
                    run.label, found.unioned_patches, bridge.id_list(overlapping), "",
                )
            )
        feedback.pushInfo(
            tr("Merge distance {}; area method {}.").format(
                run.merge_distance,
                tr("ellipsoidal (CGCS2000)") if run.method == bridge.AREA_ELLIPSOIDAL else tr("planar"),
            )
        )
        if plan.has_hilly_zones:
            feedback.pushInfo(
                tr("Patches: {} ({} in the plains, {} in mountains and hills). Fragments: {} under {} mu in the "
                   "plains, {} under {} mu in mountains and hills.").format(
                    found.n_patches, found.n_patches - plan.n_hilly, plan.n_hilly,
                    plan.n_fragments - plan.n_hilly_fragments, run.min_area_mu, plan.n_hilly_fragments,
                    run.min_area_hilly_mu,
                )
            )
        else:
            feedback.pushInfo(
                tr("Patches: {}. Fragments under {} mu: {}.").format(found.n_patches, run.min_area_mu, plan.n_fragments)
            )
        removed_mu = plan.removed_mu
        feedback.pushInfo(
            tr("Removed {} fragmented patches ({} features), {:.4f} mu ({:.4f} ha); {} fragmented patches are "
               "exempt and kept.").format(
                plan.n_fragments - plan.n_exempt, plan.n_removed_features, removed_mu,
                units.convert(removed_mu, "mu", "ha"), plan.n_exempt,
            )
        )
