"""Write the QML styles of planmaint's outputs into resources/styles/ (run with the project's venv Python).

The styles follow the colours a Chinese planning map uses for the three control lines: permanent basic farmland
yellow, the ecological protection red line green with a red core line on a green border, the urban development
boundary a purple outline over a light purple hatch. Swapped-in and swapped-out land must be told apart at a
glance, also by a reader with a colour-vision deficiency, so they differ in pattern as well as colour: a single
blue hatch for swap-ins, a red cross-hatch for swap-outs.

The swap-out candidates (planmaint:swapcandidates) are the layer a technician reviews: one colour per reason
(HCYY), and the pieces set to stay (SFTC = 0) drawn over with a grey hatch and a grey dashed outline, so each
decision shows on the map at once. Their style also carries the editor widget of SFTC (a value map 调出 (1) /
不调出 (0)) and an attribute table that shows the review columns first, so it is saved with the field and table
categories as well; every other style is symbology only.

The .qml files are committed; this script is kept so they can be regenerated (or restyled) from code:
    .venv/bin/python scripts/make_styles.py [output folder]
The single-symbol styles save only the symbology, so applying them never touches an output's fields, forms
or labels; the candidates' style adds only SFTC's widget and the order of the table's columns, never a field,
a value or a constraint.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STYLES_DIR = os.path.join(ROOT, "resources", "styles")

# The candidates' reason colours, by HCYY: hues far apart within each line, none the grey of a kept piece.
REASON_COLOURS = {
    "01": (191, 96, 0),  # 坡度15度以上: brown
    "02": (227, 26, 28),  # 国家和自治区重点建设项目: red
    "03": (230, 0, 169),  # 零星破碎: magenta, as the fragments' style
    "04": (106, 61, 154),  # 灾毁和采矿损毁无法修复: purple
    "05": (51, 160, 44),  # 变更调查"非耕地": green
    "06": (31, 120, 180),  # 经核实不符合划入要求: blue
    # The farmland's side of the settled conflicts: the other line's own colours, the red line green, the boundary
    # purple, darker than the layers they overlap so the piece still shows over them.
    "07": (27, 120, 55),  # 矛盾冲突：生态保护红线: dark green
    "08": (118, 42, 131),  # 矛盾冲突：城镇开发边界: dark purple
    # The red line's categories: the withdrawn zone teal, the five conflicts warm, the correction dark.
    "11": (0, 150, 136),  # 已依法撤销…的法定保护区域: teal
    "12": (255, 215, 0),  # 矛盾冲突：永久基本农田: the farmland's yellow
    "13": (244, 109, 67),  # 矛盾冲突：城镇村建设用地: orange
    "14": (140, 81, 10),  # 矛盾冲突：矿业权: dark brown
    "15": (166, 217, 106),  # 矛盾冲突：人工商品林: light green
    "16": (215, 48, 39),  # 矛盾冲突：重大项目: red
    "17": (64, 64, 160),  # 技术勘正: indigo
    "18": (118, 42, 131),  # 矛盾冲突：城镇开发边界: dark purple, as the farmland's 08
    # The development boundary's pool, and its side of the settled conflicts in the other lines' colours.
    "21": (171, 128, 230),  # 现状无建设需求: lilac, near the boundary's purple
    "22": (255, 215, 0),  # 矛盾冲突：永久基本农田: the farmland's yellow, as the red line's 12
    "23": (27, 120, 55),  # 矛盾冲突：生态保护红线: dark green, as the farmland's 07
}
REASONS_LABEL = "调出原因 (HCYY)"
KEPT_LABEL = "保留 (不调出)"
OTHER_LABEL = "其他原因"
# SFTC's value map: what the attribute table and the form show, and the value stored.
SFTC_MAP = (("调出 (1)", 1), ("不调出 (0)", 0))
# The columns the review needs, first in the attribute table; the farmland's own fields follow.
REVIEW_COLUMNS = ("SFTC", "TZYY", "HCYY", "MJ_MU", "MJ_M2", "SJXMMC")
TZYY_WIDTH = 200  # pixels: the longest reason of the seed, 国家和自治区重点建设项目, in full


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


def _reasons():
    """(code, words) of the candidates' reasons in code order, from the plugin's core."""
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from algorithms.core.candidates import LINE_REASONS

    return sorted({(reason.code, reason.words) for reasons in LINE_REASONS.values() for reason in reasons})


def candidates_renderer():
    """One rule per reason (HCYY), one for a code of the user's own, and the kept pieces (SFTC = 0) on top."""
    from qgis.core import QgsRuleBasedRenderer

    root = QgsRuleBasedRenderer.Rule(None)
    # The reasons in a group of their own: its ELSE rule then means "no reason of the six", whatever SFTC is.
    reasons = QgsRuleBasedRenderer.Rule(None, 0, 0, "", REASONS_LABEL)
    for code, words in _reasons():
        red, green, blue = REASON_COLOURS[code]
        # Nearly opaque: over the farmland's yellow a lighter fill would shift every hue towards it.
        symbol = build_symbol([_fill(_rgba(red, green, blue, 225), _rgba(red, green, blue), 0.5)])
        reasons.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, f"\"HCYY\" = '{code}'", f"{code} {words}"))
    other = build_symbol([_fill(_rgba(90, 90, 90, 225), _rgba(60, 60, 60), 0.5)])
    reasons.appendChild(QgsRuleBasedRenderer.Rule(other, 0, 0, "ELSE", OTHER_LABEL))
    root.appendChild(reasons)
    # Drawn after the reason of the same piece: a white wash fades its colour, a grey hatch and a dashed grey
    # outline say "stays", and the faded colour still tells the reason that was rejected.
    grey = _rgba(96, 96, 96)
    kept = build_symbol([_fill(_rgba(255, 255, 255, 150)), _hatch(grey, 135, 1.6, 0.3), _fill(None, grey, 0.8, "dash")])
    root.appendChild(QgsRuleBasedRenderer.Rule(kept, 0, 0, '"SFTC" = 0', KEPT_LABEL))
    return QgsRuleBasedRenderer(root)


