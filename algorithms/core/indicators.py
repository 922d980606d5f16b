"""Indicators of a maintenance scheme (tables 5-1, 5-2, 5-3 of the seed; DOMAIN.md §2.4), from geometry.

A scheme is judged by one table per control line: goal (优化导向), indicator (具体指标), before (调整前),
after (调整后), change (变化). Computing each row from the maps keeps map and numbers in agreement
(图数一致). The work is split by concept:

- ``indicator_rows``: the rules, ``ROWS`` (every row the plugin can produce, in table order) and one small
  pure function per indicator;
- ``indicator_geometry``: measuring, overlays of parcels, zones cut into grid parts, swapped regions;
- ``indicator_inputs``: the lines of a state, the land-use parcels and the rest of a run (``Context``);
- ``indicator_facts``: what the assessment found about the data, and which of it is worth telling;
- ``indicator_quotas``: the binding targets checked against the rows, the area basis, the whole table;
- ``indicator_swaps``: the quality of the farmland that joined against the farmland that left;
- ``indicator_eco``: the verdict that the red line's ecological-function land did not fall;
- ``indicator_udb``: the development boundary's scale and increment, and the verdicts that its area and its
  expansion factor did not grow;
- this module: ``assess``, the whole computation for the before and after states of the three lines. It
  also gives the public names of the others, so callers may import them all from here.

Conventions (printed in the report so a reviewer can check them):

- Areas are m² until the last step; each row is converted to its unit through ``core.units``.
- Land classes are matched by code prefix: "03" matches 0301 … 0307, "0101" matches 0101 and 0101K.
  Cultivated land (耕地) is 0101 水田, 0102 水浇地, 0103 旱地; forest (林地) is 03xx.
- Slope above 15° is slope grade (坡度级别) 4 or 5.
- With the field-ridge deduction on, an area of cultivated land counts as area × (1 − KCXS): 耕地保有量,
  the PBF area and the PBF shares, the PBF slope row, contiguity and cultivated land in the red line.
  Patch thresholds (fragments, patches under 1 km²) always use the map area of the patch.
- Patches are features merged where they touch, overlap or lie within the merge distance
  (``fragments.find_fragments`` through ``patches.label_patches``), as in 按邻近图斑融合后统计. The area of a
  line is the area of its patches, so features overlapping each other count once.
- Overlapping features of a line (a duplicated parcel, a digitising overlap) are a data error, and every
  area counts their common ground once: for the rows read from the farmland's attributes (shares, slope,
  net area) it belongs to the first of the overlapping features in reading order
  (``conflicts.first_cover_parts``), and the overlaps between lines are counted the same way. The
  overlapping features are listed in the facts (``Facts``) so the caller can name them.
- A slope grade is a whole number 1–5. Any other value (text such as "abc", 0, 7, 2.5) cannot say
  whether the land is steep: it is left out of the slope row and listed in the facts, never read as flat.
- The paddy/irrigated share and the slope row are measured inside the permanent basic farmland: from the
  PBF features' own land-class and slope fields, or else from the land-use parcels under them (area of
  each parcel's intersection with the PBF).
- Road density and the 5-minute walk coverage are measured inside the central urban area; when the urban
  development boundary is given, inside its part within the central area (城镇开发边界 ∩ 中心城区), so they
  follow the maintenance of the boundary. Walk distance is a straight-line distance around the parks.
- Land use, forest, the county and the baseline do not change with maintenance: their rows have an after
  value equal to the before value whenever the farmland has an after state.

Pure: numpy and shapely, no qgis. Areas and lengths come from ``measure`` / ``measure_length`` callables
(geometries → m² / m) so the caller decides planar or ellipsoidal measurement.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from . import conflicts, fragments, holes, parallel, units
from .geometry import planar_area, planar_length, present, robust_binary
from .indicator_eco import EcoVerdict, judge as judge_eco
from .indicator_facts import (
    LANDUSE,
    OWN,
    AttributeSources,
    Facts,
    LineFacts,
    StateFacts,
    UnmatchedClass,
    findings,
    unmatched_classes,
)
from .indicator_geometry import (
    geometry_copies,
    memoized,
    overlapping_positions,
    overlay_pieces,
    red_line_pieces,
    robust_one,
    state_wkb,
    swapped_regions,
    swapped_regions_of_wkb,
    union_of,
    zone_parts,
)
from .indicator_inputs import Context, Farmland, LandUse, Lines
from .indicator_quotas import QUOTAS, Quota, TableRow, Targets, check as check_quotas, quota_parts, row_key, table_of
from .indicator_rows import (
    CULTIVATED_CODES,
    DEFAULT_ECO_CODES,
    DEFAULT_WALK_DISTANCE_M,
    EPR_SMALL_PATCH_KM2,
    FOREST_CODES,
    GOALS,
    HILLY_FRAGMENT_MU,
    HOLE_HOLDS_MIN_M2,
    LAND_USE_ROWS,
    LANGUAGES,
    LINE_TITLES,
    OVERLAP_KEYS,
    PADDY_IRRIGATED_CODES,
    PLAIN_FRAGMENT_MU,
    ROW_BY_KEY,
    ROWS,
    SMALL_HOLE_MU,
    STEEP_MIN_GRADE,
    UDB_FRAGMENT_MU,
    UNIT_DISPLAY,
    WALK_QUAD_SEGMENTS,
    ZONE_GRID_CELLS,
    Row,
    blank_rows_of_empty,
    change,
    class_area_m2,
    contiguity_mu,
    count_under,
    cultivated_area_m2,
    expansion_factor,
    forest_cover,
    fragment_count,
    high_standard_share,
    holes_holding,
    matches_codes,
    net_factors,
    netted,
    paddy_irrigated_share,
    parse_codes,
    percent,
    read_slope_grades,
    road_density,
    row_cells,
    rows_reading,
    rows_with_after,
    slope_grades,
    steep_area_m2,
    table_rows,
    walk_coverage,
)
from .indicator_swaps import SwappedSide, SwapQuality, SwapSources, assess_swaps
from .indicator_udb import NotIncreasing, increment_ha, judge as judge_udb
from .indicator_udb_zones import PlanningZones, UrbanZones

# The holes the table counts are those of each line snapped to a micrometre (layer units: metres in a county's
# projected CRS), so that a window an overlay left pinched within a nanometre of a patch's outline counts the
# same on every GEOS version (``holes.snapped``); no area changes at the table's decimals.
HOLE_GRID = 1e-6

# The public names of the indicators, wherever they are defined: callers import them all from here.
__all__ = [
    "LANDUSE", "OWN", "AttributeSources", "Facts", "LineFacts", "StateFacts", "UnmatchedClass", "findings",
    "unmatched_classes",
    "geometry_copies", "memoized", "overlay_pieces", "planar_area", "planar_length", "red_line_pieces",
    "state_wkb", "swapped_regions", "swapped_regions_of_wkb", "union_of", "zone_parts",
    "Context", "Farmland", "LandUse", "Lines",
    "CULTIVATED_CODES", "DEFAULT_ECO_CODES", "DEFAULT_WALK_DISTANCE_M", "EPR_SMALL_PATCH_KM2", "FOREST_CODES",
    "GOALS", "HILLY_FRAGMENT_MU", "HOLE_HOLDS_MIN_M2", "LAND_USE_ROWS", "LANGUAGES", "LINE_TITLES",
    "OVERLAP_KEYS", "PADDY_IRRIGATED_CODES", "PLAIN_FRAGMENT_MU", "ROW_BY_KEY", "ROWS", "SMALL_HOLE_MU",
    "STEEP_MIN_GRADE", "UDB_FRAGMENT_MU", "UNIT_DISPLAY", "WALK_QUAD_SEGMENTS", "ZONE_GRID_CELLS", "Row",
    "blank_rows_of_empty", "change", "class_area_m2", "contiguity_mu", "count_under", "cultivated_area_m2",
    "expansion_factor", "forest_cover", "fragment_count", "high_standard_share", "holes_holding",
    "matches_codes", "net_factors", "paddy_irrigated_share", "parse_codes", "percent", "read_slope_grades",
    "road_density", "row_cells", "rows_reading", "rows_with_after", "slope_grades", "steep_area_m2",
    "table_rows", "walk_coverage",
    "QUOTAS", "Quota", "TableRow", "Targets", "check_quotas", "quota_parts", "row_key", "table_of",
    "SwapQuality", "SwappedSide", "SwapSources", "assess_swaps", "EcoVerdict", "judge_eco",
    "NotIncreasing", "increment_ha", "judge_udb", "PlanningZones",
    "Assessment", "assess", "empty_inputs", "table",
]


def empty_inputs(lines, ctx, fallback=None):
    """Names of the inputs of one state that are given but hold no feature: its lines (a line the state
    lacks taken from ``fallback``, the state before) and LANDUSE."""
    out = set()
    for name in ("PBF", "EPR", "UDB"):
        geoms = lines.get(name)
        if geoms is None and fallback is not None:
            geoms = fallback.get(name)
        if geoms is not None and not len(geoms):
            out.add(name)
    if ctx.landuse is not None and not len(ctx.landuse.geoms):
        out.add("LANDUSE")
    return out


@dataclass
class Assessment:
    """What ``assess`` found: row values per state, the overlaps, the facts about the data (``Facts``), the
    binding targets checked (``indicator_quotas.Quota``), whether areas are net of field ridges (``net``) and
    the quality of the farmland swapped out and in (``swaps``, ``indicator_swaps.SwapQuality``; None without
    those layers)."""

    before: dict
    after: dict = None
    overlaps_before: dict = field(default_factory=dict)
    overlaps_after: dict = field(default_factory=dict)
    facts: Facts = field(default_factory=Facts)
    quotas: tuple = ()
    net: bool = False
    swaps: SwapQuality = None


@dataclass
class _FarmlandAttributes:
    """Per feature of one state of the farmland: paddy, cultivated and steep m² (gross, None without a
    source) and the net factor; where they came from; and the positions of the features (own field) or of
    the land-use parcels under the farmland (land-use field) whose slope value is no grade: they are left
    out of the slope row."""

    paddy: np.ndarray
    cultivated: np.ndarray
    steep: np.ndarray
    net: np.ndarray
    sources: AttributeSources
    slope_unreadable: np.ndarray


class _Assessor:
    """Computes the rows group by group, remembering what two states share (holes, patches, land-use sums)."""

    def __init__(self, ctx, progress=None):
        self.ctx = ctx
        self.measure = memoized(ctx.measure)
        self.progress = progress or (lambda fraction: None)
        self.facts = Facts()
        self._memo = {}
        self._inside = {}
        self.urban_zones = UrbanZones(ctx.zones, self.measure)
        # Work on the parcels in another thread (the red line's land, see assess), waited for before the
        # parcels are touched here.
        self.land_aside = None
        # The overlap check of a county's parcels needs none of the lines: it runs on the other core while
        # the lines are assessed. Until landuse_ground() has returned, nothing here touches the parcels.
        if ctx.landuse is not None:
            ctx.landuse.find_own_ground()

    def landuse_ground(self):
        """The land-use parcels cut to their own ground (overlapping ground counted once, for the first)."""
        if self.land_aside is not None:
            self.land_aside.result()  # the other thread is done with the parcels
        ground, pairs = self.ctx.landuse.own_ground()
        self.facts.landuse_overlaps = pairs
        return ground

    def _memo_by_array(self, name, geoms, compute):
        # Keyed by the array object, which the memo keeps alive so its id stays unique.
        key = (name, id(geoms))
        hit = self._memo.get(key)
        if hit is None or hit[0] is not geoms:
            hit = (geoms, compute())
            self._memo[key] = hit
        return hit[1]

    def rows_of_state(self, state, given, land_later, step):
        """Row values of one state (``_State``), its facts kept in ``self.facts``.

        ``given``: the lines of the before state; ``land_later``: collects the values of each state whose red
        line's land-use rows come once the parcels' own ground is found; ``step``: called after each group.
        """
        ctx, out, facts = self.ctx, {}, StateFacts()
        todo = given if state.only is None else state.only
        everything = state.only is None
        pbf, epr, udb = state.now.pbf, state.now.epr, state.now.udb
        if "PBF" in todo:
            rows, facts.pbf = self.farmland(pbf)
            out.update(rows)
            step()
        if "EPR" in todo:
            rows, facts.epr = self.red_line(epr)
            out.update(rows)
            if ctx.landuse is not None:
                land_later.append(out)
            step()
        if "UDB" in todo:
            rows, facts.udb = self.urban(udb)
            out.update(rows)
            out.update(self.urban_zones.rows(udb, state.udb_before))
            step()
        if ctx.central is not None and (ctx.roads is not None or ctx.parks is not None) and (
            everything or "UDB" in todo
        ):
            out.update(self.central_area(udb))
        # Rows joining two lines: recomputed when either side changed.
        if pbf is not None and epr is not None and (everything or {"PBF", "EPR"} & todo):
            out["epr_holes_pbf"] = units.convert(float(self.farmland_in_holes("epr", epr, pbf.geoms).sum()), "m2", "ha")
        if pbf is not None and udb is not None and (everything or {"PBF", "UDB"} & todo):
            blocked = self.farmland_in_holes("udb", udb, pbf.geoms)
            out["udb_pbf_holes"] = holes_holding(blocked)
            out["udb_pbf_holes_area"] = units.convert(float(blocked[blocked > HOLE_HOLDS_MIN_M2].sum()), "m2", "ha")
        step()
        setattr(self.facts, state.name, facts)
        return out

    # Land use: the same in both states.
    def land_use(self):
        ctx = self.ctx
        out = {}
        if ctx.landuse is None:
            return out
        lu = ctx.landuse
        ground = self.landuse_ground()
        area = self.measure(ground)
        net = lu.net if ctx.deduct_kcxs else None
        out["cultivated_land"] = units.convert(cultivated_area_m2(lu.codes, area, net), "m2", "wan_mu")
        forest = matches_codes(lu.codes, FOREST_CODES)
        if ctx.county is not None:
            county = zone_parts(ctx.county)
            county_m2 = float(self.measure(county).sum())
            forest_m2 = float(fragments.area_inside(ground[forest], county, self.measure).sum())
            out["forest_cover"] = forest_cover(forest_m2, county_m2)
            self.facts.county_m2 = county_m2
        else:
            forest_m2 = float(area[forest].sum())
        out["forest_land"] = units.convert(forest_m2, "m2", "wan_mu")
        return out

    # Permanent basic farmland.
    def farmland(self, pbf):
        ctx = self.ctx
        geoms = pbf.geoms
        # Patches, their terrain and fragments exactly as the fragment tool (碎图斑处理) finds them.
        found = fragments.find_fragments(
            geoms,
            units.mu_to_m2(PLAIN_FRAGMENT_MU),
            merge_distance=ctx.merge_distance,
            hilly_zones=ctx.hilly,
            min_area_hilly_m2=units.mu_to_m2(HILLY_FRAGMENT_MU),
            measure=self.measure,
        )
        self.progress(0.5)
        # Rows read from the features' attributes are measured on each feature's own ground, so land
        # where features overlap counts once; on a clean line ``own`` is ``geoms`` itself.
        own = self.own_ground(geoms, found.overlapping)
        area = self.measure(own)
        attrs = self._farmland_attributes(pbf, own, area)
        net = attrs.net if ctx.deduct_kcxs else None
        total_m2 = float(netted(area, net).sum()) if ctx.deduct_kcxs else float(found.patch_area_m2.sum())
        out = {
            "pbf_area": units.convert(total_m2, "m2", "wan_mu"),
            "paddy_share": None,
            "steep_area": None,
            "contiguity": contiguity_mu(total_m2, found.n_patches),
            "pbf_fragments": fragment_count(found.patch_area_m2, found.patch_is_hilly),
        }
        if attrs.paddy is not None:
            paddy, cultivated = netted(attrs.paddy, net).sum(), netted(attrs.cultivated, net).sum()
            out["paddy_share"] = paddy_irrigated_share(paddy, cultivated)
        if attrs.steep is not None:
            out["steep_area"] = float(units.m2_to_mu(steep_area_m2(attrs.steep, net)))
        if ctx.hsf is not None:
            inside = self._area_inside_remembered("hsf", own, self._zones("hsf", ctx.hsf))
            out["hsf_share"] = high_standard_share(inside, area, net)
        facts = LineFacts(
            patches=found.n_patches,
            overlapping_patches=found.unioned_patches,
            overlapping=overlapping_positions(found),
            hilly_patches=int(found.patch_is_hilly.sum()),
            sources=attrs.sources,
            slope_unreadable=attrs.slope_unreadable,
        )
        return out, facts

    def own_ground(self, geoms, overlapping):
        """``geoms`` with overlapping ground left to the first feature covering it (see the module doc)."""
        if not len(overlapping):
            return geoms
        return self._memo_by_array(
            "own_ground", geoms, lambda: conflicts.first_cover_parts(geoms, overlapping)[0]
        )

    def _farmland_attributes(self, pbf, geoms, area):
        """The ``_FarmlandAttributes`` of a state of the farmland.

        ``geoms``, ``area``: each feature's own ground (``own_ground``) and its area.
        """
        ctx, lu = self.ctx, self.ctx.landuse
        sources = AttributeSources()
        need_lu = (
            (pbf.codes is None and lu is not None)
            or (pbf.slope is None and lu is not None and lu.slope is not None)
            or (ctx.deduct_kcxs and pbf.net is None and lu is not None and lu.net is not None)
        )
        pieces = None
        if need_lu:
            pieces = self._memo_by_array(
                "pbf_landuse", geoms, lambda: overlay_pieces(geoms, self.landuse_ground(), self.measure)
            )
        n = len(geoms)
        unreadable = np.empty(0, dtype=np.int64)

        def per_feature(weights):
            i, _, a = pieces
            return np.bincount(i, weights=a * weights, minlength=n)

        paddy = cultivated = steep = None
        if pbf.codes is not None:
            paddy = np.where(matches_codes(pbf.codes, PADDY_IRRIGATED_CODES), area, 0.0)
            cultivated = np.where(matches_codes(pbf.codes, CULTIVATED_CODES), area, 0.0)
            sources.codes = OWN
        elif lu is not None:
            _, j, _ = pieces
            paddy = per_feature(matches_codes(lu.codes[j], PADDY_IRRIGATED_CODES).astype(float))
            cultivated = per_feature(matches_codes(lu.codes[j], CULTIVATED_CODES).astype(float))
            sources.codes = LANDUSE
        if pbf.slope is not None:
            steep = np.where(np.asarray(pbf.slope) >= STEEP_MIN_GRADE, area, 0.0)
            sources.slope = OWN
            if pbf.slope_unreadable is not None:
                unreadable = np.asarray(pbf.slope_unreadable, dtype=np.int64)
        elif lu is not None and lu.slope is not None:
            _, j, a = pieces
            steep = per_feature((np.asarray(lu.slope)[j] >= STEEP_MIN_GRADE).astype(float))
            sources.slope = LANDUSE
            if lu.slope_unreadable is not None and len(lu.slope_unreadable):
                # Only the parcels that lie under the farmland (with some area) feed the row.
                under = np.unique(j[a > 0])
                unreadable = np.intersect1d(under, np.asarray(lu.slope_unreadable, dtype=np.int64))
        net = np.ones(n)
        if ctx.deduct_kcxs:
            if pbf.net is not None:
                net = np.asarray(pbf.net, dtype=float)
                sources.net = OWN
            elif lu is not None and lu.net is not None:
                i, j, a = pieces
                covered = np.bincount(i, weights=a, minlength=n)
                weighted = np.bincount(i, weights=a * lu.net[j], minlength=n)
                # A feature with no land-use parcel under it keeps its full area.
                net = np.where(covered > 0, weighted / np.where(covered > 0, covered, 1.0), 1.0)
                sources.net = LANDUSE
        return _FarmlandAttributes(paddy, cultivated, steep, net, sources, unreadable)

    def _area_inside_remembered(self, name, geoms, zones):
        """``fragments.area_inside(geoms, zones)``, the area of each geometry remembered by its WKB.

        The after state of a line keeps most features of the before state as they were: their areas inside
        the same zones are taken from the first computation and only the other features are overlaid.
        area_inside computes each feature on its own (the same pieces, summed in the same order), so the
        result is bit for bit the one of a full computation.
        """
        held = self._inside.get(name)
        if held is None or held[0] is not zones:
            held = self._inside[name] = (zones, {})
        known = held[1]
        geoms = np.asarray(geoms, dtype=object)
        keys = shapely.to_wkb(geoms).tolist() if len(geoms) else []
        new = np.array([key is not None and key not in known for key in keys], dtype=bool)
        out = np.zeros(len(geoms))
        todo = np.flatnonzero(new)
        if len(todo):
            out[todo] = fragments.area_inside(geoms[todo], zones, self.measure)
            known.update(zip((keys[k] for k in todo.tolist()), out[todo].tolist()))
        for k in np.flatnonzero(~new).tolist():
            if keys[k] is not None:
                out[k] = known[keys[k]]
        return out

    def _zones(self, name, geoms):
        return self._memo_by_array("zones_" + name, geoms, lambda: zone_parts(geoms))

    def holes(self, name, geoms):
        """The holes of a line (``holes.Holes``), the measured area of each ring and of each hole region.

        A hole's size is its ring's area, islands included, as the hole-filling tool compares it; areas
        add up over the hole regions, so nested holes never count twice.
        """
        def compute():
            found = holes.find_holes(geoms, grid=HOLE_GRID)
            if not len(found):
                return found, np.zeros(0), np.zeros(0)
            return found, self.measure(found.rings), self.measure(found.holes)

        return self._memo_by_array("holes_" + name, geoms, compute)

    def farmland_in_holes(self, name, line_geoms, pbf_geoms):
        """Area (m²) of permanent basic farmland inside each hole region of the line."""
        found, _, _ = self.holes(name, line_geoms)
        if not len(found):
            return np.zeros(0)
        covered = holes.blocked_geometry(found, pbf_geoms)
        out = np.zeros(len(covered))
        present = ~shapely.is_missing(covered)
        if present.any():
            out[present] = self.measure(covered[present])
        return out

    def swaps(self):
        """The quality of the farmland that left against the farmland that joined, when both are given."""
        ctx = self.ctx
        sources = SwapSources(
            measure=self.measure,
            landuse=ctx.landuse,
            landuse_ground=self.landuse_ground,
            hsf_zones=self._zones("hsf", ctx.hsf) if ctx.hsf is not None else None,
            deduct=bool(ctx.deduct_kcxs),
        )
        return assess_swaps(ctx.pbf_swapped_out, ctx.pbf_swapped_in, sources)

    # Ecological protection red line.
    def red_line(self, epr):
        ctx = self.ctx
        found = fragments.find_fragments(
            epr, units.convert(EPR_SMALL_PATCH_KM2, "km2", "m2"), merge_distance=ctx.merge_distance,
            measure=self.measure,
        )
        out = {
            "epr_area": units.convert(float(found.patch_area_m2.sum()), "m2", "km2"),
            "epr_small_patches": int(found.patch_is_fragment.sum()),
        }
        epr_holes, ring_m2, hole_m2 = self.holes("epr", epr)
        small = ring_m2 < units.mu_to_m2(SMALL_HOLE_MU)
        out["epr_holes"] = len(epr_holes)
        out["epr_small_holes"] = int(small.sum())
        out["epr_small_holes_area"] = units.convert(float(hole_m2[small].sum()), "m2", "ha")
        return out, LineFacts(found.n_patches, found.unioned_patches, overlapping_positions(found))

    def red_line_classes(self):
        """Land-use parcels of the red line's rows: (ecological-function, cultivated, positions of either)."""
        codes = self.ctx.landuse.codes
        eco = matches_codes(codes, self.ctx.eco_codes)
        cultivated = matches_codes(codes, CULTIVATED_CODES)
        return eco, cultivated, np.flatnonzero(eco | cultivated)  # one overlay for both rows

    def red_line_land(self, found):
        """The red line's rows of land-use parcels: ecological-function and cultivated land inside it.

        ``found``: ``red_line_pieces`` of one state of the red line.
        """
        ctx, lu = self.ctx, self.ctx.landuse
        ground = self.landuse_ground()
        eco, cultivated, wanted = self.red_line_classes()
        inside = np.zeros(len(ground))
        inside[wanted] = fragments.area_of_pieces(len(wanted), found, self.measure)
        net = lu.net if ctx.deduct_kcxs and lu.net is not None else None
        return {
            "epr_eco_land": units.convert(float(inside[eco].sum()), "m2", "km2"),
            "epr_cultivated": units.convert(float(netted(inside, net)[cultivated].sum()), "m2", "km2"),
        }

    # Urban development boundary.
    def urban(self, udb):
        ctx = self.ctx
        found = fragments.find_fragments(
            udb, units.mu_to_m2(UDB_FRAGMENT_MU), merge_distance=ctx.merge_distance, measure=self.measure
        )
        udb_m2 = float(found.patch_area_m2.sum())
        out = {
            "udb_area": units.convert(udb_m2, "m2", "ha"),
            "udb_fragments": int(found.patch_is_fragment.sum()),
        }
        baseline_m2 = self.baseline_m2()
        if baseline_m2 is not None:
            out["udb_expansion"] = expansion_factor(udb_m2, baseline_m2)
        out["udb_increment"] = increment_ha(udb_m2, baseline_m2)  # None without a baseline: the seed's "-"
        udb_holes, _, _ = self.holes("udb", udb)
        out["udb_holes"] = len(udb_holes)
        return out, LineFacts(found.n_patches, found.unioned_patches, overlapping_positions(found))

    def central_area(self, udb):
        """Road density and walk coverage inside the central urban area (∩ the boundary when given)."""
        ctx = self.ctx
        out = {}
        region = self._central_region(udb)
        region_m2 = float(self.measure(np.array([region], dtype=object))[0]) if region is not None else 0.0
        if ctx.roads is not None:
            out["road_density"] = road_density(self._length_inside(ctx.roads, region), region_m2)
        if ctx.parks is not None:
            out["park_coverage"] = walk_coverage(self._walk_covered_m2(region), region_m2)
        return out

    def baseline_m2(self):
        ctx = self.ctx
        if ctx.baseline_m2 is not None:
            return ctx.baseline_m2
        if ctx.baseline is None:
            return None

        def compute():
            base = union_of(ctx.baseline)
            if base is not None and ctx.county is not None:
                county = union_of(ctx.county)
                base = robust_one(shapely.intersection, base, county) if county is not None else base
            return 0.0 if base is None else float(self.measure(np.array([base], dtype=object))[0])

        value = self._memo_by_array("baseline", ctx.baseline, compute)
        self.facts.baseline_m2 = value
        return value

    def _central_region(self, udb):
        central = union_of(self.ctx.central)
        if central is None:
            return None
        if udb is None:
            return central
        boundary = union_of(udb)
        return robust_one(shapely.intersection, central, boundary) if boundary is not None else None

    def _length_inside(self, lines, region):
        if region is None or region.is_empty:
            return 0.0
        lines = np.asarray(lines, dtype=object)
        lines = lines[present(lines)]
        if not len(lines):
            return 0.0
        shapely.prepare(region)
        hit = shapely.intersects(region, lines)
        inside = shapely.covers(region, lines[hit])
        pieces = lines[hit].copy()
        cut = np.flatnonzero(~inside)
        if len(cut):
            pieces[cut] = robust_binary(shapely.intersection, pieces[cut], np.full(len(cut), region, dtype=object))
        return float(np.sum(self.ctx.measure_length(pieces)))

    def _walk_covered_m2(self, region):
        if region is None or region.is_empty:
            return 0.0
        parks = np.asarray(self.ctx.parks, dtype=object)
        parks = parks[present(parks)]
        if not len(parks):
            return 0.0
        # 32 segments a quarter circle: the buffer's area is within 0.05 % of the true circle's
        # (the default 8 would lose 0.6 %, visible in a percentage printed to two decimals).
        reach = shapely.union_all(shapely.buffer(parks, self.ctx.walk_distance, quad_segs=WALK_QUAD_SEGMENTS))
        covered = robust_one(shapely.intersection, region, reach)
        return float(self.measure(np.array([covered], dtype=object))[0])


