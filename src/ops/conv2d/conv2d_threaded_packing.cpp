#include "ops/conv2d/conv2d_threaded_packing.hpp"

#include <atomic>

#include "core/function_ref.hpp"
#include "core/threading.hpp"

namespace cnnkit::ops {
namespace {

// Runs pack(begin, end) over the chunks parallel_for hands out of [0, units); true when any part found a
// non-finite weight.
bool pack_split(std::int64_t units, std::int64_t bytes, Threading kind, int threads,
                core::FunctionRef<bool(std::int64_t, std::int64_t)> pack) {
  if (bytes < kThreadedPackMinBytes) threads = 1;
  std::atomic<bool> nonfinite{false};
  core::parallel_for(kind, threads, units, [&](std::int64_t begin, std::int64_t end) {
    if (pack(begin, end)) nonfinite.store(true, std::memory_order_relaxed);
  });
  return nonfinite.load(std::memory_order_relaxed);  // parallel_for has joined its team
}

}  // namespace

template <class T>
bool pack_conv_fwd_weights_threaded(const ConvFwdPlan& plan, const T* w, T* packed, Threading kind, int threads) {
  return pack_split(plan.pack_units(), plan.packed_count() * static_cast<std::int64_t>(sizeof(T)), kind, threads,
                    [&](std::int64_t begin, std::int64_t end) {
                      return pack_conv_fwd_weights(plan, w, packed, begin, end);
                    });
}

template <class T>
bool pack_conv_bwd_data_weights_threaded(const ConvBwdDataPlan& plan, const T* w, T* packed, Threading kind,
                                         int threads) {
  return pack_split(plan.pack_units(), plan.packed_count() * static_cast<std::int64_t>(sizeof(T)), kind, threads,
                    [&](std::int64_t begin, std::int64_t end) {
                      return pack_conv_bwd_data_weights(plan, w, packed, begin, end);
                    });
}

#define CNNKIT_INSTANTIATE(T)                                                                                  \
  template bool pack_conv_fwd_weights_threaded<T>(const ConvFwdPlan&, const T*, T*, Threading, int);          \
  template bool pack_conv_bwd_data_weights_threaded<T>(const ConvBwdDataPlan&, const T*, T*, Threading, int);
CNNKIT_INSTANTIATE(float)
CNNKIT_INSTANTIATE(double)

}  // namespace cnnkit::ops