def candidates_layer():
    """A memory layer with the candidates' style set: renderer, SFTC's value map, the table's columns."""
    from qgis.core import QgsAttributeTableConfig, QgsEditorWidgetSetup, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4549", "candidates", "memory")
    # Only the fields the style names: a field in the saved style would otherwise get its widget reset too.
    layer.dataProvider().addAttributes(
        [QgsField(name, QVariant.Int if name == "SFTC" else QVariant.String) for name in REVIEW_COLUMNS]
    )
    layer.updateFields()
    layer.setRenderer(candidates_renderer())
    layer.setEditorWidgetSetup(
        layer.fields().indexOf("SFTC"),
        QgsEditorWidgetSetup("ValueMap", {"map": [{label: str(value)} for label, value in SFTC_MAP]}),
    )
    table = QgsAttributeTableConfig()
    table.update(layer.fields())
    columns = [column for column in table.columns() if column.type == QgsAttributeTableConfig.Field]
    for column in columns:
        if column.name == "TZYY":
            column.width = TZYY_WIDTH
    table.setColumns(columns)
    layer.setAttributeTableConfig(table)
    return layer


def write_styles(out_dir):
    """Write one .qml per style into ``out_dir``; returns the paths written."""
    from qgis.core import QgsMapLayer, QgsSingleSymbolRenderer, QgsVectorLayer

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "candidates.qml")
    categories = QgsMapLayer.Symbology | QgsMapLayer.Fields | QgsMapLayer.Forms | QgsMapLayer.AttributeTable
    message, ok = candidates_layer().saveNamedStyle(path, categories=categories)
    if not ok:
        raise SystemExit(f"cannot write {path}: {message}")
    written = [path]
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
