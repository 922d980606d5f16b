"""prefetch.Prefetch: the second reading of a layer, in a background thread, beside the core's work.

The algorithms write the features of this reading, so it must give exactly the features of the first
reading, in its order, or stop with a message; and it must never outlive the ``with`` block.
"""
import threading
import time

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsFields, QgsProcessingException, QgsProcessingFeedback

from headless import import_plugin_package
from layers import memory_layer, square

import_plugin_package()
from planmaint.algorithms.prefetch import Prefetch, as_multi  # noqa: E402 (the package is importable only now)


class Source:
    """A stand-in feature source giving the features of ``ids`` in that order (like a provider would)."""

    def __init__(self, ids, delay=0.0, endless=False):
        self.ids = list(ids)
        self.delay = delay
        self.endless = endless
        self.reader_threads = set()

    def getFeatures(self, request):  # noqa: N802 (QGIS API name)
        return self._features()

    def _features(self):
        k = 0
        while True:
            if k >= len(self.ids) and not self.endless:
                return
            self.reader_threads.add(threading.get_ident())
            feature = QgsFeature(QgsFields(), self.ids[k % len(self.ids)])
            feature.setAttributes([k])
            if self.delay:
                time.sleep(self.delay)
            yield feature
            k += 1


def ids_of(features):
    return [f.id() for f in features]


def test_features_come_in_the_order_of_the_first_reading(plugin):
    with Prefetch(Source([1, 2, 3, 4]), None) as second:
        assert ids_of(second.features(np.array([1, 2, 3, 4]), "pbf")) == [1, 2, 3, 4]
    # A source that gives its features in another order the second time is put back in order.
    with Prefetch(Source([4, 3, 2, 1]), None) as second:
        assert ids_of(second.features(np.array([1, 2, 3, 4]), "pbf")) == [1, 2, 3, 4]


@pytest.mark.parametrize("first, second, message", [
    ([1, 2, 3], [1, 2, 3, 4], "Layer pbf changed while it was being processed (feature 4 is new)"),
    ([1, 2, 3], [1, 3], "Layer pbf changed while it was being processed (3 features read, then 2)"),
    ([1, 2, 3], [3, 1, 1], "Layer pbf does not give its features the same ids and order each time"),
    ([1, 1, 2], [1, 1, 2, 2], "Layer pbf does not give its features the same ids and order each time"),
])
def test_a_layer_that_changed_between_the_readings_is_refused(plugin, first, second, message):
    with Prefetch(Source(second), None) as reading:
        with pytest.raises(QgsProcessingException, match=message.replace("(", r"\(").replace(")", r"\)")):
            reading.features(np.array(first), "pbf")


def test_the_reading_runs_in_another_thread_while_the_caller_works(plugin):
    source = Source(range(1, 21))
    half_read = threading.Event()

    def prepare(feature):
        if feature.id() == 10:
            half_read.set()

    with Prefetch(source, None, prepare=prepare) as second:
        second.start()
        # The caller has not asked for the features yet: only a thread of its own can be reading them.
        assert half_read.wait(timeout=30)
        features = second.features(np.arange(1, 21), "pbf")
    assert len(features) == 20
    assert source.reader_threads and threading.get_ident() not in source.reader_threads


@pytest.mark.parametrize("switch", ["PLANMAINT_SERIAL=prefetch", "PLANMAINT_THREADS=1"])
def test_turned_off_the_reading_is_done_when_the_features_are_asked_for(plugin, monkeypatch, switch):
    """The second reading is a thread of core.parallel: its switches turn it off, and the features are then
    read in the calling thread, the same ones."""
    from planmaint.algorithms.core import parallel

    if switch == "PLANMAINT_THREADS=1":
        monkeypatch.setattr(parallel, "WORKERS", 1)
    else:
        monkeypatch.setattr(parallel, "WORKERS", 2)
        monkeypatch.setattr(parallel, "SERIAL", frozenset(["prefetch"]))
    source = Source([3, 1, 2])
    with Prefetch(source, None) as second:
        second.start()
        time.sleep(0.05)
        assert not source.reader_threads  # nothing read aside
        assert ids_of(second.features(np.array([1, 2, 3]), "pbf")) == [1, 2, 3]
    assert source.reader_threads == {threading.get_ident()}
    with Prefetch(Source([1], endless=True), None) as never_read:
        never_read.start()  # leaving the block does not read it


