"""Choosing the units of candidate land that balance a control line, in order of preference.

How the growth works (ADJACENT_FIRST): units adjacent to the line are put in a priority queue; the best
one (highest priority, then reading order) is taken whole while it fits in the remaining area, and its
neighbours join the queue. Only when the queue is empty does a detached unit start a new front (swap-ins
only: a swap-out that touches neither the outer edge nor land already taken out would leave a hole). The
unit that does not fit is cut to the exact remaining area. Adjacency comes from spatial-index bulk
queries done once; the growth itself only walks the neighbour lists through a heap, never rescanning
the pool.
"""
import heapq
from dataclasses import dataclass

import numpy as np

from .swap_cut import SPLIT_TOLERANCE_M2

# Closing a gap without cutting looks at this many candidate units on each side (additions, removals),
# and at no more than this many matching combinations of one size.
GAP_POOL = 200
GAP_MATCHES = 5000

UNSEEN, FRONTIER, TAKEN, SKIPPED = 0, 1, 2, 3


@dataclass
class UnitGraph:
    """The units that may move: their area, their order of preference and which touch which.

    ``seeds`` marks the units adjacent to the line (or to its outer edge when swapping out); ``pointer`` and
    ``neighbours`` are compressed neighbour lists (``swap_edges.neighbour_lists``): the neighbours of unit u
    are ``neighbours[pointer[u]:pointer[u + 1]]``.
    """

    area: np.ndarray  # m² of each unit
    priority: np.ndarray  # higher taken first; NaN counts as the lowest
    order: np.ndarray  # ties of priority: lower first (the candidates' reading order)
    seeds: np.ndarray
    pointer: np.ndarray
    neighbours: np.ndarray

    def __post_init__(self):
        self.area = np.asarray(self.area, dtype=float)

    def __len__(self):
        return len(self.area)

    def reachable_area(self):
        """Total area of the units connected to a seed (what a growth from the line can ever reach)."""
        return reachable_area(self.area, self.seeds, self.pointer, self.neighbours)


@dataclass(frozen=True)
class GrowthRule:
    """How units are taken: from the line outwards or anywhere, cut at the end or whole within a tolerance.

    ``adjacent_first``: grow from the seeds through the neighbours, best rank first; a detached unit starts
    a new front only when nothing adjacent is left and ``allow_detached`` (never for swap-outs: they would
    leave a hole). Off: units are taken in rank order alone. ``split``: the first unit that does not fit is
    cut to the area still needed. Off: whole units are taken while they fit within ``tolerance`` (m²).
    """

    adjacent_first: bool = True
    allow_detached: bool = True
    split: bool = True
    tolerance: float = 1.0

    @property
    def slack(self):
        """The gap a growth may leave (m²)."""
        return SPLIT_TOLERANCE_M2 if self.split else float(self.tolerance)


@dataclass
class Growth:
    """What ``grow`` chose: ``taken`` in the order taken, the ``last`` unit to cut to ``last_target`` m²
    (-1 when none), and the ``gap`` still open (m²; not above the slack unless the units ran out, or,
    without cutting, no unit left fits)."""

    taken: list
    last: int
    last_target: float
    gap: float
    state: np.ndarray
    parent: np.ndarray
    rank_of: np.ndarray


def preference_rank(priority, order):
    """Rank 0 is taken first: higher priority first, then lower ``order`` (reading order)."""
    priority = np.asarray(priority, dtype=float)
    priority = np.where(np.isnan(priority), -np.inf, priority)
    ranking = np.lexsort((np.asarray(order), -priority))
    rank_of = np.empty(len(ranking), dtype=np.int64)
    rank_of[ranking] = np.arange(len(ranking))
    return ranking, rank_of


def grow(area, priority, order, seeds, pointer, neighbours, need, **rule):
    """``grow_units`` on plain arrays (the fields of ``UnitGraph``); ``rule``: the fields of ``GrowthRule``
    by name, and ``check``."""
    check = rule.pop("check", None)
    graph = UnitGraph(area, priority, order, seeds, pointer, neighbours)
    return grow_units(graph, need, GrowthRule(**rule), check)


def grow_units(graph, need, rule, check=None):
    """Choose units of ``graph`` worth ``need`` m² by ``rule`` (a ``GrowthRule``).

    With ``rule.split`` a unit is taken whole while it fits, and the first that does not fit becomes
    ``last``, to be cut to ``last_target``. Without it whole units are taken while they fit within the
    tolerance, the others skipped; see ``close_gap`` for what to do with the gap left. ``check`` is called
    now and then and may raise to stop (a cancel).
    """
    area, pointer, neighbours = graph.area, graph.pointer, graph.neighbours
    adjacent_first, allow_detached, split = rule.adjacent_first, rule.allow_detached, rule.split
    n = len(area)
    ranking, rank_of = preference_rank(graph.priority, graph.order)
    state = np.zeros(n, dtype=np.int8)
    parent = np.full(n, -1, dtype=np.int64)
    slack = rule.slack
    remaining = float(need)
    taken = []
    heap = []
    if adjacent_first:
        for u in np.flatnonzero(graph.seeds):
            state[u] = FRONTIER
            heap.append(rank_of[u])
        heapq.heapify(heap)
    cursor = 0
    last, last_target = -1, 0.0
    steps = 0
    while remaining > slack:
        steps += 1
        if check is not None and steps % 1000 == 0:
            check()
        if heap:
            u = int(ranking[heapq.heappop(heap)])
        elif adjacent_first and not allow_detached:
            break
        else:
            while cursor < n and state[ranking[cursor]] != UNSEEN:
                cursor += 1
            if cursor == n:
                break
            u = int(ranking[cursor])
        if area[u] <= remaining + slack:
            state[u] = TAKEN
            taken.append(u)
            remaining -= area[u]
            if adjacent_first:
                for v in neighbours[pointer[u]:pointer[u + 1]]:
                    if state[v] == UNSEEN:
                        state[v] = FRONTIER
                        parent[v] = u
                        heapq.heappush(heap, rank_of[v])
        elif split:
            last, last_target = u, remaining
            remaining = 0.0
        else:
            state[u] = SKIPPED
    return Growth(
        taken=taken,
        last=last,
        last_target=last_target,
        gap=remaining,
        state=state,
        parent=parent,
        rank_of=rank_of,
    )


