"""The county's frame and land form: its outline and field grid, smooth noise, the terrain (mountains to
the south-west, valleys, a plain), rivers and the reservoir, township seats and villages. Everything is
placed in normalised units first (s across, t up, both in county widths), so the layout is the same at any
parcel count."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from .common import CENTRE_X, CENTRE_Y, COUNTY_CODE, MEAN_PARCEL_M2, NOMINAL_WIDTH_M, NX, NY, TOWNSHIP_NAMES


@dataclass
class Frame:
    width: float  # metres, x extent of the field grid
    height: float
    x0: float
    y0: float
    pixel: float
    outline: shapely.Polygon  # smooth county outline; parcels follow it to the cell

    def to_xy(self, s, t):
        """Normalised coordinates (s in 0..1 across, t in 0..NY/NX up) to metres."""
        return self.x0 + np.asarray(s) * self.width, self.y0 + np.asarray(t) * self.width

    def centres(self):
        xs = self.x0 + (np.arange(NX) + 0.5) * self.pixel
        ys = self.y0 + (np.arange(NY) + 0.5) * self.pixel
        return np.meshgrid(xs, ys)

    def sample(self, grid: np.ndarray, x, y) -> np.ndarray:
        """Bilinear interpolation of a (NY, NX) grid at points in metres."""
        fx = (np.asarray(x) - self.x0) / self.pixel - 0.5
        fy = (np.asarray(y) - self.y0) / self.pixel - 0.5
        ix = np.clip(np.floor(fx).astype(np.int64), 0, NX - 2)
        iy = np.clip(np.floor(fy).astype(np.int64), 0, NY - 2)
        wx = np.clip(fx - ix, 0.0, 1.0)
        wy = np.clip(fy - iy, 0.0, 1.0)
        g00 = grid[iy, ix]
        g01 = grid[iy, ix + 1]
        g10 = grid[iy + 1, ix]
        g11 = grid[iy + 1, ix + 1]
        return (g00 * (1 - wx) + g01 * wx) * (1 - wy) + (g10 * (1 - wx) + g11 * wx) * wy


def make_frame(parcels: int, rng: np.random.Generator) -> Frame:
    """An irregular county outline whose area is parcels × 1 ha."""
    aspect = NY / NX
    margin = 0.05
    theta = np.linspace(0.0, 2.0 * np.pi, 720, endpoint=False)
    radius = np.ones_like(theta)
    for k in range(2, 10):
        radius += rng.uniform(0.4, 1.0) * 0.14 / k**1.1 * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    radius = np.maximum(radius, 0.55)
    xs = radius * np.cos(theta)
    ys = radius * np.sin(theta) * 0.85
    scale = min((1 - 2 * margin) / np.ptp(xs), (aspect - 2 * margin) / np.ptp(ys))
    xs = (xs - (xs.max() + xs.min()) / 2) * scale + 0.5
    ys = (ys - (ys.max() + ys.min()) / 2) * scale + aspect / 2
    area_normalised = shapely.area(shapely.polygons(np.c_[xs, ys]))
    width = math.sqrt(parcels * MEAN_PARCEL_M2 / area_normalised)
    x0 = CENTRE_X - 0.5 * width
    y0 = CENTRE_Y - 0.5 * aspect * width
    outline = shapely.polygons(np.c_[x0 + xs * width, y0 + ys * width])
    pixel = width / NX
    return Frame(width, NY * pixel, x0, y0, pixel, outline)


def smooth_noise(rng: np.random.Generator, sigma_px: float) -> np.ndarray:
    """Unit-variance Gaussian random field with correlation length sigma_px,
    by filtering white noise in the Fourier domain (no lattice artefacts)."""
    white = rng.standard_normal((NY, NX))
    fy = np.fft.fftfreq(NY)[:, None]
    fx = np.fft.rfftfreq(NX)[None, :]
    kernel = np.exp(-2.0 * (np.pi * sigma_px) ** 2 * (fx**2 + fy**2))
    smooth = np.fft.irfft2(np.fft.rfft2(white) * kernel, s=(NY, NX))
    smooth -= smooth.mean()
    return smooth / smooth.std()


def smoothstep(lo: float, hi: float, v: np.ndarray) -> np.ndarray:
    u = np.clip((v - lo) / (hi - lo), 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def meander(p0, p1, amplitude: float, rng: np.random.Generator, n: int = 400,
            pin_start: bool = False, pin_end: bool = False) -> np.ndarray:
    """Polyline from p0 to p1 with a few superposed sine meanders (normalised units)."""
    p0 = np.asarray(p0, float)
    p1 = np.asarray(p1, float)
    u = np.linspace(0.0, 1.0, n)
    direction = p1 - p0
    normal = np.array([-direction[1], direction[0]]) / np.hypot(*direction)
    offset = np.zeros(n)
    for freq, weight in ((1.2, 0.5), (2.6, 0.3), (5.3, 0.15), (11.0, 0.05)):
        offset += weight * np.sin(2 * np.pi * freq * u + rng.uniform(0, 2 * np.pi))
    taper = np.ones(n)
    if pin_start:
        taper *= np.sin(0.5 * np.pi * np.clip(u / 0.15, 0, 1))
    if pin_end:
        taper *= np.sin(0.5 * np.pi * np.clip((1 - u) / 0.15, 0, 1))
    return p0 + np.outer(u, direction) + np.outer(amplitude * offset * taper, normal)


def town_influence(frame: Frame, warp_noise, seat_xy, seat_radius, x, y) -> tuple[np.ndarray, np.ndarray]:
    """Max over towns of a Gaussian of the (noise-warped) distance to the seat:
    1 at the centre, 0.5 at the edge of the built-up area; and which town."""
    warp = 1.0 + 0.28 * frame.sample(warp_noise, x, y)
    best = np.zeros(np.shape(x))
    which = np.zeros(np.shape(x), dtype=np.int64)
    for i, (sx, sy) in enumerate(seat_xy):
        d = np.hypot(x - sx, y - sy) / (seat_radius[i] * warp)
        value = np.exp(-d * d)
        better = value > best
        best = np.where(better, value, best)
        which = np.where(better, i, which)
    return best, which


def draw_rivers(rng: np.random.Generator, width: float) -> tuple[list[np.ndarray], list[float]]:
    """The main river rises in the south-west mountains and leaves to the
    north-east through the plain; two tributaries join it from the edges."""
    aspect = NY / NX

    def jitter():
        return rng.uniform(-0.03, 0.03)

    main = meander((0.13 + jitter(), 0.16 + jitter()), (0.995, 0.60 + jitter()), 0.045, rng, 500)
    j_north = main[int(500 * rng.uniform(0.45, 0.55))]
    j_south = main[int(500 * rng.uniform(0.62, 0.72))]
    trib_n = meander((0.24 + jitter(), aspect - 0.005), j_north, 0.03, rng, 300, pin_end=True)
    trib_s = meander((0.66 + jitter(), 0.005), j_south, 0.03, rng, 300, pin_end=True)
    main_width = float(np.clip(0.0032 * width, 25.0, 180.0))  # metres
    return [main, trib_n, trib_s], [main_width, 0.5 * main_width, 0.45 * main_width]


def distance_grid(lines_n: list[np.ndarray]) -> np.ndarray:
    """Distance (normalised) from each grid cell to the lines, computed on a grid
    four times coarser and upsampled: the field is smooth, so this is exact
    enough and 16 times cheaper."""
    geom = shapely.multilinestrings([shapely.linestrings(r) for r in lines_n])
    coarse = 4
    cx = (np.arange(NX // coarse) + 0.5) * coarse / NX
    cy = (np.arange(int(np.ceil(NY / coarse))) + 0.5) * coarse / NX
    cgx, cgy = np.meshgrid(cx, cy)
    cdist = shapely.distance(shapely.points(cgx.ravel(), cgy.ravel()), geom).reshape(cgx.shape)
    fi = np.clip((np.arange(NY) + 0.5) / coarse - 0.5, 0, cdist.shape[0] - 1.001)
    fj = np.clip((np.arange(NX) + 0.5) / coarse - 0.5, 0, cdist.shape[1] - 1.001)
    i0 = np.floor(fi).astype(int)
    j0 = np.floor(fj).astype(int)
    wi = (fi - i0)[:, None]
    wj = (fj - j0)[None, :]
    return ((cdist[i0][:, j0] * (1 - wj) + cdist[i0][:, j0 + 1] * wj) * (1 - wi)
            + (cdist[i0 + 1][:, j0] * (1 - wj) + cdist[i0 + 1][:, j0 + 1] * wj) * wi)


def mountain_and_slope(frame: Frame, noise: dict, river_dist_n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mountain index (0 plain … 1 mountain) and slope in degrees on the grid."""
    xx, yy = frame.centres()
    s = (xx - frame.x0) / frame.width
    t = (yy - frame.y0) / frame.width
    # Uplift: mountains to the south-west, a low hill range along the north edge.
    towards_sw = 0.8 * (0.5 - s) + 0.6 * (0.42 - t)
    uplift = smoothstep(-0.14, 0.22, towards_sw + 0.10 * noise["xl"] + 0.05 * noise["l"])
    uplift = np.maximum(uplift, 0.5 * smoothstep(0.62, 0.80, t + 0.05 * noise["l"]))
    # River valleys: wide in the plain, narrow but still farmed in the mountains.
    valley_width = 0.018 + 0.05 * (1.0 - uplift)
    carve = np.exp(-((river_dist_n / valley_width) ** 2))
    mountain = np.clip(uplift * (1.0 - 0.85 * carve), 0.0, 1.0)
    # Elevation in metres: ~400 m in the plain, ~1300 m and rugged in the mountains.
    relief = 0.55 * noise["l"] + 0.30 * noise["m"] + 0.15 * noise["s"]
    elevation = 380.0 + 950.0 * mountain + (25.0 + 330.0 * mountain) * relief
    gy, gx = np.gradient(elevation, NOMINAL_WIDTH_M / NX)
    return mountain, np.degrees(np.arctan(np.hypot(gx, gy)))


