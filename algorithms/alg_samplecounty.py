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
    "damaged": "DAMAGED",
    "unqualified": "UNQUALIFIED",
    "landuse_2024": "LANDUSE_2024",
    "epr_withdrawn": "EPR_WITHDRAWN",
    "water_source_new": "WATER_SOURCE_NEW",
    "public_forest": "PUBLIC_FOREST",
    "commercial_forest": "COMMERCIAL_FOREST",
    "mining_rights": "MINING_RIGHTS",
    "epr_correction": "EPR_CORRECTION",
    "approved_land": "APPROVED_LAND",
    "planned_landuse": "PLANNED_LANDUSE",
    "regreen": "REGREEN",
    "planning_zones": "PLANNING_ZONES",
    "approved_zones": "APPROVED_ZONES",
    "development_directions": "DEVELOPMENT_DIRECTIONS",
    "unsuitable_areas": "UNSUITABLE_AREAS",
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
            "projects, fields as in table 5-4 of a maintenance scheme, and JB, the project's level: 国家级, "
            "自治区级, 市级 or 县级), hilly_areas (mountain and hill zones), urban_baseline (2020 urban "
            "construction land) and towns.\n\n"
            "Three more layers hold what a maintenance finds against the farmland, sized in the proportions of "
            "the seed scheme (of a county of about 3 040 km²: 16.82 ha damaged, 300.45 ha unsuitable, 99.60 ha "
            "no longer cultivated), none of them under a project: damaged (灾毁、采矿损毁无法修复: patches across "
            "parcel boundaries with SHLB, the category 采矿损毁 or 自然灾害损毁; SHLX, the type 挖损, 塌陷, 水毁 "
            "or 滑坡; SHNF, the year; ZLDWDM, the location code of the farmland parcel at the centre; XZQMC, "
            "the township; MJ, m²), unqualified (经核实不符合划入要求: whole farmland parcels with BSM, the "
            "parcel's id; BFHYY, why it is unsuitable; HSNF, the year of the verification; ZLDWDM; XZQMC; MJ) "
            "and landuse_2024 (the land use of the 2024 change survey: landuse with some farmland parcels no "
            "longer cultivated, for the reason 变更调查\"非耕地\"). They and JB are drawn after everything "
            "else: the other layers are the same as without them.\n\n"
            "Parcels: about how many land-survey parcels to make (1 000 – 500 000). Seed: changes the "
            "terrain and layout."
        ) + "\n\n" + tr(
            "Eight layers hold what the red line's and the boundary's maintenance works from, by the seed "
            "scheme's categories, sized in its proportions (44.05 ha withdrawn, 8.94 ha of new water-source "
            "zones, 1 498.57 ha of public forest, 0.02 ha of correction): epr_withdrawn (已依法撤销的保护区域, a "
            "first-level water-source zone mostly inside the red line: MC name, LX type, CXWH withdrawal "
            "document, MJ m²), water_source_new (新设水源地 outside the red line and against it: MC, JB 一级保护区 "
            "or 二级保护区, MJ), public_forest (生态公益林: forest parcels outside the red line, most of them "
            "against it: XBH compartment, XZQMC township, LZ 防护林 or 特种用途林, SQDJ 国家级 or 地方级, MJ), "
            "commercial_forest (商品林 on forest land, some inside the red line: XBH, XZQMC, LZ 用材林, 经济林 or "
            "能源林, LMQS 集体 or 个人, MJ), mining_rights (矿业权, two across the red line's edge: KQMC mine "
            "name, KCZ 采矿 or 探矿, XKZH licence number, YXQ valid until, MJ), epr_correction (技术勘正: "
            "slivers inside the red line along its edge: XZQMC, KZYY reason, MJ), approved_land (已批已供未建 "
            "inside the boundary on land not built on: PZWH approval document, PZRQ date, YT use, GDZT 已批未供 "
            "or 已供未建, MJ) and planned_landuse (the boundary's planned land use: YDDM, a second-level code of "
            "the 用地用海分类 such as 0701, 1001, 1207 or 1401, whose first two digits give the first level, YDMC "
            "its name, MJ). They are drawn last: every layer above is the same as without them."
        ) + "\n\n" + tr(
            "regreen: land planned for re-greening (规划复绿), the construction parcels lying in holes of the red "
            "line under 5 mu (BSM, DLBM, DLMC, ZLDWDM of the land-use parcel, GHDL the green land class planned, "
            "FLNF the year planned, MJ). Filling the red line's holes with the construction land as a blocker "
            "leaves those holes open; with this layer as the re-greening land of Fill holes and slivers they are "
            "filled. A county whose red line has no such hole gets one: a parcel in a small hole, or failing "
            "that a small parcel inside the line, becomes a rural homestead (0702); other counties are unchanged."
        ) + "\n\n" + tr(
            "Four layers hold the master plan the maintenance is judged against (issue 22): planning_zones "
            "(一级规划分区: GHFQDM and GHFQMC both hold the zone's name, 生态保护区, 生态控制区, 农田保护区, "
            "城镇发展区, 乡村发展区 or 矿产能源发展区, MJ m²; the zones tile the county, 生态保护区 is the red line, "
            "城镇发展区 the boundary, the farmland outside those is in 农田保护区, the land around the mining "
            "rights outside the red line in 矿产能源发展区, larger forest, grassland and water in 生态控制区, the "
            "rest in 乡村发展区), approved_zones (已批开发区和非农业产业园区, mostly inside the boundary and one "
            "partly outside it: KFQMC name, KFQLX kind, "
            "PZJG approving authority, PZNF year, MJ), development_directions (主要发展方向 of the county seat and "
            "one or two towns, against the boundary, outside it and outside the red line: FXMC name, CZMC town, FX "
            "direction, MJ) and unsuitable_areas (不适宜城镇建设区域, one or two reaching a little into the boundary: "
            "KIND 地质灾害高风险区, 蓄滞洪区, 重要矿产资源压覆区 or 大遗址保护区, MC name, MJ). They are drawn last: "
            "every layer above is the same as without them."
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
            based_on = layers.get(layer.based_on) if layer.based_on in list(layers)[:k] else None
            if based_on is None or not copy_layer(path, layer, based_on):
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


def copy_layer(path, layer, base):
    """Write ``layer``, which has the geometries and fields of ``base`` (already in the GeoPackage at ``path``)
    and a few values of its own: copy ``base``'s table inside the file with SQL, then update the rows that
    differ. Writing every feature again would take as long as the first write (6 s for the 2024 land use of
    200 000 parcels on a quiet machine, the copy 3–5 s, two of them for the spatial index). False where the
    copy could not be made: write the layer then."""
    from osgeo import ogr

    differ = np.zeros(len(layer), dtype=bool)
    for name, _ in layer.fields:
        differ |= np.asarray(layer.columns[name]) != np.asarray(base.columns[name])
    dataset = ogr.Open(path, 1)
    if dataset is None:
        return False
    try:
        source = dataset.GetLayerByName(base.name)
        # The base was written in order: its feature ids are 1 … n, and so will be the copy's.
        if _id_span(dataset, base.name, source.GetFIDColumn()) != [1, len(layer), len(layer)]:
            return False
        # The spatial index is built once the rows are in, not row by row.
        target = dataset.CreateLayer(layer.name, source.GetSpatialRef(), source.GetGeomType(), ["SPATIAL_INDEX=NO"])
        definition = source.GetLayerDefn()
        names = [definition.GetFieldDefn(k).GetName() for k in range(definition.GetFieldCount())]
        for k in range(definition.GetFieldCount()):
            target.CreateField(definition.GetFieldDefn(k))
        target.SyncToDisk()  # the table itself is made only now
        quoted = lambda columns: ", ".join(f'"{c}"' for c in columns)  # noqa: E731
        dataset.ExecuteSQL(
            f'INSERT INTO "{layer.name}" ({quoted([target.GetFIDColumn(), target.GetGeometryColumn()] + names)}) '
            f'SELECT {quoted([source.GetFIDColumn(), source.GetGeometryColumn()] + names)} FROM "{base.name}"')
        if _id_span(dataset, layer.name, target.GetFIDColumn()) != [1, len(layer), len(layer)]:
            return False  # (GDAL's errors do not raise here)
        casts = [{"str": str, "int": int, "float": float}[kind] for _, kind in layer.fields]
        for row in np.flatnonzero(differ).tolist():
            feature = target.GetFeature(row + 1)
            for (name, _), cast in zip(layer.fields, casts):
                feature.SetField(name, cast(np.asarray(layer.columns[name])[row]))
            target.SetFeature(feature)
        dataset.ReleaseResultSet(dataset.ExecuteSQL(
            f"SELECT CreateSpatialIndex('{layer.name}', '{target.GetGeometryColumn()}')"))
    finally:
        dataset = None
    # The extent and count GDAL keeps of the copy are those of the rows it updated: the base's, once it
    # has let go of the file.
    dataset = ogr.Open(path, 1)
    for table, columns in (("gpkg_contents", "min_x, min_y, max_x, max_y"), ("gpkg_ogr_contents", "feature_count")):
        dataset.ExecuteSQL(f"UPDATE {table} SET ({columns}) = (SELECT {columns} FROM {table} WHERE table_name = "
                           f"'{base.name}') WHERE table_name = '{layer.name}'")
    dataset = None
    return True


def _id_span(dataset, table, fid):
    """[smallest feature id, largest, count] of a table of the GeoPackage open as ``dataset``."""
    result = dataset.ExecuteSQL(f'SELECT MIN("{fid}"), MAX("{fid}"), COUNT(*) FROM "{table}"')
    first = result.GetNextFeature()
    span = [first.GetField(k) for k in range(3)]
    dataset.ReleaseResultSet(result)
    return span
