"""The size bounds of the house (CONTRIBUTING.md), kept by the gate rather than by memory.

A function longer than a screenful or with a long parameter list hides decisions that belong in a typed
plan of the core; a thread started outside core/parallel.py escapes the check that no geometry is used by
two threads at once.
"""
import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALGORITHMS = os.path.join(ROOT, "algorithms")
MAX_FUNCTION_LINES = 100
MAX_PARAMETERS = 8  # besides self / cls
MAX_MODULE_LINES = 800
MAX_ALGORITHM_LINES = 400
DECLARATIONS = {"initAlgorithm", "shortHelpString"}  # parameter lists and help text: long by nature
THREAD_STARTERS = ("ThreadPoolExecutor", "threading.Thread", "QThread", "multiprocessing")


def _modules():
    for folder, _, names in os.walk(ALGORITHMS):
        for name in sorted(names):
            if name.endswith(".py"):
                yield os.path.relpath(os.path.join(folder, name), ROOT)


MODULES = sorted(_modules())


def _source(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return handle.read()


def _functions(tree):
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _parameters(function):
    arguments = function.args
    names = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
    names = [n for n in names if n not in ("self", "cls")]
    return names + (["*" + arguments.vararg.arg] if arguments.vararg else []) + (
        ["**" + arguments.kwarg.arg] if arguments.kwarg else []
    )


def test_the_bounds_see_the_code():
    assert len(MODULES) > 40 and "algorithms/core/parallel.py" in MODULES


@pytest.mark.parametrize("path", MODULES)
def test_module_size(path):
    lines = _source(path).count("\n")
    limit = MAX_ALGORITHM_LINES if os.path.basename(path).startswith("alg_") else MAX_MODULE_LINES
    assert lines <= limit, f"{path} has {lines} lines (at most {limit}): split it by concept"


@pytest.mark.parametrize("path", MODULES)
def test_functions_are_short_and_take_few_parameters(path):
    too_long, too_many = [], []
    for function in _functions(ast.parse(_source(path))):
        length = function.end_lineno - function.lineno + 1
        if length > MAX_FUNCTION_LINES and function.name not in DECLARATIONS:
            too_long.append(f"{function.name} (line {function.lineno}): {length} lines")
        if len(_parameters(function)) > MAX_PARAMETERS:
            too_many.append(f"{function.name} (line {function.lineno}): {len(_parameters(function))} parameters")
    assert not too_long, f"{path}: over {MAX_FUNCTION_LINES} lines: {too_long}"
    assert not too_many, f"{path}: over {MAX_PARAMETERS} parameters (pass a typed value instead): {too_many}"


@pytest.mark.parametrize("path", MODULES)
def test_threads_start_only_in_core_parallel(path):
    if path == os.path.join("algorithms", "core", "parallel.py"):
        return
    source = _source(path)
    found = [name for name in THREAD_STARTERS if name in source]
    assert not found, f"{path} starts threads itself ({found}): use algorithms/core/parallel.py"


@pytest.mark.parametrize("path", [p for p in MODULES if p.startswith(os.path.join("algorithms", "core"))])
def test_the_core_does_not_import_qgis(path):
    imported = set()
    for node in ast.walk(ast.parse(_source(path))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & {"qgis", "PyQt5", "processing"}, f"{path} imports QGIS: the core is pure"
