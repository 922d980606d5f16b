"""Swap-out candidates of the permanent basic farmland (调出候选地块), each piece with one verified reason.

A scheme lists the farmland that leaves by reason (seed, section 五(一)1): 坡度15度以上, 国家和自治区重点建设项目,
零星破碎, 灾毁和采矿损毁无法修复, 变更调查"非耕地", 经核实不符合划入要求. ``find`` proposes that list from the data;
the technician reviews it. The rules:

- The farmland's *ground* is its features made disjoint: where features overlap (a data error), the common
  ground belongs to the first of them in reading order. The land-use parcels are made disjoint the same way.
- Reasons take ground in a fixed precedence, each from what the earlier ones left, so ground meeting several
  reasons is listed once, under the first: the two conflicts, project, damaged, non-cultivated, unqualified,
  steep, fragment.
  - conflict with the red line (07), with the development boundary (08): ground inside the overlap polygons
    that the settlement of the lines' conflicts (planmaint:conflictcheck with SETTLE) makes the farmland yield
    to that line. An overlap left behind is an error, so these pieces are listed down to
    ``CONFLICT_MIN_PIECE_M2`` however large ``min_piece_m2`` is (the settlement already dropped the slivers);
  - project: ground inside a counted project polygon (where projects overlap, the first one's name);
  - damaged: ground inside the damaged polygons (灾毁、采矿损毁无法修复);
  - non-cultivated: ground under a land-use parcel whose class is known and is not cultivated land (01xx);
  - unqualified: ground inside the unqualified polygons (经核实不符合划入要求);
  - steep: ground under a cultivated land-use parcel (01xx) of slope grade 4 or 5 (above 15°), the grade read
    from the farmland feature or else from the land-use parcel;
  - fragment: what is left of the farmland is merged into patches again (``fragments.find_fragments``: parts
    sharing a stretch of boundary form one patch), and the patches under their threshold (plains / hills)
    are fragments. A cut can make a fragment that was not one before.
- A piece is one single-part polygon of one farmland feature under one reason (and one project). A piece of
  the reasons before the fragments smaller than ``min_piece_m2`` (a sliver of misaligned boundaries; for the
  conflicts ``CONFLICT_MIN_PIECE_M2``) is not listed: its ground stays in the farmland and goes on to the later
  reasons. Fragments are listed whole, however small
  their pieces: a part left behind would be a fragment still.
- Ground under no land-use parcel, or under one whose code is of no class, has no known current class: it is
  never non-cultivated nor steep.
- Land-class breakdown of a piece (m²): cultivated (耕地 01), other agricultural (其他农用地), construction
  (建设用地), unused (未利用地), from the overlay with the land-use parcels and the three-category table of
  GB/T 21010-2017 (``land_group``). Ground without a known class counts in the class of the farmland feature's
  own code, or as cultivated when it has none (the farmland is cultivated land by designation), so the four
  always add up to the piece's area.

Pure: numpy and shapely, no qgis. Areas come from a ``measure`` callable (geometries → m²).
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import shapely

from . import fragments, geometry, parallel, patches, units
from .conflicts import DEFAULT_MIN_AREA_M2
from .geometry import polygonal_part, robust_binary


@dataclass(frozen=True)
class Reason:
    key: str
    code: str  # HCYY, the two-digit reason code
    words: str  # TZYY, the reason as the seed writes it


STEEP = Reason("steep", "01", "坡度15度以上")
PROJECT = Reason("project", "02", "国家和自治区重点建设项目")
FRAGMENT = Reason("fragment", "03", "零星破碎")
DAMAGED = Reason("damaged", "04", "灾毁和采矿损毁无法修复")
NON_CULTIVATED = Reason("non_cultivated", "05", '变更调查"非耕地"')
UNQUALIFIED = Reason("unqualified", "06", "经核实不符合划入要求")
# The farmland's side of the settled conflicts of the lines (三线不交叉不重叠): the ground it yields to the other line.
PBF_CONFLICT_EPR = Reason("pbf_conflict_epr", "07", "矛盾冲突：生态保护红线")
PBF_CONFLICT_UDB = Reason("pbf_conflict_udb", "08", "矛盾冲突：城镇开发边界")
# The precedence: ground meeting several reasons is listed under the first of them here. A settled conflict
# comes first: its ground must leave whatever else could be said of it.
REASONS = (PBF_CONFLICT_EPR, PBF_CONFLICT_UDB, PROJECT, DAMAGED, NON_CULTIVATED, UNQUALIFIED, STEEP, FRAGMENT)
(I_CONFLICT_EPR, I_CONFLICT_UDB, I_PROJECT, I_DAMAGED, I_NON_CULTIVATED, I_UNQUALIFIED, I_STEEP,
 I_FRAGMENT) = range(len(REASONS))
# The settled conflicts are listed down to the overlap the settlement itself keeps (planmaint:conflictcheck):
# a piece it lists and the candidates drop would stay as an overlap of the maintained lines.
CONFLICT_MIN_PIECE_M2 = DEFAULT_MIN_AREA_M2

# The red line's categories (seed 五(一)2), in their precedence. The codes are planmaint's own (no standard we
# found numbers them), chosen apart from the farmland's so that a reviewed layer says which line it is of.
WITHDRAWN = Reason("withdrawn", "11", "已依法撤销且经论证不具有重要生态功能的法定保护区域")
CONFLICT_PBF = Reason("conflict_pbf", "12", "矛盾冲突：永久基本农田")
EPR_CONFLICT_UDB = Reason("epr_conflict_udb", "18", "矛盾冲突：城镇开发边界")
CONFLICT_CONSTRUCTION = Reason("conflict_construction", "13", "矛盾冲突：城镇村建设用地")
CONFLICT_MINING = Reason("conflict_mining", "14", "矛盾冲突：矿业权")
CONFLICT_FOREST = Reason("conflict_forest", "15", "矛盾冲突：人工商品林")
CONFLICT_PROJECT = Reason("conflict_project", "16", "矛盾冲突：重大项目")
CORRECTION = Reason("correction", "17", "技术勘正")
EPR_REASONS = (WITHDRAWN, CONFLICT_PBF, EPR_CONFLICT_UDB, CONFLICT_CONSTRUCTION, CONFLICT_MINING, CONFLICT_FOREST,
               CONFLICT_PROJECT, CORRECTION)
# The development boundary's categories: its side of the settled conflicts (must leave, first), then the land
# with no construction demand (seed 五(一)3): balancing land the edge swap may peel, not must-leave land.
UDB_CONFLICT_PBF = Reason("udb_conflict_pbf", "22", "矛盾冲突：永久基本农田")
UDB_CONFLICT_EPR = Reason("udb_conflict_epr", "23", "矛盾冲突：生态保护红线")
NO_DEMAND = Reason("no_demand", "21", "现状无建设需求")
UDB_REASONS = (UDB_CONFLICT_PBF, UDB_CONFLICT_EPR, NO_DEMAND)
# The category table of every line: the order of each is its precedence.
LINE_REASONS = {"pbf": REASONS, "epr": EPR_REASONS, "udb": UDB_REASONS}
EVERY_REASON = REASONS + EPR_REASONS + UDB_REASONS

# --- land classes -----------------------------------------------------------------------------------------

CULTIVATED, OTHER_AGRICULTURAL, CONSTRUCTION, UNUSED = range(4)
NO_CLASS = -1
GROUPS = (CULTIVATED, OTHER_AGRICULTURAL, CONSTRUCTION, UNUSED)
STEEP_MIN_GRADE = 4  # slope grades 4 (15–25°) and 5 (above 25°)

# The three categories of the Land Administration Law (农用地, 建设用地, 未利用地) by class of GB/T 21010-2017,
# cultivated land split off the agricultural one. Classes whose subclasses fall in different categories (04,
# 10, 11, 12) are decided by subclass; a code of such a class without its subclass has no category.
_GROUP_OF_CLASS = {
    "01": CULTIVATED, "02": OTHER_AGRICULTURAL, "03": OTHER_AGRICULTURAL,
    "05": CONSTRUCTION, "06": CONSTRUCTION, "07": CONSTRUCTION, "08": CONSTRUCTION, "09": CONSTRUCTION,
}
_GROUP_OF_SUBCLASS = {
    "0401": OTHER_AGRICULTURAL, "0402": OTHER_AGRICULTURAL, "0403": OTHER_AGRICULTURAL, "0404": UNUSED,
    "1001": CONSTRUCTION, "1002": CONSTRUCTION, "1003": CONSTRUCTION, "1004": CONSTRUCTION,
    "1005": CONSTRUCTION, "1006": OTHER_AGRICULTURAL, "1007": CONSTRUCTION, "1008": CONSTRUCTION,
    "1009": CONSTRUCTION,
    "1101": UNUSED, "1102": UNUSED, "1103": OTHER_AGRICULTURAL, "1104": OTHER_AGRICULTURAL, "1105": UNUSED,
    "1106": UNUSED, "1107": OTHER_AGRICULTURAL, "1108": UNUSED, "1109": CONSTRUCTION, "1110": UNUSED,
    "1201": CONSTRUCTION, "1202": OTHER_AGRICULTURAL, "1203": OTHER_AGRICULTURAL, "1204": UNUSED,
    "1205": UNUSED, "1206": UNUSED, "1207": UNUSED,
}


def land_group(code):
    """The category of one land-class code in its four-digit text form ('0101', '05H1', '1104A'); NO_CLASS when
    it has none. Letters after the digits (the third land survey's 05H1, 1104A, 0201K) follow their digits;
    1107A (干渠, a main canal) therefore counts with 1107 沟渠, as other agricultural land."""
    text = str(code or "")
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits not in (2, 4, 6):  # every level of a code has two digits: 011 is an old code, not 01
        return NO_CLASS
    if digits >= 4 and text[:4] in _GROUP_OF_SUBCLASS:
        return _GROUP_OF_SUBCLASS[text[:4]]
    return _GROUP_OF_CLASS.get(text[:2], NO_CLASS)


def land_groups(codes):
    """``land_group`` of every code, as an int array (each distinct code is looked up once)."""
    codes = np.asarray(codes, dtype=object)
    if not len(codes):
        return np.empty(0, dtype=np.int64)
    distinct, inverse = np.unique(np.array(["" if c is None else str(c) for c in codes], dtype=object),
                                  return_inverse=True)
    return np.array([land_group(c) for c in distinct], dtype=np.int64)[inverse]


# --- inputs and results -----------------------------------------------------------------------------------

# A piece with no more area than this is the rounding residue of an overlay, never land.
RESIDUE_M2 = 1e-6
# Copies are pulled this share of their coordinates' size towards their centre before the index is asked for
# pairs whose interiors may meet: neighbours that only touch then drop out (at county coordinates a few
# micrometres, thousands of floating-point steps), while an overlap wider than that is still found.
PULL_IN = 2e-12
# Two features overlap (a data error worth naming) when their common area exceeds this share of the smaller.
NEGLIGIBLE_OVERLAP = 1e-8
# A feature subtracting more zones than this takes their union in one difference instead.
UNION_ABOVE = 8


@dataclass
class CandidateInputs:
    """What ``find`` reads; geometries are shapely arrays in one CRS, valid and 2-D (None where missing)."""

    pbf: np.ndarray
    landuse: np.ndarray
    landuse_codes: np.ndarray  # four-digit text codes per parcel ('' where missing)
    pbf_codes: Optional[np.ndarray] = None  # the farmland's own codes: the class of ground with no known one
    pbf_slope: Optional[np.ndarray] = None  # slope grades per farmland feature (``indicator_rows.read_slope_grades``) …
    landuse_slope: Optional[np.ndarray] = None  # … or per land-use parcel; neither: no steep reason
    conflict_epr: Optional[np.ndarray] = None  # settled overlaps the farmland yields to the red line
    conflict_udb: Optional[np.ndarray] = None  # … to the development boundary
    projects: Optional[np.ndarray] = None  # the counted projects only
    damaged: Optional[np.ndarray] = None
    unqualified: Optional[np.ndarray] = None
    hilly_zones: Optional[np.ndarray] = None
    township: Optional[np.ndarray] = None  # township code per farmland feature: orders the pieces of a reason
    min_area_m2: float = units.mu_to_m2(5.0)
    min_area_hilly_m2: float = units.mu_to_m2(3.0)
    min_piece_m2: float = 10.0
    measure: Callable = fragments.planar_area
    progress: Optional[Callable] = None  # takes a percentage; may raise to cancel


@dataclass
class Candidates:
    """The pieces ``find`` proposes, in precedence order of their reasons, then by township, then in farmland
    order."""

    owner: np.ndarray  # position of each piece's farmland feature
    reason: np.ndarray  # index into REASONS
    geoms: np.ndarray
    area_m2: np.ndarray
    class_m2: np.ndarray  # (pieces, 4): cultivated, other agricultural, construction, unused
    project: np.ndarray  # position of the project of a project piece, else -1
    township: np.ndarray  # township code of each piece ('' without them)
    unclassed_m2: np.ndarray  # ground of each piece counted by the farmland's own class (see module doc)
    pbf_overlaps: np.ndarray  # positions of farmland features overlapping an earlier one
    landuse_overlaps: np.ndarray  # positions of land-use parcels overlapping an earlier one
    dropped: np.ndarray  # per reason: pieces not listed for being under the smallest piece
    dropped_m2: np.ndarray  # per reason: their area
    n_patches: int = 0  # patches of the farmland left after the other reasons
    n_fragments: int = 0
    reasons: tuple = REASONS  # the line's category table: ``reason`` indexes it

    def __len__(self):
        return len(self.owner)

    def area_m2_by_reason(self):
        return np.bincount(self.reason, weights=self.area_m2, minlength=len(self.reasons)).astype(float)

    def hectares_by_reason(self):
        return {reason.key: float(units.m2_to_ha(m2)) for reason, m2 in zip(self.reasons, self.area_m2_by_reason())}

    def hectares_by_township(self):
        towns = sorted(set(self.township.tolist()) - {""})
        return {town: float(units.m2_to_ha(self.area_m2[self.township == town].sum())) for town in towns}

    @property
    def total_ha(self):
        return float(units.m2_to_ha(self.area_m2.sum()))


# --- geometry helpers -------------------------------------------------------------------------------------


def _objects(values):
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _pulled_in(geoms):
    """Copies of ``geoms`` scaled about their bounding-box centre by a tiny amount (see PULL_IN)."""
    out = np.array(geoms, dtype=object, copy=True)
    at = np.flatnonzero(geometry.present(out))
    if not len(at):
        return out
    box = shapely.bounds(out[at])
    centre = (box[:, :2] + box[:, 2:]) / 2.0
    half = np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1]) / 2.0
    step = PULL_IN * (np.abs(centre).max(axis=1) + half)
    factor = np.where(half > 0, 1.0 - step / np.where(half > 0, half, 1.0), 1.0)
    counts = shapely.get_num_coordinates(out[at])
    origin = np.repeat(centre, counts, axis=0)
    scale = np.repeat(factor, counts)[:, None]
    out[at] = shapely.transform(out[at], lambda xy: origin + (xy - origin) * scale)
    return out


def interior_pairs(geoms, others):
    """(i, j): the pairs of geoms[i] and others[j] whose interiors may meet, sorted by i then j.

    Every pair whose interiors overlap by more than a few micrometres is among them; pairs merely touching
    along an edge are not, except where a concave shape brings a pulled-in copy against a neighbour (an
    overlay then finds nothing). The index is built on ``others``; when they are the fewer, only the
    ``geoms`` whose box meets one of them are pulled in and tested.
    """
    none = np.empty(0, dtype=np.int64)
    geoms = np.asarray(geoms, dtype=object)
    others = np.asarray(others, dtype=object)
    if not len(geoms) or not len(others):
        return none, none
    tree = shapely.STRtree(others)
    tested = np.arange(len(geoms))
    if len(others) < len(geoms):
        tested = np.unique(tree.query(geoms)[0])
    i, j = tree.query(_pulled_in(geoms[tested]), predicate="intersects")
    i, j = tested[i].astype(np.int64), j.astype(np.int64)
    order = np.lexsort((j, i))
    return i[order], j[order]


def _intersection(a, b):
    """Polygonal part of a[k] ∩ b[k] for every k (None where nothing with an area is left)."""
    out = np.asarray(parallel.elementwise(_robust_intersection, a, b), dtype=object)
    return _polygonal(out)


def _robust_intersection(a, b):
    return robust_binary(shapely.intersection, a, b)


def _robust_difference(a, b):
    return robust_binary(shapely.difference, a, b)


def _polygonal(geoms):
    """The polygons of every geometry; None where there are none.

    An overlay of two polygons may add lines and points where they touch: the polygons of such a collection
    are its own, disjoint parts, so they make a valid MultiPolygon without a union."""
    geoms = np.array(geoms, dtype=object, copy=True)
    if not len(geoms):
        return geoms
    geoms[~geometry.present(geoms)] = None
    odd = np.flatnonzero(~np.isin(shapely.get_type_id(geoms), (-1, 3, 6)))
    if not len(odd):
        return geoms
    parts, index = shapely.get_parts(geoms[odd], return_index=True)
    kinds = shapely.get_type_id(parts)
    # Nested collections are rare: those go through the general repair.
    nested = np.unique(index[kinds == 7])
    flat = ~np.isin(index, nested) & (kinds == 3)
    geoms[odd] = None
    if flat.any():
        holders = np.unique(index[flat])
        geoms[odd[holders]] = shapely.multipolygons(parts[flat], indices=np.searchsorted(holders, index[flat]))
        single = np.bincount(index[flat], minlength=len(odd))[holders] == 1
        geoms[odd[holders[single]]] = parts[flat][np.isin(index[flat], holders[single])]
    for k in nested:
        geoms[odd[k]] = polygonal_part(geoms[odd[k]])
    return geoms


def _covering(zones, geoms):
    """Whether zones[k] certainly covers geoms[k]: the same ring, or geoms[k] inside clear of the edge."""
    if not len(geoms):
        return np.zeros(0, dtype=bool)
    return np.asarray(shapely.equals_exact(zones, geoms, 0.0) | shapely.contains_properly(zones, geoms), dtype=bool)


def subtract(geoms, zones, gi, zj):
    """geoms[i] minus every zones[j] paired with it, for pairs sorted by i; a new array, None where nothing is left.

    Pairs are applied in vectorised rounds (the k-th zone of every geometry at once); a geometry with many
    zones subtracts their union once. A geometry a zone covers goes without an overlay.
    """
    out = np.array(geoms, dtype=object, copy=True)
    if not len(gi):
        return out
    gone = np.unique(gi[_covering(zones[zj], out[gi])])
    out[gone] = None
    keep = ~np.isin(gi, gone)
    gi, zj = gi[keep], zj[keep]
    starts = np.flatnonzero(np.r_[True, gi[1:] != gi[:-1]]) if len(gi) else np.empty(0, dtype=np.int64)
    counts = np.diff(np.r_[starts, len(gi)])
    for start, count in zip(starts[counts > UNION_ABOVE], counts[counts > UNION_ABOVE]):
        target = gi[start]
        out[target] = _robust_difference(out[target], shapely.union_all(zones[zj[start:start + count]]))
    few = np.repeat(counts <= UNION_ABOVE, counts)
    gi, zj = gi[few], zj[few]
    rank = np.arange(len(gi)) - np.searchsorted(gi, gi, side="left")
    for r in range(int(rank.max()) + 1 if len(rank) else 0):
        sel = rank == r
        out[gi[sel]] = parallel.elementwise(_robust_difference, out[gi[sel]], zones[zj[sel]])
    return _polygonal(out)


def _disjoint(geoms, earlier, later):
    """(ground, positions losing ground): each geoms[later[k]] minus the geoms[earlier[k]] it overlaps."""
    if not len(later):
        return geoms, np.empty(0, dtype=np.int64)
    order = np.lexsort((earlier, later))
    return subtract(geoms, geoms, later[order], earlier[order]), np.unique(later)


def first_cover(geoms):
    """(ground, positions overlapping an earlier feature): each feature minus the features before it."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) < 2:
        return geoms, np.empty(0, dtype=np.int64)
    left, right = patches.overlapping_pairs(geoms)
    return _disjoint(geoms, np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64))


