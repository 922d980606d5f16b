"""planmaint:swapcandidates with CONFLICTS: the settled overlaps of the lines (planmaint:conflictcheck with SETTLE)
become swap-out candidates of the line that yields, under its conflict category, run as a console user runs it.

The settlement layer is built by hand with the fields conflictcheck writes (KIND, MJ_MU, MJ_HA, YIELDS, KEEPS,
BASIS, NOTE): each polygon of one hectare is one cell of a row, the last a 5 m² sliver of the farmland's."""
import pytest
import shapely
from qgis.core import QgsProcessingException
from test_swapcandidates import X0, Y0, cell, land_use, pieces, reviewed_copy
from test_swapcandidates_lines import EPR, UDB, go, line_layer

from badinput import CollectingFeedback
from layers import layer_digest, memory_layer, rect

PBF = 0
PE, PU, EU = "永久基本农田∩生态保护红线", "永久基本农田∩城镇开发边界", "生态保护红线∩城镇开发边界"
SETTLED_FIELDS = [("KIND", str), ("MJ_MU", float), ("MJ_HA", float), ("YIELDS", str), ("KEEPS", str),
                  ("BASIS", str), ("NOTE", str)]
SLIVER = rect(X0 + 800, Y0, 5, 1)  # 5 m²: under the default smallest piece of 10 m²
# (geometry, KIND, YIELDS): cells 0–5 yield by each line in turn, 6 and 7 are kept by both, the sliver yields PBF.
SETTLED = [
    (cell(0, 0), PE, "PBF"), (cell(1, 0), PE, "EPR"), (cell(2, 0), PU, "UDB"), (cell(3, 0), PU, "PBF"),
    (cell(4, 0), EU, "EPR"), (cell(5, 0), EU, "UDB"), (cell(6, 0), PE, ""), (cell(7, 0), PU, None),
    (SLIVER, PE, "PBF"),
]
# Per line: the land-use class under it (none of the line's other categories takes it) and the expected pieces
# (HCYY, TZYY, the settled polygons' positions) in the order written.
EXPECTED = {
    PBF: ("0103", [("07", "矛盾冲突：生态保护红线", [0, 8]), ("08", "矛盾冲突：城镇开发边界", [3])]),
    EPR: ("0301", [("12", "矛盾冲突：永久基本农田", [1]), ("18", "矛盾冲突：城镇开发边界", [4])]),
    UDB: ("0701", [("22", "矛盾冲突：永久基本农田", [2]), ("23", "矛盾冲突：生态保护红线", [5])]),
}
OUTPUTS = {PBF: ("PBF_CONFLICT_EPR_HA", "PBF_CONFLICT_UDB_HA"), EPR: ("CONFLICT_PBF_HA", "EPR_CONFLICT_UDB_HA"),
           UDB: ("UDB_CONFLICT_PBF_HA", "UDB_CONFLICT_EPR_HA")}


def settlement(rows=SETTLED, fields=SETTLED_FIELDS, name="conflicts"):
    """A settlement layer of ``rows`` (geometry, KIND, YIELDS) with the fields of conflictcheck's SETTLE."""
    values = []
    for wkt, kind, yields in rows:
        m2 = shapely.from_wkt(wkt).area
        keeps = "BOTH" if not yields else next(x for x in kind_lines(kind) if x != yields.strip().upper())
        record = {"KIND": kind, "MJ_MU": m2 / 666.6667, "MJ_HA": m2 / 1e4, "YIELDS": yields, "KEEPS": keeps,
                  "BASIS": "decision" if not yields else "rule", "NOTE": "手工"}
        values.append([record[field] for field, _ in fields])
    return memory_layer([wkt for wkt, *_ in rows], fields, values, name=name)


def kind_lines(kind):
    names = {"永久基本农田": "PBF", "生态保护红线": "EPR", "城镇开发边界": "UDB"}
    return [names[part] for part in kind.split("∩")]


def line_run(line, feedback=None, **params):
    """A run on one line of nine cells (all of the settlement's polygons inside it), the land use of EXPECTED."""
    code = EXPECTED[line][0]
    layers = {"PBF": line_layer([rect(X0, Y0, 900, 100)], "line"),
              "LANDUSE": land_use([rect(X0, Y0, 900, 100)], [code])}
    if line == PBF:  # the line's layer has neither the farmland's slope grade nor its location unit code
        layers.update(SLOPE_FIELD="", TOWNSHIP_FIELD="")
    return go(feedback=feedback, LINE=line, MIN_AREA=0.0, **layers, **params)


