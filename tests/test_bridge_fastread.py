"""bridge.read_input: GDAL's columnar reader must give exactly what bridge.read_layer gives, or not be used.

Every comparison is value by value and type by type (a NULL's QVariant type, a QDateTime's time spec, a
geometry's WKB), and every test also checks which reader actually ran, so a fast path that silently fell
back (or a fallback that silently took the fast path) fails.
"""
import os
import re

import pytest
import shapely
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsProcessingContext,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProcessingParameterFeatureSource,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QVariant

from layers import memory_layer, square

# ----------------------------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def bridge(plugin):
    from planmaint.algorithms import bridge

    return bridge


@pytest.fixture(scope="module")
def reader(plugin):
    """A planmaint algorithm with one feature-source parameter, to call read_input as the algorithms do."""
    from planmaint.algorithms.base import PlanMaintAlgorithm

    class Reader(PlanMaintAlgorithm):
        def name(self):
            return "reader"

        def initAlgorithm(self, config=None):  # noqa: N802
            self.addParameter(QgsProcessingParameterFeatureSource("INPUT", "input"))

        def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
            return {}

    alg = Reader()
    alg.initAlgorithm({})
    return alg


class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)


@pytest.fixture
def spy(bridge, monkeypatch):
    """Counts which reader produced the result: {"fast": n, "qgis": n}."""
    calls = {"fast": 0, "qgis": 0}
    fast, slow = bridge.fast_read.read_fast, bridge.qgis_read.read_layer

    def fast_spy(*args, **kwargs):
        result = fast(*args, **kwargs)  # raises NotFast when it gives up
        calls["fast"] += 1
        return result

    def slow_spy(*args, **kwargs):
        calls["qgis"] += 1
        return slow(*args, **kwargs)

    monkeypatch.setattr(bridge.fast_read, "read_fast", fast_spy)
    monkeypatch.setattr(bridge.qgis_read, "read_layer", slow_spy)
    return calls


def describe(value):
    """A value with everything that tells QGIS values apart: Python type, QVariant type, time spec."""
    if isinstance(value, QVariant):
        return ("QVariant", value.typeName(), value.isNull())
    if isinstance(value, QDateTime):
        return ("QDateTime", value.toString(Qt.ISODateWithMs), int(value.timeSpec()))
    if isinstance(value, QDate):
        return ("QDate", value.toString(Qt.ISODate))
    if isinstance(value, float):
        return ("float", repr(value))
    return (type(value).__name__, value)


def wkb_of(geoms):
    return [None if g is None else shapely.to_wkb(g) for g in geoms]


def assert_same(fast, slow):
    assert fast.name == slow.name
    assert fast.crs == slow.crs
    assert [(f.name(), f.type()) for f in fast.fields] == [(f.name(), f.type()) for f in slow.fields]
    assert fast.fids.dtype == slow.fids.dtype
    assert fast.fids.tolist() == slow.fids.tolist()
    assert wkb_of(fast.geoms) == wkb_of(slow.geoms)
    assert len(fast.rows) == len(slow.rows)
    for row_fast, row_slow in zip(fast.rows, slow.rows):
        assert type(row_fast) is type(row_slow)
        assert [describe(v) for v in row_fast] == [describe(v) for v in row_slow]
    assert sorted(fast.values) == sorted(slow.values)
    for key in slow.values:
        assert [describe(v) for v in fast.values[key]] == [describe(v) for v in slow.values[key]]


def context_for(project=None):
    context = QgsProcessingContext()
    context.setProject(project or QgsProject.instance())
    return context


def read_both(bridge, reader, value, spy, fast_expected=True, **options):
    """read_input and read_layer of the same parameter value; both results, checked equal, with warnings."""
    feedback_fast, feedback_slow = Recorder(), Recorder()
    parameters = {"INPUT": value}
    fast = bridge.read_input(reader, parameters, "INPUT", context_for(), feedback_fast, "input", **options)
    used_fast = spy["fast"] == 1 and spy["qgis"] == 0
    spy["fast"] = spy["qgis"] = 0
    context = context_for()  # owns the layer it loads: kept alive while the source is read
    source = reader.source_keeping_invalid(parameters, "INPUT", context)
    slow = bridge.read_layer(source, context, feedback_slow, "input", **options)
    assert_same(fast, slow)
    assert feedback_fast.warnings == feedback_slow.warnings
    assert used_fast == fast_expected, "fast path used" if used_fast else "fell back to QGIS"
    return fast


# ---------------------------------------------------------------------------------- hand-made layers

