#include "core/verbose_log.hpp"

#include <array>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <sstream>

#include "core/late_thread_governor.hpp"
#include "core/threading.hpp"

namespace cnnkit::core {
namespace {

struct SinkState {
  std::mutex mutex;  // guards the pair below and serialises stderr lines
  LogSink sink = nullptr;
  void* user_data = nullptr;
};

SinkState& sink_state() {
  static SinkState state;
  return state;
}

thread_local std::array<const char*, op_count> last_variants{};

}  // namespace

void log_call(OpId op, DType dtype, const std::string& problem, const char* variant, std::string_view choice,
              const std::vector<Declined>& declined, double seconds) {
  std::ostringstream line;
  line << "cnnkit: " << to_string(op) << " " << to_string(dtype) << " " << problem << " -> " << variant << " ["
       << choice << "]";
  if (!declined.empty()) {
    line << "; declined:";
    for (std::size_t i = 0; i < declined.size(); ++i)
      line << (i ? ", " : " ") << declined[i].name << " (" << declined[i].reason << ")";
  }
  line.setf(std::ios::fixed);
  // Threads, when the variant ran parallel_for: asked and used differ when the team was smaller
  // than the threads asked for (fewer chunks) or the late-thread governor capped it.
  const TeamNote team = team_note();
  if (team.asked > 0) {
    line << "; threads " << team.asked;
    if (team.used != team.asked) line << " asked, " << team.used << " used";
    if (team.capped_calls > 0) {
      const GovernorState g = governor_state(team.capped_kind);
      line.precision(1);
      line << " (late-thread cap: a worker held a call up " << g.last_late_ns * 1e-6 << " ms)";
    }
  }
  line.precision(4);
  line << "; " << seconds * 1e3 << " ms";
  log_text(line.str());
}

void log_text(const std::string& text) {
  SinkState& state = sink_state();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.sink)
    state.sink(text.c_str(), state.user_data);
  else
    std::fprintf(stderr, "%s\n", text.c_str());
}

void record_last_variant(OpId op, const char* name) { last_variants[static_cast<int>(op)] = name; }

}  // namespace cnnkit::core

namespace cnnkit {

void set_log_sink(LogSink sink, void* user_data) {
  auto& state = core::sink_state();
  std::lock_guard<std::mutex> lock(state.mutex);
  state.sink = sink;
  state.user_data = user_data;
}

std::string last_variant(OpId op) {
  const int i = static_cast<int>(op);
  if (i < 0 || i >= op_count) return {};
  const char* name = core::last_variants[i];
  return name ? name : "";
}

}  // namespace cnnkit
