"""The README's Python snippets run as printed: the one-line `python3 -c` after the setup commands, and
the example in its "Python" section (against the build tree's module, like the README says)."""

import pathlib
import re
import shlex
import subprocess
import sys

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def _python_line() -> str:
    line = next(l for l in README.read_text().splitlines() if l.startswith("PYTHONPATH=build/release/python python3 -c"))
    words = shlex.split(line)
    assert words[:3] == ["PYTHONPATH=build/release/python", "python3", "-c"]
    return words[3]


def test_the_readme_one_liner_runs():
    run = subprocess.run([sys.executable, "-c", _python_line()], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    shape, variant = run.stdout.strip().split(") ")
    assert shape == "(2, 8, 8, 4" and variant.startswith("conv2d_fwd.")


def test_the_readme_python_section_example_runs():
    section = README.read_text().split("## Python\n", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    variant, diff = run.stdout.split()
    assert variant == "conv2d_fwd.ref" and float(diff) < 1e-3
