// The rule for non-finite values in convolution (README, "Non-finite values"): a tap that falls
// outside the input is absent, not a product with a zero. The reference skips such taps; the
// blocked variants read zero-padded buffers instead, so a padded 0 meeting an infinite or NaN
// factor (the weight for forward and backward data, dy for backward weights) gives a spurious
// NaN (0 * inf). Each blocked driver calls its fixup after its tiles have run:
//
//   * with finite factors every padded product is +-0 and changes nothing, so a cheap gate (a
//     scan of the weights, or of dW and then dy) returns at once: normal data pays O(|w|);
//   * otherwise every NaN output that a padded tap could have touched is recomputed exactly,
//     with the reference's skip-padding sum in the reference's order. A spurious product can only
//     turn a result into NaN, so the entries that are not NaN are already right.
//
// Deterministic and run on the calling thread after the parallel region, so threaded variants
// stay bitwise equal to their serial sibling.
#pragma once

#include <cstdint>

#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

// Whether any of v[0, count) is an infinity or a NaN (vectorised; the weight packers call it on
// each packed run while it is in L1).
template <class T>
bool any_nonfinite(const T* v, std::int64_t count);

// Forward: `w_nonfinite` says whether w holds a non-finite value (known from prepacking, or
// found by any_nonfinite).
template <class T>
void conv2d_fwd_fix_padding_nans(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, bool w_nonfinite);

// Backward data: the zeros around dy in the blocked buffers meet w (`w_nonfinite` as above).
template <class T>
void conv2d_bwd_data_fix_padding_nans(const Conv2dProblem& p, const T* dy, const T* w, T* dx, bool w_nonfinite);

// Backward weights: the zero-padded x meets dy.
template <class T>
void conv2d_bwd_weights_fix_padding_nans(const Conv2dProblem& p, const T* x, const T* dy, T* dw);

}  // namespace cnnkit::ops
