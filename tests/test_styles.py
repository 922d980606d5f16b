"""Output styles: the committed QML files have the planning colours, and apply_style attaches them to outputs
that Processing loads into a project (and only to those)."""
import gc
import os
import subprocess
import sys

import pytest
from qgis.core import (
    QgsExpressionContextUtils,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRenderContext,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

from conftest import ROOT
from layers import layer_digest, memory_layer, square

STYLES_DIR = os.path.join(ROOT, "resources", "styles")


@pytest.fixture(scope="module")
def styles(plugin):
    from planmaint.algorithms import styles as module

    return module


def styled_layer(path):
    layer = memory_layer([square(0, 0, 10)])
    message, ok = layer.loadNamedStyle(path)
    assert ok, f"{path}: {message}"
    return layer


def symbol_of(layer):
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleSymbolRenderer)
    symbol = renderer.symbol()
    assert isinstance(symbol, QgsFillSymbol)
    return symbol.clone()  # a copy: the renderer's own symbol dies with a temporary layer


def painted_colours(symbol):
    """(kind, colour) of every visible mark of a fill symbol: 'fill', 'outline' or 'hatch@<angle>'."""
    marks = []
    for k in range(symbol.symbolLayerCount()):
        layer = symbol.symbolLayer(k)
        if isinstance(layer, QgsSimpleFillSymbolLayer):
            if layer.brushStyle() != 0 and layer.fillColor().alpha() > 0:  # 0: Qt.NoBrush
                marks.append(("fill", layer.fillColor()))
            if layer.strokeStyle() != 0 and layer.strokeColor().alpha() > 0:  # 0: Qt.NoPen
                marks.append(("outline", layer.strokeColor()))
        elif isinstance(layer, QgsLinePatternFillSymbolLayer):
            marks.append((f"hatch@{layer.lineAngle():g}", layer.subSymbol().color()))
        else:
            raise AssertionError(f"unexpected symbol layer {layer.layerType()}")
    return marks


def hue(colour):
    return colour.hsvHue()  # degrees 0..359, -1 for grey


SINGLE_SYMBOL = ("pbf", "epr", "udb", "swapped_in", "swapped_out", "holes", "fragments", "conflicts")


def test_every_style_file_exists_and_is_a_polygon_style(styles):
    assert set(styles.STYLES) == {*SINGLE_SYMBOL, "candidates"}
    for name in SINGLE_SYMBOL:
        path = os.path.join(STYLES_DIR, f"{name}.qml")
        assert os.path.exists(path), path
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        # Symbology only: loading a style must never touch an output's fields, forms or labels.
        assert 'styleCategories="Symbology"' in text, name
        assert painted_colours(symbol_of(styled_layer(path))), name


def test_planning_colours():
    marks = {
        name: painted_colours(symbol_of(styled_layer(os.path.join(STYLES_DIR, f"{name}.qml"))))
        for name in ("pbf", "epr", "udb", "swapped_in", "swapped_out")
    }
    # PBF: a solid, opaque yellow fill.
    kind, colour = marks["pbf"][0]
    assert kind == "fill" and 45 <= hue(colour) <= 65 and colour.saturation() > 200 and colour.alpha() == 255
    # EPR: green fill and a green border with a red line on it.
    kinds = [(kind, hue(colour)) for kind, colour in marks["epr"]]
    assert any(kind == "fill" and 90 <= h <= 140 for kind, h in kinds)
    assert any(kind == "outline" and 90 <= h <= 140 for kind, h in kinds)
    assert any(kind == "outline" and (h <= 10 or h >= 350) for kind, h in kinds)
    # UDB: purple outline and purple hatch, no solid fill hiding the land underneath.
    assert {kind for kind, _ in marks["udb"]} == {"outline", "hatch@45"}
    assert all(260 <= hue(colour) <= 300 for _, colour in marks["udb"])
    # Swapped in / out: blue single hatch against red cross-hatch.
    hatches_in = {kind for kind, _ in marks["swapped_in"] if kind.startswith("hatch")}
    hatches_out = {kind for kind, _ in marks["swapped_out"] if kind.startswith("hatch")}
    assert len(hatches_in) == 1 and len(hatches_out) == 2
    assert all(200 <= hue(colour) <= 240 for _, colour in marks["swapped_in"])
    assert all(hue(colour) <= 10 or hue(colour) >= 350 for _, colour in marks["swapped_out"])


