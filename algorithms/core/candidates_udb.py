"""Swap-out candidates of the urban development boundary (城镇开发边界): its land with no construction demand,
and its side of the settled conflicts of the lines.

The seed (section 五(一)3) takes out of the boundary land that is not construction land today, not approved but
unbuilt, and not planned urban green space, roads, public service or utilities: land with no construction demand
(现状无建设需求). ``find`` proposes that land from the data:

- ground under a land-use parcel whose class is known and is not construction land (GB/T 21010's three
  categories, ``candidates.land_group``); ground under no parcel, or under a code of no class, is never proposed for it;
- less the approved-but-unbuilt polygons (已批未建) and the planned land-use polygons whose code begins with one of
  the protected codes (``DEFAULT_PROTECTED``): that land stays in the boundary.

That category, ``candidates.NO_DEMAND`` (21), has one piece per boundary feature, land-use parcel and part.
These candidates are balancing land, not land that must leave: the edge swap peels from them, from the
boundary's outer edge, as much as the boundary gains elsewhere. The smallest piece is that of the farmland's
candidates; fragments do not apply.

Before it, in this precedence, the boundary's side of the settled conflicts of the lines (planmaint:conflictcheck
with SETTLE): ground inside the overlaps the boundary yields to the farmland (22), then to the red line (23).
That land must leave, approved or planned as it may be, and is listed down to
``candidates.CONFLICT_MIN_PIECE_M2`` (an overlap left behind is an error).

Pure: numpy and shapely, no qgis.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from . import candidates, fragments, geometry
from .candidates import (
    UDB_REASONS,
    Assembly,
    assemble,
    conflict_take,
    first_cover,
    interior_pairs,
    overlay,
    subtract,
    take_parcels,
)

# Planned land kept in the boundary, by the codes of the ministry's 《国土空间调查、规划、用途管制用地用海分类指南》
# (2023): 08 公共管理与公共服务用地, 1207 城镇道路用地, 13 公用设施用地, 14 绿地与开敞空间用地 (1401 公园绿地,
# 1402 防护绿地, 1403 广场用地). A planned code is protected when it begins with one of them.
DEFAULT_PROTECTED = ("08", "1207", "13", "14")


def parse_codes(text):
    """The codes of a comma-separated list ('08, 1207，13'), blanks dropped; full-width commas accepted."""
    return tuple(part.strip() for part in str(text or "").replace("，", ",").split(",") if part.strip())


def protected(codes, prefixes):
    """Whether each planned code begins with one of ``prefixes``."""
    prefixes = tuple(prefixes)
    return np.array([bool(prefixes) and str(c or "").startswith(prefixes) for c in codes], dtype=bool)


@dataclass
class UdbInputs:
    """What ``find`` reads; geometries are shapely arrays in one CRS, valid and 2-D (None where missing)."""

    line: np.ndarray  # the boundary's features
    landuse: np.ndarray
    landuse_codes: np.ndarray  # four-digit text codes per parcel ('' where missing)
    approved: Optional[np.ndarray] = None
    planned: Optional[np.ndarray] = None
    planned_codes: Optional[np.ndarray] = None  # per planned polygon
    protected_codes: tuple = DEFAULT_PROTECTED
    conflict_pbf: Optional[np.ndarray] = None  # settled overlaps the boundary yields to the farmland
    conflict_epr: Optional[np.ndarray] = None  # … to the red line
    township: Optional[np.ndarray] = None
    min_piece_m2: float = 10.0
    measure: Callable = fragments.planar_area
    progress: Optional[Callable] = None


def kept_zones(inputs):
    """The polygons whose land stays in the boundary: approved land and protected planned land."""
    zones = [np.asarray(inputs.approved, dtype=object)] if inputs.approved is not None else []
    if inputs.planned is not None:
        planned = np.asarray(inputs.planned, dtype=object)
        zones.append(planned[protected(inputs.planned_codes, inputs.protected_codes)])
    zones = np.concatenate(zones) if zones else np.empty(0, dtype=object)
    return zones[geometry.present(zones)] if len(zones) else zones


def find(inputs: UdbInputs) -> candidates.Candidates:
    """The land of the boundary ``inputs.line`` with no construction demand (see the module doc)."""
    line, overlaps = first_cover(np.asarray(inputs.line, dtype=object))
    land = overlay(line, inputs.landuse, inputs.landuse_codes)
    candidates.report_progress(inputs.progress, 30)
    taken = []
    rest = line
    for settled in (inputs.conflict_pbf, inputs.conflict_epr):
        rest, found = conflict_take(rest, settled, inputs.min_piece_m2, inputs.measure)
        taken.append(found)
    zones = kept_zones(inputs)
    rest = subtract(rest, zones, *interior_pairs(rest, zones))
    candidates.report_progress(inputs.progress, 60)
    under = np.unique(land.pairs[1])
    group = land.groups[under]
    open_land = under[(group >= 0) & (group != candidates.CONSTRUCTION)]
    _, found = take_parcels(rest, land.ground, open_land, inputs.min_piece_m2, inputs.measure)
    taken.append(found)
    # Ground of no known class is only in the conflicts' pieces: counted as unused land, as the red line's.
    fallback = np.full(len(line), candidates.UNUSED, dtype=np.int64)
    result = assemble(Assembly(taken, UDB_REASONS, len(line), overlaps, fallback, inputs.township), land,
                      inputs.measure)
    candidates.report_progress(inputs.progress, 100)
    return result
