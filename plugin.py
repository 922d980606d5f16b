"""Plugin object: registers the Processing provider.

initProcessing() is what qgis_process and headless scripts call (iface is None there); the desktop calls
initGui(), which only delegates to it.
"""
from qgis.core import QgsApplication

from .algorithms.i18n import install_translator


class PlanMaintPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        if self.provider is not None:
            return
        # The translator must be in place before the provider builds its algorithms' names.
        self.translator = install_translator()
        from .algorithms.provider import PlanMaintProvider

        self.provider = PlanMaintProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)
        # Bundled models refer to planmaint algorithms by id; those resolve only once the provider is in
        # the registry, so the models are read again now (else they load without their outputs).
        self.provider.refreshAlgorithms()

    def initGui(self):  # noqa: N802 (QGIS API name)
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QgsApplication.removeTranslator(self.translator)
            self.translator = None
