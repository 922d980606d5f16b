"""Run inside the real QGIS desktop (``qgis --code qgis_startup.py``), started by check_desktop.py.

QGIS executes this file once its main window exists, before its event loop runs, so every step is scheduled
on a timer: wait until the interface and the plugins are up, check the planmaint provider in the Processing
registry and in the toolbox, open one algorithm dialog and each bundled model in the modeler, run the model,
review the farmland's swap-out candidates (a few set to stay, saved, shown on the map with the attribute table),
save screenshots, write the JSON result and quit. A watchdog writes whatever was found and quits if a step hangs.

Settings come from environment variables (set by check_desktop.py): PLANMAINT_CHECK_RESULT (JSON file),
PLANMAINT_CHECK_SCREENSHOTS (folder), PLANMAINT_CHECK_WORK (a scratch folder), PLANMAINT_CHECK_DIALOG
(algorithm ids to try for the dialog, comma separated, first registered wins), PLANMAINT_CHECK_WATCHDOG
(seconds).
"""
import glob
import json
import os
import time
import traceback


def _run_check():
    # Imported here: this file is exec'd in QGIS's __main__ namespace, and keeping everything inside a
    # function keeps the namespace of the QGIS Python console clean.
    import qgis.utils
    from qgis.core import Qgis, QgsApplication, QgsProcessingModelAlgorithm, QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer

    result_path = os.environ["PLANMAINT_CHECK_RESULT"]
    shots_dir = os.environ["PLANMAINT_CHECK_SCREENSHOTS"]
    dialog_candidates = os.environ.get(
        "PLANMAINT_CHECK_DIALOG", "planmaint:edgeswap,planmaint:removefragments,planmaint:samplecounty"
    ).split(",")
    started = time.monotonic()
    result = {
        "qgis_version": Qgis.QGIS_VERSION,
        "errors": [],
        "screenshots": {},
        "finished": False,
    }
    keep = []  # widgets that must outlive the timer callbacks (PyQt would delete them)

    def write_result():
        result["seconds"] = round(time.monotonic() - started, 1)
        with open(result_path, "w", encoding="utf-8") as handle:
            json.dump(result, handle, ensure_ascii=False, indent=1)

    def quit_qgis():
        write_result()
        for widget in keep:
            try:
                widget.close()
            except RuntimeError:
                pass
        QgsApplication.processEvents()
        qgis.utils.iface.actionExit().trigger()
        # Should a dialog refuse to close, leave anyway: the result is written.
        QTimer.singleShot(5000, lambda: QCoreApplication.exit(0))

    def step(function, next_step=None, delay_ms=300):
        """Run ``function``; record a traceback instead of stopping; then schedule ``next_step``."""

        def run():
            # Written before and after each step: should QGIS crash, the result says where.
            result["current_step"] = function.__name__
            write_result()
            try:
                function()
            except Exception:  # every failure goes into the result, the check goes on
                result["errors"].append(f"{function.__name__}: {traceback.format_exc()}")
            result.setdefault("steps_done", []).append(function.__name__)
            write_result()
            if next_step is not None:
                QTimer.singleShot(delay_ms, next_step)

        return run

    def shot(widget, name):
        path = os.path.join(shots_dir, f"{name}.png")
        QgsApplication.processEvents()
        if not widget.grab().save(path):
            raise RuntimeError(f"could not save the screenshot {path}")
        result["screenshots"][name] = path

    state = {}

    def registry_check():
        registry = QgsApplication.processingRegistry()
        provider = registry.providerById("planmaint")
        result["provider"] = None
        if provider is None:
            raise RuntimeError("the planmaint provider is not in the Processing registry")
        import planmaint
        from planmaint.algorithms.provider import ALGORITHMS, MODELS_DIR

        model_files = sorted(glob.glob(os.path.join(MODELS_DIR, "*.model3")))
        result["plugin_path"] = os.path.dirname(planmaint.__file__)
        result["user_locale"] = QgsSettings().value("locale/userLocale", "", type=str)
        result["provider"] = {"id": provider.id(), "name": provider.name(), "long_name": provider.longName()}
        result["load_errors"] = list(provider.load_errors)
        result["expected_algorithm_count"] = len(ALGORITHMS) + len(model_files)
        result["algorithms"] = [
            {"id": a.id(), "name": a.displayName(), "group": a.group(),
             "is_model": isinstance(a, QgsProcessingModelAlgorithm)}
            for a in provider.algorithms()
        ]
        result["models"] = [a["id"] for a in result["algorithms"] if a["is_model"]]
        # A model loaded before its steps' algorithms were registered lacks the parameters of its outputs:
        # its dialog and qgis_process then offer no outputs. Count declared outputs against them.
        result["models_missing_outputs"] = {
            a.id(): sorted(
                set(f"{c.childId()}:{name}" for c in a.childAlgorithms().values() for name in c.modelOutputs())
                - {d.name() for d in a.destinationParameterDefinitions()}
            )
            for a in provider.algorithms()
            if isinstance(a, QgsProcessingModelAlgorithm)
        }
        result["models_missing_outputs"] = {k: v for k, v in result["models_missing_outputs"].items() if v}
        result["model_files"] = [os.path.basename(path) for path in model_files]
        state["provider"] = provider

    def toolbox_check():
        from qgis.gui import QgsProcessingToolboxModel
        from qgis.PyQt import sip
        from qgis.PyQt.QtWidgets import QApplication

        toolbox = qgis.utils.plugins["processing"].toolbox
        toolbox.show()
        toolbox.raise_()
        main_window = qgis.utils.iface.mainWindow()
        main_window.resizeDocks([toolbox], [460], Qt.Horizontal)
        tree = toolbox.algorithmTree
        proxy = tree.model()
        # PyQt hands the source model out as a plain QAbstractItemModel.
        source = sip.cast(proxy.sourceModel(), QgsProcessingToolboxModel)
        provider_index = proxy.mapFromSource(source.indexForProvider("planmaint"))
        if not provider_index.isValid():
            raise RuntimeError("the planmaint provider has no node in the Processing toolbox")
        tree.collapseAll()
        visible = []

        def walk(index):
            tree.expand(index)
            algorithm = tree.algorithmForIndex(index)
            if algorithm is not None:
                visible.append(algorithm.id())
            for row in range(proxy.rowCount(index)):
                walk(proxy.index(row, 0, index))

        walk(provider_index)
        tree.scrollTo(provider_index, tree.PositionAtTop)
        QApplication.processEvents()
        result["toolbox_provider_label"] = proxy.data(provider_index, Qt.DisplayRole)
        result["toolbox_visible"] = sorted(set(visible))
        registered = {a["id"] for a in result.get("algorithms", [])}
        result["missing_from_toolbox"] = sorted(registered - set(visible))
        shot(toolbox, "toolbox")
        shot(main_window, "qgis_window")

    def open_dialog():
        import processing

        registered = [a["id"] for a in result.get("algorithms", [])]
        algorithm_id = next((c for c in dialog_candidates if c in registered), None)
        if algorithm_id is None:
            raise RuntimeError(f"none of {dialog_candidates} is registered")
        dialog = processing.createAlgorithmDialog(algorithm_id)
        keep.append(dialog)
        dialog.resize(1000, 720)
        dialog.show()  # non-modal: exec() would block this script
        state["dialog"] = dialog
        result["dialog"] = {"id": algorithm_id, "title": dialog.windowTitle()}

    def grab_dialog():
        if "dialog" in state:
            shot(state["dialog"], "algorithm_dialog")
            state.pop("dialog").close()

    def open_models():
        from processing.modeler.ModelerDialog import ModelerDialog

        result["modeler"] = []
        for algorithm in state["provider"].algorithms():
            if not isinstance(algorithm, QgsProcessingModelAlgorithm):
                continue
            # A fresh copy from the file, so the registered model is never touched by the designer.
            model = QgsProcessingModelAlgorithm()
            if not model.fromFile(algorithm.sourceFilePath()):
                raise RuntimeError(f"cannot read {algorithm.sourceFilePath()}")
            dialog = ModelerDialog.create(model)
            keep.append(dialog)
            dialog.resize(1500, 950)
            dialog.show()
            can_execute = model.canExecute()
            result["modeler"].append({
                "id": algorithm.id(),
                "title": dialog.windowTitle(),
                "children": len(model.childAlgorithms()),
                "can_execute": bool(can_execute[0]) if isinstance(can_execute, tuple) else bool(can_execute),
            })
            state.setdefault("modelers", []).append((algorithm.name(), dialog))

    def grab_models():
        modelers = state.pop("modelers", [])
        for name, dialog in modelers:
            # Fitted once the window is laid out, so the whole chain is in the picture.
            view = dialog.view()
            view.fitInView(view.scene().itemsBoundingRect().adjusted(-40, -40, 40, 40), Qt.KeepAspectRatio)
            shot(dialog, "model" if len(modelers) == 1 else f"model_{name}")
            dialog.setDirty(False)  # no "save changes?" question on close
            dialog.close()

    def run_and_show():
        """Run the model inside QGIS and load its lines and farmland swaps as the toolbox dialog does.

        The outputs are marked to load into the project and Processing's own result handling loads them, so
        the styles seen (and recorded) are the ones the plugin attaches, not ones set here.
        """
        import processing
        from qgis.core import (
            QgsProcessingContext,
            QgsProcessingFeedback,
            QgsProcessingOutputLayerDefinition,
            QgsProject,
        )

        from planmaint.algorithms.compat import handle_algorithm_results

        if "planmaint:samplecounty" not in {a["id"] for a in result.get("algorithms", [])}:
            raise RuntimeError("planmaint:samplecounty is not registered")
        work = os.environ["PLANMAINT_CHECK_WORK"]
        path = os.path.join(work, "county.gpkg")
        outputs = processing.run("planmaint:samplecounty", {"PARCELS": 2000, "SEED": 1, "OUTPUT": path})
        result["algorithm_run"] = {"id": "planmaint:samplecounty", "outputs": sorted(outputs)}

        model_id = "planmaint:dynamicmaintenance"
        model = QgsApplication.processingRegistry().createAlgorithmById(model_id)
        if model is None:
            raise RuntimeError(f"{model_id} is not registered")
        project = QgsProject.instance()
        # Bottom to top, with the names a Chinese user would give the layers.
        shown = {"EPR_NEW": "生态保护红线（维护后）", "UDB_NEW": "城镇开发边界（维护后）",
                 "PBF_NEW": "永久基本农田（维护后）", "PBF_OUT": "永久基本农田调出", "PBF_IN": "永久基本农田调入"}
        parameters = {name: f"{path}|layername={name.lower()}" for name in
                      ("LANDUSE", "PBF", "EPR", "UDB", "HSF", "HILLY_AREAS", "PROJECTS", "URBAN_BASELINE")}
        plan = os.path.join(work, "plan.gpkg")
        for output in model.destinationParameterDefinitions():
            table = output.name().split(":")[-1].lower()
            if table == "report":
                parameters[output.name()] = os.path.join(work, "report.html")
                continue
            destination = QgsProcessingOutputLayerDefinition(f"ogr:dbname='{plan}' table=\"{table}\"")
            if table.upper() in shown:
                destination.destinationProject = project  # the model names the layer after its output
            parameters[output.name()] = destination
        context = QgsProcessingContext()
        context.setProject(project)
        feedback = QgsProcessingFeedback()
        results = processing.run(model, parameters, context=context, feedback=feedback, onFinish=lambda *_: None)
        attached = {}
        for details in context.layersToLoadOnCompletion().values():
            processor = details.postProcessor()
            attached[details.name] = getattr(processor, "style_name", None)
        if not handle_algorithm_results(model, context, feedback, parameters):
            raise RuntimeError("Processing could not load the model's outputs")
        result["model_run"] = {"id": model_id, "outputs": sorted(results), "styles": attached}
        root = project.layerTreeRoot()
        for name, title in shown.items():  # the order of ``shown``, swaps on top
            found = project.mapLayersByName(name)
            if not found:
                raise RuntimeError(f"the model's output {name} was not loaded")
            found[0].setName(title)
            node = root.findLayer(found[0].id())
            if node is not None:
                root.insertChildNode(0, node.clone())
                node.parent().removeChildNode(node)
        canvas = qgis.utils.iface.mapCanvas()
        canvas.setExtent(canvas.fullExtent())
        canvas.refreshAllLayers()
        result["project_layers"] = sorted(layer.name() for layer in project.mapLayers().values())

    def grab_map():
        canvas = qgis.utils.iface.mapCanvas()
        canvas.waitWhileRendering()
        shot(qgis.utils.iface.mainWindow(), "map")
        from qgis.core import QgsProject

        QgsProject.instance().clear()  # nothing to save on exit
        QgsProject.instance().setDirty(False)

    def open_review():
        """The review step of a technician: the county's swap-out candidates, loaded by Processing (so with the
        style the plugin attaches), a few pieces set to stay (SFTC = 0) and saved, the attribute table docked
        under the map in edit mode."""
        candidates, style = load_candidates(os.environ["PLANMAINT_CHECK_WORK"])
        review, kept = review_candidates(candidates)
        result["review"] = dict(review, style=style)
        state["review_frame"] = show_review(qgis.utils.iface, candidates, kept)

    def frame_review():
        state.pop("review_frame")()

    def grab_review():
        from qgis.core import QgsProject

        qgis.utils.iface.mapCanvas().waitWhileRendering()
        shot(qgis.utils.iface.mainWindow(), "review")
        for layer in QgsProject.instance().mapLayers().values():
            if layer.isEditable():
                layer.rollBack()  # edit mode was only for the picture: the review is saved already
        QgsProject.instance().clear()
        QgsProject.instance().setDirty(False)

    def finish():
        result["finished"] = True
        quit_qgis()

    # The chain, last step first so each can name its successor.
    chain = step(finish)
    chain = step(grab_review, chain, 300)
    chain = step(frame_review, chain, 2000)
    chain = step(open_review, chain, 1500)
    chain = step(grab_map, chain, 300)
    chain = step(run_and_show, chain, 2500)
    chain = step(grab_models, chain, 300)
    chain = step(open_models, chain, 1500)
    chain = step(grab_dialog, chain, 300)
    chain = step(open_dialog, chain, 1500)
    chain = step(toolbox_check, chain, 300)
    chain = step(registry_check, chain, 1000)

    deadline = time.monotonic() + float(os.environ.get("PLANMAINT_CHECK_WAIT", "60"))

    def wait_for_interface():
        iface = qgis.utils.iface
        ready = (
            iface is not None
            and iface.mainWindow() is not None
            and iface.mainWindow().isVisible()
            and "processing" in qgis.utils.plugins
            and getattr(qgis.utils.plugins["processing"], "toolbox", None) is not None
        )
        if ready:
            result["interface_after_s"] = round(time.monotonic() - started, 1)
            iface.mainWindow().resize(1400, 900)
            QTimer.singleShot(500, chain)
        elif time.monotonic() > deadline:
            result["errors"].append("QGIS's interface or the Processing plugin did not come up in time")
            quit_qgis()
        else:
            QTimer.singleShot(500, wait_for_interface)

    def watchdog():
        if not result["finished"]:
            result["errors"].append("watchdog: the check did not finish in time")
            quit_qgis()

    QTimer.singleShot(int(1000 * float(os.environ.get("PLANMAINT_CHECK_WATCHDOG", "90"))), watchdog)
    QTimer.singleShot(0, wait_for_interface)
    # The callbacks hold the state; keep them referenced from the QGIS Python namespace until QGIS quits.
    return result, keep, state


