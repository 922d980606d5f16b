"""The pure core of the swap-out candidates (core.candidates): every reason, the precedence, fragments made
by a cut, the smallest piece, the land-class breakdown, overlaps, and an independent overlay.

No QGIS: areas are planar shapely areas; expected answers are hand-computed or come from plain unions.
"""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings, strategies as st

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import candidates as c  # noqa: E402 (the package is importable only now)
from planmaint.algorithms.core.indicator_rows import read_slope_grades  # noqa: E402 (importable only now)

B = shapely.box
MU = 10000.0 / 15.0


def arr(*geoms):
    out = np.empty(len(geoms), dtype=object)
    out[:] = list(geoms)
    return out


def find(pbf, landuse=None, codes=None, **options):
    """``c.find`` with the land use defaulting to one cultivated parcel per farmland feature."""
    pbf = arr(*pbf)
    if landuse is None:
        landuse, codes = pbf, ["0103"] * len(pbf)
    options.setdefault("min_piece_m2", 0.0)
    options.setdefault("min_area_m2", 0.0)  # no fragments unless a test asks for them
    for key in ("projects", "damaged", "unqualified", "hilly_zones", "conflict_epr", "conflict_udb"):
        if key in options and options[key] is not None:
            options[key] = arr(*options[key])
    return c.find(c.CandidateInputs(pbf=pbf, landuse=arr(*landuse), landuse_codes=np.array(codes, dtype=object),
                                    **options))


def by_reason(found):
    """{reason key: total m²} of the reasons that took anything."""
    return {c.REASONS[k].key: pytest.approx(m2) for k, m2 in enumerate(found.area_m2_by_reason()) if m2 > 0}


def union_of(found, reason_key):
    index = [r.key for r in c.REASONS].index(reason_key)
    return shapely.union_all(found.geoms[found.reason == index])


# --- land classes and slope grades ----------------------------------------------------------------------


@pytest.mark.parametrize("code, group", [
    ("0101", c.CULTIVATED), ("0103", c.CULTIVATED), ("01", c.CULTIVATED),
    ("0201", c.OTHER_AGRICULTURAL), ("0201K", c.OTHER_AGRICULTURAL), ("0307", c.OTHER_AGRICULTURAL),
    ("0401", c.OTHER_AGRICULTURAL), ("0404", c.UNUSED), ("05H1", c.CONSTRUCTION), ("0702", c.CONSTRUCTION),
    ("08H2", c.CONSTRUCTION), ("09", c.CONSTRUCTION), ("1003", c.CONSTRUCTION), ("1006", c.OTHER_AGRICULTURAL),
    ("1101", c.UNUSED), ("1104A", c.OTHER_AGRICULTURAL), ("1107A", c.OTHER_AGRICULTURAL), ("1109", c.CONSTRUCTION),
    ("1201", c.CONSTRUCTION), ("1202", c.OTHER_AGRICULTURAL), ("1203", c.OTHER_AGRICULTURAL), ("1207", c.UNUSED),
    ("10", c.NO_CLASS), ("11", c.NO_CLASS), ("011", c.NO_CLASS), ("", c.NO_CLASS), (None, c.NO_CLASS),
    ("abc", c.NO_CLASS), ("1399", c.NO_CLASS),
])
def test_land_groups_follow_the_three_categories(code, group):
    assert c.land_group(code) == group
    assert c.land_groups([code, "0101"]).tolist() == [group, c.CULTIVATED]


def test_slope_grades_read_numbers_and_name_the_rest():
    grades, bad = read_slope_grades([4, "5", 3.0, "4.0", None, "", " 2 ", "abc", 0, 7, 2.5, True])
    assert grades.tolist() == [4, 5, 3, 4, 0, 0, 2, 0, 0, 0, 0, 0]
    assert bad.tolist() == [7, 8, 9, 10, 11]


# --- each reason ----------------------------------------------------------------------------------------


def test_project_takes_its_ground_with_its_name_index():
    found = find([B(0, 0, 100, 100)], projects=[B(-50, -50, 40, 150), B(500, 500, 600, 600), B(40, 0, 60, 100)])
    assert by_reason(found) == {"project": 6000}
    assert sorted(zip(found.project.tolist(), found.area_m2.round(6).tolist())) == [(0, 4000.0), (2, 2000.0)]
    assert found.owner.tolist() == [0, 0]


