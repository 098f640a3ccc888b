"""Every op of the module against the numpy references (numpy_reference.py), float32 and float64.

Shapes are small and chosen to reach the geometry the fixtures pin less densely: odd sizes,
stride 2, asymmetric and "same"/"valid" padding, dilation, groups and depthwise. Each test also
checks the result's type, shape and dtype, and that `out=` is filled and returned as itself.
"""
from __future__ import annotations

import dataclasses
from typing import Dict, Tuple

import numpy as np
import pytest

import cnnkit
import numpy_reference as ref
from tolerance import assert_matches

DTYPES = (np.float64, np.float32)
dtype_ids = pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)


def rand(shape, dtype, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def check_array(got, expected, dtype, reduce: int = 1, what: str = "output") -> None:
    """A new ndarray of the call's dtype and the reference's shape and values."""
    assert isinstance(got, np.ndarray), f"{what}: {type(got).__name__}, expected ndarray"
    assert got.dtype == np.dtype(dtype), f"{what}: dtype {got.dtype}, expected {np.dtype(dtype)}"
    assert_matches(got, expected, dtype, reduce, what)


# ---- convolution --------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class ConvCase:
    name: str
    x: Tuple[int, int, int, int]
    w: Tuple[int, int, int, int]
    stride: object = 1
    padding: object = 0
    dilation: object = 1
    groups: int = 1

    def kwargs(self) -> Dict:
        return dict(stride=self.stride, padding=self.padding, dilation=self.dilation, groups=self.groups)

    def pads(self):
        sh, sw = ref.pair(self.stride)
        dh, dw = ref.pair(self.dilation)
        return ref.resolve_padding(self.padding, self.x[1], self.x[2], self.w[0], self.w[1], sh, sw, dh, dw)

    def reduce(self) -> int:
        return self.w[0] * self.w[1] * self.w[2] + 1


CONV_CASES = [
    ConvCase("3x3_pad1", (2, 5, 6, 3), (3, 3, 3, 4), padding=1),
    ConvCase("odd_stride2_asym_pad", (1, 7, 9, 2), (3, 2, 2, 5), stride=2, padding=(0, 2, 1, 3)),
    ConvCase("same_stride2", (2, 7, 5, 3), (4, 4, 3, 2), stride=2, padding="same"),
    ConvCase("valid_dilation2x1", (1, 9, 8, 2), (3, 3, 2, 3), padding="valid", dilation=(2, 1)),
    ConvCase("same_dilation2_stride2x1", (1, 8, 7, 2), (3, 2, 2, 3), stride=(2, 1), padding="same", dilation=2),
    ConvCase("groups2_pad_hw", (2, 6, 6, 4), (3, 3, 2, 6), padding=(1, 2), groups=2),
    ConvCase("depthwise_stride2", (1, 8, 7, 3), (3, 3, 1, 3), stride=2, padding=1, groups=3),
    ConvCase("depthwise_multiplier2", (1, 5, 5, 4), (2, 3, 1, 8), padding=(1, 0, 0, 2), groups=4),
    ConvCase("pointwise_stride2", (2, 5, 5, 3), (1, 1, 3, 4), stride=2),
]
conv_cases = pytest.mark.parametrize("case", CONV_CASES, ids=lambda c: c.name)


def conv_inputs(case: ConvCase, dtype):
    x, w = rand(case.x, dtype, 1), rand(case.w, dtype, 2)
    bias = rand((case.w[3],), dtype, 3)
    shape = cnnkit.conv2d_output_shape(case.x, case.w, **case.kwargs())
    dy = rand(shape, dtype, 4)
    return x, w, bias, dy


@dtype_ids
@conv_cases
def test_conv2d_output_shape_matches_reference(case: ConvCase, dtype) -> None:
    x, w, _, _ = conv_inputs(case, dtype)
    expected = ref.conv2d_forward(x, w, None, case.stride, case.pads(), case.dilation, case.groups).shape
    assert tuple(cnnkit.conv2d_output_shape(case.x, case.w, **case.kwargs())) == expected


@dtype_ids
@conv_cases
@pytest.mark.parametrize("with_bias", [False, True], ids=["no_bias", "bias"])
def test_conv2d_forward_matches_reference(case: ConvCase, dtype, with_bias: bool) -> None:
    x, w, bias, _ = conv_inputs(case, dtype)
    b = bias if with_bias else None
    expected = ref.conv2d_forward(x, w, b, case.stride, case.pads(), case.dilation, case.groups)
    check_array(cnnkit.conv2d_forward(x, w, b, **case.kwargs()), expected, dtype, case.reduce(), "y")


@dtype_ids
@conv_cases
def test_conv2d_forward_relu_epilogue_matches_reference(case: ConvCase, dtype) -> None:
    x, w, bias, _ = conv_inputs(case, dtype)
    expected = ref.conv2d_forward(x, w, bias, case.stride, case.pads(), case.dilation, case.groups, relu=True)
    y = cnnkit.conv2d_forward(x, w, bias, epilogue="relu", **case.kwargs())
    check_array(y, expected, dtype, case.reduce(), "y")
    assert (y >= 0).all()


@dtype_ids
@conv_cases
def test_conv2d_backward_data_matches_reference(case: ConvCase, dtype) -> None:
    x, w, _, dy = conv_inputs(case, dtype)
    expected = ref.conv2d_backward_data(dy, w, case.x, case.stride, case.pads(), case.dilation, case.groups)
    reduce = case.w[0] * case.w[1] * case.w[3]
    check_array(cnnkit.conv2d_backward_data(dy, w, case.x, **case.kwargs()), expected, dtype, reduce, "dx")


@dtype_ids
@conv_cases
def test_conv2d_backward_weights_and_bias_match_reference(case: ConvCase, dtype) -> None:
    x, w, _, dy = conv_inputs(case, dtype)
    expected_dw = ref.conv2d_backward_weights(x, dy, case.w[:2], case.stride, case.pads(), case.dilation,
                                              case.groups)
    expected_db = ref.conv2d_backward_bias(dy)
    reduce = dy.shape[0] * dy.shape[1] * dy.shape[2]
    check_array(cnnkit.conv2d_backward_weights(x, dy, case.w[:2], **case.kwargs()), expected_dw, dtype, reduce, "dw")
    check_array(cnnkit.conv2d_backward_bias(dy), expected_db, dtype, reduce, "db")
    dw, db = cnnkit.conv2d_backward_weights_bias(x, dy, case.w[:2], **case.kwargs())
    check_array(dw, expected_dw, dtype, reduce, "dw of conv2d_backward_weights_bias")
    check_array(db, expected_db, dtype, reduce, "db of conv2d_backward_weights_bias")


@dtype_ids
def test_conv2d_out_is_filled_and_returned(dtype) -> None:
    case = CONV_CASES[1]
    x, w, bias, dy = conv_inputs(case, dtype)
    y = np.full(dy.shape, np.nan, dtype)
    assert cnnkit.conv2d_forward(x, w, bias, out=y, **case.kwargs()) is y
    np.testing.assert_array_equal(y, cnnkit.conv2d_forward(x, w, bias, **case.kwargs()))
    dx = np.full(case.x, np.nan, dtype)
    assert cnnkit.conv2d_backward_data(dy, w, case.x, out=dx, **case.kwargs()) is dx
    np.testing.assert_array_equal(dx, cnnkit.conv2d_backward_data(dy, w, case.x, **case.kwargs()))
    dx2 = np.full(case.x, np.nan, dtype)
    assert cnnkit.conv2d_backward_data(dy, w, None, out=dx2, **case.kwargs()) is dx2, "input_shape=None takes out's"
    np.testing.assert_array_equal(dx2, dx)
    dw = np.full(case.w, np.nan, dtype)
    assert cnnkit.conv2d_backward_weights(x, dy, case.w[:2], out=dw, **case.kwargs()) is dw
    np.testing.assert_array_equal(dw, cnnkit.conv2d_backward_weights(x, dy, case.w[:2], **case.kwargs()))
    db = np.full((case.w[3],), np.nan, dtype)
    assert cnnkit.conv2d_backward_bias(dy, out=db) is db
    np.testing.assert_array_equal(db, cnnkit.conv2d_backward_bias(dy))
    dw2, db2 = np.empty_like(dw), np.empty_like(db)
    got = cnnkit.conv2d_backward_weights_bias(x, dy, case.w[:2], out=(dw2, db2), **case.kwargs())
    assert got[0] is dw2 and got[1] is db2


@dtype_ids
def test_conv2d_accepts_course_bias_shape(dtype) -> None:
    case = CONV_CASES[0]
    x, w, bias, _ = conv_inputs(case, dtype)
    np.testing.assert_array_equal(cnnkit.conv2d_forward(x, w, bias.reshape(1, 1, 1, -1), **case.kwargs()),
                                  cnnkit.conv2d_forward(x, w, bias, **case.kwargs()))


@dtype_ids
@pytest.mark.parametrize("case", [CONV_CASES[1], CONV_CASES[5], CONV_CASES[6]], ids=lambda c: c.name)
def test_packed_weights_give_the_plain_result(case: ConvCase, dtype) -> None:
    x, w, bias, dy = conv_inputs(case, dtype)
    packed = cnnkit.Conv2dPackedWeights(w, case.groups)
    assert tuple(packed.shape) == case.w and packed.groups == case.groups and packed.dtype == np.dtype(dtype)
    assert packed.nbytes >= w.nbytes
    np.testing.assert_array_equal(cnnkit.conv2d_forward(x, packed, bias, **case.kwargs()),
                                  cnnkit.conv2d_forward(x, w, bias, **case.kwargs()))
    np.testing.assert_array_equal(cnnkit.conv2d_forward(x, packed, bias, epilogue="relu", **case.kwargs()),
                                  cnnkit.conv2d_forward(x, w, bias, epilogue="relu", **case.kwargs()))
    packed_bwd = cnnkit.Conv2dBackwardDataPackedWeights(w, case.groups)
    assert tuple(packed_bwd.shape) == case.w and packed_bwd.groups == case.groups
    np.testing.assert_array_equal(cnnkit.conv2d_backward_data(dy, packed_bwd, case.x, **case.kwargs()),
                                  cnnkit.conv2d_backward_data(dy, w, case.x, **case.kwargs()))


def test_packed_weights_are_a_copy() -> None:
    """The object holds its own copy: changing the caller's buffer afterwards changes nothing."""
    case = CONV_CASES[0]
    x, w, _, _ = conv_inputs(case, np.float64)
    expected = cnnkit.conv2d_forward(x, w, **case.kwargs())
    packed = cnnkit.Conv2dPackedWeights(w)
    w[...] = 0
    np.testing.assert_array_equal(cnnkit.conv2d_forward(x, packed, **case.kwargs()), expected)


# ---- pooling ------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class PoolCase:
    name: str
    x: Tuple[int, int, int, int]
    kernel: object
    stride: object = None
    padding: object = 0
    ceil_mode: bool = False
    integer_values: bool = False  # values from {0, 1, 2}: many ties

    def pads(self):
        kh, kw = ref.pair(self.kernel)
        sh, sw = ref.pair(self.kernel if self.stride is None else self.stride)
        return ref.resolve_padding(self.padding, self.x[1], self.x[2], kh, kw, sh, sw)

    def kwargs(self, mode: str, count_include_pad: bool = False) -> Dict:
        return dict(kernel_size=self.kernel, stride=self.stride, mode=mode, padding=self.padding,
                    ceil_mode=self.ceil_mode, count_include_pad=count_include_pad)

    def ref_kwargs(self, mode: str, count_include_pad: bool = False) -> Dict:
        return dict(kernel=self.kernel, stride=self.stride, pads=self.pads(), mode=mode,
                    ceil_mode=self.ceil_mode, count_include_pad=count_include_pad)

    def input(self, dtype) -> np.ndarray:
        if self.integer_values:
            return np.random.default_rng(5).integers(0, 3, self.x).astype(dtype)
        return rand(self.x, dtype, 5)


POOL_CASES = [
    PoolCase("k2_default_stride", (2, 6, 6, 3), 2),
    PoolCase("k3s2_pad1_ceil_odd", (1, 7, 8, 2), 3, 2, padding=1, ceil_mode=True),
    PoolCase("k3s2_asym_pad_ceil", (2, 8, 7, 3), 3, 2, padding=(1, 2, 0, 1), ceil_mode=True),
    PoolCase("k3s2_asym_pad_ceil_drops_window", (1, 6, 7, 2), 3, 2, padding=(0, 2, 2, 1), ceil_mode=True),
    PoolCase("same_k3s2", (1, 7, 6, 2), 3, 2, padding="same"),
    PoolCase("valid_2x3_stride3x2", (1, 8, 9, 2), (2, 3), (3, 2), padding="valid"),
    PoolCase("ties_k3s1_pad1", (1, 5, 6, 2), 3, 1, padding=1, integer_values=True),
]
pool_cases = pytest.mark.parametrize("case", POOL_CASES, ids=lambda c: c.name)


@dtype_ids
@pool_cases
def test_pool2d_max_forward_and_indices_match_reference(case: PoolCase, dtype) -> None:
    x = case.input(dtype)
    expected_y, expected_idx = ref.pool2d_forward(x, **case.ref_kwargs("max"))
    assert tuple(cnnkit.pool2d_output_shape(case.x, case.kernel, case.stride, padding=case.padding,
                                            ceil_mode=case.ceil_mode)) == expected_y.shape
    check_array(cnnkit.pool2d_forward(x, **case.kwargs("max")), expected_y, dtype, 1, "y")
    y, idx = cnnkit.pool2d_forward(x, return_indices=True, **case.kwargs("max"))
    check_array(y, expected_y, dtype, 1, "y with indices")
    assert idx.dtype == np.int32 and idx.shape == expected_idx.shape
    np.testing.assert_array_equal(idx, expected_idx, err_msg="indices h * W + w of the first maximum")


@dtype_ids
@pool_cases
@pytest.mark.parametrize("count_include_pad", [False, True], ids=["exclude_pad", "include_pad"])
def test_pool2d_avg_forward_and_backward_match_reference(case: PoolCase, dtype, count_include_pad: bool) -> None:
    x = case.input(dtype)
    kw, rkw = case.kwargs("avg", count_include_pad), case.ref_kwargs("avg", count_include_pad)
    expected_y, _ = ref.pool2d_forward(x, **rkw)
    check_array(cnnkit.pool2d_forward(x, **kw), expected_y, dtype, 9, "y")
    dy = rand(expected_y.shape, dtype, 6)
    expected_dx = ref.pool2d_backward(x.shape, dy, **rkw)
    check_array(cnnkit.pool2d_backward(x, dy, **kw), expected_dx, dtype, 9, "dx")
    check_array(cnnkit.pool2d_backward(x.shape, dy, **kw), expected_dx, dtype, 9, "dx from x's shape")


@dtype_ids
@pool_cases
@pytest.mark.parametrize("ties", ["first", "all"])
def test_pool2d_max_backward_matches_reference(case: PoolCase, dtype, ties: str) -> None:
    x = case.input(dtype)
    expected_y, idx = ref.pool2d_forward(x, **case.ref_kwargs("max"))
    dy = rand(expected_y.shape, dtype, 6)
    expected_dx = ref.pool2d_backward(x, dy, ties=ties, **case.ref_kwargs("max"))
    check_array(cnnkit.pool2d_backward(x, dy, ties=ties, **case.kwargs("max")), expected_dx, dtype, 9, "dx")
    if ties == "first":
        got = cnnkit.pool2d_backward_indices(idx, dy, x.shape, case.kernel, case.stride, padding=case.padding,
                                             ceil_mode=case.ceil_mode)
        check_array(got, expected_dx, dtype, 9, "dx from indices")


@dtype_ids
@pytest.mark.parametrize("ties", ["first", "all"])
def test_pool2d_max_with_nan_matches_reference(dtype, ties: str) -> None:
    """A NaN window outputs NaN, its index is the first NaN; ties first sends dy there, ties all
    sends nothing."""
    x = rand((1, 6, 6, 2), dtype, 7)
    x[0, 0, 1, 0] = x[0, 1, 0, 0] = x[0, 3, 3, 1] = np.nan
    kw = dict(kernel_size=3, stride=2, padding=1)
    rkw = dict(kernel=3, stride=2, pads=(1, 1, 1, 1))
    expected_y, expected_idx = ref.pool2d_forward(x, **rkw)
    y, idx = cnnkit.pool2d_forward(x, return_indices=True, **kw)
    check_array(y, expected_y, dtype, 1, "y")
    np.testing.assert_array_equal(idx, expected_idx)
    dy = rand(y.shape, dtype, 8)
    check_array(cnnkit.pool2d_backward(x, dy, ties=ties, **kw), ref.pool2d_backward(x, dy, ties=ties, **rkw),
                dtype, 9, "dx")


@dtype_ids
def test_pool2d_out_is_filled_and_returned(dtype) -> None:
    case = POOL_CASES[1]
    x = case.input(dtype)
    expected_y, expected_idx = ref.pool2d_forward(x, **case.ref_kwargs("max"))
    y = np.full(expected_y.shape, np.nan, dtype)
    assert cnnkit.pool2d_forward(x, out=y, **case.kwargs("max")) is y
    check_array(y, expected_y, dtype, 1, "y")
    y2, idx = np.empty_like(y), np.full(y.shape, -1, np.int32)
    got = cnnkit.pool2d_forward(x, return_indices=True, out=(y2, idx), **case.kwargs("max"))
    assert got[0] is y2 and got[1] is idx
    np.testing.assert_array_equal(idx, expected_idx)
    dy = rand(y.shape, dtype, 6)
    dx = np.full(x.shape, np.nan, dtype)
    assert cnnkit.pool2d_backward(x, dy, out=dx, **case.kwargs("max")) is dx
    check_array(dx, ref.pool2d_backward(x, dy, **case.ref_kwargs("max")), dtype, 9, "dx")
    dx2 = np.full(x.shape, np.nan, dtype)
    assert cnnkit.pool2d_backward_indices(idx, dy, x.shape, case.kernel, case.stride, padding=case.padding,
                                          ceil_mode=case.ceil_mode, out=dx2) is dx2
    np.testing.assert_array_equal(dx2, dx)


# ---- pad, relu, dense, softmax cross-entropy, adam ------------------------------------------------

@dtype_ids
@pytest.mark.parametrize("padding,pads", [(2, (2, 2, 2, 2)), ((1, 3), (1, 1, 3, 3)), ((0, 2, 1, 0), (0, 2, 1, 0))],
                         ids=["int", "hw", "four_sided"])
@pytest.mark.parametrize("value", [0.0, -1.5])
def test_pad_matches_reference(dtype, padding, pads, value: float) -> None:
    x = rand((2, 3, 5, 2), dtype, 9)
    expected = ref.pad(x, pads, value)
    assert tuple(cnnkit.pad_output_shape(x.shape, padding)) == expected.shape
    check_array(cnnkit.pad(x, padding, value), expected, dtype, 1, "y")
    y = np.empty(expected.shape, dtype)
    assert cnnkit.pad(x, padding, value, out=y) is y
    check_array(y, expected, dtype, 1, "y given as out")


def relu_input(dtype, shape=(3, 4, 5)) -> np.ndarray:
    x = rand(shape, dtype, 10)
    flat = x.reshape(-1)
    flat[:6] = [0.0, -0.0, np.nan, np.inf, -np.inf, 1e-30]
    return x


@dtype_ids
@pytest.mark.parametrize("shape", [(7,), (3, 4, 5), (2, 3, 4, 5)], ids=["1d", "3d", "4d"])
def test_relu_forward_and_backward_match_reference(dtype, shape) -> None:
    x = relu_input(dtype, shape)
    dy = rand(shape, dtype, 11)
    y = cnnkit.relu_forward(x)
    check_array(y, ref.relu_forward(x), dtype, 1, "y")
    assert not np.signbit(y).any(), "relu_forward(-0) must be +0"
    check_array(cnnkit.relu_backward(x, dy), ref.relu_backward(x, dy), dtype, 1, "dx")


@dtype_ids
def test_relu_in_place_and_out(dtype) -> None:
    x, dy = relu_input(dtype), rand((3, 4, 5), dtype, 11)
    y = x.copy()
    assert cnnkit.relu_forward(y, out=y) is y
    check_array(y, ref.relu_forward(x), dtype, 1, "relu_forward in place")
    dx = dy.copy()
    assert cnnkit.relu_backward(x, dx, out=dx) is dx
    check_array(dx, ref.relu_backward(x, dy), dtype, 1, "relu_backward in place")
    out = np.empty_like(x)
    assert cnnkit.relu_backward(x, dy, out=out) is out
    check_array(out, ref.relu_backward(x, dy), dtype, 1, "relu_backward out")


@dtype_ids
@pytest.mark.parametrize("m,n_in,n_out", [(1, 7, 5), (4, 9, 3)])
@pytest.mark.parametrize("with_bias", [False, True], ids=["no_bias", "bias"])
def test_dense_matches_reference(dtype, m: int, n_in: int, n_out: int, with_bias: bool) -> None:
    x, w, b, dy = rand((m, n_in), dtype, 12), rand((n_in, n_out), dtype, 13), rand((n_out,), dtype, 14), \
        rand((m, n_out), dtype, 15)
    bias = b if with_bias else None
    check_array(cnnkit.dense_forward(x, w, bias), ref.dense_forward(x, w, bias), dtype, n_in + 1, "y")
    edx, edw, edb = ref.dense_backward(x, w, dy)
    check_array(cnnkit.dense_backward_data(dy, w), edx, dtype, n_out, "dx")
    check_array(cnnkit.dense_backward_weights(x, dy), edw, dtype, m, "dw")
    check_array(cnnkit.dense_backward_bias(dy), edb, dtype, m, "db")
    dx, dw, db = cnnkit.dense_backward(x, w, dy)
    check_array(dx, edx, dtype, n_out, "dx of dense_backward")
    check_array(dw, edw, dtype, m, "dw of dense_backward")
    check_array(db, edb, dtype, m, "db of dense_backward")


@dtype_ids
def test_dense_out_is_filled_and_returned(dtype) -> None:
    x, w, dy = rand((3, 4), dtype, 12), rand((4, 5), dtype, 13), rand((3, 5), dtype, 15)
    y = np.empty((3, 5), dtype)
    assert cnnkit.dense_forward(x, w, out=y) is y
    check_array(y, ref.dense_forward(x, w), dtype, 5, "y")
    outs = (np.empty((3, 4), dtype), np.empty((4, 5), dtype), np.empty((5,), dtype))
    got = cnnkit.dense_backward(x, w, dy, out=outs)
    assert all(g is o for g, o in zip(got, outs))
    edx, edw, edb = ref.dense_backward(x, w, dy)
    check_array(outs[0], edx, dtype, 5, "dx")
    check_array(outs[1], edw, dtype, 3, "dw")
    check_array(outs[2], edb, dtype, 3, "db")
    for call, shape, expected, reduce in ((lambda o: cnnkit.dense_backward_data(dy, w, out=o), (3, 4), edx, 5),
                                          (lambda o: cnnkit.dense_backward_weights(x, dy, out=o), (4, 5), edw, 3),
                                          (lambda o: cnnkit.dense_backward_bias(dy, out=o), (5,), edb, 3)):
        out = np.full(shape, np.nan, dtype)
        assert call(out) is out
        check_array(out, expected, dtype, reduce, "single dense backward output")
    dw_only = np.full((4, 5), np.nan, dtype)
    got = cnnkit.dense_backward(x, w, dy, out=(None, dw_only, None))
    assert got[1] is dw_only
    check_array(dw_only, edw, dtype, 3, "dw alone")


@dtype_ids
@pytest.mark.parametrize("labels_kind", ["index", "rows", "unnormalised_rows"])
def test_softmax_cross_entropy_matches_reference(dtype, labels_kind: str) -> None:
    m, k = 5, 7
    logits = (rand((m, k), dtype, 16) * 4).astype(dtype)
    rng = np.random.default_rng(17)
    if labels_kind == "index":
        labels = rng.integers(0, k, m).astype(np.int64)
    elif labels_kind == "rows":
        labels = rng.dirichlet(np.ones(k), m).astype(dtype)
    else:
        labels = rng.standard_normal((m, k)).astype(dtype)
    expected_loss, expected_dx = ref.softmax_cross_entropy(logits, labels)
    loss, dx = cnnkit.softmax_cross_entropy(logits, labels)
    assert isinstance(loss, float)
    assert_matches(loss, expected_loss, dtype, k, "loss")
    check_array(dx, expected_dx, dtype, k, "dlogits")
    assert cnnkit.softmax_cross_entropy(logits, labels, grad=False) == loss
    out = np.empty((m, k), dtype)
    loss2, dx2 = cnnkit.softmax_cross_entropy(logits, labels, out=out)
    assert dx2 is out and loss2 == loss
    np.testing.assert_array_equal(out, dx)


@dtype_ids
@pytest.mark.parametrize("style,weight_decay,decoupled", [
    ("pytorch", 0.0, False), ("pytorch", 0.1, False), ("pytorch", 0.05, True), ("tensorflow1", 0.0, False)],
    ids=["pytorch", "pytorch_l2", "adamw", "tensorflow1"])
def test_adam_step_matches_reference(dtype, style: str, weight_decay: float, decoupled: bool) -> None:
    shape = (3, 5)
    param, m, v = rand(shape, dtype, 18), rand(shape, dtype, 19) * 0.1, np.abs(rand(shape, dtype, 20)) * 0.01
    param, m, v = (np.ascontiguousarray(a, dtype) for a in (param, m, v))
    p_ref, m_ref, v_ref = param.copy(), m.copy(), v.copy()
    hyper = dict(lr=0.01, beta1=0.8, beta2=0.99, eps=0.1, style=style, weight_decay=weight_decay,
                 decoupled_weight_decay=decoupled)
    for step in (1, 2, 3):
        grad = rand(shape, dtype, 20 + step)
        assert cnnkit.adam_step(param, grad, m, v, step=step, **hyper) is None
        p_ref, m_ref, v_ref = ref.adam_step(p_ref, grad, m_ref, v_ref, step, **hyper)
    assert param.dtype == np.dtype(dtype)
    assert_matches(param, p_ref, dtype, 10, "param")
    assert_matches(m, m_ref, dtype, 10, "m")
    assert_matches(v, v_ref, dtype, 10, "v")


def test_adam_styles_differ_for_large_eps() -> None:
    """The two forms agree for tiny eps only; with eps 0.1 they must visibly differ."""
    results = []
    for style in ("pytorch", "tensorflow1"):
        param, m, v = np.ones(4), np.zeros(4), np.zeros(4)
        cnnkit.adam_step(param, np.full(4, 0.5), m, v, step=1, lr=0.1, eps=0.1, style=style)
        results.append(param)
    assert not np.allclose(results[0], results[1], rtol=1e-6, atol=0)


# ---- the course's helpers -----------------------------------------------------------------------

@dtype_ids
@pytest.mark.parametrize("b", [0.75, "array"])
def test_conv_single_step_matches_reference(dtype, b) -> None:
    a, w = rand((3, 3, 4), dtype, 21), rand((3, 3, 4), dtype, 22)
    bias = np.full((1, 1, 1), 0.75, dtype) if b == "array" else b
    z = cnnkit.conv_single_step(a, w, bias)
    assert isinstance(z, float)
    assert_matches(z, ref.conv_single_step(a, w, 0.75), dtype, 37, "Z")


@dtype_ids
@pytest.mark.parametrize("ties", ["first", "all"])
@pytest.mark.parametrize("window", ["random", "tied"])
def test_create_mask_from_window_matches_reference(dtype, ties: str, window: str) -> None:
    x = rand((3, 4), dtype, 23) if window == "random" else np.array([[4, 3, 1], [4, 2, 4]], dtype)
    mask = cnnkit.create_mask_from_window(x, ties=ties)
    check_array(mask, ref.create_mask_from_window(x, ties), dtype, 1, "mask")
    assert cnnkit.create_mask_from_window(x).sum() == 1, "default ties = first"
    out = np.full(x.shape, np.nan, dtype)
    assert cnnkit.create_mask_from_window(x, ties=ties, out=out) is out
    np.testing.assert_array_equal(out, mask)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, None], ids=["float64", "float32", "default"])
