#!/usr/bin/python3
"""Regenerates tests/data/golden/: golden cases from PyTorch (CPU, float64, autograd) and numpy for
what the seed fixtures do not cover.

Run with the system interpreter, which has torch 1.13 and numpy 1.24:

    /usr/bin/python3 scripts/golden/make_torch_golden.py [--out tests/data/golden]

Regeneration only: CI and the tests never run this script; they read the committed output.
Every random input comes from a numpy Generator with a fixed per-case seed, so a rerun writes the
same files. The layout is the one of tests/data/fixtures/README.md (MANIFEST.txt, params.txt,
.npy, NOTE.txt); the extra keys are described in the README.md this script writes next to the cases.

Layout conventions (cnnkit's): activations NHWC, conv weights HWIO (kh, kw, C/groups, O). torch
works in NCHW / OIHW, so every tensor is permuted on the way in and out.
"""
import argparse
import math
import os
import shutil

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
NAN = float("nan")
INF = float("inf")

README = """# Golden cases from PyTorch and numpy

Made by `scripts/golden/make_torch_golden.py` (torch 1.13 CPU float64 autograd, numpy 1.24; fixed
seeds). Do not edit by hand: change the script and rerun it with `/usr/bin/python3`.
Read by `tests/reference/` exactly like `../fixtures/seeds/` (same loader, same tolerances); see
`../fixtures/README.md` for the layout, the conventions and the tolerance rule.

Keys beyond the fixtures README:

| key | op | meaning |
|---|---|---|
| `ceil_mode` | pool2d | 1: output size rounds up; a window starting in the trailing padding is dropped (torch's rule) |
| `value` | pad | the constant padded cells get (op `pad`; `zero_pad` is the seeds' helper) |
| `steps` | adam | number of consecutive updates, at steps t, t+1, ...; grad.npy then has shape (steps,) + param's shape |
| `weight_decay` | adam | torch.optim.Adam's L2 term (added to the gradient), or with `decoupled_weight_decay 1` AdamW's p *= 1 - lr*wd |
| `torch_path` | conv2d, pool2d | how torch produced the values: `native` (torch's own padding), `F.pad` (explicit pad, -inf for max, 0 for conv, then an unpadded torch op, cropped to cnnkit's output size), `sum/count` (average pooling as torch sum-pooling of the zero-padded input divided by torch sum-pooling of a ones mask: real cells, or real + pad cells), `unfold-mask` (ties all: unfold, mask = window == its max, fold the masked dy back) |

Index labels of `softmax_cross_entropy` are stored as int64 `labels.npy` of shape (m,).
"""


# ---------------------------------------------------------------------------------------------
# writing cases