def test_overlapping_projects_give_the_common_ground_to_the_first():
    found = find([B(0, 0, 100, 100)], projects=[B(0, 0, 60, 100), B(40, 0, 100, 100)])
    assert sorted(zip(found.project.tolist(), found.area_m2.round(6).tolist())) == [(0, 6000.0), (1, 4000.0)]


def test_damaged_and_unqualified_take_their_ground():
    found = find([B(0, 0, 100, 100), B(100, 0, 200, 100)], damaged=[B(0, 0, 30, 100)],
                 unqualified=[B(150, 0, 250, 100), B(180, 0, 300, 100)])
    assert by_reason(found) == {"damaged": 3000, "unqualified": 5000}
    assert union_of(found, "unqualified").equals(B(150, 0, 200, 100))


def test_non_cultivated_is_ground_under_a_parcel_of_another_known_class():
    pbf = [B(0, 0, 100, 100)]
    landuse = [B(0, 0, 50, 100), B(50, 0, 80, 100), B(80, 0, 90, 100), B(90, 0, 100, 100)]
    found = find(pbf, landuse, ["0702", "0102", "0301", "abc"])
    # 0702 construction and 0301 forest are not cultivated; a code of no class says nothing.
    assert by_reason(found) == {"non_cultivated": 6000}
    assert union_of(found, "non_cultivated").equals(shapely.union(B(0, 0, 50, 100), B(80, 0, 90, 100)))
    assert len(found) == 2  # two single-part pieces of one feature
    pieces = sorted(found.class_m2.round(6).tolist())
    assert pieces == [[0, 0, 5000, 0], [0, 1000, 0, 0]]


def test_steep_reads_the_farmland_grade_else_the_land_use_grade():
    pbf = [B(0, 0, 100, 100), B(100, 0, 200, 100)]
    landuse = [B(0, 0, 100, 100), B(100, 0, 150, 100), B(150, 0, 200, 100)]
    codes = ["0103", "0103", "0702"]
    own = find(pbf, landuse, codes, pbf_slope=np.array([4, 5]))
    # Only cultivated ground is steep; the 0702 half is non-cultivated first.
    assert by_reason(own) == {"steep": 15000, "non_cultivated": 5000}
    survey = find(pbf, landuse, codes, landuse_slope=np.array([3, 5, 5]))
    assert by_reason(survey) == {"steep": 5000, "non_cultivated": 5000}
    assert union_of(survey, "steep").equals(B(100, 0, 150, 100))
    assert by_reason(find(pbf, landuse, codes)) == {"non_cultivated": 5000}  # no grade given: nothing steep


def test_fragments_use_the_plain_and_the_hilly_threshold():
    side4 = (4 * MU) ** 0.5
    pbf = [B(0, 0, side4, side4), B(1000, 0, 1000 + side4, side4), B(2000, 0, 2100, 100)]
    found = find(pbf, min_area_m2=5 * MU, min_area_hilly_m2=3 * MU, hilly_zones=[B(900, -50, 1200, 200)])
    # 4 mu: a fragment in the plains (under 5), not in the hills (3); the 15 mu patch is none.
    assert found.owner.tolist() == [0]
    assert found.reason.tolist() == [c.I_FRAGMENT]
    assert found.n_patches == 3 and found.n_fragments == 1


def test_touching_features_form_one_patch_and_a_corner_does_not():
    side3 = (3 * MU) ** 0.5
    edge = find([B(0, 0, side3, side3), B(side3, 0, 2 * side3, side3)], min_area_m2=5 * MU)
    assert len(edge) == 0 and edge.n_patches == 1
    corner = find([B(0, 0, side3, side3), B(side3, side3, 2 * side3, 2 * side3)], min_area_m2=5 * MU)
    assert sorted(corner.owner.tolist()) == [0, 1] and corner.n_patches == 2


# --- precedence -----------------------------------------------------------------------------------------


ALL_REASONS = ("pbf_conflict_epr", "pbf_conflict_udb", "project", "damaged", "non_cultivated", "unqualified", "steep",
               "fragment")


