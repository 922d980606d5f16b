"""What a maintenance finds against the farmland, drawn after every other layer: land damaged beyond repair
(灾毁、采矿损毁无法修复), parcels found unsuitable on verification (经核实不符合划入要求), the parcels the latest
land-change survey (2024 年度变更调查) no longer shows as cultivated, and the level (JB) of each key project.

Each comes from a random stream of its own, drawn once every other layer is made, so that the county's other
layers are the same, feature by feature, with or without them.  Their sizes follow the seed scheme (section
五(一)1): in a county of about 3 040 km² (Karaqin Banner: its 72 805.18 ha of red line are 23.95 % of it),
16.82 ha of farmland damaged beyond repair, 300.45 ha found unsuitable and 99.60 ha no longer cultivated; a
sample county takes the same shares of its own area.  Each lies on farmland no project reaches and none of
them on the ground of another, so each shows up under its own reason in ``planmaint:swapcandidates``.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from .classify import Parcels
from .common import CLASS_INDEX, LAND_CLASSES, Layer, random_stream
from .scene import Scene

SEED_COUNTY_HA = 72_805.18 / 0.2395
DAMAGED_HA = 16.82
UNQUALIFIED_HA = 300.45
NON_CULTIVATED_HA = 99.60
# Damage is drawn in patches of about this much farmland each (at least three patches).
DAMAGE_PATCH_M2 = 5_000.0
# Farmland this close to a project is left to the project's reason.
PROJECT_CLEARANCE_M = 50.0
PROJECT_LEVELS = ("国家级", "自治区级", "市级", "县级")

# The latest change survey's flows out of cultivated land, with their odds: facility farming, orchards,
# afforestation, fish ponds, homesteads.
SURVEY_FLOWS = (("1202", 0.30), ("0201", 0.20), ("0307", 0.20), ("1104", 0.15), ("0702", 0.15))
# Damage: (category 损毁类别, type 损毁类型, odds, elongation range).
DAMAGE_KINDS = (
    ("采矿损毁", "挖损", 0.25, (1.2, 2.0)),
    ("采矿损毁", "塌陷", 0.15, (1.0, 1.3)),
    ("自然灾害损毁", "水毁", 0.40, (2.5, 4.0)),
    ("自然灾害损毁", "滑坡", 0.20, (1.5, 2.5)),
)
# Why verification found a parcel unsuitable (不符合划入要求的原因), with the share of the area.
UNSUITABLE = (
    ("位于河道管理范围内", 0.35),
    ("林区内插花耕地，难以长期稳定利用", 0.25),
    ("土壤污染严格管控类耕地", 0.15),
    ("土地沙化、盐碱化严重，不宜长期耕种", 0.25),
)
MINING_REACH_M = 600.0
INDUSTRY_REACH_M = 500.0
RIVER_REACH_M = 250.0


def project_levels(projects: Layer, rng) -> Layer:
    """``projects`` with the level JB (国家级 / 自治区级 / 市级 / 县级) of each, by its kind: the energy project
    is a national or regional key project, the power lines regional or municipal, the warehouses municipal
    or county projects, the road widening mostly municipal, the residential compound a county project."""
    kinds = np.asarray(projects.columns["XMLX"]).tolist()
    names = np.asarray(projects.columns["XMMC"]).tolist()
    u = rng.random(len(kinds))
    levels = []
    for kind, name, draw in zip(kinds, names, u):
        if kind == "能源类":
            odds = (0.4, 0.6, 0.0, 0.0)
        elif kind == "电力类":
            odds = (0.0, 0.5, 0.5, 0.0)
        elif kind == "产业类":
            odds = (0.0, 0.0, 0.4, 0.6)
        elif "县道" in name:
            odds = (0.0, 0.3, 0.7, 0.0)
        else:
            odds = (0.0, 0.0, 0.0, 1.0)
        levels.append(PROJECT_LEVELS[min(int(np.searchsorted(np.cumsum(odds), draw, side="right")), 3)])
    columns = dict(projects.columns)
    columns["JB"] = np.array(levels, dtype=str)
    return Layer(projects.name, projects.geometry_type, projects.geoms, projects.fields + [("JB", "str")], columns)


def spread(candidates: np.ndarray, township: np.ndarray, rng) -> np.ndarray:
    """The candidates in a random order that visits the townships in turn: the first of each township (the
    townships in a random order), then the second of each, and so on."""
    if not len(candidates):
        return candidates
    cand = candidates[rng.permutation(len(candidates))]
    town = township[cand]
    by_town = np.argsort(town, kind="stable")
    first = np.searchsorted(town[by_town], town[by_town], side="left")
    rank = np.empty(len(cand), np.int64)
    rank[by_town] = np.arange(len(cand)) - first
    turn = rng.permutation(int(town.max()) + 1)
    return cand[np.lexsort((turn[town], rank))]


def take_area(order: np.ndarray, area: np.ndarray, goal: float) -> np.ndarray:
    """The first parcels of ``order`` whose area comes closest to ``goal`` (at least one when there are any
    and the goal is positive): parcels are coarse against the goal of a small county."""
    if not len(order) or goal <= 0:
        return order[:0]
    cum = np.cumsum(area[order])
    n = min(int(np.searchsorted(cum, goal)), len(order) - 1)
    if n > 0 and goal - cum[n - 1] < cum[n] - goal:
        n -= 1
    return order[:n + 1]


class Farmland:
    """The permanent basic farmland the draws may use, and what they have taken of it."""

    def __init__(self, scene: Scene, P: Parcels, pbf_mask, projects: Layer):
        self.scene, self.P = scene, P
        self.idx = np.flatnonzero(pbf_mask)
        self.geoms = P.geoms[self.idx]
        self.tree = shapely.STRtree(self.geoms)
        self.free = np.ones(len(self.idx), bool)
        self.projects = projects.geoms
        if len(projects):
            # A buffer and "intersects" rather than "dwithin": the distance to a long corridor from every
            # parcel in its bounding box would cost ten times as much.
            zone = shapely.buffer(projects.geoms, PROJECT_CLEARANCE_M, quad_segs=2)
            self.free[self.tree.query(zone, predicate="intersects")[1]] = False
        xy = P.rep_xy[self.idx]
        self.points = shapely.STRtree(shapely.points(xy))
        self.river_m = scene.frame.sample(scene.river_dist, xy[:, 0], xy[:, 1])

    def township(self) -> np.ndarray:
        return self.P.township[self.idx]

    def near_class(self, codes, reach: float) -> np.ndarray:
        """Which farmland parcels lie within ``reach`` of a parcel of one of the classes ``codes``."""
        of_class = np.isin(self.P.cls, [CLASS_INDEX[c] for c in codes])
        out = np.zeros(len(self.idx), bool)
        # The index holds the farmland (many), the query the parcels of the classes (few).
        out[self.points.query(shapely.points(self.P.rep_xy[of_class]), predicate="dwithin", distance=reach)[1]] = True
        return out

    def pick(self, wanted: np.ndarray, goal_m2: float, rng) -> np.ndarray:
        """Positions (into the farmland) of free parcels of ``wanted`` spread over the townships, until their
        area reaches ``goal_m2``; they are no longer free."""
        order = spread(np.flatnonzero(wanted & self.free), self.township(), rng)
        taken = take_area(order, self.P.area[self.idx], goal_m2)
        self.free[taken] = False
        return taken


def survey_changes(land: Farmland, landuse: Layer, goal_m2: float, rng) -> Layer:
    """The land use as the latest change survey shows it: ``landuse`` with farmland parcels (about
    ``goal_m2``) turned into facility farmland, orchards, forest, ponds or homesteads."""
    taken = land.pick(np.ones(len(land.idx), bool), goal_m2, rng)
    codes = np.array([c for c, _ in SURVEY_FLOWS])
    odds = np.cumsum([p for _, p in SURVEY_FLOWS])
    new = codes[np.minimum(np.searchsorted(odds / odds[-1], rng.random(len(taken)), side="right"), len(codes) - 1)]
    return recoded(landuse, land.idx[taken], new, "landuse_2024", based_on=landuse.name)


def recoded(landuse: Layer, rows, codes, name: str, based_on: str) -> Layer:
    """``landuse`` (as ``name``) with the parcels at ``rows`` of the land classes ``codes`` (their names
    follow, and their ridge ratio is 0: ridges are deducted from cultivated land only). The other parcels and
    every geometry stay as they are."""
    codes = np.broadcast_to(np.asarray(codes, dtype=object), (len(rows),))
    columns = {k: np.array(v, copy=True) for k, v in landuse.columns.items()}
    columns["DLBM"][rows] = codes
    columns["DLMC"][rows] = [LAND_CLASSES[c] for c in codes.tolist()]
    columns["KCXS"][rows] = 0.0
    return Layer(name, landuse.geometry_type, landuse.geoms, list(landuse.fields), columns, based_on=based_on)


def blobs(centre, area, elongation, angle, wobble) -> np.ndarray:
    """Irregular oval polygons: one per centre, of the given area, elongation and direction; ``wobble`` (n, 3, 2)
    holds the amplitude and phase of the 2nd–4th harmonics of the radius (amplitudes under 0.12, so the
    outline stays star-shaped and simple)."""
    t = np.linspace(0.0, 2.0 * np.pi, 24, endpoint=False)
    k = np.arange(2, 5)
    radius = 1.0 + (wobble[:, :, :1] * np.cos(k[None, :, None] * t[None, None, :] + wobble[:, :, 1:])).sum(axis=1)
    stretch = np.sqrt(elongation)[:, None]
    u, v = radius * np.cos(t) * stretch, radius * np.sin(t) / stretch
    unit = 0.5 * np.abs((u * np.roll(v, -1, axis=1) - np.roll(u, -1, axis=1) * v).sum(axis=1))
    scale = np.sqrt(area / unit)[:, None]
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    x = centre[:, :1] + scale * (u * c - v * s)
    y = centre[:, 1:] + scale * (u * s + v * c)
    return np.asarray(shapely.polygons(np.stack([x, y], axis=2)), dtype=object)


def _river_angle(scene: Scene, xy: np.ndarray) -> np.ndarray:
    """Direction of the nearest river at each point (radians)."""
    rivers = np.array([shapely.linestrings(r) for r in scene.rivers], dtype=object)
    out = np.zeros(len(xy))
    for k, (x, y) in enumerate(xy):  # a few dozen patches
        point = shapely.Point(x, y)
        line = rivers[int(np.argmin(shapely.distance(rivers, point)))]
        at = shapely.line_locate_point(line, point)
        # (a negative distance would count from the line's far end)
        a, b = shapely.line_interpolate_point(line, [max(at - 50.0, 0.0), min(at + 50.0, line.length)])
        out[k] = math.atan2(b.y - a.y, b.x - a.x)
    return out


def _largest_part(geoms: np.ndarray) -> np.ndarray:
    parts, index = shapely.get_parts(geoms, return_index=True)
    polygons = shapely.get_type_id(parts) == 3
    parts, index = parts[polygons], index[polygons]
    best = np.lexsort((-shapely.area(parts), index))
    first = np.r_[True, index[best][1:] != index[best][:-1]]
    out = np.full(len(geoms), None, dtype=object)
    out[index[best][first]] = parts[best][first]
    return out


def _farmland_m2(land: Farmland, geoms: np.ndarray) -> np.ndarray:
    """Farmland area under each polygon."""
    i, j = land.tree.query(geoms, predicate="intersects")
    return np.bincount(i, weights=shapely.area(shapely.intersection(geoms[i], land.geoms[j])), minlength=len(geoms))


def _damage_centres(land: Farmland, kinds: np.ndarray, rng) -> np.ndarray:
    """A farmland parcel for each damage patch, by kind: mining damage near mining land (采矿用地) in the
    hills, flood damage by the rivers, landslides on hill slopes; any free farmland where none fits."""
    P, idx = land.P, land.idx
    fits = {
        0: land.near_class(("0602",), MINING_REACH_M) & (P.mount[idx] > 0.2),
        1: land.near_class(("0602",), MINING_REACH_M),
        2: land.river_m < RIVER_REACH_M,
        3: (P.grade[idx] >= 3) & (P.mount[idx] > 0.3),
    }
    centre = np.full(len(kinds), -1, np.int64)
    for kind in range(len(DAMAGE_KINDS)):
        wanted = np.flatnonzero(kinds == kind)
        order = spread(np.flatnonzero(fits[kind] & land.free), land.township(), rng)
        if len(order) < len(wanted):
            order = np.r_[order, spread(np.flatnonzero(~fits[kind] & land.free), land.township(), rng)]
        centre[wanted] = order[:len(wanted)]
        land.free[order[:len(wanted)]] = False
    return centre


def damaged_layer(land: Farmland, county, goal_m2: float, rng) -> Layer:
    """Patches of farmland damaged beyond repair (about ``goal_m2`` of farmland in all), each an irregular
    oval around a free farmland parcel, clipped to the county; patches that would reach a project or overlap
    an earlier patch are left out."""
    n = max(3, int(round(goal_m2 / DAMAGE_PATCH_M2)))
    odds = np.cumsum([k[2] for k in DAMAGE_KINDS])
    kinds = np.minimum(np.searchsorted(odds / odds[-1], rng.random(n), side="right"), len(DAMAGE_KINDS) - 1)
    lo, hi = np.array([k[3] for k in DAMAGE_KINDS]).T
    elongation = lo[kinds] + rng.random(n) * (hi - lo)[kinds]
    angle = rng.uniform(0.0, np.pi, n)
    wobble = np.stack([rng.uniform(0.0, 0.12, (n, 3)), rng.uniform(0.0, 2 * np.pi, (n, 3))], axis=2)
    share = rng.lognormal(0.0, 0.5, n)
    want = goal_m2 * share / share.sum()
    years = rng.integers(2021, 2025, n)
    centre = _damage_centres(land, kinds, rng)
    ok = centre >= 0
    kinds, elongation, angle, wobble, want, years, centre = (
        a[ok] for a in (kinds, elongation, angle, wobble, want, years, centre))
    xy = land.P.rep_xy[land.idx[centre]]
    flood = kinds == 2
    if flood.any() and len(land.scene.rivers):
        angle[flood] = _river_angle(land.scene, xy[flood])
    # A patch drawn with its own area takes part farmland, part other land: one correction brings the
    # farmland under it near its share.
    first = _largest_part(shapely.intersection(blobs(xy, want, elongation, angle, wobble), county))
    got = _farmland_m2(land, first)
    size = want * np.clip(want / np.maximum(got, 1.0), 0.5, 3.0)
    geoms = _largest_part(shapely.intersection(blobs(xy, size, elongation, angle, wobble), county))
    keep = ~shapely.is_missing(geoms)
    if len(land.projects):
        keep[shapely.STRtree(geoms).query(land.projects, predicate="intersects")[1]] = False
    i, j = shapely.STRtree(geoms[keep]).query(geoms[keep], predicate="intersects")
    clash = np.zeros(len(geoms), bool)
    clash[np.flatnonzero(keep)[np.unique(np.maximum(i, j)[i != j])]] = True
    keep &= ~clash
    rows = land.idx[centre[keep]]
    geoms = geoms[keep]
    return Layer("damaged", "Polygon", geoms,
                 [("SHLB", "str"), ("SHLX", "str"), ("SHNF", "int"), ("ZLDWDM", "str"), ("XZQMC", "str"),
                  ("MJ", "float")],
                 {"SHLB": np.array([DAMAGE_KINDS[k][0] for k in kinds[keep]], dtype=str),
                  "SHLX": np.array([DAMAGE_KINDS[k][1] for k in kinds[keep]], dtype=str),
                  "SHNF": years[keep].astype(np.int64), "ZLDWDM": land.P.zldwdm[rows],
                  "XZQMC": np.array(land.scene.seat_names)[land.P.township[rows]], "MJ": shapely.area(geoms)})


def unqualified_layer(land: Farmland, damaged: Layer, bsm, goal_m2: float, rng) -> Layer:
    """Farmland parcels found unsuitable on verification (about ``goal_m2`` in all), whole: by rivers (in the
    river's management zone), clearings in the mountain forest, near industry (polluted soil), and anywhere
    else (sand or salt)."""
    if len(damaged):
        land.free[land.tree.query(damaged.geoms, predicate="intersects")[1]] = False
    P, idx = land.P, land.idx
    fits = (land.river_m < RIVER_REACH_M, P.enclave[idx],
            land.near_class(("0601", "0508", "0602"), INDUSTRY_REACH_M), np.ones(len(idx), bool))
    picked, reasons, left = [], [], goal_m2
    for k, ((reason, share), wanted) in enumerate(zip(UNSUITABLE, fits)):
        # The last reason takes any parcel, and what the others found no parcels for.
        taken = land.pick(wanted, goal_m2 * share if k < len(UNSUITABLE) - 1 else left, rng)
        left -= P.area[idx[taken]].sum()
        picked.append(taken)
        reasons.extend([reason] * len(taken))
    taken = np.concatenate(picked)
    rows = idx[taken]
    years = rng.integers(2024, 2026, len(rows))
    geoms = np.array(P.geoms[rows], dtype=object)
    return Layer("unqualified", "Polygon", geoms,
                 [("BSM", "str"), ("BFHYY", "str"), ("HSNF", "int"), ("ZLDWDM", "str"), ("XZQMC", "str"),
                  ("MJ", "float")],
                 {"BSM": np.asarray(bsm)[rows],
                  "BFHYY": np.array(reasons, dtype=str), "HSNF": years.astype(np.int64), "ZLDWDM": P.zldwdm[rows],
                  "XZQMC": np.array(land.scene.seat_names)[P.township[rows]], "MJ": shapely.area(geoms)})


def loss_layers(scene: Scene, P: Parcels, pbf_mask, county, layers: dict[str, Layer], seed: int) -> dict[str, Layer]:
    """The projects with their level, and the layers damaged, unqualified and landuse_2024 (see the module doc);
    ``layers`` holds the county's other layers, read only."""
    projects = project_levels(layers["projects"], random_stream(seed, 9))
    land = Farmland(scene, P, pbf_mask, projects)
    scale = float(P.area.sum()) / SEED_COUNTY_HA  # m² of this county per hectare of the seed's
    landuse = layers["landuse"]
    landuse_2024 = survey_changes(land, landuse, NON_CULTIVATED_HA * scale, random_stream(seed, 10))
    damaged = damaged_layer(land, county, DAMAGED_HA * scale, random_stream(seed, 11))
    unqualified = unqualified_layer(land, damaged, landuse.columns["BSM"], UNQUALIFIED_HA * scale,
                                    random_stream(seed, 12))
    return {"projects": projects, "damaged": damaged, "unqualified": unqualified, "landuse_2024": landuse_2024}
