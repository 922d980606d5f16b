"""planmaint:indicators' table 5-3 rows on approved zones (APPROVED_ZONES), main development directions (DIRECTIONS)
and unsuitable areas (UNSUITABLE), run as a console user runs it; the answers are known by construction."""
import re

import pytest
from qgis.core import QgsProcessingException

from headless import import_plugin_package
from layers import as_layer, memory_layer, rect

import_plugin_package()
from planmaint.algorithms.core import indicators as ind  # noqa: E402 (the package is importable only now)

ALG = "planmaint:indicators"
X0, Y0 = 500000.0, 4500000.0
MU = 10000.0 / 15.0
KEYS = ("udb_approved_share", "udb_direction_fit", "udb_unsuitable")


def run(params, tmp_path=None):
    import processing

    full = {"OUTPUT": "TEMPORARY_OUTPUT", **params}
    if tmp_path is not None:
        full["REPORT"] = str(tmp_path / "report.html")
    return processing.run(ALG, full)


def table(result):
    """{row key: (before, after, change)} of the OUTPUT table, NULL read as None, and the keys in order."""
    out, order = {}, []
    for feature in as_layer(result["OUTPUT"]).getFeatures():
        values = [None if v is None or (hasattr(v, "isNull") and v.isNull()) else v for v in feature.attributes()]
        out[values[7]] = tuple(values[4:7])
        order.append(values[7])
    return out, order


def table53(path):
    html = open(path, encoding="utf-8").read()
    part = html[html.index("5-3"):]
    return part[: part.index("</table>")]


def boundary_layers():
    # 300 × 100 m before; after, 50 m left it on the left and 50 m joined it on the right.
    return (memory_layer([rect(X0, Y0, 300, 100)], name="udb"),
            memory_layer([rect(X0 + 50, Y0, 300, 100)], name="udb_after"))


def test_the_three_rows_from_their_layers(plugin, tmp_path):
    udb, udb_after = boundary_layers()
    approved = memory_layer([rect(X0 + 200, Y0, 200, 100), rect(X0 + 250, Y0, 100, 100)], name="zones")
    directions = memory_layer([rect(X0 + 250, Y0 - 50, 500, 200)], name="directions")
    hazard = memory_layer([rect(X0, Y0, 100, 100)], name="hazard")
    heritage = memory_layer([rect(X0 + 80, Y0, 40, 100), rect(X0 + 5000, Y0, 10, 10)], name="heritage")
    result = run({"UDB": udb, "UDB_AFTER": udb_after, "APPROVED_ZONES": approved, "DIRECTIONS": directions,
                  "UNSUITABLE": [hazard, heritage]}, tmp_path)
    rows, order = table(result)
    # Zones: 20 000 m² (the second zone lies inside the first); 10 000 inside before, 15 000 after.
    assert rows["udb_approved_share"] == pytest.approx((50.0, 75.0, 25.0), abs=1e-9)
    # Directions: 5 000 of the 30 000 m² boundary before; all of the 5 000 m² that joined.
    assert rows["udb_direction_fit"] == pytest.approx((100 / 6, 100.0, 100 - 100 / 6), abs=1e-9)
    # Unsuitable: x 0–120 m of both layers (their overlap once): 12 000 m² before, x 50–120: 7 000 m² after.
    assert rows["udb_unsuitable"] == pytest.approx((12000 / MU, 7000 / MU, -5000 / MU), abs=1e-9)
    start = order.index("udb_approved_share")
    assert order[start:start + 3] == list(KEYS) and order[start + 3] == "area_basis"
    html = table53(result["REPORT"])
    assert re.search(r"inside the boundary \(%\)</td><td class=\"num\">50\.00</td><td class=\"num\">75\.00</td>"
                     r"<td class=\"num\">25\.00</td>", html)
    assert re.search(r"heritage sites …\) \(mu\)</td><td class=\"num\">18\.00</td><td class=\"num\">10\.50</td>",
                     html)
    assert "<td>UNSUITABLE</td><td>heritage</td>" in open(result["REPORT"], encoding="utf-8").read()


def test_without_their_layers_the_rows_print_a_dash(plugin, tmp_path):
    udb, udb_after = boundary_layers()
    result = run({"UDB": udb, "UDB_AFTER": udb_after, "LANGUAGE": 1}, tmp_path)
    rows, _ = table(result)
    for key in KEYS:
        assert rows[key] == (None, None, None)
    html = table53(result["REPORT"])
    dashes = '<td class="num">-</td><td class="num">-</td><td class="num">-</td>'
    for words in ("已批开发区和非农业产业园区面积划入率（%）", "大遗址保护区等）（亩）"):
        assert f"{words}</td>{dashes}" in html
    # Before only: the after cells stay empty.
    html = table53(run({"UDB": udb}, tmp_path)["REPORT"])
    assert re.search(r"inside the boundary \(%\)</td><td class=\"num\">-</td><td class=\"num\"></td>", html)


def test_an_unsuitable_layer_that_is_not_of_polygons_is_refused_by_name(plugin):
    udb, _ = boundary_layers()
    roads = memory_layer([f"LINESTRING({X0} {Y0},{X0 + 10} {Y0})"], name="roads_here", geometry="LineString")
    with pytest.raises(QgsProcessingException, match="roads_here.*UNSUITABLE"):
        run({"UDB": udb, "UNSUITABLE": [roads]})


def test_the_row_keys_read_back_from_the_words():
    for lang in ("zh", "en"):
        for key in KEYS:
            row = ind.ROW_BY_KEY[key]
            assert ind.row_key(list(ind.row_cells(row, lang))) == key
