"""cnnkit.course against the repository's seed fixtures and against the course's own loops.

The fixtures (tests/data/fixtures/seeds/) pin the course's examples with the AUDIT.md bugs fixed; the
loop reference below is the course's code with the same fixes (bias once, stride-aware backward, any
pad, ties by choice), so random shapes the seeds never tried (stride 2, pad 0, n_H != n_W, windows
that leave rows unused) are checked too. float32 runs use the fixtures' float32 tolerance.
"""

from __future__ import annotations

import pathlib
from typing import Dict, Iterator, Tuple

import numpy as np
import pytest

import cnnkit
from cnnkit import course

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "fixtures" / "seeds"
DTYPES = (np.float64, np.float32)


# ---------------------------------------------------------------------------------------------
# Fixture loading and the fixtures' tolerance rule (tests/data/fixtures/README.md)


def load_case(name: str) -> Tuple[Dict[str, str], Dict[str, np.ndarray]]:
    """(params, arrays) of one seed case: params.txt's `key value` lines and every .npy file."""
    folder = SEEDS / name
    params = dict(line.split(None, 1) for line in (folder / "params.txt").read_text().splitlines() if line.strip())
    arrays = {p.stem: np.load(p) for p in folder.glob("*.npy")}
    return params, arrays


def cases(op: str) -> list:
    """Names of the MANIFEST's cases of `op`, in the MANIFEST's order."""
    lines = (SEEDS / "MANIFEST.txt").read_text().splitlines()
    return [line.split()[0] for line in lines if line.split()[1:2] == [op]]


def assert_close(got: np.ndarray, exp: np.ndarray, dtype: type, reduce: int = 1) -> None:
    """The fixtures' tolerance: 1e-10*K*(1+|exp|) in float64; 1e-4*|exp| + 1e-4*max(1, max|exp|) in float32."""
    got = np.asarray(got)
    exp = np.asarray(exp, dtype=np.float64)
    assert got.shape == exp.shape, (got.shape, exp.shape)
    assert got.dtype == np.dtype(dtype), (got.dtype, dtype)
    g = got.astype(np.float64)
    assert np.array_equal(np.isnan(g), np.isnan(exp)), "NaN positions differ"
    finite = ~np.isnan(exp)
    if dtype == np.float64:
        tol = 1e-10 * reduce * (1 + np.abs(exp))
    else:
        tol = 1e-4 * np.abs(exp) + 1e-4 * max(1.0, float(np.max(np.abs(exp), initial=0.0)))
    err = np.abs(g - exp)
    assert np.all(err[finite] <= np.broadcast_to(tol, exp.shape)[finite]), f"max |diff| {np.max(err[finite])}"


def conv_hparameters(params: Dict[str, str]) -> Dict[str, int]:
    """The course's {"stride", "pad"} from a conv2d case (which must be square and symmetric)."""
    stride, pad = int(params["stride_h"]), int(params["pad_top"])
    geometry = [params[k] for k in ("stride_w",)] + [params[f"pad_{s}"] for s in ("bottom", "left", "right")]
    if geometry != [str(stride)] + [str(pad)] * 3 or params.get("groups", "1") != "1":
        pytest.skip("not a course geometry (the course has one stride and one symmetric pad)")
    return {"stride": stride, "pad": pad}


def pool_hparameters(params: Dict[str, str]) -> Dict[str, int]:
    """The course's {"f", "stride"} from a pool2d case (square window, one stride, no padding)."""
    f, stride = int(params["kh"]), int(params["stride_h"])
    pads = {params[f"pad_{s}"] for s in ("top", "bottom", "left", "right")}
    if int(params["kw"]) != f or int(params["stride_w"]) != stride or pads != {"0"}:
        pytest.skip("not a course geometry (the course pools square windows without padding)")
    return {"f": f, "stride": stride}


def reduce_of(params: Dict[str, str], output: str) -> int:
    return int(params.get(f"reduce_{output}", "1"))


# ---------------------------------------------------------------------------------------------
# The course's loops, corrected (AUDIT #1, 2, 3, 4, 6, 8), in float64 whatever the input dtype


