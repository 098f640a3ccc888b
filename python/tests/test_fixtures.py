"""Every fixture and golden case through the module's ops, float64 and float32.

The cases (tests/data/fixtures/seeds, tests/data/golden) are the repository's ground truth from
the seeds, numpy and torch; the C++ suite runs them through the C++ API (tests/reference/), this
file runs them through `import cnnkit` exactly as a Python user would call the ops, so a binding
that maps a parameter wrongly (pads order, ties, stride default, bias shape) fails here.
Float32 runs get the stored inputs rounded to float32 (the fixtures README's rule).
"""
from __future__ import annotations

from typing import Callable, Dict, Set

import numpy as np
import pytest

import cnnkit
import numpy_reference as ref
from fixture_cases import FixtureCase, load_cases
from tolerance import assert_matches

DTYPES = (np.float64, np.float32)
CASES = load_cases()


class CaseRun:
    """One case in one dtype: inputs converted to it, outputs checked by the case's tolerance,
    and at the end every stored array must have been used (as the C++ loader insists)."""

    def __init__(self, case: FixtureCase, dtype) -> None:
        self.case = case
        self.dtype = np.dtype(dtype)
        self.used: Set[str] = set()

    def input(self, name: str) -> np.ndarray:
        self.used.add(name)
        a = self.case.array(name)
        return a if a.dtype.kind in "iu" else np.ascontiguousarray(a, dtype=self.dtype)

    def check(self, name: str, got, reshape_to_expected: bool = False) -> None:
        self.used.add(name)
        expected = self.case.array(name)
        got = np.asarray(got)
        if isinstance(got, np.ndarray) and got.ndim > 0:
            assert got.dtype == self.dtype, f"{self.case.id}/{name}: dtype {got.dtype}, expected {self.dtype}"
        if reshape_to_expected:
            got = got.reshape(expected.shape)
        assert_matches(got, expected, self.dtype, self.case.reduce(name), f"{self.case.id}/{name}")

    def assert_all_used(self) -> None:
        stored = {p.stem for p in self.case.directory.glob("*.npy")}
        assert stored <= self.used, f"{self.case.id}: stored but never used: {sorted(stored - self.used)}"


def conv_kwargs(case: FixtureCase) -> Dict:
    return dict(stride=(case.int_param("stride_h"), case.int_param("stride_w")), padding=case.pads(),
                dilation=(case.int_param("dilation_h", 1), case.int_param("dilation_w", 1)),
                groups=case.int_param("groups", 1))


def pool_kwargs(case: FixtureCase) -> Dict:
    return dict(kernel_size=(case.int_param("kh"), case.int_param("kw")),
                stride=(case.int_param("stride_h"), case.int_param("stride_w")),
                mode=case.params["mode"], padding=case.pads(), ceil_mode=case.flag("ceil_mode"),
                count_include_pad=case.flag("count_include_pad"))


def run_pad(run: CaseRun) -> None:
    value = float(run.case.params.get("value", 0.0))
    run.check("y", cnnkit.pad(run.input("x"), run.case.pads(), value))


def run_conv_single_step(run: CaseRun) -> None:
    z = cnnkit.conv_single_step(run.input("x"), run.input("w"), run.input("b"))
    assert isinstance(z, float)
    run.check("y", z)


def conv_rejected(run: CaseRun) -> None:
    """expect_error: every conv entry point raises InvalidArgument and leaves out= untouched."""
    x, w, b = run.input("x"), run.input("w"), run.input("b")
    kw = conv_kwargs(run.case)
    y = np.full((x.shape[0], 1, 1, w.shape[3]), 7.0, run.dtype)
    dx = np.full(x.shape, 7.0, run.dtype)
    dw = np.full(w.shape, 7.0, run.dtype)
    dy = np.ones_like(y)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_output_shape(x.shape, w.shape, **kw)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_forward(x, w, b, out=y, **kw)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_backward_data(dy, w, x.shape, out=dx, **kw)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.conv2d_backward_weights(x, dy, w.shape[:2], out=dw, **kw)
    for name, out in (("y", y), ("dx", dx), ("dw", dw)):
        assert (out == 7.0).all(), f"{run.case.id}: a rejected call wrote to {name}"