class GoldenSet:
    def __init__(self, out):
        self.out = out
        self.manifest = []
        self.bytes = 0

    def case(self, name, op, description, params, arrays, note=None):
        assert name not in {m[0] for m in self.manifest}, name
        d = os.path.join(self.out, name)
        os.makedirs(d)
        lines = ["op " + op]
        for key, value in params.items():
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, float):
                value = repr(value)
            lines.append("%s %s" % (key, value))
        with open(os.path.join(d, "params.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
        for array_name, a in arrays.items():
            a = np.asarray(a)
            a = np.array(a, dtype=np.int64 if a.dtype.kind in "iu" else np.float64, order="C")  # keeps 0-d
            path = os.path.join(d, array_name + ".npy")
            np.save(path, a)
            self.bytes += os.path.getsize(path)
        if note:
            with open(os.path.join(d, "NOTE.txt"), "w") as f:
                f.write(note.strip() + "\n")
        self.manifest.append((name, op, description))

    def finish(self):
        with open(os.path.join(self.out, "MANIFEST.txt"), "w") as f:
            for name, op, description in self.manifest:
                f.write("%s %s %s\n" % (name, op, description))
        with open(os.path.join(self.out, "README.md"), "w") as f:
            f.write(README)
        print("%d cases, %.1f KiB of .npy in %s" % (len(self.manifest), self.bytes / 1024, self.out))


def t(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def nhwc_to_nchw(a):
    return a.permute(0, 3, 1, 2).contiguous()


def nchw_to_nhwc(a):
    return a.permute(0, 2, 3, 1).contiguous()


def numpy_of(a):
    return a.detach().numpy().copy()


# ---------------------------------------------------------------------------------------------
# geometry, as the fixtures README defines it (used to crop torch's outputs and to sanity-check)


def conv_out(n, k, s, before, after, d):
    return (n + before + after - (d * (k - 1) + 1)) // s + 1


def pool_out(n, k, s, before, after, ceil_mode):
    span = n + before + after - k
    out = (-(-span // s) if ceil_mode else span // s) + 1
    if ceil_mode and (out - 1) * s >= n + before:
        out -= 1  # the last window would start in the trailing padding
    return out


# ---------------------------------------------------------------------------------------------
# conv2d


def conv_case(gs, name, description, seed, x_shape, kh, kw, c_out, stride=(1, 1), pad=(0, 0, 0, 0),
              dilation=(1, 1), groups=1, bias=True, note=None):
    rng = np.random.default_rng(seed)
    n, h, w, c = x_shape
    cig, cog = c // groups, c_out // groups
    x = rng.standard_normal(x_shape)
    wt_hwio = rng.standard_normal((kh, kw, cig, c_out)) / math.sqrt(kh * kw * cig)
    b = rng.standard_normal(c_out) * 0.5
    top, bottom, left, right = pad
    oh = conv_out(h, kh, stride[0], top, bottom, dilation[0])
    ow = conv_out(w, kw, stride[1], left, right, dilation[1])
    dy = rng.standard_normal((n, oh, ow, c_out))

    xt = t(nhwc_to_nchw(t(x)), grad=True)
    wt = t(wt_hwio.transpose(3, 2, 0, 1), grad=True)  # OIHW
    bt = t(b if bias else np.zeros(c_out), grad=True)  # a zero bias yields db without changing y
    symmetric = top == bottom and left == right
    if symmetric:
        y = F.conv2d(xt, wt, bt, stride=stride, padding=(top, left), dilation=dilation, groups=groups)
    else:
        y = F.conv2d(F.pad(xt, (left, right, top, bottom)), wt, bt, stride=stride, dilation=dilation, groups=groups)
    assert tuple(y.shape) == (n, c_out, oh, ow), (name, y.shape)
    y.backward(nhwc_to_nchw(t(dy)))

    arrays = {"x": x, "w": wt_hwio}
    if bias:
        arrays["b"] = b.reshape(1, 1, 1, c_out)
    arrays.update({
        "y": nchw_to_nhwc(y.detach()).numpy(),
        "dy": dy,
        "dx": nchw_to_nhwc(xt.grad).numpy(),
        "dw": numpy_of(wt.grad).transpose(2, 3, 1, 0),  # OIHW -> HWIO
        "db": numpy_of(bt.grad).reshape(1, 1, 1, c_out),
    })
    params = {
        "kh": kh, "kw": kw, "stride_h": stride[0], "stride_w": stride[1],
        "pad_top": top, "pad_bottom": bottom, "pad_left": left, "pad_right": right,
        "dilation_h": dilation[0], "dilation_w": dilation[1], "groups": groups,
        "reduce_y": kh * kw * cig + 1, "reduce_dx": kh * kw * cog, "reduce_dw": n * oh * ow, "reduce_db": n * oh * ow,
        "expected_from": "torch", "torch_verified": 1, "torch_path": "native" if symmetric else "F.pad",
    }
    gs.case(name, "conv2d", description, params, arrays, note)


def conv_error_case(gs, name, description, x_shape, kh, kw, c_out, stride, pad, dilation, groups, note):
    rng = np.random.default_rng(0)
    c = x_shape[3]
    arrays = {"x": rng.standard_normal(x_shape),
              "w": rng.standard_normal((kh, kw, max(c // groups, 1), c_out)),
              "b": rng.standard_normal((1, 1, 1, c_out))}
    # torch must reject it too (the case claims torch_verified).
    xt = nhwc_to_nchw(t(arrays["x"]))
    wt = t(arrays["w"].transpose(3, 2, 0, 1))
    try:
        F.conv2d(F.pad(xt, (pad[2], pad[3], pad[0], pad[1])), wt, stride=stride, dilation=dilation, groups=groups)
    except RuntimeError:
        pass
    else:
        raise AssertionError(name + ": torch accepted it")
    params = {"kh": kh, "kw": kw, "stride_h": stride[0], "stride_w": stride[1],
              "pad_top": pad[0], "pad_bottom": pad[1], "pad_left": pad[2], "pad_right": pad[3],
              "dilation_h": dilation[0], "dilation_w": dilation[1], "groups": groups,
              "expect_error": 1, "expected_from": "spec", "torch_verified": 1}
    gs.case(name, "conv2d", description, params, arrays, note)


def conv_cases(gs):
    conv_case(gs, "conv_dilation2_pad2_batch2", "dilation 2, pad 2, 3x3, batch 2", 11,
              (2, 7, 8, 3), 3, 3, 4, pad=(2, 2, 2, 2), dilation=(2, 2))
    conv_case(gs, "conv_dilation2x3_stride2x1_asym_pad", "dilation (2,3), stride (2,1), pads t0 b1 l2 r1", 12,
              (1, 9, 10, 2), 3, 2, 3, stride=(2, 1), pad=(0, 1, 2, 1), dilation=(2, 3))
    conv_case(gs, "conv_groups2_cout_ne_cin_per_group", "groups 2: C 4 -> O 6 (2 in, 3 out per group), 3x3 pad 1", 13,
              (2, 6, 5, 4), 3, 3, 6, pad=(1, 1, 1, 1), groups=2)
    conv_case(gs, "conv_depthwise_stride2", "depthwise (groups = C = O = 3), 3x3 stride 2 pad 1", 14,
              (1, 7, 7, 3), 3, 3, 3, stride=(2, 2), pad=(1, 1, 1, 1), groups=3)
    conv_case(gs, "conv_depthwise_multiplier2_asym_pad", "groups = C = 4, O = 8 (2 per group), 2x3, stride (1,2), "
              "pads t1 b0 l0 r2", 15, (2, 5, 6, 4), 2, 3, 8, stride=(1, 2), pad=(1, 0, 0, 2), groups=4)
    conv_case(gs, "conv_four_sided_pad", "pads t0 b2 l1 r3 (asymmetric on both axes), 3x3, batch 2", 16,
              (2, 5, 4, 3), 3, 3, 2, pad=(0, 2, 1, 3))
    conv_case(gs, "conv_stride3_nonsquare", "stride 3, 3x2 kernel, pads t1 b1 l0 r1", 17,
              (1, 10, 8, 2), 3, 2, 3, stride=(3, 3), pad=(1, 1, 0, 1))
    conv_case(gs, "conv_nonsquare_2x5_stride2x1", "2x5 kernel, stride (2,1), pad t0 b0 l2 r2", 18,
              (2, 6, 7, 3), 2, 5, 4, stride=(2, 1), pad=(0, 0, 2, 2))
    conv_case(gs, "conv_no_bias_batch3", "no bias, 2x2, batch 3 (db = sum of dy still checked)", 19,
              (3, 5, 5, 2), 2, 2, 3, bias=False)
    conv_case(gs, "conv_groups_dilation_stride3_no_bias", "groups 2 (C 4 -> O 2), dilation (2,1), stride (3,2), "
              "pads t2 b0 l1 r1, 2x3, no bias, batch 2", 20, (2, 9, 8, 4), 2, 3, 2, stride=(3, 2),
              pad=(2, 0, 1, 1), dilation=(2, 1), groups=2, bias=False)
    conv_case(gs, "conv_kernel_fills_padded_input", "4x5 kernel over a 3x4 input with pads t1 b0 l1 r0: 1x1 output",
              21, (2, 3, 4, 2), 4, 5, 3, pad=(1, 0, 1, 0))
    conv_case(gs, "conv_1x1_stride2", "1x1 kernel, stride 2 (pointwise, skipping rows and columns)", 22,
              (1, 5, 6, 4), 1, 1, 5, stride=(2, 2))
    conv_error_case(gs, "conv_dilated_kernel_larger_than_input", "3x3 dilation 2 spans 5 > padded input 4: rejected",
                    (1, 4, 4, 1), 3, 3, 1, (1, 1), (0, 0, 0, 0), (2, 2), 1,
                    "dilation*(k-1)+1 = 5 > 4: torch raises 'Kernel size can't be greater than actual input size'.")
    conv_error_case(gs, "conv_groups_not_dividing_channels", "groups 2 with 3 input channels: rejected",
                    (1, 4, 4, 3), 2, 2, 2, (1, 1), (0, 0, 0, 0), (1, 1), 2,
                    "C = 3 is not divisible by groups = 2 (torch: 'expected input to have ... channels').")


# ---------------------------------------------------------------------------------------------
# pool2d


def unfold_windows(xp, kh, kw, sh, sw, oh, ow):
    """Windows of an already padded NCHW tensor: (N, C, kh*kw, oh, ow), cropped to oh x ow."""
    n, c = xp.shape[:2]
    u = F.unfold(xp, (kh, kw), stride=(sh, sw))  # (N, C*kh*kw, L)
    full_h = (xp.shape[2] - kh) // sh + 1
    full_w = (xp.shape[3] - kw) // sw + 1
    return u.reshape(n, c, kh * kw, full_h, full_w)[:, :, :, :oh, :ow]


def pool_case(gs, name, description, x, mode, k, s, pad=(0, 0, 0, 0), ceil_mode=False, count_include_pad=False,
              ties="first", dy=None, backward=True, path=None, note=None, seed=0):
    """x: NHWC numpy. path: native | F.pad | sum/count | unfold-mask (chosen automatically if None)."""
    n, h, w, c = x.shape
    kh, kw = k
    sh, sw = s
    top, bottom, left, right = pad
    oh = pool_out(h, kh, sh, top, bottom, ceil_mode)
    ow = pool_out(w, kw, sw, left, right, ceil_mode)
    if backward and dy is None:
        dy = np.random.default_rng(seed + 1000).standard_normal((n, oh, ow, c))
    symmetric = top == bottom and left == right and 2 * top <= kh and 2 * left <= kw
    if path is None:
        if mode == "max" and ties == "all":
            path = "unfold-mask"
        elif symmetric:
            path = "native"
        else:
            path = "F.pad" if mode == "max" else "sum/count"

    xt = t(nhwc_to_nchw(t(x)), grad=True)
    if path == "native":
        if mode == "max":
            y = F.max_pool2d(xt, (kh, kw), (sh, sw), padding=(top, left), ceil_mode=ceil_mode)
        else:
            y = F.avg_pool2d(xt, (kh, kw), (sh, sw), padding=(top, left), ceil_mode=ceil_mode,
                             count_include_pad=count_include_pad)
    elif path == "F.pad":
        assert mode == "max"
        y = F.max_pool2d(F.pad(xt, (left, right, top, bottom), value=-INF), (kh, kw), (sh, sw), ceil_mode=ceil_mode)
        y = y[:, :, :oh, :ow]
    elif path == "sum/count":
        assert mode == "avg"
        padded = (left, right, top, bottom)
        total = F.avg_pool2d(F.pad(xt, padded), (kh, kw), (sh, sw), ceil_mode=ceil_mode, divisor_override=1)
        ones = torch.ones(1, 1, h + top + bottom, w + left + right) if count_include_pad else \
            F.pad(torch.ones(1, 1, h, w), padded)
        count = F.avg_pool2d(ones, (kh, kw), (sh, sw), ceil_mode=ceil_mode, divisor_override=1)
        y = (total / count)[:, :, :oh, :ow]
    elif path == "unfold-mask":
        assert mode == "max" and ties == "all"
        # Pad -inf far enough that the last (ceil-mode) window fits, then mask each window's maxima.
        extra_h = max(0, (oh - 1) * sh + kh - (h + top + bottom))
        extra_w = max(0, (ow - 1) * sw + kw - (w + left + right))
        xp = F.pad(xt.detach(), (left, right + extra_w, top, bottom + extra_h), value=-INF)
        win = unfold_windows(xp, kh, kw, sh, sw, oh, ow)
        y = win.max(dim=2).values  # NaN if the window holds a NaN
        if backward:
            mask = (win == y.unsqueeze(2)).to(torch.float64)  # a NaN maximum equals nothing
            g = mask * nhwc_to_nchw(t(dy)).unsqueeze(2)
            full_h = (xp.shape[2] - kh) // sh + 1
            full_w = (xp.shape[3] - kw) // sw + 1
            g_full = torch.zeros(n, c, kh * kw, full_h, full_w)
            g_full[:, :, :, :oh, :ow] = g
            dxp = F.fold(g_full.reshape(n, c * kh * kw, full_h * full_w), xp.shape[2:], (kh, kw), stride=(sh, sw))
            dx = dxp[:, :, top:top + h, left:left + w]
    else:
        raise ValueError(path)
    assert tuple(y.shape) == (n, c, oh, ow), (name, tuple(y.shape), (n, c, oh, ow))

    arrays = {"x": x, "y": nchw_to_nhwc(y.detach()).numpy()}
    if backward:
        if path != "unfold-mask":
            y.backward(nhwc_to_nchw(t(dy)))
            dx = xt.grad
        arrays["dy"] = dy
        arrays["dx"] = nchw_to_nhwc(dx.detach()).numpy()
    params = {
        "mode": mode, "kh": kh, "kw": kw, "stride_h": sh, "stride_w": sw,
        "pad_top": top, "pad_bottom": bottom, "pad_left": left, "pad_right": right,
        "ceil_mode": ceil_mode, "count_include_pad": count_include_pad, "ties": ties,
        "reduce_y": kh * kw, "reduce_dx": kh * kw,
        "expected_from": "torch", "torch_verified": 1, "torch_path": path,
    }
    gs.case(name, "pool2d", description, params, arrays, note)


def pool_cases(gs):
    # 8x6 with 3x3 / stride 2 / pad 1 and ceil mode: the last window of each axis overhangs the padding
    # (rows 8, 9 real+pad, 10 beyond), so count_include_pad must not count the overhang.
    rng = np.random.default_rng(31)
    x = rng.standard_normal((2, 8, 6, 3))
    pool_case(gs, "pool_max_k3s2_pad1_ceil", "max 3x3 stride 2 pad 1, ceil mode", x, "max", (3, 3), (2, 2),
              (1, 1, 1, 1), ceil_mode=True, seed=1)
    pool_case(gs, "pool_avg_k3s2_pad1_ceil_include_pad", "avg 3x3 stride 2 pad 1, ceil, count_include_pad 1 "
              "(ceil overhang not counted)", x, "avg", (3, 3), (2, 2), (1, 1, 1, 1), ceil_mode=True,
              count_include_pad=True, seed=2)
    pool_case(gs, "pool_avg_k3s2_pad1_ceil_exclude_pad", "avg 3x3 stride 2 pad 1, ceil, count_include_pad 0", x,
              "avg", (3, 3), (2, 2), (1, 1, 1, 1), ceil_mode=True, count_include_pad=False, seed=3)
    pool_case(gs, "pool_avg_k2s2_pad1_include_pad", "avg 2x2 stride 2 pad 1, count_include_pad 1", x, "avg", (2, 2),
              (2, 2), (1, 1, 1, 1), count_include_pad=True, seed=4)

    x = np.random.default_rng(32).standard_normal((2, 6, 7, 2))
    pool_case(gs, "pool_max_asym_pad", "max 3x3 stride 2, pads t0 b2 l1 r0 (-inf padding)", x, "max", (3, 3),
              (2, 2), (0, 2, 1, 0), seed=5)
    pool_case(gs, "pool_max_asym_pad_ceil_drops_window", "max 3x3 stride 2, pads t0 b2 l2 r1, ceil: the bottom "
              "window starting in the padding is dropped", x, "max", (3, 3), (2, 2), (0, 2, 2, 1), ceil_mode=True,
              seed=6)
    pool_case(gs, "pool_max_pad2_k3", "max 3x3 stride 1 pad 2 (pad > kernel/2: torch needs explicit padding)", x,
              "max", (3, 3), (1, 1), (2, 2, 2, 2), seed=7)
    pool_case(gs, "pool_avg_asym_pad_include_pad_ceil", "avg 3x3 stride 2, pads t1 b2 l0 r1, ceil, "
              "count_include_pad 1", x, "avg", (3, 3), (2, 2), (1, 2, 0, 1), ceil_mode=True, count_include_pad=True,
              seed=8)
    pool_case(gs, "pool_avg_asym_pad_exclude_pad", "avg 3x3 stride 2, pads t1 b2 l0 r1, count_include_pad 0 "
              "(TF SAME style)", x, "avg", (3, 3), (2, 2), (1, 2, 0, 1), count_include_pad=False, seed=9)
    pool_case(gs, "pool_avg_asym_pad_exclude_pad_ceil", "avg 2x3 stride (2,3), pads t1 b0 l2 r1, ceil, "
              "count_include_pad 0", x, "avg", (2, 3), (2, 3), (1, 0, 2, 1), ceil_mode=True,
              count_include_pad=False, seed=10)
    pool_case(gs, "pool_max_nonsquare_stride3x2", "max 2x3 kernel, stride (3,2), no padding (gaps between windows)",
              x, "max", (2, 3), (3, 2), seed=11)

    # Ties: small integers, so ties survive rounding to float32 too.
    xi = np.random.default_rng(33).integers(0, 3, size=(2, 6, 6, 2)).astype(np.float64)
    pool_case(gs, "pool_max_ties_first_overlap", "max 3x3 stride 1 pad 1 on values {0,1,2}: many ties, dy to the "
              "first maximum (torch CPU)", xi, "max", (3, 3), (1, 1), (1, 1, 1, 1), ties="first", seed=12)
    pool_case(gs, "pool_max_ties_all_overlap", "same input, ties all: every maximum of a window gets its dy", xi,
              "max", (3, 3), (1, 1), (1, 1, 1, 1), ties="all", seed=12)
    pool_case(gs, "pool_max_ties_all_asym_pad_ceil", "ties all with pads t0 b1 l1 r0, 2x2 stride 2, ceil", xi,
              "max", (2, 2), (2, 2), (0, 1, 1, 0), ceil_mode=True, ties="all", seed=13)
    pool_case(gs, "pool_max_ties_first_asym_pad_ceil", "ties first with pads t0 b1 l1 r0, 2x2 stride 2, ceil", xi,
              "max", (2, 2), (2, 2), (0, 1, 1, 0), ceil_mode=True, ties="first", seed=13)

    # NaN: at most one NaN per window where a gradient is stored (torch sends dy to the last NaN,
    # cnnkit to the first; they agree when there is one).
    xn = np.random.default_rng(34).standard_normal((1, 8, 8, 2))
    xn[0, 0, 0, 0] = xn[0, 4, 5, 0] = xn[0, 7, 2, 1] = xn[0, 3, 7, 1] = NAN
    note = "NaN cells at [0,0,0,0], [0,4,5,0], [0,7,2,1], [0,3,7,1]; no 2x2/stride-2 or 3x3/stride-2/pad-1 " \
           "window holds two of them."
    pool_case(gs, "pool_max_nan_ties_first", "max 2x2 stride 2 with NaN cells: y NaN, dy to the NaN", xn, "max",
              (2, 2), (2, 2), ties="first", note=note, seed=14)
    pool_case(gs, "pool_max_nan_overlap_pad", "max 3x3 stride 2 pad 1 with NaN cells (overlapping windows)", xn,
              "max", (3, 3), (2, 2), (1, 1, 1, 1), ties="first", note=note, seed=15)
    pool_case(gs, "pool_max_nan_ties_all", "max 2x2 stride 2 with NaN cells, ties all: NaN windows pass no gradient",
              xn, "max", (2, 2), (2, 2), ties="all", note=note, seed=14)
    pool_case(gs, "pool_avg_nan", "avg 2x2 stride 2 with NaN cells: y NaN, dx unaffected", xn, "avg", (2, 2),
              (2, 2), count_include_pad=True, note=note, seed=16)
    xm = xn.copy()
    xm[0, 0, 1, 0] = xm[0, 1, 0, 0] = NAN  # three NaNs in the first window
    pool_case(gs, "pool_max_nan_multi_forward_only", "max 2x2 stride 2, a window with three NaNs: forward only", xm,
              "max", (2, 2), (2, 2), backward=False,
              note="Windows with several NaNs are forward-only: torch routes dy to the last NaN, cnnkit's rule is "
                   "the first.")
    xf = np.random.default_rng(35).standard_normal((1, 4, 4, 1))
    xf[0, 0, 1, 0] = INF
    xf[0, 2, 2, 0] = -INF
    pool_case(gs, "pool_max_infinities", "max 2x2 stride 2 with +inf and -inf cells", xf, "max", (2, 2), (2, 2),
              seed=17)


# ---------------------------------------------------------------------------------------------
# relu, dense, flatten, softmax cross-entropy


def relu_cases(gs):
    rng = np.random.default_rng(41)
    x = rng.standard_normal((2, 3, 4, 5))
    flat = x.reshape(-1)
    flat[::7] = 0.0
    flat[3] = NAN
    flat[50] = NAN
    flat[11] = -0.0
    flat[12] = INF
    flat[13] = -INF
    flat[20] = 1e-30  # tiny but still a normal float32: rounding must keep the sign
    flat[21] = -1e-30
    dy = rng.standard_normal(x.shape)
    xt = t(x, grad=True)
    y = torch.relu(xt)
    y.backward(t(dy))
    gs.case("relu_zero_negative_nan", "relu", "relu on zeros, -0, negatives, NaN, +-inf, +-1e-30: relu'(0) = 0, "
            "NaN passes dy", {"reduce_y": 1, "reduce_dx": 1, "expected_from": "torch", "torch_verified": 1},
            {"x": x, "dy": dy, "y": numpy_of(y), "dx": numpy_of(xt.grad)})


def dense_case(gs, name, description, seed, m, n_in, n_out, bias=True):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((m, n_in))
    w = rng.standard_normal((n_in, n_out)) / math.sqrt(n_in)
    b = rng.standard_normal(n_out)
    dy = rng.standard_normal((m, n_out))
    xt, wt = t(x, grad=True), t(w, grad=True)
    bt = t(b if bias else np.zeros(n_out), grad=True)
    y = xt @ wt + bt
    y.backward(t(dy))
    arrays = {"x": x, "w": w}
    if bias:
        arrays["b"] = b
    arrays.update({"dy": dy, "y": numpy_of(y), "dx": numpy_of(xt.grad), "dw": numpy_of(wt.grad),
                   "db": numpy_of(bt.grad)})
    gs.case(name, "dense", description,
            {"n_in": n_in, "n_out": n_out, "reduce_y": n_in + 1, "reduce_dx": n_out, "reduce_dw": m, "reduce_db": m,
             "expected_from": "torch", "torch_verified": 1}, arrays)


def flatten_case(gs):
    x = np.random.default_rng(42).standard_normal((2, 2, 3, 4))
    gs.case("flatten_nhwc", "flatten", "NHWC row-major flatten (TF order): (2,2,3,4) -> (2,24)",
            {"reduce_y": 1, "expected_from": "torch", "torch_verified": 1},
            {"x": x, "y": numpy_of(t(x).reshape(2, -1))})


def softmax_case(gs, name, description, logits, labels, note=None):
    m, k = logits.shape
    xt = t(logits, grad=True)
    if labels.dtype.kind in "iu":
        loss = F.cross_entropy(xt, torch.tensor(labels, dtype=torch.int64))
    else:
        loss = F.cross_entropy(xt, t(labels))  # probability targets: -sum(labels * log_softmax) / m
    loss.backward()
    gs.case(name, "softmax_cross_entropy", description,
            {"reduce_loss": m * k, "reduce_dx": k, "expected_from": "torch", "torch_verified": 1},
            {"x": logits, "labels": labels, "loss": numpy_of(loss), "dx": numpy_of(xt.grad)}, note)


def softmax_cases(gs):
    rng = np.random.default_rng(43)
    softmax_case(gs, "softmax_xent_prob_labels_unnormalised", "probability labels not summing to 1 (as seed 002's "
                 "randn labels)", rng.standard_normal((5, 6)) * 3, rng.standard_normal((5, 6)))
    p = rng.random((4, 7))
    softmax_case(gs, "softmax_xent_prob_labels_distribution", "label rows that are distributions",
                 rng.standard_normal((4, 7)) * 2, p / p.sum(axis=1, keepdims=True))
    softmax_case(gs, "softmax_xent_index_labels", "integer class labels (int64)", rng.standard_normal((6, 4)) * 2,
                 np.array([0, 3, 1, 1, 2, 3], dtype=np.int64))
    big = rng.standard_normal((4, 5)) * 3 + np.array([1000.0, -1000.0, 0.0, 1000.0, 500.0])
    big[3] = [1000.0, -1000.0, 0.0, 999.0, -999.0]
    softmax_case(gs, "softmax_xent_logits_1e3_index", "logits of magnitude 1e3 (exp overflows without the max "
                 "shift), index labels incl. the least likely class", big, np.array([1, 0, 4, 1], dtype=np.int64))
    softmax_case(gs, "softmax_xent_logits_1e3_prob", "logits of magnitude 1e3, probability labels", big,
                 rng.random((4, 5)))


# ---------------------------------------------------------------------------------------------
# Adam


def adam_torch_case(gs, name, description, seed, shape, steps, lr, betas, eps, weight_decay=0.0, adamw=False,
                    resume_from=0):
    """torch.optim.Adam / AdamW, `steps` updates. resume_from > 0 starts from a state saved after that
    many steps (random non-zero m, v), so the first update is t = resume_from + 1."""
    rng = np.random.default_rng(seed)
    param = rng.standard_normal(shape)
    grads = rng.standard_normal((steps,) + shape)
    m0 = np.zeros(shape)
    v0 = np.zeros(shape)
    if resume_from:
        m0 = rng.standard_normal(shape) * 0.1
        v0 = rng.random(shape) * 0.05
    p = torch.nn.Parameter(t(param))
    cls = torch.optim.AdamW if adamw else torch.optim.Adam
    opt = cls([p], lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=False)
    if resume_from:
        opt.state[p] = {"step": torch.tensor(float(resume_from)), "exp_avg": t(m0), "exp_avg_sq": t(v0)}
    for s in range(steps):
        p.grad = t(grads[s])
        opt.step()
    state = opt.state[p]
    params = {"style": "torch", "t": resume_from + 1, "steps": steps, "lr": lr, "beta1": betas[0], "beta2": betas[1],
              "eps": eps}
    if weight_decay:
        params["weight_decay"] = weight_decay
        params["decoupled_weight_decay"] = adamw
    params.update({"reduce_y": 10 * steps, "reduce_m_out": 4 * steps, "reduce_v_out": 4 * steps,
                   "expected_from": "torch", "torch_verified": 1})
    gs.case(name, "adam", description, params,
            {"param": param, "grad": grads, "m": m0, "v": v0, "y": numpy_of(p), "m_out": numpy_of(state["exp_avg"]),
             "v_out": numpy_of(state["exp_avg_sq"])})


def adam_tf1_case(gs, name, description, seed, shape, steps, lr, beta1, beta2, eps):
    """TensorFlow 1 AdamOptimizer's update, written out in numpy (TF is not available here)."""
    rng = np.random.default_rng(seed)
    param = rng.standard_normal(shape)
    grads = rng.standard_normal((steps,) + shape)
    p, m, v = param.copy(), np.zeros(shape), np.zeros(shape)
    for s in range(steps):
        step = s + 1
        g = grads[s]
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        lr_t = lr * math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
        p = p - lr_t * m / (np.sqrt(v) + eps)
    gs.case(name, "adam", description,
            {"style": "tf", "t": 1, "steps": steps, "lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps,
             "reduce_y": 10 * steps, "reduce_m_out": 4 * steps, "reduce_v_out": 4 * steps,
             "expected_from": "numpy", "torch_verified": 0},
            {"param": param, "grad": grads, "m": np.zeros(shape), "v": np.zeros(shape), "y": p, "m_out": m,
             "v_out": v},
            "TF1 AdamOptimizer: lr_t = lr*sqrt(1-b2^t)/(1-b1^t); m, v as Adam; p -= lr_t*m/(sqrt(v)+eps) "
            "(eps outside the bias correction, unlike torch).")


def adam_cases(gs):
    adam_torch_case(gs, "adam_torch_5_steps", "torch.optim.Adam, 5 steps from zero state", 51, (10,), 5, 0.01,
                    (0.9, 0.999), 1e-8)
    adam_torch_case(gs, "adam_torch_large_eps_matrix", "torch.optim.Adam, eps 0.1 (where the torch and TF forms "
                    "differ), betas (0.8, 0.99), (3,4) param, 3 steps", 52, (3, 4), 3, 0.05, (0.8, 0.99), 0.1)
    adam_torch_case(gs, "adam_torch_l2_weight_decay", "torch.optim.Adam weight_decay 0.1 (L2 added to the "
                    "gradient), 4 steps", 53, (8,), 4, 0.02, (0.9, 0.999), 1e-8, weight_decay=0.1)
    adam_torch_case(gs, "adamw_torch", "torch.optim.AdamW weight_decay 0.05 (decoupled), 4 steps", 54, (8,), 4, 0.02,
                    (0.9, 0.999), 1e-8, weight_decay=0.05, adamw=True)
    adam_torch_case(gs, "adam_torch_resume_t4", "torch.optim.Adam resumed at t = 4 from non-zero m, v; 3 steps", 55,
                    (6,), 3, 0.01, (0.9, 0.999), 1e-6, resume_from=3)
    adam_tf1_case(gs, "adam_tf1_seed_lr", "TF1 Adam formula (numpy), the seed's lr 0.009, 4 steps", 56, (10,), 4,
                  0.009, 0.9, 0.999, 1e-8)
    adam_tf1_case(gs, "adam_tf1_large_eps", "TF1 Adam formula (numpy), eps 0.1, 3 steps", 57, (2, 5), 3, 0.05, 0.8,
                  0.99, 0.1)


# ---------------------------------------------------------------------------------------------
# pad


def pad_case(gs, name, description, seed, x_shape, pads, value):
    x = np.random.default_rng(seed).standard_normal(x_shape)
    top, bottom, left, right = pads
    y = nchw_to_nhwc(F.pad(nhwc_to_nchw(t(x)), (left, right, top, bottom), value=value))
    gs.case(name, "pad", description,
            {"pad_top": top, "pad_bottom": bottom, "pad_left": left, "pad_right": right, "value": float(value),
             "reduce_y": 1, "expected_from": "torch", "torch_verified": 1},
            {"x": x, "y": y.numpy()})


def pad_cases(gs):
    pad_case(gs, "pad_constant_asym", "constant -1.5, pads t1 b0 l2 r3", 61, (2, 3, 4, 2), (1, 0, 2, 3), -1.5)
    pad_case(gs, "pad_constant_one_side", "constant 2, pads t0 b0 l0 r3 (width only)", 62, (1, 2, 3, 3),
             (0, 0, 0, 3), 2.0)
    pad_case(gs, "pad_constant_height_only", "constant 0.25, pads t2 b1 l0 r0", 63, (1, 2, 2, 1), (2, 1, 0, 0), 0.25)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "..", "tests", "data", "golden"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=default_out)
    out = ap.parse_args().out
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    torch.manual_seed(0)
    gs = GoldenSet(out)
    conv_cases(gs)
    pool_cases(gs)
    relu_cases(gs)
    dense_case(gs, "dense_batch4", "x (4,7) @ w (7,5) + b", 71, 4, 7, 5)
    dense_case(gs, "dense_batch1", "a single row", 72, 1, 9, 3)
    dense_case(gs, "dense_no_bias", "no bias (db = column sums of dy still checked)", 73, 3, 4, 6, bias=False)
    flatten_case(gs)
    softmax_cases(gs)
    adam_cases(gs)
    pad_cases(gs)
    gs.finish()


if __name__ == "__main__":
    main()
