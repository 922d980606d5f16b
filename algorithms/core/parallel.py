"""Work spread over the machine's cores.

GEOS releases Python's interpreter lock while it computes, so shapely calls on separate geometries run
side by side in threads: a county run on a 2-core machine keeps both cores busy. Only work whose pieces
share no prepared geometry is spread this way (a prepared geometry builds its indexes lazily, on first
use, and two threads must not do that at once), and the results come out exactly as one thread gives
them, in the same order. Nothing here may be called from inside a task it runs (a full pool would wait
on itself).
"""
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

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


def elementwise(function, *arrays):
    """``function(*arrays)`` for a shapely function working element by element, in one slice per core.

    The slices' results are concatenated, so the answer is the one a single call gives.
    """
    n = len(arrays[0])
    if WORKERS == 1 or n < MIN_SPLIT:
        return function(*arrays)
    bounds = np.linspace(0, n, WORKERS + 1).astype(np.int64)

    def piece(k):
        return function(*(a[bounds[k]:bounds[k + 1]] for a in arrays))

    return np.concatenate(list(_executor().map(piece, range(WORKERS))))
