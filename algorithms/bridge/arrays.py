"""A layer read into arrays (``LayerArrays``), what a read asks for (``ReadOptions``), and the end both
readers share: geometries repaired and 2-D, with the same warnings."""
from dataclasses import dataclass, field

import numpy as np
import shapely
from qgis.core import QgsFields

from ..core.geometry import clean_polygons
from .messages import missing_geometry_warning, repair_warning


@dataclass
class LayerArrays:
    """One layer as arrays; index k of every array is the k-th feature in reading order."""

    name: str
    crs: object
    fields: QgsFields
    fids: np.ndarray
    geoms: np.ndarray  # shapely geometries, None where the feature has no geometry
    rows: list = field(default_factory=list)  # attribute lists, empty when not asked for
    values: dict = field(default_factory=dict)  # expression name -> evaluated values
    # Positions whose geometry was invalid and was repaired (or became None): these differ from the source.
    repaired: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def __len__(self):
        return len(self.fids)

    @property
    def has_geometry(self):
        return ~shapely.is_missing(self.geoms)


@dataclass(frozen=True)
class ReadOptions:
    """The keywords of ``read_layer`` (and of ``read_input``, ``read_vector_layer``), as one value.

    ``crs``: transform geometries into this CRS (the main input's) while reading, so that all layers of a
    run are compared in one coordinate system. ``attributes=False`` skips attribute rows (faster for
    layers used only for their shape). ``expressions``: {key: expression string}, each evaluated per
    feature into ``values[key]``; a parse or evaluation error names the layer and the expression.
    ``polygons``: repair invalid geometries into valid polygons and warn how many were repaired.
    ``filter_expression``: read only the features for which it is true (evaluated by the provider, compiled
    to SQL where it can be: much faster than reading everything and testing afterwards); a parse error or a
    field the layer lacks names the layer. ``fids``: read only these feature ids.
    ``subset``: names of the only fields whose values are fetched (the others read as None, rows keep the
    layer's width); a county's parcel layer reads much faster when only the fields used are fetched.
    """

    crs: object = None
    attributes: bool = True
    expressions: object = None
    polygons: bool = True
    filter_expression: object = None
    fids: object = None
    subset: object = None

    @property
    def expression_texts(self):
        """{key: text} of the expressions to evaluate (an empty text asks for nothing)."""
        return {k: v for k, v in (self.expressions or {}).items() if v}


def finish_read(source, label, fids, geoms, rows, values, options, feedback):
    """The ``LayerArrays`` of features read, geometries repaired and 2-D, with the warnings both readers give.

    ``fids``, ``geoms``, ``rows``, ``values``: what was read of each feature, in reading order.
    """
    fids = np.array(fids, dtype=np.int64)
    geoms = np.asarray(geoms, dtype=object)
    repaired = np.empty(0, dtype=np.int64)
    if options.polygons and len(geoms):
        geoms, repaired = clean_polygons(geoms)
        if len(repaired) and feedback is not None:
            feedback.pushWarning(repair_warning(label, fids[repaired]))
    missing = int(shapely.is_missing(geoms).sum()) if len(geoms) else 0
    if missing and feedback is not None:
        feedback.pushWarning(missing_geometry_warning(label, missing))
    return LayerArrays(
        name=label,
        crs=options.crs if options.crs is not None else source.sourceCrs(),
        fields=source.fields(),
        fids=fids,
        geoms=geoms,
        rows=rows,
        values={k: np.array(v, dtype=object) for k, v in values.items()},
        repaired=np.asarray(repaired, dtype=np.int64),
    )
