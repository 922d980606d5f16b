"""The graphical models bundled with planmaint, shown in the user's language.

A .model3 file holds its names and help as plain text, out of reach of Qt's translation. The texts of
each bundled model are therefore kept here, in English inside ``tr()``: scripts/build_model.py writes
them into the .model3, and ``BundledModel`` shows them translated when the plugin loads the model.
"""
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingModelAlgorithm,
    QgsProcessingParameterDefinition,
)

from . import bridge, landclass, safety
from .i18n import tr


def _category_inputs():
    """(description, help) of the model's inputs of the red line's and the boundary's categories (issue 21)."""
    return {
        "WITHDRAWN": (tr("Withdrawn protected areas"),
                      tr("Optional polygons of protected areas withdrawn by law and found to have no important "
                         "ecological function (e.g. a withdrawn water-source zone): the red line in them "
                         "leaves (category 11).")),
        "MINING": (tr("Mining rights"), tr("Optional polygons of mining rights (矿业权): the red line in them "
                                           "leaves as a conflict (14).")),
        "COMMERCIAL_FOREST": (tr("Commercial forest"),
                              tr("Optional polygons of commercial forest (人工商品林): the red line in them "
                                 "leaves as a conflict (15).")),
        "EPR_CORRECTION": (tr("Technical correction of the red line"),
                           tr("Optional polygons of the technical correction (技术勘正) of the red line: the "
                              "red line in them leaves (17).")),
        "NEW_WATER_SOURCE": (tr("New water-source zones"),
                             tr("Optional polygons of newly designated water-source zones (新设水源地): they "
                                "join the red line (31).")),
        "PUBLIC_FOREST": (tr("Public-welfare forest"),
                          tr("Optional polygons of public-welfare forest (生态公益林): they join the red "
                             "line (32).")),
        "REGREEN": (tr("Land planned for re-greening"),
                    tr("Optional polygons of construction land planned for re-greening (规划复绿): it does "
                       "not keep a hole of the red line from being filled.")),
        "EPR_CANDIDATES": (tr("Reviewed EPR swap-out candidates"),
                           tr("Optional output of Swap-out candidates by reason (LINE = EPR) after the "
                              "technician's review: pieces with SFTC = 1 leave the red line, those with "
                              "SFTC = 0 stay. Empty: the model finds them itself and accepts them all.")),
        "APPROVED": (tr("Approved land not yet built"),
                     tr("Optional polygons of land approved or supplied but not built (已批未建): it never "
                        "leaves the development boundary.")),
        "PLANNED_LANDUSE": (tr("Planned land use"),
                            tr("Optional planned land use with its code in YDDM: planned public-service, "
                               "road, municipal and green land (codes 08, 1207, 13, 14) never leaves the "
                               "development boundary.")),
        "UDB_CANDIDATES": (tr("Reviewed UDB swap-out pool"),
                           tr("Optional output of Swap-out candidates by reason (LINE = UDB) after the "
                              "technician's review: only pieces with SFTC = 1 may leave the boundary to "
                              "balance it. Empty: the model finds the pool itself.")),
        "UDB_PROJECT_FILTER": (tr("Projects joining the boundary"),
                               tr("Expression choosing the projects whose land joins the development boundary "
                                  "when within 100 m of it (default: XMLX = 产业类, the seed's warehouse "
                                  "projects).")),
        **_conflict_inputs(),
        "APPROVED_ZONES": (tr("Approved development zones and industrial parks"),
                           tr("Optional polygons of the approved development zones and non-agricultural industrial "
                              "parks: table 5-3's share of them inside the boundary. Empty: the row reads -.")),
        "DIRECTIONS": (tr("Main development directions"),
                       tr("Optional polygons of the plan's main development directions: table 5-3's fit of the "
                          "boundary with them. Empty: the row reads -.")),
        "UNSUITABLE": (tr("Areas unsuitable for urban construction"),
                       tr("Optional polygon layers of land unsuitable for towns (geological hazards, flood storage, "
                          "covered mineral resources, heritage sites): table 5-3's area of them inside the boundary. "
                          "Empty: the row reads -.")),
        "LANGUAGE": (tr("Language of the table and the report"),
                     tr("The language of the indicator table's words and of the report: the QGIS interface's "
                        "(default), 中文 or English, so a Chinese deliverable comes out of an English desktop.")),
        "TOWNSHIPS": (tr("Townships"),
                      tr("Optional township polygons with their name in XZQMC: the place (所在地区) of each key "
                         "project in the project list; without them, the land use's location codes.")),
        "EPR_EXACT": (tr("Red line exactly as large as before"),
                      tr("Off (the seed's rule, 任务不减少): the red line after is not smaller than before and "
                         "grows when more joins than leaves. On: exactly equal, to 0.01 m².")),
    }


