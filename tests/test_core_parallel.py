"""Work spread over the cores gives exactly what one thread gives, in order, and stops on cancel."""
import threading
import time

import numpy as np
import pytest
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import holes, indicators, parallel  # noqa: E402 (the package is importable only now)


@pytest.fixture(params=[1, 2, 3], ids=lambda w: "{} workers".format(w))
def workers(request, monkeypatch):
    """Run a test with 1 (no threads), 2 and 3 workers, and splits from small arrays on."""
    monkeypatch.setattr(parallel, "WORKERS", request.param)
    monkeypatch.setattr(parallel, "_pool", None)
    monkeypatch.setattr(parallel, "MIN_SPLIT", 2)
    yield request.param
    if parallel._pool is not None:
        parallel._pool.shutdown()


def test_map_ordered_keeps_the_order_and_reports_progress(workers):
    seen = []
    threads = set()

    def square(x):
        threads.add(threading.get_ident())
        return x * x

    assert parallel.map_ordered(square, range(500), progress=seen.append, every=100) == [x * x for x in range(500)]
    assert seen == [0.0, 20.0, 40.0, 60.0, 80.0]
    assert (threading.get_ident() in threads) == (workers == 1)
    assert parallel.map_ordered(square, []) == []


def test_a_cancel_raised_by_progress_stops_the_work(workers):
    done = []

    def slow(x):
        time.sleep(0.001)  # a task takes time: the pool cannot finish them all before the cancel arrives
        done.append(x)
        return x

    def cancel(percent):
        if percent > 0:
            raise RuntimeError("canceled")

    with pytest.raises(RuntimeError):
        parallel.map_ordered(slow, range(10000), progress=cancel, every=10)
    assert len(done) < 10000


def test_background_work_runs_aside_and_hands_back_its_result(workers):
    caller = threading.get_ident()
    started = threading.Event()
    release = threading.Event()
    ran_on = []

    def work(a, b):
        ran_on.append(threading.get_ident())
        started.set()
        if workers > 1:
            # The caller goes on while this waits: only a thread of its own lets both proceed.
            assert release.wait(10)
        # It may spread work over the pool itself (it is no task of the pool).
        return parallel.elementwise(shapely.area, shapely.box(np.zeros(4), 0, a, b)).sum()

    job = parallel.Background(work, 2, 3)
    if workers > 1:
        assert started.wait(10)
        release.set()
    else:
        assert not started.is_set()  # one worker: nothing runs until asked for
    assert job.result() == 24.0
    assert job.result() == 24.0  # asked again: the same result, computed once
    assert len(ran_on) == 1 and (ran_on[0] == caller) == (workers == 1)


def test_background_error_is_raised_by_result(workers):
    def broken():
        raise ValueError("bad parcel")

    job = parallel.Background(broken)
    with pytest.raises(ValueError, match="bad parcel"):
        job.result()


def test_assessment_work_aside_pairs_each_state_with_its_own_results(workers):
    """The line overlaps and the land use inside the red line are computed aside, for both states at once:
    each state must get its own, as measured directly."""
    box = shapely.box
    landuse = indicators.LandUse(
        geoms=np.array([box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100)], dtype=object),
        codes=np.array(["0101", "0301", "0701"], dtype=object),  # cultivated, forest (ecological), built
    )
    pbf = indicators.Farmland(np.array([box(0, 0, 60, 100)], dtype=object))
    udb = np.array([box(240, 0, 300, 100)], dtype=object)
    red_before = np.array([box(50, 0, 150, 100)], dtype=object)
    red_after = np.array([None, box(150, 0, 250, 100)], dtype=object)
    result = indicators.assess(
        indicators.Lines(pbf=pbf, epr=red_before, udb=udb), indicators.Lines(epr=red_after),
        indicators.Context(landuse=landuse),
    )
    before, after = result.before, result.after
    # Red line before: half the cultivated and half the forest parcel; after: the other half of the forest.
    assert (before["epr_cultivated"], before["epr_eco_land"]) == pytest.approx((0.005, 0.005), rel=1e-12)
    assert (after["epr_cultivated"], after["epr_eco_land"]) == (0.0, pytest.approx(0.005, rel=1e-12))
    # The farmland overlaps the red line only before; the boundary overlaps it only after (10 m × 100 m).
    assert (before["overlap_pbf_epr"], before["overlap_epr_udb"]) == (pytest.approx(0.1, rel=1e-12), 0.0)
    assert (after["overlap_pbf_epr"], after["overlap_epr_udb"]) == (0.0, pytest.approx(0.1, rel=1e-12))
    assert "overlap_pbf_udb" not in after  # neither line of the pair changed
    assert list(result.overlaps_after) == [("PBF", "EPR"), ("EPR", "UDB")]
    assert list(result.overlaps_after[("EPR", "UDB")].a_index) == [1]  # positions of the after state


