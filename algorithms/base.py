"""What every planmaint algorithm shares: instance creation, icon, help, the area-method parameter and the
control-line parameter that picks the style of a maintained line."""
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingAlgorithm,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
)
from qgis.PyQt.QtGui import QIcon

from . import compat, safety, styles
from .bridge import AREA_ELLIPSOIDAL, AREA_PLANAR, area_method_for
from .i18n import tr
from .provider import ICON

ADVANCED = QgsProcessingParameterDefinition.FlagAdvanced

# The options of the control-line parameter, in its order (the numbers are API: models store them).
LINE_AUTOMATIC, LINE_PBF, LINE_EPR, LINE_UDB, LINE_NONE = range(5)
LINE_STYLE_OF_KIND = {LINE_PBF: "pbf", LINE_EPR: "epr", LINE_UDB: "udb"}


def empty_input_warning(layer, parameter, consequence):
    """The warning for a required input read without a single feature (``layer``: read LayerArrays), or "".

    Every number of such a run is 0 or nothing, which reads like an answer; nearly always the layer is the
    wrong one, or a filter is left on it. ``consequence``: what the run does without it (translated).
    """
    if len(layer):
        return ""
    return tr("Layer {} ({}) has no features: {} Give the layer that holds it (is a filter set on it, or is it "
              "the wrong layer of the file?).").format(layer.name, parameter, consequence)


def warn_if_empty(feedback, layer, parameter, consequence):
    """Push ``empty_input_warning`` when there is one."""
    text = empty_input_warning(layer, parameter, consequence)
    if text:
        feedback.pushWarning(text)


class PlanMaintAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses define name/displayName/group/groupId/shortHelpString and the processing."""

    AREA_METHOD = "AREA_METHOD"
    LINE_KIND = "LINE_KIND"

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    def icon(self):
        return QIcon(ICON)

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        """Processing's own checks, then no output aimed at an input (an overwritten county is lost for good)."""
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        return safety.check_outputs_spare_inputs(self, parameters, context)

    def add(self, parameter, help_text, advanced=False):
        """Add ``parameter`` with its help text (shown in the dialog's tooltips and help panel)."""
        parameter.setHelp(help_text)
        if advanced:
            parameter.setFlags(parameter.flags() | ADVANCED)
        self.addParameter(parameter)
        return parameter

    def input_help(self):
        """The paragraph the help of every tool reading county layers ends with: arcs and code pages."""
        return "\n\n" + tr(
            "Inputs: true arcs (curved edges in a GeoPackage or File Geodatabase) are replaced by straight "
            "segments at most 0.001 m from them. A shapefile must say its code page (a .cpg file next to it, or "
            "the layer's data source encoding, e.g. GBK): text the tool uses that reads garbled stops it, "
            "garbled text it only copies into the outputs is named in a warning."
        )

    def add_area_method(self):
        self.add(
            QgsProcessingParameterEnum(
                self.AREA_METHOD,
                tr("Area method"),
                options=[tr("Planar (projected CRS)"), tr("Ellipsoidal (CGCS2000 ellipsoid)")],
                defaultValue=AREA_PLANAR,
            ),
            tr("Planar areas are measured in the layer's projected CRS (fast; the default). Ellipsoidal "
               "areas are measured on the CGCS2000 ellipsoid, like the official land-survey 椭球面积. "
               "A layer in a geographic CRS is always measured ellipsoidally."),
            advanced=True,
        )

    def area_method(self, parameters, context, crs, feedback):
        method = self.parameterAsEnum(parameters, self.AREA_METHOD, context)
        method = AREA_ELLIPSOIDAL if method == AREA_ELLIPSOIDAL else AREA_PLANAR
        return area_method_for(crs, method, feedback)

    def add_line_kind(self):
        """The control line an algorithm's maintained-line output holds; it only picks that output's style."""
        self.add(
            QgsProcessingParameterEnum(
                self.LINE_KIND,
                tr("Control line type (output style)"),
                options=[
                    tr("Automatic (from the input layer name)"),
                    tr("Permanent basic farmland"),
                    tr("Ecological protection red line"),
                    tr("Urban development boundary"),
                    tr("None (Processing's default style)"),
                ],
                defaultValue=LINE_AUTOMATIC,
                optional=True,
            ),
            tr("Which line the output holds, for its colours when it is loaded into the project: permanent basic "
               "farmland yellow, the ecological protection red line green with a red border line, the urban "
               "development boundary purple. Automatic reads the input layer's name: pbf, YJJBNT, JBNT or "
               "永久基本农田/基本农田; epr, STBHHX or 生态保护红线; udb, CZKFBJ or 城镇开发边界. A name that "
               "matches none (or several) leaves Processing's default style. The results are the same whatever "
               "is chosen."),
            advanced=True,
        )

    def style_line_output(self, parameters, context, feedback, output_id, layer_name):
        """Attach the style of the control line to the output ``output_id`` if the run loads it.

        ``layer_name``: the name of the input line, for the automatic choice. Returns the style attached
        (or None). Outputs that are not loaded (qgis_process, a console run, a model's intermediate step)
        get nothing and no message.
        """
        if not output_id or not context.willLoadLayerOnCompletion(output_id):
            return None
        kind = self.parameterAsEnum(parameters, self.LINE_KIND, context)
        if kind == LINE_NONE:
            return None
        style = LINE_STYLE_OF_KIND.get(kind)
        if style is None:
            style = styles.guess_line_style(layer_name)
            if style is None:
                feedback.pushInfo(
                    tr("The input layer name {} does not say which control line it is, so the output keeps "
                       "Processing's default style; choose the control line type (output style) to colour "
                       "it.").format(layer_name)
                )
                return None
        styles.apply_style(context, output_id, style)
        return style

    def parameterAsSink(self, parameters, name, context, *args, **kwargs):  # noqa: N802 (QGIS API name)
        """Processing's sink, its text written in a named encoding (``compat.output_encoding``), so that a
        shapefile output gets a .cpg saying which. The context's setting is put back at once: a model shares it."""
        previous = context.defaultEncoding()
        context.setDefaultEncoding(compat.output_encoding(previous))
        try:
            return super().parameterAsSink(parameters, name, context, *args, **kwargs)
        finally:
            context.setDefaultEncoding(previous)

    def source_keeping_invalid(self, parameters, name, context):
        """The source of parameter ``name`` without Processing's invalid-geometry filter.

        "Skip invalid features" would silently drop features and "stop" would refuse data the bridge can
        repair; the bridge makes invalid geometries valid and names them in a warning instead. The
        context's setting is put back at once, since a model shares it with later steps.
        """
        previous = context.invalidGeometryCheck()
        context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        try:
            return self.parameterAsSource(parameters, name, context)
        finally:
            context.setInvalidGeometryCheck(previous)
