"""划入划出记录: the per-piece record of one swap, in the form of the old national 基本农田划入划出 table.

The old national standard's attribute table of farmland joining and leaving (基本农田划入划出, table JBNTHRHC
of the basic farmland database standard) is the model: one row per piece that joins (划入) or leaves (划出),
and per reviewed candidate kept in the line. Its rules as this record applies them:

- HRHCLXDM (text, 1 character): "1" joins, "2" leaves, "0" kept (the standard's 0 is all farmland kept;
  here only the reviewed candidates that stay are listed, so the record shows what was considered).
- XZQDM (text, 12): the administrative code down to the village, the first 12 characters of the piece's
  location unit code (坐落单位代码, ZLDWDM: 12 digits of the village, then the group); XZQMC its name.
- HRHCTBBH (text, 20): the standard's number of a piece that leaves is XZQDM (12) + a 6-digit sequence +
  "HC"; pieces that join are numbered the same way with "HR" (the standard gives them the farmland parcel
  number, which a new parcel does not have yet); kept pieces keep their farmland parcel number when the
  caller knows it. The sequence counts the rows of one code and one kind, from 000001, in the row order:
  pieces that leave, then those that join, then those kept, each ordered by code and then as the plan
  lists them.
- TBMJ and the four land-class areas GDMJ, QTNYDMJ, JSYDMJ, WLYDMJ (cultivated, other agricultural,
  construction, unused; m², two decimals): each piece's area rounded to the cent so that the rows of one kind
  add up to that kind's total rounded to the cent (so the record agrees with the ledger within half a
  cent, and each row with its geometry within a cent: 图数一致), and its four areas rounded so that they add
  up to its TBMJ exactly.
- HCYY (text, 2): the swap-out reason code of planmaint:swapcandidates (farmland 01 坡度15度以上 … 08
  矛盾冲突：城镇开发边界, red line 11–18, boundary 21–23), for pieces that leave only (a swap-in's category is in
  TZYY); the standard's own table of codes (规划调整预留建设用地 …) belongs to the plans of its time. TZYY is the
  reason in words (not in the standard: the scheme's text needs it). SJXMMC the project.

Pure: numpy and shapely, no qgis.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import candidates, fragments, ledger

KEPT, IN, OUT = "0", "1", "2"  # HRHCLXDM
KIND_ORDER = (OUT, IN, KEPT)  # the order of the rows, as the ledger writes its directions
KIND_OF_DIRECTION = {ledger.SWAP_OUT: OUT, ledger.SWAP_IN: IN, ledger.KEPT: KEPT}
LETTERS = {OUT: "HC", IN: "HR"}
XZQDM_CHARS = 12
SEQUENCE_DIGITS = 6
# Every line's swap-out categories: a red-line or boundary piece leaving by its words gets its code too. The
# conflicts' words name the other line, so two lines share them (矛盾冲突：永久基本农田 is the red line's 12 and
# the boundary's 22): by words alone the first line's code is given; ``CODE_OF_LINE_WORDS`` tells them apart.
CODE_OF_LINE_WORDS = {line: {reason.words: reason.code for reason in reasons}
                      for line, reasons in candidates.LINE_REASONS.items()}
CODE_OF_WORDS = {}
for _reason in candidates.EVERY_REASON:
    CODE_OF_WORDS.setdefault(_reason.words, _reason.code)


def code_text(value):
    """A reason code as text: '04' from 4, 4.0, '4' or '04'; other text as it is; '' when blank."""
    if value is None or isinstance(value, bool):
        return ""
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    if number.is_integer() and 0 <= number < 100:
        return f"{int(number):02d}"
    return text


def reason_code(words, line=None):
    """The code (HCYY) of a reason in the words of planmaint:swapcandidates; '' for any other reason. ``line``
    ('pbf', 'epr', 'udb', any case): that line's code of the words; None: the first line's that has them."""
    table = CODE_OF_WORDS if line is None else CODE_OF_LINE_WORDS[str(line).lower()]
    return table.get(str(words or "").strip(), "")


def location_code(value):
    """XZQDM of a location unit code: its first 12 characters ('' when blank)."""
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.upper() == "NULL" else text[:XZQDM_CHARS]


# --- the land-class breakdown -----------------------------------------------------------------------------


@dataclass
class LandUse:
    """The land-use parcels (地类图斑) the breakdown overlays, and their land-class codes."""

    geoms: np.ndarray
    # codes_of(positions): the four-digit text codes of the parcels at ``positions`` ('' where none). Asked
    # only for the parcels under a piece: a county has 200 000 parcels, the record a few thousand pieces.
    codes_of: Callable


def own_groups(codes):
    """The category (``candidates.GROUPS``) of each piece's own land-class code; cultivated where it has none."""
    groups = candidates.land_groups(codes)
    return np.where(groups >= 0, groups, candidates.CULTIVATED)


