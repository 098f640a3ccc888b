"""Every error path of the binding (python/README.md, "Arrays" and "Errors"), and the conversion
rules that are not errors.

A wrong call must raise the documented exception with a message naming the argument, before any
output is written; a conversion the README documents (non-contiguous copy, safe integer cast,
Python lists) must give the same numbers as the direct call.
"""
from __future__ import annotations

import re
from typing import Callable

import numpy as np
import pytest

import cnnkit
import numpy_reference as ref

F32, F64 = np.float32, np.float64


def names(excinfo, *arguments: str) -> None:
    """The exception's message names every one of `arguments` (as a whole word)."""
    message = str(excinfo.value)
    for a in arguments:
        assert re.search(rf"(?<!\w){re.escape(a)}(?!\w)", message), f"message does not name {a!r}: {message}"


def conv_args(dtype=F64):
    rng = np.random.default_rng(0)
    return rng.standard_normal((1, 5, 5, 2)).astype(dtype), rng.standard_normal((3, 3, 2, 4)).astype(dtype)


def dense_args(dtype=F64):
    rng = np.random.default_rng(1)
    return rng.standard_normal((3, 4)).astype(dtype), rng.standard_normal((4, 4)).astype(dtype)


def adam_args(dtype=F64):
    return np.ones(6, dtype), np.full(6, 0.5, dtype), np.zeros(6, dtype), np.zeros(6, dtype)


# ---- dtypes ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [np.float16, np.complex128, np.longdouble, object],
                         ids=["float16", "complex128", "longdouble", "object"])
def test_unsupported_dtype_is_a_type_error_naming_the_argument(bad) -> None:
    x, _ = dense_args()
    dy = np.ones((3, 4), dtype=bad)
    with pytest.raises(TypeError) as e:
        cnnkit.relu_backward(x, dy)
    names(e, "dy")
    with pytest.raises(TypeError) as e:
        cnnkit.relu_forward(np.ones((3, 4), dtype=bad))
    names(e, "x")


def test_distribute_value_of_unsupported_dtype_is_a_type_error() -> None:
    with pytest.raises(TypeError) as e:
        cnnkit.distribute_value(1.0, (2, 2), dtype=np.float16)
    names(e, "dtype")


def test_int64_to_float32_is_a_type_error() -> None:
    x, _ = dense_args(F32)
    with pytest.raises(TypeError) as e:
        cnnkit.relu_backward(x, np.ones((3, 4), np.int64))
    names(e, "dy")


def test_mixing_float32_and_float64_names_both_arguments() -> None:
    x, w = dense_args(F32)
    with pytest.raises(TypeError) as e:
        cnnkit.dense_forward(x, w.astype(F64))
    names(e, "x", "w")
    cx, cw = conv_args(F64)
    with pytest.raises(TypeError) as e:
        cnnkit.conv2d_forward(cx, cw, np.zeros(4, F32))
    names(e, "bias")


def test_float32_input_with_float64_out_is_refused() -> None:
    x, _ = dense_args(F32)
    with pytest.raises(TypeError) as e:
        cnnkit.relu_forward(x, out=np.empty((3, 4), F64))
    names(e, "out")