def test_make_styles_regenerates_the_committed_files(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "make_styles.py"), str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name in os.listdir(STYLES_DIR):
        if name == "candidates.qml":
            continue
        committed = symbol_of(styled_layer(os.path.join(STYLES_DIR, name)))
        regenerated = symbol_of(styled_layer(str(tmp_path / name)))
        assert_same_symbol(committed, regenerated, name)
    committed = candidates_layer(os.path.join(STYLES_DIR, "candidates.qml"))
    regenerated = candidates_layer(str(tmp_path / "candidates.qml"))
    assert rules_of(committed) == rules_of(regenerated)
    for (rule, committed_symbol), (_, regenerated_symbol) in zip(rule_symbols(committed), rule_symbols(regenerated)):
        assert_same_symbol(committed_symbol, regenerated_symbol, rule)
    assert widget_of(committed) == widget_of(regenerated)
    assert table_columns(committed) == table_columns(regenerated)


def assert_same_symbol(committed, regenerated, name):
    assert committed.symbolLayerCount() == regenerated.symbolLayerCount(), name
    for k in range(committed.symbolLayerCount()):
        assert committed.symbolLayer(k).properties() == regenerated.symbolLayer(k).properties(), (name, k)


# ----------------------------------------------------------------------------------------------------------
# The swap-out candidates: one colour per reason, the kept pieces marked, SFTC edited as a value map.

CANDIDATE_FIELDS = [("BSM", str), ("DLBM", str), ("TZYY", str), ("HCYY", str), ("MJ_M2", float), ("MJ_MU", float),
                    ("SJXMMC", str), ("SFTC", int)]
KEPT = "保留 (不调出)"


def candidates_layer(path, rows=None):
    """A layer shaped like swapcandidates' output (a piece per row) with the style at ``path`` loaded."""
    rows = rows or [("P1", "0103", "坡度15度以上", "01", 100.0, 0.15, None, 1)]
    layer = memory_layer([square(20 * k, 0, 10) for k in range(len(rows))], CANDIDATE_FIELDS, rows)
    message, ok = layer.loadNamedStyle(path)
    assert ok, f"{path}: {message}"
    return layer


def rules_of(layer):
    """(filter, label) of every rule of the layer's rule-based renderer, depth first."""
    renderer = layer.renderer()
    assert isinstance(renderer, QgsRuleBasedRenderer), type(renderer)
    return [(rule.filterExpression(), rule.label()) for rule in renderer.rootRule().descendants()]


def rule_symbols(layer):
    """(label, symbol copy) of every rule that draws."""
    return [(rule.label(), rule.symbol().clone()) for rule in layer.renderer().rootRule().descendants()
            if rule.symbol() is not None]


def widget_of(layer, name="SFTC"):
    setup = layer.editorWidgetSetup(layer.fields().indexOf(name))
    return setup.type(), setup.config()


def table_columns(layer):
    return [column.name for column in layer.attributeTableConfig().columns() if not column.hidden]


def labels_drawn(layer):
    """{BSM: the legend labels of the rules that draw the piece}."""
    renderer = layer.renderer().clone()
    context = QgsRenderContext()
    context.expressionContext().appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    drawing = [(rule.ruleKey(), rule.label()) for rule in renderer.rootRule().descendants() if rule.symbol()]
    renderer.startRender(context, layer.fields())
    try:
        drawn = {}
        for feature in layer.getFeatures():
            context.expressionContext().setFeature(feature)
            keys = renderer.legendKeysForFeature(feature, context)
            drawn[feature["BSM"]] = [label for key, label in drawing if key in keys]  # in drawing order
    finally:
        renderer.stopRender(context)
    return drawn


