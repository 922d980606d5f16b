"""The pure core of the edge swap (core.swap): clipping, contacts, growth order, the exact cut, gap closing.

No QGIS: areas are planar shapely areas, answers are computed independently (unions, hand-counted orders).
"""
import numpy as np
import pytest
import shapely
import shapely.affinity
from hypothesis import given, settings, strategies as st

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import swap, swap_overlay  # noqa: E402 (the package is importable only now)


def planar(geoms):
    return shapely.area(np.asarray(geoms, dtype=object))


def grid(nx, ny, side=10.0, x0=0.0, y0=0.0):
    """Row-major grid of squares: index = row * nx + column."""
    return np.array(
        [shapely.box(x0 + i * side, y0 + j * side, x0 + (i + 1) * side, y0 + (j + 1) * side)
         for j in range(ny) for i in range(nx)],
        dtype=object,
    )


def test_chunks_cover_every_segment_once():
    ring = shapely.Point(0, 0).buffer(100, quad_segs=64).exterior  # 257 vertices
    line = shapely.LineString([(0, 0), (5, 0)])
    chunks, owner = swap.chunk_lines(np.array([ring, line], dtype=object), max_vertices=10)
    assert set(owner) == {0, 1}
    assert max(shapely.get_num_coordinates(chunks)) <= 10
    assert shapely.length(chunks[owner == 0]).sum() == pytest.approx(ring.length, rel=1e-12)
    assert shapely.union_all(chunks[owner == 0]).equals(shapely.LineString(ring.coords))


def test_boundary_chunks_of_exterior_only_skip_holes():
    donut = shapely.box(0, 0, 10, 10).difference(shapely.box(4, 4, 6, 6))
    all_chunks, _ = swap.boundary_chunks(np.array([donut], dtype=object))
    outer, _ = swap.boundary_chunks(np.array([donut], dtype=object), exterior_only=True)
    assert shapely.length(all_chunks).sum() == pytest.approx(48)
    assert shapely.length(outer).sum() == pytest.approx(40)


def test_edge_contacts_need_a_shared_stretch_not_a_corner():
    line = np.array([shapely.box(0, 0, 10, 10)], dtype=object)
    chunks, _ = swap.boundary_chunks(line)
    units = np.array([
        shapely.box(10, 0, 20, 10),  # shares the east side
        shapely.box(10, 10, 20, 20),  # corner only
        shapely.box(11, 0, 20, 10),  # 1 m away
        shapely.box(10, 5, 12, 30),  # shares half of the east side
    ], dtype=object)
    ui, _ = swap.edge_contacts(units, chunks)
    assert sorted(set(ui.tolist())) == [0, 3]


def test_an_edge_copied_a_rounding_apart_is_a_contact_on_every_geos():
    """The line's edge and the unit's edge are two overlay results of one cut (the line's copy bends by 1e-9 m
    at a vertex of its own): GEOS 3.11 sees the two touch at points, GEOS 3.13 along the edge. Within
    CONTACT_TOLERANCE_M it is an edge either way; a corner stays a corner and 1 mm away stays apart."""
    x0, y0 = 501422.9428422574, 4697317.234412899
    line = np.array([shapely.Polygon([(x0 - 50, y0), (x0, y0), (x0 + 13.365 + 1e-9, y0 + 53.46), (x0 + 30, y0 + 120),
                                      (x0 - 50, y0 + 120)])], dtype=object)
    chunks, _ = swap.boundary_chunks(line)
    edge_unit = shapely.Polygon([(x0, y0), (x0 + 40, y0), (x0 + 30, y0 + 120)])
    corner_unit = shapely.Polygon([(x0 + 30, y0 + 120), (x0 + 60, y0 + 120), (x0 + 60, y0 + 150)])
    apart_unit = shapely.affinity.translate(edge_unit, 1e-3, 0)
    ui, _ = swap.edge_contacts(np.array([edge_unit, corner_unit, apart_unit], dtype=object), chunks)
    assert sorted(set(ui.tolist())) == [0]


def test_overlap_pairs_ignore_touching_and_match_a_brute_force_check():
    rng = np.random.default_rng(7)
    cells = grid(12, 12)  # a coverage: neighbours touch, never overlap
    blobs = np.array(
        [shapely.Point(x, y).buffer(r, quad_segs=4) for x, y, r in rng.uniform([0, 0, 2], [120, 120, 12], (30, 3))]
        + [shapely.Point(60, 60).buffer(30, quad_segs=300)],  # over 1 000 vertices: the prepared side
        dtype=object,
    )
    assert shapely.get_num_coordinates(blobs[-1]) > swap.COMPLEX_VERTICES
    for geoms, others in ((cells, blobs), (blobs, cells), (cells, cells)):
        gi, oj = swap.overlap_pairs(geoms, others, same=geoms is others)
        got = set(zip(gi.tolist(), oj.tolist()))
        want = {
            (i, j) for i in range(len(geoms)) for j in range(len(others))
            if not (geoms is others and i == j) and shapely.relate_pattern(geoms[i], others[j], "T********")
        }
        assert got == want


