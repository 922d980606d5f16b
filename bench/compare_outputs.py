"""Are the model's outputs the same on two commits? Feature by feature: attributes and geometry WKB.

A refactoring must not change what planmaint produces. This script generates a sample county with one
commit, runs the full model (planmaint:dynamicmaintenance) on that same county with each commit, and
compares every output table in order of feature id. It also compares the counties each commit's generator
makes, so a change to the generator is caught too.

    .venv/bin/python bench/compare_outputs.py --against REV [--parcels 20000] [--seed 1] [--work DIR]

REV is checked out in a git worktree under the work folder (default build/compare/); both commits run with
this checkout's Python. Exit status 0 when everything is identical, 1 when something differs (the first
differences are printed), 2 when a run failed.

One fingerprint of one commit:

    .venv/bin/python bench/compare_outputs.py dump --county C.gpkg --out DIR [--generate N --seed S]

Values that name something made anew on each run (the run's own output folder, a memory layer's uid, a
Processing temporary folder; QGIS's "merge layers" writes such URIs into a ``path`` field) are compared with
a placeholder in their place.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = "planmaint:dynamicmaintenance"
COUNTY_INPUTS = ("LANDUSE", "PBF", "EPR", "UDB", "HSF", "HILLY_AREAS", "PROJECTS", "URBAN_BASELINE")
SHOWN = 5  # differences printed per table


def _feature_digests(path, table, run_folder):
    """One digest per feature, in feature-id order: its attributes (as text) and its geometry's WKB."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayer

    layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
    if not layer.isValid():
        raise SystemExit(f"cannot open table {table} of {path}")
    names = [field.name() for field in layer.fields()]
    request = QgsFeatureRequest()
    request.addOrderBy("$id")
    digests = []
    for feature in layer.getFeatures(request):
        text = repr([_comparable(value, run_folder) for value in feature.attributes()])
        wkb = bytes(feature.geometry().asWkb()) if feature.hasGeometry() else b""
        digests.append(hashlib.sha1(text.encode("utf-8") + b"\0" + wkb).hexdigest())
    return {"fields": names, "features": digests}


# A layer URI that Processing makes anew on each run: memory layers' uid, temporary folders.
PER_RUN = re.compile(r"uid=\{[0-9a-f-]+\}|processing_[A-Za-z0-9]+/[0-9a-f]{32}")


def _comparable(value, run_folder):
    text = str(value)
    if run_folder and run_folder in text:
        text = text.replace(run_folder, "<RUN>")
    return PER_RUN.sub("<PER-RUN>", text)


def _tables(path):
    from osgeo import ogr

    source = ogr.Open(path)
    return sorted(source.GetLayerByIndex(i).GetName() for i in range(source.GetLayerCount()))