def _conflict_inputs():
    """(description, help) of the model's inputs of settling the conflicts between the lines (issue 24)."""
    rule = tr("Which line gives up the overlap of the two lines where no decision says otherwise; the default "
              "follows the national guidance on the three control lines (see Control-line conflicts).")
    return {
        "CORE_ZONES": (tr("Nature-reserve core zones"),
                       tr("Optional polygons of the nature reserves' core zones (自然保护地核心保护区): farmland "
                          "overlapping the red line inside them leaves the farmland (category 07), not the red "
                          "line.")),
        "CONFLICT_DECISIONS": (tr("Conflict decisions"),
                               tr("Optional polygons of the technician's decisions with KEEP (PBF, EPR, UDB, or "
                                  "BOTH / 保留重叠) and NOTE: the line named keeps the overlap under it and the "
                                  "other yields; BOTH keeps the overlap, and the report lists it with the note.")),
        "PBF_EPR_RULE": (tr("Rule: farmland and red line"), rule),
        "PBF_UDB_RULE": (tr("Rule: farmland and boundary"), rule),
        "EPR_UDB_RULE": (tr("Rule: red line and boundary"), rule),
    }


def _model_help():
    """The model's help: its steps as the seed's scheme has them."""
    return tr(
        "One full dynamic-maintenance run of the three control lines, as a county's scheme does it:\n"
        "1. conflicts between the input lines, settled: each overlap is given up by one line (by the rule of "
        "the pair, the nature-reserve core zones and the technician's decisions; Control-line conflicts) and "
        "becomes a swap-out candidate of that line, category 矛盾冲突, rebalanced like any other;\n"
        "2. permanent basic farmland: the swap-out candidates by verified reason (key projects, damaged "
        "land, non-cultivated land in the land-survey parcels, land not meeting the requirements, slopes "
        "above 15°, fragments; Swap-out candidates of the farmland), or the reviewed candidates when given, "
        "whose accepted pieces (SFTC = 1) leave and kept pieces (SFTC = 0) stay; eligible cultivated land "
        "(slope grade 1–3, outside the red line, the development boundary and the projects; high-standard "
        "farmland and land touching the farmland first) swaps in, split to the exact area; every piece "
        "that moved is in the change record (划入划出);\n"
        "3. ecological protection red line, by the seed's categories: out, the protected areas withdrawn "
        "by law, the five conflicts (farmland, town and village construction land, mining rights, "
        "commercial forest, key projects) and the technical correction, or the reviewed candidates when "
        "given; in, new water-source zones, public-welfare forest and the small holes holding no farmland "
        "and no construction land other than land planned for re-greening; the red line ends not smaller "
        "than before (任务不减少; exactly equal as an option), balanced with land that is neither cultivated "
        "nor construction land, ecological-function land first, and its balance never takes "
        "ecological-function land out;\n"
        "4. urban development boundary: in, the land of the counted projects at its edge and the slivers "
        "and small holes; out, to the same area from its outer edge, land with no construction demand (not "
        "construction land today, not approved land, not planned public land or green space), or the "
        "reviewed pool when given; the boundary never grows, nor does its expansion factor;\n"
        "every line's pieces that moved are in its change record (划入划出);\n"
        "5. indicators before and after (tables 5-1 to 5-3) with the HTML report, and the binding targets "
        "given (protection task, cultivated and forest land to retain) checked: met (达标) or not met (未达标), "
        "with the margin;\n"
        "6. the key-project list (table 5-4) with its summary by type, against the lines after maintenance, shown "
        "in the report too. The planning zones follow with Planning zones update, run on the model's new lines.\n"
        "The farmland keeps its area to 0.01 m², the red line ends not smaller and the boundary not larger "
        "than before, and the lines do not overlap (三线不交叉不重叠) except where a decision keeps an overlap. "
        "Direct all outputs into one GeoPackage to get the plan "
        "database. Open the model in the graphical modeler to adapt thresholds or steps to a county."
    )


