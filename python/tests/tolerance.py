"""The fixtures' tolerance rule (tests/data/fixtures/README.md, "Tolerance"), as one assertion.

float64: |got - exp| <= 1e-10 * K * (1 + |exp|), K the output's reduction length.
float32: |got - exp| <= 1e-4 * |exp| + 1e-4 * max(1, max|exp|).
NaN must match NaN and +-inf must match exactly. The same rule judges cnnkit against the numpy
references in test_ops.py, so a failure reads the same whichever oracle found it.
"""
from __future__ import annotations

import numpy as np


def assert_matches(got, expected, dtype, reduce: int = 1, what: str = "output") -> None:
    """Raises AssertionError naming `what`, the shapes or the worst elements when `got` is not
    `expected` within the tolerance of `dtype` (np.float32 or np.float64)."""
    got = np.asarray(got)
    expected = np.asarray(expected, dtype=np.float64)
    assert got.shape == expected.shape, f"{what}: shape {got.shape}, expected {expected.shape}"
    assert reduce >= 1, f"{what}: reduction length K = {reduce}"
    g = got.astype(np.float64)
    nan = np.isnan(expected)
    inf = np.isinf(expected)
    finite = ~(nan | inf)
    max_abs = float(np.max(np.abs(expected[finite]), initial=0.0))
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(g - expected)
        if np.dtype(dtype) == np.float64:
            bound = 1e-10 * reduce * (1.0 + np.abs(expected))
        else:
            bound = 1e-4 * np.abs(expected) + 1e-4 * max(1.0, max_abs)
        ok = np.where(nan, np.isnan(g), np.where(inf, g == expected, np.isfinite(g) & (err <= bound)))
    if ok.all():
        return
    bad = np.argwhere(~ok)
    lines = [f"  {tuple(int(i) for i in idx)}: got {g[tuple(idx)]!r}, expected {expected[tuple(idx)]!r}"
             for idx in bad[:8]]
    raise AssertionError(f"{what} ({np.dtype(dtype).name}, K = {reduce}): {len(bad)} of {got.size} "
                         f"elements out of tolerance\n" + "\n".join(lines))
