"""The benchmark harness (bench/run.py) in its smoke mode, and its statistics. Timings are never asserted:
they depend on the machine; what is checked is that the harness runs, writes every field, and that the
native chain and the plugin found the same patches and holes on the same county."""
import json
import math
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
sys.path.insert(0, BENCH)

import cases  # noqa: E402 (bench/ is put on the path above)
import run as bench  # noqa: E402


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "results.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, os.path.join(BENCH, "run.py"), "--smoke", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with open(out, encoding="utf-8") as handle:
        return json.load(handle), done.stdout


@pytest.mark.slow
def test_smoke_run_writes_every_field(smoke):
    results, stdout = smoke
    meta = results["meta"]
    assert meta["smoke"] is True
    assert meta["sizes"] == [bench.SMOKE_SIZE] and meta["repeat"] == 1
    for key in ("cpu", "cores", "qgis", "shapely_geos", "load_start", "load_end", "started", "finished"):
        assert meta[key] not in (None, ""), key

    county = results["counties"][str(bench.SMOKE_SIZE)]
    assert county["ok"], county
    assert county["generate_s"] > 0 and county["generate_peak_mb"] > 0
    assert county["layers"]["landuse"] > 1000 and county["layers"]["pbf"] > 0 and county["layers"]["epr"] > 0

    assert set(results["cases"]) == {case.name for case in cases.CASES}
    for name, entry in results["cases"].items():
        assert {"title", "kind", "available", "by_size", "growth"} <= set(entry), name
        measured = entry["by_size"][str(bench.SMOKE_SIZE)]
        if not entry["available"]:
            assert measured["ok"] is False and measured["error"].startswith("not available"), name
            continue
        if not measured["ok"]:
            # An algorithm failing on the county is the algorithm's test's business; the harness must
            # record why and carry on with the other cases.
            assert measured["error"], name
            continue
        assert measured["min_s"] <= measured["median_s"] <= measured["max_s"]
        assert measured["peak_mb"] > 100  # QGIS alone is resident with a few hundred MB
        assert measured["runs"] == 1 and len(measured["all_runs_s"]) == 1
    # QGIS's own algorithms are always there: the native chains ran and found something to count.
    for name in ("native_fragments_pbf", "native_deleteholes_epr", "native_holecount_epr"):
        assert results["cases"][name]["available"], name
        assert results["cases"][name]["by_size"][str(bench.SMOKE_SIZE)]["ok"], name
    native = results["cases"]["native_fragments_pbf"]["by_size"][str(bench.SMOKE_SIZE)]
    assert native["numbers"]["PATCHES"] > 0
    assert list(native["steps_median_s"]) == ["dissolve", "singleparts", "area filter"]

    assert "targets" in results and "table" in results
    assert "Median wall time" in stdout and "Sample counties" in stdout


@pytest.mark.slow
def test_native_chain_and_plugin_found_the_same(smoke):
    """Where both sides of a pair ran, the fragment and hole counts agree exactly."""
    results, _ = smoke
    compared = 0
    for entry in results["comparisons"]:
        for values in entry["by_size"].values():
            assert values["ratio"] > 0
            for key, check in values["checks"].items():
                compared += 1
                assert check["agree"], (entry["what"], key, check)
    if results["cases"]["removefragments_pbf"]["available"]:
        assert compared >= 2


def test_nlogn_reference_exponent():
    # n log n from 20 000 to 200 000: 10 × log(200000)/log(20000) = 12.33×, i.e. n^1.091.
    assert bench.nlogn_exponent(20000, 200000) == pytest.approx(1 + math.log10(math.log(2e5) / math.log(2e4)))
    assert bench.nlogn_exponent(20000, 200000) == pytest.approx(1.0908, abs=1e-4)


def test_growth_exponent_of_linear_and_quadratic_times():
    linear = {"20000": {"ok": True, "median_s": 1.0}, "200000": {"ok": True, "median_s": 10.0}}
    grown = bench.growth(linear)
    assert grown["exponent"] == pytest.approx(1.0)
    assert grown["within_nlogn"]
    quadratic = {"20000": {"ok": True, "median_s": 1.0}, "100000": {"ok": True, "median_s": 25.0},
                 "200000": {"ok": True, "median_s": 100.0}}
    grown = bench.growth(quadratic)
    assert grown["exponent"] == pytest.approx(2.0)
    assert not grown["within_nlogn"]
    assert [s["exponent"] for s in grown["steps"]] == pytest.approx([2.0, 2.0])
    assert bench.growth({"20000": {"ok": True, "median_s": 1.0}}) is None


def test_summary_takes_median_min_max_of_good_runs_only():
    runs = [
        {"ok": True, "seconds": 3.0, "cpu_s": 3.0, "peak_mb": 500.0, "steps": [["a", 3.0]]},
        {"ok": False, "error": "worker died"},
        {"ok": True, "seconds": 1.0, "cpu_s": 1.0, "peak_mb": 700.0, "steps": [["a", 1.0]]},
        {"ok": True, "seconds": 2.0, "cpu_s": 2.0, "peak_mb": 600.0, "steps": [["a", 2.0]]},
    ]
    summary = bench.summarize(runs)
    assert (summary["median_s"], summary["min_s"], summary["max_s"]) == (2.0, 1.0, 3.0)
    assert summary["peak_mb"] == 700.0 and summary["runs"] == 3 and summary["failed_runs"] == 1
    assert summary["steps_median_s"] == {"a": 2.0}
    failed = bench.summarize([{"ok": False, "error": "boom", "warnings": ["layer X has no field Y"]}])
    assert failed["ok"] is False and failed["error"] == "boom" and failed["warnings"] == ["layer X has no field Y"]
