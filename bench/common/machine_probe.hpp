// This machine's limits, measured in well under two seconds at start-up: the FMA peak of the
// best instruction-set tier the CPU runs and the STREAM copy bandwidth, per thread count. They
// turn GFLOP/s and GB/s into "% of what this machine can do".
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cnnkit/dispatch.hpp"

namespace cnnkit::bench {

struct MachineProbe {
  std::string fma_tier;  // "avx512", "avx2_fma" or "sse2 (mul+add)"
  DType dtype = DType::f32;
  std::vector<std::pair<int, double>> fma_gflops;  // (threads, GFLOP/s), best of a few runs
  std::vector<std::pair<int, double>> copy_gbs;    // (threads, GB/s), STREAM counting (2 x array bytes)
  std::int64_t copy_array_bytes = 0;
  double seconds = 0;       // what the probes took
  double load_average = 0;  // 1-minute load average at the start (/proc/loadavg; -1 if unknown):
                            // other busy processes make every figure noisy

  // The figure for this thread count (the largest probed count below it if not probed; 0 if none).
  double fma_peak(int threads) const;
  double copy_bandwidth(int threads) const;
};

// Probes for thread count 1 and every count in `thread_counts`. `quick` shrinks the probes
// (smaller arrays, shorter loops) for smoke tests.
MachineProbe probe_machine(DType dtype, const std::vector<int>& thread_counts, bool quick);

}  // namespace cnnkit::bench