# ---- shapes ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("call,argument", [
    (lambda: cnnkit.conv2d_forward(np.ones((5, 5, 2)), conv_args()[1]), "x"),
    (lambda: cnnkit.conv2d_forward(conv_args()[0], np.ones((3, 3, 2))), "w"),
    (lambda: cnnkit.conv2d_forward(conv_args()[0], np.ones((3, 3, 3, 4))), "w"),
    (lambda: cnnkit.conv2d_forward(*conv_args(), np.zeros(5)), "bias"),
    (lambda: cnnkit.conv2d_backward_data(np.ones((1, 3, 3, 5)), conv_args()[1], (1, 5, 5, 2)), "dy"),
    (lambda: cnnkit.conv2d_backward_weights(conv_args()[0], np.ones((1, 4, 3, 4)), 3), "dy"),
    (lambda: cnnkit.pool2d_forward(np.ones((4, 4)), 2), "x"),
    (lambda: cnnkit.pool2d_backward(np.ones((1, 4, 4, 2)), np.ones((1, 3, 2, 2)), 2), "dy"),
    (lambda: cnnkit.relu_backward(np.ones((3, 4)), np.ones((4, 3))), "dy"),
    (lambda: cnnkit.dense_forward(np.ones((3, 4)), np.ones((5, 2))), "w"),
    (lambda: cnnkit.dense_forward(np.ones(4), np.ones((4, 2))), "x"),
    (lambda: cnnkit.dense_forward(np.ones((3, 4)), np.ones((4, 2)), np.ones(3)), "bias"),
    (lambda: cnnkit.dense_backward_data(np.ones((3, 2)), np.ones((4, 3))), "w"),
    (lambda: cnnkit.softmax_cross_entropy(np.ones((3, 4)), np.ones((3, 5))), "labels"),
    (lambda: cnnkit.softmax_cross_entropy(np.ones((3, 4)), np.array([0, 4, 1])), "labels"),
    (lambda: cnnkit.softmax_cross_entropy(np.ones((3, 4)), np.array([0, -1, 1])), "labels"),
    (lambda: cnnkit.adam_step(np.ones(6), np.ones(5), np.zeros(6), np.zeros(6), step=1), "grad"),
    (lambda: cnnkit.adam_step(*adam_args(), step=0), "step"),
    (lambda: cnnkit.adam_step(*adam_args(), step=1, beta1=1.0), "beta1"),
    (lambda: cnnkit.adam_step(*adam_args(), step=1, lr=-1.0), "lr"),
    (lambda: cnnkit.adam_step(*adam_args(), step=1, style="tensorflow1", weight_decay=0.1), "weight_decay"),
    (lambda: cnnkit.conv_single_step(np.ones((3, 3, 2)), np.ones((3, 3, 3)), 0.0), "w"),
    (lambda: cnnkit.conv_single_step(np.ones((3, 3, 2)), np.ones((3, 3, 2)), np.ones((1, 1, 2))), "b"),
    (lambda: cnnkit.create_mask_from_window(np.ones((2, 2, 2))), "x"),
    (lambda: cnnkit.flatten(np.ones((2, 3, 4))), "x"),
    (lambda: cnnkit.flatten(np.ones((2, 3, 4, 6))[..., ::2]), "x"),
    (lambda: cnnkit.pool2d_forward(np.ones((1, 4, 4, 1)), 2, mode="avg", return_indices=True), "mode"),
    (lambda: cnnkit.pool2d_backward_indices(np.full((1, 2, 2, 1), 15, np.int32), np.ones((1, 2, 2, 1)),
                                            (1, 4, 4, 1), 2), "indices"),
], ids=["conv_x_rank3", "conv_w_rank3", "conv_w_channels", "conv_bias_length", "conv_bwd_data_dy_shape",
        "conv_bwd_weights_dy_shape", "pool_x_rank2", "pool_bwd_dy_shape", "relu_dy_shape", "dense_w_rows",
        "dense_x_rank1", "dense_bias_length", "dense_bwd_data_w_cols", "xent_label_rows_shape",
        "xent_label_index_too_large", "xent_label_index_negative", "adam_grad_length", "adam_step_zero",
        "adam_beta1_one", "adam_negative_lr", "adam_tf1_weight_decay", "conv_single_step_w_shape",
        "conv_single_step_two_biases", "mask_rank3", "flatten_rank3", "flatten_not_contiguous_no_view", "indices_with_avg", "indices_outside_window"])
def test_bad_argument_is_invalid_argument_naming_it(call: Callable, argument: str) -> None:
    with pytest.raises(cnnkit.InvalidArgument) as e:
        call()
    assert isinstance(e.value, ValueError)
    names(e, argument)


# ---- parameters: strings, strides, geometry --------------------------------------------------------

@pytest.mark.parametrize("call,argument", [
    (lambda: cnnkit.pool2d_forward(np.ones((1, 4, 4, 1)), 2, mode="average"), "mode"),
    (lambda: cnnkit.pool2d_backward(np.ones((1, 4, 4, 1)), np.ones((1, 2, 2, 1)), 2, mode="max", ties="last"),
     "ties"),
    (lambda: cnnkit.create_mask_from_window(np.ones((2, 2)), ties="any"), "ties"),
    (lambda: cnnkit.adam_step(*adam_args(), step=1, style="keras"), "style"),
    (lambda: cnnkit.conv2d_forward(*conv_args(), padding="full"), "padding"),
    (lambda: cnnkit.pool2d_forward(np.ones((1, 4, 4, 1)), 2, padding="SAMEish"), "padding"),
    (lambda: cnnkit.conv2d_forward(*conv_args(), epilogue="sigmoid"), "epilogue"),
], ids=["pool_mode", "pool_ties", "mask_ties", "adam_style", "conv_padding", "pool_padding", "conv_epilogue"])
def test_bad_string_is_refused_naming_the_parameter(call: Callable, argument: str) -> None:
    with pytest.raises(cnnkit.InvalidArgument) as e:
        call()
    names(e, argument)


