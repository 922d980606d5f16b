"""进出平衡: the plan of one edge swap — what leaves a control line, what joins it, and why.

The pure core of planmaint:edgeswap. ``plan`` takes the line and the other layers as arrays of shapely
geometries (``SwapInputs``) and makes every decision of the swap (``SwapPlan``):

1. the land that must leave: the overlap of the swap-out polygons with the line, each piece with its reason;
2. the land that must join: the swap-in polygons outside the line, the excluded layers and the swap-outs;
3. the balance: the direction and size of the difference, the candidate land chosen to make it up, grown
   from the line and the last piece cut to the exact area still needed; swap-ins by the seed's rules unless
   ``BalanceRule`` relaxes them (only high-standard farmland when it is given, only land connected to the line,
   only stable candidates when they are marked);
4. the new line and the ledger: every piece that went out or in, with its reason and area.

The algorithm reads the layers, builds the inputs, and writes what the plan says. Areas are m² from the
inputs' ``measure`` (planar or ellipsoidal, the caller's choice), so the exact cut holds with either. The
balance is kept on map area, or on area net of field ridges when the inputs carry ratios (``net``, see
``swap_net``): then every need, gap, cut and balance is net, and each piece keeps its map area beside.

Words used here
- *line*: the features of one control line (PBF, EPR or UDB).
- *unit*: one single-part polygon of candidate land that may move: outside the line when land is swapped
  in, inside it when land is swapped out. Units never overlap each other.
- *adjacent*: sharing a stretch of boundary (a common corner point is not enough).
- *contact*: the stretch of a unit's boundary it shares with the line (or the line's outer edge) and with
  the units already chosen; the last unit is cut so that the part kept lies against its contact.

The geometry lives in modules of its own, re-exported here: ``swap_overlay`` (overlays of geometry arrays),
``swap_edges`` (boundaries, contacts, neighbours), ``swap_cut`` (the exact cut) and ``swap_growth``
(choosing units in order of preference).
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from . import changes, holes, ledger, swap_net, swap_review
from .swap_cut import SPLIT_TOLERANCE_M2, cut_to_area
from .swap_edges import (
    CHUNK_VERTICES,
    CONTACT_TOLERANCE_M,
    MIN_CONTACT_M,
    boundary_chunks,
    chunk_lines,
    contact_between,
    edge_contacts,
    nearest_point,
    neighbour_lists,
    unit_neighbours,
)
from .swap_errors import (
    HsfMissingError,
    NoCandidatesError,
    OverlappingLineError,
    PriorityNotNumberError,
    ShortageError,
    SwapError,
)
from .swap_growth import (
    FRONTIER,
    GAP_MATCHES,
    GAP_POOL,
    SKIPPED,
    TAKEN,
    UNSEEN,
    Growth,
    GrowthRule,
    UnitGraph,
    close_gap,
    grow,
    grow_units,
    preference_rank,
    reachable_area,
)
from .swap_overlay import (
    CLIP_VERTICES,
    COMPLEX_VERTICES,
    absorb_remnants,
    clip_to,
    explode,
    inside_of,
    intersection_near,
    make_disjoint,
    overlap_pairs,
    polygonal,
    snap_to,
    subtract,
)
from .swap_review import Kept, Reviewed, review_flags

__all__ = [
    # the plan
    "BALANCE_IN_REASON", "BALANCE_OUT_REASON", "EXACT", "EXACT_M2", "NOT_LESS", "NOT_MORE", "TARGETS",
    "BalanceRule", "Candidates", "Choice", "Hooks",
    "HsfMissingError", "Moves", "NoCandidatesError", "OverlappingLineError", "PriorityNotNumberError", "Required",
    "ShortageError", "SwapError", "SwapInputs", "SwapPlan", "balance", "hsf_first_priority", "plan", "planar_m2",
    "required_changes",
    # the technician's review, from its module
    "Kept", "Reviewed", "review_flags",
    # its geometry, from the modules of their own
    "CHUNK_VERTICES", "CLIP_VERTICES", "COMPLEX_VERTICES", "CONTACT_TOLERANCE_M", "FRONTIER", "GAP_MATCHES",
    "GAP_POOL", "MIN_CONTACT_M", "SKIPPED", "SPLIT_TOLERANCE_M2", "TAKEN", "UNSEEN", "Growth", "GrowthRule",
    "UnitGraph", "absorb_remnants", "boundary_chunks", "chunk_lines", "clip_to", "close_gap", "contact_between",
    "cut_to_area", "edge_contacts", "explode", "grow", "grow_units", "inside_of", "intersection_near", "make_disjoint",
    "nearest_point", "neighbour_lists", "overlap_pairs", "polygonal", "preference_rank", "reachable_area",
    "snap_to", "subtract", "unit_neighbours",
]

EXACT_M2 = 0.01  # the balance every cut run must reach
# Reasons (调入 / 调出原因) of the candidate land the balance takes: data codes, never translated.
BALANCE_IN_REASON = "进出平衡调入"
BALANCE_OUT_REASON = "进出平衡调出"
HSF_SHARE = 0.5  # a candidate with more than this share of its area in high-standard farmland counts as on it
# What the balance keeps (``BalanceRule.target``): the area before exactly; not less than before (任务不减少, the
# red line: a surplus joining stays, only a shortfall is made up); not more than before (总量不突破, the
# development boundary: a shortfall stays, only a surplus is swapped out).
EXACT, NOT_LESS, NOT_MORE = "exact", "not_less", "not_more"
TARGETS = (EXACT, NOT_LESS, NOT_MORE)


def _none():
    return np.empty(0, dtype=object)


def _no_positions():
    return np.empty(0, dtype=np.int64)


def planar_m2(geoms):
    """Planar area of each geometry (0 for missing ones), in the square of the coordinates' unit."""
    return np.nan_to_num(shapely.area(np.asarray(geoms, dtype=object)))


