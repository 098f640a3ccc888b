// The FMA peak kernels, one translation unit per instruction-set tier (compiled with that
// tier's -m flags; see bench/CMakeLists.txt), so the rest of the tools stay baseline x86-64.
// Each kernel runs `iterations` rounds over independent accumulators (16 zmm / 12 ymm / 12 xmm,
// more than FMA latency x throughput needs) and returns a value that depends on all of them.
// Call a kernel only when detected_isa() says the CPU runs its tier.
#pragma once

#include <cstdint>

namespace cnnkit::bench {

double fma_kernel_avx512_f32(std::int64_t iterations);
double fma_kernel_avx512_f64(std::int64_t iterations);
double fma_kernel_avx2_f32(std::int64_t iterations);
double fma_kernel_avx2_f64(std::int64_t iterations);
// SSE2 multiply + add (baseline x86-64 has no FMA).
double fma_kernel_sse2_f32(std::int64_t iterations);
double fma_kernel_sse2_f64(std::int64_t iterations);

// Flops of one iteration of each kernel.
inline constexpr double kFlopsPerIterAvx512F32 = 16 * 16 * 2;
inline constexpr double kFlopsPerIterAvx512F64 = 16 * 8 * 2;
inline constexpr double kFlopsPerIterAvx2F32 = 12 * 8 * 2;
inline constexpr double kFlopsPerIterAvx2F64 = 12 * 4 * 2;
inline constexpr double kFlopsPerIterSse2F32 = 12 * 4 * 2;
inline constexpr double kFlopsPerIterSse2F64 = 12 * 2 * 2;

// STREAM copy, c[i] = a[i] (its own unit, built so the loop is not turned into memcpy, whose
// non-temporal stores would measure something other than STREAM).
void stream_copy(const double* a, double* c, std::int64_t n);

}  // namespace cnnkit::bench
