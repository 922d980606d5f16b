"""The one place where planmaint starts threads.

GEOS releases Python's interpreter lock while it computes, so shapely calls on separate geometries run
side by side in threads: a county run on a 2-core machine keeps both cores busy. "Separate" is meant
strictly. GEOS 3.11 (Debian 12's) fills caches inside a geometry on first use, without a lock: the
envelope of the geometry and of each of its rings, the indexes of a prepared geometry. Two threads
reaching one geometry could fill the same cache at once, so no geometry object is ever handed to two
threads here: ``elementwise`` gives a later slice its own copy of any geometry an earlier slice holds
too, and ``map_ordered`` is only used on tasks that share no geometry (blocks of a dissolve's batches,
slices of plain numbers). Index queries stay on one thread: every thread would share the indexed
geometries, and copying them costs more than the split saves (measured). Results come out exactly as one
thread gives them, in the same order.

Four ways to run work aside, each kept because the work it serves is faster with it (docs/benchmarks.md):

- the pool (``elementwise``, ``map_ordered``): a fixed set of ``WORKERS`` threads, the caller waiting
  (the hole finding and patch labelling of a county's farmland, 20 % faster);
- ``Background``: one job on a thread of its own while the caller goes on (the indicators' overlaps and
  swapped regions beside the rows: 9 % of the model);
- the second reading of a layer (``algorithms/prefetch.py``), a ``Background`` of its own kind
  (removefragments and fillholes 12-16 % faster);
- ``side_by_side``: a few independent jobs, each on a thread of its own, at most ``WORKERS`` at once, the
  caller waiting (the steps of the sample county generator: 21 %).

Only the pool is of fixed size, so only the pool could wait on itself: a pool task that queued tasks of
its own and waited for them could find every thread of the pool waiting likewise. So inside a pool task
nothing is handed on: ``elementwise``, ``map_ordered``, ``side_by_side`` and ``Background`` called there
run in that task's thread. Jobs of ``side_by_side`` and ``Background`` are not pool tasks: they may use
the pool.

A job says what it reads. ``elementwise`` jobs read their arrays; a task of ``map_ordered`` reads its
item unless ``reads`` says otherwise; ``Background`` and ``side_by_side`` jobs read their arguments
unless ``reads`` names the geometries (geometries, arrays of them, spatial indexes, or lists, tuples
and dicts holding them). With the ownership check on, a job taking a geometry that a job of
another thread holds raises ``SharedGeometryError``, unless that thread handed the job over (it waits
for it, or promised to leave its arguments alone until its result is asked for). The check cannot see
shapely calls made outside this module: it guards the hand-overs.

Switches (environment variables, read once when this module is imported):

- ``PLANMAINT_THREADS=n``: the threads a run uses (default: the cores, at most 4). ``1`` starts no thread
  at all: every job runs in the calling thread. A batch running several counties at once sets it so the
  jobs do not crowd the cores.
- ``PLANMAINT_SERIAL=pool,background,prefetch,side_by_side`` (any of them, comma separated): the named
  ways run their jobs in the calling thread instead, to measure what each one gains. The results do
  not change.
- ``PLANMAINT_CHECK_THREADS=1`` (or ``check_ownership(True)``): the ownership check (the test suite turns
  it on). Off, it costs one test of a flag per job.
"""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

MECHANISMS = ("pool", "background", "prefetch", "side_by_side")


def _workers():
    """Threads to use: ``PLANMAINT_THREADS`` when set, else the cores, at most 4 (the work is cut in few,
    coarse pieces, and more threads than 2 were never measured on this project's machine)."""
    try:
        wanted = int(os.environ.get("PLANMAINT_THREADS", "0"))
    except ValueError:
        wanted = 0
    return max(1, wanted) if wanted > 0 else max(1, min(4, os.cpu_count() or 1))


def _serial():
    """The ways of running aside that ``PLANMAINT_SERIAL`` turns off."""
    named = {name.strip() for name in os.environ.get("PLANMAINT_SERIAL", "").split(",")}
    return frozenset(named & set(MECHANISMS))


WORKERS = _workers()
SERIAL = _serial()
# Below this many elements a split costs more in thread hand-over than it saves: the hand-over is about
# half a millisecond, as long as validating a thousand parcels. Expensive predicates come in arrays of a
# few thousand (parcels against the zones of a red line), so the bar is set near break-even.
MIN_SPLIT = 2000

_pool = None
_here = threading.local()  # ``in_pool`` is True on the pool's threads


def _mark_pool_thread():
    _here.in_pool = True


def _executor():
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="planmaint", initializer=_mark_pool_thread)
    return _pool


def runs_aside(mechanism):
    """Whether jobs of ``mechanism`` (one of ``MECHANISMS``) go to other threads when handed over now."""
    return WORKERS > 1 and mechanism not in SERIAL and not getattr(_here, "in_pool", False)