def run_conv2d(run: CaseRun) -> None:
    if run.case.flag("expect_error"):
        return conv_rejected(run)
    kw = conv_kwargs(run.case)
    x, w = run.input("x"), run.input("w")
    b = run.input("b") if run.case.has("b") else None
    if run.case.has("y"):
        run.check("y", cnnkit.conv2d_forward(x, w, b, **kw))
    if run.case.has("dy"):
        dy = run.input("dy")
        run.check("dx", cnnkit.conv2d_backward_data(dy, w, x.shape, **kw))
        run.check("dw", cnnkit.conv2d_backward_weights(x, dy, w.shape[:2], **kw))
        db = cnnkit.conv2d_backward_bias(dy)
        assert db.shape == (w.shape[3],)
        if run.case.has("db"):
            run.check("db", db, reshape_to_expected=True)
            dw2, db2 = cnnkit.conv2d_backward_weights_bias(x, dy, w.shape[:2], **kw)
            run.check("dw", dw2)
            run.check("db", db2, reshape_to_expected=True)


def pool_rejected(run: CaseRun) -> None:
    x = run.input("x")
    kw = pool_kwargs(run.case)
    y = np.full((x.shape[0], 1, 1, x.shape[3]), 7.0, run.dtype)
    dx = np.full(x.shape, 7.0, run.dtype)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.pool2d_output_shape(x.shape, kw["kernel_size"], kw["stride"], padding=kw["padding"],
                                   ceil_mode=kw["ceil_mode"])
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.pool2d_forward(x, out=y, **kw)
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.pool2d_backward(x, np.ones_like(y), out=dx, **kw)
    assert (y == 7.0).all() and (dx == 7.0).all(), f"{run.case.id}: a rejected call wrote to its output"


def run_pool2d(run: CaseRun) -> None:
    if run.case.flag("expect_error"):
        return pool_rejected(run)
    kw = pool_kwargs(run.case)
    ties = run.case.params.get("ties", "first")
    x = run.input("x")
    max_first = kw["mode"] == "max" and ties == "first"
    if run.case.has("y"):
        run.check("y", cnnkit.pool2d_forward(x, **kw))
        if kw["mode"] == "max":
            y, indices = cnnkit.pool2d_forward(x, return_indices=True, **kw)
            assert indices.dtype == np.int32
            run.check("y", y)
    if run.case.has("dy"):
        dy = run.input("dy")
        run.check("dx", cnnkit.pool2d_backward(x, dy, ties=ties, **kw))
        if kw["mode"] == "avg":
            run.check("dx", cnnkit.pool2d_backward(x.shape, dy, **kw))
        if max_first:
            _, indices = cnnkit.pool2d_forward(x, return_indices=True, **kw)
            run.check("dx", cnnkit.pool2d_backward_indices(
                indices, dy, x.shape, kw["kernel_size"], kw["stride"], padding=kw["padding"],
                ceil_mode=kw["ceil_mode"]))


def run_create_mask(run: CaseRun) -> None:
    run.check("y", cnnkit.create_mask_from_window(run.input("x"), ties=run.case.params.get("ties", "first")))


def run_distribute_value(run: CaseRun) -> None:
    shape = (run.case.int_param("shape_h"), run.case.int_param("shape_w"))
    run.check("y", cnnkit.distribute_value(float(run.case.params["dz"]), shape, dtype=run.dtype))


def run_relu(run: CaseRun) -> None:
    x, dy = run.input("x"), run.input("dy")
    run.check("y", cnnkit.relu_forward(x))
    run.check("dx", cnnkit.relu_backward(x, dy))
    # both documented to work in place
    y = x.copy()
    assert cnnkit.relu_forward(y, out=y) is y
    run.check("y", y)
    dx = dy.copy()
    assert cnnkit.relu_backward(x, dx, out=dx) is dx
    run.check("dx", dx)


