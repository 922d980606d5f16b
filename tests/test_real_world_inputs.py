"""Issue 19: real-world inputs — shapefiles without a code page, curved geometries.

A county's shapefile written in GBK without a ``.cpg`` and without a code page in the DBF header (LDID 0)
is decoded wrongly by QGIS: with the default UTF-8 each Chinese character becomes replacement characters
('���û���ũ��', bytes lost), with Latin-1 or the Windows code page it becomes mojibake ('ÓÀ¾Ã»ù±¾Å©Ìï',
valid Unicode). Nothing fails: a filter on the text finds nothing, reasons and names are written garbled.
A run that uses such text stops and names the fix; text only copied into the outputs gets one warning.

Land-survey deliveries (GeoPackage, File Geodatabase) can hold true arcs (CurvePolygon, MultiSurface); they
are linearised on reading within 0.001 m, with one warning, and give the numbers of a linearised copy.

The bad-input matrix (tests/test_bad_input.py, cases ``curved`` and ``garbled_text``) runs the same on memory
layers for every algorithm; here the same happens with real files, written with GDAL/OGR.
"""
import math
import os

import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsGeometry, QgsProject, QgsVectorLayer, QgsWkbTypes

import badinput as bi
from layers import features

FIX_WORDS = ("GBK", "Data source encoding", "数据源编码")  # the fix every message names


@pytest.fixture(autouse=True)
def shape_encoding_kept():
    """Choosing a layer's encoding makes QGIS set GDAL's SHAPE_ENCODING for the whole process: put it back, so
    no later test reads or writes shapefiles under this module's choice."""
    previous = gdal.GetConfigOption("SHAPE_ENCODING")
    yield
    gdal.SetConfigOption("SHAPE_ENCODING", previous)


def ogr_type(kind):
    return {str: ogr.OFTString, int: ogr.OFTInteger, float: ogr.OFTReal}[kind]


def write_spec(spec, path, driver, encoding=None, geometry_type=ogr.wkbMultiPolygon, linearise=None):
    """Write a ``badinput.LayerSpec`` with OGR. ``encoding``: a shapefile's ENCODING option (its .cpg);
    ``linearise``: an angle step in degrees to linearise arcs with OGR's own code (an independent copy)."""
    # QGIS sets GDAL's SHAPE_ENCODING to "" (no recoding) once a layer's encoding is chosen, and the writer
    # obeys it too: the ENCODING asked for holds only with the option unset while writing.
    previous = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    try:
        return _write_spec(spec, path, driver, encoding, geometry_type, linearise)
    finally:
        gdal.SetConfigOption("SHAPE_ENCODING", previous)


def _write_spec(spec, path, driver, encoding, geometry_type, linearise):
    gdal_driver = ogr.GetDriverByName(driver)
    if os.path.exists(path):
        gdal_driver.DeleteDataSource(path)
    dataset = gdal_driver.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(int(spec.crs.split(":")[1]))
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    options = [f"ENCODING={encoding}"] if encoding else []
    layer = dataset.CreateLayer(spec.name, srs, geometry_type, options)
    for name, kind in spec.fields:
        layer.CreateField(ogr.FieldDefn(name, ogr_type(kind)))
    for wkt, row in zip(spec.wkts, spec.rows):
        feature = ogr.Feature(layer.GetLayerDefn())
        for (name, _), value in zip(spec.fields, row):
            feature.SetField(name, value)
        if wkt is not None:
            geometry = ogr.CreateGeometryFromWkt(wkt)
            if linearise:
                geometry = geometry.GetLinearGeometry(linearise)
            geometry = ogr.ForceTo(geometry, geometry_type)
            feature.SetGeometry(geometry)
        layer.CreateFeature(feature)
    # GDAL < 3.8 frees a layer with its dataset: Python must let go of features and layer first (or crash).
    feature = layer = None
    dataset = None
    return path


