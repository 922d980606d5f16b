"""scripts/qgis_process loads planmaint on every call, whatever earlier calls, batches and test runs left behind.

QGIS loads a plugin only when its profile's settings say so ([PythonPlugins] planmaint=true). The wrapper used to
remember "enabled" in a marker file instead; a call from the test session, where pytest-qgis sets
QGIS_CUSTOM_CONFIG_PATH, enabled planmaint in that other profile, so after `make test` the user's `make batch`
found planmaint not loaded, and after `make batch` the batch tests did (issue 26).
"""
import os
import subprocess
import sys

import pytest

from conftest import ROOT

WRAPPER = os.path.join(ROOT, "scripts", "qgis_process")
pytestmark = pytest.mark.skipif(
    not os.path.exists("/usr/bin/qgis_process.bin") and not os.path.exists("/usr/bin/qgis_process"),
    reason="the qgis package (qgis_process) is not installed",
)
# What pytest-qgis and make put into this process's environment, which a user's shell does not have.
NOT_IN_A_USERS_SHELL = ("QGIS_CUSTOM_CONFIG_PATH", "QGIS_OPTIONS_PATH", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")


def user_environment(state, **changes):
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_A_USERS_SHELL}
    env["PLANMAINT_QP_HOME"] = str(state)
    env.update(changes)
    return env


def wrapper(state, *args, **env_changes):
    return subprocess.run([WRAPPER, *args], capture_output=True, text=True, timeout=300,
                          env=user_environment(state, **env_changes))


def assert_loads_planmaint(result):
    assert result.returncode == 0, result.stderr[-2000:]
    for algorithm in ("planmaint:samplecounty", "planmaint:dynamicmaintenance"):
        assert algorithm in result.stdout, f"{algorithm} not listed:\n{result.stdout[-1500:]}{result.stderr[-1500:]}"


def profile_folder(state):
    return state / "config" / "profiles" / "default"


def test_calls_from_a_test_session_and_from_a_user_all_load_planmaint(tmp_path):
    """Both failing orders on one state: the test suite (pytest-qgis's QGIS_CUSTOM_CONFIG_PATH) then the user,
    then the tests again."""
    state, elsewhere = tmp_path / "qp", tmp_path / "pytest_qgis_settings"
    under_pytest = {"QGIS_CUSTOM_CONFIG_PATH": str(elsewhere), "QGIS_OPTIONS_PATH": str(elsewhere)}
    assert_loads_planmaint(wrapper(state, "list", **under_pytest))
    assert_loads_planmaint(wrapper(state, "list"))
    assert_loads_planmaint(wrapper(state, "list", **under_pytest))
    assert not elsewhere.exists(), "the wrapper's profile is its own, whatever the caller's environment names"


def test_planmaint_loads_again_after_the_profile_was_disturbed(tmp_path):
    state = tmp_path / "qp"
    # What the old wrapper left after a test run: the marker says enabled, the user's profile does not.
    state.mkdir()
    (state / ".enabled").touch()
    assert_loads_planmaint(wrapper(state, "list"))
    settings = profile_folder(state) / "QGIS" / "QGIS3.ini"
    assert (profile_folder(state) / "qgis.db").stat().st_size > 0, "the profile was set up by QGIS itself"

    # QGIS itself switches it off.
    wrapper(state, "plugins", "disable", "planmaint")
    assert "planmaint=false" in settings.read_text()
    assert_loads_planmaint(wrapper(state, "list"))

    # Only the one setting is changed; the rest of the profile's settings stay.
    settings.write_text("[PythonPlugins]\nplanmaint=false\nother_plugin=true\n\n[qgis]\nsome_setting=42\n")
    assert_loads_planmaint(wrapper(state, "list"))
    text = settings.read_text()
    assert "planmaint=true" in text and "other_plugin=true" in text and "some_setting=42" in text

    settings.unlink()
    assert_loads_planmaint(wrapper(state, "list"))


def test_several_calls_at_once_on_a_new_state_all_load_planmaint(tmp_path):
    state = tmp_path / "qp"
    calls = [subprocess.Popen([WRAPPER, "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=user_environment(state)) for _ in range(3)]
    for call in calls:
        stdout, stderr = call.communicate(timeout=300)
        assert_loads_planmaint(subprocess.CompletedProcess(call.args, call.returncode, stdout, stderr))
    assert_loads_planmaint(wrapper(state, "list"))
    assert (profile_folder(state) / "qgis.db").stat().st_size > 0


@pytest.mark.slow
def test_make_batch_twice_then_the_batch_tests(tmp_path):
    """The README's commands in a row, as a user types them: `make batch`, `make batch` again, the batch tests.
    Each works; the tests leave the user's profile alone; the jobs' own profiles are gone afterwards."""
    state, scratch = tmp_path / "qp", tmp_path / "tmp"
    scratch.mkdir()
    env = user_environment(state, TMPDIR=str(scratch))
    make = ["make", "-s", "--no-print-directory", "batch", "BATCH_SAMPLES=2", "DEMO_PARCELS=5000",
            f"PROVINCE={tmp_path / 'province'}"]
    for attempt in (1, 2):
        batch = subprocess.run(make, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
        assert batch.returncode == 0, f"make batch #{attempt}:\n{batch.stdout[-3000:]}\n{batch.stderr[-3000:]}"
        assert ("generating" in batch.stdout) == (attempt == 1), "the second run reuses the sample counties"
        assert not list(scratch.glob("planmaint-qp-*")), "every job's profile is removed after it"

    settings = profile_folder(state) / "QGIS" / "QGIS3.ini"
    written = settings.stat().st_mtime_ns
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            os.path.join(ROOT, "tests", "test_batch.py")],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert settings.stat().st_mtime_ns == written, "the batch tests used a profile of their own"
    assert_loads_planmaint(wrapper(state, "list"))
