// Softmax cross-entropy on a softmax_xent layer: logits in [-4, 4), one-hot labels given as
// probability rows or as class indices, loss and (unless grad=0) the logits' gradient.
// GB/s counts logits and labels read and dlogits written.
#include "cnnkit/ops.hpp"
#include "common/case_support.hpp"
#include "common/fill.hpp"

namespace cnnkit::bench {
namespace {

template <class T>
Work softmax_work(const SoftmaxXentLayer& l) {
  const double cells = static_cast<double>(l.rows) * static_cast<double>(l.classes);
  const double labels = l.index_labels ? sizeof(std::int64_t) * static_cast<double>(l.rows) : sizeof(T) * cells;
  return {Metric::bytes, sizeof(T) * cells * (l.want_grad ? 2 : 1) + labels};
}

template <class T>
class SoftmaxXentCase final : public TypedCase<T> {
 public:
  explicit SoftmaxXentCase(const SoftmaxXentLayer& l)
      : TypedCase<T>(OpId::softmax_xent, softmax_work<T>(l)),
        l_(l),
        logits_(l.rows * l.classes),
        prob_labels_(l.index_labels ? 0 : l.rows * l.classes),
        index_labels_(l.index_labels ? l.rows : 0),
        dlogits_(l.want_grad ? l.rows * l.classes : 0) {
    fill_uniform(logits_.data(), logits_.size(), -4.0, 4.0, this->next_seed());
    SplitMix64 rng(this->next_seed());
    for (std::int64_t i = 0; i < l.rows; ++i) {
      const auto label = static_cast<std::int64_t>(rng.next() % static_cast<std::uint64_t>(l.classes));
      if (l.index_labels)
        index_labels_.data()[i] = label;
      else
        prob_labels_.data()[i * l.classes + label] = 1;
    }
  }

  void run(const Context& ctx) override {
    const MatrixView<const T> logits(logits_.data(), l_.rows, l_.classes);
    const MatrixView<T> dlogits = l_.want_grad ? MatrixView<T>(dlogits_.data(), l_.rows, l_.classes) : MatrixView<T>();
    if (l_.index_labels)
      loss_ =
          softmax_cross_entropy<T>(logits, VectorView<const std::int64_t>(index_labels_.data(), l_.rows), dlogits, ctx);
    else
      loss_ =
          softmax_cross_entropy<T>(logits, MatrixView<const T>(prob_labels_.data(), l_.rows, l_.classes), dlogits, ctx);
  }
  Snapshot snapshot() const override {
    Snapshot s = this->snapshot_of({&dlogits_});
    s.values.insert(s.values.begin(), static_cast<double>(loss_));
    return s;
  }

 private:
  SoftmaxXentLayer l_;
  BenchBuffer<T> logits_, prob_labels_;
  BenchBuffer<std::int64_t> index_labels_;
  BenchBuffer<T> dlogits_;
  T loss_ = 0;
};

}  // namespace

std::unique_ptr<OpCase> make_softmax_xent_case(const SoftmaxXentLayer& layer, DType dtype) {
  return make_typed<SoftmaxXentCase>(layer, dtype);
}

}  // namespace cnnkit::bench
