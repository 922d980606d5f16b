"""The first-level planning zones (一级规划分区) of the county's master plan, the layer 规划分区维护 (seed section
五(二)) starts from: the six zones of the seed tile the county, and before any maintenance they follow the lines
as the plan drew them: 生态保护区 is the red line, 城镇发展区 the boundary, the farmland outside those lies in
农田保护区, the land around the mining rights outside the red line in 矿产能源发展区, the forest, grassland and
water left in 生态控制区 and everything else in 乡村发展区.

Each zone is a union of land-use parcels (the parcels are an exact coverage, so the zones share their edges
vertex for vertex and neither overlap nor leave a gap), dissolved by zone and split into single-part polygons.
Drawn after every other layer, from a random stream of its own (the reach of the mining zone around each right).
"""

from __future__ import annotations

import numpy as np
import shapely

from .classify import Parcels
from .common import Layer, code_mask
from .zones import components, dissolve

# The seed's six first-level zones, in the order of precedence where a parcel could go to more than one.
ECOLOGICAL, ECO_CONTROL, FARMLAND, URBAN, RURAL, MINING = (
    "生态保护区", "生态控制区", "农田保护区", "城镇发展区", "乡村发展区", "矿产能源发展区")
ZONE_NAMES = (ECOLOGICAL, ECO_CONTROL, FARMLAND, URBAN, RURAL, MINING)
# Forest, grassland and natural water (rivers, reservoirs, flats): 生态控制区 outside the other zones.
IS_ECO_CONTROL = code_mask("03", "04", "1101", "1103", "1106")
# 生态控制区 patches smaller than this (woods and meadows among fields and villages) stay in 乡村发展区: a
# plan does not draw a zone around every copse.
MIN_ECO_CONTROL_M2 = 10 * 10_000.0
# The mining zone reaches this far (m) around a mining right, drawn per right: the parcels whose inner point
# lies within it join 矿产能源发展区 (pits, dumps and their roads reach past the licence's rectangle).
MINING_REACH_M = (50.0, 200.0)


def zone_of_parcels(P: Parcels, masks, mining: Layer, rng) -> np.ndarray:
    """Index into ZONE_NAMES of each land-use parcel."""
    n = len(P.geoms)
    zone = np.full(n, ZONE_NAMES.index(RURAL))
    epr, udb, pbf = masks["epr"], masks["udb"], masks["pbf"]
    free = ~epr & ~udb & ~pbf
    reach = rng.uniform(*MINING_REACH_M, len(mining.geoms))
    if len(mining.geoms):
        around = shapely.union_all(shapely.buffer(mining.geoms, reach, quad_segs=4))
        shapely.prepare(around)
        near = shapely.contains_xy(around, P.rep_xy[:, 0], P.rep_xy[:, 1])
    else:
        near = np.zeros(n, bool)
    mine = free & near
    eco = free & ~mine & IS_ECO_CONTROL[P.cls]
    idx = np.flatnonzero(eco)
    if len(idx):
        labels = components(P.geoms[idx])
        small = np.bincount(labels, weights=P.area[idx]) < MIN_ECO_CONTROL_M2
        eco[idx[small[labels]]] = False
    zone[eco] = ZONE_NAMES.index(ECO_CONTROL)
    zone[mine] = ZONE_NAMES.index(MINING)
    zone[pbf & ~epr & ~udb] = ZONE_NAMES.index(FARMLAND)
    zone[udb & ~epr] = ZONE_NAMES.index(URBAN)
    zone[epr] = ZONE_NAMES.index(ECOLOGICAL)
    return zone


def planning_zones_layer(P: Parcels, masks, layers: dict[str, Layer], rng) -> Layer:
    """The zones: GHFQDM and GHFQMC (the zone's name in both: the ministry's codes could not be confirmed, and
    planmaint:zoningupdate reads the names by default), MJ (m²). 生态保护区 and 城镇发展区 are the patches of the
    red line's and the boundary's layers (the same parcels dissolved: dissolving them again doubled the cost)."""
    zone = zone_of_parcels(P, masks, layers["mining_rights"], rng)
    done = {ECOLOGICAL: layers["epr"].geoms, URBAN: layers["udb"].geoms}
    geoms, names = [], []
    for k, name in enumerate(ZONE_NAMES):
        parts = done[name] if name in done else dissolve(P.geoms[zone == k])
        geoms.extend(parts)
        names.extend([name] * len(parts))
    geoms = np.array(geoms, dtype=object)
    names = np.array(names, dtype=str)
    return Layer("planning_zones", "Polygon", geoms, [("GHFQDM", "str"), ("GHFQMC", "str"), ("MJ", "float")],
                 {"GHFQDM": names, "GHFQMC": names.copy(), "MJ": shapely.area(geoms)})
