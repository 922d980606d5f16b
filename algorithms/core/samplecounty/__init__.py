"""Deterministic synthetic county shaped like Chinese land-survey (三调) data.

``generate_county(parcels, seed)`` returns the layers of a county built the way
real data relate to each other, so the maintenance tools meet the situations
they meet on a real county:

* a smooth synthetic terrain (mountains in the south-west, a river valley with
  a reservoir, a farmland plain in the north-east) decides land class, slope
  grade and parcel size;
* the land-use parcels (DLTB) are Voronoi cells of jittered seeds, denser in
  the plain, towns and villages than in the mountains, cut by thin river and
  road polygons.  They form an exact coverage (neighbours share their edges
  vertex for vertex), so each control line is a union of parcels and follows
  parcel boundaries, as a real 三区三线 delineation does;
* the three control lines carry the defects the maintenance scheme deals with:
  PBF fragments (1–3 % of the merged patches are under 5 亩) and steep PBF,
  EPR holes of all sizes (small ones, ones holding PBF, ones around an island
  of the red line) and small patches, UDB holes holding PBF, small UDB patches
  and farm-road slits, and a few small PBF–EPR / PBF–UDB conflicts;
* what a maintenance finds against the farmland, in the seed scheme's proportions:
  land damaged beyond repair, parcels found unsuitable, parcels the latest change
  survey no longer shows as cultivated, and the level of each project, so each
  swap-out reason has ground to find;
* what the red line's and the boundary's maintenance works from, by the seed's
  categories: a withdrawn protection zone, new water-source zones, public and
  commercial forest, mining rights, technical corrections, approved but unbuilt
  land and the planned land use of the boundary; and the construction land in
  the red line's small holes planned for re-greening (规划复绿).

Layers: landuse, pbf, epr, udb, hsf, projects, hilly_areas, urban_baseline,
towns, damaged, unqualified, landuse_2024, epr_withdrawn, water_source_new,
public_forest, commercial_forest, mining_rights, epr_correction, approved_land,
planned_landuse, regreen, planning_zones, approved_zones, development_directions, unsuitable_areas (see
``generate_county``, ``planzones``, ``planareas``).  Coordinates are metres in EPSG:4549
(CGCS2000 3-degree Gauss-Krüger, CM 120°E) around x=500 000, y=4 700 000; the
county's area is about parcels × 1 ha and its layout does not change with the
parcel count, only its detail.

Everything is vectorised (numpy and shapely's array functions); independent
GEOS-heavy steps run side by side (``core.parallel.side_by_side``: as many at
once as ``PLANMAINT_THREADS`` allows, none aside with
``PLANMAINT_SERIAL=side_by_side``), each on geometries of its own, so the
county does not depend on timing.  The package is pure: numpy, shapely >= 2
and the standard library, never qgis.

Modules, in the order the generator runs them: ``common`` (constants, land
classes, the output ``Layer``), ``terrain`` (frame, land form, rivers, seats,
villages), ``lines`` (roads), ``scene`` (all of these together), ``parcels``
(seeds, Voronoi cells cut by rivers and roads), ``classify`` (land class and
survey attributes), ``zones`` (the control lines), ``projects`` (high-standard
farmland, hill zones, construction projects), ``losses`` (damaged and unsuitable
farmland, the latest change survey, project levels; drawn last from streams of
their own, so the layers before do not depend on them), ``redline`` and
``boundary`` (the red line's and the boundary's categories, drawn after those,
the same way), ``regreen`` (re-greening land in the red line's small holes) and
``generate`` (the entry).
"""

from .common import CRS_AUTHID, CULTIVATED_CODES, LAND_CLASSES, MU_M2, GenerationCanceled, Layer
from .generate import generate_county
from .projects import HSF_OUTSIDE_SHARE

__all__ = [
    "Layer",
    "GenerationCanceled",
    "generate_county",
    "LAND_CLASSES",
    "CULTIVATED_CODES",
    "CRS_AUTHID",
    "MU_M2",
    "HSF_OUTSIDE_SHARE",
]
