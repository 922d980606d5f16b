"""Settling the conflicts between the control lines (三线冲突处理): which line gives up each overlap.

The three lines must not overlap (三条控制线不交叉不重叠). Where two of them cover the same ground, one keeps it and
the other yields it; the yielded piece then leaves that line as a swap-out candidate of category 矛盾冲突, and the
line is rebalanced like for any other swap-out. Who yields is decided, piece by piece, in this order:

1. a decision of the technician (``Decisions``): a polygon saying which line keeps the ground under it ('PBF',
   'EPR', 'UDB'), or that both keep it ('BOTH': the overlap stays, with the decision's note as the reason). A
   decision naming a line that is not one of the pair does not apply to that pair. Where decisions overlap each
   other, the first in reading order decides;
2. inside a nature-reserve core zone (自然保护地核心保护区), the core-zone rule of the pair, where it has one;
3. elsewhere, the default rule of the pair.

The default rules follow the national guidance on the three lines (中共中央办公厅、国务院办公厅《关于在国土空间规划
中统筹划定落实三条控制线的指导意见》, 2019, part 三 on settling conflicts) and the seed's scheme:

- farmland and red line: the red line yields (the red-line rules let land in conflict with permanent basic
  farmland leave the red line, one of the five conflicts of the seed's 五(一)2); inside a core zone the farmland
  yields instead, since the guidance has farmland inside core zones withdraw step by step (and be made up
  elsewhere in the county);
- farmland and boundary: the boundary yields (the guidance has the boundary occupy no or little farmland);
- red line and boundary: the boundary yields (the guidance has the boundary avoid important ecological land).

Every rule can be changed per pair (``rules_from_options``). The pieces come from the overlap polygons of
``conflicts``: each is cut by the decisions and the core zones into single polygons; pieces smaller than the
minimum area are slivers of the cuts and are dropped, as the overlap's own slivers are.

Pure: shapely and numpy.
"""
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import shapely

from .conflicts import DEFAULT_MIN_AREA_M2, LINE_NAMES, LINES, PAIRS
from .geometry import planar_area, polygon_parts, present, robust_binary

BOTH = "BOTH"
# Why a piece is settled the way it is: the BASIS field of the settlement layer.
RULE = "rule"
CORE_ZONE = "core_zone"
DECISION = "decision"

# The words of each rule, written with the pieces (NOTE) where no decision gives a note of its own: (pair,
# yielding line) → words.
RULE_WORDS = {
    (("PBF", "EPR"), "EPR"): "生态保护红线调出与永久基本农田的矛盾冲突",
    (("PBF", "EPR"), "PBF"): "永久基本农田调出生态保护红线",
    (("PBF", "UDB"), "UDB"): "城镇开发边界避让永久基本农田",
    (("PBF", "UDB"), "PBF"): "永久基本农田调出城镇开发边界",
    (("EPR", "UDB"), "UDB"): "城镇开发边界避让生态保护红线",
    (("EPR", "UDB"), "EPR"): "生态保护红线调出城镇开发边界",
}
CORE_ZONE_WORDS = "自然保护地核心保护区内永久基本农田逐步有序退出"

# The options of each pair's rule, in the order of the algorithm's choices: (yielding line, yielding line inside
# a core zone or None for the same).
PAIR_OPTIONS = {
    ("PBF", "EPR"): (("EPR", "PBF"), ("PBF", None), ("EPR", None)),
    ("PBF", "UDB"): (("UDB", None), ("PBF", None)),
    ("EPR", "UDB"): (("UDB", None), ("EPR", None)),
}


@dataclass(frozen=True)
class Rules:
    """Who yields each pair's overlap: ``yields`` pair → line, and ``core_yields`` pair → line inside a core zone
    (pairs not in it: the same as outside)."""

    yields: dict
    core_yields: dict = field(default_factory=dict)

    def line_yielding(self, pair, in_core):
        return self.core_yields.get(pair, self.yields[pair]) if in_core else self.yields[pair]


