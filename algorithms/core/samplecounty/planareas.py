"""What the master plan says about the boundary's surroundings, for the rows of table 5-3 the maintenance of the
boundary is judged by (seed section 五(一)3, issue 22): approved development zones and non-agricultural industrial
parks (已批开发区和非农业产业园区, mostly inside the boundary, one reaching out of it), the towns' main directions of
growth (主要发展方向, against the boundary, outside it and outside the red line) and the areas unsuitable for
urban construction (不适宜城镇建设区域: geological hazard, flood storage, overlaid mineral resources, large heritage
sites; one or two reach a little into the boundary, the others stay clear of it).

Each layer is drawn after every other layer, from a random stream of its own, so nothing else changes with it.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from .classify import Parcels
from .common import Layer, random_stream
from .losses import _largest_part, blobs
from .planzones import planning_zones_layer
from .redline import rectangles
from .scene import Scene

# Approved zones: how many, and each one's share of the boundary patch it lies in.
APPROVED_COUNT = (3, 6)
APPROVED_SHARE = (0.06, 0.15)
# The zone reaching out of the boundary: the share of it that lies outside, within these bounds.
APPROVED_OUTSIDE = (0.1, 0.6)
APPROVED_KINDS = (("省级经济技术开发区", "自治区人民政府"), ("工业园区", "自治区人民政府"),
                  ("物流园区", "市人民政府"), ("农畜产品加工园区", "市人民政府"))
# Directions of growth: the wedge's half angle (degrees) and how far it reaches past the town's boundary, in
# town radii.
DIRECTION_HALF_ANGLE = (20.0, 35.0)
DIRECTION_REACH = (0.6, 1.2)
COMPASS = ("东", "东北", "北", "西北", "西", "西南", "南", "东南")
# Unsuitable areas: each kind's size as a share of the county's area.
UNSUITABLE_SHARE = {"地质灾害高风险区": 0.0015, "蓄滞洪区": 0.003, "重要矿产资源压覆区": 0.001, "大遗址保护区": 0.0006}
# An unsuitable area reaching into the boundary covers this share of its own area inside it.
UNSUITABLE_INSIDE = (0.02, 0.25)


def _union(geoms) -> shapely.Geometry:
    return shapely.union_all(np.asarray(geoms, dtype=object))


def _edge_point(patch, rng) -> tuple[np.ndarray, np.ndarray]:
    """A random point on the patch's outer ring and the unit direction pointing out of the patch there."""
    ring = shapely.get_exterior_ring(patch)
    at = rng.uniform(0.0, shapely.length(ring))
    p = shapely.get_coordinates(shapely.line_interpolate_point(ring, at))[0]
    a, b = shapely.get_coordinates(shapely.line_interpolate_point(ring, [max(at - 20.0, 0.0), at + 20.0]))
    tangent = (b - a) / max(float(np.hypot(*(b - a))), 1e-9)
    # The ring of a shapely polygon's shell may run either way: the normal pointing away from the patch wins.
    normal = np.array([tangent[1], -tangent[0]])
    if shapely.contains_xy(patch, *(p + 5.0 * normal)):
        normal = -normal
    return p, normal


