"""The one bridge between QGIS and the pure core.

Reading turns a ``QgsFeatureSource`` into arrays (feature ids, shapely geometries decoded from WKB in
bulk, attribute rows, evaluated expressions); writing turns arrays back into sink features. Every
algorithm goes through here, so this is where speed, repair of bad geometry and CRS handling live.
Areas are always square metres (``measures``).

Callers use the names below as ``bridge.X``; the modules behind them, by role:

- ``read``: ``read_input`` (a parameter's layer) and ``read_vector_layer`` (a layer), fast where they can be;
- ``qgis_read``: ``read_layer``, through QGIS, for any source; ``arrays``: ``LayerArrays``, ``ReadOptions``;
- ``fast_read``: GDAL's columnar (Arrow) reader behind ``can_read_fast``, with ``arrow`` (QGIS's values and
  geometries of Arrow columns) and ``by_values`` (expressions of field values, once per distinct value);
- ``curves``: arcs replaced by straight segments; ``writing``: sinks; ``measures``: areas and lengths;
- ``messages``: cancel checks, layer names, feature-id lists, NULL checks, the warnings of a read and the
  check of text read with the wrong code page.
"""
from .arrays import LayerArrays, ReadOptions
from .curves import CURVE_DEVIATION_M, METRES_PER_DEGREE, curve_tolerance, linear_geometry
from .fast_read import FAST_READ_DRIVERS, can_read_fast
from .measures import AREA_ELLIPSOIDAL, AREA_PLANAR, CGCS2000_ELLIPSOID, area_method_for, areas_m2, lengths_m
from .messages import (
    CANCEL_CHECK_EVERY,
    IDS_SHOWN,
    TEXT_SAMPLE,
    UNICODE_FILES,
    check_canceled,
    check_canceled_writing,
    check_text,
    field_list,
    id_list,
    is_blank,
    is_null,
    layer_label,
    repair_warning,
    text_used,
    warn_if_no_crs,
)
from .qgis_read import read_layer
from .read import read_input, read_vector_layer
from .writing import (
    add_features,
    as_multi_geometry,
    combined_fields,
    feature_id_first,
    unique_fids,
    write_features,
)

__all__ = [
    "AREA_ELLIPSOIDAL", "AREA_PLANAR", "CANCEL_CHECK_EVERY", "CGCS2000_ELLIPSOID", "CURVE_DEVIATION_M",
    "FAST_READ_DRIVERS", "IDS_SHOWN", "METRES_PER_DEGREE", "TEXT_SAMPLE", "UNICODE_FILES", "LayerArrays",
    "ReadOptions", "add_features", "area_method_for", "areas_m2", "as_multi_geometry", "can_read_fast",
    "check_canceled", "check_canceled_writing", "check_text", "combined_fields", "curve_tolerance",
    "feature_id_first", "field_list",
    "id_list", "is_blank", "is_null", "layer_label", "lengths_m", "linear_geometry", "read_input", "read_layer",
    "read_vector_layer", "repair_warning", "text_used", "unique_fids", "warn_if_no_crs", "write_features",
]