def rules_from_options(pbf_epr=0, pbf_udb=0, epr_udb=0):
    """The ``Rules`` of the options (indices into ``PAIR_OPTIONS``); 0, 0, 0 are the defaults of the module doc."""
    yields, core = {}, {}
    for pair, option in zip(PAIRS, (pbf_epr, pbf_udb, epr_udb)):
        choices = PAIR_OPTIONS[pair]
        if not 0 <= int(option) < len(choices):
            raise ValueError(f"rule option {option} of {pair} is not one of 0 … {len(choices) - 1}")
        outside, inside = choices[int(option)]
        yields[pair] = outside
        if inside is not None:
            core[pair] = inside
    return Rules(yields, core)


DEFAULT_RULES = rules_from_options()

# What a decision's KEEP value may say, as written by a technician (upper-cased, blanks removed).
_KEEP_WORDS = {name: name for name in LINES}
_KEEP_WORDS.update({LINE_NAMES[name][1]: name for name in LINES})
_KEEP_WORDS.update({BOTH: BOTH, "保留重叠": BOTH, "均保留": BOTH, "两者保留": BOTH})


def parse_keep(value):
    """'PBF', 'EPR', 'UDB' or 'BOTH' for a decision's KEEP value (codes, Chinese line names, 保留重叠); None when it
    says none of them."""
    text = "" if value is None else str(value).strip().upper()
    return _KEEP_WORDS.get(text)


@dataclass
class Decisions:
    """The technician's decisions: polygons, what each keeps (``parse_keep`` values) and its note."""

    geoms: np.ndarray
    keeps: np.ndarray
    notes: np.ndarray


@dataclass
class Settled:
    """The settled pieces of one pair's overlap; arrays indexed by piece. ``source``: the overlap polygon each
    piece was cut from (so it lies inside the same two features)."""

    pair: tuple
    geoms: np.ndarray
    source: np.ndarray
    yields: np.ndarray  # 'PBF' / 'EPR' / 'UDB', '' where both keep the piece
    keeps: np.ndarray  # the other line, or BOTH
    basis: np.ndarray  # RULE, CORE_ZONE or DECISION
    notes: np.ndarray
    area_m2: np.ndarray

    def __len__(self):
        return len(self.geoms)

    def yielded_m2(self, line):
        return float(self.area_m2[self.yields == line].sum())


@dataclass
class _Chunk:
    geoms: np.ndarray
    source: np.ndarray
    keeps: np.ndarray
    basis: str
    notes: np.ndarray


def _split(geoms, zones):
    """(inside, outside, meeting): each of ``geoms`` cut by the union of the ``zones`` meeting it; ``meeting``
    the positions cut. Where no zone meets a geometry, it is all outside."""
    geoms = np.asarray(geoms, dtype=object)
    inside = np.full(len(geoms), None, dtype=object)
    outside = geoms.copy()
    if not len(geoms) or not len(zones):
        return inside, outside, np.empty(0, dtype=np.int64)
    left, right = shapely.STRtree(zones).query(geoms, predicate="intersects")
    meeting = np.unique(left)
    if not len(meeting):
        return inside, outside, meeting
    cover = np.array([shapely.union_all(zones[right[left == k]]) for k in meeting], dtype=object)
    inside[meeting] = robust_binary(shapely.intersection, geoms[meeting], cover)
    outside[meeting] = robust_binary(shapely.difference, geoms[meeting], cover)
    return inside, outside, meeting


def _first_cover(geoms):
    """Each decision cut to the ground no earlier decision covers (the first decides where they overlap)."""
    out = np.asarray(geoms, dtype=object).copy()
    for k in range(1, len(out)):
        earlier = out[:k][present(out[:k])]
        meet = earlier[shapely.intersects(earlier, out[k])] if len(earlier) and present(out[k:k + 1])[0] else []
        if len(meet):
            out[k] = robust_binary(shapely.difference, out[k], shapely.union_all(meet))
    return out


