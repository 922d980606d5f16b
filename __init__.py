"""planmaint — QGIS plugin entry point.

QGIS imports this package and calls classFactory(iface); everything heavy is imported lazily so that
loading the plugin list stays fast.
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .plugin import PlanMaintPlugin

    return PlanMaintPlugin(iface)