def _nothing(*_):
    return None


# --------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class BalanceRule:
    """How the difference is made up: the algorithm's parameters of the same names."""

    adjacent_first: bool = True  # swap-ins grow from the line, swap-outs peel from its outer edge
    split: bool = True  # the last candidate is cut to the exact area still needed
    tolerance: float = 1.0  # m²: without split, the largest imbalance accepted
    allow_partial: bool = False  # too little candidate land: use what there is instead of stopping
    min_piece: float = 1.0  # m²: smaller pieces of candidate land are not used
    hsf_first: bool = False  # candidates mostly on high-standard farmland before all others
    # The seed's rules for swap-ins (五(一)1: existing high-standard farmland, contiguous with the line):
    hsf_required: bool = True  # given the high-standard farmland, only candidate ground inside it joins
    allow_detached: bool = False  # land not connected to the line joins once the connected land runs out
    target: str = EXACT  # EXACT, NOT_LESS or NOT_MORE: which differences are made up
    allow_protected: bool = False  # protected candidates (``Candidates.protected``) may be swapped out

    @property
    def slack(self):
        """The imbalance left alone (m²)."""
        return SPLIT_TOLERANCE_M2 if self.split else self.tolerance


@dataclass
class Candidates:
    """The eligible candidate land, in the layer's feature order (ties of priority follow it)."""

    geoms: np.ndarray
    priority: np.ndarray = None  # higher taken first, NaN (NULL) last; None: all alike
    not_numbers: np.ndarray = field(default_factory=_no_positions)  # positions whose priority is no number
    stable: np.ndarray = None  # True where the candidate is stable cultivated land (稳定耕地); None: all are
    protected: np.ndarray = None  # True where it is protected land the balance never swaps out; None: none is


@dataclass
class SwapInputs:
    """Everything the plan decides from. Geometry arrays hold shapely geometries as read (None where a
    feature has none); the plan keeps only their polygons. Reasons are one per feature of their layer."""

    line: np.ndarray
    measure: object = planar_m2  # callable: areas in m² of an array of geometries (0 for missing ones)
    must_out: np.ndarray = field(default_factory=_none)  # land that must leave the line
    must_out_reasons: list = field(default_factory=list)
    must_in: np.ndarray = field(default_factory=_none)  # land that must join it
    must_in_reasons: list = field(default_factory=list)
    excluded: np.ndarray = field(default_factory=_none)  # land swapped in must not overlap these
    candidates: Candidates = None  # None: no candidate layer
    hsf: np.ndarray = None  # high-standard farmland; None: no such layer
    rule: BalanceRule = field(default_factory=BalanceRule)
    must_out_codes: list = None  # reason code (HCYY) per swap-out polygon, '' where none; None: from the words
    reviewed: Reviewed = None  # reviewed swap-out candidates (``swap_review``); None: not given
    balance_out_reason: str = BALANCE_OUT_REASON  # the reason of candidate land the balance takes out
    net: swap_net.NetFactors = None  # balance on area net of field ridges with these ratios; None: map area


@dataclass
class Hooks:
    """What the plan tells its caller while it works. Each may raise to stop the plan (a cancel)."""

    check: object = _nothing  # called between heavy steps
    stage: object = _nothing  # stage(k): 0 the required changes, 1 the balance, 2 the new line
    progress: object = _nothing  # progress(percent) within the current stage


# -------------------------------------------------------------------------------------------- results


