"""The land swapped out of and into each line by category (调入调出分类), as the seed accounts for it (五(一)).

The seed gives each line's swaps by category: the farmland's six swap-out reasons, the red line's legal categories
out (已依法撤销…, the five conflicts, 技术勘正) and in (新设水源地, 生态公益林, holes), the boundary's land with no
construction demand out and its infrastructure projects and slivers in. planmaint:edgeswap's SWAPPED_OUT and
SWAPPED_IN pieces carry their category's words in TZYY; this module sums their area by those words:

- every category of the line and direction is listed, in the order of its table (``candidates.LINE_REASONS`` out,
  ``swapins.LINE_CATEGORIES`` in), with 0 pieces and 0 ha when none of the pieces is of it, so a category whose
  layer the county lacks shows as empty rather than missing;
- pieces whose words are none of the categories (edgeswap's balancing reasons such as 矛盾冲突调出 or 现状无建设需求
  on another line, a technician's own words) follow under their own words, in the order they first appear; pieces
  without words under ``NO_WORDS``.

Words match after surrounding blanks are removed, exactly otherwise. Areas are the pieces' measured areas (the
caller's ``measure``, the indicators' area method), summed per category: the pieces of one edgeswap output do not
overlap, so nothing counts twice.

Pure: numpy and shapely, no qgis.
"""
from dataclasses import dataclass

import numpy as np

from . import units
from .candidates import LINE_REASONS
from .geometry import present
from .swapins import LINE_CATEGORIES

LINES = ("PBF", "EPR", "UDB")
DIRECTIONS = ("out", "in")
DIRECTION_NAMES = {"out": ("Swapped out", "调出"), "in": ("Swapped in", "调入")}
NO_WORDS = ("(no reason given)", "（未填写调整原因）")


@dataclass(frozen=True)
class SwapPieces:
    """The pieces one layer swapped out of (``direction`` "out") or into ("in") a line ("PBF", "EPR", "UDB"):
    their geometries and their TZYY (None where empty)."""

    line: str
    direction: str
    geoms: np.ndarray
    reasons: list


@dataclass(frozen=True)
class CategoryArea:
    """One row of the tally: the words (TZYY; "" for pieces without any), the category's code ("" for words of no
    category), the number of pieces, their area in hectares, and whether it is one of the line's categories."""

    words: str
    code: str
    pieces: int
    area_ha: float
    listed: bool


@dataclass(frozen=True)
class LineSwaps:
    """The tally of one line and direction: its categories then the other words (``CategoryArea``)."""

    line: str
    direction: str
    rows: tuple

    @property
    def total_ha(self):
        return float(sum(row.area_ha for row in self.rows))

    @property
    def total_pieces(self):
        return sum(row.pieces for row in self.rows)


def categories_of(line, direction):
    """The categories (``candidates.Reason``) of a line and direction, in the order of their table."""
    table = LINE_REASONS if direction == "out" else LINE_CATEGORIES
    return table[line.lower()]


def _words(value):
    return "" if value is None else str(value).strip()


def tally(pieces, measure):
    """The ``LineSwaps`` of ``pieces`` (``SwapPieces``); ``measure``: geometries → m² (the area method)."""
    geoms = np.asarray(pieces.geoms, dtype=object)
    area_m2 = np.zeros(len(geoms))
    shown = present(geoms) if len(geoms) else np.zeros(0, dtype=bool)
    if shown.any():
        area_m2[shown] = measure(geoms[shown])
    sums, counts = {}, {}
    for words, m2 in zip(map(_words, pieces.reasons), area_m2.tolist()):
        sums[words] = sums.get(words, 0.0) + m2
        counts[words] = counts.get(words, 0) + 1
    rows = []
    known = set()
    for reason in categories_of(pieces.line, pieces.direction):
        known.add(reason.words)
        rows.append(CategoryArea(reason.words, reason.code, counts.get(reason.words, 0),
                                 units.m2_to_ha(sums.get(reason.words, 0.0)), True))
    for words in sums:
        if words not in known:
            rows.append(CategoryArea(words, "", counts[words], units.m2_to_ha(sums[words]), False))
    return LineSwaps(pieces.line, pieces.direction, tuple(rows))


def tally_all(given, measure):
    """The ``LineSwaps`` of every ``SwapPieces`` in ``given``, by line (farmland, red line, boundary), out before
    in."""
    order = {(line, direction): k for k, (line, direction) in
             enumerate((line, direction) for line in LINES for direction in DIRECTIONS)}
    return [tally(pieces, measure) for pieces in sorted(given, key=lambda p: order[(p.line, p.direction)])]


def words_shown(row, lang):
    """The words a row is shown by: the category's or the pieces' own, ``NO_WORDS`` for none."""
    return row.words or NO_WORDS[0 if lang == "en" else 1]
