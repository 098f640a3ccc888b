// Autotuning: cuDNN's benchmark mode, for the CPU. With Context::set_tuning(Tuning::measure) (or
// CNNKIT_TUNE=measure), the first unforced call for a key times every variant that can compute
// the problem, on the call's own buffers, and a process-wide cache keeps the fastest; later calls
// with the same key run it. The key is (op, dtype, problem geometry, effective ISA tier,
// threading policy, thread count). With tuning off (the default), the registry's rules pick.
//
// What timing does to a call: every candidate writes the call's outputs in turn, and the winner
// runs last, so the outputs are the winner's. Inputs are never changed; ops whose outputs alias
// their inputs (in-place ReLU, Adam's param/m/v) time on copies and then run the winner once on
// the caller's buffers. The reference loop nest is a candidate only where the rules chose it or
// another candidate finished in under 100 us (on large problems it takes seconds).
//
// Reproducibility: conv and dense variants sum in different orders, so their results differ in
// the last bits between variants. Results are bitwise reproducible for a fixed tuning file (or
// with tuning off), not across different choices; a fresh measurement may choose differently.
//
// The cache is thread-safe. Threads that meet a key while another thread is measuring it do not
// wait: they run the rules' choice (correct, untuned) and the measuring thread stores the one
// winner.
//
// Tuning files are text: a header naming the format, the cnnkit version and the CPU model, then
// one tab-separated line per key. A file written for another CPU or cnnkit version is ignored
// (one verbose-log line); a malformed file is an Error naming the file and the line.
#pragma once

#include <cstddef>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "cnnkit/export.hpp"

namespace cnnkit {

// What load_tuning did with a file.
struct TuningFileInfo {
  bool used = false;        // the entries were loaded
  std::size_t entries = 0;  // entries loaded (0 when ignored)
  std::string ignored_because;  // why not, when !used ("written on CPU '...', this is '...'")
};

// Writes every cached entry (measured or loaded) to `path` (replaced atomically: a temporary file
// in the same directory, then renamed). Returns the number of entries written. Throws Error
// (invalid_argument) naming the path when it cannot be written.
CNNKIT_API std::size_t save_tuning(const std::string& path);

// Adds the entries of a tuning file to the cache (an entry for a key already cached replaces it).
// A file for another CPU model or cnnkit version is ignored (info.used false, one verbose-log
// line when the global context is verbose). Throws Error (invalid_argument) naming the file and
// line when the file cannot be read or is malformed (including a variant this version lacks).
CNNKIT_API TuningFileInfo load_tuning(const std::string& path);

// Empties the cache (measured and loaded entries).
CNNKIT_API void clear_tuning();

// Entries in the cache.
CNNKIT_API std::size_t tuning_entry_count();

// The CPU model string tuning files are keyed by: vendor, family/model/stepping and brand.
CNNKIT_API std::string cpu_model();

}  // namespace cnnkit