# The pieces the screenshot shows as kept: chosen among the first rows of the table, of different reasons, and
# large enough (m²) to show their hatch.
REVIEW_KEEP = 3
REVIEW_MIN_M2 = 5000
REVIEW_LAYER = "调出候选地块"


def load_candidates(work):
    """Run swapcandidates on the county of the check as `make demo` does and let Processing load its output
    (so with the style the plugin attaches), over the farmland; returns (the loaded layer, the style name)."""
    import processing
    from qgis.core import (
        QgsApplication,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
        QgsVectorLayer,
    )

    from planmaint.algorithms import styles
    from planmaint.algorithms.compat import handle_algorithm_results

    county = os.path.join(work, "county.gpkg")
    path = os.path.join(work, "candidates.gpkg")
    project = QgsProject.instance()
    base = QgsVectorLayer(f"{county}|layername=pbf", "永久基本农田", "ogr")
    base.loadNamedStyle(styles.style_path("pbf"))
    project.addMapLayer(base)

    def layer(name):
        return f"{county}|layername={name}"

    parameters = {
        "PBF": layer("pbf"), "LANDUSE": layer("landuse_2024"), "PROJECTS": layer("projects"),
        "PROJECT_FILTER": "\"JB\" IN ('国家级','自治区级')", "DAMAGED": layer("damaged"),
        "UNQUALIFIED": layer("unqualified"), "HILLY_AREAS": layer("hilly_areas"),
        "OUTPUT": QgsProcessingOutputLayerDefinition(path, project),
    }
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("planmaint:swapcandidates")
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    context.setProject(project)
    outputs = processing.run(algorithm, parameters, context=context, feedback=feedback, onFinish=lambda *_: None)
    processor = context.layerToLoadOnCompletionDetails(outputs["OUTPUT"]).postProcessor()
    if not handle_algorithm_results(algorithm, context, feedback, parameters):
        raise RuntimeError("Processing could not load the swap-out candidates")
    loaded = [lay for lay in project.mapLayers().values() if lay.source().startswith(path)]
    if len(loaded) != 1:
        raise RuntimeError(f"the swap-out candidates were loaded {len(loaded)} times")
    loaded[0].setName(REVIEW_LAYER)
    return loaded[0], getattr(processor, "style_name", None)


def review_candidates(candidates):
    """The technician's review: SFTC set, through the value its widget stores for 不调出, to stay on a few pieces,
    then saved; returns (what was seen, the ids set to stay)."""
    from qgis.core import QgsVectorLayer

    sftc = candidates.fields().indexOf("SFTC")
    setup = candidates.editorWidgetSetup(sftc)
    choices = {label: value for entry in setup.config().get("map", []) for label, value in entry.items()}
    pieces = sorted(candidates.getFeatures(), key=lambda f: f.id())
    chosen, reasons = [], set()
    for feature in pieces[:8]:
        if feature["HCYY"] not in reasons and feature.geometry().area() > REVIEW_MIN_M2 and len(chosen) < REVIEW_KEEP:
            chosen.append(feature.id())
            reasons.add(feature["HCYY"])
    candidates.startEditing()
    for fid in chosen:
        candidates.changeAttributeValue(fid, sftc, int(choices.get("不调出 (0)", 0)))
    if not candidates.commitChanges():
        raise RuntimeError("; ".join(candidates.commitErrors()))
    saved = QgsVectorLayer(candidates.source(), "saved", "ogr")  # read anew: what edgeswap would read
    return {
        "widget": setup.type(),
        "value_map": choices,
        "pieces": len(pieces),
        "reasons": sorted({f["HCYY"] for f in pieces}),
        "kept_set": len(chosen),
        "kept_saved": sum(1 for f in saved.getFeatures() if f["SFTC"] == 0),
        "table_columns": [column.name for column in candidates.attributeTableConfig().columns()[:3]],
    }, chosen


