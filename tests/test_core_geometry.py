"""Geometry hygiene of the core: repair, interior rings, and GEOS robustness on Debian's GEOS 3.11."""
import numpy as np
import shapely

from headless import import_plugin_package

import_plugin_package()
from planmaint.algorithms.core import geometry  # noqa: E402 (the package is importable only now)

# Two valid parcels of an edge-swap output (a split piece beside its neighbour) whose nearly collinear
# edges make GEOS 3.11 throw "side location conflict" in relate.
PIECE = shapely.from_wkt("MULTIPOLYGON (((501331.28651697683 4697360.493751292, 501385.91495400487 4697412.057064263, 501447.25808672427 4697434.413940573, 501450.3093824148 4697434.598115648, 501451.1498586172 4697432.099314501, 501451.7853588413 4697434.687205037, 501422.9428422574 4697317.234412899, 501353.50558649993 4697273.633147541, 501345.8534455755 4697278.077138703, 501331.28651697683 4697360.493751292)))")
NEIGHBOUR = shapely.from_wkt("MULTIPOLYGON (((501451.1498586172 4697432.099314501, 501490.515996973 4697315.0607220875, 501488.9224073594 4697310.197149692, 501422.9428422574 4697317.234412899, 501451.1498586172 4697432.099314501)))")


def test_robust_binary_relates_a_pair_geos_cannot():
    assert shapely.is_valid(PIECE) and shapely.is_valid(NEIGHBOUR)
    a = np.array([PIECE, shapely.box(0, 0, 1, 1)], dtype=object)
    b = np.array([NEIGHBOUR, shapely.box(1, 0, 2, 1)], dtype=object)
    matrix = geometry.robust_binary(shapely.relate, a, b)
    assert len(matrix) == 2
    # The pair shares an edge (boundary ∩ boundary is a line) and does not overlap.
    assert matrix[0][4] == "1" and matrix[0][0] == "F"
    assert matrix[1] == shapely.relate(a[1], b[1])


def test_robust_binary_is_the_plain_function_when_geos_copes():
    a = shapely.box(np.arange(5), 0, np.arange(5) + 1, 1)
    b = shapely.box(np.arange(5) + 0.5, 0, np.arange(5) + 1.5, 1)
    assert list(geometry.robust_binary(shapely.intersects, a, b)) == list(shapely.intersects(a, b))


def test_clean_polygons_repairs_a_bow_tie_and_keeps_nulls():
    bow_tie = shapely.from_wkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))")
    geoms, repaired = geometry.clean_polygons(np.array([bow_tie, None, shapely.box(0, 0, 1, 1)], dtype=object))
    assert list(repaired) == [0]
    assert shapely.is_valid(geoms[0]) and abs(shapely.area(geoms[0]) - 50.0) < 1e-9
    assert geoms[1] is None
