"""Conflicts between the three control lines (三线冲突): where two lines cover the same ground.

Permanent basic farmland, the ecological protection red line and the urban development boundary must
not overlap (三条控制线不交叉不重叠). An overlap is found feature against feature: every pair (a feature of
one line, a feature of the other) whose interiors meet gives the polygons of their intersection, split into
single parts. Parts under a minimum area are slivers left by digitising (two lines drawn along one boundary
with a few centimetres of difference) and are dropped; the default keeps everything of 1 m² or more.

Each output polygon lies inside one feature of each line, so it can carry both features' attributes, and the
total of a pair is the sum of its polygons: the number agrees with the map. A line whose features overlap
each other (a duplicated parcel, a digitising overlap) is a data error that would count the same ground once
per feature: where features of one line overlap, the ground belongs to the first of them in reading order
(``first_cover_parts``), so every square metre counts once, and the overlapping features are returned for a
warning. Only features that meet the other line are checked, so a clean county costs nothing more.

Pure: shapely and numpy; areas come from a ``measure`` callable (geometries → m²), so the caller decides
planar or ellipsoidal measurement.
"""
from dataclasses import dataclass

import numpy as np
import shapely

from .geometry import (
    LARGE_VERTICES,
    interiors_meet,
    interiors_meet_large,
    planar_area,
    polygon_parts,
    polygonal_part,
    present,
    robust_binary,
)
from .patches import overlapping_pairs

DEFAULT_MIN_AREA_M2 = 1.0

# The order of the lines and of their pairs is the order of every table and output.
LINES = ("PBF", "EPR", "UDB")
PAIRS = (("PBF", "EPR"), ("PBF", "UDB"), ("EPR", "UDB"))
LINE_NAMES = {
    "PBF": ("Permanent basic farmland", "永久基本农田"),
    "EPR": ("Ecological protection red line", "生态保护红线"),
    "UDB": ("Urban development boundary", "城镇开发边界"),
}


def kind_label(pair):
    """The KIND value of an overlap polygon, e.g. 永久基本农田∩生态保护红线 (data, written in Chinese)."""
    a, b = pair
    return f"{LINE_NAMES[a][1]}∩{LINE_NAMES[b][1]}"


# The pair of a KIND value: how a layer of overlaps (planmaint:conflictcheck's output) names its pair.
PAIR_OF_KIND = {kind_label(pair): pair for pair in PAIRS}


def pair_key(pair):
    """'PBF_EPR' for ('PBF', 'EPR'): the stem of the per-pair output numbers."""
    return "_".join(pair)


# Polygons worth cutting for interior_pairs: below this the bookkeeping costs what the pieces save (a land-use
# layer's few parcels of 300 vertices), above it a red line's thousands of vertices are most of the work.
_CUT_ABOVE = 4 * LARGE_VERTICES


def interior_pairs(a_geoms, b_geoms):
    """Index arrays (i, j) of the features a[i], b[j] whose interiors meet (touching along an edge is not enough).

    The spatial index only proposes pairs whose boxes meet; the relate test then drops pairs that merely
    touch, which is most of them on parcel data and would otherwise each cost an intersection. Large polygons
    of b are tested piece by piece (``geometry.interiors_meet_large``), with the same result.
    """
    a_geoms = np.asarray(a_geoms, dtype=object)
    b_geoms = np.asarray(b_geoms, dtype=object)
    a_idx = np.flatnonzero(present(a_geoms))
    b_idx = np.flatnonzero(present(b_geoms))
    if not len(a_idx) or not len(b_idx):
        return _empty_pairs()
    large = shapely.get_num_coordinates(b_geoms[b_idx]) > _CUT_ABOVE
    if not large.any():
        tree = shapely.STRtree(b_geoms[b_idx])
        left, right = tree.query(a_geoms[a_idx], predicate="intersects")
        left, right = a_idx[left], b_idx[right]
        meet = interiors_meet(a_geoms[left], b_geoms[right])
        return left[meet], right[meet]
    found = [_empty_pairs()]
    small_b = b_idx[~large]
    if len(small_b):
        left, right = shapely.STRtree(b_geoms[small_b]).query(a_geoms[a_idx], predicate="intersects")
        left, right = a_idx[left], small_b[right]
        meet = interiors_meet(a_geoms[left], b_geoms[right])
        found.append((left[meet], right[meet]))
    large_b = b_idx[large]
    # The index query tests its query geometries prepared: the large polygon is the one worth preparing.
    right, left = shapely.STRtree(a_geoms[a_idx]).query(b_geoms[large_b], predicate="intersects")
    left, right = a_idx[left], large_b[right]
    meet = interiors_meet_large(a_geoms, b_geoms, left, right)
    found.append((left[meet], right[meet]))
    left = np.concatenate([f[0] for f in found]).astype(np.int64)
    right = np.concatenate([f[1] for f in found]).astype(np.int64)
    # Give the pairs the order of one index over all of b (the order callers and outputs always had): a box
    # query without a predicate returns the same sequence, only longer.
    box_left, box_right = shapely.STRtree(b_geoms[b_idx]).query(a_geoms[a_idx])
    code = np.int64(len(b_geoms)) * a_idx[box_left] + b_idx[box_right]
    by_code = np.argsort(code)
    position = by_code[np.searchsorted(code[by_code], np.int64(len(b_geoms)) * left + right)]
    order = np.argsort(position)
    return left[order], right[order]