def _overlaps_aside(line_pairs):
    """The overlap of each pair of lines (``conflicts.overlap_parts``), on copies of the lines
    (``geometry_copies``): computed in a thread of its own, it touches no geometry anyone else holds."""
    return [conflicts.overlap_parts(a, b) for a, b in line_pairs]


def _red_line_land_aside(landuse, wanted, red_lines):
    """The ground of the ``wanted`` land-use parcels inside each red line (copies; ``red_line_pieces``), once
    the land use has its own ground. Computed in a thread of its own: until it returns, nothing else
    touches the parcels (``_Assessor.landuse_ground`` waits for it)."""
    ground = landuse.own_ground()[0][wanted]
    return [red_line_pieces(ground, epr) for epr in red_lines]


@dataclass
class _State:
    """One state to assess: its lines as given, its lines as they stand (a line it lacks as it was before),
    and the lines whose rows to compute (``only``; None: every line given)."""

    name: str
    lines: Lines
    now: Lines
    only: set = None
    udb_before: object = None  # the boundary before, in the state after (the land that joined it)


def _lines_now(lines, before):
    """The three lines of a state, a line the state lacks taken as it was ``before``."""
    return Lines(
        pbf=lines.pbf if lines.pbf is not None else before.pbf,
        epr=lines.epr if lines.epr is not None else before.epr,
        udb=lines.udb if lines.udb is not None else before.udb,
    )


