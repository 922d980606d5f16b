"""The technician's review in the plan of a swap (core.swap_review through core.swap.plan) and the per-piece
record (core.changes), on plain data without QGIS.

Areas are planar shapely areas of hand-built squares: every expected number is written out here.
"""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings, strategies as st

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import changes, ledger, swap  # noqa: E402 (the package is importable only now)

pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered in intersection:RuntimeWarning")
EXACT = 0.01  # m²
STEEP, PROJECT, FRAGMENT, NON_CULTIVATED = "坡度15度以上", "国家和自治区重点建设项目", "零星破碎", '变更调查"非耕地"'


def objects(geoms):
    return np.array(list(geoms), dtype=object)


def union(geoms):
    geoms = [g for g in geoms if g is not None]
    return shapely.union_all(geoms) if geoms else shapely.Polygon()


def three_cells():
    """A line of three 100 m cells A, B, C (0–300 × 0–100)."""
    return objects(shapely.box(100 * k, 0, 100 * k + 100, 100) for k in range(3))


def reviewed_case(**extra):
    """Three reviewed pieces: the east half of C leaves (steep), its west half stays (non-cultivated), a
    30 m strip of B leaves (project G1); a swap-out polygon (fragment) overlaps B and the kept half of C;
    the land north of the line balances."""
    reviewed = swap.Reviewed(
        objects([shapely.box(250, 0, 300, 100), shapely.box(200, 0, 250, 100), shapely.box(100, 0, 130, 100)]),
        np.array([True, False, True]), [STEEP, NON_CULTIVATED, PROJECT], codes=["", "05", "2"],
        projects=["", "", "G1"],
    )
    return swap.SwapInputs(
        line=three_cells(), must_out=objects([shapely.box(190, 0, 240, 50)]), must_out_reasons=[FRAGMENT],
        reviewed=reviewed, candidates=swap.Candidates(objects([shapely.box(0, 100, 300, 200)])), **extra,
    )


# --- the review in the plan -------------------------------------------------------------------------------


def test_accepted_pieces_leave_with_their_reasons_and_a_kept_piece_stays():
    inputs = reviewed_case()
    result = swap.plan(inputs)
    out = {r: (m, c, p) for r, m, c, p in zip(result.removed.reasons, result.removed.m2, result.removed.codes,
                                               result.removed.projects)}
    # The swap-out polygon keeps only its part in B (10 × 50 m): the kept half of C wins over it.
    assert out == {
        STEEP: (pytest.approx(5000), "01", ""), PROJECT: (pytest.approx(3000), "02", "G1"),
        FRAGMENT: (pytest.approx(500), "03", ""),
    }
    assert sorted(result.removed.reviewed.tolist()) == [-1, 0, 2]
    # The kept half of C is listed, and is still in the line; nothing of it left.
    kept = result.kept
    assert kept.direction == ledger.KEPT and kept.reasons == [NON_CULTIVATED] and kept.codes == ["05"]
    assert kept.m2.tolist() == [pytest.approx(5000)] and result.kept_from.tolist() == [2]
    after = union(result.final_line)
    assert after.intersection(shapely.box(200, 0, 250, 100)).area == pytest.approx(5000)
    assert after.intersection(shapely.box(250, 0, 300, 100)).area < 1e-6
    # 8 500 m² left, 8 500 m² joined from the north strip.
    assert result.removed.m2.sum() == pytest.approx(8500)
    assert abs(result.added.m2.sum() - 8500) <= EXACT and abs(result.balance_m2) <= EXACT
    assert result.added.reasons == [swap.BALANCE_IN_REASON] and result.added.codes == [""]


def test_the_ledger_lists_the_kept_pieces_apart_from_the_balance():
    result = swap.plan(reviewed_case())
    rows = result.ledger([""] * sum(len(m) for m in result.moves()))
    totals = {r.direction: r.m2 for r in rows if r.kind == "total"}
    assert list(totals) == [ledger.SWAP_OUT, ledger.SWAP_IN, ledger.KEPT]
    assert totals[ledger.SWAP_OUT] == pytest.approx(8500) and totals[ledger.KEPT] == pytest.approx(5000)
    subtotals = {(r.direction, r.reason): r.m2 for r in rows if r.kind == "subtotal"}
    assert subtotals[(ledger.KEPT, NON_CULTIVATED)] == pytest.approx(5000)
    assert subtotals[(ledger.SWAP_OUT, STEEP)] == pytest.approx(5000)
    balance = [r.m2 for r in rows if r.kind == "balance"]
    assert balance == [pytest.approx(totals[ledger.SWAP_IN] - totals[ledger.SWAP_OUT], abs=1e-9)]