def _empty_pairs():
    return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)


def first_cover_parts(geoms, candidates=None):
    """Each feature cut down to the ground no earlier feature covers: overlapping ground counts once.

    Returns (geometries, (earlier, later)): the pairs of features whose interiors overlap by more than
    rounding (``patches.NEGLIGIBLE_OVERLAP``, as patches are labelled), and the geometries with every later
    feature of such a pair reduced to what none of the earlier ones covers (an empty polygon when it is a
    duplicate). Features overlapping nothing are left as they are, and with no overlap at all ``geoms``
    itself comes back, so a clean line is never copied.
    ``candidates``: positions of the only features that may overlap (None: all); the search runs among them.
    """
    geoms = np.asarray(geoms, dtype=object)
    positions = np.flatnonzero(present(geoms)) if len(geoms) else np.empty(0, dtype=np.int64)
    if candidates is not None:
        positions = np.intersect1d(positions, np.asarray(candidates, dtype=np.int64))
    if len(positions) < 2:
        return geoms, _empty_pairs()
    sub = geoms[positions]
    # The overlapping pairs are the ones patch labelling finds: its adjacency settles most neighbours by
    # their shared edges without a relate, and it drops the rounding "overlaps" of exactly split
    # neighbours (patches.NEGLIGIBLE_OVERLAP), so an overlap counts as the patches count it.
    left, right = overlapping_pairs(sub)
    earlier, later = positions[left], positions[right]
    if not len(earlier):
        return geoms, _empty_pairs()
    order = np.lexsort((earlier, later))
    earlier, later = earlier[order], later[order]
    cut, starts = np.unique(later, return_index=True)
    covered = np.array(
        [shapely.union_all(geoms[group]) for group in np.split(earlier, starts[1:])], dtype=object
    )
    remains = robust_binary(shapely.difference, geoms[cut], covered)
    out = geoms.copy()
    for k, geom in zip(cut, remains):
        # A difference can leave lines or points along the shared edge: only the polygons are ground.
        part = polygonal_part(geom)
        out[k] = part if part is not None else shapely.Polygon()
    return out, (earlier, later)


def overlapping_features(pairs):
    """Sorted positions of every feature in the pairs ``first_cover_parts`` returns."""
    return np.unique(np.concatenate([np.asarray(p, dtype=np.int64) for p in pairs]))


@dataclass
class Overlap:
    """The overlap polygons of one pair of lines; arrays are indexed by polygon."""

    pair: tuple
    a_index: np.ndarray  # feature of the first line holding the polygon
    b_index: np.ndarray  # feature of the second line
    geoms: np.ndarray
    area_m2: np.ndarray
    # Pairs (earlier, later) of features of each line overlapping each other where they meet the other line;
    # their common ground was counted once, for the earlier feature.
    a_self_overlaps: tuple = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    b_self_overlaps: tuple = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))

    def __len__(self):
        return len(self.geoms)

    @property
    def kind(self):
        return kind_label(self.pair)

    @property
    def total_m2(self):
        return float(self.area_m2.sum())


