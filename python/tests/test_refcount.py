"""Reference counts stay put over many calls: no leaked or stolen references to inputs, outputs,
contexts or packed weights, on success and on every error path."""

import sys

import numpy as np
import pytest

import cnnkit

N = 300


def _counts(*objects):
    return [sys.getrefcount(o) for o in objects]


def test_inputs_outputs_and_contexts_are_not_leaked_by_successful_calls():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((1, 6, 6, 3))
    w = rng.standard_normal((3, 3, 3, 4))
    b = rng.standard_normal(4)
    y = np.empty((1, 6, 6, 4))
    ctx = cnnkit.Context(threads=1)
    packed = cnnkit.Conv2dPackedWeights(w)
    before = _counts(x, w, b, y, ctx, packed)
    for _ in range(N):
        cnnkit.conv2d_forward(x, w, b, padding="same", out=y, ctx=ctx)
        cnnkit.conv2d_forward(x, packed, b, padding=1, out=y)
        r = cnnkit.conv2d_forward(x, w, b, padding=1)
        dw, db = cnnkit.conv2d_backward_weights_bias(x, y, 3, padding=1)
        yp, idx = cnnkit.pool2d_forward(x, 2, return_indices=True)
        with ctx:
            cnnkit.relu_forward(x)
        loss, d = cnnkit.softmax_cross_entropy(np.ones((2, 3)), [0, 2])
    del r, dw, db, yp, idx, d, loss
    assert _counts(x, w, b, y, ctx, packed) == before


def test_results_hold_one_reference():
    y = cnnkit.relu_forward(np.ones(5))
    assert sys.getrefcount(y) == 2  # y, and getrefcount's argument


@pytest.mark.parametrize(
    "bad_call",
    [
        pytest.param(lambda x, out: cnnkit.relu_forward(x, out=out[:, :1]), id="out-wrong-shape"),
        pytest.param(lambda x, out: cnnkit.relu_forward(x.astype(np.float32), out=out), id="out-wrong-dtype"),
        pytest.param(lambda x, out: cnnkit.conv2d_forward(x, np.ones((9, 9, 3, 1))), id="cnnkit-geometry-error"),
        pytest.param(lambda x, out: cnnkit.conv2d_forward(x, x.astype(np.float32)), id="dtype-mix"),
        pytest.param(lambda x, out: cnnkit.pool2d_forward(x, 2, mode="mean"), id="bad-string"),
    ],
)
def test_error_paths_leak_nothing(bad_call):
    x = np.ones((1, 4, 4, 3))
    out = np.empty((1, 4, 4, 3))
    before = _counts(x, out)
    for _ in range(N):
        with pytest.raises((ValueError, TypeError)):
            bad_call(x, out)
    assert _counts(x, out) == before