@pytest.mark.parametrize("kwargs", [dict(stride=0), dict(stride=-1), dict(stride=(1, 0)), dict(dilation=0),
                                    dict(groups=0), dict(groups=3), dict(padding=-1)],
                         ids=["stride0", "stride_negative", "stride_w0", "dilation0", "groups0",
                              "groups_not_dividing", "padding_negative"])
def test_conv_bad_parameter_is_invalid_argument(kwargs) -> None:
    x, w = conv_args()
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_forward(x, w, **kwargs)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_output_shape(x.shape, w.shape, **kwargs)


@pytest.mark.parametrize("kwargs", [dict(stride=0), dict(stride=-2), dict(kernel_size=0), dict(padding=2),
                                    dict(padding=(0, 0, 0, 2))],
                         ids=["stride0", "stride_negative", "kernel0", "pad_equal_kernel", "right_pad_equal_kernel"])
def test_pool_bad_parameter_is_invalid_argument(kwargs) -> None:
    args = dict(kernel_size=2, stride=None, padding=0)
    args.update(kwargs)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.pool2d_forward(np.ones((1, 6, 6, 1)), **args)


def test_kernel_larger_than_padded_input_is_refused() -> None:
    x = np.ones((1, 3, 3, 1))
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_forward(x, np.ones((5, 5, 1, 1)), stride=3)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_forward(x, np.ones((3, 3, 1, 1)), dilation=2)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.pool2d_forward(x, 5, 3)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.pool2d_output_shape(x.shape, 5, 3)
    # padding that makes the kernel fit is fine
    assert cnnkit.conv2d_forward(x, np.ones((5, 5, 1, 1)), padding=1).shape == (1, 1, 1, 1)


def test_packed_weights_with_other_groups_are_refused() -> None:
    x = np.ones((1, 5, 5, 4))
    packed = cnnkit.Conv2dPackedWeights(np.ones((3, 3, 2, 4)), 2)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_forward(x, packed, groups=1)


# ---- out= -----------------------------------------------------------------------------------------

def test_out_of_wrong_dtype_is_a_type_error_naming_out() -> None:
    x, w = dense_args()
    with pytest.raises(TypeError) as e:
        cnnkit.dense_forward(x, w, out=np.empty((3, 4), F32))
    names(e, "out")


@pytest.mark.parametrize("make_out", [
    lambda: np.empty((3, 5)),
    lambda: np.empty((12,)),
    lambda: np.empty((4, 3)).T,
    lambda: np.empty((3, 8))[:, ::2],
], ids=["wrong_shape", "flat", "transposed", "strided"])
def test_out_of_wrong_shape_or_layout_is_refused(make_out) -> None:
    x, w = dense_args()
    out = make_out()
    with pytest.raises(cnnkit.InvalidArgument) as e:
        cnnkit.dense_forward(x, w, out=out)
    names(e, "out")


def test_read_only_out_is_refused() -> None:
    x, w = dense_args()
    out = np.zeros((3, 4))
    out.flags.writeable = False
    with pytest.raises(cnnkit.InvalidArgument) as e:
        cnnkit.dense_forward(x, w, out=out)
    names(e, "out")
    assert (out == 0).all()


def test_out_that_is_not_an_array_is_a_type_error() -> None:
    x, w = dense_args()
    with pytest.raises(TypeError) as e:
        cnnkit.dense_forward(x, w, out=[[0.0] * 4] * 3)
    names(e, "out")


def test_out_aliasing_an_input_is_refused() -> None:
    x, w = dense_args()  # y has x's shape (3, 4) and w's (4, 4) is square
    for out in (x, w[:3]):
        before = out.copy()
        with pytest.raises(cnnkit.InvalidArgument) as e:
            cnnkit.dense_forward(x, w, out=out)
        names(e, "out")
        np.testing.assert_array_equal(out, before)


