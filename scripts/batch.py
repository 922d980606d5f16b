#!/usr/bin/env python3
"""Province scale: run one qgis_process job per county on all cores and summarise every county in one table.

    .venv/bin/python scripts/batch.py counties/*.gpkg --out results/        # the full model on each county
    .venv/bin/python scripts/batch.py --samples 4 --parcels 20000 --out results/   # on generated counties

Each county is a GeoPackage whose layers are named like the model's inputs (landuse, pbf, epr, udb, hsf,
hilly_areas, projects, urban_baseline — the layout of planmaint:samplecounty). A job runs
``scripts/qgis_process --json run <algorithm> -- …`` with:

* every layer input of the algorithm whose name matches a layer of the county (PBF → ``<gpkg>|layername=pbf``);
* every output directed into ``<out>/<county>/``: layers and tables into ``<county>.gpkg``, files (the HTML
  report) beside it;
* any ``--param NAME=TEMPLATE`` given, which wins. Templates may use {county}, {gpkg}, {out_dir}, {out_gpkg}
  and {index} (1-based); write a literal brace as {{ or }}.

Each job leaves ``command.sh`` (the exact command), ``params.json``, ``result.json`` (qgis_process's JSON) and
``job.log`` in its folder. Every job runs with a QGIS profile of its own (``PLANMAINT_QP_HOME``, a temporary
folder removed after the job): jobs running at once never write the same settings. The summary reads the results:
numbers, the feature count and area (ha) of each output layer, the balance of each line (area of an output
``<INPUT>_NEW`` minus that of the input layer ``<INPUT>``, e.g. PBF_NEW − PBF, measured here from the geometry),
and the rows of every indicator table (控制线, 具体指标, 调整前, 调整后, 变化, code), joined across counties on their
code (the row's key, the same in every language), or on their words for a table written before the code; it is
printed and written to
``<out>/summary.csv`` (one row per county) and ``<out>/indicators.csv`` (one row per county and indicator).
``--print-jobs`` writes the commands instead of running them, for a cluster scheduler; ``--summarise-only``
builds the table from the result files the jobs left. See docs/batch.md.
"""
import argparse
import concurrent.futures
import csv
import glob
import json
import os
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QGIS_PROCESS = os.path.join(ROOT, "scripts", "qgis_process")
DEFAULT_ALGORITHM = "planmaint:dynamicmaintenance"
# Parameter types (qgis_process --json help) that take a layer, matched to a county's layers by name.
LAYER_INPUTS = {"source", "vector", "layer", "raster"}
VECTOR_OUTPUTS = {"sink", "vectorDestination"}
# Columns of an indicator table (planmaint:indicators OUTPUT, seed tables 5-1 … 5-3).
LINE, GOAL, INDICATOR, UNIT = "控制线", "优化导向", "具体指标", "单位"
BEFORE, AFTER, CHANGE = "调整前", "调整后", "变化"
CODE = "code"  # the row's key: the same in every language and county
# GDAL's message when QGIS adds an attribute-only table (a ledger, the indicator table) to an existing GeoPackage;
# the table is written correctly. QGIS 3.40 with GDAL 3.10 also logs that its hook for GDAL's HTTP requests was
# removed out of order (QgsCPLHTTPFetchOverrider); a county's files are local, no request goes through that hook.
# Every other ERROR line in a job's log marks the county for a look.
BENIGN_LOG_ERRORS = ("No geometry column", "CPLHTTPPushFetchCallback / CPLHTTPPopFetchCallback not balanced")
# An output named <INPUT><suffix> is the new version of the input layer <INPUT>: its balance is reported.
NEW_SUFFIXES = ("_NEW", "_AFTER")


class BatchError(Exception):
    """A problem that stops the whole batch (not one county): printed without a traceback."""


# ---------------------------------------------------------------------------------------------- jobs

def county_layers(gpkg):
    """Names of the layers (tables) of a GeoPackage, read from its catalogue."""
    try:
        with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as db:
            return [row[0] for row in db.execute("SELECT table_name FROM gpkg_contents")]
    except sqlite3.Error as error:
        raise BatchError(f"{gpkg} is not a readable GeoPackage: {error}") from None


