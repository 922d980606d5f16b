"""The inputs of the indicators: the lines of one state, the land-use parcels, and everything else of a run.

Pure: numpy and shapely, no qgis. The caller reads its layers into these; ``indicators.assess`` takes them.
"""
from dataclasses import dataclass, field

import numpy as np

from . import conflicts, parallel
from .geometry import planar_area, planar_length
from .indicator_rows import DEFAULT_ECO_CODES, DEFAULT_WALK_DISTANCE_M, parse_codes, read_slope_grades
from .indicator_udb_zones import PlanningZones


@dataclass
class LandUse:
    """Land-survey parcels (地类图斑): geometries, class codes, slope grades (or None), net factors (or None).

    ``slope_unreadable``: positions whose slope value is no grade 1–5 (``read_slope_grades``), or None.
    The parcels should form a coverage; where they overlap, their common ground counts once, for the
    first parcel (``own_ground``), and ``assess`` names them in its facts (``Facts.landuse_overlaps``).
    """

    geoms: np.ndarray
    codes: np.ndarray
    slope: np.ndarray = None
    net: np.ndarray = None
    slope_unreadable: np.ndarray = None
    _ground: object = field(default=None, init=False, repr=False, compare=False)

    def find_own_ground(self):
        """Start finding ``own_ground`` on the other core (a county's parcels take seconds); returns self.

        From then on nothing may touch ``geoms`` until ``own_ground`` has returned (see ``parallel``).
        """
        if self._ground is None:
            self._ground = parallel.Background(conflicts.first_cover_parts, self.geoms)
        return self

    def own_ground(self):
        """(parcels cut to the ground no earlier parcel covers, (earlier, later) overlapping pairs)."""
        return self.find_own_ground()._ground.result()


@dataclass
class Farmland:
    """One state of the permanent basic farmland, with whatever attributes its own fields give (or None).

    ``slope_unreadable``: positions whose slope value is no grade 1–5 (``read_slope_grades``), or None.
    """

    geoms: np.ndarray
    codes: np.ndarray = None
    slope: np.ndarray = None
    net: np.ndarray = None
    slope_unreadable: np.ndarray = None


@dataclass
class Lines:
    """One state of the three lines; a line not given is None."""

    pbf: Farmland = None
    epr: np.ndarray = None
    udb: np.ndarray = None

    def given(self):
        return {name for name, value in (("PBF", self.pbf), ("EPR", self.epr), ("UDB", self.udb)) if value is not None}

    def get(self, name):
        value = {"PBF": self.pbf, "EPR": self.epr, "UDB": self.udb}[name]
        return value.geoms if isinstance(value, Farmland) else value


@dataclass
class Context:
    """Everything besides the lines: layers that do not change with maintenance, and the settings."""

    landuse: LandUse = None
    hsf: np.ndarray = None
    hilly: np.ndarray = None
    county: np.ndarray = None
    baseline: np.ndarray = None  # polygons of the baseline urban construction land
    baseline_m2: float = None  # or its area
    roads: np.ndarray = None
    parks: np.ndarray = None
    central: np.ndarray = None
    # Approved development zones, main development directions and unsuitable areas (``indicator_udb_zones``).
    zones: PlanningZones = None
    measure: object = planar_area
    measure_length: object = planar_length
    merge_distance: float = 0.0
    deduct_kcxs: bool = False
    eco_codes: tuple = parse_codes(DEFAULT_ECO_CODES)
    walk_distance: float = DEFAULT_WALK_DISTANCE_M
    min_conflict_m2: float = conflicts.DEFAULT_MIN_AREA_M2
    targets: object = None  # the binding targets checked (``indicator_quotas.Targets``), or None
    # The pieces that left and joined the farmland (``Farmland``; e.g. edgeswap's SWAPPED_OUT and SWAPPED_IN):
    # with both, their quality is compared (``indicator_swaps``).
    pbf_swapped_out: Farmland = None
    pbf_swapped_in: Farmland = None


# --- what a field gives, and what the farmland lacks ----------------------------------------------------


def land_classes_of_field(codes):
    """The land-class codes of a field of the farmland, or None when it gives none: a field left empty in
    every feature is no source, so the land-use parcels under the farmland give the class instead."""
    if codes is None or not any(codes):
        return None
    return codes


def slope_grades_of_field(values):
    """(slope grades, positions of values that are no grade) of a field's values; (None, None) for no source.

    A missing field (``values`` None), or one left empty in every feature, is no source (the land-use
    parcels may give the grade instead). A field holding anything is a source, and its unreadable values
    are to be named.
    """
    if values is None:
        return None, None
    grades, unreadable = read_slope_grades(values)
    if not grades.any() and not len(unreadable):
        return None, None
    return grades, unreadable


def attributes_without_source(pbf, landuse):
    """The attributes of one state of the farmland that nothing gives, so their rows stay empty: "slope"
    (the slope row) when neither its own field nor the land use gives a grade, then "codes" (the paddy and
    irrigated share) when it has no land class and no land use is given."""
    missing = []
    if pbf.slope is None and (landuse is None or landuse.slope is None):
        missing.append("slope")
    if pbf.codes is None and landuse is None:
        missing.append("codes")
    return missing


def lacks_deduction_ratio(pbf, landuse):
    """True when field ridges are to be deducted but neither the farmland nor the land use gives a ratio."""
    return pbf.net is None and (landuse is None or landuse.net is None)
