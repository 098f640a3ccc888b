"""The Python examples run (--quick), print their tables, and fail when cnnkit and numpy disagree.

The examples are what a course reader runs first; a broken import or a renamed function there is a
bug even when the module's own tests pass. Each is run as a user would, in a subprocess with this
interpreter and the inherited PYTHONPATH; their failure path is checked in-process by making cnnkit
give a wrong answer.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import subprocess
import sys
from types import ModuleType

import numpy as np
import pytest

import cnnkit
import cnnkit.course

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"
NUMBER = r"[0-9]+(?:\.[0-9]+)?"


def run_example(name: str) -> str:
    """stdout of `name --quick`, asserting that it exits with status 0."""
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / name), "--quick", "--threads", "2"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, f"{name} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), EXAMPLES / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_course_speedup_prints_every_row() -> None:
    out = run_example("course_speedup.py")
    rows = [
        ("conv_forward", "course", "A(10,4,4,3) W(2,2,3,8) s2 p2"),
        ("conv_backward", "course", "A(10,4,4,3) W(2,2,3,8) s2 p2"),
        ("pool_forward(max)", "course", "A(2,4,4,3) f3 s2"),
        ("pool_forward(average)", "course", "A(2,4,4,3) f3 s2"),
        ("conv_forward", "SIGNS conv1", "A(1,67,67,3) W(4,4,3,8) s1 p0"),
        ("conv_backward", "SIGNS conv1", "A(1,67,67,3) W(4,4,3,8) s1 p0"),
        ("pool_forward(max)", "SIGNS pool1", "A(1,64,64,8) f8 s8"),
        ("conv_forward", "ResNet 3x3", "A(1,28,28,32) W(3,3,32,32) s1 p1"),
        ("conv_backward", "ResNet 3x3", "A(1,28,28,32) W(3,3,32,32) s1 p1"),
    ]
    assert re.search(r"^op\s+layer\s+shape\s+numpy ms\s+cnnkit ms\s+speedup$", out, re.M), out
    for op, layer, shape in rows:
        pattern = rf"^{re.escape(op)}\s+{re.escape(layer)}\s+{re.escape(shape)}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}x$"
        assert re.search(pattern, out, re.M), f"no row {op} {layer} {shape} in\n{out}"
    assert "MISMATCH" not in out
    assert out.rstrip().endswith("results agree (np.allclose, rtol 1e-9, atol 1e-9)")


def test_convnet_forward_prints_layers_and_loss() -> None:
    out = run_example("convnet_forward.py")
    layers = {
        "conv1 4x4 SAME": "(8, 64, 64, 8)",
        "maxpool 8/8 SAME": "(8, 8, 8, 8)",
        "conv2 2x2 SAME": "(8, 8, 8, 16)",
        "maxpool 4/4 SAME": "(8, 2, 2, 16)",
        "flatten": "(8, 64)",
        "fc 6": "(8, 6)",
    }
    for name, shape in layers.items():
        assert re.search(rf"^{re.escape(name)}\s+{re.escape(shape)}\s+{NUMBER}\s+\S", out, re.M), f"{name}\n{out}"
    # The variant column names what cnnkit ran, e.g. conv2d_fwd.<something>.
    assert re.search(r"^conv1 4x4 SAME\s.*\sconv2d_fwd\.\S+$", out, re.M), out
    loss = re.search(rf"^loss: ({NUMBER}) \(numpy: ({NUMBER})\)$", out, re.M)
    assert loss, out
    got, expected = float(loss.group(1)), float(loss.group(2))
    assert got == pytest.approx(expected, abs=1e-5)
    assert 0.5 < got < 10.0  # six classes, random weights: near log(6) = 1.79, surely not 0 or NaN
    assert out.rstrip().endswith("every layer agrees with numpy")


def test_course_speedup_fails_on_a_wrong_answer(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    example = load_example("course_speedup.py")
    right = cnnkit.course.pool_forward

    def off_by_a_bit(A_prev: np.ndarray, hparameters: dict, mode: str = "max") -> tuple:
        A, cache = right(A_prev, hparameters, mode)
        return A + 1e-6, cache

    monkeypatch.setattr(cnnkit.course, "pool_forward", off_by_a_bit)
    assert example.main(["--quick"]) == 1
    assert "MISMATCH" in capsys.readouterr().out


def test_convnet_forward_fails_on_a_wrong_answer(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    example = load_example("convnet_forward.py")
    monkeypatch.setattr(cnnkit, "relu_forward", lambda x: x)  # a ReLU that lets negatives through
    assert example.main(["--quick"]) == 1
    assert "MISMATCH" in capsys.readouterr().out
