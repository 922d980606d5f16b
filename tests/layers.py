"""Building hand-made test layers in code (memory layers), and measuring what comes out."""
import hashlib

from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

MU = 10000.0 / 15.0  # m² per 亩
_TYPES = {str: ("string", QVariant.String), int: ("integer", QVariant.Int), float: ("double", QVariant.Double)}


def memory_layer(wkts, fields=None, rows=None, name="test", crs="EPSG:4549", geometry="MultiPolygon"):
    """A memory layer from WKT strings (None for a null geometry).

    ``fields``: [(name, python type)], ``rows``: one attribute list per WKT.
    """
    spec = f"{geometry}?crs={crs}"
    for field_name, kind in fields or []:
        spec += f"&field={field_name}:{_TYPES[kind][0]}"
    layer = QgsVectorLayer(spec, name, "memory")
    assert layer.isValid(), spec
    features = []
    for k, wkt in enumerate(wkts):
        feature = QgsFeature(layer.fields())
        if wkt is not None:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        if rows is not None:
            feature.setAttributes(list(rows[k]))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


def square(x, y, side):
    return f"POLYGON(({x} {y},{x + side} {y},{x + side} {y + side},{x} {y + side},{x} {y}))"


def rect(x, y, width, height):
    return f"POLYGON(({x} {y},{x + width} {y},{x + width} {y + height},{x} {y + height},{x} {y}))"


def mu_square_side(mu):
    """Side in metres of a square of ``mu`` 亩."""
    return (mu * MU) ** 0.5


def total_area(layer):
    return sum(f.geometry().area() for f in layer.getFeatures())


def layer_digest(layer):
    """Feature count and a hash of every geometry and attribute: proves a run left its input untouched."""
    digest = hashlib.sha256()
    count = 0
    for feature in sorted(layer.getFeatures(), key=lambda f: f.id()):
        count += 1
        digest.update(bytes(feature.geometry().asWkb()))
        digest.update(repr(feature.attributes()).encode())
    return count, digest.hexdigest()


def as_layer(value):
    """An output as a layer: the layer itself, a project layer id, or an ogr source path."""
    if isinstance(value, QgsVectorLayer):
        return value
    layer = QgsProject.instance().mapLayer(value) or QgsVectorLayer(value, "out", "ogr")
    assert layer.isValid(), value
    return layer


def features(value):
    return list(as_layer(value).getFeatures())
