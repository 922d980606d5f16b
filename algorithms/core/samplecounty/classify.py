"""Land class (DLBM), slope grade and location code of every parcel, from the terrain and the layout of
towns and villages."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .common import (
    CLASS_INDEX,
    EPR_CORE,
    IS_CULTIVATED,
    KIND_BASE,
    KIND_MICRO,
    KIND_MICRO_RING,
    LIN_NONE,
    LIN_RAIL,
    LIN_RIVER,
    LIN_ROAD,
    LIN_RURAL,
    LIN_STREET,
    MEAN_PARCEL_M2,
    SLOPE_GRADE_LIMITS_DEG,
    random_stream,
)
from .scene import Scene
from .terrain import thin_out


@dataclass
class Parcels:
    geoms: np.ndarray
    rep_xy: np.ndarray
    area: np.ndarray
    cls: np.ndarray  # index into CODES
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
    epr_score: np.ndarray  # above EPR_CORE: the red line's mountain core
    rr: np.ndarray  # per-parcel uniform draws for later decisions, shape (n, 6)


def pick_codes(u: np.ndarray, table: list[tuple[str, float]]) -> np.ndarray:
    """Class index for each uniform draw u from a (code, probability) table."""
    codes = np.array([CLASS_INDEX[c] for c, _ in table])
    cum = np.cumsum([p for _, p in table])
    cum /= cum[-1]
    return codes[np.minimum(np.searchsorted(cum, u, side="right"), len(codes) - 1)]


@dataclass
class _Site:
    """What the terrain and the settlements say at each parcel's representative point (x, y)."""

    scene: Scene
    rep_xy: np.ndarray
    x: np.ndarray
    y: np.ndarray
    mount: np.ndarray
    slope: np.ndarray
    grade: np.ndarray
    river_dist: np.ndarray
    town: np.ndarray  # town influence: 1 at a seat, 0.5 at the edge of its built-up area
    town_id: np.ndarray
    rr: np.ndarray  # per-parcel uniform draws for later decisions, shape (n, 6)
    node: np.ndarray  # nearest settlement: a seat, or a village (after the seats)
    village_ratio: np.ndarray  # distance to the nearest village / its radius

    def noise(self, name: str) -> np.ndarray:
        return self.scene.frame.sample(self.scene.noise[name], self.x, self.y)


class _Classes:
    """The land class of each parcel (an index into CODES), set by rules in order: the first rule that
    matches a parcel decides."""

    def __init__(self, n: int):
        self.cls = np.full(n, -1, dtype=np.int64)

    def put(self, mask, codes):
        m = mask & (self.cls < 0)
        self.cls[m] = codes if np.isscalar(codes) else np.asarray(codes)[m]


def _site(scene: Scene, rep_xy, rng) -> _Site:
    frame = scene.frame
    x, y = rep_xy[:, 0], rep_xy[:, 1]
    slope = frame.sample(scene.slope_deg, x, y)
    town, town_id = scene.town_influence(x, y)
    rr = rng.random((len(rep_xy), 6))
    # Nearest settlement (township seat or village) of each parcel: its location
    # code, and how deep it lies in a village.
    nodes = np.vstack([scene.seat_xy, scene.village_xy])
    (_, node), node_dist = shapely.STRtree(shapely.points(nodes)).query_nearest(
        shapely.points(rep_xy), return_distance=True, all_matches=False)
    node_radius = np.r_[np.full(len(scene.seat_xy), np.inf), scene.village_radius]  # seats are not villages
    return _Site(scene=scene, rep_xy=rep_xy, x=x, y=y, mount=frame.sample(scene.mountain, x, y), slope=slope,
                 grade=np.digitize(slope, SLOPE_GRADE_LIMITS_DEG, right=True) + 1,
                 river_dist=frame.sample(scene.river_dist, x, y), town=town, town_id=town_id, rr=rr, node=node,
                 village_ratio=node_dist / node_radius[node])