def dynamic_maintenance_texts():
    """Title, group, help and per-input (description, help) of planmaint:dynamicmaintenance."""
    return {
        "title": tr("Full dynamic maintenance"),
        "group": tr("Models"),
        "help": _model_help(),
        "inputs": {
            **_category_inputs(),
            "LANDUSE": (tr("Land-survey parcels (DLTB)"),
                        tr("Land-survey parcels (地类图斑) of the latest land-change survey, with DLBM and PDJB: "
                           "the farmland on non-cultivated land leaves, the candidates for swaps, and the base of "
                           "the cultivated-land indicators.")),
            "PBF": (tr("Permanent basic farmland"), tr("Parcel-level permanent basic farmland (永久基本农田).")),
            "EPR": (tr("Ecological protection red line"), tr("The ecological protection red line (生态保护红线).")),
            "UDB": (tr("Urban development boundary"), tr("The urban development boundary (城镇开发边界).")),
            "HSF": (tr("High-standard farmland"),
                    tr("High-standard farmland (高标准农田): taken first when farmland is swapped in.")),
            "HILLY_AREAS": (tr("Mountain and hill zones"),
                            tr("Optional mountain and hill zones (山地丘陵地区), where the smaller fragment "
                               "threshold applies.")),
            "PROJECTS": (tr("Key construction projects"),
                         tr("Key construction projects (重点建设项目, fields as in table 5-4): the land of those the "
                            "project filter counts leaves the farmland and the red line; those the boundary's "
                            "filter counts join the development boundary.")),
            "PROJECT_FILTER": (tr("Projects that count"),
                               tr("Optional expression choosing the projects whose farmland swaps out, e.g. "
                                  "\"JB\" IN ('国家级','自治区级'). Empty: every project counts.")),
            "DAMAGED": (tr("Damaged land beyond repair"),
                        tr("Optional polygons of land damaged by disasters or mining that cannot be restored "
                           "(灾毁、采矿损毁无法修复): the farmland in them swaps out.")),
            "UNQUALIFIED": (tr("Land not meeting the requirements"),
                            tr("Optional polygons of farmland found, after verification, not to meet the "
                               "requirements (经核实不符合划入要求): it swaps out.")),
            "STABLE": (tr("Stable cultivated land"),
                       tr("Optional expression on the land-survey parcels marking stable cultivated land (稳定耕地): "
                          "only such land joins the farmland, e.g. \"WDGD\" = 1. Empty: every eligible parcel.")),
            "HSF_REQUIRED": (tr("Only existing high-standard farmland joins the farmland"),
                             tr("On (the seed's rule): land swapped into the farmland is existing high-standard "
                                "farmland only (its part inside the high-standard farmland layer). Off: "
                                "high-standard farmland is taken first, then other eligible land.")),
            "NET_AREA": (tr("Farmland on net area (deduct field ridges)"),
                         tr("On: the farmland's balance and the indicators count cultivated land as map area × "
                            "(1 − KCXS), the basis protection tasks are set in. Off: map area.")),
            "QUALITY_ERROR": (tr("Lower quality of the farmland swapped in is an error"),
                              tr("On: the run stops when the farmland swapped in has a higher mean slope grade or a "
                                 "lower high-standard farmland share than the farmland swapped out. Off: a warning, "
                                 "and the indicator table says 未达标.")),
            "PBF_CANDIDATES": (tr("Reviewed PBF swap-out candidates"),
                               tr("Optional output of Swap-out candidates of the farmland after the technician's "
                                  "review: only its pieces with SFTC = 1 leave the farmland, those with SFTC = 0 "
                                  "stay. Empty: the model finds the candidates itself and accepts them all.")),
            "URBAN_BASELINE": (tr("Urban construction land of the base year"),
                               tr("Optional 2020 urban construction land, for the expansion factor of the "
                                  "development boundary.")),
            "PBF_MIN_AREA": (tr("PBF fragment threshold in the plain (mu)"),
                             tr("Farmland patches under this area in the plain are fragments (seed: 5 亩).")),
            "PBF_MIN_AREA_HILLY": (tr("PBF fragment threshold in mountains and hills (mu)"),
                                   tr("Farmland patches under this area in mountain and hill zones are fragments "
                                      "(seed: 3 亩).")),
            "HOLE_MAX_AREA": (tr("Largest hole to fill (mu)"),
                              tr("Holes of the red line and the development boundary smaller than this are "
                                 "filled when nothing blocks them (seed: 5 亩).")),
            "SLIVER_WIDTH": (tr("Widest sliver of the UDB to fill (m)"),
                             tr("Gaps between development-boundary patches narrower than this are filled "
                                "(细缝填补); 0 turns it off.")),
            "MERGE_DISTANCE": (tr("Patch merge distance (m)"),
                               tr("Farmland features closer than this form one patch when fragments and "
                                  "contiguity are counted; 0: only touching features.")),
            "PBF_TASK_HA": (tr("PBF protection task (ha)"),
                            tr("Optional 永久基本农田保护任务 in hectares: the indicator table says whether the "
                               "farmland after maintenance meets it, and by how much. 0 or empty: no target.")),
            "CULTIVATED_TARGET_HA": (tr("Cultivated land to retain (ha)"),
                                     tr("Optional 耕地保有量 target in hectares, compared with the cultivated land "
                                        "of the land-survey parcels. 0 or empty: no target.")),
            "FOREST_TARGET_HA": (tr("Forest land to retain (ha)"),
                                 tr("Optional 林地保有量 target in hectares, compared with the forest land of the "
                                    "land-survey parcels. 0 or empty: no target.")),
        },
    }