@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (1, 5)])
def test_distribute_value_matches_reference(dtype, shape) -> None:
    kwargs = {} if dtype is None else {"dtype": dtype}
    got = cnnkit.distribute_value(-3.0, shape, **kwargs)
    check_array(got, ref.distribute_value(-3.0, shape), dtype or np.float64, 1, "distributed value")
    out = np.full(shape, np.nan, dtype or np.float64)
    assert cnnkit.distribute_value(-3.0, shape, out=out, **kwargs) is out
    np.testing.assert_array_equal(out, got)


def test_distribute_value_without_dtype_takes_outs() -> None:
    out = np.zeros((2, 2), np.float32)
    assert cnnkit.distribute_value(1.0, (2, 2), out=out) is out
    np.testing.assert_array_equal(out, np.full((2, 2), 0.25, np.float32))
    with pytest.raises(TypeError, match="out has dtype float32; expected float64"):
        cnnkit.distribute_value(1.0, (2, 2), dtype=np.float64, out=out)


@dtype_ids
def test_flatten_is_an_nhwc_view(dtype) -> None:
    x = rand((2, 3, 4, 5), dtype, 24)
    f = cnnkit.flatten(x)
    assert f.shape == (2, 60) and f.dtype == np.dtype(dtype)
    assert np.shares_memory(f, x)
    np.testing.assert_array_equal(f, x.reshape(2, -1))


