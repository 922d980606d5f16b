"""规划分区维护 (seed 五(二)): the first-level planning zones follow the three control lines after maintenance.

Pure core (no QGIS): ``plan(ZoningInputs)`` cuts every zone polygon into the pieces the rules give and returns a
``ZoningPlan``; ``check_tiling`` finds where the zones overlap or leave gaps. Zones are named by the seed's six
names; the algorithm maps the codes of the zone field to them.

Rules, in precedence (the first that holds for a piece of ground decides):

1. inside the red line after: 生态保护区;
2. inside the development boundary after: 城镇发展区;
3. farmland that joined (after minus before; with no "before", all farmland after): 农田保护区;
4. 生态保护区 ground outside the red line after: the red line's left-zone rule;
5. 城镇发展区 ground outside the boundary after: the boundary's left-zone rule;
6. 农田保护区 ground that left the farmland (before minus after): the farmland's left-zone rule;
7. everything else keeps its zone.

The red line comes first and the boundary next: after issue 24's settlement the lines do not overlap, so the
order only matters for input that still has conflicts, and there the stricter protection wins. Ground that left
a line while zoned otherwise (e.g. farmland in 生态控制区) keeps its zone: the line was not what zoned it. Rules 4
and 5 read the zone, not the line before, so that 生态保护区 equals the red line after and 城镇发展区 the boundary
after even where the zones disagreed with the lines before.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from .geometry import interior_rings_as_polygons, polygon_parts, polygonal_part, present

ECO_PROTECT, ECO_CONTROL, FARMLAND, URBAN, RURAL, MINING = (
    "生态保护区", "生态控制区", "农田保护区", "城镇发展区", "乡村发展区", "矿产能源发展区")
ZONES = (ECO_PROTECT, ECO_CONTROL, FARMLAND, URBAN, RURAL, MINING)
UNCHANGED, CHANGED = "未变", "调整"
OVERLAP, GAP = "重叠", "缝隙"


@dataclass(frozen=True)
class Line:
    """One control line before and after maintenance (a merged geometry each, None when not given)."""

    before: object = None
    after: object = None


@dataclass(frozen=True)
class ZoningInputs:
    """The zones and the lines. ``zones``: the zone name of each polygon (one of ``ZONES``) or any other value,
    which only rules 1–3 change. ``left_zone``: {"PBF"|"EPR"|"UDB": zone name} for land that left the line.
    ``measure``: geometries → areas in m² (the run's area method)."""

    geoms: np.ndarray
    zones: list
    pbf: Line
    epr: Line
    udb: Line
    left_zone: dict
    measure: object


@dataclass
class ZoningPlan:
    """The zone pieces after maintenance: piece k comes from input polygon ``source[k]``, zone ``zone[k]``."""

    geoms: np.ndarray
    source: np.ndarray
    zone: list
    changed: np.ndarray  # bool: the zone differs from the input polygon's
    area_m2: np.ndarray
    before_m2: dict = field(default_factory=dict)  # zone -> area of the input polygons
    after_m2: dict = field(default_factory=dict)  # zone -> area of the pieces
    outside_m2: dict = field(default_factory=dict)  # "EPR"/"UDB"/"PBF" -> area of the line after outside the zones

    def table(self):
        """Rows (zone, before m², after m², change m²): the six zones first, then any other value, sorted."""
        others = sorted({z for z in (*self.before_m2, *self.after_m2) if z not in ZONES}, key=str)
        rows = []
        for zone in (*ZONES, *others):
            before, after = self.before_m2.get(zone, 0.0), self.after_m2.get(zone, 0.0)
            rows.append((zone, before, after, after - before))
        return rows


@dataclass
class TilingIssues:
    """Overlaps and gaps of a zone layer: polygons, their kind (OVERLAP/GAP), area and the polygons involved."""

    geoms: np.ndarray
    kind: list
    area_m2: np.ndarray
    between: list  # (i, j) of the overlapping polygons; () for a gap

    def __len__(self):
        return len(self.kind)


def rules(inputs):
    """[(region, zone the region gets, zones it applies to or None for all)] in precedence, for the lines given."""
    found = []
    if _given(inputs.epr.after):
        found.append((inputs.epr.after, ECO_PROTECT, None))
    if _given(inputs.udb.after):
        found.append((inputs.udb.after, URBAN, None))
    pbf = inputs.pbf
    if _given(pbf.after):
        joined = pbf.after if not _given(pbf.before) else _difference(pbf.after, pbf.before)
        if _given(joined):
            found.append((joined, FARMLAND, None))
    if _given(inputs.epr.after):
        found.append((_Outside(inputs.epr.after), inputs.left_zone["EPR"], {ECO_PROTECT}))
    if _given(inputs.udb.after):
        found.append((_Outside(inputs.udb.after), inputs.left_zone["UDB"], {URBAN}))
    if _given(pbf.after) and _given(pbf.before):
        left = _difference(pbf.before, pbf.after)
        if _given(left):
            found.append((left, inputs.left_zone["PBF"], {FARMLAND}))
    return found


@dataclass(frozen=True)
class _Outside:
    """The complement of ``geom``: a rule region given as what it excludes."""

    geom: object


def plan(inputs, progress=None):
    """The ``ZoningPlan``: every input polygon cut by the rules, pieces of one polygon and zone merged."""
    geoms = np.asarray(inputs.geoms, dtype=object)
    zones = list(inputs.zones)
    has = present(geoms)
    rest = geoms.copy()
    pieces, owners, targets = [], [], []
    found = rules(inputs)
    for step, (region, target, applies) in enumerate(found):
        ok = has & np.array([applies is None or z in applies for z in zones], dtype=bool)
        ok &= present(rest)
        inside, outside = _split(rest, ok, region)
        idx = np.flatnonzero(ok)
        pieces.extend(inside[idx])
        owners.extend(idx)
        targets.extend([target] * len(idx))
        rest[idx] = outside[idx]
        if progress:
            progress(100.0 * (step + 1) / (len(found) + 1))
    idx = np.flatnonzero(has)
    pieces.extend(rest[idx])
    owners.extend(idx)
    targets.extend(zones[i] for i in idx)
    result = _merge(np.asarray(pieces, dtype=object), np.asarray(owners, dtype=np.int64), targets, zones)
    result.before_m2 = _sums([zones[i] for i in idx], inputs.measure(geoms[idx]), has[idx]) if len(idx) else {}
    if len(result.geoms):
        result.area_m2 = np.asarray(inputs.measure(result.geoms), dtype=float)
    result.after_m2 = _sums(result.zone, result.area_m2, np.ones(len(result.zone), dtype=bool))
    result.outside_m2 = _outside(inputs, geoms[has])
    return result


def _split(rest, ok, region):
    """(rest ∩ region, rest − region) where ``ok`` (other positions: untouched), polygons only."""
    inside = np.full(len(rest), None, dtype=object)
    outside = rest.copy()
    if not ok.any():
        return inside, outside
    idx = np.flatnonzero(ok)
    if isinstance(region, _Outside):
        inside[idx], outside[idx] = _overlay(rest[idx], region.geom)[::-1]
    else:
        inside[idx], outside[idx] = _overlay(rest[idx], region)
    return inside, outside


def _overlay(geoms, region):
    """(geoms ∩ region, geoms − region) polygonal; geometries clear of the region are not overlaid."""
    shapely.prepare(region)
    touching = shapely.intersects(region, geoms)
    inside = np.full(len(geoms), None, dtype=object)
    outside = geoms.copy()
    if touching.any():
        inside[touching] = [polygonal_part(g) for g in shapely.intersection(geoms[touching], region)]
        outside[touching] = [polygonal_part(g) for g in shapely.difference(geoms[touching], region)]
    return inside, outside


def _merge(pieces, owners, targets, zones):
    """One piece per (input polygon, zone), ordered by input polygon then rule; empty pieces dropped."""
    keep = present(pieces) if len(pieces) else np.zeros(0, dtype=bool)
    groups = {}
    for k in np.flatnonzero(keep):
        groups.setdefault((int(owners[k]), targets[k]), []).append(pieces[k])
    keys = sorted(groups, key=lambda key: key[0])  # stable: rule order within one polygon
    geoms = np.array([parts[0] if len(parts) == 1 else shapely.union_all(parts) for parts in
                      (groups[key] for key in keys)], dtype=object)
    source = np.array([key[0] for key in keys], dtype=np.int64)
    zone = [key[1] for key in keys]
    changed = np.array([z != zones[i] for i, z in zip(source, zone)], dtype=bool)
    return ZoningPlan(geoms, source, zone, changed, np.zeros(len(keys)))


def _sums(zones, areas, mask):
    out = {}
    for zone, area, keep in zip(zones, areas, mask):
        if keep:
            out[zone] = out.get(zone, 0.0) + float(area)
    return out


def _outside(inputs, geoms):
    """Area (layer units²) of each line after that lies outside the zones: the zones cannot follow it there."""
    if not len(geoms):
        return {}
    county = shapely.union_all(geoms)
    out = {}
    for name, line in (("EPR", inputs.epr), ("UDB", inputs.udb), ("PBF", inputs.pbf)):
        if _given(line.after):
            out[name] = float(shapely.area(shapely.difference(line.after, county)))
    return out


def check_tiling(geoms, min_area_m2=0.0):
    """``TilingIssues`` of zone polygons: pairwise overlaps and the gaps enclosed by the zones (holes of their
    union), each a single polygon of at least ``min_area_m2`` (planar, layer units²)."""
    geoms = np.asarray(geoms, dtype=object)
    idx = np.flatnonzero(present(geoms))
    found, kinds, between = [], [], []
    if len(idx):
        tree = shapely.STRtree(geoms[idx])
        left, right = tree.query(geoms[idx], predicate="intersects")
        pairs = left < right
        a, b = idx[left[pairs]], idx[right[pairs]]
        if len(a):
            parts, owner = polygon_parts(shapely.intersection(geoms[a], geoms[b]))
            found.extend(parts)
            kinds.extend([OVERLAP] * len(parts))
            between.extend((int(a[k]), int(b[k])) for k in owner)
        union = shapely.union_all(geoms[idx])
        rings, _ = interior_rings_as_polygons(shapely.get_parts(union))
        if len(rings):
            gaps, _ = polygon_parts(shapely.difference(rings, union))
            found.extend(gaps)
            kinds.extend([GAP] * len(gaps))
            between.extend([()] * len(gaps))
    geoms_out = np.asarray(found, dtype=object)
    area = shapely.area(geoms_out) if len(geoms_out) else np.zeros(0)
    keep = area >= min_area_m2
    return TilingIssues(geoms_out[keep], [k for k, y in zip(kinds, keep) if y], area[keep],
                        [p for p, y in zip(between, keep) if y])


def _given(geom):
    return geom is not None and not shapely.is_empty(geom)


def _difference(a, b):
    return polygonal_part(shapely.difference(a, b))
