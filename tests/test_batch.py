"""scripts/batch.py: one qgis_process job per county, all cores, one summary table.

Run on a small generated "province" (three sample counties made by parallel planmaint:samplecounty jobs), then
planmaint:indicators on each county with its inputs matched to the county's layers by name.
"""
import csv
import importlib.util
import io
import json
import os
import subprocess
import sys

import pytest
from qgis.core import NULL, QgsCoordinateTransformContext, QgsFeature, QgsVectorFileWriter, QgsVectorLayer

from conftest import ROOT
from layers import memory_layer, square

BATCH = os.path.join(ROOT, "scripts", "batch.py")
COUNTIES = ["anping", "boye", "cixian"]
pytestmark = pytest.mark.skipif(
    not os.path.exists("/usr/bin/qgis_process.bin"), reason="the qgis package (qgis_process.bin) is not installed"
)


@pytest.fixture(scope="module", autouse=True)
def own_profile(tmp_path_factory):
    """The private state of scripts/qgis_process for the driver's own calls (the jobs get one each), never the
    user's build/qgis_process: a test run and the user's commands do not disturb each other."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANMAINT_QP_HOME", str(tmp_path_factory.mktemp("qgis_process")))
        yield


def run_batch(*args):
    return subprocess.run([sys.executable, BATCH, *args], capture_output=True, text=True, timeout=600)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def layer_hectares(source):
    layer = QgsVectorLayer(source, "l", "ogr")
    assert layer.isValid(), source
    return layer.featureCount(), sum(f.geometry().area() for f in layer.getFeatures()) / 10000.0


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    out = tmp_path_factory.mktemp("province")
    run = run_batch("--algorithm", "planmaint:samplecounty", "--names", ",".join(COUNTIES), "--jobs", "2",
                    "--param", "PARCELS=1000", "--param", "SEED={index}", "--param", "OUTPUT={out_dir}/{county}.gpkg",
                    "--out", str(out / "generated"))
    assert run.returncode == 0, run.stdout + run.stderr
    return out, run, {name: str(out / "generated" / name / f"{name}.gpkg") for name in COUNTIES}


def test_sample_counties_generated_in_parallel_and_summarised(province):
    out, run, gpkgs = province
    assert "3 counties, 2 at a time" in run.stdout
    rows = {row["county"]: row for row in read_csv(out / "generated" / "summary.csv")}
    assert sorted(rows) == COUNTIES
    areas = []
    for name in COUNTIES:
        assert rows[name]["status"] == "ok"
        count, hectares = layer_hectares(f"{gpkgs[name]}|layername=pbf")
        assert int(rows[name]["PBF features"]) == count > 0
        assert float(rows[name]["PBF ha"]) == pytest.approx(hectares, abs=1e-3)
        areas.append(hectares)
    assert len(set(round(a, 3) for a in areas)) == 3, "each county has its own seed"


def test_county_jobs_match_layers_and_collect_indicator_tables(province):
    out, _, gpkgs = province
    result_dir = out / "indicators"
    run = run_batch("--algorithm", "planmaint:indicators", *gpkgs.values(), "--out", str(result_dir))
    assert run.returncode == 0, run.stdout + run.stderr
    indicator_rows = read_csv(result_dir / "indicators.csv")
    for name in COUNTIES:
        with open(result_dir / name / "params.json", encoding="utf-8") as handle:
            params = json.load(handle)
        # Inputs found by name in the county's GeoPackage; outputs directed into the county's folder.
        for parameter, layer in (("PBF", "pbf"), ("EPR", "epr"), ("UDB", "udb"), ("LANDUSE", "landuse"),
                                 ("HILLY_AREAS", "hilly_areas"), ("URBAN_BASELINE", "urban_baseline")):
            assert params[parameter] == f"{gpkgs[name]}|layername={layer}"
        assert "PBF_AFTER" not in params  # no such layer in the county: left empty
        assert params["OUTPUT"] == f"ogr:dbname='{result_dir / name / name}.gpkg' table=\"output\""
        assert (result_dir / name / "report.html").exists()
        # The summary holds exactly the rows of the county's own indicator table.
        table = QgsVectorLayer(f"{result_dir / name / name}.gpkg|layername=output", "t", "ogr")
        assert table.isValid()
        # The area-basis row carries no number (NULL in the table, empty in the CSV).
        expected = [(f["具体指标"], None if f["调整前"] == NULL else f["调整前"]) for f in table.getFeatures()]
        got = [(r["具体指标"], float(r["调整前"]) if r["调整前"] else None)
               for r in indicator_rows if r["county"] == name]
        assert len(got) == len(expected) > 10
        assert [g[0] for g in got] == [e[0] for e in expected]
        assert [g[1] is None for g in got] == [e[1] is None for e in expected]
        assert [g[1] for g in got if g[1] is not None] == pytest.approx(
            [e[1] for e in expected if e[1] is not None], rel=1e-9)
        header = run.stdout.splitlines()[-len(expected) - 4]  # the indicator table's header row
        assert name in header, run.stdout[-6000:]

    # The same table again from the files the jobs left, as after a cluster run.
    again = run_batch("--algorithm", "planmaint:indicators", *gpkgs.values(), "--out", str(result_dir),
                      "--summarise-only")
    assert again.returncode == 0, again.stderr
    assert read_csv(result_dir / "indicators.csv") == indicator_rows

    # One shell line per county for a scheduler's job array.
    listing = run_batch("--algorithm", "planmaint:indicators", *gpkgs.values(), "--out", str(result_dir),
                        "--print-jobs")
    lines = listing.stdout.strip().splitlines()
    assert listing.returncode == 0 and len(lines) == 3
    for name, line in zip(COUNTIES, lines):
        assert "run planmaint:indicators" in line and f"{result_dir / name}/result.json" in line


def test_unknown_algorithm_stops_with_a_clear_message(province):
    out, _, gpkgs = province
    run = run_batch("--algorithm", "planmaint:nosuchthing", gpkgs["anping"], "--out", str(out / "x"))
    assert run.returncode == 2
    assert "does not know the algorithm planmaint:nosuchthing" in run.stderr


@pytest.fixture(scope="module")
def batch_module(plugin):
    spec = importlib.util.spec_from_file_location("planmaint_batch", BATCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_gpkg(layer, path, table):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = table
    options.actionOnExistingFile = (
        QgsVectorFileWriter.CreateOrOverwriteLayer if os.path.exists(path)
        else QgsVectorFileWriter.CreateOrOverwriteFile
    )
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error


def test_balance_is_measured_from_the_geometry_and_log_errors_flag_the_county(batch_module, tmp_path):
    # Before: two 1-ha squares of PBF; after (the job's PBF_NEW): three; the job's own number says 99.
    county_gpkg = tmp_path / "c.gpkg"
    write_gpkg(memory_layer([square(0, 0, 100), square(300, 0, 100)]), county_gpkg, "pbf")
    out_dir = tmp_path / "out" / "c"
    out_dir.mkdir(parents=True)
    write_gpkg(memory_layer([square(0, 0, 100), square(300, 0, 100), square(600, 0, 100)]), out_dir / "c.gpkg",
               "pbf_new")
    (out_dir / "params.json").write_text(json.dumps({"PBF": f"{county_gpkg}|layername=pbf"}))
    (out_dir / "result.json").write_text(json.dumps(
        {"results": {"pbf_swap:PBF_NEW": f"ogr:dbname='{out_dir / 'c.gpkg'}' table=\"pbf_new\"", "N": 99}}))
    (out_dir / "job.log").write_text("ERROR 1: No geometry column\n")
    county = {"county": "c", "out_dir": str(out_dir)}
    row, indicators = batch_module.summarise_county(county, 0, 1.0)
    assert row["status"] == "ok" and indicators == []
    assert row["N"] == 99 and row["PBF_NEW features"] == 3
    assert row["PBF_NEW ha"] == pytest.approx(3.0) and row["ΔPBF ha"] == pytest.approx(1.0)

    (out_dir / "job.log").write_text("ERROR 1: failed to execute insert : UNIQUE constraint failed: output.fid\n")
    row, _ = batch_module.summarise_county(county, 0, 1.0)
    assert row["status"] == "errors in log" and row["log errors"] == 1


def test_jobs_share_the_cores_through_planmaint_threads(batch_module, monkeypatch):
    """Each job gets cores ÷ jobs running at once threads (at least 1), unless the user chose a number."""
    monkeypatch.delenv("PLANMAINT_THREADS", raising=False)
    monkeypatch.setattr(batch_module.os, "cpu_count", lambda: 8)
    given = []
    monkeypatch.setattr(
        batch_module, "run_job",
        lambda command, county, timeout, threads: given.append(threads) or (county["county"], 0, 0.0),
    )
    batch_module.run_all([(["true"], {"county": "a"}), (["true"], {"county": "b"})], 4, 10)
    assert given == [4, 4]  # 8 cores, 2 jobs at once
    assert batch_module.job_environment(given[0])["PLANMAINT_THREADS"] == "4"
    given.clear()
    batch_module.run_all([(["true"], {"county": c}) for c in "abcdefghij"], 16, 10)
    assert set(given) == {1}
    assert batch_module.job_environment(1)["PLANMAINT_THREADS"] == "1"
    monkeypatch.setenv("PLANMAINT_THREADS", "2")
    assert batch_module.job_environment(4)["PLANMAINT_THREADS"] == "2"


def test_each_job_gets_a_profile_of_its_own_removed_after_it(batch_module, tmp_path):
    """Jobs running at once never share the private state of scripts/qgis_process (PLANMAINT_QP_HOME): every
    QGIS process rewrites its profile's settings. The same holds for the lines a cluster runs (--print-jobs)."""
    # The job's command line: a stand-in for qgis_process that reports the state it was given ("--" as
    # command_line ends one, for write_params).
    show = [sys.executable, "-c", "import os, time; home = os.environ['PLANMAINT_QP_HOME']; time.sleep(1); "
                                  "print(home, os.path.isdir(home))", "--"]
    counties = [{"county": name, "out_dir": str(tmp_path / name), "out_gpkg": str(tmp_path / name / "x.gpkg")}
                for name in COUNTIES]
    outcome = batch_module.run_all([(show, county) for county in counties], len(counties), 60)
    assert [outcome[name][0] for name in COUNTIES] == [0, 0, 0]
    seen = [(tmp_path / name / "result.json").read_text().split() for name in COUNTIES]
    homes = {home for home, _ in seen}
    assert all(exists == "True" for _, exists in seen)
    assert len(homes) == 3 and os.environ["PLANMAINT_QP_HOME"] not in homes
    assert not any(os.path.exists(home) for home in homes), "removed after the job"

    line = subprocess.run(["bash", "-c", batch_module.shell_line(show, counties[0])], capture_output=True, text=True)
    assert line.returncode == 0, line.stderr
    home, exists = (tmp_path / COUNTIES[0] / "result.json").read_text().split()
    assert exists == "True" and home != os.environ["PLANMAINT_QP_HOME"]
    assert not os.path.exists(home)
    # The line ends with the job's exit status, so a scheduler sees a county fail.
    failing = batch_module.shell_line([sys.executable, "-c", "raise SystemExit(3)", "--"], counties[1])
    assert subprocess.run(["bash", "-c", failing]).returncode == 3