def _line_pairs(now, only):
    """The pairs of lines whose overlap a state reports: both given, and (``only``) one of them changed."""
    return [
        pair for pair in conflicts.PAIRS
        if now.get(pair[0]) is not None and now.get(pair[1]) is not None and (only is None or set(pair) & only)
    ]


def _start_aside(work, states, given):
    """Start the work that needs none of the rows on the other core: the overlaps between the lines, and the
    land use inside each red line. Both run on copies of the lines: one copy per geometry array for the
    overlaps, and copies of their own for the red lines (the two jobs run at once).

    Returns the pairs of lines of each state and the job giving their overlaps, in that order.
    """
    copies = {}

    def copy(geoms):
        if id(geoms) not in copies:
            copies[id(geoms)] = (geoms, geometry_copies(geoms))
        return copies[id(geoms)][1]

    pairs_of = {state.name: _line_pairs(state.now, state.only) for state in states}
    line_pairs = [(copy(state.now.get(a)), copy(state.now.get(b))) for state in states for a, b in pairs_of[state.name]]
    red_lines = []
    if work.ctx.landuse is not None:
        # Copies of their own, not the pairs' copies: the two jobs run at the same time.
        red_lines = [geometry_copies(state.now.epr) for state in states
                     if "EPR" in (given if state.only is None else state.only)]
    overlaps_aside = parallel.Background(_overlaps_aside, line_pairs)
    if red_lines:
        work.land_aside = parallel.Background(_red_line_land_aside, work.ctx.landuse, work.red_line_classes()[2],
                                              red_lines)
    copies.clear()  # the originals it kept alive are no longer needed here
    return pairs_of, overlaps_aside