def windows(m: int, n_H: int, n_W: int, f: int, stride: int) -> Iterator[Tuple[int, int, int, slice, slice]]:
    """(i, h, w, rows, cols) of every output cell: its window starts at (h*stride, w*stride) (AUDIT #2)."""
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                yield i, h, w, slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)


def loop_conv_forward(A: np.ndarray, W: np.ndarray, b: np.ndarray, stride: int, pad: int) -> np.ndarray:
    m, n_H_prev, n_W_prev, _ = A.shape
    f, n_C = W.shape[0], W.shape[3]
    n_H, n_W = (n_H_prev + 2 * pad - f) // stride + 1, (n_W_prev + 2 * pad - f) // stride + 1
    A_pad = np.pad(A.astype(np.float64), ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    W64, b64 = W.astype(np.float64), b.astype(np.float64).reshape(n_C)
    Z = np.zeros((m, n_H, n_W, n_C))
    for i, h, w, rows, cols in windows(m, n_H, n_W, f, stride):
        for c in range(n_C):
            Z[i, h, w, c] = np.sum(A_pad[i, rows, cols, :] * W64[..., c]) + b64[c]  # bias once (AUDIT #1)
    return Z


def loop_conv_backward(
    dZ: np.ndarray, A: np.ndarray, W: np.ndarray, stride: int, pad: int
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    m, n_H_prev, n_W_prev, _ = A.shape
    _, n_H, n_W, n_C = dZ.shape
    A_pad = np.pad(A.astype(np.float64), ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    W64, dZ64 = W.astype(np.float64), dZ.astype(np.float64)
    dA_pad = np.zeros_like(A_pad)
    dW = np.zeros(W.shape)
    for i, h, w, rows, cols in windows(m, n_H, n_W, W.shape[0], stride):
        for c in range(n_C):
            dA_pad[i, rows, cols, :] += W64[..., c] * dZ64[i, h, w, c]
            dW[..., c] += A_pad[i, rows, cols, :] * dZ64[i, h, w, c]
    db = dZ64.sum(axis=(0, 1, 2)).reshape(1, 1, 1, n_C)
    return dA_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :], dW, db  # any pad, 0 too (AUDIT #4)


def loop_mask(x: np.ndarray, ties: str) -> np.ndarray:
    if ties == "all":
        return x == np.max(x)
    mask = np.zeros(x.shape, dtype=bool)
    mask.flat[np.argmax(x)] = True  # argmax: the first maximum (or the first NaN), row-major
    return mask


def loop_pool_forward(A: np.ndarray, f: int, stride: int, mode: str) -> np.ndarray:
    m, n_H_prev, n_W_prev, n_C = A.shape
    n_H, n_W = (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1
    out = np.zeros((m, n_H, n_W, n_C))
    for i, h, w, rows, cols in windows(m, n_H, n_W, f, stride):
        window = A[i, rows, cols, :].astype(np.float64)
        out[i, h, w] = window.max(axis=(0, 1)) if mode == "max" else window.mean(axis=(0, 1))
    return out


def loop_pool_backward(dA: np.ndarray, A: np.ndarray, f: int, stride: int, mode: str, ties: str) -> np.ndarray:
    m, _, _, n_C = A.shape
    _, n_H, n_W, _ = dA.shape
    dA_prev = np.zeros(A.shape)
    for i, h, w, rows, cols in windows(m, n_H, n_W, f, stride):
        for c in range(n_C):
            g = float(dA[i, h, w, c])  # dA at the output cell, not the window's corner (AUDIT #3)
            if mode == "max":
                dA_prev[i, rows, cols, c] += loop_mask(A[i, rows, cols, c], ties) * g
            else:
                dA_prev[i, rows, cols, c] += g / (f * f)
    return dA_prev


# ---------------------------------------------------------------------------------------------
# (1) The seed fixtures


@pytest.mark.parametrize("dtype", DTYPES)
def test_zero_pad_fixture(dtype: type) -> None:
    params, a = load_case("seed003_zero_pad")
    assert len({params[f"pad_{s}"] for s in ("top", "bottom", "left", "right")}) == 1
    assert_close(course.zero_pad(a["x"].astype(dtype), int(params["pad_top"])), a["y"], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_conv_single_step_fixture(dtype: type) -> None:
    params, a = load_case("seed002_conv_single_step")
    z = course.conv_single_step(a["x"].astype(dtype), a["w"].astype(dtype), a["b"].astype(dtype))
    assert isinstance(z, float)
    assert_close(np.asarray(z, dtype=dtype), a["y"], dtype, reduce_of(params, "y"))
    if dtype == np.float64:
        assert z == pytest.approx(-6.999089450680221, abs=1e-12)  # seed 002's printed value (AUDIT #1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", cases("conv2d"))
def test_conv_fixture(name: str, dtype: type) -> None:
    params, a = load_case(name)
    hp = conv_hparameters(params)
    x, w, b = (a[k].astype(dtype) for k in ("x", "w", "b"))
    if params.get("expect_error") == "1":
        with pytest.raises(cnnkit.InvalidArgument):
            course.conv_forward(x, w, b, hp)
        return
    Z, cache = course.conv_forward(x, w, b, hp)
    if "y" in a:
        assert_close(Z, a["y"], dtype, reduce_of(params, "y"))
    if "dy" in a:
        dA_prev, dW, db = course.conv_backward(a["dy"].astype(dtype), cache)
        assert_close(dA_prev, a["dx"], dtype, reduce_of(params, "dx"))
        assert_close(dW, a["dw"], dtype, reduce_of(params, "dw"))
        assert_close(db, a["db"].reshape(1, 1, 1, -1), dtype, reduce_of(params, "db"))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", cases("pool2d"))
def test_pool_fixture(name: str, dtype: type) -> None:
    params, a = load_case(name)
    hp = pool_hparameters(params)
    mode = {"max": "max", "avg": "average"}[params["mode"]]
    x = a["x"].astype(dtype)
    if params.get("expect_error") == "1":
        with pytest.raises(cnnkit.InvalidArgument):
            course.pool_forward(x, hp, mode)
        return
    A, cache = course.pool_forward(x, hp, mode)
    assert_close(A, a["y"], dtype, reduce_of(params, "y"))
    if "dy" in a:
        dA_prev = course.pool_backward(a["dy"].astype(dtype), cache, mode, ties=params.get("ties", "first"))
        assert_close(dA_prev, a["dx"], dtype, reduce_of(params, "dx"))


@pytest.mark.parametrize("name", cases("create_mask_from_window"))
def test_create_mask_fixture(name: str) -> None:
    params, a = load_case(name)
    mask = course.create_mask_from_window(a["x"], ties=params["ties"])
    assert mask.dtype == np.bool_
    assert np.array_equal(mask, a["y"].astype(bool))


@pytest.mark.parametrize("name", cases("distribute_value"))
def test_distribute_value_fixture(name: str) -> None:
    params, a = load_case(name)
    shape = (int(params["shape_h"]), int(params["shape_w"]))
    y = course.distribute_value(float(params["dz"]), shape)
    assert_close(y, a["y"], np.float64)


def test_every_course_fixture_is_covered() -> None:
    """A new op in the MANIFEST that this file ignores should be a decision, not an accident."""
    ops = {line.split()[1] for line in (SEEDS / "MANIFEST.txt").read_text().splitlines() if line.strip()}
    covered = {"zero_pad", "conv_single_step", "conv2d", "pool2d", "create_mask_from_window", "distribute_value"}
    assert ops - covered == {"convnet_tf"}  # the ConvNet is examples/python/convnet_forward.py's
    assert len(cases("conv2d")) >= 6 and len(cases("pool2d")) >= 14


# ---------------------------------------------------------------------------------------------
# (2) The corrected course loops, on shapes the seeds do not cover

# (m, n_H_prev, n_W_prev, n_C_prev, f, n_C, stride, pad)
CONV_SHAPES = [
    (10, 4, 4, 3, 2, 8, 2, 2),  # the course's stride-2 example
    (2, 5, 7, 3, 3, 4, 1, 0),  # pad 0 (AUDIT #4), n_H != n_W
    (2, 7, 6, 2, 3, 5, 2, 0),  # stride 2, pad 0, the last row of the input unused
    (1, 6, 9, 4, 2, 3, 3, 1),  # stride 3, pad 1, columns left over
    (3, 3, 3, 1, 3, 2, 1, 1),  # a SAME-like 3x3 on a tiny image
]


def rng_arrays(seed: int, *shapes: Tuple[int, ...]) -> list:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s) for s in shapes]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", CONV_SHAPES)
def test_conv_against_loops(shape: Tuple[int, ...], dtype: type) -> None:
    m, h, w, c_prev, f, c, stride, pad = shape
    A, W, b = (x.astype(dtype) for x in rng_arrays(7, (m, h, w, c_prev), (f, f, c_prev, c), (1, 1, 1, c)))
    hp = {"stride": stride, "pad": pad}
    Z, cache = course.conv_forward(A, W, b, hp)
    assert_close(Z, loop_conv_forward(A, W, b, stride, pad), dtype, f * f * c_prev + 1)
    (dZ,) = rng_arrays(8, Z.shape)
    dZ = dZ.astype(dtype)
    dA_prev, dW, db = course.conv_backward(dZ, cache)
    ref_dA, ref_dW, ref_db = loop_conv_backward(dZ, A, W, stride, pad)
    n_out = Z.shape[0] * Z.shape[1] * Z.shape[2]
    assert_close(dA_prev, ref_dA, dtype, f * f * c)
    assert_close(dW, ref_dW, dtype, n_out)
    assert_close(db, ref_db, dtype, n_out)


# (m, n_H_prev, n_W_prev, n_C, f, stride)
POOL_SHAPES = [
    (2, 4, 4, 3, 3, 2),  # the course's example
    (5, 5, 3, 2, 2, 2),  # stride 2 (AUDIT #2, #3)
    (2, 7, 5, 3, 3, 3),  # stride 3, n_H != n_W, rows left over
    (1, 6, 6, 4, 2, 1),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", ["max", "average", "avg"])
@pytest.mark.parametrize("shape", POOL_SHAPES)
def test_pool_against_loops(shape: Tuple[int, ...], mode: str, dtype: type) -> None:
    m, h, w, c, f, stride = shape
    A = rng_arrays(3, (m, h, w, c))[0].astype(dtype)
    hp = {"f": f, "stride": stride}
    ref_mode = "max" if mode == "max" else "avg"
    out, cache = course.pool_forward(A, hp, mode)
    assert_close(out, loop_pool_forward(A, f, stride, ref_mode), dtype, f * f)
    dA = rng_arrays(4, out.shape)[0].astype(dtype)
    for ties in ("first", "all"):
        dA_prev = course.pool_backward(dA, cache, mode, ties=ties)
        assert_close(dA_prev, loop_pool_backward(dA, A, f, stride, ref_mode, ties), dtype, f * f)


@pytest.mark.parametrize("ties", ["first", "all"])
def test_pool_backward_ties_after_relu(ties: str) -> None:
    """All-zero windows after a ReLU: "first" conserves the gradient's sum, "all" is the course's (AUDIT #6)."""
    A = np.maximum(rng_arrays(5, (3, 6, 6, 2))[0], 0.0)
    hp = {"f": 2, "stride": 1}
    out, cache = course.pool_forward(A, hp)
    dA = rng_arrays(6, out.shape)[0]
    dA_prev = course.pool_backward(dA, cache, ties=ties)
    assert_close(dA_prev, loop_pool_backward(dA, A, 2, 1, "max", ties), np.float64, 4)
    if ties == "first":
        assert dA_prev.sum() == pytest.approx(dA.sum())


def test_pool_backward_default_is_max_ties_first() -> None:
    params, a = load_case("seed_bug_pool_backward_ties_relu_first")
    _, cache = course.pool_forward(a["x"], pool_hparameters(params))
    assert_close(course.pool_backward(a["dy"], cache), a["dx"], np.float64, 4)


def test_create_mask_against_course_mask() -> None:
    for x in rng_arrays(9, (2, 3), (3, 3), (4, 2)) + [np.array([[4.0, 3.0], [4.0, 2.0]]), np.zeros((2, 2))]:
        assert np.array_equal(course.create_mask_from_window(x, ties="all"), x == np.max(x))
        first = course.create_mask_from_window(x)
        assert first.sum() == 1 and first.flat[np.argmax(x)]


def test_nan_window() -> None:
    """AUDIT #7: a NaN wins the max; ties="first" sends dy to it; the course's mask (ties="all") drops it."""
    x = np.array([[1.0, np.nan], [3.0, np.nan]])
    assert np.array_equal(course.create_mask_from_window(x), [[False, True], [False, False]])
    assert not course.create_mask_from_window(x, ties="all").any()
    A = x.reshape(1, 2, 2, 1)
    out, cache = course.pool_forward(A, {"f": 2, "stride": 1})
    assert np.isnan(out).all()
    dA_prev = course.pool_backward(np.ones_like(out), cache)
    assert np.array_equal(dA_prev.reshape(2, 2), [[0.0, 1.0], [0.0, 0.0]])


def test_distribute_value_matches_course() -> None:
    for dz, shape in [(2.0, (2, 2)), (-3, (2, 3)), (7.5, (1, 5))]:
        y = course.distribute_value(dz, shape)
        assert y.dtype == np.float64 and y.shape == shape
        assert np.array_equal(y, np.ones(shape) * (dz / (shape[0] * shape[1])))


def test_conv_single_step_against_loop() -> None:
    a, W, b = rng_arrays(2, (3, 3, 4), (3, 3, 4), (1, 1, 1))
    assert course.conv_single_step(a, W, b) == pytest.approx(float(np.sum(a * W) + b.item()), rel=1e-13)
    a32, W32, b32 = (x.astype(np.float32) for x in (a, W, b))
    assert course.conv_single_step(a32, W32, b32) == pytest.approx(float(np.sum(a * W) + b.item()), rel=1e-4)


@pytest.mark.parametrize("pad", [0, 1, 3])
def test_zero_pad_against_np_pad(pad: int) -> None:
    for dtype in DTYPES:
        X = rng_arrays(1, (2, 3, 5, 2))[0].astype(dtype)
        Y = course.zero_pad(X, pad)
        assert Y.dtype == dtype
        assert np.array_equal(Y, np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0))))


