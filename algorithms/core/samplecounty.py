"""Deterministic synthetic county shaped like Chinese land-survey (三调) data.

``generate_county(parcels, seed)`` returns the layers of a county built the way
real data relate to each other, so the maintenance tools meet the situations
they meet on a real county:

* a smooth synthetic terrain (mountains in the south-west, a river valley with
  a reservoir, a farmland plain in the north-east) decides land class, slope
  grade and parcel size;
* the land-use parcels (DLTB) are Voronoi cells of jittered seeds, denser in
  the plain, towns and villages than in the mountains, cut by thin river and
  road polygons.  They form an exact coverage (neighbours share their edges
  vertex for vertex), so each control line is a union of parcels and follows
  parcel boundaries, as a real 三区三线 delineation does;
* the three control lines carry the defects the maintenance scheme deals with:
  PBF fragments (1–3 % of the merged patches are under 5 亩) and steep PBF,
  EPR holes of all sizes (small ones, ones holding PBF, ones around an island
  of the red line) and small patches, UDB holes holding PBF, small UDB patches
  and farm-road slits, and a few small PBF–EPR / PBF–UDB conflicts.

Layers: landuse, pbf, epr, udb, hsf, projects, hilly_areas, urban_baseline,
towns (see ``generate_county``).  Coordinates are metres in EPSG:4549
(CGCS2000 3-degree Gauss-Krüger, CM 120°E) around x=500 000, y=4 700 000; the
county's area is about parcels × 1 ha and its layout does not change with the
parcel count, only its detail.

Everything is vectorised (numpy and shapely's array functions); the heavy GEOS
steps run on two threads.  The module is pure: numpy, shapely >= 2 and the
standard library, never qgis.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import shapely

from .geometry import clean_polygons

__all__ = [
    "Layer",
    "GenerationCanceled",
    "generate_county",
    "LAND_CLASSES",
    "CULTIVATED_CODES",
    "CRS_AUTHID",
    "MU_M2",
]

CRS_AUTHID = "EPSG:4549"
CENTRE_X = 500_000.0
CENTRE_Y = 4_700_000.0
COUNTY_CODE = "150428"
MU_M2 = 10_000.0 / 15.0  # 1 亩
MEAN_PARCEL_M2 = 10_000.0  # mean land-survey parcel: 1 ha, so 20 000 parcels ≈ 200 km²
MIN_PARCELS = 1_000
MAX_PARCELS = 1_000_000

# GB/T 21010-2017 codes as used by the third land survey (三调工作分类).
LAND_CLASSES: dict[str, str] = {
    "0101": "水田",
    "0102": "水浇地",
    "0103": "旱地",
    "0201": "果园",
    "0301": "乔木林地",
    "0305": "灌木林地",
    "0307": "其他林地",
    "0401": "天然牧草地",
    "0404": "其他草地",
    "05H1": "商业服务业设施用地",
    "0508": "物流仓储用地",
    "0601": "工业用地",
    "0602": "采矿用地",
    "0701": "城镇住宅用地",
    "0702": "农村宅基地",
    "08H1": "机关团体新闻出版用地",
    "08H2": "科教文卫用地",
    "0810": "公园与绿地",
    "09": "特殊用地",
    "1001": "铁路用地",
    "1003": "公路用地",
    "1004": "城镇村道路用地",
    "1006": "农村道路",
    "1101": "河流水面",
    "1103": "水库水面",
    "1104": "坑塘水面",
    "1106": "内陆滩涂",
    "1202": "设施农用地",
    "1203": "田坎",
    "1207": "裸岩石砾地",
}
CULTIVATED_CODES = ("0101", "0102", "0103")
# Main function of a red-line patch (生态功能类型).
_EPR_FUNCTIONS = np.array(["生物多样性维护", "水源涵养", "水土保持"])
_CODES = list(LAND_CLASSES)
_C = {code: i for i, code in enumerate(_CODES)}


def _code_mask(*prefixes: str) -> np.ndarray:
    """Boolean lookup over class indices: True where the code starts with a prefix."""
    return np.array([c.startswith(prefixes) for c in _CODES])


_IS_CULTIVATED = _code_mask(*CULTIVATED_CODES)
# Ecological-function land: forest, grass, water, wetland, bare rock.
_IS_ECO = _code_mask("03", "04", "1101", "1103", "1104", "1106", "1207")
# Urban construction land (城镇建设用地) when it lies in a town's built-up area
# (三调 城市/建制镇 extent): all construction land there, engulfed village
# homesteads included, so the boundary's growth is land not yet built on.
_IS_URBAN_CONSTRUCTION = _code_mask("05", "06", "07", "08", "09", "1003", "1004")
_IS_CONSTRUCTION = _code_mask("05", "06", "07", "08", "09", "1001", "1003", "1004")

# Ridge deduction ratio (扣除系数) of cultivated land by slope grade: none on flat
# land, growing with slope, as in provincial 三调 coefficient tables.
_KCXS_BY_GRADE = np.array([0.0, 0.0, 0.024, 0.061, 0.103, 0.147])
_SLOPE_GRADE_LIMITS_DEG = (2.0, 6.0, 15.0, 25.0)

# Grid of the terrain and zoning fields.  Fixed size: every field is defined
# relative to the county width, so the county looks the same at any parcel count
# and only the parcel detail grows.
_NX = 512
_NY = 400
# Relief is scaled to a nominal county width, so that the slope-grade mix does not
# depend on the parcel count.
_NOMINAL_WIDTH_M = 40_000.0

# Linear features (rivers and roads, cut out of the cells as thin polygons): their
# classes, widths in metres and precedence where they cross.
_LIN_NONE, _LIN_RIVER, _LIN_RAIL, _LIN_ROAD, _LIN_RURAL, _LIN_STREET = 0, 1, 2, 3, 4, 5
# Where footprints overlap the later class wins: a river stays a river under a bridge.
_LIN_PRECEDENCE = (_LIN_RURAL, _LIN_STREET, _LIN_ROAD, _LIN_RAIL, _LIN_RIVER)
_RAIL_WIDTH = 30.0
_HIGHWAY_WIDTH = 26.0
_COUNTY_ROAD_WIDTH = 14.0
_RURAL_ROAD_WIDTH = 6.0
_FIELD_ROAD_WIDTH = 5.0
_FIELD_ROAD_SPACING = 1000.0
# River and road pieces are merged into parcels of about this size (grid squares).
_LINEAR_CHUNK_M = 1_000.0

# Seed kinds: how a Voronoi seed was placed decides a few class rules.
_KIND_BASE, _KIND_VILLAGE, _KIND_MICRO, _KIND_MICRO_RING = 0, 1, 2, 3
# Extra parcels per metre of river/road, per unit cell density (calibrated).
_CUT_GAIN = 1.45
# Red-line core: mountain index plus noise above this.
_EPR_CORE = 0.62
# Corners cut off by a road smaller than this join the road (below a mapping unit).
_MIN_PIECE_M2 = 100.0

_TOWNSHIP_NAMES = (
    "东川", "河口", "柳林", "青石", "南台", "北山", "西沟", "杏花",
    "白塔", "双井", "红岭", "石门", "桃园", "马鞍", "松岭", "黄土梁",
    "大营", "小河", "平房", "官地", "龙泉", "三道沟", "永丰", "太平",
)


@dataclass
class Layer:
    """One output layer: geometries plus attribute columns in field order.

    ``columns[name]`` holds one value per geometry (numpy arrays; ``.tolist()``
    gives plain Python values).  ``geometry_type`` is 'Polygon', 'Point' or
    'LineString'; all geometries are single-part, valid and 2-D.
    """

    name: str
    geometry_type: str
    geoms: np.ndarray
    fields: list[tuple[str, str]]
    columns: dict[str, np.ndarray | list] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.geoms)

    def records(self) -> list[tuple]:
        """Attribute rows as tuples of plain Python values, in field order."""
        cols = [np.asarray(self.columns[name]).tolist() for name, _ in self.fields]
        return list(zip(*cols)) if cols else [() for _ in range(len(self))]


class GenerationCanceled(Exception):
    """Raised when the caller's ``is_canceled()`` returned True."""


class _Steps:
    """Progress reporting and cancellation between the generation steps."""

    def __init__(self, progress, is_canceled):
        self._progress = progress
        self._is_canceled = is_canceled

    def __call__(self, pct: float) -> None:
        if self._is_canceled is not None and self._is_canceled():
            raise GenerationCanceled("sample county generation canceled")
        if self._progress is not None:
            self._progress(float(pct))


def _rng(seed: int, stream: int) -> np.random.Generator:
    """Independent random stream per component, so changing one part of the
    generator does not reshuffle the others."""
    return np.random.default_rng([int(seed), stream])


# --------------------------------------------------------------------------- #
# Frame, grid and smooth fields
# --------------------------------------------------------------------------- #
@dataclass
class _Frame:
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
        xs = self.x0 + (np.arange(_NX) + 0.5) * self.pixel
        ys = self.y0 + (np.arange(_NY) + 0.5) * self.pixel
        return np.meshgrid(xs, ys)

    def sample(self, grid: np.ndarray, x, y) -> np.ndarray:
        """Bilinear interpolation of a (NY, NX) grid at points in metres."""
        fx = (np.asarray(x) - self.x0) / self.pixel - 0.5
        fy = (np.asarray(y) - self.y0) / self.pixel - 0.5
        ix = np.clip(np.floor(fx).astype(np.int64), 0, _NX - 2)
        iy = np.clip(np.floor(fy).astype(np.int64), 0, _NY - 2)
        wx = np.clip(fx - ix, 0.0, 1.0)
        wy = np.clip(fy - iy, 0.0, 1.0)
        g00 = grid[iy, ix]
        g01 = grid[iy, ix + 1]
        g10 = grid[iy + 1, ix]
        g11 = grid[iy + 1, ix + 1]
        return (g00 * (1 - wx) + g01 * wx) * (1 - wy) + (g10 * (1 - wx) + g11 * wx) * wy


