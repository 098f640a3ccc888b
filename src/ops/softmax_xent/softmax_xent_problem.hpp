// Softmax cross-entropy: the problem every softmax_xent variant receives (already validated).
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "core/registry.hpp"
#include "core/tuning_fields.hpp"

namespace cnnkit::ops {

struct SoftmaxXentProblem {
  std::int64_t rows = 0, classes = 0;
  bool index_labels = false;  // labels are class indices (else probability rows)
  bool want_grad = false;
  std::string describe() const {
    std::ostringstream o;
    o << "rows=" << rows << " classes=" << classes
      << (index_labels ? " labels=indices" : " labels=rows") << (want_grad ? " grad" : "");
    return o.str();
  }
  void tuning_fields(core::KeyFields& f) const { f.add(rows), f.add(classes), f.add(index_labels), f.add(want_grad); }
};

struct SoftmaxXentOp {
  static constexpr OpId id = OpId::softmax_xent;
  using Problem = SoftmaxXentProblem;
  // Exactly one of prob_labels / index_labels is non-null; dlogits is null when !want_grad.
  template <class T>
  using Fn = void(const SoftmaxXentProblem&, const T* logits, const T* prob_labels,
                  const std::int64_t* index_labels, T* loss, T* dlogits, const core::Exec&);
};

}  // namespace cnnkit::ops
