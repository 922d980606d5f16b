"""GDAL's Arrow stream as QGIS gives the same features: its columns as the Python values PyQGIS gives (typed
NULLs, QDate, QDateTime, bool …) and its geometry column as the shapely geometries the QGIS reader makes.

QGIS's own type mapping is re-done here for the types ``QGIS_TYPE_OF_OGR`` lists; a value it would give
otherwise raises ``NotFast``, and the read is left to QGIS.
"""
import numpy as np
import shapely
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from .. import compat
from .curves import holds_arcs
from .messages import check_canceled


class NotFast(Exception):
    """The columnar reader met something it cannot give exactly as QGIS does: read through QGIS instead."""


def qgis_type_of_ogr():
    """OGR field (type, subtype) -> the QVariant type QGIS 3.22's OGR provider gives it. Other types (lists,
    binary, time, float32, JSON …) are read through QGIS."""
    from osgeo import ogr

    return {
        (ogr.OFTInteger, ogr.OFSTNone): QVariant.Int,
        (ogr.OFTInteger, ogr.OFSTInt16): QVariant.Int,
        (ogr.OFTInteger, ogr.OFSTBoolean): QVariant.Bool,
        (ogr.OFTInteger64, ogr.OFSTNone): QVariant.LongLong,
        (ogr.OFTReal, ogr.OFSTNone): QVariant.Double,
        (ogr.OFTString, ogr.OFSTNone): QVariant.String,
        (ogr.OFTDate, ogr.OFSTNone): QVariant.Date,
        (ogr.OFTDateTime, ogr.OFSTNone): QVariant.DateTime,
    }


def arrow_columns(ogr_layer, feedback, total):
    """Every column of ``ogr_layer`` (ignored fields left out) as whole numpy arrays.

    Returns {field name: (values, null mask)}, plus "__fid__" (feature ids) and "__geometry__" (WKB, mask)
    unless the layer has no geometry column or no feature.
    """
    fid_name = ogr_layer.GetFIDColumn() or "OGC_FID"
    geometry_name = ogr_layer.GetGeometryColumn() or "wkb_geometry"
    ogr_layer.ResetReading()
    batches = {}
    count = 0
    for batch in ogr_layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"]):
        check_canceled(feedback)
        for key, array in batch.items():
            batches.setdefault(key, []).append(array)
            if key == fid_name:
                count += len(array)
        if feedback is not None:
            feedback.setProgress(100.0 * count / total)
    columns = {}
    for key, arrays in batches.items():
        values = np.concatenate([np.ma.getdata(a) for a in arrays])
        missing = np.concatenate([np.ma.getmaskarray(a) for a in arrays])
        if key == fid_name:
            columns["__fid__"] = values.astype(np.int64)
        elif key == geometry_name:
            columns["__geometry__"] = (values.astype(object), missing)
        else:
            columns[key] = (values, missing)
    if "__fid__" not in columns:
        if count or batches:
            raise NotFast()
        columns["__fid__"] = np.empty(0, dtype=np.int64)
    if not count:  # GDAL 3.6 gives an empty layer one empty batch, GDAL 3.10 none: then no column at all
        definition = ogr_layer.GetLayerDefn()
        for k in range(definition.GetFieldCount()):
            columns.setdefault(definition.GetFieldDefn(k).GetName(), (np.empty(0, object), np.empty(0, bool)))
    return columns


def arrow_geometries(geometry, positions, multi):
    """Shapely geometries of the Arrow stream's geometry column (``(wkbs, missing)`` or None) at ``positions``,
    as QGIS gives them (``multi``: of a layer typed multi-polygon); raises NotFast on arcs, which only QGIS
    reads (and the bridge linearises)."""
    if geometry is None:
        return np.full(len(positions), None, dtype=object)
    wkbs, missing = geometry
    wkbs = np.where(missing[positions], None, wkbs[positions])
    try:
        geoms = np.asarray(shapely.from_wkb(wkbs), dtype=object) if len(wkbs) else np.empty(0, dtype=object)
    except (shapely.errors.GEOSException, NotImplementedError):
        raise NotFast() from None  # arcs in a layer typed linear
    if holds_arcs(geoms):
        raise NotFast()
    # An empty geometry has no Z in the WKB QGIS gives, whatever the layer's type.
    empty = np.flatnonzero(shapely.is_empty(geoms))
    geoms[empty] = shapely.force_2d(geoms[empty])
    if multi:
        geoms = as_multi(geoms)
    return geoms


def as_multi(geoms):
    """Single polygons as one-part MultiPolygons, as QGIS gives every feature of a multi-polygon layer."""
    single = np.flatnonzero(shapely.get_type_id(geoms) == 3)
    if not len(single):
        return geoms
    geoms = geoms.copy()
    # An empty polygon becomes a MultiPolygon of one empty part, as QGIS's convertToMultiType makes it.
    geoms[single] = shapely.multipolygons(geoms[single], indices=np.arange(len(single)))
    return geoms


def qgis_values(column, positions, kind):
    """One attribute column as the Python values PyQGIS gives for a field of QVariant type ``kind``."""
    data, missing = column
    data = data[positions]
    missing = missing[positions]
    if kind == QVariant.String:
        try:
            out = [v.decode("utf-8") for v in data.tolist()]
        except (UnicodeDecodeError, AttributeError):
            raise NotFast() from None
    elif kind in (QVariant.Date, QVariant.DateTime) and (data[~missing] < np.datetime64("1970-01-02")).any():
        # GDAL 3.6's Arrow stream gives some dates before 1970 a day late (a shapefile's 1900-12-31 comes out
        # as 1901-01-01): such columns are read through QGIS.
        raise NotFast()
    elif kind == QVariant.Date:
        days = data.astype("datetime64[D]").tolist()
        try:
            out = [QDate(d.year, d.month, d.day) for d in days]
        except AttributeError:  # outside Python's date range
            raise NotFast() from None
    elif kind == QVariant.DateTime and (data[~missing].astype("datetime64[ms]").astype(np.int64) % 1000).any():
        # OGR keeps seconds as a float; QGIS truncates its milliseconds where the Arrow stream rounds them.
        raise NotFast()
    elif kind == QVariant.DateTime:
        stamps = data.astype("datetime64[ms]").tolist()
        try:
            out = [
                QDateTime(QDate(t.year, t.month, t.day), QTime(t.hour, t.minute, t.second, t.microsecond // 1000))
                for t in stamps
            ]
        except AttributeError:
            raise NotFast() from None
    elif kind == QVariant.Bool:
        out = [bool(v) for v in data.tolist()]
    elif kind == QVariant.Double:
        out = data.astype(np.float64).tolist()
    else:  # Int, LongLong
        out = data.astype(np.int64).tolist()
    for k in np.flatnonzero(missing).tolist():
        out[k] = compat.null_of_type(kind)  # a NULL of the field's type, as QGIS gives it
    return out