@dataclass
class Required:
    """The changes the swap-out and swap-in polygons demand, before any balancing."""

    line: np.ndarray  # the line's polygons (None where a feature has none)
    excluded: np.ndarray
    must_out: np.ndarray  # the swap-out polygons
    out_line: np.ndarray  # per piece that must leave: the line feature it leaves
    out_geoms: np.ndarray
    out_m2: np.ndarray
    out_reasons: list
    in_source: np.ndarray  # per piece that must join: the swap-in feature it comes from
    in_geoms: np.ndarray
    in_m2: np.ndarray
    in_excluded: np.ndarray  # swap-in features overlapping the excluded layers (only their rest joins)
    out_codes: list = field(default_factory=list)  # per piece that must leave: its reason code (HCYY), or ''
    out_projects: list = field(default_factory=list)  # … its project (SJXMMC), or ''
    out_reviewed: np.ndarray = field(default_factory=_no_positions)  # … its reviewed piece, or -1
    kept: Kept = field(default_factory=Kept)  # the ground of the reviewed pieces kept in the line
    out_net: np.ndarray = None  # on the net basis: the net area of each piece that must leave; else None
    in_net: np.ndarray = None  # … of each piece that must join

    @property
    def difference_m2(self):
        """What must leave minus what must join, on the swap's basis: positive when land must be swapped in."""
        if self.out_net is not None:
            return float(self.out_net.sum() - self.in_net.sum())
        return float(self.out_m2.sum() - self.in_m2.sum())


@dataclass
class Choice:
    """The candidate land chosen to balance, one entry per output piece, and how the balance went."""

    direction: str = None  # ledger.SWAP_IN or ledger.SWAP_OUT; None when nothing needed balancing
    need: float = 0.0  # m² on the swap's basis (map or net area), as ``available`` and ``gap``
    available: float = 0.0  # m² of candidate land the growth could reach
    units_used: int = 0  # units taken whole
    split: bool = False  # the last unit was cut
    gap: float = 0.0  # m² still open
    left_out: int = 0  # eligible candidates the stable cultivated land rule left out
    left_out_m2: float = 0.0  # … their area
    protected: int = 0  # swap-outs: protected candidates inside the line, not taken (``Candidates.protected``)
    protected_m2: float = 0.0  # … their area inside the line
    unbalanced_m2: float = 0.0  # the difference the balance rule left (+ the line grew, − it shrank), m²
    cand: np.ndarray = field(default_factory=_no_positions)  # candidate each piece comes from
    line: np.ndarray = field(default_factory=_no_positions)  # swap-outs: the line feature it leaves
    geoms: np.ndarray = field(default_factory=_none)
    m2: np.ndarray = field(default_factory=lambda: np.empty(0))  # map area
    net: np.ndarray = field(default_factory=lambda: np.empty(0))  # on the swap's basis (``m2`` when gross)

    def pieces(self, direction):
        """(cand, line, geoms, m2, net) of the pieces moving in ``direction``; empty for the other."""
        if self.direction == direction:
            return self.cand, self.line, self.geoms, self.m2, self.net
        return _no_positions(), _no_positions(), _none(), np.empty(0), np.empty(0)


@dataclass
class Moves:
    """Land that changes side in one direction, one entry per output feature, in the order written:
    the required pieces first, then those of the balance."""

    direction: str
    geoms: np.ndarray
    m2: np.ndarray
    reasons: list
    hsf_m2: np.ndarray = None  # the part of each piece in high-standard farmland; None without that layer
    codes: list = None  # reason code (HCYY) of each piece, '' where none
    projects: list = None  # project (SJXMMC) of each piece, '' where none
    reviewed: np.ndarray = None  # the reviewed candidate each piece comes from, -1 for the others
    net: np.ndarray = None  # on the net basis: the net area of each piece (m² × (1 − k)); None when gross
    no_ratio: np.ndarray = None  # on the net basis: the pieces counted with k = 0 for lack of a ratio

    def __len__(self):
        return len(self.geoms)

    @property
    def basis_m2(self):
        """The area of each piece on the swap's basis: net when it is net, else map area."""
        return self.m2 if self.net is None else self.net


@dataclass
class SwapPlan:
    """Every decision of one swap."""

    required: Required
    choice: Choice
    removed: Moves
    removed_from: np.ndarray  # per removed piece: the line feature it leaves
    added: Moves
    added_from_must_in: np.ndarray  # the swap-in feature of each required added piece (the first ones)
    added_from_candidates: np.ndarray  # the candidate of each balancing added piece (the rest)
    final_line: np.ndarray  # the line's features after the swap; None where nothing is left
    balance_m2: float  # the line's area after minus before, measured on the features that changed
    kept: Moves = None  # reviewed candidates kept in the line (direction ledger.KEPT); None: none reviewed
    kept_from: np.ndarray = field(default_factory=_no_positions)  # per kept piece: the line feature it lies in

    def moves(self):
        """The ``Moves`` of the pieces out, in, and kept (when reviewed candidates were kept), in that order."""
        return [self.removed, self.added] + ([self.kept] if self.kept is not None and len(self.kept) else [])

    def ledger(self, township, slope=None):
        """The adjustment ledger (``ledger.build_ledger``). ``township``, ``slope``: one value per piece of
        ``moves()``; ``slope`` None when no layer has the field. Kept pieces are listed as reviewed and kept
        (不调出), outside the balance and the quality comparison. On the net basis every row has its net
        area beside the map area."""
        moves = self.moves()
        hsf_m2 = None
        if self.removed.hsf_m2 is not None:
            hsf_m2 = np.concatenate([m.hsf_m2 if m.hsf_m2 is not None else np.zeros(len(m)) for m in moves])
        net_m2 = None if self.removed.net is None else np.concatenate([m.net for m in moves])
        return ledger.build_ledger(
            sum(([m.direction] * len(m) for m in moves), []),
            sum((list(m.reasons) for m in moves), []),
            township,
            np.concatenate([m.m2 for m in moves]),
            slope=slope,
            hsf_m2=hsf_m2,
            net_m2=net_m2,
        )