def describe(qgis_process, algorithm):
    """The parameters of ``algorithm`` as qgis_process describes them ({name: description})."""
    run = subprocess.run([qgis_process, "--json", "help", algorithm], capture_output=True, text=True, timeout=300)
    try:
        return json.loads(run.stdout[run.stdout.index("{"):])["parameters"]
    except (ValueError, KeyError):
        tail = "\n".join((run.stderr or run.stdout).strip().splitlines()[-5:])
        raise BatchError(
            f"qgis_process does not know the algorithm {algorithm} (is the plugin loading, and for the model, "
            f"is resources/models/dynamicmaintenance.model3 present?)\n{tail}"
        ) from None


def table_name(parameter_name, taken):
    """A GeoPackage table name for an output: the part after a model's child prefix, lower case."""
    base = re.sub(r"[^0-9a-z_]+", "_", parameter_name.split(":")[-1].lower()).strip("_") or "output"
    name, k = base, 2
    while name in taken:
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def file_extension(definition):
    """The extension a file output should get, from its file filter (e.g. 'HTML files (*.html)')."""
    raw = definition.get("raw_definition", {})
    match = re.search(r"\*(\.[A-Za-z0-9]+)", raw.get("file_filter") or "")
    return match.group(1) if match else (raw.get("default_extension") and "." + raw["default_extension"]) or ".out"


def job_parameters(parameters, templates, county):
    """The NAME=value list of one county's job: templates first, then matched layers and directed outputs."""
    values = {}
    for name, template in templates:
        try:
            values[name] = template.format(**county)
        except (KeyError, IndexError) as error:
            raise BatchError(f"--param {name}={template}: unknown placeholder {error}") from None
        if "{gpkg}" in template and not county["gpkg"]:
            raise BatchError(f"--param {name} uses {{gpkg}}, but the jobs were given by --names (no GeoPackage)")
    layers = {layer.lower(): layer for layer in county["layers"]}
    taken = set()
    for name, definition in sorted(parameters.items()):
        kind = definition["type"]["id"]
        if name in values:
            continue
        if definition.get("is_destination"):
            if kind in VECTOR_OUTPUTS:
                table = table_name(name, taken)
                values[name] = f"ogr:dbname='{county['out_gpkg']}' table=\"{table}\""
            elif kind == "fileDestination":
                values[name] = os.path.join(county["out_dir"], table_name(name, taken) + file_extension(definition))
            elif kind == "folderDestination":
                values[name] = os.path.join(county["out_dir"], table_name(name, taken))
            elif kind == "rasterDestination":
                values[name] = os.path.join(county["out_dir"], table_name(name, taken) + ".tif")
        elif kind in LAYER_INPUTS and name.lower() in layers:
            values[name] = f"{county['gpkg']}|layername={layers[name.lower()]}"
    return values


def make_counties(paths, names, out):
    """One dict per county: its name, input GeoPackage (or None), layers and output places."""
    counties = []
    if names:
        entries = [(name, None) for name in names]
    else:
        entries = []
        for path in paths:
            found = sorted(glob.glob(os.path.join(path, "*.gpkg"))) if os.path.isdir(path) else [path]
            entries += [(os.path.splitext(os.path.basename(p))[0], os.path.abspath(p)) for p in found]
    seen = set()
    for index, (name, gpkg) in enumerate(entries, start=1):
        if name in seen:
            raise BatchError(f"two counties are named {name}: give the GeoPackages distinct file names")
        seen.add(name)
        if gpkg is not None and not os.path.isfile(gpkg):
            raise BatchError(f"no such county GeoPackage: {gpkg}")
        out_dir = os.path.join(out, name)
        counties.append({
            "county": name, "index": index, "gpkg": gpkg or "",
            "layers": county_layers(gpkg) if gpkg else [],
            "out_dir": out_dir, "out_gpkg": os.path.join(out_dir, f"{name}.gpkg"),
        })
    if not counties:
        raise BatchError("no counties: give county GeoPackages (or folders of them), --names or --samples")
    return counties


def command_line(qgis_process, algorithm, values):
    return [qgis_process, "--json", "run", algorithm, "--", *[f"{k}={v}" for k, v in sorted(values.items())]]


