"""Issue 19, item 2: land-class codes stored as numbers (101 for 0101, after an Excel round trip) or as text
without the leading zero ('101'), rows that are 0 because no feature matched a class, and empty lines.

planmaint reads codes itself in planmaint:indicators (the land-class field) and carries them in
planmaint:edgeswap (swapped-in land joins the new line): there codes are normalised to the four-digit form
of GB/T 21010 with a warning. Where a user's expression compares the codes with text (edgeswap's ELIGIBLE
and PRIORITY, the model's built-in expressions and its native steps), the input cannot be normalised for
QGIS: the run is refused before anything runs, with the fix.
"""
import os

import pytest
from qgis.core import QgsApplication, QgsProcessingException
from qgis.PyQt.QtCore import QVariant

import badinput as bi
from conftest import county_layer
from headless import import_plugin_package
from layers import MU, features, memory_layer

import_plugin_package()
from planmaint.algorithms.core import indicators as ind, landcodes  # noqa: E402 (importable once the package is)

COUNTY_LAYERS = ("landuse", "pbf", "epr", "udb", "hsf", "hilly_areas", "urban_baseline", "projects")
RECODED = ("landuse", "pbf")
# How each copy stores DLBM: an integer field (101), or text without the leading zero ('101').
RECODE_SQL = {
    "integer": 'CAST("DLBM" AS INTEGER)',
    "unpadded": 'CAST(CAST("DLBM" AS INTEGER) AS TEXT)',
}


# --- the pure rule ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, code", [
    (101, "0101"), ("101", "0101"), (1001, "1001"), ("0101", "0101"), ("1001", "1001"), (301, "0301"),
    (101.0, "0101"), ("101.0", "0101"), (" 0102 ", "0102"), ("201", "0201"),
    ("010101", "010101"), (10101, "010101"),  # six-digit sub-codes: kept, or given back their zero
    ("0201K", "0201K"), ("201K", "0201K"), ("05H1", "05H1"),  # 可调整地类 and H classes of the third survey
    ("09", "09"), (9, "09"), (12, "12"),  # two-digit classes of the third survey (09 特殊用地)
])
def test_a_code_reads_as_its_four_digit_form(value, code):
    found = landcodes.normalise_codes([value])
    assert found.codes.tolist() == [code]
    assert found.changed == (0 if str(value).strip() == code else 1)
    assert len(found.unreadable) == 0


@pytest.mark.parametrize("value", ["abc", "011", "0", 0, -101, 2.5, 1234567, "0101010", True, "K1"])
def test_what_cannot_be_a_code_is_left_and_counted(value):
    found = landcodes.normalise_codes([value, "0101"])
    assert found.codes.tolist() == [str(value).strip(), "0101"]
    assert found.unreadable.tolist() == [0] and found.changed == 0


def test_missing_codes_are_missing():
    found = landcodes.normalise_codes([None, "", "  ", 101])
    assert found.codes.tolist() == ["", "", "", "0101"]
    assert found.changed == 1 and len(found.unreadable) == 0
    assert found.example == (101, "0101")


# --- the sample county with recoded copies -----------------------------------------------------------------


def recoded_copy(sample_county, folder, kind):
    """A GeoPackage with the sample county's land use and farmland, DLBM stored the ``kind`` way."""
    from osgeo import gdal

    path = str(folder / f"county_{kind}.gpkg")
    for k, name in enumerate(RECODED):
        sql = (f'SELECT fid, geom, "BSM", {RECODE_SQL[kind]} AS "DLBM", "DLMC", "ZLDWDM", "TBMJ", "KCXS", "PDJB" '
               f"FROM {name}")
        options = gdal.VectorTranslateOptions(
            format="GPKG", SQLStatement=sql, layerName=name, accessMode="update" if k else None,
        )
        assert gdal.VectorTranslate(path, sample_county, options=options) is not None
    layer = county_layer(path, "landuse")
    field = layer.fields().field("DLBM")
    assert (field.type() == QVariant.String) == (kind == "unpadded"), field.typeName()
    assert layer.featureCount() == county_layer(sample_county, "landuse").featureCount()
    return path


@pytest.fixture(scope="module")
def copies(sample_county, tmp_path_factory):
    folder = tmp_path_factory.mktemp("recoded")
    return {kind: recoded_copy(sample_county, folder, kind) for kind in RECODE_SQL}


