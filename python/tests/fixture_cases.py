"""Reading the repository's fixture cases (tests/data/fixtures/seeds, tests/data/golden).

Layout (tests/data/fixtures/README.md): <set>/MANIFEST.txt lists `<case> <op> <description>`;
<set>/<case>/params.txt holds `key value` lines; <set>/<case>/*.npy are the arrays (float64, or
int64 class labels). The path is found from this file's own location so the tests read the
repository's copy and nothing else.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Dict, List, Tuple

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SETS = (REPO_ROOT / "tests" / "data" / "fixtures" / "seeds", REPO_ROOT / "tests" / "data" / "golden")


@dataclasses.dataclass(frozen=True)
class FixtureCase:
    """One case: its directory, op and params; arrays are read on demand."""

    set_name: str
    name: str
    op: str
    directory: Path

    @property
    def id(self) -> str:
        return f"{self.set_name}/{self.name}"

    @property
    def params(self) -> Dict[str, str]:
        out: Dict[str, str] = {}
        for line in (self.directory / "params.txt").read_text().splitlines():
            if line.strip():
                key, _, value = line.partition(" ")
                out[key] = value.strip()
        return out

    def int_param(self, key: str, default: int | None = None) -> int:
        value = self.params.get(key)
        if value is None:
            if default is None:
                raise KeyError(f"{self.id}: params.txt has no key {key!r}")
            return default
        return int(value)

    def flag(self, key: str) -> bool:
        return self.params.get(key, "0") == "1"

    def reduce(self, output: str) -> int:
        """K of the tolerance rule for `output` (reduce_<output>)."""
        return self.int_param("reduce_" + output)

    def has(self, array: str) -> bool:
        return (self.directory / f"{array}.npy").exists()

    def array(self, array: str) -> np.ndarray:
        return np.load(self.directory / f"{array}.npy")

    def pads(self, prefix: str = "") -> Tuple[int, int, int, int]:
        """(top, bottom, left, right) from <prefix>pad_top ... <prefix>pad_right."""
        return tuple(self.int_param(prefix + k) for k in ("pad_top", "pad_bottom", "pad_left", "pad_right"))


def load_cases() -> List[FixtureCase]:
    """Every case of both sets, in MANIFEST order."""
    cases = []
    for directory in FIXTURE_SETS:
        for line in (directory / "MANIFEST.txt").read_text().splitlines():
            if line.strip():
                name, op = line.split()[:2]
                cases.append(FixtureCase(directory.name, name, op, directory / name))
    return cases
