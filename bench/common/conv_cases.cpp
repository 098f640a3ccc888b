// The four conv2d ops on a conv layer. Inputs are small integers (fill_small_integers), so
// every correct variant reproduces the reference exactly whatever its summation order.
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "common/case_support.hpp"
#include "common/fill.hpp"

namespace cnnkit::bench {
namespace {

// GFLOP convention of the anchors, for every direction: 2*N*Ho*Wo*Cout*KH*KW*Cin/groups,
// padding taps included.
double conv_flops(const ConvLayer& l, const NhwcShape& y) {
  return 2.0 * static_cast<double>(count_of(y)) * static_cast<double>(l.w.kh * l.w.kw * l.w.c_in_per_group);
}

template <class T>
class ConvFwdCase final : public TypedCase<T> {
 public:
  explicit ConvFwdCase(const ConvLayer& l) : ConvFwdCase(l, conv2d_output_shape(l.x, l.w, l.params)) {}

  void run(const Context& ctx) override {
    const VectorView<const T> bias = l_.bias ? VectorView<const T>(b_.data(), b_.size()) : VectorView<const T>();
    conv2d_forward<T>(NhwcView<const T>(x_.data(), l_.x), HwioView<const T>(w_.data(), l_.w), bias,
                      NhwcView<T>(y_.data(), y_shape_), l_.params, ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&y_}); }

 private:
  ConvFwdCase(const ConvLayer& l, NhwcShape y)
      : TypedCase<T>(OpId::conv2d_fwd, {Metric::flops, conv_flops(l, y)}),
        l_(l),
        y_shape_(y),
        x_(count_of(l.x)),
        w_(count_of(l.w)),
        b_(l.bias ? l.w.c_out : 0),
        y_(count_of(y)) {
    fill_small_integers(x_.data(), x_.size(), this->next_seed());
    fill_small_integers(w_.data(), w_.size(), this->next_seed());
    fill_small_integers(b_.data(), b_.size(), this->next_seed());
    this->expose({{Role::x, &x_}, {Role::w, &w_}, {Role::bias, &b_}, {Role::y, &y_}});
  }

  ConvLayer l_;
  NhwcShape y_shape_;
  BenchBuffer<T> x_, w_, b_, y_;
};

template <class T>
class ConvBwdDataCase final : public TypedCase<T> {
 public:
  explicit ConvBwdDataCase(const ConvLayer& l) : ConvBwdDataCase(l, conv2d_output_shape(l.x, l.w, l.params)) {}

  void run(const Context& ctx) override {
    conv2d_backward_data<T>(NhwcView<const T>(dy_.data(), dy_shape_), HwioView<const T>(w_.data(), l_.w),
                            NhwcView<T>(dx_.data(), l_.x), l_.params, ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&dx_}); }

 private:
  ConvBwdDataCase(const ConvLayer& l, NhwcShape y)
      : TypedCase<T>(OpId::conv2d_bwd_data, {Metric::flops, conv_flops(l, y)}),
        l_(l),
        dy_shape_(y),
        dy_(count_of(y)),
        w_(count_of(l.w)),
        dx_(count_of(l.x)) {
    fill_small_integers(dy_.data(), dy_.size(), this->next_seed());
    fill_small_integers(w_.data(), w_.size(), this->next_seed());
    this->expose({{Role::dy, &dy_}, {Role::w, &w_}, {Role::dx, &dx_}});
  }

  ConvLayer l_;
  NhwcShape dy_shape_;
  BenchBuffer<T> dy_, w_, dx_;
};

template <class T>
class ConvBwdWeightsCase final : public TypedCase<T> {
 public:
  explicit ConvBwdWeightsCase(const ConvLayer& l) : ConvBwdWeightsCase(l, conv2d_output_shape(l.x, l.w, l.params)) {}

  void run(const Context& ctx) override {
    conv2d_backward_weights<T>(NhwcView<const T>(x_.data(), l_.x), NhwcView<const T>(dy_.data(), dy_shape_),
                               HwioView<T>(dw_.data(), l_.w), l_.params, ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&dw_}); }

 private:
  ConvBwdWeightsCase(const ConvLayer& l, NhwcShape y)
      : TypedCase<T>(OpId::conv2d_bwd_weights, {Metric::flops, conv_flops(l, y)}),
        l_(l),
        dy_shape_(y),
        x_(count_of(l.x)),
        dy_(count_of(y)),
        dw_(count_of(l.w)) {
    fill_small_integers(x_.data(), x_.size(), this->next_seed());
    fill_small_integers(dy_.data(), dy_.size(), this->next_seed());
    this->expose({{Role::x, &x_}, {Role::dy, &dy_}, {Role::dw, &dw_}});
  }

  ConvLayer l_;
  NhwcShape dy_shape_;
  BenchBuffer<T> x_, dy_, dw_;
};

// Bias gradient: a reduction over dy, so GB/s of dy read plus db written.
template <class T>
class ConvBwdBiasCase final : public TypedCase<T> {
 public:
  explicit ConvBwdBiasCase(const ConvLayer& l) : ConvBwdBiasCase(l, conv2d_output_shape(l.x, l.w, l.params)) {}

  void run(const Context& ctx) override {
    conv2d_backward_bias<T>(NhwcView<const T>(dy_.data(), dy_shape_), VectorView<T>(db_.data(), db_.size()), ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&db_}); }

 private:
  ConvBwdBiasCase(const ConvLayer&, NhwcShape y)
      : TypedCase<T>(OpId::conv2d_bwd_bias,
                     {Metric::bytes, TypedCase<T>::kSize * static_cast<double>(count_of(y) + y.c)}),
        dy_shape_(y),
        dy_(count_of(y)),
        db_(y.c) {
    fill_small_integers(dy_.data(), dy_.size(), this->next_seed());
    this->expose({{Role::dy, &dy_}, {Role::db, &db_}});
  }

  NhwcShape dy_shape_;
  BenchBuffer<T> dy_, db_;
};

}  // namespace

std::unique_ptr<OpCase> make_conv_case(OpId op, const ConvLayer& layer, DType dtype) {
  switch (op) {
    case OpId::conv2d_fwd:
      return make_typed<ConvFwdCase>(layer, dtype);
    case OpId::conv2d_bwd_data:
      return make_typed<ConvBwdDataCase>(layer, dtype);
    case OpId::conv2d_bwd_weights:
      return make_typed<ConvBwdWeightsCase>(layer, dtype);
    case OpId::conv2d_bwd_bias:
      return make_typed<ConvBwdBiasCase>(layer, dtype);
    default:
      return nullptr;
  }
}

}  // namespace cnnkit::bench