FIELDS = [
    ("i", ogr.OFTInteger, ogr.OFSTNone),
    ("i64", ogr.OFTInteger64, ogr.OFSTNone),
    ("r", ogr.OFTReal, ogr.OFSTNone),
    ("s", ogr.OFTString, ogr.OFSTNone),
    ("d", ogr.OFTDate, ogr.OFSTNone),
    ("dt", ogr.OFTDateTime, ogr.OFSTNone),
    ("b", ogr.OFTInteger, ogr.OFSTBoolean),
    ("i16", ogr.OFTInteger, ogr.OFSTInt16),
]
BOWTIE = "POLYGON((0 0,10 10,10 0,0 10,0 0))"  # invalid: repaired into two triangles
ROWS = [
    dict(i=1, i64=2 ** 40, r=1.5, s="永久基本农田", d="2020/01/02", dt="2020/01/02 03:04:05", b=1, i16=7,
         g="POLYGON((0 0,10 0,10 10,0 10,0 0))"),
    dict(s="", r=-0.1, g="MULTIPOLYGON(((20 0,30 0,30 10,20 0)),((40 0,50 0,50 10,40 0)))"),
    dict(i=-3, b=0, dt="2020/01/02 03:04:05+08", g=BOWTIE),
    dict(i=0, s="no geometry", dt="2021/06/01 00:00:00Z", g=None),
    dict(i64=-1, dt="2021/06/01 23:59:59+0530", g="POLYGON EMPTY"),
    dict(r=1e300, s="'quoted' \"text\"", d="1990/12/31",
         g="POLYGON((60 0,70 0,70 10,60 10,60 0),(62 2,64 2,64 4,62 2))"),
]


def write_layer(path, driver, geometry_type, rows=ROWS, fields=FIELDS, options=(), name="t"):
    gdal_driver = ogr.GetDriverByName(driver)
    if os.path.exists(path):
        gdal_driver.DeleteDataSource(path)
    dataset = gdal_driver.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4549)
    layer = dataset.CreateLayer(name, srs if geometry_type != ogr.wkbNone else None, geometry_type, list(options))
    for field_name, kind, subtype in fields:
        definition = ogr.FieldDefn(field_name, kind)
        definition.SetSubType(subtype)
        layer.CreateField(definition)
    for row in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for key, value in row.items():
            if key == "g":
                if value is not None and geometry_type != ogr.wkbNone:
                    geometry = ogr.CreateGeometryFromWkt(value)
                    if ogr.GT_HasZ(geometry_type):
                        geometry.Set3D(True)
                    feature.SetGeometry(geometry)
            elif feature.GetFieldIndex(key) >= 0:
                feature.SetField(key, value)
        layer.CreateFeature(feature)
    dataset = None
    return path


def fast_fields(compat):
    """The hand-made layers' fields the columnar reader gives as QGIS does on this QGIS version: from 3.28 on,
    QGIS keeps each date-time's own time zone, which the Arrow stream does not, so a date-time column is read
    through QGIS (test_datetime_with_time_zones_is_left_to_qgis) and kept out of the fast-path comparisons."""
    if compat.DATETIME_KEEPS_TIME_ZONE:
        return [f for f in FIELDS if f[1] != ogr.OFTDateTime]
    return FIELDS


@pytest.fixture(scope="module")
def compat(plugin):
    from planmaint.algorithms import compat

    return compat


@pytest.fixture(scope="module")
def files(tmp_path_factory, compat):
    folder = tmp_path_factory.mktemp("fastread")
    fields = fast_fields(compat)
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # GeoPackage's warning for a Polygon in a MultiPolygon layer
    try:
        def gpkg(name, kind, rows=ROWS):
            return write_layer(str(folder / name), "GPKG", kind, rows=rows, fields=fields) + "|layername=t"

        made = {
            "gpkg_multi": gpkg("multi.gpkg", ogr.wkbMultiPolygon),
            "gpkg_single": gpkg("single.gpkg", ogr.wkbPolygon),
            "gpkg_z": gpkg("z.gpkg", ogr.wkbMultiPolygon25D),
            "gpkg_single_z": gpkg("single_z.gpkg", ogr.wkbPolygon25D),
            "gpkg_table": gpkg("table.gpkg", ogr.wkbNone),
            "shp": write_layer(str(folder / "utf8.shp"), "ESRI Shapefile", ogr.wkbPolygon,
                               fields=[f for f in FIELDS if f[1] != ogr.OFTDateTime], options=["ENCODING=UTF-8"]),
            "gpkg_empty": gpkg("empty.gpkg", ogr.wkbMultiPolygon, rows=[]),
        }
        # Second of the same GeoPackage: a layer whose fids do not start at 1 and have gaps.
        path = str(folder / "gaps.gpkg")
        write_layer(path, "GPKG", ogr.wkbMultiPolygon, fields=fields)
        dataset = ogr.Open(path, 1)
        dataset.ExecuteSQL("DELETE FROM t WHERE fid IN (1, 4)")
        dataset = None
        made["gpkg_gaps"] = path + "|layername=t"
    finally:
        gdal.PopErrorHandler()
    return made