def ground_under(landuse, pbf_i, lu_s):
    """(ground, positions overlapping an earlier parcel) of the land-use parcels under the farmland.

    Two parcels overlapping under the farmland both meet one same farmland feature, so only the parcels
    sharing a farmland feature with another are tested; parcels overlapping elsewhere change nothing here.
    """
    ground = np.full(len(landuse), None, dtype=object)
    under = np.unique(lu_s)
    ground[under] = landuse[under]
    shared = np.r_[False, pbf_i[1:] == pbf_i[:-1]] if len(pbf_i) else np.zeros(0, dtype=bool)
    shared |= np.r_[shared[1:], False]
    involved = np.unique(lu_s[shared])
    if len(involved) < 2:
        return ground, np.empty(0, dtype=np.int64)
    left, right = patches.overlapping_pairs(landuse[involved])
    return _disjoint(ground, involved[np.asarray(left, dtype=np.int64)], involved[np.asarray(right, dtype=np.int64)])


# --- the reasons ------------------------------------------------------------------------------------------


@dataclass
class _Taken:
    """Pieces one reason takes: single-part polygons with their farmland feature and project (-1)."""

    owner: np.ndarray
    geoms: np.ndarray
    area_m2: np.ndarray
    project: np.ndarray
    dropped: int = 0
    dropped_m2: float = 0.0

    @staticmethod
    def none():
        empty = np.empty(0, dtype=np.int64)
        return _Taken(empty, np.empty(0, dtype=object), np.empty(0), empty)


