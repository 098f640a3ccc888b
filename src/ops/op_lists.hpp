// Declarations of every (op, dtype) variant list. Each list is defined in its op's
// *_variants.cpp; include this header wherever a list is read.
#pragma once

#include "core/registry.hpp"
#include "ops/adam/adam_problem.hpp"
#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/dense/dense_problem.hpp"
#include "ops/pad/pad_problem.hpp"
#include "ops/pool2d/pool2d_problem.hpp"
#include "ops/relu/relu_problem.hpp"
#include "ops/softmax_xent/softmax_xent_problem.hpp"

namespace cnnkit::core {

#define CNNKIT_DECLARE_VARIANT_LIST(OP)                                \
  template <>                                                          \
  std::span<const Variant<ops::OP, float>> variants_of<ops::OP, float>(); \
  template <>                                                          \
  std::span<const Variant<ops::OP, double>> variants_of<ops::OP, double>();

CNNKIT_DECLARE_VARIANT_LIST(PadOp)
CNNKIT_DECLARE_VARIANT_LIST(Conv2dFwdOp)
CNNKIT_DECLARE_VARIANT_LIST(Conv2dBwdDataOp)
CNNKIT_DECLARE_VARIANT_LIST(Conv2dBwdWeightsOp)
CNNKIT_DECLARE_VARIANT_LIST(Conv2dBwdBiasOp)
CNNKIT_DECLARE_VARIANT_LIST(Pool2dFwdOp)
CNNKIT_DECLARE_VARIANT_LIST(Pool2dBwdOp)
CNNKIT_DECLARE_VARIANT_LIST(Pool2dFwdIndicesOp)
CNNKIT_DECLARE_VARIANT_LIST(Pool2dBwdIndicesOp)
CNNKIT_DECLARE_VARIANT_LIST(ReluFwdOp)
CNNKIT_DECLARE_VARIANT_LIST(ReluBwdOp)
CNNKIT_DECLARE_VARIANT_LIST(DenseFwdOp)
CNNKIT_DECLARE_VARIANT_LIST(DenseBwdDataOp)
CNNKIT_DECLARE_VARIANT_LIST(DenseBwdWeightsOp)
CNNKIT_DECLARE_VARIANT_LIST(DenseBwdBiasOp)
CNNKIT_DECLARE_VARIANT_LIST(SoftmaxXentOp)
CNNKIT_DECLARE_VARIANT_LIST(AdamOp)

#undef CNNKIT_DECLARE_VARIANT_LIST

// Defines both dtype lists of an op from a variable template LIST<T> (in the op's *_variants.cpp).
// A dtype that needs a different list defines its variants_of specialisation by hand instead.
#define CNNKIT_DEFINE_VARIANT_LIST(OP, LIST)                                                      \
  template <>                                                                                     \
  std::span<const Variant<OP, float>> variants_of<OP, float>() {                                  \
    return LIST<float>;                                                                           \
  }                                                                                               \
  template <>                                                                                     \
  std::span<const Variant<OP, double>> variants_of<OP, double>() {                                \
    return LIST<double>;                                                                          \
  }

// Calls f(OpTraits{}) for every op, in OpId order: the one place that enumerates all ops at
// compile time (the registry index, tests and benchmarks use it).
template <class F>
void for_each_op(F&& f) {
  f(ops::PadOp{});
  f(ops::Conv2dFwdOp{});
  f(ops::Conv2dBwdDataOp{});
  f(ops::Conv2dBwdWeightsOp{});
  f(ops::Conv2dBwdBiasOp{});
  f(ops::Pool2dFwdOp{});
  f(ops::Pool2dBwdOp{});
  f(ops::Pool2dFwdIndicesOp{});
  f(ops::Pool2dBwdIndicesOp{});
  f(ops::ReluFwdOp{});
  f(ops::ReluBwdOp{});
  f(ops::DenseFwdOp{});
  f(ops::DenseBwdDataOp{});
  f(ops::DenseBwdWeightsOp{});
  f(ops::DenseBwdBiasOp{});
  f(ops::SoftmaxXentOp{});
  f(ops::AdamOp{});
}

}  // namespace cnnkit::core
