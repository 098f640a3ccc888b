"""cnnkit.Context: settings, `with` blocks (per thread, nested), forced variants, the ISA cap,
global_context(), dispatch queries and tuning files, from Python."""

import threading

import numpy as np
import pytest

import cnnkit

X = np.random.default_rng(3).standard_normal((1, 8, 8, 4))
W = np.random.default_rng(4).standard_normal((3, 3, 4, 8))


def test_a_new_context_copies_the_global_one_and_applies_its_keywords():
    ctx = cnnkit.Context(threads=3, threading="openmp", max_isa="sse4_2", verbose=True, tuning="off",
                         variants={"relu_fwd": "relu_fwd.ref"})
    assert (ctx.threads, ctx.threading, ctx.max_isa, ctx.verbose, ctx.tuning) == (3, "openmp", "sse4_2", True, "off")
    assert ctx.forced_variant("relu_fwd") == "relu_fwd.ref"
    assert ctx.forced_variant("conv2d_fwd") == ""
    assert "relu_fwd.ref" in repr(ctx)


def test_properties_are_writable_and_validated():
    ctx = cnnkit.Context.defaults()
    ctx.threads = 2
    ctx.threading = "tbb"
    ctx.max_isa = "avx2_fma"
    ctx.tuning = "measure"
    assert (ctx.threads, ctx.threading, ctx.max_isa, ctx.tuning) == (2, "tbb", "avx2_fma", "measure")
    with pytest.raises(cnnkit.InvalidArgument, match="threading"):
        ctx.threading = "pthreads"
    with pytest.raises(cnnkit.InvalidArgument, match="max_isa"):
        ctx.max_isa = "avx1024"
    with pytest.raises(cnnkit.InvalidArgument, match="num_threads"):
        ctx.threads = -1
    with pytest.raises(cnnkit.InvalidArgument, match="tuning"):
        cnnkit.Context(tuning="sometimes")


def test_forcing_an_unknown_variant_is_an_error_listing_the_valid_ones():
    with pytest.raises(cnnkit.InvalidArgument, match="conv2d_fwd.ref"):
        cnnkit.Context(variants={"conv2d_fwd": "conv2d_fwd.nonexistent"})
    with pytest.raises(cnnkit.InvalidArgument):
        cnnkit.Context().forced_variant("no_such_op")


def test_a_forced_variant_runs_and_last_variant_reports_it():
    for v in cnnkit.list_variants("conv2d_fwd", "float64"):
        if not v.runnable:
            continue
        ctx = cnnkit.Context(variants={"conv2d_fwd": v.name})
        try:
            y = cnnkit.conv2d_forward(X, W, padding=1, ctx=ctx)
        except cnnkit.Unsupported:
            continue  # the variant declines this shape: an error, never a silent fallback
        assert cnnkit.last_variant("conv2d_fwd") == v.name
        ref = cnnkit.conv2d_forward(X, W, padding=1, ctx=cnnkit.Context(variants={"conv2d_fwd": "conv2d_fwd.ref"}))
        np.testing.assert_allclose(y, ref, rtol=1e-12, atol=1e-12)


def test_a_forced_variant_that_cannot_run_raises_unsupported():
    capped = cnnkit.Context(max_isa="scalar")
    simd = next(v.name for v in cnnkit.list_variants("relu_fwd", "float32") if v.isa != "scalar")
    capped.force_variant("relu_fwd", simd)
    with pytest.raises(cnnkit.Unsupported):
        cnnkit.relu_forward(np.ones(4, np.float32), ctx=capped)


def test_the_isa_cap_shows_in_list_variants():
    capped = cnnkit.Context(max_isa="scalar")
    variants = cnnkit.list_variants("conv2d_fwd", np.float32, ctx=capped)
    assert variants[-1].name == "conv2d_fwd.ref" and variants[-1].runnable
    assert all(not v.runnable and v.reason for v in variants if v.isa != "scalar")
    assert {v.dtype for v in variants} == {"float32"}
    assert "conv2d_fwd" in cnnkit.ops() and "adam" in cnnkit.ops()
    with pytest.raises(cnnkit.InvalidArgument, match="unknown op"):
        cnnkit.list_variants("conv3d_fwd")