def classify(scene: Scene, geoms, lin, rep_xy, kind, parcels: int, seed: int) -> Parcels:
    """Land class (DLBM), slope grade and location code of every parcel, from
    the terrain and the town/village layout sampled at its representative point."""
    rng = random_stream(seed, 4)
    site = _site(scene, rep_xy, rng)
    area = shapely.area(geoms)
    classes = _Classes(len(geoms))
    shapely.prepare(scene.reservoir)
    in_reservoir = shapely.contains_xy(scene.reservoir, site.x, site.y)
    core_town = site.town > 0.5
    core_village = site.village_ratio < 1.0
    _linear_classes(classes, lin, in_reservoir, core_town, core_village)
    # The red line's mountain core (used again when the line is drawn).
    epr_score = site.mount + 0.22 * site.noise("epr")
    enclave, enclave_zone = _forest_clearings(site, geoms, classes, epr_score, parcels, rng)
    _town_uses(site, classes, core_town)
    udb_hole = _fields_in_towns(site, geoms, lin, kind, rng)
    classes.cls[udb_hole] = CLASS_INDEX["0103"]
    hill = site.mount > 0.3
    _micro_plots_and_villages(site, classes, kind, hill, core_village)
    _open_land(site, classes)
    rr = site.rr
    # Field ridges (田坎) as separate slivers between terraced fields in the hills.
    ridge = (kind == KIND_MICRO_RING) & IS_CULTIVATED[classes.cls] & hill & (rr[:, 4] < 0.25)
    classes.cls = np.where(ridge, CLASS_INDEX["1203"], classes.cls)
    industrial_site = _industrial_sites(site, classes.cls, lin, kind, enclave, parcels, rng)
    # Inside a town, the town's own committee, whatever village is nearer.
    township, zldwdm = _location_codes(scene, np.where(core_town, site.town_id, site.node))
    return Parcels(geoms=geoms, rep_xy=rep_xy, area=area, cls=classes.cls, grade=site.grade, mount=site.mount,
                   town=site.town, town_id=site.town_id, village_ratio=site.village_ratio, township=township,
                   zldwdm=zldwdm, lin=lin, kind=kind, site=industrial_site, enclave=enclave,
                   enclave_zone=enclave_zone, udb_hole=udb_hole, epr_score=epr_score, rr=rr)


def _linear_classes(classes: _Classes, lin, in_reservoir, core_town, core_village):
    """1. Linear features cut out of the cells."""
    put = classes.put
    put((lin == LIN_RIVER) & in_reservoir, CLASS_INDEX["1103"])
    put(lin == LIN_RIVER, CLASS_INDEX["1101"])
    put(lin == LIN_RAIL, CLASS_INDEX["1001"])
    put(lin == LIN_ROAD, CLASS_INDEX["1003"])
    put(lin == LIN_STREET, CLASS_INDEX["1004"])
    put((lin == LIN_RURAL) & (core_town | core_village), CLASS_INDEX["1004"])
    put(lin == LIN_RURAL, CLASS_INDEX["1006"])
    put(in_reservoir, CLASS_INDEX["1103"])


def _forest_clearings(site: _Site, geoms, classes: _Classes, epr_score, parcels: int, rng):
    """2. Clearings in the mountain forest: farmland, often around a wooded knoll.
    They become holes in the red line that hold farmland, some with an island.
    Returns the clearings (enclave) and the forest kept in the red line around them."""
    put, x, y, rr = classes.put, site.x, site.y, site.rr
    n = len(geoms)
    area_km2 = parcels * MEAN_PARCEL_M2 / 1e6
    n_enclaves = int(3 + area_km2 / 60)
    deep = np.flatnonzero((epr_score > EPR_CORE + 0.25) & (site.town < 0.01) & (site.village_ratio > 3)
                          & (classes.cls < 0) & (site.river_dist > 800.0))
    enclave = np.zeros(n, bool)
    enclave_zone = np.zeros(n, bool)  # kept in the red line around the clearing
    if len(deep):
        centres = site.rep_xy[rng.permutation(deep)]
        centres = centres[thin_out(centres, 2500.0, n_enclaves)]
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
            put(knoll, CLASS_INDEX["0301"])
            put(clearing & (rr[:, 4] < 0.15), CLASS_INDEX["0702"])
            put(clearing, CLASS_INDEX["0103"])
            enclave |= clearing  # roads across the clearing are part of it
            zone = d < 2.0 * radius
            put(zone, CLASS_INDEX["0301"])  # closed forest around, so the clearing is a hole
            enclave_zone |= zone
    return enclave, enclave_zone


