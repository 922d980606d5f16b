"""What differs between the QGIS versions planmaint supports (3.22 to the 3.40 LTR and later), in one place.

Each function here gives the same result on every supported version; the rest of the plugin calls these
instead of testing versions itself.
"""
from qgis.core import Qgis, QgsField
from qgis.PyQt.QtCore import QTextCodec, QVariant


def null_of_type(kind):
    """A NULL value of field type ``kind``, as QGIS gives it for an empty attribute.

    From QGIS 3.38 on, ``QgsField.type()`` is a ``QMetaType.Type``; PyQt takes ``QVariant(QMetaType.Int)`` for
    the number 2, not for a NULL integer. Converted to ``QVariant.Type`` (the same numbers for the types a
    layer field can have), it makes a NULL on every version.
    """
    return QVariant(QVariant.Type(int(kind)))


# QGIS keeps a date-time's own time zone (UTC, an offset, or none) and its milliseconds when it reads one from
# OGR since QGIS pull request 51625 (early 2023, backported into the 3.28 LTR); 3.22 gives the UTC time without a
# zone. GDAL's Arrow stream brings every value of a column to one zone, so the per-value zone is lost there. Every
# 3.28 counts as keeping it: on its first patch releases such columns are merely read through QGIS.
DATETIME_KEEPS_TIME_ZONE = Qgis.QGIS_VERSION_INT >= 32800


def handle_algorithm_results(algorithm, context, feedback, parameters):
    """Load an algorithm's outputs as the toolbox dialog does after a run (Processing's own result handling).

    QGIS 3.22 takes a ``showResults`` flag (False: no results viewer); later versions dropped it.
    """
    import inspect

    from processing.gui.Postprocessing import handleAlgorithmResults

    if "showResults" in inspect.signature(handleAlgorithmResults).parameters:
        return handleAlgorithmResults(algorithm, context, feedback, showResults=False, parameters=parameters)
    return handleAlgorithmResults(algorithm, context, feedback, parameters=parameters)


# QGIS 3.38 moved field types from QVariant.Type to QMetaType.Type and deprecated the old constructor.
FIELD_TYPES_ARE_METATYPES = Qgis.QGIS_VERSION_INT >= 33800


def new_field(name, kind, type_name="", length=0, precision=0):
    """A ``QgsField`` of type ``kind`` (``QVariant.Int``, ``QVariant.String`` …), built the way this QGIS wants."""
    if FIELD_TYPES_ARE_METATYPES:
        from qgis.PyQt.QtCore import QMetaType

        return QgsField(name, QMetaType.Type(int(kind)), type_name, length, precision)
    return QgsField(name, QVariant.Type(int(kind)), type_name, length, precision)


# Processing's default output encoding is "System". QGIS 3.22 hands that word to the file writer, which then
# writes a shapefile's text in the system's code page and no .cpg: on a Chinese Windows, GBK that no other
# machine can tell from Latin-1. QGIS 3.40's processing.run resolves it to the system codec's name first, and
# GDAL writes the .cpg, but a context still saying "System" writes none there either. planmaint names the
# encoding itself on every version: the user's own choice when it is a codec Qt knows, else UTF-8, which every
# GIS reads from the .cpg.
def output_encoding(name):
    """The encoding file outputs are written in, for Processing's default output encoding ``name``."""
    if name and name.lower() != "system" and QTextCodec.codecForName(name.encode()) is not None:
        return name
    return "UTF-8"