@pytest.mark.parametrize("line", [PBF, EPR, UDB])
def test_exactly_the_overlaps_the_line_yields_are_its_candidates(plugin, line):
    conflicts = settlement()
    before = layer_digest(conflicts)
    feedback = CollectingFeedback()
    result = line_run(line, feedback, CONFLICTS=conflicts)
    got = pieces(result)
    expected = EXPECTED[line][1]
    assert [(p["HCYY"], p["TZYY"]) for p in got] == [(code, words) for code, words, at in expected for _ in at]
    for (code, _, at), output in zip(expected, OUTPUTS[line]):
        mine = [p for p in got if p["HCYY"] == code]
        settled = [shapely.from_wkt(SETTLED[k][0]) for k in at]
        # Each piece is one settled polygon, to the hundredth of a m²: a 5 m² one as well as the hectares.
        assert sorted(p["MJ_M2"] for p in mine) == pytest.approx(sorted(g.area for g in settled), abs=0.01)
        assert shapely.equals(shapely.normalize(shapely.union_all([p["geometry"] for p in mine])),
                              shapely.normalize(shapely.union_all(settled)))
        assert result[output] == pytest.approx(sum(g.area for g in settled) / 1e4, abs=1e-6)
        assert all(p["SFTC"] == 1 and p["BSM"] == "H0" for p in mine)
    assert result["TOTAL_HA"] == pytest.approx(sum(p["MJ_HA"] for p in got))
    # The overlaps kept by both lines, or yielded by another line, are no candidates of this one.
    taken = shapely.union_all([p["geometry"] for p in got])
    others = [k for k, (_, _, yields) in enumerate(SETTLED) if k not in {i for *_, at in expected for i in at}]
    for k in others:
        assert shapely.intersection(taken, shapely.from_wkt(SETTLED[k][0])).area == pytest.approx(0.0, abs=1e-6)
    assert layer_digest(conflicts) == before
    assert [text for text in feedback.warnings if "SLOPE_FIELD" not in text] == []


def test_without_conflicts_the_conflict_categories_are_empty(plugin):
    result = line_run(PBF)
    assert pieces(result) == []
    assert [result[name] for name in OUTPUTS[PBF] + OUTPUTS[UDB] + ("EPR_CONFLICT_UDB_HA",)] == [0.0] * 5


def test_the_red_lines_farmland_conflict_takes_the_settlement_and_the_farmland_layer(plugin):
    from test_swapcandidates import polygons

    result = line_run(EPR, CONFLICTS=settlement(), CONFLICT_PBF=polygons([cell(6, 0)], "farmland"))
    got = pieces(result)
    assert [p["HCYY"] for p in got] == ["12", "12", "18"]
    assert result["CONFLICT_PBF_HA"] == pytest.approx(2.0)


@pytest.mark.parametrize("missing", ["YIELDS", "KIND"])
def test_a_layer_without_yields_or_kind_is_refused_saying_to_settle_first(plugin, missing):
    fields = [(name, kind) for name, kind in SETTLED_FIELDS if name != missing]
    with pytest.raises(QgsProcessingException,
                       match=rf"overlaps.*\(CONFLICTS\) has no field {missing}.*planmaint:conflictcheck\) with SETTLE"):
        line_run(PBF, CONFLICTS=settlement(fields=fields, name="overlaps"))


def test_an_unknown_yields_value_is_refused_by_name(plugin):
    rows = SETTLED + [(cell(8, 0), PE, "耕地")]
    with pytest.raises(QgsProcessingException,
                       match=r"conflicts \(CONFLICTS\): field YIELDS holds '耕地' on features 10"):
        line_run(EPR, CONFLICTS=settlement(rows))


def test_a_kind_that_is_not_a_pair_of_the_yielding_line_is_refused_by_name(plugin):
    rows = [(cell(0, 0), EU, "PBF")]
    with pytest.raises(QgsProcessingException, match=r"field KIND holds '生态保护红线∩城镇开发边界' on features 1"):
        line_run(PBF, CONFLICTS=settlement(rows))


def test_yields_in_lower_case_or_with_blanks_is_read_as_the_line(plugin):
    result = line_run(UDB, CONFLICTS=settlement([(cell(2, 0), PU, " udb ")]))
    assert result["UDB_CONFLICT_PBF_HA"] == pytest.approx(1.0)


@pytest.mark.parametrize("line", [PBF, UDB])
def test_reviewed_candidates_win_and_the_conflicts_are_not_read(plugin, line):
    first = line_run(line, CONFLICTS=settlement())
    reviewed = reviewed_copy(first, keep=(0,))
    feedback = CollectingFeedback()
    # A settlement that would be refused: with REVIEWED it is not even read.
    bad = settlement(SETTLED + [(cell(8, 0), PE, "?")])
    result = line_run(line, feedback, CONFLICTS=bad, REVIEWED=reviewed)
    assert [p["HCYY"] for p in pieces(result)] == [p["HCYY"] for p in pieces(first)]
    for name in OUTPUTS[line]:
        assert result[name] == pytest.approx(first[name])
    assert any("the settled conflicts (CONFLICTS) are not read" in text for text in feedback.infos)
