"""The land-use parcels: Voronoi cells of seeds placed by terrain and settlement, cut by the rivers and
roads. They form an exact coverage (neighbours share their edges vertex for vertex)."""

from __future__ import annotations

import math

import numpy as np
import shapely

from .. import parallel
from .common import (
    CUT_GAIN,
    KIND_BASE,
    KIND_MICRO,
    KIND_MICRO_RING,
    KIND_VILLAGE,
    LIN_NONE,
    LIN_PRECEDENCE,
    LIN_RIVER,
    LINEAR_CHUNK_M,
    MIN_PIECE_M2,
    NX,
    Steps,
    random_stream,
)
from .scene import Scene
from .terrain import Frame


def make_line_sets(scene: Scene) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Centre lines and half widths of each linear class."""
    sets = {LIN_RIVER: (scene.rivers, scene.river_widths)}
    sets.update({cls: (scene.lines[cls], scene.line_widths[cls]) for cls in scene.lines if scene.lines[cls]})
    return {cls: (np.array([shapely.linestrings(c) for c in coords], dtype=object), np.asarray(w, float) / 2.0)
            for cls, (coords, w) in sets.items()}


def line_buffers(line_sets) -> dict[int, shapely.Geometry]:
    """Union of the polygon footprint of each linear class."""
    return {cls: shapely.union_all(shapely.buffer(lines, half, quad_segs=2))
            for cls, (lines, half) in line_sets.items()}


def make_seeds(scene: Scene, parcels: int, line_sets: dict, seed: int):
    """Voronoi seeds: density follows the terrain (small parcels in the plain and
    towns, large in the mountains), plus village clusters and 'micro' clusters
    (a small parcel ringed by six others: tiny plots, graves, sheds)."""
    rng = random_stream(seed, 3)
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
    b = CUT_GAIN * float(np.sum(seg_len[inside] * np.sqrt(frame.sample(intensity, *mid[inside].T)))) / frame.pixel
    c = n_fixed - parcels
    root_k = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a) if c < 0 else 0.0
    k = max(root_k * root_k, 0.05 * parcels / a)
    lam = np.where(band, intensity * k, 0.0).ravel()
    counts = np.floor(lam).astype(np.int64)
    counts += rng.random(lam.size) < (lam - counts)
    pix = np.repeat(np.arange(lam.size), counts)
    bx = frame.x0 + (pix % NX + rng.random(pix.size)) * frame.pixel
    by = frame.y0 + (pix // NX + rng.random(pix.size)) * frame.pixel

    pts = np.vstack([np.c_[bx, by], vil_pts, centres, ring])
    kind = np.concatenate([
        np.full(len(bx), KIND_BASE), np.full(len(vil_pts), KIND_VILLAGE),
        np.full(len(centres), KIND_MICRO), np.full(len(ring), KIND_MICRO_RING)])
    # Keep seeds strictly inside the field frame and drop exact duplicates.
    ok = ((pts[:, 0] > frame.x0) & (pts[:, 0] < frame.x0 + frame.width)
          & (pts[:, 1] > frame.y0) & (pts[:, 1] < frame.y0 + frame.height))
    pts, kind = pts[ok], kind[ok]
    _, first = np.unique(pts, axis=0, return_index=True)
    first.sort()
    return pts[first], kind[first]


def voronoi_cells(points: np.ndarray, envelope: shapely.Polygon) -> np.ndarray:
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


def make_parcels(scene: Scene, parcels: int, seed: int, steps: Steps):
    """The parcels (in a spatially coherent order), their linear class, representative point and seed kind,
    and the county: the union of the cells whose seed lies in the county's outline."""
    frame = scene.frame
    line_sets = make_line_sets(scene)
    envelope = shapely.box(frame.x0, frame.y0, frame.x0 + frame.width, frame.y0 + frame.height)

    def seeds_and_cells():
        pts, kind = make_seeds(scene, parcels, line_sets, seed)
        return pts, kind, voronoi_cells(pts, envelope)

    # The footprints are buffered from lines of their own: the seeds read the same lines meanwhile.
    (pts, kind, cells), buffers = parallel.side_by_side([
        parallel.Job(seeds_and_cells, reads=(frame.outline, line_sets)),
        parallel.Job(line_buffers, make_line_sets(scene)),
    ])
    steps(25)
    in_county, county = _county(frame, pts, cells)
    county_idx = np.flatnonzero(in_county)
    hit_idx = county_idx[_crossed(cells[county_idx], line_sets)]
    faces, face_pt, parent = _cut_crossed(cells, hit_idx, pts[hit_idx, 0], buffers)
    steps(33)
    lin = np.zeros(len(faces), dtype=np.int8)
    for cls in LIN_PRECEDENCE:
        if cls in buffers:
            shapely.prepare(buffers[cls])
            lin[shapely.contains(buffers[cls], face_pt)] = cls
    faces, parent, lin, face_pt = merge_linear_pieces(faces, parent, lin, face_pt, scene)

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
    order = np.argsort(morton(rep_xy, frame), kind="stable")
    return geoms[order], lin_all[order], rep_xy[order], kind[parent_all[order]], county