def make_reservoir(rng: np.random.Generator, main: np.ndarray) -> shapely.Polygon:
    """A widened stretch of the main river where it leaves the mountains, with
    flooded side valleys (normalised units)."""
    u0 = rng.uniform(0.16, 0.22)
    stretch = main[int(len(main) * u0):int(len(main) * (u0 + 0.06))]
    lake = shapely.buffer(shapely.linestrings(stretch), 0.010)
    for k in range(3):
        base = stretch[int(len(stretch) * (0.2 + 0.3 * k))]
        angle = rng.uniform(0, 2 * np.pi)
        arm = shapely.linestrings([base, base + 0.025 * np.array([np.cos(angle), np.sin(angle)])])
        lake = shapely.union(lake, shapely.buffer(arm, 0.005))
    return lake


def place_seats(rng, frame: Frame, parcels: int, main: np.ndarray, lake_n, mountain, slope_deg,
                river_dist_n) -> tuple[np.ndarray, list[str]]:
    """Township seats (normalised): the county seat (城区) on the main river in the
    plain, towns (镇) in the plain and hills near water, townships (乡) in the
    mountain valleys; spread out by farthest-point picking."""
    aspect = NY / NX
    area_km2 = parcels * MEAN_PARCEL_M2 / 1e6
    n_seats = int(np.clip(round(area_km2 / 300.0), 8, len(TOWNSHIP_NAMES)))
    n_xiang = max(2, round(0.28 * (n_seats - 1)))
    n_zhen = n_seats - 1 - n_xiang
    inner = shapely.buffer(frame.outline, -0.06 * frame.width)
    shapely.prepare(inner)
    cand = np.c_[rng.uniform(0, 1, 6000), rng.uniform(0, aspect, 6000)]
    cx_m, cy_m = frame.to_xy(cand[:, 0], cand[:, 1])
    ok = shapely.contains_xy(inner, cx_m, cy_m) & (shapely.distance(lake_n, shapely.points(cand)) > 0.04)
    cand, cx_m, cy_m = cand[ok], cx_m[ok], cy_m[ok]
    c_mount = frame.sample(mountain, cx_m, cy_m)
    c_dist = frame.sample(river_dist_n, cx_m, cy_m)
    c_slope = frame.sample(slope_deg, cx_m, cy_m)

    city = main[int(len(main) * rng.uniform(0.60, 0.70))] + 0.008 * rng.standard_normal(2)
    seats = [city]
    levels = ["城区"]
    spacing = 0.55 / math.sqrt(n_seats)

    def pick(mask: np.ndarray) -> np.ndarray:
        d = np.min(np.hypot(*(cand[:, None, :] - np.array(seats)[None, :, :]).transpose(2, 0, 1)), axis=1)
        score = np.where(mask & (d > spacing), d * rng.uniform(0.6, 1.0, len(d)), -1.0)
        if score.max() < 0:  # relax the spacing rather than fail on odd outlines
            score = np.where(mask, d, -1.0)
        if score.max() < 0:
            score = d
        return cand[int(np.argmax(score))]

    for _ in range(n_zhen):
        seats.append(pick((c_mount < 0.35) & (c_dist < 0.10) & (c_slope < 8)))
        levels.append("镇")
    for _ in range(n_xiang):
        seats.append(pick((c_mount > 0.25) & (c_mount < 0.75) & (c_dist < 0.06)))
        levels.append("乡")
    return np.array(seats), levels


