// One Adam update on an adam layer, in place on param, m and v. GB/s counts param, m and v
// read and written plus grad read (7 x count x size). Repeated timed calls keep updating the
// same state, which stays well-behaved (bounded steps, v >= 0); the original state is restored
// before each checked call so every variant is compared on the same inputs.
#include "cnnkit/ops.hpp"
#include "common/case_support.hpp"
#include "common/fill.hpp"

namespace cnnkit::bench {
namespace {

template <class T>
class AdamCase final : public TypedCase<T> {
 public:
  explicit AdamCase(const AdamLayer& l)
      : TypedCase<T>(OpId::adam, {Metric::bytes, 7 * TypedCase<T>::kSize * static_cast<double>(l.count)}),
        l_(l),
        param_(l.count),
        grad_(l.count),
        m_(l.count),
        v_(l.count),
        param0_(l.count),
        m0_(l.count),
        v0_(l.count) {
    fill_uniform(param0_.data(), l.count, -1.0, 1.0, this->next_seed());
    fill_uniform(grad_.data(), l.count, -1.0, 1.0, this->next_seed());
    fill_uniform(m0_.data(), l.count, -0.1, 0.1, this->next_seed());
    fill_uniform(v0_.data(), l.count, 0.0, 0.01, this->next_seed());
    AdamCase::restore_inputs();
  }

  void run(const Context& ctx) override {
    const std::int64_t n = l_.count;
    adam_step<T>(VectorView<T>(param_.data(), n), VectorView<const T>(grad_.data(), n), VectorView<T>(m_.data(), n),
                 VectorView<T>(v_.data(), n), l_.params, ctx);
  }
  void restore_inputs() override {
    this->copy(param0_, param_);
    this->copy(m0_, m_);
    this->copy(v0_, v_);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&param_, &m_, &v_}); }

 private:
  AdamLayer l_;
  BenchBuffer<T> param_, grad_, m_, v_;
  BenchBuffer<T> param0_, m0_, v0_;  // the state every checked call starts from
};

}  // namespace

std::unique_ptr<OpCase> make_adam_case(const AdamLayer& layer, DType dtype) {
  return make_typed<AdamCase>(layer, dtype);
}

}  // namespace cnnkit::bench
