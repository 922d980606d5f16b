"""Swap-in land by category (调入地块) of the red line and the development boundary (seed 五(一)2, 五(一)3).

The seed lists what joins a line by category, as it lists what leaves it: the red line takes in new water-source
zones (新设水源地), public-welfare forest (生态公益林) and the holes it fills (天窗); the development boundary takes in
the land of infrastructure projects (基础设施建设项目) and the slivers and holes it fills (细缝). Each category has a
code (HRYY, 划入原因) and the words written into TZYY, which planmaint:edgeswap carries into its swapped-in pieces and
its per-parcel record. The codes are planmaint's own, apart from the swap-out codes of ``candidates`` (01–06
farmland, 11–17 red line, 21 boundary), so a code says both the line and the direction.

Pure: numpy and shapely, no qgis.
"""
import dataclasses
from typing import Callable, Optional

import numpy as np
import shapely

from . import candidates, fragments, geometry, units
from .candidates import Reason

NEW_WATER_SOURCE = Reason("new_water_source", "31", "新设水源地")
PUBLIC_FOREST = Reason("public_forest", "32", "生态公益林")
EPR_HOLES = Reason("epr_holes", "33", "天窗填补")
EPR_CATEGORIES = (NEW_WATER_SOURCE, PUBLIC_FOREST, EPR_HOLES)

INFRASTRUCTURE = Reason("infrastructure", "41", "基础设施建设项目")
UDB_HOLES = Reason("udb_holes", "42", "细缝与天窗填补")
UDB_CATEGORIES = (INFRASTRUCTURE, UDB_HOLES)

# The category table of each line; the order of each is its precedence (ground in several categories counts
# once, for the first). The farmland has none: its swap-ins are balancing land chosen by planmaint:edgeswap.
LINE_CATEGORIES = {"pbf": (), "epr": EPR_CATEGORIES, "udb": UDB_CATEGORIES}
EVERY_CATEGORY = EPR_CATEGORIES + UDB_CATEGORIES


# --- the swap-in pieces -----------------------------------------------------------------------------------
# ``find`` turns the category layers a county has into the pieces that join a line:
# - each category's ground is its layer's features made disjoint (where features overlap, the common ground
#   belongs to the first in reading order), less the line itself: only what joining adds is listed;
# - categories take ground in the line's table order, so ground in several counts once, for the first;
# - the EXCLUDE layers then take away whatever they cover, one layer after the other (each is credited with
#   the ground it removes that an earlier one had not);
# - a piece is one single-part polygon of one source feature under one category; pieces smaller than
#   ``min_piece_m2`` are not listed (slivers of boundaries that do not quite match).


@dataclasses.dataclass
class CategoryLayer:
    """The polygons of one category, as read (None when the county has no such layer)."""

    reason: Reason
    source: str  # the name the output's SOURCE field gives (the parameter it came from)
    geoms: Optional[np.ndarray] = None
    names: Optional[np.ndarray] = None  # per feature: the project name (SJXMMC), or None


@dataclasses.dataclass
class SwapInInputs:
    """What ``find`` reads; geometries are shapely arrays in one CRS, valid and 2-D (None where missing)."""

    line: np.ndarray  # the line's features: their ground is never listed
    categories: tuple  # CategoryLayer, in precedence order
    exclude: tuple = ()  # one polygon array per layer the swap-ins must not overlap
    min_piece_m2: float = 10.0
    measure: Callable = fragments.planar_area
    progress: Optional[Callable] = None  # takes a percentage; may raise to cancel


@dataclasses.dataclass
class SwapIns:
    """The pieces ``find`` lists, by category in table order, then in their layer's reading order."""

    reasons: tuple  # the categories of the inputs, in order: ``category`` indexes them
    sources: tuple  # the source name of each category
    category: np.ndarray
    feature: np.ndarray  # position of each piece's feature in its category's layer
    geoms: np.ndarray
    area_m2: np.ndarray
    names: np.ndarray  # project name of each piece, or None
    given: np.ndarray  # per category: whether its layer was given
    overlaps: list  # per category: positions of features overlapping an earlier feature of the same layer
    inside_m2: np.ndarray  # per category: ground of its layer already inside the line (not listed)
    earlier_m2: np.ndarray  # per category: ground outside the line an earlier category already took
    excluded_m2: np.ndarray  # per EXCLUDE layer: ground it took away from the swap-ins
    dropped: np.ndarray  # per category: pieces under the smallest piece
    dropped_m2: np.ndarray

    def __len__(self):
        return len(self.geoms)

    def area_m2_by_category(self):
        return np.bincount(self.category, weights=self.area_m2, minlength=len(self.reasons)).astype(float)

    def hectares_by_category(self):
        """{reason key: hectares}, every category of the inputs included (0 when it lists nothing)."""
        return {r.key: float(units.m2_to_ha(m2)) for r, m2 in zip(self.reasons, self.area_m2_by_category())}

    @property
    def total_ha(self):
        return float(units.m2_to_ha(self.area_m2.sum()))