def test_subtract_and_make_disjoint():
    geoms = np.array([shapely.box(0, 0, 10, 10), shapely.box(20, 0, 30, 10), shapely.box(40, 0, 50, 10)],
                     dtype=object)
    blockers = np.array([shapely.box(5, 0, 15, 10), shapely.box(19, -1, 31, 11)]
                        + [shapely.box(40 + k, 0, 40.5 + k, 10) for k in range(10)], dtype=object)
    gi, oj = swap.overlap_pairs(geoms, blockers)
    out = swap.subtract(geoms, blockers, gi, oj)
    assert out[0].equals(shapely.box(0, 0, 5, 10))
    assert out[1] is None  # wholly covered
    assert shapely.area(out[2]) == pytest.approx(50)  # ten blockers: unioned first, same answer
    overlapping = np.array([shapely.box(0, 0, 10, 10), shapely.box(5, 0, 15, 10), shapely.box(8, 0, 20, 10)],
                           dtype=object)
    disjoint = swap.make_disjoint(overlapping, rank=np.array([1, 0, 2]))
    assert disjoint[1].equals(shapely.box(5, 0, 15, 10))  # best rank keeps everything
    assert disjoint[0].equals(shapely.box(0, 0, 5, 10))
    assert disjoint[2].equals(shapely.box(15, 0, 20, 10))
    assert shapely.area(disjoint).sum() == pytest.approx(shapely.union_all(overlapping).area)


def _grow(units, line, need, priority, **kw):
    chunks, _ = swap.boundary_chunks(np.array([line], dtype=object))
    ui, _ = swap.edge_contacts(units, chunks)
    seeds = np.zeros(len(units), dtype=bool)
    seeds[ui] = True
    pointer, neighbours = swap.unit_neighbours(units)
    return swap.grow(planar(units), priority, np.arange(len(units)), seeds, pointer, neighbours, need, **kw)


def test_growth_prefers_adjacent_then_priority():
    line = shapely.box(-10, 0, 0, 10)
    units = grid(4, 1)  # x 0..40 in a row; unit 0 touches the line
    units = np.r_[units, np.array([shapely.box(100, 0, 110, 10)], dtype=object)]  # detached, best priority
    priority = np.array([1, 1, 1, 1, 9.0])
    g = _grow(units, line, 250.0, priority)
    assert g.taken == [0, 1] and g.last == 2 and g.last_target == pytest.approx(50)
    g = _grow(units, line, 250.0, priority, adjacent_first=False)
    assert g.taken == [4, 0] and g.last == 1 and g.last_target == pytest.approx(50)
    # Once nothing adjacent is left, a detached unit starts a new front...
    g = _grow(units, line, 450.0, priority)
    assert g.taken == [0, 1, 2, 3] and g.last == 4 and g.last_target == pytest.approx(50)
    # ...unless detached units are not allowed (swap-outs: they would leave holes).
    g = _grow(units, line, 450.0, priority, allow_detached=False)
    assert g.taken == [0, 1, 2, 3] and g.last == -1 and g.gap == pytest.approx(50)


def test_growth_follows_best_neighbour_through_the_graph():
    # 3 x 3 grid right of the line; priorities steer the front to the top row first.
    line = shapely.box(-10, 0, 0, 30)
    units = grid(3, 3)
    priority = np.array([0, 0, 0, 1, 1, 1, 5, 5, 5.0])
    g = _grow(units, line, 300.0, priority)
    assert g.taken == [6, 7, 8]
    # Without split, a unit too big for the rest is skipped and smaller ones fill the gap.
    small = np.array([shapely.box(10, 0, 12, 5), shapely.box(0, 0, 10, 10), shapely.box(0, 10, 10, 11)],
                     dtype=object)
    g = _grow(small, shapely.box(-10, 0, 0, 20), 21.0, np.array([0, 9, 1.0]), split=False, tolerance=0.5)
    assert g.taken == [2, 0] and g.gap == pytest.approx(1)
    assert g.state[1] == swap.SKIPPED


