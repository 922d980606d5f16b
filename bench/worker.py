"""One benchmark measurement in a fresh process: start QGIS headless, do one thing, write a JSON result.

    worker.py probe    --out R.json
    worker.py generate --parcels N --seed S --dest county.gpkg --out R.json
    worker.py case     --case NAME[,NAME…] --county county.gpkg --tmp DIR --out R.json [--profile P.prof]

A fresh process per measurement keeps runs independent: no warm caches of GDAL, GEOS or Python objects from
an earlier run, and the peak memory is that of this run alone. Starting QGIS is not timed. The peak resident
memory (VmHWM) is reset just before the timed work, so it is the peak during the work (QGIS's own ~250 MB
included, since it stays resident).
"""
import argparse
import contextlib
import cProfile
import json
import os
import resource
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, HERE)

import cases  # noqa: E402 (needs the path above)

_SESSION = []


def memory_mb(key):
    """VmHWM (peak) or VmRSS (current) of this process in MB, from /proc/self/status."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return None


def reset_peak_memory():
    """Make VmHWM start again from the current RSS (Linux ≥ 4.0); harmless where not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def trace_shapely():
    """Give every public shapely function a thin wrapper of its own, for profiling only.

    shapely's functions share one decorator, so cProfile sees that decorator, not planmaint's code, as the
    caller of every predicate and overlay. A wrapper with its own code object per function (named
    ``<shapely.touches>`` and so on) makes the profile say which planmaint function spent the time in
    which shapely call. The wrapper costs a Python call per vectorised call: nothing measurable.
    """
    import inspect

    import shapely

    for name in dir(shapely):
        function = getattr(shapely, name)
        if name.startswith("_") or not inspect.isfunction(function):
            continue
        if not function.__module__.startswith("shapely."):
            continue
        namespace = {"_call": function}
        code = compile(f"def {name}(*args, **kwargs):\n    return _call(*args, **kwargs)\n",
                       f"<shapely.{name}>", "exec")
        exec(code, namespace)  # a fixed template, only the function name varies
        setattr(shapely, name, namespace[name])


def start_qgis():
    """scripts/headless.start_qgis(), but a missing algorithm is reported, not fatal.

    Returns (app, plugin, load_errors): the last line of each load error.
    """
    import headless

    app, plugin = headless.start_qgis(strict=False)
    errors = [text.strip().splitlines()[-1] for text in plugin.provider.load_errors]
    # Held for the life of the process: if the application object were collected, so would be the registry.
    _SESSION[:] = [app, plugin]
    return app, plugin, errors


def make_feedback():
    from qgis.core import QgsProcessingFeedback

    class QuietFeedback(QgsProcessingFeedback):
        """Keeps the algorithms' warnings (a benchmark log should show e.g. repaired geometries)."""

        def __init__(self):
            super().__init__(False)
            self.warnings = []

        def pushWarning(self, text):  # noqa: N802 (QGIS API name)
            self.warnings.append(text)

        def reportError(self, text, fatalError=False):  # noqa: N802 (QGIS API names)
            self.warnings.append(text)

    return QuietFeedback()


