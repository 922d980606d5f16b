"""The technician's review in the plan of a swap: reviewed swap-out candidates, what leaves and what stays.

planmaint:swapcandidates proposes the farmland that may leave, piece by piece, each with its reason; the
technician sets SFTC (是否调出) to 0 on the pieces that stay. ``core.swap`` takes the reviewed pieces as
``Reviewed``; the rules written here:

- a piece with SFTC = 1 leaves the line with its own reason (TZYY), reason code (HCYY) and project (SJXMMC);
- a piece with SFTC = 0 stays: none of its ground leaves, neither for a swap-out polygon that covers it nor
  for the balance, and the ledger lists it as reviewed and kept (不调出), so the scheme shows what was
  considered;
- where reviewed pieces overlap (a piece drawn twice), the ground counts once: kept pieces first (the
  technician's "stays" wins over any "leaves"), then accepted pieces, then the swap-out polygons, each in
  its layer's order.

Pure: numpy and shapely, no qgis.
"""
from dataclasses import dataclass, field

import numpy as np

from . import changes


def _positions():
    return np.empty(0, dtype=np.int64)


@dataclass
class Reviewed:
    """Reviewed swap-out candidates, one entry per feature of the reviewed layer."""

    geoms: np.ndarray
    leave: np.ndarray  # bool: SFTC = 1 leaves, SFTC = 0 stays (``review_flags``)
    reasons: list  # TZYY, the reason in words (the caller puts the default reason where it is blank)
    codes: list = None  # HCYY, the reason code ('' where blank: the code of the words, if they have one)
    projects: list = None  # SJXMMC, the project name ('' where none)

    def __len__(self):
        return len(self.geoms)


def review_flags(values):
    """(leave, positions of values that are not 0 or 1) of the SFTC values of the reviewed pieces.

    1 and 0 are read from numbers, booleans and text ("1", " 0 ", "1.0"); None (NULL) and anything else is
    no answer: the caller names those features, since a piece nobody decided on must not leave quietly.
    """
    leave = np.zeros(len(values), dtype=bool)
    bad = []
    for k, value in enumerate(values):
        number = _flag(value)
        if number is None:
            bad.append(k)
        else:
            leave[k] = number == 1
    return leave, np.array(bad, dtype=np.int64)


def _flag(value):
    if isinstance(value, bool):
        return int(value)
    if value is None:
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number in (0.0, 1.0) else None


@dataclass
class Listed:
    """Every polygon that decides the fate of land inside the line, in precedence order: the reviewed pieces
    kept (the first ``n_stay``), the reviewed pieces accepted, then the swap-out polygons."""

    geoms: np.ndarray
    reasons: list
    codes: list
    projects: list
    reviewed: np.ndarray  # the reviewed piece each comes from; -1 for swap-out polygons
    n_stay: int = 0


def listed(must_out, reasons, codes, reviewed):
    """The ``Listed`` polygons of the swap-out polygons ``must_out`` (their ``reasons``; ``codes`` None or
    one per polygon) and the ``Reviewed`` pieces (None when not given)."""
    codes = list(codes) if codes is not None else [""] * len(must_out)
    n_out = len(must_out)
    if reviewed is None or not len(reviewed):
        return Listed(np.asarray(must_out, dtype=object), list(reasons), _codes(codes, reasons), [""] * n_out,
                      np.full(n_out, -1, dtype=np.int64))
    leave = np.asarray(reviewed.leave, dtype=bool)
    order = np.r_[np.flatnonzero(~leave), np.flatnonzero(leave)].astype(np.int64)
    r_codes = reviewed.codes if reviewed.codes is not None else [""] * len(reviewed)
    r_projects = reviewed.projects if reviewed.projects is not None else [""] * len(reviewed)
    geoms = np.concatenate([np.asarray(reviewed.geoms, dtype=object)[order], np.asarray(must_out, dtype=object)])
    all_reasons = [reviewed.reasons[k] for k in order] + list(reasons)
    return Listed(
        geoms, all_reasons, _codes([r_codes[k] for k in order] + codes, all_reasons),
        [_text(r_projects[k]) for k in order] + [""] * n_out, np.r_[order, np.full(n_out, -1, dtype=np.int64)],
        n_stay=int((~leave).sum()),
    )


def _codes(codes, reasons):
    """Each code as text ('01'), or the code of its reason's words where it is blank ('' when they have none)."""
    out = []
    for code, reason in zip(codes, reasons):
        text = changes.code_text(code)
        out.append(text if text else changes.reason_code(reason))
    return out


def _text(value):
    return "" if value is None else str(value).strip()


@dataclass
class Kept:
    """The ground of the reviewed pieces kept, cut by the line's features: one entry per piece and feature."""

    line: np.ndarray = field(default_factory=_positions)  # the line feature it lies in
    geoms: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    m2: np.ndarray = field(default_factory=lambda: np.empty(0))
    reviewed: np.ndarray = field(default_factory=_positions)  # the reviewed piece it comes from
    reasons: list = field(default_factory=list)
    codes: list = field(default_factory=list)
    projects: list = field(default_factory=list)

    def __len__(self):
        return len(self.geoms)