def township_names_and_codes(levels: list[str]) -> tuple[list[str], list[str]]:
    """Names and 9-digit codes: towns (镇) 1xx, townships (乡) 2xx after the county code."""
    names, codes = [], []
    n_zhen = n_xiang = 0
    for stem, level in zip(TOWNSHIP_NAMES, levels):
        if level == "乡":
            names.append(stem + "乡")
            codes.append(f"{COUNTY_CODE}{200 + n_xiang:03d}")
            n_xiang += 1
        else:
            names.append("城关镇" if level == "城区" else stem + "镇")
            codes.append(f"{COUNTY_CODE}{100 + n_zhen:03d}")
            n_zhen += 1
    return names, codes


def place_villages(rng, frame: Frame, parcels: int, mountain, slope_deg, seat_xy, seat_radius):
    """Villages: one per ~3 km², mostly in the plain and valleys, away from the
    towns; their size (radius 90–400 m) does not depend on the county size."""
    area_km2 = parcels * MEAN_PARCEL_M2 / 1e6
    n_villages = max(6, int(round(area_km2 / 3.0)))
    vx = rng.uniform(frame.x0, frame.x0 + frame.width, n_villages * 6)
    vy = rng.uniform(frame.y0, frame.y0 + frame.height, n_villages * 6)
    shapely.prepare(frame.outline)
    inside = shapely.contains_xy(frame.outline, vx, vy)
    vx, vy = vx[inside], vy[inside]
    v_mount = frame.sample(mountain, vx, vy)
    v_slope = frame.sample(slope_deg, vx, vy)
    t_infl = np.zeros(len(vx))
    for i, (sx, sy) in enumerate(seat_xy):
        t_infl = np.maximum(t_infl, np.exp(-((np.hypot(vx - sx, vy - sy) / seat_radius[i]) ** 2)))
    weight = (1.0 - 0.45 * v_mount) * (v_slope < 22) * (t_infl < 0.1) + 1e-9
    order = rng.choice(len(vx), size=min(len(vx), 3 * n_villages), replace=False, p=weight / weight.sum())
    vx, vy = vx[order], vy[order]
    keep = thin_out(np.c_[vx, vy], 0.45 * math.sqrt(area_km2 * 1e6 / n_villages), n_villages)
    village_xy = np.c_[vx, vy][keep]
    vm = frame.sample(mountain, village_xy[:, 0], village_xy[:, 1])
    radius = np.clip(np.exp(rng.normal(math.log(190.0), 0.35, len(village_xy))), 90, 400) * (1 - 0.4 * vm)
    return village_xy, radius


def thin_out(points: np.ndarray, min_gap: float, limit: int) -> np.ndarray:
    """Greedy thinning in the given order: keep a point if no kept point is
    closer than min_gap.  A coarse grid hash keeps it near-linear."""
    keep = []
    cells: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(points):
        gx, gy = int(x // min_gap), int(y // min_gap)
        ok = True
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for j in cells.get((gx + dx, gy + dy), ()):
                    if (points[j, 0] - x) ** 2 + (points[j, 1] - y) ** 2 < min_gap * min_gap:
                        ok = False
                        break
                if not ok:
                    break
            if not ok:
                break
        if ok:
            keep.append(i)
            cells.setdefault((gx, gy), []).append(i)
            if len(keep) >= limit:
                break
    return np.array(keep, dtype=np.int64)
