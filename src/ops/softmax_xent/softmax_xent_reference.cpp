// The reference softmax cross-entropy, per row i of m:
//   log_softmax(x)_j = x_j - max - log(sum_k exp(x_k - max))     (max subtracted: no overflow)
//   loss_i = -sum_j labels_j * log_softmax(x)_j,  loss = mean_i loss_i
//   dx_j = (softmax(x)_j * sum_k labels_k - labels_j) / m
// Index labels are the one-hot rows they stand for; their loss takes only the selected term
// (finite when other classes' logits are -inf). Probability rows keep the full sum, so a zero
// label at a -inf logit gives 0 * -inf = NaN, as PyTorch's soft-target cross_entropy does.
// Non-finite values (the rule every variant follows): these formulas, term by term in IEEE
// arithmetic. The max scan skips NaN logits except x[0] (x_j > max is false for NaN); any NaN
// logit, or a +inf one (inf - inf), makes the row's sum_exp, loss and gradient NaN; a -inf logit
// has e = 0. An infinite or NaN label makes sum(labels) non-finite and reaches the loss through
// its own term l * (x - max - log_sum) (0 * inf = NaN when that factor is 0) and the gradient
// through e / sum_exp * sum(labels): exp underflows gradually, so a subnormal e gives +-inf
// there, and an e / sum_exp of 0 gives NaN. Fast variants regroup the sums only where no term
// is infinite or NaN (finite-data results differ from these only by rounding).
#include "ops/softmax_xent/softmax_xent_reference.hpp"

#include <cmath>

namespace cnnkit::ops {

template <class T>
void softmax_xent_reference(const SoftmaxXentProblem& p, const T* logits, const T* prob_labels,
                            const std::int64_t* index_labels, T* loss, T* dlogits, const core::Exec&) {
  const std::int64_t k = p.classes;
  T total = 0;
  for (std::int64_t i = 0; i < p.rows; ++i) {
    const T* x = logits + i * k;
    T max = x[0];
    for (std::int64_t j = 1; j < k; ++j)
      if (x[j] > max) max = x[j];
    T sum_exp = 0;
    for (std::int64_t j = 0; j < k; ++j) sum_exp += std::exp(x[j] - max);
    const T log_sum = std::log(sum_exp);

    const auto label = [&](std::int64_t j) -> T {
      return prob_labels ? prob_labels[i * k + j] : T(index_labels[i] == j ? 1 : 0);
    };
    T label_sum = 0, row_loss = 0;
    if (prob_labels) {
      for (std::int64_t j = 0; j < k; ++j) {
        label_sum += label(j);
        row_loss -= label(j) * (x[j] - max - log_sum);
      }
    } else {
      // Only the selected class's term: the zero terms of the one-hot row would turn a -inf
      // logit of another class into 0 * -inf = NaN. Same bits as the full sum otherwise.
      label_sum = 1;
      row_loss -= x[index_labels[i]] - max - log_sum;
    }
    total += row_loss;
    if (dlogits)
      for (std::int64_t j = 0; j < k; ++j)
        dlogits[i * k + j] = (std::exp(x[j] - max) / sum_exp * label_sum - label(j)) / static_cast<T>(p.rows);
  }
  *loss = total / static_cast<T>(p.rows);
}

template void softmax_xent_reference<float>(const SoftmaxXentProblem&, const float*, const float*,
                                            const std::int64_t*, float*, float*, const core::Exec&);
template void softmax_xent_reference<double>(const SoftmaxXentProblem&, const double*, const double*,
                                             const std::int64_t*, double*, double*, const core::Exec&);

}  // namespace cnnkit::ops