# ---------------------------------------------------------------------------------------------
# Caches, dtypes, integer images


def test_caches_hold_the_callers_objects() -> None:
    A, W, b = rng_arrays(11, (2, 5, 5, 3), (3, 3, 3, 4), (1, 1, 1, 4))
    hp = {"stride": 1, "pad": 1}
    _, cache = course.conv_forward(A, W, b, hp)
    assert len(cache) == 4
    assert cache[0] is A and cache[1] is W and cache[2] is b and cache[3] is hp
    pool_hp = {"f": 2, "stride": 2}
    _, pool_cache = course.pool_forward(A, pool_hp, "average")
    assert len(pool_cache) == 2 and pool_cache[0] is A and pool_cache[1] is pool_hp


def test_outputs_keep_the_inputs_dtype() -> None:
    for dtype in DTYPES:
        A, W, b = (x.astype(dtype) for x in rng_arrays(12, (1, 4, 4, 2), (2, 2, 2, 3), (1, 1, 1, 3)))
        Z, cache = course.conv_forward(A, W, b, {"stride": 1, "pad": 0})
        assert Z.dtype == dtype
        assert all(g.dtype == dtype for g in course.conv_backward(Z, cache))
        P, pcache = course.pool_forward(A, {"f": 2, "stride": 2})
        assert P.dtype == dtype and course.pool_backward(P, pcache).dtype == dtype


