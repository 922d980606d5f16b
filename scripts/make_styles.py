"""Write the QML styles of planmaint's outputs into resources/styles/ (run with the project's venv Python).

The styles follow the colours a Chinese planning map uses for the three control lines: permanent basic farmland
yellow, the ecological protection red line green with a red core line on a green border, the urban development
boundary a purple outline over a light purple hatch. Swapped-in and swapped-out land must be told apart at a
glance, also by a reader with a colour-vision deficiency, so they differ in pattern as well as colour: a single
blue hatch for swap-ins, a red cross-hatch for swap-outs.

The .qml files are committed; this script is kept so they can be regenerated (or restyled) from code:
    .venv/bin/python scripts/make_styles.py [output folder]
Only the symbology is saved, so applying a style never touches an output's fields, forms or labels.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STYLES_DIR = os.path.join(ROOT, "resources", "styles")


def _rgba(red, green, blue, alpha=255):
    return f"{red},{green},{blue},{alpha}"


def _fill(color, stroke_color=None, stroke_width=0.26, stroke_style="solid"):
    """A simple fill; ``color=None`` draws no fill, ``stroke_color=None`` no outline."""
    from qgis.core import QgsSimpleFillSymbolLayer

    return QgsSimpleFillSymbolLayer.create(
        {
            "color": color or _rgba(0, 0, 0, 0),
            "style": "solid" if color else "no",
            "outline_color": stroke_color or _rgba(0, 0, 0, 0),
            "outline_style": stroke_style if stroke_color else "no",
            "outline_width": str(stroke_width),
            "outline_width_unit": "MM",
        }
    )


def _hatch(color, angle, spacing=2.5, width=0.3):
    """Parallel lines at ``angle`` degrees, ``spacing`` mm apart."""
    from qgis.core import QgsLinePatternFillSymbolLayer, QgsLineSymbol

    layer = QgsLinePatternFillSymbolLayer.create(
        {"angle": str(angle), "distance": str(spacing), "distance_unit": "MM", "color": color,
         "line_width": str(width)}
    )
    # The lines are drawn with the sub-symbol; the layer's own colour is what the legend and color() report.
    layer.setSubSymbol(QgsLineSymbol.createSimple({"line_color": color, "line_width": str(width)}))
    return layer


# style name -> symbol layers, bottom first.
def style_layers():
    yellow, yellow_edge = _rgba(255, 230, 0), _rgba(191, 150, 0)
    green, red = _rgba(56, 168, 0), _rgba(230, 0, 0)
    purple = _rgba(160, 32, 240)
    blue = _rgba(0, 92, 230)
    orange = _rgba(255, 128, 0)
    magenta = _rgba(230, 0, 169)
    return {
        # 永久基本农田: solid yellow.
        "pbf": [_fill(yellow, yellow_edge, 0.2)],
        # 生态保护红线: translucent green, a wide green border with a red line down its middle.
        "epr": [
            _fill(_rgba(56, 168, 0, 110)),
            _fill(None, green, 1.6),
            _fill(None, red, 0.35),
        ],
        # 城镇开发边界: purple outline over a light purple hatch (the land inside stays readable).
        "udb": [_hatch(_rgba(160, 32, 240, 150), 45, 3.0, 0.25), _fill(None, purple, 0.8)],
        # 调入: blue single hatch, blue outline.
        "swapped_in": [_fill(_rgba(0, 92, 230, 50)), _hatch(blue, 45, 2.0, 0.35), _fill(None, blue, 0.6)],
        # 调出: red cross-hatch, dashed red outline.
        "swapped_out": [_hatch(red, 45, 2.0, 0.35), _hatch(red, 135, 2.0, 0.35), _fill(None, red, 0.6, "dash")],
        # 天窗 (holes found or filled): light orange, dashed orange outline.
        "holes": [_fill(_rgba(255, 128, 0, 90), orange, 0.5, "dash")],
        # 碎图斑: strong magenta, so the small patches stand out on any base map.
        "fragments": [_fill(_rgba(230, 0, 169, 200), magenta, 0.6)],
        # 三线冲突: translucent red with a thick black outline.
        "conflicts": [_fill(_rgba(255, 0, 0, 140), _rgba(0, 0, 0), 0.8)],
    }


def build_symbol(layers):
    from qgis.core import QgsFillSymbol

    symbol = QgsFillSymbol()
    symbol.deleteSymbolLayer(0)  # a new QgsFillSymbol comes with one default simple fill
    for layer in layers:
        symbol.appendSymbolLayer(layer)
    return symbol


def write_styles(out_dir):
    """Write one .qml per style into ``out_dir``; returns the paths written."""
    from qgis.core import QgsMapLayer, QgsSingleSymbolRenderer, QgsVectorLayer

    os.makedirs(out_dir, exist_ok=True)
    written = []
    for name, layers in style_layers().items():
        layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4549", name, "memory")
        layer.setRenderer(QgsSingleSymbolRenderer(build_symbol(layers)))
        path = os.path.join(out_dir, f"{name}.qml")
        message, ok = layer.saveNamedStyle(path, categories=QgsMapLayer.Symbology)
        if not ok:
            raise SystemExit(f"cannot write {path}: {message}")
        written.append(path)
    return written


def main(argv):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    for path in write_styles(argv[1] if len(argv) > 1 else STYLES_DIR):
        print(path)
    app.exitQgis()


if __name__ == "__main__":
    main(sys.argv)
