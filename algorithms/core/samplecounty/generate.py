"""The generator's entry: ``generate_county`` runs the steps in order and assembles the layers."""

from __future__ import annotations

import numpy as np
import shapely

from .. import parallel
from ..geometry import clean_polygons
from . import zones
from .boundary import boundary_layers
from .classify import Parcels, classify
from .common import (
    CODES,
    COUNTY_CODE,
    IS_CULTIVATED,
    KCXS_BY_GRADE,
    LAND_CLASSES,
    MAX_PARCELS,
    MIN_PARCELS,
    Layer,
    Steps,
    random_stream,
)
from .losses import loss_layers
from .parcels import make_parcels
from .planareas import plan_layers
from .projects import hilly_layer, hsf_layer, hsf_parcels, projects_layer
from .redline import red_line_layers
from .regreen import make_hole, regreen_layer
from .scene import Scene, make_scene
from .terrain import make_frame

# The layers of the red line's and the boundary's categories (``redline``, ``boundary``), drawn after the
# losses from streams of their own.
CATEGORY_LAYERS = ("epr_withdrawn", "water_source_new", "public_forest", "commercial_forest", "mining_rights",
                   "epr_correction", "approved_land", "planned_landuse", "regreen")
# The layers of the master plan the maintenance is judged against (``planzones``, ``planareas``), drawn last.
PLAN_LAYERS = ("planning_zones", "approved_zones", "development_directions", "unsuitable_areas")


def landuse_layer(P: Parcels) -> Layer:
    n = len(P.geoms)
    dlbm = np.array(CODES, dtype="<U4")[P.cls]
    dlmc = np.array([LAND_CLASSES[c] for c in CODES])[P.cls]
    cultivated = IS_CULTIVATED[P.cls]
    bsm = np.array([f"{COUNTY_CODE}{i:010d}" for i in range(1, n + 1)])
    kcxs = np.where(cultivated, KCXS_BY_GRADE[P.grade], 0.0)
    return Layer(
        name="landuse", geometry_type="Polygon", geoms=P.geoms,
        fields=[("BSM", "str"), ("DLBM", "str"), ("DLMC", "str"), ("ZLDWDM", "str"),
                ("TBMJ", "float"), ("KCXS", "float"), ("PDJB", "int")],
        columns={"BSM": bsm, "DLBM": dlbm, "DLMC": dlmc, "ZLDWDM": P.zldwdm,
                 "TBMJ": P.area.astype(float), "KCXS": kcxs, "PDJB": P.grade.astype(np.int64)},
    )


def subset(layer: Layer, name: str, mask: np.ndarray) -> Layer:
    return Layer(name=name, geometry_type=layer.geometry_type, geoms=layer.geoms[mask],
                 fields=list(layer.fields), columns={k: np.asarray(v)[mask] for k, v in layer.columns.items()})


