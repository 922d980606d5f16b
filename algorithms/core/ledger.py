"""调整台账: the ledger of one swap run, the table a maintenance scheme reports its swaps with.

Rows (``kind``):
- ``detail``: one per direction × reason × township, count of pieces and area;
- ``subtotal``: one per direction × reason (the seed reports swap-outs by reason: 坡度15度以上 6.17 ha …);
- ``total``: one per direction;
- reviewed swap-out candidates the technician kept in the line come after both directions, under the
  direction 不调出 (detail, subtotal and total rows), when there are any: the scheme shows what was
  considered; they are in neither the balance nor the quality comparison;
- ``balance``: swapped in minus swapped out (0 when the line's area is kept);
- on the net basis every row but the quality rows has the net area (map area × (1 − KCXS)) beside the map
  area, and the balance that is kept is the net one;
- ``quality``: swapped-in against swapped-out land, for the rule that swap-ins may not be worse
  (area-weighted mean slope grade, lower is better; high-standard farmland share, higher is better).
Directions are the codes 调出 / 调入, written out first and in second, as the seed's text does.
"""
from dataclasses import dataclass, field

import numpy as np

from .units import convert

SWAP_OUT = "调出"
SWAP_IN = "调入"
DIRECTIONS = (SWAP_OUT, SWAP_IN)
KEPT = "不调出"  # a reviewed swap-out candidate that stays in the line
TOWNSHIP_DIGITS = 9  # ZLDWDM: the first 9 digits are the township (乡镇)


def township_of(code):
    """Township code of a location-unit code (ZLDWDM), '' when there is none."""
    if code is None:
        return ""
    text = str(code).strip()
    if not text or text.upper() == "NULL":
        return ""
    return text[:TOWNSHIP_DIGITS]


@dataclass
class LedgerRow:
    kind: str
    direction: str = ""
    reason: str = ""
    township: str = ""
    count: int = 0
    m2: float = 0.0
    indicator: str = ""
    in_value: float = None
    out_value: float = None
    net_m2: float = None  # the net area of the same land, on the net basis; None when gross

    @property
    def mu(self):
        return convert(self.m2, "m2", "mu")

    @property
    def ha(self):
        return convert(self.m2, "m2", "ha")


def weighted_mean(values, weights):
    """Area-weighted mean of the numeric ``values`` (None and non-numbers left out); None when none."""
    numbers = np.array([_number(v) for v in values], dtype=float)
    weights = np.asarray(weights, dtype=float)
    ok = ~np.isnan(numbers) & (weights > 0)
    if not ok.any():
        return None
    return float((numbers[ok] * weights[ok]).sum() / weights[ok].sum())


def number(value):
    """``value`` as a finite float, or None when it is not one (None, "abc", inf)."""
    result = _number(value)
    return None if np.isnan(result) else float(result)


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return np.nan
    return number if np.isfinite(number) else np.nan


def build_ledger(direction, reason, township, area_m2, slope=None, hsf_m2=None, net_m2=None):
    """The ledger rows of the swapped pieces, one entry per piece in every argument.

    ``slope``: slope grade of each piece (None where unknown), or None when no layer has the field;
    ``hsf_m2``: area of each piece inside high-standard farmland, or None when no such layer was given;
    ``net_m2``: net area of each piece on the net basis, or None when the basis is the map area.
    """
    direction = np.asarray(direction, dtype=object)
    reason = np.asarray(reason, dtype=object)
    township = np.asarray(township, dtype=object)
    area_m2 = np.asarray(area_m2, dtype=float)
    rows = _area_rows(direction, reason, township, area_m2)
    if net_m2 is not None:
        # The same rows over the net areas, in the same order: their areas go beside the map areas.
        for row, net_row in zip(rows, _area_rows(direction, reason, township, np.asarray(net_m2, dtype=float))):
            row.net_m2 = net_row.m2
    return rows + _quality_rows(direction, area_m2, slope, hsf_m2)


def _area_rows(direction, reason, township, area_m2):
    """The detail, subtotal, total and balance rows of the areas ``area_m2``."""
    rows = []
    totals = {}
    for d in DIRECTIONS + ((KEPT,) if (direction == KEPT).any() else ()):
        in_direction = direction == d
        reasons = list(dict.fromkeys(reason[in_direction]))  # in order of first appearance
        for r in reasons:
            in_reason = in_direction & (reason == r)
            for t in sorted(set(township[in_reason])):
                sel = in_reason & (township == t)
                rows.append(LedgerRow("detail", d, r, t, int(sel.sum()), float(area_m2[sel].sum())))
            rows.append(LedgerRow("subtotal", d, r, "", int(in_reason.sum()), float(area_m2[in_reason].sum())))
        totals[d] = float(area_m2[in_direction].sum())
        rows.append(LedgerRow("total", d, "", "", int(in_direction.sum()), totals[d]))
    rows.append(LedgerRow("balance", m2=totals[SWAP_IN] - totals[SWAP_OUT]))
    return rows


def _quality_rows(direction, area_m2, slope, hsf_m2):
    """The quality rows: mean slope grade and high-standard farmland share, in against out."""
    rows = []
    if slope is not None:
        slope = np.asarray(slope, dtype=object)
        means = {d: weighted_mean(slope[direction == d], area_m2[direction == d]) for d in DIRECTIONS}
        if means[SWAP_IN] is not None or means[SWAP_OUT] is not None:
            rows.append(LedgerRow("quality", indicator="slope", in_value=means[SWAP_IN],
                                  out_value=means[SWAP_OUT]))
    if hsf_m2 is not None:
        hsf_m2 = np.asarray(hsf_m2, dtype=float)
        share = {}
        for d in DIRECTIONS:
            sel = direction == d
            total = area_m2[sel].sum()
            share[d] = float(100.0 * hsf_m2[sel].sum() / total) if total > 0 else None
        rows.append(LedgerRow("quality", indicator="hsf", in_value=share[SWAP_IN], out_value=share[SWAP_OUT]))
    return rows


def quality_worse(rows):
    """Indicators on which the swapped-in land is worse than the swapped-out land."""
    worse = []
    for row in rows:
        if row.kind != "quality" or row.in_value is None or row.out_value is None:
            continue
        if row.indicator == "slope" and row.in_value > row.out_value + 1e-9:
            worse.append(row)
        elif row.indicator == "hsf" and row.in_value < row.out_value - 1e-9:
            worse.append(row)
    return worse


@dataclass(frozen=True)
class QualityVerdict:
    """The rule that swapped-in land is not of lower quality than swapped-out land (质量不降低), applied.

    ``worse``: the quality rows on which the land swapped in is worse; ``as_error``: a lower quality stops
    the run (the algorithm's QUALITY_ERROR) instead of being warned about.
    """

    worse: tuple = field(default_factory=tuple)
    as_error: bool = False

    @property
    def stops(self):
        """The run must stop: the land swapped in is worse and that is an error."""
        return self.as_error and bool(self.worse)


def judge_quality(rows, as_error=False):
    """The ``QualityVerdict`` of the ledger ``rows``: equal or better quality always passes."""
    return QualityVerdict(tuple(quality_worse(rows)), bool(as_error))