def test_candidates_colour_each_reason_and_mark_the_kept_pieces(plugin):
    from planmaint.algorithms.core.candidates import REASONS

    reasons = sorted((reason.code, reason.words) for reason in REASONS)
    rows = [(f"P{code}", "0103", words, code, 100.0, 0.15, None, 1) for code, words in reasons]
    rows += [("KEPT", "0103", reasons[0][1], reasons[0][0], 100.0, 0.15, None, 0),
             ("OWN", "0103", "本县自定原因", "99", 100.0, 0.15, None, 1)]
    layer = candidates_layer(os.path.join(STYLES_DIR, "candidates.qml"), rows)
    # One rule per reason, labelled with its code and the seed's words; one for a code of the user's own.
    labels = [label for _, label in rules_of(layer)]
    for code, words in reasons:
        assert f"{code} {words}" in labels
    drawn = labels_drawn(layer)
    for code, words in reasons:
        assert drawn[f"P{code}"] == [f"{code} {words}"], code
    assert drawn["KEPT"] == [f"{reasons[0][0]} {reasons[0][1]}", KEPT]  # the reason still shows under the mark
    assert drawn["OWN"] == ["其他原因"]
    # Six reason colours, all different and all far from the grey that marks a kept piece.
    symbols = dict(rule_symbols(layer))
    fills = [painted_colours(symbols[f"{code} {words}"])[0] for code, words in reasons]
    assert all(kind == "fill" for kind, _ in fills)
    hues = sorted(hue(colour) for _, colour in fills)
    assert all(h >= 0 for h in hues) and min(b - a for a, b in zip(hues, hues[1:] + [hues[0] + 360])) >= 20
    kept = painted_colours(symbols[KEPT])
    assert any(kind.startswith("hatch") for kind, _ in kept)
    assert {kind for kind, _ in kept} >= {"outline"} and all(
        colour.saturation() == 0 for kind, colour in kept if kind != "fill")