def near_line(geoms, line, distance):
    """Whether each of ``geoms`` lies within ``distance`` (CRS units) of a feature of ``line``; every one when
    ``distance`` is None."""
    geoms = np.asarray(geoms, dtype=object)
    if distance is None:
        return np.ones(len(geoms), dtype=bool)
    out = np.zeros(len(geoms), dtype=bool)
    line = np.asarray(line, dtype=object)
    line = line[geometry.present(line)] if len(line) else line
    at = np.flatnonzero(geometry.present(geoms)) if len(geoms) else np.empty(0, dtype=np.int64)
    if not len(line) or not len(at):
        return out
    hits, _ = shapely.STRtree(line).query(geoms[at], predicate="dwithin", distance=float(distance))
    out[at[np.unique(hits)]] = True
    return out


def _measured(geoms, measure):
    """Areas (m²) of ``geoms``, 0 where there is none."""
    area = np.zeros(len(geoms))
    at = np.flatnonzero(geometry.present(geoms)) if len(geoms) else np.empty(0, dtype=np.int64)
    if len(at):
        area[at] = np.asarray(measure(geoms[at]), dtype=float)
    return area


def _less(geoms, zones, measure):
    """(geoms minus every zone they meet, m² taken away); ``geoms`` None where nothing is left."""
    zones = np.asarray(zones, dtype=object)
    zones = zones[geometry.present(zones)] if len(zones) else zones
    gi, zj = candidates.interior_pairs(geoms, zones)
    if not len(gi):
        return geoms, 0.0
    after = candidates.subtract(geoms, zones, gi, zj)
    touched = np.unique(gi)
    taken = _measured(geoms[touched], measure).sum() - _measured(after[touched], measure).sum()
    return after, float(max(taken, 0.0))


@dataclasses.dataclass
class _Ground:
    """The ground outside the line of every category, disjoint, and where it came from."""

    geoms: np.ndarray
    category: np.ndarray
    feature: np.ndarray
    overlaps: list
    inside_m2: np.ndarray
    earlier_m2: np.ndarray


def _category_ground(inputs):
    """Each category's features made disjoint, less the line, less the categories before it."""
    n = len(inputs.categories)
    ground, category, feature, overlaps = [], [], [], []
    inside, earlier = np.zeros(n), np.zeros(n)
    taken = np.empty(0, dtype=object)
    for k, layer in enumerate(inputs.categories):
        geoms = candidates.zone_ground(layer.geoms)
        at = np.flatnonzero(geometry.present(geoms)) if len(geoms) else np.empty(0, dtype=np.int64)
        own, overlap = candidates.first_cover(geoms[at])
        overlaps.append(at[overlap])
        own, inside[k] = _less(np.array(own, dtype=object), inputs.line, inputs.measure)
        own, earlier[k] = _less(own, taken, inputs.measure)
        kept = geometry.present(own) if len(own) else np.zeros(0, dtype=bool)
        ground.append(own[kept])
        category.append(np.full(int(kept.sum()), k, dtype=np.int64))
        feature.append(at[kept])
        taken = np.concatenate([taken, own[kept]])
        candidates.report_progress(inputs.progress, 10 + 50 * (k + 1) // max(n, 1))
    return _Ground(taken, np.concatenate(category) if n else np.empty(0, dtype=np.int64),
                   np.concatenate(feature) if n else np.empty(0, dtype=np.int64), overlaps, inside, earlier)


def find(inputs: SwapInInputs) -> SwapIns:
    """The swap-in pieces of the categories ``inputs.categories`` (see the comment above ``CategoryLayer``)."""
    line = np.asarray(inputs.line, dtype=object)
    inputs = dataclasses.replace(inputs, line=line[geometry.present(line)] if len(line) else line)
    ground = _category_ground(inputs)
    geoms = ground.geoms
    excluded = np.zeros(len(inputs.exclude))
    for k, zones in enumerate(inputs.exclude):
        geoms, excluded[k] = _less(geoms, zones, inputs.measure)
    candidates.report_progress(inputs.progress, 75)
    present = np.flatnonzero(geometry.present(geoms)) if len(geoms) else np.empty(0, dtype=np.int64)
    parts, index = shapely.get_parts(geoms[present], return_index=True) if len(present) else ([], [])
    parts = np.array(parts, dtype=object)
    source = present[np.asarray(index, dtype=np.int64)]
    area = _measured(parts, inputs.measure)
    counted = area > candidates.RESIDUE_M2
    keep = counted & (area >= inputs.min_piece_m2)
    small = counted & ~keep
    n = len(inputs.categories)
    category = ground.category[source]
    names = np.full(len(parts), None, dtype=object)
    for k, layer in enumerate(inputs.categories):
        mine = category == k
        if layer.names is not None and mine.any():
            names[mine] = np.asarray(layer.names, dtype=object)[ground.feature[source[mine]]]
    candidates.report_progress(inputs.progress, 100)
    return SwapIns(
        reasons=tuple(layer.reason for layer in inputs.categories),
        sources=tuple(layer.source for layer in inputs.categories),
        category=category[keep], feature=ground.feature[source][keep], geoms=parts[keep], area_m2=area[keep],
        names=names[keep], given=np.array([layer.geoms is not None for layer in inputs.categories], dtype=bool),
        overlaps=ground.overlaps, inside_m2=ground.inside_m2, earlier_m2=ground.earlier_m2, excluded_m2=excluded,
        dropped=np.bincount(category[small], minlength=n).astype(np.int64),
        dropped_m2=np.bincount(category[small], weights=area[small], minlength=n).astype(float),
    )