# --- the ownership check ------------------------------------------------------------------------------

_checking = os.environ.get("PLANMAINT_CHECK_THREADS", "") not in ("", "0")
_check_lock = threading.Lock()
_holders = {}  # id of a geometry -> {thread ident: how many jobs of that thread hold it}
_lender = {}  # thread ident -> the thread that handed it the job it runs


class SharedGeometryError(AssertionError):
    """A job took a geometry that a job of another thread holds (see the module doc)."""


def check_ownership(on=True):
    """Turn the ownership check on or off; returns whether it was on."""
    global _checking
    was, _checking = _checking, bool(on)
    return was


class Job:
    """``function(*args)`` handed to another thread; ``reads``: the geometries it reads (default ``args``)."""

    __slots__ = ("function", "args", "reads")

    def __init__(self, function, *args, reads=None):
        self.function, self.args = function, args
        self.reads = args if reads is None else reads


def _geometries(things, depth=0):
    """The geometry objects in ``things``: geometries, object arrays, spatial indexes, and (a few levels
    down) lists, tuples, sets and dict values. Not the fields of objects: a job given an object may well
    read only what another job makes of it (the ground of parcels, once found), so it names them."""
    if isinstance(things, shapely.Geometry):
        return [things]
    if isinstance(things, np.ndarray):
        if things.dtype != object:
            return []
        flat = things.ravel()
        return list(flat[shapely.is_geometry(flat)])
    if isinstance(things, shapely.STRtree):
        return _geometries(things.geometries, depth)
    if depth >= 4:
        return []
    if isinstance(things, dict):
        things = list(things.values())
    elif not isinstance(things, (list, tuple, set, frozenset)):
        return []
    return [g for thing in things for g in _geometries(thing, depth + 1)]


def _chain(thread):
    """``thread`` and the threads that handed it its job, and theirs."""
    chain = {thread}
    while _lender.get(thread) is not None and _lender[thread] not in chain:
        thread = _lender[thread]
        chain.add(thread)
    return chain


def _take(geoms, lender):
    """Register ``geoms`` as held by this thread's job; returns what ``_give_back`` needs."""
    me = threading.get_ident()
    with _check_lock:
        before = _lender.get(me)
        if lender is not None and lender != me:
            _lender[me] = lender
        mine = _chain(me)
        for g in geoms:
            others = set(_holders.get(id(g), ())) - mine
            if others:
                _restore_lender(me, before)
                names = {t.ident: t.name for t in threading.enumerate()}
                raise SharedGeometryError(
                    "{} is held by thread {} while thread {} takes it: give one of the jobs a copy "
                    "(parallel.own_copies)".format(shapely.to_wkt(g, trim=True)[:80],
                                                   ", ".join(names.get(t, str(t)) for t in others),
                                                   names.get(me, str(me))))
        for g in geoms:
            held = _holders.setdefault(id(g), {})
            held[me] = held.get(me, 0) + 1
    return me, before, geoms


def _give_back(taken):
    me, before, geoms = taken
    with _check_lock:
        for g in geoms:
            held = _holders[id(g)]
            held[me] -= 1
            if not held[me]:
                del held[me]
                if not held:
                    del _holders[id(g)]
        _restore_lender(me, before)


def _restore_lender(me, before):
    if before is None:
        _lender.pop(me, None)
    else:
        _lender[me] = before


def _call(job, lender):
    """Run ``job`` in this thread; ``lender``: the thread that handed it over (None: this one)."""
    if not _checking:
        return job.function(*job.args)
    taken = _take(_geometries(job.reads), lender)
    try:
        return job.function(*job.args)
    finally:
        _give_back(taken)


# --- the pool -----------------------------------------------------------------------------------------

def map_ordered(function, items, progress=None, every=200, reads=None):
    """``[function(item) for item in items]``, computed on all cores. The items must share no geometry.

    ``progress``: optional callable taking a percentage, called every ``every`` results from the calling
    thread (it may raise to cancel: tasks not started yet are then dropped). ``reads``: optional callable
    giving what the task of an item reads (default: the item).
    """
    items = list(items)
    if _checking:
        lender = threading.get_ident()

        def task(item, function=function):
            return _call(Job(function, item, reads=item if reads is None else reads(item)), lender)

        function = task
    # Both maps hand results over one by one, so progress (and a cancel) comes between them either way.
    aside = len(items) > 1 and runs_aside("pool")
    computed = _executor().map(function, items) if aside else map(function, items)
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


