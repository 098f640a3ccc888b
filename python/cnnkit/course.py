"""The numpy course's functions, computed by cnnkit.

Readers of deeplearning.ai's "Convolutional Neural Networks: Step by Step" write these functions as
Python loops; here they keep their names, signatures and caches, so a notebook can swap
``from cnnkit.course import conv_forward`` in for its own code and run 100x faster.

Conventions (the course's): activations NHWC ``A_prev (m, n_H_prev, n_W_prev, n_C_prev)``, weights
``W (f, f, n_C_prev, n_C)``, bias ``b (1, 1, 1, n_C)``; ``hparameters`` is ``{"stride", "pad"}`` for
convolution and ``{"f", "stride"}`` for pooling; caches are ``(A_prev, W, b, hparameters)`` and
``(A_prev, hparameters)``, holding the caller's own arrays (no copies).

Where the course's code is wrong the functions here are correct, and each docstring cites the bug's
number in tests/data/fixtures/AUDIT.md. The dtype rules are the module's (python/README.md): float32
or float64 by the arrays' dtype, integer images converted to float when that is exact.
"""

from __future__ import annotations

from typing import Any, Mapping, Tuple

import numpy as np

from . import _cnnkit as _ck

__all__ = [
    "zero_pad",
    "conv_single_step",
    "conv_forward",
    "conv_backward",
    "pool_forward",
    "pool_backward",
    "create_mask_from_window",
    "distribute_value",
]

ConvCache = Tuple[Any, Any, Any, Mapping[str, int]]
PoolCache = Tuple[Any, Mapping[str, int]]

# The course spells average pooling "average" (seeds 000-002) and "avg" (seed 003); cnnkit's name is
# "avg". Anything else is an error: the course silently returned zeros (AUDIT #5).
_POOL_MODES = {"max": "max", "average": "avg", "avg": "avg"}
_TIES = ("first", "all")


def _pool_mode(mode: str) -> str:
    if not isinstance(mode, str) or mode not in _POOL_MODES:
        raise ValueError(f"mode: expected 'max', 'average' or 'avg', got {mode!r} (AUDIT #5)")
    return _POOL_MODES[mode]


def _ties(ties: str) -> str:
    if ties not in _TIES:
        raise ValueError(f"ties: expected 'first' or 'all', got {ties!r}")
    return ties


def _hparam(hparameters: Mapping[str, int], key: str) -> int:
    """hparameters[key] as an int, with a message naming the key when it is missing."""
    try:
        value = hparameters[key]
    except KeyError:
        raise ValueError(f"hparameters: missing {key!r} (have {sorted(hparameters)})") from None
    return int(value)


def zero_pad(X: np.ndarray, pad: int) -> np.ndarray:
    """Pad the height and width of every image of ``X`` with ``pad`` zeros on each side.

    ``X (m, n_H, n_W, n_C)`` -> ``(m, n_H + 2*pad, n_W + 2*pad, n_C)``, as the course's
    ``np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))``. The result is float32 or float64
    (an integer ``X`` gives float64, by the module's dtype rule).
    """
    return _ck.pad(X, int(pad))