def shell_line(command, county):
    """The job as one shell line, writing what the local driver writes (for --print-jobs and command.sh).

    Like a local job (``run_job``), it gets a profile of its own in a temporary folder, removed afterwards; the
    line ends with the job's exit status."""
    out_dir = shlex.quote(county["out_dir"])
    return (f"mkdir -p {out_dir} && cd {out_dir} && rm -f {shlex.quote(county['out_gpkg'])} && "
            f"qp=$(mktemp -d) && PLANMAINT_QP_HOME=$qp {shlex.join(command)} "
            f"> {out_dir}/result.json 2> {out_dir}/job.log; s=$?; rm -rf \"$qp\"; exit $s")


def write_params(command, county):
    """The job's parameters, for the summary (which needs the input layers to measure the balance)."""
    values = dict(item.split("=", 1) for item in command[command.index("--") + 1:])
    os.makedirs(county["out_dir"], exist_ok=True)
    with open(os.path.join(county["out_dir"], "params.json"), "w", encoding="utf-8") as handle:
        json.dump(values, handle, ensure_ascii=False, indent=1)


_RUNNING = set()
_RUNNING_LOCK = threading.Lock()


def run_job(command, county, timeout, threads=None):
    """Run one county's job; returns (county name, exit code or None on timeout, seconds).

    ``threads``: the PLANMAINT_THREADS the job gets (see ``job_environment``)."""
    out_dir = county["out_dir"]
    os.makedirs(out_dir, exist_ok=True)
    if os.path.exists(county["out_gpkg"]):
        os.remove(county["out_gpkg"])  # a rerun starts clean: no tables of an earlier run left behind
    with open(os.path.join(out_dir, "command.sh"), "w", encoding="utf-8") as handle:
        handle.write("#!/bin/sh\n" + shell_line(command, county) + "\n")
    write_params(command, county)
    started = time.monotonic()
    # Jobs running at once must not share a QGIS profile: each QGIS process rewrites its profile's settings.
    with tempfile.TemporaryDirectory(prefix="planmaint-qp-", ignore_cleanup_errors=True) as profile, \
            open(os.path.join(out_dir, "result.json"), "w", encoding="utf-8") as stdout, \
            open(os.path.join(out_dir, "job.log"), "w", encoding="utf-8") as stderr:
        # A session of its own, so a timeout or Ctrl-C ends the job's whole process group.
        process = subprocess.Popen(
            command, cwd=out_dir, stdout=stdout, stderr=stderr, start_new_session=True,
            env=job_environment(threads, profile),
        )
        with _RUNNING_LOCK:
            _RUNNING.add(process)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            code = None
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(process)
    return county["county"], code, time.monotonic() - started


def threads_per_job(workers, n_jobs):
    """Threads each job may use (planmaint spreads GEOS work over the cores): the cores shared between the
    jobs running at once, at least 1."""
    return max(1, (os.cpu_count() or 1) // max(1, min(workers, n_jobs or 1)))


def job_environment(threads, profile=None):
    """The job's environment, with PLANMAINT_THREADS set to ``threads`` unless the user set it, and
    PLANMAINT_QP_HOME (the private state of scripts/qgis_process) set to ``profile`` when given."""
    env = dict(os.environ)
    if threads is not None and "PLANMAINT_THREADS" not in env:
        env["PLANMAINT_THREADS"] = str(threads)
    if profile is not None:
        env["PLANMAINT_QP_HOME"] = profile
    return env


def run_all(jobs, workers, timeout):
    """Run (command, county) jobs ``workers`` at a time; returns {county: (code, seconds)}."""
    threads = threads_per_job(workers, len(jobs))
    outcome = {}
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(run_job, command, county, timeout, threads) for command, county in jobs]
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            name, code, seconds = future.result()
            outcome[name] = (code, seconds)
            status = "ok" if code == 0 else ("timed out" if code is None else f"FAILED (exit {code})")
            print(f"[{done}/{len(jobs)}] {name}: {status} in {seconds:.1f} s", flush=True)
    except KeyboardInterrupt:
        with _RUNNING_LOCK:
            for process in _RUNNING:
                os.killpg(process.pid, signal.SIGTERM)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return outcome


# ------------------------------------------------------------------------------------------ summary

_APP = None


def qgis():
    """Start QGIS (no GUI) once, for reading the outputs."""
    global _APP
    if _APP is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qgis.core import QgsApplication

        if QgsApplication.instance() is not None:  # imported by a script or test that runs QGIS already
            _APP = QgsApplication.instance()
            return _APP
        if not os.environ.get("XDG_RUNTIME_DIR"):
            os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="planmaint-batch-")  # quiets Qt
        _APP = QgsApplication([], False)
        _APP.initQgis()
    return _APP


