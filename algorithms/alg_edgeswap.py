"""planmaint:edgeswap — 进出平衡调整: swap land out of and into a control line, balanced to the square metre."""
import numpy as np
import shapely
from qgis.core import (
    QgsFields,
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from . import bridge, landclass, styles
from .base import PlanMaintAlgorithm, warn_if_empty
from .compat import new_field
from .core import holes, landcodes, ledger, swap, units
from .i18n import tr

# Swap-out reasons of the seed (调出原因), stored as data codes, never translated. REASON may name one
# of them by its number 1–6.
SEED_REASONS = (
    "坡度15度以上",
    "国家和自治区重点建设项目",
    "零星破碎",
    "灾毁和采矿损毁无法修复",
    '变更调查"非耕地"',
    "经核实不符合划入要求",
)
DEFAULT_REASON = SEED_REASONS[-1]
REQUIRED_IN_REASON = "指定调入"  # a SWAP_IN feature without a reason of its own
BALANCE_IN_REASON = "进出平衡调入"  # candidate land taken in to balance
BALANCE_OUT_REASON = "进出平衡调出"  # candidate land given up to balance
# Fields of SWAP_IN read as its reason, first found wins (TZLX is what planmaint:fillholes writes).
SWAP_IN_REASON_FIELDS = ("TZYY", "TZLX")
SLOPE_FALLBACK_FIELD = "GDPDJB"
DEFAULT_TOWNSHIP_FIELD = "ZLDWDM"  # location unit code (坐落单位代码) of the land survey
EXACT_M2 = 0.01  # the balance every cut run must reach
SNAP_M = 1e-6  # layers from another CRS are snapped onto the line's edges within this distance (metres)
SWAP_FIELDS = ("TZLX", "TZYY", "MJ_MU", "MJ_HA")  # the fields every swapped piece gets


def _is_qnull(value):
    """None or a QVariant NULL."""
    if value is None:
        return True
    try:
        return bool(value.isNull())
    except AttributeError:
        return False


def _is_null(value):
    """No usable value: None, NULL or a blank text."""
    return _is_qnull(value) or (isinstance(value, str) and not value.strip())


class EdgeSwap(PlanMaintAlgorithm):
    INPUT = "INPUT"
    SWAP_OUT = "SWAP_OUT"
    REASON_FIELD = "REASON_FIELD"
    REASON = "REASON"
    SWAP_IN = "SWAP_IN"
    CANDIDATES = "CANDIDATES"
    ELIGIBLE = "ELIGIBLE"
    PRIORITY = "PRIORITY"
    ADJACENT_FIRST = "ADJACENT_FIRST"
    EXCLUDE = "EXCLUDE"
    SPLIT = "SPLIT"
    TOLERANCE = "TOLERANCE"
    ALLOW_PARTIAL = "ALLOW_PARTIAL"
    MIN_PIECE = "MIN_PIECE"
    SLOPE_FIELD = "SLOPE_FIELD"
    TOWNSHIP_FIELD = "TOWNSHIP_FIELD"
    DLBM_FIELD = "DLBM_FIELD"
    HSF = "HSF"
    HSF_FIRST = "HSF_FIRST"
    OUTPUT = "OUTPUT"
    SWAPPED_IN = "SWAPPED_IN"
    SWAPPED_OUT = "SWAPPED_OUT"
    LEDGER = "LEDGER"
    OUT_HA = "OUT_HA"
    IN_HA = "IN_HA"
    BALANCE_M2 = "BALANCE_M2"

    def name(self):
        return "edgeswap"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Edge swap with area balance")

    def group(self):
        return tr("Control lines")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "controllines"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Swaps land out of and into one control line (调出 / 调入) and keeps the line's area exactly the "
            "same (进出平衡), the way a maintenance scheme does: PBF 511.30 ha out = 511.30 ha in.\n\n"
            "1. Land that must leave: the overlap of the swap-out polygons with the line is cut out of it, "
            "with a reason (调出原因) from the reason field or the default reason.\n"
            "2. Land that must join: the part of the swap-in polygons outside the line (and outside the "
            "excluded layers and the swap-out polygons) is added.\n"
            "3. The difference is balanced with candidate land. When more left than joined, the part of "
            "eligible candidates outside the line, outside every excluded layer and outside the swap-out "
            "polygons is swapped in; when more joined than left, the part of eligible candidates inside the "
            "line is swapped out.\n\n"
            "Adjacent first (default): swap-ins grow from the line, taking the best candidate that touches "
            "the line or land already taken (sharing a stretch of boundary; a corner point is not enough), "
            "and a detached candidate only when nothing adjacent is left, so the line stays contiguous "
            "(集中连片). Swap-outs are peeled from the line's outer edge inwards, so no new hole (天窗) "
            "appears; land touching only a hole's edge or lying deep inside is never taken. Priority: "
            "higher first; ties in the candidate layer's feature order.\n\n"
            "Split (default): the last candidate is cut with a straight line parallel to its shared edge "
            "(or a band along it where a straight cut cannot stay against the edge), moved until the piece "
            "kept on the line's side has exactly the area still needed: the balance is exact to 0.01 m². "
            "Without split, whole candidates are taken while they fit; a gap left over is closed, if it can "
            "be, by adding one to three more candidates or exchanging taken ones, within the tolerance; "
            "otherwise the residual is reported.\n\n"
            "Not enough eligible candidate land stops the run with the number of mu missing, unless partial "
            "results are allowed (then everything available is used and a warning says what is missing).\n\n"
            "Outputs: the new line (features cut where they lose land, attributes unchanged; swapped-in land "
            "added as new features, fields of the same name filled from its source); swapped-in and "
            "swapped-out land with every source attribute plus TZLX (调入 / 调出), TZYY (reason), MJ_MU and "
            "MJ_HA; the adjustment ledger (调整台账): count, m², mu and ha by direction, reason and township "
            "(first 9 digits of ZLDWDM), subtotals, totals, the balance, and the quality of the land swapped "
            "in against the land swapped out (area-weighted mean slope grade; high-standard farmland share "
            "when that layer is given). Area fields copied from the input (TBMJ …) are not recomputed for "
            "cut features; MJ_MU and MJ_HA are."
        ) + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        polygons = [QgsProcessing.TypeVectorPolygon]
        self.add(
            QgsProcessingParameterFeatureSource(self.INPUT, tr("Control line layer"), polygons),
            tr("Polygons of one control line (permanent basic farmland parcels, ecological protection red "
               "line, urban development boundary). Read only, never changed."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(self.SWAP_OUT, tr("Land that must swap out"), polygons, optional=True),
            tr("Optional polygons whose overlap with the control line is taken out of it: steep parcels, key "
               "construction projects, fragments, damaged land, non-cultivated land … Where these polygons "
               "overlap each other, the overlap counts once, for the first of them."),
        )
        self.add(
            QgsProcessingParameterField(
                self.REASON_FIELD, tr("Swap-out reason field"), None, self.SWAP_OUT, optional=True
            ),
            tr("Optional field of the swap-out layer holding each polygon's reason (调出原因); empty values "
               "take the default reason."),
        )
        self.add(
            QgsProcessingParameterString(self.REASON, tr("Default swap-out reason"), DEFAULT_REASON),
            tr("Reason written into TZYY when the swap-out polygon has none. The seed's codes are "
               "1 坡度15度以上 (slope above 15°), 2 国家和自治区重点建设项目 (key construction project), "
               "3 零星破碎 (fragment), 4 灾毁和采矿损毁无法修复 (disaster or mining damage), "
               "5 变更调查\"非耕地\" (non-cultivated in the land-change survey), 6 经核实不符合划入要求 (does not "
               "meet the requirements after verification); type the number or any text of your own."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(self.SWAP_IN, tr("Land that must swap in"), polygons, optional=True),
            tr("Optional polygons that must join the line: project land for the urban development boundary, "
               "new water-source zones for the red line, filled holes … Only their part outside the line, "
               "outside the excluded layers and outside the swap-out polygons is added. Their reason is read "
               "from a field TZYY or TZLX when they have one (planmaint:fillholes writes TZLX)."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.CANDIDATES, tr("Candidate land for balancing"), polygons, optional=True
            ),
            tr("Polygons that balance the difference, e.g. the land-use parcels (地类图斑). Needed unless the "
               "swap-outs and swap-ins already balance."),
        )
        self.add(
            QgsProcessingParameterExpression(
                self.ELIGIBLE, tr("Eligible candidates"), None, self.CANDIDATES, optional=True
            ),
            tr("Optional expression on the candidates; only features for which it is true are used, e.g. "
               "\"PDJB\" <= 3 AND \"DLBM\" IN ('0101','0102','0103') for permanent basic farmland swap-ins "
               "(slope grade 1–3, cultivated land)."),
        )
        self.add(
            QgsProcessingParameterExpression(
                self.PRIORITY, tr("Candidate priority"), None, self.CANDIDATES, optional=True
            ),
            tr("Optional numeric expression on the candidates, higher taken first, e.g. -\"PDJB\" (flatter "
               "first) or $area (larger first). NULL counts as the lowest. Ties follow the feature order."),
        )
        self.add(
            QgsProcessingParameterBoolean(self.ADJACENT_FIRST, tr("Adjacent first"), True),
            tr("Swap-ins grow from the line: only candidates touching the line or land already chosen, best "
               "priority first, before any detached one. Swap-outs peel from the line's outer edge, so no "
               "new hole appears. Off: candidates are taken in priority order wherever they lie."),
        )
        self.add(
            QgsProcessingParameterMultipleLayers(
                self.EXCLUDE, tr("Layers swapped-in land must not overlap"), QgsProcessing.TypeVectorPolygon,
                optional=True,
            ),
            tr("Optional polygon layers (e.g. the ecological protection red line, the urban development "
               "boundary, construction projects): no swapped-in land, required or candidate, ever overlaps "
               "them; candidates are clipped to the part outside."),
        )
        self.add(
            QgsProcessingParameterBoolean(self.SPLIT, tr("Split the last candidate"), True),
            tr("Cut the last chosen candidate so that the balance is exact (to 0.01 m²); the piece kept lies "
               "on the side touching the line. Off: candidates are used whole and the balance is reached "
               "within the tolerance when some combination allows it."),
        )
        self.add(
            QgsProcessingParameterNumber(
                self.TOLERANCE, tr("Balance tolerance without split (m²)"), QgsProcessingParameterNumber.Double,
                1.0, False, 0.0,
            ),
            tr("Without split: the largest imbalance accepted, in m². A combination of whole candidates "
               "within it is searched for; when none exists the residual is reported."),
        )
        self.add(
            QgsProcessingParameterBoolean(self.ALLOW_PARTIAL, tr("Allow a partial result"), False),
            tr("When the eligible candidates are not enough: off (default) stops with an error saying how many "
               "mu are missing; on uses all that is available and warns with the missing area."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterNumber(
                self.MIN_PIECE, tr("Smallest usable candidate piece (m²)"), QgsProcessingParameterNumber.Double,
                1.0, False, 0.0,
            ),
            tr("Pieces of candidate land smaller than this after clipping (slivers along shared edges) are not "
               "used."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterString(self.SLOPE_FIELD, tr("Slope grade field"), "PDJB", optional=True),
            tr("Field holding the slope grade (坡度级别 1–5) of the line, candidate and swap-in features, for "
               "the ledger's quality comparison; GDPDJB is tried when it is missing."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterString(
                self.TOWNSHIP_FIELD, tr("Location unit code field"), DEFAULT_TOWNSHIP_FIELD, optional=True
            ),
            tr("Field holding the location unit code (坐落单位代码, e.g. ZLDWDM) of the line, candidate and "
               "swap-in features; the ledger groups the swapped land by its first 9 digits, the township. "
               "Empty: no breakdown by township."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterString(self.DLBM_FIELD, tr("Land-class field"), "DLBM", optional=True),
            tr("Field holding the land-class code (地类编码, e.g. 0101) in the line, candidate and swap-in "
               "features. Codes stored as numbers or without their leading zero (101 for 0101) are written to "
               "the outputs in their four-digit form, as text, with a warning; an eligibility or priority "
               "expression reading such a field is refused, with the fix. Empty: codes are copied as they are."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.HSF, tr("High-standard farmland"), polygons, optional=True
            ),
            tr("Optional high-standard farmland polygons (高标准农田): the ledger then compares their share in "
               "the land swapped in and out."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterBoolean(self.HSF_FIRST, tr("High-standard farmland first"), False),
            tr("Candidates lying mostly (more than half of their area) in the high-standard farmland layer are "
               "taken before all others, as the rules for swapping land into permanent basic farmland ask; the "
               "priority expression orders the candidates within each of the two groups. Needs the "
               "high-standard farmland layer."),
        )
        self.add_area_method()
        self.add_line_kind()
        self.add(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Adjusted control line"), QgsProcessing.TypeVectorPolygon
            ),
            tr("The line after the swap: input features cut where they lose land (attributes unchanged), "
               "swapped-in land added as new features."),
        )
        self.add(
            QgsProcessingParameterFeatureSink(
                self.SWAPPED_IN, tr("Swapped-in land"), QgsProcessing.TypeVectorPolygon, optional=True,
                createByDefault=True,
            ),
            tr("Land added to the line (调入), with its source attributes plus TZLX, TZYY, MJ_MU, MJ_HA."),
        )
        self.add(
            QgsProcessingParameterFeatureSink(
                self.SWAPPED_OUT, tr("Swapped-out land"), QgsProcessing.TypeVectorPolygon, optional=True,
                createByDefault=True,
            ),
            tr("Land taken out of the line (调出), with the line's attributes plus TZLX, TZYY, MJ_MU, MJ_HA."),
        )
        self.add(
            QgsProcessingParameterFeatureSink(
                self.LEDGER, tr("Adjustment ledger"), QgsProcessing.TypeVector, optional=True,
                createByDefault=True,
            ),
            tr("A table (调整台账): count, m², mu and ha by direction, reason and township, subtotals, "
               "totals, balance and the quality comparison."),
        )
        self.addOutput(QgsProcessingOutputNumber(self.OUT_HA, tr("Area swapped out (ha)")))
        self.addOutput(QgsProcessingOutputNumber(self.IN_HA, tr("Area swapped in (ha)")))
        self.addOutput(QgsProcessingOutputNumber(self.BALANCE_M2, tr("Balance: area after minus before (m²)")))

    # ------------------------------------------------------------------------------------------- reading

    def _exclude_layers(self, parameters, context, crs, feedback):
        layers = self.parameterAsLayerList(parameters, self.EXCLUDE, context) or []
        read = []
        for layer in layers:
            if layer.type() != QgsMapLayer.VectorLayer or layer.geometryType() != QgsWkbTypes.PolygonGeometry:
                raise QgsProcessingException(
                    tr("Excluded layer {} is not a polygon layer; give polygon layers only.").format(layer.name())
                )
            read.append(bridge.read_vector_layer(layer, context, feedback, layer.name(), crs=crs, attributes=False))
        return read

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        steps = QgsProcessingMultiStepFeedback(6, feedback)
        source = self.source_keeping_invalid(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        out_source = self.source_keeping_invalid(parameters, self.SWAP_OUT, context)
        in_source = self.source_keeping_invalid(parameters, self.SWAP_IN, context)
        cand_source = self.source_keeping_invalid(parameters, self.CANDIDATES, context)
        hsf_source = self.source_keeping_invalid(parameters, self.HSF, context)
        reason_field = self.parameterAsString(parameters, self.REASON_FIELD, context)
        default_reason = (self.parameterAsString(parameters, self.REASON, context) or "").strip() or DEFAULT_REASON
        if default_reason in {str(k + 1) for k in range(len(SEED_REASONS))}:
            default_reason = SEED_REASONS[int(default_reason) - 1]
        # Taken as typed: parameterAsExpression() would turn an unparsable expression into "" silently.
        eligible_text = (self.parameterAsString(parameters, self.ELIGIBLE, context) or "").strip()
        priority_text = (self.parameterAsString(parameters, self.PRIORITY, context) or "").strip()
        adjacent_first = self.parameterAsBoolean(parameters, self.ADJACENT_FIRST, context)
        split = self.parameterAsBoolean(parameters, self.SPLIT, context)
        tolerance = max(self.parameterAsDouble(parameters, self.TOLERANCE, context), 0.0)
        allow_partial = self.parameterAsBoolean(parameters, self.ALLOW_PARTIAL, context)
        min_piece = max(self.parameterAsDouble(parameters, self.MIN_PIECE, context), 0.0)
        slope_field = (self.parameterAsString(parameters, self.SLOPE_FIELD, context) or "").strip()
        township_field = (self.parameterAsString(parameters, self.TOWNSHIP_FIELD, context) or "").strip()
        land_field = (self.parameterAsString(parameters, self.DLBM_FIELD, context) or "").strip()
        self._refuse_misread_codes(cand_source, land_field, {self.ELIGIBLE: eligible_text,
                                                             self.PRIORITY: priority_text})
        crs = source.sourceCrs()
        label = bridge.layer_label(source, self.INPUT)
        method = self.area_method(parameters, context, crs, feedback)

        def measure(geoms):
            return bridge.areas_m2(geoms, crs, method, context)

        def check():
            bridge.check_canceled(feedback)

        # ---- read everything, in the line's CRS; attributes of the line, SWAP_IN and the candidates go out
        steps.setCurrentStep(0)
        codes = (slope_field, SLOPE_FALLBACK_FIELD, township_field)  # text these layers give the ledger
        line = bridge.read_input(self, parameters, self.INPUT, context, steps, label, text_fields=codes,
                                 passes_text=True)
        warn_if_empty(feedback, line, self.INPUT, tr("no land can leave the line; the outputs hold only land that "
                                                     "must join it."))
        steps.setCurrentStep(1)
        swap_out = None
        if out_source is not None:
            swap_out = bridge.read_input(
                self, parameters, self.SWAP_OUT, context, steps, bridge.layer_label(out_source, self.SWAP_OUT),
                crs=crs, text_fields=(reason_field,),
            )
        swap_in = None
        if in_source is not None:
            swap_in = bridge.read_input(
                self, parameters, self.SWAP_IN, context, steps, bridge.layer_label(in_source, self.SWAP_IN), crs=crs,
                text_fields=codes + SWAP_IN_REASON_FIELDS, passes_text=True,
            )
        excluded = self._exclude_layers(parameters, context, crs, steps)
        hsf = None
        if hsf_source is not None:
            hsf = bridge.read_input(
                self, parameters, self.HSF, context, steps, bridge.layer_label(hsf_source, self.HSF), crs=crs,
                attributes=False,
            )
        steps.setCurrentStep(2)
        cand = None
        if cand_source is not None:
            # Only eligible candidates are read, filtered as QGIS filters; their attributes are fetched
            # later for the few that are chosen (a county has 200 000 land-use parcels).
            cand = bridge.read_input(
                self, parameters, self.CANDIDATES, context, steps, bridge.layer_label(cand_source, self.CANDIDATES),
                crs=crs, attributes=False, expressions={"priority": priority_text}, filter_expression=eligible_text,
                text_fields=codes, passes_text=True,
            )
            if eligible_text:
                feedback.pushInfo(
                    tr("Layer {}: {} candidate features are eligible ({}).").format(cand.name, len(cand), eligible_text)
                )
        check()

        line_geoms = swap.polygonal(line.geoms)
        self._snap_reprojected(feedback, crs, line_geoms, [
            (out_source, swap_out), (in_source, swap_in), (cand_source, cand),
        ])
        exclude_geoms = (
            np.concatenate([swap.polygonal(layer.geoms) for layer in excluded])
            if excluded else np.empty(0, dtype=object)
        )

        # ---- 1. land that must leave: its overlap with the line, each piece with its reason
        steps.setCurrentStep(3)
        out_geoms = np.empty(0, dtype=object)
        forced_line = np.empty(0, dtype=np.int64)  # line feature of each forced swap-out piece
        forced_geoms = np.empty(0, dtype=object)
        forced_reasons = []
        if swap_out is not None and len(swap_out):
            out_geoms = swap.polygonal(swap_out.geoms)
            reasons = self._swap_out_reasons(swap_out, reason_field, default_reason)
            # Where swap-out polygons overlap, the overlap belongs to the first: counted once.
            disjoint = swap.make_disjoint(out_geoms, np.arange(len(out_geoms)))
            li, sj = swap.overlap_pairs(line_geoms, disjoint)
            pieces = swap.polygonal(shapely.intersection(line_geoms[li], disjoint[sj])) if len(li) else li
            keep = np.array([p is not None for p in pieces], dtype=bool)
            forced_line, forced_geoms = li[keep], np.asarray(pieces, dtype=object)[keep]
            forced_reasons = [reasons[j] for j in sj[keep]]
            # A parcel covered all but a sliver (a swap-out layer in another CRS) leaves whole.
            forced_geoms = swap.absorb_remnants(line_geoms, forced_line, forced_geoms, measure, EXACT_M2)
        forced_out_m2 = measure(forced_geoms) if len(forced_geoms) else np.empty(0)
        steps.setProgress(50)
        check()

        # ---- 2. land that must join: its part outside the line, the excluded layers and the swap-outs
        in_geoms = np.empty(0, dtype=object)
        in_index = np.empty(0, dtype=np.int64)  # SWAP_IN feature of each added piece
        if swap_in is not None and len(swap_in):
            wanted = swap.polygonal(swap_in.geoms)
            blockers = np.concatenate([line_geoms, exclude_geoms, out_geoms])
            gi, bj = swap.overlap_pairs(wanted, blockers)
            excluded_hits = np.unique(gi[(bj >= len(line_geoms)) & (bj < len(line_geoms) + len(exclude_geoms))])
            if len(excluded_hits):
                feedback.pushWarning(
                    tr("Layer {}: {} swap-in features overlap the excluded layers; only their part outside "
                       "is swapped in (feature ids {}).").format(
                        swap_in.name, len(excluded_hits), _ids(swap_in.fids[excluded_hits])
                    )
                )
            clipped = swap.make_disjoint(swap.subtract(wanted, blockers, gi, bj), np.arange(len(wanted)))
            in_index = np.array([k for k, g in enumerate(clipped) if g is not None], dtype=np.int64)
            in_geoms = np.asarray(clipped, dtype=object)[in_index] if len(in_index) else np.empty(0, dtype=object)
        forced_in_m2 = measure(in_geoms) if len(in_geoms) else np.empty(0)
        difference_m2 = float(forced_out_m2.sum() - forced_in_m2.sum())
        feedback.pushInfo(
            tr("Required swap-outs: {} pieces, {:.4f} mu; required swap-ins: {} pieces, {:.4f} mu.").format(
                len(forced_geoms), units.m2_to_mu(forced_out_m2.sum()), len(in_geoms),
                units.m2_to_mu(forced_in_m2.sum()),
            )
        )

        # The line after the required changes: what candidates must touch (in) or peel from (out).
        cut_geoms = swap.subtract(line_geoms, forced_geoms, forced_line, np.arange(len(forced_geoms)))
        new_line = np.concatenate([cut_geoms[~shapely.is_missing(cut_geoms)], in_geoms])
        check()

        # ---- 3. balance with candidates
        steps.setCurrentStep(4)
        slack = swap.SPLIT_TOLERANCE_M2 if split else tolerance
        direction = None
        need = 0.0
        if difference_m2 > slack:
            direction, need = ledger.SWAP_IN, difference_m2
        elif difference_m2 < -slack:
            direction, need = ledger.SWAP_OUT, -difference_m2
        chosen = _Choice()
        if direction is not None:
            if cand is None:
                if direction == ledger.SWAP_IN:
                    text = tr("{:.4f} mu of candidate land must be swapped in to balance the line, but no "
                              "candidate layer was given. Give the candidate land (e.g. the land-use parcels).")
                else:
                    text = tr("{:.4f} mu of candidate land must be swapped out to balance the line, but no "
                              "candidate layer was given. Give the candidate land (e.g. the land-use parcels).")
                raise QgsProcessingException(text.format(units.m2_to_mu(need)))
            if self.parameterAsBool(parameters, self.HSF_FIRST, context):
                self._put_hsf_first(cand, hsf)
            chosen = self._balance(
                direction, need, cand, line_geoms, cut_geoms, new_line, exclude_geoms, out_geoms, in_geoms,
                adjacent_first, split, tolerance, allow_partial, min_piece, measure, check, feedback, steps,
            )
        check()

        # ---- 4. assemble the outputs
        steps.setCurrentStep(5)
        # Every piece that leaves the line, with the line feature it leaves from.
        removal_line = np.r_[forced_line, chosen.out_line].astype(np.int64)
        removal_geoms = np.concatenate([forced_geoms, chosen.out_geoms]) if len(chosen.out_geoms) else forced_geoms
        self._refuse_overlapping_removal(label, line, line_geoms, removal_line, removal_geoms, measure)
        final_geoms = swap.subtract(line_geoms, removal_geoms, removal_line, np.arange(len(removal_geoms)))
        changed = np.unique(removal_line)
        out_m2 = np.r_[forced_out_m2, chosen.out_m2]
        in_m2 = np.r_[forced_in_m2, chosen.in_m2]
        balance_m2 = float(
            measure(final_geoms[changed]).sum() - measure(line_geoms[changed]).sum() + in_m2.sum()
        ) if len(changed) or len(in_m2) else 0.0
        check()

        if cand is not None:
            self._fetch_candidate_rows(cand, cand_source, chosen.in_cand, context)
        self._normalise_codes(feedback, land_field, [(line, np.arange(len(line))), (swap_in, in_index),
                                                     (cand, chosen.in_cand)])
        self._warn_fields(feedback, slope_field, township_field,
                          [(line, len(removal_line)), (swap_in, len(in_index)), (cand, len(chosen.in_cand))])
        results, ledger_rows = self._write(
            parameters, context, steps, line, swap_in, cand, final_geoms, removal_line, removal_geoms, out_m2,
            forced_reasons, chosen, in_index, in_geoms, in_m2, slope_field, township_field, hsf, measure,
        )
        self._report(feedback, label, method, direction, need, chosen, out_m2, in_m2, balance_m2, split,
                     tolerance, ledger_rows)
        results.update({
            self.OUT_HA: float(units.m2_to_ha(out_m2.sum())),
            self.IN_HA: float(units.m2_to_ha(in_m2.sum())),
            self.BALANCE_M2: balance_m2,
        })
        return results

    # ------------------------------------------------------------------------------------------- checks

    @staticmethod
    def _snap_reprojected(feedback, crs, line_geoms, layers):
        """Snap the layers read from another CRS onto the line's edges, within a micrometre.

        A land-use layer in EPSG:4528 (zone-prefixed) next to a line in EPSG:4549 describes the same
        edges, but the transform leaves nanometres of noise: a candidate next to the line would no longer
        touch it (adjacent first would treat it as detached), and a swap-out polygon drawn on a parcel
        would cut slivers off its neighbours. ``layers``: (source, read LayerArrays or None).
        """
        moved = [(source, layer) for source, layer in layers
                 if layer is not None and len(layer) and source.sourceCrs() != crs]
        if not moved:
            return
        chunks, _ = swap.boundary_chunks(line_geoms[~shapely.is_missing(line_geoms)])
        metre = QgsUnitTypes.fromUnitToUnitFactor(QgsUnitTypes.DistanceMeters, crs.mapUnits())
        for source, layer in moved:
            layer.geoms = swap.snap_to(layer.geoms, chunks, SNAP_M * metre)
            feedback.pushInfo(
                tr("Layer {} was reprojected from {} to {}; its vertices within {} m of the line's edges were "
                   "snapped onto them.").format(layer.name, source.sourceCrs().authid(), crs.authid(), SNAP_M)
            )

    @staticmethod
    def _refuse_overlapping_removal(label, line, line_geoms, removal_line, removal_geoms, measure):
        """Stop when land leaving the line lies in another feature of the line too.

        Each piece that leaves is cut from one feature. Where features of the line overlap (a duplicate,
        a digitising overlap), the other feature either keeps that ground — it stays in the line although
        the ledger counts it out — or loses it as well, and it is counted out twice. Either way the line
        would not keep its area while the balance says it does.
        """
        if not len(removal_geoms):
            return
        pi, lj = swap.overlap_pairs(removal_geoms, line_geoms)
        other = lj != removal_line[pi]
        pi, lj = pi[other], lj[other]
        if not len(pi):
            return
        pieces = swap.polygonal(shapely.intersection(removal_geoms[pi], line_geoms[lj]))
        double = measure(pieces) > EXACT_M2
        if not double.any():
            return
        fids = np.unique(np.r_[line.fids[removal_line[pi[double]]], line.fids[lj[double]]])
        # One overlap is found from both of its features: measure the ground once.
        shared = measure(np.array([shapely.union_all(pieces[double])], dtype=object))
        raise QgsProcessingException(
            tr("Layer {}: features {} overlap each other where land leaves the line ({:.2f} m² in common), so "
               "that land would be counted out while it stays in the line, or counted out twice, and the "
               "balance would be wrong. A control line's features must not overlap: delete the duplicate "
               "features or remove the overlaps (e.g. with Delete duplicate geometries), then run again.").format(
                label, _ids(fids), float(shared[0])
            )
        )

    def _refuse_misread_codes(self, cand_source, land_field, expressions):
        """Stop before anything is read when an expression on the candidates reads land-class codes stored as
        numbers or without their leading zero: QGIS, not planmaint, evaluates it, on the field as stored, and
        would select the wrong land (see ``landclass``). ``expressions``: {parameter name: text}."""
        reading = [name for name, text in expressions.items() if landclass.reads_field(text, land_field)]
        if cand_source is None or not reading:
            return
        problem = landclass.stored_problem(cand_source, land_field)
        if problem is not None:
            reader = tr("the expression of {} ({})").format(reading[0], expressions[reading[0]])
            raise landclass.refusal(bridge.layer_label(cand_source, self.CANDIDATES), land_field, problem, reader)

    @staticmethod
    def _normalise_codes(feedback, field_name, layers):
        """Give the land-class codes that reach the outputs their four-digit form, as text (``core.landcodes``).

        Swapped-in land joins the new line with its source's attributes: a code stored as 101 would enter the
        new farmland as 101 or '101' and match no class there. When the codes of any layer need it, the field
        becomes text in every layer read here, so that all outputs hold one form. ``layers``: (LayerArrays or
        None, positions of its rows that reach an output). The rows are the run's own copies.
        """
        found = []
        for layer, positions in layers:
            index = layer.fields.lookupField(field_name) if layer is not None and field_name else -1
            if index < 0:
                continue
            values = [layer.rows[k][index] for k in positions]
            values = [None if _is_qnull(v) else v for v in values]  # NULL of any type
            found.append((layer, index, positions, landcodes.normalise_codes(values)))
        if not any(layer.fields.at(index).isNumeric() or codes.changed for layer, index, _, codes in found):
            return
        for layer, index, positions, codes in found:
            for k, code in zip(positions, codes.codes):
                row = list(layer.rows[k])
                row[index] = code or None
                layer.rows[k] = row
            layer.fields = _as_text_field(layer.fields, index)
            if codes.needed:
                feedback.pushWarning(landclass.normalised_warning(layer.name, field_name, codes, written=True))

    @staticmethod
    def _warn_fields(feedback, slope_field, township_field, contributing):
        """Warn about mapped fields missing from a layer whose land is in the ledger (they would leave it
        quietly without its slope grade or township). ``contributing``: (layer, number of pieces)."""
        for layer, pieces in contributing:
            if layer is None or not pieces:
                continue
            fields = layer.fields
            if slope_field and fields.lookupField(slope_field) < 0 and fields.lookupField(SLOPE_FALLBACK_FIELD) < 0:
                feedback.pushWarning(
                    tr("Layer {} has no slope grade field {} (nor {}): its land is left out of the ledger's mean "
                       "slope grade. Its fields are: {}. Set SLOPE_FIELD to the field holding the slope grade.").format(
                        layer.name, slope_field, SLOPE_FALLBACK_FIELD, bridge.field_list(fields)
                    )
                )
            if township_field and fields.lookupField(township_field) < 0:
                feedback.pushWarning(
                    tr("Layer {} has no location unit code field {}: the ledger cannot give the township of its "
                       "land. Its fields are: {}. Set TOWNSHIP_FIELD to the field holding the code, or leave it "
                       "empty.").format(layer.name, township_field, bridge.field_list(fields))
                )

    # ------------------------------------------------------------------------------------------ reasons

    def _swap_out_reasons(self, swap_out, reason_field, default_reason):
        if not reason_field:
            return [default_reason] * len(swap_out)
        index = swap_out.fields.lookupField(reason_field)
        if index < 0:
            raise QgsProcessingException(
                tr("Layer {} has no field {}: choose the reason field among its fields ({}), or leave it empty "
                   "to use the default reason.").format(swap_out.name, reason_field, bridge.field_list(swap_out.fields))
            )
        return [default_reason if _is_null(row[index]) else str(row[index]).strip() for row in swap_out.rows]

    # ------------------------------------------------------------------------------------------ balance

    def _put_hsf_first(self, cand, hsf):
        """Raise the priority of candidates mostly on high-standard farmland above every other candidate.

        The ranking knows one number per candidate, so the HSF group is lifted by more than the whole
        spread of the priority values: within each group the user's priority still decides.
        """
        if hsf is None:
            raise QgsProcessingException(
                tr("High-standard farmland first needs the high-standard farmland layer (parameter {}).").format(
                    self.HSF
                )
            )
        priority = _numbers(cand.values["priority"], cand) if "priority" in cand.values else np.zeros(len(cand))
        geoms = swap.polygonal(cand.geoms)
        hsf_geoms = swap.polygonal(hsf.geoms)
        ci, hj = swap.overlap_pairs(geoms, hsf_geoms)
        outside = swap.subtract(geoms, hsf_geoms, ci, hj)
        total = np.nan_to_num(shapely.area(geoms))
        inside = total - np.where(shapely.is_missing(outside), 0.0, np.nan_to_num(shapely.area(outside)))
        mostly_hsf = inside > 0.5 * total
        finite = priority[np.isfinite(priority)]
        lift = 2.0 * (np.abs(finite).max() if len(finite) else 0.0) + 1.0
        cand.values["priority"] = np.where(mostly_hsf, priority + lift, priority)

    def _balance(self, direction, need, cand, line_geoms, cut_geoms, new_line, exclude_geoms, out_geoms,
                 in_geoms, adjacent_first, split, tolerance, allow_partial, min_piece, measure, check, feedback,
                 steps):
        priority = np.zeros(len(cand))
        if "priority" in cand.values:
            priority = _numbers(cand.values["priority"], cand)
        geoms = swap.polygonal(cand.geoms)
        pool = np.flatnonzero(~shapely.is_missing(geoms))
        _, cand_rank = swap.preference_rank(priority[pool], pool)

        if direction == ledger.SWAP_IN:
            # Candidate land outside the line, the excluded layers, the swap-outs and the required swap-ins.
            blockers = np.concatenate([line_geoms, exclude_geoms, out_geoms, in_geoms])
            gi, bj = swap.overlap_pairs(geoms[pool], blockers)
            clipped = swap.subtract(geoms[pool], blockers, gi, bj)
            clipped = swap.make_disjoint(clipped, cand_rank)
            units_geoms, owner = swap.explode(clipped)
            unit_cand = pool[owner]
            unit_line = np.full(len(owner), -1, dtype=np.int64)
            contact_chunks, _ = swap.boundary_chunks(new_line)
        else:
            # Candidate land inside the line as it is after the required swap-outs.
            ci, li = swap.overlap_pairs(geoms[pool], cut_geoms)
            pieces = swap.clip_to(geoms[pool], cut_geoms, ci, li)
            pieces = swap.make_disjoint(np.asarray(pieces, dtype=object), cand_rank[ci])
            units_geoms, owner = swap.explode(pieces)
            unit_cand = pool[ci[owner]]
            unit_line = li[owner]
            # Swap-outs peel from the outer edge of the line as it now is (holes' edges do not count), so
            # the line is merged first (the same patch-wise merge planmaint:fillholes uses).
            contact_chunks, _ = swap.boundary_chunks(holes.dissolve(new_line), exterior_only=True)
        steps.setProgress(40)
        check()
        unit_m2 = measure(units_geoms) if len(units_geoms) else np.empty(0)
        usable = unit_m2 >= max(min_piece, 1e-9)
        units_geoms, unit_cand, unit_line, unit_m2 = (
            units_geoms[usable], unit_cand[usable], unit_line[usable], unit_m2[usable]
        )
        ui, cj = swap.edge_contacts(units_geoms, contact_chunks)
        seeds = np.zeros(len(units_geoms), dtype=bool)
        seeds[ui] = True
        pointer, neighbours = swap.unit_neighbours(units_geoms)
        steps.setProgress(70)
        check()

        allow_detached = direction == ledger.SWAP_IN or not adjacent_first
        if adjacent_first and not allow_detached:
            available = swap.reachable_area(unit_m2, seeds, pointer, neighbours)
        else:
            available = float(unit_m2.sum())
        slack = swap.SPLIT_TOLERANCE_M2 if split else tolerance
        missing = need - available
        if missing > slack and not allow_partial:
            raise QgsProcessingException(self._shortage_message(direction, need, available, cand.name,
                                                                adjacent_first))
        unit_priority = priority[unit_cand]
        growth = swap.grow(unit_m2, unit_priority, unit_cand, seeds, pointer, neighbours, need,
                           adjacent_first=adjacent_first, allow_detached=allow_detached, split=split,
                           tolerance=tolerance, check=check)
        taken = list(growth.taken)
        gap = growth.gap
        if not split and gap > tolerance and missing <= tolerance:
            graph = swap.UnitGraph(unit_m2, unit_priority, unit_cand, seeds, pointer, neighbours)
            rule = swap.GrowthRule(adjacent_first=adjacent_first, allow_detached=allow_detached, split=split,
                                   tolerance=tolerance)
            found = swap.close_gap(growth, graph, gap, rule)
            if found is not None:
                added, removed = found
                taken = [u for u in taken if u not in set(removed)] + added
                gap = need - float(unit_m2[taken].sum())
        steps.setProgress(85)

        choice = _Choice(direction=direction, need=need, available=available, units_used=len(taken))
        piece_geom, piece_unit, piece_m2 = None, -1, 0.0
        if growth.last >= 0:
            u = growth.last
            state = growth.state
            partners = [units_geoms[v] for v in neighbours[pointer[u]:pointer[u + 1]] if state[v] == swap.TAKEN]
            partners += list(contact_chunks[cj[ui == u]])
            contact = swap.contact_between(units_geoms[u], partners)
            if contact is None:
                contact = self._nearest_point(units_geoms[u], contact_chunks, units_geoms[taken])
            piece_geom, piece_m2 = swap.cut_to_area(units_geoms[u], growth.last_target, contact, measure)
            piece_unit = u
            choice.split = piece_geom is not None
            gap = growth.last_target - piece_m2
        choice.gap = gap

        # Group the chosen land by candidate (swap-in) or by candidate and line feature (swap-out).
        groups = {}
        for u in taken:
            groups.setdefault((int(unit_cand[u]), int(unit_line[u])), []).append(units_geoms[u])
        if piece_geom is not None:
            groups.setdefault((int(unit_cand[piece_unit]), int(unit_line[piece_unit])), []).append(piece_geom)
        keys = list(groups)
        merged = np.array(
            [g[0] if len(g) == 1 else shapely.union_all(g) for g in groups.values()], dtype=object
        )
        if len(keys):
            merged = swap.polygonal(merged)
        merged_m2 = measure(merged) if len(keys) else np.empty(0)
        cands = np.array([k[0] for k in keys], dtype=np.int64)
        lines = np.array([k[1] for k in keys], dtype=np.int64)
        if direction == ledger.SWAP_IN:
            choice.in_cand, choice.in_geoms, choice.in_m2 = cands, merged, merged_m2
        else:
            choice.out_cand, choice.out_line, choice.out_geoms, choice.out_m2 = cands, lines, merged, merged_m2
        return choice

    @staticmethod
    def _fetch_candidate_rows(cand, cand_source, positions, context):
        """Fill ``cand.rows`` (by position) with the attributes of the chosen candidates only."""
        cand.rows = [None] * len(cand)
        positions = np.unique(np.asarray(positions, dtype=np.int64))
        if not len(positions):
            return
        chosen = bridge.read_layer(cand_source, context, None, cand.name, fids=cand.fids[positions],
                                   polygons=False)
        by_fid = dict(zip(chosen.fids.tolist(), chosen.rows))
        for k in positions:
            cand.rows[k] = by_fid[int(cand.fids[k])]

    @staticmethod
    def _nearest_point(unit, chunks, taken_geoms):
        """For a detached unit: its boundary point nearest the line (or the land already chosen)."""
        refs = [g for g in np.r_[chunks, taken_geoms] if g is not None]
        if not refs:
            return shapely.Point(shapely.get_coordinates(unit)[0])
        tree = shapely.STRtree(np.array(refs, dtype=object))
        nearest = tree.query_nearest(unit, all_matches=False)
        ref = refs[int(np.atleast_1d(nearest)[0])]
        return shapely.get_point(shapely.shortest_line(unit, ref), 0)

    def _shortage_message(self, direction, need, available, cand_name, adjacent_first):
        missing = need - available
        if direction == ledger.SWAP_IN:
            text = tr(
                "Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped in, but "
                "layer {} offers only {:.4f} mu outside the line and the excluded layers; {:.4f} mu "
                "({:.4f} ha) are missing. Add candidates, widen the eligibility expression, exclude fewer "
                "layers or swap out less; or allow a partial result."
            )
        elif adjacent_first:
            text = tr(
                "Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped out, but "
                "layer {} offers only {:.4f} mu inside the line that can be peeled from its outer edge "
                "without making a hole; {:.4f} mu ({:.4f} ha) are missing. Add candidates, widen the "
                "eligibility expression or swap in less; switch off adjacent first to allow land anywhere "
                "inside the line; or allow a partial result."
            )
        else:
            text = tr(
                "Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped out, but "
                "layer {} offers only {:.4f} mu inside the line; {:.4f} mu ({:.4f} ha) are missing. Add "
                "candidates, widen the eligibility expression or swap in less; or allow a partial result."
            )
        return text.format(units.m2_to_mu(need), cand_name, units.m2_to_mu(available), units.m2_to_mu(missing),
                           units.m2_to_ha(missing))

    # -------------------------------------------------------------------------------------------- write

    def _write(self, parameters, context, feedback, line, swap_in, cand, final_geoms, removal_line,
               removal_geoms, out_m2, forced_reasons, chosen, in_index, in_geoms, in_m2, slope_field,
               township_field, hsf, measure):
        crs = line.crs
        polygon = QgsWkbTypes.MultiPolygon
        extra = [
            new_field("TZLX", QVariant.String, "string", 20),
            new_field("TZYY", QVariant.String, "string", 100),
            new_field("MJ_MU", QVariant.Double, "double", 20, 6),
            new_field("MJ_HA", QVariant.Double, "double", 20, 6),
        ]
        results = {}
        # Every sink stays open until the end: a GeoPackage output commits its features when its sink is
        # released, so a run canceled half-way must not have released the first outputs already.
        sinks = []

        # The adjusted line: every input feature (cut where it lost land, dropped when nothing is left;
        # features without geometry pass through), then the land swapped in.
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, line.fields, polygon, crs)
        sinks.append(sink)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        results[self.OUTPUT] = dest
        self.style_line_output(parameters, context, feedback, dest, line.name)
        keep = shapely.is_missing(line.geoms) | ~shapely.is_missing(final_geoms)
        geoms = list(np.where(shapely.is_missing(line.geoms), None, final_geoms)[keep])
        rows = [line.rows[i] for i in np.flatnonzero(keep)]
        to_line_in = _mapper(line.fields, swap_in.fields) if swap_in is not None else None
        to_line_cand = _mapper(line.fields, cand.fields) if cand is not None else None
        geoms += list(in_geoms)
        rows += [to_line_in(swap_in.rows[k]) for k in in_index]
        geoms += list(chosen.in_geoms)
        rows += [to_line_cand(cand.rows[c]) for c in chosen.in_cand]
        bridge.write_features(sink, np.array(geoms, dtype=object), rows, feedback, self.OUTPUT, line.fields)
        feedback.setProgress(40)
        bridge.check_canceled_writing(feedback, self.OUTPUT)

        # Swapped-out land: line attributes.
        out_reasons = list(forced_reasons) + [BALANCE_OUT_REASON] * len(chosen.out_geoms)
        # A field of the source named like one of ours (the line may come from an earlier swap) gives way
        # to ours: its reason is already read into TZYY, its area no longer fits the piece.
        out_fields = _fields_except(line.fields, SWAP_FIELDS)
        from_line = _mapper(out_fields, line.fields)
        out_rows = [
            from_line(line.rows[i]) + [ledger.SWAP_OUT, r, float(units.m2_to_mu(a)), float(units.m2_to_ha(a))]
            for i, r, a in zip(removal_line, out_reasons, out_m2)
        ]
        out_sink_fields = bridge.combined_fields(out_fields, extra)
        sink, dest = self.parameterAsSink(parameters, self.SWAPPED_OUT, context, out_sink_fields, polygon, crs)
        sinks.append(sink)
        if sink is not None:
            results[self.SWAPPED_OUT] = dest
            styles.apply_style(context, dest, "swapped_out")
            bridge.write_features(sink, removal_geoms, out_rows, feedback, self.SWAPPED_OUT, out_sink_fields)
        feedback.setProgress(60)
        bridge.check_canceled_writing(feedback, self.SWAPPED_OUT)

        # Swapped-in land: the fields of the candidates, then those of SWAP_IN not already there.
        in_fields = QgsFields()
        for layer in (cand, swap_in):
            if layer is None:
                continue
            for field in _fields_except(layer.fields, SWAP_FIELDS):
                if in_fields.lookupField(field.name()) < 0:
                    in_fields.append(field)
        in_reasons = self._swap_in_reasons(swap_in, in_index) + [BALANCE_IN_REASON] * len(chosen.in_geoms)
        in_source_rows = []
        if swap_in is not None:
            from_in = _mapper(in_fields, swap_in.fields)
            in_source_rows += [from_in(swap_in.rows[k]) for k in in_index]
        if cand is not None:
            from_cand = _mapper(in_fields, cand.fields)
            in_source_rows += [from_cand(cand.rows[c]) for c in chosen.in_cand]
        in_rows = [
            row + [ledger.SWAP_IN, r, float(units.m2_to_mu(a)), float(units.m2_to_ha(a))]
            for row, r, a in zip(in_source_rows, in_reasons, in_m2)
        ]
        all_in_geoms = np.concatenate([in_geoms, chosen.in_geoms]) if len(chosen.in_geoms) else in_geoms
        in_sink_fields = bridge.combined_fields(in_fields, extra)
        sink, dest = self.parameterAsSink(parameters, self.SWAPPED_IN, context, in_sink_fields, polygon, crs)
        sinks.append(sink)
        if sink is not None:
            results[self.SWAPPED_IN] = dest
            styles.apply_style(context, dest, "swapped_in")
            bridge.write_features(sink, all_in_geoms, in_rows, feedback, self.SWAPPED_IN, in_sink_fields)
        feedback.setProgress(80)
        bridge.check_canceled_writing(feedback, self.SWAPPED_IN)

        # The ledger.
        township = [ledger.township_of(v) for v in _column(line, township_field, removal_line)]
        slope_out = _column(line, slope_field, removal_line, SLOPE_FALLBACK_FIELD)
        in_township, slope_in = [], []
        slope_fids = [line.fids[i] for i in removal_line]  # the feature each slope value comes from
        if swap_in is not None:
            in_township += [ledger.township_of(v) for v in _column(swap_in, township_field, in_index)]
            slope_in += _column(swap_in, slope_field, in_index, SLOPE_FALLBACK_FIELD)
            slope_fids += [swap_in.fids[k] for k in in_index]
        if cand is not None:
            in_township += [ledger.township_of(v) for v in _column(cand, township_field, chosen.in_cand)]
            slope_in += _column(cand, slope_field, chosen.in_cand, SLOPE_FALLBACK_FIELD)
            slope_fids += [cand.fids[c] for c in chosen.in_cand]
        has_slope = any(v is not None for v in slope_out + slope_in)
        unreadable = [f for f, v in zip(slope_fids, slope_out + slope_in) if v is not None and ledger.number(v) is None]
        if unreadable:
            # Text such as "abc" in the slope field would silently drop out of the mean: name the features.
            feedback.pushWarning(
                tr("The slope grade field {} holds values that are not numbers in {} swapped pieces (source "
                   "feature ids {}); they are left out of the ledger's mean slope grade. Correct the field "
                   "(grades 1–5).").format(slope_field, len(unreadable), _ids(unreadable))
            )
        hsf_m2 = None
        if hsf is not None:
            pieces = np.concatenate([removal_geoms, all_in_geoms])
            areas = np.r_[out_m2, in_m2]
            hsf_geoms = swap.polygonal(hsf.geoms)
            pi, hj = swap.overlap_pairs(pieces, hsf_geoms)
            outside = swap.subtract(pieces, hsf_geoms, pi, hj)
            hsf_m2 = areas - np.where(shapely.is_missing(outside), 0.0, measure(outside))
        rows = ledger.build_ledger(
            [ledger.SWAP_OUT] * len(removal_geoms) + [ledger.SWAP_IN] * len(all_in_geoms),
            out_reasons + in_reasons,
            township + in_township,
            np.r_[out_m2, in_m2],
            slope=(slope_out + slope_in) if has_slope else None,
            hsf_m2=hsf_m2,
        )
        ledger_fields = QgsFields()
        for field in (
            new_field("KIND", QVariant.String, "string", 20),
            new_field("TZLX", QVariant.String, "string", 20),
            new_field("TZYY", QVariant.String, "string", 100),
            new_field("TOWNSHIP", QVariant.String, "string", 20),
            new_field("COUNT", QVariant.Int),
            new_field("MJ_M2", QVariant.Double, "double", 24, 4),
            new_field("MJ_MU", QVariant.Double, "double", 20, 6),
            new_field("MJ_HA", QVariant.Double, "double", 20, 6),
            new_field("INDICATOR", QVariant.String, "string", 60),
            new_field("IN_VALUE", QVariant.Double, "double", 20, 4),
            new_field("OUT_VALUE", QVariant.Double, "double", 20, 4),
        ):
            ledger_fields.append(field)
        sink, dest = self.parameterAsSink(parameters, self.LEDGER, context, ledger_fields, QgsWkbTypes.NoGeometry)
        sinks.append(sink)
        if sink is not None:
            results[self.LEDGER] = dest
            kinds = {
                "detail": tr("detail"), "subtotal": tr("subtotal"), "total": tr("total"),
                "balance": tr("balance"), "quality": tr("quality"),
            }
            indicators = {"slope": tr("mean slope grade"), "hsf": tr("high-standard farmland share (%)")}
            table = []
            for r in rows:
                if r.kind == "quality":
                    table.append([kinds[r.kind], None, None, None, None, None, None, None,
                                  indicators[r.indicator], r.in_value, r.out_value])
                else:
                    table.append([kinds[r.kind], r.direction or None, r.reason or None, r.township or None,
                                  r.count if r.kind != "balance" else None, r.m2, float(r.mu), float(r.ha),
                                  None, None, None])
            bridge.write_features(sink, np.array([None] * len(table), dtype=object), table, feedback, self.LEDGER)
        feedback.setProgress(100)
        # A cancel that came while the outputs were written must not end as a reported success.
        bridge.check_canceled_writing(feedback)
        return results, rows

    def _swap_in_reasons(self, swap_in, in_index):
        if swap_in is None:
            return []
        index = -1
        for name in SWAP_IN_REASON_FIELDS:
            index = swap_in.fields.lookupField(name)
            if index >= 0:
                break
        if index < 0:
            return [REQUIRED_IN_REASON] * len(in_index)
        values = [swap_in.rows[k][index] for k in in_index]
        return [REQUIRED_IN_REASON if _is_null(v) else str(v).strip() for v in values]

    # ------------------------------------------------------------------------------------------- report

    def _report(self, feedback, label, method, direction, need, chosen, out_m2, in_m2, balance_m2, split,
                tolerance, ledger_rows):
        feedback.pushInfo(
            tr("Area method: {}.").format(
                tr("ellipsoidal (CGCS2000)") if method == bridge.AREA_ELLIPSOIDAL else tr("planar")
            )
        )
        if direction is not None:
            if direction == ledger.SWAP_IN:
                text = tr("Balancing {:.4f} mu by swapping candidate land in: {} candidate pieces used.")
            else:
                text = tr("Balancing {:.4f} mu by swapping candidate land out: {} candidate pieces used.")
            feedback.pushInfo(text.format(units.m2_to_mu(need), chosen.units_used + (1 if chosen.split else 0)))
            if chosen.split:
                feedback.pushInfo(tr("The last candidate piece was cut to the exact area still needed."))
        feedback.pushInfo(
            tr("Swapped out {:.4f} mu ({:.4f} ha); swapped in {:.4f} mu ({:.4f} ha); balance of layer {}: "
               "{:.4f} m².").format(
                units.m2_to_mu(out_m2.sum()), units.m2_to_ha(out_m2.sum()), units.m2_to_mu(in_m2.sum()),
                units.m2_to_ha(in_m2.sum()), label, balance_m2,
            )
        )
        limit = EXACT_M2 if split else tolerance
        if abs(balance_m2) > limit:
            if direction is not None and chosen.need - chosen.available > limit:
                feedback.pushWarning(
                    tr("Partial result: the eligible candidates were not enough; {:.4f} mu ({:.4f} ha) are "
                       "still missing and the line's area changed by {:.4f} m².").format(
                        units.m2_to_mu(chosen.need - chosen.available),
                        units.m2_to_ha(chosen.need - chosen.available), balance_m2,
                    )
                )
            elif not split:
                feedback.pushWarning(
                    tr("No combination of whole candidates balances the line within {} m²: the residual is "
                       "{:.4f} m² ({:.6f} mu). Allow splitting, raise the tolerance or add candidates.").format(
                        tolerance, balance_m2, units.m2_to_mu(balance_m2)
                    )
                )
            else:
                feedback.pushWarning(
                    tr("The line's area changed by {:.4f} m², more than {} m². Check layer {} for features "
                       "that overlap each other: overlapping land is counted once per feature.").format(
                        balance_m2, EXACT_M2, label
                    )
                )
        for row in ledger.quality_worse(ledger_rows):
            name = tr("mean slope grade") if row.indicator == "slope" else tr("high-standard farmland share (%)")
            feedback.pushWarning(
                tr("Quality: the land swapped in is worse than the land swapped out on {}: {:.2f} in against "
                   "{:.2f} out. Swap-ins should not be of lower quality; consider a priority expression.").format(
                    name, row.in_value, row.out_value
                )
            )


class _Choice:
    """The candidate land chosen to balance, per output feature, and how the balance went."""

    def __init__(self, direction=None, need=0.0, available=0.0, units_used=0):
        self.direction = direction
        self.need = need
        self.available = available
        self.units_used = units_used
        self.split = False
        self.gap = 0.0
        self.in_cand = np.empty(0, dtype=np.int64)
        self.in_geoms = np.empty(0, dtype=object)
        self.in_m2 = np.empty(0)
        self.out_cand = np.empty(0, dtype=np.int64)
        self.out_line = np.empty(0, dtype=np.int64)
        self.out_geoms = np.empty(0, dtype=object)
        self.out_m2 = np.empty(0)


def _ids(fids, shown=20):
    fids = list(fids)
    return ", ".join(str(f) for f in fids[:shown]) + (" …" if len(fids) > shown else "")


def _numbers(values, layer):
    """Priority values as floats (NULL → NaN, taken last); anything else names the features."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        return values.astype(float)
    if set(map(type, values)) <= {int, float}:
        # Numbers only (a priority expression nearly always gives them): one conversion for the column.
        return np.asarray(values, dtype=float)
    out = np.full(len(values), np.nan)
    bad = []
    for k, value in enumerate(values):
        if _is_null(value):
            continue
        try:
            out[k] = float(value)
        except (TypeError, ValueError):
            bad.append(k)
    if bad:
        raise QgsProcessingException(
            tr("Layer {}: the priority expression does not give a number for features {}. Use a numeric "
               "expression, e.g. -\"PDJB\" or to_real(\"DJ\").").format(layer.name, _ids(layer.fids[bad]))
        )
    return out


def _mapper(target_fields, source_fields):
    """Row converter filling each target field from the source field of the same name (case ignored)."""
    pairs = [(t, source_fields.lookupField(target_fields.at(t).name())) for t in range(target_fields.count())]

    def convert(row):
        out = []
        for t, s in pairs:
            value = None if s < 0 else row[s]
            if value is not None and not _is_qnull(value):
                try:
                    value = target_fields.at(t).convertCompatible(value)
                except ValueError:
                    value = None
            out.append(value)
        return out

    return convert


def _as_text_field(fields, index):
    """``fields`` with field ``index`` made a text field of the same name (for codes in their four-digit form)."""
    out = QgsFields()
    for k, field in enumerate(fields):
        out.append(new_field(field.name(), QVariant.String, "string", 254) if k == index else field)
    return out


def _fields_except(fields, names):
    """``fields`` without those named in ``names`` (case ignored)."""
    names = {n.lower() for n in names}
    kept = QgsFields()
    for field in fields:
        if field.name().lower() not in names:
            kept.append(field)
    return kept


def _column(layer, name, index, fallback=None):
    """Values of field ``name`` (or ``fallback``) of ``layer`` for the rows ``index``; None when absent."""
    k = layer.fields.lookupField(name) if name else -1
    if k < 0 and fallback:
        k = layer.fields.lookupField(fallback)
    if k < 0:
        return [None] * len(index)
    return [None if _is_null(layer.rows[i][k]) else layer.rows[i][k] for i in index]
