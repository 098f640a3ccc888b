// A planted violation for the ISA hygiene check: a plainly named (baseline) function compiled with
// AVX-512 flags, as a linker-merged inline function would be. The check must reject this library.
#include <immintrin.h>

extern "C" void planted_baseline_scale(float* data, int n) {
  for (int i = 0; i + 16 <= n; i += 16)
    _mm512_storeu_ps(data + i, _mm512_mul_ps(_mm512_loadu_ps(data + i), _mm512_set1_ps(2.0f)));
}
