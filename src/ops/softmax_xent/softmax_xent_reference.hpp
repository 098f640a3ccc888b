#pragma once

#include "ops/softmax_xent/softmax_xent_problem.hpp"

namespace cnnkit::ops {

template <class T>
void softmax_xent_reference(const SoftmaxXentProblem& p, const T* logits, const T* prob_labels,
                            const std::int64_t* index_labels, T* loss, T* dlogits, const core::Exec&);

}  // namespace cnnkit::ops