def refusal_text(algorithm, params, feedback=None):
    """The message of the QgsProcessingException a run stops with (fails when it does not stop).

    Caught here rather than with pytest.raises: its ExceptionInfo keeps the traceback, and with it the
    Processing context of the run, alive until the interpreter exits, after QGIS, which then crashes.
    """
    import processing

    try:
        processing.run(algorithm, params, feedback=feedback)
    except QgsProcessingException as error:
        return str(error)
    pytest.fail(f"{algorithm} ran; it should have refused")


def county_source(path, original, name):
    return f"{path if name in RECODED else original}|layername={name}"


def indicator_rows(result):
    """{row key: (before, after, change)} of an indicators OUTPUT, NULL read as None."""
    def plain(value):
        return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value

    return {ind.row_key(f.attributes()[:4]): tuple(plain(f[name]) for name in ("调整前", "调整后", "变化"))
            for f in features(result["OUTPUT"])}


def zero_led(sample_county, name):
    """How many features of the sample county's layer have a code with a leading zero (0101, 0301 …)."""
    return sum(str(f["DLBM"]).startswith("0") for f in county_layer(sample_county, name).getFeatures())


@pytest.mark.parametrize("kind", list(RECODE_SQL))
def test_integer_and_unpadded_codes_give_the_same_indicators(plugin, sample_county, copies, tmp_path, kind):
    import processing

    def run(path):
        feedback = bi.CollectingFeedback()
        params = {key: county_source(path, sample_county, name) for key, name in (
            ("PBF", "pbf"), ("EPR", "epr"), ("UDB", "udb"), ("LANDUSE", "landuse"), ("HSF", "hsf"),
            ("HILLY_AREAS", "hilly_areas"), ("URBAN_BASELINE", "urban_baseline"))}
        params.update({"OUTPUT": "TEMPORARY_OUTPUT", "REPORT": str(tmp_path / f"{os.path.basename(path)}.html")})
        return processing.run("planmaint:indicators", params, feedback=feedback), feedback

    expected, clean = run(sample_county)
    got, feedback = run(copies[kind])
    expected_rows, got_rows = indicator_rows(expected), indicator_rows(got)
    assert set(got_rows) == set(expected_rows)
    for key, values in expected_rows.items():
        assert got_rows[key] == values, key
    assert expected_rows["cultivated_land"][0] > 0 and expected_rows["forest_land"][0] > 0
    assert clean.said("DLBM") == []
    # One warning per layer: the layer, the field and how many values were changed.
    for name in RECODED:
        (warning,) = feedback.said(f"Layer {name}", "DLBM")
        assert f"{zero_led(sample_county, name)} values" in warning and "0101" in warning
    html = open(got["REPORT"], encoding="utf-8").read()
    assert f"{zero_led(sample_county, 'landuse')} values" in html


# --- edgeswap ------------------------------------------------------------------------------------------------


def edgeswap_params(sample_county, path, **extra):
    return {
        "INPUT": county_source(path, sample_county, "pbf"),
        "SWAP_OUT": county_source(path, sample_county, "projects"),
        "CANDIDATES": county_source(path, sample_county, "landuse"),
        "ELIGIBLE": '"PDJB" <= 2',
        "EXCLUDE": [county_source(path, sample_county, "epr"), county_source(path, sample_county, "udb")],
        "OUTPUT": "TEMPORARY_OUTPUT", "SWAPPED_IN": "TEMPORARY_OUTPUT", "SWAPPED_OUT": "TEMPORARY_OUTPUT",
        "LEDGER": "TEMPORARY_OUTPUT", **extra,
    }


def four_digit(value):
    return isinstance(value, str) and len(value) == 4 and value.isdigit()


@pytest.mark.parametrize("recoded", [("landuse",), ("landuse", "pbf")], ids=["candidates", "candidates-and-line"])
def test_edgeswap_swapped_in_land_carries_the_four_digit_code(plugin, sample_county, copies, tmp_path, recoded):
    """Candidates with integer codes: the new farmland and the swapped-in land hold '0101', never 101 or '101'."""
    import processing

    path = copies["integer"]
    params = edgeswap_params(sample_county, path)
    if "pbf" not in recoded:
        params["INPUT"] = f"{sample_county}|layername=pbf"
    feedback = bi.CollectingFeedback()
    result = processing.run("planmaint:edgeswap", params, feedback=feedback)
    codes = {f["BSM"]: f["DLBM"] for f in county_layer(sample_county, "landuse").getFeatures()}
    swapped_in = features(result["SWAPPED_IN"])
    assert swapped_in and all(four_digit(f["DLBM"]) for f in swapped_in)
    assert {f["DLBM"] for f in swapped_in} == {codes[f["BSM"]] for f in swapped_in}
    assert any(f["DLBM"].startswith("0") for f in swapped_in)
    line = features(result["OUTPUT"])
    assert all(four_digit(f["DLBM"]) for f in line)
    joined = [f for f in line if f["BSM"] in {g["BSM"] for g in swapped_in}]
    assert joined and all(f["DLBM"] == codes[f["BSM"]] for f in joined)
    for name in recoded:
        (warning,) = feedback.said(f"Layer {name}", "DLBM")
        assert "four-digit" in warning


