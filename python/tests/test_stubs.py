"""The type stubs (cnnkit/_cnnkit.pyi) match the compiled module: mypy's stubtest checks that every
name exists on both sides, and this file checks each function's parameters (names, order,
positional or keyword-only, which have defaults) against the signature pybind11 writes at the top
of each docstring, which stubtest cannot read."""

import ast
import os
import pathlib
import subprocess
import sys

import pytest

import cnnkit
from cnnkit import _cnnkit

STUB = pathlib.Path(_cnnkit.__file__).with_name("_cnnkit.pyi")
ALLOWLIST = pathlib.Path(__file__).with_name("stubtest_allowlist.txt")


def test_stubtest_finds_the_stubs_consistent_with_the_module(tmp_path):
    # The package this test imported, found from any working directory.
    package_root = str(pathlib.Path(cnnkit.__file__).resolve().parent.parent)
    env = dict(os.environ, MYPY_CACHE_DIR=str(tmp_path / "mypy_cache"),
               PYTHONPATH=os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-m", "mypy.stubtest", "cnnkit", "--allowlist", str(ALLOWLIST)],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


def _params(args: ast.arguments):
    """(name, kind, has_default) per parameter, self excluded."""
    out = []
    positional = args.posonlyargs + args.args
    first_default = len(positional) - len(args.defaults)
    for i, a in enumerate(positional):
        if a.arg != "self":
            out.append((a.arg, "positional", i >= first_default))
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        out.append((a.arg, "keyword", d is not None))
    return out


def _stub_functions():
    tree = ast.parse(STUB.read_text())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found.setdefault(node.name, node)  # the first of @overload'ed ones
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and member.name == "__init__":
                    found[node.name + ".__init__"] = member
    return found


def _runtime_signature(obj, name):
    """pybind11's first docstring line, 'name(a: object, *, b: object = 1) -> object', as an ast."""
    line = obj.__doc__.splitlines()[0]
    assert line.startswith(name + "("), line
    # Replace pybind11's type names with Any so the line parses as Python.
    source = "def " + line.replace("numpy.ndarray", "Any") + ": ..."
    return ast.parse(source).body[0]


STUBS = _stub_functions()
CLASSES = {"Context", "Conv2dPackedWeights", "Conv2dBackwardDataPackedWeights"}
FUNCTIONS = sorted(n for n in cnnkit.__all__ if callable(getattr(cnnkit, n)) and not isinstance(getattr(cnnkit, n), type))


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_parameters_match_the_stub(name):
    runtime = _runtime_signature(getattr(_cnnkit, name), name)
    assert name in STUBS, f"{name} has no stub"
    assert _params(STUBS[name].args) == _params(runtime.args)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_constructor_parameters_match_the_stub(name):
    init = getattr(_cnnkit, name).__init__
    runtime = _runtime_signature(init, "__init__")
    assert _params(STUBS[name + ".__init__"].args) == _params(runtime.args)


def test_every_public_name_is_exported_and_documented():
    runtime = {n for n in dir(_cnnkit) if not n.startswith("_")}
    assert set(cnnkit.__all__) >= runtime
    for n in runtime:
        assert getattr(_cnnkit, n).__doc__, f"{n} has no docstring"