def _by_decision(pair, geoms, decisions):
    """(chunks decided, the rest of each overlap polygon)."""
    if decisions is None or not len(decisions.geoms):
        return [], geoms
    applies = np.array([keep in pair or keep == BOTH for keep in decisions.keeps], dtype=bool)
    zones = _first_cover(np.asarray(decisions.geoms, dtype=object)[applies])
    keeps = np.asarray(decisions.keeps, dtype=object)[applies]
    notes = np.asarray(decisions.notes, dtype=object)[applies]
    kept = present(zones) if len(zones) else np.zeros(0, dtype=bool)
    zones, keeps, notes = zones[kept], keeps[kept], notes[kept]
    if not len(zones):
        return [], geoms
    left, right = shapely.STRtree(zones).query(geoms, predicate="intersects")
    pieces = robust_binary(shapely.intersection, geoms[left], zones[right])
    chunk = _Chunk(pieces, left, keeps[right], DECISION, notes[right])
    _, rest, _ = _split(geoms, zones)
    return [chunk], rest


def _by_rule(pair, geoms, rules, core_zones):
    """The chunks of the rules: inside the core zones (where the pair has a core-zone rule), then elsewhere."""
    chunks = []
    index = np.arange(len(geoms))
    rest = geoms
    if pair in rules.core_yields and core_zones is not None and len(core_zones):
        inside, rest, _ = _split(geoms, np.asarray(core_zones, dtype=object)[present(core_zones)])
        line = rules.core_yields[pair]
        keep = _other(pair, line)
        chunks.append(_Chunk(inside, index, np.full(len(geoms), keep, dtype=object), CORE_ZONE,
                             np.full(len(geoms), CORE_ZONE_WORDS, dtype=object)))
    line = rules.yields[pair]
    chunks.append(_Chunk(rest, index, np.full(len(geoms), _other(pair, line), dtype=object), RULE,
                         np.full(len(geoms), RULE_WORDS[(pair, line)], dtype=object)))
    return chunks


def _other(pair, line):
    return pair[1] if line == pair[0] else pair[0]


def settle(pair, geoms, rules=DEFAULT_RULES, core_zones=None, decisions: Optional[Decisions] = None,
           measure=planar_area, min_area_m2=DEFAULT_MIN_AREA_M2):
    """The ``Settled`` pieces of ``geoms``, the overlap polygons of ``pair`` (``conflicts.Overlap.geoms``)."""
    pair = tuple(pair)
    geoms = np.asarray(geoms, dtype=object)
    chunks, rest = _by_decision(pair, geoms, decisions)
    chunks += _by_rule(pair, rest, rules, core_zones)
    out = {key: [] for key in ("geoms", "source", "keeps", "basis", "notes")}
    for chunk in chunks:
        parts, at = polygon_parts(chunk.geoms)
        out["geoms"].append(parts)
        out["source"].append(np.asarray(chunk.source, dtype=np.int64)[at])
        out["keeps"].append(np.asarray(chunk.keeps, dtype=object)[at])
        out["basis"].append(np.full(len(parts), chunk.basis, dtype=object))
        out["notes"].append(np.asarray(chunk.notes, dtype=object)[at])
    joined = {key: np.concatenate(values) if values else np.empty(0, dtype=object) for key, values in out.items()}
    area = np.asarray(measure(joined["geoms"]), dtype=float) if len(joined["geoms"]) else np.zeros(0)
    keep = (area >= min_area_m2) & (area > 0)
    # Pieces in the order of the overlap polygons they come from, so a pair reads as its overlap does.
    order = np.argsort(joined["source"][keep], kind="stable")
    keeps = joined["keeps"][keep][order]
    yields = np.array([_other(pair, k) if k in pair else "" for k in keeps], dtype=object)
    return Settled(
        pair=pair, geoms=joined["geoms"][keep][order], source=joined["source"][keep][order].astype(np.int64),
        yields=yields, keeps=keeps, basis=joined["basis"][keep][order], notes=joined["notes"][keep][order],
        area_m2=area[keep][order],
    )
