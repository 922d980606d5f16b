"""Work spread over the machine's cores.

GEOS releases Python's interpreter lock while it computes, so shapely calls on separate geometries run
side by side in threads: a county run on a 2-core machine keeps both cores busy. GEOS 3.11 fills some
caches of a geometry on first use (its envelope; a prepared geometry's indexes), and two threads must
not do that at once: geometries are given their envelopes here before they are shared, and work whose
pieces would share a prepared geometry is never spread. Results come out exactly as one thread gives
them, in the same order. Nothing here may be called from inside a task it runs (a full pool would wait
on itself).
"""
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

WORKERS = max(1, min(4, os.cpu_count() or 1))
# Below this many geometries a split costs more in thread hand-over than it saves.
MIN_SPLIT = 20000

_pool = None


def _executor():
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="planmaint")
    return _pool


def map_ordered(function, items, progress=None, every=200):
    """``[function(item) for item in items]``, computed on all cores.

    ``progress``: optional callable taking a percentage, called every ``every`` results from the calling
    thread (it may raise to cancel: tasks not started yet are then dropped).
    """
    items = list(items)
    if WORKERS == 1 or len(items) < 2:
        results = []
        for k, item in enumerate(items):
            if progress is not None and k % every == 0:
                progress(100.0 * k / len(items))
            results.append(function(item))
        return results
    results = []
    for k, result in enumerate(_executor().map(function, items)):
        if progress is not None and k % every == 0:
            progress(100.0 * k / len(items))
        results.append(result)
    return results


def _slices(n):
    return np.linspace(0, n, WORKERS + 1).astype(np.int64)


def _prime(geoms):
    """Compute the envelopes GEOS caches lazily, here in one thread (an array may hold one geometry twice)."""
    shapely.bounds(geoms)


def elementwise(function, *arrays, groups=None):
    """``function(*arrays)`` for a shapely function working element by element, in one slice per core.

    The slices' results are concatenated, so the answer is the one a single call gives. A prepared
    geometry may take part only through ``groups``: a sorted key per element (say, the index of the
    prepared geometry of each pair), and slices then end only where the key changes, so each prepared
    geometry is used by one thread alone.
    """
    n = len(arrays[0])
    if WORKERS == 1 or n < MIN_SPLIT:
        return function(*arrays)
    bounds = _slices(n)
    if groups is not None:
        groups = np.asarray(groups)
        # Move each inner bound forward to the first element of a new group.
        bounds[1:-1] = np.searchsorted(groups, groups[bounds[1:-1] - 1], side="right")
        bounds = np.maximum.accumulate(bounds)
    for a in arrays:
        _prime(a)

    def piece(k):
        return function(*(a[bounds[k]:bounds[k + 1]] for a in arrays))

    return np.concatenate(list(_executor().map(piece, range(WORKERS))))


def query(tree, geoms, predicate=None, distance=None):
    """``tree.query(geoms, predicate, distance)``, the query geometries split over the cores.

    Each query geometry is tested on its own (the index prepares a temporary copy of it), so the slices
    share only the tree, which is read-only once built; the answer is the one a single query gives.
    """
    options = {"predicate": predicate} if predicate is not None else {}
    if distance is not None:
        options["distance"] = distance
    n = len(geoms)
    if WORKERS == 1 or n < MIN_SPLIT:
        return tree.query(geoms, **options)
    _prime(geoms)
    tree.query(geoms[:1])  # GEOS builds the tree on its first query: here, before the threads share it
    bounds = _slices(n)

    def piece(k):
        found = tree.query(geoms[bounds[k]:bounds[k + 1]], **options)
        found[0] += bounds[k]
        return found

    return np.concatenate(list(_executor().map(piece, range(WORKERS))), axis=1)