def generate_county(parcels: int = 20000, seed: int = 1, progress=None, is_canceled=None) -> dict[str, Layer]:
    """Generate a synthetic county; the same (parcels, seed) gives identical output.

    parcels: about how many land-survey parcels (1 000 – 1 000 000; the result is
    within ±10 %).  seed: a non-negative integer choosing terrain and layout.
    progress(pct) is called with 0..100; is_canceled() is polled between steps
    and :class:`GenerationCanceled` is raised when it returns True.

    Returns {name: Layer}, in this order (all polygons single-part, valid, 2-D):

    * landuse: parcels covering the county without gaps or overlaps.  BSM (id),
      DLBM / DLMC (GB/T 21010-2017 code and name), ZLDWDM (19 digits: township
      code of 9 digits, village code of 3, then zeros), TBMJ (planar area, m²),
      KCXS (ridge deduction ratio, 0 unless cultivated), PDJB (slope grade 1–5).
    * pbf: the permanent-basic-farmland parcels, same geometry and fields as
      their landuse parcel.
    * epr: red-line patches (HXMC name, HXLX function type, MJ area m²).
    * udb: development-boundary patches (CZKFBJMC name, MJ area m²), about
      1.45 times the urban baseline.
    * hsf: high-standard farmland blocks (XMMC project, JSNF year, MJ), about
      20 % of the PBF area, and outside the PBF about 12 % of the PBF area (the
      land a scheme swaps in).
    * projects: key construction projects as in table 5-4 of a maintenance
      scheme (XMLX, XMMC, JSXZ, JSNX, YDGM ha, XZJSYD ha, SZDQ, NRYJ) and their
      level JB (国家级 / 自治区级 / 市级 / 县级).
    * hilly_areas: mountain and hill zones (DXLX 山地 / 丘陵).
    * urban_baseline: 2020 urban construction land (MJ m²).
    * towns: township seats as points (MC name, ZLDWDM 9-digit code, JB 城区/镇/乡).
    * damaged: farmland damaged beyond repair (灾毁、采矿损毁无法修复), irregular
      patches across parcel boundaries: SHLB category (采矿损毁 / 自然灾害损毁),
      SHLX type (挖损 / 塌陷 / 水毁 / 滑坡), SHNF year, ZLDWDM (19 digits, of
      the farmland parcel at its centre), XZQMC township name, MJ m².
    * unqualified: farmland parcels found unsuitable on verification
      (经核实不符合划入要求), whole: BSM of the parcel, BFHYY why, HSNF year
      of the verification, ZLDWDM, XZQMC, MJ m².
    * landuse_2024: the land use of the latest change survey (2024 年度变更调查):
      landuse with some farmland parcels no longer cultivated (facility farming,
      orchard, forest, pond, homestead), same fields.

    * epr_withdrawn: a protection zone withdrawn by law (已依法撤销的保护区域), a
      first-level water-source zone mostly inside the red line: MC name, LX type,
      CXWH withdrawal document, MJ m².
    * water_source_new: a new water source's first- and second-level zones
      (新设水源地) outside the red line and against it: MC, JB (一级保护区 /
      二级保护区), MJ.
    * public_forest: public-welfare forest (生态公益林), whole forest parcels
      outside the red line, most against it: XBH compartment, XZQMC township, LZ
      (防护林 / 特种用途林), SQDJ (国家级 / 地方级), MJ.
    * commercial_forest: commercial forest (商品林), whole forest parcels, some
      inside the red line: XBH, XZQMC, LZ (用材林 / 经济林 / 能源林), LMQS
      (集体 / 个人), MJ.
    * mining_rights: mining rights (矿业权), two across the red line's edge, the
      others clear of it: KQMC, KCZ (采矿 / 探矿), XKZH licence, YXQ valid until, MJ.
    * epr_correction: technical corrections (技术勘正), slivers inside the red line
      along its edge against forest: XZQMC, KZYY reason, MJ.
    * approved_land: approved or supplied, unbuilt land (已批已供未建) inside the
      boundary around land not built on: PZWH, PZRQ, YT use, GDZT (已批未供 /
      已供未建), MJ.
    * planned_landuse: the boundary's planned land use, parcels dissolved by
      planning class: YDDM (用地用海分类, second level), YDMC, MJ.
    * regreen: land planned for re-greening (规划复绿), the construction parcels
      in the red line's holes under 5 亩: BSM, DLBM, DLMC, ZLDWDM of the parcel,
      GHDL planned green class, FLNF planned year, MJ.  A county without such a
      hole gets one (``regreen.make_hole``: one parcel becomes a homestead, and
      if need be leaves the red line); other counties are not changed.

    damaged, unqualified, landuse_2024 (and JB) are drawn after everything else, from
    random streams of their own, so the other layers do not depend on them
    (``losses``); the next eight after those, the same way (``redline``, ``boundary``),
    and regreen last.
    """
    return generate(parcels, seed, progress, is_canceled)[0]