def land_breakdown(pieces, m2, fallback, landuse=None, shares=None, measure=fragments.planar_area):
    """(pieces, 4) m² of cultivated, other agricultural, construction and unused land under each piece.

    With ``landuse``: the overlay (``candidates.breakdown``: overlapping parcels count once, for the first;
    ground under no parcel or a code of no class counts in the piece's ``fallback`` category). Without it:
    a row of ``shares`` (any four numbers, NaN where unknown: the breakdown a reviewed candidate carries)
    spread over the piece's area, else the whole piece in its ``fallback`` category. Rows add up to ``m2``.
    """
    pieces = np.asarray(pieces, dtype=object)
    m2 = np.asarray(m2, dtype=float)
    fallback = np.asarray(fallback, dtype=np.int64)
    n = len(pieces)
    if landuse is not None and n:
        geoms = np.asarray(landuse.geoms, dtype=object)
        i, s = candidates.interior_pairs(pieces, geoms)
        under, s = np.unique(s, return_inverse=True)
        ground, _ = candidates.ground_under(geoms[under], i, s.astype(np.int64))
        groups = candidates.land_groups(np.asarray(landuse.codes_of(under), dtype=object))
        class_m2, _ = candidates.breakdown(pieces, m2, fallback, ground, groups, measure)
        return class_m2
    class_m2 = np.zeros((n, len(candidates.GROUPS)))
    class_m2[np.arange(n), fallback] = m2
    if shares is not None and n:
        shares = np.asarray(shares, dtype=float)
        total = shares.sum(axis=1)
        known = np.isfinite(total) & (total > 0) & (shares >= 0).all(axis=1)
        class_m2[known] = shares[known] * (m2[known] / total[known])[:, None]
    return class_m2


# --- areas to the cent ------------------------------------------------------------------------------------


def _cents_down(values):
    cents = np.floor(np.asarray(values, dtype=float) * 100.0)
    return cents, np.asarray(values, dtype=float) * 100.0 - cents


def round_keeping_sum(values):
    """``values`` (m²) in whole cents, adding up to their sum rounded to the cent; each moves by less than a
    cent (the largest remainders take the cents left over). Returns integer cents."""
    cents, remainder = _cents_down(values)
    if not len(cents):
        return cents.astype(np.int64)
    left = int(round(float(np.sum(values)) * 100.0 - cents.sum()))
    order = np.argsort(-remainder, kind="stable")
    cents[order[:max(min(left, len(cents)), 0)]] += 1
    return cents.astype(np.int64)


def split_cents(parts, totals):
    """Rows of ``parts`` (m²) in whole cents, each row adding up to its ``totals`` (integer cents): the parts
    with the largest remainders take the cents left over, then the largest part takes what is still left
    (never more than a cent or two: ``totals`` are the rows' sums rounded)."""
    parts = np.asarray(parts, dtype=float)
    cents, remainder = _cents_down(parts)
    if not len(cents):
        return cents.astype(np.int64)
    left = np.asarray(totals, dtype=np.int64) - cents.sum(axis=1).astype(np.int64)
    # An empty part stays empty while a part with land can take the cent.
    remainder = np.where(parts > 0, remainder, -1.0)
    rank = np.argsort(np.argsort(-remainder, axis=1, kind="stable"), axis=1)
    cents += (rank < np.clip(left, 0, parts.shape[1])[:, None]) & (remainder >= 0)
    rest = np.asarray(totals, dtype=np.int64) - cents.sum(axis=1).astype(np.int64)
    cents[np.arange(len(cents)), np.argmax(parts, axis=1)] += rest
    return cents.astype(np.int64)


# --- the record -------------------------------------------------------------------------------------------