def test_same_padding_matches_reference() -> None:
    for args in [(64, 64, 4, 4), (7, 5, 3, 2, 2, 1), (8, 7, 3, 2, 2, 1, 2, 2), (5, 5, 1, 1, 2, 2)]:
        assert tuple(cnnkit.same_padding(*args)) == ref.same_padding(*args), args
    assert tuple(cnnkit.same_padding(64, 64, 4, 4)) == (1, 2, 1, 2)


# ---- every variant, forced --------------------------------------------------------------------

def variant_names(op: str, dtype) -> list:
    return [v.name for v in cnnkit.list_variants(op, np.dtype(dtype).name) if v.runnable]


def forced_variant_params():
    """(op, dtype, variant) for every runnable variant of the conv and pool ops (collected when the
    module is importable; names are stable ids so a failure says which variant broke)."""
    ops = ["conv2d_fwd", "conv2d_bwd_data", "conv2d_bwd_weights", "conv2d_bwd_bias", "pool2d_fwd",
           "pool2d_bwd", "pool2d_fwd_indices", "pool2d_bwd_indices"]
    return [pytest.param(op, dtype, name, id=f"{name}-{np.dtype(dtype).name}")
            for op in ops for dtype in DTYPES for name in variant_names(op, dtype)]


# Shapes each variant family accepts: whole SIMD vectors of channels (blocked, simd), a depthwise
# conv (depthwise), stride 1 along w with few channels (sliding and separable pooling). A variant
# must run at least one of them; it is skipped only when it declines all.
FORCED_CONVS = [
    ConvCase("forced_dense", (2, 7, 6, 8), (3, 3, 8, 16), stride=(2, 1), padding=(1, 0, 2, 1)),
    ConvCase("forced_depthwise", (2, 7, 6, 16), (3, 3, 1, 16), stride=(2, 1), padding=(1, 0, 2, 1), groups=16),
]
FORCED_POOLS = [
    PoolCase("forced_stride2", (2, 7, 8, 16), 3, 2, padding=(1, 0, 1, 1), ceil_mode=True),
    PoolCase("forced_stride1", (2, 7, 8, 4), 3, (2, 1), padding=(1, 0, 1, 1), ceil_mode=True),
    PoolCase("forced_stride1_wide", (2, 7, 8, 16), 3, 1, padding=(1, 0, 1, 1)),
]