class Runner:
    """Runs Processing algorithms for a case; times everything except what is marked untimed."""

    def __init__(self, tmp):
        from qgis.core import QgsApplication

        self.registry = QgsApplication.processingRegistry()
        self.tmp = tmp
        self.steps = []  # (name, seconds)
        self.untimed_seconds = 0.0
        self.dropped = []  # parameters the algorithm does not define (an interface changed)
        self.feedback = make_feedback()
        self._outputs = 0
        self.contexts = []

    def complete(self, alg, params):
        """Only the parameters ``alg`` defines; every output not given goes to a temporary layer or file."""
        from qgis.core import (
            QgsProcessingParameterFileDestination,
            QgsProcessingParameterFolderDestination,
        )

        names = {definition.name() for definition in alg.parameterDefinitions()}
        out = {}
        for key, value in params.items():
            if key in names:
                out[key] = value
            else:
                self.dropped.append(f"{alg.id()}:{key}")
        for definition in alg.destinationParameterDefinitions():
            if definition.name() in out:
                continue
            self._outputs += 1
            stem = os.path.join(self.tmp, f"out{self._outputs}_{definition.name().replace(':', '_')}")
            if isinstance(definition, QgsProcessingParameterFileDestination):
                out[definition.name()] = f"{stem}.{definition.defaultFileExtension() or 'dat'}"
            elif isinstance(definition, QgsProcessingParameterFolderDestination):
                out[definition.name()] = stem
            else:
                out[definition.name()] = "TEMPORARY_OUTPUT"
        return out

    def run(self, alg_id, params, step=None, check_geometry=True):
        """processing.run(alg_id, params) with the outputs completed; the time is kept as a step.

        ``check_geometry=False`` switches off Processing's invalid-geometry check for this run, as the
        plugin does for its own inputs; a generated county may hold a few invalid rings, and the native
        chain would otherwise stop at the first one instead of doing the work being compared.
        """
        import processing
        from processing.tools import dataobjects
        from qgis.core import QgsFeatureRequest

        alg = self.registry.algorithmById(alg_id)
        if alg is None:
            raise RuntimeError(f"{alg_id} is not registered")
        params = self.complete(alg, params)
        context = dataobjects.createContext(self.feedback)
        if not check_geometry:
            context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        start = time.perf_counter()
        result = processing.run(alg_id, params, feedback=self.feedback, context=context)
        self.steps.append((step or alg_id, time.perf_counter() - start))
        self.contexts.append(context)  # temporary outputs of a chain live until the case ends
        return result

    @contextlib.contextmanager
    def step(self, name):
        start = time.perf_counter()
        yield
        self.steps.append((name, time.perf_counter() - start))

    @contextlib.contextmanager
    def untimed(self):
        start = time.perf_counter()
        yield
        self.untimed_seconds += time.perf_counter() - start

    def numbers(self, result, *keys):
        """Numeric outputs (all of them, or ``keys``) and the feature count of each layer output."""
        with self.untimed():
            out = {}
            for key, value in result.items():
                if keys and key not in keys and not hasattr(value, "featureCount"):
                    continue
                if isinstance(value, bool):
                    continue
                if isinstance(value, (int, float)):
                    out[key] = value
                elif hasattr(value, "featureCount"):
                    out[f"{key}.features"] = int(value.featureCount())
            return out


def do_probe(args):
    import numpy
    import shapely
    from qgis.core import Qgis, QgsApplication

    errors = start_qgis()[2]
    registry = QgsApplication.processingRegistry()
    ids = sorted(a.id() for a in registry.algorithms() if a.provider() and a.provider().id() == "planmaint")
    needed = sorted({alg for case in cases.CASES for alg in case.needs})
    return {
        "ok": True,
        "planmaint_algorithms": ids,
        "available": {alg: registry.algorithmById(alg) is not None for alg in needed},
        "load_errors": errors,
        "qgis": Qgis.QGIS_VERSION,
        "qgis_geos": Qgis.geosVersion() if hasattr(Qgis, "geosVersion") else None,
        "shapely": shapely.__version__,
        "shapely_geos": shapely.geos_version_string,
        "numpy": numpy.__version__,
        "python": sys.version.split()[0],
    }