def layer_source(value):
    """An OGR layer source for an output value, or None when the value is not a single layer."""
    if not isinstance(value, str):
        return None
    match = re.match(r"ogr:dbname='(?P<path>[^']+)'\s+table=\"(?P<table>[^\"]+)\"", value)
    if match:
        return f"{match['path']}|layername={match['table']}"
    path = value.split("|")[0]
    if not os.path.isfile(path) or not path.lower().endswith((".gpkg", ".shp", ".geojson", ".csv", ".xlsx", ".sqlite")):
        return None
    if "|layername=" not in value and path.lower().endswith(".gpkg") and len(county_layers(path)) != 1:
        return None  # a whole multi-layer GeoPackage: its layers are listed as outputs of their own
    return value


def read_output(source):
    """('indicators', rows) for an indicator table, else ('layer', features, hectares or None)."""
    qgis()
    from qgis.core import QgsCoordinateTransformContext, QgsDistanceArea, QgsUnitTypes, QgsVectorLayer, QgsWkbTypes

    layer = QgsVectorLayer(source, "output", "ogr")
    if not layer.isValid():
        return None
    names = set(layer.fields().names())
    if {INDICATOR, BEFORE, AFTER} <= names:
        rows = []
        for feature in layer.getFeatures():
            row = {name: feature[name] for name in (LINE, GOAL, INDICATOR, UNIT, BEFORE, AFTER, CHANGE, CODE)
                   if name in names}
            rows.append({k: (None if v is None or (hasattr(v, "isNull") and v.isNull()) else v)
                         for k, v in row.items()})
        return ("indicators", rows)
    hectares = None
    if layer.geometryType() == QgsWkbTypes.PolygonGeometry:
        # Planar in a projected CRS; on the CGCS2000 ellipsoid for degrees, as the plugin measures.
        measure = QgsDistanceArea()
        measure.setSourceCrs(layer.crs(), QgsCoordinateTransformContext())
        measure.setEllipsoid("EPSG:1024" if layer.crs().isGeographic() else "NONE")
        total = sum(measure.measureArea(f.geometry()) for f in layer.getFeatures() if f.hasGeometry())
        hectares = measure.convertAreaMeasurement(total, QgsUnitTypes.AreaHectares)
    return ("layer", layer.featureCount(), hectares)


def read_result(out_dir):
    """The 'results' of qgis_process's JSON in ``out_dir``, or None when the job left none."""
    try:
        with open(os.path.join(out_dir, "result.json"), encoding="utf-8") as handle:
            text = handle.read()
        return json.loads(text[text.index("{"):]).get("results")
    except (OSError, ValueError):
        return None


def summarise_county(county, code=None, seconds=None):
    """One summary row (dict) and the county's indicator rows."""
    results = read_result(county["out_dir"])
    row = {"county": county["county"]}
    # code None: killed on timeout when the job ran here, unknown for --summarise-only (seconds None too).
    if results is None:
        row["status"] = "timed out" if code is None and seconds is not None else "failed"
    else:
        row["status"] = "ok" if code in (0, None) else "failed"
    if seconds is not None:
        row["seconds"] = round(seconds, 1)
    errors = log_errors(county["out_dir"])
    if errors:
        # e.g. GDAL refusing features (duplicate fid) while the algorithm reported success: data may be missing.
        row["log errors"] = len(errors)
        if row["status"] == "ok":
            row["status"] = "errors in log"
    indicators = []
    for name, value in sorted((results or {}).items()):
        short = name.split(":")[-1]
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            row[short] = value
            continue
        source = layer_source(value)
        read = read_output(source) if source else None
        if read is None:
            continue
        if read[0] == "indicators":
            indicators += [dict(county=county["county"], output=short, **r) for r in read[1]]
        else:
            row[f"{short} features"] = read[1]
            if read[2] is not None:
                row[f"{short} ha"] = round(read[2], 4)
    row.update(balances(county["out_dir"], row))
    return row, indicators


