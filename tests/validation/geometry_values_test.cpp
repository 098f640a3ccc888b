// The geometry functions' values, through the C++ API and the C ABI: hand-worked cases (TF SAME
// 64x64 k=4 s=1 -> 1/2, ceil mode's dropped last window) and a sweep against window counting.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "cnnkit/cnnkit.h"
#include "cnnkit/cnnkit.hpp"

namespace cnnkit {
namespace {

struct SameCase {
  std::int64_t in, kernel, stride, dilation, before, after;
};

// out = ceil(in/s); total = max((out-1)*s + d*(k-1)+1 - in, 0); before = total/2.
TEST(GeometryValues, SamePaddingMatchesTensorFlow) {
  const SameCase cases[] = {
      {64, 4, 1, 1, 1, 2},  // TF's 64x64, k=4, s=1: total 3 -> 1 before, 2 after
      {5, 3, 2, 1, 1, 1},   // out 3: total 2*2 + 3 - 5 = 2
      {6, 3, 2, 1, 0, 1},   // out 3: total 4 + 3 - 6 = 1
      {10, 3, 1, 2, 2, 2},  // dilated span 5: total 9 + 5 - 10 = 4
      {4, 1, 2, 1, 0, 0},   // total (2-1)*2 + 1 - 4 < 0 -> 0
      {7, 7, 7, 1, 0, 0},   // one window covers the input
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << "in " << c.in << " k " << c.kernel << " s " << c.stride << " d " << c.dilation);
    // The height axis gets the case, the width axis a fixed one, so the two are not mixed up.
    const Padding p = same_padding(c.in, 64, c.kernel, 4, c.stride, 1, c.dilation, 1);
    EXPECT_EQ(p, (Padding{c.before, c.after, 1, 2}));
    cnnkit_padding cp{-1, -1, -1, -1};
    ASSERT_EQ(cnnkit_same_padding(c.in, 64, c.kernel, 4, c.stride, 1, c.dilation, 1, &cp), CNNKIT_STATUS_OK)
        << cnnkit_last_error();
    EXPECT_EQ(cp.top, c.before);
    EXPECT_EQ(cp.bottom, c.after);
    EXPECT_EQ(cp.left, 1);
    EXPECT_EQ(cp.right, 2);
  }
}

TEST(GeometryValues, ConvOutputSizes) {
  EXPECT_EQ(conv_output_size(5, 3, 1, 0, 0), 3);
  EXPECT_EQ(conv_output_size(7, 3, 2, 1, 1), 4);     // floor(6/2) + 1
  EXPECT_EQ(conv_output_size(6, 2, 3, 0, 0), 2);     // floor(4/3) + 1: the partial last window is dropped
  EXPECT_EQ(conv_output_size(5, 3, 2, 0, 0, 2), 1);  // dilated span 5 fills the input
  EXPECT_EQ(conv_output_size(3, 5, 3, 1, 1), 1);     // padding makes the 5-kernel fit
  EXPECT_EQ(conv_output_size(10, 2, std::numeric_limits<std::int64_t>::max(), 0, 0), 1);

  // The 2-D shape through both APIs: x (2, 7, 5, 6), w (3, 2, 3, 8) in 2 groups.
  Conv2dParams p;
  p.stride_h = 2;
  p.pad = {1, 1, 0, 1};
  p.groups = 2;
  EXPECT_EQ(conv2d_output_shape({2, 7, 5, 6}, {3, 2, 3, 8}, p), (NhwcShape{2, 4, 5, 8}));
  const cnnkit_conv2d_params cp{2, 1, {1, 1, 0, 1}, 1, 1, 2};
  cnnkit_nhwc y{};
  ASSERT_EQ(cnnkit_conv2d_output_shape({2, 7, 5, 6}, {3, 2, 3, 8}, &cp, &y), CNNKIT_STATUS_OK) << cnnkit_last_error();
  EXPECT_EQ((NhwcShape{y.n, y.h, y.w, y.c}), (NhwcShape{2, 4, 5, 8}));
}

TEST(GeometryValues, PoolCeilModeDropsAWindowStartingInTheTrailingPadding) {
  EXPECT_EQ(pool_output_size(5, 2, 2, 0, 0, false), 2);
  EXPECT_EQ(pool_output_size(5, 2, 2, 0, 0, true), 3);  // the extra window starts at 4, inside the input
  // Padded 7: ceil would give 4 windows, but the 4th starts at 6 = in + pad_before: dropped.
  EXPECT_EQ(pool_output_size(5, 2, 2, 1, 1, true), 3);
  EXPECT_EQ(pool_output_size(6, 3, 2, 1, 1, true), 4);  // the 4th starts at 6 < 7: kept
  EXPECT_EQ(pool_output_size(6, 3, 2, 1, 1, false), 3);
  // No overflow with an enormous stride: ceil's 2nd window would start at the stride, past the input.
  EXPECT_EQ(pool_output_size(10, 2, std::numeric_limits<std::int64_t>::max(), 0, 0, true), 1);
  EXPECT_EQ(pool_output_size(10, 2, std::numeric_limits<std::int64_t>::max(), 0, 0, false), 1);

  Pool2dParams p;
  p.pad = Padding::symmetric(1);
  p.ceil_mode = true;
  EXPECT_EQ(pool2d_output_shape({1, 5, 6, 3}, p), (NhwcShape{1, 3, 4, 3}));
  cnnkit_pool2d_params cp = cnnkit_pool2d_params_default();
  cp.pad = {1, 1, 1, 1};
  cp.ceil_mode = 1;
  cnnkit_nhwc y{};
  ASSERT_EQ(cnnkit_pool2d_output_shape({1, 5, 6, 3}, &cp, &y), CNNKIT_STATUS_OK) << cnnkit_last_error();
  EXPECT_EQ((NhwcShape{y.n, y.h, y.w, y.c}), (NhwcShape{1, 3, 4, 3}));
}

TEST(GeometryValues, PadOutputShape) {
  EXPECT_EQ(pad_output_shape({2, 3, 4, 5}, {1, 2, 3, 4}), (NhwcShape{2, 6, 11, 5}));
}

// Window counting by definition, over small sizes. Positions are in padded coordinates.
// Floor mode: windows [i*s, i*s + span) that fit in the padded extent.
// Ceil mode: also a last partial window, if it starts before the trailing padding.
std::int64_t count_windows(std::int64_t in, std::int64_t span, std::int64_t stride, std::int64_t before,
                           std::int64_t after, bool ceil_mode) {
  const std::int64_t padded = in + before + after;
  std::int64_t n = 0;
  for (std::int64_t start = 0; start + span <= padded; start += stride) ++n;
  const std::int64_t next = n * stride;
  if (ceil_mode && n > 0 && next + span > padded && next < padded - span + stride && next < in + before) ++n;
  return n;
}

TEST(GeometryValues, OutputSizesMatchWindowCountingThroughBothApis) {
  for (std::int64_t in = 1; in <= 9; ++in)
    for (std::int64_t k = 1; k <= 4; ++k)
      for (std::int64_t s = 1; s <= 3; ++s)
        for (std::int64_t before = 0; before < k; ++before)
          for (std::int64_t after = 0; after < k; ++after) {
            if (in + before + after < k) continue;
            SCOPED_TRACE(testing::Message()
                         << "in " << in << " k " << k << " s " << s << " pad " << before << "," << after);
            EXPECT_EQ(conv_output_size(in, k, s, before, after), count_windows(in, k, s, before, after, false));
            for (bool ceil_mode : {false, true}) {
              const std::int64_t expected = count_windows(in, k, s, before, after, ceil_mode);
              EXPECT_EQ(pool_output_size(in, k, s, before, after, ceil_mode), expected) << "ceil " << ceil_mode;
              cnnkit_pool2d_params cp = cnnkit_pool2d_params_default();
              cp.kernel_h = cp.kernel_w = k;
              cp.stride_h = cp.stride_w = s;
              cp.pad = {before, after, before, after};
              cp.ceil_mode = ceil_mode;
              cnnkit_nhwc y{};
              ASSERT_EQ(cnnkit_pool2d_output_shape({1, in, in, 1}, &cp, &y), CNNKIT_STATUS_OK) << cnnkit_last_error();
              EXPECT_EQ(y.h, expected);
              EXPECT_EQ(y.w, expected);
            }
          }
}

}  // namespace
}  // namespace cnnkit
