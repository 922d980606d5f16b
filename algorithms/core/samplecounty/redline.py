"""What a red-line maintenance works from, by the categories of the seed scheme (section 五(一)2): a protection
zone withdrawn by law (已依法撤销的保护区域), newly designated water-source zones (新设水源地), public-welfare
forest (生态公益林), mining rights and commercial forest (two of the five kinds of conflict, 矛盾冲突),
technical corrections of the line's edge (技术勘正), and a hamlet inside the line in the latest change survey
(the conflict with town and village construction land).

Drawn after every other layer, each from a random stream of its own, so the county's other layers are the same,
feature by feature, with or without them.  Sizes follow the seed in a county of its size (``losses``): 44.05 ha
withdrawn, 8.94 ha of new water-source zones, 1 498.57 ha of public forest (about what the 1 463.44 ha of
conflicts give back), 0.02 ha of correction.
"""

from __future__ import annotations

import numpy as np
import shapely

from .classify import Parcels
from .common import CLASS_INDEX, Layer, random_stream
from .losses import SEED_COUNTY_HA, blobs, recoded, spread, take_area
from .scene import Scene

WITHDRAWN_HA = 44.05
WATER_SOURCE_HA = 8.94
PUBLIC_FOREST_HA = 1_498.57
CONFLICT_HA = 1_463.44
CORRECTION_HA = 0.02
# A correction is a sliver, yet never less than this much area (m²) a piece: more than the 10 m² under which
# planmaint:swapcandidates takes a piece for the residue of misaligned boundaries.
MIN_CORRECTION_M2 = 20.0
# Of the conflicts, what the red line loses to mining rights and to commercial forest (the rest is farmland,
# settlements and projects, which the other layers hold).
MINING_CONFLICT_SHARE = 0.10
COMMERCIAL_CONFLICT_SHARE = 0.25
# ... and to a hamlet the latest change survey found inside the line (rural homesteads, 0702): a conflict with
# town and village construction land.
SETTLEMENT_CONFLICT_SHARE = 0.05
HOMESTEAD = "0702"
# Commercial forest outside the red line, per hectare inside it.
COMMERCIAL_OUTSIDE_PER_INSIDE = 2.0
# Public forest joining the line mostly lies against it: this share of its area, the rest nearby.
PUBLIC_ADJACENT_SHARE = 0.85
# Mining rights away from the red line: licences at mining land and exploration in the hills (share of the
# county's area each, before clipping).
MINE_SHARE = 0.0008
EXPLORATION_SHARE = 0.003
FOREST_CODES = ("0301", "0305", "0307")
MINERALS = ("萤石", "建筑用石料", "铁", "金", "钼", "石灰岩")


class RedLine:
    """The red line's parcels as the draws read them: which parcels, a tree over them, and which of them lie
    on its edge against forest outside it."""

    def __init__(self, scene: Scene, P: Parcels, masks, county):
        self.scene, self.P, self.county = scene, P, county
        self.epr, self.udb = masks["epr"], masks["udb"]
        self.idx = np.flatnonzero(self.epr)
        self.tree = shapely.STRtree(P.geoms[self.idx])
        self.forest = np.isin(P.cls, [CLASS_INDEX[c] for c in FOREST_CODES])
        outside = self.forest & ~self.epr & ~self.udb
        self.against, self.edge = _shared_edges(P.geoms, outside, self.epr)
        self.scale = float(P.area.sum()) / SEED_COUNTY_HA  # m² of this county per hectare of the seed's

    def under(self, geoms) -> np.ndarray:
        """Red-line area under each polygon."""
        i, j = self.tree.query(geoms, predicate="intersects")
        got = shapely.area(shapely.intersection(geoms[i], self.P.geoms[self.idx[j]]))
        return np.bincount(i, weights=got, minlength=len(geoms))

    def without(self, geom, udb_too=False):
        """``geom`` less the red line (and the boundary) under it, in the county: its largest part."""
        near = self.tree.query(geom, predicate="intersects")
        cut = list(self.P.geoms[self.idx[near]])
        if udb_too:
            udb = np.flatnonzero(self.udb)
            cut += list(self.P.geoms[udb[shapely.intersects(self.P.geoms[udb], geom)]])
        rest = shapely.intersection(shapely.difference(geom, shapely.union_all(cut)), self.county)
        parts = [g for g in shapely.get_parts(rest) if g.geom_type == "Polygon"]
        return parts[int(np.argmax(shapely.area(parts)))] if parts else None

    def township_name(self, xy) -> list[str]:
        seats = self.scene.seat_xy
        near = np.argmin(np.hypot(*(np.asarray(xy)[:, None, :] - seats[None]).transpose(2, 0, 1)), axis=1)
        return [self.scene.seat_names[k] for k in near]


