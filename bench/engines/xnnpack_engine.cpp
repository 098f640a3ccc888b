// The XNNPACK engine: an inference library, so forward ops only, and convolution backward data,
// which is its transposed convolution (deconvolution2d). Threads come from a pthreadpool
// of N threads made per prepared run (none for one thread: XNNPACK then runs on the caller),
// the way TFLite hands XNNPACK its pool. XNNPACK keeps its microkernel choice internal (the
// operator struct is private and the kernels are not exported), so the implementation column
// names the operator.
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include "engines/xnnpack_support.hpp"

namespace cnnkit::bench {
namespace {

using xnnpack::Setup;
using xnnpack::ThreadPool;

class XnnpackRun final : public PreparedRun {
 public:
  XnnpackRun(ThreadPool pool, Setup setup) : pool_(std::move(pool)), setup_(std::move(setup)) {}

  void run() override { xnnpack::check(xnn_run_operator(setup_.op.get(), pool_.get()), "run"); }
  std::string implementation() const override { return setup_.implementation; }

 private:
  ThreadPool pool_;  // declared first: outlives the operator set up on it
  Setup setup_;
};

class XnnpackEngine final : public Engine {
 public:
  explicit XnnpackEngine(std::optional<Isa> max_isa) : capped_(max_isa && *max_isa < Isa::avx512) {
    xnnpack::check(xnn_initialize(nullptr), "initialize");
  }

  std::string name() const override { return "xnnpack"; }

  std::string description() const override {
    return "XNNPACK (operator API of early 2022), pthreadpool threads; weights packed when an operator is created; "
           "conv2d_bwd_data as its transposed convolution" +
           std::string(capped_ ? "; not ISA-capped (XNNPACK picks its kernels from the CPU; no cap exists)" : "");
  }

  std::string lacks(OpId op) const override {
    switch (op) {
      case OpId::conv2d_fwd:
      case OpId::conv2d_bwd_data:
      case OpId::pool2d_fwd:
      case OpId::relu_fwd:
      case OpId::pad:
      case OpId::dense_fwd:
        return {};
      case OpId::softmax_xent:
        return "no cross-entropy loss operator";
      case OpId::adam:
        return "no optimizer operators";
      case OpId::pool2d_fwd_indices:
        return "its argmax pooling has stride = window and window-relative indices: not the same op";
      default:
        return "an inference library: no backward operators (but transposed convolution)";
    }
  }

  std::unique_ptr<PreparedRun> prepare(OpId op, const Layer& layer, OpCase& c, int threads) override {
    if (const std::string why = lacks(op); !why.empty()) throw EngineDeclines(why, true);
    if (c.dtype() != DType::f32) throw EngineDeclines("XNNPACK has no f64 operators", true);
    ThreadPool pool(threads > 1 ? pthreadpool_create(static_cast<std::size_t>(threads)) : nullptr);
    if (threads > 1 && !pool) throw std::runtime_error("pthreadpool_create failed");
    Setup setup = std::visit(
        [&](const auto& l) -> Setup {
          using L = std::decay_t<decltype(l)>;
          if constexpr (std::is_same_v<L, ConvLayer>)
            return op == OpId::conv2d_fwd ? xnnpack::convolution(l, c, pool.get())
                                          : xnnpack::transposed_convolution(l, c, pool.get());
          else if constexpr (std::is_same_v<L, DenseLayer>)
            return xnnpack::fully_connected(l, c, pool.get());
          else if constexpr (std::is_same_v<L, PoolLayer>)
            return xnnpack::pooling(l, c, pool.get());
          else if constexpr (std::is_same_v<L, EltwiseLayer>)
            return xnnpack::relu(l, c, pool.get());
          else if constexpr (std::is_same_v<L, PadLayer>)
            return xnnpack::constant_pad(l, c, pool.get());
          else
            throw EngineDeclines("no XNNPACK operator for this layer kind", true);
        },
        layer.spec);
    return std::make_unique<XnnpackRun>(std::move(pool), std::move(setup));
  }

 private:
  bool capped_;  // --max-isa asked for less than this CPU has: XNNPACK still uses all of it
};

}  // namespace

std::unique_ptr<Engine> make_xnnpack_engine(std::optional<Isa> max_isa) { return std::make_unique<XnnpackEngine>(max_isa); }

}  // namespace cnnkit::bench