def _make_frame(parcels: int, rng: np.random.Generator) -> _Frame:
    """An irregular county outline whose area is parcels × 1 ha."""
    aspect = _NY / _NX
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
    pixel = width / _NX
    return _Frame(width, _NY * pixel, x0, y0, pixel, outline)


def _smooth_noise(rng: np.random.Generator, sigma_px: float) -> np.ndarray:
    """Unit-variance Gaussian random field with correlation length sigma_px,
    by filtering white noise in the Fourier domain (no lattice artefacts)."""
    white = rng.standard_normal((_NY, _NX))
    fy = np.fft.fftfreq(_NY)[:, None]
    fx = np.fft.rfftfreq(_NX)[None, :]
    kernel = np.exp(-2.0 * (np.pi * sigma_px) ** 2 * (fx**2 + fy**2))
    smooth = np.fft.irfft2(np.fft.rfft2(white) * kernel, s=(_NY, _NX))
    smooth -= smooth.mean()
    return smooth / smooth.std()


def _smoothstep(lo: float, hi: float, v: np.ndarray) -> np.ndarray:
    u = np.clip((v - lo) / (hi - lo), 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def _meander(p0, p1, amplitude: float, rng: np.random.Generator, n: int = 400,
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


@dataclass
class _Scene:
    """Everything decided before the parcels exist: terrain, water, towns, villages, roads."""

    frame: _Frame
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
        return _town_influence(self.frame, self.noise["town_warp"], self.seat_xy, self.seat_radius, x, y)


def _town_influence(frame: _Frame, warp_noise, seat_xy, seat_radius, x, y) -> tuple[np.ndarray, np.ndarray]:
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


def _make_scene(frame: _Frame, parcels: int, seed: int) -> _Scene:
    """Terrain, water, towns, villages and roads, in normalised units first
    (s across, t up, both in county widths) so the layout is the same at any size."""
    rng = _rng(seed, 2)
    W = frame.width
    noise = {
        name: _smooth_noise(rng, sigma * _NX)
        for name, sigma in (
            ("xl", 0.12), ("l", 0.05), ("m", 0.02), ("s", 0.008), ("town_warp", 0.015),
            ("cult", 0.05), ("cult_m", 0.02), ("cult_s", 0.006), ("forest", 0.025), ("irrig", 0.04),
            ("orchard", 0.02), ("epr", 0.06), ("epr_s", 0.012), ("general", 0.03), ("grass", 0.05),
            ("size", 0.03), ("town_zone", 0.005), ("udb_grow", 0.01),
        )
    }
    rivers_n, river_widths = _rivers(rng, W)
    river_dist_n = _distance_grid(rivers_n)
    mountain, slope_deg = _terrain(frame, noise, river_dist_n)
    lake_n = _reservoir(rng, rivers_n[0])
    seats_n, levels = _seats(rng, frame, parcels, rivers_n[0], lake_n, mountain, slope_deg, river_dist_n)
    seat_xy = np.c_[frame.to_xy(seats_n[:, 0], seats_n[:, 1])]
    # Radii shrink with the number of seats so the urban share stays ~2 %.
    base_r = {"城区": 0.040, "镇": 0.017, "乡": 0.011}
    shrink = math.sqrt(8.0 / len(levels))
    seat_radius = np.array([base_r[lv] * rng.uniform(0.85, 1.15) for lv in levels]) * W * shrink
    names, codes = _township_names_and_codes(levels)
    industry_dir = rng.uniform(0, 2 * np.pi, len(levels))
    village_xy, village_radius = _villages(rng, frame, parcels, mountain, slope_deg, seat_xy, seat_radius)
    reservoir = shapely.transform(lake_n, lambda c: c * W + [frame.x0, frame.y0])
    lines, widths = _roads(rng, frame, seats_n, seat_xy, seat_radius, levels, village_xy, noise["town_warp"],
                           mountain, reservoir)
    return _Scene(
        frame=frame, mountain=mountain, slope_deg=slope_deg, river_dist=river_dist_n * W, noise=noise,
        rivers=[np.c_[frame.x0 + r[:, 0] * W, frame.y0 + r[:, 1] * W] for r in rivers_n],
        river_widths=river_widths, reservoir=reservoir, seat_xy=seat_xy, seat_radius=seat_radius,
        seat_level=levels, seat_names=names, seat_codes=codes, seat_industry_dir=industry_dir,
        village_xy=village_xy, village_radius=village_radius, lines=lines, line_widths=widths,
    )


def _rivers(rng: np.random.Generator, width: float) -> tuple[list[np.ndarray], list[float]]:
    """The main river rises in the south-west mountains and leaves to the
    north-east through the plain; two tributaries join it from the edges."""
    aspect = _NY / _NX

    def jitter():
        return rng.uniform(-0.03, 0.03)

    main = _meander((0.13 + jitter(), 0.16 + jitter()), (0.995, 0.60 + jitter()), 0.045, rng, 500)
    j_north = main[int(500 * rng.uniform(0.45, 0.55))]
    j_south = main[int(500 * rng.uniform(0.62, 0.72))]
    trib_n = _meander((0.24 + jitter(), aspect - 0.005), j_north, 0.03, rng, 300, pin_end=True)
    trib_s = _meander((0.66 + jitter(), 0.005), j_south, 0.03, rng, 300, pin_end=True)
    main_width = float(np.clip(0.0032 * width, 25.0, 180.0))  # metres
    return [main, trib_n, trib_s], [main_width, 0.5 * main_width, 0.45 * main_width]


def _distance_grid(lines_n: list[np.ndarray]) -> np.ndarray:
    """Distance (normalised) from each grid cell to the lines, computed on a grid
    four times coarser and upsampled: the field is smooth, so this is exact
    enough and 16 times cheaper."""
    geom = shapely.multilinestrings([shapely.linestrings(r) for r in lines_n])
    coarse = 4
    cx = (np.arange(_NX // coarse) + 0.5) * coarse / _NX
    cy = (np.arange(int(np.ceil(_NY / coarse))) + 0.5) * coarse / _NX
    cgx, cgy = np.meshgrid(cx, cy)
    cdist = shapely.distance(shapely.points(cgx.ravel(), cgy.ravel()), geom).reshape(cgx.shape)
    fi = np.clip((np.arange(_NY) + 0.5) / coarse - 0.5, 0, cdist.shape[0] - 1.001)
    fj = np.clip((np.arange(_NX) + 0.5) / coarse - 0.5, 0, cdist.shape[1] - 1.001)
    i0 = np.floor(fi).astype(int)
    j0 = np.floor(fj).astype(int)
    wi = (fi - i0)[:, None]
    wj = (fj - j0)[None, :]
    return ((cdist[i0][:, j0] * (1 - wj) + cdist[i0][:, j0 + 1] * wj) * (1 - wi)
            + (cdist[i0 + 1][:, j0] * (1 - wj) + cdist[i0 + 1][:, j0 + 1] * wj) * wi)


def _terrain(frame: _Frame, noise: dict, river_dist_n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mountain index (0 plain … 1 mountain) and slope in degrees on the grid."""
    xx, yy = frame.centres()
    s = (xx - frame.x0) / frame.width
    t = (yy - frame.y0) / frame.width
    # Uplift: mountains to the south-west, a low hill range along the north edge.
    towards_sw = 0.8 * (0.5 - s) + 0.6 * (0.42 - t)
    uplift = _smoothstep(-0.14, 0.22, towards_sw + 0.10 * noise["xl"] + 0.05 * noise["l"])
    uplift = np.maximum(uplift, 0.5 * _smoothstep(0.62, 0.80, t + 0.05 * noise["l"]))
    # River valleys: wide in the plain, narrow but still farmed in the mountains.
    valley_width = 0.018 + 0.05 * (1.0 - uplift)
    carve = np.exp(-((river_dist_n / valley_width) ** 2))
    mountain = np.clip(uplift * (1.0 - 0.85 * carve), 0.0, 1.0)
    # Elevation in metres: ~400 m in the plain, ~1300 m and rugged in the mountains.
    relief = 0.55 * noise["l"] + 0.30 * noise["m"] + 0.15 * noise["s"]
    elevation = 380.0 + 950.0 * mountain + (25.0 + 330.0 * mountain) * relief
    gy, gx = np.gradient(elevation, _NOMINAL_WIDTH_M / _NX)
    return mountain, np.degrees(np.arctan(np.hypot(gx, gy)))


def _reservoir(rng: np.random.Generator, main: np.ndarray) -> shapely.Polygon:
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


def _seats(rng, frame: _Frame, parcels: int, main: np.ndarray, lake_n, mountain, slope_deg,
           river_dist_n) -> tuple[np.ndarray, list[str]]:
    """Township seats (normalised): the county seat (城区) on the main river in the
    plain, towns (镇) in the plain and hills near water, townships (乡) in the
    mountain valleys; spread out by farthest-point picking."""
    aspect = _NY / _NX
    area_km2 = parcels * MEAN_PARCEL_M2 / 1e6
    n_seats = int(np.clip(round(area_km2 / 300.0), 8, len(_TOWNSHIP_NAMES)))
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


def _township_names_and_codes(levels: list[str]) -> tuple[list[str], list[str]]:
    """Names and 9-digit codes: towns (镇) 1xx, townships (乡) 2xx after the county code."""
    names, codes = [], []
    n_zhen = n_xiang = 0
    for stem, level in zip(_TOWNSHIP_NAMES, levels):
        if level == "乡":
            names.append(stem + "乡")
            codes.append(f"{COUNTY_CODE}{200 + n_xiang:03d}")
            n_xiang += 1
        else:
            names.append("城关镇" if level == "城区" else stem + "镇")
            codes.append(f"{COUNTY_CODE}{100 + n_zhen:03d}")
            n_zhen += 1
    return names, codes


def _villages(rng, frame: _Frame, parcels: int, mountain, slope_deg, seat_xy, seat_radius):
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
    keep = _thin(np.c_[vx, vy], 0.45 * math.sqrt(area_km2 * 1e6 / n_villages), n_villages)
    village_xy = np.c_[vx, vy][keep]
    vm = frame.sample(mountain, village_xy[:, 0], village_xy[:, 1])
    radius = np.clip(np.exp(rng.normal(math.log(190.0), 0.35, len(village_xy))), 90, 400) * (1 - 0.4 * vm)
    return village_xy, radius


def _roads(rng, frame: _Frame, seats_n, seat_xy, seat_radius, levels, village_xy, town_warp, mountain,
           reservoir) -> tuple[dict[int, list[np.ndarray]], dict[int, list[float]]]:
    """Centre lines (metres) and widths of the roads, by linear class.

    Highway and railway cross the county through the county seat; county roads
    join the seats (a minimum spanning tree); rural roads join each village to
    the nearest village nearer its seat, or to the seat; streets grid the
    towns; field roads grid the plain."""
    W = frame.width
    aspect = _NY / _NX
    city = seats_n[0]

    def edge_point(angle: float) -> np.ndarray:
        # Where a ray from the county seat leaves the frame (stay 0.5 % inside).
        d = np.array([np.cos(angle), np.sin(angle)])
        lim = []
        for k, hi in ((0, 1.0), (1, aspect)):
            if abs(d[k]) > 1e-9:
                lim.append(((hi - 0.005 if d[k] > 0 else 0.005) - city[k]) / d[k])
        return city + d * min(lim)

    lines_n: dict[int, list[np.ndarray]] = {_LIN_RAIL: [], _LIN_ROAD: [], _LIN_RURAL: [], _LIN_STREET: []}
    widths: dict[int, list[float]] = {_LIN_RAIL: [], _LIN_ROAD: [], _LIN_RURAL: [], _LIN_STREET: []}
    a_hw = rng.uniform(-0.2, 0.2) + np.pi * 0.2
    for a in (a_hw, a_hw + np.pi + rng.uniform(-0.3, 0.3)):
        lines_n[_LIN_ROAD].append(_meander(city, edge_point(a), 0.02, rng, 200, pin_start=True))
        widths[_LIN_ROAD].append(_HIGHWAY_WIDTH)
    a_rail = rng.uniform(-0.3, 0.3) + np.pi * 0.5
    for a in (a_rail, a_rail + np.pi + rng.uniform(-0.2, 0.2)):
        lines_n[_LIN_RAIL].append(_meander(city, edge_point(a), 0.008, rng, 200, pin_start=True))
        widths[_LIN_RAIL].append(_RAIL_WIDTH)
    for i, j in _spanning_tree(seats_n):
        lines_n[_LIN_ROAD].append(_meander(seats_n[i], seats_n[j], 0.012, rng, 120, True, True))
        widths[_LIN_ROAD].append(_COUNTY_ROAD_WIDTH)
    lines: dict[int, list[np.ndarray]] = {
        k: [np.c_[frame.x0 + ln[:, 0] * W, frame.y0 + ln[:, 1] * W] for ln in v] for k, v in lines_n.items()
    }

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
        lines[_LIN_RURAL].append(_meander(village_xy[v], target, 0.04 * length, rng,
                                          max(4, int(length / 60.0)), True, True))
        widths[_LIN_RURAL].append(_RURAL_ROAD_WIDTH)

    # Town streets: a rotated grid kept inside the built-up area, so town
    # parcels come in blocks.
    for i, ((sx, sy), r, lv) in enumerate(zip(seat_xy, seat_radius, levels)):
        spacing = float(np.clip(r / 3.5, 120.0, 350.0))
        width = 16.0 if lv == "城区" else 10.0
        angle = rng.uniform(0, np.pi / 2)
        step = spacing / 8.0
        for ln in _grid_lines(sx, sy, 1.2 * r, spacing, angle, rng, step=step):
            t_here, which = _town_influence(frame, town_warp, seat_xy, seat_radius, ln[:, 0], ln[:, 1])
            for a, b in _runs((t_here > 0.58) & (which == i)):
                if (b - a) * step > spacing:
                    lines[_LIN_STREET].append(ln[[a, b - 1]])
                    widths[_LIN_STREET].append(width)

    # Field roads (机耕路) on a regular grid across the plain, broken where the
    # land is not flat farmland and with random gaps.
    half = 0.75 * max(W, frame.height)
    angle = rng.uniform(0, np.pi / 2)
    shapely.prepare(reservoir)
    for ln in _grid_lines(frame.x0 + W / 2, frame.y0 + frame.height / 2, half, _FIELD_ROAD_SPACING, angle, rng,
                          step=50.0):
        lx, ly = ln[:, 0], ln[:, 1]
        ok = (frame.sample(mountain, lx, ly) < 0.32) & shapely.contains_xy(frame.outline, lx, ly) \
            & ~shapely.contains_xy(reservoir, lx, ly)
        t_infl = np.zeros(len(lx))
        for i, (sx, sy) in enumerate(seat_xy):
            t_infl = np.maximum(t_infl, np.exp(-((np.hypot(lx - sx, ly - sy) / seat_radius[i]) ** 2)))
        for a, b in _runs(ok & (t_infl < 0.25)):
            pos = a
            while pos < b - 1:
                end = min(b, pos + int(rng.uniform(800.0, 3000.0) / 50.0))
                if end - pos >= 6 and rng.random() > 0.25:
                    lines[_LIN_RURAL].append(ln[[pos, end - 1]])
                    widths[_LIN_RURAL].append(_FIELD_ROAD_WIDTH)
                pos = end + int(rng.uniform(0, 400.0) / 50.0)
    return lines, widths


def _thin(points: np.ndarray, min_gap: float, limit: int) -> np.ndarray:
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


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True."""
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(np.int8), 0]))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _grid_lines(cx: float, cy: float, half: float, spacing: float, angle: float,
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


def _spanning_tree(points: np.ndarray) -> list[tuple[int, int]]:
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


# --------------------------------------------------------------------------- #
# Parcels: seeds, Voronoi coverage, cutting by rivers and roads
# --------------------------------------------------------------------------- #
def _line_sets(scene: _Scene) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Centre lines and half widths of each linear class."""
    sets = {_LIN_RIVER: (scene.rivers, scene.river_widths)}
    sets.update({cls: (scene.lines[cls], scene.line_widths[cls]) for cls in scene.lines if scene.lines[cls]})
    return {cls: (np.array([shapely.linestrings(c) for c in coords], dtype=object), np.asarray(w, float) / 2.0)
            for cls, (coords, w) in sets.items()}


def _line_buffers(line_sets) -> dict[int, shapely.Geometry]:
    """Union of the polygon footprint of each linear class."""
    return {cls: shapely.union_all(shapely.buffer(lines, half, quad_segs=2))
            for cls, (lines, half) in line_sets.items()}


def _make_seeds(scene: _Scene, parcels: int, line_sets: dict, seed: int):
    """Voronoi seeds: density follows the terrain (small parcels in the plain and
    towns, large in the mountains), plus village clusters and 'micro' clusters
    (a small parcel ringed by six others: tiny plots, graves, sheds)."""
    rng = _rng(seed, 3)
    frame = scene.frame
    xx, yy = frame.centres()
    town, _ = scene.town_influence(xx, yy)
    # Relative parcel area: 0.55 ha in the plain to 3.2 ha in the mountains,
    # a quarter of that in towns, modulated to vary field sizes regionally.
    rel_area = np.exp(math.log(0.55) + scene.mountain * math.log(3.2 / 0.55) + 0.25 * scene.noise["size"])
    rel_area *= 1.0 - 0.72 * town
    intensity = 1.0 / rel_area

    shapely.prepare(frame.outline)
    in_county = shapely.contains_xy(frame.outline, xx, yy)
    # A band of seeds outside the county shapes the county-edge cells like the others.
    band_px = int(np.clip(math.ceil(500.0 / frame.pixel), 2, 40))
    band = in_county.copy()
    for _ in range(band_px):
        grown = band.copy()
        grown[1:] |= band[:-1]
        grown[:-1] |= band[1:]
        grown[:, 1:] |= band[:, :-1]
        grown[:, :-1] |= band[:, 1:]
        band = grown

    # Villages: Gaussian clusters of seeds, parcels ~0.22 ha.
    vil_pts = []
    for (vx, vy), r in zip(scene.village_xy, scene.village_radius):
        m = max(4, int(round(math.pi * r * r / 2200.0)))
        vil_pts.append(np.c_[vx, vy] + rng.normal(0, 0.6 * r, (m, 2)))
    vil_pts = np.vstack(vil_pts)

    # Micro clusters, five times denser in hills and mountains (hamlet plots,
    # the small holes of the red line).
    n_micro = max(3, int(round(0.008 * parcels)))
    mx = rng.uniform(frame.x0, frame.x0 + frame.width, n_micro * 8)
    my = rng.uniform(frame.y0, frame.y0 + frame.height, n_micro * 8)
    ok = shapely.contains_xy(frame.outline, mx, my)
    mx, my = mx[ok], my[ok]
    w = 1.0 + 4.0 * (frame.sample(scene.mountain, mx, my) > 0.3)
    pick = rng.choice(len(mx), size=min(n_micro, len(mx)), replace=False, p=w / w.sum())
    centres = np.c_[mx[pick], my[pick]]
    rho = rng.uniform(26.0, 42.0, len(centres))[:, None] * rng.uniform(0.85, 1.15, (len(centres), 6))
    ang = rng.uniform(0, 2 * np.pi, len(centres))[:, None] + np.arange(6) * np.pi / 3 \
        + rng.uniform(-0.14, 0.14, (len(centres), 6))
    ring = np.stack([centres[:, :1] + rho * np.cos(ang), centres[:, 1:] + rho * np.sin(ang)], -1).reshape(-1, 2)

    # Budget: the base seeds make up what villages, micro clusters and the cuts by
    # rivers and roads do not provide.  With k base seeds per unit of intensity,
    # the cell spacing along a line is pixel / sqrt(k * intensity), so the number
    # of cut cells grows with sqrt(k): solve  k*A + sqrt(k)*B + fixed = parcels.
    n_fixed = int(shapely.contains_xy(frame.outline, vil_pts[:, 0], vil_pts[:, 1]).sum()) + 7 * len(centres)
    a = float(intensity[in_county].sum())
    coords, index = shapely.get_coordinates(np.concatenate([ls for ls, _ in line_sets.values()]), return_index=True)
    same = index[1:] == index[:-1]
    mid = (coords[1:][same] + coords[:-1][same]) / 2.0
    seg_len = np.hypot(*(coords[1:][same] - coords[:-1][same]).T)
    inside = shapely.contains_xy(frame.outline, mid[:, 0], mid[:, 1])
    b = _CUT_GAIN * float(np.sum(seg_len[inside] * np.sqrt(frame.sample(intensity, *mid[inside].T)))) / frame.pixel
    c = n_fixed - parcels
    root_k = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a) if c < 0 else 0.0
    k = max(root_k * root_k, 0.05 * parcels / a)
    lam = np.where(band, intensity * k, 0.0).ravel()
    counts = np.floor(lam).astype(np.int64)
    counts += rng.random(lam.size) < (lam - counts)
    pix = np.repeat(np.arange(lam.size), counts)
    bx = frame.x0 + (pix % _NX + rng.random(pix.size)) * frame.pixel
    by = frame.y0 + (pix // _NX + rng.random(pix.size)) * frame.pixel

    pts = np.vstack([np.c_[bx, by], vil_pts, centres, ring])
    kind = np.concatenate([
        np.full(len(bx), _KIND_BASE), np.full(len(vil_pts), _KIND_VILLAGE),
        np.full(len(centres), _KIND_MICRO), np.full(len(ring), _KIND_MICRO_RING)])
    # Keep seeds strictly inside the field frame and drop exact duplicates.
    ok = ((pts[:, 0] > frame.x0) & (pts[:, 0] < frame.x0 + frame.width)
          & (pts[:, 1] > frame.y0) & (pts[:, 1] < frame.y0 + frame.height))
    pts, kind = pts[ok], kind[ok]
    _, first = np.unique(pts, axis=0, return_index=True)
    first.sort()
    return pts[first], kind[first]


def _voronoi_cells(points: np.ndarray, envelope: shapely.Polygon) -> np.ndarray:
    """Voronoi cell of each seed, in seed order (GEOS ≥ 3.12 orders them itself;
    older GEOS: match each cell to the seed it contains)."""
    mp = shapely.multipoints(points)
    try:
        cells = np.asarray(shapely.get_parts(shapely.voronoi_polygons(mp, extend_to=envelope, ordered=True)))
        if len(cells) == len(points):
            return cells
    except (TypeError, shapely.errors.UnsupportedGEOSVersionError):
        pass
    cells = np.asarray(shapely.get_parts(shapely.voronoi_polygons(mp, extend_to=envelope)))
    tree = shapely.STRtree(shapely.points(points))
    cell_idx, point_idx = tree.query(cells, predicate="contains")
    out = np.empty(len(points), dtype=object)
    out[point_idx] = cells[cell_idx]
    return out


def _make_parcels(scene: _Scene, parcels: int, seed: int, steps: _Steps):
    frame = scene.frame
    line_sets = _line_sets(scene)
    envelope = shapely.box(frame.x0, frame.y0, frame.x0 + frame.width, frame.y0 + frame.height)

    def seeds_and_cells():
        pts, kind = _make_seeds(scene, parcels, line_sets, seed)
        return pts, kind, _voronoi_cells(pts, envelope)

    (pts, kind, cells), buffers = _parallel([seeds_and_cells, lambda: _line_buffers(line_sets)])
    steps(25)

    # County = the cells whose seed lies in the smooth outline: the county edge then
    # follows parcel edges, as a real county boundary does.  Holes and detached
    # bits of that union are absorbed or dropped so the county is one polygon.
    in_county = shapely.contains_xy(frame.outline, pts[:, 0], pts[:, 1])
    county = shapely.coverage_union_all(cells[in_county])
    if county.geom_type != "Polygon" or shapely.get_num_interior_rings(county) > 0:
        parts = shapely.get_parts(county)
        main = parts[int(np.argmax(shapely.area(parts)))]
        shell = shapely.polygons(shapely.get_exterior_ring(main))
        shapely.prepare(shell)
        in_county = shapely.contains_xy(shell, pts[:, 0], pts[:, 1])
        county = shapely.coverage_union_all(cells[in_county])
    county_idx = np.flatnonzero(in_county)

    # Cut the county cells crossed by rivers and roads: node the cell boundaries
    # with the river and road outlines and polygonise, so the pieces share
    # vertices exactly with one another and with the untouched neighbours.
    # Find the cells with short straight segments: a long line's envelope would
    # make the tree test every cell in it.
    tree = shapely.STRtree(cells[county_idx])
    lines = np.concatenate([shapely.segmentize(ls, 200.0) for ls, _ in line_sets.values()])
    halves = np.concatenate([h for _, h in line_sets.values()])
    coords, index = shapely.get_coordinates(lines, return_index=True)
    same = index[1:] == index[:-1]
    segments = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
    hit = np.unique(tree.query(segments, predicate="dwithin", distance=halves[index[:-1][same]])[1])
    hit_idx = county_idx[hit]
    # Two halves (west, east) in two threads.  A crossing on an edge shared by
    # the halves is computed in both from the same two unchanged segments, and
    # GEOS's segment intersection is symmetric in its arguments, so both halves
    # get the same vertex and the coverage stays exact (tested).
    rings = np.concatenate([shapely.get_rings(shapely.get_parts(g)) for g in buffers.values()])
    # As LineStrings: GEOS 3.11 unions LinearRings mixed with lines several times slower.
    rings = shapely.linestrings(shapely.get_coordinates(rings),
                                indices=np.repeat(np.arange(len(rings)), shapely.get_num_coordinates(rings)))
    ring_tree = shapely.STRtree(rings)
    west = pts[hit_idx, 0] < np.median(pts[hit_idx, 0]) if len(hit_idx) else np.zeros(0, bool)
    pieces = _parallel([lambda m=m: _cut_cells(cells[hit_idx[m]], hit_idx[m], rings, ring_tree)
                        for m in (west, ~west)])
    faces = np.concatenate([p[0] for p in pieces])
    face_pt = np.concatenate([p[1] for p in pieces])
    parent = np.concatenate([p[2] for p in pieces])
    steps(33)
    lin = np.zeros(len(faces), dtype=np.int8)
    for cls in _LIN_PRECEDENCE:
        if cls in buffers:
            shapely.prepare(buffers[cls])
            lin[shapely.contains(buffers[cls], face_pt)] = cls
    faces, parent, lin, face_pt = _merge_linear_pieces(faces, parent, lin, face_pt, scene)

    keep = np.ones(len(pts), bool)
    keep[hit_idx] = False
    keep &= in_county
    whole = np.flatnonzero(keep)
    geoms = np.concatenate([cells[whole], faces])
    parent_all = np.concatenate([whole, parent])
    lin_all = np.concatenate([np.zeros(len(whole), np.int8), lin])
    rep_xy = np.vstack([pts[whole], shapely.get_coordinates(face_pt)])
    # Spatially coherent order (Z-order of the representative point), like a
    # survey database numbered sheet by sheet.
    order = np.argsort(_morton(rep_xy, frame), kind="stable")
    return geoms[order], lin_all[order], rep_xy[order], kind[parent_all[order]], county


def _cut_cells(cells: np.ndarray, cell_ids: np.ndarray, rings: np.ndarray, ring_tree) -> tuple:
    """Node cell boundaries with the river and road outlines near them, and
    polygonise: the pieces of each cell, their representative points and the
    id of the cell they lie in.  Faces outside the cells (enclosed by them, or
    beyond) are dropped."""
    if len(cells) == 0:
        return np.empty(0, object), np.empty(0, object), np.empty(0, np.int64)
    box = shapely.box(*shapely.total_bounds(cells))
    near = rings[ring_tree.query(box)]
    linework = np.concatenate([shapely.boundary(cells), near])
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(linework)))))
    face_pt = shapely.point_on_surface(faces)
    face_i, cell_i = shapely.STRtree(cells).query(face_pt, predicate="within")
    return faces[face_i], face_pt[face_i], cell_ids[cell_i]


def _parallel(tasks: list) -> list:
    """Run independent GEOS-heavy callables on two threads (shapely releases
    the GIL); results in task order, so the output does not depend on timing."""
    if len(tasks) <= 1:
        return [t() for t in tasks]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(t) for t in tasks]
        return [f.result() for f in futures]


def _merge_linear_pieces(faces, parent, lin, face_pt, scene: _Scene):
    """Rivers and roads are surveyed as long polygons, not one per Voronoi cell.

    Pieces of one linear class are merged per ~1 km grid square (250 m near
    towns, so that the development boundary can follow them).  Squares are
    processed in four interleaved colours, so one coverage union handles all
    squares of a colour at once (same-colour squares are 1 km apart and cannot
    touch).  Slivers under the survey's mapping unit, cut off where a road clips
    a cell corner, join the road or river they touch.
    """
    frame = scene.frame
    area = shapely.area(faces)
    px, py = shapely.get_x(face_pt), shapely.get_y(face_pt)
    chunk = np.where(scene.town_influence(px, py)[0] > 0.05, _LINEAR_CHUNK_M / 4, _LINEAR_CHUNK_M)
    gx = np.floor((px - frame.x0) / chunk).astype(np.int64)
    gy = np.floor((py - frame.y0) / chunk).astype(np.int64)
    small = np.flatnonzero((area < _MIN_PIECE_M2) & (lin == _LIN_NONE))
    if len(small):
        s_i, n_i = shapely.STRtree(faces).query(faces[small], predicate="intersects")
        s_i = small[s_i]
        ok = lin[n_i] > 0
        s_i, n_i = s_i[ok], n_i[ok]
        rank_of = np.zeros(max(_LIN_PRECEDENCE) + 1, np.int64)
        rank_of[list(_LIN_PRECEDENCE)] = np.arange(len(_LIN_PRECEDENCE))
        rank = rank_of[lin[n_i]]  # join the highest-precedence neighbour
        order = np.lexsort((-rank, s_i))
        s_i, n_i = s_i[order], n_i[order]
        first = np.r_[True, s_i[1:] != s_i[:-1]]
        s_i, n_i = s_i[first], n_i[first]
        lin[s_i] = lin[n_i]
        gx[s_i] = gx[n_i]
        gy[s_i] = gy[n_i]
    colour = (gx % 2) * 2 + (gy % 2)
    linear = lin > 0
    merged, merged_lin = [], []
    for cls in np.unique(lin[linear]):
        for c in range(4):
            members = np.flatnonzero((lin == cls) & (colour == c))
            if len(members) == 0:
                continue
            parts = np.asarray(shapely.get_parts(shapely.coverage_union_all(faces[members])))
            merged.append(parts)
            merged_lin.append(np.full(len(parts), cls, dtype=lin.dtype))
    if not merged:
        return faces, parent, lin, face_pt
    merged = np.concatenate(merged)
    faces = np.concatenate([faces[~linear], merged])
    lin = np.concatenate([lin[~linear], np.concatenate(merged_lin)])
    # A merged road has no single parent cell; it only matters for the seed kind,
    # so point it at any base cell.
    parent = np.concatenate([parent[~linear], np.full(len(merged), parent[linear][0])])
    face_pt = np.concatenate([face_pt[~linear], shapely.point_on_surface(merged)])
    return faces, parent, lin, face_pt


def _morton(xy: np.ndarray, frame: _Frame) -> np.ndarray:
    q = np.clip(((xy - [frame.x0, frame.y0]) / frame.width * 65535), 0, 65535).astype(np.uint64)

    def spread(v):
        v = (v | (v << np.uint64(8))) & np.uint64(0x00FF00FF)
        v = (v | (v << np.uint64(4))) & np.uint64(0x0F0F0F0F)
        v = (v | (v << np.uint64(2))) & np.uint64(0x33333333)
        v = (v | (v << np.uint64(1))) & np.uint64(0x55555555)
        return v

    return spread(q[:, 0]) | (spread(q[:, 1]) << np.uint64(1))


# --------------------------------------------------------------------------- #
# Land class and survey attributes
# --------------------------------------------------------------------------- #
@dataclass
class _Parcels:
    geoms: np.ndarray
    rep_xy: np.ndarray
    area: np.ndarray
    cls: np.ndarray  # index into _CODES
    grade: np.ndarray
    mount: np.ndarray
    town: np.ndarray
    town_id: np.ndarray
    village_ratio: np.ndarray  # distance to the nearest village / its radius
    township: np.ndarray  # index of the township seat
    zldwdm: np.ndarray
    lin: np.ndarray
    kind: np.ndarray
    site: np.ndarray  # isolated industrial site (small UDB patch)
    enclave: np.ndarray  # farmland clearing inside the mountain forest
    enclave_zone: np.ndarray
    udb_hole: np.ndarray  # PBF field inside a town
    epr_score: np.ndarray  # above _EPR_CORE: the red line's mountain core
    rr: np.ndarray  # per-parcel uniform draws for later decisions, shape (n, 6)


def _pick_codes(u: np.ndarray, table: list[tuple[str, float]]) -> np.ndarray:
    """Class index for each uniform draw u from a (code, probability) table."""
    codes = np.array([_C[c] for c, _ in table])
    cum = np.cumsum([p for _, p in table])
    cum /= cum[-1]
    return codes[np.minimum(np.searchsorted(cum, u, side="right"), len(codes) - 1)]


def _classify(scene: _Scene, geoms, lin, rep_xy, kind, parcels: int, seed: int) -> _Parcels:
    """Land class (DLBM), slope grade and location code of every parcel, from
    the terrain and the town/village layout sampled at its representative point."""
    rng = _rng(seed, 4)
    frame = scene.frame
    n = len(geoms)
    x, y = rep_xy[:, 0], rep_xy[:, 1]
    S = lambda name: frame.sample(scene.noise[name], x, y)  # noqa: E731
    mount = frame.sample(scene.mountain, x, y)
    slope = frame.sample(scene.slope_deg, x, y)
    grade = np.digitize(slope, _SLOPE_GRADE_LIMITS_DEG, right=True) + 1
    river_dist = frame.sample(scene.river_dist, x, y)
    town, town_id = scene.town_influence(x, y)
    rr = rng.random((n, 6))
    area = shapely.area(geoms)

    # Nearest settlement (township seat or village) of each parcel: its location
    # code, and how deep it lies in a village.
    nodes = np.vstack([scene.seat_xy, scene.village_xy])
    n_seats = len(scene.seat_xy)
    (_, node), node_dist = shapely.STRtree(shapely.points(nodes)).query_nearest(
        shapely.points(rep_xy), return_distance=True, all_matches=False)
    node_radius = np.r_[np.full(n_seats, np.inf), scene.village_radius]  # seats are not villages
    village_ratio = node_dist / node_radius[node]

    cls = np.full(n, -1, dtype=np.int64)

    def put(mask, codes):
        m = mask & (cls < 0)
        cls[m] = codes if np.isscalar(codes) else np.asarray(codes)[m]

    shapely.prepare(scene.reservoir)
    in_reservoir = shapely.contains_xy(scene.reservoir, x, y)
    core_town = town > 0.5
    core_village = village_ratio < 1.0

    # 1. Linear features cut out of the cells.
    put((lin == _LIN_RIVER) & in_reservoir, _C["1103"])
    put(lin == _LIN_RIVER, _C["1101"])
    put(lin == _LIN_RAIL, _C["1001"])
    put(lin == _LIN_ROAD, _C["1003"])
    put(lin == _LIN_STREET, _C["1004"])
    put((lin == _LIN_RURAL) & (core_town | core_village), _C["1004"])
    put(lin == _LIN_RURAL, _C["1006"])
    put(in_reservoir, _C["1103"])

    # 2. Clearings in the mountain forest: farmland, often around a wooded knoll.
    #    They become holes in the red line that hold farmland, some with an island.
    area_km2 = parcels * MEAN_PARCEL_M2 / 1e6
    # The red line's mountain core (used again when the line is drawn).
    epr_score = mount + 0.22 * S("epr")
    n_enclaves = int(3 + area_km2 / 60)
    deep = np.flatnonzero((epr_score > _EPR_CORE + 0.25) & (town < 0.01) & (village_ratio > 3) & (cls < 0)
                          & (river_dist > 800.0))
    enclave = np.zeros(n, bool)
    enclave_zone = np.zeros(n, bool)  # kept in the red line around the clearing
    if len(deep):
        centres = rep_xy[rng.permutation(deep)]
        centres = centres[_thin(centres, 2500.0, n_enclaves)]
        for cx, cy in centres:
            radius = rng.uniform(250.0, 600.0)
            # An irregular outline: the distance is scaled by a few harmonics of the bearing.
            bearing = np.arctan2(y - cy, x - cx)
            lobes = (1.0 + 0.25 * np.sin(2 * bearing + rng.uniform(0, 2 * np.pi))
                     + 0.15 * np.sin(3 * bearing + rng.uniform(0, 2 * np.pi)))
            d = np.hypot(x - cx, y - cy) / lobes
            if rng.random() < 0.5:
                knoll = (d < 0.3 * radius) | (np.arange(n) == np.argmin(d))
            else:
                knoll = np.zeros(n, bool)
            # The clearing: everything within the radius and every parcel touching
            # the knoll, so the knoll is closed in whatever the cell sizes.
            clearing = (d < radius) & ~knoll
            if knoll.any():
                near = np.flatnonzero((d < 3.0 * radius) & ~knoll)
                clearing[near[shapely.intersects(shapely.union_all(geoms[knoll]), geoms[near])]] = True
            put(knoll, _C["0301"])
            put(clearing & (rr[:, 4] < 0.15), _C["0702"])
            put(clearing, _C["0103"])
            enclave |= clearing  # roads across the clearing are part of it
            zone = d < 2.0 * radius
            put(zone, _C["0301"])  # closed forest around, so the clearing is a hole
            enclave_zone |= zone

    # 3. Towns: commerce and offices in the centre, residential quarters, an
    #    industrial quarter on one side, parks and leftover farmland; a smooth
    #    zoning field keeps each use in blocks rather than scattered.
    ang = np.arctan2(y - scene.seat_xy[town_id, 1], x - scene.seat_xy[town_id, 0])
    industrial = np.cos(ang - scene.seat_industry_dir[town_id]) > 0.55
    zone = S("town_zone")
    u = rr[:, 0]
    put(core_town & industrial & (town < 0.8), np.where(zone > -0.6, _C["0601"], _C["0508"]))
    centre = core_town & (town > 0.85)
    put(centre & (zone > 0.3), _C["05H1"])
    put(centre & (zone < -1.0), _C["08H1"])
    put(centre & (zone < -0.6), _C["08H2"])
    put(core_town & (zone > 1.2), _C["05H1"])
    put(core_town & (zone > 0.9), _C["08H2"])
    put(core_town & (zone < -1.5), _C["0810"])
    put(core_town & (zone < -1.1), np.where(u < 0.8, _C["0103"], _C["0404"]))
    put(core_town & (town < 0.6) & (zone > 0.6), _C["0702"])  # former villages (城中村)
    put(core_town & (u < 0.04), _C["0103"])  # odd fields and ponds left between buildings
    put(core_town & (u < 0.06), _C["1104"])
    put(core_town, np.where(u < 0.97, _C["0701"], _C["09"]))

    # Fields kept inside the built-up area: they become permanent basic farmland
    # and holes of the development boundary (天窗 holding PBF).
    # A field is a few parcels, so most such holes are above the 5 亩 fragment size.
    udb_hole = np.zeros(n, bool)
    for i in range(len(scene.seat_xy)):
        inner = np.flatnonzero((town_id == i) & (town > 0.75) & (lin == _LIN_NONE) & (kind == _KIND_BASE))
        if len(inner) == 0:
            continue
        around = np.flatnonzero((town_id == i) & (town > 0.6) & (lin == _LIN_NONE))
        # One in every ~80 central parcels; at least one in the county seat.
        n_fields = min(len(inner), max(int(i == 0), len(inner) // 80))
        for c in rng.choice(inner, size=n_fields, replace=False):
            field_geom = geoms[c]
            for _ in range(2):  # the parcel, its neighbours and theirs (about 1 ha)
                members = around[shapely.intersects(field_geom, geoms[around])]
                field_geom = shapely.union_all(geoms[np.r_[c, members]])
            udb_hole[c] = True
            udb_hole[members] = True
    cls[udb_hole] = _C["0103"]

    # 4. Micro plots: small non-ecological parcels (sheds, graves, small mines).
    hill = mount > 0.3
    put((kind == _KIND_MICRO) & hill, _pick_codes(u, [
        ("0103", 0.40), ("0702", 0.25), ("1202", 0.12), ("0602", 0.10), ("09", 0.08), ("0404", 0.05)]))
    put(kind == _KIND_MICRO, _pick_codes(u, [
        ("1202", 0.30), ("0702", 0.25), ("1104", 0.20), ("0602", 0.05), ("09", 0.10), ("0103", 0.10)]))

    # 5. Villages: homesteads with gardens, a school, ponds and greenhouses.
    put(core_village, _pick_codes(u, [
        ("0702", 0.70), ("0103", 0.12), ("1202", 0.05), ("08H2", 0.03), ("1104", 0.03),
        ("0307", 0.04), ("1004", 0.03)]))

    # 6. Open land follows the terrain: cultivation where it is flat and low,
    #    forest and grass in the hills and mountains, with regional patches.
    cult_score = (1.0 - 2.5 * mount - 0.05 * np.maximum(slope - 5.0, 0.0)
                  + 0.55 * S("cult") + 0.30 * S("cult_m") + 0.25 * (rr[:, 1] - 0.5)
                  - 0.6 * np.exp(-((river_dist / 80.0) ** 2)))
    # Small fields scattered on mountain slopes (steep farmland, grades 4-5).
    cult_score = np.where((mount > 0.45) & (S("cult_s") > 1.5), 1.0, cult_score)
    cultivated = cult_score > 0
    near_river = river_dist < 0.012 * frame.width
    paddy = cultivated & near_river & (mount < 0.3) & (grade <= 2) & (S("irrig") > -0.6)
    irrigation = 1.1 - 9.0 * river_dist / frame.width - 2.0 * mount + 0.8 * S("irrig")
    put(paddy, _C["0101"])
    put(cultivated & (irrigation > 0) & (grade <= 3), _C["0102"])
    put(cultivated, _C["0103"])

    plain = mount < 0.3
    put(plain & (river_dist < 0.006 * frame.width) & (rr[:, 2] < 0.5), _C["1106"])
    put(plain & (S("cult_s") < -2.0), _C["1104"])
    put((mount < 0.6) & (S("orchard") > 1.3), _C["0201"])
    put(plain, _pick_codes(rr[:, 2], [("0307", 0.45), ("0404", 0.40), ("1202", 0.10), ("0602", 0.05)]))
    put((slope > 28.0) & (rr[:, 2] < 0.3), _C["1207"])
    forest = 0.5 * mount + 0.6 * S("forest") + 0.3 * (rr[:, 3] - 0.5)
    grass_upland = (mount > 0.7) & (S("grass") > 0.9)
    put(grass_upland, _C["0401"])
    put(forest > 0.35, _C["0301"])
    put(forest > -0.05, _pick_codes(rr[:, 2], [("0305", 0.7), ("0307", 0.3)]))
    put(np.ones(n, bool), _C["0404"])

    # Field ridges (田坎) as separate slivers between terraced fields in the hills.
    cls = np.where((kind == _KIND_MICRO_RING) & _IS_CULTIVATED[cls] & hill & (rr[:, 4] < 0.25), _C["1203"], cls)

    # Isolated industrial sites beside the roads: the small, separate patches of
    # the urban development boundary.
    site = np.zeros(n, bool)
    n_sites = int(3 + area_km2 / 200)
    road_lines = shapely.multilinestrings([shapely.linestrings(ln) for ln in scene.lines[_LIN_ROAD]])
    cand = np.flatnonzero((town < 0.03) & (village_ratio > 2.0) & (mount < 0.5) & (lin == _LIN_NONE)
                          & ~enclave & (kind == _KIND_BASE))
    if len(cand):
        cand = cand[rng.permutation(len(cand))[:4000]]
        near = shapely.distance(shapely.points(rep_xy[cand]), road_lines) < 250.0
        cand = cand[near][:n_sites]
        site[cand] = True
        cls[cand] = np.where(rr[cand, 2] < 0.75, _C["0601"], _C["0508"])

    # Location codes: each parcel belongs to the nearest village (or to the seat's
    # residents' committee), the village to the nearest seat.
    node_seat = np.concatenate([
        np.arange(n_seats),
        np.argmin(np.hypot(*(scene.village_xy[:, None, :] - scene.seat_xy[None]).transpose(2, 0, 1)), axis=1)])
    node_code = np.empty(len(nodes), dtype=object)
    node_code[:n_seats] = "001"
    for s_i in range(n_seats):
        members = np.flatnonzero(node_seat[n_seats:] == s_i) + n_seats
        node_code[members] = [f"{201 + k:03d}" for k in range(len(members))]
    # Inside a town, the town's own committee, whatever village is nearer.
    node = np.where(core_town, town_id, node)
    township = node_seat[node]
    seat_codes = np.array(scene.seat_codes)
    zldwdm = np.array([f"{a}{b}0000000" for a, b in zip(seat_codes[township].tolist(), node_code[node].tolist())])

    return _Parcels(geoms=geoms, rep_xy=rep_xy, area=area, cls=cls, grade=grade, mount=mount, town=town,
                    town_id=town_id, village_ratio=village_ratio, township=township, zldwdm=zldwdm,
                    lin=lin, kind=kind, site=site, enclave=enclave,
                    enclave_zone=enclave_zone, udb_hole=udb_hole, epr_score=epr_score, rr=rr)


# --------------------------------------------------------------------------- #
# Layers
# --------------------------------------------------------------------------- #
def _dissolve(geoms: np.ndarray) -> np.ndarray:
    """Single-part polygons of the union of parcels (exact coverage → coverage union)."""
    if len(geoms) == 0:
        return np.empty(0, dtype=object)
    parts = shapely.get_parts(shapely.coverage_union_all(geoms))
    # GEOS 3.13's coverage union can close a ring on itself where two holes touch: such parts are repaired.
    fixed, repaired = clean_polygons(parts)
    return np.asarray(shapely.get_parts(fixed)) if len(repaired) else np.asarray(parts)


def _components(geoms: np.ndarray) -> np.ndarray:
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


def _part_of_label(parts: np.ndarray, labels: np.ndarray, geoms: np.ndarray) -> np.ndarray:
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


def _landuse_layer(P: _Parcels) -> Layer:
    n = len(P.geoms)
    dlbm = np.array(_CODES, dtype="<U4")[P.cls]
    dlmc = np.array([LAND_CLASSES[c] for c in _CODES])[P.cls]
    cultivated = _IS_CULTIVATED[P.cls]
    bsm = np.array([f"{COUNTY_CODE}{i:010d}" for i in range(1, n + 1)])
    kcxs = np.where(cultivated, _KCXS_BY_GRADE[P.grade], 0.0)
    return Layer(
        name="landuse", geometry_type="Polygon", geoms=P.geoms,
        fields=[("BSM", "str"), ("DLBM", "str"), ("DLMC", "str"), ("ZLDWDM", "str"),
                ("TBMJ", "float"), ("KCXS", "float"), ("PDJB", "int")],
        columns={"BSM": bsm, "DLBM": dlbm, "DLMC": dlmc, "ZLDWDM": P.zldwdm,
                 "TBMJ": P.area.astype(float), "KCXS": kcxs, "PDJB": P.grade.astype(np.int64)},
    )


def _subset(layer: Layer, name: str, mask: np.ndarray) -> Layer:
    return Layer(name=name, geometry_type=layer.geometry_type, geoms=layer.geoms[mask],
                 fields=list(layer.fields), columns={k: np.asarray(v)[mask] for k, v in layer.columns.items()})


def generate_county(parcels: int = 20000, seed: int = 1, progress=None, is_canceled=None) -> dict[str, Layer]:
    """Generate a synthetic county; the same (parcels, seed) gives identical output.

    parcels: about how many land-survey parcels (1 000 – 1 000 000; the result is
    within ±10 %).  seed: a non-negative integer choosing terrain and layout.
    progress(pct) is called with 0..100; is_canceled() is polled between steps
    and :class:`GenerationCanceled` is raised when it returns True.

    Returns {name: Layer}, in this order (all polygons single-part, valid, 2-D):

    * landuse: parcels covering the county without gaps or overlaps.  BSM (id),
      DLBM / DLMC (GB/T 21010-2017 code and name), ZLDWDM (19 digits: township
      code of 9 digits, village code of 3, then zeros), TBMJ (planar area, m²),
      KCXS (ridge deduction ratio, 0 unless cultivated), PDJB (slope grade 1–5).
    * pbf: the permanent-basic-farmland parcels, same geometry and fields as
      their landuse parcel.
    * epr: red-line patches (HXMC name, HXLX function type, MJ area m²).
    * udb: development-boundary patches (CZKFBJMC name, MJ area m²), about
      1.45 times the urban baseline.
    * hsf: high-standard farmland blocks (XMMC project, JSNF year, MJ), about
      20 % of the PBF area.
    * projects: key construction projects as in table 5-4 of a maintenance
      scheme (XMLX, XMMC, JSXZ, JSNX, YDGM ha, XZJSYD ha, SZDQ, NRYJ).
    * hilly_areas: mountain and hill zones (DXLX 山地 / 丘陵).
    * urban_baseline: 2020 urban construction land (MJ m²).
    * towns: township seats as points (MC name, ZLDWDM 9-digit code, JB 城区/镇/乡).
    """
    return _generate(parcels, seed, progress, is_canceled)[0]


def _generate(parcels, seed, progress=None, is_canceled=None):
    """generate_county plus the internal parcel table and masks (for tests)."""
    parcels = int(parcels)
    if not MIN_PARCELS <= parcels <= MAX_PARCELS:
        raise ValueError(f"parcels must be between {MIN_PARCELS} and {MAX_PARCELS}, got {parcels}")
    if int(seed) < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    steps = _Steps(progress, is_canceled)
    steps(0)
    frame = _make_frame(parcels, _rng(seed, 1))
    scene = _make_scene(frame, parcels, seed)
    steps(5)
    geoms, lin, rep_xy, kind, county = _make_parcels(scene, parcels, seed, steps)
    # Cutting cells can leave a ring touching itself on some GEOS versions (3.13, not 3.11): a sample county
    # is valid data, so those few parcels are repaired here.
    geoms, _ = clean_polygons(geoms)
    steps(40)
    P = _classify(scene, geoms, lin, rep_xy, kind, parcels, seed)
    steps(45)
    landuse = _landuse_layer(P)
    rng = _rng(seed, 5)
    layers: dict[str, Layer] = {"landuse": landuse}

    cultivated = _IS_CULTIVATED[P.cls]
    x, y = P.rep_xy[:, 0], P.rep_xy[:, 1]
    S = lambda name: frame.sample(scene.noise[name], x, y)  # noqa: E731

    # --- Permanent basic farmland: most cultivated land, less around towns and
    # villages and in regional patches of 'general' farmland (the swap-in pool).
    p_pbf = np.full(len(P.geoms), 0.93)
    p_pbf = np.where(P.town > 0.12, 0.14, p_pbf)
    p_pbf = np.where(P.town > 0.5, 0.5, p_pbf)  # farmland kept inside towns: UDB holes
    p_pbf = np.where(P.village_ratio < 1.0, 0.3, p_pbf)
    p_pbf = np.where(S("general") > 1.1, 0.15, p_pbf)
    p_pbf = np.where(P.grade >= 4, 0.8 * p_pbf, p_pbf)
    p_pbf = np.where(P.enclave, 0.9, p_pbf)
    pbf = (cultivated & (P.rr[:, 5] < p_pbf)) | P.udb_hole

    # --- Ecological protection red line: eco land in the mountain core, the
    # reservoir's catchment and small public-benefit forest patches.  Highways
    # and railways are left out; farm roads, hamlets and fields are holes.
    river_dist = frame.sample(scene.river_dist, x, y)
    res_c = shapely.get_coordinates(shapely.centroid(scene.reservoir))[0]
    core = P.epr_score > _EPR_CORE
    catchment = (river_dist < 0.02 * frame.width) & (np.hypot(x - res_c[0], y - res_c[1]) < 0.12 * frame.width) \
        & (P.mount > 0.3)
    patches = (S("epr_s") > 2.2) & (P.mount > 0.25) & (P.town < 0.05)
    in_mask = core | catchment | patches | P.enclave_zone
    rr = rng.random((len(P.geoms), 4))
    epr_conflict = in_mask & cultivated & ~P.enclave & (rr[:, 0] < 0.03)
    # Farm roads inside the mountain core stay in the line (no slits); elsewhere
    # they would leave road-shaped strips of red line between fields.
    mountain_road = (P.cls == _C["1006"]) & (core | P.enclave_zone) & (P.mount > 0.5)
    epr = (in_mask & (_IS_ECO[P.cls] | mountain_road) & ~P.enclave) | epr_conflict
    pbf &= ~(epr & ~epr_conflict)
    epr_func = np.where(patches & ~core, 2, np.where(S("xl") > 0, 0, 1))  # index into _EPR_FUNCTIONS
    epr_func = np.where(catchment, 1, epr_func)
    steps(55)

    # --- Urban baseline and development boundary.  The boundary grows around the
    # towns until it is ~1.45 times the 2020 urban construction land.  Farmland
    # kept as PBF, villages, ponds and some open land stay out (holes), and so
    # do farm roads (narrow gaps).
    # Road and river polygons reach out of town: count them only in the core.
    long_linear = np.isin(P.lin, (_LIN_RIVER, _LIN_RAIL, _LIN_ROAD))
    baseline = ((P.town > 0.5) & _IS_URBAN_CONSTRUCTION[P.cls] & ~(long_linear & (P.town < 0.6))) | P.site
    base_area = P.area[baseline].sum()
    target = 1.45 * base_area
    udb_conflict = pbf & (P.town > 0.3) & (rr[:, 1] < 0.03)
    open_land = ~_IS_CONSTRUCTION[P.cls] & ~cultivated & ~long_linear & (rr[:, 2] < 0.5)
    # Villages outside the built-up area stay villages (村庄), out of the boundary.
    village = (P.cls == _C["0702"]) & (P.town <= 0.5)
    eligible = ((~pbf | udb_conflict) & (P.cls != _C["1006"]) & ~epr & (P.cls != _C["1104"])
                & ~open_land & ~(long_linear & (P.town < 0.5)) & ~village)
    # Growth is uneven: planned expansion reaches out in a few directions.
    order = np.argsort(-P.town * np.exp(0.6 * S("udb_grow")), kind="stable")
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
        labels = _components(P.geoms[idx])
        crumb = (np.bincount(labels, weights=P.area[idx]) < 2.0 * 10_000.0) \
            & (np.bincount(labels, weights=must[idx]) == 0)
        udb[idx[crumb[labels]]] = False
        deficit = target - P.area[udb].sum()
        if deficit < 0.005 * target:
            break
        goal += deficit
    pbf = _control_fragments(P, pbf, cultivated & ~epr & ~udb, P.udb_hole, rng)
    steps(60)

    # --- Dissolved layers, two at a time.
    def epr_layer():
        parts = _dissolve(P.geoms[epr])
        labels = _components(P.geoms[epr])
        part_i = _part_of_label(parts, labels, P.geoms[epr])[labels]
        # Each red-line patch takes the function of most of its area.
        weight = np.zeros((len(parts), 3))
        np.add.at(weight, (part_i, epr_func[epr]), P.area[epr])
        part_func = _EPR_FUNCTIONS[np.argmax(weight, axis=1)]
        part_ts = _township_at(scene, shapely.get_coordinates(shapely.point_on_surface(parts)))
        hxmc = np.array([f"{scene.seat_names[t]}{f}生态保护红线" for t, f in zip(part_ts, part_func)])
        return Layer("epr", "Polygon", parts, [("HXMC", "str"), ("HXLX", "str"), ("MJ", "float")],
                     {"HXMC": hxmc, "HXLX": part_func, "MJ": shapely.area(parts)})

    def udb_layer():
        parts = _dissolve(P.geoms[udb])
        part_ts = _township_at(scene, shapely.get_coordinates(shapely.point_on_surface(parts)))
        labels = _components(P.geoms[udb])
        part_i = _part_of_label(parts, labels, P.geoms[udb])[labels]
        site_part = np.zeros(len(parts), bool)
        site_part[part_i[P.site[udb]]] = True
        site_part &= np.bincount(part_i, minlength=len(parts)) <= 3
        name = np.array([f"{scene.seat_names[t]}{'产业园区' if s else ''}城镇开发边界"
                         for t, s in zip(part_ts, site_part)])
        return Layer("udb", "Polygon", parts, [("CZKFBJMC", "str"), ("MJ", "float")],
                     {"CZKFBJMC": name, "MJ": shapely.area(parts)})

    def baseline_layer():
        parts = _dissolve(P.geoms[baseline])
        return Layer("urban_baseline", "Polygon", parts, [("MJ", "float")], {"MJ": shapely.area(parts)})

    layers["epr"], layers["udb"], layers["urban_baseline"], layers["hsf"], layers["hilly_areas"] = _parallel([
        epr_layer, udb_layer, baseline_layer,
        lambda: _hsf_layer(scene, P, pbf, cultivated, parcels, _rng(seed, 7)),
        lambda: _hilly_layer(scene, county, seed)])
    steps(90)
    layers["pbf"] = _subset(landuse, "pbf", pbf)
    layers["projects"] = _projects_layer(scene, P, county, layers["udb"].geoms, _rng(seed, 8))
    layers["towns"] = Layer(
        "towns", "Point", shapely.points(scene.seat_xy), [("MC", "str"), ("ZLDWDM", "str"), ("JB", "str")],
        {"MC": np.array(scene.seat_names), "ZLDWDM": np.array(scene.seat_codes), "JB": np.array(scene.seat_level)})
    steps(100)
    order = ["landuse", "pbf", "epr", "udb", "hsf", "projects", "hilly_areas", "urban_baseline", "towns"]
    masks = {"pbf": pbf, "epr": epr, "udb": udb, "baseline": baseline}
    return {name: layers[name] for name in order}, P, masks, scene


def _control_fragments(P: _Parcels, pbf: np.ndarray, pool: np.ndarray, keep: np.ndarray, rng,
                       lo: float = 0.01, hi: float = 0.03, goal: float = 0.02) -> np.ndarray:
    """Keep PBF fragments (merged patches under 5 亩) between lo and hi of the
    patch count, as in a real county: drop random fragment patches (not those
    holding a parcel in `keep`) when there are too many, add isolated small
    cultivated parcels from `pool` when too few."""
    idx = np.flatnonzero(pbf)
    if len(idx) == 0:
        return pbf
    labels = _components(P.geoms[idx])
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


def _township_at(scene: _Scene, xy: np.ndarray) -> np.ndarray:
    if len(xy) == 0:
        return np.empty(0, np.int64)
    return np.argmin(np.hypot(*(xy[:, None, :] - scene.seat_xy[None]).transpose(2, 0, 1)), axis=1)


def _hsf_layer(scene, P: _Parcels, pbf, cultivated, parcels, rng) -> Layer:
    """High-standard farmland projects: blocks of flat cultivated land (PBF or
    not) around project centres, added in random order until ~20 % of the PBF
    area is covered."""
    area_km2 = parcels * MEAN_PARCEL_M2 / 1e6
    eligible = cultivated & (P.grade <= 2) & (P.mount < 0.4) & (P.town < 0.3)
    idx = np.flatnonzero(eligible)
    fields = [("XMMC", "str"), ("JSNF", "int"), ("MJ", "float")]
    if len(idx) == 0:
        return Layer("hsf", "Polygon", np.empty(0, object), fields,
                     {"XMMC": np.empty(0, "<U1"), "JSNF": np.empty(0, np.int64), "MJ": np.empty(0)})
    n_proj = max(4, int(area_km2 / 2.0))
    centres = P.rep_xy[rng.choice(idx, size=min(n_proj, len(idx)), replace=False)]
    (_, proj), _ = shapely.STRtree(shapely.points(centres)).query_nearest(
        shapely.points(P.rep_xy[idx]), return_distance=True, all_matches=False)
    pbf_area = np.bincount(proj, weights=np.where(pbf[idx], P.area[idx], 0.0), minlength=len(centres))
    order = rng.permutation(len(centres))
    cum = np.cumsum(pbf_area[order])
    goal = 0.205 * P.area[pbf].sum()
    chosen = order[:int(np.searchsorted(cum, goal)) + 1]
    years = rng.integers(2011, 2024, len(centres))
    geoms, names, jsnf = [], [], []
    for j in np.sort(chosen):
        members = idx[proj == j]
        parts = _dissolve(P.geoms[members])
        parts = parts[shapely.area(parts) >= 10_000.0]
        ts = scene.seat_names[int(np.bincount(P.township[members]).argmax())]
        geoms.extend(parts)
        names.extend([f"{ts}{years[j]}年高标准农田建设项目"] * len(parts))
        jsnf.extend([int(years[j])] * len(parts))
    geoms = np.array(geoms, dtype=object)
    return Layer("hsf", "Polygon", geoms, fields,
                 {"XMMC": np.array(names), "JSNF": np.array(jsnf, dtype=np.int64), "MJ": shapely.area(geoms)})


def _hilly_layer(scene: _Scene, county, seed: int) -> Layer:
    """Mountain (山地) and hill (丘陵) zones.  Such zoning is drawn coarsely, not
    parcel by parcel: classify the cells of a coarse Voronoi mesh (~900 cells)
    by the terrain and dissolve them; drop parts under 0.5 % of the county."""
    rng = _rng(seed, 6)
    frame = scene.frame
    nx, ny = 32, int(round(32 * _NY / _NX))
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny))
    px = frame.x0 + (gx.ravel() + rng.uniform(0.1, 0.9, gx.size)) * frame.width / nx
    py = frame.y0 + (gy.ravel() + rng.uniform(0.1, 0.9, gy.size)) * frame.height / ny
    cells = _voronoi_cells(np.c_[px, py], shapely.box(frame.x0, frame.y0, frame.x0 + frame.width,
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


def _rectangle(cx: float, cy: float, w: float, h: float, angle: float) -> shapely.Polygon:
    c, s = math.cos(angle), math.sin(angle)
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2.0
    return shapely.polygons(np.c_[cx + corners[:, 0] * c - corners[:, 1] * s,
                                  cy + corners[:, 0] * s + corners[:, 1] * c])


def _projects_layer(scene: _Scene, P: _Parcels, county, udb_parts, rng) -> Layer:
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
                  _rectangle(cx, cy, 1.6 * side, side / 1.6, rng.uniform(0, np.pi)), "发改文件"))

    # 66 kV lines (电力类): 6 m corridors between seats.
    for _ in range(3):
        i, j = rng.choice(n_seats, size=2, replace=False)
        p, q = scene.seat_xy[i], scene.seat_xy[j]
        ln = _meander(p, q, 0.02 * np.hypot(*(q - p)), rng, 60, True, True)
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
        ts = int(_township_at(scene, np.array([[vx, vy]]))[0])
        plans.append((xmlx, f"{names[ts]}{title}", nature, years,
                      _rectangle(c[0], c[1], 1.3 * side, side / 1.3, math.atan2(out[1], out[0])), basis))

    # Road widening (其他, 改扩建) along part of a county road.
    roads = scene.lines[_LIN_ROAD]
    if len(roads) > 2:
        ln = roads[2 + int(rng.integers(0, len(roads) - 2))]
        a = int(len(ln) * 0.2)
        plans.append(("其他", "县道改扩建工程", "改扩建", "2026-2027年",
                      shapely.buffer(shapely.linestrings(ln[a:a + max(2, len(ln) // 2)]), 20.0,
                                     cap_style="flat", quad_segs=2), "发改文件"))

    tree = shapely.STRtree(P.geoms)
    constr = _IS_CONSTRUCTION[P.cls]
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