@pytest.mark.parametrize("target", [0.004, 1.0, 37.25, 612.5, 999.9])
def test_cut_is_exact_and_lies_against_the_contact(target):
    line = shapely.box(-50, 0, 0, 40)
    unit = shapely.Polygon([(0, 0), (25, 3), (30, 40), (0, 40)])  # shares x=0 with the line
    contact = swap.contact_between(unit, [line])
    assert contact.length == pytest.approx(40)
    piece, area = swap.cut_to_area(unit, target, contact, planar)
    assert abs(piece.area - target) <= swap.SPLIT_TOLERANCE_M2 and area == pytest.approx(piece.area)
    assert shapely.relate_pattern(piece, contact, "***1*****")
    assert unit.buffer(1e-9).covers(piece)
    if target > 1:
        # A straight cut parallel to the shared edge: the piece is the strip x <= c.
        assert shapely.bounds(piece)[0] == pytest.approx(0)


def test_cut_round_a_corner_uses_a_band_and_stays_against_the_line():
    # The line is a square; the unit wraps around its north-east corner (an L), touching both sides.
    line = shapely.box(0, 0, 10, 10)
    unit = shapely.box(0, 0, 20, 20).difference(line)
    contact = swap.contact_between(unit, [line])
    for target in (5.0, 55.5, 200.0):
        piece, area = swap.cut_to_area(unit, target, contact, planar)
        assert abs(piece.area - target) <= swap.SPLIT_TOLERANCE_M2
        for part in shapely.get_parts(piece):
            assert shapely.relate_pattern(part, contact, "***1*****")


def test_cut_of_a_detached_unit_keeps_the_near_side():
    unit = shapely.box(100, 0, 120, 10)
    near = shapely.Point(100, 5)  # the unit's point nearest the line, which lies to the west
    piece, _ = swap.cut_to_area(unit, 50.0, near, planar)
    assert abs(piece.area - 50) <= swap.SPLIT_TOLERANCE_M2
    assert shapely.bounds(piece)[0] == pytest.approx(100) and shapely.bounds(piece)[2] == pytest.approx(105)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(1, 30), st.floats(1, 30)), min_size=3, max_size=8),
    st.floats(0.01, 0.99),
)
def test_cut_hits_any_target_of_any_polygon(points, fraction):
    unit = shapely.make_valid(shapely.Polygon([(0, 0)] + [(x, y) for x, y in points] + [(0, 30)]))
    unit = max(shapely.get_parts(unit), key=lambda p: p.area) if unit.geom_type != "Polygon" else unit
    if unit.geom_type != "Polygon" or unit.area < 1:
        return
    contact = swap.contact_between(unit, [shapely.box(-10, -1, 0, 31)])
    if contact is None:
        contact = shapely.Point(unit.exterior.coords[0])
    piece, area = swap.cut_to_area(unit, fraction * unit.area, contact, planar)
    assert abs(piece.area - fraction * unit.area) <= swap.SPLIT_TOLERANCE_M2
    assert unit.buffer(1e-6).covers(piece)


def test_close_gap_adds_or_exchanges_whole_units():
    # Four units stacked along the line, all touching it: 100, 60, 45 and 30 m², best priority first.
    line = shapely.box(-10, 0, 0, 40)
    widths = [10, 6, 4.5, 3]
    units = np.array([shapely.box(0, 10 * k, w, 10 * k + 10) for k, w in enumerate(widths)], dtype=object)
    area = planar(units)
    chunks, _ = swap.boundary_chunks(np.array([line], dtype=object))
    ui, _ = swap.edge_contacts(units, chunks)
    seeds = np.zeros(len(units), dtype=bool)
    seeds[ui] = True
    assert seeds.all()
    pointer, neighbours = swap.unit_neighbours(units)
    priority = np.array([4, 3, 2, 1.0])
    # Need 175 within 0.5: greedy takes 100 + 60, then 45 and 30 do not fit the 15 left.
    g = swap.grow(area, priority, np.arange(4), seeds, pointer, neighbours, 175.0, split=False, tolerance=0.5)
    assert g.taken == [0, 1] and g.gap == pytest.approx(15)
    # No single or pair of changes makes 15; giving back the 60 and adding 45 + 30 does.
    graph = swap.UnitGraph(area, priority, np.arange(4), seeds, pointer, neighbours)
    rule = swap.GrowthRule(split=False, tolerance=0.5)
    added, removed = swap.close_gap(g, graph, g.gap, rule)
    assert sorted(added) == [2, 3] and removed == [1]
    # Nothing sums to 840.
    assert swap.close_gap(g, graph, 840.0, rule) is None
    # Without detached units, a unit reachable only through one that does not fit is never used:
    # 100 + 30 would make 130, but the 30 lies beyond the 60.
    chain = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 16, 10), shapely.box(16, 0, 19, 10)],
                     dtype=object)
    chain_seeds = np.array([True, False, False])
    p2, n2 = swap.unit_neighbours(chain)
    g = swap.grow(planar(chain), np.array([3, 2, 1.0]), np.arange(3), chain_seeds, p2, n2, 130.0,
                  split=False, tolerance=0.5, allow_detached=False)
    assert g.taken == [0] and g.gap == pytest.approx(30) and g.state[1] == swap.SKIPPED
    chain_graph = swap.UnitGraph(planar(chain), np.array([3, 2, 1.0]), np.arange(3), chain_seeds, p2, n2)
    assert swap.close_gap(g, chain_graph, g.gap, swap.GrowthRule(split=False, tolerance=0.5,
                                                                 allow_detached=False)) is None
    # With detached units allowed, the 30 may start its own front and closes the gap.
    g = swap.grow(planar(chain), np.array([3, 2, 1.0]), np.arange(3), chain_seeds, p2, n2, 130.0,
                  split=False, tolerance=0.5)
    assert g.taken == [0, 2] and abs(g.gap) <= 0.5


