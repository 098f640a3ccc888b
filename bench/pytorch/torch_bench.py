#!/usr/bin/python3
"""PyTorch on cnnkit's shape suite: pooling (forward and backward), ReLU and dense.

cnnkit-bench is C++ and cannot host PyTorch, so this script times PyTorch (CPU, fp32, channels_last =
NHWC memory) on the same shape files with the same work conventions, and, given the CSV that
cnnkit-bench wrote in the same session (--csv FILE), prints cnnkit's plain-call rate (the public call
with default dispatch, the row cnnkit-bench compares with its engines) beside PyTorch's with the ratio
cnnkit / PyTorch (> 1: cnnkit faster).

Conventions (as cnnkit-bench, see bench/README.md): pooling GB/s = 4 * (input + output elements) /
time for both directions (the indices pair too: max_pool2d_with_indices and its backward map to
cnnkit's pool2d_fwd_indices / pool2d_bwd_indices); ReLU GB/s = 2 * 4 * count / time; dense GFLOP/s = 2 * m * n_in * n_out /
time. Two PyTorch forms are timed per case and the faster one is reported: the usual call (which
allocates its output each call) and the aten out= kernel writing into preallocated tensors.

  /usr/bin/python3 bench/pytorch/torch_bench.py --threads 1,2 [--shapes REGEX] [--files corpus] [--cnnkit-csv FILE]
"""
import argparse
import csv
import glob
import math
import os
import re
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the comparison is optional: say so and succeed
    print("torch_bench: PyTorch is not installed for this python (apt-get install python3-torch); skipped")
    sys.exit(0)

SHAPES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shapes")


def parse_size(text):
    parts = [int(v) for v in text.split("x")]
    return (parts[0], parts[0]) if len(parts) == 1 else (parts[0], parts[1])


def same_padding(size, kernel, stride):
    out = (size + stride - 1) // stride
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


# Built-in files outside the default suite (as bench/common/shape_suite.cpp): read only when named.
OPT_IN = ["corpus", "corpus_sample", "pool_classes"]


def read_layers(pattern, chosen=None):
    """Pool, eltwise and dense layers of the default suite's shape files (or of the files named in
    `chosen`), in the tool's suite order; a name seen twice (corpus_sample repeats corpus) once."""
    order = ["seeds", "signs_convnet", "resnet50", "vgg16", "alexnet", "eltwise"]
    stem = lambda f: os.path.basename(f)[:-4]
    files = sorted(glob.glob(os.path.join(SHAPES_DIR, "*.txt")),
                   key=lambda f: (order.index(stem(f)) if stem(f) in order else 99, f))
    if chosen:
        unknown = set(chosen) - {stem(f) for f in files}
        if unknown:
            sys.exit(f"torch_bench: no shape file {', '.join(sorted(unknown))} in {SHAPES_DIR}")
        files = [f for f in files if stem(f) in chosen]
    else:
        files = [f for f in files if stem(f) not in OPT_IN]
    layers = []
    for path in files:
        for line in open(path):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            kind, *fields = line.split()
            kv = dict(f.split("=", 1) for f in fields)
            if kind == "pool":
                modes = kv.get("mode", "max").split(",")
                for mode in modes:  # named as cnnkit-bench names them: <name>.<mode> only for mode=max,avg
                    name = kv["name"] + "." + mode if len(modes) > 1 else kv["name"]
                    layers.append(("pool", name, dict(kv, mode=mode)))
            elif kind in ("eltwise", "dense"):
                layers.append((kind, kv["name"], kv))
    seen, unique = set(), []
    for l in layers:
        if l[1] not in seen:
            seen.add(l[1])
            unique.append(l)
    return [l for l in unique if re.search(pattern, l[1])]


def pool_padding(kv, h, w, kh, kw, sh, sw):
    pad = kv.get("pad", "0")
    if pad == "same":
        return same_padding(h, kh, sh) + same_padding(w, kw, sw)
    if pad == "valid":
        return (0, 0, 0, 0)
    vals = [int(v) for v in re.split("[x,]", pad)]
    if len(vals) == 1:
        return (vals[0],) * 4
    if len(vals) == 2:
        return (vals[0], vals[0], vals[1], vals[1])
    return tuple(vals)


