"""planmaint:fillholes — 天窗填补: fill the holes and narrow gaps of a control line that make no sense."""
from dataclasses import dataclass

from qgis.core import (
    QgsFeatureSource,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)

from . import bridge, styles
from .base import PlanMaintAlgorithm, warn_if_empty
from .core import holes as core, units
from .fillholes_io import OUTPUT_EXTRA, blocker_covers, holes_fields, output_fields
from .i18n import tr
from .prefetch import Prefetch, as_multi


@dataclass
class Run:
    """The settings of one run, read from the parameters and checked."""

    source: QgsFeatureSource
    label: str  # the input line as messages name it
    crs: object  # QgsCoordinateReferenceSystem of the input, the CRS of every output
    method: int  # area method (bridge.AREA_PLANAR or bridge.AREA_ELLIPSOIDAL)
    max_mu: float
    width: float  # sliver width, layer units
    blocker_layers: list
    blocker_min_m2: float
    regreen_layer: object  # QgsVectorLayer of land planned for re-greening, or None
    out_fields: QgsFields  # of OUTPUT
    extra: dict  # index in out_fields of HOLE_ID, TZLX and MJ_MU


class FillHoles(PlanMaintAlgorithm):
    INPUT = "INPUT"
    MAX_AREA = "MAX_AREA"
    BLOCKERS = "BLOCKERS"
    BLOCKER_MIN_AREA = "BLOCKER_MIN_AREA"
    REGREEN = "REGREEN"
    SLIVER_WIDTH = "SLIVER_WIDTH"
    OUTPUT = "OUTPUT"
    HOLES = "HOLES"
    HOLES_FOUND = "HOLES_FOUND"
    HOLES_FILLED = "HOLES_FILLED"
    FILLED_MU = "FILLED_MU"

    def name(self):
        return "fillholes"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Fill holes and slivers")

    def group(self):
        return tr("Control lines")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "controllines"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Finds the holes (天窗) of one control line, and optionally its narrow gaps (细缝), fills those that "
            "make no sense and reports every one of them.\n\n"
            "Holes are those of the merged line: the features are dissolved first, so a hole enclosed jointly "
            "by several adjacent parcels counts like a feature's own hole. A hole is filled when the area inside "
            "its ring is under the maximum area (0: any size) and other land (the blocker layers, e.g. "
            "permanent basic farmland) covers no more of it than the blocker threshold. Holes holding farmland "
            "therefore stay open; swap the farmland out first if the hole is to be filled.\n\n"
            "Islands: a patch of the line lying inside a hole is never duplicated; filling a hole adds only the "
            "land between its ring and the islands. The holes of an island are holes of their own. With no "
            "blockers and no slivers the filled line equals QGIS's \"Delete holes\" with the same minimum area "
            "applied to the dissolved input.\n\n"
            "Slivers: with a sliver width above 0, gaps narrower than it are filled too, where the line lies on "
            "both sides of the gap (between two patches, a narrow inlet): a morphological closing with square "
            "corners, so the inner corners of an outline stay as they are. Slivers follow the same maximum area "
            "and blockers. A region that becomes enclosed only once slivers are filled is found by running the "
            "tool again on its output.\n\n"
            "Invalid geometries are repaired (make valid) with a warning naming the features, and written "
            "repaired; features without geometry are passed through.\n\n"
            "Filled line: every input feature unchanged, plus one new feature per filled hole or sliver with "
            "TZLX (天窗填补 / 细缝填补), MJ_MU (its area, mu) and HOLE_ID. Holes and slivers: every hole and sliver "
            "found, filled or not, with HOLE_ID, KIND (天窗 / 细缝), AREA_MU (what filling adds, mu), RING_MU (the "
            "area inside its ring, islands included, the size compared with the maximum area), FILLED (1 / 0), "
            "BLOCKED_MU (area covered by blockers, mu) and BLOCKED_BY (the blocker layers).\n\n"
            "Numbers: HOLES_FOUND (holes and slivers found), HOLES_FILLED, FILLED_MU (area added, mu). Filling "
            "adds area to the line: pair it with a swap-out elsewhere (进出平衡)."
        ) + "\n\n" + tr(
            "Re-greening (规划复绿): construction land in the holes of the red line that is planned for "
            "re-greening may fill them (消除孔洞). Give that land as the re-greening layer: the part of any blocker "
            "lying in it does not block, so a hole is judged on the blockers' land outside it. Holes and slivers "
            "then has two more fields: REGREEN_MU (blocker land in it planned for re-greening, mu) and FLYY (1: "
            "filled only thanks to re-greening). Without the layer the outputs are as before."
        ) + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add(
            QgsProcessingParameterFeatureSource(self.INPUT, tr("Control line layer"),
                                                [QgsProcessing.TypeVectorPolygon]),
            tr("Polygons of one control line (ecological red line, urban development boundary …), parcel-level "
               "or dissolved. Holes are those of the merged line, including holes enclosed jointly by several "
               "features. The layer is read only, never changed."),
        )
        self.add(
            QgsProcessingParameterNumber(self.MAX_AREA, tr("Maximum hole area (mu)"),
                                         QgsProcessingParameterNumber.Double, 5.0, False, 0.0),
            tr("Holes whose ring encloses less than this area (islands included) are filled; 0 fills holes of "
               "any size. The seed scheme counts holes under 5 mu (5亩以下天窗)."),
        )
        self.add(
            QgsProcessingParameterMultipleLayers(self.BLOCKERS, tr("Blocker layers"), QgsProcessing.TypeVectorPolygon,
                                                 optional=True),
            tr("Optional polygon layers of land that keeps a hole open, e.g. permanent basic farmland inside "
               "the ecological red line or the urban development boundary. They are read in the control line's "
               "CRS."),
        )
        self.add(
            QgsProcessingParameterNumber(self.BLOCKER_MIN_AREA, tr("Blocker threshold (m²)"),
                                         QgsProcessingParameterNumber.Double, 1.0, False, 0.0),
            tr("A hole or sliver covered by blocker features over more than this area (m², all blocker layers "
               "together) is not filled. The small default ignores digitising slivers along shared edges."),
        )
        self.add(
            QgsProcessingParameterVectorLayer(self.REGREEN, tr("Land planned for re-greening (规划复绿)"),
                                              [QgsProcessing.TypeVectorPolygon], optional=True),
            tr("Optional polygons of land planned for re-greening, e.g. construction land in the red line's holes "
               "to be returned to forest or grass. Blocker land inside them does not keep a hole open; holes "
               "filled only thanks to them get FLYY = 1 in Holes and slivers. Read in the control line's CRS."),
        )
        self.add(
            QgsProcessingParameterDistance(self.SLIVER_WIDTH, tr("Sliver width"), 0.0, self.INPUT, False, 0.0),
            tr("In layer units (metres in a projected CRS). 0: no slivers. Above 0: gaps of the line narrower "
               "than this, with the line on both sides, are filled too (细缝填补), subject to the maximum area "
               "and the blockers. A few metres catches digitising gaps between patches."),
        )
        self.add_area_method()
        self.add_line_kind()
        self.add(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Filled line"), QgsProcessing.TypeVectorPolygon),
            tr("Every input feature unchanged, plus one feature per filled hole or sliver with TZLX, MJ_MU "
               "(mu) and HOLE_ID."),
        )
        self.add(
            QgsProcessingParameterFeatureSink(self.HOLES, tr("Holes and slivers"), QgsProcessing.TypeVectorPolygon,
                                              optional=True, createByDefault=True),
            tr("Every hole and sliver found, filled or not: HOLE_ID, KIND, AREA_MU, RING_MU, FILLED, "
               "BLOCKED_MU, BLOCKED_BY, and with a re-greening layer REGREEN_MU and FLYY. The geometry is what "
               "filling adds (islands cut out)."),
        )
        self.addOutput(QgsProcessingOutputNumber(self.HOLES_FOUND, tr("Holes and slivers found")))
        self.addOutput(QgsProcessingOutputNumber(self.HOLES_FILLED, tr("Holes and slivers filled")))
        self.addOutput(QgsProcessingOutputNumber(self.FILLED_MU, tr("Filled area (mu)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        steps = QgsProcessingMultiStepFeedback(5, feedback)
        run = self._settings(parameters, context, feedback)
        new_fields = range(run.source.fields().count(), run.out_fields.count())
        tolerance = bridge.curve_tolerance(run.crs)

        def pass_through(feature):
            as_multi(feature, tolerance)  # arcs linearised as for the core: holes and line share their edges
            feature.setFields(run.out_fields, False)  # keeps the attributes read …
            feature.padAttributes(len(new_fields))
            for k in new_fields:  # … and the new fields are NULL (a padded value is an invalid QVariant)
                feature.setAttribute(k, None)

        # The line's own features go out unchanged with every attribute: they are read a second time, as
        # QgsFeatures, in a background thread while the holes are found (see prefetch.py).
        with Prefetch(run.source, feedback, prepare=pass_through) as second_reading:
            steps.setCurrentStep(0)
            line = bridge.read_input(self, parameters, self.INPUT, context, steps, run.label, attributes=False,
                                     passes_text=True)
            second_reading.start()  # beside the merging, not beside this reading (measured slower)
            warn_if_empty(feedback, line, self.INPUT, tr("there are no holes to find, and both outputs are empty."))
            steps.setCurrentStep(1)
            feedback.pushInfo(tr("Merging the features of {} and finding its holes…").format(run.label))
            geometry_steps = QgsProcessingMultiStepFeedback(2, steps)

            def progress(percent):
                geometry_steps.setProgress(percent)
                bridge.check_canceled(feedback)

            found = core.find_holes(line.geoms, progress=progress)
            geometry_steps.setCurrentStep(1)
            candidates = core.Candidates.of(found, core.find_slivers(found, run.width, progress=progress))
            line_features = second_reading.features(line.fids, run.label)
        bridge.check_canceled(feedback)

        steps.setCurrentStep(2)
        regreen = [run.regreen_layer] if run.regreen_layer is not None else []
        covers = blocker_covers(run.blocker_layers + regreen, candidates, run.crs, context, steps, feedback)
        # The re-greening land is read as a blocker is, then taken out of what the blockers cover.
        regreen_cover = covers.pop().covered if regreen else None
        steps.setCurrentStep(3)
        measure = lambda geoms: bridge.areas_m2(geoms, run.crs, run.method, context)  # noqa: E731
        inputs = core.HoleInputs(candidates, run.max_mu, run.blocker_min_m2, covers, measure, regreen=regreen_cover)
        plan = core.plan(inputs, progress=steps.setProgress)
        bridge.check_canceled(feedback)

        steps.setCurrentStep(4)
        # A line feature goes out with the geometry its holes were found on: the one read, except where the
        # core worked on another: a repaired geometry, or every geometry of a layer that is not plain 2-D
        # polygons (Z or M dropped), since the output is a 2-D MultiPolygon layer.
        plain = run.source.wkbType() in (QgsWkbTypes.Polygon, QgsWkbTypes.MultiPolygon)
        for i in line.repaired if plain else range(len(line)):
            line_features[i].setGeometry(bridge.as_multi_geometry(line.geoms[i]))
        # The sinks are held until the last cancel check: a sink released earlier is committed, and a
        # canceled run would leave a GeoPackage that looks finished.
        out_sink, out_id, holes_sink, holes_id = self._write(parameters, context, feedback, steps, run,
                                                             line_features, plan)
        # A cancel that came during the last stretch of writing must not end as a reported success.
        bridge.check_canceled_writing(feedback)
        self._report(feedback, run, plan)
        results = {self.OUTPUT: out_id, self.HOLES_FOUND: len(candidates), self.HOLES_FILLED: len(plan.filled),
                   self.FILLED_MU: plan.filled_mu}
        if holes_sink is not None:
            results[self.HOLES] = holes_id
        return results

    def _settings(self, parameters, context, feedback):
        """The ``Run``: parameters read and checked, warnings about the input's CRS given."""
        # Processing's invalid-geometry filter would drop or refuse parcels, and a dropped parcel opens a
        # false hole where it lay; the bridge repairs invalid geometries instead and names them.
        source = self.source_keeping_invalid(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        max_mu = self.parameterAsDouble(parameters, self.MAX_AREA, context)
        blocker_layers = self.parameterAsLayerList(parameters, self.BLOCKERS, context) or []
        blocker_min_m2 = self.parameterAsDouble(parameters, self.BLOCKER_MIN_AREA, context)
        regreen_layer = self.parameterAsVectorLayer(parameters, self.REGREEN, context)
        width = self.parameterAsDouble(parameters, self.SLIVER_WIDTH, context)
        crs = source.sourceCrs()
        label = bridge.layer_label(source, self.INPUT)
        method = self.area_method(parameters, context, crs, feedback)
        bridge.warn_if_no_crs(feedback, crs, label)
        if width > 0 and crs.isGeographic():
            raise QgsProcessingException(
                tr("Layer {} is in the geographic CRS {}, so a sliver width of {} would be in degrees. Reproject "
                   "the layer to a projected CRS (e.g. EPSG:4549) or set the sliver width to 0.").format(
                    label, crs.authid(), width)
            )
        for layer in blocker_layers:
            if not isinstance(layer, QgsVectorLayer) or layer.geometryType() != QgsWkbTypes.PolygonGeometry:
                raise QgsProcessingException(
                    tr("Blocker layer {} is not a polygon layer: give polygon layers only (e.g. permanent basic "
                       "farmland).").format(bridge.layer_label(layer, layer.name()))
                )
        if regreen_layer is not None and regreen_layer.geometryType() != QgsWkbTypes.PolygonGeometry:
            raise QgsProcessingException(
                tr("Re-greening layer {} is not a polygon layer: give the polygons of the land planned for "
                   "re-greening (规划复绿).").format(bridge.layer_label(regreen_layer, regreen_layer.name()))
            )
        out_fields, extra = output_fields(source.fields())
        return Run(source, label, crs, method, max_mu, width, blocker_layers, blocker_min_m2, regreen_layer,
                   out_fields, extra)

    def _write(self, parameters, context, feedback, steps, run, line_features, plan):
        """OUTPUT: the line's features, then one feature per filled candidate; HOLES: every candidate.

        Returns both sinks and their ids (the HOLES sink is None when that output is not wanted)."""
        (out_sink, out_id) = self.parameterAsSink(
            parameters, self.OUTPUT, context, run.out_fields, QgsWkbTypes.MultiPolygon, run.crs
        )
        if out_sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        self.style_line_output(parameters, context, feedback, out_id, run.label)
        (holes_sink, holes_id) = self.parameterAsSink(
            parameters, self.HOLES, context, holes_fields(run.regreen_layer is not None), QgsWkbTypes.MultiPolygon,
            run.crs
        )
        if holes_sink is None and parameters.get(self.HOLES) is not None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.HOLES))
        if holes_sink is not None:
            styles.apply_style(context, holes_id, "holes")
        write_steps = QgsProcessingMultiStepFeedback(2, steps)
        bridge.add_features(out_sink, line_features, write_steps, self.OUTPUT)
        positions = [run.extra[field_name] for field_name, _ in OUTPUT_EXTRA]
        rows = []
        for values in plan.additions():
            row = [None] * run.out_fields.count()
            for position, value in zip(positions, values):
                row[position] = value
            rows.append(row)
        bridge.write_features(out_sink, plan.candidates.geoms[plan.filled], rows, write_steps, self.OUTPUT)
        write_steps.setCurrentStep(1)
        bridge.write_features(holes_sink, plan.candidates.geoms, plan.table(), write_steps, self.HOLES)
        return out_sink, out_id, holes_sink, holes_id

    def _report(self, feedback, run, plan):
        """The run's figures in the log, in the terms of a maintenance report."""
        found, holes, slivers = plan.candidates.holes, plan.tally(core.HOLE), plan.tally(core.SLIVER)
        method = tr("ellipsoidal (CGCS2000)") if run.method == bridge.AREA_ELLIPSOIDAL else tr("planar")
        feedback.pushInfo(tr("Area method {}; maximum hole area {} mu (0 = any size); sliver width {}.").format(
            method, run.max_mu, run.width))
        feedback.pushInfo(
            tr("Layer {}: {} patches after merging, {} holes ({} with islands inside). Filled {} holes, "
               "{:.4f} mu; {} holes are kept open by blockers.").format(
                run.label, len(found.parts), holes.found, int((found.islands > 0).sum()), holes.filled,
                holes.filled_mu, holes.blocked)
        )
        if run.width > 0:
            feedback.pushInfo(
                tr("Slivers narrower than {}: {} found, {} filled, {:.4f} mu; {} kept open by blockers.").format(
                    run.width, slivers.found, slivers.filled, slivers.filled_mu, slivers.blocked)
            )
        if plan.blocker_names:
            feedback.pushInfo(tr("Blocker layers: {}; threshold {} m².").format(
                ", ".join(plan.blocker_names), run.blocker_min_m2))
        if run.regreen_layer is not None:
            feedback.pushInfo(
                tr("Re-greening layer {}: {} holes and {} slivers filled only thanks to it (FLYY = 1).").format(
                    bridge.layer_label(run.regreen_layer, run.regreen_layer.name()), holes.unblocked,
                    slivers.unblocked)
            )
        total = plan.filled_mu
        if total > 0:
            feedback.pushInfo(
                tr("Filling adds {:.4f} mu ({:.4f} ha) to the line: balance it with a swap-out elsewhere "
                   "(进出平衡).").format(total, units.convert(total, "mu", "ha"))
            )
