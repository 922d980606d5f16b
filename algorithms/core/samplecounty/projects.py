"""Layers drawn over the parcels: high-standard farmland, mountain and hill zones, and key construction
projects."""

from __future__ import annotations

import math

import numpy as np
import shapely

from .classify import Parcels
from .common import IS_CONSTRUCTION, LIN_ROAD, MEAN_PARCEL_M2, NX, NY, Layer, random_stream
from .parcels import voronoi_cells
from .scene import Scene
from .terrain import meander
from .zones import dissolve, township_at


def hsf_parcels(P: Parcels, cultivated) -> np.ndarray:
    """Positions of the parcels high-standard farmland may take: flat cultivated land out of the towns."""
    return np.flatnonzero(cultivated & (P.grade <= 2) & (P.mount < 0.4) & (P.town < 0.3))


# Built high-standard farmland outside the farmland, as a share of the farmland's area, and at least twice
# the farmland on steep slopes (grade 4–5, the main swap-out reason): the land a scheme swaps into the
# farmland when only existing high-standard farmland may join (the seed's 511.30 ha).
HSF_OUTSIDE_SHARE = 0.12
HSF_OUTSIDE_PER_STEEP = 2.0


def hsf_layer(scene, P: Parcels, pbf, idx, geoms, parcels, rng) -> Layer:
    """High-standard farmland projects: blocks of flat cultivated land (PBF or
    not) around project centres, added in random order until ~20 % of the PBF
    area is covered; then, in the same order, the land outside the PBF of
    further projects until the high-standard farmland outside the PBF reaches
    ``HSF_OUTSIDE_SHARE`` of the PBF area and ``HSF_OUTSIDE_PER_STEEP`` times
    its steep land (or the projects run out). ``idx``: ``hsf_parcels``; ``geoms``:
    their geometries."""
    area_km2 = parcels * MEAN_PARCEL_M2 / 1e6
    fields = [("XMMC", "str"), ("JSNF", "int"), ("MJ", "float")]
    if len(idx) == 0:
        return Layer("hsf", "Polygon", np.empty(0, object), fields,
                     {"XMMC": np.empty(0, "<U1"), "JSNF": np.empty(0, np.int64), "MJ": np.empty(0)})
    n_proj = max(4, int(area_km2 / 2.0))
    centres = P.rep_xy[rng.choice(idx, size=min(n_proj, len(idx)), replace=False)]
    (_, proj), _ = shapely.STRtree(shapely.points(centres)).query_nearest(
        shapely.points(P.rep_xy[idx]), return_distance=True, all_matches=False)
    in_pbf = pbf[idx]
    pbf_area = np.bincount(proj, weights=np.where(in_pbf, P.area[idx], 0.0), minlength=len(centres))
    outside_area = np.bincount(proj, weights=np.where(in_pbf, 0.0, P.area[idx]), minlength=len(centres))
    order = rng.permutation(len(centres))
    cum = np.cumsum(pbf_area[order])
    goal = 0.205 * P.area[pbf].sum()
    n_whole = int(np.searchsorted(cum, goal)) + 1
    # Outside the PBF: what the whole projects hold, then the outside land of the next ones, in order.
    outside = outside_area[order[:n_whole]].sum() + np.concatenate([[0.0], np.cumsum(outside_area[order[n_whole:]])])
    wanted = max(HSF_OUTSIDE_SHARE * P.area[pbf].sum(), HSF_OUTSIDE_PER_STEEP * P.area[pbf & (P.grade >= 4)].sum())
    n_extended = int(np.searchsorted(outside, wanted))
    whole, extended = set(order[:n_whole].tolist()), order[n_whole:n_whole + n_extended]
    years = rng.integers(2011, 2024, len(centres))
    blocks, names, jsnf = [], [], []
    for j in np.sort(np.concatenate([order[:n_whole], extended])):
        members = (proj == j) if j in whole else (proj == j) & ~in_pbf
        if not members.any():
            continue
        parts = dissolve(geoms[members])
        parts = parts[shapely.area(parts) >= 10_000.0]
        ts = scene.seat_names[int(np.bincount(P.township[idx[members]]).argmax())]
        blocks.extend(parts)
        names.extend([f"{ts}{years[j]}年高标准农田建设项目"] * len(parts))
        jsnf.extend([int(years[j])] * len(parts))
    blocks = np.array(blocks, dtype=object)
    return Layer("hsf", "Polygon", blocks, fields,
                 {"XMMC": np.array(names), "JSNF": np.array(jsnf, dtype=np.int64), "MJ": shapely.area(blocks)})


