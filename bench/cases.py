"""What the benchmark measures: each case is one piece of maintenance work, done by planmaint or by QGIS's
native algorithms, on one sample county.

This module is imported by the orchestrator (bench/run.py, which never starts QGIS) for the metadata, and by
the worker (bench/worker.py, one fresh process per measurement) for the work itself; ``processing`` is only
imported inside the functions that run in the worker.

A case function gets a ``Runner`` (see worker.py: it calls processing.run, fills in missing outputs and
records per-step times) and the county's layer URIs, does its work, and returns a dict of numbers that
describe the result (fragment count, hole count …) so the orchestrator can check that the native chain and
the plugin did the same work.
"""

MU_M2 = 10000.0 / 15.0  # one 亩 in m²
FRAGMENT_MU = 5  # PBF fragment threshold in the plains (DOMAIN.md §2.1)
HOLE_MU = 5  # small-hole threshold of the seed
# Planar area in the county's metric CRS. The brief wrote "$area < 3333.33"; $area is planar here (a
# headless project has no ellipsoid), and the threshold is written with the digits the plugin uses so that
# the two fragment counts can be compared exactly.
FRAGMENT_FILTER = "$area < {:.6f}".format(FRAGMENT_MU * MU_M2)
CULTIVATED = "\"DLBM\" IN ('0101','0102','0103')"
STEEP = '"PDJB" >= 4'
FLAT_CULTIVATED = '"PDJB" <= 3 AND ' + CULTIVATED


class Case:
    def __init__(self, name, title, kind, needs, run, pair=None, note=""):
        self.name = name
        self.title = title
        self.kind = kind  # "plugin", "native" or "core" (the pure core without QGIS around it)
        self.needs = needs  # algorithm ids that must be registered
        self.run = run
        self.pair = pair  # for a native case: the plugin case doing the same work
        self.note = note


# --- planmaint ----------------------------------------------------------------------------------------


def removefragments_pbf(runner, county):
    result = runner.run("planmaint:removefragments", {"INPUT": county["pbf"], "MIN_AREA": FRAGMENT_MU})
    return runner.numbers(result, "PATCHES", "FRAGMENTS", "REMOVED_MU")


def removefragments_pbf_hilly(runner, county):
    result = runner.run(
        "planmaint:removefragments",
        {"INPUT": county["pbf"], "MIN_AREA": 5, "HILLY_AREAS": county["hilly_areas"], "MIN_AREA_HILLY": 3},
    )
    return runner.numbers(result, "PATCHES", "FRAGMENTS", "REMOVED_MU")


def fillholes_epr(runner, county):
    result = runner.run("planmaint:fillholes", {"INPUT": county["epr"], "MAX_AREA": HOLE_MU})
    return runner.numbers(result, "HOLES_FOUND", "HOLES_FILLED", "FILLED_MU")


def fillholes_epr_blocked(runner, county):
    result = runner.run(
        "planmaint:fillholes", {"INPUT": county["epr"], "MAX_AREA": HOLE_MU, "BLOCKERS": [county["pbf"]]}
    )
    return runner.numbers(result, "HOLES_FOUND", "HOLES_FILLED", "FILLED_MU")


def fillholes_udb(runner, county):
    result = runner.run("planmaint:fillholes", {"INPUT": county["udb"], "MAX_AREA": HOLE_MU})
    return runner.numbers(result, "HOLES_FOUND", "HOLES_FILLED", "FILLED_MU")


def fillholes_pbf(runner, county):
    """Holes of the merged PBF: the line with 10⁴–10⁵ parcel-level features, where merging is the work."""
    result = runner.run("planmaint:fillholes", {"INPUT": county["pbf"], "MAX_AREA": HOLE_MU})
    return runner.numbers(result, "HOLES_FOUND", "HOLES_FILLED", "FILLED_MU")


def edgeswap_pbf(runner, county):
    result = runner.run(
        "planmaint:edgeswap",
        {
            "INPUT": county["pbf"],
            "SWAP_OUT": county["pbf"] + "|subset=" + STEEP,
            "REASON": "坡度15度以上",
            "CANDIDATES": county["landuse"],
            "ELIGIBLE": FLAT_CULTIVATED,
            "EXCLUDE": [county["epr"], county["udb"], county["projects"]],
            "ADJACENT_FIRST": True,
            "SPLIT": True,
        },
    )
    return runner.numbers(result, "OUT_HA", "IN_HA", "BALANCE_M2")


