"""Areas and lengths of read geometries, always in square metres and metres.

Planar in a projected CRS, or ellipsoidal on the CGCS2000 ellipsoid. A geographic CRS (EPSG:4490 degrees) is
always measured ellipsoidally, never in square degrees.
"""
import numpy as np
import shapely
from qgis.core import QgsDistanceArea, QgsGeometry, QgsProcessingException, QgsUnitTypes

from ..i18n import tr

AREA_PLANAR, AREA_ELLIPSOIDAL = 0, 1
CGCS2000_ELLIPSOID = "EPSG:1024"


def area_method_for(crs, method, feedback=None):
    """The area method actually used: a geographic CRS forces ellipsoidal measurement."""
    if method == AREA_PLANAR and crs.isGeographic():
        if feedback is not None:
            feedback.pushWarning(
                tr("The layer is in the geographic CRS {}: areas are measured on the CGCS2000 ellipsoid, "
                   "never in square degrees.").format(crs.authid())
            )
        return AREA_ELLIPSOIDAL
    return method


def areas_m2(geoms, crs, method, context):
    """Area of each geometry in m² (0 for missing ones), planar or ellipsoidal (see module doc)."""
    geoms = np.asarray(geoms, dtype=object)
    if method == AREA_PLANAR and not crs.isGeographic():
        factor = QgsUnitTypes.fromUnitToUnitFactor(
            QgsUnitTypes.distanceToAreaUnit(crs.mapUnits()), QgsUnitTypes.AreaSquareMeters
        )
        return np.nan_to_num(shapely.area(geoms)) * factor
    return _on_ellipsoid(geoms, crs, context, "measureArea")


def lengths_m(geoms, crs, method, context):
    """Length of each geometry in metres (0 for missing ones), planar or ellipsoidal like ``areas_m2``."""
    geoms = np.asarray(geoms, dtype=object)
    if method == AREA_PLANAR and not crs.isGeographic():
        factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), QgsUnitTypes.DistanceMeters)
        return np.nan_to_num(shapely.length(geoms)) * factor
    return _on_ellipsoid(geoms, crs, context, "measureLength")


def _on_ellipsoid(geoms, crs, context, measure):
    """Measure each geometry on the CGCS2000 ellipsoid with QgsDistanceArea's ``measure`` (0 for missing ones)."""
    calculator = QgsDistanceArea()
    calculator.setSourceCrs(crs, context.transformContext())
    if not calculator.setEllipsoid(CGCS2000_ELLIPSOID):
        raise QgsProcessingException(tr("The CGCS2000 ellipsoid is not known to this QGIS installation."))
    measure = getattr(calculator, measure)
    out = np.zeros(len(geoms))
    for k, wkb in enumerate(shapely.to_wkb(geoms)):
        if wkb is None:
            continue
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        out[k] = measure(geometry)
    return out