@dataclass
class RecordInputs:
    """One entry per piece of the swap, in any order; the record orders and numbers them."""

    kind: list  # KEPT, IN or OUT
    m2: np.ndarray  # the piece's area, as the ledger counts it
    class_m2: np.ndarray  # (pieces, 4) m², adding up to ``m2`` (``land_breakdown``)
    location: list  # location unit code (ZLDWDM) of the piece's feature, None where none
    reasons: list  # TZYY
    codes: list  # HCYY ('' where none)
    projects: list  # SJXMMC ('' where none)
    names: list = None  # XZQMC, None where none
    numbers: list = None  # farmland parcel number (基本农田图斑编号) of kept pieces, None where none


@dataclass
class Record:
    """The rows of the record, in order; ``piece`` says which input each row records."""

    piece: np.ndarray
    kind: list  # HRHCLXDM
    xzqdm: list
    xzqmc: list
    number: list  # HRHCTBBH
    tbmj: np.ndarray  # m², whole cents
    class_m2: np.ndarray  # (rows, 4) m², whole cents, adding up to ``tbmj``
    hcyy: list
    tzyy: list
    sjxmmc: list

    def __len__(self):
        return len(self.piece)

    def total(self, kind):
        """TBMJ of the rows of one kind (m²)."""
        return float(sum(t for t, k in zip(self.tbmj.tolist(), self.kind) if k == kind))


def from_moves(moves, class_m2, location, names=None, numbers=None):
    """The ``RecordInputs`` of the pieces of a plan (``SwapPlan.moves()``: ``Moves`` of pieces out, in and
    kept); the other arguments are one entry per piece of those, in the same order."""
    def joined(name):
        return sum((list(getattr(m, name) or [""] * len(m)) for m in moves), [])

    return RecordInputs(
        kind=sum(([KIND_OF_DIRECTION[m.direction]] * len(m) for m in moves), []),
        m2=np.concatenate([np.asarray(m.m2, dtype=float) for m in moves]) if moves else np.empty(0),
        class_m2=class_m2, location=list(location), reasons=joined("reasons"), codes=joined("codes"),
        projects=joined("projects"), names=names, numbers=numbers,
    )


def record(inputs: RecordInputs) -> Record:
    """The record of the pieces (see the module doc for the rules)."""
    n = len(inputs.kind)
    kind = np.array(list(inputs.kind), dtype=object)
    xzqdm = np.array([location_code(v) for v in inputs.location], dtype=object)
    rank = np.array([KIND_ORDER.index(k) for k in kind], dtype=np.int64)
    order = np.lexsort((np.arange(n), xzqdm.astype(str), rank)) if n else np.empty(0, dtype=np.int64)
    m2 = np.asarray(inputs.m2, dtype=float)
    cents = np.zeros(n, dtype=np.int64)
    for k in KIND_ORDER:
        of_kind = np.flatnonzero(kind == k)
        cents[of_kind] = round_keeping_sum(m2[of_kind])
    parts = split_cents(np.asarray(inputs.class_m2, dtype=float).reshape(n, len(candidates.GROUPS)), cents)
    names = inputs.names if inputs.names is not None else [None] * n
    numbers = inputs.numbers if inputs.numbers is not None else [None] * n
    sequence = {}
    numbered = []
    for p in order.tolist():
        if kind[p] in LETTERS:
            key = (xzqdm[p], kind[p])
            sequence[key] = sequence.get(key, 0) + 1
            numbered.append(f"{xzqdm[p]}{sequence[key]:0{SEQUENCE_DIGITS}d}{LETTERS[kind[p]]}")
        else:
            numbered.append(_blank_none(numbers[p]))
    return Record(
        piece=order, kind=[kind[p] for p in order], xzqdm=[xzqdm[p] or None for p in order],
        xzqmc=[_blank_none(names[p]) for p in order], number=numbered,
        tbmj=cents[order] / 100.0, class_m2=parts[order] / 100.0,
        hcyy=[inputs.codes[p] or None for p in order], tzyy=[inputs.reasons[p] or None for p in order],
        sjxmmc=[inputs.projects[p] or None for p in order],
    )


def _blank_none(value):
    if value is None:
        return None
    text = str(value).strip()
    return text if text and text.upper() != "NULL" else None