def test_a_reading_never_started_is_done_when_the_features_are_asked_for(plugin):
    source = Source([1, 2, 3])
    with Prefetch(source, None) as second:
        assert not source.reader_threads  # nothing read before start()
        assert ids_of(second.features(np.array([1, 2, 3]), "pbf")) == [1, 2, 3]
    with Prefetch(source, None):
        pass  # leaving a block whose reading never started is fine


def test_prepare_runs_on_every_feature_and_its_errors_reach_the_caller(plugin):
    seen = []
    with Prefetch(Source([1, 2]), None, prepare=lambda f: seen.append(f.id())) as second:
        second.features(np.array([1, 2]), "pbf")
    assert seen == [1, 2]

    def fail(feature):
        raise ValueError("broken feature")

    with Prefetch(Source([1, 2]), None, prepare=fail) as second:
        with pytest.raises(ValueError, match="broken feature"):
            second.features(np.array([1, 2]), "pbf")


def test_leaving_the_block_stops_the_reading(plugin):
    source = Source([1], delay=0.001, endless=True)
    with pytest.raises(RuntimeError):
        with Prefetch(source, None) as second:
            second.start()
            raise RuntimeError("the core failed")
    assert second._reading.done()


def test_a_cancel_stops_the_reading_and_says_nothing_was_written(plugin):
    feedback = QgsProcessingFeedback()
    with Prefetch(Source([1], delay=0.001, endless=True), feedback) as second:
        second.start()
        feedback.cancel()
        with pytest.raises(QgsProcessingException, match="Canceled by the user: no output was written"):
            second.features(np.array([1]), "pbf")


def test_a_real_layer_is_read_again_with_its_attributes_and_geometries_made_multi(plugin):
    layer = memory_layer([square(0, 0, 10), None], [("BSM", str)], [("A",), ("B",)], geometry="Polygon")
    fids = np.array([f.id() for f in layer.getFeatures()])
    with Prefetch(layer, None, prepare=as_multi) as second:
        features = second.features(fids, "line")
    assert [f["BSM"] for f in features] == ["A", "B"]
    assert features[0].geometry().isMultipart() and features[0].geometry().area() == 100
    assert not features[1].hasGeometry()


def run_as_a_task(alg_id, params):
    """Run an algorithm the way the toolbox dialog does: in a QGIS task, on a thread of the task manager."""
    from qgis.core import (
        QgsApplication,
        QgsProcessingAlgRunnerTask,
        QgsProcessingContext,
        QgsProcessingUtils,
        QgsProject,
    )

    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()  # held here: the task only borrows it (and the algorithm, the context)
    done = {}
    task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
    task.executed.connect(lambda ok, results: done.update(ok=ok, results=results))
    QgsApplication.taskManager().addTask(task)
    deadline = time.time() + 120
    while "ok" not in done and time.time() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.01)
    assert done.get("ok"), f"{alg_id} failed or timed out in its task"
    return {k: QgsProcessingUtils.mapLayerFromString(v, context) if k in ("OUTPUT", "REMOVED") else v
            for k, v in done["results"].items()}, context


@pytest.mark.parametrize("alg_id, params", [
    ("planmaint:removefragments", {"MIN_AREA": 5, "REMOVED": "TEMPORARY_OUTPUT"}),
    ("planmaint:fillholes", {"MAX_AREA": 5}),
])
def test_inside_a_qgis_task_the_outputs_are_those_of_a_console_run(plugin, sample_county, alg_id, params):
    import processing

    from layers import layer_digest

    params = dict(params, INPUT=f"{sample_county}|layername=pbf", OUTPUT="TEMPORARY_OUTPUT")
    in_task, _context = run_as_a_task(alg_id, dict(params))
    console = processing.run(alg_id, dict(params))
    for key in ("OUTPUT", "REMOVED"):
        if key in params:
            assert layer_digest(in_task[key]) == layer_digest(console[key])