def timed(fn, min_time=0.25, max_reps=25):
    """Median seconds per call: batches of calls sized to ~1 ms, after a warm-up."""
    fn()
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    calls = max(1, int(1e-3 / once))
    samples = []
    deadline = time.perf_counter() + min_time
    while len(samples) < max_reps and (len(samples) < 3 or time.perf_counter() < deadline):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


def pool_cases(kv):
    n, h, w, c = (int(kv[k]) for k in ("n", "h", "w", "c"))
    kh, kw = parse_size(kv["kernel"])
    sh, sw = parse_size(kv.get("stride", kv["kernel"]))
    top, bottom, left, right = pool_padding(kv, h, w, kh, kw, sh, sw)
    if top != bottom or left != right:
        return None, "asymmetric padding: PyTorch pools pad symmetrically"
    ceil = kv.get("ceil", "0") == "1"
    include_pad = kv.get("include_pad", "0") == "1"
    x = torch.rand(n, c, h, w).mul_(2).sub_(1).contiguous(memory_format=torch.channels_last)
    args = ([kh, kw], [sh, sw], [top, left])
    if kv["mode"] == "max":
        y, idx = torch.ops.aten.max_pool2d_with_indices(x, *args, [1, 1], ceil)
        y_out, idx_out = torch.empty_like(y), torch.empty_like(idx)
        dy = torch.rand_like(y)
        dx = torch.empty_like(x)
        fwd = [lambda: F.max_pool2d(x, *args, ceil_mode=ceil)]
        # PyTorch's training forward saves the winners (int64, plane index h * w_in + w, as cnnkit's
        # int32 indices) and its only max-pool backward reads them: the counterparts of cnnkit's
        # pool2d_fwd_indices / pool2d_bwd_indices. pool2d_bwd (cnnkit's x-based backward) is
        # compared with the same backward, the one PyTorch users run.
        fwd_idx = [lambda: torch.ops.aten.max_pool2d_with_indices(x, *args, [1, 1], ceil),
                   lambda: torch.ops.aten.max_pool2d_with_indices.out(x, *args, [1, 1], ceil, out=y_out,
                                                                       indices=idx_out)]
        bwd = [lambda: torch.ops.aten.max_pool2d_with_indices_backward(dy, x, *args, [1, 1], ceil, idx),
               lambda: torch.ops.aten.max_pool2d_with_indices_backward.grad_input(dy, x, *args, [1, 1], ceil, idx,
                                                                                  grad_input=dx)]
    else:
        y = F.avg_pool2d(x, *args, ceil_mode=ceil, count_include_pad=include_pad)
        y_out, dy, dx = torch.empty_like(y), torch.rand_like(y), torch.empty_like(x)
        fwd = [lambda: F.avg_pool2d(x, *args, ceil_mode=ceil, count_include_pad=include_pad),
               lambda: torch.ops.aten.avg_pool2d.out(x, *args, ceil, include_pad, None, out=y_out)]
        bwd = [lambda: torch.ops.aten.avg_pool2d_backward(dy, x, *args, ceil, include_pad, None),
               lambda: torch.ops.aten.avg_pool2d_backward.grad_input(dy, x, *args, ceil, include_pad, None,
                                                                     grad_input=dx)]
    work = 4.0 * (x.numel() + y.numel())
    cases = [("pool2d_fwd", fwd, work, "GB/s"), ("pool2d_bwd", bwd, work, "GB/s")]
    if kv["mode"] == "max":
        cases.append(("pool2d_fwd_indices", fwd_idx, work, "GB/s"))
        if kv.get("ties", "first") == "first":  # cnnkit's indices backward refuses ties = all
            cases.append(("pool2d_bwd_indices", bwd, work, "GB/s"))
    return cases, None