def test_out_partially_overlapping_an_input_is_refused() -> None:
    buffer = np.arange(30, dtype=F64)
    x = buffer[:12].reshape(3, 4)
    out = buffer[8:20].reshape(3, 4)
    before = buffer.copy()
    with pytest.raises(cnnkit.InvalidArgument) as e:
        cnnkit.dense_forward(x, np.eye(4), out=out)
    names(e, "out")
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.relu_forward(x, out=out)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.relu_forward(buffer[:-1], out=buffer[1:])
    np.testing.assert_array_equal(buffer, before)


def test_conv_out_overlapping_input_is_refused() -> None:
    buffer = np.random.default_rng(2).standard_normal(200)
    x = buffer[:50].reshape(1, 5, 5, 2)
    w = np.ones((1, 1, 2, 2))
    with pytest.raises(cnnkit.InvalidArgument) as e:
        cnnkit.conv2d_forward(x, w, out=buffer[40:90].reshape(1, 5, 5, 2))
    names(e, "out")
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_forward(x, w, out=x)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.pool2d_backward(x, np.ones((1, 5, 5, 2)), 1, out=x)


def test_in_place_only_where_documented() -> None:
    x = np.linspace(-1, 1, 12).reshape(3, 4)
    dy = np.ones((3, 4))
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.relu_backward(x, dy, out=x)  # documented in place is out=dy only
    expected = ref.relu_backward(x, dy)
    assert cnnkit.relu_backward(x, dy, out=dy) is dy
    np.testing.assert_array_equal(dy, expected)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.dense_backward_bias(dy, out=dy[0])  # not an in-place op


def test_combined_outputs_overlapping_inputs_are_refused() -> None:
    x, w = dense_args()
    dy = np.ones((3, 4))
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.dense_backward(x, w, dy, out=(dy, None, None))
    cx, cw = conv_args()
    cdy = np.ones((1, 3, 3, 4))
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_backward_weights_bias(cx, cdy, 3, out=(np.empty((3, 3, 2, 4)), cdy[0, 0, 0]))


# ---- adam's in-place arrays ------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["param", "m", "v"])
def test_adam_state_must_be_writable_contiguous_of_the_dtype(which: str) -> None:
    index = {"param": 0, "m": 2, "v": 3}[which]
    strided = list(adam_args())
    strided[index] = np.zeros(12)[::2]
    with pytest.raises(cnnkit.InvalidArgument) as e:
        cnnkit.adam_step(*strided, step=1)
    names(e, which)
    read_only = list(adam_args())
    read_only[index] = read_only[index].copy()
    read_only[index].flags.writeable = False
    with pytest.raises(cnnkit.InvalidArgument) as e:
        cnnkit.adam_step(*read_only, step=1)
    names(e, which)
    wrong_dtype = list(adam_args())
    wrong_dtype[index] = wrong_dtype[index].astype(F32)
    with pytest.raises(TypeError) as e:
        cnnkit.adam_step(*wrong_dtype, step=1)
    names(e, which)
    as_list = list(adam_args())
    as_list[index] = as_list[index].tolist()  # a copy would lose the update
    with pytest.raises(TypeError) as e:
        cnnkit.adam_step(*as_list, step=1)
    names(e, which)


def test_adam_state_aliasing_is_refused() -> None:
    param, grad, m, _ = adam_args()
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.adam_step(param, grad, m, m, step=1)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.adam_step(param, param, m, np.zeros(6), step=1)
    assert (param == 1).all() and (m == 0).all()


# ---- outputs untouched when a call raises -----------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda out: cnnkit.conv2d_forward(np.ones((1, 5, 5, 2)), np.ones((3, 3, 3, 4)), out=out),
    lambda out: cnnkit.conv2d_forward(np.ones((1, 5, 5, 2)), np.ones((3, 3, 2, 4)), stride=0, out=out),
    lambda out: cnnkit.conv2d_forward(np.ones((1, 5, 5, 2)), np.ones((3, 3, 2, 4)), np.ones(3), out=out),
    lambda out: cnnkit.pool2d_forward(np.ones((1, 6, 6, 4)), 2, mode="average", out=out),
    lambda out: cnnkit.pool2d_forward(np.ones((1, 6, 6, 4)), 2, padding=2, out=out),
    lambda out: cnnkit.pool2d_backward(np.ones((1, 6, 6, 4)), np.ones((1, 3, 3, 4)), 2, ties="x",
                                       out=np.full((1, 6, 6, 4), 7.0)),
], ids=["conv_bad_w", "conv_stride0", "conv_bad_bias", "pool_bad_mode", "pool_pad_too_large", "pool_bwd_bad_ties"])
def test_outputs_are_untouched_when_a_call_raises(call) -> None:
    out = np.full((1, 3, 3, 4), 7.0)
    with pytest.raises((ValueError, TypeError)):
        call(out)
    assert (out == 7.0).all(), "a rejected call wrote to out"