def gbk_shapefile(spec, folder, code_page=True):
    """``spec`` as a shapefile written in GBK; without ``code_page``, its .cpg is deleted and the DBF header's
    code page byte (LDID, byte 29) is zero: what old county software and many deliveries leave."""
    path = write_spec(spec, str(folder / f"{spec.name}.shp"), "ESRI Shapefile", encoding="CP936")
    with open(path[:-4] + ".dbf", "rb") as dbf:
        chinese = [v for row in spec.rows for v in row if isinstance(v, str) and not v.isascii()]
        assert chinese[0].encode("gbk") in dbf.read()
    cpg = path[:-4] + ".cpg"
    if code_page:
        with open(cpg, "w") as handle:
            handle.write("GBK")
    else:
        os.remove(cpg)
        with open(path[:-4] + ".dbf", "r+b") as dbf:
            dbf.seek(29)
            dbf.write(b"\0")
    return path


def world_with_names():
    """The bad-input world with a land-class name field DLMC (水田, 旱地 …) on the farmland and land use."""
    world = bi.base_world()
    for key in ("PBF", "LANDUSE"):
        spec = world[key]
        spec.fields.append(("DLMC", str))
        spec.rows = [tuple(row) + (bi.LAND_CLASS_NAMES[row[1]],) for row in spec.rows]
    return world


def error_text(out):
    assert out.error is not None, f"expected a QgsProcessingException, got results {out.results}"
    text = str(out.error)
    assert "Traceback" not in text, text
    return text


def garbled_warnings(out):
    return [w for w in out.feedback.warnings if "garbled" in w]


# --- a GBK shapefile without a code page -------------------------------------------------------------


def test_the_file_is_garbled_as_the_issue_says(plugin, tmp_path):
    """The reproduction: QGIS reads such a file without an error, garbled (replacement characters with its
    default UTF-8, mojibake when the layer's encoding is Latin-1), and right once its encoding is GBK."""
    path = gbk_shapefile(world_with_names()["LANDUSE"], tmp_path, code_page=False)
    layer = QgsVectorLayer(path, "landuse", "ogr")
    names = [f["DLMC"] for f in layer.getFeatures()]
    assert "水田" not in names and all("\ufffd" in n for n in names)
    layer.setProviderEncoding("ISO-8859-1")
    assert [f["DLMC"] for f in layer.getFeatures()][0] == bi.mojibake("水田") == "Ë®Ìï"
    layer.setProviderEncoding("GBK")
    assert [f["DLMC"] for f in layer.getFeatures()][0] == "水田"


def test_a_filter_on_garbled_text_stops_with_the_fix(plugin, tmp_path):
    """Eligible land chosen by its name: unchecked, the filter found nothing and the run spoke of missing area."""
    world = world_with_names()
    path = gbk_shapefile(world["LANDUSE"], tmp_path, code_page=False)
    out = bi.run_algorithm("edgeswap", world, extra={"CANDIDATES": path, "ELIGIBLE": "\"DLMC\" = '水田'"})
    text = error_text(out)
    assert "Layer landuse" in text and "DLMC" in text and "garbled" in text
    assert all(word in text for word in FIX_WORDS) and "landuse.cpg" in text
    assert "must be swapped in" not in text


def test_a_reason_field_of_garbled_text_stops_with_the_fix(plugin, tmp_path):
    """The swap-out reasons would be written garbled into the ledger and the swapped-out land."""
    world = bi.base_world()
    path = gbk_shapefile(world["STEEP"], tmp_path, code_page=False)
    out = bi.run_algorithm("edgeswap", world, extra={"SWAP_OUT": path})
    text = error_text(out)
    assert "Layer steep" in text and "WHY" in text
    assert all(word in text for word in FIX_WORDS) and "steep.cpg" in text


def test_text_decoded_as_latin1_is_recognised_and_read_back(plugin, tmp_path):
    """A layer whose encoding is set to Latin-1 (or the Windows code page) gives valid mojibake: the message
    shows what the text reads in GBK, so the user sees that GBK is the fix."""
    world = world_with_names()
    layer = QgsVectorLayer(gbk_shapefile(world["LANDUSE"], tmp_path, code_page=False), "landuse", "ogr")
    layer.setProviderEncoding("ISO-8859-1")
    # In the project, as a user's layer is, and taken out (deleted) at the end: a file layer left to Python's
    # garbage collector outlives QGIS at exit and crashes the interpreter.
    QgsProject.instance().addMapLayer(layer)
    try:
        out = bi.run_algorithm("edgeswap", world, extra={"CANDIDATES": layer, "ELIGIBLE": "\"DLMC\" = '水田'"})
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    text = error_text(out)
    assert "DLMC" in text and bi.mojibake("水田") in text and "'水田'" in text and "GBK" in text


