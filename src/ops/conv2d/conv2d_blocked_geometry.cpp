#include "ops/conv2d/conv2d_blocked_geometry.hpp"

#include <algorithm>

namespace cnnkit::ops {

Conv2dProblem normalised_geometry(const Conv2dProblem& p) {
  Conv2dProblem q = p;
  if (p.y.h <= 1) q.params.stride_h = 1;
  if (p.y.w <= 1) q.params.stride_w = 1;
  if (p.w.kh <= 1) q.params.dilation_h = 1;
  if (p.w.kw <= 1) q.params.dilation_w = 1;
  return q;
}

Conv2dProblem pointwise_refolded(const Conv2dProblem& p) {
  const Padding& pad = p.params.pad;
  // Same spatial size too: a stride is irrelevant for one output, and then x may have rows and
  // columns that no output reads (x 4x4, stride 4: y 1x1; found by the fuzzer).
  const bool pointwise = p.w.kh == 1 && p.w.kw == 1 && !pad.top && !pad.bottom && !pad.left && !pad.right &&
                         p.x.h == p.y.h && p.x.w == p.y.w;
  if (!pointwise || p.y.w >= kPointwiseRow) return p;
  // y pixel k is x pixel k: any (n, h, w) with the same product indexes the same memory.
  const std::int64_t pixels = p.y.n * p.y.h * p.y.w;
  std::int64_t width = p.y.w;
  for (std::int64_t d = std::min(kPointwiseRow, pixels); d > width; --d)
    if (pixels % d == 0) {
      width = d;
      break;
    }
  Conv2dProblem q = p;
  q.x.n = q.y.n = 1;
  q.x.h = q.y.h = pixels / width;
  q.x.w = q.y.w = width;
  q.params.stride_h = q.params.stride_w = 1;
  return q;
}

namespace {

// Doubles: the sizes compared here may be far beyond int64 when multiplied.
// A padded axis is "far beyond the windows" when it exceeds twice what the input and the windows
// can touch, plus some slack; real networks' padding is below one kernel extent.
bool padded_axis_too_large(double in, double pad_before, double pad_after, double out, double kernel) {
  return in + pad_before + pad_after > 2 * (in + out * kernel) + 256;
}

}  // namespace

const char* blocked_geometry_decline(const Conv2dProblem& p) {
  const Padding& pad = p.params.pad;
  const auto d = [](std::int64_t v) { return static_cast<double>(v); };
  if (padded_axis_too_large(d(p.x.h), d(pad.top), d(pad.bottom), d(p.y.h), d(p.w.kh)) ||
      padded_axis_too_large(d(p.x.w), d(pad.left), d(pad.right), d(p.y.w), d(p.w.kw)))
    return "padding far beyond what the windows read (the zero-padded band would be mostly padding)";
  // One padded row (or the band of its columns) times its channels must stay a modest buffer.
  constexpr double kMaxBandElements = 1ull << 40;
  const double padded_w = d(p.x.w) + d(pad.left) + d(pad.right);
  const double padded_h = d(p.x.h) + d(pad.top) + d(pad.bottom);
  if (padded_w * padded_h * d(p.x.c + p.y.c) > kMaxBandElements) return "padded band too large";
  return nullptr;
}

}  // namespace cnnkit::ops