def test_candidates_style_edits_sftc_as_a_value_map_and_touches_no_data(plugin):
    path = os.path.join(STYLES_DIR, "candidates.qml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    # Symbology, SFTC's widget and the table's columns; never labels, actions or variables.
    assert 'styleCategories="Symbology|Fields|Forms|AttributeTable"' in text
    layer = memory_layer([square(0, 0, 10)], CANDIDATE_FIELDS, [("P1", "0103", "零星破碎", "03", 1.0, 0.0, "x", 1)])
    fields, digest = [(f.name(), f.type()) for f in layer.fields()], layer_digest(layer)
    message, ok = layer.loadNamedStyle(path)
    assert ok, message
    assert [(f.name(), f.type()) for f in layer.fields()] == fields and layer_digest(layer) == digest
    kind, config = widget_of(layer)
    assert kind == "ValueMap"
    choices = {label: value for entry in config["map"] for label, value in entry.items()}
    assert choices == {"调出 (1)": "1", "不调出 (0)": "0"}
    assert all(widget_of(layer, name)[0] == "" for name in layer.fields().names() if name != "SFTC")
    assert all(not layer.fieldConstraints(k) for k in range(layer.fields().count()))
    # The review's columns first, then the farmland's own.
    assert table_columns(layer)[:6] == ["SFTC", "TZYY", "HCYY", "MJ_MU", "MJ_M2", "SJXMMC"]


def test_swapcandidates_loads_its_output_with_the_candidates_style(plugin, project_layers):
    pbf = memory_layer([square(X0, Y0, 100), square(X0 + 500, Y0, 20)], [("BSM", str), ("DLBM", str)],
                       [("A", "0103"), ("B", "0103")], name="pbf")
    landuse = memory_layer([square(X0, Y0, 100), square(X0 + 500, Y0, 20)], [("DLBM", str)], [("0103",), ("0103",)],
                           name="landuse")
    parameters = {"PBF": pbf, "LANDUSE": landuse, "TOWNSHIP_FIELD": "", "SLOPE_FIELD": ""}
    _, attached, layers = run_and_load("planmaint:swapcandidates", parameters, ["OUTPUT"])
    assert attached == {"OUTPUT": "candidates"}
    output = layers["OUTPUT"]
    assert labels_drawn(output) == {"B": ["03 零星破碎"]}  # the 0.6 mu fragment, under its reason
    assert widget_of(output)[0] == "ValueMap"


def context_loading(layer, name="out"):
    """A context in which ``layer`` is an output Processing will load into the current project."""
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    context.temporaryLayerStore().addMapLayer(layer)
    context.addLayerToLoadOnCompletion(
        layer.id(), QgsProcessingContext.LayerDetails(name, QgsProject.instance(), "OUTPUT")
    )
    return context


def test_apply_style_attaches_a_post_processor_that_survives_garbage_collection(styles):
    layer = memory_layer([square(0, 0, 10)])
    context = context_loading(layer)
    assert styles.apply_style(context, layer.id(), "pbf") is True
    gc.collect()  # the pitfall: a collected Python post-processor would silently do nothing (or crash)
    processor = context.layerToLoadOnCompletionDetails(layer.id()).postProcessor()
    assert processor is not None
    processor.postProcessLayer(layer, context, QgsProcessingFeedback())
    kind, colour = painted_colours(symbol_of(layer))[0]
    assert kind == "fill" and (colour.red(), colour.green(), colour.blue()) == (255, 230, 0)


def test_apply_style_does_nothing_for_outputs_that_are_not_loaded(styles):
    layer = memory_layer([square(0, 0, 10)])
    context = QgsProcessingContext()
    context.temporaryLayerStore().addMapLayer(layer)
    assert styles.apply_style(context, layer.id(), "swapped_out") is False
    assert context.layersToLoadOnCompletion() == {}
    with pytest.raises(ValueError, match="unknown planmaint style"):
        styles.apply_style(context, layer.id(), "farmland")


def test_post_processors_are_released_with_their_context(styles):
    for _ in range(3):
        layer = memory_layer([square(0, 0, 10)])
        context = context_loading(layer)
        styles.apply_style(context, layer.id(), "holes")
        del context  # deletes its post-processors on the C++ side
        gc.collect()
    layer = memory_layer([square(0, 0, 10)])
    context = context_loading(layer)
    styles.apply_style(context, layer.id(), "holes")
    assert len(styles._ALIVE) == 1  # the three earlier ones were dropped, not kept for ever


def test_processing_loads_the_output_with_the_style(styles):
    """The same path as the toolbox dialog: Processing's result handling loads the layer, then styles it."""
    from qgis.core import QgsApplication

    from planmaint.algorithms.compat import handle_algorithm_results

    project = QgsProject.instance()
    layer = memory_layer([square(0, 0, 10)], name="swapped")
    context = context_loading(layer, name="swapped")
    styles.apply_style(context, layer.id(), "swapped_in")
    algorithm = QgsApplication.processingRegistry().algorithmById("native:buffer")
    try:
        assert handle_algorithm_results(algorithm, context, QgsProcessingFeedback(), {})
        loaded = project.mapLayer(layer.id())
        assert loaded is not None
        hatches = [colour for kind, colour in painted_colours(symbol_of(loaded)) if kind.startswith("hatch")]
        assert hatches and all(200 <= hue(colour) <= 240 for colour in hatches)
    finally:
        project.removeMapLayer(layer.id())


# ----------------------------------------------------------------------------------------------------------
# The maintained lines: the control-line parameter (LINE_KIND) and the guess from the input layer's name.

@pytest.mark.parametrize("names, expected", [
    (("pbf",), "pbf"), (("PBF_2024",), "pbf"), (("pbf_new",), "pbf"), (("YJJBNTTB",), "pbf"),
    (("jbntbhtb",), "pbf"), (("永久基本农田",), "pbf"), (("某县永久基本农田图斑",), "pbf"), (("基本农田",), "pbf"),
    (("epr",), "epr"), (("STBHHX",), "epr"), (("生态保护红线",), "epr"), (("县生态红线",), "epr"),
    (("udb",), "udb"), (("UDB2035",), "udb"), (("CZKFBJ",), "udb"), (("城镇开发边界",), "udb"),
    (("landuse",), None), (("hsf",), None), (("高标准农田",), None), (("county",), None), (("",), None),
    (("mudbank",), None), (("Difference",), None),
    # Two lines named at once: a conflict or overlap layer, not one line.
    (("pbf_udb_overlaps",), None), (("永久基本农田与生态保护红线冲突",), None),
    (("county", "udb"), "udb"), ((None,), None),
])
def test_guess_line_style_from_layer_names(styles, names, expected):
    assert styles.guess_line_style(*names) == expected


@pytest.fixture
def project_layers():
    """The current project, emptied of what a test loaded into it."""
    project = QgsProject.instance()
    before = set(project.mapLayers())
    yield project
    for layer_id in set(project.mapLayers()) - before:
        project.removeMapLayer(layer_id)


def run_and_load(algorithm_id, parameters, loaded_outputs):
    """Run as the toolbox dialog does with "Open output file after running" ticked for ``loaded_outputs``:
    the algorithm runs, then Processing's result handling loads those outputs and runs their post-processors.

    Returns (results, {output: style attached or None}, {output: loaded layer}).
    """
    import processing
    from qgis.core import QgsApplication, QgsProcessingOutputLayerDefinition

    from planmaint.algorithms.compat import handle_algorithm_results

    project = QgsProject.instance()
    parameters = dict(parameters)
    for name in loaded_outputs:
        definition = QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", project)
        definition.destinationName = name.split(":")[-1]
        parameters[name] = definition
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    results = processing.run(algorithm, parameters, context=context, feedback=feedback, onFinish=lambda *_: None)
    gc.collect()  # a post-processor must survive until the layers are loaded
    attached = {}
    for name in loaded_outputs:
        processor = context.layerToLoadOnCompletionDetails(results[name]).postProcessor()
        attached[name] = processor.style_name if processor is not None else None
    assert handle_algorithm_results(algorithm, context, feedback, parameters)
    layers = {name: project.mapLayer(results[name]) for name in loaded_outputs}
    assert all(layer is not None for layer in layers.values()), layers
    return results, attached, layers


def assert_pbf_look(layer):
    kind, colour = painted_colours(symbol_of(layer))[0]
    assert kind == "fill" and 45 <= hue(colour) <= 65 and colour.saturation() > 200


def assert_epr_look(layer):
    marks = painted_colours(symbol_of(layer))
    assert any(kind == "outline" and 90 <= hue(colour) <= 140 for kind, colour in marks)  # the green border
    assert any(kind == "fill" and 90 <= hue(colour) <= 140 for kind, colour in marks)


def assert_udb_look(layer):
    marks = painted_colours(symbol_of(layer))
    assert marks and all(260 <= hue(colour) <= 300 for _, colour in marks)


def assert_swap_looks_differ(swapped_in, swapped_out):
    marks_in, marks_out = painted_colours(symbol_of(swapped_in)), painted_colours(symbol_of(swapped_out))
    assert all(200 <= hue(colour) <= 240 for _, colour in marks_in)  # blue
    assert all(hue(colour) <= 10 or hue(colour) >= 350 for _, colour in marks_out)  # red
    assert {k for k, _ in marks_in} != {k for k, _ in marks_out}  # single hatch against cross-hatch


MU = 10000.0 / 15.0
X0, Y0 = 500000.0, 4500000.0


def squares(name, *boxes):
    return memory_layer([square(X0 + x, Y0 + y, side) for x, y, side in boxes], name=name)


def test_removefragments_styles_a_farmland_line_guessed_from_its_name(plugin, project_layers):
    line = squares("某县永久基本农田图斑", (0, 0, 100), (500, 0, 20))  # 15 mu and a 0.6 mu fragment
    _, attached, layers = run_and_load(
        "planmaint:removefragments", {"INPUT": line}, ["OUTPUT", "REMOVED"]
    )
    assert attached == {"OUTPUT": "pbf", "REMOVED": "fragments"}
    assert_pbf_look(layers["OUTPUT"])


def test_fillholes_styles_a_red_line_guessed_from_its_code(plugin, project_layers):
    outer = f"POLYGON(({X0} {Y0},{X0 + 300} {Y0},{X0 + 300} {Y0 + 300},{X0} {Y0 + 300},{X0} {Y0}),"
    hole = (f"({X0 + 100} {Y0 + 100},{X0 + 110} {Y0 + 100},{X0 + 110} {Y0 + 110},{X0 + 100} {Y0 + 110},"
            f"{X0 + 100} {Y0 + 100}))")
    line = memory_layer([outer + hole], name="STBHHX")
    _, attached, layers = run_and_load("planmaint:fillholes", {"INPUT": line}, ["OUTPUT", "HOLES"])
    assert attached == {"OUTPUT": "epr", "HOLES": "holes"}
    assert_epr_look(layers["OUTPUT"])


def test_edgeswap_styles_the_boundary_and_its_swaps_differently(plugin, project_layers):
    line = squares("udb", (0, 0, 100))
    swap_out = squares("projects", (0, 0, 20))
    candidates = squares("landuse", (100, 0, 50))
    _, attached, layers = run_and_load(
        "planmaint:edgeswap", {"INPUT": line, "SWAP_OUT": swap_out, "CANDIDATES": candidates},
        ["OUTPUT", "SWAPPED_IN", "SWAPPED_OUT"],
    )
    assert attached == {"OUTPUT": "udb", "SWAPPED_IN": "swapped_in", "SWAPPED_OUT": "swapped_out"}
    assert_udb_look(layers["OUTPUT"])
    assert_swap_looks_differ(layers["SWAPPED_IN"], layers["SWAPPED_OUT"])


def test_the_chosen_control_line_wins_over_the_name(plugin, project_layers):
    from planmaint.algorithms.base import LINE_EPR, LINE_NONE, LINE_PBF

    _, attached, layers = run_and_load(
        "planmaint:removefragments",
        {"INPUT": squares("layer", (0, 0, 100)), "REMOVED": "TEMPORARY_OUTPUT", "LINE_KIND": LINE_EPR}, ["OUTPUT"],
    )
    assert attached == {"OUTPUT": "epr"}
    assert_epr_look(layers["OUTPUT"])
    _, attached, _ = run_and_load(
        "planmaint:removefragments",
        {"INPUT": squares("udb", (0, 0, 100)), "REMOVED": "TEMPORARY_OUTPUT", "LINE_KIND": LINE_PBF}, ["OUTPUT"],
    )
    assert attached == {"OUTPUT": "pbf"}
    # None: Processing's own style, even for a layer named like a line.
    _, attached, _ = run_and_load(
        "planmaint:fillholes", {"INPUT": squares("pbf", (0, 0, 100)), "LINE_KIND": LINE_NONE}, ["OUTPUT"]
    )
    assert attached == {"OUTPUT": None}


class RecordingFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.infos = []

    def pushInfo(self, info):  # noqa: N802 (QGIS API name)
        self.infos.append(info)
        super().pushInfo(info)


def test_a_name_that_says_nothing_leaves_the_default_style_and_says_so(plugin, project_layers):
    import processing
    from qgis.core import QgsApplication, QgsProcessingOutputLayerDefinition

    feedback = RecordingFeedback()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("planmaint:edgeswap")
    loaded = QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance())
    results = processing.run(
        algorithm, {"INPUT": squares("layer_7", (0, 0, 100)), "OUTPUT": loaded},
        context=context, feedback=feedback, onFinish=lambda *_: None,
    )
    assert context.layerToLoadOnCompletionDetails(results["OUTPUT"]).postProcessor() is None
    assert any("layer_7" in info and "default style" in info for info in feedback.infos), feedback.infos
    # Nothing is said when the output is not loaded (a console run, qgis_process).
    feedback = RecordingFeedback()
    processing.run("planmaint:edgeswap", {"INPUT": squares("layer_7", (0, 0, 100)), "OUTPUT": "TEMPORARY_OUTPUT"},
                   feedback=feedback)
    assert not any("default style" in info for info in feedback.infos)