def run_dense(run: CaseRun) -> None:
    x, w, dy = run.input("x"), run.input("w"), run.input("dy")
    b = run.input("b") if run.case.has("b") else None
    run.check("y", cnnkit.dense_forward(x, w, b))
    run.check("dx", cnnkit.dense_backward_data(dy, w))
    run.check("dw", cnnkit.dense_backward_weights(x, dy))
    run.check("db", cnnkit.dense_backward_bias(dy))
    dx, dw, db = cnnkit.dense_backward(x, w, dy)
    run.check("dx", dx)
    run.check("dw", dw)
    run.check("db", db)


def run_flatten(run: CaseRun) -> None:
    x = run.input("x")
    f = cnnkit.flatten(x)
    assert np.shares_memory(f, x), "flatten must be a view"
    run.check("y", f)


def run_softmax_xent(run: CaseRun) -> None:
    logits, labels = run.input("x"), run.input("labels")
    loss, dx = cnnkit.softmax_cross_entropy(logits, labels)
    assert isinstance(loss, float)
    run.check("loss", loss)
    run.check("dx", dx)
    assert cnnkit.softmax_cross_entropy(logits, labels, grad=False) == loss, \
        "the loss must not depend on whether the gradient is asked for"


def run_adam(run: CaseRun) -> None:
    case = run.case
    style = {"torch": "pytorch", "tf": "tensorflow1"}[case.params["style"]]
    param, m, v = run.input("param"), run.input("m"), run.input("v")
    grads = run.input("grad")
    steps = case.int_param("steps", 1)
    if "steps" not in case.params:
        grads = grads[None]
    first = case.int_param("t")
    for s in range(steps):
        result = cnnkit.adam_step(param, np.ascontiguousarray(grads[s]), m, v, step=first + s,
                                  lr=float(case.params["lr"]), beta1=float(case.params["beta1"]),
                                  beta2=float(case.params["beta2"]), eps=float(case.params["eps"]), style=style,
                                  weight_decay=float(case.params.get("weight_decay", 0.0)),
                                  decoupled_weight_decay=case.flag("decoupled_weight_decay"))
        assert result is None
    run.check("y", param)
    run.check("m_out", m)
    run.check("v_out", v)


def run_convnet_tf(run: CaseRun) -> None:
    """Seed 002's TF ConvNet composed from the module's ops, forward and backward."""
    case = run.case
    x, w1, w2, w3, b3, labels = (run.input(n) for n in ("x", "w1", "w2", "w3", "b3", "labels"))
    ties = case.params.get("ties", "first")

    def conv(layer: str) -> Dict:
        s = case.int_param(layer + "_stride")
        return dict(stride=s, padding=case.pads(layer + "_"))

    def pool(layer: str) -> Dict:
        k, s = case.int_param(layer + "_k"), case.int_param(layer + "_stride")
        return dict(kernel_size=k, stride=s, mode="max", padding=case.pads(layer + "_"))

    # the stored pads are TF SAME: the module's "same" must give them too
    assert tuple(cnnkit.conv2d_output_shape(x.shape, w1.shape, **conv("conv1"))) == \
        tuple(cnnkit.conv2d_output_shape(x.shape, w1.shape, stride=1, padding="same"))
    z1 = cnnkit.conv2d_forward(x, w1, **conv("conv1"))
    a1 = cnnkit.relu_forward(z1)
    p1 = cnnkit.pool2d_forward(a1, **pool("pool1"))
    z2 = cnnkit.conv2d_forward(p1, w2, **conv("conv2"))
    a2 = cnnkit.relu_forward(z2)
    p2 = cnnkit.pool2d_forward(a2, **pool("pool2"))
    f = cnnkit.flatten(p2)
    z3 = cnnkit.dense_forward(f, w3, b3)
    loss, dz3 = cnnkit.softmax_cross_entropy(z3, labels)
    for name, got in (("z1", z1), ("a1", a1), ("p1", p1), ("z2", z2), ("a2", a2), ("p2", p2), ("f", f),
                      ("z3", z3), ("loss", loss)):
        run.check(name, got)

    dw3, db3 = cnnkit.dense_backward_weights(f, dz3), cnnkit.dense_backward_bias(dz3)
    dp2 = cnnkit.dense_backward_data(dz3, w3).reshape(p2.shape)
    dz2 = cnnkit.relu_backward(z2, cnnkit.pool2d_backward(a2, dp2, ties=ties, **pool("pool2")))
    dw2 = cnnkit.conv2d_backward_weights(p1, dz2, w2.shape[:2], **conv("conv2"))
    dp1 = cnnkit.conv2d_backward_data(dz2, w2, p1.shape, **conv("conv2"))
    dz1 = cnnkit.relu_backward(z1, cnnkit.pool2d_backward(a1, dp1, ties=ties, **pool("pool1")))
    dw1 = cnnkit.conv2d_backward_weights(x, dz1, w1.shape[:2], **conv("conv1"))
    dx = cnnkit.conv2d_backward_data(dz1, w1, x.shape, **conv("conv1"))
    for name, got in (("dw3", dw3), ("db3", db3), ("dw2", dw2), ("dw1", dw1), ("dx", dx)):
        run.check(name, got)