def _listed(taken, owner, project, after, min_piece_m2, measure):
    """The parts of ``taken`` (aligned with ``owner``, ``project``) big enough to list, and ``after`` with the
    ground of the parts too small to list given back to their features (in place).

    Returns the ``_Taken``. Residues of overlays (RESIDUE_M2) are neither listed nor given back."""
    present = np.flatnonzero(geometry.present(taken))
    if not len(present):
        return _Taken.none()
    parts, index = shapely.get_parts(taken[present], return_index=True)
    parts = _objects(parts)
    part_owner, part_project = owner[present][index], project[present][index]
    area = np.asarray(measure(parts), dtype=float)
    counted = area > RESIDUE_M2
    keep = counted & (area >= min_piece_m2)
    small = np.flatnonzero(counted & ~keep)
    for feature in np.unique(part_owner[small]):
        back = shapely.union_all(parts[small[part_owner[small] == feature]])
        ground = after[feature]
        after[feature] = polygonal_part(back if ground is None else shapely.union(ground, back))
    return _Taken(part_owner[keep], parts[keep], area[keep], part_project[keep],
                  dropped=len(small), dropped_m2=float(area[small].sum()))


def _changed(before, after, features):
    """Of ``features``, those whose ground ``subtract`` made smaller by more than the rounding of an overlay."""
    gone = shapely.is_missing(after[features]) & geometry.present(before[features])
    was = np.nan_to_num(shapely.area(before[features]))
    now = np.nan_to_num(shapely.area(after[features]))
    return features[gone | (was - now > 1e-10 * was)]