@pytest.mark.parametrize("text, encoding, meant", [
    (bi.mojibake("永久基本农田"), "GBK", "永久基本农田"),  # GBK read as Latin-1
    ("坡度15度以上".encode("gbk").decode("cp1252"), "GBK", "坡度15度以上"),  # GBK read as the Windows code page
    ("永久".encode("utf-8").decode("cp1252"), "UTF-8", "永久"),  # 'æ°¸ä¹…': a UTF-8 file read as Windows-1252
    ("永久".encode("gbk").decode("utf-8", "replace"), "", ""),  # QGIS's default UTF-8 on GBK: bytes lost
    ("永久基本农田", None, None), ("0101", None, None), ("Café", None, None), ("Müller Straße", None, None),
    ("", None, None), (None, None, None), (3, None, None),
])
def test_garbled_text_is_told_from_text(plugin, text, encoding, meant):
    from planmaint.algorithms.core.encoding import misread

    found = misread(text)
    assert (found.encoding, found.meant) == (encoding, meant) if encoding is not None else found is None


def test_a_field_parameter_of_garbled_text_stops_indicators(plugin, tmp_path):
    """DLBM_FIELD names a field the run reads; pointed at a garbled one, it stops. The land-class codes
    themselves are ASCII: the same file with DLBM gives the clean numbers, and nothing to warn about, since
    the indicators copy no input text."""
    world = world_with_names()
    path = gbk_shapefile(world["LANDUSE"], tmp_path, code_page=False)
    text = error_text(bi.run_algorithm("indicators", world, extra={"LANDUSE": path, "DLBM_FIELD": "DLMC"}))
    assert "Layer landuse" in text and "DLMC" in text and all(word in text for word in FIX_WORDS)
    out = bi.run_algorithm("indicators", world, extra={"LANDUSE": path})
    reference = bi.run_algorithm("indicators", world)
    assert out.error is None and garbled_warnings(out) == []
    assert bi.layer_outputs(out.results) == bi.layer_outputs(reference.results)


def run_pair(algorithm, world, replace, folder, extra=None):
    """Run ``algorithm`` with the layers ``replace`` (key → parameter) as GBK shapefiles with a .cpg, and as
    UTF-8 shapefiles: both outcomes."""
    outcomes = []
    for encoding in ("GBK", "UTF-8"):
        sub = folder / encoding
        sub.mkdir()
        given = dict(extra or {})
        for key, parameter in replace.items():
            spec = world[key]
            path = (gbk_shapefile(spec, sub) if encoding == "GBK" else
                    write_spec(spec, str(sub / f"{spec.name}.shp"), "ESRI Shapefile", encoding="UTF-8"))
            given[parameter] = path
        outcomes.append(bi.run_algorithm(algorithm, world, extra=given))
    return outcomes


def test_with_a_gbk_code_page_the_numbers_are_those_of_a_utf8_copy(plugin, tmp_path):
    """The fix works: with a .cpg saying GBK, the run filters on names and writes the reasons as a UTF-8 copy
    of the same layers does, without a word about garbled text."""
    world = world_with_names()
    gbk, utf8 = run_pair("edgeswap", world, {"LANDUSE": "CANDIDATES", "STEEP": "SWAP_OUT"}, tmp_path,
                         extra={"ELIGIBLE": "\"DLMC\" = '水田'"})
    for out in (gbk, utf8):
        assert out.error is None, out.error
        assert garbled_warnings(out) == []
    for key in ("OUT_HA", "IN_HA", "BALANCE_M2"):
        assert gbk.results[key] == pytest.approx(utf8.results[key], abs=1e-12)
    assert gbk.results["OUT_HA"] == pytest.approx(0.5, abs=1e-9)
    assert [f["TZYY"] for f in features(gbk.results["SWAPPED_OUT"])] == ["坡度15度以上"]
    assert [f["DLMC"] for f in features(gbk.results["SWAPPED_IN"])] == ["水田"]
    assert [f.attributes() for f in features(gbk.results["LEDGER"])] == \
        [f.attributes() for f in features(utf8.results["LEDGER"])]


