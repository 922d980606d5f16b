"""Land planned for re-greening (规划复绿): construction land in the small holes of the red line that a
maintenance returns to green land, so the holes can be filled (seed section 五(一)2: 划入规划复绿的城乡建设用地，
消除孔洞).

The layer covers every construction parcel (classes 05–09 and the built transport land, as the model's
construction blocker reads them) lying in a hole of the red line whose ring encloses less than 5 亩: with the
construction land as a blocker those holes stay open, with this layer they are filled.

A county whose red line has no such hole gets one, changing as little as possible, deterministically from a
random stream of its own: first a parcel in a small hole that holds no construction becomes a homestead (0702,
a hamlet in the hole: only that parcel's land class changes); failing that, a small parcel of the red line
surrounded by the line leaves it and becomes a homestead (the red line gains a hole there). A county where
neither is possible (no small parcel inside the line) has an empty layer. Counties that have such a hole
already are not changed at all.
"""

from __future__ import annotations

import numpy as np
import shapely

from ..holes import find_holes
from .classify import Parcels
from .common import CLASS_INDEX, COUNTY_CODE, IS_CONSTRUCTION, IS_CULTIVATED, LAND_CLASSES, MU_M2, Layer

SMALL_HOLE_MU = 5.0  # the seed counts the red line's holes under 5 亩 (5亩以下天窗)
HAMLET = "0702"  # 农村宅基地: what a parcel made into construction land becomes
# The green land a re-greened parcel is planned to become, with weights.
PLANNED_CLASSES = (("0301", 0.5), ("0305", 0.2), ("0404", 0.3))
PLANNED_YEARS = (2026, 2030)  # 复绿 within the plan's next five-year period


def small_holes(epr_geoms) -> np.ndarray:
    """The hole regions of the red line whose ring encloses less than 5 亩."""
    found = find_holes(epr_geoms)
    return found.holes[found.ring_area < SMALL_HOLE_MU * MU_M2]


def parcels_in(P: Parcels, holes: np.ndarray) -> np.ndarray:
    """Indices of the parcels lying in ``holes`` (the red line follows parcel edges, so a parcel is in a hole
    or out of it; more than half its area decides against floating-point noise)."""
    if not len(holes):
        return np.empty(0, dtype=np.int64)
    hole_i, parcel_i = shapely.STRtree(P.geoms).query(holes, predicate="intersects")
    shared = shapely.area(shapely.intersection(holes[hole_i], P.geoms[parcel_i]))
    return np.unique(parcel_i[shared > 0.5 * P.area[parcel_i]])


def _interior(P: Parcels, epr: np.ndarray, candidates: np.ndarray) -> int | None:
    """The first of ``candidates`` (red-line parcels) whose neighbours are all in the red line and close its
    outline, so that leaving the line opens a hole of exactly that parcel; None if none does."""
    tree = shapely.STRtree(P.geoms)
    for c in candidates:
        near = tree.query(P.geoms[c], predicate="intersects")
        near = near[near != c]
        if len(near) and epr[near].all() and shapely.covers(shapely.union_all(P.geoms[near]),
                                                            shapely.get_exterior_ring(P.geoms[c])):
            return int(c)
    return None


def make_hole(P: Parcels, masks: dict, epr_geoms, rng) -> str:
    """Make sure a small hole of the red line holds construction land; returns what was changed: "" (nothing),
    "class" (one parcel's land class, in ``P.cls``) or "line" (also ``masks["epr"]``: the red line's layer must
    be made again). ``P.cls`` and ``masks["epr"]`` are replaced, never changed in place."""
    inside = parcels_in(P, small_holes(epr_geoms))
    if IS_CONSTRUCTION[P.cls[inside]].any():
        return ""
    free = ~IS_CULTIVATED[P.cls] & ~masks["pbf"] & ~masks["udb"] & ~masks["baseline"]
    in_hole = inside[free[inside]]
    if len(in_hole):
        _make_hamlet(P, int(rng.choice(in_hole)))
        return "class"
    small = np.flatnonzero(masks["epr"] & free & (P.area < 0.9 * SMALL_HOLE_MU * MU_M2))
    c = _interior(P, masks["epr"], rng.permutation(small))
    if c is None:
        return ""
    _make_hamlet(P, c)
    epr = masks["epr"].copy()
    epr[c] = False
    masks["epr"] = epr
    return "line"


def _make_hamlet(P: Parcels, c: int) -> None:
    cls = P.cls.copy()
    cls[c] = CLASS_INDEX[HAMLET]
    P.cls = cls


def regreen_layer(P: Parcels, epr_geoms, rng) -> Layer:
    """The construction parcels in the small holes of the red line (``epr_geoms``), planned for re-greening:
    BSM and DLBM / DLMC of the land-use parcel, ZLDWDM, GHDL (the green land class planned), FLNF (the year
    planned), MJ (m²)."""
    inside = parcels_in(P, small_holes(epr_geoms))
    idx = inside[IS_CONSTRUCTION[P.cls[inside]]]
    codes = np.array([code for code, _ in PLANNED_CLASSES])
    weights = np.array([w for _, w in PLANNED_CLASSES])
    planned = codes[rng.choice(len(codes), size=len(idx), p=weights / weights.sum())]
    years = rng.integers(PLANNED_YEARS[0], PLANNED_YEARS[1] + 1, size=len(idx))
    code_of = np.array(list(LAND_CLASSES), dtype="<U4")
    return Layer(
        name="regreen", geometry_type="Polygon", geoms=P.geoms[idx],
        fields=[("BSM", "str"), ("DLBM", "str"), ("DLMC", "str"), ("ZLDWDM", "str"), ("GHDL", "str"),
                ("FLNF", "int"), ("MJ", "float")],
        columns={"BSM": np.array([f"{COUNTY_CODE}{i + 1:010d}" for i in idx], dtype=object),
                 "DLBM": code_of[P.cls[idx]],
                 "DLMC": np.array([LAND_CLASSES[c] for c in code_of[P.cls[idx]]], dtype=object),
                 "ZLDWDM": np.asarray(P.zldwdm)[idx], "GHDL": planned, "FLNF": years.astype(np.int64),
                 "MJ": shapely.area(P.geoms[idx])},
    )