def test_the_control_line_never_changes_a_result(plugin):
    """Old parameter sets (without LINE_KIND) and every choice give the same outputs, loaded or not."""
    import processing

    from layers import layer_digest

    line = squares("pbf", (0, 0, 100), (120, 0, 30))
    plain = processing.run("planmaint:removefragments", {"INPUT": line, "OUTPUT": "TEMPORARY_OUTPUT",
                                                         "REMOVED": "TEMPORARY_OUTPUT"})
    for kind in range(5):
        other = processing.run("planmaint:removefragments", {"INPUT": line, "OUTPUT": "TEMPORARY_OUTPUT",
                                                             "REMOVED": "TEMPORARY_OUTPUT", "LINE_KIND": kind})
        assert {k: v for k, v in other.items() if k not in ("OUTPUT", "REMOVED")} == \
            {k: v for k, v in plain.items() if k not in ("OUTPUT", "REMOVED")}
        for name in ("OUTPUT", "REMOVED"):
            assert layer_digest(other[name]) == layer_digest(plain[name]), (kind, name)


# ----------------------------------------------------------------------------------------------------------
# The bundled model: its final layers are the loaded outputs of its child steps, so each gets its style.

MODEL_STYLES = {
    "PBF_NEW": "pbf", "EPR_NEW": "epr", "UDB_NEW": "udb",
    "PBF_IN": "swapped_in", "EPR_IN": "swapped_in", "UDB_IN": "swapped_in",
    "PBF_OUT": "swapped_out", "EPR_OUT": "swapped_out", "UDB_OUT": "swapped_out",
    "EPR_HOLES": "holes", "UDB_HOLES": "holes", "CONFLICTS": "conflicts", "PBF_SWAP_CANDIDATES": "candidates",
    "PBF_LEDGER": None, "EPR_LEDGER": None, "UDB_LEDGER": None, "INDICATORS": None,
}