def test_integer_image_gives_float_gradients() -> None:
    """AUDIT #9: the course's np.zeros_like(A_prev) made an integer image's gradient integer."""
    A = np.random.default_rng(13).integers(0, 256, size=(2, 6, 6, 3), dtype=np.uint8)
    W, b = rng_arrays(14, (3, 3, 3, 2), (1, 1, 1, 2))
    hp = {"stride": 2, "pad": 1}
    Z, cache = course.conv_forward(A, W, b, hp)
    assert Z.dtype == np.float64
    assert_close(Z, loop_conv_forward(A, W, b, 2, 1), np.float64, 28)
    dA_prev, dW, db = course.conv_backward(np.ones_like(Z), cache)
    ref = loop_conv_backward(np.ones_like(Z), A, W, 2, 1)
    for got, exp in zip((dA_prev, dW, db), ref):
        assert got.dtype == np.float64
        assert_close(got, exp, np.float64, 64)
    for mode in ("max", "average"):
        out, pcache = course.pool_forward(A, {"f": 2, "stride": 2}, mode)
        dA = np.full(out.shape, 0.5)
        grad = course.pool_backward(dA, pcache, mode)
        assert grad.dtype == np.float64
        ref_mode = "max" if mode == "max" else "avg"
        assert_close(grad, loop_pool_backward(dA, A, 2, 2, ref_mode, "first"), np.float64, 4)