def test_the_parcels_are_used_by_one_thread_at_a_time(workers, monkeypatch):
    """The red line's land is cut from the land-use parcels in another thread; the farmland's attributes,
    read from the same parcels, must wait for it to end (GEOS fills caches of a geometry without a lock)."""
    spans = {}
    real_pieces, real_overlay = indicators.red_line_pieces, indicators.overlay_pieces

    def timed(name, function):
        def run(*args):
            start = time.perf_counter()
            time.sleep(0.05)
            try:
                return function(*args)
            finally:
                spans.setdefault(name, []).append((start, time.perf_counter()))
        return run

    monkeypatch.setattr(indicators, "red_line_pieces", timed("red line", real_pieces))
    monkeypatch.setattr(indicators, "overlay_pieces", timed("farmland", real_overlay))
    box = shapely.box
    landuse = indicators.LandUse(
        geoms=np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)], dtype=object),
        codes=np.array(["0101", "0301"], dtype=object),
    )
    pbf = indicators.Farmland(np.array([box(0, 0, 60, 100)], dtype=object))  # no class codes: read from the land use
    result = indicators.assess(
        indicators.Lines(pbf=pbf, epr=np.array([box(50, 0, 150, 100)], dtype=object)), None,
        indicators.Context(landuse=landuse),
    )
    assert result.before["paddy_share"] == 100.0 and result.before["epr_cultivated"] == pytest.approx(0.005)
    red_line_end = max(end for _, end in spans["red line"])
    assert all(start >= red_line_end for start, _ in spans["farmland"])


def test_geometry_copies_keep_positions_and_every_coordinate_bit():
    geoms = np.array([shapely.Polygon([(0.1, 0.2), (1 / 3, 0), (2, 2 / 7)]), None, shapely.Polygon()], dtype=object)
    copies = indicators.geometry_copies(geoms)
    assert copies[0] is not geoms[0] and copies[0].wkb == geoms[0].wkb
    assert copies[1] is None and copies[2].is_empty
    assert len(indicators.geometry_copies(np.empty(0, dtype=object))) == 0


def test_elementwise_equals_one_call(workers):
    rng = np.random.default_rng(3)
    boxes = shapely.box(*rng.uniform(0, 100, (4, 257)))
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    geoms = np.concatenate([boxes, [bowtie, None]])
    assert parallel.elementwise(shapely.is_valid, geoms).tolist() == shapely.is_valid(geoms).tolist()
    other = geoms[::-1].copy()
    assert (parallel.elementwise(shapely.intersects, geoms, other) == shapely.intersects(geoms, other)).all()


def test_dissolve_on_several_workers_is_the_one_thread_dissolve(workers):
    """Clusters unioned in threads come back in cluster order: the merged line is identical."""
    rng = np.random.default_rng(7)
    cells = [shapely.box(x, y, x + 1, y + 1) for x in range(30) for y in range(30) if rng.random() < 0.7]
    merged = holes.dissolve(np.array(cells, dtype=object))
    parallel.WORKERS = 1
    alone = holes.dissolve(np.array(cells, dtype=object))
    assert len(merged) == len(alone) > 1
    assert all(a.equals_exact(b, 0.0) for a, b in zip(merged, alone))


def test_no_geometry_reaches_two_threads(workers):
    """A geometry held by several slices (here one box everywhere, and one box in both arrays) is copied
    for all slices but the first: GEOS 3.11 fills lazy caches of a geometry without a lock."""
    rng = np.random.default_rng(2)
    boxes = shapely.box(*np.sort(rng.uniform(0, 100, (2, 2, 600)), axis=1).reshape(4, 600)[[0, 2, 1, 3]])
    common = shapely.box(40, 40, 60, 60)
    a = np.array(boxes, dtype=object)
    a[::7] = common
    b = a[::-1].copy()
    held = []

    def overlaps(x, y):
        held.append({id(g) for g in np.concatenate([x, y]) if g is not None})
        return shapely.intersects(x, y)

    got = parallel.elementwise(overlaps, a, b)
    assert got.tolist() == shapely.intersects(a, b).tolist()
    for one in range(len(held)):
        for other in range(one + 1, len(held)):
            assert not (held[one] & held[other])
    assert a[0] is common and b[-1] is common  # the caller's arrays are left as they were