@pytest.mark.parametrize("first", range(len(ALL_REASONS)))
def test_ground_meeting_several_reasons_is_listed_once_under_the_first(first):
    """One 2-mu parcel meets every reason from ``first`` on; it is listed once, under reason ``first``."""
    side = (2 * MU) ** 0.5
    parcel = B(0, 0, side, side)
    zone = [B(-1, -1, side + 1, side + 1)]
    on = set(ALL_REASONS[first:])
    found = find(
        [parcel], [parcel], ["0702" if "non_cultivated" in on else "0103"],
        projects=zone if "project" in on else None, damaged=zone if "damaged" in on else None,
        unqualified=zone if "unqualified" in on else None,
        conflict_epr=zone if "pbf_conflict_epr" in on else None,
        conflict_udb=zone if "pbf_conflict_udb" in on else None,
        pbf_slope=np.array([5 if "steep" in on else 2]), min_area_m2=5 * MU if "fragment" in on else 0.0,
    )
    assert len(found) == 1
    assert c.REASONS[found.reason[0]].key == ALL_REASONS[first]
    assert found.area_m2[0] == pytest.approx(2 * MU)


def test_overlapping_reasons_split_the_ground_without_double_counting():
    pbf = [B(0, 0, 100, 100)]
    landuse = [B(0, 0, 100, 50), B(0, 50, 100, 100)]
    found = find(pbf, landuse, ["0103", "0601"], projects=[B(0, 0, 25, 100)], damaged=[B(0, 0, 50, 100)],
                 unqualified=[B(0, 0, 100, 100)], pbf_slope=np.array([4]))
    assert by_reason(found) == {"project": 2500, "damaged": 2500, "non_cultivated": 2500, "unqualified": 2500}
    assert found.area_m2.sum() == pytest.approx(10000)
    assert shapely.union_all(found.geoms).area == pytest.approx(10000)  # no overlaps: the sum is the union


# --- fragments made by a cut, slivers -------------------------------------------------------------------


def test_a_cut_leaves_a_new_fragment():
    # A 15-mu parcel loses 13 mu to a project: the 2 mu left alone is a new fragment.
    width = 15 * MU / 100
    keep = 2 * MU / 100
    found = find([B(0, 0, width, 100)], projects=[B(keep, -10, width + 10, 110)], min_area_m2=5 * MU)
    assert by_reason(found) == {"project": 13 * MU, "fragment": 2 * MU}
    assert union_of(found, "fragment").equals(B(0, 0, keep, 100))


def test_a_cut_through_a_parcel_frees_only_the_detached_part():
    # Parcel 0 is cut in two by a road project: its west part still touches parcel 1 (a large patch), its
    # east part is alone and small.
    found = find([B(0, 0, 100, 20), B(-100, 0, 0, 100)], projects=[B(60, -10, 70, 30)], min_area_m2=5 * MU)
    assert by_reason(found) == {"project": 200, "fragment": 600}
    assert union_of(found, "fragment").equals(B(70, 0, 100, 20))


def test_slivers_under_the_smallest_piece_stay_and_may_still_leave_for_a_later_reason():
    # The project polygon overshoots into parcel 1 by 0.05 m along 100 m: a 5 m² sliver.
    pbf = [B(0, 0, 100, 100), B(100, 0, 200, 100)]
    found = find(pbf, projects=[B(-10, -10, 100.05, 110)], min_piece_m2=10.0)
    assert by_reason(found) == {"project": 10000}
    dropped = [0] * len(c.REASONS)
    dropped[c.I_PROJECT] = 1
    assert found.dropped.tolist() == dropped
    assert found.dropped_m2[c.I_PROJECT] == pytest.approx(5.0)
    # Parcel 1 is steep: the sliver is steep ground too, so it leaves as part of the steep piece.
    steep = find(pbf, projects=[B(-10, -10, 100.05, 110)], min_piece_m2=10.0, pbf_slope=np.array([1, 4]))
    assert by_reason(steep) == {"project": 10000, "steep": 10000}
    assert union_of(steep, "steep").equals(B(100, 0, 200, 100))


def test_fragments_are_listed_whatever_their_size():
    found = find([B(0, 0, 2, 2)], min_area_m2=5 * MU, min_piece_m2=10.0)
    assert by_reason(found) == {"fragment": 4}


# --- the land-class breakdown ---------------------------------------------------------------------------


