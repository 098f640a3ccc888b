// What the prepacked-weights equivalence tests share: one conv2d problem's data from a sweep
// shape (small integers, or reals with hostile values), the plain and prepacked calls of both
// directions that take prepacked weights, and the tiers and variants to run them on.
#pragma once

#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "conv2d_harness.hpp"
#include "hostile_values.hpp"
#include "support/conv2d_variant_scope.hpp"
#include "support/random_fill.hpp"

namespace cnnkit::test::equiv {

enum class PrepackedData { integers, hostile };

template <class T>
struct PrepackedConvData {
  ConvShape s;
  Conv2dParams params;
  NhwcShape xs, ys;
  HwioShape ws;
  std::vector<T> x, w, b, dy;

  explicit PrepackedConvData(const ConvShape& shape, PrepackedData data = PrepackedData::integers) : s(shape) {
    params = Conv2dParams{s.stride_h, s.stride_w, s.pad, s.dilation_h, s.dilation_w, s.groups};
    xs = NhwcShape{s.n, s.h, s.w, s.c_in};
    ws = HwioShape{s.kh, s.kw, s.c_in / s.groups, s.c_out};
    ys = conv2d_output_shape(xs, ws, params);
    RandomFill rng(static_cast<std::uint64_t>(s.c_in * 131 + s.c_out * 7 + s.kh));
    auto fill = [&](std::vector<T>& v, std::int64_t n) {
      v.resize(static_cast<std::size_t>(n));
      if (data == PrepackedData::integers) {
        rng.small_integers(v.data(), n, -4, 4);  // every sum exact
        return;
      }
      // Reals with about 2% NaNs and 1% infinities; then hostile NaN payloads, +-max, subnormals.
      rng.uniform(v.data(), n, -4.0, 4.0);
      std::uniform_int_distribution<int> pick(0, 99);
      for (auto& e : v) {
        const int p = pick(rng.engine());
        if (p < 2) e = std::numeric_limits<T>::quiet_NaN();
        else if (p < 3) e = (p % 2 ? -1 : 1) * std::numeric_limits<T>::infinity();
      }
      add_hostile_values(v, rng);
    };
    fill(x, xs.n * xs.h * xs.w * xs.c);
    fill(w, ws.kh * ws.kw * ws.c_in_per_group * ws.c_out);
    fill(b, ws.c_out);
    fill(dy, ys.n * ys.h * ys.w * ys.c);
  }