def test_groups_keep_each_prepared_geometry_in_one_slice(workers):
    """Slices end only where the group key changes, and the answer is still the single call's."""
    zones = shapely.box(np.arange(0, 50, 10), 0, np.arange(10, 60, 10), 10)
    shapely.prepare(zones)
    rng = np.random.default_rng(5)
    zone = np.sort(rng.integers(0, 5, 400))
    corners = rng.uniform(-2, 52, (400, 2))
    pieces = shapely.box(corners[:, 0], corners[:, 1] % 10, corners[:, 0] + 3, corners[:, 1] % 10 + 3)
    seen = []

    def touches(a, b):
        seen.append(set(shapely.bounds(a)[:, 0].tolist()))  # a zone by its left edge
        return shapely.touches(a, b)

    got = parallel.elementwise(touches, zones[zone], pieces, groups=zone)
    assert got.tolist() == shapely.touches(zones[zone], pieces).tolist()
    if workers > 1:
        assert len(seen) == workers
        for a in range(len(seen)):
            for b in range(a + 1, len(seen)):
                assert not (seen[a] & seen[b])  # no zone in two slices
    shapely.destroy_prepared(zones)


@pytest.mark.parametrize("value, expected", [("1", 1), ("3", 3), ("0", None), ("many", None), (None, None)])
def test_planmaint_threads_sets_the_number_of_threads(monkeypatch, value, expected):
    import os

    if value is None:
        monkeypatch.delenv("PLANMAINT_THREADS", raising=False)
    else:
        monkeypatch.setenv("PLANMAINT_THREADS", value)
    default = max(1, min(4, os.cpu_count() or 1))
    assert parallel._workers() == (default if expected is None else expected)


@pytest.mark.parametrize("value, expected", [
    ("", set()), ("prefetch", {"prefetch"}), ("pool, side_by_side,unknown", {"pool", "side_by_side"}),
])
def test_planmaint_serial_names_the_ways_turned_off(monkeypatch, value, expected):
    monkeypatch.setenv("PLANMAINT_SERIAL", value)
    assert parallel._serial() == expected


def test_the_suite_checks_ownership():
    import os

    # tests/conftest.py turns the check on unless PLANMAINT_CHECK_THREADS=0 was given.
    assert parallel._checking == (os.environ["PLANMAINT_CHECK_THREADS"] != "0")


def test_pool_tasks_that_use_the_pool_do_not_wait_on_themselves(workers):
    """A task of the pool spreading work over the pool would wait on a pool busy with tasks like it: nested
    calls run in the task's own thread, and everything ends."""
    geoms = shapely.box(np.arange(50.0), 0, np.arange(50.0) + 1, 1)
    outer = []

    def task(k):
        me = threading.get_ident()
        inner = []
        mine = shapely.from_wkb(shapely.to_wkb(geoms))  # each task its own parcels
        areas = parallel.elementwise(lambda g: (inner.append(threading.get_ident()), shapely.area(g))[1], mine)
        squares = parallel.map_ordered(lambda x: (inner.append(threading.get_ident()), x * x)[1], range(5))
        aside = parallel.Background(lambda: inner.append(threading.get_ident()) or k).result()
        together = parallel.side_by_side([lambda: inner.append(threading.get_ident()) or 1] * 3)
        outer.append((me, set(inner)))
        return areas.sum() + sum(squares) + aside + sum(together)

    finished = []
    watcher = threading.Thread(target=lambda: finished.append(parallel.map_ordered(task, range(4 * workers))))
    watcher.start()
    watcher.join(60)
    assert finished, "the pool waited on itself"
    assert finished[0] == [50.0 + 30 + k + 3 for k in range(4 * workers)]
    assert all(inner == {me} for me, inner in outer)


def test_side_by_side_jobs_run_at_most_workers_at_once_and_may_use_the_pool(workers):
    running, most, lock = [0], [0], threading.Lock()
    ran_on = set()

    def job(k):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        ran_on.add(threading.get_ident())
        time.sleep(0.02)
        geoms = shapely.box(np.arange(10.0) * k, 0, np.arange(10.0) * k + 1, 1)
        area = parallel.elementwise(shapely.area, geoms).sum()  # the pool is free for them
        with lock:
            running[0] -= 1
        return k, area

    results = parallel.side_by_side([parallel.Job(job, k, reads=()) for k in range(5)])
    assert results == [(k, 10.0) for k in range(5)]
    assert most[0] == min(workers, 5)
    assert (ran_on == {threading.get_ident()}) == (workers == 1)


def test_an_error_of_a_side_by_side_job_reaches_the_caller(workers):
    def broken():
        raise ValueError("bad step")

    ended = []
    with pytest.raises(ValueError, match="bad step"):
        parallel.side_by_side([lambda: ended.append(1), broken, lambda: ended.append(3)])
    assert sorted(ended) == [1, 3]  # the other jobs still ran to their end