def take_inside(rest, zones, gi, zj, min_piece_m2, measure):
    """(rest left, ``_Taken``): the ground of each rest[i] inside the zones paired with it, one reason's take."""
    present = geometry.present(zones[zj]) if len(zj) else np.zeros(0, dtype=bool)
    gi, zj = gi[present], zj[present]
    after = subtract(rest, zones, gi, zj)
    changed = _changed(rest, after, np.unique(gi))
    taken = np.full(len(rest), None, dtype=object)
    whole = changed[shapely.is_missing(after[changed])]
    taken[whole] = rest[whole]
    cut = changed[~shapely.is_missing(after[changed])]
    if len(cut):
        taken[cut] = parallel.elementwise(_robust_difference, rest[cut], after[cut])
    owner = np.arange(len(rest), dtype=np.int64)
    found = _listed(_polygonal(taken), owner, np.full(len(rest), -1, dtype=np.int64), after, min_piece_m2, measure)
    return after, found


def take_by_project(rest, projects, min_piece_m2, measure):
    """(rest left, ``_Taken``): the ground of rest inside each project; ``projects`` must not overlap."""
    gi, pj = interior_pairs(rest, projects)
    present = geometry.present(projects[pj]) if len(pj) else np.zeros(0, dtype=bool)
    gi, pj = gi[present], pj[present]
    after = subtract(rest, projects, gi, pj)
    pieces = np.empty(len(gi), dtype=object)
    whole = _covering(projects[pj], rest[gi])
    pieces[whole] = rest[gi[whole]]
    cut = np.flatnonzero(~whole)
    if len(cut):
        pieces[cut] = _intersection(rest[gi[cut]], projects[pj[cut]])
    return after, _listed(_polygonal(pieces), gi, pj, after, min_piece_m2, measure)