def overlap_polygons(pair, a_geoms, b_geoms, measure=planar_area, min_area_m2=DEFAULT_MIN_AREA_M2):
    """The overlap of two lines as single polygons of at least ``min_area_m2`` (see the module doc)."""
    return measured_overlap(pair, overlap_parts(a_geoms, b_geoms), measure, min_area_m2)


@dataclass
class OverlapParts:
    """The overlap of two lines before it is measured: single polygons and the features holding each."""

    left: np.ndarray  # feature of the first line of each overlapping pair
    right: np.ndarray  # feature of the second line
    parts: np.ndarray
    source: np.ndarray  # pair of each part
    a_self: tuple
    b_self: tuple


def measured_overlap(pair, found, measure=planar_area, min_area_m2=DEFAULT_MIN_AREA_M2):
    """The ``Overlap`` of ``overlap_parts``: its polygons of at least ``min_area_m2``, measured."""
    area = measure(found.parts) if len(found.parts) else np.zeros(0)
    keep = (area >= min_area_m2) & (area > 0)
    return Overlap(
        pair=tuple(pair),
        a_index=found.left[found.source[keep]],
        b_index=found.right[found.source[keep]],
        geoms=found.parts[keep],
        area_m2=np.asarray(area, dtype=float)[keep],
        a_self_overlaps=found.a_self,
        b_self_overlaps=found.b_self,
    )


def overlap_parts(a_geoms, b_geoms):
    """The geometry work of ``overlap_polygons``: the overlap cut into single polygons (``OverlapParts``)."""
    a_geoms = np.asarray(a_geoms, dtype=object)
    b_geoms = np.asarray(b_geoms, dtype=object)
    left, right = interior_pairs(a_geoms, b_geoms)
    # Ground shared by two features of one line would be intersected once per feature: give it to the
    # first. Only features meeting the other line can matter, so only they are checked.
    a_geoms, a_self = first_cover_parts(a_geoms, np.unique(left))
    b_geoms, b_self = first_cover_parts(b_geoms, np.unique(right))
    if len(a_self[0]) or len(b_self[0]):
        # A duplicate is now empty and a cut feature may no longer reach the other line.
        still = present(a_geoms[left]) & present(b_geoms[right])
        left, right = left[still], right[still]
    pieces = np.empty(len(left), dtype=object)
    if len(left):
        # A feature wholly inside the other is its own overlap: no overlay needed (the common case for
        # farmland parcels lying inside a red-line polygon).
        a_inside = shapely.covers(b_geoms[right], a_geoms[left])
        pieces[a_inside] = a_geoms[left[a_inside]]
        rest = np.flatnonzero(~a_inside)
        if len(rest):
            b_inside = shapely.covers(a_geoms[left[rest]], b_geoms[right[rest]])
            pieces[rest[b_inside]] = b_geoms[right[rest[b_inside]]]
            cut = rest[~b_inside]
            if len(cut):
                pieces[cut] = robust_binary(shapely.intersection, a_geoms[left[cut]], b_geoms[right[cut]])
    parts, source = polygon_parts(pieces)
    return OverlapParts(left=left, right=right, parts=parts, source=source, a_self=a_self, b_self=b_self)


def find_conflicts(lines, measure=planar_area, min_area_m2=DEFAULT_MIN_AREA_M2, progress=None):
    """Overlaps of every pair of the given lines.

    ``lines``: {"PBF"|"EPR"|"UDB": array of polygons}; a missing or None entry is not checked. Returns
    {pair: Overlap} in the order of ``PAIRS``, only for pairs whose two lines are given.
    ``progress``: optional callable(fraction done) called after each pair.
    """
    given = [name for name in LINES if lines.get(name) is not None]
    pairs = [pair for pair in PAIRS if pair[0] in given and pair[1] in given]
    out = {}
    for k, pair in enumerate(pairs):
        out[pair] = overlap_polygons(pair, lines[pair[0]], lines[pair[1]], measure, min_area_m2)
        if progress is not None:
            progress((k + 1) / len(pairs))
    return out
