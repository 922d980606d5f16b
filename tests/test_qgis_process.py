"""qgis_process, the command line a province-scale batch uses, sees the plugin and runs it."""
import json
import os
import subprocess

import pytest

from conftest import ROOT

WRAPPER = os.path.join(ROOT, "scripts", "qgis_process")
pytestmark = pytest.mark.skipif(
    not os.path.exists("/usr/bin/qgis_process.bin"), reason="the qgis package (qgis_process.bin) is not installed"
)


@pytest.fixture(scope="module", autouse=True)
def own_profile(tmp_path_factory):
    """The wrapper's private state for these tests, never the user's (build/qgis_process); one for the module,
    so the calls also show that a profile keeps working from one call to the next."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANMAINT_QP_HOME", str(tmp_path_factory.mktemp("qgis_process")))
        yield


def run(*args):
    return subprocess.run([WRAPPER, *args], capture_output=True, text=True, timeout=300)


def test_list_shows_the_provider():
    listing = run("list")
    assert listing.returncode == 0, listing.stderr
    assert "planmaint:samplecounty" in listing.stdout
    assert "planmaint:removefragments" in listing.stdout


def test_run_samplecounty_with_json_output(tmp_path):
    out = tmp_path / "c.gpkg"
    result = run("--json", "run", "planmaint:samplecounty", "--", "PARCELS=1000", "SEED=3", f"OUTPUT={out}")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["results"]["OUTPUT"] == str(out)
    assert out.exists()


def county_runs(county, out):
    layer = lambda name: f"{county}|layername={name}"  # noqa: E731
    return {
        "planmaint:removefragments": [f"INPUT={layer('pbf')}", f"HILLY_AREAS={layer('hilly_areas')}",
                                      f"OUTPUT={out / 'kept.gpkg'}", f"REMOVED={out / 'removed.gpkg'}"],
        "planmaint:fillholes": [f"INPUT={layer('epr')}", f"BLOCKERS={layer('pbf')}",
                                f"OUTPUT={out / 'filled.gpkg'}", f"HOLES={out / 'holes.gpkg'}"],
        "planmaint:edgeswap": [f"INPUT={layer('pbf')}", f"SWAP_OUT={layer('projects')}",
                               f"CANDIDATES={layer('landuse')}", "ELIGIBLE=\"DLBM\" IN ('0101','0102','0103')",
                               f"EXCLUDE={layer('epr')}", f"OUTPUT={out / 'pbf_new.gpkg'}",
                               f"SWAPPED_IN={out / 'in.gpkg'}", f"SWAPPED_OUT={out / 'out.gpkg'}",
                               f"LEDGER={out / 'ledger.gpkg'}"],
        "planmaint:indicators": [f"PBF={layer('pbf')}", f"EPR={layer('epr')}", f"UDB={layer('udb')}",
                                 f"LANDUSE={layer('landuse')}", f"OUTPUT={out / 'indicators.csv'}",
                                 f"REPORT={out / 'report.html'}"],
        "planmaint:conflictcheck": [f"PBF={layer('pbf')}", f"EPR={layer('epr')}", f"UDB={layer('udb')}",
                                    f"OUTPUT={out / 'conflicts.gpkg'}"],
        "planmaint:dynamicmaintenance": [
            *(f"{name}={layer(name.lower())}" for name in
              ("LANDUSE", "PBF", "EPR", "UDB", "HSF", "HILLY_AREAS", "PROJECTS", "URBAN_BASELINE")),
            # The model's mandatory outputs; the others may be left out.
            *(f"{name}={out / (name.split(':')[1].lower() + '.gpkg')}" for name in
              ("pbf_swap:PBF_NEW", "epr_swap:EPR_NEW", "udb_swap:UDB_NEW", "conflicts:CONFLICTS",
               "indicators:INDICATORS", "pbf_candidates:PBF_SWAP_CANDIDATES", "pbf_swap:PBF_CHANGES",
               "epr_candidates:EPR_SWAP_CANDIDATES", "epr_swap:EPR_CHANGES", "udb_candidates:UDB_SWAP_CANDIDATES",
               "udb_swap:UDB_CHANGES", "project_list:PROJECT_LIST")),
            f"indicators:REPORT={out / 'model_report.html'}"],
    }


@pytest.mark.parametrize("algorithm", ["planmaint:removefragments", "planmaint:fillholes", "planmaint:edgeswap",
                                       "planmaint:indicators", "planmaint:conflictcheck",
                                       "planmaint:dynamicmaintenance"])
def test_every_algorithm_and_the_model_run_from_the_command_line(algorithm, sample_county, tmp_path):
    arguments = county_runs(sample_county, tmp_path)[algorithm]
    result = run("--json", "run", algorithm, "--", *arguments)
    assert result.returncode == 0, result.stderr[-2000:]
    payload = json.loads(result.stdout)
    assert payload["algorithm_details"]["id"] == algorithm
    written = [v for v in payload["results"].values() if isinstance(v, str) and v.startswith(str(tmp_path))]
    assert written and all(os.path.exists(v.split("|")[0]) for v in written)
