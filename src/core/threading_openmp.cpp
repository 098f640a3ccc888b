// The only translation unit compiled with OpenMP. num_threads() on the region sets the team size
// for this call alone: omp_set_num_threads and other global OpenMP state are never touched, and
// neither is the runtime's waiting policy (OMP_WAIT_POLICY / GOMP_SPINCOUNT stay the user's; see
// docs/threading.md for what each costs when a core is busy).
#include <omp.h>

#include "core/chunk_claims.hpp"
#include "core/late_thread_governor.hpp"
#include "core/part_records.hpp"
#include "core/threading.hpp"

namespace cnnkit::core {

int default_threads_openmp() { return omp_get_max_threads(); }

void parallel_for_openmp(int team, std::int64_t count, std::int64_t chunks, RangeBody body) {
  ChunkClaims claims(count, chunks, body);
  PartRecords records(team);
  int granted = 1;
  const std::int64_t start = wall_now_ns();
#pragma omp parallel num_threads(team)
  {
    // Inside an outer parallel region (nesting disabled) the team has one thread: it then claims
    // every chunk, so the call completes either way.
    const int me = omp_get_thread_num();
    if (me == 0) granted = omp_get_num_threads();
    claims.run_part(me, me == 0, records[me]);
  }
  // The region's closing barrier ordered every part's record before this read.
  report_team_call(Threading::openmp, start, records.first(granted));
}

}  // namespace cnnkit::core
