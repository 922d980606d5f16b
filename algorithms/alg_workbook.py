"""planmaint:workbook — 成果表格: the indicator table and the project list as one .xlsx workbook laid out like the
seed's tables 5-1 … 5-4 (CSV files beside it where openpyxl is missing)."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from . import bridge, workbook_io
from .base import PlanMaintAlgorithm
from .core import workbook
from .i18n import tr


class Workbook(PlanMaintAlgorithm):
    INDICATORS = "INDICATORS"
    PROJECTS = "PROJECTS"
    COUNTY_NAME = "COUNTY_NAME"
    OUTPUT = "OUTPUT"
    FILES = "FILES"

    def name(self):
        return "workbook"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("Deliverable workbook")

    def group(self):
        return tr("Assessment")

    def groupId(self):  # noqa: N802 (QGIS API name)
        return "assessment"

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return tr(
            "Writes the tables a bureau hands in with its maintenance scheme as one Excel workbook (.xlsx), laid "
            "out like tables 5-1 … 5-4 of a scheme: sheet 表5-1 (cultivated land and permanent basic farmland), "
            "表5-2 (ecological protection red line), 表5-3 (urban development boundary), 表5-4 (key construction "
            "projects, when PROJECTS is given) and 三线冲突 (the overlaps of the three lines, when the table has "
            "them). Each sheet has a title row (表 5-1 …), a header row and the columns 控制线, 优化导向, 具体指标, "
            "调整前, 调整后, 变化; the 控制线 and 优化导向 cells are merged over their rows, the unit is written in "
            "the indicator's name (城镇开发边界总面积（公顷）), and the figures keep their full value while the cells "
            "show them rounded as the scheme does (万亩 and km² to 4 decimals, % and ha to 2, counts whole; the "
            "project list's hectares to 4). A figure the table does not have is written \"-\". The area basis "
            "of the table is a note under each indicator sheet. The titles and headers are in Chinese, as the "
            "scheme's.\n\n"
            "Indicator table (INDICATORS): the table written by Plan indicators (planmaint:indicators), in "
            "either language. Its rows go to the sheets by their code column: the farmland's rows (and the "
            "targets quota_… and the quality of the swapped land swap_…) to 表5-1, epr_… to 表5-2, udb_… to "
            "表5-3, overlap_… to 三线冲突; a row without a known code goes by its 控制线 cell.\n\n"
            "Key projects (PROJECTS, optional): the list written by Key construction project list "
            "(planmaint:projectlist); its columns XH, XMLX, XMMC, JSXZ, JSNX, YDGM_HA, XZJSYD_HA, SZDQ and NRYJ "
            "become 表5-4 in the order of 序号.\n\n"
            "County name (COUNTY_NAME, optional): put in the titles, e.g. 表 5-1 "
            "喀喇沁旗永久基本农田优化成效指标表.\n\n"
            "The workbook is written with the Python library openpyxl. Where QGIS's Python lacks it, the same "
            "sheets are written as CSV files beside the workbook's path (<name>_表5-1.csv …, UTF-8 that Excel "
            "opens), and a warning says how to install openpyxl. FILES lists the files written."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add(
            QgsProcessingParameterFeatureSource(self.INDICATORS, tr("Indicator table"), [QgsProcessing.TypeVector]),
            tr("The table written by planmaint:indicators (columns 控制线, 优化导向, 具体指标, 单位, 调整前, 调整后, "
               "变化 and code)."),
        )
        self.add(
            QgsProcessingParameterFeatureSource(
                self.PROJECTS, tr("Key project list"), [QgsProcessing.TypeVector], optional=True
            ),
            tr("The list written by planmaint:projectlist (columns XH … NRYJ); gives sheet 表5-4. Without it the "
               "workbook has no 表5-4."),
        )
        self.add(
            QgsProcessingParameterString(self.COUNTY_NAME, tr("County name"), "", optional=True),
            tr("The county's name in the sheet titles (表 5-1 <county>永久基本农田优化成效指标表); empty leaves it "
               "out."),
        )
        self.add(
            QgsProcessingParameterFileDestination(self.OUTPUT, tr("Workbook"), tr("Excel workbooks (*.xlsx)")),
            tr("The .xlsx file to write. Without openpyxl, CSV files named after it are written beside it instead."),
        )
        self.addOutput(QgsProcessingOutputString(self.FILES, tr("Files written")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        indicators = self.parameterAsSource(parameters, self.INDICATORS, context)
        if indicators is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INDICATORS))
        rows = workbook_io.read_indicators(indicators, bridge.layer_label(indicators, self.INDICATORS), feedback)
        if not rows:
            feedback.pushWarning(tr("The indicator table ({}) has no rows: the sheets 表5-1 … 表5-3 are written "
                                    "empty. Give the table written by planmaint:indicators.").format(
                bridge.layer_label(indicators, self.INDICATORS)))
        projects = self.parameterAsSource(parameters, self.PROJECTS, context)
        project_rows = None
        if projects is not None:
            project_rows = workbook_io.read_projects(projects, bridge.layer_label(projects, self.PROJECTS), feedback)
        county = (self.parameterAsString(parameters, self.COUNTY_NAME, context) or "").strip()
        sheets = workbook.plan(rows, project_rows, county)
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        bridge.check_canceled(feedback)
        if workbook_io.have_openpyxl():
            written = workbook_io.write_xlsx(sheets, path)
            feedback.pushInfo(tr("Workbook {}: sheets {}.").format(path, ", ".join(s.name for s in sheets)))
            return {self.OUTPUT: path, self.FILES: ";".join(written)}
        written = workbook_io.write_csv(sheets, path)
        feedback.pushWarning(tr(
            "The Python library openpyxl, which writes .xlsx workbooks, is not installed in QGIS's Python, so no "
            "workbook was written; the sheets are CSV files instead (UTF-8, open them with Excel): {}. To get the "
            "workbook, install openpyxl and run again: {}.").format(", ".join(written), workbook_io.install_hint()))
        return {self.OUTPUT: None, self.FILES: ";".join(written)}
