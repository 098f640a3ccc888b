// STREAM copy. Built with -fno-tree-loop-distribute-patterns (bench/CMakeLists.txt) so GCC keeps
// the loop instead of calling memcpy, whose non-temporal stores skip the write-allocate read
// that STREAM's copy (and every op writing an output) pays.
#include "common/fma_kernels.hpp"

namespace cnnkit::bench {

void stream_copy(const double* a, double* c, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) c[i] = a[i];
}

}  // namespace cnnkit::bench