# ---------------------------------------------------------------------------------------------- plan


def plan(inputs, hooks=None):
    """The whole plan of a swap (``SwapPlan``); raises a ``SwapError`` when it cannot be made."""
    return balance(inputs, required_changes(inputs, hooks), hooks)


def required_changes(inputs, hooks=None):
    """Stage 0: the land that must leave the line and the land that must join it (``Required``)."""
    hooks = hooks or Hooks()
    measure = inputs.measure
    hooks.stage(0)
    line = polygonal(inputs.line)
    listing = swap_review.listed(inputs.must_out, inputs.must_out_reasons, inputs.must_out_codes, inputs.reviewed)
    ground = polygonal(listing.geoms)
    must_out = ground[listing.n_stay:]
    out_line, out_geoms, out_source, kept = _must_leave(line, ground, listing, measure)
    out_m2 = measure(out_geoms) if len(out_geoms) else np.empty(0)
    hooks.progress(50)
    hooks.check()
    excluded = polygonal(inputs.excluded)
    in_source, in_geoms, in_excluded = _must_join(line, excluded, must_out, polygonal(inputs.must_in))
    in_m2 = measure(in_geoms) if len(in_geoms) else np.empty(0)
    required = Required(line, excluded, must_out, out_line, out_geoms, out_m2,
                        [listing.reasons[j] for j in out_source], in_source, in_geoms, in_m2, in_excluded,
                        out_codes=[listing.codes[j] for j in out_source],
                        out_projects=[listing.projects[j] for j in out_source],
                        out_reviewed=listing.reviewed[out_source], kept=kept)
    if inputs.net is not None:
        basis = swap_net.Basis(measure, inputs.net)
        required.out_net = basis.areas(out_geoms, out_m2, inputs.net.of("line", out_line))
        required.in_net = basis.areas(in_geoms, in_m2, inputs.net.of("must_in", in_source))
    return required


def _must_leave(line, ground, listing, measure):
    """The overlap of the listed polygons (``swap_review.Listed``, ``ground`` their polygons) with the line:
    (line feature, piece, listed polygon) of each piece that leaves, and the ground kept (``Kept``)."""
    if not len(ground):
        return _no_positions(), _none(), _no_positions(), Kept()
    # Where listed polygons overlap, the overlap belongs to the first: counted once (kept pieces first).
    disjoint = make_disjoint(ground, np.arange(len(ground)))
    li, sj = overlap_pairs(line, disjoint)
    pieces = polygonal(shapely.intersection(line[li], disjoint[sj])) if len(li) else li
    keep = np.array([p is not None for p in pieces], dtype=bool)
    li, sj, pieces = li[keep], sj[keep], np.asarray(pieces, dtype=object)[keep]
    stays = sj < listing.n_stay
    out_line, out_geoms, out_source = li[~stays], pieces[~stays], sj[~stays]
    # A parcel covered all but a sliver (a swap-out layer in another CRS) leaves whole.
    out_geoms = absorb_remnants(line, out_line, out_geoms, measure, EXACT_M2)
    kept = Kept()
    if stays.any():
        k = sj[stays]
        kept = Kept(li[stays], pieces[stays], measure(pieces[stays]), listing.reviewed[k],
                    [listing.reasons[j] for j in k], [listing.codes[j] for j in k], [listing.projects[j] for j in k])
    return out_line, out_geoms, out_source, kept


def _must_join(line, excluded, must_out, must_in):
    """The part of the swap-in polygons outside the line, the excluded layers and the swap-outs.

    Returns (swap-in feature of each piece, the pieces, swap-in features overlapping the excluded layers).
    """
    if not len(must_in):
        return _no_positions(), _none(), _no_positions()
    blockers = np.concatenate([line, excluded, must_out])
    gi, bj = overlap_pairs(must_in, blockers)
    in_excluded = np.unique(gi[(bj >= len(line)) & (bj < len(line) + len(excluded))])
    clipped = make_disjoint(subtract(must_in, blockers, gi, bj), np.arange(len(must_in)))
    source = np.array([k for k, g in enumerate(clipped) if g is not None], dtype=np.int64)
    pieces = np.asarray(clipped, dtype=object)[source] if len(source) else _none()
    return source, pieces, in_excluded


def balance(inputs, required, hooks=None):
    """Stages 1 and 2: balance the required changes with candidate land, then the new line (``SwapPlan``)."""
    hooks = hooks or Hooks()
    # The line after the required changes: what candidates must touch (in) or peel from (out).
    cut = subtract(required.line, required.out_geoms, required.out_line, np.arange(len(required.out_geoms)))
    new_line = np.concatenate([cut[~shapely.is_missing(cut)], required.in_geoms])
    hooks.check()
    hooks.stage(1)
    choice = _choose(inputs, required, cut, new_line, hooks)
    hooks.check()
    hooks.stage(2)
    return _assemble(inputs, required, choice, hooks)


