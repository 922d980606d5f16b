"""How each conflict between the lines was settled, and why an overlap remains after maintenance (三线冲突处理).

The three lines must not overlap (三条控制线不交叉、不重叠). planmaint:conflictcheck with SETTLE gives, for the lines
before maintenance, every overlap polygon with the line that yields it (YIELDS), the line that keeps it (KEEPS),
why (BASIS) and a note (NOTE): the settlement. This module lays the settlement beside the overlaps the indicators
found after maintenance (``Assessment.overlaps_after``, never recomputed here):

- per pair of lines: the overlap settled, the part each line yields, the part both keep (a decision), and the
  overlap remaining after maintenance (the table's after row);
- each remaining polygon with the reason it stays, read from the settled piece it lies in (the piece of its pair
  sharing the most area with it): both lines keep that piece (``KEPT_BY_BOTH``); the piece was to leave a line
  that still holds it, so it was not swapped out (``NOT_SWAPPED``); it lies in no settled piece, so maintenance
  made it (``NEW_OVERLAP``); or no settlement was given (``NO_SETTLEMENT``).

The work grows with the overlap polygons and the settled pieces, not with the parcels. Areas come from the caller's
``measure`` (the indicators' area method); a remaining polygon keeps the area the indicators measured.

Pure: numpy and shapely, no qgis.
"""
from dataclasses import dataclass

import numpy as np
import shapely

from . import conflicts, units
from .geometry import planar_area, present, robust_binary

# The fields of planmaint:conflictcheck's settled overlap polygons (SETTLE).
KIND_FIELD, YIELDS_FIELD, KEEPS_FIELD, BASIS_FIELD, NOTE_FIELD = "KIND", "YIELDS", "KEEPS", "BASIS", "NOTE"
FIELDS = (KIND_FIELD, YIELDS_FIELD, KEEPS_FIELD, BASIS_FIELD, NOTE_FIELD)
BASIS_NAMES = {
    "rule": ("the default rule of the pair", "按默认规则"),
    "core_zone": ("inside a nature-reserve core zone", "位于自然保护地核心保护区"),
    "decision": ("the technician's decision", "按技术人员决定"),
}
PAIR_OF_KIND = conflicts.PAIR_OF_KIND

KEPT_BY_BOTH = "kept_by_both"
NOT_SWAPPED = "not_swapped"
NEW_OVERLAP = "new_overlap"
NO_SETTLEMENT = "no_settlement"
# A remaining polygon lies in a settled piece when they share more than this fraction of the polygon: an overlay's
# rounding along a shared edge is not "lying in" it.
SHARED_MIN_FRACTION = 1e-3


@dataclass(frozen=True)
class Settlement:
    """The settled overlap pieces of the lines before maintenance, one entry per piece: its polygon, its pair of
    lines (from KIND), the line that yields it ("" where both keep it), the line that keeps it (or "BOTH"), the basis
    ("rule", "core_zone", "decision" or other words as given) and the note ("" where none)."""

    geoms: np.ndarray
    pairs: tuple
    yields: tuple
    keeps: tuple
    basis: tuple
    notes: tuple

    def __len__(self):
        return len(self.geoms)


@dataclass(frozen=True)
class PairSettling:
    """One pair of lines: m² settled, yielded by each of its lines ({line: m²}) and kept by both (all None without a
    settlement), and m² of overlap remaining after maintenance with its number of polygons."""

    pair: tuple
    settled_m2: float
    yields_m2: dict
    kept_both_m2: float
    remaining_m2: float
    remaining_count: int


@dataclass(frozen=True)
class Remaining:
    """One overlap polygon remaining after maintenance: its pair, area (m²), a point inside it (x, y), why it stays
    (``KEPT_BY_BOTH``, ``NOT_SWAPPED``, ``NEW_OVERLAP``, ``NO_SETTLEMENT``) and, from its settled piece (position
    ``piece``, None without one), the line that was to yield it, the basis and the note."""

    pair: tuple
    area_m2: float
    point: tuple
    reason: str
    piece: int = None
    yields: str = ""
    basis: str = ""
    note: str = ""

    @property
    def area_ha(self):
        return units.convert(self.area_m2, "m2", "ha")


@dataclass(frozen=True)
class Settling:
    """What ``settle`` found: one ``PairSettling`` per pair checked, the ``Remaining`` polygons (pair order, largest
    first) and whether a settlement was given."""

    pairs: tuple
    remaining: tuple
    given: bool


def invalid_pieces(settlement):
    """Positions of the pieces whose pair is unknown (None) or whose yielding line is neither "" nor one of its pair's
    lines: the caller names them before ``settle`` would count them nowhere."""
    return [k for k, (pair, line) in enumerate(zip(settlement.pairs, settlement.yields))
            if pair is None or (line != "" and line not in pair)]


def overlaps_after(result):
    """{pair: conflicts.Overlap} after maintenance of an ``indicators.Assessment``, for every pair checked before: a
    pair neither of whose lines changed overlaps after as it did before (as the report's conflict summary shows)."""
    return {pair: result.overlaps_after.get(pair, found) for pair, found in result.overlaps_before.items()}


