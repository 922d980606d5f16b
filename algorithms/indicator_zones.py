"""The planning layers of planmaint:indicators' table 5-3 rows on approved zones, development directions and
unsuitable land (``core.indicator_udb_zones``): their parameters, their help, and reading the unsuitable layers.
"""
import numpy as np
from qgis.core import (
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsWkbTypes,
)

from . import bridge
from .i18n import tr

APPROVED_ZONES = "APPROVED_ZONES"
DIRECTIONS = "DIRECTIONS"
UNSUITABLE = "UNSUITABLE"


def add_parameters(alg):
    """Add APPROVED_ZONES, DIRECTIONS and UNSUITABLE to ``alg`` with their help."""
    polygon = [QgsProcessing.TypeVectorPolygon]
    alg.add(
        QgsProcessingParameterFeatureSource(APPROVED_ZONES, tr("Approved development zones and industrial parks"),
                                            polygon, optional=True),
        tr("已批开发区和非农业产业园区, polygons: the share of their area inside the urban development boundary, "
           "before and after maintenance; zones that overlap count their common ground once. Without it the row "
           "prints \"-\"."),
    )
    alg.add(
        QgsProcessingParameterFeatureSource(DIRECTIONS, tr("Main development directions"), polygon, optional=True),
        tr("总体规划明确的主要发展方向, polygons. Before: the share of the boundary before maintenance inside them; "
           "after: the share of the land that joined the boundary (after minus before) inside them. Without it "
           "the row prints \"-\"."),
    )
    alg.add(
        QgsProcessingParameterMultipleLayers(UNSUITABLE, tr("Areas unsuitable for urban construction"),
                                             QgsProcessing.TypeVectorPolygon, optional=True),
        tr("不适宜城镇建设区域, one or more polygon layers (地质灾害极高和高风险区, 蓄滞洪区, 重要矿产资源压覆区, "
           "大遗址保护区 …): the area (mu) of the boundary inside any of them, counted once where they overlap, "
           "before and after. Without them the row prints \"-\"."),
    )


def help_text():
    """The paragraph of the tool's help on the three rows."""
    return "\n\n" + tr(
        "Planning layers of the boundary (table 5-3): with the urban development boundary, three rows follow its "
        "holes. 已批开发区和非农业产业园区面积划入率 (%): the share of the approved development zones and "
        "industrial parks (APPROVED_ZONES) inside the boundary. 主要发展方向符合程度 (%): before, the share of "
        "the boundary before maintenance inside the main development directions (DIRECTIONS); after, the share "
        "of the land that joined the boundary inside them, \"-\" when no land joined; the change says whether "
        "the new land fits them better than the boundary did. 城镇开发边界内不适宜城镇建设区域面积 (mu): the "
        "boundary inside the unsuitable areas (UNSUITABLE, one or more layers). A row whose layer is not given "
        "prints \"-\" in the report and stays empty in the table, as the scheme does."
    )


def read_unsuitable(alg, parameters, context, feedback, crs):
    """(polygons of every UNSUITABLE layer in one array, or None when none is given; [(name, feature count)]).

    A layer that is not of polygons is refused by name."""
    layers = alg.parameterAsLayerList(parameters, UNSUITABLE, context) or []
    geoms, named = [], []
    for layer in layers:
        if layer.type() != QgsMapLayer.VectorLayer or layer.geometryType() != QgsWkbTypes.PolygonGeometry:
            raise QgsProcessingException(tr(
                "Layer {} of the areas unsuitable for urban construction (UNSUITABLE) is not a polygon layer: "
                "give polygon layers only (hazard zones, flood-storage areas, mineral overlay, heritage sites)."
            ).format(layer.name()))
        read = bridge.read_vector_layer(layer, context, feedback, layer.name(), crs=crs, attributes=False)
        geoms.append(read.geoms)
        named.append((layer.name(), len(read.geoms)))
        bridge.check_canceled(feedback)
    if not layers:
        return None, named
    return np.concatenate([np.asarray(g, dtype=object) for g in geoms]), named