def generate(parcels, seed, progress=None, is_canceled=None):
    """generate_county plus the internal parcel table and masks (for tests)."""
    parcels = int(parcels)
    if not MIN_PARCELS <= parcels <= MAX_PARCELS:
        raise ValueError(f"parcels must be between {MIN_PARCELS} and {MAX_PARCELS}, got {parcels}")
    if int(seed) < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    steps = Steps(progress, is_canceled)
    steps(0)
    frame = make_frame(parcels, random_stream(seed, 1))
    scene = make_scene(frame, parcels, seed)
    steps(5)
    geoms, lin, rep_xy, kind, county = make_parcels(scene, parcels, seed, steps)
    # Cutting cells can leave a ring touching itself on some GEOS versions (3.13, not 3.11): a sample county
    # is valid data, so those few parcels are repaired here.
    geoms, _ = clean_polygons(geoms)
    steps(40)
    P = classify(scene, geoms, lin, rep_xy, kind, parcels, seed)
    steps(45)
    landuse = landuse_layer(P)
    masks = _control_lines(scene, P, random_stream(seed, 5), steps)
    layers = _dissolved_layers(scene, P, masks, county, parcels, seed)
    regreen_rng = random_stream(seed, 21)
    changed = make_hole(P, masks, layers["epr"].geoms, regreen_rng)
    if changed:
        landuse = landuse_layer(P)
    if changed == "line":
        epr = masks["epr"]
        layers["epr"] = zones.epr_layer(scene, P.geoms[epr], P.area[epr], masks["epr_function"][epr])
    steps(90)
    layers["landuse"] = landuse
    layers["pbf"] = subset(landuse, "pbf", masks["pbf"])
    layers["projects"] = projects_layer(scene, P, county, layers["udb"].geoms, random_stream(seed, 8))
    layers["towns"] = Layer(
        "towns", "Point", shapely.points(scene.seat_xy), [("MC", "str"), ("ZLDWDM", "str"), ("JB", "str")],
        {"MC": np.array(scene.seat_names), "ZLDWDM": np.array(scene.seat_codes), "JB": np.array(scene.seat_level)})
    steps(95)
    # Drawn last, from streams of their own: every layer above is the same with or without them.
    layers.update(loss_layers(scene, P, masks["pbf"], county, layers, seed))
    layers.update(red_line_layers(scene, P, masks, county, seed, layers["landuse_2024"]))
    layers.update(boundary_layers(P, masks, seed))
    layers["regreen"] = regreen_layer(P, layers["epr"].geoms, regreen_rng)
    layers.update(plan_layers(scene, P, masks, county, layers, seed))
    steps(100)
    order = ["landuse", "pbf", "epr", "udb", "hsf", "projects", "hilly_areas", "urban_baseline", "towns",
             "damaged", "unqualified", "landuse_2024", *CATEGORY_LAYERS, *PLAN_LAYERS]
    return {name: layers[name] for name in order}, P, masks, scene


def _control_lines(scene: Scene, P: Parcels, rng, steps: Steps) -> dict[str, np.ndarray]:
    """The parcels of each control line ("pbf", "epr", "udb", "baseline"), and the red line's function
    of each parcel ("epr_function")."""
    cultivated = IS_CULTIVATED[P.cls]
    pbf = zones.farmland(scene, P, cultivated)
    rr = rng.random((len(P.geoms), 4))
    epr, epr_function, pbf = zones.red_line(scene, P, pbf, cultivated, rr)
    steps(55)
    baseline, udb = zones.development_boundary(scene, P, pbf, epr, cultivated, rr)
    pbf = zones.control_fragments(P, pbf, cultivated & ~epr & ~udb, P.udb_hole, rng)
    steps(60)
    return {"pbf": pbf, "epr": epr, "udb": udb, "baseline": baseline, "epr_function": epr_function}


def _dissolved_layers(scene: Scene, P: Parcels, masks, county, parcels: int, seed: int) -> dict[str, Layer]:
    """The layers dissolved from the parcels (red line, boundary, baseline, high-standard farmland) and
    the hill zones, side by side; each job reads parcels of its own (copies where the lines share some)."""
    epr, udb, baseline = masks["epr"], masks["udb"], masks["baseline"]
    hsf = hsf_parcels(P, IS_CULTIVATED[P.cls])
    geoms = parallel.own_copies(P.geoms[epr], P.geoms[udb], P.geoms[baseline], P.geoms[hsf])
    Job = parallel.Job
    done = parallel.side_by_side([
        Job(zones.epr_layer, scene, geoms[0], P.area[epr], masks["epr_function"][epr], reads=geoms[0]),
        Job(zones.udb_layer, scene, geoms[1], P.site[udb], reads=geoms[1]),
        Job(zones.baseline_layer, geoms[2]),
        Job(hsf_layer, scene, P, masks["pbf"], hsf, geoms[3], parcels, random_stream(seed, 7), reads=geoms[3]),
        Job(hilly_layer, scene, county, seed, reads=county),
    ])
    return dict(zip(("epr", "udb", "urban_baseline", "hsf", "hilly_areas"), done))
