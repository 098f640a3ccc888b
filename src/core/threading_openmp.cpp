// The only translation unit compiled with OpenMP. num_threads() on the region sets the team size
// for this call alone: omp_set_num_threads and other global OpenMP state are never touched.
#include <omp.h>

#include "core/threading.hpp"

namespace cnnkit::core {

int default_threads_openmp() { return omp_get_max_threads(); }

void parallel_for_openmp(int num_threads, std::int64_t count, RangeBody body) {
  const int parts = static_cast<int>(std::min<std::int64_t>(num_threads, count));
#pragma omp parallel num_threads(parts)
  {
    // Inside an outer parallel region (nesting disabled) the team has one thread: it then owns
    // the whole range, so the call completes either way.
    const int team = omp_get_num_threads();
    const int me = omp_get_thread_num();
    const auto [begin, end] = static_range(count, team, me);
    if (begin < end) body(begin, end);
  }
}

}  // namespace cnnkit::core