def dump(args):
    """Generate (when asked) and fingerprint a county, run the model on it, fingerprint its outputs."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    from headless import start_qgis

    app, plugin = start_qgis()  # kept: the provider lives as long as the plugin object
    import processing
    from qgis.core import QgsApplication

    os.makedirs(args.out, exist_ok=True)
    run_folder = os.path.abspath(args.out)
    if args.generate:
        processing.run("planmaint:samplecounty", {"PARCELS": args.generate, "SEED": args.seed, "OUTPUT": args.county})
    county = {t: _feature_digests(args.county, t, None) for t in _tables(args.county)}

    plan = os.path.join(run_folder, "plan.gpkg")
    parameters = {name: f"{args.county}|layername={name.lower()}" for name in COUNTY_INPUTS}
    model = QgsApplication.processingRegistry().algorithmById(MODEL)
    for output in model.destinationParameterDefinitions():
        table = output.name().split(":")[-1].lower()
        if table == "report":
            parameters[output.name()] = os.path.join(run_folder, "report.html")
        else:
            parameters[output.name()] = f"ogr:dbname='{plan}' table=\"{table}\""
    processing.run(MODEL, parameters)
    outputs = {t: _feature_digests(plan, t, run_folder) for t in _tables(plan)}
    with open(os.path.join(run_folder, "fingerprint.json"), "w", encoding="utf-8") as handle:
        json.dump({"county": county, "outputs": outputs}, handle)


def differences(a, b):
    """Lines that say where two fingerprints differ (empty when identical)."""
    lines = []
    for part in ("county", "outputs"):
        tables_a, tables_b = a[part], b[part]
        for table in sorted(set(tables_a) | set(tables_b)):
            if table not in tables_a or table not in tables_b:
                lines.append(f"{part}/{table}: only in {'the second' if table not in tables_a else 'the first'}")
                continue
            ta, tb = tables_a[table], tables_b[table]
            if ta["fields"] != tb["fields"]:
                lines.append(f"{part}/{table}: fields differ: {ta['fields']} vs {tb['fields']}")
            fa, fb = ta["features"], tb["features"]
            if len(fa) != len(fb):
                lines.append(f"{part}/{table}: {len(fa)} features vs {len(fb)}")
            changed = [k for k, (x, y) in enumerate(zip(fa, fb)) if x != y]
            if changed:
                same_set = sorted(fa) == sorted(fb)
                lines.append(
                    f"{part}/{table}: {len(changed)} of {len(fa)} features differ (first at positions "
                    f"{changed[:SHOWN]}){'; the same features in another order' if same_set else ''}"
                )
    return lines


def _run_dump(checkout, county, out, generate=None, seed=1):
    """Fingerprint ``checkout``'s model (and generator, when ``generate``) in a fresh process."""
    command = [sys.executable, os.path.abspath(__file__), "dump", "--county", county, "--out", out]
    if generate:
        command += ["--generate", str(generate), "--seed", str(seed)]
    # This file's dump runs against the other checkout's plugin (an older commit may not have this file).
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANMAINT_COMPARE_CHECKOUT=checkout)
    result = subprocess.run(command, env=env, cwd=checkout)
    if result.returncode != 0:
        raise SystemExit(2)
    with open(os.path.join(out, "fingerprint.json"), encoding="utf-8") as handle:
        return json.load(handle)


def _worktree(rev, work):
    commit = subprocess.check_output(["git", "-C", ROOT, "rev-parse", rev], text=True).strip()
    path = os.path.join(work, "checkout-" + commit[:12])
    if not os.path.isdir(path):
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", path, commit], check=True)
    for name in (".venv",):
        link = os.path.join(path, name)
        if not os.path.exists(link):
            os.symlink(os.path.join(ROOT, name), link)
    for qm in ("i18n/planmaint_zh_CN.qm",):
        if not os.path.exists(os.path.join(path, qm)) and os.path.exists(os.path.join(ROOT, qm)):
            shutil.copy(os.path.join(ROOT, qm), os.path.join(path, qm))
    return path


def compare(args):
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    base = _worktree(args.against, work)
    stem = os.path.join(work, f"{args.parcels}_s{args.seed}")
    county_base, county_here = stem + "_base.gpkg", stem + "_here.gpkg"
    for path in (county_base, county_here):
        if os.path.exists(path):
            os.remove(path)
    print(f"{args.against}: generating a {args.parcels}-parcel county and running the model …", flush=True)
    old = _run_dump(base, county_base, stem + "_base", args.parcels, args.seed)
    print("this checkout: generating the same county and running the model on the first one …", flush=True)
    new = _run_dump(ROOT, county_here, stem + "_here_gen", args.parcels, args.seed)
    new_run = _run_dump(ROOT, county_base, stem + "_here")
    found = differences(old, {"county": new["county"], "outputs": new_run["outputs"]})
    tables = len(old["outputs"])
    features = sum(len(t["features"]) for t in old["outputs"].values())
    if found:
        print("\n".join(["DIFFERENT:"] + found))
        return 1
    print(f"identical: the county ({len(old['county'])} layers) and {tables} output tables, {features} features")
    return 0


def main(argv):
    if argv and argv[0] == "dump":
        parser = argparse.ArgumentParser(prog="compare_outputs.py dump")
        parser.add_argument("--county", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--generate", type=int)
        parser.add_argument("--seed", type=int, default=1)
        args = parser.parse_args(argv[1:])
        checkout = os.environ.get("PLANMAINT_COMPARE_CHECKOUT")
        if checkout:  # load that commit's plugin, not this file's
            global ROOT
            ROOT = checkout
        dump(args)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", required=True, help="the commit to compare with, e.g. a tag or a hash")
    parser.add_argument("--parcels", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "compare"))
    return compare(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