def _choose(inputs, required, cut, new_line, hooks):
    """The direction and size of the difference, and the candidate land that makes it up (``Choice``)."""
    rule = inputs.rule
    difference = required.difference_m2
    if difference > rule.slack:
        direction, need = ledger.SWAP_IN, difference
    elif difference < -rule.slack:
        direction, need = ledger.SWAP_OUT, -difference
    else:
        return Choice()
    if (rule.target, direction) in ((NOT_LESS, ledger.SWAP_OUT), (NOT_MORE, ledger.SWAP_IN)):
        # The rule keeps only one side of the area before: the line grows (not less) or shrinks (not more).
        return Choice(unbalanced_m2=-difference)
    cand = inputs.candidates
    if cand is None:
        raise NoCandidatesError(direction, need)
    if rule.hsf_first and inputs.hsf is None:
        raise HsfMissingError()
    if len(cand.not_numbers):
        raise PriorityNotNumberError(cand.not_numbers)
    geoms, left_out, left_out_m2, shield = _eligible(inputs, direction)
    priority = np.zeros(len(geoms)) if cand.priority is None else np.asarray(cand.priority, dtype=float)
    if rule.hsf_first:
        priority = hsf_first_priority(geoms, priority, polygonal(inputs.hsf))
    # Existing high-standard farmland only (swap-ins): candidates are clipped to their part inside it.
    hsf = None
    if direction == ledger.SWAP_IN and rule.hsf_required and inputs.hsf is not None:
        hsf = polygonal(inputs.hsf)
        hsf = hsf[~shapely.is_missing(hsf)]
    units = _candidate_units(direction, geoms, priority, required, (cut, new_line), hsf, shield)
    if inputs.net is not None:
        # Land joining counts with its candidate's ratio, land leaving with its line feature's.
        units.own = (inputs.net.of("candidates", units.cand) if direction == ledger.SWAP_IN
                     else inputs.net.of("line", units.line))
    hooks.progress(40)
    hooks.check()
    units = _usable_units(units, swap_net.Basis(inputs.measure, inputs.net), rule.min_piece)
    protected, protected_m2 = _inside(shield, cut, inputs.measure)
    hooks.progress(70)
    hooks.check()
    try:
        choice = _grow_choice(units, direction, need, inputs, hooks)
    except ShortageError as error:
        error.protected_m2 = protected_m2
        if hsf is not None:
            # How much more the candidates would have offered outside the high-standard farmland.
            whole = _candidate_units(direction, geoms, priority, required, (cut, new_line), None)
            whole_m2 = inputs.measure(whole.geoms) if len(whole.geoms) else np.empty(0)
            usable = float(whole_m2[whole_m2 >= max(rule.min_piece, 1e-9)].sum())
            inside_m2 = float(inputs.measure(units.geoms).sum()) if len(units.geoms) else 0.0  # map area, as usable
            error.outside_hsf_m2 = max(usable - inside_m2, 0.0)
        raise
    choice.left_out, choice.left_out_m2 = len(left_out), left_out_m2
    choice.protected, choice.protected_m2 = protected, protected_m2
    return choice


def _eligible(inputs, direction):
    """The candidates' polygons the balance may use in ``direction``, None for the others: (polygons, positions
    the stable cultivated land rule left out, their whole area in m², the protected polygons or None).

    Protected candidates (``Candidates.protected``) are kept out of swap-outs unless the rule allows them;
    their polygons come back as a shield: ground under them is not taken even where another candidate
    overlaps it.
    """
    cand = inputs.candidates
    geoms = polygonal(cand.geoms)
    # Stable cultivated land only: the others are no candidates at all (measured whole, for the messages).
    left_out = np.empty(0, dtype=np.int64) if cand.stable is None else np.flatnonzero(~np.asarray(cand.stable, bool))
    left_out_m2 = float(inputs.measure(geoms[left_out]).sum()) if len(left_out) else 0.0
    geoms[left_out] = None
    shield = None
    if direction == ledger.SWAP_OUT and cand.protected is not None and not inputs.rule.allow_protected:
        protected = np.asarray(cand.protected, dtype=bool) & ~shapely.is_missing(geoms)
        shield = geoms[protected]
        geoms[protected] = None
    return geoms, left_out, left_out_m2, shield


def _inside(shield, line, measure):
    """(how many of the ``shield`` polygons reach into the ``line``, their area inside it in m², counted once
    where they overlap); (0, 0.0) for none."""
    if shield is None or not len(shield):
        return 0, 0.0
    si, lj = overlap_pairs(shield, line)
    pieces = polygonal(shapely.intersection(shield[si], line[lj])) if len(si) else np.empty(0, dtype=object)
    present = ~shapely.is_missing(pieces)
    if not present.any():
        return 0, 0.0
    area = measure(np.array([shapely.union_all(pieces[present])], dtype=object))[0]
    return len(np.unique(si[present])), float(area)