def _shared_edges(geoms, a_mask, b_mask):
    """Which parcels of ``a_mask`` share an edge with a parcel of ``b_mask``, and the edges themselves
    ((n, 4) segments x1, y1, x2, y2 and the ``b`` parcel of each).  The parcels are an exact coverage, so
    neighbours share segments vertex for vertex."""
    idx = np.flatnonzero(a_mask | b_mask)
    rings, owner = shapely.get_rings(geoms[idx], return_index=True)
    coords, ring_i = shapely.get_coordinates(rings, return_index=True)
    same = ring_i[1:] == ring_i[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    who = idx[owner[ring_i[:-1][same]]]
    flip = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    seg = np.where(flip[:, None], np.c_[b, a], np.c_[a, b])
    order = np.lexsort((seg[:, 3], seg[:, 2], seg[:, 1], seg[:, 0]))
    seg, who = seg[order], who[order]
    twin = np.flatnonzero(np.all(seg[1:] == seg[:-1], axis=1))
    first, second = who[twin], who[twin + 1]
    cross = a_mask[first] != a_mask[second]
    a_side = np.where(a_mask[first], first, second)[cross]
    b_side = np.where(a_mask[first], second, first)[cross]
    against = np.zeros(len(geoms), bool)
    against[a_side] = True
    return against, (seg[twin[cross]], b_side)


def _named(layer, geoms, fields, columns) -> Layer:
    geoms = np.asarray(geoms, dtype=object)
    columns = dict(columns, MJ=shapely.area(geoms))
    return Layer(layer, "Polygon", geoms, fields + [("MJ", "float")], columns)


def withdrawn_layer(red: RedLine, rng) -> Layer:
    """A first-level drinking-water source zone inside the red line by a river near a township seat, withdrawn
    by law (its area in the line about the seed's 44.05 ha, scaled)."""
    P, goal = red.P, WITHDRAWN_HA * red.scale
    xy = P.rep_xy[red.idx]
    river = red.scene.frame.sample(red.scene.river_dist, xy[:, 0], xy[:, 1])
    seat = np.hypot(*(xy[:, None, :] - red.scene.seat_xy[None]).transpose(2, 0, 1)).min(axis=1)
    # By a river when the line reaches one; the ten nearest a seat of those.
    pool = np.flatnonzero(river < 300.0) if (river < 300.0).any() else np.arange(len(xy))
    near = pool[np.argsort(seat[pool], kind="stable")[:10]]
    shape = (rng.uniform(1.3, 2.0, 1), rng.uniform(0.0, np.pi, 1), _wobble(rng, 1))
    # Of those, the one where such a zone lies most in the line.
    trial = blobs(xy[near], np.full(len(near), goal), *(np.repeat(a, len(near), axis=0) for a in shape))
    centre = xy[near[int(np.argmax(share_in_line(red, trial)))]][None]
    size = np.array([goal])
    for _ in range(2):  # the zone reaches out of the line: size it on what it holds of it
        geom = _largest(shapely.intersection(blobs(centre, size, *shape)[0], red.county))
        size = size * np.clip(goal / max(float(red.under(np.array([geom]))[0]), 1.0), 0.5, 3.0)
    geom = _largest(shapely.intersection(blobs(centre, size, *shape)[0], red.county))
    town = red.township_name(centre)[0]
    year = int(rng.integers(2024, 2026))
    return _named("epr_withdrawn", [geom], [("MC", "str"), ("LX", "str"), ("CXWH", "str")], {
        "MC": np.array([f"{town}集中式饮用水水源地一级保护区"]), "LX": np.array(["饮用水水源一级保护区"]),
        "CXWH": np.array([f"内政字〔{year}〕{int(rng.integers(20, 300))}号"])})


def share_in_line(red: RedLine, geoms) -> np.ndarray:
    """The share of each polygon's area that lies in the red line."""
    return red.under(geoms) / np.maximum(shapely.area(geoms), 1e-9)


def _largest(geom):
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"]
    return parts[int(np.argmax(shapely.area(parts)))]


def _wobble(rng, n):
    return np.stack([rng.uniform(0.0, 0.12, (n, 3)), rng.uniform(0.0, 2 * np.pi, (n, 3))], axis=2)


def water_source_layer(red: RedLine, rng) -> Layer:
    """A new groundwater source of the county seat (新设集中式饮用水水源地) against the red line, outside it
    and outside the boundary: a first-level zone around the wells and a second-level zone around that (the
    seed's 8.94 ha together, scaled)."""
    P, goal = red.P, WATER_SOURCE_HA * red.scale
    seat = red.scene.seat_xy[0]
    segments, _ = red.edge
    if len(segments):
        mid = (segments[:, :2] + segments[:, 2:]) / 2.0
        near = np.argsort(np.hypot(*(mid - seat).T), kind="stable")[:20]
        centre = mid[rng.choice(near)][None]
    else:  # no forest against the line: the red-line parcel nearest the seat
        centre = P.rep_xy[red.idx[int(np.argmin(np.hypot(*(P.rep_xy[red.idx] - seat).T)))]][None]
    shape = (rng.uniform(1.0, 1.5, 1), rng.uniform(0.0, np.pi, 1), _wobble(rng, 1))
    zones = []
    for share in (0.3, 1.0):  # first level, then the second around it
        size = np.array([2.0 * goal * share])
        for _ in range(2):  # what is left out of the line and the boundary: size it on that
            geom = red.without(blobs(centre, size, *shape)[0], udb_too=True)
            size = size * np.clip(goal * share / max(shapely.area(geom) if geom is not None else 0.0, 1.0),
                                  0.5, 3.0)
        zones.append(red.without(blobs(centre, size, *shape)[0], udb_too=True))
    first, second = zones
    second = _largest(shapely.difference(second, first))
    name = f"{red.scene.seat_names[0]}城区第二水源地（地下水型）"  # the county seat's
    return _named("water_source_new", [first, second], [("MC", "str"), ("JB", "str")],
                  {"MC": np.array([name, name]), "JB": np.array(["一级保护区", "二级保护区"])})


def public_forest_layer(red: RedLine, rng) -> tuple[Layer, np.ndarray]:
    """Public-welfare forest outside the red line (whole forest parcels, 小班), most of it against the line:
    the seed's 1 498.57 ha, scaled.  Returns the layer and its parcels."""
    P, goal = red.P, PUBLIC_FOREST_HA * red.scale
    outside = red.forest & ~red.epr & ~red.udb
    first = spread(np.flatnonzero(red.against), P.township, rng)
    taken = take_area(first, P.area, PUBLIC_ADJACENT_SHARE * goal)
    rest = outside & ~red.against
    if outside.any():  # the rest in the hills, where the forest nearest the line lies
        rest &= P.mount > np.median(P.mount[outside])
    nearby = spread(np.flatnonzero(rest), P.township, rng)
    taken = np.r_[taken, take_area(nearby, P.area, goal - P.area[taken].sum())]
    taken = np.sort(taken)
    national = rng.random(len(taken)) < 0.6
    return _named("public_forest", P.geoms[taken], [("XBH", "str"), ("XZQMC", "str"), ("LZ", "str"),
                                                     ("SQDJ", "str")], {
        "XBH": _compartments(P, taken), "XZQMC": np.array(red.scene.seat_names)[P.township[taken]],
        "LZ": np.where(rng.random(len(taken)) < 0.8, "防护林", "特种用途林"),
        "SQDJ": np.where(national, "国家级", "地方级")}), taken


def _compartments(P: Parcels, rows) -> np.ndarray:
    """Forest compartment numbers (小班号): township, then a running number of the township's."""
    town = P.township[rows]
    count = np.zeros(int(town.max()) + 1 if len(town) else 0, np.int64)
    out = []
    for t in town.tolist():
        count[t] += 1
        out.append(f"{t + 1:03d}-{count[t]:04d}")
    return np.array(out, dtype=str)


def commercial_forest_layer(red: RedLine, public: np.ndarray, rng) -> Layer:
    """Commercial forest (商品林): whole forest parcels, some inside the red line on its lower slopes (a kind
    of conflict: a quarter of the seed's conflicts, scaled), twice as much outside it; none public forest."""
    P, goal = red.P, COMMERCIAL_CONFLICT_SHARE * CONFLICT_HA * red.scale
    free = red.forest & ~red.udb
    free[public] = False
    inside = free & red.epr
    low = inside & (P.mount < np.median(P.mount[inside])) if inside.any() else inside
    taken_in = take_area(spread(np.flatnonzero(low), P.township, rng), P.area, goal)
    out = free & ~red.epr
    taken_out = take_area(spread(np.flatnonzero(out), P.township, rng), P.area,
                          COMMERCIAL_OUTSIDE_PER_INSIDE * P.area[taken_in].sum())
    taken = np.sort(np.r_[taken_in, taken_out])
    kind = np.array(["用材林", "经济林", "能源林"])[np.searchsorted([0.6, 0.9], rng.random(len(taken)))]
    return _named("commercial_forest", P.geoms[taken], [("XBH", "str"), ("XZQMC", "str"), ("LZ", "str"),
                                                         ("LMQS", "str")], {
        "XBH": _compartments(P, taken), "XZQMC": np.array(red.scene.seat_names)[P.township[taken]],
        "LZ": kind, "LMQS": np.where(rng.random(len(taken)) < 0.7, "集体", "个人")})


def rectangles(centre, area, aspect, angle) -> np.ndarray:
    w, h = np.sqrt(area * aspect), np.sqrt(area / aspect)
    u = np.array([-0.5, 0.5, 0.5, -0.5])[None] * w[:, None]
    v = np.array([-0.5, -0.5, 0.5, 0.5])[None] * h[:, None]
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    return np.asarray(shapely.polygons(np.stack([centre[:, :1] + u * c - v * s, centre[:, 1:] + u * s + v * c],
                                                axis=2)), dtype=object)


def _clipped(geoms, county) -> np.ndarray:
    parts, index = shapely.get_parts(shapely.intersection(geoms, county), return_index=True)
    out = np.full(len(geoms), None, dtype=object)
    polygons = shapely.get_type_id(parts) == 3
    for k in np.argsort(shapely.area(parts), kind="stable").tolist():  # the largest part of each wins
        if polygons[k]:
            out[index[k]] = parts[k]
    return out


def mining_layer(red: RedLine, rng) -> Layer:
    """Mining rights (矿业权): two straddling the red line's edge (a tenth of the seed's conflicts, scaled,
    inside it), mining licences at the county's mining land and exploration licences in the hills; those
    away from the edge keep clear of the line, and none overlaps another."""
    P, county_m2 = red.P, float(red.P.area.sum())
    goal = MINING_CONFLICT_SHARE * CONFLICT_HA * red.scale
    segments, _ = red.edge
    mid = (segments[:, :2] + segments[:, 2:]) / 2.0 if len(segments) else P.rep_xy[red.idx]
    # Two places on the edge well apart, so neither right takes the other's ground.
    first = mid[rng.integers(len(mid))]
    away = np.hypot(*(mid - first).T)
    far = np.flatnonzero(away > 4.0 * np.sqrt(goal))
    if not len(far):  # the edge against forest is short: the second lies inside the line, away from it
        mid = P.rep_xy[red.idx]
        far = np.flatnonzero(np.hypot(*(mid - first).T) > 4.0 * np.sqrt(goal))
    edge_xy = np.vstack([first, mid[rng.choice(far)] if len(far) else first + 4.0 * np.sqrt(goal)])
    mining_land = np.flatnonzero((P.cls == CLASS_INDEX["0602"]) & ~red.epr)
    hills = np.flatnonzero((P.mount > 0.3) & ~red.epr & ~red.udb)
    pool = spread(mining_land, P.township, rng)
    mines = np.r_[pool, spread(hills, P.township, rng)][:4]
    explore = spread(np.flatnonzero((P.mount > 0.45) & ~red.epr), P.township, rng)[:2]
    kind = np.array(["采矿", "探矿"] + ["采矿"] * len(mines) + ["探矿"] * len(explore))
    centre = np.vstack([edge_xy, P.rep_xy[mines], P.rep_xy[explore]])
    area = np.r_[[goal, goal], MINE_SHARE * county_m2 * rng.lognormal(0.0, 0.4, len(mines)),
                 EXPLORATION_SHARE * county_m2 * rng.lognormal(0.0, 0.3, len(explore))]
    aspect = rng.uniform(1.0, 2.0, len(kind))
    angle = np.where(kind == "探矿", 0.0, rng.uniform(-0.3, 0.3, len(kind)))
    for _ in range(2):  # the two on the edge: size them on what they hold of the line
        first = _clipped(rectangles(centre[:2], area[:2], aspect[:2], angle[:2]), red.county)
        area[:2] *= np.clip(goal / 2.0 / np.maximum(red.under(first), 1.0), 0.5, 3.0)
    geoms = _clipped(rectangles(centre, area, aspect, angle), red.county)
    keep = ~shapely.is_missing(geoms)
    held = red.under(np.where(keep, geoms, shapely.Point(0, 0)))
    keep[2:] &= held[2:] <= 0.05 * shapely.area(geoms[2:])
    for k in range(len(geoms)):  # the earlier right wins where two overlap
        if keep[k] and shapely.intersects(geoms[k], geoms[:k][keep[:k]]).any():
            keep[k] = False
    geoms, kind, centre = geoms[keep], kind[keep], centre[keep]
    # Licences in force: mining ones for 10–15 years, exploration ones for 5.
    mine = kind == "采矿"
    until = np.where(mine, rng.integers(2027, 2040, len(geoms)), rng.integers(2026, 2031, len(geoms)))
    years = until - np.where(mine, rng.integers(10, 16, len(geoms)), 5)
    number = rng.integers(1, 10_000_000, len(geoms))
    mineral = np.array(MINERALS)[rng.integers(0, len(MINERALS), len(geoms))]
    towns = red.township_name(centre)
    return _named("mining_rights", geoms, [("KQMC", "str"), ("KCZ", "str"), ("XKZH", "str"), ("YXQ", "str")], {
        "KQMC": np.array([f"{t}{m}矿" for t, m in zip(towns, mineral.tolist())], dtype=str), "KCZ": kind,
        "XKZH": np.array([f"{'C' if k == '采矿' else 'T'}150428{y}{n:07d}"
                          for k, y, n in zip(kind.tolist(), years.tolist(), number.tolist())], dtype=str),
        "YXQ": np.array([f"{u}-{m:02d}-28" for u, m in zip(until.tolist(), rng.integers(1, 13, len(geoms)).tolist())],
                        dtype=str)})


def correction_layer(red: RedLine, rng) -> Layer:
    """Technical corrections (技术勘正) of the red line's outer edge where it strays over the forest beside
    it: two slivers inside the line along that edge (the seed's 0.02 ha, scaled, and at least
    ``MIN_CORRECTION_M2`` each)."""
    segments, owner = red.edge
    fields = [("XZQMC", "str"), ("KZYY", "str")]
    length = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    long = np.flatnonzero(length >= 10.0)
    if not len(long):
        return _named("epr_correction", [], fields, {"XZQMC": np.empty(0, str), "KZYY": np.empty(0, str)})
    picked = rng.choice(long, size=min(2, len(long)), replace=False)
    want = max(CORRECTION_HA * red.scale / len(picked), MIN_CORRECTION_M2)
    geoms = []
    for k in picked.tolist():
        a, b = segments[k, :2], segments[k, 2:]
        span = min(float(length[k]), 40.0)
        middle, half = (a + b) / 2.0, (b - a) / length[k] * span / 2.0
        line = shapely.linestrings([middle - half, middle + half])
        # A band of twice the width across the edge, of which the half inside the line is kept.
        geoms.append(_largest(shapely.intersection(
            shapely.buffer(line, want / span, cap_style="flat"), red.P.geoms[owner[k]])))
    centre = shapely.get_coordinates(shapely.centroid(geoms))
    return _named("epr_correction", geoms, fields, {
        "XZQMC": np.array(red.township_name(centre), dtype=str),
        "KZYY": np.array(["外围边界精度误差，与林地边界偏移"] * len(geoms), dtype=str)})


def settled_survey(red: RedLine, survey: Layer, pbf, rng) -> Layer:
    """``survey`` (the latest change survey's land use) with a hamlet inside the red line: parcels of the line
    outside the farmland, grown from one of them to the nearest until about the seed's share of conflicts with
    settlements (scaled), turned into rural homesteads (0702). The other parcels keep their codes."""
    free = red.idx[~pbf[red.idx]]
    if not len(free):
        return survey
    xy = red.P.rep_xy[free]
    start = xy[int(rng.integers(0, len(free)))]
    order = np.argsort(np.hypot(xy[:, 0] - start[0], xy[:, 1] - start[1]))
    rows = free[take_area(order, red.P.area[free], CONFLICT_HA * red.scale * SETTLEMENT_CONFLICT_SHARE)]
    return recoded(survey, rows, HOMESTEAD, survey.name, based_on=survey.based_on)


def red_line_layers(scene: Scene, P: Parcels, masks, county, seed: int, survey: Layer) -> dict[str, Layer]:
    """The layers of the red line's categories (see the module doc), each from a stream of its own, and the
    latest survey with the hamlet inside the line (``settled_survey``)."""
    red = RedLine(scene, P, masks, county)
    public, taken = public_forest_layer(red, random_stream(seed, 15))
    return {
        "epr_withdrawn": withdrawn_layer(red, random_stream(seed, 13)),
        "water_source_new": water_source_layer(red, random_stream(seed, 14)),
        "public_forest": public,
        "commercial_forest": commercial_forest_layer(red, taken, random_stream(seed, 16)),
        "mining_rights": mining_layer(red, random_stream(seed, 17)),
        "epr_correction": correction_layer(red, random_stream(seed, 18)),
        "landuse_2024": settled_survey(red, survey, masks["pbf"], random_stream(seed, 22)),
    }
