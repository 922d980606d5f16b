"""The key-project list (重点建设项目清单, table 5-4 of a maintenance scheme): what each project takes.

Projects with land are polygons; projects without land of their own (power lines, pipelines, masts) are lines
or points, listed with the land a field gives them (else 0). Every figure of a polygon project is measured on
its geometry, so the table matches the map (图数一致):

* land (用地规模) = the project's area;
* existing construction land = the part under land-use parcels of construction land (GB/T 21010, see
  ``candidates.land_group``); new construction land (新增建设用地) = land − existing construction land. The part
  under no parcel at all is not known to be built on, so it counts as new construction land; it is also given on
  its own (``uncovered_m2``) so that a gap in the land use is seen, not hidden.
* farmland / red line taken, area inside the development boundary: the project's area under the union of the
  line's polygons (a line's overlapping features are counted once).

A line or point project takes no land that can be measured: its land is the given figure, its new construction
land is 0 when it has no land and unknown (NaN) otherwise, its farmland and red line taken 0; its place in the
boundary is 内 (covered by it), 部分 (crossing it) or 外 from the geometry.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from .candidates import CONSTRUCTION, land_groups
from .units import m2_to_ha

INSIDE, PARTLY, OUTSIDE = "内", "部分", "外"
# Pieces under this area (m²) are noise of the overlay: the figures are quoted to 0.01 m².
TOLERANCE_M2 = 0.01
NO_TYPE = "未分类"
PLACE_SEPARATOR = "、"
TOWNSHIP_CODE_DIGITS = 9


@dataclass
class ProjectInputs:
    """The projects and the layers they are set against; geometries in one projected CRS.

    ``projects``: polygons; ``others``: lines or points (projects without land of their own), listed after the
    polygons. ``types`` … ``bases`` hold one value per project, polygons first. ``measure``: areas in m² of an
    array of geometries (planar or ellipsoidal).
    """

    projects: np.ndarray
    types: list
    measure: object
    others: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    others_land_ha: object = None  # given land of each line or point project (ha), None / NaN as 0
    landuse: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    landuse_codes: object = None
    landuse_places: object = None  # a place name or code of each parcel (ZLDWMC, or ZLDWDM's first 9 digits)
    townships: object = None
    township_names: object = None
    pbf: object = None
    epr: object = None
    udb: object = None


@dataclass
class TypeCount:
    kind: str
    count: int
    land_ha: float
    new_ha: float


@dataclass
class ProjectList:
    """Figures of each project (index as in the inputs, polygons first) and the listing order."""

    order: np.ndarray  # positions of the projects in the list: order[k] has 序号 k + 1
    land_m2: np.ndarray
    new_m2: np.ndarray  # NaN for a line project with land given by a field
    existing_m2: np.ndarray
    uncovered_m2: np.ndarray
    pbf_m2: object  # None when the line is not given
    epr_m2: object
    udb_m2: object
    udb_status: object  # INSIDE / PARTLY / OUTSIDE per project, None when the boundary is not given
    places: list
    summary: list  # TypeCount per type, in listing order
    sentence: str

    @property
    def serial(self):
        """序号 of each project, by input position."""
        out = np.empty(len(self.order), dtype=np.int64)
        out[self.order] = np.arange(1, len(self.order) + 1)
        return out


def _group_parts(query_left, count):
    """Positions of the query's pairs for each left index 0 … count-1."""
    order = np.argsort(query_left, kind="stable")
    bounds = np.searchsorted(query_left[order], np.arange(count + 1))
    return [order[bounds[i]:bounds[i + 1]] for i in range(count)]


def covered(projects, layer):
    """The part of each project under the union of ``layer``'s polygons (an empty polygon where none)."""
    projects = np.asarray(projects, dtype=object)
    out = np.array([shapely.Polygon()] * len(projects), dtype=object)
    if layer is None or not len(layer) or not len(projects):
        return out
    layer = np.asarray(layer, dtype=object)
    left, right = shapely.STRtree(layer).query(projects, predicate="intersects")
    pieces = shapely.intersection(projects[left], layer[right])
    for i, parts in enumerate(_group_parts(left, len(projects))):
        if len(parts):
            # Only the polygonal part is land: a shared edge or corner is no overlap.
            polygons = shapely.get_parts(pieces[parts])
            out[i] = shapely.union_all(polygons[shapely.get_type_id(polygons) == 3])
    return out


def _line_status(others, udb):
    """内 / 部分 / 外 of line or point projects against the boundary's polygons."""
    union = shapely.union_all(np.asarray(udb, dtype=object)) if udb is not None and len(udb) else None
    status = []
    for geom in others:
        if union is None or geom is None or not shapely.intersects(geom, union):
            status.append(OUTSIDE)
        elif shapely.covered_by(geom, union):
            status.append(INSIDE)
        else:
            status.append(PARTLY)
    return status


def _status(land_m2, inside_m2):
    if inside_m2 <= TOLERANCE_M2:
        return OUTSIDE
    return INSIDE if land_m2 - inside_m2 <= TOLERANCE_M2 else PARTLY