def hsf_first_priority(geoms, priority, hsf):
    """``priority`` with the candidates mostly on high-standard farmland (``hsf``) lifted above all others.

    The ranking knows one number per candidate, so the HSF group is lifted by more than the whole spread
    of the priority values: within each group the user's priority still decides.
    """
    ci, hj = overlap_pairs(geoms, hsf)
    outside = subtract(geoms, hsf, ci, hj)
    total = np.nan_to_num(shapely.area(geoms))
    inside = total - np.where(shapely.is_missing(outside), 0.0, np.nan_to_num(shapely.area(outside)))
    mostly_hsf = inside > HSF_SHARE * total
    finite = priority[np.isfinite(priority)]
    lift = 2.0 * (np.abs(finite).max() if len(finite) else 0.0) + 1.0
    return np.where(mostly_hsf, priority + lift, priority)


@dataclass
class _Units:
    """The units of candidate land that may move, and what they must touch."""

    geoms: np.ndarray
    cand: np.ndarray  # the candidate each unit comes from
    line: np.ndarray  # swap-outs: the line feature it lies in; -1 for swap-ins
    priority: np.ndarray  # of its candidate
    chunks: np.ndarray  # boundary pieces of the line (its outer edge for swap-outs)
    m2: np.ndarray = None
    contact_unit: np.ndarray = None  # pairs (unit, chunk) sharing a stretch of boundary
    contact_chunk: np.ndarray = None
    graph: UnitGraph = None
    own: np.ndarray = None  # on the net basis: 1 − k of the feature each unit counts with (NaN: land use)


def _candidate_units(direction, geoms, priority, required, lines, hsf=None, shield=None):
    """Candidate land outside the line (swap-ins) or inside it (swap-outs), as non-overlapping units.

    ``lines``: the line after the required swap-outs, and after all the required changes; ``hsf``: swap-ins
    only, the high-standard farmland polygons candidates are clipped to (None: not clipped); ``shield``:
    swap-outs only, polygons whose ground is never taken (None: none).
    """
    cut, new_line = lines
    pool = np.flatnonzero(~shapely.is_missing(geoms))
    _, cand_rank = preference_rank(priority[pool], pool)
    if direction == ledger.SWAP_IN:
        # Candidate land outside the line, the excluded layers, the swap-outs and the required swap-ins.
        blockers = np.concatenate([required.line, required.excluded, required.must_out, required.in_geoms])
        gi, bj = overlap_pairs(geoms[pool], blockers)
        clipped = subtract(geoms[pool], blockers, gi, bj)
        if hsf is not None:
            clipped = inside_of(clipped, hsf)
        clipped = make_disjoint(clipped, cand_rank)
        unit_geoms, owner = explode(clipped)
        unit_cand = pool[owner]
        unit_line = np.full(len(owner), -1, dtype=np.int64)
        chunks, _ = boundary_chunks(new_line)
    else:
        # Candidate land inside the line as it is after the required swap-outs.
        ci, li = overlap_pairs(geoms[pool], cut)
        pieces = clip_to(geoms[pool], cut, ci, li)
        pieces = make_disjoint(np.asarray(pieces, dtype=object), cand_rank[ci])
        if len(required.kept):
            # The technician kept these pieces in the line: the balance does not take them either.
            pk, kj = overlap_pairs(pieces, required.kept.geoms)
            pieces = subtract(pieces, required.kept.geoms, pk, kj)
        if shield is not None and len(shield):
            # Protected land (``_eligible``) stays in the line, whichever candidate covers it.
            pk, sj = overlap_pairs(pieces, shield)
            pieces = subtract(pieces, shield, pk, sj)
        unit_geoms, owner = explode(pieces)
        unit_cand = pool[ci[owner]]
        unit_line = li[owner]
        # Swap-outs peel from the outer edge of the line as it now is (holes' edges do not count), so
        # the line is merged first (the same patch-wise merge planmaint:fillholes uses).
        chunks, _ = boundary_chunks(holes.dissolve(new_line), exterior_only=True)
    return _Units(unit_geoms, unit_cand, unit_line, priority, chunks)


def _usable_units(units, basis, min_piece):
    """The units of at least ``min_piece`` m² of map area, with their areas on the swap's basis (``basis``, a
    ``swap_net.Basis``), contacts with the line and neighbours."""
    unit_m2 = basis.measure(units.geoms) if len(units.geoms) else np.empty(0)
    usable = unit_m2 >= max(min_piece, 1e-9)
    geoms, cand, line, m2 = units.geoms[usable], units.cand[usable], units.line[usable], unit_m2[usable]
    own = units.own[usable] if units.own is not None else None
    m2 = basis.areas(geoms, m2, own)
    ui, cj = edge_contacts(geoms, units.chunks)
    seeds = np.zeros(len(geoms), dtype=bool)
    seeds[ui] = True
    pointer, neighbours = unit_neighbours(geoms)
    graph = UnitGraph(m2, units.priority[cand], cand, seeds, pointer, neighbours)
    return _Units(geoms, cand, line, units.priority, units.chunks, m2, ui, cj, graph, own)