OPTIONAL = QgsProcessingParameterDefinition.FlagOptional

BUNDLED_TEXTS = {"dynamicmaintenance": dynamic_maintenance_texts}

# Inputs whose land-class field a bundled model's own expressions read (scripts/build_model.py: eligible
# cultivated land, construction land by left("DLBM", 2), in native steps and in edge swaps): (input, field).
CODE_INPUTS = {"dynamicmaintenance": (("LANDUSE", "DLBM"),)}


def land_code_problem(model, parameters, context):
    """Why ``model`` cannot run on these inputs' land-class codes, or None.

    Native steps evaluate the model's expressions on the field as stored, where planmaint cannot give codes
    stored as numbers (101) or without their leading zero ('101') their four-digit form: left("DLBM", 2) of
    101 is '10', and construction land would go unseen. The run is refused before any step, with the fix.
    The farmland (PBF) is not checked: only planmaint's own steps read its codes, and they normalise them.
    """
    for name, field_name in CODE_INPUTS.get(model.name(), ()):
        layer = model.parameterAsVectorLayer(parameters, name, context)
        problem = landclass.stored_problem(layer, field_name) if layer is not None else None
        if problem is not None:
            reader = tr("the model {} (e.g. its step {})").format(
                model.displayName(), "3b 建设用地 / Construction land: left(\"{}\", 2) IN ('05', …)".format(field_name)
            )
            label = "{} ({})".format(bridge.layer_label(layer, name), name)
            return str(landclass.refusal(label, field_name, problem, reader))
    return None