def take_parcels(rest, ground, parcels, min_piece_m2, measure):
    """(rest left, ``_Taken``): the ground of rest under the land-use ``parcels`` (positions into the disjoint
    ``ground``), one piece per line feature, parcel and part. A category decided by the land class lists the
    parcels as the survey has them: a technician reviews parcel by parcel, and a piece inside one parcel needs no
    overlay for its breakdown (a line of a few large features would otherwise make pieces of thousands)."""
    chosen = np.full(len(ground), None, dtype=object)
    parcels = np.unique(np.asarray(parcels, dtype=np.int64))
    chosen[parcels] = ground[parcels]
    after, found = take_by_project(rest, chosen, min_piece_m2, measure)
    found.project = np.full(len(found.owner), -1, dtype=np.int64)
    return after, found


@dataclass
class _Fragments:
    taken: _Taken
    n_patches: int
    n_fragments: int


def take_fragments(rest, inputs):
    """The parts of the farmland left whose patch is under its threshold (plains / mountains and hills)."""
    present = np.flatnonzero(geometry.present(rest))
    parts, index = shapely.get_parts(rest[present], return_index=True) if len(present) else ([], [])
    parts = _objects(parts)
    if not len(parts):
        return _Fragments(_Taken.none(), 0, 0)
    owner = present[np.asarray(index, dtype=np.int64)]
    found = fragments.find_fragments(
        parts, inputs.min_area_m2, hilly_zones=inputs.hilly_zones, min_area_hilly_m2=inputs.min_area_hilly_m2,
        measure=inputs.measure,
    )
    out = found.feature_is_removed
    area = np.asarray(inputs.measure(parts[out]), dtype=float)
    taken = _Taken(owner[out], parts[out], area, np.full(int(out.sum()), -1, dtype=np.int64))
    return _Fragments(taken, found.n_patches, int(found.patch_is_fragment.sum()))