def test_adam_state_untouched_when_a_call_raises() -> None:
    param, grad, m, v = adam_args()
    m[:] = 0.25
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.adam_step(param, grad, m, v, step=1, eps=-1.0)
    assert (param == 1).all() and (m == 0.25).all() and (v == 0).all()


# ---- conversions that are not errors --------------------------------------------------------------

@pytest.mark.parametrize("dtype", [F64, F32], ids=["float64", "float32"])
def test_non_contiguous_inputs_give_the_contiguous_result(dtype) -> None:
    x, w = conv_args(dtype)
    big = np.zeros((1, 10, 5, 4), dtype)
    big[:, ::2, :, 1:3] = x
    view = big[:, ::2, :, 1:3]
    assert not view.flags.c_contiguous
    np.testing.assert_array_equal(cnnkit.conv2d_forward(view, w, padding=1), cnnkit.conv2d_forward(x, w, padding=1))
    np.testing.assert_array_equal(cnnkit.pool2d_forward(view, 2), cnnkit.pool2d_forward(x, 2))
    dx, dw = dense_args(dtype)
    np.testing.assert_array_equal(cnnkit.dense_forward(dx, dw.T), cnnkit.dense_forward(dx, np.ascontiguousarray(dw.T)))
    np.testing.assert_array_equal(cnnkit.relu_forward(dx[:, ::-1]), ref.relu_forward(dx[:, ::-1]).astype(dtype))


def test_uint8_image_to_a_float32_op_is_converted() -> None:
    image = np.random.default_rng(3).integers(0, 256, (1, 6, 6, 3)).astype(np.uint8)
    w = np.random.default_rng(4).standard_normal((3, 3, 3, 2)).astype(F32)
    y = cnnkit.conv2d_forward(image, w)
    assert y.dtype == F32
    np.testing.assert_array_equal(y, cnnkit.conv2d_forward(image.astype(F32), w))
    pooled = cnnkit.pool2d_forward(image, 2, out=np.empty((1, 3, 3, 3), F32))
    np.testing.assert_array_equal(pooled, cnnkit.pool2d_forward(image.astype(F32), 2))


def test_int32_to_float64_and_bool_are_converted() -> None:
    x = np.arange(-6, 6, dtype=np.int32).reshape(3, 4)
    y = cnnkit.relu_forward(x)
    assert y.dtype == F64
    np.testing.assert_array_equal(y, np.maximum(x, 0).astype(F64))
    mask = np.array([[True, False], [False, True]])
    np.testing.assert_array_equal(cnnkit.relu_forward(mask), mask.astype(F64))


def test_python_lists_work() -> None:
    y = cnnkit.relu_forward([-2.0, -1.0, 0.0, 1.0, 2.0])
    assert isinstance(y, np.ndarray) and y.dtype == F64
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 2])
    out = np.empty(3, F32)
    assert cnnkit.relu_forward([-1, 0, 3], out=out) is out
    np.testing.assert_array_equal(out, [0, 0, 3])
    z = cnnkit.dense_forward([[1.0, 2.0]], [[1.0], [1.0]], [0.5])
    np.testing.assert_array_equal(z, [[3.5]])
    w = np.ones((2, 1), F32)
    assert cnnkit.dense_forward([[1.0, 2.0]], w).dtype == F32, "a list takes the dtype of the float32 array"


def test_class_labels_of_a_smaller_integer_type_are_converted() -> None:
    logits = np.random.default_rng(5).standard_normal((4, 3))
    labels = np.array([0, 2, 1, 2])
    expected = cnnkit.softmax_cross_entropy(logits, labels.astype(np.int64))
    got = cnnkit.softmax_cross_entropy(logits, labels.astype(np.uint8))
    assert got[0] == expected[0]
    np.testing.assert_array_equal(got[1], expected[1])
