"""Issue 19: data safety — never destroy the county, never a cancelled run that looks finished.

An output aimed at an input: choosing the county GeoPackage itself as an output file replaces every layer in
it, and directing an output into the very table an input is read from (``ogr:dbname=… table="pbf"``)
overwrites that input. Every planmaint algorithm and the bundled model refuse such a run before anything
runs (``checkParameterValues``, which ``processing.run``, the dialog and ``qgis_process`` all call), with a
message naming the input and the output, and the county file stays byte for byte what it was. Another table of
the same GeoPackage stays allowed: the README directs every output into one plan database.

A cancelled model: whatever the step it is cancelled at (before the first, between two, inside a planmaint
step or a native one), ``processing.run`` raises a QgsProcessingException saying it was cancelled and naming
the outputs that are missing or incomplete.
"""
import hashlib
import os
import shutil

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

import badinput as bi

MODEL = "planmaint:dynamicmaintenance"
MODEL_INPUTS = ("LANDUSE", "PBF", "EPR", "UDB", "HSF", "HILLY_AREAS", "PROJECTS", "URBAN_BASELINE")
# The parameter of each algorithm that reads the main layer of the bad-input world (badinput.MAIN_INPUT).
MAIN_PARAMETER = {"removefragments": "INPUT", "fillholes": "INPUT", "edgeswap": "INPUT", "indicators": "PBF",
                  "conflictcheck": "PBF"}


def file_hash(path):
    """SHA-256 of the file and of any SQLite side file: a GeoPackage must be left exactly as it was."""
    digest = hashlib.sha256()
    for name in (path, path + "-wal", path + "-journal"):
        if os.path.exists(name):
            with open(name, "rb") as handle:
                digest.update(name.encode() + handle.read())
    return digest.hexdigest()


def write_layers(path, specs):
    """The built layer specs into one GeoPackage, a table per spec named as the spec."""
    for k, spec in enumerate(specs):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = spec.name
        options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if k == 0
                                        else QgsVectorFileWriter.CreateOrOverwriteLayer)
        written = QgsVectorFileWriter.writeAsVectorFormatV3(
            spec.build(), path, QgsProject.instance().transformContext(), options
        )
        assert written[0] == QgsVectorFileWriter.NoError, written


@pytest.fixture
def county(plugin, tmp_path):
    """The bad-input world as a county GeoPackage: (path, {world key: "path|layername=…"}, {world key: spec})."""
    path = str(tmp_path / "county.gpkg")
    world = bi.base_world()
    write_layers(path, world.values())
    return path, {key: f"{path}|layername={spec.name}" for key, spec in world.items()}, world


def feature_count(path, name):
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid(), f"{name} is gone from {path}"
    return layer.featureCount()


def table_uri(path, table):
    return f"ogr:dbname='{path}' table=\"{table}\""


def first_destination(algorithm_id):
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    return algorithm.destinationParameterDefinitions()[0].name()


def run(algorithm_id, params, feedback=None):
    import processing

    return processing.run(algorithm_id, params, feedback=feedback or bi.CollectingFeedback())


def failure(algorithm_id, params, feedback=None):
    """The message of the QgsProcessingException the run raises; the test fails if it returns.

    Only the text is kept: an exception kept alive (pytest.raises keeps one) holds the run's frames, its
    Processing context and algorithm in a reference cycle, and a garbage collection after QGIS has exited
    would free them then and crash the interpreter.
    """
    try:
        results = run(algorithm_id, params, feedback)
    except QgsProcessingException as error:
        return str(error)
    pytest.fail(f"{algorithm_id} returned normally: {results}")


def assert_refused(algorithm_id, params, path, words):
    """The run is refused before anything is written: the message holds every one of ``words``; the file at
    ``path`` is byte for byte what it was."""
    before = file_hash(path)
    message = failure(algorithm_id, params)
    for word in words:
        assert word in message, (word, message)
    assert file_hash(path) == before, f"{path} changed although the run was refused"
    return message


# --- an output aimed at an input ------------------------------------------------------------------------


def aimed_cases():
    for name in bi.ALGORITHMS + ("dynamicmaintenance",):
        for form in ("file", "table"):
            yield pytest.param(name, form, id=f"{name}-{form}")


@pytest.fixture
def model_county(sample_county, tmp_path):
    """A copy of the sample county: a run that is not refused must not destroy the session's county."""
    path = str(tmp_path / "county.gpkg")
    shutil.copyfile(sample_county, path)
    return path


