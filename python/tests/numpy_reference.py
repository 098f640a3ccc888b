"""Plain numpy references of cnnkit's ops, for the pytest suite.

Written from the documented semantics (tests/data/fixtures/README.md, AUDIT.md, the comments of
include/cnnkit/ops.hpp and params.hpp), not from the C++ code, so that a test comparing cnnkit
with them checks the library against its specification. They favour readability over speed: a
loop over kernel taps or output pixels with numpy inside, fine for the small shapes of the tests.
Every function computes in float64 and returns float64 (int32 for pool indices).
"""
from __future__ import annotations

import math
from typing import Sequence, Tuple, Union

import numpy as np

Pair = Tuple[int, int]
Pads = Tuple[int, int, int, int]  # top, bottom, left, right
PaddingSpec = Union[int, str, Sequence[int]]


def pair(value: Union[int, Sequence[int]]) -> Pair:
    """An int or an (h, w) pair as (h, w), like the module's stride/dilation/kernel_size."""
    if isinstance(value, (int, np.integer)):
        return int(value), int(value)
    h, w = value
    return int(h), int(w)


def same_padding(in_h: int, in_w: int, kh: int, kw: int, sh: int = 1, sw: int = 1,
                 dh: int = 1, dw: int = 1) -> Pads:
    """TensorFlow SAME: out = ceil(in/stride), the total pad split with the extra cell at the end."""
    def axis(n: int, k: int, s: int, d: int) -> Tuple[int, int]:
        span = d * (k - 1) + 1
        out = -(-n // s)
        total = max((out - 1) * s + span - n, 0)
        return total // 2, total - total // 2
    top, bottom = axis(in_h, kh, sh, dh)
    left, right = axis(in_w, kw, sw, dw)
    return top, bottom, left, right


def resolve_padding(padding: PaddingSpec, in_h: int, in_w: int, kh: int, kw: int,
                    sh: int = 1, sw: int = 1, dh: int = 1, dw: int = 1) -> Pads:
    """Any padding form the module accepts, as explicit (top, bottom, left, right)."""
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0, 0, 0
        if padding == "same":
            return same_padding(in_h, in_w, kh, kw, sh, sw, dh, dw)
        raise ValueError(f"unknown padding {padding!r}")
    if isinstance(padding, (int, np.integer)):
        p = int(padding)
        return p, p, p, p
    values = [int(v) for v in padding]
    if len(values) == 2:
        return values[0], values[0], values[1], values[1]
    if len(values) == 4:
        return values[0], values[1], values[2], values[3]
    raise ValueError(f"padding needs 1, 2 or 4 values, got {padding!r}")


def conv_out_size(n: int, before: int, after: int, k: int, s: int, d: int) -> int:
    """floor((in + pads - dilated kernel) / stride) + 1 (the fixtures' geometry rule)."""
    return (n + before + after - (d * (k - 1) + 1)) // s + 1


def pool_out_size(n: int, before: int, after: int, k: int, s: int, ceil_mode: bool) -> int:
    """Like conv_out_size, rounding up with ceil_mode; a window starting in the trailing padding
    (at or past before + n in padded coordinates) is dropped (PyTorch's rule)."""
    span = n + before + after - k
    out = (-(-span // s) if ceil_mode else span // s) + 1
    if ceil_mode and (out - 1) * s >= n + before:
        out -= 1
    return out


# ---- pad ------------------------------------------------------------------------------------------

def pad(x: np.ndarray, pads: Pads, value: float = 0.0) -> np.ndarray:
    """x (n, h, w, c) surrounded by `value` cells: top, bottom, left, right."""
    top, bottom, left, right = pads
    n, h, w, c = x.shape
    y = np.full((n, h + top + bottom, w + left + right, c), value, dtype=np.float64)
    y[:, top:top + h, left:left + w, :] = x
    return y


# ---- convolution ----------------------------------------------------------------------------------

def _tap_rows(n_in: int, n_out: int, before: int, s: int, d: int, tap: int) -> Tuple[np.ndarray, np.ndarray]:
    """For kernel tap `tap` on one axis: the output positions whose input position
    o*s - before + tap*d lies inside the input, and those input positions."""
    o = np.arange(n_out)
    i = o * s - before + tap * d
    keep = (i >= 0) & (i < n_in)
    return o[keep], i[keep]


def conv2d_forward(x: np.ndarray, w: np.ndarray, bias: np.ndarray | None = None, stride=1,
                   pads: Pads = (0, 0, 0, 0), dilation=1, groups: int = 1,
                   relu: bool = False) -> np.ndarray:
    """Cross-correlation NHWC x HWIO; taps outside x are absent (no term); bias once per output."""
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    sh, sw = pair(stride)
    dh, dw = pair(dilation)
    n, h, wd, c = x.shape
    kh, kw, cg, c_out = w.shape
    og = c_out // groups
    top, bottom, left, right = pads
    oh = conv_out_size(h, top, bottom, kh, sh, dh)
    ow = conv_out_size(wd, left, right, kw, sw, dw)
    y = np.zeros((n, oh, ow, c_out))
    for i in range(kh):
        out_r, in_r = _tap_rows(h, oh, top, sh, dh, i)
        for j in range(kw):
            out_c, in_c = _tap_rows(wd, ow, left, sw, dw, j)
            for g in range(groups):
                xs = x[:, in_r][:, :, in_c][..., g * cg:(g + 1) * cg]
                y[np.ix_(np.arange(n), out_r, out_c, np.arange(g * og, (g + 1) * og))] += \
                    xs @ w[i, j, :, g * og:(g + 1) * og]
    if bias is not None:
        y += np.asarray(bias, np.float64).reshape(c_out)
    if relu:
        y = relu_forward(y)
    return y


def conv2d_backward_data(dy: np.ndarray, w: np.ndarray, input_shape: Sequence[int], stride=1,
                         pads: Pads = (0, 0, 0, 0), dilation=1, groups: int = 1) -> np.ndarray:
    """dx of conv2d_forward: each dy cell sent back through every tap of its window."""
    dy = np.asarray(dy, np.float64)
    w = np.asarray(w, np.float64)
    sh, sw = pair(stride)
    dh, dw = pair(dilation)
    n, h, wd, c = input_shape
    kh, kw, cg, c_out = w.shape
    og = c_out // groups
    top, _, left, _ = pads
    oh, ow = dy.shape[1], dy.shape[2]
    dx = np.zeros((n, h, wd, c))
    for i in range(kh):
        out_r, in_r = _tap_rows(h, oh, top, sh, dh, i)
        for j in range(kw):
            out_c, in_c = _tap_rows(wd, ow, left, sw, dw, j)
            for g in range(groups):
                dys = dy[:, out_r][:, :, out_c][..., g * og:(g + 1) * og]
                # within one tap, distinct outputs read distinct inputs: plain += is a scatter-add
                dx[np.ix_(np.arange(n), in_r, in_c, np.arange(g * cg, (g + 1) * cg))] += \
                    dys @ w[i, j, :, g * og:(g + 1) * og].T
    return dx


def conv2d_backward_weights(x: np.ndarray, dy: np.ndarray, kernel_size, stride=1,
                            pads: Pads = (0, 0, 0, 0), dilation=1, groups: int = 1) -> np.ndarray:
    """dw (kh, kw, c/groups, c_out) = sum over batch and output pixels of x-window^T dy."""
    x = np.asarray(x, np.float64)
    dy = np.asarray(dy, np.float64)
    kh, kw = pair(kernel_size)
    sh, sw = pair(stride)
    dh, dw_ = pair(dilation)
    n, h, wd, c = x.shape
    c_out = dy.shape[3]
    cg, og = c // groups, c_out // groups
    top, _, left, _ = pads
    oh, ow = dy.shape[1], dy.shape[2]
    dw = np.zeros((kh, kw, cg, c_out))
    for i in range(kh):
        out_r, in_r = _tap_rows(h, oh, top, sh, dh, i)
        for j in range(kw):
            out_c, in_c = _tap_rows(wd, ow, left, sw, dw_, j)
            for g in range(groups):
                xs = x[:, in_r][:, :, in_c][..., g * cg:(g + 1) * cg].reshape(-1, cg)
                dys = dy[:, out_r][:, :, out_c][..., g * og:(g + 1) * og].reshape(-1, og)
                dw[i, j, :, g * og:(g + 1) * og] = xs.T @ dys
    return dw


def conv2d_backward_bias(dy: np.ndarray) -> np.ndarray:
    """db[o] = sum of dy over n, oh, ow."""
    return np.asarray(dy, np.float64).sum(axis=(0, 1, 2))


def conv_single_step(a_slice: np.ndarray, w: np.ndarray, b: float) -> float:
    """The course's helper, bias once (AUDIT.md #1)."""
    return float(np.sum(np.asarray(a_slice, np.float64) * np.asarray(w, np.float64)) + float(b))


# ---- pooling --------------------------------------------------------------------------------------

def _pool_windows(h: int, w: int, kernel: Pair, stride: Pair, pads: Pads, ceil_mode: bool):
    """Yields (oh, ow, (h0, h1, w0, w1), padded_cells) per output pixel: the window clipped to
    the real input, and the number of its cells inside the padded input (the include-pad
    divisor; a ceil-mode overhang past the padding is not counted)."""
    kh, kw = kernel
    sh, sw = stride
    top, bottom, left, right = pads
    oh = pool_out_size(h, top, bottom, kh, sh, ceil_mode)
    ow = pool_out_size(w, left, right, kw, sw, ceil_mode)
    for r in range(oh):
        a = r * sh - top
        for q in range(ow):
            b = q * sw - left
            rows_padded = min(a + kh, h + bottom) - max(a, -top)
            cols_padded = min(b + kw, w + right) - max(b, -left)
            yield r, q, (max(a, 0), min(a + kh, h), max(b, 0), min(b + kw, w)), rows_padded * cols_padded


def pool2d_output_hw(h: int, w: int, kernel, stride, pads: Pads, ceil_mode: bool) -> Pair:
    kh, kw = pair(kernel)
    sh, sw = pair(stride)
    top, bottom, left, right = pads
    return pool_out_size(h, top, bottom, kh, sh, ceil_mode), pool_out_size(w, left, right, kw, sw, ceil_mode)


def pool2d_forward(x: np.ndarray, kernel, stride=None, pads: Pads = (0, 0, 0, 0), mode: str = "max",
                   ceil_mode: bool = False, count_include_pad: bool = False) -> Tuple[np.ndarray, np.ndarray]:
    """(y, indices). Max: padded cells never win, a NaN in the window gives NaN; indices (max only,
    else zeros) are h * W + w of the window's first NaN, else its first maximum (row-major).
    Avg: sum of the real cells over the real cells' count, or the padded window's cell count."""
    x = np.asarray(x, np.float64)
    kernel = pair(kernel)
    stride = kernel if stride is None else pair(stride)
    n, h, w, c = x.shape
    oh, ow = pool2d_output_hw(h, w, kernel, stride, pads, ceil_mode)
    y = np.zeros((n, oh, ow, c))
    indices = np.zeros((n, oh, ow, c), np.int32)
    for r, q, (h0, h1, w0, w1), padded_cells in _pool_windows(h, w, kernel, stride, pads, ceil_mode):
        win = x[:, h0:h1, w0:w1, :].reshape(n, -1, c)
        if mode == "max":
            first = np.argmax(win, axis=1)  # numpy's argmax: the first NaN, else the first maximum
            y[:, r, q, :] = np.take_along_axis(win, first[:, None, :], axis=1)[:, 0, :]
            width = w1 - w0
            indices[:, r, q, :] = (h0 + first // width) * w + (w0 + first % width)
        elif mode == "avg":
            divisor = padded_cells if count_include_pad else win.shape[1]
            y[:, r, q, :] = win.sum(axis=1) / divisor
        else:
            raise ValueError(f"unknown mode {mode!r}")
    return y, indices


def pool2d_backward(x: np.ndarray, dy: np.ndarray, kernel, stride=None, pads: Pads = (0, 0, 0, 0),
                    mode: str = "max", ceil_mode: bool = False, count_include_pad: bool = False,
                    ties: str = "first") -> np.ndarray:
    """dx. Max, ties first: dy to the window's first NaN, else its first maximum. Ties all: dy
    to every cell equal to the maximum (a NaN window sends nothing). Avg: dy / divisor to each
    real cell. For avg, x may be a shape tuple."""
    dy = np.asarray(dy, np.float64)
    shape = tuple(x) if mode == "avg" and not isinstance(x, np.ndarray) else np.shape(x)
    kernel = pair(kernel)
    stride = kernel if stride is None else pair(stride)
    n, h, w, c = shape
    dx = np.zeros((n, h, w, c))
    xv = np.asarray(x, np.float64) if mode == "max" else None
    for r, q, (h0, h1, w0, w1), padded_cells in _pool_windows(h, w, kernel, stride, pads, ceil_mode):
        g = dy[:, r, q, :]
        if mode == "avg":
            divisor = padded_cells if count_include_pad else (h1 - h0) * (w1 - w0)
            dx[:, h0:h1, w0:w1, :] += (g / divisor)[:, None, None, :]
            continue
        win = xv[:, h0:h1, w0:w1, :].reshape(n, -1, c)
        if ties == "first":
            mask = np.zeros(win.shape)
            np.put_along_axis(mask, np.argmax(win, axis=1)[:, None, :], 1.0, axis=1)
        elif ties == "all":
            with np.errstate(invalid="ignore"):
                mask = (win == np.max(win, axis=1, keepdims=True)).astype(np.float64)
        else:
            raise ValueError(f"unknown ties {ties!r}")
        dx[:, h0:h1, w0:w1, :] += (mask * g[:, None, :]).reshape(n, h1 - h0, w1 - w0, c)
    return dx


def pool2d_backward_indices(indices: np.ndarray, dy: np.ndarray, input_shape: Sequence[int]) -> np.ndarray:
    """dx from saved indices: each dy cell added at its plane position h * W + w."""
    n, h, w, c = input_shape
    dx = np.zeros((n, h * w, c))
    dy = np.asarray(dy, np.float64)
    for b in range(n):
        for ch in range(c):
            np.add.at(dx[b, :, ch], indices[b, ..., ch].ravel(), dy[b, ..., ch].ravel())
    return dx.reshape(n, h, w, c)


def create_mask_from_window(x: np.ndarray, ties: str = "first") -> np.ndarray:
    """0/1 mask of the 2-D window's maximum: the first one (row-major) or all of them."""
    x = np.asarray(x, np.float64)
    dx = pool2d_backward(x[None, :, :, None], np.ones((1, 1, 1, 1)), kernel=x.shape, stride=1, ties=ties)
    return dx[0, :, :, 0]


def distribute_value(dz: float, shape: Sequence[int]) -> np.ndarray:
    """dz / (rows * cols) in every cell of `shape`."""
    rows, cols = shape
    return np.full((rows, cols), float(dz) / (rows * cols))


# ---- relu, dense, softmax cross-entropy, adam -----------------------------------------------------

def relu_forward(x: np.ndarray) -> np.ndarray:
    """max(x, 0) with NaN kept (np.maximum propagates NaN) and -0 -> +0."""
    x = np.asarray(x, np.float64)
    return np.where(x > 0, x, np.where(np.isnan(x), x, 0.0))


def relu_backward(x: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """dy where x > 0 or x is NaN; 0 where x <= 0 (relu'(0) = 0)."""
    x = np.asarray(x, np.float64)
    return np.where((x > 0) | np.isnan(x), np.asarray(dy, np.float64), 0.0)


def dense_forward(x: np.ndarray, w: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    y = np.asarray(x, np.float64) @ np.asarray(w, np.float64)
    return y if bias is None else y + np.asarray(bias, np.float64).reshape(-1)


def dense_backward(x: np.ndarray, w: np.ndarray, dy: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dx = dy w^T, dw = x^T dy, db = column sums of dy)."""
    x, w, dy = (np.asarray(a, np.float64) for a in (x, w, dy))
    return dy @ w.T, x.T @ dy, dy.sum(axis=0)


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> Tuple[float, np.ndarray]:
    """(mean_i -sum_j labels_ij log_softmax_ij, (softmax * sum_j labels_ij - labels) / m).
    Integer labels of shape (m,) are class indices (one-hot rows)."""
    x = np.asarray(logits, np.float64)
    m, k = x.shape
    labels = np.asarray(labels)
    if labels.ndim == 1:
        rows = np.zeros((m, k))
        rows[np.arange(m), labels.astype(np.int64)] = 1.0
        labels = rows
    labels = labels.astype(np.float64)
    shifted = x - x.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(np.mean(-(labels * log_softmax).sum(axis=1)))
    dx = (np.exp(log_softmax) * labels.sum(axis=1, keepdims=True) - labels) / m
    return loss, dx


def adam_step(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, step: int,
              lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
              style: str = "pytorch", weight_decay: float = 0.0,
              decoupled_weight_decay: bool = False) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One update, returning new (param, m, v). pytorch: torch.optim.Adam (eps added to the
    bias-corrected sqrt(v)), L2 weight decay added to the gradient or AdamW's p *= 1 - lr*wd.
    tensorflow1: lr_t = lr*sqrt(1-b2^t)/(1-b1^t); p -= lr_t*m/(sqrt(v)+eps)."""
    p, g, m, v = (np.array(a, np.float64) for a in (param, grad, m, v))
    bc1, bc2 = 1.0 - beta1 ** step, 1.0 - beta2 ** step
    if weight_decay and style == "pytorch":
        if decoupled_weight_decay:
            p = p * (1.0 - lr * weight_decay)
        else:
            g = g + weight_decay * p
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    if style == "pytorch":
        p = p - lr / bc1 * m / (np.sqrt(v) / math.sqrt(bc2) + eps)
    elif style == "tensorflow1":
        p = p - lr * math.sqrt(bc2) / bc1 * m / (np.sqrt(v) + eps)
    else:
        raise ValueError(f"unknown style {style!r}")
    return p, m, v