  std::vector<T> forward(const Context& ctx) const {
    std::vector<T> y(static_cast<std::size_t>(ys.n * ys.h * ys.w * ys.c), T(-99));
    conv2d_forward<T>({x.data(), xs}, {w.data(), ws}, {b.data(), ws.c_out}, {y.data(), ys}, params, ctx);
    return y;
  }
  std::vector<T> forward(const Conv2dPackedWeights<T>& pw, const Context& ctx) const {
    std::vector<T> y(static_cast<std::size_t>(ys.n * ys.h * ys.w * ys.c), T(-99));
    conv2d_forward<T>({x.data(), xs}, pw, {b.data(), ws.c_out}, {y.data(), ys}, params, ctx);
    return y;
  }
  std::vector<T> backward_data(const Context& ctx) const {
    std::vector<T> dx(static_cast<std::size_t>(xs.n * xs.h * xs.w * xs.c), T(-99));
    conv2d_backward_data<T>({dy.data(), ys}, {w.data(), ws}, {dx.data(), xs}, params, ctx);
    return dx;
  }
  std::vector<T> backward_data(const Conv2dBackwardDataPackedWeights<T>& pw, const Context& ctx) const {
    std::vector<T> dx(static_cast<std::size_t>(xs.n * xs.h * xs.w * xs.c), T(-99));
    conv2d_backward_data<T>({dy.data(), ys}, pw, {dx.data(), xs}, params, ctx);
    return dx;
  }
  std::string describe() const {
    std::ostringstream o;  // (string + to_string chains trip GCC 12's -Wrestrict false positive)
    o << "n" << s.n << " " << s.h << "x" << s.w << " c" << s.c_in << "->" << s.c_out << " k" << s.kh << "x" << s.kw
      << " s" << s.stride_h << "x" << s.stride_w << " d" << s.dilation_h << "x" << s.dilation_w << " g" << s.groups;
    return o.str();
  }
};

// Same bits (NaN payloads and signed zeros included).
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// The tiers weights can be packed for on this CPU (scalar: nothing packed).
inline std::vector<Isa> packing_tiers() {
  std::vector<Isa> tiers;
  for (Isa t : {Isa::scalar, Isa::sse4_2, Isa::avx2_fma, Isa::avx512})
    if (t <= detected_isa()) tiers.push_back(t);
  return tiers;
}

inline std::vector<std::string> runnable_variants(OpId op, DType dtype) {
  std::vector<std::string> names;
  for (const VariantInfo& v : list_variants(op, dtype))
    if (v.isa <= detected_isa()) names.push_back(v.name);
  return names;
}

// A value planted in a packed layout (`packed`, packed for `tier`) changes exactly the variants of
// `op` that read it: the blocked ones of that tier. Every other variant reads the object's copy of
// the plain weights. `prepacked` and `plain` run the two calls under a Context.
using F32Call = std::function<std::vector<float>(const Context&)>;
inline void expect_planted_value_read_by_packed_tier_only(OpId op, Isa tier, float* packed, const F32Call& prepacked,
                                                          const F32Call& plain) {
  packed[0] += 1000.0f;  // one weight as the packed tier's kernels see it
  const std::string tier_name = to_string(tier);
  for (const std::string& variant : runnable_variants(op, DType::f32)) {
    if (is_depthwise_variant(variant)) continue;  // the planted layouts' shapes are not depthwise
    Context ctx = Context::defaults();
    ctx.force_variant(op, variant).set_num_threads(2);
    if (variant.find(".blocked." + tier_name) != std::string::npos) {
      EXPECT_NE(prepacked(ctx), plain(ctx)) << variant << " did not read the packed layout";
    } else {
      EXPECT_EQ(prepacked(ctx), plain(ctx)) << variant << " read a layout packed for another tier";
    }
  }
  packed[0] -= 1000.0f;
}

// What a prepacked object (Packed<double>, for op `op`) reports: its shape and groups, the tier it
// packed for (the cap's, the best one, or that of a forced variant of `op` but not of `other`),
// and the bytes it holds (the copy alone when nothing is packed).
template <class Packed>
void expect_reports_what_it_holds(OpId op, OpId other) {
  const PrepackedConvData<double> d({1, 5, 5, 12, 20, 3, 3, 1, 1, {0, 0, 0, 0}, 1, 1, 4});
  Context ctx = Context::defaults();
  ctx.set_max_isa(Isa::scalar);
  const Packed scalar_pw({d.w.data(), d.ws}, 4, ctx);
  EXPECT_EQ(scalar_pw.isa(), Isa::scalar);
  EXPECT_EQ(scalar_pw.groups(), 4);
  EXPECT_EQ(scalar_pw.shape().c_out, 20);
  EXPECT_EQ(scalar_pw.bytes(), d.w.size() * sizeof(double));
  const Packed best({d.w.data(), d.ws}, 4, Context::defaults());
  EXPECT_EQ(best.isa(), detected_isa());
  if (best.isa() != Isa::scalar) {
    EXPECT_GT(best.bytes(), d.w.size() * sizeof(double));
  }
  if (detected_isa() >= Isa::avx2_fma) {
    Context forced = Context::defaults();
    forced.force_variant(op, std::string(to_string(op)) + ".blocked.sse4_2");
    forced.force_variant(other, std::string(to_string(other)) + ".blocked.avx2_fma");
    EXPECT_EQ(Packed({d.w.data(), d.ws}, 4, forced).isa(), Isa::sse4_2);
  }
}

}  // namespace cnnkit::test::equiv