RUNNERS: Dict[str, Callable[[CaseRun], None]] = {
    "zero_pad": run_pad,
    "pad": run_pad,
    "conv_single_step": run_conv_single_step,
    "conv2d": run_conv2d,
    "pool2d": run_pool2d,
    "create_mask_from_window": run_create_mask,
    "distribute_value": run_distribute_value,
    "relu": run_relu,
    "dense": run_dense,
    "flatten": run_flatten,
    "softmax_cross_entropy": run_softmax_xent,
    "adam": run_adam,
    "convnet_tf": run_convnet_tf,
}


def test_every_fixture_op_has_a_runner() -> None:
    missing = sorted({c.op for c in CASES} - RUNNERS.keys())
    assert not missing, f"fixture ops without a Python runner: {missing}"


def test_both_fixture_sets_are_found() -> None:
    sets = {c.set_name for c in CASES}
    assert sets == {"seeds", "golden"} and len(CASES) >= 80, (sets, len(CASES))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fixture_case(case: FixtureCase, dtype) -> None:
    run = CaseRun(case, dtype)
    RUNNERS[case.op](run)
    run.assert_all_used()


REFERENCE_CASES = [c for c in CASES if c.op in ("conv2d", "pool2d") and not c.flag("expect_error")]


@pytest.mark.parametrize("case", REFERENCE_CASES, ids=lambda c: c.id)
def test_numpy_reference_reproduces_fixture(case: FixtureCase) -> None:
    """test_ops.py trusts numpy_reference.py as its oracle: here the oracle itself must reproduce the
    conv and pool fixtures (the geometry-heavy ops) to the float64 tolerance."""
    x = case.array("x")
    if case.op == "conv2d":
        kw = conv_kwargs(case)
        args = (kw["stride"], kw["padding"], kw["dilation"], kw["groups"])
        w = case.array("w")
        if case.has("y"):
            b = case.array("b") if case.has("b") else None
            assert_matches(ref.conv2d_forward(x, w, b, *args), case.array("y"), np.float64, case.reduce("y"), "y")
        if case.has("dy"):
            dy = case.array("dy")
            assert_matches(ref.conv2d_backward_data(dy, w, x.shape, *args), case.array("dx"), np.float64,
                           case.reduce("dx"), "dx")
            assert_matches(ref.conv2d_backward_weights(x, dy, w.shape[:2], *args), case.array("dw"), np.float64,
                           case.reduce("dw"), "dw")
        return
    kw = pool_kwargs(case)
    rkw = dict(kernel=kw["kernel_size"], stride=kw["stride"], pads=kw["padding"], mode=kw["mode"],
               ceil_mode=kw["ceil_mode"], count_include_pad=kw["count_include_pad"])
    if case.has("y"):
        assert_matches(ref.pool2d_forward(x, **rkw)[0], case.array("y"), np.float64, case.reduce("y"), "y")
    if case.has("dy"):
        dx = ref.pool2d_backward(x, case.array("dy"), ties=case.params.get("ties", "first"), **rkw)
        assert_matches(dx, case.array("dx"), np.float64, case.reduce("dx"), "dx")