def _indicator_inputs(county):
    return {
        "PBF": county["pbf"],
        "EPR": county["epr"],
        "UDB": county["udb"],
        "LANDUSE": county["landuse"],
        "HSF": county["hsf"],
        "HILLY_AREAS": county["hilly_areas"],
        "URBAN_BASELINE": county["urban_baseline"],
    }


def indicators_before(runner, county):
    result = runner.run("planmaint:indicators", _indicator_inputs(county))
    return runner.numbers(result)


def indicators_before_after(runner, county):
    params = _indicator_inputs(county)
    params.update({"PBF_AFTER": county["pbf"], "EPR_AFTER": county["epr"], "UDB_AFTER": county["udb"]})
    result = runner.run("planmaint:indicators", params)
    return runner.numbers(result)


def conflictcheck(runner, county):
    result = runner.run("planmaint:conflictcheck", {"PBF": county["pbf"], "EPR": county["epr"], "UDB": county["udb"]})
    return runner.numbers(result)


PROJECT_FILTER = "\"JB\" IN ('国家级','自治区级')"  # the national and regional projects, as `make demo`


# The model's inputs of the red line's and the boundary's categories, and the sample county's layers for them.
CATEGORY_LAYERS = {
    "WITHDRAWN": "epr_withdrawn", "MINING": "mining_rights", "COMMERCIAL_FOREST": "commercial_forest",
    "EPR_CORRECTION": "epr_correction", "NEW_WATER_SOURCE": "water_source_new", "PUBLIC_FOREST": "public_forest",
    "REGREEN": "regreen", "APPROVED": "approved_land", "PLANNED_LANDUSE": "planned_landuse",
    # issue 22: table 5-3's layers
    "APPROVED_ZONES": "approved_zones", "DIRECTIONS": "development_directions",
}


def model(runner, county):
    """The model as `make demo` runs it: the latest change survey and every category of every line."""
    params = {
        name.upper(): county[name]
        for name in ("pbf", "epr", "udb", "hsf", "hilly_areas", "projects", "urban_baseline", "damaged", "unqualified")
    }
    params.update({"LANDUSE": county["landuse_2024"], "PROJECT_FILTER": PROJECT_FILTER})
    params.update({model_input: county[layer] for model_input, layer in CATEGORY_LAYERS.items()})
    params["UNSUITABLE"] = [county["unsuitable_areas"]]  # a list of layers
    result = runner.run("planmaint:dynamicmaintenance", params)
    return runner.numbers(result)


def swapcandidates(runner, county):
    result = runner.run("planmaint:swapcandidates", {
        "PBF": county["pbf"], "LANDUSE": county["landuse_2024"], "PROJECTS": county["projects"],
        "PROJECT_FILTER": PROJECT_FILTER, "DAMAGED": county["damaged"], "UNQUALIFIED": county["unqualified"],
        "HILLY_AREAS": county["hilly_areas"]})
    return runner.numbers(result)


# --- the pure core alone (reading the layer is not timed) ---------------------------------------------


def _core_geoms(runner, county, line):
    """The line's polygons as shapely geometries, read through OGR and repaired like the bridge does."""
    import numpy as np
    import shapely
    from osgeo import ogr

    from planmaint.algorithms.core.geometry import clean_polygons

    with runner.untimed():
        path, layer_name = county[line].split("|layername=")
        dataset = ogr.Open(path)
        wkbs = []
        for feature in dataset.GetLayerByName(layer_name):
            geometry = feature.GetGeometryRef()
            wkbs.append(None if geometry is None else bytes(geometry.ExportToWkb()))
        del dataset
        geoms, _repaired = clean_polygons(shapely.from_wkb(np.array(wkbs, dtype=object)))
    return geoms


def core_fragments_pbf(runner, county):
    """fragments.find_fragments alone: patch labelling (spatial index + connected components) and areas."""
    from planmaint.algorithms.core import fragments

    geoms = _core_geoms(runner, county, "pbf")
    with runner.step("find_fragments"):
        found = fragments.find_fragments(geoms, FRAGMENT_MU * MU_M2)
    return {"PATCHES": int(found.n_patches), "FRAGMENTS": int(found.patch_is_fragment.sum())}