def places(inputs: ProjectInputs):
    """The places (所在地区) of each project, polygons then others: the township names it lies in (in the
    townships' order), or, without townships, the distinct land-use place values of the parcels it lies in."""
    geoms = np.concatenate([np.asarray(inputs.projects, dtype=object), np.asarray(inputs.others, dtype=object)])
    if inputs.townships is not None and len(inputs.townships):
        zones, names = np.asarray(inputs.townships, dtype=object), list(inputs.township_names)
    elif inputs.landuse_places is not None:
        zones, names = np.asarray(inputs.landuse, dtype=object), list(inputs.landuse_places)
    else:
        return [""] * len(geoms)
    out = [""] * len(geoms)
    present = ~shapely.is_missing(geoms)
    if not present.any() or not len(zones):
        return out
    index = np.flatnonzero(present)
    left, right = shapely.STRtree(zones).query(geoms[present], predicate="intersects")
    # Interiors must meet: a project touching a township's border does not lie in it.
    inner = shapely.relate_pattern(geoms[index[left]], zones[right], "T********")
    left, right = left[inner], right[inner]
    for i, parts in enumerate(_group_parts(left, len(index))):
        seen = []
        for z in sorted(right[parts]):
            name = str(names[z] or "").strip()
            if name and name not in seen:
                seen.append(name)
        out[index[i]] = PLACE_SEPARATOR.join(seen)
    return out


def _listing_order(types):
    """Projects grouped by type in the order each type first appears; input order within a type."""
    first = {}
    for kind in types:
        first.setdefault(kind, len(first))
    return np.array(sorted(range(len(types)), key=lambda k: (first[types[k]], k)), dtype=np.int64)


def summarise(types, land_m2, new_m2, order):
    """``TypeCount`` of each type in listing order."""
    out = {}
    for k in order:
        row = out.setdefault(types[k], TypeCount(types[k], 0, 0.0, 0.0))
        row.count += 1
        row.land_ha += float(m2_to_ha(land_m2[k]))
        row.new_ha += float(m2_to_ha(np.nan_to_num(new_m2[k])))
    return list(out.values())


def sentence(summary):
    """The seed's sentence: 重点建设项目共 9 个，拟用地面积 69.0025 公顷，涉及… 4 个类型。其中产业类 3 个，…"""
    total = sum(row.count for row in summary)
    if not total:
        return "重点建设项目共 0 个。"
    land = sum(row.land_ha for row in summary)
    kinds = PLACE_SEPARATOR.join(row.kind for row in summary)
    ranked = sorted(summary, key=lambda row: -row.count)  # stable: ties keep the listing order
    counts = "，".join(f"{row.kind} {row.count} 个" for row in ranked)
    return f"重点建设项目共 {total} 个，拟用地面积 {land:.4f} 公顷，涉及{kinds} {len(summary)} 个类型。其中{counts}。"


def _others_land_m2(inputs):
    count = len(inputs.others)
    if inputs.others_land_ha is None:
        return np.zeros(count)
    given = np.array([np.nan if v is None else float(v) for v in inputs.others_land_ha], dtype=float)
    return np.nan_to_num(given) * 10000.0


def _overlap_m2(inputs, layer):
    if layer is None:
        return None
    return np.concatenate([inputs.measure(covered(inputs.projects, layer)), np.zeros(len(inputs.others))])


def plan(inputs: ProjectInputs) -> ProjectList:
    """The figures of every project (see the module doc)."""
    projects = np.asarray(inputs.projects, dtype=object)
    land = inputs.measure(projects)
    landuse = np.asarray(inputs.landuse, dtype=object)
    codes = inputs.landuse_codes if inputs.landuse_codes is not None else [None] * len(landuse)
    built = landuse[land_groups(codes) == CONSTRUCTION] if len(landuse) else landuse
    existing = inputs.measure(covered(projects, built))
    new = inputs.measure(shapely.difference(projects, covered(projects, built)))
    uncovered = inputs.measure(shapely.difference(projects, covered(projects, landuse)))
    others_land = _others_land_m2(inputs)
    types = [str(t).strip() if t is not None and str(t).strip() else NO_TYPE for t in inputs.types]
    order = _listing_order(types)
    land_m2 = np.concatenate([land, others_land])
    new_m2 = np.concatenate([new, np.where(others_land > 0, np.nan, 0.0)])
    udb_m2 = _overlap_m2(inputs, inputs.udb)
    status = None
    if udb_m2 is not None:
        status = [_status(a, b) for a, b in zip(land, udb_m2)] + _line_status(inputs.others, inputs.udb)
    summary = summarise(types, land_m2, new_m2, order)
    return ProjectList(
        order=order, land_m2=land_m2, new_m2=new_m2,
        existing_m2=np.concatenate([existing, np.zeros(len(inputs.others))]),
        uncovered_m2=np.concatenate([uncovered, np.zeros(len(inputs.others))]),
        pbf_m2=_overlap_m2(inputs, inputs.pbf), epr_m2=_overlap_m2(inputs, inputs.epr), udb_m2=udb_m2,
        udb_status=status, places=places(inputs), summary=summary, sentence=sentence(summary),
    )


def township_codes(codes):
    """The township part (first 9 digits) of location-unit codes (ZLDWDM), "" where there is none."""
    return [str(c).strip()[:TOWNSHIP_CODE_DIGITS] if c is not None else "" for c in codes]
