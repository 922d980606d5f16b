"""Boundaries and contacts for the edge swap: where a unit of candidate land touches the line, which units
touch each other, and the stretch of boundary a unit shares with them.

*Adjacent* means sharing a stretch of boundary. A single common corner point is not adjacency, the same rule
as for patches (a dissolve keeps corner-touching polygons apart).
"""
import functools

import numpy as np
import shapely

from . import parallel
from .patches import adjacency_pairs
from .swap_overlay import explode

# Boundaries are cut into pieces of at most this many vertices before indexing, so that a dissolved line
# (an EPR ring of 100 000 vertices) is tested for contact piece by piece, never as one huge geometry.
CHUNK_VERTICES = 64
BOUNDARY_ON_LINE = "***1*****"  # polygon boundary ∩ line interior is one-dimensional
# One edge cut by two overlays (a parcel and the line, both cut by the same project) comes out as two copies a
# rounding apart. GEOS 3.11 then sees the unit touch the line at points and GEOS 3.13 along the edge; measured
# with this tolerance, every GEOS sees the edge.
CONTACT_TOLERANCE_M = 1e-6
# A stretch of boundary within the tolerance and shorter than this is a corner, not an edge.
MIN_CONTACT_M = 1e-3


def chunk_lines(lines, max_vertices=CHUNK_VERTICES):
    """Cut linestrings into consecutive pieces of at most ``max_vertices`` vertices.

    Returns (chunks, line index of each chunk). Consecutive chunks share their end vertex, so together
    they cover every segment exactly once.
    """
    lines = np.asarray(lines, dtype=object)
    none = np.empty(0, dtype=np.int64)
    if not len(lines):
        return np.empty(0, dtype=object), none
    coords, which = shapely.get_coordinates(lines, return_index=True)
    counts = np.bincount(which, minlength=len(lines))
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    segments = np.maximum(counts - 1, 0)
    per_chunk = max(1, max_vertices - 1)
    n_chunks = -(-segments // per_chunk)
    line_of = np.repeat(np.arange(len(lines)), n_chunks)
    if not len(line_of):
        return np.empty(0, dtype=object), none
    first_chunk = np.cumsum(n_chunks) - n_chunks
    k = np.arange(len(line_of)) - np.repeat(first_chunk, n_chunks)
    begin = k * per_chunk
    end = np.minimum(begin + per_chunk, segments[line_of])
    lengths = end - begin + 1
    before = np.cumsum(lengths) - lengths
    vertex = np.repeat(starts[line_of] + begin - before, lengths) + np.arange(lengths.sum())
    chunks = shapely.linestrings(coords[vertex], indices=np.repeat(np.arange(len(lengths)), lengths))
    return np.asarray(chunks, dtype=object), line_of.astype(np.int64)


def boundary_chunks(polys, exterior_only=False):
    """Boundary pieces of polygons (every ring, or only exterior rings) and the polygon each belongs to."""
    polys = np.asarray(polys, dtype=object)
    parts, owner = explode(polys)
    if not len(parts):
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    rings = [shapely.get_exterior_ring(parts)]
    ring_owner = [owner]
    if not exterior_only:
        n_holes = shapely.get_num_interior_rings(parts)
        if n_holes.sum():
            which = np.repeat(np.arange(len(parts)), n_holes)
            number = np.arange(len(which)) - np.repeat(np.cumsum(n_holes) - n_holes, n_holes)
            rings.append(shapely.get_interior_ring(parts[which], number))
            ring_owner.append(owner[which])
    rings = np.concatenate(rings)
    ring_owner = np.concatenate(ring_owner)
    chunks, ring_of = chunk_lines(rings)
    return chunks, ring_owner[ring_of]


def edge_contacts(units, chunks):
    """Pairs (unit, chunk) where the unit's boundary runs along the chunk for a positive length."""
    units = np.asarray(units, dtype=object)
    chunks = np.asarray(chunks, dtype=object)
    none = np.empty(0, dtype=np.int64)
    if not len(units) or not len(chunks):
        return none, none
    tree = shapely.STRtree(chunks)
    ui, cj = tree.query(units, predicate="intersects")
    if len(ui):
        on_line = functools.partial(shapely.relate_pattern, pattern=BOUNDARY_ON_LINE)
        keep = parallel.elementwise(on_line, units[ui], chunks[cj])
        doubtful = np.flatnonzero(~keep)  # they meet, but not along an edge as GEOS computes it
        if len(doubtful):
            near = shapely.intersection(shapely.boundary(units[ui[doubtful]]),
                                        shapely.buffer(chunks[cj[doubtful]], CONTACT_TOLERANCE_M, quad_segs=1))
            keep[doubtful] = shapely.length(near) > MIN_CONTACT_M
        ui, cj = ui[keep], cj[keep]
    return ui.astype(np.int64), cj.astype(np.int64)


def neighbour_lists(n, left, right):
    """Compressed neighbour lists (pointer, index) of an undirected graph given by its edges."""
    a = np.r_[np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)]
    b = np.r_[np.asarray(right, dtype=np.int64), np.asarray(left, dtype=np.int64)]
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    pointer = np.searchsorted(a, np.arange(n + 1))
    return pointer, b


def unit_neighbours(units):
    """Neighbour lists of the units (adjacent = sharing a stretch of boundary)."""
    left, right = adjacency_pairs(units)
    return neighbour_lists(len(units), left, right)


def contact_between(unit, references):
    """The stretch of ``unit``'s boundary that it shares with ``references`` (lines or polygons), or None."""
    refs = [r for r in references if r is not None and not r.is_empty]
    if unit is None or not refs:
        return None
    lines = [shapely.boundary(r) if shapely.get_dimensions(r) == 2 else r for r in refs]
    shared = shapely.intersection(shapely.boundary(unit), shapely.union_all(lines))
    parts = [
        p for p in shapely.get_parts(shapely.get_parts(shared))
        if shapely.get_type_id(p) in (1, 2) and not p.is_empty
    ]
    if not parts:
        return None
    return shapely.multilinestrings(parts)


def nearest_point(unit, chunks, taken):
    """For a detached unit: its boundary point nearest the line (``chunks``) or the land already ``taken``."""
    refs = [g for g in np.r_[chunks, taken] if g is not None]
    if not refs:
        return shapely.Point(shapely.get_coordinates(unit)[0])
    tree = shapely.STRtree(np.array(refs, dtype=object))
    nearest = tree.query_nearest(unit, all_matches=False)
    ref = refs[int(np.atleast_1d(nearest)[0])]
    return shapely.get_point(shapely.shortest_line(unit, ref), 0)
