#include "compare/prepacked_call.hpp"

#include <stdexcept>
#include <string>
#include <variant>

#include "cnnkit/cnnkit.hpp"

namespace cnnkit::bench {
namespace {

// What both prepacked runs share: the layer, the case's weights (of type T) packed as Packed at
// construction, the Context, and how they describe the call.
template <class Packed, class T>
class PrepackedRun : public PreparedRun {
 public:
  PrepackedRun(OpId op, const ConvLayer& l, const OpCase& c, const Context& ctx)
      : op_(op),
        l_(l),
        packed_(HwioView<const T>(static_cast<const T*>(c.buffer(Role::w).data), l.w), l.params.groups, ctx),
        ctx_(ctx) {}

  std::string implementation() const override {
    return last_variant(op_) + ", weights packed for " + to_string(packed_.isa()) + " before timing";
  }

 protected:
  OpId op_;
  ConvLayer l_;
  Packed packed_;
  Context ctx_;
};

template <class T>
class PrepackedForwardRun final : public PrepackedRun<Conv2dPackedWeights<T>, T> {
 public:
  PrepackedForwardRun(const ConvLayer& l, const OpCase& c, const Context& ctx)
      : PrepackedRun<Conv2dPackedWeights<T>, T>(OpId::conv2d_fwd, l, c, ctx),
        y_shape_(conv2d_output_shape(l.x, l.w, l.params)),
        x_(static_cast<const T*>(c.buffer(Role::x).data)),
        bias_(l.bias ? static_cast<const T*>(c.buffer(Role::bias).data) : nullptr),
        y_(static_cast<T*>(c.buffer(Role::y).data)) {}

  void run() override {
    conv2d_forward<T>(NhwcView<const T>(x_, this->l_.x), this->packed_,
                      VectorView<const T>(bias_, bias_ ? this->l_.w.c_out : 0), NhwcView<T>(y_, y_shape_),
                      this->l_.params, this->ctx_);
  }

 private:
  NhwcShape y_shape_;
  const T* x_;
  const T* bias_;
  T* y_;
};

template <class T>
class PrepackedBackwardDataRun final : public PrepackedRun<Conv2dBackwardDataPackedWeights<T>, T> {
 public:
  PrepackedBackwardDataRun(const ConvLayer& l, const OpCase& c, const Context& ctx)
      : PrepackedRun<Conv2dBackwardDataPackedWeights<T>, T>(OpId::conv2d_bwd_data, l, c, ctx),
        dy_shape_(conv2d_output_shape(l.x, l.w, l.params)),
        dy_(static_cast<const T*>(c.buffer(Role::dy).data)),
        dx_(static_cast<T*>(c.buffer(Role::dx).data)) {}

  void run() override {
    conv2d_backward_data<T>(NhwcView<const T>(dy_, dy_shape_), this->packed_, NhwcView<T>(dx_, this->l_.x),
                            this->l_.params, this->ctx_);
  }

 private:
  NhwcShape dy_shape_;
  const T* dy_;
  T* dx_;
};

}  // namespace

std::unique_ptr<PreparedRun> prepare_prepacked_call(const Layer& layer, OpCase& c, const Context& ctx) {
  const auto* l = std::get_if<ConvLayer>(&layer.spec);
  if (!l) throw std::invalid_argument("prepacked weights serve convolution layers only");
  const bool f32 = c.dtype() == DType::f32;
  if (c.op() == OpId::conv2d_fwd) {
    if (f32) return std::make_unique<PrepackedForwardRun<float>>(*l, c, ctx);
    return std::make_unique<PrepackedForwardRun<double>>(*l, c, ctx);
  }
  if (c.op() == OpId::conv2d_bwd_data) {
    if (f32) return std::make_unique<PrepackedBackwardDataRun<float>>(*l, c, ctx);
    return std::make_unique<PrepackedBackwardDataRun<double>>(*l, c, ctx);
  }
  throw std::invalid_argument("prepacked weights serve conv2d_forward and conv2d_backward_data only");
}

}  // namespace cnnkit::bench
