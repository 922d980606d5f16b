"""make demo: generate the sample county and run one full dynamic-maintenance run on it, headless.

Leaves in the output folder the sample county, the plan database (one GeoPackage with the new lines, each
line's swap-out candidates, swapped-in/out layers, ledger and change record, holes, conflicts and the
indicator table) and the HTML report, and prints the indicator table, the balance of each line and its
hectares per category to the terminal. The county's land use is that of its
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
    if os.path.exists(path) and not QgsVectorLayer(f"{path}|layername=regreen", "regreen", "ogr").isValid():
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
        # The red line's and the boundary's categories (seed 五(一)2, 五(一)3).
        "WITHDRAWN": layer("epr_withdrawn"), "MINING": layer("mining_rights"),
        "COMMERCIAL_FOREST": layer("commercial_forest"), "EPR_CORRECTION": layer("epr_correction"),
        "NEW_WATER_SOURCE": layer("water_source_new"), "PUBLIC_FOREST": layer("public_forest"),
        "REGREEN": layer("regreen"), "APPROVED": layer("approved_land"), "PLANNED_LANDUSE": layer("planned_landuse"),
        # Table 5-3's layers of the boundary.
        "APPROVED_ZONES": layer("approved_zones"),
        "DIRECTIONS": layer("development_directions"), "UNSUITABLE": [layer("unsuitable_areas")],
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


def hectares_by(layer, field):
    """{value of ``field``: hectares of the features' geometry}."""
    out = {}
    for feature in layer.getFeatures():
        out[feature[field]] = out.get(feature[field], 0.0) + feature.geometry().area() / 1e4
    return out


def print_candidates(plan):
    """Each line's swap-out candidates and swap-ins, hectares per category, and the pieces of its record."""
    from qgis.core import QgsVectorLayer

    from planmaint.algorithms.core.candidates import LINE_REASONS
    from planmaint.algorithms.core.swapins import LINE_CATEGORIES

    def table(name):
        return QgsVectorLayer(f"{plan}|layername={name}", name, "ogr")

    for key, label in LINES:
        line = key.lower()
        by_code = hectares_by(table(f"{line}_swap_candidates"), "HCYY")
        print(f"\n{label} {key}: 调出候选 / swap-out candidates (all accepted: SFTC = 1)")
        for reason in LINE_REASONS[line]:
            print(f"  {reason.code} {reason.words}: {by_code.get(reason.code, 0.0):.4f} ha")
        swapped_in = hectares_by(table(f"{line}_in"), "TZYY")
        for category in LINE_CATEGORIES[line]:  # zero where the county has no layer of the category
            swapped_in.setdefault(category.words, 0.0)
        swapped = {"out": hectares_by(table(f"{line}_out"), "TZYY"), "in": swapped_in}
        for direction, words in (("out", "调出 / out"), ("in", "调入 / in")):
            print(f"  {words}: " + "; ".join(f"{k} {v:.4f} ha" for k, v in sorted(swapped[direction].items())))
        kinds = {}
        for feature in table(f"{line}_changes").getFeatures():
            kinds[feature["HRHCLXDM"]] = kinds.get(feature["HRHCLXDM"], 0) + 1
        print(f"  划入划出记录 / change record: {kinds.get('2', 0)} pieces out (划出), {kinds.get('1', 0)} in (划入)")


def print_conflicts(plan):
    """How the conflicts of the input lines were settled, and what overlaps after maintenance (independently:
    the intersection of the new lines)."""
    import shapely
    from qgis.core import QgsVectorLayer

    settled = {}
    for feature in QgsVectorLayer(f"{plan}|layername=conflicts", "conflicts", "ogr").getFeatures():
        key = (feature["KIND"], feature["YIELDS"] or "BOTH")
        settled[key] = settled.get(key, 0.0) + feature.geometry().area() / 1e4
    print("\n三线冲突处理 / conflicts of the input lines, settled (who gives each piece up)")
    for (kind, line), ha in sorted(settled.items()):
        print(f"  {kind}: {line} yields {ha:.4f} ha" if line != "BOTH" else f"  {kind}: both keep {ha:.4f} ha")

    def union(name):
        layer = QgsVectorLayer(f"{plan}|layername={name}", name, "ogr")
        return shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in layer.getFeatures()])

    new = {key: union(f"{key.lower()}_new") for key, _ in LINES}
    for a, b in (("PBF", "EPR"), ("PBF", "UDB"), ("EPR", "UDB")):
        print(f"  after: {a}∩{b} {shapely.intersection(new[a], new[b]).area:.2f} m²")


def print_zones(county, plan):
    """五(二): the planning zones after maintenance, run on the model's new lines (not a model step: see the model)."""
    import processing
    from qgis.core import QgsVectorLayer

    started = time.perf_counter()
    processing.run("planmaint:zoningupdate", {
        "ZONES": f"{county}|layername=planning_zones", "PBF": f"{county}|layername=pbf",
        "PBF_AFTER": f"{plan}|layername=pbf_new", "EPR": f"{county}|layername=epr",
        "EPR_AFTER": f"{plan}|layername=epr_new", "UDB": f"{county}|layername=udb",
        "UDB_AFTER": f"{plan}|layername=udb_new", "OUTPUT": f"ogr:dbname='{plan}' table=\"zones_new\"",
        "TABLE": f"ogr:dbname='{plan}' table=\"zone_areas\"", "ISSUES": "TEMPORARY_OUTPUT"})
    print(f"\nplanning zones: {time.perf_counter() - started:.1f} s")
    print_table(QgsVectorLayer(f"{plan}|layername=zone_areas", "zones", "ogr"), "规划分区 / planning zones (ha)")


def write_workbook(plan, out):
    """Tables 5-1 … 5-4 as the bureau hands them in (planmaint:workbook); CSV files where openpyxl is missing."""
    import processing

    path = os.path.abspath(os.path.join(out, "tables.xlsx"))
    result = processing.run("planmaint:workbook", {
        "INDICATORS": f"{plan}|layername=indicators", "PROJECTS": f"{plan}|layername=project_list",
        "COUNTY_NAME": "示例县", "OUTPUT": path})
    return result.get("FILES") or path


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
    print_conflicts(plan)
    print_zones(county, plan)
    workbook = write_workbook(plan, args.out)
    print(f"\nplan database: {plan}\nreport: {report}\nworkbook: {workbook}")
    return results


if __name__ == "__main__":
    main()