def log_errors(out_dir):
    """The ERROR lines of a job's log that are not known to be harmless."""
    try:
        with open(os.path.join(out_dir, "job.log"), encoding="utf-8", errors="replace") as handle:
            return [line for line in handle if line.startswith("ERROR")
                    and not any(text in line for text in BENIGN_LOG_ERRORS)]
    except OSError:
        return []


def balances(out_dir, row):
    """{"Δ<INPUT> ha": area after − area before} for every output <INPUT>_NEW of an input layer <INPUT>."""
    try:
        with open(os.path.join(out_dir, "params.json"), encoding="utf-8") as handle:
            params = json.load(handle)
    except (OSError, ValueError):
        return {}
    found = {}
    for key, after in list(row.items()):
        if not key.endswith(" ha"):
            continue
        output = key[:-3]
        for suffix in NEW_SUFFIXES:
            name = output[: -len(suffix)] if output.endswith(suffix) else None
            source = layer_source(params.get(name)) if name else None
            read = read_output(source) if source else None
            if read and read[0] == "layer" and read[2] is not None:
                found[f"Δ{name} ha"] = round(after - read[2], 4)
    return found


def write_csv(path, rows, first_columns):
    columns = list(first_columns)
    for row in rows:
        columns += [key for key in row if key not in columns]
    # utf-8-sig: Excel on a Chinese Windows opens it with the right characters.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def format_value(value, column=""):
    if value is None:
        return ""
    if isinstance(value, float):
        if abs(value) < 5e-5:
            value = 0.0  # no "-0.0000" for a balance that is zero to the last shown digit
        if column == "seconds":
            return f"{value:.1f}"
        if column.startswith("Δ"):
            return f"{value:+.4f}"
        return f"{value:.0f}" if value.is_integer() or abs(value) >= 1e7 else f"{value:.4f}"
    return str(value)


def print_table(rows, columns, out=sys.stdout):
    cells = [[format_value(row.get(c), c) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[k]) for r in cells]) for k, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)), file=out)


def pivot_indicators(indicators):
    """One row per indicator, one column per county (its value after, else before, and the change).

    Rows are joined on their code, so counties whose tables are in different languages, or hold different rows,
    still line up; a table without the code column (written before it existed) joins on its words. The row is
    labelled with the words of the first county that has it.
    """
    pivot = {}
    for r in indicators:
        words = (r.get(LINE) or "", r.get(INDICATOR) or "", r.get(UNIT) or "")
        key = r.get(CODE) or words
        value = r.get(AFTER) if r.get(AFTER) is not None else r.get(BEFORE)
        text = format_value(value) + (f" ({r[CHANGE]:+.4f})" if r.get(CHANGE) is not None else "")
        pivot.setdefault(key, {"indicator": " ".join(k for k in words if k)})[r["county"]] = text
    return list(pivot.values())


def summarise(counties, outcome, out, terminal=sys.stdout):
    """Write summary.csv and indicators.csv under ``out`` and print the tables; returns the summary rows."""
    rows, indicators = [], []
    for county in counties:
        row, county_indicators = summarise_county(county, *(outcome or {}).get(county["county"], (None, None)))
        rows.append(row)
        indicators += county_indicators
    write_csv(os.path.join(out, "summary.csv"), rows, ["county", "status", "seconds"])
    if indicators:
        write_csv(os.path.join(out, "indicators.csv"), indicators,
                  ["county", "output", CODE, LINE, GOAL, INDICATOR, UNIT, BEFORE, AFTER, CHANGE])
    # On the terminal: the balance of each line when indicator tables exist, else the numbers and areas.
    columns = ["county", "status"] + [c for c in ("seconds", "log errors") if any(c in r for r in rows)]
    extra = [k for r in rows for k in r if k.startswith("Δ")] or \
        [k for r in rows for k in r if k not in ("county", "status", "seconds", "log errors")
         and not k.endswith(" features")]
    columns += list(dict.fromkeys(extra))
    print(file=terminal)
    print_table(rows, columns, terminal)
    if indicators and len(counties) <= 8:
        print(file=terminal)
        print_table(pivot_indicators(indicators), ["indicator"] + [c["county"] for c in counties], terminal)
    print(f"\n{os.path.join(out, 'summary.csv')}" + (
        f", {os.path.join(out, 'indicators.csv')}" if indicators else ""), file=terminal)
    return rows