def _county(frame: Frame, pts, cells):
    """County = the cells whose seed lies in the smooth outline: the county edge then
    follows parcel edges, as a real county boundary does.  Holes and detached
    bits of that union are absorbed or dropped so the county is one polygon.
    Returns which cells are in, and the county."""
    in_county = shapely.contains_xy(frame.outline, pts[:, 0], pts[:, 1])
    county = shapely.coverage_union_all(cells[in_county])
    if county.geom_type != "Polygon" or shapely.get_num_interior_rings(county) > 0:
        parts = shapely.get_parts(county)
        main = parts[int(np.argmax(shapely.area(parts)))]
        shell = shapely.polygons(shapely.get_exterior_ring(main))
        shapely.prepare(shell)
        in_county = shapely.contains_xy(shell, pts[:, 0], pts[:, 1])
        county = shapely.coverage_union_all(cells[in_county])
    return in_county, county


def _crossed(cells, line_sets):
    """Positions of the cells a river or road crosses (within its half width).

    Found with short straight segments: a long line's envelope would make the
    tree test every cell in it."""
    tree = shapely.STRtree(cells)
    lines = np.concatenate([shapely.segmentize(ls, 200.0) for ls, _ in line_sets.values()])
    halves = np.concatenate([h for _, h in line_sets.values()])
    coords, index = shapely.get_coordinates(lines, return_index=True)
    same = index[1:] == index[:-1]
    segments = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
    return np.unique(tree.query(segments, predicate="dwithin", distance=halves[index[:-1][same]])[1])


def _cut_crossed(cells, hit_idx, seed_x, buffers):
    """Cut the county cells crossed by rivers and roads (``hit_idx``; ``seed_x``: their seeds' x): node the
    cell boundaries with the river and road outlines and polygonise, so the pieces share vertices exactly
    with one another and with the untouched neighbours. Returns the pieces, their representative points
    and the cell each lies in.

    Two halves (west, east) side by side.  A crossing on an edge shared by
    the halves is computed in both from the same two unchanged segments, and
    GEOS's segment intersection is symmetric in its arguments, so both halves
    get the same vertex and the coverage stays exact (tested)."""
    rings = np.concatenate([shapely.get_rings(shapely.get_parts(g)) for g in buffers.values()])
    # As LineStrings: GEOS 3.11 unions LinearRings mixed with lines several times slower.
    rings = shapely.linestrings(shapely.get_coordinates(rings),
                                indices=np.repeat(np.arange(len(rings)), shapely.get_num_coordinates(rings)))
    ring_tree = shapely.STRtree(rings)
    west = seed_x < np.median(seed_x) if len(hit_idx) else np.zeros(0, bool)
    halves = [hit_idx[m] for m in (west, ~west)]
    # The outlines near each half, found here (the index stays in one thread); the east half gets its own
    # copies of those the west half holds too.
    near = parallel.own_copies(*(rings[ring_tree.query(shapely.box(*shapely.total_bounds(cells[ids])))]
                                 if len(ids) else rings[:0] for ids in halves))
    pieces = parallel.side_by_side([parallel.Job(cut_cells, cells[ids], ids, outlines)
                                    for ids, outlines in zip(halves, near)])
    return tuple(np.concatenate([p[k] for p in pieces]) for k in range(3))


def cut_cells(cells: np.ndarray, cell_ids: np.ndarray, near: np.ndarray) -> tuple:
    """Node cell boundaries with the river and road outlines ``near`` them, and
    polygonise: the pieces of each cell, their representative points and the
    id of the cell they lie in.  Faces outside the cells (enclosed by them, or
    beyond) are dropped."""
    if len(cells) == 0:
        return np.empty(0, object), np.empty(0, object), np.empty(0, np.int64)
    linework = np.concatenate([shapely.boundary(cells), near])
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(linework)))))
    face_pt = shapely.point_on_surface(faces)
    face_i, cell_i = shapely.STRtree(cells).query(face_pt, predicate="within")
    return faces[face_i], face_pt[face_i], cell_ids[cell_i]


def merge_linear_pieces(faces, parent, lin, face_pt, scene: Scene):
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
    chunk = np.where(scene.town_influence(px, py)[0] > 0.05, LINEAR_CHUNK_M / 4, LINEAR_CHUNK_M)
    gx = np.floor((px - frame.x0) / chunk).astype(np.int64)
    gy = np.floor((py - frame.y0) / chunk).astype(np.int64)
    small = np.flatnonzero((area < MIN_PIECE_M2) & (lin == LIN_NONE))
    if len(small):
        s_i, n_i = shapely.STRtree(faces).query(faces[small], predicate="intersects")
        s_i = small[s_i]
        ok = lin[n_i] > 0
        s_i, n_i = s_i[ok], n_i[ok]
        rank_of = np.zeros(max(LIN_PRECEDENCE) + 1, np.int64)
        rank_of[list(LIN_PRECEDENCE)] = np.arange(len(LIN_PRECEDENCE))
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


def morton(xy: np.ndarray, frame: Frame) -> np.ndarray:
    q = np.clip(((xy - [frame.x0, frame.y0]) / frame.width * 65535), 0, 65535).astype(np.uint64)

    def spread(v):
        v = (v | (v << np.uint64(8))) & np.uint64(0x00FF00FF)
        v = (v | (v << np.uint64(4))) & np.uint64(0x0F0F0F0F)
        v = (v | (v << np.uint64(2))) & np.uint64(0x33333333)
        v = (v | (v << np.uint64(1))) & np.uint64(0x55555555)
        return v

    return spread(q[:, 0]) | (spread(q[:, 1]) << np.uint64(1))
