// Fixture params.txt keys -> cnnkit parameter structs (key names as in tests/data/fixtures/README.md).
// A missing or malformed key throws FixtureError naming it.
#pragma once

#include <string>

#include "cnnkit/params.hpp"
#include "support/fixture.hpp"

namespace cnnkit::test {

// <prefix>pad_top, <prefix>pad_bottom, <prefix>pad_left, <prefix>pad_right.
Padding padding_params(const FixtureCase& c, const std::string& prefix = "");

// stride_h stride_w pad_* dilation_h dilation_w groups (dilation and groups default to 1).
Conv2dParams conv2d_params(const FixtureCase& c);

// mode (max | avg) kh kw stride_h stride_w pad_* count_include_pad ties [ceil_mode].
Pool2dParams pool2d_params(const FixtureCase& c);

// ties (first | all); absent means first.
TiePolicy tie_policy(const FixtureCase& c);

// style (tf | torch) t lr beta1 beta2 eps [weight_decay] [decoupled_weight_decay].
AdamParams adam_params(const FixtureCase& c);

}  // namespace cnnkit::test
