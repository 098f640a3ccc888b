#include "compare/prepacked_call.hpp"

#include <stdexcept>
#include <string>
#include <variant>

#include "cnnkit/cnnkit.hpp"

namespace cnnkit::bench {
namespace {

template <class T>
class PrepackedForwardRun final : public PreparedRun {
 public:
  PrepackedForwardRun(const ConvLayer& l, const OpCase& c, const Context& ctx)
      : l_(l),
        y_shape_(conv2d_output_shape(l.x, l.w, l.params)),
        x_(static_cast<const T*>(c.buffer(Role::x).data)),
        bias_(l.bias ? static_cast<const T*>(c.buffer(Role::bias).data) : nullptr),
        y_(static_cast<T*>(c.buffer(Role::y).data)),
        packed_(HwioView<const T>(static_cast<const T*>(c.buffer(Role::w).data), l.w), l.params.groups, ctx),
        ctx_(ctx) {}

  void run() override {
    conv2d_forward<T>(NhwcView<const T>(x_, l_.x), packed_, VectorView<const T>(bias_, bias_ ? l_.w.c_out : 0),
                      NhwcView<T>(y_, y_shape_), l_.params, ctx_);
  }

  std::string implementation() const override {
    return last_variant(OpId::conv2d_fwd) + ", weights packed for " + to_string(packed_.isa()) + " before timing";
  }

 private:
  ConvLayer l_;
  NhwcShape y_shape_;
  const T* x_;
  const T* bias_;
  T* y_;
  Conv2dPackedWeights<T> packed_;
  Context ctx_;
};

}  // namespace

std::unique_ptr<PreparedRun> prepare_prepacked_call(const Layer& layer, OpCase& c, const Context& ctx) {
  const auto* l = std::get_if<ConvLayer>(&layer.spec);
  if (c.op() != OpId::conv2d_fwd || !l) throw std::invalid_argument("prepacked weights serve conv2d_forward only");
  if (c.dtype() == DType::f32) return std::make_unique<PrepackedForwardRun<float>>(*l, c, ctx);
  return std::make_unique<PrepackedForwardRun<double>>(*l, c, ctx);
}

}  // namespace cnnkit::bench
