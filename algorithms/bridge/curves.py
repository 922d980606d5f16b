"""True arcs (a survey's CurvePolygon, a File Geodatabase's arcs), replaced by straight segments on reading.

Shapely and the core know straight edges only, so each arc becomes straight segments at most
``CURVE_DEVIATION_M`` from it: a millimetre moves no boundary a land survey draws, and changes an area by
less than 0.001 m² per metre of arc.
"""
import numpy as np
import shapely
from qgis.core import QgsAbstractGeometry, QgsGeometry, QgsUnitTypes, QgsWkbTypes

from .messages import curves_warning

CURVE_DEVIATION_M = 0.001
METRES_PER_DEGREE = 111319.49  # a degree of the equator: the most a degree spans on the ground


def curve_tolerance(crs):
    """``CURVE_DEVIATION_M`` in the units of ``crs`` (degrees of a geographic CRS err on the small side)."""
    if crs is None or not crs.isValid():
        return CURVE_DEVIATION_M
    if crs.isGeographic():
        return CURVE_DEVIATION_M / METRES_PER_DEGREE
    return CURVE_DEVIATION_M * QgsUnitTypes.fromUnitToUnitFactor(QgsUnitTypes.DistanceMeters, crs.mapUnits())


def linear_geometry(geometry, tolerance):
    """``geometry`` (a QgsGeometry) itself when it has no arcs, else a copy with every arc replaced by straight
    segments at most ``tolerance`` (layer units) from it; Z and M values are kept."""
    if geometry.isNull() or not QgsWkbTypes.isCurvedType(geometry.wkbType()):
        return geometry
    return QgsGeometry(geometry.constGet().segmentize(tolerance, QgsAbstractGeometry.MaximumDifference))


def holds_arcs(geoms):
    """Whether shapely geometries include curved types (type ids 8 and up: CircularString, CompoundCurve,
    CurvePolygon …), which GEOS 3.13 reads but the core does not measure."""
    return bool(len(geoms)) and bool((shapely.get_type_id(geoms) > 7).any())


def from_wkb_linear(wkbs, crs, label, feedback):
    """Shapely geometries of ``wkbs`` (None stays None), arcs linearised first, with one warning saying so.

    Arcs are looked for only when shapely refuses the WKB (GEOS before 3.13 does not know curves, shapely 2.1
    refuses them) or hands back a curve: a layer's type does not tell (a File Geodatabase's polygon layer is
    typed MultiPolygon in QGIS and still holds arcs), and a county without arcs pays nothing.
    """
    if not wkbs:
        return np.empty(0, dtype=object)
    try:
        geoms = shapely.from_wkb(np.array(wkbs, dtype=object))
        if not holds_arcs(geoms):
            return geoms
    except (shapely.errors.GEOSException, NotImplementedError):
        pass
    tolerance = curve_tolerance(crs)
    wkbs = list(wkbs)
    curved, has_z, has_m = 0, False, False
    for k, wkb in enumerate(wkbs):
        if wkb is None:
            continue
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        if QgsWkbTypes.isCurvedType(geometry.wkbType()):
            if geometry.constGet().hasCurvedSegments():  # not merely of a curved type (a MultiSurface of polygons)
                curved += 1
                has_z = has_z or QgsWkbTypes.hasZ(geometry.wkbType())
                has_m = has_m or QgsWkbTypes.hasM(geometry.wkbType())
            wkbs[k] = bytes(linear_geometry(geometry, tolerance).asWkb())
    if curved and feedback is not None:
        feedback.pushWarning(curves_warning(label, curved, has_z, has_m, CURVE_DEVIATION_M))
    return shapely.from_wkb(np.array(wkbs, dtype=object))