@pytest.mark.parametrize("kind, shown", [("integer", "101"), ("unpadded", "'101'")])
@pytest.mark.parametrize("parameter, expression", [
    ("ELIGIBLE", "\"DLBM\" IN ('0101','0102','0103') AND \"PDJB\" <= 3"),
    ("PRIORITY", "CASE WHEN left(\"DLBM\", 2) = '01' THEN 1 ELSE 0 END"),
    ("STABLE", "\"DLBM\" IN ('0101','0102')"),
])
def test_edgeswap_refuses_an_expression_on_codes_it_would_misread(plugin, sample_county, copies, kind, shown,
                                                                  parameter, expression):
    params = edgeswap_params(sample_county, copies[kind], **{"ELIGIBLE": "", parameter: expression})
    feedback = bi.CollectingFeedback()
    text = refusal_text("planmaint:edgeswap", params, feedback)
    assert "Layer landuse" in text and "DLBM" in text and parameter in text
    assert f"e.g. {shown}" in text
    assert "lpad(to_string(\"DLBM\"), 4, '0')" in text
    assert feedback.progress_calls <= 1  # refused before anything was read


# --- the model ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(RECODE_SQL))
def test_model_refuses_codes_its_expressions_would_misread(plugin, sample_county, copies, tmp_path, kind):
    """The model's native steps (left("DLBM", 2) IN ('05', …) for construction land) read the field as QGIS
    does: stopped before any step runs, with the layer, the field, an example and the fix."""
    model = QgsApplication.processingRegistry().algorithmById("planmaint:dynamicmaintenance")
    params = {name.upper(): county_source(copies[kind], sample_county, name) for name in COUNTY_LAYERS}
    plan = str(tmp_path / "plan.gpkg")
    for output in model.destinationParameterDefinitions():
        params[output.name()] = str(tmp_path / "report.html") if output.name().endswith("REPORT") else \
            f"ogr:dbname='{plan}' table=\"{output.name().split(':')[-1].lower()}\""
    text = refusal_text("planmaint:dynamicmaintenance", params)
    example = "101" if kind == "integer" else "'101'"
    assert "LANDUSE" in text and "DLBM" in text and f"e.g. {example}" in text
    assert "lpad(to_string(\"DLBM\"), 4, '0')" in text
    assert not os.path.exists(plan)


def run_model(sources, folder):
    """The model with ``sources`` ({input: source}), every output into ``folder``/plan.gpkg: (results, plan)."""
    import processing

    model = QgsApplication.processingRegistry().algorithmById("planmaint:dynamicmaintenance")
    params = dict(sources)
    folder.mkdir()
    plan = str(folder / "plan.gpkg")
    for output in model.destinationParameterDefinitions():
        params[output.name()] = str(folder / "report.html") if output.name().endswith("REPORT") else \
            f"ogr:dbname='{plan}' table=\"{output.name().split(':')[-1].lower()}\""
    return processing.run("planmaint:dynamicmaintenance", params), plan


def test_model_on_integer_farmland_codes_gives_the_same_table(plugin, sample_county, copies, tmp_path):
    """Only planmaint's own steps read the farmland's codes, and they normalise them: the same indicator table,
    and the farmland after maintenance holds four-digit text codes."""
    sources = {name.upper(): f"{sample_county}|layername={name}" for name in COUNTY_LAYERS}
    _, expected = run_model(sources, tmp_path / "text")
    sources["PBF"] = f"{copies['integer']}|layername=pbf"
    _, plan = run_model(sources, tmp_path / "integer")
    table = f"{plan}|layername=indicators"
    assert indicator_rows({"OUTPUT": table}) == indicator_rows({"OUTPUT": f"{expected}|layername=indicators"})
    after = features(f"{plan}|layername=pbf_new")
    assert after and all(four_digit(f["DLBM"]) for f in after)


# --- rows that are 0 because nothing matched, and empty lines ------------------------------------------------


def small_world():
    """The bad-input world's land use: cultivated land only (no forest, no ecological-function land)."""
    return {key: spec.build() for key, spec in bi.base_world().items()}


