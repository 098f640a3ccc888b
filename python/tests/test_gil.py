"""The GIL is released while an op runs: other Python threads run meanwhile.

Each call is a serial ~0.1 s convolution (threads=1, so the op itself is one thread). Not a timing
assertion: while one thread is inside the call, another thread must be able to execute Python
bytecode at all (with the GIL held through the call, it could not take a single step).
"""

import re
import threading
import time

import numpy as np

import cnnkit

SERIAL = cnnkit.Context(threads=1)


def _long_call_operands():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 64, 64, 32), dtype=np.float32)
    w = rng.standard_normal((3, 3, 32, 32), dtype=np.float32)
    # The reference variant: slow enough that one call lasts well over the OS time slice.
    ctx = cnnkit.Context(threads=1, variants={"conv2d_fwd": "conv2d_fwd.ref"})
    return x, w, ctx


def test_python_code_runs_in_another_thread_while_an_op_runs():
    x, w, ctx = _long_call_operands()
    window = {}

    def worker():
        window["start"] = time.perf_counter()
        cnnkit.conv2d_forward(x, w, padding=1, ctx=ctx)
        window["end"] = time.perf_counter()

    ticks = []
    t = threading.Thread(target=worker)
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
    t.join()
    start, end = window["start"], window["end"]
    assert end - start > 0.02, "the call was too short to tell"
    margin = 0.2 * (end - start)
    inside = [s for s in ticks if start + margin < s < end - margin]
    assert len(inside) > 10, f"only {len(inside)} Python steps ran during a {end - start:.3f} s call"


def test_two_threads_calling_cnnkit_overlap_in_wall_time():
    """Each call's own interval, as cnnkit measured it: the verbose line ends with the op's time and
    reaches the handler when the op returns (the handler runs at once when the GIL was never let
    go). Held through the calls, the two intervals would be disjoint."""
    x, w, ctx = _long_call_operands()
    ctx.verbose = True
    intervals = []

    def handler(line):
        done = time.perf_counter()
        ms = float(re.search(r"; ([0-9.]+) ms$", line).group(1))
        intervals.append((done - ms / 1000.0, done))

    barrier = threading.Barrier(2)

    def worker():
        barrier.wait()
        cnnkit.conv2d_forward(x, w, padding=1, ctx=ctx)

    cnnkit.set_log_handler(handler)
    try:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        cnnkit.set_log_handler(None)
    (s0, e0), (s1, e1) = intervals
    overlap = min(e0, e1) - max(s0, s1)
    shorter = min(e0 - s0, e1 - s1)
    assert shorter > 0.02, "the calls were too short to tell"
    assert overlap > 0.5 * shorter, (intervals, overlap)


def test_log_handler_is_called_with_the_gil_from_the_calling_thread():
    lines, idents = [], []

    def handler(line):
        lines.append(line)
        idents.append(threading.get_ident())

    cnnkit.set_log_handler(handler)
    try:
        cnnkit.relu_forward(np.ones(8), ctx=cnnkit.Context(verbose=True))
        t = threading.Thread(target=lambda: cnnkit.relu_forward(np.ones(8), ctx=cnnkit.Context(verbose=True)))
        t.start()
        t.join()
    finally:
        cnnkit.set_log_handler(None)
    assert len(lines) == 2 and all(line.startswith("cnnkit: relu_fwd") for line in lines)
    assert idents[0] == threading.get_ident() and idents[1] == t.ident


def test_replacing_the_log_handler_while_another_thread_logs_does_not_deadlock():
    """cnnkit calls the handler under its log lock; the module must never take that lock while
    holding the GIL (set_log_handler releases it), or the two threads would wait for each other."""
    stop = threading.Event()
    ctx = cnnkit.Context(verbose=True, threads=1)
    lines = []

    def logging_thread():
        while not stop.is_set():
            cnnkit.relu_forward(np.ones(16), ctx=ctx)

    cnnkit.set_log_handler(lines.append)
    t = threading.Thread(target=logging_thread, daemon=True)
    t.start()
    try:
        for i in range(300):
            cnnkit.set_log_handler(lines.append if i % 2 else (lambda line: None))
    finally:
        stop.set()
        t.join(timeout=30)
        cnnkit.set_log_handler(None)
    assert not t.is_alive(), "the logging thread is stuck"
    assert lines


def test_the_handler_cannot_call_cnnkit_back():
    errors = []

    def handler(line):
        for call in (lambda: cnnkit.relu_forward(np.ones(2)), lambda: cnnkit.set_log_handler(None)):
            try:
                call()
            except ValueError as e:
                errors.append(str(e))

    cnnkit.set_log_handler(handler)
    try:
        cnnkit.relu_forward(np.ones(4), ctx=cnnkit.Context(verbose=True))
    finally:
        cnnkit.set_log_handler(None)
    assert len(errors) == 2 and all("inside the log handler" in e for e in errors), errors
