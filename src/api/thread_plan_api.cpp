// cnnkit::thread_plan: builds each op's internal problem from a data-free PlanProblem (with the
// op call's validation; messages name the PlanProblem field) and asks core::plan_threads.
#include "cnnkit/thread_plan.hpp"

#include <string>

#include "api/arg_check.hpp"
#include "api/checked_geometry.hpp"
#include "cnnkit/error.hpp"
#include "core/thread_plan.hpp"

namespace cnnkit {
namespace {

template <class T>
ThreadPlan plan_for(OpId op, const PlanProblem& q, int threads, const Context& ctx) {
  const api::ArgCheck check("cnnkit::thread_plan");
  const std::size_t es = sizeof(T);
  const auto conv = [&](bool bias) {
    check.elements(q.x, "problem.x", es);
    check.elements(q.w, "problem.w", es);
    const NhwcShape y = api::checked_conv2d_output_shape(check, q.x, q.w, q.conv, "problem.x", "problem.w");
    check.elements(y, "the conv2d output", es);
    return ops::Conv2dProblem{q.x, q.w, y, q.conv, bias};
  };
  const auto pool = [&] {
    check.elements(q.x, "problem.x", es);
    const NhwcShape y = api::checked_pool2d_output_shape(check, q.x, q.pool);
    return ops::Pool2dProblem{q.x, y, q.pool};
  };
  const auto dense = [&] {
    check.elements(q.batch, q.in_features, "problem.batch x problem.in_features", es);
    check.elements(q.batch, q.out_features, "problem.batch x problem.out_features", es);
    check.elements(q.in_features, q.out_features, "problem.in_features x problem.out_features", es);
    return ops::DenseProblem{q.batch, q.in_features, q.out_features, q.bias};
  };
  switch (op) {
    case OpId::pad: {
      check.elements(q.x, "problem.x", es);
      const NhwcShape y = api::checked_pad_output_shape(check, q.x, q.pad);
      return core::plan_threads<ops::PadOp, T>(ops::PadProblem{q.x, y, q.pad}, ctx, threads);
    }
    case OpId::conv2d_fwd: return core::plan_threads<ops::Conv2dFwdOp, T>(conv(q.bias), ctx, threads);
    case OpId::conv2d_bwd_data: return core::plan_threads<ops::Conv2dBwdDataOp, T>(conv(false), ctx, threads);
    case OpId::conv2d_bwd_weights: return core::plan_threads<ops::Conv2dBwdWeightsOp, T>(conv(false), ctx, threads);
    case OpId::conv2d_bwd_bias: return core::plan_threads<ops::Conv2dBwdBiasOp, T>(ops::Conv2dBiasProblem{conv(true).y}, ctx, threads);
    case OpId::pool2d_fwd: return core::plan_threads<ops::Pool2dFwdOp, T>(pool(), ctx, threads);
    case OpId::pool2d_bwd: return core::plan_threads<ops::Pool2dBwdOp, T>(pool(), ctx, threads);
    case OpId::pool2d_fwd_indices: return core::plan_threads<ops::Pool2dFwdIndicesOp, T>(pool(), ctx, threads);
    case OpId::pool2d_bwd_indices: return core::plan_threads<ops::Pool2dBwdIndicesOp, T>(pool(), ctx, threads);
    case OpId::relu_fwd:
    case OpId::relu_bwd: {
      check.elements(q.count, "problem.count", es);
      const ops::EltwiseProblem p{q.count, false};
      return op == OpId::relu_fwd ? core::plan_threads<ops::ReluFwdOp, T>(p, ctx, threads)
                                  : core::plan_threads<ops::ReluBwdOp, T>(p, ctx, threads);
    }
    case OpId::dense_fwd: return core::plan_threads<ops::DenseFwdOp, T>(dense(), ctx, threads);
    case OpId::dense_bwd_data: return core::plan_threads<ops::DenseBwdDataOp, T>(dense(), ctx, threads);
    case OpId::dense_bwd_weights: return core::plan_threads<ops::DenseBwdWeightsOp, T>(dense(), ctx, threads);
    case OpId::dense_bwd_bias: return core::plan_threads<ops::DenseBwdBiasOp, T>(dense(), ctx, threads);
    case OpId::softmax_xent: {
      check.elements(q.batch, q.in_features, "problem.batch x problem.in_features", es);
      ops::SoftmaxXentProblem p{};
      p.rows = q.batch, p.classes = q.in_features, p.index_labels = true, p.want_grad = true;
      return core::plan_threads<ops::SoftmaxXentOp, T>(p, ctx, threads);
    }
    case OpId::adam: {
      check.elements(q.count, "problem.count", es);
      ops::AdamProblem p{};
      p.count = q.count;
      return core::plan_threads<ops::AdamOp, T>(p, ctx, threads);
    }
    default: break;
  }
  check.fail("op", "an op id (cnnkit::all_ops())", std::to_string(static_cast<int>(op)));
}

}  // namespace

ThreadPlan thread_plan(OpId op, DType dtype, const PlanProblem& problem, int threads, const Context& ctx) {
  const api::ArgCheck check("cnnkit::thread_plan");
  check.positive(threads, "threads");
  if (dtype == DType::f32) return plan_for<float>(op, problem, threads, ctx);
  if (dtype == DType::f64) return plan_for<double>(op, problem, threads, ctx);
  check.fail("dtype", "f32 or f64", std::to_string(static_cast<int>(dtype)));
}

ThreadPlan thread_plan(OpId op, DType dtype, const PlanProblem& problem, int threads) {
  return thread_plan(op, dtype, problem, threads, global_context());
}

}  // namespace cnnkit
