"""The area basis of an edge swap: map area (gross) or area net of field ridges (净面积, area × (1 − KCXS)).

Farmland quotas are set on net area, so the balance of a farmland swap may be kept on it: each piece that
leaves or joins counts its map area × (1 − k), k (KCXS, 扣除系数) from the feature it comes from — the line
feature for land leaving, the swap-in or candidate feature for land joining. Where that feature has no
ratio of its own, the land-use parcels under the piece give it: the piece counts its map area minus the
area of each parcel under it times the parcel's ratio, so ground under no parcel with a ratio deducts
nothing. Defined this way the net area of a piece is additive (two halves add up to the whole), which keeps
the balance exact however the line is cut.

Pure: numpy and shapely, no qgis. ``Basis`` measures on the basis chosen; the plan (``swap``) works in it.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from .indicator_geometry import overlay_pieces
from .indicator_rows import net_factors


def own_factors(values):
    """(1 − k per feature, positions of values that are no ratio in [0, 1)) of a ratio field's values.

    A missing value (None, blank text) gives NaN: the land-use parcels under the feature's land decide.
    ``values`` None (the layer has no such field): None.
    """
    if values is None:
        return None, np.empty(0, dtype=np.int64)
    factor, bad = net_factors(values)
    missing = [k for k, v in enumerate(values) if v is None or (isinstance(v, str) and not v.strip())]
    factor[missing] = np.nan
    return factor, bad


def _nan(n):
    return np.full(n, np.nan)


@dataclass
class NetFactors:
    """1 − KCXS of each feature of the layers whose land moves (NaN where a feature has none; None for a
    layer without the field or not given), and the land-use parcels that give it where a feature lacks it."""

    line: np.ndarray = None
    must_in: np.ndarray = None
    candidates: np.ndarray = None
    landuse: np.ndarray = None  # land-use parcel geometries; None when not given
    landuse_factor: np.ndarray = None  # 1 − KCXS of each parcel, NaN where it has none
    _tree: object = field(default=None, init=False, repr=False, compare=False)

    def of(self, name, positions):
        """The factors of features ``positions`` of layer ``name`` ("line", "must_in", "candidates")."""
        values = getattr(self, name)
        positions = np.asarray(positions, dtype=np.int64)
        return _nan(len(positions)) if values is None else np.asarray(values, dtype=float)[positions]

    def parcels_near(self, geoms):
        """The land-use parcels with a ratio whose boxes meet ``geoms``: (geometries, 1 − KCXS)."""
        if self.landuse is None or not len(geoms):
            return np.empty(0, dtype=object), np.empty(0)
        if self._tree is None:
            usable = np.flatnonzero(np.isfinite(np.asarray(self.landuse_factor, dtype=float))
                                    & ~shapely.is_missing(self.landuse))
            self._tree = (shapely.STRtree(self.landuse[usable]), usable)
        tree, usable = self._tree
        _, hit = tree.query(np.asarray(geoms, dtype=object))
        near = usable[np.unique(hit)]
        return self.landuse[near], np.asarray(self.landuse_factor, dtype=float)[near]


class Basis:
    """Areas on the swap's basis: ``net`` None measures map area, a ``NetFactors`` the area net of ridges.

    ``measure``: map areas in m² of an array of geometries (0 for missing ones).
    """

    def __init__(self, measure, net=None):
        self.measure = measure
        self.net = net

    @property
    def is_net(self):
        return self.net is not None

    def areas(self, geoms, m2, own):
        """The area of each piece on the basis: ``m2`` (their map areas) itself when gross; net, each piece
        with ``own`` (1 − k of the feature it comes from, NaN: from the land use under it)."""
        m2 = np.asarray(m2, dtype=float)
        if self.net is None:
            return m2
        own = np.full(len(m2), np.nan) if own is None else np.asarray(own, dtype=float)
        out = m2 * np.where(np.isfinite(own), own, 1.0)
        todo = np.flatnonzero(~np.isfinite(own))
        if len(todo):
            deducted, _ = self._landuse_deduction(np.asarray(geoms, dtype=object)[todo])
            out[todo] -= deducted
        return out

    def without_ratio(self, geoms, own):
        """Whether each piece counts with k = 0 for lack of a ratio: its feature has none and no land-use
        parcel with one lies under it. All False when gross."""
        own = np.asarray(own, dtype=float)
        missing = np.zeros(len(own), dtype=bool)
        if self.net is None:
            return missing
        todo = np.flatnonzero(~np.isfinite(own))
        if len(todo):
            _, covered = self._landuse_deduction(np.asarray(geoms, dtype=object)[todo])
            missing[todo] = covered <= 0
        return missing

    def unit_measure(self, unit, own):
        """The measure of pieces cut from ``unit`` (a single geometry, ``own`` its factor) on the basis,
        for the exact cut: the land-use parcels under the unit are found once, not at every step."""
        if self.net is None:
            return self.measure
        if np.isfinite(own):
            return lambda geoms: np.asarray(self.measure(geoms), dtype=float) * own
        parcels, factor = self.net.parcels_near(np.array([unit], dtype=object))

        def measure(geoms):
            m2 = np.asarray(self.measure(geoms), dtype=float)
            return m2 - _deduction(geoms, parcels, factor, self.measure)[0]

        return measure

    def _landuse_deduction(self, geoms):
        """(m² deducted, m² covered by parcels with a ratio) of each geometry."""
        parcels, factor = self.net.parcels_near(geoms)
        return _deduction(geoms, parcels, factor, self.measure)


def _deduction(geoms, parcels, factor, measure):
    """Σ area(piece ∩ parcel) × KCXS(parcel) and Σ area(piece ∩ parcel) of each piece (two arrays, m²)."""
    n = len(geoms)
    if not len(parcels) or not n:
        return np.zeros(n), np.zeros(n)
    i, j, a = overlay_pieces(np.asarray(geoms, dtype=object), parcels, measure)
    return np.bincount(i, weights=a * (1.0 - factor[j]), minlength=n), np.bincount(i, weights=a, minlength=n)
