// The oneDNN engine: which cnnkit ops map to a oneDNN primitive, the version and CPU path for the
// report, and the prepared run that executes a family's primitive on the case's buffers.
#include <optional>
#include <stdexcept>
#include <string>

#include "engines/onednn_support.hpp"

namespace cnnkit::bench {
namespace {

using onednn::Call;
using onednn::Device;
using onednn::OmpThreads;

std::string isa_name(dnnl::cpu_isa isa) {
  switch (isa) {
    case dnnl::cpu_isa::sse41:
      return "sse41";
    case dnnl::cpu_isa::avx:
      return "avx";
    case dnnl::cpu_isa::avx2:
      return "avx2";
    case dnnl::cpu_isa::avx2_vnni:
      return "avx2_vnni";
    case dnnl::cpu_isa::avx512_mic:
      return "avx512_mic";
    case dnnl::cpu_isa::avx512_mic_4ops:
      return "avx512_mic_4ops";
    case dnnl::cpu_isa::avx512_core:
      return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni:
      return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16:
      return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx:
      return "avx512_core_amx";
    default:
      return "isa " + std::to_string(static_cast<int>(isa));
  }
}

std::string runtime_name(unsigned runtime) {
  switch (runtime) {
    case DNNL_RUNTIME_SEQ:
      return "sequential";
    case DNNL_RUNTIME_OMP:
      return "OpenMP";
    case DNNL_RUNTIME_TBB:
      return "TBB";
    case DNNL_RUNTIME_THREADPOOL:
      return "threadpool";
    default:
      return "runtime " + std::to_string(runtime);
  }
}

class OnednnRun final : public PreparedRun {
 public:
  OnednnRun(Device& device, std::unique_ptr<OmpThreads> threads, Call call)
      : device_(device), threads_(std::move(threads)), call_(std::move(call)) {}

  void run() override {
    call_.primitive.execute(device_.stream, call_.args);
    device_.stream.wait();
  }
  void publish_outputs() override {
    for (auto& [from, to] : call_.publish) dnnl::reorder(from, to).execute(device_.stream, from, to);
    device_.stream.wait();
  }
  std::string implementation() const override { return call_.implementation; }

 private:
  Device& device_;
  std::unique_ptr<OmpThreads> threads_;  // declared before call_: restored after the primitive is gone
  Call call_;
};

class OnednnEngine final : public Engine {
 public:
  // With --max-isa below avx512, oneDNN is capped to the same instructions (before any primitive
  // exists: oneDNN fixes its ISA on first use). The avx512 tier is left uncapped: oneDNN's fp32
  // kernels above avx512_core use no other instructions.
  explicit OnednnEngine(std::optional<Isa> max_isa) : runtime_(dnnl_version()->cpu_runtime) {
    if (max_isa && *max_isa < Isa::avx512) {
      const dnnl::cpu_isa cap = *max_isa == Isa::avx2_fma ? dnnl::cpu_isa::avx2 : dnnl::cpu_isa::sse41;
      try {
        dnnl::set_max_cpu_isa(cap);
      } catch (const dnnl::error& e) {
        throw std::runtime_error(std::string("cannot cap oneDNN's ISA to ") + isa_name(cap) + ": " + e.what());
      }
    }
  }

  std::string name() const override { return "onednn"; }

  std::string description() const override {
    const dnnl_version_t* v = dnnl_version();
    std::string s = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                    std::to_string(v->patch) + ", " + runtime_name(v->cpu_runtime) + " threading, " +
                    isa_name(dnnl::get_effective_cpu_isa()) +
                    "; NHWC activations, conv/inner-product weights in the primitive's preferred layout "
                    "(format_tag::any) reordered before timing; bias gradients by its reduction primitive";
    return s;
  }

  std::string lacks(OpId op) const override {
    switch (op) {
      case OpId::pad:
        return "no padding primitive";
      case OpId::softmax_xent:
        return "softmax + cross-entropy loss is not a oneDNN primitive";
      case OpId::adam:
        return "no optimizer primitives";
      default:
        return {};
    }
  }

  std::unique_ptr<PreparedRun> prepare(OpId op, const Layer& layer, OpCase& c, int threads) override {
    if (const std::string why = lacks(op); !why.empty()) throw EngineDeclines(why, true);
    if (c.dtype() != DType::f32) throw EngineDeclines("oneDNN 2.6 has no f64 primitives on the CPU", true);
    if (threads > 1 && runtime_ != DNNL_RUNTIME_OMP)
      throw EngineDeclines("this oneDNN uses " + runtime_name(runtime_) +
                           " threading, whose thread count the bench cannot set");
    // Before the primitive exists: oneDNN fixes its work split when it creates it.
    auto scope = std::make_unique<OmpThreads>(threads);
    try {
      Call call = std::visit(
          [&](const auto& l) -> Call {
            using L = std::decay_t<decltype(l)>;
            if constexpr (std::is_same_v<L, ConvLayer>)
              return onednn::conv_call(device_, op, l, c);
            else if constexpr (std::is_same_v<L, PoolLayer>)
              return onednn::pool_call(device_, op, l, c);
            else if constexpr (std::is_same_v<L, EltwiseLayer>)
              return onednn::relu_call(device_, op, l, c);
            else if constexpr (std::is_same_v<L, DenseLayer>)
              return onednn::inner_product_call(device_, op, l, c);
            else
              throw EngineDeclines("no oneDNN primitive for this layer kind", true);
          },
          layer.spec);
      return std::make_unique<OnednnRun>(device_, std::move(scope), std::move(call));
    } catch (const dnnl::error& e) {
      throw EngineDeclines(std::string("oneDNN rejects the case: ") + e.what());
    }
  }

 private:
  unsigned runtime_;
  Device device_;
};

}  // namespace

std::unique_ptr<Engine> make_onednn_engine(std::optional<Isa> max_isa) { return std::make_unique<OnednnEngine>(max_isa); }

}  // namespace cnnkit::bench