# ---------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize("mode", ["MAX", "mean", "", "averge", None])
def test_unknown_mode_is_an_error(mode: object) -> None:
    """AUDIT #5: the course silently returned zeros for an unknown mode string."""
    A = np.ones((1, 4, 4, 1))
    with pytest.raises(ValueError, match="mode"):
        course.pool_forward(A, {"f": 2, "stride": 2}, mode)  # type: ignore[arg-type]
    out, cache = course.pool_forward(A, {"f": 2, "stride": 2})
    with pytest.raises(ValueError, match="mode"):
        course.pool_backward(out, cache, mode)  # type: ignore[arg-type]


def test_unknown_ties_is_an_error() -> None:
    A = np.ones((1, 4, 4, 1))
    out, cache = course.pool_forward(A, {"f": 2, "stride": 2})
    with pytest.raises(ValueError, match="ties"):
        course.pool_backward(out, cache, ties="last")
    with pytest.raises(ValueError, match="ties"):
        course.create_mask_from_window(np.eye(2), ties="any")


def test_kernel_larger_than_input_is_an_error() -> None:
    """AUDIT #8: the course truncated (int()) to an empty or wrong output."""
    A = np.ones((1, 3, 3, 1))
    with pytest.raises(cnnkit.InvalidArgument):
        course.conv_forward(A, np.ones((5, 5, 1, 1)), np.zeros((1, 1, 1, 1)), {"stride": 3, "pad": 0})
    with pytest.raises(ValueError):  # InvalidArgument is a ValueError
        course.pool_forward(A, {"f": 5, "stride": 3})
    # With enough padding the same kernel fits.
    Z, _ = course.conv_forward(A, np.ones((5, 5, 1, 1)), np.zeros((1, 1, 1, 1)), {"stride": 3, "pad": 1})
    assert Z.shape == (1, 1, 1, 1) and Z.item() == 9.0


