"""planmaint:samplecounty — a deterministic synthetic county in a GeoPackage, for demos, tests and benchmarks."""
import os

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsVectorFileWriter,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .base import PlanMaintAlgorithm
from .compat import new_field
from .core import samplecounty
from .i18n import tr

CRS = samplecounty.CRS_AUTHID  # CGCS2000 3-degree Gauss-Krüger, central meridian 120°E
FIELD_TYPES = {"str": QVariant.String, "int": QVariant.Int, "float": QVariant.Double}
GEOMETRY_TYPES = {
    "Polygon": QgsWkbTypes.MultiPolygon,
    "Point": QgsWkbTypes.Point,
    "LineString": QgsWkbTypes.MultiLineString,
}
# Output name of each layer of the GeoPackage, so a model can chain them.
LAYER_OUTPUTS = {
    "landuse": "LANDUSE",
    "pbf": "PBF",
    "epr": "EPR",
    "udb": "UDB",
    "hsf": "HSF",
    "projects": "PROJECTS",
    "hilly_areas": "HILLY_AREAS",
    "urban_baseline": "URBAN_BASELINE",
    "towns": "TOWNS",
}


class SampleCounty(PlanMaintAlgorithm):
    PARCELS = "PARCELS"
    SEED = "SEED"
    OUTPUT = "OUTPUT"

    def name(self):
        return "samplecounty"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Generate a sample county")

    def group(self):
        return tr("Tools")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "tools"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Writes a synthetic county, shaped like third land-survey (三调) data, to a GeoPackage in "
            "EPSG:4549 (CGCS2000 3-degree Gauss-Krüger, CM 120°E). The same parcel count and seed always "
            "give the same county, so it serves for trying the tools, for tests and for benchmarks.\n\n"
            "Layers: landuse (DLTB-like parcels covering the county: BSM, DLBM, DLMC, ZLDWDM, TBMJ, KCXS, "
            "PDJB), pbf (parcel-level permanent basic farmland, with steep parcels and fragments), epr "
            "(ecological protection red line with holes, some holding farmland), udb (urban development "
            "boundary around towns, with holes), hsf (high-standard farmland), projects (key construction "
            "projects, fields as in table 5-4 of a maintenance scheme), hilly_areas (mountain and hill "
            "zones), urban_baseline (2020 urban construction land) and towns.\n\n"
            "Parcels: about how many land-survey parcels to make (1 000 – 500 000). Seed: changes the "
            "terrain and layout."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add(
            QgsProcessingParameterNumber(
                self.PARCELS, tr("Parcels"), QgsProcessingParameterNumber.Integer, 20000, False, 1000, 500000
            ),
            tr("Approximate number of land-survey parcels (地类图斑); the county's area grows with it."),
        )
        self.add(
            QgsProcessingParameterNumber(self.SEED, tr("Seed"), QgsProcessingParameterNumber.Integer, 1, False, 0),
            tr("Random seed of the terrain and layout; the same seed gives the same county."),
        )
        self.add(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, tr("Sample county GeoPackage"), tr("GeoPackage (*.gpkg)")
            ),
            tr("The GeoPackage to write; an existing file is replaced."),
        )
        for layer, output in LAYER_OUTPUTS.items():
            self.addOutput(QgsProcessingOutputVectorLayer(output, tr("Layer {}").format(layer)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        parcels = self.parameterAsInt(parameters, self.PARCELS, context)
        seed = self.parameterAsInt(parameters, self.SEED, context)
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        feedback.pushInfo(tr("Generating a county of about {} parcels (seed {})…").format(parcels, seed))
        try:
            layers = samplecounty.generate_county(
                parcels,
                seed,
                progress=lambda pct: feedback.setProgress(0.7 * pct),
                is_canceled=feedback.isCanceled,
            )
        except samplecounty.GenerationCanceled:
            raise QgsProcessingException(tr("Canceled by the user: no output was written.")) from None
        if os.path.exists(path):
            os.remove(path)
        results = {self.OUTPUT: path}
        crs = QgsCoordinateReferenceSystem(CRS)
        for k, (name, layer) in enumerate(layers.items()):
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Canceled by the user: the GeoPackage is incomplete."))
            write_layer(path, layer, crs, first=(k == 0))
            feedback.pushInfo(tr("{}: {} features").format(name, len(layer.geoms)))
            feedback.setProgress(70 + 30 * (k + 1) / len(layers))
            if name in LAYER_OUTPUTS:
                results[LAYER_OUTPUTS[name]] = f"{path}|layername={name}"
        return results


def write_layer(path, layer, crs, first):
    """Write one generated layer into the GeoPackage at ``path`` (creating the file for the first)."""
    fields = QgsFields()
    for field_name, kind in layer.fields:
        fields.append(new_field(field_name, FIELD_TYPES[kind]))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer.name
    options.actionOnExistingFile = (
        QgsVectorFileWriter.CreateOrOverwriteFile if first else QgsVectorFileWriter.CreateOrOverwriteLayer
    )
    writer = QgsVectorFileWriter.create(
        path, fields, GEOMETRY_TYPES[layer.geometry_type], crs, QgsCoordinateTransformContext(), options
    )
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(tr("Cannot write {}: {}").format(path, writer.errorMessage()))
    columns = [np.asarray(layer.columns[field_name], dtype=object) for field_name, _ in layer.fields]
    casts = [{"str": str, "int": int, "float": float}[kind] for _, kind in layer.fields]
    wkbs = shapely.to_wkb(layer.geoms)
    batch = []
    for k, wkb in enumerate(wkbs):
        feature = QgsFeature(fields)
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        if layer.geometry_type != "Point":
            geometry.convertToMultiType()
        feature.setGeometry(geometry)
        feature.setAttributes([None if c[k] is None else cast(c[k]) for c, cast in zip(columns, casts)])
        batch.append(feature)
        if len(batch) == 5000:
            writer.addFeatures(batch)
            batch = []
    writer.addFeatures(batch)
    del writer  # closes and commits the layer
