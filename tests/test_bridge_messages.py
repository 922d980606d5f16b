"""The bridge's small message helpers: QGIS NULLs and blanks, lists of feature ids, and the warnings they make."""
import numpy as np
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingFeedback
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant


@pytest.fixture(scope="module")
def bridge(plugin):
    from planmaint.algorithms import bridge

    return bridge


@pytest.fixture(scope="module")
def compat(plugin):
    from planmaint.algorithms import compat

    return compat


class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)


@pytest.mark.parametrize("kind", [QVariant.Int, QVariant.LongLong, QVariant.Double, QVariant.String, QVariant.Date,
                                  QVariant.DateTime, QVariant.Bool])
def test_a_null_of_every_field_type_is_null(bridge, compat, kind):
    assert bridge.is_null(compat.null_of_type(kind))
    assert bridge.is_blank(compat.null_of_type(kind))


def test_null_values(bridge):
    for value in (None, QVariant(), QDate(), QDateTime(), QTime()):
        assert bridge.is_null(value), value
    for value in (0, 0.0, "", " ", False, True, "NULL", QDate(2020, 1, 2), QDateTime(QDate(2020, 1, 2), QTime(3, 4)),
                  np.int64(0), np.float64("nan"), [], {}):
        assert not bridge.is_null(value), value


def test_blank_values(bridge):
    for value in (None, QVariant(), "", " ", "\t \n", "\u3000"):
        assert bridge.is_blank(value), repr(value)
    for value in (0, "0", " a ", False, QDate(2020, 1, 2)):
        assert not bridge.is_blank(value), repr(value)


def test_id_list_shows_at_most_twenty(bridge):
    assert bridge.id_list([]) == ""
    assert bridge.id_list([7]) == "7"
    assert bridge.id_list(range(1, 21)) == ", ".join(str(i) for i in range(1, 21))
    assert bridge.id_list(range(1, 22)) == ", ".join(str(i) for i in range(1, 21)) + " …"
    assert bridge.id_list(np.array([3, 1, 2], dtype=np.int64)) == "3, 1, 2"  # numpy integers print as numbers
    assert bridge.id_list((i for i in [5, 6, 7]), shown=2) == "5, 6 …"
    assert bridge.id_list(np.arange(100), shown=3) == "0, 1, 2 …"


def test_repair_warning_is_the_one_every_algorithm_gave(bridge):
    """The text the bridge and fragment removal wrote themselves: ids, at most 20, then " …"."""
    fids = np.arange(1, 31, dtype=np.int64)
    for n in (1, 20, 21, 30):
        shown = ", ".join(str(f) for f in fids[:n][:20])
        more = "" if n <= 20 else " …"
        assert bridge.repair_warning("pbf", fids[:n]) == (
            f"Layer pbf: {n} invalid geometries were repaired (make valid); feature ids {shown}{more}"
        )


def test_a_layer_without_crs_is_named(bridge):
    feedback = Recorder()
    bridge.warn_if_no_crs(feedback, QgsCoordinateReferenceSystem(), "pbf")
    bridge.warn_if_no_crs(feedback, QgsCoordinateReferenceSystem("EPSG:4549"), "epr")
    assert feedback.warnings == ["Layer pbf has no coordinate reference system: its coordinates are taken as metres."]


def test_the_names_callers_use_stay_on_the_package(bridge):
    """Every name the algorithms, tests and benchmarks write as bridge.X is there."""
    for name in ("read_layer", "read_input", "read_vector_layer", "write_features", "add_features", "areas_m2",
                 "lengths_m", "area_method_for", "check_canceled", "check_canceled_writing", "CANCEL_CHECK_EVERY",
                 "linear_geometry", "curve_tolerance", "layer_label", "field_list", "combined_fields",
                 "as_multi_geometry", "AREA_PLANAR", "AREA_ELLIPSOIDAL", "LayerArrays", "ReadOptions",
                 "can_read_fast", "is_null", "is_blank", "id_list", "repair_warning", "warn_if_no_crs"):
        assert hasattr(bridge, name), name
    assert set(bridge.__all__) <= set(dir(bridge))