def test_channel_mismatch_is_an_error() -> None:
    with pytest.raises(cnnkit.InvalidArgument):
        course.conv_forward(np.ones((1, 4, 4, 3)), np.ones((2, 2, 2, 1)), np.zeros((1, 1, 1, 1)), {"stride": 1, "pad": 0})


def test_missing_hparameter_is_an_error() -> None:
    with pytest.raises(ValueError, match="pad"):
        course.conv_forward(np.ones((1, 4, 4, 1)), np.ones((2, 2, 1, 1)), np.zeros((1, 1, 1, 1)), {"stride": 1})
    with pytest.raises(ValueError, match="'f'"):
        course.pool_forward(np.ones((1, 4, 4, 1)), {"stride": 1})


def test_mixed_dtypes_are_refused() -> None:
    """A float32 image with the course's float64 weights: a TypeError, not a silent downcast or copy."""
    A = np.ones((1, 4, 4, 3), np.float32)
    with pytest.raises(TypeError, match="float"):
        course.conv_forward(A, np.ones((2, 2, 3, 2)), np.zeros((1, 1, 1, 2)), {"stride": 1, "pad": 0})


def test_strided_views_work_and_stay_in_the_cache() -> None:
    """A slice (not C-contiguous) is copied for the op, but the cache still holds the caller's view."""
    big, W, b = rng_arrays(15, (2, 8, 6, 3), (2, 2, 3, 2), (1, 1, 1, 2))
    A = big[:, ::2]
    hp = {"stride": 1, "pad": 1}
    Z, cache = course.conv_forward(A, W, b, hp)
    assert cache[0] is A
    assert_close(Z, loop_conv_forward(A, W, b, 1, 1), np.float64, 13)
    dA_prev, dW, db = course.conv_backward(Z, cache)
    for got, exp in zip((dA_prev, dW, db), loop_conv_backward(Z, A, W, 1, 1)):
        assert_close(got, exp, np.float64, 64)