def indicator_table(rows):
    """A table as planmaint:indicators writes it: the seed's seven columns, then the code."""
    fields = "&".join(f"field={name}:{kind}" for name, kind in (
        ("控制线", "string"), ("优化导向", "string"), ("具体指标", "string"), ("单位", "string"), ("调整前", "double"),
        ("调整后", "double"), ("变化", "double"), ("code", "string")))
    layer = QgsVectorLayer(f"None?{fields}", "t", "memory")
    feature_rows = []
    for cells in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes(list(cells))
        feature_rows.append(feature)
    layer.dataProvider().addFeatures(feature_rows)
    return layer


def test_indicator_tables_of_counties_join_on_the_code(batch_module, tmp_path):
    """A Chinese and an English table, their rows in another order and one row only in the second: the summary
    joins them on the code column, one line per indicator, whatever the words."""
    tables = {
        "zh": [("耕地和永久基本农田", "数量不减少", "永久基本农田", "万亩", 2.25, None, None, "pbf_area"),
               ("耕地和永久基本农田", "布局更优化", "耕地连片度", "亩/个", 7.5, None, None, "contiguity")],
        "en": [("Cultivated land and permanent basic farmland", "Layout is optimised", "Cultivated land contiguity",
                "mu/patch", 8.25, None, None, "contiguity"),
               ("Ecological protection red line", "Task does not decrease",
                "Land ecological protection red line area", "km²", 3.0, None, None, "epr_area"),
               ("Cultivated land and permanent basic farmland", "Quantity does not decrease",
                "Permanent basic farmland", "10k mu", 2.5, 2.75, 0.25, "pbf_area")],
    }
    counties = []
    for name, rows in tables.items():
        out_dir = tmp_path / name
        out_dir.mkdir()
        write_gpkg(indicator_table(rows), out_dir / f"{name}.gpkg", "output")
        (out_dir / "result.json").write_text(json.dumps(
            {"results": {"OUTPUT": f"ogr:dbname='{out_dir / name}.gpkg' table=\"output\""}}))
        counties.append({"county": name, "out_dir": str(out_dir)})
    terminal = io.StringIO()
    batch_module.summarise(counties, None, str(tmp_path), terminal)
    written = read_csv(tmp_path / "indicators.csv")
    assert [(r["county"], r["code"]) for r in written] == [
        ("zh", "pbf_area"), ("zh", "contiguity"), ("en", "contiguity"), ("en", "epr_area"), ("en", "pbf_area")]
    pivot = batch_module.pivot_indicators([{k: (float(v) if k in ("调整前", "调整后", "变化") and v else v or None)
                                            for k, v in r.items()} for r in written])
    assert len(pivot) == 3
    by_label = {row["indicator"]: row for row in pivot}
    farmland = by_label["耕地和永久基本农田 永久基本农田 万亩"]  # labelled by the first county holding the row
    assert farmland["zh"] == "2.2500" and farmland["en"].startswith("2.7500")
    assert set(by_label["耕地和永久基本农田 耕地连片度 亩/个"]) == {"indicator", "zh", "en"}
    assert "zh" not in by_label["Ecological protection red line Land ecological protection red line area km²"]
    assert len([line for line in terminal.getvalue().splitlines() if "耕地连片度" in line]) == 1
