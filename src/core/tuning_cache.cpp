// The tuning cache, the CNNKIT_TUNING_FILE hook and the public save/load/clear entry points.
#include "core/tuning_cache.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cnnkit/context.hpp"
#include "cnnkit/error.hpp"
#include "cnnkit/version.hpp"
#include "core/verbose_log.hpp"

namespace cnnkit::core {

TuningCache::Lookup TuningCache::find_or_claim(const std::string& key, const char** variant) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = slots_.try_emplace(key);
  if (inserted) return Lookup::claimed;
  if (!it->second.variant) return Lookup::busy;
  *variant = it->second.variant;
  return Lookup::hit;
}

void TuningCache::store(const std::string& key, const char* variant, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  slots_[key] = Slot{variant, seconds};
  dirty_ = true;
}

void TuningCache::abandon(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = slots_.find(key);
  if (it != slots_.end() && !it->second.variant) slots_.erase(it);
}

std::vector<TuningRecord> TuningCache::snapshot() const {
  std::vector<TuningRecord> records;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, slot] : slots_)
      if (slot.variant) records.push_back({key, slot.variant, slot.seconds});
  }
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return records;
}

void TuningCache::insert(const std::vector<TuningRecord>& records) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const TuningRecord& r : records) slots_[r.key] = Slot{r.variant, r.seconds};
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void TuningCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  // Claims in progress stay: their measuring threads will store or abandon them.
  std::erase_if(slots_, [](const auto& kv) { return kv.second.variant != nullptr; });
  dirty_ = false;
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

std::size_t TuningCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(slots_.begin(), slots_.end(), [](const auto& kv) { return kv.second.variant != nullptr; }));
}

bool TuningCache::measured_since_save() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dirty_;
}

void TuningCache::mark_saved() {
  std::lock_guard<std::mutex> lock(mutex_);
  dirty_ = false;
}

namespace {

void log_line(const std::string& text) {
  if (global_context().verbose()) log_text(text);
}

}  // namespace

std::size_t save_tuning_file(TuningCache& cache, const std::string& path) {
  const std::vector<TuningRecord> records = cache.snapshot();
  const std::string text = format_tuning_file(CNNKIT_VERSION_STRING, cpu_model(), records);
  // A temporary beside the target, then rename: a reader (or a crash) never sees half a file.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error(Status::invalid_argument, "save_tuning: argument 'path': cannot write '" + temporary + "'");
    out << text;
    out.flush();
    if (!out)
      throw Error(Status::invalid_argument, "save_tuning: argument 'path': writing '" + temporary + "' failed");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    throw Error(Status::invalid_argument, "save_tuning: argument 'path': cannot replace '" + path + "'");
  }
  cache.mark_saved();
  return records.size();
}

namespace {

// CNNKIT_TUNING_FILE: where the cache came from, and whether exit may write it back.
struct EnvironmentFile {
  std::string path;
  bool write_back = false;  // absent, or matched this CPU and version (never clobber another's file)
};

EnvironmentFile& environment_file() {
  static EnvironmentFile file;
  return file;
}

void save_at_exit() {
  try {
    TuningCache& cache = tuning_cache();
    const EnvironmentFile& file = environment_file();
    if (file.write_back && cache.measured_since_save()) {
      const std::size_t n = save_tuning_file(cache, file.path);
      log_line("cnnkit: tuning: wrote " + std::to_string(n) + " entries to CNNKIT_TUNING_FILE '" + file.path + "'");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cnnkit: tuning: CNNKIT_TUNING_FILE not saved at exit: %s\n", e.what());
  }
}

TuningCache* make_cache() {
  // Never destroyed: calls (and the exit hook) may use it during static destruction.
  auto* cache = new TuningCache;
  const char* path = std::getenv("CNNKIT_TUNING_FILE");
  if (path && *path) {
    EnvironmentFile& file = environment_file();
    file.path = path;
    if (!std::filesystem::exists(file.path)) {
      file.write_back = true;
    } else {
      try {
        file.write_back = load_tuning_file(*cache, file.path).used;
      } catch (...) {
        delete cache;
        throw;
      }
    }
    std::atexit(save_at_exit);
  }
  return cache;
}

}  // namespace

TuningCache& tuning_cache() {
  static TuningCache* cache = make_cache();
  return *cache;
}

TuningFileInfo load_tuning_file(TuningCache& cache, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Status::invalid_argument, "load_tuning: argument 'path': cannot read tuning file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  const ParsedTuningFile parsed = parse_tuning_file(text.str(), path);
  TuningFileInfo info;
  if (parsed.version != CNNKIT_VERSION_STRING)
    info.ignored_because = "written by cnnkit " + parsed.version + ", this is cnnkit " + CNNKIT_VERSION_STRING;
  else if (parsed.cpu != cpu_model())
    info.ignored_because = "written on CPU '" + parsed.cpu + "', this is '" + cpu_model() + "'";
  if (!info.ignored_because.empty()) {
    log_line("cnnkit: tuning: ignored tuning file '" + path + "': " + info.ignored_because);
    return info;
  }
  cache.insert(parsed.records);
  info.used = true;
  info.entries = parsed.records.size();
  return info;
}

}  // namespace cnnkit::core

namespace cnnkit {

std::size_t save_tuning(const std::string& path) {
  if (path.empty()) throw Error(Status::invalid_argument, "save_tuning: argument 'path': expected a file name, got ''");
  return core::save_tuning_file(core::tuning_cache(), path);
}

TuningFileInfo load_tuning(const std::string& path) {
  if (path.empty()) throw Error(Status::invalid_argument, "load_tuning: argument 'path': expected a file name, got ''");
  return core::load_tuning_file(core::tuning_cache(), path);
}

void clear_tuning() { core::tuning_cache().clear(); }

std::size_t tuning_entry_count() { return core::tuning_cache().size(); }

}  // namespace cnnkit