# --- the land-class breakdown -----------------------------------------------------------------------------


def breakdown(geoms, area_m2, fallback, landuse, groups, measure):
    """(class_m2, unclassed_m2) of every piece: m² per category from the overlay with ``landuse`` (disjoint
    ground, category ``groups``); ground with no known category counts in ``fallback`` (a category per piece),
    so each row adds up to ``area_m2`` (see the module doc)."""
    n = len(geoms)
    class_m2 = np.zeros((n, len(GROUPS)))
    i, s = interior_pairs(geoms, landuse)
    if len(i):
        keep = geometry.present(landuse[s])
        i, s = i[keep], s[keep]
    whole = _covering(landuse[s], geoms[i]) if len(i) else np.zeros(0, dtype=bool)
    # Land-use ground is disjoint: a piece one parcel covers meets no other.
    rest = ~whole & ~np.isin(i, i[whole])
    pair_m2 = np.zeros(len(i))
    pair_m2[whole] = area_m2[i[whole]]
    if rest.any():
        pair_m2[rest] = np.asarray(measure(_intersection(geoms[i[rest]], landuse[s[rest]])), dtype=float)
    group = groups[s] if len(s) else np.empty(0, dtype=np.int64)
    known = group >= 0
    np.add.at(class_m2, (i[known], group[known]), pair_m2[known])
    residual = area_m2 - class_m2.sum(axis=1)
    rounding = residual <= np.maximum(RESIDUE_M2, 1e-9 * area_m2)
    rows = np.arange(n)
    largest = np.argmax(class_m2, axis=1) if n else np.empty(0, dtype=np.int64)
    target = np.where(rounding, largest, fallback)
    np.add.at(class_m2, (rows, target), residual)
    return class_m2, np.where(rounding, 0.0, residual)