def test_without_review_nothing_is_listed_as_kept():
    inputs = reviewed_case()
    inputs.reviewed = None
    result = swap.plan(inputs)
    assert result.kept is None and len(result.moves()) == 2
    rows = result.ledger([""] * (len(result.removed) + len(result.added)))
    assert {r.direction for r in rows if r.kind == "total"} == {ledger.SWAP_OUT, ledger.SWAP_IN}
    # The swap-out polygon takes its whole overlap now: 500 m² of B and 2 000 m² of C.
    assert sorted(result.removed.m2.tolist()) == [pytest.approx(500), pytest.approx(2000)]


def test_a_kept_piece_is_not_taken_by_the_balance_and_balancing_swap_outs_carry_the_given_reason():
    # 5 000 m² join north of A; the line itself balances them, C first by priority, but C is kept.
    reviewed = swap.Reviewed(objects([shapely.box(200, 0, 300, 100)]), np.array([False]), [STEEP], codes=["01"])
    inputs = swap.SwapInputs(
        line=three_cells(), must_in=objects([shapely.box(0, 100, 100, 150)]), must_in_reasons=["指定调入"],
        candidates=swap.Candidates(three_cells(), priority=np.array([1.0, 2.0, 3.0])), reviewed=reviewed,
        balance_out_reason="矛盾冲突调出",
    )
    result = swap.plan(inputs)
    assert result.removed.m2.sum() == pytest.approx(5000, abs=EXACT) and abs(result.balance_m2) <= EXACT
    assert union(result.removed.geoms).intersection(shapely.box(200, 0, 300, 100)).area < 1e-6
    assert union(result.removed.geoms).intersection(shapely.box(100, 0, 200, 100)).area == pytest.approx(
        5000, abs=EXACT)
    assert set(result.removed.reasons) == {"矛盾冲突调出"} and set(result.removed.codes) == {""}
    assert result.kept.m2.tolist() == [pytest.approx(10000)]


def test_review_flags_read_one_and_zero_only():
    values = [1, 0, "1", " 0 ", 1.0, True, False, None, 2, "x", "", 0.5, -1]
    leave, bad = swap.review_flags(values)
    assert leave[:7].tolist() == [True, False, True, False, True, True, False]
    assert bad.tolist() == [7, 8, 9, 10, 11, 12]


# --- the record -------------------------------------------------------------------------------------------


def test_codes_and_location():
    assert [changes.code_text(v) for v in (4, 4.0, "4", "04", " 12 ", "X1", None, "")] == [
        "04", "04", "04", "04", "12", "X1", "", ""]
    assert changes.reason_code(STEEP) == "01" and changes.reason_code(" 零星破碎 ") == "03"
    assert changes.reason_code("矛盾冲突调出") == "" and changes.reason_code(None) == ""
    assert changes.location_code("1504281010010000001") == "150428101001"
    assert changes.location_code("150428101") == "150428101" and changes.location_code(None) == ""


def test_rows_are_ordered_and_numbered_per_village_and_kind():
    village_a, village_b = "1504281010010000001", "1504281020030000002"
    inputs = changes.RecordInputs(
        kind=[changes.OUT, changes.IN, changes.OUT, changes.KEPT, changes.OUT, changes.IN],
        m2=np.array([100.0, 200.0, 300.0, 400.0, 500.0, 600.0]),
        class_m2=np.array([[100.0, 0, 0, 0], [200, 0, 0, 0], [0, 300, 0, 0], [400, 0, 0, 0], [0, 0, 500, 0],
                           [0, 0, 0, 600]]),
        location=[village_b, village_a, village_a, village_a, village_b, None],
        reasons=[STEEP, "进出平衡调入", PROJECT, NON_CULTIVATED, FRAGMENT, "进出平衡调入"],
        codes=["01", "", "02", "05", "03", ""], projects=["", "", "G1", "", "", ""],
        names=["B村", "A村", "A村", "A村", "B村", None], numbers=[None, None, None, "JB0042", None, None],
    )
    record = changes.record(inputs)
    assert record.piece.tolist() == [2, 0, 4, 5, 1, 3]  # out, in, kept; by village within each
    assert record.kind == ["2", "2", "2", "1", "1", "0"]
    assert record.number == ["150428101001000001HC", "150428102003000001HC", "150428102003000002HC",
                             "000001HR", "150428101001000001HR", "JB0042"]
    assert record.xzqdm == ["150428101001", "150428102003", "150428102003", None, "150428101001", "150428101001"]
    assert record.xzqmc == ["A村", "B村", "B村", None, "A村", "A村"]
    assert record.hcyy == ["02", "01", "03", None, None, "05"] and record.sjxmmc[0] == "G1"
    assert record.tbmj.tolist() == [300.0, 100.0, 500.0, 600.0, 200.0, 400.0]
    assert record.class_m2[2].tolist() == [0, 0, 500.0, 0]
    assert all(len(n) == 20 for n in record.number[:3])
    assert (record.total("2"), record.total("1"), record.total("0")) == (900.0, 800.0, 400.0)