# --------------------------------------------------------------------------------------------- main

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("counties", nargs="*", help="county GeoPackages, or folders holding them")
    parser.add_argument("--out", required=True, help="output folder (one sub-folder per county)")
    parser.add_argument("--algorithm", default=DEFAULT_ALGORITHM, help=f"default {DEFAULT_ALGORITHM}")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=TEMPLATE",
                        help="a parameter for every job (repeat); placeholders {county} {gpkg} {out_dir} "
                             "{out_gpkg} {index}")
    parser.add_argument("--names", help="comma-separated county names, for jobs that take no county "
                                        "GeoPackage (e.g. planmaint:samplecounty)")
    parser.add_argument("--samples", type=int, metavar="N",
                        help="first generate N sample counties into <out>/counties (kept for reruns) and use them")
    parser.add_argument("--parcels", type=int, default=20000, help="parcels of each sample county (--samples)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel jobs (default: all cores)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a county's job is killed")
    parser.add_argument("--qgis-process", default=QGIS_PROCESS, help="the qgis_process command of each job")
    parser.add_argument("--print-jobs", action="store_true",
                        help="print one shell line per county (for a cluster's job array) instead of running")
    parser.add_argument("--summarise-only", action="store_true",
                        help="only read the results the jobs left in --out and print the summary")
    args = parser.parse_args(argv)
    templates = []
    for item in args.param:
        if "=" not in item:
            parser.error(f"--param {item}: write NAME=TEMPLATE")
        templates.append(tuple(item.split("=", 1)))
    args.templates = templates
    args.names = [n.strip() for n in args.names.split(",") if n.strip()] if args.names else None
    return args


def generate_samples(args, out):
    """Generate the sample counties (missing ones only) with planmaint:samplecounty jobs; returns their paths."""
    folder = os.path.join(out, "counties")
    names = [f"county{k:02d}" for k in range(1, args.samples + 1)]
    paths = [os.path.join(folder, f"{name}.gpkg") for name in names]
    missing = [name for name, path in zip(names, paths) if not os.path.exists(path)]
    if missing:
        print(f"generating {len(missing)} sample counties of about {args.parcels} parcels into {folder}")
        counties = make_counties([], missing, os.path.join(out, "counties", "jobs"))
        jobs = []
        for county in counties:
            # The seed follows the county's number, so county03 is the same whichever counties are missing.
            values = {"PARCELS": str(args.parcels), "SEED": str(int(county["county"][6:])),
                      "OUTPUT": os.path.join(folder, county["county"] + ".gpkg")}
            jobs.append((command_line(args.qgis_process, "planmaint:samplecounty", values), county))
        outcome = run_all(jobs, args.jobs, args.timeout)
        failed = [name for name, (code, _) in outcome.items() if code != 0]
        if failed:
            raise BatchError(f"generating {', '.join(failed)} failed: see {os.path.join(out, 'counties', 'jobs')}")
    return paths


def main(argv=None):
    args = parse_args(argv)
    out = os.path.abspath(args.out)
    try:
        os.makedirs(out, exist_ok=True)
        # Asked first: an unknown algorithm stops the batch before any county is generated or run.
        parameters = None if args.summarise_only else describe(args.qgis_process, args.algorithm)
        paths = generate_samples(args, out) if args.samples else args.counties
        counties = make_counties(paths, args.names, out)
        if args.summarise_only:
            rows = summarise(counties, None, out)
            return 0 if all(r["status"] == "ok" for r in rows) else 1
        jobs = [(command_line(args.qgis_process, args.algorithm, job_parameters(parameters, args.templates, c)), c)
                for c in counties]
        if args.print_jobs:
            for command, county in jobs:
                write_params(command, county)  # what --summarise-only needs once the jobs are done
                print(shell_line(command, county))
            return 0
        print(f"{args.algorithm}: {len(jobs)} counties, {min(args.jobs, len(jobs))} at a time", flush=True)
        started = time.monotonic()
        outcome = run_all(jobs, max(1, args.jobs), args.timeout)
        print(f"all jobs done in {time.monotonic() - started:.1f} s")
        rows = summarise(counties, outcome, out)
    except BatchError as error:
        print(f"batch: {error}", file=sys.stderr)
        return 2
    failed = [r["county"] for r in rows if r["status"] != "ok"]
    if failed:
        print(f"not clean: {', '.join(failed)} (see job.log in their folders)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