def _grow_choice(units, direction, need, inputs, hooks):
    """Grow the choice over the units; close a gap without cutting, or cut the last unit to the area."""
    rule = inputs.rule
    graph = units.graph
    swap_in = direction == ledger.SWAP_IN
    # Swap-ins without detached land grow from the line whatever adjacent first says: taken in priority
    # order anywhere, a unit could join through a neighbour that is never taken. Swap-outs touching neither
    # the outer edge nor land already taken would leave a hole: detached only when adjacent first is off.
    growth_rule = GrowthRule(
        adjacent_first=rule.adjacent_first or (swap_in and not rule.allow_detached),
        allow_detached=rule.allow_detached if swap_in else not rule.adjacent_first,
        split=rule.split,
        tolerance=rule.tolerance,
    )
    everything = float(graph.area.sum())
    available = everything
    if growth_rule.adjacent_first and not growth_rule.allow_detached:
        available = graph.reachable_area()
    missing = need - available
    if missing > rule.slack and not rule.allow_partial:
        raise ShortageError(direction, need, available, rule.adjacent_first,
                            detached_m2=everything - available if swap_in else 0.0)
    growth = grow_units(graph, need, growth_rule, check=hooks.check)
    taken = list(growth.taken)
    gap = growth.gap
    if not rule.split and gap > rule.tolerance and missing <= rule.tolerance:
        found = close_gap(growth, graph, gap, growth_rule)
        if found is not None:
            added, removed = found
            taken = [u for u in taken if u not in set(removed)] + added
            gap = need - float(graph.area[taken].sum())
    hooks.progress(85)
    choice = Choice(direction=direction, need=need, available=available, units_used=len(taken))
    piece, piece_unit = None, -1
    basis = swap_net.Basis(inputs.measure, inputs.net)
    if growth.last >= 0:
        piece, piece_m2 = _cut_last(units, growth, taken, basis)
        piece_unit = growth.last
        choice.split = piece is not None
        gap = growth.last_target - piece_m2
    choice.gap = gap
    _group(choice, units, taken, piece, piece_unit, basis)
    return choice


def _cut_last(units, growth, taken, basis):
    """The last unit cut to the area still needed on the swap's basis (``swap_net.Basis``), against the line
    and the units taken (piece, m²): on the net basis the piece measures needed_net / (1 − k) of map area."""
    u = growth.last
    graph = units.graph
    neighbours = graph.neighbours[graph.pointer[u]:graph.pointer[u + 1]]
    partners = [units.geoms[v] for v in neighbours if growth.state[v] == TAKEN]
    partners += list(units.chunks[units.contact_chunk[units.contact_unit == u]])
    contact = contact_between(units.geoms[u], partners)
    if contact is None:
        contact = nearest_point(units.geoms[u], units.chunks, units.geoms[taken])
    own = units.own[u] if units.own is not None else np.nan
    return cut_to_area(units.geoms[u], growth.last_target, contact, basis.unit_measure(units.geoms[u], own))


def _group(choice, units, taken, piece, piece_unit, basis):
    """Fill ``choice`` with the chosen land merged by candidate (swap-in) or by candidate and line feature
    (swap-out): one output feature each, with its map area and its area on the swap's basis."""
    groups, first = {}, {}
    for u in list(taken) + ([piece_unit] if piece is not None else []):
        key = (int(units.cand[u]), int(units.line[u]))
        groups.setdefault(key, []).append(piece if u == piece_unit and piece is not None else units.geoms[u])
        first.setdefault(key, u)
    keys = list(groups)
    merged = np.array([g[0] if len(g) == 1 else shapely.union_all(g) for g in groups.values()], dtype=object)
    if len(keys):
        merged = polygonal(merged)
    choice.geoms = merged
    choice.m2 = basis.measure(merged) if len(keys) else np.empty(0)
    own = units.own[np.array([first[k] for k in keys], dtype=np.int64)] if units.own is not None else None
    choice.net = basis.areas(merged, choice.m2, own)
    choice.cand = np.array([k[0] for k in keys], dtype=np.int64)
    choice.line = np.array([k[1] for k in keys], dtype=np.int64)


# -------------------------------------------------------------------------------------------- the new line


