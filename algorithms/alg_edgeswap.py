"""planmaint:edgeswap — 进出平衡调整: swap land out of and into a control line, balanced to the square metre.

The decisions are ``core.swap.plan``'s; this module reads the parameters, ``edgeswap_io`` reads the layers
into the plan's inputs and writes the plan into the sinks, ``edgeswap_report`` says what happened.
"""
from qgis.core import (
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
)

from . import bridge, edgeswap_balance, edgeswap_help, edgeswap_io, edgeswap_net, edgeswap_report
from .base import PlanMaintAlgorithm
from .core import ledger, swap, units
from .edgeswap_io import DEFAULT_REASON
from .i18n import tr

DEFAULT_TOWNSHIP_FIELD = "ZLDWDM"  # location unit code (坐落单位代码) of the land survey


class EdgeSwap(PlanMaintAlgorithm):
    INPUT = "INPUT"
    SWAP_OUT = "SWAP_OUT"
    REASON_FIELD = "REASON_FIELD"
    REASON = "REASON"
    SWAP_IN = "SWAP_IN"
    CANDIDATES = "CANDIDATES"
    ELIGIBLE = "ELIGIBLE"
    PRIORITY = "PRIORITY"
    STABLE = "STABLE"
    ADJACENT_FIRST = "ADJACENT_FIRST"
    DETACHED = "DETACHED"
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
    HSF_REQUIRED = "HSF_REQUIRED"
    QUALITY_ERROR = "QUALITY_ERROR"
    CANDIDATES_REVIEWED = "CANDIDATES_REVIEWED"
    BALANCE_OUT_REASON = "BALANCE_OUT_REASON"
    LANDUSE = "LANDUSE"
    AREA_BASIS = edgeswap_net.AREA_BASIS
    KCXS_FIELD = edgeswap_net.KCXS_FIELD
    BALANCE_RULE = edgeswap_balance.BALANCE_RULE
    PROTECTED = edgeswap_balance.PROTECTED
    ALLOW_PROTECTED = edgeswap_balance.ALLOW_PROTECTED
    OUTPUT = "OUTPUT"
    SWAPPED_IN = "SWAPPED_IN"
    SWAPPED_OUT = "SWAPPED_OUT"
    LEDGER = "LEDGER"
    CHANGES = "CHANGES"
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
        return (edgeswap_help.short_help() + "\n\n" + edgeswap_balance.help_text() + "\n\n"
                + edgeswap_net.help_text() + self.input_help())

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
            QgsProcessingParameterExpression(
                self.STABLE, tr("Stable cultivated land (稳定耕地)"), None, self.CANDIDATES, optional=True
            ),
            tr("Optional expression on the candidates marking stable cultivated land (稳定耕地), which the seed "
               "asks of farmland swap-ins: only candidates for which it is true are used, besides the eligible "
               "ones, e.g. \"WDGD\" = 1 for a field that marks it, or overlay_within('stable_land') for parcels "
               "inside such a layer of the project. The messages say how much eligible land it left out (m²)."),
        )
        self.add(
            QgsProcessingParameterBoolean(self.ADJACENT_FIRST, tr("Adjacent first"), True),
            tr("Swap-ins grow from the line: only candidates touching the line or land already chosen, best "
               "priority first, before any detached one. Swap-outs peel from the line's outer edge, so no "
               "new hole appears. Off: candidates are taken in priority order wherever they lie (swap-ins "
               "only when detached land is allowed)."),
        )
        self.add(
            QgsProcessingParameterBoolean(self.DETACHED, tr("Allow detached land"), False),
            tr("Off (default): a swap-in is only candidate land connected to the line through a chain of "
               "adjacent candidates (sharing a stretch of boundary), as the seed asks (与现状永久基本农田集中"
               "连片); swap-ins then grow from the line even with adjacent first off, and when the connected "
               "land is not enough the run stops saying how much is missing. On: detached candidates are taken "
               "once the connected ones run out. Swap-outs are not affected."),
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
            tr("Optional high-standard farmland polygons (高标准农田): only candidate land inside them is "
               "swapped in (see the next parameters), and the ledger compares their share in the land swapped "
               "in and out."),
            advanced=True,
        )
        self.add(
            QgsProcessingParameterBoolean(self.HSF_FIRST, tr("High-standard farmland first"), False),
            tr("Candidates lying mostly (more than half of their area) in the high-standard farmland layer are "
               "taken before all others, as the rules for swapping land into permanent basic farmland ask; the "
               "priority expression orders the candidates within each of the two groups. Needs the "
               "high-standard farmland layer."),
        )
        self.add(
            QgsProcessingParameterBoolean(
                self.HSF_REQUIRED, tr("Only existing high-standard farmland joins"), True
            ),
            tr("Given the high-standard farmland layer: candidate land is clipped to its part inside the "
               "high-standard farmland polygons, so only existing high-standard farmland (现状已建高标准农田) is "
               "swapped in, as the seed asks; pieces smaller than the smallest usable piece after the clip are "
               "dropped. Land that must swap in is not clipped, nor is land swapped out. Off: high-standard "
               "farmland is only a priority (high-standard farmland first). Without the layer it does nothing."),
        )
        self.add(
            QgsProcessingParameterBoolean(self.QUALITY_ERROR, tr("Lower quality is an error"), False),
            tr("When the land swapped in has a higher area-weighted mean slope grade, or a lower high-standard "
               "farmland share, than the land swapped out, stop the run with an error naming both figures "
               "before anything is written. Off (default): a warning. The seed asks that the quality of "
               "swapped-in land be not lower (质量不降低)."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.CANDIDATES_REVIEWED, tr("Reviewed swap-out candidates"), polygons, optional=True
            ),
            tr("Optional output of Swap-out candidates of the farmland, after review: only the pieces with SFTC "
               "= 1 leave, each with its own reason (TZYY, HCYY, SJXMMC); pieces with SFTC = 0 stay and are "
               "listed in the ledger as reviewed and kept (不调出). SFTC must be 1 or 0 on every piece. Used "
               "together with the swap-out polygons, a piece kept wins where they overlap."),
        )
        self.add(
            QgsProcessingParameterString(self.BALANCE_OUT_REASON, tr("Reason of balancing swap-outs"), "",
                                         optional=True),
            tr("Reason written into TZYY for candidate land swapped out to balance the line, e.g. 矛盾冲突调出 "
               "for the red line or 现状无建设需求 for the development boundary. Empty: 进出平衡调出."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.LANDUSE, tr("Land-use parcels for the record"), polygons, optional=True
            ),
            tr("Optional land-use parcels (地类图斑): the record's GDMJ, QTNYDMJ, JSYDMJ and WLYDMJ come from the "
               "overlay of each piece with them, by the land-class field (DLBM_FIELD). Without them each piece "
               "counts in the class of its own feature's code (a reviewed piece by its own GDMJ … fields; "
               "cultivated without a code). On the net area basis (AREA_BASIS) they also give the field-ridge "
               "deduction ratio (KCXS_FIELD) of the land whose own feature has none. Read only when the record "
               "is asked for or the net basis needs them."),
            advanced=True,
        )
        self.add_area_method()
        self.add_line_kind()
        for parameter, help_text, advanced in edgeswap_balance.parameters(self.CANDIDATES) + edgeswap_net.parameters():
            self.add(parameter, help_text, advanced=advanced)
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
        self.add(
            QgsProcessingParameterFeatureSink(
                self.CHANGES, tr("Change record (划入划出记录)"), QgsProcessing.TypeVectorPolygon, optional=True,
                createByDefault=False,
            ),
            tr("Optional record of every piece that joined or left the line, and of every reviewed piece kept, "
               "with the fields of the old national 基本农田划入划出 attribute table (see the help)."),
        )
        self.addOutput(QgsProcessingOutputNumber(self.OUT_HA, tr("Area swapped out (ha, on the area basis)")))
        self.addOutput(QgsProcessingOutputNumber(self.IN_HA, tr("Area swapped in (ha, on the area basis)")))
        self.addOutput(QgsProcessingOutputNumber(
            self.BALANCE_M2, tr("Balance: area after minus before (m², on the area basis)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        steps = QgsProcessingMultiStepFeedback(6, feedback)
        source = self.source_keeping_invalid(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        settings = edgeswap_io.read_settings(self, parameters, context, source)
        run = edgeswap_io.Run(self, parameters, context, feedback, steps)
        edgeswap_io.refuse_misread_codes(run, settings)
        edgeswap_io.check_review_inputs(run, settings)
        crs = settings.crs
        method = self.area_method(parameters, context, crs, feedback)

        def measure(geoms):
            return bridge.areas_m2(geoms, crs, method, context)

        run.measure = measure

        # Steps 0 to 2: every layer, in the line's CRS; steps 3 to 5: the plan (required changes, balance,
        # new line); the outputs are written in step 5.
        layers = edgeswap_io.read_layers(run, settings)
        steps.setCurrentStep(3)  # the reasons read here belong to the required changes
        inputs = edgeswap_io.swap_inputs(layers, settings, measure)
        inputs.net = edgeswap_net.net_factors(run, settings, layers)
        hooks = swap.Hooks(check=lambda: bridge.check_canceled(feedback),
                           stage=lambda stage: steps.setCurrentStep(3 + stage), progress=steps.setProgress)
        try:
            required = swap.required_changes(inputs, hooks)
            edgeswap_report.required(feedback, layers, required)
            edgeswap_report.reviewed(feedback, layers, required)
            plan = swap.balance(inputs, required, hooks)
        except swap.SwapError as error:
            raise edgeswap_report.refusal(error, layers, settings) from None

        edgeswap_io.complete_rows(run, layers, plan, settings)
        ledger_rows = edgeswap_io.ledger_rows(run, layers, plan, settings)
        # Quality not lower: judged before anything is written, so that an error leaves no outputs.
        verdict = ledger.judge_quality(ledger_rows, settings.quality_error)
        if verdict.stops:
            raise edgeswap_report.quality_refusal(verdict)
        results = edgeswap_io.write(run, layers, plan, settings, ledger_rows)
        edgeswap_report.report(feedback, settings, method, plan, verdict)
        edgeswap_net.warn_without_ratio(feedback, settings, layers, plan)
        results.update({
            self.OUT_HA: float(units.m2_to_ha(plan.removed.basis_m2.sum())),
            self.IN_HA: float(units.m2_to_ha(plan.added.basis_m2.sum())),
            self.BALANCE_M2: plan.balance_m2,
        })
        return results
