// conv2d_forward (plain or prepacked weights, with or without an epilogue) / backward_data (plain
// or prepacked weights) / backward_weights / backward_bias / backward_weights_bias: validation,
// then dispatch.
#include <chrono>
#include <vector>

#include "api/arg_check.hpp"
#include "api/checked_geometry.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "cnnkit/prepack.hpp"
#include "core/run_variant.hpp"
#include "core/text.hpp"
#include "core/verbose_log.hpp"
#include "ops/conv2d/conv2d_bwd_bias_fused.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"

namespace cnnkit {
namespace {

// The checks the three weight-bearing directions share: shapes, params and geometry. `y` is the
// output (forward) or dy (backward); it must have the conv2d output shape of x and w.
ops::Conv2dProblem conv_problem(const api::ArgCheck& check, const void* x_data, const NhwcShape& x,
                                const char* x_name, const void* w_data, const HwioShape& w,
                                const char* w_name, const void* y_data, const NhwcShape& y,
                                const char* y_name, const Conv2dParams& params, std::size_t element_size) {
  check.not_null(x_data, x_name);
  check.not_null(w_data, w_name);
  check.not_null(y_data, y_name);
  check.elements(x, x_name, element_size);
  check.elements(w, w_name, element_size);
  check.elements(y, y_name, element_size);
  const NhwcShape expected = api::checked_conv2d_output_shape(check, x, w, params, x_name, w_name);
  check.same_shape(y, expected, y_name, "the conv2d output shape of these x, w and params");
  return ops::Conv2dProblem{x, w, y, params, false};
}

std::int64_t count(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }
std::int64_t count(const HwioShape& s) { return s.kh * s.kw * s.c_in_per_group * s.c_out; }

// Forward with plain or prepacked weights: `packed` is null for plain weights.
template <class T>
void checked_forward(const api::ArgCheck& check, NhwcView<const T> x, HwioView<const T> w,
                     const ops::ConvFwdPackedLayout* packed, VectorView<const T> bias, NhwcView<T> y,
                     const Conv2dParams& params, Conv2dEpilogue epilogue, const Context& ctx) {
  ops::Conv2dProblem p = conv_problem(check, x.data, x.shape, "x", w.data, w.shape, "w", y.data, y.shape, "y",
                                      params, sizeof(T));
  check.enum_value(static_cast<int>(epilogue), 2, "epilogue", "none (0), relu (1)");
  p.packed_weights = packed;
  p.relu = epilogue == Conv2dEpilogue::relu;
  if (bias.data) {
    if (bias.size != w.shape.c_out)
      check.fail("bias", "size c_out = " + std::to_string(w.shape.c_out), std::to_string(bias.size));
    p.has_bias = true;
  } else if (bias.size != 0) {
    check.fail("bias", "an empty view for no bias, or non-null data", "null data with size " + std::to_string(bias.size));
  }
  check.no_overlap(y.data, count(y.shape), "y", x.data, count(x.shape), "x", sizeof(T));
  check.no_overlap(y.data, count(y.shape), "y", w.data, count(w.shape), "w", sizeof(T));
  check.no_overlap(y.data, count(y.shape), "y", bias.data, bias.size, "bias", sizeof(T));
  core::run_variant<ops::Conv2dFwdOp, T>(p, ctx, x.data, w.data, p.has_bias ? bias.data : nullptr, y.data);
}

// Backward data with plain or prepacked weights: `packed` is null for plain weights.
template <class T>
void checked_backward_data(const api::ArgCheck& check, NhwcView<const T> dy, HwioView<const T> w,
                           const ops::ConvBwdDataPackedLayout* packed, NhwcView<T> dx, const Conv2dParams& params,
                           const Context& ctx) {
  ops::Conv2dProblem p = conv_problem(check, dx.data, dx.shape, "dx", w.data, w.shape, "w", dy.data, dy.shape, "dy",
                                      params, sizeof(T));
  p.packed_bwd_data = packed;
  check.no_overlap(dx.data, count(dx.shape), "dx", dy.data, count(dy.shape), "dy", sizeof(T));
  check.no_overlap(dx.data, count(dx.shape), "dx", w.data, count(w.shape), "w", sizeof(T));
  core::run_variant<ops::Conv2dBwdDataOp, T>(p, ctx, dy.data, w.data, dx.data);
}

// Prepacked weights serve only the groups they were packed for.
void check_packed_groups(const api::ArgCheck& check, const Conv2dParams& params, std::int64_t packed_groups) {
  if (params.groups != packed_groups)
    check.fail("params.groups", "the groups the weights were packed for (" + std::to_string(packed_groups) + ")",
               std::to_string(params.groups));
}

}  // namespace

template <Real T>
void conv2d_forward(NhwcView<const NoDeduce<T>> x, HwioView<const NoDeduce<T>> w, VectorView<const NoDeduce<T>> bias, NhwcView<T> y,
                    const Conv2dParams& params, Conv2dEpilogue epilogue, const Context& ctx) {
  const bool fused = epilogue != Conv2dEpilogue::none;
  checked_forward<T>(api::ArgCheck(fused ? "cnnkit::conv2d_forward (epilogue)" : "cnnkit::conv2d_forward"), x, w, nullptr,
                     bias, y, params, epilogue, ctx);
}

template <Real T>
void conv2d_forward(NhwcView<const NoDeduce<T>> x, HwioView<const NoDeduce<T>> w, VectorView<const NoDeduce<T>> bias, NhwcView<T> y,
                    const Conv2dParams& params, const Context& ctx) {
  conv2d_forward<T>(x, w, bias, y, params, Conv2dEpilogue::none, ctx);
}

template <Real T>
void conv2d_forward(NhwcView<const NoDeduce<T>> x, const Conv2dPackedWeights<NoDeduce<T>>& w,
                    VectorView<const NoDeduce<T>> bias, NhwcView<T> y, const Conv2dParams& params, Conv2dEpilogue epilogue,
                    const Context& ctx) {
  const api::ArgCheck check(epilogue != Conv2dEpilogue::none ? "cnnkit::conv2d_forward (prepacked weights, epilogue)"
                                                             : "cnnkit::conv2d_forward (prepacked weights)");
  const detail::Conv2dPackedWeightsData<T>& d = w.data();
  check_packed_groups(check, params, d.groups);
  checked_forward<T>(check, x, HwioView<const T>(d.hwio.data(), d.shape),
                     d.layout.isa == Isa::scalar ? nullptr : &d.layout, bias, y, params, epilogue, ctx);
}

template <Real T>
void conv2d_forward(NhwcView<const NoDeduce<T>> x, const Conv2dPackedWeights<NoDeduce<T>>& w,
                    VectorView<const NoDeduce<T>> bias, NhwcView<T> y, const Conv2dParams& params, const Context& ctx) {
  conv2d_forward<T>(x, w, bias, y, params, Conv2dEpilogue::none, ctx);
}

template <Real T>
void conv2d_backward_data(NhwcView<const NoDeduce<T>> dy, HwioView<const NoDeduce<T>> w, NhwcView<T> dx, const Conv2dParams& params,
                          const Context& ctx) {
  checked_backward_data<T>(api::ArgCheck("cnnkit::conv2d_backward_data"), dy, w, nullptr, dx, params, ctx);
}

template <Real T>
void conv2d_backward_data(NhwcView<const NoDeduce<T>> dy, const Conv2dBackwardDataPackedWeights<NoDeduce<T>>& w,
                          NhwcView<T> dx, const Conv2dParams& params, const Context& ctx) {
  const api::ArgCheck check("cnnkit::conv2d_backward_data (prepacked weights)");
  const detail::Conv2dBackwardDataPackedWeightsData<T>& d = w.data();
  check_packed_groups(check, params, d.groups);
  checked_backward_data<T>(check, dy, HwioView<const T>(d.hwio.data(), d.shape),
                           d.layout.isa == Isa::scalar ? nullptr : &d.layout, dx, params, ctx);
}

template <Real T>
void conv2d_backward_weights(NhwcView<const NoDeduce<T>> x, NhwcView<const NoDeduce<T>> dy, HwioView<T> dw, const Conv2dParams& params,
                             const Context& ctx) {
  const api::ArgCheck check("cnnkit::conv2d_backward_weights");
  const ops::Conv2dProblem p = conv_problem(check, x.data, x.shape, "x", dw.data, dw.shape, "dw", dy.data,
                                            dy.shape, "dy", params, sizeof(T));
  check.no_overlap(dw.data, count(dw.shape), "dw", x.data, count(x.shape), "x", sizeof(T));
  check.no_overlap(dw.data, count(dw.shape), "dw", dy.data, count(dy.shape), "dy", sizeof(T));
  core::run_variant<ops::Conv2dBwdWeightsOp, T>(p, ctx, x.data, dy.data, dw.data);
}

template <Real T>
void conv2d_backward_bias(NhwcView<const NoDeduce<T>> dy, VectorView<T> db, const Context& ctx) {
  const api::ArgCheck check("cnnkit::conv2d_backward_bias");
  check.not_null(dy.data, "dy");
  check.not_null(db.data, "db");
  check.elements(dy.shape, "dy", sizeof(T));
  if (db.size != dy.shape.c)
    check.fail("db", "size c_out = " + std::to_string(dy.shape.c) + " (the channels of dy)", std::to_string(db.size));
  check.no_overlap(db.data, db.size, "db", dy.data, count(dy.shape), "dy", sizeof(T));
  core::run_variant<ops::Conv2dBwdBiasOp, T>(ops::Conv2dBiasProblem{dy.shape}, ctx, dy.data, db.data);
}

template <Real T>
void conv2d_backward_weights_bias(NhwcView<const NoDeduce<T>> x, NhwcView<const NoDeduce<T>> dy, HwioView<T> dw,
                                  VectorView<NoDeduce<T>> db, const Conv2dParams& params, const Context& ctx) {
  const api::ArgCheck check("cnnkit::conv2d_backward_weights_bias");
  ops::Conv2dProblem p = conv_problem(check, x.data, x.shape, "x", dw.data, dw.shape, "dw", dy.data, dy.shape, "dy",
                                      params, sizeof(T));
  check.not_null(db.data, "db");
  if (db.size != dy.shape.c)
    check.fail("db", "size c_out = " + std::to_string(dy.shape.c) + " (the channels of dy)", std::to_string(db.size));
  check.no_overlap(dw.data, count(dw.shape), "dw", x.data, count(x.shape), "x", sizeof(T));
  check.no_overlap(dw.data, count(dw.shape), "dw", dy.data, count(dy.shape), "dy", sizeof(T));
  check.no_overlap(db.data, db.size, "db", x.data, count(x.shape), "x", sizeof(T));
  check.no_overlap(db.data, db.size, "db", dy.data, count(dy.shape), "dy", sizeof(T));
  check.no_overlap(db.data, db.size, "db", dw.data, count(dw.shape), "dw", sizeof(T));
  const ops::Conv2dBiasProblem bias_problem{dy.shape};
  if (ctx.tuning() == Tuning::measure) {
    // Measuring tuning times (and caches) each op's choice on its own calls: run them as such,
    // so db and dw are those two calls' results here too.
    core::run_variant<ops::Conv2dBwdWeightsOp, T>(p, ctx, x.data, dy.data, dw.data);
    core::run_variant<ops::Conv2dBwdBiasOp, T>(bias_problem, ctx, dy.data, db.data);
    return;
  }
  // The bias variant conv2d_backward_bias would run under ctx (its rules, or the forced one): db
  // follows its summation order (conv2d_bwd_bias_fused.hpp), summed as the weights variant reads dy.
  const core::Exec exec{ctx.threading(), ctx.num_threads()};
  std::vector<core::Declined> declined;
  const auto& bias_variant = core::select_variant<ops::Conv2dBwdBiasOp, T>(
      core::variants_of<ops::Conv2dBwdBiasOp, T>(), bias_problem, ctx, exec, ctx.verbose() ? &declined : nullptr);
  ops::FusedBiasGrad<T> bias(ops::bias_grad_order(bias_variant.name), bias_variant.isa, bias_problem, dy.data,
                             db.data);
  p.dy_progress = bias.progress();
  core::run_variant<ops::Conv2dBwdWeightsOp, T>(p, ctx, x.data, dy.data, dw.data);
  const auto start = std::chrono::steady_clock::now();
  bias.finish();
  core::record_last_variant(OpId::conv2d_bwd_bias, bias_variant.name);
  if (ctx.verbose())  // the time is what was left after the weights pass (the combine, or all of it)
    core::log_call(OpId::conv2d_bwd_bias, core::dtype_of<T>(), bias_problem.describe(), bias_variant.name,
                   ctx.forced_variant(OpId::conv2d_bwd_bias).empty() ? "rule, fused into conv2d_bwd_weights"
                                                                     : "forced, fused into conv2d_bwd_weights",
                   declined, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

#define CNNKIT_INSTANTIATE(T)                                                                                   \
  template void conv2d_forward<T>(NhwcView<const T>, HwioView<const T>, VectorView<const T>, NhwcView<T>,     \
                                  const Conv2dParams&, const Context&);                                        \
  template void conv2d_forward<T>(NhwcView<const T>, const Conv2dPackedWeights<T>&, VectorView<const T>,       \
                                  NhwcView<T>, const Conv2dParams&, const Context&);                           \
  template void conv2d_backward_data<T>(NhwcView<const T>, HwioView<const T>, NhwcView<T>, const Conv2dParams&, \
                                        const Context&);                                                       \
  template void conv2d_backward_data<T>(NhwcView<const T>, const Conv2dBackwardDataPackedWeights<T>&,          \
                                        NhwcView<T>, const Conv2dParams&, const Context&);                     \
  template void conv2d_backward_weights<T>(NhwcView<const T>, NhwcView<const T>, HwioView<T>,                 \
                                           const Conv2dParams&, const Context&);                               \
  template void conv2d_backward_bias<T>(NhwcView<const T>, VectorView<T>, const Context&);                    \
  template void conv2d_forward<T>(NhwcView<const T>, HwioView<const T>, VectorView<const T>, NhwcView<T>,     \
                                  const Conv2dParams&, Conv2dEpilogue, const Context&);                        \
  template void conv2d_forward<T>(NhwcView<const T>, const Conv2dPackedWeights<T>&, VectorView<const T>,       \
                                  NhwcView<T>, const Conv2dParams&, Conv2dEpilogue, const Context&);           \
  template void conv2d_backward_weights_bias<T>(NhwcView<const T>, NhwcView<const T>, HwioView<T>,            \
                                                VectorView<T>, const Conv2dParams&, const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit
