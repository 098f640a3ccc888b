#!/usr/bin/env python3
"""The course's own numpy conv_forward / pool_forward / conv_backward beside cnnkit.course.

Readers of "Convolutional Neural Networks: Step by Step" wrote these loops themselves; this shows what
the same calls cost through cnnkit, on the course's shapes and on real layers, and checks that both
give the same numbers. It prints one table row per (op, shape): numpy ms, cnnkit ms (medians of a few
runs, time.perf_counter) and the speedup, then "results agree" -- or exits with status 1 when they
do not.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/python/course_speedup.py [--quick] [--threads N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Callable, List, Sequence, Tuple, TypeVar

import numpy as np

import cnnkit
import cnnkit.course

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# The course's code, as the reader wrote it, with the three fixes it needs to give the right (and so
# cnnkit's) numbers (tests/data/fixtures/AUDIT.md): the bias added once in conv_single_step (#1), the
# stride in conv_backward's windows (#2), and the crop of da_prev_pad that also works for pad 0 (#4).


def zero_pad(X, pad):
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=(0, 0))


def conv_single_step(a_slice_prev, W, b):
    s = np.multiply(a_slice_prev, W)
    Z = np.sum(s)
    Z = Z + float(b)  # AUDIT #1: the course's np.sum(a_slice_prev * W + b) adds b f*f*n_C_prev times
    return Z


def conv_forward(A_prev, W, b, hparameters):
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = int((n_H_prev - f + 2 * pad) / stride) + 1
    n_W = int((n_W_prev - f + 2 * pad) / stride) + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    weights = W[:, :, :, c]
                    biases = b[:, :, :, c]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, weights, biases)
    cache = (A_prev, W, b, hparameters)
    return Z, cache


def pool_forward(A_prev, hparameters, mode="max"):
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]
    n_H = int(1 + (n_H_prev - f) / stride)
    n_W = int(1 + (n_W_prev - f) / stride)
    n_C = n_C_prev
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_prev_slice = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]
                    if mode == "max":
                        A[i, h, w, c] = np.max(a_prev_slice)
                    elif mode == "average":
                        A[i, h, w, c] = np.mean(a_prev_slice)
    cache = (A_prev, hparameters)
    return A, cache


def conv_backward(dZ, cache):
    (A_prev, W, b, hparameters) = cache
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    (m, n_H, n_W, n_C) = dZ.shape
    dA_prev = np.zeros((m, n_H_prev, n_W_prev, n_C_prev))
    dW = np.zeros((f, f, n_C_prev, n_C))
    db = np.zeros((1, 1, 1, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = zero_pad(dA_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        da_prev_pad = dA_prev_pad[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride  # AUDIT #2: seeds 000/001 wrote vert_start = h
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    a_slice = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
        # AUDIT #4: the course's da_prev_pad[pad:-pad, pad:-pad, :] is empty for pad = 0
        dA_prev[i, :, :, :] = da_prev_pad[pad : pad + n_H_prev, pad : pad + n_W_prev, :]
    return dA_prev, dW, db


# ---------------------------------------------------------------------------------------------
# Timing and comparison


def timed(fn: Callable[[], T], repeats: int, budget_s: float) -> Tuple[float, T]:
    """(median wall time in ms, the first run's result): at most `repeats` runs, fewer once
    `budget_s` is spent (at least one)."""
    times: List[float] = []
    result = None
    while len(times) < repeats and sum(times) < budget_s:
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
        result = out if result is None else result
    return 1e3 * statistics.median(times), result


def dims(shape: Sequence[int]) -> str:
    return "(" + ",".join(map(str, shape)) + ")"


def agree(a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> bool:
    return all(x.shape == y.shape and np.allclose(x, y, rtol=1e-9, atol=1e-9) for x, y in zip(a, b))


class Table:
    """Rows of op, layer, shape, numpy ms, cnnkit ms, speedup; remembers whether every row agreed."""

    def __init__(self, repeats: Tuple[int, int]) -> None:
        self.repeats = repeats
        self.ok = True
        print(f"{'op':<22} {'layer':<12} {'shape':<40} {'numpy ms':>10} {'cnnkit ms':>10} {'speedup':>8}")

    def compare(self, op: str, layer: str, shape: str, course_fn: Callable[[], Tuple], cnnkit_fn: Callable[[], Tuple],
                arrays: int) -> Tuple:
        """Time both, check that the first `arrays` items of their results agree, print the row, and
        return the course's result (the backward's inputs come from it)."""
        np_ms, expected = timed(course_fn, self.repeats[0], 1.0)
        ck_ms, got = timed(cnnkit_fn, self.repeats[1], 0.5)
        same = agree(expected[:arrays], got[:arrays])
        self.ok &= same
        flag = "" if same else "   MISMATCH"
        speedup = np_ms / ck_ms
        print(f"{op:<22} {layer:<12} {shape:<40} {np_ms:>10.3f} {ck_ms:>10.4f} {speedup:>7.{0 if speedup >= 10 else 1}f}x{flag}")
        return expected


def compare_conv(table: Table, rng: np.random.Generator, layer: str, x: Tuple[int, ...], f: int, n_C: int,
                 stride: int, pad: int) -> None:
    """conv_forward and conv_backward of both implementations on one layer."""
    A_prev = rng.standard_normal(x)
    W = rng.standard_normal((f, f, x[3], n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    hp = {"stride": stride, "pad": pad}
    shape = f"A{dims(x)} W{dims(W.shape)} s{stride} p{pad}"
    Z, cache = table.compare("conv_forward", layer, shape, lambda: conv_forward(A_prev, W, b, hp),
                             lambda: cnnkit.course.conv_forward(A_prev, W, b, hp), arrays=1)
    dZ = rng.standard_normal(Z.shape)
    table.compare("conv_backward", layer, shape, lambda: conv_backward(dZ, cache),
                  lambda: cnnkit.course.conv_backward(dZ, cache), arrays=3)


def compare_pool(table: Table, rng: np.random.Generator, layer: str, x: Tuple[int, ...], f: int, stride: int) -> None:
    """pool_forward, max and average, of both implementations."""
    A_prev = rng.standard_normal(x)
    hp = {"f": f, "stride": stride}
    shape = f"A{dims(x)} f{f} s{stride}"
    for mode in ("max", "average"):
        table.compare(f"pool_forward({mode})", layer, shape, lambda: pool_forward(A_prev, hp, mode),
                      lambda: cnnkit.course.pool_forward(A_prev, hp, mode), arrays=1)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and a smaller SIGNS batch (for tests)")
    parser.add_argument("--threads", type=int, default=0, help="cnnkit threads (0: the runtime's default)")
    args = parser.parse_args(argv)
    repeats = (2, 5) if args.quick else (5, 50)
    batch = 1 if args.quick else 8
    rng = np.random.default_rng(1)
    print(f"cnnkit on {cnnkit.detected_isa()}, threads {args.threads or 'default'}, float64, "
          f"{'quick' if args.quick else 'full'} run")
    table = Table(repeats)
    with cnnkit.Context(threads=args.threads):
        # The course's own examples (seeds 000/002): A_prev (10,4,4,3), W (2,2,3,8), pad 2, stride 2;
        # pooling A_prev (2,4,4,3), f 3, stride 2.
        compare_conv(table, rng, "course", (10, 4, 4, 3), 2, 8, 2, 2)
        compare_pool(table, rng, "course", (2, 4, 4, 3), 3, 2)
        # The SIGNS ConvNet's first layer, 4x4x3->8 SAME on 64x64x3. The course has one symmetric pad
        # and SAME needs 1 before and 2 after, so the input is drawn at its padded size, 67x67, with
        # pad 0: the same 64x64x8 output and the same work.
        signs = (batch, 67, 67, 3)
        compare_conv(table, rng, "SIGNS conv1", signs, 4, 8, 1, 0)
        compare_pool(table, rng, "SIGNS pool1", (batch, 64, 64, 8), 8, 8)
        # A ResNet-like 3x3 layer, 28x28x32 -> 32, pad 1, batch 1.
        compare_conv(table, rng, "ResNet 3x3", (1, 28, 28, 32), 3, 32, 1, 1)
    if not table.ok:
        print("cnnkit and the course's numpy code DISAGREE (rows marked MISMATCH)")
        return 1
    print("results agree (np.allclose, rtol 1e-9, atol 1e-9)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