def run_forced_conv(op: str, dtype, ctx, case: ConvCase) -> None:
    """Runs conv `op` under ctx on `case` and checks it against the reference."""
    x, w, bias, dy = conv_inputs(case, dtype)
    what = f"{op} on {case.name}"
    if op == "conv2d_fwd":
        expected = ref.conv2d_forward(x, w, bias, case.stride, case.pads(), case.dilation, case.groups)
        got = cnnkit.conv2d_forward(x, w, bias, ctx=ctx, **case.kwargs())
        check_array(got, expected, dtype, case.reduce(), what)
    elif op == "conv2d_bwd_data":
        expected = ref.conv2d_backward_data(dy, w, case.x, case.stride, case.pads(), case.dilation, case.groups)
        check_array(cnnkit.conv2d_backward_data(dy, w, case.x, ctx=ctx, **case.kwargs()), expected, dtype, 150, what)
    elif op == "conv2d_bwd_weights":
        expected = ref.conv2d_backward_weights(x, dy, case.w[:2], case.stride, case.pads(), case.dilation,
                                               case.groups)
        got = cnnkit.conv2d_backward_weights(x, dy, case.w[:2], ctx=ctx, **case.kwargs())
        check_array(got, expected, dtype, 50, what)
    elif op == "conv2d_bwd_bias":
        check_array(cnnkit.conv2d_backward_bias(dy, ctx=ctx), ref.conv2d_backward_bias(dy), dtype, 50, what)