def test_reachable_area_counts_only_connected_units():
    units = np.r_[grid(2, 1), np.array([shapely.box(100, 0, 110, 10)], dtype=object)]
    pointer, neighbours = swap.unit_neighbours(units)
    seeds = np.array([True, False, False])
    assert swap.reachable_area(planar(units), seeds, pointer, neighbours) == pytest.approx(200)


def test_subtract_when_every_feature_is_cut_by_many_others():
    # One square cut by twelve small squares: the many-cutters path alone, no pair left for the rounds.
    # (A UDB edge swap on a 100 000-parcel county crashed here once.)
    square = np.array([shapely.box(0, 0, 12, 12)], dtype=object)
    cutters = np.array([shapely.box(k, 0, k + 0.5, 1) for k in range(12)], dtype=object)
    out = swap.subtract(square, cutters, np.zeros(12, dtype=np.int64), np.arange(12))
    assert abs(shapely.area(out[0]) - (144 - 12 * 0.5)) < 1e-9
    mixed = np.array([shapely.box(0, 0, 12, 12), shapely.box(20, 0, 22, 2)], dtype=object)
    gi = np.r_[np.zeros(12, dtype=np.int64), 1]
    oj = np.r_[np.arange(12), 0]
    others = np.r_[cutters, np.array([shapely.box(20, 0, 21, 2)], dtype=object)]
    oj[-1] = 12
    out = swap.subtract(mixed, others, gi, oj)
    assert abs(shapely.area(out[0]) - 138) < 1e-9 and abs(shapely.area(out[1]) - 2) < 1e-9


def test_clip_to_takes_inside_parcels_whole_and_cuts_the_rest():
    # A red line of 2 000 vertices (a densified circle) over a grid of parcels: those inside come back as
    # they are, those across its edge are cut, and every piece is exactly the overlay's ground.
    line = np.array([shapely.Point(50, 50).buffer(37, quad_segs=500)], dtype=object)
    assert shapely.get_num_coordinates(line[0]) > swap.COMPLEX_VERTICES
    parcels = grid(10, 10)
    gi, oj = swap.overlap_pairs(parcels, line)
    pieces = swap.clip_to(parcels, line, gi, oj)
    expected = shapely.intersection(parcels[gi], line[oj])
    np.testing.assert_allclose(planar(pieces), planar(expected), rtol=0, atol=1e-9)
    assert all(shapely.equals(p, e) for p, e in zip(pieces, expected))
    inside = shapely.contains_properly(line[0], parcels[gi])
    assert 0 < inside.sum() < len(gi)
    assert all(p is parcels[i] for p, i in zip(pieces[inside], gi[inside]))  # untouched, no overlay
    assert not any(p is parcels[i] for p, i in zip(pieces[~inside], gi[~inside]))
    assert len(swap.clip_to(parcels, line, [], [])) == 0


