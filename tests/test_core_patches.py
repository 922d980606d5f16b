"""The pure patch labelling (core.patches): which polygons form one patch, checked against independent answers.

No QGIS here: the answers come from shapely's union (what a dissolve + "multipart to single parts" gives)
and from a plain breadth-first search over the edges.
"""
from collections import deque

import numpy as np
import shapely
from hypothesis import given, settings, strategies as st

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core.patches import (  # noqa: E402 (the package is importable only now)
    adjacency_and_overlaps,
    adjacency_pairs,
    connected_components,
    label_patches,
    label_patches_with_overlaps,
    patch_sums,
)


def box(x, y, w=1.0, h=1.0):
    return shapely.box(x, y, x + w, y + h)


def partition(labels):
    """The patches as a set of frozensets of feature indices (labels -1 left out)."""
    groups = {}
    for i, label in enumerate(labels):
        if label >= 0:
            groups.setdefault(label, set()).add(i)
    return {frozenset(g) for g in groups.values()}


def union_partition(geoms):
    """Independent answer: dissolve everything, split into parts, and file each polygon under its part."""
    present = [i for i, g in enumerate(geoms) if g is not None and not g.is_empty]
    parts = shapely.get_parts(shapely.union_all([geoms[i] for i in present]))
    groups = {}
    for i in present:
        inside = [k for k, part in enumerate(parts) if part.contains(geoms[i].representative_point())]
        assert len(inside) == 1
        groups.setdefault(inside[0], set()).add(i)
    return {frozenset(g) for g in groups.values()}


def bfs_partition(n, left, right):
    neighbours = [[] for _ in range(n)]
    for a, b in zip(left, right):
        neighbours[a].append(b)
        neighbours[b].append(a)
    seen, groups = [False] * n, set()
    for start in range(n):
        if seen[start]:
            continue
        seen[start], queue, group = True, deque([start]), set()
        while queue:
            node = queue.popleft()
            group.add(node)
            for other in neighbours[node]:
                if not seen[other]:
                    seen[other] = True
                    queue.append(other)
        groups.add(frozenset(group))
    return groups


# --- adjacency ----------------------------------------------------------------------------------------


def test_shared_edge_joins_and_corner_contact_does_not():
    geoms = np.array([box(0, 0), box(1, 0), box(2, 1)], dtype=object)  # 0–1 share an edge, 1–2 a corner
    labels, n = label_patches(geoms)
    assert n == 2
    assert partition(labels) == {frozenset({0, 1}), frozenset({2})}
    assert partition(labels) == union_partition(list(geoms))


def test_partial_edge_and_overlap_join():
    # A square sharing only part of an edge, and one overlapping the first: all one patch.
    geoms = np.array([box(0, 0), box(1, 0.5), box(-0.5, -0.5)], dtype=object)
    labels, n = label_patches(geoms)
    assert n == 1 and set(labels) == {0}


def test_corner_contact_joins_within_a_merge_distance():
    geoms = np.array([box(0, 0), box(1, 1)], dtype=object)
    assert label_patches(geoms)[1] == 2
    assert label_patches(geoms, merge_distance=0.01)[1] == 1


def test_merge_distance_bridges_only_gaps_narrower_than_it():
    geoms = np.array([box(0, 0), box(1.5, 0), box(4, 0)], dtype=object)  # gaps of 0.5 and 1.5
    assert label_patches(geoms, 0)[1] == 3
    assert label_patches(geoms, 0.4)[1] == 3
    assert partition(label_patches(geoms, 1.0)[0]) == {frozenset({0, 1}), frozenset({2})}
    assert label_patches(geoms, 2.0)[1] == 1


def test_long_chain_is_one_patch_in_any_order():
    # A chain in reverse order is the worst case for naive hooking: every round only halves it.
    n = 3000
    geoms = np.array([box(float(i), 0) for i in range(n)][::-1], dtype=object)
    labels, count = label_patches(geoms)
    assert count == 1 and (labels == 0).all()
    # A snake that folds back on itself, shuffled.
    # Rows on even y, each joined to the next by one cell at alternate ends.
    cells = [(x, 2 * r) for r in range(20) for x in range(50)]
    cells += [(49 if r % 2 == 0 else 0, 2 * r + 1) for r in range(19)]
    rng = np.random.default_rng(3)
    order = rng.permutation(len(cells))
    snake = np.array([box(*cells[k]) for k in order], dtype=object)
    assert label_patches(snake)[1] == 1
    # Without one turn cell the snake falls in two.
    assert label_patches(snake[[cells[k] != (0, 19) for k in order]])[1] == 2


def test_missing_and_empty_geometries_are_never_patches():
    geoms = np.array([box(0, 0), None, shapely.Polygon(), box(1, 0), None], dtype=object)
    labels, n = label_patches(geoms)
    assert n == 1
    assert labels.tolist() == [0, -1, -1, 0, -1]
    labels, n = label_patches(np.array([None, None], dtype=object))
    assert labels.tolist() == [-1, -1] and n == 0
    assert label_patches(np.empty(0, dtype=object))[1] == 0
    left, right = adjacency_pairs(np.array([None, box(0, 0)], dtype=object))
    assert len(left) == len(right) == 0


def test_labels_are_numbered_in_order_of_first_feature():
    geoms = np.array([box(10, 0), box(0, 0), box(11, 0), box(5, 5), box(1, 0)], dtype=object)
    labels, n = label_patches(geoms)
    assert n == 3
    assert labels.tolist() == [0, 1, 0, 2, 1]


