"""What a development-boundary maintenance works from (seed section 五(一)3): land approved or supplied but not
built on (已批已供未建) and the planned land use inside the boundary (规划用地), by the classes of the ministry's
land and sea use classification (国土空间调查、规划、用途管制用地用海分类).  A boundary's out-candidates must
spare both: approved land, and planned green space, roads, public services and utilities.

Drawn after every other layer, from random streams of their own, like ``losses`` and ``redline``.
"""

from __future__ import annotations

import numpy as np
import shapely

from .classify import Parcels
from .common import CODES, IS_CONSTRUCTION, Layer, random_stream
from .losses import spread
from .redline import rectangles
from .zones import dissolve

# Approved but unbuilt land: this share of the boundary's growth (boundary less the urban baseline).
APPROVED_SHARE = 0.10
APPROVED_USES = (("工业用地", 0.35), ("物流仓储用地", 0.15), ("城镇住宅用地", 0.30), ("商业服务业用地", 0.10),
                 ("公共管理与公共服务用地", 0.10))

# Planning land classes (用地用海分类, second level; the first two digits are the first level).
PLAN_CLASSES = {
    "0701": "城镇住宅用地", "0801": "机关团体用地", "0804": "教育用地", "0806": "医疗卫生用地",
    "0901": "商业用地", "1001": "工业用地", "1002": "采矿用地", "1101": "物流仓储用地", "1201": "铁路用地",
    "1202": "公路用地", "1207": "城镇道路用地", "1301": "供水用地", "1303": "供电用地", "1401": "公园绿地",
    "1402": "防护绿地", "1403": "广场用地", "1501": "军事设施用地", "1701": "河流水面", "1703": "水库水面",
}
# Land built on today keeps its use in the plan (三调 class → planning class).
PLAN_OF_CLASS = {
    "0701": "0701", "0702": "0701", "05H1": "0901", "0508": "1101", "0601": "1001", "0602": "1002",
    "08H1": "0801", "08H2": "0804", "0810": "1401", "09": "1501", "1001": "1201", "1003": "1202",
    "1004": "1207", "1006": "1207", "1101": "1701", "1103": "1703",
}
# Land not built on today is planned for these, with their odds.
PLAN_NEW = (("0701", 0.30), ("1001", 0.18), ("0901", 0.05), ("1401", 0.15), ("1402", 0.05), ("1403", 0.02),
            ("0804", 0.05), ("0806", 0.03), ("1301", 0.03), ("1303", 0.02), ("1207", 0.12))


def _draw(table, u) -> np.ndarray:
    odds = np.cumsum([p for _, p in table])
    names = np.array([c for c, _ in table])
    return names[np.minimum(np.searchsorted(odds / odds[-1], u, side="right"), len(names) - 1)]


def approved_layer(P: Parcels, masks, rng) -> Layer:
    """Plots approved or supplied for building and not yet built on (已批已供未建): rectangles inside the
    boundary around land that is not construction land today, none over another."""
    udb = np.flatnonzero(masks["udb"])
    goal = APPROVED_SHARE * max(P.area[masks["udb"]].sum() - P.area[masks["baseline"]].sum(), 0.0)
    open_land = spread(udb[~IS_CONSTRUCTION[P.cls[udb]]], P.township, rng)
    n = int(min(len(open_land), max(3, round(goal / 40_000.0))))
    centre = P.rep_xy[open_land[:n]]
    share = rng.lognormal(0.0, 0.5, n)
    geoms = rectangles(centre, goal * share / share.sum(), rng.uniform(1.0, 1.8, n), rng.uniform(0, np.pi, n))
    tree = shapely.STRtree(P.geoms[udb])
    keep = np.zeros(n, bool)
    for k in range(n):  # inside the boundary: its parcels under the plot; the earlier plot wins an overlap
        under = P.geoms[udb[tree.query(geoms[k], predicate="intersects")]]
        inside = shapely.intersection(geoms[k], shapely.union_all(under))
        parts = [g for g in shapely.get_parts(inside) if g.geom_type == "Polygon"]
        if parts:
            geoms[k] = parts[int(np.argmax(shapely.area(parts)))]
            keep[k] = not shapely.intersects(geoms[k], geoms[:k][keep[:k]]).any()
    geoms = geoms[keep]
    m = len(geoms)
    years = rng.integers(2019, 2026, m)
    dates = [f"{y}-{mo:02d}-{d:02d}" for y, mo, d in
             zip(years.tolist(), rng.integers(1, 13, m).tolist(), rng.integers(1, 29, m).tolist())]
    return Layer("approved_land", "Polygon", geoms,
                 [("PZWH", "str"), ("PZRQ", "str"), ("YT", "str"), ("GDZT", "str"), ("MJ", "float")],
                 {"PZWH": np.array([f"内政土发〔{y}〕{k}号" for y, k in
                                    zip(years.tolist(), rng.integers(10, 400, m).tolist())], dtype=str),
                  "PZRQ": np.array(dates, dtype=str), "YT": _draw(APPROVED_USES, rng.random(m)).astype(str),
                  "GDZT": np.where(rng.random(m) < 0.5, "已批未供", "已供未建"), "MJ": shapely.area(geoms)})


def planned_layer(P: Parcels, masks, rng) -> Layer:
    """The planned land use of the boundary (规划用地): each of its parcels takes a planning class, built land
    its present use and open land a planned one; the parcels of a class are dissolved into plots."""
    udb = np.flatnonzero(masks["udb"])
    now = np.array(CODES)[P.cls[udb]]
    planned = np.array([PLAN_OF_CLASS.get(c, "") for c in now.tolist()], dtype="<U4")
    drawn = _draw(PLAN_NEW, rng.random(len(udb)))
    planned = np.where(planned == "", drawn, planned)
    geoms, codes = [], []
    for code in sorted(set(planned.tolist())):
        parts = dissolve(P.geoms[udb[planned == code]])
        geoms.extend(parts)
        codes.extend([code] * len(parts))
    geoms = np.array(geoms, dtype=object)
    codes = np.array(codes, dtype=str)
    return Layer("planned_landuse", "Polygon", geoms, [("YDDM", "str"), ("YDMC", "str"), ("MJ", "float")],
                 {"YDDM": codes, "YDMC": np.array([PLAN_CLASSES[c] for c in codes.tolist()], dtype=str),
                  "MJ": shapely.area(geoms)})


def boundary_layers(P: Parcels, masks, seed: int) -> dict[str, Layer]:
    return {"approved_land": approved_layer(P, masks, random_stream(seed, 19)),
            "planned_landuse": planned_layer(P, masks, random_stream(seed, 20))}