# --- the whole proposal -----------------------------------------------------------------------------------


def report_progress(progress, percent):
    """Tell ``progress`` (a callable taking a percentage, or None) how far the proposal is."""
    if progress is not None:
        progress(percent)


def _zone_pairs(pbf_i, lu_s, groups, inputs):
    """The (farmland, land-use) pairs of the non-cultivated and of the steep ground."""
    group = groups[lu_s]
    non_cultivated = (group >= 0) & (group != CULTIVATED)
    steep = np.zeros(len(lu_s), dtype=bool)
    if inputs.pbf_slope is not None:
        steep = (group == CULTIVATED) & (np.asarray(inputs.pbf_slope)[pbf_i] >= STEEP_MIN_GRADE)
    elif inputs.landuse_slope is not None:
        steep = (group == CULTIVATED) & (np.asarray(inputs.landuse_slope)[lu_s] >= STEEP_MIN_GRADE)
    return (pbf_i[non_cultivated], lu_s[non_cultivated]), (pbf_i[steep], lu_s[steep])


def zone_ground(zones):
    """Polygons given for a reason, as an array (empty when not given)."""
    return np.empty(0, dtype=object) if zones is None else np.asarray(zones, dtype=object)


def _take_reasons(pbf, lu_ground, lu_pairs, groups, inputs):
    """(rest, [``_Taken`` of the reasons before the fragments in precedence order])."""
    measure, min_piece, progress = inputs.measure, inputs.min_piece_m2, inputs.progress
    non_cultivated, steep = _zone_pairs(*lu_pairs, groups, inputs)
    taken = []
    rest = pbf
    for zones in (inputs.conflict_epr, inputs.conflict_udb):
        rest, found = conflict_take(rest, zones, min_piece, measure)
        taken.append(found)
    projects, _ = first_cover(zone_ground(inputs.projects))
    rest, by_project = take_by_project(rest, projects, min_piece, measure)
    report_progress(progress, 40)
    taken.append(by_project)
    rest, found = zone_take(rest, inputs.damaged, min_piece, measure)
    taken.append(found)
    report_progress(progress, 50)
    rest, found = take_inside(rest, lu_ground, *non_cultivated, min_piece, measure)
    taken.append(found)
    report_progress(progress, 60)
    rest, found = zone_take(rest, inputs.unqualified, min_piece, measure)
    taken.append(found)
    report_progress(progress, 65)
    rest, found = take_inside(rest, lu_ground, *steep, min_piece, measure)
    taken.append(found)
    report_progress(progress, 70)
    return rest, taken


@dataclass
class Overlay:
    """The land use under a line, shared by every line's proposal: disjoint ground, categories, overlaps."""

    ground: np.ndarray
    groups: np.ndarray
    overlaps: np.ndarray
    pairs: tuple  # (line position, land-use position) of the pairs whose interiors may meet