def _town_uses(site: _Site, classes: _Classes, core_town):
    """3. Towns: commerce and offices in the centre, residential quarters, an
    industrial quarter on one side, parks and leftover farmland; a smooth
    zoning field keeps each use in blocks rather than scattered."""
    put, scene, town, town_id = classes.put, site.scene, site.town, site.town_id
    ang = np.arctan2(site.y - scene.seat_xy[town_id, 1], site.x - scene.seat_xy[town_id, 0])
    industrial = np.cos(ang - scene.seat_industry_dir[town_id]) > 0.55
    zone = site.noise("town_zone")
    u = site.rr[:, 0]
    put(core_town & industrial & (town < 0.8), np.where(zone > -0.6, CLASS_INDEX["0601"], CLASS_INDEX["0508"]))
    centre = core_town & (town > 0.85)
    put(centre & (zone > 0.3), CLASS_INDEX["05H1"])
    put(centre & (zone < -1.0), CLASS_INDEX["08H1"])
    put(centre & (zone < -0.6), CLASS_INDEX["08H2"])
    put(core_town & (zone > 1.2), CLASS_INDEX["05H1"])
    put(core_town & (zone > 0.9), CLASS_INDEX["08H2"])
    put(core_town & (zone < -1.5), CLASS_INDEX["0810"])
    put(core_town & (zone < -1.1), np.where(u < 0.8, CLASS_INDEX["0103"], CLASS_INDEX["0404"]))
    put(core_town & (town < 0.6) & (zone > 0.6), CLASS_INDEX["0702"])  # former villages (城中村)
    put(core_town & (u < 0.04), CLASS_INDEX["0103"])  # odd fields and ponds left between buildings
    put(core_town & (u < 0.06), CLASS_INDEX["1104"])
    put(core_town, np.where(u < 0.97, CLASS_INDEX["0701"], CLASS_INDEX["09"]))


