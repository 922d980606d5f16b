"""Choosing the land that balances a control line's swap-outs and swap-ins (进出平衡).

The pure core of planmaint:edgeswap. Geometries are shapely, areas are m² returned by a ``measure``
callable given by the caller (planar or ellipsoidal), so the exact split works with either area method.

Words used here
- *line*: the features of one control line (PBF, EPR or UDB).
- *unit*: one single-part polygon of candidate land that may move: outside the line when land is swapped
  in, inside it when land is swapped out. Units never overlap each other.
- *adjacent*: sharing a stretch of boundary (a common corner point is not enough).
- *contact*: the stretch of a unit's boundary it shares with the line (or the line's outer edge) and with
  the units already chosen; the last unit is cut so that the part kept lies against its contact.

The geometry lives in modules of its own, re-exported here: ``swap_overlay`` (overlays of geometry arrays),
``swap_edges`` (boundaries, contacts, neighbours), ``swap_cut`` (the exact cut) and ``swap_growth``
(choosing units in order of preference).
"""
from .swap_cut import SPLIT_TOLERANCE_M2, cut_to_area
from .swap_edges import (
    CHUNK_VERTICES,
    CONTACT_TOLERANCE_M,
    MIN_CONTACT_M,
    boundary_chunks,
    chunk_lines,
    contact_between,
    edge_contacts,
    nearest_point,
    neighbour_lists,
    unit_neighbours,
)
from .swap_growth import (
    FRONTIER,
    GAP_MATCHES,
    GAP_POOL,
    SKIPPED,
    TAKEN,
    UNSEEN,
    Growth,
    GrowthRule,
    UnitGraph,
    close_gap,
    grow,
    grow_units,
    preference_rank,
    reachable_area,
)
from .swap_overlay import (
    CLIP_VERTICES,
    COMPLEX_VERTICES,
    absorb_remnants,
    clip_to,
    explode,
    intersection_near,
    make_disjoint,
    overlap_pairs,
    polygonal,
    snap_to,
    subtract,
)

__all__ = [
    "CHUNK_VERTICES", "CLIP_VERTICES", "COMPLEX_VERTICES", "CONTACT_TOLERANCE_M", "FRONTIER", "GAP_MATCHES",
    "GAP_POOL", "MIN_CONTACT_M", "SKIPPED", "SPLIT_TOLERANCE_M2", "TAKEN", "UNSEEN", "Growth", "GrowthRule",
    "UnitGraph", "absorb_remnants", "boundary_chunks", "chunk_lines", "clip_to", "close_gap", "contact_between",
    "cut_to_area", "edge_contacts", "explode", "grow", "grow_units", "intersection_near", "make_disjoint",
    "nearest_point", "neighbour_lists", "overlap_pairs", "polygonal", "preference_rank", "reachable_area",
    "snap_to", "subtract", "unit_neighbours",
]