def core_holes_pbf(runner, county):
    """holes.find_holes alone: merging the line and finding its interior rings."""
    from planmaint.algorithms.core import holes

    geoms = _core_geoms(runner, county, "pbf")
    with runner.step("find_holes"):
        found = holes.find_holes(geoms)
    return {"HOLES_FOUND": len(found)}


def _read_like_the_plugin(county, line):
    """The line's polygons read and repaired exactly as fillholes reads its input (timed: part of the work).

    The native chains read their input through QGIS inside their time, so this is the fair floor for the
    same work: the plugin's own reader (GDAL's columnar reader for a GeoPackage), its repair, then the core.
    """
    from qgis.core import QgsApplication, QgsProcessingContext

    from planmaint.algorithms import bridge

    alg = QgsApplication.processingRegistry().createAlgorithmById("planmaint:fillholes")
    layer = bridge.read_input(alg, {"INPUT": county[line]}, "INPUT", QgsProcessingContext(), None, line,
                              attributes=False)
    return layer.geoms


def core_fragments_pbf_read(runner, county):
    """Reading the PBF as the plugin does, then fragments.find_fragments."""
    from planmaint.algorithms.core import fragments

    with runner.step("read"):
        geoms = _read_like_the_plugin(county, "pbf")
    with runner.step("find_fragments"):
        found = fragments.find_fragments(geoms, FRAGMENT_MU * MU_M2)
    return {"PATCHES": int(found.n_patches), "FRAGMENTS": int(found.patch_is_fragment.sum())}


def core_holes_pbf_read(runner, county):
    """Reading the PBF as the plugin does, then holes.find_holes."""
    from planmaint.algorithms.core import holes

    with runner.step("read"):
        geoms = _read_like_the_plugin(county, "pbf")
    with runner.step("find_holes"):
        found = holes.find_holes(geoms)
    return {"HOLES_FOUND": len(found)}


# --- QGIS native chains ------------------------------------------------------------------------------


def native_fragments_pbf(runner, county):
    """Dissolve → multipart to single parts → area filter: QGIS's way of finding merged patches under 5 亩."""
    dissolved = runner.run("native:dissolve", {"INPUT": county["pbf"]}, "dissolve", check_geometry=False)["OUTPUT"]
    parts = runner.run("native:multiparttosingleparts", {"INPUT": dissolved}, step="singleparts")["OUTPUT"]
    small = runner.run(
        "native:extractbyexpression", {"INPUT": parts, "EXPRESSION": FRAGMENT_FILTER}, step="area filter"
    )["OUTPUT"]
    return {"PATCHES": parts.featureCount(), "FRAGMENTS": small.featureCount()}


def _ring_count(layer):
    """Interior rings of every polygon of ``layer`` (the holes of a dissolved line)."""
    rings = 0
    for feature in layer.getFeatures():
        geometry = feature.geometry()  # held, so the parts iterated below stay alive
        for part in geometry.constParts():
            rings += part.numInteriorRings()
    return rings


def _native_deleteholes(runner, county, line):
    dissolved = runner.run("native:dissolve", {"INPUT": county[line]}, "dissolve", check_geometry=False)["OUTPUT"]
    filled = runner.run(
        "native:deleteholes", {"INPUT": dissolved, "MIN_AREA": HOLE_MU * MU_M2}, step="deleteholes"
    )["OUTPUT"]
    # Counted after the clock stopped (runner.untimed), only to check that both did the same work.
    with runner.untimed():
        found = _ring_count(dissolved)
        left = _ring_count(filled)
    return {"HOLES_FOUND": found, "HOLES_FILLED": found - left}


def native_deleteholes_epr(runner, county):
    return _native_deleteholes(runner, county, "epr")


def native_deleteholes_udb(runner, county):
    return _native_deleteholes(runner, county, "udb")


def _native_holecount(runner, county, line):
    """Dissolve, then count the interior rings of the dissolved line: QGIS's way of counting 天窗."""
    dissolved = runner.run("native:dissolve", {"INPUT": county[line]}, "dissolve", check_geometry=False)["OUTPUT"]
    with runner.step("count rings"):
        found = _ring_count(dissolved)
    return {"HOLES_FOUND": found}


def native_holecount_epr(runner, county):
    return _native_holecount(runner, county, "epr")