def test_the_model_names_the_line_of_each_step(provider):
    from qgis.core import QgsApplication

    from planmaint.algorithms.base import LINE_EPR, LINE_PBF, LINE_UDB

    model = QgsApplication.processingRegistry().algorithmById("planmaint:dynamicmaintenance")
    # The farmland's fragments are swap-out candidates now (pbf_candidates), which have no line of their own.
    expected = {"pbf_swap": LINE_PBF, "epr_fill": LINE_EPR, "epr_swap": LINE_EPR,
                "udb_fill": LINE_UDB, "udb_swap": LINE_UDB}
    for child_id, kind in expected.items():
        sources = model.childAlgorithm(child_id).parameterSources()["LINE_KIND"]
        assert [s.staticValue() for s in sources] == [kind], child_id


def test_the_models_loaded_outputs_get_the_planning_colours(plugin, sample_county, project_layers):
    from qgis.core import QgsApplication

    model = QgsApplication.processingRegistry().algorithmById("planmaint:dynamicmaintenance")
    outputs = {d.name().split(":")[-1]: d.name() for d in model.destinationParameterDefinitions()}
    assert set(MODEL_STYLES) <= set(outputs)
    polygon_outputs = [outputs[name] for name in MODEL_STYLES]
    # Inputs named so that no guess can tell the lines apart: the styles must come from the model's steps.
    inputs = ("LANDUSE", "PBF", "EPR", "UDB", "HSF", "HILLY_AREAS", "PROJECTS", "URBAN_BASELINE")
    parameters = {
        name: QgsVectorLayer(f"{sample_county}|layername={name.lower()}", f"layer {k}", "ogr")
        for k, name in enumerate(inputs)
    }
    parameters.update({name: "TEMPORARY_OUTPUT" for name in outputs.values() if name not in polygon_outputs})
    _, attached, layers = run_and_load("planmaint:dynamicmaintenance", parameters, polygon_outputs)
    assert {name.split(":")[-1]: style for name, style in attached.items()} == MODEL_STYLES
    layers = {name.split(":")[-1]: layer for name, layer in layers.items()}
    assert_pbf_look(layers["PBF_NEW"])
    assert_epr_look(layers["EPR_NEW"])
    assert_udb_look(layers["UDB_NEW"])
    for line in ("PBF", "EPR", "UDB"):
        assert_swap_looks_differ(layers[f"{line}_IN"], layers[f"{line}_OUT"])


def test_candidates_colour_the_red_line_and_boundary_categories_too(plugin):
    """Every category of every line has its own rule and colour, none of them the kept pieces' grey; within a
    line the colours differ."""
    from planmaint.algorithms.core.candidates import LINE_REASONS

    rows = [(f"P{r.code}", "0103", r.words, r.code, 100.0, 0.15, None, 1)
            for reasons in LINE_REASONS.values() for r in reasons]
    layer = candidates_layer(os.path.join(STYLES_DIR, "candidates.qml"), rows)
    drawn = labels_drawn(layer)
    symbols = dict(rule_symbols(layer))
    for line, reasons in LINE_REASONS.items():
        colours = set()
        for reason in reasons:
            label = f"{reason.code} {reason.words}"
            assert drawn[f"P{reason.code}"] == [label], (line, reason.code)
            (kind, colour), *_ = painted_colours(symbols[label])
            assert kind == "fill" and colour.saturation() > 0, (line, reason.code)
            colours.add(colour.name())
        assert len(colours) == len(reasons), line