def run_forced_pool(op: str, dtype, ctx, pool: PoolCase, mode: str) -> None:
    """Runs pool `op` under ctx on `pool` in `mode` and checks it against the reference."""
    x = pool.input(dtype)
    expected_y, expected_idx = ref.pool2d_forward(x, **pool.ref_kwargs(mode))
    dy = rand(expected_y.shape, dtype, 6)
    what = f"{op} on {pool.name} ({mode})"
    if op == "pool2d_fwd":
        check_array(cnnkit.pool2d_forward(x, ctx=ctx, **pool.kwargs(mode)), expected_y, dtype, 9, what)
    elif op == "pool2d_bwd":
        expected = ref.pool2d_backward(x, dy, **pool.ref_kwargs(mode))
        check_array(cnnkit.pool2d_backward(x, dy, ctx=ctx, **pool.kwargs(mode)), expected, dtype, 9, what)
    elif op == "pool2d_fwd_indices":
        y, idx = cnnkit.pool2d_forward(x, return_indices=True, ctx=ctx, **pool.kwargs(mode))
        check_array(y, expected_y, dtype, 1, what)
        np.testing.assert_array_equal(idx, expected_idx, err_msg=what)
    elif op == "pool2d_bwd_indices":
        got = cnnkit.pool2d_backward_indices(expected_idx, dy, x.shape, pool.kernel, pool.stride,
                                             padding=pool.padding, ceil_mode=pool.ceil_mode, ctx=ctx)
        check_array(got, ref.pool2d_backward(x, dy, **pool.ref_kwargs(mode)), dtype, 9, what)