def native_holecount_pbf(runner, county):
    return _native_holecount(runner, county, "pbf")


def native_deleteholes_pbf(runner, county):
    return _native_deleteholes(runner, county, "pbf")


CASES = [
    Case("removefragments_pbf", "removefragments, PBF, 5 mu", "plugin", ["planmaint:removefragments"],
         removefragments_pbf),
    Case("removefragments_pbf_hilly", "removefragments, PBF, 5/3 mu with hilly zones", "plugin",
         ["planmaint:removefragments"], removefragments_pbf_hilly),
    Case("fillholes_epr", "fillholes, EPR, 5 mu", "plugin", ["planmaint:fillholes"], fillholes_epr),
    Case("fillholes_epr_blocked", "fillholes, EPR, 5 mu, PBF blocks", "plugin", ["planmaint:fillholes"],
         fillholes_epr_blocked),
    Case("fillholes_udb", "fillholes, UDB, 5 mu", "plugin", ["planmaint:fillholes"], fillholes_udb),
    Case("fillholes_pbf", "fillholes, PBF parcels, 5 mu", "plugin", ["planmaint:fillholes"], fillholes_pbf),
    Case("edgeswap_pbf", "edgeswap, PBF minus slope >15°", "plugin", ["planmaint:edgeswap"], edgeswap_pbf,
         note="SWAP_OUT = PBF with PDJB >= 4; CANDIDATES = landuse, PDJB <= 3 cultivated; EXCLUDE EPR, UDB, projects"),
    Case("indicators_before", "indicators, before only", "plugin", ["planmaint:indicators"], indicators_before),
    Case("indicators_before_after", "indicators, before + after", "plugin", ["planmaint:indicators"],
         indicators_before_after),
    Case("conflictcheck", "conflictcheck, PBF/EPR/UDB", "plugin", ["planmaint:conflictcheck"], conflictcheck),
    Case("swapcandidates", "swapcandidates, PBF, every reason", "plugin", ["planmaint:swapcandidates"],
         swapcandidates),
    Case("model", "model dynamicmaintenance (full run)", "plugin", ["planmaint:dynamicmaintenance"], model),
    Case("core_fragments_pbf", "core find_fragments alone, PBF", "core", [], core_fragments_pbf,
         note="pure shapely/numpy; reading the layer is not timed"),
    Case("core_holes_pbf", "core find_holes alone, PBF", "core", [], core_holes_pbf,
         note="pure shapely/numpy; reading the layer is not timed"),
    Case("core_fragments_pbf_read", "reading the PBF + core find_fragments", "core", ["planmaint:fillholes"],
         core_fragments_pbf_read, note="the plugin's reader and repair, then the core; no output written"),
    Case("core_holes_pbf_read", "reading the PBF + core find_holes", "core", ["planmaint:fillholes"],
         core_holes_pbf_read, note="the plugin's reader and repair, then the core; no output written"),
    Case("native_fragments_pbf", "native dissolve → singleparts → area filter, PBF", "native",
         ["native:dissolve", "native:multiparttosingleparts", "native:extractbyexpression"],
         native_fragments_pbf, pair="removefragments_pbf"),
    Case("native_deleteholes_epr", "native dissolve → deleteholes, EPR", "native",
         ["native:dissolve", "native:deleteholes"], native_deleteholes_epr, pair="fillholes_epr"),
    Case("native_holecount_epr", "native dissolve + count rings, EPR", "native", ["native:dissolve"],
         native_holecount_epr, pair="fillholes_epr"),
    Case("native_deleteholes_udb", "native dissolve → deleteholes, UDB", "native",
         ["native:dissolve", "native:deleteholes"], native_deleteholes_udb, pair="fillholes_udb"),
    Case("native_deleteholes_pbf", "native dissolve → deleteholes, PBF", "native",
         ["native:dissolve", "native:deleteholes"], native_deleteholes_pbf, pair="fillholes_pbf"),
    Case("native_holecount_pbf", "native dissolve + count rings, PBF", "native", ["native:dissolve"],
         native_holecount_pbf, pair="fillholes_pbf"),
]
BY_NAME = {case.name: case for case in CASES}

# Result numbers that must agree between a native case and its plugin pair (same data, same work).
CHECKED_NUMBERS = ("PATCHES", "FRAGMENTS", "HOLES_FOUND", "HOLES_FILLED")