def _progress_steps(steps, progress):
    """A callable telling ``progress`` that one more of ``steps`` steps is done."""
    progress = progress or (lambda fraction: None)
    done = [0]

    def step():
        done[0] += 1
        progress(min(done[0] / steps, 1.0))

    return step


def assess(before, after=None, ctx=None, progress=None):
    """All indicator rows for the ``before`` state and, when given, the ``after`` state (see the module doc).

    ``before``, ``after``: ``Lines``; a line missing from ``after`` is taken as unchanged. Only rows whose
    lines changed get an after value (``rows_with_after``); the land-use rows repeat their before value.
    ``progress``: optional callable(fraction done); it may raise to cancel.
    """
    ctx = ctx or Context()
    work = _Assessor(ctx)
    given = before.given()
    changed = after.given() if after is not None else set()
    step = _progress_steps(1 + len(given) * 2 + 2, progress)
    states = [_State("before", before, _lines_now(before, before))]
    if changed:
        states.append(_State("after", after, _lines_now(after, before), changed, before.udb))
    # The overlaps between the lines and the land use inside the red line are computed on the other core
    # while the rows are.
    pairs_of, overlaps_aside = _start_aside(work, states, given)
    # The rows of the land-use parcels come last, once their own ground is found.
    land_later = []
    values_of = {state.name: work.rows_of_state(state, given, land_later, step) for state in states}
    overlaps_of = {state.name: {} for state in states}
    found_overlaps = iter(overlaps_aside.result())
    for state in states:
        for pair in pairs_of[state.name]:
            found = conflicts.measured_overlap(pair, next(found_overlaps), work.measure, ctx.min_conflict_m2)
            overlaps_of[state.name][pair] = found
            values_of[state.name][OVERLAP_KEYS[pair]] = units.convert(found.total_m2, "m2", "ha")
    landuse = work.land_use()
    for out, found in zip(land_later, work.land_aside.result() if work.land_aside is not None else []):
        out.update(work.red_line_land(found))
    step()
    values = {**landuse, **values_of["before"]}
    result = Assessment(before=values, overlaps_before=overlaps_of["before"])
    if changed:
        with_after = rows_with_after(changed)
        after_values = values_of["after"]
        for key in landuse:
            if key in with_after:
                after_values[key] = landuse[key]
        result.after = {k: v for k, v in after_values.items() if k in with_after and k in values}
        result.overlaps_after = overlaps_of["after"]
        blank_rows_of_empty(result.after, empty_inputs(after, ctx, before))
    blank_rows_of_empty(result.before, empty_inputs(before, ctx))
    work.facts.unmatched = unmatched_classes(result.before, ctx, before, after if changed else None)
    result.net = bool(ctx.deduct_kcxs)
    result.quotas = check_quotas(ctx.targets, result.before, result.after, result.net)
    result.swaps = work.swaps()
    step()
    result.facts = work.facts
    return result


def table(result, lang="zh"):
    """Every row of the indicator table of an ``Assessment`` (``indicator_quotas.table_of``): the indicators,
    the targets checked, the quality of the land swapped out and in, and the area basis."""
    return table_of(result.before, result.after, result.quotas, result.net, lang, result.swaps)
