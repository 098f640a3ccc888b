// The four dense ops on a dense layer: x (m, n_in), w (n_in, n_out), y (m, n_out). Inputs are
// small integers, so every correct variant reproduces the reference exactly.
#include "cnnkit/ops.hpp"
#include "common/case_support.hpp"
#include "common/fill.hpp"

namespace cnnkit::bench {
namespace {

Work dense_flops(const DenseLayer& l) {
  return {Metric::flops, 2.0 * static_cast<double>(l.m) * static_cast<double>(l.n_in) * static_cast<double>(l.n_out)};
}

template <class T>
class DenseFwdCase final : public TypedCase<T> {
 public:
  explicit DenseFwdCase(const DenseLayer& l)
      : TypedCase<T>(OpId::dense_fwd, dense_flops(l)),
        l_(l),
        x_(l.m * l.n_in),
        w_(l.n_in * l.n_out),
        b_(l.bias ? l.n_out : 0),
        y_(l.m * l.n_out) {
    fill_small_integers(x_.data(), x_.size(), this->next_seed());
    fill_small_integers(w_.data(), w_.size(), this->next_seed());
    fill_small_integers(b_.data(), b_.size(), this->next_seed());
    this->expose({{Role::x, &x_}, {Role::w, &w_}, {Role::bias, &b_}, {Role::y, &y_}});
  }

  void run(const Context& ctx) override {
    const VectorView<const T> bias = l_.bias ? VectorView<const T>(b_.data(), b_.size()) : VectorView<const T>();
    dense_forward<T>(MatrixView<const T>(x_.data(), l_.m, l_.n_in), MatrixView<const T>(w_.data(), l_.n_in, l_.n_out),
                     bias, MatrixView<T>(y_.data(), l_.m, l_.n_out), ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&y_}); }

 private:
  DenseLayer l_;
  BenchBuffer<T> x_, w_, b_, y_;
};

template <class T>
class DenseBwdDataCase final : public TypedCase<T> {
 public:
  explicit DenseBwdDataCase(const DenseLayer& l)
      : TypedCase<T>(OpId::dense_bwd_data, dense_flops(l)),
        l_(l),
        dy_(l.m * l.n_out),
        w_(l.n_in * l.n_out),
        dx_(l.m * l.n_in) {
    fill_small_integers(dy_.data(), dy_.size(), this->next_seed());
    fill_small_integers(w_.data(), w_.size(), this->next_seed());
    this->expose({{Role::dy, &dy_}, {Role::w, &w_}, {Role::dx, &dx_}});
  }

  void run(const Context& ctx) override {
    dense_backward_data<T>(MatrixView<const T>(dy_.data(), l_.m, l_.n_out),
                           MatrixView<const T>(w_.data(), l_.n_in, l_.n_out), MatrixView<T>(dx_.data(), l_.m, l_.n_in),
                           ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&dx_}); }

 private:
  DenseLayer l_;
  BenchBuffer<T> dy_, w_, dx_;
};

template <class T>
class DenseBwdWeightsCase final : public TypedCase<T> {
 public:
  explicit DenseBwdWeightsCase(const DenseLayer& l)
      : TypedCase<T>(OpId::dense_bwd_weights, dense_flops(l)),
        l_(l),
        x_(l.m * l.n_in),
        dy_(l.m * l.n_out),
        dw_(l.n_in * l.n_out) {
    fill_small_integers(x_.data(), x_.size(), this->next_seed());
    fill_small_integers(dy_.data(), dy_.size(), this->next_seed());
    this->expose({{Role::x, &x_}, {Role::dy, &dy_}, {Role::dw, &dw_}});
  }

  void run(const Context& ctx) override {
    dense_backward_weights<T>(MatrixView<const T>(x_.data(), l_.m, l_.n_in),
                              MatrixView<const T>(dy_.data(), l_.m, l_.n_out),
                              MatrixView<T>(dw_.data(), l_.n_in, l_.n_out), ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&dw_}); }

 private:
  DenseLayer l_;
  BenchBuffer<T> x_, dy_, dw_;
};

// Column sums of dy: GB/s of dy read plus db written.
template <class T>
class DenseBwdBiasCase final : public TypedCase<T> {
 public:
  explicit DenseBwdBiasCase(const DenseLayer& l)
      : TypedCase<T>(OpId::dense_bwd_bias,
                     {Metric::bytes, TypedCase<T>::kSize * static_cast<double>(l.m * l.n_out + l.n_out)}),
        l_(l),
        dy_(l.m * l.n_out),
        db_(l.n_out) {
    fill_small_integers(dy_.data(), dy_.size(), this->next_seed());
    this->expose({{Role::dy, &dy_}, {Role::db, &db_}});
  }

  void run(const Context& ctx) override {
    dense_backward_bias<T>(MatrixView<const T>(dy_.data(), l_.m, l_.n_out), VectorView<T>(db_.data(), db_.size()), ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&db_}); }

 private:
  DenseLayer l_;
  BenchBuffer<T> dy_, db_;
};

}  // namespace

std::unique_ptr<OpCase> make_dense_case(OpId op, const DenseLayer& layer, DType dtype) {
  switch (op) {
    case OpId::dense_fwd:
      return make_typed<DenseFwdCase>(layer, dtype);
    case OpId::dense_bwd_data:
      return make_typed<DenseBwdDataCase>(layer, dtype);
    case OpId::dense_bwd_weights:
      return make_typed<DenseBwdWeightsCase>(layer, dtype);
    case OpId::dense_bwd_bias:
      return make_typed<DenseBwdBiasCase>(layer, dtype);
    default:
      return nullptr;
  }
}

}  // namespace cnnkit::bench
