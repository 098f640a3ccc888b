#include "common/machine_probe.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "common/bench_buffer.hpp"
#include "common/fma_kernels.hpp"

namespace cnnkit::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Runs body(index) on `threads` threads at once (the calling thread is index 0) and returns the
// wall time from the moment all of them are ready until the last one finishes.
double run_together(int threads, const std::function<void(int)>& body) {
  std::atomic<int> ready{0};
  auto worker = [&](int index) {
    ready.fetch_add(1);
    while (ready.load() < threads) {
    }
    body(index);
  };
  std::vector<std::thread> others;
  for (int i = 1; i < threads; ++i) others.emplace_back(worker, i);
  ready.fetch_add(1);
  while (ready.load() < threads) {
  }
  const auto start = Clock::now();
  body(0);
  for (auto& t : others) t.join();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct FmaKernel {
  const char* tier;
  double (*fn)(std::int64_t);
  double flops_per_iteration;
};

FmaKernel best_kernel(DType dtype) {
  const bool f32 = dtype == DType::f32;
  switch (detected_isa()) {
    case Isa::avx512:
      return {"avx512", f32 ? fma_kernel_avx512_f32 : fma_kernel_avx512_f64,
              f32 ? kFlopsPerIterAvx512F32 : kFlopsPerIterAvx512F64};
    case Isa::avx2_fma:
      return {"avx2_fma", f32 ? fma_kernel_avx2_f32 : fma_kernel_avx2_f64,
              f32 ? kFlopsPerIterAvx2F32 : kFlopsPerIterAvx2F64};
    default:
      return {"sse2 (mul+add)", f32 ? fma_kernel_sse2_f32 : fma_kernel_sse2_f64,
              f32 ? kFlopsPerIterSse2F32 : kFlopsPerIterSse2F64};
  }
}

// Best of a few runs of ~target_s each: the peak is what the core can do, so take the fastest.
double fma_gflops(const FmaKernel& k, int threads, double target_s) {
  std::atomic<double> sink{0};
  auto run = [&](std::int64_t iterations) {
    return run_together(threads, [&](int) { sink.store(k.fn(iterations), std::memory_order_relaxed); });
  };
  std::int64_t iterations = 20000;
  double t = run(iterations);  // also wakes the wide units up (AVX-512 clock transitions)
  while (t < target_s / 4) {
    iterations *= 4;
    t = run(iterations);
  }
  double best = 0;
  for (int rep = 0; rep < 5; ++rep)
    best = std::max(best, k.flops_per_iteration * static_cast<double>(iterations) * threads / run(iterations) / 1e9);
  return best;
}

double copy_gbs(const double* a, double* c, std::int64_t n, int threads, int reps) {
  double best = 0;
  for (int rep = 0; rep < reps; ++rep) {
    const double t = run_together(threads, [&](int index) {
      const std::int64_t begin = n * index / threads, end = n * (index + 1) / threads;
      stream_copy(a + begin, c + begin, end - begin);
    });
    best = std::max(best, 2.0 * static_cast<double>(n) * sizeof(double) / t / 1e9);
  }
  return best;
}

double read_load_average() {
  double load = -1;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load) != 1) load = -1;
    std::fclose(f);
  }
  return load;
}

double lookup(const std::vector<std::pair<int, double>>& table, int threads) {
  double v = 0;
  for (const auto& [t, value] : table)
    if (t <= threads) v = value;  // sorted by thread count
  return v;
}

}  // namespace

double MachineProbe::fma_peak(int threads) const { return lookup(fma_gflops, threads); }
double MachineProbe::copy_bandwidth(int threads) const { return lookup(copy_gbs, threads); }

MachineProbe probe_machine(DType dtype, const std::vector<int>& thread_counts, bool quick) {
  const auto start = Clock::now();
  std::vector<int> counts{1};
  for (int t : thread_counts)
    if (t > 0) counts.push_back(t);
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());

  MachineProbe p;
  p.dtype = dtype;
  p.load_average = read_load_average();
  const FmaKernel kernel = best_kernel(dtype);
  p.fma_tier = kernel.tier;
  for (int t : counts) p.fma_gflops.emplace_back(t, fma_gflops(kernel, t, quick ? 0.005 : 0.04));

  // 2 x 128 MiB: a 256 MiB working set, far beyond the caches (the anchors measured 37 GB/s on it,
  // the same as STREAM with 256 MiB arrays); 2 x 32 MiB when quick.
  const std::int64_t n = (quick ? std::int64_t{32} << 20 : std::int64_t{128} << 20) / sizeof(double);
  p.copy_array_bytes = n * static_cast<std::int64_t>(sizeof(double));
  BenchBuffer<double> a(n), c(n);
  for (std::int64_t i = 0; i < n; ++i) a.data()[i] = static_cast<double>(i & 1023);
  for (int t : counts) p.copy_gbs.emplace_back(t, copy_gbs(a.data(), c.data(), n, t, quick ? 2 : 5));

  p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return p;
}

}  // namespace cnnkit::bench
