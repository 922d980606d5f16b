"""Planning-map styles for outputs that Processing loads into the project.

An algorithm calls, for each polygon output, right after creating its sink::

    styles.apply_style(context, dest_id, "swapped_in")

When the run loads that output into the project (the toolbox dialog with "Open output file after running"),
the named QML of ``resources/styles/`` is applied to the loaded layer; otherwise (qgis_process, a console
``processing.run``, a model's intermediate output) nothing happens. Style names: see ``STYLES``.

The maintained line itself (the OUTPUT of removefragments, fillholes and edgeswap) is styled pbf, epr or udb
as the algorithm's control-line parameter says, or as ``guess_line_style`` reads the input layer's name
(``PlanMaintAlgorithm.style_line_output``). A model's final outputs are the loaded outputs of its child
steps, so the post-processors a child attaches carry over to the model's layers.

Every style is symbology only, but one: "candidates" (swapcandidates' OUTPUT, the layer the technician
reviews) also gives the field SFTC a value-map editor (调出 (1) / 不调出 (0)) and puts the review's columns
first in the attribute table; it adds or changes no field and no value.
"""
import os
import re

from qgis.core import QgsProcessingLayerPostProcessorInterface, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt import sip

from .i18n import tr

STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "styles")
STYLES = ("pbf", "epr", "udb", "swapped_in", "swapped_out", "holes", "fragments", "conflicts", "candidates")

# Processing keeps only a C++ pointer to a post-processor (and deletes it with the context). A Python
# subclass whose Python object is garbage-collected before the layer loads loses its postProcessLayer
# override, so every post-processor is also held here until its C++ side is gone.
_ALIVE = []


# How counties name the layer of each line: this plugin's abbreviations (whole words), the letter codes of
# planning databases (永久基本农田 YJJBNT…, 基本农田 JBNT…, 生态保护红线 STBHHX, 城镇开发边界 CZKFBJ) and the
# Chinese names, both found anywhere in a name such as "YJJBNTTB" or "某县永久基本农田图斑".
_LINE_WORDS = {"pbf": ("pbf",), "epr": ("epr",), "udb": ("udb",)}
_LINE_CODES = {
    "pbf": ("jbnt", "基本农田"),
    "epr": ("stbhhx", "sthx", "生态保护红线", "生态红线"),
    "udb": ("czkfbj", "城镇开发边界"),
}


def guess_line_style(*names):
    """The style ("pbf", "epr" or "udb") of the control line the layer names point to; None if they do not.

    Names pointing to two lines (e.g. "pbf_in_udb", a conflict layer) say nothing about which line a layer
    holds, so they give None too.
    """
    found = set()
    for name in names:
        text = (name or "").lower()
        words = set(re.findall(r"[a-z]+", text))
        for style in _LINE_CODES:
            if words.intersection(_LINE_WORDS[style]) or any(code in text for code in _LINE_CODES[style]):
                found.add(style)
    return found.pop() if len(found) == 1 else None


def style_path(style_name):
    if style_name not in STYLES:
        raise ValueError(f"unknown planmaint style {style_name!r}; known: {', '.join(STYLES)}")
    return os.path.join(STYLES_DIR, f"{style_name}.qml")


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Applies one QML style to a polygon output once Processing has loaded it."""

    def __init__(self, style_name):
        super().__init__()
        self.style_name = style_name

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if not isinstance(layer, QgsVectorLayer) or layer.geometryType() != QgsWkbTypes.PolygonGeometry:
            return
        message, ok = layer.loadNamedStyle(style_path(self.style_name))
        if not ok:
            # Only the look is lost, never data: a warning, not an error.
            if feedback is not None:
                feedback.pushWarning(
                    tr("Could not apply the style {} to the layer {}: {}").format(
                        self.style_name, layer.name(), message
                    )
                )
            return
        layer.triggerRepaint()
        layer.emitStyleChanged()


def apply_style(context, output_layer_id_or_path, style_name):
    """Style the output ``output_layer_id_or_path`` with ``style_name`` if Processing will load it.

    Returns True when a style was attached, False when the output will not be loaded into a project.
    """
    style_path(style_name)  # an unknown name is a programming error: fail even when nothing is loaded
    if not context.willLoadLayerOnCompletion(output_layer_id_or_path):
        return False
    _ALIVE[:] = [p for p in _ALIVE if not sip.isdeleted(p)]
    processor = StylePostProcessor(style_name)
    _ALIVE.append(processor)
    context.layerToLoadOnCompletionDetails(output_layer_id_or_path).setPostProcessor(processor)
    return True