@pytest.mark.parametrize("algorithm, key, parameter, field_name, extra", [
    ("conflictcheck", "EPR", "EPR", "HXMC", {}),
    # a filter on land-class codes works on garbled names; the names go into the swapped-in land
    ("edgeswap", "LANDUSE", "CANDIDATES", "DLMC", {"ELIGIBLE": "\"DLBM\" IN ('0101', '0102')"}),
])
def test_garbled_text_only_copied_to_the_outputs_is_warned_about_once(plugin, tmp_path, algorithm, key, parameter,
                                                                      field_name, extra):
    world = world_with_names()
    path = gbk_shapefile(world[key], tmp_path, code_page=False)
    out = bi.run_algorithm(algorithm, world, extra={parameter: path, **extra})
    reference = bi.run_algorithm(algorithm, world, extra=extra)
    assert out.error is None, out.error
    warnings = garbled_warnings(out)
    assert len(warnings) == 1, out.feedback.warnings
    name = world[key].name
    assert f"Layer {name}" in warnings[0] and field_name in warnings[0] and f"{name}.cpg" in warnings[0]
    assert all(word in warnings[0] for word in FIX_WORDS)
    numbers = {k: v for k, v in reference.results.items() if isinstance(v, (int, float))}
    assert {k: out.results[k] for k in numbers} == pytest.approx(numbers, abs=1e-12)


SHAPEFILE_OUTPUTS = {
    "removefragments": ("REMOVED", "TZYY", "零星破碎"),
    "fillholes": ("OUTPUT", "TZLX", "天窗填补"),
    "edgeswap": ("SWAPPED_OUT", "TZYY", "坡度15度以上"),
    "conflictcheck": ("OUTPUT", "HXMC", "红线1"),
}


@pytest.mark.parametrize("algorithm", sorted(SHAPEFILE_OUTPUTS))
def test_shapefile_outputs_have_a_utf8_code_page(plugin, tmp_path, algorithm):
    """Processing's default output encoding is "System": QGIS 3.22 then writes the DBF in the system's code
    page without a .cpg (on a Chinese Windows: GBK nobody can tell), QGIS 3.40 names the encoding itself.
    Every shapefile output says UTF-8 in its .cpg, and GDAL reads the Chinese back from it."""
    from processing.tools import dataobjects

    output, field_name, expected = SHAPEFILE_OUTPUTS[algorithm]
    path = str(tmp_path / f"{algorithm}.shp")
    context = dataobjects.createContext()
    context.setDefaultEncoding("System")  # Processing's setting as QGIS 3.22 hands it over, on every version
    out = bi.run_algorithm(algorithm, bi.base_world(), extra={output: path}, context=context)
    assert out.error is None, out.error
    assert context.defaultEncoding() == "System"  # put back: a model's later steps share the context
    with open(path[:-4] + ".cpg") as handle:
        assert handle.read().strip().upper().replace("-", "") == "UTF8"
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR)
    layer = dataset.GetLayer(0)
    values = [feature.GetField(field_name) for feature in layer]
    layer = dataset = None
    assert expected in values
    with open(path[:-4] + ".dbf", "rb") as dbf:
        assert expected.encode("utf-8") in dbf.read()


def test_output_encoding_names_a_codec(plugin):
    from planmaint.algorithms import compat

    assert [compat.output_encoding(n) for n in ("System", "", None, "no such codec", "GBK", "UTF-8")] == \
        ["UTF-8", "UTF-8", "UTF-8", "UTF-8", "GBK", "UTF-8"]


# --- curved geometries -------------------------------------------------------------------------------


def has_openfilegdb_writer():
    driver = ogr.GetDriverByName("OpenFileGDB")
    return driver is not None and driver.GetMetadataItem("DCAP_CREATE") == "YES"


def ogr_angle_step(radius, deviation=bi.CURVE_DEVIATION_M):
    """The angle step (degrees) at which OGR's linearisation of a circle of ``radius`` strays ``deviation``."""
    return math.degrees(2 * math.acos(1 - deviation / radius))


