"""What assessing the indicators found about the input data, and which of it the user is told.

The table holds numbers; the facts say how the data behaved while they were computed: the patches of each
line, features of a line overlapping each other, slope grades that are no grade, where the farmland's
attributes came from, land-use parcels overlapping each other, land classes no code matched. ``findings``
picks those worth a word, in the order they are told; the caller words them and names the layers.

Pure: numpy only, no qgis.
"""
from dataclasses import dataclass, field

import numpy as np

from .indicator_rows import CULTIVATED_CODES, FOREST_CODES, matches_codes

OWN = "own"  # an attribute of the farmland read from its own field
LANDUSE = "landuse"  # … or from the land-use parcels under it (area-weighted)
STATES = ("before", "after")


@dataclass
class AttributeSources:
    """Where the farmland's land class (``codes``), slope grade and deduction ratio (``net``) came from:
    ``OWN``, ``LANDUSE``, or None when nothing gave it."""

    codes: str = None
    slope: str = None
    net: str = None

    def items(self):
        """(attribute, source) of every attribute that has one, in the order codes, slope, net."""
        return [(name, source) for name, source in (("codes", self.codes), ("slope", self.slope), ("net", self.net))
                if source is not None]


@dataclass
class LineFacts:
    """One state of one line: its patches and the features overlapping each other (positions in the line).

    The farmland's facts also say how many patches are hilly, where its attributes came from, and which
    slope values are no grade: positions of its features, or of the land-use parcels under it when the
    slope came from them (``sources.slope == LANDUSE``).
    """

    patches: int
    overlapping_patches: int
    overlapping: np.ndarray
    hilly_patches: int = None
    sources: AttributeSources = None
    slope_unreadable: np.ndarray = None


@dataclass
class StateFacts:
    """The facts of the lines assessed in one state (a line not assessed in it is None)."""

    pbf: LineFacts = None
    epr: LineFacts = None
    udb: LineFacts = None

    def lines(self):
        """(line name, facts) of the lines assessed, in the order PBF, EPR, UDB."""
        return [(name, facts) for name, facts in (("PBF", self.pbf), ("EPR", self.epr), ("UDB", self.udb))
                if facts is not None]


@dataclass(frozen=True)
class UnmatchedClass:
    """Rows that are 0, or empty, because no land-class code matched their class.

    ``source``: "LANDUSE" for the rows of the land-use parcels, or "before" / "after" for the paddy share
    read from the farmland's own codes. ``land_class``: "cultivated", "forest" or "eco"; ``prefixes``: its
    codes; ``rows``: the keys of the rows concerned.
    """

    source: str
    land_class: str
    prefixes: tuple
    rows: tuple


@dataclass
class Facts:
    """Everything ``assess`` found about the data besides the rows.

    ``after``: only with an after state (and then only its changed lines). ``landuse_overlaps``: (earlier,
    later) positions of land-use parcels overlapping each other, once the parcels were read. ``baseline_m2``
    and ``county_m2``: the areas measured for the expansion factor and the forest cover.
    """

    before: StateFacts = field(default_factory=StateFacts)
    after: StateFacts = None
    landuse_overlaps: tuple = None
    baseline_m2: float = None
    county_m2: float = None
    unmatched: list = field(default_factory=list)

    def states(self):
        """(state name, its facts) of the states assessed: before, and after when there is one."""
        return [(name, facts) for name, facts in (("before", self.before), ("after", self.after)) if facts is not None]


def _class_rows(eco_codes):
    """(class, code prefixes, rows counting the land of that class among the land-use parcels)."""
    return (
        ("cultivated", CULTIVATED_CODES, ("cultivated_land", "epr_cultivated")),
        ("forest", FOREST_CODES, ("forest_land", "forest_cover")),
        ("eco", tuple(eco_codes), ("epr_eco_land",)),
    )


def unmatched_classes(values, ctx, before, after=None):
    """The ``UnmatchedClass`` of each class no code matches while rows count it.

    ``values``: the rows of the before state. A class found in the county but not in a line is a true 0,
    and not listed; neither are rows left empty for another reason.
    """
    found = []
    lu = ctx.landuse
    if lu is not None and len(lu.codes):
        for name, prefixes, keys in _class_rows(ctx.eco_codes):
            keys = tuple(k for k in keys if values.get(k) is not None)
            if keys and not matches_codes(lu.codes, prefixes).any():
                found.append(UnmatchedClass("LANDUSE", name, prefixes, keys))
    for which, lines in (("before", before), ("after", after)):
        pbf = lines.pbf if lines is not None else None
        if (pbf is not None and pbf.codes is not None and len(pbf.codes) and "paddy_share" in values
                and not matches_codes(pbf.codes, CULTIVATED_CODES).any()):
            found.append(UnmatchedClass(which, "cultivated", CULTIVATED_CODES, ("paddy_share",)))
    return found


# --- what the user is told ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LandUseOverlaps:
    """Land-use parcels overlapping earlier ones: their common ground was counted once, for the first.

    ``positions``: every parcel of an overlapping pair, sorted; ``later``: how many parcels overlap an
    earlier one.
    """

    positions: np.ndarray
    later: int


@dataclass(frozen=True)
class OverlappingFeatures:
    """Features of one state of a line overlapping each other in ``patches`` patches (``positions``)."""

    state: str
    line: str
    patches: int
    positions: np.ndarray


@dataclass(frozen=True)
class UnreadableSlopes:
    """Features of one state of the farmland whose own slope value is no grade (``positions``)."""

    state: str
    positions: np.ndarray


@dataclass(frozen=True)
class UnreadableLandUseSlopes:
    """Land-use parcels under the farmland whose slope value is no grade (``positions``, sorted)."""

    positions: np.ndarray


@dataclass(frozen=True)
class AttributeFromLandUse:
    """The farmland's ``attribute`` ("codes", "slope" or "net") was read from the land-use parcels under it."""

    attribute: str


def findings(facts):
    """What the user is told about the data, in this order: land-use parcels overlapping each other; per
    state and line, its overlapping features and its unreadable slope grades; the unreadable grades of the
    land-use parcels under the farmland (once, for every state); the farmland's attributes read from the
    land use; the unmatched classes."""
    found = []
    earlier, later = facts.landuse_overlaps if facts.landuse_overlaps is not None else ((), ())
    if len(later):
        found.append(LandUseOverlaps(np.unique(np.r_[earlier, later]).astype(np.int64), len(np.unique(later))))
    landuse_unreadable = set()
    for state, lines in facts.states():
        for line, line_facts in lines.lines():
            overlapping = line_facts.overlapping
            if line_facts.overlapping_patches and overlapping is not None and len(overlapping):
                found.append(OverlappingFeatures(state, line, line_facts.overlapping_patches, overlapping))
            unreadable = line_facts.slope_unreadable
            if unreadable is None or not len(unreadable):
                continue
            if line_facts.sources is not None and line_facts.sources.slope == LANDUSE:
                landuse_unreadable.update(int(k) for k in unreadable)
                continue
            found.append(UnreadableSlopes(state, unreadable))
    if landuse_unreadable:
        found.append(UnreadableLandUseSlopes(np.array(sorted(landuse_unreadable), dtype=np.int64)))
    farmland = facts.before.pbf
    if farmland is not None and farmland.sources is not None:
        found += [AttributeFromLandUse(what) for what, source in farmland.sources.items() if source == LANDUSE]
    return found + list(facts.unmatched)
