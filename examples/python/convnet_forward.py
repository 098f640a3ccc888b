#!/usr/bin/env python3
"""The course's TensorFlow ConvNet (seed 002), its forward pass from Python with cnnkit's ops.

    CONV2D 4x4 SAME 3->8 -> RELU -> MAXPOOL 8/8 SAME -> CONV2D 2x2 SAME 8->16 -> RELU
    -> MAXPOOL 4/4 SAME -> FLATTEN -> FC(6) -> softmax cross-entropy

on random 64x64x3 images with Xavier-initialised weights (seeded), checked layer by layer against a
vectorised numpy version of the same net. Prints each layer's output shape, time (median of a few
runs) and the variant cnnkit ran (cnnkit.last_variant), then the loss; exits with status 1 when
cnnkit and numpy disagree.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/python/convnet_forward.py [--quick] [--threads N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import cnnkit

N_CLASSES = 6

# ---------------------------------------------------------------------------------------------
# The same net in numpy (float64), as the check


def same_pads(size: int, k: int, stride: int) -> Tuple[int, int]:
    """TensorFlow SAME: out = ceil(size/stride); the padding's odd cell goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return total // 2, total - total // 2


def np_conv_same(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Stride-1 SAME cross-correlation, x (n, h, w, c) and w (kh, kw, c, o) -> (n, h, w, o)."""
    kh, kw = w.shape[:2]
    xp = np.pad(x, ((0, 0), same_pads(x.shape[1], kh, 1), same_pads(x.shape[2], kw, 1), (0, 0)))
    windows = sliding_window_view(xp, (kh, kw), axis=(1, 2))  # (n, h, w, c, kh, kw)
    return np.einsum("nhwcij,ijco->nhwo", windows, w, optimize=True)


def np_maxpool_same(x: np.ndarray, k: int, stride: int) -> np.ndarray:
    """Max pooling with SAME padding; padded cells are -inf, so they never win."""
    pads = (same_pads(x.shape[1], k, stride), same_pads(x.shape[2], k, stride))
    xp = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=-np.inf)
    windows = sliding_window_view(xp, (k, k), axis=(1, 2))[:, ::stride, ::stride]
    return windows.max(axis=(4, 5))


def np_softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    z = logits - logits.max(axis=1, keepdims=True)
    log_softmax = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_softmax[np.arange(len(labels)), labels]))


def numpy_forward(x: np.ndarray, params: Dict[str, np.ndarray], labels: np.ndarray) -> List[np.ndarray]:
    """Every layer's output, in float64, in the order of cnnkit_layers."""
    p = {k: v.astype(np.float64) for k, v in params.items()}
    outs = [np_conv_same(x.astype(np.float64), p["w1"])]
    outs.append(np.maximum(outs[-1], 0.0))
    outs.append(np_maxpool_same(outs[-1], 8, 8))
    outs.append(np_conv_same(outs[-1], p["w2"]))
    outs.append(np.maximum(outs[-1], 0.0))
    outs.append(np_maxpool_same(outs[-1], 4, 4))
    outs.append(outs[-1].reshape(len(x), -1))
    outs.append(outs[-1] @ p["w3"] + p["b3"])
    outs.append(np.asarray(np_softmax_cross_entropy(outs[-1], labels)))
    return outs


# ---------------------------------------------------------------------------------------------
# The net with cnnkit

Layer = Tuple[str, str, Callable[[np.ndarray], np.ndarray]]


def cnnkit_layers(params: Dict[str, np.ndarray], labels: np.ndarray) -> List[Layer]:
    """(name, cnnkit op whose last_variant to report, function of the previous layer's output)."""
    return [
        ("conv1 4x4 SAME", "conv2d_fwd", lambda a: cnnkit.conv2d_forward(a, params["w1"], padding="same")),
        ("relu1", "relu_fwd", cnnkit.relu_forward),
        ("maxpool 8/8 SAME", "pool2d_fwd", lambda a: cnnkit.pool2d_forward(a, 8, 8, mode="max", padding="same")),
        ("conv2 2x2 SAME", "conv2d_fwd", lambda a: cnnkit.conv2d_forward(a, params["w2"], padding="same")),
        ("relu2", "relu_fwd", cnnkit.relu_forward),
        ("maxpool 4/4 SAME", "pool2d_fwd", lambda a: cnnkit.pool2d_forward(a, 4, 4, mode="max", padding="same")),
        ("flatten", "", cnnkit.flatten),
        ("fc 6", "dense_fwd", lambda a: cnnkit.dense_forward(a, params["w3"], params["b3"])),
        ("softmax xent", "softmax_xent",
         lambda a: np.asarray(cnnkit.softmax_cross_entropy(a, labels, grad=False))),
    ]


def xavier_uniform(rng: np.random.Generator, shape: Tuple[int, ...], dtype: type) -> np.ndarray:
    """TF's xavier_initializer: U(-l, l), l = sqrt(6 / (fan_in + fan_out)); a conv's fans count the window."""
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(dtype)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="batch 8 and fewer repeats (for tests)")
    parser.add_argument("--threads", type=int, default=0, help="cnnkit threads (0: the runtime's default)")
    parser.add_argument("--batch", type=int, default=None, help="images per batch (default 64, 8 with --quick)")
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    batch = args.batch or (8 if args.quick else 64)
    repeats = 3 if args.quick else 20
    dtype = np.dtype(args.dtype).type

    rng = np.random.default_rng(args.seed)
    x = rng.standard_normal((batch, 64, 64, 3)).astype(dtype)
    labels = rng.integers(0, N_CLASSES, size=batch)
    params = {
        "w1": xavier_uniform(rng, (4, 4, 3, 8), dtype),
        "w2": xavier_uniform(rng, (2, 2, 8, 16), dtype),
        "w3": xavier_uniform(rng, (2 * 2 * 16, N_CLASSES), dtype),
        "b3": (0.1 * rng.standard_normal(N_CLASSES)).astype(dtype),  # TF starts at 0; nonzero checks the bias
    }
    expected = numpy_forward(x, params, labels)
    # float32 is checked against the float64 net at float32's precision.
    rtol, atol = (1e-9, 1e-9) if dtype == np.float64 else (1e-4, 1e-4)

    print(f"cnnkit on {cnnkit.detected_isa()}, threads {args.threads or 'default'}, {args.dtype}, "
          f"batch {batch} of 64x64x3")
    print(f"{'layer':<18} {'output':<20} {'ms':>9}  variant")
    ok = True
    total_ms = 0.0
    a = x
    with cnnkit.Context(threads=args.threads):
        for (name, op, fn), exp in zip(cnnkit_layers(params, labels), expected):
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                out = fn(a)
                times.append(time.perf_counter() - start)
            variant = cnnkit.last_variant(op) if op else "(a view, no op)"
            ms = 1e3 * statistics.median(times)
            total_ms += ms
            same = out.shape == exp.shape and np.allclose(out, exp, rtol=rtol, atol=atol)
            same &= out.ndim == 0 or out.dtype == dtype  # the loss may come back as a Python float
            ok &= same
            flag = "" if same else "   MISMATCH with numpy"
            print(f"{name:<18} {str(out.shape):<20} {ms:>9.3f}  {variant}{flag}")
            a = out
    print(f"{'total':<18} {'':<20} {total_ms:>9.3f}")
    print(f"loss: {float(a):.6f} (numpy: {float(expected[-1]):.6f})")
    if not ok:
        print("cnnkit and numpy DISAGREE (layers marked MISMATCH)")
        return 1
    print("every layer agrees with numpy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
