// The process-wide tuning cache: key -> the variant measured fastest. One mutex guards the map;
// it is held only to look up, claim or store, never while a candidate runs, so concurrent calls
// cannot deadlock on it (even when a variant's threads call cnnkit themselves).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cnnkit/tuning.hpp"
#include "core/tuning_file.hpp"

namespace cnnkit::core {

class TuningCache {
 public:
  enum class Lookup {
    hit,      // a winner is cached: *variant is set
    claimed,  // nothing cached, and the caller now owns the measurement: store() or abandon()
    busy,     // another thread is measuring this key
  };

  Lookup find_or_claim(const std::string& key, const char** variant);
  void store(const std::string& key, const char* variant, double seconds);  // ends a claim
  void abandon(const std::string& key);                                    // ends a claim, no winner

  std::vector<TuningRecord> snapshot() const;  // winners only, sorted by key
  void insert(const std::vector<TuningRecord>& records);
  void clear();
  std::size_t size() const;
  bool measured_since_save() const;
  void mark_saved();
  // Changes whenever an entry may have changed or gone (insert, clear): per-thread memos
  // (core/tuning_memo.hpp) trust only entries of the current generation. Never 0.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  struct Slot {
    const char* variant = nullptr;  // nullptr: claimed, being measured
    double seconds = 0;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Slot> slots_;
  bool dirty_ = false;
  std::atomic<std::uint64_t> generation_{1};
};

// The cache, created at first use. Its first use also loads CNNKIT_TUNING_FILE when set (and,
// when that file was absent or matched this CPU and version, writes new measurements back to it
// at exit). A malformed file throws here, naming the file and line, at every use until fixed.
TuningCache& tuning_cache();

// Writes the cache to `path` (save_tuning's work).
std::size_t save_tuning_file(TuningCache& cache, const std::string& path);

// Reads `path` into the cache (load_tuning's work).
TuningFileInfo load_tuning_file(TuningCache& cache, const std::string& path);

}  // namespace cnnkit::core