OPTION_SETS = [
    {},
    {"attributes": False},
    {"polygons": False},
    {"subset": ["s", "dt"]},
    {"subset": ["FID", "B", "nonexistent", ""]},  # names looked up as QGIS does (case, unknown names)
    {"subset": []},
    {"filter_expression": '"i" >= 0'},
    {"filter_expression": "\"s\" = '' OR \"s\" IS NULL", "attributes": False},
    {"filter_expression": '"b"', "expressions": {"twice": '"r" * 2', "label": "concat(\"s\", '-', $id)"}},
    # Filters of field values are applied on the columns read, as the provider applies them ...
    {"filter_expression": "\"s\" IN ('', '永久基本农田') OR \"i\" IS NULL", "attributes": False},
    {"filter_expression": "NOT (left(\"s\", 2) = '永久') AND \"r\" <= 1.5 AND \"i64\" IS NOT NULL"},
    # ... and those the provider's SQL may read otherwise (a text as a condition) go through QGIS.
    {"filter_expression": '"s"'},
    {"filter_expression": '"r"', "attributes": False},
    {"filter_expression": '"i" + 3', "expressions": {"label": "upper(\"s\")"}},
    {"expressions": {"date": "\"d\""}, "subset": ["i"]},
    {"fids": [5, 3, 2]},
    {"filter_expression": '"i" >= 0', "expressions": {  # evaluated once per distinct value combination
        "class": "CASE WHEN \"s\" LIKE 'a%' THEN 2 WHEN \"s\" IS NULL THEN 0 ELSE 1 END",
        "n": "coalesce(\"r\", -1) * 2 + \"i\"", "day": '"d"', "none": "NULL"}},
    {"crs": QgsCoordinateReferenceSystem("EPSG:4549")},
]


@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: ",".join(sorted(o)) or "plain")
@pytest.mark.parametrize("kind", [
    "gpkg_multi", "gpkg_single", "gpkg_z", "gpkg_single_z", "gpkg_table", "gpkg_empty", "gpkg_gaps", "shp",
])
def test_fast_path_gives_what_qgis_gives(bridge, reader, files, spy, kind, options):
    options = dict(options)
    if kind == "shp":
        options = {k: v for k, v in options.items() if k != "expressions" or "dt" not in str(v)}
        if "fids" in options:
            options["fids"] = [4, 2, 1]
    if kind == "gpkg_table" and "crs" in options:
        options.pop("crs")
    read_both(bridge, reader, files[kind], spy, **options)


def test_hand_made_layers_have_what_they_should(bridge, reader, files, spy, compat):
    """The comparisons above cover what they claim: NULLs, dates, booleans, a repaired and an empty geometry."""
    layer = read_both(bridge, reader, files["gpkg_multi"], spy)
    kinds = {describe(v)[0:2] for row in layer.rows for v in row}
    for expected in [("int", 1), ("QVariant", "int"), ("QVariant", "qlonglong"), ("QVariant", "double"),
                     ("QVariant", "QString"), ("QVariant", "QDate"),
                     ("QVariant", "bool"), ("bool", True), ("bool", False), ("str", "")]:
        assert expected in kinds
    has_datetime = any(describe(v)[0] == "QDateTime" for row in layer.rows for v in row)
    assert has_datetime == (not compat.DATETIME_KEEPS_TIME_ZONE)
    assert any(describe(v)[0] == "QDate" for row in layer.rows for v in row)
    assert shapely.get_type_id(layer.geoms[0]) == 6  # the Polygon read as a MultiPolygon, as QGIS gives it
    assert layer.geoms[3] is None
    assert layer.geoms[4].is_empty


def test_datetime_with_time_zones_is_left_to_qgis(bridge, reader, files, spy, compat, tmp_path):
    """From QGIS 3.28 on, a date-time keeps its own zone (UTC, +08:00, none): such a column is read by QGIS,
    and a read that does not fetch it stays fast. Before 3.28 QGIS gives UTC times, as the Arrow stream does."""
    path = write_layer(str(tmp_path / "zones.gpkg"), "GPKG", ogr.wkbMultiPolygon) + "|layername=t"
    keeps_zone = compat.DATETIME_KEEPS_TIME_ZONE
    layer = read_both(bridge, reader, path, spy, fast_expected=not keeps_zone)
    specs = {describe(v)[2] for row in layer.rows for v in row if describe(v)[0] == "QDateTime"}
    assert (specs == {0, 1, 2}) if keeps_zone else (specs == {0})  # local, UTC, offset from UTC
    read_both(bridge, reader, path, spy, subset=["i", "s"])


