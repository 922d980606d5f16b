"""planmaint:projectlist — 重点建设项目清单 (table 5-4): what each key construction project takes."""
import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
    QgsRectangle,
    QgsWkbTypes,
)

from . import bridge, landclass, projectlist_io
from .base import PlanMaintAlgorithm, warn_if_empty
from .core import landcodes, projectlist as core, units
from .i18n import tr

LAND_PLACE_NAME, LAND_PLACE_CODE = "ZLDWMC", "ZLDWDM"


def _column(layer, name):
    k = layer.fields.lookupField(name)
    return [None if bridge.is_null(row[k]) else row[k] for row in layer.rows]


class ProjectList(PlanMaintAlgorithm):
    PROJECTS = "PROJECTS"
    PROJECT_LINES = "PROJECT_LINES"
    NAME_FIELD = "NAME_FIELD"
    TYPE_FIELD = "TYPE_FIELD"
    NATURE_FIELD = "NATURE_FIELD"
    YEARS_FIELD = "YEARS_FIELD"
    BASIS_FIELD = "BASIS_FIELD"
    LINE_AREA_FIELD = "LINE_AREA_FIELD"
    LANDUSE = "LANDUSE"
    DLBM_FIELD = "DLBM_FIELD"
    TOWNSHIPS = "TOWNSHIPS"
    TOWNSHIP_NAME_FIELD = "TOWNSHIP_NAME_FIELD"
    PBF = "PBF"
    EPR = "EPR"
    UDB = "UDB"
    OUTPUT = "OUTPUT"
    SUMMARY = "SUMMARY"
    SENTENCE = "SENTENCE"
    # (parameter, default, column of the list it fills)
    TEXT_FIELDS = ((TYPE_FIELD, "XMLX", "XMLX"), (NAME_FIELD, "XMMC", "XMMC"), (NATURE_FIELD, "JSXZ", "JSXZ"),
                   (YEARS_FIELD, "JSNX", "JSNX"), (BASIS_FIELD, "NRYJ", "NRYJ"))

    def name(self):
        return "projectlist"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Key construction project list")

    def group(self):
        return tr("Assessment")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "assessment"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Lists the key construction projects of the maintenance period (重点建设项目清单, table 5-4 of a "
            "maintenance scheme) with what each takes, measured on its geometry so that the list matches the "
            "map (图数一致).\n\n"
            "Projects with land are polygons (PROJECTS). Projects without land of their own, such as power lines, "
            "are lines or points (PROJECT_LINES): their land is 0, or the value of the land field "
            "(LINE_AREA_FIELD, ha) when one is set; they are listed after the polygons and written without "
            "geometry. The name, type, nature, years and basis fields (XMMC, XMLX, JSXZ, JSNX, NRYJ by "
            "default) must exist in both layers.\n\n"
            "Columns: XH 序号 (grouped by type, in the order the types first appear), XMLX 项目类型, XMMC 项目名称, "
            "JSXZ 建设性质, JSNX 建设年限 (copied), YDGM_HA 用地规模 (ha, the project's area), XZJSYD_HA 新增建设用地 "
            "(ha: the project's area not under construction land of the land use (DLBM by GB/T 21010: 05–09, "
            "10xx roads except rural roads, 1109, 1201); land under no parcel counts as new, and is given apart in "
            "WFG_HA so that a gap in the land use is seen; a line with land from a field: empty), SZDQ 所在地区 "
            "(the township names it lies in, joined with 、, from TOWNSHIPS; without them the land use's ZLDWMC, "
            "else the first 9 digits of ZLDWDM), NRYJ 纳入依据, ZYJBNT_HA 占用永久基本农田 and ZYSTHX_HA "
            "占用生态保护红线 (ha, empty when the line is not given), CZKFBJ 城镇开发边界 内 / 部分 / 外 with the area "
            "inside CZKFBJ_HA, XCJSYD_HA the existing construction land (XZJSYD_HA + XCJSYD_HA = YDGM_HA). Every "
            "input attribute follows (a name already taken gets a suffix _2).\n\n"
            "SUMMARY: the count and areas by type and a total (合计); SENTENCE: the scheme's sentence "
            "(重点建设项目共 9 个，拟用地面积 … 公顷，涉及 … 其中产业类 3 个 …), also written to the log."
        ) + self.input_help()

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        polygon = [QgsProcessing.TypeVectorPolygon]
        self.add(QgsProcessingParameterFeatureSource(self.PROJECTS, tr("Key construction projects"), polygon),
                 tr("The projects with land, as polygons (their red-line boundaries)."))
        self.add(QgsProcessingParameterFeatureSource(
            self.PROJECT_LINES, tr("Projects without land (lines or points)"),
            [QgsProcessing.TypeVectorLine, QgsProcessing.TypeVectorPoint], optional=True),
            tr("Projects with no land of their own (power lines, pipelines): listed with land 0 unless "
               "LINE_AREA_FIELD gives it, with the same fields as the polygon projects."))
        labels = {self.TYPE_FIELD: tr("Project type field"), self.NAME_FIELD: tr("Project name field"),
                  self.NATURE_FIELD: tr("Construction nature field"), self.YEARS_FIELD: tr("Construction years field"),
                  self.BASIS_FIELD: tr("Inclusion basis field")}
        for parameter, default, column in self.TEXT_FIELDS:
            self.add(QgsProcessingParameterString(parameter, labels[parameter], default),
                     tr("Field of the projects copied into the column {} of the list.").format(column))
        self.add(QgsProcessingParameterString(self.LINE_AREA_FIELD, tr("Land field of the line projects (ha)"),
                                              "", optional=True),
                 tr("Field of the line or point projects holding their land in hectares; empty: their land is 0."))
        self.add(QgsProcessingParameterFeatureSource(self.LANDUSE, tr("Land-use parcels"), polygon),
                 tr("The land survey's parcels (DLTB) with the land-class code, for the new construction land; "
                    "their ZLDWMC or ZLDWDM give the place when no townships are given."))
        self.add(QgsProcessingParameterString(self.DLBM_FIELD, tr("Land-class field"), "DLBM"),
                 tr("Field of the land-use parcels holding the GB/T 21010 land-class code."))
        self.add(QgsProcessingParameterFeatureSource(self.TOWNSHIPS, tr("Townships"), polygon, optional=True),
                 tr("Township polygons, for the place (所在地区) of each project."))
        self.add(QgsProcessingParameterString(self.TOWNSHIP_NAME_FIELD, tr("Township name field"), "XZQMC"),
                 tr("Field of the townships holding their names."))
        for key, label, text in ((self.PBF, tr("Permanent basic farmland"), tr("永久基本农田, for ZYJBNT_HA.")),
                                 (self.EPR, tr("Ecological protection red line"), tr("生态保护红线, for ZYSTHX_HA.")),
                                 (self.UDB, tr("Urban development boundary"),
                                  tr("城镇开发边界, for CZKFBJ and CZKFBJ_HA."))):
            self.add(QgsProcessingParameterFeatureSource(key, label, polygon, optional=True), text)
        self.add_area_method()
        self.add(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Key project list"),
                                                   QgsProcessing.TypeVectorPolygon),
                 tr("One feature per project with the columns of table 5-4 and every input attribute."))
        self.add(QgsProcessingParameterFeatureSink(self.SUMMARY, tr("Key projects by type"),
                                                   QgsProcessing.TypeVector, optional=True, createByDefault=True),
                 tr("The count (XMGS), land (YDGM_HA) and new construction land (XZJSYD_HA) of each type, and "
                    "the total."))
        self.addOutput(QgsProcessingOutputString(self.SENTENCE, tr("Summary sentence")))

    def _source(self, parameters, name, context, required=False):
        source = self.source_keeping_invalid(parameters, name, context)
        if source is None and required:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return source

    @staticmethod
    def _require(source, parameter, field_name, setting):
        if source.fields().lookupField(field_name) < 0:
            raise QgsProcessingException(tr(
                "Layer {} ({}) has no field {} ({}). Its fields are: {}. Set {} to one of them.").format(
                bridge.layer_label(source, parameter), parameter, field_name, setting,
                bridge.field_list(source.fields()), setting))

    def _read(self, parameters, context, name, feedback, **options):
        source = self._source(parameters, name, context)
        if source is None:
            return None
        return bridge.read_input(self, parameters, name, context, feedback, bridge.layer_label(source, name),
                                 **options)

    def _near(self, parameters, context, name, boxes, crs):
        """The ids of the features of layer ``name`` whose box meets one of the projects' ``boxes`` (shapely
        bounds in ``crs``): a county's parcels and farmland are read only where a project may meet them (a few
        hundred of 200 000), through the layer's spatial index. None when the layer is not given."""
        source = self._source(parameters, name, context)
        if source is None:
            return None
        transform = QgsCoordinateTransform(crs, source.sourceCrs(), context.transformContext())
        found = set()
        for xmin, ymin, xmax, ymax in boxes:
            rect = QgsRectangle(xmin, ymin, xmax, ymax)
            if source.sourceCrs() != crs:
                rect = transform.transformBoundingBox(rect)
            request = QgsFeatureRequest().setFilterRect(rect).setNoAttributes()
            request.setFlags(QgsFeatureRequest.NoGeometry)
            found.update(feature.id() for feature in source.getFeatures(request))
        return sorted(found)

    def _check_fields(self, parameters, context, names):
        """Refuse, before reading, any field the layers lack; returns the lines' land field or ""."""
        for key in (self.PROJECTS, self.PROJECT_LINES):
            source = self._source(parameters, key, context, required=key == self.PROJECTS)
            for parameter, _, _ in self.TEXT_FIELDS if source is not None else ():
                self._require(source, key, names[parameter], parameter)
        land_field = (self.parameterAsString(parameters, self.LINE_AREA_FIELD, context) or "").strip()
        lines = self._source(parameters, self.PROJECT_LINES, context)
        if land_field and lines is not None:
            self._require(lines, self.PROJECT_LINES, land_field, self.LINE_AREA_FIELD)
        self._require(self._source(parameters, self.LANDUSE, context, True), self.LANDUSE,
                      names[self.DLBM_FIELD], self.DLBM_FIELD)
        townships = self._source(parameters, self.TOWNSHIPS, context)
        if townships is not None:
            self._require(townships, self.TOWNSHIPS, names[self.TOWNSHIP_NAME_FIELD], self.TOWNSHIP_NAME_FIELD)
        return land_field

    def _landuse(self, parameters, context, steps, crs, dlbm, fids):
        """(parcels, normalised codes, place of each parcel or None) of the parcels ``fids`` (those near a
        project)."""
        source = self._source(parameters, self.LANDUSE, context)
        place = next((n for n in (LAND_PLACE_NAME, LAND_PLACE_CODE) if source.fields().lookupField(n) >= 0), None)
        wanted = [dlbm] + ([place] if place else [])
        layer = self._read(parameters, context, self.LANDUSE, steps, crs=crs, subset=wanted, text_fields=wanted,
                           fids=fids)
        warn_if_empty(steps, layer, self.LANDUSE, tr("all project land counts as new construction land."))
        found = landcodes.normalise_codes(_column(layer, dlbm))
        if found.needed:
            steps.pushWarning(landclass.normalised_warning(layer.name, dlbm, found))
        places = None
        if place == LAND_PLACE_NAME:
            places = [str(v or "").strip() for v in _column(layer, place)]
        elif place == LAND_PLACE_CODE:
            places = core.township_codes(_column(layer, place))
        return layer, found.codes, places

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        names = {key: (self.parameterAsString(parameters, key, context) or "").strip()
                 for key in [p for p, _, _ in self.TEXT_FIELDS] + [self.DLBM_FIELD, self.TOWNSHIP_NAME_FIELD]}
        land_field = self._check_fields(parameters, context, names)
        crs = self._source(parameters, self.PROJECTS, context).sourceCrs()
        method = self.area_method(parameters, context, crs, feedback)
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        polygons = self._read(parameters, context, self.PROJECTS, steps, passes_text=True)
        warn_if_empty(steps, polygons, self.PROJECTS, tr("the list holds only the projects without land."))
        others = self._read(parameters, context, self.PROJECT_LINES, steps, crs=crs, polygons=False,
                            passes_text=True)
        steps.setCurrentStep(1)
        boxes = [g.bounds for layer in (polygons, others) if layer is not None for g in layer.geoms
                 if g is not None and not g.is_empty]
        landuse, codes, places = self._landuse(parameters, context, steps, crs, names[self.DLBM_FIELD],
                                               self._near(parameters, context, self.LANDUSE, boxes, crs))
        townships = self._read(parameters, context, self.TOWNSHIPS, steps, crs=crs,
                               subset=[names[self.TOWNSHIP_NAME_FIELD]])
        lines = {key: self._read(parameters, context, key, steps, crs=crs, attributes=False,
                                 fids=self._near(parameters, context, key, boxes, crs))
                 for key in (self.PBF, self.EPR, self.UDB)}
        bridge.check_canceled(feedback)
        steps.setCurrentStep(2)
        layers = [polygons] + ([others] if others is not None else [])
        texts = {column: sum((_column(layer, names[parameter]) for layer in layers), [])
                 for parameter, _, column in self.TEXT_FIELDS}
        result = core.plan(core.ProjectInputs(
            projects=polygons.geoms, types=texts["XMLX"],
            measure=lambda geoms: bridge.areas_m2(geoms, crs, method, context),
            others=others.geoms if others is not None else np.empty(0, dtype=object),
            others_land_ha=_column(others, land_field) if others is not None and land_field else None,
            landuse=landuse.geoms, landuse_codes=codes, landuse_places=places,
            townships=townships.geoms if townships is not None else None,
            township_names=_column(townships, names[self.TOWNSHIP_NAME_FIELD]) if townships is not None else None,
            pbf=_geoms(lines[self.PBF]), epr=_geoms(lines[self.EPR]), udb=_geoms(lines[self.UDB]),
        ))
        bridge.check_canceled(feedback)
        steps.setCurrentStep(3)
        results = self._write(parameters, context, steps, (polygons, others, crs), (result, texts))
        self._log(feedback, polygons, others, result)
        bridge.check_canceled_writing(feedback)
        return results

    def _write(self, parameters, context, feedback, layers, outcome):
        polygons, others, crs = layers
        result, texts = outcome
        inputs = projectlist_io.input_fields(polygons, others)
        fields, fid_at = projectlist_io.list_fields(inputs)
        attributes = projectlist_io.aligned_attributes(polygons, inputs)
        geoms = list(polygons.geoms)
        if others is not None:
            attributes += projectlist_io.aligned_attributes(others, inputs)
            geoms += [None] * len(others)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        rows = projectlist_io.rows(result, texts, attributes, fid_at)
        bridge.write_features(sink, np.asarray(geoms, dtype=object)[result.order], rows, feedback, self.OUTPUT,
                              fields=fields)
        summary_sink, summary_dest = self.parameterAsSink(parameters, self.SUMMARY, context,
                                                          projectlist_io.summary_fields(), QgsWkbTypes.NoGeometry)
        results = {self.OUTPUT: dest, self.SENTENCE: result.sentence}
        if summary_sink is None:  # an optional output: refused only when asked for and not made
            if parameters.get(self.SUMMARY) is not None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.SUMMARY))
            return results
        summary = projectlist_io.summary_rows(result.summary)
        bridge.write_features(summary_sink, np.array([None] * len(summary), dtype=object), summary, feedback,
                              self.SUMMARY)
        results[self.SUMMARY] = summary_dest
        return results

    @staticmethod
    def _log(feedback, polygons, others, result):
        feedback.pushInfo(result.sentence)
        fids = np.concatenate([polygons.fids, others.fids if others is not None else np.empty(0, dtype=np.int64)])
        gap = np.flatnonzero(result.uncovered_m2 > core.TOLERANCE_M2)
        if len(gap):
            feedback.pushWarning(tr(
                "Projects {} lie partly under no land-use parcel ({:.4f} ha in all): that land is counted as new "
                "construction land (column WFG_HA). Check that the land-use layer covers them.").format(
                bridge.id_list(fids[gap]), float(units.m2_to_ha(result.uncovered_m2[gap].sum()))))
        if not any(result.places):
            feedback.pushWarning(tr("No place (SZDQ) could be found: give TOWNSHIPS, or land-use parcels with "
                                    "ZLDWMC or ZLDWDM under the projects."))


def _geoms(layer):
    return layer.geoms if layer is not None else None
