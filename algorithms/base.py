"""What every planmaint algorithm shares: instance creation, icon, help and the area-method parameter."""
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingAlgorithm,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
)
from qgis.PyQt.QtGui import QIcon

from .bridge import AREA_ELLIPSOIDAL, AREA_PLANAR, area_method_for
from .i18n import tr
from .provider import ICON

ADVANCED = QgsProcessingParameterDefinition.FlagAdvanced


class PlanMaintAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses define name/displayName/group/groupId/shortHelpString and the processing."""

    AREA_METHOD = "AREA_METHOD"

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    def icon(self):
        return QIcon(ICON)

    def add(self, parameter, help_text, advanced=False):
        """Add ``parameter`` with its help text (shown in the dialog's tooltips and help panel)."""
        parameter.setHelp(help_text)
        if advanced:
            parameter.setFlags(parameter.flags() | ADVANCED)
        self.addParameter(parameter)
        return parameter

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