def model_parameters(path, outputs=None):
    """The model's inputs from the county at ``path``, its outputs temporary unless ``outputs`` says otherwise."""
    model = QgsApplication.processingRegistry().algorithmById(MODEL)
    params = {name: f"{path}|layername={name.lower()}" for name in MODEL_INPUTS}
    for output in model.destinationParameterDefinitions():
        params[output.name()] = "TEMPORARY_OUTPUT"
    params.update(outputs or {})
    return params


@pytest.mark.parametrize("name, form", list(aimed_cases()))
def test_output_aimed_at_an_input_is_refused(request, name, form):
    """The whole county file as an output, or the input's own table (in other letter case: GeoPackage table
    names ignore case): refused, naming input and output, the county intact."""
    if name == "dynamicmaintenance":
        path = request.getfixturevalue("model_county")
        output, input_name, table, algorithm_id = "pbf_swap:PBF_NEW", "PBF", "pbf", MODEL
        params = model_parameters(path)
        counts = {"pbf": feature_count(path, "pbf"), "landuse": feature_count(path, "landuse")}
    else:
        path, inputs, world = request.getfixturevalue("county")
        algorithm_id = f"planmaint:{name}"
        output, input_name = first_destination(algorithm_id), MAIN_PARAMETER[name]
        table = world[bi.MAIN_INPUT[name]].name
        params = bi.parameters(name, inputs)
        counts = {spec.name: len(spec.wkts) for spec in world.values()}
    params[output] = path if form == "file" else table_uri(path, table.upper())
    message = assert_refused(algorithm_id, params, path, [output, input_name, os.path.basename(path)])
    if form == "table":
        assert table in message.lower()
    for layer_name, count in counts.items():
        assert feature_count(path, layer_name) == count, layer_name


def test_multi_layer_inputs_are_protected_too(county, tmp_path):
    """A layer of a multi-layer parameter (fillholes' BLOCKERS, edgeswap's EXCLUDE) counts as an input."""
    path, inputs, world = county
    other = str(tmp_path / "other.gpkg")
    write_layers(other, [world["BLOCKERS"], world["EPR"]])
    params = bi.parameters("fillholes", inputs)
    params.update(BLOCKERS=[f"{other}|layername=blockers"], HOLES=other)
    assert_refused("planmaint:fillholes", params, other, ["BLOCKERS", "HOLES", "other.gpkg"])
    params = bi.parameters("edgeswap", inputs)
    params.update(EXCLUDE=[inputs["UDB"], f"{other}|layername=epr"], LEDGER=table_uri(other, "Epr"))
    assert_refused("planmaint:edgeswap", params, other, ["EXCLUDE", "LEDGER", "other.gpkg", "epr"])


def single_layer_file(folder, spec, extension, driver):
    path = str(folder / f"{spec.name}.{extension}")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    written = QgsVectorFileWriter.writeAsVectorFormatV3(
        spec.build(), path, QgsProject.instance().transformContext(), options
    )
    assert written[0] == QgsVectorFileWriter.NoError, written
    return path