def _fields_in_towns(site: _Site, geoms, lin, kind, rng) -> np.ndarray:
    """Fields kept inside the built-up area: they become permanent basic farmland
    and holes of the development boundary (天窗 holding PBF).
    A field is a few parcels, so most such holes are above the 5 亩 fragment size."""
    town, town_id = site.town, site.town_id
    udb_hole = np.zeros(len(geoms), bool)
    for i in range(len(site.scene.seat_xy)):
        inner = np.flatnonzero((town_id == i) & (town > 0.75) & (lin == LIN_NONE) & (kind == KIND_BASE))
        if len(inner) == 0:
            continue
        around = np.flatnonzero((town_id == i) & (town > 0.6) & (lin == LIN_NONE))
        # One in every ~80 central parcels; at least one in the county seat.
        n_fields = min(len(inner), max(int(i == 0), len(inner) // 80))
        for c in rng.choice(inner, size=n_fields, replace=False):
            field_geom = geoms[c]
            for _ in range(2):  # the parcel, its neighbours and theirs (about 1 ha)
                members = around[shapely.intersects(field_geom, geoms[around])]
                field_geom = shapely.union_all(geoms[np.r_[c, members]])
            udb_hole[c] = True
            udb_hole[members] = True
    return udb_hole


def _micro_plots_and_villages(site: _Site, classes: _Classes, kind, hill, core_village):
    """4. Micro plots: small non-ecological parcels (sheds, graves, small mines).
    5. Villages: homesteads with gardens, a school, ponds and greenhouses."""
    put, u = classes.put, site.rr[:, 0]
    put((kind == KIND_MICRO) & hill, pick_codes(u, [
        ("0103", 0.40), ("0702", 0.25), ("1202", 0.12), ("0602", 0.10), ("09", 0.08), ("0404", 0.05)]))
    put(kind == KIND_MICRO, pick_codes(u, [
        ("1202", 0.30), ("0702", 0.25), ("1104", 0.20), ("0602", 0.05), ("09", 0.10), ("0103", 0.10)]))
    put(core_village, pick_codes(u, [
        ("0702", 0.70), ("0103", 0.12), ("1202", 0.05), ("08H2", 0.03), ("1104", 0.03),
        ("0307", 0.04), ("1004", 0.03)]))


def _open_land(site: _Site, classes: _Classes):
    """6. Open land follows the terrain: cultivation where it is flat and low,
    forest and grass in the hills and mountains, with regional patches."""
    put, S, rr = classes.put, site.noise, site.rr
    mount, slope, river_dist, grade = site.mount, site.slope, site.river_dist, site.grade
    width = site.scene.frame.width
    cult_score = (1.0 - 2.5 * mount - 0.05 * np.maximum(slope - 5.0, 0.0)
                  + 0.55 * S("cult") + 0.30 * S("cult_m") + 0.25 * (rr[:, 1] - 0.5)
                  - 0.6 * np.exp(-((river_dist / 80.0) ** 2)))
    # Small fields scattered on mountain slopes (steep farmland, grades 4-5).
    cult_score = np.where((mount > 0.45) & (S("cult_s") > 1.5), 1.0, cult_score)
    cultivated = cult_score > 0
    near_river = river_dist < 0.012 * width
    paddy = cultivated & near_river & (mount < 0.3) & (grade <= 2) & (S("irrig") > -0.6)
    irrigation = 1.1 - 9.0 * river_dist / width - 2.0 * mount + 0.8 * S("irrig")
    put(paddy, CLASS_INDEX["0101"])
    put(cultivated & (irrigation > 0) & (grade <= 3), CLASS_INDEX["0102"])
    put(cultivated, CLASS_INDEX["0103"])

    plain = mount < 0.3
    put(plain & (river_dist < 0.006 * width) & (rr[:, 2] < 0.5), CLASS_INDEX["1106"])
    put(plain & (S("cult_s") < -2.0), CLASS_INDEX["1104"])
    put((mount < 0.6) & (S("orchard") > 1.3), CLASS_INDEX["0201"])
    put(plain, pick_codes(rr[:, 2], [("0307", 0.45), ("0404", 0.40), ("1202", 0.10), ("0602", 0.05)]))
    put((slope > 28.0) & (rr[:, 2] < 0.3), CLASS_INDEX["1207"])
    forest = 0.5 * mount + 0.6 * S("forest") + 0.3 * (rr[:, 3] - 0.5)
    grass_upland = (mount > 0.7) & (S("grass") > 0.9)
    put(grass_upland, CLASS_INDEX["0401"])
    put(forest > 0.35, CLASS_INDEX["0301"])
    put(forest > -0.05, pick_codes(rr[:, 2], [("0305", 0.7), ("0307", 0.3)]))
    put(np.ones(len(mount), bool), CLASS_INDEX["0404"])


def _industrial_sites(site: _Site, cls, lin, kind, enclave, parcels: int, rng) -> np.ndarray:
    """Isolated industrial sites beside the roads: the small, separate patches of
    the urban development boundary. Sets their class in ``cls``; returns where they are."""
    found = np.zeros(len(cls), bool)
    n_sites = int(3 + parcels * MEAN_PARCEL_M2 / 1e6 / 200)
    road_lines = shapely.multilinestrings([shapely.linestrings(ln) for ln in site.scene.lines[LIN_ROAD]])
    cand = np.flatnonzero((site.town < 0.03) & (site.village_ratio > 2.0) & (site.mount < 0.5) & (lin == LIN_NONE)
                          & ~enclave & (kind == KIND_BASE))
    if len(cand):
        cand = cand[rng.permutation(len(cand))[:4000]]
        near = shapely.distance(shapely.points(site.rep_xy[cand]), road_lines) < 250.0
        cand = cand[near][:n_sites]
        found[cand] = True
        cls[cand] = np.where(site.rr[cand, 2] < 0.75, CLASS_INDEX["0601"], CLASS_INDEX["0508"])
    return found


def _location_codes(scene: Scene, node):
    """Location codes: each parcel belongs to the nearest village (or to the seat's
    residents' committee), the village to the nearest seat. ``node``: the settlement
    (seat, or village after the seats) each parcel belongs to. Returns the township
    of each parcel and its code."""
    n_seats = len(scene.seat_xy)
    node_seat = np.concatenate([
        np.arange(n_seats),
        np.argmin(np.hypot(*(scene.village_xy[:, None, :] - scene.seat_xy[None]).transpose(2, 0, 1)), axis=1)])
    node_code = np.empty(n_seats + len(scene.village_xy), dtype=object)
    node_code[:n_seats] = "001"
    for s_i in range(n_seats):
        members = np.flatnonzero(node_seat[n_seats:] == s_i) + n_seats
        node_code[members] = [f"{201 + k:03d}" for k in range(len(members))]
    township = node_seat[node]
    seat_codes = np.array(scene.seat_codes)
    zldwdm = np.array([f"{a}{b}0000000" for a, b in zip(seat_codes[township].tolist(), node_code[node].tolist())])
    return township, zldwdm
