"""Swap-out candidates of the ecological protection red line (生态保护红线), by the seed's legal categories.

The seed (section 五(一)2) lets three kinds of land leave the red line: protected areas withdrawn by law and found
to have no important ecological function; the five conflicts (矛盾冲突) of the red-line rules; and a technical
correction (技术勘正) of the outer boundary. ``find`` proposes each from the data a county has, in a fixed
precedence (ground meeting several categories is listed once, under the first):

1. withdrawn (11): ground inside the withdrawn protected areas;
2. conflict with permanent basic farmland (12): ground inside the settled overlaps the red line yields to the
   farmland (planmaint:conflictcheck with SETTLE; listed down to ``candidates.CONFLICT_MIN_PIECE_M2``, an overlap
   left behind being an error), then ground inside the farmland polygons given;
3. conflict with the development boundary (18): ground inside the settled overlaps the red line yields to the
   boundary, listed down to the same 1 m²;
4. conflict with town and village construction land (13): ground under a land-use parcel of
   ``is_town_village`` (see there for the exact codes), one piece per parcel;
5. conflict with mining rights (14): ground inside the mining-right polygons;
6. conflict with commercial forest (15): ground inside the commercial-forest polygons;
7. conflict with key projects (16): ground inside a counted project (the first one's name where they overlap);
8. technical correction (17): ground inside the correction polygons.

A category whose layer is not given takes nothing. The pieces, the smallest piece, the ground made disjoint and
the land-class breakdown are those of the farmland's candidates (``candidates``); ground of no known land class
counts as unused land (未利用地): the red line's land is mostly not farmed, and the line has no class of its own.
Fragments do not apply: the red line's small patches are counted, not removed, by the rules.

Pure: numpy and shapely, no qgis.
"""
import re
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from . import candidates, fragments
from .candidates import (
    EPR_REASONS,
    Assembly,
    assemble,
    conflict_take,
    first_cover,
    joined,
    overlay,
    take_by_project,
    take_parcels,
    zone_take,
)

# Town and village construction land by the land-class code of GB/T 21010-2017 (four-digit form, letters of the
# third land survey such as 05H1 or 08H2 following their digits): classes 05 commercial, 06 industrial and mining,
# 07 residential, 08 public administration and service, 09 special, 10 transport, except 1006 rural roads
# (农村道路), which the Land Administration Law counts as agricultural land.
TOWN_VILLAGE_CLASSES = ("05", "06", "07", "08", "09", "10")
NOT_TOWN_VILLAGE = ("1006",)
# The land survey's town-village codes (城镇村及工矿用地: 201 city, 202 organised town, 203 village, 204 salt
# pans and mining, 205 special land, with or without the suffix A), when a county keeps them in the class field.
# They are matched on the value as read, before a code that lost its leading zero is restored (201 would read as
# 0201, orchard land).
_TOWN_VILLAGE_RAW = re.compile(r"^20[1-5]A?$")


def is_town_village(raw, code):
    """Whether a land-use parcel is town and village construction land: ``raw`` the value as read (text or
    number), ``code`` its four-digit form."""
    text = "" if raw is None else str(raw).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if _TOWN_VILLAGE_RAW.match(text):
        return True
    code = str(code or "")
    return code[:2] in TOWN_VILLAGE_CLASSES and code[:4] not in NOT_TOWN_VILLAGE and code[:2].isdigit()


@dataclass
class EprInputs:
    """What ``find`` reads; geometries are shapely arrays in one CRS, valid and 2-D (None where missing)."""

    line: np.ndarray  # the red line's features
    landuse: np.ndarray
    landuse_codes: np.ndarray  # four-digit text codes per parcel ('' where missing)
    landuse_raw: Optional[np.ndarray] = None  # the codes as read (for 201 … 205); None: ``landuse_codes``
    withdrawn: Optional[np.ndarray] = None
    conflict_pbf: Optional[np.ndarray] = None  # the farmland's polygons (the conflict layer of old)
    settled_pbf: Optional[np.ndarray] = None  # settled overlaps the red line yields to the farmland
    settled_udb: Optional[np.ndarray] = None  # … to the development boundary
    mining: Optional[np.ndarray] = None
    commercial_forest: Optional[np.ndarray] = None
    projects: Optional[np.ndarray] = None  # the counted projects only
    correction: Optional[np.ndarray] = None
    township: Optional[np.ndarray] = None  # township code per line feature: orders the pieces of a category
    min_piece_m2: float = 10.0
    measure: Callable = fragments.planar_area
    progress: Optional[Callable] = None  # takes a percentage; may raise to cancel


def _construction_parcels(land, inputs):
    """Positions of the land-use parcels under the line that are town and village construction land."""
    lu_s = land.pairs[1]
    codes = np.asarray(inputs.landuse_codes, dtype=object)
    raw = codes if inputs.landuse_raw is None else np.asarray(inputs.landuse_raw, dtype=object)
    under = np.unique(lu_s)
    town = np.zeros(len(codes), dtype=bool)
    if len(under):  # each distinct (value as read, code) is decided once
        keys = np.array([f"{raw[k]!r}\x00{codes[k]}" for k in under], dtype=object)
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        decided = np.array([is_town_village(raw[under[k]], codes[under[k]]) for k in first], dtype=bool)
        town[under] = decided[inverse]
    return under[town[under]]


def find(inputs: EprInputs) -> candidates.Candidates:
    """The swap-out candidates of the red line ``inputs.line`` (see the module doc for the rules)."""
    measure, small = inputs.measure, inputs.min_piece_m2
    line, overlaps = first_cover(np.asarray(inputs.line, dtype=object))
    land = overlay(line, inputs.landuse, inputs.landuse_codes)
    candidates.report_progress(inputs.progress, 20)
    taken = []
    rest = line
    rest, found = zone_take(rest, inputs.withdrawn, small, measure)
    taken.append(found)
    rest, settled = conflict_take(rest, inputs.settled_pbf, small, measure)
    rest, found = zone_take(rest, inputs.conflict_pbf, small, measure)
    taken.append(joined(settled, found))
    rest, found = conflict_take(rest, inputs.settled_udb, small, measure)
    taken.append(found)
    rest, found = take_parcels(rest, land.ground, _construction_parcels(land, inputs), small, measure)
    taken.append(found)
    candidates.report_progress(inputs.progress, 50)
    for zones in (inputs.mining, inputs.commercial_forest):
        rest, found = zone_take(rest, zones, small, measure)
        taken.append(found)
    projects, _ = first_cover(candidates.zone_ground(inputs.projects))
    rest, found = take_by_project(rest, projects, small, measure)
    taken.append(found)
    rest, found = zone_take(rest, inputs.correction, small, measure)
    taken.append(found)
    candidates.report_progress(inputs.progress, 80)
    fallback = np.full(len(line), candidates.UNUSED, dtype=np.int64)
    result = assemble(Assembly(taken, EPR_REASONS, len(line), overlaps, fallback, inputs.township), land, measure)
    candidates.report_progress(inputs.progress, 100)
    return result
