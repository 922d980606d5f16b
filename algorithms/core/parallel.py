"""The one place where planmaint starts threads.

GEOS releases Python's interpreter lock while it computes, so shapely calls on separate geometries run
side by side in threads. "Separate" is meant strictly. GEOS 3.11 (Debian 12's) fills caches inside a
geometry on first use, without a lock: the envelope of the geometry and of each of its rings, the indexes
of a prepared geometry. Two threads reaching one geometry could fill the same cache at once, so no
geometry object is ever handed to two threads at once. Results come out exactly as one thread gives them.

Three ways to run work aside, each kept because it pays (docs/benchmarks.md, 2026-12-07):

- ``Background``: one job on a thread of its own while the caller goes on (the indicators' overlaps and
  swapped regions beside the table rows: 9 % of the model at 200 000 parcels);
- the second reading of a layer (``algorithms/prefetch.py``), a ``Background`` of its own kind
  (removefragments and fillholes 12–16 % faster);
- ``side_by_side``: a few independent jobs, each on a thread of its own, at most ``WORKERS`` at once, the
  caller waiting (the steps of the sample county generator: 21 %).

A pool that split element-wise GEOS calls over the cores was dropped: it gained under 1 % of the model
(the background jobs already keep the second core busy) and nothing end to end in removefragments or
fillholes, for a copy of every geometry two slices shared.

A job says what it reads: its arguments, unless ``reads`` names the geometries (geometries, arrays of
them, spatial indexes, or lists, tuples and dicts holding them). With the ownership check on, a job
taking a geometry that a job of another thread holds raises ``SharedGeometryError``, unless that thread
handed the job over (it waits for it, or promised to leave its arguments alone until its result is asked
for). The check cannot see shapely calls made outside this module: it guards the hand-overs.

Switches (environment variables, read once when this module is imported):

- ``PLANMAINT_THREADS=n``: the threads a run uses (default: the cores, at most 4). ``1`` starts no thread
  at all: every job runs in the calling thread. A batch running several counties at once sets it so the
  jobs do not crowd the cores.
- ``PLANMAINT_SERIAL=background,prefetch,side_by_side`` (any of them, comma separated): the named ways
  run their jobs in the calling thread instead, to measure what each one gains. The results do not change.
- ``PLANMAINT_CHECK_THREADS=1`` (or ``check_ownership(True)``): the ownership check (the test suite turns
  it on). Off, it costs one test of a flag per job.
"""
import os
import threading

import numpy as np
import shapely

MECHANISMS = ("background", "prefetch", "side_by_side")


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


def runs_aside(mechanism):
    """Whether jobs of ``mechanism`` (one of ``MECHANISMS``) go to other threads when handed over now."""
    return WORKERS > 1 and mechanism not in SERIAL


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


def own_copies(*arrays):
    """The geometry arrays of jobs to run side by side, each geometry held by an earlier array replaced, in
    the later ones, by a copy: then no two jobs share a geometry.

    Copies go through WKB, which keeps every coordinate bit for bit; a copy is never prepared, so a
    prepared predicate falls back to the plain one for it (same answer).
    """
    arrays = [np.asarray(a, dtype=object) for a in arrays]
    seen, out = set(), []
    for a in arrays:
        ids = [id(g) for g in a]
        shared = np.fromiter((i in seen for i in ids), dtype=bool, count=len(a)) & ~shapely.is_missing(a)
        seen.update(ids)
        if shared.any():
            a = np.array(a, dtype=object, copy=True)
            a[shared] = shapely.from_wkb(shapely.to_wkb(a[shared]))
        out.append(a)
    return out


# --- threads of their own -----------------------------------------------------------------------------

class Background:
    """``function(*args)`` computed in a thread of its own while the caller goes on; ``result()`` waits for it.

    The caller hands the arguments over: it must not touch their geometries until ``result()`` has returned
    (no geometry in two threads at once). ``reads``: the geometries the job reads, when not just ``args``.
    An exception of ``function`` is raised again by ``result()``. Nothing stops the work early: a caller giving
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

    The jobs must share no geometry (``own_copies``).
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
