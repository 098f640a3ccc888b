// "cnnkit-prepacked": cnnkit's conv2d_forward the way an inference user runs a layer, with its
// weights packed once (cnnkit::Conv2dPackedWeights) in prepare(), untimed, like the competitors'
// weights. run() is the call alone, dispatched as usual (the context's thread count, automatic
// variant choice). Its rows count on cnnkit's side of the scoreboard; set beside cnnkit's own
// rows (packing inside every call) they show what packing costs per call.
#include <memory>
#include <string>
#include <variant>

#include "cnnkit/cnnkit.hpp"
#include "engines/engine.hpp"

namespace cnnkit::bench {
namespace {

template <class T>
class PrepackedForwardRun final : public PreparedRun {
 public:
  PrepackedForwardRun(const ConvLayer& l, const OpCase& c, int threads)
      : l_(l),
        y_shape_(conv2d_output_shape(l.x, l.w, l.params)),
        x_(static_cast<const T*>(c.buffer(Role::x).data)),
        bias_(l.bias ? static_cast<const T*>(c.buffer(Role::bias).data) : nullptr),
        y_(static_cast<T*>(c.buffer(Role::y).data)),
        packed_(HwioView<const T>(static_cast<const T*>(c.buffer(Role::w).data), l.w), l.params.groups, ctx(threads)),
        ctx_(ctx(threads)) {}

  void run() override {
    conv2d_forward<T>(NhwcView<const T>(x_, l_.x), packed_, VectorView<const T>(bias_, bias_ ? l_.w.c_out : 0),
                      NhwcView<T>(y_, y_shape_), l_.params, ctx_);
  }

  std::string implementation() const override {
    return last_variant(OpId::conv2d_fwd) + ", weights packed for " + to_string(packed_.isa()) + " before timing";
  }

 private:
  static Context ctx(int threads) {
    Context c = Context::defaults();
    c.set_num_threads(threads);
    return c;
  }

  ConvLayer l_;
  NhwcShape y_shape_;
  const T* x_;
  const T* bias_;
  T* y_;
  Conv2dPackedWeights<T> packed_;
  Context ctx_;
};

class CnnkitPrepackedEngine final : public Engine {
 public:
  std::string name() const override { return "cnnkit-prepacked"; }
  std::string description() const override {
    return "cnnkit conv2d_forward with Conv2dPackedWeights packed once before timing (automatic dispatch)";
  }
  Side side() const override { return Side::cnnkit; }
  std::string lacks(OpId op) const override {
    return op == OpId::conv2d_fwd ? std::string() : "prepacked weights serve conv2d_forward only";
  }
  std::unique_ptr<PreparedRun> prepare(OpId op, const Layer& layer, OpCase& c, int threads) override {
    if (const std::string why = lacks(op); !why.empty()) throw EngineDeclines(why, true);
    const auto* l = std::get_if<ConvLayer>(&layer.spec);
    if (!l) throw EngineDeclines("not a convolution layer", true);
    if (c.dtype() == DType::f32) return std::make_unique<PrepackedForwardRun<float>>(*l, c, threads);
    return std::make_unique<PrepackedForwardRun<double>>(*l, c, threads);
  }
};

}  // namespace

std::unique_ptr<Engine> make_cnnkit_prepacked_engine() { return std::make_unique<CnnkitPrepackedEngine>(); }

}  // namespace cnnkit::bench
