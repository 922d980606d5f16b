"""Roads and railways as centre lines, and the polygon footprints of every linear class (rivers too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import shapely

from .common import (
    COUNTY_ROAD_WIDTH,
    FIELD_ROAD_SPACING,
    FIELD_ROAD_WIDTH,
    HIGHWAY_WIDTH,
    LIN_RAIL,
    LIN_ROAD,
    LIN_RURAL,
    LIN_STREET,
    NX,
    NY,
    RAIL_WIDTH,
    RURAL_ROAD_WIDTH,
)
from .terrain import Frame, meander, town_influence


@dataclass
class Seats:
    """Township seats as the roads see them: where (normalised units and metres), how far their built-up
    area reaches (metres) and their level (城区 / 镇 / 乡)."""

    xy_n: np.ndarray
    xy: np.ndarray
    radius: np.ndarray
    levels: list[str]


def draw_roads(rng, frame: Frame, seats: Seats, village_xy, town_warp, mountain,
               reservoir) -> tuple[dict[int, list[np.ndarray]], dict[int, list[float]]]:
    """Centre lines (metres) and widths of the roads, by linear class.

    Highway and railway cross the county through the county seat; county roads
    join the seats (a minimum spanning tree); rural roads join each village to
    the nearest village nearer its seat, or to the seat; streets grid the
    towns; field roads grid the plain."""
    lines, widths = _trunk_roads(rng, frame, seats.xy_n)
    _rural_roads(rng, seats.xy, village_xy, lines, widths)
    _town_streets(rng, frame, town_warp, seats, lines, widths)
    _field_roads(rng, frame, mountain, reservoir, seats, lines, widths)
    return lines, widths


def _trunk_roads(rng, frame: Frame, seats_n):
    """Highways and railways through the county seat, county roads between the seats (metres), and empty
    lists for the other road classes."""
    W = frame.width
    aspect = NY / NX
    city = seats_n[0]

    def edge_point(angle: float) -> np.ndarray:
        # Where a ray from the county seat leaves the frame (stay 0.5 % inside).
        d = np.array([np.cos(angle), np.sin(angle)])
        lim = []
        for k, hi in ((0, 1.0), (1, aspect)):
            if abs(d[k]) > 1e-9:
                lim.append(((hi - 0.005 if d[k] > 0 else 0.005) - city[k]) / d[k])
        return city + d * min(lim)

    lines_n: dict[int, list[np.ndarray]] = {LIN_RAIL: [], LIN_ROAD: [], LIN_RURAL: [], LIN_STREET: []}
    widths: dict[int, list[float]] = {LIN_RAIL: [], LIN_ROAD: [], LIN_RURAL: [], LIN_STREET: []}
    a_hw = rng.uniform(-0.2, 0.2) + np.pi * 0.2
    for a in (a_hw, a_hw + np.pi + rng.uniform(-0.3, 0.3)):
        lines_n[LIN_ROAD].append(meander(city, edge_point(a), 0.02, rng, 200, pin_start=True))
        widths[LIN_ROAD].append(HIGHWAY_WIDTH)
    a_rail = rng.uniform(-0.3, 0.3) + np.pi * 0.5
    for a in (a_rail, a_rail + np.pi + rng.uniform(-0.2, 0.2)):
        lines_n[LIN_RAIL].append(meander(city, edge_point(a), 0.008, rng, 200, pin_start=True))
        widths[LIN_RAIL].append(RAIL_WIDTH)
    for i, j in spanning_tree(seats_n):
        lines_n[LIN_ROAD].append(meander(seats_n[i], seats_n[j], 0.012, rng, 120, True, True))
        widths[LIN_ROAD].append(COUNTY_ROAD_WIDTH)
    lines: dict[int, list[np.ndarray]] = {
        k: [np.c_[frame.x0 + ln[:, 0] * W, frame.y0 + ln[:, 1] * W] for ln in v] for k, v in lines_n.items()
    }
    return lines, widths


def _rural_roads(rng, seat_xy, village_xy, lines, widths):
    """Each village joined to the nearest village nearer its seat, or to a seat."""
    nodes = np.vstack([seat_xy, village_xy])
    seat_of = np.argmin(np.hypot(*(village_xy[:, None, :] - seat_xy[None]).transpose(2, 0, 1)), axis=1)
    rank = np.argsort(np.hypot(*(village_xy - seat_xy[seat_of]).T))
    for pos, v in enumerate(rank):
        targets = np.concatenate([np.arange(len(seat_xy)), len(seat_xy) + rank[:pos]])
        d = np.hypot(*(nodes[targets] - village_xy[v]).T)
        length = float(d.min())
        if length < 1.0:
            continue
        target = nodes[targets[int(np.argmin(d))]]
        lines[LIN_RURAL].append(meander(village_xy[v], target, 0.04 * length, rng,
                                        max(4, int(length / 60.0)), True, True))
        widths[LIN_RURAL].append(RURAL_ROAD_WIDTH)


def _town_streets(rng, frame: Frame, town_warp, seats: Seats, lines, widths):
    """Town streets: a rotated grid kept inside the built-up area, so town parcels come in blocks."""
    seat_xy, seat_radius = seats.xy, seats.radius
    for i, ((sx, sy), r, lv) in enumerate(zip(seat_xy, seat_radius, seats.levels)):
        spacing = float(np.clip(r / 3.5, 120.0, 350.0))
        width = 16.0 if lv == "城区" else 10.0
        angle = rng.uniform(0, np.pi / 2)
        step = spacing / 8.0
        for ln in grid_lines(sx, sy, 1.2 * r, spacing, angle, rng, step=step):
            t_here, which = town_influence(frame, town_warp, seat_xy, seat_radius, ln[:, 0], ln[:, 1])
            for a, b in runs((t_here > 0.58) & (which == i)):
                if (b - a) * step > spacing:
                    lines[LIN_STREET].append(ln[[a, b - 1]])
                    widths[LIN_STREET].append(width)


def _field_roads(rng, frame: Frame, mountain, reservoir, seats: Seats, lines, widths):
    """Field roads (机耕路) on a regular grid across the plain, broken where the land is not flat farmland
    and with random gaps."""
    W = frame.width
    half = 0.75 * max(W, frame.height)
    angle = rng.uniform(0, np.pi / 2)
    shapely.prepare(reservoir)
    for ln in grid_lines(frame.x0 + W / 2, frame.y0 + frame.height / 2, half, FIELD_ROAD_SPACING, angle, rng,
                         step=50.0):
        lx, ly = ln[:, 0], ln[:, 1]
        ok = (frame.sample(mountain, lx, ly) < 0.32) & shapely.contains_xy(frame.outline, lx, ly) \
            & ~shapely.contains_xy(reservoir, lx, ly)
        t_infl = np.zeros(len(lx))
        for i, (sx, sy) in enumerate(seats.xy):
            t_infl = np.maximum(t_infl, np.exp(-((np.hypot(lx - sx, ly - sy) / seats.radius[i]) ** 2)))
        for a, b in runs(ok & (t_infl < 0.25)):
            pos = a
            while pos < b - 1:
                end = min(b, pos + int(rng.uniform(800.0, 3000.0) / 50.0))
                if end - pos >= 6 and rng.random() > 0.25:
                    lines[LIN_RURAL].append(ln[[pos, end - 1]])
                    widths[LIN_RURAL].append(FIELD_ROAD_WIDTH)
                pos = end + int(rng.uniform(0, 400.0) / 50.0)


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True."""
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(np.int8), 0]))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def grid_lines(cx: float, cy: float, half: float, spacing: float, angle: float,
               rng: np.random.Generator, step: Optional[float] = None) -> list[np.ndarray]:
    """Two perpendicular families of parallel lines covering a square of half
    side `half` around (cx, cy), rotated by angle, offsets jittered."""
    out = []
    n_pts = 2 if step is None else max(2, int(2 * half / step) + 1)
    along = np.linspace(-half, half, n_pts)
    for a in (angle, angle + np.pi / 2):
        d = np.array([np.cos(a), np.sin(a)])
        nrm = np.array([-d[1], d[0]])
        offsets = np.arange(-half + spacing / 2, half, spacing)
        offsets = offsets + rng.uniform(-0.2, 0.2, len(offsets)) * spacing
        for o in offsets:
            out.append(np.c_[cx + o * nrm[0] + along * d[0], cy + o * nrm[1] + along * d[1]])
    return out


def spanning_tree(points: np.ndarray) -> list[tuple[int, int]]:
    """Euclidean minimum spanning tree (Prim) of a few points."""
    n = len(points)
    d = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    in_tree = np.zeros(n, bool)
    in_tree[0] = True
    best = d[0].copy()
    parent = np.zeros(n, dtype=np.int64)
    edges = []
    for _ in range(n - 1):
        cand = np.where(in_tree, np.inf, best)
        j = int(np.argmin(cand))
        edges.append((int(parent[j]), j))
        in_tree[j] = True
        closer = d[j] < best
        parent = np.where(closer, j, parent)
        best = np.minimum(best, d[j])
    return edges
