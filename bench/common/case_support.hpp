// What the op-case families share: the typed base class, element counts and the dtype switch.
// Internal to bench/common.
#pragma once

#include <cstring>
#include <initializer_list>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "cnnkit/tensor.hpp"
#include "common/bench_buffer.hpp"
#include "common/op_case.hpp"

namespace cnnkit::bench {

inline std::int64_t count_of(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }
inline std::int64_t count_of(const HwioShape& s) { return s.kh * s.kw * s.c_in_per_group * s.c_out; }

template <class T>
class TypedCase : public OpCase {
 public:
  TypedCase(OpId op, Work work) : op_(op), work_(work) {}
  OpId op() const override { return op_; }
  DType dtype() const override { return std::is_same_v<T, float> ? DType::f32 : DType::f64; }
  Work work() const override { return work_; }

  BufferRef buffer(Role role) const override {
    for (const auto& [r, b] : roles_)
      if (r == role) return {b->data(), b->size()};
    return {};
  }

 protected:
  static constexpr double kSize = sizeof(T);

  // A distinct, fixed seed per buffer of a case, so runs are reproducible.
  std::uint64_t next_seed() { return 0x5EED0000ull + static_cast<std::uint64_t>(op_) * 64 + seeds_used_++; }

  static Snapshot snapshot_of(std::initializer_list<const BenchBuffer<T>*> outputs) {
    Snapshot s;
    for (const auto* b : outputs) s.values.insert(s.values.end(), b->data(), b->data() + b->size());
    return s;
  }

  // Names the buffers that engines may read or write (see Role); called once by the constructor.
  void expose(std::initializer_list<std::pair<Role, const BenchBuffer<T>*>> roles) { roles_.assign(roles); }

  static void copy(const BenchBuffer<T>& from, BenchBuffer<T>& to) {
    std::memcpy(to.data(), from.data(), static_cast<std::size_t>(from.size()) * sizeof(T));
  }

 private:
  OpId op_;
  Work work_;
  std::uint64_t seeds_used_ = 0;
  std::vector<std::pair<Role, const BenchBuffer<T>*>> roles_;
};

// Builds Case<float> or Case<double> from a layer.
template <template <class> class Case, class L>
std::unique_ptr<OpCase> make_typed(const L& layer, DType dtype) {
  if (dtype == DType::f32) return std::make_unique<Case<float>>(layer);
  return std::make_unique<Case<double>>(layer);
}

// The families (one file each).
std::unique_ptr<OpCase> make_conv_case(OpId op, const ConvLayer& layer, DType dtype);
std::unique_ptr<OpCase> make_pool_case(OpId op, const PoolLayer& layer, DType dtype);
std::unique_ptr<OpCase> make_relu_case(OpId op, const EltwiseLayer& layer, DType dtype);
std::unique_ptr<OpCase> make_pad_case(const PadLayer& layer, DType dtype);
std::unique_ptr<OpCase> make_dense_case(OpId op, const DenseLayer& layer, DType dtype);
std::unique_ptr<OpCase> make_softmax_xent_case(const SoftmaxXentLayer& layer, DType dtype);
std::unique_ptr<OpCase> make_adam_case(const AdamLayer& layer, DType dtype);

}  // namespace cnnkit::bench