def test_overlaps_are_told_apart_from_contact():
    # 0–1 overlap, 1–2 share an edge, 3 lies inside 2, 4 duplicates 0, 5 meets 2 at a corner only.
    geoms = np.array([box(0, 0), box(0.5, 0), box(1.5, 0), box(1.6, 0.1, 0.2, 0.2), box(0, 0), box(2.5, 1)],
                     dtype=object)
    left, right, overlap = adjacency_and_overlaps(geoms)
    pairs = {(int(a), int(b)): bool(o) for a, b, o in zip(left, right, overlap)}
    assert pairs == {(0, 1): True, (0, 4): True, (1, 4): True, (1, 2): False, (2, 3): True}
    labels, n, o_left, o_right = label_patches_with_overlaps(geoms)
    assert (labels.tolist(), n) == (label_patches(geoms)[0].tolist(), 2)
    assert sorted(zip(o_left.tolist(), o_right.tolist())) == [(0, 1), (0, 4), (1, 4), (2, 3)]
    # Within a merge distance the gap pairs join, and still only real overlaps are flagged.
    left, right, overlap = adjacency_and_overlaps(geoms, merge_distance=0.6)
    pairs = {(int(a), int(b)): bool(o) for a, b, o in zip(left, right, overlap)}
    assert pairs[(2, 5)] is False and pairs[(0, 1)] is True and sum(pairs.values()) == 4


@settings(max_examples=40, deadline=None)
@given(
    rects=st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(1, 4), st.integers(1, 4)),
        min_size=1, max_size=25,
    )
)
def test_overlap_flags_match_pairwise_relate(rects):
    geoms = np.array([box(x / 2, y / 2, w / 2, h / 2) for x, y, w, h in rects], dtype=object)
    left, right, overlap = adjacency_and_overlaps(geoms)
    got = {(int(a), int(b)): bool(o) for a, b, o in zip(left, right, overlap)}
    expected = {}
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            matrix = geoms[i].relate(geoms[j])
            interiors, shared_line = matrix[0] != "F", matrix[4] == "1"
            if interiors or shared_line:
                expected[(i, j)] = interiors
    assert got == expected
    assert set(zip(*adjacency_pairs(geoms))) == set(expected)


def test_patch_sums_ignore_unlabelled():
    assert patch_sums([0, 1, 0, -1], [1.0, 2.0, 3.0, 100.0], 2).tolist() == [4.0, 2.0]


# --- connected components -----------------------------------------------------------------------------


def test_connected_components_small_graph():
    labels = connected_components(6, [4, 1, 2], [5, 2, 3])
    assert labels.tolist() == [0, 1, 1, 1, 2, 2]
    assert connected_components(3, [], []).tolist() == [0, 1, 2]
    # Repeated edges, self-loops and either direction give the same answer.
    assert connected_components(4, [3, 0, 3, 1, 1], [0, 3, 0, 1, 2]).tolist() == [0, 1, 1, 0]


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 60),
    edges=st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)), max_size=120),
    seed=st.integers(0, 2**31),
)
def test_connected_components_match_breadth_first_search(n, edges, seed):
    edges = [(a % n, b % n) for a, b in edges]
    left = [a for a, _ in edges]
    right = [b for _, b in edges]
    labels = connected_components(n, left, right)
    assert partition(labels) == bfs_partition(n, left, right)
    # Numbering: component of node 0 is 0, and each new component seen left to right gets the next label.
    firsts = [labels[i] for i in range(n) if labels[i] not in labels[:i]]
    assert firsts == list(range(len(firsts)))
    # Edge order does not matter.
    perm = np.random.default_rng(seed).permutation(len(edges))
    shuffled = connected_components(n, np.array(left, dtype=np.int64)[perm], np.array(right, dtype=np.int64)[perm])
    assert shuffled.tolist() == labels.tolist()


# --- against the union, in any order -----------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    cells=st.sets(st.tuples(st.integers(0, 7), st.integers(0, 7)), min_size=1, max_size=40),
    holes=st.sets(st.integers(0, 39), max_size=4),
    seed=st.integers(0, 2**31),
)
def test_patches_equal_dissolve_parts_in_any_order(cells, holes, seed):
    cells = sorted(cells)
    geoms = [None if k in holes else box(float(x), float(y)) for k, (x, y) in enumerate(cells)]
    labels, n = label_patches(np.array(geoms, dtype=object))
    if all(g is None for g in geoms):
        assert n == 0
        return
    expected = union_partition(geoms)
    assert partition(labels) == expected and n == len(expected)
    assert all(labels[k] == -1 for k, g in enumerate(geoms) if g is None)

    perm = np.random.default_rng(seed).permutation(len(geoms))
    shuffled, n_shuffled = label_patches(np.array([geoms[k] for k in perm], dtype=object))
    back = {frozenset(int(perm[i]) for i in group) for group in partition(shuffled)}
    assert n_shuffled == n and back == expected


def test_rounding_overlap_of_split_neighbours_is_not_an_overlap():
    # The right square reaches 1e-7 m into the left one: 1e-5 m² of 100 m², what an exact split leaves.
    left = shapely.box(0, 0, 10, 10)
    rounding = shapely.box(10 - 1e-7, 0, 20, 10)
    real = shapely.box(9, 0, 19, 10)  # a metre-wide overlap: a data error
    pairs_l, pairs_r, overlap = adjacency_and_overlaps(np.array([left, rounding], dtype=object))
    assert list(zip(pairs_l, pairs_r)) == [(0, 1)] and not overlap.any()
    pairs_l, pairs_r, overlap = adjacency_and_overlaps(np.array([left, real], dtype=object))
    assert list(zip(pairs_l, pairs_r)) == [(0, 1)] and overlap.all()