class BundledModel(QgsProcessingModelAlgorithm):
    """A model shipped with the plugin: its title, group, help and inputs follow the user's language."""

    def texts(self):
        source = BUNDLED_TEXTS.get(self.name())
        return source() if source else None

    def translate_inputs(self):
        texts = self.texts()
        if not texts:
            return
        for name, (description, help_text) in texts["inputs"].items():
            definition = self.parameterDefinition(name)
            if definition is not None:
                definition.setDescription(description)
                definition.setHelp(help_text)

    def displayName(self):  # noqa: N802 (QGIS API name)
        texts = self.texts()
        return texts["title"] if texts else super().displayName()

    def group(self):
        texts = self.texts()
        return texts["group"] if texts else super().group()

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        texts = self.texts()
        return texts["help"] if texts else super().shortHelpString()

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        """Processing's own checks, then no model output aimed at a model input (safety.py), then land-class
        codes its expressions can read (``land_code_problem``)."""
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        ok, message = safety.check_outputs_spare_inputs(self, parameters, context)
        if not ok:
            return ok, message
        problem = land_code_problem(self, parameters, context)
        return (False, problem) if problem else (ok, message)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        """Runs the steps with Processing's invalid-feature check off, as planmaint's own algorithms read, and
        never lets a cancelled run pass for a finished one.

        County data often hold a few invalid polygons. planmaint's algorithms repair them and name them in
        a warning; the model's native steps (extract, field calculator, merge, difference, extract within
        distance) would stop on the first one under Processing's default "stop" policy, or drop it under
        "skip". With the check off they pass every feature on, and the planmaint steps that follow repair
        them (tests/test_model.py: a model run on spiked parcels keeps every line's area). The user's
        setting is put back when the run ends.

        Cancelled between two steps, Processing's model stops and returns the outputs of the steps done so
        far as if it had finished; cancelled inside a step, it says only that the step failed. Both become a
        QgsProcessingException that says the run was cancelled and names the outputs it did not complete.
        """
        previous = context.invalidGeometryCheck()
        context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        try:
            results = super().processAlgorithm(self.with_defaults(parameters), context, feedback)
        except QgsProcessingException:
            if feedback is not None and feedback.isCanceled():
                # which steps finished before the one that stopped is not known: every output may be incomplete
                raise QgsProcessingException(self.canceled_message(parameters, {}, interrupted=True)) from None
            raise
        finally:
            context.setInvalidGeometryCheck(previous)
        if feedback is not None and feedback.isCanceled():
            raise QgsProcessingException(self.canceled_message(parameters, results))
        return results

    def with_defaults(self, parameters):
        """``parameters`` with every input they leave out at the model's default.

        A model passes its inputs to its steps as given: an input left out of processing.run or qgis_process
        reaches its steps as nothing, and each step falls back on its own default, not the model's (the
        model's sliver width of 5 m became fillholes' 0). The dialog always fills them in; this does the same
        for every other way of running the model."""
        filled = dict(parameters)
        for definition in self.parameterDefinitions():
            if definition.isDestination() or definition.defaultValue() is None:
                continue
            if filled.get(definition.name()) is None:
                filled[definition.name()] = definition.defaultValue()
        return filled

    def canceled_message(self, parameters, results, interrupted=False):
        """What a cancelled run tells the user, naming the requested outputs missing from ``results``.

        ``interrupted``: a step stopped half way, so which outputs were finished is not known. The wording is
        that of the planmaint algorithms' own cancel (bridge.check_canceled_writing).
        """
        missing = "; ".join(
            "{} ({})".format(output.description(), output.name())
            for output in self.destinationParameterDefinitions()
            if output.name() not in results and (parameters.get(output.name()) or not output.flags() & OPTIONAL)
        )
        if interrupted:
            return tr("Canceled by the user while a step of the model was running: the outputs are incomplete. "
                      "Any of these may be missing or incomplete: {}. Do not use the outputs of this run; delete "
                      "any output file already written.").format(missing)
        if missing:
            return tr("Canceled by the user before the model finished: the outputs are incomplete. Not written: "
                      "{}. Do not use the outputs of this run; delete any output file already "
                      "written.").format(missing)
        return tr("Canceled by the user as the model finished its last step: every output was written, but the "
                  "run counts as canceled. Check the outputs before using them, or run the model again.")

    def createInstance(self):  # noqa: N802 (QGIS API name)
        instance = BundledModel()
        instance.loadVariant(self.toVariant())
        instance.setSourceFilePath(self.sourceFilePath())
        instance.translate_inputs()
        return instance
