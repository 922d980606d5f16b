"""make demo: generate the sample county and run one full dynamic-maintenance run on it, headless.

Leaves in the output folder the sample county, the plan database (one GeoPackage with the new lines, the
farmland's swap-out candidates, the swapped-in/out layers, the ledgers, the farmland's change record, holes,
conflicts and the indicator table) and the HTML report, and prints the indicator table, the candidates'
hectares per reason and the balance of each line to the terminal. The county's land use is that of its
latest change survey (layer landuse_2024); the national and regional projects count (项目级别 JB).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from headless import start_qgis

LINES = (("PBF", "永久基本农田"), ("EPR", "生态保护红线"), ("UDB", "城镇开发边界"))
PROJECT_FILTER = "\"JB\" IN ('国家级','自治区级')"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=20000, help="parcels of the sample county")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="demo_output", help="output folder")
    return parser.parse_args()


def sample_county(args):
    """Generate the county once per (parcels, seed); a later demo reuses it."""
    import processing
    from qgis.core import QgsVectorLayer

    path = os.path.join(args.out, f"sample_county_{args.parcels}_{args.seed}.gpkg")
    if os.path.exists(path) and not QgsVectorLayer(f"{path}|layername=damaged", "damaged", "ogr").isValid():
        os.remove(path)  # made by an older generator, without the layers the candidates need
    if not os.path.exists(path):
        started = time.perf_counter()
        processing.run("planmaint:samplecounty", {"PARCELS": args.parcels, "SEED": args.seed, "OUTPUT": path})
        print(f"sample county: {path} ({time.perf_counter() - started:.1f} s)")
    else:
        print(f"sample county: {path} (reused)")
    return path


def model_parameters(county, plan, report):
    layer = lambda name: f"{county}|layername={name}"  # noqa: E731
    parameters = {
        "LANDUSE": layer("landuse_2024"), "PBF": layer("pbf"), "EPR": layer("epr"), "UDB": layer("udb"),
        "HSF": layer("hsf"), "HILLY_AREAS": layer("hilly_areas"), "PROJECTS": layer("projects"),
        "URBAN_BASELINE": layer("urban_baseline"), "DAMAGED": layer("damaged"), "UNQUALIFIED": layer("unqualified"),
        "PROJECT_FILTER": PROJECT_FILTER,
    }
    # Every layer output goes into the one plan database; the report beside it.
    from qgis.core import QgsApplication

    model = QgsApplication.processingRegistry().algorithmById("planmaint:dynamicmaintenance")
    for output in model.destinationParameterDefinitions():
        name = output.name()  # a model names its outputs "<step>:<OUTPUT>"
        table = name.split(":")[-1]
        if table == "REPORT":
            parameters[name] = report
        else:
            parameters[name] = f"ogr:dbname='{plan}' table=\"{table.lower()}\""
    return parameters


def print_table(layer, title):
    print(f"\n{title}")
    names = [f.name() for f in layer.fields()]
    rows = [[("" if v is None or str(v) == "NULL" else (f"{v:.4f}" if isinstance(v, float) else str(v)))
             for v in feature.attributes()] for feature in layer.getFeatures()]
    widths = [max(len(n), *(len(r[k]) for r in rows)) if rows else len(n) for k, n in enumerate(names)]
    print("  ".join(n.ljust(w) for n, w in zip(names, widths)))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)))


def print_candidates(plan):
    """The farmland's swap-out candidates of the run, hectares per reason, and the pieces of the record."""
    from qgis.core import QgsVectorLayer

    from planmaint.algorithms.core.candidates import REASONS

    layer = QgsVectorLayer(f"{plan}|layername=pbf_swap_candidates", "candidates", "ogr")
    by_code = {}
    for feature in layer.getFeatures():
        by_code[feature["HCYY"]] = by_code.get(feature["HCYY"], 0.0) + feature.geometry().area() / 1e4
    print("\n调出候选地块 / swap-out candidates of the farmland (all accepted: SFTC = 1)")
    for reason in REASONS:
        print(f"  {reason.code} {reason.words}: {by_code.get(reason.code, 0.0):.4f} ha")
    print(f"  total: {sum(by_code.values()):.4f} ha")
    record = QgsVectorLayer(f"{plan}|layername=pbf_changes", "changes", "ogr")
    kinds = {}
    for feature in record.getFeatures():
        kinds[feature["HRHCLXDM"]] = kinds.get(feature["HRHCLXDM"], 0) + 1
    print(f"划入划出记录 / change record: {kinds.get('2', 0)} pieces out (划出), {kinds.get('1', 0)} in (划入)")


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    _app, _plugin = start_qgis()
    import processing
    from qgis.core import QgsVectorLayer

    county = sample_county(args)
    plan = os.path.abspath(os.path.join(args.out, "plan.gpkg"))
    report = os.path.abspath(os.path.join(args.out, "report.html"))
    if os.path.exists(plan):
        os.remove(plan)
    started = time.perf_counter()
    results = processing.run("planmaint:dynamicmaintenance", model_parameters(county, plan, report))
    elapsed = time.perf_counter() - started
    print(f"\nfull maintenance run: {elapsed:.1f} s")
    table = QgsVectorLayer(f"{plan}|layername=indicators", "indicators", "ogr")
    print_table(table, "调整前后指标 / indicators before and after")
    print("\n进出平衡 / balance of each line")
    for key, label in LINES:
        before = QgsVectorLayer(county + f"|layername={key.lower()}", key, "ogr")
        after = QgsVectorLayer(f"{plan}|layername={key.lower()}_new", key, "ogr")
        area_before = sum(f.geometry().area() for f in before.getFeatures())
        area_after = sum(f.geometry().area() for f in after.getFeatures())
        print(f"  {label} {key}: before {area_before / 1e4:.4f} ha, after {area_after / 1e4:.4f} ha, "
              f"difference {area_after - area_before:+.4f} m²")
    print_candidates(plan)
    print(f"\nplan database: {plan}\nreport: {report}")
    return results


if __name__ == "__main__":
    main()