def test_with_blocks_nest_and_apply_to_calls_without_ctx():
    ref = cnnkit.Context(variants={"conv2d_fwd": "conv2d_fwd.ref"})
    outer = cnnkit.Context(threads=1)
    assert cnnkit.current_context() is cnnkit.global_context()
    with outer as entered:
        assert entered is outer and cnnkit.current_context() is outer
        with ref:
            cnnkit.conv2d_forward(X, W)
            assert cnnkit.last_variant("conv2d_fwd") == "conv2d_fwd.ref"
        assert cnnkit.current_context() is outer
        cnnkit.conv2d_forward(X, W)
        assert cnnkit.last_variant("conv2d_fwd") != "conv2d_fwd.ref"
        # ctx= wins over the block
        cnnkit.conv2d_forward(X, W, ctx=ref)
        assert cnnkit.last_variant("conv2d_fwd") == "conv2d_fwd.ref"
    assert cnnkit.current_context() is cnnkit.global_context()


def test_a_with_block_is_seen_only_by_its_own_thread():
    seen = {}
    with cnnkit.Context(variants={"relu_fwd": "relu_fwd.ref"}):
        def other():
            cnnkit.relu_forward(np.ones(4))
            seen["other"] = cnnkit.last_variant("relu_fwd")
            seen["current"] = cnnkit.current_context() is cnnkit.global_context()
        t = threading.Thread(target=other)
        t.start()
        t.join()
        cnnkit.relu_forward(np.ones(4))
        assert cnnkit.last_variant("relu_fwd") == "relu_fwd.ref"
    assert seen["other"] != "relu_fwd.ref" and seen["current"]


def test_global_context_changes_calls_without_ctx():
    g = cnnkit.global_context()
    g.force_variant("relu_fwd", "relu_fwd.ref")
    try:
        cnnkit.relu_forward(np.ones(4))
        assert cnnkit.last_variant("relu_fwd") == "relu_fwd.ref"
    finally:
        g.force_variant("relu_fwd", "auto")
    assert g.forced_variant("relu_fwd") == ""


def test_ctx_must_be_a_context():
    with pytest.raises(TypeError, match="ctx must be a cnnkit.Context"):
        cnnkit.relu_forward(np.ones(3), ctx="fast")


def test_tuning_results_round_trip_through_a_file(tmp_path):
    cnnkit.clear_tuning()
    ctx = cnnkit.Context(tuning="measure", threads=1)
    cnnkit.relu_forward(np.ones(1000), ctx=ctx)
    assert cnnkit.tuning_entry_count() >= 1
    path = tmp_path / "tuning.txt"
    written = cnnkit.save_tuning(str(path))
    assert written == cnnkit.tuning_entry_count() and path.read_text().count("\n") > written
    cnnkit.clear_tuning()
    assert cnnkit.tuning_entry_count() == 0
    info = cnnkit.load_tuning(str(path))
    assert info == {"used": True, "entries": written, "ignored_because": ""}
    path.write_text("not a tuning file\n")
    with pytest.raises(cnnkit.InvalidArgument, match="tuning"):
        cnnkit.load_tuning(str(path))
    cnnkit.clear_tuning()


def test_environment_facts_are_named():
    assert cnnkit.detected_isa() in {"scalar", "sse4_2", "avx2_fma", "avx512"}
    assert cnnkit.cpu_model()
    assert cnnkit.__version__.count(".") == 2


@pytest.mark.parametrize("kw", [{"threads": 10**12}, {"threads": "4"}, {"threading": 3}, {"variants": ["x"]},
                                {"verbose": "yes"}])
def test_a_setting_of_the_wrong_type_is_a_type_error(kw):
    with pytest.raises(TypeError, match="incompatible constructor arguments"):
        cnnkit.Context(**kw)


def test_a_context_entered_by_hand_and_dropped_stays_valid_until_exited():
    import gc

    cnnkit.Context(variants={"relu_fwd": "relu_fwd.ref"}).__enter__()  # no variable keeps it
    gc.collect()
    filler = [np.ones(1000) for _ in range(100)]  # reuse freed memory, were it freed
    cnnkit.relu_forward(np.ones(4))
    assert cnnkit.last_variant("relu_fwd") == "relu_fwd.ref"
    entered = cnnkit.current_context()
    entered.__exit__(None, None, None)
    assert cnnkit.current_context() is cnnkit.global_context()
    del filler


def test_exiting_a_context_that_is_not_the_innermost_is_an_error():
    a, b = cnnkit.Context(), cnnkit.Context()
    with a:
        with pytest.raises(ValueError, match="not the innermost"):
            b.__exit__(None, None, None)