def do_generate(args):
    if args.profile:
        trace_shapely()
    start_qgis()
    import processing  # on the path once QGIS's Processing plugin folder is
    from qgis.core import QgsVectorLayer

    feedback = make_feedback()
    profiler = cProfile.Profile() if args.profile else None
    reset_peak_memory()
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    if profiler:
        profiler.enable()
    processing.run(
        "planmaint:samplecounty",
        {"PARCELS": args.parcels, "SEED": args.seed, "OUTPUT": args.dest},
        feedback=feedback,
    )
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    peak = memory_mb("VmHWM")
    counts = {}
    for name in ("landuse", "pbf", "epr", "udb", "hsf", "projects", "hilly_areas", "urban_baseline", "towns",
                 "damaged", "unqualified", "landuse_2024", "epr_withdrawn", "water_source_new", "public_forest",
                 "commercial_forest", "mining_rights", "epr_correction", "approved_land", "planned_landuse",
                 "regreen"):
        layer = QgsVectorLayer(f"{args.dest}|layername={name}", name, "ogr")
        counts[name] = int(layer.featureCount()) if layer.isValid() else None
        del layer
    return {"ok": True, "seconds": seconds, "cpu_s": cpu, "peak_mb": peak, "layers": counts,
            "warnings": feedback.warnings[:10]}


def do_case(args):
    """Run the case(s) named in ``--case`` (comma-separated: one process for several, as --smoke does)."""
    if args.profile:
        trace_shapely()
    start_qgis()
    county = {
        name: f"{args.county}|layername={name}"
        for name in ("landuse", "pbf", "epr", "udb", "hsf", "projects", "hilly_areas", "urban_baseline", "towns",
                     "damaged", "unqualified", "landuse_2024", "unsuitable_areas", *cases.CATEGORY_LAYERS.values())
    }
    names = args.case.split(",")
    results = {}
    for name in names:
        try:
            results[name] = measure(cases.BY_NAME[name], county, args.tmp, args.profile)
        except BaseException as err:  # a failed case is a result; the next one still runs
            results[name] = {"ok": False, "available": True, "error": f"{type(err).__name__}: {err}",
                             "traceback": traceback.format_exc()[-4000:]}
    return results[names[0]] if len(names) == 1 else {"ok": True, "batch": results}


def measure(case, county, tmp, profile_path=None):
    runner = Runner(tmp)
    missing = [alg for alg in case.needs if runner.registry.algorithmById(alg) is None]
    if missing:
        return {"ok": False, "available": False, "error": "not available: " + ", ".join(missing)}
    profiler = cProfile.Profile() if profile_path else None
    base = memory_mb("VmRSS")
    reset_peak_memory()
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    if profiler:
        profiler.enable()
    try:
        numbers = case.run(runner, county)
    except Exception as err:  # reported with what the algorithms said before failing
        return {"ok": False, "available": True, "error": f"{type(err).__name__}: {err}",
                "traceback": traceback.format_exc()[-4000:], "warnings": runner.feedback.warnings[-10:]}
    finally:
        if profiler:
            profiler.disable()
    seconds = time.perf_counter() - t0 - runner.untimed_seconds
    cpu = cpu_seconds() - cpu0
    peak = memory_mb("VmHWM")
    if profiler:
        profiler.dump_stats(profile_path)
    return {
        "ok": True,
        "available": True,
        "seconds": seconds,
        "cpu_s": cpu,
        "peak_mb": peak,
        "base_mb": base,
        "steps": [[name, round(s, 4)] for name, s in runner.steps],
        "numbers": numbers,
        "dropped_parameters": sorted(set(runner.dropped)),
        "warnings": runner.feedback.warnings[:10],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["probe", "generate", "case"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--parcels", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dest")
    parser.add_argument("--case")
    parser.add_argument("--county")
    parser.add_argument("--tmp")
    parser.add_argument("--profile")
    args = parser.parse_args(argv)
    try:
        result = {"probe": do_probe, "generate": do_generate, "case": do_case}[args.what](args)
    except BaseException as err:  # every failure is a result the orchestrator reports
        result = {"ok": False, "available": True, "error": f"{type(err).__name__}: {err}",
                  "traceback": traceback.format_exc()[-4000:]}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False, indent=1, default=str)
    # Leave without tearing QGIS down: exitQgis() on a big session costs seconds and measures nothing.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