def eltwise_cases(kv):
    count = int(kv["count"])
    x = torch.rand(count).mul_(2).sub_(1)
    work = 8.0 * count
    if kv.get("inplace", "0") == "1":
        # In place on the same buffer every call: after the first call the data are non-negative,
        # which changes no cost for a branch-free kernel.
        return [("relu_fwd", [lambda: torch.relu_(x)], work, "GB/s")], None
    y = torch.empty_like(x)
    return [("relu_fwd", [lambda: torch.relu(x), lambda: torch.clamp_min(x, 0, out=y)], work, "GB/s")], None


def dense_cases(kv):
    m, n_in, n_out = int(kv["m"]), int(kv["n_in"]), int(kv["n_out"])
    x, w, b = torch.rand(m, n_in), torch.rand(n_in, n_out), torch.rand(n_out)
    dy = torch.rand(m, n_out)
    y, dx, dw = torch.empty(m, n_out), torch.empty(m, n_in), torch.empty(n_in, n_out)
    flops = 2.0 * m * n_in * n_out
    return [("dense_fwd", [lambda: torch.addmm(b, x, w), lambda: torch.addmm(b, x, w, out=y)], flops, "GFLOP/s"),
            ("dense_bwd_data", [lambda: torch.mm(dy, w.t()), lambda: torch.mm(dy, w.t(), out=dx)], flops, "GFLOP/s"),
            ("dense_bwd_weights", [lambda: torch.mm(x.t(), dy), lambda: torch.mm(x.t(), dy, out=dw)], flops,
             "GFLOP/s")], None


def read_cnnkit(path):
    """cnnkit's plain-call rate per (op, shape, threads) from cnnkit-bench --csv: the row named "plain"
    (default dispatch at that thread count, as a user calls it), as in the tool's own comparison."""
    plain = {}
    for row in csv.DictReader(open(path)):
        if row.get("row") != "plain" or row["variant"] != "plain" or row["status"] != "measured" \
                or row["check"] not in ("ok", "unchecked"):
            continue
        plain[(row["op"], row["shape"], int(row["threads"]))] = float(row["rate"])
    return plain


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--shapes", default=".", help="regex searched in layer names")
    ap.add_argument("--files", default="", help="shape files (stems, e.g. corpus_sample); default: the default suite")
    ap.add_argument("--ops", default=".", help="regex searched in op names (pool2d_fwd, relu_fwd, dense_fwd, ...)")
    ap.add_argument("--cnnkit-csv", help="cnnkit-bench --csv output of the same session, for ratios")
    a = ap.parse_args()
    threads = [int(t) for t in a.threads.split(",")]
    plain = read_cnnkit(a.cnnkit_csv) if a.cnnkit_csv else {}
    torch.manual_seed(0)
    print(f"PyTorch {torch.__version__}, fp32, channels_last; rate = the faster of the allocating call and the out= form")
    print(f"{'op':<19} {'shape':<22} {'thr':>3} {'pytorch':>10} {'unit':<8} {'cnnkit plain':>12} {'cnnkit/pytorch':>15}")
    ratios = {}
    makers = {"pool": pool_cases, "eltwise": eltwise_cases, "dense": dense_cases}
    for kind, name, kv in read_layers(a.shapes, [f for f in a.files.split(",") if f]):
        cases, why = makers[kind](kv)
        if cases is None:
            print(f"{kind:<18} {name:<22} skipped: {why}")
            continue
        for op, forms, work, unit in cases:
            if not re.search(a.ops, op):
                continue
            for t in threads:
                torch.set_num_threads(t)
                seconds = min(timed(f) for f in forms)
                rate = work / seconds / 1e9
                ck = plain.get((op, name, t), 0.0)
                ck_text, ratio_text = "", ""
                if ck:
                    ratios.setdefault((op, t), []).append(ck / rate)
                    ck_text, ratio_text = f"{ck:.3g}", f"{ck / rate:.2f}x"
                print(f"{op:<19} {name:<22} {t:>3} {rate:>10.3g} {unit:<8} {ck_text:>12} {ratio_text:>15}")
    for (op, t), r in sorted(ratios.items()):
        geo = math.exp(sum(math.log(v) for v in r) / len(r))
        print(f"geomean cnnkit/pytorch {op} {t}T over {len(r)} shapes: {geo:.2f}x (min {min(r):.2f}x)")


if __name__ == "__main__":
    main()
