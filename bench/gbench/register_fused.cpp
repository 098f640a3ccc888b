#include "gbench/register_fused.hpp"

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "common/fill.hpp"
#include "common/shape_suite.hpp"

namespace cnnkit::bench {
namespace {

enum class Fusion { forward_bias_relu, weights_bias };

template <class T>
struct FusedData {
  ConvLayer l;
  NhwcShape y_shape;
  std::vector<T> x, w, b, y, dy, dw, db;

  explicit FusedData(const ConvLayer& layer) : l(layer), y_shape(conv2d_output_shape(l.x, l.w, l.params)) {
    auto make = [](std::vector<T>& v, std::int64_t n, std::uint64_t seed) {
      v.resize(static_cast<std::size_t>(n));
      fill_small_integers(v.data(), n, seed);
    };
    const std::int64_t xc = l.x.n * l.x.h * l.x.w * l.x.c, yc = y_shape.n * y_shape.h * y_shape.w * y_shape.c;
    const std::int64_t wc = l.w.kh * l.w.kw * l.w.c_in_per_group * l.w.c_out;
    make(x, xc, 1), make(w, wc, 2), make(b, l.w.c_out, 3), make(y, yc, 4), make(dy, yc, 5), make(dw, wc, 6);
    make(db, l.w.c_out, 7);
  }

  void run(Fusion f, bool fused, const Context& ctx) {
    const VectorView<const T> bias(b.data(), l.w.c_out);
    const std::int64_t yc = static_cast<std::int64_t>(y.size());
    if (f == Fusion::forward_bias_relu) {
      if (fused) {
        conv2d_forward<T>({x.data(), l.x}, {w.data(), l.w}, bias, {y.data(), y_shape}, l.params, Conv2dEpilogue::relu,
                          ctx);
      } else {
        conv2d_forward<T>({x.data(), l.x}, {w.data(), l.w}, bias, {y.data(), y_shape}, l.params, ctx);
        relu_forward<T>({y.data(), yc}, {y.data(), yc}, ctx);
      }
      return;
    }
    const VectorView<T> grad_b(db.data(), l.w.c_out);
    if (fused) {
      conv2d_backward_weights_bias<T>({x.data(), l.x}, {dy.data(), y_shape}, {dw.data(), l.w}, grad_b, l.params, ctx);
    } else {
      conv2d_backward_weights<T>({x.data(), l.x}, {dy.data(), y_shape}, {dw.data(), l.w}, l.params, ctx);
      conv2d_backward_bias<T>({dy.data(), y_shape}, grad_b, ctx);
    }
  }
};

using AnyData = std::variant<std::monostate, FusedData<float>, FusedData<double>>;

// One layer's buffers at a time, kept for the next case of the same (layer, dtype): the four
// cases of a layer are registered consecutively.
AnyData& cached_data(const std::string& key, const ConvLayer& l, DType dtype) {
  static std::string current_key;
  static AnyData data;
  if (current_key != key) {
    data = std::monostate{};  // free before allocating the next
    if (dtype == DType::f32) data.emplace<FusedData<float>>(l);
    else data.emplace<FusedData<double>>(l);
    current_key = key;
  }
  return data;
}

void run_fused_case(benchmark::State& state, const std::string& layer_name, const ConvLayer& l, DType dtype,
                    Fusion f, bool fused, int threads) {
  Context ctx = Context::defaults();
  ctx.set_num_threads(threads);
  AnyData& data = cached_data(layer_name + "/" + to_string(dtype), l, dtype);
  auto call = [&] { std::visit([&](auto& d) {
                      if constexpr (!std::is_same_v<std::decay_t<decltype(d)>, std::monostate>) d.run(f, fused, ctx);
                    }, data); };
  try {
    call();  // warm-up: first touch, packing buffers, the thread team
  } catch (const std::exception& e) {
    state.SkipWithError((std::string("error: ") + e.what()).c_str());
    return;
  }
  for (auto _ : state) call();
  const NhwcShape y = conv2d_output_shape(l.x, l.w, l.params);
  const double flops = 2.0 * static_cast<double>(y.n) * y.h * y.w * y.c * l.w.kh * l.w.kw * l.w.c_in_per_group;
  state.counters["GFLOP"] = benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  const char* ran = f == Fusion::forward_bias_relu ? "conv2d_fwd" : "conv2d_bwd_weights";
  state.SetLabel(last_variant(f == Fusion::forward_bias_relu ? OpId::conv2d_fwd : OpId::conv2d_bwd_weights) + " (" +
                 ran + " ran)");
}

}  // namespace

int register_fused_cases(const GbenchFlags& flags) {
  int registered = 0;
  for (DType dtype : flags.dtypes)
    for (const Layer& layer : load_shapes(flags.shapes)) {
      const auto* l = std::get_if<ConvLayer>(&layer.spec);
      if (!l) continue;
      for (Fusion f : {Fusion::forward_bias_relu, Fusion::weights_bias})
        for (bool fused : {false, true})
          for (int t : flags.threads) {
            const std::string name = std::string(f == Fusion::forward_bias_relu ? "conv2d_fwd_bias_relu"
                                                                                : "conv2d_bwd_weights_bias") +
                                     (fused ? "/plain.fused/" : "/plain.unfused/") + layer.name + "/" +
                                     to_string(dtype) + "/threads:" + std::to_string(t);
            const ConvLayer conv = *l;
            const std::string layer_name = layer.name;
            auto* b = benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
              run_fused_case(state, layer_name, conv, dtype, f, fused, t);
            });
            b->UseRealTime()->Unit(benchmark::kMicrosecond);
            ++registered;
          }
    }
  return registered;
}

}  // namespace cnnkit::bench