def overlay(line, landuse, codes):
    """The ``Overlay`` of the land-use parcels ``landuse`` (four-digit ``codes``) under the ground ``line``."""
    landuse = np.asarray(landuse, dtype=object)
    line_i, lu_s = interior_pairs(line, landuse)
    ground, overlaps = ground_under(landuse, line_i, lu_s)
    return Overlay(ground, land_groups(codes), overlaps, (line_i, lu_s))


def zone_take(rest, zones, min_piece_m2, measure):
    """``take_inside`` of the polygons ``zones`` given for one category (None or empty: nothing taken)."""
    zones = zone_ground(zones)
    return take_inside(rest, zones, *interior_pairs(rest, zones), min_piece_m2, measure)


def conflict_take(rest, zones, min_piece_m2, measure):
    """``zone_take`` of the settled overlaps ``zones`` a line yields for one category: listed down to
    ``CONFLICT_MIN_PIECE_M2`` even when ``min_piece_m2`` is larger."""
    return zone_take(rest, zones, min(min_piece_m2, CONFLICT_MIN_PIECE_M2), measure)


def joined(first, then):
    """One category's ``_Taken`` from two takes of it (``first``'s pieces, then ``then``'s)."""
    return _Taken(np.r_[first.owner, then.owner].astype(np.int64), np.concatenate([first.geoms, then.geoms]),
                  np.r_[first.area_m2, then.area_m2], np.r_[first.project, then.project].astype(np.int64),
                  dropped=first.dropped + then.dropped, dropped_m2=first.dropped_m2 + then.dropped_m2)


@dataclass
class Assembly:
    """What ``assemble`` turns into ``Candidates``: the takes of one line in the order of its ``reasons``."""

    taken: list
    reasons: tuple
    n_line: int  # features of the line
    line_overlaps: np.ndarray
    fallback: np.ndarray  # category of ground of no known class, per line feature
    township: Optional[np.ndarray] = None
    n_patches: int = 0
    n_fragments: int = 0


def assemble(done: Assembly, land: Overlay, measure) -> Candidates:
    """The ``Candidates`` of the takes: ordered by reason, then township, then line order, with their breakdown."""
    taken = done.taken
    reason = np.concatenate([np.full(len(t.owner), k, dtype=np.int64) for k, t in enumerate(taken)])
    owner = np.concatenate([t.owner for t in taken])
    towns = np.full(done.n_line, "", dtype=object)
    if done.township is not None:
        towns[:] = ["" if v is None else str(v) for v in done.township]
    order = np.lexsort((owner, towns[owner].astype(str), reason))
    geoms = np.concatenate([t.geoms for t in taken])[order]
    area = np.concatenate([t.area_m2 for t in taken])[order]
    owner = owner[order]
    class_m2, unclassed = breakdown(geoms, area, done.fallback[owner], land.ground, land.groups, measure)
    return Candidates(
        owner=owner,
        reason=reason[order],
        geoms=geoms,
        area_m2=area,
        class_m2=class_m2,
        project=np.concatenate([t.project for t in taken])[order],
        township=towns[owner],
        unclassed_m2=unclassed,
        pbf_overlaps=done.line_overlaps,
        landuse_overlaps=land.overlaps,
        dropped=np.array([t.dropped for t in taken], dtype=np.int64),
        dropped_m2=np.array([t.dropped_m2 for t in taken], dtype=float),
        n_patches=done.n_patches,
        n_fragments=done.n_fragments,
        reasons=done.reasons,
    )


def find(inputs: CandidateInputs) -> Candidates:
    """The swap-out candidates of the farmland ``inputs.pbf`` (see the module doc for the rules)."""
    progress = inputs.progress
    pbf, pbf_overlaps = first_cover(np.asarray(inputs.pbf, dtype=object))
    report_progress(progress, 10)
    land = overlay(pbf, inputs.landuse, inputs.landuse_codes)
    report_progress(progress, 25)
    rest, taken = _take_reasons(pbf, land.ground, land.pairs, land.groups, inputs)
    left = take_fragments(rest, inputs)
    taken.append(left.taken)
    report_progress(progress, 85)
    fallback = np.full(len(pbf), CULTIVATED, dtype=np.int64)
    if inputs.pbf_codes is not None:
        own = land_groups(inputs.pbf_codes)
        fallback = np.where(own >= 0, own, CULTIVATED)
    found = assemble(Assembly(taken, REASONS, len(pbf), pbf_overlaps, fallback, inputs.township, left.n_patches,
                              left.n_fragments), land, inputs.measure)
    report_progress(progress, 100)
    return found