def reachable_area(area, seeds, pointer, neighbours):
    """Total area of the units connected to a seed through neighbours (what a growth can ever reach)."""
    n = len(area)
    seen = np.zeros(n, dtype=bool)
    stack = list(np.flatnonzero(seeds))
    seen[stack] = True
    while stack:
        u = stack.pop()
        for v in neighbours[pointer[u]:pointer[u + 1]]:
            if not seen[v]:
                seen[v] = True
                stack.append(v)
    return float(np.asarray(area)[seen].sum())


def close_gap(growth, graph, gap, rule):
    """Without cutting: find up to three changes that bring ``gap`` (m² still wanted) within the tolerance.

    A change adds a unit not taken or gives back a taken one that nothing else was grown from; with
    ``rule.adjacent_first`` every added unit must touch the line, a unit that stays taken, or another added
    unit that does. Fewest changes win, then the best-ranked units. Returns (added, removed) lists of
    unit indices, or None when no such combination exists among the best ``GAP_POOL`` units.
    """
    area = graph.area
    state, rank_of = growth.state, growth.rank_of
    taken = np.flatnonzero(state == TAKEN)
    has_child = np.zeros(len(area), dtype=bool)
    grown = growth.parent[taken]
    has_child[grown[grown >= 0]] = True
    removable = taken[~has_child[taken]] if rule.adjacent_first else taken
    removable = removable[np.argsort(-rank_of[removable])][:GAP_POOL]
    stages = []
    if rule.adjacent_first:
        stages.append(np.flatnonzero((state == FRONTIER) | (state == SKIPPED)))
        if rule.allow_detached:
            stages.append(np.flatnonzero(state != TAKEN))
    else:
        stages.append(np.flatnonzero(state != TAKEN))
    largest_give_back = float(area[removable].max()) if len(removable) else 0.0
    for addable in stages:
        addable = addable[area[addable] <= gap + rule.tolerance + largest_give_back]
        addable = addable[np.argsort(rank_of[addable])][:GAP_POOL]
        found = _search_changes(addable, removable, graph, state, gap, rule)
        if found is not None:
            return found
    return None


def _search_changes(addable, removable, graph, state, gap, rule):
    """The best set of one, two or three changes whose areas sum to ``gap`` within the tolerance."""
    area = graph.area
    items = np.r_[addable, removable]
    value = np.r_[area[addable], -area[removable]]
    cost = np.r_[np.arange(len(addable)), np.arange(len(removable))]  # position in preference order
    n_add = len(addable)
    if not len(items):
        return None
    order = np.argsort(value, kind="stable")
    sorted_value = value[order]
    low, high = gap - rule.tolerance, gap + rule.tolerance

    def pairs_summing(lo, hi, skip_below):
        """Position pairs skip_below < i < j (in sorted order) whose values sum into [lo, hi]."""
        position = np.arange(len(sorted_value))
        first = np.searchsorted(sorted_value, lo - sorted_value, side="left")
        last = np.searchsorted(sorted_value, hi - sorted_value, side="right")
        first = np.maximum(first, position + 1)
        counts = np.where(position > skip_below, np.maximum(last - first, 0), 0)
        if not counts.sum():
            return np.empty((0, 2), dtype=np.int64)
        i = np.repeat(np.arange(len(sorted_value)), counts)[:GAP_MATCHES]
        j = (np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(counts.sum()))[:GAP_MATCHES]
        return np.column_stack([i, j])

    def first_valid(combos):
        combos.sort(key=lambda c: c[0])
        for _, picked in combos:
            added = [int(items[k]) for k in picked if k < n_add]
            removed = [int(items[k]) for k in picked if k >= n_add]
            if not added:
                continue
            if not rule.adjacent_first or _attached(added, removed, state, graph):
                return added, removed
        return None

    singles = np.flatnonzero((value >= low) & (value <= high))
    found = first_valid([(int(cost[k]), [k]) for k in singles])
    if found is not None:
        return found
    combos = []
    for i, j in pairs_summing(low, high, -1):
        a, b = order[i], order[j]
        combos.append((int(cost[a] + cost[b]), [a, b]))
    found = first_valid(combos)
    if found is not None:
        return found
    combos = []
    for i in range(len(sorted_value)):
        for j, k in pairs_summing(low - sorted_value[i], high - sorted_value[i], i):
            a, b, c = order[i], order[j], order[k]
            combos.append((int(cost[a] + cost[b] + cost[c]), [a, b, c]))
        if len(combos) >= GAP_MATCHES:
            break
    return first_valid(combos)


def _attached(added, removed, state, graph):
    """Every added unit touches the line, a unit that stays taken, or an added unit that does."""
    seeds, pointer, neighbours = graph.seeds, graph.pointer, graph.neighbours
    removed = set(removed)
    staying = lambda v: state[v] == TAKEN and v not in removed  # noqa: E731
    ok = {u for u in added if seeds[u] or any(staying(v) for v in neighbours[pointer[u]:pointer[u + 1]])}
    changed = True
    while changed:
        changed = False
        for u in added:
            if u not in ok and any(v in ok for v in neighbours[pointer[u]:pointer[u + 1]]):
                ok.add(u)
                changed = True
    return len(ok) == len(added)