@pytest.mark.parametrize("way", parallel.MECHANISMS)
def test_each_way_can_be_turned_off(monkeypatch, way):
    monkeypatch.setattr(parallel, "WORKERS", 2)
    monkeypatch.setattr(parallel, "_pool", None)
    monkeypatch.setattr(parallel, "MIN_SPLIT", 2)
    monkeypatch.setattr(parallel, "SERIAL", frozenset([way]))
    caller, seen = threading.get_ident(), {}

    def note(name, value=0):
        seen.setdefault(name, set()).add(threading.get_ident())
        return value

    geoms = shapely.box(np.arange(10.0), 0, np.arange(10.0) + 1, 1)
    parallel.elementwise(lambda g: note("pool", shapely.area(g)), geoms)
    parallel.map_ordered(lambda x: note("pool", x), range(10))
    parallel.Background(note, "background").result()
    parallel.Background(note, "prefetch", kind="prefetch").result()
    parallel.side_by_side([lambda: note("side_by_side")] * 2)
    for name, threads in seen.items():
        assert (threads == {caller}) == (name == way), name
    if parallel._pool is not None:
        parallel._pool.shutdown()


@pytest.fixture
def checking():
    """The ownership check on (as the suite has it, whatever PLANMAINT_CHECK_THREADS says)."""
    was = parallel.check_ownership(True)
    yield
    parallel.check_ownership(was)


def test_a_geometry_shared_by_two_jobs_at_once_fails_the_check(monkeypatch, checking):
    monkeypatch.setattr(parallel, "WORKERS", 2)
    shared = shapely.box(0, 0, 1, 1)

    def job(geoms):
        time.sleep(0.3)  # both jobs hold their geometries at once
        return len(geoms)

    twice = [parallel.Job(job, np.array([shared, shapely.box(k, 0, k + 1, 1)], dtype=object)) for k in (1, 2)]
    with pytest.raises(parallel.SharedGeometryError, match="POLYGON"):
        parallel.side_by_side(twice)
    # Each job with its own copy passes; so does the sharing when the check is off.
    mine, yours = parallel.own_copies(*(job.args[0] for job in twice))
    assert mine[0] is shared and yours[0] is not shared and yours[0].wkb == shared.wkb
    assert parallel.side_by_side([parallel.Job(job, mine), parallel.Job(job, yours)]) == [2, 2]
    was = parallel.check_ownership(False)
    try:
        assert parallel.side_by_side(twice) == [2, 2]
    finally:
        parallel.check_ownership(was)


def test_arguments_handed_to_the_background_are_checked_against_the_caller(monkeypatch, checking):
    """A background job may take what its caller holds (the caller hands it over), but the caller may not
    hand the same geometries to other work before the result is in."""
    monkeypatch.setattr(parallel, "WORKERS", 2)
    geoms = shapely.box(np.arange(3.0), 0, np.arange(3.0) + 1, 1)
    release = threading.Event()
    started = threading.Event()

    def hold(g):
        started.set()
        assert release.wait(10)
        return shapely.area(g).sum()

    def caller_job():
        job = parallel.Background(hold, geoms)
        assert started.wait(10)
        try:
            with pytest.raises(parallel.SharedGeometryError):
                parallel.elementwise(shapely.area, geoms[:1])  # the caller's own thread, a held parcel
            assert parallel.elementwise(shapely.area, shapely.from_wkb(shapely.to_wkb(geoms))).sum() == 3.0
        finally:
            release.set()
        return job.result()

    # The caller is itself a job holding the parcels: handing them over is no sharing.
    assert parallel.side_by_side([parallel.Job(caller_job, reads=geoms)]) == [3.0]


def test_with_the_check_off_nothing_is_looked_at(workers, monkeypatch):
    def looked(*args, **kwargs):
        raise AssertionError("the reads of a job were scanned")

    monkeypatch.setattr(parallel, "_geometries", looked)
    was = parallel.check_ownership(False)
    try:
        geoms = shapely.box(np.arange(10.0), 0, np.arange(10.0) + 1, 1)
        assert parallel.elementwise(shapely.area, geoms).sum() == 10.0
        assert parallel.map_ordered(len, [geoms, geoms]) == [10, 10]
        assert parallel.Background(len, geoms).result() == 10
        assert parallel.side_by_side([parallel.Job(len, geoms)]) == [10]
    finally:
        parallel.check_ownership(was)


def test_geometries_are_found_in_what_a_job_reads():
    a, b, c = shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(2, 0, 3, 1)
    tree = shapely.STRtree([c])

    @__import__("dataclasses").dataclass
    class Parcels:
        geoms: np.ndarray
        codes: list

    parcels = Parcels(np.array([b, None], dtype=object), ["0101"])
    found = parallel._geometries(([a, None], {"x": parcels.geoms, "y": parcels}, tree, np.arange(3), "text"))
    assert [id(g) for g in found] == [id(a), id(b), id(c)]  # not the fields of an object: it names them
