#!/usr/bin/env python3
"""Start the real QGIS desktop under Xvfb with a fresh profile and planmaint enabled, and check what a user sees.

    .venv/bin/python tests/desktop/check_desktop.py [--screenshots docs/screenshots] [--lang zh-Hans]

The profile is made in a temporary folder: QGIS3.ini enables the plugin, ``python/plugins/planmaint`` links to
this checkout, and shapely ≥ 2 (Debian 12 ships 1.8) compiled against QGIS's GEOS is put into ``python/`` the
way ``make deploy`` does (linked from the venv, where it is compiled against Debian's GEOS). QGIS runs
``qgis_startup.py`` (``--code``), which
checks the provider, every algorithm and bundled model in the registry and in the Processing toolbox, opens one
algorithm dialog and the model in the modeler, runs the model on a planmaint:samplecounty county inside QGIS and
lets Processing load its lines and swaps, which must arrive with the plugin's styles (a shapely that crashes
inside QGIS shows up here), then runs planmaint:swapcandidates on the same county, sets a few pieces to stay
(SFTC = 0) through the value the loaded style's widget stores, saves them and shows the map with the attribute
table (the review screenshot), saves screenshots and writes a JSON result. QGIS is killed after ``--timeout``
seconds whatever happens. Exit status 0 when every check passed; the result JSON says what failed.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STARTUP = os.path.join(HERE, "qgis_startup.py")


def find_qgis(explicit=None):
    """The QGIS launcher: /usr/bin/qgis (Debian's wrapper script) or the binary behind it."""
    for candidate in [explicit] if explicit else ["/usr/bin/qgis", "/usr/bin/qgis.bin"]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def system_shapely_major():
    """Major version of the shapely QGIS's own Python (/usr/bin/python3) imports, or 0 when there is none."""
    probe = subprocess.run(
        ["/usr/bin/python3", "-c", "import shapely; print(shapely.__version__)"],
        capture_output=True, text=True,
    )
    try:
        return int(probe.stdout.strip().split(".")[0])
    except ValueError:
        return 0


def provide_shapely(python_dir):
    """Make shapely ≥ 2 importable from ``<profile>/python`` (which QGIS puts first on sys.path).

    It must be the shapely built against Debian's GEOS (the venv's, see the Makefile): a wheel brings its own
    newer GEOS, which crashes inside QGIS. Linked, not copied, from the venv, as ``make deploy`` copies it.
    """
    if system_shapely_major() >= 2:
        return "system"
    import shapely  # the venv's: this script runs with .venv/bin/python

    site = os.path.dirname(os.path.dirname(shapely.__file__))
    for name in os.listdir(site):
        if name == "shapely" or (name.startswith("shapely-") and name.endswith("-info")):
            os.symlink(os.path.join(site, name), os.path.join(python_dir, name))
    return site


def make_profile(base, plugin_dir):
    """A fresh profiles folder under ``base`` with the default profile set up for the check."""
    profile = os.path.join(base, "profiles", "default")
    plugins = os.path.join(profile, "python", "plugins")
    os.makedirs(plugins)
    os.makedirs(os.path.join(profile, "QGIS"))
    os.symlink(plugin_dir, os.path.join(plugins, "planmaint"))
    shapely_source = provide_shapely(os.path.join(profile, "python"))
    with open(os.path.join(profile, "QGIS", "QGIS3.ini"), "w", encoding="utf-8") as handle:
        handle.write("[PythonPlugins]\nplanmaint=true\nprocessing=true\n\n[qgis]\ncheckVersion=false\n")
    return shapely_source


def run_qgis(qgis, profiles_path, home, lang, env_extra, timeout):
    """Run QGIS under xvfb-run; returns (exit code or None on timeout, log text)."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the Makefile's offscreen would hide the real window system
    env.update(env_extra)
    env["HOME"] = home  # keeps ~/.cache, ~/.local of the user untouched
    env["XDG_RUNTIME_DIR"] = os.path.join(home, "runtime")
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    command = [
        "xvfb-run", "-a", "-s", "-screen 0 1600x1000x24",
        qgis, "--profiles-path", profiles_path, "--nologo", "--noversioncheck", "--lang", lang,
        "--code", STARTUP,
    ]
    log_path = os.path.join(home, "qgis.log")
    with open(log_path, "w", encoding="utf-8") as log:
        # A session of its own, so a hung QGIS is killed together with its Xvfb.
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                    process.wait(timeout=10)
                    break
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    continue
    with open(log_path, encoding="utf-8", errors="replace") as log:
        return code, log.read()


def evaluate(result):
    """The list of failed checks (empty when the desktop shows planmaint as it should)."""
    problems = list(result.get("errors", []))
    if not result.get("finished"):
        problems.append("the check inside QGIS did not finish")
    provider = result.get("provider")
    if not provider:
        problems.append("no planmaint provider")
        return problems
    if result.get("load_errors"):
        problems.append(f"{len(result['load_errors'])} algorithm(s) failed to load")
    registered = [a["id"] for a in result.get("algorithms", [])]
    if len(registered) != result.get("expected_algorithm_count"):
        problems.append(f"{len(registered)} algorithms registered, {result.get('expected_algorithm_count')} expected")
    if result.get("missing_from_toolbox"):
        problems.append(f"not in the toolbox: {', '.join(result['missing_from_toolbox'])}")
    if len(result.get("models", [])) != len(result.get("model_files", [])):
        problems.append("a bundled model did not load")
    for model, outputs in result.get("models_missing_outputs", {}).items():
        problems.append(f"{model}: outputs without a parameter (steps not linked to their algorithms): "
                        f"{', '.join(outputs)}")
    if len(result.get("modeler", [])) != len(result.get("models", [])):
        problems.append("a model did not open in the modeler")
    if not result.get("dialog"):
        problems.append("no algorithm dialog opened")
    if not result.get("algorithm_run"):
        problems.append("planmaint:samplecounty did not run inside QGIS")
    model_run = result.get("model_run")
    if not model_run:
        problems.append("the model did not run inside QGIS")
    else:
        unstyled = sorted(name for name, style in model_run["styles"].items() if not style)
        if unstyled or not model_run["styles"]:
            problems.append(f"model outputs loaded without the plugin's style: {', '.join(unstyled) or 'all'}")
    review = result.get("review")
    if not review:
        problems.append("the swap-out candidates were not reviewed inside QGIS")
    else:
        if review.get("style") != "candidates":
            problems.append(f"the swap-out candidates loaded with the style {review.get('style')}, not candidates")
        if review.get("widget") != "ValueMap":
            problems.append(f"SFTC is edited with {review.get('widget') or 'no widget'}, not the value map")
        if not review.get("kept_set") or review.get("kept_saved") != review.get("kept_set"):
            problems.append(f"{review.get('kept_set')} pieces set to stay, {review.get('kept_saved')} saved so")
    if result.get("qgis_exit_code") not in (0, None):
        problems.append(f"QGIS exited with {result['qgis_exit_code']} during {result.get('current_step')}")
    expected_shots = {"toolbox", "qgis_window", "algorithm_dialog", "map", "review"}
    if len(result.get("models", [])) == 1:
        expected_shots.add("model")
    missing_shots = expected_shots - set(result.get("screenshots", {}))
    if missing_shots:
        problems.append(f"screenshots missing: {', '.join(sorted(missing_shots))}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screenshots", default=os.path.join(ROOT, "docs", "screenshots"),
                        help="folder for the PNG screenshots (default: docs/screenshots)")
    parser.add_argument("--result", default=os.path.join(ROOT, "build", "desktop_check.json"),
                        help="where to write the JSON result (default: build/desktop_check.json)")
    parser.add_argument("--lang", default="zh_CN",
                        help="QGIS interface language (--lang); zh-Hans also translates QGIS's own menus")
    parser.add_argument("--dialog", help="algorithm ids to try for the dialog screenshot, comma separated")
    parser.add_argument("--timeout", type=float, default=120, help="kill QGIS after this many seconds")
    parser.add_argument("--qgis", help="QGIS executable (default /usr/bin/qgis, else /usr/bin/qgis.bin)")
    parser.add_argument("--plugin-dir", default=ROOT,
                        help="the plugin folder to install (default: this checkout; e.g. build/package/planmaint "
                             "after make package checks the zip's content)")
    parser.add_argument("--keep-profile", action="store_true", help="keep the temporary profile for inspection")
    args = parser.parse_args(argv)

    qgis = find_qgis(args.qgis)
    if qgis is None or shutil.which("xvfb-run") is None:
        print("check_desktop: needs the QGIS desktop (/usr/bin/qgis) and xvfb-run (Debian: qgis, xvfb)",
              file=sys.stderr)
        return 2
    screenshots = os.path.abspath(args.screenshots)
    os.makedirs(screenshots, exist_ok=True)
    result_path = os.path.abspath(args.result)
    os.makedirs(os.path.dirname(result_path), exist_ok=True)
    if os.path.exists(result_path):
        os.remove(result_path)
    base = tempfile.mkdtemp(prefix="planmaint-desktop-")
    try:
        shapely_source = make_profile(base, os.path.abspath(args.plugin_dir))
        home = os.path.join(base, "home")
        os.makedirs(home)
        env_extra = {
            "PLANMAINT_CHECK_RESULT": result_path,
            "PLANMAINT_CHECK_SCREENSHOTS": screenshots,
            "PLANMAINT_CHECK_WORK": base,
            # The in-QGIS watchdog fires before the outer kill, so a hang still leaves a result.
            "PLANMAINT_CHECK_WATCHDOG": str(max(args.timeout - 20, 10)),
        }
        if args.dialog:
            env_extra["PLANMAINT_CHECK_DIALOG"] = args.dialog
        code, log = run_qgis(qgis, base, home, args.lang, env_extra, args.timeout)
        if os.path.exists(result_path):
            with open(result_path, encoding="utf-8") as handle:
                result = json.load(handle)
        else:
            result = {"errors": ["QGIS wrote no result"]}
        result.update(qgis_exit_code=code, shapely_from=shapely_source, lang=args.lang, qgis=qgis)
        if code is None:
            result.setdefault("errors", []).append(f"QGIS was killed after {args.timeout:g} s")
        problems = evaluate(result)
        result["problems"] = problems
        result["ok"] = not problems
        result["log_tail"] = log[-4000:]
        with open(result_path, "w", encoding="utf-8") as handle:
            json.dump(result, handle, ensure_ascii=False, indent=1)
    finally:
        if args.keep_profile:
            print(f"profile kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)

    provider = result.get("provider") or {}
    print(f"QGIS {result.get('qgis_version', '?')} --lang {args.lang}: provider {provider.get('name', '-')}")
    for algorithm in result.get("algorithms", []):
        shown = "toolbox" if algorithm["id"] in result.get("toolbox_visible", []) else "NOT IN TOOLBOX"
        print(f"  {algorithm['id']:<36} {algorithm['name']}  [{algorithm['group']}] {shown}")
    for name, path in sorted(result.get("screenshots", {}).items()):
        print(f"  screenshot {name}: {os.path.relpath(path)}")
    for problem in problems:
        print(f"FAILED: {problem.strip()}", file=sys.stderr)
    print("desktop check " + ("passed" if not problems else "failed") + f" (details: {os.path.relpath(result_path)})")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
