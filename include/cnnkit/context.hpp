// Execution settings: ISA cap, forced variants, threading policy and thread count, verbose log.
// Every op takes a `const Context&` (default: the global one), so settings can be per call, per
// context object, or process-wide. Setting a context never touches global OpenMP or TBB state.
//
// The global context starts from the environment (read once, at first use):
//   CNNKIT_MAX_ISA=scalar|sse4_2|avx2_fma|avx512        cap the ISA tier
//   CNNKIT_VARIANT=op=variant[,op=variant...]            force variants ("variant" alone also works:
//                                                        the op is the part before the first '.')
//   CNNKIT_THREADING=auto|serial|openmp|tbb              threading policy
//   CNNKIT_NUM_THREADS=N                                 thread count (0 = the runtime's default)
//   CNNKIT_VERBOSE=0|1                                   log every call: variant, reasons, time
//   CNNKIT_TUNE=off|measure                              autotuning (cnnkit/tuning.hpp; default off)
//   CNNKIT_TUNING_FILE=path                              tuning results loaded at first use (and,
//                                                        with CNNKIT_TUNE=measure, saved at exit)
// A malformed value makes the first op call fail with an error naming the variable.
#pragma once

#include <array>
#include <atomic>
#include <string_view>

#include "cnnkit/dispatch.hpp"
#include "cnnkit/export.hpp"

namespace cnnkit {

class CNNKIT_API Context {
 public:
  // A new context starts as a copy of the global context's current settings.
  Context();
  Context(const Context& other);
  Context& operator=(const Context& other);

  // The library defaults, ignoring the environment: no cap, nothing forced, automatic
  // threading, runtime-default thread count, quiet, tuning off.
  static Context defaults();

  // Cap the ISA tier (the effective tier is min(cap, detected_isa())).
  Context& set_max_isa(Isa isa);
  Isa max_isa() const;

  // Force a variant for an op. The name must be registered for that op (else invalid_argument,
  // listing the valid names). If at call time the forced variant cannot run (ISA, threading
  // policy, or it declines the problem) the call fails with `unsupported`; never a silent
  // fallback. An empty name or "auto" clears the force.
  Context& force_variant(OpId op, std::string_view variant);
  Context& force_variant(std::string_view op, std::string_view variant);
  Context& clear_forced_variants();
  std::string_view forced_variant(OpId op) const;  // "" when none

  Context& set_threading(ThreadingPolicy policy);
  ThreadingPolicy threading() const;

  // Threads for threaded variants; 0 = the runtime's default (omp_get_max_threads() for
  // OpenMP, the current task arena's concurrency for oneTBB). 1 makes threaded variants decline.
  Context& set_num_threads(int num_threads);
  int num_threads() const;

  Context& set_verbose(bool verbose);
  bool verbose() const;

  // Autotuning for unforced calls (cnnkit/tuning.hpp). off: the registry's rules pick; measure:
  // the first call per key (op, dtype, geometry, ISA cap, threading, thread count) times every
  // candidate on the call's own buffers and the process-wide cache keeps the fastest for later
  // calls. A forced variant always wins over tuning.
  Context& set_tuning(Tuning tuning);
  Tuning tuning() const;

 private:
  struct Defaults {};
  explicit Context(Defaults);
  void copy_from(const Context& other);

  std::atomic<int> max_isa_;
  std::atomic<int> threading_;
  std::atomic<int> num_threads_;
  std::atomic<bool> verbose_;
  std::atomic<int> tuning_;
  // Points at the registry's own static name string, so reads are lock-free and never dangle.
  std::array<std::atomic<const char*>, op_count> forced_;
};

// The process-wide context (initialised from the environment at first use).
CNNKIT_API Context& global_context();

// Shorthands for the global context.
inline void set_max_isa(Isa isa) { global_context().set_max_isa(isa); }
inline void force_variant(std::string_view op, std::string_view variant) {
  global_context().force_variant(op, variant);
}
inline void set_threading(ThreadingPolicy policy) { global_context().set_threading(policy); }
inline void set_num_threads(int num_threads) { global_context().set_num_threads(num_threads); }
inline void set_verbose(bool verbose) { global_context().set_verbose(verbose); }
inline void set_tuning(Tuning tuning) { global_context().set_tuning(tuning); }

}  // namespace cnnkit