def test_subtract_removes_features_a_complex_line_covers_even_along_its_edge():
    # Parcels cut out of a 2 000-vertex red line share its edge exactly: covered, hence gone, though they
    # are not inside clear of the edge and the overlay may leave nanometre slivers along it.
    line = shapely.Point(50, 50).buffer(37, quad_segs=500)
    assert shapely.get_num_coordinates(line) > swap.COMPLEX_VERTICES
    cells = grid(10, 10)
    inside_cut = shapely.intersection(cells, line)  # the cells' parts inside, boundary on the line's edge
    inside_cut = inside_cut[~shapely.is_empty(inside_cut)]
    across = shapely.box(80, 45, 95, 55)  # crosses the edge
    parcels = np.concatenate([inside_cut, [across, shapely.box(200, 200, 210, 210)]]).astype(object)
    others = np.array([line], dtype=object)
    gi, oj = swap.overlap_pairs(parcels, others)
    out = swap.subtract(parcels, others, gi, oj)
    n = len(inside_cut)
    assert all(g is None for g in out[:n])
    assert out[n].equals(shapely.difference(across, line))
    assert out[n + 1] is parcels[n + 1]  # overlaps nothing: untouched
    # The same parcel twice: gone by the cheap identity test.
    same = np.array([parcels[n + 1]], dtype=object)
    assert swap.subtract(same, same.copy(), [0], [0])[0] is None


def test_a_rounding_sliver_of_a_covered_feature_is_dropped_but_real_ground_is_kept():
    # What an overlay with a complex line may leave along a shared edge: a sliver of 1e-9 m² of a parcel
    # the line covers. covers() has the last word: gone. A parcel that truly sticks out keeps its ground,
    # however small.
    line = shapely.box(0, 0, 100, 100)
    covered_parcel = shapely.box(0, 0, 10, 10)
    sticking_out = shapely.box(90, 0, 100 + 1e-9, 10)
    sliver = shapely.box(0, 0, 1e-9, 1)
    real_bit = shapely.box(100, 0, 100 + 1e-9, 10)
    out = np.array([sliver, real_bit], dtype=object)
    geoms = np.array([covered_parcel, sticking_out], dtype=object)
    swap_overlay._drop_covered_slivers(out, geoms, np.array([line], dtype=object), np.array([0, 1]), np.array([0, 0]))
    assert out[0] is None
    assert out[1] is real_bit


def test_intersection_near_a_large_line_is_the_whole_overlay():
    # A red line of 3 200 vertices whose boundary has one long chord (500 m): parcels straddling its edge,
    # one lying across the chord (the clip shortens the chord, so that parcel is overlaid with the whole
    # line), one wholly outside, and a small line that is never clipped.
    ring = np.asarray(shapely.Point(0, 0).buffer(1000, quad_segs=800).exterior.coords)[:-1]
    angle = np.arctan2(ring[:, 1], ring[:, 0])
    keep = ~((angle > 0.2) & (angle < 0.7))  # the chord joins the two ends of the gap
    line = shapely.Polygon(ring[keep])
    assert shapely.get_num_coordinates(line) > swap.CLIP_VERTICES
    rng = np.random.default_rng(5)
    theta = rng.uniform(-np.pi, np.pi, 300)
    size = rng.uniform(2, 30, 300)
    x, y = 1000 * np.cos(theta), 1000 * np.sin(theta)
    parcels = list(shapely.box(x - size, y - size, x + size, y + size))
    gap = np.flatnonzero(~keep)
    chord = shapely.LineString([ring[gap.min() - 1], ring[gap.max() + 1]])
    assert chord.length > 400
    middle = chord.interpolate(0.5, normalized=True)
    across_chord = shapely.box(middle.x - 10, middle.y - 10, middle.x + 10, middle.y + 10)
    parcels += [across_chord, shapely.box(5000, 5000, 5010, 5010)]
    small = np.array(parcels, dtype=object)
    large = np.array([line] * len(small), dtype=object)
    near = swap.polygonal(swap.intersection_near(small, large))
    whole = swap.polygonal(shapely.intersection(small, large))
    assert shapely.to_wkb(near).tolist() == shapely.to_wkb(whole).tolist()
    assert near[-2] is not None and near[-1] is None
    box = np.array([shapely.bounds(across_chord) + np.array([-40, -40, 40, 40])])
    clip = np.array([shapely.clip_by_rect(line, *box[0])], dtype=object)
    assert swap_overlay._meets_box_edges(np.array([across_chord], dtype=object), clip, box).tolist() == [True]
    # Below CLIP_VERTICES nothing is clipped: the same overlay as before, pair for pair.
    plain = shapely.Point(0, 0).buffer(1000, quad_segs=16)
    few = np.array([plain] * len(small), dtype=object)
    assert shapely.to_wkb(swap.intersection_near(small, few)).tolist() == shapely.to_wkb(
        shapely.intersection(small, few)).tolist()