def conv_single_step(a_slice_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> float:
    """One window of a convolution: ``sum(a_slice_prev * W) + b``.

    ``a_slice_prev (f, f, n_C_prev)``, ``W (f, f, n_C_prev)``, ``b`` one element (``(1, 1, 1)``).
    Returns a Python float. The bias is added once: the course's ``np.sum(a_slice_prev * W + b)`` adds
    it f*f*n_C_prev times (AUDIT #1).
    """
    return float(_ck.conv_single_step(a_slice_prev, W, b))


def conv_forward(
    A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, hparameters: Mapping[str, int]
) -> Tuple[np.ndarray, ConvCache]:
    """Convolution forward pass (cross-correlation, as the course).

    ``A_prev (m, n_H_prev, n_W_prev, n_C_prev)``, ``W (f, f, n_C_prev, n_C)``, ``b (1, 1, 1, n_C)``,
    ``hparameters {"stride": s, "pad": p}`` -> ``Z (m, n_H, n_W, n_C)`` with
    ``n_H = floor((n_H_prev + 2p - f) / s) + 1``, and ``cache = (A_prev, W, b, hparameters)`` (the
    very objects passed in).

    Differences from the course's code, on purpose:
    - the bias is added once per output element (AUDIT #1);
    - a kernel larger than the padded input raises ``cnnkit.InvalidArgument`` (a ``ValueError``)
      instead of the course's truncated output or broadcast crash (AUDIT #8).
    """
    stride = _hparam(hparameters, "stride")
    pad = _hparam(hparameters, "pad")
    Z = _ck.conv2d_forward(A_prev, W, b, stride=stride, padding=pad)
    return Z, (A_prev, W, b, hparameters)


def conv_backward(dZ: np.ndarray, cache: ConvCache) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convolution backward pass: the gradients of ``conv_forward``'s inputs.

    ``dZ (m, n_H, n_W, n_C)``, ``cache = (A_prev, W, b, hparameters)`` from ``conv_forward`` ->
    ``dA_prev`` (``A_prev``'s shape), ``dW (f, f, n_C_prev, n_C)``, ``db (1, 1, 1, n_C)``.

    Differences from the course's code, on purpose:
    - the window of output (h, w) starts at ``(h*stride, w*stride)``; seeds 000/001 ignore the
      stride (AUDIT #2);
    - ``pad = 0`` works: the course's ``da_prev_pad[pad:-pad, pad:-pad]`` is empty then (AUDIT #4);
    - the gradients are floating point even for an integer ``A_prev`` (AUDIT #9).
    """
    A_prev, W, _b, hparameters = cache
    stride = _hparam(hparameters, "stride")
    pad = _hparam(hparameters, "pad")
    W_shape = np.shape(W)
    dA_prev = _ck.conv2d_backward_data(
        dZ, W, tuple(np.shape(A_prev)), stride=stride, padding=pad, dilation=1, groups=1
    )
    dW, db = _ck.conv2d_backward_weights_bias(
        A_prev, dZ, (W_shape[0], W_shape[1]), stride=stride, padding=pad, dilation=1, groups=1
    )
    return dA_prev, dW, db.reshape(1, 1, 1, -1)


def pool_forward(
    A_prev: np.ndarray, hparameters: Mapping[str, int], mode: str = "max"
) -> Tuple[np.ndarray, PoolCache]:
    """Pooling forward pass.

    ``A_prev (m, n_H_prev, n_W_prev, n_C)``, ``hparameters {"f": f, "stride": s}``, ``mode`` "max" or
    "average" (or "avg") -> ``A (m, n_H, n_W, n_C)`` with ``n_H = floor((n_H_prev - f) / s) + 1``, and
    ``cache = (A_prev, hparameters)``.

    Differences from the course's code, on purpose:
    - an unknown ``mode`` raises ``ValueError`` instead of returning zeros (AUDIT #5);
    - a NaN in a max window gives NaN (AUDIT #7);
    - a window larger than the input raises ``cnnkit.InvalidArgument`` (a ``ValueError``) instead of
      a truncated or empty output (AUDIT #8).
    """
    ck_mode = _pool_mode(mode)
    f = _hparam(hparameters, "f")
    stride = _hparam(hparameters, "stride")
    A = _ck.pool2d_forward(A_prev, f, stride, mode=ck_mode)
    return A, (A_prev, hparameters)


def pool_backward(
    dA: np.ndarray, cache: PoolCache, mode: str = "max", *, ties: str = "first"
) -> np.ndarray:
    """Pooling backward pass: the gradient of ``pool_forward``'s input.

    ``dA (m, n_H, n_W, n_C)``, ``cache = (A_prev, hparameters)`` from ``pool_forward`` ->
    ``dA_prev`` (``A_prev``'s shape). ``ties`` (max pooling): "first" gives each window's dy to its
    first maximal cell in row-major order (PyTorch); "all" gives the full dy to every tied maximum,
    as the course's mask ``x == max(x)`` does.

    Differences from the course's code, on purpose:
    - the stride is honoured: seeds 000/001 start every window at ``(h, w)`` (AUDIT #2), seed 003
      reads ``dA`` at the window's corner and fails for stride >= 2 (AUDIT #3);
    - an unknown ``mode`` raises ``ValueError`` (AUDIT #5);
    - ties go to the first maximum by default (AUDIT #6): the course's mask counts a tied gradient
      once per tied cell (after a ReLU an all-zero window passes f*f*dy back);
    - with ``ties="first"`` a NaN window sends dy to its first NaN; the course's mask drops it
      (AUDIT #7; ``ties="all"`` keeps the course's behaviour there);
    - the gradient is floating point even for an integer ``A_prev`` (AUDIT #9).
    """
    ck_mode = _pool_mode(mode)
    ties = _ties(ties)
    A_prev, hparameters = cache
    f = _hparam(hparameters, "f")
    stride = _hparam(hparameters, "stride")
    if ck_mode == "avg":
        # Average pooling needs only the input's shape: no conversion of an integer A_prev.
        return _ck.pool2d_backward(tuple(np.shape(A_prev)), dA, f, stride, mode="avg")
    return _ck.pool2d_backward(A_prev, dA, f, stride, mode="max", ties=ties)


def create_mask_from_window(x: np.ndarray, *, ties: str = "first") -> np.ndarray:
    """The max-pool mask of one window: a bool array of ``x``'s shape (``(f, f)``), True at the max.

    ``ties="first"`` (default) marks only the first maximum in row-major order, the cell max-pool
    backward sends dy to; ``ties="all"`` marks every cell equal to the max, the course's
    ``x == np.max(x)`` (AUDIT #6). With ``ties="first"`` a NaN window marks its first NaN; the course's
    mask is all False there (AUDIT #7; ``ties="all"`` keeps that).
    """
    mask = _ck.create_mask_from_window(x, ties=_ties(ties))
    return np.asarray(mask).astype(bool)


def distribute_value(dz: float, shape: Tuple[int, int]) -> np.ndarray:
    """Spread ``dz`` evenly over a window: a float64 array of ``shape (n_H, n_W)`` holding
    ``dz / (n_H * n_W)``, as the course's ``np.ones(shape) * average`` (average pooling's backward).
    """
    return _ck.distribute_value(float(dz), tuple(int(s) for s in shape), dtype=np.float64)
