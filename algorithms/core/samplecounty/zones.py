"""The control lines drawn on the parcels: permanent basic farmland, the ecological protection red line,
the urban baseline and development boundary, each dissolved into patches."""

from __future__ import annotations

import numpy as np
import shapely

from ..geometry import clean_polygons
from .classify import Parcels
from .common import (
    CLASS_INDEX,
    EPR_CORE,
    EPR_FUNCTIONS,
    IS_CONSTRUCTION,
    IS_ECO,
    IS_URBAN_CONSTRUCTION,
    LIN_RAIL,
    LIN_RIVER,
    LIN_ROAD,
    MU_M2,
    Layer,
)
from .scene import Scene


def dissolve(geoms: np.ndarray) -> np.ndarray:
    """Single-part polygons of the union of parcels (exact coverage → coverage union)."""
    if len(geoms) == 0:
        return np.empty(0, dtype=object)
    parts = shapely.get_parts(shapely.coverage_union_all(geoms))
    # GEOS 3.13's coverage union can close a ring on itself where two holes touch: such parts are repaired.
    fixed, repaired = clean_polygons(parts)
    return np.asarray(shapely.get_parts(fixed)) if len(repaired) else np.asarray(parts)


def components(geoms: np.ndarray) -> np.ndarray:
    """Label parcels that share an edge (the patches a dissolve would give).

    The parcels are an exact coverage, so neighbours share identical segments:
    find segments that occur twice by sorting, then join their owners by
    union-find.  Much cheaper than dissolving and locating parcels in parts.
    """
    n = len(geoms)
    if n == 0:
        return np.empty(0, np.int64)
    rings, owner = shapely.get_rings(geoms, return_index=True)
    coords, ring_i = shapely.get_coordinates(rings, return_index=True)
    same = ring_i[1:] == ring_i[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    who = owner[ring_i[:-1][same]]
    flip = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    seg = np.where(flip[:, None], np.c_[b, a], np.c_[a, b])
    order = np.lexsort((seg[:, 3], seg[:, 2], seg[:, 1], seg[:, 0]))
    seg, who = seg[order], who[order]
    twin = np.all(seg[1:] == seg[:-1], axis=1)
    i, j = who[:-1][twin], who[1:][twin]
    root = np.arange(n)
    while True:
        ri, rj = root[i], root[j]
        lo, hi = np.minimum(ri, rj), np.maximum(ri, rj)
        link = lo != hi
        if not link.any():
            break
        np.minimum.at(root, hi[link], lo[link])
        while True:  # pointer jumping until every parcel points at its root
            jumped = root[root]
            if np.array_equal(jumped, root):
                break
            root = jumped
    return np.unique(root, return_inverse=True)[1].ravel()


def part_of_label(parts: np.ndarray, labels: np.ndarray, geoms: np.ndarray) -> np.ndarray:
    """For each component label, the dissolved part that is its union.

    A part's bounding box is the box of its parcels, to the bit (the union keeps
    their vertices), so matching sorted boxes pairs them without any spatial
    query; equal boxes (not seen in practice) fall back to a point query."""
    n_labels = int(labels.max()) + 1 if len(labels) else 0
    box = shapely.bounds(geoms)
    comp = np.empty((n_labels, 4))
    comp[:, :2] = np.inf
    comp[:, 2:] = -np.inf
    np.minimum.at(comp[:, :2], labels, box[:, :2])
    np.maximum.at(comp[:, 2:], labels, box[:, 2:])
    part_box = shapely.bounds(parts)
    by_comp = np.lexsort(comp.T[::-1])
    by_part = np.lexsort(part_box.T[::-1])
    if len(parts) == n_labels and np.array_equal(comp[by_comp], part_box[by_part]) \
            and len(np.unique(comp, axis=0)) == n_labels:
        out = np.empty(n_labels, np.int64)
        out[by_comp] = by_part
        return out
    first = np.full(n_labels, -1)
    first[labels[::-1]] = np.arange(len(labels))[::-1]
    pt_i, part_i = shapely.STRtree(parts).query(shapely.point_on_surface(geoms[first]), predicate="within")
    out = np.full(n_labels, -1)
    out[pt_i] = part_i
    return out


def control_fragments(P: Parcels, pbf: np.ndarray, pool: np.ndarray, keep: np.ndarray, rng,
                      lo: float = 0.01, hi: float = 0.03, goal: float = 0.02) -> np.ndarray:
    """Keep PBF fragments (merged patches under 5 亩) between lo and hi of the
    patch count, as in a real county: drop random fragment patches (not those
    holding a parcel in `keep`) when there are too many, add isolated small
    cultivated parcels from `pool` when too few."""
    idx = np.flatnonzero(pbf)
    if len(idx) == 0:
        return pbf
    labels = components(P.geoms[idx])
    frag = np.bincount(labels, weights=P.area[idx]) < 5.0 * MU_M2
    n_parts, n_frag = len(frag), int(frag.sum())
    pbf = pbf.copy()
    if n_frag > hi * n_parts:
        k = int(round((n_frag - goal * n_parts) / (1.0 - goal)))
        kept = np.zeros(n_parts, bool)
        kept[labels[keep[idx]]] = True
        droppable = np.flatnonzero(frag & ~kept)
        drop = rng.choice(droppable, size=min(k, len(droppable)), replace=False)
        pbf[idx[np.isin(labels, drop)]] = False
    elif n_frag < lo * n_parts:
        k = int(round((goal * n_parts - n_frag) / (1.0 - goal)))
        cand = np.flatnonzero(pool & ~pbf & (P.area < 4.0 * MU_M2))
        if len(cand):
            # Only parcels touching no PBF, and not two touching each other, else
            # they would merge into larger patches.
            touching = shapely.STRtree(P.geoms[idx]).query(P.geoms[cand], predicate="intersects")[0]
            cand = np.setdiff1d(cand, cand[touching])
            cand = cand[rng.permutation(len(cand))][:4 * k]
            a, b = shapely.STRtree(P.geoms[cand]).query(P.geoms[cand], predicate="intersects")
            blocked = np.zeros(len(cand), bool)
            picked = []
            for i in range(len(cand)):
                if len(picked) >= k:
                    break
                if not blocked[i]:
                    picked.append(cand[i])
                    blocked[b[a == i]] = True
            pbf[np.array(picked, dtype=np.int64)] = True
    return pbf


def township_at(scene: Scene, xy: np.ndarray) -> np.ndarray:
    if len(xy) == 0:
        return np.empty(0, np.int64)
    return np.argmin(np.hypot(*(xy[:, None, :] - scene.seat_xy[None]).transpose(2, 0, 1)), axis=1)


def _noise(scene: Scene, P: Parcels, name: str) -> np.ndarray:
    return scene.frame.sample(scene.noise[name], P.rep_xy[:, 0], P.rep_xy[:, 1])


def farmland(scene: Scene, P: Parcels, cultivated) -> np.ndarray:
    """Permanent basic farmland: most cultivated land, less around towns and
    villages and in regional patches of 'general' farmland (the swap-in pool)."""
    p_pbf = np.full(len(P.geoms), 0.93)
    p_pbf = np.where(P.town > 0.12, 0.14, p_pbf)
    p_pbf = np.where(P.town > 0.5, 0.5, p_pbf)  # farmland kept inside towns: UDB holes
    p_pbf = np.where(P.village_ratio < 1.0, 0.3, p_pbf)
    p_pbf = np.where(_noise(scene, P, "general") > 1.1, 0.15, p_pbf)
    p_pbf = np.where(P.grade >= 4, 0.8 * p_pbf, p_pbf)
    p_pbf = np.where(P.enclave, 0.9, p_pbf)
    return (cultivated & (P.rr[:, 5] < p_pbf)) | P.udb_hole


def red_line(scene: Scene, P: Parcels, pbf, cultivated, rr):
    """Ecological protection red line: eco land in the mountain core, the
    reservoir's catchment and small public-benefit forest patches.  Highways
    and railways are left out; farm roads, hamlets and fields are holes.

    Returns the red line's parcels, the function of each parcel (an index into
    EPR_FUNCTIONS), and the farmland without the red line but for a few conflicts."""
    frame = scene.frame
    x, y = P.rep_xy[:, 0], P.rep_xy[:, 1]
    river_dist = frame.sample(scene.river_dist, x, y)
    res_c = shapely.get_coordinates(shapely.centroid(scene.reservoir))[0]
    core = P.epr_score > EPR_CORE
    catchment = (river_dist < 0.02 * frame.width) & (np.hypot(x - res_c[0], y - res_c[1]) < 0.12 * frame.width) \
        & (P.mount > 0.3)
    patches = (_noise(scene, P, "epr_s") > 2.2) & (P.mount > 0.25) & (P.town < 0.05)
    in_mask = core | catchment | patches | P.enclave_zone
    epr_conflict = in_mask & cultivated & ~P.enclave & (rr[:, 0] < 0.03)
    # Farm roads inside the mountain core stay in the line (no slits); elsewhere
    # they would leave road-shaped strips of red line between fields.
    mountain_road = (P.cls == CLASS_INDEX["1006"]) & (core | P.enclave_zone) & (P.mount > 0.5)
    epr = (in_mask & (IS_ECO[P.cls] | mountain_road) & ~P.enclave) | epr_conflict
    pbf = pbf & ~(epr & ~epr_conflict)
    epr_func = np.where(patches & ~core, 2, np.where(_noise(scene, P, "xl") > 0, 0, 1))
    epr_func = np.where(catchment, 1, epr_func)
    return epr, epr_func, pbf


def development_boundary(scene: Scene, P: Parcels, pbf, epr, cultivated, rr):
    """Urban baseline and development boundary.  The boundary grows around the
    towns until it is ~1.45 times the 2020 urban construction land.  Farmland
    kept as PBF, villages, ponds and some open land stay out (holes), and so
    do farm roads (narrow gaps). Returns the baseline's parcels and the boundary's."""
    # Road and river polygons reach out of town: count them only in the core.
    long_linear = np.isin(P.lin, (LIN_RIVER, LIN_RAIL, LIN_ROAD))
    baseline = ((P.town > 0.5) & IS_URBAN_CONSTRUCTION[P.cls] & ~(long_linear & (P.town < 0.6))) | P.site
    target = 1.45 * P.area[baseline].sum()
    udb_conflict = pbf & (P.town > 0.3) & (rr[:, 1] < 0.03)
    open_land = ~IS_CONSTRUCTION[P.cls] & ~cultivated & ~long_linear & (rr[:, 2] < 0.5)
    # Villages outside the built-up area stay villages (村庄), out of the boundary.
    village = (P.cls == CLASS_INDEX["0702"]) & (P.town <= 0.5)
    eligible = ((~pbf | udb_conflict) & (P.cls != CLASS_INDEX["1006"]) & ~epr & (P.cls != CLASS_INDEX["1104"])
                & ~open_land & ~(long_linear & (P.town < 0.5)) & ~village)
    # Growth is uneven: planned expansion reaches out in a few directions.
    order = np.argsort(-P.town * np.exp(0.6 * _noise(scene, P, "udb_grow")), kind="stable")
    must = (baseline & ~epr) | P.site
    extra = eligible & ~must
    cum = np.cumsum(np.where(extra[order], P.area[order], 0.0))
    goal = target - P.area[must].sum()
    for _ in range(4):
        # The growth step that lands closest to the goal (parcels are coarse in a small county).
        n_take = min(int(np.searchsorted(cum, goal)), len(order) - 1)
        if n_take > 0 and abs(cum[n_take - 1] - goal) < abs(cum[n_take] - goal):
            n_take -= 1
        n_take += 1
        udb = must.copy()
        udb[order[:n_take]] |= extra[order[:n_take]]
        # Crumbs of the growth cut off from the towns by excluded land are not
        # drawn as patches of their own (small patches are industrial sites);
        # take more of the growth instead.
        idx = np.flatnonzero(udb)
        labels = components(P.geoms[idx])
        crumb = (np.bincount(labels, weights=P.area[idx]) < 2.0 * 10_000.0) \
            & (np.bincount(labels, weights=must[idx]) == 0)
        udb[idx[crumb[labels]]] = False
        deficit = target - P.area[udb].sum()
        if deficit < 0.005 * target:
            break
        goal += deficit
    return baseline, udb


def _townships_of(scene: Scene, parts) -> np.ndarray:
    return township_at(scene, shapely.get_coordinates(shapely.point_on_surface(parts)))


def epr_layer(scene: Scene, geoms, area, func) -> Layer:
    """The red line's patches from its parcels (``geoms``, their ``area`` and function)."""
    parts = dissolve(geoms)
    labels = components(geoms)
    part_i = part_of_label(parts, labels, geoms)[labels]
    # Each red-line patch takes the function of most of its area.
    weight = np.zeros((len(parts), 3))
    np.add.at(weight, (part_i, func), area)
    part_func = EPR_FUNCTIONS[np.argmax(weight, axis=1)]
    part_ts = _townships_of(scene, parts)
    hxmc = np.array([f"{scene.seat_names[t]}{f}生态保护红线" for t, f in zip(part_ts, part_func)])
    return Layer("epr", "Polygon", parts, [("HXMC", "str"), ("HXLX", "str"), ("MJ", "float")],
                 {"HXMC": hxmc, "HXLX": part_func, "MJ": shapely.area(parts)})


def udb_layer(scene: Scene, geoms, site) -> Layer:
    """The development boundary's patches from its parcels (``geoms``; ``site``: which are isolated
    industrial sites, whose small patches are named industrial parks)."""
    parts = dissolve(geoms)
    part_ts = _townships_of(scene, parts)
    labels = components(geoms)
    part_i = part_of_label(parts, labels, geoms)[labels]
    site_part = np.zeros(len(parts), bool)
    site_part[part_i[site]] = True
    site_part &= np.bincount(part_i, minlength=len(parts)) <= 3
    name = np.array([f"{scene.seat_names[t]}{'产业园区' if s else ''}城镇开发边界"
                     for t, s in zip(part_ts, site_part)])
    return Layer("udb", "Polygon", parts, [("CZKFBJMC", "str"), ("MJ", "float")],
                 {"CZKFBJMC": name, "MJ": shapely.area(parts)})


def baseline_layer(geoms) -> Layer:
    parts = dissolve(geoms)
    return Layer("urban_baseline", "Polygon", parts, [("MJ", "float")], {"MJ": shapely.area(parts)})