def test_every_form_of_input_and_output_is_recognised(county, tmp_path):
    """Inputs as a layer object, a project layer id, a feature-source definition, a path without a layer
    name, a shapefile; outputs as a path, a table URI or an output-layer definition."""
    path, inputs, world = county
    params = bi.parameters("removefragments", inputs)
    layer = QgsVectorLayer(inputs["PBF"], "farmland", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    try:
        for given in (layer, layer.id(), QgsProcessingFeatureSourceDefinition(inputs["PBF"], False),
                      QgsProcessingFeatureSourceDefinition(layer.id(), True)):
            for aimed in (path, table_uri(path, "pbf"), QgsProcessingOutputLayerDefinition(table_uri(path, "PBF"))):
                assert_refused("planmaint:removefragments", {**params, "INPUT": given, "REMOVED": aimed}, path,
                               ["INPUT", "REMOVED", "county.gpkg"])
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    alone = single_layer_file(tmp_path, world["PBF"], "gpkg", "GPKG")  # read without |layername=
    assert_refused("planmaint:removefragments", {**params, "INPUT": alone, "OUTPUT": table_uri(alone, "PBF")},
                   alone, ["INPUT", "OUTPUT", "pbf.gpkg"])
    relative = os.path.relpath(alone)  # the same file, spelled relative to the working folder
    assert_refused("planmaint:removefragments", {**params, "INPUT": alone, "OUTPUT": relative}, alone,
                   ["INPUT", "OUTPUT", "pbf.gpkg"])
    shapefile = single_layer_file(tmp_path, world["HILLY"], "shp", "ESRI Shapefile")
    assert_refused("planmaint:removefragments", {**params, "HILLY_AREAS": shapefile, "REMOVED": shapefile},
                   shapefile, ["HILLY_AREAS", "REMOVED", "hilly.shp"])


def test_report_file_aimed_at_the_county_is_refused(county):
    """A file destination (the indicator report) over the county GeoPackage would replace it just the same."""
    path, inputs, _ = county
    params = {**bi.parameters("indicators", inputs), "REPORT": path}
    assert_refused("planmaint:indicators", params, path, ["REPORT", "PBF", "county.gpkg"])


@pytest.mark.parametrize("name", bi.ALGORITHMS)
def test_other_tables_of_the_county_are_allowed(county, name):
    """Every output into a new table of the county GeoPackage itself: the run goes ahead, the inputs keep
    every feature and the outputs are there."""
    path, inputs, world = county
    algorithm_id = f"planmaint:{name}"
    params = bi.parameters(name, inputs)
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    sinks = [d.name() for d in algorithm.destinationParameterDefinitions() if d.type() == "sink"]
    for output in sinks:
        params[output] = table_uri(path, f"{name}_{output.lower()}")
    results = run(algorithm_id, params)
    for output in sinks:
        assert results[output], output
        feature_count(path, f"{name}_{output.lower()}")
    for spec in world.values():
        assert feature_count(path, spec.name) == len(spec.wkts), spec.name


def test_model_into_the_county_geopackage_is_allowed(model_county):
    """The README's plan database may be the county GeoPackage itself, each output in a table of its own."""
    model = QgsApplication.processingRegistry().algorithmById(MODEL)
    outputs = {d.name(): table_uri(model_county, d.name().split(":")[-1].lower())
               for d in model.destinationParameterDefinitions() if d.type() == "sink"}
    ok, message = model.checkParameterValues(model_parameters(model_county, outputs), QgsProcessingContext())
    assert ok, message


def test_outputs_that_would_destroy_each_other_are_refused(county, tmp_path):
    """One output given as the plain plan file while another writes a table into it (the README's single plan
    database, one output mistyped), or two outputs into one table: refused, the plan file left as it was."""
    path, inputs, _ = county
    plan = str(tmp_path / "plan.gpkg")
    shutil.copyfile(path, plan)  # a plan database that already holds tables
    whole_and_table = {**bi.parameters("removefragments", inputs), "OUTPUT": plan,
                       "REMOVED": table_uri(plan, "removed")}
    assert_refused("planmaint:removefragments", whole_and_table, plan, ["OUTPUT", "REMOVED", "plan.gpkg"])
    same_table = {**bi.parameters("removefragments", inputs), "OUTPUT": table_uri(plan, "kept"),
                  "REMOVED": table_uri(plan, "KEPT")}
    assert_refused("planmaint:removefragments", same_table, plan, ["OUTPUT", "REMOVED", "kept"])


def test_the_model_with_one_output_as_the_plain_plan_file_is_refused(model_county, tmp_path):
    model = QgsApplication.processingRegistry().algorithmById(MODEL)
    plan = str(tmp_path / "plan.gpkg")
    sinks = [d.name() for d in model.destinationParameterDefinitions() if d.type() == "sink"]
    outputs = {name: table_uri(plan, name.split(":")[-1].lower()) for name in sinks}
    outputs[sinks[-1]] = plan
    ok, message = model.checkParameterValues(model_parameters(model_county, outputs), QgsProcessingContext())
    assert not ok and sinks[-1] in message and "plan.gpkg" in message, message


def test_the_refusal_speaks_chinese(county):
    """The refusal is shown in the user's language, like every planmaint message."""
    from planmaint.algorithms.i18n import install_translator

    path, inputs, _ = county
    algorithm = QgsApplication.processingRegistry().algorithmById("planmaint:conflictcheck")
    translator = install_translator("zh_CN")
    assert translator is not None, "i18n/planmaint_zh_CN.qm is missing: run make transcompile"
    try:
        for aimed, words in ((path, ("会覆盖整个文件", "(PBF, pbf)", "(EPR, epr)", "(UDB, udb)")),
                             (table_uri(path, "udb"), ("会覆盖", "中的表 udb", "(UDB, udb)"))):
            params = {**bi.parameters("conflictcheck", inputs), "OUTPUT": aimed}
            ok, message = algorithm.checkParameterValues(params, QgsProcessingContext())
            assert not ok and all(word in message for word in words), message
    finally:
        QgsApplication.removeTranslator(translator)


def test_the_decision_itself(plugin):
    """The comparison at the heart of the check, on plain places: whole files against tables."""
    from planmaint.algorithms import safety

    county = safety.Place(safety.normalised_path("/data/county.gpkg"), "pbf")
    assert safety.overwrites(safety.Place(safety.normalised_path("/data/./county.gpkg"), ""), county)
    assert safety.overwrites(safety.Place(safety.normalised_path("/data/x/../county.gpkg"), "PBF"), county)
    assert not safety.overwrites(safety.Place(safety.normalised_path("/data/county.gpkg"), "pbf_new"), county)
    assert not safety.overwrites(safety.Place(safety.normalised_path("/data/plan.gpkg"), ""), county)
    assert not safety.overwrites(safety.Place(safety.normalised_path("/data/plan.gpkg"), "pbf"), county)
    whole = safety.Place(safety.normalised_path("/data/hilly.shp"), "")
    assert safety.overwrites(whole, safety.Place(safety.normalised_path("/data/hilly.shp"), "hilly"))
    # an input read without a known layer name: any table written into its file may be that layer
    assert safety.overwrites(safety.Place(county.path, "other"), safety.Place(county.path, ""))


# --- a cancelled model ----------------------------------------------------------------------------------


class CancelOnInfo(bi.CollectingFeedback):
    """Cancels when a message holding ``text`` arrives: a given step of the model has started."""

    def __init__(self, text):
        super().__init__()
        self.text = text

    def pushInfo(self, text):  # noqa: N802 (QGIS API name)
        if self.text in text and not self.isCanceled():
            self.cancel()
        super().pushInfo(text)


@pytest.fixture(scope="module")
def model_progress(plugin, sample_county):
    """Progress reports of one whole model run on the sample county (temporary outputs)."""
    feedback = bi.CollectingFeedback()
    results = run(MODEL, model_parameters(sample_county), feedback)
    assert results["pbf_swap:PBF_NEW"]
    return feedback.progress_calls


CANCEL_POINTS = {
    "before the first step": lambda calls: _canceled_feedback(),
    "after the first progress report": lambda calls: bi.CollectingFeedback(cancel_after=1),
    "a fifth of the way": lambda calls: bi.CollectingFeedback(cancel_after=max(calls // 5, 1)),
    "half way": lambda calls: bi.CollectingFeedback(cancel_after=max(calls // 2, 1)),
    "near the end": lambda calls: bi.CollectingFeedback(cancel_after=max(calls - 3, 1)),
    # The model's native steps (extract by expression) say nothing to cancel on: the step before them.
    "in fillholes of the boundary, before its native extract": lambda calls: CancelOnInfo("Slivers narrower than"),
    "in swapcandidates, once it has computed": lambda calls: CancelOnInfo("patches of the farmland left:"),
    "when the indicators step starts": lambda calls: CancelOnInfo("Computing the indicators"),
    "at the last progress report": lambda calls: bi.CollectingFeedback(cancel_after=calls),
}


def _canceled_feedback():
    feedback = bi.CollectingFeedback()
    feedback.cancel()
    return feedback


@pytest.mark.parametrize("point", list(CANCEL_POINTS))
def test_cancelled_model_never_returns_as_a_success(model_progress, sample_county, point):
    """Cancelled at any point: a QgsProcessingException that says so and names the outputs not completed."""
    feedback = CANCEL_POINTS[point](model_progress)
    message = failure(MODEL, model_parameters(sample_county), feedback)
    assert feedback.isCanceled()
    assert "Canceled by the user" in message, message
    if point != "at the last progress report":  # there every step may have finished
        # the report is written by the last step: it cannot be a finished output
        assert "indicators:REPORT" in message and "Indicator report" in message, message
    if point == "before the first step":
        model = QgsApplication.processingRegistry().algorithmById(MODEL)
        for output in model.destinationParameterDefinitions():
            assert output.name() in message, output.name()
    assert not any(i.startswith("Results:") for i in feedback.infos)