def test_a_row_that_is_zero_because_no_feature_matched_says_so(plugin, tmp_path):
    import processing

    layers = small_world()
    feedback = bi.CollectingFeedback()
    report = str(tmp_path / "report.html")
    result = processing.run("planmaint:indicators", {
        "PBF": layers["PBF"], "LANDUSE": layers["LANDUSE"], "EPR": layers["EPR"], "OUTPUT": "TEMPORARY_OUTPUT",
        "REPORT": report}, feedback=feedback)
    rows = indicator_rows(result)
    assert rows["forest_land"][0] == 0 and rows["epr_eco_land"][0] == 0
    assert rows["cultivated_land"][0] > 0  # a class that matched: no word about it
    (forest,) = feedback.said("Layer landuse", "forest land", "03")
    assert "Forest land retained" in forest and "DLBM" in forest
    (eco,) = feedback.said("Layer landuse", "ecological-function land", "1101")
    assert "Ecological-function land in the red line" in eco
    assert feedback.said("cultivated land (0101") == []
    html = open(report, encoding="utf-8").read()
    assert "no feature" in html and "Forest land retained" in html


def test_codes_that_match_nothing_are_named(plugin):
    """Old three-digit codes of the 1984 classification ('011' paddy) are no code of GB/T 21010: they are counted,
    and the paddy share, which found no cultivated land in the farmland, says why it is empty."""
    import processing

    world = bi.base_world()
    bi.text_field(world["PBF"], "DLBM", ["011"] * len(world["PBF"].rows))
    feedback = bi.CollectingFeedback()
    result = processing.run("planmaint:indicators", {"PBF": world["PBF"].build(), "OUTPUT": "TEMPORARY_OUTPUT"},
                            feedback=feedback)
    assert indicator_rows(result)["paddy_share"][0] is None
    (unreadable,) = feedback.said("Layer pbf", "DLBM", "4 values")
    assert "'011'" in unreadable
    (unmatched,) = feedback.said("Layer pbf", "cultivated land (0101, 0102, 0103)")
    assert "Paddy and irrigated land" in unmatched


def test_an_empty_farmland_layer_gives_a_warning_not_a_table_of_zeros(plugin, tmp_path):
    import processing

    world = bi.base_world()
    world["PBF"].wkts, world["PBF"].rows = [], []
    layers = {key: spec.build() for key, spec in world.items()}
    feedback = bi.CollectingFeedback()
    report = str(tmp_path / "report.html")
    result = processing.run("planmaint:indicators", {
        "PBF": layers["PBF"], "EPR": layers["EPR"], "UDB": layers["UDB"], "LANDUSE": layers["LANDUSE"],
        "OUTPUT": "TEMPORARY_OUTPUT", "REPORT": report}, feedback=feedback)
    rows = indicator_rows(result)
    for key in ("pbf_area", "contiguity", "pbf_fragments", "overlap_pbf_epr", "overlap_pbf_udb"):
        assert rows[key][0] is None, key
    assert rows["cultivated_land"][0] == pytest.approx((25000 + 6 * MU) / (MU * 10000), rel=1e-9)
    assert rows["epr_area"][0] == pytest.approx(0.006, rel=1e-9)
    (warning,) = feedback.said("Layer pbf", "no features")
    assert "PBF" in warning
    html = open(report, encoding="utf-8").read()
    assert "Layer pbf" in html and "no features" in html


def test_an_empty_after_state_is_named_too(plugin):
    import processing

    layers = small_world()
    empty = memory_layer([], [("HXMC", str)], [], name="epr_after")
    feedback = bi.CollectingFeedback()
    result = processing.run("planmaint:indicators", {
        "EPR": layers["EPR"], "EPR_AFTER": empty, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    rows = indicator_rows(result)
    assert rows["epr_area"][0] == pytest.approx(0.006, rel=1e-9) and rows["epr_area"][1] is None
    (warning,) = feedback.said("Layer epr_after", "no features")
    assert "EPR_AFTER" in warning


def test_empty_land_use_is_named(plugin):
    import processing

    layers = small_world()
    empty = memory_layer([], [("DLBM", str)], [], name="landuse")
    feedback = bi.CollectingFeedback()
    result = processing.run("planmaint:indicators", {
        "PBF": layers["PBF"], "LANDUSE": empty, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    rows = indicator_rows(result)
    assert rows["cultivated_land"][0] is None and rows["pbf_area"][0] > 0
    (warning,) = feedback.said("Layer landuse", "no features")
    assert "LANDUSE" in warning

