"""cnnkit.thread_plan from Python: the plan the C++ query computes, for a dict of the ops' keywords."""

import numpy as np
import pytest

import cnnkit

CONV = {"x_shape": (8, 56, 56, 64), "w_shape": (3, 3, 64, 64), "padding": 1}


@pytest.mark.parametrize("threads", [2, 16, 64])
def test_a_conv_plan_accounts_for_every_thread(threads):
    plan = cnnkit.thread_plan("conv2d_fwd", threads, CONV)
    work = plan["thread_work"]
    assert plan["threads"] == threads and len(work) == threads
    assert 1 <= plan["team"] <= threads and plan["chunks"] >= plan["team"]
    assert plan["load_balance"] == pytest.approx(np.mean(work) / max(work))
    assert 0 < plan["load_balance"] <= 1
    assert plan["tile_work_min"] <= plan["tile_work_max"]
    names = {v.name for v in cnnkit.list_variants("conv2d_fwd", "float32")}
    assert plan["variant"] in names and plan["threading"] in {"openmp", "tbb"}


def test_one_thread_is_a_serial_plan_that_says_why():
    plan = cnnkit.thread_plan("conv2d_fwd", 1, CONV)
    assert plan["threading"] == "serial" and plan["team"] == 1 and plan["note"]


def test_the_context_decides_the_runtime_and_the_variant():
    tbb = cnnkit.thread_plan("conv2d_fwd", 8, CONV, ctx=cnnkit.Context(threading="tbb"))
    assert tbb["threading"] == "tbb" and tbb["variant"].endswith(".tbb")
    forced = cnnkit.Context(variants={"conv2d_fwd": "conv2d_fwd.ref"})
    assert cnnkit.thread_plan("conv2d_fwd", 8, CONV, ctx=forced)["variant"] == "conv2d_fwd.ref"


@pytest.mark.parametrize(
    "op,problem",
    [
        ("pool2d_fwd", {"x_shape": (8, 112, 112, 64), "kernel_size": 3, "pool_stride": 2, "padding": 1}),
        ("pool2d_bwd", {"x_shape": (8, 112, 112, 64), "kernel_size": 2, "mode": "avg"}),
        ("relu_fwd", {"count": 1 << 22}),
        ("adam", {"count": 1 << 22}),
        ("dense_fwd", {"batch": 1024, "in_features": 1024, "out_features": 1024, "bias": True}),
        ("softmax_xent", {"batch": 4096, "in_features": 1000}),
        ("pad", {"x_shape": (8, 56, 56, 64), "padding": (1, 2, 1, 2)}),
        ("conv2d_bwd_data", dict(CONV, stride=1, dilation=1, groups=1)),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_every_op_family_has_a_plan(op, problem, dtype):
    plan = cnnkit.thread_plan(op, 4, problem, dtype=dtype)
    assert plan["variant"].startswith(op + ".") and len(plan["thread_work"]) == 4


def test_mistakes_name_what_is_wrong():
    with pytest.raises(cnnkit.InvalidArgument, match="unknown key 'x'"):
        cnnkit.thread_plan("conv2d_fwd", 4, {"x": 1})
    with pytest.raises(cnnkit.InvalidArgument, match="threads"):
        cnnkit.thread_plan("conv2d_fwd", 0, CONV)
    with pytest.raises(cnnkit.InvalidArgument, match="kernel_size"):
        cnnkit.thread_plan("pool2d_fwd", 4, {"x_shape": (1, 8, 8, 1)})
    with pytest.raises(cnnkit.InvalidArgument, match="unknown op"):
        cnnkit.thread_plan("conv3d_fwd", 4, CONV)
    with pytest.raises(cnnkit.InvalidArgument, match="w"):
        cnnkit.thread_plan("conv2d_fwd", 4, {"x_shape": (1, 8, 8, 3), "w_shape": (3, 3, 2, 4)})