def test_breakdown_adds_up_and_classes_unknown_ground_by_the_farmland_code():
    pbf = [B(0, 0, 100, 100)]
    landuse = [B(0, 0, 10, 100), B(10, 0, 20, 100), B(20, 0, 30, 100), B(30, 0, 40, 100), B(40, 0, 50, 100)]
    codes = ["0101", "0201", "0601", "1207", "zz"]  # the last: a code of no class; x 50–100: no parcel
    found = find(pbf, landuse, codes, projects=[B(-1, -1, 101, 101)], pbf_codes=np.array(["0404"], dtype=object))
    assert len(found) == 1
    assert found.class_m2[0].tolist() == pytest.approx([1000, 1000, 1000, 1000 + 6000])
    assert found.class_m2[0].sum() == pytest.approx(found.area_m2[0])
    assert found.unclassed_m2[0] == pytest.approx(6000)
    # Without a code of its own, farmland ground of no known class counts as cultivated.
    plain = find(pbf, landuse, codes, projects=[B(-1, -1, 101, 101)])
    assert plain.class_m2[0].tolist() == pytest.approx([7000, 1000, 1000, 1000])


def test_overlapping_farmland_and_land_use_count_once_for_the_first():
    pbf = [B(0, 0, 100, 100), B(50, 0, 150, 100)]  # the second overlaps the first by half
    landuse = [B(0, 0, 200, 100), B(0, 0, 100, 100)]  # the second duplicates part of the first
    found = find(pbf, landuse, ["0601", "0101"], pbf_slope=np.array([5, 5]))
    assert found.pbf_overlaps.tolist() == [1]
    assert found.landuse_overlaps.tolist() == [1]
    # Parcel 0 (construction) comes first and owns all its ground: the farmland is all non-cultivated.
    assert by_reason(found) == {"non_cultivated": 15000}
    assert found.class_m2.sum(axis=0).tolist() == pytest.approx([0, 0, 15000, 0])


def test_missing_and_empty_geometries_take_no_part():
    found = find([None, shapely.Polygon(), B(0, 0, 10, 10)], [B(0, 0, 10, 10)], ["0702"])
    assert found.owner.tolist() == [2]


def test_township_orders_the_pieces_of_a_reason():
    pbf = [B(0, 0, 10, 10), B(20, 0, 30, 10), B(40, 0, 50, 10)]
    found = find(pbf, projects=[B(-1, -1, 60, 11)], township=["150428102", "150428101", None],
                 damaged=[B(39, -1, 60, 11)])
    assert found.owner.tolist() == [2, 1, 0]  # '' before 101 before 102
    assert found.hectares_by_township() == {"150428101": pytest.approx(0.01), "150428102": pytest.approx(0.01)}


def test_progress_may_cancel():
    class Stop(Exception):
        pass

    seen = []

    def progress(percent):
        seen.append(percent)
        if percent >= 40:
            raise Stop

    with pytest.raises(Stop):
        find([B(0, 0, 10, 10)], progress=progress)
    assert seen[-1] == 40 and seen == sorted(seen)


# --- against an independent overlay ---------------------------------------------------------------------


