"""Zero copy: C-contiguous aligned inputs of the call's dtype are read in place; everything else
is converted by the documented rule (python/README.md, "Arrays: what is copied, what is refused").

Two proofs: `_as_input` is the argument code every op runs, so np.shares_memory on its result shows
what an op reads; and tracemalloc (numpy reports its allocations to it) shows that a whole op call
on a large input allocates nothing of that size unless the input needs converting.
"""

import tracemalloc

import numpy as np
import pytest

import cnnkit
from cnnkit import _cnnkit


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_contiguous_input_of_the_call_dtype_is_read_in_place(dtype):
    x = np.arange(24, dtype=dtype).reshape(2, 3, 4)
    seen = _cnnkit._as_input(x, dtype)
    assert seen is x
    assert np.shares_memory(seen, x)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: np.arange(48.0).reshape(4, 12)[:, ::2], id="strided-slice"),
        pytest.param(lambda: np.arange(12.0).reshape(3, 4).T, id="transpose"),
        pytest.param(lambda: np.ndarray((12,), np.float64, buffer=np.arange(13 * 8, dtype=np.uint8), offset=4),
                     id="misaligned"),
    ],
)
def test_non_contiguous_or_misaligned_input_is_copied_with_the_same_values(make):
    x = make()
    seen = _cnnkit._as_input(x, np.float64)
    assert not np.shares_memory(seen, x)
    assert seen.flags.c_contiguous and seen.flags.aligned
    np.testing.assert_array_equal(seen, x)


@pytest.mark.parametrize("src,dst", [(np.uint8, np.float32), (np.int16, np.float32), (np.int32, np.float64), (np.bool_, np.float32)])
def test_integer_arrays_that_cast_safely_are_converted(src, dst):
    x = np.arange(6).astype(src)
    seen = _cnnkit._as_input(x, dst)
    assert seen.dtype == dst and not np.shares_memory(seen, x)
    np.testing.assert_array_equal(seen, x.astype(dst))


@pytest.mark.parametrize("src,dst", [(np.int64, np.float32), (np.int32, np.float32), (np.float16, np.float32),
                                     (np.complex64, np.float64), (np.longdouble, np.float64), (object, np.float64)])
def test_lossy_or_non_real_arrays_are_refused_naming_the_argument(src, dst):
    with pytest.raises(TypeError, match=r"cnnkit\._as_input: x has dtype"):
        _cnnkit._as_input(np.ones(3, dtype=src), dst)


def test_python_sequences_become_arrays_of_the_call_dtype():
    seen = _cnnkit._as_input([[1, 2], [3, 4]], np.float32)
    assert seen.dtype == np.float32 and seen.shape == (2, 2)


def _peak_bytes_during(call):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before, result


BIG = (8, 64, 64, 64)  # 8 MiB of float32


@pytest.fixture(scope="module")
def big():
    rng = np.random.default_rng(0)
    return {
        "x": rng.standard_normal(BIG, dtype=np.float32),
        "w": rng.standard_normal((3, 3, 64, 64), dtype=np.float32),
        "y": np.empty(BIG, np.float32),
        "p": np.empty((8, 32, 32, 64), np.float32),
    }


@pytest.mark.parametrize("op", ["relu_forward", "conv2d_forward", "pool2d_forward", "conv2d_backward_bias", "pad"])
def test_an_op_call_on_a_large_contiguous_input_allocates_no_copy_of_it(big, op):
    x, w, y, p = big["x"], big["w"], big["y"], big["p"]
    calls = {
        "relu_forward": lambda: cnnkit.relu_forward(x, out=y),
        "conv2d_forward": lambda: cnnkit.conv2d_forward(x, w, padding=1, out=y),
        "pool2d_forward": lambda: cnnkit.pool2d_forward(x, 2, out=p),
        "conv2d_backward_bias": lambda: cnnkit.conv2d_backward_bias(x),
        "pad": lambda: cnnkit.pad(x, 0, out=y),
    }
    calls[op]()  # first call: one-time set-up (registry, thread teams) is not what is measured
    peak, _ = _peak_bytes_during(calls[op])
    assert peak < x.nbytes // 8, f"{op} allocated {peak} bytes for an input of {x.nbytes}"


def test_a_strided_input_is_copied_once_and_gives_the_contiguous_result(big):
    x = big["x"]
    strided = np.lib.stride_tricks.as_strided(x, shape=(8, 64, 64, 32), strides=(x.strides[0], x.strides[1], x.strides[2], 8))
    peak, y = _peak_bytes_during(lambda: cnnkit.relu_forward(strided))
    assert peak >= strided.nbytes  # the copy, and the output
    np.testing.assert_array_equal(y, np.maximum(np.ascontiguousarray(strided), 0))


def test_out_is_written_in_place_and_returned():
    x = np.linspace(-1, 1, 10)
    out = np.empty_like(x)
    got = cnnkit.relu_forward(x, out=out)
    assert got is out
    np.testing.assert_array_equal(out, np.maximum(x, 0))


def test_flatten_is_a_view():
    x = np.zeros((2, 3, 4, 5))
    flat = cnnkit.flatten(x)
    assert flat.shape == (2, 60) and np.shares_memory(flat, x)