def hilly_layer(scene: Scene, county, seed: int) -> Layer:
    """Mountain (山地) and hill (丘陵) zones.  Such zoning is drawn coarsely, not
    parcel by parcel: classify the cells of a coarse Voronoi mesh (~900 cells)
    by the terrain and dissolve them; drop parts under 0.5 % of the county."""
    rng = random_stream(seed, 6)
    frame = scene.frame
    nx, ny = 32, int(round(32 * NY / NX))
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny))
    px = frame.x0 + (gx.ravel() + rng.uniform(0.1, 0.9, gx.size)) * frame.width / nx
    py = frame.y0 + (gy.ravel() + rng.uniform(0.1, 0.9, gy.size)) * frame.height / ny
    cells = voronoi_cells(np.c_[px, py], shapely.box(frame.x0, frame.y0, frame.x0 + frame.width,
                                                     frame.y0 + frame.height))
    level = frame.sample(scene.mountain, px, py) + 0.10 * frame.sample(scene.noise["l"], px, py)
    county_area = float(shapely.area(county))
    geoms, kinds = [], []
    for name, lo, hi in (("山地", 0.60, np.inf), ("丘陵", 0.28, 0.60)):
        sel = (level > lo) & (level <= hi)
        if not sel.any():
            continue
        zone = shapely.intersection(shapely.coverage_union_all(cells[sel]), county)
        for g in shapely.get_parts(zone):
            if g.geom_type == "Polygon" and shapely.area(g) > 0.005 * county_area:
                geoms.append(g)
                kinds.append(name)
    return Layer("hilly_areas", "Polygon", np.array(geoms, dtype=object), [("DXLX", "str")],
                 {"DXLX": np.array(kinds, dtype=str)})


def rectangle(cx: float, cy: float, w: float, h: float, angle: float) -> shapely.Polygon:
    c, s = math.cos(angle), math.sin(angle)
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2.0
    return shapely.polygons(np.c_[cx + corners[:, 0] * c - corners[:, 1] * s,
                                  cy + corners[:, 0] * s + corners[:, 1] * c])