def independent(pbf, landuse, codes, slope, zones_given, min_area_m2):
    """Per-reason m² computed with unions only (no pieces, no pairs), the rules read literally."""
    ground = shapely.union_all(pbf)
    # Where farmland features overlap, the first one's slope grade holds.
    own = [shapely.difference(g, shapely.union_all(pbf[:k])) for k, g in enumerate(pbf)]
    groups = c.land_groups(codes)
    non_cultivated = shapely.union_all(landuse[(groups >= 0) & (groups != c.CULTIVATED)])
    steep = shapely.intersection(shapely.union_all(landuse[groups == c.CULTIVATED]),
                                 shapely.union_all([g for g, s in zip(own, slope) if s >= c.STEEP_MIN_GRADE]))
    conflict_epr, conflict_udb, projects, damaged, unqualified = zones_given
    zones = [shapely.union_all(conflict_epr), shapely.union_all(conflict_udb), shapely.union_all(projects),
             shapely.union_all(damaged), non_cultivated, shapely.union_all(unqualified), steep]
    out, rest = [], ground
    for zone in zones:
        if zone.is_empty:  # GEOS warns on an overlay with an empty collection
            out.append(0.0)
            continue
        out.append(shapely.intersection(rest, zone).area)
        rest = shapely.difference(rest, zone)
    parts = shapely.get_parts(rest)
    out.append(float(sum(p.area for p in parts if p.area < min_area_m2)))
    return np.array(out)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # GEOS's own arithmetic
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_random_grid_matches_an_independent_overlay(seed):
    rng = np.random.default_rng(seed)
    n = 8
    cells = [B(i * 10, j * 10, i * 10 + 10, j * 10 + 10) for i in range(n) for j in range(n)]
    landuse = arr(*cells)
    codes = rng.choice(["0101", "0103", "0702", "0301", "1101"], len(cells), p=[.35, .35, .1, .1, .1])
    # Farmland: random blocks of 1–3 cells, shifted off the land-use grid by up to 3 m.
    pbf = []
    for _ in range(int(rng.integers(5, 15))):
        x, y = rng.integers(0, n - 1, 2) * 10 + rng.uniform(-3, 3, 2)
        w, h = rng.integers(1, 3, 2) * 10
        pbf.append(B(x, y, x + w, y + h))
    pbf = arr(*pbf)
    slope = rng.integers(1, 6, len(pbf))

    def rects(k):
        return arr(*[B(x, y, x + w, y + h) for x, y, w, h in
                     zip(*rng.uniform(0, 70, (2, k)), *rng.uniform(3, 25, (2, k)))])

    zones = conflict_epr, conflict_udb, projects, damaged, unqualified = [rects(2) for _ in range(5)]
    found = c.find(c.CandidateInputs(pbf=pbf, landuse=landuse, landuse_codes=codes, pbf_slope=slope,
                                     conflict_epr=conflict_epr, conflict_udb=conflict_udb, projects=projects,
                                     damaged=damaged, unqualified=unqualified, min_area_m2=150.0, min_piece_m2=0.0))
    expected = independent(pbf, landuse, codes, slope, zones, 150.0)
    assert found.area_m2_by_reason() == pytest.approx(expected, abs=1e-6)
    # Pieces are disjoint, inside the farmland, and their breakdown adds up.
    assert shapely.union_all(found.geoms).area == pytest.approx(found.area_m2.sum(), abs=1e-6)
    assert shapely.difference(shapely.union_all(found.geoms), shapely.union_all(pbf)).area == pytest.approx(0, abs=1e-6)
    assert found.class_m2.sum(axis=1) == pytest.approx(found.area_m2)


# --- the settled conflicts of the lines -------------------------------------------------------------------


def test_settled_conflicts_are_listed_down_to_a_square_metre_whatever_the_smallest_piece():
    """The settlement's overlaps must all leave: a 5 m² one is listed with the default 10 m² smallest piece; a
    0.5 m² one (under the settlement's own 1 m²) is not, and a project sliver of 5 m² still is not."""
    pbf = [B(0, 0, 100, 100), B(100, 0, 200, 100)]
    found = find(pbf, conflict_epr=[B(0, 0, 50, 100), B(195, 0, 200, 1)], conflict_udb=[B(150, 99.9, 155, 100)],
                 projects=[B(-10, -10, 100.05, 110)], min_piece_m2=10.0)
    assert by_reason(found) == {"pbf_conflict_epr": 5000 + 5, "project": 5000}
    assert found.dropped[c.I_CONFLICT_UDB] == 1 and found.dropped_m2[c.I_CONFLICT_UDB] == pytest.approx(0.5)
    assert found.dropped[c.I_PROJECT] == 1
    small = found.geoms[(found.reason == c.I_CONFLICT_EPR) & (found.area_m2 < 10)]
    assert len(small) == 1 and shapely.equals(small[0], B(195, 0, 200, 1))
    assert found.owner[found.reason == c.I_CONFLICT_EPR].tolist() == [0, 1]


def test_ground_yielded_to_both_other_lines_is_listed_once_under_the_red_line():
    found = find([B(0, 0, 100, 100)], conflict_epr=[B(0, 0, 60, 100)], conflict_udb=[B(40, 0, 100, 100)])
    assert by_reason(found) == {"pbf_conflict_epr": 6000, "pbf_conflict_udb": 4000}
    assert [c.REASONS[k].code for k in found.reason] == ["07", "08"]
