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


def run(*args, tmp_path):
    env = dict(os.environ, PLANMAINT_QP_HOME=str(tmp_path / "qp"))
    return subprocess.run([WRAPPER, *args], capture_output=True, text=True, env=env, timeout=300)


def test_list_shows_the_provider(tmp_path):
    listing = run("list", tmp_path=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "planmaint:samplecounty" in listing.stdout
    assert "planmaint:removefragments" in listing.stdout


def test_run_samplecounty_with_json_output(tmp_path):
    out = tmp_path / "c.gpkg"
    result = run("--json", "run", "planmaint:samplecounty", "--", "PARCELS=1000", "SEED=3", f"OUTPUT={out}",
                 tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["results"]["OUTPUT"] == str(out)
    assert out.exists()