def projects_layer(scene: Scene, P: Parcels, county, udb_parts, rng) -> Layer:
    """Key construction projects in the manner of the seed's table 5-4: a solar
    farm in the hills, 66 kV line corridors between towns, warehouses at the edge
    of the development boundary, a residential compound by the county seat and a
    road widening; most of them reach into permanent basic farmland."""
    names = scene.seat_names
    n_seats = len(names)
    plans = []  # (type, name, nature, years, geometry, basis)

    # Solar farm (能源类): ~30 ha on gentle hill slopes near a town.
    cand = np.flatnonzero((P.mount > 0.3) & (P.mount < 0.6) & (P.grade <= 3) & (P.town < 0.05))
    if len(cand) == 0:
        cand = np.arange(len(P.geoms))
    cx, cy = P.rep_xy[rng.choice(cand)]
    side = math.sqrt(300_000.0)
    plans.append(("能源类", "光伏发电项目", "新建", "2026-2028年",
                  rectangle(cx, cy, 1.6 * side, side / 1.6, rng.uniform(0, np.pi)), "发改文件"))

    # 66 kV lines (电力类): 6 m corridors between seats.
    for _ in range(3):
        i, j = rng.choice(n_seats, size=2, replace=False)
        p, q = scene.seat_xy[i], scene.seat_xy[j]
        ln = meander(p, q, 0.02 * np.hypot(*(q - p)), rng, 60, True, True)
        plans.append(("电力类", f"{names[i][:2]}-{names[j][:2]}66千伏线路工程", "新建", "2027年",
                      shapely.buffer(shapely.linestrings(ln), 3.0, cap_style="flat", quad_segs=2), "申请说明"))

    # Warehouses (产业类) straddling the development-boundary edge, and a large
    # residential compound (其他) against the county seat's boundary.
    big = np.argsort(-shapely.area(udb_parts))[:max(1, min(len(udb_parts), n_seats))] if len(udb_parts) else []
    sizes = [("产业类", "仓储物流建设项目", "新建", "2026-2028年", 18_553.0, "发改立项"),
             ("产业类", "仓储扩建项目", "改扩建", "2025-2028年", 9_631.0, "发改立项"),
             ("产业类", "农产品保鲜库建设项目", "新建", "2025-2027年", 66_090.0, "发改立项"),
             ("其他", "三号院住宅小区", "新建", "2026-2028年", 295_751.0, "")]
    for k, (xmlx, title, nature, years, area, basis) in enumerate(sizes):
        if len(big) == 0:
            break
        part = udb_parts[big[0] if xmlx == "其他" else big[(k + 1) % len(big)]]
        ring = shapely.get_coordinates(shapely.get_exterior_ring(part))
        centre = shapely.get_coordinates(shapely.centroid(part))[0]
        # The boundary vertex farthest out in a random direction: outer edge.
        d = rng.uniform(0, 2 * np.pi)
        vx, vy = ring[int(np.argmax((ring - centre) @ np.array([math.cos(d), math.sin(d)])))]
        out = np.array([vx, vy]) - centre
        out /= max(np.hypot(*out), 1e-9)
        side = math.sqrt(area)
        c = np.array([vx, vy]) + out * 0.35 * side
        ts = int(township_at(scene, np.array([[vx, vy]]))[0])
        plans.append((xmlx, f"{names[ts]}{title}", nature, years,
                      rectangle(c[0], c[1], 1.3 * side, side / 1.3, math.atan2(out[1], out[0])), basis))

    # Road widening (其他, 改扩建) along part of a county road.
    roads = scene.lines[LIN_ROAD]
    if len(roads) > 2:
        ln = roads[2 + int(rng.integers(0, len(roads) - 2))]
        a = int(len(ln) * 0.2)
        plans.append(("其他", "县道改扩建工程", "改扩建", "2026-2027年",
                      shapely.buffer(shapely.linestrings(ln[a:a + max(2, len(ln) // 2)]), 20.0,
                                     cap_style="flat", quad_segs=2), "发改文件"))

    tree = shapely.STRtree(P.geoms)
    constr = IS_CONSTRUCTION[P.cls]
    geoms, cols = [], {k: [] for k in ("XMLX", "XMMC", "JSXZ", "JSNX", "YDGM", "XZJSYD", "SZDQ", "NRYJ")}
    for xmlx, title, nature, years, geom, basis in plans:
        geom = shapely.intersection(geom, county)
        parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"]
        if not parts:
            continue
        geom = parts[int(np.argmax(shapely.area(parts)))]
        hit = tree.query(geom, predicate="intersects")
        inter = shapely.area(shapely.intersection(P.geoms[hit], geom))
        new_land = inter[~constr[hit]].sum()
        towns_hit = np.unique(P.township[hit[inter > 1.0]])
        geoms.append(geom)
        cols["XMLX"].append(xmlx)
        cols["XMMC"].append(title)
        cols["JSXZ"].append(nature)
        cols["JSNX"].append(years)
        cols["YDGM"].append(round(float(shapely.area(geom)) / 10_000.0, 4))
        cols["XZJSYD"].append(round(float(new_land) / 10_000.0, 4))
        cols["SZDQ"].append("、".join(names[t] for t in towns_hit))
        cols["NRYJ"].append(basis or "规划实施需要")
    geoms = np.array(geoms, dtype=object)
    fields = [("XMLX", "str"), ("XMMC", "str"), ("JSXZ", "str"), ("JSNX", "str"), ("YDGM", "float"),
              ("XZJSYD", "float"), ("SZDQ", "str"), ("NRYJ", "str")]
    columns = {k: (np.array(v, dtype=float) if k in ("YDGM", "XZJSYD") else np.array(v, dtype=str))
               for k, v in cols.items()}
    return Layer("projects", "Polygon", geoms, fields, columns)
