"""The exact cut of the edge swap: the last unit of candidate land is cut so that the piece kept measures
exactly the area still needed and lies against the line (or the land already chosen).
"""
import math

import numpy as np
import shapely

from .geometry import polygonal_part
from .swap_edges import BOUNDARY_ON_LINE

# The cut of the last unit stops when its area is this close to the target: well inside the 0.01 m² a
# balance must reach, leaving room for the round-off of the overlays that build the output.
SPLIT_TOLERANCE_M2 = 0.002


def _area(measure, geom):
    if geom is None or geom.is_empty:
        return 0.0
    return float(measure(np.array([geom], dtype=object))[0])


def _straight_cut(unit, contact):
    """Cutter sweeping a straight line parallel to the contact, away from it into the unit."""
    centre = np.array(shapely.get_coordinates(shapely.centroid(unit))[0])
    if shapely.get_dimensions(contact) == 1:
        xy_parts = [shapely.get_coordinates(p) for p in shapely.get_parts(contact)]
        dx = np.concatenate([np.diff(c[:, 0]) for c in xy_parts])
        dy = np.concatenate([np.diff(c[:, 1]) for c in xy_parts])
        weight = np.hypot(dx, dy)
        if weight.sum() <= 0:
            return None
        # Mean direction of the shared edge; doubled angles so that opposite segment directions agree.
        angle = 2 * np.arctan2(dy, dx)
        theta = 0.5 * math.atan2((weight * np.sin(angle)).sum(), (weight * np.cos(angle)).sum())
        tangent = np.array([math.cos(theta), math.sin(theta)])
        normal = np.array([-tangent[1], tangent[0]])
        origin = np.array(shapely.get_coordinates(shapely.centroid(contact))[0])
    else:
        origin = np.array(shapely.get_coordinates(contact)[0])
        away = centre - origin
        length = float(np.hypot(*away))
        normal = away / length if length > 0 else np.array([0.0, 1.0])
        tangent = np.array([normal[1], -normal[0]])
    if np.dot(centre - origin, normal) < 0:
        normal = -normal
    xy = shapely.get_coordinates(unit) - origin
    along_n = xy @ normal
    along_t = xy @ tangent
    low, high = float(along_n.min()), float(along_n.max())
    margin = 1.0 + (high - low) + float(along_t.max() - along_t.min())
    t_low, t_high = float(along_t.min()) - margin, float(along_t.max()) + margin
    back = low - margin

    def piece_at(s):
        corners = [
            origin + tangent * t_low + normal * back,
            origin + tangent * t_high + normal * back,
            origin + tangent * t_high + normal * s,
            origin + tangent * t_low + normal * s,
        ]
        return polygonal_part(shapely.intersection(unit, shapely.Polygon(corners)))

    return piece_at, low, high


def _band_cut(unit, contact):
    """Cutter keeping the part of the unit within a growing distance of the contact."""
    xy = shapely.get_coordinates(unit)
    far = float(shapely.distance(shapely.points(xy), contact).max())

    def piece_at(d):
        if d <= 0:
            return None
        return polygonal_part(shapely.intersection(unit, shapely.buffer(contact, d, quad_segs=16)))

    return piece_at, 0.0, far * 1.05 + 1e-6


def _solve(piece_at, low, high, target, measure, tolerance, max_iter=200):
    """Find s in [low, high] with area(piece_at(s)) = target (the area grows with s): Illinois method.

    Returns (piece, area) of the closest piece found.
    """
    f_low = -target
    top = piece_at(high)
    f_high = _area(measure, top) - target
    for _ in range(5):  # a band reaches the far corners a little later than their distance says
        if f_high >= 0:
            break
        high = 2 * high - low
        top = piece_at(high)
        f_high = _area(measure, top) - target
    best = (abs(f_high), top, f_high + target)
    if f_high < 0:
        return best[1], best[2]
    side = 0
    for step in range(max_iter):
        if step % 5 == 4 or f_high == f_low:
            s = 0.5 * (low + high)
        else:
            s = (low * f_high - high * f_low) / (f_high - f_low)
            if not low < s < high:
                s = 0.5 * (low + high)
        piece = piece_at(s)
        area = _area(measure, piece)
        f = area - target
        if abs(f) < best[0]:
            best = (abs(f), piece, area)
        if abs(f) <= tolerance:
            break
        if f < 0:
            low, f_low = s, f
            if side < 0:
                f_high *= 0.5
            side = -1
        else:
            high, f_high = s, f
            if side > 0:
                f_low *= 0.5
            side = 1
        if high - low <= 1e-12 * max(1.0, abs(low), abs(high)):
            break
    return best[1], best[2]


def _lies_against(piece, contact):
    """Every part of ``piece`` runs along ``contact`` (always true for a point contact)."""
    if shapely.get_dimensions(contact) != 1:
        return True
    parts = shapely.get_parts(piece)
    return bool(np.all(shapely.relate_pattern(parts, contact, BOUNDARY_ON_LINE)))


def cut_to_area(unit, target, contact, measure, tolerance=SPLIT_TOLERANCE_M2):
    """Cut ``unit`` so that the kept piece measures ``target`` m² and lies against ``contact``.

    ``contact`` is the shared edge (lines) or, for a detached unit, the point of the unit nearest the
    line. The cut is a straight line parallel to the shared edge, moved by the Illinois variant of
    regula falsi until the area is exact; where a straight cut would give a piece not touching the edge
    (a unit wrapped round a corner of the line), a band along the edge is widened instead. Returns
    (piece, measured area); the piece is the whole unit when the target is not smaller than it.
    """
    total = _area(measure, unit)
    if target >= total - tolerance:
        return unit, total
    if target <= 0:
        return None, 0.0
    fallback = None
    for cutter in (_straight_cut, _band_cut):
        made = cutter(unit, contact)
        if made is None:
            continue
        piece, area = _solve(made[0], made[1], made[2], target, measure, tolerance)
        if piece is None:
            continue
        if abs(area - target) <= tolerance and _lies_against(piece, contact):
            return piece, area
        if fallback is None or abs(area - target) < abs(fallback[1] - target):
            fallback = (piece, area)
    if fallback is None:
        return None, 0.0
    return fallback