def test_areas_in_cents_keep_the_total_and_each_row():
    # Three pieces of 0.004 m²: one cent in all, given to one of them.
    assert changes.round_keeping_sum([0.004, 0.004, 0.004]).tolist() == [1, 0, 0]
    assert changes.round_keeping_sum([1.236, 2.234, 3.0]).tolist() == [124, 223, 300]
    # Parts take the cents of their row: the larger remainder first, an empty part never.
    assert changes.split_cents([[1.005, 2.006, 0.0, 0.0]], [302]).tolist() == [[101, 201, 0, 0]]
    assert changes.split_cents([[0.0, 0.0, 0.0, 5.004]], [501]).tolist() == [[0, 0, 0, 501]]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.floats(0, 1e6), min_size=4, max_size=4), min_size=1, max_size=30))
def test_rounding_keeps_sums_and_stays_within_a_cent(rows):
    parts = np.array(rows)
    m2 = parts.sum(axis=1)
    cents = changes.round_keeping_sum(m2)
    assert cents.sum() == round(m2.sum() * 100)
    assert np.all(np.abs(cents / 100.0 - m2) < 0.01 + 1e-9)
    split = changes.split_cents(parts, cents)
    assert split.sum(axis=1).tolist() == cents.tolist()
    assert np.all(np.abs(split / 100.0 - parts) <= 0.02 + 1e-9)
    assert np.all(split[parts == 0] == 0)


def test_land_breakdown_by_the_land_use_or_by_the_pieces_own_classes():
    pieces = objects([shapely.box(0, 0, 100, 100), shapely.box(100, 0, 120, 100)])
    m2 = shapely.area(pieces)
    # Cultivated west half, forest east half; a construction parcel overlapping both counts for nothing
    # (overlapping parcels count once, for the first); the second piece lies under no parcel.
    codes = np.array(["0103", "0301", "0702"], dtype=object)
    asked = []
    landuse = changes.LandUse(
        objects([shapely.box(0, 0, 50, 100), shapely.box(50, 0, 100, 100), shapely.box(40, 0, 60, 100),
                 shapely.box(500, 0, 600, 100)]),
        lambda positions: asked.append(list(positions)) or codes[positions],
    )
    fallback = changes.own_groups(np.array(["0103", "0702"], dtype=object))
    by_overlay = changes.land_breakdown(pieces, m2, fallback, landuse)
    assert by_overlay.tolist() == [[5000, 5000, 0, 0], [0, 0, 2000, 0]]
    assert asked == [[0, 1, 2]]  # the codes of the parcels under a piece only
    shares = np.array([[1.0, 1.0, 0.0, 2.0], [np.nan] * 4])
    by_shares = changes.land_breakdown(pieces, m2, fallback, shares=shares)
    assert by_shares.tolist() == [[2500, 2500, 0, 5000], [0, 0, 2000, 0]]
    assert changes.own_groups(np.array([None, "1104A", "99"], dtype=object)).tolist() == [0, 1, 0]


def test_the_record_of_a_plan_adds_up_to_its_ledger():
    result = swap.plan(reviewed_case())
    moves = result.moves()
    pieces = np.concatenate([m.geoms for m in moves])
    m2 = np.concatenate([m.m2 for m in moves])
    class_m2 = changes.land_breakdown(pieces, m2, np.zeros(len(pieces), dtype=np.int64))
    record = changes.record(changes.from_moves(moves, class_m2, ["150428101001000"] * len(pieces)))
    rows = result.ledger([""] * len(pieces))
    totals = {r.direction: r.m2 for r in rows if r.kind == "total"}
    for direction, kind in changes.KIND_OF_DIRECTION.items():
        assert abs(record.total(kind) - totals[direction]) <= EXACT / 2
    assert np.allclose(record.class_m2.sum(axis=1), record.tbmj, rtol=0, atol=1e-6)
    assert np.all(np.abs(record.tbmj - shapely.area(pieces[record.piece])) < EXACT)
    assert record.kind.count("2") == 3 and record.kind.count("0") == 1
    assert sorted(record.hcyy[:3]) == ["01", "02", "03"] and record.hcyy[3] is None


def test_the_conflicts_words_shared_by_two_lines_get_each_line_its_own_code():
    assert changes.reason_code("矛盾冲突：永久基本农田", "epr") == "12"
    assert changes.reason_code("矛盾冲突：永久基本农田", "UDB") == "22"
    assert changes.reason_code("矛盾冲突：生态保护红线", "pbf") == "07"
    assert changes.reason_code("矛盾冲突：生态保护红线", "udb") == "23"
    assert changes.reason_code("矛盾冲突：城镇开发边界", "pbf") == "08"
    assert changes.reason_code("矛盾冲突：城镇开发边界", "epr") == "18"
    # By words alone, the first line's: the red line's 12 stays what it was before the boundary had it too.
    assert changes.reason_code("矛盾冲突：永久基本农田") == "12"
    assert changes.reason_code("零星破碎", "epr") == ""
