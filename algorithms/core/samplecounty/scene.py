"""The scene: everything decided before the parcels exist (terrain, water, towns, villages, roads)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from .common import NX, random_stream
from .lines import Seats, draw_roads
from .terrain import (
    Frame,
    distance_grid,
    draw_rivers,
    make_reservoir,
    mountain_and_slope,
    place_seats,
    place_villages,
    smooth_noise,
    town_influence,
    township_names_and_codes,
)


@dataclass
class Scene:
    """Everything decided before the parcels exist: terrain, water, towns, villages, roads."""

    frame: Frame
    mountain: np.ndarray  # 0 plain … 1 mountain, valleys carved
    slope_deg: np.ndarray
    river_dist: np.ndarray  # metres to the nearest river
    noise: dict[str, np.ndarray]
    rivers: list[np.ndarray]  # polylines in metres, main river first
    river_widths: list[float]
    reservoir: shapely.Polygon
    seat_xy: np.ndarray
    seat_radius: np.ndarray
    seat_level: list[str]  # 城区 / 镇 / 乡
    seat_names: list[str]
    seat_codes: list[str]
    seat_industry_dir: np.ndarray
    village_xy: np.ndarray
    village_radius: np.ndarray
    lines: dict[int, list[np.ndarray]]  # linear class -> polylines (metres)
    line_widths: dict[int, list[float]]

    def town_influence(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        return town_influence(self.frame, self.noise["town_warp"], self.seat_xy, self.seat_radius, x, y)


def make_scene(frame: Frame, parcels: int, seed: int) -> Scene:
    """Terrain, water, towns, villages and roads, in normalised units first
    (s across, t up, both in county widths) so the layout is the same at any size."""
    rng = random_stream(seed, 2)
    W = frame.width
    noise = {
        name: smooth_noise(rng, sigma * NX)
        for name, sigma in (
            ("xl", 0.12), ("l", 0.05), ("m", 0.02), ("s", 0.008), ("town_warp", 0.015),
            ("cult", 0.05), ("cult_m", 0.02), ("cult_s", 0.006), ("forest", 0.025), ("irrig", 0.04),
            ("orchard", 0.02), ("epr", 0.06), ("epr_s", 0.012), ("general", 0.03), ("grass", 0.05),
            ("size", 0.03), ("town_zone", 0.005), ("udb_grow", 0.01),
        )
    }
    rivers_n, river_widths = draw_rivers(rng, W)
    river_dist_n = distance_grid(rivers_n)
    mountain, slope_deg = mountain_and_slope(frame, noise, river_dist_n)
    lake_n = make_reservoir(rng, rivers_n[0])
    seats_n, levels = place_seats(rng, frame, parcels, rivers_n[0], lake_n, mountain, slope_deg, river_dist_n)
    seat_xy = np.c_[frame.to_xy(seats_n[:, 0], seats_n[:, 1])]
    # Radii shrink with the number of seats so the urban share stays ~2 %.
    base_r = {"城区": 0.040, "镇": 0.017, "乡": 0.011}
    shrink = math.sqrt(8.0 / len(levels))
    seat_radius = np.array([base_r[lv] * rng.uniform(0.85, 1.15) for lv in levels]) * W * shrink
    names, codes = township_names_and_codes(levels)
    industry_dir = rng.uniform(0, 2 * np.pi, len(levels))
    village_xy, village_radius = place_villages(rng, frame, parcels, mountain, slope_deg, seat_xy, seat_radius)
    reservoir = shapely.transform(lake_n, lambda c: c * W + [frame.x0, frame.y0])
    lines, widths = draw_roads(rng, frame, Seats(seats_n, seat_xy, seat_radius, levels), village_xy,
                               noise["town_warp"], mountain, reservoir)
    return Scene(
        frame=frame, mountain=mountain, slope_deg=slope_deg, river_dist=river_dist_n * W, noise=noise,
        rivers=[np.c_[frame.x0 + r[:, 0] * W, frame.y0 + r[:, 1] * W] for r in rivers_n],
        river_widths=river_widths, reservoir=reservoir, seat_xy=seat_xy, seat_radius=seat_radius,
        seat_level=levels, seat_names=names, seat_codes=codes, seat_industry_dir=industry_dir,
        village_xy=village_xy, village_radius=village_radius, lines=lines, line_widths=widths,
    )
