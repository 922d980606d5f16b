"""Output styles: the committed QML files have the planning colours, and apply_style attaches them to outputs
that Processing loads into a project (and only to those)."""
import gc
import os
import subprocess
import sys

import pytest
from qgis.core import (
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsSimpleFillSymbolLayer,
    QgsSingleSymbolRenderer,
)

from conftest import ROOT
from layers import memory_layer, square

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


def test_every_style_file_exists_and_is_a_polygon_style(styles):
    assert set(styles.STYLES) == {
        "pbf", "epr", "udb", "swapped_in", "swapped_out", "holes", "fragments", "conflicts"
    }
    for name in styles.STYLES:
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
        committed = symbol_of(styled_layer(os.path.join(STYLES_DIR, name)))
        regenerated = symbol_of(styled_layer(str(tmp_path / name)))
        assert committed.symbolLayerCount() == regenerated.symbolLayerCount(), name
        for k in range(committed.symbolLayerCount()):
            assert committed.symbolLayer(k).properties() == regenerated.symbolLayer(k).properties(), (name, k)


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
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsApplication

    project = QgsProject.instance()
    layer = memory_layer([square(0, 0, 10)], name="swapped")
    context = context_loading(layer, name="swapped")
    styles.apply_style(context, layer.id(), "swapped_in")
    algorithm = QgsApplication.processingRegistry().algorithmById("native:buffer")
    try:
        assert handleAlgorithmResults(algorithm, context, QgsProcessingFeedback(), False, {})
        loaded = project.mapLayer(layer.id())
        assert loaded is not None
        hatches = [colour for kind, colour in painted_colours(symbol_of(loaded)) if kind.startswith("hatch")]
        assert hatches and all(200 <= hue(colour) <= 240 for colour in hatches)
    finally:
        project.removeMapLayer(layer.id())
