// What each ISA tier's translation unit (tiers/dense.<tier>.cpp) provides to the ISA-neutral dense
// drivers: its register blocking and its kernels, as plain function pointers.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/dense/dense_bias_plan.hpp"
#include "ops/dense/dense_gemm.hpp"
#include "simd/tier_table.hpp"

namespace cnnkit::ops {

template <class T>
struct DenseTierKernels {
  DenseRegisterBlocking blocking;
  // The simd rung: tiles [begin, end) of a DenseSimdPlan made with this blocking.
  void (*simd_tiles)(const DenseSimdPlan&, const DenseGemm<T>&, std::int64_t begin, std::int64_t end);
  // The blocked rung: B panels [begin, end) into `packed`, then tiles [begin, end) of the plan.
  void (*pack_b)(const DenseGemmPlan&, const DenseGemm<T>&, T* packed, std::int64_t begin, std::int64_t end);
  void (*blocked_tiles)(const DenseGemmPlan&, const DenseGemm<T>&, const T* packed_b, std::int64_t begin,
                        std::int64_t end);
  // The bias gradient: chunks [begin, end) of the plan, then the ordered combination.
  void (*bias_chunks)(const DenseBiasPlan&, const T* dy, T* db, T* partials, std::int64_t begin, std::int64_t end);
  void (*bias_combine)(const DenseBiasPlan&, const T* partials, T* db);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const DenseTierKernels<T>& dense_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const DenseTierKernels<T>& dense_kernels();
}
namespace tier_avx2_fma {
template <class T>
const DenseTierKernels<T>& dense_kernels();
}
namespace tier_avx512 {
template <class T>
const DenseTierKernels<T>& dense_kernels();
}

}  // namespace cnnkit::ops
