// Which (variant, thread count) runs a case gets, read from the registry at run time through
// cnnkit::list_variants, so a new variant is benchmarked without any edit here. Each run goes
// through the public API with a Context that forces the variant and sets the thread count.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"
#include "cnnkit/error.hpp"

namespace cnnkit::bench {

struct PlannedRun {
  std::string variant;  // the registered name, e.g. "conv2d_fwd.ref"
  Threading threading = Threading::serial;
  int threads = 1;         // 1 for serial variants; 0 when the variant cannot run at all here
  bool reference = false;  // the op's reference loop nest (the registry's last entry)
  bool runnable = true;    // the CPU, ISA cap and threading policy allow it
  std::string reason;      // why not, when !runnable
};

// The runs of an op: the reference first, then the other variants in registry order. Serial
// variants run once (1 thread); threaded ones once per entry of `thread_counts`. Variants the
// settings exclude appear once, not runnable, with the reason. `keep` filters by variant name
// (the reference is listed even when filtered out, with keep_reference = false, so callers can
// still use it as the oracle).
struct RunPlan {
  std::vector<PlannedRun> runs;
  std::string reference;
  bool keep_reference = true;
};
RunPlan plan_runs(OpId op, DType dtype, const Context& base, const std::vector<int>& thread_counts,
                  const std::function<bool(const std::string&)>& keep);

// A copy of `base` that forces run.variant for `op` and sets run.threads.
Context run_context(const Context& base, OpId op, const PlannedRun& run);

// The reason part of a forced-variant error ("... cannot run: <reason>. Variants that ..."),
// or the whole message when it has another form.
std::string decline_reason(const Error& e);

}  // namespace cnnkit::bench
