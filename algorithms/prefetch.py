"""Reading a layer's features a second time, in a background thread, while the core computes.

An algorithm that passes its input's features through to an output (every attribute kept, the geometry
as read) reads the source twice: once as arrays for the core, once as QgsFeatures to write. The second
reading costs about as much as the labelling of a county's patches but does not depend on it, and QGIS's
feature iterator and GEOS both let go of Python's interpreter lock while they work, so the two run side
by side on two cores.

The algorithm starts the reading once its own first reading is done: two readings of one layer side by
side compete for the interpreter lock and were slower than one after the other, on a GeoPackage and on a
memory layer alike.

The iterator is made in the calling thread and then read only by the background thread. This is what
QGIS's own map rendering does with a feature source (a snapshot of the layer made to be read from
another thread). Nothing else of QGIS is touched from the background thread: no feedback signal, no sink.

The thread is a ``core.parallel.Background`` of the kind "prefetch": ``PLANMAINT_SERIAL=prefetch`` (or
``PLANMAINT_THREADS=1``) turns it off, and the reading is then done when the features are asked for.
"""
from qgis.core import QgsFeatureRequest, QgsProcessingException

from .bridge import CANCEL_CHECK_EVERY, check_canceled, linear_geometry
from .core import parallel
from .i18n import tr


class Prefetch:
    """Every feature of ``source``, read in a background thread from ``start()`` on; use it as a context manager.

    ``prepare``: optional callable run on each feature as it is read (in the background thread), e.g.
    to turn its geometry multi-part; it must touch nothing but the feature. Leaving the ``with`` block
    (on success, an error or a cancel) stops the reading and waits for the thread. ``features()`` before
    ``start()`` reads in the calling thread.
    """

    def __init__(self, source, feedback, prepare=None):
        self._feedback = feedback
        self._prepare = prepare
        self._iterator = source.getFeatures(QgsFeatureRequest())
        self._features = []
        self._error = None
        self._stop = False
        self._reading = None  # the parallel.Background reading, once started

    def __enter__(self):
        return self

    def start(self):
        """Begin reading (once the caller's own reading of the source is done: the two would compete)."""
        if self._reading is None:
            # It reads QGIS features, no shapely geometry.
            self._reading = parallel.Background(self._read, reads=(), kind="prefetch")

    def __exit__(self, *exc):
        self._stop = True
        if self._reading is not None:
            self._reading.wait()
        return False

    def _read(self):
        feedback, prepare, features = self._feedback, self._prepare, self._features
        try:
            for k, feature in enumerate(self._iterator):
                if self._stop or (k % CANCEL_CHECK_EVERY == 0 and feedback is not None and feedback.isCanceled()):
                    return
                if prepare is not None:
                    prepare(feature)
                features.append(feature)
        except Exception as error:  # handed to the calling thread, which raises it
            self._error = error
        finally:
            self._iterator = None  # the provider's iterator is closed in the thread that read it

    def features(self, fids, label):
        """The features read, one for each of ``fids`` (the ids of the first reading) and in their order.

        A source normally gives the same features in the same order each time; one that gives them in
        another order is put back in order, one that gives other features (edited meanwhile) is refused
        with a message naming the layer ``label``.
        """
        if self._reading is None:  # never started: read here
            self._read()
        else:
            self._reading.result()
        if self._error is not None:
            raise self._error
        check_canceled(self._feedback)
        features = self._features
        if len(features) == len(fids) and all(f.id() == fid for f, fid in zip(features, fids.tolist())):
            return features
        position = {int(fid): i for i, fid in enumerate(fids)}
        if len(position) != len(fids):
            raise _ids_not_unique(label)
        ordered = [None] * len(fids)
        for feature in features:
            i = position.get(int(feature.id()))
            if i is None:
                raise QgsProcessingException(
                    tr("Layer {} changed while it was being processed (feature {} is new). Run the tool "
                       "again when no one is editing it.").format(label, feature.id())
                )
            if ordered[i] is not None:
                raise _ids_not_unique(label)
            ordered[i] = feature
        if len(features) != len(fids):
            raise QgsProcessingException(
                tr("Layer {} changed while it was being processed ({} features read, then {}). Run the tool "
                   "again when no one is editing it.").format(label, len(fids), len(features))
            )
        return ordered


def _ids_not_unique(label):
    return QgsProcessingException(
        tr("Layer {} does not give its features the same ids and order each time it is read; save it to a "
           "GeoPackage first and run the tool on the copy.").format(label)
    )


def as_multi(feature, tolerance=None):
    """Make the feature's geometry multi-part (a ``prepare`` for sinks of a multi type); with ``tolerance``
    (``bridge.curve_tolerance``), arcs are linearised as the bridge linearises them for the core, so a feature
    passed through has the shape it was measured with."""
    geometry = feature.geometry()
    if geometry.isNull():
        return
    changed = False
    if tolerance is not None:
        linear = linear_geometry(geometry, tolerance)  # the same object when it has no arcs
        geometry, changed = linear, linear is not geometry
    if not geometry.isMultipart():
        geometry.convertToMultiType()
        changed = True
    if changed:
        feature.setGeometry(geometry)