def own_copies(*arrays):
    """The geometry arrays of jobs to run side by side, each geometry held by an earlier array replaced, in
    the later ones, by a copy (bit for bit the same coordinates): then no two jobs share a geometry."""
    arrays = [np.asarray(a, dtype=object) for a in arrays]
    lengths = [len(a) for a in arrays]
    if sum(lengths) == 0:
        return arrays
    bounds = np.r_[0, np.cumsum(lengths)]
    (flat,) = _own_copies([np.concatenate(arrays)], bounds)
    return [flat[bounds[k]:bounds[k + 1]] for k in range(len(arrays))]


def elementwise(function, *arrays, groups=None):
    """``function(*arrays)`` for a shapely function working element by element, in one slice per core.

    The slices' results are concatenated, so the answer is the one a single call gives. ``groups``: a
    sorted key per element (say, the index of the prepared geometry of each pair); slices then end only
    where the key changes, so a prepared geometry stays in one slice and keeps being used prepared.
    """
    n = len(arrays[0])
    if n < MIN_SPLIT or not runs_aside("pool"):
        return _call(Job(function, *arrays), None) if _checking else function(*arrays)
    bounds = np.linspace(0, n, WORKERS + 1).astype(np.int64)
    if groups is not None:
        groups = np.asarray(groups)
        # Move each inner bound forward to the first element of a new group.
        bounds[1:-1] = np.searchsorted(groups, groups[bounds[1:-1] - 1], side="right")
        bounds = np.maximum.accumulate(bounds)
    arrays = _own_copies([np.asarray(a, dtype=object) for a in arrays], bounds)
    lender = threading.get_ident()

    def piece(k):
        return _call(Job(function, *(a[bounds[k]:bounds[k + 1]] for a in arrays)), lender)

    return np.concatenate(list(_executor().map(piece, range(WORKERS))))


# --- threads of their own -----------------------------------------------------------------------------

class Background:
    """``function(*args)`` computed in a thread of its own while the caller goes on; ``result()`` waits for it.

    The caller hands the arguments over: it must not touch their geometries until ``result()`` has returned
    (no geometry in two threads at once). ``reads``: the geometries the job reads, when not just ``args``.
    The thread is not a task of the pool, so ``function`` may use ``elementwise`` and ``map_ordered``. An
    exception of ``function`` is raised again by ``result()``. Nothing stops the work early: a caller giving
    up (a cancel) leaves it to end on its own, or waits for it with ``wait()``. ``kind``: the switch that
    turns this way off ("background", or "prefetch" for the second reading of a layer); turned off, or with
    one thread, nothing runs aside: ``result()`` computes it on the caller's thread.
    """

    def __init__(self, function, *args, reads=None, kind="background"):
        self._job, self._lender = Job(function, *args, reads=reads), threading.get_ident()
        self._value, self._error, self._thread = None, None, None
        if runs_aside(kind):
            self._thread = threading.Thread(target=self._run, name="planmaint-" + kind, daemon=True)
            self._thread.start()

    def _run(self):
        try:
            self._value = _call(self._job, self._lender)
        except BaseException as error:  # handed to the caller of result(), whatever it is
            self._error = error
        self._job = None

    def wait(self):
        """Wait until a job running aside has ended; a job that did not run aside is left undone."""
        if self._thread is not None:
            self._thread.join()

    def done(self):
        """Whether the job has run (and ended)."""
        return self._job is None and (self._thread is None or not self._thread.is_alive())

    def result(self):
        if self._thread is None:
            if self._job is not None:
                self._run()
        else:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def side_by_side(jobs):
    """The results of ``jobs`` (``Job``s, or callables taking nothing and reading nothing shared), in their
    order, computed at most ``WORKERS`` at once, each job on a thread of its own while the caller waits.

    The jobs must share no geometry (``own_copies``). They are not pool tasks, so they may use the pool.
    An exception of a job is raised once every job has ended (the first in job order). With one thread (or
    ``PLANMAINT_SERIAL=side_by_side``) the jobs run one after the other in the caller's thread.
    """
    jobs = [job if isinstance(job, Job) else Job(job) for job in jobs]
    lender = threading.get_ident()
    threads = min(WORKERS, len(jobs)) if runs_aside("side_by_side") else 1
    results, errors = [None] * len(jobs), [None] * len(jobs)
    next_job = iter(range(len(jobs)))
    taking = threading.Lock()

    def run_jobs():
        while True:
            with taking:
                k = next(next_job, None)
            if k is None:
                return
            try:
                results[k] = _call(jobs[k], lender)
            except BaseException as error:  # raised again in the caller's thread
                errors[k] = error

    if threads <= 1:
        run_jobs()
    else:
        started = [threading.Thread(target=run_jobs, name="planmaint-side-by-side", daemon=True)
                   for _ in range(threads)]
        for thread in started:
            thread.start()
        for thread in started:
            thread.join()
    for error in errors:
        if error is not None:
            raise error
    return results
