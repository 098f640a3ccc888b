// The common "should this threaded variant run?" rule of threaded entries in the dispatch lists:
// decline when only one thread would run, and (unless the variant was forced) when the problem is
// too small for a thread team to pay off, so tiny problems stay on one thread.
#pragma once

#include "core/registry.hpp"
#include "core/threading.hpp"

namespace cnnkit::core {

// `work` and `min_work` are in whatever unit the op measures (elements, FLOPs, bytes);
// `too_small` is the static reason shown by the verbose log and forced-variant errors.
inline const char* decline_threads(Threading kind, const Exec& exec, double work, double min_work,
                                   const char* too_small) {
  // The size test first: it is free, while the thread count may ask the runtime (every tiny call
  // walks the threaded entries of its list).
  if (!exec.forced && work < min_work) return too_small;
  if (resolve_num_threads(kind, exec) < 2) return "one thread requested";
  return nullptr;
}

}  // namespace cnnkit::core