def settle(after, settlement=None, measure=planar_area):
    """The ``Settling`` of the overlaps ``after`` ({pair: conflicts.Overlap}, see ``overlaps_after``) against the
    ``Settlement`` (None: none given). Settled pieces of a pair not in ``after`` are left out."""
    pairs, remaining = [], []
    for pair, found in after.items():
        if settlement is None:
            pairs.append(PairSettling(pair, None, None, None, found.total_m2, len(found)))
            remaining += [Remaining(pair, float(found.area_m2[k]), point, NO_SETTLEMENT)
                          for k, point in zip(_largest_first(found), _points(found))]
            continue
        mine = np.array([p == pair for p in settlement.pairs], dtype=bool)
        positions = np.flatnonzero(mine & present(settlement.geoms)) if len(settlement) else np.empty(0, dtype=int)
        pairs.append(_pair_settling(pair, found, settlement, positions, measure))
        remaining += _remaining(pair, found, settlement, positions)
    return Settling(tuple(pairs), tuple(remaining), settlement is not None)


def _pair_settling(pair, found, settlement, positions, measure):
    """The areas settled of one pair from its settled pieces (``positions`` in the settlement)."""
    area = np.asarray(measure(settlement.geoms[positions]), dtype=float) if len(positions) else np.zeros(0)
    yields = np.array([settlement.yields[k] for k in positions.tolist()], dtype=object)
    by_line = {line: float(area[yields == line].sum()) for line in pair}
    kept = float(area[yields == ""].sum())
    return PairSettling(pair, float(area.sum()), by_line, kept, found.total_m2, len(found))


def _remaining(pair, found, settlement, positions):
    """The ``Remaining`` polygons of one pair, each read from the settled piece sharing the most area with it."""
    if not len(found):
        return []
    piece = _largest_sharer(found.geoms, settlement.geoms[positions])
    out = []
    for k, point in zip(_largest_first(found), _points(found)):
        area = float(found.area_m2[k])
        if piece[k] < 0:
            out.append(Remaining(pair, area, point, NEW_OVERLAP))
            continue
        at = int(positions[piece[k]])
        yields = settlement.yields[at]
        reason = KEPT_BY_BOTH if yields == "" else NOT_SWAPPED
        out.append(Remaining(pair, area, point, reason, at, yields, settlement.basis[at], settlement.notes[at]))
    return out


def _largest_first(found):
    """Positions of the polygons of an ``Overlap``, largest first (ties in their order)."""
    return np.argsort(-found.area_m2, kind="stable").tolist()


def _largest_sharer(geoms, pieces):
    """For each of ``geoms``, the position in ``pieces`` of the piece sharing the most area with it, or -1 when none
    shares more than ``SHARED_MIN_FRACTION`` of it."""
    out = np.full(len(geoms), -1, dtype=np.int64)
    if not len(pieces):
        return out
    left, right = shapely.STRtree(pieces).query(geoms, predicate="intersects")
    if not len(left):
        return out
    shared = planar_area(robust_binary(shapely.intersection, geoms[left], pieces[right]))
    enough = shared > SHARED_MIN_FRACTION * planar_area(geoms[left])
    left, right, shared = left[enough], right[enough], shared[enough]
    # Sorted by polygon, then by shared area: the largest sharer of each polygon is the last of its run.
    order = np.lexsort((shared, left))
    left, right = left[order], right[order]
    last = np.append(left[1:] != left[:-1], True)
    out[left[last]] = right[last]
    return out


def _points(found):
    """A point inside each polygon of an ``Overlap`` (x, y rounded to the centimetre: where to look for it on the
    map), in the order of ``_largest_first``."""
    points = shapely.point_on_surface(found.geoms[_largest_first(found)]) if len(found) else []
    return [(round(float(x), 2), round(float(y), 2)) for x, y in shapely.get_coordinates(points)]


def reason_text(item, lang):
    """Why a remaining polygon (``Remaining``) stays, in ``lang`` ("en" or "zh")."""
    k = {"en": 0, "zh": 1}[lang]
    basis = BASIS_NAMES[item.basis][k] if item.basis in BASIS_NAMES else item.basis
    note = item.note or ("no note", "无说明")[k]
    if item.reason == KEPT_BY_BOTH:
        return (f"Both lines keep it ({basis}): {note}", f"两线均保留（{basis}）：{note}")[k]
    if item.reason == NOT_SWAPPED:
        line = conflicts.LINE_NAMES[item.yields][k]
        return (f"To leave the {line.lower()} ({basis}: {note}), but the line still holds it after maintenance: it was "
                "not swapped out (e.g. its reviewed candidates kept it)",
                f"应调出{line}（{basis}：{note}），维护后仍在{line}内：未调出（如审核候选地块时保留）")[k]
    if item.reason == NEW_OVERLAP:
        return ("A new overlap after maintenance: it lies in no settled overlap piece",
                "维护后新产生的重叠：不在冲突处理图层的任何图斑内")[k]
    return ("No settlement given (SETTLEMENT): the reason it stays is not known",
            "未提供冲突处理图层（SETTLEMENT），保留原因未知")[k]
