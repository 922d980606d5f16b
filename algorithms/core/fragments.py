"""Fragmented patches (碎图斑): which merged patches of a control line fall under their area threshold.

Features are first merged into patches (``patches.label_patches``: touching, overlapping, or closer than
the merge distance). A patch is a fragment when its area is under the threshold of its terrain: PBF uses
5 亩 in the plains and 3 亩 in mountains and hills, UDB 15 亩, EPR counts patches under 1 km².

Terrain of a patch: it is *hilly* when more than half of its area lies inside the hilly zones; a patch
exactly half inside, or mostly outside, is a plain patch. This is decided per patch, never per feature,
so every feature of one patch gets the same threshold.

Patch area: the area of the patch's land, i.e. of the union of its features. When no two features of a
patch overlap, that is simply the sum of their areas, so a union is only ever computed for the few
features that overlap another (a data error that does happen). The result is what a dissolve followed by
"multipart to single parts" would measure, without the dissolve.

Exemption: a patch holding at least one exempt feature is never removed, whatever its area.

Everything here is pure (numpy, shapely). Areas are measured through a ``measure`` callable
(array of geometries → m², 0 for missing), so the caller decides planar or ellipsoidal measurement.

A run of the tool: ``plan(FragmentInputs) -> FragmentPlan`` labels the patches, decides which are removed
and gives the figures the tool writes and reports.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import shapely

from . import parallel, units
from .geometry import planar_area, polygonal_part, present
from .patches import label_patches_with_overlaps, overlapping_pairs


def dissolve_zones(zones):
    """The zones as non-overlapping polygons (their union split into parts), so areas inside never count twice."""
    zones = np.asarray(zones, dtype=object)
    zones = zones[present(zones)] if len(zones) else zones
    if not len(zones):
        return np.empty(0, dtype=object)
    parts = shapely.get_parts(shapely.union_all(zones))
    parts = parts[shapely.get_type_id(parts) == 3]  # polygons only; lines and points of a union have no area
    return np.asarray(parts, dtype=object)


def area_inside(geoms, zone_parts, measure=planar_area):
    """Area (m²) of each geometry lying inside ``zone_parts`` (non-overlapping polygons, see dissolve_zones)."""
    return area_of_pieces(len(geoms), pieces_inside(geoms, zone_parts), measure)


def area_of_pieces(n, found, measure=planar_area):
    """The areas of ``pieces_inside`` summed per geometry: an array of ``n``."""
    out = np.zeros(n)
    feature, pieces = found
    if len(feature):
        # Entries left empty (touching from outside) measure 0.
        np.add.at(out, feature, measure(pieces))
    return out


def pieces_inside(geoms, zone_parts):
    """The parts of the geometries inside ``zone_parts``, not yet measured: (feature, pieces).

    ``pieces[k]`` is the part of ``geoms[feature[k]]`` in one zone part (the geometry itself when wholly
    inside it; empty when it only touches the zone from outside).
    A county has few, large zones and many small features, so the index is built on the features and
    queried with the zones: every predicate then runs on a prepared zone. Features wholly inside count
    with their full area and features only touching a zone from outside count nothing, both decided by
    cheap prepared predicates; only features crossing a zone boundary are intersected.
    """
    geoms = np.asarray(geoms, dtype=object)
    nothing = (np.empty(0, dtype=np.int64), np.empty(0, dtype=object))
    zone_parts = np.asarray(zone_parts, dtype=object)
    there = np.flatnonzero(present(geoms))
    if not len(zone_parts) or not len(there):
        return nothing
    shapely.prepare(zone_parts)
    part, hit = shapely.STRtree(geoms[there]).query(zone_parts, predicate="intersects")
    if not len(hit):
        return nothing
    feature = there[hit]
    zone, piece = zone_parts[part], geoms[feature]
    pieces = np.empty(len(feature), dtype=object)
    # Pairs come in zone order: the prepared zones are split between threads whole (see parallel).
    whole = parallel.elementwise(shapely.contains_properly, zone, piece, groups=part)
    rest = np.flatnonzero(~whole)
    if len(rest):
        outside = parallel.elementwise(shapely.touches, zone[rest], piece[rest], groups=part[rest])
        rest = rest[~outside]
        covered = parallel.elementwise(shapely.covers, zone[rest], piece[rest], groups=part[rest])
        whole[rest[covered]] = True
        rest = rest[~covered]
    pieces[whole] = piece[whole]
    if len(rest):
        pieces[rest] = parallel.elementwise(shapely.intersection, piece[rest], zone[rest], groups=part[rest])
        # A crossing can leave slivers of line or point beside the polygons: keep what has area.
        collections = rest[shapely.get_type_id(pieces[rest]) == 7]
        pieces[collections] = [polygonal_part(g) for g in pieces[collections]]
    return feature, pieces


def patch_areas(geoms, labels, n_patches, measure=planar_area, zone_parts=None, overlap_pairs=None):
    """Area of every patch (m²), its area inside ``zone_parts`` and the number of patches with overlaps.

    ``labels`` from ``label_patches``; ``overlap_pairs``: (i, j) of the features whose interiors overlap,
    as ``label_patches_with_overlaps`` gives them (found here when not given). A feature overlapping no
    other shares no area with the rest of its patch, so a patch's area is the sum over those features
    plus the area of the union of its overlapping ones: only the few features involved in an overlap
    are ever unioned, however large their patch.
    """
    geoms = np.asarray(geoms, dtype=object)
    labels = np.asarray(labels, dtype=np.int64)
    has_zones = zone_parts is not None and len(zone_parts) > 0
    if overlap_pairs is None:
        overlap_pairs = overlapping_pairs(geoms)
    involved = np.zeros(len(geoms), dtype=bool)
    involved[np.asarray(overlap_pairs[0], dtype=np.int64)] = True
    involved[np.asarray(overlap_pairs[1], dtype=np.int64)] = True

    alone = (labels >= 0) & ~involved
    # astype: bincount of no weights at all comes back as integers.
    area = np.bincount(labels[alone], weights=measure(geoms[alone]), minlength=n_patches).astype(float)
    inside = np.zeros(n_patches)
    if has_zones:
        inside = np.bincount(
            labels[alone], weights=area_inside(geoms[alone], zone_parts, measure), minlength=n_patches
        ).astype(float)
    if not involved.any():
        return area, inside, 0
    members = np.flatnonzero(involved)
    members = members[np.argsort(labels[members], kind="stable")]
    overlapped, starts = np.unique(labels[members], return_index=True)
    unions = np.array(
        [shapely.union_all(geoms[group]) for group in np.split(members, starts[1:])], dtype=object
    )
    area[overlapped] += measure(unions)
    if has_zones:
        inside[overlapped] += area_inside(unions, zone_parts, measure)
    return area, inside, len(overlapped)


@dataclass
class Fragments:
    """The outcome of ``find_fragments``; patch arrays are indexed by patch label 0..n_patches-1."""

    labels: np.ndarray  # patch of each feature; -1 for features without geometry
    patch_area_m2: np.ndarray
    patch_hilly_m2: np.ndarray  # area of each patch inside the hilly zones (0 without zones)
    patch_is_hilly: np.ndarray
    patch_threshold_m2: np.ndarray
    patch_is_fragment: np.ndarray  # under the threshold of its terrain
    patch_is_exempt: np.ndarray  # holds at least one exempt feature
    unioned_patches: int  # patches holding overlapping features (measured through their union)
    overlapping: np.ndarray = None  # positions of the features whose interior overlaps another feature's

    @property
    def n_patches(self):
        return len(self.patch_area_m2)

    @property
    def patch_is_removed(self):
        return self.patch_is_fragment & ~self.patch_is_exempt

    @property
    def feature_is_removed(self):
        counted = self.labels >= 0
        out = np.zeros(len(self.labels), dtype=bool)
        out[counted] = self.patch_is_removed[self.labels[counted]]
        return out


def find_fragments(
    geoms,
    min_area_m2,
    merge_distance=0.0,
    hilly_zones=None,
    min_area_hilly_m2=None,
    exempt=None,
    measure=planar_area,
):
    """Label the patches of ``geoms`` and decide which are fragments (see the module doc for the rules).

    ``min_area_m2``: threshold of plain patches; ``min_area_hilly_m2``: threshold of hilly patches (only
    used with ``hilly_zones``, polygons in the same CRS as ``geoms``). ``exempt``: booleans per feature.
    A patch is a fragment when its area is strictly under its threshold.
    """
    geoms = np.asarray(geoms, dtype=object)
    labels, n_patches, left, right = label_patches_with_overlaps(geoms, merge_distance)
    zone_parts = dissolve_zones(hilly_zones) if hilly_zones is not None else None
    area, hilly, unioned = patch_areas(geoms, labels, n_patches, measure, zone_parts, (left, right))

    # "More than half inside" decides; comparing 2·inside with the total avoids dividing by a zero area.
    is_hilly = 2.0 * hilly > area if zone_parts is not None else np.zeros(n_patches, dtype=bool)
    hilly_threshold = min_area_m2 if min_area_hilly_m2 is None else min_area_hilly_m2
    threshold = np.where(is_hilly, hilly_threshold, min_area_m2).astype(float)

    counted = labels >= 0
    is_exempt = np.zeros(n_patches, dtype=bool)
    if exempt is not None:
        exempt = np.asarray(exempt, dtype=bool)
        is_exempt[labels[counted & exempt]] = True
    return Fragments(
        labels=labels,
        patch_area_m2=area,
        patch_hilly_m2=hilly,
        patch_is_hilly=is_hilly,
        patch_threshold_m2=threshold,
        patch_is_fragment=area < threshold,
        patch_is_exempt=is_exempt,
        unioned_patches=unioned,
        overlapping=np.unique(np.r_[left, right]).astype(np.int64),
    )


def multipart_features(geoms) -> int:
    """How many of ``geoms`` have several parts (each such feature is kept or removed whole)."""
    return int((shapely.get_num_geometries(geoms) > 1).sum()) if len(geoms) else 0


@dataclass
class FragmentInputs:
    """Everything ``plan`` decides on, as plain data."""

    geoms: np.ndarray  # per feature its repaired polygons (None: no geometry)
    min_area_mu: float  # threshold of plain patches (of every patch when there are no hilly zones)
    min_area_hilly_mu: float  # threshold of hilly patches, used only with hilly zones
    merge_distance: float = 0.0  # features closer than this join one patch (units of the coordinates)
    hilly_zones: Optional[np.ndarray] = None  # polygons of the mountain and hill zones, same CRS; None: none given
    exempt: Optional[np.ndarray] = None  # booleans per feature; a patch holding a true one is never removed
    # Array of geometries -> areas in m² (0 for missing): the caller's planar or ellipsoidal measure.
    measure: Callable[[np.ndarray], np.ndarray] = planar_area


@dataclass
class FragmentPlan:
    """The decision of ``plan`` and the figures of the run."""

    found: Fragments
    patch_mu: np.ndarray  # area of each patch, mu
    feature_is_removed: np.ndarray  # booleans per feature
    has_hilly_zones: bool

    @property
    def n_fragments(self) -> int:
        """Patches under their threshold, exempt ones included (the 碎图斑个数 indicator)."""
        return int(self.found.patch_is_fragment.sum())

    @property
    def n_exempt(self) -> int:
        return int((self.found.patch_is_fragment & self.found.patch_is_exempt).sum())

    @property
    def n_hilly(self) -> int:
        return int(self.found.patch_is_hilly.sum())

    @property
    def n_hilly_fragments(self) -> int:
        return int((self.found.patch_is_hilly & self.found.patch_is_fragment).sum())

    @property
    def removed_mu(self) -> float:
        return float(self.patch_mu[self.found.patch_is_removed].sum())

    @property
    def n_removed_features(self) -> int:
        return int(self.feature_is_removed.sum())

    def removals(self) -> list[tuple]:
        """Per removed feature, patch by patch (features of one patch in their input order): its position,
        PATCH_ID and PATCH_MU."""
        labels, removed = self.found.labels, self.feature_is_removed
        order = np.flatnonzero(removed)[np.argsort(labels[removed], kind="stable")]
        return [(int(i), int(labels[i]) + 1, float(self.patch_mu[labels[i]])) for i in order]


def plan(inputs: FragmentInputs) -> FragmentPlan:
    """Label the patches of a line and decide which are removed (see the module doc for the rules)."""
    found = find_fragments(
        inputs.geoms,
        units.mu_to_m2(inputs.min_area_mu),
        merge_distance=inputs.merge_distance,
        hilly_zones=inputs.hilly_zones,
        min_area_hilly_m2=units.mu_to_m2(inputs.min_area_hilly_mu),
        exempt=inputs.exempt,
        measure=inputs.measure,
    )
    return FragmentPlan(
        found=found,
        patch_mu=units.m2_to_mu(found.patch_area_m2),
        feature_is_removed=found.feature_is_removed,
        has_hilly_zones=inputs.hilly_zones is not None,
    )
