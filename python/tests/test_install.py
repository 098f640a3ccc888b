"""`cmake --install` puts the package where the system Python finds it, and the installed copy
works on its own (the extension links cnnkit statically: no rpath, no libcnnkit.so needed).

ctest names the build tree in CNNKIT_BUILD_DIR; the install goes to a DESTDIR under tmp_path with
the default prefix /usr/local, so nothing outside the test's directory is written."""

import os
import pathlib
import subprocess
import sys

import pytest

BUILD = os.environ.get("CNNKIT_BUILD_DIR")
PREFIX = "/usr/local"


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(extra)
    return env


@pytest.mark.skipif(not BUILD, reason="needs CNNKIT_BUILD_DIR (set by ctest)")
def test_install_goes_to_a_directory_on_the_interpreters_own_path(tmp_path):
    subprocess.run(["cmake", "--install", BUILD, "--prefix", PREFIX, "--component", "python"],
                   env=_clean_env(DESTDIR=str(tmp_path)), check=True, capture_output=True)
    inits = list(tmp_path.rglob("cnnkit/__init__.py"))
    assert len(inits) == 1, inits
    package = inits[0].parent
    names = {p.name for p in package.iterdir()}
    assert {"__init__.py", "course.py", "_cnnkit.pyi", "py.typed"} <= names
    assert any(n.startswith("_cnnkit.") and n.endswith(".so") for n in names)

    site = package.parent
    installed_site = "/" + str(site.relative_to(tmp_path))
    assert installed_site.startswith(PREFIX + "/")
    sys_path = subprocess.run([sys.executable, "-c", "import sys; print('\\n'.join(sys.path))"],
                              env=_clean_env(), capture_output=True, text=True, check=True).stdout.split("\n")
    assert installed_site in sys_path, f"{installed_site} is not on {sys.executable}'s path: {sys_path}"

    # The installed copy, imported from anywhere, computes.
    code = ("import cnnkit, numpy as np; assert cnnkit.__file__.startswith(%r), cnnkit.__file__; "
            "print(cnnkit.relu_forward(np.array([-1.0, 2.0])).tolist(), cnnkit.course.distribute_value(2, (1, 2)).tolist())"
            % str(site))
    run = subprocess.run([sys.executable, "-c", code], env=_clean_env(PYTHONPATH=str(site)), cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[0.0, 2.0] [[1.0, 1.0]]"
