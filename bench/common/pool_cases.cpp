// pool2d forward and backward on a pool layer. Inputs are uniform reals, so max windows have no
// ties (ties would make the backward pass's branches unrealistically predictable).
#include <cstdint>
#include <vector>

#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "common/case_support.hpp"
#include "common/fill.hpp"

namespace cnnkit::bench {
namespace {

// The anchors' convention for both directions: bytes of the input-sized tensor plus the
// output-sized tensor (x + y forward, dx + dy backward).
template <class T>
Work pool_work(const PoolLayer& l, const NhwcShape& y) {
  return {Metric::bytes, static_cast<double>(sizeof(T)) * static_cast<double>(count_of(l.x) + count_of(y))};
}

template <class T>
class PoolFwdCase final : public TypedCase<T> {
 public:
  explicit PoolFwdCase(const PoolLayer& l) : PoolFwdCase(l, pool2d_output_shape(l.x, l.params)) {}

  void run(const Context& ctx) override {
    pool2d_forward<T>(NhwcView<const T>(x_.data(), l_.x), NhwcView<T>(y_.data(), y_shape_), l_.params, ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&y_}); }

 private:
  PoolFwdCase(const PoolLayer& l, NhwcShape y)
      : TypedCase<T>(OpId::pool2d_fwd, pool_work<T>(l, y)), l_(l), y_shape_(y), x_(count_of(l.x)), y_(count_of(y)) {
    fill_uniform(x_.data(), x_.size(), -1.0, 1.0, this->next_seed());
    this->expose({{Role::x, &x_}, {Role::y, &y_}});
  }

  PoolLayer l_;
  NhwcShape y_shape_;
  BenchBuffer<T> x_, y_;
};

// Max pooling reads the forward input to find the winners; average pooling passes x with null
// data, as the API allows, and allocates none.
template <class T>
class PoolBwdCase final : public TypedCase<T> {
 public:
  explicit PoolBwdCase(const PoolLayer& l) : PoolBwdCase(l, pool2d_output_shape(l.x, l.params)) {}

  void run(const Context& ctx) override {
    pool2d_backward<T>(NhwcView<const T>(x_.data(), l_.x), NhwcView<const T>(dy_.data(), dy_shape_),
                       NhwcView<T>(dx_.data(), l_.x), l_.params, ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&dx_}); }

 private:
  PoolBwdCase(const PoolLayer& l, NhwcShape y)
      : TypedCase<T>(OpId::pool2d_bwd, pool_work<T>(l, y)),
        l_(l),
        dy_shape_(y),
        x_(l.params.mode == PoolMode::max ? count_of(l.x) : 0),
        dy_(count_of(y)),
        dx_(count_of(l.x)) {
    fill_uniform(x_.data(), x_.size(), -1.0, 1.0, this->next_seed());
    fill_uniform(dy_.data(), dy_.size(), -1.0, 1.0, this->next_seed());
    this->expose({{Role::x, &x_}, {Role::dy, &dy_}, {Role::dx, &dx_}});
  }

  PoolLayer l_;
  NhwcShape dy_shape_;
  BenchBuffer<T> x_, dy_, dx_;
};

// Max pooling that also saves the winners' indices (int32, y's shape; not a role: engines keep
// their own, e.g. oneDNN's workspace). The snapshot is y, what every engine writes; the indices
// are checked against the reference by the equivalence suite.
template <class T>
class PoolFwdIndicesCase final : public TypedCase<T> {
 public:
  explicit PoolFwdIndicesCase(const PoolLayer& l) : PoolFwdIndicesCase(l, pool2d_output_shape(l.x, l.params)) {}

  void run(const Context& ctx) override {
    pool2d_forward<T>(NhwcView<const T>(x_.data(), l_.x), NhwcView<T>(y_.data(), y_shape_),
                      NhwcView<std::int32_t>(indices_.data(), y_shape_), l_.params, ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&y_}); }

 private:
  PoolFwdIndicesCase(const PoolLayer& l, NhwcShape y)
      : TypedCase<T>(OpId::pool2d_fwd_indices, pool_work<T>(l, y)),
        l_(l),
        y_shape_(y),
        x_(count_of(l.x)),
        y_(count_of(y)),
        indices_(static_cast<std::size_t>(count_of(y))) {
    fill_uniform(x_.data(), x_.size(), -1.0, 1.0, this->next_seed());
    this->expose({{Role::x, &x_}, {Role::y, &y_}});
  }

  PoolLayer l_;
  NhwcShape y_shape_;
  BenchBuffer<T> x_, y_;
  std::vector<std::int32_t> indices_;
};

// Max-pool backward from the indices a forward pass saved (made once, untimed, from x: engines
// that keep their own winners, like oneDNN's workspace, make theirs from the same x).
template <class T>
class PoolBwdIndicesCase final : public TypedCase<T> {
 public:
  explicit PoolBwdIndicesCase(const PoolLayer& l) : PoolBwdIndicesCase(l, pool2d_output_shape(l.x, l.params)) {}

  void run(const Context& ctx) override {
    pool2d_backward<T>(NhwcView<const std::int32_t>(indices_.data(), dy_shape_), NhwcView<const T>(dy_.data(), dy_shape_),
                       NhwcView<T>(dx_.data(), l_.x), l_.params, ctx);
  }
  Snapshot snapshot() const override { return this->snapshot_of({&dx_}); }

 private:
  PoolBwdIndicesCase(const PoolLayer& l, NhwcShape y)
      : TypedCase<T>(OpId::pool2d_bwd_indices, pool_work<T>(l, y)),
        l_(l),
        dy_shape_(y),
        x_(count_of(l.x)),
        dy_(count_of(y)),
        dx_(count_of(l.x)),
        indices_(static_cast<std::size_t>(count_of(y))) {
    fill_uniform(x_.data(), x_.size(), -1.0, 1.0, this->next_seed());
    fill_uniform(dy_.data(), dy_.size(), -1.0, 1.0, this->next_seed());
    BenchBuffer<T> y_values(count_of(y));
    pool2d_forward<T>(NhwcView<const T>(x_.data(), l.x), NhwcView<T>(y_values.data(), y),
                      NhwcView<std::int32_t>(indices_.data(), y), l.params);
    this->expose({{Role::x, &x_}, {Role::dy, &dy_}, {Role::dx, &dx_}});
  }

  PoolLayer l_;
  NhwcShape dy_shape_;
  BenchBuffer<T> x_, dy_, dx_;
  std::vector<std::int32_t> indices_;
};

}  // namespace

std::unique_ptr<OpCase> make_pool_case(OpId op, const PoolLayer& layer, DType dtype) {
  switch (op) {
    case OpId::pool2d_fwd:
      return make_typed<PoolFwdCase>(layer, dtype);
    case OpId::pool2d_bwd:
      return make_typed<PoolBwdCase>(layer, dtype);
    case OpId::pool2d_fwd_indices:
      return layer.params.mode == PoolMode::max ? make_typed<PoolFwdIndicesCase>(layer, dtype) : nullptr;
    case OpId::pool2d_bwd_indices:
      return layer.params.mode == PoolMode::max && layer.params.ties == TiePolicy::first
                 ? make_typed<PoolBwdIndicesCase>(layer, dtype)
                 : nullptr;
    default:
      return nullptr;
  }
}

}  // namespace cnnkit::bench
