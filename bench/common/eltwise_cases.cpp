// ReLU forward/backward on an eltwise layer and constant padding on a pad layer: pure
// streaming ops, measured in GB/s of the tensors read and written.
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "common/case_support.hpp"
#include "common/fill.hpp"

namespace cnnkit::bench {
namespace {

// y = relu(x), or x = relu(x) in place. GB/s counts x read and y written (2 x count x size),
// in place too (the anchors' convention). In place, the first call already leaves x >= 0, so
// the original x is kept to restore before each checked call.
template <class T>
class ReluFwdCase final : public TypedCase<T> {
 public:
  explicit ReluFwdCase(const EltwiseLayer& l)
      : TypedCase<T>(OpId::relu_fwd, {Metric::bytes, 2 * TypedCase<T>::kSize * static_cast<double>(l.count)}),
        in_place_(l.in_place),
        x_(l.count),
        y_(l.in_place ? 0 : l.count),
        x_original_(l.in_place ? l.count : 0) {
    fill_uniform(x_.data(), x_.size(), -1.0, 1.0, this->next_seed());
    if (in_place_) this->copy(x_, x_original_);
    this->expose({{Role::x, &x_}, {Role::y, in_place_ ? &x_ : &y_}});
  }

  void run(const Context& ctx) override {
    T* y = in_place_ ? x_.data() : y_.data();
    relu_forward<T>(VectorView<const T>(x_.data(), x_.size()), VectorView<T>(y, x_.size()), ctx);
  }
  void restore_inputs() override {
    if (in_place_) this->copy(x_original_, x_);
  }
  Snapshot snapshot() const override { return this->snapshot_of({in_place_ ? &x_ : &y_}); }

 private:
  bool in_place_;
  BenchBuffer<T> x_, y_, x_original_;
};

// dx = dy where x > 0, or dy = that in place. GB/s counts x and dy read, dx written.
template <class T>
class ReluBwdCase final : public TypedCase<T> {
 public:
  explicit ReluBwdCase(const EltwiseLayer& l)
      : TypedCase<T>(OpId::relu_bwd, {Metric::bytes, 3 * TypedCase<T>::kSize * static_cast<double>(l.count)}),
        in_place_(l.in_place),
        x_(l.count),
        dy_(l.count),
        dx_(l.in_place ? 0 : l.count),
        dy_original_(l.in_place ? l.count : 0) {
    fill_uniform(x_.data(), x_.size(), -1.0, 1.0, this->next_seed());
    fill_uniform(dy_.data(), dy_.size(), -1.0, 1.0, this->next_seed());
    if (in_place_) this->copy(dy_, dy_original_);
    this->expose({{Role::x, &x_}, {Role::dy, &dy_}, {Role::dx, in_place_ ? &dy_ : &dx_}});
  }

  void run(const Context& ctx) override {
    T* dx = in_place_ ? dy_.data() : dx_.data();
    relu_backward<T>(VectorView<const T>(x_.data(), x_.size()), VectorView<const T>(dy_.data(), dy_.size()),
                     VectorView<T>(dx, x_.size()), ctx);
  }
  void restore_inputs() override {
    if (in_place_) this->copy(dy_original_, dy_);
  }
  Snapshot snapshot() const override { return this->snapshot_of({in_place_ ? &dy_ : &dx_}); }

 private:
  bool in_place_;
  BenchBuffer<T> x_, dy_, dx_, dy_original_;
};

// y = x surrounded by `pad` cells of `value`. GB/s counts x read and y written.
template <class T>
class PadCase final : public TypedCase<T> {
 public:
  explicit PadCase(const PadLayer& l) : PadCase(l, pad_output_shape(l.x, l.pad)) {}

  void run(const Context& ctx) override {
    pad<T>(NhwcView<const T>(x_.data(), l_.x), NhwcView<T>(y_.data(), y_shape_), l_.pad, static_cast<T>(l_.value), ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&y_}); }

 private:
  PadCase(const PadLayer& l, NhwcShape y)
      : TypedCase<T>(OpId::pad,
                     {Metric::bytes, TypedCase<T>::kSize * static_cast<double>(count_of(l.x) + count_of(y))}),
        l_(l),
        y_shape_(y),
        x_(count_of(l.x)),
        y_(count_of(y)) {
    fill_uniform(x_.data(), x_.size(), -1.0, 1.0, this->next_seed());
    this->expose({{Role::x, &x_}, {Role::y, &y_}});
  }

  PadLayer l_;
  NhwcShape y_shape_;
  BenchBuffer<T> x_, y_;
};

}  // namespace

std::unique_ptr<OpCase> make_relu_case(OpId op, const EltwiseLayer& layer, DType dtype) {
  switch (op) {
    case OpId::relu_fwd:
      return make_typed<ReluFwdCase>(layer, dtype);
    case OpId::relu_bwd:
      return make_typed<ReluBwdCase>(layer, dtype);
    default:
      return nullptr;
  }
}

std::unique_ptr<OpCase> make_pad_case(const PadLayer& layer, DType dtype) { return make_typed<PadCase>(layer, dtype); }

}  // namespace cnnkit::bench