ARC_CHORD = {"PBF": 100.0, "LINE": 200.0}  # the arced edge: A's southern edge, the line's southern edge
ARC_RADIUS = {key: ((c / 2) ** 2 + bi.ARC_SAGITTA ** 2) / (2 * bi.ARC_SAGITTA) for key, c in ARC_CHORD.items()}
ARC_LENGTH = {key: 2 * r * math.asin(ARC_CHORD[key] / 2 / r) for key, r in ARC_RADIUS.items()}
# How QGIS types the layer: a File Geodatabase polygon feature class is a MultiPolygon layer even when its
# features hold true arcs, so curves must be recognised feature by feature, not by the layer's type.
FORMATS = {"GPKG": ("curved.gpkg", QgsWkbTypes.MultiSurface), "OpenFileGDB": ("curved.gdb", QgsWkbTypes.MultiPolygon)}


def curved_file(world, main, folder, driver):
    """The main input with its arc, as a GeoPackage or a File Geodatabase MultiSurface layer written by OGR."""
    name, qgis_type = FORMATS[driver]
    path = write_spec(world[main], str(folder / name), driver, geometry_type=ogr.wkbMultiSurface)
    source = f"{path}|layername={world[main].name}"
    layer = QgsVectorLayer(source, "curved", "ogr")
    assert layer.isValid() and layer.wkbType() == qgis_type
    assert any(QgsWkbTypes.isCurvedType(f.geometry().wkbType()) for f in layer.getFeatures())
    return source


# A File Geodatabase stores coordinates on a grid (0.0001 m here), so arcs and straight segments computed from
# them land a little off it: its numbers agree to a hundredth of a square metre. A GeoPackage's are exact.
SLACK_M2 = {"GPKG": 1e-6, "OpenFileGDB": 0.01}
M2_PER_UNIT = {"_MU": bi.MU, "_HA": 1e4, "_M2": 1.0}


def in_m2(results):
    """The numbers of a run in m² (counts as they are)."""
    return {k: v * M2_PER_UNIT.get(k[-3:], 1.0) for k, v in results.items() if isinstance(v, (int, float))}


def assert_same_outputs(got, expected, slack_m2):
    """Outputs of ``bi.layer_outputs``: same features, attributes and types; areas and numbers within the slack."""
    assert got.keys() == expected.keys()
    for key in got:
        assert len(got[key]) == len(expected[key]), key
        for got_row, expected_row in zip(got[key], expected[key]):
            (attributes, area, kind), (attributes_expected, area_expected, kind_expected) = got_row, expected_row
            assert kind == kind_expected and area == pytest.approx(area_expected, abs=slack_m2), key
            assert len(attributes) == len(attributes_expected), key
            for value, value_expected in zip(attributes, attributes_expected):
                if isinstance(value_expected, float):
                    assert value == pytest.approx(value_expected, rel=slack_m2 / 1e3, abs=slack_m2), key
                else:
                    assert value == value_expected, key


@pytest.mark.parametrize("driver", sorted(FORMATS))
@pytest.mark.parametrize("algorithm", bi.ALGORITHMS)
def test_curved_files_give_the_numbers_of_linearised_copies(plugin, tmp_path, algorithm, driver):
    if driver == "OpenFileGDB" and not has_openfilegdb_writer():
        pytest.skip("GDAL cannot write File Geodatabases here (GDAL < 3.6)")
    main = bi.MAIN_INPUT[algorithm]
    world = bi.case_world("curved", main)
    name = world[main].name
    param = "PBF" if algorithm in ("indicators", "conflictcheck") else "INPUT"
    out = bi.run_algorithm(algorithm, world, extra={param: curved_file(world, main, tmp_path, driver)})
    assert out.error is None, error_text(out)
    warnings = [w for w in out.feedback.warnings if "curved" in w]
    assert len(warnings) == 1 and f"Layer {name}:" in warnings[0], out.feedback.warnings
    assert "1 features" in warnings[0] and "0.001 m" in warnings[0]

    # The same layer linearised by the test with QGIS at the stated deviation, in the same format: the same
    # numbers and outputs, and the same warnings but the one about arcs.
    linear = bi.linearised_world(world, main)[main]
    suffix = FORMATS[driver][0].split(".")[1]
    copy = write_spec(linear, str(tmp_path / f"linear.{suffix}"), driver, geometry_type=ogr.wkbMultiPolygon)
    reference = bi.run_algorithm(algorithm, world, extra={param: f"{copy}|layername={name}"})
    assert reference.error is None, error_text(reference)
    assert [w for w in out.feedback.warnings if w not in warnings] == reference.feedback.warnings
    numbers = in_m2(reference.results)
    assert in_m2(out.results) == pytest.approx(numbers, abs=SLACK_M2[driver])
    assert_same_outputs(bi.layer_outputs(out.results), bi.layer_outputs(reference.results), SLACK_M2[driver])

    # A copy OGR linearises on its own at the same deviation: the numbers agree within the area between the
    # two linearisations (each within the deviation of the arc; counts are exact).
    ogr_copy = write_spec(world[main], str(tmp_path / f"ogr_linear.{suffix}"), driver,
                          linearise=ogr_angle_step(ARC_RADIUS[main]))
    independent = bi.run_algorithm(algorithm, world, extra={param: f"{ogr_copy}|layername={name}"})
    slack_m2 = 2 * bi.CURVE_DEVIATION_M * ARC_LENGTH[main] + SLACK_M2[driver]
    assert in_m2(out.results) == pytest.approx(in_m2(independent.results), abs=slack_m2)