def show_review(iface, candidates, kept):
    """The map, its legend and the attribute table docked under it in edit mode, as a technician sees them while
    reviewing; returns the framing to do once QGIS has laid the window out (and zoomed to its first layer)."""
    import qgis.utils
    from qgis.core import QgsRectangle, QgsSettings
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QDockWidget

    window = iface.mainWindow()
    window.resize(1600, 1000)
    # Room for the map, the legend and the table: the toolbox and the browser step aside.
    for dock in window.findChildren(QDockWidget):
        if dock.objectName() in ("ProcessingToolbox", "Browser", "Browser2"):
            dock.hide()
    toolbox = getattr(qgis.utils.plugins.get("processing"), "toolbox", None)
    if toolbox is not None:
        toolbox.hide()
    QgsSettings().setValue("qgis/dockAttributeTable", True)  # the profile is the check's own
    candidates.startEditing()
    table = iface.showAttributeTable(candidates)
    iface.layerTreeView().expandAll()
    kept_box = QgsRectangle()
    for feature in candidates.getFeatures(kept):
        kept_box.combineExtentWith(feature.geometry().boundingBox())
    kept_box.grow(max(kept_box.width(), kept_box.height()) * 0.08)

    def frame():
        dock = table.parent()  # the docked table's dialog sits in a dock widget of the main window
        if isinstance(dock, QDockWidget):
            window.resizeDocks([dock], [320], Qt.Vertical)  # the map as tall as 7 rows of the table allow
        canvas = iface.mapCanvas()
        canvas.setExtent(kept_box)
        canvas.refresh()

    return frame


_planmaint_check = _run_check()