def forced_runs(op: str):
    """(label, run(op, dtype, ctx)) for every test shape (and pooling mode) of `op`."""
    if op.startswith("conv"):
        return [(c.name, lambda o, d, ctx, c=c: run_forced_conv(o, d, ctx, c)) for c in FORCED_CONVS]
    modes = ("max", "avg") if op in ("pool2d_fwd", "pool2d_bwd") else ("max",)
    return [(f"{p.name} {m}", lambda o, d, ctx, p=p, m=m: run_forced_pool(o, d, ctx, p, m))
            for p in FORCED_POOLS for m in modes]


@pytest.mark.parametrize("op,dtype,variant", forced_variant_params())
def test_forced_variant_matches_reference(op: str, dtype, variant: str) -> None:
    ctx = cnnkit.Context(variants={op: variant})
    runs = forced_runs(op)
    declined = []
    for label, run in runs:
        try:
            run(op, dtype, ctx)
        except cnnkit.Unsupported as e:
            declined.append(f"{label}: {e}")
            continue
        ran = cnnkit.last_variant(op)
        assert ran == variant, f"forced {variant}, ran {ran} on {label}"
    if len(declined) == len(runs):
        pytest.skip(f"{variant} declines every test shape: " + "; ".join(declined))


def test_every_forcible_op_has_variants() -> None:
    for op in ("conv2d_fwd", "pool2d_fwd"):
        for dtype in DTYPES:
            names = variant_names(op, dtype)
            assert any(n.endswith(".ref") for n in names), (op, dtype, names)