def test_the_linearised_arc_stays_within_the_stated_deviation(plugin):
    """What 0.001 m means, checked against the circle itself, not against another linearisation."""
    wkt = bi.arced(bi.rect(bi.X0, bi.Y0, 100, 100))
    radius, centre = ARC_RADIUS["PBF"], (bi.X0 + 50, bi.Y0 - bi.ARC_SAGITTA + ARC_RADIUS["PBF"])
    ring = QgsGeometry.fromWkt(bi.linearised(wkt)).asMultiPolygon()[0][0]
    on_circle = [abs(math.dist((p.x(), p.y()), centre) - radius) < 1e-6 for p in ring]
    chords = [(a, b) for a, b, on_a, on_b in zip(ring, ring[1:], on_circle, on_circle[1:]) if on_a and on_b]
    assert len(chords) > 50  # the southern edge is many short chords of the circle ...
    for a, b in chords:  # ... each straying from the arc at most the stated deviation (at its middle)
        middle = ((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
        assert 0 < radius - math.dist(middle, centre) <= bi.CURVE_DEVIATION_M + 1e-9
    angle = 2 * math.asin(50 / radius)
    exact = 10000 + radius ** 2 / 2 * (angle - math.sin(angle))  # the square and the circular segment
    area = QgsGeometry.fromWkt(bi.linearised(wkt)).area()
    assert 0 < exact - area <= bi.CURVE_DEVIATION_M * ARC_LENGTH["PBF"]


def test_a_curved_layer_is_not_read_by_the_columnar_reader(plugin, tmp_path):
    """GDAL's Arrow stream would hand the arcs to shapely as they are: curved layers are read by QGIS."""
    from planmaint.algorithms import bridge

    world = bi.case_world("curved", "PBF")
    layer = QgsVectorLayer(curved_file(world, "PBF", tmp_path, "GPKG"), "pbf", "ogr")
    assert layer.isValid() and QgsWkbTypes.isCurvedType(layer.wkbType())
    assert bridge.can_read_fast(layer, bridge.ReadOptions(), lambda: layer) is None


def test_z_and_m_of_curved_features_are_mentioned(plugin, tmp_path):
    """A survey's arcs with elevations and measures: the warning says those values are not used."""
    world = bi.case_world("curved", "PBF")
    spec = world["PBF"]
    spec.wkts = [QgsGeometry.fromWkt(w) for w in spec.wkts]
    for geometry in spec.wkts:
        geometry.get().addZValue(50.0)
        geometry.get().addMValue(7.0)
    spec.wkts = [ogr.CreateGeometryFromWkb(bytes(g.asWkb())).ExportToIsoWkt() for g in spec.wkts]  # OGR's WKT
    path = write_spec(spec, str(tmp_path / "zm.gpkg"), "GPKG", geometry_type=ogr.wkbMultiSurfaceZM)
    out = bi.run_algorithm("removefragments", world, extra={"INPUT": f"{path}|layername=pbf"})
    assert out.error is None, error_text(out)
    warning = [w for w in out.feedback.warnings if "curved" in w]
    assert len(warning) == 1 and "Z and M" in warning[0], out.feedback.warnings
    assert out.results["REMOVED_MU"] == pytest.approx(2.0, abs=1e-9)
    kept = bi.as_layer(out.results["OUTPUT"])
    assert QgsWkbTypes.flatType(kept.wkbType()) == QgsWkbTypes.MultiPolygon