def _assemble(inputs, required, choice, hooks):
    """The new line, every piece out and in with its reason, and the balance measured on the result (on the
    swap's basis: map area, or net of field ridges)."""
    measure = inputs.measure
    line = required.line
    _, out_line, out_geoms, out_m2, out_net = choice.pieces(ledger.SWAP_OUT)
    in_cand, _, in_geoms, in_m2, in_net = choice.pieces(ledger.SWAP_IN)
    removal_line = np.r_[required.out_line, out_line].astype(np.int64)
    removal_geoms = np.concatenate([required.out_geoms, out_geoms]) if len(out_geoms) else required.out_geoms
    _refuse_overlapping_removal(line, removal_line, removal_geoms, measure)
    final = subtract(line, removal_geoms, removal_line, np.arange(len(removal_geoms)))
    changed = np.unique(removal_line)
    removed_m2 = np.r_[required.out_m2, out_m2]
    added_m2 = np.r_[required.in_m2, in_m2]
    basis = swap_net.Basis(measure, inputs.net)
    own = inputs.net.of("line", changed) if inputs.net is not None else None
    added_basis = np.r_[required.in_net, in_net] if inputs.net is not None else added_m2
    balance_m2 = float(
        basis.areas(final[changed], measure(final[changed]), own).sum()
        - basis.areas(line[changed], measure(line[changed]), own).sum() + added_basis.sum()
    ) if len(changed) or len(added_m2) else 0.0
    hooks.check()
    added_geoms = np.concatenate([required.in_geoms, in_geoms]) if len(in_geoms) else required.in_geoms
    n_out, n_in = len(out_geoms), len(required.in_geoms) + len(in_geoms)
    balance_reason = inputs.balance_out_reason or BALANCE_OUT_REASON
    removed = Moves(ledger.SWAP_OUT, removal_geoms, removed_m2,
                    list(required.out_reasons) + [balance_reason] * n_out,
                    codes=list(required.out_codes) + [changes.reason_code(balance_reason)] * n_out,
                    projects=list(required.out_projects) + [""] * n_out,
                    reviewed=np.r_[required.out_reviewed, np.full(n_out, -1)].astype(np.int64))
    in_reasons = [inputs.must_in_reasons[k] for k in required.in_source]
    added = Moves(ledger.SWAP_IN, added_geoms, added_m2, in_reasons + [BALANCE_IN_REASON] * len(in_geoms),
                  codes=[""] * n_in, projects=[""] * n_in, reviewed=np.full(n_in, -1, dtype=np.int64))
    kept = required.kept
    kept_moves = Moves(ledger.KEPT, kept.geoms, kept.m2, list(kept.reasons), codes=list(kept.codes),
                       projects=list(kept.projects), reviewed=kept.reviewed)
    if inputs.hsf is not None:
        removed.hsf_m2, added.hsf_m2 = _hsf_parts(removed, added, polygonal(inputs.hsf), measure)
    if inputs.net is not None:
        removed.net, added.net = np.r_[required.out_net, out_net], added_basis
        _net_sources(inputs.net, basis, removed, removal_line, added, (required.in_source, in_cand))
        kept_moves.net = basis.areas(kept.geoms, kept.m2, inputs.net.of("line", kept.line))
    return SwapPlan(required, choice, removed, removal_line, added, required.in_source, in_cand, final,
                    balance_m2, kept=kept_moves if inputs.reviewed is not None else None, kept_from=kept.line)


def _net_sources(net, basis, removed, removal_line, added, added_from):
    """Mark the pieces out and in counted with k = 0 for lack of a ratio (``Moves.no_ratio``).

    ``added_from``: (swap-in feature of each required piece, candidate of each balancing piece).
    """
    removed.no_ratio = basis.without_ratio(removed.geoms, net.of("line", removal_line))
    own_in = np.r_[net.of("must_in", added_from[0]), net.of("candidates", added_from[1])]
    added.no_ratio = basis.without_ratio(added.geoms, own_in)


def _refuse_overlapping_removal(line, removal_line, removal_geoms, measure):
    """Stop when land leaving the line lies in another feature of the line too.

    Each piece that leaves is cut from one feature. Where features of the line overlap (a duplicate,
    a digitising overlap), the other feature either keeps that ground — it stays in the line although
    the ledger counts it out — or loses it as well, and it is counted out twice. Either way the line
    would not keep its area while the balance says it does.
    """
    if not len(removal_geoms):
        return
    pi, lj = overlap_pairs(removal_geoms, line)
    other = lj != removal_line[pi]
    pi, lj = pi[other], lj[other]
    if not len(pi):
        return
    pieces = polygonal(shapely.intersection(removal_geoms[pi], line[lj]))
    double = measure(pieces) > EXACT_M2
    if not double.any():
        return
    features = np.unique(np.r_[removal_line[pi[double]], lj[double]])
    # One overlap is found from both of its features: measure the ground once.
    shared = measure(np.array([shapely.union_all(pieces[double])], dtype=object))
    raise OverlappingLineError(features, float(shared[0]))


def _hsf_parts(removed, added, hsf, measure):
    """The area of each piece out and in that lies in high-standard farmland (two arrays, m²)."""
    pieces = np.concatenate([removed.geoms, added.geoms])
    areas = np.r_[removed.m2, added.m2]
    pi, hj = overlap_pairs(pieces, hsf)
    outside = subtract(pieces, hsf, pi, hj)
    inside = areas - np.where(shapely.is_missing(outside), 0.0, measure(outside))
    return inside[:len(removed)], inside[len(removed):]