def test_datetime_milliseconds_fall_back(bridge, reader, tmp_path, spy, compat):
    """QGIS 3.22 truncates the milliseconds of OGR's float seconds where Arrow rounds them (…01.073 reads .072
    in QGIS): a column with milliseconds is read through QGIS, one with whole seconds is not (from 3.28 on,
    date-times always go through QGIS)."""
    rows = [dict(dt="2024/02/29 23:59:{:06.3f}".format(k / 1000.0), g=square(k, 0, 1)) for k in range(0, 60000, 37)]
    path = write_layer(str(tmp_path / "ms.gpkg"), "GPKG", ogr.wkbMultiPolygon, rows=rows,
                       fields=[("dt", ogr.OFTDateTime, ogr.OFSTNone)])
    read_both(bridge, reader, path + "|layername=t", spy, fast_expected=False)
    rows = [
        dict(dt="2024/02/29 23:{:02d}:{:02d}".format(k // 60, k % 60), g=square(k, 0, 1)) for k in range(0, 3600, 7)
    ]
    path = write_layer(str(tmp_path / "s.gpkg"), "GPKG", ogr.wkbMultiPolygon, rows=rows,
                       fields=[("dt", ogr.OFTDateTime, ogr.OFSTNone)])
    read_both(bridge, reader, path + "|layername=t", spy, fast_expected=not compat.DATETIME_KEEPS_TIME_ZONE)


@pytest.mark.parametrize("driver,path", [("GPKG", "old.gpkg"), ("ESRI Shapefile", "old.shp")])
def test_dates_before_1970_fall_back(bridge, reader, tmp_path, spy, driver, path):
    """GDAL 3.6's Arrow stream gives the shapefile's 1900-12-31 as 1901-01-01: such dates are read by QGIS."""
    rows = [dict(d="1900/12/31", g=square(0, 0, 1)), dict(d="2000/01/01", g=square(2, 0, 1))]
    path = write_layer(str(tmp_path / path), driver, ogr.wkbPolygon, rows=rows, fields=[("d", ogr.OFTDate, 0)])
    read_both(bridge, reader, path + ("|layername=t" if driver == "GPKG" else ""), spy, fast_expected=False)
    read_both(bridge, reader, path + ("|layername=t" if driver == "GPKG" else ""), spy, subset=[])


def test_string_that_is_not_utf8_falls_back(bridge, reader, tmp_path, spy):
    """A shapefile whose strings GDAL does not recode to UTF-8 (declared GBK, no recoding) is read by QGIS."""
    path = str(tmp_path / "gbk.shp")
    write_layer(path, "ESRI Shapefile", ogr.wkbPolygon, rows=ROWS[:2], fields=[FIELDS[3]])
    with open(path[:-4] + ".cpg", "w") as cpg:
        cpg.write("CP936")
    read_both(bridge, reader, path, spy, fast_expected=False)
    read_both(bridge, reader, path, spy, attributes=False)  # strings not read: fast again


def test_what_can_be_known_before_reading_is_decided_before_reading(bridge, files, compat, tmp_path):
    """can_read_fast turns down, without reading a feature, every read the columnar reader would give up on
    for reasons the layer and the options already show."""
    def plan(path, **options):
        layer = QgsVectorLayer(path, "t", "ogr")
        assert layer.isValid()
        found = bridge.can_read_fast(layer, bridge.ReadOptions(**options), lambda: layer)
        if found is not None:
            found.close()
        return found

    gpkg = files["gpkg_multi"]
    assert plan(gpkg) is not None
    assert plan(gpkg, subset=["i"], filter_expression='"i" > 0') is None  # the provider picks the fields
    assert plan(gpkg, subset=["i"], filter_expression='"i" > 0', attributes=False) is not None
    assert plan(gpkg, filter_expression="$area > 1") is None
    assert plan(gpkg, crs=QgsCoordinateReferenceSystem("EPSG:4490")) is None
    zones = write_layer(str(tmp_path / "zones.gpkg"), "GPKG", ogr.wkbMultiPolygon) + "|layername=t"
    assert (plan(zones) is None) == compat.DATETIME_KEEPS_TIME_ZONE  # QGIS keeps each date-time's zone
    assert plan(zones, subset=["i", "s"]) is not None
    gbk = str(tmp_path / "gbk.shp")
    write_layer(gbk, "ESRI Shapefile", ogr.wkbPolygon, rows=ROWS[:2], fields=[FIELDS[0], FIELDS[3]])
    with open(gbk[:-4] + ".cpg", "w") as cpg:
        cpg.write("CP936")
    assert plan(gbk) is None  # text not declared UTF-8
    assert plan(gbk, subset=["i"]) is not None


# ----------------------------------------------------------------------------------------- fallbacks


@pytest.fixture
def project_layer(files):
    layer = QgsVectorLayer(files["gpkg_multi"], "t", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    yield layer
    if layer.isEditable():
        layer.rollBack()
    QgsProject.instance().removeMapLayer(layer.id())


def test_project_layer_as_is_is_fast(bridge, reader, project_layer, spy):
    read_both(bridge, reader, project_layer.id(), spy)


def test_selected_features_only_falls_back(bridge, reader, project_layer, spy):
    project_layer.selectByIds([2, 5])
    value = QgsProcessingFeatureSourceDefinition(project_layer.id(), True)
    layer = read_both(bridge, reader, value, spy, fast_expected=False)
    assert sorted(layer.fids.tolist()) == [2, 5]


def test_a_filter_of_values_is_applied_without_qgis_and_leaves_the_selection_alone(bridge, reader, project_layer,
                                                                                  spy, monkeypatch):
    project_layer.selectByIds([2, 5])
    passes = []
    slow = bridge.fast_read.read_through_qgis
    monkeypatch.setattr(bridge.fast_read, "read_through_qgis", lambda *a, **k: passes.append(a) or slow(*a, **k))
    layer = bridge.read_input(reader, {"INPUT": project_layer.id()}, "INPUT", context_for(), None, "input",
                              filter_expression='"i" >= 0')
    assert passes == []  # no feature-by-feature pass in Python picked the ids
    assert layer.fids.tolist() == sorted(f.id() for f in project_layer.getFeatures('"i" >= 0'))
    assert sorted(project_layer.selectedFeatureIds()) == [2, 5]
    # A filter that may depend on more than field values is still applied feature by feature.
    bridge.read_input(reader, {"INPUT": project_layer.id()}, "INPUT", context_for(), None, "input",
                      filter_expression='"i" >= 0 AND rand(0, 1) >= 0')
    assert len(passes) == 1


@pytest.mark.parametrize("kind", ["gpkg_multi", "gpkg_z", "shp"])
def test_a_layer_of_a_layer_list_is_read_fast_as_qgis_reads_it(bridge, files, spy, kind):
    layer = QgsVectorLayer(files[kind], "excluded", "ogr")
    options = {"attributes": False, "crs": layer.crs()}
    fast = bridge.read_vector_layer(layer, context_for(), None, "excluded", **options)
    assert spy == {"fast": 1, "qgis": 0}
    assert_same(fast, bridge.read_layer(layer, context_for(), None, "excluded", **options))
    # A memory layer has no file to read: QGIS reads it.
    memory = layer.materialize(QgsFeatureRequest())
    bridge.read_vector_layer(memory, context_for(), None, "excluded", **options)
    assert spy == {"fast": 1, "qgis": 1}


def test_feature_limit_falls_back(bridge, reader, files, spy):
    value = QgsProcessingFeatureSourceDefinition(files["gpkg_multi"], False, 2)
    layer = read_both(bridge, reader, value, spy, fast_expected=False)
    assert len(layer) == 2


def test_source_definition_without_options_is_fast(bridge, reader, files, spy):
    read_both(bridge, reader, QgsProcessingFeatureSourceDefinition(files["gpkg_multi"]), spy)


def test_geometry_check_override_falls_back(bridge, reader, files, spy):
    value = QgsProcessingFeatureSourceDefinition(
        files["gpkg_multi"], False, -1, QgsProcessingFeatureSourceDefinition.FlagOverrideDefaultGeometryCheck,
        QgsFeatureRequest.GeometrySkipInvalid,
    )
    layer = read_both(bridge, reader, value, spy, fast_expected=False)
    assert 3 not in layer.fids.tolist()  # the bow-tie skipped, as the user asked


def test_subset_string_falls_back(bridge, reader, files, project_layer, spy):
    read_both(bridge, reader, files["gpkg_multi"] + "|subset=\"i\" >= 0", spy, fast_expected=False)
    project_layer.setSubsetString('"i" < 0')
    layer = read_both(bridge, reader, project_layer.id(), spy, fast_expected=False)
    assert layer.fids.tolist() == [3]


def test_edit_buffer_with_changes_falls_back(bridge, reader, project_layer, spy):
    project_layer.startEditing()
    read_both(bridge, reader, project_layer.id(), spy)  # editing, nothing changed yet: the file is the truth
    index = project_layer.fields().indexOf("s")
    assert project_layer.changeAttributeValue(1, index, "edited")
    layer = read_both(bridge, reader, project_layer.id(), spy, fast_expected=False)
    assert layer.rows[0][index] == "edited"


def test_other_crs_falls_back(bridge, reader, files, spy):
    layer = read_both(bridge, reader, files["gpkg_multi"], spy, fast_expected=False,
                      crs=QgsCoordinateReferenceSystem("EPSG:4490"))
    assert layer.crs.authid() == "EPSG:4490"


def test_memory_layer_falls_back(bridge, reader, spy):
    layer = memory_layer([square(0, 0, 10), None], fields=[("s", str)], rows=[["a"], [None]])
    QgsProject.instance().addMapLayer(layer)
    try:
        read_both(bridge, reader, layer.id(), spy, fast_expected=False)
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_subset_of_a_memory_layer_reads_only_the_fields_asked_for(bridge):
    # The memory provider hands every attribute over whatever the request says; the reader keeps the
    # fields asked for (as QGIS gives them, NULL included; "A" finds "a" as QGIS looks names up) and None
    # elsewhere, like the columnar reader.
    layer = memory_layer([square(0, 0, 10), square(10, 0, 10)], fields=[("a", str), ("b", int), ("c", float)],
                         rows=[["x", 1, 0.5], [None, 2, None]])
    every = [f.attributes() for f in layer.getFeatures()]
    read = bridge.read_layer(layer, QgsProcessingContext(), None, "m", subset=["c", "A", "missing"])
    assert read.rows == [[every[0][0], None, every[0][2]], [every[1][0], None, every[1][2]]]
    assert read.rows[0] == ["x", None, 0.5]
    assert bridge.read_layer(layer, QgsProcessingContext(), None, "m").rows == every


def test_virtual_field_falls_back(bridge, reader, project_layer, spy):
    project_layer.addExpressionField('"i" * 10', QgsField("ten_i", QVariant.Int))
    read_both(bridge, reader, project_layer.id(), spy, fast_expected=False)


def test_subset_with_filter_falls_back(bridge, reader, files, spy):
    read_both(bridge, reader, files["gpkg_multi"], spy, fast_expected=False, subset=["r"], filter_expression='"i" > 0')


def test_expression_using_geometry_falls_back(bridge, reader, files, spy):
    read_both(bridge, reader, files["gpkg_multi"], spy, fast_expected=False, filter_expression="$area > 60")
    read_both(bridge, reader, files["gpkg_multi"], spy, fast_expected=False, expressions={"a": "$area"})


def test_errors_are_read_layers(bridge, reader, files, spy):
    from qgis.core import QgsProcessingException

    for options in ({"filter_expression": '"nope" = 1'}, {"expressions": {"x": '"i" +'}},
                    {"expressions": {"x": "to_int('a') / 0"}}):
        messages = []
        context = context_for()
        for read in (
            lambda options=options: bridge.read_input(reader, {"INPUT": files["gpkg_multi"]}, "INPUT",
                                                      context_for(), None, "t", **options),
            lambda options=options, context=context: bridge.read_layer(
                reader.source_keeping_invalid({"INPUT": files["gpkg_multi"]}, "INPUT", context), context, None, "t",
                **options),
        ):
            with pytest.raises(QgsProcessingException) as error:
                read()
            messages.append(str(error.value))
        assert messages[0] == messages[1]


# ------------------------------------------------------------------------------------- sample county

COUNTY_READS = [
    ("landuse", {}),
    ("landuse", {"attributes": False, "filter_expression": '"PDJB" <= 3 AND "DLBM" IN (\'0101\',\'0102\',\'0103\')',
                 "expressions": {"priority": '"TBMJ"'}}),
    ("landuse", {"subset": ["DLBM", "TBMJ", "KCXS", "PDJB"]}),
    ("landuse", {"attributes": False, "polygons": False}),
    ("pbf", {}),
    ("epr", {}),
    ("udb", {"attributes": False}),
    ("hsf", {}),
    ("hilly_areas", {}),
]


@pytest.mark.parametrize("layer_name,options", COUNTY_READS, ids=lambda x: x if isinstance(x, str) else None)
def test_sample_county_reads(bridge, reader, sample_county, spy, layer_name, options):
    read_both(bridge, reader, f"{sample_county}|layername={layer_name}", spy, **options)


def _outputs(result):
    """Every output layer of a processing result as (fields, [(attributes, WKB)]); numbers as they are."""
    out = {}
    for key, value in sorted(result.items()):
        layer = value if isinstance(value, QgsVectorLayer) else None
        if isinstance(value, str) and os.path.exists(value.split("|")[0]) and not value.endswith(".html"):
            layer = QgsVectorLayer(value, key, "ogr")
        if layer is not None and layer.isValid():
            features = [
                ([describe(v) for v in f.attributes()], f.geometry().asWkb().data() if f.hasGeometry() else None)
                for f in layer.getFeatures()
            ]
            out[key] = ([(f.name(), f.type()) for f in layer.fields()], features)
        elif not isinstance(value, str):
            out[key] = value
    return out


@pytest.mark.parametrize("alg_id,inputs", [
    ("planmaint:removefragments", lambda c: {"INPUT": c + "|layername=pbf", "MIN_AREA": 5,
                                             "HILLY_AREAS": c + "|layername=hilly_areas", "MIN_AREA_HILLY": 3}),
    ("planmaint:fillholes", lambda c: {"INPUT": c + "|layername=pbf", "MAX_AREA": 5}),
    ("planmaint:conflictcheck", lambda c: {"PBF": c + "|layername=pbf", "EPR": c + "|layername=epr",
                                           "UDB": c + "|layername=udb"}),
    ("planmaint:edgeswap", lambda c: {
        "INPUT": c + "|layername=pbf", "SWAP_OUT": c + "|layername=pbf|subset=\"PDJB\" >= 4",
        "CANDIDATES": c + "|layername=landuse", "ELIGIBLE": "\"PDJB\" <= 3 AND \"DLBM\" IN ('0101','0102','0103')",
        "EXCLUDE": [c + "|layername=epr", c + "|layername=udb"], "HSF": c + "|layername=hsf",
        "ADJACENT_FIRST": True, "SPLIT": True}),
    ("planmaint:indicators", lambda c: {
        name.upper(): f"{c}|layername={name}"
        for name in ("pbf", "epr", "udb", "landuse", "hsf", "hilly_areas", "urban_baseline")}),
])
def test_algorithm_outputs_unchanged(bridge, sample_county, monkeypatch, tmp_path, alg_id, inputs):
    """Each algorithm on the sample county: the same outputs with the fast path as read entirely by QGIS."""
    import processing
    from qgis.core import QgsApplication, QgsProcessingParameterFeatureSink

    sinks = [
        d.name() for d in QgsApplication.processingRegistry().algorithmById(alg_id).parameterDefinitions()
        if isinstance(d, QgsProcessingParameterFeatureSink)
    ]

    def run(tag):
        parameters = inputs(sample_county)
        parameters.update({name: str(tmp_path / f"{tag}_{name}.gpkg") for name in sinks})
        return _outputs(processing.run(alg_id, parameters))

    calls = {"fast": 0}
    fast = bridge.fast_read.read_fast

    def counting(*args, **kwargs):
        calls["fast"] += 1
        return fast(*args, **kwargs)

    monkeypatch.setattr(bridge.fast_read, "read_fast", counting)
    with_fast = run("fast")
    assert calls["fast"] >= 1
    monkeypatch.setattr(bridge.fast_read, "can_read_fast", lambda *args: None)
    through_qgis = run("qgis")
    assert with_fast.keys() == through_qgis.keys()
    assert any(isinstance(v, tuple) and v[1] for v in through_qgis.values())  # some layer with features compared
    for key in through_qgis:
        assert with_fast[key] == through_qgis[key], key


def test_model_outputs_unchanged(bridge, sample_county, monkeypatch, tmp_path, spy):
    """The full model, whose steps read each other's outputs: every table of the plan is the same either way."""
    import processing
    from qgis.core import QgsApplication

    model_id = "planmaint:dynamicmaintenance"
    model = QgsApplication.processingRegistry().algorithmById(model_id)

    def run(tag):
        plan = str(tmp_path / f"{tag}.gpkg")
        parameters = {name: f"{sample_county}|layername={name.lower()}" for name in
                      ("LANDUSE", "PBF", "EPR", "UDB", "HSF", "HILLY_AREAS", "PROJECTS", "URBAN_BASELINE")}
        tables = []
        for output in model.destinationParameterDefinitions():
            table = output.name().split(":")[-1].lower()
            if table == "report":
                parameters[output.name()] = str(tmp_path / f"{tag}.html")
            else:
                parameters[output.name()] = f"ogr:dbname='{plan}' table=\"{table}\""
                tables.append(table)
        processing.run(model_id, parameters)
        out = {}
        for table in tables:
            layer = QgsVectorLayer(f"{plan}|layername={table}", table, "ogr")
            assert layer.isValid(), table
            out[table] = [
                ([describe(without_uid(v)) for v in f.attributes()],
                 f.geometry().asWkb().data() if f.hasGeometry() else None)
                for f in layer.getFeatures()
            ]
        return out

    def without_uid(value):
        # The model merges layers and records their sources; an intermediate memory layer's source carries a
        # new uid on every run.
        return re.sub(r"&uid=\{[^}]*\}", "&uid={}", value) if isinstance(value, str) else value

    with_fast = run("fast")
    assert spy["fast"] >= 10, spy  # most of the model's reads take the fast path
    monkeypatch.setattr(bridge.fast_read, "can_read_fast", lambda *args: None)
    through_qgis = run("qgis")
    assert with_fast.keys() == through_qgis.keys()
    assert sum(len(v) for v in through_qgis.values()) > 0
    for table in through_qgis:
        assert with_fast[table] == through_qgis[table], table


def test_expressions_read_without_attributes_fetch_what_they_use(bridge, reader, files):
    """attributes=False fetches only the expressions' fields, yet every expression sees what it needs."""
    context = context_for()
    source = reader.source_keeping_invalid({"INPUT": files["gpkg_multi"]}, "INPUT", context)
    expressions = {"twice": '"r" * 2', "text": "concat(\"s\", '-', \"i\")", "id": "$id"}
    lean = bridge.read_layer(source, context, None, "t", attributes=False, expressions=expressions,
                             filter_expression='"b"')
    full = bridge.read_layer(source, context, None, "t", attributes=True, expressions=expressions,
                             filter_expression='"b"')
    assert not lean.rows and len(lean) == len(full) > 0
    assert lean.fids.tolist() == full.fids.tolist()
    for key in expressions:
        assert [repr(v) for v in lean.values[key]] == [repr(v) for v in full.values[key]], key
    # the values are the features' own, not NULLs of unfetched fields
    r = full.fields.lookupField("r")
    assert lean.values["twice"].tolist() == [row[r] * 2 for row in full.rows]


@pytest.mark.parametrize("options", [
    {"filter_expression": '"fid" >= 3'},
    {"filter_expression": '"i" >= 0', "expressions": {"twice": '"fid" * 2'}},
], ids=["filter", "expression"])
def test_field_values_of_the_fid_column_are_left_to_qgis(bridge, reader, files, spy, monkeypatch, options):
    """The fid column is no OGR column: a filter or expression using it is evaluated by QGIS, and gives
    what QGIS gives (the features with fids 3, 5, 6 of the layer with gaps)."""
    evaluated = []
    evaluate = bridge.by_values.evaluate_distinct
    monkeypatch.setattr(bridge.by_values, "evaluate_distinct", lambda *a: evaluated.append(a[0]) or evaluate(*a))
    layer = read_both(bridge, reader, files["gpkg_gaps"], spy, **options)
    assert not any("fid" in str(by_values) for by_values in evaluated)
    if "fid" in options["filter_expression"]:
        assert layer.fids.tolist() == [3, 5, 6]


@pytest.mark.parametrize("text, plain", [
    ("\"DLBM\" IN ('0101','0102','0103') AND \"PDJB\" <= 3", True),
    ("NOT (left(\"DLBM\", 2) IN ('05','06') OR \"DLBM\" IN ('1001')) AND \"DLBM\" NOT IN ('0810')", True),
    ("\"PDJB\" IS NULL OR \"PDJB\" <> 2", True),
    ('"DLBM"', False),  # a text as a condition: SQLite reads it as a number
    ("\"DLBM\" LIKE '01%'", False),  # SQLite's LIKE ignores case
    ('"PDJB" / 2 > 1', False),  # SQLite divides integers without a remainder
    ("\"DLBM\" < '05'", False),  # text order
    ("\"DLBM\" = 101", False),  # text against a number
    ("upper(\"DLBM\") = 'A'", False),
    ('"PDJB" <= 3 AND $area > 0', False),
    ("\"DLBM\" IN ('0101', NULL)", False),
    ("\"nonexistent\" = 1", False),
])
def test_plain_filters_are_read_alike_by_qgis_and_sqlite(bridge, text, plain):
    fields = QgsFields()
    fields.append(QgsField("DLBM", QVariant.String))
    fields.append(QgsField("PDJB", QVariant.Int))
    assert bridge.by_values.plain_filter(text, fields) is plain


def test_value_expressions_are_evaluated_once_per_distinct_combination(bridge, reader, sample_county, spy,
                                                                       monkeypatch):
    """A priority of field values only is evaluated per distinct combination, and gives what QGIS gives."""
    combinations = []
    evaluate = bridge.by_values.evaluate_distinct

    def counting(by_values, source, context, rows):
        combinations.append((sorted(k for k in by_values if k != "__columns__"), len(set(zip(*rows.keys.values())))))
        return evaluate(by_values, source, context, rows)

    monkeypatch.setattr(bridge.by_values, "evaluate_distinct", counting)
    options = {"attributes": False, "filter_expression": "\"DLBM\" IN ('0101','0102','0103')",
               "expressions": {"priority": "CASE WHEN \"PDJB\" <= 2 THEN 2 ELSE 4 - \"PDJB\" END"}}
    layer = read_both(bridge, reader, f"{sample_county}|layername=landuse", spy, **options)
    # The filter, over every parcel, per land class; the priority, over the cultivated land, per slope grade.
    assert [keys for keys, _ in combinations] == [["filter"], ["priority"]]
    assert len(layer) > 500 and combinations[1][1] <= 6  # slope grades 1-5 (and NULL)
    # Feature-dependent expressions are QGIS's to evaluate, feature by feature.
    combinations.clear()
    read_both(bridge, reader, f"{sample_county}|layername=landuse", spy, attributes=False,
              expressions={"id": "$id + \"PDJB\""})
    assert not combinations
