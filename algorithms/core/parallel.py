"""Work spread over the machine's cores.

GEOS releases Python's interpreter lock while it computes, so shapely calls on separate geometries run
side by side in threads: a county run on a 2-core machine keeps both cores busy. "Separate" is meant
strictly. GEOS 3.11 (Debian 12's) fills caches inside a geometry on first use, without a lock: the
envelope of the geometry and of each of its rings, the indexes of a prepared geometry. Two threads
reaching one geometry could fill the same cache at once, so no geometry object is ever handed to two
threads here: ``elementwise`` gives a later slice its own copy of any geometry an earlier slice holds
too, and ``map_ordered`` is only used on tasks that share no geometry (blocks of a dissolve's batches,
slices of plain numbers). Index queries stay on one thread: every thread would share the indexed
geometries, and copying them costs more than the split saves (measured). Results come out exactly as one
thread gives them, in the same order. Nothing here may be called from inside a task it runs (a full pool
would wait on itself).
"""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely


def _workers():
    """Threads to use: ``PLANMAINT_THREADS`` when set (a batch running several counties at once sets it so
    the jobs do not crowd the cores), else the cores, at most 4 (the work is cut in few, coarse pieces, and
    more threads than 2 were never measured on this project's machine)."""
    try:
        wanted = int(os.environ.get("PLANMAINT_THREADS", "0"))
    except ValueError:
        wanted = 0
    return max(1, wanted) if wanted > 0 else max(1, min(4, os.cpu_count() or 1))


WORKERS = _workers()
# Below this many elements a split costs more in thread hand-over than it saves: the hand-over is about
# half a millisecond, as long as validating a thousand parcels (measured). Expensive predicates come in
# arrays of a few thousand (parcels against the zones of a red line), so the bar is set near break-even.
MIN_SPLIT = 2000

_pool = None


def _executor():
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="planmaint")
    return _pool


def map_ordered(function, items, progress=None, every=200):
    """``[function(item) for item in items]``, computed on all cores. The items must share no geometry.

    ``progress``: optional callable taking a percentage, called every ``every`` results from the calling
    thread (it may raise to cancel: tasks not started yet are then dropped).
    """
    items = list(items)
    # Both maps hand results over one by one, so progress (and a cancel) comes between them either way.
    computed = map(function, items) if WORKERS == 1 or len(items) < 2 else _executor().map(function, items)
    results = []
    for k, result in enumerate(computed):
        if progress is not None and k % every == 0:
            progress(100.0 * k / len(items))
        results.append(result)
    return results


def _own_copies(arrays, bounds):
    """The arrays with every geometry that an earlier slice also holds replaced, in the later slice, by a copy.

    Copies go through WKB, which keeps every coordinate bit for bit; a copy is never prepared, so a
    prepared predicate falls back to the plain one for it (same answer).
    """
    n = len(arrays[0])
    slice_of = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
    ids = np.concatenate([np.fromiter(map(id, a), dtype=np.int64, count=n) for a in arrays])
    where = np.tile(slice_of, len(arrays))
    order = np.lexsort((where, ids))
    ids, where = ids[order], where[order]
    first = np.r_[True, ids[1:] != ids[:-1]]
    # Slice of the first (lowest-slice) holder of each id, spread over its run.
    holder = where[np.flatnonzero(first)[np.cumsum(first) - 1]]
    shared = np.zeros(len(order), dtype=bool)
    shared[order] = where != holder
    out = []
    for k, a in enumerate(arrays):
        mine = shared[k * n:(k + 1) * n] & ~shapely.is_missing(a)
        if mine.any():
            a = np.array(a, dtype=object, copy=True)
            a[mine] = shapely.from_wkb(shapely.to_wkb(a[mine]))
        out.append(a)
    return out


def elementwise(function, *arrays, groups=None):
    """``function(*arrays)`` for a shapely function working element by element, in one slice per core.

    The slices' results are concatenated, so the answer is the one a single call gives. ``groups``: a
    sorted key per element (say, the index of the prepared geometry of each pair); slices then end only
    where the key changes, so a prepared geometry stays in one slice and keeps being used prepared.
    """
    n = len(arrays[0])
    if WORKERS == 1 or n < MIN_SPLIT:
        return function(*arrays)
    bounds = np.linspace(0, n, WORKERS + 1).astype(np.int64)
    if groups is not None:
        groups = np.asarray(groups)
        # Move each inner bound forward to the first element of a new group.
        bounds[1:-1] = np.searchsorted(groups, groups[bounds[1:-1] - 1], side="right")
        bounds = np.maximum.accumulate(bounds)
    arrays = _own_copies([np.asarray(a, dtype=object) for a in arrays], bounds)

    def piece(k):
        return function(*(a[bounds[k]:bounds[k + 1]] for a in arrays))

    return np.concatenate(list(_executor().map(piece, range(WORKERS))))


class Background:
    """``function(*args)`` computed in a thread of its own while the caller goes on; ``result()`` waits for it.

    The caller hands the arguments over: it must not touch their geometries until ``result()`` has returned
    (no geometry in two threads at once). The thread is not a task of the pool, so ``function`` may use
    ``elementwise`` and ``map_ordered``. An exception of ``function`` is raised again by ``result()``.
    Nothing stops the work early: a caller giving up (a cancel) leaves it to end on its own. With one
    worker (``PLANMAINT_THREADS=1``) nothing runs aside: ``result()`` computes it on the caller's thread.
    """

    def __init__(self, function, *args):
        self._function, self._args = function, args
        self._value, self._error, self._thread = None, None, None
        if WORKERS > 1:
            self._thread = threading.Thread(target=self._run, name="planmaint-background", daemon=True)
            self._thread.start()

    def _run(self):
        try:
            self._value = self._function(*self._args)
        except BaseException as error:  # handed to the caller of result(), whatever it is
            self._error = error
        self._function = self._args = None

    def result(self):
        if self._thread is None:
            if self._function is not None:
                self._run()
        else:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value
