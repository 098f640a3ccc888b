#include "core/threading.hpp"

#include <algorithm>

namespace cnnkit::core {

int resolve_num_threads(Threading kind, const Exec& exec) {
  if (kind == Threading::serial) return 1;
  if (exec.num_threads > 0) return exec.num_threads;
  const int n = kind == Threading::openmp ? default_threads_openmp() : default_threads_tbb();
  return std::max(1, n);
}

void parallel_for(Threading kind, int num_threads, std::int64_t count, RangeBody body) {
  if (count <= 0) return;
  if (num_threads <= 1 || count == 1 || kind == Threading::serial) {
    body(0, count);
    return;
  }
  if (kind == Threading::openmp)
    parallel_for_openmp(num_threads, count, body);
  else
    parallel_for_tbb(num_threads, count, body);
}

}  // namespace cnnkit::core