def approved_zones_layer(scene: Scene, P: Parcels, udb: Layer, county, rng) -> Layer:
    """Approved development zones and industrial parks: rectangles in the boundary's larger patches, clipped to
    their patch, none over another, and one across a patch's edge (part of it outside the boundary)."""
    patches = udb.geoms
    big = np.argsort(-shapely.area(patches), kind="stable")[:max(3, len(patches) // 4)]
    n = int(rng.integers(*APPROVED_COUNT, endpoint=True))
    line = _union(patches)
    shapely.prepare(line)
    geoms = []
    for _ in range(40):  # the one reaching out of the boundary first
        patch = patches[big[0]]
        p, normal = _edge_point(patch, rng)
        area = rng.uniform(*APPROVED_SHARE) * shapely.area(patch)
        shape = rectangles(p[None] - 0.2 * math.sqrt(area) * normal, np.array([area]), rng.uniform(1.0, 1.8, 1),
                           rng.uniform(0, np.pi, 1))
        shape = _largest_part(shapely.intersection(shape, county))[0]
        if shape is None:
            continue
        outside = shapely.area(shapely.difference(shape, line)) / shapely.area(shape)
        if APPROVED_OUTSIDE[0] <= outside <= APPROVED_OUTSIDE[1]:
            geoms.append(shape)
            break
    weights = shapely.area(patches[big]) / shapely.area(patches[big]).sum()
    for _ in range(4 * n):
        if len(geoms) >= n:
            break
        patch = patches[big[rng.choice(len(big), p=weights)]]
        inside = np.flatnonzero(shapely.contains_xy(patch, P.rep_xy[:, 0], P.rep_xy[:, 1]))
        centre = P.rep_xy[rng.choice(inside)][None]
        area = np.array([rng.uniform(*APPROVED_SHARE) * shapely.area(patch)])
        shape = _largest_part(shapely.intersection(
            rectangles(centre, area, rng.uniform(1.0, 1.8, 1), rng.uniform(0, np.pi, 1)), patch))[0]
        if shape is not None and not any(shapely.intersects(shape, g) for g in geoms):
            geoms.append(shape)
    geoms = np.array(geoms, dtype=object)
    m = len(geoms)
    kind = rng.integers(0, len(APPROVED_KINDS), m)
    town = _township(scene, geoms)
    names = [f"{scene.seat_names[t]}{APPROVED_KINDS[k][0]}" for t, k in zip(town.tolist(), kind.tolist())]
    years = rng.integers(2006, 2021, m)
    return Layer("approved_zones", "Polygon", geoms,
                 [("KFQMC", "str"), ("KFQLX", "str"), ("PZJG", "str"), ("PZNF", "int"), ("MJ", "float")],
                 {"KFQMC": _numbered(names), "KFQLX": np.array([APPROVED_KINDS[k][0] for k in kind], dtype=str),
                  "PZJG": np.array([APPROVED_KINDS[k][1] for k in kind], dtype=str),
                  "PZNF": years.astype(np.int64), "MJ": shapely.area(geoms)})


def _numbered(names: list[str]) -> np.ndarray:
    """Names made unique by a number after the second and later of a kind (东川工业园区, 东川工业园区二区 …)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}{'一二三四五六七八九'[min(seen[name], 9) - 1]}区")
    return np.array(out, dtype=str)


def _township(scene: Scene, geoms) -> np.ndarray:
    xy = shapely.get_coordinates(shapely.point_on_surface(geoms))
    if not len(xy):
        return np.empty(0, np.int64)
    return np.argmin(np.hypot(*(xy[:, None, :] - scene.seat_xy[None]).transpose(2, 0, 1)), axis=1)


def _wedge(centre, radius: float, angle: float, half: float):
    t = np.linspace(angle - half, angle + half, 17)
    ring = np.vstack([centre, centre + radius * np.c_[np.cos(t), np.sin(t)], centre])
    return shapely.Polygon(ring)


def directions_layer(scene: Scene, udb: Layer, epr: Layer, county, rng) -> Layer:
    """The main directions of growth of the county seat and of up to two towns: a wedge from the seat outwards,
    past the town's boundary, less the boundary and the red line; the largest piece against the boundary."""
    towns = [k for k, level in enumerate(scene.seat_level) if level == "城区"]
    others = [k for k, level in enumerate(scene.seat_level) if level == "镇"]
    towns += [int(k) for k in rng.permutation(others)[:int(rng.integers(1, 2, endpoint=True))]]
    line, red = _union(udb.geoms), _union(epr.geoms)
    geoms, names, seats, heads = [], [], [], []
    for k in towns:
        seat = scene.seat_xy[k]
        patch = udb.geoms[shapely.contains_xy(udb.geoms, *seat)]
        angle = rng.uniform(0.0, 2.0 * np.pi)
        half = math.radians(rng.uniform(*DIRECTION_HALF_ANGLE))
        reach = rng.uniform(*DIRECTION_REACH) * scene.seat_radius[k]
        if not len(patch):
            continue
        far = float(np.hypot(*(shapely.get_coordinates(patch[0]) - seat).T).max())
        free = shapely.difference(shapely.intersection(_wedge(seat, far + reach, angle, half), county),
                                  shapely.union(line, red))
        parts = shapely.get_parts(free)
        parts = parts[(shapely.get_type_id(parts) == 3) & (shapely.distance(parts, patch[0]) < 1e-6)]
        if not len(parts):
            continue
        geoms.append(parts[int(np.argmax(shapely.area(parts)))])
        head = COMPASS[int(round(angle / (np.pi / 4))) % 8]
        names.append(f"{scene.seat_names[k]}向{head}发展")
        seats.append(scene.seat_names[k])
        heads.append(head)
    geoms = np.array(geoms, dtype=object)
    return Layer("development_directions", "Polygon", geoms,
                 [("FXMC", "str"), ("CZMC", "str"), ("FX", "str"), ("MJ", "float")],
                 {"FXMC": np.array(names, dtype=str), "CZMC": np.array(seats, dtype=str),
                  "FX": np.array(heads, dtype=str), "MJ": shapely.area(geoms)})


def _blob(centre, area: float, elongation: float, angle: float, rng):
    wobble = np.stack([rng.uniform(0.0, 0.1, 3), rng.uniform(0.0, 2.0 * np.pi, 3)], axis=1)[None]
    return blobs(np.asarray(centre, float)[None], np.array([area]), np.array([elongation]), np.array([angle]),
                 wobble)[0]


def _against(patches, line, county, area: float, rng):
    """An irregular area across the edge of one of the boundary's larger patches, UNSUITABLE_INSIDE of it
    inside the boundary; None if forty tries find none."""
    big = np.argsort(-shapely.area(patches), kind="stable")[:3]
    radius = math.sqrt(area / math.pi)
    for _ in range(40):
        p, normal = _edge_point(patches[rng.choice(big)], rng)
        elongation, angle = rng.uniform(1.0, 2.0), rng.uniform(0.0, np.pi)
        for k in (0.9, 0.7, 0.5, 0.3):
            shape = _largest_part(np.array([shapely.intersection(
                _blob(p + k * radius * normal, area, elongation, angle, rng), county)], dtype=object))[0]
            if shape is None:
                continue
            inside = shapely.area(shapely.intersection(shape, line)) / shapely.area(shape)
            if UNSUITABLE_INSIDE[0] <= inside <= UNSUITABLE_INSIDE[1]:
                return shape
    return None


def _unsuitable_centres(scene: Scene, P: Parcels, masks, mining: Layer, rng) -> list[tuple[str, np.ndarray, float]]:
    """(kind, centre, direction) of the areas clear of the boundary: a steep slope, a stretch of the main river,
    a mining right's ground, a heritage site in the country."""
    out = []
    steep = np.flatnonzero((P.grade >= 4) & ~masks["udb"])
    if len(steep):
        out.append(("地质灾害高风险区", P.rep_xy[rng.choice(steep)], rng.uniform(0.0, np.pi)))
    river = shapely.linestrings(scene.rivers[0])
    for _ in range(20):
        at = rng.uniform(0.1, 0.9) * shapely.length(river)
        a, b = shapely.get_coordinates(shapely.line_interpolate_point(river, [at - 50.0, at + 50.0]))
        centre = (a + b) / 2.0
        if shapely.contains_xy(scene.frame.outline, *centre):
            out.append(("蓄滞洪区", centre, math.atan2(*(b - a)[::-1])))
            break
    if len(mining.geoms):
        site = shapely.point_on_surface(mining.geoms[rng.integers(len(mining.geoms))])
        out.append(("重要矿产资源压覆区", shapely.get_coordinates(site)[0], rng.uniform(0.0, np.pi)))
    country = np.flatnonzero(~masks["udb"] & ~masks["epr"])
    out.append(("大遗址保护区", P.rep_xy[rng.choice(country)], rng.uniform(0.0, np.pi)))
    return out


def unsuitable_layer(scene: Scene, P: Parcels, masks, layers: dict[str, Layer], county, rng) -> Layer:
    """Areas unsuitable for urban construction: KIND (地质灾害高风险区 / 蓄滞洪区 / 重要矿产资源压覆区 /
    大遗址保护区), MC name, MJ m². One or two (geological hazard or flood storage) reach a little into the
    boundary; the others are cut clear of it."""
    udb = layers["udb"].geoms
    line = _union(udb)
    county_m2 = float(P.area.sum())
    elongation = {"地质灾害高风险区": (1.2, 2.5), "蓄滞洪区": (3.0, 5.0), "重要矿产资源压覆区": (1.0, 1.8),
                  "大遗址保护区": (1.0, 1.5)}
    kinds, geoms = [], []
    for kind, centre, angle in _unsuitable_centres(scene, P, masks, layers["mining_rights"], rng):
        area = UNSUITABLE_SHARE[kind] * county_m2 * rng.uniform(0.7, 1.3)
        blob = _blob(centre, area, rng.uniform(*elongation[kind]), angle, rng)
        shape = _largest_part(np.array([shapely.difference(shapely.intersection(blob, county), line)],
                                       dtype=object))[0]
        if shape is not None:
            kinds.append(kind)
            geoms.append(shape)
    for _ in range(int(rng.integers(1, 2, endpoint=True))):
        kind = ("地质灾害高风险区", "蓄滞洪区")[int(rng.integers(2))]
        shape = _against(udb, line, county, UNSUITABLE_SHARE[kind] * county_m2 * rng.uniform(0.5, 1.0), rng)
        if shape is not None:
            kinds.append(kind)
            geoms.append(shape)
    geoms = np.array(geoms, dtype=object)
    town = _township(scene, geoms)
    names = _numbered([f"{scene.seat_names[t]}{kind}" for t, kind in zip(town.tolist(), kinds)])
    return Layer("unsuitable_areas", "Polygon", geoms, [("KIND", "str"), ("MC", "str"), ("MJ", "float")],
                 {"KIND": np.array(kinds, dtype=str), "MC": names, "MJ": shapely.area(geoms)})


def plan_layers(scene: Scene, P: Parcels, masks, county, layers: dict[str, Layer], seed: int) -> dict[str, Layer]:
    """The planning zones, approved zones, directions of growth and unsuitable areas, each from a stream of its
    own (23–26); ``layers`` holds the county's other layers, read only."""
    return {
        "planning_zones": planning_zones_layer(P, masks, layers, random_stream(seed, 23)),
        "approved_zones": approved_zones_layer(scene, P, layers["udb"], county, random_stream(seed, 24)),
        "development_directions": directions_layer(scene, layers["udb"], layers["epr"], county,
                                                   random_stream(seed, 25)),
        "unsuitable_areas": unsuitable_layer(scene, P, masks, layers, county, random_stream(seed, 26)),
    }
