"""Three rows of table 5-3 that measure the development boundary against planning layers (seed 五(一)3):

- ``udb_approved_share`` 已批开发区和非农业产业园区面积划入率 (%): the share of the approved development zones and
  non-agricultural industrial parks lying inside the boundary. The zones are unioned first, so zones that overlap
  count their common ground once.
- ``udb_direction_fit`` 优化后的城镇开发边界与总体规划明确的主要发展方向符合程度 (%): the seed gives it a before
  and an after value (90 % → 100 %). Before: the share of the boundary before maintenance lying inside the main
  development directions (主要发展方向) — how well the boundary fitted them; after: the share of the land that
  joined the boundary (the boundary after minus the boundary before) lying inside them — how well the
  optimisation followed them. The change says whether the new land fits the directions better than the boundary
  did. With no land joined the after value is unknown ("-"): a share of nothing.
- ``udb_unsuitable`` 城镇开发边界内不适宜城镇建设区域面积 (亩): the area of the boundary inside the union of the
  areas unsuitable for urban construction (geological-hazard very high and high risk zones, flood-storage areas,
  overlay of important mineral resources, large heritage sites …), counted once where they overlap.

A row whose layer is not given has no value (None), which the report prints "-" as the seed does. Each layer is
unioned once and the boundary is a few dozen polygons: the work does not grow with the parcels.

Pure: numpy and shapely, no qgis.
"""
from dataclasses import dataclass

import numpy as np
import shapely

from . import units
from .indicator_geometry import robust_one, union_of
from .indicator_rows import HOLE_HOLDS_MIN_M2, percent

APPROVED_KEY = "udb_approved_share"
DIRECTIONS_KEY = "udb_direction_fit"
UNSUITABLE_KEY = "udb_unsuitable"
KEYS = (APPROVED_KEY, DIRECTIONS_KEY, UNSUITABLE_KEY)
NO_VALUE = "-"  # as the seed prints a row it has no input for


@dataclass(frozen=True)
class PlanningZones:
    """The planning layers of the three rows, each polygons or None when not given: approved development zones
    and industrial parks (APPROVED_ZONES), main development directions (DIRECTIONS), and the unsuitable areas of
    every layer given (UNSUITABLE), all in one array."""

    approved: np.ndarray = None
    directions: np.ndarray = None
    unsuitable: np.ndarray = None


class UrbanZones:
    """The three rows of each state of the boundary, each planning layer unioned and measured once."""

    def __init__(self, zones, measure):
        self.zones = zones or PlanningZones()
        self.measure = measure
        self._unions = {}

    def _area(self, geom):
        if geom is None or geom.is_empty:
            return 0.0
        return float(self.measure(np.array([geom], dtype=object))[0])

    def _union(self, name):
        if name not in self._unions:
            self._unions[name] = union_of(getattr(self.zones, name))
        return self._unions[name]

    def _inside(self, geom, zone):
        """Area (m²) of ``geom`` inside ``zone`` (either may be None)."""
        if geom is None or zone is None or geom.is_empty or zone.is_empty:
            return 0.0
        return self._area(robust_one(shapely.intersection, geom, zone))

    def rows(self, udb, udb_before=None):
        """{row key: value} of the three rows for the boundary ``udb`` (its polygons); ``udb_before``: the
        boundary before maintenance when ``udb`` is the state after (the directions row then measures the land
        that joined). A layer not given, or holding no polygon, leaves its row None."""
        boundary = union_of(udb)
        out = dict.fromkeys(KEYS)
        if self.zones.approved is not None:
            approved = self._union("approved")
            if approved is not None:
                out[APPROVED_KEY] = percent(self._inside(approved, boundary), self._area(approved))
        if self.zones.directions is not None and boundary is not None:
            out[DIRECTIONS_KEY] = self._direction_fit(boundary, udb_before)
        if self.zones.unsuitable is not None and self._union("unsuitable") is not None:
            out[UNSUITABLE_KEY] = units.convert(self._inside(boundary, self._union("unsuitable")), "m2", "mu")
        return out

    def _direction_fit(self, boundary, udb_before):
        directions = self._union("directions")
        if directions is None:
            return None
        if udb_before is None:
            return percent(self._inside(boundary, directions), self._area(boundary))
        before = union_of(udb_before)
        joined = boundary if before is None else robust_one(shapely.difference, boundary, before)
        joined_m2 = self._area(joined)
        # An overlay of two boundaries sharing their edges leaves dust far under a square metre: no land joined.
        if joined_m2 <= HOLE_HOLDS_MIN_M2:
            return None
        return percent(self._inside(joined, directions), joined_m2)
